#include "cmd.h"
#include "lib/graph.h"
#include "lockfile/lockfile.h"
#include "lockfile/repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: monolock tree [--lockfile PATH] [-i PKG] [--depth N] [--ascii] [--json] [PKG]";

static void print_help(void)
{
	printf("%s\n\n"
	       "Prints the locked dependency graph as a tree, from the lock alone: the project's\n"
	       "roots (or PKG) and below each package what it depends on. A package's\n"
	       "dependencies are shown once; where it appears again it is marked (*).\n\n"
	       "  -i, --invert PKG  the packages that depend on PKG, down to the roots\n"
	       "  --depth N         show N levels below the top (0: the top only)\n"
	       "  --ascii           draw with ASCII characters instead of box drawing ones\n"
	       "  --json            the tree as JSON on stdout\n"
	       "  --lockfile PATH   the lock to read (default monolock.lock)\n",
	       usage);
}

static void print_tree(const struct ml_tree *t, bool ascii)
{
	const char *tee = ascii ? "|-- " : "\u251c\u2500\u2500 ";
	const char *elbow = ascii ? "`-- " : "\u2514\u2500\u2500 ";
	const char *pipe = ascii ? "|   " : "\u2502   ";
	/* open[d]: the ancestor at depth d has more children after this line's branch */
	bool *open = ml_calloc(t->n + 1, sizeof(*open));

	for (size_t i = 0; i < t->n; i++) {
		const struct ml_tree_line *l = &t->lines[i];

		if (l->depth == 0 && i)
			putchar('\n');
		for (size_t d = 1; d < l->depth; d++)
			fputs(open[d] ? pipe : "    ", stdout);
		if (l->depth)
			fputs(l->last ? elbow : tee, stdout);
		open[l->depth] = !l->last;
		printf("%s", l->name);
		if (l->version)
			printf(" %s", l->version);
		if (!l->dir && l->reason && strcmp(l->reason, "root"))
			printf(" [%s]", l->reason);
		if (l->repeat)
			fputs(" (*)", stdout);
		if (l->cut)
			fputs(" ...", stdout);
		putchar('\n');
	}
	free(open);
}

int cmd_tree(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "invert", required_argument, NULL, 'i' },
		{ "depth", required_argument, NULL, 'd' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME, *invert = NULL, *top = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_tree tree = { 0 };
	struct ml_buf out = ML_BUF_INIT;
	size_t depth = ML_TREE_NO_LIMIT;
	bool json = false, ascii = false;
	long n;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
			break;
		case 'i':
			invert = optarg;
			break;
		case 'd':
			if (ml_parse_long(optarg, 0, 1000000, &n) < 0)
				return cmd_usage_error(usage,
						       "--depth '%s': expected a number of levels "
						       "from 0 to 1000000",
						       optarg);
			depth = (size_t)n;
			break;
		case 'a':
			ascii = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			print_help();
			return EXIT_OK;
		default:
			return cmd_bad_option(usage, argv, c);
		}
	}
	if (optind < argc)
		top = argv[optind++];
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if (invert && top)
		return cmd_usage_error(usage, "give either PKG or -i PKG, not both");

	ret = ml_lockfile_load(&lock, path, &err);
	if (!ret)
		ret = ml_tree_build(&tree, lock, path, invert ? invert : top, invert != NULL, depth,
				    &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (json) {
		ml_report_tree(&out, &tree, invert != NULL);
		fputs(out.buf, stdout);
	} else {
		print_tree(&tree, ascii);
	}
	ret = EXIT_OK;
out:
	ml_buf_release(&out);
	ml_tree_release(&tree);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
