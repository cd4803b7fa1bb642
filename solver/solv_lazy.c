/*
 * libsolv, loaded when the first pool is made (solver.c) or a memo key names its version
 * (memo.c). Linked, every run paid its relocations and page faults at start (~240,000
 * instructions and 10 page faults: half of `monolock --version`'s own), and most runs (pull,
 * mirror, status, a lock answered by its memo... ) never solve. This file defines the few
 * libsolv functions monolock calls; each forwards to the real one, looked up in libsolv.so.1
 * with dlopen on the first call. A libsolv that cannot be loaded ends the run at that first
 * call as a missing library ended the linked program at its start (ml_lazy_missing: the
 * loader's message, exit 127). A function newly called elsewhere goes into ML_SOLV_FNS (the
 * link fails until it is).
 */
#include <solv/bitmap.h>
#include <solv/pool.h>
#include <solv/poolarch.h>
#include <solv/repo.h>
#include <solv/solvable.h>
#include <solv/solver.h>
#include "lib/lazy.h"
#include "solver/internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>

#define ML_LIBSOLV "libsolv.so.1"

/* X(return type, name, (parameters), (arguments)); V(...) for those returning nothing. */
#define ML_SOLV_FNS(X, V)                                                                   \
	V(map_free, (Map * m), (m))                                                         \
	V(map_init, (Map * m, int n), (m, n))                                               \
	X(Pool *, pool_create, (void), ())                                                  \
	V(pool_createwhatprovides, (Pool * pool), (pool))                                   \
	V(pool_free, (Pool * pool), (pool))                                                 \
	X(const char *, pool_id2str, (const Pool *pool, Id id), (pool, id))                 \
	X(Id, pool_rel2id, (Pool * pool, Id name, Id evr, int flags, int create),           \
	  (pool, name, evr, flags, create))                                                 \
	X(Id, pool_str2id, (Pool * pool, const char *str, int create), (pool, str, create)) \
	V(queue_alloc_one, (Queue * q), (q))                                                \
	V(queue_free, (Queue * q), (q))                                                     \
	V(queue_init, (Queue * q), (q))                                                     \
	X(Id, repo_add_solvable, (Repo * repo), (repo))                                     \
	X(Repo *, repo_create, (Pool * pool, const char *name), (pool, name))               \
	V(repo_internalize, (Repo * repo), (repo))                                          \
	V(solvable_add_deparray, (Solvable * s, Id keyname, Id dep, Id marker),             \
	  (s, keyname, dep, marker))                                                        \
	X(int, solver_allruleinfos, (Solver * solv, Id rid, Queue * rq), (solv, rid, rq))   \
	X(Solver *, solver_create, (Pool * pool), (pool))                                   \
	V(solver_findallproblemrules, (Solver * solv, Id problem, Queue * rules),           \
	  (solv, problem, rules))                                                           \
	V(solver_free, (Solver * solv), (solv))                                             \
	X(int, solver_get_decisionlevel, (Solver * solv, Id p), (solv, p))                  \
	X(unsigned int, solver_problem_count, (Solver * solv), (solv))                      \
	X(int, solver_solve, (Solver * solv, Queue * job), (solv, job))

ML_LAZY_DEFINE(ML_SOLV_FNS, ML_LAZY_NONE, ML_LIBSOLV)
ML_LAZY_FORWARDERS(ML_SOLV_FNS)

const char *sv_solv_version(void)
{
	static const char *version;

	need();
	if (!version)
		version = dlsym(lib.handle, "solv_version");
	return version ? version : "";
}
