/* outfile.c — temporary file + fsync + rename. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "lang.h"

int outfile_open(struct outfile *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path) {
		o->fp = stdout;
		return 0;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* rename() could not replace it: refuse now, before anything is written */
		diag(path, 0, NULL, "%s: %s", tr("无法写入", "cannot write"), strerror(EISDIR));
		return -1;
	}
	size_t n = strlen(path) + 16;
	o->path = strdup(path);
	o->tmp = malloc(n);
	if (!o->path || !o->tmp) {
		free(o->path);
		free(o->tmp);
		diag(path, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
		diag(path, 0, NULL, "%s: %s", tr("无法写入", "cannot write"), strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		return -1;
	}
	fchmod(fd, 0644);
	return 0;
}

static void release(struct outfile *o)
{
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fp = NULL;
}

static int failed(struct outfile *o)
{
	diag(o->path, 0, NULL, "%s: %s", tr("写入失败,未改动原文件", "write failed; the file was left as it was"),
	     strerror(errno));
	unlink(o->tmp);
	release(o);
	return -1;
}

int outfile_finish(struct outfile *o, bool ok)
{
	if (!o->path)
		return fflush(stdout) == 0 && ok ? 0 : -1;
	if (ok && (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0))
		ok = false;
	if (fclose(o->fp) != 0)
		ok = false;
	o->fp = NULL;
	return ok ? 0 : failed(o);
}

int outfile_commit(struct outfile *o)
{
	if (!o->path)
		return 0;
	if (rename(o->tmp, o->path) != 0)
		return failed(o);
	release(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (!o->path)
		return;
	if (o->fp)
		fclose(o->fp);
	unlink(o->tmp);
	release(o);
}

int outfile_close(struct outfile *o, bool ok)
{
	if (outfile_finish(o, ok) < 0)
		return -1;
	return outfile_commit(o);
}
