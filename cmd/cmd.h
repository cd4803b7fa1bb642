#ifndef ML_CMD_H
#define ML_CMD_H

#include <stdbool.h>

#include "lib/ml.h"
#include "opt.h"

/*
 * cmd/: one file per subcommand. A command parses its options, calls one entry point of a
 * lower module, prints, and returns an exit code. Only cmd/ prints or exits.
 */

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_UNSAT = 2,
	EXIT_MODIFIED = 3,
	EXIT_STALE = 4, /* lock --check: the lock no longer holds */
	EXIT_USAGE = 64,
	EXIT_INTERRUPTED = 130, /* Ctrl-C (128 + SIGINT), as shells report it */
};

/* Options every command honours, parsed by main before the command name. */
struct cmd_global {
	bool quiet; /* -q: no progress, summaries or warnings */
	bool json;  /* --json: results and errors as one JSON document on stdout */
	/* set by the opam-monorepo front end: written in .opam.locked as opam-monorepo does */
	struct ml_strvec cli_args;
	/*
	 * Where the command was started, relative to the project directory it runs in (main
	 * moves there, as git does): "" or ending in '/'. User paths go through cmd_path.
	 */
	char *prefix;
	struct ml_strvec paths; /* what cmd_path and cmd_url returned, kept until exit */
};
extern struct cmd_global cmd_global;

/* Subcommands: argv[0] is the command name. Each has its table, cmd_<name>_spec. */
#define CMD_DECLARE(name)                      \
	int cmd_##name(int argc, char **argv); \
	extern const struct cmd_spec cmd_##name##_spec
CMD_DECLARE(repo);
CMD_DECLARE(show);
CMD_DECLARE(pull);
CMD_DECLARE(lock);
CMD_DECLARE(list);
CMD_DECLARE(why);
CMD_DECLARE(tree);
CMD_DECLARE(cache);
CMD_DECLARE(sbom);
CMD_DECLARE(outdated);
CMD_DECLARE(mirror);
CMD_DECLARE(depext);
CMD_DECLARE(install_opam_plugin);
CMD_DECLARE(status);
CMD_DECLARE(verify);
CMD_DECLARE(diff);
CMD_DECLARE(patch);
/* The opam-monorepo front end (cmd/opam_monorepo.c): argv[0] is the program. */
int cmd_opam_monorepo(int argc, char **argv);

struct ml_ws_status;
/*
 * Prints one line per directory of st not as the lock wants it (all: every directory), and
 * with `files` each of its files changed, added or deleted (cmd/status.c).
 */
void cmd_print_ws_status(const struct ml_ws_status *st, const char *root, bool all, bool files);
/* Workspace directories named on the command line: "duniverse/foo/" is "foo". */
void cmd_dir_args(struct ml_strvec *out, int argc, char **argv);

/*
 * A usage error: "monolock: <msg>" and "see 'monolock CMD --help'" on stderr (with --json,
 * the error document on stdout); spec NULL: the global one. Returns EXIT_USAGE.
 */
int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Prints "monolock: <err>" to stderr (with --json: {"monolock": 1, "error": {"code", "message",
 * "file", "line", "col", "package", "url"}} on stdout, each when known) and returns the exit
 * code for err->code.
 */
int cmd_error(const struct ml_error *err);
/*
 * Prints "monolock: warning: <msg>" to stderr unless quiet, the paths it names as the user
 * knows them, as cmd_error does (ml_project_user_text).
 */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The same for a message that starts with `path` (relative to the project, e.g. a pull
 * warning's ml_pull_event.dir): that path is shown with cmd_user_path, even when the rest of
 * the message could not tell it from a word ("dune-project declares ...").
 */
void cmd_warn_about(const char *path, const char *msg);
/* "PATH:LINE:COL: message" of err, PATH as the user knows it: free() it. */
char *cmd_error_text(const struct ml_error *err);
/*
 * A path the user typed (relative to where they typed it) as the command must use it, from
 * the project directory main moved to: arg itself when main did not move or arg is absolute.
 * Borrowed: valid until exit.
 */
const char *cmd_path(const char *arg);
/*
 * The inverse for what the command prints: a path relative to the project directory main
 * moved to, relative to where the user started the command (ml_project_unbase).
 * Borrowed: valid until exit.
 */
const char *cmd_user_path(const char *path);
/* The same for a repository spec or mirror URL: a plain path, file://PATH or git+file://PATH
 * (other URLs as they are). */
const char *cmd_url(const char *arg);
/*
 * From now on SIGINT and SIGTERM ask long operations to stop at a safe point
 * (ml_interrupt; they return ML_EINTR, exit status EXIT_INTERRUPTED); a second one kills.
 */
void cmd_catch_interrupts(void);
/* Exit code for an ml_code. */
int cmd_exit_code(int code);

/*
 * --json output (cmd/json.c). Every document is an object whose first member is
 * "monolock": 1 (the schema version), printed on stdout with a 2-space indent.
 */
struct json_t;
/* Prints obj (a reference is stolen) with "monolock": 1 first. */
void cmd_json_print(struct json_t *obj);
/* Prints a document rendered by lockfile/ (an object in text) with "monolock": 1 first. */
void cmd_json_print_text(const char *text);

#endif
