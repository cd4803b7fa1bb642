/* Unit tests for lib/ucache: the cache of parsed repositories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/ml.h"
#include "lib/ucache.h"

static const char sample[] =
    "opam-version: \"2.0\"\n"
    "depends: [\n"
    "  \"ocaml\" {>= \"4.08\" & < \"5.0\"}\n"
    "  (\"a\" | \"b\" {with-test}) \"c\" {!build & ?x}\n"
    "  \"d\" {= version}\n"
    "]\n"
    "available: os != \"win32\" & arch = \"x86_64\"\n"
    "flags: [avoid-version compiler]\n"
    "build: [[\"dune\" \"build\" \"-p\" name \"-j\" jobs] [\"x\"] {with-test}]\n"
    "x-int: -42\n"
    "x-bool: true\n"
    "setenv: [FOO += \"bar\"]\n"
    "x-esc: \"a\\000b\\n\"\n"
    "url {\n  src: \"https://h/a.tgz\"\n  checksum: [\"sha256=00\" \"md5=11\"]\n}\n"
    "extra-source \"p.patch\" {\n  src: \"https://h/p\"\n}\n";

static char *tmpdir(void)
{
	char *d = ml_strdup("/tmp/test-ucache.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static struct ml_opam_file *parse(const char *path)
{
	struct ml_opam_file *f = NULL;
	struct ml_error err = ML_ERROR_INIT;

	assert_int_equal(ml_opam_parse(&f, path, sample, strlen(sample), &err), 0);
	return f;
}

/* Positions are kept: warnings name file:line:col from a cached tree as from a parse. */
static void same_positions(const struct ml_opam_value *a, const struct ml_opam_value *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->op, b->op);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++)
		same_positions(a->items[i], b->items[i]);
	if (a->a)
		same_positions(a->a, b->a);
	if (a->b2)
		same_positions(a->b2, b->b2);
}

/* Writes a cache holding sample as "packages/a/a.1/opam" under key; returns the root. */
static char *write_cache(const char *key, char **file)
{
	char *root = tmpdir();
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", key);
	struct ml_opam_file *f = parse("r/packages/a/a.1/opam");
	struct ml_error err = ML_ERROR_INIT;

	assert_int_equal(ml_ucache_count(c), 0);
	ml_ucache_put(c, "packages/a/a.1/opam", 77, f);
	assert_int_equal(ml_ucache_save(c, &err), 0);
	*file = ml_strdup(ml_ucache_path(c));
	ml_ucache_free(c);
	ml_opam_file_free(f);
	return root;
}

static void cleanup(char *root, char *file)
{
	ml_fs_remove_tree(root, NULL);
	free(root);
	free(file);
}

static void roundtrip_gives_an_equal_tree(void **state)
{
	char *file, *root = write_cache("k1", &file);
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");
	struct ml_opam_file *f = parse("r/packages/a/a.1/opam"), *g = NULL;
	void *aux = NULL;

	(void)state;
	assert_int_equal(ml_ucache_count(c), 1);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 77, "shown/opam"), 0);
	assert_true(ml_opam_file_equal(f, g));
	assert_string_equal(g->path, "shown/opam");
	assert_int_equal(f->nitems, g->nitems);
	for (size_t i = 0; i < f->nitems; i++) {
		assert_int_equal(f->items[i]->line, g->items[i]->line);
		assert_int_equal(f->items[i]->col, g->items[i]->col);
		if (f->items[i]->value)
			same_positions(f->items[i]->value, g->items[i]->value);
	}
	assert_string_equal(ml_opam_section_field(ml_opam_section(g, "url"), "src")->s,
			    "https://h/a.tgz");
	assert_int_equal(ml_opam_field(g, "x-esc")->len, 4);
	assert_int_equal(ml_opam_field(g, "x-int")->i, -42);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/b/b.1/opam", 77, "x"), ML_ENOTFOUND);
	ml_opam_file_free(g);
	ml_ucache_aux_free(aux);
	ml_opam_file_free(f);
	ml_ucache_free(c);
	cleanup(root, file);
}

static void another_key_is_ignored_and_replaced(void **state)
{
	char *file, *root = write_cache("k1", &file);
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k2");
	struct ml_opam_file *f = parse("p"), *g = NULL;
	void *aux = NULL;

	(void)state;
	assert_int_equal(ml_ucache_count(c), 0);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 77, "p"), ML_ENOTFOUND);
	ml_ucache_put(c, "packages/z/z.1/opam", 5, f);
	assert_int_equal(ml_ucache_save(c, NULL), 0);
	ml_ucache_free(c);
	/* the file now holds k2's parses only */
	c = ml_ucache_open(root, "dir:/x", "k2");
	assert_int_equal(ml_ucache_count(c), 1);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/z/z.1/opam", 5, "p"), 0);
	ml_opam_file_free(g);
	ml_ucache_aux_free(aux);
	ml_ucache_free(c);
	c = ml_ucache_open(root, "dir:/x", "k1");
	assert_int_equal(ml_ucache_count(c), 0);
	ml_ucache_free(c);
	ml_opam_file_free(f);
	cleanup(root, file);
}

static void loaded_and_added_are_merged(void **state)
{
	char *file, *root = write_cache("k1", &file);
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");
	struct ml_opam_file *f = parse("p");

	(void)state;
	ml_ucache_put(c, "packages/b/b.1/opam", 5, f);
	ml_ucache_put(c, "packages/a/a.1/opam", 77, f); /* already there: kept once */
	assert_int_equal(ml_ucache_save(c, NULL), 0);
	ml_ucache_free(c);
	c = ml_ucache_open(root, "dir:/x", "k1");
	assert_int_equal(ml_ucache_count(c), 2);
	ml_ucache_free(c);
	ml_opam_file_free(f);
	cleanup(root, file);
}

/* An entry is used only for the file it was parsed from: another stamp is a miss, and the
 * new parse replaces the stale one; a racy file is neither looked up nor stored. */
static void stamps_decide_and_newest_put_wins(void **state)
{
	char *file, *root = write_cache("k1", &file);
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");
	struct ml_opam_file *f = parse("p"), *g = NULL;
	void *aux = NULL;

	(void)state;
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 78, "p"), ML_ENOTFOUND);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", ML_UCACHE_RACY, "p"),
			 ML_ENOTFOUND);
	/* the file changed: its new parse (of "p") is stored under the new stamp */
	ml_ucache_put(c, "packages/a/a.1/opam", 78, f);
	ml_ucache_put(c, "packages/r/r.1/opam", ML_UCACHE_RACY, f);
	assert_int_equal(ml_ucache_save(c, NULL), 0);
	ml_ucache_free(c);
	c = ml_ucache_open(root, "dir:/x", "k1");
	assert_int_equal(ml_ucache_count(c), 1);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 77, "p"), ML_ENOTFOUND);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 78, "p"), 0);
	assert_true(ml_opam_file_equal(f, g));
	ml_opam_file_free(g);
	ml_ucache_aux_free(aux);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/r/r.1/opam", ML_UCACHE_RACY, "p"),
			 ML_ENOTFOUND);
	ml_ucache_free(c);
	ml_opam_file_free(f);
	cleanup(root, file);
}

/* The tree of a.1 in the cache of root, if any: ML_ENOTFOUND for a miss. */
static int get_a(const char *root)
{
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");
	struct ml_opam_file *g = NULL;
	void *aux = NULL;
	int ret = ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 77, "a");

	assert_true(ml_ucache_count(c) <= 1);
	ml_opam_file_free(g);
	ml_ucache_aux_free(aux);
	ml_ucache_free(c);
	return ret;
}

/*
 * Every damaged variant of a valid file is ignored, never trusted, never a crash: a damaged
 * index loads nothing, a damaged or cut tree is a miss when it is asked for.
 */
static void corrupt_or_truncated_files_are_ignored(void **state)
{
	char *file, *root = write_cache("k1", &file);
	struct ml_buf orig = ML_BUF_INIT;

	(void)state;
	assert_int_equal(ml_fs_read(&orig, file, 1 << 20, NULL), 0);
	for (size_t cut = 0; cut < orig.len; cut++) {
		assert_int_equal(ml_fs_write_atomic(file, orig.buf, cut, 0644, NULL), 0);
		assert_int_equal(get_a(root), ML_ENOTFOUND);
	}
	for (size_t i = 0; i < orig.len; i++) {
		orig.buf[i] ^= 0x20;
		assert_int_equal(ml_fs_write_atomic(file, orig.buf, orig.len, 0644, NULL), 0);
		orig.buf[i] ^= 0x20;
		assert_int_equal(get_a(root), ML_ENOTFOUND);
	}
	/* the intact file still loads */
	assert_int_equal(ml_fs_write_atomic(file, orig.buf, orig.len, 0644, NULL), 0);
	{
		struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");

		assert_int_equal(ml_ucache_count(c), 1);
		ml_ucache_free(c);
		assert_int_equal(get_a(root), 0);
	}
	ml_buf_release(&orig);
	cleanup(root, file);
}

/*
 * A cache file with a valid checksum is still not trusted (the checksum is no signature):
 * it holds `blob` as the one file's serialised items. What get gives, if anything.
 */
static int get_forged(const unsigned char *blob, size_t len)
{
	char *root = tmpdir();
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k");
	struct ml_buf body = ML_BUF_INIT, file = ML_BUF_INIT;
	struct ml_opam_file *f = NULL;
	void *aux = NULL;
	uint64_t sum;
	char *path = ml_strdup(ml_ucache_path(c)), *dir = ml_strdup(path);
	int ret;

	ml_ucache_free(c);
	ml_buf_add(&body, "\x01\x01x\x05\x00", 5); /* 1 file "x", stamp 5, at 0 */
	ml_buf_addc(&body, (char)len);
	sum = ml_ucache_tree_sum(blob, len);
	ml_buf_add(&body, &sum, sizeof(sum));
	ml_ucache_frame(&file, "k", body.buf, body.len, blob, len);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(ml_fs_mkdirs(dir, 0755, NULL), 0);
	assert_int_equal(ml_fs_write_atomic(path, file.buf, file.len, 0644, NULL), 0);
	c = ml_ucache_open(root, "dir:/x", "k");
	assert_int_equal(ml_ucache_count(c), 1);
	ret = ml_ucache_get(&f, &aux, c, "x", 5, "x.opam");
	ml_opam_file_free(f);
	ml_ucache_aux_free(aux);
	ml_ucache_free(c);
	ml_fs_remove_tree(root, NULL);
	free(root);
	free(path);
	free(dir);
	ml_buf_release(&body);
	ml_buf_release(&file);
	return ret;
}

/* Found by tests/fuzz/fuzz-ucache: a forged tree used to abort (an operator that does not
 * fit its kind) or to print as text that does not parse (a field name that is no ident). */
static void forged_trees_are_misses(void **state)
{
	/* field "f": IDENT "a" (kind 3), the valid form */
	static const unsigned char good[] = { 1, 0, 1, 1, 1, 'f', 0, 6, 3, 0, 1, 4, 1, 'a' };
	/* field "f": RELOP (7) with op '&' (7) over a and b */
	static const unsigned char relop_and[] = { 1, 0, 1, 1, 1, 'f', 0, 16, 7, 7, 1, 4,
						   3, 0, 1, 4, 1, 'a', 3, 0,  1, 6, 1, 'b' };
	/* LOGOP (9) with op '=' (1) */
	static const unsigned char logop_eq[] = { 1, 0, 1, 1, 1, 'f', 0, 16, 9, 1, 1, 4,
						  3, 0, 1, 4, 1, 'a', 3, 0,  1, 6, 1, 'b' };
	/* a string with an operator */
	static const unsigned char string_op[] = { 1, 0, 1, 1, 1, 'f', 0, 6, 2, 1, 1, 4, 1, 'a' };
	/* field named "a b", and "true" */
	static const unsigned char bad_name[] = { 1, 0, 1, 1, 3, 'a', ' ', 'b',
						  0, 6, 3, 0, 1, 4,   1,   'a' };
	static const unsigned char true_name[] = { 1, 0, 1, 1, 4, 't', 'r', 'u', 'e',
						   0, 6, 3, 0, 1, 4,   1,   'a' };
	/* section "s" with a label holding a NUL byte and no items */
	static const unsigned char nul_label[] = { 1, 1, 1, 1, 1, 's', 1, 2, 'a', 0, 1, 0 };
	/* field "f": STRING (2) "a", and one that is not UTF-8 (the parser refuses it) */
	static const unsigned char good_string[] = { 1, 0, 1, 1, 1, 'f', 0, 6, 2, 0, 1, 4, 1, 'a' };
	static const unsigned char bad_string[] = { 1, 0, 1, 1, 1, 'f', 0, 6, 2, 0, 1, 4, 1, 0xff };
	/* a field's body longer than its value, and one past the end of the tree */
	static const unsigned char long_body[] = {
		1, 0, 1, 1, 1, 'f', 0, 7, 3, 0, 1, 4, 1, 'a', 0
	};
	static const unsigned char past_end[] = { 1, 0, 1, 1, 1, 'f', 0, 9, 3, 0, 1, 4, 1, 'a' };

	(void)state;
	assert_int_equal(get_forged(good, sizeof(good)), 0);
	assert_int_equal(get_forged(relop_and, sizeof(relop_and)), ML_ENOTFOUND);
	assert_int_equal(get_forged(logop_eq, sizeof(logop_eq)), ML_ENOTFOUND);
	assert_int_equal(get_forged(string_op, sizeof(string_op)), ML_ENOTFOUND);
	assert_int_equal(get_forged(bad_name, sizeof(bad_name)), ML_ENOTFOUND);
	assert_int_equal(get_forged(true_name, sizeof(true_name)), ML_ENOTFOUND);
	assert_int_equal(get_forged(nul_label, sizeof(nul_label)), ML_ENOTFOUND);
	assert_int_equal(get_forged(good_string, sizeof(good_string)), 0);
	assert_int_equal(get_forged(bad_string, sizeof(bad_string)), ML_ENOTFOUND);
	assert_int_equal(get_forged(long_body, sizeof(long_body)), ML_ENOTFOUND);
	assert_int_equal(get_forged(past_end, sizeof(past_end)), ML_ENOTFOUND);
}

/*
 * A view rebuilds the items it keeps, equal to the parse's and in their order, probes the
 * fields it only tests, and leaves the rest out; from a saved cache and from a put alike.
 */
static void views_keep_what_they_name(void **state)
{
	static const char *const keep[] = { "depends", "url", "x-bool" };
	static const char *const probe[] = { "build", "install", "setenv" };
	char *file, *root = write_cache("k1", &file);
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");
	struct ml_opam_file *f = parse("r/packages/a/a.1/opam"), *g = NULL;
	struct ml_ucache_view view = { keep, 3, probe, 3, 0 };
	void *aux = NULL;

	(void)state;
	for (int round = 0; round < 2; round++) {
		if (round == 0)
			assert_int_equal(
			    ml_ucache_get_view(&g, &aux, c, "packages/a/a.1/opam", 77, "p", &view),
			    0);
		else
			assert_int_equal(ml_ucache_put_view(&g, &aux, NULL, "packages/b/b.1/opam",
							    5, f, "p", &view),
					 0);
		assert_int_equal(g->nitems, 3);
		assert_string_equal(g->items[0]->name, "depends");
		assert_true(ml_opam_value_equal(g->items[0]->value, ml_opam_field(f, "depends")));
		same_positions(g->items[0]->value, ml_opam_field(f, "depends"));
		assert_string_equal(g->items[1]->name, "x-bool");
		assert_int_equal(g->items[2]->kind, ML_OPAM_SECTION);
		assert_string_equal(ml_opam_section_field(g->items[2], "src")->s,
				    "https://h/a.tgz");
		assert_null(ml_opam_field(g, "build"));
		/* build is a list of two commands, install is not there, setenv has one item */
		assert_int_equal(view.nonempty, 1u | 4u);
		ml_opam_file_free(g);
		ml_ucache_aux_free(aux);
	}
	ml_ucache_free(c);
	ml_opam_file_free(f);
	cleanup(root, file);
}

static void write_file(const char *dir, const char *rel, const char *text)
{
	char *p = ml_path_join(dir, rel), *d = ml_strdup(p);

	*strrchr(d, '/') = '\0';
	assert_int_equal(ml_fs_mkdirs(d, 0755, NULL), 0);
	assert_int_equal(ml_fs_write_atomic(p, text, strlen(text), 0644, NULL), 0);
	free(p);
	free(d);
}

/* The stamp of name's only entry in a freshly opened r (listing the name). */
static uint64_t entry_stamp(struct ml_repo *r, const char *name)
{
	const struct ml_repo_name *names, *nm;
	size_t n = ml_repo_names(r, &names);

	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i].name, name) != 0)
			continue;
		assert_int_equal(ml_repo_name_entries(r, i, &nm, NULL), 0);
		assert_int_equal(nm->n, 1);
		return r->entries[nm->idx[0]].stamp;
	}
	fail_msg("no name %s", name);
	return 0;
}

/*
 * The solver's view of a package holds the fields it reads, from a parse (round 0: the file
 * is too new to cache; round 1: cached then) as from the cache (round 2); ml_universe_get
 * completes it in place.
 */
static void views_complete_in_place(void **state)
{
	char *root = tmpdir(), *repo = ml_path_join(root, "repo");
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	setenv("XDG_CACHE_HOME", root, 1);
	unsetenv("MONOLOCK_NO_REPO_CACHE");
	write_file(repo, "repo", "opam-version: \"2.0\"\n");
	write_file(repo, "packages/a/a.1/opam",
		   "opam-version: \"2.0\"\ndescription: \"long\"\ndepends: [\"b\" {>= \"1\"}]\n"
		   "build: [\"make\"]\ninstall: []\ndev-repo: \"git+https://h/a\"\n"
		   "tags: [\"x\"]\nurl {\n  src: \"https://h/a.tgz\"\n}\n");
	for (int round = 0; round < 3; round++) {
		struct ml_universe *u = ml_universe_new();
		struct ml_repo *r;
		const struct ml_package *p, *q;
		const struct ml_opam_value *deps;

		if (round == 1)
			sleep(3);
		assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
		assert_int_equal(ml_ucache_count(r->ucache), round == 2);
		ml_universe_add_repo(u, r);
		assert_int_equal(ml_universe_get_view(u, "a", "1", &p, &err), 0);
		assert_null(ml_opam_field(p->file, "description"));
		assert_non_null(ml_opam_field(p->file, "tags"));
		assert_true(p->has_build);
		assert_false(p->has_install);
		assert_string_equal(p->dev_repo, "git+https://h/a");
		assert_string_equal(p->url.src, "https://h/a.tgz");
		deps = p->depends;
		assert_string_equal(deps->items[0]->a->s, "b");
		assert_int_equal(deps->items[0]->line, 3);
		assert_int_equal(ml_universe_get(u, "a", "1", &q, &err), 0);
		assert_ptr_equal(p, q);
		assert_string_equal(ml_opam_field(q->file, "description")->s, "long");
		assert_true(q->has_build);
		assert_false(q->has_install);
		assert_true(ml_opam_value_equal(deps, q->depends));
		assert_int_equal(ml_universe_get_view(u, "a", "1", &p, &err), 0);
		assert_ptr_equal(p, q);
		ml_universe_free(u);
	}
	ml_fs_remove_tree(root, NULL);
	free(repo);
	free(root);
}

/*
 * A directory repository: the universe fills the cache, a second open finds the parse valid
 * for the file as it is, and an edit of that file (same size) makes just that entry stale.
 * Files changed in the last seconds are racy: never cached.
 */
static void directory_repositories_use_and_invalidate_it(void **state)
{
	char *root = tmpdir(), *repo = ml_path_join(root, "repo");
	struct ml_error err = ML_ERROR_INIT;
	struct ml_universe *u;
	struct ml_repo *r;
	const struct ml_package *p;
	struct ml_opam_file *g = NULL;
	void *aux = NULL;
	uint64_t stamp;

	(void)state;
	setenv("XDG_CACHE_HOME", root, 1);
	unsetenv("MONOLOCK_NO_REPO_CACHE");
	write_file(repo, "repo", "opam-version: \"2.0\"\n");
	write_file(repo, "packages/a/a.1/opam", "opam-version: \"2.0\"\ndepends: [\"b\"]\n");
	write_file(repo, "packages/b/b.1/opam", "opam-version: \"2.0\"\n");

	/* just written: racy, so nothing is cached */
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_int_equal(entry_stamp(r, "a"), ML_UCACHE_RACY);
	ml_repo_free(r);
	sleep(3);

	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_non_null(r->ucache);
	assert_int_equal(ml_ucache_count(r->ucache), 0);
	u = ml_universe_new();
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_get(u, "a", "1", &p, &err), 0);
	assert_string_equal(p->relpath, "packages/a/a.1/opam");
	ml_universe_free(u); /* saves */

	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_int_equal(ml_ucache_count(r->ucache), 1);
	stamp = entry_stamp(r, "a");
	assert_true(stamp > ML_UCACHE_RACY);
	assert_int_equal(ml_ucache_get(&g, &aux, r->ucache, "packages/a/a.1/opam", stamp, "p"), 0);
	assert_string_equal(ml_opam_field(g, "depends")->items[0]->s, "b");
	ml_opam_file_free(g);
	ml_ucache_aux_free(aux);
	ml_repo_free(r);

	/* same size, new content: the stamp (mtime/ctime) changes and the new text is read */
	write_file(repo, "packages/a/a.1/opam", "opam-version: \"2.0\"\ndepends: [\"c\"]\n");
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_true(entry_stamp(r, "a") != stamp);
	u = ml_universe_new();
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_get(u, "a", "1", &p, &err), 0);
	assert_string_equal(p->depends->items[0]->s, "c");
	ml_universe_free(u);

	setenv("MONOLOCK_NO_REPO_CACHE", "1", 1);
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_null(r->ucache);
	ml_repo_free(r);
	unsetenv("MONOLOCK_NO_REPO_CACHE");

	ml_fs_remove_tree(root, NULL);
	free(repo);
	free(root);
}

/*
 * The cache is read per file: a cut at the end damages only the last tree, the others still
 * hit, and putting the damaged one again (its re-parse) makes the saved file whole.
 */
static void one_damaged_tree_leaves_the_others(void **state)
{
	char *root = tmpdir();
	struct ml_ucache *c = ml_ucache_open(root, "dir:/x", "k1");
	struct ml_opam_file *f = parse("r/packages/a/a.1/opam"), *g = NULL;
	struct ml_buf orig = ML_BUF_INIT;
	char *file = ml_strdup(ml_ucache_path(c));
	void *aux = NULL;

	(void)state;
	ml_ucache_put(c, "packages/a/a.1/opam", 7, f);
	ml_ucache_put(c, "packages/b/b.1/opam", 8, f);
	assert_int_equal(ml_ucache_save(c, NULL), 0);
	ml_ucache_free(c);
	assert_int_equal(ml_fs_read(&orig, file, 1 << 20, NULL), 0);
	assert_int_equal(ml_fs_write_atomic(file, orig.buf, orig.len - 1, 0644, NULL), 0);

	c = ml_ucache_open(root, "dir:/x", "k1");
	assert_int_equal(ml_ucache_count(c), 2);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/a/a.1/opam", 7, "a"), 0);
	assert_true(ml_opam_file_equal(f, g));
	ml_opam_file_free(g);
	ml_ucache_aux_free(aux);
	assert_int_equal(ml_ucache_get(&g, &aux, c, "packages/b/b.1/opam", 8, "b"), ML_ENOTFOUND);
	ml_ucache_put(c, "packages/b/b.1/opam", 8, f);
	assert_int_equal(ml_ucache_save(c, NULL), 0);
	ml_ucache_free(c);

	c = ml_ucache_open(root, "dir:/x", "k1");
	assert_int_equal(ml_ucache_count(c), 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(ml_ucache_get(&g, &aux, c,
					       i ? "packages/b/b.1/opam" : "packages/a/a.1/opam",
					       i ? 8 : 7, "x"),
				 0);
		assert_true(ml_opam_file_equal(f, g));
		ml_opam_file_free(g);
		ml_ucache_aux_free(aux);
	}
	ml_ucache_free(c);
	ml_opam_file_free(f);
	ml_buf_release(&orig);
	cleanup(root, file);
}

/*
 * A cache holds parses, never the listing: a name or a version added to a directory
 * repository after its cache was written is seen, and what was cached still serves.
 */
static void added_names_and_versions_are_seen(void **state)
{
	char *root = tmpdir(), *repo = ml_path_join(root, "repo");
	struct ml_error err = ML_ERROR_INIT;
	struct ml_universe *u;
	struct ml_repo *r;
	const struct ml_package *p;
	const char *const *versions;
	size_t n;

	(void)state;
	setenv("XDG_CACHE_HOME", root, 1);
	unsetenv("MONOLOCK_NO_REPO_CACHE");
	write_file(repo, "repo", "opam-version: \"2.0\"\n");
	write_file(repo, "packages/a/a.1/opam", "opam-version: \"2.0\"\n");
	sleep(3); /* not racy: cached */
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	u = ml_universe_new();
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_get(u, "a", "1", &p, &err), 0);
	ml_universe_free(u);

	write_file(repo, "packages/a/a.2/opam", "opam-version: \"2.0\"\ndepends: [\"c\"]\n");
	write_file(repo, "packages/c/c.1/opam", "opam-version: \"2.0\"\n");
	assert_int_equal(ml_repo_open_dir(&r, repo, &err), 0);
	assert_int_equal(ml_ucache_count(r->ucache), 1);
	u = ml_universe_new();
	ml_universe_add_repo(u, r);
	assert_int_equal(ml_universe_versions(u, "a", &versions, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ml_universe_get(u, "a", "1", &p, &err), 0);
	assert_int_equal(ml_universe_get(u, "a", "2", &p, &err), 0);
	assert_string_equal(p->depends->items[0]->s, "c");
	assert_int_equal(ml_universe_get(u, "c", "1", &p, &err), 0);
	ml_universe_free(u);

	ml_fs_remove_tree(root, NULL);
	free(repo);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip_gives_an_equal_tree),
		cmocka_unit_test(another_key_is_ignored_and_replaced),
		cmocka_unit_test(loaded_and_added_are_merged),
		cmocka_unit_test(stamps_decide_and_newest_put_wins),
		cmocka_unit_test(corrupt_or_truncated_files_are_ignored),
		cmocka_unit_test(forged_trees_are_misses),
		cmocka_unit_test(views_keep_what_they_name),
		cmocka_unit_test(views_complete_in_place),
		cmocka_unit_test(directory_repositories_use_and_invalidate_it),
		cmocka_unit_test(one_damaged_tree_leaves_the_others),
		cmocka_unit_test(added_names_and_versions_are_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
