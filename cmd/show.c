#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_show[] = "usage: monolock show [--json] NAME[.VERSION] --repo SPEC...";

/* A command line is short: more --repo flags than this is a mistake. */
#define SHOW_MAX_REPOS 256

static void help_show(void)
{
	printf("%s\n\n"
	       "With NAME, prints the versions of NAME, one per line, in ascending opam order.\n"
	       "With NAME.VERSION, prints that package's opam file as read from the first\n"
	       "repository holding it, preceded by its origin, name and version.\n\n"
	       "options:\n"
	       "  --repo SPEC  a repository (directory, file://PATH, archive, git+URL[#ref]);\n"
	       "               repeat it: the first one given has precedence\n"
	       "  --json       print a JSON object instead\n"
	       "  --help       print this help\n",
	       usage_show);
}

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
		} else {
			for (size_t i = 0; i < n; i++)
				ml_buf_addf(&out, "%s\n", versions[i]);
		}
	} else {
		const struct ml_package *p;

		if (ml_universe_get(u, name, dot + 1, &p, &err))
			goto fail;
		if (o->json)
			ml_report_package(&out, p);
		else
			render_package(&out, p);
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
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "repo", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct show_opts o = { 0 };
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help_show();
			return EXIT_OK;
		case 'j':
			o.json = true;
			break;
		case 'r':
			if (o.nspecs == SHOW_MAX_REPOS)
				return cmd_usage_error(usage_show, "more than %d --repo options",
						       SHOW_MAX_REPOS);
			o.specs[o.nspecs++] = optarg;
			break;
		default:
			return cmd_bad_option(usage_show, argv, c);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(usage_show, "show: no package given");
	if (optind + 1 < argc)
		return cmd_usage_error(usage_show, "show: one package at a time ('%s' is extra)",
				       argv[optind + 1]);
	if (o.nspecs == 0)
		return cmd_usage_error(usage_show, "show: no repository given (--repo SPEC)");
	o.arg = argv[optind];
	if (!o.arg[0] || o.arg[0] == '.' || (strchr(o.arg, '.') && !strchr(o.arg, '.')[1]))
		return cmd_usage_error(usage_show, "show: '%s' is not NAME or NAME.VERSION", o.arg);
	return run_show(&o);
}
