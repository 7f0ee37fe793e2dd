/* workers.h — an ordered pool of worker threads: items 0..n-1 are taken in turn from a shared
 * counter by `jobs` threads, each with state of its own, and the calling thread hands each
 * result on strictly in item order (item i only after item i-1), so what comes out is the same,
 * in the same order, whatever the number of threads. At most `window` items are taken ahead of
 * the next one to hand on, which bounds the results held. */
#ifndef YAODIAN_WORKERS_H
#define YAODIAN_WORKERS_H

#include <stddef.h>

struct workers_ops {
	void *ud;
	/* In worker thread k (0 <= k < jobs), before its first item: its state into *state.
	 * 0, or -1 after a diagnostic (the whole run stops). */
	int (*start)(void *ud, int k, void **state);
	/* Item i with the worker's state; its result into *result (handed to emit or drop).
	 * 0, or -1 after a diagnostic (the whole run stops; *result is dropped if set). */
	int (*work)(void *ud, void *state, size_t i, void **result);
	/* In the calling thread, in item order; takes result over. 0, or -1 after a diagnostic
	 * (the run stops). */
	int (*emit)(void *ud, size_t i, void *result);
	/* Frees a result that will not be emitted because the run stopped. */
	void (*drop)(void *ud, void *result);
	/* In worker thread k after its last item (also when start failed: state is then what start
	 * left, possibly NULL). */
	void (*stop)(void *ud, int k, void *state);
};

/* Runs items 0..n-1 on jobs threads (jobs >= 1; window >= 1 items in flight at most) and
 * emits them in order. Returns when every thread has ended: 0, or -1 when start, work or emit
 * failed (the items after the failure are not emitted), or a thread could not be created
 * (after a diagnostic). */
int workers_run(int jobs, size_t n, size_t window, const struct workers_ops *ops);

#endif
