/* Unit tests for lib/workspace.c and lib/gen_dune.c: staging, swaps, manifests, edits,
 * recovery of interrupted runs, and the dune generator. No network: the populate step
 * writes files from a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/ml.h"
#include "lib/ucache.h"

struct fixture {
	char *tmp;
	char *ws_root;
	int hashes; /* how many files the hash callback saw */
};

static int fnv_hash(void *ctx, const char *path, struct ml_buf *out, struct ml_error *err)
{
	struct fixture *f = ctx;
	struct ml_buf b = ML_BUF_INIT;
	uint64_t h = 1469598103934665603ull;
	int ret = ml_fs_read(&b, path, 1u << 30, err);

	if (ret)
		return ret;
	for (size_t i = 0; i < b.len; i++) {
		h ^= (unsigned char)b.buf[i];
		h *= 1099511628211ull;
	}
	ml_buf_addf(out, "fnv=%016llx", (unsigned long long)h);
	ml_buf_release(&b);
	f->hashes++;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = ml_calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/test-workspace.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	f->tmp = ml_strdup(tmpl);
	f->ws_root = ml_path_join(f->tmp, "duniverse");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	ml_fs_remove_tree(f->tmp, NULL);
	free(f->tmp);
	free(f->ws_root);
	free(f);
	return 0;
}

static struct ml_workspace *open_ws(struct fixture *f)
{
	struct ml_workspace *ws = NULL;
	struct ml_error err = ML_ERROR_INIT;

	if (ml_workspace_open(&ws, f->ws_root, fnv_hash, f, &err))
		fail_msg("open: %s", err.msg);
	return ws;
}

static char *wpath(struct fixture *f, const char *rel)
{
	return ml_path_join(f->ws_root, rel);
}

static void write_at(const char *root, const char *rel, const char *content)
{
	char *p = ml_path_join(root, rel);
	char *slash = strrchr(p, '/');

	*slash = '\0';
	assert_int_equal(ml_fs_mkdirs(p, 0755, NULL), 0);
	*slash = '/';
	assert_int_equal(ml_fs_write_atomic(p, content, strlen(content), 0644, NULL), 0);
	free(p);
}

static char *read_at(const char *root, const char *rel)
{
	struct ml_buf b = ML_BUF_INIT;
	char *p = ml_path_join(root, rel);

	if (ml_fs_read(&b, p, 1 << 20, NULL)) {
		free(p);
		return NULL;
	}
	free(p);
	return ml_buf_detach(&b, NULL);
}

static void assert_file(struct fixture *f, const char *rel, const char *want)
{
	char *got = read_at(f->ws_root, rel);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/*
 * Populate from a table: the source's content is "<dir> <key>" in file main.ml, plus extra
 * files when the key says so. A key "fail" makes populate fail.
 */
static int populate(void *ctx, const struct ml_ws_item *item, const char *staging,
		    struct ml_error *err)
{
	char *content = ml_xasprintf("%s %s", item->dir, item->key);

	(void)ctx;
	if (!strcmp(item->key, "fail")) {
		write_at(staging, "half-written.ml", "x");
		free(content);
		return ml_error_set(err, ML_ENET, "%s: download failed", item->dir);
	}
	write_at(staging, "main.ml", content);
	write_at(staging, "src/lib.ml", item->key);
	if (strstr(item->key, "git")) {
		write_at(staging, ".git/HEAD", "ref");
		write_at(staging, "sub/.git/config", "x");
		write_at(staging, "duniverse/other/x.ml", "nested");
	}
	free(content);
	return 0;
}

static int done_count;

static void on_done(void *ctx, const struct ml_ws_item *item)
{
	(void)ctx;
	(void)item;
	done_count++;
}

/* Plans `wants` (pairs dir, key, terminated by NULL) and applies with flags; returns the
 * apply's code. The plan is returned in *plan_out when given. */
static int pull(struct fixture *f, const char *const *wants, const struct ml_strvec *only,
		unsigned flags, struct ml_ws_plan *plan_out)
{
	struct ml_workspace *ws = open_ws(f);
	struct ml_ws_want w[16];
	struct ml_ws_plan plan;
	struct ml_error err = ML_ERROR_INIT;
	size_t n = 0;
	int ret;

	for (; wants[2 * n]; n++)
		w[n] = (struct ml_ws_want){ wants[2 * n], wants[2 * n + 1] };
	ml_ws_plan_init(&plan);
	ret = ml_workspace_plan(&plan, ws, w, n, only, &err);
	if (!ret)
		ret = ml_workspace_apply(ws, &plan, flags, populate, on_done, NULL, &err);
	if (plan_out)
		*plan_out = plan;
	else
		ml_ws_plan_release(&plan);
	ml_error_release(&err);
	ml_workspace_free(ws);
	return ret;
}

static ino_t inode_of(struct fixture *f, const char *rel)
{
	struct stat st;
	char *p = wpath(f, rel);

	assert_int_equal(lstat(p, &st), 0);
	free(p);
	return st.st_ino;
}

static bool exists(struct fixture *f, const char *rel)
{
	char *p = wpath(f, rel);
	bool e = ml_fs_exists(p);

	free(p);
	return e;
}

static void create_then_keep_untouched(void **state)
{
	struct fixture *f = *state;
	const char *const wants[] = { "a", "k1", "b", "k1", NULL };
	struct ml_ws_plan plan;
	ino_t ino;

	done_count = 0;
	assert_int_equal(pull(f, wants, NULL, 0, &plan), 0);
	assert_int_equal(ml_ws_plan_count(&plan, ML_WS_CREATE), 2);
	assert_int_equal(done_count, 2);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k1");
	assert_file(f, "b/src/lib.ml", "k1");
	assert_true(exists(f, ".monolock/manifests/a"));
	ino = inode_of(f, "a/main.ml");

	f->hashes = 0;
	assert_int_equal(pull(f, wants, NULL, 0, &plan), 0);
	assert_int_equal(ml_ws_plan_count(&plan, ML_WS_KEEP), 2);
	assert_int_equal(plan.nitems, 2);
	ml_ws_plan_release(&plan);
	assert_int_equal(f->hashes, 0); /* unchanged directories are not even read */
	assert_int_equal(inode_of(f, "a/main.ml"), ino);
}

static void replace_swaps_new_content(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", NULL };
	const char *const v2[] = { "a", "k2", "b", "k1", NULL };
	struct ml_ws_plan plan;
	ino_t ino_b;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	write_at(f->ws_root, ".monolock/staging/junk/x", "left by a crash");
	ino_b = inode_of(f, "b/main.ml");
	assert_int_equal(pull(f, v2, NULL, 0, &plan), 0);
	assert_int_equal(plan.items[0].action, ML_WS_REPLACE);
	assert_int_equal(plan.items[1].action, ML_WS_KEEP);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k2");
	assert_int_equal(inode_of(f, "b/main.ml"), ino_b);
	/* nothing left beside the workspace */
	assert_false(exists(f, ".monolock/staging/a"));
	assert_false(exists(f, ".monolock/staging/junk"));
	assert_false(exists(f, ".monolock/pending/a"));
	assert_false(exists(f, ".monolock/aside/a"));
}

static void removed_source_is_removed(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", NULL };
	const char *const v2[] = { "a", "k1", NULL };
	struct ml_ws_plan plan;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	write_at(f->ws_root, "dune", "(vendored_dirs *)\n");
	assert_int_equal(pull(f, v2, NULL, 0, &plan), 0);
	assert_int_equal(plan.nitems, 2);
	assert_string_equal(plan.items[1].dir, "b");
	assert_int_equal(plan.items[1].action, ML_WS_REMOVE);
	ml_ws_plan_release(&plan);
	assert_false(exists(f, "b"));
	assert_false(exists(f, ".monolock/manifests/b"));
	assert_true(exists(f, "a/main.ml"));
	assert_true(exists(f, "dune")); /* plain files are not directories of the workspace */
}

static void edits_block_until_forced(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", "c", "k1", NULL };
	const char *const v2[] = { "a", "k2", "b", "k1", NULL };
	struct ml_ws_plan plan;
	char *p;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	write_at(f->ws_root, "a/main.ml", "edited");
	write_at(f->ws_root, "a/new.ml", "added");
	p = wpath(f, "a/src/lib.ml");
	assert_int_equal(unlink(p), 0);
	free(p);
	write_at(f->ws_root, "c/main.ml", "edited too");
	write_at(f->ws_root, "b/notes.txt", "b is kept, its edits do not matter");

	assert_int_equal(pull(f, v2, NULL, 0, &plan), ML_EMODIFIED);
	assert_int_equal(plan.nedits, 4);
	assert_string_equal(plan.edits[0].dir, "a");
	assert_string_equal(plan.edits[0].path, "main.ml");
	assert_int_equal(plan.edits[0].kind, ML_WS_MODIFIED);
	assert_string_equal(plan.edits[1].path, "new.ml");
	assert_int_equal(plan.edits[1].kind, ML_WS_ADDED);
	assert_string_equal(plan.edits[2].path, "src/lib.ml");
	assert_int_equal(plan.edits[2].kind, ML_WS_DELETED);
	assert_string_equal(plan.edits[3].dir, "c");
	assert_string_equal(ml_ws_edit_kind_name(plan.edits[3].kind), "modified");
	ml_ws_plan_release(&plan);
	/* refused: nothing changed */
	assert_file(f, "a/main.ml", "edited");
	assert_true(exists(f, "c/main.ml"));

	assert_int_equal(pull(f, v2, NULL, ML_WS_FORCE, NULL), 0);
	assert_file(f, "a/main.ml", "a k2");
	assert_false(exists(f, "a/new.ml"));
	assert_false(exists(f, "c"));
	assert_file(f, "b/notes.txt", "b is kept, its edits do not matter");
}

static void mode_and_link_changes_are_edits(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	const char *const v2[] = { "a", "k2", NULL };
	struct ml_ws_plan plan;
	char *p;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	p = wpath(f, "a/main.ml");
	assert_int_equal(chmod(p, 0755), 0);
	free(p);
	p = wpath(f, "a/link");
	assert_int_equal(symlink("main.ml", p), 0);
	free(p);
	assert_int_equal(pull(f, v2, NULL, 0, &plan), ML_EMODIFIED);
	assert_int_equal(plan.nedits, 2);
	assert_string_equal(plan.edits[0].path, "link");
	assert_int_equal(plan.edits[0].kind, ML_WS_ADDED);
	assert_string_equal(plan.edits[1].path, "main.ml");
	assert_int_equal(plan.edits[1].kind, ML_WS_MODIFIED);
	ml_ws_plan_release(&plan);
}

static int populate_odd_names(void *ctx, const struct ml_ws_item *item, const char *staging,
			      struct ml_error *err)
{
	char *p;

	(void)ctx;
	(void)item;
	(void)err;
	write_at(staging, "with space/100% odd\nname.ml", "x");
	write_at(staging, "bin/run", "#!/bin/sh\n");
	p = ml_path_join(staging, "bin/run");
	assert_int_equal(chmod(p, 0755), 0);
	free(p);
	p = ml_path_join(staging, "bin/alias");
	assert_int_equal(symlink("run", p), 0);
	free(p);
	return 0;
}

static void odd_names_links_and_modes_round_trip(void **state)
{
	struct fixture *f = *state;
	struct ml_workspace *ws = open_ws(f);
	struct ml_ws_want w = { "odd", "k1" };
	struct ml_ws_plan plan, diff;
	struct ml_error err = ML_ERROR_INIT;

	ml_ws_plan_init(&plan);
	ml_ws_plan_init(&diff);
	assert_int_equal(ml_workspace_plan(&plan, ws, &w, 1, NULL, &err), 0);
	assert_int_equal(ml_workspace_apply(ws, &plan, 0, populate_odd_names, NULL, NULL, &err), 0);
	assert_int_equal(ml_workspace_diff(&diff, ws, "odd", &err), 0);
	assert_int_equal(diff.nedits, 0);
	assert_true(exists(f, "odd/with space/100% odd\nname.ml"));
	ml_ws_plan_release(&plan);
	ml_ws_plan_release(&diff);
	ml_workspace_free(ws);
}

/*
 * A directory monolock did not write is an edit where the lock wants that name; elsewhere it
 * is the user's, left alone (plan.foreign).
 */
static void untracked_directory_is_kept_unless_wanted(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	struct ml_ws_plan plan;

	ml_workspace_free(open_ws(f)); /* a workspace monolock made, then edited by hand */
	write_at(f->ws_root, "mine/file.ml", "not from monolock");
	write_at(f->ws_root, "a/file.ml", "nor this");
	assert_int_equal(pull(f, v1, NULL, 0, &plan), ML_EMODIFIED);
	assert_int_equal(plan.nedits, 1);
	assert_string_equal(plan.edits[0].dir, "a");
	assert_null(plan.edits[0].path);
	assert_int_equal(plan.edits[0].kind, ML_WS_UNTRACKED);
	assert_int_equal(plan.nitems, 1);
	assert_int_equal(plan.foreign.n, 1);
	assert_string_equal(plan.foreign.v[0], "mine");
	ml_ws_plan_release(&plan);
	assert_true(exists(f, "mine/file.ml"));
	assert_int_equal(pull(f, v1, NULL, ML_WS_FORCE, NULL), 0);
	assert_true(exists(f, "mine/file.ml"));
	assert_file(f, "a/main.ml", "a k1");
}

/* ML_EUNSAFE from opening the workspace, with the advice to move it away. */
static void assert_refused(struct fixture *f)
{
	struct ml_workspace *ws = NULL;
	struct ml_error err = ML_ERROR_INIT;

	assert_int_equal(ml_workspace_open(&ws, f->ws_root, fnv_hash, f, &err), ML_EUNSAFE);
	assert_null(ws);
	assert_non_null(strstr(err.msg, f->ws_root));
	assert_non_null(strstr(err.msg, "move it away"));
	ml_error_release(&err);
}

/*
 * A workspace that is a link (to a home directory, say) or a non-empty directory monolock
 * did not make is refused before anything is touched, forced or not; so are links in
 * monolock's state directory. An empty directory is adopted.
 */
static void foreign_or_linked_workspace_is_refused(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	char *home = ml_path_join(f->tmp, "home");
	char *state_dir = wpath(f, ".monolock");
	char *aside = wpath(f, ".monolock/aside");

	write_at(home, "Documents/letter.txt", "dear");
	assert_int_equal(symlink(home, f->ws_root), 0);
	assert_refused(f);
	assert_file(f, "Documents/letter.txt", "dear");
	assert_false(exists(f, ".monolock"));
	assert_int_equal(unlink(f->ws_root), 0);

	/* a directory of someone else's sources */
	write_at(f->ws_root, "theirs/x.ml", "let x = 1");
	assert_refused(f);
	assert_file(f, "theirs/x.ml", "let x = 1");
	assert_false(exists(f, ".monolock"));
	assert_int_equal(ml_fs_remove_tree(f->ws_root, NULL), 0);

	/* monolock's state leading elsewhere: .monolock itself, or its aside/ */
	assert_int_equal(mkdir(f->ws_root, 0755), 0);
	assert_int_equal(symlink(home, state_dir), 0);
	assert_refused(f);
	assert_int_equal(unlink(state_dir), 0);
	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0); /* an empty directory is adopted */
	assert_int_equal(ml_fs_remove_tree(aside, NULL), 0);
	assert_int_equal(symlink(home, aside), 0);
	{
		struct ml_workspace *ws = NULL;
		struct ml_error err = ML_ERROR_INIT;

		assert_int_equal(ml_workspace_open(&ws, f->ws_root, fnv_hash, f, &err), ML_EUNSAFE);
		assert_non_null(strstr(err.msg, "aside"));
		ml_error_release(&err);
	}
	{
		char *letter = ml_path_join(home, "Documents/letter.txt");

		assert_true(ml_fs_exists(letter));
		free(letter);
	}
	free(home);
	free(state_dir);
	free(aside);
}

/* A manifest that is a link or a directory was not written by monolock: absent, replaced. */
static void planted_manifests_are_absent(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	char *victim = ml_path_join(f->tmp, "victim");
	char *m = wpath(f, ".monolock/manifests/a");
	struct ml_buf b = ML_BUF_INIT;
	struct stat st;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	assert_int_equal(ml_fs_read(&b, m, 1 << 20, NULL), 0);
	assert_int_equal(ml_fs_write_atomic(victim, b.buf, b.len, 0644, NULL), 0);
	assert_int_equal(unlink(m), 0);
	assert_int_equal(symlink(victim, m), 0);
	assert_int_equal(pull(f, v1, NULL, 0, NULL), ML_EMODIFIED); /* untracked now */
	assert_int_equal(pull(f, v1, NULL, ML_WS_FORCE, NULL), 0);
	assert_int_equal(lstat(m, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(unlink(m), 0);
	assert_int_equal(mkdir(m, 0755), 0);
	assert_int_equal(pull(f, v1, NULL, ML_WS_FORCE, NULL), 0);
	assert_int_equal(lstat(m, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	assert_true(ml_fs_exists(victim));
	ml_buf_release(&b);
	free(victim);
	free(m);
}

/*
 * A link in the workspace is the user's (a checkout, say): never followed, never replaced or
 * removed, whether the lock names its directory or drops it. Removing a tree never follows
 * a link either.
 */
static void link_at_a_source_dir_is_not_followed(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", NULL };
	const char *const v2[] = { "a", "k2", NULL };
	char *home = ml_path_join(f->tmp, "home");
	char *b = wpath(f, "b"), *a = wpath(f, "a");
	char *letter = ml_path_join(home, "Documents/letter.txt");

	write_at(home, "Documents/letter.txt", "dear");
	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	/* b, which the lock drops, and a, which it replaces, become links to home */
	assert_int_equal(ml_fs_remove_tree(b, NULL), 0);
	assert_int_equal(symlink(home, b), 0);
	assert_int_equal(ml_fs_remove_tree(a, NULL), 0);
	assert_int_equal(symlink(home, a), 0);
	assert_int_equal(pull(f, v2, NULL, 0, NULL), 0);
	assert_int_equal(pull(f, v2, NULL, ML_WS_FORCE, NULL), 0);
	{
		struct stat st;

		assert_int_equal(lstat(a, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		assert_int_equal(lstat(b, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
	}
	assert_true(ml_fs_exists(letter));
	assert_int_equal(unlink(b), 0);
	/* ml_fs_remove_tree never follows a link, at the top or below */
	assert_int_equal(symlink(home, b), 0);
	assert_int_equal(ml_fs_remove_tree(b, NULL), 0);
	assert_true(ml_fs_exists(letter));
	write_at(b, "x", "x");
	{
		char *in = ml_path_join(b, "home");

		assert_int_equal(symlink(home, in), 0);
		free(in);
	}
	assert_int_equal(ml_fs_remove_tree(b, NULL), 0);
	assert_false(ml_fs_exists(b));
	assert_true(ml_fs_exists(letter));
	free(letter);
	free(home);
	free(a);
	free(b);
}

static void only_pulls_the_named_directories(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", "c", "k1", NULL };
	const char *const v2[] = { "a", "k2", "b", "k2", NULL };
	struct ml_strvec only = ML_STRVEC_INIT;
	struct ml_ws_plan plan;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	ml_strvec_push(&only, "b");
	assert_int_equal(pull(f, v2, &only, 0, &plan), 0);
	assert_int_equal(plan.nitems, 1);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k1");
	assert_file(f, "b/main.ml", "b k2");
	assert_true(exists(f, "c"));

	ml_strvec_push(&only, "c"); /* no longer in the lock, but present: removed */
	assert_int_equal(pull(f, v2, &only, 0, NULL), 0);
	assert_false(exists(f, "c"));

	ml_strvec_release(&only);
	ml_strvec_push(&only, "nope");
	assert_int_equal(pull(f, v2, &only, 0, NULL), ML_EUSAGE);
	ml_strvec_release(&only);
}

static void unsafe_names_are_refused_before_writing(void **state)
{
	struct fixture *f = *state;
	const char *const bad1[] = { "ok", "k1", "../escape", "k1", NULL };
	const char *const bad2[] = { ".hidden", "k1", NULL };
	const char *const dup[] = { "a", "k1", "a", "k2", NULL };

	assert_int_equal(pull(f, bad1, NULL, 0, NULL), ML_EUNSAFE);
	assert_int_equal(pull(f, bad2, NULL, 0, NULL), ML_EUNSAFE);
	assert_int_equal(pull(f, dup, NULL, 0, NULL), ML_EUSAGE);
	assert_false(exists(f, "ok"));
	assert_false(ml_fs_exists("escape"));
}

static void failed_populate_leaves_old_directory(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", "c", "k1", NULL };
	const char *const v2[] = { "a", "k2", "b", "fail", "c", "k2", NULL };
	struct ml_ws_plan plan;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	assert_int_equal(pull(f, v2, NULL, 0, &plan), ML_ENET);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k2"); /* done before the failure: new */
	assert_file(f, "b/main.ml", "b k1"); /* failed: old */
	assert_file(f, "c/main.ml", "c k1"); /* not reached: old */
	assert_false(exists(f, "b/half-written.ml"));
	assert_false(exists(f, ".monolock/staging/b"));
	/* the next pull completes the job */
	const char *const v3[] = { "a", "k2", "b", "k2", "c", "k2", NULL };
	assert_int_equal(pull(f, v3, NULL, 0, &plan), 0);
	assert_int_equal(ml_ws_plan_count(&plan, ML_WS_KEEP), 1);
	ml_ws_plan_release(&plan);
	assert_file(f, "b/main.ml", "b k2");
	assert_file(f, "c/main.ml", "c k2");
}

static void git_dirs_dropped_unless_kept(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "git1", NULL };
	const char *const v2[] = { "a", "git2", NULL };

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	assert_true(exists(f, "a/main.ml"));
	assert_false(exists(f, "a/.git"));
	assert_false(exists(f, "a/sub/.git"));
	assert_false(exists(f, "a/duniverse"));
	assert_int_equal(pull(f, v2, NULL, ML_WS_KEEP_GIT, NULL), 0);
	assert_file(f, "a/.git/HEAD", "ref");
	assert_true(exists(f, "a/duniverse/other/x.ml"));
}

/*
 * Every directory is prepared (manifest written) before any moves; a swap that fails stops
 * the batch: those before it are new and recorded, it and those after are old, with nothing
 * left staged or pending.
 */
static void commit_all_stops_at_first_failure(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", "b", "k1", "c", "k1", NULL };
	const char *const v2[] = { "a", "k2", "b", "k1", "c", "k1", NULL };
	const char *const dirs[] = { "a", "b", "c" };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_workspace *ws;
	struct ml_ws_plan plan;
	size_t done = 99;
	char *staging, *content;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	ws = open_ws(f);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(ml_workspace_stage(&staging, ws, dirs[i], &err), 0);
		content = ml_xasprintf("%s k2", dirs[i]);
		write_at(staging, "main.ml", content);
		assert_int_equal(ml_workspace_prepare(ws, dirs[i], "k2", 0, &err), 0);
		free(content);
		free(staging);
	}
	assert_true(exists(f, ".monolock/pending/c"));
	staging = wpath(f, ".monolock/staging/b");
	assert_int_equal(ml_fs_remove_tree(staging, NULL), 0);
	free(staging);
	assert_int_equal(ml_workspace_commit_all(&done, ws, dirs, 3, &err), ML_EIO);
	assert_non_null(strstr(err.msg, "staging/b"));
	assert_int_equal(done, 1);
	assert_file(f, "a/main.ml", "a k2");
	assert_file(f, "b/main.ml", "b k1");
	assert_file(f, "c/main.ml", "c k1");
	assert_false(exists(f, ".monolock/pending/a"));
	assert_false(exists(f, ".monolock/pending/b"));
	assert_false(exists(f, ".monolock/pending/c"));
	assert_false(exists(f, ".monolock/staging/a"));
	assert_false(exists(f, ".monolock/staging/c"));
	ml_workspace_free(ws);
	/* a's manifest was recorded: it is up to date at k2 */
	assert_int_equal(pull(f, v2, NULL, 0, &plan), 0);
	assert_int_equal(ml_ws_plan_count(&plan, ML_WS_KEEP), 3);
	assert_int_equal(plan.nedits, 0);
	ml_ws_plan_release(&plan);
	ml_error_release(&err);
}

/* Writes a pending manifest by hand, as commit does before its swap. */
static void write_pending(struct fixture *f, const char *dir, const char *key,
			  const char *staged_rel)
{
	struct stat st;
	char *staged = wpath(f, staged_rel);
	char *rel = ml_xasprintf(".monolock/pending/%s", dir);
	char *text;

	assert_int_equal(stat(staged, &st), 0);
	text = ml_xasprintf("monolock-manifest/1\nkey %s\ninode %llu %llu\n", key,
			    (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	write_at(f->ws_root, rel, text);
	free(text);
	free(rel);
	free(staged);
}

static void recover_completes_exchanged_swap(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	const char *const v2[] = { "a", "k2", NULL };
	struct ml_ws_plan plan;
	char *from, *to;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	/* killed after RENAME_EXCHANGE: new in place, pending manifest not yet renamed */
	write_at(f->ws_root, ".monolock/staging/a/main.ml", "a k2");
	from = wpath(f, ".monolock/staging/a");
	to = wpath(f, "a");
	assert_int_equal(renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE), 0);
	write_pending(f, "a", "k2", "a");
	free(from);
	free(to);
	assert_int_equal(pull(f, v2, NULL, 0, &plan), 0);
	assert_int_equal(plan.items[0].action, ML_WS_KEEP);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k2");
	assert_false(exists(f, ".monolock/staging/a"));
}

static void recover_discards_unswapped_stage(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	struct ml_ws_plan plan;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	/* killed after writing the pending manifest, before the swap */
	write_at(f->ws_root, ".monolock/staging/a/main.ml", "a k2");
	write_pending(f, "a", "k2", ".monolock/staging/a");
	assert_int_equal(pull(f, v1, NULL, 0, &plan), 0);
	assert_int_equal(plan.items[0].action, ML_WS_KEEP);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k1");
	assert_false(exists(f, ".monolock/pending/a"));
	assert_false(exists(f, ".monolock/staging/a"));
}

static void recover_rolls_forward_half_done_rename(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	const char *const v2[] = { "a", "k2", NULL };
	struct ml_ws_plan plan;
	char *from, *to;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	/* rename-aside swap killed between its two renames: the workspace lacks a/ */
	write_at(f->ws_root, ".monolock/staging/a/main.ml", "a k2");
	write_pending(f, "a", "k2", ".monolock/staging/a");
	from = wpath(f, "a");
	to = wpath(f, ".monolock/aside/a");
	assert_int_equal(rename(from, to), 0);
	free(from);
	free(to);
	assert_int_equal(pull(f, v2, NULL, 0, &plan), 0);
	assert_int_equal(plan.items[0].action, ML_WS_KEEP);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k2");
	assert_false(exists(f, ".monolock/aside/a"));
}

static void recover_restores_interrupted_removal(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	struct ml_ws_plan plan;
	char *from, *to;

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	from = wpath(f, "a");
	to = wpath(f, ".monolock/aside/a");
	assert_int_equal(rename(from, to), 0);
	free(from);
	free(to);
	assert_int_equal(pull(f, v1, NULL, 0, &plan), 0);
	assert_int_equal(plan.items[0].action, ML_WS_KEEP);
	ml_ws_plan_release(&plan);
	assert_file(f, "a/main.ml", "a k1");
}

static void malformed_manifest_is_a_parse_error(void **state)
{
	struct fixture *f = *state;
	const char *const v1[] = { "a", "k1", NULL };
	const char *const v2[] = { "a", "k2", NULL };

	assert_int_equal(pull(f, v1, NULL, 0, NULL), 0);
	write_at(f->ws_root, ".monolock/manifests/a",
		 "monolock-manifest/1\nkey k1\nf %zz main.ml\n");
	assert_int_equal(pull(f, v2, NULL, 0, NULL), ML_EPARSE);
	write_at(f->ws_root, ".monolock/manifests/a", "something else\n");
	assert_int_equal(pull(f, v2, NULL, 0, NULL), ML_EPARSE);
	assert_file(f, "a/main.ml", "a k1");
}

static int populate_many(void *ctx, const struct ml_ws_item *item, const char *staging,
			 struct ml_error *err)
{
	(void)ctx;
	(void)item;
	(void)err;
	/* a manifest of ~12 KB: more than one read */
	for (int i = 0; i < 200; i++) {
		char *rel = ml_xasprintf("src/a-rather-long-module-name-%03d.ml", i);

		write_at(staging, rel, rel);
		free(rel);
	}
	write_at(staging, "with space/100% odd\nname.ml", "x");
	return 0;
}

/* Status of `dir` on ws: its state and number of edits. */
static enum ml_ws_state status_of(struct ml_workspace *ws, const struct ml_ws_want *w,
				  size_t *nedits)
{
	struct ml_ws_status st;
	struct ml_error err = ML_ERROR_INIT;
	enum ml_ws_state state;

	ml_ws_status_init(&st);
	if (ml_workspace_status(&st, ws, w, 1, NULL, 0, &err))
		fail_msg("status: %s", err.msg);
	assert_int_equal(st.ndirs, 1);
	state = st.dirs[0].state;
	*nedits = st.dirs[0].nedits;
	ml_ws_status_release(&st);
	ml_error_release(&err); /* what an absent manifest said */
	return state;
}

/* The state of w after a plan on the same workspace (what a no-op pull reads), and alone. */
static enum ml_ws_state noop_state(struct fixture *f, const struct ml_ws_want *w, size_t *nedits)
{
	struct ml_workspace *ws = open_ws(f);
	struct ml_ws_plan plan;
	struct ml_error err = ML_ERROR_INIT;
	enum ml_ws_state after_plan, alone;
	size_t n;

	ml_ws_plan_init(&plan);
	assert_int_equal(ml_workspace_plan(&plan, ws, w, 1, NULL, &err), 0);
	after_plan = status_of(ws, w, nedits);
	ml_ws_plan_release(&plan);
	ml_error_release(&err);
	ml_workspace_free(ws);
	ws = open_ws(f);
	alone = status_of(ws, w, &n);
	ml_workspace_free(ws);
	assert_int_equal(after_plan, alone);
	assert_int_equal(*nedits, n);
	return alone;
}

/*
 * A manifest is read whole however it is shaped: larger than one read, with escaped names,
 * its lines out of order (sorted again); a status after the plan (its manifests kept) says
 * what a status alone says. A fifo in its place is absent, and is not waited on.
 */
static void manifests_of_any_shape_read_whole(void **state)
{
	struct fixture *f = *state;
	struct ml_workspace *ws = open_ws(f);
	struct ml_ws_want w = { "many", "k1" };
	struct ml_ws_plan plan;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT, rev = ML_BUF_INIT;
	char *m = wpath(f, ".monolock/manifests/many");
	size_t nedits, nlines = 0;
	const char *lines[300];

	ml_ws_plan_init(&plan);
	assert_int_equal(ml_workspace_plan(&plan, ws, &w, 1, NULL, &err), 0);
	assert_int_equal(ml_workspace_apply(ws, &plan, 0, populate_many, NULL, NULL, &err), 0);
	ml_ws_plan_release(&plan);
	ml_workspace_free(ws);
	assert_int_equal(ml_fs_read(&b, m, 1 << 20, NULL), 0);
	assert_true(b.len > 8192); /* several reads */

	assert_int_equal(noop_state(f, &w, &nedits), ML_WS_CLEAN);
	assert_int_equal(nedits, 0);
	write_at(f->ws_root, "many/src/a-rather-long-module-name-199.ml", "edited");
	write_at(f->ws_root, "many/with space/100% odd\nname.ml", "y");
	assert_int_equal(noop_state(f, &w, &nedits), ML_WS_EDITED);
	assert_int_equal(nedits, 2);
	write_at(f->ws_root, "many/src/a-rather-long-module-name-199.ml",
		 "src/a-rather-long-module-name-199.ml");
	write_at(f->ws_root, "many/with space/100% odd\nname.ml", "x");
	assert_int_equal(noop_state(f, &w, &nedits), ML_WS_CLEAN);

	/* the same manifest, its file lines in reverse order */
	for (char *p = b.buf, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		assert_true(nlines < 300);
		lines[nlines++] = p;
	}
	for (size_t i = 0; i < nlines; i++) {
		const char *l = lines[i][0] == 'f' ? lines[nlines - 1 - (i - 3)] : lines[i];

		assert_true(i < 3 || lines[i][0] == 'f');
		ml_buf_addf(&rev, "%s\n", l);
	}
	assert_int_equal(ml_fs_write_atomic(m, rev.buf, rev.len, 0644, NULL), 0);
	assert_int_equal(noop_state(f, &w, &nedits), ML_WS_CLEAN);
	write_at(f->ws_root, "many/src/a-rather-long-module-name-000.ml", "edited");
	assert_int_equal(noop_state(f, &w, &nedits), ML_WS_EDITED);
	assert_int_equal(nedits, 1);

	/* a fifo: not a manifest monolock wrote */
	assert_int_equal(unlink(m), 0);
	assert_int_equal(mkfifo(m, 0644), 0);
	assert_int_equal(noop_state(f, &w, &nedits), ML_WS_FOREIGN);
	ml_buf_release(&b);
	ml_buf_release(&rev);
	free(m);
}

static void second_open_waits_for_the_first(void **state)
{
	struct fixture *f = *state;
	struct ml_workspace *ws = open_ws(f);
	char *marker = ml_path_join(f->tmp, "released");
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ml_workspace *ws2 = NULL;
		int rc;

		/* the inherited descriptor shares the parent's lock: drop it; never hang */
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		alarm(10);
		rc = ml_workspace_open(&ws2, f->ws_root, fnv_hash, f, NULL);

		/* the parent creates the marker before it releases the lock */
		_exit(rc == 0 && ml_fs_exists(marker) ? 0 : 1);
	}
	usleep(200 * 1000);
	assert_int_equal(ml_fs_write_atomic(marker, "", 0, 0644, NULL), 0);
	ml_workspace_free(ws);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(marker);
}

static void source_key_identifies_content(void **state)
{
	struct ml_lock *lock = ml_lock_new();
	struct ml_lock_source *a = ml_lock_add_source(lock), *b = ml_lock_add_source(lock);
	char *ka, *kb, *kc;

	(void)state;
	a->dir = ml_strdup("x");
	a->url = ml_strdup("https://h/x.tgz");
	ml_strvec_push(&a->checksums, "sha512=bb");
	ml_strvec_push(&a->checksums, "sha256=aa");
	b->dir = ml_strdup("x");
	b->url = ml_strdup("https://h/x.tgz");
	ml_strvec_push(&b->checksums, "sha256=aa");
	ml_strvec_push(&b->checksums, "sha512=bb");
	ml_strvec_push(&b->mirrors, "https://mirror/x.tgz");
	ka = ml_workspace_source_key(a, 0);
	kb = ml_workspace_source_key(b, ML_WS_KEEP_GIT);
	assert_string_equal(ka, kb); /* checksum order and mirrors do not matter */
	free(b->url);
	b->url = ml_strdup("git+https://h/x.git");
	b->commit = ml_strdup("0123456789012345678901234567890123456789");
	kc = ml_workspace_source_key(b, 0);
	free(kb);
	kb = ml_workspace_source_key(b, ML_WS_KEEP_GIT);
	assert_string_not_equal(ka, kc);
	assert_string_not_equal(kb, kc);
	free(ka);
	free(kb);
	free(kc);
	ml_lock_free(lock);
}

static void gen_dune_writes_vendored_dirs(void **state)
{
	struct fixture *f = *state;
	struct ml_lock *lock = ml_lock_new();
	struct ml_error err = ML_ERROR_INIT;
	struct stat st1, st2;
	char *content, *dune = wpath(f, "dune");
	bool gen = false;

	ml_lock_add_source(lock)->dir = ml_strdup("a");
	assert_int_equal(ml_gen_dune_write(&gen, f->ws_root, lock, &err), 0);
	assert_true(gen);
	content = read_at(f->ws_root, "dune");
	assert_non_null(strstr(content, "\n(vendored_dirs *)\n"));
	free(content);
	assert_int_equal(stat(dune, &st1), 0);
	assert_int_equal(ml_gen_dune_write(&gen, f->ws_root, lock, &err), 0);
	assert_int_equal(stat(dune, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino); /* unchanged: not rewritten */

	ml_lock_free(lock);
	lock = ml_lock_new();
	assert_int_equal(ml_gen_dune_write(&gen, f->ws_root, lock, &err), 0);
	assert_false(gen);
	assert_false(ml_fs_exists(dune)); /* ours, for an empty lock: removed */
	write_at(f->ws_root, "dune", "(dirs foo)\n");
	assert_int_equal(ml_gen_dune_write(&gen, f->ws_root, lock, &err), 0);
	assert_file(f, "dune", "(dirs foo)\n"); /* the user's: kept */
	free(dune);
	ml_lock_free(lock);
}

/* A directory or fifo where the generated file goes: an error naming it, never a hang. */
static void gen_dune_refuses_a_directory_in_its_place(void **state)
{
	struct fixture *f = *state;
	struct ml_lock *lock = ml_lock_new();
	struct ml_error err = ML_ERROR_INIT;
	char *dune = wpath(f, "dune"), *content;
	bool gen = false;

	ml_lock_add_source(lock)->dir = ml_strdup("a");
	write_at(f->ws_root, "dune/x.ml", "let x = 1");
	assert_int_equal(ml_gen_dune_write(&gen, f->ws_root, lock, &err), ML_EIO);
	assert_non_null(strstr(err.msg, dune));
	assert_non_null(strstr(err.msg, "is a directory"));
	ml_error_release(&err);
	assert_file(f, "dune/x.ml", "let x = 1");
	assert_int_equal(ml_fs_remove_tree(dune, NULL), 0);
	assert_int_equal(mkfifo(dune, 0644), 0);
	assert_int_equal(ml_gen_dune_write(&gen, f->ws_root, lock, &err), 0);
	assert_true(gen);
	content = read_at(f->ws_root, "dune");
	assert_non_null(content);
	assert_non_null(strstr(content, "(vendored_dirs *)"));
	free(content);
	free(dune);
	ml_lock_free(lock);
}

static void gen_dune_reads_project_lang(void **state)
{
	struct fixture *f = *state;
	struct ml_error err = ML_ERROR_INIT;
	char *p = ml_path_join(f->tmp, "dune-project");
	char *lang = NULL;

	assert_int_equal(ml_gen_dune_project_lang(&lang, p, &err), 0);
	assert_null(lang);
	write_at(f->tmp, "dune-project", "; a comment\n  (lang dune 1.4)\n(name x)\n");
	assert_int_equal(ml_gen_dune_project_lang(&lang, p, &err), 0);
	assert_string_equal(lang, "1.4");
	assert_true(ml_gen_dune_lang_too_old(lang));
	free(lang);
	write_at(f->tmp, "dune-project", "(lang dune 2.9)\n");
	assert_int_equal(ml_gen_dune_project_lang(&lang, p, &err), 0);
	assert_string_equal(lang, "2.9");
	assert_false(ml_gen_dune_lang_too_old(lang));
	free(lang);
	assert_false(ml_gen_dune_lang_too_old("1.11"));
	assert_true(ml_gen_dune_lang_too_old("1.10"));
	assert_true(ml_gen_dune_lang_too_old("0.99"));
	assert_false(ml_gen_dune_lang_too_old("3.0"));
	write_at(f->tmp, "dune-project", "\n(lang ocaml 2.9)\n");
	assert_int_equal(ml_gen_dune_project_lang(&lang, p, &err), ML_EPARSE);
	assert_int_equal(err.line, 2);
	write_at(f->tmp, "dune-project", "(lang dune)\n");
	assert_int_equal(ml_gen_dune_project_lang(&lang, p, &err), ML_EPARSE);
	ml_error_release(&err);
	free(p);
}

/* A status of every directory of ws (wants: pairs dir, key), as "dir state nedits" lines. */
static char *status_text(struct fixture *f, const char *const *wants)
{
	struct ml_workspace *ws = NULL;
	struct ml_ws_want w[16];
	struct ml_ws_status st;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	size_t n = 0;

	for (; wants[2 * n]; n++)
		w[n] = (struct ml_ws_want){ wants[2 * n], wants[2 * n + 1] };
	assert_int_equal(ml_workspace_open_readonly(&ws, f->ws_root, fnv_hash, f, &err), 0);
	ml_ws_status_init(&st);
	assert_int_equal(ml_workspace_status(&st, ws, w, n, NULL, 0, &err), 0);
	for (size_t i = 0; i < st.ndirs; i++)
		ml_buf_addf(&b, "%s %s %zu\n", st.dirs[i].dir, ml_ws_state_name(st.dirs[i].state),
			    st.dirs[i].nedits);
	ml_ws_status_release(&st);
	ml_workspace_free(ws);
	return ml_buf_detach(&b, NULL);
}

/* Writes text as the index, its checksum made right (the format of lib/workspace.c). */
static void write_index(struct fixture *f, const char *text)
{
	struct ml_buf b = ML_BUF_INIT;
	const size_t head = strlen("monolock-index/1 ") + 17;
	char hex[17], *p = wpath(f, ".monolock/index");

	ml_buf_adds(&b, text);
	assert_true(b.len >= head);
	snprintf(
	    hex, sizeof(hex), "%016llx",
	    (unsigned long long)ml_ucache_hash(b.buf + head, b.len - head, 0x6d6c2d696e646578ULL));
	memcpy(b.buf + strlen("monolock-index/1 "), hex, 16);
	unlink(p);
	assert_int_equal(ml_fs_write_atomic(p, b.buf, b.len, 0644, NULL), 0);
	ml_buf_release(&b);
	free(p);
}

/*
 * The manifest index: written by a full status once the manifests are stamped and old, used
 * while each manifest keeps its stamp; an index whose checksum is right but that names a path
 * with "..", an absolute one, a directory name with a '/', or a file outside its entry's
 * directories is ignored whole (and rewritten), as is one with a wrong checksum.
 */
static void index_is_a_checked_cache(void **state)
{
	struct fixture *f = *state;
	const char *const wants[] = { "a", "k1", "b", "k1", NULL };
	char *want, *got, *good, *forged;
	struct ml_buf b = ML_BUF_INIT;
	static const char *const bad[][2] = {
		{ "\nf main.ml ", "\nf ../main.ml " },
		{ "\nf main.ml ", "\nf /main.ml " },
		{ "\nf src/lib.ml ", "\nf srcx/lib.ml " },
		{ "\nd src ", "\nd src/. " },
		{ "D a ", "D a/b " },
		{ "monolock-index/1", "monolock-index/2" },
	};

	assert_int_equal(pull(f, wants, NULL, 0, NULL), 0);
	sleep(3);
	want = status_text(f, wants); /* records the stamps: the manifests are rewritten */
	assert_false(exists(f, ".monolock/index"));
	sleep(3);
	free(status_text(f, wants));
	good = read_at(f->ws_root, ".monolock/index");
	assert_non_null(good);
	assert_non_null(strstr(good, "\nD a "));
	got = status_text(f, wants);
	assert_string_equal(got, want);
	free(got);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *at = strstr(good, bad[i][0]);

		assert_non_null(at);
		ml_buf_reset(&b);
		ml_buf_add(&b, good, (size_t)(at - good));
		ml_buf_adds(&b, bad[i][1]);
		ml_buf_adds(&b, at + strlen(bad[i][0]));
		write_index(f, b.buf);
		got = status_text(f, wants);
		assert_string_equal(got, want);
		free(got);
		forged = read_at(f->ws_root, ".monolock/index");
		assert_string_equal(forged, good); /* ignored, and rewritten */
		free(forged);
	}
	ml_buf_release(&b);
	free(good);
	free(want);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(create_then_keep_untouched),
		T(replace_swaps_new_content),
		T(removed_source_is_removed),
		T(edits_block_until_forced),
		T(mode_and_link_changes_are_edits),
		T(odd_names_links_and_modes_round_trip),
		T(untracked_directory_is_kept_unless_wanted),
		T(foreign_or_linked_workspace_is_refused),
		T(link_at_a_source_dir_is_not_followed),
		T(planted_manifests_are_absent),
		T(only_pulls_the_named_directories),
		T(unsafe_names_are_refused_before_writing),
		T(failed_populate_leaves_old_directory),
		T(commit_all_stops_at_first_failure),
		T(git_dirs_dropped_unless_kept),
		T(recover_completes_exchanged_swap),
		T(recover_discards_unswapped_stage),
		T(recover_rolls_forward_half_done_rename),
		T(recover_restores_interrupted_removal),
		T(malformed_manifest_is_a_parse_error),
		T(manifests_of_any_shape_read_whole),
		T(second_open_waits_for_the_first),
		T(source_key_identifies_content),
		T(index_is_a_checked_cache),
		T(gen_dune_writes_vendored_dirs),
		T(gen_dune_refuses_a_directory_in_its_place),
		T(gen_dune_reads_project_lang),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
