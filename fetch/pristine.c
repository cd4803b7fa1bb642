#include "patch.h"
#include "fetch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ml_patch_read_file(struct ml_buf *out, const char *project, const char *file,
		       const char *sha256, struct ml_error *err)
{
	char *rel = NULL, *s, *path = NULL;
	struct ml_buf data = ML_BUF_INIT;
	int ret;

	ret = ml_lock_check_patch_file(file, err);
	if (ret)
		return ret;
	/* no link anywhere on the path: the lock may come from elsewhere */
	rel = ml_strdup(file);
	for (s = rel; !ret && (s = strchr(s, '/')); s++) {
		char *p;
		struct stat st;

		*s = '\0';
		p = ml_xasprintf("%s%s", project, rel);
		if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode))
			ret = ml_error_set(err, ML_EUNSAFE,
					   "patch '%s': '%s' is not a directory (links are not "
					   "followed)",
					   file, p);
		free(p);
		*s = '/';
	}
	if (ret)
		goto out;
	path = ml_xasprintf("%s%s", project, file);
	ret = ml_fs_read_regular(&data, path, ML_PATCH_MAX_SIZE, err);
	if (ret == ML_ENOTFOUND) {
		ret = ml_error_set(
		    err, ML_ENOTFOUND,
		    "patch '%s' recorded in the lock: missing, or not a regular file", path);
		goto out;
	}
	if (ret)
		goto out;
	if (sha256) {
		struct ml_hasher *h = ml_hasher_new();
		struct ml_digests d;

		ml_hasher_update(h, data.buf, data.len);
		ml_hasher_final(&d, h);
		ml_hasher_free(h);
		if (strcmp(d.hex[ML_HASH_SHA256], sha256)) {
			ret =
			    ml_error_set(err, ML_ECHECKSUM,
					 "patch '%s' does not match the lock: sha256 %s, the lock "
					 "says %s (`monolock patch DIR` records the current edits)",
					 path, d.hex[ML_HASH_SHA256], sha256);
			goto out;
		}
	}
	ml_buf_add(out, data.buf, data.len);
out:
	ml_buf_release(&data);
	free(path);
	free(rel);
	return ret;
}

int ml_patch_apply_recorded(const char *dir, const char *project, const struct ml_lock_source *src,
			    struct ml_error *err)
{
	struct ml_buf data = ML_BUF_INIT;
	int ret = 0;

	for (size_t i = 0; !ret && i < src->patch_files.n && i < src->patch_sha256.n; i++) {
		ml_buf_reset(&data);
		ret = ml_patch_read_file(&data, project, src->patch_files.v[i],
					 src->patch_sha256.v[i], err);
		if (!ret)
			ret = ml_patch_apply(dir, data.buf, data.len, src->patch_files.v[i], err);
	}
	ml_buf_release(&data);
	return ret;
}

/* A file:// URL relative to the project made usable from here (as pull does). */
static char *resolve_file_url(const char *project, const char *url)
{
	const char *path = url + strlen("file://");

	if (!ml_starts_with(url, "file://") || path[0] == '/')
		return ml_strdup(url);
	return ml_xasprintf("file://%s%s", project, path);
}

int ml_pristine_make(char **out, const struct ml_lock_source *src, const char *project,
		     const char *tmp_parent, bool offline, struct ml_error *err)
{
	struct ml_fetch_result res = { 0 };
	char *tmpl = NULL, *from = NULL;
	bool made = false;
	int ret;

	ret = ml_fs_mkdirs(tmp_parent, 0755, err);
	if (ret)
		goto out;
	tmpl = ml_xasprintf("%s/%s.XXXXXX", tmp_parent, src->dir);
	if (!mkdtemp(tmpl)) {
		ret = ml_error_errno(err, ML_EIO, "cannot create a directory in '%s'", tmp_parent);
		goto out;
	}
	made = true;
	if (ml_lock_source_is_local(src)) {
		char *url = resolve_file_url(project, src->url);

		from = ml_strdup(url + strlen("file://"));
		free(url);
		rmdir(tmpl);
		ret = ml_fs_copy_tree(from, tmpl, err);
	} else if (src->commit) {
		const char *u = ml_starts_with(src->url, "git+") ? src->url + 4 : src->url;
		const char *hash = strchr(u, '#');
		char *bare = hash ? ml_strndup(u, (size_t)(hash - u)) : ml_strdup(u);

		from = resolve_file_url(project, bare);
		free(bare);
		rmdir(tmpl);
		ml_git_set_offline(offline);
		ret = ml_git_export(from, src->commit, tmpl, false, err);
	} else {
		struct ml_fetch_source fs = {
			src->dir,
			src->url,
			(const char *const *)src->checksums.v,
			src->checksums.n,
			(const char *const *)src->mirrors.v,
			src->mirrors.n,
			src->packages.n ? src->packages.v[0] : NULL,
		};
		struct ml_fetch_opts fo = { 0 };
		struct ml_extract_limits lim = { 0 };

		fo.flags = offline ? ML_FETCH_OFFLINE : 0;
		fo.jobs = 1;
		ret = ml_fetch_sources(&res, &fs, 1, &fo, err);
		if (!ret)
			ret = ml_extract_archive(res.path, tmpl, &lim, err);
	}
out:
	/* which package and URL, for --json, as pull's errors say (the fetch may know the URL) */
	if (ret && err)
		ml_error_about(err, src->packages.n ? src->packages.v[0] : NULL,
			       err->url ? NULL : src->url);
	ml_fetch_result_release(&res);
	if (ret && made)
		ml_fs_remove_tree(tmpl, NULL);
	if (ret)
		free(tmpl);
	else
		*out = tmpl;
	free(from);
	return ret;
}

int ml_patch_key_source(struct ml_lock_source *out, const char *key, struct ml_error *err)
{
	struct ml_lock_source s = { 0 };
	const char *p = key;

	ml_strvec_init(&s.checksums);
	ml_strvec_init(&s.mirrors);
	ml_strvec_init(&s.packages);
	ml_strvec_init(&s.patch_files);
	ml_strvec_init(&s.patch_sha256);
	while (p && *p) {
		const char *e = strchrnul(p, ' ');
		char *tok = ml_strndup(p, (size_t)(e - p));

		if (ml_starts_with(tok, "url=") && !s.url)
			s.url = ml_strdup(tok + 4);
		else if (ml_starts_with(tok, "commit=") && !s.commit)
			s.commit = ml_strdup(tok + 7);
		else if (ml_starts_with(tok, "tree=")) {
			free(tok);
			ml_patch_key_source_release(&s);
			return ml_error_set(err, ML_ENOTFOUND, "a local directory source");
		} else if (strchr(tok, '=') && !ml_starts_with(tok, "patches="))
			ml_strvec_push(&s.checksums, tok);
		free(tok);
		p = *e ? e + 1 : e;
	}
	if (!s.url || (!s.commit && !s.checksums.n) || ml_lock_source_is_local(&s)) {
		ml_patch_key_source_release(&s);
		return ml_error_set(err, ML_ENOTFOUND, "no archive or git source in '%.200s'", key);
	}
	*out = s;
	return 0;
}

void ml_patch_key_source_release(struct ml_lock_source *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s->url);
	free(s->commit);
	ml_strvec_release(&s->checksums);
	ml_strvec_release(&s->mirrors);
	ml_strvec_release(&s->packages);
	ml_strvec_release(&s->patch_files);
	ml_strvec_release(&s->patch_sha256);
	memset(s, 0, sizeof(*s));
}

static void prefix_error(struct ml_error *err, int code, const char *fmt, const char *arg)
    __attribute__((format(printf, 3, 0)));
static void prefix_error(struct ml_error *err, int code, const char *fmt, const char *arg)
{
	struct ml_buf b = ML_BUF_INIT;
	char *msg = ml_strdup(err->msg), *package = err->package, *url = err->url;

	/* what the error is about (ml_pristine_make) stays */
	err->package = err->url = NULL;
	ml_buf_addf(&b, fmt, arg);
	ml_error_set(err, code, "%s%s", b.buf, msg);
	ml_error_about(err, package, url);
	ml_buf_release(&b);
	free(package);
	free(url);
	free(msg);
}

static char *tmp_parent(const char *root)
{
	return ml_xasprintf("%s/.monolock/pristine", root);
}

int ml_patch_edits(struct ml_buf *out, const char *root, const char *project,
		   const struct ml_lock_source *src, bool with_patches,
		   const struct ml_patch_diff_opts *o, bool offline, struct ml_error *err)
{
	char *parent = tmp_parent(root), *pristine = NULL, *dir = ml_path_join(root, src->dir);
	int ret;

	/* under the workspace lock: whatever is there was left by a run that was killed */
	ml_fs_remove_tree(parent, NULL);
	ret = ml_pristine_make(&pristine, src, project, parent, offline, err);
	if (ret && err && err->msg)
		prefix_error(err, ret, "%s: pristine source: ", src->dir);
	if (!ret && with_patches)
		ret = ml_patch_apply_recorded(pristine, project, src, err);
	if (!ret)
		ret = ml_patch_diff_dirs(out, pristine, dir, o, err);
	if (pristine)
		ml_fs_remove_tree(pristine, NULL);
	free(pristine);
	free(parent);
	free(dir);
	return ret;
}

int ml_patch_save_file(char **out_file, char **out_sha256, const char *project, const char *dir,
		       const char *suffix, const char *text, size_t len, struct ml_error *err)
{
	char *pdir = ml_xasprintf("%spatches", project);
	char *file = ml_xasprintf("patches/%s.patch%s", dir, suffix ? suffix : "");
	char *path = ml_xasprintf("%s%s", project, file);
	struct ml_hasher *h = NULL;
	struct ml_digests d;
	struct stat st;
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		goto out;
	if (lstat(pdir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		ret = ml_error_set(err, ML_EUNSAFE,
				   "'%s' is not a directory (links are not followed)", pdir);
		goto out;
	}
	ret = ml_fs_mkdirs(pdir, 0755, err);
	if (!ret)
		ret = ml_fs_write_atomic(path, text, len, 0644, err);
	if (ret)
		goto out;
	h = ml_hasher_new();
	ml_hasher_update(h, text, len);
	ml_hasher_final(&d, h);
	*out_file = file;
	file = NULL;
	if (out_sha256)
		*out_sha256 = ml_strdup(d.hex[ML_HASH_SHA256]);
out:
	ml_hasher_free(h);
	free(pdir);
	free(file);
	free(path);
	return ret;
}

int ml_patch_check_recorded(const struct ml_lock *lock, const char *project, struct ml_error *err)
{
	struct ml_buf data = ML_BUF_INIT;
	int ret = 0;

	for (size_t i = 0; !ret && i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];

		for (size_t j = 0; !ret && j < s->patch_files.n; j++) {
			ml_buf_reset(&data);
			ret = ml_patch_read_file(&data, project, s->patch_files.v[j],
						 s->patch_sha256.v[j], err);
		}
	}
	ml_buf_release(&data);
	return ret;
}

void ml_patch_stage_release(struct ml_patch_stage *st)
{
	if (!st)
		return;
	ml_patch_carry_release(&st->carry);
	free(st->key);
	free(st->old_url);
	for (size_t i = 0; i < st->neach; i++)
		ml_buf_release(&st->each[i]);
	free(st->each);
	memset(st, 0, sizeof(*st));
}

/* Does the old key name the same source content as src (patches aside)? */
static bool same_source(const struct ml_lock_source *old, const struct ml_lock_source *src)
{
	struct ml_strvec a = ML_STRVEC_INIT, b = ML_STRVEC_INIT;
	bool eq;

	for (size_t i = 0; i < old->checksums.n; i++)
		ml_strvec_push(&a, old->checksums.v[i]);
	for (size_t i = 0; i < src->checksums.n; i++)
		ml_strvec_push(&b, src->checksums.v[i]);
	ml_strvec_sort(&a);
	ml_strvec_sort(&b);
	eq = !strcmp(old->url, src->url) && !old->commit == !src->commit &&
	     (!old->commit || !strcmp(old->commit, src->commit)) && a.n == b.n;
	for (size_t i = 0; eq && i < a.n; i++)
		eq = !strcmp(a.v[i], b.v[i]);
	ml_strvec_release(&a);
	ml_strvec_release(&b);
	return eq;
}

/* All of src's patches as one, against old (a scratch pristine tree, left unchanged). */
static int combined_patch(struct ml_buf *out, const char *old, const char *project,
			  const struct ml_lock_source *src, struct ml_error *err)
{
	struct ml_patch_diff_opts o = { 0 };
	char *copy;
	int ret;

	if (src->patch_files.n == 1)
		return ml_patch_read_file(out, project, src->patch_files.v[0],
					  src->patch_sha256.v[0], err);
	copy = ml_xasprintf("%s.all", old);
	ml_fs_remove_tree(copy, NULL);
	ret = ml_fs_copy_tree(old, copy, err);
	if (!ret)
		ret = ml_patch_apply_recorded(copy, project, src, err);
	o.binary = true;
	if (!ret)
		ret = ml_patch_diff_dirs(out, old, copy, &o, err);
	ml_fs_remove_tree(copy, NULL);
	free(copy);
	return ret;
}

/*
 * Carries src's patches one by one from old (the old pristine tree, not changed) to staging
 * (the new one): patch i merges from old + patches before it into staging + the carried
 * patches before it, so each stays its own file. Scratch copies live below parent. When
 * every one merges cleanly, their merged files are written into staging and st->each gets
 * their texts; when one conflicts, nothing is changed (*clean false).
 */
static int carry_each(struct ml_patch_stage *st, bool *clean, const char *old, const char *staging,
		      const char *parent, const char *project, const struct ml_lock_source *src,
		      const char *label, struct ml_error *err)
{
	size_t n =
	    src->patch_files.n < src->patch_sha256.n ? src->patch_files.n : src->patch_sha256.n;
	struct ml_patch_carry *c = ml_calloc(n ? n : 1, sizeof(*c));
	char *o = ml_xasprintf("%s/each-old", parent), *w = ml_xasprintf("%s/each-new", parent);
	struct ml_buf data = ML_BUF_INIT;
	size_t done = 0;
	int ret;

	*clean = true;
	ml_fs_remove_tree(o, NULL);
	ml_fs_remove_tree(w, NULL);
	ret = ml_fs_copy_tree(old, o, err);
	if (!ret)
		ret = ml_fs_copy_tree(staging, w, err);
	for (; !ret && *clean && done < n; done++) {
		ml_patch_carry_init(&c[done]);
		ml_buf_reset(&data);
		ret = ml_patch_read_file(&data, project, src->patch_files.v[done],
					 src->patch_sha256.v[done], err);
		if (!ret)
			ret = ml_patch_carry(&c[done], o, w, data.buf, data.len,
					     src->patch_files.v[done], label, err);
		if (!ret && !c[done].clean)
			*clean = false;
		else if (!ret)
			ret = ml_patch_carry_write(&c[done], w, err);
	}
	if (!ret && *clean) {
		st->each = ml_calloc(n ? n : 1, sizeof(*st->each));
		for (size_t i = 0; !ret && i < n; i++) {
			ret = ml_patch_carry_write(&c[i], staging, err);
			ml_buf_init(&st->each[i]);
			ml_buf_add(&st->each[i], c[i].patch.buf, c[i].patch.len);
			st->neach++;
		}
	}
	for (size_t i = 0; i < done; i++)
		ml_patch_carry_release(&c[i]);
	free(c);
	ml_fs_remove_tree(o, NULL);
	ml_fs_remove_tree(w, NULL);
	free(o);
	free(w);
	ml_buf_release(&data);
	return ret;
}

int ml_patch_stage(struct ml_patch_stage *out, const char *staging, const char *root,
		   const char *project, const struct ml_lock_source *src, const char *old_key,
		   unsigned ws_flags, bool offline, struct ml_error *err)
{
	struct ml_lock_source old = { 0 };
	struct ml_patch_stage st = { 0 };
	struct ml_buf patch = ML_BUF_INIT;
	char *parent = NULL, *pristine = NULL, *label = NULL;
	struct ml_error ignored = ML_ERROR_INIT;
	bool each_clean = false;
	int ret;

	ml_patch_carry_init(&st.carry);
	if (!src->patch_files.n) {
		*out = st;
		return 0;
	}
	/* the same source (a fresh pull, a changed patch): apply the patches as recorded */
	if (!old_key || ml_lock_source_is_local(src) ||
	    ml_patch_key_source(&old, old_key, &ignored) || same_source(&old, src)) {
		ret = ml_patch_apply_recorded(staging, project, src, err);
		goto out;
	}
	/* an upgrade: carry the patches from the old version by three-way merges */
	old.dir = ml_strdup(src->dir);
	parent = tmp_parent(root);
	ml_fs_remove_tree(parent, NULL);
	ret = ml_pristine_make(&pristine, &old, project, parent, offline, err);
	if (ret && err && err->msg)
		prefix_error(err, ret,
			     "the version pulled before (%s), to carry the patches to: ", old.url);
	/* the old version's key names no package: the one pulled now is the same one's */
	if (ret && err)
		ml_error_about(err, src->packages.n ? src->packages.v[0] : NULL, NULL);
	label = ml_xasprintf("%s", src->url);
	if (!ret && src->patch_files.n > 1)
		ret = carry_each(&st, &each_clean, pristine, staging, parent, project, src, label,
				 err);
	if (!ret && !st.neach)
		ret = combined_patch(&patch, pristine, project, src, err);
	if (!ret && !st.neach) {
		/* conflict markers name every patch the merged one stands for */
		struct ml_buf names = ML_BUF_INIT;

		for (size_t i = 0; i < src->patch_files.n; i++)
			ml_buf_addf(&names, "%s%s", i ? " + " : "", src->patch_files.v[i]);
		ret = ml_patch_carry(&st.carry, pristine, staging, patch.buf, patch.len, names.buf,
				     label, err);
		ml_buf_release(&names);
	}
	if (ret)
		goto out;
	st.carried = true;
	st.old_url = ml_strdup(old.url);
	if (st.neach)
		st.carry.clean = true;
	else if (st.carry.clean)
		ret = ml_patch_carry_write(&st.carry, staging, err);
	if (!ret) {
		/* the key the directory will have once the lock records the outcome */
		struct ml_lock_source k = *src;
		struct ml_strvec sums = ML_STRVEC_INIT;

		ml_strvec_init(&k.patch_files);
		k.patch_sha256 = sums;
		for (size_t i = 0; i < (st.neach ? st.neach : st.carry.clean ? 1 : 0); i++) {
			const struct ml_buf *t = st.neach ? &st.each[i] : &st.carry.patch;
			struct ml_hasher *h = ml_hasher_new();
			struct ml_digests d;

			ml_hasher_update(h, t->buf, t->len);
			ml_hasher_final(&d, h);
			ml_hasher_free(h);
			if (t->len)
				ml_strvec_push(&k.patch_sha256, d.hex[ML_HASH_SHA256]);
		}
		st.key = ml_workspace_source_key(&k, ws_flags);
		ml_strvec_release(&k.patch_sha256);
	}
out:
	if (pristine)
		ml_fs_remove_tree(pristine, NULL);
	free(pristine);
	free(parent);
	free(label);
	ml_buf_release(&patch);
	ml_error_release(&ignored);
	ml_patch_key_source_release(&old);
	if (ret)
		ml_patch_stage_release(&st);
	else
		*out = st;
	return ret;
}

bool ml_patch_key_matches(const char *key, const struct ml_lock_source *src, unsigned *flags)
{
	char *plain = ml_workspace_source_key(src, 0);
	char *git = ml_workspace_source_key(src, ML_WS_KEEP_GIT);
	bool ok = false;

	if (!strcmp(key, plain)) {
		ok = true;
		*flags = 0;
	} else if (!strcmp(key, git)) {
		ok = true;
		*flags = ML_WS_KEEP_GIT;
	} else if (ml_lock_source_is_local(src) && ml_starts_with(key, plain) &&
		   ml_starts_with(key + strlen(plain), " tree=")) {
		ok = true;
		*flags = 0;
	}
	free(plain);
	free(git);
	return ok;
}

/* <root>/.monolock/kept/<dir>: the .orig files a conflicting carry of dir kept (patch.h). */
static char *kept_record(const char *root, const char *dir)
{
	return ml_xasprintf("%s/.monolock/kept/%s", root, dir);
}

/* Records the .orig names of files (relative to the project), one a line. */
static int write_kept(const char *root, const char *dir, const struct ml_strvec *files,
		      struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	char *path = kept_record(root, dir);
	int ret;

	for (size_t i = 0; i < files->n; i++)
		ml_buf_addf(&b, "%s.orig\n", files->v[i]);
	ret = ml_fs_mkdirs_below(root, ".monolock/kept", 0755, err);
	if (!ret)
		ret = ml_fs_write_atomic(path, b.buf, b.len, 0644, err);
	ml_buf_release(&b);
	free(path);
	return ret;
}

/*
 * Whether a line of a kept record names a file the carry could have kept: relative, a ".orig",
 * no empty, "." or ".." component (the workspace is not trusted: anything else is ignored).
 */
static bool kept_name_ok(const char *name, size_t len)
{
	size_t start = 0;

	if (len == 0 || len > 4096 || name[0] == '/' || len < 6 ||
	    memcmp(name + len - 5, ".orig", 5) || memchr(name, '\0', len))
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != '/')
			continue;
		if (i == start || (i - start == 1 && name[start] == '.') ||
		    (i - start == 2 && name[start] == '.' && name[start + 1] == '.'))
			return false;
		start = i + 1;
	}
	return true;
}

int ml_patch_drop_kept(struct ml_strvec *out, const char *root, const char *project,
		       const char *dir, struct ml_error *err)
{
	char *path = kept_record(root, dir);
	struct ml_buf b = ML_BUF_INIT;
	struct ml_error sub = ML_ERROR_INIT;
	int ret = ml_fs_read_regular(&b, path, 64 * 1024, &sub);

	if (ret == ML_ENOTFOUND) { /* none, or not a file it wrote: nothing it kept */
		ret = 0;
		goto out;
	}
	if (ret < 0) {
		ml_error_move(err, &sub);
		goto out;
	}
	for (const char *p = b.buf, *e; *p; p = *e ? e + 1 : e) {
		size_t n;
		struct stat st;
		char *name, *file;

		e = strchrnul(p, '\n');
		n = (size_t)(e - p);
		if (!kept_name_ok(p, n))
			continue;
		name = ml_strndup(p, n);
		file = ml_xasprintf("%s%s", project, name);
		/* only a file it kept: never through a link, never a directory */
		if (lstat(file, &st) == 0 && S_ISREG(st.st_mode) && unlink(file) == 0)
			ml_strvec_push(out, file);
		free(name);
		free(file);
	}
	unlink(path);
out:
	ml_error_release(&sub);
	ml_buf_release(&b);
	free(path);
	return ret;
}

/* Each patch carried on its own: rewritten in place, or removed when the new version has it. */
static int settle_each(struct ml_lock_source *src, const struct ml_patch_stage *st,
		       const char *project, struct ml_error *err)
{
	struct ml_strvec files = ML_STRVEC_INIT, sums = ML_STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; !ret && i < st->neach && i < src->patch_files.n; i++) {
		char *path = ml_xasprintf("%s%s", project, src->patch_files.v[i]);

		if (st->each[i].len) {
			struct ml_hasher *h = ml_hasher_new();
			struct ml_digests d;

			ret = ml_fs_write_atomic(path, st->each[i].buf, st->each[i].len, 0644, err);
			ml_hasher_update(h, st->each[i].buf, st->each[i].len);
			ml_hasher_final(&d, h);
			ml_hasher_free(h);
			ml_strvec_push(&files, src->patch_files.v[i]);
			ml_strvec_push(&sums, d.hex[ML_HASH_SHA256]);
		} else {
			unlink(path);
		}
		free(path);
	}
	if (!ret) {
		ml_strvec_release(&src->patch_files);
		ml_strvec_release(&src->patch_sha256);
		src->patch_files = files;
		src->patch_sha256 = sums;
	} else {
		ml_strvec_release(&files);
		ml_strvec_release(&sums);
	}
	return ret;
}

int ml_patch_settle(struct ml_strvec *kept, struct ml_lock_source *src,
		    const struct ml_patch_stage *st, const char *root, const char *project,
		    struct ml_error *err)
{
	char *file = NULL, *sha = NULL, *dir = NULL;
	int ret = 0;

	if (!st->carried)
		return 0;
	if (st->neach)
		return settle_each(src, st, project, err);
	if (st->carry.clean && st->carry.patch.len)
		ret = ml_patch_save_file(&file, &sha, project, src->dir, NULL, st->carry.patch.buf,
					 st->carry.patch.len, err);
	for (size_t i = 0; !ret && i < src->patch_files.n; i++) {
		char *old = ml_xasprintf("%s%s", project, src->patch_files.v[i]);

		if (!st->carry.clean) {
			/* kept beside the new version's files for the human who merges */
			char *orig = ml_xasprintf("%s.orig", old);

			if (rename(old, orig) < 0)
				ret = ml_error_errno(err, ML_EIO, "cannot rename '%s'", old);
			else
				ml_strvec_push(kept, orig);
			free(orig);
		} else if (!file || strcmp(src->patch_files.v[i], file)) {
			unlink(old);
		}
		free(old);
	}
	/* what `patch DIR` removes once the conflict is resolved: every one of them */
	if (!ret && !st->carry.clean && src->patch_files.n)
		ret = write_kept(root, src->dir, &src->patch_files, err);
	if (ret)
		goto out;
	ml_strvec_release(&src->patch_files);
	ml_strvec_release(&src->patch_sha256);
	if (file) {
		ml_strvec_push_owned(&src->patch_files, file);
		ml_strvec_push_owned(&src->patch_sha256, sha);
		file = sha = NULL;
	}
	if (!st->carry.clean) {
		dir = ml_path_join(root, src->dir);
		ret = ml_patch_carry_write(&st->carry, dir, err);
	}
out:
	free(file);
	free(sha);
	free(dir);
	return ret;
}

char *ml_patch_own_file(const char *dir)
{
	return ml_xasprintf("patches/%s.patch", dir);
}

void ml_patch_saved_release(struct ml_patch_saved *s)
{
	if (!s)
		return;
	free(s->file);
	free(s->key);
	free(s->pulled);
	ml_strvec_release(&s->others);
	memset(s, 0, sizeof(*s));
}

/* The files a patch changes: its "diff --git" lines. */
static size_t patch_file_count(const char *text)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, "diff --git ")); p++)
		if (p == text || p[-1] == '\n')
			n++;
	return n;
}

/* The "patches=" part of a workspace key, as ml_workspace_source_key writes it, or "". */
static char *key_patches(const char *key)
{
	const char *p = strstr(key, " patches=");
	const char *e;

	if (!p)
		return ml_strdup("");
	p += strlen(" patches=");
	e = strchrnul(p, ' ');
	return ml_strndup(p, (size_t)(e - p));
}

int ml_patch_save_dir(struct ml_patch_saved *out, struct ml_workspace *ws, const char *project,
		      struct ml_lock_source *src, bool offline, struct ml_error *err)
{
	const char *root = ml_workspace_root(ws);
	struct ml_patch_saved res = { 0 };
	struct ml_lock_source base = { 0 }, eff;
	struct ml_patch_diff_opts o = { 0 };
	struct ml_strvec paths = ML_STRVEC_INIT, other_sha = ML_STRVEC_INIT;
	struct ml_buf text = ML_BUF_INIT;
	char *key = NULL, *own = ml_patch_own_file(src->dir), *sha = NULL, *pulled_p = NULL;
	bool pulled_other = false, had_own = false, whole = false;
	unsigned flags = 0;
	int ret;

	ml_strvec_init(&res.others);
	if (ml_lock_source_is_local(src)) {
		ret = ml_error_set(err, ML_EUSAGE,
				   "%s: a local directory source (%s): edit it there, monolock "
				   "pull copies it",
				   src->dir, src->url);
		goto out;
	}
	ret = ml_workspace_key(&key, ws, src->dir, err);
	if (ret == ML_ENOTFOUND)
		ret = ml_error_set(err, ML_ENOTFOUND, "%s/%s: not pulled (run `monolock pull`)",
				   root, src->dir);
	if (ret)
		goto out;
	if (!ml_patch_key_matches(key, src, &flags)) {
		struct ml_buf now = ML_BUF_INIT;

		ret = ml_patch_key_source(&base, key, err);
		if (ret)
			goto out;
		flags = strstr(key, " keep-git") ? ML_WS_KEEP_GIT : 0;
		/* the lock moved on (an upgrade not pulled yet): the edits are against what was
		 * pulled, and pull carries the patches to the lock's version */
		if (!same_source(&base, src)) {
			pulled_other = true;
			base.dir = ml_strdup(src->dir);
			res.pulled = ml_strdup(base.url);
		}
		/*
		 * Pulled with other patches than the lock's (one added or changed by hand since):
		 * which files those touched is unknown, so every file is compared.
		 */
		pulled_p = key_patches(key);
		for (size_t i = 0; i < src->patch_sha256.n; i++)
			ml_buf_addf(&now, "%s%s", i ? "," : "", src->patch_sha256.v[i]);
		whole = strcmp(now.buf, pulled_p) != 0;
		ml_buf_release(&now);
	}
	/* the others, in the lock's order; the own patch is rewritten on top of them */
	for (size_t i = 0; i < src->patch_files.n && i < src->patch_sha256.n; i++) {
		if (!strcmp(src->patch_files.v[i], own)) {
			had_own = true;
			continue;
		}
		ml_strvec_push(&res.others, src->patch_files.v[i]);
		ml_strvec_push(&other_sha, src->patch_sha256.v[i]);
	}
	/*
	 * Outside what pull wrote (the manifest) and what the patches touch, the directory is
	 * the pristine source: only the rest is compared.
	 */
	if (!whole)
		ret = ml_patch_changed_paths(&paths, ws, project, src, err);
	eff = pulled_other ? base : *src;
	eff.patch_files = res.others;
	eff.patch_sha256 = other_sha;
	o.binary = true;
	o.paths = whole ? NULL : &paths;
	if (!ret && (whole || paths.n))
		ret = ml_patch_edits(&text, root, project, &eff, true, &o, offline, err);
	if (!ret && text.len)
		ret = ml_patch_save_file(&res.file, &sha, project, src->dir, NULL, text.buf,
					 text.len, err);
	if (ret)
		goto out;
	res.nfiles = text.len ? patch_file_count(text.buf) : 0;
	if (had_own && !res.file) {
		char *path = ml_xasprintf("%s%s", project, own);

		unlink(path);
		free(path);
		res.dropped = true;
	}
	ml_strvec_release(&src->patch_files);
	ml_strvec_release(&src->patch_sha256);
	for (size_t i = 0; i < res.others.n; i++) {
		ml_strvec_push(&src->patch_files, res.others.v[i]);
		ml_strvec_push(&src->patch_sha256, other_sha.v[i]);
	}
	if (res.file) {
		ml_strvec_push(&src->patch_files, res.file);
		ml_strvec_push_owned(&src->patch_sha256, sha);
		sha = NULL;
	}
	eff = pulled_other ? base : *src;
	eff.patch_files = src->patch_files;
	eff.patch_sha256 = src->patch_sha256;
	res.key = ml_workspace_source_key(&eff, flags);
	*out = res;
	memset(&res, 0, sizeof(res));
out:
	ml_patch_saved_release(&res);
	ml_patch_key_source_release(&base);
	ml_strvec_release(&paths);
	ml_strvec_release(&other_sha);
	ml_buf_release(&text);
	free(key);
	free(own);
	free(sha);
	free(pulled_p);
	return ret;
}

int ml_patch_changed_paths(struct ml_strvec *out, struct ml_workspace *ws, const char *project,
			   const struct ml_lock_source *src, struct ml_error *err)
{
	struct ml_ws_plan plan;
	struct ml_buf data = ML_BUF_INIT;
	int ret;

	ml_ws_plan_init(&plan);
	ret = ml_workspace_diff(&plan, ws, src->dir, err);
	for (size_t i = 0; !ret && i < plan.nedits; i++)
		if (plan.edits[i].path)
			ml_strvec_push(out, plan.edits[i].path);
	for (size_t i = 0; !ret && i < src->patch_files.n && i < src->patch_sha256.n; i++) {
		ml_buf_reset(&data);
		ret = ml_patch_read_file(&data, project, src->patch_files.v[i],
					 src->patch_sha256.v[i], err);
		if (!ret)
			ret = ml_patch_paths(out, data.buf, data.len, src->patch_files.v[i], err);
	}
	ml_strvec_sort_uniq(out);
	ml_buf_release(&data);
	ml_ws_plan_release(&plan);
	return ret;
}
