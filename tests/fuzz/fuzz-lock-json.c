/*
 * The reader of monolock.lock (lockfile/lockfile.c): a lock it accepts
 * survives write -> read in both formats (tests/fuzz/lockcheck.h); and its fast JSON
 * reader gives what jansson gives whenever it does not leave the text to jansson.
 */
#include "fuzz.h"
#include "lockcheck.h"

#include <jansson.h>

static void check_fast_json(const uint8_t *data, size_t size)
{
	json_t *fast = ml_lockfile_fast_json((const char *)data, size);
	json_t *slow;
	json_error_t jerr;

	if (!fast)
		return;
	slow = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	FZ_CHECK(slow, "the fast reader accepts what jansson refuses: %s", jerr.text);
	FZ_CHECK(json_equal(fast, slow), "the fast reader and jansson read different values");
	json_decref(fast);
	json_decref(slow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;

	check_fast_json(data, size);
	if (ml_lockfile_parse(&lock, "monolock.lock", (const char *)data, size, &err) == 0) {
		FZ_CHECK(ml_lock_validate(lock, "monolock.lock", &err) == 0,
			 "an accepted lock fails validation: %s", err.msg);
		lc_check(lock);
	} else {
		FZ_CHECK(err.code < 0 && err.msg, "a refusal without a message");
	}
	ml_lock_free(lock);
	ml_error_release(&err);
	return 0;
}
