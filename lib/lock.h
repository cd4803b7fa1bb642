#ifndef ML_LOCK_H
#define ML_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct ml_error;

/*
 * The lock: what `lock` writes and `pull` reads (DESIGN section 5). A plain value owned by
 * whoever made it; lockfile/ reads and writes it as JSON or as opam-monorepo's
 * .opam.locked; fetch/ pulls its sources.
 */

struct ml_lock_repo {
	char *url;
	char *commit; /* or NULL */
	char *hash;   /* "sha256=..." or NULL */
};

struct ml_lock_var {
	char *name;
	char *value; /* "true"/"false" are written as JSON booleans */
};

struct ml_lock_package {
	char *name, *version;
	char *dir;    /* workspace directory, or NULL when not vendored */
	char *reason; /* when dir is NULL: "root" (a project package: never vendored, listed so
		       * that `why` can walk from it), "compiler", "tool", "virtual",
		       * "opam-provided" */
	struct ml_strvec depends; /* resolved names, sorted */
};

struct ml_lock_source {
	char *dir;
	char *url;    /* archive URL, or git+URL */
	char *commit; /* git sources: the exact commit (40 hex); else NULL */
	struct ml_strvec
	    checksums; /* "sha256=<hex>", "sha512=...", "md5=..." as in the opam file */
	struct ml_strvec mirrors;
	struct ml_strvec packages; /* sorted */
	/*
	 * A local directory source (ml_lock_source_is_local) that comes from the project's own
	 * pin-depends: the only kind of local source a lock may hold (a repository or a lock
	 * from elsewhere must not make pull copy a directory of this machine). JSON: "pin":
	 * true; .opam.locked: every local pin-depends url (that format pins every source).
	 */
	bool pin;
};

struct ml_lock {
	struct ml_strvec roots;
	char *generator; /* "dune" or "none" */
	struct ml_lock_repo *repos;
	size_t nrepos, repos_alloc;
	struct ml_lock_var *vars;
	size_t nvars, vars_alloc;
	struct ml_lock_package *packages;
	size_t npackages, packages_alloc;
	struct ml_lock_source *sources;
	size_t nsources, sources_alloc;
	struct ml_strvec depexts;
};

/* A new empty lock (generator "dune"). Free with ml_lock_free (accepts NULL). */
struct ml_lock *ml_lock_new(void);
void ml_lock_free(struct ml_lock *lock);
/* Appenders return the new zeroed element (its strvecs initialised), owned by the lock. */
struct ml_lock_repo *ml_lock_add_repo(struct ml_lock *lock);
struct ml_lock_package *ml_lock_add_package(struct ml_lock *lock);
struct ml_lock_source *ml_lock_add_source(struct ml_lock *lock);
void ml_lock_set_var(struct ml_lock *lock, const char *name, const char *value);
/*
 * Sorts packages by name, sources by dir, vars by name, repositories by url, and every string
 * list (roots, depends, checksums, mirrors, a source's packages, depexts). The lock file
 * stores everything sorted, so repositories lose their precedence order there: it matters
 * only while solving, and the lock records what each repository was, not how to re-solve.
 */
void ml_lock_sort(struct ml_lock *lock);
/* Lookups (borrowed), NULL when absent. */
const struct ml_lock_package *ml_lock_find_package(const struct ml_lock *lock, const char *name);
const struct ml_lock_source *ml_lock_find_source(const struct ml_lock *lock, const char *dir);
/*
 * DESIGN section 8: a workspace directory name must be non-empty, not "." or "..", not
 * hidden (leading '.'), contain no '/' or '\\' or control characters. ML_EUNSAFE otherwise,
 * naming it.
 */
int ml_lock_check_dir(const char *dir, struct ml_error *err);
/* Checks every invariant pull relies on (dir names, each source's packages exist, no
 * duplicate dirs or names, free-form strings UTF-8, a commit for every git url). ML_EPARSE
 * naming what is wrong; `path` is used in messages. A local directory source not marked pin
 * is ML_EUNSAFE (only the project's pins may name one); "pin" on any other source is
 * ML_EPARSE. */
int ml_lock_validate(const struct ml_lock *lock, const char *path, struct ml_error *err);
/*
 * What pull's downloads refuse whatever the lock file says, checked before a lock is
 * written: an archive source (no commit, not file://) without checksum. ML_EPARSE naming the
 * source and its first package.
 */
int ml_lock_check_fetchable(const struct ml_lock *lock, const char *path, struct ml_error *err);
/* How a package changed against a previous lock: by name, versions in opam order. */
enum ml_lock_change {
	ML_LOCK_ADDED,
	ML_LOCK_UPGRADED,
	ML_LOCK_DOWNGRADED,
	ML_LOCK_UNCHANGED,
	ML_LOCK_REMOVED,
	ML_LOCK_SOURCE_CHANGED, /* a source in both locks whose url, checksums or commit differ */
};
/* prev NULL: added. */
enum ml_lock_change ml_lock_change_of(const struct ml_lock_package *p, const struct ml_lock *prev);
/* "added", "upgraded", "downgraded", "unchanged", "removed", "changed". */
const char *ml_lock_change_name(enum ml_lock_change change);

/* One difference between a lock and the previous one. Strings are borrowed from the locks. */
struct ml_lock_delta {
	enum ml_lock_change change; /* never ML_LOCK_UNCHANGED */
	const char *name;           /* the package; for ML_LOCK_SOURCE_CHANGED the source's dir */
	const char *from, *to;      /* versions (NULL on the side that has none); for a source,
				     * the old and new url */
	bool checksums;             /* a source: its checksums or commit changed */
};
/*
 * The differences from prev to lock, project roots left out: packages by name (added,
 * removed, upgraded, downgraded), then the sources both have whose url, checksums or commit
 * changed, by dir. Both locks must be sorted (ml_lock_sort; a lock read back is). Linear in
 * their sizes. *out (free()) is NULL when there is no difference; returns the count.
 */
size_t ml_lock_deltas(struct ml_lock_delta **out, const struct ml_lock *lock,
		      const struct ml_lock *prev);

/*
 * Same content, whatever the order of packages, sources, repositories, variables and string
 * lists (both sides are compared sorted). NULL equals only NULL.
 */
bool ml_lock_equal(const struct ml_lock *a, const struct ml_lock *b);

/* A deep copy (free with ml_lock_free). */
struct ml_lock *ml_lock_dup(const struct ml_lock *lock);
/* Lookup of a variable's value (borrowed), NULL when unset. */
const char *ml_lock_get_var(const struct ml_lock *lock, const char *name);
/*
 * A checksum as opam writes it: "md5=<32 hex>", "sha256=<64 hex>" or "sha512=<128 hex>"
 * (lowercase hex). ML_EPARSE otherwise, naming it.
 */
int ml_lock_check_checksum(const char *checksum, struct ml_error *err);
/*
 * Does url name something on this machine rather than on a server: a plain path (no
 * "scheme://"), file://..., or a VCS spelling of it (git+file://...)?
 */
bool ml_lock_url_is_local(const char *url);
/*
 * A source pull copies from a local directory: a file:// url with neither commit nor
 * checksum (with a checksum, it is an archive verified like any download).
 */
bool ml_lock_source_is_local(const struct ml_lock_source *s);
/* A git commit: exactly 40 lowercase hex digits. */
bool ml_lock_is_commit(const char *s);
/* The reason a non-vendored package gets from its name alone (DESIGN section 3):
 * "compiler" for the compiler packages, "tool" for the build tools the environment provides,
 * else "virtual". Used when a lock format does not record reasons. Static string. */
const char *ml_lock_guess_reason(const char *name);

/* Caps on what a lock may hold (readers refuse more). */
#define ML_LOCK_MAX_ITEMS 100000 /* entries in any one list */
#define ML_LOCK_MAX_STRING 4096  /* bytes in any one string */

#endif
