/*
 * The lock's dependency graph as a tree (`monolock tree`). The walk is iterative: a chain of
 * 100,000 packages must not overflow the C stack.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph.h"
#include "util.h"

static size_t index_of(const struct ml_lock *lock, const char *name)
{
	const struct ml_lock_package *p = ml_lock_find_package(lock, name);

	return p ? (size_t)(p - lock->packages) : SIZE_MAX;
}

void ml_lock_edges(size_t **out_off, size_t **out_adj, const struct ml_lock *lock, bool reverse)
{
	size_t n = lock->npackages, nedges = 0, *off, *adj, *from, *to;

	for (size_t i = 0; i < n; i++)
		nedges += lock->packages[i].depends.n;
	from = ml_calloc(nedges + 1, sizeof(*from));
	to = ml_calloc(nedges + 1, sizeof(*to));
	nedges = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ml_strvec *d = &lock->packages[i].depends;

		for (size_t j = 0; j < d->n; j++) {
			size_t k = index_of(lock, d->v[j]);

			if (k == SIZE_MAX)
				continue;
			from[nedges] = reverse ? k : i;
			to[nedges++] = reverse ? i : k;
		}
	}
	/*
	 * Counting sort by source. Forward edges keep the order of the sorted depends; reverse
	 * edges are met in the order of the sorted packages: both by name.
	 */
	off = ml_calloc(n + 2, sizeof(*off));
	adj = ml_calloc(nedges + 1, sizeof(*adj));
	for (size_t e = 0; e < nedges; e++)
		off[from[e] + 2]++;
	for (size_t i = 2; i < n + 2; i++)
		off[i] += off[i - 1];
	for (size_t e = 0; e < nedges; e++)
		adj[off[from[e] + 1]++] = to[e];
	free(from);
	free(to);
	*out_off = off;
	*out_adj = adj;
}

static struct ml_tree_line *add_line(struct ml_tree *t, const struct ml_lock *lock, size_t pkg,
				     const char *name, size_t depth, bool last)
{
	struct ml_tree_line *l;

	ML_ALLOC_GROW(t->lines, t->n + 1, t->alloc);
	l = &t->lines[t->n++];
	memset(l, 0, sizeof(*l));
	l->name = name;
	if (pkg != SIZE_MAX) {
		const struct ml_lock_package *p = &lock->packages[pkg];

		l->name = p->name;
		l->version = p->version;
		l->dir = p->dir;
		l->reason = p->dir ? NULL : p->reason;
	}
	l->depth = depth;
	l->last = last;
	return l;
}

/* One frame of the walk: a node whose children are being listed. */
struct frame {
	size_t pkg, next, depth;
};

static void walk(struct ml_tree *t, const struct ml_lock *lock, const size_t *off,
		 const size_t *adj, bool *expanded, size_t top, bool last_top, size_t max_depth)
{
	struct frame *stack = ml_calloc(lock->npackages + 1, sizeof(*stack));
	size_t sp = 0;
	struct ml_tree_line *l = add_line(t, lock, top, NULL, 0, last_top);

	/* a node is pushed only when expanded, and each package is expanded once: sp <= n */
	if (off[top] < off[top + 1]) {
		if (max_depth == 0) {
			l->cut = true;
		} else {
			expanded[top] = true;
			stack[sp++] = (struct frame){ top, off[top], 0 };
		}
	}
	while (sp) {
		struct frame *f = &stack[sp - 1];
		size_t child, depth = f->depth + 1;

		if (f->next == off[f->pkg + 1]) {
			sp--;
			continue;
		}
		child = adj[f->next++];
		l = add_line(t, lock, child, NULL, depth, f->next == off[f->pkg + 1]);
		if (off[child] == off[child + 1])
			continue;
		if (expanded[child]) {
			l->repeat = true;
		} else if (depth >= max_depth) {
			l->cut = true;
		} else {
			expanded[child] = true;
			stack[sp++] = (struct frame){ child, off[child], depth };
		}
	}
	free(stack);
}

int ml_tree_build(struct ml_tree *out, const struct ml_lock *lock, const char *path,
		  const char *top, bool inverted, size_t max_depth, struct ml_error *err)
{
	const char **tops = NULL;
	size_t ntops = 0, *off = NULL, *adj = NULL;
	bool *expanded = NULL;

	if (top && index_of(lock, top) == SIZE_MAX) {
		ml_error_set(err, ML_ENOTFOUND, "%s: package '%s' is not in the lock", path, top);
		ml_error_about(err, top, NULL);
		return ML_ENOTFOUND;
	}
	ml_lock_edges(&off, &adj, lock, inverted);
	expanded = ml_calloc(lock->npackages + 1, sizeof(*expanded));
	tops = ml_calloc(lock->roots.n + 1, sizeof(*tops));
	if (top) {
		tops[ntops++] = top;
	} else {
		/* borrowed from the lock, sorted, each once */
		for (size_t i = 0; i < lock->roots.n; i++)
			tops[ntops++] = lock->roots.v[i];
		qsort(tops, ntops, sizeof(*tops), ml_strptrcmp);
		size_t j = 0;
		for (size_t i = 0; i < ntops; i++)
			if (!j || strcmp(tops[i], tops[j - 1]))
				tops[j++] = tops[i];
		ntops = j;
	}
	for (size_t i = 0; i < ntops; i++) {
		size_t k = index_of(lock, tops[i]);
		bool last = i + 1 == ntops;

		/* an opam-monorepo lock lists its roots only by name */
		if (k == SIZE_MAX)
			add_line(out, lock, SIZE_MAX, tops[i], 0, last);
		else
			walk(out, lock, off, adj, expanded, k, last, max_depth);
	}
	free(off);
	free(adj);
	free(expanded);
	free(tops);
	return 0;
}

void ml_tree_release(struct ml_tree *t)
{
	if (!t)
		return;
	free(t->lines);
	memset(t, 0, sizeof(*t));
}
