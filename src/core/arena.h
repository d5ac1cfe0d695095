/* arena.h — region allocator: one arena per request (or per command), freed at once.
 *
 * Ownership: everything allocated from an arena lives until arena_free(). Cleanups registered
 * with arena_defer() run in reverse order at arena_free() (prepared statements, jansson values,
 * heap buffers handed to the arena). Allocation failure aborts the process: an arena is only
 * ever asked for small amounts (request sizes are capped before they reach it). */
#ifndef FZ_ARENA_H
#define FZ_ARENA_H

#include <stddef.h>
#include <stdarg.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Zero-filled, aligned for any type. */
void *arena_alloc(arena *a, size_t n);
void *arena_calloc(arena *a, size_t count, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Run fn(p) when the arena is freed (LIFO). */
void arena_defer(arena *a, void (*fn)(void *), void *p);
/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const arena *a);

#endif
