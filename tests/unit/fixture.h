/* fixture.h — a fresh database for engine tests: the schema, the registered modules, a
 * small organisation tree and users in several roles.
 *
 *   D  district            d.sup (supervisor)
 *   A  subdistrict         a.staff (staff), a.leader (leader)
 *     A-D1 department      a.d1 (staff), a.officer (officer)
 *     A-C1 community       a.grid (grid_worker)
 *     A-C2 community
 *   B  subdistrict         b.staff (staff)
 *     B-D1 department
 */
#ifndef FZ_FIXTURE_H
#define FZ_FIXTURE_H

#include <jansson.h>

#include "engine/ctx.h"
#include "engine/entity.h"

struct fixture {
    char dir[64], path[256];
    store *st;
    sconn *db;
    arena *a;
    calendar *cal;
    struct ctx sys;
    struct actor actors[16];
    struct ctx ctxs[16];
    int n;
};

/* alg: "sha256" or "sm3". Pins the clock to today_ymd 10:00 Asia/Shanghai. */
void fx_open(struct fixture *f, const char *alg, const char *today_ymd);
void fx_close(struct fixture *f);
/* A ctx acting as a fixture user (cached). */
struct ctx *fx_as(struct fixture *f, const char *username);
/* Moves the pinned clock (and every cached ctx's today) to another date. */
void fx_today(struct fixture *f, const char *ymd);
/* Creates a task as username from a JSON literal; returns its id or 0 (and prints why). */
int64_t fx_task(struct fixture *f, const char *username, const char *json);
/* Runs SQL straight on the database file, behind the program's back. */
void fx_sql(struct fixture *f, const char *sql);
/* Runs fazhi verify's checks; returns the problem count (report in *text if not NULL). */
int fx_verify(struct fixture *f, char **text);
/* Removes the template databases (end of the run). */
void fx_cleanup_templates(void);
/* A json_t from a literal (aborts the test run on a typo). */
json_t *fx_json(const char *text);

#endif
