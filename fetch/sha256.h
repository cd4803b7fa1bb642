#ifndef ML_SHA256_H
#define ML_SHA256_H

/*
 * fetch/sha256.c: SHA-256 on the x86 SHA extensions (SHA-NI), which the checksum code
 * (fetch/checksum.c) uses instead of libcrypto's when the CPU has them. The reason is not
 * speed (libcrypto's code uses the same instructions) but start-up: loading libcrypto.so.3
 * costs ~3.5-4 ms of CPU (16,900 relocations, BIND_NOW), a tenth of a mirror of 200
 * archives, and a run that only checks sha256 digests (mirror, a warm pull, cache verify of
 * sha256 entries) then never loads it. md5 and sha512, and CPUs without SHA-NI, still use
 * libcrypto. Tested against libcrypto on every length from 0 to 1,100 bytes cut in every
 * way the callers cut them (tests/unit/test-fetch.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ml_sha256 {
	uint32_t state[8];
	uint64_t len;          /* bytes hashed so far */
	unsigned char buf[64]; /* len % 64 bytes not yet compressed */
};

/* Whether this CPU (and build) has SHA-NI: the functions below may be called only then. */
bool ml_sha256_ni(void);
void ml_sha256_init(struct ml_sha256 *s);
void ml_sha256_update(struct ml_sha256 *s, const void *data, size_t len);
void ml_sha256_final(unsigned char md[32], struct ml_sha256 *s);

#endif
