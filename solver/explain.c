/*
 * A failed solve in opam terms: every rule libsolv blames, rendered with package names,
 * versions and constraints as written and the opam file each comes from. Ranks and
 * libsolv ids never reach the text.
 */
#include <stdlib.h>
#include <string.h>

#include "solver/internal.h"

#include <solv/problems.h>
#include <solv/rules.h>

/* At most this many versions are listed when none fits. */
#define EXPLAIN_MAX_VERSIONS 8

/*
 * A statement and the notes under it. Blocks are shown roots first, then the other
 * requirements, then what excludes what, each group sorted, so the text reads as a chain
 * and does not depend on the order libsolv found the rules in.
 */
enum block_cat { CAT_ROOT, CAT_REQUIRES, CAT_CONFLICT };

struct block {
	enum block_cat cat;
	struct ml_strvec lines; /* lines[0] the statement, then its notes */
	/*
	 * A requirement of one package version: which, and the statement without its name,
	 * version and file, so that versions failing for the same reason can share one line.
	 */
	const struct sv_cand *from;
	char *what;   /* "requires dune >= 3.0" */
	bool nothing; /* ", which nothing can satisfy" */
	bool merged;  /* folded into an earlier block */
};

struct explain {
	struct sv_ctx *c;
	struct block *blocks; /* of the current problem */
	size_t nblocks, blocks_alloc;
	struct block *cur;       /* notes go here; NULL when the statement was a repeat */
	struct ml_strvec nodune; /* names all of whose fitting versions lack a dune build */
	struct sv_cand *from;    /* whose dependency the atoms being explained are */
	/* what the toolchain excluded: "lwt.5.7.0 needs dune >= 3.0", for ocaml and dune */
	struct ml_strvec tool_needs[2];
};

/* Starts a block with the statement in b (skipped, with its notes, if already made). */
static void block_start(struct explain *x, enum block_cat cat, struct ml_buf *b)
{
	struct block *bl;

	x->cur = NULL;
	for (size_t i = 0; i < x->nblocks; i++)
		if (strcmp(x->blocks[i].lines.v[0], b->buf) == 0) {
			ml_buf_reset(b);
			return;
		}
	ML_ALLOC_GROW(x->blocks, x->nblocks + 1, x->blocks_alloc);
	bl = &x->blocks[x->nblocks++];
	memset(bl, 0, sizeof(*bl));
	bl->cat = cat;
	ml_strvec_init(&bl->lines);
	ml_strvec_push(&bl->lines, b->buf);
	x->cur = bl;
	ml_buf_reset(b);
}

/* A note under the current statement. */
static void line_add(struct explain *x, struct ml_buf *b)
{
	if (x->cur && !ml_strvec_contains(&x->cur->lines, b->buf))
		ml_strvec_push(&x->cur->lines, b->buf);
	ml_buf_reset(b);
}

static int block_cmp(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	return strcmp(x->lines.v[0], y->lines.v[0]);
}

static void blocks_release(struct explain *x)
{
	for (size_t i = 0; i < x->nblocks; i++) {
		ml_strvec_release(&x->blocks[i].lines);
		free(x->blocks[i].what);
	}
	x->nblocks = 0;
	x->cur = NULL;
}

static void pkg_name(struct ml_buf *b, const struct ml_package *pkg)
{
	ml_buf_addf(b, "%s.%s", pkg->name, pkg->version);
}

static void collect_idents(const struct ml_opam_value *v, struct ml_strvec *out)
{
	if (!v)
		return;
	if (v->kind == ML_OPAM_IDENT) {
		ml_strvec_push(out, v->s);
		return;
	}
	collect_idents(v->a, out);
	collect_idents(v->b2, out);
	for (size_t i = 0; i < v->nitems; i++)
		collect_idents(v->items[i], out);
}

/* "dune 2.9.3 is on PATH" or "--dune-version 2.9.3 allows dune <= 2.9.3". */
static void toolchain_text(struct ml_buf *b, const struct ml_solve_opts *o, const char *name)
{
	bool ocaml = strcmp(name, "ocaml") == 0;
	const char *v = ocaml ? (o->toolchain_ocaml ? o->toolchain_ocaml : o->ocaml_version)
			      : o->toolchain_dune;
	const char *from = ocaml ? o->toolchain_ocaml_from : o->toolchain_dune_from;

	if (from && strcmp(from, "PATH") == 0)
		ml_buf_addf(b, "%s %s is on PATH", name, v);
	else if (ocaml)
		ml_buf_addf(b, "%s %s fixes ocaml to %s", from ? from : "the request", v, v);
	else
		ml_buf_addf(b, "%s %s allows dune <= %s", from ? from : "the request", v, v);
}

/* Notes that the toolchain excluded what a dependency needs (toolchain_hints says it). */
static void toolchain_need(struct explain *x, const char *name, const struct ml_formula *atom)
{
	struct ml_strvec *needs = &x->tool_needs[strcmp(name, "ocaml") == 0 ? 0 : 1];
	struct ml_buf b = ML_BUF_INIT;

	if (atom) {
		if (x->from)
			pkg_name(&b, x->from->pkg);
		else
			ml_buf_adds(&b, "a root");
		ml_buf_addf(&b, " needs %s", name);
		if (atom->vf) {
			ml_buf_addc(&b, ' ');
			ml_vformula_print(&b, atom->vf);
		}
	}
	if (!ml_strvec_contains(needs, b.buf))
		ml_strvec_push(needs, b.buf);
	ml_buf_release(&b);
}

/*
 * One hint per tool under the explanation: "dune 2.9.3 is on PATH; lwt.5.7.0 needs dune >=
 * "3.0" (and 2 more)" and what to do.
 */
static void toolchain_hints(struct explain *x, struct ml_buf *out)
{
	static const char *const names[] = { "ocaml", "dune" };

	for (size_t t = 0; t < 2; t++) {
		const struct ml_strvec *needs = &x->tool_needs[t];
		const struct ml_solve_opts *o = x->c->o;
		bool ocaml = t == 0;
		const char *from = ocaml ? o->toolchain_ocaml_from : o->toolchain_dune_from;
		const char *opt = ocaml ? "--ocaml-version" : "--dune-version";
		const char *first = NULL;
		size_t named = 0;

		if (!needs->n)
			continue;
		for (size_t i = 0; i < needs->n; i++)
			if (*needs->v[i] && named++ == 0)
				first = needs->v[i];
		ml_buf_adds(out, "\nhint: ");
		toolchain_text(out, o, names[t]);
		if (first)
			ml_buf_addf(out, "; %s", first);
		if (named > 1)
			ml_buf_addf(out, " (and %zu more)", named - 1);
		if (from && strcmp(from, "PATH") == 0)
			ml_buf_addf(out,
				    ": put %s that fits first on PATH, or lock for another %s with "
				    "%s V (%s any lifts the constraint)",
				    ocaml ? "an OCaml compiler" : "a dune", names[t], opt, opt);
		else
			ml_buf_addf(out, ": lock with another %s V, or %s any", opt, opt);
	}
}

/* The reason a candidate was taken out, as one line. */
static void excl_reason(struct explain *x, struct ml_buf *b, const struct sv_cand *cand)
{
	const struct sv_name *n = &x->c->names[cand->name];
	const struct ml_package *pkg = cand->pkg;
	struct ml_strvec ids = ML_STRVEC_INIT;
	const struct ml_vars *vars = cand->root ? x->c->root_vars : x->c->o->vars;

	pkg_name(b, pkg);
	switch (cand->excl) {
	case SV_PINNED:
		ml_buf_addf(b, " is excluded: %s is pinned to %s", n->name, n->pin);
		break;
	case SV_UNAVAILABLE:
		ml_buf_adds(b, " is not available here: available: ");
		ml_opam_print_value(b, pkg->available);
		collect_idents(pkg->available, &ids);
		ml_strvec_sort_uniq(&ids);
		for (size_t i = 0; i < ids.n; i++) {
			const char *v = vars ? ml_vars_get(vars, ids.v[i]) : NULL;

			ml_buf_addf(b, "%s%s = %s", i == 0 ? " (with " : ", ", ids.v[i],
				    v ? v : "undefined");
		}
		if (ids.n)
			ml_buf_addc(b, ')');
		ml_buf_addf(b, " in %s", pkg->path);
		break;
	case SV_NODUNE:
		ml_buf_addf(
		    b, " does not build with dune: it depends on neither dune nor jbuilder (%s)",
		    pkg->path);
		break;
	case SV_BROKEN:
		ml_buf_addf(b, " is skipped: its opam file cannot be read (%s)", pkg->path);
		break;
	case SV_TOOLCHAIN:
		ml_buf_adds(b, " does not fit the toolchain: ");
		toolchain_text(b, x->c->o, n->name);
		break;
	case SV_NOCROSS:
		ml_buf_addf(b,
			    " does not cross-compile: it is not tagged cross-compile and other "
			    "versions are (--require-cross-compile) (%s)",
			    pkg->path);
		break;
	case SV_OK:
		break;
	}
	ml_strvec_release(&ids);
}

static void list_versions(struct ml_buf *b, struct sv_ctx *c, const struct sv_name *n)
{
	size_t shown = 0;

	/* Newest first, as a user scans them. */
	for (size_t k = n->ncands; k > 0 && shown < EXPLAIN_MAX_VERSIONS; k--, shown++)
		ml_buf_addf(b, "%s%s", shown ? ", " : "", c->cands[n->first + k - 1].pkg->version);
	if (n->ncands > shown)
		ml_buf_addf(b, " and %zu older", n->ncands - shown);
}

/* Above this many excluded versions for one reason, one summary line replaces them. */
#define EXPLAIN_MAX_EXCLUDED 3

static const char *const excl_many[] = {
	[SV_OK] = "",
	[SV_PINNED] = "are excluded by a pin",
	[SV_UNAVAILABLE] = "are not available here (see their available: fields)",
	[SV_NODUNE] = "do not build with dune: they depend on neither dune nor jbuilder",
	[SV_BROKEN] = "are skipped: their opam files cannot be read",
	[SV_TOOLCHAIN] = "do not fit the toolchain",
	[SV_NOCROSS] = ("do not cross-compile: not tagged cross-compile, and other versions are "
			"(--require-cross-compile)"),
};

/* "N versions of X (newest, ..., and K older) <why>" for the fitting candidates excluded so. */
static void excl_summary(struct explain *x, struct ml_buf *b, const struct sv_name *n,
			 const struct ml_formula *atom, enum sv_excl why, size_t count)
{
	size_t shown = 0;

	ml_buf_addf(b, "  %zu versions of %s (", count, n->name);
	for (size_t k = n->first + n->ncands; k > n->first; k--) {
		const struct sv_cand *cand = &x->c->cands[k - 1];

		if (cand->excl != why || !ml_vformula_holds(atom->vf, cand->pkg->version))
			continue;
		if (shown == EXPLAIN_MAX_EXCLUDED) {
			ml_buf_addf(b, " and %zu older", count - shown);
			break;
		}
		ml_buf_addf(b, "%s%s", shown++ ? ", " : "", cand->pkg->version);
	}
	ml_buf_addf(b, ") %s", excl_many[why]);
	if (why == SV_TOOLCHAIN) {
		ml_buf_adds(b, ": ");
		toolchain_text(b, x->c->o, n->name);
	}
	line_add(x, b);
}

/* Why nothing (usable) fits one atom `name {vf}`: lines for what exists and what is out. */
static void atom_notes(struct explain *x, const struct ml_formula *atom)
{
	struct sv_ctx *c = x->c;
	const struct sv_name *n = sv_name_find(c, atom->name);
	struct ml_buf b = ML_BUF_INIT;
	size_t fit = 0, usable = 0, count[SV_NOCROSS + 1] = { 0 };
	bool summarised[SV_NOCROSS + 1] = { false };

	if (!n || !n->known || n->ncands == 0) {
		/* known without candidates: every opam file of it failed to parse (warned) */
		if (n && n->known)
			ml_buf_addf(&b,
				    "  every version of %s is skipped: its opam files cannot be "
				    "read (see the warnings above)",
				    atom->name);
		else {
			const char *const *names;
			size_t nn = ml_universe_names(c->u, &names);
			const char *near = ml_suggest(atom->name, names, nn);

			ml_buf_addf(&b, "  no package named %s exists in the repositories",
				    atom->name);
			if (near)
				ml_buf_addf(&b, "; did you mean %s?", near);
		}
		line_add(x, &b);
		ml_buf_release(&b);
		return;
	}
	for (size_t k = n->first; k < n->first + n->ncands; k++)
		if (ml_vformula_holds(atom->vf, c->cands[k].pkg->version))
			count[c->cands[k].excl]++;
	for (size_t k = n->first; k < n->first + n->ncands; k++) {
		const struct sv_cand *cand = &c->cands[k];

		if (!ml_vformula_holds(atom->vf, cand->pkg->version))
			continue;
		fit++;
		if (cand->excl == SV_OK) {
			usable++;
			continue;
		}
		if (count[cand->excl] > EXPLAIN_MAX_EXCLUDED) {
			if (!summarised[cand->excl])
				excl_summary(x, &b, n, atom, cand->excl, count[cand->excl]);
			summarised[cand->excl] = true;
			continue;
		}
		ml_buf_adds(&b, "  ");
		excl_reason(x, &b, cand);
		line_add(x, &b);
	}
	if (fit == 0) {
		ml_buf_addf(&b, "  no version of %s satisfies ", atom->name);
		ml_vformula_print(&b, atom->vf);
		ml_buf_adds(&b, ": there is ");
		list_versions(&b, c, n);
		line_add(x, &b);
	}
	if (usable == 0 && count[SV_NODUNE] > 0 && !ml_strvec_contains(&x->nodune, atom->name))
		ml_strvec_push(&x->nodune, atom->name);
	/* --ocaml-version is a pin of the compiler: the toolchain too */
	if (usable == 0 && (count[SV_TOOLCHAIN] > 0 ||
			    (count[SV_PINNED] > 0 && n->pin && n->pin == c->o->ocaml_version &&
			     strcmp(n->name, "ocaml") == 0)))
		toolchain_need(x, atom->name, atom);
	ml_buf_release(&b);
}

static void formula_notes(struct explain *x, const struct ml_formula *f)
{
	if (!f)
		return;
	if (f->kind == ML_FORMULA_ATOM) {
		atom_notes(x, f);
		return;
	}
	formula_notes(x, f->a);
	formula_notes(x, f->b);
}

static const struct sv_dep *dep_of(const struct sv_cand *cand, Id dep)
{
	for (size_t i = 0; cand && i < cand->ndeps; i++)
		if (cand->deps[i].id == dep)
			return &cand->deps[i];
	return NULL;
}

static void render_requires(struct explain *x, struct sv_cand *from, Id dep, bool nothing)
{
	const struct sv_dep *d = dep_of(from, dep);
	struct ml_buf b = ML_BUF_INIT;
	char *what;

	if (!from)
		return;
	if (d && d->f) {
		ml_buf_adds(&b, "requires ");
		ml_formula_print(&b, d->f);
	} else {
		ml_buf_adds(&b, "has a dependency");
	}
	what = ml_buf_detach(&b, NULL);
	pkg_name(&b, from->pkg);
	ml_buf_addf(&b, " %s (%s)", what, from->pkg->path);
	if (nothing)
		ml_buf_adds(&b, ", which nothing can satisfy:");
	block_start(x, from->root ? CAT_ROOT : CAT_REQUIRES, &b);
	if (x->cur && !from->root) {
		x->cur->from = from;
		x->cur->what = what;
		x->cur->nothing = nothing;
		what = NULL;
	}
	free(what);
	x->from = from;
	if (d && d->f && nothing)
		formula_notes(x, d->f);
	x->from = NULL;
	ml_buf_release(&b);
}

static void render_conflict(struct explain *x, struct sv_cand *from, struct sv_cand *to, Id dep)
{
	const struct sv_dep *d = dep_of(from, dep);
	struct ml_buf b = ML_BUF_INIT;

	if (!from || !to)
		return;
	/*
	 * Two versions of one name exclude each other anyway ("only one version ... can be
	 * chosen"): the source constraint between them says nothing more.
	 */
	if (d && d->kind == SV_DEP_SOURCE && !strcmp(from->pkg->name, to->pkg->name))
		return;
	if (d && (d->kind == SV_DEP_CLASS || d->kind == SV_DEP_SOURCE) &&
	    strcmp(from->pkg->name, to->pkg->name) > 0) {
		struct sv_cand *tmp = from;

		from = to;
		to = tmp;
	}
	pkg_name(&b, from->pkg);
	if (!d) {
		ml_buf_adds(&b, " conflicts with ");
		pkg_name(&b, to->pkg);
		ml_buf_addf(&b, " (%s)", from->pkg->path);
	} else if (d->kind == SV_DEP_CLASS) {
		ml_buf_adds(&b, " and ");
		pkg_name(&b, to->pkg);
		ml_buf_addf(&b, " are both in conflict-class %s (%s, %s)", d->token,
			    from->pkg->path, to->pkg->path);
	} else if (d->kind == SV_DEP_SOURCE) {
		ml_buf_adds(&b, " and ");
		pkg_name(&b, to->pkg);
		ml_buf_addf(&b, " share dev-repo %s but come from different sources (%s, %s)",
			    d->token, from->pkg->url.src, to->pkg->url.src);
	} else if (d->kind == SV_DEP_DEPOPTS) {
		ml_buf_adds(&b, " accepts only ");
		ml_formula_print(&b, d->f);
		ml_buf_addf(&b, " (depopts in %s), not ", from->pkg->path);
		pkg_name(&b, to->pkg);
	} else {
		ml_buf_adds(&b, " conflicts with ");
		ml_formula_print(&b, d->f);
		ml_buf_addf(&b, " (%s), which ", from->pkg->path);
		pkg_name(&b, to->pkg);
		ml_buf_adds(&b, " is");
	}
	block_start(x, CAT_CONFLICT, &b);
	ml_buf_release(&b);
}

static void render_root(struct explain *x, Id dep, bool nothing)
{
	struct sv_ctx *c = x->c;
	struct ml_formula atom;
	struct ml_buf b = ML_BUF_INIT;

	if (!nothing || ISRELDEP(dep))
		return;
	memset(&atom, 0, sizeof(atom));
	atom.kind = ML_FORMULA_ATOM;
	atom.name = (char *)pool_id2str(c->pool, dep);
	ml_buf_addf(&b, "root %s cannot be chosen:", atom.name);
	block_start(x, CAT_ROOT, &b);
	atom_notes(x, &atom);
	ml_buf_release(&b);
}

static void render_info(struct explain *x, int type, Id from, Id to, Id dep)
{
	struct sv_ctx *c = x->c;
	struct sv_cand *f = sv_cand_of(c, from), *t = sv_cand_of(c, to);
	struct ml_buf b = ML_BUF_INIT;

	switch (type) {
	case SOLVER_RULE_JOB_NOTHING_PROVIDES_DEP:
	case SOLVER_RULE_JOB_UNKNOWN_PACKAGE:
		render_root(x, dep, true);
		break;
	case SOLVER_RULE_PKG_REQUIRES:
		render_requires(x, f, dep, false);
		break;
	case SOLVER_RULE_PKG_NOTHING_PROVIDES_DEP:
		render_requires(x, f, dep, true);
		break;
	case SOLVER_RULE_PKG_CONFLICTS:
		render_conflict(x, f, t, dep);
		break;
	case SOLVER_RULE_PKG_SAME_NAME:
		if (!f || !t)
			break;
		ml_buf_addf(&b, "only one version of %s can be chosen: ", f->pkg->name);
		if (ml_version_cmp(f->pkg->version, t->pkg->version) > 0) {
			struct sv_cand *tmp = f;

			f = t;
			t = tmp;
		}
		ml_buf_addf(&b, "%s or %s", f->pkg->version, t->pkg->version);
		block_start(x, CAT_CONFLICT, &b);
		break;
	case SOLVER_RULE_PKG_NOT_INSTALLABLE:
		if (!f || f->excl == SV_OK)
			break;
		excl_reason(x, &b, f);
		block_start(x, CAT_CONFLICT, &b);
		if (f->excl == SV_NODUNE && !ml_strvec_contains(&x->nodune, f->pkg->name))
			ml_strvec_push(&x->nodune, f->pkg->name);
		if (f->excl == SV_TOOLCHAIN)
			toolchain_need(x, f->pkg->name, NULL);
		break;
	case SOLVER_RULE_PKG_SELF_CONFLICT:
		if (!f)
			break;
		pkg_name(&b, f->pkg);
		ml_buf_addf(&b, " conflicts with itself (%s)", f->pkg->path);
		block_start(x, CAT_CONFLICT, &b);
		break;
	default:
		/* Job rules name the roots, which the lines about their packages show. */
		break;
	}
	ml_buf_release(&b);
}

static void nodune_hint(struct explain *x, struct ml_buf *out)
{
	for (size_t i = 0; i < x->nodune.n; i++) {
		const struct sv_name *n = sv_name_find(x->c, x->nodune.v[i]);
		size_t shown = 0;

		ml_buf_addf(out, "\nhint: no usable version of %s builds with dune (",
			    x->nodune.v[i]);
		for (size_t k = n->first + n->ncands; k > n->first; k--) {
			const struct sv_cand *cand = &x->c->cands[k - 1];

			if (cand->excl != SV_NODUNE)
				continue;
			if (shown == EXPLAIN_MAX_VERSIONS) {
				ml_buf_adds(out, ", ...");
				break;
			}
			ml_buf_addf(out, "%s%s.%s", shown++ ? ", " : "", cand->pkg->name,
				    cand->pkg->version);
		}
		ml_buf_addf(out, "): it needs a dune port, e.g. from an overlay repository such as "
				 "opam-overlays, or mark it opam-provided");
	}
}

static bool same_notes(const struct block *a, const struct block *b)
{
	if (a->lines.n != b->lines.n)
		return false;
	for (size_t i = 1; i < a->lines.n; i++)
		if (strcmp(a->lines.v[i], b->lines.v[i]) != 0)
			return false;
	return true;
}

static int cand_version_cmp(const void *a, const void *b)
{
	const struct sv_cand *const *x = a, *const *y = b;

	return ml_version_cmp((*x)->pkg->version, (*y)->pkg->version);
}

/* Above this many versions in one group, the list of versions is cut. */
#define EXPLAIN_MAX_GROUPED 4

/*
 * Versions of one package that fail for the same reason (the same requirement, the same
 * notes) share one statement: `lwt 5.7.0 .. 5.9.1 (4 versions) each requires dune >= 3.0`
 * instead of a block per version. ".." only when no other version lies between them.
 */
static void group_versions(struct explain *x)
{
	const struct sv_cand **group = NULL;
	size_t alloc = 0;

	for (size_t i = 0; i < x->nblocks; i++) {
		struct block *bl = &x->blocks[i];
		const struct sv_name *n;
		struct ml_buf b = ML_BUF_INIT;
		size_t ng = 0, between = 0;

		if (!bl->what || bl->merged)
			continue;
		for (size_t k = i; k < x->nblocks; k++) {
			struct block *o = &x->blocks[k];

			if (!o->what || o->merged || o->nothing != bl->nothing ||
			    strcmp(o->what, bl->what) != 0 ||
			    strcmp(o->from->pkg->name, bl->from->pkg->name) != 0 ||
			    !same_notes(o, bl))
				continue;
			ML_ALLOC_GROW(group, ng + 1, alloc);
			group[ng++] = o->from;
			o->merged = k != i;
		}
		if (ng < 2)
			continue;
		qsort(group, ng, sizeof(*group), cand_version_cmp);
		n = &x->c->names[group[0]->name];
		for (size_t k = n->first; k < n->first + n->ncands; k++)
			if (ml_version_cmp(x->c->cands[k].pkg->version, group[0]->pkg->version) >=
				0 &&
			    ml_version_cmp(x->c->cands[k].pkg->version,
					   group[ng - 1]->pkg->version) <= 0)
				between++;
		ml_buf_addf(&b, "%s ", bl->from->pkg->name);
		if (between == ng) {
			ml_buf_addf(&b, "%s .. %s", group[0]->pkg->version,
				    group[ng - 1]->pkg->version);
		} else {
			for (size_t k = 0; k < ng && k < EXPLAIN_MAX_GROUPED; k++)
				ml_buf_addf(&b, "%s%s", k ? ", " : "", group[k]->pkg->version);
			if (ng > EXPLAIN_MAX_GROUPED)
				ml_buf_addf(&b, " and %zu more", ng - EXPLAIN_MAX_GROUPED);
		}
		/* the newest version's file stands for the others */
		ml_buf_addf(&b, " (%zu versions) each %s (%s and %zu more)%s", ng, bl->what,
			    group[ng - 1]->pkg->path, ng - 1,
			    bl->nothing ? ", which nothing can satisfy:" : "");
		free(bl->lines.v[0]);
		bl->lines.v[0] = ml_buf_detach(&b, NULL);
	}
	free(group);
}

void sv_explain(struct sv_ctx *c, Solver *solv, struct ml_buf *out)
{
	struct explain x;
	unsigned int nprob = solver_problem_count(solv);
	Queue rules, infos;

	memset(&x, 0, sizeof(x));
	x.c = c;
	queue_init(&rules);
	queue_init(&infos);
	ml_buf_adds(out, "no solution:");
	for (Id problem = 1; problem <= (Id)nprob; problem++) {
		blocks_release(&x);
		solver_findallproblemrules(solv, problem, &rules);
		for (int i = 0; i < rules.count; i++) {
			solver_allruleinfos(solv, rules.elements[i], &infos);
			for (int k = 0; k + 3 < infos.count; k += 4)
				render_info(&x, infos.elements[k], infos.elements[k + 1],
					    infos.elements[k + 2], infos.elements[k + 3]);
		}
		if (x.nblocks > 1)
			qsort(x.blocks, x.nblocks, sizeof(*x.blocks), block_cmp);
		group_versions(&x);
		if (nprob > 1)
			ml_buf_addf(out, "\nproblem %d:", problem);
		for (size_t i = 0; i < x.nblocks; i++)
			for (size_t k = 0; !x.blocks[i].merged && k < x.blocks[i].lines.n; k++)
				ml_buf_addf(out, "\n  %s", x.blocks[i].lines.v[k]);
		if (x.nblocks == 0)
			ml_buf_adds(out, "\n  the constraints of the roots cannot all hold");
	}
	nodune_hint(&x, out);
	toolchain_hints(&x, out);
	queue_free(&rules);
	queue_free(&infos);
	blocks_release(&x);
	free(x.blocks);
	ml_strvec_release(&x.nodune);
	ml_strvec_release(&x.tool_needs[0]);
	ml_strvec_release(&x.tool_needs[1]);
}
