/* evidence.c — evidence of a penalty case (证据): files (photos, video, audio, documents)
 * content-addressed by SHA-256, with who collected them, when and where. Never altered: a
 * mistake is corrected by adding evidence and saying why (full-process record, RULES.md
 * §1 art.47). */
#include <stdlib.h>
#include <string.h>

#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

static const struct choice evidence_kinds[] = {{"photo", "现场照片"},
                                               {"video", "视听资料"},
                                               {"document", "书证"},
                                               {"inspection_record", "现场检查（勘验）笔录"},
                                               {"inquiry_record", "询问笔录"},
                                               {"statement", "当事人陈述"},
                                               {"witness", "证人证言"},
                                               {"appraisal", "鉴定意见"},
                                               {"electronic", "电子数据"},
                                               {"physical", "物证"},
                                               {NULL, NULL}};

static const struct field evidence_fields[] = {
    {"penalty_case", "所属案件", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "penalty_cases"},
    {"kind", "证据种类", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER, .choices = evidence_kinds},
    {"description", "证明事项", FT_LONGTEXT, F_REQUIRED | F_LIST | F_SEARCH, 2, 2000},
    {"files", "文件", FT_FILES, F_REQUIRED | F_LIST, .max = 20,
     .help = "照片、视频、录音或扫描件；可直接用手机拍摄。"
             "每个不超过 512 MB，大文件分段上传，断网可续传"},
    {"collected_at", "取证时间", FT_DATETIME, F_REQUIRED | F_LIST | F_SORT},
    {"location", "取证地点", FT_TEXT, 0, 0, 200},
    {"latitude", "纬度", FT_TEXT, 0, 0, 20, .help = "可选，手机定位"},
    {"longitude", "经度", FT_TEXT, 0, 0, 20},
    {"corrects", "更正或补充说明", FT_TEXT, 0, 0, 500, .help = "补充或更正此前证据的，写明原因"},
};

static bool number_in(const char *s, double lo, double hi)
{
    char *end;
    double d = strtod(s, &end);
    return *s && !*end && d >= lo && d <= hi;
}

static const char *evidence_rules(const struct record *r, const struct record *before, int today,
                                  const char **field)
{
    (void)before;
    const struct value *at = guard_field(r, "collected_at");
    /* an instant's Asia/Shanghai date is after today only if it is in the future */
    if (at && (at->i + 8LL * 3600000) / 86400000 > today) {
        *field = "collected_at";
        return "取证时间不能晚于现在";
    }
    const struct value *lat = guard_field(r, "latitude"), *lng = guard_field(r, "longitude");
    if (!lat != !lng) {
        *field = lat ? "longitude" : "latitude";
        return "经纬度需同时填写";
    }
    if (lat && !number_in(lat->s, -90, 90)) {
        *field = "latitude";
        return "纬度应为 -90 到 90 之间的数字";
    }
    if (lng && !number_in(lng->s, -180, 180)) {
        *field = "longitude";
        return "经度应为 -180 到 180 之间的数字";
    }
    return NULL;
}

const struct entity entity_evidence = {
    .name = "evidence",
    .label = "证据",
    .fields = evidence_fields,
    .nfields = sizeof evidence_fields / sizeof evidence_fields[0],
    .title_field = "description",
    .parent_field = "penalty_case",
    .read_roles = ROLES_ALL & ~R(ROLE_GRID_WORKER),
    .create_roles = R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_STAFF),
    .update_roles = R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_STAFF),
    .default_sort = "collected_at",
    .parent_states = "on_site investigating reviewing notified hearing",
    .immutable = true,
    .check = evidence_rules,
};
