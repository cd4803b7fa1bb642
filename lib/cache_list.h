#ifndef ML_CACHE_LIST_H
#define ML_CACHE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What `cache ls` reports (filled by fetch/cache_admin.c, rendered by cmd/ and lockfile/):
 * plain values, so that lockfile/ need not see fetch/.
 */
enum ml_cache_kind {
	ML_CACHE_ARCHIVES,
	ML_CACHE_GIT,
	ML_CACHE_REPOS,
	ML_CACHE_SOLVES,
	ML_CACHE_NKINDS,
};

/* "archives", "git", "repos", "solves". */
const char *ml_cache_kind_name(enum ml_cache_kind kind);

/* One entry: what gc removes as a whole. */
struct ml_cache_entry {
	enum ml_cache_kind kind;
	char *rel;     /* below the root: "archives/sha256/ab/<hex>", "git/<store>", ... */
	uint64_t size; /* bytes of its regular files (apparent size), links' text included */
	int64_t used;  /* last use (unix seconds): the newer of atime and mtime */
};

struct ml_cache_listing {
	struct ml_cache_entry *v;
	size_t n, alloc;
	size_t count[ML_CACHE_NKINDS];
	uint64_t size[ML_CACHE_NKINDS];
	int64_t oldest[ML_CACHE_NKINDS]; /* INT64_MAX when the kind has no entry */
};

void ml_cache_listing_release(struct ml_cache_listing *l);

#endif
