#ifndef ML_FILTER_H
#define ML_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "opam.h"

struct ml_buf;
struct ml_error;
struct ml_strvec;

/*
 * Variables, filters and package formulas, evaluated as opam evaluates them
 * (OpamFilter / OpamFormula semantics; see DESIGN section 3).
 */

/* A set of global variables: name -> string value ("true"/"false" read as bools). */
struct ml_vars;
struct ml_vars *ml_vars_new(void);
void ml_vars_free(struct ml_vars *vars);
/* Sets (or replaces) a variable; both strings are copied. */
void ml_vars_set(struct ml_vars *vars, const char *name, const char *value);
/* The value, or NULL when undefined. Borrowed. */
const char *ml_vars_get(const struct ml_vars *vars, const char *name);
/* Names in sorted order (for recording in a lock): fills names (borrowed), returns count. */
size_t ml_vars_names(const struct ml_vars *vars, const char *const **names);
/*
 * Defaults monolock uses: os, arch, os-family, os-distribution, os-version detected from
 * the host; with-test, with-doc, with-dev-setup, dev false; build, post true;
 * opam-version ML_OPAM_VERSION_DEFAULT. Existing entries are kept (call after applying overrides? no:
 * call first, then override with ml_vars_set).
 */
void ml_vars_set_defaults(struct ml_vars *vars);
/*
 * The opam-version monolock answers when no opam is on PATH: the newest opam release whose
 * semantics it follows. 2.2.0 is the release that defined with-dev-setup, the newest
 * variable monolock evaluates; `available:` tests of opam-version >= "2.2.0" hold.
 */
#define ML_OPAM_VERSION_DEFAULT "2.2.0"

/* The value of a filter: opam's FBool / FString / FUndef. */
enum ml_fval_kind { ML_FVAL_UNDEF, ML_FVAL_BOOL, ML_FVAL_STRING };
struct ml_fval {
	enum ml_fval_kind kind;
	bool b;
	const char *s; /* borrowed from the tree or the vars */
};

/* What a filter is evaluated against. */
struct ml_filter_env {
	const struct ml_vars *vars;
	/* The package the formula belongs to: answers `name`, `version`, `_:name`, `_:version`. */
	const char *self_name, *self_version;
	/* Called once per undefined variable met (may be NULL). `where` is the ident node. */
	void (*warn)(void *ctx, const struct ml_opam_value *where, const char *msg);
	void *warn_ctx;
};

/*
 * Evaluates a filter expression (idents, strings, bools, relops compared as versions, &, |, !, ?),
 * as OpamFilter.reduce does: `undef & false` = false, `undef | true` = true, else undefined
 * spreads; `!undef` is undefined; `?x` is never undefined and never warns. `%{var}%` in strings
 * is expanded and, as in opam, an undefined variable there expands to "" (with a warning).
 * `name`/`version`, `_:name`/`_:version` and `SELF:name`/`SELF:version` answer from self_*;
 * other package variables are undefined. Strings made by evaluation (interpolations, ints)
 * are kept in env->vars until ml_vars_free, so out->s stays borrowed; without env->vars such
 * a string is undefined. Evaluations sharing one vars table must not run concurrently.
 */
void ml_filter_eval(struct ml_fval *out, const struct ml_opam_value *filter,
		    const struct ml_filter_env *env);
/* As a bool: undefined (or a non-bool string) gives `dflt`. */
bool ml_filter_eval_bool(const struct ml_opam_value *filter, const struct ml_filter_env *env,
			 bool dflt);
/*
 * An `available:` field's value (NULL: absent) holds in env: written bare or as a list whose
 * every item must hold (a one-element list, usually); undefined variables count false.
 */
bool ml_available_holds(const struct ml_opam_value *v, const struct ml_filter_env *env);

/* A version formula after evaluation: {>= "1.0" & < "2.0"}. */
enum ml_vf_kind { ML_VF_CMP, ML_VF_AND, ML_VF_OR, ML_VF_NOT };
struct ml_vformula {
	enum ml_vf_kind kind;
	enum ml_opam_op op; /* CMP: EQ..GE */
	char *version;      /* CMP: the version string after variable expansion */
	struct ml_vformula *a, *b;
};

/* A package formula after evaluation: atoms joined by & and |. */
enum ml_formula_kind { ML_FORMULA_ATOM, ML_FORMULA_AND, ML_FORMULA_OR };
struct ml_formula {
	enum ml_formula_kind kind;
	char *name;                      /* ATOM */
	struct ml_vformula *vf;          /* ATOM: NULL means any version */
	const struct ml_opam_value *src; /* ATOM: the node it came from (for messages), borrowed */
	struct ml_formula *a, *b;
};

/* How a top-level list is read: depends is a conjunction, depopts and conflicts disjunctions. */
enum ml_formula_list { ML_LIST_AND, ML_LIST_OR };

/*
 * Evaluates a filtered package formula (the value of depends/depopts/conflicts) against env:
 * filters are applied (an atom whose filter is false is dropped, as opam drops it), variables
 * in version constraints are expanded. *out is NULL when nothing remains (no constraint),
 * else a new formula to free with ml_formula_free. v may be NULL (field absent): *out = NULL.
 * Malformed formulas give ML_EPARSE with the node's position (path names the file).
 * Exactly opam's filter_deps ~default:false: inside `{...}` filters count false when
 * undefined, `false` absorbs `&` and is neutral in `|` (OpamFormula.partial_eval); an atom
 * left false vanishes from the package formula, neutral in both `&` and `|` (make_and /
 * make_or), so `"a" {with-test} | "b"` is `b`. A group's items join like the top level
 * (& in depends, | in depopts). `!` inside `{...}` swaps & and |, flips relops and negates
 * filters. A constraint whose version is undefined or invalid after expansion is ignored.
 */
int ml_formula_eval(struct ml_formula **out, const struct ml_opam_value *v,
		    enum ml_formula_list list, const struct ml_filter_env *env, const char *path,
		    struct ml_error *err);
void ml_formula_free(struct ml_formula *f);
void ml_vformula_free(struct ml_vformula *vf);

/* Does `version` satisfy vf (NULL vf: always)? */
bool ml_vformula_holds(const struct ml_vformula *vf, const char *version);
/*
 * Does the formula hold when `lookup(ctx, name)` gives the chosen version of each
 * package (NULL: not chosen)? An atom holds when its package is chosen in a fitting version.
 */
bool ml_formula_holds(const struct ml_formula *f,
		      const char *(*lookup)(void *ctx, const char *name), void *ctx);
/* Adds every package name the formula mentions to names (unsorted, may repeat). */
void ml_formula_names(const struct ml_formula *f, struct ml_strvec *names);
/* Human form, e.g. `a >= 1.0 & (b | c)` (versions unquoted). */
void ml_formula_print(struct ml_buf *out, const struct ml_formula *f);
void ml_vformula_print(struct ml_buf *out, const struct ml_vformula *vf);

#endif
