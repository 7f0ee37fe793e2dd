/* import_values.c — the spellings an office writes in a spreadsheet cell, read strictly: whole
 * numbers, yuan amounts, yes/no, the shape of a date, UTF-8, and ID-card numbers to refuse. */
#include "import_values.h"

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

/* Parses yuan with at most two decimals into fen. Returns 0, -1 if malformed, -2 if negative. */
int import_parse_fen(const char *s, long long *out)
{
	int neg = *s == '-';
	s += neg;
	long long yuan = 0, fen = 0;
	int n = 0;
	for (; is_digit(*s) && n < 13; s++, n++)
		yuan = yuan * 10 + (*s - '0');
	if (n == 0 || n > 12)
		return -1;
	if (*s == '.') {
		s++;
		for (n = 0; is_digit(*s) && n < 3; s++, n++)
			fen = fen * 10 + (*s - '0');
		if (n == 0 || n > 2)
			return -1;
		if (n == 1)
			fen *= 10;
	}
	if (*s != '\0')
		return -1;
	if (neg)
		return -2;
	*out = yuan * 100 + fen;
	return 0;
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
