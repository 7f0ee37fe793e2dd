/* lang.c — the current output language. */
#include "lang.h"

#include <string.h>

static enum lang current = LANG_ZH;

void lang_set(enum lang l) { current = l; }
enum lang lang_get(void) { return current; }

int lang_parse(const char *name, enum lang *out)
{
	if (strcmp(name, "zh") == 0 || strcmp(name, "zh_CN") == 0)
		*out = LANG_ZH;
	else if (strcmp(name, "en") == 0)
		*out = LANG_EN;
	else
		return -1;
	return 0;
}

const char *tr(const char *zh, const char *en) { return current == LANG_EN ? en : zh; }
