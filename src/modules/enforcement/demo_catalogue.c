/* demo_catalogue.c — what a demo subdistrict's enforcement office starts with: a sample
 * catalogue of matters (city appearance, sanitation, construction waste, outdoor advertising,
 * fire lanes) with discretion benchmarks, exemption lists and hearing thresholds; the
 * officers' certificates and training; and the parties of the year's cases. All of it is
 * written for the demo: the people and companies are fictional, and where a penalty basis is
 * a local regulation it is marked as demo data. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "engine/files.h"
#include "modules/enforcement/demo_enforcement.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define LOCAL_RULE "《青川市市容和环境卫生管理办法》（演示数据）"
#define DELEGATION "省人民政府关于向街道下放部分县级行政执法权的决定（演示数据）"

/* The matters, with the benchmark tiers in yuan (0/0: no such tier) for citizens and for
 * organisations, and an exemption where the demo has one. */
static const struct {
    const char *code, *name, *category, *legal_basis, *penalty_basis, *competent_body;
    int citizen[3][2], org[3][2];
    const char *circumstances[3];
    const char *exemption_kind, *exemption;
} matters[DM__COUNT] = {
    [DM_STALL] = {"SR-001",
                  "擅自占用城市道路、公共场地摆摊设点",
                  "city_appearance",
                  "《城市市容和环境卫生管理条例》第十四条",
                  LOCAL_RULE "第二十八条",
                  "市容环境卫生主管部门",
                  {{50, 100}, {100, 300}, {300, 500}},
                  {{0, 0}, {0, 0}, {0, 0}},
                  {"占道面积较小、经劝导后及时改正", "占道经营影响通行，经责令后改正",
                   "在主次干道占道经营或拒不改正、多次违法"},
                  "first_violation",
                  "初次在非主干道占道经营，经劝导立即自行撤离，未阻碍交通"},
    [DM_POSTER] = {"SR-002",
                   "未经批准在建筑物、设施上张挂、张贴宣传品",
                   "city_appearance",
                   "《城市市容和环境卫生管理条例》第十七条",
                   "《城市市容和环境卫生管理条例》第三十六条第（二）项",
                   "市容环境卫生主管部门",
                   {{20, 50}, {50, 100}, {100, 200}},
                   {{100, 500}, {500, 1000}, {1000, 2000}},
                   {"数量较少且当场清除", "数量较多，责令后清除", "大面积张贴或拒不清除"},
                   "minor",
                   "张贴数量在五张以下且当场自行清除，没有造成危害后果"},
    [DM_GARBAGE] = {"HW-001",
                    "不按规定的时间、地点、方式倾倒垃圾",
                    "sanitation",
                    "《城市市容和环境卫生管理条例》第二十八条",
                    "《城市市容和环境卫生管理条例》第三十六条第（四）项",
                    "市容环境卫生主管部门",
                    {{20, 50}, {50, 100}, {100, 200}},
                    {{200, 1000}, {1000, 3000}, {3000, 5000}},
                    {"倾倒量少且及时清理", "倾倒量较大，责令后清理", "多次倾倒或拒不清理"},
                    "first_violation",
                    "初次违法、倾倒量少并当场清理干净"},
    [DM_SPILL] = {"HW-002",
                  "运输散装货物未密闭覆盖造成遗撒",
                  "sanitation",
                  "《城市市容和环境卫生管理条例》第十五条",
                  "《城市市容和环境卫生管理条例》第三十六条第（六）项",
                  "市容环境卫生主管部门",
                  {{100, 200}, {200, 500}, {500, 1000}},
                  {{1000, 3000}, {3000, 6000}, {6000, 10000}},
                  {"遗撒面积较小并及时清理", "遗撒面积较大", "遗撒影响交通安全或多次违法"},
                  NULL,
                  NULL},
    [DM_WASTE] = {"JZ-001",
                  "随意倾倒、抛撒、堆放建筑垃圾",
                  "construction_waste",
                  "《城市建筑垃圾管理规定》第十五条",
                  "《城市建筑垃圾管理规定》第二十六条",
                  "市容环境卫生主管部门",
                  {{0, 50}, {50, 100}, {100, 200}},
                  {{5000, 10000}, {10000, 30000}, {30000, 50000}},
                  {"数量较少，在责令期限内清运完毕", "数量较大或占用道路",
                   "倾倒在水体、绿地或拒不清运"},
                  NULL,
                  NULL},
    [DM_ADS] = {"GG-001",
                "未经批准设置大型户外广告",
                "outdoor_ads",
                "《城市市容和环境卫生管理条例》第十一条",
                LOCAL_RULE "第三十五条",
                "市容环境卫生主管部门",
                {{500, 2000}, {2000, 5000}, {5000, 10000}},
                {{5000, 20000}, {20000, 50000}, {50000, 100000}},
                {"面积较小且在责令期限内自行拆除", "面积较大，责令后拆除",
                 "影响公共安全或拒不拆除"},
                NULL,
                NULL},
    [DM_FIRELANE] = {"XF-001",
                     "占用、堵塞、封闭消防车通道",
                     "fire_safety",
                     "《中华人民共和国消防法》第二十八条",
                     "《中华人民共和国消防法》第六十条第一款第（五）项、第二款",
                     "消防救援机构",
                     {{0, 0}, {100, 300}, {300, 500}},
                     {{5000, 10000}, {10000, 30000}, {30000, 50000}},
                     {"经提醒立即驶离或清除", "占用时间较长，责令后改正",
                      "妨碍消防车通行或拒不改正"},
                     "first_violation",
                     "初次占用消防车通道，经责令立即改正且未妨碍消防车通行"},
    [DM_GRAFFITI] = {"SR-003",
                     "在建筑物、设施以及树木上涂写、刻画",
                     "city_appearance",
                     "《城市市容和环境卫生管理条例》第十七条",
                     "《城市市容和环境卫生管理条例》第三十六条第（二）项",
                     "市容环境卫生主管部门",
                     {{20, 50}, {50, 100}, {100, 200}},
                     {{200, 500}, {500, 1000}, {1000, 2000}},
                     {"面积较小并自行清除", "面积较大，责令后清除", "损坏设施或拒不清除"},
                     "minor",
                     "面积很小且当场自行清除，没有造成危害后果"},
};

static const char *const tier_ids[3] = {"lenient", "general", "severe"};

/* Citizens: name, community, address, birth date, sequence (odd: male). Two sets, one per
 * subdistrict. */
static const struct {
    const char *name, *community, *address, *born;
    int seq;
} citizens[2][DEMO_CITIZENS] = {
    {{"黄某明", "SQ1", "湖滨社区滨河路12号3栋", "19760314", 131},
     {"吴某芳", "SQ2", "桂园社区桂园路8号", "19850921", 246},
     {"陈某军", "SQ3", "新村社区新村二巷5号", "19690107", 357},
     {"周某兰", "SQ4", "竹林社区竹林街20号", "19920530", 462},
     {"刘某强", "SQ5", "望江村三组18号", "19810812", 573},
     {"杨某华", "SQ6", "石桥社区石桥路66号", "19990226", 684},
     {"赵某", "SQ1", "湖滨社区东湖大道101号", "19730418", 795},
     {"孙某平", "SQ2", "桂园社区青年路33号", "19880703", 816}},
    {{"郭某林", "SQ1", "岭南社区岭南路9号", "19780219", 131},
     {"何某梅", "SQ2", "松柏社区松柏街15号", "19860611", 246},
     {"罗某勇", "SQ3", "清泉社区清泉路2号", "19710925", 357},
     {"梁某静", "SQ4", "云岭社区云岭二路41号", "19930104", 462},
     {"宋某斌", "SQ5", "枫林村五组7号", "19820716", 573},
     {"谢某婷", "SQ6", "杏坛社区杏坛路19号", "20000323", 684},
     {"韩某", "SQ1", "岭南社区西岭大道88号", "19740809", 795},
     {"唐某东", "SQ2", "松柏社区学府路6号", "19891130", 816}},
};

static const struct {
    const char *name, *representative, *address, *code9;
} orgs[2][DEMO_ORGS] = {
    {{"青川市东湖某某装饰工程有限公司", "马某", "东湖街道工业路8号", "MA5D1K001"},
     {"青川市某某渣土运输有限公司", "林某", "东湖街道物流园A区12号", "MA5D1K002"},
     {"青川市某某商贸有限公司", "高某", "东湖街道滨河路88号", "MA5D1K003"},
     {"青川市东湖某某餐饮店", "郑某", "东湖街道美食街16号", "MA5D1K004"},
     {"青川市某某物业服务有限公司", "冯某", "东湖街道桂园路2号", "MA5D1K005"},
     {"青川市某某建筑劳务有限公司", "曹某", "东湖街道新村路120号", "MA5D1K006"}},
    {{"青川市西岭某某广告传媒有限公司", "钱某", "西岭街道创业路5号", "MA5X1L001"},
     {"青川市某某建材有限公司", "许某", "西岭街道西岭大道210号", "MA5X1L002"},
     {"青川市某某超市有限公司", "邓某", "西岭街道学府路30号", "MA5X1L003"},
     {"青川市西岭某某烧烤店", "彭某", "西岭街道夜市街3号", "MA5X1L004"},
     {"青川市某某物业管理有限公司", "曾某", "西岭街道松柏街1号", "MA5X1L005"},
     {"青川市某某土石方工程有限公司", "蒋某", "西岭街道枫林路77号", "MA5X1L006"}},
};

const char *demo_date(struct demo *d, int day)
{
    char *s = arena_alloc(d->a, 11);
    date_format(day, s);
    return s;
}

const char *demo_year_start(struct demo *d, int day)
{
    int y, m, dd;
    date_to_ymd(day, &y, &m, &dd);
    return arena_printf(d->a, "%04d-01-01", y);
}

fz_err demo_file(struct demo *d, struct ctx *c, const char *name, const char *display, int64_t *id)
{
    const char *path = arena_printf(d->a, "%s/demo/%s.jpg", d->data_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        log_error("demo: cannot open %s", path);
        return FZ_EINTERNAL;
    }
    enum { MAX = 1 << 20 };
    char *data = arena_alloc(d->a, MAX);
    size_t n = fread(data, 1, MAX, f);
    bool bad = ferror(f) || n == MAX;
    fclose(f);
    if (bad) {
        log_error("demo: cannot read %s (or it is over 1 MiB)", path);
        return FZ_EINTERNAL;
    }
    struct file_info fi;
    fz_err e = file_store(c, c->actor->home_org_id, display, "image/jpeg", data, n, &fi);
    if (!e)
        *id = fi.id;
    return e;
}

static fz_err make(struct ctx *c, const struct entity *e, json_t *j, int64_t *id)
{
    struct record *r;
    fz_err err = entity_create(c, e, j, &r);
    json_decref(j);
    if (err) {
        log_error("demo: %s: %s", e->name, c->err.message ? c->err.message : err_text(err));
        return err;
    }
    if (id)
        *id = r->id;
    return FZ_OK;
}

static fz_err catalogue(struct demo *d, int sub, struct demo_enf *out, int day)
{
    struct ctx c;
    fz_err e = demo_ctx(d, arena_printf(d->a, "%s.admin", d->subdistricts[sub]), day, 9 * 60, &c);
    if (e)
        return e;
    const char *from = demo_year_start(d, d->catalogue_from ? d->catalogue_from : d->today - 730);
    const char *tenant = d->codes[sub];
    for (int m = 0; m < DM__COUNT; m++) {
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "code", matters[m].code, "name",
                      matters[m].name, "org", tenant, "category", matters[m].category,
                      "legal_basis", matters[m].legal_basis, "penalty_basis",
                      matters[m].penalty_basis, "competent_body", matters[m].competent_body,
                      "delegated", 1, "delegation_basis", DELEGATION, "effective_from", from);
        if ((e = make(&c, &entity_matters, j, &out->matters[m])))
            return e;
        for (int who = 0; who < 2; who++) {
            const int(*tiers)[2] = who ? matters[m].org : matters[m].citizen;
            for (int t = 0; t < 3; t++) {
                if (!tiers[t][1])
                    continue;
                char lo[16], hi[16];
                snprintf(lo, sizeof lo, "%d", tiers[t][0]);
                snprintf(hi, sizeof hi, "%d", tiers[t][1]);
                j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "matter",
                              (json_int_t)out->matters[m], "tier", tier_ids[t], "party_kind",
                              who ? "organisation" : "citizen", "fine_min", lo, "fine_max", hi,
                              "circumstances", matters[m].circumstances[t], "effective_from", from);
                if ((e = make(&c, &entity_discretion_benchmarks, j, NULL)))
                    return e;
            }
        }
        if (matters[m].exemption) {
            j = json_pack("{s:I,s:s,s:s,s:s}", "matter", (json_int_t)out->matters[m], "kind",
                          matters[m].exemption_kind, "conditions", matters[m].exemption,
                          "effective_from", from);
            if ((e = make(&c, &entity_exemptions, j, NULL)))
                return e;
        }
    }
    static const char *const keys[2] = {THRESHOLD_HEARING_CITIZEN, THRESHOLD_HEARING_ORG};
    static const char *const amounts[2] = {"5000", "50000"};
    for (int k = 0; k < 2; k++) {
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:s,s:s}", "key", keys[k], "org", tenant, "amount", amounts[k],
                      "basis", "省行政处罚听证程序规定第五条（演示数据）", "effective_from", from);
        if ((e = make(&c, &entity_thresholds, j, NULL)))
            return e;
    }
    return FZ_OK;
}

static fz_err officers(struct demo *d, int sub, struct demo_enf *out, int day)
{
    const char *p = d->subdistricts[sub];
    struct ctx c;
    fz_err e = demo_ctx(d, arena_printf(d->a, "%s.admin", p), day, 10 * 60, &c);
    if (e)
        return e;
    const char *from = demo_year_start(d, d->catalogue_from ? d->catalogue_from : d->today - 730);
    /* holder, valid until (days from the load day): the office head's certificate runs out
     * within the month, so the renewal shows as due; the staff member's has lapsed */
    const struct {
        const char *holder;
        int until;
        int64_t *id;
    } certs[] = {
        {"zf.officer1", 700, &out->cert_officer1},
        {"zf.officer2", 400, &out->cert_officer2},
        {"zf.head", 20, &out->cert_head},
        {"staff", -150, NULL},
    };
    for (size_t i = 0; i < sizeof certs / sizeof certs[0]; i++) {
        char number[16];
        snprintf(number, sizeof number, "%s%02d%04zu", sub ? "9902" : "9901", 25, 11 + i);
        json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "number", number, "holder",
                              arena_printf(d->a, "%s.%s", p, certs[i].holder), "org", out->dept,
                              "issuer", "青川市人民政府（演示数据）", "scope_all", 1, "valid_from",
                              from, "valid_until", demo_date(d, d->today + certs[i].until));
        if ((e = make(&c, &entity_certificates, j, certs[i].id)))
            return e;
    }
    static const struct {
        const char *who, *course;
        int hours, ago;
    } trainings[] = {
        {"zf.officer1", "新修订行政处罚法专题培训", 16, 330},
        {"zf.officer2", "新修订行政处罚法专题培训", 16, 330},
        {"zf.head", "新修订行政处罚法专题培训", 16, 330},
        {"zf.officer1", "执法文书制作与案卷评查", 8, 200},
        {"zf.officer2", "执法文书制作与案卷评查", 8, 200},
        {"zf.officer1", "执法全过程记录与执法记录仪使用", 4, 90},
        {"zf.head", "行政复议法与行政应诉实务", 8, 60},
    };
    for (size_t i = 0; i < sizeof trainings / sizeof trainings[0]; i++) {
        int on = d->today - trainings[i].ago;
        if ((e = demo_ctx(d, arena_printf(d->a, "%s.zf.head", p), on, 17 * 60, &c)))
            return e;
        json_t *j = json_pack("{s:s,s:s,s:s,s:i,s:s}", "trainee",
                              arena_printf(d->a, "%s.%s", p, trainings[i].who), "org", out->dept,
                              "course", trainings[i].course, "hours", trainings[i].hours,
                              "completed_on", demo_date(d, on));
        if ((e = make(&c, &entity_trainings, j, NULL)))
            return e;
    }
    return FZ_OK;
}

static fz_err parties(struct demo *d, int sub, struct demo_enf *out, int day)
{
    struct ctx c;
    fz_err e =
        demo_ctx(d, arena_printf(d->a, "%s.zf.officer1", d->subdistricts[sub]), day, 11 * 60, &c);
    if (e)
        return e;
    const char *region = sub ? "990102" : "990101"; /* not a real region: fictional people */
    for (int i = 0; i < DEMO_CITIZENS; i++) {
        char id[19];
        snprintf(id, sizeof id, "%s%s%03d", region, citizens[sub][i].born, citizens[sub][i].seq);
        id[17] = id_number_check(id);
        id[18] = 0;
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "citizen", "name", citizens[sub][i].name,
                      "org", arena_printf(d->a, "%s-%s", d->codes[sub], citizens[sub][i].community),
                      "id_number", id, "address", citizens[sub][i].address, "phone",
                      arena_printf(d->a, "1390000%04d", 1000 * sub + 100 + i));
        if ((e = make(&c, &entity_parties, j, &out->citizens[i])))
            return e;
    }
    for (int i = 0; i < DEMO_ORGS; i++) {
        char code[19];
        snprintf(code, sizeof code, "91%s%s", region, orgs[sub][i].code9);
        code[17] = uscc_check(code);
        code[18] = 0;
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "organisation", "name",
                      orgs[sub][i].name, "org", d->codes[sub], "uscc", code, "legal_representative",
                      orgs[sub][i].representative, "address", orgs[sub][i].address);
        if ((e = make(&c, &entity_parties, j, &out->orgs[i])))
            return e;
    }
    return FZ_OK;
}

fz_err demo_enforcement_catalogue(struct demo *d, int sub, struct demo_enf *out)
{
    out->dept = arena_printf(d->a, "%s-ZF", d->codes[sub]);
    int day = d->today - 800;
    fz_err e = catalogue(d, sub, out, day);
    if (!e)
        e = officers(d, sub, out, day);
    if (!e)
        e = parties(d, sub, out, day + 1);
    return e;
}
