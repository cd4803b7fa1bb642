#ifndef ML_GIT_PACK_H
#define ML_GIT_PACK_H

/*
 * Git sources in a mirror (fetch/git.c): one commit as a git pack, MIRROR/git/<commit>.pack,
 * holding the commit and its whole tree (not its history). Keyed by the commit and checked
 * by it: loading a pack into the cache runs git's indexer, which hashes every object, so a
 * mirror cannot bring any content but the commit's own.
 */

#include "lib/ml.h"

/*
 * Appends to out the pack of commit (40 hex) of url's cached repository (fetched when
 * missing, unless offline). One thread: the same commit gives the same bytes.
 */
int ml_git_pack_commit(struct ml_buf *out, const char *url, const char *commit,
		       struct ml_error *err);
/*
 * Loads the pack data[0..len) into url's cached repository (created when missing), under its
 * lock. The commit must then be there (ML_ENOTFOUND otherwise); an invalid pack is an error
 * naming url. Nothing is done when the cache already has the commit.
 */
int ml_git_seed_pack(const char *url, const char *commit, const void *data, size_t len,
		     struct ml_error *err);

#endif
