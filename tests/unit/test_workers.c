/* test_workers.c — the ordered pool of worker threads (workers.c): every item emitted once, in
 * item order, whatever the number of threads and however long each item takes; never more
 * than the window taken ahead of the next to emit; a failure in start, work or emit stops the
 * run with nothing emitted after it and every result not emitted dropped (the sanitizer run
 * finds a leak otherwise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "testutil.h"
#include "workers.h"

struct run {
	size_t n, window;
	long fail_start;     /* the worker whose start fails, or -1 */
	long fail_work;      /* the item whose work fails, or -1 */
	long fail_emit;      /* the item whose emit fails, or -1 */
	pthread_mutex_t mu;
	size_t emitted, dropped, made, started, stopped;
	size_t max_ahead;    /* the most items taken beyond the next one to emit */
	size_t taken_top;    /* one past the highest item taken */
	bool out_of_order;
};

/* Item i's result: a heap box holding i * i. */
static int work(void *ud, void *state, size_t i, void **result)
{
	struct run *r = ud;
	assert_non_null(state);
	pthread_mutex_lock(&r->mu);
	if (i + 1 > r->taken_top)
		r->taken_top = i + 1;
	if (r->taken_top - r->emitted > r->max_ahead)
		r->max_ahead = r->taken_top - r->emitted;
	pthread_mutex_unlock(&r->mu);
	/* Uneven durations, so that later items often finish first. */
	struct timespec t = {0, (long)((i * 7919) % 5) * 200000L};
	nanosleep(&t, NULL);
	size_t *box = malloc(sizeof *box);
	*box = i * i;
	*result = box;
	pthread_mutex_lock(&r->mu);
	r->made++;
	pthread_mutex_unlock(&r->mu);
	return (long)i == r->fail_work ? -1 : 0;
}

static int emit(void *ud, size_t i, void *result)
{
	struct run *r = ud;
	size_t *box = result;
	pthread_mutex_lock(&r->mu);
	if (i != r->emitted || *box != i * i)
		r->out_of_order = true;
	r->emitted++;
	pthread_mutex_unlock(&r->mu);
	free(box);
	return (long)i == r->fail_emit ? -1 : 0;
}

static void drop(void *ud, void *result)
{
	struct run *r = ud;
	pthread_mutex_lock(&r->mu);
	r->dropped++;
	pthread_mutex_unlock(&r->mu);
	free(result);
}

static int start(void *ud, int k, void **state)
{
	struct run *r = ud;
	pthread_mutex_lock(&r->mu);
	r->started++;
	pthread_mutex_unlock(&r->mu);
	*state = malloc(16);
	return k == r->fail_start ? -1 : 0;
}

static void stop(void *ud, int k, void *state)
{
	(void)k;
	struct run *r = ud;
	pthread_mutex_lock(&r->mu);
	r->stopped++;
	pthread_mutex_unlock(&r->mu);
	free(state);
}

static int go(struct run *r, int jobs)
{
	pthread_mutex_init(&r->mu, NULL);
	struct workers_ops ops = {.ud = r, .start = start, .work = work, .emit = emit, .drop = drop, .stop = stop};
	int rc = workers_run(jobs, r->n, r->window, &ops);
	pthread_mutex_destroy(&r->mu);
	return rc;
}

static void every_item_in_order(void **state)
{
	(void)state;
	const int jobs[] = {1, 2, 4, 8};
	for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
		struct run r = {.n = 200, .window = 2 * (size_t)jobs[j], .fail_start = -1, .fail_work = -1, .fail_emit = -1};
		assert_int_equal(go(&r, jobs[j]), 0);
		assert_false(r.out_of_order);
		assert_int_equal(r.emitted, 200);
		assert_int_equal(r.made, 200);
		assert_int_equal(r.dropped, 0);
		assert_int_equal(r.started, (size_t)jobs[j]);
		assert_int_equal(r.stopped, (size_t)jobs[j]);
		/* The pool counts an item emitted just before emit is called, this test just after:
		 * so one more than the window may be seen ahead of the test's count. */
		assert_true(r.max_ahead <= r.window + 1);
	}
}

static void nothing_to_do(void **state)
{
	(void)state;
	struct run r = {.n = 0, .window = 4, .fail_start = -1, .fail_work = -1, .fail_emit = -1};
	assert_int_equal(go(&r, 2), 0);
	assert_int_equal(r.emitted, 0);
	assert_int_equal(r.stopped, r.started);
}

static void a_failed_item_stops_the_run(void **state)
{
	(void)state;
	struct run r = {.n = 100, .window = 4, .fail_start = -1, .fail_work = 37, .fail_emit = -1};
	assert_int_equal(go(&r, 3), -1);
	assert_false(r.out_of_order);
	assert_true(r.emitted <= 37);          /* nothing from item 37 on */
	assert_true(r.made < 100);             /* the workers stopped taking items */
	assert_int_equal(r.made, r.emitted + r.dropped);
	assert_int_equal(r.stopped, 3);
}

static void a_failed_emit_stops_the_run(void **state)
{
	(void)state;
	struct run r = {.n = 100, .window = 6, .fail_start = -1, .fail_work = -1, .fail_emit = 5};
	assert_int_equal(go(&r, 3), -1);
	assert_int_equal(r.emitted, 6);        /* items 0..5: emit was called on 5, then no more */
	assert_true(r.made < 100);
	assert_int_equal(r.made, r.emitted + r.dropped);
}

static void a_failed_start_stops_the_run(void **state)
{
	(void)state;
	struct run r = {.n = 100, .window = 4, .fail_start = 1, .fail_work = -1, .fail_emit = -1};
	assert_int_equal(go(&r, 2), -1);
	assert_int_equal(r.made, r.emitted + r.dropped);
	assert_int_equal(r.stopped, r.started);   /* stop is called even when start failed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_item_in_order),
		cmocka_unit_test(nothing_to_do),
		cmocka_unit_test(a_failed_item_stops_the_run),
		cmocka_unit_test(a_failed_emit_stops_the_run),
		cmocka_unit_test(a_failed_start_stops_the_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
