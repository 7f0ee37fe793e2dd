/* sandbox.c — the restricted Lua state that rule files run in (see sandbox.h).
 * Modelled on Redis's script_lua.c (trimmed libraries, global guards, a count hook re-armed
 * per instruction once tripped) and Lua's ltests.c (an allocator that refuses only growth). */
#include "sandbox.h"

#include <limits.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lualib.h>

#include "lang.h"
#include "patcost.h"
#include "slurp.h"

#define HOOK_EVERY 1000   /* instructions between count-hook ticks */

/* What memory each rule file holds (allocations carry their owner in a header). */
struct owner {
	char *path;
	size_t used;
};

/* The deadline thread: sleeps until the armed call's deadline and then sets fired. */
struct watchdog {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool started, armed, quit;
	bool idle;                      /* waiting with no deadline: arming must wake it */
	struct timespec deadline;
	struct timespec waiting_until;  /* the deadline its timed wait ends at */
	atomic_bool fired;
	void (*on_expire)(void *ud);
	void *ud;
};

struct sandbox {
	lua_State *L;
	struct sandbox_limits lim;
	size_t used, peak;     /* bytes held now, and the most held since the current/last call began */
	size_t call_base;      /* bytes held when the current/last call began */
	struct owner *owners;
	int n_owners, cap_owners, cur;   /* cur: the owner charged now */
	bool in_call;          /* limits apply: a rule is running */
	bool mem_refused;      /* the allocator refused growth during this call */
	bool mem_pending;      /* it refused once; Lua may be collecting to try again */
	bool mem_state;        /* ... because the whole state was full, not the file */
	bool steps_tripped;    /* the instruction limit was reached during this call */
	bool total_spent;      /* the deadline that fired was the whole check's */
	long instructions;     /* counted by the hook during this call */
	int every;             /* instructions between hook ticks */
	double search_work;    /* bound on the string searches of this call (see guarded_search) */
	struct timespec total_deadline;
	struct watchdog wd;
	char mem_where[SANDBOX_WHERE_MAX];   /* rule location when memory was refused */
	char trip_where[SANDBOX_WHERE_MAX];  /* rule location when the spent budget was first raised */
	char spent_why[256];                 /* another budget spent (sandbox_spend), or "" */
	char lib_prefix[SANDBOX_WHERE_MAX];  /* "DIR/lib/": helper files, not rule files, or "" */
	char lib_where[SANDBOX_WHERE_MAX];   /* the helper's line an error was raised at, or "" */
};

/* Records in buf the innermost frame of a rule file ("file:line"), or "" if none. Only files
 * count: text compiled with load() is named "=(load)" (see sbx_load), so it can neither hide
 * the rule's line nor pretend to be another file. A frame in a helper file of the rules' lib/
 * (sandbox_set_library) is passed over for the rule file's frame that called it, where the
 * author wrote the call (and, for a query, its SQL); the helper's own line goes to lib (when
 * not NULL) when it was the innermost, else lib is set to "". */
static void innermost_lua_frame(lua_State *L, char *buf, size_t len, char *lib)
{
	const struct sandbox *s = sandbox_of(L);
	size_t np = s ? strlen(s->lib_prefix) : 0;
	lua_Debug ar;
	buf[0] = '\0';
	if (lib)
		lib[0] = '\0';
	bool first = true;
	for (int level = 0; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@')
			continue;
		bool in_lib = np && strncmp(ar.source + 1, s->lib_prefix, np) == 0;
		if (!buf[0] || !in_lib) {
			snprintf(buf, len, "%s:%d", ar.source + 1, ar.currentline);
			if (lib && first && in_lib)
				snprintf(lib, SANDBOX_WHERE_MAX, "%s:%d", ar.source + 1, ar.currentline);
		}
		first = false;
		if (!in_lib)
			return;
	}
}

void sandbox_set_library(struct sandbox *s, const char *dir)
{
	if (snprintf(s->lib_prefix, sizeof s->lib_prefix, "%s/lib/", dir) >= (int)sizeof s->lib_prefix)
		s->lib_prefix[0] = '\0';
}

/* Lua starts its messages with the location it knows, "file:N: ", the file name shortened to
 * "...tail" past 60 bytes. If msg starts so for file, returns the text after it and sets *line;
 * else returns NULL. */
static const char *after_location(const char *msg, const char *file, size_t file_len, int *line)
{
	for (const char *p = strchr(msg, ':'); p && !memchr(msg, '\n', (size_t)(p - msg)); p = strchr(p + 1, ':')) {
		const char *d = p + 1;
		while (isdigit((unsigned char)*d))
			d++;
		if (d == p + 1 || d[0] != ':' || d[1] != ' ')
			continue;
		size_t n = (size_t)(p - msg);
		bool whole = n == file_len && memcmp(msg, file, n) == 0;
		bool tail = n > 3 && memcmp(msg, "...", 3) == 0 && n - 3 <= file_len &&
			    memcmp(msg + 3, file + file_len - (n - 3), n - 3) == 0;
		if (whole || tail) {
			*line = atoi(p + 1);
			return d + 2;
		}
	}
	return NULL;
}

/* Every block carries its owner in front of it, so a free is charged back to the file that
 * holds the block, whichever file's rule runs when the collector frees it. */
typedef union {
	max_align_t align;
	int owner;
} block_header;

/* Whether growing a block of old bytes (no longer charged to anyone) to nsize passes the
 * current owner's cap or the state's. */
static bool over_cap(const struct sandbox *s, size_t old, size_t nsize)
{
	return s->owners[s->cur].used + nsize > s->lim.max_memory ||
	       s->used - old + nsize > s->lim.max_memory * SANDBOX_STATE_FACTOR;
}

/* Once a call's budget is spent, the hook must tick at the very next instruction: a script
 * that catches the error with pcall is stopped again at once. */
static void trip(struct sandbox *s)
{
	if (s->L)
		lua_sethook(s->L, lua_gethook(s->L), LUA_MASKCOUNT, 1);
}

/* The lua_Alloc: honours every free and shrink; refuses growth past the running file's cap
 * (or the state's) while a rule runs, and trips the hook so the call fails fast instead of
 * collecting at every refused allocation of a pcall loop. On refusal it notes where the rule
 * was (reading the call stack only, which does not allocate). */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *s = ud;
	const size_t H = sizeof(block_header);
	size_t old = ptr ? osize : 0;
	block_header *b = ptr ? (block_header *)ptr - 1 : NULL;
	int was = b ? b->owner : s->cur;
	if (nsize == 0) {
		free(b);
		s->used -= old;
		s->owners[was].used -= old;
		return NULL;
	}
	s->owners[was].used -= old;   /* the block moves to the current owner */
	if (nsize > old && s->in_call && over_cap(s, old, nsize)) {
		/* The first refusal lets Lua collect and try again (the cap may be full of garbage);
		 * a second one before any growth succeeds is the rule's own doing. */
		if (!s->mem_refused && !s->mem_pending && s->L)
			innermost_lua_frame(s->L, s->mem_where, sizeof s->mem_where, NULL);
		if (s->mem_pending) {
			s->mem_state = s->owners[s->cur].used + nsize <= s->lim.max_memory;
			s->mem_refused = true;
			trip(s);
		}
		s->mem_pending = true;
		s->owners[was].used += old;
		return NULL;
	}
	if (nsize > old && s->in_call)
		s->mem_pending = false;   /* mem_where stays: the last place memory ran short */
	block_header *n = nsize > SIZE_MAX - H ? NULL : realloc(b, H + nsize);
	if (!n) {
		s->owners[was].used += old;
		return NULL;
	}
	n->owner = s->cur;
	s->owners[s->cur].used += nsize;
	s->used = s->used - old + nsize;
	if (s->used > s->peak)
		s->peak = s->used;
	return n + 1;
}

static struct sandbox *from_state(lua_State *L)
{
	return *(struct sandbox **)lua_getextraspace(L);
}

struct sandbox *sandbox_of(lua_State *L) { return from_state(L); }

bool sandbox_spent(const struct sandbox *s)
{
	return s->in_call && (s->steps_tripped || s->mem_refused || s->spent_why[0] || atomic_load(&s->wd.fired));
}

/* The error of a spent budget; the memory one is preallocated (raising it allocates nothing). */
static int raise_spent(lua_State *L, struct sandbox *s)
{
	if (!s->trip_where[0])
		innermost_lua_frame(L, s->trip_where, sizeof s->trip_where, NULL);
	if (s->mem_refused) {
		lua_rawgetp(L, LUA_REGISTRYINDEX, &s->mem_refused);
		return lua_error(L);
	}
	if (s->spent_why[0] && !atomic_load(&s->wd.fired))
		return luaL_error(L, "%s", s->spent_why);
	if (atomic_load(&s->wd.fired))
		return luaL_error(L, "%s", s->total_spent ? tr("检查的总时间上限已用完", "the time limit of the whole check is spent")
							   : tr("超出时间上限", "time limit exceeded"));
	return luaL_error(L, tr("超出指令上限(%I 条),规则可能陷入死循环",
				"instruction limit (%I) exceeded; the rule may loop forever"),
			  (lua_Integer)s->lim.max_instructions);
}

void sandbox_spend(lua_State *L, const char *why)
{
	struct sandbox *s = from_state(L);
	if (!s->in_call)
		return;
	if (!s->spent_why[0])
		snprintf(s->spent_why, sizeof s->spent_why, "%s", why);
	trip(s);
	raise_spent(L, s);
}

void sandbox_check(lua_State *L)
{
	struct sandbox *s = from_state(L);
	if (sandbox_spent(s))
		raise_spent(L, s);
}

void sandbox_check_count(lua_State *L, const char *what, lua_Integer n)
{
	sandbox_check(L);
	if (n > SANDBOX_MAX_ELEMENTS)
		luaL_error(L, tr("%s:%I 个元素超出上限(%d)", "%s: %I elements is beyond the limit (%d)"), what, n,
			   SANDBOX_MAX_ELEMENTS);
}

/* The count hook, every HOOK_EVERY instructions (every one once the budget is spent): counts
 * instructions and raises when the limit, the deadline or the memory cap has been reached. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct sandbox *s = from_state(L);
	if (!s->in_call)
		return;
	s->instructions += s->every;
	if (s->instructions >= s->lim.max_instructions)
		s->steps_tripped = true;
	if (sandbox_spent(s)) {
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
		raise_spent(L, s);
	}
}

/* Message handler: turns any error value into a string with a traceback. */
static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);
		else
			msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	char where[SANDBOX_WHERE_MAX];
	struct sandbox *s = sandbox_of(L);
	innermost_lua_frame(L, where, sizeof where, s ? s->lib_where : NULL);
	luaL_traceback(L, L, msg, 1);
	lua_pushstring(L, where);
	lua_setfield(L, LUA_REGISTRYINDEX, "yaodian.where");
	return 1;
}

/* Copies the first line of the Lua message (the traceback follows) into err, without the
 * location Lua put in front of it when that is where's file: where says it in full. */
static void set_error(struct sandbox_error *err, enum sandbox_fault fault, const char *where,
		      const char *msg)
{
	err->fault = fault;
	snprintf(err->where, sizeof err->where, "%s", where ? where : "");
	const char *colon = strrchr(err->where, ':');
	int line;
	const char *rest = colon ? after_location(msg, err->where, (size_t)(colon - err->where), &line) : NULL;
	if (rest)
		msg = rest;
	size_t n = strcspn(msg, "\n");
	if (n >= sizeof err->message)
		n = sizeof err->message - 1;
	/* An error in text compiled by load() reads "(load):N: what": the rule file and line are
	 * in where; say the line of the text after the message instead. */
	int chunk_line = 0;
	const char *in_load = strncmp(msg, "(load):", 7) == 0 ? after_location(msg, "(load)", 6, &chunk_line) : NULL;
	if (in_load && in_load - msg < (long)n) {
		int k = snprintf(err->message, sizeof err->message, "%.*s", (int)(n - (size_t)(in_load - msg)), in_load);
		if (k >= 0 && (size_t)k < sizeof err->message)
			snprintf(err->message + k, sizeof err->message - (size_t)k, tr("(load() 构造的代码第 %d 行)", " (load() text, line %d)"),
				 chunk_line);
		return;
	}
	memcpy(err->message, msg, n);
	err->message[n] = '\0';
}

/* When a runtime error was raised in a helper of lib/ (its location is in err->where's place
 * no longer: where names the rule file's call), moves the location Lua put in front of the
 * message to its end: "SQL 有误: …(lib/common.lua:74)". */
static void name_library_line(struct sandbox *s, struct sandbox_error *err)
{
	char *colon = strrchr(s->lib_where, ':');
	if (!s->lib_where[0] || !colon)
		return;
	int line;
	const char *rest = after_location(err->message, s->lib_where, (size_t)(colon - s->lib_where), &line);
	const char *shown = s->lib_where + strlen(s->lib_prefix) - strlen("lib/");
	char buf[sizeof err->message + SANDBOX_WHERE_MAX + 2];
	int n = snprintf(buf, sizeof buf, "%s(%s)", rest ? rest : err->message, shown);
	if (n > 0 && (size_t)n < sizeof err->message)   /* else: the message stays as it was */
		memcpy(err->message, buf, (size_t)n + 1);
}

static void add_seconds(struct timespec *t, double sec)
{
	double whole = floor(sec);
	t->tv_sec += (time_t)whole;
	t->tv_nsec += (long)((sec - whole) * 1e9);
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* The watchdog thread: waits for an armed deadline, and when it passes with the call still
 * running, sets fired and calls on_expire (both under the mutex, so disarming and removing
 * on_expire wait for it). Calls are armed and disarmed without waking it (a check makes
 * hundreds of thousands): a timed wait ends at the deadline of an earlier call at the latest,
 * and it then sleeps again until the current one. */
static void *watch(void *arg)
{
	struct watchdog *wd = arg;
	pthread_mutex_lock(&wd->mu);
	while (!wd->quit) {
		if (!wd->armed) {
			wd->idle = true;
			pthread_cond_wait(&wd->cv, &wd->mu);
			wd->idle = false;
			continue;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (before(&now, &wd->deadline)) {
			wd->waiting_until = wd->deadline;
			pthread_cond_timedwait(&wd->cv, &wd->mu, &wd->deadline);
			continue;
		}
		atomic_store(&wd->fired, true);
		wd->armed = false;
		if (wd->on_expire)
			wd->on_expire(wd->ud);
	}
	pthread_mutex_unlock(&wd->mu);
	return NULL;
}

static int watchdog_start(struct watchdog *wd)
{
	pthread_condattr_t ca;
	if (pthread_mutex_init(&wd->mu, NULL) != 0)
		return -1;
	if (pthread_condattr_init(&ca) != 0 || pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&wd->cv, &ca) != 0) {
		pthread_mutex_destroy(&wd->mu);
		return -1;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_create(&wd->thread, NULL, watch, wd) != 0) {
		pthread_cond_destroy(&wd->cv);
		pthread_mutex_destroy(&wd->mu);
		return -1;
	}
	wd->started = true;
	return 0;
}

static void watchdog_stop(struct watchdog *wd)
{
	if (!wd->started)
		return;
	pthread_mutex_lock(&wd->mu);
	wd->quit = true;
	pthread_cond_signal(&wd->cv);
	pthread_mutex_unlock(&wd->mu);
	pthread_join(wd->thread, NULL);
	pthread_cond_destroy(&wd->cv);
	pthread_mutex_destroy(&wd->mu);
}

void sandbox_on_expire(struct sandbox *s, void (*fn)(void *ud), void *ud)
{
	pthread_mutex_lock(&s->wd.mu);
	s->wd.on_expire = fn;
	s->wd.ud = ud;
	pthread_mutex_unlock(&s->wd.mu);
}

/* Starts a call's budget: instructions, memory, and the deadline (now + max_seconds, or the
 * whole check's deadline when that comes first; already fired when that has passed). */
static void arm_limits(struct sandbox *s)
{
	s->in_call = true;
	s->mem_refused = false;
	s->mem_pending = false;
	s->mem_state = false;
	s->steps_tripped = false;
	s->instructions = 0;
	s->search_work = 0;
	s->mem_where[0] = '\0';
	s->trip_where[0] = '\0';
	s->spent_why[0] = '\0';
	s->every = s->lim.max_instructions < HOOK_EVERY ? (int)s->lim.max_instructions : HOOK_EVERY;
	struct timespec now, d;
	clock_gettime(CLOCK_MONOTONIC, &now);
	d = now;
	add_seconds(&d, s->lim.max_seconds);
	pthread_mutex_lock(&s->wd.mu);
	s->total_spent = !before(&d, &s->total_deadline);
	s->wd.deadline = s->total_spent ? s->total_deadline : d;
	/* A check whose time is spent already fails the call here, not when the watchdog thread
	 * gets to run: a short call would otherwise still pass after the deadline. */
	atomic_store(&s->wd.fired, s->total_spent && !before(&now, &s->total_deadline));
	s->wd.armed = !atomic_load(&s->wd.fired);
	if (s->wd.idle || before(&s->wd.deadline, &s->wd.waiting_until))
		pthread_cond_signal(&s->wd.cv);
	pthread_mutex_unlock(&s->wd.mu);
	lua_sethook(s->L, count_hook, LUA_MASKCOUNT, s->every);
}

static void disarm_limits(struct sandbox *s)
{
	lua_sethook(s->L, NULL, 0, 0);
	pthread_mutex_lock(&s->wd.mu);
	s->wd.armed = false;
	pthread_mutex_unlock(&s->wd.mu);
	s->in_call = false;
}

/* The message for a memory fault: the file charged (not the rule that happened to run when
 * the state filled up, but the file holding the most). */
static void memory_message(const struct sandbox *s, char *buf, size_t len)
{
	int who = s->cur;
	if (s->mem_state)
		for (int i = 1; i < s->n_owners; i++)
			if (s->owners[i].used > s->owners[who].used)
				who = i;
	unsigned mib = (unsigned)(s->lim.max_memory >> 20);
	if (s->mem_state)
		snprintf(buf, len, tr("超出内存上限:所有规则文件共用的 %u MiB 已满,占用最多的是 %s",
				      "memory limit exceeded: the %u MiB all rule files share is full; %s holds the most"),
			 mib * SANDBOX_STATE_FACTOR, s->owners[who].path);
	else
		snprintf(buf, len, tr("超出内存上限:规则文件 %s 占用超过 %u MiB", "memory limit exceeded by rule file %s (over %u MiB)"),
			 s->owners[who].path, mib);
}

int sandbox_call(struct sandbox *s, int nargs, int nres, struct sandbox_error *err)
{
	lua_State *L = s->L;
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "yaodian.where");
	s->call_base = s->peak = s->used;
	arm_limits(s);
	int rc = lua_pcall(L, nargs, nres, base);
	bool late = atomic_load(&s->wd.fired);
	disarm_limits(s);
	lua_remove(L, base);
	if (rc == LUA_OK && !s->steps_tripped && !s->mem_refused && !s->spent_why[0] && !late)
		return 0;
	if (rc == LUA_OK)
		lua_pop(L, nres);
	lua_getfield(L, LUA_REGISTRYINDEX, "yaodian.where");
	const char *where = lua_tostring(L, -1);
	char msg[SANDBOX_WHERE_MAX + 200];
	if (s->mem_refused || rc == LUA_ERRMEM) {
		memory_message(s, msg, sizeof msg);
		set_error(err, SBX_MEMORY, s->mem_where[0] ? s->mem_where : where, msg);
	} else if (late) {
		if (s->total_spent)
			snprintf(msg, sizeof msg, tr("检查的总时间上限(%g 秒)已用完", "the whole check's time limit (%g s) is spent"),
				 s->lim.max_total_seconds);
		else
			snprintf(msg, sizeof msg, tr("超出时间上限(每次调用 %g 秒),规则可能陷入死循环或查询过慢",
						     "time limit (%g s per call) exceeded; the rule may loop forever or query too slowly"),
				 s->lim.max_seconds);
		set_error(err, SBX_TIME, s->trip_where[0] ? s->trip_where : where, msg);
	} else if (s->spent_why[0])
		set_error(err, SBX_INSTRUCTIONS, s->trip_where[0] ? s->trip_where : where, s->spent_why);
	else if (s->steps_tripped)
		set_error(err, SBX_INSTRUCTIONS, s->trip_where[0] ? s->trip_where : where,
			  tr("超出指令上限,规则可能陷入死循环", "instruction limit exceeded; the rule may loop forever"));
	else {
		set_error(err, SBX_RUNTIME, where, lua_tostring(L, -2) ? lua_tostring(L, -2) : "?");
		name_library_line(s, err);
	}
	s->lib_where[0] = '\0';
	lua_pop(L, rc == LUA_OK ? 1 : 2);
	lua_gc(L, LUA_GCCOLLECT);
	return -1;
}

int sandbox_call_scaled(struct sandbox *s, int nargs, int nres, long scale, struct sandbox_error *err)
{
	long insns = s->lim.max_instructions;
	double secs = s->lim.max_seconds;
	if (scale > 1) {
		s->lim.max_instructions = insns <= LONG_MAX / scale ? insns * scale : LONG_MAX;
		s->lim.max_seconds = secs * (double)scale;
	}
	int rc = sandbox_call(s, nargs, nres, err);
	s->lim.max_instructions = insns;
	s->lim.max_seconds = secs;
	return rc;
}

/* load(chunk [, chunkname [, mode [, env]]]) for rules: text only, whatever mode asks; the
 * chunk is always named "=(load)" (a name like "@other.lua" would make errors in it seem to
 * come from that file); its _ENV is env or the caller's own environment (upvalue 1), never
 * the state's real globals. */
static int sbx_load(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	luaL_optstring(L, 2, NULL);
	int env = lua_isnone(L, 4) ? lua_upvalueindex(1) : 4;
	if (luaL_loadbufferx(L, text, len, "=(load)", "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushvalue(L, env);
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
	return 1;
}

/* xpcall(f, msgh, ...) for rules. Lua calls a message handler at the point of the error, and
 * when the error comes from the count hook it calls it with hooks switched off: a handler that
 * loops would never be stopped. Here f runs under a plain pcall and msgh is called afterwards,
 * as an ordinary call under the limits, with the error value; an error in msgh is returned as
 * xpcall's would be. The results are those of Lua's xpcall. */
static int sbx_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	for (int i = 3; i <= n; i++)
		lua_pushvalue(L, i);
	if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK)
		return lua_gettop(L) - n;
	lua_pushvalue(L, 2);
	lua_insert(L, -2);
	lua_pcall(L, 1, 1, 0);
	lua_pushboolean(L, 0);
	lua_replace(L, n + 1);
	return 2;
}

/* setmetatable(t, mt) for rules: as Lua's, but refuses a metatable with __gc. Lua runs
 * finalizers with hooks switched off, whenever the collector gets to them or when the state
 * closes, so a finalizer is code outside every limit (a loop in one hangs the engine). Only
 * a __gc present when the metatable is set marks the object, so checking here suffices. */
static int sbx_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "%s", tr("规则不能使用 __gc 元方法(终结器不受沙箱限制)",
						       "rules may not use __gc metamethods (finalizers run outside the sandbox limits)"));
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

static const char *const base_allowed[] = {
	"assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen",
	"rawset", "select", "getmetatable", "tonumber", "tostring", "type", "_VERSION", NULL};

static const char *const libs_allowed[] = {"string", "table", "math", "utf8", NULL};

/* Pushes a shallow copy of the global library table name (string.dump is already gone from
 * the library itself: see setup). */
void sandbox_copy_fields(lua_State *L, int from, int to)
{
	from = lua_absindex(L, from);
	to = lua_absindex(L, to);
	lua_pushnil(L);
	while (lua_next(L, from)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, to);
	}
}

static void push_lib_copy(lua_State *L, const char *name)
{
	lua_newtable(L);
	lua_getglobal(L, name);
	sandbox_copy_fields(L, -1, -2);
	lua_pop(L, 1);
}

static int guard_index(lua_State *L)
{
	return luaL_error(L, tr("未定义的全局变量 '%s'(规则只能用沙箱提供的函数)",
				"undefined global '%s' (rules may use only what the sandbox provides)"),
			  luaL_optstring(L, 2, "?"));
}

static int guard_newindex(lua_State *L)
{
	return luaL_error(L, tr("不允许创建全局变量 '%s',请用 local",
				"assignment to undeclared global '%s'; use local"),
			  luaL_optstring(L, 2, "?"));
}

void sandbox_push_env(lua_State *L, const luaL_Reg *extra)
{
	lua_newtable(L);
	for (int i = 0; base_allowed[i]; i++) {
		lua_getglobal(L, base_allowed[i]);
		lua_setfield(L, -2, base_allowed[i]);
	}
	for (int i = 0; libs_allowed[i]; i++) {
		push_lib_copy(L, libs_allowed[i]);
		lua_setfield(L, -2, libs_allowed[i]);
	}
	lua_pushcfunction(L, sbx_xpcall);
	lua_setfield(L, -2, "xpcall");
	lua_pushcfunction(L, sbx_setmetatable);
	lua_setfield(L, -2, "setmetatable");
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, sbx_load, 1);
	lua_setfield(L, -2, "load");
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	if (extra) {
		lua_pushvalue(L, -1);
		luaL_setfuncs(L, extra, 1);   /* each extra function gets the env as upvalue 1; pops it */
	}
}

void sandbox_seal_env(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);
	lua_pushcfunction(L, guard_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, guard_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, idx);
}

int sandbox_load_text(struct sandbox *s, const char *path, const char *text, size_t len, int env_index,
		      struct sandbox_error *err)
{
	lua_State *L = s->L;
	env_index = lua_absindex(L, env_index);
	char chunkname[1024];
	snprintf(chunkname, sizeof chunkname, "@%s", path);
	s->in_call = true;          /* a huge file counts against the cap too */
	s->mem_refused = false;
	s->mem_pending = false;
	int rc = luaL_loadbufferx(L, text, len, chunkname, "t");
	s->in_call = false;
	if (rc != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		char where[sizeof err->where];
		int line;
		/* A syntax message reads "file:line: what"; take the line from it. */
		if (msg && after_location(msg, path, strlen(path), &line))
			snprintf(where, sizeof where, "%s:%d", path, line);
		else
			snprintf(where, sizeof where, "%s", path);
		set_error(err, rc == LUA_ERRMEM ? SBX_MEMORY : SBX_SYNTAX, where, msg ? msg : "?");
		lua_pop(L, 1);
		return -1;
	}
	lua_pushvalue(L, env_index);
	lua_setupvalue(L, -2, 1);
	return 0;
}

int sandbox_load_file(struct sandbox *s, const char *path, int env_index, struct sandbox_error *err)
{
	/* luaL_loadfilex would also do, but reading ourselves keeps the chunk name exact. */
	size_t len = 0;
	char *buf = slurp(path, &len);
	if (!buf) {
		set_error(err, SBX_SYNTAX, path, tr("无法读取规则文件", "cannot read rule file"));
		return -1;
	}
	int rc = sandbox_load_text(s, path, buf, len, env_index, err);
	free(buf);
	return rc;
}

/* string.find, match, gmatch and gsub for rules: the library's own function (upvalue 1), run
 * only when the bound on its work (patcost.h; upvalue 2 is the kind) fits in what is left of
 * the call's search budget, max_instructions shared by all the searches of one call. The
 * matcher backtracks inside one C call, where the count hook cannot stop it. */
static int guarded_search(lua_State *L)
{
	static const char *const names[] = {"find", "match", "gmatch", "gsub"};
	struct sandbox *s = from_state(L);
	enum patcost_kind kind = (enum patcost_kind)lua_tointeger(L, lua_upvalueindex(2));
	if (s->in_call) {
		size_t n, m;
		const char *subject = luaL_checklstring(L, 1, &n);
		const char *pattern = luaL_checklstring(L, 2, &m);
		double cost = patcost_estimate(kind, subject, n, pattern, m, kind == PATCOST_FIND && lua_toboolean(L, 4));
		if (cost > (double)s->lim.max_instructions - s->search_work)
			return luaL_error(L, tr("string.%s:该模式在 %I 字节的字符串上可能耗时过长(超出指令上限),请简化模式或缩短字符串",
						"string.%s: this pattern could take too long on a string of %I bytes (beyond the instruction limit); simplify it or search a shorter string"),
					  names[kind], (lua_Integer)n);
		s->search_work += cost;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* Replaces the searching functions of the string library (at the top of the stack) with
 * guarded_search; the rules' copies and string methods both see the replacements. */
static void guard_searches(lua_State *L)
{
	static const struct {
		const char *name;
		enum patcost_kind kind;
	} fns[] = {{"find", PATCOST_FIND}, {"match", PATCOST_MATCH}, {"gmatch", PATCOST_GMATCH}, {"gsub", PATCOST_GSUB}};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		lua_getfield(L, -1, fns[i].name);
		lua_pushinteger(L, fns[i].kind);
		lua_pushcclosure(L, guarded_search, 2);
		lua_setfield(L, -2, fns[i].name);
	}
}

/* Marks the call as having exceeded its memory: the same fault as a refused allocation. */
static int refuse_memory(lua_State *L)
{
	struct sandbox *s = from_state(L);
	if (!s->mem_refused)
		innermost_lua_frame(L, s->mem_where, sizeof s->mem_where, NULL);
	s->mem_refused = true;
	trip(s);
	return raise_spent(L, s);
}

/* Raises the memory fault when bytes alone would pass the running file's cap. */
static void check_bytes(lua_State *L, lua_Integer bytes)
{
	struct sandbox *s = from_state(L);
	if (s->in_call && (bytes < 0 || (size_t)bytes > s->lim.max_memory))
		refuse_memory(L);
}

/* string.rep(s, n [, sep]) for rules: the result's size is checked against the memory the
 * file may still hold before the library builds it, and an empty result of a huge count
 * (Lua would loop n times copying nothing) is returned at once. Upvalue 1: the original. */
static int sbx_rep(lua_State *L)
{
	size_t l, lsep = 0;
	luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	sandbox_check(L);
	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	lua_Integer max = (lua_Integer)(SIZE_MAX / 4);
	if ((lua_Integer)(l + lsep) > max / n)
		return refuse_memory(L);
	check_bytes(L, n * (lua_Integer)(l + lsep));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* The length of the table argument t (through __len, called once). */
static lua_Integer length_of(lua_State *L, int t)
{
	luaL_checktype(L, t, LUA_TTABLE);
	return luaL_len(L, t);
}

/* Every 4096th element of a loop, whether the call's budget is spent. */
static void loop_tick(lua_State *L, lua_Integer i)
{
	if ((i & 4095) == 0)
		sandbox_check(L);
}

/* table.concat(t [, sep [, i [, j]]]) for rules: as Lua's, but the element count is checked
 * before the loop and the budget while it runs (a C __index would otherwise run unseen). */
static int sbx_concat(lua_State *L)
{
	size_t lsep;
	const char *sep = luaL_optlstring(L, 2, "", &lsep);
	lua_Integer i = luaL_optinteger(L, 3, 1);
	lua_Integer last = lua_isnoneornil(L, 4) ? length_of(L, 1) : luaL_checkinteger(L, 4);
	luaL_checktype(L, 1, LUA_TTABLE);
	if (i <= last)
		sandbox_check_count(L, "table.concat", last - i < LUA_MAXINTEGER ? last - i + 1 : LUA_MAXINTEGER);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (lua_Integer k = i; k <= last; k++) {
		loop_tick(L, k - i);
		if (!lua_isstring(L, lua_geti(L, 1, k)))
			return luaL_error(L, "invalid value (at index %I) in table for 'concat'", k);
		luaL_addvalue(&b);
		if (k < last)
			luaL_addlstring(&b, sep, lsep);
		if (k == LUA_MAXINTEGER)
			break;
	}
	luaL_pushresult(&b);
	return 1;
}

/* table.insert(t, [pos,] v) for rules: the elements to shift are counted first. */
static int sbx_insert(lua_State *L)
{
	lua_Integer e = length_of(L, 1);
	if (e == LUA_MAXINTEGER)
		return luaL_error(L, "table.insert: table too long");
	e++;
	lua_Integer pos = e;
	if (lua_gettop(L) == 3) {
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
		sandbox_check_count(L, "table.insert", e - pos);
		for (lua_Integer k = e; k > pos; k--) {
			loop_tick(L, k);
			lua_geti(L, 1, k - 1);
			lua_seti(L, 1, k);
		}
	} else if (lua_gettop(L) != 2)
		return luaL_error(L, "wrong number of arguments to 'insert'");
	lua_seti(L, 1, pos);
	return 0;
}

/* table.remove(t [, pos]) for rules: the elements to shift are counted first. */
static int sbx_remove(lua_State *L)
{
	lua_Integer size = length_of(L, 1);
	lua_Integer pos = luaL_optinteger(L, 2, size);
	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
	if (pos < size)
		sandbox_check_count(L, "table.remove", size - pos);
	lua_geti(L, 1, pos);
	for (; pos < size; pos++) {
		loop_tick(L, pos);
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

/* A library function whose loop length its arguments give (table.move(a, f, e, t), utf8.char
 * with its argument count): checked, then the original (upvalue 1) runs. Upvalue 2: name. */
static int sbx_counted(lua_State *L)
{
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	lua_Integer n = lua_gettop(L);
	if (strcmp(name, "table.move") == 0) {
		lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
		n = e >= f ? ((lua_Unsigned)e - (lua_Unsigned)f < (lua_Unsigned)LUA_MAXINTEGER ? e - f + 1 : LUA_MAXINTEGER) : 0;
	}
	sandbox_check_count(L, name, n);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* string.format for rules: widths and precisions of at most two digits (as Lua 5.4 allows,
 * checked here whatever the library version), and a result bounded by the memory the file may
 * still hold (each argument's text, plus 99 per conversion). Upvalue 1: the original. */
static int sbx_format(lua_State *L)
{
	size_t fl;
	const char *f = luaL_checklstring(L, 1, &fl);
	lua_Integer bound = (lua_Integer)fl;
	for (size_t i = 0; i < fl; i++) {
		if (f[i] != '%' || ++i >= fl || f[i] == '%')
			continue;
		while (i < fl && strchr("-+ #0", f[i]))
			i++;
		size_t digits = 0;
		while (i < fl && isdigit((unsigned char)f[i]))
			i++, digits++;
		if (digits > 2)
			return luaL_error(L, "%s", tr("string.format:宽度最多两位数", "string.format: a width has at most two digits"));
		bound += 99 + 99;
	}
	for (int a = 2; a <= lua_gettop(L); a++) {
		size_t l = 0;
		if (lua_type(L, a) == LUA_TSTRING)
			lua_tolstring(L, a, &l);
		bound += (lua_Integer)(l * 4 + 64);   /* %q may quadruple a string */
	}
	sandbox_check(L);
	check_bytes(L, bound);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* Replaces field name of the table at the top of the stack with fn, the original as upvalue
 * 1 (and label as upvalue 2 when given). */
static void wrap(lua_State *L, const char *name, lua_CFunction fn, const char *label)
{
	lua_getfield(L, -1, name);
	int n = 1;
	if (label) {
		lua_pushstring(L, label);
		n = 2;
	}
	lua_pushcclosure(L, fn, n);
	lua_setfield(L, -2, name);
}

/* Replaces the library functions that loop or allocate inside one C call with checked ones. */
static void guard_loops(lua_State *L)
{
	lua_getglobal(L, "string");
	wrap(L, "rep", sbx_rep, NULL);
	wrap(L, "format", sbx_format, NULL);
	lua_pop(L, 1);
	lua_getglobal(L, "table");
	lua_pushcfunction(L, sbx_concat);
	lua_setfield(L, -2, "concat");
	lua_pushcfunction(L, sbx_insert);
	lua_setfield(L, -2, "insert");
	lua_pushcfunction(L, sbx_remove);
	lua_setfield(L, -2, "remove");
	wrap(L, "move", sbx_counted, "table.move");
	lua_pop(L, 1);
	lua_getglobal(L, "utf8");
	wrap(L, "char", sbx_counted, "utf8.char");
	lua_pop(L, 1);
}

/* Setup that may raise (out of memory): runs under lua_pcall. */
static int setup(lua_State *L)
{
	luaL_checkversion(L);
	static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},  {LUA_STRLIBNAME, luaopen_string},
					{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
					{LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	/* Strings share one metatable whose __index is the real string table: hide it, and take
	 * dump out of that table itself, or ("").dump would still reach it as a method. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_getfield(L, -1, "__index");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	guard_searches(L);
	lua_pop(L, 3);
	guard_loops(L);
	/* The memory fault's message, made now: raising it later allocates nothing. */
	lua_pushstring(L, tr("超出内存上限", "memory limit exceeded"));
	lua_rawsetp(L, LUA_REGISTRYINDEX, &from_state(L)->mem_refused);
	return 0;
}

int sandbox_owner(struct sandbox *s, const char *path)
{
	for (int i = 1; i < s->n_owners; i++)
		if (strcmp(s->owners[i].path, path) == 0)
			return i;
	if (s->n_owners == s->cap_owners) {
		int cap = s->cap_owners ? s->cap_owners * 2 : 16;
		struct owner *o = realloc(s->owners, (size_t)cap * sizeof *o);
		if (!o)
			return 0;
		s->owners = o;
		s->cap_owners = cap;
	}
	char *copy = strdup(path);
	if (!copy)
		return 0;
	s->owners[s->n_owners] = (struct owner){.path = copy};
	return s->n_owners++;
}

void sandbox_set_owner(struct sandbox *s, int owner) { s->cur = owner >= 0 && owner < s->n_owners ? owner : 0; }
int sandbox_current_owner(const struct sandbox *s) { return s->cur; }
size_t sandbox_owner_memory(const struct sandbox *s, int owner) { return s->owners[owner].used; }

struct sandbox *sandbox_new(const struct sandbox_limits *lim)
{
	struct sandbox *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->lim.max_instructions = lim && lim->max_instructions > 0 ? lim->max_instructions
								    : SANDBOX_DEFAULT_INSTRUCTIONS;
	s->lim.max_memory = lim && lim->max_memory > 0 ? lim->max_memory : SANDBOX_DEFAULT_MEMORY;
	s->lim.max_seconds = lim && lim->max_seconds > 0 ? lim->max_seconds : SANDBOX_DEFAULT_SECONDS;
	s->lim.max_total_seconds = lim && lim->max_total_seconds > 0 ? lim->max_total_seconds : SANDBOX_DEFAULT_TOTAL;
	clock_gettime(CLOCK_MONOTONIC, &s->total_deadline);
	add_seconds(&s->total_deadline, s->lim.max_total_seconds);
	s->owners = calloc(16, sizeof *s->owners);
	s->cap_owners = 16;
	if (!s->owners || !(s->owners[0].path = strdup(tr("(引擎)", "(engine)"))) || watchdog_start(&s->wd) < 0) {
		if (s->owners)
			free(s->owners[0].path);
		free(s->owners);
		free(s);
		return NULL;
	}
	s->n_owners = 1;
	s->L = lua_newstate(capped_alloc, s);
	if (!s->L) {
		sandbox_free(s);
		return NULL;
	}
	*(struct sandbox **)lua_getextraspace(s->L) = s;
	lua_pushcfunction(s->L, setup);
	if (lua_pcall(s->L, 0, 0, 0) != LUA_OK) {
		sandbox_free(s);
		return NULL;
	}
	return s;
}

void sandbox_free(struct sandbox *s)
{
	if (!s)
		return;
	watchdog_stop(&s->wd);
	if (s->L)
		lua_close(s->L);
	for (int i = 0; i < s->n_owners; i++)
		free(s->owners[i].path);
	free(s->owners);
	free(s);
}

lua_State *sandbox_lua(struct sandbox *s) { return s->L; }

size_t sandbox_memory(const struct sandbox *s) { return s->used; }

size_t sandbox_call_growth(const struct sandbox *s) { return s->peak - s->call_base; }

void sandbox_total_deadline(const struct sandbox *s, struct timespec *out) { *out = s->total_deadline; }
void sandbox_set_total_deadline(struct sandbox *s, const struct timespec *deadline) { s->total_deadline = *deadline; }
