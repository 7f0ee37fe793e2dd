/* report.h — writing check findings for people (text) and for programs (json). */
#ifndef YAODIAN_REPORT_H
#define YAODIAN_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "finding.h"

/* A JSON string of valid UTF-8 (bad bytes become U+FFFD), null for NULL, or NULL when out of
 * memory: how every JSON document yaodian writes holds text. */
json_t *report_json_text(const char *s);

/* A table grouped by work point (the clause's chapter, 一 .. 四), CJK columns aligned by
 * display width, then a summary line with the counts per status. Current language. */
int report_text(FILE *out, const struct findings *f);

/* The JSON document described by schemas/findings.schema.json. Returns 0 or -1. */
int report_json(FILE *out, const struct findings *f);

#endif
