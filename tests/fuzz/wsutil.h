#ifndef ML_FUZZ_WSUTIL_H
#define ML_FUZZ_WSUTIL_H

/* What the workspace harnesses (workspace, wsindex) give ml_workspace_open. */

#include "fsutil.h"
#include "fuzz.h"

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

/*
 * Makes the harness's private directory ROOT (at most PATH_MAX bytes) holding `outside/canary`,
 * a file no workspace operation may touch, and names the workspace ROOT/duniverse in WS_ROOT.
 */
static inline void fz_ws_make(char *root, char *ws_root, const char *what)
{
	char p[PATH_MAX];

	fz_mkdtemp(root, PATH_MAX, what);
	snprintf(ws_root, PATH_MAX, "%s/duniverse", root);
	snprintf(p, sizeof(p), "%s/outside", root);
	if (mkdir(p, 0755) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/outside/canary", root);
	fz_write(p, "precious\n", 9);
}

/* Checks that ROOT holds only the workspace and `outside/canary`, with its content. */
static inline void fz_ws_check_outside(const char *root)
{
	static const char *const in_root[] = { "duniverse", "outside", NULL };
	static const char *const in_outside[] = { "canary", NULL };
	struct ml_buf b = ML_BUF_INIT;
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/outside/canary", root);
	FZ_CHECK(ml_fs_read(&b, p, 100, NULL) == 0 && b.len == 9 &&
		     memcmp(b.buf, "precious\n", 9) == 0,
		 "the file beside the workspace was changed or removed");
	ml_buf_release(&b);
	fz_expect_only(root, in_root);
	snprintf(p, sizeof(p), "%s/outside", root);
	fz_expect_only(p, in_outside);
}

#endif
