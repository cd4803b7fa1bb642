/* The JSON reports of `lock --json` and `list --json`. */
#include "lockfile.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void dump_lock_report(struct ml_buf *out, json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s) {
		ml_buf_adds(out, s);
		ml_buf_addc(out, '\n');
	}
	free(s);
	json_decref(v);
}

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

	for (size_t i = 0; i < lock->npackages; i++)
		json_array_append_new(pkgs, package_object(&lock->packages[i]));
	json_object_set_new(root, "packages", pkgs);
	dump_lock_report(out, root);
}

void ml_report_lock_result(struct ml_buf *out, const struct ml_lock *lock,
			   const struct ml_lock *prev, const char *path, bool changed)
{
	json_t *root = json_object(), *pkgs = json_array(), *removed = json_array();

	json_object_set_new(root, "lockfile", json_string(path));
	json_object_set_new(root, "changed", json_boolean(changed));
	json_object_set_new(root, "sources", json_integer((json_int_t)lock->nsources));
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];
		const struct ml_lock_package *q = prev ? ml_lock_find_package(prev, p->name) : NULL;
		json_t *o = package_object(p);
		const char *change = "added";

		if (q) {
			int c = ml_version_cmp(p->version, q->version);

			change = c > 0 ? "upgraded" : c < 0 ? "downgraded" : "unchanged";
		}
		json_object_set_new(o, "change", json_string(change));
		json_object_set_new(o, "previous", str_or_null(q ? q->version : NULL));
		json_array_append_new(pkgs, o);
	}
	for (size_t i = 0; prev && i < prev->npackages; i++) {
		const struct ml_lock_package *q = &prev->packages[i];
		json_t *o;

		if (ml_lock_find_package(lock, q->name))
			continue;
		o = json_object();
		json_object_set_new(o, "name", json_string(q->name));
		json_object_set_new(o, "version", json_string(q->version));
		json_array_append_new(removed, o);
	}
	json_object_set_new(root, "packages", pkgs);
	json_object_set_new(root, "removed", removed);
	dump_lock_report(out, root);
}
