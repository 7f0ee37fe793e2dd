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

char *csvout_guard(const char *s)
{
	bool risky = csvout_risky(s);
	size_t len = s ? strlen(s) : 0;
	char *g = malloc(len + 2);
	if (!g)
		return NULL;
	g[0] = '\'';
	memcpy(g + risky, s ? s : "", len + 1);
	return g;
}

void csvout_field(FILE *fp, size_t i, const char *s, bool guard)
{
	if (i > 0)
		fputc(',', fp);
	if (!s)
		s = "";
	char *g = guard && csvout_risky(s) ? csvout_guard(s) : NULL;
	if (guard && csvout_risky(s) && !g)
		fputc('\'', fp);   /* out of memory: the mark outside the quotes still reads as text */
	csv_fwrite(fp, g ? g : s, strlen(g ? g : s));
	free(g);
}

void csvout_row_end(FILE *fp) { fputs("\r\n", fp); }
