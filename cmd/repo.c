#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cmd_spec cmd_repo_spec = {
	.name = "repo",
	.summary = "check opam package repositories (repo check SPEC...)",
	.usage = "usage: monolock repo check [-q] [--json] SPEC...",
	.description =
	    "Loads the opam repositories SPEC... (first has precedence), parses every\n"
	    "package and reports `N packages, M versions, K errors` followed by each error\n"
	    "as file:line:col: message. Exits 1 if any file has an error.\n\n"
	    "SPEC is a directory, file://PATH, a repository archive (.tar.gz, .tgz,\n"
	    ".tar.bz2, .tbz, .tar.xz, .zip) or git+URL[#ref].",
	.opts = (const struct cmd_opt[]){ { NULL, 0, NULL, NULL, NULL, 0, 0 } },
	.examples = "monolock repo check ../opam-repository\tevery opam file of a checkout\n"
		    "monolock repo check --json overlay ../opam-repository\tthe errors as JSON\n",
	.complete = CMD_COMPLETE_FILES,
};

struct check_opts {
	bool json;
	const char *const *specs;
	size_t nspecs;
};

struct check_result {
	size_t npackages, nversions;
	struct ml_error *errors;
	size_t nerrors, alloc;
};

static void check_result_release(struct check_result *res)
{
	for (size_t i = 0; i < res->nerrors; i++)
		ml_error_release(&res->errors[i]);
	free(res->errors);
}

static void add_error(struct check_result *res, struct ml_error *e)
{
	ML_ALLOC_GROW(res->errors, res->nerrors + 1, res->alloc);
	res->errors[res->nerrors] = (struct ml_error)ML_ERROR_INIT;
	ml_error_move(&res->errors[res->nerrors++], e);
}

/* Parses every name.version; a package's error is recorded and the walk goes on. */
static void check_all(struct check_result *res, struct ml_universe *u)
{
	const char *const *names;
	size_t nnames = ml_universe_names(u, &names);

	res->npackages = nnames;
	res->nversions = ml_universe_count(u);
	for (size_t i = 0; i < nnames; i++) {
		const char *const *versions;
		size_t n;
		struct ml_error e = ML_ERROR_INIT;

		/* a directory that cannot be listed (permissions, I/O) is an error of its own */
		if (ml_universe_versions(u, names[i], &versions, &n, &e)) {
			add_error(res, &e);
			continue;
		}
		for (size_t j = 0; j < n; j++)
			if (ml_universe_check(u, names[i], versions[j], &e) != 0)
				add_error(res, &e);
	}
}

static int run_check(const struct check_opts *o)
{
	struct ml_universe *u = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct check_result res = { 0 };
	struct ml_buf out = ML_BUF_INIT;
	int ret;

	if (ml_universe_open(&u, o->specs, o->nspecs, &err)) {
		ret = cmd_error(&err);
		goto out;
	}
	check_all(&res, u);
	if (o->json) {
		ml_report_repo_check(&out, res.npackages, res.nversions, res.errors, res.nerrors);
		cmd_json_print_text(out.buf);
		ml_buf_reset(&out);
	} else {
		ml_buf_addf(&out, "%zu packages, %zu versions, %zu errors\n", res.npackages,
			    res.nversions, res.nerrors);
		for (size_t i = 0; i < res.nerrors; i++) {
			ml_error_format(&out, &res.errors[i]);
			ml_buf_addc(&out, '\n');
		}
	}
	fwrite(out.buf, 1, out.len, stdout);
	ret = res.nerrors ? EXIT_FAIL : EXIT_OK;
out:
	ml_buf_release(&out);
	check_result_release(&res);
	ml_error_release(&err);
	ml_universe_free(u);
	return ret;
}

int cmd_repo(int argc, char **argv)
{
	struct check_opts o = { 0 };
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_repo_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0)
		;
	if (c < 0)
		ret = p.exit;
	else if (!p.args.n)
		ret = cmd_usage_error(&cmd_repo_spec, "repo: no subcommand given");
	else if (strcmp(p.args.v[0], "check") != 0)
		ret = cmd_usage_error(&cmd_repo_spec, "repo: unknown subcommand '%s'", p.args.v[0]);
	else if (p.args.n < 2)
		ret = cmd_usage_error(&cmd_repo_spec, "repo check: no repository given");
	else {
		o.json = cmd_global.json;
		o.specs = (const char *const *)p.args.v + 1;
		o.nspecs = p.args.n - 1;
		ret = run_check(&o);
	}
	cmd_parser_release(&p);
	return ret;
}
