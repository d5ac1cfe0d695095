/* entity.c — the registry, validation of submitted values, loading, and the audited writes
 * (create, update) of entity records. Lists and scope are in query.c; transitions in
 * workflow.c. */
#include "entity.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/utf8.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "engine/deadline.h"
#include "engine/files.h"
#include "engine/people.h"
#include "engine/query.h"
#include "engine/workflow.h"
#include "core/banned.h"

#define TEXT_MAX_DEFAULT 200
#define LONGTEXT_MAX_DEFAULT 5000
#define LIST_MAX_DEFAULT 50
#define BODY_MAX_KEYS 100

static const struct entity *const *registry;
static int nregistry;

void entity_register(const struct entity *const *list, int n)
{
    registry = list;
    nregistry = n;
}

const struct entity *const *entity_all(int *n)
{
    *n = nregistry;
    return registry;
}

const struct entity *entity_find(const char *name)
{
    for (int i = 0; i < nregistry; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

int entity_field_index(const struct entity *e, const char *name)
{
    for (int i = 0; i < e->nfields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return i;
    return -1;
}

const struct field *entity_field(const struct entity *e, const char *name)
{
    int i = name ? entity_field_index(e, name) : -1;
    return i < 0 ? NULL : &e->fields[i];
}

bool field_is_list(const struct field *f)
{
    return f->type == FT_ORGS || f->type == FT_FILES || f->type == FT_REFS;
}

bool field_is_column(const struct field *f)
{
    return !field_is_list(f) && !(f->flags & F_DERIVED);
}

bool field_is_int(const struct field *f)
{
    switch (f->type) {
    case FT_INT:
    case FT_BOOL:
    case FT_ORG:
    case FT_REF:
    case FT_MONEY:
    case FT_USER:
        return true;
    default:
        return false;
    }
}

int money_parse(const char *s, int64_t *fen)
{
    if (!s || !*s)
        return -1;
    int64_t yuan = 0, cents = 0;
    int digits = 0, decimals = -1;
    for (; *s; s++) {
        if (*s == '.') {
            if (decimals >= 0 || digits == 0)
                return -1;
            decimals = 0;
        } else if (*s >= '0' && *s <= '9') {
            if (decimals >= 0) {
                if (++decimals > 2)
                    return -1;
                cents = cents * 10 + (*s - '0');
            } else {
                if (++digits > 12)
                    return -1;
                yuan = yuan * 10 + (*s - '0');
            }
        } else {
            return -1;
        }
    }
    if (decimals == 0)
        return -1; /* "12." */
    if (decimals == 1)
        cents *= 10;
    *fen = yuan * 100 + cents;
    return 0;
}

void money_format(int64_t fen, char out[32])
{
    /* exactly "%lld.%02lld" of fen / 100 and fen % 100 (amounts are never negative), without
     * snprintf: a list formats every row's */
    char tmp[32];
    size_t i = sizeof tmp;
    long long whole = (long long)(fen / 100), part = (long long)(fen % 100);
    unsigned long long u = part < 0 ? 0ULL - (unsigned long long)part : (unsigned long long)part;
    tmp[--i] = (char)('0' + u % 10);
    if (u >= 10 || part >= 0)
        tmp[--i] = (char)('0' + u / 10);
    if (part < 0)
        tmp[--i] = '-';
    tmp[--i] = '.';
    u = whole < 0 ? 0ULL - (unsigned long long)whole : (unsigned long long)whole;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (whole < 0)
        tmp[--i] = '-';
    memcpy(out, tmp + i, sizeof tmp - i);
    out[sizeof tmp - i] = '\0';
}

const char *enum_label(const struct field *f, const char *value)
{
    if (!value || !f->choices)
        return value;
    for (const struct choice *ch = f->choices; ch->value; ch++)
        if (strcmp(ch->value, value) == 0)
            return ch->label;
    return value;
}

const char *record_title(const struct record *r)
{
    int i = entity_field_index(r->e, r->e->title_field ? r->e->title_field : "");
    if (i >= 0 && !r->v[i].null && r->v[i].s && *r->v[i].s)
        return r->v[i].s;
    /* the record owns the text (filled when it is read), so titles of several records can
     * be held at once */
    return r->id_text[0] ? r->id_text : "#";
}

/* ---- validation -------------------------------------------------------------------------- */

static int64_t field_max(const struct field *f)
{
    if (f->max)
        return f->max;
    switch (f->type) {
    case FT_TEXT:
        return TEXT_MAX_DEFAULT;
    case FT_LONGTEXT:
        return LONGTEXT_MAX_DEFAULT;
    case FT_ORGS:
    case FT_FILES:
    case FT_REFS:
        return LIST_MAX_DEFAULT;
    default:
        return 0;
    }
}

/* Trims ASCII and ideographic spaces at both ends into an arena copy. */
static const char *trim(arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
           (strncmp(s, "\xE3\x80\x80", 3) == 0 && (s += 2)))
        s++;
    size_t n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    return arena_strndup(a, s, n);
}

bool value_equal(const struct field *f, const struct value *a, const struct value *b)
{
    switch (f->type) {
    case FT_ORGS:
    case FT_FILES:
    case FT_REFS:
        if (a->n != b->n)
            return false;
        for (size_t k = 0; k < a->n; k++)
            if (a->ids[k] != b->ids[k])
                return false;
        return true;
    default:
        if (a->null || b->null)
            return a->null == b->null;
        if (field_is_int(f))
            return a->i == b->i;
        return a->s && b->s && strcmp(a->s, b->s) == 0;
    }
}

static fz_err bad(struct ctx *c, const struct field *f, const char *what)
{
    return ctx_fail(c, FZ_EVALID, f->name, "“%s”%s", f->label, what);
}

/* A list field's count against required and its minimum (f->min). */
static fz_err list_count_ok(struct ctx *c, const struct field *f, size_t n)
{
    if (!n && (f->flags & F_REQUIRED))
        return bad(c, f, "为必填项");
    if (n && (int64_t)n < f->min)
        return ctx_fail(c, FZ_EVALID, f->name, "“%s”至少需要 %lld 项（现有 %zu 项）", f->label,
                        (long long)f->min, n);
    return FZ_OK;
}

static fz_err resolve_org(struct ctx *c, const struct field *f, json_t *j, int64_t tenant_id,
                          int64_t *id, const char **code, const char **name)
{
    if (!json_is_string(j))
        return bad(c, f, "应为机构代码（字符串）");
    struct org o;
    fz_err e = org_by_code(c, json_string_value(j), &o);
    if (e == FZ_ENOTFOUND)
        return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的机构“%.*s”不存在", f->label,
                        (int)utf8_prefix(json_string_value(j), 32), json_string_value(j));
    if (e)
        return e;
    if (f->org_kinds && !(f->org_kinds & (1u << o.kind)))
        return ctx_fail(c, FZ_EVALID, f->name, "“%s”不能选择%s“%s”", f->label,
                        org_kind_label(o.kind), o.name);
    if (tenant_id && o.tenant_id != tenant_id)
        return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的机构“%s”不属于本街道", f->label, o.name);
    *id = o.id;
    *code = o.code;
    *name = o.name;
    return FZ_OK;
}

static fz_err validate_one(struct ctx *c, const struct field *f, json_t *j, int64_t tenant_id,
                           struct value *v)
{
    memset(v, 0, sizeof *v);
    if (json_is_null(j)) {
        if (f->flags & F_REQUIRED)
            return bad(c, f, "为必填项");
        v->null = true;
        return FZ_OK;
    }
    switch (f->type) {
    case FT_TEXT:
    case FT_LONGTEXT: {
        if (!json_is_string(j))
            return bad(c, f, "应为文本");
        const char *s = json_string_value(j);
        size_t len = json_string_length(j);
        if (strlen(s) != len || !utf8_valid(s, len))
            return bad(c, f, "含有无效字符");
        s = trim(c->a, s);
        if (utf8_has_controls(s, f->type == FT_LONGTEXT))
            return bad(c, f, "含有控制字符");
        size_t chars = utf8_chars(s);
        if (!chars) {
            if (f->flags & F_REQUIRED)
                return bad(c, f, "为必填项");
            v->null = true;
            return FZ_OK;
        }
        if ((int64_t)chars > field_max(f))
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”不能超过 %lld 个字（现有 %zu 个）",
                            f->label, (long long)field_max(f), chars);
        if (f->min && (int64_t)chars < f->min)
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”至少需要 %lld 个字", f->label,
                            (long long)f->min);
        v->s = s;
        return FZ_OK;
    }
    case FT_INT: {
        if (!json_is_integer(j))
            return bad(c, f, "应为整数");
        json_int_t n = json_integer_value(j);
        if ((f->min || f->max) && (n < f->min || n > f->max))
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”应在 %lld 到 %lld 之间", f->label,
                            (long long)f->min, (long long)f->max);
        v->i = n;
        return FZ_OK;
    }
    case FT_BOOL:
        if (!json_is_boolean(j))
            return bad(c, f, "应为 true 或 false");
        v->i = json_is_true(j);
        return FZ_OK;
    case FT_DATE: {
        int day;
        if (!json_is_string(j) || date_parse(json_string_value(j), &day))
            return bad(c, f, "应为有效日期，格式 YYYY-MM-DD");
        v->s = arena_strdup(c->a, json_string_value(j));
        v->i = day;
        return FZ_OK;
    }
    case FT_ENUM:
        if (json_is_string(j) && f->choices) {
            for (const struct choice *ch = f->choices; ch->value; ch++) {
                if (strcmp(ch->value, json_string_value(j)) == 0) {
                    v->s = ch->value;
                    v->label = ch->label;
                    return FZ_OK;
                }
            }
        }
        return bad(c, f, "的取值不在可选范围内");
    case FT_ORG:
        return resolve_org(c, f, j, tenant_id, &v->i, &v->s, &v->label);
    case FT_ORGS: {
        if (!json_is_array(j))
            return bad(c, f, "应为机构代码的数组");
        size_t n = json_array_size(j);
        if ((int64_t)n > field_max(f))
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”最多选择 %lld 个", f->label,
                            (long long)field_max(f));
        v->n = n;
        v->ids = arena_calloc(c->a, n + 1, sizeof *v->ids);
        v->codes = arena_calloc(c->a, n + 1, sizeof *v->codes);
        v->labels = arena_calloc(c->a, n + 1, sizeof *v->labels);
        for (size_t i = 0; i < n; i++) {
            fz_err e = resolve_org(c, f, json_array_get(j, i), tenant_id, &v->ids[i], &v->codes[i],
                                   &v->labels[i]);
            if (e)
                return e;
            for (size_t k = 0; k < i; k++)
                if (v->ids[k] == v->ids[i])
                    return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的机构“%s”重复", f->label,
                                    v->labels[i]);
        }
        return list_count_ok(c, f, n);
    }
    case FT_REF: {
        if (!json_is_integer(j) || json_integer_value(j) <= 0)
            return bad(c, f, "应为记录编号（正整数）");
        const struct entity *re = entity_find(f->ref);
        struct record *r;
        if (!re || entity_get(c, re, json_integer_value(j), &r) != FZ_OK) {
            c->err.code = FZ_OK; /* replace entity_get's message with the field's */
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”所指的记录不存在或无权查看", f->label);
        }
        if (tenant_id && r->org_id != tenant_id)
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”所指的记录不属于本街道", f->label);
        v->i = r->id;
        v->label = record_title(r);
        return FZ_OK;
    }
    case FT_MONEY: {
        /* a string "1234.50", or a number with at most two decimals */
        char tmp[64];
        const char *text = NULL;
        if (json_is_string(j)) {
            text = json_string_value(j);
        } else if (json_is_integer(j)) {
            snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(j));
            text = tmp;
        } else if (json_is_real(j)) {
            double d = json_real_value(j);
            double cents = d * 100.0;
            long long rounded = (long long)(cents + (cents >= 0 ? 0.5 : -0.5));
            if (d < 0 || d > 1e12 || cents - (double)rounded > 1e-6 ||
                (double)rounded - cents > 1e-6)
                return bad(c, f, "应为不超过两位小数的金额");
            snprintf(tmp, sizeof tmp, "%lld.%02lld", rounded / 100, rounded % 100);
            text = tmp;
        }
        int64_t fen;
        if (!text || money_parse(text, &fen))
            return bad(c, f, "应为金额（元，最多两位小数），如 \"2000.00\"");
        if (f->max && fen > f->max)
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”不能超过 %lld 元", f->label,
                            (long long)(f->max / 100));
        if (f->min && fen < f->min)
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”不能少于 %lld 元", f->label,
                            (long long)(f->min / 100));
        char out[32];
        money_format(fen, out);
        v->i = fen;
        v->s = arena_strdup(c->a, out);
        return FZ_OK;
    }
    case FT_DATETIME: {
        int64_t ms;
        const char *t = json_is_string(j) ? json_string_value(j) : NULL;
        if (t && time_parse_iso(t, &ms) == 0) {
            /* as given */
        } else if (t && strlen(t) == 16 && t[10] == 'T') {
            /* a local time from a form: 2026-11-27T10:30 in Asia/Shanghai */
            char iso[25];
            snprintf(iso, sizeof iso, "%.16s:00Z", t);
            if (time_parse_iso(iso, &ms))
                return bad(c, f, "应为时间，如 2026-11-27T10:30");
            ms -= 8LL * 3600 * 1000;
        } else {
            return bad(c, f, "应为时间，如 2026-11-27T10:30");
        }
        char iso[25];
        time_format_iso(ms, iso);
        v->i = ms;
        v->s = arena_strdup(c->a, iso);
        return FZ_OK;
    }
    case FT_USER: {
        if (!json_is_string(j))
            return bad(c, f, "应为用户名（字符串）");
        stmt *st = db_prepare(c->db, "SELECT id, org_id, username, name, active FROM users "
                                     "WHERE username = ?");
        if (!st)
            return FZ_EDB;
        db_bind_text(st, 1, json_string_value(j));
        int64_t uid = 0, utenant = 0;
        bool active = false;
        if (db_step(st) == DB_ROW) {
            uid = db_col_int(st, 0);
            utenant = db_col_int(st, 1);
            v->s = arena_strdup(c->a, db_col_text(st, 2));
            v->label = arena_strdup(c->a, db_col_text(st, 3));
            active = db_col_int(st, 4) != 0;
        }
        db_done(st);
        if (!uid || !active || (tenant_id && utenant != tenant_id))
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的用户“%.*s”不存在或不属于本街道",
                            f->label, (int)utf8_prefix(json_string_value(j), 32),
                            json_string_value(j));
        v->i = uid;
        return FZ_OK;
    }
    case FT_REFS: {
        if (!json_is_array(j))
            return bad(c, f, "应为记录编号的数组");
        size_t n = json_array_size(j);
        if ((int64_t)n > field_max(f))
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”最多选择 %lld 项", f->label,
                            (long long)field_max(f));
        const struct entity *re = entity_find(f->ref);
        v->n = n;
        v->ids = arena_calloc(c->a, n + 1, sizeof *v->ids);
        v->codes = arena_calloc(c->a, n + 1, sizeof *v->codes);
        v->labels = arena_calloc(c->a, n + 1, sizeof *v->labels);
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(j, i);
            struct record *r;
            if (!json_is_integer(x) || !re || entity_get(c, re, json_integer_value(x), &r)) {
                c->err.code = FZ_OK;
                return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的第 %zu 项不存在或无权查看",
                                f->label, i + 1);
            }
            if (tenant_id && r->org_id != tenant_id)
                return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的“%s”不属于本街道", f->label,
                                record_title(r));
            for (size_t k = 0; k < i; k++)
                if (v->ids[k] == r->id)
                    return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的“%s”重复", f->label,
                                    record_title(r));
            v->ids[i] = r->id;
            v->labels[i] = arena_strdup(c->a, record_title(r));
        }
        return list_count_ok(c, f, n);
    }
    case FT_FILES: {
        if (!json_is_array(j))
            return bad(c, f, "应为文件编号的数组");
        size_t n = json_array_size(j);
        if ((int64_t)n > field_max(f))
            return ctx_fail(c, FZ_EVALID, f->name, "“%s”最多 %lld 个文件", f->label,
                            (long long)field_max(f));
        v->n = n;
        v->ids = arena_calloc(c->a, n + 1, sizeof *v->ids);
        v->codes = arena_calloc(c->a, n + 1, sizeof *v->codes);
        v->labels = arena_calloc(c->a, n + 1, sizeof *v->labels);
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(j, i);
            if (!json_is_integer(x))
                return bad(c, f, "应为文件编号（整数）");
            /* only files the actor may see: their own uploads, or files already attached to
             * records they can read (keeping a record's attachments on an edit) */
            stmt *st = db_prepare(c->db, "SELECT id, org_id, sha256, name, uploaded_by FROM "
                                         "files WHERE id = ?");
            if (!st)
                return FZ_EDB;
            db_bind_int(st, 1, json_integer_value(x));
            int64_t fid = 0, ftenant = 0, by = 0;
            if (db_step(st) == DB_ROW) {
                fid = db_col_int(st, 0);
                ftenant = db_col_int(st, 1);
                v->codes[i] = arena_strdup(c->a, db_col_text(st, 2));
                v->labels[i] = arena_strdup(c->a, db_col_text(st, 3));
                by = db_col_int(st, 4);
            }
            db_done(st);
            bool ok =
                fid && (!tenant_id || ftenant == tenant_id) && file_visible(c, fid, by, ftenant);
            v->ids[i] = fid;
            if (!ok)
                return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的文件 %lld 不存在", f->label,
                                (long long)json_integer_value(x));
            for (size_t k = 0; k < i; k++)
                if (v->ids[k] == v->ids[i])
                    return ctx_fail(c, FZ_EVALID, f->name, "“%s”中的文件重复", f->label);
        }
        return list_count_ok(c, f, n);
    }
    }
    return FZ_EINTERNAL;
}

fz_err validate_fields(struct ctx *c, const struct field *fields, int n, json_t *body,
                       enum validate_mode mode, int64_t tenant_id, struct value *out, bool *present,
                       const char *const *allowed_extra)
{
    if (!json_is_object(body))
        return ctx_fail(c, FZ_EVALID, NULL, "请求体应为 JSON 对象");
    if (json_object_size(body) > BODY_MAX_KEYS)
        return ctx_fail(c, FZ_EVALID, NULL, "请求体的字段过多");
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        bool known = false;
        for (int i = 0; i < n && !known; i++) {
            if (strcmp(fields[i].name, key) != 0)
                continue;
            if (fields[i].flags & (F_SYSTEM | F_DERIVED))
                return ctx_fail(c, FZ_EVALID, key, "“%s”由系统维护，不能直接填写", fields[i].label);
            if (mode == V_UPDATE && (fields[i].flags & F_FIXED))
                return ctx_fail(c, FZ_EVALID, key, "“%s”创建后不能修改", fields[i].label);
            known = true;
        }
        for (const char *const *x = allowed_extra; x && *x && !known; x++)
            known = strcmp(*x, key) == 0;
        if (!known) {
            size_t klen = strlen(key);
            if (!utf8_valid(key, klen))
                return ctx_fail(c, FZ_EVALID, NULL, "请求中有未知字段");
            return ctx_fail(c, FZ_EVALID, arena_strndup(c->a, key, utf8_prefix(key, 40)),
                            "未知字段“%.*s”", (int)utf8_prefix(key, 40), key);
        }
    }
    for (int i = 0; i < n; i++) {
        const struct field *f = &fields[i];
        json_t *j = json_object_get(body, f->name);
        present[i] = j != NULL;
        if (f->flags & (F_SYSTEM | F_DERIVED)) {
            memset(&out[i], 0, sizeof out[i]);
            out[i].null = true;
            continue;
        }
        if (!j) {
            memset(&out[i], 0, sizeof out[i]);
            out[i].null = true;
            if (mode != V_UPDATE && (f->flags & F_REQUIRED))
                return bad(c, f, "为必填项");
            continue;
        }
        fz_err e = validate_one(c, f, j, tenant_id, &out[i]);
        if (e)
            return e;
    }
    return FZ_OK;
}

/* ---- loading ----------------------------------------------------------------------------- */

static fz_err load(struct ctx *c, const struct entity *e, int64_t id, bool derive,
                   struct record **out);

fz_err record_load(struct ctx *c, const struct entity *e, int64_t id, struct record **out)
{
    return load(c, e, id, true, out);
}

fz_err record_load_underived(struct ctx *c, const struct entity *e, int64_t id, struct record **out)
{
    return load(c, e, id, false, out);
}

static fz_err load(struct ctx *c, const struct entity *e, int64_t id, bool derive,
                   struct record **out)
{
    buf sql;
    buf_init(&sql, 0);
    query_select(e, &sql);
    buf_puts(&sql, " WHERE t.id = ?");
    stmt *st = sql.err ? NULL : db_prepare(c->db, sql.p);
    buf_release(&sql);
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    enum db_step r = db_step(st);
    struct record *rec = r == DB_ROW ? record_from_row(c, e, st) : NULL;
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (!rec)
        return FZ_ENOTFOUND;
    fz_err err = record_load_links(c, rec);
    if (!err && e->ndeadlines)
        err = deadline_load(c, rec);
    if (err)
        return err;
    if (e->derive && derive)
        e->derive(c, rec);
    *out = rec;
    return FZ_OK;
}

fz_err entity_get(struct ctx *c, const struct entity *e, int64_t id, struct record **out)
{
    if (id <= 0 || !entity_visible(c, e, id))
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "未找到该%s，或您无权查看", e->label);
    fz_err err = record_load(c, e, id, out);
    if (err == FZ_ENOTFOUND)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "未找到该%s", e->label);
    if (!err && e->warnings) {
        struct record *r = *out;
        r->warnings = arena_calloc(c->a, 16, sizeof *r->warnings);
        r->nwarnings = e->warnings(c, r, r->warnings, 16);
    }
    return err;
}

/* Empty values (null, empty lists) are left out, so adding a field to an entity leaves the
 * states of existing records as they were audited. */
void record_canon(const struct record *r, buf *b)
{
    const struct entity *e = r->e;
    canon_begin(b);
    canon_int(b, "id", r->id);
    canon_int(b, "org_id", r->org_id);
    canon_int(b, "version", r->version);
    if (e->workflow)
        canon_text(b, "status", r->status);
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        const struct value *v = &r->v[i];
        if (f->flags & F_DERIVED)
            continue;
        if (field_is_list(f)) {
            if (v->n)
                canon_ints(b, f->name, v->ids, v->n);
        } else if (field_is_int(f)) {
            if (!v->null)
                canon_int(b, f->name, v->i);
        } else if (!v->null && v->s) {
            canon_text(b, f->name, v->s);
        }
    }
    canon_text(b, "created_at", r->created_at);
    canon_int(b, "created_by", r->created_by);
    canon_text(b, "updated_at", r->updated_at);
    canon_int(b, "updated_by", r->updated_by);
    /* running and ended deadlines are part of the record's state (in start order) */
    if (r->ndeadlines) {
        canon_raw_key(b, "deadlines");
        buf_putc(b, '[');
        for (size_t k = 0; k < r->ndeadlines; k++) {
            const struct deadline_view *d = &r->deadlines[k];
            if (k)
                buf_putc(b, ',');
            buf_putc(b, '[');
            buf_put_json_str(b, d->kind);
            buf_putc(b, ',');
            buf_put_json_str(b, d->base_date);
            buf_printf(b, ",%d,", d->count);
            buf_put_json_str(b, d->unit);
            buf_putc(b, ',');
            buf_put_json_str(b, d->due_date);
            buf_putc(b, ',');
            buf_put_json_str(b, d->status);
            buf_printf(b, ",%d,%d]", d->paused_days, d->extended_days);
        }
        buf_putc(b, ']');
    }
    canon_end(b);
}

const char *record_canon_str(struct ctx *c, const struct record *r)
{
    buf b;
    buf_init(&b, 0);
    record_canon(r, &b);
    const char *s = b.err ? NULL : arena_strndup(c->a, b.p, b.len);
    buf_release(&b);
    return s;
}

bool entity_may(struct ctx *c, const struct entity *e, unsigned roles, int64_t place)
{
    if (e->tenant_write)
        return access_covers_tenant(c, access_write_mask(roles), place);
    return access_covers(c, access_write_mask(roles), place);
}

/* Whether the actor holds a role in roles at an organisation named by one of r's F_SCOPE
 * fields (e.g. a co-operating department reporting progress on a task). */
bool record_scope_covers(struct ctx *c, const struct record *r, unsigned roles)
{
    for (int i = 0; i < r->e->nfields; i++) {
        const struct field *f = &r->e->fields[i];
        if (f->type != FT_ORGS || !(f->flags & F_SCOPE))
            continue;
        for (size_t k = 0; k < r->v[i].n; k++)
            if (access_covers(c, access_write_mask(roles), r->v[i].ids[k]))
                return true;
    }
    return false;
}

/* ---- writes ------------------------------------------------------------------------------ */

fz_err record_write_links(struct ctx *c, const struct entity *e, int64_t tenant, int64_t id, int fi,
                          const struct value *v)
{
    stmt *st = db_prepare(c->db, "DELETE FROM record_links WHERE entity = ? AND record_id = ? "
                                 "AND field = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, e->name);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, e->fields[fi].name);
    if (db_run(st))
        return FZ_EDB;
    for (size_t k = 0; k < v->n; k++) {
        st = db_prepare(c->db, "INSERT INTO record_links (org_id, entity, record_id, field, "
                               "target_id, pos) VALUES (?, ?, ?, ?, ?, ?)");
        if (!st)
            return FZ_EDB;
        db_bind_int(st, 1, tenant);
        db_bind_text(st, 2, e->name);
        db_bind_int(st, 3, id);
        db_bind_text(st, 4, e->fields[fi].name);
        db_bind_int(st, 5, v->ids[k]);
        db_bind_int(st, 6, (int64_t)k);
        if (db_run(st))
            return FZ_EDB;
    }
    return FZ_OK;
}

void field_bind(stmt *st, int idx, const struct field *f, const struct value *v)
{
    if (v->null) {
        db_bind_null(st, idx);
        return;
    }
    if (field_is_int(f))
        db_bind_int(st, idx, v->i);
    else
        db_bind_text(st, idx, v->s);
}

/* Where a new record sits and which tenant it belongs to: its unit organisation, or its
 * parent record's place. The parent must be visible. */
static fz_err placement(struct ctx *c, const struct entity *e, json_t *body, int64_t *place,
                        int64_t *tenant, struct record **parent_out)
{
    if (e->parent_field) {
        const struct field *pf = entity_field(e, e->parent_field);
        json_t *j = json_object_get(body, pf->name);
        if (!json_is_integer(j))
            return ctx_fail(c, FZ_EVALID, pf->name, "请指定所属的%s（%s）", pf->label, pf->name);
        struct record *parent;
        const struct entity *pe = entity_find(pf->ref);
        if (!pe || entity_get(c, pe, json_integer_value(j), &parent))
            return ctx_fail(c, FZ_EVALID, pf->name, "所属的%s不存在或无权查看", pf->label);
        if (e->parent_states && pe->workflow && !wf_state_in(e->parent_states, parent->status))
            return ctx_fail(c, FZ_EGUARD, pf->name, "%s处于“%s”状态，不能添加%s", pe->label,
                            wf_state_label(pe->workflow, parent->status), e->label);
        *place = parent->place_org_id;
        *tenant = parent->org_id;
        *parent_out = parent;
        return FZ_OK;
    }
    const struct field *uf = entity_field(e, e->unit_field);
    json_t *j = json_object_get(body, uf->name);
    if (!j || json_is_null(j))
        return ctx_fail(c, FZ_EVALID, uf->name, "“%s”为必填项", uf->label);
    if (!json_is_string(j))
        return ctx_fail(c, FZ_EVALID, uf->name, "“%s”应为机构代码（字符串）", uf->label);
    struct org o;
    fz_err err = org_by_code(c, json_string_value(j), &o);
    if (err == FZ_ENOTFOUND)
        return ctx_fail(c, FZ_EVALID, uf->name, "“%s”中的机构“%.*s”不存在", uf->label,
                        (int)utf8_prefix(json_string_value(j), 32), json_string_value(j));
    if (err)
        return err;
    *place = o.id;
    *tenant = o.tenant_id;
    return FZ_OK;
}

static fz_err run_check(struct ctx *c, const struct entity *e, const struct record *now,
                        const struct record *before)
{
    if (!e->check)
        return FZ_OK;
    const char *field = NULL;
    const char *msg = e->check(now, before, c->today, &field);
    return msg ? ctx_fail(c, FZ_EVALID, field, "%s", msg) : FZ_OK;
}

static fz_err refuse(struct ctx *c, const struct entity *e, int64_t tenant, int64_t place,
                     int64_t id, const char *action, fz_err code, const char *msg)
{
    buf d;
    buf_init(&d, 0);
    canon_begin(&d);
    canon_text(&d, "refused", err_code(code));
    canon_text(&d, "reason", msg);
    canon_end(&d);
    struct audit_entry ae = {.chain_id = tenant ? tenant : c->actor->tenant_id,
                             .org_id = place ? place : c->actor->home_org_id,
                             .action = arena_printf(c->a, "%s.%s.refused", e->name, action),
                             .entity = e->name,
                             .record_id = id,
                             .detail = d.err ? NULL : arena_strndup(c->a, d.p, d.len)};
    buf_release(&d);
    if (ae.chain_id)
        audit_append_own_tx(c, &ae);
    return ctx_fail(c, code, NULL, "%s", msg);
}

/* Every write runs inside one write transaction taken before anything is read, so the
 * checks (scope, parent state, guards, versions) see what the write will change. A refusal
 * met inside waits in ctx->pending and is written after the rollback. */
fz_err write_in_tx(struct ctx *c, fz_err err_begin, fz_err (*fn)(void *), void *arg)
{
    if (err_begin)
        return ctx_fail(c, err_begin, NULL, NULL);
    fz_err err = fn(arg);
    if (err) {
        db_rollback(c->db);
        if (!db_in_tx(c->db))
            audit_flush_refusals(c);
        return err;
    }
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    return FZ_OK;
}

struct write_args {
    struct ctx *c;
    const struct entity *e;
    int64_t id;
    json_t *body;
    struct record **out;
};

static fz_err create_in_tx(struct ctx *c, const struct entity *e, json_t *body,
                           struct record **out);
static fz_err update_in_tx(struct ctx *c, const struct entity *e, int64_t id, json_t *body,
                           struct record **out);

static fz_err create_fn(void *p)
{
    struct write_args *a = p;
    return create_in_tx(a->c, a->e, a->body, a->out);
}

static fz_err update_fn(void *p)
{
    struct write_args *a = p;
    return update_in_tx(a->c, a->e, a->id, a->body, a->out);
}

fz_err entity_create(struct ctx *c, const struct entity *e, json_t *body, struct record **out)
{
    struct write_args a = {c, e, 0, body, out};
    return write_in_tx(c, db_begin(c->db, true), create_fn, &a);
}

fz_err entity_update(struct ctx *c, const struct entity *e, int64_t id, json_t *body,
                     struct record **out)
{
    struct write_args a = {c, e, id, body, out};
    return write_in_tx(c, db_begin(c->db, true), update_fn, &a);
}

static fz_err create_in_tx(struct ctx *c, const struct entity *e, json_t *body, struct record **out)
{
    if (!json_is_object(body))
        return ctx_fail(c, FZ_EVALID, NULL, "请求体应为 JSON 对象");
    int64_t place = 0, tenant = 0;
    struct record *parent = NULL;
    fz_err err = placement(c, e, body, &place, &tenant, &parent);
    if (err)
        return err;
    if (!entity_may(c, e, e->create_roles, place) &&
        !(parent && record_scope_covers(c, parent, e->create_roles)))
        return refuse(c, e, tenant, place, 0, "create", FZ_EFORBIDDEN,
                      arena_printf(c->a, "您没有在此机构新建%s的权限", e->label));

    struct record *r = arena_alloc(c->a, sizeof *r);
    r->e = e;
    r->v = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *r->v);
    bool *present = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *present);
    if ((err = validate_fields(c, e->fields, e->nfields, body, V_CREATE, tenant, r->v, present,
                               NULL)))
        return err;
    r->org_id = tenant;
    r->place_org_id = place;
    r->status = e->workflow ? e->workflow->initial : NULL;
    if (e->workflow && e->initial_state)
        r->status = e->initial_state(r);
    if ((err = run_check(c, e, r, NULL)))
        return err;

    char now[25];
    time_format_iso(c->now_ms, now);
    buf sql;
    buf_init(&sql, 0);
    buf_printf(&sql,
               "INSERT INTO %s (org_id, version, created_at, created_by, updated_at, "
               "updated_by",
               e->name);
    if (e->workflow)
        buf_puts(&sql, ", status");
    int ncols = 0;
    for (int i = 0; i < e->nfields; i++) {
        if (!field_is_column(&e->fields[i]))
            continue;
        buf_printf(&sql, ", %s", e->fields[i].name);
        ncols++;
    }
    buf_puts(&sql, ") VALUES (?, 1, ?, ?, ?, ?");
    if (e->workflow)
        buf_puts(&sql, ", ?");
    for (int i = 0; i < ncols; i++)
        buf_puts(&sql, ", ?");
    buf_puts(&sql, ") RETURNING id");

    if ((err = db_begin(c->db, true))) {
        buf_release(&sql);
        return ctx_fail(c, err, NULL, NULL);
    }
    stmt *st = sql.err ? NULL : db_prepare(c->db, sql.p);
    buf_release(&sql);
    if (!st)
        goto fail;
    int idx = 1;
    db_bind_int(st, idx++, tenant);
    db_bind_text(st, idx++, now);
    db_bind_int(st, idx++, c->actor->user_id);
    db_bind_text(st, idx++, now);
    db_bind_int(st, idx++, c->actor->user_id);
    if (e->workflow)
        db_bind_text(st, idx++, r->status);
    for (int i = 0; i < e->nfields; i++)
        if (field_is_column(&e->fields[i]))
            field_bind(st, idx++, &e->fields[i], &r->v[i]);
    int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (!id)
        goto fail;
    for (int i = 0; i < e->nfields; i++)
        if (field_is_list(&e->fields[i]) && record_write_links(c, e, tenant, id, i, &r->v[i]))
            goto fail;
    r->id = id;
    if (e->create_deadline && deadline_start(c, r, e->create_deadline))
        goto fail;
    if (e->created && (err = e->created(c, r))) {
        db_rollback(c->db);
        return c->err.code ? c->err.code : ctx_fail(c, err, NULL, NULL);
    }
    struct record *saved;
    if (record_load(c, e, id, &saved))
        goto fail;
    struct audit_entry ae = {.chain_id = tenant,
                             .org_id = place,
                             .action = arena_printf(c->a, "%s.create", e->name),
                             .entity = e->name,
                             .record_id = id,
                             .after = record_canon_str(c, saved)};
    if (!ae.after || audit_append(c, &ae))
        goto fail;
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    if (out)
        *out = saved;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

static fz_err update_in_tx(struct ctx *c, const struct entity *e, int64_t id, json_t *body,
                           struct record **out)
{
    if (!json_is_object(body))
        return ctx_fail(c, FZ_EVALID, NULL, "请求体应为 JSON 对象");
    struct record *old;
    fz_err err = entity_get(c, e, id, &old);
    if (err)
        return err;
    if (e->immutable)
        return ctx_fail(c, FZ_EGUARD, NULL,
                        "%s一经提交即不能修改；如有错误或遗漏，请补充新的%s并写明原因", e->label,
                        e->label);
    if (!entity_may(c, e, e->update_roles, old->place_org_id))
        return refuse(c, e, old->org_id, old->place_org_id, id, "update", FZ_EFORBIDDEN,
                      arena_printf(c->a, "您没有修改此%s的权限", e->label));
    if (e->locked_when_terminal && e->workflow) {
        const struct wf_state *s = wf_state(e->workflow, old->status);
        if (s && s->terminal)
            return ctx_fail(c, FZ_EGUARD, NULL, "%s已处于“%s”状态，不能再修改", e->label, s->label);
    }
    if (e->parent_field && e->parent_states) {
        /* children (progress reports, checks) freeze with their parent */
        const struct field *pf = entity_field(e, e->parent_field);
        const struct entity *pe = entity_find(pf->ref);
        struct record *parent;
        int pi = entity_field_index(e, e->parent_field);
        if (pe && pe->workflow && record_load(c, pe, old->v[pi].i, &parent) == FZ_OK &&
            !wf_state_in(e->parent_states, parent->status))
            return ctx_fail(c, FZ_EGUARD, NULL, "所属%s已处于“%s”状态，%s不能再修改", pe->label,
                            wf_state_label(pe->workflow, parent->status), e->label);
    }
    json_t *ver = json_object_get(body, "version");
    if (ver && !json_is_integer(ver))
        return ctx_fail(c, FZ_EVALID, "version", "“version”应为整数");
    if (ver && json_integer_value(ver) != old->version)
        return ctx_fail(c, FZ_ECONFLICT, NULL, "此%s已被他人修改（当前版本 %lld），请刷新后再改",
                        e->label, (long long)old->version);

    struct value *nv = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *nv);
    bool *present = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *present);
    static const char *const extra[] = {"version", NULL};
    if ((err = validate_fields(c, e->fields, e->nfields, body, V_UPDATE, old->org_id, nv, present,
                               extra)))
        return err;
    struct record *r = arena_alloc(c->a, sizeof *r);
    *r = *old;
    r->v = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *r->v);
    bool changed = false, unit_changed = false;
    for (int i = 0; i < e->nfields; i++) {
        r->v[i] = present[i] ? nv[i] : old->v[i];
        if (present[i] && (e->fields[i].flags & F_REQUIRED) && nv[i].null)
            return ctx_fail(c, FZ_EVALID, e->fields[i].name, "“%s”为必填项", e->fields[i].label);
        if (present[i] && !value_equal(&e->fields[i], &nv[i], &old->v[i]))
            changed = true;
        if (present[i] && e->unit_field && strcmp(e->fields[i].name, e->unit_field) == 0 &&
            nv[i].i != old->v[i].i) {
            unit_changed = true;
            r->place_org_id = nv[i].i;
        }
    }
    if (unit_changed && !entity_may(c, e, e->update_roles, r->place_org_id))
        return refuse(c, e, old->org_id, old->place_org_id, id, "update", FZ_EFORBIDDEN,
                      "您没有把记录移交到该机构的权限");
    if ((err = run_check(c, e, r, old)))
        return err;
    if (!changed) {
        if (out)
            *out = old;
        return FZ_OK;
    }

    char now[25];
    time_format_iso(c->now_ms, now);
    buf sql;
    buf_init(&sql, 0);
    buf_printf(&sql, "UPDATE %s SET version = version + 1, updated_at = ?, updated_by = ?",
               e->name);
    for (int i = 0; i < e->nfields; i++)
        if (present[i] && field_is_column(&e->fields[i]))
            buf_printf(&sql, ", %s = ?", e->fields[i].name);
    buf_puts(&sql, " WHERE id = ? AND version = ?");

    if ((err = db_begin(c->db, true))) {
        buf_release(&sql);
        return ctx_fail(c, err, NULL, NULL);
    }
    stmt *st = sql.err ? NULL : db_prepare(c->db, sql.p);
    buf_release(&sql);
    if (!st)
        goto fail;
    int idx = 1;
    db_bind_text(st, idx++, now);
    db_bind_int(st, idx++, c->actor->user_id);
    for (int i = 0; i < e->nfields; i++)
        if (present[i] && field_is_column(&e->fields[i]))
            field_bind(st, idx++, &e->fields[i], &r->v[i]);
    db_bind_int(st, idx++, id);
    db_bind_int(st, idx++, old->version);
    if (db_step(st) == DB_ERROR) {
        db_done(st);
        goto fail;
    }
    db_done(st);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_ECONFLICT, NULL, NULL);
    }
    for (int i = 0; i < e->nfields; i++)
        if (present[i] && field_is_list(&e->fields[i]) &&
            record_write_links(c, e, old->org_id, id, i, &r->v[i]))
            goto fail;
    /* A deadline read off a date field follows the field (r holds the new values). */
    for (int k = 0; k < e->ndeadlines; k++) {
        const struct deadline_def *d = &e->deadlines[k];
        int fi = d->date_field ? entity_field_index(e, d->date_field) : -1;
        if (fi >= 0 && present[fi] && deadline_restart(c, r, d->name))
            goto fail;
    }
    struct record *saved;
    if (record_load(c, e, id, &saved))
        goto fail;
    struct audit_entry ae = {.chain_id = old->org_id,
                             .org_id = saved->place_org_id,
                             .action = arena_printf(c->a, "%s.update", e->name),
                             .entity = e->name,
                             .record_id = id,
                             .before = record_canon_str(c, old),
                             .after = record_canon_str(c, saved)};
    if (!ae.before || !ae.after || audit_append(c, &ae))
        goto fail;
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    if (out)
        *out = saved;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}
