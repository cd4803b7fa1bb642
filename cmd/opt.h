#ifndef ML_CMD_OPT_H
#define ML_CMD_OPT_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/ml.h"

/*
 * Every command's command line is one declarative table (struct cmd_spec) read by one parser
 * (cmd_parse_next): `--opt value`, `--opt=value`, unambiguous prefixes of long names,
 * clusters of short options (`-qj4`), `--` ending the options, one-line usage errors with a
 * suggestion. --help, `monolock help CMD`, the man page and the bash completion are all
 * printed from the same tables (cmd/opt.c), so they cannot disagree.
 */

enum cmd_opt_flag {
	CMD_OPT_REPEAT = 1 << 0,    /* may be given more than once (shown as `...`) */
	CMD_OPT_HIDDEN = 1 << 1,    /* accepted, never shown (tests only) */
	CMD_OPT_SYN_SHORT = 1 << 2, /* the synopsis shows the short form */
	CMD_OPT_NO_SYN = 1 << 3,    /* left out of the synopsis (spec->args names it) */
	CMD_OPT_OPTIONAL = 1 << 4,  /* the value is optional, given only as --opt=VALUE */
};

struct cmd_opt {
	const char *lng;  /* long name without "--", or NULL */
	char shrt;        /* short letter, or 0 */
	const char *arg;  /* the value's name ("PATH"); NULL: a flag */
	const char *help; /* lines separated by '\n', lowercase, no final period */
	const char *dflt; /* the default, shown as [default: X], or NULL */
	int id;           /* what cmd_parse_next returns, > 0 */
	unsigned flags;   /* enum cmd_opt_flag */
};

/* Ids of the options every command has (the parser handles them itself). */
enum { CMD_OPT_ID_HELP = 1000, CMD_OPT_ID_QUIET, CMD_OPT_ID_JSON };

enum cmd_spec_flag {
	CMD_SPEC_STOP = 1 << 0,      /* options end at the first argument (subcommands) */
	CMD_SPEC_NO_COMMON = 1 << 1, /* no -q/--json/--help added (the opam-monorepo CLI) */
};

/* What an argument of the command is, for the completion. */
enum cmd_complete { CMD_COMPLETE_NONE, CMD_COMPLETE_FILES, CMD_COMPLETE_DIRS, CMD_COMPLETE_WORDS };

struct cmd_spec {
	const char *name;           /* "lock" */
	const char *summary;        /* one line for `monolock --help` */
	const char *args;           /* the arguments in the synopsis: "[PKG[.VERSION]...]" */
	const char *usage;          /* a synopsis written by hand (subcommands), or NULL */
	const char *description;    /* paragraphs: lines separated by '\n', blank line between */
	const struct cmd_opt *opts; /* ended by an entry with id 0 */
	const char *exits;          /* "CODE\tmeaning\n" lines beyond 0, 1 and 64, or NULL */
	const char *examples;       /* "COMMAND LINE\twhat it does\n" lines */
	unsigned flags;             /* enum cmd_spec_flag */
	enum cmd_complete complete;
	const char *words; /* CMD_COMPLETE_WORDS: the words ("ls verify gc dir") */
	/* NULL: "monolock"; the opam-monorepo front end sets its own */
	const char *prog;
	/* a usage error other than monolock's (opam-monorepo's exit 124); returns the exit code */
	int (*usage_error)(const struct cmd_spec *spec, const char *msg);
	/* --help other than the generated one */
	void (*help)(void);
};

struct cmd_parser {
	const struct cmd_spec *spec;
	int argc;
	char **argv;
	int i;                 /* next argv index */
	const char *cluster;   /* the rest of a short-option cluster */
	bool done;             /* "--" seen (or the first argument under CMD_SPEC_STOP) */
	struct ml_strvec args; /* the arguments, in order */
	const char *val;       /* the value of the option just returned */
	char *name;            /* the option just returned, as "--repo" or "-r" */
	int exit;              /* after cmd_parse_next returned -1 */
};

/* argv[0] is the command's name. Sets cmd_global.json when --json is among the options. */
void cmd_parser_init(struct cmd_parser *p, const struct cmd_spec *spec, int argc, char **argv);
/*
 * The next option's id (p->val its value, p->name as written); 0 when the options are done
 * (p->args holds the arguments); -1 when the command is over: --help was printed (p->exit 0)
 * or a usage error (p->exit 64). -q and --json set cmd_global and are not returned.
 */
int cmd_parse_next(struct cmd_parser *p);
void cmd_parser_release(struct cmd_parser *p);
/*
 * After the loop over cmd_parse_next (c its last value): the exit code when the command is
 * over (--help, a usage error, fewer than min arguments (`missing` says which) or more than
 * max), else -1.
 */
int cmd_parse_end(struct cmd_parser *p, int c, size_t min, size_t max, const char *missing);

/* --help of spec, to f. */
void cmd_spec_help(FILE *f, const struct cmd_spec *spec);
/*
 * The --help of another program with subcommands (the opam-monorepo front end), to f: prog's
 * synopsis (prog->usage) and description, each of cmds[0..n) with its args and summary, the
 * options of each command that are not prog->opts, then prog->opts (those every command
 * has) and prog->examples.
 */
void cmd_program_help(FILE *f, const struct cmd_spec *prog, const struct cmd_spec *cmds, size_t n);
/*
 * `help --json`: {"name", "summary", "options": [{"long", "short", "value", "help",
 * "default", "repeatable"}]} of spec (its visible options; absent parts null).
 */
struct json_t *cmd_spec_json(const struct cmd_spec *spec);

/* The commands, in the order `monolock --help` lists them (cmd/main.c). */
struct cmd_entry {
	const struct cmd_spec *spec;
	int (*fn)(int argc, char **argv);
};
extern const struct cmd_entry cmd_entries[];
extern const size_t cmd_nentries;
extern const struct cmd_spec cmd_main_spec;

/* monolock(1) in roff, and the bash completion script, from the tables. */
void cmd_print_man(FILE *f);
void cmd_print_bash_completion(FILE *f);

#endif
