/* csvout.c — CSV for spreadsheets (see csvout.h). Quoting is libcsv's (csv_write). */
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

/* s quoted by libcsv's csv_write into a buffer and written at once: csv_fwrite writes a byte at
 * a time with fputc, which took a fifth of a 1,000-unit check's CSV report. */
static void write_quoted(FILE *fp, const char *s)
{
	char small[1024], *buf = small;
	size_t len = strlen(s), need = csv_write(small, sizeof small, s, len);
	if (need > sizeof small && (buf = malloc(need)) != NULL)
		csv_write(buf, need, s, len);
	if (buf)
		fwrite(buf, 1, need, fp);
	else
		csv_fwrite(fp, s, len);   /* out of memory: libcsv's own writer needs no buffer */
	if (buf != small)
		free(buf);
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
	write_quoted(fp, g ? g : s);
	free(g);
}

void csvout_row_end(FILE *fp) { fputs("\r\n", fp); }
