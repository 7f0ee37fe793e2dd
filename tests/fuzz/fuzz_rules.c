/* fuzz_rules.c — libFuzzer harness for the rule loader and lint: the input is one rule file,
 * loaded (rules_load, under tighter sandbox limits than the default so that each input is
 * quick) beside a copy of the bundled plan and rules/lib/, then linted as `yaodian lint` does:
 * every problem printed, every rule's requires text rendered and its parameters listed. An
 * input that mentions "plan" is loaded without the bundled plan (it may declare its own). Run
 * from the repository root (calendars/, rules/). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "cli.h"
#include "fuzz_common.h"
#include "rules.h"
#include "slurp.h"

static struct calendar *cal;
static char dir[300], rule_file[340], plan_file[340];
static char *plan_text;
static size_t plan_len;

static void copy_file(const char *from, const char *to)
{
	size_t n;
	char *text = slurp(from, &n);
	fuzz_require(text != NULL, "cannot read a bundled rule file (run from the repository root)");
	fuzz_write(to, (const uint8_t *)text, n);
	free(text);
}

static void cleanup(void)
{
	cal_free(cal);
	free(plan_text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet();
	cal = cal_load("calendars");
	fuzz_require(cal != NULL, "cannot load calendars/ (run from the repository root)");
	plan_text = slurp("rules/00_plan.lua", &plan_len);
	fuzz_require(plan_text != NULL, "cannot read rules/00_plan.lua");
	atexit(cleanup);
	snprintf(dir, sizeof dir, "%s/rules", fuzz_scratch());
	char lib[320];
	snprintf(lib, sizeof lib, "%s/lib", dir);
	fuzz_require(mkdir(dir, 0700) == 0 && mkdir(lib, 0700) == 0, "cannot make the scratch rule directory");
	strcat(lib, "/common.lua");
	copy_file("rules/lib/common.lua", lib);
	snprintf(rule_file, sizeof rule_file, "%s/50_fuzz.lua", dir);
	snprintf(plan_file, sizeof plan_file, "%s/00_plan.lua", dir);
	return 0;
}

static void no_param(void *ud, const char *name, const char *value)
{
	fuzz_require(name && value, "a parameter without a name or value");
	(*(int *)ud)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write(rule_file, data, size);
	if (memmem(data, size, "plan", 4))
		remove(plan_file);
	else
		fuzz_write(plan_file, (const uint8_t *)plan_text, plan_len);
	struct sandbox_limits lim = {.max_instructions = 1000000, .max_memory = 16u << 20};
	struct ruleset *rs = rules_load(dir, NULL, &lim, cal);
	fuzz_require(rs != NULL, "rules_load failed as a whole");
	print_problems(rs);
	for (size_t i = 0; i < rs->n_rules; i++) {
		free(rules_requires(rs, i));
		int n = 0, got = rules_params(rs, i, no_param, &n);
		fuzz_require(got < 0 || got == n, "rules_params miscounted");
	}
	rules_free(rs);
	return 0;
}
