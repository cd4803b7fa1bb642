#include "cmd.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: monolock why [--lockfile PATH] PKG";

/* Paths are enumerated depth-first; a lock of a few hundred packages can have very many. */
#define MAX_PATHS 100

static void print_help(void)
{
	printf("%s\n\n"
	       "Prints the dependency paths from the project's root packages to PKG, one per\n"
	       "line, shortest first, from the lock alone.\n\n"
	       "  --lockfile PATH  the lock to read (default monolock.lock)\n",
	       usage);
}

struct walk {
	const struct ml_lock *lock;
	const char *target;
	const char **stack; /* the current path */
	size_t depth;
	struct ml_strvec paths;
	bool truncated;
};

static bool on_stack(const struct walk *w, const char *name)
{
	for (size_t i = 0; i < w->depth; i++)
		if (!strcmp(w->stack[i], name))
			return true;
	return false;
}

static void visit(struct walk *w, const char *name)
{
	const struct ml_lock_package *p;

	if (w->paths.n >= MAX_PATHS) {
		w->truncated = true;
		return;
	}
	w->stack[w->depth++] = name;
	if (!strcmp(name, w->target)) {
		struct ml_buf b = ML_BUF_INIT;

		for (size_t i = 0; i < w->depth; i++)
			ml_buf_addf(&b, "%s%s", i ? " -> " : "", w->stack[i]);
		ml_strvec_push_owned(&w->paths, ml_buf_detach(&b, NULL));
	} else if ((p = ml_lock_find_package(w->lock, name))) {
		for (size_t i = 0; i < p->depends.n; i++)
			if (!on_stack(w, p->depends.v[i]))
				visit(w, p->depends.v[i]);
	}
	w->depth--;
}

static int by_length(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	/* fewer arrows first, then alphabetical */
	size_t ax = 0, ay = 0;

	for (const char *s = x; (s = strstr(s, " -> ")); s += 4)
		ax++;
	for (const char *s = y; (s = strstr(s, " -> ")); s += 4)
		ay++;
	if (ax != ay)
		return ax < ay ? -1 : 1;
	return strcmp(x, y);
}

int cmd_why(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct walk w = { 0 };
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = optarg;
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

	if (ml_lockfile_load(&lock, path, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	w.lock = lock;
	w.target = argv[optind];
	if (ml_strvec_contains(&lock->roots, w.target)) {
		printf("%s is a root package of the project\n", w.target);
		ret = EXIT_OK;
		goto out;
	}
	if (!ml_lock_find_package(lock, w.target)) {
		ml_error_set(&err, ML_ENOTFOUND, "%s: package '%s' is not in the lock", path,
			     w.target);
		ret = cmd_error(&err);
		goto out;
	}
	w.stack = ml_calloc(lock->npackages + lock->roots.n + 1, sizeof(*w.stack));
	for (size_t i = 0; i < lock->roots.n; i++)
		visit(&w, lock->roots.v[i]);
	ml_strvec_sort_uniq(&w.paths);
	if (w.paths.n > 1)
		qsort(w.paths.v, w.paths.n, sizeof(*w.paths.v), by_length);
	for (size_t i = 0; i < w.paths.n; i++)
		printf("%s\n", w.paths.v[i]);
	if (!w.paths.n)
		printf("%s is locked but no root depends on it\n", w.target);
	if (w.truncated)
		fprintf(stderr, "monolock: warning: only the first %d paths are shown\n",
			MAX_PATHS);
	ret = EXIT_OK;
out:
	free(w.stack);
	ml_strvec_release(&w.paths);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
