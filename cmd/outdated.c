#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/lock_universe.h"
#include "lib/outdated.h"
#include "lockfile/lockfile.h"
#include "lockfile/repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: monolock outdated [--lockfile PATH] [--offline] [--json]";

static void print_help(void)
{
	printf("%s\n\n"
	       "Lists the locked packages that have newer versions in the repositories the lock\n"
	       "records (opened again; git ones at their recorded commit), and for each whether\n"
	       "the constraints of the other locked packages allow the newest one (then\n"
	       "`monolock lock --update PKG` takes it, unless its own dependencies ask for\n"
	       "more) or which constraint, in which file, holds it back.\n\n"
	       "  --offline        do not fetch recorded git repositories missing from the cache\n"
	       "  --json           the result as JSON on stdout\n"
	       "  --lockfile PATH  the lock to read (default monolock.lock)\n",
	       usage);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ml_strdup(".");
	return slash == path ? ml_strdup("/") : ml_strndup(path, (size_t)(slash - path));
}

static void print_text(const struct ml_outdated *v, size_t n)
{
	if (!n)
		printf("every locked package is at its newest version in the recorded "
		       "repositories\n");
	for (size_t i = 0; i < n; i++) {
		const struct ml_outdated *o = &v[i];

		printf("%s %s -> %s: ", o->name, o->locked, o->latest);
		if (o->allowed == o->latest) {
			printf("allowed (monolock lock --update %s)\n", o->name);
			continue;
		}
		printf("blocked");
		for (size_t j = 0; j < o->nblocks; j++)
			printf("%s by %s %s: %s (%s)", j ? ";" : "", o->blocks[j].by,
			       o->blocks[j].by_version, o->blocks[j].constraint, o->blocks[j].file);
		if (!o->nblocks)
			printf(" (the locked packages allow it, but no version above %s does)",
			       o->locked);
		if (o->allowed)
			printf("; %s is allowed (monolock lock --update %s)", o->allowed, o->name);
		putchar('\n');
	}
}

int cmd_outdated(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "offline", no_argument, NULL, 'O' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_universe *u = NULL;
	struct ml_strvec warnings = ML_STRVEC_INIT;
	struct ml_outdated *v = NULL;
	struct ml_buf out = ML_BUF_INIT;
	char *lock_dir = NULL;
	bool json = false;
	size_t n = 0;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
			break;
		case 'O':
			ml_git_set_offline(true);
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

	ret = ml_lockfile_load(&lock, path, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	lock_dir = dir_of(path);
	ml_lock_universe_open(&u, &warnings, lock, lock_dir);
	for (size_t i = 0; i < warnings.n; i++)
		cmd_warn("outdated: %s", warnings.v[i]);
	ret = ml_outdated_find(&v, &n, u, lock, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (json) {
		ml_report_outdated(&out, v, n, &warnings);
		fputs(out.buf, stdout);
	} else {
		print_text(v, n);
	}
	ret = EXIT_OK;
out:
	ml_buf_release(&out);
	ml_outdated_free(v, n);
	ml_universe_free(u);
	ml_strvec_release(&warnings);
	ml_lock_free(lock);
	free(lock_dir);
	ml_error_release(&err);
	return ret;
}
