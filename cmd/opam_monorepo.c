#include "cmd.h"
#include "lockfile/lockfile.h"
#include "lib/opamctx.h"

#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The opam-monorepo front end: the same binary run as `opam-monorepo` (or as opam's plugin,
 * `opam monorepo`) takes opam-monorepo 0.4's command line, translates it into monolock's
 * options and runs cmd_lock, cmd_pull or cmd_list with them. Exit codes are opam-monorepo's
 * (cmdliner's): 0 ok, 1 failure, 124 command-line error.
 */

enum { OMR_EXIT_CLI = 124 };

#define OMR_MAX_ARGS 4096 /* translated arguments */

static const char usage_omr[] =
    "usage: opam-monorepo COMMAND [OPTION]... (COMMAND: lock, pull, depext, list)";

static void help_omr(void);

static int omr_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int omr_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("opam-monorepo: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s\n", usage_omr);
	return OMR_EXIT_CLI;
}

/* opam-monorepo's exit code for one of monolock's. */
static int omr_exit(int code)
{
	switch (code) {
	case EXIT_OK:
		return 0;
	case EXIT_USAGE:
		return OMR_EXIT_CLI;
	default:
		return 1;
	}
}

enum omr_cmd { OMR_LOCK, OMR_PULL, OMR_DEPEXT, OMR_LIST };

static const char *const omr_cmds[] = { "lock", "pull", "depext", "list" };

struct omr_opts {
	enum omr_cmd cmd;
	const char *root, *lockfile, *ocaml_version;
	bool recurse, build_only, require_cross, minimal_update, yes, keep_git, short_, dry_run;
	bool repos_set, vars_set, provided_set;
	struct ml_strvec repos, add_repos, vars, add_vars, provided, add_provided, args;
	struct ml_strvec raw; /* the command's arguments, in their order */
};

static void omr_opts_release(struct omr_opts *o)
{
	ml_strvec_release(&o->repos);
	ml_strvec_release(&o->add_repos);
	ml_strvec_release(&o->vars);
	ml_strvec_release(&o->add_vars);
	ml_strvec_release(&o->provided);
	ml_strvec_release(&o->add_provided);
	ml_strvec_release(&o->args);
	ml_strvec_release(&o->raw);
}

/* An unambiguous prefix of a command name, as cmdliner accepts. */
static int find_command(const char *name)
{
	int found = -1;

	for (size_t i = 0; i < ML_ARRAY_SIZE(omr_cmds); i++) {
		if (!strcmp(name, omr_cmds[i]))
			return (int)i;
		if (ml_starts_with(omr_cmds[i], name)) {
			if (found >= 0)
				return -2;
			found = (int)i;
		}
	}
	return found;
}

/* [[name,value],...] into NAME=VALUE strings. */
static int parse_vars(struct ml_strvec *out, const char *s, const char *what)
{
	struct ml_strvec items = ML_STRVEC_INIT;
	struct ml_error err = ML_ERROR_INIT;
	int ret = ml_opam_cli_list(&items, s, what, &err);

	for (size_t i = 0; !ret && i < items.n; i++) {
		struct ml_strvec pair = ML_STRVEC_INIT;

		if (items.v[i][0] != '[' || ml_opam_cli_list(&pair, items.v[i], what, &err) ||
		    pair.n != 2 || pair.v[0][0] == '[' || pair.v[1][0] == '[' ||
		    !ml_opam_is_ident(pair.v[0])) {
			if (!err.code)
				ml_error_set(&err, ML_EUSAGE,
					     "%s: '%s': expected [[NAME,VALUE],...], got '%s'",
					     what, s, items.v[i]);
			ret = -1;
		} else {
			ml_strvec_push_owned(out, ml_xasprintf("%s=%s", pair.v[0], pair.v[1]));
		}
		ml_strvec_release(&pair);
	}
	if (ret || err.code)
		ret = omr_usage("%s", err.msg);
	ml_strvec_release(&items);
	ml_error_release(&err);
	return ret;
}

static int parse_list(struct ml_strvec *out, const char *s, const char *what)
{
	struct ml_error err = ML_ERROR_INIT;
	int ret = 0;

	if (ml_opam_cli_list(out, s, what, &err))
		ret = omr_usage("%s", err.msg);
	for (size_t i = 0; !ret && i < out->n; i++)
		if (out->v[i][0] == '[')
			ret = omr_usage("%s: '%s': expected [a,b]", what, s);
	ml_error_release(&err);
	return ret;
}

enum {
	O_ROOT = 1,
	O_LOCKFILE,
	O_RECURSE,
	O_BUILD_ONLY,
	O_JBUILDER,
	O_OCAML,
	O_CROSS,
	O_MINIMAL,
	O_REPOS,
	O_ADD_REPOS,
	O_VARS,
	O_ADD_VARS,
	O_PROVIDED,
	O_ADD_PROVIDED,
	O_YES,
	O_KEEP_GIT,
	O_KEEP_SYMLINKED,
	O_SHORT,
	O_DRY_RUN,
	O_QUIET,
	O_VERBOSE,
	O_VERBOSITY,
	O_COLOR,
	O_HELP,
};

/* The options of every command (cmdliner's common ones). */
#define OMR_COMMON                                                                    \
	{ "root", 'r', "DIR", "the project", NULL, O_ROOT, 0 },                       \
	    { "lockfile", 'l', "PATH", "the lock file", NULL, O_LOCKFILE, 0 },        \
	    { "quiet", 'q', NULL, "no progress or warnings", NULL, O_QUIET, 0 },      \
	    { "verbose", 'v', NULL, "accepted, no effect", NULL, O_VERBOSE, 0 },      \
	    { "verbosity", 0, "LEVEL", "accepted, no effect", NULL, O_VERBOSITY, 0 }, \
	    { "color", 0, "WHEN", "auto, always or never", NULL, O_COLOR, 0 },        \
	    { "help", 'h', "FMT", "print the help", NULL, O_HELP, CMD_OPT_OPTIONAL }, \
	{                                                                             \
		NULL, 0, NULL, NULL, NULL, 0, 0                                       \
	}

static const struct cmd_opt lock_opts[] = {
	{ "recurse-opam", 0, NULL, "also read *.opam files in subdirectories", NULL, O_RECURSE, 0 },
	{ "build-only", 0, NULL, "leave out the targets' {with-test} dependencies", NULL,
	  O_BUILD_ONLY, 0 },
	{ "allow-jbuilder", 0, NULL, "accepted, no effect (vendoring needs dune anyway)", NULL,
	  O_JBUILDER, 0 },
	{ "ocaml-version", 0, "V", "the version of the `ocaml` package", NULL, O_OCAML, 0 },
	{ "require-cross-compile", 0, NULL,
	  "for a package with versions tagged cross-compile, only those", NULL, O_CROSS, 0 },
	{ "minimal-update", 0, NULL, "keep the locked versions that still fit", NULL, O_MINIMAL,
	  0 },
	{ "opam-repositories", 0, "[URL,...]",
	  "the repositories, instead of the opam files' (or the switch's)", NULL, O_REPOS, 0 },
	{ "add-opam-repositories", 0, "[URL,...]", "repositories after the opam files'", NULL,
	  O_ADD_REPOS, 0 },
	{ "global-opam-vars", 0, "[[NAME,VALUE],...]", "global variables, over opam's", NULL,
	  O_VARS, 0 },
	{ "add-global-opam-vars", 0, "[[NAME,VALUE],...]", "more global variables", NULL,
	  O_ADD_VARS, 0 },
	{ "opam-provided", 0, "[PKG,...]",
	  "solve these packages but do not vendor them (opam installs them)", NULL, O_PROVIDED, 0 },
	{ "add-opam-provided", 0, "[PKG,...]", "more packages provided by opam", NULL,
	  O_ADD_PROVIDED, 0 },
	OMR_COMMON,
};

static const struct cmd_opt pull_opts[] = {
	{ "yes", 'y', NULL, "accepted, no effect (pull never asks)", NULL, O_YES, 0 },
	{ "keep-git-dir", 0, NULL, "keep .git in directories pulled from git", NULL, O_KEEP_GIT,
	  0 },
	{ "keep-symlinked-dir", 0, NULL, "accepted: links in duniverse/ are always left alone",
	  NULL, O_KEEP_SYMLINKED, 0 },
	OMR_COMMON,
};

static const struct cmd_opt depext_opts[] = {
	{ "yes", 'y', NULL, "install the missing ones (with sudo unless root)", NULL, O_YES, 0 },
	{ "dry-run", 0, NULL, "print the missing ones on one line, space separated", NULL,
	  O_DRY_RUN, 0 },
	OMR_COMMON,
};

static const struct cmd_opt list_opts[] = {
	{ "short", 's', NULL, "the names only", NULL, O_SHORT, 0 },
	OMR_COMMON,
};

/* opam-monorepo's usage errors: its usage line, exit 124; unknown options name the command */
static int omr_usage_error(const struct cmd_spec *spec, const char *msg)
{
	if (ml_starts_with(msg, "unknown option"))
		return omr_usage("%s: %s", spec->name, msg);
	return omr_usage("%s", msg);
}

#define OMR_SPEC(cmd, a, sum, desc, o)                                                  \
	{                                                                               \
		.name = cmd, .args = a, .summary = sum, .description = desc, .opts = o, \
		.flags = CMD_SPEC_NO_COMMON, .prog = "opam-monorepo",                   \
		.usage_error = omr_usage_error,                                         \
	}

static const struct cmd_spec omr_specs[] = {
	[OMR_LOCK] =
	    OMR_SPEC("lock", "[PKG[.VERSION]...]",
		     "solve the project's dependencies into <name>.opam.locked",
		     "`monolock lock --format opam` with opam-monorepo's options.", lock_opts),
	[OMR_PULL] = OMR_SPEC("pull", "[DIR...]", "fetch the lock's sources into <root>/duniverse/",
			      "`monolock pull` with opam-monorepo's options.", pull_opts),
	[OMR_DEPEXT] = OMR_SPEC("depext", NULL, "the system packages the lock needs on this host",
				"`monolock depext` with opam-monorepo's options.", depext_opts),
	[OMR_LIST] = OMR_SPEC("list", NULL, "the vendored packages of the lock",
			      "`monolock list` with opam-monorepo's options.", list_opts),
};

static const struct cmd_opt omr_common[] = { OMR_COMMON };

/* opam-monorepo --help: generated from the tables above (cmd_program_help) */
static const struct cmd_spec omr_program = {
	.name = "opam-monorepo",
	.usage = usage_omr,
	.description =
	    "monolock run as opam-monorepo: opam-monorepo 0.4's commands and options.\n\n"
	    "Without -l, pull, depext and list use the one *.opam.locked file in the root.\n"
	    "Variables come from opam (OPAMVAR_<name>, the root's and the switch's), and\n"
	    "without repositories in the options or the opam files, the current switch's\n"
	    "repositories are used. See `monolock COMMAND --help` for what each does.",
	.opts = omr_common,
	.flags = CMD_SPEC_NO_COMMON,
	.prog = "opam-monorepo",
};

static void help_omr(void)
{
	cmd_program_help(stdout, &omr_program, omr_specs, ML_ARRAY_SIZE(omr_specs));
}

static int parse_opts(struct omr_opts *o, int argc, char **argv)
{
	struct cmd_parser p;
	int c, ret = 0;

	cmd_parser_init(&p, &omr_specs[o->cmd], argc, argv);
	while (!ret && (c = cmd_parse_next(&p)) > 0) {
		/* what the list options report is the option's name, as cmdliner does */
		const char *name = p.name + 2;

		switch (c) {
		case O_ROOT:
			o->root = p.val;
			break;
		case O_LOCKFILE:
			o->lockfile = p.val;
			break;
		case O_RECURSE:
			o->recurse = true;
			break;
		case O_BUILD_ONLY:
			o->build_only = true;
			break;
		case O_JBUILDER:
			break; /* monolock has no jbuilder filter: vendoring needs dune anyway */
		case O_OCAML:
			o->ocaml_version = p.val;
			break;
		case O_CROSS:
			o->require_cross = true;
			break;
		case O_MINIMAL:
			o->minimal_update = true;
			break;
		case O_REPOS:
		case O_ADD_REPOS:
			if (c == O_REPOS)
				o->repos_set = true;
			if (parse_list(c == O_REPOS ? &o->repos : &o->add_repos, p.val, name))
				ret = OMR_EXIT_CLI;
			break;
		case O_VARS:
		case O_ADD_VARS:
			if (c == O_VARS)
				o->vars_set = true;
			if (parse_vars(c == O_VARS ? &o->vars : &o->add_vars, p.val, name))
				ret = OMR_EXIT_CLI;
			break;
		case O_PROVIDED:
		case O_ADD_PROVIDED:
			if (c == O_PROVIDED)
				o->provided_set = true;
			if (parse_list(c == O_PROVIDED ? &o->provided : &o->add_provided, p.val,
				       name))
				ret = OMR_EXIT_CLI;
			break;
		case O_YES:
			o->yes = true;
			break;
		case O_KEEP_GIT:
			o->keep_git = true;
			break;
		case O_KEEP_SYMLINKED:
			break; /* pull replaces only what it wrote: a linked directory stays */
		case O_SHORT:
			o->short_ = true;
			break;
		case O_DRY_RUN:
			o->dry_run = true;
			break;
		case O_QUIET:
			cmd_global.quiet = true;
			break;
		case O_VERBOSE:
		case O_VERBOSITY:
			break;
		case O_COLOR:
			if (strcmp(p.val, "auto") && strcmp(p.val, "always") &&
			    strcmp(p.val, "never"))
				ret = omr_usage("--color: expected auto, always or never, got '%s'",
						p.val);
			break;
		case O_HELP:
			cmd_spec_help(stdout, &omr_specs[o->cmd]);
			ret = -1;
			break;
		}
	}
	if (!ret && c < 0)
		ret = p.exit == EXIT_OK ? -1 : p.exit;
	for (size_t i = 0; !ret && i < p.args.n; i++)
		ml_strvec_push(&o->args, p.args.v[i]);
	if (!ret && o->args.n && o->cmd != OMR_LOCK && o->cmd != OMR_PULL)
		ret = omr_usage("%s: unexpected argument '%s'", omr_cmds[o->cmd], o->args.v[0]);
	cmd_parser_release(&p);
	return ret;
}

/* Runs one of monolock's commands on a translated argv; returns its exit code. */
static int run(int (*fn)(int, char **), struct ml_strvec *args)
{
	char **argv = ml_calloc(args->n + 1, sizeof(*argv));
	int ret;

	for (size_t i = 0; i < args->n; i++)
		argv[i] = args->v[i];
	ret = fn((int)args->n, argv);
	free(argv);
	return ret;
}

/* The lock file to use when -l is absent: the one *.opam.locked in the root. */
static int find_lockfile(char **out, const struct omr_opts *o)
{
	struct ml_error err = ML_ERROR_INIT;
	const char *dir = o->root ? o->root : ".";
	int ret;

	if (o->lockfile) {
		*out = ml_strdup(o->lockfile);
		return 0;
	}
	ret = ml_opam_find_lockfile(out, dir, &err);
	if (ret == ML_ENOTFOUND && !err.code) {
		fprintf(stderr,
			"monolock: %s: no lock file (*.opam.locked): run `opam monorepo lock` "
			"first\n",
			dir);
		ret = 1;
	} else if (ret) {
		cmd_error(&err);
		ret = 1; /* opam-monorepo: a regular error, not a command-line one */
	}
	ml_error_release(&err);
	return ret;
}

/*
 * lock: monolock lock --format opam with the options translated; the command's arguments
 * go into the lock's x-opam-monorepo-cli-args (through cmd_global), as opam-monorepo records
 * them.
 */
static int omr_lock(struct omr_opts *o)
{
	struct ml_strvec a = ML_STRVEC_INIT, targets = ML_STRVEC_INIT;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_project *project = NULL;
	char *lockfile = NULL, *cwd = NULL;
	int ret;

	if (o->lockfile && o->lockfile[0] != '/' && o->root) {
		cwd = getcwd(NULL, 0);
		if (!cwd) {
			ret = omr_usage("cannot read the current directory: %s", strerror(errno));
			goto out;
		}
		lockfile = ml_path_join(cwd, o->lockfile);
	} else if (o->lockfile) {
		lockfile = ml_strdup(o->lockfile);
	}
	if (o->root && chdir(o->root) != 0) {
		fprintf(stderr, "monolock: --root %s: %s\n", o->root, strerror(errno));
		ret = 1;
		goto out;
	}
	/* positional packages imply --recurse-opam (opam-monorepo looks for them anywhere) */
	if (o->args.n)
		o->recurse = true;
	for (size_t i = 0; i < o->args.n; i++)
		ml_strvec_push_owned(&targets,
				     ml_strndup(o->args.v[i], strcspn(o->args.v[i], ".")));
	if (!lockfile || (!o->repos_set && o->add_repos.n)) {
		/* for the lock's name, or the opam files' repositories: read as lock reads them */
		if (ml_project_load_targets(&project, ".", o->recurse,
					    (const char *const *)targets.v, targets.n, &err)) {
			ret = omr_exit(cmd_error(&err));
			goto out;
		}
	}
	if (!lockfile) {
		if (!o->args.n)
			for (size_t i = 0; i < project->nroots; i++)
				ml_strvec_push(&targets, project->roots[i].name);
		lockfile = ml_opam_default_lockfile(".", (const char *const *)targets.v, targets.n,
						    project->dune_project_name);
		if (!lockfile) {
			fprintf(stderr,
				"monolock: cannot name the lock file: %zu target packages and no "
				"(name ...) in dune-project: name it with --lockfile\n",
				targets.n);
			ret = 1;
			goto out;
		}
	}

	ml_strvec_push(&a, "lock");
	ml_strvec_push(&a, "--format=opam");
	ml_strvec_push_owned(&a, ml_xasprintf("--lockfile=%s", lockfile));
	if (o->recurse)
		ml_strvec_push(&a, "--recurse");
	if (o->build_only)
		ml_strvec_push(&a, "--build-only");
	if (o->require_cross)
		ml_strvec_push(&a, "--require-cross-compile");
	if (o->ocaml_version)
		ml_strvec_push_owned(&a, ml_xasprintf("--ocaml-version=%s", o->ocaml_version));
	/* opam-monorepo keeps the old versions where it can, and without a lock just locks */
	if (o->minimal_update && ml_fs_exists(lockfile))
		ml_strvec_push(&a, "--minimal-update");
	if (o->repos_set || o->add_repos.n) {
		/* --add-opam-repositories complements the opam files' list; --opam-repositories
		 * replaces it */
		if (!o->repos_set) {
			for (size_t i = 0; i < project->repositories.n; i++)
				ml_strvec_push_owned(
				    &a, ml_xasprintf("--repo=%s", project->repositories.v[i]));
		}
		for (size_t i = 0; i < o->repos.n; i++)
			ml_strvec_push_owned(&a, ml_xasprintf("--repo=%s", o->repos.v[i]));
		for (size_t i = 0; i < o->add_repos.n; i++)
			ml_strvec_push_owned(&a, ml_xasprintf("--repo=%s", o->add_repos.v[i]));
	}
	for (size_t i = 0; i < o->vars.n; i++)
		ml_strvec_push_owned(&a, ml_xasprintf("--var=%s", o->vars.v[i]));
	for (size_t i = 0; i < o->add_vars.n; i++)
		ml_strvec_push_owned(&a, ml_xasprintf("--var=%s", o->add_vars.v[i]));
	for (size_t i = 0; i < o->provided.n; i++)
		ml_strvec_push_owned(&a, ml_xasprintf("--opam-provided=%s", o->provided.v[i]));
	for (size_t i = 0; i < o->add_provided.n; i++)
		ml_strvec_push_owned(&a, ml_xasprintf("--opam-provided=%s", o->add_provided.v[i]));
	if (o->args.n) {
		ml_strvec_push(&a, "--");
		for (size_t i = 0; i < o->args.n; i++)
			ml_strvec_push(&a, o->args.v[i]);
	}
	if (a.n > OMR_MAX_ARGS) {
		ret = omr_usage("too many arguments");
		goto out;
	}
	/* recorded as opam-monorepo records them (x-opam-monorepo-cli-args) */
	for (size_t i = 0; i < o->raw.n; i++)
		ml_strvec_push(&cmd_global.cli_args, o->raw.v[i]);
	ret = run(cmd_lock, &a);
	ml_strvec_release(&cmd_global.cli_args);
	ret = omr_exit(ret);
out:
	ml_project_free(project);
	ml_strvec_release(&a);
	ml_strvec_release(&targets);
	ml_error_release(&err);
	free(lockfile);
	free(cwd);
	return ret;
}

/* pull: duniverse/ goes under the root (the current directory without -r). */
static int omr_pull(struct omr_opts *o)
{
	struct ml_strvec a = ML_STRVEC_INIT;
	char *lockfile = NULL;
	int ret = find_lockfile(&lockfile, o);

	if (ret)
		goto out;
	ml_strvec_push(&a, "pull");
	ml_strvec_push_owned(&a, ml_xasprintf("--lockfile=%s", lockfile));
	ml_strvec_push_owned(&a, ml_xasprintf("--root=%s", o->root ? o->root : "."));
	if (o->keep_git)
		ml_strvec_push(&a, "--keep-git-dir");
	if (o->args.n) {
		ml_strvec_push(&a, "--");
		for (size_t i = 0; i < o->args.n && a.n < OMR_MAX_ARGS; i++)
			ml_strvec_push(&a, o->args.v[i]);
	}
	ret = omr_exit(run(cmd_pull, &a));
out:
	ml_strvec_release(&a);
	free(lockfile);
	return ret;
}

/* list: monolock's list; --short prints the vendored packages' names only. */
static int omr_list(struct omr_opts *o)
{
	struct ml_strvec a = ML_STRVEC_INIT;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	char *lockfile = NULL;
	int ret = find_lockfile(&lockfile, o);

	if (ret)
		goto out;
	if (!o->short_) {
		ml_strvec_push(&a, "list");
		ml_strvec_push_owned(&a, ml_xasprintf("--lockfile=%s", lockfile));
		ret = omr_exit(run(cmd_list, &a));
		goto out;
	}
	if (ml_lockfile_load(&lock, lockfile, &err)) {
		ret = omr_exit(cmd_error(&err));
		goto out;
	}
	for (size_t i = 0; i < lock->npackages; i++)
		if (lock->packages[i].dir)
			printf("%s\n", lock->packages[i].name);
out:
	ml_lock_free(lock);
	ml_error_release(&err);
	ml_strvec_release(&a);
	free(lockfile);
	return ret;
}

/* depext: monolock depext on the lock. */
static int omr_depext(struct omr_opts *o)
{
	struct ml_strvec a = ML_STRVEC_INIT;
	char *lockfile = NULL;
	int ret = find_lockfile(&lockfile, o);

	if (ret)
		goto out;
	ml_strvec_push(&a, "depext");
	ml_strvec_push_owned(&a, ml_xasprintf("--lockfile=%s", lockfile));
	if (o->dry_run)
		ml_strvec_push(&a, "--dry-run");
	if (o->yes)
		ml_strvec_push(&a, "--yes");
	ret = omr_exit(run(cmd_depext, &a));
out:
	ml_strvec_release(&a);
	free(lockfile);
	return ret;
}

int cmd_opam_monorepo(int argc, char **argv)
{
	struct omr_opts o = { 0 };
	int which, ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		help_omr();
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("monolock %s (opam-monorepo 0.4 command line)\n", ML_VERSION);
		return 0;
	}
	which = argv[1][0] == '-' ? -1 : find_command(argv[1]);
	if (which == -2)
		return omr_usage("command '%s' is ambiguous", argv[1]);
	if (which < 0)
		return omr_usage("unknown command '%s'", argv[1]);
	o.cmd = (enum omr_cmd)which;
	/* recorded as given */
	for (int i = 2; i < argc; i++)
		ml_strvec_push(&o.raw, argv[i]);
	ret = parse_opts(&o, argc - 1, argv + 1);
	if (ret) {
		ret = ret < 0 ? 0 : ret;
		goto out;
	}
	switch (o.cmd) {
	case OMR_LOCK:
		ret = omr_lock(&o);
		break;
	case OMR_PULL:
		ret = omr_pull(&o);
		break;
	case OMR_DEPEXT:
		ret = omr_depext(&o);
		break;
	case OMR_LIST:
		ret = omr_list(&o);
		break;
	}
out:
	omr_opts_release(&o);
	return ret;
}

enum { OPT_TARGET = 1 };

static const struct cmd_opt plugin_opts[] = {
	{ "target", 0, "PATH", "the program opam runs", "this monolock", OPT_TARGET, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_install_opam_plugin_spec = {
	.name = "install-opam-plugin",
	.summary = "make `opam monorepo` run monolock (links it into opam's plugins)",
	.description = "Makes `opam monorepo ...` run this monolock: links\n"
		       "$OPAMROOT/plugins/bin/opam-monorepo (OPAMROOT defaults to ~/.opam) to\n"
		       "this program (or to --target PATH). opam 2.1 runs a plugin only through\n"
		       "such a link. Run it again after moving monolock.",
	.opts = plugin_opts,
	.examples = "monolock install-opam-plugin\tthen `opam monorepo lock` runs monolock\n",
};

int cmd_install_opam_plugin(int argc, char **argv)
{
	struct ml_error err = ML_ERROR_INIT;
	char *target = NULL, *link = NULL;
	const char *given = NULL;
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_install_opam_plugin_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0)
		given = p.val;
	ret = cmd_parse_end(&p, c, 0, 0, NULL);
	cmd_parser_release(&p);
	if (ret >= 0)
		return ret;
	target = realpath(given ? given : "/proc/self/exe", NULL);
	if (!target) {
		ml_error_set(&err, ML_ERROR, "%s: %s", given ? given : "/proc/self/exe",
			     strerror(errno));
		ret = cmd_error(&err);
		ml_error_release(&err);
		return ret;
	}
	ret = ml_opam_plugin_install(&link, "monorepo", target, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (cmd_global.json)
		cmd_json_print(json_pack("{ssss}", "link", link, "target", target));
	else
		printf("%s -> %s\n", link, target);
	ret = EXIT_OK;
out:
	free(link);
	free(target);
	ml_error_release(&err);
	return ret;
}
