#ifndef ML_VENDOR_H
#define ML_VENDOR_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct ml_error;
struct ml_lock;
struct ml_package;
struct ml_vars;

/*
 * The vendoring rules (DESIGN section 3 "What is vendored", "Sources and directories"):
 * from a solution (the solver's output, a plain value) to a struct ml_lock.
 * libc only, so it is testable without libsolv.
 */

/* One solved package. */
struct ml_solved {
	const struct ml_package *pkg; /* borrowed from the universe */
	bool root; /* a root of the solve: never vendored, in lock packages with reason "root" */
	/* Named opam-provided, or needed only by opam-provided packages: solved, not vendored. */
	bool opam_provided;
	struct ml_strvec depends; /* solved names its depends/depopts resolve to, sorted, owned */
};

/* A solution: the solved packages sorted by name (one version per name). */
struct ml_solution {
	struct ml_solved *pkgs;
	size_t n, alloc;
	struct ml_strvec roots; /* root names, sorted */
};

/* A new empty solution. Free with ml_solution_free (accepts NULL). */
struct ml_solution *ml_solution_new(void);
void ml_solution_free(struct ml_solution *s);
/* Appends a zeroed entry (depends initialised) owned by the solution. */
struct ml_solved *ml_solution_add(struct ml_solution *s);
/* Sorts pkgs by name and roots. */
void ml_solution_sort(struct ml_solution *s);
/* The entry for name, or NULL. Borrowed. Requires a sorted solution. */
const struct ml_solved *ml_solution_find(const struct ml_solution *s, const char *name);

/*
 * Why a package is never vendored, whatever the solve: "compiler" (flags: compiler, ocaml,
 * ocaml-base-compiler, ocaml-variants, ocaml-compiler, ocaml-system, ocaml-config,
 * ocaml-option-*, ocaml-options-*), "tool" (dune, jbuilder, ocamlbuild, ocamlmod, oasis,
 * ocamlify), "virtual" (no url, conf-* or flags: conf, or neither build: nor install:).
 * NULL when the package would be vendored. Static string.
 */
const char *ml_vendor_reason(const struct ml_package *pkg);
/* Is name one of the build tools the environment provides (dune, jbuilder)? (the dune rule) */
bool ml_vendor_is_dune(const char *name);
/*
 * The workspace directory of a dev-repo: its last path segment cut at the first '.', a
 * reserved name (ml_lock_dir_is_reserved) getting a '_', "dune" becoming "dune_"
 * ("git+https://github.com/dbuenzli/fmt.git" -> "fmt"). A new string, or
 * NULL when nothing usable remains (free() it).
 */
char *ml_vendor_dir_name(const char *dev_repo);
/*
 * The identity of a dev-repo for grouping: without a "git+" prefix, the scheme or user@,
 * a trailing "/" or ".git", so "git+https://h/a/b.git" and "https://h/a/b" are one.
 * A new string (free() it).
 */
char *ml_vendor_dev_repo_key(const char *dev_repo);

struct ml_vendor_opts {
	const struct ml_vars *vars; /* unused (depexts keep their filters); may be NULL */
	const char *generator;      /* "dune" (NULL) or "none": recorded in the lock */
	/* Warnings (package without url or dev-repo, ...), one line each; may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

/*
 * Builds the lock of a solution: roots and generator; a package entry for every solved
 * package with its workspace dir or the reason it is not vendored ("root": roots are listed
 * with their resolved depends so that `why` can walk from them; "compiler", "tool",
 * "virtual", "opam-provided"); one source per directory: packages of one dev-repo share a directory,
 * packages without dev-repo are grouped by source url and named after their first package;
 * urls "git+URL#<40 hex>" are split into url and commit (another ref is kept in the url,
 * commit NULL, for the caller to resolve: ml_git_lock_sources); checksums and mirrors are
 * unions over the group; the depexts of every solved package (roots, vendored or not, as
 * opam-monorepo collects them), each entry with its filter as text, not evaluated (a filter
 * over ML_LOCK_MAX_STRING bytes is ML_EUNSAFE).
 * Repositories and variables are left to the caller. The lock is sorted (ml_lock_sort).
 * Errors: two dev-repos giving one directory, or a member of a dev-repo group with another
 * url: ML_EUNSAT naming both; an unusable directory name: ML_EUNSAFE.
 * On success *out owns a new lock (ml_lock_free).
 */
int ml_vendor_lock(struct ml_lock **out, const struct ml_solution *sol,
		   const struct ml_vendor_opts *opts, struct ml_error *err);

/*
 * Appends pkg's depexts to lock->depexts as ml_vendor_lock records them (each entry's names
 * sorted, its filter as text; entries naming nothing left out; not sorted or made unique
 * across entries). A filter over ML_LOCK_MAX_STRING bytes is ML_EUNSAFE.
 */
int ml_vendor_depexts(struct ml_lock *lock, const struct ml_package *pkg, struct ml_error *err);

#endif
