/* test_render.c — render jobs (docs/render.h): laid out by a child `fazhi render` they give
 * the same bytes as in this process — a document using every pdfdoc call, and a chart; a
 * child that fails gives an error and no bytes, and the next job works; what is not a job
 * is refused. The child is the fazhi built beside this test binary. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart.h"
#include "docs/pdfdoc.h"
#include "docs/render.h"
#include "t.h"
#include "core/banned.h"

/* build/…/fazhi beside build/…/unit-tests. */
static const char *fazhi_path(void)
{
    static char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 16);
    if (n <= 0)
        return "";
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    snprintf(slash + 1, (size_t)(path + sizeof path - slash - 1), "fazhi");
    return path;
}

static const double counts[] = {3, 0.5, 1.0 / 3, 7};
static const char *const units[] = {"甲社区", "乙社区", "丙社区", "丁社区"};
static const struct chart_series series = {"案件", counts, 0};
static const struct chart pie = {CHART_PIE, "各社区案件", "件", units, 4, &series, 1};

/* Every call pdfdoc has, some twice. */
static fz_err document(buf *out)
{
    struct pdfdoc *p = pdfdoc_new("测试文书", "2026-11-27T00:00:00+08:00");
    if (!p)
        return FZ_EINTERNAL;
    pdfdoc_title(p, "东湖街道办事处");
    pdfdoc_title(p, "行政处罚决定书");
    pdfdoc_line(p, PDF_CENTER, "东湖罚决〔2026〕1号");
    pdfdoc_space(p, 4);
    pdfdoc_line(p, PDF_LEFT, "当事人：张某某");
    pdfdoc_para(p, "当事人于2026年3月1日在东湖路占道经营，经责令改正拒不改正。本段文字足够长，"
                   "可以折行，以检验两端对齐与首行缩进在两边是否一样。");
    pdfdoc_para_lead(p, "一、违法事实：", "如上。");
    pdfdoc_para_lead(p, NULL, "没有引导语的段落。");
    const char *const labels[] = {"案由", "当事人", "签名"};
    const char *const values[] = {"占道经营", "张某某", NULL};
    pdfdoc_table(p, labels, values, 3, 12);
    pdfdoc_chart(p, 70, &pie);
    pdfdoc_keep(p, 28);
    pdfdoc_space(p, 6.25);
    pdfdoc_line(p, PDF_RIGHT, "2026年11月27日");
    fz_err e = pdfdoc_finish(p, out);
    pdfdoc_free(p);
    return e;
}

static void test_render_child_same_bytes(void)
{
    const char *exe = fazhi_path();
    CHECK(access(exe, X_OK) == 0);
    buf here, there;
    CHECK_INT(document(&here), FZ_OK);
    CHECK(here.len > 1000 && memcmp(here.p, "%PDF-", 5) == 0);
    render_in_child(exe);
    CHECK_INT(document(&there), FZ_OK);
    CHECK(here.len == there.len && memcmp(here.p, there.p, here.len) == 0);
    buf_release(&there);
    /* a chart: the same PNG (an SVG names its surface by a per-process count) */
    buf_init(&there, 0);
    CHECK_INT(render_chart(&pie, CHART_PNG, 520, 270, &there), FZ_OK);
    render_in_child(NULL);
    buf png;
    buf_init(&png, 0);
    CHECK_INT(render_chart(&pie, CHART_PNG, 520, 270, &png), FZ_OK);
    CHECK(png.len > 100 && png.len == there.len && memcmp(png.p, there.p, png.len) == 0);
    /* refused before any child is started */
    CHECK_INT(render_chart(&pie, CHART_SVG, 50, 270, &png), FZ_EINVAL);
    buf_release(&png);
    buf_release(&there);
    buf_release(&here);
}

static void test_render_child_failure(void)
{
    render_in_child(fazhi_path());
    static const char *const how[] = {"exit", "kill"};
    for (size_t i = 0; i < sizeof how / sizeof how[0]; i++) {
        setenv("FAZHI_RENDER_FAIL", how[i], 1);
        buf out;
        CHECK_INT(document(&out), FZ_EINTERNAL);
        CHECK_INT(out.len, 0);
        buf_init(&out, 0);
        CHECK_INT(render_chart(&pie, CHART_SVG, 520, 270, &out), FZ_EINTERNAL);
        buf_release(&out);
    }
    unsetenv("FAZHI_RENDER_FAIL");
    buf out;
    CHECK_INT(document(&out), FZ_OK);
    buf_release(&out);
    render_in_child(NULL);
}

static void test_render_refusals(void)
{
#define PDF_JOB "{\"job\":\"pdf\",\"title\":\"t\",\"created\":\"2026-01-01T00:00:00\",\"ops\":"
#define CHART_JOB "{\"job\":\"chart\",\"chart\":{},"
    static const char *const bad[] = {
        "",
        "{}",
        "{\"job\":\"dance\"}",
        PDF_JOB "[[\"dance\"]]}",
        PDF_JOB "[[\"para\"]]}",
        PDF_JOB "[[\"line\",7,\"x\"]]}",
        PDF_JOB "[[\"table\",0,[\"a\"],[]]]}",
        CHART_JOB "\"format\":\"gif\",\"width\":520,\"height\":270}",
        CHART_JOB "\"format\":\"svg\",\"width\":99999,\"height\":270}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf out;
        buf_init(&out, 0);
        fz_err e = render_local(bad[i], strlen(bad[i]), &out);
        if (e != FZ_EINVAL)
            t_fail(__FILE__, __LINE__, "job %zu: %d, expected FZ_EINVAL", i, (int)e);
        buf_release(&out);
    }
    const char *empty = PDF_JOB "[]}";
    buf out;
    buf_init(&out, 0);
    CHECK_INT(render_local(empty, strlen(empty), &out), FZ_OK);
    CHECK(out.len > 100 && memcmp(out.p, "%PDF-", 5) == 0);
    buf_release(&out);
}

void suite_render(void);
void suite_render(void)
{
    RUN(test_render_child_same_bytes);
    RUN(test_render_child_failure);
    RUN(test_render_refusals);
}
