/* public.c — what the portal may do with disclosure requests: submit one as the public, and
 * look one up by its tracking code. Only the applicant's own view comes back: the state,
 * dates and the reply, never the personal fields. */
#include <ctype.h>
#include <string.h>

#include "core/date.h"
#include "engine/workflow.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

/* The public acts through the portal only: it holds no role, so the engine lets it through
 * as it lets the system (system = true), and the audit trail names it "public". */
const struct actor actor_public = {
    .user_id = 0, .username = "public", .name = "公众（门户网站）", .system = true};

const char *const disclosure_application_keys[] = {"applicant_kind", "applicant_name", "id_number",
                                                   "phone",          "email",          "address",
                                                   "content",        "desired_form",   NULL};

fz_err disclosure_submit(struct ctx *c, const char *org_code, json_t *application,
                         char code[TRACKING_CODE_LEN + 1])
{
    code[0] = '\0';
    if (!json_is_object(application))
        return ctx_fail(c, FZ_EVALID, NULL, "申请内容不完整");
    const char *key;
    json_t *val;
    json_object_foreach(application, key, val)
    {
        bool known = false;
        for (const char *const *k = disclosure_application_keys; *k && !known; k++)
            known = strcmp(*k, key) == 0;
        if (!known)
            return ctx_fail(c, FZ_EVALID, NULL, "申请中有不能由申请人填写的内容");
    }
    json_t *body = json_deep_copy(application);
    char today[11];
    date_format(c->today, today);
    if (!body || json_object_set_new(body, "unit", json_string(org_code ? org_code : "")) ||
        json_object_set_new(body, "channel", json_string("portal")) ||
        json_object_set_new(body, "received_on", json_string(today))) {
        json_decref(body);
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    }
    struct ctx pub = *c;
    pub.actor = &actor_public;
    struct record *r = NULL;
    fz_err e = entity_create(&pub, &entity_disclosure_requests, body, &r);
    json_decref(body);
    c->err = pub.err;
    if (e)
        return e;
    const struct value *tc = guard_field(r, "tracking_code");
    if (!tc || strlen(tc->s) != TRACKING_CODE_LEN)
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    memcpy(code, tc->s, TRACKING_CODE_LEN + 1);
    return FZ_OK;
}

/* Upper case, without spaces and dashes; NULL when it cannot be a code. */
static const char *normalise(struct ctx *c, const char *given)
{
    char out[TRACKING_CODE_LEN + 1];
    size_t n = 0;
    for (const char *p = given; p && *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        char ch = (char)toupper((unsigned char)*p);
        if (n == TRACKING_CODE_LEN || !strchr(TRACKING_CODE_ALPHABET, ch))
            return NULL;
        out[n++] = ch;
    }
    if (n != TRACKING_CODE_LEN)
        return NULL;
    out[n] = '\0';
    return arena_strdup(c->a, out);
}

static const char *dup(struct ctx *c, const char *s)
{
    return s ? arena_strdup(c->a, s) : NULL;
}

fz_err disclosure_track(struct ctx *c, const char *given, struct disclosure_status *out)
{
    memset(out, 0, sizeof *out);
    const char *code = normalise(c, given);
    if (!code)
        return ctx_fail(c, FZ_ENOTFOUND, "code", "查询码应为16位字母和数字，请核对后重新输入");
    stmt *st = db_prepare(c->db, "SELECT r.id, r.status, r.received_on, r.replied_on, "
                                 "r.reply_type, r.reply_text, r.correction_items, "
                                 "r.correction_until, o.name, r.org_id, r.extension_days, "
                                 "r.extension_reason FROM disclosure_requests r "
                                 "JOIN orgs o ON o.id = r.unit WHERE r.tracking_code = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, code);
    enum db_step s = db_step(st);
    int64_t id = 0;
    if (s == DB_ROW) {
        id = db_col_int(st, 0);
        out->tracking_code = code;
        out->state = dup(c, db_col_text(st, 1));
        out->received_on = dup(c, db_col_text(st, 2));
        out->replied_on = dup(c, db_col_text(st, 3));
        out->reply_type = dup(c, db_col_text(st, 4));
        out->reply_text = dup(c, db_col_text(st, 5));
        out->correction_items = dup(c, db_col_text(st, 6));
        out->correction_until = dup(c, db_col_text(st, 7));
        out->org_name = dup(c, db_col_text(st, 8));
        out->tenant = db_col_int(st, 9);
        out->extension_days = db_col_int(st, 10);
        out->extension_reason = dup(c, db_col_text(st, 11));
    }
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    if (!id)
        return ctx_fail(c, FZ_ENOTFOUND, "code", "没有找到这个查询码对应的申请，请核对后重新输入");
    out->state_label = wf_state_label(entity_disclosure_requests.workflow, out->state);
    int rt = reply_type_parse(out->reply_type);
    out->reply_type_label = rt >= 0 ? reply_type_public_label((enum reply_type)rt) : NULL;
    /* the reply clock that still counts (running, or standing still for a consultation) */
    st = db_prepare(c->db, "SELECT due_date FROM deadlines WHERE entity = 'disclosure_requests' "
                           "AND record_id = ? AND kind IN ('reply_due', 'reply_due_corrected') "
                           "AND status IN ('running', 'suspended') ORDER BY id DESC LIMIT 1");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    if ((s = db_step(st)) == DB_ROW)
        out->due_on = dup(c, db_col_text(st, 0));
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    st = db_prepare(c->db, "SELECT target_id FROM record_links WHERE entity = "
                           "'disclosure_requests' AND record_id = ? AND field = 'reply_files' "
                           "ORDER BY pos LIMIT 20");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    out->reply_file_ids = arena_calloc(c->a, 20, sizeof *out->reply_file_ids);
    while ((s = db_step(st)) == DB_ROW)
        out->reply_file_ids[out->nreply_files++] = db_col_int(st, 0);
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}
