#ifndef ML_LOCK_UNIVERSE_H
#define ML_LOCK_UNIVERSE_H

/*
 * fetch/lock_universe.c: the repositories a lock was made from, opened again for the
 * commands that read metadata the lock does not hold (sbom: licences, dev-repos; outdated:
 * newer versions and the constraints on them).
 */

#include "lib/ml.h"
#include "lib/pkgmeta.h"

/*
 * A universe of the project's own opam files (from lock_dir, when they load) and of the
 * repositories the lock's request recorded, in their precedence order, git ones at their
 * recorded commit (from the cache, fetching when missing unless offline). A lock without a
 * recorded request falls back on its "repositories" (git urls at their commit, paths as
 * written). What cannot be opened is left out and named, with its error, in *warnings (one
 * line each); *out is always set (maybe with no repository). Free: ml_universe_free.
 */
void ml_lock_universe_open(struct ml_universe **out, struct ml_strvec *warnings,
			   const struct ml_lock *lock, const char *lock_dir);

/*
 * The metadata of every locked package (out->pkgs parallel to lock->packages) from u, or for
 * a package of a git source or a pinned directory that u does not hold, from NAME.opam or
 * opam at the top of that source (git: the locked commit, from the cache). A package found
 * nowhere has found == false. Release: ml_lock_meta_release.
 */
void ml_lock_meta_collect(struct ml_lock_meta *out, struct ml_universe *u,
			  const struct ml_lock *lock, const char *lock_dir);

#endif
