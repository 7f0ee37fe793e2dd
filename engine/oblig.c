/* oblig.c — see oblig.h. The file is read with tsv_each_line; each row is checked as it is
 * read, the set as a whole (every clause, every rule accounted for) once all are in. */
#include "oblig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "rules_dsl.h"
#include "slurp.h"
#include "tsv.h"
#include "vec.h"

enum { OF_ID, OF_CLAUSE, OF_WORDS, OF_HOW, OF_BASIS, OF_N };

static const char *const field_names[OF_N] = {"编号", "条款", "原文", "方式", "依据"};

const char *oblig_how_name(enum oblig_how how)
{
	static const char *const names[] = {"enforced", "self", "excused"};
	return names[how];
}

const char *oblig_how_label(enum oblig_how how)
{
	switch (how) {
	case OB_ENFORCED: return tr("规则检查", "enforced");
	case OB_SELF:     return tr("自评", "self-assessed");
	default:          return tr("不检查", "excused");
	}
}

/* What the row reader needs: the rule set and the plan's source text (or NULL). */
struct reader {
	struct ruleset *rs;
	char *source_text;
};

static bool rule_exists(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return true;
	return false;
}

/* Splits the basis of an enforced or self-assessed row at spaces into rule ids, each of which
 * must exist. Returns false (after a problem) when none is named or one is unknown. */
static bool split_rules(struct ruleset *rs, const char *where, char *basis, struct obligation *o)
{
	bool ok = true;
	for (char *save = NULL, *t = strtok_r(basis, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		if (!rule_exists(rs, t)) {
			rules_problem(rs, where, field_names[OF_BASIS], "%s: %s", tr("没有这个规则编号", "no rule has this id"), t);
			ok = false;
			continue;
		}
		char **grown = realloc(o->rules, (o->n_rules + 1) * sizeof *grown);
		char *copy = strdup(t);
		if (!grown || !copy) {
			free(copy);
			if (grown)
				o->rules = grown;
			return false;
		}
		o->rules = grown;
		o->rules[o->n_rules++] = copy;
	}
	if (ok && o->n_rules == 0) {
		rules_problem(rs, where, field_names[OF_BASIS], "%s",
			      tr("应列出检查它的规则编号(以空格分隔)", "must list the ids of the rules judging it (space separated)"));
		ok = false;
	}
	return ok;
}

static bool parse_how(const char *s, enum oblig_how *how)
{
	static const char *const names[] = {"enforced", "self", "excused"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*how = (enum oblig_how)i;
			return true;
		}
	return false;
}

static void free_one(struct obligation *o)
{
	free(o->id);
	free(o->clause);
	free(o->words);
	for (size_t i = 0; i < o->n_rules; i++)
		free(o->rules[i]);
	free(o->rules);
	free(o->reason);
	free(o->where);
}

/* Checks the words, clause and id of a row; problems at where. */
static bool check_words(struct reader *r, const char *where, char **f)
{
	struct ruleset *rs = r->rs;
	bool ok = true;
	for (size_t i = 0; i < rs->n_obligations; i++)
		if (strcmp(rs->obligations[i].id, f[OF_ID]) == 0) {
			rules_problem(rs, where, field_names[OF_ID], "%s '%s' (%s %s)", tr("编号重复", "duplicate id"), f[OF_ID],
				      tr("首次出现于", "first at"), rs->obligations[i].where);
			ok = false;
		}
	const struct clause *c = rules_clause(rs, f[OF_CLAUSE]);
	if (!c) {
		rules_problem(rs, where, field_names[OF_CLAUSE], "%s: %s", tr("计划中没有这一条款", "the plan has no such clause"),
			      f[OF_CLAUSE]);
		return false;
	}
	if (f[OF_WORDS][0] == '\0' || !strstr(c->text, f[OF_WORDS])) {
		rules_problem(rs, where, field_names[OF_WORDS], "%s %s", tr("原文未在条款中找到:", "words not found in the text of clause"),
			      c->id);
		ok = false;
	} else if (r->source_text && !strstr(r->source_text, f[OF_WORDS])) {
		rules_problem(rs, where, field_names[OF_WORDS], "%s %s", tr("原文未在计划文本中找到:", "words not found in the plan's text"),
			      rs->plan.source);
		ok = false;
	}
	return ok;
}

static int read_row(void *ctx, char *line, const char *path, long lineno)
{
	struct reader *r = ctx;
	struct ruleset *rs = r->rs;
	char where[4200];
	snprintf(where, sizeof where, "%s:%ld", path, lineno);
	char *f[OF_N];
	if (tsv_split(line, f, OF_N) != OF_N) {
		rules_problem(rs, where, NULL, "%s", tr("应为 5 列,以制表符分隔:编号、条款、原文、方式、依据",
						       "must be 5 tab-separated columns: id, clause, words, how, basis"));
		return 0;
	}
	bool ok = f[OF_ID][0] != '\0';
	if (!ok)
		rules_problem(rs, where, field_names[OF_ID], "%s", tr("不能为空", "must not be empty"));
	ok = check_words(r, where, f) && ok;
	struct obligation o = {0};
	if (!parse_how(f[OF_HOW], &o.how)) {
		rules_problem(rs, where, field_names[OF_HOW], "%s: %s",
			      tr("应为 enforced(规则检查)、self(自评)或 excused(不检查,依据写理由)",
				 "must be enforced, self (self-assessed) or excused (the basis gives the reason)"), f[OF_HOW]);
		return 0;
	}
	if (o.how == OB_EXCUSED) {
		if (f[OF_BASIS][0] == '\0') {
			rules_problem(rs, where, field_names[OF_BASIS], "%s", tr("应写明不检查的理由", "must give the reason it is not judged"));
			ok = false;
		}
		o.reason = strdup(f[OF_BASIS]);
	} else
		ok = split_rules(rs, where, f[OF_BASIS], &o) && ok;
	o.id = strdup(f[OF_ID]);
	o.clause = strdup(f[OF_CLAUSE]);
	o.words = strdup(f[OF_WORDS]);
	o.where = strdup(where);
	if (!ok || !o.id || !o.clause || !o.words || !o.where ||
	    vec_reserve(&rs->obligations, &rs->cap_obligations, rs->n_obligations + 1, sizeof *rs->obligations) < 0) {
		free_one(&o);
		return 0;
	}
	rs->obligations[rs->n_obligations++] = o;
	return 0;
}

static bool rule_judges_one(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_obligations; i++)
		for (size_t k = 0; k < rs->obligations[i].n_rules; k++)
			if (strcmp(rs->obligations[i].rules[k], id) == 0)
				return true;
	return false;
}

/* The whole set: every clause has an obligation, every rule judges one. */
static void check_set(struct ruleset *rs, const char *path)
{
	for (size_t c = 0; c < rs->plan.n_clauses; c++) {
		bool any = false;
		for (size_t i = 0; !any && i < rs->n_obligations; i++)
			any = strcmp(rs->obligations[i].clause, rs->plan.clauses[c].id) == 0;
		if (!any)
			rules_problem(rs, path, field_names[OF_CLAUSE], tr("条款 %s 没有列出任何义务", "clause %s lists no obligation"),
				      rs->plan.clauses[c].id);
	}
	for (size_t i = 0; i < rs->n_rules; i++) {
		char where[4200];
		snprintf(where, sizeof where, "%s:%d", rs->rules[i].file, rs->rules[i].line);
		if (!rule_judges_one(rs, rs->rules[i].id))
			rules_problem(rs, where, "id", tr("规则 %s 不检查义务文件 %s 中的任何一项义务", "rule %s judges no obligation of %s"),
				      rs->rules[i].id, rs->obligations_file);
		if (!rs->rules[i].interpretation)
			rules_problem(rs, where, "interpretation", tr("规则 %s 没有说明它如何读计划原文", "rule %s does not state how it reads the plan's words"),
				      rs->rules[i].id);
	}
}

/* An interpretation is one sentence: not empty, and no sentence end before its last char. */
static void check_interpretations(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n_rules; i++) {
		const char *s = rs->rules[i].interpretation;
		if (!s)
			continue;
		const char *end = strstr(s, "。");
		if (s[0] == '\0' || (end && end[strlen("。")] != '\0')) {
			char where[4200];
			snprintf(where, sizeof where, "%s:%d", rs->rules[i].file, rs->rules[i].line);
			rules_problem(rs, where, "interpretation", "%s", tr("应为一句话(只在句末有句号)", "must be one sentence (a full stop only at its end)"));
		}
	}
}

void oblig_load(struct ruleset *rs)
{
	check_interpretations(rs);
	if (!rs->have_plan || !rs->obligations_file)
		return;
	char path[4096], src[4096];
	snprintf(path, sizeof path, "%s/%s", rs->dir, rs->obligations_file);
	struct reader r = {.rs = rs};
	if (rs->plan.source) {
		snprintf(src, sizeof src, "%s/%s", rs->dir, rs->plan.source);
		r.source_text = slurp(src, NULL);
	}
	FILE *fp = fopen(path, "r");
	if (!fp)
		rules_problem(rs, rs->obligations_where, "obligations", "%s: %s", tr("无法读取义务文件", "cannot read the obligations file"), path);
	else {
		fclose(fp);
		tsv_each_line(path, "", read_row, &r);
		check_set(rs, path);
	}
	free(r.source_text);
}

void oblig_free(struct ruleset *rs)
{
	free(rs->obligations_file);
	free(rs->obligations_where);
	rs->obligations_file = rs->obligations_where = NULL;
	for (size_t i = 0; i < rs->n_obligations; i++)
		free_one(&rs->obligations[i]);
	free(rs->obligations);
	rs->obligations = NULL;
	rs->n_obligations = rs->cap_obligations = 0;
}

char **oblig_of_rule(const struct ruleset *rs, const char *rule_id, size_t *n)
{
	char **ids = NULL;
	*n = 0;
	for (size_t i = 0; i < rs->n_obligations; i++)
		for (size_t k = 0; k < rs->obligations[i].n_rules; k++) {
			if (strcmp(rs->obligations[i].rules[k], rule_id) != 0)
				continue;
			char **grown = realloc(ids, (*n + 1) * sizeof *ids);
			char *copy = strdup(rs->obligations[i].id);
			if (!grown || !copy) {
				free(copy);
				ids = grown ? grown : ids;
				for (size_t j = 0; j < *n; j++)
					free(ids[j]);
				free(ids);
				*n = 0;
				return NULL;
			}
			ids = grown;
			ids[(*n)++] = copy;
			break;
		}
	return ids;
}
