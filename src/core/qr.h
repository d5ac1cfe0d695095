/* qr.h — QR codes (libqrencode) as a standalone SVG or a 1-bit PNG, for links people scan
 * off the portal and printed notices (an officer's page, a case's public record).
 *
 * The text is encoded as bytes (8-bit mode, so a UTF-8 URL works as it is) at error
 * correction level M, in the smallest version that holds it, with the standard quiet zone
 * of QR_QUIET modules around it. Ownership: the image is appended to out (the caller's
 * buffer); on an error out may hold a partial image and should be reset. */
#ifndef FZ_QR_H
#define FZ_QR_H

#include "core/buf.h"
#include "core/err.h"

#define QR_MAX_BYTES 1000 /* longest text accepted, in bytes */
#define QR_QUIET 4        /* the quiet zone, in modules */
#define QR_MAX_SCALE 16   /* pixels per module in a PNG */

/* Appends an SVG of text's code: viewBox in modules (quiet zone included), a white
 * background, one <path> of the dark modules, shape-rendering crispEdges. FZ_EINVAL: text
 * empty or longer than QR_MAX_BYTES; FZ_EINTERNAL: the encoder or the buffer failed. */
fz_err qr_svg(buf *out, const char *text);

/* Appends a PNG of text's code: 1-bit greyscale, scale pixels per module (1..QR_MAX_SCALE),
 * quiet zone included. Errors as qr_svg; FZ_EINVAL also for a scale out of range. */
fz_err qr_png(buf *out, const char *text, int scale);

#endif
