/* test_sandbox.c — the Lua rule sandbox under attack, through the C API: every hostile rule file
 * in tests/rules/hostile/ must be contained (an error finding or lint problem at its file:line
 * with a readable message) while a good "canary" rule in the same directory still passes and
 * fails normally and sees the untouched libraries. Also: the limits themselves (instructions,
 * memory, SQL steps), parameter copies, config overrides, and rule locations on long paths.
 * Run from the repository root (tests/run.sh does): it reads rules/, calendars/, schemas/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cal.h"
#include "lang.h"
#include "patcost.h"
#include "rules.h"
#include "sandbox.h"
#include "store.h"

#define HOSTILE_DIR "tests/rules/hostile"
#define QUOTE "利用春节、六一、中秋、国庆等节日"
#define WATCHDOG_SECONDS 60

/* Small limits keep the attacks quick; the canary and the sample rules fit well inside. */
static const struct sandbox_limits LIMITS = {.max_instructions = 1000000, .max_memory = 4u << 20, .max_seconds = 1};

/* Every attack the brief names must have its file: deleting one must fail the suite. */
static const char *const REQUIRED[] = {
	"os_execute", "io_open", "require", "dofile", "loadfile", "string_dump", "string_dump_method",
	"load_binary", "load_global", "infinite_loop", "pcall_loop", "xpcall_loop", "memory_string",
	"memory_table_pcall", "memory_rep_pcall", "pollute_top", "pollute_check", "return_nil",
	"return_number", "return_bogus_status", "return_looping_index", "db_delete", "db_insert",
	"db_pragma", "db_attach", "db_two_statements", "db_pointer_leak", "people_name", "runaway_cte",
	"syntax_error", "top_level_error", "gc_finalizer", "rule_in_check", "pattern_backtrack",
	"plain_find", "query_loop",
	/* issue 11: time, loops inside one C call, memory per file, declarations */
	"rep_empty_huge", "concat_c_index", "refs_huge_length", "like_pattern", "instr_loop",
	"step_limit_pcall", "slow_copies", "memory_hoard", "memory_pcall_storm", "sql_big_string",
	"finding_long_message", "finding_many_evidence", "evidence_bad_ref", "points_nan",
	"rule_id_control", "duplicate_id", "load_chunk_error", "big_blob", NULL};

/* The good rule every directory gets, loaded after the hostile file (zz_ sorts last). It fails
 * with "POLLUTED" if anything another file did is visible; otherwise passes for a unit with a
 * 六一 activity and fails for one without. */
static const char CANARY[] =
	"rule {\n"
	"  id = \"canary\", clause = \"三、6\", text = \"" QUOTE "\",\n"
	"  title = \"canary\", due = \"quarter\", params = { tag = \"六一\" },\n"
	"  check = function(ctx)\n"
	"    local bad = {}\n"
	"    if string.upper(\"abc\") ~= \"ABC\" then bad[#bad + 1] = \"string.upper\" end\n"
	"    if (\"abc\"):upper() ~= \"ABC\" then bad[#bad + 1] = \"(''):upper\" end\n"
	"    if string.dump ~= nil or (\"\").dump ~= nil then bad[#bad + 1] = \"string.dump\" end\n"
	"    local t = {}\n"
	"    table.insert(t, \"x\")\n"
	"    if t[1] ~= \"x\" then bad[#bad + 1] = \"table.insert\" end\n"
	"    if math.floor(2.5) ~= 2 then bad[#bad + 1] = \"math.floor\" end\n"
	"    if rawget(_G, \"LEAKED\") ~= nil or pcall(function() return LEAKED end) then\n"
	"      bad[#bad + 1] = \"global LEAKED\"\n"
	"    end\n"
	"    if getmetatable(string) ~= nil then bad[#bad + 1] = \"string metatable\" end\n"
	"    if #bad > 0 then return fail(\"POLLUTED: \" .. table.concat(bad, \", \")) end\n"
	"    local n = db.value([[SELECT count(*) FROM activities a JOIN activity_tags t\n"
	"      ON t.activity_id = a.id AND t.tag = ? WHERE a.unit_id = ?]], ctx.params.tag, ctx.unit)\n"
	"    if n > 0 then return pass(\"canary ok: \" .. n .. \" activity\", { \"activities:A1\" }) end\n"
	"    return fail(\"canary: no activity\", { looked_for = \"六一 activities\" })\n"
	"  end,\n"
	"}\n";

static struct calendar *cal;
static char base[256];          /* temporary directory for rule dirs and the database */
static char dbpath[512];
static sqlite3 *ro;             /* the read-only connection rules query */
static char *db_bytes;          /* the database file as created, to prove nothing wrote to it */
static size_t db_len;
static int dir_seq;

/* ---- files ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	char block[8192];
	size_t k;
	while ((k = fread(block, 1, sizeof block, f)) > 0)
		fwrite(block, 1, k, m);
	fclose(f);
	fclose(m);
	if (len)
		*len = n;
	return buf;
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *dir, const char *name)
{
	size_t len;
	char *text = slurp(from, &len);
	assert_non_null(text);
	write_file(dir, name, text, len);
	free(text);
}

/* A fresh rules directory under base (or under parent when given) holding the plan and the
 * canary. Writes its path into dir. */
static void new_rules_dir(char *dir, size_t len, const char *parent)
{
	snprintf(dir, len, "%s/rules%d", parent ? parent : base, ++dir_seq);
	assert_int_equal(mkdir(dir, 0700), 0);
	copy_file("rules/00_plan.lua", dir, "00_plan.lua");
	write_file(dir, "zz_canary.lua", CANARY, strlen(CANARY));
}

static struct ruleset *load(const char *dir, const char *config)
{
	struct ruleset *rs = rules_load(dir, config, &LIMITS, cal);
	assert_non_null(rs);
	rules_attach_db(rs, ro);
	return rs;
}

static long find_rule(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return (long)i;
	return -1;
}

static struct rule_ctx ctx_for(const char *unit)
{
	struct rule_ctx c = {.unit_id = unit, .unit_name = unit, .year = 2020};
	c.from = c.window_from = c.period_from = date_from_ymd(2020, 4, 1);
	c.to = c.window_to = c.period_to = date_from_ymd(2020, 6, 30);
	return c;
}

static void run(struct ruleset *rs, const char *id, const char *unit, struct rule_result *out)
{
	long i = find_rule(rs, id);
	if (i < 0)
		fail_msg("no rule %s was loaded", id);
	struct rule_ctx c = ctx_for(unit);
	rules_run(rs, (size_t)i, &c, out);
}

#define assert_contains(hay, needle)                                                      \
	do {                                                                              \
		const char *h_ = (hay);                                                   \
		if (!h_ || !strstr(h_, (needle)))                                         \
			fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", (needle)); \
	} while (0)

/* The canary still judges both units normally: pass for U1 (has a 六一 activity), fail for U2,
 * and it sees no trace of what any other file did. */
static void assert_canary(struct ruleset *rs)
{
	struct rule_result r;
	run(rs, "canary", "U1", &r);
	assert_contains(r.message, "canary ok: 1 activity");
	assert_int_equal(r.status, ST_PASS);
	assert_int_equal(r.n_evidence, 1);
	assert_string_equal(r.evidence[0], "activities:A1");
	rule_result_free(&r);
	run(rs, "canary", "U2", &r);
	assert_contains(r.message, "canary: no activity");
	assert_int_equal(r.status, ST_FAIL);
	assert_string_equal(r.looked_for, "六一 activities");
	rule_result_free(&r);
}

/* ---- the expectations written at the top of each hostile file ---- */

struct expectation {
	char name[128];      /* file name without .lua */
	char path[1024];     /* where it was copied */
	char kind[16];       /* problem | error | fail | pass */
	char message[256];   /* substring of the English message */
	int harm_line;       /* the line marked "-- HARM": where the finding must point */
	bool holds;          /* "-- holds: memory": the file keeps what it built, by design */
};

static void header_field(const char *text, const char *key, char *out, size_t len)
{
	const char *p = strstr(text, key);
	if (!p)
		fail_msg("hostile file lacks '%s'", key);
	p += strlen(key);
	size_t n = strcspn(p, "\n");
	assert_true(n < len);
	memcpy(out, p, n);
	out[n] = '\0';
}

static void read_expectation(const char *name, struct expectation *e)
{
	char src[512];
	snprintf(src, sizeof src, "%s/%s.lua", HOSTILE_DIR, name);
	char *text = slurp(src, NULL);
	if (!text)
		fail_msg("cannot read %s", src);
	snprintf(e->name, sizeof e->name, "%s", name);
	header_field(text, "-- expect: ", e->kind, sizeof e->kind);
	header_field(text, "-- message: ", e->message, sizeof e->message);
	e->holds = strstr(text, "-- holds: memory") != NULL;
	e->harm_line = 0;
	int line = 1;
	for (const char *p = text; *p; p++) {
		if (strncmp(p, "-- HARM", 7) == 0) {
			assert_int_equal(e->harm_line, 0);   /* exactly one marker */
			e->harm_line = line;
		}
		line += *p == '\n';
	}
	assert_true(e->harm_line > 0);
	free(text);
}

/* Copies the hostile file into dir (as "50_<name>.lua") and records the expectation. */
static void add_hostile(const char *dir, const char *name, struct expectation *e)
{
	char src[512], dst[160];
	read_expectation(name, e);
	snprintf(src, sizeof src, "%s/%s.lua", HOSTILE_DIR, name);
	snprintf(dst, sizeof dst, "50_%s.lua", name);
	copy_file(src, dir, dst);
	snprintf(e->path, sizeof e->path, "%s/%s", dir, dst);
}

/* A finding's where and message: the exact file:line, and a message that reads on its own
 * (it does not repeat the location, truncated or not). */
static void assert_located(const struct expectation *e, const char *where, const char *message)
{
	char want[1100];
	snprintf(want, sizeof want, "%s:%d", e->path, e->harm_line);
	if (!where || strcmp(where, want) != 0)
		fail_msg("%s: finding at '%s', expected '%s' (message: %s)", e->name, where ? where : "(null)",
			 want, message ? message : "(null)");
	assert_contains(message, e->message);
	if (strstr(message, ".lua:") || strncmp(message, "...", 3) == 0)
		fail_msg("%s: message repeats a location: %s", e->name, message);
}

static size_t problems_in(const struct ruleset *rs, const char *path, const struct rule_problem **first)
{
	size_t n = 0, len = strlen(path);
	*first = NULL;
	for (size_t i = 0; i < rs->n_problems; i++)
		if (strncmp(rs->problems[i].where, path, len) == 0) {
			if (!n)
				*first = &rs->problems[i];
			n++;
		}
	return n;
}

/* Checks one hostile file's expectation in rs, and that memory went back down afterwards. */
static void assert_contained(struct ruleset *rs, const struct expectation *e)
{
	const struct rule_problem *p;
	size_t np = problems_in(rs, e->path, &p);
	char id[160];
	snprintf(id, sizeof id, "hostile-%s", e->name);
	if (strcmp(e->kind, "problem") == 0) {
		if (np != 1)
			fail_msg("%s: %zu problems, expected 1", e->name, np);
		assert_located(e, p->where, p->message);
		return;
	}
	if (np != 0)
		fail_msg("%s: unexpected load problem at %s: %s", e->name, p->where, p->message);
	size_t before = sandbox_memory(rs->sbx);
	struct rule_result r;
	run(rs, id, "U1", &r);
	size_t after = sandbox_memory(rs->sbx);
	if (strcmp(e->kind, "error") == 0) {
		if (r.status != ST_ERROR)
			fail_msg("%s: status %s (%s), expected error", e->name, status_name(r.status),
				 r.message ? r.message : "");
		assert_located(e, r.where, r.message);
	} else {
		assert_int_equal(r.status, strcmp(e->kind, "fail") == 0 ? ST_FAIL : ST_PASS);
		assert_contains(r.message, e->message);
	}
	rule_result_free(&r);
	/* A file that keeps what it built holds it itself: charged to it, near its cap. */
	if (e->holds) {
		int owner = sandbox_owner(rs->sbx, e->path);
		if (sandbox_owner_memory(rs->sbx, owner) * 4 < LIMITS.max_memory * 3)
			fail_msg("%s: holds %zu bytes, expected near its cap", e->name, sandbox_owner_memory(rs->sbx, owner));
		return;
	}
	/* Whatever the rule built was collected: the next rule has the memory it had. */
	if (after > before + (1u << 20))
		fail_msg("%s: %zu bytes still held after the call (%zu before)", e->name, after, before);
}

/* ---- group setup: calendar, database ---- */

static void exec_sql(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static int setup(void **state)
{
	(void)state;
	lang_set(LANG_EN);
	cal = cal_load("calendars");
	if (!cal)
		return -1;
	snprintf(base, sizeof base, "%s/yaodian-sandbox.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(base))
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/records.db", base);
	sqlite3 *rw;
	if (store_open(dbpath, STORE_CREATE, &rw) < 0 || store_migrate(rw, dbpath, "schemas") < 0)
		return -1;
	exec_sql(rw, "INSERT INTO units(id, name) VALUES ('U1', 'Unit One'), ('U2', 'Unit Two');"
		     "INSERT INTO people(id, unit_id, name, category) VALUES"
		     " ('U1-P1', 'U1', '王建国', '在职'), ('U1-K1', 'U1', '小明', '职工子女'),"
		     " ('U2-P1', 'U2', '李晓梅', '在职');"
		     "INSERT INTO activities(id, unit_id, title, start_date, end_date, children)"
		     " VALUES ('A1', 'U1', '六一赠书', '2020-06-01', '2020-06-01', 12);"
		     "INSERT INTO activity_tags(activity_id, tag) VALUES ('A1', '六一');"
		     "PRAGMA wal_checkpoint(TRUNCATE);");
	sqlite3_close(rw);
	db_bytes = slurp(dbpath, &db_len);
	if (!db_bytes || store_open(dbpath, STORE_READONLY, &ro) < 0)
		return -1;
	return 0;
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char sub[2048];
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(ro);
	cal_free(cal);
	free(db_bytes);
	if (base[0])
		remove_tree(base);
	return 0;
}

/* A test that hangs fails instead: the whole binary is killed after WATCHDOG_SECONDS. */
static int watchdog(void **state)
{
	(void)state;
	alarm(WATCHDOG_SECONDS);
	return 0;
}

/* ---- the hostile files, one directory each ---- */

static void test_hostile_alone(void **state)
{
	const char *name = *state;
	char dir[512];
	struct expectation e;
	new_rules_dir(dir, sizeof dir, NULL);
	add_hostile(dir, name, &e);
	struct ruleset *rs = load(dir, NULL);
	/* The plan and canary loaded cleanly whatever the hostile file did. */
	assert_true(rs->have_plan);
	assert_true(find_rule(rs, "canary") >= 0);
	assert_int_equal(rs->n_problems, strcmp(e.kind, "problem") == 0 ? 1 : 0);
	assert_contained(rs, &e);
	assert_canary(rs);
	rules_free(rs);
}

/* Every hostile file together in one directory, so one Lua state: each still contained, the
 * canary still right, and the database file byte for byte as it was made. */
static void test_hostile_together(void **state)
{
	(void)state;
	char dir[512];
	new_rules_dir(dir, sizeof dir, NULL);
	size_t n = 0;
	while (REQUIRED[n])
		n++;
	struct expectation *e = calloc(n, sizeof *e);
	assert_non_null(e);
	for (size_t i = 0; i < n; i++)
		add_hostile(dir, REQUIRED[i], &e[i]);
	struct ruleset *rs = load(dir, NULL);
	size_t want_problems = 0;
	for (size_t i = 0; i < n; i++)
		want_problems += strcmp(e[i].kind, "problem") == 0;
	assert_int_equal(rs->n_problems, want_problems);
	for (size_t i = 0; i < n; i++) {
		assert_contained(rs, &e[i]);
		assert_canary(rs);
	}
	/* No rule was declared by a check (rule_in_check) and none went missing. */
	assert_int_equal(find_rule(rs, "spawned-1"), -1);
	rules_free(rs);
	size_t len;
	char *now = slurp(dbpath, &len);
	assert_non_null(now);
	assert_int_equal(len, db_len);
	assert_memory_equal(now, db_bytes, len);
	free(now);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(ro, "SELECT count(*) FROM units", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	free(e);
}

/* Every file in tests/rules/hostile is one REQUIRED lists, and every one listed exists. */
static void test_hostile_inventory(void **state)
{
	(void)state;
	for (size_t i = 0; REQUIRED[i]; i++) {
		char path[512];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s.lua", HOSTILE_DIR, REQUIRED[i]);
		if (stat(path, &st) != 0)
			fail_msg("missing hostile rule file %s", path);
	}
	DIR *d = opendir(HOSTILE_DIR);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".lua") != 0)
			continue;
		bool listed = false;
		for (size_t i = 0; REQUIRED[i]; i++)
			listed = listed || (strlen(REQUIRED[i]) == len - 4 && strncmp(REQUIRED[i], de->d_name, len - 4) == 0);
		if (!listed)
			fail_msg("%s/%s is not in REQUIRED, so no test runs it", HOSTILE_DIR, de->d_name);
	}
	closedir(d);
}

/* ---- the limits, measured through the sandbox API ---- */

/* Runs text as a rule file body in a fresh sandbox with lim; returns the sandbox_call result.
 * The environment is left at the top of the stack for the caller to inspect. */
static int run_chunk(struct sandbox *s, const char *text, struct sandbox_error *err)
{
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/chunk%d", base, ++dir_seq);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(dir, "chunk.lua", text, strlen(text));
	snprintf(path, sizeof path, "%s/chunk.lua", dir);
	lua_State *L = sandbox_lua(s);
	sandbox_push_env(L, NULL);
	sandbox_seal_env(L, -1);
	if (sandbox_load_file(s, path, -1, err) < 0)
		return -1;
	return sandbox_call(s, 0, 0, err);
}

static lua_Integer env_int(struct sandbox *s, const char *name)
{
	lua_State *L = sandbox_lua(s);
	lua_pushstring(L, name);
	lua_rawget(L, -2);
	lua_Integer v = lua_tointeger(L, -1);
	lua_pop(L, 1);
	return v;
}

/* A loop is stopped after max_instructions, and a loop that catches the error with pcall is
 * stopped at its next instruction outside pcall: it never gets a second full budget. */
static void test_instruction_limit(void **state)
{
	(void)state;
	struct sandbox_limits lim = {.max_instructions = 100000, .max_memory = 8u << 20};
	struct sandbox *s = sandbox_new(&lim);
	assert_non_null(s);
	struct sandbox_error err;
	assert_int_equal(run_chunk(s, "local n = 0\nwhile true do n = n + 1; rawset(_G, 'n', n) end\n", &err), -1);
	assert_int_equal(err.fault, SBX_INSTRUCTIONS);
	assert_contains(err.where, "chunk.lua:2");
	lua_Integer n = env_int(s, "n");
	/* about 8 VM instructions an iteration: the loop got its budget, and not much more */
	print_message("    plain loop: stopped after %lld iterations (limit %ld instructions)\n", (long long)n,
		      lim.max_instructions);
	assert_true(n > lim.max_instructions / 20 && n < lim.max_instructions);
	lua_pop(sandbox_lua(s), 1);

	assert_int_equal(run_chunk(s, "local n = 0\nwhile true do n = n + 1; rawset(_G, 'n', n)\n"
				      "pcall(function() while true do end end) end\n", &err), -1);
	assert_int_equal(err.fault, SBX_INSTRUCTIONS);
	n = env_int(s, "n");
	print_message("    pcall-wrapped loop: %lld outer iterations before it was stopped\n", (long long)n);
	assert_int_equal(n, 1);
	lua_pop(sandbox_lua(s), 1);

	/* The next call gets a fresh budget: the tripped hook does not stay armed. */
	assert_int_equal(run_chunk(s, "local n = 0\nfor i = 1, 5000 do n = n + i end\nrawset(_G, 'n', n)\n", &err), 0);
	assert_int_equal(env_int(s, "n"), 5000 * 5001 / 2);
	lua_pop(sandbox_lua(s), 1);
	sandbox_free(s);
}

/* A memory bomb is refused at the cap, inside pcall too, and the memory comes back. */
static void test_memory_cap(void **state)
{
	(void)state;
	struct sandbox_limits lim = {.max_instructions = 50000000, .max_memory = 4u << 20};
	struct sandbox *s = sandbox_new(&lim);
	assert_non_null(s);
	size_t idle = sandbox_memory(s);
	struct sandbox_error err;
	assert_int_equal(run_chunk(s, "local s = 'x'\nwhile true do s = s .. s; rawset(_G, 'len', #s) end\n", &err), -1);
	assert_int_equal(err.fault, SBX_MEMORY);
	assert_contains(err.where, "chunk.lua:2");
	assert_contains(err.message, "memory limit");
	lua_Integer len = env_int(s, "len");
	print_message("    string doubling: largest string %lld bytes under a %zu-byte cap; %zu bytes held after\n",
		      (long long)len, lim.max_memory, sandbox_memory(s));
	assert_true((size_t)len <= lim.max_memory / 2);
	assert_true((size_t)len >= lim.max_memory / 8);
	lua_pop(sandbox_lua(s), 1);

	assert_int_equal(run_chunk(s, "local ok = pcall(function() local t = {}\n"
				      "for i = 1, math.maxinteger do t[i] = {i} end end)\nrawset(_G, 'survived', 1)\n",
				   &err), -1);
	assert_int_equal(err.fault, SBX_MEMORY);
	lua_pop(sandbox_lua(s), 1);
	assert_true(sandbox_memory(s) <= lim.max_memory);
	assert_true(sandbox_memory(s) < idle + (256u << 10));
	sandbox_free(s);
}

/* The sandbox's xpcall behaves as Lua's for a rule (results, handler value, error in the
 * handler), though its handler runs after the error has unwound. */
static void test_xpcall_semantics(void **state)
{
	(void)state;
	struct sandbox *s = sandbox_new(&LIMITS);
	assert_non_null(s);
	struct sandbox_error err;
	static const char text[] =
		"local r = table.pack(xpcall(function(a, b) return a + b, 'two' end, error, 1, 2))\n"
		"assert(r.n == 3 and r[1] == true and r[2] == 3 and r[3] == 'two', 'results')\n"
		"local ok, e = xpcall(function() error({code = 7}) end, function(m) return 'handled ' .. m.code end)\n"
		"assert(ok == false and e == 'handled 7', 'handler value')\n"
		"ok, e = xpcall(function() error('x') end, function() error('in handler', 0) end)\n"
		"assert(ok == false and e == 'in handler', 'error in handler')\n"
		"assert(not pcall(xpcall, function() end), 'handler required')\n"
		"rawset(_G, 'n', 1)\n";
	if (run_chunk(s, text, &err) != 0)
		fail_msg("%s: %s", err.where, err.message);
	assert_int_equal(env_int(s, "n"), 1);
	lua_pop(sandbox_lua(s), 1);
	sandbox_free(s);
}

/* The guarded string searches give the library's results for ordinary use, methods included. */
static void test_searches_still_work(void **state)
{
	(void)state;
	struct sandbox *s = sandbox_new(&LIMITS);
	assert_non_null(s);
	struct sandbox_error err;
	static const char text[] =
		"local a, b, y, m = string.find('date 2020-05-01', '(%d+)-(%d+)')\n"
		"assert(a == 6 and b == 12 and y == '2020' and m == '05', 'find')\n"
		"assert(('x.y'):find('.', 1, true) == 2, 'plain find')\n"
		"assert(('  trim me  '):match('^%s*(.-)%s*$') == 'trim me', 'match')\n"
		"local parts = {}\n"
		"for w in ('a,bb,,ccc'):gmatch('[^,]+') do parts[#parts + 1] = w end\n"
		"assert(table.concat(parts, '|') == 'a|bb|ccc', 'gmatch')\n"
		"local r, n = string.gsub('hello world', '%w+', function(w) return w:upper() end)\n"
		"assert(r == 'HELLO WORLD' and n == 2, 'gsub')\n"
		"assert(select('#', ('abc'):gsub('b', 'x')) == 2, 'gsub results')\n"
		"local long = string.rep('word ', 20000)\n"
		"assert(select(2, long:gsub('%s+', ' ')) == 20000, 'gsub on 100 kB')\n"
		"assert(long:find('<(.-)>') == nil, 'unanchored lazy search on 100 kB')\n"
		"rawset(_G, 'n', 1)\n";
	if (run_chunk(s, text, &err) != 0)
		fail_msg("%s: %s", err.where, err.message);
	assert_int_equal(env_int(s, "n"), 1);
	lua_pop(sandbox_lua(s), 1);
	/* A search refused for its cost is an error the rule sees, with the function's name. */
	assert_int_equal(run_chunk(s, "local s = string.rep('a', 3000)\nreturn s:match(string.rep('a-', 4) .. 'b')\n", &err), -1);
	assert_int_equal(err.fault, SBX_RUNTIME);
	assert_contains(err.where, "chunk.lua:2");
	assert_contains(err.message, "string.match: this pattern could take too long on a string of 3000 bytes");
	lua_pop(sandbox_lua(s), 1);
	sandbox_free(s);
}

/* The bound is small for everyday patterns and huge for backtracking ones. */
static void test_patcost_bounds(void **state)
{
	(void)state;
	char big[20001];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	static const char date[] = "2020-05-01";
	double c = patcost_estimate(PATCOST_MATCH, date, strlen(date), "^(%d+)-(%d+)-(%d+)$", 19, false);
	assert_true(c > 3 && c < 1000);   /* 621: three runs of at most 4 digits */
	c = patcost_estimate(PATCOST_FIND, big, 20000, "xyz", 3, false);
	assert_true(c > 20000 && c < 30000);
	c = patcost_estimate(PATCOST_GSUB, big, 20000, "<(.-)>", 6, false);   /* no '<' at all */
	assert_true(c > 20000 && c < 30000);
	c = patcost_estimate(PATCOST_FIND, big, 3000, "a-a-a-a-b", 9, false);
	assert_true(c > 1e15);
	c = patcost_estimate(PATCOST_FIND, big, 20000, "a*b", 3, false);   /* quadratic: n starts x n */
	assert_true(c > 4e8 && c < 2e9);
	c = patcost_estimate(PATCOST_FIND, big, 20000, big, 10000, true);
	assert_true(c > 1e7);
	/* Sets, classes and negation measure the right runs: no 'b', no digits in big. */
	assert_true(patcost_estimate(PATCOST_FIND, big, 20000, "[b-z]*x", 7, false) < 1e5);
	assert_true(patcost_estimate(PATCOST_FIND, big, 20000, "%d*x", 4, false) < 1e5);
	assert_true(patcost_estimate(PATCOST_FIND, big, 20000, "%D*x", 4, false) > 1e8);
	assert_true(patcost_estimate(PATCOST_FIND, big, 20000, "[^b]*x", 6, false) > 1e8);
	/* Malformed patterns are bounded without reading past their end. */
	assert_true(patcost_estimate(PATCOST_FIND, big, 100, "a-[", 3, false) > 0);
	assert_true(patcost_estimate(PATCOST_FIND, big, 100, "%", 1, false) > 0);
	assert_true(patcost_estimate(PATCOST_FIND, big, 100, "%b(", 3, false) > 0);
	assert_true(patcost_estimate(PATCOST_FIND, big, 100, "[%", 2, false) > 0);
}

/* Rule files are text only: a precompiled chunk is refused before it runs; a missing file is
 * a clear error. */
static void test_binary_and_missing_files(void **state)
{
	(void)state;
	struct sandbox *s = sandbox_new(NULL);
	assert_non_null(s);
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/binary", base);
	assert_int_equal(mkdir(dir, 0700), 0);
	static const char chunk[] = "\033LuaT\0\031\223\r\n\032\n\004\010\010";
	write_file(dir, "chunk.lua", chunk, sizeof chunk - 1);
	snprintf(path, sizeof path, "%s/chunk.lua", dir);
	struct sandbox_error err;
	lua_State *L = sandbox_lua(s);
	sandbox_push_env(L, NULL);
	assert_int_equal(sandbox_load_file(s, path, -1, &err), -1);
	assert_contains(err.message, "binary");
	assert_int_equal(lua_gettop(L), 1);
	snprintf(path, sizeof path, "%s/absent.lua", dir);
	assert_int_equal(sandbox_load_file(s, path, -1, &err), -1);
	assert_contains(err.message, "cannot read");
	assert_string_equal(err.where, path);
	lua_pop(L, 1);
	sandbox_free(s);
}

/* ---- rules: parameters, config, locations ---- */

static const char PARAMS_RULE[] =
	"rule {\n"
	"  id = \"counter\", clause = \"三、6\", text = \"" QUOTE "\",\n"
	"  title = \"counter\", due = \"quarter\", params = { n = 1, word = \"a\" },\n"
	"  check = function(ctx)\n"
	"    ctx.params.n = ctx.params.n + 1\n"
	"    return pass(ctx.params.word .. ctx.params.n)\n"
	"  end,\n"
	"}\n";

/* A check that changes its parameters changes only its own copy for this call. */
static void test_params_copied_per_call(void **state)
{
	(void)state;
	char dir[512];
	new_rules_dir(dir, sizeof dir, NULL);
	write_file(dir, "10_counter.lua", PARAMS_RULE, strlen(PARAMS_RULE));
	struct ruleset *rs = load(dir, NULL);
	assert_int_equal(rs->n_problems, 0);
	for (int i = 0; i < 3; i++) {
		struct rule_result r;
		run(rs, "counter", i % 2 ? "U1" : "U2", &r);
		assert_int_equal(r.status, ST_PASS);
		assert_string_equal(r.message, "a2");
		rule_result_free(&r);
	}
	rules_free(rs);
}

/* A config file overrides parameters; its mistakes are problems at its own file:line. */
static void test_config(void **state)
{
	(void)state;
	char dir[512], cfg[600];
	new_rules_dir(dir, sizeof dir, NULL);
	write_file(dir, "10_counter.lua", PARAMS_RULE, strlen(PARAMS_RULE));
	static const char good[] = "return {\n  params = {\n    counter = { n = 41, word = \"b\" },\n  },\n}\n";
	write_file(base, "good-config.lua", good, strlen(good));
	snprintf(cfg, sizeof cfg, "%s/good-config.lua", base);
	struct ruleset *rs = load(dir, cfg);
	assert_int_equal(rs->n_problems, 0);
	struct rule_result r;
	run(rs, "counter", "U1", &r);
	assert_string_equal(r.message, "b42");
	rule_result_free(&r);
	rules_free(rs);

	static const char bad[] =
		"-- overrides with three mistakes\n"
		"return {\n"
		"  params = {\n"
		"    counter = {\n"
		"      n = \"many\",\n"
		"      colour = \"red\",\n"
		"    },\n"
		"    [\"no-such-rule\"] = { n = 1 },\n"
		"  },\n"
		"}\n";
	write_file(base, "bad-config.lua", bad, strlen(bad));
	snprintf(cfg, sizeof cfg, "%s/bad-config.lua", base);
	rs = load(dir, cfg);
	assert_int_equal(rs->n_problems, 3);
	static const struct {
		int line;
		const char *field, *message;
	} want[] = {{5, "params[\"counter\"].n", "wrong type: expected number, got string"},
		    {6, "params[\"counter\"].colour", "no such parameter"},
		    {8, "params[\"no-such-rule\"]", "no rule has this id"}};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		char where[700];
		snprintf(where, sizeof where, "%s:%d", cfg, want[k].line);
		bool found = false;
		for (size_t i = 0; i < rs->n_problems; i++)
			if (rs->problems[i].field && strcmp(rs->problems[i].field, want[k].field) == 0) {
				assert_string_equal(rs->problems[i].where, where);
				assert_contains(rs->problems[i].message, want[k].message);
				found = true;
			}
		if (!found)
			fail_msg("no problem about %s", want[k].field);
	}
	/* Refused overrides are not applied: the rule keeps its declared parameters. */
	run(rs, "counter", "U1", &r);
	assert_string_equal(r.message, "a2");
	rule_result_free(&r);
	rules_free(rs);
}

/* A hostile config file is as contained as a rule file: its metamethods run under the limits. */
static void test_config_hostile(void **state)
{
	(void)state;
	char dir[512], cfg[600];
	new_rules_dir(dir, sizeof dir, NULL);
	static const char text[] =
		"local loop = function() while true do end end\n"
		"return setmetatable({}, { __index = loop, __pairs = loop, __len = loop })\n";
	write_file(base, "loop-config.lua", text, strlen(text));
	snprintf(cfg, sizeof cfg, "%s/loop-config.lua", base);
	struct ruleset *rs = load(dir, cfg);
	/* Either the loop is stopped (a problem naming the config) or it never runs: no hang. */
	for (size_t i = 0; i < rs->n_problems; i++)
		assert_contains(rs->problems[i].where, "loop-config.lua");
	assert_canary(rs);
	rules_free(rs);

	static const char bomb[] = "local s = 'x'\nwhile true do s = s .. s end\n";
	write_file(base, "bomb-config.lua", bomb, strlen(bomb));
	snprintf(cfg, sizeof cfg, "%s/bomb-config.lua", base);
	rs = load(dir, cfg);
	assert_int_equal(rs->n_problems, 1);
	char where[700];
	snprintf(where, sizeof where, "%s:2", cfg);
	assert_string_equal(rs->problems[0].where, where);
	assert_contains(rs->problems[0].message, "memory limit");
	assert_canary(rs);
	rules_free(rs);
}

/* Locations stay exact however long the path (Lua shortens chunk names to 60 bytes in its own
 * messages), for syntax errors and runtime errors alike. */
static void test_long_path_locations(void **state)
{
	(void)state;
	char parent[512], dir[700];
	snprintf(parent, sizeof parent, "%s/a-directory-name-long-enough-that-lua-would-shorten-it", base);
	assert_int_equal(mkdir(parent, 0700), 0);
	new_rules_dir(dir, sizeof dir, parent);
	assert_true(strlen(dir) > 80);
	struct expectation syn, os;
	add_hostile(dir, "syntax_error", &syn);
	add_hostile(dir, "os_execute", &os);
	struct ruleset *rs = load(dir, NULL);
	assert_int_equal(rs->n_problems, 1);
	assert_contained(rs, &syn);
	assert_contained(rs, &os);
	assert_canary(rs);
	rules_free(rs);
}

/* A rule sees the people rows but never a name: not in the row, not through WHERE. */
static void test_people_names_hidden(void **state)
{
	(void)state;
	char dir[512];
	struct expectation e;
	new_rules_dir(dir, sizeof dir, NULL);
	add_hostile(dir, "people_name", &e);
	struct ruleset *rs = load(dir, NULL);
	struct rule_result r;
	run(rs, "hostile-people_name", "U1", &r);
	assert_int_equal(r.status, ST_FAIL);
	assert_string_equal(r.message, "id=U1-P1 name=nil named=0 of=3");
	rule_result_free(&r);
	rules_free(rs);
	/* The names are there for the engine's own (unrestricted) use. */
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM people WHERE id = 'U1-P1'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "王建国");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Without a database the db functions refuse clearly instead of crashing. */
static void test_no_database(void **state)
{
	(void)state;
	char dir[512];
	new_rules_dir(dir, sizeof dir, NULL);
	struct ruleset *rs = load(dir, NULL);
	rules_attach_db(rs, NULL);
	struct rule_result r;
	run(rs, "canary", "U1", &r);
	assert_int_equal(r.status, ST_ERROR);
	assert_contains(r.message, "only inside check functions");
	assert_contains(r.where, "zz_canary.lua:");
	rule_result_free(&r);
	rules_free(rs);
}

/* The bundled rules load cleanly in the same sandbox and limits the attacks ran under. */
static void test_bundled_rules_clean(void **state)
{
	(void)state;
	struct ruleset *rs = load("rules", NULL);
	for (size_t i = 0; i < rs->n_problems; i++)
		print_error("%s: %s\n", rs->problems[i].where, rs->problems[i].message);
	assert_int_equal(rs->n_problems, 0);
	assert_true(rs->n_rules >= 10);
	assert_int_equal(rs->plan.n_clauses, 12);
	struct rule_result r;
	run(rs, "3.6-childrens-day", "U1", &r);
	assert_int_equal(r.status, ST_PASS);
	assert_int_equal(r.n_evidence, 1);
	assert_string_equal(r.evidence[0], "activities:A1");
	rule_result_free(&r);
	run(rs, "3.6-childrens-day", "U2", &r);
	assert_int_equal(r.status, ST_FAIL);
	assert_non_null(r.looked_for);
	rule_result_free(&r);
	rules_free(rs);
}

int main(void)
{
	size_t n = 0;
	while (REQUIRED[n])
		n++;
	struct CMUnitTest *hostile = calloc(n, sizeof *hostile);
	if (!hostile)
		return 1;
	for (size_t i = 0; i < n; i++)
		hostile[i] = (struct CMUnitTest){.name = REQUIRED[i], .test_func = test_hostile_alone,
						  .setup_func = watchdog, .initial_state = (void *)REQUIRED[i]};
	const struct CMUnitTest others[] = {
		cmocka_unit_test(test_hostile_inventory),
		cmocka_unit_test_setup(test_hostile_together, watchdog),
		cmocka_unit_test_setup(test_instruction_limit, watchdog),
		cmocka_unit_test_setup(test_memory_cap, watchdog),
		cmocka_unit_test_setup(test_xpcall_semantics, watchdog),
		cmocka_unit_test_setup(test_searches_still_work, watchdog),
		cmocka_unit_test(test_patcost_bounds),
		cmocka_unit_test_setup(test_binary_and_missing_files, watchdog),
		cmocka_unit_test_setup(test_params_copied_per_call, watchdog),
		cmocka_unit_test_setup(test_config, watchdog),
		cmocka_unit_test_setup(test_config_hostile, watchdog),
		cmocka_unit_test_setup(test_long_path_locations, watchdog),
		cmocka_unit_test_setup(test_people_names_hidden, watchdog),
		cmocka_unit_test_setup(test_no_database, watchdog),
		cmocka_unit_test_setup(test_bundled_rules_clean, watchdog),
	};
	int failed = _cmocka_run_group_tests("hostile rules, one at a time", hostile, n, setup, teardown);
	failed += cmocka_run_group_tests_name("sandbox", others, setup, teardown);
	free(hostile);
	return failed != 0;
}
