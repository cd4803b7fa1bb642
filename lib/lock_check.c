/*
 * `lock --check` without re-solving (lib/lock_check.h): the locked versions checked against
 * the opam files the universe holds now.
 */
#include "lock_check.h"
#include "buf.h"
#include "error.h"
#include "filter.h"
#include "lock.h"
#include "opam.h"
#include "repo.h"
#include "util.h"
#include "vendor.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct checker {
	struct ml_universe *u;
	const struct ml_lock *lock;
	const struct ml_lock_check_opts *o;
	struct ml_vars *root_vars;
	struct ml_strvec *reasons;
	bool *reached;             /* per lock package */
	struct ml_strvec queue;    /* names to visit */
	struct ml_strvec queue_by; /* who needs them ("" for a root) */
	struct ml_lock *depexts;   /* the depexts of the packages checked, as lock makes them */
	size_t *byname;            /* lock package indexes sorted by name, then index */
	size_t nbyname;            /* (packages without a name are left out) */
};

static void reason(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct checker *c, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	s = ml_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (c->reasons->n < ML_LOCK_CHECK_MAX_REASONS && !ml_strvec_contains(c->reasons, s))
		ml_strvec_push_owned(c->reasons, s);
	else
		free(s);
}

static int byname_cmp(const void *a, const void *b, void *ctx)
{
	const struct ml_lock *lock = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(lock->packages[x].name, lock->packages[y].name);

	return c ? c : (x > y) - (x < y);
}

/*
 * The lock's package named `name`: the first one, as ml_lock_find_package (a check looks
 * names up once per atom: a binary search, not a scan of the lock).
 */
static const struct ml_lock_package *find_locked(const struct checker *c, const char *name)
{
	size_t lo = 0, hi = c->nbyname;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(c->lock->packages[c->byname[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->nbyname && strcmp(c->lock->packages[c->byname[lo]].name, name) == 0)
		return &c->lock->packages[c->byname[lo]];
	return NULL;
}

static const char *locked_version(void *ctx, const char *name)
{
	const struct ml_lock_package *p = find_locked(ctx, name);

	return p ? p->version : NULL;
}

static void visit(struct checker *c, const char *name, const char *by)
{
	ml_strvec_push(&c->queue, name);
	ml_strvec_push(&c->queue_by, by);
}

/* "file:line:col" of an atom (or of the package's file when the node is unknown). */
static void where(struct ml_buf *b, const struct ml_package *pkg, const struct ml_opam_value *v)
{
	if (v && v->line)
		ml_buf_addf(b, "%s:%d:%d", pkg->path, v->line, v->col);
	else
		ml_buf_adds(b, pkg->path);
}

/* The depends formula: every conjunct holds for the locked versions; what it needs is visited. */
static void check_depends(struct checker *c, const struct ml_package *pkg,
			  const struct ml_formula *f)
{
	struct ml_buf w = ML_BUF_INIT, vf = ML_BUF_INIT;

	if (!f)
		return;
	switch (f->kind) {
	case ML_FORMULA_AND:
		check_depends(c, pkg, f->a);
		check_depends(c, pkg, f->b);
		break;
	case ML_FORMULA_ATOM: {
		const char *v = locked_version(c, f->name);
		bool holds = v && ml_vformula_holds(f->vf, v);

		/* where and what only for a reason: most atoms hold */
		if (!holds) {
			where(&w, pkg, f->src);
			if (f->vf)
				ml_vformula_print(&vf, f->vf);
		}
		if (!v)
			reason(
			    c,
			    "%s: %s.%s depends on %s%s%s, which the lock does not have: %s would be added",
			    w.buf, pkg->name, pkg->version, f->name, vf.len ? " " : "",
			    vf.len ? vf.buf : "", f->name);
		else if (!holds)
			reason(c, "%s: %s.%s needs %s %s, the lock has %s %s", w.buf, pkg->name,
			       pkg->version, f->name, vf.buf, f->name, v);
		if (v)
			visit(c, f->name, pkg->name);
		break;
	}
	case ML_FORMULA_OR: {
		struct ml_strvec names = ML_STRVEC_INIT;

		ml_formula_names(f, &names);
		if (!ml_formula_holds(f, locked_version, c)) {
			struct ml_buf p = ML_BUF_INIT;
			const struct ml_formula *first = f;

			while (first->kind != ML_FORMULA_ATOM)
				first = first->a;
			where(&w, pkg, first->src);
			ml_formula_print(&p, f);
			reason(c, "%s: %s.%s needs %s, which the locked versions do not satisfy",
			       w.buf, pkg->name, pkg->version, p.buf);
			ml_buf_release(&p);
		}
		for (size_t i = 0; i < names.n; i++)
			if (locked_version(c, names.v[i]))
				visit(c, names.v[i], pkg->name);
		ml_strvec_release(&names);
		break;
	}
	}
	ml_buf_release(&w);
	ml_buf_release(&vf);
}

/* Conflicts: no atom may hold for a locked package. */
static void check_conflicts(struct checker *c, const struct ml_package *pkg,
			    const struct ml_formula *f)
{
	if (!f)
		return;
	if (f->kind != ML_FORMULA_ATOM) {
		check_conflicts(c, pkg, f->a);
		check_conflicts(c, pkg, f->b);
		return;
	}
	const char *v = locked_version(c, f->name);

	if (v && ml_vformula_holds(f->vf, v)) {
		struct ml_buf w = ML_BUF_INIT;

		where(&w, pkg, f->src);
		reason(c, "%s: %s.%s conflicts with %s %s, which the lock has", w.buf, pkg->name,
		       pkg->version, f->name, v);
		ml_buf_release(&w);
	}
}

/* The source the lock records for a vendored package: still the repository's url, checksums. */
static void check_source(struct checker *c, const struct ml_package *pkg,
			 const struct ml_lock_package *lp)
{
	const struct ml_lock_source *s = ml_lock_find_source(c->lock, lp->dir);
	const char *url = pkg->url.src;

	if (!s || s->pin || !url)
		return;
	if (s->commit) {
		const char *hash = strchr(url, '#');
		size_t n = hash ? (size_t)(hash - url) : strlen(url);

		if (strlen(s->url) != n || strncmp(s->url, url, n) != 0 ||
		    (hash && ml_lock_is_commit(hash + 1) && strcmp(hash + 1, s->commit) != 0))
			reason(c, "source %s: %s.%s now comes from %s, the lock has %s#%s", s->dir,
			       pkg->name, pkg->version, url, s->url, s->commit);
		return;
	}
	if (strcmp(s->url, url) != 0) {
		reason(c, "source %s: %s.%s now comes from %s, the lock has %s", s->dir, pkg->name,
		       pkg->version, url, s->url);
		return;
	}
	for (size_t i = 0; i < pkg->url.nchecksums; i++)
		if (!ml_strvec_contains(&s->checksums, pkg->url.checksums[i])) {
			reason(c, "source %s: %s.%s now has checksum %s, not in the lock's", s->dir,
			       pkg->name, pkg->version, pkg->url.checksums[i]);
			return;
		}
	if (s->packages.n == 1 && s->checksums.n != pkg->url.nchecksums)
		reason(c, "source %s: %s.%s's checksums differ from the lock's", s->dir, pkg->name,
		       pkg->version);
}

static int check_package(struct checker *c, const char *name, const char *by, bool root,
			 struct ml_error *err)
{
	const struct ml_lock_package *lp = find_locked(c, name);
	const struct ml_package *pkg;
	struct ml_formula *deps = NULL, *depopts = NULL, *conflicts = NULL;
	struct ml_filter_env env = { 0 };
	struct ml_error e = ML_ERROR_INIT;
	int r;

	if (!lp) {
		if (root)
			reason(c, "root %s is not in the lock: it would be added", name);
		return 0; /* a dependency: named where it is needed */
	}
	r = ml_universe_get(c->u, lp->name, lp->version, &pkg, &e);
	if (r == ML_ENOTFOUND || r == ML_EPARSE) {
		struct ml_buf b = ML_BUF_INIT;

		ml_error_format(&b, &e);
		reason(c, "%s.%s%s%s: no longer readable in the repositories (%s)", lp->name,
		       lp->version, *by ? ", needed by " : "", by, b.buf);
		ml_buf_release(&b);
		ml_error_release(&e);
		return 0;
	}
	if (r < 0) {
		ml_error_move(err, &e);
		return r;
	}
	env.vars = root ? c->root_vars : c->o->vars;
	env.self_name = pkg->name;
	env.self_version = pkg->version;
	if (!ml_available_holds(pkg->available, &env)) {
		struct ml_buf w = ML_BUF_INIT;

		where(&w, pkg, pkg->available);
		reason(c, "%s: %s.%s is not available here", w.buf, pkg->name, pkg->version);
		ml_buf_release(&w);
	}
	if ((r = ml_formula_eval(&deps, pkg->depends, ML_LIST_AND, &env, pkg->path, err)) < 0 ||
	    (r = ml_formula_eval(&depopts, pkg->depopts, ML_LIST_OR, &env, pkg->path, err)) < 0 ||
	    (r = ml_formula_eval(&conflicts, pkg->conflicts, ML_LIST_OR, &env, pkg->path, err)) < 0)
		goto out;
	check_depends(c, pkg, deps);
	check_conflicts(c, pkg, conflicts);
	if (depopts) {
		struct ml_strvec names = ML_STRVEC_INIT;

		ml_formula_names(depopts, &names);
		for (size_t i = 0; i < names.n; i++)
			if (locked_version(c, names.v[i]))
				visit(c, names.v[i], pkg->name);
		ml_strvec_release(&names);
	}
	if (lp->dir)
		check_source(c, pkg, lp);
	r = ml_vendor_depexts(c->depexts, pkg, err);
out:
	ml_formula_free(deps);
	ml_formula_free(depopts);
	ml_formula_free(conflicts);
	return r;
}

/* `["a" "b"] {filter}`, for reasons. */
static void depext_text(struct ml_buf *b, const struct ml_lock_depext *d)
{
	ml_buf_addc(b, '[');
	for (size_t i = 0; i < d->names.n; i++)
		ml_buf_addf(b, "%s\"%s\"", i ? " " : "", d->names.v[i]);
	ml_buf_addc(b, ']');
	if (d->filter)
		ml_buf_addf(b, " {%s}", d->filter);
}

static bool has_depext(const struct ml_lock *l, const struct ml_lock_depext *d)
{
	for (size_t i = 0; i < l->ndepexts; i++)
		if (ml_strvec_equal(&l->depexts[i].names, &d->names) &&
		    !l->depexts[i].filter == !d->filter &&
		    (!d->filter || !strcmp(l->depexts[i].filter, d->filter)))
			return true;
	return false;
}

/* The depexts the checked packages have now against the lock's (both sorted). */
static void check_depexts(struct checker *c)
{
	struct ml_lock *lock = ml_lock_dup(c->lock);

	ml_lock_sort(c->depexts);
	ml_lock_depexts_uniq(c->depexts);
	ml_lock_sort(lock);
	for (size_t i = 0; i < c->depexts->ndepexts; i++)
		if (!has_depext(lock, &c->depexts->depexts[i])) {
			struct ml_buf b = ML_BUF_INIT;

			depext_text(&b, &c->depexts->depexts[i]);
			reason(c, "depexts %s: not in the lock: it would be added", b.buf);
			ml_buf_release(&b);
		}
	for (size_t i = 0; i < lock->ndepexts; i++)
		if (!has_depext(c->depexts, &lock->depexts[i])) {
			struct ml_buf b = ML_BUF_INIT;

			depext_text(&b, &lock->depexts[i]);
			reason(c, "depexts %s: no longer needed: it would be removed", b.buf);
			ml_buf_release(&b);
		}
	ml_lock_free(lock);
}

int ml_lock_check(struct ml_strvec *reasons, struct ml_universe *u, const struct ml_lock *lock,
		  const struct ml_lock_check_opts *o, struct ml_error *err)
{
	struct checker c = {
		u, lock, o, ml_vars_new(), reasons, NULL, ML_STRVEC_INIT, ML_STRVEC_INIT, NULL, 0
	};
	const char *const *names;
	size_t n = o->vars ? ml_vars_names(o->vars, &names) : 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		ml_vars_set(c.root_vars, names[i], ml_vars_get(o->vars, names[i]));
	ml_vars_set(c.root_vars, "with-test", o->build_only ? "false" : "true");
	c.reached = ml_calloc(lock->npackages + 1, sizeof(bool));
	c.depexts = ml_lock_new();
	c.byname = ml_reallocarray(NULL, lock->npackages + 1, sizeof(*c.byname));
	for (size_t i = 0; i < lock->npackages; i++)
		if (lock->packages[i].name)
			c.byname[c.nbyname++] = i;
	if (c.nbyname > 1)
		qsort_r(c.byname, c.nbyname, sizeof(*c.byname), byname_cmp, (void *)lock);

	for (size_t i = 0; i < o->npins; i++) {
		const char *v = locked_version(&c, o->pin_names[i]);

		if (v && strcmp(v, o->pin_versions[i]) != 0)
			reason(&c, "pin %s=%s: the lock has %s %s", o->pin_names[i],
			       o->pin_versions[i], o->pin_names[i], v);
	}
	if (o->ocaml_version) {
		const char *v = locked_version(&c, "ocaml");

		if (v && strcmp(v, o->ocaml_version) != 0)
			reason(&c, "--ocaml-version %s: the lock has ocaml %s", o->ocaml_version,
			       v);
	}
	if (o->generator && lock->generator && strcmp(o->generator, lock->generator) != 0)
		reason(&c, "generator %s: the lock was made for %s", o->generator, lock->generator);
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		bool provided = false;

		for (size_t k = 0; k < o->nopam_provided && !provided; k++)
			provided = strcmp(o->opam_provided[k], lp->name) == 0;
		/* (the lock's other opam-provided packages are those only they need) */
		if (provided && lp->dir)
			reason(&c, "%s is opam-provided but the lock vendors it", lp->name);
	}
	for (size_t i = 0; i < o->nroots; i++) {
		ret = check_package(&c, o->roots[i], "", true, err);
		if (ret < 0)
			goto out;
		if (find_locked(&c, o->roots[i]))
			c.reached[find_locked(&c, o->roots[i]) - lock->packages] = true;
	}
	for (size_t i = 0; i < c.queue.n; i++) {
		const struct ml_lock_package *lp = find_locked(&c, c.queue.v[i]);
		size_t k;

		if (!lp)
			continue;
		k = (size_t)(lp - lock->packages);
		if (c.reached[k])
			continue;
		c.reached[k] = true;
		ret = check_package(&c, lp->name, c.queue_by.v[i], false, err);
		if (ret < 0)
			goto out;
	}
	for (size_t i = 0; i < lock->npackages; i++)
		if (!c.reached[i])
			reason(&c, "%s %s is no longer needed: it would be removed",
			       lock->packages[i].name, lock->packages[i].version);
	check_depexts(&c);
	ml_strvec_sort(reasons);
out:
	free(c.reached);
	free(c.byname);
	ml_vars_free(c.root_vars);
	ml_strvec_release(&c.queue);
	ml_strvec_release(&c.queue_by);
	ml_lock_free(c.depexts);
	return ret;
}
