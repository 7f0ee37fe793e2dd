/* csvout.c — CSV for spreadsheets (see csvout.h). Quoting is libcsv's (csv_fwrite). */
#include "csvout.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

void csvout_bom(FILE *fp) { fputs("\xEF\xBB\xBF", fp); }

bool csvout_risky(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

void csvout_field(FILE *fp, size_t i, const char *s, bool guard)
{
	if (i > 0)
		fputc(',', fp);
	if (!s)
		s = "";
	size_t n = strlen(s);
	char *buf = guard && csvout_risky(s) ? malloc(n + 2) : NULL;
	if (buf) {
		buf[0] = '\'';
		memcpy(buf + 1, s, n + 1);
		csv_fwrite(fp, buf, n + 1);
		free(buf);
		return;
	}
	if (guard && csvout_risky(s))
		fputc('\'', fp);   /* out of memory: the mark outside the quotes still reads as text */
	csv_fwrite(fp, s, n);
}

void csvout_row_end(FILE *fp) { fputs("\r\n", fp); }
