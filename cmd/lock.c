#include "cmd.h"
#include "lock_pin.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"
#include "solver/solver.h"
#include "lib/lock_check.h"
#include "lib/toolchain.h"
#include "lib/ucache.h"
#include "lib/opamctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The public repository, used when nothing else names one. */
static const char default_repository[] = "git+https://github.com/ocaml/opam-repository.git";

enum {
	OPT_REPO = 1,
	OPT_RECURSE,
	OPT_BUILD_ONLY,
	OPT_VAR,
	OPT_OCAML_VERSION,
	OPT_DUNE_VERSION,
	OPT_OPAM_PROVIDED,
	OPT_PIN,
	OPT_MINIMAL_UPDATE,
	OPT_UPDATE,
	OPT_GENERATOR,
	OPT_FORMAT,
	OPT_LOCKFILE,
	OPT_CHECK,
	OPT_FRESH,
	OPT_OFFLINE,
	OPT_TIMEOUT,
	OPT_DEBUG_SOLVER,
	OPT_REQUIRE_CROSS,
	OPT_VERBOSE,
};

static const struct cmd_opt opts[] = {
	{ "repo", 0, "SPEC",
	  "a repository (directory, archive, git+URL[#ref]); the first has\n"
	  "precedence. Default: the roots' x-opam-monorepo-opam-repositories,\n"
	  "else the opam root's, else\n"
	  "git+https://github.com/ocaml/opam-repository.git",
	  NULL, OPT_REPO, CMD_OPT_REPEAT },
	{ "recurse", 0, NULL, "also read *.opam files in subdirectories", NULL, OPT_RECURSE, 0 },
	{ "build-only", 0, NULL, "leave out the roots' {with-test} dependencies", NULL,
	  OPT_BUILD_ONLY, 0 },
	{ "var", 0, "NAME=VALUE", "set an opam global variable (os, arch, with-doc, ...)", NULL,
	  OPT_VAR, CMD_OPT_REPEAT },
	{ "ocaml-version", 0, "V|any", "the version of the `ocaml` package; any: no constraint",
	  "the version of the compiler on PATH (ocamlc)", OPT_OCAML_VERSION, 0 },
	{ "dune-version", 0, "V|any", "the highest version of `dune`; any: no constraint",
	  "the version of the dune on PATH", OPT_DUNE_VERSION, 0 },
	{ "opam-provided", 0, "PKG", "solve PKG but do not vendor it (the environment installs it)",
	  NULL, OPT_OPAM_PROVIDED, CMD_OPT_REPEAT },
	{ "pin", 0, "NAME=VERSION", "only this version of NAME", NULL, OPT_PIN, CMD_OPT_REPEAT },
	{ "minimal-update", 0, NULL, "keep the locked versions that still fit", NULL,
	  OPT_MINIMAL_UPDATE, 0 },
	{ "update", 0, "PKG", "with a previous lock, free just PKG", NULL, OPT_UPDATE,
	  CMD_OPT_REPEAT },
	{ "generator", 0, "dune|none",
	  "dune: vendored packages must build with dune; none: lock\nsources only", "dune",
	  OPT_GENERATOR, 0 },
	{ "format", 0, "json|opam",
	  "json (monolock.lock) or opam (opam-monorepo's\n<name>.opam.locked)", "json", OPT_FORMAT,
	  0 },
	{ "lockfile", 'l', "PATH", "the lock file to write", "monolock.lock", OPT_LOCKFILE, 0 },
	{ "check", 0, NULL,
	  "does the lock still hold? Writes nothing and does not solve:\n"
	  "the project's opam files and the recorded repositories at\n"
	  "their recorded commits must still allow every locked version\n"
	  "and source (newer versions do not matter). Exit 0 when it\n"
	  "holds, 4 when not (each reason on its own line), 1 when it\n"
	  "could not run",
	  NULL, OPT_CHECK, 0 },
	{ "fresh", 0, NULL, "ignore the request recorded in the lock", NULL, OPT_FRESH, 0 },
	{ "offline", 0, NULL, "no network: a repository neither on disk nor cached fails", NULL,
	  OPT_OFFLINE, 0 },
	{ "timeout", 0, "S", "give up a git fetch still running after S seconds", "1800",
	  OPT_TIMEOUT, 0 },
	{ "debug-solver", 0, "DIR", "write a libsolv testcase of the solve into DIR", NULL,
	  OPT_DEBUG_SOLVER, 0 },
	{ "require-cross-compile", 0, NULL,
	  "for a package with versions tagged cross-compile, only those\n"
	  "(opam-monorepo's option of that name)",
	  NULL, OPT_REQUIRE_CROSS, 0 },
	{ "verbose", 'v', NULL,
	  "say the request solved (this run's options over the lock's\n"
	  "recorded ones) and the repositories read",
	  NULL, OPT_VERBOSE, CMD_OPT_SYN_SHORT },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_lock_spec = {
	.name = "lock",
	.summary = "solve the project's dependencies and write monolock.lock",
	.args = "[PKG[.VERSION]...]",
	.description =
	    "Solves the project's root packages (its *.opam files) against opam repositories\n"
	    "and writes the lock: every package with its version, and every source to pull.\n"
	    "PKG narrows the roots to the named project packages, or adds a repository package\n"
	    "as a root; PKG.VERSION also pins its version. The summary goes to stderr; with\n"
	    "--json, what was locked (with --check: {\"holds\", \"reasons\"}) goes to stdout.\n"
	    "\n"
	    "The lock records the request: --repo (in order), --opam-provided, --pin, --var,\n"
	    "--ocaml-version, --dune-version, --build-only, --generator, --recurse and the named\n"
	    "PKGs. Each part comes from, first found: this run's flags, the lock's recorded\n"
	    "request (unless --fresh), the roots' x-opam-monorepo-* fields, the defaults. A flag\n"
	    "given again replaces its part and is recorded. Recorded directories inside the\n"
	    "project are relative to the lock's directory, others absolute; git as URL and\n"
	    "commit, archives with their sha256.\n"
	    "\n"
	    "The lock is made for the toolchain that will build the workspace: the ocaml and\n"
	    "dune on PATH, recorded in the lock (pull warns when PATH has others). With\n" ML_TOOLCHAIN_ENV_OFF
	    " set, PATH is not read (as with --ocaml-version any\n"
	    "--dune-version any). The opam-version variable is the version of the opam on\n"
	    "PATH, else " ML_OPAM_VERSION_DEFAULT "; --var opam-version=V overrides it.",
	.opts = opts,
	.exits = "2\tno solution (the reasons follow)\n"
		 "4\t--check: the lock no longer holds\n",
	.examples = "monolock lock\tlock the project's *.opam files\n"
		    "monolock lock --repo ../opam-repository --var os=linux\twith a local "
		    "repository, for Linux\n"
		    "monolock lock --update fmt\ttake the newest fmt the constraints allow, keep "
		    "the rest\n",
};

struct lock_opts {
	struct ml_strvec repos, vars, opam_provided, pins, update, args;
	bool recurse, build_only, minimal_update, check, json, fresh, offline, require_cross;
	bool verbose;
	long timeout; /* seconds, 0: the default */
	const char *ocaml_version, *dune_version, *generator, *format, *lockfile, *debug_dir;
};

static void lock_opts_release(struct lock_opts *o)
{
	ml_strvec_release(&o->repos);
	ml_strvec_release(&o->vars);
	ml_strvec_release(&o->opam_provided);
	ml_strvec_release(&o->pins);
	ml_strvec_release(&o->update);
	ml_strvec_release(&o->args);
}

static void warn_line(void *ctx, const char *msg)
{
	(void)ctx;
	cmd_warn("%s", msg);
}

/* NAME=VALUE into its two halves (both non-empty). */
static int split_assign(char **name, char **value, const char *s)
{
	const char *eq = strchr(s, '=');

	if (!eq || eq == s || !eq[1])
		return -1;
	*name = ml_strndup(s, (size_t)(eq - s));
	*value = ml_strdup(eq + 1);
	return 0;
}

static bool is_url(const char *spec)
{
	return strstr(spec, "://") != NULL;
}

/*
 * A repository's content hash, for the lock: over the opam files of the locked packages it
 * provided (ml_repo_hash_files). A change to any of them changes it; other files do not.
 */
static int repo_hash(char **out, struct ml_universe *u, const struct ml_repo *r,
		     const struct ml_lock *lock, struct ml_error *err)
{
	struct ml_strvec paths = ML_STRVEC_INIT;
	int ret;

	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		const struct ml_package *p;

		if (ml_universe_get_view(u, lp->name, lp->version, &p, NULL) || p->repo != r)
			continue;
		ml_strvec_push(&paths, p->relpath);
	}
	ret = ml_repo_hash_files(out, r, &paths, err);
	ml_strvec_release(&paths);
	return ret;
}

/*
 * Where the solve of this project's lock is kept for the next run (solver/memo.c), or NULL
 * when caches are off (MONOLOCK_NO_REPO_CACHE): one file per project directory and lock.
 */
static char *memo_path(const char *lockpath)
{
	const char *off = getenv("MONOLOCK_NO_REPO_CACHE");
	struct ml_buf id = ML_BUF_INIT;
	char *cwd, *dir, *path;

	if (off && *off)
		return NULL;
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	ml_buf_adds(&id, cwd);
	ml_buf_add(&id, "", 1);
	ml_buf_adds(&id, lockpath);
	dir = ml_cache_dir();
	/* below the cache's root nothing is followed: a link planted at solves/ is replaced */
	path =
	    ml_fs_mkdirs_below(dir, "solves", 0755, NULL)
		? NULL
		: ml_xasprintf("%s/solves/%016llx.memo", dir,
			       (unsigned long long)ml_ucache_hash(id.buf, id.len, 0x736f6c76ULL));
	free(dir);
	free(cwd);
	ml_buf_release(&id);
	return path;
}

/* Which file to write: --lockfile wins; json: monolock.lock; opam: opam-monorepo's rule. */
static int lock_path(char **out, const struct lock_opts *o, const struct ml_project *p,
		     size_t nroots, const char *const *roots, struct ml_error *err)
{
	if (o->lockfile) {
		*out = ml_strdup(o->lockfile);
		return 0;
	}
	if (strcmp(o->format, "opam")) {
		*out = ml_strdup(ML_LOCKFILE_NAME);
		return 0;
	}
	if (nroots == 1) {
		*out = ml_xasprintf("%s%s", roots[0], ML_LOCKFILE_OPAM_SUFFIX);
		return 0;
	}
	if (p->dune_project_name) {
		*out = ml_xasprintf("%s%s", p->dune_project_name, ML_LOCKFILE_OPAM_SUFFIX);
		return 0;
	}
	return ml_error_set(err, ML_EUSAGE,
			    "several root packages and no (name ...) in dune-project: name the "
			    "lock file with --lockfile");
}

/*
 * "locked N packages in M sources: 1 added, 2 upgraded" then one line per package added,
 * removed, upgraded or downgraded and per source whose url or checksums changed, as cargo
 * says `Updating fmt v0.9.0 -> v0.10.0`. A first lock gives the counts only.
 */
static void print_summary(const char *path, const struct ml_lock *lock, const struct ml_lock *prev,
			  bool changed)
{
	static const char *const label[] = {
		[ML_LOCK_ADDED] = "added",           [ML_LOCK_UPGRADED] = "upgraded",
		[ML_LOCK_DOWNGRADED] = "downgraded", [ML_LOCK_REMOVED] = "removed",
		[ML_LOCK_SOURCE_CHANGED] = "source",
	};
	struct ml_lock_delta *d = NULL;
	size_t nd = ml_lock_deltas(&d, lock, prev), count[ML_LOCK_SOURCE_CHANGED + 1] = { 0 };
	size_t npackages = 0;
	struct ml_buf b = ML_BUF_INIT;
	const char *sep = ": ";

	if (cmd_global.quiet)
		goto out;
	for (size_t i = 0; i < lock->npackages; i++)
		if (lock->packages[i].dir || !lock->packages[i].reason ||
		    strcmp(lock->packages[i].reason, "root") != 0)
			npackages++;
	for (size_t i = 0; i < nd; i++)
		count[d[i].change]++;
	ml_buf_addf(&b, "locked %zu package%s in %zu source%s", npackages,
		    npackages == 1 ? "" : "s", lock->nsources, lock->nsources == 1 ? "" : "s");
	if (prev) {
		static const enum ml_lock_change order[] = { ML_LOCK_ADDED, ML_LOCK_UPGRADED,
							     ML_LOCK_DOWNGRADED, ML_LOCK_REMOVED };

		for (size_t i = 0; i < ML_ARRAY_SIZE(order); i++)
			if (count[order[i]])
				ml_buf_addf(&b, "%s%zu %s", sep, count[order[i]],
					    ml_lock_change_name(order[i])),
				    sep = ", ";
		if (count[ML_LOCK_SOURCE_CHANGED])
			ml_buf_addf(&b, "%s%zu source%s changed", sep,
				    count[ML_LOCK_SOURCE_CHANGED],
				    count[ML_LOCK_SOURCE_CHANGED] == 1 ? "" : "s"),
			    sep = ", ";
		if (nd == 0)
			ml_buf_adds(&b, changed ? ": no package or source changed (the lock's "
						  "other fields did)"
						: ": no version changed");
		for (size_t i = 0; i < nd; i++) {
			ml_buf_addf(&b, "\n  %-10s %s", label[d[i].change], d[i].name);
			if (d[i].change == ML_LOCK_SOURCE_CHANGED) {
				if (strcmp(d[i].from, d[i].to) != 0)
					ml_buf_addf(&b, ": url %s -> %s", d[i].from, d[i].to);
				if (d[i].checksums)
					ml_buf_addf(&b, "%s checksums changed",
						    strcmp(d[i].from, d[i].to) ? "," : ":");
			} else if (d[i].from && d[i].to) {
				ml_buf_addf(&b, " %s -> %s", d[i].from, d[i].to);
			} else {
				ml_buf_addf(&b, " %s", d[i].from ? d[i].from : d[i].to);
			}
		}
	}
	fprintf(stderr, "%s\n%s %s\n", b.buf, path, changed ? "written" : "unchanged");
out:
	ml_buf_release(&b);
	free(d);
}

/* Collects the repositories to use, in precedence order. */
static int repository_specs(struct ml_strvec *out, const struct lock_opts *o,
			    const struct ml_project *p, struct ml_error *err)
{
	const struct ml_strvec *from = o->repos.n ? &o->repos : &p->repositories;
	int ret;

	for (size_t i = 0; i < from->n; i++) {
		/* relative directories are relative to the project */
		if (!is_url(from->v[i]) && from->v[i][0] != '/' && strcmp(p->dir, "."))
			ml_strvec_push_owned(out, ml_path_join(p->dir, from->v[i]));
		else
			ml_strvec_push(out, from->v[i]);
	}
	if (out->n)
		return 0;
	ret = ml_opamroot_repositories(out, err);
	if (ret || out->n)
		return ret;
	ml_strvec_push(out, default_repository);
	return 0;
}

static int parse_options(struct lock_opts *o, int argc, char **argv)
{
	struct cmd_parser p;
	const char *v;
	int c, ret = 0;

	o->format = "json";
	cmd_parser_init(&p, &cmd_lock_spec, argc, argv);
	while (!ret && (c = cmd_parse_next(&p)) > 0) {
		v = p.val;
		switch (c) {
		case OPT_REPO:
			ml_strvec_push(&o->repos, cmd_url(v));
			break;
		case OPT_RECURSE:
			o->recurse = true;
			break;
		case OPT_BUILD_ONLY:
			o->build_only = true;
			break;
		case OPT_VAR:
			if (!strchr(v, '=') || v[0] == '=')
				ret = cmd_usage_error(&cmd_lock_spec,
						      "--var takes NAME=VALUE, not '%s'", v);
			else
				ml_strvec_push(&o->vars, v);
			break;
		case OPT_OCAML_VERSION:
		case OPT_DUNE_VERSION:
			if (strcmp(v, "any") && !ml_tool_version_valid(v))
				ret = cmd_usage_error(
				    &cmd_lock_spec, "--%s takes a version or any, not '%s'",
				    c == OPT_OCAML_VERSION ? "ocaml-version" : "dune-version", v);
			*(c == OPT_OCAML_VERSION ? &o->ocaml_version : &o->dune_version) = v;
			break;
		case OPT_OPAM_PROVIDED:
			ml_strvec_push(&o->opam_provided, v);
			break;
		case OPT_PIN:
			if (!strchr(v, '=') || v[0] == '=' || !strchr(v, '=')[1])
				ret = cmd_usage_error(&cmd_lock_spec,
						      "--pin takes NAME=VERSION, not '%s'", v);
			else
				ml_strvec_push(&o->pins, v);
			break;
		case OPT_MINIMAL_UPDATE:
			o->minimal_update = true;
			break;
		case OPT_UPDATE:
			ml_strvec_push(&o->update, v);
			break;
		case OPT_GENERATOR:
			if (strcmp(v, "dune") && strcmp(v, "none"))
				ret = cmd_usage_error(&cmd_lock_spec,
						      "--generator is dune or none, not '%s'", v);
			o->generator = v;
			break;
		case OPT_FORMAT:
			if (strcmp(v, "json") && strcmp(v, "opam"))
				ret = cmd_usage_error(&cmd_lock_spec,
						      "--format is json or opam, not '%s'", v);
			o->format = v;
			break;
		case OPT_LOCKFILE:
			o->lockfile = cmd_path(v);
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_VERBOSE:
			o->verbose = true;
			break;
		case OPT_FRESH:
			o->fresh = true;
			break;
		case OPT_OFFLINE:
			o->offline = true;
			break;
		case OPT_TIMEOUT:
			if (ml_parse_long(v, 1, 86400, &o->timeout))
				ret = cmd_usage_error(
				    &cmd_lock_spec,
				    "--timeout: expected seconds from 1 to 86400, got '%s'", v);
			break;
		case OPT_DEBUG_SOLVER:
			o->debug_dir = cmd_path(v);
			break;
		case OPT_REQUIRE_CROSS:
			o->require_cross = true;
			break;
		}
	}
	/* --help: -1, the caller exits 0 */
	if (!ret && c < 0)
		ret = p.exit == EXIT_OK ? -1 : p.exit;
	for (size_t i = 0; !ret && i < p.args.n; i++)
		ml_strvec_push(&o->args, p.args.v[i]);
	o->json = cmd_global.json;
	cmd_parser_release(&p);
	return ret;
}

/*
 * The roots of the solve and the version pins: PKG narrows to project roots or adds a
 * repository package; PKG.VERSION and --pin also pin.
 */
static int gather_roots(struct ml_strvec *roots, struct ml_strvec *pin_names,
			struct ml_strvec *pin_versions, const struct lock_opts *o,
			const struct ml_project *p, struct ml_error *err)
{
	for (size_t i = 0; i < o->args.n; i++) {
		const char *a = o->args.v[i], *dot = strchr(a, '.');
		char *name = dot ? ml_strndup(a, (size_t)(dot - a)) : ml_strdup(a);

		if (!*name || (dot && !dot[1])) {
			free(name);
			return ml_error_set(err, ML_EUSAGE, "'%s' is not PKG or PKG.VERSION", a);
		}
		if (dot) {
			ml_strvec_push(pin_names, name);
			ml_strvec_push(pin_versions, dot + 1);
		}
		ml_strvec_push_owned(roots, name);
	}
	if (!o->args.n)
		for (size_t i = 0; i < p->nroots; i++)
			ml_strvec_push(roots, p->roots[i].name);
	for (size_t i = 0; i < o->pins.n; i++) {
		char *name, *version;

		split_assign(&name, &version, o->pins.v[i]);
		ml_strvec_push_owned(pin_names, name);
		ml_strvec_push_owned(pin_versions, version);
	}
	return 0;
}

/*
 * The toolchain to lock for: ocaml and dune each from its option, else from PATH, else not
 * fixed; opam's version from PATH. Versions are owned (free()); *_from borrowed.
 */
struct toolchain {
	char *ocaml, *dune, *opam;
	const char *ocaml_from, *dune_from;
};

static void toolchain_release(struct toolchain *t)
{
	free(t->ocaml);
	free(t->dune);
	free(t->opam);
}

/*
 * One tool's answer: its release (opam: its version) into *out, or NULL. A program that
 * failed or printed something else than a version is one warning; returns false when it is
 * not on PATH (the caller says so).
 */
static bool take_tool(char **out, char *v, int r, const struct ml_error *err, enum ml_tool tool)
{
	static const char *const name[] = { "ocaml", "dune", "opam" };
	static const char *const opt[] = { "--ocaml-version", "--dune-version", NULL };

	*out = NULL;
	if (r == 0)
		*out = tool == ML_TOOL_OPAM ? ml_strdup(v) : ml_tool_release(v);
	else if (r != ML_ENOTFOUND && opt[tool])
		cmd_warn("%s: the lock is not fixed to a version of %s (%s V fixes it)", err->msg,
			 name[tool], opt[tool]);
	else if (r != ML_ENOTFOUND)
		cmd_warn("%s: opam-version is %s (--var opam-version=V sets it)", err->msg,
			 ML_OPAM_VERSION_DEFAULT);
	return r != ML_ENOTFOUND;
}

/*
 * What the options leave to PATH is read from it (the programs run at the same time); a
 * part given as "any", or not found, is not fixed, and what PATH lacks is one warning.
 */
static void find_toolchain(struct toolchain *t, const struct lock_opts *o, bool want_opam)
{
	bool want[ML_TOOL_COUNT] = { !o->ocaml_version, !o->dune_version, want_opam };
	char *v[ML_TOOL_COUNT];
	int r[ML_TOOL_COUNT];
	struct ml_error errs[ML_TOOL_COUNT] = { ML_ERROR_INIT, ML_ERROR_INIT, ML_ERROR_INIT };
	const char *missing[2], *missing_name = NULL, *missing_opt = NULL;
	size_t nmissing = 0;
	bool off = ml_toolchain_off();

	memset(t, 0, sizeof(*t));
	ml_toolchain_find_all(v, r, errs, want);
	if (o->ocaml_version) {
		if (strcmp(o->ocaml_version, "any"))
			t->ocaml = ml_strdup(o->ocaml_version), t->ocaml_from = "--ocaml-version";
	} else if (!take_tool(&t->ocaml, v[0], r[0], &errs[0], ML_TOOL_OCAML)) {
		missing[nmissing++] = "OCaml compiler (ocamlc)";
		missing_name = "ocaml", missing_opt = "--ocaml-version";
	} else if (t->ocaml) {
		t->ocaml_from = "PATH";
	}
	if (o->dune_version) {
		if (strcmp(o->dune_version, "any"))
			t->dune = ml_strdup(o->dune_version), t->dune_from = "--dune-version";
	} else if (!take_tool(&t->dune, v[1], r[1], &errs[1], ML_TOOL_DUNE)) {
		missing[nmissing++] = "dune";
		missing_name = "dune", missing_opt = "--dune-version";
	} else if (t->dune) {
		t->dune_from = "PATH";
	}
	if (want_opam)
		take_tool(&t->opam, v[2], r[2], &errs[2], ML_TOOL_OPAM);
	if (off)
		nmissing = 0; /* asked for: nothing to say */
	if (nmissing == 2)
		cmd_warn("no %s and no %s on PATH: the lock is not fixed to a version of ocaml or "
			 "dune (--ocaml-version V and --dune-version V fix them)",
			 missing[0], missing[1]);
	else if (nmissing == 1)
		cmd_warn("no %s on PATH: the lock is not fixed to a version of %s (%s V fixes it)",
			 missing[0], missing_name, missing_opt);
	for (int i = 0; i < ML_TOOL_COUNT; i++) {
		free(v[i]);
		ml_error_release(&errs[i]);
	}
}

/* Whether NAME is set by --var or the roots' x-opam-monorepo-global-opam-vars. */
static bool var_given(const struct lock_opts *o, const struct ml_project *p, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < p->nvars; i++)
		if (strcmp(p->vars[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < o->vars.n; i++)
		if (strncmp(o->vars.v[i], name, n) == 0 && o->vars.v[i][n] == '=')
			return true;
	return false;
}

static void set_variables(struct ml_vars *vars, struct ml_lock *lock, const struct lock_opts *o,
			  const struct ml_project *p, const char *opam_version)
{
	/* recorded: what decides the solve on another machine */
	static const char *const recorded[] = { "arch", "opam-version", "os", "with-test" };

	struct ml_error err = ML_ERROR_INIT;

	ml_vars_set_defaults(vars);
	/* opam's own context (root, switch, OPAMVAR_<name>): not recorded, as opam's is not */
	if (ml_opam_context_vars(vars, &err)) {
		struct ml_buf b = ML_BUF_INIT;

		ml_error_format(&b, &err);
		cmd_warn("ignoring opam's variables: %s", b.buf);
		ml_buf_release(&b);
	}
	ml_error_release(&err);
	if (opam_version)
		ml_vars_set(vars, "opam-version", opam_version);
	for (size_t i = 0; i < p->nvars; i++) {
		ml_vars_set(vars, p->vars[i].name, p->vars[i].value);
		ml_lock_set_var(lock, p->vars[i].name, p->vars[i].value);
	}
	for (size_t i = 0; i < o->vars.n; i++) {
		char *name, *value;

		split_assign(&name, &value, o->vars.v[i]);
		ml_vars_set(vars, name, value);
		ml_lock_set_var(lock, name, value);
		free(name);
		free(value);
	}
	for (size_t i = 0; i < ML_ARRAY_SIZE(recorded); i++) {
		const char *v = ml_vars_get(vars, recorded[i]);

		if (v && !ml_lock_get_var(lock, recorded[i]))
			ml_lock_set_var(lock, recorded[i], v);
	}
}

/* The request of this run's flags (repository paths as given, from here). */
static struct ml_lock_request *given_request(const struct lock_opts *o)
{
	struct ml_lock_request *q = ml_lock_request_new();

	for (size_t i = 0; i < o->repos.n; i++)
		ml_lock_request_add_spec(q, o->repos.v[i]);
	for (size_t i = 0; i < o->args.n; i++)
		ml_strvec_push(&q->roots, o->args.v[i]);
	for (size_t i = 0; i < o->pins.n; i++)
		ml_strvec_push(&q->pins, o->pins.v[i]);
	for (size_t i = 0; i < o->opam_provided.n; i++)
		ml_strvec_push(&q->opam_provided, o->opam_provided.v[i]);
	for (size_t i = 0; i < o->vars.n; i++)
		ml_strvec_push(&q->vars, o->vars.v[i]);
	q->ocaml_version = o->ocaml_version ? ml_strdup(o->ocaml_version) : NULL;
	q->dune_version = o->dune_version ? ml_strdup(o->dune_version) : NULL;
	q->generator = o->generator ? ml_strdup(o->generator) : NULL;
	q->build_only = o->build_only;
	q->require_cross_compile = o->require_cross;
	q->recurse = o->recurse;
	return q;
}

static void replace_strvec(struct ml_strvec *dst, const struct ml_strvec *src)
{
	ml_strvec_release(dst);
	for (size_t i = 0; i < src->n; i++)
		ml_strvec_push(dst, src->v[i]);
}

/*
 * The options of this run become the merged request (ml_lock_request_merge). Repositories
 * given on this command line keep their spelling; recorded ones are opened from lock_dir.
 * Strings point into req, which outlives o's use.
 */
static void apply_request(struct lock_opts *o, const struct ml_lock_request *req,
			  const char *lock_dir)
{
	/* --check reads recorded git repositories at their recorded commits */
	if (!o->repos.n)
		for (size_t i = 0; i < req->nrepos; i++)
			ml_strvec_push_owned(&o->repos, ml_lock_request_repo_spec(
							    &req->repos[i], lock_dir, o->check));
	replace_strvec(&o->args, &req->roots);
	replace_strvec(&o->pins, &req->pins);
	replace_strvec(&o->opam_provided, &req->opam_provided);
	replace_strvec(&o->vars, &req->vars);
	o->ocaml_version = req->ocaml_version;
	o->dune_version = req->dune_version;
	o->generator = req->generator ? req->generator : "dune";
	o->build_only = req->build_only;
	o->require_cross = req->require_cross_compile;
	o->recurse = req->recurse;
}

/* The directory of a file path ("." for a bare name). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ml_strdup(".");
	return slash == path ? ml_strdup("/") : ml_strndup(path, (size_t)(slash - path));
}

/*
 * The request as the lock records it: repository paths relative to the lock's directory
 * inside the project, else absolute; git urls with the commit they gave, archives with their
 * sha256. repos are the universe's repositories opened from req's entries, in order.
 */
static struct ml_lock_request *recorded_request(const struct ml_lock_request *req,
						const struct ml_universe *u, size_t first)
{
	struct ml_lock_request *q = ml_lock_request_dup(req);

	for (size_t i = 0; i < q->nrepos && first + i < ml_universe_nrepos(u); i++) {
		struct ml_lock_request_repo *e = &q->repos[i];
		const struct ml_repo *r = ml_universe_repo(u, first + i);

		free(e->commit);
		free(e->sha256);
		e->commit = e->sha256 = NULL;
		if (e->url && r->commit)
			e->commit = ml_strdup(r->commit);
		if (e->path && r->hash && r->key && !ml_starts_with(r->key, "dir:"))
			e->sha256 = ml_strdup(r->hash);
	}
	return q;
}

/*
 * lock --check: the lock against the opam files of now, without solving (lib/lock_check.c).
 * Exit 0 when it holds, EXIT_STALE with every reason when not; < 0 when it could not run.
 */
static int check_lock(const struct lock_opts *o, struct ml_universe *u, const struct ml_lock *lock,
		      const char *path, const struct ml_vars *vars,
		      const struct ml_project *project, const struct ml_strvec *roots,
		      const struct ml_strvec *pin_names, const struct ml_strvec *pin_versions,
		      struct ml_error *err)
{
	struct ml_strvec reasons = ML_STRVEC_INIT;
	struct ml_lock_check_opts co = {
		.vars = vars,
		.roots = (const char *const *)roots->v,
		.nroots = roots->n,
		.build_only = o->build_only,
		.pin_names = (const char *const *)pin_names->v,
		.pin_versions = (const char *const *)pin_versions->v,
		.npins = pin_names->n,
		/* "any" lifts the constraint: nothing to check */
		.ocaml_version =
		    o->ocaml_version && strcmp(o->ocaml_version, "any") ? o->ocaml_version : NULL,
		.generator = o->generator,
	};
	struct ml_strvec provided = ML_STRVEC_INIT;
	int ret;

	/* as the solve takes them: the roots' x-opam-monorepo-opam-provided and the request's */
	for (size_t i = 0; i < project->opam_provided.n; i++)
		ml_strvec_push(&provided, project->opam_provided.v[i]);
	for (size_t i = 0; i < o->opam_provided.n; i++)
		ml_strvec_push(&provided, o->opam_provided.v[i]);
	co.opam_provided = (const char *const *)provided.v;
	co.nopam_provided = provided.n;

	if (!lock)
		ml_strvec_push_owned(&reasons,
				     ml_xasprintf("%s is missing: run `monolock lock`", path));
	else if ((ret = ml_lock_check(&reasons, u, lock, &co, err)) < 0)
		goto out;
	if (o->json) {
		struct ml_buf j = ML_BUF_INIT;

		ml_report_lock_check(&j, path, !reasons.n, &reasons);
		cmd_json_print_text(j.buf);
		ml_buf_release(&j);
	} else if (!cmd_global.quiet) {
		if (!reasons.n)
			fprintf(stderr, "%s holds\n", path);
		else
			fprintf(stderr, "monolock: %s does not hold:\n", path);
		for (size_t i = 0; i < reasons.n; i++)
			fprintf(stderr, "  %s\n", reasons.v[i]);
	}
	ret = reasons.n ? EXIT_STALE : EXIT_OK;
out:
	ml_strvec_release(&provided);
	ml_strvec_release(&reasons);
	return ret;
}

static void check_fetch_notice(void *ctx, const char *url)
{
	(void)ctx;
	if (!cmd_global.quiet)
		fprintf(stderr,
			"monolock: fetching %s: its recorded commit is not in monolock's cache\n",
			url);
}

/*
 * A lock with no package although the roots name dependencies: their filters left them all
 * out, most likely on a variable nobody set (`?monorepo`). Not an error (it may be meant),
 * but never silent.
 */
static void warn_if_empty(const struct ml_lock *lock, const struct ml_project *p,
			  const struct ml_vars *vars)
{
	struct ml_buf names = ML_BUF_INIT, vb = ML_BUF_INIT;
	struct ml_strvec undefined = ML_STRVEC_INIT;

	for (size_t i = 0; i < lock->npackages; i++)
		if (lock->packages[i].dir || !lock->packages[i].reason ||
		    strcmp(lock->packages[i].reason, "root"))
			goto out;
	if (!ml_opam_roots_depends(&names, &undefined, p, vars))
		goto out;
	for (size_t i = 0; i < undefined.n; i++)
		ml_buf_addf(&vb, "%s%s", i ? ", " : "", undefined.v[i]);
	if (undefined.n)
		cmd_warn(
		    "the lock is empty, yet the project depends on %s: the filters left them "
		    "all out; undefined: %s (set with OPAMVAR_<name>=VALUE or --var NAME=VALUE)",
		    names.buf, vb.buf);
	else
		cmd_warn("the lock is empty, yet the project depends on %s: the filters left them "
			 "all out",
			 names.buf);
out:
	ml_buf_release(&names);
	ml_buf_release(&vb);
	ml_strvec_release(&undefined);
}

/*
 * The project's opam files; PKG arguments are the targets: other opam files' settings and
 * faults stay out (project->skipped names them).
 */
/* What the command line asks that cannot be: lock's targets, boolean variables (lib/). */
static int check_request(const struct lock_opts *o, const struct ml_project *p,
			 struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT, locals = ML_STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; !ret && i < o->vars.n; i++) {
		char *name, *value;

		split_assign(&name, &value, o->vars.v[i]);
		ret = ml_lock_check_var(name, value, err);
		free(name);
		free(value);
	}
	for (size_t i = 0; i < o->args.n; i++)
		ml_strvec_push_owned(&names, ml_strndup(o->args.v[i], strcspn(o->args.v[i], ".")));
	for (size_t i = 0; i < p->nroots; i++)
		ml_strvec_push(&locals, p->roots[i].name);
	if (!ret)
		ret = ml_lock_check_targets((const char *const *)names.v, names.n,
					    (const char *const *)locals.v, locals.n,
					    p->nroots ? p->roots[0].file : NULL, err);
	ml_strvec_release(&names);
	ml_strvec_release(&locals);
	return ret;
}

/* --pin and --opam-provided naming a package the solution does not have: no effect, said. */
static void warn_unused(const struct lock_opts *o, const struct ml_lock *lock)
{
	const char **solved = ml_calloc(lock->npackages + 1, sizeof(*solved));

	for (size_t i = 0; i < lock->npackages; i++)
		solved[i] = lock->packages[i].name;
	for (size_t i = 0; i < o->pins.n + o->opam_provided.n; i++) {
		bool pin = i < o->pins.n;
		const char *arg = pin ? o->pins.v[i] : o->opam_provided.v[i - o->pins.n];
		char *name = ml_strndup(arg, strcspn(arg, "="));
		char *w = ml_lock_unused_name(pin ? "--pin" : "--opam-provided", name, solved,
					      lock->npackages);

		if (w)
			cmd_warn("%s", w);
		free(w);
		free(name);
	}
	free(solved);
}

static int load_project(struct ml_project **out, const struct lock_opts *o, struct ml_error *err)
{
	struct ml_strvec targets = ML_STRVEC_INIT;
	int ret;

	for (size_t i = 0; i < o->args.n; i++)
		ml_strvec_push_owned(&targets,
				     ml_strndup(o->args.v[i], strcspn(o->args.v[i], ".")));
	ret = ml_project_load_targets(out, ".", o->recurse, (const char *const *)targets.v,
				      targets.n, err);
	ml_strvec_release(&targets);
	return ret;
}

int cmd_lock(int argc, char **argv)
{
	struct lock_opts o = { 0 };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_project *project = NULL;
	struct ml_universe *u = NULL;
	struct ml_vars *vars = ml_vars_new();
	struct ml_strvec specs = ML_STRVEC_INIT, roots = ML_STRVEC_INIT;
	struct ml_strvec pin_names = ML_STRVEC_INIT, pin_versions = ML_STRVEC_INIT;
	struct ml_pin *pins = NULL;
	struct ml_repo **pin_repos = NULL;
	size_t npin_repos = 0;
	struct ml_solution *sol = NULL;
	struct ml_lock *lock = NULL, *prev = NULL, *vars_only = ml_lock_new();
	struct ml_buf out = ML_BUF_INIT, old = ML_BUF_INIT;
	char *path = NULL, *memo = NULL, *lock_dir = NULL;
	struct ml_lock_request *given = NULL, *request = NULL;
	struct toolchain tc = { 0 };
	bool changed = false, reload;
	int ret;

	ret = parse_options(&o, argc, argv);
	if (ret) {
		ret = ret < 0 ? EXIT_OK : ret;
		goto out;
	}
	/*
	 * In whole huge pages (lib/util.h): a cold lock of the 33 roots of roots-large allocates
	 * about 30 MiB, a new request 22, a warm lock 8, --check 5; beyond 16 MiB, its 4 KiB
	 * page faults were a third of a cold lock's CPU. What is never touched costs nothing.
	 */
	ml_heap_prepare((size_t)64 << 20);
	if (o.offline)
		ml_git_set_offline(true);
	ml_git_set_timeout(o.timeout);
	/* --check goes to the network only for what is neither on disk nor cached: say so */
	if (o.check)
		ml_git_set_notice(check_fetch_notice, NULL);
	/* for the lock's path and its recorded request; loaded again if the request asks */
	if (load_project(&project, &o, &err) || check_request(&o, project, &err))
		goto fail;
	if (gather_roots(&roots, &pin_names, &pin_versions, &o, project, &err))
		goto fail;
	if (lock_path(&path, &o, project, roots.n, (const char *const *)roots.v, &err))
		goto fail;
	lock_dir = dir_of(path);
	/* its bytes are kept: an unchanged lock is neither parsed again nor read again */
	if (ml_fs_exists(path) && ml_lockfile_load_text(&prev, &old, path, &err)) {
		if (o.minimal_update || o.update.n || o.check)
			goto fail;
		/* a broken old lock is replaced, not fatal */
		char *why = cmd_error_text(&err);

		cmd_warn("ignoring the previous lock: %s", why);
		free(why);
		ml_error_release(&err);
	}
	if (o.check && !prev) {
		/* nothing to check against: answered before any repository is opened */
		ret = check_lock(&o, NULL, NULL, path, NULL, project, &roots, &pin_names,
				 &pin_versions, &err);
		goto out;
	}
	/* this run's flags over the lock's recorded request (lib/request.c) */
	given = given_request(&o);
	for (size_t i = 0; i < given->nrepos; i++)
		ml_lock_request_record_path(&given->repos[i], project->dir, lock_dir);
	request = ml_lock_request_merge(given, prev && !o.fresh ? prev->request : NULL);
	/* a request that names other targets or recurses: the project as it asks */
	reload = request->recurse != o.recurse || !ml_strvec_equal(&request->roots, &o.args);
	apply_request(&o, request, lock_dir);
	if (reload) {
		ml_project_free(project);
		project = NULL;
		if (load_project(&project, &o, &err))
			goto fail;
	}
	for (size_t i = 0; i < project->skipped.n; i++)
		cmd_warn("%s (not a target: left out)", project->skipped.v[i]);
	ml_strvec_release(&roots);
	ml_strvec_release(&pin_names);
	ml_strvec_release(&pin_versions);
	if (gather_roots(&roots, &pin_names, &pin_versions, &o, project, &err))
		goto fail;
	if (repository_specs(&specs, &o, project, &err))
		goto fail;
	if (o.verbose && !cmd_global.quiet) {
		struct ml_buf b = ML_BUF_INIT;

		ml_lock_request_describe(&b, request, lock_dir);
		fprintf(stderr, "monolock: request: %s\n", b.buf);
		for (size_t i = 0; i < specs.n; i++)
			fprintf(stderr, "monolock: repository %zu of %zu: %s\n", i + 1, specs.n,
				specs.v[i]);
		ml_buf_release(&b);
	}
	/* solving in the switch's repositories: in its pins too (not over a --pin) */
	if (!o.repos.n && !project->repositories.n) {
		struct ml_strvec n = ML_STRVEC_INIT, v = ML_STRVEC_INIT;

		ret = ml_opam_switch_pins(&n, &v, &err);
		for (size_t i = 0; !ret && i < n.n; i++)
			if (!ml_strvec_contains(&pin_names, n.v[i])) {
				ml_strvec_push(&pin_names, n.v[i]);
				ml_strvec_push(&pin_versions, v.v[i]);
			}
		ml_strvec_release(&n);
		ml_strvec_release(&v);
		if (!ret)
			ret = ml_opam_switch_source_pins(project, &err);
		if (ret)
			goto fail;
	}

	u = ml_universe_new();
	ml_universe_add_repo(u, ml_project_repo(project));
	/* pin-depends come right after the project: they win over every repository */
	ret = lock_pin_repos(&pin_repos, &npin_repos, &pin_names, &pin_versions, project, &err);
	for (size_t i = 0; i < npin_repos; i++)
		ml_universe_add_repo(u, pin_repos[i]);
	if (ret)
		goto fail;
	for (size_t i = 0; i < specs.n; i++) {
		struct ml_repo *r;

		if (ml_repo_open(&r, specs.v[i], &err))
			goto fail;
		ml_universe_add_repo(u, r);
	}
	find_toolchain(&tc, &o, !var_given(&o, project, "opam-version"));
	set_variables(vars, vars_only, &o, project, tc.opam);

	/* pull and list read the format from the name */
	if (ml_ends_with(path, ML_LOCKFILE_OPAM_SUFFIX) != !strcmp(o.format, "opam")) {
		ml_error_set(&err, ML_EUSAGE,
			     strcmp(o.format, "opam")
				 ? "--lockfile %s: a name ending in %s is read as opam-monorepo's "
				   "format: add --format opam, or choose another name"
				 : "--lockfile %s: --format opam needs a name ending in %s (the "
				   "format is read from the name)",
			     path, ML_LOCKFILE_OPAM_SUFFIX);
		goto fail;
	}
	memo = memo_path(path);
	if ((o.minimal_update || o.update.n) && !prev) {
		ml_error_set(&err, ML_EUSAGE, "%s: no previous lock to update", path);
		goto fail;
	}
	for (size_t i = 0; i < o.update.n; i++)
		if (!ml_lock_find_package(prev, o.update.v[i])) {
			ml_error_set(&err, ML_EUSAGE, "--update %s: %s has no package %s",
				     o.update.v[i], path, o.update.v[i]);
			goto fail;
		}

	if (o.check) {
		ret = check_lock(&o, u, prev, path, vars, project, &roots, &pin_names,
				 &pin_versions, &err);
		if (ret < 0)
			goto fail;
		goto out;
	}

	pins = ml_calloc(pin_names.n + 1, sizeof(*pins));
	for (size_t i = 0; i < pin_names.n; i++) {
		pins[i].name = pin_names.v[i];
		pins[i].version = pin_versions.v[i];
	}
	{
		struct ml_strvec provided = ML_STRVEC_INIT;

		for (size_t i = 0; i < project->opam_provided.n; i++)
			ml_strvec_push(&provided, project->opam_provided.v[i]);
		for (size_t i = 0; i < o.opam_provided.n; i++)
			ml_strvec_push(&provided, o.opam_provided.v[i]);
		ml_strvec_sort_uniq(&provided);

		struct ml_solve_opts so = {
			.vars = vars,
			.roots = (const char *const *)roots.v,
			.nroots = roots.n,
			.build_only = o.build_only,
			.opam_provided = (const char *const *)provided.v,
			.nopam_provided = provided.n,
			.generator = strcmp(o.generator, "none") ? ML_GEN_DUNE : ML_GEN_NONE,
			.require_cross_compile = o.require_cross,
			.pins = pins,
			.npins = pin_names.n,
			/* an explicit version is a pin, as it always was */
			.ocaml_version =
			    tc.ocaml_from && !strcmp(tc.ocaml_from, "PATH") ? NULL : tc.ocaml,
			.toolchain_ocaml =
			    tc.ocaml_from && !strcmp(tc.ocaml_from, "PATH") ? tc.ocaml : NULL,
			.toolchain_ocaml_from = tc.ocaml_from,
			.toolchain_dune = tc.dune,
			.toolchain_dune_from = tc.dune_from,
			.previous = prev,
			.minimal_update = o.minimal_update,
			.update = (const char *const *)o.update.v,
			.nupdate = o.update.n,
			.debug_dir = o.debug_dir,
			.memo = memo,
			.warn = warn_line,
		};
		struct ml_vendor_opts vo = {
			.vars = vars,
			.generator = o.generator,
			.warn = warn_line,
		};

		ret = ml_solve(&sol, u, &so, &err);
		if (!ret)
			ret = ml_vendor_lock(&lock, sol, &vo, &err);
		/* a repository's git url names a branch: the lock records its commit */
		if (!ret)
			ret = ml_git_lock_sources(lock, &err);
		ml_strvec_release(&provided);
		if (ret)
			goto fail;
	}
	warn_if_empty(lock, project, vars);
	warn_unused(&o, lock);

	for (size_t i = 0; i < vars_only->nvars; i++)
		ml_lock_set_var(lock, vars_only->vars[i].name, vars_only->vars[i].value);
	for (size_t i = 0; i < cmd_global.cli_args.n; i++)
		ml_strvec_push(&lock->cli_args, cmd_global.cli_args.v[i]);
	if (tc.ocaml) {
		lock->toolchain.ocaml = ml_strdup(tc.ocaml);
		lock->toolchain.ocaml_from = ml_strdup(tc.ocaml_from);
	}
	if (tc.dune) {
		lock->toolchain.dune_max = ml_strdup(tc.dune);
		lock->toolchain.dune_from = ml_strdup(tc.dune_from);
	}
	/* saved patches follow their directory (pull carries them to a new version) */
	ml_lock_keep_patches(lock, prev);
	/* the project and the pins are recorded by their sources, not as repositories */
	for (size_t i = 1 + npin_repos; i < ml_universe_nrepos(u); i++) {
		const struct ml_repo *r = ml_universe_repo(u, i);
		struct ml_lock_repo *lr = ml_lock_add_repo(lock);

		lr->url = lock_record_url(r->url ? r->url : r->spec, project->dir);
		/* "file://../x" is no file URL: a directory outside the project is absolute */
		if (ml_starts_with(lr->url, "file://..") ||
		    ml_starts_with(lr->url, "git+file://..")) {
			bool git = lr->url[0] == 'g';
			char *abs = ml_lock_path_absolute(lr->url +
							  strlen(git ? "git+file://" : "file://"));

			free(lr->url);
			lr->url = ml_xasprintf("%sfile://%s", git ? "git+" : "", abs);
			free(abs);
		}
		if (r->commit)
			lr->commit = ml_strdup(r->commit);
		else if (repo_hash(&lr->hash, u, r, lock, &err))
			goto fail;
	}
	if (o.repos.n == request->nrepos)
		lock->request = recorded_request(request, u, 1 + npin_repos);
	else
		lock->request = ml_lock_request_dup(request);
	if (ml_lock_request_is_empty(lock->request)) {
		ml_lock_request_free(lock->request);
		lock->request = NULL;
	}
	ml_lock_sort(lock);

	/* checked as pull reads it: a lock pull would refuse is not written */
	if (ml_lockfile_render_checked_prev(&out, path, lock, !strcmp(o.format, "opam"), prev,
					    prev ? old.buf : NULL, old.len, &err))
		goto fail;

	/* the bytes read at the start: not read again (a lock changed since is rewritten) */
	if (prev && out.len == old.len && memcmp(out.buf, old.buf, old.len) == 0)
		changed = false;
	else if (ml_lockfile_write_bytes(&changed, path, out.buf, out.len, &err))
		goto fail;
	print_summary(path, lock, prev, changed);
	if (o.json) {
		struct ml_buf j = ML_BUF_INIT;

		ml_report_lock_result(&j, lock, prev, path, changed);
		cmd_json_print_text(j.buf);
		ml_buf_release(&j);
	}
	ret = EXIT_OK;
	goto out;
fail:
	ret = cmd_error(&err);
out:
	free(path);
	free(lock_dir);
	ml_lock_request_free(given);
	ml_lock_request_free(request);
	free(memo);
	free(pins);
	toolchain_release(&tc);
	free(pin_repos);
	ml_buf_release(&out);
	ml_buf_release(&old);
	ml_lock_free(lock);
	ml_lock_free(prev);
	ml_lock_free(vars_only);
	ml_solution_free(sol);
	ml_universe_free(u);
	ml_vars_free(vars);
	ml_project_free(project);
	ml_strvec_release(&specs);
	ml_strvec_release(&roots);
	ml_strvec_release(&pin_names);
	ml_strvec_release(&pin_versions);
	ml_error_release(&err);
	lock_opts_release(&o);
	return ret;
}
