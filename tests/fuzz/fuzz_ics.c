/* fuzz_ics.c — libFuzzer harness for the holiday notice reader (holidays_load): the input is
 * the one .ics file of a holidays directory. What loads is listed and looked up, so that the
 * spans it holds are used the way the calendar uses them. */
#include <stdio.h>

#include "fuzz_common.h"
#include "holiday.h"
#include "lang.h"

static char dir[300], file[320];
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(dir, sizeof dir, "%s", fuzz_scratch());
	snprintf(file, sizeof file, "%s/notice.ics", dir);
	sink = fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(file, data, size);
	struct holidays *h = holidays_load(dir);
	if (!h)
		return 0;
	holidays_list(h, 1000, 9999, sink);
	for (int y = 2019; y <= 2027; y++) {
		if (!holidays_cover(h, y))
			continue;
		for (int m = 1; m <= 12; m++)   /* a few days a month: the lookups stay cheap */
			for (int day = 1; day <= 28; day += 9) {
				const char *name;
				date_t d = date_from_ymd(y, m, day);
				enum day_kind k = holidays_day(h, d, &name);
				fuzz_require((k == DAY_HOLIDAY || k == DAY_MAKEUP_WORKDAY) == (name != NULL),
					     "a notice day without a name, or a name on an ordinary day");
				fuzz_require(holidays_is_workday(h, d) == (k == DAY_WORKDAY || k == DAY_MAKEUP_WORKDAY),
					     "is_workday disagrees with the day's kind");
			}
	}
	holidays_free(h);
	return 0;
}
