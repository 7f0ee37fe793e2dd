/* oblig.h — the plan's obligations as data: every sentence or clause part that asks something
 * of a unit, in the plan's own words, each enforced by named rules, assessed by a self-
 * assessment (自评) or excused with a reason. A rule file names the file (obligations
 * "obligations-2020.tsv", in rules/01_obligations.lua), tab-separated: id, clause, words, how,
 * basis. A rule set that names none (a test's few rules beside the plan) has no obligations. */
#ifndef YAODIAN_OBLIG_H
#define YAODIAN_OBLIG_H

#include "rules.h"

/* Reads the obligations file (rs->dir/rs->obligations_file) into rs->obligations and
 * checks it against the plan and the rules: a known clause, words found in the clause's text
 * and in the plan's source text, a known `how`, named rules that exist, unique ids; every
 * clause with at least one obligation; every rule judging at least one obligation and
 * stating its interpretation; every rule's interpretation one sentence. Problems go to rs->problems as file:line: field. Does
 * nothing but the interpretation check when no rule file names an obligations file. */
void oblig_load(struct ruleset *rs);

void oblig_free(struct ruleset *rs);

/* "enforced" / "self" / "excused", and the label in the current language. */
const char *oblig_how_name(enum oblig_how how);
const char *oblig_how_label(enum oblig_how how);

/* The ids of the obligations rule_id judges, as a malloc'd array of n malloc'd strings (the
 * caller frees each and the array); *n = 0 and NULL when none or out of memory. */
char **oblig_of_rule(const struct ruleset *rs, const char *rule_id, size_t *n);

#endif
