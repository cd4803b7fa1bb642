#include "repo.h"
#include "buf.h"
#include "error.h"
#include "opam.h"
#include "ucache.h"
#include "util.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>

/* Caps on what one package file may list: far above anything real. */
#define ML_PKG_MAX_LIST 4096u

/* A parsed package and the arrays its public view points into. */
struct pkg {
	struct ml_package pub;
	char *path;
	const char **conflict_class;
	const char **checksums;
	const char **mirrors;
	void *aux;           /* items of a file rebuilt from the cache (ml_ucache_aux_free) */
	bool view;           /* file holds only view_keep's fields (ml_universe_get_view) */
	unsigned nonempty;   /* view: the bits of view_probe's fields that are there */
	struct pkg *retired; /* the view a completed package was, kept for pointers into it */
};

/*
 * The fields of a package's view: what fill_package and the solver read. `build` and
 * `install` are only tested for being there (has_build, has_install).
 */
static const char *const view_keep[] = { "depends", "depopts",  "conflicts",      "available",
					 "depexts", "dev-repo", "conflict-class", "url",
					 "flags",   "tags" };
static const char *const view_probe[] = { "build", "install" };

enum load_mode {
	LOAD_VIEW, /* a view where the cache or a rebuild gives one, parses recorded */
	LOAD_FULL, /* the whole file, parses recorded */
	LOAD_ONCE, /* the whole file, nothing recorded (ml_universe_check, completing a view) */
};

/* One name.version: where it comes from (the winning repository) and its parse, once done. */
struct slot {
	const char *version; /* borrowed from the repository entry */
	size_t repo, entry;
	struct pkg *pkg;
};

/* A repository holding a name: names[ni] of repos[repo]. */
struct uref {
	size_t repo, ni;
};

/*
 * A package name of the universe. Its versions are gathered from the repositories holding
 * it when it is first asked for (`built`): a lock lists and reads only the names it reaches.
 */
struct uname {
	const char *name;  /* borrowed from a repository's names */
	struct uref *refs; /* in precedence order */
	size_t nrefs;
	bool built;
	struct slot *slots; /* versions ascending */
	const char **versions;
	size_t n;
};

struct ml_universe {
	struct ml_repo **repos;
	size_t nrepos, arepos;
	bool dirty; /* repositories were added since the index was built */
	struct uname *names;
	size_t nnames;
	const char **namev; /* the names that have versions, for ml_universe_names */
	size_t nnamev;
	struct uref *refs;         /* every uname's refs, one allocation */
	struct ml_opam_pool *pool; /* the views' files (ml_universe_get_view) */
};

struct ml_universe *ml_universe_new(void)
{
	return ml_calloc(1, sizeof(struct ml_universe));
}

static void pkg_free(struct pkg *p)
{
	if (!p)
		return;
	ml_opam_file_free(p->pub.file);
	ml_ucache_aux_free(p->aux);
	pkg_free(p->retired);
	free(p->path);
	free(p->conflict_class);
	free(p->checksums);
	free(p->mirrors);
	free(p);
}

static void uname_release(struct uname *n, bool free_pkgs)
{
	if (free_pkgs)
		for (size_t i = 0; i < n->n; i++)
			pkg_free(n->slots[i].pkg);
	free(n->slots);
	free(n->versions);
	n->slots = NULL;
	n->versions = NULL;
	n->n = 0;
	n->built = false;
}

static void index_release(struct ml_universe *u)
{
	for (size_t i = 0; i < u->nnames; i++)
		uname_release(&u->names[i], true);
	free(u->names);
	free(u->namev);
	free(u->refs);
	u->names = NULL;
	u->namev = NULL;
	u->refs = NULL;
	u->nnames = u->nnamev = 0;
}

void ml_universe_free(struct ml_universe *u)
{
	if (!u)
		return;
	index_release(u);
	ml_opam_pool_free(u->pool);
	for (size_t i = 0; i < u->nrepos; i++)
		ml_repo_free(u->repos[i]);
	free(u->repos);
	free(u);
}

void ml_universe_add_repo(struct ml_universe *u, struct ml_repo *r)
{
	ML_ALLOC_GROW(u->repos, u->nrepos + 1, u->arepos);
	u->repos[u->nrepos++] = r;
	u->dirty = true;
}

size_t ml_universe_nrepos(const struct ml_universe *u)
{
	return u->nrepos;
}

const struct ml_repo *ml_universe_repo(const struct ml_universe *u, size_t i)
{
	return i < u->nrepos ? u->repos[i] : NULL;
}

/*
 * opam's order, with the strings themselves breaking ties: distinct strings the order calls
 * equal ("5.5.0+introcaml" and "5.5.0+introcaml0" in opam-repository) are distinct packages.
 */
static int version_cmp(const char *a, const char *b)
{
	int c = ml_version_cmp(a, b);

	return c ? c : strcmp(a, b);
}

struct nref {
	const char *name;
	size_t repo, ni;
};

struct vref {
	const char *version;
	size_t repo, pos, entry;
};

/* version, then precedence (repository, then the entry's place among the name's) */
static int vref_cmp(const void *a, const void *b)
{
	const struct vref *x = a, *y = b;
	int c = version_cmp(x->version, y->version);

	if (c)
		return c;
	if (x->repo != y->repo)
		return x->repo < y->repo ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static struct uname *find_name(struct ml_universe *u, const char *name)
{
	size_t lo = 0, hi = u->nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, u->names[mid].name);

		if (c == 0)
			return &u->names[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Gathers the versions of one name from the repositories holding it (listing them). */
static int build_name(struct ml_universe *u, struct uname *n, struct ml_error *err)
{
	struct vref *v = NULL;
	size_t nv = 0, av = 0;
	int ret = 0;

	if (n->built)
		return 0;
	for (size_t i = 0; i < n->nrefs; i++) {
		struct ml_repo *r = u->repos[n->refs[i].repo];
		const struct ml_repo_name *rn;

		ret = ml_repo_name_entries(r, n->refs[i].ni, &rn, err);
		if (ret)
			goto out;
		for (size_t k = 0; k < rn->n; k++) {
			ML_ALLOC_GROW(v, nv + 1, av);
			v[nv++] = (struct vref){ r->entries[rn->idx[k]].version, n->refs[i].repo, k,
						 rn->idx[k] };
		}
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), vref_cmp);
	n->slots = ml_reallocarray(NULL, nv ? nv : 1, sizeof(*n->slots));
	n->versions = ml_reallocarray(NULL, nv ? nv : 1, sizeof(*n->versions));
	n->n = 0;
	for (size_t i = 0; i < nv; i++) {
		/* the same version in a later repository (or twice in one) is shadowed */
		if (i > 0 && strcmp(v[i - 1].version, v[i].version) == 0)
			continue;
		n->slots[n->n] = (struct slot){ v[i].version, v[i].repo, v[i].entry, NULL };
		n->versions[n->n] = v[i].version;
		n->n++;
	}
	n->built = true;
out:
	free(v);
	return ret;
}

/*
 * Builds the index of names from the repositories: nothing is listed or read. Names built
 * before are built again and keep their parsed packages: repositories added later have
 * lower precedence, so a parsed name.version keeps its winner.
 */
static void index_build(struct ml_universe *u)
{
	struct nref *refs = NULL;
	size_t nrefs = 0, total = 0, *pos, *lens;
	const struct ml_repo_name **lists;
	struct uname *old = u->names;
	size_t nold = u->nnames;

	if (!u->dirty)
		return;
	for (size_t i = 0; i < u->nrepos; i++) {
		const struct ml_repo_name *names;

		total += ml_repo_names(u->repos[i], &names);
	}
	refs = ml_reallocarray(NULL, total ? total : 1, sizeof(*refs));
	/*
	 * Each repository's names are sorted and distinct: merged (name, then precedence) in
	 * one pass, what a sort of them all gives.
	 */
	pos = ml_calloc(u->nrepos + 1, sizeof(*pos));
	lists = ml_calloc(u->nrepos + 1, sizeof(*lists));
	lens = ml_calloc(u->nrepos + 1, sizeof(*lens));
	for (size_t i = 0; i < u->nrepos; i++)
		lens[i] = ml_repo_names(u->repos[i], &lists[i]);
	for (;;) {
		const struct ml_repo_name *best = NULL;
		size_t bi = 0;

		for (size_t i = 0; i < u->nrepos; i++)
			if (pos[i] < lens[i] &&
			    (!best || strcmp(lists[i][pos[i]].name, best->name) < 0)) {
				best = &lists[i][pos[i]];
				bi = i;
			}
		if (!best)
			break;
		refs[nrefs++] = (struct nref){ best->name, bi, pos[bi]++ };
	}
	free(pos);
	free(lists);
	free(lens);

	free(u->namev);
	free(u->refs);
	u->namev = NULL;
	u->nnamev = 0;
	u->refs = ml_reallocarray(NULL, nrefs ? nrefs : 1, sizeof(*u->refs));
	u->names = ml_reallocarray(NULL, nrefs ? nrefs : 1, sizeof(*u->names));
	u->nnames = 0;
	for (size_t i = 0; i < nrefs; i++) {
		bool newname = i == 0 || strcmp(refs[i - 1].name, refs[i].name) != 0;

		if (newname) {
			u->names[u->nnames++] =
			    (struct uname){ .name = refs[i].name, .refs = &u->refs[i] };
		}
		u->refs[i] = (struct uref){ refs[i].repo, refs[i].ni };
		u->names[u->nnames - 1].nrefs++;
	}
	u->dirty = false;

	/* carry the parsed packages over */
	for (size_t i = 0; i < nold; i++) {
		struct uname *on = &old[i], *nn;

		if (!on->built)
			continue;
		nn = find_name(u, on->name);
		if (!nn || build_name(u, nn, NULL) != 0) {
			uname_release(on, true);
			continue;
		}
		for (size_t j = 0, k = 0; j < on->n; j++) {
			struct slot *os = &on->slots[j];

			while (k < nn->n && version_cmp(nn->slots[k].version, os->version) < 0)
				k++;
			/* a winner never changes: it is in the new index at the same place */
			if (os->pkg && k < nn->n && nn->slots[k].repo == os->repo &&
			    nn->slots[k].entry == os->entry)
				nn->slots[k].pkg = os->pkg;
			else
				pkg_free(os->pkg);
		}
		uname_release(on, false);
	}
	free(old);
	free(refs);
}

static int find_built(struct ml_universe *u, const char *name, struct uname **out,
		      struct ml_error *err)
{
	struct uname *n;
	int ret;

	index_build(u);
	n = find_name(u, name);
	if (n) {
		ret = build_name(u, n, err);
		if (ret)
			return ret;
	}
	if (!n || n->n == 0)
		return ml_error_set(err, ML_ENOTFOUND, "unknown package '%s'", name);
	*out = n;
	return 0;
}

static struct slot *find_slot(struct uname *n, const char *version)
{
	size_t lo = 0, hi = n->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct slot *s = &n->slots[mid];
		int c = version_cmp(version, s->version);

		if (c == 0)
			return s;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * Builds every name (a whole-repository walk). Names without any version are left out;
 * a name whose listing fails stays in, so that ml_universe_versions reports the error.
 */
static void build_all(struct ml_universe *u)
{
	index_build(u);
	if (u->namev)
		return;
	u->namev = ml_reallocarray(NULL, u->nnames ? u->nnames : 1, sizeof(*u->namev));
	for (size_t i = 0; i < u->nnames; i++) {
		struct ml_error e = ML_ERROR_INIT;
		bool failed = build_name(u, &u->names[i], &e) != 0;

		if (failed || u->names[i].n > 0)
			u->namev[u->nnamev++] = u->names[i].name;
		ml_error_release(&e);
	}
}

size_t ml_universe_names(struct ml_universe *u, const char *const **out)
{
	build_all(u);
	*out = u->namev;
	return u->nnamev;
}

int ml_universe_versions(struct ml_universe *u, const char *name, const char *const **out,
			 size_t *n, struct ml_error *err)
{
	struct uname *un;
	int ret = find_built(u, name, &un, err);

	if (ret)
		return ret;
	*out = un->versions;
	*n = un->n;
	return 0;
}

bool ml_universe_name_digest(struct ml_universe *u, const char *name, uint64_t out[2])
{
	struct ml_ucache_key k = { 0 };
	struct ml_buf item = ML_BUF_INIT, data = ML_BUF_INIT;
	struct uname *n;
	bool ok = true;

	index_build(u);
	ml_ucache_key_add(&k, name, strlen(name) + 1);
	n = find_name(u, name);
	for (size_t i = 0; ok && n && i < n->nrefs; i++) {
		struct ml_repo *r = u->repos[n->refs[i].repo];
		const struct ml_repo_name *rn;

		if (ml_repo_name_entries(r, n->refs[i].ni, &rn, NULL) != 0) {
			ok = false;
			break;
		}
		for (size_t j = 0; ok && j < rn->n; j++) {
			const struct ml_repo_entry *e = &r->entries[rn->idx[j]];

			ml_buf_reset(&item);
			ml_buf_addf(&item, "%zu", n->refs[i].repo);
			ml_buf_add(&item, "", 1);
			ml_buf_adds(&item, e->relpath);
			ml_buf_add(&item, "", 1);
			ml_buf_adds(&item, e->version);
			ml_buf_add(&item, "", 1);
			if (e->stamp == ML_UCACHE_RACY) {
				ok = false;
			} else if (e->stamp || r->key) {
				ml_buf_add(&item, &e->stamp, sizeof(e->stamp));
			} else {
				ml_buf_reset(&data);
				ok = ml_repo_read(r, e->relpath, &data, NULL) == 0;
				ml_buf_add(&item, data.buf, data.len);
			}
			ml_ucache_key_add(&k, item.buf, item.len);
		}
	}
	ml_buf_release(&item);
	ml_buf_release(&data);
	out[0] = k.a ^ k.n;
	out[1] = k.b;
	return ok;
}

size_t ml_universe_count(struct ml_universe *u)
{
	size_t total = 0;

	build_all(u);
	for (size_t i = 0; i < u->nnames; i++)
		total += u->names[i].n;
	return total;
}

/* ---- field extraction ---- */

/* A string, or a list of strings (`checksum`, `mirrors`), into a fresh array. */
static int string_list(const char ***out, size_t *n, const struct ml_opam_value *v,
		       const char *path, const char *what, struct ml_error *err)
{
	const char **arr;

	if (v->kind == ML_OPAM_STRING) {
		arr = ml_malloc(sizeof(*arr));
		arr[0] = v->s;
		*out = arr;
		*n = 1;
		return 0;
	}
	if (v->kind != ML_OPAM_LIST)
		return ml_error_setat(err, ML_EPARSE, path, v->line, v->col,
				      "%s: expected a string or a list of strings", what);
	if (v->nitems > ML_PKG_MAX_LIST)
		return ml_error_setat(err, ML_EPARSE, path, v->line, v->col,
				      "%s: more than %u items", what, ML_PKG_MAX_LIST);
	for (size_t i = 0; i < v->nitems; i++)
		if (v->items[i]->kind != ML_OPAM_STRING)
			return ml_error_setat(err, ML_EPARSE, path, v->items[i]->line,
					      v->items[i]->col, "%s: expected a string", what);
	arr = ml_reallocarray(NULL, v->nitems ? v->nitems : 1, sizeof(*arr));
	for (size_t i = 0; i < v->nitems; i++)
		arr[i] = v->items[i]->s;
	*out = arr;
	*n = v->nitems;
	return 0;
}

static int fill_url(struct pkg *p, const struct ml_opam_file *f, struct ml_error *err)
{
	const struct ml_opam_item *sec = ml_opam_section(f, "url");
	const struct ml_opam_value *src, *v;
	int ret;

	if (!sec)
		return 0;
	src = ml_opam_section_field(sec, "src");
	if (!src)
		src = ml_opam_section_field(sec, "archive"); /* opam 1.2's name, still read */
	if (!src)
		return ml_error_setat(err, ML_EPARSE, p->path, sec->line, sec->col,
				      "url section without 'src'");
	if (src->kind != ML_OPAM_STRING)
		return ml_error_setat(err, ML_EPARSE, p->path, src->line, src->col,
				      "url: 'src' must be a string");
	p->pub.url.src = src->s;
	v = ml_opam_section_field(sec, "checksum");
	if (v) {
		ret =
		    string_list(&p->checksums, &p->pub.url.nchecksums, v, p->path, "checksum", err);
		if (ret)
			return ret;
		p->pub.url.checksums = p->checksums;
	}
	v = ml_opam_section_field(sec, "mirrors");
	if (v) {
		ret = string_list(&p->mirrors, &p->pub.url.nmirrors, v, p->path, "mirrors", err);
		if (ret)
			return ret;
		p->pub.url.mirrors = p->mirrors;
	}
	return 0;
}

static unsigned flag_bit(const char *s)
{
	static const struct {
		const char *name;
		unsigned bit;
	} flags[] = {
		{ "avoid-version", ML_PKGF_AVOID_VERSION },
		{ "deprecated", ML_PKGF_DEPRECATED },
		{ "compiler", ML_PKGF_COMPILER },
		{ "conf", ML_PKGF_CONF },
		{ "virtual", ML_PKGF_VIRTUAL },
		{ "plugin", ML_PKGF_PLUGIN },
	};

	for (size_t i = 0; i < ML_ARRAY_SIZE(flags); i++)
		if (strcmp(s, flags[i].name) == 0)
			return flags[i].bit;
	return 0; /* opam ignores flags it does not know (light-uninstall, verbose, ...) */
}

/*
 * flags: ident or [idents]; opam also reads `tags: "flags:NAME"` as a flag. Flags are kept
 * literal: a `conf-*` name without `flags: conf` is not flagged, callers decide.
 */
static int fill_flags(struct pkg *p, const struct ml_opam_file *f, struct ml_error *err)
{
	const struct ml_opam_value *v = ml_opam_field(f, "flags");
	const struct ml_opam_value *const *items = NULL;
	size_t n = 0;

	if (v) {
		if (v->kind == ML_OPAM_IDENT) {
			items = (const struct ml_opam_value *const *)&v;
			n = 1;
		} else if (v->kind == ML_OPAM_LIST) {
			items = (const struct ml_opam_value *const *)v->items;
			n = v->nitems;
		} else {
			return ml_error_setat(err, ML_EPARSE, p->path, v->line, v->col,
					      "flags: expected an identifier or a list of them");
		}
		for (size_t i = 0; i < n; i++) {
			if (items[i]->kind != ML_OPAM_IDENT)
				return ml_error_setat(err, ML_EPARSE, p->path, items[i]->line,
						      items[i]->col,
						      "flags: expected an identifier");
			p->pub.flags |= flag_bit(items[i]->s);
		}
	}
	v = ml_opam_field(f, "tags");
	if (v && v->kind == ML_OPAM_LIST) {
		for (size_t i = 0; i < v->nitems; i++)
			if (v->items[i]->kind == ML_OPAM_STRING &&
			    ml_starts_with(v->items[i]->s, "flags:"))
				p->pub.flags |= flag_bit(v->items[i]->s + strlen("flags:"));
	} else if (v && v->kind == ML_OPAM_STRING && ml_starts_with(v->s, "flags:")) {
		p->pub.flags |= flag_bit(v->s + strlen("flags:"));
	}
	return 0;
}

/* conflict-class: [ names ] (idents or strings), or a single one */
static int fill_conflict_class(struct pkg *p, const struct ml_opam_file *f, struct ml_error *err)
{
	const struct ml_opam_value *v = ml_opam_field(f, "conflict-class");
	const struct ml_opam_value *const *items;
	size_t n;

	if (!v)
		return 0;
	if (v->kind == ML_OPAM_LIST) {
		items = (const struct ml_opam_value *const *)v->items;
		n = v->nitems;
	} else {
		items = (const struct ml_opam_value *const *)&v;
		n = 1;
	}
	if (n > ML_PKG_MAX_LIST)
		return ml_error_setat(err, ML_EPARSE, p->path, v->line, v->col,
				      "conflict-class: more than %u items", ML_PKG_MAX_LIST);
	p->conflict_class = ml_reallocarray(NULL, n ? n : 1, sizeof(*p->conflict_class));
	for (size_t i = 0; i < n; i++) {
		if (items[i]->kind != ML_OPAM_IDENT && items[i]->kind != ML_OPAM_STRING)
			return ml_error_setat(err, ML_EPARSE, p->path, items[i]->line,
					      items[i]->col,
					      "conflict-class: expected a package name");
		p->conflict_class[i] = items[i]->s;
	}
	p->pub.conflict_class = p->conflict_class;
	p->pub.nconflict_class = n;
	return 0;
}

/* A build:/install: field counts when it holds at least one command. */
static bool nonempty(const struct ml_opam_value *v)
{
	if (!v)
		return false;
	if (v->kind == ML_OPAM_LIST)
		return v->nitems > 0;
	return true;
}

static int fill_package(struct pkg *p, struct ml_error *err)
{
	const struct ml_opam_file *f = p->pub.file;
	const struct ml_opam_value *v;
	int ret;

	p->pub.path = p->path;
	p->pub.depends = ml_opam_field(f, "depends");
	p->pub.depopts = ml_opam_field(f, "depopts");
	p->pub.conflicts = ml_opam_field(f, "conflicts");
	p->pub.available = ml_opam_field(f, "available");
	p->pub.depexts = ml_opam_field(f, "depexts");
	v = ml_opam_field(f, "dev-repo");
	if (v) {
		if (v->kind != ML_OPAM_STRING)
			return ml_error_setat(err, ML_EPARSE, p->path, v->line, v->col,
					      "dev-repo: expected a string");
		p->pub.dev_repo = v->s;
	}
	ret = fill_conflict_class(p, f, err);
	if (ret)
		return ret;
	ret = fill_url(p, f, err);
	if (ret)
		return ret;
	ret = fill_flags(p, f, err);
	if (ret)
		return ret;
	if (p->view) {
		p->pub.has_build = p->nonempty & 1u;
		p->pub.has_install = p->nonempty & 2u;
	} else {
		p->pub.has_build = nonempty(ml_opam_field(f, "build"));
		p->pub.has_install = nonempty(ml_opam_field(f, "install"));
	}
	return 0;
}

/*
 * Reads, parses and extracts one slot's package; through the repository's cache of parsed
 * files when it has one. A view (LOAD_VIEW) is rebuilt from the cache, or from the whole
 * parse, which is then freed: the memory of the next file's parse is the same.
 */
static int load(struct ml_universe *u, const struct uname *n, const struct slot *s,
		enum load_mode mode, struct pkg **out, struct ml_error *err)
{
	struct ml_repo *r = u->repos[s->repo];
	const struct ml_repo_entry *e = &r->entries[s->entry];
	struct ml_buf data = ML_BUF_INIT;
	struct pkg *p = ml_calloc(1, sizeof(*p));
	struct ml_ucache_view view = { view_keep,  ML_ARRAY_SIZE(view_keep),
				       view_probe, ML_ARRAY_SIZE(view_probe),
				       0,          NULL };
	struct ml_opam_file *whole = NULL;
	int ret;

	p->path = ml_xasprintf("%s/%s", r->display, e->relpath);
	p->pub.name = n->name;
	p->pub.version = s->version;
	p->pub.repo = r;
	p->pub.relpath = e->relpath;
	if (mode == LOAD_VIEW && !u->pool)
		u->pool = ml_opam_pool_new();
	view.pool = u->pool;
	if (mode == LOAD_VIEW && ml_ucache_get_view(&p->pub.file, &p->aux, r->ucache, e->relpath,
						    e->stamp, p->path, &view) == 0) {
		p->view = true;
	} else if (mode == LOAD_VIEW || ml_ucache_get(&p->pub.file, &p->aux, r->ucache, e->relpath,
						      e->stamp, p->path) != 0) {
		ret = ml_repo_read_entry(r, s->entry, &data, err);
		if (ret)
			goto out;
		ret = ml_opam_parse(&whole, p->path, data.buf, data.len, err);
		if (ret)
			goto out;
		if (mode == LOAD_VIEW &&
		    ml_ucache_put_view(&p->pub.file, &p->aux, r->ucache, e->relpath, e->stamp,
				       whole, p->path, &view) == 0) {
			p->view = true;
		} else {
			if (mode == LOAD_FULL && r->ucache)
				ml_ucache_put(r->ucache, e->relpath, e->stamp, whole);
			p->pub.file = whole;
			whole = NULL;
		}
	}
	p->nonempty = view.nonempty;
	ret = fill_package(p, err);
	if (ret)
		goto out;
	*out = p;
	p = NULL;
out:
	ml_opam_file_free(whole);
	pkg_free(p);
	ml_buf_release(&data);
	return ret;
}

static int lookup(struct ml_universe *u, const char *name, const char *version, struct uname **nout,
		  struct slot **sout, struct ml_error *err)
{
	int ret = find_built(u, name, nout, err);

	if (ret)
		return ret;
	*sout = find_slot(*nout, version);
	if (!*sout)
		return ml_error_set(err, ML_ENOTFOUND, "package '%s' has no version '%s'", name,
				    version);
	return 0;
}

int ml_universe_get(struct ml_universe *u, const char *name, const char *version,
		    const struct ml_package **out, struct ml_error *err)
{
	struct uname *n;
	struct slot *s;
	int ret = lookup(u, name, version, &n, &s, err);

	if (ret)
		return ret;
	if (!s->pkg) {
		ret = load(u, n, s, LOAD_FULL, &s->pkg, err);
		if (ret)
			return ret;
	} else if (s->pkg->view) {
		struct pkg *whole = NULL, *view;

		ret = load(u, n, s, LOAD_ONCE, &whole, err);
		if (ret)
			return ret;
		/* in place: the package pointer stays; what pointed into the view still does */
		view = ml_malloc(sizeof(*view));
		*view = *s->pkg;
		*s->pkg = *whole;
		s->pkg->retired = view;
		free(whole);
	}
	*out = &s->pkg->pub;
	return 0;
}

int ml_universe_get_view(struct ml_universe *u, const char *name, const char *version,
			 const struct ml_package **out, struct ml_error *err)
{
	struct uname *n;
	struct slot *s;
	int ret = lookup(u, name, version, &n, &s, err);

	if (ret)
		return ret;
	if (!s->pkg) {
		ret = load(u, n, s, LOAD_VIEW, &s->pkg, err);
		if (ret)
			return ret;
	}
	*out = &s->pkg->pub;
	return 0;
}

int ml_universe_check(struct ml_universe *u, const char *name, const char *version,
		      struct ml_error *err)
{
	struct uname *n;
	struct slot *s;
	struct pkg *p = NULL;
	int ret = lookup(u, name, version, &n, &s, err);

	if (ret || s->pkg)
		return ret;
	ret = load(u, n, s, LOAD_ONCE, &p, err);
	pkg_free(p);
	return ret;
}
