/* dirlist.c — see dirlist.h. */
#include "dirlist.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

bool dirlist_ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n > k && strcmp(name + n - k, suffix) == 0;
}

int dirlist(const char *dir, bool (*accept)(const char *name), char ***out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char **names = NULL;
	size_t cap = 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !accept(e->d_name) || vec_reserve(&names, &cap, (size_t)n + 1, sizeof *names) < 0)
			continue;
		if ((names[n] = strdup(e->d_name)) != NULL)
			n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, (size_t)n, sizeof *names, by_name);
	*out = names;
	return n;
}

void dirlist_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
