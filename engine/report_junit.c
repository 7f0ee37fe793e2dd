/* report_junit.c — check findings as JUnit XML written with libxml2's xmlTextWriter, which
 * escapes the markup; before that every text is made valid UTF-8 and stripped of the
 * characters XML 1.0 forbids, so a rule's message cannot break the document. */
#include "report_junit.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "textwidth.h"

/* A copy of s that XML 1.0 can hold: valid UTF-8, control characters other than tab and line
 * breaks turned into spaces, U+FFFE and U+FFFF into U+FFFD. NULL gives "". Malloc'd, or NULL
 * when out of memory. */
static char *junit_text(const char *s)
{
	char *t = textwidth_clean(s ? s : "", 0);
	for (unsigned char *p = (unsigned char *)t; p && *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			*p = ' ';
		else if (*p == 0x7F)
			*p = ' ';
		else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			p[2] = 0xBD;
	}
	return t;
}

static int junit_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *t = junit_text(value);
	int rc = t ? xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST t) : -1;
	free(t);
	return rc < 0 ? -1 : 0;
}

static int junit_count_attr(xmlTextWriterPtr w, const char *name, size_t n)
{
	return xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%zu", n) < 0 ? -1 : 0;
}

/* The counts of findings of rule (all findings when rule is NULL) by status. */
static void junit_counts(const struct findings *f, const char *rule, size_t counts[ST_COUNT], size_t *tests)
{
	memset(counts, 0, ST_COUNT * sizeof *counts);
	*tests = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->items[i];
		if (rule && strcmp(x->rule_id ? x->rule_id : "", rule) != 0)
			continue;
		(*tests)++;
		if ((unsigned)x->status < ST_COUNT)
			counts[x->status]++;
	}
}

/* tests, failures, errors and skipped of the findings of rule (all when NULL). */
static int junit_tally(xmlTextWriterPtr w, const struct findings *f, const char *rule)
{
	size_t c[ST_COUNT], tests;
	junit_counts(f, rule, c, &tests);
	int rc = junit_count_attr(w, "tests", tests);
	rc |= junit_count_attr(w, "failures", c[ST_FAIL]);
	rc |= junit_count_attr(w, "errors", c[ST_ERROR]);
	rc |= junit_count_attr(w, "skipped", c[ST_PENDING] + c[ST_NOT_APPLICABLE] + c[ST_WAIVED]);
	return rc ? -1 : 0;
}

/* The body of a failure, error or skip: the message, then the requirement (parameter values
 * filled in), the evidence, what was looked for, the waiver and the rule's source, one per
 * line. Malloc'd, or NULL when out of memory. */
static char *junit_body(const struct finding *x)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	fputs(x->message ? x->message : "", m);
	if (x->requires)
		fprintf(m, "\n%s%s", tr("要求: ", "requires: "), x->requires);
	if (x->n_evidence) {
		fprintf(m, "\n%s", tr("佐证: ", "evidence: "));
		for (size_t i = 0; i < x->n_evidence; i++)
			fprintf(m, "%s%s", i ? ";" : "", x->evidence[i] ? x->evidence[i] : "");
	}
	if (x->looked_for)
		fprintf(m, "\n%s%s", tr("查找了: ", "looked for: "), x->looked_for);
	if (x->status == ST_WAIVED && x->waiver_id)
		fprintf(m, "\n%s%s", tr("豁免: ", "waiver: "), x->waiver_id);
	if (x->source)
		fprintf(m, "\n%s%s", tr("来源: ", "source: "), x->source);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* <failure>, <error> or <skipped> for a finding that did not pass; nothing for a pass. */
static int junit_outcome(xmlTextWriterPtr w, const struct finding *x)
{
	const char *el = x->status == ST_FAIL ? "failure" : x->status == ST_ERROR ? "error" : "skipped";
	if (x->status == ST_PASS)
		return 0;
	char *body = junit_body(x), *text = body ? junit_text(body) : NULL;
	int rc = text ? 0 : -1;
	if (rc == 0 && xmlTextWriterStartElement(w, BAD_CAST el) < 0)
		rc = -1;
	if (rc == 0)
		rc = junit_attr(w, "message", x->message);
	if (rc == 0)
		rc = junit_attr(w, "type", status_name(x->status));
	if (rc == 0 && (xmlTextWriterWriteString(w, BAD_CAST text) < 0 || xmlTextWriterEndElement(w) < 0))
		rc = -1;
	free(text);
	free(body);
	return rc;
}

static int junit_case(xmlTextWriterPtr w, const struct finding *x)
{
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN], name[512];
	date_format(x->window_from, from);
	date_format(x->window_to, to);
	snprintf(name, sizeof name, "%s %s..%s", x->rule_id ? x->rule_id : "", from, to);
	if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0)
		return -1;
	int rc = junit_attr(w, "classname", x->unit_id ? x->unit_id : "");
	rc |= junit_attr(w, "name", name);
	if (rc == 0)
		rc = junit_outcome(w, x);
	return rc == 0 && xmlTextWriterEndElement(w) >= 0 ? 0 : -1;
}

/* The suite of rule: every finding of it, in check order. */
static int junit_suite(xmlTextWriterPtr w, const struct findings *f, const char *rule)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0)
		return -1;
	int rc = junit_attr(w, "name", rule);
	rc |= junit_tally(w, f, rule);
	for (size_t i = 0; rc == 0 && i < f->n; i++)
		if (strcmp(f->items[i].rule_id ? f->items[i].rule_id : "", rule) == 0)
			rc = junit_case(w, &f->items[i]);
	return rc == 0 && xmlTextWriterEndElement(w) >= 0 ? 0 : -1;
}

/* Whether a finding before i has the same rule (its suite is then written already). */
static int junit_seen(const struct findings *f, size_t i)
{
	const char *rule = f->items[i].rule_id ? f->items[i].rule_id : "";
	for (size_t j = 0; j < i; j++)
		if (strcmp(f->items[j].rule_id ? f->items[j].rule_id : "", rule) == 0)
			return 1;
	return 0;
}

static int junit_document(xmlTextWriterPtr w, const struct findings *f)
{
	char name[256];
	snprintf(name, sizeof name, "yaodian check %s", f->period.label);
	if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0)
		return -1;
	int rc = junit_attr(w, "name", name);
	rc |= junit_tally(w, f, NULL);
	for (size_t i = 0; rc == 0 && i < f->n; i++)
		if (!junit_seen(f, i))
			rc = junit_suite(w, f, f->items[i].rule_id ? f->items[i].rule_id : "");
	return rc == 0 && xmlTextWriterEndDocument(w) >= 0 ? 0 : -1;
}

int report_junit(FILE *out, const struct findings *f)
{
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	if (!buf)
		return -1;
	xmlTextWriterPtr w = xmlNewTextWriter(buf);   /* owns buf from here */
	if (!w) {
		xmlOutputBufferClose(buf);
		return -1;
	}
	int rc = junit_document(w, f);
	if (xmlTextWriterFlush(w) < 0)
		rc = -1;
	xmlFreeTextWriter(w);
	return rc == 0 && fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
