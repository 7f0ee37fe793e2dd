/* import_kinds.h — internal to the importer: the record kinds and their CSV columns, as data.
 * import.c runs one generic row loop over these tables, and template.c writes the blank
 * templates from them; a new column or kind is a table edit. */
#ifndef YAODIAN_IMPORT_KINDS_H
#define YAODIAN_IMPORT_KINDS_H

#include "import.h"   /* IMPORT_NKINDS */

#include <stddef.h>

enum import_type {
	IMPORT_TEXT,  /* free text; empty is NULL */
	IMPORT_ID,    /* a record's own id (text) */
	IMPORT_INT,   /* whole number within [min, max] */
	IMPORT_DATE,  /* date in any spelling date_parse_loose() takes; stored YYYY-MM-DD */
	IMPORT_FLAG,  /* 是/否, 1/0, Y/N, true/false; stored 1/0 */
	IMPORT_MONEY, /* yuan with at most two decimals; stored as integer fen */
	IMPORT_VOCAB, /* one value of vocab field `vocab` */
	IMPORT_REF,   /* the id of a record in table `ref` */
	IMPORT_TAGS,  /* a list of vocab values, stored in the kind's tag table */
	IMPORT_RULEID /* the id of a rule: checked against the rules when the import knows them */
};

#define IMPORT_REQUIRED 1u /* the header must have the column and every row a value */
#define IMPORT_KEY      2u /* part of the table's primary key (always also required) */
#define IMPORT_PRIVATE  4u /* never written out by export: a person's name, free notes about people */
#define IMPORT_LIST     8u /* IMPORT_VOCAB: several values separated as tags are ("工作;学习") */

struct import_col {
	const char *header;     /* the Chinese column name in the CSV header */
	const char *sql;        /* the table column it fills; NULL for IMPORT_TAGS */
	enum import_type type;
	unsigned flags;         /* IMPORT_REQUIRED, IMPORT_KEY */
	const char *vocab;      /* IMPORT_VOCAB, IMPORT_TAGS: the vocab.field checked */
	const char *ref;        /* IMPORT_REF: the table whose id it names */
	long min, max;          /* IMPORT_INT: allowed range */
	const char *dflt;       /* value taken when the cell is empty or the column absent (not for
	                         * IMPORT_TAGS, whose cell is split in place) */
	const char *dflt_col;   /* header of the column whose value is taken when empty */
	const char *not_before; /* IMPORT_DATE: header of the date this one may not precede */
	const char *when_col;   /* IMPORT_VOCAB: the check applies only when this column ... */
	const char *when_val;   /* ... holds this value (else free text) */
	const char *zh, *en;    /* what it holds, for import_describe() */
	const char *example;    /* the cell of the template's example row (yaodian template), as a
	                         * CSV holds it: dates YYYY-MM-DD, amounts 800.00, flags 是/否; ""
	                         * when a plausible record leaves it empty. The example rows of all
	                         * kinds together import cleanly: references name earlier examples. */
};

struct import_kind {
	const char *name;       /* English name, e.g. "activities" */
	const char *alias;      /* Chinese name, e.g. "活动" */
	const char *noun_en;    /* one record, in English, for messages: "activity" */
	const char *table;
	const struct import_col *cols;
	size_t ncols;
	const char *tag_table;  /* for an IMPORT_TAGS column: child table, */
	const char *tag_key;    /* its column naming the record, */
	const char *tag_col;    /* and its column holding one tag */
	const char *zh, *en;    /* what a record is */
};

#define IMPORT_MAX_COLS 16 /* columns of the widest kind, at most */

/* All kinds in import order, and their number. */
extern const struct import_kind import_kind_table[];
extern const size_t import_kind_count;

/* The kind named name (English or Chinese), or NULL. */
const struct import_kind *import_kind_find(const char *name);

/* The kind stored in table, or NULL. */
const struct import_kind *import_kind_by_table(const char *table);

#endif
