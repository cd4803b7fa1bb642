#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCKFILE = 1, OPT_VERBOSE };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock; duniverse/ is beside it", "monolock.lock",
	  OPT_LOCKFILE, 0 },
	{ "verbose", 'v', NULL, "every directory, and each file changed, added or deleted", NULL,
	  OPT_VERBOSE, CMD_OPT_SYN_SHORT },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_status_spec = {
	.name = "status",
	.summary = "show which directories of duniverse/ differ from the lock",
	.args = "[DIR...]",
	.description =
	    "Shows the state of each directory of duniverse/ against the lock:\n"
	    "  clean            as pulled (listed with -v only)\n"
	    "  modified         as pulled, then files changed, added or deleted\n"
	    "  patched          as pulled with the lock's saved patches (with -v only)\n"
	    "  conflicted       a carried patch left conflict markers\n"
	    "  missing          in the lock, not in duniverse/ (`monolock pull` creates it)\n"
	    "  out of date      holds another source than the lock's, or the lock no longer\n"
	    "                   names it (`monolock pull` replaces or removes it)\n"
	    "  not in the lock  a directory monolock did not write (left alone)\n"
	    "  linked           a symbolic link, e.g. to a checkout (left alone)\n"
	    "The directories are the result (stdout); the one-line summary goes to stderr.\n"
	    "Files whose size, inode and times are unchanged since they were last found\n"
	    "right are not read; the others are hashed (`monolock verify` hashes all).",
	.opts = opts,
	.examples = "monolock status\tthe directories not as the lock wants them\n"
		    "monolock status -v fmt\tduniverse/fmt/ and each of its edited files\n"
		    "monolock status --json\tevery directory and file as JSON\n",
	.flags = CMD_SPEC_STOP,
	.complete = CMD_COMPLETE_DIRS,
};

void cmd_print_ws_status(const struct ml_ws_status *st, const char *root, bool all, bool files)
{
	for (size_t i = 0; i < st->ndirs; i++) {
		const struct ml_ws_dir_status *d = &st->dirs[i];
		const char *name = ml_ws_state_name(d->state);

		if (!all && (d->state == ML_WS_CLEAN || d->state == ML_WS_PATCHED))
			continue;
		if (d->state == ML_WS_LINKED) {
			printf("%-15s %s/%s -> %s\n", name, root, d->dir, d->link);
		} else {
			const char *sep = " (";

			printf("%-15s %s/%s/", name, root, d->dir);
			if (d->state == ML_WS_MISSING)
				printf("%spull creates it", sep), sep = "; ";
			else if (d->state == ML_WS_OUTDATED && d->wanted)
				printf("%spull replaces it", sep), sep = "; ";
			else if (d->state == ML_WS_OUTDATED)
				printf("%sno longer in the lock: pull removes it", sep), sep = "; ";
			if (d->nedits)
				printf("%s%zu modified, %zu added, %zu deleted", sep, d->modified,
				       d->added, d->deleted),
				    sep = "; ";
			printf("%s\n", *sep == ';' ? ")" : "");
		}
		for (size_t k = 0; files && k < d->nedits; k++) {
			const struct ml_ws_edit *e = &st->edits.edits[d->first_edit + k];

			printf("  %-9s %s/%s/%s\n", ml_ws_edit_kind_name(e->kind), root, d->dir,
			       e->path);
		}
	}
}

/* "3 directories: 2 clean, 1 modified" */
static void print_summary(const struct ml_ws_status *st, const char *root)
{
	static const enum ml_ws_state order[] = {
		ML_WS_CLEAN,   ML_WS_PATCHED,  ML_WS_EDITED,  ML_WS_CONFLICTED,
		ML_WS_MISSING, ML_WS_OUTDATED, ML_WS_FOREIGN, ML_WS_LINKED,
	};
	const char *sep = ": ";

	if (!st->ndirs) {
		fprintf(stderr, "%s: no directories\n", root);
		return;
	}
	fprintf(stderr, "%s: %zu director%s", root, st->ndirs, st->ndirs == 1 ? "y" : "ies");
	for (size_t i = 0; i < ML_ARRAY_SIZE(order); i++) {
		size_t n = ml_ws_status_count(st, order[i]);

		if (n)
			fprintf(stderr, "%s%zu %s", sep, n, ml_ws_state_name(order[i]));
		if (n)
			sep = ", ";
	}
	fprintf(stderr, "\n");
}

int cmd_status(int argc, char **argv)
{
	struct ml_status_opts o = { ML_LOCKFILE_NAME, NULL, 0 };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_strvec only = ML_STRVEC_INIT;
	struct ml_ws_status st;
	struct ml_lock *lock = NULL;
	char *root = NULL;
	bool verbose = false;
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_status_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		if (c == OPT_LOCKFILE)
			o.lockfile = cmd_path(p.val);
		else if (c == OPT_VERBOSE)
			verbose = true;
	}
	if (c < 0) {
		ret = p.exit;
		cmd_parser_release(&p);
		return ret;
	}
	cmd_dir_args(&only, (int)p.args.n, p.args.v);
	cmd_parser_release(&p);
	o.only = &only;
	ml_ws_status_init(&st);
	ret = ml_lockfile_load(&lock, o.lockfile, &err);
	if (!ret)
		ret = ml_status(&st, &root, lock, &o, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (cmd_global.json) {
		struct ml_buf b = ML_BUF_INIT;

		ml_report_status(&b, root, &st, false);
		cmd_json_print_text(b.buf);
		ml_buf_release(&b);
	} else {
		cmd_print_ws_status(&st, root, verbose, verbose);
		fflush(stdout); /* the list before the summary */
		if (!cmd_global.quiet)
			print_summary(&st, root);
	}
	ret = EXIT_OK;
out:
	ml_ws_status_release(&st);
	ml_strvec_release(&only);
	ml_lock_free(lock);
	free(root);
	ml_error_release(&err);
	return ret;
}
