/* html.h — the HTML writer: text and attribute values are escaped, always; an element stack
 * closes what was opened, so a page cannot be left unbalanced. Tag and attribute names are
 * literals from our code. Raw output exists (h_raw) and is used only for literals.
 *
 * Attributes are passed as name, value pairs ending with NULL: a NULL value skips the pair,
 * "" writes a boolean attribute. */
#ifndef FZ_HTML_H
#define FZ_HTML_H

#include "core/buf.h"

#define HTML_MAX_DEPTH 64

struct html {
    buf *b;
    const char *stack[HTML_MAX_DEPTH];
    int depth;
};

void html_init(struct html *h, buf *b);
void h_open(struct html *h, const char *tag, ...) __attribute__((sentinel));
void h_void(struct html *h, const char *tag, ...) __attribute__((sentinel));
void h_close(struct html *h, const char *tag);
/* Closes every element above depth (h->depth after the call == depth). */
void h_closeto(struct html *h, int depth);
void h_text(struct html *h, const char *s);
void h_textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Element with text content: <tag attrs>text</tag>. */
void h_elem(struct html *h, const char *tag, const char *text, ...) __attribute__((sentinel));
/* Trusted literal markup (doctype, entities). Never pass data through this. */
void h_raw(struct html *h, const char *literal);

#endif
