#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/lock_universe.h"
#include "lockfile/lockfile.h"
#include "lockfile/repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] = "usage: monolock sbom [--lockfile PATH] [--format cyclonedx|spdx] "
			    "[--offline] [--timestamp] [-o FILE]";

static void print_help(void)
{
	printf("%s\n\n"
	       "Writes a software bill of materials of the vendored tree on stdout: one\n"
	       "component per locked package (purl pkg:opam/NAME@VERSION, checksums, download\n"
	       "location, licence, dev-repo), the roots, what is not vendored (compiler,\n"
	       "tools, opam-provided), depexts, and the dependency graph. Licences and\n"
	       "dev-repos come from the repositories the lock records, opened again (git ones\n"
	       "at their recorded commit); when they cannot be read, a warning says so and\n"
	       "licences are NOASSERTION. The same lock gives the same bytes.\n\n"
	       "  --format F       cyclonedx (CycloneDX 1.5 JSON, the default) or spdx (SPDX 2.3\n"
	       "                   JSON)\n"
	       "  --offline        do not fetch recorded git repositories missing from the cache\n"
	       "  --timestamp      record the current time (otherwise none; SPDX's required\n"
	       "                   creation time is then 1970-01-01T00:00:00Z)\n"
	       "  -o, --output F   write to F (atomically) instead of stdout\n"
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

int cmd_sbom(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "offline", no_argument, NULL, 'O' },
		{ "timestamp", no_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ML_LOCKFILE_NAME, *output = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_universe *u = NULL;
	struct ml_strvec warnings = ML_STRVEC_INIT;
	struct ml_lock_meta meta = { 0 };
	struct ml_buf out = ML_BUF_INIT;
	char stamp[32], *lock_dir = NULL;
	bool spdx = false, timestamp = false;
	size_t missing = 0;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "spdx"))
				spdx = true;
			else if (!strcmp(optarg, "cyclonedx"))
				spdx = false;
			else
				return cmd_usage_error(
				    usage, "--format '%s': expected cyclonedx or spdx", optarg);
			break;
		case 'O':
			ml_git_set_offline(true);
			break;
		case 't':
			timestamp = true;
			break;
		case 'o':
			output = cmd_path(optarg);
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
	ml_lock_meta_collect(&meta, u, lock, lock_dir);
	for (size_t i = 0; i < warnings.n; i++)
		cmd_warn("sbom: %s", warnings.v[i]);
	for (size_t i = 0; i < lock->npackages; i++)
		if (!meta.pkgs[i].found)
			missing++;
	if (missing)
		cmd_warn("sbom: %zu of %zu packages not found in the recorded repositories: their "
			 "licence is NOASSERTION (left out in CycloneDX)",
			 missing, lock->npackages);
	if (timestamp) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	ml_sbom_render(&out, lock, &meta, spdx, timestamp ? stamp : NULL);
	if (output) {
		ret = ml_fs_write_atomic(output, out.buf, out.len, 0644, &err);
		if (ret) {
			ret = cmd_error(&err);
			goto out;
		}
	} else {
		fwrite(out.buf, 1, out.len, stdout);
	}
	ret = EXIT_OK;
out:
	ml_buf_release(&out);
	ml_lock_meta_release(&meta);
	ml_universe_free(u);
	ml_strvec_release(&warnings);
	ml_lock_free(lock);
	free(lock_dir);
	ml_error_release(&err);
	return ret;
}
