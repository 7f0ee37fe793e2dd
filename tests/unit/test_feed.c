/* test_feed.c — the iCalendar feeds through the C API (feed.c, feeds.c), read back with libical:
 * every feed of the sample data (2020, and 2020-2021) passes libical's own restriction check
 * (checked as if published with METHOD:PUBLISH, so that it applies) with no X-LIC-ERROR anywhere;
 * Chinese text with commas, semicolons, backslashes, newlines and long folded lines comes
 * back exactly; DTEND is the day after the window; UIDs, SEQUENCE and LAST-MODIFIED are
 * stable until an item changes; withdrawn items are cancelled once and revived with a new
 * SEQUENCE; a failed write changes neither the file nor the feed state; the 2020 windows.
 *
 * Run from the repository root (tests/run.sh does): it reads rules/, calendars/, schemas/ and
 * tests/sample/. Three helper modes serve tests/cli/calendar.sh:
 *   test_feed --dump DB RULES FROM TO AS_OF [CONFIG] [--windows] [--open-only]
 *                                             what every feed is meant to hold (JSON lines:
 *                                             one "calendar" line per feed, one "event" line
 *                                             per event), built by feeds_build, not written;
 *   test_feed --tricky DIR                    writes DIR/tricky.ics (state in DIR/tricky.db)
 *                                             from events with awkward text; prints its dump;
 *   test_feed --restrictions FILE...          libical's restriction check of each file: prints
 *                                             every X-LIC-ERROR, exits 1 if there is one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libical/ical.h>

#include "cal.h"
#include "feed.h"
#include "feeds.h"
#include "import.h"
#include "lang.h"
#include "rules.h"
#include "store.h"
#include "testutil.h"

#define T0 ((time_t)1700000000)   /* 2023-11-14T22:13:20Z */

/* ---- small helpers ---- */

static date_t ymd(const char *s)
{
	date_t d;
	if (date_parse(s, &d) < 0)
		abort();
	return d;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[8192];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, k, m);
	fclose(f);
	fclose(m);
	return buf;
}

static char *path_in(const char *dir, const char *name)
{
	static char buf[4][1024];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, sizeof buf[0], "%s/%s", dir, name);
	return p;
}

/* Every row of feed_state as text, to prove a failed run changed none of it. */
static char *state_text(sqlite3 *db)
{
	sqlite3_stmt *q;
	char *out = NULL;
	if (sqlite3_prepare_v2(db, "SELECT group_concat(feed || '|' || uid || '|' || digest || '|' || sequence || '|' || "
				   "created || '|' || last_modified || '|' || cancelled || '|' || start_date || '|' || "
				   "end_date || '|' || summary, char(10)) FROM (SELECT * FROM feed_state ORDER BY feed, uid)",
			       -1, &q, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(q) == SQLITE_ROW)
		out = strdup(sqlite3_column_text(q, 0) ? (const char *)sqlite3_column_text(q, 0) : "");
	sqlite3_finalize(q);
	return out;
}

/* ---- libical's restriction check ---- */

/* Counts X-LIC-ERROR properties in c and below, printing each when verbose. */
static int count_errors(icalcomponent *c, const char *file, bool verbose)
{
	int n = 0;
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		if (verbose)
			fprintf(stderr, "%s: %s: X-LIC-ERROR: %s\n", file, icalcomponent_kind_to_string(icalcomponent_isa(c)),
				icalproperty_get_xlicerror(p));
		n++;
	}
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		n += count_errors(k, file, verbose);
	return n;
}

/* Parses text, runs icalcomponent_check_restrictions on it, and returns the number of
 * X-LIC-ERROR properties in the tree afterwards (parse errors included), or -1 when it is not
 * one VCALENDAR. The feeds carry no METHOD (their DTSTAMP is each item's last revision, which
 * RFC 5545 allows only without one), and libical checks nothing without METHOD: so the check
 * is run as if the calendar were published with METHOD:PUBLISH, the strictest case for a feed
 * (it also demands an ORGANIZER on each event). */
static int restriction_errors(const char *text, const char *file, bool verbose)
{
	icalcomponent *cal = icalparser_parse_string(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		if (verbose)
			fprintf(stderr, "%s: not one VCALENDAR\n", file);
		if (cal)
			icalcomponent_free(cal);
		return -1;
	}
	if (!icalcomponent_get_first_property(cal, ICAL_METHOD_PROPERTY))
		icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	int valid = icalcomponent_check_restrictions(cal);
	int n = count_errors(cal, file, verbose);
	icalcomponent_free(cal);
	return n == 0 && !valid ? 1 : n;
}

static int file_restriction_errors(const char *path, bool verbose)
{
	char *text = slurp(path);
	if (!text)
		return -1;
	int n = restriction_errors(text, path, verbose);
	free(text);
	return n;
}

/* ---- the sample data ---- */

struct sample {
	char dir[64], db[256];
};

/* A fresh store in a new temporary directory with every sample CSV imported. */
static void sample_new(struct sample *s)
{
	tu_tempdir(s->dir, sizeof s->dir);
	sqlite3 *db = tu_new_store(s->dir, "records.db", s->db, sizeof s->db);
	for (const char *const *k = import_kinds(); *k; k++) {
		char csv[256];
		snprintf(csv, sizeof csv, "tests/sample/%s.csv", *k);
		if (access(csv, R_OK) != 0)
			continue;
		struct import_stats st;
		assert_int_equal(import_csv(db, *k, csv, &st), 0);
	}
	sqlite3_close(db);
}

/* Copies rules/ into dir/name (a rule set to edit). */
static void copy_rules(const char *dir, const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", dir, name);
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "cp -R rules '%s'", out);
	assert_int_equal(system(cmd), 0);
}

/* Runs the calendar over [from, to] as of as_of into out at time now, like `yaodian calendar`.
 * Returns feeds_write's result. */
static int calendar_run(const char *db, const char *rules, int from, int to, const char *as_of, const char *out,
			time_t now)
{
	sqlite3 *rw, *ro;
	assert_int_equal(store_open(db, STORE_READWRITE, &rw), 0);
	assert_int_equal(store_open(db, STORE_READONLY, &ro), 0);
	struct calendar *cal = cal_load("calendars");
	assert_non_null(cal);
	struct ruleset *rs = rules_load(rules, NULL, NULL, cal);
	assert_non_null(rs);
	for (size_t i = 0; i < rs->n_problems; i++)
		fprintf(stderr, "%s: %s\n", rs->problems[i].where, rs->problems[i].message);
	assert_int_equal(rs->n_problems, 0);
	rules_attach_db(rs, ro);
	mkdir(out, 0755);
	int n = feeds_write(rs, rw, ro, from, to, ymd(as_of), out, now);
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(ro);
	sqlite3_close(rw);
	return n;
}

/* The *.ics regular files of dir, sorted, joined by spaces; fails if a temporary file is left. */
static void list_feeds(const char *dir, char *out, size_t len)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	assert_true(n >= 0);
	size_t k = 0;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		assert_null(strstr(name, ".tmp"));   /* outfile.c's temporaries: none left */
		size_t nl = strlen(name);
		struct stat st;
		if (nl > 4 && strcmp(name + nl - 4, ".ics") == 0 && stat(path_in(dir, name), &st) == 0 && S_ISREG(st.st_mode))
			k += (size_t)snprintf(out + k, len - k, "%s%s", k ? " " : "", name);
		free(ents[i]);
	}
	free(ents);
}

static int count_in(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Every feed in dir passes the restriction check, and carries what makes the check apply. */
static void expect_valid_feeds(const char *dir, const char *want_files)
{
	char files[2048];
	list_feeds(dir, files, sizeof files);
	assert_string_equal(files, want_files);
	char *save = NULL;
	for (char *f = strtok_r(files, " ", &save); f; f = strtok_r(NULL, " ", &save)) {
		char *text = slurp(path_in(dir, f));
		assert_non_null(text);
		int events = count_in(text, "BEGIN:VEVENT\r\n");
		if (events == 0)
			fail_msg("%s: no events", f);
		assert_null(strstr(text, "\r\nMETHOD:"));   /* DTSTAMP is the last revision: no METHOD */
		assert_int_equal(count_in(text, "\r\nORGANIZER;"), events);
		assert_null(strstr(text, "RSCALE"));
		int errors = restriction_errors(text, f, true);
		if (errors != 0)
			fail_msg("%s/%s: %d restriction errors", dir, f, errors);
		free(text);
	}
}

/* ---- what the feeds hold (feeds_build) ---- */

struct collected {
	char files[2048];   /* the feeds' file names, sorted, joined by spaces */
	int n;              /* how many feeds */
	char *plan;         /* the plan feed's events, one "uid|from|to|summary" per line */
	size_t plan_len;
	FILE *m;
	int plan_events, point_events, festival_events;   /* festival: point-3-6.ics */
};

static int collect(const struct feed *f, void *arg)
{
	struct collected *c = arg;
	if (f->n == 0)   /* a work point no rule enforces: written only if it published before */
		return 0;
	size_t k = strlen(c->files);
	snprintf(c->files + k, sizeof c->files - k, "%s%s", k ? " " : "", f->file);
	c->n++;
	if (strcmp(f->file, "plan.ics") == 0)
		c->plan_events = (int)f->n;
	else if (strncmp(f->file, "point-", 6) == 0)
		c->point_events += (int)f->n;
	if (strcmp(f->file, "point-3-6.ics") == 0)
		c->festival_events = (int)f->n;
	for (size_t i = 0; i < f->n; i++) {
		const struct feed_event *e = &f->events[i];
		assert_true(e->from <= e->to);
		if (strcmp(f->file, "plan.ics") == 0) {
			char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
			date_format(e->from, a);
			date_format(e->to, b);
			fprintf(c->m, "%s|%s|%s|%s\n", e->uid, a, b, e->summary);
		}
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What feeds_build makes of db and rules over [from, to]: c->plan to be freed. */
static void build(const char *db, const char *rules, int from, int to, struct collected *c)
{
	memset(c, 0, sizeof *c);
	c->m = open_memstream(&c->plan, &c->plan_len);
	sqlite3 *ro;
	assert_int_equal(store_open(db, STORE_READONLY, &ro), 0);
	struct calendar *cal = cal_load("calendars");
	struct ruleset *rs = rules_load(rules, NULL, NULL, cal);
	rules_attach_db(rs, ro);
	assert_true(feeds_build(rs, ro, from, to, ymd("2021-01-15"), collect, c) >= c->n);
	fclose(c->m);
	/* sort the names, as list_feeds does */
	char *names[256], *save = NULL;
	size_t k = 0;
	char copy[sizeof c->files];
	memcpy(copy, c->files, sizeof copy);
	for (char *t = strtok_r(copy, " ", &save); t && k < 256; t = strtok_r(NULL, " ", &save))
		names[k++] = t;
	qsort(names, k, sizeof *names, by_name);
	char sorted[sizeof c->files] = "";
	for (size_t i = 0; i < k; i++)
		snprintf(sorted + strlen(sorted), sizeof sorted - strlen(sorted), "%s%s", i ? " " : "", names[i]);
	memcpy(c->files, sorted, sizeof sorted);
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(ro);
}


/* Every generated feed passes libical's restriction check: 2020, 2020-2021, and after a rule
 * file is withdrawn (cancelled items). The feeds written are exactly those feeds_build makes. */
static void sample_feeds_pass_restrictions(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	char out[256], rules[256];
	struct collected c;
	build(s.db, "rules", 2020, 2020, &c);
	free(c.plan);
	assert_true(c.n >= 6);   /* plan, two work points at least, three units */
	snprintf(out, sizeof out, "%s/2020", s.dir);
	assert_int_equal(calendar_run(s.db, "rules", 2020, 2020, "2021-01-15", out, T0), c.n);
	expect_valid_feeds(out, c.files);

	struct sample s2;
	sample_new(&s2);
	build(s2.db, "rules", 2020, 2021, &c);
	free(c.plan);
	snprintf(out, sizeof out, "%s/2020-2021", s2.dir);
	assert_int_equal(calendar_run(s2.db, "rules", 2020, 2021, "2021-01-15", out, T0), c.n);
	expect_valid_feeds(out, c.files);

	/* The festival rules withdrawn: their items come back STATUS:CANCELLED, still valid. */
	assert_true(c.festival_events >= 8);   /* 春节, 六一, 中秋, 国庆 in two years */
	copy_rules(s2.dir, "rules", rules, sizeof rules);
	assert_int_equal(unlink(path_in(rules, "3-6_festivals.lua")), 0);
	assert_int_equal(unlink(path_in(rules, "01_obligations.lua")), 0);   /* it names the festival rules */
	assert_int_equal(calendar_run(s2.db, rules, 2020, 2021, "2021-01-15", out, T0 + 60), c.n);
	expect_valid_feeds(out, c.files);
	char *plan = slurp(path_in(out, "plan.ics"));
	assert_int_equal(count_in(plan, "STATUS:CANCELLED"), c.festival_events);
	assert_int_equal(count_in(plan, "BEGIN:VEVENT"), c.plan_events);
	free(plan);
	tu_rmtree(s.dir);
	tu_rmtree(s2.dir);
}

/* The check is not vacuous: the same feed without an ORGANIZER, or without DTSTART, fails it. */
static void restriction_check_bites(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	char out[256];
	snprintf(out, sizeof out, "%s/feeds", s.dir);
	assert_true(calendar_run(s.db, "rules", 2020, 2020, "2021-01-15", out, T0) >= 6);
	char *text = slurp(path_in(out, "point-3-6.ics"));
	assert_int_equal(restriction_errors(text, "point-3-6.ics", false), 0);

	icalcomponent *cal = icalparser_parse_string(text);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	assert_non_null(org);
	icalcomponent_remove_property(ev, org);
	icalproperty_free(org);
	char *broken = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	assert_true(restriction_errors(broken, "no ORGANIZER", false) > 0);
	free(broken);

	char *nostart = strdup(text);
	char *p = strstr(nostart, "DTSTART;VALUE=DATE:");
	assert_non_null(p);
	memcpy(p, "X-DTSTART", 9);   /* same length: DTSTART;VA -> X-DTSTART; the event loses DTSTART */
	assert_true(restriction_errors(nostart, "no DTSTART", false) > 0);
	free(nostart);
	free(text);
	tu_rmtree(s.dir);
}

/* ---- awkward text, round-tripped through libical ---- */

/* A description long enough to be folded several times in the middle of Chinese text, with
 * every character TEXT escaping is about, and a four-byte character near the fold points. */
static const char TRICKY_DESC[] =
	"条款:三、6 利用节假日开展系列主题活动\n"
	"原文:利用春节、六一、中秋、国庆等节日,组织部门职工子女到农村联系点、联系社区开展爱心助孤、慰问贫困学生等关爱活动。"
	"开展为干部职工子女赠书活动。积极配合有关部门,开展“老少牵手、温暖童心”行动。\n"
	"要求:逗号,分号;冒号:反斜杠\\和斜杠/;ASCII, comma; semicolon: colon\n"
	"\t制表符\t与   多个空格   以及 emoji 😀🎉 和 𠀀 (U+20000)\n"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa中文在折行处中文在折行处\n"
	"最后一行";

struct tricky {
	const char *uid, *from, *to, *summary, *description, *categories;
	int remind;
};

static const struct tricky TRICKY[] = {
	{"tricky/1@t.yaodian", "2020-05-22", "2020-06-06", "六一关爱活动, 含逗号; 含分号 \\ 反斜杠", TRICKY_DESC,
	 "关心下一代工作,三、6,high", 10},
	{"tricky/2@t.yaodian", "2020-10-01", "2020-10-01", "国庆:一天的窗口", "一天:DTEND 是 2020-10-02", "国庆", 0},
	{"tricky/3@t.yaodian", "2020-02-29", "2021-01-01", "跨年 and leap day", "", "a b,c", -1},
	{"tricky/4@t.yaodian", "2020-12-31", "2020-12-31", "[通过] 四有:有办公场所",
	 "状态:通过 — 有办公场所 1 处\n佐证:offices:BGS-O1, offices:BGS-O2", "关心下一代工作,一、2,medium", 7},
};
#define N_TRICKY (sizeof TRICKY / sizeof *TRICKY)
#define TRICKY_NAME "测试, 日历; 名称 \\ 反斜杠\n换行"

static void tricky_feed(struct feed *f, size_t n)
{
	memset(f, 0, sizeof *f);
	f->file = strdup("tricky.ics");
	f->name = strdup(TRICKY_NAME);
	f->description = strdup("测试:转义, 折行; 与 UTF-8");
	for (size_t i = 0; i < n && i < N_TRICKY; i++)
		assert_int_equal(feed_add(f, TRICKY[i].uid, ymd(TRICKY[i].from), ymd(TRICKY[i].to), TRICKY[i].summary,
					  TRICKY[i].description, TRICKY[i].categories, TRICKY[i].remind),
				 0);
}

static const char *ical_date_iso(struct icaltimetype t)
{
	static char buf[DATE_ISO_LEN];
	assert_true(t.is_date);
	date_format(date_from_ymd(t.year, t.month, t.day), buf);
	return buf;
}

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(ev), uid) == 0)
			return ev;
	return NULL;
}

static icalcomponent *parse_file(const char *path)
{
	char *text = slurp(path);
	assert_non_null(text);
	icalcomponent *cal = icalparser_parse_string(text);
	free(text);
	assert_non_null(cal);
	return cal;
}

static const char *x_value(icalcomponent *cal, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY))
		if (strcmp(icalproperty_get_x_name(p), name) == 0)
			return icalproperty_get_x(p);
	return NULL;
}

static void tricky_text_round_trip(void **state)
{
	(void)state;
	char dir[64], dbp[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "t.db", dbp, sizeof dbp);
	struct feed f;
	tricky_feed(&f, N_TRICKY);
	/* A backslash before 'n', ',' or ';': python3-icalendar 4.0.3 reads the escaped "\\\\n"
	 * as a backslash and a newline, "\\\\\\," as a bare ',' (measured), so this one is
	 * checked with libical only, not in --tricky. */
	assert_int_equal(feed_add(&f, "tricky/5@t.yaodian", ymd("2020-06-01"), ymd("2020-06-01"), "反斜杠\\n",
				  "C:\\new\\table 不是换行, \\, 和 \\; 不是转义", "", 1),
			 0);
	assert_int_equal(feed_write(db, &f, dir, T0), 0);
	feed_free(&f);
	char *text = slurp(path_in(dir, "tricky.ics"));
	assert_int_equal(restriction_errors(text, "tricky.ics", true), 0);
	/* Folded lines stay within 75 octets and never split a UTF-8 sequence. */
	for (const char *line = text; *line;) {
		const char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 75);
		if (*line == ' ')
			assert_false((line[1] & 0xc0) == 0x80);
		line = end + 2;
	}
	free(text);

	icalcomponent *cal = parse_file(path_in(dir, "tricky.ics"));
	/* ical.js reads NAME and X-WR-CALNAME unescaped: the name is published without , ; \ or
	 * newlines, as ， ； ＼ and a space */
	const char *plain = "测试\xef\xbc\x8c 日历\xef\xbc\x9b 名称 \xef\xbc\xbc 反斜杠 换行";
	assert_string_equal(icalproperty_get_name(icalcomponent_get_first_property(cal, ICAL_NAME_PROPERTY)), plain);
	assert_string_equal(x_value(cal, "X-WR-CALNAME"), plain);
	icalproperty *org = icalcomponent_get_first_property(icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT),
								ICAL_ORGANIZER_PROPERTY);
	assert_string_equal(icalparameter_get_cn(icalproperty_get_first_parameter(org, ICAL_CN_PARAMETER)), plain);
	assert_string_equal(x_value(cal, "X-PUBLISHED-TTL"), "P1D");
	struct icaldurationtype ri =
		icalproperty_get_refreshinterval(icalcomponent_get_first_property(cal, ICAL_REFRESHINTERVAL_PROPERTY));
	assert_int_equal(icaldurationtype_as_int(ri), 86400);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), (int)N_TRICKY + 1);
	icalcomponent *e5 = find_event(cal, "tricky/5@t.yaodian");
	assert_string_equal(icalcomponent_get_summary(e5), "反斜杠\\n");
	assert_string_equal(icalcomponent_get_description(e5), "C:\\new\\table 不是换行, \\, 和 \\; 不是转义");
	assert_null(icalcomponent_get_first_property(e5, ICAL_CATEGORIES_PROPERTY));
	for (size_t i = 0; i < N_TRICKY; i++) {
		const struct tricky *t = &TRICKY[i];
		icalcomponent *ev = find_event(cal, t->uid);
		assert_non_null(ev);
		assert_string_equal(icalcomponent_get_summary(ev), t->summary);
		/* an empty DESCRIPTION is left out: libical itself would not read "DESCRIPTION:" back */
		const char *desc = icalcomponent_get_description(ev);
		assert_string_equal(desc ? desc : "", t->description);
		assert_int_equal(icalcomponent_count_properties(ev, ICAL_DESCRIPTION_PROPERTY), *t->description ? 1 : 0);
		assert_string_equal(ical_date_iso(icalcomponent_get_dtstart(ev)), t->from);
		char after[DATE_ISO_LEN];
		date_format(ymd(t->to) + 1, after);
		assert_string_equal(ical_date_iso(icalcomponent_get_dtend(ev)), after);
		char cats[256] = "";
		for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
		     p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY))
			snprintf(cats + strlen(cats), sizeof cats - strlen(cats), "%s%s", *cats ? "," : "",
				 icalproperty_get_categories(p));
		assert_string_equal(cats, t->categories);
		assert_int_equal(icalcomponent_get_sequence(ev), 0);
		assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
		icalcomponent *a = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
		if (t->remind < 0) {
			assert_null(a);
			continue;
		}
		assert_non_null(a);
		struct icaltriggertype trig =
			icalproperty_get_trigger(icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY));
		assert_true(icaltime_is_null_time(trig.time));
		/* remind days before the deadline: from the start of a one-day item, else from its
		 * DTEND (the day after the deadline) */
		bool one_day = strcmp(t->from, t->to) == 0;
		assert_int_equal(icaldurationtype_as_int(trig.duration), -(t->remind + (one_day ? 0 : 1)) * 86400);
		icalparameter *rel = icalproperty_get_first_parameter(icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY),
								      ICAL_RELATED_PARAMETER);
		assert_int_equal(rel ? icalparameter_get_related(rel) : ICAL_RELATED_START, one_day ? ICAL_RELATED_START : ICAL_RELATED_END);
	}
	icalcomponent_free(cal);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* ---- state: stable UIDs, SEQUENCE, LAST-MODIFIED, cancelled and revived ---- */

struct seen {
	int sequence;
	char status[16], last_modified[20], dtstamp[20], created[20];
	bool alarm;
};

static void stamp_of(icalcomponent *ev, icalproperty_kind k, char out[20])
{
	icalproperty *p = icalcomponent_get_first_property(ev, k);
	assert_non_null(p);
	struct icaltimetype t = icalvalue_get_datetime(icalproperty_get_value(p));
	assert_true(icaltime_is_utc(t));
	snprintf(out, 20, "%04d%02d%02dT%02d%02d%02dZ", t.year, t.month, t.day, t.hour, t.minute, t.second);
}

static bool seen_in(const char *path, const char *uid, struct seen *s)
{
	icalcomponent *cal = parse_file(path);
	icalcomponent *ev = find_event(cal, uid);
	if (ev) {
		s->sequence = icalcomponent_get_sequence(ev);
		snprintf(s->status, sizeof s->status, "%s", icalproperty_status_to_string(icalcomponent_get_status(ev)));
		stamp_of(ev, ICAL_LASTMODIFIED_PROPERTY, s->last_modified);
		stamp_of(ev, ICAL_DTSTAMP_PROPERTY, s->dtstamp);
		stamp_of(ev, ICAL_CREATED_PROPERTY, s->created);
		s->alarm = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT) != NULL;
	}
	icalcomponent_free(cal);
	return ev != NULL;
}

/* TRICKY[i] in the feed at path: its SEQUENCE, STATUS, LAST-MODIFIED (= DTSTAMP), the CREATED
 * of its first publication, and a VALARM exactly when it is confirmed and has a reminder. */
static void expect_seen(const char *path, size_t i, int seq, const char *status, const char *lm)
{
	const char *uid = TRICKY[i].uid;
	struct seen s;
	if (!seen_in(path, uid, &s))
		fail_msg("%s: no %s", path, uid);
	assert_int_equal(s.sequence, seq);
	assert_string_equal(s.status, status);
	assert_string_equal(s.last_modified, lm);
	assert_string_equal(s.dtstamp, lm);
	assert_string_equal(s.created, "20231114T221320Z");
	assert_int_equal(s.alarm, strcmp(status, "CONFIRMED") == 0 && TRICKY[i].remind >= 0);
}

static void write_feed(sqlite3 *db, const char *dir, struct feed *f, time_t now)
{
	assert_int_equal(feed_write(db, f, dir, now), 0);
	feed_free(f);
}

static void sequence_lifecycle(void **state)
{
	(void)state;
	char dir[64], dbp[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "t.db", dbp, sizeof dbp);
	const char *file = path_in(dir, "tricky.ics");
	struct feed f;

	tricky_feed(&f, N_TRICKY);
	write_feed(db, dir, &f, T0);
	char *first = slurp(file);
	for (size_t i = 0; i < N_TRICKY; i++)
		expect_seen(file, i, 0, "CONFIRMED", "20231114T221320Z");

	/* The same items an hour later: byte for byte the same feed. */
	tricky_feed(&f, N_TRICKY);
	write_feed(db, dir, &f, T0 + 3600);
	char *second = slurp(file);
	assert_string_equal(second, first);
	free(second);

	/* One item's description changes: only it gets SEQUENCE 1 and the new time. */
	tricky_feed(&f, N_TRICKY);
	free(f.events[1].description);
	f.events[1].description = strdup("一天:改过的说明");
	write_feed(db, dir, &f, T0 + 7200);
	expect_seen(file, 1, 1, "CONFIRMED", "20231115T001320Z");
	expect_seen(file, 0, 0, "CONFIRMED", "20231114T221320Z");
	expect_seen(file, 3, 0, "CONFIRMED", "20231114T221320Z");

	/* Its reminder changes too (the description as before the last run): SEQUENCE 2. */
	tricky_feed(&f, N_TRICKY);
	free(f.events[1].description);
	f.events[1].description = strdup("一天:改过的说明");
	f.events[1].remind_days = 3;
	write_feed(db, dir, &f, T0 + 7260);
	expect_seen(file, 1, 2, "CONFIRMED", "20231115T001420Z");

	/* Dates change (same UID): SEQUENCE 3. */
	tricky_feed(&f, N_TRICKY);
	free(f.events[1].description);
	f.events[1].description = strdup("一天:改过的说明");
	f.events[1].remind_days = 3;
	f.events[1].to += 1;
	write_feed(db, dir, &f, T0 + 7320);
	expect_seen(file, 1, 3, "CONFIRMED", "20231115T001520Z");

	/* The last item is withdrawn: cancelled, SEQUENCE 1, no reminder. */
	tricky_feed(&f, N_TRICKY - 1);
	f.events[1].description = (free(f.events[1].description), strdup("一天:改过的说明"));
	f.events[1].remind_days = 3;
	f.events[1].to += 1;
	write_feed(db, dir, &f, T0 + 10800);
	expect_seen(file, 3, 1, "CANCELLED", "20231115T011320Z");
	expect_seen(file, 1, 3, "CONFIRMED", "20231115T001520Z");
	expect_seen(file, 0, 0, "CONFIRMED", "20231114T221320Z");
	char *cancelled = slurp(file);

	/* Still withdrawn a day later: still cancelled, not bumped again, the same bytes. */
	tricky_feed(&f, N_TRICKY - 1);
	f.events[1].description = (free(f.events[1].description), strdup("一天:改过的说明"));
	f.events[1].remind_days = 3;
	f.events[1].to += 1;
	write_feed(db, dir, &f, T0 + 86400);
	expect_seen(file, 3, 1, "CANCELLED", "20231115T011320Z");
	char *again = slurp(file);
	assert_string_equal(again, cancelled);
	free(again);
	free(cancelled);

	/* Back again: confirmed, SEQUENCE 2, with its reminder. */
	tricky_feed(&f, N_TRICKY);
	f.events[1].description = (free(f.events[1].description), strdup("一天:改过的说明"));
	f.events[1].remind_days = 3;
	f.events[1].to += 1;
	write_feed(db, dir, &f, T0 + 2 * 86400);
	expect_seen(file, 3, 2, "CONFIRMED", "20231116T221320Z");
	expect_seen(file, 0, 0, "CONFIRMED", "20231114T221320Z");

	/* A feed of another name keeps its own state: the same UIDs start at SEQUENCE 0. */
	tricky_feed(&f, N_TRICKY);
	free(f.file);
	f.file = strdup("other.ics");
	write_feed(db, dir, &f, T0);
	expect_seen(path_in(dir, "other.ics"), 1, 0, "CONFIRMED", "20231114T221320Z");
	free(first);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* A feed that cannot be written: -1, a diagnostic naming the path, the old file and the feed
 * state untouched, and nothing left behind. */
static void failed_write_changes_nothing(void **state)
{
	(void)state;
	char dir[64], dbp[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "t.db", dbp, sizeof dbp);
	struct feed f;
	tricky_feed(&f, N_TRICKY);
	write_feed(db, dir, &f, T0);
	char *before = state_text(db);

	/* The target is a directory: the rename fails. */
	char target[256];
	snprintf(target, sizeof target, "%s/sub", dir);
	assert_int_equal(mkdir(target, 0755), 0);
	assert_int_equal(mkdir(path_in(target, "tricky.ics"), 0755), 0);
	tricky_feed(&f, 2);   /* would cancel two items and bump them */
	struct tu_capture c;
	tu_capture_begin(&c);
	assert_int_equal(feed_write(db, &f, target, T0 + 60), -1);
	char *msg = tu_capture_end(&c);
	assert_non_null(strstr(msg, path_in(target, "tricky.ics")));
	free(msg);
	char *after = state_text(db);
	assert_string_equal(after, before);
	free(after);
	char files[512];
	list_feeds(target, files, sizeof files);
	assert_string_equal(files, "");
	struct stat st;
	assert_int_equal(stat(path_in(target, "tricky.ics"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	/* The directory does not exist. */
	tu_capture_begin(&c);
	assert_int_equal(feed_write(db, &f, path_in(dir, "missing"), T0 + 60), -1);
	msg = tu_capture_end(&c);
	assert_non_null(strstr(msg, path_in(dir, "missing/tricky.ics")));
	free(msg);
	after = state_text(db);
	assert_string_equal(after, before);
	free(after);
	feed_free(&f);

	/* The old feed is as it was, and a later good write bumps once, not twice. */
	tricky_feed(&f, 2);
	write_feed(db, dir, &f, T0 + 120);
	expect_seen(path_in(dir, "tricky.ics"), 3, 1, "CANCELLED", "20231114T221520Z");
	list_feeds(dir, files, sizeof files);
	assert_string_equal(files, "tricky.ics");
	free(before);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* The 2020 windows in the plan feed, by hand: 六一 2020-05-22..2020-06-06; 中秋 and 国庆 both
 * around 2020-10-01; 春节 around 2020-01-25; the quarters. Every plan item is in exactly one
 * work point's feed. */
static void plan_windows_2020(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	struct collected c;
	build(s.db, "rules", 2020, 2020, &c);
	assert_non_null(strstr(c.files, "plan.ics point-"));
	assert_non_null(strstr(c.files, " point-1-2.ics "));
	assert_non_null(strstr(c.files, " point-3-6.ics "));
	assert_non_null(strstr(c.files, " unit-BGS.ics unit-JYS.ics unit-ZFZD.ics"));
	assert_non_null(strstr(c.plan, "3.6-childrens-day/2020-05-22@sn-amr-gxxyd-2020.yaodian|2020-05-22|2020-06-06|"
					"六一关爱活动\n"));
	assert_non_null(strstr(c.plan, "3.6-mid-autumn/2020-09-21@sn-amr-gxxyd-2020.yaodian|2020-09-21|2020-10-08|"
					"中秋关爱活动\n"));
	assert_non_null(strstr(c.plan, "3.6-national-day/2020-09-24@sn-amr-gxxyd-2020.yaodian|2020-09-24|2020-10-08|"
					"国庆关爱活动\n"));
	assert_non_null(strstr(c.plan, "3.6-spring-festival/2020-01-10@sn-amr-gxxyd-2020.yaodian|2020-01-10|2020-02-09|"
					"春节关爱活动\n"));
	/* A window of more than a month is one item on its deadline day, under the window's UID. */
	assert_non_null(strstr(c.plan, "1.2-office/2020-10-01@sn-amr-gxxyd-2020.yaodian|2020-12-31|2020-12-31|"
					"截止:四有:有办公场所\n"));
	assert_null(strstr(c.plan, "|2020-10-01|2020-12-31|"));
	assert_null(strstr(c.plan, "/window@"));
	assert_int_equal(count_in(c.plan, "\n"), c.plan_events);
	assert_int_equal(c.point_events, c.plan_events);
	int one_year = c.plan_events;
	free(c.plan);

	/* Two years: twice the plan items; 2021's 六一 window is 2021-05-22..2021-06-06. */
	build(s.db, "rules", 2020, 2021, &c);
	assert_int_equal(c.plan_events, 2 * one_year);
	assert_non_null(strstr(c.plan, "|2021-05-22|2021-06-06|六一关爱活动\n"));
	free(c.plan);
	tu_rmtree(s.dir);
}

/* Running a shorter span of years after a longer one on the same database does not withdraw
 * the items of the years left out: they are simply not in this feed, and come back unchanged. */
static void narrower_years_withdraw_nothing(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	struct collected c;
	build(s.db, "rules", 2020, 2020, &c);
	free(c.plan);
	char out[256];
	snprintf(out, sizeof out, "%s/feeds", s.dir);
	assert_int_equal(calendar_run(s.db, "rules", 2020, 2021, "2021-01-15", out, T0), c.n);
	assert_int_equal(calendar_run(s.db, "rules", 2020, 2020, "2021-01-15", out, T0 + 60), c.n);
	char *plan = slurp(path_in(out, "plan.ics"));
	assert_null(strstr(plan, "CANCELLED"));
	assert_null(strstr(plan, "DTSTART;VALUE=DATE:2021"));
	assert_int_equal(count_in(plan, "BEGIN:VEVENT"), c.plan_events);
	free(plan);
	assert_int_equal(calendar_run(s.db, "rules", 2021, 2021, "2021-01-15", out, T0 + 120), c.n);
	plan = slurp(path_in(out, "plan.ics"));
	assert_null(strstr(plan, "CANCELLED"));
	assert_null(strstr(plan, "DTSTART;VALUE=DATE:2020"));
	free(plan);
	assert_int_equal(calendar_run(s.db, "rules", 2020, 2021, "2021-01-15", out, T0 + 180), c.n);
	plan = slurp(path_in(out, "plan.ics"));
	assert_null(strstr(plan, "SEQUENCE:1"));
	assert_int_equal(count_in(plan, "SEQUENCE:0"), 2 * c.plan_events);
	free(plan);
	sqlite3 *db;
	assert_int_equal(store_open(s.db, STORE_READONLY, &db), 0);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM feed_state WHERE sequence > 0 OR cancelled", -1, &q,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	tu_rmtree(s.dir);
}

/* A small plan of two work points, each with one rule, for withdrawing a whole work point. */
static const char MINI_PLAN[] =
	"plan { id = 'mini', title = '小计划', issued = '2020-01-01', effective = '2020-01-01', year = 2020,\n"
	"  clauses = { { id = '一、1', title = '甲', text = '每季度开展一次活动。' },\n"
	"              { id = '三、6', title = '乙', text = '利用春节、六一、中秋、国庆等节日开展活动。' } } }\n";
static const char MINI_QUARTER[] =
	"rule { id = 'q', clause = '一、1', text = '每季度开展一次活动', title = '季度活动', due = 'quarter',\n"
	"  remind = 3, check = function(ctx) return pass('ok', {}) end }\n";
static const char MINI_FESTIVAL[] =
	"rule { id = 'f', clause = '三、6', text = '六一', title = '六一活动',\n"
	"  due = { festival = '六一', before = 10, after = 5 },\n"
	"  check = function(ctx) return fail('none', { looked_for = 'activities' }) end }\n";

/* Withdrawing every rule of a work point still rewrites that work point's feed, with its items
 * cancelled: it is not left behind still announcing them. */
static void withdrawn_point_is_cancelled(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	char out[256], rules[256];
	snprintf(out, sizeof out, "%s/feeds", s.dir);
	snprintf(rules, sizeof rules, "%s/mini", s.dir);
	assert_int_equal(mkdir(rules, 0755), 0);
	tu_write(rules, "00_plan.lua", MINI_PLAN);
	tu_write(rules, "1_q.lua", MINI_QUARTER);
	tu_write(rules, "2_f.lua", MINI_FESTIVAL);
	/* plan, point-1-1, point-3-6, the three units */
	assert_int_equal(calendar_run(s.db, rules, 2020, 2020, "2021-01-15", out, T0), 6);
	char *point = slurp(path_in(out, "point-3-6.ics"));
	assert_int_equal(count_in(point, "BEGIN:VEVENT"), 1);
	assert_non_null(strstr(point, "DTSTART;VALUE=DATE:20200522\r\nDTEND;VALUE=DATE:20200607\r\n"));
	/* the default reminder, 7 days before the deadline 06-06: 8 days before DTEND */
	assert_non_null(strstr(point, "TRIGGER;RELATED=END:-P8D\r\n"));
	assert_int_equal(count_in(point, "BEGIN:VALARM"), 1);   /* no prepare: no reminder before it opens */
	free(point);

	assert_int_equal(unlink(path_in(rules, "2_f.lua")), 0);
	assert_int_equal(calendar_run(s.db, rules, 2020, 2020, "2021-01-15", out, T0 + 60), 6);
	point = slurp(path_in(out, "point-3-6.ics"));
	assert_int_equal(count_in(point, "BEGIN:VEVENT"), 1);
	assert_int_equal(count_in(point, "STATUS:CANCELLED"), 1);
	assert_int_equal(count_in(point, "SEQUENCE:1"), 1);
	assert_non_null(strstr(point, "LAST-MODIFIED:20231114T221420Z"));
	assert_null(strstr(point, "BEGIN:VALARM"));
	free(point);
	char *unit = slurp(path_in(out, "unit-BGS.ics"));
	assert_int_equal(count_in(unit, "STATUS:CANCELLED"), 1);
	assert_int_equal(count_in(unit, "STATUS:CONFIRMED"), 4);
	free(unit);
	expect_valid_feeds(out, "plan.ics point-1-1.ics point-3-6.ics unit-BGS.ics unit-JYS.ics unit-ZFZD.ics");

	/* Once more: still cancelled, SEQUENCE still 1; then back: SEQUENCE 2. */
	assert_int_equal(calendar_run(s.db, rules, 2020, 2020, "2021-01-15", out, T0 + 120), 6);
	point = slurp(path_in(out, "point-3-6.ics"));
	assert_int_equal(count_in(point, "SEQUENCE:1"), 1);
	free(point);
	tu_write(rules, "2_f.lua", MINI_FESTIVAL);
	assert_int_equal(calendar_run(s.db, rules, 2020, 2020, "2021-01-15", out, T0 + 180), 6);
	point = slurp(path_in(out, "point-3-6.ics"));
	assert_int_equal(count_in(point, "STATUS:CONFIRMED"), 1);
	assert_int_equal(count_in(point, "SEQUENCE:2"), 1);
	free(point);
	tu_rmtree(s.dir);
}

/* ---- deadlines and their reminders ---- */

static const char MINI_DEADLINE[] =
	"rule { id = 'q', clause = '一、1', text = '每季度开展一次活动', title = '季度活动', due = 'quarter',\n"
	"  remind = 3, prepare = 5, check = function(ctx) return pass('ok', {}) end }\n"
	"rule { id = 'w', clause = '一、1', text = '每季度开展一次活动', title = '半年活动', due = 'half',\n"
	"  remind = 4, prepare = 6, show_window = true, check = function(ctx) return pass('ok', {}) end }\n";

/* The VALARM triggers of the event uid in cal, in seconds, as "[RELATED=END ]-N" joined by
 * spaces (in file order). */
static void triggers_of(icalcomponent *cal, const char *uid, char *out, size_t len)
{
	icalcomponent *ev = find_event(cal, uid);
	assert_non_null(ev);
	out[0] = '\0';
	for (icalcomponent *a = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT); a;
	     a = icalcomponent_get_next_component(ev, ICAL_VALARM_COMPONENT)) {
		icalproperty *p = icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY);
		icalparameter *rel = icalproperty_get_first_parameter(p, ICAL_RELATED_PARAMETER);
		bool end = rel && icalparameter_get_related(rel) == ICAL_RELATED_END;
		size_t k = strlen(out);
		snprintf(out + k, len - k, "%s%s%d", k ? " " : "", end ? "END " : "",
			 icaldurationtype_as_int(icalproperty_get_trigger(p).duration) / 86400);
	}
}

/* A quarter (more than a month) is one item on its deadline day, reminded `remind` days
 * before the deadline and `prepare` days before the quarter opens (counted from that item);
 * with show_window, the window is a second item that carries the preparation reminder, and
 * the deadline item only the deadline's. */
static void deadline_items_and_reminders(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	char out[256], rules[256];
	snprintf(out, sizeof out, "%s/feeds", s.dir);
	snprintf(rules, sizeof rules, "%s/mini", s.dir);
	assert_int_equal(mkdir(rules, 0755), 0);
	tu_write(rules, "00_plan.lua", MINI_PLAN);
	tu_write(rules, "1_q.lua", MINI_DEADLINE);
	assert_int_equal(calendar_run(s.db, rules, 2020, 2020, "2021-01-15", out, T0), 5);
	icalcomponent *cal = parse_file(path_in(out, "point-1-1.ics"));
	assert_non_null(cal);
	/* 4 quarters, 2 halves with their windows */
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 4 + 2 * 2);
	icalcomponent *q1 = find_event(cal, "q/2020-01-01@mini.yaodian");
	assert_string_equal(ical_date_iso(icalcomponent_get_dtstart(q1)), "2020-03-31");
	assert_string_equal(ical_date_iso(icalcomponent_get_dtend(q1)), "2020-04-01");
	assert_string_equal(icalcomponent_get_summary(q1), "截止:季度活动");
	char trig[128];
	triggers_of(cal, "q/2020-01-01@mini.yaodian", trig, sizeof trig);
	assert_string_equal(trig, "-3 -95");   /* 03-28; 12-27 = 01-01 - 5 = 03-31 - 90 - 5 */
	triggers_of(cal, "q/2020-04-01@mini.yaodian", trig, sizeof trig);
	assert_string_equal(trig, "-3 -95");   /* 06-27; 03-27 = 04-01 - 5 = 06-30 - 90 - 5 */
	triggers_of(cal, "w/2020-01-01@mini.yaodian", trig, sizeof trig);
	assert_string_equal(trig, "-4");       /* the deadline 06-30 only */
	icalcomponent *h1 = find_event(cal, "w/2020-01-01/window@mini.yaodian");
	assert_non_null(h1);
	assert_string_equal(ical_date_iso(icalcomponent_get_dtstart(h1)), "2020-01-01");
	assert_string_equal(ical_date_iso(icalcomponent_get_dtend(h1)), "2020-07-01");
	assert_string_equal(icalcomponent_get_summary(h1), "半年活动");
	triggers_of(cal, "w/2020-01-01/window@mini.yaodian", trig, sizeof trig);
	assert_string_equal(trig, "-6");       /* before it opens */
	icalcomponent_free(cal);
	/* the unit feeds alike, with the status in front */
	cal = parse_file(path_in(out, "unit-BGS.ics"));
	assert_string_equal(icalcomponent_get_summary(find_event(cal, "q/2020-10-01/BGS@mini.yaodian")), "[通过] 截止:季度活动");
	triggers_of(cal, "q/2020-10-01/BGS@mini.yaodian", trig, sizeof trig);
	assert_string_equal(trig, "-3 -96");   /* Q4: 10-01..12-31 is 91 days */
	icalcomponent_free(cal);
	tu_rmtree(s.dir);
}

/* ---- feed state per plan ---- */

/* The rows of feed_state of plan, as text. Caller frees. */
static char *plan_state(const char *dbpath, const char *plan)
{
	sqlite3 *db;
	assert_int_equal(store_open(dbpath, STORE_READONLY, &db), 0);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(feed || '|' || uid || '|' || sequence || '|' || cancelled, char(10)) "
					    "FROM (SELECT * FROM feed_state WHERE plan_id = ? ORDER BY feed, uid)", -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(q, 1, plan, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	char *text = strdup(sqlite3_column_text(q, 0) ? (const char *)sqlite3_column_text(q, 0) : "");
	sqlite3_finalize(q);
	sqlite3_close(db);
	return text;
}

/* feeds_write_opts over the rules in dir rules (no problems expected). */
static int plan_run(const char *dbpath, const char *rules, const char *out, time_t now, bool new_plan)
{
	sqlite3 *rw, *ro;
	assert_int_equal(store_open(dbpath, STORE_READWRITE, &rw), 0);
	assert_int_equal(store_open(dbpath, STORE_READONLY, &ro), 0);
	struct calendar *cal = cal_load("calendars");
	struct ruleset *rs = rules_load(rules, NULL, NULL, cal);
	assert_int_equal(rs->n_problems, 0);
	rules_attach_db(rs, ro);
	mkdir(out, 0755);
	struct feeds_opts o = {.new_plan = new_plan};
	int n = feeds_write_opts(rs, rw, ro, 2020, 2020, ymd("2021-01-15"), out, now, &o);
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(ro);
	sqlite3_close(rw);
	return n;
}

/* Another plan's rules are refused (-2, with a diagnostic naming both plans, nothing
 * changed); with new_plan they are published without cancelling or re-sequencing anything
 * of the first plan, whose state is kept for when it comes back. */
static void another_plan_cancels_nothing(void **state)
{
	(void)state;
	struct sample s;
	sample_new(&s);
	char out[256], a[256], b[256];
	snprintf(out, sizeof out, "%s/feeds", s.dir);
	snprintf(a, sizeof a, "%s/a", s.dir);
	snprintf(b, sizeof b, "%s/b", s.dir);
	assert_int_equal(mkdir(a, 0755), 0);
	assert_int_equal(mkdir(b, 0755), 0);
	tu_write(a, "00_plan.lua", MINI_PLAN);
	tu_write(a, "1_q.lua", MINI_QUARTER);
	char plan_b[sizeof MINI_PLAN + 8];
	const char *id = strstr(MINI_PLAN, "'mini'");
	assert_non_null(id);
	snprintf(plan_b, sizeof plan_b, "%.*s'mini-b'%s", (int)(id - MINI_PLAN), MINI_PLAN, id + strlen("'mini'"));
	tu_write(b, "00_plan.lua", plan_b);
	tu_write(b, "1_f.lua", MINI_FESTIVAL);

	assert_int_equal(plan_run(s.db, a, out, T0, false), 5);
	char *first = plan_state(s.db, "mini");
	char *feed1 = slurp(path_in(out, "point-1-1.ics"));
	assert_int_equal(count_in(first, "\n") + 1, 4 + 4 + 3 * 4);   /* plan.ics, point-1-1, three units */

	struct tu_capture c;
	tu_capture_begin(&c);
	assert_int_equal(plan_run(s.db, b, out, T0 + 60, false), -2);
	char *msg = tu_capture_end(&c);
	assert_non_null(strstr(msg, "“mini”"));
	assert_non_null(strstr(msg, "“mini-b”"));
	assert_non_null(strstr(msg, "--new-plan"));
	free(msg);
	char *still = plan_state(s.db, "mini");
	assert_string_equal(still, first);
	free(still);

	assert_int_equal(plan_run(s.db, b, out, T0 + 120, true), 5);
	still = plan_state(s.db, "mini");
	assert_string_equal(still, first);   /* nothing cancelled, no SEQUENCE raised */
	free(still);
	char *second = plan_state(s.db, "mini-b");
	assert_non_null(strstr(second, "point-3-6.ics|f/2020-05-22@mini-b.yaodian|0|0"));
	free(second);
	char *plan = slurp(path_in(out, "plan.ics"));
	assert_null(strstr(plan, "STATUS:CANCELLED"));
	assert_null(strstr(plan, "@mini.yaodian"));
	free(plan);

	/* back to the first plan: its feed exactly as it was */
	assert_int_equal(plan_run(s.db, a, out, T0 + 180, false), -2);
	assert_int_equal(plan_run(s.db, a, out, T0 + 180, true), 5);
	char *feed2 = slurp(path_in(out, "point-1-1.ics"));
	assert_string_equal(feed2, feed1);
	free(feed1);
	free(feed2);
	free(first);
	tu_rmtree(s.dir);
}

/* ---- helper modes for tests/cli/calendar.sh ---- */

static json_t *event_json(const char *file, const struct feed_event *e)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(e->from, a);
	date_format(e->to + 1, b);
	json_t *cats = json_array();
	char *copy = strdup(e->categories), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(cats, json_string(t));
	free(copy);
	char start[DATE_ISO_LEN];
	date_format(e->start, start);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:i, s:s, s:b}", "kind", "event", "file", file,
			 "uid", e->uid, "dtstart", a, "dtend", b, "summary", e->summary, "description", e->description,
			 "categories", cats, "remind_days", e->remind_days, "prepare_days", e->prepare_days, "start",
			 start, "hidden", e->hidden);
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	puts(s);
	free(s);
	json_decref(j);
}

static int dump_sink(const struct feed *f, void *arg)
{
	(void)arg;
	print_json(json_pack("{s:s, s:s, s:s, s:s}", "kind", "calendar", "file", f->file, "name", f->name,
			     "description", f->description ? f->description : f->name));
	for (size_t i = 0; i < f->n; i++)
		print_json(event_json(f->file, &f->events[i]));
	return 0;
}

static int dump(const char *db, const char *rules, const char *from, const char *to, const char *as_of,
		const char *config, const struct feeds_opts *o)
{
	sqlite3 *ro;
	date_t d;
	if (store_open(db, STORE_READONLY, &ro) < 0 || date_parse(as_of, &d) < 0)
		return 2;
	struct calendar *cal = cal_load("calendars");
	struct ruleset *rs = cal ? rules_load(rules, config, NULL, cal) : NULL;
	int n = -1;
	if (rs) {
		rules_attach_db(rs, ro);
		n = feeds_build_opts(rs, ro, atoi(from), atoi(to), d, o, dump_sink, NULL);
	}
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(ro);
	return n < 0 ? 1 : 0;
}

static int tricky_mode(const char *dir)
{
	char dbp[512];
	mkdir(dir, 0755);
	sqlite3 *db = tu_new_store(dir, "tricky.db", dbp, sizeof dbp);
	struct feed f;
	tricky_feed(&f, N_TRICKY);
	int rc = feed_write(db, &f, dir, T0);
	if (rc == 0)
		dump_sink(&f, NULL);
	feed_free(&f);
	sqlite3_close(db);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 7 && strcmp(argv[1], "--dump") == 0) {
		struct feeds_opts o = {0};
		const char *config = NULL;
		for (int i = 7; i < argc; i++)
			if (strcmp(argv[i], "--windows") == 0)
				o.windows = true;
			else if (strcmp(argv[i], "--open-only") == 0)
				o.open_only = true;
			else
				config = argv[i];
		return dump(argv[2], argv[3], argv[4], argv[5], argv[6], config, &o);
	}
	if (argc == 3 && strcmp(argv[1], "--tricky") == 0)
		return tricky_mode(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "--restrictions") == 0) {
		int bad = 0;
		for (int i = 2; i < argc; i++)
			if (file_restriction_errors(argv[i], true) != 0) {
				fprintf(stderr, "%s: fails libical's restriction check\n", argv[i]);
				bad = 1;
			}
		icalmemory_free_ring();
		return bad;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_feeds_pass_restrictions),
		cmocka_unit_test(restriction_check_bites),
		cmocka_unit_test(tricky_text_round_trip),
		cmocka_unit_test(sequence_lifecycle),
		cmocka_unit_test(failed_write_changes_nothing),
		cmocka_unit_test(plan_windows_2020),
		cmocka_unit_test(narrower_years_withdraw_nothing),
		cmocka_unit_test(withdrawn_point_is_cancelled),
		cmocka_unit_test(deadline_items_and_reminders),
		cmocka_unit_test(another_plan_cancels_nothing),
	};
	int rc = cmocka_run_group_tests_name("feed", tests, NULL, NULL);
	icalmemory_free_ring();
	return rc;
}
