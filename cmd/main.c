#include "cmd.h"
#include "lib/project.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>

struct cmd_global cmd_global;

static const struct cmd_spec cmd_help_spec;

/* The commands, in the order `monolock --help` lists them. */
const struct cmd_entry cmd_entries[] = {
	{ &cmd_lock_spec, cmd_lock },
	{ &cmd_pull_spec, cmd_pull },
	{ &cmd_status_spec, cmd_status },
	{ &cmd_verify_spec, cmd_verify },
	{ &cmd_diff_spec, cmd_diff },
	{ &cmd_patch_spec, cmd_patch },
	{ &cmd_list_spec, cmd_list },
	{ &cmd_why_spec, cmd_why },
	{ &cmd_tree_spec, cmd_tree },
	{ &cmd_cache_spec, cmd_cache },
	{ &cmd_sbom_spec, cmd_sbom },
	{ &cmd_outdated_spec, cmd_outdated },
	{ &cmd_mirror_spec, cmd_mirror },
	{ &cmd_repo_spec, cmd_repo },
	{ &cmd_show_spec, cmd_show },
	{ &cmd_depext_spec, cmd_depext },
	{ &cmd_install_opam_plugin_spec, cmd_install_opam_plugin },
	{ &cmd_help_spec, NULL },
};
const size_t cmd_nentries = ML_ARRAY_SIZE(cmd_entries);

enum { OPT_DIR = 1, OPT_VERSION, OPT_MAN, OPT_COMPLETION };

static const struct cmd_opt main_opts[] = {
	{ NULL, 'C', "DIR", "run as if monolock was started in DIR", NULL, OPT_DIR,
	  CMD_OPT_SYN_SHORT },
	{ "version", 0, NULL, "print the version", NULL, OPT_VERSION, 0 },
	{ "generate-man", 0, NULL, "print monolock(1) in roff (the build does)", NULL, OPT_MAN,
	  CMD_OPT_HIDDEN },
	{ "generate-completion", 0, "SHELL", "print the completion script for SHELL (bash)", NULL,
	  OPT_COMPLETION, CMD_OPT_HIDDEN },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

static void main_help(void);

const struct cmd_spec cmd_main_spec = {
	.name = "monolock",
	.args = "COMMAND [ARGS]",
	.description =
	    "monolock locks a project's opam dependencies, pulls their sources into one\n"
	    "workspace (duniverse/) and lets one `dune build` build everything.\n\n"
	    "Results (and --json documents) go to stdout; progress, summaries, warnings and\n"
	    "errors to stderr. `monolock help COMMAND` or `monolock COMMAND --help`\n"
	    "describes a command.",
	.opts = main_opts,
	.examples = "monolock lock\tsolve the project's dependencies into monolock.lock\n"
		    "monolock pull\tfetch the locked sources into duniverse/\n"
		    "monolock -C ../other status\tthe state of another project's duniverse/\n",
	.flags = CMD_SPEC_STOP,
	.help = main_help,
};

static const struct cmd_spec cmd_help_spec = {
	.name = "help",
	.summary = "show the help of monolock or of a command",
	.args = "[COMMAND]",
	.description = "Prints the help of COMMAND, as `monolock COMMAND --help` does, or without\n"
		       "COMMAND the list of commands. With --json, the options of COMMAND (or of\n"
		       "every command) as data.",
	.examples = "monolock help lock\tthe options of lock\n",
	.complete = CMD_COMPLETE_WORDS,
};

static void print_help(FILE *f)
{
	cmd_spec_help(f, &cmd_main_spec);
	fprintf(f, "\ncommands:\n");
	for (size_t i = 0; i < cmd_nentries; i++) {
		const struct cmd_spec *s = cmd_entries[i].spec;

		if (strlen(s->name) > 9)
			fprintf(f, "  %s\n  %-9s %s\n", s->name, "", s->summary);
		else
			fprintf(f, "  %-9s %s\n", s->name, s->summary);
	}
}

static void main_help(void)
{
	print_help(stdout);
}

const char *cmd_path(const char *arg)
{
	if (!cmd_global.prefix || !*cmd_global.prefix || !*arg || arg[0] == '/')
		return arg;
	ml_strvec_push_owned(&cmd_global.paths, ml_project_rebase(cmd_global.prefix, arg));
	return cmd_global.paths.v[cmd_global.paths.n - 1];
}

const char *cmd_user_path(const char *path)
{
	if (!cmd_global.prefix || !*cmd_global.prefix || !*path || path[0] == '/')
		return path;
	ml_strvec_push_owned(&cmd_global.paths, ml_project_unbase(cmd_global.prefix, path));
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

int cmd_error(const struct ml_error *e0)
{
	struct ml_buf b = ML_BUF_INIT;
	int code = cmd_exit_code(e0->code ? e0->code : ML_ERROR);
	/* the paths it names as the user knows them: relative to where they typed the command */
	const char *prefix = cmd_global.prefix ? cmd_global.prefix : "";
	struct ml_error user = *e0, *err = &user;

	user.path = e0->path ? ml_project_unbase(prefix, e0->path) : NULL;
	user.msg = e0->msg ? ml_project_user_text(prefix, e0->msg) : NULL;
	if (cmd_global.json) {
		json_t *e = json_object();

		const char *msg = err->msg ? err->msg : "error", *nl = strchr(msg, '\n');

		json_object_set_new(e, "code", json_integer(code));
		/* an explanation (no solution, every failed source): its lines as a list */
		json_object_set_new(e, "message",
				    json_stringn(msg, nl ? (size_t)(nl - msg) : strlen(msg)));
		if (nl) {
			json_t *lines = json_array();

			for (const char *q = nl + 1; *q;) {
				size_t n = strcspn(q, "\n");

				if (n)
					json_array_append_new(lines, json_stringn(q, n));
				q += n + (q[n] == '\n');
			}
			json_object_set_new(e, "details", lines);
		}
		if (err->path)
			json_object_set_new(e, "file", json_string(err->path));
		if (err->path && err->line)
			json_object_set_new(e, "line", json_integer(err->line));
		if (err->path && err->col)
			json_object_set_new(e, "col", json_integer(err->col));
		if (err->package)
			json_object_set_new(e, "package", json_string(err->package));
		if (err->url)
			json_object_set_new(e, "url", json_string(err->url));
		cmd_json_print(json_pack("{so}", "error", e));
	} else {
		ml_error_format(&b, err);
		fprintf(stderr, "monolock: %s\n", b.buf);
		ml_buf_release(&b);
	}
	free(user.path);
	free(user.msg);
	return code;
}

/* "monolock: warning: " lead (as is) then text, its paths made the user's. */
static void warn_text(const char *lead, const char *text)
{
	char *user = ml_project_user_text(cmd_global.prefix ? cmd_global.prefix : "", text);

	if (!cmd_global.quiet)
		fprintf(stderr, "monolock: warning: %s%s\n", lead, user);
	free(user);
}

void cmd_warn(const char *fmt, ...)
{
	struct ml_buf b = ML_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	warn_text("", b.buf);
	ml_buf_release(&b);
}

void cmd_warn_about(const char *path, const char *msg)
{
	if (path && *path && ml_starts_with(msg, path))
		warn_text(cmd_user_path(path), msg + strlen(path));
	else
		warn_text("", msg);
}

char *cmd_error_text(const struct ml_error *err)
{
	struct ml_error user = *err;
	struct ml_buf b = ML_BUF_INIT;

	user.path = err->path ? (char *)cmd_user_path(err->path) : NULL;
	user.msg = err->msg
		       ? ml_project_user_text(cmd_global.prefix ? cmd_global.prefix : "", err->msg)
		       : NULL;
	ml_error_format(&b, &user);
	free(user.msg);
	return ml_buf_detach(&b, NULL);
}

static const struct cmd_entry *find_command(const char *name)
{
	for (size_t i = 0; i < cmd_nentries; i++)
		if (!strcmp(name, cmd_entries[i].spec->name))
			return &cmd_entries[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[64];
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < cmd_nentries && n < ML_ARRAY_SIZE(names); i++)
		names[n++] = cmd_entries[i].spec->name;
	near = ml_suggest(name, names, n);
	if (near)
		return cmd_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", name,
				       near);
	return cmd_usage_error(NULL, "unknown command '%s'", name);
}

/* `help [COMMAND]` is `COMMAND --help`. */
static int help_command(int argc, char **argv)
{
	struct cmd_parser p;
	const struct cmd_entry *cmd;
	int c, ret = EXIT_OK;

	cmd_parser_init(&p, &cmd_help_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0)
		;
	if (c < 0) {
		ret = p.exit;
		goto out;
	}
	if (p.args.n > 1) {
		ret = cmd_usage_error(&cmd_help_spec, "help takes one command, not %zu", p.args.n);
		goto out;
	}
	cmd = p.args.n ? find_command(p.args.v[0]) : NULL;
	if (p.args.n && !cmd) {
		ret = unknown_command(p.args.v[0]);
	} else if (cmd_global.json && cmd && cmd->fn) {
		cmd_json_print(cmd_spec_json(cmd->spec));
	} else if (cmd_global.json) {
		json_t *cmds = json_array();

		for (size_t i = 0; i < cmd_nentries; i++)
			json_array_append_new(cmds, cmd_spec_json(cmd_entries[i].spec));
		cmd_json_print(json_pack("{s:o, s:o}", "global", cmd_spec_json(&cmd_main_spec),
					 "commands", cmds));
	} else if (!cmd || !cmd->fn)
		print_help(stdout);
	else
		cmd_spec_help(stdout, cmd->spec);
out:
	cmd_parser_release(&p);
	return ret;
}

/* argv[0] is the command's name. */
static int run_command(int argc, char **argv)
{
	const struct cmd_entry *cmd = find_command(argv[0]);

	if (!cmd)
		return unknown_command(argv[0]);
	if (!cmd->fn)
		return help_command(argc, argv);
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
	const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
	struct cmd_parser p;
	int c, ret = -1, first;

	/* the same program under opam-monorepo's name (or as opam's plugin) speaks its CLI */
	base = base ? base + 1 : argv[0];
	if (base && strcmp(base, "opam-monorepo") == 0)
		return cmd_opam_monorepo(argc, argv);
	/* options up to the command name are monolock's; the command's follow it */
	cmd_parser_init(&p, &cmd_main_spec, argc, argv);
	cmd_global.json = false; /* a command's --json is the command's to see */
	while (ret < 0 && (c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_VERSION:
			printf("monolock %s\n", ML_VERSION);
			ret = EXIT_OK;
			break;
		case OPT_MAN:
			cmd_print_man(stdout);
			ret = EXIT_OK;
			break;
		case OPT_COMPLETION:
			if (strcmp(p.val, "bash"))
				ret = cmd_usage_error(NULL, "no completion for '%s' (bash)", p.val);
			else
				cmd_print_bash_completion(stdout), ret = EXIT_OK;
			break;
		case OPT_DIR:
			/* as git -C: everything runs as if started in DIR */
			if (chdir(p.val) < 0) {
				fprintf(stderr, "monolock: -C %s: %s\n", p.val, strerror(errno));
				ret = EXIT_USAGE;
			}
			break;
		}
	}
	if (ret < 0 && c < 0)
		ret = p.exit;
	first = p.i - (int)p.args.n;
	cmd_parser_release(&p);
	if (ret >= 0)
		return ret;
	if (first >= argc)
		return cmd_usage_error(NULL, "no command given");
	enter_project(argv[first]);
	return run_command(argc - first, argv + first);
}
