/*
 * Repositories read from an archive (opam-repository snapshots): libarchive streams the
 * archive once, in place; the opam files' bytes stay in memory, keyed by their path inside
 * the repository. Nothing is written to disk.
 */
#include "fetch.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct afile {
	char *path; /* as in the archive, then with the top-level directory stripped */
	char *data;
	size_t len;
};

struct actx {
	struct afile *files; /* sorted by path once loaded */
	size_t nfiles, alloc;
};

/* Streams the archive file through the hasher as libarchive reads it. */
struct reader {
	int fd;
	struct ml_hasher *hasher;
	char buf[65536];
};

static void actx_free(void *p)
{
	struct actx *c = p;

	if (!c)
		return;
	for (size_t i = 0; i < c->nfiles; i++) {
		free(c->files[i].path);
		free(c->files[i].data);
	}
	free(c->files);
	free(c);
}

static int afile_cmp(const void *a, const void *b)
{
	const struct afile *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static int archive_read_file(void *p, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	struct actx *c = p;
	struct afile key = { (char *)relpath, NULL, 0 };
	const struct afile *f = bsearch(&key, c->files, c->nfiles, sizeof(*c->files), afile_cmp);

	if (!f)
		return ml_error_set(err, ML_ENOTFOUND, "'%s' is not in the archive", relpath);
	ml_buf_add(out, f->data, f->len);
	return 0;
}

static const struct ml_repo_ops archive_ops = { archive_read_file, actx_free };

static la_ssize_t reader_read(struct archive *a, void *data, const void **buf)
{
	struct reader *rd = data;
	ssize_t n;

	do
		n = read(rd->fd, rd->buf, sizeof(rd->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	ml_hasher_update(rd->hasher, rd->buf, (size_t)n);
	*buf = rd->buf;
	return n;
}

/* Entry paths: no absolute path, no ".." component. "./" prefixes are dropped. */
static int check_path(const char *path, const char *archive, struct ml_error *err)
{
	const char *p = path;

	if (*p == '/')
		return ml_error_set(err, ML_EUNSAFE, "%s: refusing absolute entry '%s'", archive,
				    path);
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return ml_error_set(err, ML_EUNSAFE, "%s: refusing entry '%s' (has '..')",
					    archive, path);
		p += n;
		if (*p == '/')
			p++;
	}
	return 0;
}

static const char *skip_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p++, p++;
	while (*p == '/')
		p++;
	return p;
}

static bool wanted(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strcmp(base, "opam") == 0 || strcmp(base, "repo") == 0;
}

static int read_entry_data(struct archive *a, struct afile *f, int64_t size, const char *archive,
			   struct ml_error *err)
{
	la_ssize_t n;

	f->data = ml_malloc((size_t)size + 1);
	n = archive_read_data(a, f->data, (size_t)size + 1);
	if (n < 0)
		return ml_error_set(err, ML_EIO, "%s: %s", archive, archive_error_string(a));
	if ((int64_t)n != size)
		return ml_error_set(err, ML_EIO, "%s: entry '%s' is truncated", archive, f->path);
	f->data[n] = '\0';
	f->len = (size_t)n;
	return 0;
}

int ml_repo_open_archive(struct ml_repo **out, const char *path, const char *display,
			 struct ml_error *err)
{
	struct archive *a = NULL;
	struct archive_entry *ae;
	struct reader *rd = NULL;
	struct actx *c = ml_calloc(1, sizeof(*c));
	struct ml_repo *r = NULL;
	struct ml_digests dg;
	char *top = NULL;
	size_t ntop = 0, nentries = 0, total = 0;
	bool single_top = true, has_marker = false, has_packages = false;
	int ret = 0, rc;

	rd = ml_malloc(sizeof(*rd));
	rd->hasher = ml_hasher_new();
	rd->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (rd->fd < 0) {
		ret = ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				     "cannot open '%s'", path);
		goto out;
	}
	a = archive_read_new();
	archive_read_support_filter_all(a);
	/* repositories come as tarballs or zips; "all" would take any text for an mtree */
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open(a, rd, NULL, reader_read, NULL) != ARCHIVE_OK) {
		ret = ml_error_set(err, ML_ERROR, "%s: %s", display, archive_error_string(a));
		goto out;
	}
	while ((rc = archive_read_next_header(a, &ae)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(ae);
		size_t tl;

		if (!name) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: entry without a name", display);
			goto out;
		}
		if (++nentries > ML_REPO_ARCHIVE_MAX_ENTRIES) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: more than %u entries", display,
					   ML_REPO_ARCHIVE_MAX_ENTRIES);
			goto out;
		}
		ret = check_path(name, display, err);
		if (ret)
			goto out;
		name = skip_dot_slash(name);
		if (!*name)
			continue;
		/* one top-level directory holding every entry is stripped, as opam does */
		tl = strcspn(name, "/");
		if (!top) {
			top = ml_strndup(name, tl);
			ntop = tl;
		} else if (tl != ntop || strncmp(name, top, ntop) != 0) {
			single_top = false;
		}
		if ((name[tl] != '/' || name[tl + 1] == '\0') &&
		    archive_entry_filetype(ae) != AE_IFDIR)
			single_top = false; /* a file at the top level */
		if (archive_entry_filetype(ae) != AE_IFREG || !wanted(name))
			continue;
		if (archive_entry_size(ae) > (int64_t)ML_OPAM_MAX_FILE_SIZE) {
			ret =
			    ml_error_set(err, ML_EUNSAFE, "%s: entry '%s' is larger than %u bytes",
					 display, name, ML_OPAM_MAX_FILE_SIZE);
			goto out;
		}
		total += (size_t)archive_entry_size(ae);
		if (total > ML_REPO_ARCHIVE_MAX_BYTES) {
			ret = ml_error_set(err, ML_EUNSAFE, "%s: opam files exceed %llu bytes",
					   display, (unsigned long long)ML_REPO_ARCHIVE_MAX_BYTES);
			goto out;
		}
		ML_ALLOC_GROW(c->files, c->nfiles + 1, c->alloc);
		c->files[c->nfiles] = (struct afile){ ml_strdup(name), NULL, 0 };
		c->nfiles++;
		ret = read_entry_data(a, &c->files[c->nfiles - 1], archive_entry_size(ae), display,
				      err);
		if (ret)
			goto out;
	}
	if (rc != ARCHIVE_EOF) {
		ret = ml_error_set(err, ML_ERROR, "%s: %s", display, archive_error_string(a));
		goto out;
	}
	/* the content hash covers the whole file, including what libarchive did not need */
	for (;;) {
		ssize_t n = read(rd->fd, rd->buf, sizeof(rd->buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'", path);
			goto out;
		}
		if (n == 0)
			break;
		ml_hasher_update(rd->hasher, rd->buf, (size_t)n);
	}

	/* an archive of just packages/ (no top directory) keeps its paths */
	if (!single_top || (top && strcmp(top, "packages") == 0))
		ntop = 0;
	for (size_t i = 0; i < c->nfiles; i++) {
		struct afile *f = &c->files[i];

		if (ntop) {
			char *s = ml_strdup(f->path + ntop + 1);

			free(f->path);
			f->path = s;
		}
		if (strcmp(f->path, "repo") == 0)
			has_marker = true;
		if (ml_starts_with(f->path, "packages/"))
			has_packages = true;
	}
	if (!has_marker && !has_packages) {
		ret = ml_error_set(err, ML_ERROR,
				   "'%s' is not an opam repository (no 'repo' file and no "
				   "'packages' directory)",
				   display);
		goto out;
	}
	qsort(c->files, c->nfiles, sizeof(*c->files), afile_cmp);
	r = ml_repo_new(display, &archive_ops, c);
	c = NULL;
	{
		struct actx *rc_ = r->ctx;

		for (size_t i = 0; i < rc_->nfiles; i++)
			ml_repo_add_path(r, rc_->files[i].path);
	}
	ml_hasher_final(&dg, rd->hasher);
	r->hash = ml_xasprintf("sha256=%s", dg.hex[ML_HASH_SHA256]);
	/* the bytes of the archive are its content: its parsed files keep under its hash */
	r->key = ml_strdup(r->hash);
	{
		char *abs = realpath(path, NULL);
		char *id = ml_xasprintf("archive:%s", abs ? abs : path);

		ml_repo_attach_cache(r, id, r->key);
		free(id);
		free(abs);
	}
	*out = r;
	r = NULL;
out:
	if (a)
		archive_read_free(a);
	if (rd) {
		if (rd->fd >= 0)
			close(rd->fd);
		ml_hasher_free(rd->hasher);
		free(rd);
	}
	ml_repo_free(r);
	actx_free(c);
	free(top);
	return ret;
}
