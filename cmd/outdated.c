#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/lock_universe.h"
#include "lib/outdated.h"
#include "lockfile/lockfile.h"
#include "lockfile/repro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCKFILE = 1, OPT_OFFLINE };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock to read", "monolock.lock", OPT_LOCKFILE, 0 },
	{ "offline", 0, NULL, "do not fetch recorded git repositories missing from the cache", NULL,
	  OPT_OFFLINE, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_outdated_spec = {
	.name = "outdated",
	.summary = "list locked packages with newer versions, and what blocks them",
	.description =
	    "Lists the locked packages that have newer versions in the repositories the lock\n"
	    "records (opened again; git ones at their recorded commit), and for each whether\n"
	    "the constraints of the other locked packages allow the newest one (then\n"
	    "`monolock lock --update PKG` takes it, unless its own dependencies ask for\n"
	    "more) or which constraint, in which file, holds it back.",
	.opts = opts,
	.examples = "monolock outdated\twhat could be newer, and why it is not\n"
		    "monolock outdated --offline --json\tthe same from the cache only, as JSON\n",
};

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
	const char *path = ML_LOCKFILE_NAME;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_universe *u = NULL;
	struct ml_strvec warnings = ML_STRVEC_INIT;
	struct ml_outdated *v = NULL;
	struct ml_buf out = ML_BUF_INIT;
	char *lock_dir = NULL;
	struct cmd_parser p;
	size_t n = 0;
	int c, ret;

	cmd_parser_init(&p, &cmd_outdated_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		if (c == OPT_LOCKFILE)
			path = cmd_path(p.val);
		else if (c == OPT_OFFLINE)
			ml_git_set_offline(true);
	}
	ret = cmd_parse_end(&p, c, 0, 0, NULL);
	if (ret >= 0)
		goto out;
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
	if (cmd_global.json) {
		ml_report_outdated(&out, v, n, &warnings);
		cmd_json_print_text(out.buf);
	} else {
		print_text(v, n);
	}
	ret = EXIT_OK;
out:
	cmd_parser_release(&p);
	ml_buf_release(&out);
	ml_outdated_free(v, n);
	ml_universe_free(u);
	ml_strvec_release(&warnings);
	ml_lock_free(lock);
	free(lock_dir);
	ml_error_release(&err);
	return ret;
}
