/* dashboard.c — the server's page at / (see dashboard.h). Every text from the records, the
 * rules or the request goes through report_html_escape. */
#include "dashboard.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "report_html.h"

#define SOON_DAYS 30

static void esc(FILE *out, const char *open, const char *s, const char *close)
{
	fputs(open, out);
	report_html_escape(out, s);
	fputs(close, out);
}

static const char *plan_title(const struct findings *f)
{
	return f->plan_title && *f->plan_title ? f->plan_title : f->plan_id && *f->plan_id ? f->plan_id : "yaodian";
}

static void write_head(FILE *out, const struct snap *s)
{
	char asof[DATE_ISO_LEN];
	date_format(s->as_of, asof);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", tr("zh-CN", "en"));
	esc(out, "<title>", s->title ? s->title : "yaodian", "</title>\n");
	fprintf(out, "<style>\n%s.subscribe code { font-size: 8.5pt; }\n.problems { border: 2px solid #b71c1c; padding: 1mm 2mm; }\n"
		     "</style>\n</head>\n<body>\n", report_html_css());
	esc(out, "<header>\n<h1>", s->title ? s->title : "yaodian", "</h1>\n");
	esc(out, "<p>", tr("截至日期 ", "As of "), "");
	esc(out, "", asof, "</p>\n</header>\n");
}

static void write_problems(FILE *out, const char *problems)
{
	if (!problems || !*problems)
		return;
	esc(out, "<section class=\"problems\" id=\"problems\">\n<h2>",
	    tr("规则重新加载失败,仍按上一次有效的规则提供", "Rules reload failed; still serving the last good rules"), "</h2>\n<ul>\n");
	const char *p = problems;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = strndup(p, n);
		if (line)
			esc(out, "<li><code>", line, "</code></li>\n");
		free(line);
		p += n + (e ? 1 : 0);
	}
	fputs("</ul>\n</section>\n", out);
}

/* One feed's two addresses: webcal:// (calendar apps) and the http(s) URL. */
static void feed_links(FILE *out, const char *base, const char *name)
{
	const char *rest = strncmp(base, "https://", 8) == 0 ? base + 8 : strncmp(base, "http://", 7) == 0 ? base + 7 : base;
	esc(out, "<li><a href=\"webcal://", rest, "/feeds/");
	esc(out, "", name, "\">webcal://");
	esc(out, "", rest, "/feeds/");
	esc(out, "", name, "</a> · <a href=\"");
	esc(out, "", base, "/feeds/");
	esc(out, "", name, "\">");
	esc(out, "", base, "/feeds/");
	esc(out, "", name, "</a></li>\n");
}

static void write_subscribe(FILE *out, const struct snap *s, const char *base)
{
	esc(out, "<section class=\"subscribe\" id=\"subscribe\">\n<h2>", tr("订阅日历", "Subscribe"), "</h2>\n");
	esc(out, "<p>", tr("在日历软件中“添加订阅日历”,填入下列地址之一(webcal:// 或 http 地址)。",
			   "In a calendar app choose \"subscribe to calendar\" and give one of these addresses (webcal:// or http)."),
	    "</p>\n<ul>\n");
	for (size_t i = 0; i < s->n_files; i++)
		if (strncmp(s->files[i].name, "plan", 4) == 0 || strncmp(s->files[i].name, "point-", 6) == 0)
			feed_links(out, base, s->files[i].name);
	esc(out, "</ul>\n<p>", tr("各单位的日历含内部考核,地址保密:由办公室用 yaodian token --unit 单位编号 发给该单位。",
				  "Each unit's feed carries an internal assessment and has a secret address: the office gives it to the unit with yaodian token --unit ID."),
	    "</p>\n</section>\n");
}

/* Whether finding x is open as of as_of and already open or opening within SOON_DAYS. */
static bool is_open(const struct finding *x, date_t as_of)
{
	return (x->status == ST_FAIL || x->status == ST_PENDING) && x->window_from <= as_of + SOON_DAYS;
}

static void open_item(FILE *out, const struct finding *x, date_t as_of)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(x->window_from, a);
	date_format(x->window_to, b);
	bool soon = x->due >= as_of && x->due <= as_of + SOON_DAYS;
	fprintf(out, "<tr class=\"%s\">", soon ? "warn" : x->status == ST_FAIL ? "bad" : "");
	esc(out, "<td>", x->clause, "</td>");
	esc(out, "<td>", x->title, "</td>");
	esc(out, "<td>", a, " – ");
	esc(out, "", b, "</td>");
	esc(out, "<td>", status_label(x->status), "");
	if (soon)
		fprintf(out, tr("(%d 天后截止)", " (due in %d days)"), (int)(x->due - as_of));
	fputs("</td></tr>\n", out);
}

static void open_table_head(FILE *out, const struct finding *x)
{
	esc(out, "<h3>", x->unit_name && *x->unit_name ? x->unit_name : x->unit_id, "");
	esc(out, " <span class=\"muted\">", x->unit_id, "</span></h3>\n<table>\n<thead><tr>");
	esc(out, "<th>", tr("条款", "Clause"), "</th>");
	esc(out, "<th>", tr("事项", "Item"), "</th>");
	esc(out, "<th>", tr("时段", "Window"), "</th>");
	esc(out, "<th>", tr("状态", "Status"), "</th></tr></thead>\n<tbody>\n");
}

static void open_table_end(FILE *out, size_t shown)
{
	if (!shown)
		esc(out, "<tr><td colspan=\"4\">", tr("无", "none"), "</td></tr>\n");
	fputs("</tbody>\n</table>\n", out);
}

/* Each unit's open items, units in the order the check first judged them, each unit's items
 * in check order (plan order). Reads the findings by cursor grouped by unit, so its time and
 * memory are linear in the findings. Load problems (no unit) are left out. 0 or -1. */
static int write_open(FILE *out, const struct findings *f, date_t as_of)
{
	struct findings_cursor c;
	if (findings_open(&c, f, FO_UNIT) < 0)
		return -1;
	esc(out, "<section id=\"open\">\n<h2>", tr("各单位未完成事项(含 30 天内截止)", "Open items of each unit (deadlines in the next 30 days marked)"),
	    "</h2>\n");
	char *unit = NULL;   /* the unit whose table is open */
	size_t shown = 0;
	int rc = 0;
	for (const struct finding *x; rc == 0 && (x = findings_next(&c));) {
		if (!x->unit_id || !*x->unit_id)
			continue;
		if (!unit || strcmp(unit, x->unit_id) != 0) {
			if (unit)
				open_table_end(out, shown);
			free(unit);
			if (!(unit = strdup(x->unit_id)))
				rc = -1;
			shown = 0;
			open_table_head(out, x);
		}
		if (is_open(x, as_of)) {
			open_item(out, x, as_of);
			shown++;
		}
	}
	if (unit)
		open_table_end(out, shown);
	free(unit);
	fputs("</section>\n", out);
	rc = rc < 0 || c.failed ? -1 : 0;
	findings_close(&c);
	return rc;
}

int dashboard_sections(FILE *out, const struct findings *quarter, const struct findings *year, date_t as_of)
{
	esc(out, "<section id=\"quarter\">\n<h2>", tr("本季度:", "This quarter: "), "");
	esc(out, "", quarter->period.label, "</h2>\n");
	if (report_html_summary(out, quarter) < 0)
		return -1;
	fputs("</section>\n", out);
	if (write_open(out, year, as_of) < 0)
		return -1;
	return ferror(out) ? -1 : 0;
}

char *dashboard_title(const struct findings *f)
{
	return strdup(plan_title(f));
}

static void write_reports(FILE *out, const struct snap *s)
{
	esc(out, "<section id=\"reports\">\n<h2>", tr("已保存的检查报告", "Saved check reports"), "</h2>\n<ul>\n");
	size_t n = 0;
	for (size_t i = 0; i < s->n_files; i++) {
		const char *name = s->files[i].name;
		if (strncmp(name, "report/", 7) != 0)
			continue;
		char label[64];
		snprintf(label, sizeof label, "%.*s", (int)(strlen(name) - 7 - 5), name + 7);
		esc(out, "<li><a href=\"/", name, "\">");
		esc(out, "", label, "</a></li>\n");
		n++;
	}
	if (!n)
		esc(out, "<li>", tr("还没有(用 check --save 保存)", "none yet (check --save saves one)"), "</li>\n");
	fputs("</ul>\n</section>\n", out);
}

int dashboard_write(FILE *out, const struct snap *s, const struct dashboard_info *info)
{
	write_head(out, s);
	write_problems(out, info->problems);
	fwrite(s->sections, 1, s->sections_len, out);
	write_subscribe(out, s, info->base_url);
	write_reports(out, s);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
