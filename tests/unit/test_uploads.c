/* test_uploads.c — resumable uploads: UTF-8 checked across chunk boundaries, the sniffed
 * video and audio types, and the engine (engine/uploads.h): chunks in order and again,
 * completion into a deduplicated, audited file whose blob is stored in parts, refusals that
 * leave nothing behind, purging, and verify over parted blobs. */
#include <string.h>

#include "core/mime.h"
#include "core/utf8.h"
#include "engine/blobs.h"
#include "engine/files.h"
#include "engine/uploads.h"
#include "fixture.h"
#include "t.h"
#include "../common/testdb.h"

/* ---- UTF-8 in pieces --------------------------------------------------------------------- */

static bool stream_valid(const char *s, size_t n, size_t cut1, size_t cut2)
{
    struct utf8_stream u = {0};
    utf8_stream_feed(&u, s, cut1);
    utf8_stream_feed(&u, s + cut1, cut2 - cut1);
    utf8_stream_feed(&u, s + cut2, n - cut2);
    return utf8_stream_end(&u);
}

static void utf8_is_checked_across_pieces(void)
{
    static const char good[] = "法治 a\xF0\x9F\x98\x80 é";
    static const char *const bad[] = {
        "法\xE6\xB3", "a\xC0\xAF", "\xED\xA0\x80x", "ab\xFF", "\xE6\xB3\xE6\xB3\xBB", "x\0y"};
    size_t n = sizeof good - 1;
    for (size_t a = 0; a <= n; a++)
        for (size_t b = a; b <= n; b++)
            if (!stream_valid(good, n, a, b))
                t_fail(__FILE__, __LINE__, "valid text refused when cut at %zu and %zu", a, b);
    size_t bad_len[] = {5, 3, 4, 3, 5, 3};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (size_t a = 0; a <= bad_len[i]; a++)
            if (stream_valid(bad[i], bad_len[i], a, a))
                t_fail(__FILE__, __LINE__, "bad text %zu accepted when cut at %zu", i, a);
}

/* ---- media types ------------------------------------------------------------------------- */

static void mime_knows_phone_video_and_audio(void)
{
    CHECK_STR(mime_sniff("\0\0\0\x14"
                         "ftypqt  \0\0\0\0qt  ",
                         20, "IMG_0001.MOV"),
              "video/quicktime");
    CHECK_STR(mime_sniff("\0\0\0\x18"
                         "ftyp3gp4\0\0\0\0isom3gp4",
                         24, "v.3gp"),
              "video/3gpp");
    CHECK_STR(mime_sniff("\0\0\0\x14"
                         "ftyp3g2a\0\0\0\0",
                         16, "v.3g2"),
              "video/3gpp2");
    /* an unknown major brand, a known compatible one */
    CHECK_STR(mime_sniff("\0\0\0\x1c"
                         "ftypXAVC\0\0\0\0XAVCmp42iso2",
                         28, "c.mp4"),
              "video/mp4");
    CHECK(mime_sniff("\0\0\0\x14"
                     "ftypcrx \0\0\0\0crx ",
                     20, "raw.cr3") == NULL);
    static const char webm[] = "\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01\x42\xF2\x81"
                               "\x04\x42\xF3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04";
    CHECK_STR(mime_sniff(webm, sizeof webm - 1, "rec.webm"), "video/webm");
    static const char mkv[] = "\x1A\x45\xDF\xA3\xA3\x42\x86\x81\x01\x42\x82\x88matroska";
    CHECK_STR(mime_sniff(mkv, sizeof mkv - 1, "v.mkv"), "video/x-matroska");
    CHECK(mime_sniff("\x1A\x45\xDF\xA3\x84\x42\x86\x81\x01", 9, "x.mkv") == NULL);
    CHECK_STR(mime_sniff("RIFF\x24\0\0\0WAVEfmt ", 16, "a.wav"), "audio/wav");
    CHECK(mime_sniff("RIFF\x24\0\0\0AVI LIST", 16, "a.avi") == NULL);
    CHECK_STR(mime_sniff("#!AMR\n\x3c", 7, "rec.amr"), "audio/amr");
    CHECK_STR(mime_sniff("#!AMR-WB\n\x04", 10, "rec.awb"), "audio/amr-wb");
    CHECK_STR(mime_sniff("OggS\0\x02\0\0", 8, "v.ogg"), "audio/ogg");
    CHECK_STR(mime_sniff("\xFF\xF1\x50\x80", 4, "a.aac"), "audio/aac");
    CHECK_STR(mime_sniff("\xFF\xFB\x90\x64", 4, "a.mp3"), "audio/mpeg"); /* still MP3 */
    /* a head of a longer file: text cut inside a character is no fault there */
    CHECK_STR(mime_sniff_head("会议\xE7\xBA", 8, "纪要.txt"), "text/plain");
    CHECK(mime_sniff("会议\xE7\xBA", 8, "纪要.txt") == NULL);
    CHECK(mime_sniff_head("a\xFF", 2, "x.txt") == NULL);
    for (const struct upload_type *t = upload_types; t->ext; t++)
        CHECK(file_mime_allowed(t->mime));
}

/* ---- the engine -------------------------------------------------------------------------- */

static int64_t count(struct fixture *f, const char *sql)
{
    stmt *st = db_prepare(f->db, sql);
    int64_t n = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    if (st)
        db_done(st);
    return n;
}

/* n bytes of an MP4 file (the ftyp box, then a pattern) in the fixture's arena. */
static unsigned char *mp4(struct fixture *f, size_t n, unsigned seed)
{
    unsigned char *d = arena_alloc(f->a, n);
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)((i * 131 + seed) ^ (i >> 9));
    memcpy(d,
           "\0\0\0\x18"
           "ftypisom\0\0\0\0isommp42",
           24);
    return d;
}

static const char *sha_of(struct fixture *f, const void *p, size_t n)
{
    char sha[DIGEST_HEX_LEN];
    digest_hex(HASH_SHA256, p, n, sha);
    return arena_strdup(f->a, sha);
}

static fz_err put(struct ctx *c, int64_t id, const unsigned char *d, size_t from, size_t to,
                  int64_t size, struct upload *up)
{
    return upload_write(c, c->actor->home_org_id, id, (int64_t)from, size, d + from, to - from, up);
}

static void chunks_become_a_file_read_in_parts(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    struct ctx *c = fx_as(&f, "a.staff");
    size_t n = 700000;
    unsigned char *d = mp4(&f, n, 7);
    const char *sha = sha_of(&f, d, n);
    int64_t audit0 = count(&f, "SELECT COUNT(*) FROM audit");
    struct upload up;
    CHECK_INT(upload_open(c, c->actor->home_org_id, "现场/执法记录.mp4", (int64_t)n, sha, &up), 0);
    CHECK_STR(up.name, "执法记录.mp4");
    CHECK_INT(up.received, 0);
    int64_t id = up.id;
    CHECK_INT(put(c, id, d, 0, 300000, (int64_t)n, &up), 0);
    CHECK_INT(up.received, 300000);
    /* the same chunk again: nothing changes, no error */
    int64_t chunks = count(&f, "SELECT COUNT(*) FROM chunks");
    CHECK_INT(put(c, id, d, 0, 300000, (int64_t)n, &up), 0);
    CHECK_INT(up.received, 300000);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), chunks);
    CHECK_INT(chunks, 2); /* 256 KiB and the rest */
    /* a gap: refused, with where to go on */
    CHECK_INT(put(c, id, d, 600000, 700000, (int64_t)n, &up), FZ_EOFFSET);
    CHECK_INT(up.received, 300000);
    /* overlapping what arrived: refused the same way */
    CHECK_INT(put(c, id, d, 200000, 400000, (int64_t)n, &up), FZ_EOFFSET);
    CHECK_INT(put(c, id, d, 300000, 600000, (int64_t)n, &up), 0);
    CHECK_INT(up.file_id, 0);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM files"), 0);
    CHECK_INT(put(c, id, d, 600000, 700000, (int64_t)n, &up), 0);
    CHECK(up.file_id > 0);
    CHECK_INT(up.received, (int64_t)n);
    struct file_info fi;
    CHECK_INT(file_get(c, up.file_id, &fi), 0);
    CHECK_STR(fi.sha256, sha);
    CHECK_STR(fi.mime, "video/mp4");
    CHECK_STR(fi.name, "执法记录.mp4");
    CHECK_INT(fi.size, (int64_t)n);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM audit"), audit0 + 1);
    /* the chunks are the blob's parts now, not copied */
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), 5);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM blob_parts"), 5);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM upload_parts"), 0);
    CHECK_INT(count(&f, "SELECT parts FROM blobs"), 5);
    CHECK_INT(count(&f, "SELECT length(data) FROM blobs"), 0);
    const void *whole;
    size_t wn;
    CHECK_INT(file_content(c, sha, &whole, &wn), FZ_ETOOBIG);
    /* the last chunk again (its answer was lost): the same file */
    struct upload again;
    CHECK_INT(put(c, id, d, 600000, 700000, (int64_t)n, &again), 0);
    CHECK_INT(again.file_id, up.file_id);
    /* read back in pieces that straddle the chunks */
    struct blob_reader *r = blob_reader_new(f.st, sha, (int64_t)n);
    unsigned char *back = arena_alloc(f.a, n);
    size_t got = 0;
    long k;
    while ((k = blob_reader_read(r, got, (char *)back + got, 9999)) > 0)
        got += (size_t)k;
    blob_reader_free(r);
    CHECK_INT(k, 0);
    CHECK_INT(got, n);
    CHECK(memcmp(back, d, n) == 0);
    char *report = NULL;
    CHECK_INT(fx_verify(&f, &report), 0);
    /* verify reads parted blobs too: an altered chunk, then a missing part */
    fx_sql(&f, testdb_pg()
                   ? "UPDATE chunks SET data = decode(repeat('00', length(data)), 'hex') "
                     "WHERE id = (SELECT chunk_id FROM blob_parts WHERE first_byte = 262144)"
                   : "UPDATE chunks SET data = zeroblob(length(data)) WHERE id = "
                     "(SELECT chunk_id FROM blob_parts WHERE first_byte = 262144)");
    CHECK_INT(fx_verify(&f, &report), 1);
    CHECK_CONTAINS(report, "does not match its SHA-256");
    fx_sql(&f, "DELETE FROM blob_parts WHERE first_byte = 262144");
    CHECK_INT(fx_verify(&f, &report), 1);
    CHECK_CONTAINS(report, "parts are there");
    fx_close(&f);
}

static void same_bytes_are_stored_once(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    struct ctx *c = fx_as(&f, "a.staff");
    size_t n = 200000;
    unsigned char *d = mp4(&f, n, 3);
    struct file_info fi;
    /* first in one request (a blob in one row), then in chunks */
    CHECK_INT(file_store(c, c->actor->home_org_id, "a.mp4", NULL, d, n, &fi), 0);
    struct upload up;
    CHECK_INT(upload_open(c, c->actor->home_org_id, "b.mp4", (int64_t)n, NULL, &up), 0);
    CHECK_INT(put(c, up.id, d, 0, 100000, -1, &up), 0);
    CHECK_INT(put(c, up.id, d, 100000, n, -1, &up), 0);
    CHECK(up.file_id > 0 && up.file_id != fi.id);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM blobs"), 1);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), 0); /* not kept twice */
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM files"), 2);
    /* and twice in chunks: one blob, its parts once */
    unsigned char *e = mp4(&f, n, 4);
    for (int i = 0; i < 2; i++) {
        CHECK_INT(upload_open(c, c->actor->home_org_id, "c.mp4", (int64_t)n, NULL, &up), 0);
        CHECK_INT(put(c, up.id, e, 0, n, (int64_t)n, &up), 0);
        CHECK(up.file_id > 0);
    }
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM blobs"), 2);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), 1);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void refused_uploads_leave_nothing(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    struct ctx *c = fx_as(&f, "a.staff");
    int64_t org = c->actor->home_org_id;
    size_t n = 200000;
    unsigned char *d = mp4(&f, n, 5);
    struct upload up;
    /* a wrong SHA-256: found at the end, and the upload is gone */
    CHECK_INT(upload_open(c, org, "x.mp4", (int64_t)n, sha_of(&f, "other", 5), &up), 0);
    CHECK_INT(put(c, up.id, d, 0, 100000, (int64_t)n, &up), 0);
    CHECK_INT(put(c, up.id, d, 100000, n, (int64_t)n, &up), FZ_EVALID);
    CHECK_STR(c->err.field, "sha256");
    CHECK_INT(upload_get(c, up.id, &up), FZ_ENOTFOUND);
    /* a type we do not take: refused at the first chunk */
    unsigned char *exe = arena_alloc(f.a, n);
    memset(exe, 'x', n);
    memcpy(exe, "MZ\x90\0", 4);
    CHECK_INT(upload_open(c, org, "setup.mp4", (int64_t)n, NULL, &up), 0);
    CHECK_INT(put(c, up.id, exe, 0, 100000, (int64_t)n, &up), FZ_EMEDIA);
    CHECK_INT(upload_get(c, up.id, &up), FZ_ENOTFOUND);
    /* text that turns bad after its first chunk: refused at the end */
    unsigned char *txt = arena_alloc(f.a, n);
    memset(txt, 'a', n);
    memcpy(txt + 65534, "法", 3); /* cut between the chunks */
    txt[n - 1] = 0xFF;
    CHECK_INT(upload_open(c, org, "notes.txt", (int64_t)n, NULL, &up), 0);
    CHECK_INT(put(c, up.id, txt, 0, 65536, (int64_t)n, &up), 0);
    CHECK_INT(put(c, up.id, txt, 65536, n, (int64_t)n, &up), FZ_EMEDIA);
    /* the same text, valid: stored */
    txt[n - 1] = '\n';
    CHECK_INT(upload_open(c, org, "notes.txt", (int64_t)n, NULL, &up), 0);
    CHECK_INT(put(c, up.id, txt, 0, 65536, (int64_t)n, &up), 0);
    CHECK_INT(put(c, up.id, txt, 65536, n, (int64_t)n, &up), 0);
    CHECK(up.file_id > 0);
    int64_t stored = count(&f, "SELECT COUNT(*) FROM chunks");
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM files"), 1);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM uploads WHERE file_id IS NULL"), 0);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM upload_parts"), 0);
    /* limits and bad ranges */
    CHECK_INT(upload_open(c, org, "big.mp4", UPLOAD_MAX_SIZE + 1, NULL, &up), FZ_ETOOBIG);
    CHECK_INT(upload_open(c, org, "empty.mp4", 0, NULL, &up), FZ_EVALID);
    CHECK_INT(upload_open(c, org, "x.mp4", 10, "abc", &up), FZ_EVALID);
    CHECK_INT(upload_open(c, org, "x.mp4", (int64_t)n, NULL, &up), 0);
    CHECK_INT(put(c, up.id, d, 0, 100000, (int64_t)n + 1, &up), FZ_EINVAL);        /* wrong total */
    CHECK_INT(put(c, up.id, d, 0, 1000, (int64_t)n, &up), FZ_EINVAL);              /* too small */
    CHECK_INT(upload_write(c, org, up.id, 150000, -1, d, 100000, &up), FZ_EINVAL); /* past */
    CHECK_INT(up.received, 0);
    /* someone else's upload does not exist for them */
    struct ctx *other = fx_as(&f, "a.leader");
    struct upload seen;
    CHECK_INT(upload_get(other, up.id, &seen), FZ_ENOTFOUND);
    CHECK_INT(put(other, up.id, d, 0, 100000, (int64_t)n, &seen), FZ_ENOTFOUND);
    CHECK_INT(upload_cancel(other, up.id), FZ_ENOTFOUND);
    CHECK_INT(upload_get(fx_as(&f, "b.staff"), up.id, &seen), FZ_ENOTFOUND);
    /* a supervisor writes nothing, uploads included */
    struct ctx *sup = fx_as(&f, "d.sup");
    CHECK_INT(upload_open(sup, sup->actor->home_org_id, "x.mp4", 100, NULL, &seen), FZ_EFORBIDDEN);
    /* cancel removes what arrived */
    CHECK_INT(put(c, up.id, d, 0, 100000, (int64_t)n, &up), 0);
    CHECK_INT(upload_cancel(c, up.id), 0);
    CHECK_INT(upload_get(c, up.id, &up), FZ_ENOTFOUND);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), stored);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM upload_parts"), 0);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void open_uploads_are_limited_and_purged(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    struct ctx *c = fx_as(&f, "a.staff");
    int64_t org = c->actor->home_org_id;
    unsigned char *d = mp4(&f, 100000, 9);
    struct upload up;
    int64_t first = 0;
    for (int i = 0; i < UPLOAD_MAX_OPEN; i++) {
        CHECK_INT(upload_open(c, org, "x.mp4", 200000, NULL, &up), 0);
        CHECK_INT(put(c, up.id, d, 0, 100000, 200000, &up), 0);
        if (!first)
            first = up.id;
    }
    CHECK_INT(upload_open(c, org, "x.mp4", 200000, NULL, &up), FZ_EGUARD);
    /* another user has their own allowance */
    struct ctx *l = fx_as(&f, "a.leader");
    CHECK_INT(upload_open(l, l->actor->home_org_id, "x.mp4", 200000, NULL, &up), 0);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), UPLOAD_MAX_OPEN);
    /* a day later (moved back behind the program's back): expired, purged */
    fx_sql(&f, "UPDATE uploads SET expires_at = '2026-11-26T00:00:00.000Z' WHERE user_id = "
               "(SELECT id FROM users WHERE username = 'a.staff')");
    CHECK_INT(upload_get(c, first, &up), FZ_ENOTFOUND); /* and purged as it is found */
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), UPLOAD_MAX_OPEN - 1);
    int purged = -1;
    CHECK_INT(upload_purge(c, 2, &purged), 0);
    CHECK_INT(purged, 2);
    CHECK_INT(upload_purge(c, 0, &purged), 0);
    CHECK_INT(purged, UPLOAD_MAX_OPEN - 3);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM chunks"), 0);
    CHECK_INT(count(&f, "SELECT COUNT(*) FROM uploads"), 1); /* a.leader's */
    CHECK_INT(upload_open(c, org, "x.mp4", 200000, NULL, &up), 0);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

void suite_uploads(void);
void suite_uploads(void)
{
    RUN(utf8_is_checked_across_pieces);
    RUN(mime_knows_phone_video_and_audio);
    RUN(chunks_become_a_file_read_in_parts);
    RUN(same_bytes_are_stored_once);
    RUN(refused_uploads_leave_nothing);
    RUN(open_uploads_are_limited_and_purged);
}
