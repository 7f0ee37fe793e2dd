/* period.c — parsing the --period argument into an inclusive date span. */
#include "period.h"

#include <stdio.h>
#include <stdlib.h>
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

/* "FROM..TO" or "FROM至TO", each date in any spelling date_parse_loose() takes. */
static int parse_range(const char *text, struct period *p)
{
	const char *sep = strstr(text, "..");
	size_t seplen = 2;
	if (!sep) {
		sep = strstr(text, "至");
		seplen = strlen("至");
	}
	if (!sep || sep - text >= 32)
		return -1;
	char a[32];
	memcpy(a, text, (size_t)(sep - text));
	a[sep - text] = '\0';
	date_t from, to;
	if (date_parse_loose(a, &from) < 0 || date_parse_loose(sep + seplen, &to) < 0 || to < from)
		return -1;
	period_from_range(from, to, p);
	return 0;
}

/* Rewrites the spellings people use into the canonical one, in out: "2020-Q2", "2020 q2" and
 * "2020年第二季度" (or 第2季度) become 2020Q2; "2020年上半年"/"下半年" 2020H1/H2; "2020年" 2020;
 * "2020年6月" and "2020-6" 2020-06. Anything else is copied as it is. */
static void canonical(const char *text, char *out, size_t size)
{
	static const char *const quarters[] = {"第一季度", "第二季度", "第三季度", "第四季度",
					       "第1季度", "第2季度", "第3季度", "第4季度"};
	snprintf(out, size, "%s", text);
	if (strlen(text) < 5 || strspn(text, "0123456789") != 4)
		return;
	const char *r = text + 4;
	if (strncmp(r, "年", strlen("年")) == 0)
		r += strlen("年");
	else if (*r == '-' || *r == ' ')
		r++;
	for (int i = 0; i < 8; i++)
		if (strcmp(r, quarters[i]) == 0) {
			snprintf(out, size, "%.4sQ%d", text, i % 4 + 1);
			return;
		}
	if (strcmp(r, "上半年") == 0 || strcmp(r, "下半年") == 0)
		snprintf(out, size, "%.4sH%d", text, strcmp(r, "上半年") == 0 ? 1 : 2);
	else if (*r == '\0')
		snprintf(out, size, "%.4s", text);
	else if ((r[0] == 'Q' || r[0] == 'q' || r[0] == 'H' || r[0] == 'h') && r[1] && !r[2])
		snprintf(out, size, "%.4s%c%c", text, r[0], r[1]);
	else if (strspn(r, "0123456789") >= 1 && strspn(r, "0123456789") <= 2 &&
		 (r[strspn(r, "0123456789")] == '\0' || strcmp(r + strspn(r, "0123456789"), "月") == 0))
		snprintf(out, size, "%.4s-%02d", text, atoi(r));
}

int period_parse(const char *given, struct period *p, char *err, size_t errlen)
{
	int y;
	char label[48], text[40];
	if (parse_range(given, p) == 0)
		return 0;
	canonical(given, text, sizeof text);
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
	snprintf(err, errlen, "%s: %s", given,
		 tr("不是有效的时段(应为 2020、2020Q2、2020年第二季度、2020H1、2020年上半年、2020-05 或 2020-04-21..2020-06-30)",
		    "not a valid period (use 2020, 2020Q2, 2020年第二季度, 2020H1, 2020年上半年, 2020-05 or 2020-04-21..2020-06-30)"));
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
