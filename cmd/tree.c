#include "cmd.h"
#include "lib/graph.h"
#include "lockfile/lockfile.h"
#include "lockfile/repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCKFILE = 1, OPT_INVERT, OPT_DEPTH, OPT_ASCII };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock to read", "monolock.lock", OPT_LOCKFILE, 0 },
	{ "invert", 'i', "PKG", "the packages that depend on PKG, down to the roots", NULL,
	  OPT_INVERT, CMD_OPT_SYN_SHORT },
	{ "depth", 0, "N", "show N levels below the top (0: the top only)", "no limit", OPT_DEPTH,
	  0 },
	{ "ascii", 0, NULL, "draw with ASCII characters instead of box drawing ones", NULL,
	  OPT_ASCII, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_tree_spec = {
	.name = "tree",
	.summary = "print the locked dependency graph as a tree",
	.args = "[PKG]",
	.description =
	    "Prints the locked dependency graph as a tree, from the lock alone: the project's\n"
	    "roots (or PKG) and below each package what it depends on. A package's\n"
	    "dependencies are shown once; where it appears again it is marked (*).",
	.opts = opts,
	.examples = "monolock tree --depth 1\tthe roots and their direct dependencies\n"
		    "monolock tree -i fmt\twhat depends on fmt, up to the roots\n"
		    "monolock tree --json\tthe tree as JSON\n",
};

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
	const char *path = ML_LOCKFILE_NAME, *invert = NULL, *top = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_tree tree = { 0 };
	struct ml_buf out = ML_BUF_INIT;
	size_t depth = ML_TREE_NO_LIMIT;
	bool ascii = false;
	struct cmd_parser p;
	long n;
	int c, ret;

	cmd_parser_init(&p, &cmd_tree_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_LOCKFILE:
			path = cmd_path(p.val);
			break;
		case OPT_INVERT:
			invert = p.val;
			break;
		case OPT_DEPTH:
			if (ml_parse_long(p.val, 0, 1000000, &n) < 0) {
				ret = cmd_usage_error(&cmd_tree_spec,
						      "--depth '%s': expected a number of levels "
						      "from 0 to 1000000",
						      p.val);
				goto out;
			}
			depth = (size_t)n;
			break;
		case OPT_ASCII:
			ascii = true;
			break;
		}
	}
	ret = cmd_parse_end(&p, c, 0, 1, NULL);
	if (ret >= 0)
		goto out;
	if (p.args.n)
		top = p.args.v[0];
	if (invert && top) {
		ret = cmd_usage_error(&cmd_tree_spec, "give either PKG or -i PKG, not both");
		goto out;
	}

	ret = ml_lockfile_load(&lock, path, &err);
	if (!ret)
		ret = ml_tree_build(&tree, lock, path, invert ? invert : top, invert != NULL, depth,
				    &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (cmd_global.json) {
		ml_report_tree(&out, &tree, invert != NULL);
		cmd_json_print_text(out.buf);
	} else {
		print_tree(&tree, ascii);
	}
	ret = EXIT_OK;
out:
	cmd_parser_release(&p);
	ml_buf_release(&out);
	ml_tree_release(&tree);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
