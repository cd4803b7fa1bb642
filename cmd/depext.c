#include "cmd.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: monolock depext [--lockfile PATH] [--dry-run] [-y]";

static void print_help(void)
{
	printf(
	    "%s\n\n"
	    "The system packages (depexts) the lock's packages need.\n\n"
	    "  --lockfile PATH  the lock [monolock.lock]; *.opam.locked: opam-monorepo's format\n"
	    "  --dry-run        print them on one line, space separated, and install nothing\n"
	    "  -y, --yes        install them without asking\n",
	    usage);
}

int cmd_depext(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	const char *path = ML_LOCKFILE_NAME;
	bool dry_run = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:yh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = optarg;
			break;
		case 'n':
			dry_run = true;
			break;
		case 'y':
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
	if (ml_lockfile_load(&lock, path, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	for (size_t i = 0; i < lock->warnings.n; i++)
		cmd_warn("%s", lock->warnings.v[i]);
	if (lock->depexts.n && dry_run) {
		for (size_t i = 0; i < lock->depexts.n; i++)
			printf("%s%s", i ? " " : "", lock->depexts.v[i]);
		printf("\n");
	} else if (lock->depexts.n) {
		fprintf(stderr,
			"monolock: %s: installing system packages is not supported yet; "
			"needed: ",
			path);
		for (size_t i = 0; i < lock->depexts.n; i++)
			fprintf(stderr, "%s%s", i ? " " : "", lock->depexts.v[i]);
		fprintf(stderr, "\n");
		ret = EXIT_FAIL;
		goto out;
	}
	ret = EXIT_OK;
out:
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
