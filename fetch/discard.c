/*
 * What `pull --force` discards is saved first (DESIGN section 6): a directory it replaces or
 * removes while it holds edits, or that monolock did not write, becomes a tarball under
 * duniverse/.monolock/discarded/ (fetch/fetch.h).
 */
#include "fetch.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int archive_fail(struct ml_error *err, struct archive *a, const char *what, const char *path)
{
	const char *why = a ? archive_error_string(a) : NULL;

	return ml_error_set(err, ML_EIO, "cannot save '%s' (%s): %s", path, what,
			    why ? why : "error");
}

/* The sequence number of a saved tarball's name ("0007-alpha.tar.gz"), or 0. */
static unsigned long seq_of(const char *name)
{
	unsigned long v = 0;
	int digits = 0;

	while (name[digits] >= '0' && name[digits] <= '9' && digits < 9)
		v = v * 10 + (unsigned long)(name[digits++] - '0');
	if (digits < 4 || name[digits] != '-' || !ml_ends_with(name, ".tar.gz"))
		return 0;
	return v;
}

static int seq_cmp(const void *a, const void *b)
{
	unsigned long x = seq_of(*(char *const *)a), y = seq_of(*(char *const *)b);

	return x < y ? -1 : x > y;
}

/* The saved tarballs in dir, oldest first. */
static int list_saved(struct ml_strvec *out, const char *dir, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	int ret = ml_fs_list_dir(&names, dir, err);

	for (size_t i = 0; !ret && i < names.n; i++)
		if (seq_of(names.v[i]))
			ml_strvec_push(out, names.v[i]);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), seq_cmp);
	ml_strvec_release(&names);
	return ret;
}

/* Writes the tree at root/dir (links as links, nothing followed) to the open archive w. */
static int add_tree(struct archive *w, const char *root, const char *dir, struct ml_error *err)
{
	struct archive *disk = archive_read_disk_new();
	struct archive_entry *e = NULL;
	char *top = ml_path_join(root, dir);
	size_t skip = strlen(root) + 1;
	uint64_t bytes = 0, entries = 0;
	char buf[65536];
	int ret = 0, r;

	archive_read_disk_set_symlink_physical(disk);
	if (archive_read_disk_open(disk, top) != ARCHIVE_OK) {
		ret = archive_fail(err, disk, "reading", top);
		goto out;
	}
	for (;;) {
		int fd = -1;

		archive_entry_free(e);
		e = archive_entry_new();
		r = archive_read_next_header2(disk, e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK) {
			ret = archive_fail(err, disk, "reading", top);
			goto out;
		}
		archive_read_disk_descend(disk);
		if (++entries > ML_EXTRACT_MAX_ENTRIES ||
		    (bytes += (uint64_t)archive_entry_size(e)) > ML_EXTRACT_MAX_BYTES) {
			ret = ml_error_set(
			    err, ML_EIO,
			    "cannot save '%s': larger than %u entries or %llu bytes; "
			    "move it out of the workspace yourself",
			    top, ML_EXTRACT_MAX_ENTRIES, (unsigned long long)ML_EXTRACT_MAX_BYTES);
			goto out;
		}
		/* names relative to the workspace: "alpha/src/alpha.ml" */
		archive_entry_copy_pathname(e, archive_entry_sourcepath(e) + skip);
		if (archive_write_header(w, e) != ARCHIVE_OK) {
			ret = archive_fail(err, w, "writing", top);
			goto out;
		}
		if (archive_entry_filetype(e) != AE_IFREG || archive_entry_size(e) == 0)
			continue;
		/* never blocks on a fifo put there since the entry was read */
		fd = open(archive_entry_sourcepath(e),
			  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'",
					     archive_entry_sourcepath(e));
			goto out;
		}
		for (;;) {
			ssize_t n = read(fd, buf, sizeof(buf));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				ret = ml_error_errno(err, ML_EIO, "cannot read '%s'",
						     archive_entry_sourcepath(e));
				break;
			}
			if (n == 0)
				break;
			if (archive_write_data(w, buf, (size_t)n) != n) {
				ret = archive_fail(err, w, "writing", top);
				break;
			}
		}
		close(fd);
		if (ret)
			goto out;
	}
out:
	archive_entry_free(e);
	archive_read_free(disk);
	free(top);
	return ret;
}

int ml_discard_save(char **out, const char *root, const char *dir, struct ml_error *err)
{
	struct ml_strvec saved = ML_STRVEC_INIT;
	struct archive *w = NULL;
	char *state = ml_path_join(root, ".monolock"), *keep = NULL, *path = NULL, *tmp = NULL;
	unsigned long seq = 1;
	struct stat st;
	int ret, fd = -1;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		goto out;
	keep = ml_path_join(state, "discarded");
	if (lstat(keep, &st) == 0 && !S_ISDIR(st.st_mode)) {
		ret = ml_error_set(err, ML_EUNSAFE,
				   "'%s' is not a directory monolock made (%s): remove it and pull "
				   "again",
				   keep, S_ISLNK(st.st_mode) ? "a link" : "not a directory");
		goto out;
	}
	ret = ml_fs_mkdirs(keep, 0755, err);
	if (!ret)
		ret = list_saved(&saved, keep, err);
	if (ret)
		goto out;
	if (saved.n)
		seq = seq_of(saved.v[saved.n - 1]) + 1;
	path = ml_xasprintf("%s/%04lu-%s.tar.gz", keep, seq, dir);
	tmp = ml_xasprintf("%s/.saving", keep);
	/* whatever is there (a link planted in the workspace) goes; nothing is written through */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", tmp);
		goto out;
	}
	w = archive_write_new();
	if (archive_write_add_filter_gzip(w) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(w) != ARCHIVE_OK ||
	    archive_write_open_fd(w, fd) != ARCHIVE_OK) {
		ret = archive_fail(err, w, "writing", tmp);
		goto out;
	}
	ret = add_tree(w, root, dir, err);
	if (!ret && archive_write_close(w) != ARCHIVE_OK)
		ret = archive_fail(err, w, "writing", tmp);
	if (!ret)
		ret = ml_fs_fsync_path(tmp, err);
	if (!ret && rename(tmp, path) < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s' to '%s'", tmp, path);
	if (!ret)
		ret = ml_fs_fsync_path(keep, err);
	if (ret)
		goto out;
	/* the last ten are kept */
	for (size_t i = 0; i + ML_DISCARD_KEEP < saved.n + 1; i++) {
		char *old = ml_path_join(keep, saved.v[i]);

		if (lstat(old, &st) == 0 && S_ISREG(st.st_mode))
			unlink(old);
		free(old);
	}
	*out = path;
	path = NULL;
out:
	archive_write_free(w);
	if (fd >= 0)
		close(fd);
	if (ret && tmp)
		unlink(tmp);
	ml_strvec_release(&saved);
	free(state);
	free(keep);
	free(path);
	free(tmp);
	return ret;
}
