/* fuzz_utf8_stream.c — UTF-8 checked piece by piece (a text file read chunk by chunk, as a
 * chunked upload is): for any bytes cut anywhere, utf8_stream must agree with utf8_valid over
 * the whole. The first byte picks two cut points. */
#include <stdint.h>
#include <stdlib.h>

#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    size_t a = n ? (data[0] & 0x0F) % (n + 1) : 0;
    size_t b = n ? a + (size_t)(data[0] >> 4) * (n + 1) / 16 : 0;
    if (b > n)
        b = n;
    struct utf8_stream u = {0};
    utf8_stream_feed(&u, text, a);
    utf8_stream_feed(&u, text + a, b - a);
    utf8_stream_feed(&u, text + b, n - b);
    if (utf8_stream_end(&u) != utf8_valid(text, n))
        abort();
    return 0;
}
