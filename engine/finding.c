/* finding.c — status names and labels, and the growable list of findings a check produces. */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

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

/* Frees every item and string and leaves *list empty (all zero), ready for reuse. */
void findings_free(struct findings *list)
{
	for (size_t i = 0; i < list->n; i++)
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
	int any_fail = 0;
	for (size_t i = 0; i < list->n; i++) {
		if (list->items[i].status == ST_ERROR)
			return 3;
		if (list->items[i].status == ST_FAIL)
			any_fail = 1;
	}
	return any_fail ? 1 : 0;
}
