/* demo_disclosure.c — a year of government information disclosure for each demo
 * subdistrict: proactive items published on time, one withdrawn and replaced, one draft
 * overdue and one just made; requests of every applicant kind through correction,
 * consultation, extension and reply (several reply types), one overdue, one due soon, one
 * waiting for the applicant's correction; a reconsideration and a lawsuit. Made through
 * the engine, in date order, by the users who would act. Applicants and documents are
 * fictional. Days are relative to the load day. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "engine/workflow.h"
#include "modules/demo.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

struct item_tmpl {
    const char *title, *category, *body;
    int created, published, withdrawn; /* 0: not (yet) */
    const char *reason;
};

static const struct item_tmpl items[] = {
    {"2026年部门预算公开", "budget",
     "根据区财政局批复，现将本街道2026年部门预算及“三公”经费预算公开如下。", -320, -318, 0, NULL},
    {"街道办事处机构职能、办公地址及联系方式", "organisation",
     "本街道办事处内设党政综合办公室、综合行政执法办公室、社会事务办公室等机构，办公时间为工作日上"
     "午"
     "8:30—12:00、下午14:30—17:30。",
     -300, -299, 0, NULL},
    {"关于调整城乡居民最低生活保障标准的通知", "social_assistance",
     "自2026年4月1日起，城乡居民最低生活保障标准按区人民政府通知调整，请各社区做好政策宣传。", -250,
     -245, 0, NULL},
    {"街道综合行政执法事项清单", "enforcement",
     "根据省人民政府赋权决定，本街道依法实施的行政处罚事项共计若干项，现将事项名称、依据和程序公开"
     "。",
     -200, -196, 0, NULL},
    {"老旧小区改造项目实施情况", "projects",
     "辖区老旧小区改造项目已完成管网改造和外立面整治，现将实施进度和资金使用情况公开。", -150, -140,
     0, NULL},
    {"防汛应急预案（2026年修订）", "emergency",
     "为做好汛期防灾减灾工作，街道修订了防汛应急预案，明确预警响应、人员转移和物资保障措施。", -120,
     -118, 0, NULL},
    {"2025年度财政决算", "budget", "现将本街道2025年度财政决算公开如下。", -90, -85, -80,
     "决算表中一项支出数据有误，已撤回并更正后重新公开。"},
    {"2025年度财政决算（更正）", "budget", "现将本街道2025年度财政决算（更正后）公开如下。", -79,
     -78, 0, NULL},
    {"社区公益性岗位招聘公告", "recruitment",
     "因工作需要，面向辖区登记失业人员招聘社区公益性岗位人员，报名条件和程序如下。", -60, -57, 0,
     NULL},
    {"农村宅基地审批办理指南", "homesteads",
     "本指南说明宅基地申请的条件、材料、流程和办理时限，村民可到党群服务中心咨询。", -40, -33, 0,
     NULL},
    /* still a draft after its 20 working days: overdue on the staff's home page */
    {"2026年第三季度社会救助资金发放情况", "social_assistance",
     "第三季度共发放最低生活保障金、特困人员供养金等社会救助资金，明细附后。", -35, 0, 0, NULL},
    {"冬季消防安全检查情况通报", "supervision",
     "街道联合社区对辖区出租屋、沿街商铺开展冬季消防安全检查，发现的问题已督促整改。", -6, 0, 0,
     NULL},
};
#define NITEMS (sizeof items / sizeof items[0])

struct req_tmpl {
    const char *kind, *name, *channel, *content, *form;
    int received, accepted;
    int ask, until, corrected, closed; /* correction: asked, period, received or 0 (closed) */
    int consult, consulted;
    int extend;
    const char *reply_type;
    int replied;
    const char *challenge; /* kind of a challenge, or NULL */
    int filed, decided;
    const char *outcome;
};

static const struct req_tmpl reqs[] = {
    {"natural_person",
     "周某某",
     "portal",
     "申请公开辖区内某小区加装电梯的审批文件",
     "electronic_email",
     -400,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     "granted",
     -385,
     NULL,
     0,
     0,
     NULL},
    {"business",
     "青川某某物流有限公司",
     "registered_mail",
     "申请公开街道辖区道路临时占用许可的办理结果",
     "paper_post",
     -350,
     -349,
     0,
     0,
     0,
     0,
     -340,
     -330,
     0,
     "partial",
     -322,
     NULL,
     0,
     0,
     NULL},
    {"natural_person",
     "吴某",
     "in_person",
     "申请获取2010年某工厂改制时的职工安置方案",
     "paper_pickup",
     -280,
     -279,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     "unavailable_not_held",
     -270,
     NULL,
     0,
     0,
     NULL},
    {"research",
     "某某大学城市治理研究中心",
     "email",
     "申请获取街道近三年矛盾纠纷调处情况的统计数据",
     "electronic_email",
     -230,
     -229,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     "granted",
     -215,
     NULL,
     0,
     0,
     NULL},
    {"natural_person",
     "郑某某",
     "portal",
     "申请公开“那个文件”",
     "electronic_portal",
     -190,
     0,
     -186,
     -172,
     0,
     -170,
     0,
     0,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     NULL},
    {"public_interest",
     "某某环保公益促进会",
     "portal",
     "申请公开街道关于某地块环境整治的内部讨论记录",
     "electronic_email",
     -150,
     -149,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     "refused_process",
     -140,
     "reconsideration",
     -120,
     -60,
     "upheld"},
    {"natural_person",
     "冯某",
     "portal",
     "反映邻居违章搭建，要求街道依法查处并答复",
     "paper_post",
     -110,
     -109,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     "not_processed_petition",
     -100,
     NULL,
     0,
     0,
     NULL},
    {"legal_service",
     "某某律师事务所",
     "ordinary_mail",
     "申请公开某房屋征收项目的补偿方案",
     "paper_post",
     -80,
     0,
     -76,
     -66,
     -70,
     0,
     0,
     0,
     -45,
     "granted",
     -30,
     NULL,
     0,
     0,
     NULL},
    {"natural_person",
     "褚某某",
     "portal",
     "申请公开本社区2025年度低保审批名单公示情况",
     "electronic_portal",
     -60,
     -59,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     "partial",
     -50,
     "litigation",
     -35,
     0,
     "pending"},
    /* still open: overdue, due soon, just received, waiting for a correction */
    {"business",
     "某某建材商行",
     "portal",
     "申请公开辖区某道路改造工程的招标文件",
     "electronic_email",
     -40,
     -39,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     NULL},
    {"natural_person",
     "卫某",
     "in_person",
     "申请公开本街道养老服务补贴的发放标准和程序",
     "paper_pickup",
     -24,
     -23,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     NULL},
    {"other",
     "某某业主委员会",
     "portal",
     "申请公开小区周边停车场规划的批复",
     "electronic_email",
     -3,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     NULL},
    {"natural_person",
     "蒋某",
     "portal",
     "申请公开有关补贴的文件",
     "electronic_portal",
     -12,
     0,
     -10,
     5,
     0,
     0,
     0,
     0,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     NULL},
};
#define NREQS (sizeof reqs / sizeof reqs[0])

enum act {
    A_ITEM_CREATE,
    A_ITEM_PUBLISH,
    A_ITEM_WITHDRAW,
    A_REQ_CREATE,
    A_REQ_ACCEPT,
    A_REQ_ASK,
    A_REQ_CORRECTED,
    A_REQ_CLOSE,
    A_REQ_CONSULT,
    A_REQ_CONSULTED,
    A_REQ_EXTEND,
    A_REQ_REPLY,
    A_CH_CREATE,
    A_CH_DECIDE,
};

struct event {
    int day, minute, sub, k;
    enum act act;
};

static int by_time(const void *pa, const void *pb)
{
    const struct event *a = pa, *b = pb;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->minute != b->minute)
        return a->minute < b->minute ? -1 : 1;
    if (a->sub != b->sub)
        return a->sub - b->sub;
    if (a->k != b->k)
        return a->k - b->k;
    return (int)a->act - (int)b->act;
}

struct plan {
    struct event ev[2 * (3 * NITEMS + 10 * NREQS)];
    size_t n;
};

static void add(struct plan *p, int day, int minute, int sub, int k, enum act act)
{
    if (p->n < sizeof p->ev / sizeof p->ev[0])
        p->ev[p->n++] = (struct event){day, minute, sub, k, act};
}

/* The second subdistrict's finished work comes two days later; open work is the same age. */
static int shift(int sub, int received)
{
    return sub && received < -60 ? 2 : 0;
}

static void plan_all(struct demo *d, struct plan *p)
{
    for (int sub = 0; sub < 2; sub++) {
        for (size_t k = 0; k < NITEMS; k++) {
            const struct item_tmpl *t = &items[k];
            int s = shift(sub, t->created);
            add(p, d->today + t->created + s, 9 * 60 + 10, sub, (int)k, A_ITEM_CREATE);
            if (t->published)
                add(p, d->today + t->published + s, 15 * 60, sub, (int)k, A_ITEM_PUBLISH);
            if (t->withdrawn)
                add(p, d->today + t->withdrawn + s, 10 * 60, sub, (int)k, A_ITEM_WITHDRAW);
        }
        for (size_t k = 0; k < NREQS; k++) {
            const struct req_tmpl *t = &reqs[k];
            int s = shift(sub, t->received), base = d->today + s;
            add(p, base + t->received, 9 * 60 + 40, sub, (int)k, A_REQ_CREATE);
            if (t->accepted)
                add(p, base + t->accepted, 10 * 60 + 30, sub, (int)k, A_REQ_ACCEPT);
            if (t->ask)
                add(p, base + t->ask, 11 * 60, sub, (int)k, A_REQ_ASK);
            if (t->corrected)
                add(p, base + t->corrected, 14 * 60, sub, (int)k, A_REQ_CORRECTED);
            if (t->closed)
                add(p, base + t->closed, 14 * 60 + 30, sub, (int)k, A_REQ_CLOSE);
            if (t->consult)
                add(p, base + t->consult, 11 * 60 + 20, sub, (int)k, A_REQ_CONSULT);
            if (t->consulted)
                add(p, base + t->consulted, 16 * 60, sub, (int)k, A_REQ_CONSULTED);
            if (t->extend)
                add(p, base + t->extend, 16 * 60 + 30, sub, (int)k, A_REQ_EXTEND);
            if (t->reply_type)
                add(p, base + t->replied, 15 * 60 + 30, sub, (int)k, A_REQ_REPLY);
            if (t->challenge)
                add(p, base + t->filed, 10 * 60, sub, (int)k, A_CH_CREATE);
            if (t->challenge && t->decided)
                add(p, base + t->decided, 10 * 60 + 15, sub, (int)k, A_CH_DECIDE);
        }
    }
    qsort(p->ev, p->n, sizeof p->ev[0], by_time);
}

struct ids {
    int64_t items[NITEMS], reqs[NREQS], challenges[NREQS];
};

static fz_err fire(struct ctx *c, const struct entity *e, int64_t id, const char *name, json_t *j)
{
    fz_err err = workflow_fire(c, e, id, name, j, NULL);
    json_decref(j);
    return err;
}

static fz_err create(struct ctx *c, const struct entity *e, json_t *j, int64_t *id)
{
    struct record *r = NULL;
    fz_err err = j ? entity_create(c, e, j, &r) : ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    json_decref(j);
    if (!err)
        *id = r->id;
    return err;
}

static fz_err run(struct demo *d, const struct event *ev, struct ids *ids)
{
    const char *p = d->subdistricts[ev->sub], *code = d->codes[ev->sub];
    bool leader_acts = ev->act == A_REQ_EXTEND || ev->act == A_CH_DECIDE;
    struct ctx c;
    fz_err e = demo_ctx(d, arena_printf(d->a, "%s.%s", p, leader_acts ? "leader" : "staff"),
                        ev->day, ev->minute, &c);
    if (e)
        return e;
    const struct item_tmpl *it = &items[ev->k];
    const struct req_tmpl *rt = &reqs[ev->k];
    const struct entity *pe = &entity_proactive_disclosures, *re = &entity_disclosure_requests;
    int64_t rid = ids->reqs[ev->k];
    char day[11];
    date_format(ev->day, day);
    switch (ev->act) {
    case A_ITEM_CREATE:
        e = create(&c, pe,
                   json_pack("{s:s,s:s,s:s,s:s}", "title", it->title, "category", it->category,
                             "unit", code, "body", it->body),
                   &ids->items[ev->k]);
        break;
    case A_ITEM_PUBLISH:
        e = fire(&c, pe, ids->items[ev->k], "publish", NULL);
        break;
    case A_ITEM_WITHDRAW:
        e = fire(&c, pe, ids->items[ev->k], "withdraw",
                 json_pack("{s:s}", "withdrawal_reason", it->reason));
        break;
    case A_REQ_CREATE: {
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "unit", code, "channel", rt->channel,
                      "received_on", day, "applicant_kind", rt->kind, "applicant_name", rt->name,
                      "id_number", arena_printf(d->a, "演示证件-%d%02d", ev->sub + 1, ev->k + 1),
                      "phone", "0000-0000000", "content", rt->content, "desired_form", rt->form);
        if (j && strcmp(rt->channel, "portal") != 0)
            json_object_set_new(j, "address", json_string("青川区某某路某号（演示地址）"));
        if (!j) {
            e = FZ_EINTERNAL;
            break;
        }
        if (strcmp(rt->channel, "portal") == 0) {
            /* as the public would, on the portal */
            json_object_del(j, "unit");
            json_object_del(j, "channel");
            json_object_del(j, "received_on");
            char tc[TRACKING_CODE_LEN + 1];
            e = disclosure_submit(&c, code, j, tc);
            json_decref(j);
            if (!e) {
                stmt *st = db_prepare(c.db, "SELECT id FROM disclosure_requests WHERE "
                                            "tracking_code = ?");
                if (!st)
                    return FZ_EDB;
                db_bind_text(st, 1, tc);
                e = db_step(st) == DB_ROW ? FZ_OK : FZ_EDB;
                if (!e)
                    ids->reqs[ev->k] = db_col_int(st, 0);
                db_done(st);
            }
        } else {
            e = create(&c, re, j, &ids->reqs[ev->k]);
        }
        break;
    }
    case A_REQ_ACCEPT:
        e = fire(&c, re, rid, "accept", NULL);
        break;
    case A_REQ_ASK: {
        char until[11];
        date_format(d->today + shift(ev->sub, rt->received) + rt->until, until);
        e = fire(&c, re, rid, "request_correction",
                 json_pack("{s:s,s:s}", "correction_items",
                           "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述。",
                           "correction_until", until));
        break;
    }
    case A_REQ_CORRECTED:
        e = fire(&c, re, rid, "correction_received", json_pack("{s:s}", "corrected_on", day));
        break;
    case A_REQ_CLOSE:
        e = fire(&c, re, rid, "close_uncorrected",
                 json_pack("{s:s}", "reply_text",
                           "您未在补正期限内补正申请内容，视为放弃申请，本机关不再处理该申请。"));
        break;
    case A_REQ_CONSULT:
        e = fire(&c, re, rid, "consult", json_pack("{s:s}", "third_party", "某某置业有限公司"));
        break;
    case A_REQ_CONSULTED:
        e = fire(&c, re, rid, "consultation_done",
                 json_pack("{s:s}", "note", "第三方书面回复：涉及商业秘密的部分不同意公开。"));
        break;
    case A_REQ_EXTEND:
        e = fire(
            &c, re, rid, "extend",
            json_pack(
                "{s:i,s:s}", "extension_days", 15, "extension_reason",
                "所需信息分散在多个部门和档案中，需要逐一调取核对，经负责人同意延长答复期限。"));
        break;
    case A_REQ_REPLY:
        e = fire(
            &c, re, rid, "reply",
            json_pack(
                "{s:s,s:s}", "reply_type", rt->reply_type, "reply_text",
                strcmp(rt->reply_type, "granted") == 0
                    ? "经审查，您申请的政府信息属于公开范围，现予以提供。"
                : strcmp(rt->reply_type, "partial") == 0
                    ? "经审查，所申请信息中涉及个人隐私和商业秘密的部分不予公开，其余部分予以提供。"
                    : "经审查，依据《中华人民共和国政府信息公开条例》的有关规定，现答复如下：详见答"
                      "复书。"));
        break;
    case A_CH_CREATE: {
        char filed[11];
        date_format(ev->day, filed);
        e = create(&c, &entity_disclosure_challenges,
                   json_pack("{s:I,s:s,s:s,s:s,s:s}", "request", (json_int_t)rid, "kind",
                             rt->challenge, "filed_on", filed, "outcome", "pending", "summary",
                             "申请人对答复不服，依法提出。"),
                   &ids->challenges[ev->k]);
        break;
    }
    case A_CH_DECIDE: {
        struct record *r = NULL;
        json_t *j = json_pack("{s:s,s:s}", "outcome", rt->outcome, "decided_on", day);
        e = j ? entity_update(&c, &entity_disclosure_challenges, ids->challenges[ev->k], j, &r)
              : FZ_EINTERNAL;
        json_decref(j);
        break;
    }
    }
    if (e)
        log_error("demo: disclosure %s event %d of item %d failed: %s", p, (int)ev->act, ev->k,
                  c.err.message ? c.err.message : err_text(e));
    return e;
}

fz_err disclosure_demo(struct demo *d)
{
    struct plan *p = arena_calloc(d->a, 1, sizeof *p);
    plan_all(d, p);
    struct ids ids[2];
    memset(ids, 0, sizeof ids);
    for (size_t i = 0; i < p->n; i++) {
        if (p->ev[i].day > d->today)
            continue;
        fz_err e = run(d, &p->ev[i], &ids[p->ev[i].sub]);
        if (e) {
            demo_done();
            return e;
        }
    }
    demo_done();
    return FZ_OK;
}
