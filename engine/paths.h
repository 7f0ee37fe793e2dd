/* paths.h — where the installed or in-tree data lives (rules/, calendars/, schemas/).
 * Found relative to the executable so the same binary works from build/ and after
 * `make install`; YAODIAN_DATA overrides. */
#ifndef YAODIAN_PATHS_H
#define YAODIAN_PATHS_H

/* The data directory: $YAODIAN_DATA if set, else <exe>/../share/yaodian if it holds schemas/,
 * else <exe>/.. or <exe>/../.. (the source tree, for build/yaodian and build/san/yaodian). Static storage; never NULL. */
const char *paths_data_dir(void);

/* Joins the data directory and sub (e.g. "rules") into a static buffer owned by this module,
 * one per thread, overwritten on the thread's next call. */
const char *paths_data(const char *sub);

#endif
