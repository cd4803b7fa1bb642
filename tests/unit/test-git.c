/*
 * Unit tests for fetch/git.c and fetch/repo_git.c, against real repositories made with the
 * git CLI in a temporary directory (file:// and plain paths only, never the network).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fetch/fetch.h"

static char tmp[] = "/tmp/ml-test-git-XXXXXX";
static char *origin;  /* main (3 commits), dev, tags v1 (light) and v1a (annotated) */
static char *c1, *c2; /* first and last commit of main */
static char *cdev;    /* dev */
static int ncache;

/* Runs a shell command (printf-style) and returns its stdout without the final newline. */
static char *sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sh(const char *fmt, ...)
{
	struct ml_buf cmd = ML_BUF_INIT, out = ML_BUF_INIT;
	char chunk[4096];
	va_list ap;
	size_t n;
	FILE *p;

	va_start(ap, fmt);
	ml_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		ml_buf_add(&out, chunk, n);
	if (pclose(p) != 0)
		fail_msg("command failed: %s", cmd.buf);
	while (out.len && out.buf[out.len - 1] == '\n')
		ml_buf_setlen(&out, out.len - 1);
	ml_buf_release(&cmd);
	return ml_buf_detach(&out, NULL);
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
	struct ml_buf cmd = ML_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ml_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	if (system(cmd.buf) != 0)
		fail_msg("command failed: %s", cmd.buf);
	ml_buf_release(&cmd);
}

/* Every test that needs it starts from an empty cache. */
static void fresh_cache(void)
{
	char *dir = ml_xasprintf("%s/cache%d", tmp, ++ncache);

	setenv("XDG_CACHE_HOME", dir, 1);
	free(dir);
}

static char *path_in_tmp(const char *name)
{
	return ml_xasprintf("%s/%s", tmp, name);
}

static int group_setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmp))
		return -1;
	setenv("HOME", tmp, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.org", 1);
	unsetenv("GIT_DIR");
	origin = path_in_tmp("origin");
	run("set -e; git init -q -b main '%s'; cd '%s';"
	    "printf 'one\\n' > file.txt;"
	    "printf '#!/bin/sh\\necho hi\\n' > run.sh; chmod +x run.sh;"
	    "mkdir -p sub/deep; printf 'x\\n' > sub/deep/x.txt;"
	    "ln -s sub/deep/x.txt link; ln -s ../file.txt sub/up;"
	    "mkdir -p packages/a/a.1/files packages/b/b.2 packages/c.3;"
	    "printf 'opam-version: \"2.0\"\\n' > packages/a/a.1/opam;"
	    "printf 'patch\\n' > packages/a/a.1/files/fix.patch;"
	    "printf 'opam-version: \"2.0\"\\nversion: \"2\"\\n' > packages/b/b.2/opam;"
	    "printf 'opam-version: \"2.0\"\\n' > packages/c.3/opam;"
	    "printf 'not a package\\n' > packages/README;"
	    "git add -A; git commit -qm one; git tag v1; git tag -a v1a -m annotated;"
	    "git checkout -qb dev; printf 'dev\\n' > file.txt; git commit -qam dev;"
	    "git checkout -q main; printf 'two\\n' > file.txt; git commit -qam two;"
	    "printf 'three\\n' > file.txt; git commit -qam three",
	    origin, origin);
	c1 = sh("git -C '%s' rev-parse v1", origin);
	c2 = sh("git -C '%s' rev-parse main", origin);
	cdev = sh("git -C '%s' rev-parse dev", origin);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	run("rm -rf '%s'", tmp);
	free(origin);
	free(c1);
	free(c2);
	free(cdev);
	ml_git_shutdown();
	return 0;
}

static void assert_sync(const char *url, const char *ref, const char *want)
{
	struct ml_error err = ML_ERROR_INIT;
	char *got = NULL;
	int rc = ml_git_sync(&got, url, ref, &err);

	if (rc != 0)
		fail_msg("sync %s %s: %s", url, ref ? ref : "(HEAD)", err.msg);
	assert_string_equal(got, want);
	free(got);
	ml_error_release(&err);
}

static void sync_resolves_head_branch_tag_commit(void **state)
{
	char *fileurl = ml_xasprintf("file://%s", origin);
	char *tag_a = sh("git -C '%s' rev-parse 'v1a^{commit}'", origin);
	char abbrev[9];

	(void)state;
	fresh_cache();
	memcpy(abbrev, c1, 8);
	abbrev[8] = '\0';
	assert_string_equal(tag_a, c1);
	assert_sync(origin, NULL, c2);
	assert_sync(origin, "main", c2);
	assert_sync(origin, "dev", cdev);
	assert_sync(origin, "refs/heads/dev", cdev);
	assert_sync(origin, "v1", c1);
	assert_sync(origin, "v1a", c1);
	assert_sync(origin, c1, c1);
	assert_sync(origin, abbrev, c1);
	assert_sync(fileurl, NULL, c2);
	free(tag_a);
	free(fileurl);
}

static void sync_follows_remote_head_branch(void **state)
{
	char *other = path_in_tmp("otherhead");

	(void)state;
	fresh_cache();
	run("git clone -q --bare '%s' '%s' && git -C '%s' symbolic-ref HEAD refs/heads/dev", origin,
	    other, other);
	assert_sync(other, NULL, cdev);
	run("rm -rf '%s'", other);
	free(other);
}

static size_t count_stores(void)
{
	char *dir = ml_xasprintf("%s/monolock/git", getenv("XDG_CACHE_HOME"));
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && !ml_ends_with(de->d_name, ".lock"))
			n++;
	closedir(d);
	free(dir);
	return n;
}

static void sync_shares_one_store_per_repository(void **state)
{
	char *fileurl = ml_xasprintf("file://%s", origin);
	char *cwd = getcwd(NULL, 0);

	(void)state;
	fresh_cache();
	assert_sync(origin, NULL, c2);
	assert_sync(fileurl, "main", c2);
	assert_int_equal(chdir(tmp), 0);
	assert_sync("origin", "main", c2);
	assert_sync("file://origin/", "main", c2);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(count_stores(), 1);
	free(cwd);
	free(fileurl);
}

static void sync_fetches_new_commits_and_prunes(void **state)
{
	char *clone = path_in_tmp("moving");
	char *c3, *c4;
	struct ml_error err = ML_ERROR_INIT;
	char *got = NULL;

	(void)state;
	fresh_cache();
	run("git clone -q '%s' '%s' && git -C '%s' branch -q dev origin/dev", origin, clone, clone);
	c3 = sh("git -C '%s' rev-parse HEAD", clone);
	assert_sync(clone, "main", c3);
	assert_sync(clone, "dev", cdev);
	run("cd '%s' && echo four > file.txt && git commit -qam four && git branch -qD dev", clone);
	c4 = sh("git -C '%s' rev-parse HEAD", clone);
	assert_sync(clone, "main", c4);
	assert_int_equal(ml_git_sync(&got, clone, "dev", &err), ML_ENOTFOUND);
	assert_null(got);
	assert_non_null(strstr(err.msg, "'dev'"));
	run("rm -rf '%s'", clone);
	free(clone);
	free(c3);
	free(c4);
	ml_error_release(&err);
}

static void sync_known_commit_needs_no_network(void **state)
{
	char *gone = path_in_tmp("gone");
	struct ml_error err = ML_ERROR_INIT;
	char *got = NULL;

	(void)state;
	fresh_cache();
	run("git clone -q --bare '%s' '%s'", origin, gone);
	assert_sync(gone, "main", c2);
	run("rm -rf '%s'", gone);
	/* the commit is answered from the cache... */
	assert_sync(gone, c1, c1);
	assert_sync(gone, c2, c2);
	/* ...while a branch needs the remote, and says which one is missing */
	assert_true(ml_git_sync(&got, gone, "main", &err) < 0);
	assert_null(got);
	assert_non_null(strstr(err.msg, gone));
	free(gone);
	ml_error_release(&err);
}

static void sync_unknown_ref_is_named(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *got = NULL;

	(void)state;
	fresh_cache();
	assert_int_equal(ml_git_sync(&got, origin, "no-such-branch", &err), ML_ENOTFOUND);
	assert_null(got);
	assert_non_null(strstr(err.msg, "no-such-branch"));
	assert_non_null(strstr(err.msg, origin));
	assert_int_equal(
	    ml_git_sync(&got, origin, "0123456789012345678901234567890123456789", &err),
	    ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "0123456789012345678901234567890123456789"));
	assert_int_equal(ml_git_sync(&got, origin, "-upload-pack=x", &err), ML_EUSAGE);
	assert_int_equal(ml_git_sync(&got, origin, "", &err), ML_EUSAGE);
	assert_int_equal(ml_git_sync(&got, origin, "a\nb", &err), ML_EUSAGE);
	assert_null(got);
	ml_error_release(&err);
}

static void sync_bad_url_is_named(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *notgit = path_in_tmp("notgit");
	char *got = NULL;

	(void)state;
	fresh_cache();
	assert_int_equal(ml_git_sync(&got, "/nonexistent/monolock/repo", NULL, &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "/nonexistent/monolock/repo"));
	assert_int_equal(ml_git_sync(&got, "file:///nonexistent/monolock/repo", NULL, &err),
			 ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "file:///nonexistent/monolock/repo"));
	run("mkdir -p '%s'", notgit);
	assert_int_equal(ml_git_sync(&got, notgit, NULL, &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, notgit));
	assert_non_null(strstr(err.msg, "not a git repository"));
	/* nothing listens on port 1 of the loopback */
	assert_int_equal(ml_git_sync(&got, "http://127.0.0.1:1/repo.git", NULL, &err), ML_ENET);
	assert_non_null(strstr(err.msg, "http://127.0.0.1:1/repo.git"));
	assert_int_equal(ml_git_sync(&got, "", NULL, &err), ML_EUSAGE);
	assert_int_equal(ml_git_sync(&got, "-oProxyCommand=x", NULL, &err), ML_EUSAGE);
	assert_null(got);
	free(notgit);
	ml_error_release(&err);
}

static void sync_concurrent_processes_share_the_store(void **state)
{
	pid_t pids[4];

	(void)state;
	fresh_cache();
	for (size_t i = 0; i < ML_ARRAY_SIZE(pids); i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			char *got = NULL;
			int rc = ml_git_sync(&got, origin, i % 2 ? "dev" : "main", NULL);

			_exit(rc == 0 && strcmp(got, i % 2 ? cdev : c2) == 0 ? 0 : 1);
		}
	}
	for (size_t i = 0; i < ML_ARRAY_SIZE(pids); i++) {
		int status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(count_stores(), 1);
	assert_sync(origin, c1, c1);
}

static char *read_file(const char *dir, const char *name)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	char *p = ml_path_join(dir, name);

	if (ml_fs_read(&b, p, 1 << 20, &err) < 0)
		fail_msg("%s", err.msg);
	free(p);
	return ml_buf_detach(&b, NULL);
}

static void export_writes_that_commit(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *dest = path_in_tmp("export1/deeper/dest");
	char *s, *lnk, *git;
	char target[64];
	struct stat st;
	ssize_t n;

	(void)state;
	fresh_cache(); /* the commit is fetched on demand */
	if (ml_git_export(origin, c1, dest, false, &err) != 0)
		fail_msg("%s", err.msg);
	s = read_file(dest, "file.txt");
	assert_string_equal(s, "one\n");
	free(s);
	s = read_file(dest, "sub/deep/x.txt");
	assert_string_equal(s, "x\n");
	free(s);
	s = ml_path_join(dest, "run.sh");
	assert_int_equal(stat(s, &st), 0);
	assert_true(st.st_mode & S_IXUSR);
	free(s);
	s = ml_path_join(dest, "file.txt");
	assert_int_equal(stat(s, &st), 0);
	assert_false(st.st_mode & S_IXUSR);
	free(s);
	lnk = ml_path_join(dest, "link");
	assert_int_equal(lstat(lnk, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	n = readlink(lnk, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, "sub/deep/x.txt");
	s = read_file(dest, "link");
	assert_string_equal(s, "x\n");
	free(s);
	git = ml_path_join(dest, ".git");
	assert_false(ml_fs_exists(git));
	/* the destination must be new */
	assert_int_equal(ml_git_export(origin, c1, dest, false, &err), ML_EIO);
	assert_non_null(strstr(err.msg, dest));
	/* only full commits */
	assert_int_equal(ml_git_export(origin, "main", dest, false, &err), ML_EUSAGE);
	free(git);
	free(lnk);
	free(dest);
	ml_error_release(&err);
}

static void export_keeps_git_dir_when_asked(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *dest = path_in_tmp("export2");
	char *head, *status, *count, *remote;

	(void)state;
	if (ml_git_export(origin, c1, dest, true, &err) != 0)
		fail_msg("%s", err.msg);
	head = sh("git -C '%s' rev-parse HEAD", dest);
	assert_string_equal(head, c1);
	status = sh("git -C '%s' status --porcelain", dest);
	assert_string_equal(status, "");
	count = sh("git -C '%s' rev-list --count HEAD", dest);
	assert_string_equal(count, "1");
	remote = sh("git -C '%s' remote get-url origin", dest);
	assert_string_equal(remote, origin);
	run("git -C '%s' fsck --no-progress 2>/dev/null", dest);
	free(head);
	free(status);
	free(count);
	free(remote);
	free(dest);
	ml_error_release(&err);
}

static void export_keeps_history_of_later_commit(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *dest = path_in_tmp("export3");
	char *count, *s;

	(void)state;
	if (ml_git_export(origin, c2, dest, true, &err) != 0)
		fail_msg("%s", err.msg);
	s = read_file(dest, "file.txt");
	assert_string_equal(s, "three\n");
	count = sh("git -C '%s' rev-list --count HEAD", dest);
	assert_string_equal(count, "3");
	run("git -C '%s' fsck --no-progress 2>/dev/null", dest);
	free(s);
	free(count);
	free(dest);
	ml_error_release(&err);
}

/* A repository whose commits each hold one hostile link; returns commit ids. */
static void export_refuses_escaping_links(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *evil = path_in_tmp("evil");
	char *dest = path_in_tmp("export-evil");
	const char *cases[][2] = {
		{ "out", "../outside" },
		{ "abs", "/etc/passwd" },
		/* each link alone stays inside; together they leave: up -> ".." is the root */
		{ "sub/x", "up/.." },
		{ "loop", "loop" },
	};
	char *ok;

	(void)state;
	run("set -e; git init -q -b main '%s'; cd '%s'; mkdir sub; ln -s .. sub/up;"
	    "ln -s sub/up/sub fine; git add -A; git commit -qm ok",
	    evil, evil);
	ok = sh("git -C '%s' rev-parse HEAD", evil);
	/* links that stay inside, even through another link, are fine */
	if (ml_git_export(evil, ok, dest, false, &err) != 0)
		fail_msg("%s", err.msg);
	run("rm -rf '%s'", dest);
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		char *c;

		run("set -e; cd '%s'; git rm -q --ignore-unmatch -r sub fine out abs loop;"
		    "mkdir -p sub; ln -s .. sub/up; ln -s '%s' '%s'; git add -A;"
		    "git commit -qm case",
		    evil, cases[i][1], cases[i][0]);
		c = sh("git -C '%s' rev-parse HEAD", evil);
		assert_int_equal(ml_git_export(evil, c, dest, false, &err), ML_EUNSAFE);
		assert_non_null(err.path);
		assert_string_equal(err.path, cases[i][0]);
		assert_false(ml_fs_exists(dest));
		free(c);
	}
	free(ok);
	free(evil);
	free(dest);
	ml_error_release(&err);
}

/* Trees git itself would never write: entries named ".git" or "..". */
static void export_refuses_hostile_names(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	char *bad = path_in_tmp("badnames");
	char *dest = path_in_tmp("export-badnames");
	const char *names[] = { ".git", "..", ".GIT" };

	(void)state;
	run("git init -q -b main '%s'", bad);
	for (size_t i = 0; i < ML_ARRAY_SIZE(names); i++) {
		char *c =
		    sh("cd '%s' && b=$(echo hi | git hash-object -w --stdin) &&"
		       "t=$(printf '100644 blob %%s\\t%s\\n' $b | git mktree) &&"
		       "c=$(git commit-tree $t -m bad) && git update-ref refs/heads/b%zu $c &&"
		       "echo $c",
		       bad, names[i], i);

		assert_int_equal(ml_git_export(bad, c, dest, false, &err), ML_EUNSAFE);
		assert_non_null(strstr(err.msg, names[i]));
		assert_false(ml_fs_exists(dest));
		free(c);
	}
	free(bad);
	free(dest);
	ml_error_release(&err);
}

static void tree_reads_and_lists_files(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_strvec paths = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT;
	struct ml_git_tree *t = NULL;

	(void)state;
	if (ml_git_tree_open(&t, origin, c1, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(ml_git_tree_read(t, "file.txt", &b, 100, &err), 0);
	assert_string_equal(b.buf, "one\n");
	ml_buf_reset(&b);
	assert_int_equal(ml_git_tree_read(t, "file.txt", &b, 3, &err), ML_EIO);
	assert_int_equal(ml_git_tree_read(t, "sub", &b, 100, &err), ML_ENOTFOUND);
	assert_int_equal(ml_git_tree_read(t, "nope/x", &b, 100, &err), ML_ENOTFOUND);
	assert_string_equal(err.path, "nope/x");
	assert_int_equal(b.len, 0);
	assert_int_equal(ml_git_tree_list(&paths, t, "packages", 1, &err), 0);
	assert_int_equal(paths.n, 1);
	assert_string_equal(paths.v[0], "packages/README");
	ml_strvec_release(&paths);
	assert_int_equal(ml_git_tree_list(&paths, t, "packages", 3, &err), 0);
	ml_strvec_sort(&paths);
	assert_int_equal(paths.n, 4);
	assert_string_equal(paths.v[0], "packages/README");
	assert_string_equal(paths.v[1], "packages/a/a.1/opam");
	assert_string_equal(paths.v[2], "packages/b/b.2/opam");
	assert_string_equal(paths.v[3], "packages/c.3/opam");
	ml_strvec_release(&paths);
	assert_int_equal(ml_git_tree_list(&paths, t, "missing", 3, &err), 0);
	assert_int_equal(paths.n, 0);
	ml_git_tree_free(t);
	ml_buf_release(&b);
	ml_error_release(&err);
}

static void repo_open_git_lists_and_reads_packages(void **state)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;
	struct ml_repo *r = NULL;
	char *spec = ml_xasprintf("git+file://%s#v1", origin);
	char *url = ml_xasprintf("git+file://%s", origin);
	bool seen_a = false, seen_b = false, seen_c = false;

	(void)state;
	fresh_cache();
	if (ml_repo_open_git(&r, spec, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(r->spec, spec);
	assert_string_equal(r->url, url);
	assert_string_equal(r->commit, c1);
	assert_int_equal(r->nentries, 3);
	for (size_t i = 0; i < r->nentries; i++) {
		seen_a |=
		    strcmp(r->entries[i].name, "a") == 0 && strcmp(r->entries[i].version, "1") == 0;
		seen_b |=
		    strcmp(r->entries[i].name, "b") == 0 && strcmp(r->entries[i].version, "2") == 0;
		seen_c |=
		    strcmp(r->entries[i].name, "c") == 0 && strcmp(r->entries[i].version, "3") == 0;
	}
	assert_true(seen_a && seen_b && seen_c);
	assert_int_equal(ml_repo_read(r, "packages/b/b.2/opam", &b, &err), 0);
	assert_string_equal(b.buf, "opam-version: \"2.0\"\nversion: \"2\"\n");
	ml_buf_reset(&b);
	assert_int_equal(ml_repo_read(r, "packages/z/z.1/opam", &b, &err), ML_ENOTFOUND);
	ml_repo_free(r);
	r = NULL;
	/* HEAD when no ref is given */
	if (ml_repo_open_git(&r, url, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(r->commit, c2);
	assert_string_equal(r->url, url);
	ml_repo_free(r);
	r = NULL;
	free(spec);
	spec = ml_xasprintf("git+file://%s#nope", origin);
	assert_int_equal(ml_repo_open_git(&r, spec, &err), ML_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nope"));
	assert_int_equal(ml_repo_open_git(&r, "git+", &err), ML_EUSAGE);
	assert_int_equal(ml_repo_open_git(&r, "git+#main", &err), ML_EUSAGE);
	assert_null(r);
	free(spec);
	free(url);
	ml_buf_release(&b);
	ml_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sync_resolves_head_branch_tag_commit),
		cmocka_unit_test(sync_follows_remote_head_branch),
		cmocka_unit_test(sync_shares_one_store_per_repository),
		cmocka_unit_test(sync_fetches_new_commits_and_prunes),
		cmocka_unit_test(sync_known_commit_needs_no_network),
		cmocka_unit_test(sync_unknown_ref_is_named),
		cmocka_unit_test(sync_bad_url_is_named),
		cmocka_unit_test(sync_concurrent_processes_share_the_store),
		cmocka_unit_test(export_writes_that_commit),
		cmocka_unit_test(export_keeps_git_dir_when_asked),
		cmocka_unit_test(export_keeps_history_of_later_commit),
		cmocka_unit_test(export_refuses_escaping_links),
		cmocka_unit_test(export_refuses_hostile_names),
		cmocka_unit_test(tree_reads_and_lists_files),
		cmocka_unit_test(repo_open_git_lists_and_reads_packages),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
