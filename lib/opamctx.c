#include "opamctx.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

char *ml_opam_root(void)
{
	const char *env = getenv("OPAMROOT"), *home = getenv("HOME");

	if (env && *env)
		return ml_strdup(env);
	if (home && *home)
		return ml_path_join(home, ".opam");
	return NULL;
}

/* Parses path when it exists: *out NULL (0) when absent. */
static int parse_if_present(struct ml_opam_file **out, const char *path, struct ml_error *err)
{
	*out = NULL;
	if (!ml_fs_exists(path))
		return 0;
	return ml_opam_parse_file(out, path, err);
}

int ml_opam_switch_dir(char **out, const char *root, struct ml_error *err)
{
	const char *env = getenv("OPAMSWITCH");
	char *config = ml_path_join(root, "config"), *dir = NULL, *name = NULL;
	struct ml_opam_file *f = NULL;
	const struct ml_opam_value *v;
	int ret = ML_ENOTFOUND;

	if (env && *env) {
		name = ml_strdup(env);
	} else {
		if (parse_if_present(&f, config, err)) {
			ret = ML_EPARSE;
			goto out;
		}
		v = f ? ml_opam_field(f, "switch") : NULL;
		if (!v || v->kind != ML_OPAM_STRING || !*v->s)
			goto out;
		name = ml_strdup(v->s);
	}
	/* opam: a switch named by a path is local, its prefix <path>/_opam */
	dir = strchr(name, '/') ? ml_path_join(name, "_opam") : ml_path_join(root, name);
	if (!ml_fs_is_dir(dir))
		goto out;
	*out = dir;
	dir = NULL;
	ret = 0;
out:
	free(dir);
	free(name);
	free(config);
	ml_opam_file_free(f);
	return ret;
}

/* A string or bool value as a variable's text; NULL for anything else. */
static const char *var_text(const struct ml_opam_value *v)
{
	if (v->kind == ML_OPAM_STRING)
		return v->s;
	if (v->kind == ML_OPAM_BOOL)
		return v->b ? "true" : "false";
	return NULL;
}

/* `global-variables: [name "value" "doc"]...` in the root's config. */
static int root_vars(struct ml_vars *vars, const char *root, struct ml_error *err)
{
	char *config = ml_path_join(root, "config");
	struct ml_opam_file *f = NULL;
	const struct ml_opam_value *v;
	int ret = parse_if_present(&f, config, err);

	if (ret || !f || !(v = ml_opam_field(f, "global-variables")))
		goto out;
	if (v->kind != ML_OPAM_LIST) {
		ret = ml_error_setat(err, ML_EPARSE, config, v->line, v->col,
				     "global-variables: expected a list");
		goto out;
	}
	/* one entry is printed without the outer brackets */
	if (v->nitems && v->items[0]->kind != ML_OPAM_LIST) {
		if (v->nitems >= 2 && v->items[0]->kind == ML_OPAM_IDENT && var_text(v->items[1]))
			ml_vars_set(vars, v->items[0]->s, var_text(v->items[1]));
		goto out;
	}
	for (size_t i = 0; i < v->nitems && i < ML_OPAMCTX_MAX_VARS; i++) {
		const struct ml_opam_value *e = v->items[i];

		if (e->kind == ML_OPAM_LIST && e->nitems >= 2 &&
		    e->items[0]->kind == ML_OPAM_IDENT && var_text(e->items[1]))
			ml_vars_set(vars, e->items[0]->s, var_text(e->items[1]));
	}
out:
	ml_opam_file_free(f);
	free(config);
	return ret;
}

/* `variables { name: "value" }` in the switch's switch-config. */
static int switch_vars(struct ml_vars *vars, const char *swdir, struct ml_error *err)
{
	char *config = ml_path_join(swdir, ".opam-switch/switch-config");
	struct ml_opam_file *f = NULL;
	const struct ml_opam_item *sec;
	int ret = parse_if_present(&f, config, err);

	if (ret || !f || !(sec = ml_opam_section(f, "variables")))
		goto out;
	for (size_t i = 0; i < sec->nitems && i < ML_OPAMCTX_MAX_VARS; i++) {
		const struct ml_opam_item *it = sec->items[i];

		if (it->kind == ML_OPAM_FIELD && var_text(it->value))
			ml_vars_set(vars, it->name, var_text(it->value));
	}
out:
	ml_opam_file_free(f);
	free(config);
	return ret;
}

static void env_vars(struct ml_vars *vars)
{
	static const char prefix[] = "OPAMVAR_";
	size_t n = 0;

	for (char **e = environ; e && *e && n < ML_OPAMCTX_MAX_VARS; e++) {
		const char *eq;
		char *name;

		if (!ml_starts_with(*e, prefix) || !(eq = strchr(*e, '=')))
			continue;
		name = ml_strndup(*e + strlen(prefix), (size_t)(eq - *e) - strlen(prefix));
		if (*name && ml_opam_is_ident(name)) {
			for (char *p = name; *p; p++)
				if (*p == '_')
					*p = '-';
			ml_vars_set(vars, name, eq + 1);
			n++;
		}
		free(name);
	}
}

int ml_opam_context_vars(struct ml_vars *vars, struct ml_error *err)
{
	char *root = ml_opam_root(), *swdir = NULL;
	int ret = 0;

	if (root) {
		ret = root_vars(vars, root, err);
		if (ret)
			goto out;
		ret = ml_opam_switch_dir(&swdir, root, err);
		if (ret == ML_ENOTFOUND)
			ret = 0;
		else if (ret == 0)
			ret = switch_vars(vars, swdir, err);
		if (ret)
			goto out;
	}
	env_vars(vars);
out:
	free(swdir);
	free(root);
	return ret;
}

/* The `repositories:` names of one config file, as specs; *found whether the field is there. */
static int config_repositories(struct ml_strvec *out, bool *found, const char *root,
			       const char *config, struct ml_error *err)
{
	struct ml_opam_file *f = NULL;
	const struct ml_opam_value *v;
	int ret = parse_if_present(&f, config, err);

	*found = false;
	if (ret || !f || !(v = ml_opam_field(f, "repositories")))
		goto out;
	*found = true;
	if (v->kind != ML_OPAM_STRING && v->kind != ML_OPAM_OPTION && v->kind != ML_OPAM_LIST) {
		ret = ml_error_setat(err, ML_EPARSE, config, v->line, v->col,
				     "repositories: expected a list of names");
		goto out;
	}
	for (size_t i = 0; i < (v->kind == ML_OPAM_LIST ? v->nitems : 1); i++) {
		const struct ml_opam_value *item = v->kind == ML_OPAM_LIST ? v->items[i] : v;
		char *dir, *tgz;

		/* `"default" {"https://opam.ocaml.org"}` in repos-config style */
		if (item->kind == ML_OPAM_OPTION)
			item = item->a;
		if ((item->kind != ML_OPAM_STRING && item->kind != ML_OPAM_IDENT) || !*item->s ||
		    strchr(item->s, '/') || item->s[0] == '.') {
			ret = ml_error_setat(err, ML_EPARSE, config, item->line, item->col,
					     "repositories: expected a repository name");
			goto out;
		}
		dir = ml_xasprintf("%s/repo/%s", root, item->s);
		tgz = ml_xasprintf("%s.tar.gz", dir);
		if (ml_fs_is_dir(dir))
			ml_strvec_push(out, dir);
		else if (ml_fs_exists(tgz))
			ml_strvec_push(out, tgz);
		free(dir);
		free(tgz);
	}
out:
	ml_opam_file_free(f);
	return ret;
}

int ml_opam_switch_repositories(struct ml_strvec *out, struct ml_error *err)
{
	char *root = ml_opam_root(), *swdir = NULL, *config = NULL;
	bool found = false;
	int ret = 0;

	if (!root)
		return 0;
	ret = ml_opam_switch_dir(&swdir, root, err);
	if (ret == 0) {
		config = ml_path_join(swdir, ".opam-switch/switch-config");
		ret = config_repositories(out, &found, root, config, err);
		free(config);
	} else if (ret == ML_ENOTFOUND) {
		ret = 0;
	}
	if (ret == 0 && !found) {
		config = ml_path_join(root, "config");
		ret = config_repositories(out, &found, root, config, err);
		free(config);
	}
	free(swdir);
	free(root);
	return ret;
}

char *ml_opam_lockfile_name(const char *dir, const char *name)
{
	if (!dir || !*dir || !strcmp(dir, "."))
		return ml_xasprintf("%s.opam.locked", name);
	return ml_xasprintf("%s%s%s.opam.locked", dir, ml_ends_with(dir, "/") ? "" : "/", name);
}

int ml_opam_find_lockfile(char **out, const char *dir, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT, found = ML_STRVEC_INIT;
	struct ml_buf list = ML_BUF_INIT;
	int ret = ml_fs_list_dir(&names, dir, err);

	if (ret)
		goto out;
	for (size_t i = 0; i < names.n; i++) {
		char *path = ml_path_join(dir, names.v[i]);

		/* "x.opam.locked", not the bare suffix */
		if (ml_ends_with(names.v[i], ".opam.locked") &&
		    strlen(names.v[i]) > strlen(".opam.locked") && !ml_fs_is_dir(path))
			ml_strvec_push(&found, names.v[i]);
		free(path);
	}
	ml_strvec_sort(&found);
	if (found.n == 0) {
		ret = ML_ENOTFOUND;
		goto out;
	}
	if (found.n > 1) {
		for (size_t i = 0; i < found.n; i++)
			ml_buf_addf(&list, "%s%s", i ? " " : "", found.v[i]);
		ret = ml_error_set(err, ML_EUSAGE,
				   "%s: several lock files (%s): pick one with --lockfile", dir,
				   list.buf);
		goto out;
	}
	*out = strcmp(dir, ".") ? ml_path_join(dir, found.v[0]) : ml_strdup(found.v[0]);
out:
	ml_buf_release(&list);
	ml_strvec_release(&names);
	ml_strvec_release(&found);
	return ret;
}

int ml_opam_plugin_install(char **out, const char *name, const char *target, struct ml_error *err)
{
	char *root = ml_opam_root(), *config = NULL, *bindir = NULL, *link = NULL, *tmp = NULL;
	struct stat st;
	int ret;

	if (!root)
		return ml_error_set(err, ML_ENOTFOUND, "no opam root: set OPAMROOT or HOME");
	config = ml_path_join(root, "config");
	if (!ml_fs_exists(config)) {
		ret = ml_error_set(err, ML_ENOTFOUND,
				   "%s: not an opam root (no config): run `opam init` first", root);
		goto out;
	}
	bindir = ml_path_join(root, "plugins/bin");
	ret = ml_fs_mkdirs(bindir, 0755, err);
	if (ret)
		goto out;
	link = ml_xasprintf("%s/opam-%s", bindir, name);
	if (lstat(link, &st) == 0 && !S_ISLNK(st.st_mode)) {
		ret = ml_error_set(err, ML_EUSAGE,
				   "%s exists and is not a symbolic link (opam runs a plugin only "
				   "through a link): remove it first",
				   link);
		goto out;
	}
	/* replaced atomically: a running `opam monorepo` sees the old link or the new one */
	tmp = ml_xasprintf("%s.tmp%ld", link, (long)getpid());
	unlink(tmp);
	if (symlink(target, tmp) != 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create %s", tmp);
		goto out;
	}
	if (rename(tmp, link) != 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot rename %s to %s", tmp, link);
		unlink(tmp);
		goto out;
	}
	*out = link;
	link = NULL;
	ret = 0;
out:
	free(tmp);
	free(link);
	free(bindir);
	free(config);
	free(root);
	return ret;
}

int ml_opam_cli_list(struct ml_strvec *out, const char *s, const char *what, struct ml_error *err)
{
	size_t len = strlen(s), start, depth = 0, count = 0;
	struct ml_strvec items = ML_STRVEC_INIT;
	int ret = 0;

	if (len < 2 || s[0] != '[' || s[len - 1] != ']') {
		if (!len || strchr(s, '[') || strchr(s, ']') || strchr(s, ','))
			return ml_error_set(err, ML_EUSAGE, "%s: '%s': a list is written [a,b]",
					    what, s);
		ml_strvec_push(out, s);
		return 0;
	}
	/* inside the outer brackets: split on commas at depth 0 */
	start = 1;
	for (size_t i = 1; i < len - 1 && !ret; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth-- == 0)
			ret = -1;
		if (ret || depth || s[i] != ',')
			continue;
		if (i == start || ++count > ML_OPAMCTX_MAX_VARS)
			ret = -1;
		else
			ml_strvec_push_owned(&items, ml_strndup(s + start, i - start));
		start = i + 1;
	}
	if (!ret && depth)
		ret = -1;
	if (!ret && len - 1 > start) {
		if (++count > ML_OPAMCTX_MAX_VARS)
			ret = -1;
		else
			ml_strvec_push_owned(&items, ml_strndup(s + start, len - 1 - start));
	} else if (!ret && start > 1) {
		ret = -1; /* "[a,]" */
	}
	if (ret) {
		ml_strvec_release(&items);
		return ml_error_set(err, ML_EUSAGE,
				    "%s: '%s': expected [a,b] or [[a,b],[c,d]] (at most %d items)",
				    what, s, ML_OPAMCTX_MAX_VARS);
	}
	for (size_t i = 0; i < items.n; i++)
		ml_strvec_push(out, items.v[i]);
	ml_strvec_release(&items);
	return 0;
}

char *ml_opam_default_lockfile(const char *dir, const char *const *targets, size_t ntargets,
			       const char *dune_project_name)
{
	if (ntargets == 1)
		return ml_opam_lockfile_name(dir, targets[0]);
	if (dune_project_name)
		return ml_opam_lockfile_name(dir, dune_project_name);
	return NULL;
}

int ml_duniverse_write_readme(const char *root, struct ml_error *err)
{
	static const char text[] =
	    "# duniverse\n"
	    "\n"
	    "This directory is generated: `monolock pull` (or `opam monorepo pull`) wrote\n"
	    "the sources of the packages of the project's lock file here, so that\n"
	    "`dune build` builds them with the project. Change the lock file, not this\n"
	    "directory: the next pull replaces what is here (it refuses to replace a\n"
	    "directory you edited unless given --force).\n";
	char *path = ml_path_join(root, "README.md");
	struct ml_buf old = ML_BUF_INIT;
	int ret = 0;

	/* no workspace (nothing pulled, no generated dune file): nothing to explain */
	if (!ml_fs_is_dir(root))
		goto out;
	/* unchanged: not rewritten (a pull that changes nothing touches nothing) */
	if (ml_fs_read(&old, path, sizeof(text), NULL) == 0 && old.len == sizeof(text) - 1 &&
	    !memcmp(old.buf, text, old.len))
		goto out;
	ret = ml_fs_write_atomic(path, text, sizeof(text) - 1, 0644, err);
out:
	ml_buf_release(&old);
	free(path);
	return ret;
}

/* Variables the solver defines itself for each package's filters. */
static bool solver_var(const char *name)
{
	static const char *const known[] = { "build",          "post", "with-test", "with-doc",
					     "with-dev-setup", "dev",  "version",   "name",
					     "test",           "doc" };

	for (size_t i = 0; i < ML_ARRAY_SIZE(known); i++)
		if (!strcmp(name, known[i]))
			return true;
	return strchr(name, ':') != NULL; /* pkg:var */
}

static void filter_vars(struct ml_strvec *undefined, const struct ml_opam_value *v,
			const struct ml_vars *vars, int depth)
{
	if (!v || depth > ML_OPAM_MAX_DEPTH)
		return;
	/* ?name only: the filter evaluation warns about any other use of an undefined name */
	if (v->kind == ML_OPAM_PFXOP && v->op == ML_OPAM_OP_DEFINED && v->a &&
	    v->a->kind == ML_OPAM_IDENT) {
		v = v->a;
		if (!solver_var(v->s) && !ml_vars_get(vars, v->s) &&
		    !ml_strvec_contains(undefined, v->s) && undefined->n < ML_OPAMCTX_MAX_VARS)
			ml_strvec_push(undefined, v->s);
		return;
	}
	filter_vars(undefined, v->a, vars, depth + 1);
	filter_vars(undefined, v->b2, vars, depth + 1);
	for (size_t i = 0; i < v->nitems; i++)
		filter_vars(undefined, v->items[i], vars, depth + 1);
}

/* The package names of a depends formula, and the variables of its filters. */
static void formula_names(struct ml_strvec *names, struct ml_strvec *undefined,
			  const struct ml_opam_value *v, const struct ml_vars *vars, int depth)
{
	if (!v || depth > ML_OPAM_MAX_DEPTH)
		return;
	switch (v->kind) {
	case ML_OPAM_STRING:
		if (!ml_strvec_contains(names, v->s) && names->n < ML_OPAMCTX_MAX_VARS)
			ml_strvec_push(names, v->s);
		break;
	case ML_OPAM_OPTION:
		formula_names(names, undefined, v->a, vars, depth + 1);
		for (size_t i = 0; i < v->nitems; i++)
			filter_vars(undefined, v->items[i], vars, depth + 1);
		break;
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		for (size_t i = 0; i < v->nitems; i++)
			formula_names(names, undefined, v->items[i], vars, depth + 1);
		break;
	case ML_OPAM_LOGOP:
		formula_names(names, undefined, v->a, vars, depth + 1);
		formula_names(names, undefined, v->b2, vars, depth + 1);
		break;
	default:
		break;
	}
}

bool ml_opam_roots_depends(struct ml_buf *out, struct ml_strvec *undefined,
			   const struct ml_project *p, const struct ml_vars *vars)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	bool any;

	for (size_t i = 0; i < p->nroots; i++)
		if (p->roots[i].opam)
			formula_names(&names, undefined, ml_opam_field(p->roots[i].opam, "depends"),
				      vars, 0);
	/* the project's own packages depending on each other are not dependencies */
	for (size_t i = 0; i < names.n; i++) {
		bool local = false;

		for (size_t j = 0; j < p->nroots && !local; j++)
			local = !strcmp(names.v[i], p->roots[j].name);
		if (local)
			continue;
		if (out->len && !ml_ends_with(out->buf, "..."))
			ml_buf_adds(out, ", ");
		if (i < 8)
			ml_buf_adds(out, names.v[i]);
		else if (!ml_ends_with(out->buf, "..."))
			ml_buf_adds(out, "...");
	}
	any = out->len > 0;
	ml_strvec_sort_uniq(undefined);
	ml_strvec_release(&names);
	return any;
}

/* opam's package-name characters: a name from the switch state names a directory. */
static bool pin_name_ok(const char *s, size_t n)
{
	if (!n || n > 256)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_+", s[i]))
			return false;
	return true;
}

/*
 * The url of a pinned package's overlay opam file (a source pin), or NULL (a version pin:
 * opam keeps no overlay, or one without url). *file: the overlay file's path.
 */
static int overlay_url(char **out, char **file, const char *swdir, const char *name,
		       struct ml_error *err)
{
	char *rel = ml_xasprintf(".opam-switch/overlay/%s/opam", name);
	struct ml_opam_file *f = NULL;
	const struct ml_opam_item *sec;
	const struct ml_opam_value *src;
	int ret;

	*out = NULL;
	*file = ml_path_join(swdir, rel);
	free(rel);
	ret = parse_if_present(&f, *file, err);
	if (ret || !f)
		goto out;
	sec = ml_opam_section(f, "url");
	src = sec ? ml_opam_section_field(sec, "src") : NULL;
	if (src && src->kind == ML_OPAM_STRING && src->len == strlen(src->s) && src->len &&
	    src->len <= 4096)
		*out = ml_strdup(src->s);
out:
	ml_opam_file_free(f);
	return ret;
}

/* One pinned "name.version" of the switch state: each callback gets name, version, url. */
typedef int (*pin_fn)(void *ctx, const char *name, const char *version, const char *url,
		      const char *overlay, struct ml_error *err);

static int each_switch_pin(pin_fn fn, void *ctx, struct ml_error *err)
{
	char *root = ml_opam_root(), *swdir = NULL, *state = NULL;
	struct ml_opam_file *f = NULL;
	const struct ml_opam_value *v;
	int ret = 0;

	if (!root)
		return 0;
	ret = ml_opam_switch_dir(&swdir, root, err);
	if (ret == ML_ENOTFOUND) {
		ret = 0;
		goto out;
	}
	if (ret)
		goto out;
	state = ml_path_join(swdir, ".opam-switch/switch-state");
	ret = parse_if_present(&f, state, err);
	if (ret || !f || !(v = ml_opam_field(f, "pinned")))
		goto out;
	for (size_t i = 0; i < (v->kind == ML_OPAM_LIST ? v->nitems : 1) && i < ML_OPAMCTX_MAX_VARS;
	     i++) {
		const struct ml_opam_value *item = v->kind == ML_OPAM_LIST ? v->items[i] : v;
		const char *dot;
		char *name, *url = NULL, *overlay = NULL;

		if (item->kind != ML_OPAM_STRING || !(dot = strchr(item->s, '.')) ||
		    !pin_name_ok(item->s, (size_t)(dot - item->s)) || !dot[1]) {
			ret = ml_error_setat(err, ML_EPARSE, state, item->line, item->col,
					     "pinned: expected \"name.version\"");
			goto out;
		}
		name = ml_strndup(item->s, (size_t)(dot - item->s));
		ret = overlay_url(&url, &overlay, swdir, name, err);
		if (!ret)
			ret = fn(ctx, name, dot + 1, url, overlay, err);
		free(name);
		free(url);
		free(overlay);
		if (ret)
			goto out;
	}
out:
	ml_opam_file_free(f);
	free(state);
	free(swdir);
	free(root);
	return ret;
}

struct version_pins {
	struct ml_strvec *names, *versions;
};

static int add_version_pin(void *ctx, const char *name, const char *version, const char *url,
			   const char *overlay, struct ml_error *err)
{
	struct version_pins *vp = ctx;

	(void)overlay;
	(void)err;
	if (!url) {
		ml_strvec_push(vp->names, name);
		ml_strvec_push(vp->versions, version);
	}
	return 0;
}

int ml_opam_switch_pins(struct ml_strvec *names, struct ml_strvec *versions, struct ml_error *err)
{
	struct version_pins vp = { names, versions };

	return each_switch_pin(add_version_pin, &vp, err);
}

static int add_source_pin(void *ctx, const char *name, const char *version, const char *url,
			  const char *overlay, struct ml_error *err)
{
	struct ml_project *p = ctx;
	struct ml_project_pin *pin;

	if (!url)
		return 0;
	/* the project's own packages and pin-depends win over the switch */
	for (size_t i = 0; i < p->nroots; i++)
		if (!strcmp(p->roots[i].name, name))
			return 0;
	for (size_t i = 0; i < p->npins; i++)
		if (!strcmp(p->pins[i].name, name))
			return 0;
	if (!ml_starts_with(url, "git+") && !ml_starts_with(url, "git://")) {
		bool local = ml_starts_with(url, "file://") || !strstr(url, "://");

		return ml_error_set(
		    err, ML_EUSAGE,
		    "%s: %s is pinned in the opam switch to %s '%s': monolock takes a local "
		    "directory only from the project's pin-depends, and pins only to git urls "
		    "(add [\"%s.%s\" \"<git url or path in the project>\"] to pin-depends, or "
		    "`opam pin remove %s`)",
		    overlay, name, local ? "the directory" : "the archive", url, name, version,
		    name);
	}
	p->pins = ml_reallocarray(p->pins, p->npins + 1, sizeof(*p->pins));
	pin = &p->pins[p->npins++];
	pin->name = ml_strdup(name);
	pin->version = ml_strdup(version);
	pin->url = ml_strdup(url);
	pin->file = ml_strdup(overlay);
	return 0;
}

int ml_opam_switch_source_pins(struct ml_project *p, struct ml_error *err)
{
	return each_switch_pin(add_source_pin, p, err);
}
