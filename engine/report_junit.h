/* report_junit.h — check findings as JUnit XML, the test report CI servers and dashboards
 * read: one test suite per rule, one test case per rule × unit × window. */
#ifndef YAODIAN_REPORT_JUNIT_H
#define YAODIAN_REPORT_JUNIT_H

#include <stdio.h>

#include "finding.h"

/* Writes the document to out with libxml2's xmlTextWriter: fail → <failure>, error →
 * <error>, pending, not_applicable and waived → <skipped>, pass → an empty test case. Text
 * that XML cannot hold (control characters) becomes spaces. Returns 0 or -1. */
int report_junit(FILE *out, const struct findings *f);

#endif
