#ifndef ML_OPAMCTX_H
#define ML_OPAMCTX_H

#include "lib/ml.h"
#include "lib/project.h"

/*
 * opam's context, read from its files (no opam process is run): the opam root, the current
 * switch, their variables and repositories, and OPAMVAR_<name> from the environment. Also the
 * rules opam-monorepo follows for the names of its lock files and the link that makes
 * `opam monorepo` run monolock.
 */

#define ML_OPAMCTX_MAX_VARS 1024 /* variables taken from the environment or a config file */

/* $OPAMROOT, else ~/.opam; NULL when neither can be formed. Owned (free()). */
char *ml_opam_root(void);

/*
 * The current switch's directory: $OPAMSWITCH, else the `switch:` of <root>/config. A
 * switch named by a path (it contains '/') is a local switch, <path>/_opam; any other name
 * is <root>/<name>. *out owned (free()). ML_ENOTFOUND (err untouched) when there is no
 * current switch or its directory does not exist.
 */
int ml_opam_switch_dir(char **out, const char *root, struct ml_error *err);

/*
 * Sets in vars the variables of opam's context, each over the previous: the root's
 * `global-variables:` (<root>/config), the current switch's `variables { }`
 * (.opam-switch/switch-config), then OPAMVAR_<name>=value from the environment (an
 * underscore in <name> stands for '-', as opam reads them: OPAMVAR_with_test sets
 * with-test). Values that are not strings or booleans are skipped. A config that does not
 * parse is ML_EPARSE naming it; absent files are not an error.
 */
int ml_opam_context_vars(struct ml_vars *vars, struct ml_error *err);

/*
 * The repositories the current switch solves against, in precedence order, as specs
 * monolock opens (<root>/repo/NAME or <root>/repo/NAME.tar.gz): the switch's
 * `repositories:` (switch-config), else the root's (config). Appends to out; no root or no
 * repository appends nothing. Used by ml_opamroot_repositories.
 */
int ml_opam_switch_repositories(struct ml_strvec *out, struct ml_error *err);

/*
 * opam-monorepo's lock file name: <dir>/<name>.opam.locked (dir "" or "." for the current
 * directory). Owned.
 */
char *ml_opam_lockfile_name(const char *dir, const char *name);

/*
 * The one *.opam.locked file directly in dir (opam-monorepo looks nowhere else). *out owned:
 * <dir>/<file>. ML_ENOTFOUND when there is none, ML_EUSAGE naming them when there are
 * several.
 */
int ml_opam_find_lockfile(char **out, const char *dir, struct ml_error *err);

/*
 * Makes `opam <name>` run `target`: the symbolic link <root>/plugins/bin/opam-<name> ->
 * target, which is how opam 2.1 finds a plugin (it runs opam-<name> only when that path is a
 * symbolic link and the name resolves on PATH with <root>/plugins/bin prepended). An existing
 * link is replaced; an existing file that is not a link is ML_EUSAGE naming it. No opam root (no <root>/config) is ML_ENOTFOUND saying to run `opam init`. *out owned:
 * the link's path.
 */
int ml_opam_plugin_install(char **out, const char *name, const char *target, struct ml_error *err);

/*
 * The items of an opam-monorepo command-line list, "[a,b]" or "[[a,b],[c,d]]": the top-level
 * items in order, a bracketed item kept whole with its brackets ("[a,b]"). A value without
 * brackets is one item. Unbalanced brackets, an empty item or more than
 * ML_OPAMCTX_MAX_VARS items is ML_EUSAGE naming `what` (the option).
 */
int ml_opam_cli_list(struct ml_strvec *out, const char *s, const char *what, struct ml_error *err);

/*
 * The lock file opam-monorepo names when -l is not given, in the project directory dir:
 * <name>.opam.locked for a single target package, else for the (name ...) of dune-project.
 * NULL when neither applies. Owned.
 */
char *ml_opam_default_lockfile(const char *dir, const char *const *targets, size_t ntargets,
			       const char *dune_project_name);

/*
 * Writes <root>/README.md (root: the duniverse directory) saying the directory is generated,
 * as opam-monorepo's pull does. Not rewritten when it already says so; nothing when root is
 * not a directory.
 */
int ml_duniverse_write_readme(const char *root, struct ml_error *err);

/*
 * Why a lock of the project could come out empty: appends to out the packages the roots'
 * `depends:` names ("fmt, lwt": at most 8, then "..."), and to undefined the variables their
 * filters test with `?name` that vars does not define (other uses of an undefined variable
 * are warned about when filters are evaluated; the solver's own are left out: build,
 * post, with-test, with-doc, with-dev-setup, dev, version, name; sorted, unique). Returns
 * whether any root names a dependency at all.
 */
bool ml_opam_roots_depends(struct ml_buf *out, struct ml_strvec *undefined,
			   const struct ml_project *p, const struct ml_vars *vars);

/*
 * The current switch's version pins (`pinned:` of .opam-switch/switch-state, "name.version",
 * without a source: see ml_opam_switch_source_pins), as opam-monorepo takes them from the
 * switch state: appended to names and versions (in step). No switch or no pins appends
 * nothing. At most ML_OPAMCTX_MAX_VARS.
 */
int ml_opam_switch_pins(struct ml_strvec *names, struct ml_strvec *versions, struct ml_error *err);

/*
 * The current switch's pins to a source (`opam pin add NAME URL`: a pinned package whose
 * overlay opam file, <switch>/.opam-switch/overlay/<name>/opam, has a url), honoured as
 * opam-monorepo honours them: a git url (git+..., git://) is appended to p->pins as if the
 * project's pin-depends named it (name, the pinned version, the url; file: the overlay
 * file), unless a project package or a pin-depends already has that name (the project
 * wins). Any other source, a directory of this machine or an archive, is ML_EUSAGE naming
 * the pin and what to do: a lock takes local sources only from the project's own
 * pin-depends (DESIGN section 9). No switch appends nothing.
 */
int ml_opam_switch_source_pins(struct ml_project *p, struct ml_error *err);

#endif
