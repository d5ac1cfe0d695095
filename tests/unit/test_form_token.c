/* test_form_token.c — the public forms' tokens (http/form_token.h): a token validates for its
 * purpose inside its window, and only in the spelling it was issued in (no blank, sign or
 * leading zero before the time). */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "http/form_token.h"
#include "t.h"

#define NOW_MS 1767225600250LL /* 2026-01-01T00:00:00.250Z */

static void token_window_and_purpose(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-01-01");
    const char *t = form_token_issue(f.db, f.a, "apply:A", NOW_MS);
    CHECK(t != NULL);
    CHECK(form_token_valid(f.db, f.a, "apply:A", t, NOW_MS, FORM_TOKEN_MAX_AGE_S));
    CHECK(!form_token_valid(f.db, f.a, "apply:B", t, NOW_MS, FORM_TOKEN_MAX_AGE_S));
    CHECK(!form_token_valid(f.db, f.a, "apply:A", t, NOW_MS - 61000, FORM_TOKEN_MAX_AGE_S));
    CHECK(!form_token_valid(f.db, f.a, "apply:A", t, NOW_MS + 7201000, FORM_TOKEN_MAX_AGE_S));
    CHECK(!form_token_valid(f.db, f.a, "apply:A", NULL, NOW_MS, FORM_TOKEN_MAX_AGE_S));
    fx_close(&f);
}

static void token_one_spelling(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-01-01");
    const char *t = form_token_issue(f.db, f.a, "apply:A", NOW_MS);
    CHECK(t != NULL && t[0] >= '1' && t[0] <= '9');
    static const char *const prefixes[] = {" ", "\t", "\n", "+", "0", "00", " +0"};
    for (size_t i = 0; t && i < sizeof prefixes / sizeof prefixes[0]; i++) {
        const char *v = arena_printf(f.a, "%s%s", prefixes[i], t);
        if (form_token_valid(f.db, f.a, "apply:A", v, NOW_MS, FORM_TOKEN_MAX_AGE_S))
            t_fail(__FILE__, __LINE__, "accepted \"%s\" before the token", prefixes[i]);
    }
    CHECK(!form_token_valid(f.db, f.a, "apply:A", ".", NOW_MS, FORM_TOKEN_MAX_AGE_S));
    CHECK(!form_token_valid(f.db, f.a, "apply:A", "", NOW_MS, FORM_TOKEN_MAX_AGE_S));
    fx_close(&f);
}

void suite_form_token(void);
void suite_form_token(void)
{
    RUN(token_window_and_purpose);
    RUN(token_one_spelling);
}
