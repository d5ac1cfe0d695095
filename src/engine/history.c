/* history.c — reading a record's audit entries back as a readable history. */
#include "history.h"

#include <jansson.h>
#include <string.h>

#include "core/date.h"

#include "engine/deadline.h"
#include "engine/people.h"
#include "engine/query.h"
#include "engine/workflow.h"
#include "core/banned.h"

#define HISTORY_MAX 500

static bool empty_value(json_t *v)
{
    return !v || json_is_null(v) || (json_is_array(v) && !json_array_size(v));
}

static const char *org_name(struct ctx *c, int64_t id)
{
    struct org o;
    return org_by_id(c, id, &o) == FZ_OK ? o.name : arena_printf(c->a, "#%lld", (long long)id);
}

/* A value from a canonical state, shown the way the UI shows it. */
static const char *show(struct ctx *c, const struct field *f, json_t *v)
{
    if (!v || json_is_null(v))
        return "";
    switch (f->type) {
    case FT_ORG:
        return json_is_integer(v) ? org_name(c, json_integer_value(v)) : "";
    case FT_MONEY: {
        /* fen in a record's state; yuan text in a transition's parameters */
        if (json_is_string(v))
            return arena_printf(c->a, "%s 元", json_string_value(v));
        char m[32];
        money_format(json_integer_value(v), m);
        return arena_printf(c->a, "%s 元", m);
    }
    case FT_USER: {
        stmt *st = db_prepare(c->db, "SELECT name FROM users WHERE id = ?");
        const char *name = NULL;
        if (st) {
            db_bind_int(st, 1, json_integer_value(v));
            if (db_step(st) == DB_ROW)
                name = arena_strdup(c->a, db_col_text(st, 0));
            db_done(st);
        }
        return name ? name : arena_printf(c->a, "用户#%lld", (long long)json_integer_value(v));
    }
    case FT_DATETIME: {
        int64_t ms;
        char local[17];
        if (!json_is_string(v) || time_parse_iso(json_string_value(v), &ms))
            return "";
        time_format_local(ms, local);
        return arena_strdup(c->a, local);
    }
    case FT_ORGS:
    case FT_FILES:
    case FT_REFS: {
        buf b;
        buf_init(&b, 0);
        size_t i;
        json_t *x;
        const struct entity *re = f->type == FT_REFS ? entity_find(f->ref) : NULL;
        json_array_foreach(v, i, x)
        {
            if (i)
                buf_puts(&b, "、");
            struct record *r;
            if (f->type == FT_ORGS)
                buf_puts(&b, org_name(c, json_integer_value(x)));
            else if (re && re->ref_label)
                buf_puts(&b, ref_label(c, re, json_integer_value(x)));
            else if (re && record_load(c, re, json_integer_value(x), &r) == FZ_OK)
                buf_puts(&b, record_title(r));
            else
                buf_printf(&b, "%s#%lld", f->type == FT_FILES ? "文件" : "",
                           (long long)json_integer_value(x));
        }
        const char *s = arena_strndup(c->a, b.p, b.len);
        buf_release(&b);
        return s;
    }
    case FT_ENUM: {
        /* an unknown value is its own label: copied, the state is freed before it is shown */
        const char *value = json_string_value(v), *label = enum_label(f, value);
        return label && label == value ? arena_strdup(c->a, value) : label;
    }
    case FT_BOOL:
        return json_integer_value(v) ? "是" : "否";
    case FT_REF: {
        const struct entity *re = entity_find(f->ref);
        struct record *r;
        if (re && json_is_integer(v) && record_load(c, re, json_integer_value(v), &r) == FZ_OK)
            return record_title(r);
        return arena_printf(c->a, "#%lld", (long long)json_integer_value(v));
    }
    case FT_INT:
        return arena_printf(c->a, "%lld", (long long)json_integer_value(v));
    default:
        return json_is_string(v) ? arena_strdup(c->a, json_string_value(v)) : "";
    }
}

#define MAX_DEADLINE_CHANGES 8

/* ---- a canonical state's members, found without parsing it ------------------------------
 * A state (canon.c) is one flat JSON object. Parsing two of them for every entry of a
 * history cost most of a record page (about 200 k instructions each with jansson); finding
 * each member's text is a scan, and only the members that differ are parsed (a value's
 * text equal in both states is an equal value; text that differs is compared parsed, as
 * before). Anything unexpected makes the scan fail, and the whole state is parsed instead. */

#define FLAT_MAX 160

#define FLAT_SLOTS 256 /* a power of two, above FLAT_MAX */

struct flat {
    int n;
    const char *key[FLAT_MAX], *val[FLAT_MAX];
    size_t klen[FLAT_MAX], vlen[FLAT_MAX];
    short slot[FLAT_SLOTS]; /* member index + 1 by name hash, 0 when free */
};

static unsigned name_hash(const char *k, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h;
}

/* The end of the JSON string starting at p (a quote), or NULL. */
static const char *skip_string(const char *p)
{
    for (p++; *p; p++) {
        if (*p == '\\') {
            if (!*++p)
                return NULL;
        } else if (*p == '"') {
            return p + 1;
        }
    }
    return NULL;
}

/* The end of the JSON value starting at p, or NULL. */
static const char *skip_value(const char *p)
{
    if (*p == '"')
        return skip_string(p);
    if (*p == '[' || *p == '{') {
        int depth = 0;
        for (; *p; p++) {
            if (*p == '"') {
                p = skip_string(p);
                if (!p)
                    return NULL;
                p--;
            } else if (*p == '[' || *p == '{') {
                depth++;
            } else if (*p == ']' || *p == '}') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return NULL;
    }
    const char *q = p;
    while (*q && *q != ',' && *q != '}' && *q != ']')
        q++;
    return q > p ? q : NULL;
}

static bool flat_scan(const char *s, struct flat *f)
{
    f->n = 0;
    memset(f->slot, 0, sizeof f->slot);
    if (!s || *s != '{')
        return false;
    const char *p = s + 1;
    if (*p == '}')
        return p[1] == '\0';
    for (;;) {
        if (*p != '"' || f->n == FLAT_MAX)
            return false;
        const char *k = p + 1, *ke = skip_string(p);
        if (!ke || ke[0] != ':' || memchr(k, '\\', (size_t)(ke - 1 - k)))
            return false; /* a member name with an escape: not ours */
        const char *v = ke + 1, *ve = skip_value(v);
        if (!ve)
            return false;
        f->key[f->n] = k;
        f->klen[f->n] = (size_t)(ke - 1 - k);
        f->val[f->n] = v;
        f->vlen[f->n] = (size_t)(ve - v);
        size_t kn = f->klen[f->n];
        unsigned h = name_hash(k, kn) & (FLAT_SLOTS - 1);
        /* a repeated name takes the later value, as the JSON loader does */
        while (f->slot[h] &&
               !(f->klen[f->slot[h] - 1] == kn && memcmp(f->key[f->slot[h] - 1], k, kn) == 0))
            h = (h + 1) & (FLAT_SLOTS - 1);
        f->slot[h] = (short)(f->n + 1);
        f->n++;
        if (*ve == '}')
            return ve[1] == '\0';
        if (*ve != ',')
            return false;
        p = ve + 1;
    }
}

/* Member name's value text (*len bytes), or NULL when absent. */
static const char *flat_get(struct flat *f, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (unsigned h = name_hash(name, n) & (FLAT_SLOTS - 1); f->slot[h];
         h = (h + 1) & (FLAT_SLOTS - 1)) {
        int i = f->slot[h] - 1;
        if (f->klen[i] == n && memcmp(f->key[i], name, n) == 0) {
            *len = f->vlen[i];
            return f->val[i];
        }
    }
    return NULL;
}

static bool flat_empty(const char *v, size_t n)
{
    return !v || (n == 4 && memcmp(v, "null", 4) == 0) || (n == 2 && memcmp(v, "[]", 2) == 0);
}

/* A member's value parsed (the caller decrefs), or NULL. The usual values — null, an
 * integer, a string without escapes — are made directly: jansson's loader costs some 10 k
 * instructions a call even for a number. */
static json_t *flat_json(const char *v, size_t n)
{
    if (!v)
        return NULL;
    if (n == 4 && memcmp(v, "null", 4) == 0)
        return json_null();
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"' && !memchr(v + 1, '\\', n - 2))
        return json_stringn(v + 1, n - 2); /* NULL if not UTF-8, as the loader would */
    size_t i = v[0] == '-';
    if (n > i && n - i <= 18) {
        long long x = 0;
        size_t k = i;
        for (; k < n && v[k] >= '0' && v[k] <= '9'; k++)
            x = x * 10 + (v[k] - '0');
        if (k == n && !(v[i] == '0' && n - i > 1)) /* digits only, no leading zero */
            return json_integer(i ? -x : x);
    }
    return json_loadb(v, n, JSON_DECODE_ANY, NULL);
}

static bool already_shown(const struct history_item *h, const char *field)
{
    for (size_t k = 0; k < h->nchanges; k++)
        if (strcmp(h->changes[k].field, field) == 0)
            return true;
    return false;
}

static const char *deadline_status_label(const char *s)
{
    return !s                            ? ""
           : strcmp(s, "running") == 0   ? "计时中"
           : strcmp(s, "window") == 0    ? "计时中（当事人期限）"
           : strcmp(s, "met") == 0       ? "已办结"
           : strcmp(s, "suspended") == 0 ? "已中止计时"
           : strcmp(s, "stopped") == 0   ? "已终止"
                                         : s;
}

/* The deadlines a step started, moved (suspension, resumption, extension, a recomputation)
 * or ended, from the "deadlines" arrays of the canonical states: [kind, base, count, unit,
 * due, status, paused days, extended days] in start order. */
static void deadline_changes(struct ctx *c, const struct entity *e, json_t *jb, json_t *ja,
                             struct history_item *h)
{
    json_t *db = jb ? json_object_get(jb, "deadlines") : NULL;
    json_t *da = json_object_get(ja, "deadlines");
    size_t nb = json_array_size(db), na = json_array_size(da);
    int shown = 0;
    for (size_t k = 0; k < na && shown < MAX_DEADLINE_CHANGES; k++) {
        json_t *a = json_array_get(da, k), *b = k < nb ? json_array_get(db, k) : NULL;
        const char *kind = json_string_value(json_array_get(a, 0));
        const char *due_a = json_string_value(json_array_get(a, 4));
        const char *st_a = json_string_value(json_array_get(a, 5));
        const char *due_b = b ? json_string_value(json_array_get(b, 4)) : NULL;
        const char *st_b = b ? json_string_value(json_array_get(b, 5)) : NULL;
        if (!kind || !due_a || !st_a)
            continue;
        const struct deadline_def *d = deadline_def(e, kind);
        struct history_change *ch = &h->changes[h->nchanges];
        ch->field = "deadlines";
        ch->label = arena_printf(c->a, "期限：%s", d ? d->label : kind);
        if (!b) {
            ch->before = "";
            ch->after = arena_printf(c->a, "开始计算，到期日 %s", due_a);
        } else if (due_b && strcmp(due_b, due_a) != 0) {
            ch->before = arena_printf(c->a, "到期日 %s", due_b);
            ch->after = arena_printf(c->a, "到期日 %s（%s）", due_a, deadline_status_label(st_a));
        } else if (st_b && strcmp(st_b, st_a) != 0) {
            /* copied: an unknown status is its own label, and the state is freed first */
            ch->before = arena_strdup(c->a, deadline_status_label(st_b));
            ch->after = arena_strdup(c->a, deadline_status_label(st_a));
        } else {
            continue;
        }
        h->nchanges++;
        shown++;
    }
}

static const char *summary_of(struct ctx *c, const struct entity *e, const char *action,
                              const char *detail)
{
    size_t n = strlen(e->name);
    const char *verb =
        strncmp(action, e->name, n) == 0 && action[n] == '.' ? action + n + 1 : action;
    bool refused = strstr(verb, ".refused") != NULL;
    char *base = arena_strndup(c->a, verb, strcspn(verb, "."));
    const char *label = base;
    if (strcmp(base, "create") == 0)
        label = "新建";
    else if (strcmp(base, "read") == 0)
        label = "查阅（含个人信息）";
    else if (strcmp(base, "deadline_recomputed") == 0)
        label = "节假日安排调整，期限重新计算";
    else if (strcmp(base, "update") == 0)
        label = "修改";
    else if (e->workflow && wf_transition(e->workflow, base))
        label = wf_transition(e->workflow, base)->label;
    if (!refused)
        return label;
    const char *reason = "";
    json_t *d = detail ? json_loads(detail, 0, NULL) : NULL;
    if (d && json_is_string(json_object_get(d, "reason")))
        reason = arena_strdup(c->a, json_string_value(json_object_get(d, "reason")));
    json_decref(d);
    return arena_printf(c->a, "尝试%s被拒绝：%s", label, reason);
}

/* Who acted, for people: a user's name, or what stands for the actors without an account
 * (the audit keeps their fixed usernames). */
static const char *actor_label(struct ctx *c, const char *actor)
{
    static const char *const names[][2] = {{"system", "系统"}, {"public", "公众（门户网站）"}};
    for (size_t i = 0; actor && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(actor, names[i][0]) == 0)
            return names[i][1];
    return arena_strdup(c->a, actor ? actor : "");
}

/* The fields a step changed, from the two states parsed whole (the slow way, for a state
 * the scan does not take). */
static void parsed_changes(struct ctx *c, const struct entity *e, json_t *jb, json_t *ja,
                           struct history_item *h)
{
    if (ja) {
        if (e->workflow && jb) {
            const char *sb = json_string_value(json_object_get(jb, "status"));
            const char *sa = json_string_value(json_object_get(ja, "status"));
            if (sb && sa && strcmp(sb, sa) != 0) {
                struct history_change *ch = &h->changes[h->nchanges++];
                ch->field = "status";
                ch->label = "状态";
                ch->before = wf_state_label(e->workflow, sb);
                ch->after = wf_state_label(e->workflow, sa);
            }
        }
        for (int i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            json_t *vb = jb ? json_object_get(jb, f->name) : NULL;
            json_t *va = json_object_get(ja, f->name);
            /* absent, null and an empty list all mean "not set" (json_equal is false
             * when both are absent) */
            if (jb ? (empty_value(vb) && empty_value(va)) || (vb && va && json_equal(vb, va))
                   : empty_value(va))
                continue;
            struct history_change *ch = &h->changes[h->nchanges++];
            ch->field = f->name;
            ch->label = f->label;
            /* personal data is read, audited, on the record itself, never in its history */
            if (f->flags & F_SENSITIVE) {
                ch->before = empty_value(vb) ? "" : "（个人信息，不在记录中显示）";
                ch->after = empty_value(va) ? "" : "（个人信息，不在记录中显示）";
                continue;
            }
            ch->before = show(c, f, vb);
            ch->after = show(c, f, va);
        }
    }
    if (ja)
        deadline_changes(c, e, jb, ja, h);
}

/* The same from the states' member texts: a member whose text is the same in both did not
 * change; the others are parsed and compared as values. */
static void flat_changes(struct ctx *c, const struct entity *e, struct flat *fb, struct flat *fa,
                         struct history_item *h)
{
    size_t nb = 0, na = 0;
    if (e->workflow && fb) {
        const char *sb = flat_get(fb, "status", &nb), *sa = flat_get(fa, "status", &na);
        if (sb && sa && (nb != na || memcmp(sb, sa, na) != 0)) {
            json_t *jb = flat_json(sb, nb), *ja = flat_json(sa, na);
            const char *b = json_string_value(jb), *a = json_string_value(ja);
            if (b && a && strcmp(b, a) != 0) {
                struct history_change *ch = &h->changes[h->nchanges++];
                ch->field = "status";
                ch->label = "状态";
                ch->before = wf_state_label(e->workflow, arena_strdup(c->a, b));
                ch->after = wf_state_label(e->workflow, arena_strdup(c->a, a));
            }
            json_decref(jb);
            json_decref(ja);
        }
    }
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        const char *tb = fb ? flat_get(fb, f->name, &nb) : NULL;
        const char *ta = flat_get(fa, f->name, &na);
        if (fb ? flat_empty(tb, nb) && flat_empty(ta, na) : flat_empty(ta, na))
            continue;
        if (fb && tb && ta && nb == na && memcmp(tb, ta, na) == 0)
            continue;
        json_t *vb = flat_json(tb, nb), *va = flat_json(ta, na);
        /* absent, null and an empty list all mean "not set" (json_equal is false when both
         * are absent) */
        bool same = fb ? (empty_value(vb) && empty_value(va)) || (vb && va && json_equal(vb, va))
                       : empty_value(va);
        if (!same) {
            struct history_change *ch = &h->changes[h->nchanges++];
            ch->field = f->name;
            ch->label = f->label;
            /* personal data is read, audited, on the record itself, never in its history */
            if (f->flags & F_SENSITIVE) {
                ch->before = empty_value(vb) ? "" : "（个人信息，不在记录中显示）";
                ch->after = empty_value(va) ? "" : "（个人信息，不在记录中显示）";
            } else {
                ch->before = show(c, f, vb);
                ch->after = show(c, f, va);
            }
        }
        json_decref(vb);
        json_decref(va);
    }
    const char *db = fb ? flat_get(fb, "deadlines", &nb) : NULL;
    const char *da = flat_get(fa, "deadlines", &na);
    if (!da || (db && nb == na && memcmp(db, da, na) == 0))
        return; /* no deadline, or none started, moved or ended */
    json_t *jb = NULL, *ja = json_object();
    if (fb) {
        jb = json_object();
        if (db)
            json_object_set_new(jb, "deadlines", flat_json(db, nb));
    }
    if (da)
        json_object_set_new(ja, "deadlines", flat_json(da, na));
    deadline_changes(c, e, jb, ja, h);
    json_decref(jb);
    json_decref(ja);
}

fz_err history_load(struct ctx *c, const struct entity *e, int64_t id, struct history_item **out,
                    size_t *n)
{
    stmt *st = db_prepare(c->db, "SELECT a.at, COALESCE(u.name, a.actor), a.action, "
                                 "a.before_state, a.after_state, a.detail, a.actor_id IS NULL FROM audit a "
                                 "LEFT JOIN users u ON u.id = a.actor_id WHERE a.entity = ? "
                                 "AND a.record_id = ? ORDER BY a.chain_id, a.seq LIMIT ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, e->name);
    db_bind_int(st, 2, id);
    db_bind_int(st, 3, HISTORY_MAX);
    struct history_item *items = arena_calloc(c->a, HISTORY_MAX + 1, sizeof *items);
    struct flat *fb = arena_alloc(c->a, sizeof *fb), *fa = arena_alloc(c->a, sizeof *fa);
    size_t count = 0;
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        struct history_item *h = &items[count++];
        h->at = arena_strdup(c->a, db_col_text(st, 0));
        h->actor = db_col_int(st, 6) ? actor_label(c, db_col_text(st, 1))
                                     : arena_strdup(c->a, db_col_text(st, 1));
        h->action = arena_strdup(c->a, db_col_text(st, 2));
        const char *before = db_col_text(st, 3), *after = db_col_text(st, 4);
        const char *detail = db_col_text(st, 5);
        h->summary = summary_of(c, e, h->action, detail);
        size_t cap = (size_t)e->nfields + 2 + MAX_DEADLINE_CHANGES;
        h->changes = arena_calloc(c->a, cap, sizeof *h->changes);
        if (after && (!before || flat_scan(before, fb)) && flat_scan(after, fa)) {
            flat_changes(c, e, before ? fb : NULL, fa, h);
        } else {
            json_t *jb = before ? json_loads(before, 0, NULL) : NULL;
            json_t *ja = after ? json_loads(after, 0, NULL) : NULL;
            parsed_changes(c, e, jb, ja, h);
            json_decref(jb);
            json_decref(ja);
        }
        /* transition parameters (reason, note) are part of what happened; those that are
         * fields already show as changes */
        json_t *jd = detail ? json_loads(detail, 0, NULL) : NULL;
        const struct wf_transition *t =
            e->workflow && jd
                ? wf_transition(e->workflow, json_string_value(json_object_get(jd, "transition")))
                : NULL;
        for (int i = 0; t && i < t->nparams && h->nchanges < cap; i++) {
            json_t *v = json_object_get(jd, t->params[i].name);
            if (!v || already_shown(h, t->params[i].name))
                continue;
            struct history_change *ch = &h->changes[h->nchanges++];
            ch->field = t->params[i].name;
            ch->label = t->params[i].label;
            ch->before = "";
            ch->after = show(c, &t->params[i], v);
        }
        json_decref(jd);
        if (count == HISTORY_MAX)
            break;
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    *out = items;
    *n = count;
    return FZ_OK;
}
