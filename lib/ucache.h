#ifndef ML_UCACHE_H
#define ML_UCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ml_error;
struct ml_opam_file;
struct ml_opam_pool;

/*
 * The cache of parsed repositories: for one repository, the opam files parsed so far, kept
 * as compact serialised trees under ml_cache_dir()/repos/<id>.cache. A cache file names the
 * content key of the repository it was built from (an archive's stamp, a git commit; a fixed
 * key for directories) and every file in it carries the stamp of the file it was parsed from
 * (for a directory: the opam file's size, inode and times; 0 when the repository key says it
 * all). A file with another key, or that fails its checksum or does not decode, is ignored
 * and replaced; an entry whose stamp differs from the file's, or whose tree is damaged or
 * missing (read only when it is asked for), is not used. Files are written
 * atomically (temporary file and rename), so concurrent writers only ever replace a whole
 * valid file by another.
 */
struct ml_buf;
struct ml_ucache;

/*
 * The stamp of a file changed too recently to be trusted: file times have a coarse clock,
 * so a second change within the same tick would keep the stamp. Such files are neither
 * looked up nor stored.
 */
#define ML_UCACHE_RACY ((uint64_t)1)

/* A 128-bit digest accumulated without regard to order (sum of mixed per-item hashes). */
struct ml_ucache_key {
	uint64_t a, b, n;
};

/* Mixes `len` bytes into a fresh 64-bit hash with `seed`. */
uint64_t ml_ucache_hash(const void *data, size_t len, uint64_t seed);
/* Adds one item (the bytes of e.g. "relpath\0size\0mtime...") to the key. */
void ml_ucache_key_add(struct ml_ucache_key *k, const void *data, size_t len);
/* The key as a string (free()). */
char *ml_ucache_key_str(const struct ml_ucache_key *k);

/*
 * Opens the cache of the repository identified by `id` (e.g. its absolute path or URL) whose
 * content key is `key`, loading what a valid cache file holds. Never fails: a missing, stale
 * or corrupt file gives an empty cache. `dir` is the cache root (NULL: ml_cache_dir()).
 * Free: ml_ucache_free (saves nothing).
 */
struct ml_ucache *ml_ucache_open(const char *dir, const char *id, const char *key);
void ml_ucache_free(struct ml_ucache *c);
/* How many files the cache holds (loaded plus put). */
size_t ml_ucache_count(const struct ml_ucache *c);
/* Whether the loaded cache file holds a parse of relpath (of whatever stamp). */
bool ml_ucache_holds(const struct ml_ucache *c, const char *relpath);
/*
 * The cached parse of `relpath`, rebuilt as an opam file named `path` (positions kept), or
 * ML_ENOTFOUND. *out is freed with ml_opam_file_free, then *aux with ml_ucache_aux_free.
 */
int ml_ucache_get(struct ml_opam_file **out, void **aux, const struct ml_ucache *c,
		  const char *relpath, uint64_t stamp, const char *path);
void ml_ucache_aux_free(void *aux);
/*
 * What a rebuild keeps: the top-level fields and sections named in `keep` (every one of that
 * name, in order); of the fields named in `probe` (at most 32), bit i of `nonempty` is set
 * when probe[i] is there with a value other than an empty list, without rebuilding it. Other
 * items are left out: a file rebuilt through a view holds fewer items than the file it was
 * parsed from (the solver view of an opam-repository file leaves out description, build, authors,
 * ...: most of its nodes).
 */
struct ml_ucache_view {
	const char *const *keep;
	size_t nkeep;
	const char *const *probe;
	size_t nprobe;
	unsigned nonempty; /* out */
	/* where the rebuilt file's nodes go (ml_opam_file_new_pooled), or NULL: its own arena */
	struct ml_opam_pool *pool;
};
/* As ml_ucache_get, keeping only what `view` says (NULL: everything). */
int ml_ucache_get_view(struct ml_opam_file **out, void **aux, const struct ml_ucache *c,
		       const char *relpath, uint64_t stamp, const char *path,
		       struct ml_ucache_view *view);
/*
 * As ml_ucache_put (c may be NULL: nothing is recorded), then copies what `view` keeps of
 * `f` into *out and *aux (a file named `path`, freed as ml_ucache_get's; the very tree
 * ml_ucache_get_view would rebuild from the encoding): a caller keeps the view and frees the
 * whole parse. Returns 0.
 */
int ml_ucache_put_view(struct ml_opam_file **out, void **aux, struct ml_ucache *c,
		       const char *relpath, uint64_t stamp, const struct ml_opam_file *f,
		       const char *path, struct ml_ucache_view *view);
/* Records the parse of relpath with its stamp (copied, serialised now). */
void ml_ucache_put(struct ml_ucache *c, const char *relpath, uint64_t stamp,
		   const struct ml_opam_file *f);
/*
 * Bytes derived from the repository's files (e.g. a hash over some of them) kept under
 * `name`, which must not be a relpath (start it with '#'): get gives a copy into out (0) or
 * ML_ENOTFOUND; put records them. The caller's name says what they were derived from.
 */
int ml_ucache_get_raw(struct ml_buf *out, const struct ml_ucache *c, const char *name);
void ml_ucache_put_raw(struct ml_ucache *c, const char *name, const void *data, size_t len);
/* Writes the cache file when something was put since it was opened (atomically). */
int ml_ucache_save(struct ml_ucache *c, struct ml_error *err);
/* The cache file's path (borrowed). */
const char *ml_ucache_path(const struct ml_ucache *c);
/*
 * The i-th file loaded from the cache file (i < the number loaded, in relpath order): its
 * relpath (borrowed) and stamp; false past the end. For tests and fuzzing harnesses.
 */
bool ml_ucache_loaded(const struct ml_ucache *c, size_t i, const char **relpath, uint64_t *stamp);
/*
 * Appends a whole cache file for `key` whose index entries are `entries` (len bytes: the
 * encoded count and entries that follow the key) and whose trees are `trees` (tlen bytes,
 * what the entries' offsets point into): magic, the index's checksum and length, the
 * index, the trees. ml_ucache_save writes files with it; a harness frames arbitrary bytes.
 */
void ml_ucache_frame(struct ml_buf *out, const char *key, const void *entries, size_t len,
		     const void *trees, size_t tlen);
/* The checksum an index entry records for its tree of `len` bytes. */
uint64_t ml_ucache_tree_sum(const void *tree, size_t len);

#endif
