/* cmd_test.c — the rule-test commands: `test` (runs the *_test.lua cases beside the rules
 * and lists the requirements lacking a passing or a failing test) and `coverage` (each clause
 * of the plan with the rules enforcing it and their tests, then the clauses no rule covers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "lang.h"
#include "oblig.h"
#include "plans.h"
#include "ruletest.h"
#include "textwidth.h"

static void print_test_problems(const struct ruletest_suite *s)
{
	for (size_t i = 0; i < s->n_problems; i++)
		diag(s->problems[i].where, 0, s->problems[i].field, "%s", s->problems[i].message);
}

/* Loads the rules and their tests named by o; prints every problem. Returns the suite (NULL
 * after a diagnostic) and sets *broken when the rules or the test files have problems. */
static struct ruletest_suite *load_suite(const struct opts *o, struct calendar **cal, struct ruleset **rs, bool *broken)
{
	if (!(*rs = load_rules(o, cal)))
		return NULL;
	print_problems(*rs);
	struct ruletest_suite *s = ruletest_load(*rs);
	if (!s) {
		rules_free(*rs);
		cal_free(*cal);
		*rs = NULL;
		return NULL;
	}
	print_test_problems(s);
	*broken = (*rs)->n_problems > 0 || s->n_problems > 0;
	return s;
}

static void unload_suite(struct ruletest_suite *s, struct ruleset *rs, struct calendar *cal)
{
	ruletest_free(s);   /* before the rule set: it holds references into its Lua state */
	rules_free(rs);
	cal_free(cal);
}

static const char *rule_title(const struct rule *r)
{
	return lang_get() == LANG_EN && r->title_en ? r->title_en : r->title;
}

/* Prints text from a file on one line, invalid UTF-8 and control characters made harmless. */
static void put_clean(FILE *out, const char *s)
{
	char *c = textwidth_clean(s ? s : "", TEXTWIDTH_CLEAN_CONTROLS);
	fputs(c ? c : "?", out);
	free(c);
}

/* ---- test ---- */

static void help_test(void)
{
	printf("%s", tr("用法: yaodian test [--rules 目录] [选项]\n"
			"运行规则目录中的每个 *_test.lua 测试文件。每个 test{...} 给出一条规则、几条记录\n"
			"(或一个 CSV 夹具目录)和期望的检查结果;每个测试用一个新的临时数据库,记录经\n"
			"导入程序导入,只检查这一条规则。逐个列出“通过/未通过/出错 文件:行 名称”,未通过时\n"
			"列出期望与实际;再列出缺少通过用例或未通过用例的要求;最后一行为“N passed, M failed”。\n"
			"\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/;有几份计划时逐份运行)\n"
			"  --year 年份             只运行这一年计划的测试\n"
			"  --lang zh|en            输出语言\n"
			"  --max-instructions N    每次规则调用的指令上限(默认 20000000)\n"
			"  --max-memory MB         规则可用内存上限(默认 64)\n"
			"  --help, -h              显示本帮助\n"
			"\n"
			"退出码: 0 全部通过且每条规则都有通过和未通过用例;1 有测试未通过或规则缺少用例;\n"
			"        2 用法错误;3 测试文件或规则有误(加载出错、规则编号不存在、字段或记录有误)\n",
			"Usage: yaodian test [--rules DIR] [OPTIONS]\n"
			"Runs every *_test.lua file of the rules directory. Each test{...} names a rule, a few\n"
			"records (or a fixture directory of CSV files) and the findings expected; each test\n"
			"gets a fresh temporary database, its records go through the importer, and only that\n"
			"rule is checked. Prints \"PASS/FAIL/ERROR file:line name\" per test, with what was\n"
			"expected and what came for a failure; then the requirements lacking a passing or a\n"
			"failing test; the last line is \"N passed, M failed\".\n"
			"\n"
			"  --rules DIR             rules directory (default: the installed rules/; each of its plans in turn)\n"
			"  --year YEAR             only the tests of that year's plan\n"
			"  --lang zh|en            output language\n"
			"  --max-instructions N    instruction limit per rule call (default 20000000)\n"
			"  --max-memory MB         memory cap for rules (default 64)\n"
			"  --help, -h              this help\n"
			"\n"
			"Exit codes: 0 every test passed and every rule has a passing and a failing test;\n"
			"1 a test failed or a rule lacks a test; 2 usage; 3 a test file or a rule is broken\n"
			"(does not load, unknown rule id, bad field or record)\n"));
}

static const char *verdict_word(enum rt_verdict v)
{
	switch (v) {
	case RT_PASSED: return tr("通过", "PASS");
	case RT_FAILED: return tr("未通过", "FAIL");
	default:        return tr("出错", "ERROR");
	}
}

/* Runs every test, printing one line each (and, for a failure, why). Counts into passed and
 * failed; returns whether any was broken. */
static bool run_tests(struct ruletest_suite *s, size_t *passed, size_t *failed)
{
	bool broken = false;
	for (size_t i = 0; i < s->n; i++) {
		char *why = NULL;
		size_t len = 0;
		FILE *w = open_memstream(&why, &len);
		enum rt_verdict v = ruletest_run(s, i, w);
		if (w)
			fclose(w);
		const struct ruletest *t = &s->tests[i];
		printf("%s %s:%d ", verdict_word(v), t->file, t->line);
		put_clean(stdout, t->name);
		putchar('\n');
		fputs(why ? why : "", stdout);
		fflush(stdout);
		free(why);
		*passed += v == RT_PASSED;
		*failed += v != RT_PASSED;
		broken = broken || v == RT_BROKEN;
	}
	return broken;
}

/* Lists the rules lacking a passing or a failing test. Returns how many. */
static size_t print_missing(const struct ruletest_suite *s)
{
	size_t missing = 0;
	for (size_t i = 0; i < s->rs->n_rules; i++) {
		const struct rule *r = &s->rs->rules[i];
		size_t passing, failing;
		ruletest_count(s, r->id, &passing, &failing);
		if (passing && failing)
			continue;
		if (missing++ == 0)
			printf("\n%s\n", tr("缺少用例的要求:", "Requirements lacking tests:"));
		printf("  %s: %s%s%s\n", r->id, passing ? "" : tr("缺少通过用例", "no passing test"),
		       !passing && !failing ? tr("、", ", ") : "", failing ? "" : tr("缺少未通过用例", "no failing test"));
	}
	return missing;
}

/* Runs the tests of the one plan o->rules names, adding to *passed and *failed. Returns the
 * exit code for it alone (0, 1, 3, or EXIT_USAGE when it cannot be loaded). */
static int test_plan(const struct opts *o, size_t *passed, size_t *failed)
{
	struct calendar *cal = NULL;
	struct ruleset *rs = NULL;
	bool broken = false;
	struct ruletest_suite *s = load_suite(o, &cal, &rs, &broken);
	if (!s)
		return EXIT_USAGE;
	size_t p0 = *passed, f0 = *failed;
	broken = run_tests(s, passed, failed) || broken;
	size_t missing = print_missing(s);
	if (lang_get() == LANG_ZH)
		printf("\n%zu 个测试(%zu 个文件):通过 %zu 个,未通过 %zu 个;缺少用例的要求 %zu 条\n", s->n, s->n_files,
		       *passed - p0, *failed - f0, missing);
	else
		putchar('\n');
	unload_suite(s, rs, cal);
	return broken ? 3 : *failed > f0 || missing ? 1 : 0;
}

/* The tests of every plan, counted together. */
struct test_counts {
	size_t passed, failed;
};

static int test_plan_counted(const struct opts *o, void *ud)
{
	struct test_counts *n = ud;
	return test_plan(o, &n->passed, &n->failed);
}

int cmd_test(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("test", TAKES_TEST, help_test, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	struct test_counts n = {0};
	int rc = each_plan(&o, test_plan_counted, &n);
	if (rc < 0)
		return EXIT_USAGE;
	printf("%zu passed, %zu failed\n", n.passed, n.failed);
	return rc;
}

/* ---- coverage ---- */

static void help_coverage(void)
{
	printf("%s", tr("用法: yaodian coverage [--rules 目录] [--year 年份] [--lang zh|en]\n"
			"按计划条款的顺序列出:条款编号和标题,检查它的规则(编号、名称)以及各有几个\n"
			"通过用例和未通过用例;然后列出没有规则检查的条款及其理由(计划中条款的\n"
			"uncovered 字段),没有理由的写“未说明”。\n"
			"\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/;有几份计划时逐份列出)\n"
			"  --year 年份             只列这一年的计划\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n"
			"\n"
			"退出码: 0 每个条款都有规则或说明了理由;1 有条款既无规则也无理由;3 规则或测试文件有误\n",
			"Usage: yaodian coverage [--rules DIR] [--year YEAR] [--lang zh|en]\n"
			"For each clause of the plan in order: its id and title, the rules that enforce it\n"
			"(id and title) and how many passing and failing tests each has; then the clauses\n"
			"no rule covers, with the reason the plan gives (the clause's uncovered field) or\n"
			"\"no reason given\".\n"
			"\n"
			"  --rules DIR             rules directory (default: the installed rules/; each of its plans in turn)\n"
			"  --year YEAR             only that year's plan\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"
			"\n"
			"Exit codes: 0 every clause is covered or excused; 1 a clause is neither;\n"
			"3 the rules or the test files have problems\n"));
}

enum { CV_ID, CV_TITLE, CV_PASS, CV_FAIL, NCV };
static const size_t cv_cap[NCV] = {28, 40, 0, 0};

static const char *cv_header(int c)
{
	static const char *const zh[NCV] = {"规则", "名称", "通过用例", "未通过用例"};
	static const char *const en[NCV] = {"Rule", "Title", "Passing tests", "Failing tests"};
	return tr(zh[c], en[c]);
}

/* A cell as printed: one clean line cut to the column's cap. malloc'd, or NULL. */
static char *cv_cell(const char *s, size_t cap)
{
	char *c = textwidth_clean(s ? s : "", TEXTWIDTH_CLEAN_CONTROLS);
	if (!c || !cap)
		return c;
	char *cut = textwidth_truncate(c, cap);
	free(c);
	return cut;
}

static void count_text(char *buf, size_t len, size_t n)
{
	if (n)
		snprintf(buf, len, "%zu", n);
	else
		snprintf(buf, len, "%s", tr("无", "none"));
}

/* The cells of rule r's line. */
static void rule_cells(const struct ruletest_suite *s, const struct rule *r, char *cells[NCV])
{
	size_t passing, failing;
	char p[32], f[32];
	ruletest_count(s, r->id, &passing, &failing);
	count_text(p, sizeof p, passing);
	count_text(f, sizeof f, failing);
	cells[CV_ID] = cv_cell(r->id, cv_cap[CV_ID]);
	cells[CV_TITLE] = cv_cell(rule_title(r), cv_cap[CV_TITLE]);
	cells[CV_PASS] = cv_cell(p, 0);
	cells[CV_FAIL] = cv_cell(f, 0);
}

static void cv_row(char *const cells[NCV], const size_t width[NCV])
{
	fputs("  ", stdout);
	for (int c = 0; c < NCV - 1; c++) {
		textwidth_pad(stdout, cells[c] ? cells[c] : "?", width[c]);
		fputs("  ", stdout);
	}
	printf("%s\n", cells[NCV - 1] ? cells[NCV - 1] : "?");
}

static bool clause_covered(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].clause, id) == 0)
			return true;
	return false;
}

/* The clause's obligations by how they are accounted for, on one line (none: nothing). */
static void clause_obligations(const struct ruleset *rs, const char *clause)
{
	size_t count[3] = {0}, n = 0;
	for (size_t i = 0; i < rs->n_obligations; i++)
		if (strcmp(rs->obligations[i].clause, clause) == 0)
			count[rs->obligations[i].how]++, n++;
	if (n)
		printf(tr("  义务 %zu 项:规则检查 %zu,自评 %zu,不检查 %zu\n", "  %zu obligations: %zu enforced, %zu self-assessed, %zu excused\n"),
		       n, count[OB_ENFORCED], count[OB_SELF], count[OB_EXCUSED]);
}

/* Each clause with its rules, the columns aligned across the whole list. */
static void print_clauses(const struct ruletest_suite *s)
{
	const struct ruleset *rs = s->rs;
	size_t width[NCV];
	for (int c = 0; c < NCV; c++)
		width[c] = textwidth(cv_header(c));
	for (size_t i = 0; i < rs->n_rules; i++) {
		char *cells[NCV];
		rule_cells(s, &rs->rules[i], cells);
		for (int c = 0; c < NCV; c++) {
			size_t w = textwidth(cells[c]);
			width[c] = w > width[c] ? w : width[c];
			free(cells[c]);
		}
	}
	for (size_t k = 0; k < rs->plan.n_clauses; k++) {
		const struct clause *cl = &rs->plan.clauses[k];
		putchar('\n');
		put_clean(stdout, cl->id);
		putchar(' ');
		put_clean(stdout, cl->title);
		putchar('\n');
		clause_obligations(rs, cl->id);
		if (!clause_covered(rs, cl->id)) {
			printf("  %s\n", cl->uncovered ? tr("(没有规则,已说明理由)", "(no rule; reason given)")
						      : tr("(没有规则)", "(no rule)"));
			continue;
		}
		char *head[NCV];
		for (int c = 0; c < NCV; c++)
			head[c] = (char *)cv_header(c);
		cv_row(head, width);
		for (size_t i = 0; i < rs->n_rules; i++) {
			if (strcmp(rs->rules[i].clause, cl->id) != 0)
				continue;
			char *cells[NCV];
			rule_cells(s, &rs->rules[i], cells);
			cv_row(cells, width);
			for (int c = 0; c < NCV; c++)
				free(cells[c]);
		}
	}
}

/* The clauses no rule covers, with the plan's reason. Counts the excused and the unexplained. */
static void print_uncovered(const struct ruleset *rs, size_t *excused, size_t *unexplained)
{
	size_t idw = 0, titlew = 0;
	*excused = *unexplained = 0;
	for (size_t k = 0; k < rs->plan.n_clauses; k++) {
		const struct clause *cl = &rs->plan.clauses[k];
		if (clause_covered(rs, cl->id))
			continue;
		idw = textwidth(cl->id) > idw ? textwidth(cl->id) : idw;
		titlew = textwidth(cl->title) > titlew ? textwidth(cl->title) : titlew;
		*excused += cl->uncovered != NULL;
		*unexplained += cl->uncovered == NULL;
	}
	printf("\n%s\n", tr("没有规则检查的条款:", "Clauses no rule covers:"));
	if (*excused + *unexplained == 0) {
		printf("  %s\n", tr("(无)", "(none)"));
		return;
	}
	for (size_t k = 0; k < rs->plan.n_clauses; k++) {
		const struct clause *cl = &rs->plan.clauses[k];
		if (clause_covered(rs, cl->id))
			continue;
		char *id = cv_cell(cl->id, 0), *title = cv_cell(cl->title, 0);
		fputs("  ", stdout);
		textwidth_pad(stdout, id ? id : "?", idw);
		fputs("  ", stdout);
		textwidth_pad(stdout, title ? title : "?", titlew > 40 ? 40 : titlew);
		fputs("  ", stdout);
		if (cl->uncovered)
			put_clean(stdout, cl->uncovered);
		else
			fputs(tr("未说明", "no reason given"), stdout);
		putchar('\n');
		free(id);
		free(title);
	}
}

/* Each obligation of the plan's obligations file, in the file's order: id, clause, how it is
 * accounted for, the rules or the reason, and the plan's words; then the count of each how. */
static void print_obligations(const struct ruleset *rs)
{
	if (!rs->obligations_file)
		return;
	size_t count[3] = {0};
	printf("\n%s\n", tr("计划的义务(每句要求及其检查方式):", "The plan's obligations (each thing it asks, and how it is judged):"));
	for (size_t i = 0; i < rs->n_obligations; i++) {
		const struct obligation *o = &rs->obligations[i];
		count[o->how]++;
		char *id = cv_cell(o->id, 0), *cl = cv_cell(o->clause, 0);
		fputs("  ", stdout);
		textwidth_pad(stdout, id ? id : "?", 7);
		fputs(" ", stdout);
		textwidth_pad(stdout, cl ? cl : "?", 6);
		fputs(" ", stdout);
		textwidth_pad(stdout, oblig_how_label(o->how), 8);
		fputs(" ", stdout);
		put_clean(stdout, o->words);
		fputs("\n          ", stdout);
		if (o->how == OB_EXCUSED) {
			fputs(tr("理由:", "reason: "), stdout);
			put_clean(stdout, o->reason);
		} else
			for (size_t k = 0; k < o->n_rules; k++) {
				fputs(k ? " " : tr("规则:", "rules: "), stdout);
				put_clean(stdout, o->rules[k]);
			}
		putchar('\n');
		free(id);
		free(cl);
	}
	printf(tr("\n%zu 项义务:%zu 项由规则检查,%zu 项自评,%zu 项不检查(已说明理由)\n",
		  "\n%zu obligations: %zu enforced, %zu self-assessed, %zu excused (with a reason)\n"),
	       rs->n_obligations, count[OB_ENFORCED], count[OB_SELF], count[OB_EXCUSED]);
}

static int coverage_plan(const struct opts *o, void *ud);

int cmd_coverage(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("coverage", TAKES_COVERAGE, help_coverage, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	int rc = each_plan(&o, coverage_plan, NULL);
	return rc < 0 ? EXIT_USAGE : rc;
}

/* The coverage of the one plan o->rules names. Returns its exit code (0, 1, 3, EXIT_USAGE). */
static int coverage_plan(const struct opts *o, void *ud)
{
	(void)ud;
	struct calendar *cal = NULL;
	struct ruleset *rs = NULL;
	bool broken = false;
	struct ruletest_suite *s = load_suite(o, &cal, &rs, &broken);
	if (!s)
		return EXIT_USAGE;
	put_clean(stdout, rs->plan.title ? rs->plan.title : rs->plan.id);
	putchar('\n');
	print_clauses(s);
	size_t excused, unexplained;
	print_uncovered(rs, &excused, &unexplained);
	print_obligations(rs);
	size_t n = rs->plan.n_clauses;
	printf(tr("\n%zu 个条款:%zu 个有规则检查,%zu 个说明了没有规则的理由,%zu 个未覆盖也未说明;%zu 条规则,%zu 个测试\n",
		  "\n%zu clauses: %zu covered, %zu excused, %zu neither; %zu rules, %zu tests\n"),
	       n, n - excused - unexplained, excused, unexplained, rs->n_rules, s->n);
	unload_suite(s, rs, cal);
	return broken ? 3 : unexplained ? 1 : 0;
}
