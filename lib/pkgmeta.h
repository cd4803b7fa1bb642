#ifndef ML_PKGMETA_H
#define ML_PKGMETA_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* What the SBOM says of a package beyond the lock: from its opam file, when it was found. */
struct ml_pkg_meta {
	bool found;
	struct ml_strvec licenses;            /* license: field, as written (a string or a list) */
	char *dev_repo, *homepage, *synopsis; /* or NULL */
};

struct ml_lock_meta {
	struct ml_pkg_meta *pkgs; /* parallel to the lock's packages */
	size_t n;
};

void ml_lock_meta_release(struct ml_lock_meta *m);

#endif
