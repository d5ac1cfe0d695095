/* rules.c — the disclosure periods of 政府信息公开条例 (RULES.md §5) as plain functions over
 * the working-day calendar, and the tables of reply types and applicant kinds that the
 * requests, the portal and the yearly report share. No I/O. */
#include <string.h>

#include "core/arena.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

/* art.30: a correction is asked for within 7 working days of receipt. */
int gip_correction_last_day(const calendar *cal, int received)
{
    return calendar_add_working_days(cal, received, GIP_CORRECTION_WORKING_DAYS, NULL, NULL);
}

const char *gip_correction_in_time(const calendar *cal, int received, int today)
{
    if (today < received)
        return "补正日期不能早于收到申请的日期";
    if (today > gip_correction_last_day(cal, received))
        return "收到申请已超过7个工作日，不能再要求补正（政府信息公开条例第三十条）";
    return NULL;
}

/* art.33: 20 working days, plus at most 20 on approval; art.32: consultation not counted. */
int gip_reply_due(const calendar *cal, int from, int extension_days, int excluded_days)
{
    return calendar_add_working_days(
        cal, from, GIP_REPLY_WORKING_DAYS + extension_days + excluded_days, NULL, NULL);
}

/* ---- reply types ------------------------------------------------------------------------- */

const char *const reply_group_labels[6] = {"予以公开", "部分公开", "不予公开",
                                           "无法提供", "不予处理", "其他处理"};

static const struct {
    const char *value, *label;
    int group;
} reply_types[RT__MAX] = {
#define RT_ROW(e, v, g, gl, l) [e] = {v, l, g},
    REPLY_TYPE_LIST(RT_ROW)
#undef RT_ROW
};

int reply_type_parse(const char *value)
{
    for (int i = 0; value && i < RT__MAX; i++)
        if (strcmp(reply_types[i].value, value) == 0)
            return i;
    return -1;
}

int reply_type_group(enum reply_type t)
{
    return (unsigned)t < RT__MAX ? reply_types[t].group : 5;
}

const char *reply_type_value(enum reply_type t)
{
    return (unsigned)t < RT__MAX ? reply_types[t].value : "";
}

/* The first two rows are their own group; the others read "group：row". */
static const char *const public_labels[RT__MAX] = {
#define RT_PUB(e, v, g, gl, l) [e] = g < 2 ? l : gl "：" l,
    REPLY_TYPE_LIST(RT_PUB)
#undef RT_PUB
};

const char *reply_type_public_label(enum reply_type t)
{
    return (unsigned)t < RT__MAX ? public_labels[t] : "";
}

/* ---- applicant kinds --------------------------------------------------------------------- */

static const struct {
    const char *value, *label;
} applicant_kinds[AK__MAX] = {
#define AK_ROW(e, v, l) [e] = {v, l},
    APPLICANT_KIND_LIST(AK_ROW)
#undef AK_ROW
};

int applicant_kind_parse(const char *value)
{
    for (int i = 0; value && i < AK__MAX; i++)
        if (strcmp(applicant_kinds[i].value, value) == 0)
            return i;
    return -1;
}

const char *applicant_kind_label(enum applicant_kind k)
{
    return (unsigned)k < AK__MAX ? applicant_kinds[k].label : "";
}
