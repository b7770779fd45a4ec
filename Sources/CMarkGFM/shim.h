// The parts of libcmark-gfm that sitegen uses: the core parser and renderer,
// and the GitHub extensions (table, autolink, strikethrough, tagfilter, tasklist).
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

// LeakSanitizer's switches, present only in a sanitizer build (the fuzz targets): weak, so a
// plain build links without them and the calls below do nothing.
void __lsan_disable(void) __attribute__((weak));
void __lsan_enable(void) __attribute__((weak));

// Registers the core extensions with leak detection off: what registration allocates lives
// as long as the process, and sitegen empties two extensions' character lists afterwards
// (Markdown's CMarkRuntime), which leaves their nodes unreferenced though never freed, by
// design. Everything allocated after registration is still checked.
static inline void sitegen_register_core_extensions(void) {
    if (__lsan_disable) __lsan_disable();
    cmark_gfm_core_extensions_ensure_registered();
    if (__lsan_enable) __lsan_enable();
}
