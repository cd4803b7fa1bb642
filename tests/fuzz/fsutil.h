#ifndef ML_FUZZ_FSUTIL_H
#define ML_FUZZ_FSUTIL_H

/* File-system helpers of the harnesses that work in a private temporary directory. */

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes `name` (relative to directory fd `at`) and all below it, never following a link; modes that
 * forbid reading or searching a directory are overridden first. */
static inline void fz_remove_at(int at, const char *name)
{
	struct stat st;
	int fd;
	DIR *d;
	struct dirent *de;

	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(at, name, 0);
		return;
	}
	fchmodat(at, name, 0700, 0);
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && (d = fdopendir(fd))) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				fz_remove_at(dirfd(d), de->d_name);
		closedir(d);
	} else if (fd >= 0) {
		close(fd);
	}
	unlinkat(at, name, AT_REMOVEDIR);
}

/* The private directory of this harness (one per process), removed at exit. */
static char fz_private_dir[PATH_MAX];

static inline void fz_remove_private_dir(void)
{
	if (fz_private_dir[0])
		fz_remove_at(AT_FDCWD, fz_private_dir);
}

/*
 * A fresh private directory under $TMPDIR (or /tmp) named after `what`, into buf, removed
 * with all it holds when the process exits.
 */
static inline void fz_mkdtemp(char *buf, size_t size, const char *what)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, size, "%s/mlfuzz-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", what);
	if (!mkdtemp(buf)) {
		perror("mkdtemp");
		abort();
	}
	if (!fz_private_dir[0]) {
		snprintf(fz_private_dir, sizeof(fz_private_dir), "%s", buf);
		atexit(fz_remove_private_dir);
	}
}

/* Writes a whole file (aborts on failure: the harness's own set-up). */
static inline void fz_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

/* The names in dir must be exactly `want` (NULL-terminated, any order): aborts otherwise. */
static inline void fz_expect_only(const char *dir, const char *const *want)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0, nwant = 0;

	if (!d) {
		fprintf(stderr, "fuzz: cannot list %s\n", dir);
		abort();
	}
	while (want[nwant])
		nwant++;
	while ((de = readdir(d))) {
		int known = 0;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		for (size_t i = 0; i < nwant; i++)
			known |= strcmp(de->d_name, want[i]) == 0;
		if (!known) {
			fprintf(stderr, "fuzz: '%s' appeared in %s\n", de->d_name, dir);
			abort();
		}
		n++;
	}
	closedir(d);
	if (n != nwant) {
		fprintf(stderr, "fuzz: %s lost an entry\n", dir);
		abort();
	}
}

#endif
