/*
 * Archive extraction with libarchive. Two passes over the archive: the first reads only the
 * headers and checks every entry (so nothing is written for a hostile archive) and decides
 * whether to strip a single top-level directory; the second writes with libarchive's
 * secure flags, relative to the destination, and checks sizes again as data streams.
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "fetch/fetch.h"

#define DEFAULT_MAX_ENTRIES 200000
#define DEFAULT_MAX_BYTES (4ULL << 30)
#define MAX_PATH_LEN 4096
#define MAX_DEPTH 128

struct scan {
	struct ml_strvec paths;        /* every entry, normalised, sorted after the scan */
	struct ml_strvec files;        /* regular files (hard link targets) */
	struct ml_strvec symlinks;     /* symlink entries */
	struct ml_strvec link_targets; /* parallel to symlinks_unsorted */
	struct ml_strvec symlinks_unsorted;
	struct ml_strvec hard_from, hard_to;
	char *top;  /* the common first component, or NULL once entries differ */
	bool strip; /* every entry is under `top` (or is `top` itself, a directory) */
	uint64_t entries, bytes;
};

static void scan_release(struct scan *s)
{
	ml_strvec_release(&s->paths);
	ml_strvec_release(&s->files);
	ml_strvec_release(&s->symlinks);
	ml_strvec_release(&s->link_targets);
	ml_strvec_release(&s->symlinks_unsorted);
	ml_strvec_release(&s->hard_from);
	ml_strvec_release(&s->hard_to);
	free(s->top);
}

static struct archive *open_reader(const char *path, struct ml_error *err)
{
	struct archive *a = archive_read_new();

	if (!a)
		abort();
	/* Only decompressors built into libarchive: no external programs. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_lzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_compress(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		ml_error_set(err, errno == ENOENT ? ML_ENOTFOUND : ML_EPARSE,
			     "%s: cannot read archive: %s", path, archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static const char *entry_name(struct archive_entry *e)
{
	const char *n = archive_entry_pathname(e);

	return n ? n : archive_entry_pathname_utf8(e);
}

/*
 * Normalises an archive path: drops "." components, empty components and a trailing '/';
 * refuses absolute paths, ".." components and paths too long or too deep.
 */
static int norm_path(struct ml_buf *out, const char *archive, const char *name,
		     struct ml_error *err)
{
	const char *p = name, *end;
	int depth = 0;

	ml_buf_reset(out);
	if (strlen(name) > MAX_PATH_LEN)
		return ml_error_set(err, ML_EUNSAFE, "%s: entry name too long: '%.64s...'", archive,
				    name);
	if (name[0] == '/')
		return ml_error_set(err, ML_EUNSAFE, "%s: entry '%s' has an absolute path", archive,
				    name);
	while (*p) {
		size_t len;

		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 2 && !strncmp(p, "..", 2))
			return ml_error_set(err, ML_EUNSAFE, "%s: entry '%s' contains '..'",
					    archive, name);
		if (len > 0 && !(len == 1 && p[0] == '.')) {
			if (++depth > MAX_DEPTH)
				return ml_error_set(err, ML_EUNSAFE,
						    "%s: entry '%.64s...' is too deep", archive,
						    name);
			if (out->len)
				ml_buf_addc(out, '/');
			ml_buf_add(out, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return 0;
}

static bool sorted_contains(const struct ml_strvec *sv, const char *s)
{
	return sv->n && bsearch(&s, sv->v, sv->n, sizeof(char *), ml_strptrcmp) != NULL;
}

/* Whether a proper prefix directory of path is a symlink in the archive. */
static bool under_symlink(const struct scan *s, const char *path)
{
	struct ml_buf b = ML_BUF_INIT;
	const char *slash;
	bool found = false;

	for (slash = strchr(path, '/'); slash && !found; slash = strchr(slash + 1, '/')) {
		ml_buf_reset(&b);
		ml_buf_add(&b, path, (size_t)(slash - path));
		found = sorted_contains(&s->symlinks, b.buf);
	}
	ml_buf_release(&b);
	return found;
}

/*
 * Resolves a symlink's target lexically from its directory. It must stay inside the
 * extracted tree (inside `top` when stripping), and ".." may not be applied below a path
 * that goes through another symlink, where the lexical answer could differ from the real one.
 */
static bool link_stays_inside(const struct scan *s, const char *link, const char *target)
{
	struct ml_buf stack = ML_BUF_INIT;
	const char *slash = strrchr(link, '/'), *p = target;
	size_t floor = 0;
	bool ok = true;

	if (target[0] == '/' || target[0] == '\0')
		return false;
	if (slash)
		ml_buf_add(&stack, link, (size_t)(slash - link));
	if (s->strip)
		floor = strlen(s->top);
	while (*p && ok) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == 2 && !strncmp(p, "..", 2)) {
			char *cut;

			if (stack.len == 0 || sorted_contains(&s->symlinks, stack.buf) ||
			    under_symlink(s, stack.buf)) {
				ok = false;
				break;
			}
			cut = strrchr(stack.buf, '/');
			ml_buf_setlen(&stack, cut ? (size_t)(cut - stack.buf) : 0);
			if (stack.len < floor)
				ok = false;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			if (stack.len)
				ml_buf_addc(&stack, '/');
			ml_buf_add(&stack, p, len);
			if (stack.len > 2 * MAX_PATH_LEN)
				ok = false;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	ml_buf_release(&stack);
	return ok;
}

static void note_top(struct scan *s, const char *path, bool is_dir)
{
	const char *slash = strchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : strlen(path);

	if (s->entries == 1) {
		s->top = ml_strndup(path, len);
		s->strip = true;
	}
	if (!s->strip)
		return;
	if (strlen(s->top) != len || strncmp(s->top, path, len) || (!slash && !is_dir))
		s->strip = false;
}

/* Pass 1: checks every entry; nothing is written. */
static int scan_archive(struct scan *s, const char *archive, const struct ml_extract_limits *lim,
			struct ml_error *err)
{
	struct ml_buf name = ML_BUF_INIT, target = ML_BUF_INIT;
	struct archive *a = open_reader(archive, err);
	struct archive_entry *e;
	size_t i;
	int r, ret = 0;

	if (!a)
		return err ? err->code : ML_EPARSE;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = entry_name(e);
		const char *hard = archive_entry_hardlink(e);
		mode_t type = archive_entry_filetype(e);

		if (!raw) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: entry without a usable name",
					   archive);
			goto out;
		}
		ret = norm_path(&name, archive, raw, err);
		if (ret < 0)
			goto out;
		if (name.len == 0) {
			if (type != AE_IFDIR) {
				ret = ml_error_set(err, ML_EUNSAFE, "%s: entry '%s' has no name",
						   archive, raw);
				goto out;
			}
			continue; /* "./" itself */
		}
		if (++s->entries > lim->max_entries) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: more than %llu entries", archive,
					   (unsigned long long)lim->max_entries);
			goto out;
		}
		if (hard) {
			ret = norm_path(&target, archive, hard, err);
			if (ret < 0)
				goto out;
			ml_strvec_push(&s->hard_from, name.buf);
			ml_strvec_push(&s->hard_to, target.buf);
		} else if (type == AE_IFLNK) {
			const char *t = archive_entry_symlink(e);

			if (!t)
				t = archive_entry_symlink_utf8(e);
			if (!t || strlen(t) > MAX_PATH_LEN) {
				ret = ml_error_set(err, ML_EUNSAFE,
						   "%s: symlink '%s' has an unusable target",
						   archive, raw);
				goto out;
			}
			ml_strvec_push(&s->symlinks, name.buf);
			ml_strvec_push(&s->symlinks_unsorted, name.buf);
			ml_strvec_push(&s->link_targets, t);
		} else if (type == AE_IFREG) {
			ml_strvec_push(&s->files, name.buf);
		} else if (type != AE_IFDIR) {
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s: entry '%s' is a device, fifo or socket", archive,
					   raw);
			goto out;
		}
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
			s->bytes += (uint64_t)archive_entry_size(e);
		if (s->bytes > lim->max_bytes) {
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s: more than %llu bytes (at entry '%s')", archive,
					   (unsigned long long)lim->max_bytes, raw);
			goto out;
		}
		note_top(s, name.buf, type == AE_IFDIR && !hard);
		ml_strvec_push(&s->paths, name.buf);
	}
	if (r != ARCHIVE_EOF) {
		ret = ml_error_set(err, ML_EPARSE, "%s: cannot read archive: %s", archive,
				   archive_error_string(a));
		goto out;
	}
	ml_strvec_sort(&s->symlinks);
	ml_strvec_sort(&s->files);
	ml_strvec_sort(&s->paths);
	for (i = 0; i < s->paths.n; i++)
		if (under_symlink(s, s->paths.v[i])) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: entry '%s' goes through a symlink",
					   archive, s->paths.v[i]);
			goto out;
		}
	for (i = 0; i < s->symlinks_unsorted.n; i++)
		if (!link_stays_inside(s, s->symlinks_unsorted.v[i], s->link_targets.v[i])) {
			ret = ml_error_set(
			    err, ML_EUNSAFE, "%s: symlink '%s' -> '%s' points outside the archive",
			    archive, s->symlinks_unsorted.v[i], s->link_targets.v[i]);
			goto out;
		}
	for (i = 0; i < s->hard_from.n; i++)
		if (!sorted_contains(&s->files, s->hard_to.v[i])) {
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s: hard link '%s' -> '%s' points outside the archive",
					   archive, s->hard_from.v[i], s->hard_to.v[i]);
			goto out;
		}
out:
	archive_read_free(a);
	ml_buf_release(&name);
	ml_buf_release(&target);
	return ret;
}

static const char *stripped(const struct scan *s, const char *path)
{
	size_t n;

	if (!s->strip)
		return path;
	n = strlen(s->top);
	return path[n] == '/' ? path + n + 1 : path + n;
}

/*
 * libarchive's disk writer reports a failed write(2) or open(2) as "Write failed" or "Can't
 * create": the cause is the errno it keeps. When that is the file system refusing (full, over
 * quota, read-only, ...), say so, naming the file written; anything else (its own refusals,
 * errno 0) keeps libarchive's words under `code`.
 */
static int write_failed(struct ml_error *err, int code, struct archive *w, const char *archive,
			const char *dest, const char *rel, const char *raw, const char *what)
{
	int e = archive_errno(w);

	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EROFS:
	case EIO:
	case EFBIG:
	case EMFILE:
	case ENFILE:
	case ENOMEM:
	case EACCES:
		errno = e;
		return ml_error_errno(err, ML_EIO, "%s: cannot write '%s%s%s'", archive, dest,
				      *rel ? "/" : "", rel);
	default:
		if (!*raw)
			return ml_error_set(err, code, "%s: %s: %s", archive, what,
					    archive_error_string(w));
		return ml_error_set(err, code, "%s: %s '%s': %s", archive, what, raw,
				    archive_error_string(w));
	}
}

static int copy_data(struct archive *in, struct archive *out, const char *archive, const char *dest,
		     const char *rel, const char *name, uint64_t *bytes, uint64_t max,
		     struct ml_error *err)
{
	const void *buf;
	size_t size;
	la_int64_t offset;
	int r;

	while ((r = archive_read_data_block(in, &buf, &size, &offset)) == ARCHIVE_OK) {
		*bytes += size;
		if (*bytes > max)
			return ml_error_set(err, ML_EUNSAFE,
					    "%s: more than %llu bytes (at entry '%s')", archive,
					    (unsigned long long)max, name);
		if (archive_write_data_block(out, buf, size, offset) != ARCHIVE_OK)
			return write_failed(err, ML_EIO, out, archive, dest, rel, name,
					    "cannot write");
	}
	if (r != ARCHIVE_EOF)
		return ml_error_set(err, ML_EPARSE, "%s: cannot read '%s': %s", archive, name,
				    archive_error_string(in));
	return 0;
}

/*
 * Pass 2, run with the destination as working directory; `a` was opened before entering it.
 * dest is only for messages.
 */
static int write_archive(const struct scan *s, struct archive *a, const char *archive,
			 const char *dest, const struct ml_extract_limits *lim,
			 struct ml_error *err)
{
	struct ml_buf name = ML_BUF_INIT, target = ML_BUF_INIT;
	struct archive *w = NULL;
	struct archive_entry *e;
	uint64_t bytes = 0, entries = 0;
	int r, ret = 0;

	w = archive_write_disk_new();
	if (!w)
		abort();
	archive_write_disk_set_options(w, ARCHIVE_EXTRACT_SECURE_NODOTDOT |
					      ARCHIVE_EXTRACT_SECURE_SYMLINKS |
					      ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = entry_name(e);
		const char *hard = archive_entry_hardlink(e);
		const char *rel;

		/* Same checks as pass 1, in case the file changed in between. */
		if (!raw) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: entry without a usable name",
					   archive);
			goto out;
		}
		ret = norm_path(&name, archive, raw, err);
		if (ret < 0)
			goto out;
		if (name.len == 0)
			continue;
		if (!sorted_contains(&s->paths, name.buf)) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: archive changed while extracting",
					   archive);
			goto out;
		}
		if (++entries > lim->max_entries) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: more than %llu entries", archive,
					   (unsigned long long)lim->max_entries);
			goto out;
		}
		rel = stripped(s, name.buf);
		if (!*rel)
			continue; /* the stripped top directory */
		archive_entry_set_pathname(e, rel);
		if (hard) {
			ret = norm_path(&target, archive, hard, err);
			if (ret < 0)
				goto out;
			if (!sorted_contains(&s->files, target.buf)) {
				ret = ml_error_set(err, ML_EUNSAFE,
						   "%s: hard link '%s' points outside the archive",
						   archive, raw);
				goto out;
			}
			archive_entry_set_hardlink(e, stripped(s, target.buf));
		}
		if (archive_write_header(w, e) != ARCHIVE_OK) {
			ret = write_failed(err, ML_EUNSAFE, w, archive, dest, rel, raw,
					   "cannot extract");
			goto out;
		}
		if (archive_entry_size(e) > 0 && !hard) {
			ret = copy_data(a, w, archive, dest, rel, raw, &bytes, lim->max_bytes, err);
			if (ret < 0)
				goto out;
		}
		if (archive_write_finish_entry(w) != ARCHIVE_OK) {
			ret =
			    write_failed(err, ML_EIO, w, archive, dest, rel, raw, "cannot extract");
			goto out;
		}
	}
	if (r != ARCHIVE_EOF) {
		ret = ml_error_set(err, ML_EPARSE, "%s: cannot read archive: %s", archive,
				   archive_error_string(a));
		goto out;
	}
	if (archive_write_close(w) != ARCHIVE_OK)
		ret =
		    write_failed(err, ML_EIO, w, archive, dest, "", "", "cannot finish extraction");
out:
	archive_write_free(w);
	ml_buf_release(&name);
	ml_buf_release(&target);
	return ret;
}

/* Defence in depth: every symlink written must resolve inside dest (or dangle). */
static int check_written_links(const struct scan *s, const char *archive, const char *dest,
			       struct ml_error *err)
{
	char *root = realpath(dest, NULL);
	size_t rlen, i;
	int ret = 0;

	if (!root)
		return ml_error_errno(err, ML_EIO, "cannot resolve '%s'", dest);
	rlen = strlen(root);
	for (i = 0; i < s->symlinks_unsorted.n && ret == 0; i++) {
		const char *rel = stripped(s, s->symlinks_unsorted.v[i]);
		char *p = ml_path_join(dest, rel);
		char *real = realpath(p, NULL);

		if (real && (strncmp(real, root, rlen) || (real[rlen] != '/' && real[rlen])))
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s: symlink '%s' points outside the archive", archive,
					   s->symlinks_unsorted.v[i]);
		free(real);
		free(p);
	}
	free(root);
	return ret;
}

static int dir_is_empty(const char *path, bool *out, struct ml_error *err)
{
	struct dirent *de;
	DIR *d = opendir(path);

	if (!d)
		return ml_error_errno(err, ML_EIO, "cannot open '%s'", path);
	*out = true;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			*out = false;
	closedir(d);
	return 0;
}

static void empty_dir(const char *path)
{
	struct dirent *de;
	DIR *d = opendir(path);

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *child;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = ml_path_join(path, de->d_name);
		ml_fs_remove_tree(child, NULL);
		free(child);
	}
	closedir(d);
}

int ml_extract_archive(const char *archive, const char *dest,
		       const struct ml_extract_limits *limits, struct ml_error *err)
{
	struct ml_extract_limits lim = { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES };
	struct archive *reader = NULL;
	struct scan s;
	bool created = false, empty = false;
	int cwd = -1, ret;

	memset(&s, 0, sizeof(s));
	if (limits && limits->max_entries)
		lim.max_entries = limits->max_entries;
	if (limits && limits->max_bytes)
		lim.max_bytes = limits->max_bytes;
	ret = scan_archive(&s, archive, &lim, err);
	if (ret < 0)
		goto out;
	if (ml_fs_exists(dest)) {
		if (!ml_fs_is_dir(dest)) {
			ret = ml_error_set(err, ML_EUSAGE, "'%s' exists and is not a directory",
					   dest);
			goto out;
		}
		ret = dir_is_empty(dest, &empty, err);
		if (ret < 0)
			goto out;
		if (!empty) {
			ret = ml_error_set(err, ML_EUSAGE, "'%s' is not empty", dest);
			goto out;
		}
	} else {
		ret = ml_fs_mkdirs(dest, 0755, err);
		if (ret < 0)
			goto out;
		created = true;
	}
	/*
	 * libarchive's secure checks work on paths relative to the working directory, so the
	 * archive is written from inside dest (as bsdtar -C does).
	 */
	reader = open_reader(archive, err);
	if (!reader) {
		ret = err ? err->code : ML_EPARSE;
		goto fail;
	}
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot open the current directory");
		goto fail;
	}
	if (chdir(dest) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot enter '%s'", dest);
		goto fail;
	}
	ret = write_archive(&s, reader, archive, dest, &lim, err);
	if (fchdir(cwd) < 0 && ret == 0)
		ret = ml_error_errno(err, ML_EIO, "cannot return to the working directory");
	if (ret == 0)
		ret = check_written_links(&s, archive, dest, err);
fail:
	if (ret < 0) {
		if (created)
			ml_fs_remove_tree(dest, NULL);
		else
			empty_dir(dest);
	}
out:
	archive_read_free(reader);
	if (cwd >= 0)
		close(cwd);
	scan_release(&s);
	return ret;
}
