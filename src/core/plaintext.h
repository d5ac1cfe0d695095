/* plaintext.h — the check on free text the public types into a portal form: plain text, of a
 * bounded length, that cannot turn into markup or a script link wherever it is shown later
 * (a page escapes it anyway; an export, an e-mail or another system might not).
 *
 * Accepted: valid UTF-8 (no overlongs, surrogates or NUL); no control character but \n, \r
 * and \t (C0, DEL, C1, and the bidirectional overrides and isolates that reorder what a
 * reader sees); at most max_chars characters (code points); no '<' followed by an ASCII
 * letter, '/', '!' or '?' (a tag, a closing tag, a comment or doctype, a processing
 * instruction: "3<5" and the full-width '＜' are fine); no javascript:, vbscript: or data:
 * scheme (ASCII case ignored, and the tabs and line breaks a browser would skip inside it)
 * that starts a word. */
#ifndef FZ_PLAINTEXT_H
#define FZ_PLAINTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..len) is acceptable plain text of at most max_chars characters. false: *why (if
 * why) gets a static Chinese sentence for the user saying what to change. */
bool plaintext_ok(const char *s, size_t len, size_t max_chars, const char **why);

#endif
