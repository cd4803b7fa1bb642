/*
 * opam's version order. opam uses Debian's algorithm without the epoch: the string is split
 * at its LAST '-' into an upstream part and a revision, each compared by alternating
 * non-digit runs (character-wise, '~' lowest, then letters, then everything else) and digit
 * runs (numerically, by length after stripping leading zeros, then digit by digit, so no
 * number ever overflows). The quirks below (an exhausted side compared against zeros, '~'
 * against a digit) follow opam's OpamVersionCompare exactly, which is what opam's solver
 * sees; e.g. "1" < "1.0" but "1." == "1.0".
 */
#include <stdbool.h>
#include <string.h>

#include "version.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Rank of a character in the non-digit order: '~' < letters < anything else. */
static int char_class(char c)
{
	if (c == '~')
		return 0;
	if (is_letter(c))
		return 1;
	return 2;
}

static int cmp_chars(char a, char b)
{
	int ca = char_class(a), cb = char_class(b);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca == 0)
		return 0;
	return (unsigned char)a < (unsigned char)b ? -1 : (unsigned char)a > (unsigned char)b;
}

static size_t skip_zeros(const char *s, size_t i, size_t end)
{
	while (i < end && s[i] == '0')
		i++;
	return i;
}

static size_t skip_digits(const char *s, size_t i, size_t end)
{
	while (i < end && is_digit(s[i]))
		i++;
	return i;
}

/* Compares x[xi..xl) with y[yi..yl). */
static int cmp_chunk(const char *x, size_t xi, size_t xl, const char *y, size_t yi, size_t yl)
{
	for (;;) {
		bool xend = xi == xl, yend = yi == yl;

		if (xend && yend)
			return 0;
		if (xend) {
			/* The missing side reads as zero: equal if only zeros follow. */
			size_t ys = skip_zeros(y, yi, yl);

			if (ys == yl)
				return 0;
			return y[ys] == '~' ? 1 : -1;
		}
		if (yend) {
			size_t xs = skip_zeros(x, xi, xl);

			if (xs == xl)
				return 0;
			return x[xs] == '~' ? -1 : 1;
		}
		if (is_digit(x[xi]) && is_digit(y[yi])) {
			size_t xs = skip_zeros(x, xi, xl), ys = skip_zeros(y, yi, yl);
			size_t xe = skip_digits(x, xs, xl), ye = skip_digits(y, ys, yl);

			if (xe - xs != ye - ys)
				return xe - xs < ye - ys ? -1 : 1;
			for (; xs < xe; xs++, ys++) {
				if (x[xs] != y[ys])
					return x[xs] < y[ys] ? -1 : 1;
			}
			xi = xe;
			yi = ye;
			continue;
		}
		if (is_digit(x[xi]))
			return y[yi] == '~' ? 1 : -1;
		if (is_digit(y[yi]))
			return x[xi] == '~' ? -1 : 1;
		int c = cmp_chars(x[xi], y[yi]);

		if (c != 0)
			return c;
		xi++;
		yi++;
	}
}

/* The length of s, and in *dash where its last '-' is (the length if none): one pass. */
static size_t split_last_dash(const char *s, size_t *dash)
{
	const char *p = s, *d = NULL;

	for (; *p; p++)
		if (*p == '-')
			d = p;
	*dash = (size_t)((d ? d : p) - s);
	return (size_t)(p - s);
}

int ml_version_cmp(const char *a, const char *b)
{
	size_t la, lb, ra, rb;
	int c;

	/* versions are a few bytes: a loop each, not four library calls (the solver's ranking
	 * compares ~100,000 pairs) */
	if (strcmp(a, b) == 0)
		return 0;
	la = split_last_dash(a, &ra);
	lb = split_last_dash(b, &rb);
	c = cmp_chunk(a, 0, ra, b, 0, rb);
	if (c == 0)
		c = cmp_chunk(a, ra < la ? ra + 1 : la, la, b, rb < lb ? rb + 1 : lb, lb);
	return c < 0 ? -1 : c > 0;
}

int ml_version_ptrcmp(const void *a, const void *b)
{
	return ml_version_cmp(*(const char *const *)a, *(const char *const *)b);
}
