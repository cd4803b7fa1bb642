#ifndef ML_VERSION_H
#define ML_VERSION_H

/*
 * opam's version order (Debian's, without epochs): compare the part before the last '-'
 * then the rest; within each, alternate non-digit runs compared character-wise with
 * '~' before everything (even the end) and letters before non-letters, and digit runs
 * compared numerically (leading zeros ignored, any length).
 * Returns <0, 0, >0. "1." == "1.0", "1.0" == "1.0-0", "v0.2" > "0.3", "dev" > "1.0".
 */
int ml_version_cmp(const char *a, const char *b);

/* qsort comparator over an array of `const char *` versions. */
int ml_version_ptrcmp(const void *a, const void *b);

#endif
