/*
 * The request a lock records (lib/lock.h): what the command line asked of a solve, merged
 * with the request of the previous lock, validated when read from a lock file.
 */
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "lock.h"
#include "util.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STR_(x) #x
#define ML_STRINGIFY(x) STR_(x)

struct ml_lock_request *ml_lock_request_new(void)
{
	struct ml_lock_request *req = ml_calloc(1, sizeof(*req));

	ml_strvec_init(&req->roots);
	ml_strvec_init(&req->pins);
	ml_strvec_init(&req->opam_provided);
	ml_strvec_init(&req->vars);
	return req;
}

static void repo_release(struct ml_lock_request_repo *r)
{
	free(r->path);
	free(r->url);
	free(r->commit);
	free(r->sha256);
}

void ml_lock_request_free(struct ml_lock_request *req)
{
	if (!req)
		return;
	for (size_t i = 0; i < req->nrepos; i++)
		repo_release(&req->repos[i]);
	free(req->repos);
	ml_strvec_release(&req->roots);
	ml_strvec_release(&req->pins);
	ml_strvec_release(&req->opam_provided);
	ml_strvec_release(&req->vars);
	free(req->ocaml_version);
	free(req->dune_version);
	free(req->generator);
	free(req);
}

struct ml_lock_request_repo *ml_lock_request_add_repo(struct ml_lock_request *req)
{
	struct ml_lock_request_repo *r;

	ML_ALLOC_GROW(req->repos, req->nrepos + 1, req->repos_alloc);
	r = &req->repos[req->nrepos++];
	memset(r, 0, sizeof(*r));
	return r;
}

static char *dup_or_null(const char *s)
{
	return s ? ml_strdup(s) : NULL;
}

static void copy_strvec(struct ml_strvec *dst, const struct ml_strvec *src)
{
	for (size_t i = 0; i < src->n; i++)
		ml_strvec_push(dst, src->v[i]);
}

static void copy_repos(struct ml_lock_request *dst, const struct ml_lock_request *src)
{
	for (size_t i = 0; i < src->nrepos; i++) {
		struct ml_lock_request_repo *r = ml_lock_request_add_repo(dst);

		r->path = dup_or_null(src->repos[i].path);
		r->url = dup_or_null(src->repos[i].url);
		r->commit = dup_or_null(src->repos[i].commit);
		r->sha256 = dup_or_null(src->repos[i].sha256);
	}
}

struct ml_lock_request *ml_lock_request_dup(const struct ml_lock_request *req)
{
	struct ml_lock_request *c;

	if (!req)
		return NULL;
	c = ml_lock_request_new();
	copy_repos(c, req);
	copy_strvec(&c->roots, &req->roots);
	copy_strvec(&c->pins, &req->pins);
	copy_strvec(&c->opam_provided, &req->opam_provided);
	copy_strvec(&c->vars, &req->vars);
	c->ocaml_version = dup_or_null(req->ocaml_version);
	c->dune_version = dup_or_null(req->dune_version);
	c->generator = dup_or_null(req->generator);
	c->build_only = req->build_only;
	c->require_cross_compile = req->require_cross_compile;
	c->recurse = req->recurse;
	return c;
}

bool ml_lock_request_is_empty(const struct ml_lock_request *req)
{
	return !req ||
	       (!req->nrepos && !req->roots.n && !req->pins.n && !req->opam_provided.n &&
		!req->vars.n && !req->ocaml_version && !req->dune_version && !req->generator &&
		!req->build_only && !req->recurse && !req->require_cross_compile);
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool ml_lock_request_equal(const struct ml_lock_request *a, const struct ml_lock_request *b)
{
	if (ml_lock_request_is_empty(a) || ml_lock_request_is_empty(b))
		return ml_lock_request_is_empty(a) && ml_lock_request_is_empty(b);
	if (a->nrepos != b->nrepos || !ml_strvec_equal(&a->roots, &b->roots) ||
	    !ml_strvec_equal(&a->pins, &b->pins) ||
	    !ml_strvec_equal(&a->opam_provided, &b->opam_provided) ||
	    !ml_strvec_equal(&a->vars, &b->vars) || !str_eq(a->ocaml_version, b->ocaml_version) ||
	    !str_eq(a->dune_version, b->dune_version) || !str_eq(a->generator, b->generator) ||
	    a->build_only != b->build_only || a->recurse != b->recurse ||
	    a->require_cross_compile != b->require_cross_compile)
		return false;
	for (size_t i = 0; i < a->nrepos; i++) {
		const struct ml_lock_request_repo *r = &a->repos[i], *s = &b->repos[i];

		if (!str_eq(r->path, s->path) || !str_eq(r->url, s->url) ||
		    !str_eq(r->commit, s->commit) || !str_eq(r->sha256, s->sha256))
			return false;
	}
	return true;
}

void ml_lock_request_add_spec(struct ml_lock_request *req, const char *spec)
{
	struct ml_lock_request_repo *r = ml_lock_request_add_repo(req);

	if (ml_starts_with(spec, "file://"))
		r->path = ml_strdup(spec + strlen("file://"));
	else if (strstr(spec, "://"))
		r->url = ml_strdup(spec);
	else
		r->path = ml_strdup(spec);
}

/* ---- validation ---- */

static int bad(struct ml_error *err, const char *path, const char *where, const char *what)
{
	return ml_error_setat(err, ML_EPARSE, path, 0, 0, "request.%s: %s", where, what);
}

/* A recorded string: non-empty, bounded, UTF-8, no control characters. */
static const char *string_fault(const char *s)
{
	size_t len = strlen(s), badpos;

	if (!len)
		return "empty";
	if (len > ML_LOCK_MAX_STRING)
		return "longer than " ML_STRINGIFY(ML_LOCK_MAX_STRING) " bytes";
	if (!ml_utf8_valid(s, len, &badpos))
		return "not UTF-8";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "holds a control character";
	return NULL;
}

static int check_list(const struct ml_strvec *sv, const char *key, int assign, const char *path,
		      struct ml_error *err)
{
	char where[64];

	if (sv->n > ML_LOCK_REQUEST_MAX_ITEMS) {
		snprintf(where, sizeof(where), "%s", key);
		return bad(err, path, where,
			   "more than " ML_STRINGIFY(ML_LOCK_REQUEST_MAX_ITEMS) " entries");
	}
	for (size_t i = 0; i < sv->n; i++) {
		const char *f = string_fault(sv->v[i]), *eq = strchr(sv->v[i], '=');

		snprintf(where, sizeof(where), "%s[%zu]", key, i);
		/* a pin needs a version; a variable may be set to "" */
		if (!f && assign && (!eq || eq == sv->v[i] || (assign == 2 && !eq[1])))
			f = assign == 2 ? "expected NAME=VERSION" : "expected NAME=VALUE";
		if (f)
			return bad(err, path, where, f);
	}
	return 0;
}

static bool is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static const char *repo_fault(const struct ml_lock_request_repo *r)
{
	const char *f;

	if (!r->path == !r->url)
		return "expected exactly one of \"path\" and \"url\"";
	if ((f = string_fault(r->path ? r->path : r->url)))
		return f;
	if (r->url && !ml_starts_with(r->url, "git+"))
		return "a url must be a git+URL (archives are recorded by path)";
	if (r->commit && (!r->url || !ml_lock_is_commit(r->commit)))
		return "a commit is 40 lowercase hex digits, for a git url";
	if (r->sha256 &&
	    (!r->path || !ml_starts_with(r->sha256, "sha256=") || !is_hex(r->sha256 + 7, 64)))
		return "a sha256 is \"sha256=<64 hex>\", for an archive path";
	return NULL;
}

int ml_lock_request_validate(const struct ml_lock_request *req, const char *path,
			     struct ml_error *err)
{
	const char *f;
	char where[64];
	int ret;

	if (!req)
		return 0;
	if (req->nrepos > ML_LOCK_REQUEST_MAX_REPOS)
		return bad(err, path, "repositories",
			   "more than " ML_STRINGIFY(ML_LOCK_REQUEST_MAX_REPOS) " entries");
	for (size_t i = 0; i < req->nrepos; i++)
		if ((f = repo_fault(&req->repos[i]))) {
			snprintf(where, sizeof(where), "repositories[%zu]", i);
			return bad(err, path, where, f);
		}
	if ((ret = check_list(&req->roots, "roots", 0, path, err)) ||
	    (ret = check_list(&req->pins, "pins", 2, path, err)) ||
	    (ret = check_list(&req->opam_provided, "opam-provided", 0, path, err)) ||
	    (ret = check_list(&req->vars, "variables", 1, path, err)))
		return ret;
	if (req->ocaml_version && (f = string_fault(req->ocaml_version)))
		return bad(err, path, "ocaml-version", f);
	if (req->dune_version && (f = string_fault(req->dune_version)))
		return bad(err, path, "dune-version", f);
	if (req->generator && strcmp(req->generator, "dune") && strcmp(req->generator, "none"))
		return bad(err, path, "generator", "expected \"dune\" or \"none\"");
	return 0;
}

/* ---- merging and paths ---- */

struct ml_lock_request *ml_lock_request_merge(const struct ml_lock_request *given,
					      const struct ml_lock_request *recorded)
{
	struct ml_lock_request *out = ml_lock_request_new();
	const struct ml_lock_request *r = recorded;

	if (!r)
		r = given;
	copy_repos(out, given->nrepos ? given : r);
	copy_strvec(&out->roots, given->roots.n ? &given->roots : &r->roots);
	copy_strvec(&out->pins, given->pins.n ? &given->pins : &r->pins);
	copy_strvec(&out->opam_provided,
		    given->opam_provided.n ? &given->opam_provided : &r->opam_provided);
	copy_strvec(&out->vars, given->vars.n ? &given->vars : &r->vars);
	out->ocaml_version =
	    dup_or_null(given->ocaml_version ? given->ocaml_version : r->ocaml_version);
	out->dune_version =
	    dup_or_null(given->dune_version ? given->dune_version : r->dune_version);
	out->generator = dup_or_null(given->generator ? given->generator : r->generator);
	/* switches have no negation: given, or recorded */
	out->build_only = given->build_only || r->build_only;
	out->require_cross_compile = given->require_cross_compile || r->require_cross_compile;
	out->recurse = given->recurse || r->recurse;
	return out;
}

char *ml_lock_request_repo_spec(const struct ml_lock_request_repo *r, const char *lock_dir,
				bool at_commit)
{
	if (r->url) {
		const char *hash = strchr(r->url, '#');

		if (!at_commit || !r->commit)
			return ml_strdup(r->url);
		return ml_xasprintf("%.*s#%s",
				    (int)(hash ? (size_t)(hash - r->url) : strlen(r->url)), r->url,
				    r->commit);
	}
	if (r->path[0] == '/' || !lock_dir || !strcmp(lock_dir, "."))
		return ml_strdup(r->path);
	return ml_path_join(lock_dir, r->path);
}

/* "/a/b/c" relative to "/a/x": "../b/c"; to "/a/b/c": ".". */
static char *relative_to(const char *abs, const char *base)
{
	struct ml_buf b = ML_BUF_INIT;
	size_t common = 0;

	for (size_t i = 0;; i++) {
		if ((abs[i] == '/' || !abs[i]) && (base[i] == '/' || !base[i]))
			common = i;
		if (!abs[i] || !base[i] || abs[i] != base[i])
			break;
	}
	for (const char *q = base + common; *q; q++)
		if (*q == '/')
			ml_buf_adds(&b, b.len ? "/.." : "..");
	if (abs[common] == '/')
		ml_buf_adds(&b, b.len ? abs + common : abs + common + 1);
	if (!b.len)
		ml_buf_addc(&b, '.');
	return ml_buf_detach(&b, NULL);
}

static bool is_inside(const char *abs, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return true;
	return !strncmp(abs, dir, n) && (abs[n] == '/' || !abs[n]);
}

char *ml_lock_path_absolute(const char *path)
{
	struct ml_strvec parts = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0), *all, *tok, *save = NULL;

	all = cwd ? ml_xasprintf("%s/%s", cwd, path) : ml_strdup(path);
	for (tok = strtok_r(all, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (parts.n)
				free(parts.v[--parts.n]);
			continue;
		}
		ml_strvec_push(&parts, tok);
	}
	for (size_t i = 0; i < parts.n; i++)
		ml_buf_addf(&b, "/%s", parts.v[i]);
	if (!b.len)
		ml_buf_addc(&b, '/');
	free(all);
	free(cwd);
	ml_strvec_release(&parts);
	return ml_buf_detach(&b, NULL);
}

void ml_lock_request_record_path(struct ml_lock_request_repo *r, const char *project_dir,
				 const char *lock_dir)
{
	char *abs, *proj, *ldir;

	/* git+file://../x is no URL: a local git repository is recorded absolute, without ".." */
	if (r->url && ml_starts_with(r->url, "git+file://")) {
		const char *p = r->url + strlen("git+file://"), *hash = strchr(p, '#');
		char *path = hash ? ml_strndup(p, (size_t)(hash - p)) : ml_strdup(p);

		abs = ml_lock_path_absolute(path);
		free(path);
		path = ml_xasprintf("git+file://%s%s", abs, hash ? hash : "");
		free(r->url);
		r->url = path;
		free(abs);
	}
	if (!r->path)
		return;
	abs = ml_lock_path_absolute(r->path);
	proj = ml_lock_path_absolute(project_dir);
	ldir = ml_lock_path_absolute(lock_dir);
	free(r->path);
	r->path = is_inside(abs, proj) ? relative_to(abs, ldir) : ml_strdup(abs);
	free(abs);
	free(proj);
	free(ldir);
}

int ml_lock_check_var(const char *name, const char *value, struct ml_error *err)
{
	static const char *const bools[] = {
		"with-test", "with-doc", "with-dev-setup", "build",
		"post",      "dev",      "pinned",         "installed"
	};
	static const char *const pkg_bools[] = {
		":installed",      ":pinned",       ":native",
		":native-dynlink", ":native-tools", ":preinstalled"
	};
	bool is_bool = false;

	for (size_t i = 0; !is_bool && i < ML_ARRAY_SIZE(bools); i++)
		is_bool = !strcmp(name, bools[i]);
	for (size_t i = 0; !is_bool && i < ML_ARRAY_SIZE(pkg_bools); i++)
		is_bool = strchr(name, ':') && ml_ends_with(name, pkg_bools[i]);
	if (is_bool && strcmp(value, "true") && strcmp(value, "false"))
		return ml_error_set(err, ML_EUSAGE,
				    "--var %s=%s: %s is a boolean variable: true or false", name,
				    value, name);
	return 0;
}

int ml_lock_check_targets(const char *const *names, size_t nnames, const char *const *locals,
			  size_t nlocals, const char *file, struct ml_error *err)
{
	for (size_t i = 0; i < nnames; i++) {
		const char *near;
		bool local = false;

		for (size_t k = 0; !local && k < nlocals; k++)
			local = !strcmp(names[i], locals[k]);
		if (local)
			continue;
		near = ml_suggest(names[i], locals, nlocals);
		if (near)
			ml_error_set(err, ML_EUSAGE,
				     "lock %s: %s is not a package of this project; did you mean "
				     "'%s'?",
				     names[i], names[i], near);
		else
			ml_error_set(err, ML_EUSAGE,
				     "lock %s: %s is not a package of this project (lock PKG names "
				     "the project's own packages); to depend on it, add \"%s\" to "
				     "the depends: of %s and run `monolock lock`",
				     names[i], names[i], names[i], file ? file : "an opam file");
		ml_error_about(err, names[i], NULL);
		return ML_EUSAGE;
	}
	return 0;
}

char *ml_lock_unused_name(const char *what, const char *name, const char *const *solved, size_t n)
{
	const char *near;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, solved[i]))
			return NULL;
	near = ml_suggest(name, solved, n);
	if (near)
		return ml_xasprintf("%s %s: no package %s in the solution (ignored); did you mean "
				    "'%s'?",
				    what, name, name, near);
	return ml_xasprintf("%s %s: no package %s in the solution (ignored)", what, name, name);
}

void ml_lock_request_describe(struct ml_buf *out, const struct ml_lock_request *req,
			      const char *lock_dir)
{
	static const struct {
		const char *opt;
		size_t off;
	} lists[] = {
		{ "--pin", offsetof(struct ml_lock_request, pins) },
		{ "--opam-provided", offsetof(struct ml_lock_request, opam_provided) },
		{ "--var", offsetof(struct ml_lock_request, vars) },
	};
	size_t start = out->len;

	for (size_t i = 0; req && i < req->nrepos; i++) {
		char *spec = ml_lock_request_repo_spec(&req->repos[i], lock_dir, true);

		ml_buf_addf(out, " --repo %s", spec);
		free(spec);
	}
	for (size_t k = 0; req && k < ML_ARRAY_SIZE(lists); k++) {
		const struct ml_strvec *sv =
		    (const struct ml_strvec *)((const char *)req + lists[k].off);

		for (size_t i = 0; i < sv->n; i++)
			ml_buf_addf(out, " %s %s", lists[k].opt, sv->v[i]);
	}
	if (req && req->ocaml_version)
		ml_buf_addf(out, " --ocaml-version %s", req->ocaml_version);
	if (req && req->dune_version)
		ml_buf_addf(out, " --dune-version %s", req->dune_version);
	if (req && req->generator)
		ml_buf_addf(out, " --generator %s", req->generator);
	if (req && req->build_only)
		ml_buf_adds(out, " --build-only");
	if (req && req->recurse)
		ml_buf_adds(out, " --recurse");
	if (req && req->require_cross_compile)
		ml_buf_adds(out, " --require-cross-compile");
	for (size_t i = 0; req && i < req->roots.n; i++)
		ml_buf_addf(out, " %s", req->roots.v[i]);
	if (out->len == start)
		ml_buf_adds(out, "(nothing)");
	else /* no leading space */
		memmove(out->buf + start, out->buf + start + 1, out->len-- - start);
}
