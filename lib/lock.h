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
	/*
	 * The project's saved edits of this source (DESIGN section 6), applied in order by pull
	 * after extraction: patch_files[i] is a path relative to the lock's directory
	 * (ml_lock_check_patch_file), patch_sha256[i] its sha256 (64 lowercase hex). Parallel,
	 * never sorted. JSON: "patches": [{"file", "sha256"}]; .opam.locked: x-monolock-patches.
	 */
	struct ml_strvec patch_files, patch_sha256;
};

/*
 * The toolchain a lock was made for (DESIGN section 5; NULL members: not fixed): the version
 * of `ocaml`, the highest version of `dune`, and where each came from: "PATH" (found on
 * PATH when locking) or the option that gave it ("--ocaml-version", "--dune-version").
 */
struct ml_lock_toolchain {
	char *ocaml, *ocaml_from;
	char *dune_max, *dune_from;
};

/*
 * What the command line asked of a solve, recorded so that a later `lock` (and `lock
 * --check`) without those flags asks the same (lib/request.c). Every part is optional: an
 * empty list, NULL or false means "not given", and the next source of that part applies
 * (the roots' x-opam-monorepo-* fields, then defaults).
 */
struct ml_lock_request_repo {
	/*
	 * Exactly one of path and url. path: a directory or archive on this machine, relative
	 * to the lock's directory when inside the project, else absolute. url: a git+URL[#ref].
	 */
	char *path, *url;
	char *commit; /* url: the commit it was at (40 hex), or NULL */
	char *sha256; /* an archive: "sha256=<64 hex>" of its bytes, or NULL */
};

struct ml_lock_request {
	struct ml_lock_request_repo *repos; /* in precedence order */
	size_t nrepos, repos_alloc;
	struct ml_strvec roots;         /* the named PKG[.VERSION] arguments, as given */
	struct ml_strvec pins;          /* NAME=VERSION, as given */
	struct ml_strvec opam_provided; /* as given */
	struct ml_strvec vars;          /* NAME=VALUE, as given */
	char *ocaml_version;            /* or NULL */
	char *dune_version;             /* or NULL */
	char *generator;                /* "dune", "none" or NULL */
	bool build_only, recurse, require_cross_compile;
};

/* Caps on a recorded request (readers refuse more; it may come from another machine). */
#define ML_LOCK_REQUEST_MAX_REPOS 64
#define ML_LOCK_REQUEST_MAX_ITEMS 4096 /* entries in any one of its lists */

struct ml_lock_request *ml_lock_request_new(void);
void ml_lock_request_free(struct ml_lock_request *req);                         /* accepts NULL */
struct ml_lock_request *ml_lock_request_dup(const struct ml_lock_request *req); /* NULL: NULL */
/* Nothing given: every part empty. NULL is empty. */
bool ml_lock_request_is_empty(const struct ml_lock_request *req);
/* Same parts (lists compared in order). Two empty requests (or NULL) are equal. */
bool ml_lock_request_equal(const struct ml_lock_request *a, const struct ml_lock_request *b);
/* Appends a zeroed repository entry, owned by req. */
struct ml_lock_request_repo *ml_lock_request_add_repo(struct ml_lock_request *req);
/*
 * Adds a repository as the command line names it: "git+..." as a url (its fragment, a ref,
 * kept), "file://P" and plain paths as a path, any other URL as a url.
 */
void ml_lock_request_add_spec(struct ml_lock_request *req, const char *spec);
/*
 * A request from a lock file is input from elsewhere: counts within the caps, strings
 * non-empty, at most ML_LOCK_MAX_STRING bytes, UTF-8 without control characters; each
 * repository exactly one of path and url, a url a git+URL, a commit 40 hex, a sha256
 * "sha256=<64 hex>"; pins NAME=VERSION, variables NAME=VALUE (VALUE may be empty), generator dune or none.
 * ML_EPARSE "<path>: request...: <what>" otherwise.
 */
int ml_lock_request_validate(const struct ml_lock_request *req, const char *path,
			     struct ml_error *err);
/*
 * Whether variable NAME may take VALUE: a variable opam defines as a boolean (with-test,
 * with-doc, with-dev-setup, build, post, dev, pinned, installed, and the package variables
 * PKG:installed, PKG:pinned, PKG:native, PKG:native-dynlink, PKG:native-tools,
 * PKG:preinstalled) takes only true or false. ML_EUSAGE "--var NAME=VALUE: ..." otherwise.
 */
int ml_lock_check_var(const char *name, const char *value, struct ml_error *err);
/*
 * `lock PKG...` names the project's own packages (targets), as opam-monorepo does: each name
 * must be one of locals[0..n) (the project's opam files). Another is ML_EUSAGE naming it,
 * with the closest local name (ml_suggest) when there is one, and saying that a dependency
 * is added to the `depends:` of an opam file (the first local file, `file`).
 */
int ml_lock_check_targets(const char *const *names, size_t nnames, const char *const *locals,
			  size_t nlocals, const char *file, struct ml_error *err);
/*
 * A warning (*out, free(); NULL when none) for `what` ("--pin", "--opam-provided") naming
 * `name`, a package that is not among solved[0..n): it has no effect; with the closest
 * solved name when there is one.
 */
char *ml_lock_unused_name(const char *what, const char *name, const char *const *solved, size_t n);
/*
 * The request of this run (*out, new): each part of `given` (this run's flags) that is set,
 * else that part of `recorded` (the lock's request; NULL when there is none or --fresh).
 */
struct ml_lock_request *ml_lock_request_merge(const struct ml_lock_request *given,
					      const struct ml_lock_request *recorded);
struct ml_buf;
/*
 * Appends req as the options of `monolock lock` that repeat it ("--repo SPEC --pin N=V
 * --var N=V ... ROOT..."; repositories by ml_lock_request_repo_spec at their commit), or
 * "(nothing)" when it is empty: what lock -v says it solved for.
 */
void ml_lock_request_describe(struct ml_buf *out, const struct ml_lock_request *req,
			      const char *lock_dir);
/*
 * The spec to open a repository entry with, from the current directory: a relative path is
 * relative to lock_dir (the directory of the lock file, as reachable from here); with
 * at_commit, a git url with a recorded commit names that commit ("git+URL#<commit>").
 */
char *ml_lock_request_repo_spec(const struct ml_lock_request_repo *r, const char *lock_dir,
				bool at_commit);
/*
 * Turns a path entry (relative to the current directory, as given) into its recorded form:
 * relative to lock_dir when it lies inside project_dir, else absolute (ml_lock_path_absolute:
 * symbolic links are kept, as the user named them). A git+file:// url's path is made
 * absolute the same way.
 */
/* path made absolute from the current directory, "." and ".." removed lexically. */
char *ml_lock_path_absolute(const char *path);
void ml_lock_request_record_path(struct ml_lock_request_repo *r, const char *project_dir,
				 const char *lock_dir);

/*
 * One entry of the packages' opam `depexts` (DESIGN section 5): system packages installed
 * together when `filter` holds on the host where `depext` runs (not where the lock was
 * made), as opam-monorepo keeps them. filter is the opam filter list's text in the form
 * ml_lock_depext_filter_canon gives, or NULL: always.
 */
struct ml_lock_depext {
	struct ml_strvec names; /* sorted, at least one */
	char *filter;
};

struct ml_lock {
	struct ml_lock_request *request; /* NULL when nothing was recorded */
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
	struct ml_lock_depext *depexts; /* sorted by names, then filter (none first) */
	size_t ndepexts, depexts_alloc;
	struct ml_lock_toolchain toolchain;
	/* not part of the lock: what reading it skipped, for the command to print */
	struct ml_strvec warnings;
	/* .opam.locked only: opam-monorepo's x-opam-monorepo-cli-args (the lock command's
	 * arguments, in order), kept as read; not compared by ml_lock_equal */
	struct ml_strvec cli_args;
};

/* A new empty lock (generator "dune"). Free with ml_lock_free (accepts NULL). */
struct ml_lock *ml_lock_new(void);
void ml_lock_free(struct ml_lock *lock);
/* Appenders return the new zeroed element (its strvecs initialised), owned by the lock. */
struct ml_lock_repo *ml_lock_add_repo(struct ml_lock *lock);
struct ml_lock_package *ml_lock_add_package(struct ml_lock *lock);
struct ml_lock_source *ml_lock_add_source(struct ml_lock *lock);
struct ml_lock_depext *ml_lock_add_depext(struct ml_lock *lock);
/*
 * The canonical text of a depexts filter (`os-family = "debian"`): parsed as an opam filter
 * list (ml_opam_parse_filter) and printed again (ml_opam_print_filter), so that equal filters
 * are equal strings; *out is NULL for an empty filter. Over ML_LOCK_MAX_STRING bytes, or not
 * a filter, is ML_EPARSE naming `where` (the file, or the package it comes from).
 */
int ml_lock_depext_filter_canon(char **out, const char *text, const char *where,
				struct ml_error *err);
/* After ml_lock_sort: drops depexts entries equal to the one before (names and filter). */
void ml_lock_depexts_uniq(struct ml_lock *lock);
void ml_lock_set_var(struct ml_lock *lock, const char *name, const char *value);
/*
 * Sorts packages by name, sources by dir, vars by name, repositories by url, depexts (by
 * names, then filter), and every string list (roots, depends, checksums, mirrors, a
 * source's packages, a depext's names). The lock file
 * stores everything sorted, so repositories lose their precedence order there: it matters
 * only while solving, and the lock records what each repository was, not how to re-solve.
 */
void ml_lock_sort(struct ml_lock *lock);
/* Lookups (borrowed), NULL when absent. */
const struct ml_lock_package *ml_lock_find_package(const struct ml_lock *lock, const char *name);
const struct ml_lock_source *ml_lock_find_source(const struct ml_lock *lock, const char *dir);
/*
 * DESIGN section 8: a workspace directory name must be non-empty, not "." or "..", not
 * hidden (leading '.'), contain no '/' or '\\' or control characters, and not be reserved
 * (ml_lock_dir_is_reserved). ML_EUNSAFE otherwise, naming it.
 */
int ml_lock_check_dir(const char *dir, struct ml_error *err);
/*
 * Names a source directory cannot take because the workspace holds a file by that name:
 * "dune" (generated by pull) and "dune-project" (read by dune), in any case. At lock time
 * such a name gets a trailing '_' (DESIGN section 3: "dune" becomes "dune_").
 */
bool ml_lock_dir_is_reserved(const char *dir);
/* Checks every invariant pull relies on (dir names, each source's packages exist, no
 * duplicate dirs or names, free-form strings UTF-8, a commit for every git url, each depext
 * with at least one name and a filter that parses). ML_EPARSE
 * naming what is wrong; `path` is used in messages. A local directory source not marked pin
 * is ML_EUNSAFE (only the project's pins may name one); "pin" on any other source is
 * ML_EPARSE. */
int ml_lock_validate(const struct ml_lock *lock, const char *path, struct ml_error *err);
/* ml_lock_validate, leaving lock sorted (ml_lock_sort) whatever the answer: for readers. */
int ml_lock_validate_sort(struct ml_lock *lock, const char *path, struct ml_error *err);
/* The locked package whose name is closest to `name` (a likely typo, ml_suggest), or NULL. */
const char *ml_lock_suggest_package(const struct ml_lock *lock, const char *name);
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

/*
 * A patch path a lock may record: relative to the lock's directory, no empty, "." or ".."
 * component, no backslash or control character, at most ML_LOCK_MAX_STRING bytes.
 * ML_EUNSAFE naming it. (Links on the path are refused when it is read.)
 */
int ml_lock_check_patch_file(const char *file, struct ml_error *err);
/*
 * A new lock keeps the saved patches of prev's sources (sorted) with the same dir: they
 * follow the directory to a new version, which pull carries them to.
 */
void ml_lock_keep_patches(struct ml_lock *lock, const struct ml_lock *prev);
/* At most this many patches per source. */
#define ML_LOCK_MAX_PATCHES 64

/* Caps on what a lock may hold (readers refuse more). */
#define ML_LOCK_MAX_ITEMS 100000 /* entries in any one list */
#define ML_LOCK_MAX_STRING 4096  /* bytes in any one string */

#endif
