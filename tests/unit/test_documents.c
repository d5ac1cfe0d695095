/* test_documents.c — enforcement documents (执法文书) from a case walked through the engine:
 * each document only in its states, the decision carrying every element of 行政处罚法
 * art.59 (read back from the PDF with pdftotext), the same case giving the same bytes, a
 * missing element refusing the document by name, and the stored file's SHA-256 being the
 * bytes' own. FAZHI_KEEP_DOCS=dir keeps the PDFs there for a look. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/crypto.h"
#include "engine/files.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "modules/enforcement/enforcement.h"
#include "t.h"

static int64_t create(struct ctx *c, const char *entity, const char *json)
{
    json_t *j = fx_json(json);
    struct record *r = NULL;
    fz_err e = entity_create(c, entity_find(entity), j, &r);
    json_decref(j);
    if (e)
        fprintf(stderr, "  create %s: %s\n", entity, c->err.message ? c->err.message : "?");
    return e ? 0 : r->id;
}

static fz_err fire(struct fixture *f, const char *user, int64_t id, const char *t,
                   const char *json)
{
    struct ctx *c = fx_as(f, user);
    json_t *j = json ? fx_json(json) : NULL;
    fz_err e = workflow_fire(c, entity_find("penalty_cases"), id, t, j, NULL);
    json_decref(j);
    if (e)
        fprintf(stderr, "  %s: %s\n", t, c->err.message ? c->err.message : "?");
    return e;
}

struct world {
    struct fixture f;
    int64_t matter, cert1, cert2, party;
};

static void build_world(struct world *w, const char *today)
{
    fx_open(&w->f, "sha256", today);
    struct ctx *sys = &w->f.sys;
    w->matter = create(sys, "matters",
                       "{\"code\":\"GG-001\",\"name\":\"未经批准设置大型户外广告\",\"org\":\"A\","
                       "\"category\":\"outdoor_ads\",\"legal_basis\":\"《城市市容和环境卫生管理"
                       "条例》第十一条\",\"penalty_basis\":\"《城市市容和环境卫生管理条例》第三十"
                       "六条\",\"effective_from\":\"2022-01-01\"}");
    w->cert1 = create(sys, "certificates",
                      "{\"number\":\"44050001\",\"holder\":\"a.officer\",\"org\":\"A-D1\","
                      "\"issuer\":\"广东省人民政府\",\"scope_all\":true,"
                      "\"valid_from\":\"2024-01-01\",\"valid_until\":\"2027-12-31\"}");
    w->cert2 = create(sys, "certificates",
                      "{\"number\":\"44050002\",\"holder\":\"a.d1\",\"org\":\"A-D1\","
                      "\"issuer\":\"广东省人民政府\",\"scope_all\":true,"
                      "\"valid_from\":\"2024-01-01\",\"valid_until\":\"2027-12-31\"}");
    w->party = create(sys, "parties",
                      "{\"kind\":\"citizen\",\"name\":\"张某某\",\"org\":\"A-C1\","
                      "\"id_number\":\"440511198506120021\",\"address\":\"甲一社区东湖路1号\"}");
    CHECK(w->matter && w->cert1 && w->cert2 && w->party);
}

static int64_t new_case(struct world *w)
{
    char js[700];
    snprintf(js, sizeof js,
             "{\"act_summary\":\"未经批准在东湖路设置户外广告牌\",\"procedure\":\"ordinary\","
             "\"department\":\"A-D1\",\"source\":\"inspection\",\"matter\":%lld,\"party\":%lld,"
             "\"officers\":[%lld,%lld],\"occurred_on\":\"2025-08-28\",\"location\":\"东湖路12号"
             "\"}",
             (long long)w->matter, (long long)w->party, (long long)w->cert1, (long long)w->cert2);
    return create(fx_as(&w->f, "a.officer"), "penalty_cases", js);
}

static void add_evidence(struct world *w, int64_t id)
{
    struct ctx *c = fx_as(&w->f, "a.officer");
    struct file_info fi;
    char png[64] = "\x89PNG\r\n\x1a\n";
    snprintf(png + 8, sizeof png - 8, "evidence-%lld", (long long)id);
    struct org d1;
    CHECK_INT(org_by_code(c, "A-D1", &d1), FZ_OK);
    CHECK_INT(file_store(c, d1.id, "现场照片.png", "image/png", png, 8 + strlen(png + 8), &fi),
              FZ_OK);
    char js[300];
    snprintf(js, sizeof js,
             "{\"penalty_case\":%lld,\"kind\":\"photo\",\"description\":\"东湖路12号广告牌全景照"
             "片\",\"files\":[%lld],\"collected_at\":\"2025-09-02T10:00\"}",
             (long long)id, (long long)fi.id);
    CHECK(create(c, "evidence", js));
}

/* A case from clue to decision: filed 1 Sep 2025, notified 29 Sep, decided 14 Oct. */
static int64_t decided_case(struct world *w)
{
    int64_t id = new_case(w);
    CHECK(id);
    CHECK_INT(fire(&w->f, "a.leader", id, "file", NULL), FZ_OK);
    fx_today(&w->f, "2025-09-10");
    add_evidence(w, id);
    CHECK_INT(fire(&w->f, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人于2025年8月28日起在东湖路12号设置户外广告牌一块，面积约"
                   "20平方米，未经市容环境卫生主管部门批准。\",\"proposed_penalty\":\"fine\","
                   "\"proposed_fine\":\"1500\",\"legal_review_reason\":\"none\"}"),
              FZ_OK);
    fx_today(&w->f, "2025-09-29");
    CHECK_INT(fire(&w->f, "a.officer", id, "notify", "{\"notice_served_on\":\"2025-09-29\"}"),
              FZ_OK);
    fx_today(&w->f, "2025-10-14");
    CHECK_INT(fire(&w->f, "a.leader", id, "decide",
                   "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1500\",\"performance\":\"自"
                   "收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款。\","
                   "\"remedy\":\"如不服本决定，可以在收到本决定书之日起六十日内向测试区人民政府"
                   "申请行政复议，也可以在六个月内依法向人民法院提起行政诉讼。\"}"),
              FZ_OK);
    return id;
}

static struct record *get_case(struct world *w, int64_t id)
{
    struct record *r = NULL;
    entity_get(&w->f.sys, entity_find("penalty_cases"), id, &r);
    return r;
}

/* The text pdftotext reads from the PDF, with every space and line break taken out (a
 * phrase may wrap anywhere). */
static char *pdf_text(const buf *pdf, const char *keep_as)
{
    char path[] = "/tmp/fazhi-doc-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "wb");
    fwrite(pdf->p, 1, pdf->len, f);
    fclose(f);
    const char *keep = getenv("FAZHI_KEEP_DOCS");
    if (keep && keep_as) {
        char to[300];
        snprintf(to, sizeof to, "%s/%s.pdf", keep, keep_as);
        FILE *k = fopen(to, "wb");
        if (k) {
            fwrite(pdf->p, 1, pdf->len, k);
            fclose(k);
        }
    }
    char cmd[200];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    char *out = NULL;
    if (p) {
        buf b;
        buf_init(&b, 1 << 20);
        int ch;
        while ((ch = fgetc(p)) != EOF)
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\f')
                buf_putc(&b, (char)ch);
        pclose(p);
        out = buf_detach(&b, NULL);
    }
    unlink(path);
    return out;
}

static fz_err build(struct world *w, const char *user, int64_t id, const char *kind, buf *pdf)
{
    struct ctx *c = fx_as(&w->f, user);
    struct record *r;
    CHECK_INT(entity_get(c, entity_find("penalty_cases"), id, &r), FZ_OK);
    const char *title;
    return case_document_build(c, r, kind, pdf, &title);
}

static void decision_has_every_element(void)
{
    struct world w;
    build_world(&w, "2025-09-01");
    int64_t id = new_case(&w);
    struct ctx *off = fx_as(&w.f, "a.officer");
    buf pdf;
    /* before filing: nothing but a refusal naming the state */
    CHECK_INT(build(&w, "a.officer", id, "filing", &pdf), FZ_EGUARD);
    CHECK_CONTAINS(off->err.message, "批准立案后");
    fx_close(&w.f);

    build_world(&w, "2025-09-01");
    id = decided_case(&w);
    CHECK_INT(build(&w, "a.officer", id, "decision", &pdf), FZ_OK);
    CHECK(pdf.len > 1000 && memcmp(pdf.p, "%PDF-", 5) == 0);
    char *t = pdf_text(&pdf, "decision");
    /* art.59: (1) name and address, (2) facts and evidence, (3) kind and basis, (4) manner
     * and period of performance, (5) remedy channels and periods, (6) body and date */
    CHECK_CONTAINS(t, "甲街道办事处");
    CHECK_CONTAINS(t, "行政处罚决定书");
    CHECK_CONTAINS(t, "甲街道罚决字〔2025〕1号");
    CHECK_CONTAINS(t, "当事人：张某某");
    CHECK_CONTAINS(t, "甲一社区东湖路1号");
    CHECK_CONTAINS(t, "面积约20平方米");
    CHECK_CONTAINS(t, "东湖路12号广告牌全景照片");
    CHECK_CONTAINS(t, "违反了《城市市容和环境卫生管理条例》第十一条");
    CHECK_CONTAINS(t, "依据《城市市容和环境卫生管理条例》第三十六条");
    CHECK_CONTAINS(t, "罚款人民币1500.00元");
    CHECK_CONTAINS(t, "十五日内");
    CHECK_CONTAINS(t, "电子支付系统缴纳罚款");
    CHECK_CONTAINS(t, "六十日内");
    CHECK_CONTAINS(t, "六个月内");
    CHECK_CONTAINS(t, "行政诉讼");
    CHECK_CONTAINS(t, "2025年10月14日");
    CHECK_CONTAINS(t, "—1—");
    free(t);
    /* the same case gives the same bytes */
    buf again;
    CHECK_INT(build(&w, "a.leader", id, "decision", &again), FZ_OK);
    CHECK(again.len == pdf.len && memcmp(again.p, pdf.p, pdf.len) == 0);
    buf_release(&again);
    buf_release(&pdf);
    /* the other documents of a decided case */
    static const char *const kinds[] = {"filing", "notice", "service"};
    static const char *const needles[] = {"甲街道综执立〔2025〕1号", "陈述", "受送达人"};
    for (size_t i = 0; i < 3; i++) {
        CHECK_INT(build(&w, "a.officer", id, kinds[i], &pdf), FZ_OK);
        t = pdf_text(&pdf, kinds[i]);
        CHECK_CONTAINS(t, needles[i]);
        CHECK_CONTAINS(t, "张某某");
        free(t);
        buf_release(&pdf);
    }
    /* the filing form names the officers with their certificates and the approver */
    CHECK_INT(build(&w, "a.officer", id, "filing", &pdf), FZ_OK);
    t = pdf_text(&pdf, NULL);
    CHECK_CONTAINS(t, "44050001");
    CHECK_CONTAINS(t, "44050002");
    CHECK_CONTAINS(t, "2025年9月1日");
    free(t);
    buf_release(&pdf);
    /* the notice states the rights and their period (5 working days) */
    CHECK_INT(build(&w, "a.officer", id, "notice", &pdf), FZ_OK);
    t = pdf_text(&pdf, NULL);
    CHECK_CONTAINS(t, "五个工作日内");
    CHECK_CONTAINS(t, "拟作出的行政处罚：罚款人民币1500.00元");
    free(t);
    buf_release(&pdf);
    /* a penalty case has no no-penalty decision */
    CHECK_INT(build(&w, "a.officer", id, "no_penalty", &pdf), FZ_EGUARD);
    CHECK_CONTAINS(off->err.message, "请制作行政处罚决定书");
    fx_close(&w.f);
}

static void refused_before_decision_and_without_elements(void)
{
    struct world w;
    build_world(&w, "2025-09-01");
    int64_t id = new_case(&w);
    CHECK_INT(fire(&w.f, "a.leader", id, "file", NULL), FZ_OK);
    struct ctx *off = fx_as(&w.f, "a.officer");
    buf pdf;
    CHECK_INT(build(&w, "a.officer", id, "decision", &pdf), FZ_EGUARD);
    CHECK_CONTAINS(off->err.message, "作出决定后才能制作");
    CHECK_INT(build(&w, "a.officer", id, "notice", &pdf), FZ_EGUARD);
    CHECK_CONTAINS(off->err.message, "调查终结");
    CHECK_INT(build(&w, "a.officer", id, "service", &pdf), FZ_EGUARD);
    CHECK_INT(build(&w, "a.officer", id, "nonsense", &pdf), FZ_EVALID);
    /* the filing form is there once filed */
    CHECK_INT(build(&w, "a.officer", id, "filing", &pdf), FZ_OK);
    buf_release(&pdf);
    fx_close(&w.f);

    build_world(&w, "2025-09-01");
    id = decided_case(&w);
    off = fx_as(&w.f, "a.officer");
    /* a required element gone behind the program's back: refused by name, not left blank */
    fx_sql(&w.f, "UPDATE parties SET address = ''");
    CHECK_INT(build(&w, "a.officer", id, "decision", &pdf), FZ_EGUARD);
    CHECK_CONTAINS(off->err.message, "缺少“当事人住所或地址”");
    fx_close(&w.f);
}

static void no_penalty_decision(void)
{
    struct world w;
    build_world(&w, "2025-09-01");
    int64_t id = new_case(&w);
    CHECK_INT(fire(&w.f, "a.leader", id, "file", NULL), FZ_OK);
    fx_today(&w.f, "2025-09-10");
    add_evidence(&w, id);
    CHECK_INT(fire(&w.f, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人设置广告牌一块，经责令后当日自行拆除，未造成危害后果。\","
                   "\"proposed_penalty\":\"warning\",\"legal_review_reason\":\"none\"}"),
              FZ_OK);
    CHECK_INT(fire(&w.f, "a.leader", id, "decide_no_penalty",
                   "{\"no_penalty_reason\":\"minor\",\"remedy\":\"如不服本决定，可以在六十日内申请"
                   "行政复议\"}"),
              FZ_OK);
    struct ctx *off = fx_as(&w.f, "a.officer");
    buf pdf;
    CHECK_INT(build(&w, "a.officer", id, "decision", &pdf), FZ_EGUARD);
    CHECK_CONTAINS(off->err.message, "不予行政处罚决定书");
    CHECK_INT(build(&w, "a.officer", id, "no_penalty", &pdf), FZ_OK);
    char *t = pdf_text(&pdf, "no_penalty");
    CHECK_CONTAINS(t, "不予行政处罚决定书");
    CHECK_CONTAINS(t, "甲街道不罚决字〔2025〕1号");
    CHECK_CONTAINS(t, "违法行为轻微并及时改正");
    /* the remedy as recorded lacks the lawsuit's period: the statutory sentence adds it */
    CHECK_CONTAINS(t, "六个月内");
    free(t);
    buf_release(&pdf);
    fx_close(&w.f);
}

static void stored_with_its_digest_and_versions(void)
{
    struct world w;
    build_world(&w, "2025-09-01");
    int64_t id = decided_case(&w);
    /* only those who act on the case make documents */
    struct ctx *staff = fx_as(&w.f, "a.staff");
    struct record *doc = NULL;
    CHECK_INT(case_document_generate(staff, id, "decision", &doc), FZ_EFORBIDDEN);
    /* another subdistrict does not see the case at all */
    CHECK_INT(case_document_generate(fx_as(&w.f, "b.staff"), id, "decision", &doc),
              FZ_ENOTFOUND);
    struct ctx *c = fx_as(&w.f, "a.officer");
    CHECK_INT(case_document_generate(c, id, "decision", &doc), FZ_OK);
    CHECK(doc != NULL);
    const struct value *fv = guard_field(doc, "file");
    CHECK(fv && fv->n == 1);
    struct file_info fi;
    CHECK_INT(file_get(c, fv->ids[0], &fi), FZ_OK);
    CHECK_STR(fi.mime, "application/pdf");
    const void *data;
    size_t n;
    CHECK_INT(file_content(c, fi.sha256, &data, &n), FZ_OK);
    char hex[DIGEST_HEX_LEN];
    CHECK_INT(digest_hex(HASH_SHA256, data, n, hex), 0);
    CHECK_STR(fi.sha256, hex);
    CHECK_STR(fv->codes[0], hex);
    /* the same bytes as a fresh build */
    buf pdf;
    CHECK_INT(build(&w, "a.officer", id, "decision", &pdf), FZ_OK);
    CHECK(pdf.len == n && memcmp(pdf.p, data, n) == 0);
    buf_release(&pdf);
    CHECK_INT(guard_field(doc, "edition")->i, 1);
    CHECK_STR(guard_field(doc, "generated_by")->s, "a.officer");
    /* again, by the leader: a second row, the first kept */
    struct record *doc2 = NULL;
    CHECK_INT(case_document_generate(fx_as(&w.f, "a.leader"), id, "decision", &doc2), FZ_OK);
    CHECK_INT(guard_field(doc2, "edition")->i, 2);
    CHECK(doc2->id != doc->id);
    /* a refused document stores nothing */
    CHECK_INT(case_document_generate(c, id, "no_penalty", &doc2), FZ_EGUARD);
    /* immutable, and audited */
    json_t *j = fx_json("{\"title\":\"改\"}");
    CHECK(entity_update(fx_as(&w.f, "a.leader"), entity_find("case_documents"), doc->id, j,
                        NULL) != FZ_OK);
    json_decref(j);
    /* nobody creates one by hand */
    char js[200];
    snprintf(js, sizeof js,
             "{\"penalty_case\":%lld,\"kind\":\"decision\",\"title\":\"手工\",\"edition\":9,"
             "\"file\":[%lld],\"generated_on\":\"2025-10-14T10:00\",\"generated_by\":"
             "\"a.leader\"}",
             (long long)id, (long long)fv->ids[0]);
    j = fx_json(js);
    CHECK_INT(entity_create(fx_as(&w.f, "a.leader"), entity_find("case_documents"), j, NULL),
              FZ_EFORBIDDEN);
    json_decref(j);
    CHECK_INT(fx_verify(&w.f, NULL), 0);
    stmt *st = db_prepare(w.f.db, "SELECT COUNT(*) FROM case_documents WHERE penalty_case = ?");
    db_bind_int(st, 1, id);
    CHECK(db_step(st) == DB_ROW);
    CHECK_INT(db_col_int(st, 0), 2);
    db_done(st);
    st = db_prepare(w.f.db, "SELECT COUNT(*) FROM audit WHERE action = 'case_documents.create'");
    if (st) {
        CHECK(db_step(st) == DB_ROW);
        CHECK_INT(db_col_int(st, 0), 2);
        db_done(st);
    }
    (void)get_case;
    fx_close(&w.f);
}

void suite_documents(void);
void suite_documents(void)
{
    RUN(decision_has_every_element);
    RUN(refused_before_decision_and_without_elements);
    RUN(no_penalty_decision);
    RUN(stored_with_its_digest_and_versions);
}
