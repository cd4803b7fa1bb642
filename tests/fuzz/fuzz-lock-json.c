/*
 * The reader of monolock.lock (lockfile/lockfile.c): a lock it accepts
 * survives write -> read in both formats (tests/fuzz/lockcheck.h); its fast JSON
 * reader gives what jansson gives whenever it does not leave the text to jansson; and with its
 * fast readers of packages and sources it makes the same lock, or the same error, as without.
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

/* What ml_lockfile_parse made of the text (ret, lock, err) is what jansson's path makes. */
static void check_fast_lock(const uint8_t *data, size_t size, int ret, const struct ml_lock *lock,
			    const struct ml_error *err)
{
	struct ml_lock *slow = NULL;
	struct ml_error serr = ML_ERROR_INIT;
	int sret =
	    ml_lockfile_parse_jansson(&slow, "monolock.lock", (const char *)data, size, &serr);

	FZ_CHECK(sret == ret, "with and without the fast readers: %d, %d (%s)", ret, sret,
		 ret ? err->msg : serr.msg);
	if (!ret) {
		struct ml_buf a = ML_BUF_INIT, b = ML_BUF_INIT;

		ml_lockfile_render(&a, lock);
		ml_lockfile_render(&b, slow);
		FZ_CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len),
			 "the fast readers make a different lock:\n--- fast\n%s\n--- jansson\n%s",
			 a.buf, b.buf);
		ml_buf_release(&a);
		ml_buf_release(&b);
	} else {
		FZ_CHECK(!strcmp(err->msg, serr.msg), "different errors: '%s', '%s'", err->msg,
			 serr.msg);
	}
	ml_lock_free(slow);
	ml_error_release(&serr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_lock *lock = NULL;
	struct ml_error err = ML_ERROR_INIT;
	int ret;

	check_fast_json(data, size);
	ret = ml_lockfile_parse(&lock, "monolock.lock", (const char *)data, size, &err);
	check_fast_lock(data, size, ret, lock, &err);
	if (ret == 0) {
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
