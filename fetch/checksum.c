/*
 * Checksums: OpenSSL's digests of md5, sha256 and sha512, parsing and verification. The
 * one-shot digest functions (MD5_Init...), not EVP: the first EVP_DigestInit_ex of a run
 * loads OpenSSL's configuration and default provider, ~2.2 ms of CPU that a mirror or a warm
 * pull spent before hashing a byte (the same code hashes: SHA-NI where the CPU has it).
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/md5.h>
#include <openssl/sha.h>

#include "fetch/fetch.h"

static const struct {
	const char *name;
	size_t hexlen;
} kinds[ML_HASH_NKINDS] = {
	[ML_HASH_MD5] = { "md5", 32 },
	[ML_HASH_SHA256] = { "sha256", 64 },
	[ML_HASH_SHA512] = { "sha512", 128 },
};

struct ml_hasher {
	unsigned mask; /* the kinds computed, as ML_HASH_BIT()s */
	MD5_CTX md5;
	SHA256_CTX sha256;
	SHA512_CTX sha512;
};

const char *ml_hash_kind_name(enum ml_hash_kind kind)
{
	assert(kind >= 0 && kind < ML_HASH_NKINDS);
	return kinds[kind].name;
}

int ml_checksum_parse(struct ml_checksum *out, const char *spec, struct ml_error *err)
{
	const char *eq = strchr(spec, '=');
	struct ml_checksum c;
	size_t klen, hlen, i;
	int k;

	if (!eq)
		return ml_error_set(err, ML_EPARSE, "malformed checksum '%s': expected KIND=HEX",
				    spec);
	klen = (size_t)(eq - spec);
	for (k = 0; k < ML_HASH_NKINDS; k++)
		if (strlen(kinds[k].name) == klen && !strncmp(spec, kinds[k].name, klen))
			break;
	if (k == ML_HASH_NKINDS)
		return ml_error_set(err, ML_EPARSE,
				    "unknown checksum kind '%.*s' in '%s' (md5, sha256, sha512)",
				    (int)(klen > 32 ? 32 : klen), spec, spec);
	hlen = strlen(eq + 1);
	if (hlen != kinds[k].hexlen)
		return ml_error_set(err, ML_EPARSE,
				    "malformed checksum '%s': %s needs %zu hex digits, got %zu",
				    spec, kinds[k].name, kinds[k].hexlen, hlen);
	c.kind = (enum ml_hash_kind)k;
	for (i = 0; i < hlen; i++) {
		int v = ml_hexval(eq[1 + i]);

		if (v < 0)
			return ml_error_set(err, ML_EPARSE,
					    "malformed checksum '%s': '%c' is not a hex digit",
					    spec, eq[1 + i]);
		c.hex[i] = "0123456789abcdef"[v];
	}
	c.hex[hlen] = '\0';
	*out = c;
	return 0;
}

/* Kinds outside ML_HASH_NKINDS in `mask` are ignored here, for every caller. */
struct ml_hasher *ml_hasher_new_kinds(unsigned mask)
{
	struct ml_hasher *h = ml_calloc(1, sizeof(*h));

	mask &= (1u << ML_HASH_NKINDS) - 1;
	h->mask = mask;
	/* they only set fields: they cannot fail */
	if (mask & ML_HASH_BIT(ML_HASH_MD5))
		MD5_Init(&h->md5);
	if (mask & ML_HASH_BIT(ML_HASH_SHA256))
		SHA256_Init(&h->sha256);
	if (mask & ML_HASH_BIT(ML_HASH_SHA512))
		SHA512_Init(&h->sha512);
	return h;
}

struct ml_hasher *ml_hasher_new(void)
{
	return ml_hasher_new_kinds((1u << ML_HASH_NKINDS) - 1);
}

void ml_hasher_update(struct ml_hasher *h, const void *data, size_t len)
{
	if (h->mask & ML_HASH_BIT(ML_HASH_MD5))
		MD5_Update(&h->md5, data, len);
	if (h->mask & ML_HASH_BIT(ML_HASH_SHA256))
		SHA256_Update(&h->sha256, data, len);
	if (h->mask & ML_HASH_BIT(ML_HASH_SHA512))
		SHA512_Update(&h->sha512, data, len);
}

static void to_hex(char *out, const unsigned char *md, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = "0123456789abcdef"[md[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	out[2 * len] = '\0';
}

void ml_hasher_final(struct ml_digests *out, struct ml_hasher *h)
{
	unsigned char md[SHA512_DIGEST_LENGTH];

	for (int k = 0; k < ML_HASH_NKINDS; k++)
		out->hex[k][0] = '\0';
	if (h->mask & ML_HASH_BIT(ML_HASH_MD5)) {
		MD5_Final(md, &h->md5);
		to_hex(out->hex[ML_HASH_MD5], md, MD5_DIGEST_LENGTH);
	}
	if (h->mask & ML_HASH_BIT(ML_HASH_SHA256)) {
		SHA256_Final(md, &h->sha256);
		to_hex(out->hex[ML_HASH_SHA256], md, SHA256_DIGEST_LENGTH);
	}
	if (h->mask & ML_HASH_BIT(ML_HASH_SHA512)) {
		SHA512_Final(md, &h->sha512);
		to_hex(out->hex[ML_HASH_SHA512], md, SHA512_DIGEST_LENGTH);
	}
}

void ml_hasher_free(struct ml_hasher *h)
{
	free(h);
}

/* The largest read buffer: a typical archive (~100 KB) in one read, and under malloc's mmap */
#define HASH_CHUNK_MAX ((size_t)1 << 17)

int ml_digests_of_fd(struct ml_digests *out, unsigned mask, int fd, const struct stat *st,
		     const char *path, uint64_t max, struct ml_error *err)
{
	struct ml_hasher *h = ml_hasher_new_kinds(mask);
	/*
	 * A regular file of known size: a buffer one byte larger than it (up to the maximum),
	 * so that the read that gets its end is a short one and the read that would return 0
	 * is not made (as lib/fs.c's read_fd): one read, not three, per cached archive
	 */
	uint64_t size = st && S_ISREG(st->st_mode) && st->st_size >= 0 ? (uint64_t)st->st_size : 0;
	size_t cap = size && size < HASH_CHUNK_MAX ? (size_t)size + 1 : HASH_CHUNK_MAX;
	char *chunk = ml_malloc(cap);
	uint64_t total = 0;
	int ret = 0;

	for (;;) {
		ssize_t r = read(fd, chunk, cap);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot read '%s'", path);
			goto out;
		}
		if (r == 0)
			break;
		total += (uint64_t)r;
		if (max && total > max) {
			ret = ml_error_set(err, ML_EIO, "'%s' is larger than %llu bytes", path,
					   (unsigned long long)max);
			goto out;
		}
		ml_hasher_update(h, chunk, (size_t)r);
		/* a short read of a regular file is its end: at its size, no read of 0 after */
		if (size && (size_t)r < cap && total == size)
			break;
	}
	ml_hasher_final(out, h);
out:
	free(chunk);
	ml_hasher_free(h);
	return ret;
}

int ml_digests_of_file_stat(struct ml_digests *out, unsigned mask, const char *path, uint64_t max,
			    struct stat *st, struct ml_error *err)
{
	/* never a fifo (it would block) nor a link (the cache's entries are hashed here) */
	struct stat own;
	int fd = ml_fs_open_regular_stat(path, st ? st : &own, err), ret;

	if (fd < 0)
		return fd;
	ret = ml_digests_of_fd(out, mask, fd, st ? st : &own, path, max, err);
	close(fd);
	return ret;
}

int ml_digests_of_file(struct ml_digests *out, const char *path, uint64_t max, struct ml_error *err)
{
	return ml_digests_of_file_stat(out, (1u << ML_HASH_NKINDS) - 1, path, max, NULL, err);
}

int ml_digest_of_file(struct ml_digests *out, enum ml_hash_kind kind, const char *path,
		      uint64_t max, struct ml_error *err)
{
	return ml_digests_of_file_stat(out, 1u << kind, path, max, NULL, err);
}

int ml_digests_of_file_kinds(struct ml_digests *out, unsigned mask, const char *path, uint64_t max,
			     struct ml_error *err)
{
	return ml_digests_of_file_stat(out, mask, path, max, NULL, err);
}

unsigned ml_checksums_kinds(const struct ml_checksum *sums, size_t n)
{
	unsigned mask = 0;

	for (size_t i = 0; i < n; i++)
		mask |= ML_HASH_BIT(sums[i].kind);
	return mask;
}

int ml_checksums_verify(const struct ml_digests *d, const struct ml_checksum *sums, size_t n,
			const char *label, const char *url, struct ml_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *name = kinds[sums[i].kind].name;
		const char *got = d->hex[sums[i].kind];

		if (strcmp(sums[i].hex, got)) {
			ml_error_set(err, ML_ECHECKSUM,
				     "%s: checksum mismatch for %s: expected %s=%s, got %s=%s",
				     label, url, name, sums[i].hex, name, got);
			ml_error_about(err, NULL, url);
			return ML_ECHECKSUM;
		}
	}
	return 0;
}
