/*
 * opam-monorepo's lock file (<name>.opam.locked, format 0.3): an opam file written with the
 * opam printer and read with the opam parser. The mapping is described in lockfile.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lockfile/lockfile.h"
#include "lib/toolchain.h"

#define SYNOPSIS "opam-monorepo generated lockfile"
#define MAINTAINER "opam-monorepo"

/* ---- rendering ---- */

struct writer {
	struct ml_opam_file *f;
	/* Strings built here stay alive until the file is printed, whether or not the
	 * constructors copy them. */
	struct ml_strvec keep;
};

#define OPAM_MONOREPO_CWD_URL "file://$OPAM_MONOREPO_CWD"

static const char *keep(struct writer *w, char *s)
{
	ml_strvec_push_owned(&w->keep, s);
	return s;
}

/* Rendering takes any lock; an invalid one (NULL strings) renders, and fails to read back. */
static struct ml_opam_value *str(struct writer *w, const char *s)
{
	return ml_opam_new_string(w->f, s ? s : "");
}

static struct ml_opam_value *list(struct writer *w)
{
	return ml_opam_new_list(w->f, ML_OPAM_LIST);
}

static void append(struct writer *w, struct ml_opam_value *l, struct ml_opam_value *item)
{
	ml_opam_append(w->f, l, item);
}

static struct ml_opam_value *strvec_list(struct writer *w, const struct ml_strvec *sv)
{
	struct ml_opam_value *l = list(w);
	size_t i;

	for (i = 0; i < sv->n; i++)
		append(w, l, str(w, sv->v[i]));
	return l;
}

/* The url opam-monorepo writes for a source: git sources carry their commit as a fragment. */
static const char *source_url(struct writer *w, const struct ml_lock_source *s)
{
	if (s->commit)
		return keep(w, ml_xasprintf("%s#%s", s->url ? s->url : "", s->commit));
	return s->url;
}

/* One of the project's own packages (a root): never a dependency of the lock. */
static bool is_local_package(const struct ml_lock_package *p)
{
	return !p->dir && p->reason && !strcmp(p->reason, "root");
}

/* "name" {= "version"} or "name" {= "version" & ?vendor} */
static struct ml_opam_value *depends_atom(struct writer *w, const struct ml_lock_package *p)
{
	struct ml_opam_value *opt = ml_opam_new_option(w->f, str(w, p->name));
	struct ml_opam_value *eq =
	    ml_opam_new_op(w->f, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_EQ, str(w, p->version), NULL);

	if (p->dir) {
		struct ml_opam_value *vendor =
		    ml_opam_new_op(w->f, ML_OPAM_PFXOP, ML_OPAM_OP_DEFINED,
				   ml_opam_new_ident(w->f, "vendor"), NULL);

		eq = ml_opam_new_op(w->f, ML_OPAM_LOGOP, ML_OPAM_OP_AND, eq, vendor);
	}
	append(w, opt, eq);
	return opt;
}

static int source_url_cmp(const void *pa, const void *pb)
{
	const struct ml_lock_source *const *a = pa, *const *b = pb;
	int c = strcmp((*a)->url ? (*a)->url : "", (*b)->url ? (*b)->url : "");

	if (c == 0 && (*a)->commit && (*b)->commit)
		c = strcmp((*a)->commit, (*b)->commit);
	return c ? c : strcmp((*a)->dir ? (*a)->dir : "", (*b)->dir ? (*b)->dir : "");
}

static void add_duniverse_dirs(struct writer *w, const struct ml_lock *s)
{
	const struct ml_lock_source **bysrc = ml_calloc(s->nsources + 1, sizeof(*bysrc));
	struct ml_opam_value *dirs = list(w);
	size_t i;

	/* opam-monorepo keeps these in a map keyed by url: sorted by url. */
	for (i = 0; i < s->nsources; i++)
		bysrc[i] = &s->sources[i];
	if (s->nsources > 1)
		qsort(bysrc, s->nsources, sizeof(*bysrc), source_url_cmp);
	for (i = 0; i < s->nsources; i++) {
		struct ml_opam_value *e = list(w);

		append(w, e, str(w, source_url(w, bysrc[i])));
		append(w, e, str(w, bysrc[i]->dir));
		if (bysrc[i]->checksums.n)
			append(w, e, strvec_list(w, &bysrc[i]->checksums));
		append(w, dirs, e);
	}
	ml_opam_add_field(w->f, "x-opam-monorepo-duniverse-dirs", dirs);
	free(bysrc);
}

/* One entry of x-monolock-toolchain, when that tool is fixed: ["tool" "version" "from"]. */
static void toolchain_entry(struct writer *w, struct ml_opam_value *tc, const char *tool,
			    const char *version, const char *from)
{
	struct ml_opam_value *e;

	if (!version)
		return;
	e = list(w);
	append(w, e, str(w, tool));
	append(w, e, str(w, version));
	append(w, e, str(w, from ? from : ""));
	append(w, tc, e);
}

/* x-monolock-toolchain: [["ocaml" "4.13.1" "PATH"] ["dune" "2.9.3" "PATH"]] when fixed. */
static void add_toolchain(struct writer *w, const struct ml_lock_toolchain *t)
{
	struct ml_opam_value *tc = list(w);

	toolchain_entry(w, tc, "ocaml", t->ocaml, t->ocaml_from);
	toolchain_entry(w, tc, "dune", t->dune_max, t->dune_from);
	if (tc->nitems)
		ml_opam_add_field(w->f, "x-monolock-toolchain", tc);
}

/* One entry of x-monolock-request: ["kind" "a" "b" ...] (NULL-terminated strings). */
static void request_entry(struct writer *w, struct ml_opam_value *l, const char *kind, ...)
{
	struct ml_opam_value *e = list(w);
	const char *a;
	va_list ap;

	append(w, e, str(w, kind));
	va_start(ap, kind);
	while ((a = va_arg(ap, const char *)))
		append(w, e, str(w, a));
	va_end(ap);
	append(w, l, e);
}

/*
 * x-monolock-request: the recorded request (ml_lock_request), one entry per item in
 * order: ["repository" "path" P] or ["repository" "url" U], each optionally followed by
 * "sha256" H or "commit" C; ["root" X], ["pin" X], ["opam-provided" X], ["variable" X],
 * ["ocaml-version" X], ["dune-version" X], ["build-only"], ["recurse"], ["generator" X].
 */
static struct ml_opam_value *request_value(struct writer *w, const struct ml_lock_request *q)
{
	struct ml_opam_value *l = list(w);
	size_t i;

	for (i = 0; i < q->nrepos; i++) {
		const struct ml_lock_request_repo *r = &q->repos[i];
		const char *k = r->path ? "path" : "url", *v = r->path ? r->path : r->url;

		if (r->commit)
			request_entry(w, l, "repository", k, v, "commit", r->commit, NULL);
		else if (r->sha256)
			request_entry(w, l, "repository", k, v, "sha256", r->sha256, NULL);
		else
			request_entry(w, l, "repository", k, v, NULL);
	}
	for (i = 0; i < q->roots.n; i++)
		request_entry(w, l, "root", q->roots.v[i], NULL);
	for (i = 0; i < q->pins.n; i++)
		request_entry(w, l, "pin", q->pins.v[i], NULL);
	for (i = 0; i < q->opam_provided.n; i++)
		request_entry(w, l, "opam-provided", q->opam_provided.v[i], NULL);
	for (i = 0; i < q->vars.n; i++)
		request_entry(w, l, "variable", q->vars.v[i], NULL);
	if (q->ocaml_version)
		request_entry(w, l, "ocaml-version", q->ocaml_version, NULL);
	if (q->dune_version)
		request_entry(w, l, "dune-version", q->dune_version, NULL);
	if (q->build_only)
		request_entry(w, l, "build-only", NULL);
	if (q->recurse)
		request_entry(w, l, "recurse", NULL);
	if (q->require_cross_compile)
		request_entry(w, l, "require-cross-compile", NULL);
	if (q->generator)
		request_entry(w, l, "generator", q->generator, NULL);
	return l;
}

/* x-opam-monorepo-cli-args: the request as the arguments of a `lock` that asks it. */
static struct ml_opam_value *cli_args_value(struct writer *w, const struct ml_lock_request *q)
{
	struct ml_opam_value *l = list(w);
	const struct {
		const char *flag;
		const struct ml_strvec *sv;
	} lists[] = {
		{ "--pin", &q->pins },
		{ "--opam-provided", &q->opam_provided },
		{ "--var", &q->vars },
	};
	size_t i;

	for (i = 0; i < q->nrepos; i++) {
		append(w, l, str(w, "--repo"));
		append(w, l, str(w, q->repos[i].path ? q->repos[i].path : q->repos[i].url));
	}
	for (size_t k = 0; k < ML_ARRAY_SIZE(lists); k++)
		for (i = 0; i < lists[k].sv->n; i++) {
			append(w, l, str(w, lists[k].flag));
			append(w, l, str(w, lists[k].sv->v[i]));
		}
	if (q->ocaml_version) {
		append(w, l, str(w, "--ocaml-version"));
		append(w, l, str(w, q->ocaml_version));
	}
	if (q->dune_version) {
		append(w, l, str(w, "--dune-version"));
		append(w, l, str(w, q->dune_version));
	}
	if (q->build_only)
		append(w, l, str(w, "--build-only"));
	if (q->recurse)
		append(w, l, str(w, "--recurse"));
	if (q->require_cross_compile)
		append(w, l, str(w, "--require-cross-compile"));
	if (q->generator) {
		append(w, l, str(w, "--generator"));
		append(w, l, str(w, q->generator));
	}
	for (i = 0; i < q->roots.n; i++)
		append(w, l, str(w, q->roots.v[i]));
	return l;
}

/* The x-monolock-* fields: what the opam-monorepo format has no place for. */
static void add_monolock_fields(struct writer *w, const struct ml_lock *s)
{
	struct ml_opam_value *deps = list(w), *mirrors = list(w), *reasons = list(w),
			     *repos = list(w), *locals = list(w), *patches = list(w);
	size_t i;

	for (i = 0; i < s->npackages; i++) {
		const struct ml_lock_package *p = &s->packages[i];
		struct ml_opam_value *e;

		if (p->depends.n) {
			e = list(w);
			append(w, e, str(w, p->name));
			append(w, e, strvec_list(w, &p->depends));
			append(w, deps, e);
		}
		if (is_local_package(p)) {
			e = list(w);
			append(w, e, str(w, p->name));
			append(w, e, str(w, p->version));
			append(w, locals, e);
		} else if (!p->dir) {
			e = list(w);
			append(w, e, str(w, p->name));
			append(w, e, str(w, p->reason ? p->reason : ""));
			append(w, reasons, e);
		}
	}
	for (i = 0; i < s->nsources; i++) {
		struct ml_opam_value *e;

		if (!s->sources[i].mirrors.n)
			continue;
		e = list(w);
		append(w, e, str(w, s->sources[i].dir));
		append(w, e, strvec_list(w, &s->sources[i].mirrors));
		append(w, mirrors, e);
	}
	/* ["dir" "file" "sha256"], one per patch, in application order */
	for (i = 0; i < s->nsources; i++) {
		const struct ml_lock_source *src = &s->sources[i];

		for (size_t j = 0; j < src->patch_files.n && j < src->patch_sha256.n; j++) {
			struct ml_opam_value *e = list(w);

			append(w, e, str(w, src->dir));
			append(w, e, str(w, src->patch_files.v[j]));
			append(w, e, str(w, src->patch_sha256.v[j]));
			append(w, patches, e);
		}
	}
	for (i = 0; i < s->nrepos; i++) {
		const struct ml_lock_repo *r = &s->repos[i];
		struct ml_opam_value *e = list(w);

		append(w, e, str(w, r->url));
		if (r->commit) {
			append(w, e, str(w, "commit"));
			append(w, e, str(w, r->commit));
		} else if (r->hash) {
			append(w, e, str(w, "hash"));
			append(w, e, str(w, r->hash));
		}
		append(w, repos, e);
	}
	/* Extension fields in name order, as opam prints them. */
	if (deps->nitems)
		ml_opam_add_field(w->f, "x-monolock-depends", deps);
	ml_opam_add_field(w->f, "x-monolock-generator", str(w, s->generator));
	if (locals->nitems)
		ml_opam_add_field(w->f, "x-monolock-local-packages", locals);
	if (mirrors->nitems)
		ml_opam_add_field(w->f, "x-monolock-mirrors", mirrors);
	if (patches->nitems)
		ml_opam_add_field(w->f, "x-monolock-patches", patches);
	if (reasons->nitems)
		ml_opam_add_field(w->f, "x-monolock-reasons", reasons);
	if (repos->nitems)
		ml_opam_add_field(w->f, "x-monolock-repositories", repos);
	add_toolchain(w, &s->toolchain);
	if (!ml_lock_request_is_empty(s->request))
		ml_opam_add_field(w->f, "x-monolock-request", request_value(w, s->request));
}

/*
 * A repository in the project as opam-monorepo writes it: file://$OPAM_MONOREPO_CWD/<path>
 * (monolock records file://./<path>, relative to the project).
 */
static const char *monorepo_repo_url(struct writer *w, const char *url)
{
	if (!url)
		return NULL;
	if (!strcmp(url, "file://."))
		return OPAM_MONOREPO_CWD_URL;
	if (ml_starts_with(url, "file://./"))
		return keep(w,
			    ml_xasprintf("%s%s", OPAM_MONOREPO_CWD_URL, url + strlen("file://.")));
	return url;
}

static void add_monorepo_fields(struct writer *w, const struct ml_lock *s)
{
	struct ml_opam_value *vars = list(w), *provided = list(w), *repos = list(w);
	size_t i;

	/* as opam-monorepo's front end was given them, else monolock's request as arguments */
	if (s->cli_args.n)
		ml_opam_add_field(w->f, "x-opam-monorepo-cli-args", strvec_list(w, &s->cli_args));
	else if (!ml_lock_request_is_empty(s->request))
		ml_opam_add_field(w->f, "x-opam-monorepo-cli-args", cli_args_value(w, s->request));
	add_duniverse_dirs(w, s);
	for (i = 0; i < s->nvars; i++) {
		const char *v = s->vars[i].value ? s->vars[i].value : "";
		struct ml_opam_value *e = list(w);

		append(w, e, str(w, s->vars[i].name));
		if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
			append(w, e, ml_opam_new_bool(w->f, v[0] == 't'));
		else
			append(w, e, str(w, v));
		append(w, vars, e);
	}
	if (vars->nitems)
		ml_opam_add_field(w->f, "x-opam-monorepo-global-opam-vars", vars);
	for (i = 0; i < s->npackages; i++)
		if (!s->packages[i].dir && s->packages[i].reason &&
		    strcmp(s->packages[i].reason, "opam-provided") == 0)
			append(w, provided, str(w, s->packages[i].name));
	if (provided->nitems)
		ml_opam_add_field(w->f, "x-opam-monorepo-opam-provided", provided);
	for (i = 0; i < s->nrepos; i++)
		append(w, repos, str(w, monorepo_repo_url(w, s->repos[i].url)));
	if (repos->nitems)
		ml_opam_add_field(w->f, "x-opam-monorepo-opam-repositories", repos);
	ml_opam_add_field(w->f, "x-opam-monorepo-root-packages", strvec_list(w, &s->roots));
	ml_opam_add_field(w->f, "x-opam-monorepo-version", str(w, ML_LOCKFILE_OPAM_VERSION));
}

/*
 * `["name"...] {filter}` as opam-monorepo writes a depexts entry. A filter that does not
 * parse (ml_lock_validate refuses such a lock) is left out, so the text reads back different
 * and ml_lockfile_render_checked refuses to write it.
 */
static struct ml_opam_value *depext_entry(struct writer *w, const struct ml_lock_depext *d)
{
	struct ml_opam_value *names = strvec_list(w, &d->names), *opt;
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_opam_value *parsed;
	struct ml_opam_file *f = NULL;

	if (!d->filter || ml_opam_parse_filter(&f, &parsed, d->filter, "depexts", &err) < 0) {
		ml_error_release(&err);
		return names;
	}
	opt = ml_opam_new_option(w->f, names);
	for (size_t i = 0; i < parsed->nitems; i++)
		append(w, opt, ml_opam_value_copy(w->f, parsed->items[i]));
	ml_opam_file_free(f);
	return opt;
}

void ml_lockfile_opam_render(struct ml_buf *out, const struct ml_lock *lock)
{
	struct writer w = { NULL, ML_STRVEC_INIT };
	struct ml_lock *s = ml_lock_dup(lock);
	struct ml_opam_value *deps, *pins, *depexts;
	size_t i;

	ml_lock_sort(s);
	w.f = ml_opam_file_new(ML_LOCKFILE_OPAM_SUFFIX);
	ml_opam_add_field(w.f, "opam-version", str(&w, "2.0"));
	ml_opam_add_field(w.f, "synopsis", str(&w, SYNOPSIS));
	ml_opam_add_field(w.f, "maintainer", str(&w, MAINTAINER));

	deps = list(&w);
	pins = list(&w);
	for (i = 0; i < s->npackages; i++) {
		const struct ml_lock_package *p = &s->packages[i];
		const struct ml_lock_source *src;
		struct ml_opam_value *pin;

		/* the project's own packages are not dependencies: opam would look for them */
		if (is_local_package(p))
			continue;
		append(&w, deps, depends_atom(&w, p));
		src = p->dir ? ml_lock_find_source(s, p->dir) : NULL;
		if (!src)
			continue;
		pin = list(&w);
		append(&w, pin,
		       str(&w, keep(&w, ml_xasprintf("%s.%s", p->name ? p->name : "",
						     p->version ? p->version : ""))));
		append(&w, pin, str(&w, source_url(&w, src)));
		append(&w, pins, pin);
	}
	ml_opam_add_field(w.f, "depends", deps);
	if (pins->nitems)
		ml_opam_add_field(w.f, "pin-depends", pins);
	if (s->ndepexts) {
		depexts = list(&w);
		for (i = 0; i < s->ndepexts; i++)
			append(&w, depexts, depext_entry(&w, &s->depexts[i]));
		ml_opam_add_field(w.f, "depexts", depexts);
	}
	add_monolock_fields(&w, s);
	add_monorepo_fields(&w, s);

	ml_opam_print(out, w.f);
	ml_opam_file_free(w.f);
	ml_strvec_release(&w.keep);
	ml_lock_free(s);
}

int ml_lockfile_opam_write(bool *changed, const char *path, const struct ml_lock *lock,
			   struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	ret = ml_lockfile_render_checked(&b, path, lock, true, err);
	if (ret < 0)
		goto out;
	ret = ml_lockfile_write_bytes(changed, path, b.buf, b.len, err);
out:
	ml_buf_release(&b);
	return ret;
}

/* ---- parsing ---- */

struct reader {
	const struct ml_opam_file *f;
	const char *path;
	struct ml_error *err;
};

static int bad_at(struct reader *r, const struct ml_opam_value *v, const char *field,
		  const char *what)
{
	return ml_error_setat(r->err, ML_EPARSE, r->path, v ? v->line : 0, v ? v->col : 0, "%s: %s",
			      field, what);
}

static bool is_str(const struct ml_opam_value *v)
{
	return v && v->kind == ML_OPAM_STRING && strlen(v->s) == v->len &&
	       v->len <= ML_LOCK_MAX_STRING;
}

/* opam lets a one-element list be written without brackets: any other value is a list of
 * itself. */
/* Item i of a list value (or the value itself when it is not a list). */
static const struct ml_opam_value *item_at(const struct ml_opam_value *v, size_t i)
{
	return v->kind == ML_OPAM_LIST ? v->items[i] : v;
}

static size_t count_of(const struct ml_opam_value *v)
{
	return v->kind == ML_OPAM_LIST ? v->nitems : 1;
}

/* A list of strings (or one string) into sv. */
static int read_strings(struct reader *r, const struct ml_opam_value *v, const char *field,
			struct ml_strvec *sv)
{
	size_t i, n = count_of(v);

	if (n > ML_LOCK_MAX_ITEMS)
		return bad_at(r, v, field, "too many items");
	for (i = 0; i < n; i++) {
		const struct ml_opam_value *it = item_at(v, i);

		if (!is_str(it))
			return bad_at(r, it, field, "expected a string");
		ml_strvec_push(sv, it->s);
	}
	return 0;
}

/* A list of lists: `v` itself counts as one entry when its first item is not a list. */
static bool is_flat_entry(const struct ml_opam_value *v)
{
	return v->kind == ML_OPAM_LIST && v->nitems > 0 && v->items[0]->kind != ML_OPAM_LIST;
}

static size_t entries_count(const struct ml_opam_value *v)
{
	if (is_flat_entry(v))
		return 1;
	return v->kind == ML_OPAM_LIST ? v->nitems : 0;
}

static const struct ml_opam_value *entry_at(const struct ml_opam_value *v, size_t i)
{
	return is_flat_entry(v) ? v : v->items[i];
}

/* Checks that `v` is a list of lists whose entries are lists (returns their count). */
static int read_entries(struct reader *r, const struct ml_opam_value *v, const char *field,
			size_t *n)
{
	size_t i;

	if (v->kind != ML_OPAM_LIST)
		return bad_at(r, v, field, "expected a list");
	*n = entries_count(v);
	if (*n > ML_LOCK_MAX_ITEMS)
		return bad_at(r, v, field, "too many items");
	for (i = 0; i < *n; i++)
		if (entry_at(v, i)->kind != ML_OPAM_LIST)
			return bad_at(r, entry_at(v, i), field, "expected a list");
	return 0;
}

static bool is_vendor_filter(const struct ml_opam_value *v)
{
	return v->kind == ML_OPAM_PFXOP && v->op == ML_OPAM_OP_DEFINED && v->a &&
	       v->a->kind == ML_OPAM_IDENT && strcmp(v->a->s, "vendor") == 0;
}

static bool is_exact_version(const struct ml_opam_value *v)
{
	return v->kind == ML_OPAM_PREFIX_RELOP && v->op == ML_OPAM_OP_EQ && is_str(v->a);
}

/* "name" {= "v"} or "name" {= "v" & ?vendor} (either order around the &). */
static int read_depend(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock,
		       bool *vendored)
{
	const struct ml_opam_value *f, *ver = NULL;
	struct ml_lock_package *p;

	if (v->kind != ML_OPAM_OPTION || !is_str(v->a) || v->nitems != 1)
		goto shape;
	f = v->items[0];
	*vendored = false;
	if (is_exact_version(f)) {
		ver = f->a;
	} else if (f->kind == ML_OPAM_LOGOP && f->op == ML_OPAM_OP_AND && f->a && f->b2) {
		if (is_exact_version(f->a) && is_vendor_filter(f->b2))
			ver = f->a->a;
		else if (is_vendor_filter(f->a) && is_exact_version(f->b2))
			ver = f->b2->a;
		*vendored = true;
	}
	if (!ver)
		goto shape;
	p = ml_lock_add_package(lock);
	p->name = ml_strdup(v->a->s);
	p->version = ml_strdup(ver->s);
	return 0;
shape:
	return bad_at(r, v, "depends",
		      "expected \"name\" {= \"version\"} or \"name\" {= \"version\" & ?vendor}");
}

struct dirent_ {
	const struct ml_opam_value *at;
	const char *url; /* as written, with a git #commit */
	const char *dir;
	struct ml_lock_source *src;
};

static int dirent_cmp(const void *pa, const void *pb)
{
	const struct dirent_ *a = pa, *b = pb;

	return strcmp(a->url, b->url);
}

static int dirent_key_cmp(const void *key, const void *elem)
{
	const struct dirent_ *d = elem;

	return strcmp(key, d->url);
}

static int package_key_cmp(const void *key, const void *elem)
{
	const struct ml_lock_package *p = elem;

	return strcmp(key, p->name);
}

/* Lookups while reading: packages are sorted by name once depends has been read. */
static struct ml_lock_package *find_pkg(struct ml_lock *lock, const char *name)
{
	/* `depends: []` leaves packages NULL, which bsearch must not be given even for 0 items. */
	if (!lock->npackages)
		return NULL;
	return bsearch(name, lock->packages, lock->npackages, sizeof(*lock->packages),
		       package_key_cmp);
}

static bool is_git_url(const char *url)
{
	return ml_starts_with(url, "git+") || ml_starts_with(url, "git://");
}

/*
 * A git url of a lock must end in "#<commit>": 40 lowercase hex digits, as opam-monorepo
 * writes them. The message says which part is wrong (NULL when the url is fine).
 */
static const char *git_url_fault(const char *url)
{
	const char *hash = strrchr(url, '#'), *c;
	bool upper = false;

	if (!hash)
		return "it names no commit (expected git+URL#<40 lowercase hex digits>)";
	if (ml_lock_is_commit(hash + 1))
		return NULL;
	for (c = hash + 1; *c; c++)
		upper = upper || (*c >= 'A' && *c <= 'F');
	if (strlen(hash + 1) == 40 && strspn(hash + 1, "0123456789abcdefABCDEF") == 40 && upper)
		return "its commit has uppercase hex digits (a commit is 40 lowercase hex digits)";
	return "what follows '#' is not a commit (a lock pins git sources to 40 lowercase hex "
	       "digits, not a branch or tag)";
}

/* Builds a source per duniverse dir; *out is sorted by url. */
static int read_duniverse_dirs(struct reader *r, const struct ml_opam_value *v,
			       struct ml_lock *lock, struct dirent_ **out, size_t *nout)
{
	static const char field[] = "x-opam-monorepo-duniverse-dirs";
	struct ml_error sub = ML_ERROR_INIT;
	struct dirent_ *dirs = NULL;
	size_t i, j, n = 0;
	int ret;

	ret = read_entries(r, v, field, &n);
	if (ret < 0)
		return ret;
	dirs = ml_calloc(n + 1, sizeof(*dirs));
	for (i = 0; i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_source *s;
		const char *hash;

		if ((e->nitems != 2 && e->nitems != 3) || !is_str(e->items[0]) ||
		    !is_str(e->items[1]) || (e->nitems == 3 && e->items[2]->kind != ML_OPAM_LIST)) {
			ret = bad_at(r, e, field, "expected [\"url\" \"dir\" [\"hash\"...]]");
			goto out;
		}
		if (ml_lock_check_dir(e->items[1]->s, &sub) < 0) {
			ret = bad_at(r, e->items[1], field, sub.msg);
			ml_error_release(&sub);
			goto out;
		}
		s = ml_lock_add_source(lock);
		dirs[i].at = e->items[0];
		dirs[i].url = e->items[0]->s;
		dirs[i].dir = e->items[1]->s;
		s->dir = ml_strdup(e->items[1]->s);
		if (is_git_url(dirs[i].url) && git_url_fault(dirs[i].url)) {
			char *what = ml_xasprintf("git url '%.200s': %s", dirs[i].url,
						  git_url_fault(dirs[i].url));

			ret = bad_at(r, e->items[0], field, what);
			free(what);
			goto out;
		}
		/* git+https://host/repo.git#<commit>: the commit goes where the lock keeps it. */
		hash = strrchr(dirs[i].url, '#');
		if (hash && ml_lock_is_commit(hash + 1)) {
			s->url = ml_strndup(dirs[i].url, (size_t)(hash - dirs[i].url));
			s->commit = ml_strdup(hash + 1);
		} else {
			s->url = ml_strdup(dirs[i].url);
		}
		if (e->nitems == 3) {
			ret = read_strings(r, e->items[2], field, &s->checksums);
			if (ret < 0)
				goto out;
		}
	}
	/* Sources were appended: their addresses are stable only now. */
	for (i = 0; i < n; i++)
		dirs[i].src = &lock->sources[lock->nsources - n + i];
	/* Sorted by url for read_pins' lookups; a url twice is ambiguous. */
	qsort(dirs, n, sizeof(*dirs), dirent_cmp);
	for (j = 1; j < n; j++) {
		if (strcmp(dirs[j - 1].url, dirs[j].url) == 0) {
			ret = bad_at(r, dirs[j].at, field, "url listed twice");
			goto out;
		}
	}
	*out = dirs;
	*nout = n;
	dirs = NULL;
out:
	free(dirs);
	return ret;
}

static int read_pins(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock,
		     const struct dirent_ *dirs, size_t ndirs)
{
	static const char field[] = "pin-depends";
	size_t i, n = 0;
	int ret;

	ret = read_entries(r, v, field, &n);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_package *p;
		const struct dirent_ *d;
		const char *nv, *dot;
		char *name;

		if (e->nitems != 2 || !is_str(e->items[0]) || !is_str(e->items[1]))
			return bad_at(r, e, field, "expected [\"name.version\" \"url\"]");
		nv = e->items[0]->s;
		dot = strchr(nv, '.');
		if (!dot || dot == nv || !dot[1])
			return bad_at(r, e->items[0], field, "expected \"name.version\"");
		name = ml_strndup(nv, (size_t)(dot - nv));
		p = find_pkg(lock, name);
		free(name);
		if (!p)
			return bad_at(r, e->items[0], field, "package not in depends");
		if (strcmp(p->version, dot + 1) != 0)
			return bad_at(r, e->items[0], field, "version differs from depends");
		/* dir is set only on vendored packages, as a marker, before this runs. */
		if (!p->dir)
			continue; /* a pinned package that opam provides: nothing to pull */
		if (p->dir[0])
			return bad_at(r, e->items[0], field, "package pinned twice");
		d = ndirs ? bsearch(e->items[1]->s, dirs, ndirs, sizeof(*dirs), dirent_key_cmp)
			  : NULL;
		if (!d)
			return bad_at(r, e->items[1], field,
				      "url has no entry in x-opam-monorepo-duniverse-dirs");
		free(p->dir);
		p->dir = ml_strdup(d->dir);
		ml_strvec_push(&d->src->packages, p->name);
		/* this format pins every source: a local directory is one of the project's pins */
		d->src->pin = ml_lock_source_is_local(d->src);
	}
	return 0;
}

/* [["name" "x"]...] pairs of strings, calling back for each. */
static int read_reasons(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-reasons";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_package *p;

		if (e->nitems != 2 || !is_str(e->items[0]) || !is_str(e->items[1]))
			return bad_at(r, e, field, "expected [\"name\" \"reason\"]");
		p = find_pkg(lock, e->items[0]->s);
		if (!p)
			return bad_at(r, e, field, "package not in depends");
		if (p->dir)
			return bad_at(r, e, field, "package is vendored");
		free(p->reason);
		p->reason = ml_strdup(e->items[1]->s);
	}
	return ret;
}

static int read_mldepends(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-depends";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_package *p;

		if (e->nitems != 2 || !is_str(e->items[0]) || e->items[1]->kind != ML_OPAM_LIST)
			return bad_at(r, e, field, "expected [\"name\" [\"dependency\"...]]");
		p = find_pkg(lock, e->items[0]->s);
		if (!p)
			return bad_at(r, e, field, "package not in depends");
		ret = read_strings(r, e->items[1], field, &p->depends);
	}
	return ret;
}

static int read_mirrors(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-mirrors";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_source *s;

		if (e->nitems != 2 || !is_str(e->items[0]) || e->items[1]->kind != ML_OPAM_LIST)
			return bad_at(r, e, field, "expected [\"dir\" [\"url\"...]]");
		s = (struct ml_lock_source *)ml_lock_find_source(lock, e->items[0]->s);
		if (!s)
			return bad_at(r, e, field, "no such duniverse dir");
		ret = read_strings(r, e->items[1], field, &s->mirrors);
	}
	return ret;
}

/* x-monolock-patches: [["dir" "file" "sha256"]...]; paths and sums checked by validate. */
static int read_patches(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-patches";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_source *s;

		if (e->nitems != 3 || !is_str(e->items[0]) || !is_str(e->items[1]) ||
		    !is_str(e->items[2]))
			return bad_at(r, e, field, "expected [\"dir\" \"file\" \"sha256\"]");
		s = (struct ml_lock_source *)ml_lock_find_source(lock, e->items[0]->s);
		if (!s)
			return bad_at(r, e, field, "no such duniverse dir");
		if (s->patch_files.n >= ML_LOCK_MAX_PATCHES)
			return bad_at(r, e, field, "too many patches");
		ml_strvec_push(&s->patch_files, e->items[1]->s);
		ml_strvec_push(&s->patch_sha256, e->items[2]->s);
	}
	return ret;
}

static int read_mlrepos(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-repositories";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_repo *repo;
		bool ok = is_str(e->items[0]) &&
			  (e->nitems == 1 ||
			   (e->nitems == 3 && is_str(e->items[1]) && is_str(e->items[2]) &&
			    (strcmp(e->items[1]->s, "commit") == 0 ||
			     strcmp(e->items[1]->s, "hash") == 0)));

		if (!ok)
			return bad_at(
			    r, e, field,
			    "expected [\"url\"], [\"url\" \"commit\" \"<sha1>\"] or [\"url\" \"hash\" \"<kind=hex>\"]");
		repo = ml_lock_add_repo(lock);
		repo->url = ml_strdup(e->items[0]->s);
		if (e->nitems == 3 && e->items[1]->s[0] == 'c')
			repo->commit = ml_strdup(e->items[2]->s);
		else if (e->nitems == 3)
			repo->hash = ml_strdup(e->items[2]->s);
	}
	return ret;
}

static int read_toolchain(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-toolchain";
	struct ml_lock_toolchain *t = &lock->toolchain;
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		char **version, **from;

		if (e->nitems != 3 || !is_str(e->items[0]) || !is_str(e->items[1]) ||
		    !is_str(e->items[2]))
			return bad_at(r, e, field,
				      "expected [\"ocaml\"|\"dune\" \"version\" \"from\"]");
		if (strcmp(e->items[0]->s, "ocaml") == 0)
			version = &t->ocaml, from = &t->ocaml_from;
		else if (strcmp(e->items[0]->s, "dune") == 0)
			version = &t->dune_max, from = &t->dune_from;
		else
			return bad_at(r, e, field, "not ocaml or dune");
		if (*version)
			return bad_at(r, e, field, "set twice");
		if (!ml_tool_version_valid(e->items[1]->s))
			return bad_at(r, e, field, "not a version");
		*version = ml_strdup(e->items[1]->s);
		*from = ml_strdup(e->items[2]->s);
	}
	return ret;
}

/* x-monolock-request (see request_value); ml_lock_validate checks the values. */
static int read_request(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-request";
	static const char *const one[] = { "root",        "pin",           "opam-provided",
					   "variable",    "ocaml-version", "generator",
					   "dune-version" };
	struct ml_lock_request *q;
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	if (ret < 0)
		return ret;
	q = lock->request = ml_lock_request_new();
	for (i = 0; i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		const char *kind;
		size_t k;

		for (k = 0; k < e->nitems; k++)
			if (!is_str(e->items[k]))
				return bad_at(r, e, field, "expected a list of strings");
		if (!e->nitems)
			return bad_at(r, e, field, "empty entry");
		kind = e->items[0]->s;
		if (!strcmp(kind, "repository")) {
			struct ml_lock_request_repo *repo;
			bool ok =
			    (e->nitems == 3 || e->nitems == 5) &&
			    (!strcmp(e->items[1]->s, "path") || !strcmp(e->items[1]->s, "url")) &&
			    (e->nitems == 3 || !strcmp(e->items[3]->s, "commit") ||
			     !strcmp(e->items[3]->s, "sha256"));

			if (!ok)
				return bad_at(
				    r, e, field,
				    "expected [\"repository\" \"path\"|\"url\" X] "
				    "optionally followed by \"commit\" C or \"sha256\" H");
			if (q->nrepos >= ML_LOCK_REQUEST_MAX_REPOS)
				return bad_at(r, e, field, "too many repositories");
			repo = ml_lock_request_add_repo(q);
			*(e->items[1]->s[0] == 'p' ? &repo->path : &repo->url) =
			    ml_strdup(e->items[2]->s);
			if (e->nitems == 5)
				*(e->items[3]->s[0] == 'c' ? &repo->commit : &repo->sha256) =
				    ml_strdup(e->items[4]->s);
			continue;
		}
		if (!strcmp(kind, "build-only") || !strcmp(kind, "recurse") ||
		    !strcmp(kind, "require-cross-compile")) {
			if (e->nitems != 1)
				return bad_at(
				    r, e, field,
				    "expected [\"build-only\"], [\"recurse\"] or [\"require-cross-compile\"]");
			*(kind[0] == 'b'             ? &q->build_only
			  : !strcmp(kind, "recurse") ? &q->recurse
						     : &q->require_cross_compile) = true;
			continue;
		}
		for (k = 0; k < ML_ARRAY_SIZE(one); k++)
			if (!strcmp(kind, one[k]))
				break;
		if (k == ML_ARRAY_SIZE(one) || e->nitems != 2)
			return bad_at(r, e, field, "unknown entry");
		switch (k) {
		case 0:
			ml_strvec_push(&q->roots, e->items[1]->s);
			break;
		case 1:
			ml_strvec_push(&q->pins, e->items[1]->s);
			break;
		case 2:
			ml_strvec_push(&q->opam_provided, e->items[1]->s);
			break;
		case 3:
			ml_strvec_push(&q->vars, e->items[1]->s);
			break;
		case 4:
		case 5:
		case 6: {
			char **dst = k == 4   ? &q->ocaml_version
				     : k == 5 ? &q->generator
					      : &q->dune_version;

			if (*dst)
				return bad_at(r, e, field, "given twice");
			*dst = ml_strdup(e->items[1]->s);
			break;
		}
		}
	}
	return 0;
}

static int read_vars(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-opam-monorepo-global-opam-vars";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		const struct ml_opam_value *val;

		if (e->nitems != 2 || !is_str(e->items[0]))
			return bad_at(r, e, field, "expected [\"name\" value]");
		val = e->items[1];
		if (ml_lock_get_var(lock, e->items[0]->s))
			return bad_at(r, e, field, "variable set twice");
		if (val->kind == ML_OPAM_BOOL)
			ml_lock_set_var(lock, e->items[0]->s, val->b ? "true" : "false");
		else if (is_str(val))
			ml_lock_set_var(lock, e->items[0]->s, val->s);
		else
			return bad_at(
			    r, val, field,
			    "expected a string or a boolean (list values are not supported)");
	}
	return ret;
}

/* One entry, its filter kept in canonical text (ml_lock_depext_filter_canon). */
static int read_depext_entry(struct reader *r, const struct ml_opam_value *e, struct ml_lock *lock)
{
	const struct ml_opam_value *names = e->kind == ML_OPAM_OPTION ? e->a : e;
	struct ml_lock_depext *d;
	int ret;

	if (!names || names->kind != ML_OPAM_LIST)
		return bad_at(r, e, "depexts", "expected [\"name\"...] {filter}");
	d = ml_lock_add_depext(lock);
	ret = read_strings(r, names, "depexts", &d->names);
	if (ret == 0 && e->kind == ML_OPAM_OPTION && e->nitems) {
		struct ml_buf text = ML_BUF_INIT;

		ml_opam_print_filter(&text, e->items, e->nitems);
		ret = ml_lock_depext_filter_canon(&d->filter, text.buf, r->path, r->err);
		if (ret < 0) {
			/* with the entry's position */
			char *msg = ml_strdup(r->err->msg ? r->err->msg : "bad filter");

			ret = bad_at(r, e, "depexts", msg);
			free(msg);
		}
		ml_buf_release(&text);
	}
	return ret;
}

/*
 * depexts: [["pkg"...] {filter}...]: each entry with its filter, not evaluated (`depext`
 * does that on the host where it runs). One entry may be written without the outer
 * brackets.
 */
static int read_depexts(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	bool flat = v->kind == ML_OPAM_OPTION;
	size_t i;
	int ret = 0;

	if (v->kind == ML_OPAM_LIST) {
		flat = v->nitems > 0;
		for (i = 0; i < v->nitems; i++)
			if (v->items[i]->kind != ML_OPAM_STRING)
				flat = false;
		if (v->nitems > ML_LOCK_MAX_ITEMS)
			return bad_at(r, v, "depexts", "too many items");
	} else if (!flat) {
		return bad_at(r, v, "depexts", "expected a list");
	}
	if (flat)
		ret = read_depext_entry(r, v, lock);
	for (i = 0; !flat && ret == 0 && i < v->nitems; i++)
		ret = read_depext_entry(r, v->items[i], lock);
	return ret;
}

static int read_version(struct reader *r)
{
	static const char field[] = "x-opam-monorepo-version";
	const struct ml_opam_value *v = ml_opam_field(r->f, field);

	if (!v)
		return ml_error_setat(r->err, ML_EPARSE, r->path, 0, 0,
				      "missing %s (not an opam-monorepo lock file?)", field);
	if (!is_str(v))
		return bad_at(r, v, field, "expected a string");
	if (strcmp(v->s, ML_LOCKFILE_OPAM_VERSION) != 0)
		return ml_error_setat(
		    r->err, ML_EPARSE, r->path, v->line, v->col,
		    "%s: unsupported version \"%.40s\" (this monolock reads \"%s\")", field, v->s,
		    ML_LOCKFILE_OPAM_VERSION);
	return 0;
}

static int read_packages(struct reader *r, struct ml_lock *lock, struct ml_strvec *provided)
{
	const struct ml_opam_value *deps = ml_opam_field(r->f, "depends"), *v;
	size_t i, n;
	int ret;

	if (!deps)
		return ml_error_setat(r->err, ML_EPARSE, r->path, 0, 0, "missing depends");
	n = count_of(deps);
	if (n > ML_LOCK_MAX_ITEMS)
		return bad_at(r, deps, "depends", "too many items");
	for (i = 0; i < n; i++) {
		bool vendored = false;

		ret = read_depend(r, item_at(deps, i), lock, &vendored);
		if (ret < 0)
			return ret;
		/* An empty dir marks "vendored, pin not seen yet" for read_pins. */
		if (vendored)
			lock->packages[lock->npackages - 1].dir = ml_strdup("");
	}
	v = ml_opam_field(r->f, "x-opam-monorepo-opam-provided");
	if (v) {
		ret = read_strings(r, v, "x-opam-monorepo-opam-provided", provided);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < lock->npackages; i++) {
		struct ml_lock_package *p = &lock->packages[i];

		if (p->dir)
			continue;
		p->reason = ml_strdup(ml_strvec_contains(provided, p->name)
					  ? "opam-provided"
					  : ml_lock_guess_reason(p->name));
	}
	return 0;
}

/* x-monolock-local-packages: [["name" "version"]...], the project's packages (roots). */
static int read_locals(struct reader *r, const struct ml_opam_value *v, struct ml_lock *lock)
{
	static const char field[] = "x-monolock-local-packages";
	size_t i, n = 0;
	int ret = read_entries(r, v, field, &n);

	for (i = 0; ret == 0 && i < n; i++) {
		const struct ml_opam_value *e = entry_at(v, i);
		struct ml_lock_package *p;

		if (e->nitems != 2 || !is_str(e->items[0]) || !is_str(e->items[1]))
			return bad_at(r, e, field, "expected [\"name\" \"version\"]");
		p = ml_lock_add_package(lock);
		p->name = ml_strdup(e->items[0]->s);
		p->version = ml_strdup(e->items[1]->s);
		p->reason = ml_strdup("root");
	}
	return ret;
}

static int read_file(struct reader *r, struct ml_lock *lock)
{
	struct ml_strvec provided = ML_STRVEC_INIT;
	struct dirent_ *dirs = NULL;
	const struct ml_opam_value *v;
	size_t i, ndirs = 0;
	int ret;

	ret = read_version(r);
	if (ret < 0)
		goto out;
	v = ml_opam_field(r->f, "x-opam-monorepo-root-packages");
	if (!v) {
		ret = ml_error_setat(r->err, ML_EPARSE, r->path, 0, 0,
				     "missing x-opam-monorepo-root-packages");
		goto out;
	}
	ret = read_strings(r, v, "x-opam-monorepo-root-packages", &lock->roots);
	if (ret < 0)
		goto out;
	ret = read_packages(r, lock, &provided);
	if (ret < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-monolock-local-packages")) &&
	    (ret = read_locals(r, v, lock)) < 0)
		goto out;
	ml_lock_sort(lock); /* for find_pkg */
	v = ml_opam_field(r->f, "x-opam-monorepo-duniverse-dirs");
	if (v) {
		ret = read_duniverse_dirs(r, v, lock, &dirs, &ndirs);
		if (ret < 0)
			goto out;
	}
	v = ml_opam_field(r->f, "pin-depends");
	if (v) {
		ret = read_pins(r, v, lock, dirs, ndirs);
		if (ret < 0)
			goto out;
	}
	for (i = 0; i < lock->npackages; i++) {
		struct ml_lock_package *p = &lock->packages[i];

		/* opam-monorepo pulls what pin-depends names, and nothing else */
		if (p->dir && !p->dir[0]) {
			ml_strvec_push_owned(
			    &lock->warnings,
			    ml_xasprintf("%s: depends: '%s' is marked ?vendor but has "
					 "no pin-depends url: not pulled",
					 r->path, p->name));
			free(p->dir);
			p->dir = NULL;
			p->reason = ml_strdup("opam-provided");
		}
	}
	v = ml_opam_field(r->f, "x-monolock-generator");
	if (v) {
		if (!is_str(v)) {
			ret = bad_at(r, v, "x-monolock-generator", "expected a string");
			goto out;
		}
		free(lock->generator);
		lock->generator = ml_strdup(v->s);
	}
	if ((v = ml_opam_field(r->f, "x-monolock-reasons")) && (ret = read_reasons(r, v, lock)) < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-monolock-depends")) &&
	    (ret = read_mldepends(r, v, lock)) < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-monolock-patches")) && (ret = read_patches(r, v, lock)) < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-monolock-mirrors")) && (ret = read_mirrors(r, v, lock)) < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-monolock-toolchain")) &&
	    (ret = read_toolchain(r, v, lock)) < 0)
		goto out;
	v = ml_opam_field(r->f, "x-monolock-repositories");
	if (v) {
		ret = read_mlrepos(r, v, lock);
	} else if ((v = ml_opam_field(r->f, "x-opam-monorepo-opam-repositories"))) {
		struct ml_strvec urls = ML_STRVEC_INIT;

		ret = read_strings(r, v, "x-opam-monorepo-opam-repositories", &urls);
		for (i = 0; ret == 0 && i < urls.n; i++)
			ml_lock_add_repo(lock)->url = ml_strdup(urls.v[i]);
		ml_strvec_release(&urls);
	}
	if (ret < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-opam-monorepo-global-opam-vars")) &&
	    (ret = read_vars(r, v, lock)) < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "depexts")) && (ret = read_depexts(r, v, lock)) < 0)
		goto out;
	if ((v = ml_opam_field(r->f, "x-monolock-request")) && (ret = read_request(r, v, lock)) < 0)
		goto out;
	/* kept so that a re-lock with the same arguments writes the same bytes */
	if ((v = ml_opam_field(r->f, "x-opam-monorepo-cli-args")) &&
	    (ret = read_strings(r, v, "x-opam-monorepo-cli-args", &lock->cli_args)) < 0)
		goto out;
out:
	free(dirs);
	ml_strvec_release(&provided);
	return ret;
}

int ml_lockfile_opam_parse(struct ml_lock **out, const char *path, const char *data, size_t len,
			   struct ml_error *err)
{
	struct ml_opam_file *f = NULL;
	struct ml_lock *lock = NULL;
	struct reader r;
	int ret;

	ret = ml_opam_parse(&f, path, data, len, err);
	if (ret < 0)
		goto out;
	r.f = f;
	r.path = path;
	r.err = err;
	lock = ml_lock_new();
	ret = read_file(&r, lock);
	if (ret < 0)
		goto out;
	ret = ml_lock_validate_sort(lock, path, err);
	if (ret < 0)
		goto out;
	*out = lock;
	lock = NULL;
out:
	ml_lock_free(lock);
	ml_opam_file_free(f);
	return ret;
}

int ml_lockfile_opam_read(struct ml_lock **out, const char *path, struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	ret = ml_fs_read(&b, path, ML_OPAM_MAX_FILE_SIZE, err);
	if (ret == 0)
		ret = ml_lockfile_opam_parse(out, path, b.buf, b.len, err);
	ml_buf_release(&b);
	return ret;
}
