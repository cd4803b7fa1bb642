/*
 * Archive extraction (fetch/extract.c) into a temporary directory: whatever the archive,
 * nothing appears outside the destination (each directory above it, up to the harness's
 * private root, holds exactly what it held), every link inside resolves inside it (symbolic
 * links, also dangling ones, lexically; hard links share inodes only among themselves), the
 * working directory is restored, and a refusal leaves nothing behind. Cleaned after each run.
 *
 * Layout under a private root made once: root/in.archive, root/a/b/c/dest.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "fsutil.h"

#define MAX_INODES 4096

static char root[PATH_MAX], archive_path[PATH_MAX], dest[PATH_MAX], parent[PATH_MAX];
static char cwd0[PATH_MAX];

struct inode_count {
	dev_t dev;
	ino_t ino;
	nlink_t nlink, seen;
};

static struct inode_count inodes[MAX_INODES];
static size_t ninodes;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_mkdtemp(root, sizeof(root), "extract");
	snprintf(archive_path, sizeof(archive_path), "%s/in.archive", root);
	snprintf(parent, sizeof(parent), "%s/a/b/c", root);
	snprintf(dest, sizeof(dest), "%s/dest", parent);
	if (ml_fs_mkdirs(parent, 0755, NULL) != 0 || !getcwd(cwd0, sizeof(cwd0)))
		abort();
	return 0;
}

/* Normalises an absolute path lexically ("." and ".." components, repeated slashes). */
static void normalise(char *p)
{
	char out[PATH_MAX * 2];
	size_t o = 0;
	const char *s = p;

	while (*s) {
		const char *e;
		size_t n;

		while (*s == '/')
			s++;
		e = strchrnul(s, '/');
		n = (size_t)(e - s);
		if (n == 0 || (n == 1 && s[0] == '.')) {
			/* nothing */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, s, n);
			o += n;
		}
		s = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	strcpy(p, out);
}

static bool inside(const char *p)
{
	size_t n = strlen(dest);

	return strncmp(p, dest, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/*
 * A symbolic link at `path` (inside dest) must lead inside dest, following any links it
 * meets on the way, as the kernel would (at most 40 of them).
 */
static void check_link(const char *path, int hops)
{
	char target[PATH_MAX], full[PATH_MAX * 2 + 2];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	FZ_CHECK(n >= 0, "cannot read link %s", path);
	target[n] = '\0';
	FZ_CHECK(target[0] != '/', "link %s is absolute: %s", path, target);
	snprintf(full, sizeof(full), "%s/../%s", path, target);
	normalise(full);
	FZ_CHECK(inside(full), "link %s -> %s leads outside the destination", path, target);
	/* a link to a link: follow it too (a chain may leave through the second) */
	{
		struct stat st;

		if (hops < 40 && lstat(full, &st) == 0 && S_ISLNK(st.st_mode))
			check_link(full, hops + 1);
	}
}

static void walk(const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;

	FZ_CHECK(depth < 512, "tree too deep at %s", dir);
	d = opendir(dir);
	if (!d)
		return; /* a directory without read permission: nothing can have escaped it */
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			continue;
		if (lstat(path, &st) < 0) {
			FZ_CHECK(errno == EACCES, "cannot stat %s", path);
			continue; /* under a directory without search permission */
		}
		if (S_ISLNK(st.st_mode)) {
			check_link(path, 0);
		} else if (S_ISDIR(st.st_mode)) {
			walk(path, depth + 1);
		} else {
			FZ_CHECK(S_ISREG(st.st_mode), "%s is neither file, directory nor link",
				 path);
			if (st.st_nlink > 1 && ninodes < MAX_INODES) {
				size_t i;

				for (i = 0; i < ninodes; i++)
					if (inodes[i].dev == st.st_dev &&
					    inodes[i].ino == st.st_ino)
						break;
				if (i == ninodes)
					inodes[ninodes++] =
					    (struct inode_count){ st.st_dev, st.st_ino, st.st_nlink,
								  0 };
				inodes[i].seen++;
			}
		}
	}
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const in_root[] = { "a", "in.archive", NULL };
	static const char *const in_a[] = { "b", NULL };
	static const char *const in_b[] = { "c", NULL };
	static const char *const in_c[] = { "dest", NULL };
	static const char *const nothing[] = { NULL };
	struct ml_extract_limits lim = { 2000, 64u << 20 };
	struct ml_error err = ML_ERROR_INIT;
	char cwd[PATH_MAX];
	int ret;

	fz_write(archive_path, data, size);
	ret = ml_extract_archive(archive_path, dest, &lim, &err);
	FZ_CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, cwd0) == 0,
		 "the working directory changed");
	fz_expect_only(root, in_root);
	{
		char p[PATH_MAX];

		snprintf(p, sizeof(p), "%s/a", root);
		fz_expect_only(p, in_a);
		snprintf(p, sizeof(p), "%s/a/b", root);
		fz_expect_only(p, in_b);
	}
	if (ret == 0) {
		fz_expect_only(parent, in_c);
		ninodes = 0;
		walk(dest, 0);
		for (size_t i = 0; i < ninodes; i++)
			FZ_CHECK(inodes[i].seen == inodes[i].nlink,
				 "a hard link shares an inode with a file outside the destination");
	} else {
		FZ_CHECK(err.msg != NULL, "a refusal without a message");
		fz_expect_only(parent, nothing);
	}
	fz_remove_at(AT_FDCWD, dest);
	ml_error_release(&err);
	return 0;
}
