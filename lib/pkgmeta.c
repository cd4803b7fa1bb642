#include <stdlib.h>
#include <string.h>

#include "pkgmeta.h"

void ml_lock_meta_release(struct ml_lock_meta *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		ml_strvec_release(&m->pkgs[i].licenses);
		free(m->pkgs[i].dev_repo);
		free(m->pkgs[i].homepage);
		free(m->pkgs[i].synopsis);
	}
	free(m->pkgs);
	memset(m, 0, sizeof(*m));
}
