/* serve.h — `yaodian serve`'s main loop: loads the rules, builds the first snapshot, starts the
 * HTTP server, then watches the database and the rules (their files' size and mtime, once a
 * second), rebuilding on a change and swapping the new snapshot in whole. Edited rules are
 * loaded and validated first; when they have problems the last good rules stay in use and the
 * problems are logged and shown on the dashboard. SIGHUP reloads at once; SIGTERM and SIGINT
 * stop it after the requests in flight. */
#ifndef YAODIAN_SERVE_H
#define YAODIAN_SERVE_H

#include "cli.h"

/* Runs the server with the options of `serve` (o->db set, the rest optional) until SIGTERM or
 * SIGINT. Returns the exit code: 0 after a clean stop, 2 when it could not start (after a
 * diagnostic), 3 when the rules have problems at start. */
int serve_run(const struct opts *o);

#endif
