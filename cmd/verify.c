#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>

enum { OPT_LOCKFILE = 1 };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock; duniverse/ is beside it", "monolock.lock",
	  OPT_LOCKFILE, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_verify_spec = {
	.name = "verify",
	.summary = "hash every file of duniverse/ against the lock",
	.args = "[DIR...]",
	.description =
	    "Hashes every file of duniverse/ (or of its directories DIR...) and compares it\n"
	    "with what pull wrote for the lock, trusting nothing else: for CI and for the\n"
	    "paranoid. Lists every difference: a directory missing, out of date, not in\n"
	    "the lock or linked, and each file modified, added or deleted.",
	.opts = opts,
	.exits = "3\tdifferences (listed)\n",
	.examples = "monolock verify\tthe whole workspace, as CI would check it\n"
		    "monolock verify fmt\tduniverse/fmt/ only\n"
		    "monolock verify --json\tevery directory and file as JSON\n",
	.flags = CMD_SPEC_STOP,
	.complete = CMD_COMPLETE_DIRS,
};

int cmd_verify(int argc, char **argv)
{
	struct ml_status_opts o = { ML_LOCKFILE_NAME, NULL, ML_WS_HASH_ALL };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_strvec only = ML_STRVEC_INIT;
	struct ml_ws_status st;
	struct ml_lock *lock = NULL;
	char *root = NULL;
	bool json;
	struct cmd_parser p;
	size_t differ;
	int c, ret;

	cmd_parser_init(&p, &cmd_verify_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0)
		if (c == OPT_LOCKFILE)
			o.lockfile = cmd_path(p.val);
	if (c < 0) {
		ret = p.exit;
		cmd_parser_release(&p);
		return ret;
	}
	cmd_dir_args(&only, (int)p.args.n, p.args.v);
	cmd_parser_release(&p);
	json = cmd_global.json;
	o.only = &only;
	ml_ws_status_init(&st);
	ret = ml_lockfile_load(&lock, o.lockfile, &err);
	if (!ret)
		ret = ml_status(&st, &root, lock, &o, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	differ = st.ndirs - ml_ws_status_count(&st, ML_WS_CLEAN) -
		 ml_ws_status_count(&st, ML_WS_PATCHED);
	if (json) {
		struct ml_buf b = ML_BUF_INIT;

		ml_report_status(&b, root, &st, true);
		cmd_json_print_text(b.buf);
		ml_buf_release(&b);
	} else {
		cmd_print_ws_status(&st, root, false, true);
	}
	fflush(stdout); /* the list before the verdict */
	if (differ) {
		if (!json)
			fprintf(stderr,
				"monolock: %s: %zu of %zu director%s differ%s from the lock "
				"(`monolock pull` restores what it can)\n",
				root, differ, st.ndirs, st.ndirs == 1 ? "y" : "ies",
				differ == 1 ? "s" : "");
		ret = EXIT_MODIFIED;
	} else {
		if (!json && !cmd_global.quiet)
			fprintf(stderr,
				"%s: %zu director%s, %zu files hashed: identical to the lock\n",
				root, st.ndirs, st.ndirs == 1 ? "y" : "ies", st.hashed);
		ret = EXIT_OK;
	}
out:
	ml_ws_status_release(&st);
	ml_strvec_release(&only);
	ml_lock_free(lock);
	free(root);
	ml_error_release(&err);
	return ret;
}
