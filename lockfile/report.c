/* The JSON reports of commands (--json): cmd/ hands over C values, jansson stays here. */
#include "lockfile.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Appends the JSON text of v (2-space indent, final newline) and drops v. */
static void dump(struct ml_buf *out, json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	/* json_dumps fails only on allocation failure or invalid UTF-8 (never built here) */
	if (s) {
		ml_buf_adds(out, s);
		ml_buf_addc(out, '\n');
	}
	free(s);
	json_decref(v);
}

/* A JSON string of text that may not be UTF-8: then every non-ASCII byte becomes U+FFFD. */
static json_t *jstr(const char *s, size_t len)
{
	json_t *v = json_stringn(s, len);
	struct ml_buf b = ML_BUF_INIT;

	if (v)
		return v;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x80)
			ml_buf_addc(&b, s[i]);
		else
			ml_buf_adds(&b, "\xef\xbf\xbd");
	}
	v = json_stringn(b.buf, b.len);
	ml_buf_release(&b);
	return v ? v : json_string("");
}

static json_t *jstrz(const char *s)
{
	return s ? jstr(s, strlen(s)) : json_null();
}

void ml_report_repo_check(struct ml_buf *out, size_t npackages, size_t nversions,
			  const struct ml_error *errors, size_t nerrors)
{
	json_t *root = json_object();
	json_t *arr = json_array();

	json_object_set_new(root, "packages", json_integer((json_int_t)npackages));
	json_object_set_new(root, "versions", json_integer((json_int_t)nversions));
	for (size_t i = 0; i < nerrors; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "file", jstrz(errors[i].path));
		json_object_set_new(e, "line", json_integer(errors[i].line));
		json_object_set_new(e, "col", json_integer(errors[i].col));
		json_object_set_new(e, "message", jstrz(errors[i].msg ? errors[i].msg : "error"));
		json_array_append_new(arr, e);
	}
	json_object_set_new(root, "errors", arr);
	dump(out, root);
}

void ml_report_versions(struct ml_buf *out, const char *name, const char *const *versions, size_t n)
{
	json_t *root = json_object();
	json_t *arr = json_array();

	json_object_set_new(root, "name", jstrz(name));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, jstrz(versions[i]));
	json_object_set_new(root, "versions", arr);
	dump(out, root);
}

/* A value as JSON: typed where it is data, its opam text where it is an expression. */
static json_t *typed(const struct ml_opam_value *v)
{
	struct ml_buf b = ML_BUF_INIT;
	json_t *j;

	switch (v->kind) {
	case ML_OPAM_BOOL:
		return json_boolean(v->b);
	case ML_OPAM_INT:
		return json_integer(v->i);
	case ML_OPAM_STRING:
		j = json_stringn(v->s, v->len);
		return j ? j : json_string("(not UTF-8)");
	case ML_OPAM_IDENT:
		return json_string(v->s);
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		j = json_array();
		for (size_t i = 0; i < v->nitems; i++)
			json_array_append_new(j, typed(v->items[i]));
		return j;
	case ML_OPAM_OPTION:
		for (size_t i = 0; i < v->nitems; i++) {
			if (i)
				ml_buf_addc(&b, ' ');
			ml_opam_print_value(&b, v->items[i]);
		}
		j = json_pack("{soss}", "value", typed(v->a), "filter", b.len ? b.buf : "");
		ml_buf_release(&b);
		return j;
	default:
		ml_opam_print_value(&b, v);
		j = json_string(b.len ? b.buf : "");
		ml_buf_release(&b);
		return j;
	}
}

static json_t *items_object(struct ml_opam_item *const *items, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; i < n; i++) {
		const struct ml_opam_item *it = items[i];

		if (it->kind == ML_OPAM_FIELD) {
			json_object_set_new(o, it->name, typed(it->value));
		} else {
			char *key = it->label ? ml_xasprintf("%s \"%s\"", it->name, it->label)
					      : ml_strdup(it->name);

			json_object_set_new(o, key, items_object(it->items, it->nitems));
			free(key);
		}
	}
	return o;
}

void ml_report_package(struct ml_buf *out, const struct ml_package *p)
{
	json_t *root = json_object();

	json_object_set_new(root, "name", jstrz(p->name));
	json_object_set_new(root, "version", jstrz(p->version));
	json_object_set_new(root, "file", jstrz(p->path));
	json_object_set_new(root, "repository", jstrz(p->repo && p->repo->url ? p->repo->url : ""));
	json_object_set_new(root, "fields",
			    p->file ? items_object(p->file->items, p->file->nitems)
				    : json_object());
	dump(out, root);
}

/* ---- lock results (`lock --json`, `list --json`) ---- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *package_object(const struct ml_lock_package *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "version", json_string(p->version));
	json_object_set_new(o, "dir", str_or_null(p->dir));
	if (!p->dir)
		json_object_set_new(o, "reason", str_or_null(p->reason));
	return o;
}

void ml_report_lock_packages(struct ml_buf *out, const struct ml_lock *lock)
{
	json_t *root = json_object(), *pkgs = json_array();

	json_t *depexts = json_array();

	for (size_t i = 0; i < lock->npackages; i++)
		json_array_append_new(pkgs, package_object(&lock->packages[i]));
	json_object_set_new(root, "packages", pkgs);
	/* the system packages, each entry with the filter under which it applies (null: always) */
	for (size_t i = 0; i < lock->ndepexts; i++) {
		const struct ml_lock_depext *d = &lock->depexts[i];
		json_t *names = json_array();

		for (size_t k = 0; k < d->names.n; k++)
			json_array_append_new(names, jstrz(d->names.v[k]));
		json_array_append_new(
		    depexts, json_pack("{soso}", "names", names, "filter", str_or_null(d->filter)));
	}
	json_object_set_new(root, "depexts", depexts);
	dump(out, root);
}

void ml_report_lock_result(struct ml_buf *out, const struct ml_lock *lock,
			   const struct ml_lock *prev, const char *path, bool changed)
{
	json_t *root = json_object(), *pkgs = json_array(), *removed = json_array();
	json_t *sources = json_array(), *changes = json_array();
	struct ml_lock_delta *d = NULL;
	size_t nd = ml_lock_deltas(&d, lock, prev);

	json_object_set_new(root, "lockfile", json_string(path));
	json_object_set_new(root, "changed", json_boolean(changed));
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];
		const struct ml_lock_package *q = prev ? ml_lock_find_package(prev, p->name) : NULL;
		json_t *o = package_object(p);

		json_object_set_new(o, "change",
				    json_string(ml_lock_change_name(ml_lock_change_of(p, prev))));
		json_object_set_new(o, "previous", str_or_null(q ? q->version : NULL));
		json_array_append_new(pkgs, o);
	}
	for (size_t i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *src = &lock->sources[i];
		json_t *o = json_object();

		json_object_set_new(o, "dir", jstrz(src->dir));
		json_object_set_new(o, "url", jstrz(src->url));
		json_array_append_new(sources, o);
	}
	/* every difference from the previous lock, in the order `lock` prints them */
	for (size_t i = 0; i < nd; i++) {
		json_t *o = json_object();
		bool source = d[i].change == ML_LOCK_SOURCE_CHANGED;

		json_object_set_new(o, "change", json_string(ml_lock_change_name(d[i].change)));
		json_object_set_new(o, source ? "dir" : "name", jstrz(d[i].name));
		json_object_set_new(o, source ? "from_url" : "from", jstrz(d[i].from));
		json_object_set_new(o, source ? "to_url" : "to", jstrz(d[i].to));
		if (source)
			json_object_set_new(o, "checksums_changed", json_boolean(d[i].checksums));
		json_array_append_new(changes, o);
		if (d[i].change == ML_LOCK_REMOVED) {
			o = json_object();
			json_object_set_new(o, "name", jstrz(d[i].name));
			json_object_set_new(o, "version", jstrz(d[i].from));
			json_array_append_new(removed, o);
		}
	}
	json_object_set_new(root, "packages", pkgs);
	json_object_set_new(root, "removed", removed);
	json_object_set_new(root, "sources", sources);
	json_object_set_new(root, "changes", changes);
	free(d);
	dump(out, root);
}

void ml_report_lock_check(struct ml_buf *out, const char *path, bool holds,
			  const struct ml_strvec *reasons)
{
	json_t *root = json_object(), *a = json_array();

	for (size_t i = 0; i < reasons->n; i++)
		json_array_append_new(a, json_string(reasons->v[i]));
	json_object_set_new(root, "lockfile", json_string(path));
	json_object_set_new(root, "holds", json_boolean(holds));
	json_object_set_new(root, "reasons", a);
	dump(out, root);
}

/* A directory that is what the lock wants, as pull left it (patches included). */
static bool dir_identical(const struct ml_ws_dir_status *d)
{
	return d->state == ML_WS_CLEAN || d->state == ML_WS_PATCHED;
}

void ml_report_status(struct ml_buf *out, const char *root, const struct ml_ws_status *st,
		      bool verify)
{
	json_t *top = json_object(), *dirs = json_array();
	bool identical = true;

	json_object_set_new(top, "workspace", jstrz(root));
	for (size_t i = 0; i < st->ndirs; i++) {
		const struct ml_ws_dir_status *d = &st->dirs[i];
		json_t *o = json_object(), *files = json_array();

		identical = identical && dir_identical(d);
		json_object_set_new(o, "dir", jstrz(d->dir));
		json_object_set_new(o, "state", jstrz(ml_ws_state_name(d->state)));
		json_object_set_new(o, "in_lock", json_boolean(d->wanted));
		if (d->link)
			json_object_set_new(o, "link", jstrz(d->link));
		for (size_t k = 0; k < d->nedits; k++) {
			const struct ml_ws_edit *e = &st->edits.edits[d->first_edit + k];
			json_t *f = json_object();

			json_object_set_new(f, "path", jstrz(e->path));
			json_object_set_new(f, "change", jstrz(ml_ws_edit_kind_name(e->kind)));
			json_array_append_new(files, f);
		}
		json_object_set_new(o, "files", files);
		json_array_append_new(dirs, o);
	}
	if (verify)
		json_object_set_new(top, "identical", json_boolean(identical));
	json_object_set_new(top, "directories", dirs);
	dump(out, top);
}
