#ifndef ML_UTIL_H
#define ML_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Allocation wrappers: on failure they print one line and abort, so callers never check.
 * Everything they return is freed with free().
 */
void *ml_malloc(size_t size);
void *ml_calloc(size_t nmemb, size_t size);
void *ml_realloc(void *ptr, size_t size);
/* ml_reallocarray: ptr grown to nmemb * size bytes, aborting on overflow. */
void *ml_reallocarray(void *ptr, size_t nmemb, size_t size);
char *ml_strdup(const char *s);
char *ml_strndup(const char *s, size_t n);
/* A printf into a fresh string; free() it. */
char *ml_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prepares the heap of a command that allocates a few MiB at once (lock): allocations up to
 * `expect` bytes come from the brk heap, which grows `expect` bytes at a time and is given
 * in 2 MiB pages where the kernel has them (madvise MADV_HUGEPAGE). The 4 KiB page faults
 * it saves were the largest single cost of a warm lock and of `lock --check` (about a
 * thousand, each a trap into the kernel, several microseconds in a virtual machine). Only a
 * hint: nothing changes but speed and resident memory (up to one 2 MiB page more); does
 * nothing under AddressSanitizer, after its first call, or for `expect` over 512 MiB.
 */
void ml_heap_prepare(size_t expect);

/*
 * qsort(v, n, size, cmp) unless v[0..n) is sorted already, as what was written sorted and is
 * read back is (a lock's 100,000 sources): n - 1 comparisons instead of a sort's n log n.
 * Elements that compare equal keep their order then.
 */
void ml_sort_once(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* Grow an array `p` holding `n` items to at least `want` items; `alloc` is its capacity. */
#define ML_ALLOC_GROW(p, want, alloc)                                         \
	do {                                                                  \
		if ((want) > (alloc)) {                                       \
			size_t ml_grow_n_ = (alloc) < 8 ? 8 : (alloc)*2;      \
			if (ml_grow_n_ < (want))                              \
				ml_grow_n_ = (want);                          \
			(p) = ml_reallocarray((p), ml_grow_n_, sizeof(*(p))); \
			(alloc) = ml_grow_n_;                                 \
		}                                                             \
	} while (0)

#define ML_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Checked number parsing: the whole string must be a decimal number in range. 0 or -1. */
int ml_parse_long(const char *s, long min, long max, long *out);

/* The value of a hex digit (either case), or -1. */
int ml_hexval(char c);

/*
 * Whether s[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF), which is what JSON, and so a lock, can hold. When not, *bad (may be NULL)
 * is the offset of the first byte of the first ill-formed sequence.
 */
bool ml_utf8_valid(const char *s, size_t len, size_t *bad);

bool ml_starts_with(const char *s, const char *prefix);
/*
 * Asks long operations to stop (Ctrl-C): async-signal-safe, for a signal handler in cmd/.
 * Those that check ml_interrupted() stop at their next safe point with ML_EINTR.
 */
void ml_interrupt(void);
bool ml_interrupted(void);
bool ml_ends_with(const char *s, const char *suffix);
/* strcmp for qsort over an array of `char *` / `const char *`. */
int ml_strptrcmp(const void *a, const void *b);
/*
 * The candidate closest to word by edit distance (case-insensitive, a transposition counts
 * one), when it is close enough to be a likely typo: at most 1 edit for words of up to 4
 * bytes, else at most a third of the word's length. NULL when none is; ties: the first.
 * Words over 64 bytes get no suggestion.
 */
const char *ml_suggest(const char *word, const char *const *cands, size_t n);

/*
 * A vector of owned strings, NULL-terminated (`v[n] == NULL`) whenever n > 0.
 * ML_STRVEC_INIT or ml_strvec_init; ml_strvec_release frees every string and the array.
 */
struct ml_strvec {
	char **v;
	size_t n, alloc;
};
#define ML_STRVEC_INIT     \
	{                  \
		NULL, 0, 0 \
	}
void ml_strvec_init(struct ml_strvec *sv);
void ml_strvec_release(struct ml_strvec *sv);
/* Appends a copy of s; returns the stored copy (owned by the vector). */
const char *ml_strvec_push(struct ml_strvec *sv, const char *s);
/* Appends s itself, taking ownership. */
void ml_strvec_push_owned(struct ml_strvec *sv, char *s);
/* Sorts (ml_sort_once). */
void ml_strvec_sort(struct ml_strvec *sv);
/* Sorts and removes duplicates. */
void ml_strvec_sort_uniq(struct ml_strvec *sv);
bool ml_strvec_contains(const struct ml_strvec *sv, const char *s);
/* The same strings in the same order. */
bool ml_strvec_equal(const struct ml_strvec *a, const struct ml_strvec *b);

/*
 * Calls fn(ctx, i) once for each i in [0, n), on this thread and up to max_threads - 1 more
 * (no more than the processors online, nor than n; none when a thread cannot be started).
 * Indexes are handed out in order, one at a time; fn must be safe to run concurrently for
 * distinct indexes. The threads block the signals this one catches (they land here).
 */
void ml_parallel_for(size_t n, unsigned max_threads, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
