/*
 * The workspace manifest reader (lib/workspace.c). The input, cut at its first 0xff byte,
 * is the manifest of directory `d` (which exists, with a file, a subdirectory and a link)
 * and the pending manifest of `e` (as a run killed half-way leaves it). The workspace is
 * opened (recovery reads the pending one), planned, diffed, and the plan applied with
 * --force: nothing may crash, and nothing outside the workspace may change, whatever the
 * manifests say (a canary file beside the workspace keeps its content).
 */
#include "fuzz.h"
#include "fsutil.h"
#include "wsutil.h"

#include <string.h>
#include <sys/stat.h>

#include "lib/ml.h"
#include "lib/ucache.h"

static char root[PATH_MAX], ws_root[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_ws_make(root, ws_root, "workspace");
	return 0;
}

static int populate(void *ctx, const struct ml_ws_item *item, const char *staging,
		    struct ml_error *err)
{
	char *p = ml_path_join(staging, "new");

	(void)ctx;
	(void)item;
	(void)err;
	fz_write(p, "new\n", 4);
	free(p);
	return 0;
}

static void setup(const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, 0xff, size);
	size_t n1 = cut ? (size_t)(cut - data) : size;
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/d/sub", ws_root);
	if (ml_fs_mkdirs(p, 0755, NULL) != 0)
		abort();
	snprintf(p, sizeof(p), "%s/d/a", ws_root);
	fz_write(p, "a\n", 2);
	snprintf(p, sizeof(p), "%s/d/sub/b", ws_root);
	fz_write(p, "b\n", 2);
	snprintf(p, sizeof(p), "%s/d/l", ws_root);
	if (symlink("a", p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/.monolock/manifests", ws_root);
	if (ml_fs_mkdirs(p, 0755, NULL) != 0)
		abort();
	snprintf(p, sizeof(p), "%s/.monolock/pending", ws_root);
	if (ml_fs_mkdirs(p, 0755, NULL) != 0)
		abort();
	snprintf(p, sizeof(p), "%s/.monolock/manifests/d", ws_root);
	fz_write(p, data, n1);
	if (cut) {
		snprintf(p, sizeof(p), "%s/.monolock/pending/e", ws_root);
		fz_write(p, cut + 1, size - n1 - 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_workspace *ws = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_ws_plan plan;
	struct ml_strvec dirs = ML_STRVEC_INIT;
	const struct ml_ws_want wants[] = { { "d", "key-d" }, { "e", "key-e" } };

	setup(data, size);
	ml_ws_plan_init(&plan);
	if (ml_workspace_open(&ws, ws_root, fz_ws_digest, NULL, &err) != 0)
		goto out;
	(void)ml_workspace_dirs(&dirs, ws, &err);
	ml_error_release(&err);
	(void)ml_workspace_diff(&plan, ws, "d", &err);
	ml_ws_plan_release(&plan);
	ml_error_release(&err);
	ml_ws_plan_init(&plan);
	if (ml_workspace_plan(&plan, ws, wants, 2, NULL, &err) == 0) {
		for (size_t i = 0; i < plan.nedits; i++)
			FZ_CHECK(plan.edits[i].dir != NULL, "an edit without a directory");
		(void)ml_workspace_apply(ws, &plan, ML_WS_FORCE, populate, NULL, NULL, &err);
	}
out:
	fz_ws_check_outside(root);
	ml_workspace_free(ws);
	ml_ws_plan_release(&plan);
	ml_strvec_release(&dirs);
	ml_error_release(&err);
	fz_remove_at(AT_FDCWD, ws_root);
	return 0;
}
