/* demo_scale.c — fazhi demo --scale N: a fictional city for benchmarks. N subdistricts, each
 * with the departments, communities and users of a demo subdistrict, the demo's enforcement
 * catalogue, officers and parties, and over Y years a volume of penalty cases, key tasks and
 * proactive disclosures with text from small word tables. Everything is made through the
 * engine (entity_create, workflow_fire), so every record is audited and `fazhi verify`
 * passes; for speed many writes share one transaction (they nest) and the load runs with
 * PRAGMA synchronous=OFF (PostgreSQL: synchronous_commit off), restored afterwards. The same seed
 * gives the same content: the random choices come from one splitmix64 stream and every instant from
 * the pinned clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "modules/demo.h"
#include "modules/disclosure/disclosure.h"
#include "modules/enforcement/demo_enforcement.h"
#include "modules/enforcement/enforcement.h"
#include "modules/enforcement/rules.h"
#include "modules/modules.h"
#include "core/banned.h"

/* ---- randomness ---------------------------------------------------------------------------- */

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int pick(uint64_t *s, int n)
{
    return (int)(next(s) % (uint64_t)n);
}

#define PICK(s, arr) ((arr)[pick(s, (int)(sizeof(arr) / sizeof(arr)[0]))])

/* ---- word tables ----------------------------------------------------------------------------- */

static const char *const place1[] = {"东", "西", "南", "北", "长", "安", "平", "新", "清", "明",
                                     "和", "兴", "永", "龙", "凤", "青", "金", "玉", "福", "文"};
static const char *const place2[] = {"湖", "岭", "山", "河", "桥", "园", "林", "江", "城", "塘",
                                     "港", "亭", "坊", "湾", "溪", "川", "原", "阳", "宁", "泉"};
static const char *const community[] = {"社区", "社区", "社区", "社区", "村", "社区"};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                       "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
static const char *const given[] = {"伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",
                                    "磊",   "军",   "洋",   "勇",   "艳",   "杰",   "娟",
                                    "涛",   "明",   "超",   "秀英", "霞",   "平",   "刚",
                                    "桂英", "建华", "志强", "海燕", "晓东", "春梅", "国平"};
static const char *const roads[] = {"人民路", "解放路", "建设路", "中山路", "和平路", "文化路",
                                    "新华路", "滨河路", "青年路", "胜利路", "光明路", "学府路"};
static const char *const shops[] = {"餐饮店",       "便利店",      "五金店",   "服装店",
                                    "水果店",       "烧烤店",      "装饰公司", "物业服务公司",
                                    "建筑工程公司", "运输有限公司"};

/* What a case is about: the demo matter, the act and facts (%s: the place). */
static const struct {
    enum demo_matter matter;
    const char *act, *facts;
    bool org; /* the party is an organisation */
    int fine; /* a summary fine in yuan (0: a warning) */
} acts[] = {
    {DM_STALL, "当事人在%s占道经营", "当事人在%s人行道摆摊经营，占道约%d平方米。", false, 50},
    {DM_STALL, "当事人在%s人行道摆摊", "当事人在%s人行道摆放货架销售水果，占道约%d平方米。", false,
     0},
    {DM_POSTER, "当事人在%s沿街设施上张贴宣传品", "当事人在%s公交站亭、电线杆张贴宣传单%d张。",
     true, 200},
    {DM_GARBAGE, "当事人在%s乱倒生活垃圾", "当事人在%s绿化带倾倒生活垃圾约%d袋。", false, 50},
    {DM_SPILL, "当事人运输渣土在%s造成遗撒", "当事人渣土运输车辆未密闭，在%s造成约%d米路面遗撒。",
     true, 0},
    {DM_WASTE, "当事人在%s随意倾倒建筑垃圾", "当事人在%s空地倾倒装修建筑垃圾约%d立方米。", true, 0},
    {DM_ADS, "当事人未经批准在%s设置广告牌", "当事人在%s设置户外广告牌，面积约%d平方米，未经批准。",
     true, 0},
    {DM_FIRELANE, "当事人占用%s消防车通道", "当事人将车辆停放在%s小区消防车通道内约%d小时。", false,
     200},
    {DM_GRAFFITI, "当事人在%s公共设施上涂写", "当事人在%s配电箱外壳喷涂小广告约%d处。", false, 0},
};

static const struct {
    const char *category, *title, *description;
} task_words[] = {
    {"law_study", "组织%s会前学法", "围绕%s组织学法，学习记录归档备查。"},
    {"enforcement", "开展%s执法专项行动", "针对%s开展专项整治，建立问题台账，限期整改。"},
    {"decisions", "做好%s合法性审查", "对%s相关文件和合同开展合法性审查，建立审查台账。"},
    {"disputes", "开展%s矛盾纠纷排查", "以网格为单位排查%s相关矛盾纠纷，落实包案责任人。"},
    {"minors", "开展%s未成年人保护宣传", "联合学校和社区开展%s主题宣传和帮扶。"},
    {"outreach", "组织%s主题普法活动", "在各社区法治文化阵地开展%s普法宣传。"},
};
static const char *const topics[] = {"民法典",   "宪法",     "行政处罚法", "安全生产", "消防安全",
                                     "垃圾分类", "市容环境", "物业管理",   "反诈宣传", "禁毒"};
static const char *const task_depts[] = {"DZB", "ZF", "SFS", "ZZ", "SW"};

static const struct {
    const char *category, *suffix;
} item_words[] = {
    {"plans", "工作计划"},      {"statistics", "工作情况统计"},
    {"services", "办事指南"},   {"enforcement", "执法检查结果公示"},
    {"budget", "专项经费预算"}, {"organisation", "工作机构职能"},
};

/* Departments, communities and users of each subdistrict (as cmd_demo.c's). */
static const struct {
    const char *suffix, *name, *kind;
} units[] = {
    {"DZB", "党政综合办公室", "department"},
    {"ZF", "综合行政执法办公室", "department"},
    {"SFS", "司法所", "department"},
    {"ZZ", "综治中心", "department"},
    {"SW", "社会事务办公室", "department"},
    {"JJ", "经济发展办公室", "department"},
    {"DQ", "党群服务中心", "department"},
    {"SQ1", NULL, "community"},
    {"SQ2", NULL, "community"},
    {"SQ3", NULL, "community"},
    {"SQ4", NULL, "community"},
    {"SQ5", NULL, "community"},
    {"SQ6", NULL, "community"},
};
static const struct {
    const char *user, *role, *unit, *extra_role, *extra_unit;
} people[] = {
    {"admin", "admin", "", NULL, NULL},
    {"leader", "leader", "", NULL, NULL},
    {"shuji", "leader", "", NULL, NULL},
    {"staff", "staff", "", NULL, NULL},
    {"zf.head", "leader", "ZF", "staff", "ZF"},
    {"zf.officer1", "officer", "ZF", NULL, NULL},
    {"zf.officer2", "officer", "ZF", NULL, NULL},
    {"reviewer", "staff", "SFS", "legal_reviewer", ""},
    {"advisor", "legal_advisor", "", NULL, NULL},
    {"mediator", "mediator", "SFS", "staff", "SFS"},
    {"zz", "staff", "ZZ", NULL, NULL},
    {"sw", "staff", "SW", NULL, NULL},
    {"sq.staff", "staff", "SQ2", NULL, NULL},
    {"grid1", "grid_worker", "SQ1", NULL, NULL},
    {"grid2", "grid_worker", "SQ3", NULL, NULL},
};

#define EXTRA_CITIZENS 24

/* A table's text with its "%s" replaced by s and its "%d" by num. */
static const char *fill(arena *a, const char *text, const char *s, int num)
{
    buf b;
    buf_init(&b, 0);
    for (const char *p = text; *p; p++) {
        if (p[0] == '%' && p[1] == 's')
            buf_puts(&b, s), p++;
        else if (p[0] == '%' && p[1] == 'd')
            buf_printf(&b, "%d", num), p++;
        else
            buf_putc(&b, *p);
    }
    const char *out = arena_strndup(a, b.p ? b.p : "", b.len);
    buf_release(&b);
    return out;
}

/* ---- the load ---------------------------------------------------------------------------- */

struct gen {
    struct demo *d;
    const struct scale_opts *o;
    uint64_t rng;
    int sub;           /* this subdistrict's index */
    const char *p, *c; /* username prefix ("s001") and code ("S001") */
    const char *name;  /* 东湖街道 */
    struct demo_enf en;
    int64_t citizens[EXTRA_CITIZENS];
    int pending; /* writes in the open transaction */
    long long cases, records, form_no;
    struct timespec t0, last;
};

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(struct gen *g, bool force)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && since(&g->last, &now) < 3)
        return;
    g->last = now;
    int s = (int)since(&g->t0, &now);
    fprintf(stderr,
            "已生成 %d/%d 个街道，案件 %lld 件，记录 %lld 条，用时 %dm%02ds（%.0f 条/秒）\n",
            g->sub, g->o->n, g->cases, g->records, s / 60, s % 60,
            g->records / (since(&g->t0, &now) > 0 ? since(&g->t0, &now) : 1));
}

/* Commits the shared transaction every so many writes and opens the next. */
static fz_err tick(struct gen *g, int writes)
{
    g->records += writes;
    g->pending += writes;
    if (g->pending < 2000)
        return FZ_OK;
    g->pending = 0;
    fz_err e = db_commit(g->d->db);
    if (!e)
        e = db_begin(g->d->db, true);
    progress(g, false);
    return e;
}

static fz_err as(struct gen *g, const char *who, int day, int minute, struct ctx *c)
{
    return demo_ctx(g->d, arena_printf(g->d->a, "%s.%s", g->p, who), day, minute, c);
}

static fz_err failed(struct gen *g, struct ctx *c, fz_err e, const char *what)
{
    log_error("demo --scale: %s (%s) failed: %s", what, g->p,
              c->err.message ? c->err.message : err_text(e));
    return e;
}

static fz_err create(struct gen *g, struct ctx *c, const struct entity *e, json_t *j, int64_t *id)
{
    struct record *r = NULL;
    fz_err err = j ? entity_create(c, e, j, &r) : FZ_EINTERNAL;
    json_decref(j);
    if (err)
        return failed(g, c, err, e->name);
    if (id)
        *id = r->id;
    return tick(g, 1);
}

static fz_err fire(struct gen *g, struct ctx *c, const struct entity *e, int64_t id,
                   const char *name, json_t *j)
{
    fz_err err = workflow_fire(c, e, id, name, j, NULL);
    json_decref(j);
    if (err)
        return failed(g, c, err, name);
    return tick(g, 1);
}

static fz_err orgs_and_users(struct gen *g, struct ctx *sys)
{
    struct demo *d = g->d;
    fz_err e = org_add(sys, g->c, g->name, "subdistrict", "QC", NULL);
    for (size_t u = 0; !e && u < sizeof units / sizeof units[0]; u++) {
        const char *name = units[u].name;
        if (!name)
            name = arena_printf(d->a, "%s%s%s", PICK(&g->rng, place1), PICK(&g->rng, place2),
                                community[u % 6]);
        e = org_add(sys, arena_printf(d->a, "%s-%s", g->c, units[u].suffix), name, units[u].kind,
                    g->c, NULL);
    }
    for (size_t k = 0; !e && k < sizeof people / sizeof people[0]; k++) {
        const char *org =
            *people[k].unit ? arena_printf(d->a, "%s-%s", g->c, people[k].unit) : g->c;
        const char *name =
            arena_printf(d->a, "%s%s", PICK(&g->rng, surnames), PICK(&g->rng, given));
        int64_t uid;
        e = user_add(sys, arena_printf(d->a, "%s.%s", g->p, people[k].user), name, org,
                     people[k].role, DEMO_PASSWORD, &uid);
        if (!e && people[k].extra_role)
            e = user_role_add(sys, uid, people[k].extra_role,
                              *people[k].extra_unit
                                  ? arena_printf(d->a, "%s-%s", g->c, people[k].extra_unit)
                                  : g->c);
    }
    return e;
}

/* More citizens than the catalogue's eight, with fictional identity numbers (990101…). */
static fz_err citizens(struct gen *g, int day)
{
    struct ctx c;
    fz_err e = as(g, "zf.officer1", day, 15 * 60, &c);
    for (int i = 0; !e && i < EXTRA_CITIZENS; i++) {
        char id[19];
        int born =
            date_from_ymd(1950 + pick(&g->rng, 50), 1 + pick(&g->rng, 12), 1 + pick(&g->rng, 28));
        char b[11];
        date_format(born, b); /* YYYY-MM-DD */
        snprintf(id, sizeof id, "990101%.4s%.2s%.2s%03d", b, b + 5, b + 8, pick(&g->rng, 999));
        id[17] = id_number_check(id);
        id[18] = 0;
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "citizen", "name",
                      arena_printf(g->d->a, "%s%s", PICK(&g->rng, surnames), PICK(&g->rng, given)),
                      "org", arena_printf(g->d->a, "%s-SQ%d", g->c, 1 + pick(&g->rng, 6)),
                      "id_number", id, "address",
                      arena_printf(g->d->a, "%s%s%d号", g->name, PICK(&g->rng, roads),
                                   1 + pick(&g->rng, 300)),
                      "phone", arena_printf(g->d->a, "1390%07d", pick(&g->rng, 10000000)));
        e = create(g, &c, &entity_parties, j, &g->citizens[i]);
    }
    return e;
}

/* One case: made on day `found` and, by its kind, walked on: filed, declined, or decided on
 * the spot, paid, closed and archived. */
static fz_err one_case(struct gen *g, int found)
{
    struct demo *d = g->d;
    int a = pick(&g->rng, (int)(sizeof acts / sizeof acts[0]));
    int roll = pick(&g->rng, 100);
    bool on_site = roll < 15 && acts[a].fine >= 0;
    const char *road = PICK(&g->rng, roads);
    int64_t party = acts[a].org ? g->en.orgs[pick(&g->rng, DEMO_ORGS)]
                                : (pick(&g->rng, 4) ? g->citizens[pick(&g->rng, EXTRA_CITIZENS)]
                                                    : g->en.citizens[pick(&g->rng, DEMO_CITIZENS)]);
    const char *place = arena_printf(d->a, "%s%s", road, PICK(&g->rng, shops));
    const char *act = fill(d->a, acts[a].act, place, 0);
    const char *facts = fill(d->a, acts[a].facts, place, 2 + pick(&g->rng, 30));
    bool head = pick(&g->rng, 3) == 0;
    int minute = 8 * 60 + 30 + pick(&g->rng, 8 * 60);
    struct ctx c;
    fz_err e = as(g, "zf.officer1", found, minute, &c);
    if (e)
        return e;
    json_t *officers = json_pack("[I,I]", (json_int_t)g->en.cert_officer1,
                                 (json_int_t)(head ? g->en.cert_head : g->en.cert_officer2));
    json_t *j =
        json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:o,s:s,s:s,s:s}", "act_summary", act, "procedure",
                  on_site ? "summary" : "ordinary", "department", g->en.dept, "source",
                  roll % 3 ? "inspection" : "complaint", "matter",
                  (json_int_t)g->en.matters[acts[a].matter], "party", (json_int_t)party, "officers",
                  officers, "occurred_on", demo_date(d, found - (on_site ? 0 : 1)), "location",
                  arena_printf(d->a, "%s%s", g->name, road), "facts", facts);
    int64_t id;
    if ((e = create(g, &c, &entity_penalty_cases, j, &id)))
        return e;
    g->cases++;
    int T = d->today;
    if (on_site) {
        bool fine = acts[a].fine > 0;
        char amount[16];
        snprintf(amount, sizeof amount, "%d", acts[a].fine);
        j = json_pack("{s:s,s:s,s:s,s:s,s:s}", "facts", facts, "decided_penalty",
                      fine ? "fine" : "warning", "on_site_form_number",
                      arena_printf(d->a, "%s-DC-%06lld", g->c, ++g->form_no), "performance",
                      fine ? "自收到本决定书之日起十五日内到指定银行缴纳罚款。"
                           : "当事人应当立即改正违法行为。",
                      "remedy",
                      "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内"
                      "提起行政诉讼。");
        if (fine)
            json_object_set_new(j, "decided_fine", json_string(amount));
        if ((e = as(g, "zf.officer1", found, minute + 20, &c)) ||
            (e = fire(g, &c, &entity_penalty_cases, id, "decide_on_site", j)))
            return e;
        int done = fine ? found + 3 : found;
        if (done >= T)
            return FZ_OK;
        if ((e = as(g, "zf.officer1", done, 16 * 60, &c)) ||
            (e = fine ? fire(g, &c, &entity_penalty_cases, id, "record_payment",
                             json_pack("{s:s,s:s}", "paid_amount", amount, "paid_on",
                                       demo_date(d, done)))
                      : fire(g, &c, &entity_penalty_cases, id, "execute_other",
                             json_pack("{s:s}", "note", "当事人已当场改正违法行为。"))))
            return e;
        int closed = calendar_add_working_days(d->cal, done, 3, NULL, NULL);
        if (closed >= T)
            return FZ_OK;
        if ((e = as(g, "zf.head", closed, 10 * 60, &c)) ||
            (e = fire(g, &c, &entity_penalty_cases, id, "close",
                      json_pack("{s:s}", "note", "处罚决定已执行完毕，同意结案。"))))
            return e;
        int archived = calendar_add_working_days(d->cal, closed, 5, NULL, NULL);
        if (archived >= T)
            return FZ_OK;
        if ((e = as(g, "zf.head", archived, 16 * 60, &c)) ||
            (e = fire(g, &c, &entity_penalty_cases, id, "archive",
                      json_pack("{s:s}", "note", "案卷材料齐全，按一案一卷归档。"))))
            return e;
        return FZ_OK;
    }
    int next = calendar_add_working_days(d->cal, found, 1 + pick(&g->rng, 2), NULL, NULL);
    if (next >= T || roll >= 25)
        return FZ_OK; /* a clue awaiting the head's decision */
    if ((e = as(g, "zf.head", next, 9 * 60 + 30, &c)))
        return e;
    if (roll < 22)
        return fire(g, &c, &entity_penalty_cases, id, "file",
                    json_pack("{s:s}", "note", "经审查，符合立案条件，同意立案。"));
    return fire(g, &c, &entity_penalty_cases, id, "decline",
                json_pack("{s:s}", "reason", "经现场核查，违法事实不成立，不予立案。"));
}

/* A key task: drafted, mostly assigned, many started. */
static fz_err one_task(struct gen *g, int day)
{
    struct demo *d = g->d;
    int w = pick(&g->rng, (int)(sizeof task_words / sizeof task_words[0]));
    const char *topic = PICK(&g->rng, topics);
    struct ctx c;
    fz_err e = as(g, "staff", day, 9 * 60 + pick(&g->rng, 480), &c);
    if (e)
        return e;
    const char *dept = PICK(&g->rng, task_depts);
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:[],s:s,s:s}", "title", fill(d->a, task_words[w].title, topic, 0),
        "category", task_words[w].category, "department", arena_printf(d->a, "%s-%s", g->c, dept),
        "partners", "due_date", demo_date(d, day + 30 + pick(&g->rng, 90)), "description",
        fill(d->a, task_words[w].description, topic, 0));
    int64_t id;
    if ((e = create(g, &c, &entity_tasks, j, &id)))
        return e;
    int roll = pick(&g->rng, 10);
    if (roll < 2 || day + 2 >= d->today)
        return FZ_OK;
    if ((e = as(g, "leader", day + 2, 10 * 60, &c)) ||
        (e = fire(g, &c, &entity_tasks, id, "assign",
                  json_pack("{s:s}", "note", "请牵头单位按时限推进。"))))
        return e;
    if (roll < 5 || day + 5 >= d->today)
        return FZ_OK;
    static const char *const doers[] = {"staff", "zf.head", "mediator", "zz", "sw"};
    const char *who = "staff";
    for (size_t i = 0; i < sizeof task_depts / sizeof task_depts[0]; i++)
        if (strcmp(task_depts[i], dept) == 0)
            who = doers[i];
    if ((e = as(g, who, day + 5, 9 * 60, &c)))
        return e;
    return fire(g, &c, &entity_tasks, id, "start", NULL);
}

/* A proactive disclosure item: drafted by the staff, most published by the leader. */
static fz_err one_item(struct gen *g, int day)
{
    struct demo *d = g->d;
    int w = pick(&g->rng, (int)(sizeof item_words / sizeof item_words[0]));
    int y, m, dd;
    date_to_ymd(day, &y, &m, &dd);
    const char *topic = PICK(&g->rng, topics);
    const char *title = arena_printf(d->a, "%d年%s%s%s", y, g->name, topic, item_words[w].suffix);
    struct ctx c;
    fz_err e = as(g, "staff", day, 14 * 60 + pick(&g->rng, 180), &c);
    int64_t id;
    if (e ||
        (e = create(g, &c, &entity_proactive_disclosures,
                    json_pack("{s:s,s:s,s:s,s:s}", "title", title, "category",
                              item_words[w].category, "unit", g->c, "body",
                              arena_printf(d->a, "%s：%s相关信息，依法主动公开。", title, topic)),
                    &id)))
        return e;
    if (pick(&g->rng, 5) == 0 || day + 1 >= d->today)
        return FZ_OK;
    if ((e = as(g, "leader", day + 1, 10 * 60, &c)))
        return e;
    return fire(g, &c, &entity_proactive_disclosures, id, "publish", NULL);
}

/* One subdistrict: its organisations and users, catalogue, and the years of work. */
static fz_err subdistrict(struct gen *g, struct ctx *sys)
{
    struct demo *d = g->d;
    fz_err err = orgs_and_users(g, sys);
    if (err)
        return err;
    /* the catalogue's code is its [sub % 2] slot */
    d->subdistricts[g->sub % 2] = g->p;
    d->codes[g->sub % 2] = g->c;
    d->nactors = 0;
    if ((err = demo_enforcement_catalogue(d, g->sub % 2, &g->en)) ||
        (err = citizens(g, d->catalogue_from + 1)))
        return err;
    int T = d->today, first = T - 365 * g->o->years;
    int cases = g->o->cases_per_year * g->o->years;
    int tasks = 24 * g->o->years, items = 30 * g->o->years;
    int total = cases + tasks + items;
    fz_err e = FZ_OK;
    /* the work, in date order: a case, task or item on evenly spread working days, drawn so
     * that the totals are exact; the events' memory comes from an arena renewed now and then */
    arena *keep = d->a;
    for (int i = 0; i < total && !e; i++) {
        if (i % 256 == 0) {
            if (d->a != keep)
                arena_free(d->a);
            d->a = arena_new();
        }
        int day = first + (int)((int64_t)i * (T - first) / total);
        while (!calendar_is_working(d->cal, day) && day < T - 1)
            day++;
        int r = pick(&g->rng, total - i);
        if (r < cases)
            cases--, e = one_case(g, day);
        else if (r < cases + tasks)
            tasks--, e = one_task(g, day);
        else
            e = one_item(g, day);
        d->nactors = 0; /* the actor cache is small; users are looked up again */
    }
    if (d->a != keep)
        arena_free(d->a);
    d->a = keep;
    return e;
}

fz_err demo_scale(struct cli_env *env, const char *data_dir, const struct scale_opts *o)
{
    struct ctx *sys = &env->ctx;
    int64_t sup;
    fz_err e;
    if ((e = org_add(sys, "QC", "青川市", "district", NULL, NULL)) ||
        (e = org_add(sys, "QC-SFJ", "市司法局", "department", "QC", NULL)) ||
        (e = user_add(sys, "qc.admin", "市平台管理员", "QC", "admin", DEMO_PASSWORD, NULL)) ||
        (e = user_add(sys, "qc.supervisor", "市执法监督员", "QC-SFJ", "supervisor", DEMO_PASSWORD,
                      &sup)) ||
        (e = user_role_add(sys, sup, "supervisor", "QC"))) /* reads the whole city */
        return e;
    bool pg = db_backend(env->db) == STORE_POSTGRES;
    if ((e = db_exec(env->db, pg ? "SET synchronous_commit = off" : "PRAGMA synchronous=OFF")))
        return e;
    struct gen g = {.o = o, .rng = o->seed};
    clock_gettime(CLOCK_MONOTONIC, &g.t0);
    g.last = g.t0;
    for (int s = 0; s < o->n && !e; s++) {
        /* each subdistrict's records come from an arena of its own, freed after it */
        arena *a = arena_new();
        struct demo d = {.db = env->db,
                         .a = a,
                         .cal = env->cal,
                         .alg = env->ctx.alg,
                         .today = env->ctx.today,
                         .data_dir = data_dir,
                         .catalogue_from = env->ctx.today - 365 * o->years - 40};
        g.d = &d;
        g.sub = s;
        g.rng = o->seed * 1000003ULL + (uint64_t)s; /* each subdistrict its own stream */
        g.p = arena_printf(a, "s%03d", s + 1);
        g.c = arena_printf(a, "S%03d", s + 1);
        g.name = s < 400 ? arena_printf(a, "%s%s街道", place1[s % 20], place2[s / 20])
                         : arena_printf(a, "第%d街道", s + 1);
        struct ctx asys;
        ctx_init(&asys, env->db, a, env->cal, sys->actor, env->ctx.alg);
        if (!(e = db_begin(env->db, true))) {
            e = subdistrict(&g, &asys);
            demo_done();
            fz_err ce = e ? (db_rollback(env->db), FZ_OK) : db_commit(env->db);
            if (!e)
                e = ce;
        }
        g.pending = 0;
        if (e && asys.err.message)
            sys->err = asys.err, sys->err.message = arena_strdup(env->a, asys.err.message);
        arena_free(a);
        if (!e)
            g.sub = s + 1, progress(&g, s + 1 == o->n);
    }
    /* durable again for whatever follows on this connection */
    fz_err durable =
        db_exec(env->db, pg ? "SET synchronous_commit = on" : "PRAGMA synchronous=FULL");
    if (!e && durable)
        e = durable;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs = since(&g.t0, &now);
    if (!e)
        printf(
            "city loaded: %d subdistricts, %lld cases, %lld records in %.1f s (%.0f records/s)\n",
            o->n, g.cases, g.records, secs, secs > 0 ? g.records / secs : 0.0);
    return e;
}
