/* report_junit.c — check findings as JUnit XML written with libxml2's xmlTextWriter, which
 * escapes the markup; before that every text is made valid UTF-8 and stripped of the
 * characters XML 1.0 forbids, so a rule's message cannot break the document. */
#include "report_junit.h"

#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "vec.h"
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

/* The tests of one suite (a rule; all findings for the document): their count by status. */
struct tally {
	size_t tests, c[ST_COUNT];
};

/* tests, failures, errors and skipped of a suite. */
static int junit_tally(xmlTextWriterPtr w, const struct tally *t)
{
	int rc = junit_count_attr(w, "tests", t->tests);
	rc |= junit_count_attr(w, "failures", t->c[ST_FAIL]);
	rc |= junit_count_attr(w, "errors", t->c[ST_ERROR]);
	rc |= junit_count_attr(w, "skipped", t->c[ST_PENDING] + t->c[ST_NOT_APPLICABLE] + t->c[ST_WAIVED]);
	return rc ? -1 : 0;
}

static void tally_add(struct tally *t, const struct finding *x)
{
	t->tests++;
	if ((unsigned)x->status < ST_COUNT)
		t->c[x->status]++;
}

static const char *rule_of(const struct finding *x) { return x->rule_id ? x->rule_id : ""; }

/* The body of a failure, error or skip: the message, then the requirement (parameter values
 * filled in), the plan's obligations it judges, the evidence, what was looked for, the waiver and the rule's source, one per
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
	if (x->n_obligations) {
		fprintf(m, "\n%s", tr("义务: ", "obligations: "));
		for (size_t i = 0; i < x->n_obligations; i++)
			fprintf(m, "%s%s", i ? ";" : "", x->obligations[i] ? x->obligations[i] : "");
	}
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

/* The tallies of every suite, in the order the suites are written (grouped by rule, FO_RULE),
 * into *out (*n of them, caller frees), and of all findings into *all. 0 or -1. */
static int junit_tallies(const struct findings *f, struct tally **out, size_t *n, struct tally *all)
{
	struct findings_cursor c;
	size_t cap = 0;
	char *rule = NULL;
	*out = NULL, *n = 0;
	memset(all, 0, sizeof *all);
	int rc = findings_open(&c, f, FO_RULE);
	const struct finding *x;
	while (rc == 0 && (x = findings_next(&c)) != NULL) {
		if (!rule || strcmp(rule, rule_of(x)) != 0) {
			free(rule);
			if (!(rule = strdup(rule_of(x))) || vec_reserve(out, &cap, *n + 1, sizeof **out) < 0) {
				rc = -1;
				break;
			}
			memset(&(*out)[(*n)++], 0, sizeof **out);
		}
		tally_add(&(*out)[*n - 1], x);
		tally_add(all, x);
	}
	if (c.failed)
		rc = -1;
	findings_close(&c);
	free(rule);
	return rc;
}

/* Starts the <testsuite> of x's rule, ending the one before (when *open). */
static int junit_suite_start(xmlTextWriterPtr w, const struct finding *x, const struct tally *t, bool *open)
{
	if (*open && xmlTextWriterEndElement(w) < 0)
		return -1;
	*open = true;
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0)
		return -1;
	int rc = junit_attr(w, "name", rule_of(x));
	return rc | junit_tally(w, t);
}

/* The suites: one per rule, in the order its first finding was judged, each holding every
 * finding of the rule in check order. */
static int junit_suites(xmlTextWriterPtr w, const struct findings *f, const struct tally *tallies, size_t n)
{
	struct findings_cursor c;
	char *rule = NULL;
	size_t k = 0;
	bool open = false;
	int rc = findings_open(&c, f, FO_RULE);
	const struct finding *x;
	while (rc == 0 && (x = findings_next(&c)) != NULL) {
		if (!rule || strcmp(rule, rule_of(x)) != 0) {
			free(rule);
			rule = strdup(rule_of(x));
			rc = !rule || k >= n ? -1 : junit_suite_start(w, x, &tallies[k++], &open);
		}
		if (rc == 0)
			rc = junit_case(w, x);
	}
	if (c.failed || (open && rc == 0 && xmlTextWriterEndElement(w) < 0))
		rc = -1;
	findings_close(&c);
	free(rule);
	return rc;
}

static int junit_document(xmlTextWriterPtr w, const struct findings *f)
{
	char name[256];
	struct tally *tallies, all;
	size_t n;
	snprintf(name, sizeof name, "yaodian check %s", f->period.label);
	if (junit_tallies(f, &tallies, &n, &all) < 0) {
		free(tallies);
		return -1;
	}
	int rc = 0;
	if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0)
		rc = -1;
	if (rc == 0)
		rc = junit_attr(w, "name", name) | junit_tally(w, &all);
	if (rc == 0)
		rc = junit_suites(w, f, tallies, n);
	free(tallies);
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
