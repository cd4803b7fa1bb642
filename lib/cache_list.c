#include <stdlib.h>
#include <string.h>

#include "cache_list.h"

static const char *const kind_names[ML_CACHE_NKINDS] = { "archives", "git", "repos", "solves" };

const char *ml_cache_kind_name(enum ml_cache_kind kind)
{
	return kind_names[kind];
}

void ml_cache_listing_release(struct ml_cache_listing *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].rel);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
