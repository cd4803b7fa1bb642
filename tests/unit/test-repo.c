/* Unit tests for repositories and the universe: lib/repo.c, lib/universe.c, fetch/repo_*.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "lib/ucache.h"

static char *fixture(const char *name)
{
	const char *root = getenv("SOURCE_ROOT");

	return ml_xasprintf("%s/fixtures/repos/%s", root ? root : ".", name);
}

static struct ml_repo *open_fixture(const char *name)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_repo *r = NULL;
	char *dir = fixture(name);

	if (ml_repo_open_dir(&r, dir, &err) != 0)
		fail_msg("%s: %s", dir, err.msg);
	free(dir);
	return r;
}

/* An in-memory repository counting its reads: proves what is (not) parsed when. */
struct memrepo {
	int reads;
};

static const struct {
	const char *relpath, *text;
} memfiles[] = {
	{ "packages/x/x.1/opam", "opam-version: \"2.0\"\nsynopsis: \"one\"\n" },
	{ "packages/x/x.2/opam", "opam-version: \"2.0\"\nsynopsis: \"two\"\n" },
	{ "packages/y.0.1/opam", "opam-version: \"2.0\"\n" },
};

static int mem_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	struct memrepo *m = ctx;

	m->reads++;
	for (size_t i = 0; i < ML_ARRAY_SIZE(memfiles); i++) {
		if (strcmp(memfiles[i].relpath, relpath) == 0) {
			ml_buf_adds(out, memfiles[i].text);
			return 0;
		}
	}
	return ml_error_set(err, ML_ENOTFOUND, "no '%s'", relpath);
}

static void mem_free(void *ctx)
{
	(void)ctx; /* owned by the test */
}

static const struct ml_repo_ops mem_ops = { mem_read, mem_free };

static struct ml_repo *mem_repo(struct memrepo *m)
{
	struct ml_repo *r = ml_repo_new("mem", &mem_ops, m);

	for (size_t i = 0; i < ML_ARRAY_SIZE(memfiles); i++)
		assert_true(ml_repo_add_path(r, memfiles[i].relpath));
	return r;
}

static void add_path_accepts_both_layouts(void **state)
{
	struct ml_repo *r = ml_repo_new("t", NULL, NULL);

	(void)state;
	assert_true(ml_repo_add_path(r, "packages/foo/foo.1.2~rc1/opam"));
	assert_true(ml_repo_add_path(r, "packages/bar.0.1+dune/opam"));
	assert_int_equal(r->nentries, 2);
	assert_string_equal(r->entries[0].name, "foo");
	assert_string_equal(r->entries[0].version, "1.2~rc1");
	assert_string_equal(r->entries[0].relpath, "packages/foo/foo.1.2~rc1/opam");
	assert_string_equal(r->entries[1].name, "bar");
	assert_string_equal(r->entries[1].version, "0.1+dune");
	ml_repo_free(r);
}

static void add_path_ignores_non_packages(void **state)
{
	static const char *const bad[] = {
		"packages/foo/bar.1/opam", /* directory not NAME.VERSION of its parent */
		"packages/foo/foo./opam",  /* empty version */
		"packages/foo/foo/opam",   /* no version */
		"packages/foo/stray/opam",       "packages/.hidden.1/opam",
		"packages/foo/foo.1/files/opam", "packages/foo/foo.1/descr",
		"packages/foo.1/opam.orig",      "packages/.1/opam",
		"other/foo/foo.1/opam",          "packages/opam",
		"packages/a.b/a.b.1/opam", /* names hold no '.' */
	};
	struct ml_repo *r = ml_repo_new("t", NULL, NULL);

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(bad); i++)
		if (ml_repo_add_path(r, bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(r->nentries, 0);
	ml_repo_free(r);
}

static void open_dir_walks_nested_layout(void **state)
{
	struct ml_repo *r = open_fixture("good");
	char *dir = fixture("good");

	const struct ml_repo_name *names;

	(void)state;
	/* names are read at once, their versions only when asked for */
	assert_int_equal(r->nentries, 0);
	assert_int_equal(ml_repo_names(r, &names), 3);
	assert_string_equal(names[0].name, "a");
	assert_false(names[0].listed);
	assert_int_equal(ml_repo_list_all(r, NULL), 0);
	/* a x4, b, conf-foo; packages/a/stray and files/ are not packages */
	assert_int_equal(r->nentries, 6);
	assert_int_equal(ml_repo_names(r, &names), 3);
	assert_string_equal(names[2].name, "conf-foo");
	assert_int_equal(names[0].n, 4);
	assert_true(names[0].listed);
	/* each name's entries are sorted by path */
	for (size_t i = 1; i < names[0].n; i++)
		assert_true(strcmp(r->entries[names[0].idx[i - 1]].relpath,
				   r->entries[names[0].idx[i]].relpath) < 0);
	for (size_t i = 0; i < r->nentries; i++)
		assert_int_not_equal(r->entries[i].stamp, 0);
	assert_string_equal(r->display, dir);
	assert_true(ml_starts_with(r->url, "file://"));
	free(dir);
	ml_repo_free(r);
}

static void open_dir_walks_flat_layout(void **state)
{
	struct ml_repo *r = open_fixture("flat");

	(void)state;
	assert_int_equal(r->nentries, 2);
	assert_string_equal(r->entries[0].name, "c");
	assert_string_equal(r->entries[0].version, "1.0");
	assert_string_equal(r->entries[1].relpath, "packages/c.1.1/opam");
	ml_repo_free(r);
}

static void open_dir_refuses_non_repository(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_repo *r = NULL;
	char *dir = fixture("good/packages/a");

	(void)state;
	assert_int_not_equal(ml_repo_open_dir(&r, dir, &err), 0);
	assert_null(r);
	assert_non_null(strstr(err.msg, "is not an opam repository"));
	ml_error_release(&err);
	assert_int_equal(ml_repo_open_dir(&r, "/nonexistent/repo", &err), ML_ENOTFOUND);
	assert_null(r);
	ml_error_release(&err);
	free(dir);
}

static void listing_parses_nothing(void **state)
{
	struct memrepo m = { 0 };
	struct ml_universe *u = ml_universe_new();
	const char *const *names, *const *versions;
	size_t n;

	(void)state;
	ml_universe_add_repo(u, mem_repo(&m));
	assert_int_equal(ml_universe_names(u, &names), 2);
	assert_string_equal(names[0], "x");
	assert_string_equal(names[1], "y");
	assert_int_equal(ml_universe_versions(u, "x", &versions, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ml_universe_count(u), 3);
	assert_int_equal(m.reads, 0);
	ml_universe_free(u);
}

static void get_parses_once_and_caches(void **state)
{
	struct memrepo m = { 0 };
	struct ml_universe *u = ml_universe_new();
	const struct ml_package *p1, *p2;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	ml_universe_add_repo(u, mem_repo(&m));
	assert_int_equal(ml_universe_get(u, "x", "2", &p1, &err), 0);
	assert_int_equal(m.reads, 1);
	assert_int_equal(ml_universe_get(u, "x", "2", &p2, &err), 0);
	assert_int_equal(m.reads, 1);
	assert_ptr_equal(p1, p2);
	assert_string_equal(p1->name, "x");
	assert_string_equal(p1->version, "2");
	assert_string_equal(p1->path, "mem/packages/x/x.2/opam");
	assert_non_null(p1->file);
	ml_universe_free(u);
}

static void check_does_not_cache(void **state)
{
	struct memrepo m = { 0 };
	struct ml_universe *u = ml_universe_new();
	const struct ml_package *p;

	(void)state;
	ml_universe_add_repo(u, mem_repo(&m));
	assert_int_equal(ml_universe_check(u, "x", "1", NULL), 0);
	assert_int_equal(ml_universe_check(u, "x", "1", NULL), 0);
	assert_int_equal(m.reads, 2);
	assert_int_equal(ml_universe_get(u, "x", "1", &p, NULL), 0);
	assert_int_equal(m.reads, 3);
	/* once cached, check does not read again */
	assert_int_equal(ml_universe_check(u, "x", "1", NULL), 0);
	assert_int_equal(m.reads, 3);
	ml_universe_free(u);
}

static void parsed_packages_survive_adding_repos(void **state)
{
	struct memrepo m = { 0 };
	struct ml_universe *u = ml_universe_new();
	const struct ml_package *p1, *p2;
	const char *const *versions;
	size_t n;

	(void)state;
	ml_universe_add_repo(u, mem_repo(&m));
	assert_int_equal(ml_universe_get(u, "x", "1", &p1, NULL), 0);
	ml_universe_add_repo(u, open_fixture("good"));
	assert_int_equal(ml_universe_count(u), 9);
	assert_int_equal(ml_universe_get(u, "x", "1", &p2, NULL), 0);
	assert_ptr_equal(p1, p2);
	assert_int_equal(m.reads, 1);
	assert_string_equal(p2->version, "1");
	assert_int_equal(ml_universe_versions(u, "a", &versions, &n, NULL), 0);
	assert_int_equal(n, 4);
	ml_universe_free(u);
}

static int echo_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	(void)ctx;
	(void)err;
	ml_buf_addf(out, "opam-version: \"2.0\"\nsynopsis: \"%s\"\n", relpath);
	return 0;
}

static const struct ml_repo_ops echo_ops = { echo_read, NULL };

static void equal_versions_stay_distinct(void **state)
{
	struct ml_universe *u = ml_universe_new();
	struct ml_repo *r = ml_repo_new("echo", &echo_ops, NULL);
	const struct ml_package *p;
	const char *const *v;
	size_t n;

	(void)state;
	/* opam's order calls these equal; opam-repository holds such pairs as two packages */
	ml_repo_add_package(r, "z", "1.00", "z100");
	ml_repo_add_package(r, "z", "1.0", "z10");
	ml_repo_add_package(r, "z", "0.9", "z09");
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_versions(u, "z", &v, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "0.9");
	assert_string_equal(v[1], "1.0");
	assert_string_equal(v[2], "1.00");
	assert_int_equal(ml_universe_get(u, "z", "1.00", &p, NULL), 0);
	assert_string_equal(p->version, "1.00");
	assert_string_equal(p->path, "echo/z100");
	assert_int_equal(ml_universe_get(u, "z", "1.0", &p, NULL), 0);
	assert_string_equal(p->path, "echo/z10");
	assert_int_equal(ml_universe_get(u, "z", "1.000", &p, NULL), ML_ENOTFOUND);
	ml_universe_free(u);
}

static void versions_in_opam_order(void **state)
{
	struct ml_universe *u = ml_universe_new();
	const char *const *v;
	size_t n;

	(void)state;
	ml_universe_add_repo(u, open_fixture("good"));
	assert_int_equal(ml_universe_versions(u, "a", &v, &n, NULL), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0], "1.0~beta");
	assert_string_equal(v[1], "1.0");
	assert_string_equal(v[2], "2.0");
	assert_string_equal(v[3], "10");
	ml_universe_free(u);
}

static void first_repository_wins(void **state)
{
	struct ml_universe *u = ml_universe_new();
	const struct ml_package *p;
	const char *const *v;
	size_t n;

	(void)state;
	ml_universe_add_repo(u, open_fixture("overlay"));
	ml_universe_add_repo(u, open_fixture("good"));
	assert_int_equal(ml_universe_versions(u, "a", &v, &n, NULL), 0);
	assert_int_equal(n, 5);
	assert_string_equal(v[2], "2.0");
	assert_string_equal(v[3], "2.0+dune");
	assert_int_equal(ml_universe_count(u), 7);
	assert_int_equal(ml_universe_get(u, "a", "2.0", &p, NULL), 0);
	assert_ptr_equal(p->repo, ml_universe_repo(u, 0));
	assert_string_equal(p->url.src, "https://overlay.example.com/a-2.0.tar.gz");
	assert_int_equal(ml_universe_get(u, "a", "1.0", &p, NULL), 0);
	assert_ptr_equal(p->repo, ml_universe_repo(u, 1));
	ml_universe_free(u);

	/* the other way round */
	u = ml_universe_new();
	ml_universe_add_repo(u, open_fixture("good"));
	ml_universe_add_repo(u, open_fixture("overlay"));
	assert_int_equal(ml_universe_get(u, "a", "2.0", &p, NULL), 0);
	assert_string_equal(p->url.src, "https://example.com/a-2.0.tar.gz");
	assert_int_equal(ml_universe_nrepos(u), 2);
	ml_universe_free(u);
}

static void unknown_name_and_version_are_named(void **state)
{
	struct ml_universe *u = ml_universe_new();
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_package *p = NULL;
	const char *const *v;
	size_t n;

	(void)state;
	ml_universe_add_repo(u, open_fixture("good"));
	assert_int_equal(ml_universe_versions(u, "nope", &v, &n, &err), ML_ENOTFOUND);
	assert_string_equal(err.msg, "unknown package 'nope'");
	assert_int_equal(ml_universe_get(u, "nope", "1", &p, &err), ML_ENOTFOUND);
	assert_string_equal(err.msg, "unknown package 'nope'");
	assert_int_equal(ml_universe_get(u, "a", "3.0", &p, &err), ML_ENOTFOUND);
	assert_string_equal(err.msg, "package 'a' has no version '3.0'");
	assert_null(p);
	ml_error_release(&err);
	ml_universe_free(u);
}

static void fields_are_extracted(void **state)
{
	struct ml_universe *u = ml_universe_new();
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_package *p;
	char *path;

	(void)state;
	ml_universe_add_repo(u, open_fixture("good"));
	if (ml_universe_get(u, "b", "0.1", &p, &err))
		fail_msg("%s", err.msg);
	path = fixture("good/packages/b/b.0.1/opam");
	assert_string_equal(p->path, path);
	assert_string_equal(p->dev_repo, "git+https://example.com/b.git");
	assert_int_equal(p->flags, ML_PKGF_AVOID_VERSION | ML_PKGF_DEPRECATED);
	assert_int_equal(p->nconflict_class, 1);
	assert_string_equal(p->conflict_class[0], "b-impl");
	assert_non_null(p->depends);
	assert_int_equal(p->depends->kind, ML_OPAM_LIST);
	assert_int_equal(p->depends->nitems, 3);
	assert_non_null(p->depopts);
	assert_non_null(p->conflicts);
	assert_non_null(p->available);
	assert_int_equal(p->available->kind, ML_OPAM_RELOP);
	assert_non_null(p->depexts);
	assert_string_equal(p->url.src, "https://example.com/b-0.1.tbz");
	assert_int_equal(p->url.nchecksums, 2);
	assert_true(ml_starts_with(p->url.checksums[0], "sha256=1111"));
	assert_true(ml_starts_with(p->url.checksums[1], "sha512=2222"));
	assert_int_equal(p->url.nmirrors, 1);
	assert_string_equal(p->url.mirrors[0], "https://mirror.example.com/b-0.1.tbz");
	assert_true(p->has_build);
	assert_true(p->has_install);

	/* a single checksum string, no install */
	assert_int_equal(ml_universe_get(u, "a", "1.0", &p, &err), 0);
	assert_int_equal(p->url.nchecksums, 1);
	assert_int_equal(p->url.nmirrors, 0);
	assert_null(p->dev_repo);
	assert_int_equal(p->nconflict_class, 0);
	assert_true(p->has_build);
	assert_false(p->has_install);
	assert_int_equal(p->flags, 0);

	/* flags: conf (literal), empty build, no url */
	assert_int_equal(ml_universe_get(u, "conf-foo", "1", &p, &err), 0);
	assert_int_equal(p->flags, ML_PKGF_CONF);
	assert_false(p->has_build);
	assert_null(p->url.src);
	assert_null(p->depends);
	free(path);
	ml_universe_free(u);
}

static void tags_flags_count_as_flags(void **state)
{
	struct ml_universe *u = ml_universe_new();
	const struct ml_package *p;

	(void)state;
	ml_universe_add_repo(u, open_fixture("flat"));
	assert_int_equal(ml_universe_get(u, "c", "1.1", &p, NULL), 0);
	assert_int_equal(p->flags, ML_PKGF_COMPILER);
	ml_universe_free(u);
}

static void field_errors_have_positions(void **state)
{
	struct ml_universe *u = ml_universe_new();
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_package *p = NULL;
	char *path;

	(void)state;
	ml_universe_add_repo(u, open_fixture("broken"));
	assert_int_equal(ml_universe_get(u, "nosrc", "1", &p, &err), ML_EPARSE);
	path = fixture("broken/packages/nosrc/nosrc.1/opam");
	assert_string_equal(err.path, path);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_string_equal(err.msg, "url section without 'src'");
	free(path);

	assert_int_equal(ml_universe_get(u, "badsum", "1", &p, &err), ML_EPARSE);
	assert_int_equal(err.line, 4);
	assert_int_equal(err.col, 54);
	assert_string_equal(err.msg, "checksum: expected a string");

	assert_int_equal(ml_universe_get(u, "bad", "1", &p, &err), ML_EPARSE);
	assert_int_equal(err.line, 2);
	assert_null(p);
	/* a failed parse is not cached: asking again gives the error again */
	assert_int_equal(ml_universe_get(u, "bad", "1", &p, &err), ML_EPARSE);
	assert_int_equal(ml_universe_get(u, "ok", "1", &p, &err), 0);
	ml_error_release(&err);
	ml_universe_free(u);
}

/* ---- archives ---- */

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/test-repo.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return ml_strdup(d);
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
	struct ml_buf b = ML_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (system(b.buf) != 0)
		fail_msg("command failed: %s", b.buf);
	ml_buf_release(&b);
}

static void archive_read_in_place(void **state)
{
	char *tmp = tmpdir(), *good = fixture("good"), *tgz;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_universe *u = ml_universe_new();
	struct ml_repo *r;
	const struct ml_package *p;
	struct ml_buf data = ML_BUF_INIT;

	(void)state;
	run("mkdir -p '%s/x' && cp -R '%s' '%s/x/good-1234' && tar -C '%s/x' -czf '%s/r.tar.gz' "
	    "good-1234 && rm -rf '%s/x'",
	    tmp, good, tmp, tmp, tmp, tmp);
	tgz = ml_xasprintf("%s/r.tar.gz", tmp);
	if (ml_repo_open(&r, tgz, &err))
		fail_msg("%s", err.msg);
	/* nothing was extracted */
	run("test \"$(ls '%s')\" = r.tar.gz", tmp);
	assert_int_equal(r->nentries, 6);
	assert_string_equal(r->spec, tgz);
	assert_non_null(r->hash);
	assert_true(ml_starts_with(r->hash, "sha256="));
	assert_int_equal(strlen(r->hash), 7 + 64);
	/* the hash is the archive file's */
	run("test \"sha256=$(sha256sum < '%s' | cut -d' ' -f1)\" = '%s'", tgz, r->hash);
	/* the top-level directory is stripped */
	assert_int_equal(ml_repo_read(r, "packages/b/b.0.1/opam", &data, &err), 0);
	assert_non_null(strstr(data.buf, "Every field the universe extracts"));
	assert_int_equal(ml_repo_read(r, "packages/zz/zz.1/opam", &data, &err), ML_ENOTFOUND);
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_get(u, "b", "0.1", &p, &err), 0);
	assert_int_equal(p->url.nchecksums, 2);
	assert_true(ml_ends_with(p->path, "r.tar.gz/packages/b/b.0.1/opam"));
	ml_universe_free(u);
	ml_buf_release(&data);
	ml_error_release(&err);
	run("rm -rf '%s'", tmp);
	free(tgz);
	free(good);
	free(tmp);
}

static void archive_without_top_directory(void **state)
{
	char *tmp = tmpdir(), *flat = fixture("flat"), *path;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_repo *r;

	(void)state;
	/* .tbz is recognised by content, whatever the name */
	run("tar -C '%s' -cjf '%s/r.weird' packages", flat, tmp);
	path = ml_xasprintf("file://%s/r.weird", tmp);
	if (ml_repo_open(&r, path, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(r->nentries, 2);
	assert_string_equal(r->url, path);
	ml_repo_free(r);
	ml_error_release(&err);
	run("rm -rf '%s'", tmp);
	free(path);
	free(flat);
	free(tmp);
}

static void hostile_archive_refused(void **state)
{
	char *tmp = tmpdir(), *tgz;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_repo *r = NULL;

	(void)state;
	run("cd '%s' && mkdir -p r/packages/a/a.1 evil && echo 'opam-version: \"2.0\"' > "
	    "r/packages/a/a.1/opam && cp r/packages/a/a.1/opam evil/opam && cd r && "
	    "tar -P -czf ../dotdot.tgz packages ../evil/opam && "
	    "tar -P -czf ../abs.tgz packages '%s/evil/opam' 2>/dev/null",
	    tmp, tmp);
	tgz = ml_xasprintf("%s/dotdot.tgz", tmp);
	assert_int_equal(ml_repo_open(&r, tgz, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "'../evil/opam'"));
	assert_null(r);
	free(tgz);
	tgz = ml_xasprintf("%s/abs.tgz", tmp);
	assert_int_equal(ml_repo_open(&r, tgz, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "absolute"));
	assert_null(r);
	ml_error_release(&err);
	run("rm -rf '%s'", tmp);
	free(tgz);
	free(tmp);
}

static void not_an_archive_is_an_error(void **state)
{
	char *tmp = tmpdir(), *f;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_repo *r = NULL;

	(void)state;
	f = ml_xasprintf("%s/notes.tar.gz", tmp);
	run("echo hello > '%s'", f);
	assert_int_not_equal(ml_repo_open(&r, f, &err), 0);
	assert_null(r);
	assert_non_null(strstr(err.msg, f));
	ml_error_release(&err);
	run("rm -rf '%s'", tmp);
	free(f);
	free(tmp);
}

static void spec_dispatch(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_repo *r = NULL;
	char *good = fixture("good"), *url = ml_xasprintf("file://%s", good);

	(void)state;
	assert_int_equal(ml_repo_open(&r, url, &err), 0);
	assert_string_equal(r->spec, url);
	assert_string_equal(r->url, url);
	assert_string_equal(r->display, good);
	assert_int_equal(ml_repo_list_all(r, NULL), 0);
	assert_int_equal(r->nentries, 6);
	ml_repo_free(r);
	r = NULL;
	assert_int_equal(ml_repo_open(&r, "https://example.com/r.tar.gz", &err), ML_EUSAGE);
	assert_int_equal(ml_repo_open(&r, "ftp://example.com/r", &err), ML_EUSAGE);
	assert_int_equal(ml_repo_open(&r, "/nonexistent/r", &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "/nonexistent/r"));
	assert_null(r);
	ml_error_release(&err);
	free(url);
	free(good);
}

static void content_hash_of_directory(void **state)
{
	static const char *const files[] = {
		"packages/a/a.1.0/opam",
		"packages/a/a.1.0~beta/opam",
		"packages/a/a.10/opam",
		"packages/a/a.2.0/opam",
		"packages/conf-foo/conf-foo.1/opam",
	};
	char *tmp = tmpdir(), *good = fixture("good"), *copy, *want, *h1, *h2, *h3 = NULL;
	struct ml_strvec paths = ML_STRVEC_INIT;
	struct ml_repo *r1, *r2;
	struct ml_buf hex = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	copy = ml_xasprintf("%s/copy", tmp);
	run("cp -R '%s' '%s'", good, copy);
	assert_int_equal(ml_repo_open_dir(&r1, good, &err), 0);
	assert_int_equal(ml_repo_open_dir(&r2, copy, &err), 0);
	assert_null(r1->hash);
	/* given in any order, repeated: each once, sorted */
	for (size_t i = ML_ARRAY_SIZE(files); i > 0; i--)
		ml_strvec_push(&paths, files[i - 1]);
	ml_strvec_push(&paths, files[0]);
	assert_int_equal(ml_repo_hash_files(&h1, r1, &paths, &err), 0);
	assert_int_equal(ml_repo_hash_files(&h2, r2, &paths, &err), 0);
	assert_string_equal(h1, h2);
	free(h2);
	/* the documented scheme, computed independently */
	want = ml_xasprintf("%s/want", tmp);
	run("cd '%s' && python3 -c 'import hashlib,sys\nh=hashlib.sha256()\nfor p in "
	    "sorted(sys.argv[1:]):\n d=open(p,\"rb\").read(); "
	    "h.update(p.encode()+b\"\\0\"+str(len(d)).encode()+b\"\\0\"+d)\n"
	    "print(\"sha256=\"+h.hexdigest(), end=\"\")' "
	    "packages/a/a.1.0/opam packages/a/a.1.0~beta/opam packages/a/a.10/opam "
	    "packages/a/a.2.0/opam packages/conf-foo/conf-foo.1/opam > '%s'",
	    good, want);
	assert_int_equal(ml_fs_read(&hex, want, 1000, &err), 0);
	assert_string_equal(h1, hex.buf);
	ml_repo_free(r2);
	/* one byte changed in a file hashed: another hash; in a file not hashed: the same */
	run("echo '# edit' >> '%s/packages/b/b.0.1/opam'", copy);
	assert_int_equal(ml_repo_open_dir(&r2, copy, &err), 0);
	assert_int_equal(ml_repo_hash_files(&h2, r2, &paths, &err), 0);
	assert_string_equal(h1, h2);
	free(h2);
	run("echo '# edit' >> '%s/packages/a/a.10/opam'", copy);
	assert_int_equal(ml_repo_hash_files(&h2, r2, &paths, &err), 0);
	assert_string_not_equal(h1, h2);
	/* a file that is not there is an error */
	ml_strvec_push(&paths, "packages/zz/zz.1/opam");
	assert_int_not_equal(ml_repo_hash_files(&h3, r2, &paths, &err), 0);
	ml_error_release(&err);
	ml_strvec_release(&paths);
	free(h1);
	free(h2);
	ml_repo_free(r1);
	ml_repo_free(r2);
	ml_buf_release(&hex);
	ml_error_release(&err);
	run("rm -rf '%s'", tmp);
	free(want);
	free(copy);
	free(good);
	free(tmp);
}

/*
 * A universe over a directory lists only the names it is asked about, and a name
 * whose directory disappeared after packages/ was read is simply unknown.
 */
static void universe_lists_names_lazily(void **state)
{
	char *tmp = tmpdir(), *good = fixture("good"), *copy = ml_xasprintf("%s/r", tmp);
	struct ml_universe *u = ml_universe_new();
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_repo_name *names;
	const char *const *versions;
	const struct ml_package *p;
	struct ml_repo *r;
	size_t n;

	(void)state;
	run("cp -R '%s' '%s'", good, copy);
	assert_int_equal(ml_repo_open_dir(&r, copy, &err), 0);
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_get(u, "b", "0.1", &p, &err), 0);
	assert_int_equal(ml_repo_names(r, &names), 3);
	assert_false(names[0].listed); /* a */
	assert_true(names[1].listed);  /* b */
	assert_false(names[2].listed); /* conf-foo */
	assert_int_equal(r->nentries, 1);
	run("rm -r '%s/packages/conf-foo'", copy);
	assert_int_equal(ml_universe_versions(u, "conf-foo", &versions, &n, &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "conf-foo"));
	ml_error_release(&err);
	assert_int_equal(ml_universe_versions(u, "a", &versions, &n, &err), 0);
	assert_int_equal(n, 4);
	ml_universe_free(u);
	run("rm -rf '%s'", tmp);
	free(copy);
	free(good);
	free(tmp);
}

/* Both layouts in one repository, names interleaved, one name in both: one index. */
static void mixed_layouts_make_one_index(void **state)
{
	char *tmp = tmpdir();
	struct ml_universe *u = ml_universe_new();
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_repo_name *names;
	const char *const *versions;
	struct ml_repo *r;
	size_t n;

	(void)state;
	run("cd '%s' && mkdir -p packages/a/a.1 packages/z/z.1 packages/c.1 packages/d.1 "
	    "packages/z.2 packages/b.3 && for d in packages/a/a.1 packages/z/z.1 packages/c.1 "
	    "packages/d.1 packages/z.2 packages/b.3; do echo 'opam-version: \"2.0\"' > $d/opam; "
	    "done",
	    tmp);
	assert_int_equal(ml_repo_open_dir(&r, tmp, &err), 0);
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_repo_names(r, &names), 5);
	assert_string_equal(names[0].name, "a");
	assert_string_equal(names[1].name, "b");
	assert_string_equal(names[2].name, "c");
	assert_string_equal(names[3].name, "d");
	assert_string_equal(names[4].name, "z");
	assert_int_equal(ml_universe_versions(u, "z", &versions, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(versions[0], "1");
	assert_string_equal(versions[1], "2");
	assert_int_equal(ml_universe_count(u), 6);
	ml_universe_free(u);
	run("rm -rf '%s'", tmp);
	free(tmp);
}

/* The entry of `name`'s version `version` in r, listing the name; NULL when not listed. */
static const struct ml_repo_entry *entry_of(struct ml_repo *r, const char *name,
					    const char *version, size_t *index)
{
	const struct ml_repo_name *names, *rn;
	size_t n = ml_repo_names(r, &names);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i].name, name) != 0)
			continue;
		assert_int_equal(ml_repo_name_entries(r, i, &rn, NULL), 0);
		for (size_t k = 0; k < rn->n; k++)
			if (!strcmp(r->entries[rn->idx[k]].version, version)) {
				*index = rn->idx[k];
				return &r->entries[rn->idx[k]];
			}
	}
	return NULL;
}

/*
 * A directory whose cache of parsed files lacks a file reads it while listing its name (a
 * cold lock parses it next): the bytes read then are handed over once, and only those the
 * cache lacks are read; a fifo where an opam file should be is not listed (and never blocks),
 * nor is a version directory without one. Without a cache nothing is read ahead.
 */
static void listing_reads_ahead_what_the_cache_lacks(void **state)
{
	char *tmp = tmpdir(), *repo = ml_xasprintf("%s/r", tmp), *cache = ml_xasprintf("%s/c", tmp);
	const char *old = getenv("XDG_CACHE_HOME");
	char *saved = old ? ml_strdup(old) : NULL;
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_repo_entry *e;
	struct ml_buf b = ML_BUF_INIT;
	struct ml_opam_file *f = NULL;
	struct ml_repo *r;
	size_t i1, i2, ix;

	(void)state;
	setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("MONOLOCK_NO_REPO_CACHE");
	run("mkdir -p '%s'/packages/a/a.1 '%s'/packages/a/a.2 '%s'/packages/a/a.3 "
	    "'%s'/packages/a/a.4 && printf 'opam-version: \"2.0\"\\n' > '%s'/packages/a/a.1/opam && "
	    "printf 'opam-version: \"2.0\"\\nsynopsis: \"two\"\\n' > '%s'/packages/a/a.2/opam && "
	    "mkfifo '%s'/packages/a/a.3/opam",
	    repo, repo, repo, repo, repo, repo, repo);
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_non_null(r->ucache);
	e = entry_of(r, "a", "1", &i1);
	assert_non_null(e);
	assert_null(entry_of(r, "a", "3", &ix)); /* the fifo */
	assert_null(entry_of(r, "a", "4", &ix)); /* no opam file */
	assert_int_equal(r->nentries, 2);
	assert_non_null(e->ahead);
	assert_string_equal(e->ahead, "opam-version: \"2.0\"\n");
	e = entry_of(r, "a", "2", &i2);
	assert_non_null(e->ahead);
	assert_int_equal(r->ahead_bytes, 20 + 36);
	/* handed over once: the next read is of the file as it is now */
	run("printf 'opam-version: \"2.0\"\\nsynopsis: \"new\"\\n' > '%s'/packages/a/a.1/opam",
	    repo);
	assert_int_equal(ml_repo_read_entry(r, i1, &b, &err), 0);
	assert_string_equal(b.buf, "opam-version: \"2.0\"\n");
	assert_null(r->entries[i1].ahead);
	assert_int_equal(r->ahead_bytes, 36);
	ml_buf_reset(&b);
	assert_int_equal(ml_repo_read_entry(r, i1, &b, &err), 0);
	assert_string_equal(b.buf, "opam-version: \"2.0\"\nsynopsis: \"new\"\n");
	/* a.2's parse in the cache (under any stamp): listed again, only a.1 is read ahead */
	assert_int_equal(ml_opam_parse(&f, "a.2", r->entries[i2].ahead, 36, &err), 0);
	ml_ucache_put(r->ucache, "packages/a/a.2/opam", 42, f);
	ml_opam_file_free(f);
	ml_repo_free(r);
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_true(ml_ucache_holds(r->ucache, "packages/a/a.2/opam"));
	assert_non_null(entry_of(r, "a", "1", &i1)->ahead);
	assert_null(entry_of(r, "a", "2", &i2)->ahead);
	ml_repo_free(r);
	/* no cache: read when asked for, as before */
	setenv("MONOLOCK_NO_REPO_CACHE", "1", 1);
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_null(entry_of(r, "a", "1", &i1)->ahead);
	assert_int_equal(r->ahead_bytes, 0);
	ml_repo_free(r);
	unsetenv("MONOLOCK_NO_REPO_CACHE");
	if (saved)
		setenv("XDG_CACHE_HOME", saved, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	run("rm -rf '%s'", tmp);
	ml_buf_release(&b);
	ml_error_release(&err);
	free(saved);
	free(cache);
	free(repo);
	free(tmp);
}

static void read_refuses_escaping_paths(void **state)
{
	struct ml_repo *r = open_fixture("good");
	struct ml_buf b = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	assert_int_equal(ml_repo_read(r, "../flat/packages/c.1.0/opam", &b, &err), ML_EUNSAFE);
	assert_int_equal(ml_repo_read(r, "/etc/passwd", &b, &err), ML_EUNSAFE);
	assert_int_equal(b.len, 0);
	assert_int_equal(ml_repo_read(r, "repo", &b, &err), 0);
	assert_string_equal(b.buf, "opam-version: \"2.0\"\n");
	ml_buf_release(&b);
	ml_error_release(&err);
	ml_repo_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_path_accepts_both_layouts),
		cmocka_unit_test(add_path_ignores_non_packages),
		cmocka_unit_test(open_dir_walks_nested_layout),
		cmocka_unit_test(open_dir_walks_flat_layout),
		cmocka_unit_test(universe_lists_names_lazily),
		cmocka_unit_test(mixed_layouts_make_one_index),
		cmocka_unit_test(open_dir_refuses_non_repository),
		cmocka_unit_test(listing_parses_nothing),
		cmocka_unit_test(get_parses_once_and_caches),
		cmocka_unit_test(check_does_not_cache),
		cmocka_unit_test(parsed_packages_survive_adding_repos),
		cmocka_unit_test(versions_in_opam_order),
		cmocka_unit_test(equal_versions_stay_distinct),
		cmocka_unit_test(first_repository_wins),
		cmocka_unit_test(unknown_name_and_version_are_named),
		cmocka_unit_test(fields_are_extracted),
		cmocka_unit_test(tags_flags_count_as_flags),
		cmocka_unit_test(field_errors_have_positions),
		cmocka_unit_test(archive_read_in_place),
		cmocka_unit_test(archive_without_top_directory),
		cmocka_unit_test(hostile_archive_refused),
		cmocka_unit_test(not_an_archive_is_an_error),
		cmocka_unit_test(spec_dispatch),
		cmocka_unit_test(read_refuses_escaping_paths),
		cmocka_unit_test(listing_reads_ahead_what_the_cache_lacks),
		cmocka_unit_test(content_hash_of_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
