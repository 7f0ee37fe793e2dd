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

/* Yuan with at most two decimals into fen. 0, -1 if malformed, -2 if negative. */
int import_parse_fen(const char *s, long long *out);

/* 是/否, 1/0, Y/N, yes/no, true/false (any case): 1, 0, or -1 if it is neither. */
int import_parse_flag(const char *s);

#endif
