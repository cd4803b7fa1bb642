/* JSON documents of tree, sbom, outdated and cache (see repro.h); jansson stays here. */
#include "repro.h"
#include "lib/cache_list.h"
#include "lib/outdated.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Appends the JSON text of v (2-space indent, final newline) and drops v. */
static void dump(struct ml_buf *out, json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	/* json_dumps fails only on allocation failure or invalid UTF-8 (a lock holds none) */
	if (s) {
		ml_buf_adds(out, s);
		ml_buf_addc(out, '\n');
	}
	free(s);
	json_decref(v);
}

/* A JSON string, null for NULL; text that is not UTF-8 (never in a validated lock) is "". */
static json_t *jstrz(const char *s)
{
	json_t *v;

	if (!s)
		return json_null();
	v = json_string(s);
	return v ? v : json_string("");
}

void ml_report_tree(struct ml_buf *out, const struct ml_tree *t, bool inverted)
{
	const char *key = inverted ? "dependents" : "dependencies";
	json_t *root = json_object(), *tops = json_array();
	json_t **stack = ml_calloc(t->n + 1, sizeof(*stack)); /* children array per depth */

	json_object_set_new(root, "inverted", json_boolean(inverted));
	stack[0] = tops;
	for (size_t i = 0; i < t->n; i++) {
		const struct ml_tree_line *l = &t->lines[i];
		json_t *node = json_object(), *kids = json_array();

		json_object_set_new(node, "name", jstrz(l->name));
		json_object_set_new(node, "version", jstrz(l->version));
		json_object_set_new(node, "dir", jstrz(l->dir));
		if (!l->dir && l->reason)
			json_object_set_new(node, "reason", jstrz(l->reason));
		json_object_set_new(node, "repeat", json_boolean(l->repeat));
		json_object_set_new(node, "cut", json_boolean(l->cut));
		json_object_set(node, key, kids);
		/* lines come depth first: a line of depth d is a child of the last line of d - 1 */
		json_array_append_new(stack[l->depth], node);
		stack[l->depth + 1] = kids;
		json_decref(kids);
	}
	json_object_set_new(root, "tree", tops);
	free(stack);
	dump(out, root);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct ml_cache_entry *const *)a)->rel,
		      (*(const struct ml_cache_entry *const *)b)->rel);
}

void ml_report_cache_ls(struct ml_buf *out, const char *dir, const struct ml_cache_listing *l)
{
	json_t *root = json_object(), *kinds = json_object(), *entries = json_array();
	const struct ml_cache_entry **v = ml_calloc(l->n + 1, sizeof(*v));

	json_object_set_new(root, "dir", jstrz(dir));
	for (int k = 0; k < ML_CACHE_NKINDS; k++) {
		json_t *o = json_object();

		json_object_set_new(o, "entries", json_integer((json_int_t)l->count[k]));
		json_object_set_new(o, "bytes", json_integer((json_int_t)l->size[k]));
		json_object_set_new(o, "oldest_use",
				    l->oldest[k] == INT64_MAX
					? json_null()
					: json_integer((json_int_t)l->oldest[k]));
		json_object_set_new(kinds, ml_cache_kind_name(k), o);
	}
	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	qsort(v, l->n, sizeof(*v), entry_cmp);
	for (size_t i = 0; i < l->n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "kind", json_string(ml_cache_kind_name(v[i]->kind)));
		json_object_set_new(e, "path", jstrz(v[i]->rel));
		json_object_set_new(e, "bytes", json_integer((json_int_t)v[i]->size));
		json_object_set_new(e, "used", json_integer((json_int_t)v[i]->used));
		json_array_append_new(entries, e);
	}
	free(v);
	json_object_set_new(root, "kinds", kinds);
	json_object_set_new(root, "entries", entries);
	dump(out, root);
}

void ml_report_outdated(struct ml_buf *out, const struct ml_outdated *v, size_t n,
			const struct ml_strvec *warnings)
{
	json_t *root = json_object(), *pkgs = json_array(), *warns = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *p = json_object(), *blocks = json_array();

		json_object_set_new(p, "name", jstrz(v[i].name));
		json_object_set_new(p, "locked", jstrz(v[i].locked));
		json_object_set_new(p, "latest", jstrz(v[i].latest));
		json_object_set_new(p, "allowed", jstrz(v[i].allowed));
		for (size_t j = 0; j < v[i].nblocks; j++) {
			json_t *b = json_object();

			json_object_set_new(b, "package", jstrz(v[i].blocks[j].by));
			json_object_set_new(b, "version", jstrz(v[i].blocks[j].by_version));
			json_object_set_new(b, "constraint", jstrz(v[i].blocks[j].constraint));
			json_object_set_new(b, "file", jstrz(v[i].blocks[j].file));
			json_array_append_new(blocks, b);
		}
		json_object_set_new(p, "blocked_by", blocks);
		json_array_append_new(pkgs, p);
	}
	for (size_t i = 0; warnings && i < warnings->n; i++)
		json_array_append_new(warns, jstrz(warnings->v[i]));
	json_object_set_new(root, "packages", pkgs);
	json_object_set_new(root, "warnings", warns);
	dump(out, root);
}
