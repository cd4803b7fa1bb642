/*
 * Parallel downloads with the libcurl multi interface. Each source walks a list of candidate
 * URLs (cache mirrors, its own mirrors, then upstream); a body streams into a temporary file
 * in the cache while it is hashed, and only a body matching every checksum is committed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "fetch/fetch.h"

#define DEFAULT_JOBS 8
#define MAX_JOBS 64
#define DEFAULT_CONNECT_TIMEOUT_MS 30000L
#define DEFAULT_LOW_SPEED_TIME_S 60L
/*
 * Below 1,000 bytes a second for a minute is a stall (a 46 MB source would take half a day);
 * a trickle just above the limit still meets the overall deadline.
 */
#define DEFAULT_LOW_SPEED_LIMIT 1000L
#define DEFAULT_TIMEOUT_S 1800L /* 46 MB fits at 26 KB/s */
#define DEFAULT_ATTEMPTS 4
#define MAX_ATTEMPTS 20
#define DEFAULT_RETRY_DELAY_MS 500L
#define MAX_RETRY_DELAY_MS 60000L
#define DEFAULT_MAX_REDIRECTS 10L
#define DEFAULT_MAX_SIZE (2ULL << 30)
#define MAX_SOURCES 100000
#define MAX_CHECKSUMS 16
#define MAX_URL_LEN 8192

struct job {
	size_t index;
	const struct ml_fetch_source *src;
	struct ml_checksum *sums;
	size_t nsums;
	struct ml_strvec urls; /* candidates; the last one is upstream */
	size_t cur;            /* candidate being tried */
	int attempt;           /* attempts of the current candidate so far */
	uint64_t ready_at;     /* monotonic ms before which it must not start */
	bool queued, running;
	struct job *leader; /* same URL and checksums as this earlier job: its result is shared */
	struct job *head;   /* the first queued job whose key checksum is this one's */
	struct job *got;    /* on a head: the first job of its group whose body verified */
	bool by_content;    /* leader: not the same URL, the same content (see try_start) */
	CURL *easy;
	int fd;
	char *tmp;
	struct ml_hasher *hasher;
	uint64_t bytes;
	bool too_big, write_failed;
	bool dropped; /* its cache entry failed its checksum and was removed (res->error says) */
	bool prepared;
	int looked; /* ml_cache_lookup_stat's return (look_up): 0 filled res from the cache */
	int write_errno;
	char errbuf[CURL_ERROR_SIZE];
	const struct ml_fetch_opts *opts;
	uint64_t max_size;
	struct ml_fetch_result *res;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void ml_fetch_result_release(struct ml_fetch_result *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->url);
	free(r->cause);
	ml_error_release(&r->error);
	memset(r, 0, sizeof(*r));
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct job *j = userdata;
	size_t len = size * nmemb, off = 0;
	curl_off_t total = -1;

	if (j->bytes + len > j->max_size) {
		j->too_big = true;
		return 0;
	}
	/* Ctrl-C: the transfer stops here (run_multi then says so and discards it) */
	if (ml_interrupted())
		return 0;
	while (off < len) {
		ssize_t w = write(j->fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			j->write_failed = true;
			j->write_errno = errno;
			return 0;
		}
		off += (size_t)w;
	}
	ml_hasher_update(j->hasher, data, len);
	j->bytes += len;
	if (j->opts->progress) {
		curl_easy_getinfo(j->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total);
		j->opts->progress(j->opts->progress_data, j->index, j->urls.v[j->cur], j->bytes,
				  total > 0 ? (uint64_t)total : 0);
	}
	return len;
}

static void end_transfer(struct job *j, CURLM *multi)
{
	if (j->easy) {
		curl_multi_remove_handle(multi, j->easy);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
	}
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	if (j->tmp)
		unlink(j->tmp);
	free(j->tmp);
	j->tmp = NULL;
	ml_hasher_free(j->hasher);
	j->hasher = NULL;
	j->running = false;
}

static int start_transfer(struct job *j, CURLM *multi, struct ml_cache *cache, struct ml_error *err)
{
	const struct ml_fetch_opts *o = j->opts;
	CURL *e;
	int ret;

	ret = ml_cache_tmpfile(&j->fd, &j->tmp, cache, err);
	if (ret < 0)
		return ret;
	j->hasher = ml_hasher_new();
	j->bytes = 0;
	j->too_big = j->write_failed = false;
	j->errbuf[0] = '\0';
	e = curl_easy_init();
	if (!e)
		abort();
	j->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, j->urls.v[j->cur]);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, o->max_redirects);
	/* A redirect must never lead to a local file. */
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_limit);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)j->max_size);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "monolock/" ML_VERSION);
	if (curl_multi_add_handle(multi, e) != CURLM_OK) {
		end_transfer(j, multi);
		return ml_error_set(err, ML_ERROR, "%s: cannot start the transfer of %s",
				    j->src->label, j->urls.v[j->cur]);
	}
	j->running = true;
	return 0;
}

static bool is_transient(CURLcode rc, long http)
{
	switch (rc) {
	case CURLE_HTTP_RETURNED_ERROR:
		return http >= 500 || http == 408 || http == 429;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
		return true;
	default:
		return false;
	}
}

/* Whether the transfer ran into the overall deadline (not a stall or the connect timeout). */
static bool hit_deadline(const struct job *j, CURLcode rc)
{
	curl_off_t us = 0;

	if (rc != CURLE_OPERATION_TIMEDOUT)
		return false;
	curl_easy_getinfo(j->easy, CURLINFO_TOTAL_TIME_T, &us);
	return us / 1000 >= (curl_off_t)j->opts->timeout_s * 1000 - 50;
}

/* "host" or "host:port" of url (port only when with_port), or NULL (file://, unparsable). */
static char *url_host(const char *url, bool with_port)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *out = NULL;

	if (!u) /* out of memory, or libcurl cannot be loaded (fetch/curl_lazy.c) */
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host) {
		if (with_port &&
		    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
			out = ml_xasprintf("%s:%s", host, port);
		else
			out = ml_strdup(host);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return out;
}

/*
 * What the failure may share with other sources' (ml_fetch_result.cause): the host that
 * cannot be resolved or reached, the server's status. NULL for what concerns the source
 * alone (a checksum, a size, a write).
 */
static char *failure_cause(enum ml_net_cause *why, const struct job *j, CURLcode rc, long http,
			   bool deadline)
{
	const char *url = j->urls.v[j->cur];
	char *host = url_host(url, rc != CURLE_COULDNT_RESOLVE_HOST), *cause = NULL;
	long os_errno = 0, n = 0;

	*why = ML_NET_NONE;
	if (!host || j->too_big || j->write_failed)
		goto out;
	curl_easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &os_errno);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		*why = ML_NET_RESOLVE;
		break;
	case CURLE_COULDNT_CONNECT:
		*why = os_errno == ECONNREFUSED ? ML_NET_REFUSED : ML_NET_CONNECT;
		break;
	case CURLE_OPERATION_TIMEDOUT:
		*why = deadline ? ML_NET_DEADLINE : ML_NET_TIMEOUT;
		n = j->opts->timeout_s;
		break;
	case CURLE_HTTP_RETURNED_ERROR:
		*why = ML_NET_SERVER;
		n = http;
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		*why = ML_NET_TLS;
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		*why = ML_NET_BROKEN;
		break;
	default:
		break;
	}
	cause = ml_net_cause_text(*why, host, n);
out:
	free(host);
	return cause;
}

/* Records why the current candidate failed, in the source's error. */
static void describe_failure(struct job *j, CURLcode rc, long http)
{
	const char *url = j->urls.v[j->cur];
	const char *label = j->src->label;
	struct ml_error *e = &j->res->error;

	free(j->res->cause);
	j->res->cause = failure_cause(&j->res->why, j, rc, http, hit_deadline(j, rc));

	if (j->too_big)
		ml_error_set(e, ML_ENET, "%s: %s: larger than the %llu-byte limit", label, url,
			     (unsigned long long)j->max_size);
	else if (rc == CURLE_FILESIZE_EXCEEDED)
		ml_error_set(e, ML_ENET, "%s: %s: larger than the %llu-byte limit", label, url,
			     (unsigned long long)j->max_size);
	else if (j->write_failed)
		ml_error_set(e, ML_EIO, "%s: cannot write the download of %s: %s", label, url,
			     strerror(j->write_errno));
	else if (rc == CURLE_HTTP_RETURNED_ERROR)
		ml_error_set(e, ML_ENET, "%s: %s: HTTP %ld", label, url, http);
	else if (hit_deadline(j, rc))
		ml_error_set(e, ML_ENET,
			     "%s: %s: timed out after %ld s (%llu bytes received; the deadline per "
			     "download, see --timeout)",
			     label, url, j->opts->timeout_s, (unsigned long long)j->bytes);
	else if (rc == CURLE_PARTIAL_FILE)
		ml_error_set(e, ML_ENET, "%s: %s: truncated body (%llu bytes received)", label, url,
			     (unsigned long long)j->bytes);
	else
		ml_error_set(e, ML_ENET, "%s: %s: %s", label, url,
			     j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
	ml_error_about(e, NULL, url);
}

/*
 * Verified bodies waiting to become cache entries, committed together (ml_cache_commit_all:
 * two syncs however many) once every transfer is done or the oldest has waited
 * COMMIT_AFTER_MS, so that a pull killed while a download stalls keeps what it fetched.
 */
#define COMMIT_AFTER_MS 1000
struct batch {
	struct ml_cache_new *files;
	struct job **jobs; /* jobs[i]'s body is files[i] */
	size_t n;
	uint64_t since; /* when the oldest arrived */
};

/* A successful body: verify it and add it to the batch. 0, or the error in the result. */
static int finish_body(struct job *j, struct batch *b)
{
	struct ml_digests d;
	int ret;

	ml_hasher_final(&d, j->hasher);
	ret = ml_checksums_verify(&d, j->sums, j->nsums, j->src->label, j->urls.v[j->cur],
				  &j->res->error);
	if (ret < 0)
		return ret;
	if (close(j->fd) < 0) {
		j->fd = -1;
		return ml_error_errno(&j->res->error, ML_EIO, "%s: cannot write '%s'",
				      j->src->label, j->tmp);
	}
	j->fd = -1;
	if (!b->n)
		b->since = now_ms();
	b->files[b->n] = (struct ml_cache_new){ .tmp = j->tmp, .d = d, .error = ML_ERROR_INIT };
	b->jobs[b->n++] = j;
	j->tmp = NULL; /* the batch's now */
	if (j->head && !j->head->got)
		j->head->got = j;
	if (j->opts->progress)
		j->opts->progress(j->opts->progress_data, j->index, j->urls.v[j->cur], j->bytes,
				  j->bytes);
	return 0;
}

/* Commits the batch into the cache: each of its sources gets its entry or its error. */
static void commit_batch(struct batch *b, struct ml_cache *cache)
{
	ml_cache_commit_all(cache, b->files, b->n);
	for (size_t i = 0; i < b->n; i++) {
		struct ml_cache_new *f = &b->files[i];
		struct job *j = b->jobs[i];

		free((char *)f->tmp); /* consumed by the commit */
		if (!f->path) {
			ml_error_move(&j->res->error, &f->error);
			continue;
		}
		j->res->path = f->path;
		j->res->digests = f->d;
		j->res->have_digests = true;
		ml_error_release(&j->res->error);
		free(j->res->cause);
		j->res->cause = NULL;
		j->res->why = ML_NET_NONE;
		j->res->url = ml_strdup(j->urls.v[j->cur]);
		ml_error_release(&f->error);
	}
	b->n = 0;
}

/* Handles a finished transfer; returns true when the source is settled (ok or failed). */
static bool on_done(struct job *j, CURLcode rc, CURLM *multi, struct batch *batch)
{
	bool upstream = j->cur + 1 == j->urls.n;
	long http = 0;
	uint64_t delay;
	int ret;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &http);
	j->attempt++;
	if (rc == CURLE_OK) {
		ret = finish_body(j, batch);
		end_transfer(j, multi);
		if (ret == 0)
			return true;
		/* A mirror serving something else is skipped; upstream's answer is final. */
		if (upstream || ret != ML_ECHECKSUM)
			return true;
	} else {
		/* a download that used its whole deadline would use it again */
		bool deadline = hit_deadline(j, rc);

		describe_failure(j, rc, http);
		end_transfer(j, multi);
		if (upstream && !j->too_big && !deadline && is_transient(rc, http) &&
		    j->attempt < j->opts->attempts) {
			delay = (uint64_t)j->opts->retry_delay_ms << (j->attempt - 1);
			if (delay > MAX_RETRY_DELAY_MS)
				delay = MAX_RETRY_DELAY_MS;
			j->ready_at = now_ms() + delay;
			return false;
		}
		if (upstream) {
			if (j->attempt > 1) {
				struct ml_buf b = ML_BUF_INIT;

				ml_buf_addf(&b, "%s (after %d attempts)", j->res->error.msg,
					    j->attempt);
				free(j->res->error.msg);
				j->res->error.msg = ml_buf_detach(&b, NULL);
			}
			return true;
		}
	}
	/* Next candidate: this one was a mirror. */
	j->res->mirror_missed = true;
	j->cur++;
	j->attempt = 0;
	j->ready_at = 0;
	return false;
}

/*
 * The URLs to try, in order. local_only (offline): only the cache mirrors that are local
 * directories (file://), which count as offline; returns how many were added.
 */
static size_t add_candidates(struct job *j, const struct ml_fetch_opts *o, bool local_only)
{
	static const int order[] = { ML_HASH_SHA256, ML_HASH_SHA512, ML_HASH_MD5 };
	size_t m, p, i, before = j->urls.n;

	for (m = 0; m < o->ncache_mirrors; m++) {
		const char *base = o->cache_mirrors[m];
		size_t blen = strlen(base);

		if (local_only && !ml_starts_with(base, "file://"))
			continue;
		while (blen > 0 && base[blen - 1] == '/')
			blen--;
		for (p = 0; p < ML_ARRAY_SIZE(order); p++)
			for (i = 0; i < j->nsums; i++)
				if ((int)j->sums[i].kind == order[p])
					ml_strvec_push_owned(
					    &j->urls,
					    ml_xasprintf("%.*s/%s/%.2s/%s", (int)blen, base,
							 ml_hash_kind_name(j->sums[i].kind),
							 j->sums[i].hex, j->sums[i].hex));
	}
	if (local_only)
		return j->urls.n - before;
	for (m = 0; m < j->src->nmirrors; m++)
		ml_strvec_push(&j->urls, j->src->mirrors[m]);
	ml_strvec_push(&j->urls, j->src->url);
	return j->urls.n - before;
}

/* Checks a source and parses its checksums into j. */
static int prepare(struct job *j, const struct ml_fetch_opts *o, struct ml_error *err)
{
	const struct ml_fetch_source *s = j->src;
	const char *label = s->label ? s->label : "?";
	size_t i;
	int ret;

	if (!s->url || !*s->url)
		return ml_error_set(err, ML_EUSAGE, "%s: no source URL", label);
	if (strlen(s->url) > MAX_URL_LEN)
		return ml_error_set(err, ML_EUSAGE, "%s: source URL too long", label);
	if (ml_starts_with(s->url, "git+") || ml_starts_with(s->url, "git://"))
		return ml_error_set(err, ML_EUSAGE, "%s: %s is a git source, not an archive", label,
				    s->url);
	if (s->nchecksums > MAX_CHECKSUMS)
		return ml_error_set(err, ML_EUSAGE, "%s: more than %d checksums", label,
				    MAX_CHECKSUMS);
	if (s->nchecksums == 0 && !(o->flags & ML_FETCH_ALLOW_NO_CHECKSUM))
		return ml_error_set(err, ML_EUSAGE,
				    "%s: %s has no checksum (refusing an unverifiable download)",
				    label, s->url);
	j->sums = ml_calloc(s->nchecksums ? s->nchecksums : 1, sizeof(*j->sums));
	for (i = 0; i < s->nchecksums; i++) {
		ret = ml_checksum_parse(&j->sums[i], s->checksums[i], err);
		if (ret < 0) {
			struct ml_buf b = ML_BUF_INIT;

			ml_buf_addf(&b, "%s: %s", label, err ? err->msg : "");
			if (err) {
				free(err->msg);
				err->msg = ml_buf_detach(&b, NULL);
			}
			ml_buf_release(&b);
			return ret;
		}
		j->nsums++;
	}
	return 0;
}

static void fill_opts(struct ml_fetch_opts *o, const struct ml_fetch_opts *in)
{
	if (in)
		*o = *in;
	else
		memset(o, 0, sizeof(*o));
	if (o->jobs <= 0)
		o->jobs = DEFAULT_JOBS;
	if (o->jobs > MAX_JOBS)
		o->jobs = MAX_JOBS;
	if (o->connect_timeout_ms <= 0)
		o->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
	if (o->low_speed_time_s <= 0)
		o->low_speed_time_s = DEFAULT_LOW_SPEED_TIME_S;
	if (o->low_speed_limit <= 0)
		o->low_speed_limit = DEFAULT_LOW_SPEED_LIMIT;
	if (o->timeout_s <= 0)
		o->timeout_s = DEFAULT_TIMEOUT_S;
	if (o->attempts <= 0)
		o->attempts = DEFAULT_ATTEMPTS;
	if (o->attempts > MAX_ATTEMPTS)
		o->attempts = MAX_ATTEMPTS;
	if (o->retry_delay_ms <= 0)
		o->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
	if (o->retry_delay_ms > MAX_RETRY_DELAY_MS)
		o->retry_delay_ms = MAX_RETRY_DELAY_MS;
	if (o->max_redirects <= 0)
		o->max_redirects = DEFAULT_MAX_REDIRECTS;
	if (o->max_size == 0)
		o->max_size = DEFAULT_MAX_SIZE;
}

/*
 * Hosts that could not be resolved or connected to, after every retry: hosts[i] ("host:port")
 * and causes[i]. A later candidate on one of them fails at once with the same cause, so that
 * 112 sources on an unreachable host cost one host's retries, not 112 times them.
 */
struct dead_hosts {
	struct ml_strvec hosts, causes;
	enum ml_net_cause *whys; /* whys[i]: causes[i]'s kind */
};

/* Records j's host as dead when its last failure says it cannot be reached at all. */
static void note_dead_host(struct dead_hosts *d, const struct job *j, CURLcode rc)
{
	char *host;

	if ((rc != CURLE_COULDNT_RESOLVE_HOST && rc != CURLE_COULDNT_CONNECT) || !j->res->cause ||
	    j->res->path)
		return;
	host = url_host(j->urls.v[j->cur], true);
	if (host && !ml_strvec_contains(&d->hosts, host)) {
		ml_strvec_push(&d->hosts, host);
		ml_strvec_push(&d->causes, j->res->cause);
		d->whys = ml_reallocarray(d->whys, d->hosts.n, sizeof(*d->whys));
		d->whys[d->hosts.n - 1] = j->res->why;
	}
	free(host);
}

/*
 * When j's current candidate is on a dead host: its failure recorded (the host's cause) and
 * true; the caller moves to the next candidate, or settles the source on its last.
 */
static bool on_dead_host(const struct dead_hosts *d, struct job *j)
{
	char *host;
	size_t i = 0;

	if (!d->hosts.n)
		return false;
	host = url_host(j->urls.v[j->cur], true);
	while (host && i < d->hosts.n && strcmp(d->hosts.v[i], host))
		i++;
	free(host);
	if (!host || i == d->hosts.n)
		return false;
	ml_error_set(&j->res->error, ML_ENET, "%s: %s: %s", j->src->label, j->urls.v[j->cur],
		     d->causes.v[i]);
	ml_error_about(&j->res->error, NULL, j->urls.v[j->cur]);
	free(j->res->cause);
	j->res->cause = ml_strdup(d->causes.v[i]);
	j->res->why = d->whys[i];
	return true;
}

/*
 * Starts queued job j: true when started. False when it waits for a retry (still queued),
 * when its host is dead (on to its next URL, still queued; dropped from the queue when it has
 * none), or when it cannot be started (dropped from the queue).
 */
static bool try_start(struct job *j, CURLM *multi, struct ml_cache *cache, struct dead_hosts *dead,
		      size_t *pending, uint64_t now)
{
	if (j->ready_at > now)
		return false;
	/*
	 * Its content was downloaded by another source of this run, under another URL: no
	 * download (it would have been found in the cache a run later). Only a body that
	 * verified is followed, so a failing URL is never shared by content.
	 */
	if (j->head && j->head->got && j->head->got != j) {
		j->leader = j->head->got;
		j->by_content = true;
		j->queued = false;
		(*pending)--;
		return false;
	}
	if (on_dead_host(dead, j)) {
		if (j->cur + 1 < j->urls.n) {
			j->res->mirror_missed = true;
			j->cur++;
			j->attempt = 0;
		} else {
			j->queued = false;
			(*pending)--;
		}
		return false;
	}
	if (start_transfer(j, multi, cache, &j->res->error) < 0) {
		j->queued = false;
		(*pending)--;
		return false;
	}
	return true;
}

/* Runs the transfers of every queued job until each is settled. */
static int run_multi(struct job *jobs, size_t n, const struct ml_fetch_opts *o,
		     struct ml_cache *cache, struct ml_error *err)
{
	size_t pending = 0, i, next = 0, nwait = 0;
	int running = 0, still, ret = 0;
	/*
	 * jobs[next..] have not been tried yet; wait[] holds the jobs tried and still queued
	 * but not running (a retry or the next URL), each at most once. A pass looks only at
	 * those and at as many untried jobs as slots are free: linear in the jobs, whatever
	 * their number (scanning them all from the start each pass was quadratic).
	 */
	size_t *wait = ml_calloc(n ? n : 1, sizeof(*wait));
	struct dead_hosts dead = { ML_STRVEC_INIT, ML_STRVEC_INIT, NULL };
	struct batch b = { ml_calloc(n ? n : 1, sizeof(*b.files)),
			   ml_calloc(n ? n : 1, sizeof(*b.jobs)), 0, 0 };
	CURLM *multi = curl_multi_init();

	if (!multi)
		abort();
	curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->jobs);
	for (i = 0; i < n; i++)
		pending += jobs[i].queued;
	while (pending > 0) {
		uint64_t now = now_ms(), wake = now + 1000;
		CURLMsg *msg;

		if (ml_interrupted()) {
			ret = ml_error_set(err, ML_EINTR, "interrupted while downloading");
			break;
		}
		{
			size_t kept = 0;

			for (size_t k = 0; k < nwait; k++) {
				if (running >= o->jobs || !try_start(&jobs[wait[k]], multi, cache,
								     &dead, &pending, now)) {
					if (jobs[wait[k]].queued)
						wait[kept++] = wait[k];
					continue;
				}
				running++;
			}
			nwait = kept;
		}
		while (running < o->jobs && next < n) {
			struct job *j = &jobs[next++];

			if (!j->queued)
				continue;
			if (try_start(j, multi, cache, &dead, &pending, now))
				running++;
			else if (j->queued)
				wait[nwait++] = (size_t)(j - jobs);
		}
		if (curl_multi_perform(multi, &still) != CURLM_OK) {
			ret = ml_error_set(err, ML_ERROR, "curl_multi_perform failed");
			break;
		}
		while ((msg = curl_multi_info_read(multi, &still))) {
			struct job *j = NULL;
			CURLcode rc;

			if (msg->msg != CURLMSG_DONE)
				continue;
			/* msg is freed when on_done removes the handle */
			rc = msg->data.result;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			running--;
			if (on_done(j, rc, multi, &b)) {
				j->queued = false;
				pending--;
				note_dead_host(&dead, j, rc);
			} else {
				wait[nwait++] = (size_t)(j - jobs);
			}
		}
		if (pending == 0)
			break;
		if (b.n && now_ms() - b.since >= COMMIT_AFTER_MS)
			commit_batch(&b, cache);
		/*
		 * Wake for a retry that is due; a job waiting for a free slot is started when a
		 * transfer ends, which curl_multi_poll returns for (counting it here would make
		 * the loop spin while every slot is busy).
		 */
		if (running < o->jobs && next < n)
			wake = now; /* an untried job can take a free slot at once */
		for (size_t k = 0; running < o->jobs && k < nwait; k++)
			if (jobs[wait[k]].ready_at < wake)
				wake = jobs[wait[k]].ready_at;
		if (b.n && b.since + COMMIT_AFTER_MS < wake)
			wake = b.since + COMMIT_AFTER_MS;
		now = now_ms();
		if (wake > now)
			curl_multi_poll(multi, NULL, 0, (int)(wake - now), NULL);
	}
	for (i = 0; i < n; i++)
		if (jobs[i].running)
			end_transfer(&jobs[i], multi);
	/* interrupted too: what was downloaded is kept in the cache */
	commit_batch(&b, cache);
	curl_multi_cleanup(multi);
	free(b.files);
	free(b.jobs);
	free(wait);
	ml_strvec_release(&dead.hosts);
	ml_strvec_release(&dead.causes);
	free(dead.whys);
	return ret;
}

static int sums_cmp(const struct job *x, const struct job *y)
{
	int c = x->nsums < y->nsums ? -1 : x->nsums > y->nsums;

	for (size_t k = 0; !c && k < x->nsums; k++) {
		c = (int)x->sums[k].kind - (int)y->sums[k].kind;
		if (!c)
			c = strcmp(x->sums[k].hex, y->sums[k].hex);
	}
	return c;
}

static int same_download_cmp(const void *a, const void *b)
{
	const struct job *x = *(const struct job *const *)a, *y = *(const struct job *const *)b;
	int c = strcmp(x->src->url, y->src->url);

	if (!c)
		c = sums_cmp(x, y);
	if (!c)
		c = x->index < y->index ? -1 : x->index > y->index;
	return c;
}

/* The checksum a job's content is known by: the cache's key. */
static const struct ml_checksum *key_sum(const struct job *j)
{
	return ml_cache_key(j->sums, j->nsums);
}

static int same_content_cmp(const void *a, const void *b)
{
	const struct job *x = *(const struct job *const *)a, *y = *(const struct job *const *)b;
	const struct ml_checksum *kx = key_sum(x), *ky = key_sum(y);
	int c = (int)kx->kind - (int)ky->kind;

	if (!c)
		c = strcmp(kx->hex, ky->hex);
	if (!c)
		c = x->index < y->index ? -1 : x->index > y->index;
	return c;
}

/*
 * Queued jobs with the same URL and checksums (a lock listing one archive under several
 * directories) are downloaded once: each later one follows the first (O(n log n)). Then
 * the queued jobs with the same key checksum form a group (head): once one body of a group
 * verified, the jobs of the group not yet started follow it (try_start).
 */
static void share_downloads(struct job *jobs, size_t n)
{
	struct job **q = ml_calloc(n ? n : 1, sizeof(*q));
	size_t m = 0, i;

	for (i = 0; i < n; i++)
		if (jobs[i].queued && jobs[i].nsums)
			q[m++] = &jobs[i];
	if (m > 1)
		qsort(q, m, sizeof(*q), same_download_cmp);
	for (i = 1; i < m; i++) {
		struct job *prev = q[i - 1]->leader ? q[i - 1]->leader : q[i - 1];

		if (!strcmp(prev->src->url, q[i]->src->url) && !sums_cmp(prev, q[i])) {
			q[i]->leader = prev;
			q[i]->queued = false;
		}
	}
	for (i = m = 0; i < n; i++)
		if (jobs[i].queued && key_sum(&jobs[i]))
			q[m++] = &jobs[i];
	if (m > 1)
		qsort(q, m, sizeof(*q), same_content_cmp);
	for (i = 1; i < m; i++) {
		const struct ml_checksum *a = key_sum(q[i - 1]), *b = key_sum(q[i]);

		if (a->kind != b->kind || strcmp(a->hex, b->hex))
			continue;
		q[i - 1]->head = q[i - 1]->head ? q[i - 1]->head : q[i - 1];
		q[i]->head = q[i - 1]->head;
	}
	free(q);
}

static void follow_leader(struct job *j)
{
	const struct ml_fetch_result *l = j->leader->res;

	if (l->path && j->by_content) {
		/* its other checksums too (one of another kind could disagree) */
		if (ml_checksums_verify(&l->digests, j->sums, j->nsums, j->src->label, j->src->url,
					&j->res->error) < 0)
			return;
		j->res->path = ml_strdup(l->path);
		j->res->from_cache = true; /* in the cache before this source needed it */
		j->res->digests = l->digests;
		j->res->have_digests = true;
	} else if (l->path) {
		j->res->path = ml_strdup(l->path);
		j->res->url = l->url ? ml_strdup(l->url) : NULL;
		j->res->from_cache = l->from_cache;
		j->res->digests = l->digests;
		j->res->have_digests = l->have_digests;
		if (j->opts->progress)
			j->opts->progress(j->opts->progress_data, j->index, j->src->url,
					  j->leader->bytes, j->leader->bytes);
	} else {
		ml_error_set(&j->res->error, l->error.code ? l->error.code : ML_ERROR, "%s: %s",
			     j->src->label, l->error.msg ? l->error.msg : "unknown error");
		j->res->cause = l->cause ? ml_strdup(l->cause) : NULL;
		j->res->why = l->why;
	}
}

struct lookups {
	struct job *jobs;
	const struct ml_cache *cache;
};

/*
 * The cache lookup of job i, when prepared with checksums (ml_parallel_for: its own job and
 * result): a hit fills the result.
 */
static void look_up(void *ctx, size_t i)
{
	struct lookups *l = ctx;
	struct job *j = &l->jobs[i];
	struct ml_fetch_result *r = j->res;
	struct stat st;

	if (!j->prepared || !j->nsums)
		return;
	j->looked = ml_cache_lookup_stat(&r->path, &r->digests, &st, l->cache, j->sums, j->nsums,
					 &r->error);
	if (j->looked == 0) {
		ml_error_release(&r->error);
		r->from_cache = true;
		r->have_digests = true;
		r->dev = (uint64_t)st.st_dev;
		r->ino = (uint64_t)st.st_ino;
	}
}

int ml_fetch_sources(struct ml_fetch_result *out, const struct ml_fetch_source *sources, size_t n,
		     const struct ml_fetch_opts *opts, struct ml_error *err)
{
	struct ml_fetch_opts o;
	struct ml_cache *cache = NULL;
	struct job *jobs = NULL;
	struct ml_buf missing = ML_BUF_INIT, failed = ML_BUF_INIT;
	size_t i, nmissing = 0, nfailed = 0;
	int ret = 0, first = 0;
	bool curl_inited = false;

	fill_opts(&o, opts);
	for (i = 0; i < n; i++)
		memset(&out[i], 0, sizeof(out[i]));
	if (n > MAX_SOURCES)
		return ml_error_set(err, ML_EUSAGE, "too many sources (%zu, limit %d)", n,
				    MAX_SOURCES);
	ret = ml_cache_open(&cache, o.cache_dir, err);
	if (ret < 0)
		goto out;
	jobs = ml_calloc(n ? n : 1, sizeof(*jobs));
	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];

		j->index = i;
		j->src = &sources[i];
		j->fd = -1;
		j->opts = &o;
		j->max_size = o.max_size;
		j->res = &out[i];
		j->prepared = prepare(j, &o, &out[i].error) >= 0;
	}
	{
		struct lookups l = { jobs, cache };

		for (i = 0; i < n; i++)
			if (jobs[i].prepared && jobs[i].nsums) {
				ml_hasher_load();
				break;
			}
		ml_parallel_for(n, ML_FETCH_THREADS, look_up, &l);
	}
	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];

		if (!j->prepared)
			continue;
		if (j->nsums > 0) {
			int r = j->looked;

			if (r == 0)
				continue; /* filled by look_up */
			if (r != ML_ENOTFOUND && r != ML_ECHECKSUM)
				continue;
			j->dropped = r == ML_ECHECKSUM;
		}
		if (o.flags & ML_FETCH_OFFLINE) {
			bool local = j->nsums && add_candidates(j, &o, true);

			if (!local && j->dropped) {
				/* its own failure, not the network's: the message says what to run */
				char *why = ml_strdup(out[i].error.msg);

				ml_error_set(
				    &out[i].error, ML_ECHECKSUM,
				    "%s: %s: %s (without --offline it is downloaded again)",
				    j->src->label, j->src->url, why);
				free(why);
				continue;
			}
			ml_error_release(&out[i].error);
			if (!local) {
				ml_error_set(&out[i].error, ML_EOFFLINE,
					     "%s: %s is not in the cache", j->src->label,
					     j->src->url);
				out[i].why = ML_NET_OFFLINE;
				out[i].cause = ml_net_cause_text(ML_NET_OFFLINE, NULL, 0);
				continue;
			}
		} else {
			ml_error_release(&out[i].error);
			add_candidates(j, &o, false);
		}
		j->queued = true;
	}
	share_downloads(jobs, n);
	{
		bool any = false;

		for (i = 0; i < n; i++)
			any |= jobs[i].queued;
		if (any) {
			if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
				ret = ml_error_set(err, ML_ERROR, "cannot initialise libcurl");
				goto out;
			}
			curl_inited = true;
			ret = run_multi(jobs, n, &o, cache, err);
			if (ret < 0)
				goto out;
		}
	}
	for (i = 0; i < n; i++)
		if (jobs[i].leader)
			follow_leader(&jobs[i]);
	for (i = 0; i < n; i++) {
		if (out[i].path)
			continue;
		/* what it concerns, for --json: the URL that failed (if not known, upstream's) */
		ml_error_about(&out[i].error, sources[i].package,
			       out[i].error.url ? NULL : sources[i].url);
		if (out[i].error.code == ML_EOFFLINE) {
			ml_buf_addf(&missing, "%s%s (%s)", nmissing ? ", " : "", sources[i].label,
				    sources[i].url);
			nmissing++;
			continue;
		}
		if ((o.flags & ML_FETCH_OFFLINE) && !(jobs[i].dropped && !jobs[i].queued)) {
			/* offline, only a local mirror was tried: missing, and why it did not do */
			ml_buf_addf(&missing, "%s%s (%s; local mirror: %s)", nmissing ? ", " : "",
				    sources[i].label, sources[i].url,
				    out[i].error.msg ? out[i].error.msg : "failed");
			nmissing++;
			{
				char *why =
				    ml_strdup(out[i].error.msg ? out[i].error.msg : "failed");

				ml_error_set(&out[i].error, ML_EOFFLINE,
					     "%s: %s is not in the cache (local mirror: %s)",
					     sources[i].label, sources[i].url, why);
				free(why);
				free(out[i].cause);
				out[i].cause = NULL;
				out[i].why = ML_NET_NONE;
			}
			continue;
		}
		if (!first)
			first = out[i].error.code ? out[i].error.code : ML_ERROR;
		ml_buf_addf(&failed, "%s%s", nfailed ? "; " : "",
			    out[i].error.msg ? out[i].error.msg : "unknown error");
		nfailed++;
	}
	if (nmissing)
		ret = ml_error_set(err, ML_EOFFLINE,
				   "offline: %zu of %zu sources not in the cache: %s%s%s", nmissing,
				   n, missing.buf, nfailed ? "; " : "", failed.buf);
	else if (nfailed)
		ret = ml_error_set(err, first, "%zu of %zu sources failed: %s", nfailed, n,
				   failed.buf);
	for (i = 0; nmissing + nfailed == 1 && i < n; i++)
		if (!out[i].path)
			ml_error_about(err, out[i].error.package, out[i].error.url);
out:
	if (curl_inited)
		curl_global_cleanup();
	for (i = 0; jobs && i < n; i++) {
		free(jobs[i].sums);
		ml_strvec_release(&jobs[i].urls);
	}
	free(jobs);
	ml_cache_free(cache);
	ml_buf_release(&missing);
	ml_buf_release(&failed);
	return ret;
}
