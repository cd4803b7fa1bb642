#include "cmd.h"
#include "lockfile/lockfile.h"
#include "lib/depext.h"
#include "lib/opamctx.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LOCKFILE = 1, OPT_VAR, OPT_DRY_RUN, OPT_YES };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH",
	  "the lock; a name ending in .opam.locked is read in opam-monorepo's\nformat",
	  "monolock.lock", OPT_LOCKFILE, 0 },
	{ "var", 0, "NAME=VALUE", "set os-family, os-distribution, ... instead of the system's",
	  NULL, OPT_VAR, CMD_OPT_REPEAT },
	{ "dry-run", 0, NULL, "print the missing ones on one line, space separated", NULL,
	  OPT_DRY_RUN, 0 },
	{ "yes", 'y', NULL, "install the missing ones (with sudo unless root)", NULL, OPT_YES,
	  CMD_OPT_SYN_SHORT },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_depext_spec = {
	.name = "depext",
	.summary = "list (or install) the system packages the lock needs",
	.description =
	    "The system packages (depexts) the lock's packages need that this host lacks,\n"
	    "asked of the host's package manager (apt, dnf, apk, pacman, zypper, brew:\n"
	    "chosen from os-family and os-distribution). The lock keeps each depext with\n"
	    "its filter ({os-family = \"debian\"}); they are evaluated here, with os, arch,\n"
	    "os-family, os-distribution and os-version of this host (/etc/os-release),\n"
	    "OPAMVAR_<name> and --var overriding them. Exit 1 when some are missing and\n"
	    "neither -y nor --dry-run is given, or when the install failed.",
	.opts = opts,
	.examples = "monolock depext --dry-run\tthe missing system packages, on one line\n"
		    "monolock depext -y\tinstall them\n"
		    "monolock depext --var os-distribution=alpine --dry-run\tfor another host\n",
};

/* --json: {"package_manager", "missing": [...], "installed": bool} */
static void print_json(enum ml_pkgmgr m, const struct ml_strvec *missing, bool installed)
{
	json_t *a = json_array();

	for (size_t i = 0; i < missing->n; i++)
		json_array_append_new(a, json_string(missing->v[i]));
	cmd_json_print(json_pack("{sssosb}", "package_manager", ml_pkgmgr_name(m), "missing", a,
				 "installed", installed));
}

int cmd_depext(int argc, char **argv)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_vars *vars = ml_vars_new();
	struct ml_strvec setv = ML_STRVEC_INIT, missing = ML_STRVEC_INIT, cmd = ML_STRVEC_INIT;
	struct ml_strvec names = ML_STRVEC_INIT;
	struct ml_buf line = ML_BUF_INIT;
	const char *path = ML_LOCKFILE_NAME;
	enum ml_pkgmgr m;
	bool dry_run = false, yes = false;
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_depext_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_LOCKFILE:
			path = cmd_path(p.val);
			break;
		case OPT_VAR:
			if (!strchr(p.val, '=') || p.val[0] == '=') {
				ret = cmd_usage_error(&cmd_depext_spec,
						      "--var takes NAME=VALUE, not '%s'", p.val);
				goto out;
			}
			ml_strvec_push(&setv, p.val);
			break;
		case OPT_DRY_RUN:
			dry_run = true;
			break;
		case OPT_YES:
			yes = true;
			break;
		}
	}
	ret = cmd_parse_end(&p, c, 0, 0, NULL);
	if (ret >= 0)
		goto out;
	if (ml_lockfile_load(&lock, path, &err))
		goto fail;
	for (size_t i = 0; i < lock->warnings.n; i++)
		cmd_warn("%s", lock->warnings.v[i]);
	if (!lock->ndepexts) {
		if (cmd_global.json)
			cmd_json_print(
			    json_pack("{sns[]sb}", "package_manager", "missing", "installed", 0));
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
	if (ml_depext_select(&names, lock, vars, false, path, &err))
		goto fail;
	m = ml_pkgmgr_for(vars);
	if (!names.n) { /* none holds on this host */
		if (cmd_global.json)
			print_json(m, &missing, false);
		ret = EXIT_OK;
		goto out;
	}
	if (ml_depext_missing(&missing, m, &names, &err))
		goto fail;
	for (size_t i = 0; i < missing.n; i++)
		ml_buf_addf(&line, "%s%s", i ? " " : "", missing.v[i]);
	if (cmd_global.json && (dry_run || !missing.n)) {
		print_json(m, &missing, false);
		ret = EXIT_OK;
		goto out;
	}
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
	if (!yes && cmd_global.json) {
		ret = ml_error_set(&err, ML_ERROR,
				   "%s: this host lacks %s: `monolock depext -y` installs them",
				   path, line.buf);
		goto fail;
	}
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
	if (cmd_global.json)
		print_json(m, &missing, true);
	ret = EXIT_OK;
	goto out;
fail:
	ret = cmd_error(&err);
out:
	cmd_parser_release(&p);
	ml_buf_release(&line);
	ml_strvec_release(&setv);
	ml_strvec_release(&missing);
	ml_strvec_release(&names);
	ml_strvec_release(&cmd);
	ml_vars_free(vars);
	ml_lock_free(lock);
	ml_error_release(&err);
	return ret;
}
