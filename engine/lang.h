/* lang.h — the language of user-facing text: Chinese by default, English on request.
 * Messages are written in pairs at the call site, tr("中文", "English"), so a reader sees both. */
#ifndef YAODIAN_LANG_H
#define YAODIAN_LANG_H

enum lang { LANG_ZH, LANG_EN };

void        lang_set(enum lang l);
enum lang   lang_get(void);
int         lang_parse(const char *name, enum lang *out);   /* "zh" / "en"; 0 or -1 */
const char *tr(const char *zh, const char *en);

#endif
