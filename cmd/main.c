#include "cmd.h"
#include "lib/project.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>

struct cmd_global cmd_global;

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "lock", cmd_lock, "solve the project's dependencies and write monolock.lock" },
	{ "pull", cmd_pull, "fetch the lock's sources into duniverse/ and generate its dune file" },
	{ "status", cmd_status, "show which directories of duniverse/ differ from the lock" },
	{ "verify", cmd_verify, "hash every file of duniverse/ against the lock" },
	{ "diff", cmd_diff, "show the local edits of duniverse/ as a unified diff" },
	{ "patch", cmd_patch, "save the local edits of duniverse/DIR as patches/DIR.patch" },
	{ "list", cmd_list, "list the locked packages" },
	{ "why", cmd_why, "show the dependency paths from the roots to a package" },
	{ "tree", cmd_tree, "print the locked dependency graph as a tree" },
	{ "cache", cmd_cache, "list, verify or trim the download cache (cache ls|verify|gc|dir)" },
	{ "sbom", cmd_sbom, "write a CycloneDX or SPDX bill of materials of the locked tree" },
	{ "outdated", cmd_outdated,
	  "list locked packages with newer versions, and what blocks them" },
	{ "mirror", cmd_mirror,
	  "write the lock's archives into a directory in opam's cache layout" },
	{ "repo", cmd_repo, "check opam package repositories (repo check SPEC...)" },
	{ "show", cmd_show, "show the versions of a package, or one version's fields" },
	{ "depext", cmd_depext, "list (or install) the system packages the lock needs" },
	{ "install-opam-plugin", cmd_install_opam_plugin,
	  "make `opam monorepo` run monolock (links it into opam's plugins)" },
	{ "help", NULL, "show the help of monolock or of a command (help COMMAND)" },
};

static const char usage_main[] =
    "usage: monolock [--version] [--help] [-q] [-C DIR] COMMAND [ARGS]";

static void print_help(FILE *f)
{
	fprintf(f, "%s\n\n", usage_main);
	fprintf(f, "monolock locks a project's opam dependencies, pulls their sources into one\n"
		   "workspace (duniverse/) and lets one `dune build` build everything.\n\n");
	fprintf(f, "commands:\n");
	for (size_t i = 0; i < ML_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nglobal options:\n"
		   "  -q, --quiet   no progress or warnings on stderr\n"
		   "  -C DIR        run as if monolock was started in DIR\n"
		   "  --version     print the version\n"
		   "  --help        print this help\n\n"
		   "`monolock COMMAND --help` describes a command.\n");
}

/* The command a usage string is for ("lock" of "usage: monolock lock ..."), or NULL. */
static char *usage_command(const char *usage)
{
	const char *p = strstr(usage, "monolock ");
	size_t n;

	if (!p)
		return NULL;
	p += strlen("monolock ");
	n = strcspn(p, " \n");
	return n && p[0] != '[' ? ml_strndup(p, n) : NULL;
}

int cmd_usage_error(const char *usage, const char *fmt, ...)
{
	char *cmd = usage_command(usage);
	va_list ap;

	fputs("monolock: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nsee 'monolock %s --help'\n", cmd);
	else
		fputs("\nsee 'monolock --help'\n", stderr);
	free(cmd);
	return EXIT_USAGE;
}

/* The long options a usage string shows ("--repo" of "[--repo SPEC]"), into out. */
static void usage_long_options(struct ml_strvec *out, const char *usage)
{
	for (const char *p = strstr(usage, "--"); p; p = strstr(p + 2, "--")) {
		size_t n = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");

		if (n > 2 && (p == usage || p[-1] == '[' || p[-1] == ' ' || p[-1] == '|'))
			ml_strvec_push_owned(out, ml_strndup(p, n));
	}
}

int cmd_bad_option(const char *usage, char **argv, int c)
{
	const char *arg = argv[optind - 1];
	struct ml_strvec known = ML_STRVEC_INIT;
	const char *near;
	size_t n;
	int ret;

	if (c == ':')
		return cmd_usage_error(usage, "option '%s' needs a value", arg);
	if (optopt && !(arg && arg[0] == '-' && arg[1] == '-'))
		return cmd_usage_error(usage, "unknown option '-%c'", optopt);
	if (!arg)
		return cmd_usage_error(usage, "unknown option");
	n = strcspn(arg, "=");
	usage_long_options(&known, usage);
	for (size_t i = 0; i < known.n; i++)
		/* getopt returns '?' for a known option whose value is missing, too */
		if (strlen(known.v[i]) == n && !strncmp(known.v[i], arg, n) && !arg[n]) {
			ml_strvec_release(&known);
			return cmd_usage_error(usage, "option '%s' needs a value", arg);
		}
	{
		char *name = ml_strndup(arg, n);

		near = ml_suggest(name, (const char *const *)known.v, known.n);
		ret = near ? cmd_usage_error(usage, "unknown option '%s'; did you mean '%s'?", name,
					     near)
			   : cmd_usage_error(usage, "unknown option '%s'", name);
		free(name);
	}
	ml_strvec_release(&known);
	return ret;
}

const char *cmd_path(const char *arg)
{
	if (!cmd_global.prefix || !*cmd_global.prefix || !*arg || arg[0] == '/')
		return arg;
	ml_strvec_push_owned(&cmd_global.paths, ml_project_rebase(cmd_global.prefix, arg));
	return cmd_global.paths.v[cmd_global.paths.n - 1];
}

const char *cmd_url(const char *arg)
{
	static const char *const schemes[] = { "git+file://", "file://" };

	for (size_t i = 0; i < ML_ARRAY_SIZE(schemes); i++) {
		size_t n = strlen(schemes[i]);

		if (ml_starts_with(arg, schemes[i])) {
			const char *path = cmd_path(arg + n);

			if (path == arg + n)
				return arg;
			ml_strvec_push_owned(&cmd_global.paths,
					     ml_xasprintf("%s%s", schemes[i], path));
			return cmd_global.paths.v[cmd_global.paths.n - 1];
		}
	}
	return strstr(arg, "://") ? arg : cmd_path(arg);
}

void cmd_dir_args(struct ml_strvec *out, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		/*
		 * Typed in a subdirectory, a path into the workspace is the user's ("fmt" in
		 * duniverse/, "../duniverse/fmt" in bin/); anything else names a directory.
		 */
		const char *arg = cmd_path(argv[i]);
		const char *d;

		if (!ml_starts_with(arg, "duniverse/"))
			arg = argv[i];
		d = ml_starts_with(arg, "duniverse/") ? arg + 10 : arg;
		size_t n = strlen(d);

		while (n > 1 && d[n - 1] == '/')
			n--;
		ml_strvec_push_owned(out, ml_strndup(d, n));
	}
}

static void on_interrupt(int sig)
{
	(void)sig;
	ml_interrupt();
}

void cmd_catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	/* no SA_RESTART: a blocking wait (a lock) returns EINTR and looks at the flag */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cmd_exit_code(int code)
{
	switch (code) {
	case ML_OK:
		return EXIT_OK;
	case ML_EUNSAT:
		return EXIT_UNSAT;
	case ML_EMODIFIED:
		return EXIT_MODIFIED;
	case ML_EUSAGE:
		return EXIT_USAGE;
	case ML_EINTR:
		return EXIT_INTERRUPTED;
	default:
		return EXIT_FAIL;
	}
}

int cmd_error(const struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_error_format(&b, err);
	fprintf(stderr, "monolock: %s\n", b.buf);
	ml_buf_release(&b);
	return cmd_exit_code(err->code ? err->code : ML_ERROR);
}

void cmd_warn(const char *fmt, ...)
{
	va_list ap;

	if (cmd_global.quiet)
		return;
	fputs("monolock: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ML_ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[ML_ARRAY_SIZE(commands)];
	const char *near;

	for (size_t i = 0; i < ML_ARRAY_SIZE(commands); i++)
		names[i] = commands[i].name;
	near = ml_suggest(name, names, ML_ARRAY_SIZE(commands));
	if (near)
		return cmd_usage_error(usage_main, "unknown command '%s'; did you mean '%s'?", name,
				       near);
	return cmd_usage_error(usage_main, "unknown command '%s'", name);
}

/* argv[0] is the command's name; `help [COMMAND]` is `COMMAND --help`. */
static int run_command(int argc, char **argv)
{
	const struct command *cmd = find_command(argv[0]);
	static char help_opt[] = "--help";

	if (!cmd)
		return unknown_command(argv[0]);
	if (!cmd->fn) {
		char *args[] = { argv[1], help_opt, NULL };

		if (argc < 2) {
			print_help(stdout);
			return EXIT_OK;
		}
		if (argc > 2)
			return cmd_usage_error("usage: monolock help [COMMAND]",
					       "help takes one command, not %d", argc - 1);
		cmd = find_command(argv[1]);
		if (!cmd || !cmd->fn)
			return cmd || !strcmp(argv[1], "help") ? (print_help(stdout), EXIT_OK)
							       : unknown_command(argv[1]);
		optind = 0;
		return cmd->fn(2, args);
	}
	optind = 0; /* glibc: re-initialise getopt for the command */
	return cmd->fn(argc, argv);
}

/*
 * Commands about a project run from its directory, found upward from the current one
 * (ml_project_discover); the others (repo, show, cache, help...) where they are started.
 * Nothing found: the command runs here and says what is missing.
 */
static void enter_project(const char *command)
{
	static const char *const elsewhere[] = { "repo", "show", "cache", "help",
						 "install-opam-plugin" };
	char *cwd = NULL, *root = NULL, *prefix = NULL;

	for (size_t i = 0; i < ML_ARRAY_SIZE(elsewhere); i++)
		if (!strcmp(command, elsewhere[i]))
			return;
	cwd = getcwd(NULL, 0);
	if (cwd && ml_project_discover(&root, &prefix, cwd, NULL) == 0 && *prefix &&
	    chdir(root) == 0) {
		cmd_global.prefix = prefix;
		prefix = NULL;
	}
	free(prefix);
	free(root);
	free(cwd);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
	int c;

	/* the same program under opam-monorepo's name (or as opam's plugin) speaks its CLI */
	base = base ? base + 1 : argv[0];
	if (base && strcmp(base, "opam-monorepo") == 0)
		return cmd_opam_monorepo(argc, argv);
	opterr = 0;
	/* '+': stop at the command name; its options are the command's. */
	while ((c = getopt_long(argc, argv, "+hqC:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_help(stdout);
			return EXIT_OK;
		case 'V':
			printf("monolock %s\n", ML_VERSION);
			return EXIT_OK;
		case 'q':
			cmd_global.quiet = true;
			break;
		case 'C':
			/* as git -C: everything runs as if started in DIR */
			if (chdir(optarg) < 0) {
				fprintf(stderr, "monolock: -C %s: %s\n", optarg, strerror(errno));
				return EXIT_USAGE;
			}
			break;
		default:
			return cmd_bad_option(usage_main, argv, c);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage_main, "no command given");
	enter_project(argv[optind]);
	return run_command(argc - optind, argv + optind);
}
