/* Unit tests for lib/lock.c: the lock value, its order, lookups, equality and invariants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/ml.h"

#define SHA256 "sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define COMMIT "0123456789abcdef0123456789abcdef01234567"

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

/* A valid lock: two sources (an archive, a git repository), three vendored packages, two not. */
static struct ml_lock *make_lock(void)
{
	struct ml_lock *l = ml_lock_new();
	struct ml_lock_source *s;
	struct ml_lock_repo *r;

	ml_strvec_push(&l->roots, "app");
	r = ml_lock_add_repo(l);
	r->url = ml_strdup("file://./repo");
	r->hash = ml_strdup(SHA256);
	ml_lock_set_var(l, "os", "linux");
	ml_lock_set_var(l, "with-test", "false");
	ml_strvec_push(&add_pkg(l, "fmt", "0.9.0+dune", "fmt", NULL)->depends, "ocaml");
	add_pkg(l, "ocaml", "4.14.2", NULL, "compiler");
	add_pkg(l, "dune", "3.16.0", NULL, "tool");
	add_pkg(l, "foo", "1.0", "foo", NULL);
	add_pkg(l, "foo-lwt", "1.0", "foo", NULL);
	s = add_src(l, "fmt", "https://example.com/fmt-0.9.0.tbz", NULL);
	ml_strvec_push(&s->checksums, SHA256);
	ml_strvec_push(&s->packages, "fmt");
	s = add_src(l, "foo", "git+https://example.com/foo.git", COMMIT);
	ml_strvec_push(&s->packages, "foo-lwt");
	ml_strvec_push(&s->packages, "foo");
	return l;
}

static void new_lock_is_empty_and_free_accepts_null(void **state)
{
	struct ml_lock *l = ml_lock_new();

	(void)state;
	assert_string_equal(l->generator, "dune");
	assert_int_equal(l->npackages, 0);
	assert_int_equal(l->nsources, 0);
	assert_int_equal(ml_lock_validate(l, "x", NULL), 0);
	ml_lock_free(l);
	ml_lock_free(NULL);
}

static void set_var_replaces_and_get_var_finds(void **state)
{
	struct ml_lock *l = ml_lock_new();

	(void)state;
	ml_lock_set_var(l, "os", "linux");
	ml_lock_set_var(l, "arch", "x86_64");
	ml_lock_set_var(l, "os", "macos");
	assert_int_equal(l->nvars, 2);
	assert_string_equal(ml_lock_get_var(l, "os"), "macos");
	assert_string_equal(ml_lock_get_var(l, "arch"), "x86_64");
	assert_null(ml_lock_get_var(l, "nope"));
	ml_lock_free(l);
}

static void sort_orders_every_list(void **state)
{
	struct ml_lock *l = make_lock();

	(void)state;
	ml_strvec_push(&ml_lock_add_depext(l)->names, "zlib");
	ml_strvec_push(&ml_lock_add_depext(l)->names, "gmp");
	ml_lock_sort(l);
	assert_string_equal(l->packages[0].name, "dune");
	assert_string_equal(l->packages[1].name, "fmt");
	assert_string_equal(l->packages[2].name, "foo");
	assert_string_equal(l->packages[4].name, "ocaml");
	assert_string_equal(l->sources[0].dir, "fmt");
	assert_string_equal(l->sources[1].packages.v[0], "foo");
	assert_string_equal(l->sources[1].packages.v[1], "foo-lwt");
	assert_string_equal(l->vars[0].name, "os");
	assert_string_equal(l->depexts[0].names.v[0], "gmp");
	ml_lock_free(l);
}

static void find_package_and_source(void **state)
{
	struct ml_lock *l = make_lock();

	(void)state;
	assert_string_equal(ml_lock_find_package(l, "foo-lwt")->dir, "foo");
	assert_null(ml_lock_find_package(l, "bar"));
	assert_string_equal(ml_lock_find_source(l, "foo")->commit, COMMIT);
	assert_null(ml_lock_find_source(l, "bar"));
	ml_lock_free(l);
}

static void check_dir_rejects_unsafe_names(void **state)
{
	static const char *const bad[] = {
		"",     ".",    "..",   ".hidden", "../x", "a/b",
		"a\\b", "a\nb", "/abs", "dune",    "DUNE", "dune-project"
	};
	struct ml_error err = ML_ERROR_INIT;
	char longname[300];
	size_t i;

	(void)state;
	assert_int_equal(ml_lock_check_dir("fmt", &err), 0);
	assert_int_equal(ml_lock_check_dir("dune_", &err), 0);
	assert_int_equal(ml_lock_check_dir("ocaml-x.y", &err), 0);
	for (i = 0; i < ML_ARRAY_SIZE(bad); i++) {
		assert_int_equal(ml_lock_check_dir(bad[i], &err), ML_EUNSAFE);
		assert_non_null(strstr(err.msg, "directory name"));
	}
	/* each refusal says why */
	assert_int_equal(ml_lock_check_dir("..", &err), ML_EUNSAFE);
	assert_string_equal(err.msg, "unsafe directory name '..': it leaves the workspace");
	assert_int_equal(ml_lock_check_dir(".", &err), ML_EUNSAFE);
	assert_string_equal(err.msg, "unsafe directory name '.': it is the workspace itself");
	assert_int_equal(ml_lock_check_dir(".x", &err), ML_EUNSAFE);
	assert_string_equal(err.msg, "unsafe directory name '.x': hidden");
	assert_int_equal(ml_lock_check_dir(NULL, &err), ML_EUNSAFE);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(ml_lock_check_dir(longname, &err), ML_EUNSAFE);
	assert_int_equal(ml_lock_check_dir("../x", &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "'../x'"));
	/* the workspace's generated file: reserved, with what lock names such a directory */
	assert_int_equal(ml_lock_check_dir("dune", &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "duniverse/dune"));
	assert_non_null(strstr(err.msg, "'dune_'"));
	assert_true(ml_lock_dir_is_reserved("Dune"));
	assert_false(ml_lock_dir_is_reserved("dune-release"));
	ml_error_release(&err);
}

static void checksum_and_commit_syntax(void **state)
{
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	assert_int_equal(ml_lock_check_checksum(SHA256, &err), 0);
	assert_int_equal(ml_lock_check_checksum("md5=0123456789abcdef0123456789abcdef", &err), 0);
	assert_int_equal(ml_lock_check_checksum("sha256=zz", &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, "sha256=zz"));
	assert_int_equal(ml_lock_check_checksum("md5=0123456789ABCDEF0123456789abcdef", &err),
			 ML_EPARSE);
	assert_int_equal(
	    ml_lock_check_checksum("sha1=0123456789abcdef0123456789abcdef01234567", &err),
	    ML_EPARSE);
	assert_non_null(strstr(err.msg, "expected md5=, sha256= or sha512="));
	assert_int_equal(ml_lock_check_checksum("0123456789abcdef0123456789abcdef", &err),
			 ML_EPARSE);
	assert_true(ml_lock_is_commit(COMMIT));
	assert_false(ml_lock_is_commit("0123456"));
	assert_false(ml_lock_is_commit("0123456789abcdef0123456789abcdef0123456g"));
	assert_false(ml_lock_is_commit(NULL));
	ml_error_release(&err);
}

static void guess_reason_follows_design_rules(void **state)
{
	(void)state;
	assert_string_equal(ml_lock_guess_reason("ocaml"), "compiler");
	assert_string_equal(ml_lock_guess_reason("ocaml-base-compiler"), "compiler");
	assert_string_equal(ml_lock_guess_reason("ocaml-option-flambda"), "compiler");
	assert_string_equal(ml_lock_guess_reason("ocaml-options-vanilla"), "compiler");
	assert_string_equal(ml_lock_guess_reason("ocaml-config"), "compiler");
	assert_string_equal(ml_lock_guess_reason("dune"), "tool");
	assert_string_equal(ml_lock_guess_reason("ocamlbuild"), "tool");
	assert_string_equal(ml_lock_guess_reason("conf-gmp"), "virtual");
	assert_string_equal(ml_lock_guess_reason("base-unix"), "virtual");
}

static void validate_accepts_good_lock(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *l = make_lock();

	(void)state;
	assert_int_equal(ml_lock_validate(l, "monolock.lock", &err), 0);
	ml_lock_free(l);
	ml_error_release(&err);
}

/* Each breaks one invariant of make_lock() and names the message it must give. */
static void break_dir(struct ml_lock *l)
{
	free(l->sources[0].dir);
	l->sources[0].dir = ml_strdup("../x");
	free(l->packages[0].dir);
	l->packages[0].dir = ml_strdup("../x");
}
static void break_hidden(struct ml_lock *l)
{
	free(l->sources[0].dir);
	l->sources[0].dir = ml_strdup(".hidden");
}
static void break_checksum(struct ml_lock *l)
{
	free(l->sources[0].checksums.v[0]);
	l->sources[0].checksums.v[0] = ml_strdup("sha256=abc");
}
static void break_commit(struct ml_lock *l)
{
	free(l->sources[1].commit);
	l->sources[1].commit = ml_strdup("main");
}
static void break_missing_source(struct ml_lock *l)
{
	free(l->packages[0].dir);
	l->packages[0].dir = ml_strdup("elsewhere");
}
static void break_unknown_package(struct ml_lock *l)
{
	ml_strvec_push(&l->sources[0].packages, "ghost");
}
static void break_dup_package(struct ml_lock *l)
{
	add_pkg(l, "ocaml", "5.0", NULL, "compiler");
}
static void break_dup_dir(struct ml_lock *l)
{
	struct ml_lock_source *s = add_src(l, "fmt", "https://example.com/other.tbz", NULL);

	ml_strvec_push(&s->packages, "fmt");
}
static void break_dup_url(struct ml_lock *l)
{
	struct ml_lock_source *s = add_src(l, "fmt2", "https://example.com/fmt-0.9.0.tbz", NULL);

	ml_strvec_push(&s->packages, "fmt2");
	add_pkg(l, "fmt2", "1", "fmt2", NULL);
}
static void break_reason(struct ml_lock *l)
{
	free(l->packages[1].reason);
	l->packages[1].reason = NULL;
}
static void break_reason_value(struct ml_lock *l)
{
	free(l->packages[1].reason);
	l->packages[1].reason = ml_strdup("because");
}
static void break_vendored_reason(struct ml_lock *l)
{
	l->packages[0].reason = ml_strdup("virtual");
}
static void break_unlisted(struct ml_lock *l)
{
	ml_strvec_release(&l->sources[1].packages);
	ml_strvec_push(&l->sources[1].packages, "foo");
}
static void break_git_checksums(struct ml_lock *l)
{
	ml_strvec_push(&l->sources[1].checksums, SHA256);
}
static void break_repo_hash(struct ml_lock *l)
{
	free(l->repos[0].hash);
	l->repos[0].hash = ml_strdup("sha256=");
}
static void break_repo_both(struct ml_lock *l)
{
	l->repos[0].commit = ml_strdup(COMMIT);
}
static void break_name(struct ml_lock *l)
{
	free(l->packages[2].name);
	l->packages[2].name = ml_strdup("bad name");
}
static void break_version(struct ml_lock *l)
{
	free(l->packages[2].version);
	l->packages[2].version = ml_strdup("");
}
static void break_empty_source(struct ml_lock *l)
{
	add_src(l, "empty", "https://example.com/e.tbz", NULL);
}
static void break_dup_var(struct ml_lock *l)
{
	/* set_var would replace: append by hand as a buggy producer could. */
	ML_ALLOC_GROW(l->vars, l->nvars + 1, l->vars_alloc);
	l->vars[l->nvars].name = ml_strdup("os");
	l->vars[l->nvars++].value = ml_strdup("macos");
}

static void validate_rejects_each_broken_invariant(void **state)
{
	static const struct {
		void (*breaker)(struct ml_lock *);
		const char *msg;
	} cases[] = {
		{ break_dir, "unsafe directory name '../x'" },
		{ break_hidden, "unsafe directory name '.hidden': hidden" },
		{ break_checksum, "bad checksum 'sha256=abc'" },
		{ break_commit, "commit 'main' is not 40 lowercase hex digits" },
		{ break_missing_source, "package 'fmt': no source for directory 'elsewhere'" },
		{ break_unknown_package, "package 'ghost' is not in packages" },
		{ break_dup_package, "package 'ocaml' is listed twice" },
		{ break_dup_dir, "directory 'fmt' is used by two sources" },
		{ break_dup_url,
		  "sources 'fmt' and 'fmt2' have the same url https://example.com/fmt-0.9.0.tbz" },
		{ break_reason, "package 'ocaml': not vendored" },
		{ break_reason_value, "(not 'because')" },
		{ break_vendored_reason, "vendored in 'fmt' but has a reason" },
		{ break_unlisted, "package 'foo-lwt': source 'foo' does not list it" },
		{ break_git_checksums, "a git commit and checksums" },
		{ break_repo_hash, "repository 'file://./repo': bad checksum" },
		{ break_repo_both, "both a commit and a hash" },
		{ break_name, "bad package name 'bad name'" },
		{ break_version, "package 'dune': bad version ''" },
		{ break_empty_source, "source 'empty' lists no package" },
		{ break_dup_var, "variable 'os' is set twice" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		struct ml_error err = ML_ERROR_INIT;
		struct ml_lock *l = make_lock();

		cases[i].breaker(l);
		assert_int_equal(ml_lock_validate(l, "dir/monolock.lock", &err), ML_EPARSE);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: '%s' does not contain '%s'", i, err.msg, cases[i].msg);
		assert_string_equal(err.path, "dir/monolock.lock");
		ml_error_release(&err);
		ml_lock_free(l);
	}
}

/* What names this machine rather than a server (a repository may not). */
static void url_is_local_tells_paths_from_servers(void **state)
{
	static const char *const local[] = {
		"file:///home/u/.ssh",
		"file://./vendor/a",
		"FILE:///x",
		"git+file:///r#main",
		"/abs/path",
		"rel/path",
		"",
		"://x",
		"./a://b",
	};
	static const char *const remote[] = {
		"https://h/a.tgz",
		"http://h/a.tgz",
		"git+https://h/r.git#0123456789abcdef0123456789abcdef01234567",
		"git://h/r",
		"git+ssh://git@h/r.git",
		"ftp://h/a.tgz",
	};
	struct ml_lock_source s = { 0 };
	char url1[] = "file://./a", url2[] = "/abs", url3[] = "file://./a.tgz";

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(local); i++)
		if (!ml_lock_url_is_local(local[i]))
			fail_msg("'%s' should be local", local[i]);
	for (size_t i = 0; i < ML_ARRAY_SIZE(remote); i++)
		if (ml_lock_url_is_local(remote[i]))
			fail_msg("'%s' should not be local", remote[i]);
	/* a local source is a directory to copy: file://, no commit, no checksum */
	ml_strvec_init(&s.checksums);
	s.url = url1;
	assert_true(ml_lock_source_is_local(&s));
	s.url = url2;
	assert_false(ml_lock_source_is_local(&s));
	s.url = url3;
	ml_strvec_push(&s.checksums, "md5=00000000000000000000000000000000");
	assert_false(ml_lock_source_is_local(&s));
	ml_strvec_release(&s.checksums);
}

static void equal_ignores_order_but_not_content(void **state)
{
	struct ml_lock *a = make_lock(), *b = make_lock(), *c;

	(void)state;
	assert_true(ml_lock_equal(a, b));
	ml_lock_sort(b);
	assert_true(ml_lock_equal(a, b));
	assert_true(ml_lock_equal(NULL, NULL));
	assert_false(ml_lock_equal(a, NULL));

	c = ml_lock_dup(a);
	assert_true(ml_lock_equal(a, c));
	free(c->packages[1].reason);
	c->packages[1].reason = ml_strdup("virtual");
	assert_false(ml_lock_equal(a, c));
	ml_lock_free(c);

	c = ml_lock_dup(a);
	ml_strvec_push(&c->sources[0].mirrors, "https://mirror.example.com");
	assert_false(ml_lock_equal(a, c));
	ml_lock_free(c);

	c = ml_lock_dup(a);
	ml_lock_set_var(c, "os", "freebsd");
	assert_false(ml_lock_equal(a, c));
	ml_lock_free(c);

	c = ml_lock_dup(a);
	free(c->generator);
	c->generator = ml_strdup("none");
	assert_false(ml_lock_equal(a, c));
	ml_lock_free(c);

	c = ml_lock_dup(a);
	ml_strvec_push(&c->packages[0].depends, "dune");
	assert_false(ml_lock_equal(a, c));
	ml_lock_free(c);

	ml_lock_free(a);
	ml_lock_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_lock_is_empty_and_free_accepts_null),
		cmocka_unit_test(set_var_replaces_and_get_var_finds),
		cmocka_unit_test(sort_orders_every_list),
		cmocka_unit_test(find_package_and_source),
		cmocka_unit_test(check_dir_rejects_unsafe_names),
		cmocka_unit_test(checksum_and_commit_syntax),
		cmocka_unit_test(guess_reason_follows_design_rules),
		cmocka_unit_test(validate_accepts_good_lock),
		cmocka_unit_test(validate_rejects_each_broken_invariant),
		cmocka_unit_test(url_is_local_tells_paths_from_servers),
		cmocka_unit_test(equal_ignores_order_but_not_content),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
