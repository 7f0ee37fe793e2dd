/* workers.c — the ordered pool of worker threads (see workers.h). One mutex guards the
 * counters and the ring of finished results; workers wait on `room` for the window to move,
 * the calling thread waits on `done` for the next result in order. */
#include "workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "diag.h"
#include "lang.h"

struct pool {
	const struct workers_ops *ops;
	pthread_mutex_t mu;
	pthread_cond_t room, done;
	size_t n, window;
	size_t next;       /* the next item to take */
	size_t emitted;    /* items handed on so far: item `emitted` is the next to hand on */
	void **slot;       /* ring of window results: item i in slot[i % window] */
	bool *ready;
	int running;       /* threads not yet ended */
	bool failed;
};

struct worker_arg {
	struct pool *p;
	int k;
};

/* Marks the run failed and wakes every waiter. Under the mutex. */
static void fail_locked(struct pool *p)
{
	p->failed = true;
	pthread_cond_broadcast(&p->room);
	pthread_cond_broadcast(&p->done);
}

/* The next item for a worker to take, waiting while the window is full; false when there is
 * none left or the run failed. */
static bool take(struct pool *p, size_t *i)
{
	pthread_mutex_lock(&p->mu);
	while (!p->failed && p->next < p->n && p->next >= p->emitted + p->window)
		pthread_cond_wait(&p->room, &p->mu);
	bool got = !p->failed && p->next < p->n;
	if (got)
		*i = p->next++;
	pthread_mutex_unlock(&p->mu);
	return got;
}

/* Stores item i's result (rc 0) or fails the run (rc -1, result dropped). */
static void finish(struct pool *p, size_t i, int rc, void *result)
{
	pthread_mutex_lock(&p->mu);
	if (rc == 0 && !p->failed) {
		p->slot[i % p->window] = result;
		p->ready[i % p->window] = true;
		result = NULL;
		if (i == p->emitted)
			pthread_cond_signal(&p->done);
	} else if (rc != 0) {
		fail_locked(p);
	}
	pthread_mutex_unlock(&p->mu);
	if (result)
		p->ops->drop(p->ops->ud, result);
}

static void *worker(void *arg)
{
	struct worker_arg *a = arg;
	struct pool *p = a->p;
	const struct workers_ops *ops = p->ops;
	void *state = NULL;
	size_t i;
	if (ops->start(ops->ud, a->k, &state) < 0) {
		pthread_mutex_lock(&p->mu);
		fail_locked(p);
		pthread_mutex_unlock(&p->mu);
	} else {
		while (take(p, &i)) {
			void *result = NULL;
			int rc = ops->work(ops->ud, state, i, &result);
			finish(p, i, rc, result);
		}
	}
	ops->stop(ops->ud, a->k, state);
	pthread_mutex_lock(&p->mu);
	p->running--;
	pthread_cond_broadcast(&p->done);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The calling thread's part: hands on items in order until all are emitted or the run fails.
 * 0 or -1. */
static int emit_in_order(struct pool *p)
{
	for (size_t e = 0; e < p->n; e++) {
		pthread_mutex_lock(&p->mu);
		while (!p->failed && !p->ready[e % p->window] && p->running > 0)
			pthread_cond_wait(&p->done, &p->mu);
		bool got = !p->failed && p->ready[e % p->window];
		void *result = got ? p->slot[e % p->window] : NULL;
		if (got) {
			p->ready[e % p->window] = false;
			p->emitted = e + 1;
			pthread_cond_broadcast(&p->room);
		} else {
			fail_locked(p);   /* every thread ended without item e: they failed */
		}
		pthread_mutex_unlock(&p->mu);
		if (!got)
			return -1;
		if (p->ops->emit(p->ops->ud, e, result) < 0) {
			pthread_mutex_lock(&p->mu);
			fail_locked(p);
			pthread_mutex_unlock(&p->mu);
			return -1;
		}
	}
	return 0;
}

/* Starts the threads; returns how many started (after a diagnostic when not all). */
static int spawn(struct pool *p, pthread_t *tid, struct worker_arg *args, int jobs)
{
	int k;
	for (k = 0; k < jobs; k++) {
		args[k] = (struct worker_arg){.p = p, .k = k};
		pthread_mutex_lock(&p->mu);
		p->running++;
		pthread_mutex_unlock(&p->mu);
		if (pthread_create(&tid[k], NULL, worker, &args[k]) != 0) {
			pthread_mutex_lock(&p->mu);
			p->running--;
			fail_locked(p);
			pthread_mutex_unlock(&p->mu);
			diag(NULL, 0, "--jobs", "%s", tr("无法创建工作线程", "cannot create a worker thread"));
			break;
		}
	}
	return k;
}

int workers_run(int jobs, size_t n, size_t window, const struct workers_ops *ops)
{
	struct pool p = {.ops = ops, .n = n, .window = window ? window : 1};
	pthread_t *tid = calloc((size_t)jobs, sizeof *tid);
	struct worker_arg *args = calloc((size_t)jobs, sizeof *args);
	p.slot = calloc(p.window, sizeof *p.slot);
	p.ready = calloc(p.window, sizeof *p.ready);
	int rc = -1;
	if (jobs < 1 || !tid || !args || !p.slot || !p.ready) {
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
		goto out;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.room, NULL);
	pthread_cond_init(&p.done, NULL);
	int started = spawn(&p, tid, args, jobs);
	rc = started == jobs ? emit_in_order(&p) : -1;
	for (int k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	for (size_t i = 0; i < p.window; i++)
		if (p.ready[i])
			ops->drop(ops->ud, p.slot[i]);
	rc = p.failed ? -1 : rc;
	pthread_cond_destroy(&p.done);
	pthread_cond_destroy(&p.room);
	pthread_mutex_destroy(&p.mu);
out:
	free(p.ready);
	free(p.slot);
	free(args);
	free(tid);
	return rc;
}
