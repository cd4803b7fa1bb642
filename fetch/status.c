/* `status` and `verify`: the workspace against the lock, read only (fetch/fetch.h). */
#include "fetch.h"

#include <stdlib.h>
#include <string.h>

/* Whether the lock records saved patches for src (monolock patch). */
static bool source_patched(const struct ml_lock_source *src)
{
	return src->patch_files.n > 0;
}

int ml_status(struct ml_ws_status *out, char **out_root, const struct ml_lock *lock,
	      const struct ml_status_opts *opts, struct ml_error *err)
{
	struct ml_strvec keys = ML_STRVEC_INIT, alts = ML_STRVEC_INIT;
	struct ml_ws_want *wants = ml_calloc(lock->nsources ? lock->nsources : 1, sizeof(*wants));
	struct ml_workspace *ws = NULL;
	const char *slash = strrchr(opts->lockfile, '/');
	char *project = slash ? ml_strndup(opts->lockfile, (size_t)(slash - opts->lockfile + 1))
			      : ml_strdup("");
	int ret;

	*out_root = ml_path_join(project, "duniverse");
	ret = ml_pull_source_keys(&keys, lock, project, 0, err);
	if (ret)
		goto out;
	for (size_t i = 0; i < lock->nsources; i++) {
		const struct ml_lock_source *src = &lock->sources[i];

		wants[i] = (struct ml_ws_want){ src->dir, keys.v[i], source_patched(src), NULL };
		if (src->commit) {
			/* the same commit pulled with --keep-git-dir */
			char *k = ml_workspace_source_key(src, ML_WS_KEEP_GIT);

			wants[i].key_alt = ml_strvec_push(&alts, k);
			free(k);
		}
	}
	ret = ml_workspace_open_readonly(&ws, *out_root, ml_pull_hash_file, NULL, err);
	if (!ret)
		ret = ml_workspace_status(out, ws, wants, lock->nsources, opts->only, opts->flags,
					  err);
out:
	ml_workspace_free(ws);
	ml_strvec_release(&keys);
	ml_strvec_release(&alts);
	free(wants);
	free(project);
	return ret;
}
