#ifndef ML_LOCK_CHECK_H
#define ML_LOCK_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct ml_error;
struct ml_lock;
struct ml_strvec;
struct ml_universe;
struct ml_vars;

/*
 * `lock --check` without re-solving: does the lock still hold for the opam files the universe
 * holds now (the project's roots and pins, then the repositories at their recorded commits)?
 */
struct ml_lock_check_opts {
	const struct ml_vars *vars; /* global variables, as the lock was solved with */
	const char *const *roots;   /* the root package names of the request */
	size_t nroots;
	bool build_only; /* the roots' {with-test} dependencies left out */
	const char *const *pin_names, *const *pin_versions;
	size_t npins;
	const char *ocaml_version;        /* or NULL */
	const char *const *opam_provided; /* the project's and the request's */
	size_t nopam_provided;
	const char *generator; /* "dune" or "none" */
};

/* At most this many reasons are reported (the first ones, then sorted). */
#define ML_LOCK_CHECK_MAX_REASONS 1000

/*
 * Walks from the roots through each locked package's depends (and depopts present in the
 * lock), evaluated with lib/filter.c against the locked versions: every atom must hold for
 * the locked version ("file:line:col: a.1 needs b >= 2, the lock has b 1.5"), a needed
 * package the lock does not have would be added, a locked package not reached would be
 * removed; conflicts must not hold, `available` must; a pin or --ocaml-version must match,
 * and so must the generator and which packages are opam-provided;
 * a locked package the repositories no longer have (or cannot parse) is named; a vendored
 * package's url and checksums must still be its source's in the lock. Newer versions in the
 * repositories do not matter. Reasons (one line each, sorted, distinct) are appended to
 * reasons: none means the lock holds. Returns 0, or an error when it could not run (a
 * repository that cannot be read).
 */
int ml_lock_check(struct ml_strvec *reasons, struct ml_universe *u, const struct ml_lock *lock,
		  const struct ml_lock_check_opts *o, struct ml_error *err);

#endif
