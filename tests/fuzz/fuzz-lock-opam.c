/*
 * The reader of opam-monorepo's .opam.locked (lockfile/opam_locked.c): a lock it accepts
 * survives write -> read in both formats (tests/fuzz/lockcheck.h).
 */
#include "fuzz.h"
#include "lockcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	if (ml_lockfile_opam_parse(&lock, "fuzz.opam.locked", (const char *)data, size, &err) ==
	    0) {
		FZ_CHECK(ml_lock_validate(lock, "fuzz.opam.locked", &err) == 0,
			 "an accepted lock fails validation: %s", err.msg);
		lc_check(lock);
	} else {
		FZ_CHECK(err.code < 0 && err.msg, "a refusal without a message");
	}
	ml_lock_free(lock);
	ml_error_release(&err);
	return 0;
}
