/* xlsx.c — see xlsx.h. Every XML part goes through one streaming helper (part_*) that refuses
 * DTDs and entries larger than 512 MiB or than they claim; the workbook, its relationships,
 * the styles and the shared strings are read once at open, a sheet row by row when asked. */
#include "xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "date.h"
#include "lang.h"
#include "vec.h"

#define XLSX_MAX_ENTRY   ((zip_uint64_t)512 << 20) /* bytes an entry may unpack to */
#define XLSX_MAX_SST     ((size_t)64 << 20)        /* shared strings: text plus XLSX_SST_COST each */
#define XLSX_SST_COST    8
#define XLSX_MAX_ROWTEXT ((size_t)16 << 20)        /* a row's own (not shared) text */
#define XLSX_MAX_SHEETS  65536
#define XLSX_MAX_XFS     1048576                   /* cell formats, and custom number formats */
#define XLSX_MAX_RAW     ((size_t)7 * XLSX_MAX_CELL_CHARS) /* undecoded: "_xHHHH_" is 7 bytes a char */
#define XLSX_SERIAL_MAX  2958465                   /* 9999-12-31 in the 1900 date system */
#define XLSX_SERIAL_1904 1462                      /* days between the two date systems */

struct xlsx_sheet {
	char *name;
	char *rid;  /* its relationship id in the workbook */
	char *part; /* its part name in the zip, e.g. "xl/worksheets/sheet1.xml" */
};

struct xlsx_book {
	zip_t *zip;
	struct xlsx_sheet *sheets;
	size_t nsheets, sheets_cap;
	bool date1904;
	char *sst;          /* the shared strings, each NUL-terminated, one after another */
	size_t sst_len;     /* bytes used in sst, terminators included */
	size_t sst_cap;
	uint32_t *sst_off;  /* where string i starts in sst */
	size_t nsst, off_cap;
	unsigned char *xf_date; /* per cell format (the s attribute): 1 if it shows a date */
	size_t nxf;
};

/* A growing NUL-terminated byte string. */
struct xbuf {
	char *p;
	size_t len, cap;
};

/* Appends n bytes of s, keeping the buffer NUL-terminated. Returns 0, or -1 when out of memory. */
static int xbuf_add(struct xbuf *b, const char *s, size_t n)
{
	if (n > SIZE_MAX - b->len - 1 || vec_reserve(&b->p, &b->cap, b->len + n + 1, 1) < 0)
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int fail_nomem(char *err, size_t errlen) { return fail(err, errlen, "%s", tr("内存不足", "out of memory")); }

static const char *msg_not_book(void) { return tr("不是 Excel 工作簿(.xlsx)", "not an Excel workbook (.xlsx)"); }

static const char *msg_encrypted(void)
{
	return tr("工作簿有密码保护:请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入",
		  "the workbook is password protected: remove the password in Excel or WPS, save it as .xlsx and import that");
}

/* ---- One XML part of the zip, streamed ---- */

/* Where the bytes read so far leave the prolog, the part before the root element: text,
 * after "<", after "<!", after "<!-", in a comment (counting the dashes just seen), in a
 * processing instruction (after "?" or not), past the prolog. */
enum prolog { PR_TEXT, PR_LT, PR_BANG, PR_BANG_DASH, PR_COMMENT, PR_PI, PR_PI_Q, PR_DONE };

struct part {
	const char *what;   /* the name errors give: the part, or the sheet */
	zip_file_t *zf;
	zip_uint64_t left;  /* bytes the entry may still yield: its stated size */
	int io;             /* 1 the entry yielded more than it claimed, 2 a read error, 3 a DTD */
	enum prolog pro;
	int dashes;
	char zmsg[128];
	xmlTextReaderPtr rd;
	char xmsg[160];     /* the first XML error, and its line */
	int xline;
};

/* Follows the prolog through n more bytes: anything but a comment or a processing
 * instruction that starts with "<!" there is a DTD. NUL bytes are skipped, so UTF-16 is
 * followed too. Returns -1 on a DTD, else 0. */
static int prolog_scan(struct part *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && p->pro != PR_DONE; i++) {
		char c = buf[i];
		switch (c ? p->pro : PR_DONE) {
		case PR_TEXT:
			p->pro = c == '<' ? PR_LT : PR_TEXT;
			break;
		case PR_LT:
			p->pro = c == '!' ? PR_BANG : c == '?' ? PR_PI : PR_DONE;
			break;
		case PR_BANG:
		case PR_BANG_DASH:
			if (c != '-')
				return -1;
			p->pro = p->pro == PR_BANG ? PR_BANG_DASH : PR_COMMENT;
			p->dashes = 0;
			break;
		case PR_COMMENT:
			p->pro = c == '>' && p->dashes >= 2 ? PR_TEXT : PR_COMMENT;
			p->dashes = c == '-' ? p->dashes + 1 : 0;
			break;
		case PR_PI:
		case PR_PI_Q:
			p->pro = c == '>' && p->pro == PR_PI_Q ? PR_TEXT : c == '?' ? PR_PI_Q : PR_PI;
			break;
		case PR_DONE:
			break;
		}
	}
	return 0;
}

static int part_read(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	if (len <= 0)
		return 0;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (n < 0) {
		p->io = 2;
		snprintf(p->zmsg, sizeof p->zmsg, "%s", zip_file_strerror(p->zf));
		return -1;
	}
	if ((zip_uint64_t)n > p->left) {
		p->io = 1;
		return -1;
	}
	p->left -= (zip_uint64_t)n;
	if (prolog_scan(p, buf, (size_t)n) < 0) {
		p->io = 3;
		return -1;
	}
	return (int)n;
}

static void part_xml_error(void *ctx, xmlErrorPtr e)
{
	struct part *p = ctx;
	if (p->xmsg[0] || !e || e->level < XML_ERR_ERROR)
		return;
	snprintf(p->xmsg, sizeof p->xmsg, "%s", e->message ? e->message : "?");
	p->xmsg[strcspn(p->xmsg, "\r\n")] = '\0';
	p->xline = e->line;
}

/* The stat of entry idx, refused when it is encrypted or would unpack to more than 512 MiB.
 * Returns 0 or -1 with a reason in err. */
static int part_check(zip_t *z, zip_uint64_t idx, const char *name, zip_stat_t *st, char *err, size_t errlen)
{
	if (zip_stat_index(z, idx, 0, st) < 0)
		return fail(err, errlen, "%s: %s", name, zip_strerror(z));
	if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE)
		return fail(err, errlen, "%s", msg_encrypted());
	if (!(st->valid & ZIP_STAT_SIZE) || st->size > XLSX_MAX_ENTRY)
		return fail(err, errlen, tr("%s 解压后超过 512 MiB,拒绝读取", "%s unpacks to more than 512 MiB; refused"), name);
	return 0;
}

/* Opens the zip entry name (found ignoring case, as part names are) as a streaming XML reader
 * in *p; what names it in errors and must outlive p. Returns 0 (close p with part_close), 1
 * when there is no such entry, or -1 with a reason in err. */
static int part_open(zip_t *z, const char *name, const char *what, struct part *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	p->what = what;
	zip_int64_t idx = zip_name_locate(z, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return 1;
	zip_stat_t st;
	if (part_check(z, (zip_uint64_t)idx, what, &st, err, errlen) < 0)
		return -1;
	p->left = st.size;
	p->zf = zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (!p->zf)
		return fail(err, errlen, "%s: %s", name, zip_strerror(z));
	/* Errors libxml2 raises outside the parser's context (an encoding it cannot convert, the
	 * I/O error that follows, from the reader's first bytes on) go to the thread's handler, by
	 * default printed on stderr: while the part is open they come here, to be reported like
	 * any other. Parts are read one at a time and nothing else sets that handler, so closing
	 * one puts back libxml2's default (its globals for the previous handler are deprecated
	 * from libxml2 2.12). */
	xmlSetStructuredErrorFunc(p, part_xml_error);
	p->rd = xmlReaderForIO(part_read, NULL, p, name, NULL, XML_PARSE_NONET);
	if (!p->rd) {
		xmlSetStructuredErrorFunc(NULL, NULL);
		zip_fclose(p->zf);
		p->zf = NULL;
		return fail_nomem(err, errlen);
	}
	xmlTextReaderSetStructuredErrorHandler(p->rd, part_xml_error, p);
	return 0;
}

static void part_close(struct part *p)
{
	if (p->rd) {
		xmlFreeTextReader(p->rd);
		xmlSetStructuredErrorFunc(NULL, NULL);
	}
	if (p->zf)
		zip_fclose(p->zf);
	p->rd = NULL;
	p->zf = NULL;
}

/* Moves p to its next node. Returns 1, 0 at the end of the part, or -1 with a reason in err:
 * malformed XML, a DTD, a read failure. A DTD is refused as its bytes arrive, before libxml2
 * parses it (part_read); the DOCTYPE node check is a second line for encodings the byte scan
 * cannot follow. */
static int part_next(struct part *p, char *err, size_t errlen)
{
	int rc = xmlTextReaderRead(p->rd);
	if ((rc == 1 && xmlTextReaderNodeType(p->rd) == XML_READER_TYPE_DOCUMENT_TYPE) || (rc < 0 && p->io == 3))
		return fail(err, errlen, tr("%s: 含有 DTD(文档类型声明),拒绝读取", "%s: holds a DTD (document type declaration); refused"),
			    p->what);
	if (rc >= 0)
		return rc;
	if (p->io == 1)
		return fail(err, errlen, tr("%s: 解压后比它声明的大小更长,拒绝读取", "%s: unpacks to more than its stated size; refused"),
			    p->what);
	if (p->io == 2)
		return fail(err, errlen, tr("%s: 读取失败:%s", "%s: cannot read: %s"), p->what, p->zmsg);
	if (p->xmsg[0] && p->xline > 0)
		return fail(err, errlen, tr("%s: XML 格式错误(第 %d 行):%s", "%s: malformed XML (line %d): %s"), p->what, p->xline,
			    p->xmsg);
	if (p->xmsg[0]) /* raised before the parser had a line: the encoding of the first bytes */
		return fail(err, errlen, tr("%s: XML 格式错误:%s", "%s: malformed XML: %s"), p->what, p->xmsg);
	return fail(err, errlen, tr("%s: XML 格式错误", "%s: malformed XML"), p->what);
}

static bool is_el(xmlTextReaderPtr rd, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(rd);
	return n && strcmp((const char *)n, local) == 0;
}

/* Copies attribute name of the current element into out (n bytes, truncated to fit). Returns
 * 1, 0 when the element has no such attribute, or -1 when the value was truncated. */
static int attr_get(xmlTextReaderPtr rd, const char *name, char *out, size_t n)
{
	if (xmlTextReaderMoveToAttribute(rd, BAD_CAST name) != 1)
		return 0;
	const xmlChar *v = xmlTextReaderConstValue(rd);
	int rc = snprintf(out, n, "%s", v ? (const char *)v : "") < (int)n ? 1 : -1;
	xmlTextReaderMoveToElement(rd);
	return rc;
}

/* Sets *out to a copy of attribute name (the caller frees), or NULL when there is none.
 * Returns 0, or -1 when out of memory. */
static int attr_dup(xmlTextReaderPtr rd, const char *name, char **out)
{
	xmlChar *v = xmlTextReaderGetAttribute(rd, BAD_CAST name);
	*out = v ? strdup((const char *)v) : NULL;
	xmlFree(v);
	return v && !*out ? -1 : 0;
}

/* Like attr_dup for the relationship id (r:id, whatever the prefix). */
static int attr_dup_rid(xmlTextReaderPtr rd, char **out)
{
	int rc = 0;
	*out = NULL;
	for (int ok = xmlTextReaderMoveToFirstAttribute(rd); ok == 1 && !*out && rc == 0;
	     ok = xmlTextReaderMoveToNextAttribute(rd)) {
		const char *ln = (const char *)xmlTextReaderConstLocalName(rd);
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
		const char *v = (const char *)xmlTextReaderConstValue(rd);
		if (ln && ns && v && strcmp(ln, "id") == 0 && strstr(ns, "relationships")) {
			*out = strdup(v);
			rc = *out ? 0 : -1;
		}
	}
	xmlTextReaderMoveToElement(rd);
	return rc;
}

/* ---- Part names and relationships ---- */

/* Returns the part name target points at from the folder base ("xl", "" for the package
 * root; a target starting with "/" is absolute), "." and ".." resolved; the caller frees.
 * NULL when out of memory. */
static char *part_resolve(const char *base, const char *target)
{
	const char *src[2] = { target[0] == '/' ? "" : base, target };
	char *out = malloc(strlen(src[0]) + strlen(target) + 2);
	if (!out)
		return NULL;
	size_t n = 0;
	for (int k = 0; k < 2; k++)
		for (const char *s = src[k]; *s;) {
			size_t len = strcspn(s, "/");
			if (len == 2 && s[0] == '.' && s[1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				n -= n > 0;
			} else if (len > 0 && !(len == 1 && s[0] == '.')) {
				if (n)
					out[n++] = '/';
				memcpy(out + n, s, len);
				n += len;
			}
			s += len + (s[len] == '/');
		}
	out[n] = '\0';
	return out;
}

/* The folder of a part name ("xl/workbook.xml" -> "xl"); the caller frees. */
static char *part_dir(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t n = slash ? (size_t)(slash - name) : 0;
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, name, n);
		d[n] = '\0';
	}
	return d;
}

/* The relationships part of a part ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
static char *part_rels(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t dir = slash ? (size_t)(slash - name) + 1 : 0;
	size_t len = strlen(name) + sizeof "_rels/" + sizeof ".rels";
	char *r = malloc(len);
	if (r)
		snprintf(r, len, "%.*s_rels/%s.rels", (int)dir, name, name + dir);
	return r;
}

struct rel {
	char *id, *type, *target; /* target resolved to a part name */
};

struct rels {
	struct rel *v;
	size_t n, cap;
};

static void rels_free(struct rels *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* Adds the <Relationship> the reader is on (internal targets only) to r. Returns 0 or -1. */
static int rels_add(struct rels *r, xmlTextReaderPtr rd, const char *base)
{
	struct rel e = { 0 };
	char *target = NULL, *mode = NULL;
	int rc = -1;
	if (attr_dup(rd, "Id", &e.id) < 0 || attr_dup(rd, "Type", &e.type) < 0 ||
	    attr_dup(rd, "Target", &target) < 0 || attr_dup(rd, "TargetMode", &mode) < 0)
		goto out;
	rc = 0;
	if (!e.id || !e.type || !target || (mode && strcmp(mode, "External") == 0))
		goto out;
	rc = -1;
	if (!(e.target = part_resolve(base, target)) || vec_reserve(&r->v, &r->cap, r->n + 1, sizeof *r->v) < 0)
		goto out;
	r->v[r->n++] = e;
	memset(&e, 0, sizeof e);
	rc = 0;
out:
	free(e.id);
	free(e.type);
	free(e.target);
	free(target);
	free(mode);
	return rc;
}

/* Reads the relationships part name, whose targets are relative to the folder base, into *r
 * (the caller frees it with rels_free even on failure). Returns 0, 1 when the part is
 * missing, or -1 with a reason in err. */
static int rels_read(zip_t *z, const char *name, const char *base, struct rels *r, char *err, size_t errlen)
{
	struct part p;
	int rc = part_open(z, name, name, &p, err, errlen);
	if (rc != 0)
		return rc;
	while ((rc = part_next(&p, err, errlen)) == 1)
		if (xmlTextReaderNodeType(p.rd) == XML_READER_TYPE_ELEMENT && is_el(p.rd, "Relationship") &&
		    rels_add(r, p.rd, base) < 0) {
			rc = fail_nomem(err, errlen);
			break;
		}
	part_close(&p);
	return rc;
}

static const struct rel *rels_by_id(const struct rels *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

/* The first relationship whose type ends in "/" suffix ("officeDocument", "styles", ...). */
static const struct rel *rels_by_type(const struct rels *r, const char *suffix)
{
	size_t sl = strlen(suffix);
	for (size_t i = 0; i < r->n; i++) {
		size_t tl = strlen(r->v[i].type);
		if (tl > sl && r->v[i].type[tl - sl - 1] == '/' && strcmp(r->v[i].type + tl - sl, suffix) == 0)
			return &r->v[i];
	}
	return NULL;
}

/* ---- Text as Excel stores it ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The UTF-16 unit escaped as "_xHHHH_" at s (n bytes available), or -1 when there is none. */
static long escape_at(const char *s, size_t n)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	long u = 0;
	for (int i = 2; i < 6; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return -1;
		u = u * 16 + h;
	}
	return u;
}

static size_t utf8_put(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Decodes the _xHHHH_ escapes of OOXML strings in the n bytes at s, in place ("_x000D_" is a
 * carriage return, "_x005F_" an underscore; a surrogate pair is two escapes; U+0000 is
 * dropped, a lone surrogate becomes U+FFFD). Returns the new length. */
static size_t unescape(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		long u = escape_at(s + i, n - i);
		if (u < 0) {
			s[o++] = s[i++];
			continue;
		}
		i += 7;
		long lo = u >= 0xD800 && u < 0xDC00 ? escape_at(s + i, n - i) : -1;
		if (lo >= 0xDC00 && lo < 0xE000) {
			i += 7;
			o += utf8_put(s + o, 0x10000 + ((unsigned long)(u - 0xD800) << 10) + (unsigned long)(lo - 0xDC00));
		} else if (u >= 0xD800 && u < 0xE000) {
			o += utf8_put(s + o, 0xFFFD);
		} else if (u != 0) {
			o += utf8_put(s + o, (unsigned long)u);
		}
	}
	return o;
}

/* The length of the UTF-8 text s (n bytes) in UTF-16 units, the way Excel counts characters. */
static size_t utf16_units(const char *s, size_t n)
{
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		u += (c & 0xC0) != 0x80;
		u += c >= 0xF0;
	}
	return u;
}

/* ---- Numbers and dates ---- */

/* Parses a decimal number as the <v> of a number cell holds it (surrounding blanks allowed).
 * Returns 0, or -1 when v is not one or is not finite. */
static int num_parse(const char *v, double *out)
{
	const char *p = v + strspn(v, " \t\r\n");
	const char *start = p;
	size_t digits = 0;
	p += *p == '+' || *p == '-';
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits && (*p == 'e' || *p == 'E')) {
		p++;
		p += *p == '+' || *p == '-';
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		p += strspn(p, "0123456789");
	}
	if (!digits || p[strspn(p, " \t\r\n")] != '\0')
		return -1;
	*out = strtod(start, NULL);
	return isfinite(*out) ? 0 : -1;
}

/* Writes the 15..17 significant digits that read back as x (trailing zeros dropped) into
 * digits and returns how many; *exp is the power of ten of the first digit. x is not 0. */
static size_t num_digits(double x, char digits[20], int *exp)
{
	char e[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec - 1, fabs(x));
		if (strtod(e, NULL) == fabs(x))
			break;
	}
	size_t nd = 0;
	const char *p = e;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	*exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	return nd;
}

/* Writes x as text: an integer without ".0"; otherwise the fewest significant digits (15 to
 * 17) that read back as x, without an exponent from 1e-10 up to 1e21 ("5000.5", "0.1"), with
 * one beyond ("1.5E-12", "1E+21"). */
static void num_format(double x, char out[64])
{
	if (x == 0) {
		strcpy(out, "0");
		return;
	}
	if (fabs(x) < 9007199254740992.0 && x == floor(x)) {
		snprintf(out, 64, "%.0f", x);
		return;
	}
	char d[20];
	int exp;
	size_t nd = num_digits(x, d, &exp), o = 0;
	if (x < 0)
		out[o++] = '-';
	if (exp >= 21 || exp < -10) {
		out[o++] = d[0];
		if (nd > 1)
			out[o++] = '.';
		memcpy(out + o, d + 1, nd - 1);
		o += nd - 1;
		snprintf(out + o, 64 - o, "E%+03d", exp);
		return;
	}
	if (exp < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = -1; i > exp; i--)
			out[o++] = '0';
		memcpy(out + o, d, nd);
		o += nd;
	} else {
		for (int i = 0; i <= exp; i++)
			out[o++] = (size_t)i < nd ? d[i] : '0';
		if (nd > (size_t)exp + 1) {
			out[o++] = '.';
			memcpy(out + o, d + exp + 1, nd - (size_t)exp - 1);
			o += nd - (size_t)exp - 1;
		}
	}
	out[o] = '\0';
}

/* Writes the day of serial (a day number of b's date system; the time of day dropped) as
 * YYYY-MM-DD. 1900 system: 1 is 1900-01-01 and 60 Excel's 1900-02-29, which never was; 1904
 * system: 0 is 1904-01-01. Returns 0, or -1 when serial is outside 0001..9999-12-31 as Excel
 * shows it (the caller then shows the number). */
static int date_text(const struct xlsx_book *b, double serial, char out[DATE_ISO_LEN])
{
	if (!(serial >= 0 && serial < XLSX_SERIAL_MAX + 1.0))
		return -1;
	long s = (long)floor(serial);
	if (b->date1904) {
		if (s > XLSX_SERIAL_MAX - XLSX_SERIAL_1904)
			return -1;
		date_format(date_from_ymd(1904, 1, 1) + (date_t)s, out);
		return 0;
	}
	if (s < 1)
		return -1;
	if (s == 60) {
		memcpy(out, "1900-02-29", DATE_ISO_LEN);
		return 0;
	}
	date_format(date_from_ymd(1899, 12, s < 60 ? 31 : 30) + (date_t)s, out);
	return 0;
}

/* Whether a number format code shows a date: a y or d (any case) outside quoted text,
 * [..] brackets and the characters escaped by \, _ and *. */
static bool fmt_is_date(const char *code)
{
	for (const char *s = code; *s; s++) {
		switch (*s) {
		case '"':
		case '[':
			s = strchr(s + 1, *s == '"' ? '"' : ']');
			if (!s)
				return false;
			break;
		case '\\':
		case '_':
		case '*':
			if (!*++s)
				return false;
			break;
		case 'y':
		case 'Y':
		case 'd':
		case 'D':
			return true;
		}
	}
	return false;
}

/* Whether built-in number format id is a date: 14-17, 22, and the East Asian 27-36, 50-58. */
static bool builtin_is_date(unsigned long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* ---- Workbook, styles, shared strings ---- */

static bool attr_true(xmlTextReaderPtr rd, const char *name)
{
	char v[8];
	return attr_get(rd, name, v, sizeof v) == 1 && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* Adds the <sheet> the reader is on to b's sheets. Returns 0 or -1 with a reason in err. */
static int book_add_sheet(struct xlsx_book *b, xmlTextReaderPtr rd, char *err, size_t errlen)
{
	if (b->nsheets >= XLSX_MAX_SHEETS)
		return fail(err, errlen, tr("%s:工作表超过 %d 个", "%s: more than %d sheets"), msg_not_book(), XLSX_MAX_SHEETS);
	if (vec_reserve(&b->sheets, &b->sheets_cap, b->nsheets + 1, sizeof *b->sheets) < 0)
		return fail_nomem(err, errlen);
	struct xlsx_sheet *s = &b->sheets[b->nsheets++];
	memset(s, 0, sizeof *s);
	if (attr_dup(rd, "name", &s->name) < 0 || attr_dup_rid(rd, &s->rid) < 0)
		return fail_nomem(err, errlen);
	if (!s->name || !s->rid)
		return fail(err, errlen, tr("%s:第 %zu 个工作表没有名称或关系编号", "%s: sheet %zu has no name or relationship id"),
			    msg_not_book(), b->nsheets);
	return 0;
}

/* Reads the sheet list and the date system from the workbook part name. Returns 0 or -1 with
 * a reason in err (also when the part is not a <workbook>). */
static int book_read_workbook(struct xlsx_book *b, const char *name, char *err, size_t errlen)
{
	struct part p;
	int rc = part_open(b->zip, name, name, &p, err, errlen);
	if (rc == 1)
		return fail(err, errlen, tr("%s:缺少 %s", "%s: no %s"), msg_not_book(), name);
	bool root = true;
	while (rc == 0 && (rc = part_next(&p, err, errlen)) == 1) {
		rc = 0;
		if (xmlTextReaderNodeType(p.rd) != XML_READER_TYPE_ELEMENT)
			continue;
		if (root && !is_el(p.rd, "workbook"))
			rc = fail(err, errlen, tr("%s:%s 不是工作簿", "%s: %s is not a workbook"), msg_not_book(), name);
		else if (is_el(p.rd, "workbookPr"))
			b->date1904 = attr_true(p.rd, "date1904");
		else if (is_el(p.rd, "sheet"))
			rc = book_add_sheet(b, p.rd, err, errlen);
		root = false;
	}
	part_close(&p);
	if (rc == 0 && b->nsheets == 0)
		rc = fail(err, errlen, tr("%s:没有工作表", "%s: it has no sheets"), msg_not_book());
	return rc;
}

/* Finds each sheet's part through the workbook's relationships. Returns 0 or -1 with a
 * reason in err (a sheet without a relationship or without its part). */
static int book_find_sheets(struct xlsx_book *b, const struct rels *r, char *err, size_t errlen)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		struct xlsx_sheet *s = &b->sheets[i];
		const struct rel *e = rels_by_id(r, s->rid);
		if (!e || zip_name_locate(b->zip, e->target, ZIP_FL_NOCASE) < 0)
			return fail(err, errlen, tr("%s:工作表“%s”缺少内容(%s)", "%s: sheet \"%s\" has no content (%s)"),
				    msg_not_book(), s->name, e ? e->target : s->rid);
		if (!(s->part = strdup(e->target)))
			return fail_nomem(err, errlen);
	}
	return 0;
}

struct numfmt {
	unsigned long id;
	bool date;
};

struct styles {
	struct numfmt *fmt; /* the custom number formats */
	size_t nfmt, fmt_cap;
	unsigned long *xf;  /* numFmtId of each cell format (cellXfs) */
	size_t nxf, xf_cap;
};

/* Records the <numFmt> or <xf> the reader is on (at depth 2, in section sec). Returns 0 or -1. */
static int styles_add(struct styles *st, xmlTextReaderPtr rd, const char *sec, char *err, size_t errlen)
{
	char id[24] = "0";
	attr_get(rd, "numFmtId", id, sizeof id);
	unsigned long n = strtoul(id, NULL, 10);
	bool fmt = strcmp(sec, "numFmts") == 0 && is_el(rd, "numFmt");
	if (!fmt && !(strcmp(sec, "cellXfs") == 0 && is_el(rd, "xf")))
		return 0;
	if ((fmt ? st->nfmt : st->nxf) >= XLSX_MAX_XFS)
		return fail(err, errlen, tr("styles.xml: 单元格格式超过 %d 个", "styles.xml: more than %d cell formats"), XLSX_MAX_XFS);
	if (!fmt) {
		if (vec_reserve(&st->xf, &st->xf_cap, st->nxf + 1, sizeof *st->xf) < 0)
			return fail_nomem(err, errlen);
		st->xf[st->nxf++] = n;
		return 0;
	}
	char *code = NULL;
	if (attr_dup(rd, "formatCode", &code) < 0 || vec_reserve(&st->fmt, &st->fmt_cap, st->nfmt + 1, sizeof *st->fmt) < 0) {
		free(code);
		return fail_nomem(err, errlen);
	}
	st->fmt[st->nfmt++] = (struct numfmt){ n, code && fmt_is_date(code) };
	free(code);
	return 0;
}

static bool styles_is_date(const struct styles *st, unsigned long id)
{
	for (size_t i = st->nfmt; i-- > 0;)
		if (st->fmt[i].id == id)
			return st->fmt[i].date;
	return builtin_is_date(id);
}

/* Reads which cell formats of the styles part name show dates into b->xf_date. A missing part
 * is fine. Returns 0 or -1 with a reason in err. */
static int book_read_styles(struct xlsx_book *b, const char *name, char *err, size_t errlen)
{
	struct styles st = { 0 };
	struct part p;
	char sec[16] = "";
	int rc = part_open(b->zip, name, name, &p, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	while ((rc = part_next(&p, err, errlen)) == 1) {
		rc = 0;
		if (xmlTextReaderNodeType(p.rd) != XML_READER_TYPE_ELEMENT)
			continue;
		int depth = xmlTextReaderDepth(p.rd);
		if (depth == 1)
			snprintf(sec, sizeof sec, "%s", (const char *)xmlTextReaderConstLocalName(p.rd));
		else if (depth == 2 && (rc = styles_add(&st, p.rd, sec, err, errlen)) < 0)
			break;
	}
	part_close(&p);
	if (rc == 0 && st.nxf && !(b->xf_date = malloc(st.nxf)))
		rc = fail_nomem(err, errlen);
	for (size_t i = 0; rc == 0 && i < st.nxf; i++)
		b->xf_date[i] = styles_is_date(&st, st.xf[i]);
	b->nxf = rc == 0 ? st.nxf : 0;
	free(st.fmt);
	free(st.xf);
	return rc;
}

/* Reading state for the shared strings. */
struct sst_read {
	bool in_si, in_t, in_rph;
	size_t start; /* where the current string starts in the book's sst */
};

/* Appends n bytes to the book's shared strings within the 64 MiB budget. Returns 0 or -1. */
static int sst_add(struct xlsx_book *b, const char *s, size_t n, char *err, size_t errlen)
{
	size_t used = b->sst_len + (b->nsst + 1) * XLSX_SST_COST;
	if (n > XLSX_MAX_SST || used > XLSX_MAX_SST - n)
		return fail(err, errlen, "%s", tr("共享字符串超过 64 MiB,拒绝读取", "the shared strings exceed 64 MiB; refused"));
	if (vec_reserve(&b->sst, &b->sst_cap, b->sst_len + n + 1, 1) < 0)
		return fail_nomem(err, errlen);
	memcpy(b->sst + b->sst_len, s, n);
	b->sst_len += n;
	return 0;
}

/* Ends the current shared string: decodes it in place and adds its terminator and offset. */
static int sst_end(struct xlsx_book *b, struct sst_read *s, char *err, size_t errlen)
{
	s->in_si = s->in_t = s->in_rph = false;
	if (b->sst_len > s->start)
		b->sst_len = s->start + unescape(b->sst + s->start, b->sst_len - s->start);
	if (sst_add(b, "", 1, err, errlen) < 0)
		return -1;
	if (vec_reserve(&b->sst_off, &b->off_cap, b->nsst + 1, sizeof *b->sst_off) < 0)
		return fail_nomem(err, errlen);
	b->sst_off[b->nsst++] = (uint32_t)s->start;
	return 0;
}

/* Handles one node of the shared strings part: <si> strings of <t> text, directly or in
 * rich-text runs <r>, leaving out the phonetic runs <rPh>. */
static int sst_node(struct xlsx_book *b, struct sst_read *s, xmlTextReaderPtr rd, char *err, size_t errlen)
{
	int type = xmlTextReaderNodeType(rd);
	bool empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(rd) == 1;
	if (type == XML_READER_TYPE_ELEMENT && is_el(rd, "si")) {
		s->in_si = true;
		s->start = b->sst_len;
		return empty ? sst_end(b, s, err, errlen) : 0;
	}
	if (!s->in_si)
		return 0;
	if (type == XML_READER_TYPE_END_ELEMENT && is_el(rd, "si"))
		return sst_end(b, s, err, errlen);
	if (type == XML_READER_TYPE_ELEMENT && !empty && is_el(rd, "t"))
		s->in_t = true;
	else if (type == XML_READER_TYPE_END_ELEMENT && is_el(rd, "t"))
		s->in_t = false;
	else if (type == XML_READER_TYPE_ELEMENT && !empty && is_el(rd, "rPh"))
		s->in_rph = true;
	else if (type == XML_READER_TYPE_END_ELEMENT && is_el(rd, "rPh"))
		s->in_rph = false;
	else if (s->in_t && !s->in_rph &&
		 (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE ||
		  type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
		const char *v = (const char *)xmlTextReaderConstValue(rd);
		return v ? sst_add(b, v, strlen(v), err, errlen) : 0;
	}
	return 0;
}

/* Reads the shared strings part name into b. A missing part is fine. Returns 0 or -1. */
static int book_read_sst(struct xlsx_book *b, const char *name, char *err, size_t errlen)
{
	struct sst_read s = { 0 };
	struct part p;
	int rc = part_open(b->zip, name, name, &p, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	while ((rc = part_next(&p, err, errlen)) == 1)
		if ((rc = sst_node(b, &s, p.rd, err, errlen)) < 0)
			break;
	part_close(&p);
	return rc;
}

/* ---- Opening ---- */

/* Whether the OLE compound file f holds a stream named EncryptedPackage, as a password
 * protected .xlsx does: its directory entries sit at multiples of 128 bytes and begin with
 * the name in UTF-16LE. */
static bool ole_encrypted(FILE *f)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0\0";
	char rec[128];
	rewind(f);
	while (fread(rec, 1, sizeof rec, f) == sizeof rec)
		if (memcmp(rec, name, sizeof name) == 0)
			return true;
	return false;
}

/* Looks at the first bytes of path and refuses, with a reason, what libzip would only call
 * "not a zip": an empty file, an old binary .xls and a password-protected workbook (both OLE
 * compound files). Returns 0 or -1. */
static int book_sniff(const char *path, char *err, size_t errlen)
{
	static const unsigned char ole[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(err, errlen, tr("无法打开:%s", "cannot open: %s"), strerror(errno));
	unsigned char head[8];
	size_t n = fread(head, 1, sizeof head, f);
	int rc = 0;
	if (ferror(f))
		rc = fail(err, errlen, tr("无法读取:%s", "cannot read: %s"), strerror(errno));
	else if (n == 0)
		rc = fail(err, errlen, tr("%s:文件是空的", "%s: the file is empty"), msg_not_book());
	else if (n == sizeof ole && memcmp(head, ole, n) == 0)
		rc = fail(err, errlen, "%s", ole_encrypted(f) ? msg_encrypted()
			  : tr("这是旧版 Excel 文件(.xls):请在 Excel 或 WPS 中另存为 .xlsx 再导入",
			       "this is an old Excel file (.xls): save it as .xlsx in Excel or WPS and import that"));
	fclose(f);
	return rc;
}

static int book_zip_open(struct xlsx_book *b, const char *path, char *err, size_t errlen)
{
	int code = 0;
	b->zip = zip_open(path, ZIP_RDONLY, &code);
	if (b->zip)
		return 0;
	zip_error_t ze;
	zip_error_init_with_code(&ze, code);
	if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_MEMORY)
		fail(err, errlen, tr("无法打开:%s", "cannot open: %s"), zip_error_strerror(&ze));
	else if (code == ZIP_ER_NOZIP)
		fail(err, errlen, "%s", msg_not_book());
	else
		fail(err, errlen, tr("%s(zip 文件损坏:%s)", "%s (damaged zip file: %s)"), msg_not_book(), zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

/* Sets *name to the workbook part (the caller frees): the package's officeDocument
 * relationship, else xl/workbook.xml. Returns 0 or -1 with a reason in err. */
static int book_find_main(struct xlsx_book *b, char **name, char *err, size_t errlen)
{
	struct rels r = { 0 };
	int rc = rels_read(b->zip, "_rels/.rels", "", &r, err, errlen);
	const struct rel *e = rc == 0 ? rels_by_type(&r, "officeDocument") : NULL;
	if (rc >= 0 && !(*name = strdup(e ? e->target : "xl/workbook.xml")))
		rc = fail_nomem(err, errlen);
	rels_free(&r);
	if (rc < 0)
		return -1;
	size_t n = strlen(*name);
	if (n > 4 && strcmp(*name + n - 4, ".bin") == 0)
		return fail(err, errlen, "%s", tr("这是 Excel 二进制工作簿(.xlsb):请另存为 .xlsx 再导入",
						"this is an Excel binary workbook (.xlsb): save it as .xlsx and import that"));
	return 0;
}

/* The part the workbook's relationship of type suffix points at, else dir/fallback. */
static char *book_part(const struct rels *r, const char *suffix, const char *dir, const char *fallback)
{
	const struct rel *e = rels_by_type(r, suffix);
	return e ? strdup(e->target) : part_resolve(dir, fallback);
}

/* Reads everything but the sheets' cells from the workbook part name. Returns 0 or -1. */
static int book_load(struct xlsx_book *b, const char *name, char *err, size_t errlen)
{
	struct rels r = { 0 };
	char *dir = part_dir(name), *rels = part_rels(name), *sst = NULL, *styles = NULL;
	int rc = -1;
	if (!dir || !rels) {
		fail_nomem(err, errlen);
		goto out;
	}
	if (book_read_workbook(b, name, err, errlen) < 0 || (rc = rels_read(b->zip, rels, dir, &r, err, errlen)) < 0)
		goto out;
	if (rc == 1) {
		rc = fail(err, errlen, tr("%s:缺少 %s", "%s: no %s"), msg_not_book(), rels);
		goto out;
	}
	sst = book_part(&r, "sharedStrings", dir, "sharedStrings.xml");
	styles = book_part(&r, "styles", dir, "styles.xml");
	if (!sst || !styles)
		rc = fail_nomem(err, errlen);
	else if ((rc = book_find_sheets(b, &r, err, errlen)) == 0 && (rc = book_read_styles(b, styles, err, errlen)) == 0)
		rc = book_read_sst(b, sst, err, errlen);
out:
	rels_free(&r);
	free(dir);
	free(rels);
	free(sst);
	free(styles);
	return rc;
}

struct xlsx_book *xlsx_open(const char *path, char *err, size_t errlen)
{
	struct xlsx_book *b = NULL;
	char *wb = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (book_sniff(path, err, errlen) < 0)
		return NULL;
	if (!(b = calloc(1, sizeof *b))) {
		fail_nomem(err, errlen);
		return NULL;
	}
	if (book_zip_open(b, path, err, errlen) < 0 || book_find_main(b, &wb, err, errlen) < 0 ||
	    book_load(b, wb, err, errlen) < 0) {
		xlsx_close(b);
		b = NULL;
	}
	free(wb);
	return b;
}

void xlsx_close(struct xlsx_book *b)
{
	if (!b)
		return;
	if (b->zip)
		zip_discard(b->zip);
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].rid);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->sst);
	free(b->sst_off);
	free(b->xf_date);
	free(b);
}

size_t xlsx_sheet_count(const struct xlsx_book *b) { return b ? b->nsheets : 0; }

const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i)
{
	return b && i < b->nsheets ? b->sheets[i].name : NULL;
}

void xlsx_colname(size_t col, char out[8])
{
	char tmp[8];
	size_t n = 0;
	for (size_t c = col; n < 7; c = c / 26 - 1) {
		tmp[n++] = (char)('A' + c % 26);
		if (c < 26)
			break;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* ---- Reading a sheet ---- */

enum cell_type { CT_NUM, CT_SST, CT_INLINE, CT_STR, CT_BOOL, CT_DATE, CT_RAW };

/* A non-empty cell of the current row: its text is at text.p + off in the row's own text,
 * or ext (a shared string). */
struct sheet_cell {
	size_t col, off;
	const char *ext;
};

struct sheet {
	struct xlsx_book *b;
	const char *name;
	char *err;
	size_t errlen;
	xlsx_row_fn fn;
	void *ud;
	bool in_data, done;
	/* the row being read */
	bool in_row;
	int row_depth;
	long row;
	struct xbuf text;
	struct sheet_cell *cells;
	size_t ncells, cells_cap;
	const char **ptrs;
	size_t ptrs_cap;
	/* the cell being read */
	bool in_cell, in_v, in_is, in_t, in_rph;
	int cell_depth;
	long col;
	char ref[24]; /* as written, or made up when the cell has no r */
	enum cell_type type;
	long style;
	struct xbuf val; /* the raw text of <v>, or of the inline string */
};

__attribute__((format(printf, 2, 3)))
static int cell_fail(struct sheet *x, const char *fmt, ...)
{
	int n = snprintf(x->err, x->errlen, "%s!%s: ", x->name, x->ref);
	if (n >= 0 && (size_t)n < x->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(x->err + n, x->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Parses a cell reference such as "C12" into a 0-based column and a row (0 when it has no
 * row part). Columns and rows beyond the sheet come back as XLSX_MAX_COLS / XLSX_MAX_ROWS + 1.
 * Returns 0, or -1 when ref is not a cell reference. */
static int ref_parse(const char *ref, long *col, long *row)
{
	const char *p = ref;
	long c = 0, r = 0;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++)
		c = c > XLSX_MAX_COLS ? c : c * 26 + ((*p | 0x20) - 'a' + 1);
	if (p == ref)
		return -1;
	const char *digits = p;
	for (; *p >= '0' && *p <= '9'; p++)
		r = r > XLSX_MAX_ROWS ? r : r * 10 + (*p - '0');
	if (*p || (p > digits && r == 0))
		return -1;
	*col = c > XLSX_MAX_COLS ? XLSX_MAX_COLS : c - 1;
	*row = r > XLSX_MAX_ROWS ? XLSX_MAX_ROWS + 1 : r;
	return 0;
}

static int row_start(struct sheet *x, xmlTextReaderPtr rd)
{
	char r[24];
	int has = attr_get(rd, "r", r, sizeof r);
	long n = 0;
	for (const char *p = r; has == 1 && *p >= '0' && *p <= '9'; p++)
		n = n > XLSX_MAX_ROWS ? n : n * 10 + (*p - '0');
	if (has == 0)
		n = x->row + 1;
	else if (has < 0 || r[0] == '\0' || r[strspn(r, "0123456789")] != '\0' || n == 0)
		return fail(x->err, x->errlen, tr("%s!第 %s 行: 行号无效", "%s!row %s: not a row number"), x->name, r);
	if (n > XLSX_MAX_ROWS)
		return fail(x->err, x->errlen, tr("%s!第 %s 行: 超出最后一行(%ld)", "%s!row %s: beyond the last row (%ld)"), x->name,
			    r, XLSX_MAX_ROWS);
	x->row = n;
	x->col = -1;
	x->text.len = 0;
	x->ncells = 0;
	return 0;
}

static enum cell_type cell_type_of(const char *t)
{
	static const struct { const char *name; enum cell_type type; } types[] = {
		{ "n", CT_NUM }, { "s", CT_SST }, { "inlineStr", CT_INLINE }, { "str", CT_STR },
		{ "b", CT_BOOL }, { "e", CT_RAW }, { "d", CT_DATE },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return CT_RAW;
}

static int cell_start(struct sheet *x, xmlTextReaderPtr rd)
{
	char t[16] = "n", s[24] = "";
	long col = x->col + 1, row = 0;
	int has = attr_get(rd, "r", x->ref, sizeof x->ref);
	if (has != 0 && (has < 0 || ref_parse(x->ref, &col, &row) < 0))
		return cell_fail(x, "%s", tr("单元格引用无效", "not a cell reference"));
	if (has == 0) {
		xlsx_colname((size_t)col, x->ref);
		snprintf(x->ref + strlen(x->ref), sizeof x->ref - strlen(x->ref), "%ld", x->row);
	}
	if (col >= XLSX_MAX_COLS)
		return cell_fail(x, tr("超出最后一列 XFD(%ld 列)", "beyond the last column XFD (%ld columns)"), XLSX_MAX_COLS);
	if (row > XLSX_MAX_ROWS)
		return cell_fail(x, tr("超出最后一行(%ld)", "beyond the last row (%ld)"), XLSX_MAX_ROWS);
	attr_get(rd, "t", t, sizeof t);
	char *end = s;
	x->style = attr_get(rd, "s", s, sizeof s) == 1 ? strtol(s, &end, 10) : -1;
	if (*end || end == s)
		x->style = -1;
	x->col = col;
	x->type = cell_type_of(t);
	x->val.len = 0;
	if (x->val.p)
		x->val.p[0] = '\0';
	x->in_v = x->in_is = x->in_t = x->in_rph = false;
	return 0;
}

/* Appends n bytes to the row's own text within the 16 MiB budget. Returns 0 or -1. */
static int own_add(struct sheet *x, const char *s, size_t n)
{
	if (x->text.len + n > XLSX_MAX_ROWTEXT)
		return cell_fail(x, "%s", tr("这一行的文本超过 16 MiB", "this row's text exceeds 16 MiB"));
	return xbuf_add(&x->text, s, n) < 0 ? cell_fail(x, "%s", tr("内存不足", "out of memory")) : 0;
}

/* The value of a number cell: a date when its format shows one, else the number. */
static int cell_number(struct sheet *x, const char *v)
{
	double d;
	if (v[strspn(v, " \t\r\n")] == '\0')
		return 0;
	if (num_parse(v, &d) < 0)
		return cell_fail(x, tr("不是数值:%.40s", "not a number: %.40s"), v);
	char out[64];
	const struct xlsx_book *b = x->b;
	bool date = x->style >= 0 && (size_t)x->style < b->nxf && b->xf_date[x->style];
	if (!date || date_text(b, d, out) < 0)
		num_format(d, out);
	return own_add(x, out, strlen(out));
}

/* The shared string a cell points at (by its <v> index) in *ext, its length in *len. */
static int cell_shared(struct sheet *x, const char *v, const char **ext, size_t *len)
{
	const struct xlsx_book *b = x->b;
	char *end;
	if (v[strspn(v, " \t\r\n")] == '\0')
		return 0; /* <c t="s"/>: an empty cell */
	errno = 0;
	unsigned long long i = strtoull(v, &end, 10);
	if (end == v || v[strspn(v, " \t\r\n")] == '-' || errno || end[strspn(end, " \t\r\n")] || i >= b->nsst)
		return cell_fail(x, tr("共享字符串编号无效:%.40s", "no such shared string: %.40s"), v);
	size_t next = i + 1 < b->nsst ? b->sst_off[i + 1] : b->sst_len;
	*ext = b->sst + b->sst_off[i];
	*len = next - b->sst_off[i] - 1;
	return 0;
}

static const char *bool_text(const char *v)
{
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
		return "TRUE";
	if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return "FALSE";
	return v;
}

/* Works out the text of the cell just read: appended to the row's own text, or a shared
 * string in *ext (its length in *len). */
static int cell_value(struct sheet *x, const char **ext, size_t *len)
{
	char none[1] = "";
	char *v = x->val.p ? x->val.p : none;
	const char *t = v;
	switch (x->type) {
	case CT_NUM:
		return cell_number(x, v);
	case CT_SST:
		return cell_shared(x, v, ext, len);
	case CT_INLINE:
	case CT_STR:
		return own_add(x, v, unescape(v, x->val.len));
	case CT_BOOL:
		t = bool_text(v);
		break;
	case CT_DATE:
		return own_add(x, v, strcspn(v, "T"));
	case CT_RAW:
		break;
	}
	return own_add(x, t, strlen(t));
}

static int cell_end(struct sheet *x)
{
	const char *ext = NULL;
	size_t start = x->text.len, len = 0;
	x->in_cell = false;
	if (cell_value(x, &ext, &len) < 0)
		return -1;
	if (!ext)
		len = x->text.len - start;
	if (len == 0)
		return 0;
	const char *s = ext ? ext : x->text.p + start;
	if (len > XLSX_MAX_CELL_CHARS && utf16_units(s, len) > XLSX_MAX_CELL_CHARS)
		return cell_fail(x, tr("单元格文本超过 %ld 个字符", "the cell's text is longer than %ld characters"), XLSX_MAX_CELL_CHARS);
	if (x->ncells >= XLSX_MAX_COLS)
		return cell_fail(x, tr("这一行的单元格超过 %ld 个", "this row has more than %ld cells"), XLSX_MAX_COLS);
	if ((!ext && own_add(x, "", 1) < 0) || vec_reserve(&x->cells, &x->cells_cap, x->ncells + 1, sizeof *x->cells) < 0)
		return cell_fail(x, "%s", tr("内存不足", "out of memory"));
	x->cells[x->ncells++] = (struct sheet_cell){ (size_t)x->col, start, ext };
	return 0;
}

/* Hands the row just read to the callback when it has a non-empty cell. */
static int row_end(struct sheet *x)
{
	x->in_row = false;
	if (x->ncells == 0)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < x->ncells; i++)
		n = x->cells[i].col + 1 > n ? x->cells[i].col + 1 : n;
	if (vec_reserve(&x->ptrs, &x->ptrs_cap, n, sizeof *x->ptrs) < 0)
		return fail_nomem(x->err, x->errlen);
	for (size_t i = 0; i < n; i++)
		x->ptrs[i] = "";
	for (size_t i = 0; i < x->ncells; i++)
		x->ptrs[x->cells[i].col] = x->cells[i].ext ? x->cells[i].ext : x->text.p + x->cells[i].off;
	return x->fn(x->ud, x->row, n, x->ptrs);
}

static int sheet_element(struct sheet *x, xmlTextReaderPtr rd)
{
	bool empty = xmlTextReaderIsEmptyElement(rd) == 1;
	int depth = xmlTextReaderDepth(rd);
	if (!x->in_data) {
		if (is_el(rd, "sheetData"))
			x->in_data = !(x->done = empty);
		return 0;
	}
	if (!x->in_row) {
		if (!is_el(rd, "row"))
			return 0;
		if (row_start(x, rd) < 0)
			return -1;
		x->in_row = true;
		x->row_depth = depth;
		return empty ? row_end(x) : 0;
	}
	if (!x->in_cell) {
		if (depth != x->row_depth + 1 || !is_el(rd, "c"))
			return 0;
		if (cell_start(x, rd) < 0)
			return -1;
		x->in_cell = true;
		x->cell_depth = depth;
		return empty ? cell_end(x) : 0;
	}
	if (empty)
		return 0;
	if (depth == x->cell_depth + 1) {
		x->in_v = is_el(rd, "v");
		x->in_is = is_el(rd, "is");
	}
	else if (x->in_is && is_el(rd, "t"))
		x->in_t = true;
	else if (x->in_is && is_el(rd, "rPh"))
		x->in_rph = true;
	return 0;
}

static int sheet_end_element(struct sheet *x, xmlTextReaderPtr rd)
{
	int depth = xmlTextReaderDepth(rd);
	if (x->in_cell) {
		if (depth == x->cell_depth)
			return cell_end(x);
		if (depth == x->cell_depth + 1)
			x->in_v = x->in_is = false;
		else if (is_el(rd, "t"))
			x->in_t = false;
		else if (is_el(rd, "rPh"))
			x->in_rph = false;
		return 0;
	}
	if (x->in_row)
		return depth == x->row_depth ? row_end(x) : 0;
	if (x->in_data && is_el(rd, "sheetData"))
		x->done = true;
	return 0;
}

static int sheet_text(struct sheet *x, xmlTextReaderPtr rd)
{
	bool want = x->type == CT_INLINE ? x->in_is && x->in_t && !x->in_rph : x->in_v;
	if (!x->in_cell || !want)
		return 0;
	const char *v = (const char *)xmlTextReaderConstValue(rd);
	if (!v)
		return 0;
	size_t n = strlen(v);
	if (x->val.len + n > XLSX_MAX_RAW)
		return cell_fail(x, tr("单元格文本超过 %ld 个字符", "the cell's text is longer than %ld characters"), XLSX_MAX_CELL_CHARS);
	return xbuf_add(&x->val, v, n) < 0 ? cell_fail(x, "%s", tr("内存不足", "out of memory")) : 0;
}

/* Handles one node of a sheet. Returns 0 to go on, or what reading returns: -1 on an error,
 * the callback's non-zero value. */
static int sheet_node(struct sheet *x, xmlTextReaderPtr rd)
{
	switch (xmlTextReaderNodeType(rd)) {
	case XML_READER_TYPE_ELEMENT:
		return sheet_element(x, rd);
	case XML_READER_TYPE_END_ELEMENT:
		return sheet_end_element(x, rd);
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		return sheet_text(x, rd);
	default:
		return 0;
	}
}

int xlsx_read_sheet(struct xlsx_book *b, size_t i, xlsx_row_fn fn, void *ud, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!b || i >= b->nsheets)
		return fail(err, errlen, tr("没有第 %zu 个工作表", "there is no sheet %zu"), i + 1);
	struct sheet x = { .b = b, .name = b->sheets[i].name, .err = err, .errlen = errlen, .fn = fn, .ud = ud };
	struct part p;
	int rc = part_open(b->zip, b->sheets[i].part, x.name, &p, err, errlen);
	if (rc == 1)
		return fail(err, errlen, tr("工作表“%s”缺少内容(%s)", "sheet \"%s\" has no content (%s)"), x.name, b->sheets[i].part);
	if (rc < 0)
		return -1;
	while (!x.done && (rc = part_next(&p, err, errlen)) == 1)
		if ((rc = sheet_node(&x, p.rd)) != 0)
			break;
	part_close(&p);
	free(x.text.p);
	free(x.val.p);
	free(x.cells);
	free(x.ptrs);
	return rc;
}
