/*
 * Unit tests for fetch/patch.c and fetch/pristine.c: diffs of real directories, patches
 * applied to them, three-way carries, recorded patch files.
 */
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

#include "fetch/fetch.h"
#include "fetch/patch.h"

static char *root;

static void put(const char *dir, const char *rel, const char *text, int mode)
{
	char *path = ml_xasprintf("%s/%s/%s", root, dir, rel);
	char *slash = strrchr(path, '/');
	struct ml_error err = ML_ERROR_INIT;

	*slash = '\0';
	assert_int_equal(ml_fs_mkdirs(path, 0755, &err), 0);
	*slash = '/';
	unlink(path);
	assert_int_equal(ml_fs_write_atomic(path, text, strlen(text), mode, &err), 0);
	chmod(path, (mode_t)mode);
	free(path);
}

static char *get(const char *dir, const char *rel)
{
	char *path = ml_xasprintf("%s/%s/%s", root, dir, rel);
	struct ml_buf b = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;
	int ret = ml_fs_read(&b, path, 1 << 20, &err);

	free(path);
	ml_error_release(&err);
	if (ret) {
		ml_buf_release(&b);
		return NULL;
	}
	return ml_buf_detach(&b, NULL);
}

static char *dirp(const char *dir)
{
	return ml_xasprintf("%s/%s", root, dir);
}

static int setup(void **state)
{
	char t[] = "/tmp/ml-test-patch-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(t));
	root = ml_strdup(t);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ml_fs_remove_tree(root, NULL);
	free(root);
	return 0;
}

static void reset(void)
{
	ml_fs_remove_tree(root, NULL);
	mkdir(root, 0755);
}

static const char lines[] = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";

/* diff then apply gives back the edited tree: modified, added, deleted, mode */
static void test_diff_apply_roundtrip(void **state)
{
	struct ml_buf d = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;
	char *a, *b, *s;
	struct stat st;

	(void)state;
	reset();
	put("a", "src/x.ml", lines, 0644);
	put("a", "gone.ml", "bye\n", 0644);
	put("a", "run.sh", "echo\n", 0644);
	put("b", "src/x.ml", "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\n", 0644);
	put("b", "src/new.ml", "hello\n", 0644);
	put("b", "run.sh", "echo\n", 0755);
	a = dirp("a");
	b = dirp("b");
	assert_int_equal(ml_patch_diff_dirs(&d, a, b, NULL, &err), 0);
	assert_non_null(strstr(d.buf, "diff --git a/src/x.ml b/src/x.ml"));
	assert_non_null(strstr(d.buf, "-three\n+THREE\n"));
	assert_non_null(strstr(d.buf, "deleted file mode 100644"));
	assert_non_null(strstr(d.buf, "new file mode 100644"));
	assert_non_null(strstr(d.buf, "old mode 100644\nnew mode 100755"));
	assert_int_equal(ml_patch_apply(a, d.buf, d.len, "p", &err), 0);
	s = get("a", "src/x.ml");
	assert_true(s && strstr(s, "THREE"));
	free(s);
	s = get("a", "src/new.ml");
	assert_string_equal(s, "hello\n");
	free(s);
	assert_null(get("a", "gone.ml"));
	s = ml_path_join(a, "run.sh");
	assert_int_equal(stat(s, &st), 0);
	free(s);
	assert_true(st.st_mode & 0100);
	ml_buf_reset(&d);
	assert_int_equal(ml_patch_diff_dirs(&d, a, b, NULL, &err), 0);
	assert_int_equal(d.len, 0);
	ml_buf_release(&d);
	free(a);
	free(b);
}

/* a hunk that does not apply names the patch, the file and the hunk, and changes nothing */
static void test_apply_fails_whole(void **state)
{
	struct ml_buf d = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;
	char *a, *b, *s;

	(void)state;
	reset();
	put("a", "x.ml", lines, 0644);
	put("a", "y.ml", "y\n", 0644);
	put("b", "x.ml", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nTEN\n", 0644);
	put("b", "y.ml", "Y\n", 0644);
	a = dirp("a");
	b = dirp("b");
	assert_int_equal(ml_patch_diff_dirs(&d, a, b, NULL, &err), 0);
	put("a", "x.ml", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nzehn\n", 0644);
	assert_int_equal(ml_patch_apply(a, d.buf, d.len, "patches/a.patch", &err), ML_EPARSE);
	assert_non_null(strstr(err.msg, "patches/a.patch: x.ml: hunk #1 (@@ -7,4 +7,4 @@)"));
	s = get("a", "y.ml");
	assert_string_equal(s, "y\n"); /* untouched */
	free(s);
	ml_error_release(&err);
	ml_buf_release(&d);
	free(a);
	free(b);
}

/* paths escaping the directory are refused */
static void test_apply_refuses_escape(void **state)
{
	static const char evil[] = "diff --git a/../x b/../x\n"
				   "new file mode 100644\n"
				   "--- /dev/null\n"
				   "+++ b/../x\n"
				   "@@ -0,0 +1 @@\n"
				   "+pwned\n";
	struct ml_error err = ML_ERROR_INIT;
	char *a, *a2;

	(void)state;
	reset();
	put("a", "x.ml", lines, 0644);
	a = dirp("a");
	assert_int_equal(ml_patch_apply(a, evil, strlen(evil), "evil", &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "evil: '../x'"));
	a2 = ml_path_join(root, "x");
	assert_false(ml_fs_exists(a2));
	free(a2);
	ml_error_release(&err);
	free(a);
}

/* a carry merges cleanly when upstream changed other lines, and conflicts on the same line */
static void test_carry(void **state)
{
	struct ml_buf d = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_patch_carry c;
	char *old, *edited, *neu, *s;

	(void)state;
	reset();
	put("old", "x.ml", lines, 0644);
	put("edited", "x.ml", "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\n", 0644);
	put("new", "x.ml", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n",
	    0644);
	old = dirp("old");
	edited = dirp("edited");
	neu = dirp("new");
	assert_int_equal(ml_patch_diff_dirs(&d, old, edited, NULL, &err), 0);
	assert_int_equal(ml_patch_carry(&c, old, neu, d.buf, d.len, "p", "new", &err), 0);
	assert_true(c.clean);
	assert_non_null(strstr(c.patch.buf, "+THREE"));
	assert_int_equal(ml_patch_carry_write(&c, neu, &err), 0);
	s = get("new", "x.ml");
	assert_string_equal(s,
			    "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n");
	free(s);
	ml_patch_carry_release(&c);

	/* conflicting */
	put("old", "x.ml", lines, 0644);
	put("new", "x.ml", "one\ntwo\nthree!\nfour\nfive\nsix\nseven\neight\nnine\nten\n", 0644);
	assert_int_equal(ml_patch_carry(&c, old, neu, d.buf, d.len, "p", "new", &err), 0);
	assert_false(c.clean);
	assert_int_equal(c.conflicts.n, 1);
	assert_string_equal(c.conflicts.v[0], "x.ml");
	assert_int_equal(ml_patch_carry_write(&c, neu, &err), 0);
	s = get("new", "x.ml");
	assert_non_null(strstr(s, "<<<<<<< p"));
	assert_non_null(strstr(s, ">>>>>>> new"));
	free(s);
	ml_patch_carry_release(&c);
	ml_buf_release(&d);
	free(old);
	free(edited);
	free(neu);
}

/* recorded patch files: sha256 checked, links on the path refused */
static void test_read_file(void **state)
{
	struct ml_buf b = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;
	char *proj;

	(void)state;
	reset();
	put("p", "patches/a.patch", "x", 0644);
	proj = ml_xasprintf("%s/p/", root);
	assert_int_equal(
	    ml_patch_read_file(&b, proj, "patches/a.patch",
			       "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
			       &err),
	    0);
	assert_int_equal(
	    ml_patch_read_file(&b, proj, "patches/a.patch",
			       "0000000000000000000000000000000000000000000000000000000000000000",
			       &err),
	    ML_ECHECKSUM);
	ml_error_release(&err);
	assert_int_equal(ml_patch_read_file(&b, proj, "../a.patch", NULL, &err), ML_EUNSAFE);
	ml_error_release(&err);
	{
		char *l = ml_path_join(proj, "l");

		assert_int_equal(symlink("patches", l), 0);
		free(l);
	}
	assert_int_equal(ml_patch_read_file(&b, proj, "l/a.patch", NULL, &err), ML_EUNSAFE);
	ml_error_release(&err);
	ml_buf_release(&b);
	free(proj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_apply_roundtrip),
		cmocka_unit_test(test_apply_fails_whole),
		cmocka_unit_test(test_apply_refuses_escape),
		cmocka_unit_test(test_carry),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
