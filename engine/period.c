/* period.c — parsing the --period argument into an inclusive date span. */
#include "period.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"

static void set(struct period *p, date_t from, date_t to, const char *label)
{
	p->from = from;
	p->to = to;
	snprintf(p->label, sizeof p->label, "%s", label);
}

/* Months [m1, m2] of year y. */
static void months(struct period *p, int y, int m1, int m2, const char *label)
{
	set(p, date_from_ymd(y, m1, 1), date_from_ymd(y, m2, date_days_in_month(y, m2)), label);
}

static int parse_year(const char *s, int *y)
{
	if (strlen(s) < 4)
		return -1;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return *y >= 1000 ? 0 : -1;
}

static int parse_range(const char *text, struct period *p)
{
	const char *dots = strstr(text, "..");
	if (!dots || dots - text != 10)
		return -1;
	char a[11];
	memcpy(a, text, 10);
	a[10] = '\0';
	date_t from, to;
	if (date_parse(a, &from) < 0 || date_parse(dots + 2, &to) < 0 || to < from)
		return -1;
	period_from_range(from, to, p);
	return 0;
}

int period_parse(const char *text, struct period *p, char *err, size_t errlen)
{
	int y;
	char label[48];
	if (strchr(text, '.') && parse_range(text, p) == 0)
		return 0;
	if (parse_year(text, &y) == 0) {
		const char *r = text + 4;
		snprintf(label, sizeof label, "%s", text);
		if (*r == '\0')
			return months(p, y, 1, 12, label), 0;
		if ((r[0] == 'Q' || r[0] == 'q') && r[1] >= '1' && r[1] <= '4' && r[2] == '\0') {
			int q = r[1] - '0';
			label[4] = 'Q';
			return months(p, y, 3 * q - 2, 3 * q, label), 0;
		}
		if ((r[0] == 'H' || r[0] == 'h') && (r[1] == '1' || r[1] == '2') && r[2] == '\0') {
			int h = r[1] - '0';
			label[4] = 'H';
			return months(p, y, 6 * h - 5, 6 * h, label), 0;
		}
		if (r[0] == '-' && strlen(r) == 3 && r[1] >= '0' && r[1] <= '1' && r[2] >= '0' &&
		    r[2] <= '9') {
			int m = (r[1] - '0') * 10 + (r[2] - '0');
			if (m >= 1 && m <= 12)
				return months(p, y, m, m, label), 0;
		}
	}
	snprintf(err, errlen, "%s: %s", text,
		 tr("不是有效的时段(应为 2020、2020Q2、2020H1、2020-05 或 2020-04-21..2020-06-30)",
		    "not a valid period (use 2020, 2020Q2, 2020H1, 2020-05 or 2020-04-21..2020-06-30)"));
	return -1;
}

void period_from_range(date_t from, date_t to, struct period *p)
{
	int y1, m1, d1, y2, m2, d2;
	date_to_ymd(from, &y1, &m1, &d1);
	date_to_ymd(to, &y2, &m2, &d2);
	char label[48];
	bool whole_months = y1 == y2 && d1 == 1 && d2 == date_days_in_month(y2, m2);
	int span = m2 - m1 + 1;
	if (whole_months && span == 12)
		snprintf(label, sizeof label, "%04d", y1);
	else if (whole_months && span == 6 && (m1 == 1 || m1 == 7))
		snprintf(label, sizeof label, "%04dH%d", y1, m1 == 1 ? 1 : 2);
	else if (whole_months && span == 3 && m1 % 3 == 1)
		snprintf(label, sizeof label, "%04dQ%d", y1, (m1 + 2) / 3);
	else {
		char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
		date_format(from, a);
		date_format(to, b);
		snprintf(label, sizeof label, "%s..%s", a, b);
	}
	set(p, from, to, label);
}
