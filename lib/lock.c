/* The lock value: memory, order, lookups, equality and the invariants pull relies on. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lock.h"
#include "version.h"
#include "error.h"
#include "util.h"

struct ml_lock *ml_lock_new(void)
{
	struct ml_lock *lock = ml_calloc(1, sizeof(*lock));

	ml_strvec_init(&lock->roots);
	ml_strvec_init(&lock->depexts);
	lock->generator = ml_strdup("dune");
	return lock;
}

static void repo_release(struct ml_lock_repo *r)
{
	free(r->url);
	free(r->commit);
	free(r->hash);
}

static void package_release(struct ml_lock_package *p)
{
	free(p->name);
	free(p->version);
	free(p->dir);
	free(p->reason);
	ml_strvec_release(&p->depends);
}

static void source_release(struct ml_lock_source *s)
{
	free(s->dir);
	free(s->url);
	free(s->commit);
	ml_strvec_release(&s->checksums);
	ml_strvec_release(&s->mirrors);
	ml_strvec_release(&s->packages);
}

void ml_lock_free(struct ml_lock *lock)
{
	size_t i;

	if (!lock)
		return;
	ml_strvec_release(&lock->roots);
	free(lock->generator);
	for (i = 0; i < lock->nrepos; i++)
		repo_release(&lock->repos[i]);
	free(lock->repos);
	for (i = 0; i < lock->nvars; i++) {
		free(lock->vars[i].name);
		free(lock->vars[i].value);
	}
	free(lock->vars);
	for (i = 0; i < lock->npackages; i++)
		package_release(&lock->packages[i]);
	free(lock->packages);
	for (i = 0; i < lock->nsources; i++)
		source_release(&lock->sources[i]);
	free(lock->sources);
	ml_strvec_release(&lock->depexts);
	free(lock);
}

struct ml_lock_repo *ml_lock_add_repo(struct ml_lock *lock)
{
	struct ml_lock_repo *r;

	ML_ALLOC_GROW(lock->repos, lock->nrepos + 1, lock->repos_alloc);
	r = &lock->repos[lock->nrepos++];
	memset(r, 0, sizeof(*r));
	return r;
}

struct ml_lock_package *ml_lock_add_package(struct ml_lock *lock)
{
	struct ml_lock_package *p;

	ML_ALLOC_GROW(lock->packages, lock->npackages + 1, lock->packages_alloc);
	p = &lock->packages[lock->npackages++];
	memset(p, 0, sizeof(*p));
	ml_strvec_init(&p->depends);
	return p;
}

struct ml_lock_source *ml_lock_add_source(struct ml_lock *lock)
{
	struct ml_lock_source *s;

	ML_ALLOC_GROW(lock->sources, lock->nsources + 1, lock->sources_alloc);
	s = &lock->sources[lock->nsources++];
	memset(s, 0, sizeof(*s));
	ml_strvec_init(&s->checksums);
	ml_strvec_init(&s->mirrors);
	ml_strvec_init(&s->packages);
	return s;
}

void ml_lock_set_var(struct ml_lock *lock, const char *name, const char *value)
{
	struct ml_lock_var *v;
	size_t i;

	for (i = 0; i < lock->nvars; i++) {
		if (strcmp(lock->vars[i].name, name) == 0) {
			free(lock->vars[i].value);
			lock->vars[i].value = ml_strdup(value);
			return;
		}
	}
	ML_ALLOC_GROW(lock->vars, lock->nvars + 1, lock->vars_alloc);
	v = &lock->vars[lock->nvars++];
	v->name = ml_strdup(name);
	v->value = ml_strdup(value);
}

const char *ml_lock_get_var(const struct ml_lock *lock, const char *name)
{
	size_t i;

	for (i = 0; i < lock->nvars; i++)
		if (strcmp(lock->vars[i].name, name) == 0)
			return lock->vars[i].value;
	return NULL;
}

/* strcmp where NULL sorts first and equals only NULL. */
static int nullcmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int repo_cmp(const void *pa, const void *pb)
{
	const struct ml_lock_repo *a = pa, *b = pb;
	int c = nullcmp(a->url, b->url);

	if (c == 0)
		c = nullcmp(a->commit, b->commit);
	if (c == 0)
		c = nullcmp(a->hash, b->hash);
	return c;
}

static int var_cmp(const void *pa, const void *pb)
{
	const struct ml_lock_var *a = pa, *b = pb;

	return nullcmp(a->name, b->name);
}

static int package_cmp(const void *pa, const void *pb)
{
	const struct ml_lock_package *a = pa, *b = pb;
	int c = nullcmp(a->name, b->name);

	return c ? c : nullcmp(a->version, b->version);
}

static int source_cmp(const void *pa, const void *pb)
{
	const struct ml_lock_source *a = pa, *b = pb;
	int c = nullcmp(a->dir, b->dir);

	return c ? c : nullcmp(a->url, b->url);
}

/*
 * Repositories are a precedence list in the design ("first one wins"), but the lock records
 * only what makes each reproducible; they are sorted like every other list so that the file
 * does not depend on flag order.
 */
void ml_lock_sort(struct ml_lock *lock)
{
	size_t i;

	ml_strvec_sort(&lock->roots);
	ml_strvec_sort(&lock->depexts);
	if (lock->nrepos > 1)
		qsort(lock->repos, lock->nrepos, sizeof(*lock->repos), repo_cmp);
	if (lock->nvars > 1)
		qsort(lock->vars, lock->nvars, sizeof(*lock->vars), var_cmp);
	for (i = 0; i < lock->npackages; i++)
		ml_strvec_sort(&lock->packages[i].depends);
	if (lock->npackages > 1)
		qsort(lock->packages, lock->npackages, sizeof(*lock->packages), package_cmp);
	for (i = 0; i < lock->nsources; i++) {
		ml_strvec_sort(&lock->sources[i].checksums);
		ml_strvec_sort(&lock->sources[i].mirrors);
		ml_strvec_sort(&lock->sources[i].packages);
	}
	if (lock->nsources > 1)
		qsort(lock->sources, lock->nsources, sizeof(*lock->sources), source_cmp);
}

const struct ml_lock_package *ml_lock_find_package(const struct ml_lock *lock, const char *name)
{
	size_t i;

	for (i = 0; i < lock->npackages; i++)
		if (lock->packages[i].name && strcmp(lock->packages[i].name, name) == 0)
			return &lock->packages[i];
	return NULL;
}

const struct ml_lock_source *ml_lock_find_source(const struct ml_lock *lock, const char *dir)
{
	size_t i;

	for (i = 0; i < lock->nsources; i++)
		if (lock->sources[i].dir && strcmp(lock->sources[i].dir, dir) == 0)
			return &lock->sources[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? ml_strdup(s) : NULL;
}

static void strvec_copy(struct ml_strvec *dst, const struct ml_strvec *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		ml_strvec_push(dst, src->v[i]);
}

struct ml_lock *ml_lock_dup(const struct ml_lock *lock)
{
	struct ml_lock *c = ml_lock_new();
	size_t i;

	strvec_copy(&c->roots, &lock->roots);
	free(c->generator);
	c->generator = dup_or_null(lock->generator);
	for (i = 0; i < lock->nrepos; i++) {
		struct ml_lock_repo *r = ml_lock_add_repo(c);

		r->url = dup_or_null(lock->repos[i].url);
		r->commit = dup_or_null(lock->repos[i].commit);
		r->hash = dup_or_null(lock->repos[i].hash);
	}
	/* Not ml_lock_set_var: a copy keeps duplicates so that validation still sees them. */
	ML_ALLOC_GROW(c->vars, lock->nvars, c->vars_alloc);
	for (i = 0; i < lock->nvars; i++) {
		c->vars[i].name = dup_or_null(lock->vars[i].name);
		c->vars[i].value = dup_or_null(lock->vars[i].value);
	}
	c->nvars = lock->nvars;
	for (i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];
		struct ml_lock_package *q = ml_lock_add_package(c);

		q->name = dup_or_null(p->name);
		q->version = dup_or_null(p->version);
		q->dir = dup_or_null(p->dir);
		q->reason = dup_or_null(p->reason);
		strvec_copy(&q->depends, &p->depends);
	}
	for (i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];
		struct ml_lock_source *t = ml_lock_add_source(c);

		t->dir = dup_or_null(s->dir);
		t->url = dup_or_null(s->url);
		t->commit = dup_or_null(s->commit);
		strvec_copy(&t->checksums, &s->checksums);
		strvec_copy(&t->mirrors, &s->mirrors);
		strvec_copy(&t->packages, &s->packages);
	}
	strvec_copy(&c->depexts, &lock->depexts);
	return c;
}

/*
 * What pull writes in the workspace beside the sources (the `dune` file of lib/gen_dune.c),
 * and what dune itself reads there as a file: a source directory by that name would collide.
 * Compared ignoring case, for case-insensitive file systems.
 */
static const char *const reserved_dirs[] = { "dune", "dune-project" };

static const char *reserved_as(const char *dir)
{
	for (size_t i = 0; i < ML_ARRAY_SIZE(reserved_dirs); i++)
		if (!strcasecmp(dir, reserved_dirs[i]))
			return reserved_dirs[i];
	return NULL;
}

bool ml_lock_dir_is_reserved(const char *dir)
{
	return reserved_as(dir) != NULL;
}

int ml_lock_check_dir(const char *dir, struct ml_error *err)
{
	const unsigned char *p;

	if (!dir || !*dir)
		return ml_error_set(err, ML_EUNSAFE, "empty directory name");
	if (strlen(dir) > 255)
		return ml_error_set(err, ML_EUNSAFE, "directory name '%.40s...' is too long", dir);
	if (dir[0] == '.')
		return ml_error_set(err, ML_EUNSAFE,
				    strcmp(dir, ".") == 0 || strcmp(dir, "..") == 0
					? "unsafe directory name '%s'"
					: "unsafe directory name '%s': hidden",
				    dir);
	for (p = (const unsigned char *)dir; *p; p++) {
		if (*p == '/' || *p == '\\')
			return ml_error_set(err, ML_EUNSAFE,
					    "unsafe directory name '%s': contains a path separator",
					    dir);
		if (*p < 0x20 || *p == 0x7f)
			return ml_error_set(err, ML_EUNSAFE,
					    "unsafe directory name: contains a control character");
	}
	if (reserved_as(dir))
		return ml_error_set(err, ML_EUNSAFE,
				    "directory name '%s' is reserved: it collides with the file "
				    "duniverse/%s (`monolock lock` names such a directory '%s_')",
				    dir, reserved_as(dir), dir);
	return 0;
}

static bool is_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

bool ml_lock_is_commit(const char *s)
{
	return s && strlen(s) == 40 && is_lower_hex(s, 40);
}

int ml_lock_check_checksum(const char *checksum, struct ml_error *err)
{
	static const struct {
		const char *kind;
		size_t hexlen;
	} kinds[] = { { "md5=", 32 }, { "sha256=", 64 }, { "sha512=", 128 } };
	size_t i, n;

	if (!checksum)
		return ml_error_set(err, ML_EPARSE, "missing checksum");
	for (i = 0; i < ML_ARRAY_SIZE(kinds); i++) {
		if (!ml_starts_with(checksum, kinds[i].kind))
			continue;
		n = strlen(kinds[i].kind);
		if (strlen(checksum + n) == kinds[i].hexlen &&
		    is_lower_hex(checksum + n, kinds[i].hexlen))
			return 0;
		return ml_error_set(
		    err, ML_EPARSE,
		    "bad checksum '%.160s': expected %zu lowercase hex digits after '%s'", checksum,
		    kinds[i].hexlen, kinds[i].kind);
	}
	return ml_error_set(
	    err, ML_EPARSE,
	    "bad checksum '%.160s': expected md5=, sha256= or sha512= and hex digits", checksum);
}

const char *ml_lock_guess_reason(const char *name)
{
	static const char *const compilers[] = { "ocaml",          "ocaml-base-compiler",
						 "ocaml-variants", "ocaml-compiler",
						 "ocaml-system",   "ocaml-config" };
	static const char *const tools[] = { "dune",     "jbuilder", "ocamlbuild",
					     "ocamlmod", "oasis",    "ocamlify" };
	size_t i;

	for (i = 0; i < ML_ARRAY_SIZE(compilers); i++)
		if (strcmp(name, compilers[i]) == 0)
			return "compiler";
	if (ml_starts_with(name, "ocaml-option-") || ml_starts_with(name, "ocaml-options-"))
		return "compiler";
	for (i = 0; i < ML_ARRAY_SIZE(tools); i++)
		if (strcmp(name, tools[i]) == 0)
			return "tool";
	return "virtual";
}

/* opam package names: letters, digits, '-', '_', '+' (and not starting with '-'). */
static bool is_package_name(const char *s)
{
	const char *p;

	if (!s || !*s || *s == '-' || strlen(s) > 255)
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '+'))
			return false;
	return true;
}

/* opam versions: letters, digits and "-+.~_". */
static bool is_version(const char *s)
{
	const char *p;

	if (!s || !*s || strlen(s) > 255)
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-+.~_", *p)))
			return false;
	return true;
}

static bool is_reason(const char *s)
{
	return s &&
	       (strcmp(s, "compiler") == 0 || strcmp(s, "tool") == 0 || strcmp(s, "virtual") == 0 ||
		strcmp(s, "opam-provided") == 0 || strcmp(s, "root") == 0);
}

static bool nonempty(const char *s)
{
	return s && *s;
}

/* Adds the callee's message under a "where: " prefix, as a parse error about `path`. */
static int fail_with(struct ml_error *err, const char *path, const char *where,
		     struct ml_error *sub)
{
	int ret = ml_error_setat(err, ML_EPARSE, path, 0, 0, "%s: %s", where,
				 sub->msg ? sub->msg : "invalid");

	ml_error_release(sub);
	return ret;
}

static int validate_sorted_names(const struct ml_lock *sorted, const char *path,
				 struct ml_error *err)
{
	size_t i;

	for (i = 1; i < sorted->npackages; i++)
		if (strcmp(sorted->packages[i - 1].name, sorted->packages[i].name) == 0)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "package '%s' is listed twice",
					      sorted->packages[i].name);
	for (i = 1; i < sorted->nsources; i++)
		if (strcmp(sorted->sources[i - 1].dir, sorted->sources[i].dir) == 0)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "directory '%s' is used by two sources",
					      sorted->sources[i].dir);
	for (i = 1; i < sorted->nvars; i++)
		if (strcmp(sorted->vars[i - 1].name, sorted->vars[i].name) == 0)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "variable '%s' is set twice", sorted->vars[i].name);
	for (i = 1; i < sorted->roots.n; i++)
		if (strcmp(sorted->roots.v[i - 1], sorted->roots.v[i]) == 0)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "root '%s' is listed twice", sorted->roots.v[i]);
	for (i = 0; i < sorted->nsources; i++) {
		const struct ml_strvec *pk = &sorted->sources[i].packages;
		size_t j;

		for (j = 1; j < pk->n; j++)
			if (strcmp(pk->v[j - 1], pk->v[j]) == 0)
				return ml_error_setat(err, ML_EPARSE, path, 0, 0,
						      "source '%s': package '%s' is listed twice",
						      sorted->sources[i].dir, pk->v[j]);
	}
	return 0;
}

static int validate_repos(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	size_t i;

	for (i = 0; i < lock->nrepos; i++) {
		const struct ml_lock_repo *r = &lock->repos[i];

		if (!nonempty(r->url))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "repository %zu has no url", i + 1);
		if (r->commit && r->hash)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "repository '%s': both a commit and a hash", r->url);
		if (r->commit && !ml_lock_is_commit(r->commit))
			return ml_error_setat(
			    err, ML_EPARSE, path, 0, 0,
			    "repository '%s': commit '%.80s' is not 40 hex digits", r->url,
			    r->commit);
		if (r->hash && ml_lock_check_checksum(r->hash, &sub) < 0) {
			char *where = ml_xasprintf("repository '%s'", r->url);
			int ret = fail_with(err, path, where, &sub);

			free(where);
			return ret;
		}
	}
	return 0;
}

static int validate_packages(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	size_t i, j;

	for (i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];

		if (!is_package_name(p->name))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "package %zu: bad package name '%.80s'", i + 1,
					      p->name ? p->name : "");
		if (!is_version(p->version))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "package '%s': bad version '%.80s'", p->name,
					      p->version ? p->version : "");
		for (j = 0; j < p->depends.n; j++)
			if (!is_package_name(p->depends.v[j]))
				return ml_error_setat(err, ML_EPARSE, path, 0, 0,
						      "package '%s': bad dependency name '%.80s'",
						      p->name, p->depends.v[j]);
		if (!p->dir) {
			if (!is_reason(p->reason))
				return ml_error_setat(
				    err, ML_EPARSE, path, 0, 0,
				    "package '%s': not vendored, so its reason must be root, compiler, tool, virtual or opam-provided (not '%.40s')",
				    p->name, p->reason ? p->reason : "");
			continue;
		}
		if (p->reason)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "package '%s': vendored in '%s' but has a reason",
					      p->name, p->dir);
		if (ml_lock_check_dir(p->dir, &sub) < 0) {
			char *where = ml_xasprintf("package '%s'", p->name);
			int ret = fail_with(err, path, where, &sub);

			free(where);
			return ret;
		}
	}
	return 0;
}

static int validate_sources(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	size_t i, j;

	for (i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];
		char *where;
		int ret;

		if (ml_lock_check_dir(s->dir, &sub) < 0) {
			where = ml_xasprintf("source %zu", i + 1);
			ret = fail_with(err, path, where, &sub);
			free(where);
			return ret;
		}
		if (!nonempty(s->url))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0, "source '%s' has no url",
					      s->dir);
		if (s->commit && !ml_lock_is_commit(s->commit))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "source '%s': commit '%.80s' is not 40 hex digits",
					      s->dir, s->commit);
		if (s->commit && s->checksums.n)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "source '%s': a git commit and checksums", s->dir);
		for (j = 0; j < s->checksums.n; j++) {
			if (ml_lock_check_checksum(s->checksums.v[j], &sub) < 0) {
				where = ml_xasprintf("source '%s'", s->dir);
				ret = fail_with(err, path, where, &sub);
				free(where);
				return ret;
			}
		}
		for (j = 0; j < s->mirrors.n; j++)
			if (!nonempty(s->mirrors.v[j]))
				return ml_error_setat(err, ML_EPARSE, path, 0, 0,
						      "source '%s': empty mirror url", s->dir);
		if (s->packages.n == 0)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "source '%s' lists no package", s->dir);
	}
	return 0;
}

static int package_name_cmp(const void *key, const void *elem)
{
	const struct ml_lock_package *p = elem;

	return strcmp(key, p->name);
}

static int source_dir_cmp(const void *key, const void *elem)
{
	const struct ml_lock_source *s = elem;

	return strcmp(key, s->dir);
}

/*
 * Every vendored package has its source, and that source lists it, and back. On the sorted
 * copy, with binary search: a lock of thousands of packages validates in milliseconds.
 */
static int validate_links(const struct ml_lock *sorted, const char *path, struct ml_error *err)
{
	size_t i, j;

	for (i = 0; i < sorted->npackages; i++) {
		const struct ml_lock_package *p = &sorted->packages[i];
		const struct ml_lock_source *s;

		if (!p->dir)
			continue;
		s = sorted->nsources ? bsearch(p->dir, sorted->sources, sorted->nsources,
					       sizeof(*s), source_dir_cmp)
				     : NULL;
		if (!s)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "package '%s': no source for directory '%s'", p->name,
					      p->dir);
		if (!s->packages.n ||
		    !bsearch(&p->name, s->packages.v, s->packages.n, sizeof(char *), ml_strptrcmp))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "package '%s': source '%s' does not list it", p->name,
					      p->dir);
	}
	for (i = 0; i < sorted->nsources; i++) {
		const struct ml_lock_source *s = &sorted->sources[i];

		for (j = 0; j < s->packages.n; j++) {
			const struct ml_lock_package *p =
			    sorted->npackages
				? bsearch(s->packages.v[j], sorted->packages, sorted->npackages,
					  sizeof(*p), package_name_cmp)
				: NULL;

			if (!p)
				return ml_error_setat(
				    err, ML_EPARSE, path, 0, 0,
				    "source '%s': package '%s' is not in packages", s->dir,
				    s->packages.v[j]);
			if (!p->dir || strcmp(p->dir, s->dir) != 0)
				return ml_error_setat(
				    err, ML_EPARSE, path, 0, 0,
				    "source '%s': package '%s' is vendored in '%s', not here",
				    s->dir, p->name, p->dir ? p->dir : "(nowhere)");
		}
	}
	return 0;
}

int ml_lock_validate(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	struct ml_lock *sorted = NULL;
	size_t i;
	int ret;

	if (!nonempty(lock->generator))
		return ml_error_setat(err, ML_EPARSE, path, 0, 0, "no generator");
	for (i = 0; i < lock->roots.n; i++)
		if (!is_package_name(lock->roots.v[i]))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0, "bad root name '%.80s'",
					      lock->roots.v[i]);
	for (i = 0; i < lock->nvars; i++)
		if (!nonempty(lock->vars[i].name) || !lock->vars[i].value)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "variable %zu has no name or no value", i + 1);
	for (i = 0; i < lock->depexts.n; i++)
		if (!nonempty(lock->depexts.v[i]))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0, "empty depext name");
	ret = validate_repos(lock, path, err);
	if (ret < 0)
		goto out;
	/* Names and dirs are checked before the duplicate scan, which compares them. */
	ret = validate_packages(lock, path, err);
	if (ret < 0)
		goto out;
	ret = validate_sources(lock, path, err);
	if (ret < 0)
		goto out;
	sorted = ml_lock_dup(lock);
	ml_lock_sort(sorted);
	/* Duplicates first: with them, a binary search would find either twin. */
	ret = validate_sorted_names(sorted, path, err);
	if (ret < 0)
		goto out;
	ret = validate_links(sorted, path, err);
out:
	ml_lock_free(sorted);
	return ret;
}

static bool strvec_equal(const struct ml_strvec *a, const struct ml_strvec *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static bool sorted_equal(const struct ml_lock *a, const struct ml_lock *b)
{
	size_t i;

	if (!strvec_equal(&a->roots, &b->roots) || nullcmp(a->generator, b->generator) ||
	    a->nrepos != b->nrepos || a->nvars != b->nvars || a->npackages != b->npackages ||
	    a->nsources != b->nsources || !strvec_equal(&a->depexts, &b->depexts))
		return false;
	for (i = 0; i < a->nrepos; i++)
		if (repo_cmp(&a->repos[i], &b->repos[i]) != 0)
			return false;
	for (i = 0; i < a->nvars; i++)
		if (nullcmp(a->vars[i].name, b->vars[i].name) ||
		    nullcmp(a->vars[i].value, b->vars[i].value))
			return false;
	for (i = 0; i < a->npackages; i++) {
		const struct ml_lock_package *p = &a->packages[i], *q = &b->packages[i];

		if (nullcmp(p->name, q->name) || nullcmp(p->version, q->version) ||
		    nullcmp(p->dir, q->dir) || nullcmp(p->reason, q->reason) ||
		    !strvec_equal(&p->depends, &q->depends))
			return false;
	}
	for (i = 0; i < a->nsources; i++) {
		const struct ml_lock_source *s = &a->sources[i], *t = &b->sources[i];

		if (nullcmp(s->dir, t->dir) || nullcmp(s->url, t->url) ||
		    nullcmp(s->commit, t->commit) || !strvec_equal(&s->checksums, &t->checksums) ||
		    !strvec_equal(&s->mirrors, &t->mirrors) ||
		    !strvec_equal(&s->packages, &t->packages))
			return false;
	}
	return true;
}

bool ml_lock_equal(const struct ml_lock *a, const struct ml_lock *b)
{
	struct ml_lock *sa, *sb;
	bool eq;

	if (!a || !b)
		return a == b;
	sa = ml_lock_dup(a);
	sb = ml_lock_dup(b);
	ml_lock_sort(sa);
	ml_lock_sort(sb);
	eq = sorted_equal(sa, sb);
	ml_lock_free(sa);
	ml_lock_free(sb);
	return eq;
}

enum ml_lock_change ml_lock_change_of(const struct ml_lock_package *p, const struct ml_lock *prev)
{
	const struct ml_lock_package *q = prev ? ml_lock_find_package(prev, p->name) : NULL;
	int c;

	if (!q)
		return ML_LOCK_ADDED;
	c = ml_version_cmp(p->version, q->version);
	return c > 0 ? ML_LOCK_UPGRADED : c < 0 ? ML_LOCK_DOWNGRADED : ML_LOCK_UNCHANGED;
}

const char *ml_lock_change_name(enum ml_lock_change change)
{
	static const char *const names[] = { "added", "upgraded", "downgraded", "unchanged" };

	return names[change];
}
