#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage_verify[] = "usage: monolock verify [--lockfile PATH] [--json] [DIR...]";

static void help_verify(void)
{
	printf("%s\n\n"
	       "Hashes every file of duniverse/ (or of its directories DIR...) and compares it\n"
	       "with what pull wrote for the lock, trusting nothing else: for CI and for the\n"
	       "paranoid. Lists every difference: a directory missing, out of date, not in\n"
	       "the lock or linked, and each file modified, added or deleted.\n\n"
	       "options:\n"
	       "  --lockfile PATH  the lock [monolock.lock]; duniverse/ is beside it\n"
	       "  --json           print a JSON object instead (with \"identical\")\n"
	       "  --help           print this help\n\n"
	       "exit status: 0 identical, 1 failure, 3 differences, 64 usage\n",
	       usage_verify);
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_status_opts o = { ML_LOCKFILE_NAME, NULL, ML_WS_HASH_ALL };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_strvec only = ML_STRVEC_INIT;
	struct ml_ws_status st;
	struct ml_lock *lock = NULL;
	char *root = NULL;
	bool json = false;
	size_t differ;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o.lockfile = cmd_path(optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			help_verify();
			return EXIT_OK;
		default:
			return cmd_bad_option(usage_verify, argv, c);
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
	differ = st.ndirs - ml_ws_status_count(&st, ML_WS_CLEAN) -
		 ml_ws_status_count(&st, ML_WS_PATCHED);
	if (json) {
		struct ml_buf b = ML_BUF_INIT;

		ml_report_status(&b, root, &st, true);
		fwrite(b.buf, 1, b.len, stdout);
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
		if (!json)
			printf("%s: %zu director%s, %zu files hashed: identical to the lock\n",
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
