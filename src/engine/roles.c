/* roles.c — the role table behind roles.h. */
#include "roles.h"

#include <string.h>

#include "core/banned.h"

static const struct {
    const char *name, *label;
    bool write;
} roles[ROLE__MAX] = {
#define ROLE_ROW(e, id, label, w) [e] = {id, label, w},
    ROLE_LIST(ROLE_ROW)
#undef ROLE_ROW
};

const char *role_name(enum role r)
{
    return (unsigned)r < ROLE__MAX ? roles[r].name : "?";
}

const char *role_label(enum role r)
{
    return (unsigned)r < ROLE__MAX ? roles[r].label : "?";
}

bool role_may_write(enum role r)
{
    return (unsigned)r < ROLE__MAX && roles[r].write;
}

int role_parse(const char *name)
{
    for (int i = 0; i < ROLE__MAX; i++)
        if (strcmp(roles[i].name, name) == 0)
            return i;
    return -1;
}
