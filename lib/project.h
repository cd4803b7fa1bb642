#ifndef ML_PROJECT_H
#define ML_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct ml_error;
struct ml_opam_file;
struct ml_repo;

/*
 * A project: its root packages (the *.opam files, and a file named `opam`) and the
 * settings opam-monorepo reads from them (DESIGN section 2):
 *   x-opam-monorepo-opam-repositories  ["file://$OPAM_MONOREPO_CWD/repo" ...]
 *   x-opam-monorepo-global-opam-vars   [["arch" "x86_64"] ["with-test" true] ...]
 *   x-opam-monorepo-opam-provided      ["ocaml-solo5" ...]
 *   pin-depends                        [["name.version" "URL"] ...]
 * Values from several files are merged in file order, duplicates removed.
 */

struct ml_project_root {
	char *name;
	char *version; /* the file's `version:` field, else "dev" */
	char *file;    /* path relative to the project directory */
	struct ml_opam_file *opam;
};

struct ml_project_var {
	char *name, *value; /* bools as "true"/"false"; a list of strings joined by spaces */
};

struct ml_project_pin {
	char *name, *version, *url;
	char *file; /* the root file that declared it */
};

struct ml_project {
	char *dir;                     /* as given */
	struct ml_project_root *roots; /* sorted by name */
	size_t nroots;
	struct ml_strvec repositories; /* $OPAM_MONOREPO_CWD expanded to dir */
	struct ml_project_var *vars;
	size_t nvars;
	struct ml_strvec opam_provided; /* sorted, unique */
	struct ml_project_pin *pins;
	size_t npins;
	char *dune_project_name; /* (name ...) of dune-project, or NULL */
	/* ml_project_load_targets: the opam files that are not targets and did not parse */
	struct ml_strvec skipped;
};

/*
 * Loads the project in `dir`. With `recurse`, also *.opam files below it, skipping _build,
 * _opam, duniverse, hidden directories and opam repositories. No root file is an error
 * (ML_ENOTFOUND). Parse errors carry file:line:col. Free with ml_project_free.
 */
int ml_project_load(struct ml_project **out, const char *dir, bool recurse, struct ml_error *err);
/*
 * ml_project_load for the named target packages (ntargets 0: every file is one, as
 * ml_project_load): the x-opam-monorepo-* settings are read from the targets only, as
 * opam-monorepo reads them, and an opam file of another package that does not parse is left
 * out (p->skipped says which, with the error) instead of failing the load.
 */
int ml_project_load_targets(struct ml_project **out, const char *dir, bool recurse,
			    const char *const *targets, size_t ntargets, struct ml_error *err);
void ml_project_free(struct ml_project *p);
const struct ml_project_root *ml_project_find_root(const struct ml_project *p, const char *name);
/*
 * A repository holding the root packages (name.version -> their files), to add to a universe
 * with the highest precedence. Caller owns it (ml_repo_free, or the universe once added).
 */
struct ml_repo *ml_project_repo(const struct ml_project *p);

/* url with every $OPAM_MONOREPO_CWD (as opam-monorepo writes it) replaced by dir. free() it. */
char *ml_project_expand_cwd(const char *url, const char *dir);

/*
 * May the pinned local directory `dir` be copied into the workspace of the project in
 * project_dir? Not "/", not the user's home directory itself ($HOME), not a directory that
 * holds the project (the copy would recurse into its own staging); compared after realpath,
 * so `..`, links and relative spellings do not hide them. Siblings (../mylib) and
 * subdirectories of the project are fine. ML_EUNSAFE naming `what` (the pin) and the
 * real directory; a dir that does not resolve is left to whoever reads it (0).
 */
int ml_project_check_pin_dir(const char *dir, const char *project_dir, const char *what,
			     struct ml_error *err);

struct ml_lock;
/*
 * Before pull copies anything: every local directory source of the lock
 * (ml_lock_source_is_local) must be backed by a pin-depends of the project's opam files in
 * project_dir ("" or "." for the current directory; a pin naming the same directory after
 * realpath, *.opam files below it are read if the top ones do not pin it) and pass
 * ml_project_check_pin_dir. A lock's own "pin" mark is not enough: a lock from elsewhere
 * can claim it. ML_EUNSAFE naming the source's dir and url. A source whose directory does
 * not exist is left to pull (which reports it).
 */
int ml_project_check_local_sources(const struct ml_lock *lock, const char *project_dir,
				   struct ml_error *err);

/*
 * The repositories configured in the user's opam root ($OPAMROOT, else ~/.opam): the current
 * switch's `repositories:` (OPAMSWITCH, else the root's `switch:`), else those of
 * $OPAMROOT/config, in precedence order, each as a spec monolock opens:
 * $OPAMROOT/repo/NAME (a directory) or $OPAMROOT/repo/NAME.tar.gz (opam 2.1+). Appends to out;
 * no opam root (or none configured) appends nothing and is not an error.
 */
int ml_opamroot_repositories(struct ml_strvec *out, struct ml_error *err);

/*
 * Where the project is when a command runs in `cwd` (absolute): the nearest directory at or
 * above it holding `monolock.lock`, a `*.opam.locked` or a `*.opam` file (or a regular file
 * named `opam`), as git finds its repository. The search stops after a directory holding
 * `.git` or `.hg` (a repository's root) and before crossing into another file system. A
 * start inside a `duniverse`, `_build` or `_opam` directory searches from the directory
 * holding it (a vendored source's opam files are not the project). *out_root (free()) is
 * absolute; *out_prefix (free()) is cwd relative to it, "" or ending in '/'. ML_ENOTFOUND
 * when there is none (nothing set).
 */
int ml_project_discover(char **out_root, char **out_prefix, const char *cwd, struct ml_error *err);
/*
 * The path `rel` (relative to `prefix`, a directory relative to the project: "" or ending in
 * '/') relative to the project, lexically normalised: "a/" + "../b" is "b", "." is ".". An
 * absolute rel is returned as is. free() it.
 */
char *ml_project_rebase(const char *prefix, const char *rel);
/*
 * The inverse: `path` (relative to the project) relative to `prefix` (a directory relative to
 * the project: "" or ending in '/'), lexically: from "bin/deep/", "bin/deep/x" is "x" and
 * "monolock.lock" is "../../monolock.lock". An absolute path, or an empty prefix: as is.
 * free() it.
 */
char *ml_project_unbase(const char *prefix, const char *path);
/*
 * `text` (a message written from the project's directory, the current one) with the paths it
 * quotes ('PATH') made relative to `prefix` (ml_project_unbase), so that a user who started
 * the command in the subdirectory `prefix` reads their paths: a quoted relative path is one
 * when it lies under prefix or its first component exists in the current directory; so is
 * the "PATH: " a message starts with when PATH holds a '/' or a '.'. Other words (package
 * names...) are left alone. free() it.
 */
char *ml_project_user_text(const char *prefix, const char *text);

#endif
