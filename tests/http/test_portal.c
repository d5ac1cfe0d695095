/* test_portal.c — the public portal: a subdistrict's officers, matters and decisions as the
 * public sees them, officer verification, the audit digest, a decision appearing once staff
 * publish it, bad queries; and, crawling every portal page and portal API answer, that no
 * value of any field marked sensitive (nor a citizen party's full name) reaches the public. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "engine/entity.h"
#include "harness.h"
#include "modules/modules.h"
#include "core/banned.h"

static bool has(const struct resp *r, const char *s)
{
    return r->body && strstr(r->body, s) != NULL;
}

static void test_portal_front_pages(void)
{
    struct resp *r = get(NULL, "/");
    CHECK_INT(r->status, 200);
    CHECK(has(r, "href=\"/p/DH\"") && has(r, "href=\"/p/XL\"") && has(r, "青川区"));
    r = get(NULL, "/p/QC");
    CHECK_INT(r->status, 200);
    CHECK(has(r, "东湖街道") && has(r, "西岭街道"));
    r = get(NULL, "/p/DH");
    CHECK_INT(r->status, 200);
    CHECK(has(r, "东湖街道政务公开") && has(r, "最新公开的处罚决定"));
    CHECK(!has(r, "西岭街道罚决字"));
    /* the published yearly report is on the portal; this year's draft is not */
    CHECK_CONTAINS(r->body, "href=\"/p/DH/reports/2025\"");
    struct resp *rep = get(NULL, "/p/DH/reports/2025");
    CHECK_INT(rep->status, 200);
    CHECK_CONTAINS(rep->body, "<h1>东湖街道2025年法治政府建设年度报告</h1>");
    CHECK(!strstr(rep->body, "/app/"));
    CHECK_INT(get(NULL, "/p/DH/reports/2026")->status, 404);
    CHECK_INT(get(NULL, "/p/DH/reports/20x5")->status, 404);
    /* a department, a community, an unknown code: no portal */
    CHECK_INT(get(NULL, "/p/DH-ZF")->status, 404);
    CHECK_INT(get(NULL, "/p/DH-SQ1")->status, 404);
    CHECK_INT(get(NULL, "/p/NOPE")->status, 404);
    CHECK_INT(get(NULL, "/p/%E4%B8")->status, 400);
    /* nothing to post on these pages */
    CHECK_INT(http_req(NULL, "POST", "/p/DH", NULL)->status, 405);
}

static void test_portal_officers_and_matters(void)
{
    struct resp *r = get(NULL, "/p/DH/officers");
    CHECK_INT(r->status, 200);
    /* in force on 2026-11-27: three of the four; 9901250014 expired on 2026-06-30 */
    CHECK(has(r, "9901250011") && has(r, "9901250012") && has(r, "9901250013"));
    CHECK(!has(r, "9901250014"));
    CHECK(!has(r, "9902250011")); /* another subdistrict's */
    CHECK(has(r, "本街道全部执法事项"));
    r = get(NULL, "/p/DH/matters");
    CHECK_INT(r->status, 200);
    CHECK(has(r, "SR-001") && has(r, "《城市市容和环境卫生管理条例》第十四条"));
    CHECK(has(r, "裁量基准") && has(r, "50.00 元 至 100.00 元"));
    r = get(NULL, "/api/v1/public/DH/matters");
    CHECK_INT(r->status, 200);
    json_t *m = json_object_get(r->json, "matters");
    CHECK_INT(json_array_size(m), db_int("SELECT COUNT(*) FROM matters WHERE org_id = 3"));
    CHECK(json_array_size(json_object_get(json_array_get(m, 0), "benchmarks")) > 0);
    r = get(NULL, "/api/v1/public/DH/officers");
    CHECK_INT(json_array_size(json_object_get(r->json, "officers")), 3);
    CHECK_INT(get(NULL, "/api/v1/public/DH-ZF/officers")->status, 404);
}

static void test_portal_verify_officer(void)
{
    int64_t valid = db_int("SELECT id FROM certificates WHERE number = '9901250011'");
    int64_t expired = db_int("SELECT id FROM certificates WHERE number = '9901250014'");
    struct resp *r = get(NULL, tprintf("/v/%lld", (long long)valid));
    CHECK_INT(r->status, 200);
    CHECK(has(r, "证件有效") && has(r, "刘洋") && has(r, "青川市人民政府"));
    CHECK(!has(r, "p-warn"));
    /* a revocation shows at once: no cache may keep the page */
    CHECK_STR(resp_header_value(r, "Cache-Control"), "no-store");
    CHECK(!resp_header_nth(r, "Cache-Control", 1));
    r = get(NULL, tprintf("/v/%lld", (long long)expired));
    CHECK_INT(r->status, 200);
    CHECK(has(r, "证件已过期") && has(r, "不能从事行政执法"));
    /* revoked by the subdistrict's leader: the page says so at once */
    struct browser leader = {0};
    CHECK(signin(&leader, "dh.leader"));
    int64_t third = db_int("SELECT id FROM certificates WHERE number = '9901250013'");
    r = api(&leader, "POST",
            tprintf("/api/v1/certificates/%lld/transitions/revoke", (long long)third),
            "{\"reason\":\"调离执法岗位\"}");
    CHECK_INT(r->status, 200);
    r = get(NULL, tprintf("/v/%lld", (long long)third));
    CHECK(has(r, "证件已注销"));
    r = get(NULL, tprintf("/api/v1/public/certificates/%lld", (long long)third));
    CHECK_STR(jstr(r->json, "standing"), "revoked");
    CHECK(!has(get(NULL, "/p/DH/officers"), "9901250013"));
    /* the card staff print: the officer beside the QR code of the verification page */
    r = get(&leader, tprintf("/app/certificates/%lld/card", (long long)valid));
    CHECK_INT(r->status, 200);
    CHECK(has(r, "刘洋") && has(r, tprintf("src=\"/v/%lld/qr.svg\"", (long long)valid)));
    CHECK(has(get(&leader, tprintf("/app/certificates/%lld", (long long)valid)),
              tprintf("href=\"/app/certificates/%lld/card\"", (long long)valid)));
    struct browser other = {0};
    CHECK(signin(&other, "xl.leader"));
    CHECK_INT(get(&other, tprintf("/app/certificates/%lld/card", (long long)valid))->status, 404);
    CHECK_INT(get(NULL, tprintf("/app/certificates/%lld/card", (long long)valid))->status, 303);
    r = get(NULL, tprintf("/v/%lld/qr.svg", (long long)valid));
    CHECK_INT(r->status, 200);
    CHECK_STR(resp_header_value(r, "Content-Type"), "image/svg+xml");
    CHECK(has(r, "<svg") && has(r, "<path"));
    CHECK_INT(get(NULL, "/v/999999/qr.svg")->status, 404);
    /* the portal's public address is an address, nothing else */
    static const char *const bad_urls[] = {"ftp://x.example", "https://x.example/path",
                                           "https://x.example\"><script>", "x.example"};
    for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++)
        CHECK_INT(run_fazhi(NULL, "serve", "--db", harness_db_path(), "--public-url", bad_urls[i],
                            (const char *)NULL),
                  2);
    CHECK_INT(get(NULL, "/v/999999")->status, 404);
    CHECK_INT(get(NULL, "/v/1x")->status, 404);
    CHECK_INT(get(NULL, "/api/v1/public/certificates/-1")->status, 404);
}

static void test_portal_decisions(void)
{
    /* published ones are listed; a queued one is not, until staff publish it */
    int64_t queued = db_int("SELECT id FROM disclosure_items WHERE org_id = 3 AND status = "
                            "'queued' ORDER BY id LIMIT 1");
    CHECK(queued > 0);
    const char *number =
        db_text("SELECT title FROM disclosure_items WHERE id = %lld", (long long)queued);
    const char *path = tprintf("/p/DH/decisions/%lld", (long long)queued);
    CHECK_INT(get(NULL, path)->status, 404);
    CHECK(!has(get(NULL, "/p/DH/decisions"), number));
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    struct resp *r =
        api(&staff, "POST",
            tprintf("/api/v1/disclosure_items/%lld/transitions/publish", (long long)queued), "{}");
    CHECK_INT(r->status, 200);
    r = get(NULL, path);
    CHECK_INT(r->status, 200);
    CHECK(has(r, number) && has(r, "2026年11月27日")); /* published today */
    CHECK(has(get(NULL, "/p/DH/decisions"), number));
    /* another subdistrict's decision through this one's address */
    int64_t xl = db_int("SELECT id FROM disclosure_items WHERE org_id = 17 AND status = "
                        "'published' LIMIT 1");
    CHECK_INT(get(NULL, tprintf("/p/DH/decisions/%lld", (long long)xl))->status, 404);
    CHECK_INT(get(NULL, tprintf("/p/XL/decisions/%lld", (long long)xl))->status, 200);

    /* a revoked decision stays listed as withdrawn, without its content */
    int64_t withdrawn = db_int("SELECT id FROM disclosure_items WHERE org_id = 3 AND status = "
                               "'withdrawn' LIMIT 1");
    r = get(NULL, tprintf("/p/DH/decisions/%lld", (long long)withdrawn));
    CHECK_INT(r->status, 200);
    CHECK(has(r, "已依法撤销") && has(r, "撤下日期") && !has(r, "违法行为"));

    /* filters: party kind, period, matter, words; counts equal the database's */
    int64_t citizens = db_int("SELECT COUNT(*) FROM disclosure_items d JOIN penalty_cases c ON "
                              "c.id = d.penalty_case JOIN parties p ON p.id = c.party WHERE "
                              "d.org_id = 3 AND d.status IN ('published', 'withdrawal_pending', "
                              "'withdrawn') AND p.kind = 'citizen'");
    r = get(NULL, "/api/v1/public/DH/decisions?party_kind=citizen");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), citizens);
    CHECK(has(get(NULL, "/p/DH/decisions?party_kind=citizen"),
              tprintf("共 %lld 件", (long long)citizens)));
    int64_t in_2025 = db_int("SELECT COUNT(*) FROM disclosure_items WHERE org_id = 3 AND status "
                             "<> 'queued' AND status <> 'cancelled' AND decided_on BETWEEN "
                             "'2025-01-01' AND '2025-12-31'");
    r = get(NULL, "/api/v1/public/DH/decisions?from=2025-01-01&to=2025-12-31");
    CHECK_INT(jint(r->json, "total"), in_2025);
    CHECK(in_2025 > 0);
    r = get(NULL, "/api/v1/public/DH/decisions?limit=1&offset=1");
    CHECK_INT(json_array_size(json_object_get(r->json, "decisions")), 1);
    r = get(NULL, tprintf("/p/DH/decisions?q=%s", urlenc("占道经营")));
    CHECK(has(r, "占道经营") && has(r, "共 1 件"));

    /* malformed queries: a clear 400, never a crash */
    CHECK_INT(get(NULL, "/p/DH/decisions?from=2026-13-01")->status, 400);
    CHECK_INT(get(NULL, "/p/DH/decisions?party_kind=robot")->status, 400);
    CHECK_INT(get(NULL, "/p/DH/decisions?page=0")->status, 400);
    CHECK_INT(get(NULL, "/p/DH/decisions?matter=1%27")->status, 400);
    CHECK_INT(get(NULL, "/api/v1/public/DH/decisions?limit=101")->status, 400);
    CHECK_STR(err_field_of(get(NULL, "/api/v1/public/DH/decisions?offset=-1")), "offset");
    CHECK_INT(get(NULL, tprintf("/p/DH/decisions?q=%s", urlenc("<script>")))->status, 200);
    CHECK(!has(get(NULL, tprintf("/p/DH/decisions?q=%s", urlenc("<script>"))), "<script>"));
}

static void test_portal_digest(void)
{
    int64_t head = db_int("SELECT seq FROM audit_heads WHERE chain_id = 3");
    struct resp *r = get(NULL, "/p/DH/digest");
    CHECK_INT(r->status, 200);
    /* today's line carries the chain's head: its sequence number and hash */
    CHECK(has(r, db_text("SELECT hash FROM audit_heads WHERE chain_id = 3")));
    CHECK(has(r, tprintf(">%lld<", (long long)head)));
    r = get(NULL, "/p/DH/digest?seq=5");
    CHECK(has(r, db_text("SELECT hash FROM audit WHERE chain_id = 3 AND seq = 5")));
    CHECK(has(get(NULL, "/p/DH/digest?seq=999999999"), "没有这个序号的记录"));
    CHECK_INT(get(NULL, "/p/DH/digest?seq=abc")->status, 400);
    /* the same as JSON, for whoever keeps digests by script */
    r = get(NULL, "/api/v1/public/DH/digest?seq=5");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(json_object_get(r->json, "entry"), "hash"),
              db_text("SELECT hash FROM audit WHERE chain_id = 3 AND seq = 5"));
    json_t *days = json_object_get(r->json, "days");
    CHECK(json_array_size(days) >= 1);
    CHECK_INT(jint(json_array_get(days, 0), "seq"), head);
    CHECK_STR(jstr(json_array_get(days, 0), "date"), TEST_TODAY);
    CHECK_STR(err_field_of(get(NULL, "/api/v1/public/DH/digest?seq=0")), "seq");
    CHECK_INT(get(NULL, "/api/v1/public/DH/digest?seq=999999999")->status, 404);
}

static int64_t upload_text(struct browser *b, const char *name, const char *text)
{
    struct req_opts o = {.content_type = "text/plain", .body = text};
    struct resp *r = http_req(b, "POST", tprintf("/api/v1/files?name=%s", urlenc(name)), &o);
    return r->status == 201 ? jint(r->json, "id") : 0;
}

/* A proactive item staff publish, with its attachment; a draft is not there; a reply's file
 * reaches the applicant through the tracking code only. */
static void test_portal_items_and_files(void)
{
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t file =
        upload_text(&staff, "2027年城市管理工作计划.txt", "一、总体目标\n二、重点任务\n");
    int64_t other = upload_text(&staff, "内部工作底稿.txt", "内部讨论，不公开\n");
    CHECK(file > 0 && other > 0);
    struct resp *r = api(&staff, "POST", "/api/v1/proactive_disclosures",
                         tprintf("{\"title\":\"2027年城市管理工作计划\",\"category\":\"plans\","
                                 "\"unit\":\"DH\",\"body\":\"第一段。\\n第二段。\","
                                 "\"attachments\":[%lld]}",
                                 (long long)file));
    CHECK_INT(r->status, 201);
    int64_t item = jint(r->json, "id");
    const char *page = tprintf("/p/DH/items/%lld", (long long)item);
    const char *download = tprintf("%s/files/%lld", page, (long long)file);
    CHECK_INT(get(NULL, page)->status, 404); /* a draft */
    CHECK_INT(get(NULL, download)->status, 404);
    r = api(&staff, "POST",
            tprintf("/api/v1/proactive_disclosures/%lld/transitions/publish", (long long)item),
            "{}");
    CHECK_INT(r->status, 200);
    r = get(NULL, page);
    CHECK_INT(r->status, 200);
    CHECK(has(r, "2027年城市管理工作计划") && has(r, "<p>第一段。</p><p>第二段。</p>"));
    CHECK(has(r, tprintf("href=\"%s\"", download)));
    CHECK(has(get(NULL, "/p/DH/items?category=plans"), "2027年城市管理工作计划"));
    CHECK(!has(get(NULL, "/p/DH/items?category=budget"), "2027年城市管理工作计划"));
    r = get(NULL, download);
    CHECK_INT(r->status, 200);
    CHECK_STR(r->body, "一、总体目标\n二、重点任务\n");
    /* another file through this item, this item through another subdistrict */
    CHECK_INT(get(NULL, tprintf("%s/files/%lld", page, (long long)other))->status, 404);
    CHECK_INT(get(NULL, tprintf("/p/XL/items/%lld", (long long)item))->status, 404);
    CHECK_INT(
        get(NULL, tprintf("/p/XL/items/%lld/files/%lld", (long long)item, (long long)file))->status,
        404);
    CHECK_INT(get(NULL, "/p/DH/items?category=nope")->status, 400);

    /* a reply with a file: the applicant downloads it with the code, nobody without */
    int64_t req_id = db_int("SELECT id FROM disclosure_requests WHERE org_id = 3 AND status = "
                            "'received' ORDER BY id LIMIT 1");
    const char *code =
        db_text("SELECT tracking_code FROM disclosure_requests WHERE id = %lld", (long long)req_id);
    int64_t reply = upload_text(&staff, "答复告知书.txt", "经审查，予以公开。\n");
    r = api(&staff, "POST",
            tprintf("/api/v1/disclosure_requests/%lld/transitions/reply", (long long)req_id),
            tprintf("{\"reply_type\":\"granted\",\"reply_text\":\"经审查，予以公开，见附件。\","
                    "\"reply_files\":[%lld]}",
                    (long long)reply));
    CHECK_INT(r->status, 200);
    r = get(NULL, tprintf("/track?code=%s", code));
    CHECK(has(r, "予以公开") && has(r, "经审查，予以公开，见附件。"));
    const char *reply_path = tprintf("/track/files/%lld?code=%s", (long long)reply, code);
    CHECK(has(r, "答复告知书.txt"));
    r = get(NULL, reply_path);
    CHECK_INT(r->status, 200);
    CHECK_STR(r->body, "经审查，予以公开。\n");
    CHECK_INT(get(NULL, tprintf("/track/files/%lld", (long long)reply))->status, 404);
    CHECK_INT(
        get(NULL, tprintf("/track/files/%lld?code=ABCDEFGHJKMNPQRS", (long long)reply))->status,
        404);
    CHECK_INT(get(NULL, tprintf("/track/files/%lld?code=%s", (long long)other, code))->status, 404);
}

/* ---- nothing sensitive reaches the public ---------------------------------------------- */

#define CRAWL_MAX 600
#define SEP "\x1f"

/* Every value the public must never see: each field marked sensitive in every entity, and
 * the full names of parties who are citizens. */
static const char **forbidden_values(int *n)
{
    modules_register();
    int ne;
    const struct entity *const *all = entity_all(&ne);
    const char **out = arena_alloc(t_arena(), 4096 * sizeof *out);
    *n = 0;
    for (int i = 0; i < ne; i++) {
        for (int f = 0; f < all[i]->nfields; f++) {
            const struct field *fd = &all[i]->fields[f];
            if (!(fd->flags & F_SENSITIVE) || !field_is_column(fd))
                continue;
            const char *joined = db_text("SELECT %s FROM %s WHERE length(%s) >= 4",
                                         sql_join(fd->name, 31), all[i]->name, fd->name);
            for (char *p = joined ? arena_strdup(t_arena(), joined) : NULL, *tok;
                 p && (tok = strsep(&p, SEP)) && *n < 4000;)
                out[(*n)++] = tok;
        }
    }
    const char *names =
        db_text("SELECT %s FROM parties WHERE kind = 'citizen'", sql_join("name", 31));
    for (char *p = names ? arena_strdup(t_arena(), names) : NULL, *tok;
         p && (tok = strsep(&p, SEP)) && *n < 4095;)
        out[(*n)++] = tok;
    return out;
}

/* The portal links in an HTML page (href="/..." outside /static and /app). */
static int links(const char *html, const char **out, int max)
{
    int n = 0;
    for (const char *p = html; p && (p = strstr(p, "href=\"/")) && n < max;) {
        p += 6;
        size_t len = strcspn(p, "\"#");
        const char *l = arena_strndup(t_arena(), p, len);
        for (char *amp; (amp = strstr(l, "&amp;"));)
            memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
        if (strncmp(l, "/static", 7) && strncmp(l, "/app", 4))
            out[n++] = l;
    }
    return n;
}

static void test_no_sensitive_field_reaches_the_portal(void)
{
    /* a published citizen's decision whose act summary an officer wrote carelessly: the
     * party's name, identity number, address and telephone in the free text */
    int64_t item = db_int("SELECT d.id FROM disclosure_items d JOIN penalty_cases c ON c.id = "
                          "d.penalty_case JOIN parties p ON p.id = c.party WHERE d.org_id = 3 "
                          "AND d.status = 'published' AND p.kind = 'citizen' LIMIT 1");
    CHECK(item > 0);
    const char *kept = db_text("SELECT c.act_summary FROM penalty_cases c JOIN disclosure_items "
                               "d ON d.penalty_case = c.id WHERE d.id = %lld",
                               (long long)item);
    CHECK_INT(db_exec_rw(tprintf(
                  "UPDATE penalty_cases SET act_summary = (SELECT p.name || '（身份证' || "
                  "p.id_number || '，住' || p.address || '，电话' || p.phone || '）占道经营' "
                  "FROM parties p WHERE p.id = penalty_cases.party) WHERE id = (SELECT "
                  "penalty_case FROM disclosure_items WHERE id = %lld)",
                  (long long)item)),
              0);
    int nf;
    const char **bad = forbidden_values(&nf);
    CHECK(nf >= 40); /* identity numbers, addresses, telephones and names of the demo */

    const char **queue = arena_alloc(t_arena(), CRAWL_MAX * sizeof *queue);
    int head = 0, tail = 0;
    static const char *const seeds[] = {"/",
                                        "/p/QC",
                                        "/p/DH",
                                        "/p/XL",
                                        "/p/DH/decisions?party_kind=citizen",
                                        "/api/v1/public/DH/decisions?limit=100",
                                        "/api/v1/public/XL/decisions?limit=100",
                                        "/api/v1/public/DH/officers",
                                        "/api/v1/public/DH/matters",
                                        "/api/v1/public/certificates/1",
                                        "/api/v1/public/DH/digest?seq=1"};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        queue[tail++] = seeds[i];
    /* what applicants see with their tracking codes: one of each state */
    const char *codes = db_text("SELECT %s FROM (SELECT MIN(tracking_code) AS code FROM "
                                "disclosure_requests GROUP BY status) t",
                                sql_join("code", 31));
    for (char *p = codes ? arena_strdup(t_arena(), codes) : NULL, *tok;
         p && (tok = strsep(&p, SEP)) && tail < 20;)
        queue[tail++] = tprintf("/track?code=%s", tok);
    bool saw_masked_citizen = false, saw_withdrawn = false;
    int decision_pages = 0, verify_pages = 0, item_pages = 0, track_pages = 0;
    int pages = 0;
    while (head < tail) {
        const char *path = queue[head++];
        struct resp *r = get(NULL, path);
        if (r->status != 200) {
            t_fail(__FILE__, __LINE__, "%s answered %d", path, r->status);
            continue;
        }
        pages++;
        decision_pages += strstr(path, "/decisions/") != NULL;
        verify_pages += strncmp(path, "/v/", 3) == 0;
        item_pages += strstr(path, "/items/") != NULL;
        track_pages += strncmp(path, "/track?code=", 12) == 0;
        for (int i = 0; i < nf; i++)
            if (strstr(r->body, bad[i]))
                t_fail(__FILE__, __LINE__, "%s shows \"%s\"", path, bad[i]);
        saw_masked_citizen |= strstr(r->body, "*（身份证***，住***，电话***）占道经营") != NULL;
        saw_withdrawn |= strstr(r->body, "已撤下") != NULL;
        const char *found[200];
        int nl = links(r->body, found, 200);
        for (int i = 0; i < nl && tail < CRAWL_MAX; i++) {
            bool seen = false;
            for (int k = 0; k < tail && !seen; k++)
                seen = strcmp(queue[k], found[i]) == 0;
            if (!seen)
                queue[tail++] = found[i];
        }
    }
    /* nor can a search confirm a hidden value by what it finds */
    for (int i = 0; i < nf; i++) {
        struct resp *r = get(NULL, tprintf("/api/v1/public/DH/decisions?q=%s", urlenc(bad[i])));
        if (r->status == 200 && jint(r->json, "total") != 0)
            t_fail(__FILE__, __LINE__, "searching \"%s\" finds %lld", bad[i],
                   (long long)jint(r->json, "total"));
    }
    CHECK_INT(jint(get(NULL, tprintf("/api/v1/public/DH/decisions?q=%s", urlenc("住***")))->json,
                   "total"),
              1);
    /* put the audited text back, so that `fazhi verify` at the end finds the row unchanged */
    char *esc = arena_strdup(t_arena(), kept ? kept : "");
    CHECK(!strchr(esc, '\''));
    CHECK_INT(db_exec_rw(tprintf("UPDATE penalty_cases SET act_summary = '%s' WHERE id = (SELECT "
                                 "penalty_case FROM disclosure_items WHERE id = %lld)",
                                 esc, (long long)item)),
              0);
    /* the crawl reached every kind of page, the masked text among them */
    if (pages < 45)
        t_fail(__FILE__, __LINE__, "the crawl reached only %d pages", pages);
    if (decision_pages < 20 || verify_pages < 4 || item_pages < 10 || track_pages < 4)
        t_fail(__FILE__, __LINE__, "decision pages %d, verification %d, items %d, tracking %d",
               decision_pages, verify_pages, item_pages, track_pages);
    CHECK(saw_masked_citizen);
    CHECK(saw_withdrawn);
}

void suite_portal(void)
{
    RUN(test_portal_front_pages);
    RUN(test_portal_officers_and_matters);
    RUN(test_portal_verify_officer);
    RUN(test_portal_decisions);
    RUN(test_portal_digest);
    RUN(test_portal_items_and_files);
    RUN(test_no_sensitive_field_reaches_the_portal);
}
