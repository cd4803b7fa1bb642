#ifndef ML_WORKSPACE_H
#define ML_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct ml_buf;
struct ml_error;
struct ml_lock;
struct ml_lock_source;

/*
 * The workspace (DESIGN section 6): `duniverse/<dir>/` per source, and monolock's state in
 * `duniverse/.monolock/`:
 *   lock            flock(2)ed while a workspace is open: one pull at a time per workspace
 *   manifests/<dir> what pull wrote in <dir>: the source's key and each file's hash
 *   index           the manifests in one file: a cache status reads instead of each (checked
 *                   against each manifest's stamp; rewritten by a full locked status)
 *   pending/<dir>   the manifest of a staged directory not yet swapped in
 *   staging/<dir>   a directory being populated, beside the workspace (same file system)
 *   aside/<dir>     a directory moved out of the way (removal, or swap without RENAME_EXCHANGE)
 * A directory is swapped in with renameat2(RENAME_EXCHANGE) (or rename-aside where the file
 * system lacks it); opening the workspace recovers an interrupted run, so that after a crash
 * or kill -9 every directory is either its old or its new self. Commits are synced (staged
 * trees and manifests before the swaps, directories after), so a power loss is a kill too.
 *
 * libc only: hashing files and populating a staging directory are callbacks.
 */

/* Hashes the regular file at path, appending a printable digest (no spaces) to out. */
typedef int (*ml_ws_hash_fn)(void *ctx, const char *path, struct ml_buf *out, struct ml_error *err);

struct ml_workspace;

enum ml_ws_flags {
	ML_WS_FORCE = 1 << 0,    /* plan/apply: discard local edits */
	ML_WS_KEEP_GIT = 1 << 1, /* commit: keep .git directories and a top-level duniverse/ */
};

/*
 * Opens (creating if needed) the workspace directory `root` (e.g. "duniverse"), waits for
 * the workspace lock, and completes or rolls back whatever an interrupted run left. `hash`
 * is used for manifests and edit detection. Free with ml_workspace_free (releases the lock).
 * Only a workspace monolock made is opened: root must be absent, an empty directory, or a
 * real directory holding a real `.monolock/` (whose subdirectories are not links either);
 * anything else (a link to a home directory, someone else's directory) is ML_EUNSAFE naming
 * it and saying what to do, before anything is touched.
 */
int ml_workspace_open(struct ml_workspace **out, const char *root, ml_ws_hash_fn hash,
		      void *hash_ctx, struct ml_error *err);
/*
 * Told once, before ml_workspace_open_wait blocks, that another process holds the workspace
 * lock: `pid` is the process id the holder recorded in it (0 when unknown).
 */
typedef void (*ml_ws_wait_fn)(void *ctx, long pid);
/*
 * ml_workspace_open, saying when it has to wait (on_wait, or NULL) and recording this
 * process's id in the lock file for the next one to say whom it waits for. While it waits,
 * ml_interrupt() makes it return ML_EINTR, nothing touched.
 */
int ml_workspace_open_wait(struct ml_workspace **out, const char *root, ml_ws_hash_fn hash,
			   void *hash_ctx, ml_ws_wait_fn on_wait, void *wait_ctx,
			   struct ml_error *err);
void ml_workspace_free(struct ml_workspace *ws);
/* Borrowed: the root given to ml_workspace_open. */
const char *ml_workspace_root(const struct ml_workspace *ws);

/*
 * The key of a source: what identifies its content (URL, commit, checksums, for git
 * sources ML_WS_KEEP_GIT, and the sha256 of each saved patch). A directory whose manifest has the same key is up to date.
 * free() it.
 */
char *ml_workspace_source_key(const struct ml_lock_source *src, unsigned flags);

/*
 * The key recorded in dir's manifest (free() it): what pull last put there. ML_ENOTFOUND
 * when dir has no manifest.
 */
int ml_workspace_key(char **out, struct ml_workspace *ws, const char *dir, struct ml_error *err);
/*
 * Records dir's current content as what monolock wrote, with `key` (its edits were saved as
 * a patch the key includes): rewrites its manifest durably, as a commit would.
 */
int ml_workspace_adopt(struct ml_workspace *ws, const char *dir, const char *key,
		       struct ml_error *err);

/* What a pull wants: directory `dir` holding the source identified by `key`. */
struct ml_ws_want {
	const char *dir;
	const char *key;
	/* the lock records saved patches for it (then clean is "patched"; see ml_ws_state) */
	bool patched;
	/* status only, or NULL: another key that is as good (the git source kept with .git) */
	const char *key_alt;
};

enum ml_ws_action {
	ML_WS_KEEP,    /* up to date: not touched */
	ML_WS_CREATE,  /* absent: populate and move in */
	ML_WS_REPLACE, /* different key: populate and swap */
	ML_WS_REMOVE,  /* no longer wanted */
};

enum ml_ws_edit_kind {
	ML_WS_MODIFIED,  /* content, type or executable bit differ */
	ML_WS_ADDED,     /* not written by pull */
	ML_WS_DELETED,   /* written by pull, now missing */
	ML_WS_UNTRACKED, /* the whole directory has no manifest (not written by monolock) */
};

struct ml_ws_item {
	char *dir;
	char *key; /* NULL for ML_WS_REMOVE */
	enum ml_ws_action action;
	size_t want; /* index into the wants given to ml_workspace_plan; unset for removals */
};

struct ml_ws_edit {
	char *dir;
	char *path; /* relative to dir; NULL for ML_WS_UNTRACKED */
	enum ml_ws_edit_kind kind;
};

/* A plan: one item per directory considered (sorted by dir), and the local edits found in
 * the directories it would replace or remove (sorted by dir, then path). */
struct ml_ws_plan {
	struct ml_ws_item *items;
	size_t nitems, items_alloc;
	struct ml_ws_edit *edits;
	size_t nedits, edits_alloc;
	/* directories and links the lock does not name and monolock did not write (or a link
	 * put where it wrote one): left alone, sorted */
	struct ml_strvec foreign;
};

void ml_ws_plan_init(struct ml_ws_plan *plan);
void ml_ws_plan_release(struct ml_ws_plan *plan);
/* Counts the items with that action. */
size_t ml_ws_plan_count(const struct ml_ws_plan *plan, enum ml_ws_action action);
/* "modified", "added", "deleted", "untracked". */
const char *ml_ws_edit_kind_name(enum ml_ws_edit_kind kind);

/*
 * Compares the wanted directories with the workspace. With `only` (non-NULL, non-empty),
 * considers only those directories, each of which must be wanted or present (ML_EUSAGE
 * naming it otherwise); else also plans the removal of every other directory of the
 * workspace that monolock wrote (hidden entries and plain files, such as the generated
 * `dune`, are left alone, and so are the directories and links it did not write: listed in
 * out->foreign).
 * A wanted directory is kept when its manifest has the same key and it exists, or when it
 * is a symbolic link (linked to a checkout of the user's: never replaced). Every dir
 * name is checked with ml_lock_check_dir (ML_EUNSAFE). Edits are computed for each replaced
 * or removed directory; they are reported, not refused, here: ml_workspace_apply refuses.
 */
int ml_workspace_plan(struct ml_ws_plan *out, struct ml_workspace *ws,
		      const struct ml_ws_want *wants, size_t nwants, const struct ml_strvec *only,
		      struct ml_error *err);

/*
 * Fills the staging directory for one item: `staging` exists and is empty. Return 0 or an
 * error; on error the directory is discarded and the workspace's one is left as it was.
 */
typedef int (*ml_ws_populate_fn)(void *ctx, const struct ml_ws_item *item, const char *staging,
				 struct ml_error *err);
/* Progress: called after each item is done (kept items are not reported). */
typedef void (*ml_ws_done_fn)(void *ctx, const struct ml_ws_item *item);

/*
 * Carries out a plan: refuses with ML_EMODIFIED if it lists edits and ML_WS_FORCE is not in
 * flags; removes, then populates and swaps in each created or replaced directory in plan
 * order. Stops at the first failure: directories done so far are new, the rest are old.
 */
int ml_workspace_apply(struct ml_workspace *ws, const struct ml_ws_plan *plan, unsigned flags,
		       ml_ws_populate_fn populate, ml_ws_done_fn done, void *ctx,
		       struct ml_error *err);

/* The steps of apply, for callers driving their own order. */
/* A fresh empty staging directory for dir; *out is its path (free() it). */
int ml_workspace_stage(char **out, struct ml_workspace *ws, const char *dir, struct ml_error *err);
/*
 * Drops .git directories (and a top-level duniverse/) from the staged dir unless
 * ML_WS_KEEP_GIT and writes its manifest with `key` as pending: everything a commit writes,
 * so that a caller preparing every directory before committing any (ml_workspace_commit_all)
 * finds a full disk, or any write error, while the workspace is still untouched. Nothing is
 * synced yet.
 */
int ml_workspace_prepare(struct ml_workspace *ws, const char *dir, const char *key, unsigned flags,
			 struct ml_error *err);
/*
 * Prepares the staged dir and swaps it into the workspace, durably (ml_workspace_commit_all). On failure
 * the workspace's dir is as it was, or new when only the recording of its manifest failed
 * (the next ml_workspace_open completes it).
 */
int ml_workspace_commit(struct ml_workspace *ws, const char *dir, const char *key, unsigned flags,
			struct ml_error *err);
/*
 * Swaps dirs[0..n), each staged and prepared, into the workspace in that order and records
 * their manifests, durably and with three syncs in all: the staged trees and manifests reach
 * the disk (one syncfs of the workspace's file system) before the first swap, the workspace
 * directory is synced after the swaps, and the manifests' after they are recorded. A power
 * loss, like a kill, leaves each directory old or new. Stops at the first failure:
 * *out_done (set in every case) directories are new, the others old, their staged
 * directories and manifests discarded.
 */
int ml_workspace_commit_all(size_t *out_done, struct ml_workspace *ws, const char *const *dirs,
			    size_t n, struct ml_error *err);
/* Discards dir's staged directory and prepared manifest, if any (a pull that gave up). */
int ml_workspace_unstage(struct ml_workspace *ws, const char *dir);
/* Removes dir from the workspace with its manifest (atomically: gone or still there). */
int ml_workspace_remove(struct ml_workspace *ws, const char *dir, struct ml_error *err);
/* Appends dir's local edits to out->edits (nothing for a directory that does not exist). */
int ml_workspace_diff(struct ml_ws_plan *out, struct ml_workspace *ws, const char *dir,
		      struct ml_error *err);
/*
 * Of `foreign` (a plan's), appends to out those not noted by an earlier call, and notes
 * `foreign` as the current set (.monolock/foreign, rewritten when it changes): so that pull
 * warns once about each. A record that is not a regular file is ignored and replaced.
 */
int ml_workspace_note_foreign(struct ml_strvec *out, struct ml_workspace *ws,
			      const struct ml_strvec *foreign, struct ml_error *err);
/* Directories that have a manifest, sorted. */
int ml_workspace_dirs(struct ml_strvec *out, struct ml_workspace *ws, struct ml_error *err);

/* ---- status and verify ---- */

/*
 * Opens the workspace `root` to look at it only: nothing is created, locked or recovered (a
 * run interrupted there shows as it is until the next pull). An absent root is a workspace
 * holding nothing; any other root ml_workspace_open would refuse is refused the same way.
 * Free with ml_workspace_free.
 */
int ml_workspace_open_readonly(struct ml_workspace **out, const char *root, ml_ws_hash_fn hash,
			       void *hash_ctx, struct ml_error *err);

/* The state of one directory of the workspace against the lock (`monolock status`). */
enum ml_ws_state {
	ML_WS_CLEAN,      /* as pulled */
	ML_WS_EDITED,     /* as pulled, then files changed, added or deleted ("modified") */
	ML_WS_PATCHED,    /* as pulled with the lock's saved patches (want.patched), no edits */
	ML_WS_CONFLICTED, /* a carried patch left conflict markers (see ml_workspace_status) */
	ML_WS_MISSING,    /* the lock names it, the workspace lacks it */
	ML_WS_OUTDATED,   /* holds another source than the lock's, or the lock no longer has it */
	ML_WS_FOREIGN,    /* a directory monolock did not write (no manifest) */
	ML_WS_LINKED,     /* a symbolic link (to a local checkout): never replaced or diffed */
};

/* "clean", "modified", "patched", "conflicted", "missing", "out of date", "not in the lock",
 * "linked" */
const char *ml_ws_state_name(enum ml_ws_state state);

struct ml_ws_dir_status {
	char *dir;
	enum ml_ws_state state;
	bool wanted;                     /* the lock names it */
	char *link;                      /* ML_WS_LINKED: the link's target; else NULL */
	size_t first_edit, nedits;       /* its files in ml_ws_status.edits */
	size_t modified, added, deleted; /* counts of its edits by kind */
};

struct ml_ws_status {
	struct ml_ws_dir_status *dirs; /* sorted by dir */
	size_t ndirs, dirs_alloc;
	struct ml_ws_plan edits; /* only .edits is used: every edit, by dir then path */
	size_t files;            /* files compared with a manifest */
	size_t hashed;           /* of which read and hashed (the others trusted by their stamp) */
};

void ml_ws_status_init(struct ml_ws_status *st);
void ml_ws_status_release(struct ml_ws_status *st);
/* Counts the directories in that state. */
size_t ml_ws_status_count(const struct ml_ws_status *st, enum ml_ws_state state);

enum ml_ws_status_flags {
	ML_WS_HASH_ALL = 1 << 0, /* verify: hash every file, trust no stamp, record nothing */
};

/*
 * The state of every directory of the workspace against `wants` (the lock): each wanted one,
 * and each other directory or link present (a directory with a manifest that the lock no
 * longer names is out of date: pull removes it). With `only` (non-NULL, non-empty), just those
 * directories, each of which must be wanted or present (ML_EUSAGE naming it otherwise).
 * Without `only` (and unless ML_WS_HASH_ALL), a directory's entry in `.monolock/index` stands
 * for its manifest while the manifest keeps the stamp the entry records (lib/workspace.c);
 * holding the lock, such a status rewrites the index when an entry was missing or stale.
 * A directory holding the wanted source is compared file by file with its manifest: a file
 * whose size, inode, mtime and ctime are those recorded with its digest is trusted, any other
 * is hashed (all of them with ML_WS_HASH_ALL); a file found right whose times are older than
 * the racy window has its stamp recorded in the manifest, when the workspace lock can be taken
 * without waiting (else later). Conflicted: a file changed or added holds a line starting
 * "<<<<<<< " and a later one starting ">>>>>>> ", the markers a carry that did not merge
 * cleanly leaves (pull lists those files; they stay conflicted until the markers are gone). A
 * regular file `.monolock/conflicts/<dir>` also makes dir conflicted, but nothing writes one:
 * the markers are the only record. Out-of-date directories are compared too (their edits are
 * what pull would refuse on).
 */
int ml_workspace_status(struct ml_ws_status *out, struct ml_workspace *ws,
			const struct ml_ws_want *wants, size_t nwants, const struct ml_strvec *only,
			unsigned flags, struct ml_error *err);

/* ---- generators (lib/gen_dune.c) ---- */

/* The oldest `(lang dune X)` whose projects accept `(vendored_dirs *)`. */
#define ML_GEN_DUNE_MIN_LANG "1.11"

/*
 * The dune generator: writes `<workspace>/dune` with `(vendored_dirs *)` (rewritten only
 * when it changes), so that `dune build` at the project root builds the project and every
 * vendored package. With no sources in the lock nothing is generated, and a `dune` file this
 * generator wrote earlier is removed; *out_generated tells which happened.
 */
int ml_gen_dune_write(bool *out_generated, const char *workspace, const struct ml_lock *lock,
		      struct ml_error *err);
/*
 * Reads `(lang dune X)` from the project's dune-project file: *out is "X" (free() it), or
 * NULL when the file or the stanza is absent. ML_EPARSE for a malformed stanza.
 */
int ml_gen_dune_project_lang(char **out, const char *dune_project, struct ml_error *err);
/* True when a `(lang dune X)` version is too old for `(vendored_dirs *)`. */
bool ml_gen_dune_lang_too_old(const char *lang);

#endif
