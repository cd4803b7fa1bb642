/*
 * `monolock outdated`: newer versions of locked packages and what holds them back. Each
 * locked package's depends and conflicts are evaluated once (filters with the lock's
 * variables); a candidate version is then checked against the formulas that name it with
 * every other package at its locked version.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "filter.h"
#include "outdated.h"
#include "util.h"
#include "version.h"

struct dep {
	const struct ml_lock_package *lp;
	const struct ml_package *p;
	struct ml_formula *depends, *conflicts;
};

struct ctx {
	const struct ml_lock *lock;
	const char *name, *version; /* the candidate */
};

static const char *lookup(void *data, const char *name)
{
	struct ctx *c = data;
	const struct ml_lock_package *p;

	if (c->name && !strcmp(name, c->name))
		return c->version;
	p = ml_lock_find_package(c->lock, name);
	return p ? p->version : NULL;
}

static bool mentions(const struct ml_formula *f, const char *name)
{
	if (!f)
		return false;
	if (f->kind == ML_FORMULA_ATOM)
		return !strcmp(f->name, name);
	return mentions(f->a, name) || mentions(f->b, name);
}

/* The atoms of f on name, as "name <constraint>" joined by " | ". */
static void atoms(struct ml_buf *b, const struct ml_formula *f, const char *name)
{
	if (!f)
		return;
	if (f->kind != ML_FORMULA_ATOM) {
		atoms(b, f->a, name);
		atoms(b, f->b, name);
		return;
	}
	if (strcmp(f->name, name))
		return;
	if (b->len)
		ml_buf_adds(b, " | ");
	ml_buf_adds(b, name);
	if (f->vf) {
		ml_buf_addc(b, ' ');
		ml_vformula_print(b, f->vf);
	}
}

/* Does every other locked package allow name at version? With blocks, says which do not. */
static bool allows(struct ml_outdated *o, const struct dep *deps, size_t ndeps,
		   const struct ml_lock *lock, const char *name, const char *version, bool record)
{
	struct ctx c = { lock, name, version };
	size_t alloc = 0;
	bool ok = true;

	for (size_t i = 0; i < ndeps; i++) {
		const struct dep *d = &deps[i];
		bool dep_bad =
		    mentions(d->depends, name) && !ml_formula_holds(d->depends, lookup, &c);
		bool conf_bad =
		    mentions(d->conflicts, name) && ml_formula_holds(d->conflicts, lookup, &c);
		struct ml_buf b = ML_BUF_INIT;

		if (!strcmp(d->lp->name, name) || (!dep_bad && !conf_bad))
			continue;
		ok = false;
		if (!record)
			break;
		if (dep_bad)
			atoms(&b, d->depends, name);
		if (conf_bad) {
			struct ml_buf a = ML_BUF_INIT;

			atoms(&a, d->conflicts, name);
			ml_buf_addf(&b, "%sconflicts: %s", b.len ? "; " : "", a.buf);
			ml_buf_release(&a);
		}
		ML_ALLOC_GROW(o->blocks, o->nblocks + 1, alloc);
		o->blocks[o->nblocks++] =
		    (struct ml_outdated_block){ d->lp->name, d->lp->version,
						ml_buf_detach(&b, NULL), d->p->path };
	}
	return ok;
}

int ml_outdated_find(struct ml_outdated **out, size_t *n, struct ml_universe *u,
		     const struct ml_lock *lock, struct ml_error *err)
{
	struct ml_vars *vars = ml_vars_new(), *root_vars = ml_vars_new();
	struct dep *deps = ml_calloc(lock->npackages + 1, sizeof(*deps));
	struct ml_outdated *res = NULL;
	size_t ndeps = 0, nres = 0, alloc = 0;
	int ret = 0;

	ml_vars_set_defaults(vars);
	ml_vars_set_defaults(root_vars);
	for (size_t i = 0; i < lock->nvars; i++) {
		ml_vars_set(vars, lock->vars[i].name, lock->vars[i].value);
		ml_vars_set(root_vars, lock->vars[i].name, lock->vars[i].value);
	}
	ml_vars_set(root_vars, "with-test",
		    lock->request && lock->request->build_only ? "false" : "true");
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		bool root = ml_strvec_contains(&lock->roots, lp->name);
		struct ml_filter_env env = { root ? root_vars : vars, lp->name, lp->version, NULL,
					     NULL };
		struct ml_error sub = ML_ERROR_INIT;
		struct dep *d = &deps[ndeps];

		if (ml_universe_get(u, lp->name, lp->version, &d->p, &sub)) {
			ml_error_release(&sub);
			continue;
		}
		d->lp = lp;
		ret =
		    ml_formula_eval(&d->depends, d->p->depends, ML_LIST_AND, &env, d->p->path, err);
		if (!ret)
			ret = ml_formula_eval(&d->conflicts, d->p->conflicts, ML_LIST_OR, &env,
					      d->p->path, err);
		ndeps++;
		if (ret)
			goto out;
	}
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		const char *const *versions;
		struct ml_error sub = ML_ERROR_INIT;
		struct ml_outdated o = { 0 };
		size_t nv;

		if (ml_strvec_contains(&lock->roots, lp->name))
			continue;
		if (ml_universe_versions(u, lp->name, &versions, &nv, &sub) || !nv ||
		    ml_version_cmp(versions[nv - 1], lp->version) <= 0) {
			ml_error_release(&sub);
			continue;
		}
		o.name = lp->name;
		o.locked = lp->version;
		o.latest = versions[nv - 1];
		for (size_t k = nv; k-- > 0 && ml_version_cmp(versions[k], lp->version) > 0;)
			if (allows(&o, deps, ndeps, lock, lp->name, versions[k], false)) {
				o.allowed = versions[k];
				break;
			}
		if (o.allowed != o.latest)
			allows(&o, deps, ndeps, lock, lp->name, o.latest, true);
		ML_ALLOC_GROW(res, nres + 1, alloc);
		res[nres++] = o;
	}
	*out = res;
	*n = nres;
	res = NULL;
out:
	ml_outdated_free(res, nres);
	for (size_t i = 0; i < ndeps; i++) {
		ml_formula_free(deps[i].depends);
		ml_formula_free(deps[i].conflicts);
	}
	free(deps);
	ml_vars_free(vars);
	ml_vars_free(root_vars);
	return ret;
}

void ml_outdated_free(struct ml_outdated *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		for (size_t j = 0; j < v[i].nblocks; j++)
			free(v[i].blocks[j].constraint);
		free(v[i].blocks);
	}
	free(v);
}
