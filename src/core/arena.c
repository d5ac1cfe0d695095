/* arena.c — chunked bump allocator with deferred cleanups. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define CHUNK_MIN 8192
#define ALIGN 16

struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

struct cleanup {
    struct cleanup *next;
    void (*fn)(void *);
    void *p;
};

struct arena {
    struct chunk *head;
    struct cleanup *cleanups;
    size_t total;
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("fazhi: out of memory\n", stderr);
        abort();
    }
    return p;
}

arena *arena_new(void)
{
    arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    a->cleanups = NULL;
    a->total = 0;
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    for (struct cleanup *c = a->cleanups; c;) {
        struct cleanup *next = c->next;
        c->fn(c->p);
        c = next; /* the cleanup record itself lives in a chunk */
    }
    for (struct chunk *c = a->head; c;) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

/* n bytes at the given alignment (a power of two, at most ALIGN), not zeroed. */
static void *bump(arena *a, size_t n, size_t align)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2) {
        fputs("fazhi: arena request too large\n", stderr);
        abort();
    }
    struct chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->size || c->size - at < n) {
        size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
        if (a->total > 4 * CHUNK_MIN && size < a->total / 4)
            size = a->total / 4; /* grow geometrically for big requests' many allocations */
        c = xmalloc(sizeof *c + size);
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    void *p = c->data + at;
    a->total += n + (at - c->used);
    c->used = at + n;
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    if (n > SIZE_MAX / 2) {
        fputs("fazhi: arena request too large\n", stderr);
        abort();
    }
    n = n ? (n + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
    void *p = bump(a, n, ALIGN);
    memset(p, 0, n);
    return p;
}

void *arena_calloc(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        fputs("fazhi: arena request overflows\n", stderr);
        abort();
    }
    return arena_alloc(a, count * size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    /* text needs no alignment and no zeroing: it is copied over at once */
    char *p = bump(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return arena_strdup(a, "");
    char *p = bump(a, (size_t)n + 1, 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void arena_defer(arena *a, void (*fn)(void *), void *p)
{
    struct cleanup *c = arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->p = p;
    c->next = a->cleanups;
    a->cleanups = c;
}

size_t arena_used(const arena *a)
{
    return a->total;
}
