/* cmd_serve.c — fazhi serve: the web app, the portal and the API on one address. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/log.h"
#include "docs/render.h"
#include "engine/audit.h"
#include "engine/uploads.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "core/banned.h"

static struct opt serve_opts[] = {
    {"--db", "DB", "database (created and migrated if needed)"},
    {"--listen", "HOST:PORT", "address to listen on (default 127.0.0.1:8080; port 0 picks one)"},
    {"--threads", "N", "worker threads (default: 2 per CPU, at most 64)"},
    {"--secure-cookies", NULL, "mark cookies Secure (when served over HTTPS by a proxy)"},
    {"--trust-proxy", NULL, "take the client address from X-Real-IP (only behind your own proxy)"},
    {"--public-url", "URL",
     "the portal's address for the public, e.g. https://fazhi.example.gov.cn"},
    {"--data", "DIR", "data directory (calendars)"},
    {"--verbose", NULL, "log every request"},
};

static int run_serve(struct opt *o, int n)
{
    const char *listen = cli_get(o, n, "--listen");
    if (!listen)
        listen = "127.0.0.1:8080";
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == listen || !end || *end || port < 0 || port > 65535)
        return cli_usage_error("serve", "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    /* Two threads per CPU: a write waits on the disk, and concurrent writes share one
     * commit only when there are threads to send them (store_group_commit); more than two
     * per CPU cost the reads more than the writes gain (bench/RESULTS.md). */
    long threads = 2 * sysconf(_SC_NPROCESSORS_ONLN);
    if (threads > 64)
        threads = 64;
    const char *t = cli_get(o, n, "--threads");
    if (t) {
        threads = strtol(t, &end, 10);
        if (*end || threads < 1 || threads > 64)
            return cli_usage_error("serve", "--threads must be 1 to 64");
    }
    if (threads < 1)
        threads = 2;
    if (cli_get(o, n, "--verbose"))
        log_set_level(LOG_DEBUG);
    const char *public_url = cli_get(o, n, "--public-url");
    if (public_url &&
        ((strncmp(public_url, "https://", 8) != 0 && strncmp(public_url, "http://", 7) != 0) ||
         strlen(public_url) > 200 || strchr(strchr(public_url, ':') + 3, '/') ||
         strpbrk(public_url, " \"'<>\\")))
        return cli_usage_error("serve", "--public-url must be http(s)://HOST[:PORT], no path");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_CREATE);
    if (rc)
        return rc;
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    struct server_config cfg = {.host = host,
                                .port = (int)port,
                                .threads = (int)threads,
                                .secure_cookies = cli_get(o, n, "--secure-cookies") != NULL,
                                .trust_proxy = cli_get(o, n, "--trust-proxy") != NULL,
                                .st = env.st,
                                .cal = env.cal,
                                .alg = env.ctx.alg,
                                .public_url = public_url};
    /* Uploads that expired while the server was down go now; later ones as uploads open. */
    int purged = 0;
    if (upload_purge(&env.ctx, 0, &purged))
        log_warn("could not purge expired uploads at start; they go as new uploads open");
    else if (purged)
        log_info("purged %d expired upload(s)", purged);
    /* The pool hands connections to request threads; give back the set-up one. Concurrent
     * writes share their commits (store.h). */
    store_release(env.st, env.db);
    env.db = NULL;
    if (store_group_commit(env.st)) {
        cli_close(&env);
        return EXIT_STORE;
    }
    struct ratelimit_config public_writes = {.rate_per_s = HTTP_PUBLIC_WRITES_PER_MIN / 60.0,
                                             .burst = HTTP_PUBLIC_WRITES_BURST};
    cfg.public_writes = ratelimit_new(&public_writes);
    struct ratelimit_config unit_writes = {.rate_per_s = HTTP_UNIT_WRITES_PER_HOUR / 3600.0,
                                           .burst = HTTP_UNIT_WRITES_BURST};
    cfg.unit_writes = ratelimit_new(&unit_writes);
    if (!cfg.public_writes || !cfg.unit_writes) {
        ratelimit_free(cfg.public_writes);
        ratelimit_free(cfg.unit_writes);
        fprintf(stderr, "fazhi serve: out of memory\n");
        cli_close(&env);
        return 1;
    }
    /* Each request's memory is freed at its end; without this glibc hands the freed pages
     * of the threads' heaps back to the kernel after nearly every request (madvise), and the
     * next request faults them in again, with a TLB shootdown across the CPUs each time.
     * Keeping some free heap per arena avoids both (bench/RESULTS.md); one arena per CPU,
     * whatever --threads says, bounds what is kept (the memory target: 50 MiB). */
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    mallopt(M_ARENA_MAX, cpus < 1 ? 1 : cpus > 16 ? 16 : (int)cpus);
    /* PDFs and charts are laid out by short-lived children (`fazhi render`): the font
     * libraries would otherwise keep ~150 MiB in this process for good (docs/render.h). The
     * child is this very executable, even if the file has been replaced since. */
    if (access("/proc/self/exe", X_OK) == 0)
        render_in_child("/proc/self/exe");
    else
        log_warn("no /proc/self/exe: PDFs and charts are laid out in the server itself, which "
                 "then keeps the fonts' memory");
    rc = http_serve(&cfg);
    ratelimit_free(cfg.public_writes);
    ratelimit_free(cfg.unit_writes);
    cli_close(&env);
    return rc;
}

struct command cmd_serve = {"serve",
                            "Serve the staff web app (/app), the public portal (/) and the "
                            "JSON API (/api/v1). Stops cleanly on SIGINT or SIGTERM.",
                            run_serve, serve_opts, sizeof serve_opts / sizeof serve_opts[0]};
