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
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "fetch/fetch.h"

#define MAX_PATH_LEN ML_EXTRACT_MAX_PATH
#define MAX_DEPTH ML_EXTRACT_MAX_DEPTH

/* Strings borrowed from a scan's `paths` (whose sort moves pointers, not strings). */
struct refs {
	const char **v;
	size_t n, alloc;
};

static void refs_push(struct refs *r, const char *s)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 64;
		r->v = ml_realloc(r->v, r->alloc * sizeof(*r->v));
	}
	r->v[r->n++] = s;
}

/*
 * What pass 1 keeps: each normalised name once (in `paths`), the link targets, and borrowed
 * pointers; so memory is bounded by the name bytes cap plus a few pointers an entry.
 */
struct scan {
	struct ml_strvec paths;        /* every entry, normalised, sorted after the scan */
	struct refs files;             /* regular files (hard link targets), sorted */
	struct refs symlinks;          /* symlink entries, sorted */
	struct refs symlinks_unsorted; /* in archive order, parallel to link_targets */
	struct ml_strvec link_targets;
	struct refs hard_from;
	struct ml_strvec hard_to;
	char *top;  /* the common first component, or NULL once entries differ */
	bool strip; /* every entry is under `top` (or is `top` itself, a directory) */
	uint64_t entries, bytes, name_bytes;
	struct ml_buf prev; /* the previous entry's path, to count implicit directories */
};

static void scan_release(struct scan *s)
{
	ml_strvec_release(&s->paths);
	free(s->files.v);
	free(s->symlinks.v);
	free(s->symlinks_unsorted.v);
	ml_strvec_release(&s->link_targets);
	free(s->hard_from.v);
	ml_strvec_release(&s->hard_to);
	ml_buf_release(&s->prev);
	free(s->top);
}

static int refcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
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
	/*
	 * Zip names without the UTF-8 flag are CP437 (the zip default), converted to the locale's
	 * charset: UTF-8 while extracting (see with_utf8_names). Flagged names stay UTF-8.
	 */
	archive_read_set_format_option(a, "zip", "hdrcharset", "CP437");
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
 * libarchive converts names to the charset of the current locale, which is "C" (ASCII) in a
 * program that never calls setlocale: every non-ASCII zip name would fail to convert. The
 * extraction runs under a C.UTF-8 LC_CTYPE for this thread only (uselocale), so names come
 * out as UTF-8 bytes whatever the user's locale; nothing else depends on it. Returns the
 * locale to restore (and *made to free), or (locale_t)0 when C.UTF-8 is missing: then
 * non-ASCII zip names are refused as before.
 */
static locale_t with_utf8_names(locale_t *made)
{
	*made = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (*made == (locale_t)0)
		return (locale_t)0;
	return uselocale(*made);
}

static void without_utf8_names(locale_t old, locale_t made)
{
	if (made == (locale_t)0)
		return;
	uselocale(old);
	freelocale(made);
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
		return ml_error_set(err, ML_EUNSAFE,
				    "%s: entry name longer than %d bytes: '%.64s...'", archive,
				    MAX_PATH_LEN, name);
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
		if (len > ML_EXTRACT_MAX_COMPONENT)
			return ml_error_set(err, ML_EUNSAFE,
					    "%s: entry '%.64s...' has a name component longer "
					    "than %d bytes",
					    archive, name, ML_EXTRACT_MAX_COMPONENT);
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

/* Whether the sorted r holds the string of s's first len bytes (no allocation). */
static bool refs_contain(const struct refs *r, const char *s, size_t len)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *v = r->v[mid];
		int c = strncmp(s, v, len);

		if (c == 0)
			c = v[len] ? -1 : 0;
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Whether a proper prefix directory of path is a symlink in the archive. */
static bool under_symlink(const struct scan *s, const char *path)
{
	const char *slash;

	if (!s->symlinks.n)
		return false;
	for (slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/'))
		if (refs_contain(&s->symlinks, path, (size_t)(slash - path)))
			return true;
	return false;
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

			if (stack.len == 0 || refs_contain(&s->symlinks, stack.buf, stack.len) ||
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

	if (s->paths.n == 1) { /* the first entry */
		s->top = ml_strndup(path, len);
		s->strip = true;
	}
	if (!s->strip)
		return;
	if (strlen(s->top) != len || strncmp(s->top, path, len) || (!slash && !is_dir))
		s->strip = false;
}

/*
 * Directories `path` creates implicitly: its parent components that are not components of the
 * previous entry's path. Archives list trees in order, so this is about the real count; an
 * archive in another order is only over-counted.
 */
static uint64_t new_dirs(const char *prev, const char *path)
{
	const char *p = path, *q = prev, *ps;
	bool same = true;
	uint64_t n = 0;

	for (; (ps = strchr(p, '/')); p = ps + 1) {
		size_t len = (size_t)(ps - p);

		if (same) {
			const char *qs = strchrnul(q, '/');

			same = (size_t)(qs - q) == len && !strncmp(p, q, len);
			q = *qs ? qs + 1 : qs;
		}
		if (!same)
			n++;
	}
	return n;
}

static int over_cap(struct ml_error *err, const char *archive, const char *what, uint64_t cap,
		    const char *which)
{
	return ml_error_set(err, ML_EUNSAFE, "%s: more than %llu %s (the cap %s)", archive,
			    (unsigned long long)cap, what, which);
}

/* Pass 1: checks every entry; nothing is written. */
/* ml_interrupt was called: the extraction stops (what was written is removed). */
static int interrupted(struct ml_error *err, const char *archive)
{
	return ml_error_set(err, ML_EINTR, "%s: interrupted while extracting", archive);
}

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
		const char *stored;
		mode_t type = archive_entry_filetype(e);

		/* Ctrl-C: stop now, not at the end of a large archive */
		if (ml_interrupted()) {
			ret = interrupted(err, archive);
			goto out;
		}

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
		s->entries += 1 + new_dirs(s->prev.buf, name.buf);
		if (s->entries > lim->max_entries) {
			ret = over_cap(err, archive, "entries (directories included)",
				       lim->max_entries, "per archive");
			goto out;
		}
		ml_buf_reset(&s->prev);
		ml_buf_add(&s->prev, name.buf, name.len);
		s->name_bytes += name.len + 1;
		if (s->name_bytes > lim->max_name_bytes) {
			ret = over_cap(err, archive, "bytes of entry names and link targets",
				       lim->max_name_bytes, "per archive");
			goto out;
		}
		stored = ml_strvec_push(&s->paths, name.buf);
		if (hard) {
			ret = norm_path(&target, archive, hard, err);
			if (ret < 0)
				goto out;
			s->name_bytes += target.len + 1;
			refs_push(&s->hard_from, stored);
			ml_strvec_push(&s->hard_to, target.buf);
		} else if (type == AE_IFLNK) {
			const char *t = archive_entry_symlink(e);

			if (!t)
				t = archive_entry_symlink_utf8(e);
			if (!t) {
				ret = ml_error_set(err, ML_EUNSAFE,
						   "%s: symlink '%s' has an unusable target",
						   archive, raw);
				goto out;
			}
			if (strlen(t) > ML_EXTRACT_MAX_LINK) {
				ret = ml_error_set(err, ML_EUNSAFE,
						   "%s: symlink '%s' has a target longer than %d "
						   "bytes",
						   archive, raw, ML_EXTRACT_MAX_LINK);
				goto out;
			}
			s->name_bytes += strlen(t) + 1;
			refs_push(&s->symlinks, stored);
			refs_push(&s->symlinks_unsorted, stored);
			ml_strvec_push(&s->link_targets, t);
		} else if (type == AE_IFREG) {
			refs_push(&s->files, stored);
		} else if (type != AE_IFDIR) {
			ret = ml_error_set(err, ML_EUNSAFE,
					   "%s: entry '%s' is a device, fifo or socket", archive,
					   raw);
			goto out;
		}
		if (s->name_bytes > lim->max_name_bytes) {
			ret = over_cap(err, archive, "bytes of entry names and link targets",
				       lim->max_name_bytes, "per archive");
			goto out;
		}
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
			s->bytes += (uint64_t)archive_entry_size(e);
		if (s->bytes > lim->max_bytes) {
			ret =
			    ml_error_set(err, ML_EUNSAFE,
					 "%s: more than %llu bytes (the cap per archive; at entry "
					 "'%s')",
					 archive, (unsigned long long)lim->max_bytes, raw);
			goto out;
		}
		note_top(s, name.buf, type == AE_IFDIR && !hard);
	}
	if (r != ARCHIVE_EOF) {
		ret = ml_error_set(err, ML_EPARSE, "%s: cannot read archive: %s", archive,
				   archive_error_string(a));
		goto out;
	}
	ml_strvec_sort(&s->paths);
	if (s->symlinks.n)
		qsort(s->symlinks.v, s->symlinks.n, sizeof(*s->symlinks.v), refcmp);
	if (s->files.n)
		qsort(s->files.v, s->files.n, sizeof(*s->files.v), refcmp);
	for (i = 0; s->symlinks.n && i < s->paths.n; i++)
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
		if (!refs_contain(&s->files, s->hard_to.v[i], strlen(s->hard_to.v[i]))) {
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

static int over_pull_cap(struct ml_error *err, const char *archive, const char *what, uint64_t cap,
			 uint64_t before)
{
	return ml_error_set(err, ML_EUNSAFE,
			    "%s: the archives of this pull hold more than %llu %s in all (the cap "
			    "per pull; %llu before this archive)",
			    archive, (unsigned long long)cap, what, (unsigned long long)before);
}

static int copy_data(struct archive *in, struct archive *out, const char *archive, const char *dest,
		     const char *rel, const char *name, uint64_t *bytes,
		     const struct ml_extract_limits *lim, struct ml_error *err)
{
	const struct ml_extract_budget *b = lim->total;
	const void *buf;
	size_t size;
	la_int64_t offset;
	int r;

	while ((r = archive_read_data_block(in, &buf, &size, &offset)) == ARCHIVE_OK) {
		if (ml_interrupted())
			return interrupted(err, archive);
		*bytes += size;
		if (*bytes > lim->max_bytes)
			return ml_error_set(err, ML_EUNSAFE,
					    "%s: more than %llu bytes (the cap per archive; at "
					    "entry '%s')",
					    archive, (unsigned long long)lim->max_bytes, name);
		if (b && b->bytes + *bytes > b->max_bytes)
			return over_pull_cap(err, archive, "bytes", b->max_bytes, b->bytes);
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
static int write_archive(uint64_t *written, const struct scan *s, struct archive *a,
			 const char *archive, const char *dest, const struct ml_extract_limits *lim,
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

		if (ml_interrupted()) {
			ret = interrupted(err, archive);
			goto out;
		}
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
			ret = over_cap(err, archive, "entries (directories included)",
				       lim->max_entries, "per archive");
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
			if (!refs_contain(&s->files, target.buf, target.len)) {
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
			ret = copy_data(a, w, archive, dest, rel, raw, &bytes, lim, err);
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
	*written = bytes;
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
	struct ml_extract_limits lim = { ML_EXTRACT_MAX_ENTRIES, ML_EXTRACT_MAX_BYTES,
					 ML_EXTRACT_MAX_NAME_BYTES, NULL };
	struct ml_extract_budget *b = limits ? limits->total : NULL;
	struct archive *reader = NULL;
	struct scan s;
	bool created = false, empty = false;
	uint64_t written = 0;
	int cwd = -1, ret;
	locale_t made, old = with_utf8_names(&made);

	memset(&s, 0, sizeof(s));
	s.prev = (struct ml_buf)ML_BUF_INIT;
	if (limits && limits->max_entries)
		lim.max_entries = limits->max_entries;
	if (limits && limits->max_bytes)
		lim.max_bytes = limits->max_bytes;
	if (limits && limits->max_name_bytes)
		lim.max_name_bytes = limits->max_name_bytes;
	if (b && !b->max_entries)
		b->max_entries = ML_PULL_MAX_ENTRIES;
	if (b && !b->max_bytes)
		b->max_bytes = ML_PULL_MAX_BYTES;
	lim.total = b;
	ret = scan_archive(&s, archive, &lim, err);
	if (ret < 0)
		goto out;
	if (b && b->entries + s.entries > b->max_entries) {
		ret = over_pull_cap(err, archive, "entries (directories included)", b->max_entries,
				    b->entries);
		goto out;
	}
	if (b && b->bytes + s.bytes > b->max_bytes) {
		ret = over_pull_cap(err, archive, "bytes", b->max_bytes, b->bytes);
		goto out;
	}
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
	ret = write_archive(&written, &s, reader, archive, dest, &lim, err);
	if (fchdir(cwd) < 0 && ret == 0)
		ret = ml_error_errno(err, ML_EIO, "cannot return to the working directory");
	if (ret == 0)
		ret = check_written_links(&s, archive, dest, err);
	if (ret == 0 && b) {
		b->entries += s.entries;
		b->bytes += written;
	}
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
	without_utf8_names(old, made);
	return ret;
}
