#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cmd_global cmd_global;

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "lock", cmd_lock, "solve the project's dependencies and write monolock.lock" },
	{ "pull", cmd_pull, "fetch the lock's sources into duniverse/ and generate its dune file" },
	{ "diff", cmd_diff, "show the local edits of duniverse/ as a unified diff" },
	{ "patch", cmd_patch, "save the local edits of duniverse/DIR as patches/DIR.patch" },
	{ "list", cmd_list, "list the locked packages" },
	{ "why", cmd_why, "show the dependency paths from the roots to a package" },
	{ "repo", cmd_repo, "check opam package repositories (repo check SPEC...)" },
	{ "show", cmd_show, "show the versions of a package, or one version's fields" },
};

static const char usage_main[] = "usage: monolock [--version] [--help] [-q] COMMAND [ARGS]";

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
		   "  --version     print the version\n"
		   "  --help        print this help\n\n"
		   "`monolock COMMAND --help` describes a command.\n");
}

int cmd_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("monolock: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s\n", usage);
	return EXIT_USAGE;
}

int cmd_bad_option(const char *usage, char **argv, int c)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cmd_usage_error(usage, "option '%s' needs a value", arg);
	if (optopt && !(arg && arg[0] == '-' && arg[1] == '-'))
		return cmd_usage_error(usage, "unknown option '-%c'", optopt);
	return cmd_usage_error(usage, "unknown option '%s'", arg ? arg : "?");
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	/* '+': stop at the command name; its options are the command's. */
	while ((c = getopt_long(argc, argv, "+hq", longopts, NULL)) != -1) {
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
		default:
			return cmd_bad_option(usage_main, argv, c);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage_main, "no command given (try 'monolock --help')");

	for (size_t i = 0; i < ML_ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[optind], commands[i].name))
			continue;
		argc -= optind;
		argv += optind;
		optind = 0; /* glibc: re-initialise getopt for the command */
		return commands[i].fn(argc, argv);
	}
	return cmd_usage_error(usage_main, "unknown command '%s' (try 'monolock --help')",
			       argv[optind]);
}
