/* render.h — records as JSON (API), the text of a value, and the explanation of a deadline.
 * HTML rendering is in pages_entity.c. */
#ifndef FZ_RENDER_H
#define FZ_RENDER_H

#include "engine/deadline.h"
#include "http/http.h"

/* detail adds deadlines (with explanations) and the transitions the actor may fire. */
void json_record(struct request *req, const struct record *r, buf *b, bool detail);
/* The text of a field's value for display ("" when empty); lists are joined with "、". */
const char *value_text(arena *a, const struct field *f, const struct value *v);
/* How a deadline's due date was computed, in Chinese, from req->a. */
const char *deadline_explanation(struct request *req, const struct entity *e,
                                 const struct deadline_view *d);

#endif
