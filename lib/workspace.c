#include "workspace.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "lock.h"
#include "ucache.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Caps against hostile or runaway trees and state files. */
#define WS_MAX_FILES 1000000
#define WS_MAX_DEPTH 256
#define WS_MAX_MANIFEST (256u << 20)
#define WS_MAX_LINK 4096

/*
 * Manifests: "monolock-manifest/2" adds to a file's line what the file looked like when its
 * digest was last found right (ml_workspace_status); "/1" manifests (no such field) are read
 * the same way, every file then being hashed.
 */
#define MANIFEST_MAGIC "monolock-manifest/2"
#define MANIFEST_MAGIC_V1 "monolock-manifest/1"
/*
 * "/3" adds "d - PATH STAMP" lines: the stamp of each directory of the tree ("." the top) when
 * its entries were last found to be exactly the manifest's. A directory's mtime and ctime
 * change whenever an entry is added, removed or renamed in it, so while every directory has
 * its recorded stamp the tree holds the manifest's names and no others: status then stats
 * each file instead of listing every directory. Written only with such lines.
 */
#define MANIFEST_MAGIC_V3 "monolock-manifest/3"
/*
 * The racy-stamp rule (as lib/repo.c's): file times come from a coarse clock, so a file changed
 * within this many seconds of a look may keep the times it had; such a stamp is never recorded.
 */
#define WS_RACY_SECONDS 2

struct ml_workspace {
	char *root;
	char *state; /* root/.monolock */
	int lock_fd;
	ml_ws_hash_fn hash;
	void *hash_ctx;
	bool unsynced; /* manifests prepared (and their trees staged) since the last syncfs */
	bool locked;   /* holds the workspace lock: may record stamps in manifests */
	/*
	 * The manifests a plan read whole for the directories it keeps, with their lstat: a
	 * pull that changes nothing then tells of edits (ml_workspace_status) without reading
	 * each again. Dropped by every change to manifests/ (commit, remove, adopt).
	 */
	struct memo *memo;
	size_t nmemo, memo_alloc;
	bool memo_sorted;
	unsigned memo_gen; /* bumped by memo_clear (struct ix_entry's plan_gen) */
	/* and what it found the workspace to hold (plan_present), valid with the memo */
	struct ml_strvec present;
	bool present_memo;
	/*
	 * The root and its manifests/, opened once (ws_open_fds; -1 when absent): a lookup
	 * per directory and file relative to them walks no path.
	 */
	int root_fd, man_fd;
	bool fds_open;
	struct ml_buf scratch; /* a manifest being read */
	/* the blocks of the manifests a plan reads (ws_arena_alloc), freed with the memo */
	struct ml_strvec arena;
	char *arena_cur;
	size_t arena_left;
	struct ml_buf relpath; /* a path relative to root being stat'ed */
	/* the manifest index (ix_get), read once; what a full status rewrites it with */
	struct ws_index *ix;
	bool ix_read, ix_bad;
	struct ix_rec *ixr;
	size_t nixr, ixr_alloc;
	struct ml_buf ix_fresh;
};

/*
 * What a file looks like without reading it: size, inode and times. A file whose stamp is
 * the one recorded with its digest (and that was not racy then) is trusted to still have it.
 */
struct fstamp {
	unsigned long long size, ino, mtime_s, mtime_ns, ctime_s, ctime_ns;
	bool set;
};

/* One file of a tree: 'f' regular, 'x' executable, 'l' symlink, 'o' anything else. */
struct entry {
	char *path;   /* relative */
	char *digest; /* manifest: hash (f, x) or link target (l); NULL while walking */
	char type;
	struct fstamp st; /* walking: from lstat; manifest: as recorded, if at all */
};

static struct fstamp fstamp_of(const struct stat *st)
{
	return (struct fstamp){ (unsigned long long)st->st_size,
				(unsigned long long)st->st_ino,
				(unsigned long long)st->st_mtim.tv_sec,
				(unsigned long long)st->st_mtim.tv_nsec,
				(unsigned long long)st->st_ctim.tv_sec,
				(unsigned long long)st->st_ctim.tv_nsec,
				true };
}

static bool fstamp_equal(const struct fstamp *a, const struct fstamp *b)
{
	return a->set && b->set && a->size == b->size && a->ino == b->ino &&
	       a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s &&
	       a->ctime_ns == b->ctime_ns;
}

/* Changed too close to `now` for its times to tell a later change apart. */
static bool fstamp_racy(const struct fstamp *a, time_t now)
{
	unsigned long long limit =
	    now > WS_RACY_SECONDS ? (unsigned long long)(now - WS_RACY_SECONDS) : 0;

	return a->mtime_s >= limit || a->ctime_s >= limit;
}

/* "size:ino:msec.mnsec:csec.cnsec" */
static bool fstamp_parse(struct fstamp *out, const char *f, size_t n)
{
	unsigned long long v[6];
	const char *p = f, *end = f + n;
	static const char seps[] = ":::.:.";

	for (int i = 0; i < 6; i++) {
		const char *tail = p;

		/* by hand: strtoull's locale and base handling cost more than the rest of a line */
		v[i] = 0;
		for (; tail < end && *tail >= '0' && *tail <= '9'; tail++) {
			unsigned d = (unsigned)(*tail - '0');

			if (v[i] > (~0ULL) / 10 || v[i] * 10 > ~0ULL - d)
				return false;
			v[i] = v[i] * 10 + d;
		}
		if (tail == p || (i < 5 && (tail == end || *tail != seps[i + 1])) ||
		    (i == 5 && tail != end))
			return false;
		p = tail + 1;
	}
	*out = (struct fstamp){ v[0], v[1], v[2], v[3], v[4], v[5], true };
	return true;
}

/* Appends " <stamp>" as fstamp_parse reads it. */
static void fstamp_add(struct ml_buf *out, const struct fstamp *t)
{
	ml_buf_addf(out, " %llu:%llu:%llu.%llu:%llu.%llu", t->size, t->ino, t->mtime_s, t->mtime_ns,
		    t->ctime_s, t->ctime_ns);
}

struct entries {
	struct entry *v;
	size_t n, alloc;
	/* v and its strings belong to a manifest's block (manifest_read): nothing to free */
	bool borrowed;
};

static void entries_release(struct entries *es)
{
	for (size_t i = 0; !es->borrowed && i < es->n; i++) {
		free(es->v[i].path);
		free(es->v[i].digest);
	}
	if (!es->borrowed)
		free(es->v);
	*es = (struct entries){ 0 };
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static char *state_path(const struct ml_workspace *ws, const char *sub, const char *dir)
{
	return ml_xasprintf("%s/%s/%s", ws->state, sub, dir);
}

/* ---- escaping: manifest fields are space-separated, so bytes <= ' ', DEL and '%' are %XX ---- */

static void escape(struct ml_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || *p == '%')
			ml_buf_addf(out, "%%%02X", *p);
		else
			ml_buf_addc(out, (char)*p);
	}
}

/* Decodes s[0..n) in place (never longer), NUL-terminated: s[n] is overwritten. */
static bool unescape_in_place(char *s, size_t n)
{
	char *o = memchr(s, '%', n);

	if (!o) {
		s[n] = '\0';
		return true;
	}
	for (size_t i = (size_t)(o - s); i < n; i++) {
		int hi, lo;

		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= n)
			return false;
		hi = ml_hexval(s[i + 1]);
		lo = ml_hexval(s[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return false;
		*o++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*o = '\0';
	return true;
}

/* Decodes s[0..n) into a fresh string; NULL when malformed. */
static char *unescape(const char *s, size_t n)
{
	struct ml_buf b = ML_BUF_INIT;

	if (!memchr(s, '%', n))
		return ml_strndup(s, n); /* most fields: a manifest has one per file */

	/* a key has a few escapes (the spaces): decoded in place, never longer than s */
	ml_buf_grow(&b, n);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			b.buf[b.len++] = s[i];
			continue;
		}
		if (i + 2 >= n) {
			ml_buf_release(&b);
			return NULL;
		}
		int hi = ml_hexval(s[i + 1]), lo = ml_hexval(s[i + 2]);

		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			ml_buf_release(&b);
			return NULL;
		}
		b.buf[b.len++] = (char)(hi * 16 + lo);
		i += 2;
	}
	b.buf[b.len] = '\0';
	return ml_buf_detach(&b, NULL);
}

/* ---- manifests ---- */

struct manifest {
	char *key;
	unsigned long long dev, ino; /* of the staged directory; 0 when not recorded */
	struct entries files;
	struct entries dirs; /* type 'd', sorted, "." the top; empty when not recorded */
	/*
	 * A manifest read whole: one allocation holding the entries' arrays and the text, in
	 * which the key, paths and digests are decoded in place (a no-op pull keeps 100,000
	 * manifests: a malloc per field was most of their cost). NULL: each is its own.
	 */
	void *block;
	bool in_arena; /* block is the workspace's (ws_arena_alloc): not freed here */
};

static void manifest_release(struct manifest *m)
{
	if (!m->block)
		free(m->key);
	m->key = NULL;
	entries_release(&m->files);
	entries_release(&m->dirs);
	if (!m->in_arena)
		free(m->block);
	m->block = NULL;
	m->in_arena = false;
}

/* Chunks double from 16 KiB to 1 MiB: a plan of one manifest does not pay for a megabyte. */
#define WS_ARENA_FIRST (16u << 10)
#define WS_ARENA_CHUNK (1u << 20)

/* n bytes (aligned for any entry) that live until the memo is cleared: no malloc each. */
static void *ws_arena_alloc(struct ml_workspace *ws, size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > ws->arena_left) {
		size_t size =
		    ws->arena.n < 6 ? (size_t)WS_ARENA_FIRST << ws->arena.n : WS_ARENA_CHUNK;

		if (size < n)
			size = n;

		ws->arena_cur = ml_malloc(size);
		ml_strvec_push_owned(&ws->arena, ws->arena_cur);
		ws->arena_left = size;
	}
	p = ws->arena_cur;
	ws->arena_cur += n;
	ws->arena_left -= n;
	return p;
}

/* Gives back what p, the last ws_arena_alloc, did not use past its first `used` bytes. */
static void ws_arena_trim(struct ml_workspace *ws, void *p, size_t used)
{
	size_t keep = (used + 15) & ~(size_t)15, had = (size_t)(ws->arena_cur - (char *)p);

	if (keep < had) {
		ws->arena_cur = (char *)p + keep;
		ws->arena_left += had - keep;
	}
}

static int bad_manifest(struct ml_error *err, const char *path, int line)
{
	return ml_error_setat(err, ML_EPARSE, path, line, 0, "malformed workspace manifest");
}

/* Splits the next space-separated field off [*p, end). */
static bool next_field(const char **p, const char *end, const char **f, size_t *n)
{
	const char *s = *p, *e;

	if (s >= end)
		return false;
	e = memchr(s, ' ', (size_t)(end - s));
	if (!e)
		e = end;
	if (e == s)
		return false;
	*f = s;
	*n = (size_t)(e - s);
	*p = e < end ? e + 1 : e;
	return true;
}

/* next_field in a text being decoded in place */
static bool next_fieldw(char **p, const char *end, char **f, size_t *n)
{
	const char *s = *p, *g;

	if (!next_field(&s, end, &g, n))
		return false;
	*p = (char *)s;
	*f = (char *)g;
	return true;
}

/*
 * The first two lines of a manifest (magic and key), read without stat and with as few reads
 * as they need: a no-op pull reads one per source. Over WS_MAX_MANIFEST is an error.
 */
static int read_head(struct ml_buf *out, const char *path, struct ml_error *err)
{
	/* a link or fifo in the state directory is not a manifest monolock wrote: absent */
	int fd = ml_fs_open_regular(path, err), ret = 0, lines = 0;
	size_t seen = 0;

	if (fd < 0)
		return fd;
	while (lines < 2) {
		ssize_t n;

		ml_buf_grow(out, 4096);
		n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		ml_buf_setlen(out, out->len + (size_t)n);
		for (; seen < out->len && lines < 2; seen++)
			if (out->buf[seen] == '\n')
				lines++;
		if (out->len > WS_MAX_MANIFEST) {
			ret = ml_error_set(err, ML_EIO, "'%s' is larger than %u bytes", path,
					   WS_MAX_MANIFEST);
			break;
		}
	}
	close(fd);
	return ret;
}

/* Copies s to *o, past which *o moves: the copy. */
static char *block_copy(char **o, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = memcpy(*o, s, n);

	*o += n;
	return d;
}

/* Where a manifest's errors point: path, or manifests/<name> (made once, when needed). */
static const char *mpath_of(char **tmp, const struct ml_workspace *ws, const char *name,
			    const char *path)
{
	if (path)
		return path;
	if (!*tmp)
		*tmp = state_path(ws, "manifests", name);
	return *tmp;
}

#define MANIFEST_PREFIX "monolock-manifest/"

/*
 * A whole manifest (name in dirfd), appended to out: open, read, close. A link is not
 * followed and a fifo not waited on; only what is not a whole manifest in one read (more
 * than a read, nothing, not a manifest, an error) is fstat'ed, and then must be a regular
 * file (else ML_ENOTFOUND, as absent) no larger than WS_MAX_MANIFEST.
 */
static int read_whole_at(struct ml_buf *out, int dirfd, const char *name, char **tmp,
			 const struct ml_workspace *ws, const char *path, struct fstamp *stamp,
			 struct ml_error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), ret = 0;
	bool checked = false;

	if (fd < 0) {
		if (errno == ELOOP)
			return ml_error_set(err, ML_ENOTFOUND, "'%s' is a link, not a regular file",
					    mpath_of(tmp, ws, name, path));
		return ml_error_errno(err, errno == ENOENT ? ML_ENOTFOUND : ML_EIO,
				      "cannot open '%s'", mpath_of(tmp, ws, name, path));
	}
	ml_buf_grow(out, 4096);
	for (;;) {
		ssize_t n;

		/* with stamp, the descriptor's stamp before any read: the text read is at least
		 * as new as the stamp (the manifest index keeps that pair) */
		n = stamp && !checked ? 0
				      : read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (!checked &&
		    (stamp || !(out->len == 0 && n >= (ssize_t)strlen(MANIFEST_PREFIX) &&
				(size_t)n < out->alloc - 1 &&
				!memcmp(out->buf, MANIFEST_PREFIX, strlen(MANIFEST_PREFIX))))) {
			struct stat st;

			checked = true;
			if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
				ret = ml_error_set(err, ML_ENOTFOUND, "'%s' is not a regular file",
						   mpath_of(tmp, ws, name, path));
				break;
			}
			if ((unsigned long long)st.st_size > WS_MAX_MANIFEST) {
				ret = ml_error_set(err, ML_EIO, "'%s' is larger than %u bytes",
						   mpath_of(tmp, ws, name, path), WS_MAX_MANIFEST);
				break;
			}
			if (stamp) {
				*stamp = fstamp_of(&st);
				continue;
			}
		}
		if (n < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'",
					     mpath_of(tmp, ws, name, path));
			break;
		}
		ml_buf_setlen(out, out->len + (size_t)n);
		if (out->len > WS_MAX_MANIFEST) {
			ret = ml_error_set(err, ML_EIO, "'%s' is larger than %u bytes",
					   mpath_of(tmp, ws, name, path), WS_MAX_MANIFEST);
			break;
		}
		/* a short read is the end; a full one (a large file, or one that grew) reads on */
		if (n == 0 || out->len < out->alloc - 1)
			break;
		ml_buf_grow(out, out->len);
	}
	close(fd);
	return ret;
}

/*
 * Reads manifest `name` in dirfd (-1: manifests/ could not be opened; AT_FDCWD: name is a
 * path); errors name path, or manifests/<name> when path is NULL. With keys_only, stops
 * after the header. ML_ENOTFOUND when absent.
 */
static int manifest_read_at(struct manifest *out, struct ml_workspace *ws, int dirfd,
			    const char *name, const char *path, bool keys_only, bool arena,
			    struct fstamp *stamp, struct ml_error *err)
{
	struct ml_buf *b = &ws->scratch;
	struct manifest m = { 0 };
	char *tmp = NULL, *p, *end;
	int ret, line = 0;

	ml_buf_reset(b);
	if (dirfd == -1) {
		dirfd = AT_FDCWD;
		name = mpath_of(&tmp, ws, name, path);
	}
	/* a link or fifo in the state directory is not a manifest monolock wrote: absent */
	ret = keys_only ? read_head(b, mpath_of(&tmp, ws, name, path), err)
			: read_whole_at(b, dirfd, name, &tmp, ws, path, stamp, err);
	if (ret)
		goto out;
	p = b->buf;
	end = b->buf + b->len;
	if (!keys_only) {
		/* arrays of the size they end up, and the strings, in one block (struct manifest):
		 * room for the whole text while the fields are decoded in place, in the scratch */
		size_t nf = 0, nd = 0, size;
		struct entry *v;

		for (const char *l = p; l < end;) {
			const char *nl = memchr(l, '\n', (size_t)(end - l));

			nd += *l == 'd';
			nf += *l == 'f' || *l == 'x' || *l == 'l';
			l = nl ? nl + 1 : end;
		}
		nf = nf < WS_MAX_FILES ? nf : WS_MAX_FILES;
		nd = nd < WS_MAX_FILES ? nd : WS_MAX_FILES;
		size = (nf + nd) * sizeof(struct entry) + b->len + 1;
		m.in_arena = arena;
		m.block = arena ? ws_arena_alloc(ws, size) : ml_malloc(size);
		v = m.block;
		m.files = (struct entries){ v, 0, nf, true };
		m.dirs = (struct entries){ v + nf, 0, nd, true };
	}
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *f, *q;
		size_t n;

		line++;
		if (!nl) {
			ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
			goto out;
		}
		q = p;
		if (line == 1) {
			size_t len = (size_t)(nl - p);

			if (!(len == strlen(MANIFEST_MAGIC) && !memcmp(p, MANIFEST_MAGIC, len)) &&
			    !(len == strlen(MANIFEST_MAGIC_V1) &&
			      !memcmp(p, MANIFEST_MAGIC_V1, len)) &&
			    !(len == strlen(MANIFEST_MAGIC_V3) &&
			      !memcmp(p, MANIFEST_MAGIC_V3, len))) {
				ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
				goto out;
			}
		} else if (!next_fieldw(&q, nl, &f, &n)) {
			ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
			goto out;
		} else if (n == 3 && !memcmp(f, "key", 3)) {
			if (m.key || !next_fieldw(&q, nl, &f, &n) || q != nl ||
			    !(keys_only ? (m.key = unescape(f, n)) != NULL
					: unescape_in_place(f, n) && (m.key = f))) {
				ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
				goto out;
			}
			if (keys_only)
				break;
		} else if (n == 5 && !memcmp(f, "inode", 5)) {
			char *tail;

			m.dev = strtoull(q, &tail, 10);
			if (*tail != ' ') {
				ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
				goto out;
			}
			m.ino = strtoull(tail + 1, &tail, 10);
			if (tail != nl) {
				ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
				goto out;
			}
		} else if (n == 1 && f[0] == 'd') {
			struct entry e = { NULL, NULL, 'd', { 0 } };
			char *sf;
			size_t sn;

			if (m.dirs.n >= WS_MAX_FILES || m.dirs.n >= m.dirs.alloc ||
			    !next_fieldw(&q, nl, &f, &n) || n != 1 || f[0] != '-' ||
			    !next_fieldw(&q, nl, &f, &n) || !next_fieldw(&q, nl, &sf, &sn) ||
			    q != nl || !fstamp_parse(&e.st, sf, sn) || !unescape_in_place(f, n)) {
				ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
				goto out;
			}
			e.path = f;
			m.dirs.v[m.dirs.n++] = e;
		} else if (n == 1 && strchr("fxl", f[0])) {
			struct entry e = { NULL, NULL, f[0], { 0 } };
			char *d, *sf;
			size_t dn, sn;

			if (m.files.n >= WS_MAX_FILES || m.files.n >= m.files.alloc ||
			    !next_fieldw(&q, nl, &d, &dn) || !next_fieldw(&q, nl, &f, &n) ||
			    (q != nl && (!next_fieldw(&q, nl, &sf, &sn) || q != nl ||
					 !fstamp_parse(&e.st, sf, sn))) ||
			    !unescape_in_place(d, dn) || !unescape_in_place(f, n)) {
				ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
				goto out;
			}
			e.digest = d;
			e.path = f;
			m.files.v[m.files.n++] = e;
		} else {
			ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
			goto out;
		}
		p = nl + 1;
	}
	if (!m.key) {
		ret = bad_manifest(err, mpath_of(&tmp, ws, name, path), line);
		goto out;
	}
	if (m.block) {
		/* the decoded strings only, after the arrays: a plan keeps 100,000 of these */
		char *o = (char *)(m.files.v + m.files.alloc + m.dirs.alloc);

		m.key = block_copy(&o, m.key);
		for (size_t i = 0; i < m.files.n; i++) {
			m.files.v[i].path = block_copy(&o, m.files.v[i].path);
			m.files.v[i].digest = block_copy(&o, m.files.v[i].digest);
		}
		for (size_t i = 0; i < m.dirs.n; i++)
			m.dirs.v[i].path = block_copy(&o, m.dirs.v[i].path);
		if (m.in_arena)
			ws_arena_trim(ws, m.block, (size_t)(o - (char *)m.block));
	}
	/* written sorted: sorted again only when it is not */
	for (size_t i = 1; i < m.files.n; i++)
		if (strcmp(m.files.v[i - 1].path, m.files.v[i].path) > 0) {
			qsort(m.files.v, m.files.n, sizeof(*m.files.v), entry_cmp);
			break;
		}
	for (size_t i = 1; i < m.dirs.n; i++)
		if (strcmp(m.dirs.v[i - 1].path, m.dirs.v[i].path) > 0) {
			qsort(m.dirs.v, m.dirs.n, sizeof(*m.dirs.v), entry_cmp);
			break;
		}
	*out = m;
	m = (struct manifest){ 0 };
out:
	manifest_release(&m);
	free(tmp);
	return ret;
}

static int manifest_read(struct manifest *out, struct ml_workspace *ws, const char *path,
			 bool keys_only, struct ml_error *err)
{
	return manifest_read_at(out, ws, AT_FDCWD, path, path, keys_only, false, NULL, err);
}

static void manifest_format(struct ml_buf *out, const struct manifest *m)
{
	ml_buf_adds(out, m->dirs.n ? MANIFEST_MAGIC_V3 "\nkey " : MANIFEST_MAGIC "\nkey ");
	escape(out, m->key);
	ml_buf_addf(out, "\ninode %llu %llu\n", m->dev, m->ino);
	for (size_t i = 0; i < m->dirs.n; i++) {
		ml_buf_adds(out, "d - ");
		escape(out, m->dirs.v[i].path);
		fstamp_add(out, &m->dirs.v[i].st);
		ml_buf_addc(out, '\n');
	}
	for (size_t i = 0; i < m->files.n; i++) {
		ml_buf_addc(out, m->files.v[i].type);
		ml_buf_addc(out, ' ');
		escape(out, m->files.v[i].digest);
		ml_buf_addc(out, ' ');
		escape(out, m->files.v[i].path);
		if (m->files.v[i].st.set)
			fstamp_add(out, &m->files.v[i].st);
		ml_buf_addc(out, '\n');
	}
}

/*
 * Writes through a temporary file and rename: a kill leaves the old or the new file. Not
 * synced here: the caller makes it durable with the staged trees, in one syncfs.
 */
static int write_file(const char *path, const char *data, size_t len, struct ml_error *err)
{
	char *tmp = ml_xasprintf("%s.tmp", path);
	int fd, ret = 0;
	size_t off = 0;

	/* whatever was left there (a link planted in a committed .monolock/) is not written
	 * through: the entry goes, and the file is created afresh */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", tmp);
		goto out;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", tmp);
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 && !ret)
		ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", tmp);
	if (!ret && rename(tmp, path) < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s' to '%s'", tmp, path);
	if (ret)
		unlink(tmp);
out:
	free(tmp);
	return ret;
}

/*
 * rename(2) of a pending manifest into manifests/: a directory planted there (it is not a
 * manifest monolock wrote) is removed first, without following anything, rather than fail
 * every pull.
 */
static int rename_manifest(const char *pend, const char *final)
{
	struct stat st;

	if (lstat(final, &st) == 0 && S_ISDIR(st.st_mode))
		ml_fs_remove_tree(final, NULL);
	return rename(pend, final);
}

/* ---- walking trees ---- */

static int walk(struct entries *out, struct entries *dirs, const struct stat *self,
		struct ml_buf *abs, size_t rootlen, int depth, bool drop_git, struct ml_error *err);

/* walk_tree, with each directory in dirs (sorted) when dirs is given; top: root's stat. */
static int walk_tree_dirs(struct entries *out, struct entries *dirs, const struct stat *top,
			  const char *root, bool drop_git, struct ml_error *err)
{
	struct ml_buf abs = ML_BUF_INIT;
	int ret;

	ml_buf_adds(&abs, root);
	ret = walk(out, dirs, top, &abs, abs.len, 0, drop_git, err);
	ml_buf_release(&abs);
	if (!ret && out->n)
		qsort(out->v, out->n, sizeof(*out->v), entry_cmp);
	if (!ret && dirs && dirs->n)
		qsort(dirs->v, dirs->n, sizeof(*dirs->v), entry_cmp);
	return ret;
}

/*
 * Appends every non-directory below abs (relative paths after rootlen) to out. With
 * drop_git, removes `.git` entries anywhere and `duniverse` at the top instead. With dirs,
 * appends each directory too (type 'd', "." the top), with its stamp `self` taken before it
 * is listed: a change after the stat shows as a stamp that is no longer the recorded one.
 */
static int walk(struct entries *out, struct entries *dirs, const struct stat *self,
		struct ml_buf *abs, size_t rootlen, int depth, bool drop_git, struct ml_error *err)
{
	DIR *d = NULL;
	struct dirent *de;
	size_t len = abs->len;
	int ret = 0;

	if (depth > WS_MAX_DEPTH)
		return ml_error_set(err, ML_EUNSAFE, "'%s': directories nested too deep", abs->buf);
	d = opendir(abs->buf);
	if (!d)
		return ml_error_errno(err, ML_EIO, "cannot open directory '%s'", abs->buf);
	if (dirs) {
		ML_ALLOC_GROW(dirs->v, dirs->n + 1, dirs->alloc);
		dirs->v[dirs->n++] =
		    (struct entry){ ml_strdup(abs->len > rootlen ? abs->buf + rootlen + 1 : "."),
				    NULL, 'd', self ? fstamp_of(self) : (struct fstamp){ 0 } };
	}
	while ((de = readdir(d))) {
		struct stat st;
		char type;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		ml_buf_setlen(abs, len);
		ml_buf_addc(abs, '/');
		ml_buf_adds(abs, de->d_name);
		if (drop_git && (!strcmp(de->d_name, ".git") ||
				 (depth == 0 && !strcmp(de->d_name, "duniverse")))) {
			ret = ml_fs_remove_tree(abs->buf, err);
			if (ret)
				goto out;
			continue;
		}
		/* relative to the directory open: no walk of the whole path for each file */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", abs->buf);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			ret = walk(out, dirs, &st, abs, rootlen, depth + 1, drop_git, err);
			if (ret)
				goto out;
			continue;
		}
		if (S_ISREG(st.st_mode))
			type = (st.st_mode & S_IXUSR) ? 'x' : 'f';
		else if (S_ISLNK(st.st_mode))
			type = 'l';
		else
			type = 'o';
		if (out->n >= WS_MAX_FILES) {
			ret = ml_error_set(err, ML_EUNSAFE, "'%s': more than %d files", abs->buf,
					   WS_MAX_FILES);
			goto out;
		}
		ML_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] =
		    (struct entry){ ml_strdup(abs->buf + rootlen + 1), NULL, type, fstamp_of(&st) };
	}
out:
	ml_buf_setlen(abs, len);
	closedir(d);
	return ret;
}

static int walk_tree(struct entries *out, const char *root, bool drop_git, struct ml_error *err)
{
	return walk_tree_dirs(out, NULL, NULL, root, drop_git, err);
}

/* The digest recorded for an entry at abs: the file's hash, or a link's target. */
static int digest_of(char **out, struct ml_workspace *ws, const char *abs, char type,
		     struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int ret = 0;

	if (type == 'l') {
		ml_buf_grow(&b, WS_MAX_LINK);
		ssize_t n = readlink(abs, b.buf, WS_MAX_LINK);

		if (n < 0 || n >= WS_MAX_LINK) {
			ret = n < 0 ? ml_error_errno(err, ML_EIO, "cannot read link '%s'", abs)
				    : ml_error_set(err, ML_EUNSAFE, "'%s': link target too long",
						   abs);
			goto out;
		}
		ml_buf_setlen(&b, (size_t)n);
		if (!n) {
			ret = ml_error_set(err, ML_EUNSAFE, "'%s': empty link", abs);
			goto out;
		}
	} else {
		ret = ws->hash(ws->hash_ctx, abs, &b, err);
		if (ret)
			goto out;
		if (!b.len) {
			ret = ml_error_set(err, ML_ERROR, "'%s': empty hash", abs);
			goto out;
		}
	}
	/* a copy, not the buffer: a link's buffer holds WS_MAX_LINK bytes, kept per entry */
	*out = ml_strndup(b.buf, b.len);
out:
	ml_buf_release(&b);
	return ret;
}

/* ---- the manifest index ---- */

/*
 * .monolock/index: the manifests in one file, for a status or a no-op pull to read one file
 * instead of one per directory (at 100,000 sources, 300,000 syscalls and 45 MB fewer). A cache,
 * machine-local, never the truth, and deleting it is always safe: an entry stands for its
 * directory's manifest only while one fstatat of the manifest finds the stamp the entry records
 * (size, inode, mtime, ctime: taken from the descriptor the manifest was read through, before
 * reading it) and that stamp is older than the racy window; else the manifest is read. An index
 * that is not a regular file, is over INDEX_MAX, fails its checksum or any check below is
 * ignored whole (and rewritten by the next full, locked status): never an error, never followed.
 *
 *   monolock-index/1 <16 hex digits>\n      ml_ucache_hash (seed INDEX_SEED) of what follows
 *   D <dir> <manifest stamp> <key>\n        a directory's entry; entries sorted by dir
 *   d <path> <stamp>\n                      its manifest's directory stamps: "." first, sorted
 *   f|x|l <path> <stamp>\n                  its manifest's files and their stamps, sorted
 *
 * Fields are escaped as in manifests; every path is relative ('/'-separated, no empty, "." or
 * ".." component) and its parent is one of the entry's directories. No digest is kept: an
 * entry only tells that a directory is exactly its manifest's (every stamp as recorded); any
 * difference reads the manifest, which decides.
 */
#define INDEX_MAGIC "monolock-index/1 "
#define INDEX_HEAD (sizeof(INDEX_MAGIC) - 1 + 16 + 1)
#define INDEX_MAX (256u << 20)
#define INDEX_MAX_KEY (1u << 20)
#define INDEX_SEED 0x6d6c2d696e646578ULL

struct ix_entry {
	const char *dir;
	struct fstamp mst; /* the manifest's */
	struct manifest m; /* key, dirs and files without digests, borrowed from the index */
	/* kept by the plan of memo generation plan_gen, which found it valid and the directory
	 * with stamp top: the status that follows checks its files (a memo each cost more) */
	unsigned plan_gen;
	struct fstamp top;
};

struct ws_index {
	char *text; /* the file, decoded in place */
	struct entry *pool;
	struct ix_entry *v;
	size_t n, cur;
};

/* What a rewritten index holds, in order: an entry kept, or a new one in ws->ix_fresh. */
struct ix_rec {
	const struct ix_entry *old;
	size_t off, len;
};

static void ix_free(struct ws_index *ix)
{
	if (!ix)
		return;
	free(ix->text);
	free(ix->pool);
	free(ix->v);
	free(ix);
}

/* A relative path of a tree: no empty, "." or ".." component, at most WS_MAX_LINK bytes. */
static bool ix_relpath_ok(const char *p)
{
	size_t n = strlen(p);

	if (!n || n >= WS_MAX_LINK)
		return false;
	for (const char *c = p; c <= p + n;) {
		const char *e = strchr(c, '/');
		size_t k = e ? (size_t)(e - c) : strlen(c);

		if (!k || (k == 1 && c[0] == '.') || (k == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += k + 1;
	}
	return true;
}

/* Whether sorted dirs[0..n) holds the parent of path ("." for a top-level one). */
static bool ix_has_parent(const struct entry *dirs, size_t n, const char *path)
{
	const char *slash = strrchr(path, '/');
	char parent[WS_MAX_LINK];
	size_t lo = 0, hi = n, len = slash ? (size_t)(slash - path) : 1;

	if (len >= sizeof(parent))
		return false;
	memcpy(parent, slash ? path : ".", len);
	parent[len] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(dirs[mid].path, parent);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * Whether m can stand in an index as it is: a key, "." first of its directories, paths as
 * ix_relpath_ok says, strictly sorted, each under one of the directories, every file stamped.
 * The reader applies it to what it parsed, the writer to each manifest before it is added.
 */
static bool ix_manifest_ok(const struct manifest *m)
{
	if (!m->key || !*m->key || strlen(m->key) > INDEX_MAX_KEY || !m->dirs.n ||
	    strcmp(m->dirs.v[0].path, "."))
		return false;
	for (size_t i = 1; i < m->dirs.n; i++)
		if (!ix_relpath_ok(m->dirs.v[i].path) ||
		    strcmp(m->dirs.v[i - 1].path, m->dirs.v[i].path) >= 0 ||
		    !ix_has_parent(m->dirs.v, i, m->dirs.v[i].path) || !m->dirs.v[i].st.set)
			return false;
	for (size_t i = 0; i < m->files.n; i++)
		if (!ix_relpath_ok(m->files.v[i].path) || !m->files.v[i].st.set ||
		    !strchr("fxl", m->files.v[i].type) ||
		    (i && strcmp(m->files.v[i - 1].path, m->files.v[i].path) >= 0) ||
		    !ix_has_parent(m->dirs.v, m->dirs.n, m->files.v[i].path))
			return false;
	return m->dirs.v[0].st.set;
}

/* Appends the entry of dir, whose manifest m had stamp mst. */
static void ix_format(struct ml_buf *out, const char *dir, const struct fstamp *mst,
		      const struct manifest *m)
{
	ml_buf_adds(out, "D ");
	escape(out, dir);
	fstamp_add(out, mst);
	ml_buf_addc(out, ' ');
	escape(out, m->key);
	ml_buf_addc(out, '\n');
	for (size_t i = 0; i < m->dirs.n; i++) {
		ml_buf_adds(out, "d ");
		escape(out, m->dirs.v[i].path);
		fstamp_add(out, &m->dirs.v[i].st);
		ml_buf_addc(out, '\n');
	}
	for (size_t i = 0; i < m->files.n; i++) {
		ml_buf_addc(out, m->files.v[i].type);
		ml_buf_addc(out, ' ');
		escape(out, m->files.v[i].path);
		fstamp_add(out, &m->files.v[i].st);
		ml_buf_addc(out, '\n');
	}
}

/* Parses text (len bytes, NUL-terminated, decoded in place) into out; false when it is not a
 * whole, valid index. */
static bool ix_parse(struct ws_index *out, char *text, size_t len)
{
	char *p = text + INDEX_HEAD, *end = text + len;
	size_t ne = 0, np = 0, k = 0;
	struct ix_entry *e = NULL;
	char hex[17];

	/* a NUL would cut a field short of what the checks saw */
	if (len < INDEX_HEAD || memcmp(text, INDEX_MAGIC, strlen(INDEX_MAGIC)) ||
	    text[INDEX_HEAD - 1] != '\n' || memchr(text, '\0', len))
		return false;
	snprintf(hex, sizeof(hex), "%016llx",
		 (unsigned long long)ml_ucache_hash(p, (size_t)(end - p), INDEX_SEED));
	if (memcmp(text + strlen(INDEX_MAGIC), hex, 16))
		return false;
	if (p < end && end[-1] != '\n')
		return false;
	for (const char *l = p; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));

		ne += *l == 'D';
		np += *l != 'D';
		l = nl + 1;
	}
	if (ne > WS_MAX_FILES || np > (size_t)WS_MAX_FILES * 4)
		return false;
	out->v = ml_calloc(ne ? ne : 1, sizeof(*out->v));
	out->pool = ml_calloc(np ? np : 1, sizeof(*out->pool));
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p, *f, *g, *h;
		size_t n, gn, hn;

		if (!next_fieldw(&q, nl, &f, &n) || n != 1 || !next_fieldw(&q, nl, &g, &gn) ||
		    !next_fieldw(&q, nl, &h, &hn))
			return false;
		if (f[0] == 'D') {
			char *key;
			size_t kn;

			if (!next_fieldw(&q, nl, &key, &kn) || q != nl ||
			    (e && !ix_manifest_ok(&e->m)))
				return false;
			e = &out->v[out->n++];
			e->m.dirs = (struct entries){ out->pool + k, 0, 0, true };
			e->m.files = (struct entries){ out->pool + k, 0, 0, true };
			e->m.block = text;
			e->m.in_arena = true;
			if (!unescape_in_place(g, gn) || ml_lock_check_dir(g, NULL) ||
			    (out->n > 1 && strcmp(out->v[out->n - 2].dir, g) >= 0) ||
			    !fstamp_parse(&e->mst, h, hn) || !unescape_in_place(key, kn))
				return false;
			e->dir = g;
			e->m.key = key;
		} else {
			struct fstamp t;

			if (!e || q != nl || !strchr("dfxl", f[0]) ||
			    (f[0] == 'd' && e->m.files.n) || !unescape_in_place(g, gn) ||
			    !fstamp_parse(&t, h, hn))
				return false;
			out->pool[k++] = (struct entry){ g, NULL, f[0], t };
			if (f[0] == 'd') {
				e->m.dirs.n++;
				e->m.files.v++;
			} else {
				e->m.files.n++;
			}
		}
		p = nl + 1;
	}
	return !e || ix_manifest_ok(&e->m);
}

/* The workspace's index, read once; NULL when there is none that can be trusted. */
static struct ws_index *ix_get(struct ml_workspace *ws)
{
	struct ml_buf b = ML_BUF_INIT;
	char *path;
	struct ws_index *ix;

	if (ws->ix_read)
		return ws->ix;
	ws->ix_read = true;
	path = ml_path_join(ws->state, "index");
	/* a link, fifo, directory or device is not read (nor waited on): as absent */
	if (ml_fs_read_regular(&b, path, INDEX_MAX, NULL) == 0) {
		size_t len = b.len;

		ix = ml_calloc(1, sizeof(*ix));
		ix->text = ml_buf_detach(&b, NULL);
		if (ix_parse(ix, ix->text, len))
			ws->ix = ix;
		else
			ix_free(ix);
	}
	ws->ix_bad = !ws->ix && ml_fs_exists(path);
	ml_buf_release(&b);
	free(path);
	return ws->ix;
}

/* dir's entry (the lookups come in order: the next one is tried first). */
static struct ix_entry *ix_find(struct ws_index *ix, const char *dir)
{
	size_t lo = 0, hi;

	if (!ix || !ix->n)
		return NULL;
	if (ix->cur < ix->n && !strcmp(ix->v[ix->cur].dir, dir))
		return &ix->v[ix->cur++];
	hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->v[mid].dir, dir);

		if (!c) {
			ix->cur = mid + 1;
			return &ix->v[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Whether e still stands for its manifest: one fstatat finds the stamp it records, not racy. */
static bool ix_valid(const struct ml_workspace *ws, const struct ix_entry *e, time_t now)
{
	struct stat st;
	struct fstamp have;

	if (ws->man_fd < 0 || fstamp_racy(&e->mst, now) ||
	    fstatat(ws->man_fd, e->dir, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return false;
	have = fstamp_of(&st);
	return fstamp_equal(&have, &e->mst);
}

/* ---- what a plan read, for the status that follows it ---- */

struct memo {
	char *dir;
	struct stat st;
	struct manifest m;
	struct fstamp mst; /* m's stamp as read, when taken (for the index) */
};

static void memo_clear(struct ml_workspace *ws)
{
	for (size_t i = 0; i < ws->nmemo; i++) {
		free(ws->memo[i].dir);
		manifest_release(&ws->memo[i].m);
	}
	free(ws->memo);
	ws->memo = NULL;
	ws->nmemo = ws->memo_alloc = 0;
	ws->memo_gen++;
	ws->memo_sorted = true;
	ml_strvec_release(&ws->present);
	ws->present_memo = false;
	ml_strvec_release(&ws->arena);
	ws->arena_cur = NULL;
	ws->arena_left = 0;
}

/* Takes m's contents (mst: its stamp as read, or unset). */
static void memo_put(struct ml_workspace *ws, const char *dir, const struct stat *st,
		     struct manifest *m, const struct fstamp *mst)
{
	ML_ALLOC_GROW(ws->memo, ws->nmemo + 1, ws->memo_alloc);
	ws->memo[ws->nmemo++] = (struct memo){ ml_strdup(dir), *st, *m, *mst };
	*m = (struct manifest){ 0 };
	ws->memo_sorted = false;
}

static int memo_cmp(const void *a, const void *b)
{
	return strcmp(((const struct memo *)a)->dir, ((const struct memo *)b)->dir);
}

static struct memo *memo_get(struct ml_workspace *ws, const char *dir)
{
	struct memo key = { .dir = (char *)dir };

	if (!ws->nmemo)
		return NULL;
	if (!ws->memo_sorted) {
		ml_sort_once(ws->memo, ws->nmemo, sizeof(*ws->memo), memo_cmp);
		ws->memo_sorted = true;
	}
	return bsearch(&key, ws->memo, ws->nmemo, sizeof(*ws->memo), memo_cmp);
}

/* Opens root and its manifests/ once (O_PATH), for the lookups of plan and status. */
static void ws_open_fds(struct ml_workspace *ws)
{
	if (ws->fds_open)
		return;
	ws->fds_open = true;
	ws->root_fd = open(ws->root, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (ws->root_fd >= 0)
		ws->man_fd = openat(ws->root_fd, ".monolock/manifests",
				    O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* lstat(2) of rel, a path relative to the root. */
static int ws_lstat(struct ml_workspace *ws, const char *rel, struct stat *st)
{
	char *path;
	int r;

	if (ws->root_fd >= 0)
		return fstatat(ws->root_fd, rel, st, AT_SYMLINK_NOFOLLOW);
	path = ml_path_join(ws->root, rel);
	r = lstat(path, st);
	free(path);
	return r;
}

/* ---- open, recover, free ---- */

/* A rename into manifests/ is durable once the directory is synced. */
static int sync_manifests(const struct ml_workspace *ws, struct ml_error *err)
{
	char *dir = ml_path_join(ws->state, "manifests");
	int ret = ml_fs_fsync_path(dir, err);

	free(dir);
	return ret;
}

static int stat_ino(const char *path, unsigned long long *dev, unsigned long long *ino)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -1;
	*dev = (unsigned long long)st.st_dev;
	*ino = (unsigned long long)st.st_ino;
	return 0;
}

static int list_dir(struct ml_strvec *out, const char *path, struct ml_error *err)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		return ml_error_errno(err, ML_EIO, "cannot open directory '%s'", path);
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ml_strvec_push(out, de->d_name);
	}
	closedir(d);
	ml_strvec_sort(out);
	return 0;
}

/*
 * Completes what an interrupted run left: a pending manifest whose directory made it into
 * the workspace is committed (or its staged directory is moved in, when the workspace one is
 * missing: a swap interrupted half-way); a directory set aside is restored when the
 * workspace lacks it and a manifest still claims it; everything else is discarded.
 */
static int recover(struct ml_workspace *ws, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	struct manifest m = { 0 };
	int ret;

	{
		char *pending = ml_path_join(ws->state, "pending");

		ret = list_dir(&names, pending, err);
		free(pending);
		if (ret)
			goto out;
	}
	for (size_t i = 0; i < names.n; i++) {
		const char *dir = names.v[i];
		char *pend = state_path(ws, "pending", dir);
		char *final = state_path(ws, "manifests", dir);
		char *stag = state_path(ws, "staging", dir);
		char *target = ml_path_join(ws->root, dir);
		unsigned long long dev, ino;
		struct ml_error ignored = ML_ERROR_INIT;

		if (ml_lock_check_dir(dir, NULL) || manifest_read(&m, ws, pend, false, &ignored) ||
		    !m.ino) {
			unlink(pend);
		} else if (!stat_ino(target, &dev, &ino) && dev == m.dev && ino == m.ino) {
			if (rename_manifest(pend, final) < 0)
				ret = ml_error_errno(err, ML_EIO, "cannot rename '%s'", pend);
			else
				ret = sync_manifests(ws, err);
		} else if (stat_ino(target, &dev, &ino) && !stat_ino(stag, &dev, &ino) &&
			   dev == m.dev && ino == m.ino) {
			if (rename(stag, target) < 0 || rename_manifest(pend, final) < 0)
				ret = ml_error_errno(err, ML_EIO, "cannot complete '%s'", target);
			else if (!(ret = ml_fs_fsync_path(ws->root, err)))
				ret = sync_manifests(ws, err);
		} else {
			unlink(pend);
		}
		manifest_release(&m);
		ml_error_release(&ignored);
		free(pend);
		free(final);
		free(stag);
		free(target);
		if (ret)
			goto out;
	}
	ml_strvec_release(&names);

	{
		char *aside = ml_path_join(ws->state, "aside");

		ret = list_dir(&names, aside, err);
		free(aside);
		if (ret)
			goto out;
	}
	for (size_t i = 0; i < names.n && !ret; i++) {
		const char *dir = names.v[i];
		char *side = state_path(ws, "aside", dir);
		char *final = state_path(ws, "manifests", dir);
		char *target = ml_path_join(ws->root, dir);

		if (!ml_lock_check_dir(dir, NULL) && !ml_fs_exists(target) && ml_fs_exists(final)) {
			if (rename(side, target) < 0)
				ret = ml_error_errno(err, ML_EIO, "cannot restore '%s'", target);
			else
				ret = ml_fs_fsync_path(ws->root, err);
		} else {
			ret = ml_fs_remove_tree(side, err);
		}
		free(side);
		free(final);
		free(target);
	}
	if (ret)
		goto out;
	{
		char *staging = ml_path_join(ws->state, "staging");

		ret = ml_fs_remove_tree(staging, err);
		if (!ret)
			ret = ml_fs_mkdirs(staging, 0755, err);
		free(staging);
	}
out:
	manifest_release(&m);
	ml_strvec_release(&names);
	return ret;
}

static const char *const state_subs[] = { "manifests", "pending", "staging", "aside" };

/* ML_EUNSAFE for a workspace monolock will not touch, saying what to do about it. */
static int foreign(struct ml_error *err, const char *root, const char *what)
{
	return ml_error_set(err, ML_EUNSAFE,
			    "'%s' %s: pull changes only a workspace it made; move it away (e.g. "
			    "`mv %s %s.old`) and pull again",
			    root, what, root, root);
}

/*
 * Whether root is a workspace monolock may change: absent, an empty directory, or a real
 * directory holding monolock's real state directory. Nothing is followed: with a link at
 * root or in its state, every removal would happen wherever the link leads.
 */
static int check_root(const char *root, const char *state, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	struct stat st;
	int ret = 0;

	if (lstat(root, &st) < 0)
		return errno == ENOENT ? 0 : ml_error_errno(err, ML_EIO, "cannot stat '%s'", root);
	if (S_ISLNK(st.st_mode))
		return foreign(err, root, "is a symbolic link, not a directory");
	if (!S_ISDIR(st.st_mode))
		return foreign(err, root, "is not a directory");
	if (lstat(state, &st) < 0) {
		if (errno != ENOENT)
			return ml_error_errno(err, ML_EIO, "cannot stat '%s'", state);
		ret = list_dir(&names, root, err);
		if (!ret && names.n)
			ret = foreign(err, root,
				      "is not empty and was not written by monolock (it has no "
				      ".monolock/)");
		ml_strvec_release(&names);
		return ret;
	}
	if (!S_ISDIR(st.st_mode))
		return foreign(err, root,
			       S_ISLNK(st.st_mode) ? "has a .monolock that is a link"
						   : "has a .monolock that is not a "
						     "directory");
	for (size_t i = 0; i < ML_ARRAY_SIZE(state_subs); i++) {
		char *p = ml_path_join(state, state_subs[i]);

		if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode))
			ret = ml_error_set(err, ML_EUNSAFE,
					   "'%s' is not a directory monolock made (%s): remove it "
					   "and pull again",
					   p, S_ISLNK(st.st_mode) ? "a link" : "not a directory");
		free(p);
		if (ret)
			return ret;
	}
	return 0;
}

/* The pid a lock's holder wrote into it ("1234\n"), or 0. */
static long lock_holder(int fd)
{
	char buf[24];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return ml_parse_long(buf, 1, 1L << 30, &pid) ? 0 : pid;
}

int ml_workspace_open(struct ml_workspace **out, const char *root, ml_ws_hash_fn hash,
		      void *hash_ctx, struct ml_error *err)
{
	return ml_workspace_open_wait(out, root, hash, hash_ctx, NULL, NULL, err);
}

int ml_workspace_open_wait(struct ml_workspace **out, const char *root, ml_ws_hash_fn hash,
			   void *hash_ctx, ml_ws_wait_fn on_wait, void *wait_ctx,
			   struct ml_error *err)
{
	struct ml_workspace *ws = ml_calloc(1, sizeof(*ws));
	char *lockpath = NULL;
	int ret;

	ws->root = ml_strdup(root);
	ws->state = ml_path_join(root, ".monolock");
	ws->lock_fd = ws->root_fd = ws->man_fd = -1;
	ml_buf_init(&ws->scratch);
	ml_buf_init(&ws->relpath);
	ml_buf_init(&ws->ix_fresh);
	ws->hash = hash;
	ws->hash_ctx = hash_ctx;
	ret = check_root(ws->root, ws->state, err);
	if (ret)
		goto out;
	for (size_t i = 0; i < ML_ARRAY_SIZE(state_subs); i++) {
		char *p = ml_path_join(ws->state, state_subs[i]);

		ret = ml_fs_mkdirs(p, 0755, err);
		free(p);
		if (ret)
			goto out;
	}
	lockpath = ml_path_join(ws->state, "lock");
	ws->lock_fd = ml_fs_open_lock(lockpath, err);
	if (ws->lock_fd < 0) {
		ret = ws->lock_fd;
		goto out;
	}
	if (flock(ws->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK) {
			ret = ml_error_errno(err, ML_EIO, "cannot lock '%s'", lockpath);
			goto out;
		}
		if (on_wait)
			on_wait(wait_ctx, lock_holder(ws->lock_fd));
		while (flock(ws->lock_fd, LOCK_EX) < 0) {
			if (errno == EINTR && ml_interrupted()) {
				ret = ml_error_set(err, ML_EINTR,
						   "interrupted while waiting for '%s'", lockpath);
				goto out;
			}
			if (errno != EINTR) {
				ret = ml_error_errno(err, ML_EIO, "cannot lock '%s'", lockpath);
				goto out;
			}
		}
	}
	ws->locked = true;
	{
		/* who holds it, for the next one to say whom it waits for (best effort) */
		char pid[24];
		int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());

		if (ftruncate(ws->lock_fd, 0) == 0 && pwrite(ws->lock_fd, pid, (size_t)n, 0) < 0)
			errno = 0;
	}
	ret = recover(ws, err);
out:
	free(lockpath);
	if (ret)
		ml_workspace_free(ws);
	else
		*out = ws;
	return ret;
}

void ml_workspace_free(struct ml_workspace *ws)
{
	if (!ws)
		return;
	if (ws->lock_fd >= 0)
		close(ws->lock_fd);
	if (ws->root_fd >= 0)
		close(ws->root_fd);
	if (ws->man_fd >= 0)
		close(ws->man_fd);
	memo_clear(ws);
	ml_buf_release(&ws->scratch);
	ml_buf_release(&ws->relpath);
	ix_free(ws->ix);
	free(ws->ixr);
	ml_buf_release(&ws->ix_fresh);
	free(ws->root);
	free(ws->state);
	free(ws);
}

const char *ml_workspace_root(const struct ml_workspace *ws)
{
	return ws->root;
}

char *ml_workspace_source_key(const struct ml_lock_source *src, unsigned flags)
{
	struct ml_buf b = ML_BUF_INIT;
	struct ml_strvec sums = ML_STRVEC_INIT;

	size_t size =
	    64 + (src->url ? strlen(src->url) : 0) + (src->commit ? strlen(src->commit) : 0);

	/* one per source on every pull: no formatting, no copy of a single checksum, one
	 * allocation when the key has a few checksums and no patches */
	for (size_t i = 0; i < src->checksums.n; i++)
		size += strlen(src->checksums.v[i]) + 1;
	ml_buf_grow(&b, size);
	ml_buf_adds(&b, "url=");
	ml_buf_adds(&b, src->url ? src->url : "");
	if (src->commit) {
		ml_buf_adds(&b, " commit=");
		ml_buf_adds(&b, src->commit);
		if (flags & ML_WS_KEEP_GIT)
			ml_buf_adds(&b, " keep-git");
	}
	if (src->checksums.n > 1) {
		for (size_t i = 0; i < src->checksums.n; i++)
			ml_strvec_push(&sums, src->checksums.v[i]);
		ml_strvec_sort(&sums);
	}
	for (size_t i = 0; i < src->checksums.n; i++) {
		ml_buf_addc(&b, ' ');
		ml_buf_adds(&b, sums.n ? sums.v[i] : src->checksums.v[i]);
	}
	ml_strvec_release(&sums);
	/* the saved patches are part of the content: a changed patch re-stages the directory */
	for (size_t i = 0; i < src->patch_sha256.n; i++) {
		ml_buf_adds(&b, i ? "," : " patches=");
		ml_buf_adds(&b, src->patch_sha256.v[i]);
	}
	return ml_buf_detach(&b, NULL);
}

int ml_workspace_key(char **out, struct ml_workspace *ws, const char *dir, struct ml_error *err)
{
	struct manifest m = { 0 };
	char *mpath;
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		return ret;
	mpath = state_path(ws, "manifests", dir);
	ret = manifest_read(&m, ws, mpath, true, err);
	if (!ret) {
		*out = m.key;
		m.key = NULL;
	}
	manifest_release(&m);
	free(mpath);
	return ret;
}

int ml_workspace_adopt(struct ml_workspace *ws, const char *dir, const char *key,
		       struct ml_error *err)
{
	struct manifest m = { 0 };
	struct ml_buf text = ML_BUF_INIT;
	char *target = NULL, *pend = NULL, *final = NULL, *abs = NULL;
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		return ret;
	memo_clear(ws);
	target = ml_path_join(ws->root, dir);
	pend = state_path(ws, "pending", dir);
	final = state_path(ws, "manifests", dir);
	m.key = ml_strdup(key);
	if (stat_ino(target, &m.dev, &m.ino) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", target);
		goto out;
	}
	ret = walk_tree(&m.files, target, false, err);
	for (size_t i = 0; !ret && i < m.files.n; i++) {
		struct entry *e = &m.files.v[i];

		free(abs);
		abs = ml_path_join(target, e->path);
		if (e->type == 'o')
			ret = ml_error_set(err, ML_EUNSAFE, "'%s': not a file, link or directory",
					   abs);
		else
			ret = digest_of(&e->digest, ws, abs, e->type, err);
	}
	if (ret)
		goto out;
	/* pending then renamed, as a commit records it: a crash in between is completed by
	 * the next open (the pending manifest names this very directory) */
	manifest_format(&text, &m);
	ret = write_file(pend, text.buf, text.len, err);
	if (!ret && ml_fs_fsync_path(pend, NULL) == 0 && rename_manifest(pend, final) < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s'", pend);
	if (!ret)
		ret = sync_manifests(ws, err);
out:
	if (ret && pend)
		unlink(pend);
	free(abs);
	free(target);
	free(pend);
	free(final);
	ml_buf_release(&text);
	manifest_release(&m);
	return ret;
}

/* ---- plans ---- */

void ml_ws_plan_init(struct ml_ws_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
}

void ml_ws_plan_release(struct ml_ws_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nitems; i++) {
		free(plan->items[i].dir);
		free(plan->items[i].key);
	}
	for (size_t i = 0; i < plan->nedits; i++) {
		free(plan->edits[i].dir);
		free(plan->edits[i].path);
	}
	free(plan->items);
	free(plan->edits);
	ml_strvec_release(&plan->foreign);
	ml_ws_plan_init(plan);
}

size_t ml_ws_plan_count(const struct ml_ws_plan *plan, enum ml_ws_action action)
{
	size_t n = 0;

	for (size_t i = 0; i < plan->nitems; i++)
		n += plan->items[i].action == action;
	return n;
}

const char *ml_ws_edit_kind_name(enum ml_ws_edit_kind kind)
{
	switch (kind) {
	case ML_WS_MODIFIED:
		return "modified";
	case ML_WS_ADDED:
		return "added";
	case ML_WS_DELETED:
		return "deleted";
	case ML_WS_UNTRACKED:
		return "untracked";
	}
	return "?";
}

static void add_edit(struct ml_ws_plan *plan, const char *dir, const char *path,
		     enum ml_ws_edit_kind kind)
{
	ML_ALLOC_GROW(plan->edits, plan->nedits + 1, plan->edits_alloc);
	plan->edits[plan->nedits++] =
	    (struct ml_ws_edit){ ml_strdup(dir), path ? ml_strdup(path) : NULL, kind };
}

static void add_item(struct ml_ws_plan *plan, const char *dir, const char *key,
		     enum ml_ws_action action, size_t want)
{
	ML_ALLOC_GROW(plan->items, plan->nitems + 1, plan->items_alloc);
	plan->items[plan->nitems++] =
	    (struct ml_ws_item){ ml_strdup(dir), key ? ml_strdup(key) : NULL, action, want };
}

/* What comparing directories with their manifests found and costs. */
struct check {
	unsigned flags; /* enum ml_ws_status_flags */
	time_t now;
	size_t files, hashed;
	bool restamped;      /* the manifest being compared has new stamps to record */
	bool conflicts;      /* status: .monolock/conflicts/ exists */
	struct ws_index *ix; /* status: the manifest index, if any and used */
	bool ix_build;       /* status: notes what a rewritten index would hold (ix_note) */
};

/* 'f' regular, 'x' executable, 'l' symlink, 'd' directory, 'o' anything else. */
static char type_of(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return (st->st_mode & S_IXUSR) ? 'x' : 'f';
	if (S_ISLNK(st->st_mode))
		return 'l';
	return S_ISDIR(st->st_mode) ? 'd' : 'o';
}

/*
 * Whether every directory m records has its recorded stamp ("." first, top its lstat), the
 * directories stat'ed relative to the root. Leaves ws->relpath at "dir/".
 */
static bool dirs_as_recorded(struct ml_workspace *ws, const char *dir, const struct fstamp *top,
			     const struct manifest *m)
{
	struct ml_buf *rel = &ws->relpath;
	size_t len;
	bool ok = m->dirs.n > 0 && !strcmp(m->dirs.v[0].path, ".");

	ml_buf_reset(rel);
	ml_buf_adds(rel, dir);
	ml_buf_addc(rel, '/');
	len = rel->len;
	for (size_t i = 0; ok && i < m->dirs.n; i++) {
		struct stat st;
		struct fstamp have;

		if (!strcmp(m->dirs.v[i].path, ".")) {
			have = *top;
		} else {
			ml_buf_setlen(rel, len);
			ml_buf_adds(rel, m->dirs.v[i].path);
			if (ws_lstat(ws, rel->buf, &st) < 0 || !S_ISDIR(st.st_mode))
				return false;
			have = fstamp_of(&st);
		}
		ok = fstamp_equal(&m->dirs.v[i].st, &have);
	}
	ml_buf_setlen(rel, len);
	return ok;
}

/*
 * The tree's entries without listing a directory, when every directory m records has its
 * recorded stamp (see MANIFEST_MAGIC_V3): the manifest's files, each stat'ed (relative to
 * the root: no walk of the whole path). Their paths are m's (borrowed: free only disk->v).
 * False, with nothing in disk, when a directory changed or a file is not where it was: then
 * the tree is listed.
 */
static bool entries_by_stamps(struct entries *disk, struct ml_workspace *ws, const char *dir,
			      const struct stat *top, const struct manifest *m)
{
	struct ml_buf *rel = &ws->relpath;
	size_t len;
	struct fstamp tops = fstamp_of(top);
	bool ok = dirs_as_recorded(ws, dir, &tops, m);

	len = rel->len;
	if (ok && m->files.n)
		disk->v = ml_calloc(m->files.n, sizeof(*disk->v));
	for (size_t i = 0; ok && i < m->files.n; i++) {
		struct stat st;

		ml_buf_setlen(rel, len);
		ml_buf_adds(rel, m->files.v[i].path);
		if (ws_lstat(ws, rel->buf, &st) < 0 || S_ISDIR(st.st_mode)) {
			ok = false;
			break;
		}
		disk->v[disk->n++] =
		    (struct entry){ m->files.v[i].path, NULL, type_of(&st), fstamp_of(&st) };
	}
	if (!ok) {
		free(disk->v);
		*disk = (struct entries){ 0 };
	}
	return ok;
}

/*
 * Whether dir (top: its lstat) is exactly what index entry m records: its directories and
 * files each with the recorded stamp and type. Then it is its manifest's with no edit, and
 * a check of the manifest would find nothing to say or record.
 */
static bool ix_clean(struct ml_workspace *ws, const char *dir, const struct fstamp *top,
		     const struct manifest *m)
{
	struct ml_buf *rel = &ws->relpath;
	size_t len;

	if (!dirs_as_recorded(ws, dir, top, m))
		return false;
	len = rel->len;
	for (size_t i = 0; i < m->files.n; i++) {
		struct stat st;
		struct fstamp have;

		ml_buf_setlen(rel, len);
		ml_buf_adds(rel, m->files.v[i].path);
		if (ws_lstat(ws, rel->buf, &st) < 0 || type_of(&st) != m->files.v[i].type)
			return false;
		have = fstamp_of(&st);
		if (!fstamp_equal(&have, &m->files.v[i].st))
			return false;
	}
	return true;
}

/*
 * Compares the tree at target (top: its lstat) with dir's manifest m, appending edits to out.
 * A file with the stamp m records is trusted (unless ML_WS_HASH_ALL); one hashed and found
 * right gets its stamp in m when not racy (c->restamped), and so do the directories when
 * their entries are exactly m's (then the next check lists none of them).
 */
static int check_files(struct ml_ws_plan *out, struct ml_workspace *ws, const char *dir,
		       const struct stat *top, struct manifest *m, struct check *c,
		       struct ml_error *err)
{
	struct entries disk = { 0 }, dirs = { 0 };
	char *abs = NULL, *digest = NULL, *target = NULL;
	size_t i = 0, j = 0;
	bool by_stamps = false, names_differ = false;
	int ret = 0;

	if (!(c->flags & ML_WS_HASH_ALL))
		by_stamps = entries_by_stamps(&disk, ws, dir, top, m);
	if (!by_stamps) {
		target = ml_path_join(ws->root, dir);
		ret = walk_tree_dirs(&disk, &dirs, top, target, false, err);
	}
	if (ret)
		goto out;
	while (i < m->files.n || j < disk.n) {
		int cmp = i >= m->files.n ? 1
			  : j >= disk.n   ? -1
					  : strcmp(m->files.v[i].path, disk.v[j].path);
		struct entry *want, *have;

		if (cmp < 0) {
			add_edit(out, dir, m->files.v[i++].path, ML_WS_DELETED);
			names_differ = true;
			continue;
		}
		if (cmp > 0) {
			add_edit(out, dir, disk.v[j++].path, ML_WS_ADDED);
			names_differ = true;
			continue;
		}
		want = &m->files.v[i++];
		have = &disk.v[j++];
		c->files++;
		if (want->type != have->type) {
			add_edit(out, dir, have->path, ML_WS_MODIFIED);
			continue;
		}
		if (!(c->flags & ML_WS_HASH_ALL) && fstamp_equal(&want->st, &have->st))
			continue;
		if (!target)
			target = ml_path_join(ws->root, dir);
		free(abs);
		abs = ml_path_join(target, have->path);
		free(digest);
		digest = NULL;
		c->hashed++;
		ret = digest_of(&digest, ws, abs, have->type, err);
		if (ret)
			goto out;
		if (strcmp(digest, want->digest)) {
			add_edit(out, dir, have->path, ML_WS_MODIFIED);
		} else if (!(c->flags & ML_WS_HASH_ALL) && !fstamp_racy(&have->st, c->now)) {
			want->st = have->st;
			c->restamped = true;
		}
	}
	/* the directories listed hold exactly the manifest's names: their stamps are recorded
	 * (unless one is racy), else whatever was recorded goes */
	if (!by_stamps && !(c->flags & ML_WS_HASH_ALL)) {
		bool racy = names_differ;

		for (size_t k = 0; !racy && k < dirs.n; k++)
			racy = fstamp_racy(&dirs.v[k].st, c->now);
		if (racy && m->dirs.n) {
			entries_release(&m->dirs);
			c->restamped = true;
		} else if (!racy) {
			entries_release(&m->dirs);
			m->dirs = dirs;
			dirs = (struct entries){ 0 };
			c->restamped = true;
		}
	}
out:
	free(digest);
	free(abs);
	free(target);
	if (by_stamps)
		free(disk.v);
	else
		entries_release(&disk);
	entries_release(&dirs);
	return ret;
}

int ml_workspace_diff(struct ml_ws_plan *out, struct ml_workspace *ws, const char *dir,
		      struct ml_error *err)
{
	struct manifest m = { 0 };
	struct check c = { 0 };
	char *target = NULL, *mpath = NULL;
	struct stat st;
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		return ret;
	c.now = time(NULL);
	target = ml_path_join(ws->root, dir);
	mpath = state_path(ws, "manifests", dir);
	if (lstat(target, &st) < 0)
		goto out; /* nothing there, nothing to lose */
	ret = manifest_read(&m, ws, mpath, false, err);
	if (ret == ML_ENOTFOUND || (!ret && !S_ISDIR(st.st_mode))) {
		ret = 0;
		add_edit(out, dir, NULL, ML_WS_UNTRACKED);
		goto out;
	}
	if (ret)
		goto out;
	ret = check_files(out, ws, dir, &st, &m, &c, err);
out:
	free(target);
	free(mpath);
	manifest_release(&m);
	return ret;
}

static bool sorted_has(const struct ml_strvec *sv, const char *s);

int ml_workspace_note_foreign(struct ml_strvec *out, struct ml_workspace *ws,
			      const struct ml_strvec *foreign, struct ml_error *err)
{
	struct ml_strvec noted = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT, text = ML_BUF_INIT;
	char *path = ml_path_join(ws->state, "foreign");
	int ret = 0;

	if (!ml_fs_read_regular(&b, path, WS_MAX_MANIFEST, NULL)) {
		for (char *p = b.buf, *nl; p < b.buf + b.len; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(b.buf + b.len - p));
			if (!nl)
				break;
			*nl = '\0';
			ml_strvec_push(&noted, p);
		}
	}
	ml_strvec_sort(&noted);
	for (size_t i = 0; i < foreign->n; i++) {
		if (!sorted_has(&noted, foreign->v[i]))
			ml_strvec_push(out, foreign->v[i]);
		ml_buf_addf(&text, "%s\n", foreign->v[i]);
	}
	if (text.len != b.len || (text.len && memcmp(text.buf, b.buf, b.len))) {
		if (!text.len) {
			if (unlink(path) < 0 && errno != ENOENT)
				ret = ml_error_errno(err, ML_EIO, "cannot remove '%s'", path);
		} else {
			ret = write_file(path, text.buf, text.len, err);
		}
	}
	ml_strvec_release(&noted);
	ml_buf_release(&b);
	ml_buf_release(&text);
	free(path);
	return ret;
}

int ml_workspace_dirs(struct ml_strvec *out, struct ml_workspace *ws, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	char *p = ml_path_join(ws->state, "manifests");
	int ret = list_dir(&names, p, err);

	for (size_t i = 0; !ret && i < names.n; i++) {
		if (!ml_lock_check_dir(names.v[i], NULL))
			ml_strvec_push(out, names.v[i]);
	}
	free(p);
	ml_strvec_release(&names);
	return ret;
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ml_ws_item *)a)->dir, ((const struct ml_ws_item *)b)->dir);
}

static int edit_cmp(const void *a, const void *b)
{
	const struct ml_ws_edit *x = a, *y = b;
	int c = strcmp(x->dir, y->dir);

	if (c)
		return c;
	if (!x->path || !y->path)
		return !!x->path - !!y->path;
	return strcmp(x->path, y->path);
}

/* Lookups in sorted vectors: a plan over 100,000 directories must not be quadratic. */
static bool sorted_has(const struct ml_strvec *sv, const char *s)
{
	return sv->n && bsearch(&s, sv->v, sv->n, sizeof(*sv->v), ml_strptrcmp);
}

static bool is_only(const struct ml_strvec *only, const char *dir)
{
	return !only || !only->n || sorted_has(only, dir);
}

/*
 * What the workspace holds, sorted: the directories with a manifest (ml_workspace_dirs) and
 * every other visible directory or link of the root.
 */
static int list_present(struct ml_strvec *out, struct ml_workspace *ws, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	char *p = ml_path_join(ws->state, "manifests");
	size_t managed = 0;
	int ret = list_dir(out, p, err);

	free(p);
	/* the manifests of valid names only, as ml_workspace_dirs: filtered in place */
	for (size_t i = 0; !ret && i < out->n; i++) {
		if (ml_lock_check_dir(out->v[i], NULL))
			free(out->v[i]);
		else
			out->v[managed++] = out->v[i];
	}
	out->n = managed;
	if (!ret)
		ret = list_dir(&names, ws->root, err);
	/* both sorted: the managed ones are skipped in one walk */
	for (size_t i = 0, j = 0; !ret && i < names.n; i++) {
		struct stat st;
		int cmp = 1;

		while (j < managed && (cmp = strcmp(out->v[j], names.v[i])) < 0)
			j++;
		if ((j < managed && cmp == 0) || ml_lock_check_dir(names.v[i], NULL))
			continue;
		if (ws_lstat(ws, names.v[i], &st) == 0 &&
		    (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))) {
			ml_strvec_push_owned(out, names.v[i]);
			names.v[i] = NULL;
		}
	}
	ml_strvec_release(&names);
	if (!ret && out->n > managed)
		ml_strvec_sort(out);
	return ret;
}

/* bsearch in sorted v[0..n) */
static bool sorted_has_v(const char *const *v, size_t n, const char *s)
{
	return n && bsearch(&s, v, n, sizeof(*v), ml_strptrcmp);
}

int ml_workspace_plan(struct ml_ws_plan *out, struct ml_workspace *ws,
		      const struct ml_ws_want *wants, size_t nwants, const struct ml_strvec *only,
		      struct ml_error *err)
{
	struct ml_ws_plan plan;
	struct ml_strvec present = ML_STRVEC_INIT;
	struct ml_strvec sorted_only = ML_STRVEC_INIT;
	/* the wanted directories, borrowed from wants */
	const char **wanted = ml_calloc(nwants ? nwants : 1, sizeof(*wanted));
	struct manifest m = { 0 };
	char *path = NULL;
	struct ws_index *ix;
	bool ix_on;
	time_t now = time(NULL);
	int ret = 0;

	ml_ws_plan_init(&plan);
	memo_clear(ws);
	ws_open_fds(ws);
	/* a plan of a few directories reads their manifests, not the index of them all */
	ix_on = !(only && only->n);
	ix = ix_on ? ix_get(ws) : NULL;
	/* a pull that changes nothing keeps every wanted directory's (at 100,000, growing the
	 * array by doubling copied it all over a dozen times) */
	ML_ALLOC_GROW(ws->memo, nwants, ws->memo_alloc);
	for (size_t i = 0; i < nwants; i++) {
		ret = ml_lock_check_dir(wants[i].dir, err);
		if (ret)
			goto out;
		wanted[i] = wants[i].dir;
	}
	ml_sort_once(wanted, nwants, sizeof(*wanted), ml_strptrcmp);
	for (size_t i = 1; i < nwants; i++)
		if (!strcmp(wanted[i - 1], wanted[i])) {
			ret = ml_error_set(err, ML_EUSAGE, "directory '%s' is wanted twice",
					   wanted[i]);
			goto out;
		}
	for (size_t i = 0; only && i < only->n; i++)
		ml_strvec_push(&sorted_only, only->v[i]);
	ml_strvec_sort(&sorted_only);
	/* what the workspace holds: managed directories, and any other visible directory */
	ret = list_present(&present, ws, err);
	if (ret)
		goto out;
	for (size_t i = 0; only && i < only->n; i++) {
		ret = ml_lock_check_dir(only->v[i], err);
		if (ret)
			goto out;
		if (!sorted_has_v((const char *const *)wanted, nwants, only->v[i]) &&
		    !sorted_has(&present, only->v[i])) {
			ret = ml_error_set(err, ML_EUSAGE,
					   "'%s' is not a directory of the lock or of '%s'",
					   only->v[i], ws->root);
			goto out;
		}
	}
	for (size_t i = 0; i < nwants; i++) {
		const char *dir = wants[i].dir;
		struct stat st;
		enum ml_ws_action action;
		struct ix_entry *e;
		struct fstamp mst = { 0 };

		if (!is_only(&sorted_only, dir))
			continue;
		if (ws_lstat(ws, dir, &st) < 0) {
			action = ML_WS_CREATE;
		} else if (S_ISLNK(st.st_mode)) {
			action = ML_WS_KEEP; /* linked to a checkout: the user's, never replaced */
		} else {
			struct ml_error ignored = ML_ERROR_INIT;
			int r = ML_ENOTFOUND;

			action = ML_WS_REPLACE;
			if (S_ISDIR(st.st_mode) && (e = ix_find(ix, dir)) && ix_valid(ws, e, now)) {
				/* the index stands for the manifest: its key decides */
				if (!strcmp(e->m.key, wants[i].key)) {
					action = ML_WS_KEEP;
					e->plan_gen = ws->memo_gen;
					e->top = fstamp_of(&st);
				}
			} else if (S_ISDIR(st.st_mode)) {
				/* whole, for a status after a pull that changes nothing (memo) */
				r = manifest_read_at(&m, ws, ws->man_fd, dir, NULL, false, true,
						     ix_on ? &mst : NULL, &ignored);
				if (!r && !strcmp(m.key, wants[i].key)) {
					action = ML_WS_KEEP;
					memo_put(ws, dir, &st, &m, &mst);
				} else if (r && r != ML_ENOTFOUND) {
					/* a bad file line: the key decides here, the diff tells */
					ml_error_release(&ignored);
					if (!manifest_read_at(&m, ws, ws->man_fd, dir, NULL, true,
							      false, NULL, &ignored) &&
					    !strcmp(m.key, wants[i].key))
						action = ML_WS_KEEP;
				}
			}
			manifest_release(&m);
			ml_error_release(&ignored);
		}
		add_item(&plan, dir, wants[i].key, action, i);
		if (action == ML_WS_REPLACE) {
			ret = ml_workspace_diff(&plan, ws, dir, err);
			if (ret)
				goto out;
		}
	}
	for (size_t i = 0, j = 0; i < present.n; i++) {
		const char *dir = present.v[i];
		struct stat st;
		char *mpath;
		int cmp = 1;

		/* both sorted: the wanted ones are skipped in one walk */
		while (j < nwants && (cmp = strcmp(wanted[j], dir)) < 0)
			j++;
		if ((j < nwants && cmp == 0) || !is_only(&sorted_only, dir))
			continue;
		free(path);
		path = ml_path_join(ws->root, dir);
		mpath = state_path(ws, "manifests", dir);
		/* what monolock did not write is the user's: kept, whatever it is */
		if (lstat(path, &st) == 0 &&
		    (S_ISLNK(st.st_mode) || !ml_fs_exists(mpath) || !S_ISDIR(st.st_mode))) {
			ml_strvec_push(&plan.foreign, dir);
			free(mpath);
			continue;
		}
		free(mpath);
		add_item(&plan, dir, NULL, ML_WS_REMOVE, 0);
		ret = ml_workspace_diff(&plan, ws, dir, err);
		if (ret)
			goto out;
	}
	ml_sort_once(plan.items, plan.nitems, sizeof(*plan.items), item_cmp);
	ml_sort_once(plan.edits, plan.nedits, sizeof(*plan.edits), edit_cmp);
	*out = plan;
	ml_ws_plan_init(&plan);
	/* for the status that follows (plan_present): what the memo's lstats saw */
	ws->present = present;
	ws->present_memo = true;
	present = (struct ml_strvec)ML_STRVEC_INIT;
out:
	free(path);
	free(wanted);
	manifest_release(&m);
	ml_strvec_release(&present);
	ml_strvec_release(&sorted_only);
	ml_ws_plan_release(&plan);
	return ret;
}

/* ---- changing the workspace ---- */

int ml_workspace_stage(char **out, struct ml_workspace *ws, const char *dir, struct ml_error *err)
{
	char *path = NULL;
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		return ret;
	path = state_path(ws, "staging", dir);
	ret = ml_fs_remove_tree(path, err);
	if (ret)
		goto out;
	if (mkdir(path, 0755) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create directory '%s'", path);
		goto out;
	}
	*out = path;
	path = NULL;
out:
	free(path);
	return ret;
}

/*
 * Puts staged in place of target: one atomic renameat2(RENAME_EXCHANGE) when the file system
 * has it (the old tree then sits at staged's path), else target is set aside first and a
 * crash in between is completed by recover().
 */
static int swap_in(struct ml_workspace *ws, const char *dir, const char *staged, const char *target,
		   struct ml_error *err)
{
	char *side = NULL;
	int ret = 0;

	if (!ml_fs_exists(target)) {
		if (rename(staged, target) < 0)
			return ml_error_errno(err, ML_EIO, "cannot move '%s' to '%s'", staged,
					      target);
		return 0;
	}
	if (renameat2(AT_FDCWD, staged, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return ml_error_errno(err, ML_EIO, "cannot swap '%s' and '%s'", staged, target);
	side = state_path(ws, "aside", dir);
	ret = ml_fs_remove_tree(side, err);
	if (ret)
		goto out;
	if (rename(target, side) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot move '%s' aside", target);
		goto out;
	}
	if (rename(staged, target) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot move '%s' to '%s'", staged, target);
		rename(side, target);
		goto out;
	}
out:
	free(side);
	return ret;
}

int ml_workspace_prepare(struct ml_workspace *ws, const char *dir, const char *key, unsigned flags,
			 struct ml_error *err)
{
	struct manifest m = { 0 };
	struct ml_buf text = ML_BUF_INIT;
	char *staged = NULL, *pend = NULL, *abs = NULL;
	time_t now = time(NULL);
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		return ret;
	staged = state_path(ws, "staging", dir);
	pend = state_path(ws, "pending", dir);
	m.key = ml_strdup(key);
	if (stat_ino(staged, &m.dev, &m.ino) < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", staged);
		goto out;
	}
	ret = walk_tree(&m.files, staged, !(flags & ML_WS_KEEP_GIT), err);
	if (ret)
		goto out;
	for (size_t i = 0; i < m.files.n; i++) {
		struct entry *e = &m.files.v[i];

		free(abs);
		abs = ml_path_join(staged, e->path);
		if (e->type == 'o') {
			ret = ml_error_set(err, ML_EUNSAFE, "'%s': not a file, link or directory",
					   abs);
			goto out;
		}
		ret = digest_of(&e->digest, ws, abs, e->type, err);
		if (ret)
			goto out;
		/* just written (its ctime is now): racy, so recorded by a later status */
		e->st.set = e->st.set && !fstamp_racy(&e->st, now);
	}
	manifest_format(&text, &m);
	ret = write_file(pend, text.buf, text.len, err);
	if (!ret)
		ws->unsynced = true;
out:
	free(abs);
	free(staged);
	free(pend);
	ml_buf_release(&text);
	manifest_release(&m);
	return ret;
}

int ml_workspace_unstage(struct ml_workspace *ws, const char *dir)
{
	char *staged, *pend;
	int ret;

	if (ml_lock_check_dir(dir, NULL))
		return ML_EUNSAFE;
	staged = state_path(ws, "staging", dir);
	pend = state_path(ws, "pending", dir);
	ret = ml_fs_remove_tree(staged, NULL);
	if (unlink(pend) < 0 && errno != ENOENT)
		ret = ML_EIO;
	free(staged);
	free(pend);
	return ret;
}

int ml_workspace_commit_all(size_t *out_done, struct ml_workspace *ws, const char *const *dirs,
			    size_t n, struct ml_error *err)
{
	size_t swapped = 0, claimed = 0;
	int ret = 0, r;

	for (size_t i = 0; i < n; i++) {
		ret = ml_lock_check_dir(dirs[i], err);
		if (ret)
			goto out;
	}
	if (n)
		memo_clear(ws);
	/*
	 * Power-loss safety at the cost of three syncs however many directories: the staged
	 * trees and their pending manifests reach the disk before the first swap (one syncfs:
	 * an fsync per file would cost a journal commit each), every swap before any manifest
	 * claims its directory (else a crash could leave a manifest describing the old one), and
	 * the claims before this returns. A crash at any point leaves what recover() completes.
	 */
	if (ws->unsynced) {
		ret = ml_fs_syncfs(ws->state, err);
		if (ret)
			goto out;
		ws->unsynced = false;
	}
	for (; swapped < n; swapped++) {
		char *staged = state_path(ws, "staging", dirs[swapped]);
		char *target = ml_path_join(ws->root, dirs[swapped]);

		ret = swap_in(ws, dirs[swapped], staged, target, err);
		free(staged);
		free(target);
		if (ret)
			break;
	}
	if (!swapped)
		goto out;
	/* on failure, the swapped directories keep their pending manifests: recover() claims them */
	r = ml_fs_fsync_path(ws->root, ret ? NULL : err);
	if (r) {
		ret = ret ? ret : r;
		goto out;
	}
	for (; claimed < swapped; claimed++) {
		char *pend = state_path(ws, "pending", dirs[claimed]);
		char *final = state_path(ws, "manifests", dirs[claimed]);

		r = rename_manifest(pend, final) < 0
			? ml_error_errno(ret ? NULL : err, ML_EIO, "cannot rename '%s' to '%s'",
					 pend, final)
			: 0;
		free(pend);
		free(final);
		if (r) {
			ret = ret ? ret : r;
			break;
		}
	}
	r = sync_manifests(ws, ret ? NULL : err);
	ret = ret ? ret : r;
	/* what the swaps put aside: the old trees */
	for (size_t i = 0; i < swapped; i++) {
		char *staged = state_path(ws, "staging", dirs[i]);
		char *side = state_path(ws, "aside", dirs[i]);

		r = ml_fs_remove_tree(staged, ret ? NULL : err);
		if (!r)
			r = ml_fs_remove_tree(side, ret ? NULL : err);
		ret = ret ? ret : r;
		free(staged);
		free(side);
	}
out:
	for (size_t i = swapped; i < n; i++)
		ml_workspace_unstage(ws, dirs[i]);
	*out_done = swapped;
	return ret;
}

int ml_workspace_commit(struct ml_workspace *ws, const char *dir, const char *key, unsigned flags,
			struct ml_error *err)
{
	size_t done;
	int ret;

	ret = ml_workspace_prepare(ws, dir, key, flags, err);
	if (ret) {
		ml_workspace_unstage(ws, dir);
		return ret;
	}
	return ml_workspace_commit_all(&done, ws, &dir, 1, err);
}

int ml_workspace_remove(struct ml_workspace *ws, const char *dir, struct ml_error *err)
{
	char *target = NULL, *side = NULL, *final = NULL;
	int ret;

	ret = ml_lock_check_dir(dir, err);
	if (ret)
		return ret;
	memo_clear(ws);
	target = ml_path_join(ws->root, dir);
	side = state_path(ws, "aside", dir);
	final = state_path(ws, "manifests", dir);
	if (ml_fs_exists(target)) {
		ret = ml_fs_remove_tree(side, err);
		if (ret)
			goto out;
		if (rename(target, side) < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot move '%s' aside", target);
			goto out;
		}
		/* the directory is gone for good before its manifest is */
		ret = ml_fs_fsync_path(ws->root, err);
		if (ret)
			goto out;
	}
	if (unlink(final) < 0 && errno != ENOENT) {
		ret = ml_error_errno(err, ML_EIO, "cannot remove '%s'", final);
		goto out;
	}
	ret = sync_manifests(ws, err);
	if (!ret)
		ret = ml_fs_remove_tree(side, err);
out:
	free(target);
	free(side);
	free(final);
	return ret;
}

int ml_workspace_apply(struct ml_workspace *ws, const struct ml_ws_plan *plan, unsigned flags,
		       ml_ws_populate_fn populate, ml_ws_done_fn done, void *ctx,
		       struct ml_error *err)
{
	char *staging = NULL;
	int ret = 0;

	if (plan->nedits && !(flags & ML_WS_FORCE))
		return ml_error_set(err, ML_EMODIFIED,
				    "'%s' has local modifications (use --force to discard them)",
				    ws->root);
	for (size_t i = 0; i < plan->nitems; i++) {
		const struct ml_ws_item *it = &plan->items[i];

		if (it->action != ML_WS_REMOVE)
			continue;
		ret = ml_workspace_remove(ws, it->dir, err);
		if (ret)
			goto out;
		if (done)
			done(ctx, it);
	}
	for (size_t i = 0; i < plan->nitems; i++) {
		const struct ml_ws_item *it = &plan->items[i];

		if (it->action != ML_WS_CREATE && it->action != ML_WS_REPLACE)
			continue;
		free(staging);
		staging = NULL;
		ret = ml_workspace_stage(&staging, ws, it->dir, err);
		if (ret)
			goto out;
		ret = populate(ctx, it, staging, err);
		if (ret) {
			ml_fs_remove_tree(staging, NULL);
			goto out;
		}
		ret = ml_workspace_commit(ws, it->dir, it->key, flags, err);
		if (ret)
			goto out;
		if (done)
			done(ctx, it);
	}
out:
	free(staging);
	return ret;
}

/* ---- status and verify ---- */

int ml_workspace_open_readonly(struct ml_workspace **out, const char *root, ml_ws_hash_fn hash,
			       void *hash_ctx, struct ml_error *err)
{
	struct ml_workspace *ws = ml_calloc(1, sizeof(*ws));
	int ret;

	ws->root = ml_strdup(root);
	ws->state = ml_path_join(root, ".monolock");
	ws->lock_fd = ws->root_fd = ws->man_fd = -1;
	ml_buf_init(&ws->scratch);
	ml_buf_init(&ws->relpath);
	ml_buf_init(&ws->ix_fresh);
	ws->hash = hash;
	ws->hash_ctx = hash_ctx;
	ret = check_root(ws->root, ws->state, err);
	if (ret)
		ml_workspace_free(ws);
	else
		*out = ws;
	return ret;
}

/*
 * Takes the workspace lock if no one holds it (a pull running is not waited for: the stamps
 * are then recorded by a later status). Only for a workspace monolock made.
 */
static void try_lock(struct ml_workspace *ws)
{
	char *path;
	struct stat st;
	int fd;

	if (ws->locked || lstat(ws->state, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	path = ml_path_join(ws->state, "lock");
	fd = ml_fs_open_lock(path, NULL);
	free(path);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return;
	}
	ws->lock_fd = fd;
	ws->locked = true;
}

/* Records m (its stamps refreshed) as dir's manifest: only a cache of stamps changes. */
static int record_stamps(struct ml_workspace *ws, const char *dir, const struct manifest *m,
			 struct ml_error *err)
{
	struct ml_buf text = ML_BUF_INIT;
	char *final = state_path(ws, "manifests", dir);
	/* hidden: never taken for a directory's manifest (ml_workspace_dirs) */
	char *tmp = ml_xasprintf("%s/manifests/.stamps", ws->state);
	int ret;

	manifest_format(&text, m);
	ret = write_file(tmp, text.buf, text.len, err);
	if (!ret && rename_manifest(tmp, final) < 0)
		ret = ml_error_errno(err, ML_EIO, "cannot rename '%s'", final);
	free(tmp);
	free(final);
	ml_buf_release(&text);
	return ret;
}

#define WS_MAX_MARKER_SCAN (64u << 20) /* bytes of a file searched for conflict markers */

/* A line starting "<<<<<<< " and a later one starting ">>>>>>> ": what a merge leaves. */
static bool has_conflict_markers(const char *path)
{
	struct ml_buf b = ML_BUF_INIT;
	bool open = false, found = false;

	if (ml_fs_read_regular(&b, path, WS_MAX_MARKER_SCAN, NULL) == 0) {
		for (const char *p = b.buf, *end = b.buf + b.len; p < end && !found;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = (size_t)((nl ? nl : end) - p);

			if (n >= 8 && !memcmp(p, "<<<<<<< ", 8))
				open = true;
			else if (open && n >= 8 && !memcmp(p, ">>>>>>> ", 8))
				found = true;
			p += n + 1;
		}
	}
	ml_buf_release(&b);
	return found;
}

/*
 * Whether a carry left conflicts in dir: its record, or markers in a file changed or added.
 * records: whether .monolock/conflicts/ exists (looked up once per status).
 */
static bool conflicted(struct ml_workspace *ws, const char *dir, const struct ml_ws_plan *edits,
		       size_t first, bool records)
{
	struct stat st;
	bool yes = false;

	if (records) {
		char *rec = state_path(ws, "conflicts", dir);

		yes = lstat(rec, &st) == 0 && S_ISREG(st.st_mode);
		free(rec);
	}
	for (size_t i = first; !yes && i < edits->nedits; i++) {
		const struct ml_ws_edit *e = &edits->edits[i];
		char *path;

		if (e->kind != ML_WS_MODIFIED && e->kind != ML_WS_ADDED)
			continue;
		path = ml_xasprintf("%s/%s/%s", ws->root, dir, e->path);
		yes = has_conflict_markers(path);
		free(path);
	}
	return yes;
}

void ml_ws_status_init(struct ml_ws_status *st)
{
	memset(st, 0, sizeof(*st));
	ml_ws_plan_init(&st->edits);
}

void ml_ws_status_release(struct ml_ws_status *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->ndirs; i++) {
		free(st->dirs[i].dir);
		free(st->dirs[i].link);
	}
	free(st->dirs);
	ml_ws_plan_release(&st->edits);
	ml_ws_status_init(st);
}

size_t ml_ws_status_count(const struct ml_ws_status *st, enum ml_ws_state state)
{
	size_t n = 0;

	for (size_t i = 0; i < st->ndirs; i++)
		n += st->dirs[i].state == state;
	return n;
}

const char *ml_ws_state_name(enum ml_ws_state state)
{
	switch (state) {
	case ML_WS_CLEAN:
		return "clean";
	case ML_WS_EDITED:
		return "modified";
	case ML_WS_PATCHED:
		return "patched";
	case ML_WS_CONFLICTED:
		return "conflicted";
	case ML_WS_MISSING:
		return "missing";
	case ML_WS_OUTDATED:
		return "out of date";
	case ML_WS_FOREIGN:
		return "not in the lock";
	case ML_WS_LINKED:
		return "linked";
	}
	return "?";
}

/*
 * What the index rewritten after this status holds for dir: its entry ix when that stood for
 * the manifest (and no stamp was recorded into the manifest since), else an entry made from m
 * as just read (mst: its descriptor's stamp) when that manifest is older than the racy window
 * and can stand in an index; else none.
 */
static void ix_note(struct ml_workspace *ws, const char *dir, struct ix_entry *ix,
		    const struct manifest *m, const struct fstamp *mst, const struct check *c)
{
	bool rewritten = c->restamped && ws->locked;
	size_t off = ws->ix_fresh.len;

	if (ix && !rewritten) {
		ML_ALLOC_GROW(ws->ixr, ws->nixr + 1, ws->ixr_alloc);
		ws->ixr[ws->nixr++] = (struct ix_rec){ ix, 0, 0 };
		return;
	}
	if (ix || rewritten || !mst->set || fstamp_racy(mst, c->now) ||
	    ml_lock_check_dir(dir, NULL) || !ix_manifest_ok(m))
		return;
	ix_format(&ws->ix_fresh, dir, mst, m);
	ML_ALLOC_GROW(ws->ixr, ws->nixr + 1, ws->ixr_alloc);
	ws->ixr[ws->nixr++] = (struct ix_rec){ NULL, off, ws->ix_fresh.len - off };
}

/*
 * Rewrites the index with what ix_note noted, when that differs from what was read: an entry
 * added or dropped, or no index that could be read. Only a cache: failures are ignored (the
 * next full status tries again), and nothing is synced.
 */
static void ix_write(struct ml_workspace *ws)
{
	struct ml_buf text = ML_BUF_INIT;
	size_t kept = 0, fresh = 0;
	char *path, hex[17];
	struct stat st;

	for (size_t i = 0; i < ws->nixr; i++) {
		kept += ws->ixr[i].old != NULL;
		fresh += ws->ixr[i].old == NULL;
	}
	if (!fresh && !ws->ix_bad && kept == (ws->ix ? ws->ix->n : 0))
		return;
	ml_buf_addf(&text, "%s%016x\n", INDEX_MAGIC, 0);
	for (size_t i = 0; i < ws->nixr; i++) {
		const struct ix_rec *r = &ws->ixr[i];

		if (r->old)
			ix_format(&text, r->old->dir, &r->old->mst, &r->old->m);
		else
			ml_buf_add(&text, ws->ix_fresh.buf + r->off, r->len);
	}
	snprintf(hex, sizeof(hex), "%016llx",
		 (unsigned long long)ml_ucache_hash(text.buf + INDEX_HEAD, text.len - INDEX_HEAD,
						    INDEX_SEED));
	memcpy(text.buf + strlen(INDEX_MAGIC), hex, 16);
	path = ml_path_join(ws->state, "index");
	/* a directory planted there would make every rename fail: only that entry goes */
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		ml_fs_remove_tree(path, NULL);
	if (write_file(path, text.buf, text.len, NULL) == 0)
		ws->ix_bad = false;
	free(path);
	ml_buf_release(&text);
}

/*
 * The state of one directory: want is the lock's (NULL when it names no such directory).
 * Appends the directory (unless there is nothing to say: not wanted and absent).
 */
static int status_dir(struct ml_ws_status *out, struct ml_workspace *ws, const char *dir,
		      const struct ml_ws_want *want, struct check *c, struct ml_error *err)
{
	struct ml_ws_dir_status d = { 0 };
	struct manifest own = { 0 }, *m = &own;
	struct memo *memo = memo_get(ws, dir);
	struct ix_entry *ix = NULL;
	struct fstamp mst = { 0 }, top = { 0 };
	struct stat st;
	bool planned = false; /* by the plan just before, from the index: st not taken */
	int ret = 0;

	d.wanted = want != NULL;
	d.first_edit = out->edits.nedits;
	if (memo) {
		/* the plan just before read it all and kept it (a directory) */
		st = memo->st;
		m = &memo->m;
		mst = memo->mst;
	} else if ((ix = ix_find(c->ix, dir)) && ws->memo_gen && ix->plan_gen == ws->memo_gen) {
		/* the plan just before found the index right about it */
		top = ix->top;
		m = &ix->m;
		planned = true;
	} else if ((ix = NULL, ws_lstat(ws, dir, &st) < 0)) {
		if (!want)
			goto out; /* a manifest left by an interrupted removal: pull drops it */
		d.state = ML_WS_MISSING;
	} else if (S_ISLNK(st.st_mode)) {
		char buf[WS_MAX_LINK], *target = ml_path_join(ws->root, dir);
		ssize_t n = readlink(target, buf, sizeof(buf) - 1);

		free(target);
		d.state = ML_WS_LINKED;
		d.link = ml_strndup(buf, n > 0 ? (size_t)n : 0);
	} else if (!S_ISDIR(st.st_mode)) {
		d.state = ML_WS_FOREIGN;
	} else if ((ix = ix_find(c->ix, dir)) && ix_valid(ws, ix, c->now)) {
		m = &ix->m;
	} else if ((ix = NULL, ret = manifest_read_at(&own, ws, ws->man_fd, dir, NULL, false, false,
						      c->ix_build ? &mst : NULL, err)) ==
		   ML_ENOTFOUND) {
		ret = 0;
		d.state = ML_WS_FOREIGN;
	} else if (ret) {
		goto out;
	}
	if (!planned && m->key)
		top = fstamp_of(&st);
	if (m->key && ix && !(c->flags & ML_WS_HASH_ALL) && ix_clean(ws, dir, &top, m)) {
		/* exactly its manifest's: nothing to find or record */
		c->files += m->files.n;
		c->restamped = false;
	} else if (m->key) {
		c->restamped = false;
		if (ix) {
			/* the tree is not what the index says: its manifest tells how */
			ret = manifest_read_at(&own, ws, ws->man_fd, dir, NULL, false, false, NULL,
					       err);
			m = &own;
		}
		if (!ret && planned && ws_lstat(ws, dir, &st) < 0)
			ret = ml_error_errno(err, ML_EIO, "cannot stat '%s/%s'", ws->root, dir);
		if (ret == ML_ENOTFOUND) {
			ret = 0; /* removed since the index was checked */
			d.state = ML_WS_FOREIGN;
		} else if (!ret) {
			ret = check_files(&out->edits, ws, dir, &st, m, c, err);
		}
		if (ret)
			goto out;
		/* only a cache: a status that cannot record (a full disk) is still right */
		if (c->restamped && ws->locked)
			record_stamps(ws, dir, m, NULL);
	}
	if (m->key) {
		if (c->ix_build)
			ix_note(ws, dir, ix, m, &mst, c);
		if (!want || (strcmp(m->key, want->key) &&
			      !(want->key_alt && !strcmp(m->key, want->key_alt))))
			d.state = ML_WS_OUTDATED;
		else if (conflicted(ws, dir, &out->edits, d.first_edit, c->conflicts))
			d.state = ML_WS_CONFLICTED;
		else if (out->edits.nedits > d.first_edit)
			d.state = ML_WS_EDITED;
		else
			d.state = want->patched ? ML_WS_PATCHED : ML_WS_CLEAN;
	}
	d.nedits = out->edits.nedits - d.first_edit;
	for (size_t i = d.first_edit; i < out->edits.nedits; i++) {
		enum ml_ws_edit_kind k = out->edits.edits[i].kind;

		d.modified += k == ML_WS_MODIFIED;
		d.added += k == ML_WS_ADDED;
		d.deleted += k == ML_WS_DELETED;
	}
	d.dir = ml_strdup(dir);
	ML_ALLOC_GROW(out->dirs, out->ndirs + 1, out->dirs_alloc);
	out->dirs[out->ndirs++] = d;
	d = (struct ml_ws_dir_status){ 0 };
out:
	free(d.link);
	manifest_release(&own);
	return ret;
}

static int want_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ml_ws_want *)a)->dir, ((const struct ml_ws_want *)b)->dir);
}

int ml_workspace_status(struct ml_ws_status *out, struct ml_workspace *ws,
			const struct ml_ws_want *wants, size_t nwants, const struct ml_strvec *only,
			unsigned flags, struct ml_error *err)
{
	struct ml_ws_status res;
	struct ml_ws_want *sorted = ml_calloc(nwants ? nwants : 1, sizeof(*sorted));
	struct ml_strvec listed = ML_STRVEC_INIT, sel = ML_STRVEC_INIT;
	const struct ml_strvec *present = &listed;
	/* every directory to tell of: present and wanted, sorted (borrowed from both) */
	const char **all = NULL, *const * dirs;
	size_t nall = 0, ndirs;
	struct check c = { flags, time(NULL), 0, 0, false, false, NULL, false };
	int ret = 0;

	{
		char *p = ml_path_join(ws->state, "conflicts");
		struct stat st;

		c.conflicts = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
		free(p);
	}
	ml_ws_status_init(&res);
	ws_open_fds(ws);
	if (nwants)
		memcpy(sorted, wants, nwants * sizeof(*sorted));
	for (size_t i = 0; i < nwants; i++) {
		ret = ml_lock_check_dir(sorted[i].dir, err);
		if (ret)
			goto out;
	}
	ml_sort_once(sorted, nwants, sizeof(*sorted), want_cmp);
	/* present: managed directories, and any other visible directory or link (as the
	 * plan just before found them, when nothing changed since) */
	if (ws->present_memo)
		present = &ws->present;
	else
		ret = list_present(&listed, ws, err);
	if (ret)
		goto out;
	all = ml_calloc(present->n + nwants + 1, sizeof(*all));
	for (size_t i = 0, j = 0; i < present->n || j < nwants;) {
		int cmp = i >= present->n ? 1
			  : j >= nwants   ? -1
					  : strcmp(present->v[i], sorted[j].dir);

		all[nall++] = cmp <= 0 ? present->v[i] : sorted[j].dir;
		i += cmp <= 0;
		j += cmp >= 0;
		/* a directory wanted twice is the plan's error; here it is told of once */
		while (j < nwants && nall && !strcmp(sorted[j].dir, all[nall - 1]))
			j++;
	}
	dirs = all;
	ndirs = nall;
	if (only && only->n) {
		for (size_t i = 0; i < only->n; i++) {
			ret = ml_lock_check_dir(only->v[i], err);
			if (ret)
				goto out;
			if (!sorted_has_v(all, nall, only->v[i])) {
				ret = ml_error_set(err, ML_EUSAGE,
						   "'%s' is not a directory of the lock or of '%s'",
						   only->v[i], ws->root);
				goto out;
			}
			ml_strvec_push(&sel, only->v[i]);
		}
		ml_strvec_sort_uniq(&sel);
		dirs = (const char *const *)sel.v;
		ndirs = sel.n;
	}
	if (!(flags & ML_WS_HASH_ALL))
		try_lock(ws);
	/* the index, for a status of every directory that trusts stamps; rewritten when it
	 * differs from the manifests (only with the workspace lock: no pull is changing them) */
	if (!(flags & ML_WS_HASH_ALL) && !(only && only->n)) {
		c.ix = ix_get(ws);
		c.ix_build = ws->locked && ws->man_fd >= 0;
		ws->nixr = 0;
		ml_buf_reset(&ws->ix_fresh);
	}
	for (size_t i = 0, j = 0; i < ndirs; i++) {
		int cmp = 1;

		/* dirs and wants both sorted: one walk finds each one's want */
		while (j < nwants && (cmp = strcmp(sorted[j].dir, dirs[i])) < 0)
			j++;
		ret = status_dir(&res, ws, dirs[i], j < nwants && cmp == 0 ? &sorted[j] : NULL, &c,
				 err);
		if (ret)
			goto out;
	}
	if (c.ix_build)
		ix_write(ws);
	res.files = c.files;
	res.hashed = c.hashed;
	*out = res;
	ml_ws_status_init(&res);
out:
	ml_ws_status_release(&res);
	ml_strvec_release(&listed);
	ml_strvec_release(&sel);
	free(all);
	free(sorted);
	return ret;
}
