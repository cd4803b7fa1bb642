/* `monolock mirror`: the lock's archives in opam's download-cache layout (see mirror.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch/git_pack.h"
#include "fetch/mirror.h"

void ml_mirror_report_release(struct ml_mirror_report *r)
{
	if (!r)
		return;
	ml_strvec_release(&r->missing);
	ml_strvec_release(&r->bad);
	ml_strvec_release(&r->skipped);
}

static bool is_archive(const struct ml_lock_source *s)
{
	return !s->commit && !ml_lock_source_is_local(s) && s->checksums.n;
}

static char *rel_of(enum ml_hash_kind kind, const char *hex)
{
	return ml_xasprintf("%s/%.2s/%s", ml_hash_kind_name(kind), hex, hex);
}

/*
 * The DIR/<kind>/xx directories this run made or found real (not a link): each is checked
 * with ml_fs_mkdirs_below once, not before every entry (one bit per kind and prefix).
 */
struct subdirs {
	pthread_mutex_t lock; /* guards kind and ok: entries are staged on several threads */
	bool kind[ML_HASH_NKINDS];
	bool fresh[ML_HASH_NKINDS]; /* DIR/<kind> made by this run (ensure_kind) */
	unsigned char ok[ML_HASH_NKINDS][256 / 8];
};

/* The inode a cache entry's check hashed (st_dev, st_ino of the file it read). */
struct ident {
	uint64_t dev, ino;
};

static bool is_ident(const struct stat *st, const struct ident *id)
{
	return S_ISREG(st->st_mode) && (uint64_t)st->st_dev == id->dev &&
	       (uint64_t)st->st_ino == id->ino;
}

/*
 * Makes DIR/<kind> (real: not a link), noting whether this run made it (fresh: what is below
 * it then is what this run, or one running beside it, puts there). Called with sd->lock held,
 * or before entries are staged on threads.
 */
static int ensure_kind(struct subdirs *sd, const char *dir, enum ml_hash_kind kind,
		       struct ml_error *err)
{
	const char *name = ml_hash_kind_name(kind);
	char *path;
	int ret;

	if (sd->kind[kind])
		return 0;
	path = ml_path_join(dir, name);
	sd->fresh[kind] = mkdir(path, 0755) == 0;
	free(path);
	ret = ml_fs_mkdirs_below(dir, name, 0755, err);
	if (!ret)
		sd->kind[kind] = true;
	return ret;
}

/* Makes DIR/<kind>/xx for hex, once per run; safe on several threads at once. */
static int ensure_subdir(struct subdirs *sd, const char *dir, enum ml_hash_kind kind,
			 const char *hex, struct ml_error *err)
{
	unsigned b = (unsigned)(ml_hexval(hex[0]) << 4 | ml_hexval(hex[1]));
	unsigned char bit = (unsigned char)(1u << (b & 7));
	char *sub, *path;
	struct stat st;
	bool ok;
	int ret;

	pthread_mutex_lock(&sd->lock);
	ok = sd->ok[kind][b >> 3] & bit;
	ret = ok ? 0 : ensure_kind(sd, dir, kind, err);
	pthread_mutex_unlock(&sd->lock);
	if (ok || ret)
		return ret;
	sub = ml_xasprintf("%s/%.2s", ml_hash_kind_name(kind), hex);
	path = ml_path_join(dir, sub);
	/*
	 * DIR/<kind> is real (checked above): a new directory, or one that is not a link. Not
	 * under the lock: two threads making one prefix at once find it made (EEXIST).
	 */
	if (mkdir(path, 0755) < 0 &&
	    (errno != EEXIST || lstat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
		ret = ml_fs_mkdirs_below(dir, sub, 0755, err); /* its error, or what it mends */
	if (!ret) {
		pthread_mutex_lock(&sd->lock);
		sd->ok[kind][b >> 3] |= bit;
		pthread_mutex_unlock(&sd->lock);
	}
	free(sub);
	free(path);
	return ret;
}

/*
 * Whether the entry at path is a regular file (not followed if a link) with content d, by the
 * kinds in `kinds` (sha256 and those the lock lists: the only digests computed). An entry
 * that is absent is *exists false; one that is something else is bad.
 */
static int entry_matches(bool *exists, bool *good, const char *path, const struct ml_digests *d,
			 unsigned kinds, struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	struct ml_digests have;
	struct stat st;
	int ret;

	*good = false;
	*exists = lstat(path, &st) == 0;
	if (!*exists || !S_ISREG(st.st_mode))
		return 0;
	ret = ml_digests_of_file_kinds(&have, kinds, path, 0, &sub);
	if (ret == ML_ENOTFOUND) {
		ret = 0;
	} else if (ret < 0) {
		ml_error_move(err, &sub);
		return ret;
	} else {
		*good = true;
		for (int k = 0; k < ML_HASH_NKINDS; k++)
			*good =
			    *good && (!(kinds & ML_HASH_BIT(k)) || !strcmp(have.hex[k], d->hex[k]));
	}
	ml_error_release(&sub);
	return 0;
}

/* Whether a and b are one regular file (hard links to one inode). */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return lstat(a, &sa) == 0 && lstat(b, &sb) == 0 && S_ISREG(sa.st_mode) &&
	       S_ISREG(sb.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Whether st (an lstat) is the regular file at path (one inode). */
static bool same_inode(const struct stat *st, const char *path)
{
	struct stat o;

	return S_ISREG(st->st_mode) && lstat(path, &o) == 0 && S_ISREG(o.st_mode) &&
	       st->st_dev == o.st_dev && st->st_ino == o.st_ino;
}

/* Whether the regular file at path hashes to kind=hex (one kind: the read-back check). */
static int read_back(bool *good, const char *path, enum ml_hash_kind kind, const char *hex,
		     struct ml_error *err)
{
	struct ml_error sub = ML_ERROR_INIT;
	struct ml_digests d;
	int ret = ml_digest_of_file(&d, kind, path, 0, &sub);

	*good = ret == 0 && !strcmp(d.hex[kind], hex);
	if (ret == ML_ENOTFOUND)
		ret = 0; /* not a regular file any more: not good */
	else if (ret < 0)
		ml_error_move(err, &sub);
	ml_error_release(&sub);
	return ret;
}

/* Copies from into a new temporary file in dir, fsynced; *out (free()) names it. */
static int copy_tmp(char **out, struct ml_digests *d, const char *dir, const char *from,
		    uint64_t *bytes, bool sync, struct ml_error *err)
{
	char *tmp = ml_xasprintf("%s/.tmp-XXXXXX", dir);
	int in = ml_fs_open_regular(from, err), fd = -1, ret = 0;
	struct ml_hasher *h = d ? ml_hasher_new() : NULL;
	char buf[1 << 16];
	bool buffered = h != NULL;
	ssize_t n = 0;

	if (in < 0) {
		ret = in;
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "mirror: cannot create a file in '%s'", dir);
		goto out;
	}
	fchmod(fd, 0644);
	/* in the kernel, from page cache to page cache, when there is nothing to hash */
	while (!buffered && (n = sendfile(fd, in, NULL, (size_t)1 << 30)) > 0)
		*bytes += (uint64_t)n;
	if (!buffered && n < 0 && errno != EINVAL && errno != ENOSYS && errno != EINTR) {
		ret = ml_error_errno(err, ML_EIO, "mirror: cannot copy '%s' to '%s'", from, tmp);
		goto out;
	}
	/* where sendfile cannot, from where it stopped: through a buffer */
	buffered = buffered || n < 0;
	while (buffered && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(fd, buf, (size_t)n) != n) {
			ret = ml_error_errno(err, ML_EIO, "mirror: cannot copy '%s' to '%s'", from,
					     tmp);
			goto out;
		}
		if (h)
			ml_hasher_update(h, buf, (size_t)n);
		*bytes += (uint64_t)n;
	}
	if (h)
		ml_hasher_final(d, h);
	if (sync && !ml_fs_sync_disabled() && fsync(fd) < 0 && errno != EINVAL) {
		ret = ml_error_errno(err, ML_EIO, "mirror: cannot write '%s'", tmp);
		goto out;
	}
out:
	ml_hasher_free(h);
	if (in >= 0)
		close(in);
	if (fd >= 0)
		close(fd);
	if (ret < 0) {
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
	} else {
		*out = tmp;
	}
	return ret;
}

/*
 * Makes DIR/<kind>/xx/<hex> hold the content d, whose copy is at `from` (the mirror's own
 * sha256 entry, just verified): a hard link to it when possible, else a copy read back. d
 * holds the kinds in `kinds` (sha256 and the lock's), by which an entry found is checked.
 */
static int ensure_entry(struct ml_mirror_report *r, struct subdirs *sd, const char *dir,
			enum ml_hash_kind kind, const struct ml_digests *d, unsigned kinds,
			const char *from, struct ml_error *err)
{
	const char *hex = d->hex[kind];
	char *rel = rel_of(kind, hex), *path = ml_path_join(dir, rel);
	char *sub = ml_xasprintf("%s/%.2s", ml_hash_kind_name(kind), hex);
	char *subdir = ml_path_join(dir, sub), *tmp = NULL;
	bool exists, good;
	struct stat st;
	int ret = 0;

	if (lstat(path, &st) == 0) {
		/* a link to the sha256 entry, whose content is d (checked): nothing to read */
		if (same_inode(&st, from)) {
			r->present++;
			goto out;
		}
		ret = entry_matches(&exists, &good, path, d, kinds, err);
		if (ret < 0 || exists)
			goto found;
	}
	ret = ensure_subdir(sd, dir, kind, hex, err);
	if (ret < 0)
		goto out;
	/* link(2) never replaces: a concurrent writer's entry wins, and is then verified */
	if (link(from, path) == 0) {
		/* the very file just verified under its sha256 name: nothing new to read back */
		r->added++;
		goto out;
	}
	if (errno == EEXIST && same_file(path, from)) {
		r->present++;
		goto out;
	}
	ret = entry_matches(&exists, &good, path, d, kinds, err);
	if (ret < 0 || exists)
		goto found;
	/* the file system refuses hard links: a copy, published the same way */
	ret = copy_tmp(&tmp, NULL, subdir, from, &r->bytes, true, err);
	if (ret < 0)
		goto out;
	if (link(tmp, path) < 0 && errno != EEXIST) {
		ret = ml_error_errno(err, ML_EIO, "mirror: cannot create '%s'", path);
		goto out;
	}
	/* read back what is now published under that name (ours, or a concurrent writer's) */
	ret = read_back(&good, path, kind, hex, err);
	if (ret < 0)
		goto out;
	if (!good) {
		ret = ml_error_set(err, ML_EIO,
				   "mirror: '%s' does not read back as what was written (%s=%s)",
				   path, ml_hash_kind_name(kind), hex);
		goto out;
	}
	r->added++;
	goto out;
found:
	if (ret >= 0 && good)
		r->present++;
	else if (ret >= 0)
		ml_strvec_push(&r->bad, rel);
out:
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(rel);
	free(path);
	free(sub);
	free(subdir);
	return ret;
}

/*
 * The cache's entry itself as the mirror's entry: a hard link, when both are on one file
 * system (pnpm's store does the same). Safe because the cache never changes a file in place:
 * an entry only ever appears by rename(2) of a complete, fsynced file and leaves by unlink(2)
 * (`cache gc`, `cache verify`, the discard of a corrupt entry), so the inode the mirror names
 * keeps the content the cache's check hashed, whatever becomes of the cache's name. What is
 * linked is checked to be that very inode (id): a name replaced between the check and the
 * link is read back instead, and removed unless it is the content (ML_ECHECKSUM). An entry
 * that is not 0644 (a copy's mode) is made so, the inode being shared, or not linked when
 * that fails. *linked false with nothing done when the file system refuses (another file
 * system, no hard links) or when the entry appeared meanwhile (*raced: a concurrent
 * writer's, verified like any entry already there).
 */
static int link_cached(bool *linked, bool *raced, const char *from, const char *path,
		       const struct ident *id, const char *sha, struct ml_error *err)
{
	struct stat st;
	bool good = true;
	int ret = 0;

	*linked = *raced = false;
	if (link(from, path) < 0) {
		*raced = errno == EEXIST;
		return 0;
	}
	if (lstat(path, &st) < 0 || !is_ident(&st, id)) {
		ret = read_back(&good, path, ML_HASH_SHA256, sha, err);
		if (ret == 0 && good && lstat(path, &st) < 0)
			good = false;
	}
	if (ret == 0 && !good)
		ret = ml_error_set(err, ML_ECHECKSUM,
				   "mirror: the cache entry '%s' changed after it was checked "
				   "(nothing written for it: run mirror again)",
				   from);
	if (ret == 0 && (st.st_mode & 07777) != 0644 && chmod(path, 0644) < 0) {
		unlink(path);
		return 0; /* not ours to change: a copy instead */
	}
	if (ret < 0)
		unlink(path);
	else
		*linked = true;
	return ret;
}

/*
 * The sha256 entry in two steps, so that one syncfs makes every new content durable before
 * any is published: stage_content links the cache's entry in (*linked: published, durable
 * already) or copies it to a temporary file beside its place (*tmp, or NULL when the entry
 * is already there, good or bad), publish_content links a copy in and reads it back. d holds
 * the content's digests (from the cache's check: the one pass that reads it).
 */
static int stage_content(char **tmp, bool *linked, const struct ml_digests *d,
			 const struct ident *id, struct ml_mirror_report *r, struct subdirs *sd,
			 const char *dir, const char *from, struct ml_error *err)
{
	const char *sha = d->hex[ML_HASH_SHA256];
	char *rel = rel_of(ML_HASH_SHA256, sha), *path = ml_path_join(dir, rel);
	char *sub = ml_xasprintf("sha256/%.2s", sha), *subdir = ml_path_join(dir, sub);
	struct ml_error e = ML_ERROR_INIT;
	struct ml_digests have;
	struct stat st;
	bool raced = false;
	int ret = 0;

	*tmp = NULL;
	*linked = false;
	/* in a DIR/sha256 this run made, an entry there already is found by link's EEXIST */
	if (!sd->fresh[ML_HASH_SHA256] && lstat(path, &st) == 0) {
there:
		/* the inode the cache's check just hashed (linked by an earlier run) */
		if (is_ident(&st, id))
			r->present++;
		else if (S_ISREG(st.st_mode) &&
			 ml_digest_of_file(&have, ML_HASH_SHA256, path, 0, &e) == 0 &&
			 !strcmp(have.hex[ML_HASH_SHA256], sha))
			r->present++;
		else
			ml_strvec_push(&r->bad, rel);
		goto out;
	}
	ret = ensure_subdir(sd, dir, ML_HASH_SHA256, sha, err);
	if (ret == 0)
		ret = link_cached(linked, &raced, from, path, id, sha, err);
	if (ret == 0 && *linked) {
		r->added++;
		goto out;
	}
	if (ret == 0 && raced && lstat(path, &st) == 0)
		goto there;
	if (ret == 0)
		ret = copy_tmp(tmp, NULL, subdir, from, &r->bytes, false, err);
out:
	ml_error_release(&e);
	free(rel);
	free(path);
	free(sub);
	free(subdir);
	return ret;
}

static int publish_content(struct ml_mirror_report *r, const char *dir, const struct ml_digests *d,
			   const char *tmp, struct ml_error *err)
{
	const char *hex = d->hex[ML_HASH_SHA256];
	char *rel = rel_of(ML_HASH_SHA256, hex), *path = ml_path_join(dir, rel);
	bool good;
	int ret = 0;

	/* link(2) never replaces: a concurrent writer's entry wins, and is then read back */
	if (link(tmp, path) < 0 && errno != EEXIST)
		ret = ml_error_errno(err, ML_EIO, "mirror: cannot create '%s'", path);
	unlink(tmp);
	if (ret == 0)
		ret = read_back(&good, path, ML_HASH_SHA256, hex, err);
	if (ret == 0 && !good)
		ret = ml_error_set(
		    err, ML_EIO, "mirror: '%s' does not read back as what was written (sha256=%s)",
		    path, hex);
	if (ret == 0)
		r->added++;
	free(rel);
	free(path);
	return ret;
}

static bool is_git(const struct ml_lock_source *s)
{
	return s->commit && ml_lock_is_commit(s->commit);
}

/* The url git reads a git source from: a relative file:// url is relative to lock_dir. */
static char *git_url(const char *url, const char *lock_dir)
{
	const char *u = ml_starts_with(url, "git+") ? url + 4 : url;
	const char *p = u + strlen("file://");

	if (!ml_starts_with(u, "file://") || p[0] == '/')
		return ml_strdup(u);
	return ml_xasprintf("file://%s/%s", lock_dir, p);
}

/* DIR/git/<commit>.pack: written like an archive entry (temporary file, link, read back). */
static int ensure_pack(struct ml_mirror_report *r, const char *dir, const struct ml_lock_source *s,
		       const char *lock_dir, struct ml_error *err)
{
	char *rel = ml_xasprintf("git/%s.pack", s->commit), *path = ml_path_join(dir, rel);
	char *subdir = ml_path_join(dir, "git"), *tmp = ml_xasprintf("%s/.tmp-XXXXXX", subdir);
	char *url = git_url(s->url, lock_dir);
	struct ml_buf pack = ML_BUF_INIT, back = ML_BUF_INIT;
	struct stat st;
	int fd = -1, ret;

	ret = ml_git_pack_commit(&pack, url, s->commit, err);
	if (ret < 0 && err && err->msg) {
		/* as pull says it: which source, and its package and URL for --json */
		char *msg = ml_strdup(err->msg);

		ml_error_set(err, ret, "%s: %s", s->dir, msg);
		ml_error_about(err, s->packages.n ? s->packages.v[0] : NULL, s->url);
		free(msg);
	}
	if (ret < 0)
		goto out;
	if (lstat(path, &st) == 0) {
		ret = ml_fs_read_regular(&back, path, pack.len + 1, NULL);
		if (ret == 0 && back.len == pack.len && !memcmp(back.buf, pack.buf, pack.len))
			r->present++;
		else
			ml_strvec_push(&r->bad, rel);
		ret = 0;
		goto out;
	}
	ret = ml_fs_mkdirs_below(dir, "git", 0755, err);
	if (ret < 0)
		goto out;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0644) < 0 || write(fd, pack.buf, pack.len) != (ssize_t)pack.len ||
	    (!ml_fs_sync_disabled() && fsync(fd) < 0 && errno != EINVAL)) {
		ret =
		    ml_error_errno(err, ML_EIO, "mirror: cannot write '%s'", fd < 0 ? subdir : tmp);
		goto out;
	}
	if (link(tmp, path) < 0 && errno != EEXIST) {
		ret = ml_error_errno(err, ML_EIO, "mirror: cannot create '%s'", path);
		goto out;
	}
	ml_fs_sync_dir(subdir);
	/* the same commit packs to the same bytes: ours or a concurrent writer's must match */
	ret = ml_fs_read_regular(&back, path, pack.len + 1, err);
	if (ret < 0)
		goto out;
	if (back.len != pack.len || memcmp(back.buf, pack.buf, pack.len)) {
		ret = ml_error_set(err, ML_EIO,
				   "mirror: '%s' does not read back as what was written", path);
		goto out;
	}
	r->added++;
	r->bytes += pack.len;
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	ml_buf_release(&pack);
	ml_buf_release(&back);
	free(rel);
	free(path);
	free(subdir);
	free(tmp);
	free(url);
	return ret;
}

static void skip_others(struct ml_mirror_report *r, const struct ml_lock *lock)
{
	for (size_t i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];

		if (is_archive(s) || is_git(s))
			r->sources++;
		else
			ml_strvec_push_owned(&r->skipped, ml_xasprintf("%s (%s%s%s)", s->dir,
								       s->url, s->commit ? "#" : "",
								       s->commit ? s->commit : ""));
	}
}

/* One archive of ml_mirror_write, staged on any thread: its own slot. */
struct staged {
	struct ml_digests d;       /* sha256 and the kinds in `kinds`, the only digests computed */
	struct ident id;           /* the inode hashed */
	unsigned kinds;            /* the names written: sha256 and each kind the lock lists */
	char *tmp;                 /* a copy to publish, or NULL */
	struct ml_mirror_report r; /* what it found and wrote, added to the run's in order */
	struct ml_error err;
	int ret;
};

struct staging {
	const struct ml_fetch_source *srcs;
	const struct ml_fetch_result *res;
	struct staged *st;
	struct subdirs *sd;
	const char *dir;
};

/* Checks and stages archive i (ml_parallel_for), from its cache entry res[i]. */
static void stage_one(void *ctx, size_t i)
{
	struct staging *g = ctx;
	struct staged *a = &g->st[i];
	const struct ml_fetch_source *src = &g->srcs[i];
	const struct ml_fetch_result *res = &g->res[i];
	/* the cache names its entries archives/sha256/xx/<sha256> and verified it */
	const char *sha = strrchr(res->path, '/') + 1;
	struct ml_checksum *sums = ml_calloc(src->nchecksums + 1, sizeof(*sums));
	bool linked, have = res->have_digests && res->ino;
	struct ml_error *err = &a->err;
	struct stat st;
	int ret = 0;

	for (size_t k = 0; k < src->nchecksums && !ret; k++)
		ret = ml_checksum_parse(&sums[k], src->checksums[k], err);
	/*
	 * The names written: sha256 (the key) and each kind the lock lists, which its consumers
	 * look entries up by; no digest of another kind is computed.
	 */
	a->kinds = ml_checksums_kinds(sums, src->nchecksums) | ML_HASH_BIT(ML_HASH_SHA256);
	for (int k = 0; k < ML_HASH_NKINDS && have; k++)
		have = !(a->kinds & ML_HASH_BIT(k)) || res->digests.hex[k][0];
	if (!ret && have) {
		a->d = res->digests;
		a->id = (struct ident){ res->dev, res->ino };
	} else if (!ret) {
		ret = ml_digests_of_file_stat(&a->d, a->kinds, res->path, 0, &st, err);
		if (!ret)
			a->id = (struct ident){ (uint64_t)st.st_dev, (uint64_t)st.st_ino };
	}
	if (!ret && strcmp(a->d.hex[ML_HASH_SHA256], sha))
		ret = ml_error_set(err, ML_ECHECKSUM, "mirror: '%s' changed while it was read",
				   res->path);
	/* every name written is one of the lock's checksums, or the sha256 checked above */
	if (!ret)
		ret = ml_checksums_verify(&a->d, sums, src->nchecksums, src->label, res->path, err);
	free(sums);
	if (!ret)
		ret = stage_content(&a->tmp, &linked, &a->d, &a->id, &a->r, g->sd, g->dir,
				    res->path, err);
	a->ret = ret;
}

int ml_mirror_write(struct ml_mirror_report *out, const char *dir, const struct ml_lock *lock,
		    const char *lock_dir, const struct ml_fetch_opts *fo, struct ml_error *err)
{
	struct ml_fetch_source *srcs = ml_calloc(lock->nsources + 1, sizeof(*srcs));
	struct ml_fetch_result *res = ml_calloc(lock->nsources + 1, sizeof(*res));
	struct staged *st = NULL;
	struct subdirs sd = { .lock = PTHREAD_MUTEX_INITIALIZER };
	size_t n = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	skip_others(out, lock);
	ret = ml_fs_mkdirs(dir, 0755, err);
	if (ret < 0)
		goto out;
	for (size_t i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *s = &lock->sources[i];

		if (!is_archive(s))
			continue;
		srcs[n++] = (struct ml_fetch_source){ s->dir,
						      s->url,
						      (const char *const *)s->checksums.v,
						      s->checksums.n,
						      (const char *const *)s->mirrors.v,
						      s->mirrors.n,
						      s->packages.n ? s->packages.v[0] : NULL };
	}
	ret = ml_fetch_sources(res, srcs, n, fo, err);
	if (ret < 0)
		goto out;
	st = ml_calloc(n + 1, sizeof(*st));
	if (n)
		ret = ensure_kind(&sd, dir, ML_HASH_SHA256, err);
	if (ret < 0)
		goto out;
	{
		struct staging g = { srcs, res, st, &sd, dir };

		ml_parallel_for(n, ML_FETCH_THREADS, stage_one, &g);
	}
	/* as if staged one after the other: the first failure in the lock's order is the error */
	for (size_t i = 0; i < n; i++) {
		out->added += st[i].r.added;
		out->present += st[i].r.present;
		out->bytes += st[i].r.bytes;
		for (size_t k = 0; k < st[i].r.bad.n; k++)
			ml_strvec_push(&out->bad, st[i].r.bad.v[k]);
		if (!ret && st[i].ret < 0) {
			ret = st[i].ret;
			ml_error_move(err, &st[i].err);
		}
	}
	/* one sync for every new content, before any is published (not one fsync each) */
	if (!ret && out->bytes)
		ret = ml_fs_syncfs(dir, err);
	for (size_t i = 0; i < n && !ret; i++) {
		const struct ml_digests *d = &st[i].d;
		char *sha = ml_xasprintf("%s/sha256/%.2s/%s", dir, d->hex[ML_HASH_SHA256],
					 d->hex[ML_HASH_SHA256]);

		if (st[i].tmp)
			ret = publish_content(out, dir, d, st[i].tmp, err);
		free(st[i].tmp);
		st[i].tmp = NULL;
		if (!ret && (st[i].kinds & ML_HASH_BIT(ML_HASH_MD5)))
			ret = ensure_entry(out, &sd, dir, ML_HASH_MD5, d, st[i].kinds, sha, err);
		if (!ret && (st[i].kinds & ML_HASH_BIT(ML_HASH_SHA512)))
			ret = ensure_entry(out, &sd, dir, ML_HASH_SHA512, d, st[i].kinds, sha, err);
		free(sha);
	}
	/*
	 * and one for the names published: one syncfs, not an fsync of each DIR/<kind>/xx
	 * given a name (on ext4 without a journal each fsync is a device flush: 3.3 times
	 * the wall time of a mirror of 200 linked archives, bench/mirror)
	 */
	if (!ret && out->added)
		ret = ml_fs_syncfs(dir, err);
	for (size_t i = 0; i < lock->nsources && !ret; i++)
		if (is_git(&lock->sources[i]))
			ret = ensure_pack(out, dir, &lock->sources[i], lock_dir, err);
	if (!ret && out->bad.n) {
		ml_strvec_sort(&out->bad);
		ret = ml_error_set(
		    err, ML_ECHECKSUM,
		    "mirror: %zu entr%s in '%s' %s not hold what %s name says "
		    "(left as %s: remove %s and run mirror again)",
		    out->bad.n, out->bad.n == 1 ? "y" : "ies", dir, out->bad.n == 1 ? "does" : "do",
		    out->bad.n == 1 ? "its" : "their", out->bad.n == 1 ? "it is" : "they are",
		    out->bad.n == 1 ? "it" : "them");
	}
out:
	for (size_t i = 0; i < n; i++) {
		if (st) {
			if (st[i].tmp)
				unlink(st[i].tmp);
			free(st[i].tmp);
			ml_mirror_report_release(&st[i].r);
			ml_error_release(&st[i].err);
		}
		ml_fetch_result_release(&res[i]);
	}
	pthread_mutex_destroy(&sd.lock);
	free(st);
	free(res);
	free(srcs);
	return ret;
}

int ml_mirror_check(struct ml_mirror_report *out, const char *dir, const struct ml_lock *lock,
		    struct ml_error *err)
{
	int ret = 0;

	memset(out, 0, sizeof(*out));
	skip_others(out, lock);
	if (!ml_fs_is_dir(dir))
		return ml_error_set(err, ML_ENOTFOUND, "mirror: '%s' is not a directory", dir);
	for (size_t i = 0; i < lock->nsources && !ret; i++) {
		const struct ml_lock_source *s = &lock->sources[i];
		struct ml_checksum *sums;
		bool found = false;

		if (is_git(s)) {
			char *rel = ml_xasprintf("git/%s.pack", s->commit);
			char *path = ml_path_join(dir, rel);
			struct stat st;

			/* its content is checked by git when pull loads it */
			if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
				out->present++;
			else
				ml_strvec_push_owned(
				    &out->missing,
				    ml_xasprintf("%s (%s#%s)", s->dir, s->url, s->commit));
			free(rel);
			free(path);
			continue;
		}
		if (!is_archive(s))
			continue;
		sums = ml_calloc(s->checksums.n, sizeof(*sums));
		for (size_t k = 0; k < s->checksums.n && !ret; k++)
			ret = ml_checksum_parse(&sums[k], s->checksums.v[k], err);
		for (size_t k = 0; k < s->checksums.n && !ret && !found; k++) {
			char *rel = rel_of(sums[k].kind, sums[k].hex);
			char *path = ml_path_join(dir, rel);
			struct ml_error sub = ML_ERROR_INIT;
			struct ml_digests d;
			struct stat st;

			if (lstat(path, &st) == 0) {
				/* only the kinds the lock lists are computed and compared */
				if (S_ISREG(st.st_mode) &&
				    ml_digests_of_file_kinds(
					&d, ml_checksums_kinds(sums, s->checksums.n), path, 0,
					&sub) == 0 &&
				    ml_checksums_verify(&d, sums, s->checksums.n, s->dir, path,
							NULL) == 0) {
					found = true;
					out->present++;
				} else {
					ml_strvec_push(&out->bad, rel);
				}
			}
			ml_error_release(&sub);
			free(rel);
			free(path);
		}
		if (!found)
			ml_strvec_push_owned(&out->missing,
					     ml_xasprintf("%s (%s)", s->dir, s->url));
		free(sums);
	}
	ml_strvec_sort(&out->bad);
	return ret;
}
