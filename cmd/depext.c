#include "cmd.h"
#include "lockfile/lockfile.h"
#include "lib/depext.h"
#include "lib/opamctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: monolock depext [--lockfile PATH] [--var NAME=VALUE]... [--dry-run] [-y]";

static void print_help(void)
{
	printf("%s\n\n"
	       "The system packages (depexts) the lock's packages need that this host lacks,\n"
	       "asked of the host's package manager (apt, dnf, apk, pacman, zypper, brew:\n"
	       "chosen from os-family and os-distribution).\n\n"
	       "  --lockfile PATH   the lock [monolock.lock]; *.opam.locked: opam-monorepo's\n"
	       "                    format\n"
	       "  --var NAME=VALUE  set os-family, os-distribution, ... instead of the system's\n"
	       "  --dry-run         print the missing ones on one line, space separated\n"
	       "  -y, --yes         install the missing ones (with sudo unless root)\n\n"
	       "exit status: 0 nothing missing, installed, or --dry-run; 1 missing without -y,\n"
	       "or the install failed; 64 usage\n",
	       usage);
}

int cmd_depext(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lockfile", required_argument, NULL, 'l' },
		{ "var", required_argument, NULL, 'v' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_vars *vars = ml_vars_new();
	struct ml_strvec setv = ML_STRVEC_INIT, missing = ML_STRVEC_INIT, cmd = ML_STRVEC_INIT;
	struct ml_buf line = ML_BUF_INIT;
	const char *path = ML_LOCKFILE_NAME;
	enum ml_pkgmgr m;
	bool dry_run = false, yes = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":l:yh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			path = cmd_path(optarg);
			break;
		case 'v':
			if (!strchr(optarg, '=') || optarg[0] == '=') {
				ret = cmd_usage_error(usage, "--var takes NAME=VALUE, not '%s'",
						      optarg);
				goto out;
			}
			ml_strvec_push(&setv, optarg);
			break;
		case 'n':
			dry_run = true;
			break;
		case 'y':
			yes = true;
			break;
		case 'h':
			print_help();
			ret = EXIT_OK;
			goto out;
		default:
			ret = cmd_bad_option(usage, argv, c);
			goto out;
		}
	}
	if (optind < argc) {
		ret = cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (ml_lockfile_load(&lock, path, &err))
		goto fail;
	for (size_t i = 0; i < lock->warnings.n; i++)
		cmd_warn("%s", lock->warnings.v[i]);
	if (!lock->depexts.n) {
		ret = EXIT_OK;
		goto out;
	}
	ml_vars_set_defaults(vars);
	if (ml_opam_context_vars(vars, &err)) {
		struct ml_buf b = ML_BUF_INIT;

		ml_error_format(&b, &err);
		cmd_warn("ignoring opam's variables: %s", b.buf);
		ml_buf_release(&b);
		ml_error_release(&err);
	}
	for (size_t i = 0; i < setv.n; i++) {
		char *eq = strchr(setv.v[i], '=');

		*eq = '\0';
		ml_vars_set(vars, setv.v[i], eq + 1);
	}
	m = ml_pkgmgr_for(vars);
	if (ml_depext_missing(&missing, m, &lock->depexts, &err))
		goto fail;
	for (size_t i = 0; i < missing.n; i++)
		ml_buf_addf(&line, "%s%s", i ? " " : "", missing.v[i]);
	if (dry_run) {
		if (missing.n)
			printf("%s\n", line.buf);
		ret = EXIT_OK;
		goto out;
	}
	if (!missing.n) {
		ret = EXIT_OK;
		goto out;
	}
	ml_depext_install_argv(&cmd, m, &missing);
	if (!yes) {
		struct ml_buf shown = ML_BUF_INIT;

		for (size_t i = 0; i < cmd.n; i++)
			ml_buf_addf(&shown, "%s%s", i ? " " : "", cmd.v[i]);
		fprintf(stderr,
			"monolock: %s: this host lacks %s: `monolock depext -y` installs them "
			"(%s)\n",
			path, line.buf, shown.buf);
		ml_buf_release(&shown);
		ret = EXIT_FAIL;
		goto out;
	}
	if (!cmd_global.quiet)
		fprintf(stderr, "installing %s with %s\n", line.buf, ml_pkgmgr_name(m));
	fflush(stdout);
	ret = ml_depext_run(&cmd, &err);
	if (ret < 0)
		goto fail;
	if (ret != 0) {
		fprintf(stderr, "monolock: %s failed (exit status %d) installing %s\n", cmd.v[0],
			ret, line.buf);
		ret = EXIT_FAIL;
		goto out;
	}
	ret = EXIT_OK;
	goto out;
fail:
	ret = cmd_error(&err);
out:
	ml_buf_release(&line);
	ml_strvec_release(&setv);
	ml_strvec_release(&missing);
	ml_strvec_release(&cmd);
	ml_vars_free(vars);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
