#define _GNU_SOURCE
#include "CSupport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <string.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int sitegen_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__linux__)
#include <stdbool.h>
// mimalloc's, when the executable links it (the sitegen binary does, see Package.swift): it
// then serves every malloc of the process and glibc's arenas stay empty. Weak, so that what
// links this file without mimalloc (the tests, the fuzz targets under ASan) still links.
extern void mi_collect(bool force) __attribute__((weak));
extern void mi_process_info(size_t *elapsed_msecs, size_t *user_msecs, size_t *system_msecs, size_t *current_rss,
                            size_t *peak_rss, size_t *current_commit, size_t *peak_commit, size_t *page_faults)
    __attribute__((weak));
#endif

void sitegen_release_free_memory(void) {
#if defined(__linux__)
    if (mi_collect && mi_process_info) {
        // What mimalloc's heaps hold free, back to the system, as malloc_trim does for glibc;
        // only when the process is large. A forced collection walks every page of every
        // thread's heap on this one thread while the others wait: 4 to 5 ms a call on the
        // 150-image tree (about 45 MB resident, little of it free), where it bought nothing,
        // and what keeps the ten-times tree (over 100 MB) under its memory target.
        size_t elapsed, user, system, rss = 0, peak, commit, peak_commit, faults;
        mi_process_info(&elapsed, &user, &system, &rss, &peak, &commit, &peak_commit, &faults);
        if (rss > 96u * 1024u * 1024u) {
            mi_collect(true);
        }
        return;
    }
#endif
#if defined(__GLIBC__)
    // Trimming walks every arena and hands pages back, which the next allocations fault in
    // again: worth it only when much is held free (the ten-times tree), not on every build
    // (seen: 2 and 6 MB free at the two calls on the 150-image tree, where perf put 0.9% of the build
    // in malloc_consolidate alone; 25 and 45 MB on the ten-times tree, where it keeps peak memory down).
    struct mallinfo2 info = mallinfo2();
    if (info.fordblks > 16u * 1024u * 1024u) {
        malloc_trim(0);
    }
#endif
}

const void *sitegen_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}
