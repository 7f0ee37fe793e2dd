/* cmd_calendar.c — the calendar commands: `dates` (festivals, holidays, make-up working days
 * and the rules' windows, to hold against the almanac) and `calendar` (the .ics feeds). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "feeds.h"
#include "holiday.h"
#include "lang.h"
#include "periods.h"
#include "store.h"
#include "vec.h"

/* ---- dates ---- */

struct line {
	date_t from, to;
	char text[512];   /* "name<TAB>start<TAB>end" */
};

struct lines {
	struct line *v;
	size_t n, cap;
};

static int add_line(struct lines *ls, const char *name, date_t from, date_t to)
{
	if (vec_reserve(&ls->v, &ls->cap, ls->n + 1, sizeof *ls->v) < 0)
		return -1;
	struct line *l = &ls->v[ls->n++];
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(from, a);
	date_format(to, b);
	l->from = from, l->to = to;
	snprintf(l->text, sizeof l->text, "%s\t%s\t%s", name, a, b);
	return 0;
}

static int by_date(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return strcmp(a->text, b->text);
}

static int festival_lines(const struct calendar *cal, int from, int to, struct lines *ls)
{
	const char *names[64];
	size_t n = cal_festival_names(cal, names, 64);
	date_t d;
	for (int y = from; y <= to; y++)
		for (size_t i = 0; i < n; i++)
			if (cal_festival(cal, names[i], y, &d) == 0 && add_line(ls, names[i], d, d) < 0)
				return -1;
	return 0;
}

static int holiday_lines(const struct calendar *cal, int from, int to, struct lines *ls)
{
	const struct holidays *h = cal_holidays(cal);
	for (date_t d = date_from_ymd(from, 1, 1); d <= date_from_ymd(to, 12, 31); d++) {
		const char *name;
		enum day_kind k = holidays_day(h, d, &name);
		if (k != DAY_HOLIDAY && k != DAY_MAKEUP_WORKDAY)
			continue;
		date_t end = d;
		const char *next;
		while (holidays_day(h, end + 1, &next) == k && next && strcmp(next, name) == 0)
			end++;
		char label[256];
		snprintf(label, sizeof label, "%s %s", name, k == DAY_HOLIDAY ? tr("放假", "holiday") : tr("调休上班", "make-up working day"));
		if (add_line(ls, label, d, end) < 0)
			return -1;
		d = end;
	}
	return 0;
}

static int emit_period(void *ctx, const char *name, date_t from, date_t to)
{
	return add_line(ctx, name, from, to);
}

static int window_lines(const struct ruleset *rs, int from, int to, struct lines *ls)
{
	struct occurrence *occ = NULL;
	long n = feeds_occurrences(rs, from, to, &occ);
	for (long i = 0; i < n; i++) {
		const struct rule *r = &rs->rules[occ[i].rule];
		char label[512];
		snprintf(label, sizeof label, "%s [%s]", lang_get() == LANG_EN && r->title_en ? r->title_en : r->title, r->id);
		if (add_line(ls, label, occ[i].w.from, occ[i].w.to) < 0)
			n = -1;
	}
	free(occ);
	return n < 0 ? -1 : 0;
}

static void help_dates(void)
{
	printf("%s", tr("用法: yaodian dates --from 年份 [--to 年份] [选项]\n"
			"逐行列出节日、法定节假日放假和调休上班日、寒暑假等时段,以及规则的各个时段(窗口),\n"
			"每行“名称<TAB>开始<TAB>结束”,按日期排序,便于与万年历和放假通知核对。\n"
			"\n"
			"  --from 年份             起始年份\n"
			"  --to 年份               结束年份(默认同 --from)\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/)\n"
			"  --config 文件           参数覆盖文件\n"
			"  --lang zh|en            输出语言\n"
			"  --max-instructions N    加载每个规则文件的指令上限\n"
			"  --max-memory MB         规则可用内存上限\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian dates --from YEAR [--to YEAR] [OPTIONS]\n"
			"Lists festivals, official days off and make-up working days, named periods such as the\n"
			"school vacations, and every window of\n"
			"the rules, one per line as \"name<TAB>start<TAB>end\" in date order, to hold against\n"
			"the almanac and the holiday notices.\n"
			"\n"
			"  --from YEAR             first year\n"
			"  --to YEAR               last year (default: --from)\n"
			"  --rules DIR             rules directory (default: the installed rules/)\n"
			"  --config FILE           parameter overrides\n"
			"  --lang zh|en            output language\n"
			"  --max-instructions N    instruction limit for loading each rule file\n"
			"  --max-memory MB         memory cap for rules\n"
			"  --help, -h              this help\n"));
}

int cmd_dates(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("dates", TAKES_DATES, help_dates, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (year_range("dates", &o))
		return EXIT_USAGE;
	struct calendar *cal;
	struct ruleset *rs = load_rules_years(&o, (int)o.from_year, (int)o.to_year, &cal);
	if (!rs)
		return EXIT_USAGE;
	struct lines ls = {0};
	int from = (int)o.from_year, to = (int)o.to_year;
	const char *place = rs->plan.place ? rs->plan.place : "*";
	int rc = festival_lines(cal, from, to, &ls) < 0 || holiday_lines(cal, from, to, &ls) < 0 ||
			 periods_each(cal_periods(cal), place, from, to, emit_period, &ls) < 0 ||
			 window_lines(rs, from, to, &ls) < 0 ? EXIT_USAGE : 0;
	if (rc == 0) {
		qsort(ls.v, ls.n, sizeof *ls.v, by_date);
		for (size_t i = 0; i < ls.n; i++)
			printf("%s\n", ls.v[i].text);
		print_problems(rs);
		rc = rs->n_problems ? 3 : 0;
	} else
		diag("dates", 0, NULL, "%s", tr("内存不足", "out of memory"));
	free(ls.v);
	rules_free(rs);
	cal_free(cal);
	return rc;
}

/* ---- calendar ---- */

static void help_calendar(void)
{
	printf("%s", tr("用法: yaodian calendar --db 文件 --from 年份 [--to 年份] --out 目录 [选项]\n"
			"生成可订阅的 iCalendar 日历(.ics):plan.ics(整个计划)、point-*.ics(每个工作要点)、\n"
			"unit-*.ics(每个单位,标明已完成和未完成)。每项为全天事件,UID 固定;长于 31 天的时段\n"
			"发布为截止日当天的“截止:…”一项,截止前按规则的 remind 天数提醒。只有人看到的内容变化时\n"
			"SEQUENCE、LAST-MODIFIED 和 DTSTAMP 才变,撤销的项目标为 CANCELLED,内容不变的文件不重写。\n"
			"先写临时文件再改名。\n"
			"\n"
			"  --db 文件               记录数据库(记录各日历已发布的内容)\n"
			"  --from 年份             起始年份\n"
			"  --to 年份               结束年份(默认同 --from)\n"
			"  --out 目录              输出目录(不存在则创建)\n"
			"  --as-of 日期            单位日历中完成情况的判断日期(默认今天)\n"
			"  --windows               长时段除截止项外,另把整个时段发布为一项\n"
			"  --open-only             单位日历不列已完成的项目(通过、豁免、不适用)\n"
			"  --new-plan              数据库已发布另一个计划的日历时,改为发布这个规则目录的计划\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/)\n"
			"  --config 文件           参数覆盖文件\n"
			"  --lang zh|en            日历文字的语言\n"
			"  --max-instructions N    每次规则调用的指令上限\n"
			"  --max-memory MB         规则可用内存上限\n"
			"  --jobs N                同时检查的工作线程数(默认:单位不少于 50 个时为处理器数,否则 1;日历与 1 相同)\n"
			"  --help, -h              显示本帮助\n"
			"\n"
			"环境变量 SOURCE_DATE_EPOCH 可指定本次生成的时间(用于可重复的输出)。\n",
			"Usage: yaodian calendar --db FILE --from YEAR [--to YEAR] --out DIR [OPTIONS]\n"
			"Writes iCalendar feeds to subscribe to: plan.ics (the whole plan), point-*.ics (one\n"
			"per work point), unit-*.ics (one per unit, showing what is done and what is open).\n"
			"Items are all-day events with stable UIDs; a window longer than 31 days is published as\n"
			"one item on its deadline day (\"Due: ...\"), reminded `remind` days before. SEQUENCE,\n"
			"LAST-MODIFIED and DTSTAMP change only when what people see changes; withdrawn items are\n"
			"CANCELLED; a feed whose bytes would not change is not rewritten. Files are replaced\n"
			"atomically.\n"
			"\n"
			"  --db FILE               records database (remembers what each feed published)\n"
			"  --from YEAR             first year\n"
			"  --to YEAR               last year (default: --from)\n"
			"  --out DIR               output directory (created if missing)\n"
			"  --as-of DATE            the day the unit feeds' progress is judged on (default today)\n"
			"  --windows               publish each long window as an item too, beside its deadline\n"
			"  --open-only             unit feeds leave out items that are done (pass, waived, n/a)\n"
			"  --new-plan              publish these rules' plan although the database published another\n"
			"  --rules DIR             rules directory (default: the installed rules/)\n"
			"  --config FILE           parameter overrides\n"
			"  --lang zh|en            language of the calendar text\n"
			"  --max-instructions N    instruction limit per rule call\n"
			"  --max-memory MB         memory cap for rules\n"
			"  --jobs N                worker threads checking at once (default: the processors\n"
			"                          from 50 units on, else 1;\n"
			"                          the feeds are the same as with 1)\n"
			"  --help, -h              this help\n"
			"\n"
			"SOURCE_DATE_EPOCH, if set, is taken as the time of this run (reproducible output).\n"));
}

/* The time of this run: SOURCE_DATE_EPOCH when set (reproducible builds' convention), else now. */
static time_t run_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v = e ? strtoll(e, &end, 10) : -1;
	return e && *e && !*end && v >= 0 ? (time_t)v : time(NULL);
}

static int ensure_dir(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(dir, 0755) == 0)
		return 0;
	diag(dir, 0, "--out", "%s: %s", tr("无法创建输出目录", "cannot create the output directory"), strerror(errno));
	return -1;
}

int cmd_calendar(int argc, char **argv)
{
	struct opts o = {0};
	date_t as_of;
	int rc0 = command_start("calendar", TAKES_CALENDAR, help_calendar, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("calendar", tr("缺少 --db", "missing --db"), NULL);
	if (!o.out)
		return usage_error("calendar", tr("缺少 --out", "missing --out"), NULL);
	if (year_range("calendar", &o) || as_of_date("calendar", o.as_of, &as_of))
		return EXIT_USAGE;
	sqlite3 *rw = NULL, *ro = NULL;
	struct calendar *cal = NULL;
	struct ruleset *rs = NULL;
	int rc = EXIT_USAGE, n = -1;
	if (store_open(o.db, STORE_READWRITE, &rw) < 0 || store_open(o.db, STORE_READONLY, &ro) < 0 ||
	    !(rs = load_rules_years(&o, (int)o.from_year, (int)o.to_year, &cal)) || ensure_dir(o.out) < 0)
		goto out;
	rules_attach_db(rs, ro);
	struct feeds_opts fo = {.windows = o.windows, .open_only = o.open_only, .new_plan = o.new_plan,
				.jobs = (int)o.jobs};
	n = feeds_write_opts(rs, rw, ro, (int)o.from_year, (int)o.to_year, as_of, o.out, run_time(), &fo);
	if (n >= 0) {
		print_problems(rs);
		printf(tr("%s: 写出 %d 个日历\n", "%s: %d feeds written\n"), o.out, n);
		rc = rs->n_problems ? 3 : 0;
	}
out:
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(ro);
	sqlite3_close(rw);
	return rc;
}
