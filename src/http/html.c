/* html.c — escaping HTML writer with an element stack. */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/banned.h"

void html_init(struct html *h, buf *b)
{
    h->b = b;
    h->depth = 0;
}

static void attrs(struct html *h, va_list ap)
{
    const char *name;
    while ((name = va_arg(ap, const char *))) {
        const char *value = va_arg(ap, const char *);
        if (!value)
            continue;
        buf_putc(h->b, ' ');
        buf_puts(h->b, name);
        if (*value) {
            buf_puts(h->b, "=\"");
            buf_put_html(h->b, value);
            buf_putc(h->b, '"');
        }
    }
}

void h_open(struct html *h, const char *tag, ...)
{
    buf_putc(h->b, '<');
    buf_puts(h->b, tag);
    va_list ap;
    va_start(ap, tag);
    attrs(h, ap);
    va_end(ap);
    buf_putc(h->b, '>');
    if (h->depth < HTML_MAX_DEPTH)
        h->stack[h->depth++] = tag;
    else
        log_error("html: elements nested deeper than %d", HTML_MAX_DEPTH);
}

void h_void(struct html *h, const char *tag, ...)
{
    buf_putc(h->b, '<');
    buf_puts(h->b, tag);
    va_list ap;
    va_start(ap, tag);
    attrs(h, ap);
    va_end(ap);
    buf_putc(h->b, '>');
}

void h_close(struct html *h, const char *tag)
{
    if (h->depth == 0 || strcmp(h->stack[h->depth - 1], tag) != 0) {
        log_error("html: closing <%s> but <%s> is open", tag,
                  h->depth ? h->stack[h->depth - 1] : "(nothing)");
        return;
    }
    h->depth--;
    buf_printf(h->b, "</%s>", tag);
}

void h_closeto(struct html *h, int depth)
{
    while (h->depth > depth) {
        h->depth--;
        buf_printf(h->b, "</%s>", h->stack[h->depth]);
    }
}

void h_text(struct html *h, const char *s)
{
    if (s)
        buf_put_html(h->b, s);
}

void h_textf(struct html *h, const char *fmt, ...)
{
    buf tmp;
    buf_init(&tmp, 0);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    buf_put_html(h->b, tmp.p);
    buf_release(&tmp);
}

void h_elem(struct html *h, const char *tag, const char *text, ...)
{
    buf_putc(h->b, '<');
    buf_puts(h->b, tag);
    va_list ap;
    va_start(ap, text);
    attrs(h, ap);
    va_end(ap);
    buf_putc(h->b, '>');
    h_text(h, text);
    buf_printf(h->b, "</%s>", tag);
}

void h_raw(struct html *h, const char *literal)
{
    buf_puts(h->b, literal);
}
