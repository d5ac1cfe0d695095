/* err.h — the error codes every fallible function returns (0 is success).
 *
 * The user's mistakes (4xx) are kept apart from ours (5xx): err_status() maps a code to its
 * HTTP status, err_code() to the stable API code string, err_text() to a default Chinese
 * message for the UI. A function that fails with a user error also sets a message for the
 * user through an fz_error out-parameter when it has one. */
#ifndef FZ_ERR_H
#define FZ_ERR_H

#define FZ_ERR_LIST(X)                                                                             \
    X(FZ_OK, 200, "ok", "成功")                                                                    \
    X(FZ_EINVAL, 400, "bad_request", "请求格式不正确")                                             \
    X(FZ_EJSON, 400, "invalid_json", "请求体不是有效的 JSON")                                      \
    X(FZ_EVALID, 422, "validation_failed", "提交的内容未通过校验")                                 \
    X(FZ_EUNAUTH, 401, "unauthenticated", "请先登录")                                              \
    X(FZ_ECSRF, 403, "csrf_failed", "安全令牌无效，请刷新页面后重试")                              \
    X(FZ_EFORBIDDEN, 403, "forbidden", "您没有执行此操作的权限")                                   \
    X(FZ_ENOTFOUND, 404, "not_found", "未找到该记录")                                              \
    X(FZ_EMETHOD, 405, "method_not_allowed", "不支持该请求方法")                                   \
    X(FZ_ECONFLICT, 409, "version_conflict", "记录已被他人修改，请刷新后重试")                     \
    X(FZ_EGUARD, 409, "guard_refused", "当前条件不允许执行此操作")                                 \
    X(FZ_EEXISTS, 409, "already_exists", "记录已存在")                                             \
    X(FZ_EOFFSET, 409, "offset_mismatch", "上传位置不对，请从已收到的位置继续")                    \
    X(FZ_ETOOBIG, 413, "body_too_large", "提交的内容过大")                                         \
    X(FZ_EMEDIA, 415, "unsupported_media_type", "不支持的内容类型")                                \
    X(FZ_ETHROTTLED, 429, "too_many_attempts", "尝试次数过多，请稍后再试")                         \
    X(FZ_EDB, 500, "store_error", "数据存储出错，请稍后重试")                                      \
    X(FZ_EIO, 500, "io_error", "系统读写出错，请稍后重试")                                         \
    X(FZ_EINTERNAL, 500, "internal_error", "系统内部错误，请联系管理员")                           \
    X(FZ_EBUSY, 503, "busy", "系统繁忙，请稍后重试")

#define FZ_ERR_ENUM(name, status, code, text) name,
typedef enum fz_err { FZ_ERR_LIST(FZ_ERR_ENUM) FZ_ERR__MAX } fz_err;
#undef FZ_ERR_ENUM

int err_status(fz_err e);
const char *err_code(fz_err e);
const char *err_text(fz_err e);

/* A user-facing failure: code plus a message (arena- or static-owned) and, for validation
 * errors, the field it concerns. */
typedef struct fz_error {
    fz_err code;
    const char *message;
    const char *field;
} fz_error;

#endif
