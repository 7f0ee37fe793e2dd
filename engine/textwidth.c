/* textwidth.c — terminal display width of UTF-8 text, and cells cut or padded to a width,
 * on top of utf8proc. Used by the text report so CJK columns line up. */
#include "textwidth.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define ELLIPSIS "\xE2\x80\xA6"   /* U+2026 "…", one column */
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Decodes one character at s (len > 0 bytes left). Returns the bytes it takes (at least 1)
 * and sets *cp, or -1 in *cp for a byte that does not start a valid sequence. */
static size_t step(const char *s, size_t len, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                      (utf8proc_ssize_t)len, cp);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)n;
}

static size_t char_width(utf8proc_int32_t cp)
{
	if (cp < 0)
		return 1;
	int w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

size_t textwidth_n(const char *s, size_t len)
{
	size_t cols = 0;
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len; ) {
		i += step(s + i, len - i, &cp);
		cols += char_width(cp);
	}
	return cols;
}

size_t textwidth(const char *s) { return s ? textwidth_n(s, strlen(s)) : 0; }

size_t textwidth_prefix(const char *s, size_t width, size_t *cols)
{
	size_t len = s ? strlen(s) : 0, i = 0, used = 0;
	utf8proc_int32_t cp;
	while (i < len) {
		size_t n = step(s + i, len - i, &cp), w = char_width(cp);
		if (used + w > width)
			break;
		used += w;
		i += n;
	}
	if (cols)
		*cols = used;
	return i;
}

char *textwidth_truncate(const char *s, size_t width)
{
	if (!s)
		s = "";
	if (textwidth(s) <= width)
		return strdup(s);
	size_t n = width > 0 ? textwidth_prefix(s, width - 1, NULL) : 0;
	char *out = malloc(n + sizeof ELLIPSIS);
	if (!out)
		return NULL;
	memcpy(out, s, n);
	if (width > 0)
		memcpy(out + n, ELLIPSIS, sizeof ELLIPSIS);
	else
		out[n] = '\0';
	return out;
}

int textwidth_pad(FILE *out, const char *s, size_t width)
{
	size_t cols;
	if (!s)
		s = "";
	if (textwidth(s) <= width) {
		cols = textwidth(s);
		fputs(s, out);
	} else if (width > 0) {
		size_t n = textwidth_prefix(s, width - 1, &cols);
		fwrite(s, 1, n, out);
		fputs(ELLIPSIS, out);
		cols++;
	} else {
		cols = 0;
	}
	for (; cols < width; cols++)
		fputc(' ', out);
	return ferror(out) ? -1 : 0;
}

/* C0, DEL and C1 controls, and the bidirectional embeddings, overrides and isolates that can
 * make a terminal line read differently from its bytes. */
static int is_control(utf8proc_int32_t cp)
{
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_CC
	       || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *textwidth_clean(const char *s, int flags)
{
	size_t len = s ? strlen(s) : 0, o = 0;
	char *out = malloc(3 * len + 1);   /* each bad byte can become 3 bytes of U+FFFD */
	if (!out)
		return NULL;
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len; ) {
		size_t n = step(s + i, len - i, &cp);
		if (cp < 0) {
			memcpy(out + o, REPLACEMENT, 3);
			o += 3;
		} else if ((flags & TEXTWIDTH_CLEAN_CONTROLS) && is_control(cp)) {
			out[o++] = ' ';
		} else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}
