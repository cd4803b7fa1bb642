#ifndef ML_FETCH_H
#define ML_FETCH_H

/*
 * fetch/: everything that talks to the network, git, archives and hashes: repositories
 * read from archives and git, downloads (libcurl multi), checksums (OpenSSL EVP), the
 * content-addressed cache, and archive extraction (libarchive). Depends on lib/ only.
 */

#include "lib/ml.h"

/*
 * Why a fetch (a download, a git fetch) failed when the network is to blame, so that a report
 * can group failures and say what to try next without reading messages.
 */
enum ml_net_cause {
	ML_NET_NONE = 0, /* the source's own failure (a checksum, a size, a write), or unknown */
	ML_NET_RESOLVE,  /* the host name does not resolve */
	ML_NET_CONNECT,  /* the host did not answer the connection (or it failed otherwise) */
	ML_NET_TIMEOUT,  /* a transfer stalled, or ran into its deadline (--timeout) */
	ML_NET_SERVER,   /* the server answered with an error */
	ML_NET_TLS,      /* TLS could not be established or verified */
	ML_NET_OFFLINE,  /* offline, and not in the cache */
	ML_NET_REFUSED,  /* the host refused the connection */
	ML_NET_DEADLINE, /* a transfer ran into its deadline (--timeout): a kind of timeout */
	ML_NET_BROKEN,   /* the server broke the connection */
};

/*
 * The words a report groups failures by (ml_fetch_result.cause, ml_git_last_cause), one
 * wording per cause whatever failed (a download or a git fetch), so that a host failing both
 * kinds of sources in one way is one group. `where` is "HOST:PORT" (the scheme's port when
 * the URL gives none), "HOST" for ML_NET_RESOLVE; `n` is the HTTP status of ML_NET_SERVER (0:
 * unknown) or the seconds of ML_NET_DEADLINE. NULL for ML_NET_NONE. free() it.
 */
char *ml_net_cause_text(enum ml_net_cause why, const char *where, long n);

/* ---- repositories (fetch/repo_open.c, repo_archive.c, repo_git.c, git.c) ---- */

/* Caps on a repository archive: entries of any kind, and bytes of opam files kept. */
#define ML_REPO_ARCHIVE_MAX_ENTRIES 1000000u
#define ML_REPO_ARCHIVE_MAX_BYTES ((size_t)1 << 30)

/*
 * Opens a repository from a SPEC (DESIGN section 2): a directory or file://PATH
 * (ml_repo_open_dir); a local archive (path or file:// URL: .tar.gz, .tgz, .tar.bz2, .tbz,
 * .tar.xz, .zip, or any file libarchive recognises) read in place by ml_repo_open_archive;
 * git+file://... or git+https://...[#ref] (ml_repo_open_git). r->spec is SPEC as given.
 * Other URLs are ML_EUSAGE. *out is freed with ml_repo_free.
 */
int ml_repo_open(struct ml_repo **out, const char *spec, struct ml_error *err);
/*
 * Reads the archive at `path` in one pass, in memory: the opam files (and `repo`) are kept,
 * keyed by their path with the single top-level directory (if every entry has one) stripped.
 * Absolute entries and `..` components are refused (ML_EUNSAFE), as are more entries or
 * bytes than the caps above. `display` prefixes file paths in messages and becomes spec, url
 * and display of the repository; r->hash is "sha256=<hex>" of the archive file.
 */
int ml_repo_open_archive(struct ml_repo **out, const char *path, const char *display,
			 struct ml_error *err);
/*
 * "sha256=<hex>" (*out, free()) of some files of a repository, e.g. the opam files of the
 * packages a lock took from it: for each relpath once, in strcmp order, the relpath, a NUL
 * byte, the content's length in decimal, a NUL byte, the content. A change to any of those
 * files changes it; files of the repository not named do not. Read errors are returned as is.
 */
int ml_repo_hash_files(char **out, const struct ml_repo *r, const struct ml_strvec *relpaths,
		       struct ml_error *err);
/*
 * A universe of the repositories `specs[0..n)` in that precedence order (ml_repo_open each).
 * The first failure is returned as is. *out is freed with ml_universe_free.
 */
int ml_universe_open(struct ml_universe **out, const char *const *specs, size_t n,
		     struct ml_error *err);

/* ---- git (fetch/git.c, repo_git.c) ----
 *
 * Every remote gets one cached bare repository under ml_cache_dir() + "/git/<slug>-<hash>"
 * (the slug is the sanitized URL, the hash 16 hex digits of git's SHA-1 of the canonical
 * URL, so two URLs never share a store). It is created on first use and fetched into later:
 * all branches to refs/heads/, all tags to refs/tags/, pruned, and HEAD set to the remote's
 * HEAD. A lock file ("<store>.lock", flock) serializes creation and fetches between processes;
 * reading objects needs no lock.
 *
 * A URL is anything libgit2 fetches from (https://, ssh, git://), `file:///abs/path`,
 * `file://rel/path` or a plain path; local paths are made absolute (realpath) before they name
 * the cache. TLS verification stays on; proxies follow git's configuration and environment.
 *
 * Errors name the URL and the ref or commit: ML_ENOTFOUND (unknown ref, commit missing after a
 * fetch), ML_ENET (the remote cannot be reached or read), ML_EUSAGE (malformed URL/ref/commit),
 * ML_EUNSAFE (a tree that would write outside its directory), ML_EIO (the file system).
 * libgit2 is initialized on first use; ml_git_shutdown() releases it.
 */

/*
 * Fetches `url` into its cached repository and resolves `ref` to a 40-hex commit in *out
 * (free() it). ref NULL means the remote's HEAD; otherwise a branch, a tag (peeled), a full
 * ref name ("refs/..."), or a full or abbreviated (>= 4 hex) commit. A full commit already in
 * the cache is answered without touching the network, so a locked commit works offline.
 */
int ml_git_sync(char **out_commit, const char *url, const char *ref, struct ml_error *err);

/*
 * Writes the tree of `commit` (40 hex) of `url` into `dest`, a directory that must not exist
 * yet (its parents are created). Fetches first when the commit is not in the cache. Keeps
 * executable bits and symbolic links; a link that resolves outside dest (absolute, or through
 * ".." and other links of the tree) is refused with ML_EUNSAFE, as are entries named ".git",
 * ".." or containing "/". Submodules (gitlinks) become empty directories, as after a plain
 * `git clone`: nested repositories are not fetched. No .git unless keep_git_dir: then dest/.git
 * is a repository holding the commit and its history, HEAD detached at the commit, an index
 * matching the files and a remote "origin" at url. On failure dest is removed.
 */
int ml_git_export(const char *url, const char *commit, const char *dest, bool keep_git_dir,
		  struct ml_error *err);

/*
 * One commit of a cached repository, open for reading (repo_git.c reads repositories through
 * it; a git source's opam files can be read the same way).
 */
struct ml_git_tree;

/* Opens commit (40 hex) of url's cached repository, fetching it when missing.
 * Free: ml_git_tree_free. */
int ml_git_tree_open(struct ml_git_tree **out, const char *url, const char *commit,
		     struct ml_error *err);
/* Appends the content of the file at `path` ("a/b/c") to out. Over `max` bytes is ML_EIO;
 * a missing path or one that is not a file is ML_ENOTFOUND. */
int ml_git_tree_read(struct ml_git_tree *t, const char *path, struct ml_buf *out, size_t max,
		     struct ml_error *err);
/*
 * Appends to out the paths (from the tree's root, '/'-separated) of the files at most `depth`
 * levels below directory `dir` ("" for the root), in tree order, without reading any file.
 * A missing dir appends nothing. At most 10,000,000 entries (ML_EIO beyond).
 */
int ml_git_tree_list(struct ml_strvec *out, struct ml_git_tree *t, const char *dir, int depth,
		     struct ml_error *err);
void ml_git_tree_free(struct ml_git_tree *t);

/*
 * Pins every git source of `lock` that has no commit yet (an opam file's `url { src:
 * "git+URL#ref" }`, ref a branch or tag, or none for the remote's HEAD; also git://) to the
 * commit the ref names now (ml_git_sync): its url loses the "#ref", its commit is set and
 * its checksums are dropped (the commit names the content), as pin-depends are locked.
 * Sources with a commit and other urls are left alone. A ref that cannot be resolved (the
 * remote unreachable, offline, no such ref) is returned with ml_git_sync's code, naming the
 * source's first package and the url.
 */
int ml_git_lock_sources(struct ml_lock *lock, struct ml_error *err);

/* Releases libgit2's global state (also done at exit). Safe to call more than once. */
/*
 * Off (the default) or on: when on, sync and export use only the cached repositories, and
 * anything that would need a fetch fails with ML_EOFFLINE naming the URL (pull --offline).
 */
void ml_git_set_offline(bool offline);
/*
 * fn (NULL: none) is called with the URL before each fetch from a remote starts (not for what
 * the cache already has), so that a command can say it goes to the network.
 */
/*
 * The longest one fetch from a remote may take, in seconds (<= 0: the default, 1800): a
 * fetch still receiving at the deadline fails with ML_ENET naming the URL and the deadline.
 */
#define ML_GIT_DEFAULT_TIMEOUT_S 1800
void ml_git_set_timeout(long seconds);
/*
 * Why this thread's last ml_git_sync, ml_git_export or ml_git_tree_open failed when the
 * network is to blame (ML_NET_NONE when it did not fail, or not for that), and *cause (NULL
 * unless; borrowed until the thread's next call) in the words a report groups failures by,
 * the same as a download's (ml_net_cause_text): libgit2's error class and message are read
 * as curl's codes are.
 */
enum ml_net_cause ml_git_last_cause(const char **cause);
typedef void (*ml_git_notice_fn)(void *ctx, const char *url);
void ml_git_set_notice(ml_git_notice_fn fn, void *ctx);
void ml_git_shutdown(void);

/*
 * Opens a git repository of opam packages: spec `git+URL[#ref]` with URL as above
 * (`git+file:///abs/path`, `git+file://rel/path` relative to the working directory,
 * `git+https://host/repo.git`). Syncs, then lists every packages/.../opam of the commit
 * without reading them; files are read lazily from the commit. r->url is the spec without
 * "#ref", r->commit the resolved 40-hex commit. Free: ml_repo_free.
 */
int ml_repo_open_git(struct ml_repo **out, const char *spec, struct ml_error *err);

/* ---- checksums, cache, downloads, extraction (fetch/checksum.c, cache.c, download.c, extract.c) ---- */

#include <stdint.h>

/* Hash kinds opam lists in `checksum:` fields. */
enum ml_hash_kind {
	ML_HASH_MD5,
	ML_HASH_SHA256,
	ML_HASH_SHA512,
	ML_HASH_NKINDS,
};

#define ML_HASH_HEX_MAX 128 /* sha512 */

/* One parsed "kind=hex" checksum; hex is lowercase and has the kind's exact length. */
struct ml_checksum {
	enum ml_hash_kind kind;
	char hex[ML_HASH_HEX_MAX + 1];
};

/* Every kind's digest of one content, lowercase hex. */
struct ml_digests {
	char hex[ML_HASH_NKINDS][ML_HASH_HEX_MAX + 1];
};

/* "md5", "sha256", "sha512". */
const char *ml_hash_kind_name(enum ml_hash_kind kind);
/*
 * Parses "sha256=<hex>" (also md5, sha512). Unknown kinds, missing '=', wrong length or
 * non-hex digits are ML_EPARSE naming the checksum. Upper-case hex is accepted and lowered.
 */
int ml_checksum_parse(struct ml_checksum *out, const char *spec, struct ml_error *err);

/* An incremental hasher computing every kind at once. Free with ml_hasher_free (NULL ok). */
struct ml_hasher;
struct ml_hasher *ml_hasher_new(void);
/* A hasher of the kinds in `kinds` (ML_HASH_BIT(kind) ...) only; ml_hasher_final leaves the
 * other kinds empty. */
struct ml_hasher *ml_hasher_new_kinds(unsigned kinds);
void ml_hasher_update(struct ml_hasher *h, const void *data, size_t len);
/* Fills out; the hasher must not be updated afterwards. */
void ml_hasher_final(struct ml_digests *out, struct ml_hasher *h);
void ml_hasher_free(struct ml_hasher *h);
/*
 * Loads the hashing library now (it is loaded on the first hash), ending the run without it
 * as that first hash would: called before starting threads that hash, so that its loading
 * is plainly done before them, not by whichever thread hashes first.
 */
void ml_hasher_load(void);
/*
 * Digests of a whole regular file; over `max` bytes (0: no cap) is ML_EIO. A link, fifo,
 * directory or device at path is ML_ENOTFOUND (opened with O_NOFOLLOW | O_NONBLOCK).
 */
int ml_digests_of_file(struct ml_digests *out, const char *path, uint64_t max,
		       struct ml_error *err);
/* Only one kind's digest of a whole file (out->hex[kind]; the other kinds are left empty). */
int ml_digest_of_file(struct ml_digests *out, enum ml_hash_kind kind, const char *path,
		      uint64_t max, struct ml_error *err);
/*
 * The digests of a whole file of the kinds in `kinds` (ML_HASH_BIT(kind) ...) only, in one
 * read; the other kinds are left empty. The cost of hashing is per kind: compute only those
 * someone compares.
 */
#define ML_HASH_BIT(kind) (1u << (kind))
int ml_digests_of_file_kinds(struct ml_digests *out, unsigned kinds, const char *path, uint64_t max,
			     struct ml_error *err);
/*
 * The digests of the kinds in `kinds` of what fd reads from its offset to its end (path names
 * it in errors); fd stays open. st: fd's fstat, or NULL; for a regular file read from offset
 * 0, its size sizes the reads (a short read at that size is the end: no read of 0 after it).
 */
int ml_digests_of_fd(struct ml_digests *out, unsigned kinds, int fd, const struct stat *st,
		     const char *path, uint64_t max, struct ml_error *err);
/*
 * ml_digests_of_file_kinds, with st the fstat of the very file hashed (its dev and inode), or
 * NULL when the caller needs none.
 */
int ml_digests_of_file_stat(struct ml_digests *out, unsigned kinds, const char *path, uint64_t max,
			    struct stat *st, struct ml_error *err);
/* The kinds sums lists, as ML_HASH_BIT()s. */
unsigned ml_checksums_kinds(const struct ml_checksum *sums, size_t n);
/*
 * Checks EVERY checksum against the digests. On a mismatch: ML_ECHECKSUM,
 * "<label>: checksum mismatch for <url>: expected <kind>=<hex>, got <kind>=<hex>".
 */
int ml_checksums_verify(const struct ml_digests *d, const struct ml_checksum *sums, size_t n,
			const char *label, const char *url, struct ml_error *err);

/*
 * The content-addressed archive cache (DESIGN section 6): ROOT/archives/sha256/ab/<sha256>
 * holds the content; ROOT/archives/md5/.. and archives/sha512/.. are relative symlinks to it,
 * so a source listing only md5 still hits. Entries appear only by rename of a complete,
 * fsynced temporary file in ROOT/tmp; readers verify content on every lookup. Safe for several
 * processes at once (an flock on ROOT/lock guards the replace/discard of entries).
 */
struct ml_cache;
/* Opens (creating directories) the cache at root, or at ml_cache_dir() when root is NULL.
 * *out is freed with ml_cache_free (NULL ok). */
int ml_cache_open(struct ml_cache **out, const char *root, struct ml_error *err);
void ml_cache_free(struct ml_cache *cache);
/* The cache's root directory (borrowed). */
const char *ml_cache_root(const struct ml_cache *cache);
/*
 * The checksum of sums (n of them) an entry is looked up by: the first sha256, else sha512,
 * else md5; NULL when there is none.
 */
const struct ml_checksum *ml_cache_key(const struct ml_checksum *sums, size_t n);
/*
 * Finds an entry matching every checksum in sums (n >= 1). The entry's content is hashed
 * and checked against all of them and against its own name; a corrupted entry is removed
 * and reported as absent. *out (free()) is the path of the sha256 entry.
 * The cache's contents are not trusted: anything it does not write itself (an index entry
 * other than a link "../../sha256/xx/<sha256>", a sha256 entry that is not a regular file, a
 * link anywhere below the root) is absent, never followed, opened or blocked on (a fifo),
 * and is removed as a corrupted entry is: that directory entry only, never a link's target.
 * ML_ENOTFOUND when absent; ML_ECHECKSUM when the entry was a regular file whose content
 * failed its checksum (removed: absent now, the message gives the checksum expected and the
 * one found); other codes on I/O errors.
 */
int ml_cache_lookup(char **out, struct ml_cache *cache, const struct ml_checksum *sums, size_t n,
		    struct ml_error *err);
/*
 * ml_cache_lookup, with the digests of the entry found that its check computed in d: sha256
 * (its name) and every kind sums lists; the other kinds are left empty (never computed).
 */
int ml_cache_lookup_digests(char **out, struct ml_digests *d, struct ml_cache *cache,
			    const struct ml_checksum *sums, size_t n, struct ml_error *err);
/*
 * The most threads the per-archive work runs on (ml_parallel_for: never more than the
 * processors online): ml_fetch_sources' cache checks, mirror's staging.
 */
#define ML_FETCH_THREADS 4
/*
 * ml_cache_lookup_digests, with st the fstat of the file whose content was hashed: its
 * st_dev and st_ino name the inode that was checked (the cache never writes into an entry,
 * so that inode keeps the content d whatever later becomes of the entry's name). Safe to call
 * from several threads at once on one cache (ml_fetch_sources does).
 */
int ml_cache_lookup_stat(char **out, struct ml_digests *d, struct stat *st,
			 const struct ml_cache *cache, const struct ml_checksum *sums, size_t n,
			 struct ml_error *err);
/*
 * A new temporary file inside the cache (same file system as the entries) for a download to
 * stream into. *out_fd is open for writing; *out_path (free()) names it. The caller either
 * hands it to ml_cache_commit or unlinks it.
 */
int ml_cache_tmpfile(int *out_fd, char **out_path, struct ml_cache *cache, struct ml_error *err);
/* A complete temporary file of the cache (ml_cache_tmpfile) to make an entry of. */
struct ml_cache_new {
	const char *tmp;       /* the file: consumed (gone on success and on failure) */
	struct ml_digests d;   /* its digests */
	char *path;            /* out (free()): the entry's path, on success */
	struct ml_error error; /* out (ml_error_release): why not, on failure */
};
/*
 * Moves the n complete temporary files into the cache: their data made durable (one syncfs,
 * or one fsync for a single file), each renamed to archives/sha256/.. (or dropped when a
 * good entry is there already), index links for md5/sha512 (left as they are when already
 * right), the names made durable. 0, or the first failure's code: each file says its own.
 */
int ml_cache_commit_all(struct ml_cache *cache, struct ml_cache_new *files, size_t n);
/*
 * ml_cache_commit_all of the one file tmp_path (whose digests are d). *out (free()) is the
 * entry's path.
 */
int ml_cache_commit(char **out, struct ml_cache *cache, const char *tmp_path,
		    const struct ml_digests *d, struct ml_error *err);

/* One archive source to fetch; everything is borrowed for the duration of the call. */
struct ml_fetch_source {
	const char *label;            /* workspace dir (required), used in every message */
	const char *url;              /* upstream http(s):// or file:// URL */
	const char *const *checksums; /* "sha256=<hex>" ... (all are verified) */
	size_t nchecksums;
	const char *const *mirrors; /* alternative full URLs, tried before url */
	size_t nmirrors;
	const char *package; /* or NULL: the package a failure concerns (ml_error_about) */
};

/* Per-source outcome. ml_fetch_result_release frees it (NULL ok). */
struct ml_fetch_result {
	char *path;            /* verified archive in the cache, or NULL on failure */
	char *url;             /* where it came from (NULL when it came from the cache) */
	bool from_cache;       /* true when no download was needed */
	struct ml_error error; /* set when path is NULL */
	/* digests of path's content, as the cache's check or the download computed them
	 * (have_digests), so that no caller hashes the file again: at least sha256 and every
	 * kind the source lists, all verified; another kind may be empty */
	struct ml_digests digests;
	bool have_digests;
	/* from the cache: the inode those digests were computed from (0, 0 when unknown) */
	uint64_t dev, ino;
	/*
	 * On failure, what it may share with other sources' failures, for a report to group
	 * them ("could not resolve host github.com", "connection refused by 127.0.0.1:8080",
	 * "HTTP 503 from HOST:PORT", "not in the cache (offline)"), or NULL when the failure
	 * is the source's own (a checksum, a size): then error says it all.
	 */
	char *cause;
	enum ml_net_cause why; /* cause's kind (ML_NET_NONE when cause is NULL) */
	bool mirror_missed;    /* a mirror was tried and did not serve it (then the next URL) */
};
void ml_fetch_result_release(struct ml_fetch_result *r);

enum ml_fetch_flags {
	ML_FETCH_OFFLINE = 1 << 0,           /* cache only; every missing source is an error */
	ML_FETCH_ALLOW_NO_CHECKSUM = 1 << 1, /* accept sources that list no checksum */
};

/*
 * Progress, called from inside ml_fetch_sources for source `index` while it downloads
 * (`done` of `total` bytes, total 0 when unknown) and once more when it succeeds (done ==
 * total). Throttling and drawing are the caller's business.
 */
typedef void (*ml_fetch_progress_fn)(void *data, size_t index, const char *url, uint64_t done,
				     uint64_t total);

/* Zero-initialise and set what you need; every 0 means the default in brackets. */
struct ml_fetch_opts {
	const char *cache_dir;   /* [ml_cache_dir()] */
	unsigned flags;          /* enum ml_fetch_flags */
	int jobs;                /* parallel transfers [8] */
	long connect_timeout_ms; /* [30000] */
	long low_speed_time_s;   /* abort below low_speed_limit B/s for this long [60] */
	long low_speed_limit;    /* [1000] */
	long timeout_s; /* deadline of one transfer, connect to last byte [1800]; not retried */
	int attempts;   /* tries of the upstream URL on transient errors [4] */
	long retry_delay_ms;              /* first backoff, doubled each retry [500] */
	long max_redirects;               /* [10] */
	uint64_t max_size;                /* per download [2 GiB] */
	const char *const *cache_mirrors; /* opam cache-layout mirrors: MIRROR/sha256/ab/<hex> */
	size_t ncache_mirrors;
	ml_fetch_progress_fn progress; /* or NULL */
	void *progress_data;
};

/*
 * Fetches every source into the cache, in parallel, and fills out[0..n) (caller-allocated,
 * each released with ml_fetch_result_release). A source already cached (matching all its
 * checksums) is not downloaded. Otherwise the candidates are tried in order: each cache
 * mirror (one URL per listed checksum), each of the source's mirrors, then the upstream URL,
 * which is retried with exponential backoff on transient failures (connection errors,
 * timeouts, HTTP 5xx/408/429, truncated bodies) but not on other HTTP errors. A body is
 * hashed while it streams to a temporary file in the cache and checked against every
 * checksum before it is committed. Sources without checksums are refused (ML_EUSAGE) unless
 * ML_FETCH_ALLOW_NO_CHECKSUM; git sources (git+...) are refused (ML_EUSAGE).
 * Returns 0 when every source succeeded. Otherwise each failed source has its own error in
 * out[i].error and err summarises: with ML_FETCH_OFFLINE, ML_EOFFLINE listing every missing
 * source; else the first failure's code, with "N of M sources failed" and each message.
 * The cache checks (each reads and hashes a whole archive) run on up to ML_FETCH_THREADS.
 */
int ml_fetch_sources(struct ml_fetch_result *out, const struct ml_fetch_source *sources, size_t n,
		     const struct ml_fetch_opts *opts, struct ml_error *err);

/*
 * Caps on archive extraction. Real sources stay far below them (dune's own source: 46 MB in
 * 8,002 files, names ~0.5 MB in all), while an archive at the caps still costs bounded memory
 * (entry names are the only per-entry state kept: at most ML_EXTRACT_MAX_NAME_BYTES of them,
 * plus about 50 bytes an entry), disk and time.
 * Per entry:
 */
#define ML_EXTRACT_MAX_PATH 4096     /* bytes of an entry's path (and of a hard link's target) */
#define ML_EXTRACT_MAX_COMPONENT 255 /* bytes of one component of a path (NAME_MAX) */
#define ML_EXTRACT_MAX_LINK 4096     /* bytes of a symbolic link's target */
#define ML_EXTRACT_MAX_DEPTH 128     /* components of a path */
/*
 * Per source (one archive). Entries count every directory an entry creates implicitly
 * (components new since the previous entry, an over-estimate), so depth cannot multiply disk
 * usage; bytes are uncompressed file contents; name bytes are the paths and link targets.
 */
#define ML_EXTRACT_MAX_ENTRIES 200000u
#define ML_EXTRACT_MAX_BYTES ((uint64_t)1 << 30)
#define ML_EXTRACT_MAX_NAME_BYTES ((uint64_t)32 << 20)
/* Per pull: the sum over every archive one `pull` extracts (ml_extract_budget). */
#define ML_PULL_MAX_ENTRIES 2000000u
#define ML_PULL_MAX_BYTES ((uint64_t)8 << 30)

/*
 * A budget shared by the extractions of one pull: each successful ml_extract_archive adds what
 * it wrote to `entries` and `bytes`, and an extraction that would take either past its max
 * fails (before writing anything when the headers already tell). Not thread-safe, like the
 * extraction itself (which runs one archive at a time).
 */
struct ml_extract_budget {
	uint64_t max_entries, max_bytes; /* 0: ML_PULL_MAX_ENTRIES, ML_PULL_MAX_BYTES */
	uint64_t entries, bytes;         /* used so far; start at 0 */
};

/* Limits for ml_extract_archive; zero fields take the defaults in brackets. */
struct ml_extract_limits {
	uint64_t max_entries;            /* [ML_EXTRACT_MAX_ENTRIES] */
	uint64_t max_bytes;              /* total uncompressed bytes [ML_EXTRACT_MAX_BYTES] */
	uint64_t max_name_bytes;         /* [ML_EXTRACT_MAX_NAME_BYTES] */
	struct ml_extract_budget *total; /* or NULL: no budget across archives */
};

/*
 * Extracts the archive at `archive` (tar, optionally gzip/bzip2/xz/lzma/zstd-compressed, or
 * zip; recognised by content, not by name) into `dest`, which must not exist or be an empty
 * directory. As opam does, when every entry lies under one top-level directory, that
 * directory is stripped. Regular files keep their executable bits; directories and in-tree
 * symlinks and hard links are kept. Entry names are taken as UTF-8 whatever the locale: zip
 * names flagged UTF-8 as they are, other zip names (CP437, the zip default) converted from
 * CP437 to UTF-8; tar names as raw bytes. Refused with ML_EUNSAFE naming the entry: absolute
 * paths, `..` components, links leading outside dest (or through another link), devices,
 * fifos, sockets; names and link targets over the per-entry caps; more entries, bytes or name
 * bytes than the limits (NULL: defaults) or than the budget has left, naming the cap. Nothing
 * is written before every entry has been checked, and on any failure what was written is
 * removed (dest too if it was created). Changes the process's working directory during the
 * call (not thread-safe).
 */
int ml_extract_archive(const char *archive, const char *dest,
		       const struct ml_extract_limits *limits, struct ml_error *err);

/* ---- pull (fetch/pull.c): a lock's sources into the workspace ---- */

/* What a pull reports while it runs (ml_pull_opts.report); cmd/ prints, nothing below does. */
enum ml_pull_event_kind {
	ML_PULL_FETCH_BEGIN, /* `count` archives are about to be fetched: dirs[0..count) */
	ML_PULL_DOWNLOAD,    /* archive `index` (dir): `done` of `total` bytes (total 0: unknown) */
	ML_PULL_FETCH_END,   /* every fetch is over, successfully or not */
	ML_PULL_PULLED,      /* dir was swapped into the workspace */
	ML_PULL_NOTE,        /* msg: a remark (not a warning, shown unless quiet) */
	ML_PULL_WARNING,     /* msg: a warning; dir, when set: the path msg starts with */
	ML_PULL_SAVED,       /* --force: what dir held is saved in the tarball msg */
	ML_PULL_WAITING,     /* another process (pid, 0: unknown) is pulling into dir: waiting */
	ML_PULL_DETAIL,      /* what became of dir, in msg (for -v): "unchanged", "downloaded
				from URL", "from the cache", "exported from git URL at COMMIT",
				"copied from PATH", "removed" */
};

/* Everything is borrowed for the duration of the callback, except dirs (see below). */
struct ml_pull_event {
	enum ml_pull_event_kind kind;
	const char *dir;
	size_t index, count;
	/* ML_PULL_FETCH_BEGIN: the directories being fetched, valid until ML_PULL_FETCH_END */
	const char *const *dirs;
	uint64_t done, total;
	const char *msg;
	long pid;
};

typedef void (*ml_pull_report_fn)(void *ctx, const struct ml_pull_event *ev);

/* Zero-initialise, then set lockfile (required) and what you need. */
struct ml_pull_opts {
	const char *lockfile; /* its directory is the project's: duniverse/ and file:// paths */
	const char *root;     /* or NULL: the project's directory, when not the lock file's */
	int jobs;             /* parallel downloads [8] */
	long timeout_s;       /* deadline of one download [1800] */
	bool offline;         /* the cache only (archives and git) */
	bool force;           /* replace or remove edited directories */
	bool keep_git;        /* keep .git in directories pulled from git */
	const char *const *mirrors; /* opam cache-layout mirrors, tried before upstream */
	size_t nmirrors;
	const struct ml_strvec *only;    /* NULL or empty: every directory; else only those */
	struct ml_extract_limits caps;   /* per archive; zeros: the real caps */
	struct ml_extract_budget budget; /* per pull; zero maxima: the real caps */
	ml_pull_report_fn report;        /* or NULL */
	void *report_ctx;
};

/* What a pull did. Release with ml_pull_result_release. */
struct ml_pull_result {
	char *root; /* the workspace directory: "<project>duniverse" (set once known) */
	size_t pulled, from_cache, removed;
	uint64_t bytes; /* size of the archives of the directories pulled */
	/*
	 * The local edits found in directories the pull would replace or remove: when they
	 * refused the pull (ML_EMODIFIED), plan.edits lists each (ml_workspace_plan).
	 */
	struct ml_ws_plan plan;
	/* A pull that changed nothing: the directories with unsaved edits (modified or
	 * conflicted, ml_workspace_status), sorted. */
	struct ml_strvec edited;
	/*
	 * Saved patches carried to new versions (lock_changed: lock was updated, the caller
	 * writes it): carried, "<patch> to the new version of <root>/<dir>" per clean carry;
	 * conflicts, each file left with conflict markers (then ML_EMODIFIED is not returned:
	 * the pull is done, the caller says so and exits 3); kept, each old patch kept as .orig.
	 */
	bool lock_changed;
	struct ml_strvec carried, kept, conflicts;
	/*
	 * A fetch that failed (then nothing in the workspace changed): each failed source's
	 * dir, its message (ml_fetch_result.error) and the cause it may share with others
	 * (ml_fetch_result.cause, ml_git_last_cause; "" when the failure is its own), in the
	 * order of their dirs, for the caller to group: every source is tried, archive or git,
	 * whatever failed before; `fetched` is how many sources were to be fetched.
	 */
	struct ml_strvec failed, failed_msgs, failed_causes;
	enum ml_net_cause *failed_why; /* [failed.n]: each cause's kind */
	size_t fetched;
	/* archives not served by a --mirror, then fetched from (or tried at) their upstream */
	size_t mirror_missed;
};
void ml_pull_result_init(struct ml_pull_result *r);
void ml_pull_result_release(struct ml_pull_result *r);

/*
 * Pulls `lock` (DESIGN section 6): plans against the workspace `<project>duniverse` (the
 * project being the lock file's directory), refuses with ML_EMODIFIED (out->plan listing the
 * edits, nothing changed) when directories it would replace or remove carry local edits and
 * opts->force is not set (with it, each such directory is saved first: ml_discard_save,
 * ML_PULL_SAVED), then in three phases so that a failure changes nothing: fetches
 * every archive into the cache (in parallel), populates a staging directory for every
 * created or replaced directory, writes their manifests, and only then
 * removes stale directories and swaps each staged one in. Last, writes the generated files
 * (duniverse/dune). Directories and links the lock does not name and monolock did not write
 * are left alone; a warning names those not seen by an earlier pull (ml_workspace_note_foreign;
 * not with opts->only). Local directory sources must be the project's pins
 * (ml_project_check_local_sources). On failure *out says what was done before it.
 */
int ml_pull(struct ml_pull_result *out, struct ml_lock *lock, const struct ml_pull_opts *opts,
	    struct ml_error *err);

/*
 * A failed fetch's report (ml_pull_result.failed...), grouped: the sources sharing a cause
 * (an unreachable host) in one group when there are at least two of them, each other failure
 * in a group of its own. Groups are in the order of their first source (the lock's).
 */
#define ML_FAILURE_NAMES 3 /* sources named in a group */
struct ml_failure_group {
	const char *cause; /* the shared cause, or NULL: a group of one (msg says it all) */
	const char *msg;   /* the first source's message */
	size_t n;          /* sources in the group */
	const char *names[ML_FAILURE_NAMES]; /* the first min(n, ML_FAILURE_NAMES) dirs */
};
struct ml_failure_report {
	struct ml_failure_group *groups;
	size_t ngroups;
	bool network; /* some failure is the network's (not a checksum's): a mirror, the cache */
	bool timeout; /* some failure is a timeout or a deadline: --timeout */
	bool offline; /* some source is not in the cache, offline */
};
/* Fills out from r (borrowed: valid while r is). Release with ml_failure_report_release. */
void ml_pull_failure_report(struct ml_failure_report *out, const struct ml_pull_result *r);
void ml_failure_report_release(struct ml_failure_report *rep);

/*
 * The workspace key of every source of `lock` (ml_workspace_source_key; a local directory
 * source's also covers its content, so that an edited pin is pulled again), appended to
 * keys in lock order. `project` is the lock's directory ("" or ending in '/').
 */
int ml_pull_source_keys(struct ml_strvec *keys, const struct ml_lock *lock, const char *project,
			unsigned ws_flags, struct ml_error *err);

/* sha256 of the regular file at path in hex: the workspace's hash (ml_ws_hash_fn). */
int ml_pull_hash_file(void *ctx, const char *path, struct ml_buf *out, struct ml_error *err);

/* ---- status and verify (fetch/status.c) ---- */

struct ml_status_opts {
	const char *lockfile;         /* its directory is the project's */
	const struct ml_strvec *only; /* NULL or empty: every directory */
	unsigned flags;               /* ML_WS_HASH_ALL: verify */
};

/*
 * The state of the workspace `<project>duniverse` against `lock` (ml_workspace_status, with
 * the keys ml_pull uses; a git source pulled with its .git is as good as one without).
 * Reads only (ml_workspace_open_readonly), apart from recording the stamps of files found
 * right. *out_root (free()) is the workspace's path, set even on failure.
 * h/patch: a source with saved patches is want.patched.
 */
int ml_status(struct ml_ws_status *out, char **out_root, const struct ml_lock *lock,
	      const struct ml_status_opts *opts, struct ml_error *err);

/* ---- what pull --force discards (fetch/discard.c) ---- */

#define ML_DISCARD_KEEP 10 /* tarballs kept in .monolock/discarded/ */

/*
 * Saves the workspace directory root/dir (whatever it holds: files, links as links; nothing
 * is followed) as root/.monolock/discarded/NNNN-dir.tar.gz, NNNN one more than the newest
 * there, written to a temporary file, synced and renamed; then removes the oldest beyond
 * the last ML_DISCARD_KEEP. *out (free()) is the tarball's path. A tree over the extraction
 * caps (ML_EXTRACT_MAX_ENTRIES, ML_EXTRACT_MAX_BYTES) is not saved: ML_EIO, saying to move it
 * away by hand. A `discarded` that is a link or a file is ML_EUNSAFE.
 */
int ml_discard_save(char **out, const char *root, const char *dir, struct ml_error *err);

#endif
