/* test_disclosure.c — the disclosure module over HTTP on the demo district: an application
 * on the portal (form token, per-field errors, markup, size and origin refusals that store
 * nothing), the tracking page showing the applicant's view and no personal data, and the
 * yearly report as HTML and XLSX for those who may read the subdistrict's requests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "core/buf.h"
#include "harness.h"
#include "core/banned.h"

static int64_t requests_count(void)
{
    return db_int("SELECT COUNT(*) FROM disclosure_requests");
}

/* The hidden form token of an application page. */
static const char *token_of(const struct resp *r)
{
    const char *p = r->body ? strstr(r->body, "name=\"_token\" value=\"") : NULL;
    if (!p)
        return "";
    p += strlen("name=\"_token\" value=\"");
    const char *end = strchr(p, '"');
    return end ? tprintf("%.*s", (int)(end - p), p) : "";
}

static const char *fields(const char *token, const char *content)
{
    return tprintf("_token=%s&applicant_kind=natural_person&applicant_name=%s&id_number=%s"
                   "&phone=13900000000&email=&address=&content=%s&desired_form=electronic_email",
                   urlenc(token), urlenc("陈某某"), urlenc("演示证件-HTTP-01"), urlenc(content));
}

/* A portal form post from its own address (documentation range 192.0.2.0/24), so that the
 * per-address limit on public writes (5 a minute) is not what answers. */
static struct resp *apply_post(const char *path, const char *body, const char *extra)
{
    static int n;
    struct req_opts o = {.content_type = "application/x-www-form-urlencoded",
                         .body = body,
                         .extra_headers = tprintf("X-Real-IP: 192.0.2.%d\r\n%s", ++n % 250 + 1,
                                                  extra ? extra : "")};
    return http_req(NULL, "POST", path, &o);
}

static void test_application_on_the_portal(void)
{
    struct resp *r = get(NULL, "/p/DH/apply");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "政府信息公开申请");
    CHECK_CONTAINS(r->body, "东湖街道");
    const char *token = token_of(r);
    CHECK(strlen(token) > 20);
    int64_t before = requests_count();
    int64_t audit = audit_max_id();

    /* no token, another site's origin, markup, too long, missing fields: nothing stored */
    r = apply_post("/p/DH/apply", fields("", "申请公开东湖路改造工程的立项批复"), NULL);
    CHECK_INT(r->status, 403);
    CHECK_CONTAINS(r->body, "已过期");
    r = apply_post("/p/DH/apply", fields(token, "申请公开东湖路改造工程的立项批复"),
                   "Origin: http://evil.example\r\n");
    CHECK_INT(r->status, 403);
    CHECK_CONTAINS(r->body, "请从本网站的申请页面提交申请");
    r = apply_post("/p/DH/apply", fields(token, "请看<a href=\"http://x\">这里</a>"), NULL);
    CHECK_INT(r->status, 422);
    CHECK_CONTAINS(r->body, "不能包含网页标记");
    r = apply_post("/p/DH/apply", fields(token, "javascript:alert(1) 申请公开立项批复"), NULL);
    CHECK_INT(r->status, 422);
    CHECK_CONTAINS(r->body, "javascript:");
    char *big = malloc(70000);
    memset(big, 'a', 69999);
    big[69999] = '\0';
    r = apply_post("/p/DH/apply", fields(token, big), NULL);
    free(big);
    CHECK_INT(r->status, 413);
    CHECK_CONTAINS(r->body, "64 KB");
    r = apply_post("/p/DH/apply",
                   tprintf("_token=%s&applicant_kind=&applicant_name=&content=", urlenc(token)),
                   NULL);
    CHECK_INT(r->status, 422);
    CHECK_CONTAINS(r->body, "请填写“申请人姓名或名称”");
    CHECK_CONTAINS(r->body, "请填写“申请公开的政府信息”");
    CHECK_CONTAINS(r->body, "请选择");
    CHECK_CONTAINS(r->body, "至少填写一种联系方式");
    /* a token for another unit's form does not do */
    r = apply_post("/p/XL/apply", fields(token, "申请公开东湖路改造工程的立项批复"), NULL);
    CHECK_INT(r->status, 403);
    CHECK_INT(requests_count(), before);
    CHECK_INT(audit_count_since(audit, "disclosure_requests.create"), 0);

    /* a good application: 201 with the tracking code, stored as received from the portal */
    r = apply_post("/p/DH/apply", fields(token, "申请公开东湖路改造工程的立项批复文件"), NULL);
    CHECK_INT(r->status, 201);
    CHECK_CONTAINS(r->body, "请妥善保存此查询码");
    const char *p = r->body ? strstr(r->body, "id=\"tracking-code\">") : NULL;
    CHECK(p != NULL);
    const char *code = p ? tprintf("%.16s", p + strlen("id=\"tracking-code\">")) : "";
    CHECK_INT(requests_count(), before + 1);
    CHECK_STR(db_text("SELECT channel || '|' || status || '|' || received_on FROM "
                      "disclosure_requests WHERE tracking_code = '%s'",
                      code),
              "portal|received|" TEST_TODAY);
    CHECK_STR(db_text("SELECT actor FROM audit WHERE action = 'disclosure_requests.create' "
                      "ORDER BY id DESC LIMIT 1"),
              "public");

    /* the applicant's view: state and dates, never the personal fields */
    r = get(NULL, tprintf("/track?code=%s", code));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "已收到");
    CHECK_CONTAINS(r->body, "答复期限");
    CHECK(!strstr(r->body, "陈某某") && !strstr(r->body, "13900000000"));
    r = get(NULL, "/track?code=ABCDEFGHJKMNPQRS");
    CHECK_INT(r->status, 404);
    CHECK_CONTAINS(r->body, "没有找到");
    r = get(NULL, "/track");
    CHECK_INT(r->status, 200);
    r = get(NULL, "/p/NOPE/apply");
    CHECK_INT(r->status, 404);
    /* staff see it in the app, the personal fields with an audited read */
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = db_int("SELECT id FROM disclosure_requests WHERE tracking_code = '%s'", code);
    r = api(&staff, "GET", tprintf("/api/v1/disclosure_requests/%lld", (long long)id), NULL);
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "applicant_name"), "陈某某");
    /* taken up and extended by the leader: the applicant is told how long and why (art.33) */
    CHECK_INT(api(&staff, "POST",
                  tprintf("/api/v1/disclosure_requests/%lld/transitions/accept", (long long)id),
                  "{}")
                  ->status,
              200);
    struct browser leader = {0};
    CHECK(signin(&leader, "dh.leader"));
    CHECK_INT(api(&leader, "POST",
                  tprintf("/api/v1/disclosure_requests/%lld/transitions/extend", (long long)id),
                  "{\"extension_days\":10,\"extension_reason\":\"需向区档案馆调取批复原件\"}")
                  ->status,
              200);
    r = get(NULL, tprintf("/track?code=%s", code));
    CHECK_CONTAINS(r->body, "延长 10 个工作日");
    CHECK_CONTAINS(r->body, "需向区档案馆调取批复原件");
    /* one Cache-Control, and it keeps the page out of every cache */
    CHECK_STR(resp_header_value(r, "Cache-Control"), "no-store");
    CHECK(!resp_header_nth(r, "Cache-Control", 1));
    /* a long application in Chinese fits: 4,000 characters are 36,000 bytes once encoded */
    buf long_text;
    buf_init(&long_text, 0);
    for (int i = 0; i < 400; i++)
        buf_puts(&long_text, "申请公开旧改项目材料");
    r = apply_post("/p/DH/apply", fields(token, long_text.p), NULL);
    buf_release(&long_text);
    CHECK_INT(r->status, 201);
    CHECK(server_healthy());
}

/* One address may send five applications a minute; the sixth is refused before anything is
 * read, while another address still gets through. */
static void test_application_flood_from_one_address(void)
{
    const char *token = token_of(get(NULL, "/p/DH/apply"));
    int64_t before = requests_count();
    struct req_opts o = {.content_type = "application/x-www-form-urlencoded",
                         .body = fields(token, "申请公开辖区内老旧小区改造计划"),
                         .extra_headers = "X-Real-IP: 203.0.113.77\r\n"};
    for (int i = 0; i < 5; i++)
        CHECK_INT(http_req(NULL, "POST", "/p/DH/apply", &o)->status, 201);
    struct resp *r = http_req(NULL, "POST", "/p/DH/apply", &o);
    CHECK_INT(r->status, 429);
    CHECK_CONTAINS(r->body, "提交过于频繁");
    CHECK(resp_header_value(r, "Retry-After") != NULL);
    CHECK_INT(requests_count(), before + 5);
    CHECK_INT(apply_post("/p/DH/apply", fields(token, "申请公开辖区内老旧小区改造计划"), NULL)->status,
              201);
    CHECK_INT(requests_count(), before + 6);
}

/* However many addresses send them, one portal takes at most a burst of 60 writes and then
 * 120 an hour: the 61st here is refused though each comes from its own address. */
static void test_application_flood_from_many_addresses(void)
{
    const char *body = "_token=1.00&applicant_kind=natural_person&content=x";
    int refused = 0, first_refused = 0;
    for (int i = 1; i <= 61; i++) {
        struct req_opts o = {.content_type = "application/x-www-form-urlencoded",
                             .body = body,
                             .extra_headers = tprintf("X-Real-IP: 198.18.%d.%d\r\n", i / 200,
                                                      i % 200 + 1)};
        int status = http_req(NULL, "POST", "/p/XL-SW/apply", &o)->status;
        if (status == 429 && !refused++)
            first_refused = i;
    }
    CHECK_INT(refused, 1);
    CHECK_INT(first_refused, 61);
    /* another unit is not touched by it */
    struct req_opts o = {.content_type = "application/x-www-form-urlencoded",
                         .body = body,
                         .extra_headers = "X-Real-IP: 198.18.9.9\r\n"};
    CHECK_INT(http_req(NULL, "POST", "/p/DH/apply", &o)->status, 403);
}

static void test_demo_has_overdue_work(void)
{
    /* the demo's overdue request and draft item are on the staff's work list */
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    struct resp *r = get(&staff, "/app");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "社会救助资金发放情况");
    CHECK_CONTAINS(r->body, "辖区某道路改造工程的招标文件");
}

static void test_yearly_report(void)
{
    struct browser leader = {0}, other = {0}, officer = {0};
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&other, "xl.leader"));
    CHECK(signin(&officer, "dh.zf.officer1"));
    struct resp *r = get(&leader, "/app/reports/disclosure?org=DH&year=2026");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "东湖街道2026年政府信息公开工作年度报告");
    CHECK_CONTAINS(r->body, "三、本年度办理结果");
    CHECK_CONTAINS(r->body, "（二）部分公开");
    CHECK_CONTAINS(r->body, "表三每一列均满足");
    CHECK(!strstr(r->body, "表三核对不平"));
    CHECK_CONTAINS(r->body, "行政复议");
    /* another subdistrict's leader, and an officer who reads no requests, are refused */
    CHECK_INT(get(&other, "/app/reports/disclosure?org=DH&year=2026")->status, 404);
    CHECK_INT(get(&officer, "/app/reports/disclosure?org=DH&year=2026")->status, 404);
    CHECK_INT(get(&leader, "/app/reports/disclosure?org=DH&year=1999")->status, 400);
    CHECK_INT(get(NULL, "/app/reports/disclosure?org=DH&year=2026")->status, 303);
    r = get(&leader, "/app/reports/disclosure.xlsx?org=DH&year=2026");
    CHECK_INT(r->status, 200);
    CHECK(r->body_len > 1000 && memcmp(r->body, "PK", 2) == 0);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "spreadsheetml");
    const char *path = tprintf("%s/report.xlsx", harness_dir());
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(r->body, 1, r->body_len, f) == r->body_len);
    if (f)
        fclose(f);
    const char *xml = tprintf("%s/strings.xml", harness_dir());
    CHECK_INT(system(tprintf("unzip -p '%s' xl/sharedStrings.xml > '%s'", path, xml)), 0);
    f = fopen(xml, "rb");
    char text[65536] = {0};
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    CHECK_CONTAINS(text, "本年新收政府信息公开申请数量");
    CHECK_CONTAINS(text, "属于国家秘密");
    CHECK_CONTAINS(text, "复议后起诉");
    CHECK_INT(get(&other, "/app/reports/disclosure.xlsx?org=DH&year=2026")->status, 404);
}

void suite_disclosure(void)
{
    RUN(test_application_on_the_portal);
    RUN(test_application_flood_from_one_address);
    RUN(test_application_flood_from_many_addresses);
    RUN(test_demo_has_overdue_work);
    RUN(test_yearly_report);
}
