#ifndef ML_MIRROR_H
#define ML_MIRROR_H

/*
 * fetch/mirror.c: `monolock mirror DIR` writes the lock's archives into DIR in opam's
 * download-cache layout, which `pull --mirror file://DIR` (or the same tree served over
 * http(s) by any static server or object store) reads before upstream:
 *
 *   DIR/sha256/ab/<sha256>    the archive, always (its key)
 *   DIR/md5/ab/<md5>          the same content (a hard link when the file system allows,
 *   DIR/sha512/ab/<sha512>    else a copy), only when the lock lists that kind for it
 *   DIR/git/<commit>.pack     a git source: its commit and tree as a git pack
 *                             (fetch/git_pack.h), which pull loads into its cache
 *
 * The names are what the mirror's consumers look entries up by: `pull --mirror` and `mirror
 * --check` by the lock's checksums, opam's archive-mirrors (download cache) by the opam file's,
 * which the lock records as they are. Only the digests of those kinds are computed (hashing
 * is most of a mirror's CPU), each checked against the lock; none that nobody listed.
 *
 * The mirror only grows: an entry already there is verified and never rewritten (one that is
 * not the content its name says is reported, left alone). Each new content is written to a
 * temporary file beside its place; one syncfs makes them all durable before any is
 * published with link(2), which fails rather than replace: two mirrors writing at once each
 * publish complete files or find the other's. Every content written is read back and hashed
 * before it counts; its md5 and sha512 names are links to that very file. An entry already
 * there is checked by sha256 and the kinds the lock lists.
 *
 * On the cache's file system nothing is copied: the sha256 entry is a hard link to the
 * cache's entry, the very inode the cache's check has just hashed (compared by device and
 * inode once linked; another is read back, and removed unless it holds the content), made
 * 0644 as a copy is. The cache never writes into an entry (it renames complete files in and
 * unlinks them), so the mirror's entry keeps its content when the cache's name is collected
 * or replaced. The other side of one inode: a mirror file edited in place is the cache's
 * entry edited too, which the cache's check discards on its next use and `mirror --check`
 * lists as corrupt.
 */

#include "fetch/fetch.h"
#include "lib/ml.h"

struct ml_mirror_report {
	size_t sources;           /* archive and git sources of the lock */
	size_t added, present;    /* entries written, entries found good */
	uint64_t bytes;           /* bytes written */
	struct ml_strvec missing; /* check: "<dir> (<url>)" of sources the mirror lacks */
	struct ml_strvec bad;     /* entries that are not what their name says (relative) */
	struct ml_strvec skipped; /* "<dir> (<url>)" of local directory sources: not mirrored */
};
void ml_mirror_report_release(struct ml_mirror_report *r);

/*
 * Writes every archive source of lock into dir (created when missing), and every git source
 * as a pack (relative file:// urls are relative to lock_dir), fetching what the
 * cache lacks with fo (fo->flags ML_FETCH_OFFLINE: the cache only). Bad entries found are
 * listed and make the call fail (ML_ECHECKSUM) after everything else was written; a write
 * that fails (read-only or full file system) is ML_EIO naming the entry.
 */
int ml_mirror_write(struct ml_mirror_report *out, const char *dir, const struct ml_lock *lock,
		    const char *lock_dir, const struct ml_fetch_opts *fo, struct ml_error *err);
/*
 * What dir lacks for lock, by the lock's checksums (the names a consumer looks up): a source
 * is there when an entry named by one of its checksums is a regular file whose content
 * matches all of them (only those kinds are hashed); entries with the wrong content are
 * listed in bad. Reads only.
 */
int ml_mirror_check(struct ml_mirror_report *out, const char *dir, const struct ml_lock *lock,
		    struct ml_error *err);

#endif
