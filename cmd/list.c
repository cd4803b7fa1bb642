#include "cmd.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCKFILE = 1, OPT_DIRS, OPT_DEPEXTS };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH",
	  "the lock to read; a name ending in .opam.locked is read in\n"
	  "opam-monorepo's format",
	  "monolock.lock", OPT_LOCKFILE, 0 },
	{ "dirs", 0, NULL, "print the workspace directories only, one per line", NULL, OPT_DIRS,
	  0 },
	{ "depexts", 0, NULL,
	  "print the system packages (depexts) only, one entry per line, with\n"
	  "the opam filter under which it applies",
	  NULL, OPT_DEPEXTS, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_list_spec = {
	.name = "list",
	.summary = "list the locked packages",
	.description =
	    "Prints the locked packages: name, version, and the workspace directory of a\n"
	    "vendored package or, in parentheses, why it is not vendored. --depexts prints\n"
	    "the system packages instead, as the lock keeps them for every host; `monolock\n"
	    "depext` says which of them this host lacks.",
	.opts = opts,
	.examples = "monolock list\tthe locked packages and their directories\n"
		    "monolock list --dirs\tthe directories of duniverse/ the lock wants\n"
		    "monolock list --depexts\tthe system packages, with their filters\n"
		    "monolock list --json\tthe same as a JSON document\n",
};

int cmd_list(int argc, char **argv)
{
	const char *path = ML_LOCKFILE_NAME;
	char *found = NULL; /* the *.opam.locked read for want of monolock.lock */
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf out = ML_BUF_INIT;
	struct ml_lock *lock = NULL;
	struct cmd_parser p;
	bool dirs = false, depexts = false;
	int c, ret;

	cmd_parser_init(&p, &cmd_list_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_LOCKFILE:
			path = cmd_path(p.val);
			break;
		case OPT_DIRS:
			dirs = true;
			break;
		case OPT_DEPEXTS:
			depexts = true;
			break;
		}
	}
	ret = cmd_parse_end(&p, c, 0, 0, NULL);
	if (ret >= 0)
		goto out;

	ret = ml_lockfile_locate(&found, path, &err);
	path = found ? found : path;
	if (ret || ml_lockfile_load(&lock, path, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	if (cmd_global.json) {
		ml_report_lock_packages(&out, lock);
		cmd_json_print_text(out.buf);
		out.len = 0;
	} else if (depexts) {
		for (size_t i = 0; i < lock->ndepexts; i++) {
			const struct ml_lock_depext *d = &lock->depexts[i];

			for (size_t k = 0; k < d->names.n; k++)
				ml_buf_addf(&out, "%s%s", k ? " " : "", d->names.v[k]);
			if (d->filter)
				ml_buf_addf(&out, " {%s}", d->filter);
			ml_buf_addc(&out, '\n');
		}
	} else if (dirs) {
		for (size_t i = 0; i < lock->nsources; i++)
			ml_buf_addf(&out, "%s\n", lock->sources[i].dir);
	} else {
		int wname = 0, wversion = 0;

		for (size_t i = 0; i < lock->npackages; i++) {
			int n = (int)strlen(lock->packages[i].name);
			int v = (int)strlen(lock->packages[i].version);

			wname = n > wname ? n : wname;
			wversion = v > wversion ? v : wversion;
		}
		for (size_t i = 0; i < lock->npackages; i++) {
			const struct ml_lock_package *pk = &lock->packages[i];

			if (pk->dir)
				ml_buf_addf(&out, "%-*s  %-*s  %s\n", wname, pk->name, wversion,
					    pk->version, pk->dir);
			else
				ml_buf_addf(&out, "%-*s  %-*s  (%s)\n", wname, pk->name, wversion,
					    pk->version, pk->reason ? pk->reason : "not vendored");
		}
	}
	fwrite(out.buf, 1, out.len, stdout);
	ret = EXIT_OK;
out:
	cmd_parser_release(&p);
	ml_lock_free(lock);
	free(found);
	ml_buf_release(&out);
	ml_error_release(&err);
	return ret;
}
