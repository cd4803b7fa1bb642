#ifndef ML_LOCKFILE_REPRO_H
#define ML_LOCKFILE_REPRO_H

/*
 * lockfile/repro.c: the JSON documents of the commands that look at a lock without changing
 * it (tree, sbom, outdated, cache): cmd/ hands over C values, jansson stays in lockfile/.
 * Every document has a 2-space indent and a final newline, and is deterministic.
 */

#include "lib/graph.h"
#include "lib/ml.h"

/*
 * `tree --json`: {"inverted": bool, "tree": [node...]} where a node is {"name", "version"
 * (string or null), "dir" (string or null), "reason" (when dir is null), "repeat" (true:
 * shown expanded elsewhere), "cut" (true: children hidden by --depth), and "dependencies"
 * (or "dependents" when inverted): [node...]}. Built from the lines of ml_tree_build.
 */
void ml_report_tree(struct ml_buf *out, const struct ml_tree *t, bool inverted);

#endif
