#include "project.h"
#include "opamctx.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "lock.h"
#include "opam.h"
#include "repo.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_ROOT_FILES 1000
#define MAX_DEPTH 16

static bool skip_dir(const char *parent, const char *name)
{
	char *repo, *packages;
	bool is_repo;

	if (name[0] == '.' || !strcmp(name, "_build") || !strcmp(name, "_opam") ||
	    !strcmp(name, "duniverse"))
		return true;
	/* an opam repository inside the project is not a set of roots */
	repo = ml_xasprintf("%s/%s/repo", parent, name);
	packages = ml_xasprintf("%s/%s/packages", parent, name);
	is_repo = ml_fs_exists(repo) && ml_fs_is_dir(packages);
	free(repo);
	free(packages);
	return is_repo;
}

static bool is_root_file(const char *name)
{
	return !strcmp(name, "opam") || (ml_ends_with(name, ".opam") && strlen(name) > 5);
}

static int find_files(struct ml_strvec *out, const char *dir, const char *rel, bool recurse,
		      int depth, struct ml_error *err)
{
	char *path = *rel ? ml_path_join(dir, rel) : ml_strdup(dir);
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(path);
	if (!d) {
		ret = ml_error_errno(err, ML_EIO, "cannot open directory '%s'", path);
		goto out;
	}
	while (!ret && (de = readdir(d))) {
		char *child_rel = *rel ? ml_path_join(rel, de->d_name) : ml_strdup(de->d_name);
		char *child = ml_path_join(dir, child_rel);
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || stat(child, &st) < 0) {
			/* dangling links and the like are not roots */
		} else if (S_ISDIR(st.st_mode)) {
			if (recurse && depth < MAX_DEPTH && !skip_dir(path, de->d_name))
				ret = find_files(out, dir, child_rel, recurse, depth + 1, err);
		} else if (S_ISREG(st.st_mode) && is_root_file(de->d_name)) {
			if (out->n >= MAX_ROOT_FILES)
				ret = ml_error_set(err, ML_EUSAGE,
						   "more than %d opam files under '%s'",
						   MAX_ROOT_FILES, dir);
			else
				ml_strvec_push(out, child_rel);
		}
		free(child);
		free(child_rel);
	}
	closedir(d);
out:
	free(path);
	return ret;
}

static int type_error(const struct ml_project_root *r, const struct ml_opam_value *v,
		      const char *what, struct ml_error *err)
{
	return ml_error_setat(err, ML_EPARSE, r->opam->path, v->line, v->col, "%s", what);
}

static int read_string_list(struct ml_strvec *out, const struct ml_project_root *r,
			    const char *field, struct ml_error *err)
{
	const struct ml_opam_value *v = ml_opam_field(r->opam, field);
	char *msg;
	int ret;

	if (!v)
		return 0;
	if (v->kind == ML_OPAM_STRING) {
		if (!ml_strvec_contains(out, v->s))
			ml_strvec_push(out, v->s);
		return 0;
	}
	if (v->kind != ML_OPAM_LIST)
		goto bad;
	for (size_t i = 0; i < v->nitems; i++) {
		if (v->items[i]->kind != ML_OPAM_STRING)
			goto bad;
		if (!ml_strvec_contains(out, v->items[i]->s))
			ml_strvec_push(out, v->items[i]->s);
	}
	return 0;
bad:
	msg = ml_xasprintf("%s: expected a list of strings", field);
	ret = type_error(r, v, msg, err);
	free(msg);
	return ret;
}

char *ml_project_expand_cwd(const char *url, const char *dir)
{
	static const char var[] = "$OPAM_MONOREPO_CWD";
	struct ml_buf b = ML_BUF_INIT;
	const char *p = url, *q;

	while ((q = strstr(p, var))) {
		ml_buf_add(&b, p, (size_t)(q - p));
		ml_buf_adds(&b, dir);
		p = q + strlen(var);
	}
	ml_buf_adds(&b, p);
	return ml_buf_detach(&b, NULL);
}

static int add_var(struct ml_project *p, const struct ml_project_root *r,
		   const struct ml_opam_value *name, const char *value, struct ml_error *err)
{
	for (size_t i = 0; i < p->nvars; i++) {
		if (strcmp(p->vars[i].name, name->s))
			continue;
		if (strcmp(p->vars[i].value, value))
			return ml_error_setat(err, ML_EPARSE, r->opam->path, name->line, name->col,
					      "variable '%s' is set to both '%s' and '%s'", name->s,
					      p->vars[i].value, value);
		return 0;
	}
	p->vars = ml_reallocarray(p->vars, p->nvars + 1, sizeof(*p->vars));
	p->vars[p->nvars].name = ml_strdup(name->s);
	p->vars[p->nvars].value = ml_strdup(value);
	p->nvars++;
	return 0;
}

static int read_vars(struct ml_project *p, const struct ml_project_root *r, struct ml_error *err)
{
	const struct ml_opam_value *v = ml_opam_field(r->opam, "x-opam-monorepo-global-opam-vars");
	static const char what[] =
	    "x-opam-monorepo-global-opam-vars: expected a list of [\"name\" value] pairs";
	int ret = 0;

	if (!v)
		return 0;
	if (v->kind != ML_OPAM_LIST)
		return type_error(r, v, what, err);
	for (size_t i = 0; !ret && i < v->nitems; i++) {
		const struct ml_opam_value *pair = v->items[i], *name, *val;
		struct ml_buf b = ML_BUF_INIT;

		if (pair->kind != ML_OPAM_LIST || pair->nitems != 2 ||
		    pair->items[0]->kind != ML_OPAM_STRING)
			return type_error(r, pair, what, err);
		name = pair->items[0];
		val = pair->items[1];
		if (!*name->s)
			return ml_error_setat(
			    err, ML_EPARSE, r->opam->path, name->line, name->col,
			    "x-opam-monorepo-global-opam-vars: empty variable name");
		if (val->kind == ML_OPAM_BOOL) {
			ml_buf_adds(&b, val->b ? "true" : "false");
		} else if (val->kind == ML_OPAM_STRING) {
			ml_buf_adds(&b, val->s);
		} else if (val->kind == ML_OPAM_LIST) {
			for (size_t j = 0; j < val->nitems; j++) {
				if (val->items[j]->kind != ML_OPAM_STRING) {
					ml_buf_release(&b);
					return type_error(r, val->items[j], what, err);
				}
				if (j)
					ml_buf_addc(&b, ' ');
				ml_buf_adds(&b, val->items[j]->s);
			}
		} else {
			return type_error(r, val, what, err);
		}
		ret = add_var(p, r, name, b.buf, err);
		ml_buf_release(&b);
	}
	return ret;
}

static int read_pins(struct ml_project *p, const struct ml_project_root *r, struct ml_error *err)
{
	const struct ml_opam_value *v = ml_opam_field(r->opam, "pin-depends");
	static const char what[] =
	    "pin-depends: expected a list of [\"name.version\" \"url\"] pairs";

	if (!v)
		return 0;
	if (v->kind != ML_OPAM_LIST)
		return type_error(r, v, what, err);
	/* a single pair may be written without the outer list */
	if (v->nitems == 2 && v->items[0]->kind == ML_OPAM_STRING)
		return type_error(r, v, what, err);
	for (size_t i = 0; i < v->nitems; i++) {
		const struct ml_opam_value *pair = v->items[i];
		const char *nv, *dot;
		struct ml_project_pin *pin;

		if (pair->kind != ML_OPAM_LIST || pair->nitems != 2 ||
		    pair->items[0]->kind != ML_OPAM_STRING ||
		    pair->items[1]->kind != ML_OPAM_STRING)
			return type_error(r, pair, what, err);
		nv = pair->items[0]->s;
		dot = strchr(nv, '.');
		if (!dot || dot == nv || !dot[1])
			return ml_error_setat(err, ML_EPARSE, r->opam->path, pair->items[0]->line,
					      pair->items[0]->col,
					      "pin-depends: '%s' is not of the form name.version",
					      nv);
		for (size_t j = 0; j < p->npins; j++)
			if (!strncmp(p->pins[j].name, nv, (size_t)(dot - nv)) &&
			    !p->pins[j].name[dot - nv] &&
			    (strcmp(p->pins[j].version, dot + 1) ||
			     strcmp(p->pins[j].url, pair->items[1]->s)))
				return ml_error_setat(
				    err, ML_EPARSE, r->opam->path, pair->line, pair->col,
				    "pin-depends: '%.*s' is pinned twice, differently",
				    (int)(dot - nv), nv);
		p->pins = ml_reallocarray(p->pins, p->npins + 1, sizeof(*p->pins));
		pin = &p->pins[p->npins++];
		pin->name = ml_strndup(nv, (size_t)(dot - nv));
		pin->version = ml_strdup(dot + 1);
		pin->url = ml_strdup(pair->items[1]->s);
		pin->file = ml_strdup(r->file);
	}
	return 0;
}

/* The `(name foo)` stanza of dune-project, used to name an opam-monorepo lock. */
static char *dune_project_name(const char *dir)
{
	char *path = ml_path_join(dir, "dune-project");
	struct ml_buf b = ML_BUF_INIT;
	char *name = NULL;
	const char *p;

	if (ml_fs_read(&b, path, 1 << 20, NULL) == 0 && (p = strstr(b.buf, "(name "))) {
		size_t n;

		p += strlen("(name ");
		while (*p == ' ')
			p++;
		n = strcspn(p, " )\n\t\r");
		if (n)
			name = ml_strndup(p, n);
	}
	ml_buf_release(&b);
	free(path);
	return name;
}

static int root_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ml_project_root *)a)->name,
		      ((const struct ml_project_root *)b)->name);
}

static int load_root(struct ml_project_root *r, const char *dir, const char *rel,
		     struct ml_error *err)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char *path = ml_path_join(dir, rel);
	const struct ml_opam_value *v;
	int ret;

	memset(r, 0, sizeof(*r));
	r->file = ml_strdup(rel);
	ret = ml_opam_parse_file(&r->opam, path, err);
	free(path);
	if (ret)
		return ret;
	if (strcmp(base, "opam")) {
		r->name = ml_strndup(base, strlen(base) - strlen(".opam"));
	} else if ((v = ml_opam_field(r->opam, "name")) && v->kind == ML_OPAM_STRING) {
		r->name = ml_strdup(v->s);
	} else {
		return ml_error_setat(err, ML_EPARSE, r->opam->path, 1, 1,
				      "a file named 'opam' needs a name: field");
	}
	v = ml_opam_field(r->opam, "version");
	r->version = ml_strdup(v && v->kind == ML_OPAM_STRING ? v->s : "dev");
	return 0;
}

static bool is_target(const char *name, const char *const *targets, size_t ntargets)
{
	if (!ntargets)
		return true;
	for (size_t i = 0; name && i < ntargets; i++)
		if (!strcmp(name, targets[i]))
			return true;
	return false;
}

int ml_project_load(struct ml_project **out, const char *dir, bool recurse, struct ml_error *err)
{
	return ml_project_load_targets(out, dir, recurse, NULL, 0, err);
}

int ml_project_load_targets(struct ml_project **out, const char *dir, bool recurse,
			    const char *const *targets, size_t ntargets, struct ml_error *err)
{
	struct ml_strvec files = ML_STRVEC_INIT;
	struct ml_project *p = ml_calloc(1, sizeof(*p));
	int ret;

	p->dir = ml_strdup(dir);
	ret = find_files(&files, dir, "", recurse, 0, err);
	if (ret)
		goto out;
	if (!files.n) {
		ret = ml_error_set(
		    err, ML_ENOTFOUND,
		    "no opam file in '%s' (the project's root packages are its *.opam files)", dir);
		goto out;
	}
	ml_strvec_sort(&files);
	p->roots = ml_calloc(files.n, sizeof(*p->roots));
	for (size_t i = 0; i < files.n; i++) {
		struct ml_project_root *r = &p->roots[p->nroots++];

		ret = load_root(r, dir, files.v[i], err);
		if (ret && ntargets && err) {
			const char *base = strrchr(files.v[i], '/');
			char *name = NULL;

			base = base ? base + 1 : files.v[i];
			if (strcmp(base, "opam"))
				name = ml_strndup(base, strlen(base) - strlen(".opam"));
			if (!is_target(name, targets, ntargets)) {
				struct ml_buf b = ML_BUF_INIT;

				ml_error_format(&b, err);
				ml_strvec_push_owned(&p->skipped, ml_buf_detach(&b, NULL));
				ml_error_release(err);
				free(r->name);
				free(r->version);
				free(r->file);
				ml_opam_file_free(r->opam);
				memset(r, 0, sizeof(*r));
				p->nroots--;
				ret = 0;
			}
			free(name);
			if (!ret)
				continue;
		}
		if (ret)
			goto out;
		for (size_t j = 0; j + 1 < p->nroots; j++)
			if (!strcmp(p->roots[j].name, r->name)) {
				ret = ml_error_set(
				    err, ML_EUSAGE,
				    "root package '%s' is defined twice: '%s' and '%s'", r->name,
				    p->roots[j].file, r->file);
				goto out;
			}
	}
	/* settings are merged in file order (sorted paths), before roots are sorted by name */
	for (size_t i = 0; i < p->nroots; i++) {
		const struct ml_project_root *r = &p->roots[i];
		struct ml_strvec repos = ML_STRVEC_INIT;

		if (!is_target(r->name, targets, ntargets))
			continue;
		ret = read_string_list(&repos, r, "x-opam-monorepo-opam-repositories", err);
		for (size_t j = 0; !ret && j < repos.n; j++) {
			char *url = ml_project_expand_cwd(repos.v[j], dir);

			if (ml_strvec_contains(&p->repositories, url))
				free(url);
			else
				ml_strvec_push_owned(&p->repositories, url);
		}
		ml_strvec_release(&repos);
		if (!ret)
			ret = read_string_list(&p->opam_provided, r,
					       "x-opam-monorepo-opam-provided", err);
		if (!ret)
			ret = read_vars(p, r, err);
		if (!ret)
			ret = read_pins(p, r, err);
		if (ret)
			goto out;
	}
	ml_strvec_sort_uniq(&p->opam_provided);
	qsort(p->roots, p->nroots, sizeof(*p->roots), root_cmp);
	p->dune_project_name = dune_project_name(dir);
	*out = p;
	p = NULL;
out:
	ml_strvec_release(&files);
	ml_project_free(p);
	return ret;
}

void ml_project_free(struct ml_project *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nroots; i++) {
		free(p->roots[i].name);
		free(p->roots[i].version);
		free(p->roots[i].file);
		ml_opam_file_free(p->roots[i].opam);
	}
	free(p->roots);
	for (size_t i = 0; i < p->nvars; i++) {
		free(p->vars[i].name);
		free(p->vars[i].value);
	}
	free(p->vars);
	for (size_t i = 0; i < p->npins; i++) {
		free(p->pins[i].name);
		free(p->pins[i].version);
		free(p->pins[i].url);
		free(p->pins[i].file);
	}
	free(p->pins);
	ml_strvec_release(&p->repositories);
	ml_strvec_release(&p->opam_provided);
	ml_strvec_release(&p->skipped);
	free(p->dune_project_name);
	free(p->dir);
	free(p);
}

const struct ml_project_root *ml_project_find_root(const struct ml_project *p, const char *name)
{
	for (size_t i = 0; i < p->nroots; i++)
		if (!strcmp(p->roots[i].name, name))
			return &p->roots[i];
	return NULL;
}

static int read_project_file(void *ctx, const char *relpath, struct ml_buf *out,
			     struct ml_error *err)
{
	char *path = ml_path_join(ctx, relpath);
	int ret = ml_fs_read(out, path, ML_OPAM_MAX_FILE_SIZE, err);

	free(path);
	return ret;
}

static const struct ml_repo_ops project_ops = {
	.read = read_project_file,
	.free = free,
};

struct ml_repo *ml_project_repo(const struct ml_project *p)
{
	struct ml_repo *r = ml_repo_new(p->dir, &project_ops, ml_strdup(p->dir));

	free(r->display);
	r->display = ml_strdup(p->dir);
	for (size_t i = 0; i < p->nroots; i++)
		ml_repo_add_package(r, p->roots[i].name, p->roots[i].version, p->roots[i].file);
	return r;
}

int ml_opamroot_repositories(struct ml_strvec *out, struct ml_error *err)
{
	/* opam-monorepo solves with the current switch's repositories (opam repo add) */
	return ml_opam_switch_repositories(out, err);
}

/* Is `inner` (a real path) `outer` or below it? */
static bool path_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);

	if (!strcmp(outer, "/"))
		return true;
	return !strncmp(inner, outer, n) && (inner[n] == '/' || inner[n] == '\0');
}

int ml_project_check_pin_dir(const char *dir, const char *project_dir, const char *what,
			     struct ml_error *err)
{
	const char *home = getenv("HOME");
	char *rdir = realpath(dir, NULL), *rproj = NULL, *rhome = NULL;
	int ret = 0;

	if (!rdir)
		return 0;
	rproj = realpath(*project_dir ? project_dir : ".", NULL);
	rhome = home && *home ? realpath(home, NULL) : NULL;
	if (!strcmp(rdir, "/"))
		ret = ml_error_set(err, ML_EUNSAFE,
				   "%s: '%s' is the root directory: a pin names the package's "
				   "own directory, which pull copies into the workspace",
				   what, rdir);
	else if (rhome && !strcmp(rdir, rhome))
		ret = ml_error_set(err, ML_EUNSAFE,
				   "%s: '%s' is your home directory: a pin names the package's "
				   "own directory, which pull copies into the workspace",
				   what, rdir);
	else if (rproj && path_within(rproj, rdir))
		ret = ml_error_set(err, ML_EUNSAFE,
				   "%s: '%s' contains the project (%s): pull would copy the "
				   "project into itself; pin the package's own directory",
				   what, rdir, rproj);
	free(rdir);
	free(rproj);
	free(rhome);
	return ret;
}

/* The local directory a url names, relative paths from base; NULL for other urls. */
static char *local_dir_of(const char *url, const char *base)
{
	const char *path = url;

	if (ml_starts_with(url, "file://"))
		path = url + strlen("file://");
	else if (strstr(url, "://") || ml_starts_with(url, "git+"))
		return NULL;
	if (!*path)
		return NULL;
	return path[0] == '/' ? ml_strdup(path) : ml_path_join(base, path);
}

/* Does a local pin-depends of the project name the directory whose real path is rdir? */
static bool pinned_by(const struct ml_project *p, const char *base, const char *rdir)
{
	bool found = false;

	for (size_t i = 0; !found && i < p->npins; i++) {
		char *url = ml_project_expand_cwd(p->pins[i].url, base);
		char *dir = local_dir_of(url, base), *rpin = dir ? realpath(dir, NULL) : NULL;

		found = rpin && !strcmp(rpin, rdir);
		free(rpin);
		free(dir);
		free(url);
	}
	return found;
}

int ml_project_check_local_sources(const struct ml_lock *lock, const char *project_dir,
				   struct ml_error *err)
{
	const char *base = project_dir && *project_dir ? project_dir : ".";
	struct ml_project *top = NULL, *deep = NULL;
	struct ml_error lerr = ML_ERROR_INIT;
	bool loaded = false, loaded_deep = false;
	int ret = 0;

	for (size_t i = 0; !ret && i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];
		char *dir, *rdir, *what;
		bool backed;

		if (!ml_lock_source_is_local(s))
			continue;
		dir = local_dir_of(s->url, base);
		rdir = dir ? realpath(dir, NULL) : NULL;
		if (!rdir) { /* nothing there to copy: pull says so */
			free(dir);
			continue;
		}
		if (!loaded) {
			loaded = true;
			if (ml_project_load(&top, base, false, &lerr))
				top = NULL;
		}
		backed = top && pinned_by(top, base, rdir);
		/* the pin may be in a *.opam file below (`lock --recurse`) */
		if (!backed && !loaded_deep) {
			loaded_deep = true;
			if (ml_project_load(&deep, base, true, NULL))
				deep = NULL;
		}
		backed = backed || (deep && pinned_by(deep, base, rdir));
		what = ml_xasprintf("source '%s' (%s)", s->dir, s->url);
		if (!backed)
			ret = ml_error_set(
			    err, ML_EUNSAFE,
			    "%s: no pin-depends of the project's opam files names "
			    "'%s'%s%s: refusing to copy a local directory the project "
			    "does not pin (lock again with `monolock lock`)",
			    what, rdir, top || deep ? "" : "; ", top || deep ? "" : lerr.msg);
		else
			ret = ml_project_check_pin_dir(dir, base, what, err);
		free(what);
		free(rdir);
		free(dir);
	}
	ml_project_free(top);
	ml_project_free(deep);
	ml_error_release(&lerr);
	return ret;
}

/* Entries of one directory looked at while searching for the project (a huge one is not it). */
#define DISCOVER_MAX_ENTRIES 100000

/* Whether dir holds monolock.lock, a *.opam.locked, a *.opam or a file named opam. */
static bool holds_project(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;
	size_t seen = 0;

	if (!d)
		return false;
	while (!found && seen++ < DISCOVER_MAX_ENTRIES && (de = readdir(d))) {
		const char *n = de->d_name;

		/* lockfile/'s ML_LOCKFILE_NAME and ML_LOCKFILE_OPAM_SUFFIX */
		if (!strcmp(n, "monolock.lock") || ml_ends_with(n, ".opam.locked") ||
		    (ml_ends_with(n, ".opam") && strcmp(n, ".opam")) || !strcmp(n, "opam")) {
			char *p = ml_path_join(dir, n);
			struct stat st;

			found = stat(p, &st) == 0 && S_ISREG(st.st_mode);
			free(p);
		}
	}
	closedir(d);
	return found;
}

static bool holds_repository(const char *dir)
{
	static const char *const marks[] = { ".git", ".hg" };
	bool found = false;

	for (size_t i = 0; !found && i < ML_ARRAY_SIZE(marks); i++) {
		char *p = ml_path_join(dir, marks[i]);

		found = ml_fs_exists(p);
		free(p);
	}
	return found;
}

int ml_project_discover(char **out_root, char **out_prefix, const char *cwd, struct ml_error *err)
{
	static const char *const skip[] = { "/duniverse/", "/_build/", "/_opam/" };
	char *dir = ml_xasprintf("%s/", cwd);
	size_t len;
	struct stat st;
	int ret = ML_ENOTFOUND;

	/* search from the directory holding the outermost duniverse/, _build/ or _opam/ */
	len = strlen(dir);
	for (size_t i = 0; i < ML_ARRAY_SIZE(skip); i++) {
		char *p = strstr(dir, skip[i]);

		if (p && (size_t)(p - dir) < len)
			len = (size_t)(p - dir);
	}
	while (len > 1 && dir[len - 1] == '/')
		len--;
	dir[len] = '\0';
	if (!*dir || stat(dir, &st) < 0) {
		free(dir);
		return ml_error_set(err, ML_ENOTFOUND, "no project found from '%s'", cwd);
	}
	for (;;) {
		char *slash;
		struct stat up;

		if (holds_project(dir)) {
			/* cwd is dir followed by "/rest" (or by "rest" when dir is "/") */
			const char *rest = cwd + strlen(dir);

			while (*rest == '/')
				rest++;
			*out_prefix = *rest ? ml_xasprintf("%s/", rest) : ml_strdup("");
			*out_root = dir;
			return 0;
		}
		slash = strrchr(dir, '/');
		if (holds_repository(dir) || !slash || !strcmp(dir, "/"))
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		/* as git: never into another file system */
		if (stat(dir, &up) < 0 || up.st_dev != st.st_dev)
			break;
		st = up;
	}
	free(dir);
	return ml_error_set(err, ret, "no project found at or above '%s'", cwd);
}

char *ml_project_rebase(const char *prefix, const char *rel)
{
	struct ml_strvec parts = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *all;
	size_t up = 0;

	if (!*rel || rel[0] == '/' || !*prefix)
		return ml_strdup(rel);
	all = ml_xasprintf("%s%s", prefix, rel);
	for (char *p = all, *end; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, '/');
		if (end == p || (end - p == 1 && p[0] == '.'))
			continue;
		if (end - p == 2 && p[0] == '.' && p[1] == '.') {
			if (parts.n) {
				free(parts.v[--parts.n]);
				parts.v[parts.n] = NULL;
			} else {
				up++;
			}
			continue;
		}
		ml_strvec_push_owned(&parts, ml_strndup(p, (size_t)(end - p)));
	}
	for (size_t i = 0; i < up; i++)
		ml_buf_adds(&b, i ? "/.." : "..");
	for (size_t i = 0; i < parts.n; i++)
		ml_buf_addf(&b, "%s%s", b.len ? "/" : "", parts.v[i]);
	if (!b.len)
		ml_buf_adds(&b, ".");
	/* "dir/" keeps its meaning of a directory */
	if (rel[strlen(rel) - 1] == '/' && b.buf[b.len - 1] != '/')
		ml_buf_adds(&b, "/");
	free(all);
	ml_strvec_release(&parts);
	return ml_buf_detach(&b, NULL);
}

/* The components of a normalised relative path ("." has none). */
static void split_path(struct ml_strvec *out, const char *path)
{
	for (const char *p = path, *end; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, '/');
		if (end > p && !(end - p == 1 && p[0] == '.'))
			ml_strvec_push_owned(out, ml_strndup(p, (size_t)(end - p)));
	}
}

char *ml_project_unbase(const char *prefix, const char *path)
{
	struct ml_strvec from = ML_STRVEC_INIT, to = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *norm;
	size_t common = 0;

	if (!*path || path[0] == '/' || !*prefix)
		return ml_strdup(path);
	norm = ml_project_rebase("./", path);
	split_path(&from, prefix);
	split_path(&to, norm);
	while (common < from.n && common < to.n && !strcmp(from.v[common], to.v[common]) &&
	       strcmp(from.v[common], ".."))
		common++;
	for (size_t i = common; i < from.n; i++)
		ml_buf_adds(&b, b.len ? "/.." : "..");
	for (size_t i = common; i < to.n; i++)
		ml_buf_addf(&b, "%s%s", b.len ? "/" : "", to.v[i]);
	if (!b.len)
		ml_buf_adds(&b, ".");
	if (norm[strlen(norm) - 1] == '/' && b.buf[b.len - 1] != '/')
		ml_buf_adds(&b, "/");
	free(norm);
	ml_strvec_release(&from);
	ml_strvec_release(&to);
	return ml_buf_detach(&b, NULL);
}

/* Whether a quoted word of a message is a path of the project (see ml_project_user_text). */
static bool is_project_path(const char *prefix, const char *w)
{
	struct stat st;
	char *first;
	bool yes;

	if (!*w || w[0] == '/' || strstr(w, "://") || strchr(w, ' '))
		return false;
	if (ml_starts_with(w, prefix))
		return true;
	first = ml_strndup(w, strcspn(w, "/"));
	if (!strcmp(first, "..") || !strcmp(first, "."))
		/* "../repo/x", "./a.opam": a path from here only if it names something here */
		yes = strchr(w, '/') && lstat(w, &st) == 0;
	else
		yes = lstat(first, &st) == 0;
	free(first);
	return yes;
}

/*
 * The length of the unquoted path at p (where a word starts), or 0: a relative path holding
 * a '/' that names something from the current directory ("duniverse/dune",
 * "../repo/packages/a/a.1/opam" before its ":3:8").
 */
static size_t unquoted_path(const char *p)
{
	size_t n = strcspn(p, " \t\n:),;'\"");
	struct stat st;
	char *w;
	bool yes;

	if (!n || *p == '/' || !memchr(p, '/', n) || (p[n] == ':' && !strncmp(p + n, "://", 3)))
		return 0;
	w = ml_strndup(p, n);
	yes = lstat(w, &st) == 0;
	free(w);
	return yes ? n : 0;
}

char *ml_project_user_text(const char *prefix, const char *text)
{
	struct ml_buf b = ML_BUF_INIT;
	const char *p = text;

	if (!*prefix)
		return ml_strdup(text);
	{
		/* "PATH: what" (a file's name, with a '/' or a '.', leading a message) */
		size_t n = strcspn(text, ": \n'");
		char *w = ml_strndup(text, n);

		if (text[n] == ':' && strpbrk(w, "/.") && is_project_path(prefix, w)) {
			char *u = ml_project_unbase(prefix, w);

			ml_buf_adds(&b, u);
			p += n;
			free(u);
		}
		free(w);
	}
	while (*p) {
		const char *q = strchr(p, '\''), *end;
		char *w;

		/* unquoted paths before the next quote, each where a word starts */
		for (const char *c = p; *c && c != q; c++) {
			size_t n = (c == text || strchr(" \t\n(", c[-1])) ? unquoted_path(c) : 0;

			if (!n)
				continue;
			ml_buf_add(&b, p, (size_t)(c - p));
			w = ml_strndup(c, n);
			{
				char *u = ml_project_unbase(prefix, w);

				ml_buf_adds(&b, u);
				free(u);
			}
			free(w);
			p = c + n;
			c = p - 1;
		}
		end = q ? strpbrk(q + 1, "'\n") : NULL;
		if (!end) {
			ml_buf_adds(&b, p);
			break;
		}
		if (*end != '\'') { /* a quote alone on its line */
			ml_buf_add(&b, p, (size_t)(end - p));
			p = end;
			continue;
		}
		ml_buf_add(&b, p, (size_t)(q + 1 - p));
		w = ml_strndup(q + 1, (size_t)(end - q - 1));
		if (is_project_path(prefix, w)) {
			char *u = ml_project_unbase(prefix, w);

			ml_buf_adds(&b, u);
			free(u);
		} else {
			ml_buf_adds(&b, w);
		}
		free(w);
		ml_buf_adds(&b, "'");
		p = end + 1;
	}
	return ml_buf_detach(&b, NULL);
}
