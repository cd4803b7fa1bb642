#include "repo.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "opam.h"
#include "ucache.h"
#include "util.h"

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* More entries than any real repository holds (opam-repository: ~19k) by far. */
#define ML_REPO_MAX_ENTRIES 1000000u
/* NAME and VERSION lengths: opam's are short; anything longer is not a package. */
#define ML_REPO_MAX_COMPONENT 255u

struct ml_repo *ml_repo_new(const char *spec, const struct ml_repo_ops *ops, void *ctx)
{
	struct ml_repo *r = ml_calloc(1, sizeof(*r));

	r->spec = ml_strdup(spec);
	r->url = ml_strdup(spec);
	r->display = ml_strdup(spec);
	r->ops = ops;
	r->ctx = ctx;
	return r;
}

void ml_repo_free(struct ml_repo *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nentries; i++) {
		free(r->entries[i].name);
		free(r->entries[i].version);
		free(r->entries[i].relpath);
	}
	free(r->entries);
	if (r->ucache) {
		ml_ucache_save(r->ucache, NULL);
		ml_ucache_free(r->ucache);
	}
	if (r->ops && r->ops->free)
		r->ops->free(r->ctx);
	free(r->spec);
	free(r->url);
	free(r->commit);
	free(r->hash);
	free(r->display);
	free(r);
}

/* A path component that may name a package or a version: no '/', not hidden, not "..". */
static bool good_component(const char *s, size_t len)
{
	if (len == 0 || len > ML_REPO_MAX_COMPONENT || s[0] == '.')
		return false;
	return memchr(s, '/', len) == NULL;
}

static void push_entry(struct ml_repo *r, const char *name, size_t nlen, const char *version,
		       size_t vlen, const char *relpath)
{
	struct ml_repo_entry *e;

	ML_ALLOC_GROW(r->entries, r->nentries + 1, r->alloc);
	e = &r->entries[r->nentries++];
	e->name = ml_strndup(name, nlen);
	e->version = ml_strndup(version, vlen);
	e->relpath = ml_strdup(relpath);
}

bool ml_repo_add_path(struct ml_repo *r, const char *relpath)
{
	const char *p, *s1, *s2, *dot;
	size_t nlen;

	if (!ml_starts_with(relpath, "packages/") || !ml_ends_with(relpath, "/opam"))
		return false;
	if (r->nentries >= ML_REPO_MAX_ENTRIES)
		return false;
	p = relpath + strlen("packages/");
	s1 = strchr(p, '/');
	if (!s1)
		return false; /* "packages/opam" */
	if (strcmp(s1, "/opam") == 0) {
		/* packages/NAME.VERSION/opam */
		if (!good_component(p, (size_t)(s1 - p)))
			return false;
		dot = memchr(p, '.', (size_t)(s1 - p));
		if (!dot || dot == p || dot + 1 == s1)
			return false;
		push_entry(r, p, (size_t)(dot - p), dot + 1, (size_t)(s1 - dot - 1), relpath);
		return true;
	}
	/* packages/NAME/NAME.VERSION/opam */
	s2 = strchr(s1 + 1, '/');
	if (!s2 || strcmp(s2, "/opam") != 0)
		return false;
	nlen = (size_t)(s1 - p);
	if (!good_component(p, nlen) || memchr(p, '.', nlen))
		return false;
	if (!good_component(s1 + 1, (size_t)(s2 - s1 - 1)))
		return false;
	/* the directory must be NAME.VERSION with a non-empty VERSION */
	if ((size_t)(s2 - s1 - 1) < nlen + 2 || strncmp(s1 + 1, p, nlen) != 0 ||
	    s1[1 + nlen] != '.')
		return false;
	push_entry(r, p, nlen, s1 + 2 + nlen, (size_t)(s2 - (s1 + 2 + nlen)), relpath);
	return true;
}

void ml_repo_add_package(struct ml_repo *r, const char *name, const char *version,
			 const char *relpath)
{
	push_entry(r, name, strlen(name), version, strlen(version), relpath);
}

/* A relative path inside a repository: no absolute path, no ".." component, no NUL games. */
static bool safe_relpath(const char *relpath)
{
	const char *p = relpath;

	if (!*p || *p == '/')
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	return true;
}

int ml_repo_read(const struct ml_repo *r, const char *relpath, struct ml_buf *out,
		 struct ml_error *err)
{
	if (!safe_relpath(relpath))
		return ml_error_set(err, ML_EUNSAFE, "%s: refusing to read '%s'", r->display,
				    relpath);
	if (!r->ops || !r->ops->read)
		return ml_error_set(err, ML_ENOTFOUND, "%s: cannot read '%s'", r->display, relpath);
	return r->ops->read(r->ctx, relpath, out, err);
}

/* ---- directory repositories: the index is walked once, files are read on demand ---- */

static int dir_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	char *path = ml_path_join(ctx, relpath);
	int ret = ml_fs_read(out, path, ML_OPAM_MAX_FILE_SIZE, err);

	free(path);
	return ret;
}

static void dir_free(void *ctx)
{
	free(ctx);
}

static const struct ml_repo_ops dir_ops = { dir_read, dir_free };

void ml_repo_attach_cache(struct ml_repo *r, const char *id, const char *key)
{
	const char *off = getenv("MONOLOCK_NO_REPO_CACHE");

	if (r->ucache) {
		ml_ucache_save(r->ucache, NULL);
		ml_ucache_free(r->ucache);
		r->ucache = NULL;
	}
	if (off && *off)
		return;
	r->ucache = ml_ucache_open(NULL, id, key);
}

/*
 * Whether name (relative to dfd) is a regular file; adds its stamp (relpath, size, inode,
 * mtime and ctime in ns) to key: any edit, replacement, addition or removal of an opam file
 * changes the key.
 */
static bool is_file_at(int dfd, const char *name, const char *relpath, struct ml_ucache_key *key)
{
	struct stat st;
	uint64_t stamp[8];

	if (fstatat(dfd, name, &st, 0) != 0 || !S_ISREG(st.st_mode))
		return false;
	stamp[0] = ml_ucache_hash(relpath, strlen(relpath), 0);
	stamp[1] = (uint64_t)st.st_size;
	stamp[2] = (uint64_t)st.st_dev;
	stamp[3] = (uint64_t)st.st_ino;
	stamp[4] = (uint64_t)st.st_mtim.tv_sec;
	stamp[5] = (uint64_t)st.st_mtim.tv_nsec;
	stamp[6] = (uint64_t)st.st_ctim.tv_sec;
	stamp[7] = (uint64_t)st.st_ctim.tv_nsec;
	ml_ucache_key_add(key, stamp, sizeof(stamp));
	return true;
}

static bool is_dir_entry(int dfd, const struct dirent *de)
{
	struct stat st;

	if (de->d_type == DT_DIR)
		return true;
	if (de->d_type != DT_UNKNOWN && de->d_type != DT_LNK)
		return false;
	return fstatat(dfd, de->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Adds packages/<sub>/NAME.VERSION/opam for every NAME.VERSION directory below packages/<sub>.
 * Stats one file per version: listing each version directory would cost a getdents each.
 */
static int walk_name_dir(struct ml_repo *r, int pfd, const char *sub, struct ml_buf *rel,
			 const char *dir, struct ml_ucache_key *key, struct ml_error *err)
{
	int fd = -1, ret = 0;
	DIR *d = NULL;
	struct dirent *de;
	size_t base;

	fd = openat(pfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot open '%s/packages/%s'", dir, sub);
		goto out;
	}
	d = fdopendir(fd);
	if (!d) {
		ret = ml_error_errno(err, ML_EIO, "cannot open '%s/packages/%s'", dir, sub);
		goto out;
	}
	fd = -1;
	ml_buf_reset(rel);
	ml_buf_addf(rel, "packages/%s/", sub);
	base = rel->len;
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !is_dir_entry(dirfd(d), de))
			continue;
		ml_buf_setlen(rel, base);
		ml_buf_adds(rel, de->d_name);
		ml_buf_adds(rel, "/opam");
		if (is_file_at(dirfd(d), rel->buf + base, rel->buf, key))
			ml_repo_add_path(r, rel->buf);
	}
	if (errno) {
		ret = ml_error_errno(err, ML_EIO, "cannot read '%s/packages/%s'", dir, sub);
		goto out;
	}
	if (r->nentries >= ML_REPO_MAX_ENTRIES)
		ret = ml_error_set(err, ML_ERROR, "%s: more than %u packages", dir,
				   ML_REPO_MAX_ENTRIES);
out:
	if (d)
		closedir(d);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int walk_packages(struct ml_repo *r, const char *dir, struct ml_ucache_key *key,
			 struct ml_error *err)
{
	char *pdir = ml_path_join(dir, "packages");
	struct ml_buf rel = ML_BUF_INIT;
	DIR *d = NULL;
	struct dirent *de;
	int ret = 0;

	d = opendir(pdir);
	if (!d) {
		if (errno == ENOENT)
			goto out; /* a `repo` file and no packages yet: an empty repository */
		ret = ml_error_errno(err, ML_EIO, "cannot open '%s'", pdir);
		goto out;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !is_dir_entry(dirfd(d), de))
			continue;
		if (strchr(de->d_name, '.')) {
			/* packages/NAME.VERSION/opam (names never hold a '.') */
			ml_buf_reset(&rel);
			ml_buf_addf(&rel, "packages/%s/opam", de->d_name);
			if (is_file_at(dirfd(d), rel.buf + strlen("packages/"), rel.buf, key))
				ml_repo_add_path(r, rel.buf);
			continue;
		}
		ret = walk_name_dir(r, dirfd(d), de->d_name, &rel, dir, key, err);
		if (ret)
			goto out;
	}
	if (errno)
		ret = ml_error_errno(err, ML_EIO, "cannot read '%s'", pdir);
out:
	if (d)
		closedir(d);
	ml_buf_release(&rel);
	free(pdir);
	return ret;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct ml_repo_entry *x = a, *y = b;

	return strcmp(x->relpath, y->relpath);
}

int ml_repo_open_dir(struct ml_repo **out, const char *dir, struct ml_error *err)
{
	struct ml_repo *r = NULL;
	char *marker = NULL, *pkgs = NULL, *clean = NULL, *abs = NULL, *keystr = NULL, *id = NULL;
	struct ml_ucache_key key = { 0 };
	size_t len = strlen(dir);
	int ret = 0;

	/* "repo/" and "repo" show files the same way */
	while (len > 1 && dir[len - 1] == '/')
		len--;
	clean = ml_strndup(dir, len);
	if (!ml_fs_exists(clean)) {
		ret = ml_error_set(err, ML_ENOTFOUND, "repository '%s' does not exist", dir);
		goto out;
	}
	if (!ml_fs_is_dir(clean)) {
		ret = ml_error_set(err, ML_ERROR, "repository '%s' is not a directory", dir);
		goto out;
	}
	marker = ml_path_join(clean, "repo");
	pkgs = ml_path_join(clean, "packages");
	if (!ml_fs_is_dir(pkgs) && !(ml_fs_exists(marker) && !ml_fs_is_dir(marker))) {
		ret = ml_error_set(err, ML_ERROR,
				   "'%s' is not an opam repository (no 'repo' file and no "
				   "'packages' directory)",
				   dir);
		goto out;
	}
	r = ml_repo_new(dir, &dir_ops, ml_strdup(clean));
	free(r->display);
	r->display = ml_strdup(clean);
	free(r->url);
	if (clean[0] == '/')
		r->url = ml_xasprintf("file://%s", clean);
	else if (clean[0] == '.')
		r->url = ml_xasprintf("file://%s", clean);
	else
		r->url = ml_xasprintf("file://./%s", clean);
	ret = walk_packages(r, clean, &key, err);
	if (ret)
		goto out;
	/* readdir order is the file system's: sort so that everything downstream is stable */
	qsort(r->entries, r->nentries, sizeof(*r->entries), entry_cmp);
	/* parsed files are kept per location; the stamps of every opam file say if they hold */
	abs = realpath(clean, NULL);
	id = ml_xasprintf("dir:%s", abs ? abs : clean);
	keystr = ml_ucache_key_str(&key);
	ml_repo_attach_cache(r, id, keystr);
	*out = r;
	r = NULL;
out:
	ml_repo_free(r);
	free(marker);
	free(pkgs);
	free(clean);
	free(abs);
	free(id);
	free(keystr);
	return ret;
}
