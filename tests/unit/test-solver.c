/* Unit tests for solver/: policy, constraints, minimal update, and failure explanations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/ucache.h"
#include "solver/solver.h"

#define REPO "fixtures/solver/repo"
#define PKG(n, v) REPO "/packages/" n "/" n "." v "/opam"

struct fx {
	struct ml_universe *u;
	struct ml_vars *vars;
	struct ml_solve_opts o;
	struct ml_solution *sol;
	struct ml_error err;
	struct ml_buf warns;
	const char *roots[4];
	bool repos_added;
};

static void record_warning(void *ctx, const char *msg)
{
	struct fx *fx = ctx;

	ml_buf_addf(&fx->warns, "%s\n", msg);
}

static void add_repo(struct fx *fx, const char *dir)
{
	struct ml_repo *r = NULL;

	assert_int_equal(ml_repo_open_dir(&r, dir, &fx->err), 0);
	ml_universe_add_repo(fx->u, r);
}

static int setup(void **state)
{
	struct fx *fx = ml_calloc(1, sizeof(*fx));
	const char *root = getenv("SOURCE_ROOT");

	if (root && chdir(root) != 0)
		return -1;
	fx->u = ml_universe_new();
	fx->vars = ml_vars_new();
	ml_vars_set(fx->vars, "os", "linux");
	ml_vars_set(fx->vars, "os-family", "debian");
	ml_vars_set(fx->vars, "arch", "x86_64");
	ml_vars_set(fx->vars, "with-test", "false");
	ml_vars_set(fx->vars, "with-doc", "false");
	ml_vars_set(fx->vars, "build", "true");
	ml_vars_set(fx->vars, "post", "true");
	ml_buf_init(&fx->warns);
	fx->o.vars = fx->vars;
	fx->o.roots = fx->roots;
	fx->o.generator = ML_GEN_NONE;
	fx->o.warn = record_warning;
	fx->o.warn_ctx = fx;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	ml_solution_free(fx->sol);
	ml_universe_free(fx->u);
	ml_vars_free(fx->vars);
	ml_error_release(&fx->err);
	ml_buf_release(&fx->warns);
	free(fx);
	return 0;
}

/* Solves for one root against the fixture repository (plus the overlay first if asked). */
static int solve1(struct fx *fx, const char *root, bool overlay)
{
	/* Once per universe: a second solve reuses it, as `lock` would. */
	if (!fx->repos_added) {
		if (overlay)
			add_repo(fx, "fixtures/solver/overlay");
		add_repo(fx, REPO);
		fx->repos_added = true;
	}
	fx->roots[0] = root;
	fx->o.nroots = 1;
	ml_solution_free(fx->sol);
	fx->sol = NULL;
	return ml_solve(&fx->sol, fx->u, &fx->o, &fx->err);
}

static const char *chosen(struct fx *fx, const char *name)
{
	const struct ml_solved *s = ml_solution_find(fx->sol, name);

	return s ? s->pkg->version : NULL;
}

static void assert_solved(struct fx *fx, const char *root, bool overlay)
{
	int r = solve1(fx, root, overlay);

	if (r != 0)
		fail_msg("solve %s: %s", root, fx->err.msg);
}

/* ---- policy ---- */

static void newest_versions_and_filters(void **state)
{
	struct fx *fx = *state;
	const struct ml_solved *app, *a;

	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "10.0"); /* ranks compare as numbers: 10 > 2 */
	assert_string_equal(chosen(fx, "b"), "1.1");
	assert_string_equal(chosen(fx, "c"), "1"); /* {with-test} of a root */
	assert_string_equal(chosen(fx, "d"), "1"); /* {os = "linux"} */
	assert_null(chosen(fx, "e"));              /* {os = "macos"} */
	assert_null(chosen(fx, "z"));              /* {with-test} of a non-root */
	/* ("f" {>= "2.0"} | "g"): f has only 1.0 */
	assert_null(chosen(fx, "f"));
	assert_string_equal(chosen(fx, "g"), "1");
	assert_int_equal(fx->sol->n, 6);
	app = ml_solution_find(fx->sol, "app");
	assert_true(app->root);
	assert_int_equal(app->depends.n, 4);
	assert_string_equal(app->depends.v[0], "a");
	assert_string_equal(app->depends.v[3], "g");
	a = ml_solution_find(fx->sol, "a");
	assert_false(a->root);
	assert_int_equal(a->depends.n, 1);
	assert_string_equal(a->depends.v[0], "d");
	assert_int_equal(fx->sol->roots.n, 1);
	assert_string_equal(fx->sol->roots.v[0], "app");
}

static void build_only_drops_root_test_deps(void **state)
{
	struct fx *fx = *state;

	fx->o.build_only = true;
	assert_solved(fx, "app", false);
	assert_null(chosen(fx, "c"));
	assert_string_equal(chosen(fx, "a"), "10.0");
}

static void transitive_constraint(void **state)
{
	struct fx *fx = *state;

	assert_solved(fx, "tapp", false);
	assert_string_equal(chosen(fx, "tb"), "1.0");
	assert_string_equal(chosen(fx, "tc"), "1.5"); /* tb needs tc < 2.0 */
}

static void neq_and_nested_version_formula(void **state)
{
	struct fx *fx = *state;

	/* nv {!= "3" & (< "2" | >= "3")} over 1, 2, 3 leaves only 1 */
	assert_solved(fx, "neqapp", false);
	assert_string_equal(chosen(fx, "nv"), "1");
}

static void conflicts_push_version_down(void **state)
{
	struct fx *fx = *state;

	/* q {< "3"} would be 2, but p conflicts with q = 2 */
	assert_solved(fx, "capp", false);
	assert_string_equal(chosen(fx, "q"), "1");
}

static void depopts_constrain_when_present(void **state)
{
	struct fx *fx = *state;

	assert_solved(fx, "oapp", false);
	assert_string_equal(chosen(fx, "ob"), "3");
	/* oa's depopts ob {>= "2"} does not pull ob in, but the resolved depends list it */
	assert_int_equal(ml_solution_find(fx->sol, "oa")->depends.n, 1);
}

static void avoid_version_and_deprecated_disfavoured(void **state)
{
	struct fx *fx = *state;

	assert_solved(fx, "avapp", false);
	assert_string_equal(chosen(fx, "t"), "1");
	assert_string_equal(chosen(fx, "t2"), "1");
}

static void ocaml_version_pins(void **state)
{
	struct fx *fx = *state;

	assert_solved(fx, "mlapp", false);
	assert_string_equal(chosen(fx, "ocaml"), "5.1.0");
	fx->o.ocaml_version = "4.14.0";
	assert_solved(fx, "mlapp", false);
	assert_string_equal(chosen(fx, "ocaml"), "4.14.0");
}

static void pin_to_missing_version_is_usage_error(void **state)
{
	struct fx *fx = *state;

	fx->o.ocaml_version = "4.13.9";
	assert_int_equal(solve1(fx, "mlapp", false), ML_EUSAGE);
	assert_string_equal(fx->err.msg,
			    "ocaml: no version 4.13.9 to pin (there is 5.1.0 and older)");
	assert_null(fx->sol);
}

static void explicit_pin(void **state)
{
	struct fx *fx = *state;
	struct ml_pin pin = { "b", "0.9" };

	fx->o.pins = &pin;
	fx->o.npins = 1;
	/* app needs b >= 1.0: the pin makes it impossible, and the text says why */
	assert_int_equal(solve1(fx, "app", false), ML_EUNSAT);
	assert_string_equal(fx->err.msg,
			    "no solution:\n"
			    "  app.dev requires b >= 1.0 (" PKG(
				"app", "dev") "), which nothing can satisfy:\n"
					      "    b.1.0 is excluded: b is pinned to 0.9\n"
					      "    b.1.1 is excluded: b is pinned to 0.9");
}

static void no_roots_is_usage_error(void **state)
{
	struct fx *fx = *state;

	fx->o.nroots = 0;
	assert_int_equal(ml_solve(&fx->sol, fx->u, &fx->o, &fx->err), ML_EUSAGE);
}

/* ---- minimal update ---- */

static struct ml_lock *lock_with(const char *const *nv, size_t n)
{
	struct ml_lock *lock = ml_lock_new();

	for (size_t i = 0; i + 1 < n; i += 2) {
		struct ml_lock_package *p = ml_lock_add_package(lock);

		p->name = ml_strdup(nv[i]);
		p->version = ml_strdup(nv[i + 1]);
	}
	return lock;
}

static void minimal_update_keeps_adds_and_drops(void **state)
{
	struct fx *fx = *state;
	static const char *const prev[] = { "m", "1", "gone", "1" };
	struct ml_lock *lock = lock_with(prev, ML_ARRAY_SIZE(prev));

	/* without minimal update the lock is ignored */
	fx->o.previous = lock;
	assert_solved(fx, "uapp", false);
	assert_string_equal(chosen(fx, "m"), "2");

	fx->o.minimal_update = true;
	assert_solved(fx, "uapp", false);
	assert_string_equal(chosen(fx, "m"), "1"); /* kept */
	assert_string_equal(chosen(fx, "n"), "2"); /* new: newest */
	assert_null(chosen(fx, "gone"));           /* no longer needed */
	ml_lock_free(lock);
}

static void minimal_update_raises_only_when_forced(void **state)
{
	struct fx *fx = *state;
	static const char *const prev[] = { "m", "1" };
	struct ml_lock *lock = lock_with(prev, ML_ARRAY_SIZE(prev));

	fx->o.previous = lock;
	fx->o.minimal_update = true;
	assert_solved(fx, "uforced", false); /* k needs m >= 2 */
	assert_string_equal(chosen(fx, "m"), "2");
	ml_lock_free(lock);
}

static void update_frees_named_packages_only(void **state)
{
	struct fx *fx = *state;
	static const char *const prev[] = { "m", "1", "n", "1" };
	static const char *const upd[] = { "m" };
	struct ml_lock *lock = lock_with(prev, ML_ARRAY_SIZE(prev));

	fx->o.previous = lock;
	fx->o.update = upd;
	fx->o.nupdate = 1;
	assert_solved(fx, "uapp", false);
	assert_string_equal(chosen(fx, "m"), "2");
	assert_string_equal(chosen(fx, "n"), "1");
	ml_lock_free(lock);
}

/* ---- the dune rule, opam-provided, dev-repos ---- */

static void dune_rule_takes_overlay_port(void **state)
{
	struct fx *fx = *state;

	fx->o.generator = ML_GEN_DUNE;
	assert_solved(fx, "fdeep", true);
	assert_string_equal(chosen(fx, "fmt"), "0.9.0+dune");
	assert_string_equal(chosen(fx, "logs"), "0.7.0");
}

static void generator_none_has_no_build_rule(void **state)
{
	struct fx *fx = *state;

	assert_solved(fx, "fapp", false);
	assert_string_equal(chosen(fx, "fmt"), "0.9.0");
	assert_string_equal(chosen(fx, "topkg"), "1.0"); /* {build} */
}

static void opam_provided_exempt_with_their_deps(void **state)
{
	struct fx *fx = *state;
	static const char *const prov[] = { "solo" };

	fx->o.generator = ML_GEN_DUNE;
	fx->o.opam_provided = prov;
	fx->o.nopam_provided = 1;
	assert_solved(fx, "papp", false);
	assert_true(ml_solution_find(fx->sol, "solo")->opam_provided);
	assert_true(ml_solution_find(fx->sol, "solo-dep")->opam_provided);
	assert_false(ml_solution_find(fx->sol, "logs2")->opam_provided);
	assert_false(ml_solution_find(fx->sol, "dune")->opam_provided);
}

static void opam_provided_exemption_ends_where_vendored(void **state)
{
	struct fx *fx = *state;
	static const char *const prov[] = { "solo" };

	/* solo-dep is needed by solo (opam-provided) but also by both, which is vendored */
	fx->o.generator = ML_GEN_DUNE;
	fx->o.opam_provided = prov;
	fx->o.nopam_provided = 1;
	assert_int_equal(solve1(fx, "papp2", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  papp2.dev requires both (" PKG(
		"papp2",
		"dev") ")\n"
		       "  both.1 requires solo-dep (" PKG(
			   "both",
			   "1") "), which nothing can satisfy:\n"
				"    solo-dep.1 does not build with dune: it depends on neither dune nor jbuilder (" PKG(
				    "solo-dep",
				    "1") ")\n"
					 "hint: no usable version of solo-dep builds with dune (solo-dep.1): it needs a dune port, "
					 "e.g. from an overlay repository such as opam-overlays, or mark it opam-provided");
}

static void one_dev_repo_one_source(void **state)
{
	struct fx *fx = *state;

	/* u-core 2.0 is newest, but u-lwt < 2.0 shares its dev-repo and must share its url */
	fx->o.generator = ML_GEN_DUNE;
	assert_solved(fx, "dapp", false);
	assert_string_equal(chosen(fx, "u-lwt"), "1.0");
	assert_string_equal(chosen(fx, "u-core"), "1.0");
}

static void debug_dir_gets_testcase(void **state)
{
	struct fx *fx = *state;
	char dir[] = "/tmp/ml-solver-XXXXXX";
	char *f;
	struct stat st;

	assert_non_null(mkdtemp(dir));
	fx->o.debug_dir = dir;
	assert_solved(fx, "tapp", false);
	f = ml_path_join(dir, "testcase.t");
	assert_int_equal(stat(f, &st), 0);
	free(f);
	assert_int_equal(ml_fs_remove_tree(dir, NULL), 0);
}

/* ---- explanations ---- */

static void explain_no_version_direct(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "needs-new", false), ML_EUNSAT);
	assert_null(fx->sol);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  needs-new.dev requires old >= 1.0 (" PKG(
		"needs-new", "dev") "), which nothing can satisfy:\n"
				    "    no version of old satisfies >= 1.0: there is 0.1");
}

static void explain_no_version_transitive(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "needs-new-deep", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  needs-new-deep.dev requires mid (" PKG(
		"needs-new-deep",
		"dev") ")\n"
		       "  mid.1.0 requires old >= 1.0 (" PKG(
			   "mid", "1.0") "), which nothing can satisfy:\n"
					 "    no version of old satisfies >= 1.0: there is 0.1");
}

static void explain_unknown_package(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "needs-nosuch", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  needs-nosuch.dev requires nosuch >= 1.0 (" PKG(
		"needs-nosuch", "dev") "), which nothing can satisfy:\n"
				       "    no package named nosuch exists in the repositories");
}

static void explain_unknown_root(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "nonexistent-root", false), ML_EUNSAT);
	assert_string_equal(fx->err.msg,
			    "no solution:\n"
			    "  root nonexistent-root cannot be chosen:\n"
			    "    no package named nonexistent-root exists in the repositories");
}

static void explain_incompatible_versions_of_third(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "diamond", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  diamond.dev requires x (" PKG(
		"diamond",
		"dev") ")\n"
		       "  diamond.dev requires y (" PKG(
			   "diamond",
			   "dev") ")\n"
				  "  x.1 requires shared < 2 (" PKG(
				      "x",
				      "1") ")\n"
					   "  y.1 requires shared >= 2 (" PKG(
					       "y",
					       "1") ")\n"
						    "  only one version of shared can be chosen: 1 or 2");
}

static void explain_conflict_class(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "ccapp", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  ccapp.dev requires r (" PKG(
		"ccapp",
		"dev") ")\n"
		       "  ccapp.dev requires s (" PKG(
			   "ccapp",
			   "dev") ")\n"
				  "  r.1 and s.1 are both in conflict-class ssl-impl (" PKG(
				      "r", "1") ", " PKG("s", "1") ")");
}

/* A class holds across names: ccy.2 and ccz.1 share one, so ccy.1 is chosen. */
static void conflict_class_across_names(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "ccyz", false), 0);
	assert_string_equal(chosen(fx, "ccy"), "1");
	assert_string_equal(chosen(fx, "ccz"), "1");
	assert_string_equal(chosen(fx, "ccx"), "2");
}

/*
 * Two versions of one name that share a class: a first solve leaves that pair out (one
 * version of a name is chosen anyway); without a solution, the explanation names the class
 * as ever.
 */
static void explain_conflict_class_one_name(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "ccxapp", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  ccxapp.dev requires ccx = 1 (" PKG(
		"ccxapp",
		"dev") ")\n"
		       "  ccxapp.dev requires ccxb (" PKG(
			   "ccxapp",
			   "dev") ")\n"
				  "  ccxb.1 requires ccx = 2 (" PKG(
				      "ccxb",
				      "1") ")\n"
					   "  ccx.1 and ccx.2 are both in conflict-class cc-x (" PKG(
					       "ccx",
					       "1") ", " PKG("ccx",
							     "2") ")\n"
								  "  ccx.2 and ccx.1 are both in conflict-class cc-x (" PKG(
								      "ccx",
								      "2") ", " PKG("ccx",
										    "1") ")\n"
											 "  only one version of ccx can be chosen: 1 or 2");
}

static void explain_depopts(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "oapp2", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  oapp2.dev requires oa (" PKG(
		"oapp2", "dev") ")\n"
				"  oapp2.dev requires ob < 2 (" PKG(
				    "oapp2", "dev") ")\n"
						    "  oa.1 accepts only ob >= 2 (depopts in " PKG(
							"oa", "1") "), not ob.1");
}

static void explain_unavailable_on_os(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(solve1(fx, "osapp", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  osapp.dev requires macos-only (" PKG(
		"osapp",
		"dev") "), which nothing can satisfy:\n"
		       "    macos-only.1 is not available here: available: os = \"macos\" (with os = linux) in " PKG(
			   "macos-only", "1"));
}

static void explain_needs_dune_port(void **state)
{
	struct fx *fx = *state;

	fx->o.generator = ML_GEN_DUNE;
	assert_int_equal(solve1(fx, "fdeep", false), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "  fdeep.dev requires logs (" PKG(
		"fdeep",
		"dev") ")\n"
		       "  logs.0.7.0 requires fmt (" PKG(
			   "logs",
			   "0.7.0") "), which nothing can satisfy:\n"
				    "    fmt.0.8.9 does not build with dune: it depends on neither dune nor jbuilder (" PKG(
					"fmt",
					"0.8.9") ")\n"
						 "    fmt.0.9.0 does not build with dune: it depends on neither dune nor jbuilder (" PKG(
						     "fmt",
						     "0.9.0") ")\n"
							      "hint: no usable version of fmt builds with dune (fmt.0.9.0, fmt.0.8.9): it needs a dune port, "
							      "e.g. from an overlay repository such as opam-overlays, or mark it opam-provided");
}

static void explain_each_blocked_root(void **state)
{
	struct fx *fx = *state;

	add_repo(fx, REPO);
	fx->roots[0] = "needs-new";
	fx->roots[1] = "osapp";
	fx->o.nroots = 2;
	assert_int_equal(ml_solve(&fx->sol, fx->u, &fx->o, &fx->err), ML_EUNSAT);
	assert_string_equal(
	    fx->err.msg,
	    "no solution:\n"
	    "problem 1:\n"
	    "  needs-new.dev requires old >= 1.0 (" PKG(
		"needs-new",
		"dev") "), which nothing can satisfy:\n"
		       "    no version of old satisfies >= 1.0: there is 0.1\n"
		       "problem 2:\n"
		       "  osapp.dev requires macos-only (" PKG(
			   "osapp",
			   "dev") "), which nothing can satisfy:\n"
				  "    macos-only.1 is not available here: available: os = \"macos\" (with os = linux) in " PKG(
				      "macos-only", "1"));
}

static void undefined_variables_warn_once(void **state)
{
	struct fx *fx = *state;

	ml_vars_free(fx->vars);
	fx->vars = ml_vars_new();
	ml_vars_set(fx->vars, "os", "linux");
	fx->o.vars = fx->vars;
	assert_solved(fx, "fapp", false);
	assert_null(chosen(fx, "topkg")); /* {build} undefined: false, as opam */
	/* one line per variable and where it is used, in the chosen packages only: fmt.0.8.9
	 * uses `build` too, but it was not chosen */
	assert_string_equal(fx->warns.buf,
			    PKG("fmt", "0.9.0") ":3:28: undefined variable 'build'\n");
}

/* A fresh universe over dir, as the next run of `lock` would have. */
static void new_universe(struct fx *fx, const char *dir)
{
	ml_universe_free(fx->u);
	fx->u = ml_universe_new();
	add_repo(fx, dir);
	fx->repos_added = true;
}

/* Replaces `from` by `to` in the memo and seals it again (its checksum line). */
static void forge_memo(const char *path, const char *from, const char *to)
{
	struct ml_buf data = ML_BUF_INIT, out = ML_BUF_INIT;
	char *at, *sum;

	assert_int_equal(ml_fs_read(&data, path, 1 << 20, NULL), 0);
	at = strstr(data.buf, from);
	assert_non_null(at);
	sum = strstr(data.buf, "\nsum ");
	assert_non_null(sum);
	ml_buf_add(&out, data.buf, (size_t)(at - data.buf));
	ml_buf_adds(&out, to);
	ml_buf_add(&out, at + strlen(from), (size_t)(sum + 1 - (at + strlen(from))));
	ml_buf_addf(&out, "sum %016llx\n",
		    (unsigned long long)ml_ucache_hash(out.buf, out.len, 0x73756dULL));
	assert_int_equal(ml_fs_write_atomic(path, out.buf, out.len, 0644, NULL), 0);
	ml_buf_release(&data);
	ml_buf_release(&out);
}

/*
 * A kept solve is what the next run gets while nothing changed: shown by forging the kept
 * answer (a 2.0 instead of 10.0, the checksum sealed again), which comes back. A changed
 * request, a changed opam file of a loaded name, or a damaged memo solve again. Warnings
 * come back with the kept solve.
 */
static void memo_reused_only_while_unchanged(void **state)
{
	struct fx *fx = *state;
	char tmpl[] = "/tmp/ml-memo-XXXXXX", *repo, *memo, *cmd;
	struct ml_buf first = ML_BUF_INIT;

	assert_non_null(mkdtemp(tmpl));
	repo = ml_xasprintf("%s/repo", tmpl);
	memo = ml_xasprintf("%s/solves/app.memo", tmpl);
	cmd = ml_xasprintf("cp -R " REPO " '%s'", repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	setenv("XDG_CACHE_HOME", tmpl, 1);
	sleep(3); /* files changed in the last seconds are not vouched for */
	fx->o.memo = memo;

	new_universe(fx, repo);
	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "10.0");
	assert_true(ml_fs_exists(memo));
	forge_memo(memo, "\npkg a 10.0 ", "\npkg a 2.0 ");
	new_universe(fx, repo);
	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "2.0"); /* the kept answer */

	/* another request solves again (and keeps that solve) */
	fx->o.build_only = true;
	new_universe(fx, repo);
	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "10.0");
	forge_memo(memo, "\npkg a 10.0 ", "\npkg a 2.0 ");
	new_universe(fx, repo);
	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "2.0");

	/* an opam file of a loaded name changed (any version of it): solved again */
	cmd = ml_xasprintf("echo '# edited' >> '%s/packages/a/a.1.0/opam'", repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	new_universe(fx, repo);
	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "10.0");

	/* damaged (not sealed again): ignored */
	sleep(3);
	new_universe(fx, repo);
	assert_solved(fx, "app", false); /* kept now that the edit is old enough */
	forge_memo(memo, "\npkg a 10.0 ", "\npkg a 2.0 ");
	cmd = ml_xasprintf("sed -i 's/^pkg a 2.0 /pkg a 1.0 /' '%s'", memo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	new_universe(fx, repo);
	assert_solved(fx, "app", false);
	assert_string_equal(chosen(fx, "a"), "10.0");

	/* warnings come back with the kept solve, the same */
	ml_vars_free(fx->vars);
	fx->vars = ml_vars_new();
	ml_vars_set(fx->vars, "os", "linux");
	fx->o.vars = fx->vars;
	new_universe(fx, repo);
	assert_solved(fx, "fapp", false);
	assert_non_null(strstr(fx->warns.buf, "undefined variable 'build'"));
	ml_buf_adds(&first, fx->warns.buf);
	ml_buf_reset(&fx->warns);
	new_universe(fx, repo);
	assert_solved(fx, "fapp", false);
	assert_string_equal(fx->warns.buf, first.buf);

	/* the universe saves its cache of parses when freed: before the directory goes */
	ml_universe_free(fx->u);
	fx->u = ml_universe_new();
	cmd = ml_xasprintf("rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	ml_buf_release(&first);
	free(repo);
	free(memo);
}

/*
 * Found by tests/fuzz/fuzz-memo: a kept solve that no solve could give (forged, and sealed
 * again) used to come back as it was: two versions of one name, a depends on a name not in
 * the solution, a root not flagged as one. Each is ignored now: the request is solved again.
 */
static void memo_inconsistent_is_ignored(void **state)
{
	static const char *const forged[][2] = {
		{ "\npkg a 10.0 ", "\npkg a 1.0 -\npkg a 10.0 " },
		{ "\npkg a 10.0 -", "\npkg a 10.0 - nowhere" },
		{ "\npkg app dev r", "\npkg app dev -" },
	};
	struct fx *fx = *state;
	char tmpl[] = "/tmp/ml-memo-XXXXXX", *repo, *memo, *cmd;

	assert_non_null(mkdtemp(tmpl));
	repo = ml_xasprintf("%s/repo", tmpl);
	memo = ml_xasprintf("%s/solves/app.memo", tmpl);
	cmd = ml_xasprintf("cp -R " REPO " '%s'", repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	sleep(3); /* files changed in the last seconds are not vouched for */
	fx->o.memo = memo;
	for (size_t i = 0; i < ML_ARRAY_SIZE(forged); i++) {
		const struct ml_solved *app;

		new_universe(fx, repo);
		assert_solved(fx, "app", false);
		forge_memo(memo, forged[i][0], forged[i][1]);
		new_universe(fx, repo);
		assert_solved(fx, "app", false);
		for (size_t k = 1; k < fx->sol->n; k++)
			assert_string_not_equal(fx->sol->pkgs[k - 1].pkg->name,
						fx->sol->pkgs[k].pkg->name);
		assert_string_equal(chosen(fx, "a"), "10.0");
		assert_null(ml_solution_find(fx->sol, "nowhere"));
		assert_non_null(app = ml_solution_find(fx->sol, "app"));
		assert_true(app->root);
		for (size_t k = 0; k < fx->sol->n; k++)
			for (size_t d = 0; d < fx->sol->pkgs[k].depends.n; d++)
				assert_string_not_equal(fx->sol->pkgs[k].depends.v[d], "nowhere");
	}
	ml_universe_free(fx->u);
	fx->u = ml_universe_new();
	cmd = ml_xasprintf("rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(repo);
	free(memo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(newest_versions_and_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(build_only_drops_root_test_deps, setup, teardown),
		cmocka_unit_test_setup_teardown(transitive_constraint, setup, teardown),
		cmocka_unit_test_setup_teardown(neq_and_nested_version_formula, setup, teardown),
		cmocka_unit_test_setup_teardown(conflicts_push_version_down, setup, teardown),
		cmocka_unit_test_setup_teardown(depopts_constrain_when_present, setup, teardown),
		cmocka_unit_test_setup_teardown(avoid_version_and_deprecated_disfavoured, setup,
						teardown),
		cmocka_unit_test_setup_teardown(ocaml_version_pins, setup, teardown),
		cmocka_unit_test_setup_teardown(pin_to_missing_version_is_usage_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(explicit_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(no_roots_is_usage_error, setup, teardown),
		cmocka_unit_test_setup_teardown(minimal_update_keeps_adds_and_drops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(minimal_update_raises_only_when_forced, setup,
						teardown),
		cmocka_unit_test_setup_teardown(update_frees_named_packages_only, setup, teardown),
		cmocka_unit_test_setup_teardown(dune_rule_takes_overlay_port, setup, teardown),
		cmocka_unit_test_setup_teardown(generator_none_has_no_build_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(opam_provided_exempt_with_their_deps, setup,
						teardown),
		cmocka_unit_test_setup_teardown(opam_provided_exemption_ends_where_vendored, setup,
						teardown),
		cmocka_unit_test_setup_teardown(one_dev_repo_one_source, setup, teardown),
		cmocka_unit_test_setup_teardown(debug_dir_gets_testcase, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_no_version_direct, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_no_version_transitive, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_unknown_package, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_unknown_root, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_incompatible_versions_of_third, setup,
						teardown),
		cmocka_unit_test_setup_teardown(explain_conflict_class, setup, teardown),
		cmocka_unit_test_setup_teardown(conflict_class_across_names, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_conflict_class_one_name, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_depopts, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_unavailable_on_os, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_needs_dune_port, setup, teardown),
		cmocka_unit_test_setup_teardown(explain_each_blocked_root, setup, teardown),
		cmocka_unit_test_setup_teardown(undefined_variables_warn_once, setup, teardown),
		cmocka_unit_test_setup_teardown(memo_reused_only_while_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(memo_inconsistent_is_ignored, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
