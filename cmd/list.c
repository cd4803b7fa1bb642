#include "cmd.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: monolock list [--lockfile PATH] [--json]";

static void print_help(void)
{
	printf("%s\n\n"
	       "Prints the locked packages: name, version, and the workspace directory of a\n"
	       "vendored package or, in parentheses, why it is not vendored.\n\n"
	       "  --lockfile PATH  the lock to read (default monolock.lock; *.opam.locked is read\n"
	       "                   as opam-monorepo's format)\n"
	       "  --json           print a JSON object instead\n",
	       usage);
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME;
	char *found = NULL; /* the *.opam.locked read for want of monolock.lock */
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf out = ML_BUF_INIT;
	struct ml_lock *lock = NULL;
	bool json = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
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
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);

	ret = ml_lockfile_locate(&found, path, &err);
	path = found ? found : path;
	if (ret || ml_lockfile_load(&lock, path, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	if (json) {
		ml_report_lock_packages(&out, lock);
	} else {
		int wname = 0, wversion = 0;

		for (size_t i = 0; i < lock->npackages; i++) {
			int n = (int)strlen(lock->packages[i].name);
			int v = (int)strlen(lock->packages[i].version);

			wname = n > wname ? n : wname;
			wversion = v > wversion ? v : wversion;
		}
		for (size_t i = 0; i < lock->npackages; i++) {
			const struct ml_lock_package *p = &lock->packages[i];

			if (p->dir)
				ml_buf_addf(&out, "%-*s  %-*s  %s\n", wname, p->name, wversion,
					    p->version, p->dir);
			else
				ml_buf_addf(&out, "%-*s  %-*s  (%s)\n", wname, p->name, wversion,
					    p->version, p->reason ? p->reason : "not vendored");
		}
	}
	fwrite(out.buf, 1, out.len, stdout);
	ret = EXIT_OK;
out:
	ml_lock_free(lock);
	free(found);
	ml_buf_release(&out);
	ml_error_release(&err);
	return ret;
}
