/*
 * `monolock cache`: listing, verifying and collecting the cache (layout in cache_admin.h).
 * The cache is not trusted: below its root every directory is opened with O_NOFOLLOW, every
 * entry looked at with fstatat(AT_SYMLINK_NOFOLLOW), and only what matches the layout
 * monolock writes is counted or removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch/cache_admin.h"
#include "fetch/fetch.h"

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static size_t hex_len(enum ml_hash_kind kind)
{
	return kind == ML_HASH_MD5 ? 32 : kind == ML_HASH_SHA256 ? 64 : 128;
}

static int64_t used_of(const struct stat *st)
{
	return st->st_atime > st->st_mtime ? (int64_t)st->st_atime : (int64_t)st->st_mtime;
}

/* The names in directory `name` of dirfd (never a link), sorted; none when it is not one. */
static int list_at(struct ml_strvec *out, int dirfd, const char *name, size_t *budget,
		   const char *where, struct ml_error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!*budget) {
			closedir(d);
			return ml_error_set(err, ML_EIO,
					    "cache '%s': more than %u entries; remove it by hand",
					    where, ML_CACHE_ADMIN_MAX_ENTRIES);
		}
		(*budget)--;
		ml_strvec_push(out, de->d_name);
	}
	closedir(d);
	ml_strvec_sort(out);
	return 0;
}

/* Bytes of the regular files and links of a tree (never followed), and its newest use. */
static int tree_size(uint64_t *size, int64_t *used, int dirfd, const char *name, int depth,
		     size_t *budget, const char *where, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	struct stat st;
	int fd = -1, ret = 0;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	/* mtimes only: listing a directory moves its atime, and gc must not count itself */
	if ((int64_t)st.st_mtime > *used)
		*used = (int64_t)st.st_mtime;
	if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		*size += (uint64_t)st.st_size;
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (depth >= ML_CACHE_ADMIN_MAX_DEPTH)
		return ml_error_set(err, ML_EIO, "cache '%s': deeper than %d directories", where,
				    ML_CACHE_ADMIN_MAX_DEPTH);
	ret = list_at(&names, dirfd, name, budget, where, err);
	if (ret < 0)
		goto out;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	for (size_t i = 0; fd >= 0 && i < names.n && !ret; i++)
		ret = tree_size(size, used, fd, names.v[i], depth + 1, budget, where, err);
out:
	if (fd >= 0)
		close(fd);
	ml_strvec_release(&names);
	return ret;
}

static struct ml_cache_entry *add_entry(struct ml_cache_listing *l, enum ml_cache_kind kind,
					char *rel, uint64_t size, int64_t used)
{
	struct ml_cache_entry *e;

	ML_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	e = &l->v[l->n++];
	*e = (struct ml_cache_entry){ kind, rel, size, used };
	return e;
}

/* archives/<kind>/xx/<hex>: calls fn for every name of the layout (others are not ours). */
typedef int (*archive_fn)(void *ctx, int xxfd, const char *xx, const char *hex,
			  struct ml_error *err);

static int each_archive(int rootfd, enum ml_hash_kind kind, size_t *budget, archive_fn fn,
			void *ctx, struct ml_error *err)
{
	struct ml_strvec xxs = ML_STRVEC_INIT;
	char *rel = ml_xasprintf("archives/%s", ml_hash_kind_name(kind));
	int kfd = -1, ret;

	ret = list_at(&xxs, rootfd, rel, budget, rel, err);
	if (ret < 0 || !xxs.n)
		goto out;
	kfd = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	for (size_t i = 0; kfd >= 0 && i < xxs.n && !ret; i++) {
		struct ml_strvec names = ML_STRVEC_INIT;
		int xfd;

		if (strlen(xxs.v[i]) != 2 || !is_hex(xxs.v[i], 2))
			continue;
		ret = list_at(&names, kfd, xxs.v[i], budget, rel, err);
		xfd = openat(kfd, xxs.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		for (size_t j = 0; xfd >= 0 && j < names.n && !ret; j++) {
			const char *h = names.v[j];

			if (strlen(h) == hex_len(kind) && is_hex(h, strlen(h)) &&
			    !memcmp(h, xxs.v[i], 2))
				ret = fn(ctx, xfd, xxs.v[i], h, err);
		}
		if (xfd >= 0)
			close(xfd);
		ml_strvec_release(&names);
	}
out:
	if (kfd >= 0)
		close(kfd);
	free(rel);
	ml_strvec_release(&xxs);
	return ret;
}

/*
 * The sha256 an index link names when its text is exactly what fetch/cache.c writes,
 * "../../sha256/xx/<sha256>"; false for anything else (not a link, other text).
 */
static bool index_target(char sha[65], int xfd, const char *name)
{
	char text[96];
	ssize_t n = readlinkat(xfd, name, text, sizeof(text));

	if (n != 13 + 3 + 64 || memcmp(text, "../../sha256/", 13) || text[15] != '/' ||
	    memcmp(text + 13, text + 16, 2) || !is_hex(text + 16, 64))
		return false;
	memcpy(sha, text + 16, 64);
	sha[64] = '\0';
	return true;
}

struct list_ctx {
	struct ml_cache_listing *l;
};

static int list_content(void *ctx, int xfd, const char *xx, const char *hex, struct ml_error *err)
{
	struct list_ctx *c = ctx;
	struct stat st;

	(void)err;
	if (fstatat(xfd, hex, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return 0;
	add_entry(c->l, ML_CACHE_ARCHIVES, ml_xasprintf("archives/sha256/%s/%s", xx, hex),
		  (uint64_t)st.st_size, used_of(&st));
	return 0;
}

/* Index links add their few bytes to the content they lead to. */
static int list_index(void *ctx, int xfd, const char *xx, const char *hex, struct ml_error *err)
{
	struct list_ctx *c = ctx;
	char sha[65], *rel;
	struct stat st;

	(void)xx;
	(void)err;
	if (fstatat(xfd, hex, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISLNK(st.st_mode) ||
	    !index_target(sha, xfd, hex))
		return 0;
	rel = ml_xasprintf("archives/sha256/%.2s/%s", sha, sha);
	for (size_t i = 0; i < c->l->n; i++)
		if (!strcmp(c->l->v[i].rel, rel)) {
			c->l->v[i].size += (uint64_t)st.st_size;
			break;
		}
	free(rel);
	return 0;
}

static int entry_cmp_rel(const void *a, const void *b)
{
	return strcmp(((const struct ml_cache_entry *)a)->rel,
		      ((const struct ml_cache_entry *)b)->rel);
}

/* Files named <16 hex><suffix> directly in dir (repos/, solves/). */
static int list_files(struct ml_cache_listing *l, int rootfd, const char *dir, const char *suffix,
		      enum ml_cache_kind kind, size_t *budget, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	int fd = -1, ret;

	ret = list_at(&names, rootfd, dir, budget, dir, err);
	if (ret < 0 || !names.n)
		goto out;
	fd = openat(rootfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	for (size_t i = 0; fd >= 0 && i < names.n; i++) {
		const char *n = names.v[i];
		struct stat st;

		if (strlen(n) != 16 + strlen(suffix) || !is_hex(n, 16) || strcmp(n + 16, suffix) ||
		    fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		add_entry(l, kind, ml_xasprintf("%s/%s", dir, n), (uint64_t)st.st_size,
			  used_of(&st));
	}
out:
	if (fd >= 0)
		close(fd);
	ml_strvec_release(&names);
	return ret;
}

/* A git store's name as fetch/git.c makes it: "<slug>-<16 hex>" or "<16 hex>". */
static bool is_store_name(const char *n)
{
	size_t len = strlen(n);

	if (len < 16 || !is_hex(n + len - 16, 16))
		return false;
	return len == 16 || n[len - 17] == '-';
}

static int list_git(struct ml_cache_listing *l, int rootfd, size_t *budget, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	int fd = -1, ret;

	ret = list_at(&names, rootfd, "git", budget, "git", err);
	if (ret < 0 || !names.n)
		goto out;
	fd = openat(rootfd, "git", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	for (size_t i = 0; fd >= 0 && i < names.n && !ret; i++) {
		uint64_t size = 0;
		int64_t used = 0;
		struct stat st;
		char *lockname;

		if (!is_store_name(names.v[i]) ||
		    fstatat(fd, names.v[i], &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			continue;
		ret = tree_size(&size, &used, fd, names.v[i], 0, budget, "git", err);
		/* the store's lock file is touched by every fetch */
		lockname = ml_xasprintf("%s.lock", names.v[i]);
		if (fstatat(fd, lockname, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    (int64_t)st.st_mtime > used)
			used = (int64_t)st.st_mtime;
		free(lockname);
		add_entry(l, ML_CACHE_GIT, ml_xasprintf("git/%s", names.v[i]), size, used);
	}
out:
	if (fd >= 0)
		close(fd);
	ml_strvec_release(&names);
	return ret;
}

static int open_root(int *out, const char *root, struct ml_error *err)
{
	/* the root itself is the user's choice (it may be a link they made) */
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 && errno != ENOENT)
		return ml_error_errno(err, ML_EIO, "cannot open the cache '%s'", root);
	*out = fd;
	return 0;
}

static int list_root(struct ml_cache_listing *out, int rootfd, struct ml_error *err)
{
	size_t budget = ML_CACHE_ADMIN_MAX_ENTRIES;
	struct list_ctx ctx = { out };
	int ret;

	for (int k = 0; k < ML_CACHE_NKINDS; k++)
		out->oldest[k] = INT64_MAX;
	if (rootfd < 0)
		return 0;
	ret = each_archive(rootfd, ML_HASH_SHA256, &budget, list_content, &ctx, err);
	if (!ret) {
		qsort(out->v, out->n, sizeof(*out->v), entry_cmp_rel);
		ret = each_archive(rootfd, ML_HASH_MD5, &budget, list_index, &ctx, err);
	}
	if (!ret)
		ret = each_archive(rootfd, ML_HASH_SHA512, &budget, list_index, &ctx, err);
	if (!ret)
		ret = list_git(out, rootfd, &budget, err);
	if (!ret)
		ret = list_files(out, rootfd, "repos", ".cache", ML_CACHE_REPOS, &budget, err);
	if (!ret)
		ret = list_files(out, rootfd, "solves", ".memo", ML_CACHE_SOLVES, &budget, err);
	for (size_t i = 0; i < out->n; i++) {
		const struct ml_cache_entry *e = &out->v[i];

		out->count[e->kind]++;
		out->size[e->kind] += e->size;
		if (e->used < out->oldest[e->kind])
			out->oldest[e->kind] = e->used;
	}
	return ret;
}

int ml_cache_list(struct ml_cache_listing *out, const char *root, struct ml_error *err)
{
	char *dir = root ? ml_strdup(root) : ml_cache_dir();
	int fd = -1, ret;

	memset(out, 0, sizeof(*out));
	ret = open_root(&fd, dir, err);
	if (!ret)
		ret = list_root(out, fd, err);
	if (fd >= 0)
		close(fd);
	free(dir);
	return ret;
}

/* flock on root/name: exclusive or shared, waiting or not. The descriptor, or negative. */
static int take_lock(const char *root, const char *name, int how, struct ml_error *err)
{
	char *path = ml_path_join(root, name);
	int fd = ml_fs_open_lock(path, err);

	while (fd >= 0 && flock(fd, how) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK)
			ml_error_set(err, ML_ERROR, "'%s' is locked by another process", path);
		else
			ml_error_errno(err, ML_EIO, "cannot lock '%s'", path);
		close(fd);
		fd = errno == EWOULDBLOCK ? ML_ERROR : ML_EIO;
	}
	free(path);
	return fd;
}

/* ---- verify ---- */

/* What a good content's digests are, by sha256, for the index links to be checked against. */
struct good {
	char sha[65];
	char md5[33];
	char sha512[129];
};

struct verify_ctx {
	const char *root;
	struct ml_cache_verify_result *out;
	struct good *good;
	size_t ngood, good_alloc;
};

static int good_cmp(const void *a, const void *b)
{
	return strcmp(((const struct good *)a)->sha, ((const struct good *)b)->sha);
}

/* Removes root/rel (that entry only, never a link's target) under the cache's lock. */
/*
 * Removes root/rel (that entry only, never a link's target) under the cache's lock, unless
 * it is now good: a pull may have committed the same content again since it was hashed
 * (commits take the same lock), and that entry is what the pull is about to extract.
 * sha256 names a content entry (rel is one), NULL an index link (recommitted links are
 * only ever the right text, so a link is checked again by its text alone).
 */
static void drop_bad(struct verify_ctx *c, char *rel, const char *sha256)
{
	int lock = take_lock(c->root, "lock", LOCK_EX, NULL);
	char *path = ml_path_join(c->root, rel);
	struct ml_digests d;
	struct stat st;
	bool good = false;

	if (sha256 && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    ml_digest_of_file(&d, ML_HASH_SHA256, path, 0, NULL) == 0)
		good = !strcmp(d.hex[ML_HASH_SHA256], sha256);
	if (!good)
		ml_fs_remove_tree(path, NULL);
	if (lock >= 0)
		close(lock);
	free(path);
	if (good)
		free(rel);
	else
		ml_strvec_push_owned(&c->out->bad, rel);
}

static int verify_content(void *ctx, int xfd, const char *xx, const char *hex, struct ml_error *err)
{
	struct verify_ctx *c = ctx;
	char *rel = ml_xasprintf("archives/sha256/%s/%s", xx, hex);
	char *path = ml_path_join(c->root, rel);
	struct ml_error sub = ML_ERROR_INIT;
	struct ml_digests d;
	struct stat st;
	int ret = 0;

	if (fstatat(xfd, hex, &st, AT_SYMLINK_NOFOLLOW) < 0)
		goto out;
	/* a directory on the way to it is not followed either: xfd was opened O_NOFOLLOW */
	if (S_ISREG(st.st_mode)) {
		ret = ml_digests_of_file(&d, path, 0, &sub);
		if (ret == ML_ENOTFOUND) {
			ret = 0;
		} else if (ret < 0) {
			ml_error_move(err, &sub);
			goto out;
		}
		{
			/* reading is not a use: the atime a pull's lookup stamps is put back */
			const struct timespec ts[2] = { st.st_atim, { 0, UTIME_OMIT } };

			utimensat(xfd, hex, ts, AT_SYMLINK_NOFOLLOW);
		}
		c->out->checked++;
		c->out->bytes += (uint64_t)st.st_size;
		if (!strcmp(d.hex[ML_HASH_SHA256], hex)) {
			struct good *g;

			ML_ALLOC_GROW(c->good, c->ngood + 1, c->good_alloc);
			g = &c->good[c->ngood++];
			memcpy(g->sha, hex, 65);
			memcpy(g->md5, d.hex[ML_HASH_MD5], 33);
			memcpy(g->sha512, d.hex[ML_HASH_SHA512], 129);
			goto out;
		}
	}
	drop_bad(c, rel, hex);
	rel = NULL;
out:
	ml_error_release(&sub);
	free(rel);
	free(path);
	return ret;
}

struct verify_index {
	struct verify_ctx *c;
	enum ml_hash_kind kind;
};

static int verify_link(void *ctx, int xfd, const char *xx, const char *hex, struct ml_error *err)
{
	struct verify_index *vi = ctx;
	struct verify_ctx *c = vi->c;
	struct good key, *g = NULL;
	struct stat st;

	(void)err;
	if (fstatat(xfd, hex, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	if (S_ISLNK(st.st_mode) && index_target(key.sha, xfd, hex))
		g = bsearch(&key, c->good, c->ngood, sizeof(*c->good), good_cmp);
	if (g && !strcmp(vi->kind == ML_HASH_MD5 ? g->md5 : g->sha512, hex))
		return 0;
	drop_bad(c, ml_xasprintf("archives/%s/%s/%s", ml_hash_kind_name(vi->kind), xx, hex), NULL);
	return 0;
}

int ml_cache_verify(struct ml_cache_verify_result *out, const char *root, struct ml_error *err)
{
	char *dir = root ? ml_strdup(root) : ml_cache_dir();
	struct verify_ctx c = { dir, out, NULL, 0, 0 };
	struct verify_index md5 = { &c, ML_HASH_MD5 }, sha512 = { &c, ML_HASH_SHA512 };
	size_t budget = ML_CACHE_ADMIN_MAX_ENTRIES;
	int fd = -1, ret;

	memset(out, 0, sizeof(*out));
	ret = open_root(&fd, dir, err);
	if (ret || fd < 0)
		goto out;
	ret = each_archive(fd, ML_HASH_SHA256, &budget, verify_content, &c, err);
	if (ret)
		goto out;
	if (c.ngood) /* an empty cache: qsort must not be given NULL (UBSan) */
		qsort(c.good, c.ngood, sizeof(*c.good), good_cmp);
	ret = each_archive(fd, ML_HASH_MD5, &budget, verify_link, &md5, err);
	if (!ret)
		ret = each_archive(fd, ML_HASH_SHA512, &budget, verify_link, &sha512, err);
	ml_strvec_sort(&out->bad);
out:
	if (fd >= 0)
		close(fd);
	free(c.good);
	free(dir);
	return ret;
}

void ml_cache_verify_result_release(struct ml_cache_verify_result *r)
{
	if (r)
		ml_strvec_release(&r->bad);
}

/* ---- gc ---- */

static int entry_cmp_used(const void *a, const void *b)
{
	const struct ml_cache_entry *x = a, *y = b;

	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

/* Removes a git store unless another process holds its lock (it is fetching into it). */
static bool remove_store(const char *root, const char *rel)
{
	char *lockrel = ml_xasprintf("%s.lock", rel);
	char *path = ml_path_join(root, rel);
	int fd = take_lock(root, lockrel, LOCK_EX | LOCK_NB, NULL);
	bool done = false;

	if (fd >= 0) {
		done = ml_fs_remove_tree(path, NULL) == 0;
		close(fd);
	}
	free(lockrel);
	free(path);
	return done;
}

struct sweep_ctx {
	const char *root;
	const struct ml_strvec *removed; /* sha256 names, sorted */
	enum ml_hash_kind kind;
};

/* Drops the index links of removed contents. */
static int sweep_link(void *ctx, int xfd, const char *xx, const char *hex, struct ml_error *err)
{
	struct sweep_ctx *s = ctx;
	char sha[65];
	const char *key = sha;

	(void)err;
	if (index_target(sha, xfd, hex) &&
	    bsearch(&key, s->removed->v, s->removed->n, sizeof(char *), ml_strptrcmp)) {
		(void)xx;
		unlinkat(xfd, hex, 0);
	}
	return 0;
}

int ml_cache_gc(struct ml_cache_gc_result *out, const char *root, const struct ml_cache_gc_opts *o,
		struct ml_error *err)
{
	char *dir = root ? ml_strdup(root) : ml_cache_dir();
	struct ml_cache_listing l = { 0 };
	struct ml_strvec removed = ML_STRVEC_INIT;
	struct ml_error sub = ML_ERROR_INIT;
	uint64_t total = 0;
	int fd = -1, use = -1, lock = -1, ret;

	memset(out, 0, sizeof(*out));
	ret = open_root(&fd, dir, err);
	if (ret || fd < 0)
		goto out;
	/*
	 * A pull holds use.lock shared while its archive cache is open (ml_cache_open), so an
	 * entry it looked up or committed cannot vanish under it; gc does not wait for it (a
	 * pull can take minutes) but refuses, so that a cron job fails loudly and runs later.
	 * What a pull does after its downloads (extracting the archives it fetched, exporting
	 * git commits) is covered by the grace period: lookups stamp an entry's atime, and gc
	 * never removes what was used within opts->grace.
	 */
	use = take_lock(dir, "use.lock", LOCK_EX | LOCK_NB, &sub);
	if (use == ML_ERROR) {
		ret = ml_error_set(err, ML_ERROR,
				   "cache gc: the cache '%s' is in use by a running pull; nothing "
				   "was removed (run gc again once it is done)",
				   dir);
		goto out;
	}
	if (use < 0) {
		ret = use;
		ml_error_move(err, &sub);
		goto out;
	}
	ret = list_root(&l, fd, err);
	if (ret)
		goto out;
	qsort(l.v, l.n, sizeof(*l.v), entry_cmp_used);
	for (size_t i = 0; i < l.n; i++)
		total += l.v[i].size;
	lock = take_lock(dir, "lock", LOCK_EX, err);
	if (lock < 0) {
		ret = lock;
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct ml_cache_entry *e = &l.v[i];
		bool old = o->has_older_than && e->used < o->now - o->older_than;
		bool over = o->has_max_size && total > o->max_size;
		bool gone = false;

		if ((old || over) && e->used > o->now - o->grace) {
			out->recent++;
		} else if (old || over) {
			char *path = ml_path_join(dir, e->rel);

			if (e->kind == ML_CACHE_GIT) {
				gone = remove_store(dir, e->rel);
			} else {
				gone = ml_fs_remove_tree(path, NULL) == 0;
				if (gone && e->kind == ML_CACHE_ARCHIVES)
					ml_strvec_push(&removed, strrchr(e->rel, '/') + 1);
			}
			free(path);
		}
		if (gone) {
			out->removed++;
			out->removed_bytes += e->size;
			total -= e->size;
		} else {
			out->kept++;
			out->kept_bytes += e->size;
		}
	}
	if (removed.n) {
		struct sweep_ctx s = { dir, &removed, ML_HASH_MD5 };
		size_t budget = ML_CACHE_ADMIN_MAX_ENTRIES;

		ml_strvec_sort(&removed);
		each_archive(fd, ML_HASH_MD5, &budget, sweep_link, &s, NULL);
		s.kind = ML_HASH_SHA512;
		each_archive(fd, ML_HASH_SHA512, &budget, sweep_link, &s, NULL);
	}
out:
	if (lock >= 0)
		close(lock);
	if (use >= 0)
		close(use);
	if (fd >= 0)
		close(fd);
	ml_error_release(&sub);
	ml_strvec_release(&removed);
	ml_cache_listing_release(&l);
	free(dir);
	return ret;
}
