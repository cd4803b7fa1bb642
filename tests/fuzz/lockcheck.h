#ifndef ML_FUZZ_LOCKCHECK_H
#define ML_FUZZ_LOCKCHECK_H

/*
 * The round trips both lock harnesses check on a lock that one reader accepted: each
 * format writes it as text its own reader takes back to an equal lock, rendering that lock
 * again gives the same bytes, and the other format carries it across unchanged too (the
 * .opam.locked writer keeps what opam-monorepo's format lacks in x-monolock-* fields).
 */

#include <string.h>

#include "fuzz.h"
#include "lockfile/lockfile.h"

typedef void (*lc_render_fn)(struct ml_buf *out, const struct ml_lock *lock);
typedef int (*lc_parse_fn)(struct ml_lock **out, const char *path, const char *data, size_t len,
			   struct ml_error *err);

static inline void lc_round_trip(const struct ml_lock *lock, const char *what, lc_render_fn render,
				 lc_parse_fn parse)
{
	struct ml_buf r1 = ML_BUF_INIT, r2 = ML_BUF_INIT;
	struct ml_lock *back = NULL;
	struct ml_error err = ML_ERROR_INIT;
	int ret;

	render(&r1, lock);
	ret = parse(&back, what, r1.buf, r1.len, &err);
	FZ_CHECK(ret == 0, "%s: the written lock is refused: %s:%d:%d: %s\n%s", what, err.path,
		 err.line, err.col, err.msg, r1.buf);
	FZ_CHECK(ml_lock_equal(lock, back), "%s: the written lock reads back different:\n%s", what,
		 r1.buf);
	render(&r2, back);
	FZ_CHECK(r1.len == r2.len && memcmp(r1.buf, r2.buf, r1.len) == 0,
		 "%s: rendering the read-back lock differs:\n--- first\n%s\n--- second\n%s", what,
		 r1.buf, r2.buf);
	ml_lock_free(back);
	ml_buf_release(&r1);
	ml_buf_release(&r2);
	ml_error_release(&err);
}

static inline void lc_check(const struct ml_lock *lock)
{
	lc_round_trip(lock, "monolock.lock", ml_lockfile_render, ml_lockfile_parse);
	lc_round_trip(lock, "x.opam.locked", ml_lockfile_opam_render, ml_lockfile_opam_parse);
}

#endif
