/* harness.h — the end-to-end HTTP test harness: a fresh demo database in a temporary
 * directory, the real `fazhi serve` as a child process on an ephemeral port, a tiny HTTP/1.1
 * client over loopback TCP with a cookie jar per "browser", and read-only peeks into the
 * database so a test can check what was (not) written.
 *
 * Ownership: every response, string and parsed JSON value a helper returns comes from the
 * current test's arena (t_arena()), freed by the runner after each test; tests free nothing.
 * One connection per request ("Connection: close"); no timeouts are asserted anywhere. */
#ifndef FZ_HTTP_HARNESS_H
#define FZ_HTTP_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arena.h"

#define DEMO_PASSWORD_TEXT "fazhi-demo-2026"
#define TEST_TODAY "2026-11-27" /* FAZHI_NOW for the demo and the server */

/* ---- the server ------------------------------------------------------------------------ */

/* Makes the temp directory, loads the demo, starts the server and learns its port.
 * Returns 0, or -1 with a message on stderr. */
int harness_start(void);
/* SIGTERM, wait; true if the server exited 0 (prints its stderr otherwise). */
bool harness_stop(void);
/* Removes the temp directory. */
void harness_cleanup(void);
const char *harness_db_path(void);
const char *harness_dir(void);
/* Starts another `fazhi serve` (2 threads) on db, or on the tests' database when db is NULL,
 * its stderr into err_path (NULL: discarded), with env ("NAME=VALUE", or NULL) added to its
 * environment; returns its pid (stop it with SIGTERM and wait) and its port in *port (0 if
 * it did not start). */
pid_t harness_serve(const char *db, const char *err_path, const char *env, int *port);
/* Later requests go to that port (another server); 0 goes back to the tests' server. */
void harness_use_port(int port);
/* The server's process id (for /proc/<pid>/status), or -1 when it is not running. */
int harness_server_pid(void);
/* Whether the server still answers GET /healthz with 200. */
bool server_healthy(void);

/* Runs $FAZHI_BIN with args (NULL-terminated); returns its exit status (or -1), its
 * standard output in *out (arena string) if out. */
int run_fazhi(const char **out, const char *arg, ...) __attribute__((sentinel));

/* ---- the per-test arena ------------------------------------------------------------------ */

arena *t_arena(void);
void t_arena_reset(void); /* the runner calls this after each test */
const char *tprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- HTTP ------------------------------------------------------------------------------- */

#define JAR_MAX 8

/* A browser: its cookies, and the CSRF token and API token it sends. */
struct browser {
    struct {
        char name[32];
        char value[128];
    } cookies[JAR_MAX];
    int ncookies;
    char csrf[128];   /* sent as X-CSRF-Token when set and the request is a write */
    char bearer[128]; /* sent as Authorization: Bearer when set */
    bool no_csrf;     /* leave X-CSRF-Token out even when csrf is set */
};

struct resp {
    int status;       /* 0: no HTTP answer (connection failed or closed early) */
    const char *head; /* the status line and headers, NUL-terminated */
    const char *body; /* NUL-terminated copy; body_len bytes (may hold NULs) */
    size_t body_len;
    json_t *json; /* the body parsed as JSON, or NULL */
};

struct req_opts {
    const char *content_type;
    const void *body;
    size_t body_len;           /* 0 with body set: strlen(body) */
    const char *extra_headers; /* "Name: value\r\n..." */
    size_t send_len;           /* Content-Length to announce when it differs (0: body_len) */
    bool chunked;              /* send the body with Transfer-Encoding: chunked */
};

/* One request. b may be NULL (no cookies, no tokens). path is sent as given (raw bytes). */
struct resp *http_req(struct browser *b, const char *method, const char *path,
                      const struct req_opts *o);
/* Sends bytes as they are (a whole request, malformed on purpose) and reads the answer. */
struct resp *http_raw(const void *bytes, size_t n);
/* Sends a request's head alone — "METHOD path", Host, then headers ("Name: value\r\n..."),
 * typically with Expect: 100-continue and a Content-Length — and reads the server's first
 * answer head: status 100 when it will read the body, else its final answer, sent before
 * the body. *fd gets the open connection (close it; the server then drops the request), or
 * -1. The resp has status and head only. */
struct resp *http_hold(const char *method, const char *path, const char *headers, int *fd);
/* JSON API call: body (may be NULL) is sent as application/json. */
struct resp *api(struct browser *b, const char *method, const char *path, const char *json);
/* A urlencoded form POST. */
struct resp *form_post(struct browser *b, const char *path, const char *body);
/* GET without a body. */
struct resp *get(struct browser *b, const char *path);

/* The first header of that name (case-insensitive), value trimmed, or NULL. */
const char *resp_header_value(const struct resp *r, const char *name);
/* The n-th (0-based) header of that name, or NULL. */
const char *resp_header_nth(const struct resp *r, const char *name, int n);
/* JSON helpers: NULL/0 when absent. */
const char *jstr(json_t *j, const char *key);
int64_t jint(json_t *j, const char *key);
/* The error code / message / field of an error reply. */
const char *err_code_of(const struct resp *r);
const char *err_message_of(const struct resp *r);
const char *err_field_of(const struct resp *r);

/* Signs b in over the API as username; true on 201 (csrf set, cookie stored). */
bool signin(struct browser *b, const char *username);
/* A cookie's value in the jar, or NULL. */
const char *jar_get(const struct browser *b, const char *name);
/* Percent-encodes s for a query value (arena string). */
const char *urlenc(const char *s);
/* The SHA-256 of n bytes as lowercase hex (arena string). */
const char *sha256_hex(const void *p, size_t n);

/* ---- the database (read-only peeks) ------------------------------------------------------ */

/* The single integer the query returns (-1 on error; the error goes to stderr). */
int64_t db_int(const char *sql, ...) __attribute__((format(printf, 1, 2)));
/* The single text value the query returns (arena string; NULL if none). */
const char *db_text(const char *sql, ...) __attribute__((format(printf, 1, 2)));
/* A write straight to the database (test fixtures only: things no command can do). */
int db_exec_rw(const char *sql);
/* SQL for the values of expr joined by the character sep, on the backend under test
 * (group_concat or string_agg). */
const char *sql_join(const char *expr, char sep);

/* Counts of the tables a refused request must not touch. */
struct counts {
    int64_t tasks, progress, checks, audit, files, links, deadlines, sessions;
};
struct counts counts_now(void);
bool counts_equal(const struct counts *a, const struct counts *b);
/* The audit rows with this action added since the snapshot's audit max id. */
int64_t audit_max_id(void);
int64_t audit_count_since(int64_t after_id, const char *action);

/* ---- fixtures and shared checks -------------------------------------------------------- */

/* A task's row as the database holds it ("version|status|title|due_date|updated_at|dept"),
 * for "unchanged" checks. */
const char *task_row(int64_t id);

/* Sends a JSON request as b and checks that it is refused: status, error code and a part of
 * the message (NULL: not checked); then that exactly one audit row was added, with action
 * refused_action (NULL: no audit row at all), that no other count changed, and that task
 * task_id's row (0: none) is unchanged. */
struct resp *refusal_(const char *file, int line, struct browser *b, const char *method,
                      const char *path, const char *json, int status, const char *code,
                      const char *msg_part, const char *refused_action, int64_t task_id);
#define EXPECT_REFUSAL(b, method, path, json, status, code, msg, action, task_id)                  \
    refusal_(__FILE__, __LINE__, b, method, path, json, status, code, msg, action, task_id)

/* Creates a task as b (department code, due date) and returns its id (0 on failure). */
int64_t make_task(struct browser *b, const char *title, const char *dept, const char *due);
/* Fires a transition; returns the status code. */
int fire(struct browser *b, int64_t task_id, const char *transition, const char *json);

/* The suites (suites.h), each defined in its test_*.c. */
#define SUITE(name) void suite_##name(void);
#include "suites.h"
#undef SUITE

#endif
