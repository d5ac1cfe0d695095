/* utf8.h — UTF-8 checks for text arriving from outside. Limits in fazhi are in characters
 * (code points) unless a name says bytes. */
#ifndef FZ_UTF8_H
#define FZ_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF, no NUL) in s[0..n). */
bool utf8_valid(const char *s, size_t n);
/* Code points in a valid NUL-terminated UTF-8 string. */
size_t utf8_chars(const char *s);
/* True if s holds a C0/C1 control character, DEL or a bidirectional override/isolate;
 * multiline allows \n, \r and \t. */
bool utf8_has_controls(const char *s, bool multiline);
/* Byte length of the longest prefix of s holding at most max_chars characters. */
size_t utf8_prefix(const char *s, size_t max_chars);

/* utf8_valid over bytes that arrive in pieces (a file read chunk by chunk): a character may
 * be cut between two pieces. Start from {0}; feed every piece in order; the whole was valid
 * if utf8_stream_end says so. bad turns true at the first invalid byte and stays. */
struct utf8_stream {
    unsigned char carry[4]; /* the start of a character cut at the end of the last piece */
    unsigned char ncarry;
    bool bad;
};
void utf8_stream_feed(struct utf8_stream *u, const void *data, size_t n);
bool utf8_stream_end(const struct utf8_stream *u);

#endif
