/* lcal.c — Lua-facing date and calendar helpers (see lcal.h). Bad arguments raise errors
 * through luaL_argerror, so a rule that passes "2020-02-30" gets its own file:line. */
#include "lcal.h"

#include <lauxlib.h>

#include "cal.h"
#include "holiday.h"
#include "lang.h"
#include "periods.h"
#include "rules_dsl.h"

static date_t check_date(lua_State *L, int arg)
{
	date_t d;
	const char *s = luaL_checkstring(L, arg);
	if (date_parse(s, &d) < 0)
		luaL_argerror(L, arg, lua_pushfstring(L, "%s: %s", tr("日期无效", "invalid date"), s));
	return d;
}

static void push_date(lua_State *L, date_t d)
{
	char buf[DATE_ISO_LEN];
	date_format(d, buf);
	lua_pushstring(L, buf);
}

static int check_year(lua_State *L, int arg)
{
	lua_Integer y = luaL_checkinteger(L, arg);
	luaL_argcheck(L, y >= 1000 && y <= 9999, arg, "year out of range");
	return (int)y;
}

/* date.valid(s) -> boolean */
static int date_valid(lua_State *L)
{
	date_t d;
	lua_pushboolean(L, lua_type(L, 1) == LUA_TSTRING && date_parse(lua_tostring(L, 1), &d) == 0);
	return 1;
}

/* date.add(s, days) -> s + days */
static int date_add(lua_State *L)
{
	date_t d = check_date(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_argcheck(L, n > -1000000 && n < 1000000, 2, "out of range");
	push_date(L, d + (date_t)n);
	return 1;
}

/* date.diff(a, b) -> days from a to b */
static int date_diff(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)check_date(L, 2) - check_date(L, 1));
	return 1;
}

/* date.ymd(s) -> year, month, day */
static int date_ymd(lua_State *L)
{
	int y, m, d;
	date_to_ymd(check_date(L, 1), &y, &m, &d);
	lua_pushinteger(L, y);
	lua_pushinteger(L, m);
	lua_pushinteger(L, d);
	return 3;
}

/* date.weekday(s) -> 1 (Monday) .. 7 (Sunday) */
static int date_weekday_l(lua_State *L)
{
	lua_pushinteger(L, date_weekday(check_date(L, 1)));
	return 1;
}

static const struct calendar *calendar(lua_State *L)
{
	const struct ruleset *rs = rules_from_lua(L);
	if (!rs || !rs->cal)
		luaL_error(L, "%s", tr("没有加载日历数据", "no calendar data loaded"));
	return rs->cal;
}

/* cal.festival(name, year) -> "YYYY-MM-DD" or nil */
static int cal_festival_l(lua_State *L)
{
	const struct calendar *c = calendar(L);
	const char *name = luaL_checkstring(L, 1);
	date_t d;
	if (cal_festival(c, name, check_year(L, 2), &d) == 0)
		push_date(L, d);
	else
		lua_pushnil(L);
	return 1;
}

/* cal.lunar(year, month, day [, leap]) -> the Gregorian date, or nil if there is no such day */
static int cal_lunar_l(lua_State *L)
{
	const struct calendar *c = calendar(L);
	int y = check_year(L, 1);
	lua_Integer m = luaL_checkinteger(L, 2), d = luaL_checkinteger(L, 3);
	luaL_argcheck(L, m >= 1 && m <= 12, 2, "month must be 1..12");
	luaL_argcheck(L, d >= 1 && d <= 30, 3, "day must be 1..30");
	date_t out;
	if (cal_lunar_to_date(c, y, (int)m, lua_toboolean(L, 4), (int)d, &out) == 0)
		push_date(L, out);
	else
		lua_pushnil(L);
	return 1;
}

/* cal.to_lunar(date) -> year, month, day, leap (or nil outside the table) */
static int cal_to_lunar_l(lua_State *L)
{
	int y, m, d;
	bool leap;
	if (cal_date_to_lunar(calendar(L), check_date(L, 1), &y, &m, &leap, &d) < 0) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, y);
	lua_pushinteger(L, m);
	lua_pushinteger(L, d);
	lua_pushboolean(L, leap);
	return 4;
}

/* cal.day_kind(date) -> "workday" | "weekend" | "holiday" | "makeup_workday", holiday name */
static int cal_day_kind_l(lua_State *L)
{
	static const char *const names[] = {"workday", "weekend", "holiday", "makeup_workday"};
	const char *holiday;
	enum day_kind k = holidays_day(cal_holidays(calendar(L)), check_date(L, 1), &holiday);
	lua_pushstring(L, names[k]);
	if (holiday)
		lua_pushstring(L, holiday);
	else
		lua_pushnil(L);
	return 2;
}

/* cal.is_workday(date) -> boolean (weekday or make-up working day, not a holiday) */
static int cal_is_workday_l(lua_State *L)
{
	lua_pushboolean(L, holidays_is_workday(cal_holidays(calendar(L)), check_date(L, 1)));
	return 1;
}

/* cal.workdays(from, to) -> number of working days in [from, to] */
static int cal_workdays_l(lua_State *L)
{
	const struct holidays *h = cal_holidays(calendar(L));
	date_t a = check_date(L, 1), b = check_date(L, 2);
	luaL_argcheck(L, b - a <= 3660, 2, "span longer than ten years");
	lua_Integer n = 0;
	for (date_t d = a; d <= b; d++)
		n += holidays_is_workday(h, d);
	lua_pushinteger(L, n);
	return 1;
}

/* cal.add_workdays(date, n) -> the date n working days after date (n >= 0) */
static int cal_add_workdays_l(lua_State *L)
{
	const struct holidays *h = cal_holidays(calendar(L));
	date_t d = check_date(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_argcheck(L, n >= 0 && n <= 2500, 2, "must be 0..2500");
	while (n > 0)
		n -= holidays_is_workday(h, ++d);
	push_date(L, d);
	return 1;
}

/* cal.period(name, year [, place]) -> from, to of a named period (e.g. 暑假) at place (default:
 * the plan's), or nil */
static int cal_period_l(lua_State *L)
{
	const struct calendar *c = calendar(L);
	const struct ruleset *rs = rules_from_lua(L);
	const char *name = luaL_checkstring(L, 1);
	int y = check_year(L, 2);
	const char *place = luaL_optstring(L, 3, rs->plan.place ? rs->plan.place : "*");
	date_t a, b;
	if (periods_find(cal_periods(c), name, place, y, &a, &b) < 0) {
		lua_pushnil(L);
		return 1;
	}
	push_date(L, a);
	push_date(L, b);
	return 2;
}

/* cal.holidays_known(year) -> whether the official arrangement for year is in the data */
static int cal_holidays_known_l(lua_State *L)
{
	lua_pushboolean(L, holidays_cover(cal_holidays(calendar(L)), check_year(L, 1)));
	return 1;
}

void lcal_push(lua_State *L)
{
	static const luaL_Reg date_fns[] = {{"valid", date_valid}, {"add", date_add}, {"diff", date_diff},
					    {"ymd", date_ymd}, {"weekday", date_weekday_l}, {NULL, NULL}};
	static const luaL_Reg cal_fns[] = {{"festival", cal_festival_l},   {"lunar", cal_lunar_l},
					   {"to_lunar", cal_to_lunar_l},   {"day_kind", cal_day_kind_l},
					   {"is_workday", cal_is_workday_l}, {"workdays", cal_workdays_l},
					   {"add_workdays", cal_add_workdays_l},
					   {"holidays_known", cal_holidays_known_l}, {"period", cal_period_l},
					   {NULL, NULL}};
	luaL_newlib(L, date_fns);
	lua_setfield(L, -2, "date");
	luaL_newlib(L, cal_fns);
	lua_setfield(L, -2, "cal");
}
