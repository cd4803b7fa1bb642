#ifndef ML_OUTDATED_H
#define ML_OUTDATED_H

#include <stddef.h>

#include "lock.h"
#include "repo.h"

struct ml_error;

/* A constraint of a locked package that excludes a newer version. */
struct ml_outdated_block {
	const char *by, *by_version; /* the package whose opam file says so (borrowed) */
	char *constraint;            /* e.g. "x < 2.0", or "conflicts: x >= 2.0" */
	const char *file;            /* that opam file as shown in messages (borrowed) */
};

/* A locked package with newer versions in the repositories. */
struct ml_outdated {
	const char *name, *locked; /* borrowed from the lock */
	const char *latest;        /* the newest version (borrowed from the universe) */
	/*
	 * The newest version above the locked one that every constraint of the other locked
	 * packages (depends and conflicts, filters evaluated with the lock's variables) allows,
	 * or NULL: what `lock --update NAME` can move to unless that version's own dependencies
	 * ask for more.
	 */
	const char *allowed;
	struct ml_outdated_block *blocks; /* what excludes latest (none when allowed == latest) */
	size_t nblocks;
};

/*
 * The locked packages (project roots left out) that u holds in a version newer than the
 * locked one (opam order), by name. Constraints are read from the opam files of the locked
 * versions in u; a locked package u does not hold constrains nothing (its opam file is not
 * there to say). The roots' depends are evaluated with with-test true unless the lock's
 * request was build-only. *out (ml_outdated_free) may be NULL when *n is 0.
 */
int ml_outdated_find(struct ml_outdated **out, size_t *n, struct ml_universe *u,
		     const struct ml_lock *lock, struct ml_error *err);
void ml_outdated_free(struct ml_outdated *v, size_t n);

#endif
