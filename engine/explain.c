/* explain.c — one requirement explained for one unit (see explain.h). The check itself runs as
 * `check --rule` does; explain only listens: the rules' queries are traced (ldb.c) and each
 * judgement is reported as it is made (check_opts.on_judge). */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "finding.h"
#include "lang.h"
#include "sched.h"

/* Finds rule id in rs; its index, or -1. */
static long find_rule(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* ---- parameters ---- */

struct param_list {
	char names[32][64], values[32][256];
	int n;
};

static void collect_param(void *ud, const char *name, const char *value)
{
	struct param_list *p = ud;
	if (p->n == 32)
		return;
	snprintf(p->names[p->n], sizeof p->names[0], "%s", name);
	snprintf(p->values[p->n], sizeof p->values[0], "%s", value);
	p->n++;
}

static const char *default_of(const struct param_list *d, const char *name)
{
	for (int i = 0; i < d->n; i++)
		if (strcmp(d->names[i], name) == 0)
			return d->values[i];
	return NULL;
}

/* Each parameter in force, and where it came from: the rule's default, or the config file's
 * line that set it (with the default beside it). */
static void print_params(const struct ruleset *rs, long ri, const struct ruleset *defaults, FILE *out)
{
	struct param_list now = {.n = 0}, def = {.n = 0};
	rules_params(rs, (size_t)ri, collect_param, &now);
	long di = defaults ? find_rule(defaults, rs->rules[ri].id) : -1;
	if (di >= 0)
		rules_params(defaults, (size_t)di, collect_param, &def);
	fprintf(out, "%s", tr("参数:", "Parameters:"));
	if (now.n == 0)
		fprintf(out, "%s", tr("无", " none"));
	fputc('\n', out);
	for (int i = 0; i < now.n; i++) {
		const char *d = di >= 0 ? default_of(&def, now.names[i]) : NULL;
		const char *where = rules_param_source(rs, (size_t)ri, now.names[i]);
		if (where)
			fprintf(out, tr("  %s = %s(来自配置文件 %s;规则默认 %s)\n", "  %s = %s (from the config file %s; the rule's default is %s)\n"),
				now.names[i], now.values[i], where, d ? d : "-");
		else
			fprintf(out, tr("  %s = %s(规则默认)\n", "  %s = %s (the rule's default)\n"), now.names[i], now.values[i]);
	}
}

/* ---- the head: what the requirement is ---- */

static void print_head(const struct ruleset *rs, long ri, const struct check_opts *o, FILE *out)
{
	const struct rule *r = &rs->rules[ri];
	const struct clause *c = rules_clause(rs, r->clause);
	char due[256], a[DATE_ISO_LEN], b[DATE_ISO_LEN], asof[DATE_ISO_LEN];
	due_describe(&r->due, due, sizeof due);
	date_format(o->period.from, a);
	date_format(o->period.to, b);
	date_format(o->as_of, asof);
	fprintf(out, tr("要求 %s:%s\n", "Requirement %s: %s\n"), r->id, lang_get() == LANG_EN && r->title_en ? r->title_en : r->title);
	fprintf(out, tr("条款 %s %s\n", "Clause %s %s\n"), r->clause, c && c->title ? c->title : "");
	fprintf(out, tr("  计划原文:%s\n", "  the plan's words: %s\n"), c && c->text ? c->text : r->quote);
	char *req = rules_requires(rs, (size_t)ri);
	if (req)
		fprintf(out, tr("  检查什么:%s\n", "  what is checked: %s\n"), req);
	free(req);
	if (r->interpretation)
		fprintf(out, tr("  对计划的解读:%s\n", "  how the plan is read: %s\n"), r->interpretation);
	fprintf(out, tr("  规则定义于 %s:%d,分值 %g\n", "  defined at %s:%d, worth %g points\n"), r->file, r->line, r->points);
	fprintf(out, tr("时段:%s;检查期间 %s..%s,截至 %s\n", "When: %s; checked over %s..%s, as of %s\n"), due, a, b, asof);
	fprintf(out, tr("单位:%s\n", "Unit: %s\n"), o->unit);
}

/* ---- each judgement, as it is made ---- */

struct listener {
	FILE *out;
	int windows;
};

static void print_verdict(FILE *out, const struct finding *f)
{
	char due[DATE_ISO_LEN];
	date_format(f->due, due);
	if (f->status == ST_WAIVED)
		fprintf(out, tr("  豁免:%s 在有效期内,本时段不评判\n", "  waiver: %s is in force; this window is not judged\n"), f->waiver_id);
	fprintf(out, tr("  结论:%s(截止 %s)—— %s\n", "  verdict: %s (due %s) — %s\n"), status_label(f->status), due,
		f->message ? f->message : "");
	if (f->n_evidence) {
		fprintf(out, "%s", tr("  依据的记录:", "  records relied on: "));
		for (size_t i = 0; i < f->n_evidence; i++)
			fprintf(out, "%s%s", i ? ", " : "", f->evidence[i]);
		fputc('\n', out);
	}
	if (f->looked_for)
		fprintf(out, tr("  查找的是:%s\n", "  looked for: %s\n"), f->looked_for);
	if (f->status == ST_ERROR)
		fprintf(out, tr("  规则出错之处:%s\n", "  the rule broke at: %s\n"), f->source);
}

static void on_judge(void *ud, const struct window *w, const struct finding *f)
{
	struct listener *l = ud;
	if (f) {
		print_verdict(l->out, f);
		return;
	}
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(w->from, a);
	date_format(w->to, b);
	fprintf(l->out, tr("\n时段 %d:%s,%s..%s\n", "\nWindow %d: %s, %s..%s\n"), ++l->windows, w->label, a, b);
}

int explain_run(struct ruleset *rs, const struct ruleset *defaults, sqlite3 *db, const char *rule_id,
		const struct check_opts *o, FILE *out)
{
	long ri = find_rule(rs, rule_id);
	if (ri < 0) {
		diag("yaodian", 0, "explain", tr("没有这条规则:%s(yaodian coverage 列出规则编号)", "no such rule: %s (yaodian coverage lists the ids)"),
		     rule_id);
		return 2;
	}
	print_head(rs, ri, o, out);
	print_params(rs, ri, defaults, out);
	struct listener l = {.out = out};
	struct check_opts co = *o;
	co.rule = rule_id;
	co.on_judge = on_judge;
	co.on_judge_ud = &l;
	struct findings f = {0};
	rules_trace(rs, out);
	int rc = check_run(rs, db, &co, &f);
	rules_trace(rs, NULL);
	if (rc == 0 && l.windows == 0)
		fprintf(out, "%s", tr("\n这个时段内没有这条要求的时段窗口,无须评判。\n", "\nThe requirement has no window in this period; nothing to judge.\n"));
	findings_free(&f);
	return rc < 0 ? -1 : 0;
}
