/* tmpfile.c — temporary files (tmpfile.h). */
#include "core/tmpfile.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/log.h"
#include "core/banned.h"

const char *tmp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

int tmp_file(const char *prefix, char *path, size_t n)
{
    int w = snprintf(path, n, "%s/%s-XXXXXX", tmp_dir(), prefix);
    int fd = w > 0 && (size_t)w < n ? mkstemp(path) : -1;
    if (fd < 0)
        log_error("cannot make a temporary file in %s", tmp_dir());
    return fd;
}
