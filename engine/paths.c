/* paths.c — locating the data directory from /proc/self/exe. */
#include "paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char data_dir[PATH_MAX];

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Sets data_dir to <exe dir>/<rel> if <that>/schemas exists. Returns 1 when it did. */
static int try_beside_exe(const char *exe_dir, const char *rel)
{
	char cand[PATH_MAX], probe[PATH_MAX + 16];
	if (snprintf(cand, sizeof cand, "%s/%s", exe_dir, rel) >= (int)sizeof cand)
		return 0;
	snprintf(probe, sizeof probe, "%s/schemas", cand);
	if (!is_dir(probe))
		return 0;
	if (!realpath(cand, data_dir))
		return 0;
	return 1;
}

/* Finds the data directory once (the first caller, whichever thread: check's workers open the
 * database, and so look for the schemas, at the same time). */
static void find_data_dir(void)
{
	const char *env = getenv("YAODIAN_DATA");
	if (env && *env) {
		snprintf(data_dir, sizeof data_dir, "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		if (try_beside_exe(exe, "../share/yaodian") || try_beside_exe(exe, "..") ||
		    try_beside_exe(exe, "../.."))
			return;
	}
	snprintf(data_dir, sizeof data_dir, ".");
}

const char *paths_data_dir(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, find_data_dir);
	return data_dir;
}

const char *paths_data(const char *sub)
{
	static _Thread_local char buf[PATH_MAX + 64];   /* one per thread: worker threads call it too */
	snprintf(buf, sizeof buf, "%s/%s", paths_data_dir(), sub);
	return buf;
}
