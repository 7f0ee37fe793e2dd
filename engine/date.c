/* date.c — Gregorian day arithmetic (Howard Hinnant's civil-days algorithm, re-derived) and
 * strict parsing of the spellings offices use. */
#include "date.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool date_ymd_valid(int y, int m, int d)
{
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

date_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                  /* [0, 399] */
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t t, int *y, int *m, int *d)
{
	int z = t + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads 1..maxdig decimal digits at *s; advances *s. Returns -1 if none. */
static int read_num(const char **s, int mindig, int maxdig)
{
	int v = 0, n = 0;
	while (n < maxdig && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n >= mindig ? v : -1;
}

static int finish(int y, int m, int d, date_t *out)
{
	if (y < 0 || m < 0 || d < 0 || !date_ymd_valid(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

int date_parse(const char *s, date_t *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	const char *p = s;
	int y = read_num(&p, 4, 4);
	p++;
	int m = read_num(&p, 2, 2);
	p++;
	int d = read_num(&p, 2, 2);
	if (*p != '\0')
		return -1;
	return finish(y, m, d, out);
}

/* Skips one separator: '-', '/', '.', or the UTF-8 text sep (e.g. "年"). */
static int skip_sep(const char **s, const char *cjk)
{
	if (**s == '-' || **s == '/' || **s == '.') {
		(*s)++;
		return 0;
	}
	size_t n = strlen(cjk);
	if (strncmp(*s, cjk, n) == 0) {
		*s += n;
		return 0;
	}
	return -1;
}

int date_parse_loose(const char *s, date_t *out)
{
	const char *p = s;
	if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {   /* 20200601 */
		int y = read_num(&p, 4, 4), m = read_num(&p, 2, 2), d = read_num(&p, 2, 2);
		return finish(y, m, d, out);
	}
	int y = read_num(&p, 4, 4);
	if (y < 0 || skip_sep(&p, "年") < 0)
		return -1;
	int m = read_num(&p, 1, 2);
	if (m < 0 || skip_sep(&p, "月") < 0)
		return -1;
	int d = read_num(&p, 1, 2);
	if (d < 0)
		return -1;
	if (strcmp(p, "日") == 0)
		p += strlen("日");
	if (*p != '\0')
		return -1;
	return finish(y, m, d, out);
}

void date_format(date_t t, char out[DATE_ISO_LEN])
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	unsigned uy = (unsigned)y % 10000u;
	out[0] = (char)('0' + uy / 1000), out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10), out[3] = (char)('0' + uy % 10);
	out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
	out[7] = '-', out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int date_weekday(date_t t)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((t % 7 + 7) % 7);
	return (w + 3) % 7 + 1;
}
