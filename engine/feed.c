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
#include "slurp.h"
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
				 .remind_days = remind_days, .prepare_days = -1, .start = from};
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
	free(f->plan);
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
	char head[96];
	snprintf(head, sizeof head, "%d|%d|%d|%d|%d|", (int)e->from, (int)e->to, e->remind_days, e->prepare_days,
		 e->prepare_days >= 0 ? (int)e->start : 0);
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

static const char *plan_of(const struct feed *f) { return f->plan ? f->plan : ""; }

/* One item the feed published before: a row of feed_state for its plan and file. */
struct prior {
	char *uid, *summary, *description, *categories;
	char digest[17];
	struct state st;
	date_t from, to;
	bool seen;        /* the feed holds it now (or hides it) */
};

/* Everything a feed published before, sorted by UID (byte order), read with one query. */
struct priors {
	struct prior *v;
	size_t n, cap;
};

static void priors_free(struct priors *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].uid);
		free(p->v[i].summary);
		free(p->v[i].description);
		free(p->v[i].categories);
	}
	free(p->v);
}

static char *col_dup(sqlite3_stmt *q, int i) { return dup0((const char *)sqlite3_column_text(q, i)); }

/* Appends the row q is on. Returns 0 or -1 (out of memory, or a row that is not readable). */
static int prior_add(struct priors *p, sqlite3_stmt *q)
{
	if (vec_reserve(&p->v, &p->cap, p->n + 1, sizeof *p->v) < 0)
		return -1;
	struct prior *r = &p->v[p->n];
	memset(r, 0, sizeof *r);
	r->uid = col_dup(q, 0), r->summary = col_dup(q, 8), r->description = col_dup(q, 9), r->categories = col_dup(q, 10);
	snprintf(r->digest, sizeof r->digest, "%s", (const char *)sqlite3_column_text(q, 1));
	r->st = (struct state){.found = true, .sequence = sqlite3_column_int(q, 2), .cancelled = sqlite3_column_int(q, 5)};
	snprintf(r->st.created, sizeof r->st.created, "%s", (const char *)sqlite3_column_text(q, 3));
	snprintf(r->st.last_modified, sizeof r->st.last_modified, "%s", (const char *)sqlite3_column_text(q, 4));
	p->n++;
	if (!r->uid || !r->summary || !r->description || !r->categories ||
	    date_parse((const char *)sqlite3_column_text(q, 6), &r->from) < 0 ||
	    date_parse((const char *)sqlite3_column_text(q, 7), &r->to) < 0)
		return -1;
	return 0;
}

/* Reads what f published before (under its plan). Returns 0, or -1 (p then holds what was read). */
static int priors_load(sqlite3 *db, const struct feed *f, struct priors *p)
{
	sqlite3_stmt *q;
	memset(p, 0, sizeof *p);
	if (sqlite3_prepare_v2(db, "SELECT uid, digest, sequence, created, last_modified, cancelled, start_date, "
				   "end_date, summary, description, categories FROM feed_state WHERE plan_id = ? "
				   "AND feed = ? ORDER BY uid",
			       -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, plan_of(f), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, f->file, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (prior_add(p, q) < 0)
			break;
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int by_uid(const void *key, const void *elem)
{
	return strcmp(key, ((const struct prior *)elem)->uid);
}

static struct prior *priors_find(const struct priors *p, const char *uid)
{
	return p->n ? bsearch(uid, p->v, p->n, sizeof *p->v, by_uid) : NULL;
}

#define PUT_SQL \
	"INSERT OR REPLACE INTO feed_state (plan_id, feed, uid, digest, sequence, created, last_modified, " \
	"cancelled, start_date, end_date, summary, description, categories, remind_days) " \
	"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

/* Stores the state of e in feed f with the prepared PUT_SQL statement q. Returns 0 or -1. */
static int state_put(sqlite3_stmt *q, const struct feed *f, const struct feed_event *e, const char *dig,
		     const struct state *st)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(e->from, a);
	date_format(e->to, b);
	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, plan_of(f), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, f->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, e->uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, dig, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 5, st->sequence);
	sqlite3_bind_text(q, 6, st->created, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, st->last_modified, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 8, st->cancelled);
	sqlite3_bind_text(q, 9, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 10, b, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 11, e->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, e->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 13, e->categories, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 14, e->remind_days);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Brings the state of e (prior: what it published before, or NULL) up to date: a new item
 * starts at SEQUENCE 0; a changed (or revived) one gets SEQUENCE + 1 and LAST-MODIFIED now;
 * an unchanged one keeps its state and is not written. */
static int track(sqlite3_stmt *put, const struct feed *f, const struct feed_event *e, struct prior *prior,
		 const char *now, struct state *st)
{
	char dig[17];
	digest(e, dig);
	memset(st, 0, sizeof *st);
	if (prior) {
		prior->seen = true;
		*st = prior->st;
		if (strcmp(prior->digest, dig) == 0 && !st->cancelled)
			return 0;
		st->sequence++;
		snprintf(st->last_modified, sizeof st->last_modified, "%s", now);
	} else {
		snprintf(st->created, sizeof st->created, "%s", now);
		snprintf(st->last_modified, sizeof st->last_modified, "%s", now);
	}
	st->found = true;
	st->cancelled = false;
	return state_put(put, f, e, dig, st);
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

/* A UTC time written YYYYMMDDTHHMMSSZ (utc_stamp), read without libical's general parser. */
static struct icaltimetype ical_utc(const char *stamp)
{
	struct icaltimetype t = icaltime_null_time();
	if (sscanf(stamp, "%4d%2d%2dT%2d%2d%2dZ", &t.year, &t.month, &t.day, &t.hour, &t.minute, &t.second) != 6)
		return icaltime_null_time();
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

static void add_categories(icalcomponent *ev, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
		icalcomponent_add_property(ev, icalproperty_new_categories(tok));
	free(copy);
}

/* A VALARM `days` days before the event's start, or with end, before its DTEND (RFC 5545
 * TRIGGER;RELATED=END). The text is label followed by the event's summary. */
static icalcomponent *alarm(const char *label, const char *summary, int days, bool end)
{
	struct icaltriggertype trig = icaltriggertype_from_int(0);
	trig.duration = icaldurationtype_null_duration();
	trig.duration.is_neg = days > 0;
	trig.duration.days = (unsigned)days;
	icalproperty *tp = icalproperty_new_trigger(trig);
	if (end)
		icalproperty_add_parameter(tp, icalparameter_new_related(ICAL_RELATED_END));
	char text[1024];
	snprintf(text, sizeof text, "%s%s", label, summary);
	return icalcomponent_vanew(ICAL_VALARM_COMPONENT, icalproperty_new_action(ICAL_ACTION_DISPLAY), tp,
				   icalproperty_new_description(text), (void *)0);
}

/* The reminders of a live event: remind_days before the deadline (its last day: from the
 * start of a one-day event, else from DTEND, which is the day after), and prepare_days before
 * the first day of the window it stands for. */
static void add_alarms(icalcomponent *ev, const struct feed_event *e)
{
	if (e->remind_days >= 0)
		icalcomponent_add_component(ev, e->from == e->to ? alarm(tr("提醒:", "Reminder: "), e->summary, e->remind_days, false)
								 : alarm(tr("提醒:", "Reminder: "), e->summary, e->remind_days + 1, true));
	if (e->prepare_days >= 0)
		icalcomponent_add_component(ev, alarm(tr("准备:", "Prepare: "), e->summary,
						      (int)(e->from - e->start) + e->prepare_days, false));
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
	if (!st->cancelled)
		add_alarms(ev, e);
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
						 (void *)0);
	add_text(cal, icalproperty_new_name, name);
	add_text(cal, icalproperty_new_description, f->description && *f->description ? f->description : f->name);
	if (*name)
		icalcomponent_add_property(cal, x_prop("X-WR-CALNAME", name));
	icalcomponent_add_property(cal, refresh);
	icalcomponent_add_property(cal, x_prop("X-PUBLISHED-TTL", "P1D"));
	return cal;
}

/* ---- withdrawn items ---- */

/* Whether an item starting on d lies in f's years (0: every year). */
static bool in_years(const struct feed *f, date_t d)
{
	if (f->from_year <= 0 || f->to_year < f->from_year)
		return true;
	return d >= date_from_ymd(f->from_year, 1, 1) && d <= date_from_ymd(f->to_year, 12, 31);
}

/* Adds, as STATUS:CANCELLED, every item this feed published before in its years but neither
 * holds nor hides now; the first time, its SEQUENCE goes up and LAST-MODIFIED becomes now.
 * Items of other years are not withdrawn, only outside this run (a feed for 2020 after one
 * for 2020-2021 leaves 2021's items alone), nor items of another plan. */
static int add_withdrawn(sqlite3_stmt *put, const struct feed *f, struct priors *p, const char *name,
			 icalcomponent *cal, const char *now)
{
	for (size_t i = 0; i < p->n; i++) {
		struct prior *r = &p->v[i];
		if (r->seen || !in_years(f, r->from))
			continue;
		struct state st = r->st;
		struct feed_event e = {.uid = r->uid, .from = r->from, .to = r->to, .summary = r->summary,
				       .description = r->description, .categories = r->categories,
				       .remind_days = -1, .prepare_days = -1, .start = r->from};
		if (!st.cancelled) {
			st.sequence++;
			st.cancelled = true;
			snprintf(st.last_modified, sizeof st.last_modified, "%s", now);
			if (state_put(put, f, &e, r->digest, &st) < 0)
				return -1;
		}
		icalcomponent_add_component(cal, vevent(&e, &st, name));
	}
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

int feed_published(sqlite3 *db, const struct feed *f)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM feed_state WHERE plan_id = ? AND feed = ? "
				    "AND start_date BETWEEN ? AND ? LIMIT 1", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, plan_of(f), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, f->file, -1, SQLITE_STATIC);
		bind_years(q, 3, f);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		diag(sqlite3_db_filename(db, "main"), 0, "feed_state", "%s", sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- writing ---- */

/* Writes text to a finished temporary file for dir/file, kept in *out until committed; or,
 * when dir/file already holds exactly text, nothing (*out stays empty, the file untouched). */
static int stage_text(const char *dir, const char *file, const char *text, struct outfile *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	size_t len;
	char *old = slurp(path, &len);
	bool same = old && len == strlen(text) && memcmp(old, text, len) == 0;
	free(old);
	if (same)
		return 0;
	if (outfile_open(out, path) < 0)
		return -1;
	return outfile_finish(out, fputs(text, out->fp) >= 0);
}

/* Adds f's live events to cal, tracking each against what was published before (p). */
static int add_live(sqlite3_stmt *put, const struct feed *f, struct priors *p, const char *name,
		    icalcomponent *cal, const char *now)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct feed_event *e = &f->events[i];
		struct prior *prior = priors_find(p, e->uid);
		if (e->hidden) {
			if (prior)
				prior->seen = true;
			continue;
		}
		struct state st;
		if (track(put, f, e, prior, now, &st) < 0)
			return -1;
		icalcomponent_add_component(cal, vevent(e, &st, name));
	}
	return 0;
}

/* The text of f's VCALENDAR, its state brought up to date in db. Caller frees with
 * icalmemory_free_buffer. NULL after a diagnostic. */
static char *feed_text(sqlite3 *db, const struct feed *f, const char *now)
{
	char *name = plain_name(f->name);
	if (!name) {
		diag(f->file, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return NULL;
	}
	struct priors p;
	sqlite3_stmt *put = NULL;
	icalcomponent *cal = vcalendar(f, name);
	int rc = priors_load(db, f, &p);
	if (rc == 0)
		rc = sqlite3_prepare_v2(db, PUT_SQL, -1, &put, NULL) == SQLITE_OK ? 0 : -1;
	if (rc == 0)
		rc = add_live(put, f, &p, name, cal, now);
	if (rc == 0)
		rc = add_withdrawn(put, f, &p, name, cal, now);
	if (rc < 0)
		diag(sqlite3_db_filename(db, "main"), 0, "feed_state", "%s", sqlite3_errmsg(db));
	char *text = rc == 0 ? icalcomponent_as_ical_string_r(cal) : NULL;
	sqlite3_finalize(put);
	priors_free(&p);
	icalcomponent_free(cal);
	free(name);
	return text;
}

int feed_stage(sqlite3 *db, const struct feed *f, const char *dir, time_t now_t, struct outfile *out)
{
	char now[20];
	utc_stamp(now_t, now);
	memset(out, 0, sizeof *out);
	char *text = feed_text(db, f, now);
	int rc = text ? stage_text(dir, f->file, text, out) : -1;
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
