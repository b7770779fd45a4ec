// libpng's simplified API (png_image_*): decode any PNG to 8-bit RGBA, encode RGBA to PNG.
// Only SiteGen's PNGImage uses it (docset icons).
#include <png.h>

// The formats as plain constants: Swift does not import PNG_FORMAT_RGBA, a macro built from others.
static const png_uint_32 sitegen_png_format_rgba = PNG_FORMAT_RGBA;
static const png_uint_32 sitegen_png_image_version = PNG_IMAGE_VERSION;
