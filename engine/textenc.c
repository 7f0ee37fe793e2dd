/* textenc.c — recognising UTF-8, GB18030 (GBK) and UTF-16 text, and converting it to UTF-8
 * with glibc's iconv (see textenc.h). */
#include "textenc.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <utf8proc.h>

#include "lang.h"

int textenc_parse(const char *name, enum textenc *out)
{
	static const struct { const char *name; enum textenc e; } names[] = {
		{"utf-8", TEXTENC_UTF8}, {"utf8", TEXTENC_UTF8}, {"gb18030", TEXTENC_GB18030},
		{"gbk", TEXTENC_GB18030}, {"gb2312", TEXTENC_GB18030}, {"cp936", TEXTENC_GB18030},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].e;
			return 0;
		}
	return -1;
}

const char *textenc_name(enum textenc e)
{
	switch (e) {
	case TEXTENC_UTF8: return "UTF-8";
	case TEXTENC_GB18030: return tr("GB18030(GBK)", "GB18030 (GBK)");
	case TEXTENC_UTF16: return "UTF-16";
	default: return "?";
	}
}

/* Offset of the first byte of buf[0..len) that does not start a valid UTF-8 character, or len. */
static size_t utf8_valid_prefix(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)buf[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)buf + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

static long line_of(const char *buf, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* Runs iconv from `from` to UTF-8 over buf. With out NULL, only checks. Returns 0, -1 at an
 * invalid or incomplete sequence (*bad_off its input offset), -2 when out of memory or iconv
 * knows no such encoding. */
static int convert(const char *from, const char *buf, size_t len, char **out, size_t *outlen, size_t *bad_off)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -2;
	size_t cap = len + len / 2 + 16, used = 0;   /* UTF-8 is at most 1.5 times GB18030 or UTF-16 */
	char scratch[4096];
	char *dst = out ? malloc(cap) : NULL;
	int rc = 0;
	if (out && !dst)
		rc = -2;
	char *in = (char *)buf;
	size_t left = len;
	while (rc == 0 && left > 0) {
		char *o = out ? dst + used : scratch;
		size_t room = out ? cap - used - 1 : sizeof scratch;
		size_t before = room;
		size_t r = iconv(cd, &in, &left, &o, &room);
		if (out)
			used += before - room;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if (!out)
				continue;
			char *bigger = realloc(dst, cap * 2);
			if (!bigger)
				rc = -2;
			else
				dst = bigger, cap *= 2;
		} else {
			*bad_off = (size_t)(in - buf);
			rc = -1;
		}
	}
	iconv_close(cd);
	if (rc != 0 || !out) {
		free(dst);
		return rc;
	}
	dst[used] = '\0';
	*out = dst;
	*outlen = used;
	return 0;
}

int textenc_gb18030_valid(const char *s, size_t len)
{
	size_t bad;
	return convert("GB18030", s, len, NULL, NULL, &bad) == 0;
}

static int has_utf16_bom(const char *buf, size_t len)
{
	return len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
			    ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF));
}

enum textenc textenc_guess(const char *buf, size_t len, int *mixed, long *bad_line)
{
	*mixed = 0;
	*bad_line = 0;
	if (has_utf16_bom(buf, len))
		return TEXTENC_UTF16;
	size_t good = utf8_valid_prefix(buf, len);
	if (good == len)
		return TEXTENC_UTF8;
	const char *nl = memchr(buf, '\n', len);
	size_t first = nl ? (size_t)(nl - buf) : len;
	int first_has_utf8 = 0;
	for (size_t i = 0; i < first && !first_has_utf8; i++)
		first_has_utf8 = (unsigned char)buf[i] >= 0x80;
	if (good > first && first_has_utf8) {
		*mixed = 1;
		return TEXTENC_UTF8;
	}
	size_t bad;
	int rc = convert("GB18030", buf, len, NULL, NULL, &bad);
	if (rc == 0)
		return TEXTENC_GB18030;
	*bad_line = line_of(buf, rc == -1 ? bad : good);
	return TEXTENC_UNKNOWN;
}

int textenc_to_utf8(const char *buf, size_t len, enum textenc enc, char **out, size_t *outlen, long *bad_line)
{
	size_t bad = 0;
	*bad_line = 0;
	const char *from = enc == TEXTENC_UTF16 ? "UTF-16" : "GB18030";
	int rc = convert(from, buf, len, out, outlen, &bad);
	if (rc == -1) {
		/* Count lines in the part that did convert: right for UTF-16 too. */
		char *part = NULL;
		size_t plen = 0, ignored;
		if (convert(from, buf, bad, &part, &plen, &ignored) == 0) {
			*bad_line = line_of(part, plen);
			free(part);
		} else {
			*bad_line = line_of(buf, bad);
		}
	}
	return rc;
}
