#ifndef ML_SHA256_H
#define ML_SHA256_H

#include <stddef.h>
#include <stdint.h>

/*
 * SHA-256 (FIPS 180-4) in plain C, for hashing a few hundred KiB of metadata (the opam files
 * a lock records the hash of) without loading libcrypto: loading and initialising it costs a
 * lock more than hashing them here. Archives are hashed by fetch/ with libcrypto's digests.
 */
struct ml_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void ml_sha256_init(struct ml_sha256 *s);
void ml_sha256_update(struct ml_sha256 *s, const void *data, size_t len);
/* The digest, 32 bytes; s must be initialised again before another use. */
void ml_sha256_final(struct ml_sha256 *s, unsigned char out[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void ml_sha256_final_hex(struct ml_sha256 *s, char out[65]);

#endif
