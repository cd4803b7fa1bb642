/*
 * The content-addressed archive cache. Entries only ever appear by rename(2) of a complete,
 * fsynced file, so a reader never sees a partial one; writers and discarders of entries
 * serialise on an flock so that one process never discards an entry another just replaced.
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"

/* Temporary files older than this were left by a crashed process. */
#define STALE_TMP_SECONDS (24 * 3600)

struct ml_cache {
	char *root;
	char *tmpdir;
};

const char *ml_cache_root(const struct ml_cache *cache)
{
	return cache->root;
}

static void remove_stale_tmp(const char *dir)
{
	time_t now = time(NULL);
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && now - st.st_mtime > STALE_TMP_SECONDS)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

int ml_cache_open(struct ml_cache **out, const char *root, struct ml_error *err)
{
	struct ml_cache *c = ml_calloc(1, sizeof(*c));
	int ret;

	c->root = root ? ml_strdup(root) : ml_cache_dir();
	c->tmpdir = ml_path_join(c->root, "tmp");
	ret = ml_fs_mkdirs(c->tmpdir, 0755, err);
	if (ret < 0)
		goto out;
	remove_stale_tmp(c->tmpdir);
	*out = c;
	c = NULL;
out:
	ml_cache_free(c);
	return ret;
}

void ml_cache_free(struct ml_cache *cache)
{
	if (!cache)
		return;
	free(cache->root);
	free(cache->tmpdir);
	free(cache);
}

static char *entry_path(const struct ml_cache *c, int kind, const char *hex)
{
	return ml_xasprintf("%s/archives/%s/%.2s/%s", c->root, ml_hash_kind_name(kind), hex, hex);
}

static int lock_cache(const struct ml_cache *c, struct ml_error *err)
{
	char *path = ml_path_join(c->root, "lock");
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		fd = ml_error_errno(err, ML_EIO, "cannot open '%s'", path);
		goto out;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		ml_error_errno(err, ML_EIO, "cannot lock '%s'", path);
		close(fd);
		fd = ML_EIO;
		break;
	}
out:
	free(path);
	return fd;
}

static void unlock_cache(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * Whether the file at `path`, looked up as `kind=hex`, is what its name says: its content
 * hashes to hex, and for an index link, it is the sha256 entry of that content.
 */
static bool entry_consistent(const struct ml_cache *c, const char *path, int kind, const char *hex,
			     const struct ml_digests *d)
{
	char *real;
	bool ok;

	if (strcmp(d->hex[kind], hex))
		return false;
	if (kind == ML_HASH_SHA256)
		return true;
	real = entry_path(c, ML_HASH_SHA256, d->hex[ML_HASH_SHA256]);
	ok = same_file(path, real);
	free(real);
	return ok;
}

/* Removes a bad entry, unless another process replaced it with a good one meanwhile. */
static void discard(const struct ml_cache *c, const char *path, int kind, const char *hex)
{
	struct ml_digests d;
	char *target = NULL;
	int lock = lock_cache(c, NULL);

	if (lock < 0)
		return;
	if (ml_digests_of_file(&d, path, 0, NULL) == 0 && entry_consistent(c, path, kind, hex, &d))
		goto out;
	if (kind != ML_HASH_SHA256) {
		/* The link may lead to a sha256 entry whose own content is corrupt. */
		target = realpath(path, NULL);
		if (target && ml_digests_of_file(&d, target, 0, NULL) == 0) {
			const char *base = strrchr(target, '/');

			if (base && strcmp(base + 1, d.hex[ML_HASH_SHA256]))
				unlink(target);
		}
	}
	unlink(path);
out:
	free(target);
	unlock_cache(lock);
}

int ml_cache_lookup(char **out, struct ml_cache *cache, const struct ml_checksum *sums, size_t n,
		    struct ml_error *err)
{
	static const int pref[] = { ML_HASH_SHA256, ML_HASH_SHA512, ML_HASH_MD5 };
	const struct ml_checksum *key = NULL;
	struct ml_digests d;
	char *path = NULL;
	size_t i, p;
	int ret;

	assert(n > 0);
	for (p = 0; p < ML_ARRAY_SIZE(pref) && !key; p++)
		for (i = 0; i < n && !key; i++)
			if ((int)sums[i].kind == pref[p])
				key = &sums[i];
	path = entry_path(cache, key->kind, key->hex);
	ret = ml_digests_of_file(&d, path, 0, err);
	if (ret == ML_ENOTFOUND)
		goto out;
	if (ret < 0)
		goto out;
	if (!entry_consistent(cache, path, key->kind, key->hex, &d)) {
		discard(cache, path, key->kind, key->hex);
		ret = ml_error_set(err, ML_ENOTFOUND, "cache entry '%s' was corrupt", path);
		goto out;
	}
	/* The other checksums of the source must agree too; if not, the download will say so. */
	if (ml_checksums_verify(&d, sums, n, "cache", path, NULL) < 0) {
		ret = ml_error_set(err, ML_ENOTFOUND, "no cache entry matches every checksum");
		goto out;
	}
	*out = entry_path(cache, ML_HASH_SHA256, d.hex[ML_HASH_SHA256]);
out:
	free(path);
	return ret;
}

int ml_cache_tmpfile(int *out_fd, char **out_path, struct ml_cache *cache, struct ml_error *err)
{
	char *path = ml_xasprintf("%s/dl.XXXXXX", cache->tmpdir);
	int fd = mkostemp(path, O_CLOEXEC);

	if (fd < 0) {
		int ret = ml_error_errno(err, ML_EIO, "cannot create a temporary file in '%s'",
					 cache->tmpdir);
		free(path);
		return ret;
	}
	*out_fd = fd;
	*out_path = path;
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return ml_strndup(path, (size_t)(slash - path));
}

/* Points archives/<kind>/xx/<hex> at the sha256 entry with a relative symlink. */
static int add_index_link(const struct ml_cache *c, int kind, const struct ml_digests *d,
			  struct ml_error *err)
{
	const char *sha = d->hex[ML_HASH_SHA256];
	char *link = entry_path(c, kind, d->hex[kind]);
	char *dir = dir_of(link);
	char *target = ml_xasprintf("../../sha256/%.2s/%s", sha, sha);
	char *tmp = ml_xasprintf("%s.tmp.%ld", link, (long)getpid());
	int ret;

	ret = ml_fs_mkdirs(dir, 0755, err);
	if (ret < 0)
		goto out;
	unlink(tmp);
	if (symlink(target, tmp) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", tmp);
		goto out;
	}
	if (rename(tmp, link) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s'", tmp);
		unlink(tmp);
		goto out;
	}
	/*
	 * Not synced: a link is a hint whose target is verified on every lookup, and losing it
	 * to a power loss costs one download. Its two directory fsyncs were 45% of a cold pull's
	 * sync time (bench/pull).
	 */
out:
	free(link);
	free(dir);
	free(target);
	free(tmp);
	return ret;
}

int ml_cache_commit(char **out, struct ml_cache *cache, const char *tmp_path,
		    const struct ml_digests *d, struct ml_error *err)
{
	const char *sha = d->hex[ML_HASH_SHA256];
	char *path = entry_path(cache, ML_HASH_SHA256, sha);
	char *dir = dir_of(path);
	struct ml_digests have;
	int lock = -1, ret;

	ret = ml_fs_fsync_path(tmp_path, err);
	if (ret < 0)
		goto out;
	ret = ml_fs_mkdirs(dir, 0755, err);
	if (ret < 0)
		goto out;
	lock = lock_cache(cache, err);
	if (lock < 0) {
		ret = lock;
		goto out;
	}
	/* Another process may have committed the same content; keep a good entry as it is. */
	if (ml_digests_of_file(&have, path, 0, NULL) == 0 &&
	    !strcmp(have.hex[ML_HASH_SHA256], sha)) {
		unlink(tmp_path);
	} else if (rename(tmp_path, path) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s' to '%s'", tmp_path, path);
		goto out;
	}
	ml_fs_sync_dir(dir);
	ret = add_index_link(cache, ML_HASH_MD5, d, err);
	if (ret < 0)
		goto out;
	ret = add_index_link(cache, ML_HASH_SHA512, d, err);
	if (ret < 0)
		goto out;
	*out = path;
	path = NULL;
out:
	if (ret < 0)
		unlink(tmp_path);
	unlock_cache(lock);
	free(path);
	free(dir);
	return ret;
}
