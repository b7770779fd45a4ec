#ifndef SITEGEN_FUZZ_DRIVER_H
#define SITEGEN_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver on `test` with the process's arguments, as libFuzzer's own `main`
/// would. SwiftPM makes `main` an alias of each executable's Swift entry point, which takes
/// precedence over libFuzzer's, so each target calls this from its `main.swift` instead.
int sitegen_fuzz_main(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));

#endif
