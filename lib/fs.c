#include "fs.h"
#include "buf.h"
#include "error.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int ml_fs_open_regular(const char *path, struct ml_error *err)
{
	return ml_fs_open_regular_stat(path, NULL, err);
}

int ml_fs_open_regular_stat(const char *path, struct stat *st, struct ml_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat own;

	if (!st)
		st = &own;

	if (fd < 0) {
		if (errno == ELOOP)
			return ml_error_set(err, ML_ENOTFOUND, "'%s' is a link, not a regular file",
					    path);
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "cannot open '%s'", path);
	}
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return ml_error_set(err, ML_ENOTFOUND, "'%s' is not a regular file", path);
	}
	return fd;
}

static int read_fd(struct ml_buf *out, int fd, const char *path, size_t max, struct ml_error *err);

int ml_fs_read(struct ml_buf *out, const char *path, size_t max, struct ml_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "cannot open '%s'", path);
	return read_fd(out, fd, path, max, err);
}

int ml_fs_read_regular(struct ml_buf *out, const char *path, size_t max, struct ml_error *err)
{
	int fd = ml_fs_open_regular(path, err);

	if (fd < 0)
		return fd;
	return read_fd(out, fd, path, max, err);
}

/*
 * Reads fd to its end into out (appending) and closes it. One fstat gives both the kind and
 * the size; a regular file whose whole size came back in a short read is at its end, so
 * the read that would return 0 is not made (a file that grows meanwhile is read as it was
 * a moment before; procfs and sysfs files, whose sizes say nothing, read until 0 as before).
 */
static int read_fd(struct ml_buf *out, int fd, const char *path, size_t max, struct ml_error *err)
{
	int ret = 0;
	struct stat st;
	size_t start = out->len, size = 0;

	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			ret = ml_error_set(err, ML_EIO, "'%s' is a directory", path);
			goto out;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0) {
			if ((uint64_t)st.st_size > max) {
				ret = ml_error_set(err, ML_EIO, "'%s' is larger than %zu bytes",
						   path, max);
				goto out;
			}
			size = (size_t)st.st_size;
			/* one byte more than the size: the read that gets it all is a short one */
			ml_buf_grow(out, size + 1);
		}
	}
	for (;;) {
		size_t ask;
		ssize_t n;

		if (!size || out->alloc <= out->len + 1)
			ml_buf_grow(out, 8192);
		ask = out->alloc - out->len - 1;
		n = read(fd, out->buf + out->len, ask);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'", path);
			goto out;
		}
		if (n == 0)
			break;
		ml_buf_setlen(out, out->len + (size_t)n);
		if (out->len - start > max) {
			ret = ml_error_set(err, ML_EIO, "'%s' is larger than %zu bytes", path, max);
			goto out;
		}
		if (size && (size_t)n < ask && out->len - start == size)
			break;
	}
out:
	if (ret)
		ml_buf_setlen(out, start);
	close(fd);
	return ret;
}

int ml_fs_read_at(struct ml_buf *out, int dirfd, const char *name, const char *path, size_t max,
		  struct ml_error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "cannot open '%s'", path);
	return read_fd(out, fd, path, max, err);
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* writev of every buffer, all of it (short writes resumed, a bounded number a call). */
static int write_all_iov(int fd, const struct iovec *iov, size_t n)
{
	struct iovec cur[64];

	while (n) {
		size_t k = n < ML_ARRAY_SIZE(cur) ? n : ML_ARRAY_SIZE(cur), i = 0;

		memcpy(cur, iov, k * sizeof(*cur));
		iov += k;
		n -= k;
		for (;;) {
			ssize_t w;

			while (i < k && cur[i].iov_len == 0)
				i++;
			if (i == k)
				break;
			w = writev(fd, cur + i, (int)(k - i));
			if (w < 0 && errno == EINTR)
				continue;
			if (w == 0)
				errno = EIO;
			if (w <= 0)
				return -1;
			/* past what was written: whole buffers, then into one */
			for (size_t left = (size_t)w; left;) {
				size_t step = left < cur[i].iov_len ? left : cur[i].iov_len;

				cur[i].iov_base = (char *)cur[i].iov_base + step;
				cur[i].iov_len -= step;
				left -= step;
				if (!cur[i].iov_len)
					i++;
			}
		}
	}
	return 0;
}

static mode_t current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ml_strdup(".");
	if (slash == path)
		return ml_strdup("/");
	return ml_strndup(path, (size_t)(slash - path));
}

bool ml_fs_sync_disabled(void)
{
	static int disabled = -1;

	if (disabled < 0) {
		const char *v = getenv("MONOLOCK_NO_FSYNC");

		disabled = v && !strcmp(v, "1");
	}
	return disabled;
}

/* fsync(fd), where EINVAL means the file system has nothing to sync. */
static int sync_fd(int fd)
{
	if (ml_fs_sync_disabled())
		return 0;
	while (fsync(fd) < 0) {
		if (errno == EINVAL)
			return 0;
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

void ml_fs_sync_dir(const char *dir)
{
	ml_fs_fsync_path(dir, NULL);
}

int ml_fs_fsync_path(const char *path, struct ml_error *err)
{
	int fd, ret = 0;

	if (ml_fs_sync_disabled())
		return 0;
	/* O_NONBLOCK: a FIFO planted at path must not hang the open */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return ml_error_errno(err, ML_EIO, "cannot open '%s' to sync it", path);
	if (sync_fd(fd) < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot sync '%s'", path);
	close(fd);
	return ret;
}

static int fsync_tree(struct ml_buf *path, int depth, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	size_t len = path->len;
	int ret;

	if (depth > ML_FS_COPY_MAX_DEPTH)
		return ml_error_set(err, ML_EUNSAFE, "'%s' is nested more than %d levels deep",
				    path->buf, ML_FS_COPY_MAX_DEPTH);
	ret = ml_fs_list_dir(&names, path->buf, err);
	for (size_t i = 0; !ret && i < names.n; i++) {
		struct stat st;

		ml_buf_setlen(path, len);
		ml_buf_addc(path, '/');
		ml_buf_adds(path, names.v[i]);
		if (lstat(path->buf, &st) < 0)
			ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", path->buf);
		else if (S_ISDIR(st.st_mode))
			ret = fsync_tree(path, depth + 1, err);
		else if (S_ISREG(st.st_mode))
			ret = ml_fs_fsync_path(path->buf, err);
	}
	ml_buf_setlen(path, len);
	if (!ret)
		ret = ml_fs_fsync_path(path->buf, err);
	ml_strvec_release(&names);
	return ret;
}

int ml_fs_fsync_tree(const char *root, struct ml_error *err)
{
	struct ml_buf path = ML_BUF_INIT;
	int ret;

	if (ml_fs_sync_disabled())
		return 0;
	ml_buf_adds(&path, root);
	ret = fsync_tree(&path, 0, err);
	ml_buf_release(&path);
	return ret;
}

int ml_fs_syncfs(const char *path, struct ml_error *err)
{
	int fd, ret = 0;

	if (ml_fs_sync_disabled())
		return 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return ml_error_errno(err, ML_EIO, "cannot open '%s' to sync it", path);
	if (syncfs(fd) < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot sync the file system of '%s'", path);
	close(fd);
	return ret;
}

int ml_fs_write_atomic(const char *path, const void *data, size_t len, int mode,
		       struct ml_error *err)
{
	struct iovec iov = { (void *)data, len };

	return ml_fs_write_atomic_iov(path, &iov, 1, mode, err);
}

int ml_fs_write_atomic_iov(const char *path, const struct iovec *iov, size_t n, int mode,
			   struct ml_error *err)
{
	char *tmp = ml_xasprintf("%s.tmp.XXXXXX", path);
	char *dir = NULL;
	int fd, ret = 0;

	fd = mkstemp(tmp);
	if (fd < 0 && errno == ENOENT) {
		/* the usual cause: a mistyped directory, which the user should read about */
		dir = dir_of(path);
		ret = ml_error_set(err, ML_EIO, "cannot write '%s': directory '%s' does not exist",
				   path, dir);
		goto out;
	}
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create a temporary file for '%s'", path);
		goto out;
	}
	if (fchmod(fd, (mode_t)(mode & ~current_umask())) < 0 || write_all_iov(fd, iov, n) < 0 ||
	    sync_fd(fd) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", tmp);
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", tmp);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s' to '%s'", tmp, path);
		unlink(tmp);
		goto out;
	}
	dir = dir_of(path);
	ml_fs_sync_dir(dir);
out:
	free(dir);
	free(tmp);
	return ret;
}

int ml_fs_mkdirs(const char *path, int mode, struct ml_error *err)
{
	char *p = ml_strdup(path);
	int ret = 0;

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
			ret = ml_error_errno(err, ML_EIO, "cannot create directory '%s'", p);
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	if (!ret && !ml_fs_is_dir(path))
		ret = ml_error_set(err, ML_EIO, "'%s' exists and is not a directory", path);
	free(p);
	return ret;
}

/* opendir(3) that refuses to follow a link (ELOOP) or open anything but a directory. */
static DIR *opendir_nofollow(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

int ml_fs_remove_tree(const char *path, struct ml_error *err)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : ml_error_errno(err, ML_EIO, "cannot stat '%s'", path);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0 && errno != ENOENT)
			return ml_error_errno(err, ML_EIO, "cannot remove '%s'", path);
		return 0;
	}
	d = opendir_nofollow(path);
	if (!d && errno == EACCES) {
		/* an unreadable directory might still be empty; try making it writable once */
		fchmodat(AT_FDCWD, path, 0700, AT_SYMLINK_NOFOLLOW);
		d = opendir_nofollow(path);
	}
	if (!d && (errno == ELOOP || errno == ENOTDIR)) {
		/* it became a link or a file since the lstat: remove that, never what it leads to */
		if (unlink(path) < 0 && errno != ENOENT)
			return ml_error_errno(err, ML_EIO, "cannot remove '%s'", path);
		return 0;
	}
	if (!d)
		return ml_error_errno(err, ML_EIO, "cannot open directory '%s'", path);
	while (!ret && (de = readdir(d))) {
		char *child;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = ml_path_join(path, de->d_name);
		ret = ml_fs_remove_tree(child, err);
		free(child);
	}
	closedir(d);
	if (!ret && rmdir(path) < 0 && errno != ENOENT)
		ret = ml_error_errno(err, ML_EIO, "cannot remove directory '%s'", path);
	return ret;
}

/* Calls fn on root/<each prefix of sub>, in order, until fn fails. */
static int each_below(const char *root, const char *sub, int (*fn)(const char *, void *), void *ctx)
{
	struct ml_buf p = ML_BUF_INIT;
	int ret = 0;

	ml_buf_adds(&p, root);
	for (const char *s = sub; *s && !ret;) {
		size_t n = strcspn(s, "/");

		if (n) {
			if (p.len && p.buf[p.len - 1] != '/')
				ml_buf_addc(&p, '/');
			ml_buf_add(&p, s, n);
			ret = fn(p.buf, ctx);
		}
		s += n;
		while (*s == '/')
			s++;
	}
	ml_buf_release(&p);
	return ret;
}

static int real_dir(const char *path, void *ctx)
{
	struct stat st;

	(void)ctx;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

bool ml_fs_is_dir_below(const char *root, const char *sub)
{
	return ml_fs_is_dir(root) && each_below(root, sub, real_dir, NULL) == 0;
}

struct mkdirs_below {
	int mode;
	struct ml_error *err;
};

static int make_real_dir(const char *path, void *ctx)
{
	struct mkdirs_below *m = ctx;
	struct stat st;

	for (int tries = 0; tries < 3; tries++) {
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				return 0;
			/* a link, file or fifo in the way: drop that entry, not what it leads to */
			if (unlink(path) < 0 && errno != ENOENT)
				return ml_error_errno(m->err, ML_EIO, "cannot remove '%s'", path);
		}
		if (mkdir(path, (mode_t)m->mode) == 0)
			return 0;
		if (errno != EEXIST)
			return ml_error_errno(m->err, ML_EIO, "cannot create directory '%s'", path);
	}
	return ml_error_set(m->err, ML_EIO, "'%s' keeps changing", path);
}

int ml_fs_mkdirs_below(const char *root, const char *sub, int mode, struct ml_error *err)
{
	struct mkdirs_below m = { mode, err };
	int ret = ml_fs_mkdirs(root, mode, err);

	return ret ? ret : each_below(root, sub, make_real_dir, &m);
}

int ml_fs_open_lock(const char *path, struct ml_error *err)
{
	for (int tries = 0; tries < 3; tries++) {
		struct stat st;
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);

		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			return fd;
		if (fd >= 0)
			close(fd);
		else if (errno != ELOOP && errno != EISDIR && errno != ENXIO)
			return ml_error_errno(err, ML_EIO, "cannot open '%s'", path);
		/* not a file monolock made: remove that entry (never a link's target) and retry */
		if (ml_fs_remove_tree(path, err))
			return ML_EIO;
	}
	return ml_error_set(err, ML_EIO, "cannot open '%s': it keeps changing", path);
}

static bool plain(struct ml_buf *p, int depth, size_t *left)
{
	size_t len = p->len;
	struct dirent *de;
	bool ok = true;
	DIR *d;

	if (depth > ML_FS_COPY_MAX_DEPTH || !(d = opendir_nofollow(p->buf)))
		return false;
	while (ok && (de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!*left) {
			ok = false;
			break;
		}
		(*left)--;
		ml_buf_setlen(p, len);
		ml_buf_addc(p, '/');
		ml_buf_adds(p, de->d_name);
		if (lstat(p->buf, &st) < 0)
			ok = false;
		else if (S_ISDIR(st.st_mode))
			ok = plain(p, depth + 1, left);
		else
			ok = S_ISREG(st.st_mode);
	}
	ml_buf_setlen(p, len);
	closedir(d);
	return ok;
}

bool ml_fs_tree_is_plain(const char *path, size_t max_entries)
{
	struct ml_buf p = ML_BUF_INIT;
	struct stat st;
	bool ok;

	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return false;
	ml_buf_adds(&p, path);
	ok = plain(&p, 0, &max_entries);
	ml_buf_release(&p);
	return ok;
}

bool ml_fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ml_fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

char *ml_path_join(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (!n)
		return ml_strdup(b);
	if (a[n - 1] == '/')
		return ml_xasprintf("%s%s", a, b);
	return ml_xasprintf("%s/%s", a, b);
}

const char *ml_self_stamp(void)
{
	static char stamp[128];
	static bool done;
	struct stat st;

	if (!done) {
		done = true;
		if (stat("/proc/self/exe", &st) == 0)
			snprintf(stamp, sizeof(stamp), "%llx.%llx.%llx.%lld.%ld",
				 (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
				 (unsigned long long)st.st_size, (long long)st.st_mtim.tv_sec,
				 st.st_mtim.tv_nsec);
	}
	return stamp;
}

char *ml_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return ml_path_join(xdg, "monolock");
	if (!home || !*home)
		home = "/tmp";
	return ml_xasprintf("%s/.cache/monolock", home);
}

bool ml_fs_link_inside(const char *relpath, const char *target)
{
	long depth = 0;
	const char *p;

	if (target[0] == '/' || !*target)
		return false;
	/* the directory holding the link */
	for (p = relpath; *p; p++)
		if (*p == '/')
			depth++;
	for (p = target; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (!(n == 1 && p[0] == '.') && n) {
			depth++;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return true;
}

struct copy {
	const char *src_root, *dst_root;
	size_t nfiles;
	struct ml_error *err;
};

static int copy_file(const char *from, const char *to, mode_t mode, struct ml_error *err)
{
	char buf[1 << 16];
	int in, out, ret = 0;
	struct stat st;

	/*
	 * It was a regular file when listed; if it was swapped for a link or a FIFO since, it
	 * is refused rather than followed out of the tree or waited on.
	 */
	in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (in < 0)
		return ml_error_errno(err, errno == ELOOP ? ML_EUNSAFE : ML_EIO, "cannot open '%s'",
				      from);
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return ml_error_set(err, ML_EUNSAFE, "'%s' is no longer a regular file", from);
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode & 0111) ? 0755 : 0644);
	if (out < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", to);
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'", from);
			break;
		}
		if (n == 0)
			break;
		if (write_all(out, buf, (size_t)n) < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", to);
			break;
		}
	}
	if (close(out) < 0 && !ret)
		ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", to);
out:
	close(in);
	return ret;
}

static int copy_dir(struct copy *c, const char *rel, int depth);

int ml_fs_list_dir(struct ml_strvec *out, const char *dir, struct ml_error *err)
{
	struct dirent *de;
	size_t start = out->n;
	DIR *d = opendir(dir);

	if (!d)
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "cannot open directory '%s'", dir);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ml_strvec_push(out, de->d_name);
	closedir(d);
	if (out->n - start > 1)
		qsort(out->v + start, out->n - start, sizeof(*out->v), ml_strptrcmp);
	return 0;
}

/*
 * A link can pass the textual check yet leave the tree through another link
 * (`sub/l -> ..`, `x -> sub/l/..`): where the target exists, resolve it for real.
 */
static bool resolves_inside(const struct copy *c, const char *link)
{
	char *root = realpath(c->src_root, NULL), *to = realpath(link, NULL);
	bool inside = true;

	if (root && to) {
		size_t n = strlen(root);

		inside = !strncmp(to, root, n) && (to[n] == '/' || to[n] == '\0');
	}
	free(root);
	free(to);
	return inside;
}

static int copy_entry(struct copy *c, const char *rel, int depth)
{
	char *src = ml_path_join(c->src_root, rel), *dst = ml_path_join(c->dst_root, rel);
	char target[4096];
	struct stat st;
	ssize_t n;
	int ret = 0;

	if (++c->nfiles > ML_FS_COPY_MAX_FILES) {
		ret = ml_error_set(c->err, ML_EUNSAFE, "'%s' has more than %d entries", c->src_root,
				   ML_FS_COPY_MAX_FILES);
	} else if (lstat(src, &st) < 0) {
		ret = ml_error_errno(c->err, ML_EIO, "cannot stat '%s'", src);
	} else if (S_ISDIR(st.st_mode)) {
		if (mkdir(dst, 0755) < 0)
			ret = ml_error_errno(c->err, ML_EIO, "cannot create directory '%s'", dst);
		else
			ret = copy_dir(c, rel, depth + 1);
	} else if (S_ISREG(st.st_mode)) {
		ret = copy_file(src, dst, st.st_mode, c->err);
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(src, target, sizeof(target) - 1);
		if (n < 0) {
			ret = ml_error_errno(c->err, ML_EIO, "cannot read link '%s'", src);
		} else {
			target[n] = '\0';
			if (!ml_fs_link_inside(rel, target) || !resolves_inside(c, src))
				ret = ml_error_set(c->err, ML_EUNSAFE,
						   "'%s' links to '%s', outside '%s'", src, target,
						   c->src_root);
			else if (symlink(target, dst) < 0)
				ret =
				    ml_error_errno(c->err, ML_EIO, "cannot create link '%s'", dst);
		}
	} else {
		ret = ml_error_set(c->err, ML_EUNSAFE,
				   "'%s' is not a regular file, directory or link", src);
	}
	free(src);
	free(dst);
	return ret;
}

static int copy_dir(struct copy *c, const char *rel, int depth)
{
	char *from = *rel ? ml_path_join(c->src_root, rel) : ml_strdup(c->src_root);
	struct ml_strvec names = ML_STRVEC_INIT;
	int ret = 0;

	if (depth > ML_FS_COPY_MAX_DEPTH) {
		ret = ml_error_set(c->err, ML_EUNSAFE, "'%s' is nested more than %d levels deep",
				   from, ML_FS_COPY_MAX_DEPTH);
		goto out;
	}
	ret = ml_fs_list_dir(&names, from, c->err);
	for (size_t i = 0; !ret && i < names.n; i++) {
		char *crel;

		if (!strcmp(names.v[i], ".git"))
			continue;
		crel = *rel ? ml_path_join(rel, names.v[i]) : ml_strdup(names.v[i]);
		ret = copy_entry(c, crel, depth);
		free(crel);
	}
out:
	ml_strvec_release(&names);
	free(from);
	return ret;
}

int ml_fs_copy_tree(const char *src, const char *dst, struct ml_error *err)
{
	struct copy c = { src, dst, 0, err };
	int ret;

	if (!ml_fs_is_dir(src))
		return ml_error_set(err, ML_ENOTFOUND, "'%s' is not a directory", src);
	if (mkdir(dst, 0755) < 0)
		return ml_error_errno(err, ML_EIO, "cannot create directory '%s'", dst);
	ret = copy_dir(&c, "", 0);
	if (ret)
		ml_fs_remove_tree(dst, NULL);
	return ret;
}
