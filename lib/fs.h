#ifndef ML_FS_H
#define ML_FS_H

#include <stdbool.h>
#include <stddef.h>

struct ml_buf;
struct ml_error;
struct ml_strvec;

/* Reads the whole file into out (appending). Over `max` bytes is an error (ML_EIO). */
int ml_fs_read(struct ml_buf *out, const char *path, size_t max, struct ml_error *err);
/*
 * As ml_fs_read, for `name` relative to the directory open as dirfd (openat: the walk to
 * that directory is not made again); messages name the file `path`.
 */
int ml_fs_read_at(struct ml_buf *out, int dirfd, const char *name, const char *path, size_t max,
		  struct ml_error *err);
/*
 * Writes data to path atomically: a temporary file in the same directory, fsync, rename.
 * On failure the previous file (if any) is untouched and no temporary file is left.
 */
int ml_fs_write_atomic(const char *path, const void *data, size_t len, int mode,
		       struct ml_error *err);
/* As ml_fs_write_atomic, of the n buffers of iov one after the other. */
struct iovec;
int ml_fs_write_atomic_iov(const char *path, const struct iovec *iov, size_t n, int mode,
			   struct ml_error *err);
/*
 * Like ml_fs_read, for files in a place monolock shares with others (its caches): opens with
 * O_NOFOLLOW | O_NONBLOCK and reads only a regular file. A link, a fifo, a directory or a
 * device is ML_ENOTFOUND ("not a regular file"), as if absent; never blocks on a fifo.
 */
int ml_fs_read_regular(struct ml_buf *out, const char *path, size_t max, struct ml_error *err);
/* The descriptor (O_RDONLY) of the regular file at path, as ml_fs_read_regular checks it;
 * negative error code otherwise. The caller closes it. */
int ml_fs_open_regular(const char *path, struct ml_error *err);
struct stat;
/* As ml_fs_open_regular, with the file's fstat in *st (st may be NULL). */
int ml_fs_open_regular_stat(const char *path, struct stat *st, struct ml_error *err);
/*
 * The descriptor of the lock file at path (created 0644 when missing), for flock(2). A link,
 * directory, fifo or device found there is removed (that directory entry only, never what a
 * link leads to) and a fresh file created. Negative error code on failure.
 */
int ml_fs_open_lock(const char *path, struct ml_error *err);
/* mkdir -p. */
int ml_fs_mkdirs(const char *path, int mode, struct ml_error *err);
/*
 * rm -rf: removes path whether it is a file, a link or a directory tree. Missing is fine.
 * Never follows a link: a link (at path or anywhere below) is removed itself, its target
 * is left alone.
 */
int ml_fs_remove_tree(const char *path, struct ml_error *err);
bool ml_fs_is_dir(const char *path);
/*
 * For trees monolock owns below a trusted root (its cache: root may be a link the user made,
 * nothing below it is followed). ml_fs_mkdirs_below makes root/sub ('/'-separated) a real
 * directory: root as ml_fs_mkdirs does, then each component of sub, where a link, file or
 * fifo in the way is removed (only that entry) and replaced by a directory.
 * ml_fs_is_dir_below tells whether root/sub is a real directory with no link below root.
 */
int ml_fs_mkdirs_below(const char *root, const char *sub, int mode, struct ml_error *err);
bool ml_fs_is_dir_below(const char *root, const char *sub);
/*
 * Whether path is a real directory holding only real directories and regular files (no
 * link, fifo, socket or device anywhere), at most max_entries of them and
 * ML_FS_COPY_MAX_DEPTH deep: a tree monolock could have written itself.
 */
bool ml_fs_tree_is_plain(const char *path, size_t max_entries);
bool ml_fs_exists(const char *path);
/* "a" + "b" -> "a/b" (no doubled slash). free() it. */
char *ml_path_join(const char *a, const char *b);
/* fsync a directory so that a rename in it is durable. Errors are ignored by design. */
void ml_fs_sync_dir(const char *dir);

/*
 * Durability: what a rename commits must survive a power loss, not only a kill, so the
 * content is on disk before the rename and the rename itself after (fsync of the directory).
 * Each returns ML_EIO naming the path and errno's cause; EINVAL (a file system that has
 * nothing to sync) is success. MONOLOCK_NO_FSYNC=1 in the environment makes all of them
 * (and ml_fs_sync_dir, ml_fs_write_atomic's fsync) no-ops: for bench/pull to measure what
 * syncing costs, never for real use.
 */
/* fsync(2) the file or directory at path (a symbolic link is not followed: ML_EIO). */
int ml_fs_fsync_path(const char *path, struct ml_error *err);
/*
 * fsync every regular file and directory of the tree at root (links are not followed), each
 * directory after what it holds. At most ML_FS_COPY_MAX_DEPTH levels (ML_EUNSAFE beyond).
 * Costs one journal commit per file: for many files ml_fs_syncfs is far cheaper.
 */
int ml_fs_fsync_tree(const char *root, struct ml_error *err);
/*
 * syncfs(2) on the file system holding path: everything written there so far (files,
 * directory entries, and other programs' unrelated data) is on disk when it returns.
 */
int ml_fs_syncfs(const char *path, struct ml_error *err);
/* True when MONOLOCK_NO_FSYNC=1 (see above). */
bool ml_fs_sync_disabled(void);

/*
 * Copies the directory tree src into dst (created; must not exist): regular files with their
 * executable bits, directories, and symbolic links that stay inside src (an absolute link, or
 * one whose target leaves src, is ML_EUNSAFE naming it). `.git` directories are skipped.
 * Other file types are refused. Caps: ML_FS_COPY_MAX_FILES entries, ML_FS_COPY_MAX_DEPTH.
 * On failure dst is removed.
 */
#define ML_FS_COPY_MAX_FILES 200000
#define ML_FS_COPY_MAX_DEPTH 64
/* The names in a directory except "." and "..", sorted, appended to out. */
int ml_fs_list_dir(struct ml_strvec *out, const char *dir, struct ml_error *err);
int ml_fs_copy_tree(const char *src, const char *dst, struct ml_error *err);
/*
 * Does a symbolic link at `relpath` (relative to a tree's root, '/'-separated) with target
 * `target` stay inside the tree? Absolute targets do not.
 */
bool ml_fs_link_inside(const char *relpath, const char *target);

/* monolock's cache directory: $XDG_CACHE_HOME/monolock, else $HOME/.cache/monolock. free() it. */
char *ml_cache_dir(void);
/*
 * What identifies the running executable (device, inode, size and mtime of /proc/self/exe):
 * caches of parses and solves written by another build of monolock are not trusted. "" when
 * it cannot be told. Borrowed, static.
 */
const char *ml_self_stamp(void);

#endif
