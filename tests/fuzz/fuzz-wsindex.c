/*
 * The manifest index of a workspace (lib/workspace.c, .monolock/index): a cache that must
 * never change an answer. Once per process a workspace is made and aged past the racy window
 * so that its index is written: `a` clean (a file, an executable, a subdirectory, a link), `b`
 * with a file edited (same names), `c` clean, `e` no longer wanted, `z` not monolock's, `d`
 * wanted and missing. Its status and plan without any index are the reference.
 *
 * Each input becomes the index file. First byte: bit 0 set, the rest edits the real index
 * (three bytes each: a 16-bit offset and a byte written there, or, from 0xf0, that many
 * bytes - 0xef removed there); clear, the rest is the index. Bit 1: the checksum is made right
 * again, so the entries themselves are read. Then a read-only status and a locked plan and
 * status run (the locked status rewrites the index): nothing outside the workspace and no
 * manifest may change, and the same directories are told of. Unless the checksum was made
 * right, they must give exactly the reference. (An index forged with a right checksum and
 * stamps still right may say what a forged manifest could say, e.g. another key: whoever can
 * write .monolock/ can write the manifests, which are the truth.)
 */
#include "fuzz.h"
#include "fsutil.h"
#include "wsutil.h"

#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/ml.h"
#include "lib/ucache.h"

static char root[PATH_MAX], ws_root[PATH_MAX], index_path[PATH_MAX];
static struct ml_buf real_index = ML_BUF_INIT, ref_status = ML_BUF_INIT, ref_plan = ML_BUF_INIT,
		     ref_manifests = ML_BUF_INIT;
static const struct ml_ws_want wants[] = {
	{ "a", "key-a", false, NULL },
	{ "b", "key-b", false, NULL },
	{ "c", "key-c", false, NULL },
	{ "d", "key-d", false, NULL },
};

static int populate(void *ctx, const struct ml_ws_item *item, const char *staging,
		    struct ml_error *err)
{
	char p[PATH_MAX];

	(void)ctx;
	(void)err;
	snprintf(p, sizeof(p), "%s/f", staging);
	fz_write(p, item->dir, strlen(item->dir));
	if (strcmp(item->dir, "a"))
		return 0;
	snprintf(p, sizeof(p), "%s/x", staging);
	fz_write(p, "#!/bin/sh\n", 10);
	chmod(p, 0755);
	snprintf(p, sizeof(p), "%s/sub", staging);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/sub/g", staging);
	fz_write(p, "g\n", 2);
	snprintf(p, sizeof(p), "%s/l", staging);
	if (symlink("f", p) < 0)
		abort();
	return 0;
}

/* The status of every directory, as text. */
static void status_text(struct ml_buf *out, struct ml_workspace *ws)
{
	struct ml_ws_status st;
	struct ml_error err = ML_ERROR_INIT;

	ml_ws_status_init(&st);
	if (ml_workspace_status(&st, ws, wants, 4, NULL, 0, &err) != 0) {
		ml_buf_addf(out, "error %d %s\n", err.code, err.msg);
	} else {
		for (size_t i = 0; i < st.ndirs; i++)
			ml_buf_addf(out, "%s %s %zu\n", st.dirs[i].dir,
				    ml_ws_state_name(st.dirs[i].state), st.dirs[i].nedits);
		for (size_t i = 0; i < st.edits.nedits; i++)
			ml_buf_addf(out, "edit %s %s %s\n", st.edits.edits[i].dir,
				    st.edits.edits[i].path ? st.edits.edits[i].path : "-",
				    ml_ws_edit_kind_name(st.edits.edits[i].kind));
		ml_buf_addf(out, "files %zu\n", st.files);
	}
	ml_ws_status_release(&st);
	ml_error_release(&err);
}

static void plan_text(struct ml_buf *out, const struct ml_ws_plan *plan)
{
	for (size_t i = 0; i < plan->nitems; i++)
		ml_buf_addf(out, "%s %d\n", plan->items[i].dir, (int)plan->items[i].action);
	for (size_t i = 0; i < plan->nedits; i++)
		ml_buf_addf(out, "edit %s %s %d\n", plan->edits[i].dir,
			    plan->edits[i].path ? plan->edits[i].path : "-",
			    (int)plan->edits[i].kind);
	for (size_t i = 0; i < plan->foreign.n; i++)
		ml_buf_addf(out, "foreign %s\n", plan->foreign.v[i]);
}

/* Every manifest's bytes. */
static void manifests_text(struct ml_buf *out)
{
	static const char *const dirs[] = { "a", "b", "c", "e" };

	for (size_t i = 0; i < 4; i++) {
		char p[PATH_MAX];

		snprintf(p, sizeof(p), "%s/.monolock/manifests/%s", ws_root, dirs[i]);
		ml_buf_addf(out, "== %s\n", dirs[i]);
		(void)ml_fs_read(out, p, 1u << 20, NULL);
	}
}

/* A locked plan then status (what a no-op pull does), as text, into plan_out and st_out. */
static void locked_run(struct ml_buf *plan_out, struct ml_buf *st_out)
{
	struct ml_workspace *ws = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_ws_plan plan;

	ml_ws_plan_init(&plan);
	if (ml_workspace_open(&ws, ws_root, fz_ws_digest, NULL, &err) != 0) {
		ml_buf_addf(plan_out, "open error %s\n", err.msg);
	} else if (ml_workspace_plan(&plan, ws, wants, 4, NULL, &err) != 0) {
		ml_buf_addf(plan_out, "plan error %s\n", err.msg);
	} else {
		plan_text(plan_out, &plan);
		status_text(st_out, ws);
	}
	ml_ws_plan_release(&plan);
	ml_workspace_free(ws);
	ml_error_release(&err);
}

static void readonly_run(struct ml_buf *st_out)
{
	struct ml_workspace *ws = NULL;
	struct ml_error err = ML_ERROR_INIT;

	if (ml_workspace_open_readonly(&ws, ws_root, fz_ws_digest, NULL, &err) != 0)
		ml_buf_addf(st_out, "open error %s\n", err.msg);
	else
		status_text(st_out, ws);
	ml_workspace_free(ws);
	ml_error_release(&err);
}

/* A status that records stamps, once the files are older than the racy window. */
static void age_and_stamp(void)
{
	struct ml_buf ignored = ML_BUF_INIT;

	sleep(3);
	readonly_run(&ignored);
	ml_buf_release(&ignored);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct ml_ws_want all[] = {
		{ "a", "key-a", false, NULL },
		{ "b", "key-b", false, NULL },
		{ "c", "key-c", false, NULL },
		{ "e", "key-e", false, NULL },
	};
	struct ml_workspace *ws = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_ws_plan plan;
	struct ml_buf b = ML_BUF_INIT;
	char p[PATH_MAX];

	(void)argc;
	(void)argv;
	fz_ws_make(root, ws_root, "wsindex");
	snprintf(index_path, sizeof(index_path), "%s/.monolock/index", ws_root);
	ml_ws_plan_init(&plan);
	if (ml_workspace_open(&ws, ws_root, fz_ws_digest, NULL, &err) != 0 ||
	    ml_workspace_plan(&plan, ws, all, 4, NULL, &err) != 0 ||
	    ml_workspace_apply(ws, &plan, 0, populate, NULL, NULL, &err) != 0) {
		fprintf(stderr, "fuzz-wsindex: set-up: %s\n", err.msg);
		abort();
	}
	ml_ws_plan_release(&plan);
	ml_workspace_free(ws);
	snprintf(p, sizeof(p), "%s/z", ws_root);
	mkdir(p, 0755);
	/* stamps recorded in the manifests, an edit that keeps the names (b's manifest still
	 * indexed, its tree no longer as the index says), then the manifests old enough */
	age_and_stamp();
	snprintf(p, sizeof(p), "%s/b/f", ws_root);
	fz_write(p, "B", 1);
	sleep(3);
	locked_run(&b, &b);
	if (ml_fs_read(&real_index, index_path, 1u << 20, NULL) != 0) {
		fprintf(stderr, "fuzz-wsindex: set-up: no index was written\n");
		abort();
	}
	unlink(index_path);
	locked_run(&ref_plan, &ref_status);
	unlink(index_path);
	readonly_run(&b);
	FZ_CHECK(b.len > 0, "no status");
	manifests_text(&ref_manifests);
	ml_buf_release(&b);
	return 0;
}

/* Makes the checksum of the index in b right again (see lib/workspace.c). */
static void reseal(struct ml_buf *b)
{
	const size_t head = strlen("monolock-index/1 ") + 17;
	char hex[17];

	if (b->len < head)
		return;
	snprintf(hex, sizeof(hex), "%016llx",
		 (unsigned long long)ml_ucache_hash(b->buf + head, b->len - head,
						    0x6d6c2d696e646578ULL));
	memcpy(b->buf + strlen("monolock-index/1 "), hex, 16);
}

static void make_index(struct ml_buf *out, const uint8_t *data, size_t size)
{
	if (!size)
		return;
	if (!(data[0] & 1)) {
		ml_buf_add(out, data + 1, size - 1);
	} else {
		ml_buf_add(out, real_index.buf, real_index.len);
		for (size_t i = 1; i + 3 <= size && out->len; i += 3) {
			size_t at = ((size_t)data[i] << 8 | data[i + 1]) % out->len;
			uint8_t v = data[i + 2];

			if (v < 0xf0) {
				out->buf[at] = (char)v;
			} else {
				size_t n = v - 0xef;

				if (n > out->len - at)
					n = out->len - at;
				memmove(out->buf + at, out->buf + at + n, out->len - at - n);
				ml_buf_setlen(out, out->len - n);
			}
		}
	}
	if (data[0] & 2)
		reseal(out);
}

/* Whether a status's text names the reference's directories, in its order. */
static bool same_dirs(const struct ml_buf *st)
{
	const char *p = st->buf, *q = ref_status.buf;

	for (;;) {
		size_t a = strcspn(p, " \n"), b = strcspn(q, " \n");
		bool pe = !strncmp(p, "edit ", 5) || !strncmp(p, "files ", 6) || !*p;
		bool qe = !strncmp(q, "edit ", 5) || !strncmp(q, "files ", 6) || !*q;

		if (pe || qe)
			return pe && qe;
		if (a != b || memcmp(p, q, a))
			return false;
		p += strcspn(p, "\n");
		q += strcspn(q, "\n");
		p += *p == '\n';
		q += *q == '\n';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_buf idx = ML_BUF_INIT, st = ML_BUF_INIT, pl = ML_BUF_INIT, lst = ML_BUF_INIT,
		      man = ML_BUF_INIT;

	make_index(&idx, data, size);
	unlink(index_path);
	fz_write(index_path, idx.buf, idx.len);
	readonly_run(&st);
	locked_run(&pl, &lst);
	FZ_CHECK(same_dirs(&st) && same_dirs(&lst), "other directories told of:\n%s\n%s", st.buf,
		 lst.buf);
	if (!(size && (data[0] & 2))) {
		FZ_CHECK(st.len == ref_status.len && !memcmp(st.buf, ref_status.buf, st.len),
			 "status with an index differs:\n%s\nwithout:\n%s", st.buf, ref_status.buf);
		FZ_CHECK(pl.len == ref_plan.len && !memcmp(pl.buf, ref_plan.buf, pl.len),
			 "plan with an index differs:\n%s\nwithout:\n%s", pl.buf, ref_plan.buf);
		FZ_CHECK(lst.len == ref_status.len && !memcmp(lst.buf, ref_status.buf, lst.len),
			 "locked status with an index differs:\n%s\nwithout:\n%s", lst.buf,
			 ref_status.buf);
	}
	manifests_text(&man);
	FZ_CHECK(man.len == ref_manifests.len && !memcmp(man.buf, ref_manifests.buf, man.len),
		 "a manifest changed");
	fz_ws_check_outside(root);
	ml_buf_release(&idx);
	ml_buf_release(&st);
	ml_buf_release(&pl);
	ml_buf_release(&lst);
	ml_buf_release(&man);
	return 0;
}
