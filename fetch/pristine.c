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
		};
		struct ml_fetch_opts fo = { 0 };
		struct ml_extract_limits lim = { 0 };

		fo.flags = offline ? ML_FETCH_OFFLINE : 0;
		fo.jobs = 1;
		ret = ml_fetch_sources(&res, &fs, 1, &fo, err);
		if (!ret)
			ret = ml_extract_archive(res.path, tmpl, &lim, err);
	}
	if (ret && err && err->msg) {
		char *msg = ml_strdup(err->msg);

		ml_error_set(err, ret, "%s: pristine source: %s", src->dir, msg);
		free(msg);
	}
out:
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
