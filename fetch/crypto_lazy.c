/*
 * libcrypto, loaded when a checksum is first computed (fetch/checksum.c). Linked, it cost
 * every run about 3.5 ms of CPU at start on a 2-core VM (its relocations and page faults:
 * half of a warm `lock --check`'s start), and a lock, a check or a status that hashes
 * nothing never needs it. This file defines the few libcrypto functions monolock calls;
 * each forwards to the real one, looked up in libcrypto.so.3 with dlopen on the first call.
 * A libcrypto that cannot be loaded ends the run at that first call as a missing library
 * ended the linked program at its start (ml_lazy_missing: the loader's message, exit 127).
 * A function newly called elsewhere goes into ML_CRYPTO_FNS (the link fails until it is).
 */
/* the one-shot digest functions: deprecated by OpenSSL 3, in every libcrypto.so.3 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>
#include <openssl/sha.h>
#include "fetch/fetch.h"
#include "lib/lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>

#define ML_LIBCRYPTO "libcrypto.so.3"

/* X(return type, name, (parameters), (arguments)); V(...) for those returning nothing. */
#define ML_CRYPTO_FNS(X, V)                                                         \
	X(int, MD5_Init, (MD5_CTX * c), (c))                                        \
	X(int, MD5_Update, (MD5_CTX * c, const void *d, size_t n), (c, d, n))       \
	X(int, MD5_Final, (unsigned char *md, MD5_CTX *c), (md, c))                 \
	X(int, SHA256_Init, (SHA256_CTX * c), (c))                                  \
	X(int, SHA256_Update, (SHA256_CTX * c, const void *d, size_t n), (c, d, n)) \
	X(int, SHA256_Final, (unsigned char *md, SHA256_CTX *c), (md, c))           \
	X(int, SHA512_Init, (SHA512_CTX * c), (c))                                  \
	X(int, SHA512_Update, (SHA512_CTX * c, const void *d, size_t n), (c, d, n)) \
	X(int, SHA512_Final, (unsigned char *md, SHA512_CTX *c), (md, c))

ML_LAZY_DEFINE(ML_CRYPTO_FNS, ML_LAZY_NONE, ML_LIBCRYPTO)
ML_LAZY_FORWARDERS(ML_CRYPTO_FNS)

void ml_hasher_load(void)
{
	need();
}
