/* cli.c — option parsing and set-up shared by the commands (see cli.h). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "diag.h"
#include "lang.h"
#include "paths.h"
#include "plans.h"

static const struct option long_opts[] = {
	{"db", required_argument, NULL, OPT_DB},          {"rules", required_argument, NULL, OPT_RULES},
	{"config", required_argument, NULL, OPT_CONFIG},  {"period", required_argument, NULL, OPT_PERIOD},
	{"unit", required_argument, NULL, OPT_UNIT},      {"format", required_argument, NULL, OPT_FORMAT},
	{"as-of", required_argument, NULL, OPT_ASOF},     {"lang", required_argument, NULL, OPT_LANG},
	{"output", required_argument, NULL, OPT_OUTPUT},  {"max-instructions", required_argument, NULL, OPT_MAXI},
	{"max-memory", required_argument, NULL, OPT_MAXM}, {"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},           {"out", required_argument, NULL, OPT_OUT},
	{"encoding", required_argument, NULL, OPT_ENCODING}, {"replace", no_argument, NULL, OPT_REPLACE},
	{"dry-run", no_argument, NULL, OPT_DRYRUN},        {"year", required_argument, NULL, OPT_YEAR},
	{"save", no_argument, NULL, OPT_SAVE},
	{"windows", no_argument, NULL, OPT_WINDOWS},      {"open-only", no_argument, NULL, OPT_OPEN_ONLY},
	{"new-plan", no_argument, NULL, OPT_NEW_PLAN},
	{"listen", required_argument, NULL, OPT_LISTEN},    {"base-url", required_argument, NULL, OPT_BASEURL},
	{"rotate", no_argument, NULL, OPT_ROTATE},
	{"max-seconds", required_argument, NULL, OPT_MAXS}, {"max-check-seconds", required_argument, NULL, OPT_MAXT},
	{"jobs", required_argument, NULL, OPT_JOBS},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0}};

int usage_error(const char *cmd, const char *msg, const char *arg)
{
	diag("yaodian", 0, cmd, "%s%s%s (%s)", msg, arg ? ": " : "", arg ? arg : "",
	     tr("用 --help 查看用法", "see --help"));
	return EXIT_USAGE;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* A number of seconds in [lo, hi] (decimals allowed), or -1. */
static int parse_seconds(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

/* Parses argv (after the subcommand) into o, refusing options the command does not take
 * (they would be silently ignored otherwise); leaves optind at the first operand. */
int parse_opts(const char *cmd, unsigned takes, int argc, char **argv, struct opts *o)
{
	int c, li = -1;
	enum lang l;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", long_opts, &li)) != -1) {
		if (c >= OPT_DB && c <= OPT_LAST && !(takes & TAKES(c))) {
			char name[64];
			snprintf(name, sizeof name, "--%s", li >= 0 ? long_opts[li].name : "?");
			return usage_error(cmd, tr("此命令不接受这个选项", "this command does not take the option"), name);
		}
		switch (c) {
		case OPT_DB: o->db = optarg; break;
		case OPT_RULES: o->rules = optarg; break;
		case OPT_CONFIG: o->config = optarg; break;
		case OPT_PERIOD: o->period = optarg; break;
		case OPT_UNIT: o->unit = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_ASOF: o->as_of = optarg; break;
		case OPT_OUTPUT: o->output = optarg; break;
		case OPT_ENCODING: o->encoding = optarg; break;
		case OPT_REPLACE: o->replace = 1; break;
		case OPT_DRYRUN: o->dry_run = 1; break;
		case OPT_SAVE: o->save = 1; break;
		case OPT_WINDOWS: o->windows = 1; break;
		case OPT_OPEN_ONLY: o->open_only = 1; break;
		case OPT_NEW_PLAN: o->new_plan = 1; break;
		case OPT_LISTEN: o->listen = optarg; break;
		case OPT_BASEURL: o->base_url = optarg; break;
		case OPT_ROTATE: o->rotate = 1; break;
		case OPT_LANG:
			if (lang_parse(optarg, &l) < 0)
				return usage_error(cmd, tr("--lang 只能是 zh 或 en", "--lang must be zh or en"), optarg);
			lang_set(l);
			break;
		case OPT_MAXI:
			if (parse_long(optarg, 1000, 2000000000L, &o->max_instructions) < 0)
				return usage_error(cmd, tr("--max-instructions 应为 1000 以上的整数", "--max-instructions must be a whole number of at least 1000"), optarg);
			break;
		case OPT_MAXM:
			if (parse_long(optarg, 1, 4096, &o->max_memory_mb) < 0)
				return usage_error(cmd, tr("--max-memory 应为 1 到 4096 之间的兆字节数", "--max-memory must be 1 to 4096 (MiB)"), optarg);
			break;
		case OPT_MAXS:
			if (parse_seconds(optarg, 0.01, 86400, &o->max_seconds) < 0)
				return usage_error(cmd, tr("--max-seconds 应为 0.01 到 86400 之间的秒数", "--max-seconds must be 0.01 to 86400 seconds"), optarg);
			break;
		case OPT_MAXT:
			if (parse_seconds(optarg, 0.01, 864000, &o->max_check_seconds) < 0)
				return usage_error(cmd, tr("--max-check-seconds 应为 0.01 到 864000 之间的秒数", "--max-check-seconds must be 0.01 to 864000 seconds"), optarg);
			break;
		case OPT_JOBS:
			if (parse_long(optarg, 1, CHECK_MAX_JOBS, &o->jobs) < 0)
				return usage_error(cmd, tr("--jobs 应为 1 到 64 之间的整数(工作线程数)",
							   "--jobs must be a whole number of worker threads from 1 to 64"), optarg);
			break;
		case OPT_YEAR:
			if (parse_long(optarg, 1000, 9999, &o->year) < 0)
				return usage_error(cmd, tr("--year 应为四位年份", "--year must be a four-digit year"), optarg);
			break;
		case OPT_FROM:
		case OPT_TO:
			if (parse_long(optarg, 1000, 9999, c == OPT_FROM ? &o->from_year : &o->to_year) < 0)
				return usage_error(cmd, tr("年份应为四位数,如 2020", "a year must have four digits, e.g. 2020"), optarg);
			break;
		case OPT_OUT: o->out = optarg; break;
		case 'h': o->help = 1; break;
		default:
			return usage_error(cmd, tr("未知选项或缺少参数", "unknown option or missing argument"), argv[optind - 1]);
		}
	}
	return 0;
}

/* Loads the calendar and rules named by o. Returns NULL after a diagnostic. */
struct ruleset *load_rules(const struct opts *o, struct calendar **cal) { return load_rules_year(o, 0, cal); }

struct sandbox_limits opts_limits(const struct opts *o)
{
	struct sandbox_limits lim = {.max_instructions = o->max_instructions,
				     .max_memory = (size_t)o->max_memory_mb << 20, .max_seconds = o->max_seconds,
				     .max_total_seconds = o->max_check_seconds};
	return lim;
}

const char *rules_root(const struct opts *o) { return o->rules ? o->rules : paths_data("rules"); }

struct ruleset *load_rules_year(const struct opts *o, int year, struct calendar **cal)
{
	return load_rules_years(o, year, year, cal);
}

struct ruleset *load_rules_years(const struct opts *o, int year, int last, struct calendar **cal)
{
	*cal = cal_load(paths_data("calendars"));
	if (!*cal)
		return NULL;
	struct sandbox_limits lim = opts_limits(o);
	char rules_dir[4200];
	snprintf(rules_dir, sizeof rules_dir, "%s", rules_root(o));
	struct ruleset *rs = plans_load_years(rules_dir, year, last, o->config, &lim, *cal);
	if (!rs) {
		cal_free(*cal);
		*cal = NULL;
	}
	return rs;
}

void print_problems(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n_problems; i++)
		diag(rs->problems[i].where, 0, rs->problems[i].field, "%s", rs->problems[i].message);
}


int as_of_date(const char *cmd, const char *as_of, date_t *out)
{
	if (as_of) {
		if (date_parse_loose(as_of, out) < 0)
			return usage_error(cmd, tr("--as-of 日期无效(可写 2020-07-10、2020/7/10 或 2020年7月10日)",
						   "invalid --as-of date (write 2020-07-10, 2020/7/10 or 2020年7月10日)"), as_of);
		return 0;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	*out = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

int plan_dirs(const struct opts *o, struct plans *p)
{
	const char *root = rules_root(o);
	if (plans_scan(root, p) < 0)
		return EXIT_USAGE;
	if (p->n == 1 && !o->year)
		return 0;
	struct calendar *cal = cal_load(paths_data("calendars"));
	struct sandbox_limits lim = opts_limits(o);
	int rc = cal && plans_years(p, &lim, cal) == 0 ? 0 : EXIT_USAGE;
	cal_free(cal);
	size_t keep = 0;
	for (size_t i = 0; i < p->n && rc == 0; i++)
		if (!o->year || p->years[i] == o->year)
			keep = i + 1;
	if (rc == 0 && o->year && keep == 0) {
		char years[256];
		plans_year_list(p, years, sizeof years);
		diag(root, 0, NULL, tr("没有 %ld 年的计划(有计划的年份:%s)", "no plan for %ld (the plans are for: %s)"), o->year,
		     years);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && o->year) {   /* keep only that plan, in the first place */
		char *d = p->dirs[keep - 1];
		p->dirs[keep - 1] = p->dirs[0];
		p->dirs[0] = d;
		p->years[0] = (int)o->year;
		for (size_t i = 1; i < p->n; i++)
			free(p->dirs[i]);
		p->n = 1;
	}
	if (rc)
		plans_free(p);
	return rc;
}

int each_plan(const struct opts *o, int (*fn)(const struct opts *o, void *ud), void *ud)
{
	struct plans p;
	if (plan_dirs(o, &p))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < p.n; i++) {
		struct opts po = *o;
		po.rules = p.dirs[i];
		plan_header(&p, i);
		int r = fn(&po, ud);
		rc = r > rc ? r : rc;
	}
	plans_free(&p);
	return rc;
}

void plan_header(const struct plans *p, size_t i)
{
	if (p->n > 1)
		printf(tr("%s== 计划 %d:%s ==\n", "%s== Plan %d: %s ==\n"), i ? "\n" : "", p->years[i], p->dirs[i]);
}

int period_year(const char *cmd, const struct period *p, int *year)
{
	int y1, y2, m, d;
	date_to_ymd(p->from, &y1, &m, &d);
	date_to_ymd(p->to, &y2, &m, &d);
	if (y1 != y2)
		return usage_error(cmd, tr("时段跨了年:每份计划只管一年,请按年分开检查",
					   "the period spans two years: a plan covers one year, so check each year apart"),
				   p->label);
	*year = y1;
	return 0;
}

int year_range(const char *cmd, struct opts *o)
{
	if (!o->from_year)
		return usage_error(cmd, tr("缺少 --from", "missing --from"), NULL);
	if (!o->to_year)
		o->to_year = o->from_year;
	if (o->to_year < o->from_year || o->to_year - o->from_year > 50)
		return usage_error(cmd, tr("--to 应不早于 --from,且相差不超过 50 年", "--to must not be before --from, nor more than 50 years after"), NULL);
	return 0;
}

int command_start(const char *cmd, unsigned takes, void (*help)(void), int operands, int argc, char **argv,
		  struct opts *o)
{
	if (parse_opts(cmd, takes, argc, argv, o))
		return EXIT_USAGE;
	if (o->help) {
		help();
		return 0;
	}
	if (operands == 0 && optind < argc)
		return usage_error(cmd, tr("多余的参数", "unexpected argument"), argv[optind]);
	return -1;
}
