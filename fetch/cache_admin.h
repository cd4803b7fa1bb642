#ifndef ML_CACHE_ADMIN_H
#define ML_CACHE_ADMIN_H

/*
 * fetch/cache_admin.c: looking after the cache as a whole (`monolock cache`): what it holds,
 * re-verifying it, and keeping it in bounds. The layout below ml_cache_dir() (DESIGN 6):
 *
 *   archives/sha256/ab/<sha256>   archive contents, named by their sha256 (fetch/cache.c)
 *   archives/md5/ab/<md5>         relative links "../../sha256/xx/<sha256>": an index, so
 *   archives/sha512/ab/<sha512>   that a source listing only md5 or sha512 still hits
 *   git/<slug>-<16 hex>           one bare repository per git remote (fetch/git.c), and
 *   git/<slug>-<16 hex>.lock      its flock (kept: removing a lock file others may hold
 *                                 open would let two processes hold "the" lock)
 *   repos/<16 hex>.cache          parsed opam files of one repository (lib/ucache.c)
 *   solves/<16 hex>.memo          the last solve of one project (solver/memo.c)
 *   tmp/                          downloads in progress (stale ones go after 24 h)
 *   lock                          flock of archive commits and discards
 *   use.lock                      shared flock held while the archive cache is open
 *                                 (ml_cache_open); gc takes it exclusively
 *
 * Nothing here follows a link below the root or opens anything but regular files and
 * directories (O_NOFOLLOW, fstatat AT_SYMLINK_NOFOLLOW): the cache is not trusted. Names that
 * do not match the layout are not monolock's: counted nowhere, never removed.
 */

#include <stdint.h>

#include "lib/cache_list.h"
#include "lib/ml.h"

/* Caps on what is walked (a cache beyond them is refused, ML_EIO naming the cap). */
#define ML_CACHE_ADMIN_MAX_ENTRIES 10000000u /* directory entries in all */
#define ML_CACHE_ADMIN_MAX_DEPTH 64

/*
 * Lists the entries of the cache at root (NULL: ml_cache_dir()); a missing root is an empty
 * cache. Release with ml_cache_listing_release.
 */
int ml_cache_list(struct ml_cache_listing *out, const char *root, struct ml_error *err);

/* Result of ml_cache_verify. */
struct ml_cache_verify_result {
	size_t checked;       /* archive contents hashed */
	uint64_t bytes;       /* their size */
	struct ml_strvec bad; /* entries found bad and removed, relative to the root, sorted */
};
void ml_cache_verify_result_release(struct ml_cache_verify_result *r);
/*
 * Re-hashes every archive of the cache at root (NULL: default) and checks every index link:
 * a content whose sha256 is not its name, a sha256 entry that is not a regular file, an
 * index entry that is not a link "../../sha256/xx/<sha256>" to a good content of that
 * md5/sha512 are removed (that directory entry only, under the cache's lock, as a pull's
 * lookup discards a bad entry) and listed in out->bad. Parsed-file caches and memos carry
 * their own checksums and are checked whenever they are read. I/O errors are returned.
 */
int ml_cache_verify(struct ml_cache_verify_result *out, const char *root, struct ml_error *err);

/* What gc may remove; at least one limit must be set. */
struct ml_cache_gc_opts {
	bool has_max_size;
	uint64_t max_size; /* keep at most this many bytes */
	bool has_older_than;
	int64_t older_than; /* seconds: remove what was not used for this long */
	int64_t now;        /* the current time (unix seconds) */
	int64_t grace;      /* never remove what was used less than this long ago */
};
struct ml_cache_gc_result {
	size_t removed, kept, recent; /* recent: kept only because of the grace period */
	uint64_t removed_bytes, kept_bytes;
};
/*
 * Removes the least recently used entries of the cache at root (NULL: default) until none
 * is older than older_than and what is left holds at most max_size bytes (index links go
 * with their content). Never removes an entry used within `grace`, a git store another
 * process holds locked, nor anything while the archive cache is open elsewhere: gc takes
 * use.lock exclusively without waiting, and a running pull holds it shared
 * (ML_EBUSY-like ML_ERROR "the cache is in use ..." then, nothing removed).
 */
int ml_cache_gc(struct ml_cache_gc_result *out, const char *root,
		const struct ml_cache_gc_opts *opts, struct ml_error *err);

#endif
