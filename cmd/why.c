#include "cmd.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: monolock why [--lockfile PATH] PKG";

/* A lock of a few hundred packages can have very many paths: the shortest are shown. */
#define MAX_PATHS 100

static void print_help(void)
{
	printf("%s\n\n"
	       "Prints the dependency paths from the project's root packages to PKG, one per\n"
	       "line, shortest first (at most %d), from the lock alone.\n\n"
	       "  --lockfile PATH  the lock to read (default monolock.lock)\n",
	       usage, MAX_PATHS);
}

/*
 * The lock's depends as a graph over package indexes, with each package's distance to the
 * target (SIZE_MAX: it cannot reach it). Paths are enumerated by increasing length
 * (iterative deepening), and a branch is followed only when the target is still reachable
 * within the length being enumerated, so the first MAX_PATHS paths are the shortest ones.
 */
struct walk {
	const struct ml_lock *lock;
	size_t n, target;
	size_t *off, *adj; /* depends of i: adj[off[i] .. off[i + 1]) */
	size_t *dist;
	size_t *stack;
	bool *on_stack;
	size_t limit; /* nodes in the paths of this round */
	bool cut;     /* a branch was cut by the limit: longer paths may exist */
	struct ml_strvec paths;
};

static size_t index_of(const struct ml_lock *lock, const char *name)
{
	const struct ml_lock_package *p = ml_lock_find_package(lock, name);

	return p ? (size_t)(p - lock->packages) : SIZE_MAX;
}

static void build_graph(struct walk *w)
{
	size_t nedges = 0, *queue, head = 0, tail = 0, *roff, *radj;

	w->off = ml_calloc(w->n + 1, sizeof(*w->off));
	for (size_t i = 0; i < w->n; i++)
		nedges += w->lock->packages[i].depends.n;
	w->adj = ml_calloc(nedges + 1, sizeof(*w->adj));
	nedges = 0;
	for (size_t i = 0; i < w->n; i++) {
		const struct ml_strvec *d = &w->lock->packages[i].depends;

		w->off[i] = nedges;
		for (size_t j = 0; j < d->n; j++) {
			size_t k = index_of(w->lock, d->v[j]);

			if (k != SIZE_MAX)
				w->adj[nedges++] = k;
		}
	}
	w->off[w->n] = nedges;
	/* distances to the target: breadth first over the reversed edges */
	roff = ml_calloc(w->n + 2, sizeof(*roff));
	radj = ml_calloc(nedges + 1, sizeof(*radj));
	for (size_t e = 0; e < nedges; e++)
		roff[w->adj[e] + 2]++;
	for (size_t i = 2; i < w->n + 2; i++)
		roff[i] += roff[i - 1];
	for (size_t i = 0; i < w->n; i++)
		for (size_t e = w->off[i]; e < w->off[i + 1]; e++)
			radj[roff[w->adj[e] + 1]++] = i;
	w->dist = ml_calloc(w->n, sizeof(*w->dist));
	for (size_t i = 0; i < w->n; i++)
		w->dist[i] = SIZE_MAX;
	queue = ml_calloc(w->n, sizeof(*queue));
	w->dist[w->target] = 0;
	queue[tail++] = w->target;
	while (head < tail) {
		size_t t = queue[head++];

		for (size_t e = roff[t]; e < roff[t + 1]; e++)
			if (w->dist[radj[e]] == SIZE_MAX) {
				w->dist[radj[e]] = w->dist[t] + 1;
				queue[tail++] = radj[e];
			}
	}
	free(roff);
	free(radj);
	free(queue);
}

static void record(struct walk *w, size_t depth)
{
	struct ml_buf b = ML_BUF_INIT;

	for (size_t i = 0; i < depth; i++)
		ml_buf_addf(&b, "%s%s", i ? " -> " : "", w->lock->packages[w->stack[i]].name);
	ml_strvec_push_owned(&w->paths, ml_buf_detach(&b, NULL));
}

/* Paths of exactly w->limit nodes from the current stack (depth nodes, ending in node). */
static void visit(struct walk *w, size_t node, size_t depth)
{
	w->stack[depth - 1] = node;
	if (node == w->target) {
		if (depth == w->limit)
			record(w, depth);
		return;
	}
	w->on_stack[node] = true;
	for (size_t e = w->off[node]; e < w->off[node + 1] && w->paths.n <= MAX_PATHS; e++) {
		size_t d = w->adj[e];

		if (w->dist[d] == SIZE_MAX || w->on_stack[d])
			continue;
		if (depth + 1 + w->dist[d] > w->limit) {
			w->cut = true;
			continue;
		}
		visit(w, d, depth + 1);
	}
	w->on_stack[node] = false;
}

static void walk_release(struct walk *w)
{
	free(w->off);
	free(w->adj);
	free(w->dist);
	free(w->stack);
	free(w->on_stack);
	ml_strvec_release(&w->paths);
}

/* Collects up to MAX_PATHS + 1 paths, shortest first; sorted by name within one length. */
static void find_paths(struct walk *w)
{
	struct ml_strvec roots = ML_STRVEC_INIT;

	build_graph(w);
	w->stack = ml_calloc(w->n + 1, sizeof(*w->stack));
	w->on_stack = ml_calloc(w->n + 1, sizeof(*w->on_stack));
	for (size_t i = 0; i < w->lock->roots.n; i++)
		ml_strvec_push(&roots, w->lock->roots.v[i]);
	ml_strvec_sort_uniq(&roots);
	for (w->limit = 2; w->limit <= w->n && w->paths.n <= MAX_PATHS; w->limit++) {
		size_t before = w->paths.n;

		w->cut = false;
		for (size_t i = 0; i < roots.n && w->paths.n <= MAX_PATHS; i++) {
			size_t r = index_of(w->lock, roots.v[i]);

			if (r == SIZE_MAX || r == w->target || w->dist[r] == SIZE_MAX)
				continue;
			if (1 + w->dist[r] > w->limit) {
				w->cut = true;
				continue;
			}
			visit(w, r, 1);
		}
		if (w->paths.n > before + 1)
			qsort(w->paths.v + before, w->paths.n - before, sizeof(*w->paths.v),
			      ml_strptrcmp);
		if (!w->cut)
			break;
	}
	ml_strvec_release(&roots);
}

int cmd_why(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME;
	char *found = NULL; /* the *.opam.locked read for want of monolock.lock */
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct walk w = { 0 };
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
			break;
		case 'h':
			print_help();
			return EXIT_OK;
		default:
			return cmd_bad_option(usage, argv, c);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "which package? (why PKG)");
	if (optind + 1 < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind + 1]);

	ret = ml_lockfile_locate(&found, path, &err);
	path = found ? found : path;
	if (ret || ml_lockfile_load(&lock, path, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	if (ml_strvec_contains(&lock->roots, argv[optind])) {
		printf("%s is a root package of the project\n", argv[optind]);
		ret = EXIT_OK;
		goto out;
	}
	if (!ml_lock_find_package(lock, argv[optind])) {
		const char *near = ml_lock_suggest_package(lock, argv[optind]);

		ml_error_set(&err, ML_ENOTFOUND, "%s: package '%s' is not in the lock%s%s%s", path,
			     argv[optind], near ? "; did you mean '" : "", near ? near : "",
			     near ? "'?" : "");
		ret = cmd_error(&err);
		goto out;
	}
	w.lock = lock;
	w.n = lock->npackages;
	w.target = index_of(lock, argv[optind]);
	find_paths(&w);
	for (size_t i = 0; i < w.paths.n && i < MAX_PATHS; i++)
		printf("%s\n", w.paths.v[i]);
	if (!w.paths.n)
		printf("%s is locked but no root depends on it\n", argv[optind]);
	if (w.paths.n > MAX_PATHS)
		cmd_warn("only the %d shortest paths are shown", MAX_PATHS);
	ret = EXIT_OK;
out:
	walk_release(&w);
	ml_lock_free(lock);
	free(found);
	ml_error_release(&err);
	return ret;
}
