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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_mkdtemp(root, sizeof(root), "ucache");
	return 0;
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
	struct ml_buf file = ML_BUF_INIT;
	char *path = ml_strdup(ml_ucache_path(c)), *slash;
	const char *relpath;
	uint64_t stamp;
	/* the first byte says where the index ends and the trees begin */
	size_t ilen = size ? (size_t)data[0] * (size - 1) / 255 : 0;

	ml_ucache_free(c);
	ml_ucache_frame(&file, KEY, data + (size ? 1 : 0), ilen, data + (size ? 1 : 0) + ilen,
			size ? size - 1 - ilen : 0);
	slash = strrchr(path, '/');
	*slash = '\0';
	if (ml_fs_mkdirs(path, 0755, NULL) != 0)
		abort();
	*slash = '/';
	fz_write(path, file.buf, file.len);

	c = ml_ucache_open(root, "fuzz", KEY);
	for (size_t i = 0; i < 64 && ml_ucache_loaded(c, i, &relpath, &stamp); i++) {
		static const char *const keep[] = { "depends", "url", "f" };
		static const char *const probe[] = { "build", "g" };
		struct ml_ucache_view view = { keep, 2 + (i & 1), probe, 2, 0, NULL };
		struct ml_opam_file *f = NULL;
		void *aux = NULL;

		if (ml_ucache_get(&f, &aux, c, relpath, stamp, "cached.opam") == 0) {
			check_tree(f, stamp);
			ml_opam_file_free(f);
			ml_ucache_aux_free(aux);
		}
		/* a view (what a lock rebuilds) reads bodies it skips only by their length */
		if (ml_ucache_get_view(&f, &aux, c, relpath, stamp, "cached.opam", &view) == 0) {
			check_tree(f, stamp);
			ml_opam_file_free(f);
			ml_ucache_aux_free(aux);
		}
	}
	ml_ucache_free(c);
	unlink(path);
	free(path);
	ml_buf_release(&file);
	return 0;
}
