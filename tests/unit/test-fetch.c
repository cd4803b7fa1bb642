/*
 * Unit tests for fetch/'s checksums, cache, downloads and extraction, against a real HTTP
 * server on 127.0.0.1 (tests/support/httpd.py) and real archives built with tar and python3.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fetch/fetch.h"

struct env {
	char *dir;   /* temp root */
	char *www;   /* served directory */
	char *cache; /* cache root */
	char *log;   /* request log */
	pid_t server;
	int port;
};

static struct env E;

static void run(const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0)
		fail_msg("command failed (%d): %s", rc, cmd);
}

static char *path_in(const char *a, const char *b)
{
	return ml_path_join(a, b);
}

static void write_file(const char *path, const char *data, size_t len)
{
	char *slash = strrchr(path, '/');
	char *dir = ml_strndup(path, (size_t)(slash - path));

	assert_int_equal(ml_fs_mkdirs(dir, 0755, NULL), 0);
	assert_int_equal(ml_fs_write_atomic(path, data, len, 0644, NULL), 0);
	free(dir);
}

/* A file under www/ with generated content of `size` bytes. */
static char *serve_bytes(const char *rel, size_t size, int seed)
{
	char *p = path_in(E.www, rel);
	char *data = ml_malloc(size + 1);
	size_t i;

	for (i = 0; i < size; i++)
		data[i] = (char)('a' + (i * 7 + (size_t)seed) % 26);
	write_file(p, data, size);
	free(data);
	return p;
}

static void digests(struct ml_digests *d, const char *path)
{
	assert_int_equal(ml_digests_of_file(d, path, 0, NULL), 0);
}

static char *spec(const struct ml_digests *d, enum ml_hash_kind k)
{
	return ml_xasprintf("%s=%s", ml_hash_kind_name(k), d->hex[k]);
}

static char *url_of(const char *rel)
{
	return ml_xasprintf("http://127.0.0.1:%d/%s", E.port, rel);
}

static void start_server(void)
{
	char *script = ml_xasprintf("%s/tests/support/httpd.py",
				    getenv("SOURCE_ROOT") ? getenv("SOURCE_ROOT") : ".");
	char line[64];
	int pfd[2];
	FILE *f;
	long port;

	assert_int_equal(pipe(pfd), 0);
	E.server = fork();
	assert_true(E.server >= 0);
	if (E.server == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execlp("python3", "python3", script, "--root", E.www, "--log", E.log, "--lifetime",
		       "120", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(ml_parse_long(line, 1, 65535, &port), 0);
	E.port = (int)port;
	free(script);
}

static void stop_server(void)
{
	if (E.server > 0) {
		kill(E.server, SIGTERM);
		waitpid(E.server, NULL, 0);
	}
	E.server = 0;
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/ml-fetch-XXXXXX";

	(void)state;
	memset(&E, 0, sizeof(E));
	E.dir = ml_strdup(mkdtemp(tmpl));
	E.www = path_in(E.dir, "www");
	E.cache = path_in(E.dir, "cache");
	E.log = path_in(E.dir, "requests.log");
	assert_int_equal(ml_fs_mkdirs(E.www, 0755, NULL), 0);
	write_file(E.log, "", 0);
	start_server();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	stop_server();
	ml_fs_remove_tree(E.dir, NULL);
	free(E.dir);
	free(E.www);
	free(E.cache);
	free(E.log);
	return 0;
}

/* How many times the server was asked for /rel. */
static int requests(const char *rel)
{
	struct ml_buf b = ML_BUF_INIT;
	char *want = ml_xasprintf("GET /%s\n", rel);
	const char *p;
	int n = 0;

	assert_int_equal(ml_fs_read(&b, E.log, 1 << 24, NULL), 0);
	for (p = b.buf; (p = strstr(p, want)); p += strlen(want))
		if (p == b.buf || p[-1] == '\n')
			n++;
	free(want);
	ml_buf_release(&b);
	return n;
}

static struct ml_fetch_opts fast_opts(void)
{
	struct ml_fetch_opts o;

	memset(&o, 0, sizeof(o));
	o.cache_dir = E.cache;
	o.jobs = 4;
	o.connect_timeout_ms = 2000;
	o.low_speed_time_s = 1;
	o.low_speed_limit = 1;
	o.attempts = 3;
	o.retry_delay_ms = 10;
	o.max_redirects = 3;
	return o;
}

/* Fetches one source; returns the code, result in *res (release it). */
static int fetch_one(struct ml_fetch_result *res, const char *label, const char *url,
		     const char *const *sums, size_t nsums, const struct ml_fetch_opts *o,
		     struct ml_error *err)
{
	struct ml_fetch_source s = { label, url, sums, nsums, NULL, 0 };

	return ml_fetch_sources(res, &s, 1, o, err);
}

static bool same_content(const char *a, const char *b)
{
	struct ml_buf x = ML_BUF_INIT, y = ML_BUF_INIT;
	bool same;

	assert_int_equal(ml_fs_read(&x, a, 1 << 26, NULL), 0);
	assert_int_equal(ml_fs_read(&y, b, 1 << 26, NULL), 0);
	same = x.len == y.len && !memcmp(x.buf, y.buf, x.len);
	ml_buf_release(&x);
	ml_buf_release(&y);
	return same;
}

/* ---- checksums ---- */

static void checksum_parse_accepts_kinds_and_lowers_hex(void **state)
{
	struct ml_checksum c;
	char *s = ml_xasprintf("sha256=%s",
			       "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");

	(void)state;
	assert_int_equal(ml_checksum_parse(&c, s, NULL), 0);
	assert_int_equal(c.kind, ML_HASH_SHA256);
	assert_string_equal(c.hex,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(ml_checksum_parse(&c, "md5=900150983cd24fb0d6963f7d28e17f72", NULL), 0);
	assert_int_equal(c.kind, ML_HASH_MD5);
	free(s);
}

static void checksum_parse_rejects_bad_input(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_checksum c;

	(void)state;
	assert_int_equal(
	    ml_checksum_parse(&c, "sha1=a9993e364706816aba3e25717850c26c9cd0d89d", &err),
	    ML_EPARSE);
	assert_non_null(strstr(err.msg, "unknown checksum kind 'sha1'"));
	assert_int_equal(ml_checksum_parse(&c, "md5=900150983cd24fb0d6963f7d28e17f7", &err),
			 ML_EPARSE);
	assert_non_null(strstr(err.msg, "32 hex digits"));
	assert_int_equal(ml_checksum_parse(&c, "md5=900150983cd24fb0d6963f7d28e17fzz", &err),
			 ML_EPARSE);
	assert_non_null(strstr(err.msg, "'z' is not a hex digit"));
	assert_int_equal(ml_checksum_parse(&c, "900150983cd24fb0d6963f7d28e17f72", &err),
			 ML_EPARSE);
	assert_non_null(strstr(err.msg, "KIND=HEX"));
	ml_error_release(&err);
}

static void hasher_matches_known_vectors(void **state)
{
	struct ml_hasher *h = ml_hasher_new();
	struct ml_digests d;

	(void)state;
	ml_hasher_update(h, "a", 1);
	ml_hasher_update(h, "bc", 2);
	ml_hasher_final(&d, h);
	ml_hasher_free(h);
	assert_string_equal(d.hex[ML_HASH_MD5], "900150983cd24fb0d6963f7d28e17f72");
	assert_string_equal(d.hex[ML_HASH_SHA256],
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(ml_starts_with(d.hex[ML_HASH_SHA512], "ddaf35a193617abacc417349ae204131"));
	assert_int_equal(strlen(d.hex[ML_HASH_SHA512]), 128);
}

static void digest_of_file_computes_one_kind(void **state)
{
	char tmpl[] = "/tmp/ml-test-digest-XXXXXX";
	struct ml_error err = ML_ERROR_INIT;
	struct ml_digests one;
	char *path;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	path = ml_path_join(tmpl, "f");
	assert_int_equal(ml_fs_write_atomic(path, "abc", 3, 0644, NULL), 0);
	assert_int_equal(ml_digest_of_file(&one, ML_HASH_SHA256, path, 0, &err), 0);
	assert_string_equal(one.hex[ML_HASH_SHA256],
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_string_equal(one.hex[ML_HASH_MD5], "");
	assert_string_equal(one.hex[ML_HASH_SHA512], "");
	assert_int_equal(ml_digest_of_file(&one, ML_HASH_SHA256, path, 2, &err), ML_EIO);
	ml_error_release(&err);
	ml_fs_remove_tree(tmpl, NULL);
	free(path);
}

/* ---- downloads ---- */

static void fetch_several_sources_in_parallel(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_source src[6];
	struct ml_fetch_result res[6];
	char *files[6], *urls[6], *sums[6], *labels[6];
	const char *sumv[6][1];
	struct ml_error err = ML_ERROR_INIT;
	int i;

	(void)state;
	for (i = 0; i < 6; i++) {
		char *rel = ml_xasprintf("p%d/p%d-1.0.tar.gz", i, i);
		struct ml_digests d;

		files[i] = serve_bytes(rel, 50000 + (size_t)i * 1000, i);
		digests(&d, files[i]);
		urls[i] = url_of(rel);
		sums[i] = spec(&d, ML_HASH_SHA256);
		labels[i] = ml_xasprintf("p%d", i);
		sumv[i][0] = sums[i];
		src[i] = (struct ml_fetch_source){ labels[i], urls[i], sumv[i], 1, NULL, 0 };
		free(rel);
	}
	assert_int_equal(ml_fetch_sources(res, src, 6, &o, &err), 0);
	for (i = 0; i < 6; i++) {
		char *rel = ml_xasprintf("p%d/p%d-1.0.tar.gz", i, i);

		assert_non_null(res[i].path);
		assert_false(res[i].from_cache);
		assert_string_equal(res[i].url, urls[i]);
		assert_true(ml_starts_with(res[i].path, E.cache));
		assert_non_null(strstr(res[i].path, "/archives/sha256/"));
		assert_true(same_content(res[i].path, files[i]));
		assert_int_equal(requests(rel), 1);
		ml_fetch_result_release(&res[i]);
		free(rel);
		free(files[i]);
		free(urls[i]);
		free(sums[i]);
		free(labels[i]);
	}
}

static void fetch_verifies_md5_sha256_sha512(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_digests d;
	char *f = serve_bytes("k/all.tbz", 4000, 3);
	char *url = url_of("k/all.tbz");
	char *s[3];
	int k;

	(void)state;
	digests(&d, f);
	for (k = 0; k < 3; k++)
		s[k] = spec(&d, (enum ml_hash_kind)k);
	/* Each kind alone, then all three together. */
	for (k = 0; k < 3; k++) {
		const char *one[1] = { s[k] };

		ml_fs_remove_tree(E.cache, NULL);
		assert_int_equal(fetch_one(&res, "k", url, one, 1, &o, NULL), 0);
		assert_true(same_content(res.path, f));
		ml_fetch_result_release(&res);
	}
	assert_int_equal(fetch_one(&res, "k", url, (const char *const *)s, 3, &o, NULL), 0);
	assert_true(same_content(res.path, f));
	ml_fetch_result_release(&res);
	for (k = 0; k < 3; k++)
		free(s[k]);
	free(f);
	free(url);
}

static void fetch_checksum_mismatch_names_source_url_and_hashes(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_digests d;
	const char *wrong = "0000000000000000000000000000000000000000000000000000000000000000";
	char *f = serve_bytes("m/bad.tar.gz", 3000, 1);
	char *url = url_of("m/bad.tar.gz");
	char *good, *bad = ml_xasprintf("sha256=%s", wrong);
	const char *sums[2];

	(void)state;
	digests(&d, f);
	good = spec(&d, ML_HASH_MD5);
	sums[0] = good;
	sums[1] = bad;
	assert_int_equal(fetch_one(&res, "mylib", url, sums, 2, &o, &err), ML_ECHECKSUM);
	assert_null(res.path);
	assert_int_equal(res.error.code, ML_ECHECKSUM);
	assert_non_null(strstr(res.error.msg, "mylib"));
	assert_non_null(strstr(res.error.msg, url));
	assert_non_null(strstr(res.error.msg, wrong));
	assert_non_null(strstr(res.error.msg, d.hex[ML_HASH_SHA256]));
	assert_non_null(strstr(err.msg, res.error.msg));
	/* Nothing of it reached the cache. */
	{
		char *p = ml_xasprintf("%s/archives/sha256/%.2s/%s", E.cache, d.hex[ML_HASH_SHA256],
				       d.hex[ML_HASH_SHA256]);

		assert_false(ml_fs_exists(p));
		free(p);
	}
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(good);
	free(bad);
	free(f);
	free(url);
}

static void fetch_404_names_url_and_is_not_retried(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	const char *sums[1] = { "md5=900150983cd24fb0d6963f7d28e17f72" };
	char *url = url_of("missing/x.tar.gz");

	(void)state;
	assert_int_equal(fetch_one(&res, "x", url, sums, 1, &o, &err), ML_ENET);
	assert_non_null(strstr(res.error.msg, url));
	assert_non_null(strstr(res.error.msg, "HTTP 404"));
	assert_non_null(strstr(err.msg, "1 of 1 sources failed"));
	assert_int_equal(requests("missing/x.tar.gz"), 1);
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(url);
}

static void fetch_retries_500_then_succeeds(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_digests d;
	char *f = serve_bytes("r/flaky.tgz", 2000, 2);
	char *url = url_of("r/flaky.tgz?fail=500&times=2");
	char *s;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA512);
	assert_int_equal(fetch_one(&res, "flaky", url, (const char *const *)&s, 1, &o, NULL), 0);
	assert_true(same_content(res.path, f));
	assert_int_equal(requests("r/flaky.tgz"), 3);
	ml_fetch_result_release(&res);
	free(s);
	free(f);
	free(url);
}

static void fetch_gives_up_after_attempts(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	const char *sums[1] = { "md5=900150983cd24fb0d6963f7d28e17f72" };
	char *f = serve_bytes("r/down.tgz", 100, 2);
	char *url = url_of("r/down.tgz?status=503");

	(void)state;
	o.attempts = 2;
	assert_int_equal(fetch_one(&res, "down", url, sums, 1, &o, &err), ML_ENET);
	assert_non_null(strstr(res.error.msg, "HTTP 503"));
	assert_non_null(strstr(res.error.msg, "after 2 attempts"));
	assert_int_equal(requests("r/down.tgz"), 2);
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(f);
	free(url);
}

static void fetch_stalled_server_times_out(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	const char *sums[1] = { "md5=900150983cd24fb0d6963f7d28e17f72" };
	char *f = serve_bytes("s/slow.tgz", 100, 2);
	char *url = url_of("s/slow.tgz?stall=10");

	(void)state;
	o.attempts = 1;
	assert_int_equal(fetch_one(&res, "slow", url, sums, 1, &o, &err), ML_ENET);
	assert_non_null(strstr(res.error.msg, url));
	assert_non_null(strstr(res.error.msg, "slow"));
	assert_true(strstr(res.error.msg, "too slow") || strstr(res.error.msg, "timed out") ||
		    strstr(res.error.msg, "Timeout"));
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(f);
	free(url);
}

static void fetch_truncated_body_fails_and_is_retried(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_digests d;
	char *f = serve_bytes("t/cut.tar.xz", 5000, 4);
	char *url = url_of("t/cut.tar.xz?truncate=1");
	char *s;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA256);
	o.attempts = 2;
	assert_int_equal(fetch_one(&res, "cut", url, (const char *const *)&s, 1, &o, &err),
			 ML_ENET);
	assert_non_null(strstr(res.error.msg, "truncated"));
	assert_non_null(strstr(res.error.msg, url));
	assert_int_equal(requests("t/cut.tar.xz"), 2);
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(s);
	free(f);
	free(url);
}

static void fetch_follows_redirects_within_limit(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_digests d;
	char *f = serve_bytes("real/file.tar.gz", 1500, 5);
	char *url = url_of("old/file.tar.gz?redirect=/real/file.tar.gz");
	char *loop = url_of("loop.tar.gz?redirect=self");
	char *s;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA256);
	assert_int_equal(fetch_one(&res, "moved", url, (const char *const *)&s, 1, &o, NULL), 0);
	assert_true(same_content(res.path, f));
	assert_int_equal(requests("real/file.tar.gz"), 1);
	ml_fetch_result_release(&res);
	ml_fs_remove_tree(E.cache, NULL);
	assert_int_equal(fetch_one(&res, "loop", loop, (const char *const *)&s, 1, &o, &err),
			 ML_ENET);
	assert_non_null(strstr(res.error.msg, "redirect"));
	assert_int_equal(requests("loop.tar.gz"), 4); /* the first request and 3 redirects */
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(s);
	free(f);
	free(url);
	free(loop);
}

static void fetch_uses_cache_mirror_before_upstream(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_digests d;
	char *f = serve_bytes("up/lib-2.0.tbz", 3000, 6);
	char *url = url_of("up/lib-2.0.tbz");
	char *mirror = url_of("mirror/");
	char *rel, *s, *m;
	const char *mirrors[1];

	(void)state;
	digests(&d, f);
	rel = ml_xasprintf("mirror/sha512/%.2s/%s", d.hex[ML_HASH_SHA512], d.hex[ML_HASH_SHA512]);
	m = serve_bytes(rel, 3000, 6);
	s = spec(&d, ML_HASH_SHA512);
	mirrors[0] = mirror;
	o.cache_mirrors = mirrors;
	o.ncache_mirrors = 1;
	assert_int_equal(fetch_one(&res, "lib", url, (const char *const *)&s, 1, &o, NULL), 0);
	assert_int_equal(requests(rel), 1);
	assert_int_equal(requests("up/lib-2.0.tbz"), 0);
	assert_non_null(strstr(res.url, "/mirror/sha512/"));
	ml_fetch_result_release(&res);
	free(rel);
	free(s);
	free(m);
	free(f);
	free(url);
	free(mirror);
}

static void fetch_skips_bad_mirrors_then_upstream(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_fetch_source src;
	struct ml_digests d;
	char *f = serve_bytes("up/pkg.tar.gz", 3000, 7);
	char *wrong = serve_bytes("m1/pkg.tar.gz", 3000, 8); /* different content */
	char *url = url_of("up/pkg.tar.gz");
	char *m1 = url_of("m1/pkg.tar.gz");
	char *m2 = url_of("m2/pkg.tar.gz"); /* 404 */
	char *cm = url_of("cachemirror");
	const char *mirrors[2] = { m1, m2 };
	const char *cmirrors[1] = { cm };
	char *s;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA256);
	o.cache_mirrors = cmirrors;
	o.ncache_mirrors = 1;
	src = (struct ml_fetch_source){ "pkg", url, (const char *const *)&s, 1, mirrors, 2 };
	assert_int_equal(ml_fetch_sources(&res, &src, 1, &o, NULL), 0);
	assert_true(same_content(res.path, f));
	assert_string_equal(res.url, url);
	assert_int_equal(requests("m1/pkg.tar.gz"), 1);
	assert_int_equal(requests("m2/pkg.tar.gz"), 1);
	assert_int_equal(requests("up/pkg.tar.gz"), 1);
	ml_fetch_result_release(&res);
	free(s);
	free(f);
	free(wrong);
	free(url);
	free(m1);
	free(m2);
	free(cm);
}

static void fetch_source_mirror_used_before_upstream(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_fetch_source src;
	struct ml_digests d;
	char *f = serve_bytes("up/q.tar.gz", 3000, 9);
	char *m = serve_bytes("alt/q.tar.gz", 3000, 9);
	char *url = url_of("up/q.tar.gz");
	char *murl = url_of("alt/q.tar.gz");
	const char *mirrors[1] = { murl };
	char *s;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_MD5);
	src = (struct ml_fetch_source){ "q", url, (const char *const *)&s, 1, mirrors, 1 };
	assert_int_equal(ml_fetch_sources(&res, &src, 1, &o, NULL), 0);
	assert_string_equal(res.url, murl);
	assert_int_equal(requests("alt/q.tar.gz"), 1);
	assert_int_equal(requests("up/q.tar.gz"), 0);
	ml_fetch_result_release(&res);
	free(s);
	free(f);
	free(m);
	free(url);
	free(murl);
}

static void fetch_hits_cache_without_network(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_digests d;
	char *f = serve_bytes("c/cached.tar.gz", 2500, 10);
	char *url = url_of("c/cached.tar.gz");
	char *s[2], *first;
	const char *md5only[1];

	(void)state;
	digests(&d, f);
	s[0] = spec(&d, ML_HASH_SHA256);
	s[1] = spec(&d, ML_HASH_MD5);
	assert_int_equal(fetch_one(&res, "c", url, (const char *const *)s, 2, &o, NULL), 0);
	first = ml_strdup(res.path);
	ml_fetch_result_release(&res);
	stop_server();
	assert_int_equal(fetch_one(&res, "c", url, (const char *const *)s, 2, &o, NULL), 0);
	assert_true(res.from_cache);
	assert_null(res.url);
	assert_string_equal(res.path, first);
	ml_fetch_result_release(&res);
	/* A source listing only md5 finds it through the index. */
	md5only[0] = s[1];
	assert_int_equal(fetch_one(&res, "c", url, md5only, 1, &o, NULL), 0);
	assert_true(res.from_cache);
	assert_string_equal(res.path, first);
	ml_fetch_result_release(&res);
	start_server();
	free(first);
	free(s[0]);
	free(s[1]);
	free(f);
	free(url);
}

static void fetch_refetches_corrupted_cache_entry(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_digests d;
	char *f = serve_bytes("c/corrupt.tar.gz", 2500, 11);
	char *url = url_of("c/corrupt.tar.gz");
	char *s;
	const char *md5[1];
	char *m, *kept;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA256);
	assert_int_equal(fetch_one(&res, "c", url, (const char *const *)&s, 1, &o, NULL), 0);
	write_file(res.path, "garbage", 7);
	ml_fetch_result_release(&res);
	assert_int_equal(fetch_one(&res, "c", url, (const char *const *)&s, 1, &o, NULL), 0);
	assert_false(res.from_cache);
	assert_true(same_content(res.path, f));
	assert_int_equal(requests("c/corrupt.tar.gz"), 2);
	/* Corrupt again; a lookup through the md5 index discards it too. */
	write_file(res.path, "garbage", 7);
	ml_fetch_result_release(&res);
	m = spec(&d, ML_HASH_MD5);
	md5[0] = m;
	assert_int_equal(fetch_one(&res, "c", url, md5, 1, &o, NULL), 0);
	assert_false(res.from_cache);
	assert_true(same_content(res.path, f));
	assert_int_equal(requests("c/corrupt.tar.gz"), 3);
	/*
	 * Offline, a corrupt entry is never used: it is discarded, and the failure says so (the
	 * checksum it failed), not that the source is missing.
	 */
	write_file(res.path, "garbage", 7);
	kept = ml_strdup(res.path);
	ml_fetch_result_release(&res);
	o.flags = ML_FETCH_OFFLINE;
	assert_int_equal(fetch_one(&res, "c", url, (const char *const *)&s, 1, &o, NULL),
			 ML_ECHECKSUM);
	assert_null(res.path);
	assert_int_equal(res.error.code, ML_ECHECKSUM);
	assert_non_null(strstr(res.error.msg, "failed its checksum (expected sha256="));
	assert_non_null(strstr(res.error.msg, "and was dropped"));
	assert_false(ml_fs_exists(kept));
	assert_int_equal(requests("c/corrupt.tar.gz"), 3);
	ml_fetch_result_release(&res);
	free(kept);
	free(m);
	free(s);
	free(f);
	free(url);
}

static void fetch_offline_uses_cache_and_lists_every_missing_source(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res[3];
	struct ml_fetch_source src[3];
	struct ml_error err = ML_ERROR_INIT;
	struct ml_digests d;
	char *f = serve_bytes("o/have.tar.gz", 1000, 12);
	char *url = url_of("o/have.tar.gz");
	char *u1 = url_of("o/miss1.tar.gz"), *u2 = url_of("o/miss2.tar.gz");
	const char *m1[1] = { "md5=00000000000000000000000000000001" };
	const char *m2[1] = { "md5=00000000000000000000000000000002" };
	char *s;
	int i;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA256);
	assert_int_equal(fetch_one(&res[0], "have", url, (const char *const *)&s, 1, &o, NULL), 0);
	ml_fetch_result_release(&res[0]);
	o.flags = ML_FETCH_OFFLINE;
	assert_int_equal(fetch_one(&res[0], "have", url, (const char *const *)&s, 1, &o, NULL), 0);
	assert_true(res[0].from_cache);
	ml_fetch_result_release(&res[0]);
	src[0] = (struct ml_fetch_source){ "miss1", u1, m1, 1, NULL, 0 };
	src[1] = (struct ml_fetch_source){ "have", url, (const char *const *)&s, 1, NULL, 0 };
	src[2] = (struct ml_fetch_source){ "miss2", u2, m2, 1, NULL, 0 };
	assert_int_equal(ml_fetch_sources(res, src, 3, &o, &err), ML_EOFFLINE);
	assert_non_null(strstr(err.msg, "2 of 3 sources not in the cache"));
	assert_non_null(strstr(err.msg, "miss1"));
	assert_non_null(strstr(err.msg, "miss2"));
	assert_non_null(strstr(err.msg, u1));
	assert_null(res[0].path);
	assert_non_null(res[1].path);
	assert_null(res[2].path);
	assert_int_equal(res[2].error.code, ML_EOFFLINE);
	assert_int_equal(requests("o/miss1.tar.gz") + requests("o/miss2.tar.gz"), 0);
	assert_int_equal(requests("o/have.tar.gz"), 1);
	for (i = 0; i < 3; i++)
		ml_fetch_result_release(&res[i]);
	ml_error_release(&err);
	free(s);
	free(f);
	free(url);
	free(u1);
	free(u2);
}

static void fetch_refuses_missing_checksum_unless_allowed(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	char *f = serve_bytes("n/nosum.tar.gz", 800, 13);
	char *url = url_of("n/nosum.tar.gz");

	(void)state;
	assert_int_equal(fetch_one(&res, "nosum", url, NULL, 0, &o, &err), ML_EUSAGE);
	assert_non_null(strstr(res.error.msg, "nosum"));
	assert_non_null(strstr(res.error.msg, "no checksum"));
	assert_int_equal(requests("n/nosum.tar.gz"), 0);
	ml_fetch_result_release(&res);
	o.flags = ML_FETCH_ALLOW_NO_CHECKSUM;
	assert_int_equal(fetch_one(&res, "nosum", url, NULL, 0, &o, &err), 0);
	assert_true(same_content(res.path, f));
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(f);
	free(url);
}

static void fetch_rejects_git_urls_and_bad_checksums(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res[2];
	struct ml_fetch_source src[2];
	struct ml_error err = ML_ERROR_INIT;
	const char *ok[1] = { "md5=900150983cd24fb0d6963f7d28e17f72" };
	const char *bad[1] = { "crc32=1234" };

	(void)state;
	src[0] =
	    (struct ml_fetch_source){ "g", "git+https://example.invalid/g.git", ok, 1, NULL, 0 };
	src[1] = (struct ml_fetch_source){ "b", "http://127.0.0.1:1/b.tgz", bad, 1, NULL, 0 };
	assert_int_equal(ml_fetch_sources(res, src, 2, &o, &err), ML_EUSAGE);
	assert_non_null(strstr(res[0].error.msg, "git source"));
	assert_int_equal(res[1].error.code, ML_EPARSE);
	assert_non_null(strstr(res[1].error.msg, "b: unknown checksum kind 'crc32'"));
	assert_non_null(strstr(err.msg, "2 of 2 sources failed"));
	ml_fetch_result_release(&res[0]);
	ml_fetch_result_release(&res[1]);
	ml_error_release(&err);
}

static void fetch_enforces_size_cap(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct ml_error err = ML_ERROR_INIT;
	const char *sums[1] = { "md5=900150983cd24fb0d6963f7d28e17f72" };
	char *f = serve_bytes("big/b.tar.gz", 100000, 1);
	char *url = url_of("big/b.tar.gz");

	(void)state;
	o.max_size = 1000;
	assert_int_equal(fetch_one(&res, "big", url, sums, 1, &o, &err), ML_ENET);
	assert_non_null(strstr(res.error.msg, "1000-byte limit"));
	ml_fetch_result_release(&res);
	ml_error_release(&err);
	free(f);
	free(url);
}

struct progress_seen {
	int calls;
	uint64_t last_done, last_total;
	size_t index;
};

static void on_progress(void *data, size_t index, const char *url, uint64_t done, uint64_t total)
{
	struct progress_seen *p = data;

	(void)url;
	p->calls++;
	p->index = index;
	p->last_done = done;
	p->last_total = total;
}

static void fetch_reports_progress(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_result res;
	struct progress_seen seen = { 0, 0, 0, 99 };
	struct ml_digests d;
	char *f = serve_bytes("pr/p.tar.gz", 300000, 14);
	char *url = url_of("pr/p.tar.gz");
	char *s;

	(void)state;
	digests(&d, f);
	s = spec(&d, ML_HASH_SHA256);
	o.progress = on_progress;
	o.progress_data = &seen;
	assert_int_equal(fetch_one(&res, "p", url, (const char *const *)&s, 1, &o, NULL), 0);
	assert_true(seen.calls >= 2);
	assert_int_equal(seen.index, 0);
	assert_int_equal(seen.last_done, 300000);
	assert_int_equal(seen.last_total, 300000);
	ml_fetch_result_release(&res);
	free(s);
	free(f);
	free(url);
}

/* Every entry verifies against its name, every index link leads to it, no temp file remains. */
static void assert_cache_valid(const char *cache, int want_entries)
{
	char *cmd =
	    ml_xasprintf("cd '%s' && test -z \"$(ls tmp)\" && "
			 "for f in archives/sha256/*/*; do "
			 "  [ \"$(sha256sum < $f | cut -c1-64)\" = \"$(basename $f)\" ] || exit 1; "
			 "done && for f in archives/md5/*/* archives/sha512/*/*; do "
			 "  [ -L $f ] && [ -f $f ] || exit 1; done && "
			 "[ $(ls archives/sha256/*/* | wc -l) -eq %d ] && "
			 "[ $(ls archives/md5/*/* | wc -l) -eq %d ]",
			 cache, want_entries, want_entries);

	run(cmd);
	free(cmd);
}

static void fetch_two_processes_share_one_cache(void **state)
{
	struct ml_fetch_opts o = fast_opts();
	struct ml_fetch_source src[5];
	char *urls[5], *sums[5], *files[5];
	const char *sumv[5][1];
	pid_t kids[2];
	int i, k, status;

	(void)state;
	for (i = 0; i < 5; i++) {
		char *rel = ml_xasprintf("cc/s%d.tar.gz", i);
		struct ml_digests d;

		files[i] = serve_bytes(rel, 200000 + (size_t)i, 20 + i);
		digests(&d, files[i]);
		urls[i] = url_of(rel);
		sums[i] = spec(&d, ML_HASH_SHA512);
		sumv[i][0] = sums[i];
		src[i] = (struct ml_fetch_source){ "cc", urls[i], sumv[i], 1, NULL, 0 };
		free(rel);
	}
	for (k = 0; k < 2; k++) {
		kids[k] = fork();
		assert_true(kids[k] >= 0);
		if (kids[k] == 0) {
			struct ml_fetch_result res[5];
			int ok = ml_fetch_sources(res, src, 5, &o, NULL) == 0;

			for (i = 0; i < 5; i++) {
				ok = ok && res[i].path && same_content(res[i].path, files[i]);
				ml_fetch_result_release(&res[i]);
			}
			_exit(ok ? 0 : 1);
		}
	}
	for (k = 0; k < 2; k++) {
		assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_cache_valid(E.cache, 5);
	for (i = 0; i < 5; i++) {
		free(urls[i]);
		free(sums[i]);
		free(files[i]);
	}
}

static void cache_lookup_and_commit(void **state)
{
	struct ml_cache *c = NULL;
	struct ml_checksum sum;
	struct ml_digests d;
	char *tmp = NULL, *path = NULL, *found = NULL, *s;
	int fd;

	(void)state;
	assert_int_equal(ml_cache_open(&c, E.cache, NULL), 0);
	assert_string_equal(ml_cache_root(c), E.cache);
	assert_int_equal(ml_cache_tmpfile(&fd, &tmp, c, NULL), 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	digests(&d, tmp);
	assert_int_equal(ml_cache_commit(&path, c, tmp, &d, NULL), 0);
	assert_false(ml_fs_exists(tmp));
	s = spec(&d, ML_HASH_SHA512);
	assert_int_equal(ml_checksum_parse(&sum, s, NULL), 0);
	assert_int_equal(ml_cache_lookup(&found, c, &sum, 1, NULL), 0);
	assert_string_equal(found, path);
	free(found);
	free(s);
	/* Not present. */
	assert_int_equal(ml_checksum_parse(&sum, "md5=00000000000000000000000000000000", NULL), 0);
	assert_int_equal(ml_cache_lookup(&found, c, &sum, 1, NULL), ML_ENOTFOUND);
	free(tmp);
	free(path);
	ml_cache_free(c);
	ml_cache_free(NULL);
}

/*
 * A lookup computes only the digests it compares: sha256 (the entry's name) and the kinds the
 * source lists, which it returns; never one nobody listed. So does ml_digests_of_file_kinds.
 */
static void cache_lookup_computes_only_listed_kinds(void **state)
{
	struct ml_cache *c = NULL;
	struct ml_checksum sums[2];
	struct ml_digests d, got;
	char *tmp = NULL, *path = NULL, *found = NULL, *s;
	int fd;

	(void)state;
	assert_int_equal(ml_cache_open(&c, E.cache, NULL), 0);
	assert_int_equal(ml_cache_tmpfile(&fd, &tmp, c, NULL), 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	digests(&d, tmp);
	assert_int_equal(ml_cache_commit(&path, c, tmp, &d, NULL), 0);
	s = spec(&d, ML_HASH_SHA512);
	assert_int_equal(ml_checksum_parse(&sums[0], s, NULL), 0);
	free(s);
	assert_int_equal(ml_cache_lookup_digests(&found, &got, c, sums, 1, NULL), 0);
	assert_string_equal(got.hex[ML_HASH_SHA512], d.hex[ML_HASH_SHA512]);
	assert_string_equal(got.hex[ML_HASH_SHA256], d.hex[ML_HASH_SHA256]);
	assert_string_equal(got.hex[ML_HASH_MD5], "");
	free(found);
	s = spec(&d, ML_HASH_MD5);
	assert_int_equal(ml_checksum_parse(&sums[1], s, NULL), 0);
	free(s);
	assert_int_equal(ml_checksums_kinds(sums, 2),
			 ML_HASH_BIT(ML_HASH_SHA512) | ML_HASH_BIT(ML_HASH_MD5));
	assert_int_equal(ml_cache_lookup_digests(&found, &got, c, sums, 2, NULL), 0);
	assert_string_equal(got.hex[ML_HASH_MD5], d.hex[ML_HASH_MD5]);
	free(found);
	assert_int_equal(ml_digests_of_file_kinds(&got, ML_HASH_BIT(ML_HASH_MD5), path, 0, NULL),
			 0);
	assert_string_equal(got.hex[ML_HASH_MD5], d.hex[ML_HASH_MD5]);
	assert_string_equal(got.hex[ML_HASH_SHA256], "");
	assert_string_equal(got.hex[ML_HASH_SHA512], "");
	free(tmp);
	free(path);
	ml_cache_free(c);
}

/* Commits "abc" into a fresh cache; fills d and returns the sha256 entry's path. */
static char *commit_abc(struct ml_cache *c, struct ml_digests *d)
{
	char *tmp = NULL, *path = NULL;
	int fd;

	assert_int_equal(ml_cache_tmpfile(&fd, &tmp, c, NULL), 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	digests(d, tmp);
	assert_int_equal(ml_cache_commit(&path, c, tmp, d, NULL), 0);
	free(tmp);
	return path;
}

static void lookup_absent(struct ml_cache *c, const struct ml_digests *d, enum ml_hash_kind k)
{
	struct ml_checksum sum;
	char *s = spec(d, k), *found = NULL;

	assert_int_equal(ml_checksum_parse(&sum, s, NULL), 0);
	assert_int_equal(ml_cache_lookup(&found, c, &sum, 1, NULL), ML_ENOTFOUND);
	assert_null(found);
	free(s);
}

/*
 * Entries the cache did not write (links leading outside, a link to a link, fifos,
 * directories) are absent: a lookup neither follows nor blocks, and removes only the
 * cache's own directory entries; a commit replaces them.
 */
static void cache_never_follows_planted_entries(void **state)
{
	struct ml_cache *c = NULL;
	struct ml_digests d;
	char *victim = path_in(E.dir, "important");
	char *path, *md5link, *again = NULL;

	(void)state;
	write_file(victim, "precious", 8);
	assert_int_equal(ml_cache_open(&c, E.cache, NULL), 0);
	path = commit_abc(c, &d);
	md5link = ml_xasprintf("%s/archives/md5/%.2s/%s", E.cache, d.hex[ML_HASH_MD5],
			       d.hex[ML_HASH_MD5]);
	/* an index link to a file outside */
	assert_int_equal(unlink(md5link), 0);
	assert_int_equal(symlink(victim, md5link), 0);
	lookup_absent(c, &d, ML_HASH_MD5);
	assert_true(ml_fs_exists(victim));
	assert_false(ml_fs_exists(md5link));
	/* the sha256 entry a good index link leads to is itself a link outside */
	free(commit_abc(c, &d));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(victim, path), 0);
	lookup_absent(c, &d, ML_HASH_MD5);
	assert_true(ml_fs_exists(victim));
	assert_false(ml_fs_exists(path));
	/* a fifo: absent at once, and replaced by the next commit */
	assert_int_equal(mkfifo(path, 0644), 0);
	lookup_absent(c, &d, ML_HASH_SHA256);
	assert_false(ml_fs_exists(path));
	assert_int_equal(mkfifo(path, 0644), 0);
	again = commit_abc(c, &d);
	assert_string_equal(again, path);
	free(again);
	/* a directory holding a link outside: removed without following the link */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	{
		char *inside = path_in(path, "inside");

		assert_int_equal(symlink(victim, inside), 0);
		free(inside);
	}
	lookup_absent(c, &d, ML_HASH_SHA512);
	assert_true(ml_fs_exists(victim));
	again = commit_abc(c, &d);
	free(again);
	{
		struct ml_checksum sum;
		char *s = spec(&d, ML_HASH_SHA512), *found = NULL;

		assert_int_equal(ml_checksum_parse(&sum, s, NULL), 0);
		assert_int_equal(ml_cache_lookup(&found, c, &sum, 1, NULL), 0);
		assert_string_equal(found, path);
		free(found);
		free(s);
	}
	assert_true(ml_fs_exists(victim));
	ml_cache_free(c);
	free(md5link);
	free(path);
	free(victim);
}

/* ---- extraction ---- */

static char *tree_dir; /* a source tree pkg-1.0/ to archive */

static void make_tree(void)
{
	char *cmd;

	tree_dir = path_in(E.dir, "tree");
	cmd = ml_xasprintf("set -e; mkdir -p '%s/pkg-1.0/src' '%s/pkg-1.0/bin'; cd '%s/pkg-1.0'; "
			   "echo '(lang dune 3.0)' > dune-project; echo 'let x = 1' > src/a.ml; "
			   "printf '#!/bin/sh\\necho hi\\n' > bin/run.sh; chmod 755 bin/run.sh; "
			   "ln -s src/a.ml link.ml",
			   tree_dir, tree_dir, tree_dir);
	run(cmd);
	free(cmd);
}

static char *build_archive(const char *name, const char *how)
{
	char *out = path_in(E.dir, name);
	char *cmd;

	if (!strcmp(how, "zip"))
		cmd = ml_xasprintf(
		    "cd '%s' && python3 - '%s' <<'PY'\n"
		    "import os, stat, sys, zipfile\n"
		    "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
		    "for root, dirs, files in sorted(os.walk('pkg-1.0')):\n"
		    "    for n in sorted(files):\n"
		    "        p = os.path.join(root, n)\n"
		    "        st = os.lstat(p)\n"
		    "        zi = zipfile.ZipInfo(p)\n"
		    "        zi.external_attr = (st.st_mode & 0xFFFF) << 16\n"
		    "        zi.create_system = 3\n"
		    "        data = os.readlink(p).encode() if stat.S_ISLNK(st.st_mode) else open(p, 'rb').read()\n"
		    "        z.writestr(zi, data)\n"
		    "z.close()\n"
		    "PY",
		    tree_dir, out);
	else
		cmd = ml_xasprintf("cd '%s' && tar -c%sf '%s' pkg-1.0", tree_dir, how, out);
	run(cmd);
	free(cmd);
	return out;
}

static void assert_extracted_tree(const char *dest)
{
	char *p, buf[64];
	struct stat st;
	ssize_t n;

	p = path_in(dest, "dune-project");
	assert_true(ml_fs_exists(p));
	free(p);
	p = path_in(dest, "pkg-1.0");
	assert_false(ml_fs_exists(p)); /* stripped */
	free(p);
	p = path_in(dest, "bin/run.sh");
	assert_int_equal(stat(p, &st), 0);
	assert_true(st.st_mode & S_IXUSR);
	free(p);
	p = path_in(dest, "src/a.ml");
	assert_int_equal(stat(p, &st), 0);
	assert_false(st.st_mode & S_IXUSR);
	free(p);
	p = path_in(dest, "link.ml");
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	n = readlink(p, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "src/a.ml");
	free(p);
}

static void extract_each_archive_kind(void **state)
{
	static const struct {
		const char *name, *how;
	} kinds[] = {
		{ "a.tar.gz", "z" }, { "a.tgz", "z" },   { "a.tbz", "j" }, { "a.tar.bz2", "j" },
		{ "a.tar.xz", "J" }, { "a.zip", "zip" }, { "noext", "z" }, { "a.tar", "" },
	};
	size_t i;

	(void)state;
	make_tree();
	for (i = 0; i < ML_ARRAY_SIZE(kinds); i++) {
		struct ml_error err = ML_ERROR_INIT;
		char *arc = build_archive(kinds[i].name, kinds[i].how);
		char *dest = ml_xasprintf("%s/out-%zu", E.dir, i);
		int ret = ml_extract_archive(arc, dest, NULL, &err);

		if (ret != 0)
			fail_msg("%s: %s", kinds[i].name, err.msg);
		assert_extracted_tree(dest);
		ml_error_release(&err);
		free(arc);
		free(dest);
	}
	free(tree_dir);
}

static void extract_keeps_several_top_dirs(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *arc = path_in(E.dir, "two.tar.gz");
	char *dest = path_in(E.dir, "two");
	char *cmd = ml_xasprintf("set -e; cd '%s'; mkdir -p x/a y; echo 1 > x/a/f; echo 2 > y/g; "
				 "tar -czf '%s' x y",
				 E.dir, arc);
	char *p;

	(void)state;
	run(cmd);
	/* dest already exists and is empty: accepted. */
	assert_int_equal(ml_fs_mkdirs(dest, 0755, NULL), 0);
	assert_int_equal(ml_extract_archive(arc, dest, NULL, &err), 0);
	p = path_in(dest, "x/a/f");
	assert_true(ml_fs_exists(p));
	free(p);
	p = path_in(dest, "y/g");
	assert_true(ml_fs_exists(p));
	free(p);
	/* Now it is not empty: refused. */
	assert_int_equal(ml_extract_archive(arc, dest, NULL, &err), ML_EUSAGE);
	assert_non_null(strstr(err.msg, "not empty"));
	ml_error_release(&err);
	free(cmd);
	free(arc);
	free(dest);
}

static void extract_accepts_relative_paths(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *cmd = ml_xasprintf("set -e; cd '%s'; mkdir -p rel/r-1/sub; echo hi > rel/r-1/sub/f; "
				 "cd rel; tar -cjf ../r.tbz r-1",
				 E.dir);
	int cwd = open(".", O_RDONLY | O_DIRECTORY);
	struct stat st;

	(void)state;
	run(cmd);
	assert_true(cwd >= 0);
	assert_int_equal(chdir(E.dir), 0);
	assert_int_equal(ml_extract_archive("r.tbz", "out/r", NULL, &err), 0);
	assert_int_equal(stat("out/r/sub/f", &st), 0);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);
	ml_error_release(&err);
	free(cmd);
}

static void extract_rejects_garbage(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *arc = path_in(E.dir, "garbage.tar.gz");
	char *dest = path_in(E.dir, "garbage");

	(void)state;
	write_file(arc, "this is not an archive at all, not even close\n", 46);
	assert_int_equal(ml_extract_archive(arc, dest, NULL, &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, arc));
	assert_false(ml_fs_exists(dest));
	ml_error_release(&err);
	free(arc);
	free(dest);
}

/* Builds a hostile tar with python3's tarfile; `body` adds members to `t`. */
static char *hostile_tar(const char *name, const char *body)
{
	char *out = path_in(E.dir, name);
	char *cmd = ml_xasprintf("cd '%s' && python3 - '%s' <<'PY'\n"
				 "import io, sys, tarfile\n"
				 "t = tarfile.open(sys.argv[1], 'w:gz')\n"
				 "def add(name, data=b'x', **kw):\n"
				 "    ti = tarfile.TarInfo(name)\n"
				 "    for k, v in kw.items(): setattr(ti, k, v)\n"
				 "    if ti.type == tarfile.REGTYPE:\n"
				 "        ti.size = len(data)\n"
				 "        t.addfile(ti, io.BytesIO(data))\n"
				 "    else:\n"
				 "        t.addfile(ti)\n"
				 "add('top/ok.txt')\n"
				 "%s\n"
				 "t.close()\n"
				 "PY",
				 E.dir, out, body);

	run(cmd);
	free(cmd);
	return out;
}

static void extract_refuses_hostile_archives(void **state)
{
	static const struct {
		const char *name, *body, *needle;
	} cases[] = {
		{ "dotdot", "add('top/../../evil.txt')", "top/../../evil.txt' contains '..'" },
		{ "absolute", "add('/tmp/ml-evil-abs.txt')",
		  "'/tmp/ml-evil-abs.txt' has an absolute path" },
		{ "symlink-abs", "add('top/etc', type=tarfile.SYMTYPE, linkname='/etc')",
		  "symlink 'top/etc' -> '/etc' points outside" },
		{ "symlink-up", "add('top/up', type=tarfile.SYMTYPE, linkname='../..')",
		  "symlink 'top/up' -> '../..' points outside" },
		{ "symlink-top", "add('top/up', type=tarfile.SYMTYPE, linkname='..')",
		  "symlink 'top/up' -> '..' points outside" },
		{ "symlink-chain",
		  "add('top/d', type=tarfile.DIRTYPE, mode=0o755)\n"
		  "add('top/d/s', type=tarfile.SYMTYPE, linkname='..')\n"
		  "add('top/t', type=tarfile.SYMTYPE, linkname='d/s/..')",
		  "symlink 'top/t' -> 'd/s/..' points outside" },
		{ "through-link",
		  "add('top/l', type=tarfile.SYMTYPE, linkname='sub')\n"
		  "add('top/l/x.txt')",
		  "entry 'top/l/x.txt' goes through a symlink" },
		{ "hardlink-out", "add('top/h', type=tarfile.LNKTYPE, linkname='/etc/passwd')",
		  "'/etc/passwd' has an absolute path" },
		{ "hardlink-missing", "add('top/h', type=tarfile.LNKTYPE, linkname='top/nothere')",
		  "hard link 'top/h' -> 'top/nothere' points outside" },
		{ "chardev", "add('top/null', type=tarfile.CHRTYPE, devmajor=1, devminor=3)",
		  "entry 'top/null' is a device, fifo or socket" },
		{ "fifo", "add('top/fifo', type=tarfile.FIFOTYPE)",
		  "entry 'top/fifo' is a device, fifo or socket" },
		{ "entries", "for i in range(20): add('top/f%d' % i)", "more than 10 entries" },
		{ "bytes", "add('top/big', b'z' * 5000)",
		  "more than 4096 bytes (the cap per archive; at entry 'top/big')" },
		{ "long-component", "add('top/' + 'c' * 256)",
		  "has a name component longer than 255 bytes" },
		{ "long-path", "add('top/' + '/'.join(['d' * 200] * 21))",
		  "entry name longer than 4096 bytes" },
		{ "long-link", "add('top/l', type=tarfile.SYMTYPE, linkname='x' * 4097)",
		  "symlink 'top/l' has a target longer than 4096 bytes" },
		{ "names",
		  "for i in range(3): add('top/l%d' % i, type=tarfile.SYMTYPE, linkname='y' * 2000)",
		  "more than 5000 bytes of entry names and link targets (the cap per archive)" },
		{ "implicit-dirs", "add('top/' + '/'.join('abcdefghijklm') + '/f')",
		  "more than 10 entries (directories included) (the cap per archive)" },
	};
	struct ml_extract_limits lim = { 10, 4096, 5000, NULL };
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_error err = ML_ERROR_INIT;
		char *arcname = ml_xasprintf("%s.tar.gz", cases[i].name);
		char *arc = hostile_tar(arcname, cases[i].body);
		char *dest = ml_xasprintf("%s/h-%s", E.dir, cases[i].name);
		char *kept = ml_xasprintf("%s/k-%s", E.dir, cases[i].name);

		assert_int_equal(ml_extract_archive(arc, dest, &lim, &err), ML_EUNSAFE);
		if (!strstr(err.msg, cases[i].needle))
			fail_msg("%s: message '%s' lacks '%s'", cases[i].name, err.msg,
				 cases[i].needle);
		assert_false(ml_fs_exists(dest));
		/* A pre-existing empty destination is left empty. */
		assert_int_equal(ml_fs_mkdirs(kept, 0755, NULL), 0);
		assert_int_equal(ml_extract_archive(arc, kept, &lim, &err), ML_EUNSAFE);
		{
			char *cmd = ml_xasprintf("test -z \"$(ls -A '%s')\"", kept);

			run(cmd);
			free(cmd);
		}
		ml_error_release(&err);
		free(arcname);
		free(arc);
		free(dest);
		free(kept);
	}
	assert_false(ml_fs_exists("/tmp/ml-evil-abs.txt"));
	{
		char *p = path_in(E.dir, "evil.txt");

		assert_false(ml_fs_exists(p));
		free(p);
	}
}

/* A budget spans extractions: the second archive that takes the total past a cap is refused. */
static void extract_budget_spans_archives(void **state)
{
	struct ml_extract_budget b = { 30, 250000, 0, 0 };
	struct ml_extract_limits lim = { 0, 0, 0, &b };
	struct ml_error err = ML_ERROR_INIT;
	char *arc = hostile_tar("budget.tar.gz", "add('top/big', b'z' * 100000)");
	char *d1 = path_in(E.dir, "budget1"), *d2 = path_in(E.dir, "budget2");
	char *d3 = path_in(E.dir, "budget3");

	(void)state;
	assert_int_equal(ml_extract_archive(arc, d1, &lim, &err), 0);
	assert_int_equal(b.bytes, 100001);
	assert_int_equal(b.entries, 3); /* top (implicit), ok.txt, big */
	assert_int_equal(ml_extract_archive(arc, d2, &lim, &err), 0);
	assert_int_equal(ml_extract_archive(arc, d3, &lim, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "the archives of this pull hold more than 250000 bytes in "
					"all (the cap per pull; 200002 before this archive)"));
	assert_false(ml_fs_exists(d3));
	assert_int_equal(b.bytes, 200002);
	ml_error_release(&err);
	b.max_bytes = 0; /* the default */
	b.max_entries = 7;
	assert_int_equal(ml_extract_archive(arc, d3, &lim, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "more than 7 entries (directories included) in all"));
	assert_int_equal(b.max_bytes, ML_PULL_MAX_BYTES);
	ml_error_release(&err);
	free(arc);
	free(d1);
	free(d2);
	free(d3);
}

static void extract_counts_streamed_bytes(void **state)
{
	/* A zip whose data exceeds the byte limit is refused too; the total is what streams. */
	struct ml_extract_limits lim = { 0, 1000 };
	struct ml_error err = ML_ERROR_INIT;
	char *arc = path_in(E.dir, "bomb.zip");
	char *dest = path_in(E.dir, "bomb");
	char *cmd = ml_xasprintf("python3 -c \"import zipfile; z = zipfile.ZipFile('%s', 'w', "
				 "zipfile.ZIP_DEFLATED); z.writestr('d/zeros', b'0' * 100000); "
				 "z.close()\"",
				 arc);

	(void)state;
	run(cmd);
	assert_int_equal(ml_extract_archive(arc, dest, &lim, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "more than 1000 bytes"));
	assert_non_null(strstr(err.msg, "d/zeros"));
	assert_false(ml_fs_exists(dest));
	ml_error_release(&err);
	free(cmd);
	free(arc);
	free(dest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checksum_parse_accepts_kinds_and_lowers_hex),
		cmocka_unit_test(checksum_parse_rejects_bad_input),
		cmocka_unit_test(hasher_matches_known_vectors),
		cmocka_unit_test(digest_of_file_computes_one_kind),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(cache_lookup_and_commit),
		T(cache_lookup_computes_only_listed_kinds),
		T(cache_never_follows_planted_entries),
		T(fetch_several_sources_in_parallel),
		T(fetch_verifies_md5_sha256_sha512),
		T(fetch_checksum_mismatch_names_source_url_and_hashes),
		T(fetch_404_names_url_and_is_not_retried),
		T(fetch_retries_500_then_succeeds),
		T(fetch_gives_up_after_attempts),
		T(fetch_stalled_server_times_out),
		T(fetch_truncated_body_fails_and_is_retried),
		T(fetch_follows_redirects_within_limit),
		T(fetch_uses_cache_mirror_before_upstream),
		T(fetch_skips_bad_mirrors_then_upstream),
		T(fetch_source_mirror_used_before_upstream),
		T(fetch_hits_cache_without_network),
		T(fetch_refetches_corrupted_cache_entry),
		T(fetch_offline_uses_cache_and_lists_every_missing_source),
		T(fetch_refuses_missing_checksum_unless_allowed),
		T(fetch_rejects_git_urls_and_bad_checksums),
		T(fetch_enforces_size_cap),
		T(fetch_reports_progress),
		T(fetch_two_processes_share_one_cache),
		T(extract_each_archive_kind),
		T(extract_keeps_several_top_dirs),
		T(extract_accepts_relative_paths),
		T(extract_rejects_garbage),
		T(extract_refuses_hostile_archives),
		T(extract_counts_streamed_bytes),
		T(extract_budget_spans_archives),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
