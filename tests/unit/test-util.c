/* Unit tests for lib/ basics: buffers, string vectors, errors, numbers, fs helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/ml.h"

static void utf8_valid_follows_rfc3629(void **state)
{
	static const struct {
		const char *s;
		size_t len, bad; /* bad == len: valid */
	} cases[] = {
		{ "", 0, 0 },
		{ "plain ascii", 11, 11 },
		{ "\xc3\xa9t\xc3\xa9", 6, 6 }, /* été */
		{ "\xe2\x82\xac", 3, 3 },      /* U+20AC */
		{ "\xf0\x9f\x90\xab", 4, 4 },  /* U+1F42B */
		{ "\xf4\x8f\xbf\xbf", 4, 4 },  /* U+10FFFF, the last */
		{ "a\0b", 3, 3 },              /* NUL is text */
		{ "ab\xff", 3, 2 },            /* never a UTF-8 byte */
		{ "\x80", 1, 0 },              /* lone continuation */
		{ "\xc0\xaf", 2, 0 },          /* overlong '/' */
		{ "\xe0\x80\xaf", 3, 0 },      /* overlong, 3 bytes */
		{ "\xf0\x80\x80\xaf", 4, 0 },  /* overlong, 4 bytes */
		{ "\xed\xa0\x80", 3, 0 },      /* a surrogate */
		{ "\xf4\x90\x80\x80", 4, 0 },  /* beyond U+10FFFF */
		{ "x\xe2\x82", 3, 1 },         /* truncated */
		{ "\xc3\xa9\xc3(", 4, 2 },     /* bad continuation */
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		bool ok = ml_utf8_valid(cases[i].s, cases[i].len, &bad);

		if (ok != (cases[i].bad == cases[i].len) || (!ok && bad != cases[i].bad))
			fail_msg("case %zu: valid %d, bad at %zu", i, ok, ok ? 0 : bad);
	}
	assert_false(ml_utf8_valid("\xff", 1, NULL));
}

static void buf_starts_empty_and_terminated(void **state)
{
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	assert_non_null(b.buf);
	assert_string_equal(b.buf, "");
	ml_buf_release(&b);
}

static void buf_add_and_format(void **state)
{
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	ml_buf_adds(&b, "ab");
	ml_buf_addc(&b, 'c');
	ml_buf_addf(&b, "-%d-%s", 42, "x");
	assert_string_equal(b.buf, "abc-42-x");
	assert_int_equal(b.len, 8);
	ml_buf_reset(&b);
	assert_string_equal(b.buf, "");
	ml_buf_release(&b);
}

static void buf_grows_past_first_allocation(void **state)
{
	struct ml_buf b = ML_BUF_INIT;
	char big[5000];

	(void)state;
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ml_buf_addf(&b, "%s%s", big, big);
	assert_int_equal(b.len, 2 * (sizeof(big) - 1));
	assert_int_equal(b.buf[b.len], '\0');
	ml_buf_release(&b);
}

static void buf_detach_hands_over(void **state)
{
	struct ml_buf b = ML_BUF_INIT;
	size_t len;
	char *s;

	(void)state;
	s = ml_buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	ml_buf_adds(&b, "hello");
	s = ml_buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_int_equal(b.len, 0);
	free(s);
}

static void strvec_sort_uniq(void **state)
{
	struct ml_strvec sv = ML_STRVEC_INIT;

	(void)state;
	ml_strvec_push(&sv, "b");
	ml_strvec_push(&sv, "a");
	ml_strvec_push(&sv, "b");
	ml_strvec_push(&sv, "c");
	ml_strvec_sort_uniq(&sv);
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[0], "a");
	assert_string_equal(sv.v[2], "c");
	assert_null(sv.v[3]);
	assert_true(ml_strvec_contains(&sv, "b"));
	assert_false(ml_strvec_contains(&sv, "d"));
	ml_strvec_release(&sv);
}

struct pair {
	int key, order;
};

static int pair_cmp(const void *a, const void *b)
{
	return ((const struct pair *)a)->key - ((const struct pair *)b)->key;
}

/* Sorted input is left as it is (equal keys in their order); any other is sorted. */
static void sort_once_sorts_only_unsorted(void **state)
{
	struct pair sorted[] = { { 1, 0 }, { 2, 1 }, { 2, 2 }, { 3, 3 } };
	struct pair mixed[] = { { 3, 0 }, { 1, 1 }, { 2, 2 } };

	(void)state;
	ml_sort_once(sorted, 4, sizeof(*sorted), pair_cmp);
	for (int i = 0; i < 4; i++)
		assert_int_equal(sorted[i].order, i);
	ml_sort_once(mixed, 3, sizeof(*mixed), pair_cmp);
	assert_int_equal(mixed[0].key, 1);
	assert_int_equal(mixed[1].key, 2);
	assert_int_equal(mixed[2].key, 3);
	ml_sort_once(NULL, 0, sizeof(*mixed), pair_cmp);
}

static void parse_long_is_strict(void **state)
{
	long v;

	(void)state;
	assert_int_equal(ml_parse_long("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(ml_parse_long("-3", -5, 5, &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(ml_parse_long("", 0, 100, &v), -1);
	assert_int_equal(ml_parse_long("4x", 0, 100, &v), -1);
	assert_int_equal(ml_parse_long(" 4", 0, 100, &v), -1);
	assert_int_equal(ml_parse_long("101", 0, 100, &v), -1);
	assert_int_equal(ml_parse_long("99999999999999999999999", 0, 100, &v), -1);
}

static void error_formats_position(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	assert_int_equal(
	    ml_error_setat(&err, ML_EPARSE, "a/opam", 12, 5, "expected %s", "a string"), ML_EPARSE);
	ml_error_format(&b, &err);
	assert_string_equal(b.buf, "a/opam:12:5: expected a string");
	ml_buf_reset(&b);
	ml_error_set(&err, ML_EIO, "plain");
	ml_error_format(&b, &err);
	assert_string_equal(b.buf, "plain");
	assert_int_equal(err.code, ML_EIO);
	assert_int_equal(ml_error_set(NULL, ML_ENET, "ignored"), ML_ENET);
	ml_error_release(&err);
	ml_buf_release(&b);
}

static void fs_atomic_write_and_read(void **state)
{
	char dir[] = "/tmp/ml-test-util-XXXXXX";
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *path, *sub;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = ml_path_join(dir, "f");
	assert_int_equal(ml_fs_write_atomic(path, "one", 3, 0644, &err), 0);
	assert_int_equal(ml_fs_write_atomic(path, "two!", 4, 0644, &err), 0);
	assert_int_equal(ml_fs_read(&b, path, 100, &err), 0);
	assert_string_equal(b.buf, "two!");
	ml_buf_reset(&b);
	assert_int_equal(ml_fs_read(&b, path, 3, &err), ML_EIO);
	assert_int_equal(b.len, 0);
	free(path);
	path = ml_path_join(dir, "missing");
	assert_int_equal(ml_fs_read(&b, path, 100, &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "missing"));
	sub = ml_path_join(dir, "x/y/z");
	assert_int_equal(ml_fs_mkdirs(sub, 0755, &err), 0);
	assert_true(ml_fs_is_dir(sub));
	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	assert_false(ml_fs_exists(dir));
	free(sub);
	free(path);
	ml_buf_release(&b);
	ml_error_release(&err);
}

/*
 * The helpers for places others can write (the caches): links, fifos and directories where a
 * file or directory of monolock's belongs are never followed, read or blocked on.
 */
static void fs_helpers_never_follow_planted_entries(void **state)
{
	char dir[] = "/tmp/ml-test-util-XXXXXX";
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *outside, *victim, *p, *q;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	outside = ml_path_join(dir, "outside");
	victim = ml_path_join(outside, "victim");
	assert_int_equal(ml_fs_mkdirs(outside, 0755, NULL), 0);
	assert_int_equal(ml_fs_write_atomic(victim, "mine", 4, 0644, NULL), 0);
	/* read_regular: a link or a fifo is absent, a regular file is read */
	p = ml_path_join(dir, "link");
	assert_int_equal(symlink(victim, p), 0);
	assert_int_equal(ml_fs_read_regular(&b, p, 100, &err), ML_ENOTFOUND);
	assert_int_equal(b.len, 0);
	q = ml_path_join(dir, "fifo");
	assert_int_equal(mkfifo(q, 0644), 0);
	assert_int_equal(ml_fs_read_regular(&b, q, 100, &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(ml_fs_read_regular(&b, victim, 100, &err), 0);
	assert_string_equal(b.buf, "mine");
	/* open_lock: a link (dangling or not), a fifo or a directory gives way to a new file */
	fd = ml_fs_open_lock(p, &err);
	assert_true(fd >= 0);
	close(fd);
	assert_false(ml_fs_tree_is_plain(dir, 100)); /* the fifo */
	fd = ml_fs_open_lock(q, &err);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(unlink(q), 0);
	assert_int_equal(mkdir(q, 0755), 0);
	fd = ml_fs_open_lock(q, &err);
	assert_true(fd >= 0);
	close(fd);
	assert_true(ml_fs_tree_is_plain(dir, 100));
	assert_false(ml_fs_tree_is_plain(dir, 2)); /* over the cap */
	free(q);
	/* mkdirs_below: links in the way are replaced, the root may be one */
	q = ml_path_join(dir, "root");
	assert_int_equal(symlink(dir, q), 0);
	free(p);
	p = ml_path_join(dir, "a");
	assert_int_equal(symlink(outside, p), 0);
	assert_false(ml_fs_is_dir_below(q, "a/b"));
	assert_int_equal(ml_fs_mkdirs_below(q, "a/b", 0755, &err), 0);
	assert_true(ml_fs_is_dir_below(q, "a/b"));
	assert_false(ml_fs_tree_is_plain(q, 100)); /* a link at the top */
	free(p);
	p = ml_path_join(outside, "b");
	assert_false(ml_fs_exists(p));
	/* remove_tree: a link inside is removed, not what it leads to */
	free(p);
	p = ml_path_join(dir, "a/b/in");
	assert_int_equal(symlink(outside, p), 0);
	assert_int_equal(ml_fs_remove_tree(q, &err), 0); /* the root link itself */
	assert_true(ml_fs_is_dir(dir));
	free(p);
	p = ml_path_join(dir, "a");
	assert_int_equal(ml_fs_remove_tree(p, &err), 0);
	assert_false(ml_fs_exists(p));
	assert_true(ml_fs_exists(victim));
	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	free(p);
	free(q);
	free(victim);
	free(outside);
	ml_buf_release(&b);
	ml_error_release(&err);
}

static void link_inside_rule(void **state)
{
	(void)state;
	assert_true(ml_fs_link_inside("a", "b"));
	assert_true(ml_fs_link_inside("d/a", "../b"));
	assert_true(ml_fs_link_inside("d/e/a", "../../b/./c"));
	assert_true(ml_fs_link_inside("d/a", "x/../../y"));
	assert_false(ml_fs_link_inside("a", "../b"));
	assert_false(ml_fs_link_inside("d/a", "../../b"));
	assert_false(ml_fs_link_inside("a", "/etc/passwd"));
	assert_false(ml_fs_link_inside("a", ""));
}

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/ml-test-util-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return ml_strdup(tmpl);
}

static void put(const char *root, const char *rel, const char *data, int mode)
{
	char *p = ml_path_join(root, rel);

	assert_int_equal(ml_fs_write_atomic(p, data, strlen(data), mode, NULL), 0);
	free(p);
}

static void copy_tree_keeps_files_modes_and_inner_links(void **state)
{
	char *t = tmpdir(), *src = ml_path_join(t, "src"), *dst = ml_path_join(t, "dst");
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *p, target[64];
	struct stat st;
	ssize_t n;

	(void)state;
	p = ml_path_join(src, "sub/.git");
	assert_int_equal(ml_fs_mkdirs(p, 0755, NULL), 0);
	free(p);
	put(src, "a.ml", "let x = 1\n", 0644);
	put(src, "sub/run.sh", "#!/bin/sh\n", 0755);
	put(src, "sub/.git/HEAD", "ref\n", 0644);
	p = ml_path_join(src, "sub/link");
	assert_int_equal(symlink("../a.ml", p), 0);
	free(p);
	assert_int_equal(ml_fs_copy_tree(src, dst, &err), 0);
	p = ml_path_join(dst, "a.ml");
	assert_int_equal(ml_fs_read(&b, p, 100, NULL), 0);
	assert_string_equal(b.buf, "let x = 1\n");
	free(p);
	p = ml_path_join(dst, "sub/run.sh");
	assert_int_equal(stat(p, &st), 0);
	assert_true(st.st_mode & 0100);
	free(p);
	p = ml_path_join(dst, "sub/link");
	n = readlink(p, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "../a.ml");
	free(p);
	p = ml_path_join(dst, "sub/.git");
	assert_false(ml_fs_exists(p));
	free(p);
	/* the destination must not exist yet */
	assert_int_equal(ml_fs_copy_tree(src, dst, &err), ML_EIO);
	ml_fs_remove_tree(t, NULL);
	ml_buf_release(&b);
	ml_error_release(&err);
	free(src);
	free(dst);
	free(t);
}

/* What a sync reaches cannot be seen here (0451 shows the order of the calls); their contracts can. */
static void fs_sync_helpers(void **state)
{
	char *t = tmpdir(), *p, *deep;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	assert_false(ml_fs_sync_disabled());
	put(t, "a.ml", "let x = 1\n", 0644);
	p = ml_path_join(t, "sub/deeper");
	assert_int_equal(ml_fs_mkdirs(p, 0755, NULL), 0);
	free(p);
	put(t, "sub/deeper/b.ml", "let y = 2\n", 0755);
	p = ml_path_join(t, "dangling");
	assert_int_equal(symlink("nowhere", p), 0);
	/* a link is not followed */
	assert_int_equal(ml_fs_fsync_path(p, &err), ML_EIO);
	assert_non_null(strstr(err.msg, "dangling"));
	free(p);
	/* a FIFO neither hangs the open nor fails the sync */
	p = ml_path_join(t, "fifo");
	assert_int_equal(mkfifo(p, 0644), 0);
	assert_int_equal(ml_fs_fsync_path(p, &err), 0);
	free(p);
	assert_int_equal(ml_fs_fsync_tree(t, &err), 0);
	p = ml_path_join(t, "a.ml");
	assert_int_equal(ml_fs_fsync_path(p, &err), 0);
	free(p);
	assert_int_equal(ml_fs_fsync_path(t, &err), 0);
	assert_int_equal(ml_fs_syncfs(t, &err), 0);
	p = ml_path_join(t, "missing");
	assert_int_equal(ml_fs_fsync_path(p, &err), ML_EIO);
	assert_non_null(strstr(err.msg, "missing"));
	assert_int_equal(ml_fs_fsync_tree(p, &err), ML_ENOTFOUND);
	assert_int_equal(ml_fs_syncfs(p, &err), ML_EIO);
	assert_non_null(strstr(err.msg, "missing"));
	free(p);
	/* the tree was not changed by syncing it */
	p = ml_path_join(t, "sub/deeper/b.ml");
	assert_int_equal(ml_fs_read(&b, p, 100, NULL), 0);
	assert_string_equal(b.buf, "let y = 2\n");
	free(p);
	/* nesting is capped */
	ml_buf_reset(&b);
	ml_buf_adds(&b, t);
	for (int i = 0; i <= ML_FS_COPY_MAX_DEPTH + 1; i++)
		ml_buf_adds(&b, "/d");
	deep = ml_buf_detach(&b, NULL);
	assert_int_equal(ml_fs_mkdirs(deep, 0755, NULL), 0);
	assert_int_equal(ml_fs_fsync_tree(t, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "nested"));
	ml_fs_remove_tree(t, NULL);
	ml_buf_release(&b);
	ml_error_release(&err);
	free(deep);
	free(t);
}

static void copy_tree_refuses_escaping_links(void **state)
{
	char *t = tmpdir(), *src = ml_path_join(t, "src"), *dst = ml_path_join(t, "dst");
	struct ml_error err = ML_ERROR_INIT;
	char *p;

	(void)state;
	assert_int_equal(ml_fs_mkdirs(src, 0755, NULL), 0);
	p = ml_path_join(src, "up");
	assert_int_equal(symlink("../outside", p), 0);
	free(p);
	assert_int_equal(ml_fs_copy_tree(src, dst, &err), ML_EUNSAFE);
	assert_non_null(strstr(err.msg, "outside"));
	assert_false(ml_fs_exists(dst));
	/* through another link: sub/l -> .. is the root, x -> sub/l/.. is its parent */
	ml_fs_remove_tree(src, NULL);
	p = ml_path_join(src, "sub");
	assert_int_equal(ml_fs_mkdirs(p, 0755, NULL), 0);
	free(p);
	p = ml_path_join(src, "sub/l");
	assert_int_equal(symlink("..", p), 0);
	free(p);
	p = ml_path_join(src, "x");
	assert_int_equal(symlink("sub/l/..", p), 0);
	free(p);
	assert_int_equal(ml_fs_copy_tree(src, dst, &err), ML_EUNSAFE);
	assert_false(ml_fs_exists(dst));
	/* a missing source directory */
	p = ml_path_join(t, "nope");
	assert_int_equal(ml_fs_copy_tree(p, dst, &err), ML_ENOTFOUND);
	free(p);
	ml_fs_remove_tree(t, NULL);
	ml_error_release(&err);
	free(src);
	free(dst);
	free(t);
}

static void suggest_closest_name(void **state)
{
	static const char *const names[] = { "lock", "pull", "list", "why", "fmt", "banner" };
	char long_word[80];

	(void)state;
	assert_string_equal(ml_suggest("lok", names, 6), "lock");
	assert_string_equal(ml_suggest("lcok", names, 6), "lock"); /* a transposition */
	assert_string_equal(ml_suggest("Fmt", names, 6), "fmt");   /* case-insensitive */
	assert_string_equal(ml_suggest("bannr", names, 6), "banner");
	assert_null(ml_suggest("zzzz", names, 6));
	assert_null(ml_suggest("", names, 6));
	assert_null(ml_suggest("x", names, 0));
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	assert_null(ml_suggest(long_word, names, 6));
}

static void project_rebase_keeps_the_users_meaning(void **state)
{
	static const struct {
		const char *prefix, *rel, *want;
	} cases[] = {
		{ "", "x.lock", "x.lock" },
		{ "bin/", "x.lock", "bin/x.lock" },
		{ "bin/deep/", "../../repo", "repo" },
		{ "bin/", "../../repo", "../repo" },
		{ "duniverse/", "fmt/", "duniverse/fmt/" },
		{ "bin/", ".", "bin" },
		{ "bin/", "..", "." },
		{ "bin/", "/abs/x", "/abs/x" },
		{ "a/", "./b//c/./d", "a/b/c/d" },
	};

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		char *got = ml_project_rebase(cases[i].prefix, cases[i].rel);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void project_unbase_gives_the_users_path(void **state)
{
	static const struct {
		const char *prefix, *path, *want;
	} cases[] = {
		{ "", "x.lock", "x.lock" },
		{ "bin/deep/", "monolock.lock", "../../monolock.lock" },
		{ "bin/deep/", "bin/deep/x.lock", "x.lock" },
		{ "bin/deep/", "bin/deep", "." },
		{ "bin/deep/", "bin/other/x", "../other/x" },
		{ "bin/", "../up/x", "../../up/x" },
		{ "bin/", "/abs/x", "/abs/x" },
		{ "bin/", "duniverse/fmt/", "../duniverse/fmt/" },
	};

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		char *got = ml_project_unbase(cases[i].prefix, cases[i].path);
		char *back = ml_project_rebase(cases[i].prefix, got);

		assert_string_equal(got, cases[i].want);
		if (*cases[i].prefix && cases[i].path[0] != '/' &&
		    strcmp(cases[i].path, "bin/deep"))
			assert_string_equal(back, cases[i].path);
		free(back);
		free(got);
	}
}

static void project_user_text_rewrites_quoted_paths_only(void **state)
{
	char tmpl[] = "/tmp/ml-usertext-XXXXXX", *old = getcwd(NULL, 0), *got;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(chdir(tmpl), 0);
	assert_int_equal(system("mkdir -p bin/deep && touch monolock.lock"), 0);
	got = ml_project_user_text("bin/deep/", "monolock.lock: cannot open 'monolock.lock'; "
						"'bin/deep/x' in 'bin/deep/nosuch', not 'fmt' or "
						"'don''t'\n'a\nb'");
	assert_string_equal(got, "../../monolock.lock: cannot open '../../monolock.lock'; 'x' in "
				 "'nosuch', not 'fmt' or 'don''t'\n'a\nb'");
	free(got);
	got = ml_project_user_text("bin/", "alpha: checksum mismatch for 'x'");
	assert_string_equal(got, "alpha: checksum mismatch for 'x'");
	free(got);
	assert_int_equal(chdir(old), 0);
	got = ml_xasprintf("rm -rf %s", tmpl);
	assert_int_equal(system(got), 0);
	free(got);
	free(old);
}

static void project_user_text_rewrites_unquoted_paths_that_exist(void **state)
{
	char tmpl[] = "/tmp/ml-usertext-XXXXXX", *old = getcwd(NULL, 0), *got;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(chdir(tmpl), 0);
	assert_int_equal(system("mkdir -p p/bin repo/packages/a duniverse/x && touch p/a.opam "
				"repo/packages/a/opam duniverse/dune"),
			 0);
	assert_int_equal(chdir("p"), 0);
	/* from the project p/, the user in p/bin/: paths that exist from p/, quoted or not */
	got = ml_project_user_text("bin/", "./a.opam:2:16: undefined variable 'x' in 2 places "
					   "(first ../repo/packages/a/opam:3:8)");
	assert_string_equal(got, "../a.opam:2:16: undefined variable 'x' in 2 places (first "
				 "../../repo/packages/a/opam:3:8)");
	free(got);
	got = ml_project_user_text("bin/", "repository '../repo': no such thing as ../nosuch/x, "
					   "1.0/2 or http://h/a");
	assert_string_equal(got, "repository '../../repo': no such thing as ../nosuch/x, 1.0/2 or "
				 "http://h/a");
	free(got);
	assert_int_equal(chdir(".."), 0);
	got = ml_project_user_text("bin/", "duniverse/x/ is not in the lock (duniverse/dune uses)");
	assert_string_equal(got, "../duniverse/x/ is not in the lock (../duniverse/dune uses)");
	free(got);
	assert_int_equal(chdir(old), 0);
	got = ml_xasprintf("rm -rf %s", tmpl);
	assert_int_equal(system(got), 0);
	free(got);
	free(old);
}

static void project_discover_walks_up_to_a_repository_root(void **state)
{
	char tmpl[] = "/tmp/ml-discover-XXXXXX";
	char *top = mkdtemp(tmpl), *root = NULL, *prefix = NULL, *start, *inner, *sh;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	assert_non_null(top);
	start = ml_xasprintf("%s/proj/bin/deep", top);
	inner = ml_xasprintf("%s/proj/sub/src", top);
	sh = ml_xasprintf("mkdir -p %s %s %s/proj/sub/.git %s/proj/duniverse/fmt && touch "
			  "%s/proj/app.opam %s/proj/duniverse/fmt/fmt.opam",
			  start, inner, top, top, top, top);
	assert_int_equal(system(sh), 0);
	free(sh);
	assert_int_equal(ml_project_discover(&root, &prefix, start, &err), 0);
	assert_true(ml_ends_with(root, "/proj"));
	assert_string_equal(prefix, "bin/deep/");
	free(root);
	free(prefix);
	/* a vendored source's opam file is not the project */
	free(start);
	start = ml_xasprintf("%s/proj/duniverse/fmt", top);
	assert_int_equal(ml_project_discover(&root, &prefix, start, &err), 0);
	assert_string_equal(prefix, "duniverse/fmt/");
	free(root);
	free(prefix);
	/* sub/ is a repository's root: the search stops there */
	assert_int_equal(ml_project_discover(&root, &prefix, inner, &err), ML_ENOTFOUND);
	ml_error_release(&err);
	sh = ml_xasprintf("rm -rf %s", top);
	assert_int_equal(system(sh), 0);
	free(sh);
	free(start);
	free(inner);
}

struct counted {
	atomic_int *calls;
	pthread_t caller;
	atomic_int unmasked; /* calls on another thread that could take SIGINT */
};

static void count_call(void *ctx, size_t i)
{
	struct counted *c = ctx;
	sigset_t now;

	atomic_fetch_add(&c->calls[i], 1);
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	if (!pthread_equal(pthread_self(), c->caller) && !sigismember(&now, SIGINT))
		atomic_fetch_add(&c->unmasked, 1);
}

static void parallel_for_calls_each_index_once(void **state)
{
	static const size_t sizes[] = { 0, 1, 3, 1000 };
	static const unsigned threads[] = { 1, 2, 8 };
	sigset_t before, after;

	(void)state;
	pthread_sigmask(SIG_BLOCK, NULL, &before);
	for (size_t s = 0; s < ML_ARRAY_SIZE(sizes); s++) {
		for (size_t t = 0; t < ML_ARRAY_SIZE(threads); t++) {
			struct counted c = { ml_calloc(sizes[s] + 1, sizeof(atomic_int)),
					     pthread_self(), 0 };

			ml_parallel_for(sizes[s], threads[t], count_call, &c);
			for (size_t i = 0; i < sizes[s]; i++)
				assert_int_equal(atomic_load(&c.calls[i]), 1);
			assert_int_equal(atomic_load(&c.calls[sizes[s]]), 0);
			assert_int_equal(atomic_load(&c.unmasked), 0);
			free(c.calls);
		}
	}
	/* the caller's own mask is as it was */
	pthread_sigmask(SIG_BLOCK, NULL, &after);
	assert_int_equal(sigismember(&after, SIGINT), sigismember(&before, SIGINT));
	assert_int_equal(sigismember(&after, SIGTERM), sigismember(&before, SIGTERM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_valid_follows_rfc3629),
		cmocka_unit_test(buf_starts_empty_and_terminated),
		cmocka_unit_test(buf_add_and_format),
		cmocka_unit_test(buf_grows_past_first_allocation),
		cmocka_unit_test(buf_detach_hands_over),
		cmocka_unit_test(strvec_sort_uniq),
		cmocka_unit_test(parallel_for_calls_each_index_once),
		cmocka_unit_test(sort_once_sorts_only_unsorted),
		cmocka_unit_test(parse_long_is_strict),
		cmocka_unit_test(error_formats_position),
		cmocka_unit_test(fs_atomic_write_and_read),
		cmocka_unit_test(fs_helpers_never_follow_planted_entries),
		cmocka_unit_test(link_inside_rule),
		cmocka_unit_test(copy_tree_keeps_files_modes_and_inner_links),
		cmocka_unit_test(copy_tree_refuses_escaping_links),
		cmocka_unit_test(fs_sync_helpers),
		cmocka_unit_test(suggest_closest_name),
		cmocka_unit_test(project_rebase_keeps_the_users_meaning),
		cmocka_unit_test(project_unbase_gives_the_users_path),
		cmocka_unit_test(project_user_text_rewrites_quoted_paths_only),
		cmocka_unit_test(project_user_text_rewrites_unquoted_paths_that_exist),
		cmocka_unit_test(project_discover_walks_up_to_a_repository_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
