#include "cmd.h"
#include "lock_pin.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"
#include "solver/solver.h"
#include "lib/toolchain.h"
#include "lib/ucache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: monolock lock [--repo SPEC]... [--recurse] [--build-only] [--var NAME=VALUE]...\n"
    "                     [--ocaml-version V|any] [--dune-version V|any]\n"
    "                     [--opam-provided PKG]... [--pin NAME=VERSION]...\n"
    "                     [--minimal-update] [--update PKG]... [--generator dune|none]\n"
    "                     [--format json|opam] [--lockfile PATH] [--check] [--json]\n"
    "                     [--debug-solver DIR] [-q] [PKG[.VERSION]...]";

/* The public repository, used when nothing else names one. */
static const char default_repository[] = "git+https://github.com/ocaml/opam-repository.git";

static void print_help(void)
{
	printf(
	    "%s\n\n"
	    "Solves the project's root packages (its *.opam files) against opam repositories\n"
	    "and writes the lock: every package with its version, and every source to pull.\n\n"
	    "  --repo SPEC          a repository (directory, archive, git+URL[#ref]); repeatable,\n"
	    "                       first has precedence. Default: the roots'\n"
	    "                       x-opam-monorepo-opam-repositories, else the opam root's, else\n"
	    "                       %s\n"
	    "  --recurse            also read *.opam files in subdirectories\n"
	    "  --build-only         leave out the roots' {with-test} dependencies\n"
	    "  --var NAME=VALUE     set an opam global variable (os, arch, with-doc, ...)\n"
	    "  --ocaml-version V    the version of the `ocaml` package; any: no constraint.\n"
	    "                       Default: the version of the compiler on PATH (ocamlc)\n"
	    "  --dune-version V     the highest version of `dune`; any: no constraint.\n"
	    "                       Default: the version of the dune on PATH\n"
	    "  --opam-provided PKG  solve PKG but do not vendor it (the environment installs it)\n"
	    "  --pin NAME=VERSION   only this version of NAME\n"
	    "  --minimal-update     keep the locked versions that still fit\n"
	    "  --update PKG         with a previous lock, free just PKG (repeatable)\n"
	    "  --generator G        dune (default: vendored packages must build with dune) or\n"
	    "                       none (lock sources only)\n"
	    "  --format F           json (monolock.lock, default) or opam (opam-monorepo's\n"
	    "                       <name>.opam.locked)\n"
	    "  --lockfile PATH      the lock file to write\n"
	    "  --check              write nothing; exit 1 if the lock is missing or would change\n"
	    "  --json               print what was locked as JSON on stdout\n"
	    "  --debug-solver DIR   write a libsolv testcase of the solve into DIR\n"
	    "  -q, --quiet          no summary or warnings on stderr\n\n"
	    "PKG narrows the roots to the named project packages, or adds a repository package as\n"
	    "a root; PKG.VERSION also pins its version.\n\n"
	    "The lock is made for the toolchain that will build the workspace: the ocaml and\n"
	    "dune on PATH, recorded in the lock (pull warns when PATH has others). With\n"
	    "%s set, PATH is not read (as with --ocaml-version any\n"
	    "--dune-version any). The opam-version variable is the version of the opam on\n"
	    "PATH, else %s; --var opam-version=V overrides it.\n",
	    usage, default_repository, ML_TOOLCHAIN_ENV_OFF, ML_OPAM_VERSION_DEFAULT);
}

struct lock_opts {
	struct ml_strvec repos, vars, opam_provided, pins, update, args;
	bool recurse, build_only, minimal_update, check, json;
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

		if (ml_universe_get(u, lp->name, lp->version, &p, NULL) || p->repo != r)
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
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "recurse", no_argument, NULL, 'R' },
		{ "build-only", no_argument, NULL, 'b' },
		{ "var", required_argument, NULL, 'v' },
		{ "ocaml-version", required_argument, NULL, 'o' },
		{ "dune-version", required_argument, NULL, 'D' },
		{ "opam-provided", required_argument, NULL, 'P' },
		{ "pin", required_argument, NULL, 'p' },
		{ "minimal-update", no_argument, NULL, 'm' },
		{ "update", required_argument, NULL, 'u' },
		{ "generator", required_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "lockfile", required_argument, NULL, 'l' },
		{ "check", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "debug-solver", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->generator = "dune";
	o->format = "json";
	opterr = 0;
	while ((c = getopt_long(argc, argv, "l:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			cmd_global.quiet = true;
			break;
		case 'r':
			ml_strvec_push(&o->repos, optarg);
			break;
		case 'R':
			o->recurse = true;
			break;
		case 'b':
			o->build_only = true;
			break;
		case 'v':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return cmd_usage_error(usage, "--var takes NAME=VALUE, not '%s'",
						       optarg);
			ml_strvec_push(&o->vars, optarg);
			break;
		case 'o':
		case 'D':
			if (strcmp(optarg, "any") && !ml_tool_version_valid(optarg))
				return cmd_usage_error(
				    usage, "--%s takes a version or any, not '%s'",
				    c == 'o' ? "ocaml-version" : "dune-version", optarg);
			*(c == 'o' ? &o->ocaml_version : &o->dune_version) = optarg;
			break;
		case 'P':
			ml_strvec_push(&o->opam_provided, optarg);
			break;
		case 'p':
			if (!strchr(optarg, '=') || optarg[0] == '=' || !strchr(optarg, '=')[1])
				return cmd_usage_error(usage, "--pin takes NAME=VERSION, not '%s'",
						       optarg);
			ml_strvec_push(&o->pins, optarg);
			break;
		case 'm':
			o->minimal_update = true;
			break;
		case 'u':
			ml_strvec_push(&o->update, optarg);
			break;
		case 'g':
			if (strcmp(optarg, "dune") && strcmp(optarg, "none"))
				return cmd_usage_error(
				    usage, "--generator is dune or none, not '%s'", optarg);
			o->generator = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "opam"))
				return cmd_usage_error(usage, "--format is json or opam, not '%s'",
						       optarg);
			o->format = optarg;
			break;
		case 'l':
			o->lockfile = optarg;
			break;
		case 'c':
			o->check = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'd':
			o->debug_dir = optarg;
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return cmd_bad_option(usage, argv, c);
		}
	}
	for (int i = optind; i < argc; i++)
		ml_strvec_push(&o->args, argv[i]);
	return 0;
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

	ml_vars_set_defaults(vars);
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
	char *path = NULL, *memo = NULL;
	struct toolchain tc = { 0 };
	bool changed = false;
	int ret;

	ret = parse_options(&o, argc, argv);
	if (ret) {
		ret = ret < 0 ? EXIT_OK : ret;
		goto out;
	}
	if (ml_project_load(&project, ".", o.recurse, &err))
		goto fail;
	if (gather_roots(&roots, &pin_names, &pin_versions, &o, project, &err))
		goto fail;
	if (repository_specs(&specs, &o, project, &err))
		goto fail;

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

	if (lock_path(&path, &o, project, roots.n, (const char *const *)roots.v, &err))
		goto fail;
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
	if (ml_fs_exists(path) && ml_lockfile_load(&prev, path, &err)) {
		if (o.minimal_update || o.update.n)
			goto fail;
		/* a broken old lock is replaced, not fatal */
		cmd_warn("ignoring the previous lock: %s", err.msg);
		ml_error_release(&err);
	}
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

	for (size_t i = 0; i < vars_only->nvars; i++)
		ml_lock_set_var(lock, vars_only->vars[i].name, vars_only->vars[i].value);
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
		if (r->commit)
			lr->commit = ml_strdup(r->commit);
		else if (repo_hash(&lr->hash, u, r, lock, &err))
			goto fail;
	}
	ml_lock_sort(lock);

	/* checked as pull reads it: a lock pull would refuse is not written */
	if (ml_lockfile_render_checked(&out, path, lock, !strcmp(o.format, "opam"), &err))
		goto fail;

	if (o.check) {
		if (ml_fs_read(&old, path, ML_LOCKFILE_MAX_SIZE, NULL) == 0 && old.len == out.len &&
		    !memcmp(old.buf, out.buf, out.len)) {
			if (!cmd_global.quiet)
				fprintf(stderr, "%s is up to date\n", path);
			ret = EXIT_OK;
		} else {
			fprintf(stderr, "monolock: %s %s\n", path,
				ml_fs_exists(path) ? "would change" : "is missing");
			ret = EXIT_FAIL;
		}
		goto out;
	}
	if (ml_lockfile_write_bytes(&changed, path, out.buf, out.len, &err))
		goto fail;
	print_summary(path, lock, prev, changed);
	if (o.json) {
		struct ml_buf j = ML_BUF_INIT;

		ml_report_lock_result(&j, lock, prev, path, changed);
		fwrite(j.buf, 1, j.len, stdout);
		ml_buf_release(&j);
	}
	ret = EXIT_OK;
	goto out;
fail:
	ret = cmd_error(&err);
out:
	free(path);
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
