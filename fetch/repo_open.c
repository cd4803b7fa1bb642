/* A repository SPEC (DESIGN section 2) to the backend that reads it. */
#include "fetch.h"
#include "lib/ucache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* file://PATH -> PATH ("file://localhost/abs" -> "/abs"), or NULL when spec is no file URL. */
static const char *file_url_path(const char *spec)
{
	const char *p;

	if (!ml_starts_with(spec, "file://"))
		return NULL;
	p = spec + strlen("file://");
	if (ml_starts_with(p, "localhost/"))
		p += strlen("localhost");
	return p;
}

/* "scheme://" with a scheme of letters, digits, '+', '-', '.' */
static bool has_scheme(const char *spec)
{
	size_t n =
	    strspn(spec, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

	return n > 0 && strncmp(spec + n, "://", 3) == 0;
}

int ml_repo_open(struct ml_repo **out, const char *spec, struct ml_error *err)
{
	struct ml_repo *r = NULL;
	const char *path;
	struct stat st;
	int ret = 0;

	if (ml_starts_with(spec, "git+"))
		return ml_repo_open_git(out, spec, err);
	if (ml_starts_with(spec, "http://") || ml_starts_with(spec, "https://"))
		return ml_error_set(err, ML_EUSAGE,
				    "repository '%s': downloading repository archives is not "
				    "supported yet (use a local archive, a directory or git+URL)",
				    spec);
	path = file_url_path(spec);
	if (!path && has_scheme(spec))
		return ml_error_set(err, ML_EUSAGE, "repository '%s': unsupported URL", spec);
	if (!path)
		path = spec;
	if (!*path)
		return ml_error_set(err, ML_EUSAGE, "repository '%s': empty path", spec);
	if (stat(path, &st) != 0)
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "repository '%s'", spec);
	if (S_ISDIR(st.st_mode)) {
		ret = ml_repo_open_dir(&r, path, err);
	} else if (S_ISREG(st.st_mode)) {
		/* by content: libarchive recognises the format whatever the name says */
		ret = ml_repo_open_archive(&r, path, path, err);
		if (ret == 0) {
			free(r->url);
			r->url =
			    path == spec
				? ml_xasprintf("file://%s%s",
					       path[0] == '/' || path[0] == '.' ? "" : "./", path)
				: ml_strdup(spec);
		}
	} else {
		return ml_error_set(err, ML_ERROR,
				    "repository '%s' is neither a directory nor an archive", spec);
	}
	if (ret)
		goto out;
	free(r->spec);
	r->spec = ml_strdup(spec);
	if (path != spec && S_ISDIR(st.st_mode)) {
		free(r->url);
		r->url = ml_strdup(spec);
	}
	*out = r;
	r = NULL;
out:
	ml_repo_free(r);
	return ret;
}

int ml_universe_open(struct ml_universe **out, const char *const *specs, size_t n,
		     struct ml_error *err)
{
	struct ml_universe *u = ml_universe_new();
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		struct ml_repo *r;

		ret = ml_repo_open(&r, specs[i], err);
		if (ret)
			goto out;
		ml_universe_add_repo(u, r);
	}
	*out = u;
	u = NULL;
out:
	ml_universe_free(u);
	return ret;
}

/*
 * The hashes of ml_repo_hash_files are kept between runs, in the repository's cache of
 * parsed files (lib/ucache.h, which names the repository's content key and monolock's own
 * build): a warm lock would read and hash the same ~170 opam files again. Each is kept under
 * "#hash:" and a digest of the named files' relpaths and stamps: the stamp that decides
 * whether a cached parse holds decides whether a hash does.
 */
#define HASH_LEN (7 + 64) /* "sha256=" and the hex digest */

static int entry_relpath_cmp(const void *a, const void *b, void *ctx)
{
	const struct ml_repo_entry *e = ctx;

	return strcmp(e[*(const size_t *)a].relpath, e[*(const size_t *)b].relpath);
}

/*
 * The name of this request's hash in the cache (free()), or NULL when it may not be kept:
 * no cache, a named file not listed or racy, or a file of a directory without its stamp.
 */
static char *hash_memo_name(const struct ml_repo *r, const struct ml_strvec *paths)
{
	struct ml_ucache_key k = { 0 };
	size_t *idx, n = 0, lo = 0;
	bool ok = true;

	if (!r->ucache || !r->key)
		return NULL;
	idx = ml_reallocarray(NULL, r->nentries + 1, sizeof(*idx));
	for (size_t i = 0; i < r->nentries; i++)
		if (r->entries[i].relpath)
			idx[n++] = i;
	if (n > 1)
		qsort_r(idx, n, sizeof(*idx), entry_relpath_cmp, r->entries);
	for (size_t i = 0; ok && i < paths->n; i++) {
		struct ml_buf item = ML_BUF_INIT;
		const struct ml_repo_entry *e = NULL;
		size_t hi = n;

		/* paths are sorted too: each search starts where the last one ended */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(r->entries[idx[mid]].relpath, paths->v[i]);

			if (c == 0) {
				e = &r->entries[idx[mid]];
				lo = mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!e || e->stamp == ML_UCACHE_RACY ||
		    (e->stamp == 0 && ml_starts_with(r->key, "dir:"))) {
			ok = false;
			break;
		}
		ml_buf_adds(&item, paths->v[i]);
		ml_buf_add(&item, "", 1);
		ml_buf_add(&item, &e->stamp, sizeof(e->stamp));
		ml_ucache_key_add(&k, item.buf, item.len);
		ml_buf_release(&item);
	}
	free(idx);
	if (!ok)
		return NULL;
	return ml_xasprintf("#hash:%016llx%016llx:%llu", (unsigned long long)k.a,
			    (unsigned long long)k.b, (unsigned long long)k.n);
}

/* "sha256=" and 64 lowercase hex digits. */
static bool hash_ok(const char *s, size_t len)
{
	if (len != HASH_LEN || strncmp(s, "sha256=", 7) != 0)
		return false;
	for (size_t i = 7; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int ml_repo_hash_files(char **out, const struct ml_repo *r, const struct ml_strvec *relpaths,
		       struct ml_error *err)
{
	struct ml_strvec paths = ML_STRVEC_INIT;
	struct ml_hasher *h = NULL;
	struct ml_buf data = ML_BUF_INIT;
	struct ml_digests d;
	char *name;
	int ret = 0;

	for (size_t i = 0; i < relpaths->n; i++)
		ml_strvec_push(&paths, relpaths->v[i]);
	ml_strvec_sort_uniq(&paths);
	name = hash_memo_name(r, &paths);
	if (name && ml_ucache_get_raw(&data, r->ucache, name) == 0 && hash_ok(data.buf, data.len)) {
		*out = ml_strndup(data.buf, data.len);
		goto out;
	}
	h = ml_hasher_new_kinds(ML_HASH_BIT(ML_HASH_SHA256)); /* the one a lock records */
	for (size_t i = 0; i < paths.n; i++) {
		char len[32];
		int n;

		ml_buf_reset(&data);
		ret = ml_repo_read(r, paths.v[i], &data, err);
		if (ret)
			goto out;
		ml_hasher_update(h, paths.v[i], strlen(paths.v[i]) + 1);
		n = snprintf(len, sizeof(len), "%zu", data.len);
		ml_hasher_update(h, len, (size_t)n + 1);
		ml_hasher_update(h, data.buf, data.len);
	}
	ml_hasher_final(&d, h);
	*out = ml_xasprintf("sha256=%s", d.hex[ML_HASH_SHA256]);
	if (name)
		ml_ucache_put_raw(r->ucache, name, *out, strlen(*out));
out:
	ml_hasher_free(h);
	ml_buf_release(&data);
	ml_strvec_release(&paths);
	free(name);
	return ret;
}
