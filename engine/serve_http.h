/* serve_http.h — the HTTP side of `yaodian serve` (libmicrohttpd, a thread pool): GET and HEAD
 * of the feeds, the saved reports and the dashboard from the current snapshot, with strong
 * ETags, Last-Modified, 304 answers and gzip; an access log in common log format on stderr.
 * Nothing is ever written through HTTP. */
#ifndef YAODIAN_SERVE_HTTP_H
#define YAODIAN_SERVE_HTTP_H

#include <pthread.h>

#include "serve_snap.h"

/* What the request threads share with the rebuild: the current snapshot and the problems of
 * the last failed rules reload, both replaced under lock. */
struct serve_state {
	pthread_mutex_t lock;
	struct snap *snap;         /* never NULL once serving */
	char *problems;            /* NULL when the last reload succeeded */
	const char *base_url;      /* --base-url, or NULL: taken from the request's Host */
};

/* Replaces the snapshot (taking over the caller's reference; the old one is released when its
 * last request ends) and/or the problems (taken over; NULL clears). */
void serve_state_set_snap(struct serve_state *st, struct snap *s);
void serve_state_set_problems(struct serve_state *st, char *problems);

struct serve_http;

/* Starts listening on addr ("host:port", "[v6]:port"; port 0 picks a free one) with threads
 * request threads. Returns NULL after a diagnostic. The bound port goes to *port. */
struct serve_http *serve_http_start(const char *addr, unsigned threads, struct serve_state *st, unsigned *port);

/* Stops accepting, lets the requests in flight finish (up to a few seconds), then stops. */
void serve_http_stop(struct serve_http *h);

#endif
