#ifndef ML_PATCH_H
#define ML_PATCH_H

/*
 * fetch/patch.c: diffs, patches and three-way merges of source trees (DESIGN section 6),
 * with libgit2 on an in-memory object store (nothing is written to disk but the files a
 * patch or a merge changes). A patch is a git-style unified diff whose paths are relative to
 * the source's root ("a/src/x.ml", "b/src/x.ml"), as `patch -p1` and `git apply` read it in
 * that directory. fetch/pristine.c: the pristine tree of a lock source, and its recorded
 * patches.
 */

#include "lib/ml.h"

struct ml_lock_source;

#define ML_PATCH_MAX_SIZE ((size_t)64 << 20)  /* bytes of one patch file */
#define ML_PATCH_MAX_FILE ((size_t)256 << 20) /* bytes of one file diffed, patched or merged */
#define ML_PATCH_MAX_FILES 200000u            /* files of one tree diffed */
#define ML_PATCH_MAX_PATCHES 64               /* patches recorded for one source */

struct ml_patch_diff_opts {
	const char *old_prefix, *new_prefix; /* NULL: "a/" and "b/" */
	bool binary; /* binary files as git binary patches (applicable), else only named */
	bool stat;   /* a diffstat (git's --stat) instead of the patch */
	const struct ml_strvec *paths; /* NULL: every file; else only these relative paths */
	const char *tree_prefix;       /* put before every path (e.g. "duniverse/fmt/"), or NULL */
};

/*
 * Appends to out the diff from old_dir to new_dir (either may be NULL: an empty tree):
 * modified, added and deleted files, mode changes (regular, executable, symbolic link);
 * `.git` directories and anything else than files and links are left out. Errors name the
 * file; more than ML_PATCH_MAX_FILES files or a file over ML_PATCH_MAX_FILE is refused.
 */
int ml_patch_diff_dirs(struct ml_buf *out, const char *old_dir, const char *new_dir,
		       const struct ml_patch_diff_opts *o, struct ml_error *err);

/*
 * Applies a patch (`name` in messages) to the files of dir, which it changes in place only
 * once every hunk applies: a file that does not exist or already exists, or a hunk that does
 * not apply, is ML_EPARSE "<name>: <file>: hunk #N (@@ ... @@) does not apply" and dir is
 * untouched. Paths must be relative, without "..", "." or ".git" components, and are
 * written without following links (ML_EUNSAFE otherwise).
 */
int ml_patch_apply(const char *dir, const char *patch, size_t len, const char *name,
		   struct ml_error *err);

/*
 * Appends the paths a patch reads or writes (old and new names) to out, sorted and unique.
 * Errors as ml_patch_apply's for a patch that does not parse or names an unsafe path.
 */
int ml_patch_paths(struct ml_strvec *out, const char *patch, size_t len, const char *name,
		   struct ml_error *err);

/* A three-way merge of a patch carried to a new version of its source. */
struct ml_patch_carry {
	bool clean;
	struct ml_strvec conflicts; /* files left with conflict markers (or modify/delete) */
	struct ml_buf patch;        /* when clean: the patch against the new version */
	/* the merged files, for ml_patch_carry_write: path, content, mode (0: delete) */
	struct ml_strvec paths;
	struct ml_buf *data;
	unsigned *modes;
};

void ml_patch_carry_init(struct ml_patch_carry *c);
void ml_patch_carry_release(struct ml_patch_carry *c);

/*
 * Carries `patch`, made against old_dir (the old pristine tree: a scratch copy, which this
 * changes), to new_dir (the new pristine tree, not changed): for each file the patch
 * touches, git_merge_file(base: old_dir's, ours: old_dir's with the patch, theirs:
 * new_dir's). In conflict markers, `name` (the patch) names ours and `label` the new version. The patch must apply to
 * old_dir (ml_patch_apply's errors otherwise).
 */
int ml_patch_carry(struct ml_patch_carry *out, const char *old_dir, const char *new_dir,
		   const char *patch, size_t len, const char *name, const char *label,
		   struct ml_error *err);
/* Writes the merged files of a carry into dir (the new version's tree). */
int ml_patch_carry_write(const struct ml_patch_carry *c, const char *dir, struct ml_error *err);

/* ---- fetch/pristine.c ---- */

/*
 * Reads a recorded patch file, relative to `project` (the lock's directory, "" or ending in
 * '/'), without following links (a link anywhere on the path is ML_EUNSAFE), capped at
 * ML_PATCH_MAX_SIZE; with sha256 non-NULL, its sha256 must be that (ML_ECHECKSUM naming the
 * file, both sums and what to do).
 */
int ml_patch_read_file(struct ml_buf *out, const char *project, const char *file,
		       const char *sha256, struct ml_error *err);

/* Applies the patches src records, in order, to dir (a freshly staged tree). */
int ml_patch_apply_recorded(const char *dir, const char *project, const struct ml_lock_source *src,
			    struct ml_error *err);

/*
 * Materialises the pristine tree of a lock source as a new directory *out (free() it; the
 * caller removes the tree with ml_fs_remove_tree) below tmp_parent (created if needed): an
 * archive from the cache (downloaded into it when missing, unless offline), a git commit
 * from the cache's object store, a local directory copied. Nothing is written elsewhere.
 */
int ml_pristine_make(char **out, const struct ml_lock_source *src, const char *project,
		     const char *tmp_parent, bool offline, struct ml_error *err);

/*
 * The source a workspace key (ml_workspace_source_key) names, for the old version of a carry:
 * url, commit and checksums. ML_ENOTFOUND for a key that names no archive or git source
 * (a local directory's). Free with ml_lock_source_release-like cleanup: ml_patch_key_source_release.
 */
int ml_patch_key_source(struct ml_lock_source *out, const char *key, struct ml_error *err);
void ml_patch_key_source_release(struct ml_lock_source *s);

/*
 * Does a workspace key (a directory's manifest) name src as the lock has it now? *flags gets
 * the workspace flags it was pulled with (ML_WS_KEEP_GIT).
 */
bool ml_patch_key_matches(const char *key, const struct ml_lock_source *src, unsigned *flags);

/*
 * Appends to out the edits of workspace directory root/<src->dir> against src's pristine
 * tree (made in root/.monolock/pristine/ and removed after), with its recorded patches
 * applied when with_patches (what `diff` shows) or not (what `patch` saves).
 */
int ml_patch_edits(struct ml_buf *out, const char *root, const char *project,
		   const struct ml_lock_source *src, bool with_patches,
		   const struct ml_patch_diff_opts *o, bool offline, struct ml_error *err);

/*
 * The files `patch` must compare for src's directory in workspace `ws`: those that differ
 * from what pull wrote (its manifest) and those src's recorded patches touch (read from the
 * project, sha256 checked), sorted and unique: the rest is pristine on both sides.
 */
int ml_patch_changed_paths(struct ml_strvec *out, struct ml_workspace *ws, const char *project,
			   const struct ml_lock_source *src, struct ml_error *err);

/*
 * Writes text atomically to <project>patches/<dir>.patch<suffix> (the directory patches/
 * created, not followed if a link); *out_file is that path relative to the project and
 * *out_sha256 (may be NULL) the text's sha256 hex (free() both).
 */
int ml_patch_save_file(char **out_file, char **out_sha256, const char *project, const char *dir,
		       const char *suffix, const char *text, size_t len, struct ml_error *err);

/*
 * The file `monolock patch DIR` writes for a source: patches/<dir>.patch. A source's patches
 * apply in the order the lock lists them; this one, the project's own edits, always comes
 * last, on top of the others (an upstream fix added by hand, ...), which `patch` never
 * rewrites. A new string (free()).
 */
char *ml_patch_own_file(const char *dir);

/* What `monolock patch DIR` did for one source (ml_patch_save_dir). */
struct ml_patch_saved {
	char *file;    /* the patch written, relative to the project; NULL: no edits */
	size_t nfiles; /* the files it changes */
	bool dropped;  /* no edits: the source's own patch, which it had, is dropped */
	char *key;     /* the directory's workspace key once the lock records src */
	/*
	 * The directory holds another version than the lock's (the lock moved on): the url it
	 * was pulled from, which the patch is made against (pull carries it to the lock's
	 * version); else NULL.
	 */
	char *pulled;
	struct ml_strvec others; /* the source's other patches, below the saved one, in order */
};
void ml_patch_saved_release(struct ml_patch_saved *s);

/*
 * Saves the edits of workspace directory <root>/<src->dir> (root: ws's root) as src's own
 * patch (ml_patch_own_file), against the pristine source the directory was pulled from (the
 * lock's, or the version its manifest names when the lock moved on) with src's other
 * patches applied in order: only the files that differ from what pull wrote (the manifest)
 * or that a recorded patch touches are compared, unless the directory was pulled with other
 * patches than the lock's (then every file). No edits drops the own patch (its file
 * removed). src's patch lists are updated (others, then the own patch); the caller writes the
 * lock, then adopts out->key for the directory. A directory not pulled is ML_ENOTFOUND, a
 * local directory source ML_EUSAGE.
 */
int ml_patch_save_dir(struct ml_patch_saved *out, struct ml_workspace *ws, const char *project,
		      struct ml_lock_source *src, bool offline, struct ml_error *err);

/*
 * Once the conflict of a carry in root/<dir> is resolved (`monolock patch DIR` saved it):
 * removes the .orig files ml_patch_settle kept for it (relative to `project`, "" or ending in
 * '/'), each only if it is still a regular file, and their record; out gets the paths
 * removed. No record: nothing to do.
 */
int ml_patch_drop_kept(struct ml_strvec *out, const char *root, const char *project,
		       const char *dir, struct ml_error *err);

/* Checks every patch the lock records: readable as ml_patch_read_file says, same sha256. */
int ml_patch_check_recorded(const struct ml_lock *lock, const char *project, struct ml_error *err);

/* What pull did to a staged directory's patches. */
struct ml_patch_stage {
	bool carried;                /* an upgrade: the patches were carried (carry says how) */
	struct ml_patch_carry carry; /* when clean, its files are in the staged dir already */
	char *key;                   /* carried: the directory's key once the lock says so */
	char *old_url;               /* carried: the old version's url */
	/*
	 * Several patches carried cleanly one by one, each on top of the ones before (carry
	 * then holds no patch): each one's text against the new version, in src's order (empty:
	 * the new version already has it). Conflicting, they are carried as one (carry).
	 */
	struct ml_buf *each;
	size_t neach;
};
void ml_patch_stage_release(struct ml_patch_stage *st);

/*
 * pull's hook, right after a source is staged (root: the workspace; old_key: the key of the
 * directory it replaces, or NULL): applies src's recorded patches, or, when old_key names
 * another version of the source (an upgrade), carries them from that version (its pristine
 * tree from the cache) by three-way merges: one by one in src's order, each staying its own
 * file (st->each), when every one merges cleanly; else all of them as one patch, whose
 * conflicts are left to resolve (st->carry). A clean carry is written into the staged
 * directory; a conflicting one is not (ml_patch_carry_write writes it once swapped in).
 * Errors change nothing but the staged directory.
 */
int ml_patch_stage(struct ml_patch_stage *out, const char *staging, const char *root,
		   const char *project, const struct ml_lock_source *src, const char *old_key,
		   unsigned ws_flags, bool offline, struct ml_error *err);

/*
 * After the swap, what a carry leaves (nothing unless st->carried): carried one by one, each
 * patch file is rewritten against the new version in place (same name, same order; one the
 * new version already holds is removed and dropped from src); clean as one, the patch
 * against the new version replaces src's patches (patches/<dir>.patch, src updated; an
 * empty one drops them); conflicting, each old patch file is renamed to <file>.orig (pushed to kept),
 * src's patches are dropped, and the merged files, conflict markers and all, are written in
 * root/<dir> as local edits, and the names kept are recorded in root/.monolock/kept/<dir> for
 * ml_patch_drop_kept. The caller writes the lock.
 */
int ml_patch_settle(struct ml_strvec *kept, struct ml_lock_source *src,
		    const struct ml_patch_stage *st, const char *root, const char *project,
		    struct ml_error *err);

#endif
