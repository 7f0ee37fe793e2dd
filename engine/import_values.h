/* import_values.h — internal to the importer: reading the values of CSV cells. */
#ifndef YAODIAN_IMPORT_VALUES_H
#define YAODIAN_IMPORT_VALUES_H

#include <stddef.h>

#define IMPORT_CLIP 64   /* bytes of a cell's text quoted back in a message */

/* len bytes of s are valid UTF-8 without NUL characters. */
int import_utf8_valid(const char *s, size_t len);

/* s holds what looks like a Chinese resident ID number (17 digits and a digit or X). */
int import_looks_like_id(const char *s);

/* A column name that would hold ID numbers (身份证号, 证件号码 ...). */
int import_is_id_header(const char *h);

/* s, or its first IMPORT_CLIP bytes cut at a character boundary plus "…" copied into buf. */
const char *import_clip(const char *s, char buf[IMPORT_CLIP + 8]);

/* s has the shape of a date (2020-4-21, 2020/04/21, 2020年4月21日), valid or not. */
int import_date_shaped(const char *s);

/* An optional '-' and 1-12 digits into *out. 0, or -1 if malformed. */
int import_parse_whole(const char *s, long long *out);

/* Yuan with at most two decimals into fen, as clerks write it: "5000", "5,000.00", "5000元",
 * "￥5,000" (thousands separators only in groups of three). 0, -1 if malformed, -2 if negative. */
int import_parse_fen(const char *s, long long *out);

/* Bytes of s[0..len) that are spaces at its start (*lead) and its end (the return value):
 * ASCII space and tab, no-break space U+00A0 and ideographic (full-width) space U+3000. */
size_t import_space_edges(const char *s, size_t len, size_t *lead);

/* Rewrites full-width ASCII forms (U+FF01..U+FF5E: ０-９, Ａ-Ｚ, －, ．, ／, ，) in s as ASCII,
 * in place (the text only shrinks). For the cells of numbers, dates, amounts, flags and ids. */
void import_halfwidth(char *s);

/* The first character of s a reader cannot see, or 0: control characters, zero-width
 * characters and the byte order mark anywhere; with strict also no-break and full-width
 * spaces (inside ids, numbers and dates they are always a mistake). */
long import_invisible(const char *s, int strict);

/* s with every character import_invisible() would find shown as <U+XXXX>, cut like
 * import_clip(), in buf. */
const char *import_show_invisible(const char *s, int strict, char *buf, size_t size);

/* 是/否, 1/0, Y/N, yes/no, true/false (any case): 1, 0, or -1 if it is neither. */
int import_parse_flag(const char *s);

#endif
