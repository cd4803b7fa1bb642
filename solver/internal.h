#ifndef ML_SOLVER_INTERNAL_H
#define ML_SOLVER_INTERNAL_H

/* Shared between solver.c (the pool) and explain.c (problems in opam terms). Private. */

#include <solv/pool.h>
#include <solv/solver.h>

#include "solver/solver.h"
#include "lib/ucache.h"

/* Why a candidate was taken out of the pool (pool->considered). */
enum sv_excl {
	SV_OK = 0,
	SV_PINNED,      /* another version is pinned */
	SV_UNAVAILABLE, /* `available` is false */
	SV_NODUNE,      /* would be vendored but depends on neither dune nor jbuilder */
	SV_BROKEN,      /* its formulas could not be read */
	SV_TOOLCHAIN,   /* does not fit the toolchain (ml_solve_opts.toolchain_*) */
	SV_NOCROSS, /* not tagged cross-compile when another version is (require_cross_compile) */
};

/* Where a dependency Id of a solvable comes from. */
enum sv_dep_kind { SV_DEP_DEPENDS, SV_DEP_DEPOPTS, SV_DEP_CONFLICTS, SV_DEP_CLASS, SV_DEP_SOURCE };

struct sv_dep {
	Id id;
	enum sv_dep_kind kind;
	const struct ml_formula *f; /* DEPENDS/DEPOPTS/CONFLICTS: the formula as written */
	const char *token;          /* CLASS: the conflict-class; SOURCE: the dev-repo */
};

struct sv_cand {
	const struct ml_package *pkg;
	size_t name; /* index in sv_ctx.names */
	Id p;
	enum sv_excl excl;
	bool root, chosen; /* chosen: in the last solution read */
	struct ml_formula *depends, *depopts, *conflicts;
	struct sv_dep *deps;
	size_t ndeps, deps_alloc;
};

/* One place an undefined variable was met: undef_msgs[msg], in candidate cand. */
struct sv_undef {
	size_t msg, cand;
	char *where; /* "path:line:col" */
};

struct sv_name {
	char *name; /* a copy: pool_id2str's pointers move when the string pool grows */
	Id id;
	bool queued, known, is_root, provided, reached, exempt;
	const char *pin;        /* pinned version or NULL */
	size_t first, ncands;   /* candidates: cands[first .. first + ncands) */
	const char **mentioned; /* versions mentioned in constraints (borrowed) */
	size_t nmentioned, mentioned_alloc;
	const char **ranked; /* existing + mentioned, ascending, one per equivalence class */
	size_t nranked;
	/* every spelling of those versions, by strcmp, with its index in ranked */
	struct sv_spelling {
		const char *s;
		size_t rank;
	} * spelled;
	size_t nspelled;
};

struct sv_ctx {
	Pool *pool;
	Repo *repo;
	struct ml_universe *u;
	const struct ml_solve_opts *o;
	struct ml_vars *root_vars;
	struct sv_name *names;
	size_t nnames, names_alloc;
	size_t *name_of_id; /* pool Id -> index + 1, 0 when none */
	size_t name_of_id_alloc;
	Id *evr_ids; /* the pool's id of the EVR "k + 1", 0 until first needed */
	size_t evr_ids_alloc;
	struct sv_cand *cands;
	size_t ncands, cands_alloc;
	Id first_p;
	struct ml_strvec warned;
	/* Undefined-variable warnings, aggregated: message, where first seen, how often. */
	/* undefined variables met while evaluating: each message once, and where it was met */
	struct ml_strvec undef_msgs;
	struct sv_undef *undef;
	size_t nundef, undef_alloc;
	bool solved;  /* the solution is known: warn only about the packages it holds */
	bool economy; /* conflict classes without the pairs of one name (solve_pass) */
};

/* A digest of a solve request (roots, variables, options, repositories). */
struct sv_memo_key {
	uint64_t v[2];
};

/* memo.c: the solve of an unchanged request, kept between runs. */
void sv_memo_request(struct sv_memo_key *key, struct ml_universe *u, const struct ml_solve_opts *o);
/*
 * The solution memoised at path for this request, when every loaded name still has the
 * digest it had (their packages are taken from u); warnings gets the warnings the solve
 * gave. ML_ENOTFOUND when there is none or it does not hold (nothing is kept then).
 */
int sv_memo_load(struct ml_solution **out, struct ml_strvec *warnings, const char *path,
		 const struct sv_memo_key *key, struct ml_universe *u,
		 const struct ml_solve_opts *o);
/* Records a solve (best effort; not when a loaded name cannot be vouched for). */
void sv_memo_store(const char *path, const struct sv_memo_key *key, struct ml_universe *u,
		   const struct ml_strvec *names, const struct ml_strvec *warnings,
		   const struct ml_solution *sol);

/* The candidate behind solvable p, or NULL. */
struct sv_cand *sv_cand_of(struct sv_ctx *c, Id p);
/* Whether name.version fits the toolchain of the request (ml_solve_opts.toolchain_*). */
bool sv_toolchain_fits(const struct ml_solve_opts *o, const char *name, const char *version);
/* The name entry of a name, or NULL when it was never seen. */
struct sv_name *sv_name_find(struct sv_ctx *c, const char *name);
/* Appends the explanation of every problem of a failed solve to out. */
void sv_explain(struct sv_ctx *c, Solver *solv, struct ml_buf *out);

/* libsolv's version string (solv_lazy.c: loads libsolv); borrowed, static. */
const char *sv_solv_version(void);

#endif
