/* The vendoring rules: which solved packages go into the workspace, and where. */
#include "vendor.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "filter.h"
#include "lock.h"
#include "opam.h"
#include "repo.h"

/* A dev-repo or url long enough to be hostile is refused rather than grouped. */
#define VENDOR_MAX_URL 4096

struct ml_solution *ml_solution_new(void)
{
	return ml_calloc(1, sizeof(struct ml_solution));
}

void ml_solution_free(struct ml_solution *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		ml_strvec_release(&s->pkgs[i].depends);
	free(s->pkgs);
	ml_strvec_release(&s->roots);
	free(s);
}

struct ml_solved *ml_solution_add(struct ml_solution *s)
{
	struct ml_solved *e;

	ML_ALLOC_GROW(s->pkgs, s->n + 1, s->alloc);
	e = &s->pkgs[s->n++];
	memset(e, 0, sizeof(*e));
	ml_strvec_init(&e->depends);
	return e;
}

static int solved_cmp(const void *a, const void *b)
{
	const struct ml_solved *x = a, *y = b;

	return strcmp(x->pkg->name, y->pkg->name);
}

void ml_solution_sort(struct ml_solution *s)
{
	if (s->n > 1)
		qsort(s->pkgs, s->n, sizeof(*s->pkgs), solved_cmp);
	ml_strvec_sort_uniq(&s->roots);
}

const struct ml_solved *ml_solution_find(const struct ml_solution *s, const char *name)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->pkgs[mid].pkg->name, name);

		if (c == 0)
			return &s->pkgs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *const compiler_names[] = {
	"ocaml",          "ocaml-base-compiler", "ocaml-variants",
	"ocaml-compiler", "ocaml-system",        "ocaml-config",
};

static const char *const tool_names[] = {
	"dune", "jbuilder", "ocamlbuild", "ocamlmod", "oasis", "ocamlify",
};

static bool name_in(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

const char *ml_vendor_reason(const struct ml_package *pkg)
{
	if ((pkg->flags & ML_PKGF_COMPILER) ||
	    name_in(pkg->name, compiler_names, ML_ARRAY_SIZE(compiler_names)) ||
	    ml_starts_with(pkg->name, "ocaml-option-") ||
	    ml_starts_with(pkg->name, "ocaml-options-"))
		return "compiler";
	if (name_in(pkg->name, tool_names, ML_ARRAY_SIZE(tool_names)))
		return "tool";
	if (!pkg->url.src || ml_starts_with(pkg->name, "conf-") ||
	    (pkg->flags & (ML_PKGF_CONF | ML_PKGF_VIRTUAL)) ||
	    (!pkg->has_build && !pkg->has_install))
		return "virtual";
	return NULL;
}

bool ml_vendor_is_dune(const char *name)
{
	return strcmp(name, "dune") == 0 || strcmp(name, "jbuilder") == 0;
}

/* The end of the url part that names a path: before any '#' or '?'. */
static size_t url_path_len(const char *url)
{
	return strcspn(url, "#?");
}

/* A directory name the workspace reserves ("dune") gets a '_': "dune_". Takes dir. */
static char *unreserve(char *dir)
{
	char *out;

	if (!ml_lock_dir_is_reserved(dir))
		return dir;
	out = ml_xasprintf("%s_", dir);
	free(dir);
	return out;
}

char *ml_vendor_dir_name(const char *dev_repo)
{
	size_t len = url_path_len(dev_repo), start, end;
	char *dir;

	while (len > 0 && dev_repo[len - 1] == '/')
		len--;
	start = len;
	while (start > 0 && dev_repo[start - 1] != '/' && dev_repo[start - 1] != ':')
		start--;
	end = start;
	while (end < len && dev_repo[end] != '.')
		end++;
	if (end == start)
		return NULL;
	dir = ml_strndup(dev_repo + start, end - start);
	return unreserve(dir);
}

char *ml_vendor_dev_repo_key(const char *dev_repo)
{
	const char *p = dev_repo, *s;
	size_t len;
	char *key;

	if (ml_starts_with(p, "git+"))
		p += 4;
	s = strstr(p, "://");
	if (s)
		p = s + 3;
	/* user@host:path (scp-like) or user@host/path */
	s = strchr(p, '@');
	if (s && s < p + url_path_len(p) && !memchr(p, '/', (size_t)(s - p)))
		p = s + 1;
	len = url_path_len(p);
	while (len > 0 && p[len - 1] == '/')
		len--;
	if (len >= 4 && memcmp(p + len - 4, ".git", 4) == 0)
		len -= 4;
	key = ml_strndup(p, len);
	/* host:path and host/path are the same place */
	s = strchr(key, ':');
	if (s && (!strchr(key, '/') || s < strchr(key, '/')))
		key[s - key] = '/';
	return key;
}

struct group {
	char *key; /* "d:<dev-repo key>" or "u:<url>" */
	char *dir;
	const struct ml_package *first; /* names the group in messages */
	/* index into lock->sources: the array moves as sources are added */
	size_t src;
};

static bool is_hex40(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return i == 40;
}

static void source_set_url(struct ml_lock_source *src, const char *url)
{
	const char *hash = strchr(url, '#');

	if (hash && ml_starts_with(url, "git+") && is_hex40(hash + 1)) {
		src->url = ml_strndup(url, (size_t)(hash - url));
		src->commit = ml_strdup(hash + 1);
	} else {
		src->url = ml_strdup(url);
	}
}

static void push_new(struct ml_strvec *sv, const char *s)
{
	if (!ml_strvec_contains(sv, s))
		ml_strvec_push(sv, s);
}

static void group_describe(struct ml_buf *b, const struct group *g)
{
	if (g->first->dev_repo)
		ml_buf_addf(b, "dev-repo %s (%s.%s)", g->first->dev_repo, g->first->name,
			    g->first->version);
	else
		ml_buf_addf(b, "source %s of %s.%s (no dev-repo)", g->first->url.src,
			    g->first->name, g->first->version);
}

static void warnf(const struct ml_vendor_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warnf(const struct ml_vendor_opts *o, const char *fmt, ...)
{
	struct ml_buf b = ML_BUF_INIT;
	va_list ap;

	if (!o || !o->warn)
		return;
	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	o->warn(o->warn_ctx, b.buf);
	ml_buf_release(&b);
}

/* The strings of v (a string, or a list of them; other items are skipped) into d's names. */
static void depext_add_names(struct ml_lock_depext *d, const struct ml_opam_value *v)
{
	if (v->kind == ML_OPAM_STRING) {
		ml_strvec_push(&d->names, v->s);
	} else if (v->kind == ML_OPAM_LIST || v->kind == ML_OPAM_GROUP) {
		for (size_t i = 0; i < v->nitems; i++)
			if (v->items[i]->kind == ML_OPAM_STRING)
				ml_strvec_push(&d->names, v->items[i]->s);
	}
}

/* One depexts item (`["a" "b"] {filter}`, `"c"`) as a lock entry, its filter kept as text. */
static int add_depext(struct ml_lock *lock, const struct ml_package *pkg,
		      const struct ml_opam_value *it, struct ml_error *err)
{
	struct ml_lock_depext *d = ml_lock_add_depext(lock);
	struct ml_buf f = ML_BUF_INIT;
	int ret = 0;

	depext_add_names(d, it->kind == ML_OPAM_OPTION ? it->a : it);
	ml_strvec_sort_uniq(&d->names);
	if (it->kind == ML_OPAM_OPTION && it->nitems) {
		ml_opam_print_filter(&f, it->items, it->nitems);
		if (f.len > ML_LOCK_MAX_STRING)
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s.%s: %s: a depexts filter longer than %d bytes",
					   pkg->name, pkg->version, pkg->path ? pkg->path : "?",
					   ML_LOCK_MAX_STRING);
		else
			d->filter = ml_buf_detach(&f, NULL);
	}
	ml_buf_release(&f);
	if (ret < 0 || !d->names.n) {
		/* an entry naming nothing installs nothing: dropped (it is the last one) */
		ml_strvec_release(&d->names);
		free(d->filter);
		lock->ndepexts--;
	}
	return ret;
}

/*
 * depexts: [ ["a" "b"] {filter} "c" {filter} ["d"] ], kept with their filters: `depext`
 * evaluates them on the host where it runs, so one lock serves every system (as
 * opam-monorepo's lock does).
 */
int ml_vendor_depexts(struct ml_lock *lock, const struct ml_package *pkg, struct ml_error *err)
{
	const struct ml_opam_value *v = pkg->depexts;

	if (!v)
		return 0;
	if (v->kind != ML_OPAM_LIST)
		return add_depext(lock, pkg, v, err);
	for (size_t i = 0; i < v->nitems; i++) {
		int ret = add_depext(lock, pkg, v->items[i], err);

		if (ret < 0)
			return ret;
	}
	return 0;
}

static struct group *find_group(struct group *gs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(gs[i].key, key) == 0)
			return &gs[i];
	return NULL;
}

int ml_vendor_lock(struct ml_lock **out, const struct ml_solution *sol,
		   const struct ml_vendor_opts *opts, struct ml_error *err)
{
	struct ml_lock *lock = ml_lock_new();
	struct group *gs = NULL;
	size_t ngs = 0, gs_alloc = 0;
	int ret = 0;

	free(lock->generator);
	lock->generator = ml_strdup(opts && opts->generator ? opts->generator : "dune");
	for (size_t i = 0; i < sol->roots.n; i++)
		ml_strvec_push(&lock->roots, sol->roots.v[i]);

	for (size_t i = 0; i < sol->n; i++) {
		const struct ml_solved *sp = &sol->pkgs[i];
		const struct ml_package *pkg = sp->pkg;
		const char *reason = ml_vendor_reason(pkg);
		struct ml_lock_package *lp;
		struct ml_lock_source *src;
		struct group *g;
		char *key;

		/* roots are listed (never vendored) so that `why` can walk from them */
		if (sp->root)
			reason = "root";
		else if (!reason && sp->opam_provided)
			reason = "opam-provided";
		lp = ml_lock_add_package(lock);
		lp->name = ml_strdup(pkg->name);
		lp->version = ml_strdup(pkg->version);
		for (size_t k = 0; k < sp->depends.n; k++)
			ml_strvec_push(&lp->depends, sp->depends.v[k]);
		ret = ml_vendor_depexts(lock, pkg, err);
		if (ret < 0)
			goto out;
		if (reason) {
			lp->reason = ml_strdup(reason);
			if (sp->root)
				continue;
			if (strcmp(reason, "virtual") == 0 && !pkg->url.src &&
			    (pkg->has_build || pkg->has_install) &&
			    !ml_starts_with(pkg->name, "conf-") &&
			    !(pkg->flags & (ML_PKGF_CONF | ML_PKGF_VIRTUAL)))
				warnf(opts, "%s.%s has build instructions but no url: not vendored",
				      pkg->name, pkg->version);
			continue;
		}
		if (strlen(pkg->url.src) > VENDOR_MAX_URL ||
		    (pkg->dev_repo && strlen(pkg->dev_repo) > VENDOR_MAX_URL)) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s.%s: url or dev-repo too long",
					   pkg->name, pkg->version);
			goto out;
		}
		/*
		 * Repositories are third-party: a url naming this machine (file://, a path) would
		 * make pull copy whatever it names into the workspace. Only the project's pins may.
		 */
		if (ml_lock_url_is_local(pkg->url.src) && !(pkg->repo && pkg->repo->pin)) {
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s.%s: %s: url '%s' is a local path: a repository may "
					   "not name files of this machine (pin the package with "
					   "pin-depends in the project's opam file instead)",
					   pkg->name, pkg->version, pkg->path ? pkg->path : "?",
					   pkg->url.src);
			goto out;
		}
		if (pkg->dev_repo) {
			char *k = ml_vendor_dev_repo_key(pkg->dev_repo);

			key = ml_xasprintf("d:%s", k);
			free(k);
		} else {
			key = ml_xasprintf("u:%s", pkg->url.src);
		}
		g = find_group(gs, ngs, key);
		/*
		 * Another dev-repo with the very same url is the same content: one source (two
		 * directories would hold the same libraries twice, which dune refuses).
		 */
		for (size_t k = 0; !g && k < ngs; k++)
			if (strcmp(gs[k].first->url.src, pkg->url.src) == 0) {
				g = &gs[k];
				free(key);
				key = NULL;
			}
		if (!g) {
			ML_ALLOC_GROW(gs, ngs + 1, gs_alloc);
			g = &gs[ngs++];
			g->key = key;
			g->first = pkg;
			g->src = 0;
			g->dir = pkg->dev_repo ? ml_vendor_dir_name(pkg->dev_repo)
					       : unreserve(ml_strdup(pkg->name));
			if (!g->dir || ml_lock_check_dir(g->dir, NULL) < 0) {
				ret = ml_error_set(
				    err, ML_EUNSAFE,
				    "%s.%s: dev-repo %s gives no usable directory name", pkg->name,
				    pkg->version, pkg->dev_repo);
				goto out;
			}
			if (!pkg->dev_repo)
				warnf(opts,
				      "%s.%s has no dev-repo: vendored in %s, grouped by its "
				      "source url",
				      pkg->name, pkg->version, g->dir);
			for (size_t k = 0; k < ngs - 1; k++) {
				struct ml_buf b = ML_BUF_INIT;

				if (strcmp(gs[k].dir, g->dir) != 0)
					continue;
				group_describe(&b, &gs[k]);
				ml_buf_adds(&b, " and ");
				group_describe(&b, g);
				ret = ml_error_set(err, ML_EUNSAT,
						   "%s both map to the workspace directory %s",
						   b.buf, g->dir);
				ml_buf_release(&b);
				goto out;
			}
			g->src = lock->nsources;
			src = ml_lock_add_source(lock);
			src->dir = ml_strdup(g->dir);
			source_set_url(src, pkg->url.src);
			src->pin = pkg->repo && pkg->repo->pin && ml_lock_source_is_local(src);
		} else {
			free(key);
			if (strcmp(g->first->url.src, pkg->url.src) != 0) {
				ret = ml_error_set(
				    err, ML_EUNSAT,
				    "%s.%s and %s.%s share dev-repo %s but come from "
				    "different sources: %s and %s",
				    g->first->name, g->first->version, pkg->name, pkg->version,
				    pkg->dev_repo, g->first->url.src, pkg->url.src);
				goto out;
			}
		}
		lp->dir = ml_strdup(g->dir);
		src = &lock->sources[g->src];
		ml_strvec_push(&src->packages, pkg->name);
		for (size_t k = 0; k < pkg->url.nchecksums; k++)
			push_new(&src->checksums, pkg->url.checksums[k]);
		for (size_t k = 0; k < pkg->url.nmirrors; k++)
			push_new(&src->mirrors, pkg->url.mirrors[k]);
	}
	ml_lock_sort(lock);
	ml_lock_depexts_uniq(lock);
out:
	for (size_t i = 0; i < ngs; i++) {
		free(gs[i].key);
		free(gs[i].dir);
	}
	free(gs);
	if (ret < 0)
		ml_lock_free(lock);
	else
		*out = lock;
	return ret;
}
