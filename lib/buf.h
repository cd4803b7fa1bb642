#ifndef ML_BUF_H
#define ML_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * The one growable string type. `buf` is never NULL and always NUL-terminated, so
 * `b.buf` can be passed to any function wanting a C string. May hold NUL bytes (len counts).
 */
struct ml_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char ml_buf_empty[];
#define ML_BUF_INIT                \
	{                          \
		ml_buf_empty, 0, 0 \
	}

void ml_buf_init(struct ml_buf *b);
/* Frees the contents and leaves b as ML_BUF_INIT. Accepts NULL. */
void ml_buf_release(struct ml_buf *b);
/* Ensures room for `extra` more bytes plus the NUL. */
void ml_buf_grow(struct ml_buf *b, size_t extra);
void ml_buf_add(struct ml_buf *b, const void *data, size_t len);
void ml_buf_adds(struct ml_buf *b, const char *s);
void ml_buf_addc(struct ml_buf *b, char c);
void ml_buf_addf(struct ml_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ml_buf_vaddf(struct ml_buf *b, const char *fmt, va_list ap);
void ml_buf_setlen(struct ml_buf *b, size_t len);
void ml_buf_reset(struct ml_buf *b);
/* Hands the string to the caller (free() it) and leaves b as ML_BUF_INIT. */
char *ml_buf_detach(struct ml_buf *b, size_t *len);

#endif
