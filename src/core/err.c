/* err.c — tables behind err.h. */
#include "err.h"

#include "banned.h"

#define ROW_STATUS(name, status, code, text) [name] = status,
#define ROW_CODE(name, status, code, text) [name] = code,
#define ROW_TEXT(name, status, code, text) [name] = text,
static const int statuses[FZ_ERR__MAX] = {FZ_ERR_LIST(ROW_STATUS)};
static const char *const codes[FZ_ERR__MAX] = {FZ_ERR_LIST(ROW_CODE)};
static const char *const texts[FZ_ERR__MAX] = {FZ_ERR_LIST(ROW_TEXT)};

int err_status(fz_err e)
{
    return (unsigned)e < FZ_ERR__MAX ? statuses[e] : 500;
}

const char *err_code(fz_err e)
{
    return (unsigned)e < FZ_ERR__MAX ? codes[e] : "internal_error";
}

const char *err_text(fz_err e)
{
    return (unsigned)e < FZ_ERR__MAX ? texts[e] : texts[FZ_EINTERNAL];
}
