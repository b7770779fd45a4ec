// The parts of libcmark-gfm that sitegen uses: the core parser and renderer,
// and the GitHub extensions (table, autolink, strikethrough, tagfilter, tasklist).
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
