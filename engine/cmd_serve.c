/* cmd_serve.c — `yaodian serve` (the feeds, reports and dashboard over HTTP: serve.c) and
 * `yaodian token` (the secret address of a unit's feed: token.c). */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "lang.h"
#include "serve.h"
#include "store.h"
#include "token.h"

static void help_serve(void)
{
	printf("%s", tr("用法: yaodian serve --db 文件 [选项]\n"
			"通过 HTTP 提供日历订阅、已保存检查的报告和概览页(/),只读,不接受任何写入。\n"
			"  /feeds/plan.ics、/feeds/point-*.ics        公开\n"
			"  /feeds/unit-令牌.ics                        各单位的日历(令牌由 yaodian token 发放)\n"
			"  /report/时段.html                           已保存的检查(check --save)的报告\n"
			"数据库或规则改变后(每秒检查一次)重新生成,整体替换;改坏的规则不会生效,\n"
			"继续使用上一次有效的规则,并在概览页和日志中列出问题。SIGHUP 立即重新加载,\n"
			"SIGTERM/SIGINT 在处理完进行中的请求后停止。访问日志(通用日志格式)写到标准错误。\n"
			"\n"
			"  --db 文件               记录数据库(各日历已发布的内容也记在这里)\n"
			"  --listen 地址:端口      监听地址(默认 127.0.0.1:8080;端口 0 自动选择)\n"
			"  --base-url URL          概览页中订阅链接的前缀,如 https://example.org/yaodian\n"
			"                          (默认取请求的 Host)\n"
			"  --from 年份             日历的起始年份(默认截至日期所在年份)\n"
			"  --to 年份               日历的结束年份(默认同 --from)\n"
			"  --as-of 日期            固定的截至日期(默认每天的今天)\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/)\n"
			"  --config 文件           参数覆盖文件\n"
			"  --lang zh|en            日历、页面和日志的语言\n"
			"  --max-instructions N    每次规则调用的指令上限\n"
			"  --max-memory MB         规则可用内存上限\n"
			"  --help, -h              显示本帮助\n"
			"\n"
			"退出码: 0 正常停止;2 无法启动;3 启动时规则有问题\n",
			"Usage: yaodian serve --db FILE [OPTIONS]\n"
			"Serves the calendar feeds, the reports of saved checks and a dashboard (/) over HTTP,\n"
			"read-only (nothing can be written through it).\n"
			"  /feeds/plan.ics, /feeds/point-*.ics         public\n"
			"  /feeds/unit-TOKEN.ics                       each unit's feed (tokens: yaodian token)\n"
			"  /report/PERIOD.html                         the report of a saved check (check --save)\n"
			"Rebuilt when the database or the rules change (checked every second) and swapped in\n"
			"whole; broken rules are not taken: the last good rules stay in use and the problems\n"
			"are shown on the dashboard and in the log. SIGHUP reloads at once; SIGTERM/SIGINT\n"
			"stop after the requests in flight. The access log (common log format) goes to stderr.\n"
			"\n"
			"  --db FILE               records database (also remembers what each feed published)\n"
			"  --listen HOST:PORT      address to listen on (default 127.0.0.1:8080; port 0 picks one)\n"
			"  --base-url URL          prefix of the dashboard's subscribe links, e.g.\n"
			"                          https://example.org/yaodian (default: from the request's Host)\n"
			"  --from YEAR             first year of the feeds (default: the as-of date's year)\n"
			"  --to YEAR               last year (default: --from)\n"
			"  --as-of DATE            a fixed as-of date (default: today, every day)\n"
			"  --rules DIR             rules directory (default: the installed rules/)\n"
			"  --config FILE           parameter overrides\n"
			"  --lang zh|en            language of the feeds, the pages and the log\n"
			"  --max-instructions N    instruction limit per rule call\n"
			"  --max-memory MB         memory cap for rules\n"
			"  --help, -h              this help\n"
			"\n"
			"Exit codes: 0 stopped cleanly; 2 could not start; 3 the rules had problems at start\n"));
}

int cmd_serve(int argc, char **argv)
{
	struct opts o = {0};
	date_t as_of;
	int rc0 = command_start("serve", TAKES_SERVE, help_serve, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("serve", tr("缺少 --db", "missing --db"), NULL);
	if (as_of_date("serve", o.as_of, &as_of))
		return EXIT_USAGE;
	if (o.to_year && (!o.from_year || o.to_year < o.from_year || o.to_year - o.from_year > 50))
		return usage_error("serve", tr("--to 须与 --from 同用,不早于 --from,且相差不超过 50 年",
					       "--to needs --from, must not be before it, nor more than 50 years after"), NULL);
	if (o.listen && !strrchr(o.listen, ':'))   /* before the first build writes feed state */
		return usage_error("serve", tr("--listen 应为 主机:端口", "--listen: expected host:port"), o.listen);
	sqlite3 *db;   /* refuse a missing or old database before anything starts */
	if (store_open(o.db, STORE_READONLY, &db) < 0)
		return EXIT_USAGE;
	sqlite3_close(db);
	return serve_run(&o);
}

static void help_token(void)
{
	printf("%s", tr("用法: yaodian token --db 文件 --unit 单位编号 [--rotate]\n"
			"发放单位日历的保密地址令牌:yaodian serve 在 /feeds/unit-令牌.ics 提供该单位的日历。\n"
			"数据库只保存令牌的 SHA-256,令牌只在发放时显示一次;单位还没有令牌时发放一个,\n"
			"已有时须用 --rotate 换发(旧令牌随即失效)。令牌打印到标准输出。\n"
			"\n"
			"  --db 文件               记录数据库(读写)\n"
			"  --unit 单位编号         哪个单位\n"
			"  --rotate                换发新令牌,旧令牌失效\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n"
			"\n"
			"退出码: 0 已发放;2 无法发放(没有这个单位、已有令牌而未用 --rotate、数据库错误)\n",
			"Usage: yaodian token --db FILE --unit ID [--rotate]\n"
			"Issues the secret token of a unit's feed: yaodian serve serves the unit's feed at\n"
			"/feeds/unit-TOKEN.ics. The database keeps only the token's SHA-256, so a token is shown\n"
			"once, when issued: a unit without one gets one; a unit that has one needs --rotate for a\n"
			"new one (the old one stops working at once). The token is printed on stdout.\n"
			"\n"
			"  --db FILE               records database (read-write)\n"
			"  --unit ID               the unit\n"
			"  --rotate                issue a new token; the old one stops working\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"
			"\n"
			"Exit codes: 0 issued; 2 not issued (no such unit, a token exists and no --rotate, database error)\n"));
}

int cmd_token(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("token", TAKES_TOKEN, help_token, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("token", tr("缺少 --db", "missing --db"), NULL);
	if (!o.unit)
		return usage_error("token", tr("缺少 --unit", "missing --unit"), NULL);
	sqlite3 *db;
	if (store_open(o.db, STORE_READWRITE, &db) < 0)
		return EXIT_USAGE;
	char token[TOKEN_LEN + 1];
	int r = token_issue(db, o.db, o.unit, o.rotate, token);
	sqlite3_close(db);
	if (r == 0)
		diag(o.db, 0, "--unit", "%s: %s", o.unit,
		     tr("已有令牌(数据库只存其散列,无法再次显示);用 --rotate 换发新令牌",
			"already has a token (only its hash is stored, so it cannot be shown again); --rotate issues a new one"));
	if (r <= 0)
		return EXIT_USAGE;
	printf("%s\n", token);
	return 0;
}
