/* t.h — the tiny in-tree test runner. Each tests/unit/test_*.c defines one suite function
 * listed in suites.h; main.c runs them all and ends with "N passed, N failed".
 * A test is a static void function run with RUN(fn); CHECK* record failures and go on. */
#ifndef FZ_T_H
#define FZ_T_H

#include <stdint.h>
#include <string.h>

extern int t_failed_checks;
void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void t_run(const char *name, void (*fn)(void));

#define RUN(fn) t_run(#fn, fn)
#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c))                                                                                  \
            t_fail(__FILE__, __LINE__, "CHECK(%s)", #c);                                           \
    } while (0)
#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_)                                                                              \
            t_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, a_, #b, b_);         \
    } while (0)
#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                                     \
            t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, a_ ? a_ : "(null)",    \
                   b_ ? b_ : "(null)");                                                            \
    } while (0)
#define CHECK_CONTAINS(hay, needle)                                                                \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (!h_ || !strstr(h_, n_))                                                                \
            t_fail(__FILE__, __LINE__, "%s does not contain \"%s\": %.300s", #hay, n_,             \
                   h_ ? h_ : "(null)");                                                            \
    } while (0)

#endif
