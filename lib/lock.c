/* The lock value: memory, order, lookups, equality and the invariants pull relies on. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lock.h"
#include "buf.h"
#include "opam.h"
#include "version.h"
#include "error.h"
#include "util.h"

struct ml_lock *ml_lock_new(void)
{
	struct ml_lock *lock = ml_calloc(1, sizeof(*lock));

	ml_strvec_init(&lock->roots);
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
	ml_strvec_release(&s->patch_files);
	ml_strvec_release(&s->patch_sha256);
}

void ml_lock_free(struct ml_lock *lock)
{
	size_t i;

	if (!lock)
		return;
	ml_lock_request_free(lock->request);
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
	for (i = 0; i < lock->ndepexts; i++) {
		ml_strvec_release(&lock->depexts[i].names);
		free(lock->depexts[i].filter);
	}
	free(lock->depexts);
	ml_strvec_release(&lock->warnings);
	ml_strvec_release(&lock->cli_args);
	free(lock->toolchain.ocaml);
	free(lock->toolchain.ocaml_from);
	free(lock->toolchain.dune_max);
	free(lock->toolchain.dune_from);
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
	ml_strvec_init(&s->patch_files);
	ml_strvec_init(&s->patch_sha256);
	return s;
}

struct ml_lock_depext *ml_lock_add_depext(struct ml_lock *lock)
{
	struct ml_lock_depext *d;

	ML_ALLOC_GROW(lock->depexts, lock->ndepexts + 1, lock->depexts_alloc);
	d = &lock->depexts[lock->ndepexts++];
	memset(d, 0, sizeof(*d));
	ml_strvec_init(&d->names);
	return d;
}

int ml_lock_depext_filter_canon(char **out, const char *text, const char *where,
				struct ml_error *err)
{
	struct ml_opam_file *f = NULL;
	const struct ml_opam_value *opt;
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	if (strlen(text) > ML_LOCK_MAX_STRING)
		return ml_error_setat(err, ML_EPARSE, where, 0, 0, "a filter longer than %d bytes",
				      ML_LOCK_MAX_STRING);
	ret = ml_opam_parse_filter(&f, &opt, text, where, err);
	if (ret < 0)
		goto out;
	ml_opam_print_filter(&b, opt->items, opt->nitems);
	if (b.len > ML_LOCK_MAX_STRING) {
		ret = ml_error_setat(err, ML_EPARSE, where, 0, 0, "a filter longer than %d bytes",
				     ML_LOCK_MAX_STRING);
		goto out;
	}
	*out = b.len ? ml_buf_detach(&b, NULL) : NULL;
out:
	ml_buf_release(&b);
	ml_opam_file_free(f);
	return ret;
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

static int depext_cmp(const void *pa, const void *pb)
{
	const struct ml_lock_depext *a = pa, *b = pb;

	for (size_t i = 0; i < a->names.n && i < b->names.n; i++) {
		int c = strcmp(a->names.v[i], b->names.v[i]);

		if (c)
			return c;
	}
	if (a->names.n != b->names.n)
		return a->names.n < b->names.n ? -1 : 1;
	return nullcmp(a->filter, b->filter);
}

void ml_lock_depexts_uniq(struct ml_lock *lock)
{
	size_t i, n = 0;

	for (i = 0; i < lock->ndepexts; i++) {
		struct ml_lock_depext *d = &lock->depexts[i];

		if (n && depext_cmp(&lock->depexts[n - 1], d) == 0) {
			ml_strvec_release(&d->names);
			free(d->filter);
			continue;
		}
		lock->depexts[n++] = *d;
	}
	lock->ndepexts = n;
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
	for (i = 0; i < lock->ndepexts; i++)
		ml_strvec_sort(&lock->depexts[i].names);
	if (lock->ndepexts > 1)
		qsort(lock->depexts, lock->ndepexts, sizeof(*lock->depexts), depext_cmp);
	if (lock->nrepos > 1)
		qsort(lock->repos, lock->nrepos, sizeof(*lock->repos), repo_cmp);
	if (lock->nvars > 1)
		qsort(lock->vars, lock->nvars, sizeof(*lock->vars), var_cmp);
	for (i = 0; i < lock->npackages; i++)
		ml_strvec_sort(&lock->packages[i].depends);
	ml_sort_once(lock->packages, lock->npackages, sizeof(*lock->packages), package_cmp);
	for (i = 0; i < lock->nsources; i++) {
		ml_strvec_sort(&lock->sources[i].checksums);
		ml_strvec_sort(&lock->sources[i].mirrors);
		ml_strvec_sort(&lock->sources[i].packages);
	}
	ml_sort_once(lock->sources, lock->nsources, sizeof(*lock->sources), source_cmp);
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

	c->request = ml_lock_request_dup(lock->request);
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
	c->toolchain.ocaml = dup_or_null(lock->toolchain.ocaml);
	c->toolchain.ocaml_from = dup_or_null(lock->toolchain.ocaml_from);
	c->toolchain.dune_max = dup_or_null(lock->toolchain.dune_max);
	c->toolchain.dune_from = dup_or_null(lock->toolchain.dune_from);
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
		strvec_copy(&t->patch_files, &s->patch_files);
		strvec_copy(&t->patch_sha256, &s->patch_sha256);
		t->pin = s->pin;
	}
	for (i = 0; i < lock->ndepexts; i++) {
		struct ml_lock_depext *d = ml_lock_add_depext(c);

		strvec_copy(&d->names, &lock->depexts[i].names);
		d->filter = dup_or_null(lock->depexts[i].filter);
	}
	strvec_copy(&c->cli_args, &lock->cli_args);
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
	if (strcmp(dir, "..") == 0)
		return ml_error_set(err, ML_EUNSAFE,
				    "unsafe directory name '..': it leaves the workspace");
	if (strcmp(dir, ".") == 0)
		return ml_error_set(err, ML_EUNSAFE,
				    "unsafe directory name '.': it is the workspace itself");
	if (dir[0] == '.')
		return ml_error_set(err, ML_EUNSAFE, "unsafe directory name '%s': hidden", dir);
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

bool ml_lock_url_is_local(const char *url)
{
	const char *sep = strstr(url, "://"), *scheme = url, *plus;

	if (!sep || sep == url || memchr(url, '/', (size_t)(sep - url)))
		return true;
	/* "git+file": the transport is the last part */
	while ((plus = memchr(scheme, '+', (size_t)(sep - scheme))))
		scheme = plus + 1;
	return sep - scheme == 4 && !strncasecmp(scheme, "file", 4);
}

bool ml_lock_source_is_local(const struct ml_lock_source *s)
{
	return !s->commit && !s->checksums.n && s->url && ml_starts_with(s->url, "file://");
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

/* Where s holds something a lock cannot carry (NULL when it is UTF-8 text). */
static bool not_text(const char *s, size_t *bad)
{
	return s && !ml_utf8_valid(s, strlen(s), bad);
}

/*
 * How a source is named in messages about it: "source 'dir' (first package...)", by its
 * position when its dir is not text. A new string.
 */
static char *source_label(const struct ml_lock_source *s, size_t i)
{
	struct ml_buf b = ML_BUF_INIT;
	size_t bad;

	if (s->dir && !not_text(s->dir, &bad))
		ml_buf_addf(&b, "source '%s'", s->dir);
	else
		ml_buf_addf(&b, "source %zu", i + 1);
	if (s->packages.n && is_package_name(s->packages.v[0]))
		ml_buf_addf(&b, " (package %s%s)", s->packages.v[0],
			    s->packages.n > 1 ? ", ..." : "");
	return ml_buf_detach(&b, NULL);
}

static int not_text_error(struct ml_error *err, const char *path, const char *where,
			  const char *what, const char *s, size_t bad)
{
	struct ml_buf shown = ML_BUF_INIT;
	const unsigned char *p;
	int ret;

	/* The string as far as a terminal can show it: other bytes as \xNN, at most 80. */
	for (p = (const unsigned char *)s; *p && shown.len < 80; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			ml_buf_addc(&shown, (char)*p);
		else
			ml_buf_addf(&shown, "\\x%02x", *p);
	}
	ret = ml_error_setat(err, ML_EPARSE, path, 0, 0,
			     "%s: %s '%s%s' is not valid UTF-8 (byte 0x%02x at offset %zu)", where,
			     what, shown.buf, *p ? "..." : "", (unsigned char)s[bad], bad);
	ml_buf_release(&shown);
	return ret;
}

/*
 * Every free-form string must be UTF-8: JSON holds nothing else (jansson would drop it, and
 * the lock would lose a url), so both formats refuse it. Names, versions, checksums and
 * commits are checked against their own, narrower, syntax elsewhere.
 */
static int validate_text(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	size_t i, j, bad;
	char *where;
	int ret;

	if (not_text(lock->generator, &bad))
		return not_text_error(err, path, "lock", "generator", lock->generator, bad);
	for (i = 0; i < lock->nrepos; i++) {
		if (!not_text(lock->repos[i].url, &bad))
			continue;
		where = ml_xasprintf("repository %zu", i + 1);
		ret = not_text_error(err, path, where, "url", lock->repos[i].url, bad);
		free(where);
		return ret;
	}
	for (i = 0; i < lock->nvars; i++) {
		const struct ml_lock_var *v = &lock->vars[i];

		if (not_text(v->name, &bad))
			return not_text_error(err, path, "variables", "name", v->name, bad);
		if (!not_text(v->value, &bad))
			continue;
		where = ml_xasprintf("variable '%s'", v->name);
		ret = not_text_error(err, path, where, "value", v->value, bad);
		free(where);
		return ret;
	}
	for (i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];

		if (!not_text(p->dir, &bad))
			continue;
		where = is_package_name(p->name) ? ml_xasprintf("package '%s'", p->name)
						 : ml_xasprintf("package %zu", i + 1);
		ret = not_text_error(err, path, where, "dir", p->dir, bad);
		free(where);
		return ret;
	}
	for (i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];
		const char *what = NULL, *str = NULL;

		if (not_text(s->dir, &bad))
			what = "dir", str = s->dir;
		else if (not_text(s->url, &bad))
			what = "url", str = s->url;
		for (j = 0; !what && j < s->mirrors.n; j++)
			if (not_text(s->mirrors.v[j], &bad))
				what = "a mirror url", str = s->mirrors.v[j];
		if (!what)
			continue;
		where = source_label(s, i);
		ret = not_text_error(err, path, where, what, str, bad);
		free(where);
		return ret;
	}
	for (i = 0; i < lock->ndepexts; i++) {
		const struct ml_lock_depext *d = &lock->depexts[i];

		for (size_t k = 0; k < d->names.n; k++)
			if (not_text(d->names.v[k], &bad))
				return not_text_error(err, path, "depexts", "a name", d->names.v[k],
						      bad);
		if (not_text(d->filter, &bad))
			return not_text_error(err, path, "depexts", "a filter", d->filter, bad);
	}
	return 0;
}

static bool is_git_url(const char *url)
{
	return ml_starts_with(url, "git+") || ml_starts_with(url, "git://");
}

void ml_lock_keep_patches(struct ml_lock *lock, const struct ml_lock *prev)
{
	if (!prev)
		return;
	for (size_t i = 0; i < lock->nsources; i++) {
		struct ml_lock_source *s = &lock->sources[i];
		const struct ml_lock_source *p = ml_lock_find_source(prev, s->dir);

		if (!p || s->patch_files.n)
			continue;
		strvec_copy(&s->patch_files, &p->patch_files);
		strvec_copy(&s->patch_sha256, &p->patch_sha256);
	}
}

int ml_lock_check_patch_file(const char *file, struct ml_error *err)
{
	const char *s = file;
	size_t bad;

	if (!file || !*file || *file == '/' || strlen(file) > ML_LOCK_MAX_STRING ||
	    !ml_utf8_valid(file, strlen(file), &bad))
		goto unsafe;
	while (*s) {
		const char *e = strchrnul(s, '/');
		size_t n = (size_t)(e - s);

		if (!n || (n == 1 && s[0] == '.') || (n == 2 && !strncmp(s, "..", 2)))
			goto unsafe;
		for (const char *c = s; c < e; c++)
			if ((unsigned char)*c < ' ' || *c == 0x7f || *c == '\\')
				goto unsafe;
		s = *e ? e + 1 : e;
		if (*e && !*s)
			goto unsafe;
	}
	return 0;
unsafe:
	return ml_error_set(err, ML_EUNSAFE,
			    "patch file '%.200s' is not a relative path inside the project "
			    "(no '..', '.', empty or absolute components)",
			    file ? file : "");
}

/* A source's patches: paths inside the project, sha256 sums, a bounded count. */
static int validate_patches(const struct ml_lock_source *s, const char *path, struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	int ret = 0;

	if (s->patch_files.n != s->patch_sha256.n || s->patch_files.n > ML_LOCK_MAX_PATCHES)
		return ml_error_setat(err, ML_EPARSE, path, 0, 0,
				      "source '%s': more than %d patches", s->dir,
				      ML_LOCK_MAX_PATCHES);
	for (size_t j = 0; !ret && j < s->patch_files.n; j++) {
		const char *h = s->patch_sha256.v[j];
		size_t k = 0;

		if (ml_lock_check_patch_file(s->patch_files.v[j], &sub) < 0) {
			ret = ml_error_setat(err, sub.code, path, 0, 0, "source '%s': %s", s->dir,
					     sub.msg);
			break;
		}
		while (h[k] && ((h[k] >= '0' && h[k] <= '9') || (h[k] >= 'a' && h[k] <= 'f')))
			k++;
		if (k != 64 || h[k])
			ret = ml_error_setat(err, ML_EPARSE, path, 0, 0,
					     "source '%s': patch '%s': sha256 '%.80s' is not 64 "
					     "lowercase hex digits",
					     s->dir, s->patch_files.v[j], h);
	}
	ml_error_release(&sub);
	return ret;
}

/* A git url is pulled at a commit: without one, pull could only mistake it for an archive. */
static int validate_source_kind(const struct ml_lock_source *s, size_t i, const char *path,
				struct ml_error *err)
{
	char *where;
	int ret;

	if (s->commit || !s->url || !is_git_url(s->url))
		return 0;
	where = source_label(s, i);
	ret = ml_error_setat(
	    err, ML_EPARSE, path, 0, 0,
	    "%s: git url '%.200s' has no commit (a lock pins a git source to a commit)", where,
	    s->url);
	free(where);
	return ret;
}

int ml_lock_check_fetchable(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	size_t i;
	char *where;
	int ret;

	for (i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];

		if (s->commit || !s->url || s->checksums.n || ml_starts_with(s->url, "file://"))
			continue;
		where = source_label(s, i);
		ret = ml_error_setat(
		    err, ML_EPARSE, path, 0, 0,
		    "%s: archive '%.200s' has no checksum (pull refuses an unverifiable download)",
		    where, s->url);
		free(where);
		return ret;
	}
	return 0;
}

static int source_url_cmp(const void *a, const void *b)
{
	const struct ml_lock_source *x = *(const struct ml_lock_source *const *)a;
	const struct ml_lock_source *y = *(const struct ml_lock_source *const *)b;
	int c = strcmp(x->url, y->url);

	return c ? c : nullcmp(x->commit, y->commit);
}

/*
 * One source per content: two directories with the same url (and commit) would hold the
 * same files twice (dune refuses the duplicate libraries), and opam-monorepo's format,
 * keyed by url, cannot say it.
 */
static int validate_unique_urls(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	const struct ml_lock_source **v;
	int ret = 0;

	if (lock->nsources < 2)
		return 0;
	v = ml_calloc(lock->nsources, sizeof(*v));
	for (size_t i = 0; i < lock->nsources; i++)
		v[i] = &lock->sources[i];
	ml_sort_once(v, lock->nsources, sizeof(*v), source_url_cmp);
	for (size_t i = 1; i < lock->nsources && !ret; i++)
		if (source_url_cmp(&v[i - 1], &v[i]) == 0)
			ret = ml_error_setat(err, ML_EPARSE, path, 0, 0,
					     "sources '%s' and '%s' have the same url %s",
					     v[i - 1]->dir, v[i]->dir, v[i]->url);
	free(v);
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
			    "repository '%s': commit '%.80s' is not 40 lowercase hex digits",
			    r->url, r->commit);
		if (r->hash && ml_lock_check_checksum(r->hash, &sub) < 0) {
			char *where = ml_xasprintf("repository '%s'", r->url);
			int ret = fail_with(err, path, where, &sub);

			free(where);
			return ret;
		}
	}
	return 0;
}

/* Package i of a lock (p); an error names it (ml_error_about). */
static int validate_package(const struct ml_lock_package *p, size_t i, const char *path,
			    struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	size_t j;

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
					      "package '%s': bad dependency name '%.80s'", p->name,
					      p->depends.v[j]);
	if (!p->dir) {
		if (!is_reason(p->reason))
			return ml_error_setat(
			    err, ML_EPARSE, path, 0, 0,
			    "package '%s': not vendored, so its reason must be root, compiler, tool, virtual or opam-provided (not '%.40s')",
			    p->name, p->reason ? p->reason : "");
		return 0;
	}
	if (p->reason)
		return ml_error_setat(err, ML_EPARSE, path, 0, 0,
				      "package '%s': vendored in '%s' but has a reason", p->name,
				      p->dir);
	if (ml_lock_check_dir(p->dir, &sub) < 0) {
		char *where = ml_xasprintf("package '%s'", p->name);
		int ret = fail_with(err, path, where, &sub);

		free(where);
		return ret;
	}
	return 0;
}

static int validate_packages(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	for (size_t i = 0; i < lock->npackages; i++) {
		int ret = validate_package(&lock->packages[i], i, path, err);

		if (ret < 0) {
			if (is_package_name(lock->packages[i].name))
				ml_error_about(err, lock->packages[i].name, NULL);
			return ret;
		}
	}
	return 0;
}

/* Source i of a lock (s); an error names its first package and its url (ml_error_about). */
static int validate_source(const struct ml_lock_source *s, size_t i, const char *path,
			   struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	char *where;
	size_t j;
	int ret;

	if (ml_lock_check_dir(s->dir, &sub) < 0) {
		where = ml_xasprintf("source %zu", i + 1);
		ret = fail_with(err, path, where, &sub);
		free(where);
		return ret;
	}
	if (!nonempty(s->url))
		return ml_error_setat(err, ML_EPARSE, path, 0, 0, "source '%s' has no url", s->dir);
	if (s->commit && !ml_lock_is_commit(s->commit))
		return ml_error_setat(err, ML_EPARSE, path, 0, 0,
				      "source '%s': commit '%.80s' is not 40 lowercase hex digits",
				      s->dir, s->commit);
	if (s->commit && s->checksums.n)
		return ml_error_setat(err, ML_EPARSE, path, 0, 0,
				      "source '%s': a git commit and checksums", s->dir);
	if (validate_source_kind(s, i, path, err) < 0)
		return ML_EPARSE;
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
		return ml_error_setat(err, ML_EPARSE, path, 0, 0, "source '%s' lists no package",
				      s->dir);
	if (validate_patches(s, path, err) < 0)
		return err ? err->code : ML_EPARSE;
	if (s->pin && !ml_lock_source_is_local(s))
		return ml_error_setat(err, ML_EPARSE, path, 0, 0,
				      "source '%s': \"pin\" is only for a local directory "
				      "(file:// without checksum), not '%.200s'",
				      s->dir, s->url);
	/* Only the project's own pins may make pull copy a directory of this machine. */
	if (ml_lock_source_is_local(s) && !s->pin)
		return ml_error_setat(
		    err, ML_EUNSAFE, path, 0, 0,
		    "source '%s': local directory '%.200s' without checksum is not a pin "
		    "of the project: refusing to copy it (only pin-depends of the "
		    "project's opam files may name a local directory; run `monolock "
		    "lock` to lock them)",
		    s->dir, s->url);
	return 0;
}

static int validate_sources(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	for (size_t i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];
		int ret = validate_source(s, i, path, err);

		if (ret < 0) {
			ml_error_about(err, s->packages.n ? s->packages.v[0] : NULL,
				       nonempty(s->url) ? s->url : NULL);
			return ret;
		}
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

/* Each depext filter parses: `depext` evaluates it on another host, from the lock alone. */
static int validate_depext_filters(const struct ml_lock *lock, const char *path,
				   struct ml_error *err)
{
	for (size_t i = 0; i < lock->ndepexts; i++) {
		char *canon = NULL;
		int ret;

		if (!lock->depexts[i].filter)
			continue;
		ret = ml_lock_depext_filter_canon(&canon, lock->depexts[i].filter, path, err);
		free(canon);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/*
 * ml_lock_validate, and with `mine` (a lock the caller owns and wants sorted anyway, as a
 * reader does) the checks on sorted names run on lock itself, sorted in place, instead of on
 * a sorted copy: a lock of 100,000 sources is not copied to be read.
 */
static int validate(struct ml_lock *mine, const struct ml_lock *lock, const char *path,
		    struct ml_error *err)
{
	struct ml_lock *sorted = NULL, *copy = NULL;
	size_t i;
	int ret;

	if (!nonempty(lock->generator))
		return ml_error_setat(err, ML_EPARSE, path, 0, 0, "no generator");
	for (i = 0; i < lock->roots.n; i++)
		if (!is_package_name(lock->roots.v[i]))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0, "bad root name '%.80s'",
					      lock->roots.v[i]);
	for (i = 0; i < lock->nvars; i++) {
		if (!nonempty(lock->vars[i].name))
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "variable %zu has an empty name", i + 1);
		if (!lock->vars[i].value)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "variable %zu has no value", i + 1);
	}
	if (lock->ndepexts > ML_LOCK_MAX_ITEMS)
		return ml_error_setat(err, ML_EPARSE, path, 0, 0, "depexts: more than %d entries",
				      ML_LOCK_MAX_ITEMS);
	for (i = 0; i < lock->ndepexts; i++) {
		const struct ml_lock_depext *d = &lock->depexts[i];

		if (!d->names.n)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "depexts: an entry without a name");
		if (d->names.n > ML_LOCK_MAX_ITEMS)
			return ml_error_setat(err, ML_EPARSE, path, 0, 0,
					      "depexts: more than %d names in one entry",
					      ML_LOCK_MAX_ITEMS);
		for (size_t j = 0; j < d->names.n; j++)
			if (!nonempty(d->names.v[j]))
				return ml_error_setat(err, ML_EPARSE, path, 0, 0,
						      "empty depext name");
	}
	/* Text first: later messages quote these strings. */
	ret = validate_text(lock, path, err);
	if (ret == 0)
		ret = ml_lock_request_validate(lock->request, path, err);
	if (ret < 0)
		goto out;
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
	ret = validate_depext_filters(lock, path, err);
	if (ret < 0)
		goto out;
	sorted = mine ? mine : (copy = ml_lock_dup(lock));
	ml_lock_sort(sorted);
	/* Duplicates first: with them, a binary search would find either twin. */
	ret = validate_sorted_names(sorted, path, err);
	if (ret < 0)
		goto out;
	ret = validate_unique_urls(sorted, path, err);
	if (ret < 0)
		goto out;
	ret = validate_links(sorted, path, err);
out:
	ml_lock_free(copy);
	return ret;
}

int ml_lock_validate(const struct ml_lock *lock, const char *path, struct ml_error *err)
{
	return validate(NULL, lock, path, err);
}

int ml_lock_validate_sort(struct ml_lock *lock, const char *path, struct ml_error *err)
{
	return validate(lock, lock, path, err);
}

static bool sorted_equal(const struct ml_lock *a, const struct ml_lock *b)
{
	size_t i;

	if (!ml_strvec_equal(&a->roots, &b->roots) || nullcmp(a->generator, b->generator) ||
	    a->nrepos != b->nrepos || a->nvars != b->nvars || a->npackages != b->npackages ||
	    a->nsources != b->nsources || a->ndepexts != b->ndepexts ||
	    nullcmp(a->toolchain.ocaml, b->toolchain.ocaml) ||
	    nullcmp(a->toolchain.ocaml_from, b->toolchain.ocaml_from) ||
	    nullcmp(a->toolchain.dune_max, b->toolchain.dune_max) ||
	    nullcmp(a->toolchain.dune_from, b->toolchain.dune_from) ||
	    !ml_lock_request_equal(a->request, b->request))
		return false;
	for (i = 0; i < a->nrepos; i++)
		if (repo_cmp(&a->repos[i], &b->repos[i]) != 0)
			return false;
	for (i = 0; i < a->ndepexts; i++)
		if (depext_cmp(&a->depexts[i], &b->depexts[i]) != 0)
			return false;
	for (i = 0; i < a->nvars; i++)
		if (nullcmp(a->vars[i].name, b->vars[i].name) ||
		    nullcmp(a->vars[i].value, b->vars[i].value))
			return false;
	for (i = 0; i < a->npackages; i++) {
		const struct ml_lock_package *p = &a->packages[i], *q = &b->packages[i];

		if (nullcmp(p->name, q->name) || nullcmp(p->version, q->version) ||
		    nullcmp(p->dir, q->dir) || nullcmp(p->reason, q->reason) ||
		    !ml_strvec_equal(&p->depends, &q->depends))
			return false;
	}
	for (i = 0; i < a->nsources; i++) {
		const struct ml_lock_source *s = &a->sources[i], *t = &b->sources[i];

		if (nullcmp(s->dir, t->dir) || nullcmp(s->url, t->url) ||
		    nullcmp(s->commit, t->commit) ||
		    !ml_strvec_equal(&s->checksums, &t->checksums) ||
		    !ml_strvec_equal(&s->mirrors, &t->mirrors) ||
		    !ml_strvec_equal(&s->packages, &t->packages) || s->pin != t->pin ||
		    !ml_strvec_equal(&s->patch_files, &t->patch_files) ||
		    !ml_strvec_equal(&s->patch_sha256, &t->patch_sha256))
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
	static const char *const names[] = { "added",     "upgraded", "downgraded",
					     "unchanged", "removed",  "changed" };

	return names[change];
}

static bool is_root_package(const struct ml_lock_package *p)
{
	return !p->dir && p->reason && !strcmp(p->reason, "root");
}

static bool strvec_same(const struct ml_strvec *a, const struct ml_strvec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static void delta_push(struct ml_lock_delta **v, size_t *n, size_t *alloc,
		       enum ml_lock_change change, const char *name, const char *from,
		       const char *to)
{
	ML_ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n] = (struct ml_lock_delta){ change, name, from, to, false };
	(*n)++;
}

size_t ml_lock_deltas(struct ml_lock_delta **out, const struct ml_lock *lock,
		      const struct ml_lock *prev)
{
	struct ml_lock_delta *v = NULL;
	size_t n = 0, alloc = 0, i = 0, k = 0, nprev = prev ? prev->npackages : 0;

	/* both package lists are sorted by name: one merge walk */
	while (i < lock->npackages || k < nprev) {
		const struct ml_lock_package *p = i < lock->npackages ? &lock->packages[i] : NULL;
		const struct ml_lock_package *q = k < nprev ? &prev->packages[k] : NULL;
		int c = !p ? 1 : !q ? -1 : strcmp(p->name, q->name);

		if (c < 0) {
			if (!is_root_package(p))
				delta_push(&v, &n, &alloc, ML_LOCK_ADDED, p->name, NULL,
					   p->version);
			i++;
		} else if (c > 0) {
			if (!is_root_package(q))
				delta_push(&v, &n, &alloc, ML_LOCK_REMOVED, q->name, q->version,
					   NULL);
			k++;
		} else {
			int vc = ml_version_cmp(p->version, q->version);

			if (vc != 0 && !is_root_package(p))
				delta_push(&v, &n, &alloc,
					   vc > 0 ? ML_LOCK_UPGRADED : ML_LOCK_DOWNGRADED, p->name,
					   q->version, p->version);
			i++;
			k++;
		}
	}
	nprev = prev ? prev->nsources : 0;
	for (i = 0, k = 0; i < lock->nsources && k < nprev;) {
		const struct ml_lock_source *s = &lock->sources[i], *t = &prev->sources[k];
		int c = strcmp(s->dir, t->dir);
		bool sums;

		if (c) {
			i += c < 0;
			k += c > 0;
			continue;
		}
		sums = nullcmp(s->commit, t->commit) != 0 ||
		       !strvec_same(&s->checksums, &t->checksums);
		if (sums || strcmp(s->url, t->url) != 0) {
			delta_push(&v, &n, &alloc, ML_LOCK_SOURCE_CHANGED, s->dir, t->url, s->url);
			v[n - 1].checksums = sums;
		}
		i++;
		k++;
	}
	*out = v;
	return n;
}

const char *ml_lock_suggest_package(const struct ml_lock *lock, const char *name)
{
	const char **names = ml_calloc(lock->npackages + 1, sizeof(*names));
	const char *near;

	for (size_t i = 0; i < lock->npackages; i++)
		names[i] = lock->packages[i].name;
	near = ml_suggest(name, names, lock->npackages);
	free(names);
	return near;
}
