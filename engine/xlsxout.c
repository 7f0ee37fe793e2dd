/* xlsxout.c — an Excel workbook written atomically (see xlsxout.h). */
#include "xlsxout.h"

#include <string.h>

#include "diag.h"
#include "lang.h"

/* xlsxout_open with libxlsxwriter's options opt (NULL: its defaults). */
static int open_with(struct xlsxout *x, const char *path, lxw_workbook_options *opt)
{
	memset(x, 0, sizeof *x);
	x->path = path;
	if (outfile_open(&x->out, path) < 0)
		return -1;
	/* libxlsxwriter writes the temporary file by its name when the workbook is closed; out
	 * keeps it open only for outfile_close() to sync it and rename it, or to remove it. */
	x->wb = opt ? workbook_new_opt(x->out.tmp, opt) : workbook_new(x->out.tmp);
	if (x->wb)
		return 0;
	diag(path, 0, NULL, "%s", tr("无法写出工作簿:内存不足", "cannot write the workbook: out of memory"));
	outfile_close(&x->out, false);
	return -1;
}

int xlsxout_open(struct xlsxout *x, const char *path)
{
	return open_with(x, path, NULL);
}

int xlsxout_open_rows(struct xlsxout *x, const char *path)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	return open_with(x, path, &opt);
}

int xlsxout_ok(struct xlsxout *x, lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return 0;
	if (x->err == LXW_NO_ERROR)
		x->err = e;
	return -1;
}

int xlsxout_close(struct xlsxout *x, int rc)
{
	if (xlsxout_ok(x, workbook_close(x->wb)) < 0 || x->err != LXW_NO_ERROR)
		rc = -1;
	x->wb = NULL;
	if (x->err != LXW_NO_ERROR)
		diag(x->path, 0, NULL, "%s: %s", tr("无法写出工作簿", "cannot write the workbook"), lxw_strerror(x->err));
	if (outfile_close(&x->out, rc == 0) < 0)
		rc = -1;
	return rc;
}
