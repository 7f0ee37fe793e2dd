/* feed_bench.c — how much the calendar's feed writer costs over writing the same events with
 * raw libical (issue 12, item 5). tests/bench.sh runs it; nothing here asserts a time.
 *
 *   feed_bench DB RULES FROM TO AS_OF DIR
 *
 * builds every feed `yaodian calendar` would write (feeds_build: the rules, the check) once,
 * untimed, then times in CPU seconds, best of three:
 *   raw      each feed's events as a VCALENDAR built with libical (the same properties and
 *            alarms), serialised and written to DIR/raw/<file> with fwrite and fsync (and
 *            once more without fsync, to show what syncing costs);
 *   engine   the engine's writer (feed_begin, feed_stage, feed_end: the feed state read and
 *            updated in one transaction, temporary files synced and renamed) into DIR/engine
 *            with a fresh state database, every item new;
 *   again    the same once more: every item unchanged, no file rewritten;
 * and prints one line per measurement and the ratios. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libical/ical.h>

#include "cal.h"
#include "feed.h"
#include "feeds.h"
#include "outfile.h"
#include "rules.h"
#include "store.h"
#include "vec.h"

struct kept {
	struct feed *v;
	size_t n, cap;
	size_t events;
};

static char *dupe(const char *s) { return s ? strdup(s) : NULL; }

/* Keeps a deep copy of each feed feeds_build hands over. */
static int keep(const struct feed *f, void *arg)
{
	struct kept *k = arg;
	if (vec_reserve(&k->v, &k->cap, k->n + 1, sizeof *k->v) < 0)
		return -1;
	struct feed *c = &k->v[k->n++];
	memset(c, 0, sizeof *c);
	c->plan = dupe(f->plan), c->file = dupe(f->file), c->name = dupe(f->name), c->description = dupe(f->description);
	c->from_year = f->from_year, c->to_year = f->to_year;
	for (size_t i = 0; i < f->n; i++) {
		const struct feed_event *e = &f->events[i];
		if (feed_add(c, e->uid, e->from, e->to, e->summary, e->description, e->categories, e->remind_days) < 0)
			return -1;
		c->events[c->n - 1].prepare_days = e->prepare_days;
		c->events[c->n - 1].start = e->start;
		c->events[c->n - 1].hidden = e->hidden;
	}
	k->events += f->n;
	return 0;
}

/* CPU seconds of this process (user + system): on a machine shared with other work, wall
 * time measures the neighbours as much as the code. (Waiting for fsync costs no CPU: the
 * synced and unsynced raw writers show what the disk adds.) */
static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct icaltimetype day(date_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	struct icaltimetype t = icaltime_null_date();
	t.year = y, t.month = m, t.day = dd;
	return t;
}

static icalcomponent *raw_alarm(const char *summary, int days, int end)
{
	struct icaltriggertype trig = icaltriggertype_from_int(0);
	trig.duration = icaldurationtype_null_duration();
	trig.duration.is_neg = 1;
	trig.duration.days = (unsigned)days;
	icalproperty *tp = icalproperty_new_trigger(trig);
	if (end)
		icalproperty_add_parameter(tp, icalparameter_new_related(ICAL_RELATED_END));
	return icalcomponent_vanew(ICAL_VALARM_COMPONENT, icalproperty_new_action(ICAL_ACTION_DISPLAY), tp,
				   icalproperty_new_description(summary), (void *)0);
}

/* The same event as the engine publishes it, with libical and nothing else. */
static icalcomponent *raw_event(const struct feed_event *e, struct icaltimetype stamp)
{
	icalcomponent *ev = icalcomponent_vanew(
		ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e->uid), icalproperty_new_dtstamp(stamp),
		icalproperty_new_dtstart(day(e->from)), icalproperty_new_dtend(day(e->to + 1)),
		icalproperty_new_summary(e->summary), (void *)0);
	if (*e->description)
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	icalcomponent_add_property(ev, icalproperty_new_sequence(0));
	icalcomponent_add_property(ev, icalproperty_new_created(stamp));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(stamp));
	icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(ev, icalproperty_new_organizer("urn:yaodian:plan"));
	char *copy = strdup(e->categories), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		icalcomponent_add_property(ev, icalproperty_new_categories(t));
	free(copy);
	if (e->remind_days >= 0)
		icalcomponent_add_component(ev, raw_alarm(e->summary, e->remind_days + (e->from != e->to), e->from != e->to));
	if (e->prepare_days >= 0)
		icalcomponent_add_component(ev, raw_alarm(e->summary, (int)(e->from - e->start) + e->prepare_days, 0));
	return ev;
}

static int raw_write(const struct kept *k, const char *dir, int sync)
{
	struct icaltimetype stamp = icaltime_from_timet_with_zone(1700000000, 0, icaltimezone_get_utc_timezone());
	for (size_t i = 0; i < k->n; i++) {
		const struct feed *f = &k->v[i];
		icalcomponent *cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
							 icalproperty_new_prodid("-//bench//raw//ZH"), (void *)0);
		icalcomponent_add_property(cal, icalproperty_new_name(f->name));
		for (size_t j = 0; j < f->n; j++)
			if (!f->events[j].hidden)
				icalcomponent_add_component(cal, raw_event(&f->events[j], stamp));
		char *text = icalcomponent_as_ical_string_r(cal);
		char path[8400];
		snprintf(path, sizeof path, "%s/%s", dir, f->file);
		FILE *fp = fopen(path, "w");
		int bad = !fp || fputs(text, fp) < 0 || fflush(fp) != 0 || (sync && fsync(fileno(fp)) != 0);
		if (fp)
			fclose(fp);
		icalmemory_free_buffer(text);
		icalcomponent_free(cal);
		if (bad)
			return -1;
	}
	return 0;
}

static int engine_write(const struct kept *k, sqlite3 *db, const char *dir, time_t now)
{
	struct outfile *staged = calloc(k->n ? k->n : 1, sizeof *staged);
	if (!staged || feed_begin(db) < 0) {
		free(staged);
		return -1;
	}
	int rc = 0;
	size_t n = 0;
	for (; rc == 0 && n < k->n; n++)
		rc = feed_stage(db, &k->v[n], dir, now, &staged[n]);
	rc = feed_end(db, staged, rc == 0 ? n : n - 1, rc);
	free(staged);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: feed_bench DB RULES FROM TO AS_OF DIR\n");
		return 2;
	}
	sqlite3 *ro;
	date_t as_of;
	struct calendar *cal = cal_load("calendars");
	if (!cal || store_open(argv[1], STORE_READONLY, &ro) < 0 || date_parse(argv[5], &as_of) < 0)
		return 1;
	struct ruleset *rs = rules_load(argv[2], NULL, NULL, cal);
	if (!rs)
		return 1;
	rules_attach_db(rs, ro);
	struct kept k = {0};
	double t0 = now_s();
	int rc = feeds_build(rs, ro, atoi(argv[3]), atoi(argv[4]), as_of, keep, &k) < 0;
	double build = now_s() - t0;
	char raw[4096], eng[4096], state[4096];
	snprintf(raw, sizeof raw, "%s/raw", argv[6]);
	snprintf(eng, sizeof eng, "%s/engine", argv[6]);
	mkdir(argv[6], 0755), mkdir(raw, 0755), mkdir(eng, 0755);
	double best_raw = 1e9, best_eng = 1e9, best_again = 1e9, best_unsynced = 1e9;
	for (int run = 0; rc == 0 && run < 3; run++) {
		t0 = now_s();
		rc |= raw_write(&k, raw, 1);
		double t = now_s() - t0;
		best_raw = t < best_raw ? t : best_raw;
		t0 = now_s();
		rc |= raw_write(&k, raw, 0);
		t = now_s() - t0;
		best_unsynced = t < best_unsynced ? t : best_unsynced;
		snprintf(state, sizeof state, "%s/state-%d.db", argv[6], run);
		sqlite3 *db;
		if (store_open(state, STORE_CREATE, &db) < 0 || store_migrate(db, state, "schemas") < 0)
			return 1;
		char cmd[8300];
		snprintf(cmd, sizeof cmd, "rm -f '%s'/*.ics", eng);
		rc |= system(cmd) != 0;
		t0 = now_s();
		rc |= engine_write(&k, db, eng, 1700000000) < 0;
		t = now_s() - t0;
		best_eng = t < best_eng ? t : best_eng;
		t0 = now_s();
		rc |= engine_write(&k, db, eng, 1700003600) < 0;
		t = now_s() - t0;
		best_again = t < best_again ? t : best_again;
		sqlite3_close(db);
	}
	if (rc == 0) {
		printf("feeds: %zu, events: %zu (building them, the check included: %.3fs)\n", k.n, k.events, build);
		printf("feeds written by the engine vs raw libical (same events, each file synced; CPU time): %.2fx (%.3fs vs %.3fs)\n",
		       best_eng / best_raw, best_eng, best_raw);
		printf("feeds re-run with nothing changed vs raw libical: %.2fx (%.3fs vs %.3fs)\n", best_again / best_raw,
		       best_again, best_raw);
		printf("raw libical without syncing the files: %.3fs (the engine's first run is %.2fx that)\n", best_unsynced,
		       best_eng / best_unsynced);
	}
	for (size_t i = 0; i < k.n; i++)
		feed_free(&k.v[i]);
	free(k.v);
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(ro);
	icalmemory_free_ring();
	return rc ? 1 : 0;
}
