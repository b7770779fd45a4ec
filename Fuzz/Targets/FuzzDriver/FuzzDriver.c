#include "FuzzDriver.h"

// Provided by libFuzzer (linked by `-sanitize=fuzzer`).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

static int (*current_test)(const uint8_t *data, size_t size);

// `-sanitize=fuzzer` also links libFuzzer's own `main` (SwiftPM's `main` alias for the
// Swift entry point takes precedence), and that `main` refers to this symbol. Defining it
// keeps the link from depending on the linker discarding that unused `main`.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return current_test ? current_test(data, size) : 0;
}

int sitegen_fuzz_main(int argc, char **argv, int (*test)(const uint8_t *data, size_t size)) {
    current_test = test;
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
