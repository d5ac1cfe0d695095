/* report.h — the yearly rule-of-law government report module (annual_report.c). */
#ifndef FZ_REPORT_H
#define FZ_REPORT_H

#include "engine/entity.h"

extern const struct entity entity_annual_reports;

#endif
