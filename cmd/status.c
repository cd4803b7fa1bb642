#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_status[] =
    "usage: monolock status [--lockfile PATH] [-v] [--json] [DIR...]";

static void help_status(void)
{
	printf("%s\n\n"
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
	       "Files whose size, inode and times are unchanged since they were last found\n"
	       "right are not read; the others are hashed (`monolock verify` hashes all).\n\n"
	       "options:\n"
	       "  --lockfile PATH  the lock [monolock.lock]; duniverse/ is beside it\n"
	       "  -v, --verbose    every directory, and each file changed, added or deleted\n"
	       "  --json           print a JSON object instead (every directory and file)\n"
	       "  --help           print this help\n\n"
	       "exit status: 0 (whatever the state), 1 failure, 64 usage\n",
	       usage_status);
}

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
		printf("%s: no directories\n", root);
		return;
	}
	printf("%s: %zu director%s", root, st->ndirs, st->ndirs == 1 ? "y" : "ies");
	for (size_t i = 0; i < ML_ARRAY_SIZE(order); i++) {
		size_t n = ml_ws_status_count(st, order[i]);

		if (n)
			printf("%s%zu %s", sep, n, ml_ws_state_name(order[i]));
		if (n)
			sep = ", ";
	}
	printf("\n");
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_status_opts o = { ML_LOCKFILE_NAME, NULL, 0 };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_strvec only = ML_STRVEC_INIT;
	struct ml_ws_status st;
	struct ml_lock *lock = NULL;
	char *root = NULL;
	bool json = false, verbose = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hv", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o.lockfile = cmd_path(optarg);
			break;
		case 'v':
			verbose = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			help_status();
			return EXIT_OK;
		default:
			return cmd_bad_option(usage_status, argv, c);
		}
	}
	cmd_dir_args(&only, argc - optind, argv + optind);
	o.only = &only;
	ml_ws_status_init(&st);
	ret = ml_lockfile_load(&lock, o.lockfile, &err);
	if (!ret)
		ret = ml_status(&st, &root, lock, &o, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (json) {
		struct ml_buf b = ML_BUF_INIT;

		ml_report_status(&b, root, &st, false);
		fwrite(b.buf, 1, b.len, stdout);
		ml_buf_release(&b);
	} else {
		cmd_print_ws_status(&st, root, verbose, verbose);
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
