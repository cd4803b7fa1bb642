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
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"

/* Temporary files older than this were left by a crashed process. */
#define STALE_TMP_SECONDS (24 * 3600)
/* A lookup stamps an entry's atime (its last use) unless it did less than this ago. */
#define STAMP_AGAIN_SECONDS 60

struct ml_cache {
	char *root;
	char *tmpdir;
	int use_fd;  /* use.lock, held shared while open: `cache gc` waits for no one */
	int root_fd; /* the root (O_PATH) entries are opened below, or -1 */
};

const char *ml_cache_root(const struct ml_cache *cache)
{
	return cache->root;
}

static void remove_stale_tmp(const char *dir)
{
	time_t now = time(NULL);
	struct dirent *de;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
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

/*
 * A shared flock on ROOT/use.lock for as long as the cache is open: `cache gc` takes it
 * exclusively (without waiting), so it never removes an entry between a pull's lookup or
 * commit and the end of its downloads. Waits while a gc runs (it is short).
 */
static int hold_use(const char *root, struct ml_error *err)
{
	char *path = ml_path_join(root, "use.lock");
	int fd = ml_fs_open_lock(path, err);

	while (fd >= 0 && flock(fd, LOCK_SH) < 0) {
		if (errno == EINTR)
			continue;
		ml_error_errno(err, ML_EIO, "cannot lock '%s'", path);
		close(fd);
		fd = ML_EIO;
	}
	free(path);
	return fd;
}

int ml_cache_open(struct ml_cache **out, const char *root, struct ml_error *err)
{
	struct ml_cache *c = ml_calloc(1, sizeof(*c));
	int ret;

	c->use_fd = -1;
	c->root_fd = -1;
	c->root = root ? ml_strdup(root) : ml_cache_dir();
	c->tmpdir = ml_path_join(c->root, "tmp");
	/* the root is the user's choice; below it, a link planted in the way is not followed */
	ret = ml_fs_mkdirs_below(c->root, "tmp", 0755, err);
	if (ret < 0)
		goto out;
	remove_stale_tmp(c->tmpdir);
	c->use_fd = hold_use(c->root, err);
	if (c->use_fd < 0) {
		ret = c->use_fd;
		goto out;
	}
	c->root_fd = open(c->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
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
	if (cache->use_fd >= 0)
		close(cache->use_fd); /* releases the flock */
	if (cache->root_fd >= 0)
		close(cache->root_fd);
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
	int fd = ml_fs_open_lock(path, err);

	if (fd < 0)
		goto out;
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

/* archives/<kind>/xx: the directory of an entry, relative to the root. */
static char *entry_dir(int kind, const char *hex)
{
	return ml_xasprintf("archives/%s/%.2s", ml_hash_kind_name(kind), hex);
}

/*
 * Removes the directory entry at path, whatever was planted there: a link itself (never what
 * it leads to), a fifo, a file, or a directory with what it holds (no link followed inside).
 */
static void drop(const char *path)
{
	ml_fs_remove_tree(path, NULL);
}

enum entry_state {
	ENTRY_ABSENT,
	ENTRY_OK,
	ENTRY_BAD_INDEX,   /* an index entry that is not a link to the right sha256 entry */
	ENTRY_BAD_CONTENT, /* a sha256 entry that is not a regular file of that content */
};

/*
 * rel opened below the cache's root in one call that fails on a link anywhere on the way or
 * in its place (openat2 RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH, O_NOFOLLOW): a descriptor, or
 * -1 with errno (ENOSYS when the root has no descriptor).
 */
static int open_beneath(const struct ml_cache *c, const char *rel, int flags)
{
	struct open_how how = { .flags = (unsigned)(flags | O_NOFOLLOW | O_CLOEXEC),
				.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH };

	if (c->root_fd < 0) {
		errno = ENOSYS;
		return -1;
	}
	return (int)syscall(SYS_openat2, c->root_fd, rel, &how, sizeof(how));
}

/*
 * The sha256 entry named sha opened in one call, which fails on a link anywhere below the
 * root (openat2 RESOLVE_NO_SYMLINKS, O_NOFOLLOW): a descriptor, or -ENOENT when the entry or a
 * directory on its way is absent (or not a directory), or another -errno when the entry must
 * be looked at step by step (a link on the way or in its place, a socket, no openat2). It
 * replaces ml_fs_is_dir_below's lstat of each directory, the lstat and open of the entry:
 * five walks of a long path per lookup, a tenth of a mirror of 200 cached archives.
 */
static int open_content(const struct ml_cache *c, const char *sha)
{
	char rel[96];
	int fd;

	snprintf(rel, sizeof(rel), "archives/sha256/%.2s/%.64s", sha, sha);
	fd = open_beneath(c, rel, O_RDONLY | O_NONBLOCK);
	if (fd >= 0)
		return fd;
	return errno == ENOTDIR ? -ENOENT : -errno;
}

/*
 * The sha256 entry named sha: a regular file (opened without following a link or blocking on
 * a fifo) under real directories, whose content hashes to its name. d gets its sha256 and the
 * kinds in `kinds` (ML_HASH_BIT()s), the only digests computed. An I/O error reading a regular
 * file is returned as such.
 */
static int inspect_content(enum entry_state *out, struct ml_digests *d, struct stat *hashed,
			   const struct ml_cache *c, const char *sha, unsigned kinds,
			   struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	char *dir = entry_dir(ML_HASH_SHA256, sha);
	char *path = entry_path(c, ML_HASH_SHA256, sha);
	int fd = open_content(c, sha);
	struct stat st;
	int ret = 0;

	*out = ENTRY_ABSENT;
	if (fd == -ENOENT)
		goto out;
	if (fd >= 0) {
		if (fstat(fd, hashed) < 0 || !S_ISREG(hashed->st_mode)) {
			*out = ENTRY_BAD_CONTENT; /* a directory or a fifo in its place */
		} else {
			ret = ml_digests_of_fd(d, kinds | ML_HASH_BIT(ML_HASH_SHA256), fd, hashed,
					       path, 0, &sub);
			if (ret < 0 && err)
				ml_error_move(err, &sub);
			else if (ret == 0)
				*out = strcmp(d->hex[ML_HASH_SHA256], sha) ? ENTRY_BAD_CONTENT
									   : ENTRY_OK;
		}
		close(fd);
		goto out;
	}
	if (!ml_fs_is_dir_below(c->root, dir) || lstat(path, &st) < 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		*out = ENTRY_BAD_CONTENT;
		goto out;
	}
	ret =
	    ml_digests_of_file_stat(d, kinds | ML_HASH_BIT(ML_HASH_SHA256), path, 0, hashed, &sub);
	if (ret == ML_ENOTFOUND) {
		/* gone or replaced by something else since the lstat */
		ret = 0;
		*out = lstat(path, &st) == 0 ? ENTRY_BAD_CONTENT : ENTRY_ABSENT;
	} else if (ret < 0) {
		if (err)
			ml_error_move(err, &sub);
	} else {
		*out = strcmp(d->hex[ML_HASH_SHA256], sha) ? ENTRY_BAD_CONTENT : ENTRY_OK;
	}
out:
	ml_error_release(&sub);
	free(dir);
	free(path);
	return ret;
}

/*
 * Whether the entry kind=hex is what its name says. A sha256 entry: see inspect_content. An
 * index entry: a link whose text is exactly what add_index_link writes,
 * "../../sha256/xx/<sha256>", leading to a good sha256 entry whose content also has
 * kind=hex; anything else there (a link elsewhere, a file, a directory, a fifo) is
 * ENTRY_BAD_INDEX, and a link to a corrupt entry ENTRY_BAD_CONTENT with that entry's name in
 * sha. The cache never follows a link it did not write. d: as inspect_content, with kind.
 */
static int inspect(enum entry_state *out, struct ml_digests *d, struct stat *hashed, char sha[65],
		   const struct ml_cache *c, int kind, const char *hex, unsigned kinds,
		   struct ml_error *err)
{
	char *dir = NULL, *path = NULL;
	char text[96];
	struct stat st;
	ssize_t n;
	int ret = 0;

	*out = ENTRY_ABSENT;
	sha[0] = '\0';
	if (kind == ML_HASH_SHA256) {
		ret = inspect_content(out, d, hashed, c, hex, kinds, err);
		if (*out == ENTRY_BAD_CONTENT)
			memcpy(sha, hex, 65);
		return ret;
	}
	dir = entry_dir(kind, hex);
	path = entry_path(c, kind, hex);
	if (!ml_fs_is_dir_below(c->root, dir) || lstat(path, &st) < 0)
		goto out;
	*out = ENTRY_BAD_INDEX;
	if (!S_ISLNK(st.st_mode))
		goto out;
	n = readlink(path, text, sizeof(text));
	/* "../../sha256/" 13, "xx/" 3, 64 hex digits */
	if (n != 13 + 3 + 64 || memcmp(text, "../../sha256/", 13) || text[15] != '/' ||
	    memcmp(text + 13, text + 16, 2))
		goto out;
	for (int i = 16; i < 80; i++)
		if (!((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
			goto out;
	memcpy(sha, text + 16, 64);
	sha[64] = '\0';
	ret = inspect_content(out, d, hashed, c, sha, kinds | ML_HASH_BIT(kind), err);
	if (ret < 0)
		goto out;
	if (*out == ENTRY_ABSENT || (*out == ENTRY_OK && strcmp(d->hex[kind], hex)))
		*out = ENTRY_BAD_INDEX; /* dangling, or leads to other content */
out:
	if (*out != ENTRY_BAD_CONTENT)
		sha[0] = '\0';
	free(dir);
	free(path);
	return ret;
}

/* Removes a bad entry, unless another process replaced it with a good one meanwhile. */
static void discard(const struct ml_cache *c, int kind, const char *hex)
{
	struct ml_digests d;
	enum entry_state state;
	struct stat st;
	char sha[65];
	int lock = lock_cache(c, NULL);

	if (lock < 0)
		return;
	if (inspect(&state, &d, &st, sha, c, kind, hex, 0, NULL) == 0 && state != ENTRY_OK &&
	    state != ENTRY_ABSENT) {
		char *path = entry_path(c, kind, hex);

		/* an index link to a corrupt entry: that entry goes too (found by its name) */
		if (state == ENTRY_BAD_CONTENT && kind != ML_HASH_SHA256) {
			char *content = entry_path(c, ML_HASH_SHA256, sha);

			drop(content);
			free(content);
		}
		drop(path);
		free(path);
	}
	unlock_cache(lock);
}

int ml_cache_lookup(char **out, struct ml_cache *cache, const struct ml_checksum *sums, size_t n,
		    struct ml_error *err)
{
	struct ml_digests d;

	return ml_cache_lookup_digests(out, &d, cache, sums, n, err);
}

int ml_cache_lookup_digests(char **out, struct ml_digests *dout, struct ml_cache *cache,
			    const struct ml_checksum *sums, size_t n, struct ml_error *err)
{
	struct stat st;

	return ml_cache_lookup_stat(out, dout, &st, cache, sums, n, err);
}

const struct ml_checksum *ml_cache_key(const struct ml_checksum *sums, size_t n)
{
	static const int pref[] = { ML_HASH_SHA256, ML_HASH_SHA512, ML_HASH_MD5 };

	for (size_t p = 0; p < ML_ARRAY_SIZE(pref); p++)
		for (size_t i = 0; i < n; i++)
			if ((int)sums[i].kind == pref[p])
				return &sums[i];
	return NULL;
}

int ml_cache_lookup_stat(char **out, struct ml_digests *dout, struct stat *hashed,
			 const struct ml_cache *cache, const struct ml_checksum *sums, size_t n,
			 struct ml_error *err)
{
	const struct ml_checksum *key = ml_cache_key(sums, n);
	enum entry_state state;
	struct ml_digests d;
	char sha[65];
	int ret;

	assert(n > 0);
	d.hex[ML_HASH_SHA256][0] = '\0'; /* stays empty unless a regular file was hashed */
	/* only the digests compared: sha256 (the name) and the kinds the source lists */
	ret = inspect(&state, &d, hashed, sha, cache, key->kind, key->hex,
		      ml_checksums_kinds(sums, n), err);
	if (ret < 0)
		return ret;
	if (state == ENTRY_ABSENT)
		return ml_error_set(err, ML_ENOTFOUND, "no cache entry for %s=%s",
				    ml_hash_kind_name(key->kind), key->hex);
	if (state != ENTRY_OK) {
		char *path = entry_path(cache, key->kind, key->hex);
		/* a regular file read to its end whose content is not its name's: a checksum */
		bool read = state == ENTRY_BAD_CONTENT && d.hex[ML_HASH_SHA256][0];

		discard(cache, key->kind, key->hex);
		if (read && d.hex[key->kind][0])
			ret =
			    ml_error_set(err, ML_ECHECKSUM,
					 "the cached archive failed its checksum (expected %s=%s, "
					 "got %s=%s) and was dropped",
					 ml_hash_kind_name(key->kind), key->hex,
					 ml_hash_kind_name(key->kind), d.hex[key->kind]);
		else
			ret = ml_error_set(err, ML_ENOTFOUND, "cache entry '%s' was corrupt", path);
		free(path);
		return ret;
	}
	/* The other checksums of the source must agree too; if not, the download will say so. */
	if (ml_checksums_verify(&d, sums, n, "cache", key->hex, NULL) < 0)
		return ml_error_set(err, ML_ENOTFOUND, "no cache entry matches every checksum");
	*out = entry_path(cache, ML_HASH_SHA256, d.hex[ML_HASH_SHA256]);
	*dout = d;
	{
		/*
		 * The use stamp `cache gc` orders entries by: atime set explicitly, as a
		 * noatime or relatime mount would not. Best effort. Not again within a minute
		 * of the last (a pull then a mirror, a re-run): an inode written and a syscall
		 * per entry saved, and gc's grace period is an hour.
		 */
		const struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
		time_t now = time(NULL);

		if (hashed->st_atime < now - STAMP_AGAIN_SECONDS || hashed->st_atime > now)
			utimensat(AT_FDCWD, *out, ts, AT_SYMLINK_NOFOLLOW);
	}
	return 0;
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

/*
 * Makes room at path for a rename: only a directory there would make it fail (any other
 * entry is replaced by the rename itself). The caller holds the cache lock.
 */
static void clear_for_rename(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		drop(path);
}

/*
 * Whether archives/<kind>/xx/<hex> is already the link add_index_link writes (its text is
 * target): read below the root without following any link (open_beneath), so a link
 * planted on the way is never followed and counts as not correct.
 */
static bool index_link_is(const struct ml_cache *c, int kind, const char *hex, const char *target)
{
	size_t len = strlen(target);
	char *rel = entry_dir(kind, hex);
	char text[96];
	ssize_t n = -1;
	int fd = open_beneath(c, rel, O_PATH | O_DIRECTORY);

	if (fd >= 0) {
		n = readlinkat(fd, hex, text, sizeof(text));
		close(fd);
	}
	free(rel);
	return n >= 0 && (size_t)n == len && !memcmp(text, target, len);
}

/*
 * Points archives/<kind>/xx/<hex> at the sha256 entry with a relative symlink, unless it
 * already is that link (a pull of sources sharing an archive would relink it each time).
 */
static int add_index_link(const struct ml_cache *c, int kind, const struct ml_digests *d,
			  struct ml_error *err)
{
	const char *sha = d->hex[ML_HASH_SHA256];
	char *target = ml_xasprintf("../../sha256/%.2s/%s", sha, sha);
	char *link = NULL, *rel = NULL, *tmp = NULL;
	int ret = 0;

	if (index_link_is(c, kind, d->hex[kind], target))
		goto out;
	link = entry_path(c, kind, d->hex[kind]);
	rel = entry_dir(kind, d->hex[kind]);
	tmp = ml_xasprintf("%s.tmp.%ld", link, (long)getpid());
	ret = ml_fs_mkdirs_below(c->root, rel, 0755, err);
	if (ret < 0)
		goto out;
	drop(tmp);
	clear_for_rename(link);
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
	free(rel);
	free(target);
	free(tmp);
	return ret;
}

/* One file of ml_cache_commit_all, whose data is durable; the caller holds the cache lock. */
static int commit_one(char **out, struct ml_cache *cache, const char *tmp_path,
		      const struct ml_digests *d, struct ml_error *err)
{
	const char *sha = d->hex[ML_HASH_SHA256];
	char *path = entry_path(cache, ML_HASH_SHA256, sha);
	char *rel = entry_dir(ML_HASH_SHA256, sha);
	enum entry_state state;
	struct ml_digests have;
	struct stat st;
	int ret;

	ret = ml_fs_mkdirs_below(cache->root, rel, 0755, err);
	if (ret < 0)
		goto out;
	/* Another process may have committed the same content; keep a good entry as it is. */
	if (inspect_content(&state, &have, &st, cache, sha, 0, NULL) == 0 && state == ENTRY_OK) {
		unlink(tmp_path);
	} else {
		clear_for_rename(path);
		if (rename(tmp_path, path) < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot rename '%s' to '%s'", tmp_path,
					     path);
			goto out;
		}
	}
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
	free(path);
	free(rel);
	return ret;
}

int ml_cache_commit_all(struct ml_cache *cache, struct ml_cache_new *files, size_t n)
{
	struct ml_error sub = ML_ERROR_INIT;
	int lock = -1, ret = 0, first = 0;

	if (!n)
		return 0;
	/*
	 * An entry only ever appears by rename of a file whose data is on the disk, so that a
	 * power loss never leaves a name with a partial content: every file's data first, then
	 * the renames, then the names. One file: its fsync and its directory's. More: one syncfs
	 * before the renames and one after, however many (the temporary directory is on the
	 * entries' file system, else the renames would fail): an fsync per file and per
	 * directory was two device flushes per archive, 20,000 for a pull of 10,000 sources.
	 */
	if (n == 1)
		ret = ml_fs_fsync_path(files[0].tmp, &sub);
	else
		ret = ml_fs_syncfs(cache->tmpdir, &sub);
	if (!ret) {
		lock = lock_cache(cache, &sub);
		ret = lock < 0 ? lock : 0;
	}
	for (size_t i = 0; i < n; i++) {
		int r = ret;

		if (ret) {
			unlink(files[i].tmp);
			ml_error_set(&files[i].error, ret, "%s",
				     sub.msg ? sub.msg : "cannot commit");
		} else {
			r = commit_one(&files[i].path, cache, files[i].tmp, &files[i].d,
				       &files[i].error);
		}
		first = first ? first : r;
	}
	unlock_cache(lock);
	/* the names (best effort: each is also on the disk once its directory next is) */
	if (!ret && n == 1 && files[0].path) {
		char *rel = entry_dir(ML_HASH_SHA256, files[0].d.hex[ML_HASH_SHA256]);
		char *dir = ml_path_join(cache->root, rel);

		ml_fs_sync_dir(dir);
		free(dir);
		free(rel);
	} else if (!ret) {
		ml_fs_syncfs(cache->root, NULL);
	}
	ml_error_release(&sub);
	return first;
}

int ml_cache_commit(char **out, struct ml_cache *cache, const char *tmp_path,
		    const struct ml_digests *d, struct ml_error *err)
{
	struct ml_cache_new f = { .tmp = tmp_path, .d = *d, .error = ML_ERROR_INIT };
	int ret = ml_cache_commit_all(cache, &f, 1);

	if (ret && err)
		ml_error_move(err, &f.error);
	else if (!ret)
		*out = f.path;
	ml_error_release(&f.error);
	return ret;
}
