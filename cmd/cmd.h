#ifndef ML_CMD_H
#define ML_CMD_H

#include <getopt.h>
#include <stdbool.h>

#include "lib/ml.h"

/*
 * cmd/: one file per subcommand. A command parses its options, calls one entry point of a
 * lower module, prints, and returns an exit code. Only cmd/ prints or exits.
 */

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_UNSAT = 2,
	EXIT_MODIFIED = 3,
	EXIT_USAGE = 64,
};

/* Options every command honours, parsed by main before the command name. */
struct cmd_global {
	bool quiet;
};
extern struct cmd_global cmd_global;

/* Subcommands: argv[0] is the command name. */
int cmd_repo(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_pull(int argc, char **argv);
int cmd_lock(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_why(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_patch(int argc, char **argv);
/* Workspace directories named on the command line: "duniverse/foo/" is "foo". */
void cmd_dir_args(struct ml_strvec *out, int argc, char **argv);

/* Prints "monolock: <msg>" and the usage to stderr; returns EXIT_USAGE. */
int cmd_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The getopt_long loop's '?' / ':' case: names the offending option. Call with the
 * argv given to getopt_long and the value it returned. Returns EXIT_USAGE.
 */
int cmd_bad_option(const char *usage, char **argv, int c);
/* Prints "monolock: <err>" to stderr and returns the exit code for err->code. */
int cmd_error(const struct ml_error *err);
/* Prints "monolock: warning: <msg>" to stderr unless quiet. */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Exit code for an ml_code. */
int cmd_exit_code(int code);

#endif
