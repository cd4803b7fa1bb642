#ifndef ML_TOOLCHAIN_H
#define ML_TOOLCHAIN_H

#include <stdbool.h>

struct ml_error;

/*
 * The toolchain on PATH: the versions of the programs that will build the workspace
 * (ocaml, dune) and of opam, whose version `available:` fields may test. Running a
 * program found on PATH is bounded: its output is read up to ML_TOOL_OUTPUT_MAX bytes and it
 * is killed after ML_TOOL_TIMEOUT_MS; what it prints must be one version, nothing else.
 */
#define ML_TOOL_OUTPUT_MAX 4096
#define ML_TOOL_TIMEOUT_MS 10000
#define ML_TOOL_VERSION_MAX 64

/* Set (non-empty) in the environment: nothing is looked up on PATH (the test suite's rule). */
#define ML_TOOLCHAIN_ENV_OFF "MONOLOCK_NO_PATH_TOOLCHAIN"

/*
 * Whether s is a version as a toolchain program prints it: at most ML_TOOL_VERSION_MAX
 * characters, starting with digits '.' digits, then only [A-Za-z0-9.+~_-].
 */
bool ml_tool_version_valid(const char *s);

/*
 * Runs argv[0], looked up in PATH, with argv (NULL-terminated), stdin and stderr on
 * /dev/null, and reads its output as one version (ml_tool_version_valid; one trailing
 * newline allowed). *out (free()) the version. ML_ENOTFOUND: argv[0] is not on PATH.
 * ML_ERROR: it could not run, failed, timed out, printed too much, or printed something
 * that is not a version; the message names the command and shows what it printed
 * (escaped, cut).
 */
int ml_tool_version(char **out, const char *const *argv, struct ml_error *err);

/* Which program gave a version. */
enum ml_tool { ML_TOOL_OCAML, ML_TOOL_DUNE, ML_TOOL_OPAM, ML_TOOL_COUNT };

/*
 * The version of a tool on PATH: ocaml from `ocamlc -version`, else `ocamlfind ocamlopt
 * -version`; dune from `dune --version`; opam from `opam --version`. ML_ENOTFOUND when it
 * is not on PATH or ML_TOOLCHAIN_ENV_OFF is set; other errors as ml_tool_version.
 */
int ml_toolchain_find(char **out, enum ml_tool tool, struct ml_error *err);

/*
 * ml_toolchain_find for each tool t with want[t], the programs running at the same time:
 * out[t] (free()) and rets[t] (0, ML_ENOTFOUND, ML_ERROR with errs[t]) for every t (not
 * wanted: ML_ENOTFOUND, nothing in errs[t]). Arrays of ML_TOOL_COUNT; errs initialised.
 */
void ml_toolchain_find_all(char **out, int *rets, struct ml_error *errs, const bool *want);

/* True when ML_TOOLCHAIN_ENV_OFF is set. */
bool ml_toolchain_off(void);

/*
 * The release a version is of: its leading digits-and-dots part ("4.14.1+flambda" gives
 * "4.14.1", "3.17.0-12-gabc" gives "3.17.0"). A new string (free()).
 */
char *ml_tool_release(const char *version);

struct ml_buf;
struct ml_lock_toolchain;

/*
 * Compares the toolchain on PATH with the one a lock was made for (lib/lock.h); only the
 * parts the lock fixes are compared. Returns true when one differs, with one sentence in
 * msg naming what the lock is for and what PATH has (a program missing or failing counts as
 * "no"). False, msg untouched, when they agree or ML_TOOLCHAIN_ENV_OFF is set.
 */
bool ml_toolchain_differs(struct ml_buf *msg, const struct ml_lock_toolchain *t);

#endif
