/* tmpfile.h — temporary files for work a library can only do through a file (an XLSX
 * workbook): made in $TMPDIR (or /tmp), private to the process (mkstemp, mode 0600). The
 * caller unlinks the file once it has the descriptor or the bytes. */
#ifndef FZ_TMPFILE_H
#define FZ_TMPFILE_H

#include <stddef.h>

/* $TMPDIR when set and not empty, else "/tmp". */
const char *tmp_dir(void);
/* A new empty file named "<tmp_dir>/<prefix>-XXXXXX": its open descriptor, its name in
 * path[n]; -1 (logged) when it cannot be made. */
int tmp_file(const char *prefix, char *path, size_t n);

#endif
