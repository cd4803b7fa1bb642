/* Unit tests for lockfile/: monolock.lock and opam-monorepo's .opam.locked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockfile/lockfile.h"

#define SHA256_A "sha256=5b4d9ac6dd0b5e7b5a4e6ea3bbec4a7ae0a8cbf9bd06d0c9d6c1b6b1a8cde3f1"
#define SHA512_A \
	"sha512=e2656d0f01c393a7369bfa43ff9bc2fc73c6fc00bbbc1d8e2052b49595065e1e9744136f78496fadb1652fe01066e7588feda1166f14d77129d52ae5e45feb0a"
#define SHA256_G "sha256=c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define SHA256_R "sha256=9e0d6a1c3b5f7e9d1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d"
#define MIRAGE_COMMIT "1c3a7c9e6a0b2fbd0f3e8f4b0e4f6a1d2c3b4a59"
#define REPO_COMMIT "97014be61691efb695da5de8e860cba5d74fa1f5"

static char *fixture(const char *name)
{
	const char *root = getenv("SOURCE_ROOT");
	char *dir = ml_path_join(root ? root : ".", "fixtures/locks");
	char *path = ml_path_join(dir, name);

	free(dir);
	return path;
}

static char *read_fixture(const char *name, size_t *len)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *path = fixture(name);

	if (ml_fs_read(&b, path, 1 << 20, &err) != 0)
		fail_msg("cannot read fixture %s: %s", path, err.msg);
	free(path);
	return ml_buf_detach(&b, len);
}

static struct ml_lock_package *add_pkg(struct ml_lock *l, const char *name, const char *version,
				       const char *dir, const char *reason)
{
	struct ml_lock_package *p = ml_lock_add_package(l);

	p->name = ml_strdup(name);
	p->version = ml_strdup(version);
	p->dir = dir ? ml_strdup(dir) : NULL;
	p->reason = reason ? ml_strdup(reason) : NULL;
	return p;
}

static struct ml_lock_source *add_src(struct ml_lock *l, const char *dir, const char *url,
				      const char *commit)
{
	struct ml_lock_source *s = ml_lock_add_source(l);

	s->dir = ml_strdup(dir);
	s->url = ml_strdup(url);
	s->commit = commit ? ml_strdup(commit) : NULL;
	return s;
}

/*
 * A MirageOS-style lock, deliberately built out of order: archives with one and two
 * checksums and a mirror, a git source holding two packages, every non-vendored reason, a
 * string needing escapes.
 */
static struct ml_lock *make_lock(void)
{
	struct ml_lock *l = ml_lock_new();
	struct ml_lock_package *p;
	struct ml_lock_source *s;
	struct ml_lock_depext *d;
	struct ml_lock_repo *r;

	ml_strvec_push(&l->roots, "unikernel");
	r = ml_lock_add_repo(l);
	r->url = ml_strdup("git+https://github.com/ocaml/opam-repository.git");
	r->commit = ml_strdup(REPO_COMMIT);
	r = ml_lock_add_repo(l);
	r->url = ml_strdup("file://./overlays");
	r->hash = ml_strdup(SHA256_R);
	ml_lock_set_var(l, "with-test", "false");
	ml_lock_set_var(l, "os", "linux");
	ml_lock_set_var(l, "arch", "x86_64");
	ml_lock_set_var(l, "os-distribution", "debian \"bookworm\" \\ 12");
	ml_lock_set_var(l, "post", "true");

	p = add_pkg(l, "mirage-runtime", "4.5.1", "mirage", NULL);
	ml_strvec_push(&p->depends, "ocaml");
	ml_strvec_push(&p->depends, "fmt");
	ml_strvec_push(&p->depends, "dune");
	ml_strvec_push(&p->depends, "functoria-runtime");
	add_pkg(l, "ocaml", "4.14.2", NULL, "compiler");
	p = add_pkg(l, "fmt", "0.9.0+dune", "fmt", NULL);
	ml_strvec_push(&p->depends, "ocaml");
	ml_strvec_push(&p->depends, "dune");
	add_pkg(l, "dune", "3.16.0", NULL, "tool");
	p = add_pkg(l, "functoria-runtime", "4.5.1", "mirage", NULL);
	ml_strvec_push(&p->depends, "fmt");
	add_pkg(l, "ocaml-solo5", "0.8.1", NULL, "opam-provided");
	add_pkg(l, "conf-pkg-config", "3", NULL, "virtual");
	ml_strvec_push(&add_pkg(l, "gmp", "6.2.1+dune", "gmp", NULL)->depends, "dune");

	s = add_src(l, "mirage", "git+https://github.com/mirage/mirage.git", MIRAGE_COMMIT);
	ml_strvec_push(&s->packages, "mirage-runtime");
	ml_strvec_push(&s->packages, "functoria-runtime");
	s = add_src(l, "gmp",
		    "https://github.com/dune-universe/gmp/archive/refs/tags/v6.2.1+dune.tar.gz",
		    NULL);
	ml_strvec_push(&s->checksums, SHA256_G);
	ml_strvec_push(&s->packages, "gmp");
	s = add_src(
	    l, "fmt",
	    "https://github.com/dune-universe/fmt/releases/download/v0.9.0%2Bdune/fmt-0.9.0.dune.tbz",
	    NULL);
	ml_strvec_push(&s->checksums, SHA512_A);
	ml_strvec_push(&s->checksums, SHA256_A);
	ml_strvec_push(&s->mirrors, "https://opam.ocaml.org/cache");
	ml_strvec_push(&s->packages, "fmt");
	d = ml_lock_add_depext(l);
	ml_strvec_push(&d->names, "pkg-config");
	d->filter = ml_strdup("os-family = \"debian\"");
	return l;
}

/* The same lock with every list reversed. */
static struct ml_lock *reversed(const struct ml_lock *l)
{
	struct ml_lock *c = ml_lock_dup(l);
	size_t i, n;

#define REVERSE(arr, cnt)                         \
	for (i = 0, n = (cnt); i < n / 2; i++) {  \
		__typeof__(*(arr)) t_ = (arr)[i]; \
		(arr)[i] = (arr)[n - 1 - i];      \
		(arr)[n - 1 - i] = t_;            \
	}
	REVERSE(c->packages, c->npackages)
	REVERSE(c->sources, c->nsources)
	REVERSE(c->repos, c->nrepos)
	REVERSE(c->vars, c->nvars)
	for (size_t k = 0; k < c->nsources; k++) {
		REVERSE(c->sources[k].packages.v, c->sources[k].packages.n)
		REVERSE(c->sources[k].checksums.v, c->sources[k].checksums.n)
	}
	for (size_t k = 0; k < c->npackages; k++)
		REVERSE(c->packages[k].depends.v, c->packages[k].depends.n)
#undef REVERSE
	return c;
}

static void render_matches_fixture_byte_for_byte(void **state)
{
	struct ml_lock *l = make_lock();
	struct ml_buf b = ML_BUF_INIT;
	size_t len;
	char *want = read_fixture("mirage.lock", &len);

	(void)state;
	ml_lockfile_render(&b, l);
	assert_int_equal(b.len, len);
	assert_memory_equal(b.buf, want, len);
	free(want);
	ml_buf_release(&b);
	ml_lock_free(l);
}

static void render_is_deterministic_whatever_the_order(void **state)
{
	struct ml_lock *l = make_lock(), *r = reversed(l);
	struct ml_buf a = ML_BUF_INIT, b = ML_BUF_INIT;

	(void)state;
	assert_string_not_equal(l->packages[0].name, r->packages[0].name);
	ml_lockfile_render(&a, l);
	ml_lockfile_render(&b, r);
	assert_string_equal(a.buf, b.buf);
	/* Rendering reads a sorted copy: the caller's lock keeps its order. */
	assert_string_equal(l->packages[0].name, "mirage-runtime");
	ml_buf_release(&a);
	ml_buf_release(&b);
	ml_lock_free(l);
	ml_lock_free(r);
}

static void read_fixture_gives_built_lock(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *want = make_lock(), *got = NULL;
	char *path = fixture("mirage.lock");

	(void)state;
	if (ml_lockfile_read(&got, path, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(ml_lock_equal(want, got));
	assert_string_equal(ml_lock_get_var(got, "with-test"), "false");
	assert_string_equal(ml_lock_get_var(got, "os-distribution"), "debian \"bookworm\" \\ 12");
	/* Readers return sorted locks. */
	assert_string_equal(got->packages[0].name, "conf-pkg-config");
	ml_lock_free(got);
	ml_lock_free(want);
	free(path);
	ml_error_release(&err);
}

static void read_missing_file_is_not_found(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *got = NULL;

	(void)state;
	assert_int_equal(ml_lockfile_read(&got, "/nonexistent/monolock.lock", &err), ML_ENOTFOUND);
	assert_null(got);
	ml_error_release(&err);
}

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/ml-test-lockfile-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return ml_strdup(tmpl);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void write_is_atomic_and_skips_identical_bytes(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock(), *back = NULL;
	char *dir = make_tmpdir(), *path = ml_path_join(dir, ML_LOCKFILE_NAME);
	struct stat st1, st2;
	bool changed = false;

	(void)state;
	assert_int_equal(ml_lockfile_write(&changed, path, l, &err), 0);
	assert_true(changed);
	assert_int_equal(count_entries(dir), 1); /* no temporary file left behind */
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(st1.st_mode & 0777, 0644);

	/* Same lock in another order: same bytes, file untouched. */
	{
		struct ml_lock *r = reversed(l);

		assert_int_equal(ml_lockfile_write(&changed, path, r, &err), 0);
		ml_lock_free(r);
	}
	assert_false(changed);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_sec, st2.st_mtim.tv_sec);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);

	/* A change rewrites it through a new file (rename: new inode). */
	ml_lock_set_var(l, "os", "freebsd");
	assert_int_equal(ml_lockfile_write(&changed, path, l, &err), 0);
	assert_true(changed);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_not_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(ml_lockfile_read(&back, path, &err), 0);
	assert_true(ml_lock_equal(l, back));

	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	ml_lock_free(back);
	ml_lock_free(l);
	free(path);
	free(dir);
	ml_error_release(&err);
}

static void write_refuses_invalid_lock(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock();
	char *dir = make_tmpdir(), *path = ml_path_join(dir, ML_LOCKFILE_NAME);
	bool changed = true;

	(void)state;
	free(l->sources[0].dir);
	l->sources[0].dir = ml_strdup("../escape");
	assert_int_equal(ml_lockfile_write(&changed, path, l, &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, "unsafe directory name '../escape'"));
	assert_false(ml_fs_exists(path));
	assert_int_equal(count_entries(dir), 0);
	assert_int_equal(ml_lockfile_opam_write(&changed, path, l, &err), ML_EPARSE);
	assert_false(ml_fs_exists(path));
	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	ml_lock_free(l);
	free(path);
	free(dir);
	ml_error_release(&err);
}

#define HEAD                                                                             \
	"{\"lockfile\": \"monolock/1\", \"roots\": [\"app\"], \"generator\": \"dune\", " \
	"\"repositories\": [], \"variables\": {}, "
#define PKGS(dir) "\"packages\": [{\"name\": \"a\", \"version\": \"1\", \"dir\": " dir "}], "
#define SRCS(dir, sums)                                                                        \
	"\"sources\": [{\"dir\": " dir ", \"url\": \"https://x/a.tgz\", \"checksums\": [" sums \
	"], \"packages\": [\"a\"]}], "
#define TAIL "\"depexts\": []}"
#define GOOD HEAD PKGS("\"a\"") SRCS("\"a\"", "") TAIL

/*
 * lock's promise: what pull would refuse is never written, in either format, and a file
 * already there is left as it was.
 */
static void write_refuses_what_pull_would_refuse(void **state)
{
	static const struct {
		const char *what, *msg;
	} cases[] = {
		{ "url", "not written: source 'fmt' (package fmt): url "
			 "'https://x/m\\xffc.tbz' is not valid UTF-8 (byte 0xff at offset 11)" },
		{ "var", ": name 'o\\xc3s' is not valid UTF-8 (byte 0xc3 at offset 1)" },
		{ "empty var", "has an empty name" },
		{ "branch", "not written: source 'mirage' (package mirage-runtime, ...): git url "
			    "'git+https://github.com/mirage/mirage.git#main' has no commit" },
		{ "no checksum", "not written: source 'fmt' (package fmt): archive "
				 "'https://x/m.tbz' has no checksum" },
		{ "mirror", "not written: source 'fmt' (package fmt): a mirror url "
			    "'https://m/\\xe2\\x82' is not valid UTF-8 (byte 0xe2 at offset 10)" },
	};
	struct ml_error err = ML_ERROR_INIT;
	char *dir = make_tmpdir();
	char *json = ml_path_join(dir, ML_LOCKFILE_NAME);
	char *opam = ml_path_join(dir, "x.opam.locked");
	struct ml_buf before = ML_BUF_INIT, after = ML_BUF_INIT;
	struct ml_lock *good = make_lock();
	size_t i;

	(void)state;
	/* A previous good lock in each format. */
	assert_int_equal(ml_lockfile_write(NULL, json, good, &err), 0);
	assert_int_equal(ml_lockfile_opam_write(NULL, opam, good, &err), 0);
	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_lock *l = ml_lock_dup(good);
		struct ml_lock_source *s = (struct ml_lock_source *)ml_lock_find_source(l, "fmt");
		struct ml_buf text = ML_BUF_INIT;
		bool changed = true;

		assert_non_null(s);
		if (!strcmp(cases[i].what, "url")) {
			free(s->url);
			s->url = ml_strdup("https://x/m\xff"
					   "c.tbz");
		} else if (!strcmp(cases[i].what, "var")) {
			ml_lock_set_var(l, "o\xc3s", "linux");
		} else if (!strcmp(cases[i].what, "empty var")) {
			ml_lock_set_var(l, "", "x");
		} else if (!strcmp(cases[i].what, "branch")) {
			s = (struct ml_lock_source *)ml_lock_find_source(l, "mirage");
			free(s->url);
			s->url = ml_strdup("git+https://github.com/mirage/mirage.git#main");
			free(s->commit);
			s->commit = NULL;
		} else if (!strcmp(cases[i].what, "no checksum")) {
			free(s->url);
			s->url = ml_strdup("https://x/m.tbz");
			ml_strvec_release(&s->checksums);
		} else {
			ml_strvec_push(&s->mirrors, "https://m/\xe2\x82");
		}
		for (int fmt = 0; fmt < 2; fmt++) {
			const char *path = fmt ? opam : json;
			int ret;

			ml_buf_reset(&before);
			ml_buf_reset(&after);
			assert_int_equal(ml_fs_read(&before, path, 1 << 20, &err), 0);
			ret = fmt ? ml_lockfile_opam_write(&changed, path, l, &err)
				  : ml_lockfile_write(&changed, path, l, &err);
			if (ret != ML_EPARSE || !strstr(err.msg, cases[i].msg))
				fail_msg("%s (%s): ret %d, '%s' does not contain '%s'",
					 cases[i].what, path, ret, err.msg ? err.msg : "",
					 cases[i].msg);
			assert_string_equal(err.path, path);
			ml_error_release(&err);
			assert_int_equal(ml_fs_read(&after, path, 1 << 20, &err), 0);
			assert_int_equal(before.len, after.len);
			assert_memory_equal(before.buf, after.buf, after.len);
			/* the checked render appends nothing either */
			assert_int_equal(ml_lockfile_render_checked(&text, path, l, fmt, &err),
					 ML_EPARSE);
			assert_int_equal(text.len, 0);
			ml_error_release(&err);
		}
		assert_int_equal(count_entries(dir), 2); /* no temporary file left */
		ml_buf_release(&text);
		ml_lock_free(l);
	}
	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	ml_buf_release(&before);
	ml_buf_release(&after);
	ml_lock_free(good);
	free(json);
	free(opam);
	free(dir);
	ml_error_release(&err);
}

/* Whatever validation misses, a lock that reads back different is not written either. */
static void render_checked_refuses_what_reads_back_different(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock();
	struct ml_buf text = ML_BUF_INIT;

	(void)state;
	/*
	 * A depexts filter is kept in its printed form: one written otherwise (validation only
	 * asks that it parses) would come back respelled, in either format.
	 */
	free(l->depexts[0].filter);
	l->depexts[0].filter = ml_strdup("os-family=\"debian\"");
	assert_int_equal(ml_lock_validate(l, "x", &err), 0);
	assert_int_equal(ml_lockfile_render_checked(&text, "x.opam.locked", l, true, &err),
			 ML_EPARSE);
	assert_string_equal(err.path, "x.opam.locked");
	assert_non_null(strstr(err.msg, "not written: it would not read back as written"));
	assert_int_equal(text.len, 0);
	ml_error_release(&err);
	assert_int_equal(ml_lockfile_render_checked(&text, "monolock.lock", l, false, &err),
			 ML_EPARSE);
	assert_string_equal(err.msg, "not written: it would not read back as written (at "
				     "{\"names\": [\"pkg-config\"], \"filter\": "
				     "\"os-family=\\\"debian\\\"\"})");
	assert_int_equal(text.len, 0);
	ml_error_release(&err);
	/* in the printed form, both take it */
	free(l->depexts[0].filter);
	l->depexts[0].filter = ml_strdup("os-family = \"debian\"");
	assert_int_equal(ml_lockfile_render_checked(&text, "x.opam.locked", l, true, &err), 0);
	assert_non_null(strstr(text.buf, "[\"pkg-config\"] {os-family = \"debian\"}"));
	ml_buf_reset(&text);
	assert_int_equal(ml_lockfile_render_checked(&text, "monolock.lock", l, false, &err), 0);
	ml_buf_release(&text);
	ml_lock_free(l);
	ml_error_release(&err);
}

/*
 * depexts with their filters: the object form, read in the filter's printed form; the plain
 * names of a lock written before filters were kept still read (unfiltered); wrong shapes
 * and filters that are not one opam filter list are refused, naming the entry.
 */
static void parse_depexts_old_and_new_forms(void **state)
{
	static const struct {
		const char *depexts, *msg;
	} bad[] = {
		{ "[{\"names\": []}]", "m.lock: depexts: an entry without a name" },
		{ "[{\"filter\": \"os = \\\"linux\\\"\"}]", "m.lock: depexts[0].names: missing" },
		{ "[{\"names\": [\"a\"], \"when\": \"x\"}]",
		  "m.lock: depexts[0]: unknown key \"when\"" },
		{ "[1]", "m.lock: depexts[0]: expected an object or a string, not a number" },
		{ "[{\"names\": [\"a\"], \"filter\": \"os} \\\"\\\" {os\"}]",
		  "m.lock: depexts[0].filter: filter 'os} \"\" {os' is not one filter list" },
		{ "[{\"names\": [\"a\"], \"filter\": \"os = (\"}]", NULL },
	};
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *got = NULL;
	const char *text =
	    HEAD PKGS("\"a\"") SRCS("\"a\"", "") "\"depexts\": [\"zlib1g-dev\", {\"names\": "
						 "[\"m4\", \"gmp-dev\"], \"filter\": "
						 "\"os-distribution=\\\"alpine\\\"\"}]}";

	(void)state;
	if (ml_lockfile_parse(&got, "m.lock", text, strlen(text), &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(got->ndepexts, 2);
	assert_string_equal(got->depexts[0].names.v[0], "gmp-dev");
	assert_string_equal(got->depexts[0].names.v[1], "m4");
	assert_string_equal(got->depexts[0].filter, "os-distribution = \"alpine\"");
	assert_string_equal(got->depexts[1].names.v[0], "zlib1g-dev");
	assert_null(got->depexts[1].filter);
	ml_lock_free(got);
	for (size_t i = 0; i < ML_ARRAY_SIZE(bad); i++) {
		char *t = ml_xasprintf("%s%s%s\"depexts\": %s}", HEAD, PKGS("\"a\""),
				       SRCS("\"a\"", ""), bad[i].depexts);
		struct ml_buf msg = ML_BUF_INIT;

		got = NULL;
		assert_int_equal(ml_lockfile_parse(&got, "m.lock", t, strlen(t), &err), ML_EPARSE);
		assert_null(got);
		ml_error_format(&msg, &err);
		if (bad[i].msg)
			assert_string_equal(msg.buf, bad[i].msg);
		ml_buf_release(&msg);
		ml_error_release(&err);
		free(t);
	}
}

/*
 * The fuzz harnesses' invariant on depexts filters of every shape: each format writes a lock
 * that reads back equal and renders the same bytes again, and carries it to the other.
 */
static void depexts_filters_round_trip_both_formats(void **state)
{
	static const char *const filters[] = {
		"os-family = \"debian\"",
		"(os = \"linux\" | os = \"freebsd\") & !(arch = \"arm32\")",
		"os-distribution = \"alpine\" \"a\" (>= \"1\")",
		"?os-version & os-version >= \"3.19\"",
		"\"%{os}%\" = \"linux\" (* comment *) # and another\n",
		"\"\\t\\x01\\\"\" != \"\"",
		"[a b] {c}",
	};
	struct ml_lock *l = make_lock();

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(filters); i++) {
		struct ml_lock_depext *d = ml_lock_add_depext(l);
		struct ml_error err = ML_ERROR_INIT;

		ml_strvec_push(&d->names, i % 2 ? "zlib1g-dev" : "gmp");
		ml_strvec_push(&d->names, "m4");
		if (ml_lock_depext_filter_canon(&d->filter, filters[i], "t", &err))
			fail_msg("%s: %s", filters[i], err.msg);
	}
	for (int f = 0; f < 2; f++) {
		struct ml_buf a = ML_BUF_INIT, b = ML_BUF_INIT, c = ML_BUF_INIT;
		struct ml_lock *back = NULL, *other = NULL;
		struct ml_error err = ML_ERROR_INIT;

		if (ml_lockfile_render_checked(&a, f ? "x.opam.locked" : "m.lock", l, f, &err))
			fail_msg("%s", err.msg);
		if (f ? ml_lockfile_opam_parse(&back, "x.opam.locked", a.buf, a.len, &err)
		      : ml_lockfile_parse(&back, "m.lock", a.buf, a.len, &err))
			fail_msg("%s\n%s", err.msg, a.buf);
		assert_true(ml_lock_equal(l, back));
		if (f)
			ml_lockfile_opam_render(&b, back);
		else
			ml_lockfile_render(&b, back);
		assert_string_equal(a.buf, b.buf);
		/* and through the other format */
		if (f)
			ml_lockfile_render(&c, back);
		else
			ml_lockfile_opam_render(&c, back);
		if (f ? ml_lockfile_parse(&other, "m.lock", c.buf, c.len, &err)
		      : ml_lockfile_opam_parse(&other, "x.opam.locked", c.buf, c.len, &err))
			fail_msg("%s\n%s", err.msg, c.buf);
		assert_true(ml_lock_equal(l, other));
		ml_lock_free(back);
		ml_lock_free(other);
		ml_buf_release(&a);
		ml_buf_release(&b);
		ml_buf_release(&c);
	}
	ml_lock_free(l);
}

static void parse_accepts_minimal_lock(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *got = NULL;

	(void)state;
	if (ml_lockfile_parse(&got, "m.lock", GOOD, strlen(GOOD), &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(got->packages[0].dir, "a");
	assert_int_equal(got->packages[0].depends.n, 0); /* "depends" may be omitted */
	ml_lock_free(got);
	ml_error_release(&err);
}

static void parse_rejects_malformed_input(void **state)
{
	static const struct {
		const char *json, *msg;
		int line;
	} cases[] = {
		{ "{\n  \"lockfile\": \"monolock/1\",\n  \"roots\": [\"a\",]\n}", "invalid JSON",
		  3 },
		{ "", "empty lock file", 0 },
		{ "[]", "expected a JSON object, not an array", 1 },
		{ "{\"lockfile\": \"monolock/1\", \"lockfile\": \"monolock/1\"}", "duplicate", 1 },
		{ "{\"roots\": []}", "lockfile: missing", 0 },
		{ "{\"lockfile\": 1}", "lockfile: expected a string, not a number", 0 },
		{ "{\"lockfile\": \"monolock/2\"}",
		  "unknown lock file version \"monolock/2\" (this monolock reads \"monolock/1\")",
		  0 },
		{ "{\"lockfile\": \"monolock/1\", \"roots\": \"app\"}",
		  "roots: expected an array of strings, not a string", 0 },
		{ HEAD PKGS("\"a\"") TAIL, "sources: missing", 0 },
		{ HEAD PKGS("\"a\"") SRCS("\"a\"", "") "\"extra\": 1, " TAIL,
		  "lock: unknown key \"extra\"", 0 },
		{ HEAD PKGS("\"../x\"") SRCS("\"../x\"", "") TAIL, "unsafe directory name '../x'",
		  0 },
		{ HEAD PKGS("\".hidden\"") SRCS("\".hidden\"", "") TAIL,
		  "unsafe directory name '.hidden'", 0 },
		{ HEAD PKGS("\"a\"") SRCS("\"a\"", "\"sha256=zz\"") TAIL,
		  "bad checksum 'sha256=zz'", 0 },
		{ HEAD PKGS("\"a\"") SRCS("\"b\"", "") TAIL,
		  "package 'a': no source for directory 'a'", 0 },
		{ HEAD PKGS("null") SRCS("\"a\"", "") TAIL, "packages[0].reason: missing", 0 },
		{ HEAD PKGS("\"a\", \"reason\": \"virtual\"") SRCS("\"a\"", "") TAIL,
		  "packages[0]: a vendored package (dir not null) must not have a \"reason\"", 0 },
		{ HEAD PKGS("7") SRCS("\"a\"", "") TAIL,
		  "packages[0].dir: expected a string, not a number", 0 },
		{ HEAD PKGS("\"a\", \"depends\": [1]") SRCS("\"a\"", "") TAIL,
		  "packages[0].depends[0]: expected a string, not a number", 0 },
		{ HEAD "\"packages\": [{\"name\": \"a\", \"dir\": \"a\"}], " SRCS("\"a\"", "") TAIL,
		  "packages[0].version: missing", 0 },
		{ HEAD "\"packages\": [\"a\"], " SRCS("\"a\"", "") TAIL,
		  "packages[0]: expected an object, not a string", 0 },
		{ HEAD PKGS(
		      "\"a\"") "\"sources\": [{\"dir\": \"a\", \"url\": \"u\", \"packages\": [\"a\"]}], " TAIL,
		  "sources[0].checksums: missing", 0 },
		{ HEAD PKGS(
		      "\"a\"") "\"sources\": [{\"dir\": \"a\", \"url\": \"u\", \"commit\": \"abc\", \"packages\": "
			       "[\"a\"]}], " TAIL,
		  "source 'a': commit 'abc' is not 40 lowercase hex digits", 0 },
		{ "{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": \"dune\", "
		  "\"repositories\": [{\"url\": \"u\", \"commit\": \"" REPO_COMMIT
		  "\", \"hash\": \"" SHA256_R "\"}]}",
		  "repositories[0]: both \"commit\" and \"hash\"", 0 },
		{ "{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": \"dune\", "
		  "\"repositories\": [], \"variables\": {\"os\": 3}}",
		  "variables.os: expected a string or a boolean, not a number", 0 },
		{ "{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": null}",
		  "generator: expected a string, not null", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_error err = ML_ERROR_INIT;
		struct ml_lock *got = NULL;
		int ret = ml_lockfile_parse(&got, "dir/monolock.lock", cases[i].json,
					    strlen(cases[i].json), &err);

		if (ret != ML_EPARSE || !err.msg || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: ret %d, '%s' does not contain '%s'", i, ret,
				 err.msg ? err.msg : "(none)", cases[i].msg);
		assert_null(got);
		assert_string_equal(err.path, "dir/monolock.lock");
		if (cases[i].line)
			assert_int_equal(err.line, cases[i].line);
		if (cases[i].line)
			assert_true(err.col > 0);
		ml_error_release(&err);
	}
}

/*
 * The reader takes the JSON a lock is without jansson's byte-at-a-time lexer, and leaves to
 * jansson whatever it would refuse: escapes decode as jansson decodes them, and bad UTF-8,
 * NUL, lone surrogates, raw control characters, numbers and trailing bytes still get
 * jansson's own error (with its line and column).
 */
#define VARS(v)                                                                                 \
	"{\"lockfile\": \"monolock/1\", \"roots\": [\"app\"], \"generator\": \"dune\", "        \
	"\"repositories\": [], \"variables\": {\"v\": " v "}, " PKGS("\"a\"") SRCS("\"a\"", "") \
	    TAIL

#define LISTS(pk, so)                                                                     \
	"{\"lockfile\": \"monolock/1\", \"roots\": [\"a\"], \"generator\": \"dune\", "    \
	"\"repositories\": [], \"variables\": {}, \"packages\": " pk ", \"sources\": " so \
	", \"depexts\": []}"
#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA1 "0123456789abcdef0123456789abcdef01234567"
#define PK_A "{\"name\": \"a\", \"version\": \"1\", \"dir\": \"a\"}"
#define SO_A \
	"{\"dir\": \"a\", \"url\": \"https://x/a.tgz\", \"checksums\": [], \"packages\": [\"a\"]}"

/*
 * The readers of "packages" and "sources" that skip jansson's values make the lock jansson's
 * path makes, and leave to it (for its message) whatever it would refuse.
 */
static void fast_lists_read_as_jansson_path_reads(void **state)
{
	static char big[5000];
	static const char *const cases[] = {
		LISTS("[" PK_A "]", "[" SO_A "]"),
		LISTS("[]", "[]"),
		LISTS("[" PK_A ", {\"name\": \"b\", \"version\": \"2\", \"dir\": null, \"reason\": "
		      "\"tool\", \"depends\": [\"a\", \"c\"]}]",
		      "[{\"packages\": [\"a\"], \"patches\": [{\"sha256\": \"" SHA "\", \"file\": "
		      "\"patches/a.patch\"}], \"mirrors\": [\"https://m/a.tgz\"], \"pin\": true, "
		      "\"url\": \"git+https://x/a\", \"commit\": \"" SHA1 "\", \"dir\": \"a\"}]"),
		LISTS("[{\"name\": \"a\\u00e9\", \"version\": \"1\", \"dir\": \"a\"}]",
		      "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"version\": \"1\", \"dir\": \"a\", \"reason\": \"x\"}]",
		      "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"version\": \"1\", \"dir\": null}]", "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"version\": \"1\"}]", "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"version\": \"1\", \"dir\": \"a\", \"x\": 1}]",
		      "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"name\": \"b\", \"version\": \"1\", \"dir\": \"a\"}]",
		      "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"version\": 1, \"dir\": \"a\"}]", "[" SO_A "]"),
		LISTS("[{\"name\": \"a\", \"version\": \"1\", \"dir\": \"a\", \"depends\": null}]",
		      "[" SO_A "]"),
		LISTS("[" PK_A ", 3]", "[" SO_A "]"),
		LISTS("{}", "[" SO_A "]"),
		LISTS("[" PK_A "]", "[{\"dir\": \"a\", \"url\": \"https://x/a.tgz\", \"packages\": "
				    "[\"a\"]}]"),
		LISTS("[" PK_A "]", "[{\"dir\": \"a\", \"checksums\": [], \"packages\": [\"a\"]}]"),
		LISTS("[" PK_A "]", "[{\"dir\": \"a\", \"url\": \"u\", \"commit\": null, "
				    "\"packages\": [\"a\"]}]"),
		LISTS("[" PK_A "]", "[{\"dir\": \"a\", \"url\": \"u\", \"pin\": \"yes\", "
				    "\"checksums\": [], \"packages\": [\"a\"]}]"),
		LISTS("[" PK_A "]", "[{\"dir\": \"a\", \"url\": \"u\", \"checksums\": [], "
				    "\"packages\": [\"a\"], \"patches\": [{\"file\": \"p\"}]}]"),
		LISTS("[" PK_A "]",
		      "[{\"dir\": \"a\", \"url\": \"u\", \"checksums\": [], "
		      "\"packages\": [\"a\"], \"patches\": [{\"file\": \"p\", \"sha256\": "
		      "\"s\", \"x\": \"y\"}]}]"),
		LISTS("[" PK_A "]", "[{\"dir\": \"a\", \"url\": \"u\", \"checksums\": [1], "
				    "\"packages\": [\"a\"]}]"),
		"{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": \"dune\", "
		"\"repositories\": [], \"variables\": {}, \"packages\": [], \"packages\": [], "
		"\"sources\": [], \"depexts\": []}",
		"{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": \"dune\", "
		"\"repositories\": [], \"variables\": {}, \"sources\": [], \"depexts\": []}",
		"{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": \"dune\", "
		"\"repositories\": [], \"variables\": {}, \"packages\": [], \"sources\": [], "
		"\"depexts\": [], \"x\": true}",
		big,
	};

	(void)state;
	/* a name over ML_LOCK_MAX_STRING */
	snprintf(big, sizeof(big), "%s%0*d%s",
		 "{\"lockfile\": \"monolock/1\", \"roots\": [], \"generator\": \"dune\", "
		 "\"repositories\": [], \"variables\": {}, \"packages\": [{\"name\": \"",
		 ML_LOCK_MAX_STRING + 1, 0,
		 "\", \"version\": \"1\", \"dir\": null, \"reason\": \"r\"}], \"sources\": [], "
		 "\"depexts\": []}");
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_error e1 = ML_ERROR_INIT, e2 = ML_ERROR_INIT;
		struct ml_lock *l1 = NULL, *l2 = NULL;
		int r1 = ml_lockfile_parse(&l1, "f.lock", cases[i], strlen(cases[i]), &e1);
		int r2 = ml_lockfile_parse_jansson(&l2, "f.lock", cases[i], strlen(cases[i]), &e2);

		if (r1 != r2)
			fail_msg("case %zu: %d ('%s') and %d ('%s')", i, r1, e1.msg ? e1.msg : "",
				 r2, e2.msg ? e2.msg : "");
		if (r1) {
			assert_string_equal(e1.msg, e2.msg);
		} else {
			struct ml_buf b1 = ML_BUF_INIT, b2 = ML_BUF_INIT;

			ml_lockfile_render(&b1, l1);
			ml_lockfile_render(&b2, l2);
			assert_string_equal(b1.buf, b2.buf);
			ml_buf_release(&b1);
			ml_buf_release(&b2);
		}
		ml_lock_free(l1);
		ml_lock_free(l2);
		ml_error_release(&e1);
		ml_error_release(&e2);
	}
}

static void fast_reader_decodes_as_jansson_does(void **state)
{
	static const struct {
		const char *json, *want; /* want: v's value, or NULL for an error */
		const char *msg;
	} cases[] = {
		{ VARS("\"plain\""), "plain", NULL },
		{ VARS("\"a\\u00e9\\/\\t\\\"\\\\\\u20ac\\b\\f\\n\\r\""),
		  "a\xc3\xa9/\t\"\\\xe2\x82\xac\b\f\n\r", NULL },
		{ VARS("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\""),
		  "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", NULL },
		{ VARS("\"\\ud83d\\ude00\""), "\xf0\x9f\x98\x80", NULL },
		{ VARS("true"), "true", NULL },
		{ " \r\n\t" VARS("false") " \n", "false", NULL },
		{ VARS("\"a\xff\""), NULL, "invalid JSON" },
		{ VARS("\"a\xc0\xaf\""), NULL, "invalid JSON" },
		{ VARS("\"\xed\xa0\x80\""), NULL, "invalid JSON" },
		{ VARS("\"a\\u0000b\""), NULL, "invalid JSON" },
		{ VARS("\"\\ud800\""), NULL, "invalid JSON" },
		{ VARS("\"a\tb\""), NULL, "invalid JSON" },
		{ VARS("\"\\x\""), NULL, "invalid JSON" },
		{ VARS("1"), NULL, "variables.v: expected a string or a boolean, not a number" },
		{ VARS("\"a\"") " x", NULL, "invalid JSON" },
		{ VARS("tru"), NULL, "invalid JSON" },
	};

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_error err = ML_ERROR_INIT;
		struct ml_lock *got = NULL;
		int ret =
		    ml_lockfile_parse(&got, "f.lock", cases[i].json, strlen(cases[i].json), &err);

		if (cases[i].want) {
			if (ret != 0)
				fail_msg("case %zu: %s", i, err.msg);
			assert_string_equal(ml_lock_get_var(got, "v"), cases[i].want);
		} else if (ret != ML_EPARSE || !strstr(err.msg, cases[i].msg)) {
			fail_msg("case %zu: ret %d, '%s' does not contain '%s'", i, ret,
				 err.msg ? err.msg : "(none)", cases[i].msg);
		}
		ml_lock_free(got);
		ml_error_release(&err);
	}
}

static void parse_refuses_oversized_input(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *got = NULL;

	(void)state;
	/* The length is checked before anything is read. */
	assert_int_equal(
	    ml_lockfile_parse(&got, "big", "{", (size_t)ML_LOCKFILE_MAX_SIZE + 1, &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, "larger than"));
	ml_error_release(&err);
}

/* ---- .opam.locked ---- */

static void opam_write_then_read_is_equal(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock(), *back = NULL;
	char *dir = make_tmpdir(), *path = ml_path_join(dir, "unikernel.opam.locked");
	struct stat st1, st2;
	bool changed = false;

	(void)state;
	assert_int_equal(ml_lockfile_opam_write(&changed, path, l, &err), 0);
	assert_true(changed);
	if (ml_lockfile_opam_read(&back, path, &err) != 0)
		fail_msg("%s:%d:%d: %s", err.path, err.line, err.col, err.msg);
	assert_true(ml_lock_equal(l, back));
	ml_lock_free(back);
	back = NULL;
	/* ml_lockfile_load picks the format from the name. */
	assert_int_equal(ml_lockfile_load(&back, path, &err), 0);
	assert_true(ml_lock_equal(l, back));

	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(ml_lockfile_opam_write(&changed, path, back, &err), 0);
	assert_false(changed);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(count_entries(dir), 1);

	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	ml_lock_free(back);
	ml_lock_free(l);
	free(path);
	free(dir);
	ml_error_release(&err);
}

static void opam_render_has_monorepo_fields(void **state)
{
	struct ml_lock *l = make_lock();
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	ml_lockfile_opam_render(&b, l);
	assert_true(ml_starts_with(b.buf, "opam-version: \"2.0\"\n"));
	assert_non_null(strstr(b.buf, "\"fmt\" {= \"0.9.0+dune\" & ?vendor}"));
	assert_non_null(strstr(b.buf, "\"ocaml\" {= \"4.14.2\"}"));
	assert_non_null(
	    strstr(b.buf, "\"git+https://github.com/mirage/mirage.git#" MIRAGE_COMMIT "\""));
	assert_non_null(strstr(b.buf, "\"mirage-runtime.4.5.1\""));
	assert_non_null(strstr(b.buf, "x-opam-monorepo-duniverse-dirs:"));
	assert_non_null(strstr(b.buf, "x-opam-monorepo-root-packages: [\"unikernel\"]"));
	assert_non_null(strstr(b.buf, "x-opam-monorepo-version: \"0.3\"\n"));
	assert_non_null(strstr(b.buf, "x-opam-monorepo-opam-provided: [\"ocaml-solo5\"]"));
	ml_buf_release(&b);
	ml_lock_free(l);
}

/* What fixtures/locks/unikernel.opam.locked (written as opam-monorepo 0.3 writes) means. */
static struct ml_lock *unikernel_lock(void)
{
	struct ml_lock *l = ml_lock_new();
	struct ml_lock_source *s;
	struct ml_lock_depext *d;

	ml_strvec_push(&l->roots, "unikernel");
	ml_lock_add_repo(l)->url = ml_strdup("file://$OPAM_MONOREPO_CWD/mirage-overlays");
	ml_lock_add_repo(l)->url = ml_strdup("git+https://github.com/ocaml/opam-repository.git");
	ml_lock_set_var(l, "arch", "x86_64");
	ml_lock_set_var(l, "os", "linux");
	ml_lock_set_var(l, "with-test", "false");
	add_pkg(l, "base-bigarray", "base", NULL, "virtual");
	add_pkg(l, "conf-pkg-config", "3", NULL, "virtual");
	add_pkg(l, "dune", "3.16.0", NULL, "tool");
	add_pkg(l, "fmt", "0.9.0+dune", "fmt", NULL);
	add_pkg(l, "functoria-runtime", "4.5.1", "mirage", NULL);
	add_pkg(l, "gmp", "6.2.1+dune", "gmp", NULL);
	add_pkg(l, "mirage-runtime", "4.5.1", "mirage", NULL);
	add_pkg(l, "ocaml", "4.14.2", NULL, "compiler");
	add_pkg(l, "ocaml-base-compiler", "4.14.2", NULL, "compiler");
	add_pkg(l, "ocaml-options-vanilla", "1", NULL, "compiler");
	add_pkg(l, "ocaml-solo5", "0.8.1", NULL, "opam-provided");
	s = add_src(
	    l, "fmt",
	    "https://github.com/dune-universe/fmt/releases/download/v0.9.0%2Bdune/fmt-0.9.0.dune.tbz",
	    NULL);
	ml_strvec_push(&s->checksums, SHA256_A);
	ml_strvec_push(&s->checksums, SHA512_A);
	ml_strvec_push(&s->packages, "fmt");
	s = add_src(l, "gmp",
		    "https://github.com/dune-universe/gmp/archive/refs/tags/v6.2.1+dune.tar.gz",
		    NULL);
	ml_strvec_push(&s->checksums, SHA256_G);
	ml_strvec_push(&s->packages, "gmp");
	s = add_src(l, "mirage", "git+https://github.com/mirage/mirage.git", MIRAGE_COMMIT);
	ml_strvec_push(&s->packages, "functoria-runtime");
	ml_strvec_push(&s->packages, "mirage-runtime");
	d = ml_lock_add_depext(l);
	ml_strvec_push(&d->names, "pkg-config");
	d->filter = ml_strdup("os-family = \"debian\" | os-family = \"ubuntu\"");
	d = ml_lock_add_depext(l);
	ml_strvec_push(&d->names, "pkgconf");
	d->filter = ml_strdup("os = \"freebsd\"");
	return l;
}

static void opam_reads_genuine_opam_monorepo_lock(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *want = unikernel_lock(), *got = NULL;
	char *path = fixture("unikernel.opam.locked");

	(void)state;
	if (ml_lockfile_load(&got, path, &err) != 0)
		fail_msg("%s:%d:%d: %s", err.path, err.line, err.col, err.msg);
	assert_true(ml_lock_equal(want, got));
	ml_lock_free(got);
	ml_lock_free(want);
	free(path);
	ml_error_release(&err);
}

#define OHEAD "opam-version: \"2.0\"\nx-opam-monorepo-version: \"0.3\"\n"
#define OROOTS "x-opam-monorepo-root-packages: [\"app\"]\n"
#define ODIRS(dir) "x-opam-monorepo-duniverse-dirs: [[\"https://x/a.tgz\" \"" dir "\"]]\n"

static void opam_accepts_flat_single_pin(void **state)
{
	static const char text[] =
	    OHEAD OROOTS "depends: [ \"a\" {?vendor & = \"1\"} \"dune\" {= \"3.0\"} ]\n"
			 "pin-depends: [\"a.1\" \"https://x/a.tgz\"]\n" ODIRS("a");
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *got = NULL;

	(void)state;
	if (ml_lockfile_opam_parse(&got, "a.opam.locked", text, strlen(text), &err) != 0)
		fail_msg("%s:%d:%d: %s", err.path, err.line, err.col, err.msg);
	assert_int_equal(got->npackages, 2);
	assert_string_equal(got->packages[0].dir, "a");
	assert_string_equal(got->packages[1].reason, "tool");
	assert_string_equal(got->sources[0].packages.v[0], "a");
	assert_string_equal(got->generator, "dune");
	ml_lock_free(got);
	ml_error_release(&err);
}

static void opam_rejects_malformed_input(void **state)
{
	static const struct {
		const char *text, *msg;
		int line;
	} cases[] = {
		{ "opam-version: \"2.0\"\n" OROOTS "depends: []\n",
		  "missing x-opam-monorepo-version", 0 },
		{ "x-opam-monorepo-version: \"0.2\"\n" OROOTS "depends: []\n",
		  "x-opam-monorepo-version: unsupported version \"0.2\" (this monolock reads \"0.3\")",
		  1 },
		{ OHEAD "depends: []\n", "missing x-opam-monorepo-root-packages", 0 },
		{ OHEAD OROOTS, "missing depends", 0 },
		{ OHEAD OROOTS "depends: [\n  \"a\" {>= \"1\"}\n]\n", "depends: expected", 5 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n"
			       "pin-depends: [[\"a.1\" \"https://y/a.tgz\"]]\n" ODIRS("a"),
		  "pin-depends: url has no entry in x-opam-monorepo-duniverse-dirs", 5 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n"
			       "pin-depends: [[\"a.2\" \"https://x/a.tgz\"]]\n" ODIRS("a"),
		  "pin-depends: version differs from depends", 5 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n"
			       "pin-depends: [[\"a.1\" \"https://x/a.tgz\"]]\n" ODIRS("../evil"),
		  "unsafe directory name '../evil'", 6 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n"
			       "pin-depends: [[\"a.1\" \"https://x/a.tgz\"]]\n"
			       "x-opam-monorepo-duniverse-dirs: [[\"https://x/a.tgz\" \"a\" "
			       "[\"sha256=abc\"]]]\n",
		  "bad checksum 'sha256=abc'", 0 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\"}]\n"
			       "x-opam-monorepo-global-opam-vars: [[\"os\" [\"linux\"]]]\n",
		  "list values are not supported", 5 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\"}]\n"
			       "x-opam-monorepo-duniverse-dirs: [[\"https://x/a.tgz\" \"a\"] "
			       "[\"https://x/a.tgz\" \"b\"]]\n",
		  "x-opam-monorepo-duniverse-dirs: url listed twice", 5 },
		{ OHEAD OROOTS
		  "depends: [\"a\" {= \"1\"}]\nx-monolock-depends: [[\"z\" [\"a\"]]]\n",
		  "x-monolock-depends: package not in depends", 5 },
		/* A syntax error: the opam parser's own message. */
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\"}\n", "", 0 },
		{ OHEAD OROOTS
		  "depends: [\"a\" {= \"1\"}]\nx-monolock-reasons: [[\"b\" \"tool\"]]\n",
		  "x-monolock-reasons: package not in depends", 5 },
		{ OHEAD OROOTS
		  "depends: [\"a\" {= \"1\"}]\nx-monolock-repositories: [[\"u\" \"tag\" \"v1\"]]\n",
		  "x-monolock-repositories: expected", 5 },
		{ OHEAD OROOTS
		  "depends: [\"a\" {= \"1\"}]\nx-monolock-reasons: [[\"a\" \"because\"]]\n",
		  "package 'a': not vendored, so its reason must be", 0 },
		/* No package at all: the pin's lookup has nothing to search. */
		{ OHEAD OROOTS "depends: []\npin-depends: [[\"a.1\" \"https://x/a.tgz\"]]\n",
		  "pin-depends: package not in depends", 5 },
		{ OHEAD OROOTS "depends: []\nx-monolock-reasons: [[\"a\" \"tool\"]]\n",
		  "x-monolock-reasons: package not in depends", 5 },
		/* A git url names a commit, in lowercase: each fault said as it is. */
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n"
			       "x-opam-monorepo-duniverse-dirs: [[\"git+https://x/a.git#"
			       "ABCDEF0123456789ABCDEF0123456789ABCDEF01\" \"a\"]]\n",
		  "git url 'git+https://x/a.git#ABCDEF0123456789ABCDEF0123456789ABCDEF01': its "
		  "commit has uppercase hex digits (a commit is 40 lowercase hex digits)",
		  5 },
		{ OHEAD OROOTS
		  "depends: [\"a\" {= \"1\" & ?vendor}]\n"
		  "x-opam-monorepo-duniverse-dirs: [[\"git+https://x/a.git#main\" \"a\"]]\n",
		  "what follows '#' is not a commit", 5 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n"
			       "x-opam-monorepo-duniverse-dirs: [[\"git://x/a.git\" \"a\"]]\n",
		  "git url 'git://x/a.git': it names no commit", 5 },
		/* Strings that are not UTF-8: refused by the parser, as JSON's reader does. */
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\"}]\n"
			       "x-opam-monorepo-global-opam-vars: [[\"o\xffs\" \"linux\"]]\n",
		  "string is not valid UTF-8 (byte 0xff)", 5 },
		{ OHEAD OROOTS "depends: [\"a\" {= \"1\"}]\n"
			       "x-opam-monorepo-global-opam-vars: [[\"\" \"linux\"]]\n",
		  "variable 1 has an empty name", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_error err = ML_ERROR_INIT;
		struct ml_lock *got = NULL;
		int ret = ml_lockfile_opam_parse(&got, "x.opam.locked", cases[i].text,
						 strlen(cases[i].text), &err);

		if (ret != ML_EPARSE || !err.msg || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: ret %d, '%s' does not contain '%s'", i, ret,
				 err.msg ? err.msg : "(none)", cases[i].msg);
		assert_null(got);
		assert_string_equal(err.path, "x.opam.locked");
		if (cases[i].line)
			assert_int_equal(err.line, cases[i].line);
		ml_error_release(&err);
	}
}

static void genuine_opam_lock_converts_to_json_and_back(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *opam = NULL, *json = NULL;
	struct ml_buf b = ML_BUF_INIT;
	char *path = fixture("unikernel.opam.locked");

	(void)state;
	assert_int_equal(ml_lockfile_opam_read(&opam, path, &err), 0);
	ml_lockfile_render(&b, opam);
	/* Repositories known by url only are written as {url}. */
	assert_non_null(
	    strstr(b.buf, "    {\"url\": \"git+https://github.com/ocaml/opam-repository.git\"}"));
	if (ml_lockfile_parse(&json, "converted.lock", b.buf, b.len, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(ml_lock_equal(opam, json));
	ml_buf_release(&b);
	ml_lock_free(opam);
	ml_lock_free(json);
	free(path);
	ml_error_release(&err);
}

/*
 * A local directory source from a pin: "pin": true in JSON, a local pin-depends in
 * .opam.locked; both read back equal. Without the mark, or with it on an archive, the lock
 * is refused.
 */
static void pinned_local_source_round_trips(void **state)
{
	static const char unpinned[] =
	    HEAD PKGS("\"a\"") "\"sources\": [{\"dir\": \"a\", \"url\": \"file:///home/u/.ssh\", "
			       "\"checksums\": [], \"packages\": [\"a\"]}], " TAIL;
	static const char archive[] =
	    HEAD PKGS("\"a\"") "\"sources\": [{\"dir\": \"a\", \"url\": \"https://x/a.tgz\", "
			       "\"pin\": true, \"checksums\": [], \"packages\": [\"a\"]}], " TAIL;
	static const char notbool[] =
	    HEAD PKGS("\"a\"") "\"sources\": [{\"dir\": \"a\", \"url\": \"file://./a\", "
			       "\"pin\": 1, \"checksums\": [], \"packages\": [\"a\"]}], " TAIL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock(), *back = NULL;
	struct ml_lock_source *s;
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	add_pkg(l, "mylib", "dev", "mylib", NULL);
	s = add_src(l, "mylib", "file://../mylib", NULL);
	ml_strvec_push(&s->packages, "mylib");
	s->pin = true;
	ml_lockfile_render(&b, l);
	assert_non_null(strstr(b.buf,
			       "{\"dir\": \"mylib\", \"url\": \"file://../mylib\", "
			       "\"pin\": true, \"checksums\": [], \"packages\": [\"mylib\"]}"));
	if (ml_lockfile_parse(&back, "x.lock", b.buf, b.len, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(ml_lock_equal(l, back));
	ml_lock_free(back);
	back = NULL;
	ml_buf_reset(&b);
	ml_lockfile_opam_render(&b, l);
	assert_non_null(strstr(b.buf, "[\"mylib.dev\" \"file://../mylib\"]"));
	if (ml_lockfile_opam_parse(&back, "x.opam.locked", b.buf, b.len, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(ml_lock_equal(l, back));
	ml_lock_free(back);
	back = NULL;
	/* the mark is part of the content */
	back = ml_lock_dup(l);
	assert_true(ml_lock_equal(l, back));
	((struct ml_lock_source *)ml_lock_find_source(back, "mylib"))->pin = false;
	assert_false(ml_lock_equal(l, back));
	ml_lock_free(back);
	back = NULL;

	assert_int_equal(ml_lockfile_parse(&back, "x.lock", unpinned, strlen(unpinned), &err),
			 ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "source 'a': local directory 'file:///home/u/.ssh' "
					"without checksum is not a pin of the project"));
	ml_error_release(&err);
	assert_int_equal(ml_lockfile_parse(&back, "x.lock", archive, strlen(archive), &err),
			 ML_EPARSE);
	assert_non_null(strstr(err.msg, "source 'a': \"pin\" is only for a local directory"));
	ml_error_release(&err);
	assert_int_equal(ml_lockfile_parse(&back, "x.lock", notbool, strlen(notbool), &err),
			 ML_EPARSE);
	assert_non_null(strstr(err.msg, "sources[0].pin: expected a boolean, not a number"));
	ml_error_release(&err);
	assert_null(back);
	ml_buf_release(&b);
	ml_lock_free(l);
}

static void load_reads_json_by_default(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *want = make_lock(), *got = NULL;
	char *path = fixture("mirage.lock");

	(void)state;
	assert_int_equal(ml_lockfile_load(&got, path, &err), 0);
	assert_true(ml_lock_equal(want, got));
	ml_lock_free(got);
	ml_lock_free(want);
	free(path);
	ml_error_release(&err);
}

/* Every prefix and many one-byte corruptions of both fixtures: an answer, never a crash. */
static void corrupted_input_never_crashes(void **state)
{
	static const char *const names[] = { "mirage.lock", "unikernel.opam.locked" };
	static const char repl[] = { '"', '[', '{', ']', '}', '0', '\\', '#', '\n' };
	size_t f, i, k, len, parsed = 0;

	(void)state;
	for (f = 0; f < ML_ARRAY_SIZE(names); f++) {
		char *text = read_fixture(names[f], &len), *copy = ml_malloc(len + 1);

		for (i = 0; i <= len; i++) {
			for (k = 0; k <= ML_ARRAY_SIZE(repl); k++) {
				struct ml_error err = ML_ERROR_INIT;
				struct ml_lock *got = NULL;
				size_t n = k == ML_ARRAY_SIZE(repl) ? i : len;
				int ret;

				if (k < ML_ARRAY_SIZE(repl) && i == len)
					continue;
				memcpy(copy, text, len);
				if (k < ML_ARRAY_SIZE(repl))
					copy[i] = repl[k];
				ret = f == 0 ? ml_lockfile_parse(&got, "c", copy, n, &err)
					     : ml_lockfile_opam_parse(&got, "c", copy, n, &err);
				if (ret != 0 && ret != ML_EPARSE)
					fail_msg("%s at %zu/%zu: ret %d", names[f], i, k, ret);
				if (ret == 0) {
					assert_int_equal(ml_lock_validate(got, "c", &err), 0);
					parsed++;
				} else {
					assert_non_null(err.msg);
				}
				ml_lock_free(got);
				ml_error_release(&err);
			}
		}
		free(copy);
		free(text);
	}
	/* Some corruptions are harmless (inside a url, say): both outcomes were exercised. */
	assert_true(parsed > 0);
}

/* opam-monorepo pulls only what pin-depends names: a ?vendor dependency without one is read
 * as not vendored, with a warning for the command to print. */
static void opam_vendor_without_pin_is_a_warning(void **state)
{
	static const char text[] = OHEAD OROOTS "depends: [\"a\" {= \"1\" & ?vendor}]\n";
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *got = NULL;

	(void)state;
	if (ml_lockfile_opam_parse(&got, "x.opam.locked", text, strlen(text), &err))
		fail_msg("%s", err.msg);
	assert_int_equal(got->npackages, 1);
	assert_null(got->packages[0].dir);
	assert_string_equal(got->packages[0].reason, "opam-provided");
	assert_int_equal(got->warnings.n, 1);
	assert_string_equal(got->warnings.v[0], "x.opam.locked: depends: 'a' is marked ?vendor "
						"but has no pin-depends url: not pulled");
	ml_lock_free(got);
	ml_error_release(&err);
}

/* The project's own packages are not written in depends (opam would look for them), and read
 * back from x-monolock-local-packages. */
static void opam_local_packages_stay_out_of_depends(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = ml_lock_new(), *got = NULL;
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	ml_strvec_push(&l->roots, "app");
	add_pkg(l, "app", "dev", NULL, "root");
	add_pkg(l, "ocaml", "4.14.2", NULL, "compiler");
	ml_lockfile_opam_render(&b, l);
	assert_non_null(strstr(b.buf, "depends: [\"ocaml\" {= \"4.14.2\"}]\n"));
	assert_non_null(strstr(b.buf, "x-monolock-local-packages: [[\"app\" \"dev\"]]\n"));
	if (ml_lockfile_opam_parse(&got, "x.opam.locked", b.buf, b.len, &err))
		fail_msg("%s", err.msg);
	assert_true(ml_lock_equal(l, got));
	ml_lock_free(got);
	ml_lock_free(l);
	ml_buf_release(&b);
	ml_error_release(&err);
}

static void render_of_incomplete_lock_does_not_crash(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = ml_lock_new(), *got = NULL;
	struct ml_buf json = ML_BUF_INIT, opam = ML_BUF_INIT;

	(void)state;
	ml_lock_add_package(l);                         /* no name, no version, no reason */
	ml_lock_add_source(l)->commit = ml_strdup("x"); /* no dir, no url */
	ml_lock_add_repo(l);
	free(l->generator);
	l->generator = NULL;
	ml_lockfile_render(&json, l);
	ml_lockfile_opam_render(&opam, l);
	assert_int_equal(ml_lockfile_parse(&got, "j", json.buf, json.len, &err), ML_EPARSE);
	assert_int_equal(ml_lockfile_opam_parse(&got, "o", opam.buf, opam.len, &err), ML_EPARSE);
	assert_null(got);
	ml_buf_release(&json);
	ml_buf_release(&opam);
	ml_lock_free(l);
	ml_error_release(&err);
}

/* Saved patches: both formats give them back in order; unsafe paths and bad sums refused. */
static void patches_round_trip_and_are_checked(void **state)
{
	static const char sum_a[] =
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	static const char sum_b[] =
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock(), *back = NULL, *next;
	struct ml_lock_source *s = (struct ml_lock_source *)ml_lock_find_source(l, "fmt");
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	ml_lock_sort(l);
	s = (struct ml_lock_source *)ml_lock_find_source(l, "fmt");
	ml_strvec_push(&s->patch_files, "patches/fmt.patch");
	ml_strvec_push(&s->patch_sha256, sum_b);
	ml_strvec_push(&s->patch_files, "patches/a-first.patch");
	ml_strvec_push(&s->patch_sha256, sum_a);
	ml_lockfile_render(&b, l);
	assert_non_null(strstr(b.buf, "\"patches\": [{\"file\": \"patches/fmt.patch\""));
	assert_int_equal(ml_lockfile_parse(&back, "j", b.buf, b.len, &err), 0);
	assert_true(ml_lock_equal(l, back));
	assert_string_equal(ml_lock_find_source(back, "fmt")->patch_files.v[0],
			    "patches/fmt.patch");
	ml_lock_free(back);
	ml_buf_reset(&b);
	ml_lockfile_opam_render(&b, l);
	assert_non_null(strstr(b.buf, "x-monolock-patches"));
	assert_int_equal(ml_lockfile_opam_parse(&back, "o", b.buf, b.len, &err), 0);
	assert_true(ml_lock_equal(l, back));
	ml_lock_free(back);
	back = NULL;

	/* a new lock keeps them for the same directory */
	next = make_lock();
	ml_lock_sort(next);
	ml_lock_keep_patches(next, l);
	assert_int_equal(ml_lock_find_source(next, "fmt")->patch_files.n, 2);
	assert_int_equal(ml_lock_find_source(next, "gmp")->patch_files.n, 0);
	ml_lock_free(next);

	free(s->patch_files.v[0]);
	s->patch_files.v[0] = ml_strdup("../outside.patch");
	assert_int_equal(ml_lock_validate(l, "l", &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "'../outside.patch'"));
	ml_error_release(&err);
	free(s->patch_files.v[0]);
	s->patch_files.v[0] = ml_strdup("/etc/passwd");
	assert_int_equal(ml_lock_validate(l, "l", &err), ML_EUNSAFE);
	ml_error_release(&err);
	free(s->patch_files.v[0]);
	s->patch_files.v[0] = ml_strdup("patches/fmt.patch");
	free(s->patch_sha256.v[0]);
	s->patch_sha256.v[0] = ml_strdup("ABC");
	assert_int_equal(ml_lock_validate(l, "l", &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, "64 lowercase hex"));
	ml_error_release(&err);

	ml_buf_release(&b);
	ml_lock_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_matches_fixture_byte_for_byte),
		cmocka_unit_test(fast_reader_decodes_as_jansson_does),
		cmocka_unit_test(fast_lists_read_as_jansson_path_reads),
		cmocka_unit_test(render_is_deterministic_whatever_the_order),
		cmocka_unit_test(read_fixture_gives_built_lock),
		cmocka_unit_test(read_missing_file_is_not_found),
		cmocka_unit_test(write_is_atomic_and_skips_identical_bytes),
		cmocka_unit_test(write_refuses_invalid_lock),
		cmocka_unit_test(write_refuses_what_pull_would_refuse),
		cmocka_unit_test(render_checked_refuses_what_reads_back_different),
		cmocka_unit_test(parse_accepts_minimal_lock),
		cmocka_unit_test(parse_depexts_old_and_new_forms),
		cmocka_unit_test(depexts_filters_round_trip_both_formats),
		cmocka_unit_test(parse_rejects_malformed_input),
		cmocka_unit_test(parse_refuses_oversized_input),
		cmocka_unit_test(opam_write_then_read_is_equal),
		cmocka_unit_test(opam_render_has_monorepo_fields),
		cmocka_unit_test(opam_reads_genuine_opam_monorepo_lock),
		cmocka_unit_test(opam_accepts_flat_single_pin),
		cmocka_unit_test(opam_rejects_malformed_input),
		cmocka_unit_test(genuine_opam_lock_converts_to_json_and_back),
		cmocka_unit_test(pinned_local_source_round_trips),
		cmocka_unit_test(load_reads_json_by_default),
		cmocka_unit_test(corrupted_input_never_crashes),
		cmocka_unit_test(render_of_incomplete_lock_does_not_crash),
		cmocka_unit_test(opam_vendor_without_pin_is_a_warning),
		cmocka_unit_test(opam_local_packages_stay_out_of_depends),
		cmocka_unit_test(patches_round_trip_and_are_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
