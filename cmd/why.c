#include "cmd.h"
#include "lockfile/lockfile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A lock of a few hundred packages can have very many paths: the shortest are shown. */
#define MAX_PATHS 100

enum { OPT_LOCKFILE = 1 };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock to read", "monolock.lock", OPT_LOCKFILE, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_why_spec = {
	.name = "why",
	.summary = "show the dependency paths from the roots to a package",
	.args = "PKG",
	.description =
	    "Prints the dependency paths from the project's root packages to PKG, one per\n"
	    "line, shortest first (at most 100), from the lock alone.",
	.opts = opts,
	.examples = "monolock why fmt\twhich roots pull fmt in, and through what\n"
		    "monolock why --json fmt\tthe paths as lists of names\n",
};

/* A lock of a few hundred packages can have very many paths: the shortest are shown. */
#define MAX_PATHS 100

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
	const char *path = ML_LOCKFILE_NAME;
	char *found = NULL; /* the *.opam.locked read for want of monolock.lock */
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct walk w = { 0 };
	struct cmd_parser p;
	const char *pkg;
	int c, ret;

	cmd_parser_init(&p, &cmd_why_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0)
		if (c == OPT_LOCKFILE)
			path = cmd_path(p.val);
	ret = cmd_parse_end(&p, c, 1, 1, "which package? (why PKG)");
	if (ret >= 0)
		goto out;
	pkg = p.args.v[0];

	ret = ml_lockfile_locate(&found, path, &err);
	path = found ? found : path;
	if (ret || ml_lockfile_load(&lock, path, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	if (ml_strvec_contains(&lock->roots, pkg) && cmd_global.json) {
		cmd_json_print(json_pack("{sssbs[]}", "package", pkg, "root", 1, "paths"));
		ret = EXIT_OK;
		goto out;
	}
	if (ml_strvec_contains(&lock->roots, pkg)) {
		printf("%s is a root package of the project\n", pkg);
		ret = EXIT_OK;
		goto out;
	}
	if (!ml_lock_find_package(lock, pkg)) {
		const char *near = ml_lock_suggest_package(lock, pkg);

		ml_error_set(&err, ML_ENOTFOUND, "%s: package '%s' is not in the lock%s%s%s", path,
			     pkg, near ? "; did you mean '" : "", near ? near : "",
			     near ? "'?" : "");
		ml_error_about(&err, pkg, NULL);
		ret = cmd_error(&err);
		goto out;
	}
	w.lock = lock;
	w.n = lock->npackages;
	w.target = index_of(lock, pkg);
	find_paths(&w);
	if (cmd_global.json) {
		json_t *paths = json_array();

		for (size_t i = 0; i < w.paths.n && i < MAX_PATHS; i++) {
			json_t *names = json_array();

			for (const char *q = w.paths.v[i]; *q;) {
				size_t k = strcspn(q, " ");

				json_array_append_new(names, json_stringn(q, k));
				q += k;
				q += strspn(q, " ->");
			}
			json_array_append_new(paths, names);
		}
		cmd_json_print(json_pack("{sssbsosb}", "package", pkg, "root", 0, "paths", paths,
					 "truncated", w.paths.n > MAX_PATHS));
		ret = EXIT_OK;
		goto out;
	}
	for (size_t i = 0; i < w.paths.n && i < MAX_PATHS; i++)
		printf("%s\n", w.paths.v[i]);
	if (!w.paths.n)
		printf("%s is locked but no root depends on it\n", pkg);
	if (w.paths.n > MAX_PATHS)
		cmd_warn("only the %d shortest paths are shown", MAX_PATHS);
	ret = EXIT_OK;
out:
	cmd_parser_release(&p);
	walk_release(&w);
	ml_lock_free(lock);
	free(found);
	ml_error_release(&err);
	return ret;
}
