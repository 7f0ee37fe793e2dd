/* holiday.c — parsing the holiday notices with libical and answering "is this a working day". */
#include "holiday.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "diag.h"
#include "dirlist.h"
#include "lang.h"
#include "vec.h"
#include "slurp.h"

struct span {
	date_t from, to;        /* inclusive */
	enum day_kind kind;     /* DAY_HOLIDAY or DAY_MAKEUP_WORKDAY */
	char name[64];
};

struct holidays {
	struct span *spans;
	size_t n, cap;
	int *years;             /* years with a notice */
	size_t n_years, cap_years;
};

static int to_date(struct icaltimetype t, date_t *out)
{
	if (icaltime_is_null_time(t) || !icaltime_is_date(t) || !date_ymd_valid(t.year, t.month, t.day))
		return -1;
	*out = date_from_ymd(t.year, t.month, t.day);
	return 0;
}

/* Reads one VEVENT into s. Returns 0, or -1 after a diagnostic naming field. */
static int read_event(icalcomponent *ev, const char *path, struct span *s)
{
	const char *uid = icalcomponent_get_uid(ev);
	char where[4400];
	snprintf(where, sizeof where, "%.4096s: UID %.200s", path, uid ? uid : "?");
	icalproperty *err = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY);
	if (err) {
		diag(where, 0, NULL, "%s: %s", tr("无法解析", "cannot parse"), icalproperty_get_xlicerror(err));
		return -1;
	}
	date_t to_excl;
	if (to_date(icalcomponent_get_dtstart(ev), &s->from) < 0) {
		diag(where, 0, "DTSTART", "%s", tr("应为全天日期(VALUE=DATE)", "must be an all-day date (VALUE=DATE)"));
		return -1;
	}
	if (to_date(icalcomponent_get_dtend(ev), &to_excl) < 0 || to_excl <= s->from) {
		diag(where, 0, "DTEND", "%s", tr("应为晚于 DTSTART 的全天日期", "must be an all-day date after DTSTART"));
		return -1;
	}
	s->to = to_excl - 1;
	icalproperty *cat = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);
	const char *c = cat ? icalproperty_get_categories(cat) : NULL;
	if (c && strcmp(c, "放假") == 0)
		s->kind = DAY_HOLIDAY;
	else if (c && strcmp(c, "上班") == 0)
		s->kind = DAY_MAKEUP_WORKDAY;
	else {
		diag(where, 0, "CATEGORIES", "%s", tr("应为“放假”或“上班”", "must be 放假 (day off) or 上班 (make-up working day)"));
		return -1;
	}
	const char *summary = icalcomponent_get_summary(ev);
	snprintf(s->name, sizeof s->name, "%s", summary ? summary : "");
	char *sp = strchr(s->name, ' ');   /* "春节 放假" -> "春节" */
	if (sp)
		*sp = '\0';
	return 0;
}

static int add_year(struct holidays *h, int y)
{
	for (size_t i = 0; i < h->n_years; i++)
		if (h->years[i] == y)
			return 0;
	if (vec_reserve(&h->years, &h->cap_years, h->n_years + 1, sizeof *h->years) < 0)
		return -1;
	h->years[h->n_years++] = y;
	return 0;
}

/* Parses one notice file into h. */
static int load_file(struct holidays *h, const char *path)
{
	char *text = slurp(path, NULL);
	if (!text) {
		diag(path, 0, NULL, "%s", tr("无法读取", "cannot read"));
		return -1;
	}
	icalcomponent *cal = icalcomponent_new_from_string(text);
	free(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		diag(path, 0, NULL, "%s", tr("不是 iCalendar 文件(应以 BEGIN:VCALENDAR 开头)", "not an iCalendar file (BEGIN:VCALENDAR expected)"));
		icalcomponent_free(cal);
		return -1;
	}
	int rc = 0, y, m, d;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev && rc == 0;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		struct span s;
		if (read_event(ev, path, &s) < 0 || vec_reserve(&h->spans, &h->cap, h->n + 1, sizeof *h->spans) < 0) {
			rc = -1;
			break;
		}
		h->spans[h->n++] = s;
		date_to_ymd(s.to, &y, &m, &d);
		rc = s.kind == DAY_HOLIDAY && add_year(h, y) < 0 ? -1 : 0;
	}
	icalcomponent_free(cal);
	return rc;
}

static bool is_notice(const char *name) { return dirlist_ends_with(name, ".ics"); }

struct holidays *holidays_load(const char *dir)
{
	char **names = NULL;
	int n = dirlist(dir, is_notice, &names);
	if (n < 0 && errno == ENOENT)
		return calloc(1, sizeof(struct holidays));   /* no notices: every day by its weekday */
	if (n < 0) {
		diag(dir, 0, NULL, "%s: %s", tr("无法读取节假日目录", "cannot read the holidays directory"), strerror(errno));
		return NULL;
	}
	struct holidays *h = calloc(1, sizeof *h);
	int rc = h ? 0 : -1;
	char path[4096];
	for (int i = 0; rc == 0 && i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		rc = load_file(h, path);
	}
	dirlist_free(names, n);
	if (rc < 0) {
		holidays_free(h);
		return NULL;
	}
	return h;
}

void holidays_free(struct holidays *h)
{
	if (!h)
		return;
	free(h->spans);
	free(h->years);
	free(h);
}

enum day_kind holidays_day(const struct holidays *h, date_t d, const char **name)
{
	if (name)
		*name = NULL;
	for (size_t i = 0; h && i < h->n; i++)
		if (d >= h->spans[i].from && d <= h->spans[i].to) {
			if (name)
				*name = h->spans[i].name;
			return h->spans[i].kind;
		}
	return date_weekday(d) >= 6 ? DAY_WEEKEND : DAY_WORKDAY;
}

bool holidays_is_workday(const struct holidays *h, date_t d)
{
	enum day_kind k = holidays_day(h, d, NULL);
	return k == DAY_WORKDAY || k == DAY_MAKEUP_WORKDAY;
}

bool holidays_cover(const struct holidays *h, int year)
{
	for (size_t i = 0; h && i < h->n_years; i++)
		if (h->years[i] == year)
			return true;
	return false;
}

void holidays_list(const struct holidays *h, int from_year, int to_year, FILE *out)
{
	for (size_t i = 0; h && i < h->n; i++) {
		const struct span *s = &h->spans[i];
		int y, m, d;
		date_to_ymd(s->from, &y, &m, &d);
		if (y < from_year || y > to_year)
			continue;
		char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
		date_format(s->from, a);
		date_format(s->to, b);
		fprintf(out, "%s\t%s\t%s\t%s\n", s->name,
			s->kind == DAY_HOLIDAY ? tr("放假", "holiday") : tr("上班", "workday"), a, b);
	}
}
