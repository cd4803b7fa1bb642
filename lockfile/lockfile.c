/* monolock.lock: the lock as JSON (DESIGN section 5), through jansson. */
#include <jansson.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "lockfile/lockfile.h"
#include "lib/opam.h"
#include "lib/toolchain.h"

/* ---- rendering ---- */

/*
 * jansson without JSON_INDENT and without JSON_COMPACT prints one line with ", " and ": "
 * separators: exactly the design's inner objects. The outer layout (one key per line, one
 * object per line) is ours, so the file reads like the design's example.
 */
static void add_inline(struct ml_buf *out, json_t *v)
{
	char *s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	if (!s) {
		/* Only on allocation failure inside jansson: treat like ours. */
		abort();
	}
	ml_buf_adds(out, s);
	free(s);
	json_decref(v);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strvec_json(const struct ml_strvec *sv)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static void add_key(struct ml_buf *out, const char *key, bool first)
{
	ml_buf_adds(out, first ? "{\n  \"" : ",\n  \"");
	ml_buf_adds(out, key);
	ml_buf_adds(out, "\": ");
}

static json_t *repo_json(const struct ml_lock_repo *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "url", str_or_null(r->url));
	if (r->commit)
		json_object_set_new(o, "commit", json_string(r->commit));
	if (r->hash)
		json_object_set_new(o, "hash", json_string(r->hash));
	return o;
}

static json_t *package_json(const struct ml_lock_package *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", str_or_null(p->name));
	json_object_set_new(o, "version", str_or_null(p->version));
	json_object_set_new(o, "dir", str_or_null(p->dir));
	if (!p->dir)
		json_object_set_new(o, "reason", str_or_null(p->reason));
	json_object_set_new(o, "depends", strvec_json(&p->depends));
	return o;
}

static json_t *source_json(const struct ml_lock_source *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "dir", str_or_null(s->dir));
	json_object_set_new(o, "url", str_or_null(s->url));
	if (s->pin)
		json_object_set_new(o, "pin", json_true());
	if (s->commit)
		json_object_set_new(o, "commit", json_string(s->commit));
	else
		json_object_set_new(o, "checksums", strvec_json(&s->checksums));
	if (s->mirrors.n)
		json_object_set_new(o, "mirrors", strvec_json(&s->mirrors));
	if (s->patch_files.n) {
		json_t *a = json_array();

		for (size_t i = 0; i < s->patch_files.n && i < s->patch_sha256.n; i++)
			json_array_append_new(a,
					      json_pack("{s:s, s:s}", "file", s->patch_files.v[i],
							"sha256", s->patch_sha256.v[i]));
		json_object_set_new(o, "patches", a);
	}
	json_object_set_new(o, "packages", strvec_json(&s->packages));
	return o;
}

/* An array of objects: one per line, or [] when empty. */
/* {"ocaml": {"version": V, "from": F}, "dune": {"max": V, "from": F}}, parts present only
 * when fixed. */
static json_t *depext_json(const struct ml_lock_depext *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "names", strvec_json(&d->names));
	if (d->filter)
		json_object_set_new(o, "filter", json_string(d->filter));
	return o;
}

static json_t *toolchain_json(const struct ml_lock_toolchain *t)
{
	json_t *o = json_object();

	if (t->ocaml)
		json_object_set_new(o, "ocaml",
				    json_pack("{s:s, s:o}", "version", t->ocaml, "from",
					      str_or_null(t->ocaml_from)));
	if (t->dune_max)
		json_object_set_new(
		    o, "dune",
		    json_pack("{s:s, s:o}", "max", t->dune_max, "from", str_or_null(t->dune_from)));
	return o;
}

static void add_object_lines(struct ml_buf *out, json_t **items, size_t n)
{
	size_t i;

	if (n == 0) {
		ml_buf_adds(out, "[]");
		return;
	}
	ml_buf_adds(out, "[\n");
	for (i = 0; i < n; i++) {
		ml_buf_adds(out, "    ");
		add_inline(out, items[i]);
		ml_buf_adds(out, i + 1 < n ? ",\n" : "\n");
	}
	ml_buf_adds(out, "  ]");
}

static json_t *request_repo_json(const struct ml_lock_request_repo *r)
{
	json_t *o = json_object();

	if (r->path)
		json_object_set_new(o, "path", json_string(r->path));
	if (r->url)
		json_object_set_new(o, "url", json_string(r->url));
	if (r->commit)
		json_object_set_new(o, "commit", json_string(r->commit));
	if (r->sha256)
		json_object_set_new(o, "sha256", json_string(r->sha256));
	return o;
}

/*
 * "request": one key per line in a fixed order, only the parts given; repositories one per
 * line, in precedence order (not sorted: the order is part of the request).
 */
static void add_request(struct ml_buf *out, const struct ml_lock_request *req)
{
	const char *sep = "{\n";
	const struct {
		const char *key;
		const struct ml_strvec *sv;
	} lists[] = {
		{ "roots", &req->roots },
		{ "pins", &req->pins },
		{ "opam-provided", &req->opam_provided },
		{ "variables", &req->vars },
	};

	add_key(out, "request", false);
	if (req->nrepos) {
		ml_buf_adds(out, sep);
		ml_buf_adds(out, "    \"repositories\": [\n");
		for (size_t i = 0; i < req->nrepos; i++) {
			ml_buf_adds(out, "      ");
			add_inline(out, request_repo_json(&req->repos[i]));
			ml_buf_adds(out, i + 1 < req->nrepos ? ",\n" : "\n");
		}
		ml_buf_adds(out, "    ]");
		sep = ",\n";
	}
	for (size_t i = 0; i < ML_ARRAY_SIZE(lists); i++) {
		if (!lists[i].sv->n)
			continue;
		ml_buf_addf(out, "%s    \"%s\": ", sep, lists[i].key);
		add_inline(out, strvec_json(lists[i].sv));
		sep = ",\n";
	}
	if (req->ocaml_version) {
		ml_buf_addf(out, "%s    \"ocaml-version\": ", sep);
		add_inline(out, json_string(req->ocaml_version));
		sep = ",\n";
	}
	if (req->dune_version) {
		ml_buf_addf(out, "%s    \"dune-version\": ", sep);
		add_inline(out, json_string(req->dune_version));
		sep = ",\n";
	}
	if (req->build_only)
		ml_buf_addf(out, "%s    \"build-only\": true", sep), sep = ",\n";
	if (req->recurse)
		ml_buf_addf(out, "%s    \"recurse\": true", sep), sep = ",\n";
	if (req->require_cross_compile)
		ml_buf_addf(out, "%s    \"require-cross-compile\": true", sep), sep = ",\n";
	if (req->generator) {
		ml_buf_addf(out, "%s    \"generator\": ", sep);
		add_inline(out, json_string(req->generator));
	}
	ml_buf_adds(out, "\n  }");
}

void ml_lockfile_render(struct ml_buf *out, const struct ml_lock *lock)
{
	struct ml_lock *s = ml_lock_dup(lock);
	json_t **items = NULL, *vars;
	size_t i, n;

	ml_lock_sort(s);
	n = s->nrepos;
	if (s->npackages > n)
		n = s->npackages;
	if (s->nsources > n)
		n = s->nsources;
	if (s->ndepexts > n)
		n = s->ndepexts;
	items = ml_calloc(n ? n : 1, sizeof(*items));

	add_key(out, "lockfile", true);
	add_inline(out, json_string(ML_LOCKFILE_VERSION));
	add_key(out, "roots", false);
	add_inline(out, strvec_json(&s->roots));
	add_key(out, "generator", false);
	add_inline(out, str_or_null(s->generator));
	if (!ml_lock_request_is_empty(s->request))
		add_request(out, s->request);

	add_key(out, "repositories", false);
	for (i = 0; i < s->nrepos; i++)
		items[i] = repo_json(&s->repos[i]);
	add_object_lines(out, items, s->nrepos);

	add_key(out, "variables", false);
	vars = json_object();
	for (i = 0; i < s->nvars; i++) {
		const char *v = s->vars[i].value;
		json_t *j;

		if (v && strcmp(v, "true") == 0)
			j = json_true();
		else if (v && strcmp(v, "false") == 0)
			j = json_false();
		else
			j = str_or_null(v);
		json_object_set_new(vars, s->vars[i].name ? s->vars[i].name : "", j);
	}
	add_inline(out, vars);

	if (s->toolchain.ocaml || s->toolchain.dune_max) {
		add_key(out, "toolchain", false);
		add_inline(out, toolchain_json(&s->toolchain));
	}

	add_key(out, "packages", false);
	for (i = 0; i < s->npackages; i++)
		items[i] = package_json(&s->packages[i]);
	add_object_lines(out, items, s->npackages);

	add_key(out, "sources", false);
	for (i = 0; i < s->nsources; i++)
		items[i] = source_json(&s->sources[i]);
	add_object_lines(out, items, s->nsources);

	add_key(out, "depexts", false);
	for (i = 0; i < s->ndepexts; i++)
		items[i] = depext_json(&s->depexts[i]);
	add_object_lines(out, items, s->ndepexts);
	ml_buf_adds(out, "\n}\n");

	free(items);
	ml_lock_free(s);
}

/* ---- parsing ---- */

struct reader {
	const char *path;
	struct ml_error *err;
};

static int bad(struct reader *r, const char *where, const char *what)
{
	return ml_error_setat(r->err, ML_EPARSE, r->path, 0, 0, "%s: %s", where, what);
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

static int expected(struct reader *r, const char *where, const char *what, const json_t *got)
{
	return ml_error_setat(r->err, ML_EPARSE, r->path, 0, 0, "%s: expected %s, not %s", where,
			      what, type_name(got));
}

/* Every key of `o` must be one of `keys` (NULL-terminated). */
static int check_keys(struct reader *r, const char *where, json_t *o, const char *const *keys)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v)
	{
		for (i = 0; keys[i]; i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		if (!keys[i])
			return ml_error_setat(r->err, ML_EPARSE, r->path, 0, 0,
					      "%s: unknown key \"%.80s\"", where, key);
	}
	return 0;
}

static int get_string_value(struct reader *r, const char *where, json_t *v, char **out)
{
	if (!json_is_string(v))
		return expected(r, where, "a string", v);
	if (json_string_length(v) > ML_LOCK_MAX_STRING)
		return bad(r, where, "string too long");
	*out = ml_strdup(json_string_value(v));
	return 0;
}

/* A required (or, with nullable, possibly null) string member. */
static int get_string(struct reader *r, const char *where, json_t *o, const char *key,
		      bool nullable, char **out)
{
	json_t *v = json_object_get(o, key);
	char *w;
	int ret;

	/* the common case builds no message: a lock has several strings per source */
	if (v && json_is_string(v) && json_string_length(v) <= ML_LOCK_MAX_STRING) {
		*out = ml_strndup(json_string_value(v), json_string_length(v));
		return 0;
	}
	if (v && nullable && json_is_null(v))
		return 0;
	w = ml_xasprintf("%s%s%s", where, *where ? "." : "", key);
	if (!v)
		ret = bad(r, w, "missing");
	else
		ret = get_string_value(r, w, v, out);
	free(w);
	return ret;
}

/* A string-array member; a missing one is an error unless `optional`. */
static int get_strvec(struct reader *r, const char *where, json_t *o, const char *key,
		      bool optional, struct ml_strvec *out)
{
	json_t *a = json_object_get(o, key), *v;
	char *w = NULL;
	size_t i = 0;
	int ret = 0;

	if (!a && optional)
		return 0;
	/* the message is built only for an error: a lock has several arrays per source */
	if (a && json_is_array(a) && json_array_size(a) <= ML_LOCK_MAX_ITEMS) {
		json_array_foreach(a, i, v)
		{
			if (!json_is_string(v) || json_string_length(v) > ML_LOCK_MAX_STRING)
				break;
			ml_strvec_push_owned(
			    out, ml_strndup(json_string_value(v), json_string_length(v)));
		}
		if (i == json_array_size(a))
			return 0;
	}
	w = ml_xasprintf("%s%s%s", where, *where ? "." : "", key);
	if (!a) {
		ret = bad(r, w, "missing");
		goto out;
	}
	if (!json_is_array(a)) {
		ret = expected(r, w, "an array of strings", a);
		goto out;
	}
	if (json_array_size(a) > ML_LOCK_MAX_ITEMS) {
		ret = bad(r, w, "too many items");
		goto out;
	}
	{
		/* the first bad item: the ones before it are in out already */
		char *wi = ml_xasprintf("%s[%zu]", w, i);

		ret = get_string_value(r, wi, json_array_get(a, i), &(char *){ NULL });
		free(wi);
	}
out:
	free(w);
	return ret;
}

/* The array member `key` of the top object, each item an object. */
static int get_object_array(struct reader *r, json_t *root, const char *key, json_t **out)
{
	json_t *a = json_object_get(root, key), *v;
	size_t i;

	if (!a)
		return bad(r, key, "missing");
	if (!json_is_array(a))
		return expected(r, key, "an array", a);
	if (json_array_size(a) > ML_LOCK_MAX_ITEMS)
		return bad(r, key, "too many items");
	json_array_foreach(a, i, v)
	{
		if (!json_is_object(v)) {
			char *w = ml_xasprintf("%s[%zu]", key, i);
			int ret = expected(r, w, "an object", v);

			free(w);
			return ret;
		}
	}
	*out = a;
	return 0;
}

static int read_repos(struct reader *r, json_t *root, struct ml_lock *lock)
{
	static const char *const keys[] = { "url", "commit", "hash", NULL };
	json_t *a = NULL, *o;
	char *w = NULL;
	size_t i;
	int ret;

	ret = get_object_array(r, root, "repositories", &a);
	if (ret < 0)
		return ret;
	json_array_foreach(a, i, o)
	{
		struct ml_lock_repo *repo = ml_lock_add_repo(lock);

		free(w);
		w = ml_xasprintf("repositories[%zu]", i);
		ret = check_keys(r, w, o, keys);
		if (ret == 0)
			ret = get_string(r, w, o, "url", false, &repo->url);
		if (ret == 0 && json_object_get(o, "commit"))
			ret = get_string(r, w, o, "commit", false, &repo->commit);
		if (ret == 0 && json_object_get(o, "hash"))
			ret = get_string(r, w, o, "hash", false, &repo->hash);
		if (ret == 0 && repo->commit && repo->hash)
			ret = bad(r, w, "both \"commit\" and \"hash\"");
		if (ret < 0)
			break;
	}
	free(w);
	return ret;
}

/* "request" (optional; a lock without one asks nothing). */
static int read_request(struct reader *r, json_t *root, struct ml_lock *lock)
{
	static const char *const keys[] = { "repositories",
					    "roots",
					    "pins",
					    "opam-provided",
					    "variables",
					    "ocaml-version",
					    "dune-version",
					    "build-only",
					    "recurse",
					    "generator",
					    "require-cross-compile",
					    NULL };
	static const char *const repo_keys[] = { "path", "url", "commit", "sha256", NULL };
	json_t *o = json_object_get(root, "request"), *a, *v;
	struct ml_lock_request *req;
	char *w = NULL;
	size_t i;
	int ret;

	if (!o)
		return 0;
	if (!json_is_object(o))
		return expected(r, "request", "an object", o);
	ret = check_keys(r, "request", o, keys);
	if (ret < 0)
		return ret;
	req = lock->request = ml_lock_request_new();
	a = json_object_get(o, "repositories");
	if (a && !json_is_array(a))
		return expected(r, "request.repositories", "an array", a);
	if (a && json_array_size(a) > ML_LOCK_REQUEST_MAX_REPOS)
		return bad(r, "request.repositories", "too many items");
	json_array_foreach(a, i, v)
	{
		struct ml_lock_request_repo *repo = ml_lock_request_add_repo(req);

		free(w);
		w = ml_xasprintf("request.repositories[%zu]", i);
		if (!json_is_object(v)) {
			ret = expected(r, w, "an object", v);
			break;
		}
		ret = check_keys(r, w, v, repo_keys);
		if (ret == 0 && json_object_get(v, "path"))
			ret = get_string(r, w, v, "path", false, &repo->path);
		if (ret == 0 && json_object_get(v, "url"))
			ret = get_string(r, w, v, "url", false, &repo->url);
		if (ret == 0 && json_object_get(v, "commit"))
			ret = get_string(r, w, v, "commit", false, &repo->commit);
		if (ret == 0 && json_object_get(v, "sha256"))
			ret = get_string(r, w, v, "sha256", false, &repo->sha256);
		if (ret < 0)
			break;
	}
	free(w);
	if (ret == 0)
		ret = get_strvec(r, "request", o, "roots", true, &req->roots);
	if (ret == 0)
		ret = get_strvec(r, "request", o, "pins", true, &req->pins);
	if (ret == 0)
		ret = get_strvec(r, "request", o, "opam-provided", true, &req->opam_provided);
	if (ret == 0)
		ret = get_strvec(r, "request", o, "variables", true, &req->vars);
	if (ret == 0 && json_object_get(o, "ocaml-version"))
		ret = get_string(r, "request", o, "ocaml-version", false, &req->ocaml_version);
	if (ret == 0 && json_object_get(o, "dune-version"))
		ret = get_string(r, "request", o, "dune-version", false, &req->dune_version);
	if (ret == 0 && json_object_get(o, "generator"))
		ret = get_string(r, "request", o, "generator", false, &req->generator);
	if (ret == 0 && (v = json_object_get(o, "build-only"))) {
		if (!json_is_boolean(v))
			return expected(r, "request.build-only", "a boolean", v);
		req->build_only = json_is_true(v);
	}
	if (ret == 0 && (v = json_object_get(o, "recurse"))) {
		if (!json_is_boolean(v))
			return expected(r, "request.recurse", "a boolean", v);
		req->recurse = json_is_true(v);
	}
	if (ret == 0 && (v = json_object_get(o, "require-cross-compile"))) {
		if (!json_is_boolean(v))
			return expected(r, "request.require-cross-compile", "a boolean", v);
		req->require_cross_compile = json_is_true(v);
	}
	return ret;
}

static int read_vars(struct reader *r, json_t *root, struct ml_lock *lock)
{
	json_t *o = json_object_get(root, "variables"), *v;
	const char *key;

	if (!o)
		return bad(r, "variables", "missing");
	if (!json_is_object(o))
		return expected(r, "variables", "an object", o);
	if (json_object_size(o) > ML_LOCK_MAX_ITEMS)
		return bad(r, "variables", "too many items");
	json_object_foreach(o, key, v)
	{
		if (json_is_boolean(v)) {
			ml_lock_set_var(lock, key, json_is_true(v) ? "true" : "false");
		} else if (json_is_string(v) && json_string_length(v) <= ML_LOCK_MAX_STRING) {
			ml_lock_set_var(lock, key, json_string_value(v));
		} else {
			char *w = ml_xasprintf("variables.%s", key);
			int ret = json_is_string(v) ? bad(r, w, "string too long")
						    : expected(r, w, "a string or a boolean", v);

			free(w);
			return ret;
		}
	}
	return 0;
}

static int read_packages(struct reader *r, json_t *root, struct ml_lock *lock)
{
	static const char *const keys[] = { "name", "version", "dir", "reason", "depends", NULL };
	json_t *a = NULL, *o;
	char *w = NULL;
	size_t i;
	int ret;

	ret = get_object_array(r, root, "packages", &a);
	if (ret < 0)
		return ret;
	json_array_foreach(a, i, o)
	{
		struct ml_lock_package *p = ml_lock_add_package(lock);

		free(w);
		w = ml_xasprintf("packages[%zu]", i);
		ret = check_keys(r, w, o, keys);
		if (ret == 0)
			ret = get_string(r, w, o, "name", false, &p->name);
		if (ret == 0)
			ret = get_string(r, w, o, "version", false, &p->version);
		if (ret == 0)
			ret = get_string(r, w, o, "dir", true, &p->dir);
		if (ret == 0 && !p->dir)
			ret = get_string(r, w, o, "reason", false, &p->reason);
		if (ret == 0 && p->dir && json_object_get(o, "reason"))
			ret = bad(r, w,
				  "a vendored package (dir not null) must not have a \"reason\"");
		if (ret == 0)
			ret = get_strvec(r, w, o, "depends", true, &p->depends);
		if (ret < 0)
			break;
	}
	free(w);
	return ret;
}

/* "patches": [{"file": PATH, "sha256": HEX}], in application order; checked by validate. */
static int read_patches(struct reader *r, const char *where, json_t *a, struct ml_lock_source *s)
{
	static const char *const keys[] = { "file", "sha256", NULL };
	char *w = ml_xasprintf("%s.patches", where);
	json_t *o;
	size_t i;
	int ret = 0;

	if (!json_is_array(a))
		ret = expected(r, w, "an array", a);
	else if (json_array_size(a) > ML_LOCK_MAX_PATCHES)
		ret = bad(r, w, "too many patches");
	json_array_foreach(a, i, o)
	{
		char *wi = ml_xasprintf("%s[%zu]", w, i), *file = NULL, *sum = NULL;

		if (ret < 0) {
			free(wi);
			break;
		}
		if (!json_is_object(o))
			ret = expected(r, wi, "an object", o);
		if (ret == 0)
			ret = check_keys(r, wi, o, keys);
		if (ret == 0)
			ret = get_string(r, wi, o, "file", false, &file);
		if (ret == 0)
			ret = get_string(r, wi, o, "sha256", false, &sum);
		if (ret == 0) {
			ml_strvec_push_owned(&s->patch_files, file);
			ml_strvec_push_owned(&s->patch_sha256, sum);
		} else {
			free(file);
			free(sum);
		}
		free(wi);
	}
	free(w);
	return ret;
}

static int read_sources(struct reader *r, json_t *root, struct ml_lock *lock)
{
	static const char *const keys[] = { "dir",     "url",     "pin",      "checksums", "commit",
					    "mirrors", "patches", "packages", NULL };
	json_t *a = NULL, *o;
	char *w = NULL;
	size_t i;
	int ret;

	ret = get_object_array(r, root, "sources", &a);
	if (ret < 0)
		return ret;
	json_array_foreach(a, i, o)
	{
		struct ml_lock_source *s = ml_lock_add_source(lock);
		bool has_commit = json_object_get(o, "commit") != NULL;

		free(w);
		w = ml_xasprintf("sources[%zu]", i);
		ret = check_keys(r, w, o, keys);
		if (ret == 0)
			ret = get_string(r, w, o, "dir", false, &s->dir);
		if (ret == 0)
			ret = get_string(r, w, o, "url", false, &s->url);
		if (ret == 0 && json_object_get(o, "pin")) {
			json_t *pin = json_object_get(o, "pin");

			char *wp = ml_xasprintf("%s.pin", w);

			if (json_is_boolean(pin))
				s->pin = json_is_true(pin);
			else
				ret = expected(r, wp, "a boolean", pin);
			free(wp);
		}
		if (ret == 0 && has_commit)
			ret = get_string(r, w, o, "commit", false, &s->commit);
		/* An archive source says which checksums it has, even none; a git one may not. */
		if (ret == 0)
			ret = get_strvec(r, w, o, "checksums", has_commit, &s->checksums);
		if (ret == 0)
			ret = get_strvec(r, w, o, "mirrors", true, &s->mirrors);
		if (ret == 0)
			ret = get_strvec(r, w, o, "packages", false, &s->packages);
		if (ret == 0 && json_object_get(o, "patches"))
			ret = read_patches(r, w, json_object_get(o, "patches"), s);
		if (ret < 0)
			break;
	}
	free(w);
	return ret;
}

/* One part of "toolchain": {"<vkey>": version, "from": where}. */
static int read_tool(struct reader *r, json_t *t, const char *name, const char *vkey,
		     char **version, char **from)
{
	const char *const keys[] = { vkey, "from", NULL };
	json_t *o = json_object_get(t, name);
	char *w = ml_xasprintf("toolchain.%s", name);
	int ret = 0;

	if (!o)
		goto out;
	if (!json_is_object(o))
		ret = expected(r, w, "an object", o);
	if (ret == 0)
		ret = check_keys(r, w, o, keys);
	if (ret == 0)
		ret = get_string(r, w, o, vkey, false, version);
	if (ret == 0 && !ml_tool_version_valid(*version))
		ret = bad(r, w, "not a version");
	if (ret == 0)
		ret = get_string(r, w, o, "from", false, from);
out:
	free(w);
	return ret;
}

/* The optional "toolchain" object (lib/lock.h: struct ml_lock_toolchain). */
/*
 * "depexts": [{"names": [...], "filter": "<opam filter>"}] (filter absent: always). A plain
 * string is a lock written before filters were kept (evaluated when it was made): one name,
 * always. A filter is read in its canonical form (ml_lock_depext_filter_canon).
 */
static int read_depexts(struct reader *r, json_t *root, struct ml_lock *lock)
{
	static const char *const keys[] = { "names", "filter", NULL };
	json_t *a = json_object_get(root, "depexts"), *v;
	char *w = NULL;
	size_t i;
	int ret = 0;

	if (!a)
		return bad(r, "depexts", "missing");
	if (!json_is_array(a))
		return expected(r, "depexts", "an array", a);
	if (json_array_size(a) > ML_LOCK_MAX_ITEMS)
		return bad(r, "depexts", "too many items");
	json_array_foreach(a, i, v)
	{
		struct ml_lock_depext *d = ml_lock_add_depext(lock);
		char *filter = NULL;

		free(w);
		w = ml_xasprintf("depexts[%zu]", i);
		if (json_is_string(v)) {
			char *name = NULL;

			ret = get_string_value(r, w, v, &name);
			if (ret == 0)
				ml_strvec_push_owned(&d->names, name);
		} else if (!json_is_object(v)) {
			ret = expected(r, w, "an object or a string", v);
		} else {
			ret = check_keys(r, w, v, keys);
			if (ret == 0)
				ret = get_strvec(r, w, v, "names", false, &d->names);
			if (ret == 0 && json_object_get(v, "filter"))
				ret = get_string(r, w, v, "filter", false, &filter);
			if (ret == 0 && filter) {
				char *where = ml_xasprintf("%s: %s.filter", r->path, w);

				ret =
				    ml_lock_depext_filter_canon(&d->filter, filter, where, r->err);
				free(where);
			}
			free(filter);
		}
		if (ret < 0)
			break;
	}
	free(w);
	return ret;
}

static int read_toolchain(struct reader *r, json_t *root, struct ml_lock *lock)
{
	static const char *const keys[] = { "ocaml", "dune", NULL };
	json_t *t = json_object_get(root, "toolchain");
	int ret;

	if (!t)
		return 0;
	if (!json_is_object(t))
		return expected(r, "toolchain", "an object", t);
	ret = check_keys(r, "toolchain", t, keys);
	if (ret == 0)
		ret = read_tool(r, t, "ocaml", "version", &lock->toolchain.ocaml,
				&lock->toolchain.ocaml_from);
	if (ret == 0)
		ret = read_tool(r, t, "dune", "max", &lock->toolchain.dune_max,
				&lock->toolchain.dune_from);
	return ret;
}

/* direct: packages and sources are in lock already (fast_json), not in root. */
static int read_root(struct reader *r, json_t *root, struct ml_lock *lock, bool direct)
{
	static const char *const keys[] = { "lockfile",  "roots",    "generator", "repositories",
					    "variables", "packages", "sources",   "depexts",
					    "toolchain", "request",  NULL };
	json_t *version = json_object_get(root, "lockfile");
	int ret;

	/* The version first: a newer file gets the right message, not a schema complaint. */
	if (!version)
		return bad(r, "lockfile", "missing (not a monolock lock file?)");
	if (!json_is_string(version))
		return expected(r, "lockfile", "a string", version);
	if (strcmp(json_string_value(version), ML_LOCKFILE_VERSION) != 0)
		return ml_error_setat(
		    r->err, ML_EPARSE, r->path, 0, 0,
		    "unknown lock file version \"%.40s\" (this monolock reads \"%s\")",
		    json_string_value(version), ML_LOCKFILE_VERSION);
	ret = check_keys(r, "lock", root, keys);
	if (ret == 0)
		ret = get_strvec(r, "", root, "roots", false, &lock->roots);
	if (ret == 0) {
		free(lock->generator);
		lock->generator = NULL;
		ret = get_string(r, "", root, "generator", false, &lock->generator);
	}
	if (ret == 0)
		ret = read_request(r, root, lock);
	if (ret == 0)
		ret = read_repos(r, root, lock);
	if (ret == 0)
		ret = read_vars(r, root, lock);
	if (ret == 0)
		ret = read_toolchain(r, root, lock);
	if (ret == 0 && !direct)
		ret = read_packages(r, root, lock);
	if (ret == 0 && !direct)
		ret = read_sources(r, root, lock);
	if (ret == 0)
		ret = read_depexts(r, root, lock);
	return ret;
}

/*
 * A faster reader for the JSON every lock is: jansson reads a byte at a time through a
 * callback, which made it most of a no-op pull of a large lock. This one takes the subset a
 * lock uses (objects, arrays, strings, true, false, null) into the same jansson values; on
 * anything else, or anything jansson would refuse (a number, a duplicate key, bad UTF-8, a
 * NUL, a lone surrogate, trailing bytes, deep nesting), it gives up and jansson reads the
 * text, so that what is accepted and every error message are jansson's.
 */
#define FAST_MAX_DEPTH 64

struct fast {
	const unsigned char *p, *end;
	struct ml_buf str; /* the string being decoded */
	/* when set, "packages" and "sources" go straight into it (fast_lock) */
	struct ml_lock *lock;
	bool packages, sources; /* read into lock */
};

static bool fast_lock_array(struct fast *f, bool sources);

static void fast_ws(struct fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\n' || *f->p == '\t' || *f->p == '\r'))
		f->p++;
}

static int fast_hex4(const unsigned char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int h = ml_hexval((char)p[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Length of the valid UTF-8 sequence at p (strict, as jansson checks it), or 0. */
static size_t fast_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], v;
	size_t n;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if ((size_t)(end - p) < n)
		return 0;
	v = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (n == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	return n;
}

/* A string at f->p (its opening quote) decoded into f->str; false to give up. */
static bool fast_string(struct fast *f)
{
	ml_buf_reset(&f->str);
	f->p++;
	for (;;) {
		const unsigned char *s = f->p;

		while (f->p < f->end && *f->p >= 0x20 && *f->p < 0x80 && *f->p != '"' &&
		       *f->p != '\\')
			f->p++;
		ml_buf_add(&f->str, s, (size_t)(f->p - s));
		if (f->p >= f->end || *f->p < 0x20)
			return false;
		if (*f->p == '"') {
			f->p++;
			return true;
		}
		if (*f->p >= 0x80) {
			size_t n = fast_utf8(f->p, f->end);

			if (!n)
				return false;
			ml_buf_add(&f->str, f->p, n);
			f->p += n;
			continue;
		}
		/* an escape */
		if (f->end - f->p < 2)
			return false;
		switch (f->p[1]) {
		case '"':
		case '\\':
		case '/':
			ml_buf_addc(&f->str, (char)f->p[1]);
			break;
		case 'b':
			ml_buf_addc(&f->str, '\b');
			break;
		case 'f':
			ml_buf_addc(&f->str, '\f');
			break;
		case 'n':
			ml_buf_addc(&f->str, '\n');
			break;
		case 'r':
			ml_buf_addc(&f->str, '\r');
			break;
		case 't':
			ml_buf_addc(&f->str, '\t');
			break;
		case 'u': {
			int v = f->end - f->p >= 6 ? fast_hex4(f->p + 2) : -1;

			/* NUL and surrogates: jansson's call */
			if (v <= 0 || (v >= 0xd800 && v <= 0xdfff))
				return false;
			if (v < 0x80) {
				ml_buf_addc(&f->str, (char)v);
			} else if (v < 0x800) {
				ml_buf_addc(&f->str, (char)(0xc0 | (v >> 6)));
				ml_buf_addc(&f->str, (char)(0x80 | (v & 0x3f)));
			} else {
				ml_buf_addc(&f->str, (char)(0xe0 | (v >> 12)));
				ml_buf_addc(&f->str, (char)(0x80 | ((v >> 6) & 0x3f)));
				ml_buf_addc(&f->str, (char)(0x80 | (v & 0x3f)));
			}
			f->p += 4;
			break;
		}
		default:
			return false;
		}
		f->p += 2;
	}
}

static bool fast_word(struct fast *f, const char *w, size_t n)
{
	if ((size_t)(f->end - f->p) < n || memcmp(f->p, w, n))
		return false;
	f->p += n;
	return true;
}

/*
 * A list or object opening at f->p: -1 when it does not start with `open`, 0 when it is
 * empty (its `close` read), 1 when an item follows.
 */
static int fast_open(struct fast *f, char open, char close)
{
	fast_ws(f);
	if (f->p >= f->end || *f->p != open)
		return -1;
	f->p++;
	fast_ws(f);
	if (f->p < f->end && *f->p == close) {
		f->p++;
		return 0;
	}
	return 1;
}

/* After an item of a list or object: 1 when ',' (another item follows), 0 at `close`
 * (read), -1 otherwise. */
static int fast_next(struct fast *f, char close)
{
	fast_ws(f);
	if (f->p < f->end && *f->p == ',') {
		f->p++;
		return 1;
	}
	if (f->p < f->end && *f->p == close) {
		f->p++;
		return 0;
	}
	return -1;
}

/* The value at f->p (whitespace skipped), or NULL to give up. */
static json_t *fast_value(struct fast *f, int depth)
{
	json_t *v = NULL, *item;

	fast_ws(f);
	if (f->p >= f->end || depth > FAST_MAX_DEPTH)
		return NULL;
	switch (*f->p) {
	case '"':
		return fast_string(f) ? json_stringn_nocheck(f->str.buf, f->str.len) : NULL;
	case 't':
		return fast_word(f, "true", 4) ? json_true() : NULL;
	case 'f':
		return fast_word(f, "false", 5) ? json_false() : NULL;
	case 'n':
		return fast_word(f, "null", 4) ? json_null() : NULL;
	case '[':
		v = json_array();
		f->p++;
		fast_ws(f);
		if (f->p < f->end && *f->p == ']') {
			f->p++;
			return v;
		}
		for (;;) {
			item = fast_value(f, depth + 1);
			if (!item || json_array_append_new(v, item) < 0)
				goto fail;
			switch (fast_next(f, ']')) {
			case 0:
				return v;
			case -1:
				goto fail;
			}
		}
	case '{':
		v = json_object();
		f->p++;
		fast_ws(f);
		if (f->p < f->end && *f->p == '}') {
			f->p++;
			return v;
		}
		for (;;) {
			char *key;

			fast_ws(f);
			if (f->p >= f->end || *f->p != '"' || !fast_string(f))
				goto fail;
			/* a key with a NUL, or twice in one object: jansson's call */
			if (memchr(f->str.buf, '\0', f->str.len) || json_object_get(v, f->str.buf))
				goto fail;
			key = ml_strndup(f->str.buf, f->str.len);
			fast_ws(f);
			if (f->p >= f->end || *f->p != ':') {
				free(key);
				goto fail;
			}
			f->p++;
			if (depth == 0 && f->lock &&
			    (!strcmp(key, "packages") || !strcmp(key, "sources"))) {
				bool src = key[0] == 's';
				bool *seen = src ? &f->sources : &f->packages;

				free(key);
				/* twice: jansson's call */
				if (*seen || !fast_lock_array(f, src))
					goto fail;
				*seen = true;
				goto next;
			}
			item = fast_value(f, depth + 1);
			if (!item || json_object_set_new_nocheck(v, key, item) < 0) {
				free(key);
				goto fail;
			}
			free(key);
next:
			switch (fast_next(f, '}')) {
			case 0:
				return v;
			case -1:
				goto fail;
			}
		}
	default:
		return NULL; /* a number, or not JSON */
	}
fail:
	json_decref(v);
	return NULL;
}

/*
 * The lock's two long arrays, read straight into its packages and sources: a jansson value
 * per member made most of a no-op pull of a large lock (allocated, looked up, then freed).
 * Only a list read_packages and read_sources would take, read to what they would make of it:
 * anything they would refuse or anything unusual (a duplicate or unknown key, a wrong type, a
 * missing member, a string or a list over its cap) gives up, and jansson and the readers
 * above then read the whole text, for their messages.
 */

/* A string member's value, as get_string takes it. */
static bool fast_str(struct fast *f, char **out)
{
	fast_ws(f);
	if (f->p >= f->end || *f->p != '"' || !fast_string(f) || f->str.len > ML_LOCK_MAX_STRING)
		return false;
	*out = ml_strndup(f->str.buf, f->str.len);
	return true;
}

/* An array of strings, as get_strvec takes it. */
static bool fast_strvec(struct fast *f, struct ml_strvec *out)
{
	switch (fast_open(f, '[', ']')) {
	case -1:
		return false;
	case 0:
		return true;
	}
	for (size_t n = 1;; n++) {
		char *s;

		if (n > ML_LOCK_MAX_ITEMS || !fast_str(f, &s))
			return false;
		ml_strvec_push_owned(out, s);
		switch (fast_next(f, ']')) {
		case 0:
			return true;
		case -1:
			return false;
		}
	}
}

/*
 * The members of an object at f->p, each a key of `keys` (NULL-terminated, at most 16) met
 * once: member(ctx, index of the key) reads its value. *seen: a bit per key met.
 */
static bool fast_members(struct fast *f, const char *const *keys, unsigned *seen,
			 bool (*member)(struct fast *f, void *ctx, unsigned k), void *ctx)
{
	*seen = 0;
	switch (fast_open(f, '{', '}')) {
	case -1:
		return false;
	case 0:
		return true;
	}
	for (;;) {
		unsigned k;

		fast_ws(f);
		if (f->p >= f->end || *f->p != '"' || !fast_string(f))
			return false;
		for (k = 0; keys[k]; k++)
			if (f->str.len == strlen(keys[k]) &&
			    !memcmp(f->str.buf, keys[k], f->str.len))
				break;
		if (!keys[k] || (*seen & (1u << k)))
			return false;
		*seen |= 1u << k;
		fast_ws(f);
		if (f->p >= f->end || *f->p != ':')
			return false;
		f->p++;
		if (!member(f, ctx, k))
			return false;
		switch (fast_next(f, '}')) {
		case 0:
			return true;
		case -1:
			return false;
		}
	}
}

enum { FP_NAME, FP_VERSION, FP_DIR, FP_REASON, FP_DEPENDS };
static const char *const fast_package_keys[] = {
	"name", "version", "dir", "reason", "depends", NULL
};

static bool fast_package_member(struct fast *f, void *ctx, unsigned k)
{
	struct ml_lock_package *p = ctx;

	switch (k) {
	case FP_NAME:
		return fast_str(f, &p->name);
	case FP_VERSION:
		return fast_str(f, &p->version);
	case FP_DIR:
		fast_ws(f);
		return fast_word(f, "null", 4) || fast_str(f, &p->dir);
	case FP_REASON:
		return fast_str(f, &p->reason);
	default:
		return fast_strvec(f, &p->depends);
	}
}

enum { FS_DIR, FS_URL, FS_PIN, FS_CHECKSUMS, FS_COMMIT, FS_MIRRORS, FS_PATCHES, FS_PACKAGES };
static const char *const fast_source_keys[] = { "dir",       "url",      "pin",
						"checksums", "commit",   "mirrors",
						"patches",   "packages", NULL };

struct fast_patch {
	char *file, *sha256;
};

static bool fast_patch_member(struct fast *f, void *ctx, unsigned k)
{
	struct fast_patch *p = ctx;

	return fast_str(f, k == 0 ? &p->file : &p->sha256);
}

static bool fast_patches(struct fast *f, struct ml_lock_source *s)
{
	static const char *const keys[] = { "file", "sha256", NULL };

	switch (fast_open(f, '[', ']')) {
	case -1:
		return false;
	case 0:
		return true;
	}
	for (size_t n = 1;; n++) {
		struct fast_patch p = { NULL, NULL };
		unsigned seen;
		bool ok = n <= ML_LOCK_MAX_PATCHES &&
			  fast_members(f, keys, &seen, fast_patch_member, &p) && seen == 3;

		if (!ok) {
			free(p.file);
			free(p.sha256);
			return false;
		}
		ml_strvec_push_owned(&s->patch_files, p.file);
		ml_strvec_push_owned(&s->patch_sha256, p.sha256);
		switch (fast_next(f, ']')) {
		case 0:
			return true;
		case -1:
			return false;
		}
	}
}

static bool fast_source_member(struct fast *f, void *ctx, unsigned k)
{
	struct ml_lock_source *s = ctx;

	switch (k) {
	case FS_DIR:
		return fast_str(f, &s->dir);
	case FS_URL:
		return fast_str(f, &s->url);
	case FS_PIN:
		fast_ws(f);
		if (fast_word(f, "true", 4))
			return (s->pin = true);
		return fast_word(f, "false", 5);
	case FS_CHECKSUMS:
		return fast_strvec(f, &s->checksums);
	case FS_COMMIT:
		return fast_str(f, &s->commit);
	case FS_MIRRORS:
		return fast_strvec(f, &s->mirrors);
	case FS_PATCHES:
		return fast_patches(f, s);
	default:
		return fast_strvec(f, &s->packages);
	}
}

/* The array of "packages" (or of "sources") at f->p, appended to f->lock. */
static bool fast_lock_array(struct fast *f, bool sources)
{
	switch (fast_open(f, '[', ']')) {
	case -1:
		return false;
	case 0:
		return true;
	}
	for (size_t n = 1;; n++) {
		unsigned seen;

		if (n > ML_LOCK_MAX_ITEMS)
			return false;
		if (sources) {
			struct ml_lock_source *s = ml_lock_add_source(f->lock);

			/* what read_sources requires: dir, url, packages, and checksums
			 * unless a commit */
			if (!fast_members(f, fast_source_keys, &seen, fast_source_member, s) ||
			    !(seen & (1u << FS_DIR)) || !(seen & (1u << FS_URL)) ||
			    !(seen & (1u << FS_PACKAGES)) ||
			    !(seen & (1u << FS_CHECKSUMS | 1u << FS_COMMIT)))
				return false;
		} else {
			struct ml_lock_package *p = ml_lock_add_package(f->lock);

			/* what read_packages requires: name, version, dir; a reason exactly
			 * when dir is null */
			if (!fast_members(f, fast_package_keys, &seen, fast_package_member, p) ||
			    !(seen & (1u << FP_NAME)) || !(seen & (1u << FP_VERSION)) ||
			    !(seen & (1u << FP_DIR)) || !p->dir != !!(seen & (1u << FP_REASON)))
				return false;
		}
		switch (fast_next(f, ']')) {
		case 0:
			return true;
		case -1:
			return false;
		}
	}
}

/* fast_json, with "packages" and "sources" read into lock (when not NULL) instead. */
static json_t *fast_json(const char *data, size_t len, struct ml_lock *lock)
{
	struct fast f = { (const unsigned char *)data,
			  (const unsigned char *)data + len,
			  ML_BUF_INIT,
			  lock,
			  false,
			  false };
	json_t *root = NULL;

	fast_ws(&f);
	if (f.p < f.end && *f.p == '{')
		root = fast_value(&f, 0);
	fast_ws(&f);
	/* without either list, read_root says it is missing */
	if (root && (f.p != f.end || (lock && (!f.packages || !f.sources)))) {
		json_decref(root);
		root = NULL;
	}
	ml_buf_release(&f.str);
	return root;
}

json_t *ml_lockfile_fast_json(const char *data, size_t len)
{
	return fast_json(data, len, NULL);
}

/* With `fast`, the readers above first (what they read is what jansson's path would). */
static int parse(struct ml_lock **out, const char *path, const char *data, size_t len, bool fast,
		 struct ml_error *err)
{
	struct reader r = { path, err };
	struct ml_lock *lock = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	bool direct = false; /* packages and sources already in lock */
	int ret;

	if (len > ML_LOCKFILE_MAX_SIZE) {
		ret = ml_error_setat(err, ML_EPARSE, path, 0, 0, "larger than %u bytes",
				     ML_LOCKFILE_MAX_SIZE);
		goto out;
	}
	if (len == 0) {
		ret = ml_error_setat(err, ML_EPARSE, path, 0, 0, "empty lock file");
		goto out;
	}
	lock = ml_lock_new();
	if (fast)
		root = fast_json(data, len, lock);
	direct = root != NULL;
	if (!root) {
		/* what a fast reader gave up on is read afresh */
		ml_lock_free(lock);
		lock = ml_lock_new();
		root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	}
	if (!root) {
		ret = ml_error_setat(err, ML_EPARSE, path, jerr.line > 0 ? jerr.line : 0,
				     jerr.column > 0 ? jerr.column : 0, "invalid JSON: %s",
				     jerr.text);
		goto out;
	}
	if (!json_is_object(root)) {
		ret = ml_error_setat(err, ML_EPARSE, path, 1, 1, "expected a JSON object, not %s",
				     type_name(root));
		goto out;
	}
	ret = read_root(&r, root, lock, direct);
	if (ret < 0)
		goto out;
	ret = ml_lock_validate_sort(lock, path, err);
	if (ret < 0)
		goto out;
	*out = lock;
	lock = NULL;
out:
	ml_lock_free(lock);
	json_decref(root);
	return ret;
}

int ml_lockfile_parse(struct ml_lock **out, const char *path, const char *data, size_t len,
		      struct ml_error *err)
{
	return parse(out, path, data, len, true, err);
}

int ml_lockfile_parse_jansson(struct ml_lock **out, const char *path, const char *data, size_t len,
			      struct ml_error *err)
{
	return parse(out, path, data, len, false, err);
}

int ml_lockfile_read(struct ml_lock **out, const char *path, struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	ret = ml_fs_read(&b, path, ML_LOCKFILE_MAX_SIZE, err);
	if (ret == 0)
		ret = ml_lockfile_parse(out, path, b.buf, b.len, err);
	ml_buf_release(&b);
	return ret;
}

/* ---- writing ---- */

int ml_lockfile_write_bytes(bool *changed, const char *path, const char *data, size_t len,
			    struct ml_error *err)
{
	struct ml_buf old = ML_BUF_INIT;
	struct ml_error ignored = ML_ERROR_INIT;
	int ret = 0;

	/* A file we cannot read (missing, too big, unreadable) is simply rewritten. */
	if (ml_fs_read(&old, path, len, &ignored) == 0 && old.len == len &&
	    memcmp(old.buf, data, len) == 0) {
		if (changed)
			*changed = false;
		goto out;
	}
	ret = ml_fs_write_atomic(path, data, len, 0644, err);
	if (ret == 0 && changed)
		*changed = true;
out:
	ml_error_release(&ignored);
	ml_buf_release(&old);
	return ret;
}

/* The first line where a and b differ (a copy of a's, cut at 200 bytes), or NULL. */
static char *first_different_line(const struct ml_buf *a, const struct ml_buf *b)
{
	const char *p = a->buf, *q = b->buf, *eol;
	size_t n;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	if (!*p && !*q)
		return NULL;
	while (p > a->buf && p[-1] != '\n')
		p--;
	while (*p == ' ')
		p++;
	eol = strchr(p, '\n');
	n = eol ? (size_t)(eol - p) : strlen(p);
	return ml_strndup(p, n > 200 ? 200 : n);
}

int ml_lockfile_render_checked(struct ml_buf *out, const char *path, const struct ml_lock *lock,
			       bool opam, struct ml_error *err)
{
	return ml_lockfile_render_checked_prev(out, path, lock, opam, NULL, NULL, 0, err);
}

int ml_lockfile_render_checked_prev(struct ml_buf *out, const char *path,
				    const struct ml_lock *lock, bool opam,
				    const struct ml_lock *prev, const char *prev_text,
				    size_t prev_len, struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	struct ml_buf text = ML_BUF_INIT, want = ML_BUF_INIT, got = ML_BUF_INIT;
	struct ml_lock *back = NULL;
	char *line = NULL;
	int ret;

	ret = ml_lock_validate(lock, path, &sub);
	if (ret == 0)
		ret = ml_lock_check_fetchable(lock, path, &sub);
	if (ret < 0)
		goto fail;
	if (opam)
		ml_lockfile_opam_render(&text, lock);
	else
		ml_lockfile_render(&text, lock);
	/* the very text prev was read from: the reader is deterministic, it would give prev */
	if (prev && prev_text && text.len == prev_len && memcmp(text.buf, prev_text, prev_len) == 0)
		ret = 0;
	else if (opam)
		ret = ml_lockfile_opam_parse(&back, path, text.buf, text.len, &sub);
	else
		ret = ml_lockfile_parse(&back, path, text.buf, text.len, &sub);
	if (ret < 0)
		goto fail;
	if (!ml_lock_equal(lock, back ? back : prev)) {
		/* Validation should have caught it: name the first entry that changed. */
		ml_lockfile_render(&want, lock);
		ml_lockfile_render(&got, back ? back : prev);
		line = first_different_line(&want, &got);
		ret = ml_error_setat(err, ML_EPARSE, path, 0, 0,
				     "not written: it would not read back as written (at %s)",
				     line ? line : "?");
		goto out;
	}
	ml_buf_add(out, text.buf, text.len);
	goto out;
fail:
	/* The reader's position is in text never written: only its message helps. */
	ret = ml_error_setat(err, ML_EPARSE, path, 0, 0, "not written: %s",
			     sub.msg ? sub.msg : "invalid lock");
out:
	free(line);
	ml_lock_free(back);
	ml_buf_release(&text);
	ml_buf_release(&want);
	ml_buf_release(&got);
	ml_error_release(&sub);
	return ret;
}

int ml_lockfile_write(bool *changed, const char *path, const struct ml_lock *lock,
		      struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	ret = ml_lockfile_render_checked(&b, path, lock, false, err);
	if (ret < 0)
		goto out;
	ret = ml_lockfile_write_bytes(changed, path, b.buf, b.len, err);
out:
	ml_buf_release(&b);
	return ret;
}

int ml_lockfile_load(struct ml_lock **out, const char *path, struct ml_error *err)
{
	struct ml_buf text = ML_BUF_INIT;
	int ret = ml_lockfile_load_text(out, &text, path, err);

	ml_buf_release(&text);
	return ret;
}

int ml_lockfile_load_text(struct ml_lock **out, struct ml_buf *text, const char *path,
			  struct ml_error *err)
{
	struct stat st;
	bool opam = ml_ends_with(path, ML_LOCKFILE_OPAM_SUFFIX);
	int ret;

	/* the usual first mistake gets the next step, not an errno */
	if (lstat(path, &st) < 0 && errno == ENOENT) {
		const char *slash = strrchr(path, '/');
		char *dir =
		    slash ? ml_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;

		if (dir && lstat(dir, &st) < 0)
			ret = ml_error_set(err, ML_ENOTFOUND, "%s: directory '%s' does not exist",
					   path, dir);
		else
			ret =
			    ml_error_set(err, ML_ENOTFOUND,
					 "%s: no lock file here: run `monolock lock` first", path);
		free(dir);
		return ret;
	}
	/* as ml_lockfile_opam_read and ml_lockfile_read, keeping the text */
	ret = ml_fs_read(text, path, opam ? ML_OPAM_MAX_FILE_SIZE : ML_LOCKFILE_MAX_SIZE, err);
	if (ret == 0)
		ret = opam ? ml_lockfile_opam_parse(out, path, text->buf, text->len, err)
			   : ml_lockfile_parse(out, path, text->buf, text->len, err);
	return ret;
}

int ml_lockfile_locate(char **out, const char *path, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT, found = ML_STRVEC_INIT;
	struct ml_buf list = ML_BUF_INIT;
	struct stat st;
	int ret = 0;

	*out = NULL;
	if (strcmp(path, ML_LOCKFILE_NAME) || lstat(path, &st) == 0 || errno != ENOENT)
		return 0;
	if (ml_fs_list_dir(&names, ".", NULL))
		goto out;
	for (size_t i = 0; i < names.n; i++)
		if (ml_ends_with(names.v[i], ML_LOCKFILE_OPAM_SUFFIX) &&
		    strlen(names.v[i]) > strlen(ML_LOCKFILE_OPAM_SUFFIX) &&
		    stat(names.v[i], &st) == 0 && S_ISREG(st.st_mode))
			ml_strvec_push(&found, names.v[i]);
	if (found.n == 1) {
		*out = ml_strdup(found.v[0]);
		goto out;
	}
	if (!found.n)
		goto out;
	ml_strvec_sort_uniq(&found);
	for (size_t i = 0; i < found.n && i < 20; i++)
		ml_buf_addf(&list, "%s%s", i ? ", " : "", found.v[i]);
	if (found.n > 20)
		ml_buf_addf(&list, " and %zu more", found.n - 20);
	ret = ml_error_set(err, ML_EUSAGE,
			   "no %s, and %zu opam-monorepo locks: %s; choose one with --lockfile "
			   "FILE (or write %s with `monolock lock`)",
			   ML_LOCKFILE_NAME, found.n, list.buf, ML_LOCKFILE_NAME);
out:
	ml_buf_release(&list);
	ml_strvec_release(&found);
	ml_strvec_release(&names);
	return ret;
}
