#ifndef SITEGEN_CSUPPORT_H
#define SITEGEN_CSUPPORT_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE), so a reader sees
/// either the old site or the new one, never none. Returns 0, or -1 with errno set (EINVAL or
/// ENOSYS where the file system or kernel cannot exchange; callers then fall back to renames).
int sitegen_exchange_paths(const char *first, const char *second);

/// Hands memory that malloc holds free back to the system (mimalloc's mi_collect when the
/// process is large, else glibc malloc_trim); a no-op elsewhere. Worker threads free into
/// arenas of their own, which another thread cannot reuse.
void sitegen_release_free_memory(void);

/// memmem(3): the first occurrence of `needle` in `haystack`, or NULL. Glibc's is vectorised;
/// Swift does not see it (a GNU extension).
#include <stddef.h>
const void *sitegen_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
