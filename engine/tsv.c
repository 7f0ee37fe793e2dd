/* tsv.c — see tsv.h. */
#include "tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

int tsv_each_line(const char *path, const char *what, tsv_line_fn fn, void *ctx)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		diag(path, 0, NULL, "%s", what);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int rc = 0;
	while (rc == 0 && getline(&line, &cap, fp) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '#' && line[0] != '\0')
			rc = fn(ctx, line, path, lineno);
	}
	free(line);
	fclose(fp);
	return rc;
}

int tsv_split(char *line, char **fields, int max)
{
	int n = 0;
	for (char *p = line;; p++) {
		if (n < max)
			fields[n] = p;
		n++;
		p = strchr(p, '\t');
		if (!p)
			return n > max ? max + 1 : n;
		*p = '\0';
	}
}
