/* Unit tests for lib/vendor: what is vendored, directories, sources, depexts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/ml.h"

/* A vendorable package: url, build, dev-repo (NULL for none). */
static struct ml_package mkpkg(const char *name, const char *version, const char *dev_repo,
			       const char *url)
{
	struct ml_package p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.version = version;
	p.path = "test/opam";
	p.dev_repo = dev_repo;
	p.url.src = url;
	p.has_build = true;
	p.has_install = false;
	return p;
}

static struct ml_solved *add(struct ml_solution *s, const struct ml_package *p)
{
	struct ml_solved *e = ml_solution_add(s);

	e->pkg = p;
	return e;
}

struct warns {
	struct ml_buf text;
};

static void record(void *ctx, const char *msg)
{
	struct warns *w = ctx;

	ml_buf_addf(&w->text, "%s\n", msg);
}

static void reasons(void **state)
{
	struct ml_package p = mkpkg("foo", "1", "https://h/foo.git", "https://h/foo.tbz");

	(void)state;
	assert_null(ml_vendor_reason(&p));
	p.flags = ML_PKGF_COMPILER;
	assert_string_equal(ml_vendor_reason(&p), "compiler");
	p.flags = 0;
	p.name = "ocaml-option-flambda";
	assert_string_equal(ml_vendor_reason(&p), "compiler");
	p.name = "ocaml-options-vanilla";
	assert_string_equal(ml_vendor_reason(&p), "compiler");
	p.name = "ocaml-base-compiler";
	assert_string_equal(ml_vendor_reason(&p), "compiler");
	p.name = "ocamlbuild";
	assert_string_equal(ml_vendor_reason(&p), "tool");
	p.name = "dune";
	assert_string_equal(ml_vendor_reason(&p), "tool");
	p.name = "conf-gmp";
	assert_string_equal(ml_vendor_reason(&p), "virtual");
	p.name = "foo";
	p.flags = ML_PKGF_CONF;
	assert_string_equal(ml_vendor_reason(&p), "virtual");
	p.flags = 0;
	p.has_build = false;
	assert_string_equal(ml_vendor_reason(&p), "virtual");
	p.has_install = true;
	assert_null(ml_vendor_reason(&p));
	p.url.src = NULL;
	assert_string_equal(ml_vendor_reason(&p), "virtual");
	assert_true(ml_vendor_is_dune("dune"));
	assert_true(ml_vendor_is_dune("jbuilder"));
	assert_false(ml_vendor_is_dune("dune-configurator"));
}

static void dir_names(void **state)
{
	static const char *const cases[][2] = {
		{ "git+https://github.com/dbuenzli/fmt.git", "fmt" },
		{ "https://github.com/mirage/ocaml-cstruct", "ocaml-cstruct" },
		{ "git+https://github.com/ocaml/dune.git", "dune_" },
		{ "git://github.com/ocaml/dune", "dune_" },
		{ "git@github.com:janestreet/base.git", "base" },
		{ "git+https://github.com/x/lwt.ssl.git#main", "lwt" },
		{ "https://gitlab.com/x/y/", "y" },
		{ "git+https://github.com/x/dune-release.git", "dune-release" },
		{ "https://github.com/x/Dune.git", "Dune_" },
		{ "https://github.com/x/dune-project.git", "dune-project_" },
	};
	char *d;

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		d = ml_vendor_dir_name(cases[i][0]);
		assert_non_null(d);
		assert_string_equal(d, cases[i][1]);
		free(d);
	}
	assert_null(ml_vendor_dir_name("https://h/x/.hidden"));
	assert_null(ml_vendor_dir_name(""));
}

static void dev_repo_keys(void **state)
{
	char *a = ml_vendor_dev_repo_key("git+https://github.com/mirage/u.git");
	char *b = ml_vendor_dev_repo_key("https://github.com/mirage/u/");
	char *c = ml_vendor_dev_repo_key("git@github.com:mirage/u.git");
	char *d = ml_vendor_dev_repo_key("https://github.com/mirage/v.git");

	(void)state;
	assert_string_equal(a, "github.com/mirage/u");
	assert_string_equal(b, a);
	assert_string_equal(c, a);
	assert_string_not_equal(d, a);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void lock_groups_by_dev_repo_and_url(void **state)
{
#define SHA256 "sha256=" HEX32 HEX32
#define SHA512 "sha512=" HEX32 HEX32 HEX32 HEX32
#define HEX32 "0123456789abcdef0123456789abcdef"
	static const char *const sums1[] = { SHA256, SHA512 };
	static const char *const sums2[] = { SHA256, "md5=" HEX32 };
	static const char *const mirrors[] = { "https://mirror/u-1.tbz" };
	struct ml_package core =
	    mkpkg("u-core", "1.0", "git+https://h/m/u.git", "https://h/u-1.tbz");
	struct ml_package lwt = mkpkg("u-lwt", "1.0", "https://h/m/u", "https://h/u-1.tbz");
	struct ml_package dconf = mkpkg("dune-configurator", "3.0", "git+https://h/ocaml/dune.git",
					"https://h/dune-3.tbz");
	struct ml_package nodev = mkpkg("nodev", "2", NULL, "https://h/nodev-2.tbz");
	struct ml_package nodev2 = mkpkg("nodev-extra", "2", NULL, "https://h/nodev-2.tbz");
	struct ml_package git =
	    mkpkg("g", "1", "https://h/g.git",
		  "git+https://h/g.git#0123456789abcdef0123456789abcdef01234567");
	struct ml_package branch =
	    mkpkg("br", "1", "https://h/br.git", "git+https://h/br.git#main");
	struct ml_package ocaml = mkpkg("ocaml", "4.14.2", NULL, NULL);
	struct ml_package app = mkpkg("app", "dev", NULL, NULL);
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct warns w = { ML_BUF_INIT };
	struct ml_vendor_opts o = { NULL, "dune", record, &w };
	const struct ml_lock_source *src;
	const struct ml_lock_package *lp;
	struct ml_solved *e;

	(void)state;
	core.url.checksums = sums1;
	core.url.nchecksums = 2;
	core.url.mirrors = mirrors;
	core.url.nmirrors = 1;
	lwt.url.checksums = sums2;
	lwt.url.nchecksums = 2;
	e = add(s, &lwt);
	ml_strvec_push(&e->depends, "u-core");
	add(s, &core);
	add(s, &dconf);
	add(s, &nodev);
	add(s, &nodev2);
	add(s, &git);
	add(s, &branch);
	add(s, &ocaml);
	e = add(s, &app);
	e->root = true;
	ml_strvec_push(&e->depends, "u-core");
	ml_strvec_push(&s->roots, "app");
	ml_solution_sort(s);
	assert_int_equal(ml_vendor_lock(&lock, s, &o, &err), 0);

	assert_string_equal(lock->generator, "dune");
	assert_int_equal(lock->roots.n, 1);
	assert_string_equal(lock->roots.v[0], "app");
	/* roots are listed, never vendored, so that `why` can walk from them */
	assert_non_null(ml_lock_find_package(lock, "app"));
	assert_null(ml_lock_find_package(lock, "app")->dir);
	assert_string_equal(ml_lock_find_package(lock, "app")->reason, "root");
	assert_int_equal(lock->npackages, 9);
	lp = ml_lock_find_package(lock, "ocaml");
	assert_null(lp->dir);
	assert_string_equal(lp->reason, "compiler");
	lp = ml_lock_find_package(lock, "u-lwt");
	assert_string_equal(lp->dir, "u");
	assert_null(lp->reason);
	assert_int_equal(lp->depends.n, 1);
	assert_string_equal(lp->depends.v[0], "u-core");

	assert_int_equal(lock->nsources, 5);
	src = ml_lock_find_source(lock, "u");
	assert_string_equal(src->url, "https://h/u-1.tbz");
	assert_null(src->commit);
	assert_int_equal(src->packages.n, 2);
	assert_string_equal(src->packages.v[0], "u-core");
	assert_string_equal(src->packages.v[1], "u-lwt");
	assert_int_equal(src->checksums.n, 3); /* union, sorted */
	assert_string_equal(src->checksums.v[0], "md5=" HEX32);
	assert_string_equal(src->checksums.v[1], SHA256);
	assert_string_equal(src->checksums.v[2], SHA512);
	assert_int_equal(src->mirrors.n, 1);
	src = ml_lock_find_source(lock, "dune_");
	assert_string_equal(src->packages.v[0], "dune-configurator");
	src = ml_lock_find_source(lock, "nodev");
	assert_int_equal(src->packages.n, 2); /* same url, no dev-repo: one source */
	src = ml_lock_find_source(lock, "g");
	assert_string_equal(src->url, "git+https://h/g.git");
	assert_string_equal(src->commit, "0123456789abcdef0123456789abcdef01234567");
	src = ml_lock_find_source(lock, "br");
	assert_string_equal(src->url, "git+https://h/br.git#main");
	assert_null(src->commit);
	/* not a lock yet: the caller pins the branch (ml_git_lock_sources) */
	assert_int_equal(ml_lock_validate(lock, "test.lock", &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, "source 'br' (package br): git url "
					"'git+https://h/br.git#main' has no commit"));
	{
		struct ml_lock_source *b = (struct ml_lock_source *)src;

		free(b->url);
		b->url = ml_strdup("git+https://h/br.git");
		b->commit = ml_strdup("0123456789abcdef0123456789abcdef01234567");
	}
	assert_string_equal(
	    w.text.buf, "nodev.2 has no dev-repo: vendored in nodev, grouped by its source url\n");
	if (ml_lock_validate(lock, "test.lock", &err) != 0)
		fail_msg("%s", err.msg);
	ml_lock_free(lock);
	ml_solution_free(s);
	ml_buf_release(&w.text);
	ml_error_release(&err);
}

static void lock_reasons_and_warnings(void **state)
{
	struct ml_package nourl = mkpkg("nourl", "1.0", NULL, NULL);
	struct ml_package conf = mkpkg("conf-gmp", "1", NULL, NULL);
	struct ml_package solo = mkpkg("solo", "1", "https://h/solo.git", "https://h/solo.tbz");
	struct ml_package dune = mkpkg("dune", "3.0", "https://h/dune.git", "https://h/dune.tbz");
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct warns w = { ML_BUF_INIT };
	struct ml_vendor_opts o = { NULL, "none", record, &w };

	(void)state;
	add(s, &nourl);
	add(s, &conf);
	add(s, &solo)->opam_provided = true;
	add(s, &dune)->opam_provided = true;
	ml_solution_sort(s);
	assert_int_equal(ml_vendor_lock(&lock, s, &o, &err), 0);
	assert_string_equal(lock->generator, "none");
	assert_int_equal(lock->nsources, 0);
	assert_string_equal(ml_lock_find_package(lock, "nourl")->reason, "virtual");
	assert_string_equal(ml_lock_find_package(lock, "conf-gmp")->reason, "virtual");
	assert_string_equal(ml_lock_find_package(lock, "solo")->reason, "opam-provided");
	assert_string_equal(ml_lock_find_package(lock, "dune")->reason, "tool");
	assert_string_equal(w.text.buf,
			    "nourl.1.0 has build instructions but no url: not vendored\n");
	ml_lock_free(lock);
	ml_solution_free(s);
	ml_buf_release(&w.text);
	ml_error_release(&err);
}

static void two_dev_repos_one_dir_is_an_error(void **state)
{
	struct ml_package a =
	    mkpkg("lib-a", "1", "https://one.example.com/a/lib.git", "https://h/a.tbz");
	struct ml_package b =
	    mkpkg("lib-b", "1", "https://two.example.com/b/lib.git", "https://h/b.tbz");
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	add(s, &a);
	add(s, &b);
	ml_solution_sort(s);
	assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), ML_EUNSAT);
	assert_null(lock);
	assert_string_equal(err.msg,
			    "dev-repo https://one.example.com/a/lib.git (lib-a.1) and dev-repo "
			    "https://two.example.com/b/lib.git (lib-b.1) both map to the workspace "
			    "directory lib");
	ml_solution_free(s);
	ml_error_release(&err);
}

static void two_dev_repos_one_url_is_one_source(void **state)
{
	struct ml_package a = mkpkg("x-core", "1", "https://h/x.git", "https://h/x-1.tbz");
	struct ml_package b =
	    mkpkg("x-extra", "1", "https://mirror/x-extra.git", "https://h/x-1.tbz");
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	add(s, &a);
	add(s, &b);
	ml_solution_sort(s);
	assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), 0);
	assert_int_equal(lock->nsources, 1);
	assert_string_equal(lock->sources[0].dir, "x");
	assert_int_equal(lock->sources[0].packages.n, 2);
	assert_int_equal(ml_lock_validate(lock, "t", &err), 0);
	ml_lock_free(lock);
	ml_solution_free(s);
	ml_error_release(&err);
}

static void dev_repo_with_two_urls_is_an_error(void **state)
{
	struct ml_package a = mkpkg("u-core", "2", "https://h/u.git", "https://h/u-2.tbz");
	struct ml_package b = mkpkg("u-lwt", "1", "https://h/u.git", "https://h/u-1.tbz");
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	add(s, &a);
	add(s, &b);
	ml_solution_sort(s);
	assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), ML_EUNSAT);
	assert_string_equal(err.msg,
			    "u-core.2 and u-lwt.1 share dev-repo https://h/u.git but come "
			    "from different sources: https://h/u-2.tbz and https://h/u-1.tbz");
	ml_solution_free(s);
	ml_error_release(&err);
}

static void unusable_dir_is_refused(void **state)
{
	struct ml_package a = mkpkg("x", "1", "https://h/x/.hidden", "https://h/x.tbz");
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	add(s, &a);
	assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), ML_EUNSAFE);
	assert_string_equal(err.msg,
			    "x.1: dev-repo https://h/x/.hidden gives no usable directory name");
	ml_solution_free(s);
	ml_error_release(&err);
}

/* Repositories are third-party: only a pin's package may name a local directory. */
static void local_url_only_from_a_pin(void **state)
{
	static const char *const urls[] = { "file:///home/u/.ssh", "/home/u/.ssh",
					    "git+file:///home/u/r#main" };
	struct ml_repo third = { 0 }, pin = { 0 };
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	pin.pin = true;
	for (size_t i = 0; i < ML_ARRAY_SIZE(urls); i++) {
		struct ml_package a = mkpkg("x", "1", NULL, urls[i]);
		struct ml_solution *s = ml_solution_new();
		char *want = ml_xasprintf("x.1: test/opam: url '%s' is a local path: a repository "
					  "may not name files of this machine (pin the package "
					  "with pin-depends in the project's opam file instead)",
					  urls[i]);

		a.repo = &third;
		add(s, &a);
		assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), ML_EUNSAFE);
		assert_string_equal(err.msg, want);
		ml_error_release(&err);
		a.repo = NULL; /* no repository is no pin either */
		assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), ML_EUNSAFE);
		ml_error_release(&err);
		free(want);
		ml_solution_free(s);
	}
	{
		struct ml_package a = mkpkg("x", "1", NULL, "file://../mylib");
		struct ml_package b = mkpkg("y", "1", NULL,
					    "git+file://../y#"
					    "0123456789abcdef0123456789abcdef01234567");
		struct ml_solution *s = ml_solution_new();

		a.repo = b.repo = &pin;
		add(s, &a);
		add(s, &b);
		ml_solution_sort(s);
		assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), 0);
		assert_true(ml_lock_find_source(lock, "x")->pin);
		/* a git pin is no local directory: pull exports a commit, not a directory */
		assert_false(ml_lock_find_source(lock, "y")->pin);
		assert_int_equal(ml_lock_validate(lock, "t", &err), 0);
		ml_lock_free(lock);
		ml_solution_free(s);
	}
}

/*
 * Every solved package's depexts, vendored or not, each entry with its filter as text (not
 * evaluated: `depext` does that on the host where it runs), entries sorted, each once.
 */
static void depexts_kept_with_their_filters(void **state)
{
	static const char text[] =
	    "depexts: [\n"
	    "  [\"libgmp-dev\"] {os-family = \"debian\"}\n"
	    "  [\"gmp\"] {os = \"macos\"}\n"
	    "  [\"pkg-config\" \"m4\" \"m4\"] {os-family=\"debian\" & (arch = \"x86_64\")}\n"
	    "  [\"always\"]\n"
	    "  [\"libgmp-dev\"] {os-family = \"debian\"}\n"
	    "  [] {os = \"linux\"}\n"
	    "]\n";
	struct ml_opam_file *f = NULL;
	struct ml_package conf = mkpkg("conf-gmp", "1", NULL, NULL);
	struct ml_package vend = mkpkg("zarith", "1", "https://h/zarith.git", "https://h/z.tbz");
	struct ml_solution *s = ml_solution_new();
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	assert_int_equal(ml_opam_parse(&f, "conf-gmp/opam", text, strlen(text), &err), 0);
	conf.depexts = ml_opam_field(f, "depexts");
	vend.depexts = conf.depexts; /* the same entries again: kept once */
	add(s, &conf);
	add(s, &vend);
	ml_solution_sort(s);
	assert_int_equal(ml_vendor_lock(&lock, s, NULL, &err), 0);
	assert_int_equal(lock->ndepexts, 4);
	assert_string_equal(lock->depexts[0].names.v[0], "always");
	assert_null(lock->depexts[0].filter);
	assert_string_equal(lock->depexts[1].names.v[0], "gmp");
	assert_string_equal(lock->depexts[1].filter, "os = \"macos\"");
	assert_string_equal(lock->depexts[2].names.v[0], "libgmp-dev");
	assert_string_equal(lock->depexts[2].filter, "os-family = \"debian\"");
	assert_int_equal(lock->depexts[3].names.n, 2);
	assert_string_equal(lock->depexts[3].names.v[0], "m4");
	assert_string_equal(lock->depexts[3].names.v[1], "pkg-config");
	assert_string_equal(lock->depexts[3].filter,
			    "os-family = \"debian\" & (arch = \"x86_64\")");
	assert_int_equal(ml_lock_validate(lock, "t", &err), 0);
	ml_lock_free(lock);
	ml_solution_free(s);

	ml_opam_file_free(f);
	ml_error_release(&err);
}

static void solution_find_and_free_null(void **state)
{
	struct ml_package a = mkpkg("a", "1", NULL, NULL), b = mkpkg("b", "1", NULL, NULL);
	struct ml_solution *s = ml_solution_new();

	(void)state;
	add(s, &b);
	add(s, &a);
	ml_solution_sort(s);
	assert_ptr_equal(ml_solution_find(s, "a")->pkg, &a);
	assert_ptr_equal(ml_solution_find(s, "b")->pkg, &b);
	assert_null(ml_solution_find(s, "c"));
	ml_solution_free(s);
	ml_solution_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reasons),
		cmocka_unit_test(dir_names),
		cmocka_unit_test(dev_repo_keys),
		cmocka_unit_test(lock_groups_by_dev_repo_and_url),
		cmocka_unit_test(lock_reasons_and_warnings),
		cmocka_unit_test(two_dev_repos_one_dir_is_an_error),
		cmocka_unit_test(two_dev_repos_one_url_is_one_source),
		cmocka_unit_test(dev_repo_with_two_urls_is_an_error),
		cmocka_unit_test(unusable_dir_is_refused),
		cmocka_unit_test(local_url_only_from_a_pin),
		cmocka_unit_test(depexts_kept_with_their_filters),
		cmocka_unit_test(solution_find_and_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
