#ifndef ML_LOCKFILE_H
#define ML_LOCKFILE_H

/*
 * lockfile/: the jansson adapter. Reads and writes monolock.lock (DESIGN section 5) and
 * opam-monorepo's .opam.locked; also renders the larger JSON reports of commands (lock,
 * list, repo check). cmd/ builds its other --json documents with jansson itself (cmd/json.c
 * and the commands); lib/, fetch/ and solver/ never include jansson.
 */

#include "lib/ml.h"

/* ---- monolock.lock and .opam.locked (lockfile/lockfile.c, lockfile/opam_locked.c) ---- */

/*
 * monolock.lock (DESIGN section 5): JSON, 2-space indent, keys in the design's order, every
 * list sorted, inner objects on one line, a final newline. The same lock (in any order)
 * renders to the same bytes.
 *
 * Top level: "lockfile" ("monolock/1"), "roots", "generator", "repositories" ({url, commit}
 * or {url, hash}; a repository recorded by url alone, as read from an opam-monorepo lock, is
 * {url}), "variables" (sorted keys; "true"/"false" as JSON booleans, anything else a string),
 * "toolchain" (only when the lock fixes one: {"ocaml": {version, from}, "dune": {max, from}},
 * each part present when fixed; from is "PATH" or the option that gave it),
 * "packages" ({name, version, dir (string or null), reason (only when dir is null), depends}),
 * "sources" ({dir, url, checksums, packages} or {dir, url, commit, packages}, with "mirrors"
 * after checksums/commit only when non-empty, and "pin": true after url on a local
 * directory source from the project's pin-depends), "depexts" ({"names": [...], "filter":
 * "<opam filter>"}, one object per line, filter absent when the entry always applies; the
 * filter is kept in ml_lock_depext_filter_canon's form; a plain string, as locks written
 * before filters were kept hold, reads as an entry of that one name that always applies).
 */
#define ML_LOCKFILE_NAME "monolock.lock"
#define ML_LOCKFILE_VERSION "monolock/1"
#define ML_LOCKFILE_MAX_SIZE (64u << 20) /* bytes; a bigger lock file is refused */

/* Appends the JSON text of `lock` to out. The lock is not modified (a sorted copy is used). */
void ml_lockfile_render(struct ml_buf *out, const struct ml_lock *lock);

/*
 * Parses monolock.lock text; `path` names it in errors. Strict: malformed JSON is ML_EPARSE
 * at path:line:col; an unknown "lockfile" version, a missing or unknown key or a value of the
 * wrong type is ML_EPARSE naming the key path (e.g. "packages[3].version: expected a
 * string"); then the lock must pass ml_lock_validate. A package's "depends" may be omitted
 * (empty). On success *out owns a new sorted lock (ml_lock_free); on failure *out is untouched.
 */
int ml_lockfile_parse(struct ml_lock **out, const char *path, const char *data, size_t len,
		      struct ml_error *err);
/* ml_lockfile_parse on a file's contents (ML_ENOTFOUND when missing, ML_EIO when unreadable). */
int ml_lockfile_read(struct ml_lock **out, const char *path, struct ml_error *err);
/*
 * Renders `lock` through ml_lockfile_render_checked (ML_EPARSE, nothing written, if pull
 * would not read it back), and writes it
 * to `path` atomically (ml_fs_write_atomic, mode 0644) unless the file already holds exactly
 * those bytes, in which case it is not touched. *changed (may be NULL) says whether it was
 * written.
 */
int ml_lockfile_write(bool *changed, const char *path, const struct ml_lock *lock,
		      struct ml_error *err);

/*
 * opam-monorepo's lock file, <name>.opam.locked, format 0.3 (lockfile/opam_locked.c): an opam
 * file with
 *   opam-version: "2.0", synopsis, maintainer,
 *   depends: ["name" {= "version" & ?vendor}] for vendored packages, {= "version"} otherwise,
 *   pin-depends: [["name.version" "url"]] for vendored packages (git sources as
 *     "git+https://host/repo.git#<commit>"),
 *   depexts: [["name"...] {filter} ...] (when any; as opam and opam-monorepo write them),
 *   x-opam-monorepo-duniverse-dirs: [["url" "dir" ["sha256=..."]]],
 *   x-opam-monorepo-global-opam-vars: [["name" value]] (value a string or a bool),
 *   x-opam-monorepo-opam-provided: [names] (non-vendored packages with reason opam-provided),
 *   x-opam-monorepo-opam-repositories: [urls],
 *   x-opam-monorepo-root-packages: [names], x-opam-monorepo-version: "0.3".
 * What that format cannot hold is written in extra fields so that write -> read gives back an
 * equal lock (ml_lock_equal):
 *   x-monolock-generator: "dune",
 *   x-monolock-reasons: [["name" "reason"]] for every non-vendored package,
 *   x-monolock-depends: [["name" ["dep" ...]]] for packages with resolved depends,
 *   x-monolock-repositories: [["url" "commit" "<40 hex>"] | ["url" "hash" "sha256=..."] | ["url"]],
 *   x-monolock-mirrors: [["dir" ["url" ...]]] for sources with mirrors,
 *   x-monolock-toolchain: [["ocaml" "<version>" "<from>"] ["dune" "<max>" "<from>"]] for the
 *     parts of the toolchain the lock fixes.
 *
 * Reading a genuine opam-monorepo file (no x-monolock-* fields) guesses what is missing:
 * generator "dune"; a non-vendored package's reason is "opam-provided" when listed in
 * x-opam-monorepo-opam-provided, else ml_lock_guess_reason (compiler names, build tools, else
 * "virtual": a package opam-monorepo did not vendor for another reason, e.g. no dune build in
 * an opam-provided closure, shows as "virtual"); depends are empty; repositories are the
 * x-opam-monorepo-opam-repositories urls as written (with no commit or hash; a
 * "$OPAM_MONOREPO_CWD" prefix is kept verbatim); depexts are read with their filters (not
 * evaluated: `depext` does that on the host where it runs); a url whose "#fragment" is 40 hex digits is a
 * git source at that commit, any other url is kept whole, except that a git url (git+ or
 * git://) without such a fragment (none, a branch, uppercase hex) is ML_EPARSE saying which.
 * pin-depends of packages that are not vendored (opam-monorepo writes them for pinned
 * opam-provided packages) are ignored. A single pin written flat (["name.version" "url"]),
 * as opam prints a one-element list, is accepted. A local directory source (file://, no
 * checksum) is one of the project's pins (ml_lock_source.pin): in this format pin-depends
 * are the pins.
 */
#define ML_LOCKFILE_OPAM_VERSION "0.3"
#define ML_LOCKFILE_OPAM_SUFFIX ".opam.locked"

/* Appends the .opam.locked text of `lock` (sorted copy; lock not modified). */
void ml_lockfile_opam_render(struct ml_buf *out, const struct ml_lock *lock);
/*
 * Parses .opam.locked text (ml_opam_parse: syntax errors at path:line:col). A missing or
 * other x-opam-monorepo-version than "0.3", a missing x-opam-monorepo-root-packages, a
 * depends entry that is not an exact version (with or without ?vendor), a vendored package
 * without pin-depends, a pinned url without a duniverse dir, or a wrong shape is ML_EPARSE
 * with the field's position; then ml_lock_validate. *out owns a new sorted lock.
 */
int ml_lockfile_opam_parse(struct ml_lock **out, const char *path, const char *data, size_t len,
			   struct ml_error *err);
int ml_lockfile_opam_read(struct ml_lock **out, const char *path, struct ml_error *err);
/* As ml_lockfile_write, in the .opam.locked format (checked the same way). */
int ml_lockfile_opam_write(bool *changed, const char *path, const struct ml_lock *lock,
			   struct ml_error *err);

/*
 * The text of `lock` in monolock.lock's format (opam false) or .opam.locked's (opam true),
 * appended to out only once it is known that pull will read it back: the lock passes
 * ml_lock_validate, and the text, parsed again by that format's reader, gives an equal lock
 * (ml_lock_equal). Otherwise ML_EPARSE "<path>: not written: <what is wrong>" (`path` only
 * names the file in messages) and out is untouched.
 */
int ml_lockfile_render_checked(struct ml_buf *out, const char *path, const struct ml_lock *lock,
			       bool opam, struct ml_error *err);
/*
 * As ml_lockfile_render_checked, knowing that `prev_text` (prev_len bytes) is what `prev`
 * was read from by this format's reader (ml_lockfile_load_text): when the text is the same
 * bytes, it is not parsed again (a warm lock whose result did not change). prev and
 * prev_text may be NULL.
 */
int ml_lockfile_render_checked_prev(struct ml_buf *out, const char *path,
				    const struct ml_lock *lock, bool opam,
				    const struct ml_lock *prev, const char *prev_text,
				    size_t prev_len, struct ml_error *err);

/*
 * Writes `len` bytes to `path` atomically (mode 0644) unless the file already holds exactly
 * those bytes (then it is not touched: same inode, same mtime). *changed (may be NULL) says
 * whether it was written. Shared by both formats.
 */
int ml_lockfile_write_bytes(bool *changed, const char *path, const char *data, size_t len,
			    struct ml_error *err);

/*
 * Reads either format: a path ending in ".opam.locked" is read as opam-monorepo's, anything
 * else as monolock.lock.
 */
int ml_lockfile_load(struct ml_lock **out, const char *path, struct ml_error *err);
/* As ml_lockfile_load, appending the file's bytes to text (also when they do not parse). */
int ml_lockfile_load_text(struct ml_lock **out, struct ml_buf *text, const char *path,
			  struct ml_error *err);
/*
 * The JSON reader ml_lockfile_parse tries first (exposed for tests and fuzzing): the value
 * json_loadb(data, len, JSON_REJECT_DUPLICATES) gives, read faster, or NULL where it leaves
 * the text to jansson. The caller owns the value (json_decref).
 */
struct json_t *ml_lockfile_fast_json(const char *data, size_t len);
/*
 * ml_lockfile_parse without its fast readers (for tests and fuzzing): jansson reads the text
 * and the readers of its values make the lock. ml_lockfile_parse gives what this gives, the
 * same lock or the same error.
 */
int ml_lockfile_parse_jansson(struct ml_lock **out, const char *path, const char *data, size_t len,
			      struct ml_error *err);
/*
 * The lock a command reads: `path` itself (*out NULL), unless path is the default
 * ML_LOCKFILE_NAME in the current directory and no such file exists while exactly one
 * `*.opam.locked` does (opam-monorepo's lock): then *out (free()) names that file. Several
 * `*.opam.locked` are ML_EUSAGE listing them (the first 20) and saying to choose one with
 * --lockfile; none leaves path to ml_lockfile_load (which says to run `monolock lock`).
 */
int ml_lockfile_locate(char **out, const char *path, struct ml_error *err);

/* ---- --json reports of commands (lockfile/report.c) ---- */

/*
 * `repo check --json`: {"packages": N, "versions": M, "errors": [{"file", "line", "col",
 * "message"}]} (2-space indent, final newline). An error without a file has "file": null and
 * line/col 0. Appended to out.
 */
void ml_report_repo_check(struct ml_buf *out, size_t npackages, size_t nversions,
			  const struct ml_error *errors, size_t nerrors);
/* `show NAME --json`: {"name": NAME, "versions": [...]} in the order given. */
void ml_report_versions(struct ml_buf *out, const char *name, const char *const *versions,
			size_t n);
/*
 * `show NAME.VERSION --json`: {"name", "version", "file" (p->path), "repository" (the
 * repository's url, "" when none), "fields": {...}}: each top-level field of the opam file, in
 * file order, its value typed where it is data (bool, int, string, ident as a string, list
 * and group as arrays, `value {filter}` as {"value", "filter": its opam text}) and printed in
 * opam syntax (ml_opam_print_value) where it is an expression; a section is an object of its
 * fields, keyed by its kind, or `kind "label"` when it has a label.
 */
void ml_report_package(struct ml_buf *out, const struct ml_package *p);

/* ---- --json reports of lock results (lockfile/report.c) ---- */

/*
 * `list --json`: {"packages": [{"name", "version", "dir" (string or null), "reason" (when
 * dir is null)}]} in lock order (2-space indent, final newline).
 */
void ml_report_lock_packages(struct ml_buf *out, const struct ml_lock *lock);
/*
 * `lock --json`: {"lockfile": path, "changed": bool, "packages": [{"name", "version", "dir",
 * "reason", "change", "previous"}], "removed": [{"name", "version"}], "sources": [{"dir",
 * "url"}], "changes": [...]}. A package's change is "added", "upgraded", "downgraded" or
 * "unchanged" against prev (NULL: all added); previous is the old version or null. "changes"
 * lists what `lock` prints, project roots left out (ml_lock_deltas): {"change", "name",
 * "from", "to"} for a package added, removed, upgraded or downgraded (from/to: versions or
 * null), {"change": "changed", "dir", "from_url", "to_url", "checksums_changed"} for a source.
 */
void ml_report_lock_result(struct ml_buf *out, const struct ml_lock *lock,
			   const struct ml_lock *prev, const char *path, bool changed);
/*
 * `lock --check --json`: {"lockfile": path, "holds": bool, "reasons": [one line each]}
 * (2-space indent, final newline).
 */
void ml_report_lock_check(struct ml_buf *out, const char *path, bool holds,
			  const struct ml_strvec *reasons);

/* ---- --json reports of the workspace (lockfile/report.c) ---- */

/*
 * `status --json` and `verify --json`: {"workspace": root, "directories": [{"dir", "state"
 * (ml_ws_state_name), "in_lock" (bool), "link" (linked only), "files": [{"path", "change"
 * ("modified", "added", "deleted")}]}]}, every directory listed, sorted; verify adds
 * "identical" (bool) after "workspace".
 */
void ml_report_status(struct ml_buf *out, const char *root, const struct ml_ws_status *st,
		      bool verify);

#endif
