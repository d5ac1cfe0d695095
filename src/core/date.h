/* date.h — civil dates and instants.
 *
 * A date is an int: days since 1970-01-01 (proleptic Gregorian). An instant is int64
 * milliseconds since the Unix epoch, stored as UTC ISO 8601 text ("2026-11-27T18:23:59.123Z")
 * and shown in Asia/Shanghai (UTC+8, no daylight saving since 1991). "Today" is the date in
 * Asia/Shanghai. The clock can be pinned for tests and demos with the environment variable
 * FAZHI_NOW (an ISO instant or YYYY-MM-DD), read once at start. */
#ifndef FZ_DATE_H
#define FZ_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);
/* 1 = Monday … 7 = Sunday */
int date_weekday(int day);
bool date_valid_ymd(int y, int m, int d);
/* Strict YYYY-MM-DD within DATE_MIN_YEAR..DATE_MAX_YEAR. Returns 0 on success. */
int date_parse(const char *s, int *out);
/* Writes YYYY-MM-DD (11 bytes with NUL). */
void date_format(int day, char out[11]);
/* Chinese form 2026年11月27日 (at least 24 bytes). */
void date_format_cn(int day, char out[24]);
/* 星期一 … 星期日 */
const char *date_weekday_cn(int day);

int64_t time_now_ms(void);
int date_today(void);
/* Pin the clock (tests): ms since epoch; 0 releases it. */
void time_pin(int64_t ms);
/* Reads FAZHI_NOW; returns -1 if it is set but malformed. */
int time_pin_from_env(void);
/* 2026-11-27T18:23:59.123Z (25 bytes with NUL) */
void time_format_iso(int64_t ms, char out[25]);
/* Parses the form above (milliseconds optional). Returns 0 on success. */
int time_parse_iso(const char *s, int64_t *ms);
/* Asia/Shanghai wall time "2026-11-28 02:23" (17 bytes with NUL). */
void time_format_local(int64_t ms, char out[17]);
/* The Asia/Shanghai date of an instant. */
int date_of_instant(int64_t ms);

#endif
