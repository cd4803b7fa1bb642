#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/mirror.h"
#include "lockfile/lockfile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCKFILE = 1, OPT_OFFLINE, OPT_CHECK };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock to read", "monolock.lock", OPT_LOCKFILE, 0 },
	{ "offline", 0, NULL, "take the archives from the cache only", NULL, OPT_OFFLINE, 0 },
	{ "check", 0, NULL, "list what DIR lacks for the lock (exit 1 if anything)", NULL,
	  OPT_CHECK, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_mirror_spec = {
	.name = "mirror",
	.summary = "write the lock's archives into a directory in opam's cache layout",
	.args = "DIR",
	.description =
	    "Writes every archive of the lock into DIR in opam's download-cache layout\n"
	    "(sha256/ab/<hash>, md5/.., sha512/..), and each git source as a pack of its\n"
	    "commit (git/<commit>.pack), from the cache, downloading what it lacks. DIR\n"
	    "only grows: entries already there are verified, never rewritten.\n"
	    "`monolock pull --mirror file://DIR --offline` then pulls without a network,\n"
	    "and the same directory served by any static HTTP server or object store is a\n"
	    "mirror for a fleet (pull --mirror https://...).",
	.opts = opts,
	.examples = "monolock mirror /srv/mirror\tevery source of the lock into /srv/mirror\n"
		    "monolock mirror --check /srv/mirror\twhat /srv/mirror still lacks\n",
	.complete = CMD_COMPLETE_FILES,
};

/* --json: {"directory", "sources", "added", "present", "missing", "corrupt", "skipped"} */
static void print_json(const char *dir, const struct ml_mirror_report *r)
{
	json_t *missing = json_array(), *bad = json_array(), *skipped = json_array();

	for (size_t i = 0; i < r->missing.n; i++)
		json_array_append_new(missing, json_string(r->missing.v[i]));
	for (size_t i = 0; i < r->bad.n; i++)
		json_array_append_new(bad, json_string(r->bad.v[i]));
	for (size_t i = 0; i < r->skipped.n; i++)
		json_array_append_new(skipped, json_string(r->skipped.v[i]));
	cmd_json_print(json_pack("{sssIsIsIsososo}", "directory", dir, "sources",
				 (json_int_t)r->sources, "added", (json_int_t)r->added, "present",
				 (json_int_t)r->present, "missing", missing, "corrupt", bad,
				 "skipped", skipped));
}

static void print_skipped(const struct ml_mirror_report *r)
{
	for (size_t i = 0; i < r->skipped.n; i++)
		cmd_warn("mirror: %s is a local directory: not mirrored", r->skipped.v[i]);
}

int cmd_mirror(int argc, char **argv)
{
	const char *path = ML_LOCKFILE_NAME, *dir;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_mirror_report r = { 0 };
	struct ml_fetch_opts fo = { 0 };
	bool check = false;
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_mirror_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		if (c == OPT_LOCKFILE)
			path = cmd_path(p.val);
		else if (c == OPT_OFFLINE)
			fo.flags |= ML_FETCH_OFFLINE;
		else if (c == OPT_CHECK)
			check = true;
	}
	ret = cmd_parse_end(&p, c, 1, 1, "which directory? (mirror DIR)");
	if (ret >= 0)
		goto out;
	dir = cmd_path(p.args.v[0]);
	if (ml_starts_with(dir, "file://")) {
		dir += strlen("file://");
	} else if (strstr(dir, "://")) {
		ret = cmd_usage_error(&cmd_mirror_spec,
				      "mirror '%s': a local directory (to publish it, copy it to "
				      "a static server or object store)",
				      dir);
		goto out;
	}
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
		if (cmd_global.json) {
			print_json(dir, &r);
			ret = r.missing.n ? EXIT_FAIL : EXIT_OK;
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
	for (size_t i = 0; !cmd_global.json && i < r.bad.n; i++)
		printf("corrupt %s\n", r.bad.v[i]);
	if (ret) {
		fflush(stdout);
		ret = cmd_error(&err);
		goto out;
	}
	if (cmd_global.json) {
		print_json(dir, &r);
		ret = EXIT_OK;
		goto out;
	}
	print_skipped(&r);
	if (!cmd_global.quiet)
		fprintf(stderr, "mirrored %zu source%s: %zu entries added, %zu already there\n",
			r.sources, r.sources == 1 ? "" : "s", r.added, r.present);
	ret = EXIT_OK;
out:
	cmd_parser_release(&p);
	ml_mirror_report_release(&r);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
