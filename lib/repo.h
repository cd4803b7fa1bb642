#ifndef ML_REPO_H
#define ML_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ml_buf;
struct ml_error;
struct ml_opam_file;
struct ml_opam_value;
struct ml_strvec;

/*
 * Package repositories and the universe they form.
 *
 * A repository is an index of opam files (name, version, relative path) and a way to read
 * one file. lib/ reads directories; fetch/ provides archive (libarchive) and git (libgit2)
 * backends through ml_repo_ops, so lib stays libc-only. Files are read and parsed only
 * when a package is first asked for, and a directory's package names are listed only when
 * they are first asked for: a lock touches a few hundred of opam-repository's ~4,600.
 */
struct ml_repo;

struct ml_repo_ops {
	/* Appends the content of `relpath` (e.g. "packages/a/a.1/opam") to out. */
	int (*read)(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err);
	/* Frees ctx (may be NULL). */
	void (*free)(void *ctx);
	/*
	 * Lists the versions of one name (adds its entries, e.g. with ml_repo_add_path), for
	 * names announced by ml_repo_add_name. NULL when every entry is added up front.
	 */
	int (*list)(struct ml_repo *r, const char *name, struct ml_error *err);
};

struct ml_repo_entry {
	char *name, *version, *relpath;
	/*
	 * What the opam file looked like when it was listed (directories: a digest of its size,
	 * inode, mtime and ctime; ML_UCACHE_RACY when changed too recently to tell), so that a
	 * cached parse is used only for the very same file. 0 when the repository's own key
	 * (an archive's stamp, a git commit) identifies its content.
	 */
	uint64_t stamp;
	/*
	 * The file's bytes (ahead_len of them, NUL-terminated), read when it was listed, until
	 * ml_repo_read_entry hands them over; NULL when it is read only when asked for.
	 */
	char *ahead;
	size_t ahead_len;
};

/* One package name of a repository: its entries (indexes into entries) once listed. */
struct ml_repo_name {
	char *name;
	size_t *idx; /* sorted by relpath */
	size_t n, alloc;
	bool listed;
};

struct ml_repo {
	char *spec;   /* as the user gave it */
	char *url;    /* as recorded in a lock, e.g. "file://./repo", "git+https://h/r.git" */
	char *commit; /* git commit (40 hex) or NULL */
	char *hash;   /* "sha256=<hex>" of the content, or NULL when not computed */
	/*
	 * What identifies the content between runs, or NULL: "dir:<real path>" for directories
	 * (whose entries carry stamps), the archive's hash, "git:<commit>". Repositories
	 * without one (the project's files, pins) are identified by their files' bytes.
	 */
	char *key;
	char *display; /* how file paths of this repository are shown in messages (a prefix) */
	/* Entries in the order they were added (indexes are stable), and their names. */
	struct ml_repo_entry *entries;
	size_t nentries, alloc;
	struct ml_repo_name *names; /* sorted by name */
	size_t nnames, anames;
	size_t nindexed;    /* entries[0 .. nindexed) are in names */
	size_t ahead_bytes; /* the entries' `ahead` bytes not handed over yet */
	bool names_unsorted;
	const struct ml_repo_ops *ops;
	void *ctx;
	/*
	 * Parsed files of this repository kept between runs (lib/ucache.h), or NULL. Set when a
	 * repository is opened (directory: each file's stamp; archive: its stamp; git: its
	 * commit); the universe reads and fills it and saves it when freed.
	 */
	struct ml_ucache *ucache;
	/*
	 * The project's own pin (a pin-depends): its package's url may name a local directory.
	 * Every other repository is third-party and may not (ml_vendor_lock refuses it).
	 */
	bool pin;
};

/* A new empty repository (spec copied; url and display default to spec). Free: ml_repo_free. */
struct ml_repo *ml_repo_new(const char *spec, const struct ml_repo_ops *ops, void *ctx);
void ml_repo_free(struct ml_repo *r);
/*
 * Adds relpath when it names an opam file of a package: packages/NAME/NAME.VERSION/opam or
 * packages/NAME.VERSION/opam. Returns whether it did. Other paths are ignored.
 */
bool ml_repo_add_path(struct ml_repo *r, const char *relpath);
/*
 * Adds a package explicitly (for project roots and pins, whose files are not laid out as a
 * repository): name.version read from relpath through the repository's ops. Copies all.
 */
void ml_repo_add_package(struct ml_repo *r, const char *name, const char *version,
			 const char *relpath);
/* Announces a name whose entries ops->list adds when first asked for. Copies name. */
void ml_repo_add_name(struct ml_repo *r, const char *name);
/* The names of the repository, sorted. Borrowed: valid until an entry or name is added. */
size_t ml_repo_names(struct ml_repo *r, const struct ml_repo_name **out);
/*
 * The entries of names[i] (ml_repo_names), listed first when needed. A listing that fails
 * is an error each time it is asked for.
 */
int ml_repo_name_entries(struct ml_repo *r, size_t i, const struct ml_repo_name **out,
			 struct ml_error *err);
/* Lists every name not listed yet (checking or hashing a whole repository). */
int ml_repo_list_all(struct ml_repo *r, struct ml_error *err);
/* Reads one file of the repository. */
int ml_repo_read(const struct ml_repo *r, const char *relpath, struct ml_buf *out,
		 struct ml_error *err);
/*
 * Reads entries[i]'s file: the bytes read when it was listed, handed over once (a directory
 * reads ahead, while listing a name, the files its cache of parsed files does not hold: a
 * cold lock parses each of them next), else as ml_repo_read reads it.
 */
int ml_repo_read_entry(struct ml_repo *r, size_t i, struct ml_buf *out, struct ml_error *err);
/*
 * Opens a directory holding a repository (a `repo` file or a `packages/` directory; else an
 * error saying so, ML_ENOTFOUND when dir does not exist). Reads packages/ (both layouts,
 * hidden entries skipped); the versions of packages/NAME/ are listed when NAME is first
 * asked for, and files are read when asked for. display is dir without trailing '/', url
 * "file://" + dir ("./" prefixed when relative), hash NULL (see ml_repo_hash_files in
 * fetch/fetch.h). Free: ml_repo_free.
 */
int ml_repo_open_dir(struct ml_repo **out, const char *dir, struct ml_error *err);
/*
 * Attaches the cache of parsed files for the repository identified by `id` with content
 * `key` (see lib/ucache.h), replacing any. Nothing happens when the environment variable
 * MONOLOCK_NO_REPO_CACHE is set to a non-empty value.
 */
void ml_repo_attach_cache(struct ml_repo *r, const char *id, const char *key);

/* A source URL section: url { src: ... checksum: [...] mirrors: [...] }. */
struct ml_url {
	const char *src;              /* NULL when the package has no url */
	const char *const *checksums; /* "sha256=...", as written */
	size_t nchecksums;
	const char *const *mirrors;
	size_t nmirrors;
};

/* flags: field */
enum ml_pkg_flags {
	ML_PKGF_AVOID_VERSION = 1 << 0,
	ML_PKGF_DEPRECATED = 1 << 1,
	ML_PKGF_COMPILER = 1 << 2,
	ML_PKGF_CONF = 1 << 3,
	ML_PKGF_VIRTUAL = 1 << 4,
	ML_PKGF_PLUGIN = 1 << 5,
};

/* A parsed package. Everything is borrowed from the universe, valid until it is freed. */
struct ml_package {
	const char *name, *version;
	const char *path; /* the opam file as shown in messages (repo display + relpath) */
	const struct ml_repo *repo;
	struct ml_opam_file *file;
	/* Raw field values (NULL when absent), for ml_formula_eval / ml_filter_eval. */
	const struct ml_opam_value *depends, *depopts, *conflicts, *available, *depexts;
	const char *dev_repo; /* NULL when absent */
	const char *const *conflict_class;
	size_t nconflict_class;
	struct ml_url url;
	const char *relpath; /* the opam file inside its repository (repo->entries[].relpath) */
	unsigned flags;      /* enum ml_pkg_flags */
	bool has_build, has_install;
};

struct ml_universe;

struct ml_universe *ml_universe_new(void);
/*
 * Frees the universe, its repositories and every parsed package. Accepts NULL. Repositories
 * with a cache of parsed files save what was parsed (best effort: a cache that cannot be
 * written is simply not there next time).
 */
void ml_universe_free(struct ml_universe *u);
/* Adds a repository (ownership taken), with lower precedence than those added before. */
void ml_universe_add_repo(struct ml_universe *u, struct ml_repo *r);
size_t ml_universe_nrepos(const struct ml_universe *u);
const struct ml_repo *ml_universe_repo(const struct ml_universe *u, size_t i);
/* Every package name, sorted (strcmp). Borrowed; valid until the next add_repo. */
size_t ml_universe_names(struct ml_universe *u, const char *const **out);
/*
 * The versions of `name` in ascending opam order, each once (the first repository holding
 * a name.version wins). ML_ENOTFOUND (with a message naming it) for an unknown name.
 * Versions are distinct strings: two that ml_version_cmp calls equal (opam-repository has
 * ocaml-variants "5.5.0+introcaml" and "5.5.0+introcaml0") are both listed, ordered by
 * strcmp between them; ml_universe_get matches the exact string.
 */
int ml_universe_versions(struct ml_universe *u, const char *name, const char *const **out,
			 size_t *n, struct ml_error *err);
/*
 * A digest of everything the universe holds for `name` (listing it when needed): in each
 * repository holding it, every entry's path and version with its stamp, or with the file's
 * bytes for a repository that has neither stamps nor a key. Equal digests on two runs (with
 * the same repository keys) mean the same versions with the same opam files. False when it
 * cannot vouch for the name: a file changed too recently (ML_UCACHE_RACY), or an error.
 * An unknown name has a digest too.
 */
bool ml_universe_name_digest(struct ml_universe *u, const char *name, uint64_t out[2]);
/* Total count of distinct name.version pairs. */
size_t ml_universe_count(struct ml_universe *u);
/*
 * The package name.version, parsed on first use and cached. ML_ENOTFOUND for an unknown
 * name or version (the message names it), ML_EPARSE/ML_EIO as the file gives.
 */
int ml_universe_get(struct ml_universe *u, const char *name, const char *version,
		    const struct ml_package **out, struct ml_error *err);
/*
 * As ml_universe_get, but the package's `file` may hold only the fields its other members
 * are extracted from (plus `tags`): what the solver and the lock read, rebuilt from the cache
 * of parsed files without the rest (description, build, ...), which a lock reaching ~1,900
 * files would pay for in memory. A later ml_universe_get of the same package completes its
 * file in place (the same package pointer; views given before stay valid until the
 * universe is freed).
 */
int ml_universe_get_view(struct ml_universe *u, const char *name, const char *version,
			 const struct ml_package **out, struct ml_error *err);
/*
 * Reads, parses and extracts name.version exactly as ml_universe_get would, with the same
 * errors, but does not keep it (a package already cached is not parsed again): checking a
 * whole repository this way stays within the memory of one file.
 */
int ml_universe_check(struct ml_universe *u, const char *name, const char *version,
		      struct ml_error *err);

#endif
