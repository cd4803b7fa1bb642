#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/mirror.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: monolock mirror [--lockfile PATH] [--offline] [--check] DIR";

static void print_help(void)
{
	printf("%s\n\n"
	       "Writes every archive of the lock into DIR in opam's download-cache layout\n"
	       "(sha256/ab/<hash>, md5/.., sha512/..), and each git source as a pack of its\n"
	       "commit (git/<commit>.pack), from the cache, downloading what it lacks. DIR\n"
	       "only grows: entries already there are verified, never rewritten.\n"
	       "`monolock pull --mirror file://DIR --offline` then pulls without a network,\n"
	       "and the same directory served by any static HTTP server or object store is a\n"
	       "mirror for a fleet (pull --mirror https://...).\n\n"
	       "  --check          list what DIR lacks for the lock (exit 1 if anything)\n"
	       "  --offline        take the archives from the cache only\n"
	       "  --lockfile PATH  the lock to read (default monolock.lock)\n",
	       usage);
}

static void print_skipped(const struct ml_mirror_report *r)
{
	for (size_t i = 0; i < r->skipped.n; i++)
		cmd_warn("mirror: %s is a local directory: not mirrored", r->skipped.v[i]);
}

int cmd_mirror(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "offline", no_argument, NULL, 'O' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME, *dir;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_mirror_report r = { 0 };
	struct ml_fetch_opts fo = { 0 };
	bool check = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
			break;
		case 'O':
			fo.flags |= ML_FETCH_OFFLINE;
			break;
		case 'c':
			check = true;
			break;
		case 'h':
			print_help();
			return EXIT_OK;
		default:
			return cmd_bad_option(usage, argv, c);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage, "which directory? (mirror DIR)");
	if (optind + 1 < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind + 1]);
	dir = cmd_path(argv[optind]);
	if (ml_starts_with(dir, "file://"))
		dir += strlen("file://");
	else if (strstr(dir, "://"))
		return cmd_usage_error(usage,
				       "mirror '%s': a local directory (to publish it, copy it to "
				       "a static server or object store)",
				       dir);

	ret = ml_lockfile_load(&lock, path, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (check) {
		ret = ml_mirror_check(&r, dir, lock, &err);
		if (ret) {
			ret = cmd_error(&err);
			goto out;
		}
		for (size_t i = 0; i < r.missing.n; i++)
			printf("missing %s\n", r.missing.v[i]);
		for (size_t i = 0; i < r.bad.n; i++)
			printf("corrupt %s\n", r.bad.v[i]);
		print_skipped(&r);
		if (r.missing.n) {
			fflush(stdout);
			ml_error_set(&err, ML_ERROR,
				     "mirror: '%s' lacks %zu of %zu sources (monolock mirror %s "
				     "adds them)",
				     dir, r.missing.n, r.sources, dir);
			ret = cmd_error(&err);
		} else {
			printf("%s has every source of the lock (%zu)\n", dir, r.sources);
			ret = EXIT_OK;
		}
		goto out;
	}
	{
		const char *slash = strrchr(path, '/');
		char *lock_dir = slash ? ml_strndup(path, (size_t)(slash - path)) : ml_strdup(".");

		if (fo.flags & ML_FETCH_OFFLINE)
			ml_git_set_offline(true);
		ret = ml_mirror_write(&r, dir, lock, lock_dir, &fo, &err);
		free(lock_dir);
	}
	for (size_t i = 0; i < r.bad.n; i++)
		printf("corrupt %s\n", r.bad.v[i]);
	if (ret) {
		fflush(stdout);
		ret = cmd_error(&err);
		goto out;
	}
	print_skipped(&r);
	if (!cmd_global.quiet)
		fprintf(stderr, "mirrored %zu source%s: %zu entries added, %zu already there\n",
			r.sources, r.sources == 1 ? "" : "s", r.added, r.present);
	ret = EXIT_OK;
out:
	ml_mirror_report_release(&r);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
