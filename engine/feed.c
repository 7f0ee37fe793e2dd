/* feed.c — one iCalendar feed through libical, with the published state kept in the store. */
#include "feed.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "diag.h"
#include "lang.h"
#include "outfile.h"
#include "vec.h"

#define PRODID "-//yaodian//yaodian 0.1//ZH"
#define ORGANIZER_URI "urn:yaodian:plan"

/* ---- the event list ---- */

static char *dup0(const char *s) { return strdup(s ? s : ""); }

int feed_add(struct feed *f, const char *uid, date_t from, date_t to, const char *summary,
	     const char *description, const char *categories, int remind_days)
{
	if (vec_reserve(&f->events, &f->cap, f->n + 1, sizeof *f->events) < 0)
		return -1;
	struct feed_event *e = &f->events[f->n];
	*e = (struct feed_event){.uid = dup0(uid), .from = from, .to = to, .summary = dup0(summary),
				 .description = dup0(description), .categories = dup0(categories),
				 .remind_days = remind_days};
	if (!e->uid || !e->summary || !e->description || !e->categories) {
		free(e->uid), free(e->summary), free(e->description), free(e->categories);
		return -1;
	}
	f->n++;
	return 0;
}

void feed_free(struct feed *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->events[i].uid);
		free(f->events[i].summary);
		free(f->events[i].description);
		free(f->events[i].categories);
	}
	free(f->events);
	free(f->file);
	free(f->name);
	free(f->description);
	memset(f, 0, sizeof *f);
}

/* ---- state kept in the database ---- */

struct state {
	bool found, cancelled;
	int sequence;
	char created[20], last_modified[20];
};

/* FNV-1a over everything an event publishes, as 16 hex digits. */
static void digest(const struct feed_event *e, char out[17])
{
	uint64_t h = 14695981039346656037ull;
	char head[64];
	snprintf(head, sizeof head, "%d|%d|%d|", (int)e->from, (int)e->to, e->remind_days);
	const char *parts[] = {head, e->summary, "\x1f", e->description, "\x1f", e->categories};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void utc_stamp(time_t t, char out[20])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y%m%dT%H%M%SZ", &tm);
}

/* Reads the state of uid in feed, if any. Returns 0 or -1. */
static int state_get(sqlite3 *db, const char *feed, const char *uid, char dig[17], struct state *st)
{
	sqlite3_stmt *q;
	memset(st, 0, sizeof *st);
	int rc = sqlite3_prepare_v2(db, "SELECT digest, sequence, created, last_modified, cancelled FROM feed_state "
					"WHERE feed = ? AND uid = ?", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, uid, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		st->found = true;
		snprintf(dig, 17, "%s", (const char *)sqlite3_column_text(q, 0));
		st->sequence = sqlite3_column_int(q, 1);
		snprintf(st->created, sizeof st->created, "%s", (const char *)sqlite3_column_text(q, 2));
		snprintf(st->last_modified, sizeof st->last_modified, "%s", (const char *)sqlite3_column_text(q, 3));
		st->cancelled = sqlite3_column_int(q, 4);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int state_put(sqlite3 *db, const char *feed, const struct feed_event *e, const char *dig,
		     const struct state *st)
{
	sqlite3_stmt *q;
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(e->from, a);
	date_format(e->to, b);
	int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO feed_state (feed, uid, digest, sequence, created, "
					"last_modified, cancelled, start_date, end_date, summary, description, categories, "
					"remind_days) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, e->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, dig, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, st->sequence);
	sqlite3_bind_text(q, 5, st->created, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, st->last_modified, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, st->cancelled);
	sqlite3_bind_text(q, 8, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, b, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, e->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, e->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, e->categories, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 13, e->remind_days);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Brings the state of e up to date: a new item starts at SEQUENCE 0; a changed (or revived)
 * one gets SEQUENCE + 1 and LAST-MODIFIED now. */
static int track(sqlite3 *db, const char *feed, const struct feed_event *e, const char *now, struct state *st)
{
	char old[17] = "", dig[17];
	digest(e, dig);
	if (state_get(db, feed, e->uid, old, st) < 0)
		return -1;
	if (!st->found) {
		snprintf(st->created, sizeof st->created, "%s", now);
		snprintf(st->last_modified, sizeof st->last_modified, "%s", now);
	} else if (strcmp(old, dig) != 0 || st->cancelled) {
		st->sequence++;
		snprintf(st->last_modified, sizeof st->last_modified, "%s", now);
	} else
		return 0;
	st->cancelled = false;
	return state_put(db, feed, e, dig, st);
}

/* ---- building the VCALENDAR ---- */

static struct icaltimetype ical_date(date_t d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	struct icaltimetype t = icaltime_null_date();
	t.year = y, t.month = m, t.day = dd;
	return t;
}

static struct icaltimetype ical_utc(const char *stamp)
{
	struct icaltimetype t = icaltime_from_string(stamp);
	return icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
}

static void add_categories(icalcomponent *ev, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
		icalcomponent_add_property(ev, icalproperty_new_categories(tok));
	free(copy);
}

static icalcomponent *alarm(const struct feed_event *e)
{
	struct icaltriggertype trig = icaltriggertype_from_int(0);
	trig.duration = icaldurationtype_null_duration();
	trig.duration.is_neg = 1;
	trig.duration.days = (unsigned)e->remind_days;
	char text[1024];
	snprintf(text, sizeof text, "%s%s", tr("提醒:", "Reminder: "), e->summary);
	return icalcomponent_vanew(ICAL_VALARM_COMPONENT, icalproperty_new_action(ICAL_ACTION_DISPLAY),
				   icalproperty_new_trigger(trig), icalproperty_new_description(text), (void *)0);
}

/* Adds a TEXT property unless value is empty: libical writes "DESCRIPTION:" but refuses it
 * when reading the feed back (X-LIC-ERROR "No value"). */
static void add_text(icalcomponent *c, icalproperty *(*make)(const char *), const char *value)
{
	if (value && *value)
		icalcomponent_add_property(c, make(value));
}

static icalcomponent *vevent(const struct feed_event *e, const struct state *st, const char *organizer_cn)
{
	icalproperty *org = icalproperty_new_organizer(ORGANIZER_URI);
	if (*organizer_cn)
		icalproperty_add_parameter(org, icalparameter_new_cn(organizer_cn));
	icalcomponent *ev = icalcomponent_vanew(
		ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e->uid),
		icalproperty_new_dtstamp(ical_utc(st->last_modified)), icalproperty_new_dtstart(ical_date(e->from)),
		icalproperty_new_dtend(ical_date(e->to + 1)), (void *)0);
	add_text(ev, icalproperty_new_summary, e->summary);
	add_text(ev, icalproperty_new_description, e->description);
	icalcomponent_add_property(ev, icalproperty_new_sequence(st->sequence));
	icalcomponent_add_property(ev, icalproperty_new_created(ical_utc(st->created)));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(ical_utc(st->last_modified)));
	icalcomponent_add_property(ev, icalproperty_new_status(st->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(ev, org);
	add_categories(ev, e->categories);
	if (e->remind_days >= 0 && !st->cancelled)
		icalcomponent_add_component(ev, alarm(e));
	return ev;
}

/* The calendar's name as it is published: ical.js (Thunderbird) reads NAME and X-WR-CALNAME
 * without unescaping them, and libical does not escape ',' and ';' in X- properties, so the
 * name carries nothing that would need escaping: ',' ';' '\\' become their full-width forms
 * (， ； ＼), control characters (newlines) a space. Caller frees. */
static char *plain_name(const char *in)
{
	char *out = malloc(3 * strlen(in) + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		const char *wide = *p == ',' ? "\xef\xbc\x8c" : *p == ';' ? "\xef\xbc\x9b" : *p == '\\' ? "\xef\xbc\xbc" : NULL;
		if (wide)
			memcpy(o, wide, 3), o += 3;
		else
			*o++ = *p < 0x20 || *p == 0x7f ? ' ' : (char)*p;
	}
	*o = '\0';
	return out;
}

static icalproperty *x_prop(const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);
	icalproperty_set_x_name(p, name);
	return p;
}

/* The VCALENDAR of f, named name (plain_name). */
static icalcomponent *vcalendar(const struct feed *f, const char *name)
{
	struct icaldurationtype day = icaldurationtype_null_duration();
	day.days = 1;
	icalproperty *refresh = icalproperty_new_refreshinterval(day);
	icalproperty_add_parameter(refresh, icalparameter_new_value(ICAL_VALUE_DURATION));
	icalcomponent *cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
						 icalproperty_new_prodid(PRODID), icalproperty_new_calscale("GREGORIAN"),
						 icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
	add_text(cal, icalproperty_new_name, name);
	add_text(cal, icalproperty_new_description, f->description && *f->description ? f->description : f->name);
	if (*name)
		icalcomponent_add_property(cal, x_prop("X-WR-CALNAME", name));
	icalcomponent_add_property(cal, refresh);
	icalcomponent_add_property(cal, x_prop("X-PUBLISHED-TTL", "P1D"));
	return cal;
}

/* ---- withdrawn items ---- */

static int has_uid(const struct feed *f, const char *uid)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->events[i].uid, uid) == 0)
			return 1;
	return 0;
}

/* Binds the first and last day of f's years to parameters i and i + 1 of q. */
static void bind_years(sqlite3_stmt *q, int i, const struct feed *f)
{
	char a[DATE_ISO_LEN] = "0000-00-00", b[DATE_ISO_LEN] = "9999-99-99";
	if (f->from_year > 0 && f->to_year >= f->from_year) {
		date_format(date_from_ymd(f->from_year, 1, 1), a);
		date_format(date_from_ymd(f->to_year, 12, 31), b);
	}
	sqlite3_bind_text(q, i, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, i + 1, b, -1, SQLITE_TRANSIENT);
}

/* Adds, as STATUS:CANCELLED, every item this feed published before in its years but does not
 * hold now; the first time, its SEQUENCE goes up and LAST-MODIFIED becomes now. Items of
 * other years are not withdrawn, only outside this run (a feed for 2020 after one for
 * 2020-2021 leaves 2021's items alone). */
static int add_withdrawn(sqlite3 *db, const struct feed *f, const char *name, icalcomponent *cal, const char *now)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, "SELECT uid, digest, sequence, created, last_modified, cancelled, start_date, "
				   "end_date, summary, description, categories FROM feed_state WHERE feed = ? "
				   "AND start_date BETWEEN ? AND ? ORDER BY uid",
			       -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, f->file, -1, SQLITE_STATIC);
	bind_years(q, 2, f);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *uid = (const char *)sqlite3_column_text(q, 0);
		if (has_uid(f, uid))
			continue;
		struct state st = {.found = true, .cancelled = true, .sequence = sqlite3_column_int(q, 2)};
		snprintf(st.created, sizeof st.created, "%s", (const char *)sqlite3_column_text(q, 3));
		snprintf(st.last_modified, sizeof st.last_modified, "%s", (const char *)sqlite3_column_text(q, 4));
		struct feed_event e = {.uid = (char *)uid, .summary = (char *)sqlite3_column_text(q, 8),
				       .description = (char *)sqlite3_column_text(q, 9),
				       .categories = (char *)sqlite3_column_text(q, 10), .remind_days = -1};
		if (date_parse((const char *)sqlite3_column_text(q, 6), &e.from) < 0 ||
		    date_parse((const char *)sqlite3_column_text(q, 7), &e.to) < 0)
			continue;
		if (!sqlite3_column_int(q, 5)) {
			st.sequence++;
			snprintf(st.last_modified, sizeof st.last_modified, "%s", now);
			if (state_put(db, f->file, &e, (const char *)sqlite3_column_text(q, 1), &st) < 0)
				break;
		}
		icalcomponent_add_component(cal, vevent(&e, &st, name));
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int feed_published(sqlite3 *db, const struct feed *f)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM feed_state WHERE feed = ? AND start_date BETWEEN ? AND ? LIMIT 1",
				    -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, f->file, -1, SQLITE_STATIC);
		bind_years(q, 2, f);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		diag(sqlite3_db_filename(db, "main"), 0, "feed_state", "%s", sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- writing ---- */

/* Writes text to a finished temporary file for dir/file, kept in *out until committed. */
static int stage_text(const char *dir, const char *file, const char *text, struct outfile *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (outfile_open(out, path) < 0)
		return -1;
	return outfile_finish(out, fputs(text, out->fp) >= 0);
}

int feed_stage(sqlite3 *db, const struct feed *f, const char *dir, time_t now_t, struct outfile *out)
{
	char now[20];
	utc_stamp(now_t, now);
	char *name = plain_name(f->name);
	if (!name) {
		diag(f->file, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	icalcomponent *cal = vcalendar(f, name);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < f->n; i++) {
		struct state st;
		rc = track(db, f->file, &f->events[i], now, &st);
		if (rc == 0)
			icalcomponent_add_component(cal, vevent(&f->events[i], &st, name));
	}
	if (rc == 0)
		rc = add_withdrawn(db, f, name, cal, now);
	if (rc < 0)
		diag(sqlite3_db_filename(db, "main"), 0, "feed_state", "%s", sqlite3_errmsg(db));
	char *text = rc == 0 ? icalcomponent_as_ical_string_r(cal) : NULL;
	icalcomponent_free(cal);
	free(name);
	if (rc == 0)
		rc = text ? stage_text(dir, f->file, text, out) : -1;
	icalmemory_free_buffer(text);
	return rc;
}

int feed_begin(sqlite3 *db)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	diag(sqlite3_db_filename(db, "main"), 0, NULL, "%s: %s", tr("数据库忙或只读", "database busy or read-only"),
	     sqlite3_errmsg(db));
	return -1;
}

int feed_end(sqlite3 *db, struct outfile *staged, size_t n, int rc)
{
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = outfile_commit(&staged[i]);
		else
			outfile_abort(&staged[i]);
	}
	if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		diag(sqlite3_db_filename(db, "main"), 0, "feed_state", "%s", sqlite3_errmsg(db));
		rc = -1;
	}
	if (rc != 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int feed_write(sqlite3 *db, const struct feed *f, const char *dir, time_t now)
{
	struct outfile out = {0};
	if (feed_begin(db) < 0)
		return -1;
	int rc = feed_stage(db, f, dir, now, &out);
	return feed_end(db, &out, rc == 0 ? 1 : 0, rc);
}
