/* lcal.h — the date and cal tables rules see: date arithmetic on "YYYY-MM-DD" strings, and the
 * calendar data (festivals, the lunar calendar, official holidays and make-up working days). */
#ifndef YAODIAN_LCAL_H
#define YAODIAN_LCAL_H

#include <lua.h>

/* Sets `date` and `cal` in the environment table at the top of the stack. The cal functions
 * use the calendar of the rule set the state belongs to. May raise (out of memory). */
void lcal_push(lua_State *L);

#endif
