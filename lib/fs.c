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
#include <unistd.h>

int ml_fs_read(struct ml_buf *out, const char *path, size_t max, struct ml_error *err)
{
	int fd, ret = 0;
	struct stat st;
	size_t start = out->len;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "cannot open '%s'", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		ret = ml_error_set(err, ML_EIO, "'%s' is a directory", path);
		goto out;
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		if ((size_t)st.st_size > max) {
			ret = ml_error_set(err, ML_EIO, "'%s' is larger than %zu bytes", path, max);
			goto out;
		}
		ml_buf_grow(out, (size_t)st.st_size);
	}
	for (;;) {
		ssize_t n;

		ml_buf_grow(out, 8192);
		n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
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
	}
out:
	if (ret)
		ml_buf_setlen(out, start);
	close(fd);
	return ret;
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

void ml_fs_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int ml_fs_write_atomic(const char *path, const void *data, size_t len, int mode,
		       struct ml_error *err)
{
	char *tmp = ml_xasprintf("%s.tmp.XXXXXX", path);
	char *dir = NULL;
	int fd, ret = 0;

	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create a temporary file for '%s'", path);
		goto out;
	}
	if (fchmod(fd, (mode_t)(mode & ~current_umask())) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0) {
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
	d = opendir(path);
	if (!d) {
		/* an unreadable directory might still be empty; try making it writable once */
		chmod(path, 0700);
		d = opendir(path);
		if (!d)
			return ml_error_errno(err, ML_EIO, "cannot open directory '%s'", path);
	}
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
