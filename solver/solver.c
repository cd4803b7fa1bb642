/* The universe as a libsolv pool, the jobs of a lock, and the solution read back. */
#include "solver/solver.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <solv/bitmap.h>
#include <solv/pool.h>
#include <solv/poolarch.h>
#include <solv/repo.h>
#include <solv/solvable.h>
#include <solv/solver.h>
#include <solv/testcase.h>

#include "solver/internal.h"

/* Caps: a universe reachable from a few roots stays far below these. */
#define SV_MAX_NAMES 100000
#define SV_MAX_CANDS 1000000
#define SV_MAX_WARNINGS 200
/* Solves that narrow the opam-provided exemption (each round withdraws at least one name). */
#define SV_MAX_ROUNDS 16

static void sv_warnf(struct sv_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sv_warnf(struct sv_ctx *c, const char *fmt, ...)
{
	struct ml_buf b = ML_BUF_INIT;
	va_list ap;

	if (!c->o->warn)
		return;
	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* The same undefined variable shows up in many files: say each thing once. */
	if (!ml_strvec_contains(&c->warned, b.buf) && c->warned.n < SV_MAX_WARNINGS) {
		ml_strvec_push(&c->warned, b.buf);
		c->o->warn(c->o->warn_ctx, b.buf);
	}
	ml_buf_release(&b);
}

struct warn_where {
	struct sv_ctx *c;
	const char *path;
	size_t cand;
};

/* Above this many places met, undefined variables are no longer recorded. */
#define SV_MAX_UNDEF 100000

/* Records where an undefined variable was met; flush_undefined() says each once. */
static void filter_warn(void *ctx, const struct ml_opam_value *where, const char *msg)
{
	struct warn_where *w = ctx;
	struct sv_ctx *c = w->c;
	struct sv_undef *u;
	size_t i;

	for (i = 0; i < c->undef_msgs.n; i++)
		if (!strcmp(c->undef_msgs.v[i], msg))
			break;
	if (i == c->undef_msgs.n) {
		if (i >= SV_MAX_WARNINGS)
			return;
		ml_strvec_push(&c->undef_msgs, msg);
	}
	if (c->nundef >= SV_MAX_UNDEF)
		return;
	ML_ALLOC_GROW(c->undef, c->nundef + 1, c->undef_alloc);
	u = &c->undef[c->nundef++];
	u->msg = i;
	u->cand = w->cand;
	u->where =
	    where ? ml_xasprintf("%s:%d:%d", w->path, where->line, where->col) : ml_strdup(w->path);
}

/*
 * The same undefined variable shows up in many files (ocaml-system's sys-ocaml-* in every
 * version): each is said once, with how many places and the first. Once a solution is
 * known, only the packages it holds count: a variable met only in versions that were not
 * chosen changed nothing the user gets.
 */
static void flush_undefined(struct sv_ctx *c)
{
	for (size_t i = 0; i < c->undef_msgs.n; i++) {
		const char *first = NULL;
		size_t count = 0;

		for (size_t k = 0; k < c->nundef; k++) {
			const struct sv_undef *u = &c->undef[k];

			if (u->msg != i || (c->solved && !c->cands[u->cand].chosen))
				continue;
			if (!count++)
				first = u->where;
		}
		if (count == 1)
			sv_warnf(c, "%s: %s", first, c->undef_msgs.v[i]);
		else if (count > 1)
			sv_warnf(c, "%s in %zu places (first %s)", c->undef_msgs.v[i], count,
				 first);
	}
}

struct sv_cand *sv_cand_of(struct sv_ctx *c, Id p)
{
	if (p < c->first_p || (size_t)(p - c->first_p) >= c->ncands)
		return NULL;
	return &c->cands[p - c->first_p];
}

struct sv_name *sv_name_find(struct sv_ctx *c, const char *name)
{
	Id id = pool_str2id(c->pool, name, 0);

	if (!id || (size_t)id >= c->name_of_id_alloc || !c->name_of_id[id])
		return NULL;
	return &c->names[c->name_of_id[id] - 1];
}

static size_t name_get(struct sv_ctx *c, const char *name)
{
	Id id = pool_str2id(c->pool, name, 1);
	struct sv_name *n;

	if ((size_t)id >= c->name_of_id_alloc) {
		size_t old = c->name_of_id_alloc;

		ML_ALLOC_GROW(c->name_of_id, (size_t)id + 1, c->name_of_id_alloc);
		memset(c->name_of_id + old, 0, (c->name_of_id_alloc - old) * sizeof(size_t));
	}
	if (c->name_of_id[id])
		return c->name_of_id[id] - 1;
	ML_ALLOC_GROW(c->names, c->nnames + 1, c->names_alloc);
	n = &c->names[c->nnames];
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->name = ml_strdup(pool_id2str(c->pool, id));
	c->name_of_id[id] = ++c->nnames;
	return c->nnames - 1;
}

static bool strs_contain(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static const char *pin_of(const struct ml_solve_opts *o, const char *name)
{
	const char *pin = NULL;

	if (o->ocaml_version && strcmp(name, "ocaml") == 0)
		pin = o->ocaml_version;
	for (size_t i = 0; i < o->npins; i++)
		if (strcmp(o->pins[i].name, name) == 0)
			pin = o->pins[i].version;
	return pin;
}

bool sv_toolchain_fits(const struct ml_solve_opts *o, const char *name, const char *version)
{
	if (o->toolchain_ocaml && strcmp(name, "ocaml") == 0)
		return ml_version_cmp(version, o->toolchain_ocaml) == 0;
	if (o->toolchain_dune && strcmp(name, "dune") == 0)
		return ml_version_cmp(version, o->toolchain_dune) <= 0;
	return true;
}

/*
 * The formula walks below visit the atoms in ml_formula_names' order without copying each
 * name (~40,000 copies and frees in a lock of a few thousand candidates).
 */
static void queue_formula_names(struct sv_ctx *c, const struct ml_formula *f)
{
	if (!f)
		return;
	if (f->kind == ML_FORMULA_ATOM) {
		size_t k = name_get(c, f->name); /* may move c->names */

		c->names[k].queued = true;
		return;
	}
	queue_formula_names(c, f->a);
	queue_formula_names(c, f->b);
}

/* Reads every version of one name into candidates; queues the names they depend on. */
static int load_name(struct sv_ctx *c, size_t ni, struct ml_error *err)
{
	const char *const *versions;
	size_t nversions;
	struct ml_error e = ML_ERROR_INIT;
	int ret = 0, r;

	r = ml_universe_versions(c->u, c->names[ni].name, &versions, &nversions, &e);
	if (r == ML_ENOTFOUND)
		goto out;
	if (r < 0) {
		ml_error_move(err, &e);
		ret = r;
		goto out;
	}
	c->names[ni].known = true;
	c->names[ni].pin = pin_of(c->o, c->names[ni].name);
	if (c->names[ni].pin && !strs_contain(versions, nversions, c->names[ni].pin)) {
		ret = ml_error_set(err, ML_EUSAGE, "%s: no version %s to pin (there is %s%s)",
				   c->names[ni].name, c->names[ni].pin, versions[nversions - 1],
				   nversions > 1 ? " and older" : "");
		goto out;
	}
	if (c->ncands + nversions > SV_MAX_CANDS) {
		ret = ml_error_set(err, ML_ERROR, "more than %d package versions to solve",
				   SV_MAX_CANDS);
		goto out;
	}
	c->names[ni].first = c->ncands;
	for (size_t i = 0; i < nversions; i++) {
		const struct ml_package *pkg;
		struct ml_filter_env env = { 0 };
		struct warn_where w = { c, NULL, 0 };
		struct sv_cand *cand;

		r = ml_universe_get_view(c->u, c->names[ni].name, versions[i], &pkg, &e);
		if (r == ML_EPARSE) {
			struct ml_buf b = ML_BUF_INIT;

			ml_error_format(&b, &e);
			sv_warnf(c, "%s (skipped)", b.buf);
			ml_buf_release(&b);
			ml_error_release(&e);
			continue;
		}
		if (r < 0) {
			ml_error_move(err, &e);
			ret = r;
			goto out;
		}
		ML_ALLOC_GROW(c->cands, c->ncands + 1, c->cands_alloc);
		cand = &c->cands[c->ncands++];
		memset(cand, 0, sizeof(*cand));
		cand->pkg = pkg;
		cand->name = ni;
		cand->root = c->names[ni].is_root;
		w.path = pkg->path;
		w.cand = c->ncands - 1;
		env.vars = cand->root ? c->root_vars : c->o->vars;
		env.self_name = pkg->name;
		env.self_version = pkg->version;
		env.warn = filter_warn;
		env.warn_ctx = &w;
		if (c->names[ni].pin && strcmp(c->names[ni].pin, pkg->version) != 0)
			cand->excl = SV_PINNED;
		else if (!sv_toolchain_fits(c->o, pkg->name, pkg->version))
			cand->excl = SV_TOOLCHAIN;
		else if (!ml_available_holds(pkg->available, &env))
			cand->excl = SV_UNAVAILABLE;
		if (ml_formula_eval(&cand->depends, pkg->depends, ML_LIST_AND, &env, pkg->path,
				    &e) < 0 ||
		    ml_formula_eval(&cand->depopts, pkg->depopts, ML_LIST_OR, &env, pkg->path, &e) <
			0 ||
		    ml_formula_eval(&cand->conflicts, pkg->conflicts, ML_LIST_OR, &env, pkg->path,
				    &e) < 0) {
			struct ml_buf b = ML_BUF_INIT;

			ml_error_format(&b, &e);
			sv_warnf(c, "%s (%s.%s skipped)", b.buf, pkg->name, pkg->version);
			ml_buf_release(&b);
			ml_error_release(&e);
			cand->excl = SV_BROKEN;
			continue;
		}
		if (cand->excl == SV_OK && cand->depends) {
			queue_formula_names(c, cand->depends);
			if (c->nnames > SV_MAX_NAMES) {
				ret = ml_error_set(err, ML_ERROR,
						   "more than %d package names to solve",
						   SV_MAX_NAMES);
				goto out;
			}
		}
	}
	c->names[ni].ncands = c->ncands - c->names[ni].first;
out:
	ml_error_release(&e);
	return ret;
}

/* Breadth first from the roots: names are appended as they are first met. */
static int load(struct sv_ctx *c, struct ml_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < c->o->nroots; i++) {
		size_t k = name_get(c, c->o->roots[i]);

		c->names[k].is_root = true;
		c->names[k].queued = true;
	}
	for (size_t i = 0; i < c->nnames && ret == 0; i++)
		if (c->names[i].queued)
			ret = load_name(c, i, err);
	for (size_t i = 0; ret == 0 && i < c->o->nopam_provided; i++) {
		size_t k = name_get(c, c->o->opam_provided[i]);

		c->names[k].provided = true;
	}
	return ret;
}

/*
 * The dune rule does not apply to opam-provided packages nor to what only they need. Which
 * packages only they need is known after a solve, so the first solve exempts everything
 * reachable from an opam-provided name; solve_rounds() then withdraws the exemption from
 * any name the solution vendors anyway and solves again.
 */
static void exempt_names(struct sv_ctx *c, const struct ml_formula *f, size_t *stack, size_t *n)
{
	struct sv_name *d;

	if (!f)
		return;
	if (f->kind != ML_FORMULA_ATOM) {
		exempt_names(c, f->a, stack, n);
		exempt_names(c, f->b, stack, n);
		return;
	}
	d = sv_name_find(c, f->name);
	if (d && !d->exempt) {
		d->exempt = true;
		stack[(*n)++] = (size_t)(d - c->names);
	}
}

static void mark_exempt(struct sv_ctx *c)
{
	size_t *stack = ml_malloc((c->nnames + 1) * sizeof(*stack)), n = 0;

	for (size_t i = 0; i < c->nnames; i++)
		if (c->names[i].provided) {
			c->names[i].exempt = true;
			stack[n++] = i;
		}
	while (n > 0) {
		struct sv_name *nm = &c->names[stack[--n]];

		for (size_t k = nm->first; k < nm->first + nm->ncands; k++)
			if (c->cands[k].excl == SV_OK)
				exempt_names(c, c->cands[k].depends, stack, &n);
	}
	free(stack);
}

static bool formula_has_dune(const struct ml_formula *f)
{
	if (!f)
		return false;
	if (f->kind == ML_FORMULA_ATOM)
		return ml_vendor_is_dune(f->name);
	return formula_has_dune(f->a) || formula_has_dune(f->b);
}

static bool mentions_dune(const struct sv_cand *cand)
{
	return formula_has_dune(cand->depends) || formula_has_dune(cand->depopts);
}

/* Takes out the candidates that would be vendored without a dune build. */
static void exclude_unbuildable(struct sv_ctx *c)
{
	if (c->o->generator != ML_GEN_DUNE)
		return;
	for (size_t i = 0; i < c->ncands; i++) {
		struct sv_cand *cand = &c->cands[i];

		if (cand->excl != SV_OK || cand->root || c->names[cand->name].exempt ||
		    ml_vendor_reason(cand->pkg))
			continue;
		if (!mentions_dune(cand))
			cand->excl = SV_NODUNE;
	}
}

static bool tagged_cross(const struct ml_package *pkg)
{
	const struct ml_opam_value *tags = pkg->file ? ml_opam_field(pkg->file, "tags") : NULL;

	if (tags && tags->kind == ML_OPAM_STRING)
		return !strcmp(tags->s, "cross-compile");
	for (size_t i = 0; tags && tags->kind == ML_OPAM_LIST && i < tags->nitems; i++)
		if (tags->items[i]->kind == ML_OPAM_STRING &&
		    !strcmp(tags->items[i]->s, "cross-compile"))
			return true;
	return false;
}

/* --require-cross-compile: a name with a cross-compile version keeps only those. */
static void exclude_nocross(struct sv_ctx *c)
{
	if (!c->o->require_cross_compile)
		return;
	for (size_t i = 0; i < c->nnames; i++) {
		const struct sv_name *n = &c->names[i];
		bool any = false;

		if (n->is_root || n->exempt || n->provided)
			continue;
		for (size_t k = n->first; k < n->first + n->ncands && !any; k++)
			any = tagged_cross(c->cands[k].pkg);
		for (size_t k = n->first; any && k < n->first + n->ncands; k++)
			if (c->cands[k].excl == SV_OK && !tagged_cross(c->cands[k].pkg))
				c->cands[k].excl = SV_NOCROSS;
	}
}

static const struct sv_cand *cand_of_pkg(struct sv_ctx *c, const struct ml_package *pkg)
{
	const struct sv_name *n = sv_name_find(c, pkg->name);

	for (size_t k = n->first; k < n->first + n->ncands; k++)
		if (c->cands[k].pkg == pkg)
			return &c->cands[k];
	return NULL;
}

/*
 * Names the solution vendors although they were exempt from the dune rule and have no dune
 * build: they lose the exemption. Returns how many did.
 */
static size_t withdraw_exemptions(struct sv_ctx *c, const struct ml_solution *sol)
{
	size_t n = 0;

	if (c->o->generator != ML_GEN_DUNE)
		return 0;
	for (size_t i = 0; i < sol->n; i++) {
		const struct ml_solved *s = &sol->pkgs[i];
		const struct sv_cand *cand = cand_of_pkg(c, s->pkg);

		if (s->root || s->opam_provided || ml_vendor_reason(s->pkg) || mentions_dune(cand))
			continue;
		c->names[cand->name].exempt = false;
		n++;
	}
	if (n)
		exclude_unbuildable(c);
	return n;
}

static void vf_mention(struct sv_name *n, const struct ml_vformula *vf)
{
	if (!vf)
		return;
	if (vf->kind == ML_VF_CMP) {
		/* the versions of a package mostly repeat their constraints: once is enough */
		if (n->nmentioned && !strcmp(n->mentioned[n->nmentioned - 1], vf->version))
			return;
		ML_ALLOC_GROW(n->mentioned, n->nmentioned + 1, n->mentioned_alloc);
		n->mentioned[n->nmentioned++] = vf->version;
		return;
	}
	vf_mention(n, vf->a);
	vf_mention(n, vf->b);
}

static void formula_mention(struct sv_ctx *c, const struct ml_formula *f)
{
	if (!f)
		return;
	if (f->kind == ML_FORMULA_ATOM) {
		size_t k = name_get(c, f->name);

		vf_mention(&c->names[k], f->vf);
		return;
	}
	formula_mention(c, f->a);
	formula_mention(c, f->b);
}

static size_t rank_of(const struct sv_name *n, const char *version);

static int str_ptrcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every version of a name, existing or mentioned, sorted: its index + 1 is the EVR. */
static void rank(struct sv_ctx *c)
{
	for (size_t i = 0; i < c->ncands; i++) {
		formula_mention(c, c->cands[i].depends);
		formula_mention(c, c->cands[i].depopts);
		formula_mention(c, c->cands[i].conflicts);
	}
	for (size_t i = 0; i < c->nnames; i++) {
		struct sv_name *n = &c->names[i];
		size_t total = n->ncands + n->nmentioned, k = 0;
		const char **all = ml_malloc((total + 1) * sizeof(*all));

		for (size_t j = 0; j < n->ncands; j++)
			all[k++] = c->cands[n->first + j].pkg->version;
		for (size_t j = 0; j < n->nmentioned; j++)
			all[k++] = n->mentioned[j];
		/*
		 * The same few versions are mentioned by thousands of constraints (ocaml's
		 * "4.08"): equal strings go first, by strcmp, so that the version order (far
		 * dearer per comparison) sorts one of each. Which string of a class is kept
		 * does not matter: evr_of only compares with it.
		 */
		qsort(all, total, sizeof(*all), str_ptrcmp);
		k = 0;
		for (size_t j = 0; j < total; j++)
			if (k == 0 || strcmp(all[k - 1], all[j]) != 0)
				all[k++] = all[j];
		total = k;
		n->spelled = ml_malloc((total + 1) * sizeof(*n->spelled));
		n->nspelled = total;
		for (size_t j = 0; j < total; j++)
			n->spelled[j].s = all[j];
		qsort(all, total, sizeof(*all), ml_version_ptrcmp);
		n->nranked = 0;
		for (size_t j = 0; j < total; j++)
			if (n->nranked == 0 || ml_version_cmp(all[n->nranked - 1], all[j]) != 0)
				all[n->nranked++] = all[j];
		n->ranked = all;
		for (size_t j = 0; j < total; j++)
			n->spelled[j].rank = rank_of(n, n->spelled[j].s);
	}
}

/* The index in n->ranked of version's equivalence class, found by the version order. */
static size_t rank_of(const struct sv_name *n, const char *version)
{
	size_t lo = 0, hi = n->nranked;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = ml_version_cmp(n->ranked[mid], version);

		if (r == 0)
			return mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A version's EVR: its rank, found by its spelling (strcmp) when rank() saw it. */
static Id evr_of(struct sv_ctx *c, const struct sv_name *n, const char *version)
{
	size_t lo = 0, hi = n->nspelled, k = SIZE_MAX;
	char buf[32];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(n->spelled[mid].s, version);

		if (r == 0) {
			k = n->spelled[mid].rank;
			break;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* every version was ranked above: the fallback is for safety only */
	if (k == SIZE_MAX)
		k = rank_of(n, version);
	if (k >= c->evr_ids_alloc) {
		size_t old = c->evr_ids_alloc;

		ML_ALLOC_GROW(c->evr_ids, k + 1, c->evr_ids_alloc);
		memset(c->evr_ids + old, 0, (c->evr_ids_alloc - old) * sizeof(*c->evr_ids));
	}
	/* made when first needed, as before the cache: the pool's ids come in the same order */
	if (!c->evr_ids[k]) {
		snprintf(buf, sizeof(buf), "%zu", k + 1);
		c->evr_ids[k] = pool_str2id(c->pool, buf, 1);
	}
	return c->evr_ids[k];
}

static int relflags(enum ml_opam_op op, bool neg)
{
	int f;

	switch (op) {
	case ML_OPAM_OP_EQ:
		f = REL_EQ;
		break;
	case ML_OPAM_OP_NEQ:
		f = REL_LT | REL_GT;
		break;
	case ML_OPAM_OP_LT:
		f = REL_LT;
		break;
	case ML_OPAM_OP_LE:
		f = REL_LT | REL_EQ;
		break;
	case ML_OPAM_OP_GT:
		f = REL_GT;
		break;
	default:
		f = REL_GT | REL_EQ;
		break;
	}
	return neg ? (REL_LT | REL_EQ | REL_GT) & ~f : f;
}

/* name + version formula as a (complex) dependency; neg pushes a negation down. */
static Id vf2dep(struct sv_ctx *c, const struct sv_name *n, const struct ml_vformula *vf, bool neg)
{
	Id a, b;

	if (!vf)
		return n->id;
	switch (vf->kind) {
	case ML_VF_CMP:
		return pool_rel2id(c->pool, n->id, evr_of(c, n, vf->version), relflags(vf->op, neg),
				   1);
	case ML_VF_NOT:
		return vf2dep(c, n, vf->a, !neg);
	case ML_VF_AND:
	case ML_VF_OR:
		a = vf2dep(c, n, vf->a, neg);
		b = vf2dep(c, n, vf->b, neg);
		return pool_rel2id(c->pool, a, b, (vf->kind == ML_VF_AND) != neg ? REL_AND : REL_OR,
				   1);
	}
	return n->id;
}

static Id formula2dep(struct sv_ctx *c, const struct ml_formula *f)
{
	Id a, b;

	if (f->kind == ML_FORMULA_ATOM) {
		size_t k = name_get(c, f->name);

		return vf2dep(c, &c->names[k], f->vf, false);
	}
	a = formula2dep(c, f->a);
	b = formula2dep(c, f->b);
	return pool_rel2id(c->pool, a, b, f->kind == ML_FORMULA_AND ? REL_AND : REL_OR, 1);
}

static void cand_dep(struct sv_cand *cand, Id id, enum sv_dep_kind kind, const struct ml_formula *f,
		     const char *token)
{
	struct sv_dep *d;

	ML_ALLOC_GROW(cand->deps, cand->ndeps + 1, cand->deps_alloc);
	d = &cand->deps[cand->ndeps++];
	d->id = id;
	d->kind = kind;
	d->f = f;
	d->token = token;
}

/* depends: one requirement per top-level conjunct, so a problem names the one at fault. */
static void add_requires(struct sv_ctx *c, struct sv_cand *cand, Solvable *s,
			 const struct ml_formula *f)
{
	Id id;

	if (!f)
		return;
	if (f->kind == ML_FORMULA_AND) {
		add_requires(c, cand, s, f->a);
		add_requires(c, cand, s, f->b);
		return;
	}
	id = formula2dep(c, f);
	solvable_add_deparray(s, SOLVABLE_REQUIRES, id, 0);
	cand_dep(cand, id, SV_DEP_DEPENDS, f, NULL);
	if (f->kind == ML_FORMULA_OR) {
		/*
		 * The first alternative is taken whenever it can be, as opam-monorepo's solver
		 * tries alternatives in order: zarith's `"gmp" | "conf-gmp"` gets the vendorable
		 * gmp even when something else needs conf-gmp (libsolv alone would stop at the
		 * satisfied formula, or take the first name alphabetically). A recommendation is
		 * weak: it never makes a request fail.
		 */
		const struct ml_formula *left = f;

		while (left->kind == ML_FORMULA_OR)
			left = left->a;
		solvable_add_deparray(s, SOLVABLE_RECOMMENDS, formula2dep(c, left), 0);
	}
}

/* conflicts: any of the atoms; depopts: an optional package, if chosen, must fit. */
static void add_conflicts(struct sv_ctx *c, struct sv_cand *cand, Solvable *s,
			  const struct ml_formula *f, bool depopt)
{
	size_t k;
	Id id;

	if (!f)
		return;
	if (f->kind != ML_FORMULA_ATOM) {
		add_conflicts(c, cand, s, f->a, depopt);
		add_conflicts(c, cand, s, f->b, depopt);
		return;
	}
	if (depopt && !f->vf)
		return;
	k = name_get(c, f->name);
	id = vf2dep(c, &c->names[k], f->vf, depopt);
	solvable_add_deparray(s, SOLVABLE_CONFLICTS, id, 0);
	cand_dep(cand, id, depopt ? SV_DEP_DEPOPTS : SV_DEP_CONFLICTS, f, NULL);
}

struct src_entry {
	char *key;
	const char *url;
	size_t cand;
};

static int src_entry_cmp(const void *a, const void *b)
{
	const struct src_entry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	return r ? r : strcmp(x->url, y->url);
}

/*
 * Packages of one dev-repo share a directory, so they must come from one url: each
 * provides `ml:src:<dev-repo> = <url index>` and conflicts with every other index. A
 * dev-repo whose candidates are all versions of one name (most of them) gets nothing: one
 * version of a name is chosen anyway, so its conflicts would be libsolv's same-name rules
 * again (removed as duplicates after being made and sorted), and sv_explain says nothing
 * of a source conflict between two versions of one name.
 */
static void add_source_constraints(struct sv_ctx *c)
{
	struct src_entry *e = ml_malloc((c->ncands + 1) * sizeof(*e));
	size_t n = 0, url_index = 0;

	for (size_t i = 0; i < c->ncands; i++) {
		const struct sv_cand *cand = &c->cands[i];

		if (cand->excl != SV_OK || cand->root || !cand->pkg->dev_repo ||
		    c->names[cand->name].provided || ml_vendor_reason(cand->pkg))
			continue;
		e[n].key = ml_vendor_dev_repo_key(cand->pkg->dev_repo);
		e[n].url = cand->pkg->url.src;
		e[n].cand = i;
		n++;
	}
	qsort(e, n, sizeof(*e), src_entry_cmp);
	for (size_t i = 0, end = 0; i < n; i++) {
		struct sv_cand *cand = &c->cands[e[i].cand];
		Solvable *s = pool_id2solvable(c->pool, cand->p);
		char *tok, num[32];
		Id tid, evr, prov, conf;

		if (i == end) {
			bool one_name = true;

			for (end = i + 1; end < n && !strcmp(e[end].key, e[i].key); end++)
				one_name = one_name && c->cands[e[end].cand].name == cand->name;
			if (one_name) {
				i = end - 1;
				continue;
			}
		}
		if (i > 0 && strcmp(e[i].key, e[i - 1].key) != 0)
			url_index = 0;
		else if (i > 0 && strcmp(e[i].url, e[i - 1].url) != 0)
			url_index++;
		tok = ml_xasprintf("ml:src:%s", e[i].key);
		tid = pool_str2id(c->pool, tok, 1);
		free(tok);
		snprintf(num, sizeof(num), "%zu", url_index + 1);
		evr = pool_str2id(c->pool, num, 1);
		prov = pool_rel2id(c->pool, tid, evr, REL_EQ, 1);
		conf = pool_rel2id(c->pool, tid, evr, REL_LT | REL_GT, 1);
		solvable_add_deparray(s, SOLVABLE_PROVIDES, prov, 0);
		solvable_add_deparray(s, SOLVABLE_CONFLICTS, conf, 0);
		cand_dep(cand, conf, SV_DEP_SOURCE, NULL, cand->pkg->dev_repo);
	}
	for (size_t i = 0; i < n; i++)
		free(e[i].key);
	free(e);
}

struct class_entry {
	const char *cls;
	size_t name; /* index in c->names */
	size_t cand;
};

static int class_entry_cmp(const void *a, const void *b)
{
	const struct class_entry *x = a, *y = b;
	int r = strcmp(x->cls, y->cls);

	if (r)
		return r;
	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return x->cand < y->cand ? -1 : x->cand > y->cand;
}

/*
 * Conflict classes without the pairs of one name (solve_pass's economy): a member of a
 * class provides `ml:cc:<class> <name>` and conflicts with that token of every other name
 * of the class.
 */
static void add_class_constraints(struct sv_ctx *c)
{
	struct class_entry *e = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < c->ncands; i++) {
		const struct sv_cand *cand = &c->cands[i];

		if (cand->excl == SV_PINNED || cand->excl == SV_BROKEN)
			continue;
		for (size_t k = 0; k < cand->pkg->nconflict_class; k++) {
			ML_ALLOC_GROW(e, n + 1, alloc);
			e[n++] =
			    (struct class_entry){ cand->pkg->conflict_class[k], cand->name, i };
		}
	}
	if (n > 1)
		qsort(e, n, sizeof(*e), class_entry_cmp);
	for (size_t i = 0, end; i < n; i = end) {
		size_t nnames = 1;
		Id *tids;

		for (end = i + 1; end < n && !strcmp(e[end].cls, e[i].cls); end++)
			nnames += e[end].name != e[end - 1].name;
		if (nnames < 2)
			continue;
		tids = ml_malloc(nnames * sizeof(*tids));
		for (size_t j = i, t = 0; j < end; j++) {
			if (j > i && e[j].name == e[j - 1].name)
				continue;
			char *tok = ml_xasprintf("ml:cc:%s %s", e[j].cls, c->names[e[j].name].name);

			tids[t++] = pool_str2id(c->pool, tok, 1);
			free(tok);
		}
		for (size_t j = i, t = 0; j < end; j++) {
			struct sv_cand *cand = &c->cands[e[j].cand];
			Solvable *s = pool_id2solvable(c->pool, cand->p);

			if (j > i && e[j].name != e[j - 1].name)
				t++;
			solvable_add_deparray(s, SOLVABLE_PROVIDES, tids[t], 0);
			for (size_t o = 0; o < nnames; o++)
				if (o != t)
					solvable_add_deparray(s, SOLVABLE_CONFLICTS, tids[o], 0);
		}
		free(tids);
	}
	free(e);
}

static void build_pool(struct sv_ctx *c)
{
	for (size_t i = 0; i < c->ncands; i++) {
		struct sv_cand *cand = &c->cands[i];
		const struct sv_name *n = &c->names[cand->name];
		Id p = repo_add_solvable(c->repo);
		Solvable *s = pool_id2solvable(c->pool, p);

		if (i == 0)
			c->first_p = p;
		cand->p = p;
		s->name = n->id;
		s->evr = evr_of(c, n, cand->pkg->version);
		s->arch = ARCH_NOARCH;
		solvable_add_deparray(s, SOLVABLE_PROVIDES,
				      pool_rel2id(c->pool, s->name, s->evr, REL_EQ, 1), 0);
		if (cand->excl == SV_PINNED || cand->excl == SV_BROKEN)
			continue;
		add_requires(c, cand, s, cand->depends);
		add_conflicts(c, cand, s, cand->conflicts, false);
		add_conflicts(c, cand, s, cand->depopts, true);
		for (size_t k = 0; !c->economy && k < cand->pkg->nconflict_class; k++) {
			char *tok = ml_xasprintf("ml:cc:%s", cand->pkg->conflict_class[k]);
			Id tid = pool_str2id(c->pool, tok, 1);

			free(tok);
			solvable_add_deparray(s, SOLVABLE_PROVIDES, tid, 0);
			solvable_add_deparray(s, SOLVABLE_CONFLICTS, tid, 0);
			cand_dep(cand, tid, SV_DEP_CLASS, NULL, cand->pkg->conflict_class[k]);
		}
	}
	if (c->economy)
		add_class_constraints(c);
	add_source_constraints(c);
	repo_internalize(c->repo);
}

static void add_jobs(struct sv_ctx *c, Queue *job)
{
	const struct ml_lock *prev = c->o->previous;

	for (size_t i = 0; i < c->o->nroots; i++)
		queue_push2(job, SOLVER_INSTALL | SOLVER_SOLVABLE_NAME,
			    pool_str2id(c->pool, c->o->roots[i], 1));
	for (size_t i = 0; i < c->ncands; i++)
		if (c->cands[i].pkg->flags & (ML_PKGF_AVOID_VERSION | ML_PKGF_DEPRECATED))
			queue_push2(job, SOLVER_DISFAVOR | SOLVER_SOLVABLE, c->cands[i].p);
	if (!prev || (!c->o->minimal_update && c->o->nupdate == 0))
		return;
	for (size_t i = 0; i < prev->npackages; i++) {
		const struct ml_lock_package *lp = &prev->packages[i];
		struct sv_name *n;

		if (strs_contain(c->o->update, c->o->nupdate, lp->name))
			continue;
		n = sv_name_find(c, lp->name);
		if (!n)
			continue;
		for (size_t k = n->first; k < n->first + n->ncands; k++)
			if (strcmp(c->cands[k].pkg->version, lp->version) == 0)
				queue_push2(job, SOLVER_FAVOR | SOLVER_SOLVABLE, c->cands[k].p);
	}
}

static void copy_vars(struct sv_ctx *c)
{
	const char *const *names;
	size_t n;

	c->root_vars = ml_vars_new();
	if (c->o->vars) {
		n = ml_vars_names(c->o->vars, &names);
		for (size_t i = 0; i < n; i++)
			ml_vars_set(c->root_vars, names[i], ml_vars_get(c->o->vars, names[i]));
	}
	ml_vars_set(c->root_vars, "with-test", c->o->build_only ? "false" : "true");
}

static const char *lookup_chosen(void *ctx, const char *name)
{
	const struct ml_solution *sol = ctx;
	const struct ml_solved *s = ml_solution_find(sol, name);

	return s ? s->pkg->version : NULL;
}

/* Flags opam-provided packages and those reached from the roots only through them. */
static void mark_provided(struct ml_solution *sol, const struct ml_solve_opts *o)
{
	bool *reached = ml_calloc(sol->n + 1, sizeof(bool));
	size_t *stack = ml_malloc((sol->n + 1) * sizeof(size_t)), n = 0;

	for (size_t i = 0; i < sol->n; i++) {
		if (strs_contain(o->opam_provided, o->nopam_provided, sol->pkgs[i].pkg->name))
			sol->pkgs[i].opam_provided = true;
		if (sol->pkgs[i].root) {
			reached[i] = true;
			stack[n++] = i;
		}
	}
	while (n > 0) {
		const struct ml_solved *s = &sol->pkgs[stack[--n]];

		if (s->opam_provided)
			continue;
		for (size_t k = 0; k < s->depends.n; k++) {
			const struct ml_solved *d = ml_solution_find(sol, s->depends.v[k]);
			size_t di;

			if (!d)
				continue;
			di = (size_t)(d - sol->pkgs);
			if (!reached[di]) {
				reached[di] = true;
				stack[n++] = di;
			}
		}
	}
	for (size_t i = 0; i < sol->n; i++)
		if (!reached[i])
			sol->pkgs[i].opam_provided = true;
	free(stack);
	free(reached);
}

static struct ml_solution *read_solution(struct sv_ctx *c, Solver *solv)
{
	struct ml_solution *sol = ml_solution_new();

	for (size_t i = 0; i < c->o->nroots; i++)
		ml_strvec_push(&sol->roots, c->o->roots[i]);
	for (size_t i = 0; i < c->ncands; i++) {
		struct ml_solved *s;

		c->cands[i].chosen = solver_get_decisionlevel(solv, c->cands[i].p) > 0;
		if (!c->cands[i].chosen)
			continue;
		s = ml_solution_add(sol);
		s->pkg = c->cands[i].pkg;
		s->root = c->cands[i].root;
	}
	ml_solution_sort(sol);
	for (size_t i = 0; i < sol->n; i++) {
		struct ml_solved *s = &sol->pkgs[i];
		struct ml_strvec names = ML_STRVEC_INIT;
		const struct sv_cand *cand = cand_of_pkg(c, s->pkg);

		ml_formula_names(cand->depends, &names);
		ml_formula_names(cand->depopts, &names);
		for (size_t k = 0; k < names.n; k++)
			if (strcmp(names.v[k], s->pkg->name) != 0 && lookup_chosen(sol, names.v[k]))
				ml_strvec_push(&s->depends, names.v[k]);
		ml_strvec_sort_uniq(&s->depends);
		ml_strvec_release(&names);
	}
	mark_provided(sol, c->o);
	return sol;
}

static void ctx_release(struct sv_ctx *c)
{
	flush_undefined(c); /* reads the candidates */
	for (size_t i = 0; i < c->ncands; i++) {
		ml_formula_free(c->cands[i].depends);
		ml_formula_free(c->cands[i].depopts);
		ml_formula_free(c->cands[i].conflicts);
		free(c->cands[i].deps);
	}
	free(c->cands);
	for (size_t i = 0; i < c->nnames; i++) {
		free(c->names[i].name);
		free(c->names[i].mentioned);
		free(c->names[i].ranked);
		free(c->names[i].spelled);
	}
	free(c->names);
	free(c->name_of_id);
	free(c->evr_ids);
	ml_vars_free(c->root_vars);
	ml_strvec_release(&c->undef_msgs);
	for (size_t i = 0; i < c->nundef; i++)
		free(c->undef[i].where);
	free(c->undef);
	ml_strvec_release(&c->warned);
	if (c->pool) {
		c->pool->considered = NULL;
		pool_free(c->pool);
	}
}

/* Warnings pass through here when a solve is memoised: they are kept with it. */
struct warn_rec {
	const struct ml_solve_opts *o;
	struct ml_strvec msgs;
};

static void record_warn(void *ctx, const char *msg)
{
	struct warn_rec *w = ctx;

	ml_strvec_push(&w->msgs, msg);
	if (w->o->warn)
		w->o->warn(w->o->warn_ctx, msg);
}

/* Why write_testcase could not load libsolvext, or NULL. */
static const char *testcase_error;

/*
 * libsolv's testcase_write, from libsolvext loaded only for --debug-solver: linked, it
 * brings ten more libraries (rpm, sqlite, lua, gcrypt, ...) whose relocations every run
 * paid at start. dlopen's handle stays open for the process (the library keeps state).
 */
static bool write_testcase(Solver *solv, const char *dir)
{
	static void *lib;
	int (*fn)(Solver *, const char *, int, const char *, const char *);

	if (!lib)
		lib = dlopen("libsolvext.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		testcase_error = dlerror();
		return false;
	}
	*(void **)&fn = dlsym(lib, "testcase_write");
	if (!fn) {
		testcase_error = "libsolvext has no testcase_write";
		return false;
	}
	return fn(solv, dir, TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS, NULL, NULL) !=
	       0;
}

/* A pass's warnings held back until it is known whether it is the last (solve_pass). */
static void hold_warn(void *ctx, const char *msg)
{
	ml_strvec_push(ctx, msg);
}

/*
 * One solve of the request, from loading the names to reading the solution back. With
 * `economy`, a conflict class conflicts across names only: two versions of one name exclude
 * each other anyway, so libsolv made those rules twice and dropped the copies after sorting
 * them all. The rules left are the same, and so is the solve; a request without a solution
 * is solved again without economy (ML_EUNSAT from here says so), so that the explanation
 * still names the classes.
 */
static int solve_pass(struct ml_solution **out, struct ml_universe *u,
		      const struct ml_solve_opts *o, bool economy, bool *again,
		      struct ml_strvec *loaded, struct ml_error *err)
{
	struct sv_ctx c;
	struct ml_solution *result = NULL;
	Solver *solv = NULL;
	Queue job;
	Map considered;
	struct ml_buf why = ML_BUF_INIT;
	int ret = 0;

	memset(&c, 0, sizeof(c));
	queue_init(&job);
	map_init(&considered, 0);
	c.u = u;
	c.o = o;
	c.economy = economy;
	c.pool = pool_create();
	c.repo = repo_create(c.pool, "universe");
	copy_vars(&c);
	ret = load(&c, err);
	if (ret < 0)
		goto out;
	/* what the solve depends on: every name it loaded, known or not */
	for (size_t i = 0; loaded && i < c.nnames; i++)
		if (c.names[i].queued)
			ml_strvec_push(loaded, c.names[i].name);
	mark_exempt(&c);
	exclude_unbuildable(&c);
	exclude_nocross(&c);
	rank(&c);
	build_pool(&c);

	map_free(&considered);
	map_init(&considered, c.pool->nsolvables);
	c.pool->considered = &considered;
	add_jobs(&c, &job);
	for (int round = 0;; round++) {
		struct ml_solution *sol;

		map_setall(&considered);
		for (size_t i = 0; i < c.ncands; i++)
			if (c.cands[i].excl != SV_OK)
				MAPCLR(&considered, c.cands[i].p);
		pool_createwhatprovides(c.pool);
		if (solv)
			solver_free(solv);
		solv = solver_create(c.pool);
		if (solver_solve(solv, &job) != 0) {
			if (economy) {
				*again = true;
				ret = ML_EUNSAT;
				break;
			}
			sv_explain(&c, solv, &why);
			ret = ml_error_set(err, ML_EUNSAT, "%s", why.buf);
			break;
		}
		sol = read_solution(&c, solv);
		if (round < SV_MAX_ROUNDS && withdraw_exemptions(&c, sol) > 0) {
			ml_solution_free(sol);
			continue;
		}
		result = sol;
		break;
	}
	if (o->debug_dir && !write_testcase(solv, o->debug_dir) && ret == 0)
		ret = ml_error_set(err, ML_EIO, "%s: cannot write the solver testcase (%s)",
				   o->debug_dir, testcase_error ? testcase_error : "libsolvext");
	if (ret == 0) {
		*out = result;
		result = NULL;
		c.solved = true;
	}
out:
	ml_solution_free(result);
	ml_buf_release(&why);
	if (solv)
		solver_free(solv);
	queue_free(&job);
	ctx_release(&c); /* gives the last warnings */
	map_free(&considered);
	return ret;
}

int ml_solve(struct ml_solution **out, struct ml_universe *u, const struct ml_solve_opts *opts,
	     struct ml_error *err)
{
	struct ml_solve_opts o = *opts;
	struct warn_rec rec = { opts, ML_STRVEC_INIT };
	struct ml_strvec loaded = ML_STRVEC_INIT, held = ML_STRVEC_INIT;
	struct sv_memo_key key;
	bool memo = opts->memo && !opts->debug_dir && opts->nroots > 0;
	int ret;

	if (opts->nroots == 0)
		return ml_error_set(err, ML_EUSAGE, "nothing to solve: no root package");
	if (memo) {
		sv_memo_request(&key, u, opts);
		if (sv_memo_load(out, &rec.msgs, opts->memo, &key, u, opts) == 0) {
			for (size_t i = 0; opts->warn && i < rec.msgs.n; i++)
				opts->warn(opts->warn_ctx, rec.msgs.v[i]);
			ml_strvec_release(&rec.msgs);
			return 0;
		}
		o.warn = record_warn;
		o.warn_ctx = &rec;
	}
	/* --debug-solver's testcase holds the pool as it always was */
	if (opts->debug_dir) {
		ret = solve_pass(out, u, &o, false, NULL, memo ? &loaded : NULL, err);
	} else {
		struct ml_solve_opts held_o = o;
		bool again = false;

		held_o.warn = hold_warn;
		held_o.warn_ctx = &held;
		ret = solve_pass(out, u, &held_o, true, &again, memo ? &loaded : NULL, err);
		if (again) {
			ml_strvec_release(&held);
			ml_strvec_release(&loaded);
			ret = solve_pass(out, u, &o, false, NULL, memo ? &loaded : NULL, err);
		}
		for (size_t i = 0; o.warn && i < held.n; i++)
			o.warn(o.warn_ctx, held.v[i]);
	}
	if (memo && ret == 0)
		sv_memo_store(opts->memo, &key, u, &loaded, &rec.msgs, *out);
	ml_strvec_release(&held);
	ml_strvec_release(&loaded);
	ml_strvec_release(&rec.msgs);
	return ret;
}
