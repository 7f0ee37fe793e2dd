/* cmd_delete.c — `yaodian delete`: deleting records by id, listing what goes. The work is
 * import_delete()'s (import_prune.c). */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "import.h"
#include "lang.h"
#include "store.h"

static void help_delete(void)
{
	printf("%s", tr("用法: yaodian delete --db 文件 [--dry-run] [--lang zh|en] 种类 编号...\n"
			"按编号删除记录(一次事务),逐条列出删除的记录和随之删除的记录(如活动的参与人员)。\n"
			"编号不存在,或仍有其他记录引用要删除的记录时,拒绝删除并说明,退出码 2。\n\n"
			"  --db 文件          记录数据库\n"
			"  --dry-run          只列出将要删除的记录,不改动数据库\n"
			"  --lang zh|en       输出语言\n"
			"  --help, -h         显示本帮助\n",
			"Usage: yaodian delete --db FILE [--dry-run] [--lang zh|en] KIND ID...\n"
			"Deletes records by id in one transaction, listing each and the records that go with\n"
			"it (an activity's participants). An id that does not exist, or a record others still\n"
			"refer to, refuses the whole delete with the reason; exit code 2.\n\n"
			"  --db FILE          records database\n"
			"  --dry-run          list what would be deleted; change nothing\n"
			"  --lang zh|en       output language\n"
			"  --help, -h         this help\n"));
}

int cmd_delete(int argc, char **argv)
{
	struct opts opt = {0};
	int rc0 = command_start("delete", TAKES_DELETE, help_delete, 2, argc, argv, &opt);
	if (rc0 >= 0)
		return rc0;
	if (!opt.db)
		return usage_error("delete", tr("缺少 --db", "missing --db"), NULL);
	if (argc - optind < 2)
		return usage_error("delete", tr("需要 种类 和至少一个编号", "expected KIND and at least one ID"), NULL);
	sqlite3 *db;
	if (store_open(opt.db, STORE_READWRITE, &db) < 0)
		return EXIT_USAGE;
	struct import_opts o = {.dry_run = opt.dry_run, .listing = stdout};
	long deleted = 0;
	int rc = import_delete(db, argv[optind], argv + optind + 1, argc - optind - 1, &o, &deleted);
	sqlite3_close(db);
	if (rc != 0) {
		diag(opt.db, 0, NULL, "%s", tr("未删除任何记录,数据库未改动", "nothing was deleted; the database is unchanged"));
		return EXIT_USAGE;
	}
	printf(tr("删除 %ld 条记录%s\n", "%ld record(s) deleted%s\n"), deleted,
	       o.dry_run ? tr("(试运行,数据库未改动)", " (dry run: the database is unchanged)") : "");
	return 0;
}
