/* import_values.c — the spellings an office writes in a spreadsheet cell, read strictly: whole
 * numbers, yuan amounts, yes/no, the shape of a date, UTF-8, and ID-card numbers to refuse. */
#include "import_values.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

int import_utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0 || cp == 0)
			return 0;
		p += n;
		left -= n;
	}
	return 1;
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* True if s holds what looks like a Chinese resident ID number: a run of exactly 17 digits
 * followed by a digit or X. Such values are refused wherever they appear. */
int import_looks_like_id(const char *s)
{
	const char *p = s;
	while (*p) {
		if (!is_digit(*p)) {
			p++;
			continue;
		}
		const char *q = p;
		while (is_digit(*q))
			q++;
		size_t n = (size_t)(q - p);
		if (n == 18 || (n == 17 && (*q == 'X' || *q == 'x')))
			return 1;
		p = q;
	}
	return 0;
}

/* Headers that would hold ID numbers: refused outright, whatever else the file holds. */
int import_is_id_header(const char *h)
{
	return strstr(h, "身份证") != NULL || strcmp(h, "证件号码") == 0 || strcmp(h, "证件号") == 0 ||
	       strcmp(h, "公民身份号码") == 0;
}

/* Copies at most IMPORT_CLIP bytes of s, cut at a character boundary, into buf for quoting
 * back in a message. */
const char *import_clip(const char *s, char buf[IMPORT_CLIP + 8])
{
	size_t n = strlen(s);
	if (n <= IMPORT_CLIP)
		return s;
	n = IMPORT_CLIP;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "…", sizeof "…");
	return buf;
}

/* Reads 4 digits, a separator, 1–2 digits, a separator, 1–2 digits and an optional 日: the
 * shape of a date, valid or not. Tells "no such date" from "not a date" in messages. */
int import_date_shaped(const char *s)
{
	static const char *const seps[] = {"-", "/", ".", "年", "月"};
	for (int part = 0; part < 3; part++) {
		int n = 0;
		while (is_digit(*s)) {
			s++;
			n++;
		}
		if (part == 0 ? n != 4 : (n < 1 || n > 2))
			return 0;
		if (part == 2)
			break;
		size_t i, len = 0;
		for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
			len = strlen(seps[i]);
			if (strncmp(s, seps[i], len) == 0)
				break;
		}
		if (i == sizeof seps / sizeof seps[0])
			return 0;
		s += len;
	}
	return *s == '\0' || strcmp(s, "日") == 0;
}

/* Parses an optional '-' and 1–12 digits. Returns 0, or -1 if malformed. */
int import_parse_whole(const char *s, long long *out)
{
	int neg = *s == '-';
	s += neg;
	long long v = 0;
	int n = 0;
	for (; is_digit(*s) && n < 13; s++, n++)
		v = v * 10 + (*s - '0');
	if (n == 0 || n > 12 || *s != '\0')
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* Skips a currency sign (￥ U+FFE5, ¥ U+00A5) at the start of *s. */
static void skip_currency(const char **s)
{
	if (strncmp(*s, "\xEF\xBF\xA5", 3) == 0)
		*s += 3;
	else if (strncmp(*s, "\xC2\xA5", 2) == 0)
		*s += 2;
}

/* Reads the whole yuan: digits, optionally grouped by commas in threes ("12,345"). */
static int read_yuan(const char **s, long long *yuan)
{
	const char *p = *s;
	int n = 0, group = -1;   /* digits since the last comma; -1 before any comma */
	*yuan = 0;
	for (;; p++) {
		if (is_digit(*p)) {
			if (++n > 12)
				return -1;
			*yuan = *yuan * 10 + (*p - '0');
			if (group >= 0 && ++group > 3)
				return -1;
		} else if (*p == ',' && n > 0 && (group < 0 ? n <= 3 : group == 3) && is_digit(p[1])) {
			group = 0;
		} else {
			break;
		}
	}
	if (n == 0 || (group >= 0 && group != 3))
		return -1;
	*s = p;
	return 0;
}

/* Parses yuan with at most two decimals into fen. Returns 0, -1 if malformed, -2 if negative. */
int import_parse_fen(const char *s, long long *out)
{
	int neg = *s == '-';
	s += neg;
	skip_currency(&s);
	long long yuan, fen = 0;
	if (read_yuan(&s, &yuan) < 0)
		return -1;
	if (*s == '.') {
		s++;
		int n;
		for (n = 0; is_digit(*s) && n < 3; s++, n++)
			fen = fen * 10 + (*s - '0');
		if (n == 0 || n > 2)
			return -1;
		if (n == 1)
			fen *= 10;
	}
	if (strcmp(s, "元") == 0)
		s += strlen("元");
	if (*s != '\0')
		return -1;
	if (neg)
		return -2;
	*out = yuan * 100 + fen;
	return 0;
}

/* Bytes of the space character at s (at most len bytes), or 0. */
static size_t space_at(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (len >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* Bytes of the space character ending at s + len, or 0. */
static size_t space_before(const char *s, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++)
		if (space_at(s + len - k, k) == k)
			return k;
	return 0;
}

size_t import_space_edges(const char *s, size_t len, size_t *lead)
{
	size_t a = 0, b = len, k;
	while (a < b && (k = space_at(s + a, b - a)) > 0)
		a += k;
	while (b > a && (k = space_before(s + a, b - a)) > 0)
		b -= k;
	*lead = a;
	return len - b;
}

void import_halfwidth(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		/* U+FF01..U+FF5E is EF BC 81..EF BC BF and EF BD 80..EF BD 9E. r[1] is read only
		 * after r[0] is known not to end the string, r[2] only after r[1]. */
		unsigned char b1 = (unsigned char)r[0] == 0xEF ? (unsigned char)r[1] : 0;
		unsigned char b2 = b1 ? (unsigned char)r[2] : 0;
		if ((b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) || (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E)) {
			*w++ = (char)(0x21 + (b1 == 0xBC ? b2 - 0x81 : b2 - 0x80 + 0x3F));
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static int invisible_cp(long cp, int strict)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return cp != '\n' && cp != '\t' ? 1 : strict;
	if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x00AD)
		return 1;
	return strict && (cp == 0x00A0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F);
}

long import_invisible(const char *s, int strict)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		if (invisible_cp(cp, strict))
			return cp;
		p += n;
	}
	return 0;
}

const char *import_show_invisible(const char *s, int strict, char *buf, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t o = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	while (*p && o + 12 < size && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		if (o >= IMPORT_CLIP) {
			o += (size_t)snprintf(buf + o, size - o, "…");
			break;
		}
		if (invisible_cp(cp, strict))
			o += (size_t)snprintf(buf + o, size - o, "<U+%04X>", (unsigned)cp);
		else
			memcpy(buf + o, p, (size_t)n), o += (size_t)n;
		p += n;
	}
	buf[o < size ? o : size - 1] = '\0';
	return buf;
}

/* 是/否 and the spellings spreadsheets use. Returns 1, 0, or -1 if it is neither. */
int import_parse_flag(const char *s)
{
	static const char *const yes[] = {"是", "1", "y", "yes", "true"};
	static const char *const no[] = {"否", "0", "n", "no", "false"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}
