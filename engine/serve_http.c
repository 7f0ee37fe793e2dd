/* serve_http.c — answering HTTP requests from the current snapshot (see serve_http.h). */
#define _XOPEN_SOURCE 700   /* strptime */
#include "serve_http.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "dashboard.h"
#include "diag.h"
#include "lang.h"
#include "token.h"

/* The pages work without script and load nothing from elsewhere: a browser runs no script
 * in them at all. */
static const char CSP[] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

struct serve_http {
	struct MHD_Daemon *d;
	struct serve_state *st;
};

void serve_state_set_snap(struct serve_state *st, struct snap *s)
{
	pthread_mutex_lock(&st->lock);
	struct snap *old = st->snap;
	st->snap = s;
	pthread_mutex_unlock(&st->lock);
	snap_unref(old);
}

void serve_state_set_problems(struct serve_state *st, char *problems)
{
	pthread_mutex_lock(&st->lock);
	char *old = st->problems;
	st->problems = problems;
	pthread_mutex_unlock(&st->lock);
	free(old);
}

/* The current snapshot with a reference for the caller, and a copy of the problems (caller
 * frees; NULL when none). */
static struct snap *state_get(struct serve_state *st, char **problems)
{
	pthread_mutex_lock(&st->lock);
	struct snap *s = st->snap;
	snap_ref(s);
	if (problems)
		*problems = st->problems ? strdup(st->problems) : NULL;
	pthread_mutex_unlock(&st->lock);
	return s;
}

static void http_date(time_t t, char buf[40])
{
	struct tm tm;
	strftime(buf, 40, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&t, &tm));
}

/* ---- the access log ---- */

/* One line in common log format on stderr: host ident authuser [date] "request" status bytes.
 * path is what may be logged (a unit token is never written). */
static void access_log(struct MHD_Connection *c, const char *method, const char *path, const char *version,
		       unsigned status, size_t bytes)
{
	char host[INET6_ADDRSTRLEN] = "-", when[64];
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, host, sizeof host);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, host, sizeof host);
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", localtime_r(&now, &tm));
	fprintf(stderr, "%s - - [%s] \"%s %s %s\" %u %zu\n", host, when, method, path, version, status, bytes);
}

/* ---- conditional requests and content coding ---- */

/* Whether the If-None-Match list inm names etag (weak comparison, RFC 9110 13.1.2), or is "*". */
static bool etag_listed(const char *inm, const char *etag)
{
	size_t el = strlen(etag);
	for (const char *p = inm; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, el) == 0 && (p[el] == '\0' || p[el] == ',' || p[el] == ' ' || p[el] == '\t'))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

/* Whether the client's copy is current: If-None-Match when sent, else If-Modified-Since. */
static bool not_modified(struct MHD_Connection *c, const char *etag, time_t mtime)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm)
		return etag_listed(inm, etag);
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	struct tm tm = {0};
	const char *end = ims ? strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm) : NULL;
	return end && *end == '\0' && mtime <= timegm(&tm);
}

/* Whether Accept-Encoding allows gzip: "gzip" (or "*") listed without q=0. */
static bool accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	for (const char *p = ae; p && *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, " \t;,");
		bool named = (n == 4 && strncasecmp(p, "gzip", 4) == 0) || (n == 1 && *p == '*');
		const char *item_end = p + strcspn(p, ",");
		const char *q = strstr(p, "q=");
		bool zero = q && q < item_end && strtod(q + 2, NULL) == 0;
		if (named)
			return !zero;
		p = item_end;
	}
	return false;
}

/* ---- answers ---- */

static enum MHD_Result queue(struct MHD_Connection *c, struct MHD_Response *r, unsigned status)
{
	if (!r)
		return MHD_NO;
	enum MHD_Result ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result plain(struct MHD_Connection *c, unsigned status, const char *text, const char *method,
			     const char *path, const char *version)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (r) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
		if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	}
	access_log(c, method, path, version, status, strlen(text));
	return queue(c, r, status);
}

static void release(void *cls)
{
	snap_unref(cls);
}

/* Serves document f of snapshot s (the caller's reference is taken over). */
static enum MHD_Result document(struct MHD_Connection *c, struct snap *s, const struct snap_file *f, bool private,
				const char *method, const char *path, const char *version)
{
	bool gz = f->gz && accepts_gzip(c);
	const char *etag = gz ? f->etag_gz : f->etag;
	char lm[40];
	http_date(f->mtime, lm);
	unsigned status = not_modified(c, etag, f->mtime) ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
	struct MHD_Response *r;
	size_t len = status == MHD_HTTP_OK ? (gz ? f->gz_len : f->len) : 0;
	if (status == MHD_HTTP_OK)   /* the body stays in the snapshot until MHD calls release */
		r = MHD_create_response_from_buffer_with_free_callback_cls(len, gz ? f->gz : f->body, release, s);
	else
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (status != MHD_HTTP_OK || !r)
		snap_unref(s);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lm);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, private ? "private, max-age=300" : "public, max-age=300");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (status == MHD_HTTP_OK) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, f->type);
		if (strncmp(f->type, "text/html", 9) == 0)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, CSP);
		if (gz)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	}
	access_log(c, method, path, version, status, strcmp(method, "HEAD") == 0 ? 0 : len);
	return queue(c, r, status);
}

/* The base of the dashboard's links: --base-url, else http:// and the request's Host. */
static void base_url(struct MHD_Connection *c, const struct serve_state *st, char *buf, size_t size)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (st->base_url)
		snprintf(buf, size, "%s", st->base_url);
	else
		snprintf(buf, size, "http://%s", host && *host && !strpbrk(host, "\"<>/ ") ? host : "localhost");
	size_t n = strlen(buf);
	while (n && buf[n - 1] == '/')
		buf[--n] = '\0';
}

static enum MHD_Result dashboard(struct MHD_Connection *c, struct serve_state *st, const char *method,
				 const char *version)
{
	char *problems, base[512], *page = NULL;
	size_t len = 0;
	struct snap *s = state_get(st, &problems);
	base_url(c, st, base, sizeof base);
	struct dashboard_info info = {.base_url = base, .problems = problems};
	FILE *m = open_memstream(&page, &len);
	int rc = m ? dashboard_write(m, s, &info) : -1;
	if (m && fclose(m) != 0)
		rc = -1;
	snap_unref(s);
	free(problems);
	if (rc < 0) {
		free(page);
		return plain(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "500\n", method, "/", version);
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(len, page, MHD_RESPMEM_MUST_FREE);
	if (r) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, CSP);
	} else
		free(page);
	access_log(c, method, "/", version, MHD_HTTP_OK, strcmp(method, "HEAD") == 0 ? 0 : len);
	return queue(c, r, MHD_HTTP_OK);
}

/* Routes one request. Unit feeds are reachable only under their token; the path logged for
 * them never holds it. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)upload;
	static int seen;
	if (!*con_cls) {   /* the headers only: answering now would make MHD close the connection */
		*con_cls = &seen;
		return MHD_YES;
	}
	if (*upload_size) {   /* a body (no request here has one) is read and dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	struct serve_state *st = cls;
	bool unit = strncmp(url, "/feeds/unit-", 12) == 0;
	const char *logged = unit ? "/feeds/unit-(token).ics" : url;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return plain(c, MHD_HTTP_METHOD_NOT_ALLOWED, "405\n", method, logged, version);
	if (strcmp(url, "/") == 0)
		return dashboard(c, st, method, version);
	struct snap *s = state_get(st, NULL);
	const struct snap_file *f = NULL;
	if (unit) {
		char token[TOKEN_LEN + 2];
		const char *who = NULL;
		size_t n = strlen(url + 12);
		if (n == TOKEN_LEN + 4 && strcmp(url + 12 + TOKEN_LEN, ".ics") == 0) {
			memcpy(token, url + 12, TOKEN_LEN);
			token[TOKEN_LEN] = '\0';
			f = snap_unit_feed(s, token, &who);
		}
	} else if (strncmp(url, "/feeds/", 7) == 0 && !strchr(url + 7, '/'))
		f = snap_find(s, url + 7);
	else if (strncmp(url, "/report/", 8) == 0)
		f = snap_find(s, url + 1);
	if (!f) {
		snap_unref(s);
		return plain(c, MHD_HTTP_NOT_FOUND, "404\n", method, logged, version);
	}
	return document(c, s, f, unit, method, logged, version);
}

/* addr as a socket address into *ss. Returns 0, or -1 after a diagnostic. */
static int parse_addr(const char *addr, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	if (!colon || (size_t)(colon - addr) >= sizeof host || !colon[1]) {
		diag("serve", 0, "--listen", "%s: %s", tr("应为 主机:端口", "expected host:port"), addr);
		return -1;
	}
	snprintf(host, sizeof host, "%.*s", (int)(colon - addr), addr);
	if (host[0] == '[' && host[strlen(host) - 1] == ']')
		memmove(host, host + 1, strlen(host)), host[strlen(host) - 1] = '\0';
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE, .ai_socktype = SOCK_STREAM}, *ai;
	int e = getaddrinfo(host, colon + 1, &hints, &ai);
	if (e != 0) {
		diag("serve", 0, "--listen", "%s: %s", addr, gai_strerror(e));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

struct serve_http *serve_http_start(const char *addr, unsigned threads, struct serve_state *st, unsigned *port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (parse_addr(addr, &ss, &len) < 0)
		return NULL;
	struct serve_http *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->st = st;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
			 (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, answer, st, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				MHD_OPTION_END);
	if (!h->d) {
		diag("serve", 0, "--listen", "%s: %s", addr, tr("无法监听(地址被占用或无权限?)", "cannot listen (address in use, or not allowed?)"));
		free(h);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	*port = di ? di->port : 0;
	return h;
}

void serve_http_stop(struct serve_http *h)
{
	if (!h)
		return;
	MHD_socket s = MHD_quiesce_daemon(h->d);
	for (int i = 0; i < 100; i++) {   /* up to 5 s for the requests in flight */
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!di || di->num_connections == 0)
			break;
		usleep(50000);
	}
	MHD_stop_daemon(h->d);
	if (s != MHD_INVALID_SOCKET)
		close(s);
	free(h);
}
