#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A command line is short: more --repo flags than this is a mistake. */
#define SHOW_MAX_REPOS 256

enum { OPT_REPO = 1 };

static const struct cmd_opt opts[] = {
	{ "repo", 0, "SPEC",
	  "a repository (directory, file://PATH, archive, git+URL[#ref]);\n"
	  "the first one given has precedence; at least one",
	  NULL, OPT_REPO, CMD_OPT_REPEAT | CMD_OPT_NO_SYN },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_show_spec = {
	.name = "show",
	.summary = "show the versions of a package, or one version's fields",
	.args = "NAME[.VERSION] --repo SPEC...",
	.description =
	    "With NAME, prints the versions of NAME, one per line, in ascending opam order.\n"
	    "With NAME.VERSION, prints that package's opam file as read from the first\n"
	    "repository holding it, preceded by its origin, name and version. With --json,\n"
	    "field values are typed: strings, numbers, booleans and lists; a value with a\n"
	    "filter is {\"value\", \"filter\"}, an expression its opam text.",
	.opts = opts,
	.examples =
	    "monolock show fmt --repo ../opam-repository\tthe versions of fmt\n"
	    "monolock show fmt.0.9.0 --repo ../opam-repository\tits opam file\n"
	    "monolock show --json fmt.0.9.0 --repo ../opam-repository\tits fields as JSON\n",
};

struct show_opts {
	bool json;
	const char *specs[SHOW_MAX_REPOS];
	size_t nspecs;
	const char *arg;
};

/* An opam string literal (escaped as the printer escapes). */
static void add_string(struct ml_buf *out, const char *s)
{
	struct ml_opam_value v = { 0 };

	v.kind = ML_OPAM_STRING;
	v.s = s;
	v.len = strlen(s);
	ml_opam_print_value(out, &v);
}

static void render_package(struct ml_buf *out, const struct ml_package *p)
{
	struct ml_opam_file view = *p->file;
	struct ml_opam_item **items;

	/* name and version come first, from where the package was found, as `opam show --raw` */
	ml_buf_addf(out, "# %s.%s from %s\n# file: %s\n", p->name, p->version, p->repo->url,
		    p->path);
	ml_buf_adds(out, "name: ");
	add_string(out, p->name);
	ml_buf_adds(out, "\nversion: ");
	add_string(out, p->version);
	ml_buf_addc(out, '\n');
	items = ml_reallocarray(NULL, view.nitems ? view.nitems : 1, sizeof(*items));
	view.nitems = 0;
	for (size_t i = 0; i < p->file->nitems; i++) {
		const struct ml_opam_item *it = p->file->items[i];

		if (it->kind == ML_OPAM_FIELD &&
		    (strcmp(it->name, "name") == 0 || strcmp(it->name, "version") == 0))
			continue;
		items[view.nitems++] = p->file->items[i];
	}
	view.items = items;
	ml_opam_print(out, &view);
	free(items);
}

static int run_show(const struct show_opts *o)
{
	struct ml_universe *u = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf out = ML_BUF_INIT;
	const char *dot = strchr(o->arg, '.');
	char *name = dot ? ml_strndup(o->arg, (size_t)(dot - o->arg)) : ml_strdup(o->arg);
	int ret = EXIT_OK;

	if (ml_universe_open(&u, o->specs, o->nspecs, &err))
		goto fail;
	if (!dot) {
		const char *const *versions;
		size_t n;

		if (ml_universe_versions(u, name, &versions, &n, &err))
			goto fail;
		if (o->json) {
			ml_report_versions(&out, name, versions, n);
			cmd_json_print_text(out.buf);
			ml_buf_reset(&out);
		} else {
			for (size_t i = 0; i < n; i++)
				ml_buf_addf(&out, "%s\n", versions[i]);
		}
	} else {
		const struct ml_package *p;

		if (ml_universe_get(u, name, dot + 1, &p, &err))
			goto fail;
		if (o->json) {
			ml_report_package(&out, p);
			cmd_json_print_text(out.buf);
			ml_buf_reset(&out);
		} else {
			render_package(&out, p);
		}
	}
	fwrite(out.buf, 1, out.len, stdout);
	goto out;
fail:
	ret = cmd_error(&err);
out:
	free(name);
	ml_buf_release(&out);
	ml_error_release(&err);
	ml_universe_free(u);
	return ret;
}

int cmd_show(int argc, char **argv)
{
	struct show_opts o = { 0 };
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_show_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		if (o.nspecs == SHOW_MAX_REPOS) {
			ret = cmd_usage_error(&cmd_show_spec, "more than %d --repo options",
					      SHOW_MAX_REPOS);
			goto out;
		}
		o.specs[o.nspecs++] = p.val;
	}
	o.json = cmd_global.json;
	o.arg = p.args.n ? p.args.v[0] : NULL;
	if (c < 0)
		ret = p.exit;
	else if (!p.args.n)
		ret = cmd_usage_error(&cmd_show_spec, "show: no package given");
	else if (p.args.n > 1)
		ret = cmd_usage_error(&cmd_show_spec, "show: one package at a time ('%s' is extra)",
				      p.args.v[1]);
	else if (o.nspecs == 0)
		ret = cmd_usage_error(&cmd_show_spec, "show: no repository given (--repo SPEC)");
	else if (!o.arg[0] || o.arg[0] == '.' || (strchr(o.arg, '.') && !strchr(o.arg, '.')[1]))
		ret = cmd_usage_error(&cmd_show_spec, "show: '%s' is not NAME or NAME.VERSION",
				      o.arg);
	else
		ret = run_show(&o);
out:
	cmd_parser_release(&p);
	return ret;
}
