#include "buf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char ml_buf_empty[1];

void ml_buf_init(struct ml_buf *b)
{
	b->buf = ml_buf_empty;
	b->len = b->alloc = 0;
}

void ml_buf_release(struct ml_buf *b)
{
	if (!b)
		return;
	if (b->alloc)
		free(b->buf);
	ml_buf_init(b);
}

void ml_buf_grow(struct ml_buf *b, size_t extra)
{
	size_t want;

	if (extra > SIZE_MAX - b->len - 1)
		want = SIZE_MAX; /* ml_realloc aborts */
	else
		want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	if (want < b->alloc * 2)
		want = b->alloc * 2;
	if (want < 64)
		want = 64;
	b->buf = ml_realloc(b->buf, want);
	b->alloc = want;
	if (b->len == 0)
		b->buf[0] = '\0';
}

void ml_buf_add(struct ml_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	ml_buf_grow(b, len);
	memcpy(b->buf + b->len, data, len);
	ml_buf_setlen(b, b->len + len);
}

void ml_buf_adds(struct ml_buf *b, const char *s)
{
	ml_buf_add(b, s, strlen(s));
}

void ml_buf_addc(struct ml_buf *b, char c)
{
	ml_buf_grow(b, 1);
	b->buf[b->len++] = c;
	b->buf[b->len] = '\0';
}

void ml_buf_vaddf(struct ml_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc ? b->alloc - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n + 1 > (b->alloc ? b->alloc - b->len : 0)) {
		ml_buf_grow(b, (size_t)n);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	}
	ml_buf_setlen(b, b->len + (size_t)n);
}

void ml_buf_addf(struct ml_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ml_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void ml_buf_setlen(struct ml_buf *b, size_t len)
{
	if (!b->alloc) {
		/* only 0 is a valid length for the shared empty buffer */
		return;
	}
	b->len = len;
	b->buf[len] = '\0';
}

void ml_buf_reset(struct ml_buf *b)
{
	ml_buf_setlen(b, 0);
}

char *ml_buf_detach(struct ml_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		ml_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	ml_buf_init(b);
	return s;
}
