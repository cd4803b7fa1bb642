#ifndef ML_SOLVER_H
#define ML_SOLVER_H

/*
 * solver/: the universe as a libsolv pool (DESIGN section 4), solving, and explanations of
 * failures in opam terms. The only place that includes <solv/...>.
 */

#include <stdbool.h>
#include <stddef.h>

#include "lib/ml.h"

enum ml_generator {
	ML_GEN_DUNE = 0, /* a vendored package must depend on dune or jbuilder */
	ML_GEN_NONE,     /* sources only: no build constraint */
};

/* A version pin: only this version of name may be chosen. */
struct ml_pin {
	const char *name, *version;
};

struct ml_solve_opts {
	/* Global variables for filters and `available` (borrowed; NULL: none defined). */
	const struct ml_vars *vars;
	/*
	 * Root package names (packages of the universe: the project's opam files are a
	 * repository of their own). Roots are never vendored. Their depends are evaluated with
	 * `with-test` true unless build_only; every other package sees vars as given. A root
	 * version is chosen like any other: pin it to pick one.
	 */
	const char *const *roots;
	size_t nroots;
	bool build_only;
	/* Solved but not vendored, and exempt from the dune rule, as are the packages only they
	 * need. */
	const char *const *opam_provided;
	size_t nopam_provided;
	enum ml_generator generator;
	/*
	 * opam-monorepo's --require-cross-compile: for a name of which some version is tagged
	 * `cross-compile` (tags:), the untagged versions are excluded (roots and opam-provided
	 * names aside).
	 */
	bool require_cross_compile;
	/* Version pins (`lock PKG.VERSION`); other versions of the name are hidden. */
	const struct ml_pin *pins;
	size_t npins;
	/* --ocaml-version: a pin of the `ocaml` package (NULL: none). */
	const char *ocaml_version;
	/*
	 * The toolchain that will build the workspace (NULL: any): versions of `ocaml` other
	 * than toolchain_ocaml and of `dune` newer than toolchain_dune are excluded, and a
	 * failure they cause says so. *_from says where they came from: "PATH" (found on
	 * PATH) or the option that gave them ("--dune-version").
	 */
	const char *toolchain_ocaml, *toolchain_ocaml_from;
	const char *toolchain_dune, *toolchain_dune_from;
	/*
	 * Minimal update: with previous set and minimal_update (or any update name), every
	 * (name, version) of previous is favoured, so it stays when it still fits; the names
	 * in update lose that favour and take the newest fitting version.
	 */
	const struct ml_lock *previous;
	bool minimal_update;
	const char *const *update;
	size_t nupdate;
	/* When set, a libsolv testcase of the solve is written in this directory. */
	const char *debug_dir;
	/*
	 * When set (and debug_dir is not), the file that keeps this solve for the next run:
	 * an unchanged request over unchanged packages gives the kept solution, and the same
	 * warnings, without solving (solver/memo.c says what "unchanged" covers).
	 */
	const char *memo;
	/* Warnings (undefined filter variables, unreadable opam files), one line each. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

/*
 * Solves the roots against the universe (only packages reachable from the roots are
 * loaded). Policy: newest fitting versions; `flags: avoid-version`/`deprecated` disfavoured.
 * Packages that share a dev-repo and would be vendored are constrained to one source url.
 * On success *out owns a new solution (ml_solution_free): every chosen package with its
 * resolved depends, roots flagged, opam-provided ones (and those only they need) flagged.
 * No solution: ML_EUNSAT with a multi-line explanation in opam terms in err->msg (names,
 * versions and constraints as written, the opam file each comes from). Other errors:
 * ML_EUSAGE (a pin to a version that does not exist), ML_EIO (debug_dir), or what loading
 * an opam file gave.
 */
int ml_solve(struct ml_solution **out, struct ml_universe *u, const struct ml_solve_opts *opts,
	     struct ml_error *err);

#endif
