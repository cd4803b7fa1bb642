#include "patch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>

#define PATCH_MAX_DEPTH 64

/* libgit2's last error, after ours. */
static int git_fail(struct ml_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int git_fail(struct ml_error *err, int code, const char *fmt, ...)
{
	const git_error *ge = git_error_last();
	struct ml_buf b = ML_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (ge && ge->message)
		ml_buf_addf(&b, ": %s", ge->message);
	ml_error_set(err, code, "%s", b.buf);
	ml_buf_release(&b);
	return code;
}

/* ---- an in-memory repository ---- */

struct mem {
	git_repository *repo;
	git_odb *odb;
	git_odb_backend *pack; /* owned by odb */
};

static int mem_open(struct mem *m, struct ml_error *err)
{
	memset(m, 0, sizeof(*m));
	git_libgit2_init();
	if (git_repository_new(&m->repo) < 0 || git_odb_new(&m->odb) < 0 ||
	    git_mempack_new(&m->pack) < 0 || git_odb_add_backend(m->odb, m->pack, 1) < 0 ||
	    git_repository_set_odb(m->repo, m->odb) < 0)
		return git_fail(err, ML_ERROR, "cannot make an in-memory repository");
	return 0;
}

static void mem_close(struct mem *m)
{
	git_odb_free(m->odb);
	git_repository_free(m->repo);
	git_libgit2_shutdown();
}

/* A relative path a patch may name: no empty, ".", ".." or ".git" component. */
static bool rel_ok(const char *p)
{
	const char *s = p;

	if (!*p || *p == '/' || strlen(p) > ML_LOCK_MAX_STRING)
		return false;
	while (*s) {
		const char *e = strchrnul(s, '/');
		size_t n = (size_t)(e - s);

		if (!n || (n == 1 && s[0] == '.') || (n == 2 && !strncmp(s, "..", 2)) ||
		    (n == 4 && !strncasecmp(s, ".git", 4)))
			return false;
		for (const char *c = s; c < e; c++)
			if ((unsigned char)*c < ' ' || *c == '\\')
				return false;
		s = *e ? e + 1 : e;
		if (*e && !*s)
			return false;
	}
	return true;
}

/* A tree being built: one upsert per file. */
struct tree_build {
	git_tree_update *ups;
	size_t n, alloc;
	struct ml_strvec paths; /* owns the updates' paths */
	const char *prefix;     /* before every path, or NULL */
};

static int tb_add(struct tree_build *tb, struct mem *m, const char *path, const void *data,
		  size_t len, git_filemode_t mode, struct ml_error *err)
{
	git_oid oid;

	if (tb->n >= ML_PATCH_MAX_FILES)
		return ml_error_set(err, ML_EUNSAFE, "more than %u files to compare",
				    ML_PATCH_MAX_FILES);
	if (git_blob_create_from_buffer(&oid, m->repo, data, len) < 0)
		return git_fail(err, ML_ERROR, "%s: cannot store", path);
	if (tb->n == tb->alloc) {
		tb->alloc = tb->alloc ? 2 * tb->alloc : 64;
		tb->ups = ml_reallocarray(tb->ups, tb->alloc, sizeof(*tb->ups));
	}
	ml_strvec_push_owned(&tb->paths, ml_xasprintf("%s%s", tb->prefix ? tb->prefix : "", path));
	tb->ups[tb->n++] = (git_tree_update){ GIT_TREE_UPDATE_UPSERT, oid, mode, NULL };
	return 0;
}

static void tb_release(struct tree_build *tb)
{
	free(tb->ups);
	ml_strvec_release(&tb->paths);
}

static int tb_write(git_tree **out, struct tree_build *tb, struct mem *m, struct ml_error *err)
{
	git_treebuilder *bld = NULL;
	git_tree *empty = NULL;
	git_oid oid;
	int ret = 0;

	for (size_t i = 0; i < tb->n; i++)
		tb->ups[i].path = tb->paths.v[i];
	if (git_treebuilder_new(&bld, m->repo, NULL) < 0 || git_treebuilder_write(&oid, bld) < 0 ||
	    git_tree_lookup(&empty, m->repo, &oid) < 0 ||
	    (tb->n && git_tree_create_updated(&oid, m->repo, empty, tb->n, tb->ups) < 0) ||
	    git_tree_lookup(out, m->repo, &oid) < 0)
		ret = git_fail(err, ML_ERROR, "cannot build a tree");
	git_tree_free(empty);
	git_treebuilder_free(bld);
	return ret;
}

/*
 * Reads root/rel (not following a link at the end) into data; *mode is 0 when absent, else
 * the git mode. Anything else than a file or a link counts as absent.
 */
static int read_entry(struct ml_buf *data, unsigned *mode, const char *root, const char *rel,
		      struct ml_error *err)
{
	char *path = ml_path_join(root, rel);
	struct stat st;
	int ret = 0;

	ml_buf_reset(data);
	*mode = 0;
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", path);
	} else if (S_ISLNK(st.st_mode)) {
		char target[4097];
		ssize_t n = readlink(path, target, sizeof(target));

		if (n < 0 || (size_t)n >= sizeof(target))
			ret = ml_error_errno(err, ML_EIO, "cannot read link '%s'", path);
		else {
			ml_buf_add(data, target, (size_t)n);
			*mode = GIT_FILEMODE_LINK;
		}
	} else if (S_ISREG(st.st_mode)) {
		ret = ml_fs_read_regular(data, path, ML_PATCH_MAX_FILE, err);
		if (!ret)
			*mode =
			    (st.st_mode & 0111) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	}
	free(path);
	return ret;
}

/* Adds every file and link below root/rel to tb (.git left out, names sorted). */
static int tb_walk(struct tree_build *tb, struct mem *m, const char *root, const char *rel,
		   int depth, struct ml_buf *data, struct ml_error *err)
{
	char *dir = *rel ? ml_path_join(root, rel) : ml_strdup(root);
	struct ml_strvec names = ML_STRVEC_INIT;
	int ret;

	if (depth > PATCH_MAX_DEPTH) {
		ret = ml_error_set(err, ML_EUNSAFE, "'%s': deeper than %d directories", dir,
				   PATCH_MAX_DEPTH);
		goto out;
	}
	ret = ml_fs_list_dir(&names, dir, err);
	ml_strvec_sort(&names);
	for (size_t i = 0; !ret && i < names.n; i++) {
		char *crel = *rel ? ml_path_join(rel, names.v[i]) : ml_strdup(names.v[i]);
		char *path = ml_path_join(root, crel);
		struct stat st;
		unsigned mode;

		if (!strcmp(names.v[i], ".git")) {
			/* left out */
		} else if (lstat(path, &st) < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", path);
		} else if (S_ISDIR(st.st_mode)) {
			ret = tb_walk(tb, m, root, crel, depth + 1, data, err);
		} else if (!(ret = read_entry(data, &mode, root, crel, err)) && mode) {
			ret = tb_add(tb, m, crel, data->buf, data->len, mode, err);
		}
		free(path);
		free(crel);
	}
out:
	ml_strvec_release(&names);
	free(dir);
	return ret;
}

/* The tree of root's files (root NULL: empty), or of only `paths` of them. */
static int tree_of_dir(git_tree **out, struct mem *m, const char *root,
		       const struct ml_strvec *paths, const char *prefix, struct ml_error *err)
{
	struct tree_build tb = { 0 };
	struct ml_buf data = ML_BUF_INIT;
	int ret = 0;

	tb.prefix = prefix;
	ml_strvec_init(&tb.paths);
	if (root && !paths) {
		ret = tb_walk(&tb, m, root, "", 0, &data, err);
	} else if (root) {
		for (size_t i = 0; !ret && i < paths->n; i++) {
			unsigned mode;

			ret = read_entry(&data, &mode, root, paths->v[i], err);
			if (!ret && mode)
				ret = tb_add(&tb, m, paths->v[i], data.buf, data.len, mode, err);
		}
	}
	if (!ret)
		ret = tb_write(out, &tb, m, err);
	ml_buf_release(&data);
	tb_release(&tb);
	return ret;
}

static int diff_trees(struct ml_buf *out, struct mem *m, git_tree *a, git_tree *b,
		      const struct ml_patch_diff_opts *o, struct ml_error *err)
{
	git_diff_options dopts = GIT_DIFF_OPTIONS_INIT;
	git_diff *diff = NULL;
	git_diff_stats *stats = NULL;
	git_buf gb = { 0 };
	int ret = 0;

	dopts.old_prefix = o && o->old_prefix ? o->old_prefix : "a/";
	dopts.new_prefix = o && o->new_prefix ? o->new_prefix : "b/";
	if (o && o->binary)
		dopts.flags |= GIT_DIFF_SHOW_BINARY;
	if (git_diff_tree_to_tree(&diff, m->repo, a, b, &dopts) < 0) {
		ret = git_fail(err, ML_ERROR, "cannot compare the trees");
		goto out;
	}
	if (o && o->stat) {
		if (git_diff_num_deltas(diff) &&
		    (git_diff_get_stats(&stats, diff) < 0 ||
		     git_diff_stats_to_buf(
			 &gb, stats, GIT_DIFF_STATS_FULL | GIT_DIFF_STATS_INCLUDE_SUMMARY, 80) < 0))
			ret = git_fail(err, ML_ERROR, "cannot summarise the diff");
	} else if (git_diff_to_buf(&gb, diff, GIT_DIFF_FORMAT_PATCH) < 0) {
		ret = git_fail(err, ML_ERROR, "cannot format the diff");
	}
	if (!ret && gb.size)
		ml_buf_add(out, gb.ptr, gb.size);
out:
	git_buf_dispose(&gb);
	git_diff_stats_free(stats);
	git_diff_free(diff);
	return ret;
}

int ml_patch_diff_dirs(struct ml_buf *out, const char *old_dir, const char *new_dir,
		       const struct ml_patch_diff_opts *o, struct ml_error *err)
{
	struct mem m;
	git_tree *a = NULL, *b = NULL;
	int ret;

	ret = mem_open(&m, err);
	if (!ret)
		ret = tree_of_dir(&a, &m, old_dir, o ? o->paths : NULL, o ? o->tree_prefix : NULL,
				  err);
	if (!ret)
		ret = tree_of_dir(&b, &m, new_dir, o ? o->paths : NULL, o ? o->tree_prefix : NULL,
				  err);
	if (!ret)
		ret = diff_trees(out, &m, a, b, o, err);
	git_tree_free(a);
	git_tree_free(b);
	mem_close(&m);
	return ret;
}

/* ---- writing files below a directory, links not followed ---- */

/* Checks that every directory on root/rel's path is a real directory, creating missing ones. */
static int make_parents(const char *root, const char *rel, struct ml_error *err)
{
	char *path = ml_strdup(rel), *s = path;
	int ret = 0;

	while (!ret && (s = strchr(s, '/'))) {
		char *full;
		struct stat st;

		*s = '\0';
		full = ml_path_join(root, path);
		if (lstat(full, &st) < 0) {
			if (errno != ENOENT || mkdir(full, 0755) < 0)
				ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", full);
		} else if (!S_ISDIR(st.st_mode)) {
			ret = ml_error_set(err, ML_EUNSAFE, "'%s' is not a directory", full);
		}
		free(full);
		*s++ = '/';
	}
	free(path);
	return ret;
}

static int write_entry(const char *root, const char *rel, const void *data, size_t len,
		       unsigned mode, struct ml_error *err)
{
	char *path = ml_path_join(root, rel);
	struct stat st;
	int ret, fd = -1;

	ret = make_parents(root, rel, err);
	if (ret)
		goto out;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && mode) {
		ret = ml_error_set(err, ML_EUNSAFE, "'%s' is a directory", path);
		goto out;
	}
	if (unlink(path) < 0 && errno != ENOENT && errno != EISDIR) {
		ret = ml_error_errno(err, ML_EIO, "cannot remove '%s'", path);
		goto out;
	}
	if (!mode)
		goto out;
	if (mode == GIT_FILEMODE_LINK) {
		char *target = ml_strndup(data, len);

		if (strlen(target) != len || !ml_fs_link_inside(rel, target))
			ret =
			    ml_error_set(err, ML_EUNSAFE, "'%s': link leaves the directory", path);
		else if (symlink(target, path) < 0)
			ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", path);
		free(target);
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644);
	if (fd < 0) {
		ret = ml_error_errno(err, ML_EIO, "cannot create '%s'", path);
		goto out;
	}
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", path);
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0 && !ret)
		ret = ml_error_errno(err, ML_EIO, "cannot write '%s'", path);
out:
	free(path);
	return ret;
}

/* ---- applying ---- */

struct apply_state {
	const char *file; /* the delta being applied */
	int hunk;         /* its hunk being applied (1-based) */
	char header[128];
};

static int on_delta(const git_diff_delta *d, void *payload)
{
	struct apply_state *st = payload;

	st->file = d->new_file.path ? d->new_file.path : d->old_file.path;
	st->hunk = 0;
	st->header[0] = '\0';
	return 0;
}

static int on_hunk(const git_diff_hunk *h, void *payload)
{
	struct apply_state *st = payload;
	size_t n = h->header_len;

	st->hunk++;
	/* "@@ -1,3 +1,4 @@ context\n": the part up to the second "@@" */
	{
		const char *end = n > 2 ? memmem(h->header + 2, n - 2, "@@", 2) : NULL;

		if (end)
			n = (size_t)(end - h->header) + 2;
	}
	if (n >= sizeof(st->header))
		n = sizeof(st->header) - 1;
	memcpy(st->header, h->header, n);
	st->header[n] = '\0';
	return 0;
}

/* Parses a patch and checks its paths. */
static int parse_patch(git_diff **out, const char *patch, size_t len, const char *name,
		       struct ml_error *err)
{
	git_diff *diff = NULL;
	size_t n;

	if (len > ML_PATCH_MAX_SIZE)
		return ml_error_set(err, ML_EUNSAFE, "%s: larger than %zu bytes", name,
				    ML_PATCH_MAX_SIZE);
	if (git_diff_from_buffer(&diff, patch, len) < 0)
		return git_fail(err, ML_EPARSE, "%s: not a patch", name);
	n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if ((d->status != GIT_DELTA_ADDED && !rel_ok(d->old_file.path)) ||
		    (d->status != GIT_DELTA_DELETED && !rel_ok(d->new_file.path))) {
			const char *bad = d->status != GIT_DELTA_ADDED && !rel_ok(d->old_file.path)
					      ? d->old_file.path
					      : d->new_file.path;

			ml_error_set(err, ML_EUNSAFE,
				     "%s: '%.200s': a path a patch may not name (absolute, '..', "
				     "'.git')",
				     name, bad ? bad : "");
			git_diff_free(diff);
			return ML_EUNSAFE;
		}
	}
	*out = diff;
	return 0;
}

/* The paths a parsed patch reads (old side) and writes (new side), deduplicated, sorted. */
static void patch_paths(struct ml_strvec *out, git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);

	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status != GIT_DELTA_ADDED)
			ml_strvec_push(out, d->old_file.path);
		if (d->status != GIT_DELTA_DELETED)
			ml_strvec_push(out, d->new_file.path);
	}
	ml_strvec_sort_uniq(out);
}

int ml_patch_paths(struct ml_strvec *out, const char *patch, size_t len, const char *name,
		   struct ml_error *err)
{
	git_diff *diff = NULL;
	int ret;

	git_libgit2_init();
	ret = parse_patch(&diff, patch, len, name, err);
	if (!ret)
		patch_paths(out, diff);
	git_diff_free(diff);
	git_libgit2_shutdown();
	return ret;
}

int ml_patch_apply(const char *dir, const char *patch, size_t len, const char *name,
		   struct ml_error *err)
{
	git_apply_options aopts = GIT_APPLY_OPTIONS_INIT;
	struct apply_state st = { 0 };
	struct ml_strvec reads = ML_STRVEC_INIT;
	struct ml_buf data = ML_BUF_INIT;
	git_diff *diff = NULL;
	git_tree *pre = NULL;
	git_index *index = NULL;
	struct mem m;
	size_t n;
	int ret;

	ret = mem_open(&m, err);
	if (!ret)
		ret = parse_patch(&diff, patch, len, name, err);
	if (ret)
		goto out;
	n = git_diff_num_deltas(diff);
	for (size_t i = 0; !ret && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->status == GIT_DELTA_ADDED ? d->new_file.path : d->old_file.path;
		unsigned mode;

		ret = read_entry(&data, &mode, dir, p, err);
		if (ret)
			break;
		if (d->status == GIT_DELTA_ADDED && mode)
			ret = ml_error_set(err, ML_EPARSE, "%s: %s: already exists", name, p);
		else if (d->status != GIT_DELTA_ADDED && !mode)
			ret = ml_error_set(err, ML_EPARSE, "%s: %s: no such file", name, p);
		else if (d->status != GIT_DELTA_ADDED)
			ml_strvec_push(&reads, p);
	}
	if (!ret)
		ret = tree_of_dir(&pre, &m, dir, &reads, NULL, err);
	if (ret)
		goto out;
	aopts.delta_cb = on_delta;
	aopts.hunk_cb = on_hunk;
	aopts.payload = &st;
	if (git_apply_to_tree(&index, m.repo, pre, diff, &aopts) < 0) {
		if (st.hunk)
			ret = ml_error_set(err, ML_EPARSE, "%s: %s: hunk #%d (%s) does not apply",
					   name, st.file, st.hunk, st.header);
		else
			ret = git_fail(err, ML_EPARSE, "%s: %s: does not apply", name,
				       st.file ? st.file : "?");
		goto out;
	}
	/* everything applies: removals first (a rename's old path), then writes */
	for (size_t i = 0; !ret && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status == GIT_DELTA_DELETED ||
		    (d->status != GIT_DELTA_ADDED && strcmp(d->old_file.path, d->new_file.path)))
			ret = write_entry(dir, d->old_file.path, NULL, 0, 0, err);
	}
	for (size_t i = 0; !ret && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const git_index_entry *e;
		git_blob *blob = NULL;

		if (d->status == GIT_DELTA_DELETED)
			continue;
		e = git_index_get_bypath(index, d->new_file.path, 0);
		if (!e || git_blob_lookup(&blob, m.repo, &e->id) < 0) {
			ret = git_fail(err, ML_ERROR, "%s: %s: result missing", name,
				       d->new_file.path);
			break;
		}
		ret = write_entry(dir, d->new_file.path, git_blob_rawcontent(blob),
				  (size_t)git_blob_rawsize(blob), e->mode, err);
		git_blob_free(blob);
	}
out:
	git_index_free(index);
	git_tree_free(pre);
	git_diff_free(diff);
	ml_buf_release(&data);
	ml_strvec_release(&reads);
	mem_close(&m);
	return ret;
}

/* ---- carrying ---- */

void ml_patch_carry_init(struct ml_patch_carry *c)
{
	memset(c, 0, sizeof(*c));
	ml_strvec_init(&c->conflicts);
	ml_strvec_init(&c->paths);
	ml_buf_init(&c->patch);
}

void ml_patch_carry_release(struct ml_patch_carry *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->paths.n; i++)
		ml_buf_release(&c->data[i]);
	free(c->data);
	free(c->modes);
	ml_strvec_release(&c->paths);
	ml_strvec_release(&c->conflicts);
	ml_buf_release(&c->patch);
	ml_patch_carry_init(c);
}

static bool same(const struct ml_buf *a, unsigned am, const struct ml_buf *b, unsigned bm)
{
	return am == bm && (!am || (a->len == b->len && !memcmp(a->buf, b->buf, a->len)));
}

/*
 * One file's three-way merge: the result in out and mode (mode 0: absent); *conflict when the
 * result needs a human.
 */
static int merge_one(struct ml_buf *out, unsigned *mode, bool *conflict, const char *path,
		     const struct ml_buf *base, unsigned bm, const struct ml_buf *ours, unsigned om,
		     const struct ml_buf *theirs, unsigned tm, const char *name, const char *label,
		     struct ml_error *err)
{
	git_merge_file_input in[3] = { GIT_MERGE_FILE_INPUT_INIT, GIT_MERGE_FILE_INPUT_INIT,
				       GIT_MERGE_FILE_INPUT_INIT };
	git_merge_file_options mo = GIT_MERGE_FILE_OPTIONS_INIT;
	git_merge_file_result res = { 0 };
	const struct ml_buf *bufs[3] = { base, ours, theirs };
	unsigned modes[3] = { bm, om, tm };

	*conflict = false;
	ml_buf_reset(out);
	if (same(ours, om, base, bm) || same(ours, om, theirs, tm)) {
		/* the patch does not change it, or upstream made the same change */
		ml_buf_add(out, theirs->buf, theirs->len);
		*mode = tm;
		return 0;
	}
	if (same(theirs, tm, base, bm)) {
		ml_buf_add(out, ours->buf, ours->len);
		*mode = om;
		return 0;
	}
	if (!om || !tm || om == GIT_FILEMODE_LINK || tm == GIT_FILEMODE_LINK) {
		/* deleted on one side and changed on the other, or a link: theirs, flagged */
		*conflict = true;
		ml_buf_add(out, (tm ? theirs : ours)->buf, (tm ? theirs : ours)->len);
		*mode = tm ? tm : om;
		return 0;
	}
	for (int i = 0; i < 3; i++) {
		in[i].ptr = modes[i] ? bufs[i]->buf : NULL;
		in[i].size = modes[i] ? bufs[i]->len : 0;
		in[i].path = path;
		in[i].mode = modes[i] ? modes[i] : tm;
	}
	mo.ancestor_label = "old version";
	mo.our_label = name;
	mo.their_label = label;
	if (git_merge_file(&res, &in[0], &in[1], &in[2], &mo) < 0)
		return git_fail(err, ML_ERROR, "%s: cannot merge", path);
	ml_buf_add(out, res.ptr, res.len);
	*conflict = !res.automergeable;
	/* a mode the patch changed wins */
	*mode = om != bm ? om : tm;
	git_merge_file_result_free(&res);
	return 0;
}

int ml_patch_carry(struct ml_patch_carry *out, const char *old_dir, const char *new_dir,
		   const char *patch, size_t len, const char *name, const char *label,
		   struct ml_error *err)
{
	struct ml_strvec paths = ML_STRVEC_INIT;
	struct ml_buf *base = NULL, *ours = NULL, *theirs = NULL;
	unsigned *bm = NULL, *om = NULL, *tm = NULL;
	struct ml_patch_carry c;
	git_diff *diff = NULL;
	struct mem m = { 0 };
	bool opened = false;
	int ret;

	ml_patch_carry_init(&c);
	git_libgit2_init();
	ret = parse_patch(&diff, patch, len, name, err);
	if (ret)
		goto out;
	patch_paths(&paths, diff);
	base = ml_calloc(paths.n + 1, sizeof(*base));
	ours = ml_calloc(paths.n + 1, sizeof(*ours));
	theirs = ml_calloc(paths.n + 1, sizeof(*theirs));
	bm = ml_calloc(paths.n + 1, sizeof(*bm));
	om = ml_calloc(paths.n + 1, sizeof(*om));
	tm = ml_calloc(paths.n + 1, sizeof(*tm));
	for (size_t i = 0; !ret && i < paths.n; i++)
		ret = read_entry(&base[i], &bm[i], old_dir, paths.v[i], err);
	if (!ret)
		ret = ml_patch_apply(old_dir, patch, len, name, err);
	for (size_t i = 0; !ret && i < paths.n; i++) {
		ret = read_entry(&ours[i], &om[i], old_dir, paths.v[i], err);
		if (!ret)
			ret = read_entry(&theirs[i], &tm[i], new_dir, paths.v[i], err);
	}
	if (ret)
		goto out;
	c.data = ml_calloc(paths.n + 1, sizeof(*c.data));
	c.modes = ml_calloc(paths.n + 1, sizeof(*c.modes));
	c.clean = true;
	for (size_t i = 0; !ret && i < paths.n; i++) {
		bool conflict;

		ml_strvec_push(&c.paths, paths.v[i]);
		ml_buf_init(&c.data[i]);
		ret = merge_one(&c.data[i], &c.modes[i], &conflict, paths.v[i], &base[i], bm[i],
				&ours[i], om[i], &theirs[i], tm[i], name, label, err);
		if (!ret && conflict) {
			c.clean = false;
			ml_strvec_push(&c.conflicts, paths.v[i]);
		}
	}
	if (ret || !c.clean)
		goto out;
	/* the patch against the new version: theirs to merged, over the touched files */
	ret = mem_open(&m, err);
	opened = true;
	if (!ret) {
		struct tree_build ta = { 0 }, tb = { 0 };
		git_tree *a = NULL, *b = NULL;
		struct ml_patch_diff_opts o = { 0 };

		ml_strvec_init(&ta.paths);
		ml_strvec_init(&tb.paths);
		o.binary = true;
		for (size_t i = 0; !ret && i < paths.n; i++) {
			if (tm[i])
				ret = tb_add(&ta, &m, paths.v[i], theirs[i].buf, theirs[i].len,
					     tm[i], err);
			if (!ret && c.modes[i])
				ret = tb_add(&tb, &m, paths.v[i], c.data[i].buf, c.data[i].len,
					     c.modes[i], err);
		}
		if (!ret)
			ret = tb_write(&a, &ta, &m, err);
		if (!ret)
			ret = tb_write(&b, &tb, &m, err);
		if (!ret)
			ret = diff_trees(&c.patch, &m, a, b, &o, err);
		git_tree_free(a);
		git_tree_free(b);
		tb_release(&ta);
		tb_release(&tb);
	}
out:
	if (opened)
		mem_close(&m);
	for (size_t i = 0; i < paths.n; i++) {
		if (base)
			ml_buf_release(&base[i]);
		if (ours)
			ml_buf_release(&ours[i]);
		if (theirs)
			ml_buf_release(&theirs[i]);
	}
	free(base);
	free(ours);
	free(theirs);
	free(bm);
	free(om);
	free(tm);
	ml_strvec_release(&paths);
	git_diff_free(diff);
	git_libgit2_shutdown();
	if (ret)
		ml_patch_carry_release(&c);
	else
		*out = c;
	return ret;
}

int ml_patch_carry_write(const struct ml_patch_carry *c, const char *dir, struct ml_error *err)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < c->paths.n; i++)
		ret = write_entry(dir, c->paths.v[i], c->data[i].buf, c->data[i].len, c->modes[i],
				  err);
	return ret;
}
