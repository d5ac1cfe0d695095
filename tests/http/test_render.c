/* test_render.c — PDFs and charts are laid out by a child process (`fazhi render`,
 * docs/render.h), never by the server: after the dashboard's charts, the yearly report's PDF
 * and case documents no font file is mapped in the server, and a fresh server that makes
 * them over and over stays under 60 MiB (it held ~130 MiB, ~175 MiB at its peak, when it
 * drew them itself); and when the child fails (FAZHI_RENDER_FAIL=kill: it dies of SIGKILL
 * halfway through its output), the server answers 500 with a Chinese message for each, logs
 * why, writes nothing, and goes on serving. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/t.h"
#include "core/buf.h"
#include "harness.h"
#include "core/banned.h"

#define DH "(SELECT id FROM orgs WHERE code = 'DH')"

/* Under AddressSanitizer the server's memory is mostly the sanitizer's own (shadow memory, a
 * quarantine of freed blocks): its size says nothing about the fonts. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifndef ASAN
#define ASAN 0
#endif

/* ---- helpers ----------------------------------------------------------------------------- */

/* A line "Name:   N kB" of /proc/<pid>/status, in KiB (-1 if missing). */
static long status_kib(int pid, const char *name)
{
    FILE *f = fopen(tprintf("/proc/%d/status", pid), "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(name);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

/* The first line of /proc/<pid>/maps that maps a font file or a fontconfig cache (arena
 * string), or NULL. */
static const char *font_mapping(int pid)
{
    FILE *f = fopen(tprintf("/proc/%d/maps", pid), "r");
    if (!f)
        return "(no maps)";
    char line[1024];
    const char *found = NULL;
    while (!found && fgets(line, sizeof line, f))
        if (strstr(line, "/fonts/") || strstr(line, ".ttc") || strstr(line, ".otf") ||
            strstr(line, ".ttf") || strstr(line, "/fontconfig/"))
            found = arena_strdup(t_arena(), line);
    fclose(f);
    return found;
}

struct answer {
    int status;
    const char *text; /* the whole answer, head and body (arena string) */
};

/* One request to 127.0.0.1:port with an API token; json: a POST body, or NULL for a GET. */
static struct answer fetch(int port, const char *token, const char *path, const char *json)
{
    struct answer a = {0, ""};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return a;
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *req = json
                          ? tprintf("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                    "Content-Length: %zu\r\n\r\n%s",
                                    path, token, strlen(json), json)
                          : tprintf("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                    "Authorization: Bearer %s\r\n\r\n",
                                    path, token);
    buf b;
    buf_init(&b, 0);
    if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0 &&
        write(fd, req, strlen(req)) == (ssize_t)strlen(req)) {
        char chunk[4096];
        for (;;) {
            ssize_t k = read(fd, chunk, sizeof chunk);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            buf_put(&b, chunk, (size_t)k);
        }
    }
    close(fd);
    a.text = arena_strndup(t_arena(), b.p, b.len);
    if (strncmp(a.text, "HTTP/1.1 ", 9) == 0)
        a.status = (int)strtol(a.text + 9, NULL, 10);
    buf_release(&b);
    return a;
}

static const char *file_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return "";
    buf b;
    buf_init(&b, 0);
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, k);
    fclose(f);
    const char *s = arena_strndup(t_arena(), b.p, b.len);
    buf_release(&b);
    return s;
}

/* SIGTERM, wait; true if it exited 0. */
static bool stop(pid_t pid)
{
    kill(pid, SIGTERM);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* A new API token of username's (arena string). */
static const char *token_for(const char *username)
{
    const char *out = NULL;
    CHECK_INT(run_fazhi(&out, "token", "add", "--db", harness_db_path(), "--username", username,
                        "--name", "render-test", (const char *)NULL),
              0);
    return out ? arena_strndup(t_arena(), out, strcspn(out, "\n")) : "";
}

static int64_t decided_case(void)
{
    return db_int("SELECT MIN(id) FROM penalty_cases WHERE org_id = " DH " AND decision_kind = "
                  "'penalty' AND procedure = 'ordinary' AND status IN ('decided', 'served', "
                  "'executed', 'closed', 'archived')");
}

static int64_t report_of(int year)
{
    return db_int("SELECT id FROM annual_reports WHERE unit = " DH " AND year = %d", year);
}

static const char *const charts[] = {"cases_by_month", "cases_by_unit", "replies"};

/* ---- the tests ----------------------------------------------------------------------------- */

/* The shared server, after everything the earlier suites drew (charts, reports, documents)
 * and this test's own: not a font file mapped. */
static void test_render_not_in_the_server(void)
{
    int pid = harness_server_pid();
    CHECK(pid > 0);
    struct browser leader = {0}, head = {0};
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&head, "dh.zf.head"));
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        struct resp *r = get(&leader, tprintf("/app/charts/%s.svg?org=DH&year=2026", charts[i]));
        CHECK_INT(r->status, 200);
        CHECK(r->body && strstr(r->body, "<svg"));
    }
    struct resp *r =
        get(&leader, tprintf("/app/annual_reports/%lld/document.pdf", (long long)report_of(2025)));
    CHECK_INT(r->status, 200);
    CHECK(r->body_len > 1000 && memcmp(r->body, "%PDF-", 5) == 0);
    r = api(&head, "POST",
            tprintf("/api/v1/penalty_cases/%lld/documents", (long long)decided_case()),
            "{\"kind\":\"notice\"}");
    CHECK_INT(r->status, 201);
    const char *font = font_mapping(pid);
    CHECK(font == NULL);
    if (font)
        fprintf(stderr, "  the server maps a font: %s", font);
}

/* A fresh server (the shared one's memory is that of every suite before) making the
 * dashboard's charts, both reports' PDFs and a case document, three times over: 45 children. */
static void test_render_memory(void)
{
    const char *leader = token_for("dh.leader"), *sup = token_for("qc.supervisor");
    const char *head = token_for("dh.zf.head");
    const char *err_path = tprintf("%s/render-server.err", harness_dir());
    int port = 0;
    pid_t pid = harness_serve(NULL, err_path, NULL, &port);
    CHECK(pid > 0 && port > 0);
    if (pid <= 0 || port <= 0)
        return;
    /* under ASan its size is not checked: once is enough */
    for (int round = 0; round < (ASAN ? 1 : 3); round++) {
        CHECK_INT(fetch(port, leader, "/app", NULL).status, 200);
        for (int year = 2025; year <= 2026; year++) {
            for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
                struct answer a =
                    fetch(port, leader,
                          tprintf("/app/charts/%s.svg?org=DH&year=%d", charts[i], year), NULL);
                CHECK_INT(a.status, 200);
                CHECK_CONTAINS(a.text, "<svg");
                CHECK_INT(fetch(port, sup,
                                tprintf("/app/charts/%s.svg?org=QC&year=%d", charts[i], year), NULL)
                              .status,
                          200);
            }
            struct answer a = fetch(
                port, leader,
                tprintf("/app/annual_reports/%lld/document.pdf", (long long)report_of(year)), NULL);
            CHECK_INT(a.status, 200);
            CHECK_CONTAINS(a.text, "application/pdf");
        }
        CHECK_INT(fetch(port, head,
                        tprintf("/api/v1/penalty_cases/%lld/documents", (long long)decided_case()),
                        "{\"kind\":\"decision\"}")
                      .status,
                  201);
    }
    const char *font = font_mapping(pid);
    CHECK(font == NULL);
    long rss = status_kib(pid, "VmRSS"), hwm = status_kib(pid, "VmHWM");
    CHECK(rss > 0 && hwm > 0);
    if (getenv("FAZHI_TEST_VERBOSE"))
        fprintf(stderr, "  the server: VmRSS %ld KiB, VmHWM %ld KiB\n", rss, hwm);
    if (!ASAN && (rss >= 60 * 1024 || hwm >= 60 * 1024))
        t_fail(__FILE__, __LINE__, "the server holds %ld KiB (VmHWM %ld KiB), expected < 60 MiB",
               rss, hwm);
    CHECK(stop(pid));
    unlink(err_path);
}

static void test_render_child_killed(void)
{
    const char *out = NULL;
    CHECK_INT(run_fazhi(&out, "token", "add", "--db", harness_db_path(), "--username", "dh.leader",
                        "--name", "render-test", (const char *)NULL),
              0);
    const char *leader = arena_strndup(t_arena(), out, strcspn(out, "\n"));
    CHECK_INT(run_fazhi(&out, "token", "add", "--db", harness_db_path(), "--username", "dh.zf.head",
                        "--name", "render-test", (const char *)NULL),
              0);
    const char *head = arena_strndup(t_arena(), out, strcspn(out, "\n"));
    const char *err_path = tprintf("%s/render-server.err", harness_dir());
    int port = 0;
    pid_t pid = harness_serve(NULL, err_path, "FAZHI_RENDER_FAIL=kill", &port);
    CHECK(pid > 0 && port > 0);
    if (pid <= 0 || port <= 0)
        return;
    /* a chart, the report's PDF, a case document: each a 500 with a message in Chinese */
    struct answer a = fetch(port, leader, "/app/charts/cases_by_month.svg?org=DH&year=2026", NULL);
    CHECK_INT(a.status, 500);
    CHECK_CONTAINS(a.text, "暂时无法生成图表，请稍后重试");
    CHECK(!strstr(a.text, "<svg"));
    int64_t id = report_of(2025);
    a = fetch(port, leader, tprintf("/app/annual_reports/%lld/document.pdf", (long long)id), NULL);
    CHECK_INT(a.status, 500);
    CHECK_CONTAINS(a.text, "暂时无法生成文件，请稍后重试");
    CHECK(!strstr(a.text, "%PDF-"));
    int64_t case_id = decided_case();
    int64_t docs = db_int("SELECT COUNT(*) FROM case_documents");
    int64_t files = db_int("SELECT COUNT(*) FROM files");
    a = fetch(port, head, tprintf("/api/v1/penalty_cases/%lld/documents", (long long)case_id),
              "{\"kind\":\"decision\"}");
    CHECK_INT(a.status, 500);
    CHECK_CONTAINS(a.text, "\"internal_error\"");
    CHECK_CONTAINS(a.text, "暂时无法生成文书，请稍后重试");
    CHECK_INT(db_int("SELECT COUNT(*) FROM case_documents"), docs);
    CHECK_INT(db_int("SELECT COUNT(*) FROM files"), files);
    /* and it goes on serving, pages that need no child included */
    CHECK_INT(fetch(port, leader, "/healthz", NULL).status, 200);
    CHECK_INT(fetch(port, leader, "/app", NULL).status, 200);
    CHECK_INT(
        fetch(port, leader, tprintf("/app/annual_reports/%lld/document.docx", (long long)id), NULL)
            .status,
        200);
    CHECK(stop(pid));
    /* the log says which job failed and how */
    const char *log = file_text(err_path);
    CHECK_CONTAINS(log, "render: chart job");
    CHECK_CONTAINS(log, "render: pdf job");
    CHECK_CONTAINS(log, "killed by signal 9");
    unlink(err_path);
}

void suite_render(void)
{
    RUN(test_render_not_in_the_server);
    RUN(test_render_memory);
    RUN(test_render_child_killed);
}
