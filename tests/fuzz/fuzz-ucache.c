/*
 * The reader of the parsed-file cache (lib/ucache.c). A cache file's contents are not
 * trusted (another process, a full disk, a hostile user may have written it), and its
 * checksum is no defence against a forged one: the harness makes the header, the checksum
 * and the key right, so the input is the body the decoder reads. Every tree the cache gives
 * must be one a parse could have given: it prints as opam text that parses back to an equal
 * tree, its formulas evaluate without crashing, and put -> save -> open -> get returns it.
 */
#include "fuzz.h"
#include "fsutil.h"

#include <string.h>

#include "lib/ml.h"
#include "lib/ucache.h"

#define KEY "fuzz-key"

static char root[PATH_MAX];

static void cleanup(void)
{
	if (root[0])
		fz_remove_at(AT_FDCWD, root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_mkdtemp(root, sizeof(root), "ucache");
	atexit(cleanup);
	return 0;
}

/* The cache's framing, read again here to learn the relpaths and stamps it holds. */
struct rd {
	const uint8_t *p, *end;
	bool bad;
};

static uint64_t get_uv(struct rd *r)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		v |= (uint64_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

static char *get_str(struct rd *r)
{
	uint64_t n = get_uv(r);
	char *s;

	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	s = ml_strndup((const char *)r->p, (size_t)n);
	r->p += n;
	return s;
}

static void put_uv(struct ml_buf *b, uint64_t v)
{
	while (v >= 0x80) {
		ml_buf_addc(b, (char)(v | 0x80));
		v >>= 7;
	}
	ml_buf_addc(b, (char)v);
}

static void check_tree(const struct ml_opam_file *f, uint64_t stamp)
{
	struct ml_buf text = ML_BUF_INIT;
	struct ml_opam_file *g = NULL, *h = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_ucache *c;
	void *aux = NULL;
	int ret;

	ml_opam_print(&text, f);
	ret = ml_opam_parse(&g, "printed.opam", text.buf, text.len, &err);
	FZ_CHECK(ret == 0, "a cached tree prints as text that does not parse: %d:%d: %s\n%s",
		 err.line, err.col, err.msg, text.buf);
	FZ_CHECK(ml_opam_file_equal(f, g), "a cached tree reparses different:\n%s", text.buf);
	for (size_t i = 0; i < f->nitems; i++) {
		struct ml_vars *vars = ml_vars_new();
		struct ml_filter_env env = { vars, "self", "1.0", NULL, NULL };
		struct ml_formula *fo = NULL;
		struct ml_fval fv;

		if (f->items[i]->kind == ML_OPAM_FIELD) {
			ml_filter_eval(&fv, f->items[i]->value, &env);
			if (ml_formula_eval(&fo, f->items[i]->value, ML_LIST_AND, &env, "c.opam",
					    &err) == 0)
				ml_formula_free(fo);
			ml_error_release(&err);
		}
		ml_vars_free(vars);
	}
	/* and through the encoder: what was put comes back */
	c = ml_ucache_open(root, "again", KEY);
	ml_ucache_put(c, "packages/x/x.1/opam", stamp, f);
	FZ_CHECK(ml_ucache_save(c, &err) == 0, "cannot save: %s", err.msg);
	ml_ucache_free(c);
	c = ml_ucache_open(root, "again", KEY);
	FZ_CHECK(ml_ucache_get(&h, &aux, c, "packages/x/x.1/opam", stamp, "x.opam") == 0,
		 "a saved tree is not found again");
	FZ_CHECK(ml_opam_file_equal(f, h), "a saved tree reads back different");
	ml_opam_file_free(h);
	ml_ucache_aux_free(aux);
	ml_ucache_free(c);
	ml_opam_file_free(g);
	ml_buf_release(&text);
	ml_error_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_ucache *c = ml_ucache_open(root, "fuzz", KEY);
	struct ml_buf body = ML_BUF_INIT, file = ML_BUF_INIT;
	char *path = ml_strdup(ml_ucache_path(c)), *slash;
	struct rd r = { data, data + size, false };
	uint64_t sum, n;

	ml_ucache_free(c);
	put_uv(&body, strlen(KEY));
	ml_buf_adds(&body, KEY);
	ml_buf_add(&body, data, size);
	sum = ml_ucache_hash(body.buf, body.len, 0x5ca1ab1eULL);
	ml_buf_adds(&file, "MLUCACHE2\n");
	ml_buf_add(&file, &sum, sizeof(sum));
	ml_buf_add(&file, body.buf, body.len);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (ml_fs_mkdirs(path, 0755, NULL) != 0)
		abort();
	*slash = '/';
	fz_write(path, file.buf, file.len);

	c = ml_ucache_open(root, "fuzz", KEY);
	n = get_uv(&r);
	for (uint64_t i = 0; i < n && i < 64 && !r.bad; i++) {
		char *relpath = get_str(&r), *blob;
		uint64_t stamp = r.bad ? 0 : get_uv(&r);
		struct ml_opam_file *f = NULL;
		void *aux = NULL;

		blob = r.bad ? NULL : get_str(&r);
		if (relpath && blob &&
		    ml_ucache_get(&f, &aux, c, relpath, stamp, "cached.opam") == 0) {
			check_tree(f, stamp);
			ml_opam_file_free(f);
			ml_ucache_aux_free(aux);
		}
		free(relpath);
		free(blob);
	}
	ml_ucache_free(c);
	unlink(path);
	free(path);
	ml_buf_release(&body);
	ml_buf_release(&file);
	return 0;
}
