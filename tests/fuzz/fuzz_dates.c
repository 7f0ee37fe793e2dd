/* fuzz_dates.c — libFuzzer harness for the date, period and due parsers (date_parse,
 * date_parse_loose, period_parse, due_parse and the windows it expands to). The input is the
 * text, cut at its first NUL. Beyond not crashing, each accepted text must mean what it says: a
 * strict date prints back as the same text, a loose date is a valid one, a period is a non-empty
 * span whose label parses back to the same span, and a due spelling gives 1..12 non-empty
 * windows in order inside the plan year. */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz_common.h"
#include "lang.h"
#include "period.h"
#include "sched.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	return 0;
}

static void check_date(const char *text)
{
	date_t d, loose;
	char back[DATE_ISO_LEN];
	if (date_parse(text, &d) == 0) {
		date_format(d, back);
		fuzz_require(strcmp(back, text) == 0, "a strict date does not print back as itself");
		fuzz_require(date_parse_loose(text, &loose) == 0 && loose == d,
			     "the loose parser disagrees with the strict one");
	}
	if (date_parse_loose(text, &loose) == 0) {
		int y, m, dd;
		date_to_ymd(loose, &y, &m, &dd);
		fuzz_require(date_ymd_valid(y, m, dd), "a loose date is not a valid date");
		fuzz_require(date_from_ymd(y, m, dd) == loose, "day number and y-m-d disagree");
		int w = date_weekday(loose);
		fuzz_require(w >= 1 && w <= 7, "weekday out of 1..7");
	}
}

static void check_period(const char *text)
{
	struct period p, again;
	char err[256];
	if (period_parse(text, &p, err, sizeof err) != 0) {
		fuzz_require(err[0] != '\0', "a refused period has no message");
		return;
	}
	fuzz_require(p.from <= p.to, "a period ends before it begins");
	fuzz_require(p.label[0] != '\0', "a period has no label");
	fuzz_require(memchr(p.label, '\0', sizeof p.label) != NULL, "a period label is not terminated");
	fuzz_require(period_parse(p.label, &again, err, sizeof err) == 0, "a period's label does not parse");
	fuzz_require(again.from == p.from && again.to == p.to, "a period's label means another span");
}

static void check_due(const char *text)
{
	struct due d;
	if (due_parse(text, &d) != 0)
		return;
	struct window w[SCHED_MAX_WINDOWS];
	for (int year = 2019; year <= 2021; year++) {   /* a common year, a leap year */
		int n = sched_windows(&d, NULL, year, w);
		fuzz_require(n >= 1 && n <= SCHED_MAX_WINDOWS, "a due spelling gives no windows");
		for (int i = 0; i < n; i++) {
			fuzz_require(w[i].from <= w[i].to, "a window ends before it begins");
			fuzz_require(w[i].from >= date_from_ymd(year, 1, 1) && w[i].to <= date_from_ymd(year, 12, 31),
				     "a window outside its year");
			fuzz_require(i == 0 || w[i - 1].to < w[i].from, "windows overlap or are out of order");
		}
	}
	char text_back[128];
	due_describe(&d, text_back, sizeof text_back);
	fuzz_require(text_back[0] != '\0', "a due spelling has no description");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	lang_set(size && (data[0] & 1) ? LANG_EN : LANG_ZH);  /* both languages' messages */
	check_date(text);
	check_period(text);
	check_due(text);
	free(text);
	return 0;
}
