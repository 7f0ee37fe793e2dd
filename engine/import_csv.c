/* import_csv.c — the CSV source of the importer: the file is read whole and, when it is GB18030
 * (GBK) or UTF-16, converted to UTF-8 first (textenc.c); libcsv splits it into records, fed one
 * physical line at a time so that every record knows the line it starts on; each record goes
 * to the row loop (import.c) inside one transaction for the file. */
#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "diag.h"
#include "import_ctx.h"
#include "import_prune.h"
#include "lang.h"
#include "slurp.h"
#include "textenc.h"

/* One CSV file being read: the row loop's state, libcsv's, and where its lines are. */
struct csv_source {
	struct import_ctx c;
	struct csv_parser parser;
	int row_done;   /* the last record ended: the next line fed starts a new one */
};

static void on_field(void *s, size_t len, void *data)
{
	struct csv_source *src = data;
	import_push_field(&src->c, s, len);
}

static void on_row(int term, void *data)
{
	struct csv_source *src = data;
	(void)term;
	import_take_row(&src->c);
	src->row_done = 1;
}

/* Bytes of a UTF-8 byte order mark to skip at the start of s. */
static int first_line(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Feeds one physical line to libcsv. */
static void feed(struct csv_source *src, const char *s, size_t n)
{
	struct import_ctx *c = &src->c;
	if (src->row_done) {
		c->row_line = c->line;
		src->row_done = 0;
	}
	if (csv_parse(&src->parser, s, n, on_field, on_row, src) == n)
		return;
	if (csv_error(&src->parser) != CSV_EPARSE)
		import_fail(c, tr("内存不足", "out of memory"));
	else if (!c->stop)
		import_report_file(c, c->line, tr("CSV 格式错误:引号位置不对(字段里的引号要写成两个 \"\")",
						  "malformed CSV: misplaced quote (a quote inside a field is written twice: \"\")"));
	c->stop = 1;
}

/* Reads the text line by line through libcsv into the row loop. */
static void read_lines(struct csv_source *src, FILE *f)
{
	struct import_ctx *c = &src->c;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (!c->stop && (n = getline(&line, &cap, f)) >= 0) {
		int skip = ++c->line == 1 ? first_line(line, (size_t)n) : 0;
		feed(src, line + skip, (size_t)n - (size_t)skip);
	}
	free(line);
	if (!c->stop && ferror(f)) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s: %s", tr("读取文件出错", "error reading the file"), strerror(errno));
		import_report_file(c, 0, msg);
		c->stop = 1;
	}
	if (!c->stop && csv_fini(&src->parser, on_field, on_row, src) != 0 && !c->stop)
		import_report_file(c, c->row_line, tr("CSV 格式错误:从此行开始的引号没有结束",
						      "malformed CSV: a quoted field starting on this line never ends"));
}

/* Text whose lines end in CR alone (old Mac files) gets LF instead, so that lines are counted;
 * text with any LF is left as it is. Returns text. */
static char *cr_lines(char *text, size_t len)
{
	if (memchr(text, '\n', len))
		return text;
	for (char *p = text; (p = memchr(p, '\r', len - (size_t)(p - text))) != NULL; p++)
		*p = '\n';
	return text;
}

/* The encoding to read raw (n bytes) in: enc, or with TEXTENC_AUTO what the bytes show (said
 * once on stderr when it is not UTF-8). TEXTENC_UNKNOWN after a diagnostic. */
static enum textenc choose_encoding(const char *path, const char *raw, size_t n, enum textenc enc, int *mixed)
{
	long bad = 0;
	if (enc != TEXTENC_AUTO) {
		int bom16 = n >= 2 && ((unsigned char)raw[0] == 0xFF || (unsigned char)raw[0] == 0xFE) &&
			    ((unsigned char)raw[1] == 0xFF || (unsigned char)raw[1] == 0xFE);
		return enc == TEXTENC_GB18030 && bom16 ? TEXTENC_UTF16 : enc;   /* a BOM says more than the flag */
	}
	enc = textenc_guess(raw, n, mixed, &bad);
	if (enc == TEXTENC_UNKNOWN)
		diag(path, bad, NULL, "%s",
		     tr("文件既不是 UTF-8 也不是 GBK(GB18030)编码,无法读取。"
			"请在 Excel 中选 另存为 → CSV UTF-8(逗号分隔),再导入",
			"the file is neither UTF-8 nor GBK (GB18030) text. In Excel choose "
			"Save As → CSV UTF-8 (Comma delimited), then import that file"));
	else if (enc != TEXTENC_UTF8)
		diag(path, 0, NULL, tr("注意:文件不是 UTF-8,已按 %s 编码读取", "note: the file is not UTF-8; read as %s"),
		     textenc_name(enc));
	return enc;
}

/* Reads path whole as UTF-8 text, converted from GB18030 or UTF-16 as choose_encoding() says.
 * Sets *tsv for UTF-16 text whose first line holds a tab (Excel's "Unicode text" is tab
 * separated) and *mixed for a UTF-8 header over lines that are not. Returns the buffer (the
 * caller frees it; *len without the NUL), or NULL after a diagnostic. */
static char *read_text(const char *path, enum textenc enc, size_t *len, int *tsv, int *mixed)
{
	size_t n;
	char *raw = slurp(path, &n);
	if (!raw) {
		diag(path, 0, NULL, "%s: %s", tr("无法打开文件", "cannot open the file"), strerror(errno));
		return NULL;
	}
	*tsv = *mixed = 0;
	enc = choose_encoding(path, raw, n, enc, mixed);
	if (enc == TEXTENC_UNKNOWN) {
		free(raw);
		return NULL;
	}
	if (enc == TEXTENC_UTF8) {
		*len = n;
		return cr_lines(raw, n);
	}
	char *text = NULL;
	long bad = 0;
	int rc = textenc_to_utf8(raw, n, enc, &text, len, &bad);
	free(raw);
	if (rc == -1)
		diag(path, bad, NULL, tr("不是有效的 %s 文本(可用 --encoding 指定文件的编码)",
					 "not valid %s text (give the file's encoding with --encoding)"), textenc_name(enc));
	else if (rc < 0)
		diag(path, 0, NULL, "%s", tr("内存不足", "out of memory"));
	if (rc != 0)
		return NULL;
	if (enc == TEXTENC_UTF16) {
		const char *nl = strchr(text, '\n');
		const char *tab = strchr(text, '\t');
		*tsv = tab && (!nl || tab < nl);
	}
	return cr_lines(text, *len);
}

/* Runs the text (len bytes) through libcsv and the row loop, inside the caller's transaction.
 * Returns import_ctx_result(). */
static int read_csv(struct csv_source *src, char *text, size_t len, int tsv)
{
	struct import_ctx *c = &src->c;
	FILE *f = len ? fmemopen(text, len, "rb") : fopen("/dev/null", "rb");
	if (!f) {
		import_fail(c, strerror(errno));
		return import_ctx_result(c);
	}
	if (csv_init(&src->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
		import_fail(c, tr("内存不足", "out of memory"));
	} else {
		/* libcsv grows its field buffer by the block size, 128 bytes by default: a 0.5 MB
		 * cell would take thousands of reallocations. */
		csv_set_blk_size(&src->parser, 64 * 1024);
		if (tsv)
			csv_set_delim(&src->parser, '\t');
		read_lines(src, f);
		csv_free(&src->parser);
	}
	fclose(f);
	return import_ctx_result(c);
}

int import_csv(sqlite3 *db, const char *kind, const char *path, struct import_stats *st)
{
	return import_csv_opts(db, kind, path, NULL, st);
}

int import_csv_opts(sqlite3 *db, const char *kind, const char *path, const struct import_opts *o,
		    struct import_stats *st)
{
	static const struct import_opts defaults;
	if (!o)
		o = &defaults;
	struct import_stats ignored;
	if (!st)
		st = &ignored;
	const struct import_kind *k = import_kind_for(kind, path, st);
	if (!k)
		return 2;
	size_t len = 0;
	int tsv, mixed;
	char *text = read_text(path, o->encoding, &len, &tsv, &mixed);
	if (!text) {
		st->errors = 1;
		return 2;
	}
	struct csv_source src = {.row_done = 1};
	import_ctx_init(&src.c, db, k, path, NULL, o, st);
	src.c.mixed = mixed;
	int rc = import_tx_begin(db, path);
	if (rc == 0 && o->replace)
		rc = import_prune_begin(db, k, path);
	if (rc == 0) {
		rc = read_csv(&src, text, len, tsv);
		import_ctx_free(&src.c);   /* statements finalized before COMMIT */
		if (rc == 0 && o->replace)
			rc = import_prune_finish(db, k, path, o->listing, &st->deleted);
		rc = import_tx_end(db, path, o, rc);
	} else {
		import_ctx_free(&src.c);
	}
	if (rc != 0)
		st->inserted = st->updated = st->deleted = 0;
	free(text);
	return rc;
}
