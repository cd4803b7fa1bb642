#ifndef ML_FUZZ_WSUTIL_H
#define ML_FUZZ_WSUTIL_H

/* What the workspace harnesses (workspace, wsindex) give ml_workspace_open. */

#include "lib/ml.h"
#include "lib/ucache.h"

/* The digest of a file: its size and a hash of its bytes. */
static inline int fz_ws_digest(void *ctx, const char *path, struct ml_buf *out,
			       struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	(void)ctx;
	ret = ml_fs_read(&b, path, 1u << 20, err);
	if (ret == 0)
		ml_buf_addf(out, "%zu-%016llx", b.len,
			    (unsigned long long)ml_ucache_hash(b.buf, b.len, 7));
	ml_buf_release(&b);
	return ret;
}

#endif
