/*
 * Git with libgit2: one cached bare repository per remote, fetched into under a lock file,
 * refs resolved to commits, commits exported to plain directories.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "fetch/fetch.h"
#include "fetch/git_pack.h"

#define GIT_MAX_URL 4096
#define GIT_MAX_REF 1024
#define GIT_MAX_DEPTH 256           /* directory nesting in an exported tree */
#define GIT_MAX_ENTRIES 10000000    /* entries in an exported or listed tree */
#define GIT_MAX_FILE (2048UL << 20) /* one exported file */
#define GIT_MAX_LINK 4096           /* a symbolic link's target */
#define GIT_MAX_LINK_HOPS 40        /* links followed while checking one link */
#define GIT_SLUG_MAX 64
#define GIT_STORE_MAX_ENTRIES 1000000 /* files and directories of one cached repository */

static pthread_mutex_t git_init_lock = PTHREAD_MUTEX_INITIALIZER;
static bool git_initialized;
static bool git_atexit_registered;
/* Set by ml_git_set_offline: the network is off limits, only cached objects may be used. */
static bool git_offline;

void ml_git_set_offline(bool offline)
{
	git_offline = offline;
}

/* Set by ml_git_set_timeout: the longest one fetch may take, in seconds. */
static long git_timeout_s = ML_GIT_DEFAULT_TIMEOUT_S;

void ml_git_set_timeout(long seconds)
{
	git_timeout_s = seconds > 0 ? seconds : ML_GIT_DEFAULT_TIMEOUT_S;
}

/* A fetch's deadline, checked by libgit2's progress callbacks as data arrives. */
struct fetch_clock {
	struct timespec start;
	bool expired;
};

static int fetch_clock_check(struct fetch_clock *k)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ml_interrupted())
		return -1;
	if (now.tv_sec - k->start.tv_sec >= git_timeout_s) {
		k->expired = true;
		return -1; /* libgit2 stops the transfer with GIT_EUSER */
	}
	return 0;
}

static int on_transfer(const git_indexer_progress *stats, void *payload)
{
	(void)stats;
	return fetch_clock_check(payload);
}

static int on_sideband(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	return fetch_clock_check(payload);
}

/* Why this thread's last fetch failed, when the network is to blame (ml_git_last_cause). */
static __thread enum ml_net_cause git_last_why;
static __thread char git_last_text[320];

enum ml_net_cause ml_git_last_cause(const char **cause)
{
	*cause = git_last_why ? git_last_text : NULL;
	return git_last_why;
}

/* why, worded as a download's (ml_net_cause_text) */
static void set_cause(enum ml_net_cause why, const char *where, long n)
{
	char *text = ml_net_cause_text(why, where, n);

	snprintf(git_last_text, sizeof(git_last_text), "%s", text ? text : "");
	git_last_why = text ? why : ML_NET_NONE;
	free(text);
}

/*
 * The host (*host) and port (*port, "" when the URL gives none) of a remote URL
 * ("scheme://[user@]host[:port]/..." or scp-like "[user@]host:path"); false for local ones.
 */
static bool url_host_port(const char *url, char *host, size_t hmax, char *port, size_t pmax)
{
	const char *p = strstr(url, "://"), *end, *at, *colon = NULL;
	size_t n;

	*host = *port = '\0';
	if (p && ml_starts_with(url, "file://"))
		return false;
	p = p ? p + 3 : url;
	end = p + strcspn(p, p == url ? ":" : "/?#");
	if (p == url && (!*end || memchr(p, '/', (size_t)(end - p))))
		return false; /* a plain path */
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	if (*p == '[') { /* [v6 address] */
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (!close)
			return false;
		colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
		p++;
		n = (size_t)(close - p);
	} else {
		colon = end > url && p != url ? memchr(p, ':', (size_t)(end - p)) : NULL;
		n = (size_t)((colon ? colon : end) - p);
	}
	if (!n || n >= hmax)
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	if (colon && (size_t)(end - colon - 1) < pmax) {
		memcpy(port, colon + 1, (size_t)(end - colon - 1));
		port[end - colon - 1] = '\0';
	}
	return true;
}

/* The port a URL's scheme implies, as curl names a host ("HOST:PORT"); "" when unknown. */
static const char *default_port(const char *url)
{
	static const struct {
		const char *scheme, *port;
	} ports[] = { { "https://", "443" }, { "http://", "80" },    { "git://", "9418" },
		      { "ssh://", "22" },    { "git+ssh://", "22" }, { "ssh+git://", "22" } };

	for (size_t i = 0; i < ML_ARRAY_SIZE(ports); i++)
		if (ml_starts_with(url, ports[i].scheme))
			return ports[i].port;
	return strstr(url, "://") ? "" : "22"; /* scp-like "host:path" is ssh */
}

/* "HOST:PORT" of a remote as a download names it: the scheme's port when the URL gives none. */
static void where_of(char *where, size_t max, const char *url, const char *host, const char *port)
{
	const char *p = *port ? port : default_port(url);

	snprintf(where, max, "%s%s%s", host, *p ? ":" : "", p);
}

/* Whether libgit2's message says the OS error `errnum` (a GIT_ERROR_OS message ends with
 * strerror, and errno is cleared by then). */
static bool message_says(const git_error *ge, int errnum)
{
	const char *s = strerror(errnum);
	size_t n = strlen(ge->message), k = strlen(s);

	while (n > 0 && (ge->message[n - 1] == '\n' || ge->message[n - 1] == '.'))
		n--;
	return n >= k && !strncmp(ge->message + n - k, s, k);
}

/*
 * Why a remote could not be reached, from what libgit2 says (its error class and message:
 * "failed to resolve address for HOST: ...", "failed to connect to HOST: Connection refused",
 * "unexpected http status code: 503") and what we know of the URL, in the causes a download
 * gives: a host that does not resolve, a refused or failed connection, a server's error, TLS.
 * `connected`: the failure came after the connection was made.
 */
static void note_fetch_failure(const char *fetch_url, bool connected, int os_errno)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message ? ge->message : "";
	char host[256], port[16], where[280];
	struct addrinfo hints, *ai = NULL;
	const char *status;
	long code = 0;

	if (!url_host_port(fetch_url, host, sizeof(host), port, sizeof(port)))
		return;
	where_of(where, sizeof(where), fetch_url, host, port);
	if (ge && ge->klass == GIT_ERROR_SSL) {
		set_cause(ML_NET_TLS, where, 0);
		return;
	}
	if (ge && ge->klass == GIT_ERROR_HTTP) {
		if ((status = strstr(msg, "status code: ")))
			ml_parse_long(status + strlen("status code: "), 100, 599, &code);
		set_cause(ML_NET_SERVER, where, code);
		return;
	}
	if (connected) {
		set_cause(ML_NET_BROKEN, where, 0);
		return;
	}
	if (ge && (ge->klass == GIT_ERROR_OS || ge->klass == GIT_ERROR_NET) &&
	    (os_errno == ECONNREFUSED || message_says(ge, ECONNREFUSED))) {
		set_cause(ML_NET_REFUSED, where, 0);
		return;
	}
	if (ge && ml_starts_with(msg, "failed to resolve address for ")) {
		set_cause(ML_NET_RESOLVE, host, 0);
		return;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &ai) != 0)
		set_cause(ML_NET_RESOLVE, host, 0);
	else if (os_errno == ECONNREFUSED)
		set_cause(ML_NET_REFUSED, where, 0);
	else
		set_cause(ML_NET_CONNECT, where, 0);
	if (ai)
		freeaddrinfo(ai);
}

/* Set by ml_git_set_notice: told of each fetch before it starts. */
static ml_git_notice_fn git_notice;
static void *git_notice_ctx;

void ml_git_set_notice(ml_git_notice_fn fn, void *ctx)
{
	git_notice = fn;
	git_notice_ctx = ctx;
}

void ml_git_shutdown(void)
{
	pthread_mutex_lock(&git_init_lock);
	if (git_initialized) {
		git_libgit2_shutdown();
		git_initialized = false;
	}
	pthread_mutex_unlock(&git_init_lock);
}

static void git_atexit(void)
{
	ml_git_shutdown();
}

static void git_init_once(void)
{
	pthread_mutex_lock(&git_init_lock);
	if (!git_initialized) {
		git_libgit2_init();
		/*
		 * libgit2 caches trees only up to 4 KiB by default; opam-repository's packages/
		 * tree is ~180 KiB and would be inflated and parsed again for every file read.
		 */
		git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4 << 20);
		git_initialized = true;
		if (!git_atexit_registered) {
			atexit(git_atexit);
			git_atexit_registered = true;
		}
	}
	pthread_mutex_unlock(&git_init_lock);
}

/* The one adapter from libgit2's error to ours: what we were doing, then libgit2's reason. */
static int git_fail(struct ml_error *err, int gitret, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int git_fail(struct ml_error *err, int gitret, const char *fmt, ...)
{
	const git_error *ge = git_error_last();
	struct ml_buf b = ML_BUF_INIT;
	int code = ML_ERROR;
	va_list ap;

	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (ge && ge->message && *ge->message) {
		size_t n = strlen(ge->message);

		while (n > 0 && (ge->message[n - 1] == '\n' || ge->message[n - 1] == '.'))
			n--;
		ml_buf_adds(&b, ": ");
		ml_buf_add(&b, ge->message, n);
	}
	if (gitret == GIT_ENOTFOUND)
		code = ML_ENOTFOUND;
	else if (ge && (ge->klass == GIT_ERROR_NET || ge->klass == GIT_ERROR_HTTP ||
			ge->klass == GIT_ERROR_SSL || ge->klass == GIT_ERROR_SSH ||
			ge->klass == GIT_ERROR_CALLBACK))
		code = ML_ENET;
	else if (ge && ge->klass == GIT_ERROR_OS)
		code = ML_EIO;
	ml_error_set(err, code, "%s", b.buf);
	ml_buf_release(&b);
	return code;
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

static bool is_full_commit(const char *s)
{
	return s && strlen(s) == GIT_OID_HEXSZ && is_hex(s, GIT_OID_HEXSZ);
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static int check_url(const char *url, struct ml_error *err)
{
	if (!url || !*url)
		return ml_error_set(err, ML_EUSAGE, "git: empty repository url");
	if (strlen(url) > GIT_MAX_URL || has_control(url))
		return ml_error_set(err, ML_EUSAGE, "git: malformed repository url '%.80s'", url);
	if (*url == '-')
		return ml_error_set(err, ML_EUSAGE, "git: %s: malformed repository url", url);
	return 0;
}

/* A URL with a scheme ("x://") or scp-like ("host:path" with no '/' before the ':'). */
static bool is_remote_url(const char *url)
{
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');

	if (ml_starts_with(url, "file://"))
		return false;
	return colon && (!slash || colon < slash);
}

/* path made absolute and without ".", ".." or doubled slashes, lexically. */
static char *absolute_path(const char *path)
{
	struct ml_buf b = ML_BUF_INIT;
	char *cwd = NULL;
	const char *p = path;

	if (*path != '/') {
		cwd = getcwd(NULL, 0);
		ml_buf_adds(&b, cwd && *cwd == '/' ? cwd : "/");
		free(cwd);
	}
	while (*p) {
		const char *end = strchrnul(p, '/');
		size_t n = (size_t)(end - p);

		if (n == 0 || (n == 1 && *p == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.len > 0 && b.buf[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
			ml_buf_setlen(&b, b.len);
		} else {
			if (b.len == 0 || b.buf[b.len - 1] != '/')
				ml_buf_addc(&b, '/');
			ml_buf_add(&b, p, n);
		}
		p = *end ? end + 1 : end;
	}
	if (b.len == 0)
		ml_buf_addc(&b, '/');
	return ml_buf_detach(&b, NULL);
}

/*
 * The URL the cache is keyed on and libgit2 fetches from: remote URLs unchanged, local
 * ones (file://, plain paths) made absolute so that every spelling shares one store
 * (symbolic links resolved while the path exists; lexically once it is gone, so that a
 * cached commit of a removed repository is still found).
 */
static int canonical_url(char **out, bool *is_local, const char *url, struct ml_error *err)
{
	const char *path = url;
	char *real;

	*is_local = false;
	if (is_remote_url(url)) {
		*out = ml_strdup(url);
		return 0;
	}
	if (ml_starts_with(url, "file://")) {
		path = url + strlen("file://");
		if (ml_starts_with(path, "localhost/"))
			path += strlen("localhost");
		if (!*path)
			return ml_error_set(err, ML_EUSAGE, "git: %s: missing path", url);
	}
	*is_local = true;
	real = realpath(path, NULL);
	*out = real ? real : absolute_path(path);
	return 0;
}

/* "<cache>/git/<slug>-<16 hex>" for a canonical URL. */
static char *store_path(const char *canon)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct ml_buf slug = ML_BUF_INIT;
	char *cache, *path;
	const char *p = strstr(canon, "://");
	git_oid oid;

	git_odb_hash(&oid, canon, strlen(canon), GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	p = p ? p + 3 : canon;
	for (; *p && slug.len < GIT_SLUG_MAX; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		if (!ok)
			c = '-';
		if (c == '-' && (slug.len == 0 || slug.buf[slug.len - 1] == '-'))
			continue;
		if (c == '.' && slug.len == 0)
			continue;
		ml_buf_addc(&slug, c);
	}
	cache = ml_cache_dir();
	path = ml_xasprintf("%s/git/%s%s%.16s", cache, slug.buf, slug.len ? "-" : "", hex);
	free(cache);
	ml_buf_release(&slug);
	return path;
}

/* flock(LOCK_EX) on "<store>.lock"; returns the descriptor to close, or -1. */
static int store_lock(const char *store, struct ml_error *err)
{
	char *lockpath = ml_xasprintf("%s.lock", store);
	char *cache = ml_cache_dir();
	int fd = -1;

	/* the cache's root is the user's; below it, a link planted at git/ is not followed */
	if (ml_fs_mkdirs_below(cache, "git", 0755, err) < 0)
		goto out;
	fd = ml_fs_open_lock(lockpath, err);
	if (fd < 0) {
		fd = -1;
		goto out;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		ml_error_errno(err, ML_EIO, "cannot lock '%s'", lockpath);
		close(fd);
		fd = -1;
		goto out;
	}
out:
	free(cache);
	free(lockpath);
	return fd;
}

static void store_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

/*
 * Whether the store is a tree monolock could have written (the cache's contents are not
 * trusted): real directories and regular files under a real git/ directory, nothing that
 * leads libgit2 elsewhere (a link, a fifo, a commondir, object alternates).
 */
static bool store_plain(const char *store)
{
	static const char *const elsewhere[] = { "commondir", "objects/info/alternates",
						 "objects/info/http-alternates" };
	char *cache = ml_cache_dir();
	bool ok =
	    ml_fs_is_dir_below(cache, "git") && ml_fs_tree_is_plain(store, GIT_STORE_MAX_ENTRIES);

	for (size_t i = 0; ok && i < ML_ARRAY_SIZE(elsewhere); i++) {
		char *p = ml_path_join(store, elsewhere[i]);

		ok = !ml_fs_exists(p);
		free(p);
	}
	free(cache);
	return ok;
}

/*
 * Opens the store, or creates it when missing (caller holds the lock when create is set).
 * A store that is not plain is absent; with create, it is removed (without following
 * anything) and made afresh.
 */
static int store_open(git_repository **out, const char *store, bool create, const char *url,
		      struct ml_error *err)
{
	int rc;

	if (ml_fs_exists(store) && !store_plain(store)) {
		if (!create)
			return ml_error_set(err, ML_ENOTFOUND, "git: %s: not in the cache", url);
		rc = ml_fs_remove_tree(store, err);
		if (rc < 0)
			return rc;
	}
	if (git_repository_open_bare(out, store) == 0)
		return 0;
	if (!create)
		return ml_error_set(err, ML_ENOTFOUND, "git: %s: not in the cache", url);
	rc = git_repository_init(out, store, 1);
	if (rc < 0)
		return git_fail(err, rc, "git: %s: cannot create cache repository '%s'", url,
				store);
	return 0;
}

/* Fetches every branch and tag of url into repo (mirroring, pruned) and points HEAD at the
 * remote's HEAD. */
static int store_fetch(git_repository *repo, const char *fetch_url, const char *url,
		       struct ml_error *err)
{
	static char spec_heads[] = "+refs/heads/*:refs/heads/*";
	static char spec_tags[] = "+refs/tags/*:refs/tags/*";
	char *specs[] = { spec_heads, spec_tags };

	if (git_offline) {
		set_cause(ML_NET_OFFLINE, NULL, 0);
		return ml_error_set(err, ML_EOFFLINE,
				    "offline: git repository '%s' needs a fetch (not in the cache)",
				    url);
	}
	if (git_notice)
		git_notice(git_notice_ctx, url);
	git_strarray refspecs = { specs, 2 };
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	git_remote_create_options co = GIT_REMOTE_CREATE_OPTIONS_INIT;
	git_remote *remote = NULL;
	git_buf head = { 0 };
	const git_remote_head **heads;
	git_oid head_oid;
	bool have_head_oid = false;
	size_t nheads;
	int ret = 0, rc;

	struct fetch_clock clock = { .expired = false };

	clock_gettime(CLOCK_MONOTONIC, &clock.start);
	/*
	 * A server trickling data is stopped at the deadline; libgit2 1.5 has no socket
	 * timeout, so one that sends nothing at all is bounded by the system's TCP timeouts.
	 */
	fo.callbacks.transfer_progress = on_transfer;
	fo.callbacks.sideband_progress = on_sideband;
	fo.callbacks.payload = &clock;
	fo.prune = GIT_FETCH_PRUNE;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.proxy_opts.type = GIT_PROXY_AUTO;
	/*
	 * An in-memory remote. url.<base>.insteadOf rewriting is skipped: libgit2 1.5.1 leaks
	 * pcre2 match data on every config entry it checks there (fixed upstream in #6382), and
	 * the cache is keyed on the URL as given anyway.
	 */
	co.repository = repo;
	co.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	rc = git_remote_create_with_opts(&remote, fetch_url, &co);
	if (rc < 0) {
		ret = git_fail(err, rc, "git: %s: bad repository url", url);
		if (ret == ML_ERROR)
			ret = ML_EUSAGE;
		goto out;
	}
	errno = 0;
	rc = git_remote_connect(remote, GIT_DIRECTION_FETCH, &fo.callbacks, &fo.proxy_opts, NULL);
	if (rc < 0) {
		note_fetch_failure(fetch_url, false, errno);
		git_fail(err, rc, "git: %s: cannot fetch", url);
		ret = err ? (err->code = ML_ENET) : ML_ENET;
		goto out;
	}
	if (git_remote_ls(&heads, &nheads, remote) == 0) {
		for (size_t i = 0; i < nheads; i++) {
			if (strcmp(heads[i]->name, "HEAD") == 0) {
				git_oid_cpy(&head_oid, &heads[i]->oid);
				have_head_oid = !git_oid_is_zero(&head_oid);
			}
		}
	}
	rc = git_remote_default_branch(&head, remote);
	if (rc < 0 && rc != GIT_ENOTFOUND) {
		ret = git_fail(err, rc, "git: %s: cannot read the remote HEAD", url);
		goto out;
	}
	rc = git_remote_download(remote, &refspecs, &fo);
	if (rc == 0)
		rc = git_remote_update_tips(remote, &fo.callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE,
					    "monolock fetch");
	if (rc == 0)
		rc = git_remote_prune(remote, &fo.callbacks);
	if (rc < 0 && ml_interrupted()) {
		ret = ml_error_set(err, ML_EINTR, "git: %s: interrupted", url);
		goto out;
	}
	if (rc < 0 && clock.expired) {
		char host[256], port[16], where[280] = "";

		if (url_host_port(fetch_url, host, sizeof(host), port, sizeof(port)))
			where_of(where, sizeof(where), fetch_url, host, port);
		set_cause(ML_NET_DEADLINE, where, git_timeout_s);
		ret = ml_error_set(
		    err, ML_ENET,
		    "git: %s: the fetch did not complete within %ld s (the deadline of "
		    "one fetch, see --timeout)",
		    url, git_timeout_s);
		goto out;
	}
	if (rc < 0) {
		note_fetch_failure(fetch_url, true, 0);
		git_fail(err, rc, "git: %s: fetch failed", url);
		ret = err ? (err->code = ML_ENET) : ML_ENET;
		goto out;
	}
	if (head.ptr && ml_starts_with(head.ptr, "refs/heads/"))
		rc = git_repository_set_head(repo, head.ptr);
	else if (have_head_oid)
		rc = git_repository_set_head_detached(repo, &head_oid);
	if (rc < 0) {
		ret = git_fail(err, rc, "git: %s: cannot record the remote HEAD", url);
		goto out;
	}
out:
	if (remote) {
		git_remote_disconnect(remote);
		git_remote_free(remote);
	}
	git_buf_dispose(&head);
	return ret;
}

/* Looks up a full commit id (peeling a tag object) without touching the network. */
static int lookup_commit_hex(git_commit **out, git_repository *repo, const char *hex, size_t len)
{
	git_object *obj = NULL, *peeled = NULL;
	git_oid oid;
	int rc;

	rc = git_oid_fromstrn(&oid, hex, len);
	if (rc == 0)
		rc = len == GIT_OID_HEXSZ
			 ? git_object_lookup(&obj, repo, &oid, GIT_OBJECT_ANY)
			 : git_object_lookup_prefix(&obj, repo, &oid, len, GIT_OBJECT_ANY);
	if (rc == 0)
		rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc == 0)
		*out = (git_commit *)peeled;
	return rc;
}

/* ref (NULL: HEAD) to a commit in the store. */
static int resolve(git_commit **out, git_repository *repo, const char *url, const char *ref,
		   struct ml_error *err)
{
	git_reference *r = NULL;
	git_object *obj = NULL;
	size_t len = ref ? strlen(ref) : 0;
	int rc;

	if (!ref) {
		rc = git_repository_head(&r, repo);
		if (rc == 0)
			rc = git_reference_peel(&obj, r, GIT_OBJECT_COMMIT);
		git_reference_free(r);
		if (rc < 0)
			return git_fail(err, rc == GIT_EUNBORNBRANCH ? GIT_ENOTFOUND : rc,
					"git: %s: no HEAD commit (empty repository?)", url);
		*out = (git_commit *)obj;
		return 0;
	}
	if (len == GIT_OID_HEXSZ && is_hex(ref, len)) {
		rc = lookup_commit_hex(out, repo, ref, len);
		if (rc == GIT_ENOTFOUND || rc == GIT_EINVALID) {
			git_error_clear();
			return ml_error_set(err, ML_ENOTFOUND, "git: %s: commit %s not found", url,
					    ref);
		}
		if (rc < 0)
			return git_fail(err, rc, "git: %s: commit %s", url, ref);
		return 0;
	}
	rc = git_reference_dwim(&r, repo, ref);
	if (rc == 0) {
		rc = git_reference_peel(&obj, r, GIT_OBJECT_COMMIT);
		git_reference_free(r);
		if (rc < 0)
			return git_fail(err, rc, "git: %s: '%s' does not name a commit", url, ref);
		*out = (git_commit *)obj;
		return 0;
	}
	if (len >= 4 && len < GIT_OID_HEXSZ && is_hex(ref, len)) {
		rc = lookup_commit_hex(out, repo, ref, len);
		if (rc == GIT_EAMBIGUOUS)
			return ml_error_set(err, ML_EUSAGE,
					    "git: %s: abbreviated commit '%s' is ambiguous", url,
					    ref);
		if (rc == 0)
			return 0;
	}
	git_error_clear();
	return ml_error_set(err, ML_ENOTFOUND, "git: %s: no branch, tag or commit named '%s'", url,
			    ref);
}

/* Creates or updates the store under its lock, then resolves ref there. */
static int store_update(git_repository **out_repo, git_commit **out_commit, const char *store,
			const char *canon, bool local, const char *url, const char *ref,
			struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	int lockfd = -1, ret = 0;

	if (local && !ml_fs_is_dir(canon)) {
		ret = ml_error_set(err, ML_ENOTFOUND, "git: %s: no such repository", url);
		goto out;
	}
	if (local &&
	    git_repository_open_ext(NULL, canon, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_error_clear();
		ret = ml_error_set(err, ML_ENOTFOUND, "git: %s: not a git repository", url);
		goto out;
	}
	lockfd = store_lock(store, err);
	if (lockfd < 0) {
		ret = err ? err->code : ML_EIO;
		goto out;
	}
	if ((ret = store_open(&repo, store, true, url, err)) < 0)
		goto out;
	if ((ret = store_fetch(repo, canon, url, err)) < 0)
		goto out;
	if ((ret = resolve(&commit, repo, url, ref, err)) < 0)
		goto out;
	*out_repo = repo;
	repo = NULL;
	*out_commit = commit;
	commit = NULL;
out:
	store_unlock(lockfd);
	git_commit_free(commit);
	git_repository_free(repo);
	return ret;
}

/*
 * The store of url and the commit ref names there: answered from the cache for a full
 * commit it has, otherwise fetched under the lock.
 */
static int store_sync(git_repository **out_repo, git_commit **out_commit, const char *url,
		      const char *ref, struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	char *canon = NULL, *store = NULL;
	bool local;
	int ret;

	git_last_why = ML_NET_NONE;
	if ((ret = check_url(url, err)) < 0)
		return ret;
	if (ref && (!*ref || strlen(ref) > GIT_MAX_REF || has_control(ref) || *ref == '-'))
		return ml_error_set(err, ML_EUSAGE, "git: %s: malformed ref '%.80s'", url, ref);
	git_init_once();
	if ((ret = canonical_url(&canon, &local, url, err)) < 0)
		goto out;
	store = store_path(canon);
	if (!is_full_commit(ref) || store_open(&repo, store, false, url, NULL) < 0 ||
	    lookup_commit_hex(&commit, repo, ref, GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		git_repository_free(repo);
		repo = NULL;
		ret = store_update(&repo, &commit, store, canon, local, url, ref, err);
		if (ret < 0)
			goto out;
	}
	*out_repo = repo;
	repo = NULL;
	*out_commit = commit;
	commit = NULL;
out:
	git_commit_free(commit);
	git_repository_free(repo);
	free(store);
	free(canon);
	return ret;
}

int ml_git_sync(char **out_commit, const char *url, const char *ref, struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int ret;

	ret = store_sync(&repo, &commit, url, ref, err);
	if (ret < 0)
		return ret;
	git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
	*out_commit = ml_strdup(hex);
	git_commit_free(commit);
	git_repository_free(repo);
	return 0;
}

/* ---- export ---- */

struct export
{
	git_repository *repo;
	git_tree *root;
	const char *url, *commit;
	size_t nentries;
};

static bool name_is_safe(const char *name)
{
	return *name && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && !strchr(name, '/') &&
	       strcasecmp(name, ".git") != 0;
}

static int read_link(char **out, git_repository *repo, const git_oid *oid, const char *path,
		     const char *url, struct ml_error *err)
{
	git_blob *blob = NULL;
	git_object_size_t size;
	const char *data;
	int rc;

	rc = git_blob_lookup(&blob, repo, oid);
	if (rc < 0)
		return git_fail(err, rc, "git: %s: cannot read link '%s'", url, path);
	size = git_blob_rawsize(blob);
	data = git_blob_rawcontent(blob);
	if (size == 0 || size > GIT_MAX_LINK || memchr(data, '\0', size)) {
		git_blob_free(blob);
		return ml_error_setat(err, ML_EUNSAFE, path, 0, 0,
				      "git: %s: malformed symbolic link target", url);
	}
	*out = ml_strndup(data, size);
	git_blob_free(blob);
	return 0;
}

/*
 * Whether the link at `path` (from the root) with `target` stays inside the tree: resolve
 * its target component by component against the tree itself, substituting every link met on
 * the way, so that "a -> b/.." with b a link to ".." is caught. Components missing from the
 * tree are taken literally (nothing else will create them).
 */
static int check_link(struct export *ex, const char *path, const char *target, struct ml_error *err)
{
	struct ml_strvec stack = ML_STRVEC_INIT; /* resolved directory so far */
	struct ml_strvec queue = ML_STRVEC_INIT; /* components still to walk, reversed */
	struct ml_buf cur = ML_BUF_INIT;
	const char *slash;
	char *todo = NULL;
	int hops = 0, ret = 0;

	/* the link's directory */
	for (const char *p = path; (slash = strchr(p, '/')); p = slash + 1)
		ml_strvec_push_owned(&stack, ml_strndup(p, (size_t)(slash - p)));
	todo = ml_strdup(target);
	for (;;) {
		char *comp, *t;

		if (todo) {
			/* push todo's components in reverse so the first is popped first */
			if (*todo == '/') {
				ret =
				    ml_error_setat(err, ML_EUNSAFE, path, 0, 0,
						   "git: %s: symbolic link to '%s' leaves the tree",
						   ex->url, target);
				goto out;
			}
			for (t = todo + strlen(todo); t > todo;) {
				char *start = t;

				while (start > todo && start[-1] != '/')
					start--;
				ml_strvec_push_owned(&queue,
						     ml_strndup(start, (size_t)(t - start)));
				t = start > todo ? start - 1 : start;
			}
			free(todo);
			todo = NULL;
		}
		if (queue.n == 0)
			break;
		comp = queue.v[--queue.n];
		queue.v[queue.n] = NULL;
		if (!*comp || strcmp(comp, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			free(comp);
			if (stack.n == 0) {
				ret =
				    ml_error_setat(err, ML_EUNSAFE, path, 0, 0,
						   "git: %s: symbolic link to '%s' leaves the tree",
						   ex->url, target);
				goto out;
			}
			free(stack.v[--stack.n]);
			stack.v[stack.n] = NULL;
			continue;
		}
		ml_buf_reset(&cur);
		for (size_t i = 0; i < stack.n; i++)
			ml_buf_addf(&cur, "%s/", stack.v[i]);
		ml_buf_adds(&cur, comp);
		{
			git_tree_entry *e = NULL;

			if (git_tree_entry_bypath(&e, ex->root, cur.buf) == 0 &&
			    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
				if (++hops > GIT_MAX_LINK_HOPS) {
					git_tree_entry_free(e);
					free(comp);
					ret = ml_error_setat(
					    err, ML_EUNSAFE, path, 0, 0,
					    "git: %s: too many levels of symbolic links", ex->url);
					goto out;
				}
				ret = read_link(&todo, ex->repo, git_tree_entry_id(e), cur.buf,
						ex->url, err);
				git_tree_entry_free(e);
				free(comp);
				if (ret < 0)
					goto out;
				continue;
			}
			git_tree_entry_free(e);
			git_error_clear();
		}
		ml_strvec_push_owned(&stack, comp);
	}
out:
	free(todo);
	ml_buf_release(&cur);
	ml_strvec_release(&queue);
	ml_strvec_release(&stack);
	return ret;
}

static int write_blob(struct export *ex, const git_tree_entry *e, const char *fspath,
		      const char *path, struct ml_error *err)
{
	git_blob *blob = NULL;
	git_object_size_t size;
	const char *data;
	mode_t mode = git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE ? 0777 : 0666;
	int fd = -1, ret = 0, rc;

	rc = git_blob_lookup(&blob, ex->repo, git_tree_entry_id(e));
	if (rc < 0) {
		ret = git_fail(err, rc, "git: %s: commit %s: cannot read '%s'", ex->url, ex->commit,
			       path);
		goto out;
	}
	size = git_blob_rawsize(blob);
	if (size > GIT_MAX_FILE) {
		ret = ml_error_setat(err, ML_EIO, path, 0, 0, "git: %s: file too large", ex->url);
		goto out;
	}
	data = git_blob_rawcontent(blob);
	fd = open(fspath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		ret = ml_error_errno(err, errno == EEXIST ? ML_EUNSAFE : ML_EIO,
				     "cannot create '%s'", fspath);
		goto out;
	}
	while (size > 0) {
		ssize_t n = write(fd, data, size > (1 << 30) ? (1 << 30) : (size_t)size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", fspath);
			goto out;
		}
		data += n;
		size -= (git_object_size_t)n;
	}
	if (close(fd) < 0) {
		fd = -1;
		ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", fspath);
		goto out;
	}
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	git_blob_free(blob);
	return ret;
}

/* Writes tree (at `path` from the root, "" for the root) into directory fsdir. */
static int write_tree(struct export *ex, git_tree *tree, const char *fsdir, const char *path,
		      int depth, struct ml_error *err)
{
	size_t n = git_tree_entrycount(tree);
	int ret = 0;

	if (depth > GIT_MAX_DEPTH)
		return ml_error_setat(err, ML_EUNSAFE, path, 0, 0,
				      "git: %s: directories nested too deeply", ex->url);
	for (size_t i = 0; i < n && ret == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		char *fspath, *sub;
		git_filemode_t mode = git_tree_entry_filemode(e);

		if (++ex->nentries > GIT_MAX_ENTRIES)
			return ml_error_set(err, ML_EIO, "git: %s: commit %s has too many files",
					    ex->url, ex->commit);
		if (!name_is_safe(name))
			return ml_error_setat(err, ML_EUNSAFE, path, 0, 0,
					      "git: %s: commit %s: unsafe entry name '%s'", ex->url,
					      ex->commit, name);
		fspath = ml_path_join(fsdir, name);
		sub = *path ? ml_xasprintf("%s/%s", path, name) : ml_strdup(name);
		switch (mode) {
		case GIT_FILEMODE_BLOB:
		case GIT_FILEMODE_BLOB_EXECUTABLE:
			ret = write_blob(ex, e, fspath, sub, err);
			break;
		case GIT_FILEMODE_LINK: {
			char *target = NULL;

			ret = read_link(&target, ex->repo, git_tree_entry_id(e), sub, ex->url, err);
			if (ret == 0)
				ret = check_link(ex, sub, target, err);
			if (ret == 0 && symlink(target, fspath) < 0)
				ret = ml_error_errno(err, errno == EEXIST ? ML_EUNSAFE : ML_EIO,
						     "cannot create link '%s'", fspath);
			free(target);
			break;
		}
		case GIT_FILEMODE_COMMIT: /* a submodule: left empty, as by a plain clone */
		case GIT_FILEMODE_TREE:
			if (mkdir(fspath, 0777) < 0) {
				ret = ml_error_errno(err, errno == EEXIST ? ML_EUNSAFE : ML_EIO,
						     "cannot create directory '%s'", fspath);
				break;
			}
			if (mode == GIT_FILEMODE_TREE) {
				git_tree *child = NULL;
				int rc = git_tree_lookup(&child, ex->repo, git_tree_entry_id(e));

				if (rc < 0)
					ret = git_fail(err, rc,
						       "git: %s: commit %s: cannot read '%s'",
						       ex->url, ex->commit, sub);
				else
					ret = write_tree(ex, child, fspath, sub, depth + 1, err);
				git_tree_free(child);
			}
			break;
		default:
			ret = ml_error_setat(err, ML_EUNSAFE, sub, 0, 0,
					     "git: %s: commit %s: unknown file mode %o", ex->url,
					     ex->commit, (unsigned)mode);
		}
		free(sub);
		free(fspath);
	}
	return ret;
}

/* dest/.git: the commit with its history, HEAD detached there, index and origin. */
static int write_git_dir(git_repository *src, const git_commit *commit, const char *dest,
			 const char *url, struct ml_error *err)
{
	git_repository *dst = NULL;
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	git_config *cfg = NULL;
	git_index *index = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	char *packdir = NULL;
	int rc, ret = 0;

	rc = git_repository_init(&dst, dest, 0);
	if (rc == 0)
		rc = git_packbuilder_new(&pb, src);
	if (rc == 0)
		rc = git_revwalk_new(&walk, src);
	if (rc == 0)
		rc = git_revwalk_push(walk, git_commit_id(commit));
	if (rc == 0)
		rc = git_packbuilder_insert_walk(pb, walk);
	if (rc == 0) {
		packdir = ml_xasprintf("%s/objects/pack", git_repository_path(dst));
		rc = git_packbuilder_write(pb, packdir, 0, NULL, NULL);
	}
	if (rc == 0)
		rc = git_repository_set_head_detached(dst, git_commit_id(commit));
	if (rc == 0)
		rc = git_commit_lookup(&c, dst, git_commit_id(commit));
	if (rc == 0)
		rc = git_commit_tree(&tree, c);
	if (rc == 0)
		rc = git_repository_index(&index, dst);
	if (rc == 0)
		rc = git_index_read_tree(index, tree);
	if (rc == 0)
		rc = git_index_update_all(index, NULL, NULL, NULL);
	if (rc == 0)
		rc = git_index_write(index);
	/* the config keys git_remote_create would write (it leaks in 1.5.1, see store_fetch) */
	if (rc == 0)
		rc = git_repository_config(&cfg, dst);
	if (rc == 0)
		rc = git_config_set_string(cfg, "remote.origin.url", url);
	if (rc == 0)
		rc = git_config_set_string(cfg, "remote.origin.fetch",
					   "+refs/heads/*:refs/remotes/origin/*");
	if (rc < 0)
		ret = git_fail(err, rc, "git: %s: cannot write '%s/.git'", url, dest);
	git_config_free(cfg);
	git_index_free(index);
	git_tree_free(tree);
	git_commit_free(c);
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	git_repository_free(dst);
	free(packdir);
	return ret;
}

int ml_git_export(const char *url, const char *commit, const char *dest, bool keep_git_dir,
		  struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	struct export ex = { 0 };
	struct stat st;
	char *parent = NULL, *slash, *canon = NULL;
	bool created = false;
	int ret, rc;

	if (!is_full_commit(commit))
		return ml_error_set(err, ML_EUSAGE, "git: %s: '%s' is not a full commit id",
				    url ? url : "", commit ? commit : "");
	if (!dest || !*dest)
		return ml_error_set(err, ML_EUSAGE, "git: export needs a destination");
	if ((ret = store_sync(&repo, &c, url, commit, err)) < 0)
		goto out;
	rc = git_commit_tree(&tree, c);
	if (rc < 0) {
		ret = git_fail(err, rc, "git: %s: commit %s: cannot read its tree", url, commit);
		goto out;
	}
	if (lstat(dest, &st) == 0) {
		ret = ml_error_set(err, ML_EIO, "cannot export to '%s': it already exists", dest);
		goto out;
	}
	parent = ml_strdup(dest);
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if ((ret = ml_fs_mkdirs(parent, 0755, err)) < 0)
			goto out;
	}
	if (mkdir(dest, 0777) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create directory '%s'", dest);
		goto out;
	}
	created = true;
	ex.repo = repo;
	ex.root = tree;
	ex.url = url;
	ex.commit = commit;
	if ((ret = write_tree(&ex, tree, dest, "", 0, err)) < 0)
		goto out;
	if (keep_git_dir) {
		bool local;

		if ((ret = canonical_url(&canon, &local, url, err)) < 0)
			goto out;
		if ((ret = write_git_dir(repo, c, dest, canon, err)) < 0)
			goto out;
	}
out:
	if (ret < 0 && created)
		ml_fs_remove_tree(dest, NULL);
	git_tree_free(tree);
	git_commit_free(c);
	git_repository_free(repo);
	free(parent);
	free(canon);
	return ret;
}

/* ---- reading a commit ---- */

struct ml_git_tree {
	git_repository *repo;
	git_tree *tree;
	char *url;
	char *commit;
};

int ml_git_tree_open(struct ml_git_tree **out, const char *url, const char *commit,
		     struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	struct ml_git_tree *t;
	int rc, ret;

	if (!is_full_commit(commit))
		return ml_error_set(err, ML_EUSAGE, "git: %s: '%s' is not a full commit id",
				    url ? url : "", commit ? commit : "");
	if ((ret = store_sync(&repo, &c, url, commit, err)) < 0)
		return ret;
	rc = git_commit_tree(&tree, c);
	git_commit_free(c);
	if (rc < 0) {
		ret = git_fail(err, rc, "git: %s: commit %s: cannot read its tree", url, commit);
		git_repository_free(repo);
		return ret;
	}
	t = ml_calloc(1, sizeof(*t));
	t->repo = repo;
	t->tree = tree;
	t->url = ml_strdup(url);
	t->commit = ml_strdup(commit);
	*out = t;
	return 0;
}

void ml_git_tree_free(struct ml_git_tree *t)
{
	if (!t)
		return;
	git_tree_free(t->tree);
	git_repository_free(t->repo);
	free(t->url);
	free(t->commit);
	free(t);
}

int ml_git_tree_read(struct ml_git_tree *t, const char *path, struct ml_buf *out, size_t max,
		     struct ml_error *err)
{
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	git_filemode_t mode;
	int rc, ret = 0;

	rc = git_tree_entry_bypath(&e, t->tree, path);
	if (rc < 0) {
		git_error_clear();
		return ml_error_setat(err, ML_ENOTFOUND, path, 0, 0,
				      "git: %s: commit %s: no such file", t->url, t->commit);
	}
	mode = git_tree_entry_filemode(e);
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
		ret = ml_error_setat(err, ML_ENOTFOUND, path, 0, 0,
				     "git: %s: commit %s: not a file", t->url, t->commit);
		goto out;
	}
	rc = git_blob_lookup(&blob, t->repo, git_tree_entry_id(e));
	if (rc < 0) {
		ret = git_fail(err, rc, "git: %s: commit %s: cannot read '%s'", t->url, t->commit,
			       path);
		goto out;
	}
	if (git_blob_rawsize(blob) > max) {
		ret = ml_error_setat(err, ML_EIO, path, 0, 0, "git: %s: file larger than %zu bytes",
				     t->url, max);
		goto out;
	}
	ml_buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
out:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return ret;
}

struct list_walk {
	struct ml_strvec *out;
	const char *prefix; /* "dir/" or "" */
	int depth;
	size_t n;
};

static int list_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct list_walk *w = payload;
	int level = 0;

	for (const char *p = root; *p; p++)
		level += *p == '/';
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return level + 1 < w->depth ? 0 : 1; /* 1: skip this subtree */
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (++w->n > GIT_MAX_ENTRIES)
		return -1;
	ml_strvec_push_owned(w->out,
			     ml_xasprintf("%s%s%s", w->prefix, root, git_tree_entry_name(e)));
	return 0;
}

int ml_git_tree_list(struct ml_strvec *out, struct ml_git_tree *t, const char *dir, int depth,
		     struct ml_error *err)
{
	git_tree_entry *e = NULL;
	git_tree *sub = NULL;
	git_tree *start = t->tree;
	struct list_walk w = { out, "", depth, 0 };
	char *prefix = NULL;
	int rc, ret = 0;

	if (depth <= 0)
		return 0;
	if (dir && *dir) {
		if (git_tree_entry_bypath(&e, t->tree, dir) < 0 ||
		    git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			git_error_clear();
			goto out;
		}
		rc = git_tree_lookup(&sub, t->repo, git_tree_entry_id(e));
		if (rc < 0) {
			ret = git_fail(err, rc, "git: %s: commit %s: cannot read '%s'", t->url,
				       t->commit, dir);
			goto out;
		}
		start = sub;
		prefix = ml_xasprintf("%s/", dir);
		w.prefix = prefix;
	}
	rc = git_tree_walk(start, GIT_TREEWALK_PRE, list_cb, &w);
	if (rc < 0) {
		if (w.n > GIT_MAX_ENTRIES)
			ret = ml_error_set(err, ML_EIO, "git: %s: commit %s has too many files",
					   t->url, t->commit);
		else
			ret = git_fail(err, rc, "git: %s: commit %s: cannot list '%s'", t->url,
				       t->commit, dir ? dir : "");
	}
out:
	free(prefix);
	git_tree_free(sub);
	git_tree_entry_free(e);
	return ret;
}

/* ---- packs of one commit (mirror) ---- */

int ml_git_pack_commit(struct ml_buf *out, const char *url, const char *commit,
		       struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_packbuilder *pb = NULL;
	git_buf buf = { 0 };
	int ret, rc;

	if (!is_full_commit(commit))
		return ml_error_set(err, ML_EUSAGE, "git: %s: '%.80s' is not a full commit", url,
				    commit);
	ret = store_sync(&repo, &c, url, commit, err);
	if (ret < 0)
		return ret;
	/* one thread: the same commit gives the same pack bytes */
	if ((rc = git_packbuilder_new(&pb, repo)) < 0 || (git_packbuilder_set_threads(pb, 1), 0) ||
	    (rc = git_packbuilder_insert_commit(pb, git_commit_id(c))) < 0 ||
	    (rc = git_packbuilder_write_buf(&buf, pb)) < 0) {
		ret = git_fail(err, rc, "git: %s: cannot pack commit %s", url, commit);
		goto out;
	}
	ml_buf_add(out, buf.ptr, buf.size);
out:
	git_buf_dispose(&buf);
	git_packbuilder_free(pb);
	git_commit_free(c);
	git_repository_free(repo);
	return ret;
}

int ml_git_seed_pack(const char *url, const char *commit, const void *data, size_t len,
		     struct ml_error *err)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_odb *odb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats = { 0 };
	char *canon = NULL, *store = NULL;
	bool local;
	int lockfd = -1, ret, rc;

	if (!is_full_commit(commit))
		return ml_error_set(err, ML_EUSAGE, "git: %s: '%.80s' is not a full commit", url,
				    commit);
	if ((ret = check_url(url, err)) < 0)
		return ret;
	git_init_once();
	if ((ret = canonical_url(&canon, &local, url, err)) < 0)
		goto out;
	store = store_path(canon);
	lockfd = store_lock(store, err);
	if (lockfd < 0) {
		ret = err && err->code ? err->code : ML_EIO;
		goto out;
	}
	if ((ret = store_open(&repo, store, true, url, err)) < 0)
		goto out;
	if (lookup_commit_hex(&c, repo, commit, GIT_OID_HEXSZ) == 0)
		goto out; /* already there */
	git_error_clear();
	/* the indexer checks every object against its id: a pack cannot bring other content */
	if ((rc = git_repository_odb(&odb, repo)) < 0 ||
	    (rc = git_odb_write_pack(&wp, odb, NULL, NULL)) < 0 ||
	    (rc = wp->append(wp, data, len, &stats)) < 0 || (rc = wp->commit(wp, &stats)) < 0) {
		ret = git_fail(err, rc, "git: %s: the mirror's pack of %s is not a valid pack", url,
			       commit);
		goto out;
	}
	if (lookup_commit_hex(&c, repo, commit, GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		ret =
		    ml_error_set(err, ML_ENOTFOUND,
				 "git: %s: the mirror's pack does not hold commit %s", url, commit);
	}
out:
	if (wp)
		wp->free(wp);
	git_odb_free(odb);
	git_commit_free(c);
	git_repository_free(repo);
	store_unlock(lockfd);
	free(store);
	free(canon);
	return ret;
}
