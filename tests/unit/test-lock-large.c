/*
 * The real-data lock check (issue 3, item 6): the 33 roots of roots-large.txt solved against
 * the opam-repository snapshot plus the dune overlays (both read in place from their
 * archives), then every locked package's formulas re-checked against the locked versions,
 * independently of libsolv: depends hold, conflicts do not, available holds, depopts that are
 * present fit, and every vendored package builds with dune. The data is required: a missing
 * file fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "lockfile/lockfile.h"
#include "solver/solver.h"

#define MAX_ROOTS 64

struct fx {
	bool no_data; /* the reference data is absent: skip */
	struct ml_universe *u;
	struct ml_vars *vars, *root_vars;
	struct ml_strvec roots;
	struct ml_buf root_opam;
	struct ml_solution *sol;
	struct ml_error err;
	size_t nwarnings;
};

static void count_warning(void *ctx, const char *msg)
{
	struct fx *fx = ctx;

	(void)msg;
	fx->nwarnings++;
}

static const char *data_dir(void)
{
	const char *d = getenv("ML_DATA");

	return d && *d ? d : "../shared/data";
}

/* The root package lives in memory: a repository whose one file is fx->root_opam. */
static int mem_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	const struct ml_buf *b = ctx;

	(void)err;
	(void)relpath;
	ml_buf_add(out, b->buf, b->len);
	return 0;
}

static void mem_free(void *ctx)
{
	(void)ctx;
}

static const struct ml_repo_ops mem_ops = { mem_read, mem_free };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void open_data_repo(struct fx *fx, const char *file)
{
	char *path = ml_path_join(data_dir(), file);
	struct ml_repo *r = NULL;

	if (!ml_fs_exists(path))
		fail_msg("%s is missing: the real-data test needs the reference data (ML_DATA)",
			 path);
	if (ml_repo_open(&r, path, &fx->err))
		fail_msg("%s: %s", path, fx->err.msg);
	ml_universe_add_repo(fx->u, r);
	free(path);
}

static void set_vars(struct ml_vars *v)
{
	/* fixed, not the host's: the result must not depend on the machine */
	ml_vars_set_defaults(v);
	ml_vars_set(v, "os", "linux");
	ml_vars_set(v, "os-family", "debian");
	ml_vars_set(v, "os-distribution", "debian");
	ml_vars_set(v, "os-version", "12");
	ml_vars_set(v, "arch", "x86_64");
}

static int setup(void **state)
{
	struct fx *fx = ml_calloc(1, sizeof(*fx));
	const char *root = getenv("SOURCE_ROOT");
	struct ml_buf list = ML_BUF_INIT;
	char *path;
	struct ml_repo *r;

	if (root && chdir(root) != 0)
		return -1;
	*state = fx;
	fx->u = ml_universe_new();
	fx->vars = ml_vars_new();
	fx->root_vars = ml_vars_new();
	set_vars(fx->vars);
	set_vars(fx->root_vars);
	ml_vars_set(fx->root_vars, "with-test", "true");

	path = ml_path_join(data_dir(), "roots-large.txt");
	if (!ml_fs_exists(path)) {
		/* a user's clone has no reference data: each test is skipped, never failed */
		print_message("%s is missing: skipped (set ML_DATA to the reference data)\n", path);
		fx->no_data = true;
		free(path);
		return 0;
	}
	if (ml_fs_read(&list, path, 1 << 20, &fx->err))
		fail_msg("%s: %s", path, fx->err.msg);
	free(path);
	for (const char *line = list.buf; *line;) {
		size_t len = strcspn(line, "\n");

		if (len)
			ml_strvec_push_owned(&fx->roots, ml_strndup(line, len));
		line += len + (line[len] == '\n');
	}
	ml_buf_release(&list);
	assert_true(fx->roots.n > 10 && fx->roots.n < MAX_ROOTS);

	/* one root package depending on every listed name, as a project's opam file would */
	ml_buf_init(&fx->root_opam);
	ml_buf_adds(&fx->root_opam, "opam-version: \"2.0\"\ndepends: [\n");
	for (size_t i = 0; i < fx->roots.n; i++)
		ml_buf_addf(&fx->root_opam, "  \"%s\"\n", fx->roots.v[i]);
	ml_buf_adds(&fx->root_opam, "]\n");
	r = ml_repo_new("unikernel", &mem_ops, &fx->root_opam);
	ml_repo_add_package(r, "unikernel", "dev", "unikernel.opam");
	ml_universe_add_repo(fx->u, r);

	/* overlays first, as opam-monorepo's users list them */
	open_data_repo(fx, "opam-overlays-d3371ad.tar.gz");
	open_data_repo(fx, "opam-repository-97014be.tar.gz");
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	ml_solution_free(fx->sol);
	ml_universe_free(fx->u);
	ml_vars_free(fx->vars);
	ml_vars_free(fx->root_vars);
	ml_strvec_release(&fx->roots);
	ml_buf_release(&fx->root_opam);
	ml_error_release(&fx->err);
	free(fx);
	return 0;
}

static int solve(struct fx *fx, const char *const *provided, size_t nprovided)
{
	const char *roots[] = { "unikernel" };
	struct ml_solve_opts o = {
		.vars = fx->vars,
		.roots = roots,
		.nroots = 1,
		.opam_provided = provided,
		.nopam_provided = nprovided,
		.generator = ML_GEN_DUNE,
		.warn = count_warning,
		.warn_ctx = fx,
	};

	ml_solution_free(fx->sol);
	fx->sol = NULL;
	return ml_solve(&fx->sol, fx->u, &o, &fx->err);
}

static const char *lookup(void *ctx, const char *name)
{
	const struct ml_solved *s = ml_solution_find(ctx, name);

	return s ? s->pkg->version : NULL;
}

/* Every atom of a depopts formula whose package is chosen must fit its constraint. */
static bool depopts_fit(const struct ml_formula *f, const struct ml_solution *sol)
{
	const char *v;

	if (!f)
		return true;
	if (f->kind != ML_FORMULA_ATOM)
		return depopts_fit(f->a, sol) && depopts_fit(f->b, sol);
	v = lookup((void *)sol, f->name);
	return !v || ml_vformula_holds(f->vf, v);
}

static bool mentions_dune(const struct ml_formula *f)
{
	if (!f)
		return false;
	if (f->kind == ML_FORMULA_ATOM)
		return ml_vendor_is_dune(f->name);
	return mentions_dune(f->a) || mentions_dune(f->b);
}

/*
 * Checks one solved package against the others, independently of the solver. Returns false
 * with the reason in why.
 */
static bool check_package(struct fx *fx, const struct ml_solved *s, const struct ml_lock *lock,
			  struct ml_buf *why)
{
	const struct ml_package *p = s->pkg;
	struct ml_filter_env env = {
		.vars = s->root ? fx->root_vars : fx->vars,
		.self_name = p->name,
		.self_version = p->version,
	};
	struct ml_formula *dep = NULL, *opt = NULL, *con = NULL;
	const struct ml_lock_package *lp = ml_lock_find_package(lock, p->name);
	bool ok = false;

	ml_buf_reset(why);
	if (!lp || strcmp(lp->version, p->version)) {
		ml_buf_addf(why, "%s.%s is not in the lock", p->name, p->version);
		goto out;
	}
	if (ml_formula_eval(&dep, p->depends, ML_LIST_AND, &env, p->path, &fx->err) ||
	    ml_formula_eval(&opt, p->depopts, ML_LIST_OR, &env, p->path, &fx->err) ||
	    ml_formula_eval(&con, p->conflicts, ML_LIST_OR, &env, p->path, &fx->err)) {
		ml_buf_addf(why, "%s: %s", p->path, fx->err.msg);
		goto out;
	}
	if (dep && !ml_formula_holds(dep, lookup, fx->sol)) {
		ml_buf_addf(why, "%s.%s: depends do not hold: ", p->name, p->version);
		ml_formula_print(why, dep);
		goto out;
	}
	if (!depopts_fit(opt, fx->sol)) {
		ml_buf_addf(why, "%s.%s: a present depopt does not fit: ", p->name, p->version);
		ml_formula_print(why, opt);
		goto out;
	}
	if (con && ml_formula_holds(con, lookup, fx->sol)) {
		ml_buf_addf(why, "%s.%s: a conflict holds: ", p->name, p->version);
		ml_formula_print(why, con);
		goto out;
	}
	if (p->available && !ml_filter_eval_bool(p->available, &env, false)) {
		ml_buf_addf(why, "%s.%s: not available with these variables", p->name, p->version);
		goto out;
	}
	/* conflict-class: no two chosen packages share one */
	for (size_t i = 0; i < p->nconflict_class; i++)
		for (size_t j = 0; j < fx->sol->n; j++) {
			const struct ml_package *q = fx->sol->pkgs[j].pkg;

			for (size_t k = 0; q != p && k < q->nconflict_class; k++)
				if (!strcmp(q->conflict_class[k], p->conflict_class[i])) {
					ml_buf_addf(why, "%s and %s share conflict-class %s",
						    p->name, q->name, p->conflict_class[i]);
					goto out;
				}
		}
	/* the dune rule: whatever is vendored builds with dune */
	if (lp->dir && !mentions_dune(dep) && !mentions_dune(opt)) {
		ml_buf_addf(why, "%s.%s is vendored but does not build with dune", p->name,
			    p->version);
		goto out;
	}
	ok = true;
out:
	ml_formula_free(dep);
	ml_formula_free(opt);
	ml_formula_free(con);
	return ok;
}

static void large_lock_is_valid(void **state)
{
	struct fx *fx = *state;
	const char *provided[] = { "ocaml-solo5" };
	struct ml_vendor_opts vo = { .vars = fx->vars, .generator = "dune" };
	struct ml_lock *lock = NULL, *back = NULL;
	struct ml_buf text = ML_BUF_INIT;
	size_t vendored = 0;
	double t0 = now(), t1;

	if (fx->no_data)
		skip();

	if (solve(fx, provided, 1))
		fail_msg("solve: %s", fx->err.msg);
	t1 = now();
	if (ml_vendor_lock(&lock, fx->sol, &vo, &fx->err))
		fail_msg("vendor: %s", fx->err.msg);
	if (ml_lock_validate(lock, "large", &fx->err))
		fail_msg("validate: %s", fx->err.msg);

	/* every root is in the lock, every resolved depend is locked */
	for (size_t i = 0; i < fx->roots.n; i++)
		if (!ml_solution_find(fx->sol, fx->roots.v[i]))
			fail_msg("root %s is not in the solution", fx->roots.v[i]);
	for (size_t i = 0; i < fx->sol->n; i++) {
		const struct ml_solved *s = &fx->sol->pkgs[i];

		if (!check_package(fx, s, lock, &text))
			fail_msg("%s", text.buf);
		for (size_t j = 0; j < s->depends.n; j++)
			assert_non_null(ml_solution_find(fx->sol, s->depends.v[j]));
	}
	assert_int_equal(lock->npackages, fx->sol->n);
	for (size_t i = 0; i < lock->npackages; i++)
		vendored += lock->packages[i].dir != NULL;
	/* ocaml-solo5 and what only it needs are solved but not vendored */
	assert_string_equal(ml_lock_find_package(lock, "ocaml-solo5")->reason, "opam-provided");
	assert_null(ml_lock_find_package(lock, "ocaml-solo5")->dir);
	/* the overlay ports win where upstream has no dune build */
	assert_non_null(strstr(ml_lock_find_package(lock, "fmt")->version, "+dune"));
	/* every vendored package is in exactly one source */
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		const struct ml_lock_source *src =
		    lp->dir ? ml_lock_find_source(lock, lp->dir) : NULL;

		if (lp->dir) {
			assert_non_null(src);
			assert_true(ml_strvec_contains(&src->packages, lp->name));
		}
	}
	/* the lock file round-trips */
	ml_buf_reset(&text);
	ml_lockfile_render(&text, lock);
	if (ml_lockfile_parse(&back, "large", text.buf, text.len, &fx->err))
		fail_msg("reparse: %s", fx->err.msg);
	assert_true(ml_lock_equal(lock, back));
	fprintf(stderr, "# %zu packages, %zu vendored, %zu sources; solve %.3f s\n",
		lock->npackages, vendored, lock->nsources, t1 - t0);
	/* lock's own check before writing passes on real data, in both formats */
	for (int opam = 0; opam < 2; opam++) {
		double t2 = now();

		ml_buf_reset(&text);
		if (ml_lockfile_render_checked(&text, opam ? "large.opam.locked" : "large", lock,
					       opam, &fx->err))
			fail_msg("checked render: %s", fx->err.msg);
		fprintf(stderr, "# checked render (%s): %zu bytes in %.3f s\n",
			opam ? "opam" : "json", text.len, now() - t2);
	}
	ml_buf_release(&text);
	ml_lock_free(back);
	ml_lock_free(lock);
}

/*
 * The check itself is not vacuous: with the compiler swapped for an old release, some
 * package's depends no longer hold.
 */
static void check_catches_a_wrong_version(void **state)
{
	struct fx *fx = *state;
	const char *provided[] = { "ocaml-solo5" };
	struct ml_vendor_opts vo = { .vars = fx->vars, .generator = "dune" };
	struct ml_lock *lock = NULL;
	struct ml_buf why = ML_BUF_INIT;
	struct ml_solved *ocaml;
	const struct ml_package *old = NULL;
	size_t failures = 0;

	if (fx->no_data)
		skip();

	if (solve(fx, provided, 1))
		fail_msg("solve: %s", fx->err.msg);
	if (ml_vendor_lock(&lock, fx->sol, &vo, &fx->err))
		fail_msg("vendor: %s", fx->err.msg);
	ocaml = (struct ml_solved *)ml_solution_find(fx->sol, "ocaml");
	assert_non_null(ocaml);
	assert_int_equal(ml_universe_get(fx->u, "ocaml", "4.02.3", &old, &fx->err), 0);
	ocaml->pkg = old;
	/* the lock still says the new version: make it agree so only formulas can fail */
	free(((struct ml_lock_package *)ml_lock_find_package(lock, "ocaml"))->version);
	((struct ml_lock_package *)ml_lock_find_package(lock, "ocaml"))->version =
	    ml_strdup("4.02.3");
	for (size_t i = 0; i < fx->sol->n; i++)
		if (!check_package(fx, &fx->sol->pkgs[i], lock, &why)) {
			failures++;
			assert_non_null(strstr(why.buf, "depends do not hold"));
			assert_non_null(strstr(why.buf, "ocaml"));
		}
	assert_true(failures > 0);
	ml_buf_release(&why);
	ml_lock_free(lock);
}

static void large_without_opam_provided_names_ocaml_solo5(void **state)
{
	struct fx *fx = *state;

	if (fx->no_data)
		skip();

	assert_int_equal(solve(fx, NULL, 0), ML_EUNSAT);
	assert_null(fx->sol);
	if (!strstr(fx->err.msg, "ocaml-solo5"))
		fail_msg("the explanation does not name ocaml-solo5:\n%s", fx->err.msg);
	if (!strstr(fx->err.msg, "dune"))
		fail_msg("the explanation does not mention the dune rule:\n%s", fx->err.msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(large_lock_is_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(check_catches_a_wrong_version, setup, teardown),
		cmocka_unit_test_setup_teardown(large_without_opam_provided_names_ocaml_solo5,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
