/* finding.c — status names and labels, and the list of findings a check produces: kept in
 * memory, or spooled as judged to a temporary SQLite database and read back by cursors in the
 * order each report needs, so a check's memory does not grow with its findings. */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "vec.h"

static const struct {
	const char *name, *zh, *en;
} statuses[ST_COUNT] = {
	[ST_PASS]           = {"pass", "通过", "Pass"},
	[ST_FAIL]           = {"fail", "未通过", "Fail"},
	[ST_PENDING]        = {"pending", "待完成", "Pending"},
	[ST_NOT_APPLICABLE] = {"not_applicable", "不适用", "N/A"},
	[ST_WAIVED]         = {"waived", "已豁免", "Waived"},
	[ST_ERROR]          = {"error", "规则错误", "Error"},
};

static int status_valid(enum status s) { return (unsigned)s < ST_COUNT; }

const char *status_name(enum status s)
{
	return status_valid(s) ? statuses[s].name : "unknown";
}

const char *status_label(enum status s)
{
	if (!status_valid(s))
		return tr("未知", "Unknown");
	return tr(statuses[s].zh, statuses[s].en);
}

struct finding *findings_add(struct findings *list)
{
	if (vec_reserve(&list->items, &list->cap, list->n + 1, sizeof *list->items) < 0)
		return NULL;
	struct finding *f = &list->items[list->n++];
	memset(f, 0, sizeof *f);
	return f;
}

void findings_count(struct findings *list)
{
	if (list->spool)
		return;
	memset(list->counts, 0, sizeof list->counts);
	for (size_t i = 0; i < list->n; i++)
		if (status_valid(list->items[i].status))
			list->counts[list->items[i].status]++;
}

bool finding_self_assessed(const struct finding *f)
{
	static const char prefix[] = "self_assessments:";
	for (size_t i = 0; i < f->n_evidence; i++)
		if (f->evidence[i] && strncmp(f->evidence[i], prefix, sizeof prefix - 1) == 0)
			return true;
	return false;
}

static void finding_free(struct finding *f)
{
	free(f->rule_id);
	free(f->clause);
	free(f->clause_text);
	free(f->clause_title);
	free(f->requires);
	free(f->interpretation);
	for (size_t i = 0; i < f->n_obligations; i++)
		free(f->obligations[i]);
	free(f->obligations);
	free(f->title);
	free(f->severity);
	free(f->unit_id);
	free(f->unit_name);
	free(f->message);
	for (size_t i = 0; i < f->n_evidence; i++)
		free(f->evidence[i]);
	free(f->evidence);
	free(f->looked_for);
	free(f->waiver_id);
	free(f->source);
}

void finding_clear(struct finding *f)
{
	finding_free(f);
	memset(f, 0, sizeof *f);
}

/* A copy of the n strings of src into *dst and its count into *count (none when n is 0).
 * 0 or -1 (what was copied stays in *dst for finding_clear). */
static int copy_strings(char ***dst, size_t *count, char *const *src, size_t n)
{
	*count = 0;
	if (!n || !(*dst = calloc(n, sizeof **dst)))
		return n ? -1 : 0;
	*count = n;
	for (size_t i = 0; i < n; i++)
		if (src[i] && !((*dst)[i] = strdup(src[i])))
			return -1;
	return 0;
}

int finding_copy(struct finding *dst, const struct finding *src)
{
	*dst = *src;
	char **str[] = {&dst->rule_id, &dst->clause, &dst->clause_text, &dst->clause_title, &dst->title,
			&dst->requires, &dst->interpretation, &dst->severity, &dst->unit_id, &dst->unit_name,
			&dst->message, &dst->looked_for, &dst->waiver_id, &dst->source};
	int rc = 0;
	for (size_t i = 0; i < sizeof str / sizeof str[0]; i++)
		if (*str[i] && !(*str[i] = strdup(*str[i])))
			rc = -1;
	dst->obligations = NULL, dst->evidence = NULL;
	if (copy_strings(&dst->obligations, &dst->n_obligations, src->obligations, src->n_obligations) < 0 ||
	    copy_strings(&dst->evidence, &dst->n_evidence, src->evidence, src->n_evidence) < 0)
		rc = -1;
	if (rc < 0)
		finding_clear(dst);
	return rc;
}

/* Frees every item and string and leaves *list empty (all zero), ready for reuse. */
void findings_free(struct findings *list)
{
	sqlite3_finalize(list->spool_put);
	sqlite3_finalize(list->spool_blk);
	sqlite3_close(list->spool);
	finding_clear(&list->spool_last);
	for (size_t i = 0; list->items && i < list->n; i++)
		finding_free(&list->items[i]);
	free(list->items);
	for (size_t i = 0; i < list->n_waivers; i++) {
		struct waiver_note *w = &list->waivers[i];
		free(w->id), free(w->unit_id), free(w->rule_id), free(w->reason);
	}
	free(list->waivers);
	for (size_t i = 0; i < list->n_trend; i++)
		free(list->trend[i].unit_id);
	free(list->trend);
	free(list->trend_periods);
	for (size_t i = 0; i < list->n_prev; i++)
		free(list->prev[i].unit_id);
	free(list->prev);
	for (size_t i = 0; i < list->n_obligs; i++) {
		struct oblig_note *o = &list->obligs[i];
		free(o->id), free(o->clause), free(o->words), free(o->reason);
	}
	free(list->obligs);
	free(list->plan_id);
	free(list->plan_title);
	memset(list, 0, sizeof *list);
}

bool findings_prev_score(const struct findings *list, const char *unit, double *out)
{
	for (size_t i = 0; unit && i < list->n_prev; i++)
		if (strcmp(list->prev[i].unit_id, unit) == 0) {
			*out = list->prev[i].score;
			return true;
		}
	return false;
}

int findings_exit_code(const struct findings *list)
{
	size_t counts[ST_COUNT] = {0};
	if (list->spool)
		memcpy(counts, list->counts, sizeof counts);
	for (size_t i = 0; !list->spool && i < list->n; i++)
		if (status_valid(list->items[i].status))
			counts[list->items[i].status]++;
	return counts[ST_ERROR] ? 3 : counts[ST_FAIL] ? 1 : 0;
}

size_t finding_chapter_len(const char *clause)
{
	const char *sep = clause ? strstr(clause, "\xE3\x80\x81") : NULL;   /* "、", as in 三、6 */
	return sep ? (size_t)(sep - clause) : 0;
}

/* ---- the spool ----
 * Two tables: b, the fields a block of findings shares (one rule over one window: its rule,
 * clause and the plan's words, requirement, obligations ...), written once per block; and f,
 * one row per finding with what is its own and the id of its block. A finding's text is mostly
 * the shared part (the clause's words alone are hundreds of bytes), so this keeps the spool
 * small and its writes few. */

#define BLOCK_COLS \
	"rule_id, clause, clause_text, clause_title, title, requires, severity, points, chapter, " \
	"interpretation, obligations"
#define OWN_COLS \
	"blk, unit_id, unit_name, window_from, window_to, due, status, message, evidence, looked_for, " \
	"waiver_id, source"
/* What a cursor reads, in the column order findings_next takes them. */
#define SPOOL_COLS \
	"b.rule_id, b.clause, b.clause_text, b.clause_title, b.title, b.requires, b.severity, b.points, " \
	"f.unit_id, f.unit_name, f.window_from, f.window_to, f.due, f.status, f.message, f.evidence, " \
	"f.looked_for, f.waiver_id, f.source, b.chapter, b.interpretation, b.obligations"

int findings_spool(struct findings *list)
{
	static const char schema[] =
		"PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;"
		"PRAGMA cache_size = -2048; BEGIN;"
		"CREATE TABLE b (id INTEGER PRIMARY KEY, " BLOCK_COLS ");"
		"CREATE TABLE f (seq INTEGER PRIMARY KEY, " OWN_COLS ");";
	/* "" opens a private temporary database on disk, deleted when it is closed. */
	if (sqlite3_open_v2("", &list->spool, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    sqlite3_exec(list->spool, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(list->spool,
			       "INSERT INTO f (" OWN_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
			       -1, SQLITE_PREPARE_PERSISTENT, &list->spool_put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(list->spool,
			       "INSERT INTO b (" BLOCK_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			       -1, SQLITE_PREPARE_PERSISTENT, &list->spool_blk, NULL) != SQLITE_OK) {
		diag(NULL, 0, NULL, "%s: %s", tr("无法创建临时数据库", "cannot create the temporary database"),
		     list->spool ? sqlite3_errmsg(list->spool) : "out of memory");
		sqlite3_finalize(list->spool_put);
		sqlite3_close(list->spool);
		list->spool = NULL;
		list->spool_put = NULL;
		return -1;
	}
	return 0;
}

/* A list of strings (evidence refs, obligation ids) as one blob: each as its length in
 * decimal, ':', its bytes. Malloc'd (*len its size), or NULL when out of memory. */
static char *list_blob(char *const *v, size_t n, size_t *len)
{
	size_t size = 1;
	for (size_t i = 0; i < n; i++)
		size += strlen(v[i] ? v[i] : "") + 21;   /* a size_t's digits, ':' */
	char *buf = malloc(size), *o = buf;
	if (!buf)
		return NULL;
	*o = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *e = v[i] ? v[i] : "";
		size_t elen = strlen(e);
		o += sprintf(o, "%zu:", elen);
		memcpy(o, e, elen + 1);
		o += elen;
	}
	*len = (size_t)(o - buf);
	return buf;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool finding_same_block(const struct finding *last, const struct finding *f)
{
	if (last->points != f->points || last->n_obligations != f->n_obligations)
		return false;
	const char *a[] = {last->rule_id, last->clause, last->clause_text, last->clause_title, last->title,
			   last->requires, last->severity, last->interpretation};
	const char *b[] = {f->rule_id, f->clause, f->clause_text, f->clause_title, f->title,
			   f->requires, f->severity, f->interpretation};
	for (size_t i = 0; i < sizeof a / sizeof *a; i++)
		if (!same_text(a[i], b[i]))
			return false;
	for (size_t i = 0; i < f->n_obligations; i++)
		if (!same_text(last->obligations[i], f->obligations[i]))
			return false;
	return true;
}

int finding_copy_block(struct finding *dst, const struct finding *src)
{
	struct finding shared = {.rule_id = src->rule_id, .clause = src->clause, .clause_text = src->clause_text,
				 .clause_title = src->clause_title, .title = src->title, .requires = src->requires,
				 .severity = src->severity, .points = src->points, .interpretation = src->interpretation,
				 .obligations = src->obligations, .n_obligations = src->n_obligations};
	finding_clear(dst);
	return finding_copy(dst, &shared);
}

/* Writes f's block fields as a new row of b, and keeps them as the last block. 0 or -1. */
static int spool_block(struct findings *list, const struct finding *f)
{
	size_t oblen = 0;
	char *ob = list_blob(f->obligations, f->n_obligations, &oblen);
	char *chapter = strndup(f->clause ? f->clause : "", finding_chapter_len(f->clause));
	sqlite3_stmt *st = list->spool_blk;
	const char *text[] = {f->rule_id, f->clause, f->clause_text, f->clause_title, f->title, f->requires, f->severity};
	for (int i = 0; i < 7; i++)
		bind_text(st, i + 1, text[i]);
	sqlite3_bind_double(st, 8, f->points);
	bind_text(st, 9, chapter);
	bind_text(st, 10, f->interpretation);
	sqlite3_bind_blob(st, 11, ob ? ob : "", (int)oblen, SQLITE_STATIC);
	int rc = ob && chapter && sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(ob);
	free(chapter);
	if (rc == 0 && finding_copy_block(&list->spool_last, f) < 0)
		rc = -1;
	list->spool_last_id = rc == 0 ? sqlite3_last_insert_rowid(list->spool) : 0;
	return rc;
}

/* Writes f as one row of the spool (and its block's row, when it starts a new block). 0 or -1. */
static int spool_row(struct findings *list, const struct finding *f)
{
	int rc = list->spool_last_id && finding_same_block(&list->spool_last, f) ? 0 : spool_block(list, f);
	size_t evlen = 0;
	char *ev = rc == 0 ? list_blob(f->evidence, f->n_evidence, &evlen) : NULL;
	sqlite3_stmt *st = list->spool_put;
	sqlite3_bind_int64(st, 1, list->spool_last_id);
	bind_text(st, 2, f->unit_id);
	bind_text(st, 3, f->unit_name);
	sqlite3_bind_int(st, 4, f->window_from);
	sqlite3_bind_int(st, 5, f->window_to);
	sqlite3_bind_int(st, 6, f->due);
	sqlite3_bind_int(st, 7, (int)f->status);
	bind_text(st, 8, f->message);
	sqlite3_bind_blob(st, 9, ev ? ev : "", (int)evlen, SQLITE_STATIC);
	bind_text(st, 10, f->looked_for);
	bind_text(st, 11, f->waiver_id);
	bind_text(st, 12, f->source);
	if (rc == 0)
		rc = ev && sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (rc < 0)
		diag(NULL, 0, NULL, "%s: %s", tr("无法写入临时数据库", "cannot write the temporary database"),
		     sqlite3_errmsg(list->spool));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(ev);
	return rc;
}

int findings_put(struct findings *list, struct finding *f)
{
	int rc = 0;
	if (list->spool) {
		rc = spool_row(list, f);
		list->n += rc == 0;
		finding_free(f);
	} else {
		struct finding *slot = findings_add(list);
		if (slot)
			*slot = *f;
		else
			finding_free(f);
		rc = slot ? 0 : -1;
	}
	if (rc == 0 && status_valid(f->status))
		list->counts[f->status]++;
	memset(f, 0, sizeof *f);
	return rc;
}

/* ---- cursors ---- */

/* The group key of finding x in order o and its length: the rule id, the unit id (NULL, no
 * unit, is a key of its own) or the chapter (no chapter is ""). */
static const char *group_key(const struct finding *x, enum findings_order o, size_t *len)
{
	const char *k = o == FO_RULE ? (x->rule_id ? x->rule_id : "") : o == FO_UNIT ? x->unit_id
					 : (x->clause ? x->clause : "");
	*len = !k ? 0 : o == FO_CHAPTER ? finding_chapter_len(k) : strlen(k);
	return k;
}

static const struct findings *sort_list;   /* qsort has no context argument */
static enum findings_order sort_order;
static const size_t *sort_first;

static int cmp_key_then_index(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b, li, lj;
	const char *u = group_key(&sort_list->items[i], sort_order, &li);
	const char *v = group_key(&sort_list->items[j], sort_order, &lj);
	int c = !u || !v ? (u != NULL) - (v != NULL) : memcmp(u, v, li < lj ? li : lj);
	if (c == 0 && u && v)
		c = (li > lj) - (li < lj);
	return c ? c : (i > j) - (i < j);
}

static int cmp_first_then_index(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	size_t fi = sort_first[i], fj = sort_first[j];
	return fi != fj ? (fi > fj) - (fi < fj) : (i > j) - (i < j);
}

/* The positions of a list in memory in order o, into c->perm: sorted by key to find each
 * group's first finding, then by that first finding. 0 or -1. */
static int memory_order(struct findings_cursor *c, enum findings_order o)
{
	const struct findings *l = c->list;
	size_t n = l->n, *first = malloc((n ? n : 1) * sizeof *first);
	c->perm = malloc((n ? n : 1) * sizeof *c->perm);
	if (!first || !c->perm) {
		free(first);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		c->perm[i] = i;
	if (o != FO_CHECK && n > 0) {
		sort_list = l, sort_order = o;
		qsort(c->perm, n, sizeof *c->perm, cmp_key_then_index);
		size_t g = c->perm[0];
		for (size_t k = 0; k < n; k++) {
			if (k > 0 && cmp_key_then_index(&c->perm[k - 1], &c->perm[k]) != 0) {
				size_t la, lb;
				const char *a = group_key(&l->items[c->perm[k - 1]], o, &la);
				const char *b = group_key(&l->items[c->perm[k]], o, &lb);
				if (!a != !b || (a && (la != lb || memcmp(a, b, la) != 0)))
					g = c->perm[k];
			}
			first[c->perm[k]] = g;
		}
		sort_first = first;
		qsort(c->perm, n, sizeof *c->perm, cmp_first_then_index);
	}
	free(first);
	return 0;
}

int findings_open(struct findings_cursor *c, const struct findings *list, enum findings_order order)
{
	static const char *const group_col[] = {[FO_RULE] = "coalesce(b.rule_id, '')", [FO_UNIT] = "f.unit_id",
						     [FO_CHAPTER] = "b.chapter"};
	memset(c, 0, sizeof *c);
	c->list = list;
	if (!list->spool)
		return memory_order(c, order);
	char sql[1024];
	if (order == FO_CHECK)
		snprintf(sql, sizeof sql, "SELECT " SPOOL_COLS " FROM f JOIN b ON b.id = f.blk ORDER BY f.seq");
	else
		snprintf(sql, sizeof sql,
			 "SELECT " SPOOL_COLS " FROM (SELECT f.seq AS s, min(f.seq) OVER (PARTITION BY %s) AS g "
			 "FROM f JOIN b ON b.id = f.blk) JOIN f ON f.seq = s JOIN b ON b.id = f.blk ORDER BY g, s",
			 group_col[order]);
	if (sqlite3_prepare_v2(list->spool, sql, -1, &c->st, NULL) != SQLITE_OK) {
		diag(NULL, 0, NULL, "%s: %s", tr("无法读取临时数据库", "cannot read the temporary database"),
		     sqlite3_errmsg(list->spool));
		return -1;
	}
	return 0;
}

static char *col(sqlite3_stmt *st, int i)
{
	return (char *)sqlite3_column_text(st, i);
}

/* The list_blob in column i of the current row into *v (*n strings, pointing into l's
 * buffer). 0 or -1. */
static int load_list(sqlite3_stmt *st, int i, struct spool_list *l, char ***v, size_t *n)
{
	const char *b = sqlite3_column_blob(st, i);
	size_t len = (size_t)sqlite3_column_bytes(st, i), k = 0;
	if (vec_reserve(&l->buf, &l->cap, len + 1, 1) < 0)
		return -1;
	char *out = l->buf;
	for (size_t p = 0; p < len;) {
		char *end;
		unsigned long sz = strtoul(b + p, &end, 10);
		size_t at = (size_t)(end - b) + 1;
		if (*end != ':' || at + sz > len || vec_reserve(v, &l->slots, k + 1, sizeof (char *)) < 0)
			return -1;
		memcpy(out, b + at, sz);
		out[sz] = '\0';
		(*v)[k++] = out;
		out += sz + 1;
		p = at + sz;
	}
	*n = k;
	return 0;
}

const struct finding *findings_next(struct findings_cursor *c)
{
	if (!c->list->spool)
		return c->k < c->list->n ? &c->list->items[c->perm[c->k++]] : NULL;
	int rc = sqlite3_step(c->st);
	if (rc != SQLITE_ROW) {
		c->failed = rc != SQLITE_DONE;
		return NULL;
	}
	sqlite3_stmt *st = c->st;
	struct finding *f = &c->cur;
	f->rule_id = col(st, 0), f->clause = col(st, 1), f->clause_text = col(st, 2), f->clause_title = col(st, 3);
	f->title = col(st, 4), f->requires = col(st, 5), f->severity = col(st, 6);
	f->points = sqlite3_column_double(st, 7);
	f->unit_id = col(st, 8), f->unit_name = col(st, 9);
	f->window_from = sqlite3_column_int(st, 10);
	f->window_to = sqlite3_column_int(st, 11);
	f->due = sqlite3_column_int(st, 12);
	f->status = (enum status)sqlite3_column_int(st, 13);
	f->message = col(st, 14);
	f->looked_for = col(st, 16), f->waiver_id = col(st, 17), f->source = col(st, 18);
	f->interpretation = col(st, 20);
	if (load_list(st, 15, &c->ev, &f->evidence, &f->n_evidence) < 0 ||
	    load_list(st, 21, &c->ob, &f->obligations, &f->n_obligations) < 0) {
		c->failed = true;
		return NULL;
	}
	return f;
}

void findings_close(struct findings_cursor *c)
{
	sqlite3_finalize(c->st);
	free(c->perm);
	free(c->ev.buf);
	free(c->ob.buf);
	free(c->cur.evidence);
	free(c->cur.obligations);
	memset(c, 0, sizeof *c);
}
