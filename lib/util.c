#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void oom(size_t size)
{
	fprintf(stderr, "monolock: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *ml_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom(size);
	return p;
}

void *ml_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *ml_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		oom(size);
	return p;
}

void *ml_reallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return ml_realloc(ptr, nmemb * size);
}

char *ml_strdup(const char *s)
{
	return ml_strndup(s, strlen(s));
}

char *ml_strndup(const char *s, size_t n)
{
	char *p = ml_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ml_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	return s;
}

int ml_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int ml_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The length of the well-formed sequence at p (at most n bytes), or 0. */
static size_t utf8_seq_len(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0; /* a continuation byte, an overlong lead (c0, c1) or beyond U+10FFFF */
	/* The second byte's range rules out overlong forms, surrogates and > U+10FFFF. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

bool ml_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (!n) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

bool ml_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ml_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

int ml_strptrcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void ml_strvec_init(struct ml_strvec *sv)
{
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

void ml_strvec_release(struct ml_strvec *sv)
{
	if (!sv)
		return;
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	ml_strvec_init(sv);
}

void ml_strvec_push_owned(struct ml_strvec *sv, char *s)
{
	ML_ALLOC_GROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

const char *ml_strvec_push(struct ml_strvec *sv, const char *s)
{
	ml_strvec_push_owned(sv, ml_strdup(s));
	return sv->v[sv->n - 1];
}

void ml_sort_once(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++)
		if (cmp((const char *)v + (i - 1) * size, (const char *)v + i * size) > 0) {
			qsort(v, n, size, cmp);
			return;
		}
}

void ml_strvec_sort(struct ml_strvec *sv)
{
	ml_sort_once(sv->v, sv->n, sizeof(*sv->v), ml_strptrcmp);
}

void ml_strvec_sort_uniq(struct ml_strvec *sv)
{
	size_t j = 0;

	ml_strvec_sort(sv);
	for (size_t i = 0; i < sv->n; i++) {
		if (j && !strcmp(sv->v[j - 1], sv->v[i]))
			free(sv->v[i]);
		else
			sv->v[j++] = sv->v[i];
	}
	sv->n = j;
	if (sv->v)
		sv->v[j] = NULL;
}

bool ml_strvec_equal(const struct ml_strvec *a, const struct ml_strvec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

bool ml_strvec_contains(const struct ml_strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

#define SUGGEST_MAX_LEN 64

/* Damerau-Levenshtein (optimal string alignment) distance, case-insensitive. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];

	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost =
			    tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *ml_suggest(const char *word, const char *const *cands, size_t n)
{
	size_t lw = strlen(word), max = lw <= 4 ? 1 : lw / 3, best = SIZE_MAX;
	const char *found = NULL;

	if (lw == 0 || lw > SUGGEST_MAX_LEN)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t lc = strlen(cands[i]), dist;

		if (lc > SUGGEST_MAX_LEN || (lc > lw ? lc - lw : lw - lc) > max)
			continue;
		dist = edit_distance(word, lw, cands[i], lc);
		if (dist <= max && dist < best) {
			best = dist;
			found = cands[i];
		}
	}
	return found;
}

static volatile sig_atomic_t interrupted;

void ml_interrupt(void)
{
	interrupted = 1;
}

bool ml_interrupted(void)
{
	return interrupted != 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define ML_HEAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ML_HEAP_SANITIZED 1
#endif
#endif

/* The size of a transparent huge page on x86-64 and arm64 (4 KiB base pages). */
#define ML_HUGE_PAGE ((uintptr_t)2 << 20)

void ml_heap_prepare(size_t expect)
{
#ifdef ML_HEAP_SANITIZED
	(void)expect;
#else
	/*
	 * Kept, never touched nor freed: a filler from the top of the heap to just below the
	 * next 2 MiB boundary, so that what follows starts in a huge page that nothing touched
	 * before the madvise (one 4 KiB page touched there keeps that range in 4 KiB pages).
	 * glibc's chunks: a 16-byte header before each block, the header of the heap's free
	 * top written right after the last block; mallinfo2's keepcost is the top's size.
	 */
	static void *filler;
	uintptr_t top, lo, hi;

	if (filler || expect < ML_HUGE_PAGE || expect > ((size_t)1 << 29))
		return;
	/* big blocks from the heap too (mmap'd ones are faulted afresh), no trimming */
	mallopt(M_MMAP_THRESHOLD, (int)expect);
	mallopt(M_TRIM_THRESHOLD, (int)expect * 2);
	mallopt(M_TOP_PAD, (int)expect);
	top = (uintptr_t)sbrk(0) - mallinfo2().keepcost;
	lo = (top + 256 + ML_HUGE_PAGE - 1) & ~(ML_HUGE_PAGE - 1);
	/* a chunk of (lo - 32 - top) bytes: the top's next header lands at lo - 32, below lo */
	filler = malloc((size_t)(lo - 32 - top - 8));
	hi = (uintptr_t)sbrk(0) & ~(ML_HUGE_PAGE - 1);
	/* only as planned, inside the brk heap just grown (else nothing: it is a hint) */
	if (!filler || (uintptr_t)filler != top + 16 || hi <= lo || hi - lo > 4 * (uintptr_t)expect)
		return;
	madvise((void *)lo, (size_t)(hi - lo), MADV_HUGEPAGE);
#endif
}

struct parallel {
	atomic_size_t next;
	size_t n;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
};

static void *parallel_run(void *arg)
{
	struct parallel *p = arg;

	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		p->fn(p->ctx, i);
	return NULL;
}

void ml_parallel_for(size_t n, unsigned max_threads, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct parallel p = { .n = n, .fn = fn, .ctx = ctx };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = max_threads, started = 0;
	pthread_t *threads;
	sigset_t all, old;

	if (cpus > 0 && (size_t)cpus < want)
		want = (size_t)cpus;
	if (n < want)
		want = n;
	atomic_init(&p.next, 0);
	threads = want > 1 ? ml_calloc(want - 1, sizeof(*threads)) : NULL;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	while (started + 1 < want && pthread_create(&threads[started], NULL, parallel_run, &p) == 0)
		started++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	parallel_run(&p);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
}
