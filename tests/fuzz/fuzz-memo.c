/*
 * The reader of the kept solve (solver/memo.c). A memo is a file in the user's cache, so
 * not trusted; its sum line is no defence against a forged one, so the harness writes the
 * magic, the request key and the sum itself and the input is the records between them.
 * Whatever a memo holds, a solution it gives back must be one a solve could give: one entry
 * per name, every package from the universe, and its lock valid.
 */
#include "fuzz.h"
#include "fsutil.h"

#include <string.h>

#include "solver/internal.h"

#ifndef ML_SOURCE_ROOT
#error "ML_SOURCE_ROOT must name the source tree"
#endif

static char root[PATH_MAX], memo_path[PATH_MAX];
static struct ml_universe *u;
static const char *const roots[] = { "app" };
static struct ml_solve_opts opts;
static struct sv_memo_key key;

static void cleanup(void)
{
	ml_universe_free(u);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ml_repo *r = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)argc;
	(void)argv;
	fz_mkdtemp(root, sizeof(root), "memo");
	snprintf(memo_path, sizeof(memo_path), "%s/solve.memo", root);
	if (ml_repo_open_dir(&r, ML_SOURCE_ROOT "/fixtures/solver/repo", &err) != 0) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	u = ml_universe_new();
	ml_universe_add_repo(u, r);
	opts.roots = roots;
	opts.nroots = 1;
	sv_memo_request(&key, u, &opts);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_buf b = ML_BUF_INIT;
	struct ml_solution *sol = NULL;
	struct ml_strvec warnings = ML_STRVEC_INIT;
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;
	uint64_t sum;

	ml_buf_addf(&b, "monolock-solve-memo 1\nkey %016llx%016llx\n", (unsigned long long)key.v[0],
		    (unsigned long long)key.v[1]);
	ml_buf_add(&b, data, size);
	sum = ml_ucache_hash(b.buf, b.len, 0x73756dULL);
	ml_buf_addf(&b, "sum %016llx\n", (unsigned long long)sum);
	fz_write(memo_path, b.buf, b.len);
	if (sv_memo_load(&sol, &warnings, memo_path, &key, u, &opts) == 0) {
		struct ml_vendor_opts vo = { 0 };

		for (size_t i = 0; i < sol->n; i++) {
			FZ_CHECK(sol->pkgs[i].pkg != NULL, "a solved package without a package");
			FZ_CHECK(i == 0 ||
				     strcmp(sol->pkgs[i - 1].pkg->name, sol->pkgs[i].pkg->name) < 0,
				 "two entries for '%s' in one solution", sol->pkgs[i].pkg->name);
		}
		if (ml_vendor_lock(&lock, sol, &vo, &err) == 0)
			FZ_CHECK(ml_lock_validate(lock, "memo", &err) == 0,
				 "the lock of a kept solve is invalid: %s", err.msg);
	}
	ml_lock_free(lock);
	ml_solution_free(sol);
	ml_strvec_release(&warnings);
	ml_error_release(&err);
	ml_buf_release(&b);
	return 0;
}
