#ifndef ML_GRAPH_H
#define ML_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "lock.h"

struct ml_error;

/*
 * The lock's dependency graph drawn as a tree, as `cargo tree` draws it (`monolock tree`):
 * a depth-first walk from the tops in which each package's children are shown at most once;
 * a later occurrence of a package whose children were already shown is a repeat (not
 * expanded again), so the output is linear in the lock's size whatever its shape, cycles
 * included.
 */
struct ml_tree_line {
	const char *name;    /* borrowed from the lock */
	const char *version; /* NULL for a root the lock does not list as a package */
	const char *dir;     /* NULL when not vendored */
	const char *reason;  /* when dir is NULL, or NULL */
	size_t depth;        /* 0 for a top */
	bool repeat;         /* its children are shown elsewhere: not expanded here */
	bool cut;            /* it has children that the depth limit hides */
	bool last;           /* the last child of its parent (or the last top) */
};

struct ml_tree {
	struct ml_tree_line *lines; /* in print order */
	size_t n, alloc;
};

#define ML_TREE_NO_LIMIT ((size_t)-1)

/*
 * Fills out (initialised to zeros; release with ml_tree_release) with the tree of lock:
 * from `top` (a package name) or, when NULL, from each of the lock's roots (sorted). With
 * inverted, a package's children are the packages that depend on it (top is then
 * required). Children are in name order. Nodes deeper than max_depth (ML_TREE_NO_LIMIT:
 * none) are left out, their parent marked cut. A top that is not in the lock is
 * ML_ENOTFOUND "<path>: package '<top>' is not in the lock".
 */
int ml_tree_build(struct ml_tree *out, const struct ml_lock *lock, const char *path,
		  const char *top, bool inverted, size_t max_depth, struct ml_error *err);
void ml_tree_release(struct ml_tree *t);

/*
 * The lock's edges over package indexes (lock->packages[i]), names that are not packages
 * left out: out-edges of i are adj[off[i] .. off[i + 1]), in name order. With reverse, the
 * edges point from a package to those that depend on it. Free both with free().
 */
void ml_lock_edges(size_t **out_off, size_t **out_adj, const struct ml_lock *lock, bool reverse);

#endif
