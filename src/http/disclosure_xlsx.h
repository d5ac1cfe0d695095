/* disclosure_xlsx.h — the yearly disclosure report's tables as an XLSX workbook (one sheet
 * per table, merged heading cells as in the template), written with libxlsxwriter to a
 * private temporary file, read back into memory and removed. */
#ifndef FZ_DISCLOSURE_XLSX_H
#define FZ_DISCLOSURE_XLSX_H

#include "modules/disclosure/disclosure.h"

/* The workbook's bytes into *data (from a), *len bytes. 0 on success, -1 on failure. */
int disclosure_xlsx(const struct gip_annual *rep, const struct gip_grid grids[GIP_GRIDS], arena *a,
                    const void **data, size_t *len);

#endif
