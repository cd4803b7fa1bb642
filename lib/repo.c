#include "repo.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "opam.h"
#include "ucache.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* More entries than any real repository holds (opam-repository: ~19k) by far. */
#define ML_REPO_MAX_ENTRIES 1000000u
/* NAME and VERSION lengths: opam's are short; anything longer is not a package. */
#define ML_REPO_MAX_COMPONENT 255u

struct ml_repo *ml_repo_new(const char *spec, const struct ml_repo_ops *ops, void *ctx)
{
	struct ml_repo *r = ml_calloc(1, sizeof(*r));

	r->spec = ml_strdup(spec);
	r->url = ml_strdup(spec);
	r->display = ml_strdup(spec);
	r->ops = ops;
	r->ctx = ctx;
	return r;
}

/* Frees entries[from ..] (those a failed listing added, or all). */
static void drop_entries_from(struct ml_repo *r, size_t from)
{
	for (size_t i = from; i < r->nentries; i++) {
		free(r->entries[i].name);
		free(r->entries[i].version);
		free(r->entries[i].relpath);
		if (r->entries[i].ahead)
			r->ahead_bytes -= r->entries[i].ahead_len;
		free(r->entries[i].ahead);
	}
	r->nentries = from;
}

void ml_repo_free(struct ml_repo *r)
{
	if (!r)
		return;
	drop_entries_from(r, 0);
	free(r->entries);
	for (size_t i = 0; i < r->nnames; i++) {
		free(r->names[i].name);
		free(r->names[i].idx);
	}
	free(r->names);
	if (r->ucache) {
		ml_ucache_save(r->ucache, NULL);
		ml_ucache_free(r->ucache);
	}
	if (r->ops && r->ops->free)
		r->ops->free(r->ctx);
	free(r->spec);
	free(r->url);
	free(r->commit);
	free(r->hash);
	free(r->key);
	free(r->display);
	free(r);
}

/* A path component that may name a package or a version: no '/', not hidden, not "..". */
static bool good_component(const char *s, size_t len)
{
	if (len == 0 || len > ML_REPO_MAX_COMPONENT || s[0] == '.')
		return false;
	return memchr(s, '/', len) == NULL;
}

static void push_entry(struct ml_repo *r, const char *name, size_t nlen, const char *version,
		       size_t vlen, const char *relpath, uint64_t stamp)
{
	struct ml_repo_entry *e;

	ML_ALLOC_GROW(r->entries, r->nentries + 1, r->alloc);
	e = &r->entries[r->nentries++];
	e->name = ml_strndup(name, nlen);
	e->version = ml_strndup(version, vlen);
	e->relpath = ml_strdup(relpath);
	e->stamp = stamp;
	e->ahead = NULL;
	e->ahead_len = 0;
}

/*
 * The name and version of relpath when it names an opam file of a package:
 * packages/NAME/NAME.VERSION/opam or packages/NAME.VERSION/opam.
 */
static bool split_relpath(const char *relpath, const char **name, size_t *nlen,
			  const char **version, size_t *vlen)
{
	const char *p, *s1, *s2, *dot;

	if (!ml_starts_with(relpath, "packages/") || !ml_ends_with(relpath, "/opam"))
		return false;
	p = relpath + strlen("packages/");
	s1 = strchr(p, '/');
	if (!s1)
		return false; /* "packages/opam" */
	if (strcmp(s1, "/opam") == 0) {
		/* packages/NAME.VERSION/opam */
		if (!good_component(p, (size_t)(s1 - p)))
			return false;
		dot = memchr(p, '.', (size_t)(s1 - p));
		if (!dot || dot == p || dot + 1 == s1)
			return false;
		*name = p;
		*nlen = (size_t)(dot - p);
		*version = dot + 1;
		*vlen = (size_t)(s1 - dot - 1);
		return true;
	}
	/* packages/NAME/NAME.VERSION/opam */
	s2 = strchr(s1 + 1, '/');
	if (!s2 || strcmp(s2, "/opam") != 0)
		return false;
	*nlen = (size_t)(s1 - p);
	if (!good_component(p, *nlen) || memchr(p, '.', *nlen))
		return false;
	if (!good_component(s1 + 1, (size_t)(s2 - s1 - 1)))
		return false;
	/* the directory must be NAME.VERSION with a non-empty VERSION */
	if ((size_t)(s2 - s1 - 1) < *nlen + 2 || strncmp(s1 + 1, p, *nlen) != 0 ||
	    s1[1 + *nlen] != '.')
		return false;
	*name = p;
	*version = s1 + 2 + *nlen;
	*vlen = (size_t)(s2 - *version);
	return true;
}

static bool add_path_stamped(struct ml_repo *r, const char *relpath, uint64_t stamp)
{
	const char *name, *version;
	size_t nlen, vlen;

	if (r->nentries >= ML_REPO_MAX_ENTRIES ||
	    !split_relpath(relpath, &name, &nlen, &version, &vlen))
		return false;
	push_entry(r, name, nlen, version, vlen, relpath, stamp);
	return true;
}

bool ml_repo_add_path(struct ml_repo *r, const char *relpath)
{
	return add_path_stamped(r, relpath, 0);
}

void ml_repo_add_package(struct ml_repo *r, const char *name, const char *version,
			 const char *relpath)
{
	push_entry(r, name, strlen(name), version, strlen(version), relpath, 0);
}

/* Appends a name without entries (names[] may be left unsorted). */
static struct ml_repo_name *name_append(struct ml_repo *r, const char *name, bool listed)
{
	struct ml_repo_name *n;

	ML_ALLOC_GROW(r->names, r->nnames + 1, r->anames);
	n = &r->names[r->nnames++];
	memset(n, 0, sizeof(*n));
	n->name = ml_strdup(name);
	n->listed = listed;
	return n;
}

void ml_repo_add_name(struct ml_repo *r, const char *name)
{
	name_append(r, name, !r->ops || !r->ops->list);
	r->names_unsorted = true;
}

/* ---- the index of names ---- */

static int name_cmp(const void *a, const void *b)
{
	const struct ml_repo_name *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Entry indexes by name, then relpath. */
static int idx_cmp(const void *a, const void *b, void *ctx)
{
	const struct ml_repo_entry *entries = ctx;
	const struct ml_repo_entry *x = &entries[*(const size_t *)a];
	const struct ml_repo_entry *y = &entries[*(const size_t *)b];
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->relpath, y->relpath);
}

static void sort_idx(struct ml_repo *r, size_t *idx, size_t n)
{
	if (n > 1)
		qsort_r(idx, n, sizeof(*idx), idx_cmp, r->entries);
}

static void name_push(struct ml_repo_name *n, size_t i)
{
	ML_ALLOC_GROW(n->idx, n->n + 1, n->alloc);
	n->idx[n->n++] = i;
}

/* The name among names[0 .. n), which are sorted. */
static struct ml_repo_name *name_find(struct ml_repo *r, size_t n, const char *name)
{
	struct ml_repo_name key = { .name = (char *)name };

	if (n == 0)
		return NULL;
	return bsearch(&key, r->names, n, sizeof(*r->names), name_cmp);
}

/* Sorts the names (merging repeats) and files the entries added since into them. */
static void seal(struct ml_repo *r)
{
	size_t *fresh, nfresh = r->nentries - r->nindexed, n = 0;

	if (r->names_unsorted) {
		qsort(r->names, r->nnames, sizeof(*r->names), name_cmp);
		for (size_t i = 0; i < r->nnames; i++) {
			struct ml_repo_name *last = n ? &r->names[n - 1] : NULL;

			if (last && strcmp(last->name, r->names[i].name) == 0) {
				for (size_t k = 0; k < r->names[i].n; k++)
					name_push(last, r->names[i].idx[k]);
				last->listed = last->listed && r->names[i].listed;
				sort_idx(r, last->idx, last->n);
				free(r->names[i].name);
				free(r->names[i].idx);
				continue;
			}
			r->names[n++] = r->names[i];
		}
		r->nnames = n;
		r->names_unsorted = false;
	}
	if (nfresh == 0)
		return;
	fresh = ml_reallocarray(NULL, nfresh, sizeof(*fresh));
	for (size_t i = 0; i < nfresh; i++)
		fresh[i] = r->nindexed + i;
	sort_idx(r, fresh, nfresh);
	/* one group of fresh entries per name; names met only now are appended, sorted below */
	n = r->nnames;
	for (size_t i = 0, j; i < nfresh; i = j) {
		const char *name = r->entries[fresh[i]].name;
		struct ml_repo_name *nm = name_find(r, n, name);

		if (!nm)
			nm = name_append(r, name, true);
		for (j = i; j < nfresh && strcmp(r->entries[fresh[j]].name, name) == 0; j++)
			name_push(nm, fresh[j]);
		sort_idx(r, nm->idx, nm->n);
	}
	if (r->nnames != n)
		qsort(r->names, r->nnames, sizeof(*r->names), name_cmp);
	r->nindexed = r->nentries;
	free(fresh);
}

size_t ml_repo_names(struct ml_repo *r, const struct ml_repo_name **out)
{
	seal(r);
	*out = r->names;
	return r->nnames;
}

int ml_repo_name_entries(struct ml_repo *r, size_t i, const struct ml_repo_name **out,
			 struct ml_error *err)
{
	struct ml_repo_name *nm;
	size_t before;
	int ret;

	seal(r);
	nm = &r->names[i];
	if (!nm->listed) {
		before = r->nentries;
		ret = r->ops->list(r, nm->name, err);
		if (ret) {
			drop_entries_from(r, before);
			return ret;
		}
		/* only this name's entries belong here: anything else a backend adds is dropped */
		for (size_t k = before; k < r->nentries; k++)
			if (strcmp(r->entries[k].name, nm->name) == 0)
				name_push(nm, k);
		r->nindexed = r->nentries;
		sort_idx(r, nm->idx, nm->n);
		nm->listed = true;
	}
	*out = nm;
	return 0;
}

int ml_repo_list_all(struct ml_repo *r, struct ml_error *err)
{
	const struct ml_repo_name *nm;

	seal(r);
	for (size_t i = 0; i < r->nnames; i++) {
		int ret = ml_repo_name_entries(r, i, &nm, err);

		if (ret)
			return ret;
	}
	return 0;
}

/* A relative path inside a repository: no absolute path, no ".." component, no NUL games. */
static bool safe_relpath(const char *relpath)
{
	const char *p = relpath;

	if (!*p || *p == '/')
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	return true;
}

int ml_repo_read(const struct ml_repo *r, const char *relpath, struct ml_buf *out,
		 struct ml_error *err)
{
	if (!safe_relpath(relpath))
		return ml_error_set(err, ML_EUNSAFE, "%s: refusing to read '%s'", r->display,
				    relpath);
	if (!r->ops || !r->ops->read)
		return ml_error_set(err, ML_ENOTFOUND, "%s: cannot read '%s'", r->display, relpath);
	return r->ops->read(r->ctx, relpath, out, err);
}

int ml_repo_read_entry(struct ml_repo *r, size_t i, struct ml_buf *out, struct ml_error *err)
{
	struct ml_repo_entry *e = &r->entries[i];

	if (!e->ahead)
		return ml_repo_read(r, e->relpath, out, err);
	if (out->alloc == 0) {
		/* the buffer it was read into becomes out's */
		out->buf = e->ahead;
		out->len = e->ahead_len;
		out->alloc = e->ahead_len + 1;
	} else {
		ml_buf_add(out, e->ahead, e->ahead_len);
		free(e->ahead);
	}
	r->ahead_bytes -= e->ahead_len;
	e->ahead = NULL;
	e->ahead_len = 0;
	return 0;
}

/* ---- directory repositories: packages/ is read once, each name when first asked for ---- */

struct dir_ctx {
	char *dir;
	int pfd;    /* packages/, or -1 when there is none */
	time_t now; /* when the repository was opened: what changed since is racy */
};

static int dir_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	struct dir_ctx *d = ctx;
	char *path = ml_path_join(d->dir, relpath);
	int ret;

	/* from packages/, open since the repository was: the path is not walked again */
	if (d->pfd >= 0 && ml_starts_with(relpath, "packages/"))
		ret = ml_fs_read_at(out, d->pfd, relpath + strlen("packages/"), path,
				    ML_OPAM_MAX_FILE_SIZE, err);
	else
		ret = ml_fs_read(out, path, ML_OPAM_MAX_FILE_SIZE, err);
	free(path);
	return ret;
}

static void dir_free(void *ctx)
{
	struct dir_ctx *d = ctx;

	if (d->pfd >= 0)
		close(d->pfd);
	free(d->dir);
	free(d);
}

/* Files changed within this many seconds of the run are not trusted to the cache. */
#define ML_REPO_RACY_SECONDS 2

/*
 * Whether name (relative to dfd) is a regular file; *stamp says what it looks like (size,
 * device, inode, mtime and ctime in ns), ML_UCACHE_RACY when it changed too recently: file
 * times come from a coarse clock, so two writes within one tick can leave them equal.
 */
static uint64_t stamp_of(const struct stat *st, time_t now)
{
	uint64_t v[7], stamp;

	if (st->st_mtim.tv_sec >= now - ML_REPO_RACY_SECONDS ||
	    st->st_ctim.tv_sec >= now - ML_REPO_RACY_SECONDS)
		return ML_UCACHE_RACY;
	v[0] = (uint64_t)st->st_size;
	v[1] = (uint64_t)st->st_dev;
	v[2] = (uint64_t)st->st_ino;
	v[3] = (uint64_t)st->st_mtim.tv_sec;
	v[4] = (uint64_t)st->st_mtim.tv_nsec;
	v[5] = (uint64_t)st->st_ctim.tv_sec;
	v[6] = (uint64_t)st->st_ctim.tv_nsec;
	stamp = ml_ucache_hash(v, sizeof(v), 0x57a3bULL);
	if (stamp <= ML_UCACHE_RACY)
		stamp += 2; /* 0 and ML_UCACHE_RACY mean something else */
	return stamp;
}

static bool stamp_file_at(int dfd, const char *name, time_t now, uint64_t *stamp)
{
	struct stat st;

	if (fstatat(dfd, name, &st, 0) != 0 || !S_ISREG(st.st_mode))
		return false;
	*stamp = stamp_of(&st, now);
	return true;
}

/* What a directory repository reads ahead and holds, not yet handed over, at most. */
#define ML_REPO_AHEAD_MAX ((size_t)8 << 20)

/*
 * Lists relpath (name relative to dfd) as stamp_file_at would, reading the file at once
 * (ml_repo_read_entry hands its bytes over): one open, fstat, read and close where a stat,
 * then the same four, were made. The stamp is that of the descriptor read. A file that
 * cannot be opened is judged by stamp_file_at, as before; one that cannot be read whole
 * (an error, a change of size) is listed and read again when asked for.
 */
static void list_reading(struct ml_repo *r, int dfd, const char *name, const char *relpath,
			 time_t now)
{
	/* never blocks on a fifo planted where the file should be: it is not listed */
	int fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *data = NULL;
	size_t size;
	uint64_t stamp;

	if (fd < 0) {
		if (stamp_file_at(dfd, name, now, &stamp))
			add_path_stamped(r, relpath, stamp);
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !add_path_stamped(r, relpath, stamp_of(&st, now)))
		goto out;
	if (st.st_size <= 0 || (uint64_t)st.st_size > ML_OPAM_MAX_FILE_SIZE)
		goto out;
	size = (size_t)st.st_size;
	data = ml_malloc(size + 1);
	/* a short read of the whole size is the end of a regular file (lib/fs.c's read_fd) */
	if (read(fd, data, size + 1) != (ssize_t)size)
		goto out;
	data[size] = '\0';
	r->entries[r->nentries - 1].ahead = data;
	r->entries[r->nentries - 1].ahead_len = size;
	r->ahead_bytes += size;
	data = NULL;
out:
	free(data);
	close(fd);
}

static bool may_be_dir(int dfd, const char *name, unsigned char type)
{
	struct stat st;

	if (type == DT_DIR)
		return true;
	if (type != DT_UNKNOWN && type != DT_LNK)
		return false;
	return fstatat(dfd, name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Reads a directory through getdents64 on a descriptor the caller opened: what readdir
 * gives, without the two fcntl calls fdopendir makes (a lock lists a few hundred names).
 */
struct dir_scan {
	int fd;
	size_t len, pos;
	union {
		struct dirent64 align;
		char b[32768];
	} buf;
};

/* The next entry (1), the end (0), or -1 with errno. name is valid until the next call. */
static int scan_next(struct dir_scan *s, const char **name, unsigned char *type)
{
	const struct dirent64 *de;

	if (s->pos >= s->len) {
		ssize_t n = getdents64(s->fd, s->buf.b, sizeof(s->buf.b));

		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		s->len = (size_t)n;
		s->pos = 0;
	}
	de = (const struct dirent64 *)(s->buf.b + s->pos);
	/* the kernel's records; checked all the same, never read past what it returned */
	if (de->d_reclen <= offsetof(struct dirent64, d_name) || de->d_reclen > s->len - s->pos ||
	    !memchr(de->d_name, '\0', de->d_reclen - offsetof(struct dirent64, d_name))) {
		errno = EIO;
		return -1;
	}
	s->pos += de->d_reclen;
	*name = de->d_name;
	*type = de->d_type;
	return 1;
}

/* Adds packages/NAME/NAME.VERSION/opam for every NAME.VERSION directory below packages/NAME. */
static int dir_list(struct ml_repo *r, const char *name, struct ml_error *err)
{
	struct dir_ctx *dc = r->ctx;
	struct ml_buf rel = ML_BUF_INIT;
	struct dir_scan *scan = NULL;
	const char *dname;
	unsigned char type;
	int fd, ret = 0, more;
	size_t base;

	fd = dc->pfd < 0 ? -1 : openat(dc->pfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0; /* gone since packages/ was read: no versions */
		return ml_error_errno(err, ML_EIO, "cannot open '%s/packages/%s'", dc->dir, name);
	}
	scan = ml_malloc(sizeof(*scan));
	scan->fd = fd;
	scan->len = scan->pos = 0;
	ml_buf_addf(&rel, "packages/%s/", name);
	base = rel.len;
	while ((more = scan_next(scan, &dname, &type)) > 0) {
		uint64_t stamp;

		if (dname[0] == '.' || !may_be_dir(fd, dname, type))
			continue;
		ml_buf_setlen(&rel, base);
		ml_buf_adds(&rel, dname);
		ml_buf_adds(&rel, "/opam");
		if (r->ucache && r->ahead_bytes < ML_REPO_AHEAD_MAX &&
		    !ml_ucache_holds(r->ucache, rel.buf))
			list_reading(r, fd, rel.buf + base, rel.buf, dc->now);
		else if (stamp_file_at(fd, rel.buf + base, dc->now, &stamp))
			add_path_stamped(r, rel.buf, stamp);
	}
	if (more < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot read '%s/packages/%s'", dc->dir, name);
		goto out;
	}
	if (r->nentries >= ML_REPO_MAX_ENTRIES)
		ret = ml_error_set(err, ML_ERROR, "%s: more than %u packages", dc->dir,
				   ML_REPO_MAX_ENTRIES);
out:
	close(fd);
	free(scan);
	ml_buf_release(&rel);
	return ret;
}

static const struct ml_repo_ops dir_ops = { dir_read, dir_free, dir_list };

void ml_repo_attach_cache(struct ml_repo *r, const char *id, const char *key)
{
	const char *off = getenv("MONOLOCK_NO_REPO_CACHE");
	char *full;

	if (r->ucache) {
		ml_ucache_save(r->ucache, NULL);
		ml_ucache_free(r->ucache);
		r->ucache = NULL;
	}
	if (off && *off)
		return;
	/* parses written by another build of monolock are not trusted */
	full = ml_xasprintf("%s:%s", key, ml_self_stamp());
	r->ucache = ml_ucache_open(NULL, id, full);
	free(full);
}

/*
 * Reads packages/ once: NAME.VERSION directories (the flat layout) are entries at once,
 * other directories are names whose versions dir_list reads when they are asked for.
 */
static int read_packages(struct ml_repo *r, struct dir_ctx *dc, struct ml_error *err)
{
	struct ml_buf rel = ML_BUF_INIT;
	struct dir_scan *scan = ml_malloc(sizeof(*scan));
	const char *dname;
	unsigned char type;
	int ret = 0, more;

	/* pfd is read once, here; openat and fstatat on it do not care where its offset is */
	scan->fd = dc->pfd;
	scan->len = scan->pos = 0;
	while ((more = scan_next(scan, &dname, &type)) > 0) {
		uint64_t stamp;

		if (dname[0] == '.' || !may_be_dir(dc->pfd, dname, type))
			continue;
		if (!strchr(dname, '.')) {
			if (good_component(dname, strlen(dname)))
				ml_repo_add_name(r, dname);
			continue;
		}
		/* packages/NAME.VERSION/opam (names never hold a '.') */
		ml_buf_reset(&rel);
		ml_buf_addf(&rel, "packages/%s/opam", dname);
		if (stamp_file_at(dc->pfd, rel.buf + strlen("packages/"), dc->now, &stamp))
			add_path_stamped(r, rel.buf, stamp);
	}
	if (more < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot read '%s/packages'", dc->dir);
	free(scan);
	ml_buf_release(&rel);
	return ret;
}

int ml_repo_open_dir(struct ml_repo **out, const char *dir, struct ml_error *err)
{
	struct ml_repo *r = NULL;
	struct dir_ctx *dc;
	char *marker = NULL, *pkgs = NULL, *clean = NULL, *abs = NULL, *id = NULL;
	size_t len = strlen(dir);
	int ret = 0;

	/* "repo/" and "repo" show files the same way */
	while (len > 1 && dir[len - 1] == '/')
		len--;
	clean = ml_strndup(dir, len);
	if (!ml_fs_exists(clean)) {
		ret = ml_error_set(err, ML_ENOTFOUND, "repository '%s' does not exist", dir);
		goto out;
	}
	if (!ml_fs_is_dir(clean)) {
		ret = ml_error_set(err, ML_ERROR, "repository '%s' is not a directory", dir);
		goto out;
	}
	marker = ml_path_join(clean, "repo");
	pkgs = ml_path_join(clean, "packages");
	if (!ml_fs_is_dir(pkgs) && !(ml_fs_exists(marker) && !ml_fs_is_dir(marker))) {
		ret = ml_error_set(err, ML_ERROR,
				   "'%s' is not an opam repository (no 'repo' file and no "
				   "'packages' directory)",
				   dir);
		goto out;
	}
	dc = ml_calloc(1, sizeof(*dc));
	dc->dir = ml_strdup(clean);
	dc->now = time(NULL);
	dc->pfd = open(pkgs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = ml_repo_new(dir, &dir_ops, dc);
	if (dc->pfd < 0 && errno != ENOENT) {
		ret = ml_error_errno(err, ML_EIO, "cannot open '%s'", pkgs);
		goto out;
	}
	free(r->display);
	r->display = ml_strdup(clean);
	free(r->url);
	if (clean[0] == '/')
		r->url = ml_xasprintf("file://%s", clean);
	else if (clean[0] == '.')
		r->url = ml_xasprintf("file://%s", clean);
	else
		r->url = ml_xasprintf("file://./%s", clean);
	/* a `repo` file and no packages/ yet: an empty repository */
	if (dc->pfd >= 0) {
		ret = read_packages(r, dc, err);
		if (ret)
			goto out;
	}
	/* parsed files are kept per location; each file's stamp says if its parse holds */
	abs = realpath(clean, NULL);
	id = ml_xasprintf("dir:%s", abs ? abs : clean);
	r->key = ml_strdup(id);
	ml_repo_attach_cache(r, id, "stamps");
	*out = r;
	r = NULL;
out:
	ml_repo_free(r);
	free(marker);
	free(pkgs);
	free(clean);
	free(abs);
	free(id);
	return ret;
}
