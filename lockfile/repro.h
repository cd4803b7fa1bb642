#ifndef ML_LOCKFILE_REPRO_H
#define ML_LOCKFILE_REPRO_H

/*
 * lockfile/repro.c: the JSON documents of the commands that look at a lock without changing
 * it (tree, sbom, outdated, cache): cmd/ hands over C values, jansson stays in lockfile/.
 * Every document has a 2-space indent and a final newline, and is deterministic.
 */

#include "lib/graph.h"
#include "lib/ml.h"
#include "lib/pkgmeta.h"

/*
 * `tree --json`: {"inverted": bool, "tree": [node...]} where a node is {"name", "version"
 * (string or null), "dir" (string or null), "reason" (when dir is null), "repeat" (true:
 * shown expanded elsewhere), "cut" (true: children hidden by --depth), and "dependencies"
 * (or "dependents" when inverted): [node...]}. Built from the lines of ml_tree_build.
 */
void ml_report_tree(struct ml_buf *out, const struct ml_tree *t, bool inverted);

/*
 * `cache ls --json`: {"dir": dir, "kinds": {"<kind>": {"entries", "bytes", "oldest_use" (unix
 * seconds or null)}}, "entries": [{"kind", "path" (below dir), "bytes", "used"}]} sorted by path.
 */
struct ml_cache_listing;
void ml_report_cache_ls(struct ml_buf *out, const char *dir, const struct ml_cache_listing *l);

/*
 * `sbom`: a CycloneDX 1.5 JSON (spdx false) or SPDX 2.3 JSON document of the lock: one
 * component/package per locked package (purl pkg:opam/NAME@VERSION, the source's checksums
 * and download location, licence, dev-repo and homepage from meta when found, whether it is
 * vendored and where), the roots, the lock's depexts (external references of the project)
 * and the dependency graph. Deterministic: the same lock and metadata give the same bytes;
 * `timestamp` (ISO 8601 UTC, or NULL) is the only time written (SPDX requires a creation
 * time: without one it is 1970-01-01T00:00:00Z). meta may be NULL (no metadata: licences
 * NOASSERTION in SPDX, left out in CycloneDX).
 */
void ml_sbom_render(struct ml_buf *out, const struct ml_lock *lock, const struct ml_lock_meta *meta,
		    bool spdx, const char *timestamp);

/*
 * `outdated --json`: {"packages": [{"name", "locked", "latest", "allowed" (string or null),
 * "blocked_by": [{"package", "version", "constraint", "file"}]}], "warnings": [...]}.
 */
struct ml_outdated;
void ml_report_outdated(struct ml_buf *out, const struct ml_outdated *v, size_t n,
			const struct ml_strvec *warnings);

#endif
