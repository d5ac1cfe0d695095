/* demo_cases.c — a year of penalty cases for each demo subdistrict, made through the engine
 * in date order by the people who would take each step: on-site penalties, ordinary cases
 * with and without a hearing, first-violation and minor-violation exemptions, a criminal
 * referral, a revoked decision, and work still open today — a clue, an investigation, a case
 * awaiting legal review, one in its statement period, one suspended, one extended, and cases
 * past their decision, service and payment deadlines. Finished cases run forward from a day
 * in the past; open ones are placed backwards from the load day, on working days of the real
 * calendar, so the demo looks current whenever it is loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "engine/workflow.h"
#include "modules/enforcement/demo_enforcement.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

enum path {
    P_ON_SITE,       /* summary procedure: decided and served on the spot */
    P_ARCHIVED,      /* ordinary procedure to the archive */
    P_HEARING,       /* ordinary procedure with a hearing */
    P_EXEMPT,        /* no penalty: first or minor violation */
    P_REFERRAL,      /* transferred to the police */
    P_REVOKED,       /* decided, then revoked on reconsideration */
    P_DECLINED,      /* not filed */
    P_CLUE,          /* open: awaiting the head's decision to file */
    P_INVESTIGATING, /* open: evidence being gathered */
    P_REVIEWING,     /* open: awaiting the legal review */
    P_NOTIFIED,      /* open: in the statement period */
    P_SUSPENDED,     /* open: suspended */
    P_EXTENDED,      /* open: decision period extended */
    P_OVERDUE,       /* open: past the 90-day decision period */
    P_SERVICE_LATE,  /* open: decided, not served within 7 working days */
    P_PAYMENT_LATE,  /* open: served, fine unpaid after 15 days */
};

#define ORG(k) (100 + (k)) /* a party index: organisations after the citizens */

struct ctmpl {
    enum path path;
    enum demo_matter matter;
    int party;
    int ago;               /* finished paths: days before the load day the act was found */
    const char *penalty;   /* "fine" or "warning" */
    int proposed, decided; /* yuan */
    const char *tier;      /* discretion tier of the proposal */
    const char *review;    /* legal review reason ("none" if not required) */
    bool collective, statement;
    const char *act, *facts; /* %s: the road */
};

/* clang-format off */
static const struct ctmpl cases[] = {
    /* the two years before: the catalogue has been in use since late 2024 */
    {P_ARCHIVED, DM_WASTE, ORG(5), 700, "fine", 6000, 6000, "lenient", "none", false, false,
     "当事人在%s空地倾倒建筑垃圾", "当事人在%s空地倾倒拆除垃圾约4立方米，经责令后已清运。"},
    {P_ON_SITE, DM_STALL, 2, 600, "fine", 50, 50, NULL, NULL, false, false,
     "当事人在%s占道经营", "当事人在%s人行道摆摊销售蔬菜，占道约2平方米。"},
    {P_ARCHIVED, DM_ADS, ORG(3), 430, "fine", 6000, 6000, "lenient", "none", false, true,
     "当事人未经批准在%s设置落地广告牌", "当事人在%s人行道设置落地广告牌两块，未经批准，影响通行。"},
    {P_EXEMPT, DM_GARBAGE, 1, 380, NULL, 0, 0, NULL, "none", false, false,
     "当事人在%s乱倒生活垃圾", "当事人在%s绿化带倾倒少量生活垃圾，系初次违法，发现后立即清理干净。"},
    {P_ON_SITE, DM_STALL, 0, 330, "warning", 0, 0, NULL, NULL, false, false,
     "当事人在%s人行道摆摊经营", "当事人在%s人行道摆放货架销售水果，占用人行道约3平方米，经教育后当场撤离。"},
    {P_ON_SITE, DM_STALL, 1, 300, "fine", 100, 100, NULL, NULL, false, false,
     "当事人在%s占道经营", "当事人在%s非机动车道摆摊销售日用品，占道约5平方米，经劝导未及时撤离。"},
    {P_ON_SITE, DM_POSTER, ORG(3), 280, "fine", 500, 500, NULL, NULL, false, false,
     "当事人未经批准在%s沿街设施上张贴宣传品", "当事人在%s公交站亭、电线杆张贴餐饮宣传单共计二十余张。"},
    {P_ARCHIVED, DM_WASTE, ORG(5), 320, "fine", 8000, 8000, "lenient", "none", false, false,
     "当事人在%s随意倾倒建筑垃圾", "当事人在%s空地倾倒装修建筑垃圾约6立方米，未办理处置核准，经责令后已于三日内清运完毕。"},
    {P_ARCHIVED, DM_ADS, ORG(0), 290, "fine", 20000, 20000, "general", "major_rights", false, true,
     "当事人未经批准在%s设置大型户外广告", "当事人在%s临街建筑外墙设置户外广告牌一块，面积约24平方米，未经市容环境卫生主管部门同意，责令限期拆除后逾期未拆除。"},
    {P_HEARING, DM_ADS, ORG(2), 260, "fine", 60000, 50000, "severe", "major_rights", true, false,
     "当事人未经批准在%s楼顶设置大型户外广告", "当事人在%s商业楼顶设置户外广告牌，面积约80平方米，存在安全隐患，经两次责令仍拒不拆除。"},
    {P_EXEMPT, DM_FIRELANE, 3, 240, NULL, 0, 0, NULL, "none", false, false,
     "当事人驾驶车辆占用%s小区消防车通道", "当事人将小型汽车停放在%s小区消防车通道内，经执法人员责令立即驶离，系初次违法且未妨碍消防车通行。"},
    {P_ARCHIVED, DM_SPILL, ORG(1), 230, "fine", 3000, 3000, "lenient", "none", false, false,
     "当事人运输渣土未密闭造成%s遗撒", "当事人渣土运输车辆未密闭覆盖，在%s造成约50米路面遗撒，已组织清扫。"},
    {P_REFERRAL, DM_WASTE, ORG(1), 210, NULL, 0, 0, NULL, "none", false, false,
     "当事人向%s旁河道倾倒大量建筑垃圾", "当事人组织车辆向%s旁河道倾倒建筑垃圾及其他废弃物约300吨，造成河道堵塞和水体污染。"},
    {P_ARCHIVED, DM_FIRELANE, ORG(4), 200, "fine", 10000, 10000, "general", "none", false, true,
     "当事人在管理的%s小区消防车通道设置障碍物", "当事人在其管理的%s小区消防车通道设置固定隔离桩和停车位，封闭消防车通道。"},
    {P_REVOKED, DM_GRAFFITI, 4, 190, "fine", 100, 100, "general", "none", false, false,
     "当事人在%s公共设施上涂写", "当事人在%s配电箱外壳喷涂小广告，面积约1平方米。"},
    {P_ON_SITE, DM_FIRELANE, 5, 170, "fine", 200, 200, NULL, NULL, false, false,
     "当事人占用%s消防车通道停车", "当事人将车辆停放在%s商场消防车通道内，经责令后驶离。"},
    {P_ARCHIVED, DM_GARBAGE, ORG(3), 160, "fine", 1500, 1500, "general", "none", false, false,
     "当事人不按规定倾倒餐厨垃圾", "当事人将餐厨垃圾倾倒在%s路边绿化带内，未按规定时间、地点交由收运单位处理。"},
    {P_EXEMPT, DM_POSTER, 6, 150, NULL, 0, 0, NULL, "none", false, false,
     "当事人在%s张贴招租广告", "当事人在%s宣传栏外张贴招租广告三张，发现后当场自行清除。"},
    {P_ARCHIVED, DM_STALL, 7, 130, "fine", 300, 300, "general", "none", false, true,
     "当事人在%s占道经营", "当事人在%s主干道人行道摆设烧烤摊位，占道约10平方米，影响行人通行。"},
    {P_DECLINED, DM_ADS, ORG(2), 120, NULL, 0, 0, NULL, NULL, false, false,
     "群众投诉%s户外广告未经批准", "群众投诉%s一处户外广告牌未经批准设置。"},
    {P_ARCHIVED, DM_WASTE, ORG(5), 100, "fine", 15000, 15000, "general", "major_rights", false,
     false, "当事人在%s再次随意堆放建筑垃圾", "当事人在%s施工工地外侧道路堆放建筑垃圾约20立方米，占用车行道，系一年内第二次违法。"},
    {P_ON_SITE, DM_GARBAGE, 0, 70, "fine", 50, 50, NULL, NULL, false, false,
     "当事人不按规定倾倒生活垃圾", "当事人在%s非投放时间将生活垃圾堆放在垃圾分类亭外。"},
    {P_ARCHIVED, DM_FIRELANE, ORG(4), 50, "fine", 8000, 8000, "lenient", "none", false, false,
     "当事人管理的%s小区消防车通道被占用", "当事人管理的%s小区消防车通道被临时搭建的雨棚占用，经责令后已拆除。"},
    {P_PAYMENT_LATE, DM_SPILL, ORG(1), 0, "fine", 5000, 5000, "general", "none", false, false,
     "当事人运输建筑垃圾在%s遗撒", "当事人运输车辆未密闭，在%s造成约200米路面遗撒。"},
    {P_SERVICE_LATE, DM_POSTER, ORG(0), 0, "fine", 800, 800, "general", "none", false, false,
     "当事人在%s沿街张贴宣传品", "当事人在%s沿街店铺卷帘门和电线杆张贴装修宣传单五十余张。"},
    {P_OVERDUE, DM_ADS, ORG(4), 0, NULL, 0, 0, NULL, NULL, false, false,
     "当事人在%s小区入口设置广告牌", "当事人在%s小区入口处设置广告牌两块，未经批准。"},
    {P_EXTENDED, DM_WASTE, ORG(1), 0, "fine", 30000, 30000, "general", "major_rights", true,
     false, "当事人在%s大量堆放建筑垃圾", "当事人在%s闲置地块堆放建筑垃圾约200立方米，需委托测量，案情复杂。"},
    {P_SUSPENDED, DM_FIRELANE, 2, 0, NULL, 0, 0, NULL, NULL, false, false,
     "当事人长期占用%s消防车通道", "当事人在%s小区消防车通道长期停放废旧车辆。"},
    {P_REVIEWING, DM_ADS, ORG(3), 0, "fine", 12000, 12000, "lenient", "major_rights", false,
     false, "当事人未经批准在%s设置门头广告", "当事人在%s店铺门头上方设置大型广告牌，面积约30平方米，未经批准。"},
    {P_NOTIFIED, DM_STALL, 5, 0, "fine", 200, 200, "general", "none", false, false,
     "当事人在%s占道经营", "当事人在%s人行道摆摊销售小吃，经多次劝导仍未改正。"},
    {P_INVESTIGATING, DM_GRAFFITI, 6, 0, NULL, 0, 0, NULL, NULL, false, false,
     "当事人在%s围墙上涂写", "群众反映有人在%s围墙上喷涂小广告，正在调查核实。"},
    {P_CLUE, DM_GARBAGE, 7, 0, NULL, 0, 0, NULL, NULL, false, false,
     "群众投诉%s有人乱倒垃圾", "群众投诉%s桥下有人夜间倾倒生活垃圾。"},
};
/* clang-format on */
enum { NCASES = sizeof cases / sizeof cases[0] };

static const char *const roads[2][4] = {{"滨河路", "东湖大道", "桂园路", "新村路"},
                                        {"岭南路", "西岭大道", "学府路", "清泉路"}};

static const char *const images[DM__COUNT] = {
    [DM_STALL] = "stall", [DM_POSTER] = "ads", [DM_GARBAGE] = "waste",     [DM_SPILL] = "waste",
    [DM_WASTE] = "waste", [DM_ADS] = "ads",    [DM_FIRELANE] = "firelane", [DM_GRAFFITI] = "ads",
};

#define PERFORMANCE                                                                                                                           \
    "自收到本决定书之日起十五日内，持缴款通知书到指定银行缴纳罚款。逾期不缴纳的，每日按罚款数额" \
    "的百分之三加处罚款。"
#define REMEDY                                                                                                                                \
    "如不服本决定，可以在收到本决定书之日起六十日内向青川区人民政府申请行政复议，或者在六个月内" \
    "向青川区人民法院提起行政诉讼。"

enum action {
    A_CREATE,
    A_PHOTO,
    A_INQUIRY,
    A_FILE,
    A_DECLINE,
    A_REVIEW,
    A_LEGAL_PASS,
    A_DELIBERATE,
    A_NOTIFY,
    A_WAIVE,
    A_STATEMENT,
    A_REQUEST_HEARING,
    A_SCHEDULE_HEARING,
    A_HOLD_HEARING,
    A_DECIDE,
    A_NO_PENALTY,
    A_ON_SITE,
    A_SERVE,
    A_PAY,
    A_EXECUTE_OTHER,
    A_CLOSE,
    A_ARCHIVE,
    A_TRANSFER,
    A_REF_APPROVE,
    A_REF_MATERIALS,
    A_REF_TRANSFER,
    A_REF_RECEIPT,
    A_REF_FILED,
    A_SUSPEND,
    A_EXTEND,
    A_REVOKE,
    A_PUBLISH,
    A_WITHDRAW,
};

struct event {
    int day, minute, sub, k, seq;
    enum action act;
    int arg; /* a date the step names (hearing day, payment day) */
};

struct state {
    int64_t id, referral;
    int found;
};

struct plan {
    struct demo *d;
    struct event *ev;
    size_t n, cap;
    int sub, k, seq;
};

static void add(struct plan *p, int day, int minute, enum action a, int arg)
{
    if (p->n < p->cap)
        p->ev[p->n++] = (struct event){day, minute, p->sub, p->k, p->seq++, a, arg};
}

/* The nth working day after day (n > 0) or before it (n < 0). */
static int wd(struct demo *d, int day, int n)
{
    if (n >= 0)
        return calendar_add_working_days(d->cal, day, n, NULL, NULL);
    while (n < 0) {
        day--;
        if (calendar_is_working(d->cal, day))
            n++;
    }
    return day;
}

/* From a notice on day `notice`, the statement (or waiver) and decision; returns the day. */
static int statement_and_decision(struct plan *p, const struct ctmpl *t, int notice)
{
    struct demo *d = p->d;
    if (t->statement) {
        add(p, wd(d, notice, 2), 15 * 60, A_STATEMENT, 0);
        int decide = wd(d, notice, STATEMENT_WORKING_DAYS + 1);
        add(p, decide, 10 * 60, A_DECIDE, 0);
        return decide;
    }
    add(p, notice, 11 * 60, A_WAIVE, 0);
    add(p, wd(d, notice, 1), 10 * 60, A_DECIDE, 0);
    return wd(d, notice, 1);
}

/* Filing to the prior notice; returns the notice day. */
static int file_to_notice(struct plan *p, const struct ctmpl *t, int found)
{
    struct demo *d = p->d;
    int file = wd(d, found, 1);
    add(p, file, 9 * 60 + 30, A_FILE, 0);
    add(p, file, 14 * 60, A_PHOTO, 0);
    add(p, wd(d, file, 2), 10 * 60, A_INQUIRY, 0);
    int review = wd(d, file, 6);
    add(p, review, 16 * 60, A_REVIEW, 0);
    int last = review;
    if (t->review && strcmp(t->review, "none") != 0)
        add(p, last = wd(d, review, 2), 10 * 60, A_LEGAL_PASS, 0);
    if (t->collective && t->path != P_HEARING) /* after a hearing, the deliberation follows it */
        add(p, last = wd(d, last, 1), 15 * 60, A_DELIBERATE, 0);
    int notice = wd(d, last, 1);
    add(p, notice, 10 * 60, A_NOTIFY, 0);
    return notice;
}

/* Service, payment (or performance), closure and archive after a decision on `decided`. */
static void after_decision(struct plan *p, int decided, bool fine, bool publish)
{
    struct demo *d = p->d;
    if (publish)
        add(p, wd(d, decided, 3), 9 * 60 + 10, A_PUBLISH, 0);
    int served = wd(d, decided, 2);
    add(p, served, 15 * 60, A_SERVE, 0);
    int done;
    if (fine) {
        int paid = served + 8;
        done = wd(d, paid - 1, 1);
        add(p, done, 11 * 60, A_PAY, paid);
    } else {
        done = served;
        add(p, done, 16 * 60, A_EXECUTE_OTHER, 0);
    }
    int closed = wd(d, done, 3);
    add(p, closed, 10 * 60, A_CLOSE, 0);
    add(p, wd(d, closed, 5), 16 * 60, A_ARCHIVE, 0);
}

static void plan_case(struct plan *p, const struct ctmpl *t, int found)
{
    struct demo *d = p->d;
    int T = d->today;
    add(p, found, 9 * 60 + 20, A_CREATE, 0);
    switch (t->path) {
    case P_ON_SITE: {
        add(p, found, 9 * 60 + 50, A_ON_SITE, 0);
        int done = strcmp(t->penalty, "fine") == 0 ? wd(d, found + 5, 1) : found;
        add(p, done, 16 * 60, strcmp(t->penalty, "fine") == 0 ? A_PAY : A_EXECUTE_OTHER, found + 5);
        int closed = wd(d, done, 3);
        add(p, closed, 10 * 60, A_CLOSE, 0);
        add(p, wd(d, closed, 5), 16 * 60, A_ARCHIVE, 0);
        break;
    }
    case P_ARCHIVED: {
        int decided = statement_and_decision(p, t, file_to_notice(p, t, found));
        after_decision(p, decided, true, true);
        break;
    }
    case P_REVOKED: {
        int decided = statement_and_decision(p, t, file_to_notice(p, t, found));
        add(p, wd(d, decided, 3), 9 * 60 + 10, A_PUBLISH, 0);
        int served = wd(d, decided, 2);
        add(p, served, 15 * 60, A_SERVE, 0);
        add(p, wd(d, served + 7, 1), 11 * 60, A_PAY, served + 7);
        int revoked = wd(d, served, 40);
        add(p, revoked, 15 * 60, A_REVOKE, 0);
        add(p, wd(d, revoked, 1), 10 * 60, A_WITHDRAW, 0);
        break;
    }
    case P_HEARING: {
        int notice = file_to_notice(p, t, found);
        int asked = wd(d, notice, 2);
        add(p, asked, 11 * 60, A_REQUEST_HEARING, 0);
        int sched = wd(d, asked, 1);
        int held = wd(d, sched, HEARING_NOTICE_WORKING_DAYS + 2);
        add(p, sched, 10 * 60, A_SCHEDULE_HEARING, held);
        add(p, held, 9 * 60 + 30, A_HOLD_HEARING, 0);
        add(p, wd(d, held, 2), 10 * 60, A_LEGAL_PASS, 0);
        add(p, wd(d, held, 3), 15 * 60, A_DELIBERATE, 0);
        int decided = wd(d, held, 4);
        add(p, decided, 10 * 60, A_DECIDE, 0);
        after_decision(p, decided, true, true);
        break;
    }
    case P_EXEMPT: {
        int file = wd(d, found, 1);
        add(p, file, 9 * 60 + 30, A_FILE, 0);
        add(p, file, 14 * 60, A_PHOTO, 0);
        int decided = wd(d, file, 4);
        add(p, decided, 10 * 60, A_NO_PENALTY, 0);
        after_decision(p, decided, false, false);
        break;
    }
    case P_REFERRAL: {
        int file = wd(d, found, 1);
        add(p, file, 9 * 60 + 30, A_FILE, 0);
        add(p, file, 14 * 60, A_PHOTO, 0);
        add(p, wd(d, file, 2), 10 * 60, A_INQUIRY, 0);
        int transfer = wd(d, file, 6);
        add(p, transfer, 9 * 60, A_TRANSFER, 0);
        add(p, transfer, 11 * 60, A_REF_APPROVE, 0);
        add(p, transfer, 14 * 60, A_REF_MATERIALS, 0);
        add(p, transfer, 16 * 60, A_REF_TRANSFER, 0);
        add(p, transfer, 16 * 60 + 40, A_REF_RECEIPT, transfer);
        add(p, wd(d, transfer, 2), 10 * 60, A_REF_FILED, wd(d, transfer, 2));
        break;
    }
    case P_DECLINED:
        add(p, wd(d, found, 2), 10 * 60, A_DECLINE, 0);
        break;
    case P_CLUE:
        break;
    case P_INVESTIGATING:
    case P_OVERDUE:
    case P_SUSPENDED: {
        int file = wd(d, found, 1);
        add(p, file, 9 * 60 + 30, A_FILE, 0);
        add(p, file, 14 * 60, A_PHOTO, 0);
        if (t->path == P_SUSPENDED)
            add(p, wd(d, T, -8), 10 * 60, A_SUSPEND, 0);
        break;
    }
    case P_EXTENDED: {
        int file = wd(d, found, 1);
        add(p, file, 9 * 60 + 30, A_FILE, 0);
        add(p, file, 14 * 60, A_PHOTO, 0);
        add(p, wd(d, file, 3), 10 * 60, A_INQUIRY, 0);
        add(p, wd(d, T, -12), 10 * 60, A_EXTEND, 0);
        add(p, wd(d, T, -4), 16 * 60, A_REVIEW, 0);
        break;
    }
    case P_REVIEWING:
    case P_NOTIFIED:
        file_to_notice(p, t, found);
        break;
    case P_SERVICE_LATE: {
        int decided = statement_and_decision(p, t, file_to_notice(p, t, found));
        (void)decided;
        break;
    }
    case P_PAYMENT_LATE: {
        int decided = statement_and_decision(p, t, file_to_notice(p, t, found));
        add(p, wd(d, decided, 3), 9 * 60 + 10, A_PUBLISH, 0);
        add(p, wd(d, decided, 2), 15 * 60, A_SERVE, 0);
        break;
    }
    }
}

/* The day an open case was found, so that its last planned step falls where the path wants
 * it relative to today. */
static int found_for(struct demo *d, const struct ctmpl *t)
{
    int T = d->today;
    switch (t->path) {
    case P_CLUE:
        return T - 1;
    case P_INVESTIGATING:
        return wd(d, T, -6);
    case P_OVERDUE:
        return T - 100;
    case P_SUSPENDED:
        return T - 60;
    case P_EXTENDED:
        return T - 95;
    case P_REVIEWING:
        /* the review lands 2 working days ago; the legal review is still to come */
        return wd(d, T, -(2 + 6 + 1));
    case P_NOTIFIED:
        return wd(d, T, -(1 + 1 + 6 + 1));
    case P_SERVICE_LATE:
        return wd(d, T, -(12 + 1 + 1 + 6 + 1));
    case P_PAYMENT_LATE:
        return T - 50;
    default:
        return T - t->ago;
    }
}

/* ---- running the events ------------------------------------------------------------------ */

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
    return a->seq - b->seq;
}

static const char *who_does(enum action a)
{
    switch (a) {
    case A_INQUIRY:
        return "zf.officer2";
    case A_FILE:
    case A_DECLINE:
    case A_DECIDE:
    case A_NO_PENALTY:
    case A_CLOSE:
    case A_ARCHIVE:
    case A_SUSPEND:
    case A_EXTEND:
    case A_REVOKE:
        return "zf.head";
    case A_LEGAL_PASS:
        return "reviewer";
    case A_DELIBERATE:
    case A_REF_APPROVE:
        return "leader";
    case A_PUBLISH:
    case A_WITHDRAW:
        return "staff";
    default:
        /* the case's own certified officer: registers, investigates, notifies, serves */
        return "zf.officer1";
    }
}

static int64_t party_id(const struct demo_enf *en, int party)
{
    return party >= 100 ? en->orgs[party - 100] : en->citizens[party];
}

/* The template's text with its one "%s" replaced by the road's name. */
static const char *fill(struct demo *d, const char *text, const char *road)
{
    const char *at = strstr(text, "%s");
    if (!at)
        return text;
    return arena_printf(d->a, "%.*s%s%s", (int)(at - text), text, road, at + 2);
}

static json_t *create_json(struct demo *d, const struct demo_enf *en, int sub, int k,
                           const struct ctmpl *t, int found)
{
    const char *road = roads[sub][k % 4];
    bool summary = t->path == P_ON_SITE;
    bool head = k % 3 == 2; /* some cases are handled with the office head */
    json_t *officers = json_pack("[I,I]", (json_int_t)en->cert_officer1,
                                 (json_int_t)(head ? en->cert_head : en->cert_officer2));
    json_t *j =
        json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:o,s:s,s:s,s:s}", "act_summary", fill(d, t->act, road),
                  "procedure", summary ? "summary" : "ordinary", "department", en->dept, "source",
                  t->path == P_DECLINED || t->path == P_CLUE ? "complaint" : "inspection", "matter",
                  (json_int_t)en->matters[t->matter], "party", (json_int_t)party_id(en, t->party),
                  "officers", officers, "occurred_on", demo_date(d, found - (summary ? 0 : 1)),
                  "location", arena_printf(d->a, "%s%s", sub ? "西岭街道" : "东湖街道", road),
                  "facts", fill(d, t->facts, road));
    return j;
}

static fz_err evidence(struct demo *d, struct ctx *c, int64_t case_id, const struct ctmpl *t,
                       bool inquiry, const struct event *ev, int sub)
{
    int64_t file;
    const char *img = inquiry ? "doc" : images[t->matter];
    fz_err e = demo_file(d, c, img, inquiry ? "询问笔录.jpg" : "现场照片.jpg", &file);
    if (e)
        return e;
    int minute = ev->minute - 40;
    int h = minute / 60, m = minute % 60;
    char at[40];
    char day[11];
    date_format(inquiry ? ev->day : ev->day - 1, day);
    snprintf(at, sizeof at, "%sT%02d:%02d", day, h, m);
    json_t *j = json_pack(
        "{s:I,s:s,s:s,s:[I],s:s,s:s,s:s,s:s}", "penalty_case", (json_int_t)case_id, "kind",
        inquiry ? "inquiry_record" : "photo", "description",
        inquiry ? "询问当事人，证明违法事实及当事人身份" : "现场照片，证明违法行为现场情况",
        "files", (json_int_t)file, "collected_at", at, "location",
        inquiry ? (sub ? "西岭街道综合行政执法办公室" : "东湖街道综合行政执法办公室")
                : "违法行为现场",
        "latitude", sub ? "30.6412" : "30.6735", "longitude", sub ? "104.0108" : "104.0921");
    e = entity_create(c, &entity_evidence, j, NULL);
    json_decref(j);
    return e;
}

static fz_err fire(struct ctx *c, const struct entity *e, int64_t id, const char *name, json_t *j)
{
    fz_err err = workflow_fire(c, e, id, name, j, NULL);
    json_decref(j);
    return err;
}

/* Fires `name` on every disclosure item of the case in state `from`. */
static fz_err disclosures(struct ctx *c, int64_t case_id, const char *from, const char *name)
{
    stmt *st = db_prepare(c->db, "SELECT id FROM disclosure_items WHERE penalty_case = ? AND "
                                 "status = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, case_id);
    db_bind_text(st, 2, from);
    int64_t ids[4];
    int n = 0;
    while (n < 4 && db_step(st) == DB_ROW)
        ids[n++] = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++) {
        fz_err e = workflow_fire(c, &entity_disclosure_items, ids[i], name, NULL, NULL);
        if (e)
            return e;
    }
    return FZ_OK;
}

static fz_err referral_materials(struct demo *d, struct ctx *c, int64_t referral)
{
    static const char *const fields[] = {"transfer_letter", "investigation_report", "item_list",
                                         "appraisal"};
    static const char *const names[] = {"涉嫌犯罪案件移送书.jpg", "案件调查报告.jpg",
                                        "涉案物品清单.jpg", "环境损害检测报告.jpg"};
    json_t *j = json_object();
    for (int i = 0; i < 4; i++) {
        int64_t f;
        fz_err e = demo_file(d, c, "doc", names[i], &f);
        if (e) {
            json_decref(j);
            return e;
        }
        json_object_set_new(j, fields[i], json_pack("[I]", (json_int_t)f));
    }
    fz_err e = entity_update(c, &entity_criminal_referrals, referral, j, NULL);
    json_decref(j);
    return e;
}

static fz_err run(struct demo *d, const struct demo_enf *en, const struct event *ev,
                  struct state *s, int *form_no)
{
    const struct ctmpl *t = &cases[ev->k];
    const char *p = d->subdistricts[ev->sub];
    struct ctx c;
    fz_err e =
        demo_ctx(d, arena_printf(d->a, "%s.%s", p, who_does(ev->act)), ev->day, ev->minute, &c);
    if (e)
        return e;
    const struct entity *pc = &entity_penalty_cases;
    char fine[16], decided[16], today[11];
    snprintf(fine, sizeof fine, "%d", t->proposed);
    snprintf(decided, sizeof decided, "%d", t->decided);
    date_format(ev->day, today);
    switch (ev->act) {
    case A_CREATE: {
        struct record *r;
        json_t *j = create_json(d, en, ev->sub, ev->k, t, ev->day);
        e = entity_create(&c, pc, j, &r);
        json_decref(j);
        if (!e)
            s->id = r->id;
        break;
    }
    case A_PHOTO:
    case A_INQUIRY:
        e = evidence(d, &c, s->id, t, ev->act == A_INQUIRY, ev, ev->sub);
        break;
    case A_FILE:
        e = fire(&c, pc, s->id, "file",
                 json_pack("{s:s}", "note", "经审查，符合立案条件，同意立案。"));
        break;
    case A_DECLINE:
        e = fire(&c, pc, s->id, "decline",
                 json_pack("{s:s}", "reason",
                           "经现场核查，该广告牌已依法办理设置审批手续，违法事实不成立，不予立案，"
                           "已向投诉人反馈。"));
        break;
    case A_REVIEW: {
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:b}", "facts", fill(d, t->facts, roads[ev->sub][ev->k % 4]),
                      "proposed_penalty", t->penalty ? t->penalty : "fine", "legal_review_reason",
                      t->review ? t->review : "none", "collective_required", t->collective);
        if (t->proposed)
            json_object_set_new(j, "proposed_fine", json_string(fine));
        if (t->tier)
            json_object_set_new(j, "discretion_tier", json_string(t->tier));
        e = fire(&c, pc, s->id, "submit_review", j);
        break;
    }
    case A_LEGAL_PASS:
        e = fire(&c, pc, s->id, "legal_review_pass",
                 json_pack("{s:s}", "legal_review_opinion",
                           "执法主体合法，执法人员具备执法资格，事实清楚，证据确凿，适用依据正确，"
                           "程序合法，裁量适当，同意。"));
        break;
    case A_DELIBERATE:
        e = fire(&c, pc, s->id, "deliberate",
                 json_pack("{s:s}", "collective_opinion",
                           "经街道主任办公会议集体讨论，同意承办机构的处理意见。"));
        break;
    case A_NOTIFY:
        e = fire(&c, pc, s->id, "notify", json_pack("{s:s}", "notice_served_on", today));
        break;
    case A_WAIVE:
        e = fire(&c, pc, s->id, "waive",
                 json_pack("{s:s}", "note", "当事人书面表示放弃陈述、申辩和听证的权利。"));
        break;
    case A_STATEMENT:
        e = fire(
            &c, pc, s->id, "record_statement",
            json_pack("{s:s}", "statement_summary",
                      "当事人承认违法事实，称系对规定不了解，已整改完毕，请求从轻处罚。经复核，"
                      "当事人提出的事实和理由已在裁量中考虑。"));
        break;
    case A_REQUEST_HEARING:
        e = fire(&c, pc, s->id, "request_hearing",
                 json_pack("{s:s}", "hearing_requested_on", today));
        break;
    case A_SCHEDULE_HEARING:
        /* chaired by a leader who did not investigate the case (art.64) */
        e = fire(&c, pc, s->id, "schedule_hearing",
                 json_pack("{s:s,s:s,s:s}", "hearing_notice_on", today, "hearing_on",
                           demo_date(d, ev->arg), "hearing_chair",
                           arena_printf(d->a, "%s.shuji", d->subdistricts[ev->sub])));
        break;
    case A_HOLD_HEARING:
        e = fire(
            &c, pc, s->id, "hold_hearing",
            json_pack("{s:s}", "statement_summary",
                      "听证会公开举行。当事人对违法事实无异议，提出广告牌已着手拆除、首次受到处罚，"
                      "请求减轻处罚。听证主持人建议在从重档次内适当降低罚款数额。"));
        break;
    case A_DECIDE: {
        bool f = strcmp(t->penalty, "fine") == 0;
        json_t *j = json_pack("{s:s,s:s,s:s}", "decided_penalty", t->penalty, "performance",
                              f ? PERFORMANCE : "当事人应当立即改正违法行为。", "remedy", REMEDY);
        if (f)
            json_object_set_new(j, "decided_fine", json_string(decided));
        e = fire(&c, pc, s->id, "decide", j);
        break;
    }
    case A_NO_PENALTY:
        e = fire(&c, pc, s->id, "decide_no_penalty",
                 json_pack("{s:s,s:s}", "no_penalty_reason",
                           t->matter == DM_FIRELANE ? "first_violation" : "minor", "remedy",
                           REMEDY));
        break;
    case A_ON_SITE: {
        bool f = strcmp(t->penalty, "fine") == 0;
        json_t *j = json_pack(
            "{s:s,s:s,s:s,s:s,s:s}", "facts", fill(d, t->facts, roads[ev->sub][ev->k % 4]),
            "decided_penalty", t->penalty, "on_site_form_number",
            arena_printf(d->a, "%s-DC-%04d", d->codes[ev->sub], ++*form_no), "performance",
            f ? "自收到本决定书之日起十五日内到指定银行缴纳罚款。" : "当事人应当立即改正违法行为。",
            "remedy", REMEDY);
        if (f)
            json_object_set_new(j, "decided_fine", json_string(decided));
        e = fire(&c, pc, s->id, "decide_on_site", j);
        break;
    }
    case A_SERVE:
        e = fire(&c, pc, s->id, "serve",
                 json_pack("{s:s,s:s}", "served_on", today, "service_method", "direct"));
        break;
    case A_PAY:
        e = fire(&c, pc, s->id, "record_payment",
                 json_pack("{s:s,s:s}", "paid_amount", decided, "paid_on", demo_date(d, ev->arg)));
        break;
    case A_EXECUTE_OTHER:
        e = fire(&c, pc, s->id, "execute_other",
                 json_pack("{s:s}", "note", "当事人已当场改正违法行为。"));
        break;
    case A_CLOSE:
        e = fire(&c, pc, s->id, "close",
                 json_pack("{s:s}", "note", "处罚决定已执行完毕，同意结案。"));
        break;
    case A_ARCHIVE:
        e = fire(&c, pc, s->id, "archive",
                 json_pack("{s:s}", "note", "案卷材料齐全，按一案一卷归档。"));
        break;
    case A_TRANSFER: {
        e = fire(&c, pc, s->id, "transfer",
                 json_pack("{s:s,s:s}", "suspected_offence", "污染环境罪", "transfer_report",
                           "经调查，当事人组织车辆向河道倾倒建筑垃圾及其他废弃物约300吨，经检测"
                           "水体污染物超标，涉嫌污染环境罪，依据《行政执法机关移送涉嫌犯罪案件的"
                           "规定》应当移送公安机关。"));
        if (!e) {
            stmt *st = db_prepare(c.db, "SELECT id FROM criminal_referrals WHERE penalty_case = ?");
            if (!st)
                return FZ_EDB;
            db_bind_int(st, 1, s->id);
            s->referral = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
            db_done(st);
        }
        break;
    }
    case A_REF_APPROVE:
        e = fire(&c, &entity_criminal_referrals, s->referral, "approve", NULL);
        break;
    case A_REF_MATERIALS:
        e = referral_materials(d, &c, s->referral);
        break;
    case A_REF_TRANSFER:
        e = fire(&c, &entity_criminal_referrals, s->referral, "transfer",
                 json_pack("{s:s}", "police_station", "青川区公安分局"));
        break;
    case A_REF_RECEIPT:
        e = fire(&c, &entity_criminal_referrals, s->referral, "receipt",
                 json_pack("{s:s}", "received_on", demo_date(d, ev->arg)));
        break;
    case A_REF_FILED:
        e = fire(&c, &entity_criminal_referrals, s->referral, "police_file",
                 json_pack("{s:s}", "police_decided_on", demo_date(d, ev->arg)));
        break;
    case A_SUSPEND:
        e = fire(
            &c, pc, s->id, "suspend",
            json_pack("{s:s}", "reason", "当事人外出务工，经多次联系无法取得联系，案件中止调查。"));
        break;
    case A_EXTEND:
        e = fire(
            &c, pc, s->id, "extend",
            json_pack(
                "{s:i,s:s}", "extension_days", 30, "reason",
                "需委托专业机构测量建筑垃圾方量，案情复杂，经街道负责人批准延长办案期限三十日。"));
        break;
    case A_REVOKE:
        e = fire(&c, pc, s->id, "revoke",
                 json_pack("{s:s}", "reason",
                           "行政复议机关以认定当事人身份的证据不足为由撤销本处罚决定。"));
        break;
    case A_PUBLISH:
        e = disclosures(&c, s->id, "queued", "publish");
        break;
    case A_WITHDRAW:
        e = disclosures(&c, s->id, "withdrawal_pending", "withdraw");
        break;
    }
    if (e)
        log_error("demo: case %d of %s (\"%s\") step %d failed: %s", ev->k, p, t->act, ev->act,
                  c.err.message ? c.err.message : err_text(e));
    return e;
}

fz_err enforcement_demo(struct demo *d)
{
    struct demo_enf en[2];
    for (int sub = 0; sub < 2; sub++) {
        fz_err e = demo_enforcement_catalogue(d, sub, &en[sub]);
        if (e) {
            demo_done();
            return e;
        }
    }
    struct plan p = {.d = d, .cap = 2 * NCASES * 24};
    p.ev = arena_calloc(d->a, p.cap, sizeof *p.ev);
    for (int sub = 0; sub < 2; sub++)
        for (int k = 0; k < NCASES; k++) {
            p.sub = sub, p.k = k, p.seq = 0;
            int found = found_for(d, &cases[k]);
            /* the second subdistrict's finished cases come a few days later */
            if (cases[k].ago && sub)
                found += 3;
            plan_case(&p, &cases[k], found);
        }
    qsort(p.ev, p.n, sizeof *p.ev, by_time);
    struct state st[2][NCASES];
    memset(st, 0, sizeof st);
    int form_no[2] = {0, 0};
    for (size_t i = 0; i < p.n; i++) {
        const struct event *ev = &p.ev[i];
        if (ev->day >= d->today)
            continue; /* not happened yet: the case stays where it is */
        fz_err e = run(d, &en[ev->sub], ev, &st[ev->sub][ev->k], &form_no[ev->sub]);
        if (e) {
            demo_done();
            return e;
        }
    }
    demo_done();
    return FZ_OK;
}
