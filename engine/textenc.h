/* textenc.h — the text encodings of the files offices have: UTF-8 (with or without BOM), GBK /
 * GB18030 (what Excel and WPS on Chinese Windows save as "CSV"), and UTF-16 with a BOM (Excel's
 * "Unicode text"). Recognising them, and converting to UTF-8 with glibc's iconv. */
#ifndef YAODIAN_TEXTENC_H
#define YAODIAN_TEXTENC_H

#include <stddef.h>

enum textenc {
	TEXTENC_AUTO,     /* decide from the bytes (textenc_guess) */
	TEXTENC_UTF8,
	TEXTENC_GB18030,  /* GBK and GB2312 are subsets */
	TEXTENC_UTF16,    /* byte order from the BOM */
	TEXTENC_UNKNOWN   /* none of these */
};

/* Parses an --encoding value: utf-8 (utf8), gb18030 (gbk, gb2312), any case. 0, or -1. */
int textenc_parse(const char *name, enum textenc *out);

/* The name people know the encoding by: "UTF-8", "GB18030(GBK)", "UTF-16". Static. */
const char *textenc_name(enum textenc e);

/* What the len bytes of buf are:
 *   - a UTF-16 BOM: TEXTENC_UTF16;
 *   - valid UTF-8 throughout: TEXTENC_UTF8;
 *   - a first line that is UTF-8 with non-ASCII text, and later lines that are not: TEXTENC_UTF8
 *     with *mixed set (the caller names each bad cell, saying it looks like GBK);
 *   - otherwise valid GB18030: TEXTENC_GB18030;
 *   - otherwise TEXTENC_UNKNOWN, with *bad_line the 1-based line of the first byte that is
 *     neither UTF-8 nor GB18030. */
enum textenc textenc_guess(const char *buf, size_t len, int *mixed, long *bad_line);

/* len bytes of s are a complete, valid GB18030 sequence (ASCII included). */
int textenc_gb18030_valid(const char *s, size_t len);

/* Converts len bytes of buf from enc (GB18030 or UTF-16) to UTF-8 in a new NUL-terminated buffer
 * the caller frees (*out, its length without the NUL in *outlen). Returns 0; -1 when a byte
 * sequence is not valid in enc (*bad_line is its 1-based line, counting LF in the input);
 * -2 when out of memory. */
int textenc_to_utf8(const char *buf, size_t len, enum textenc enc, char **out, size_t *outlen, long *bad_line);

#endif
