#include "error.h"
#include "buf.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int vset(struct ml_error *err, int code, const char *path, int line, int col,
		const char *fmt, va_list ap, const char *suffix)
{
	struct ml_buf b = ML_BUF_INIT;

	if (!err)
		return code;
	ml_buf_vaddf(&b, fmt, ap);
	if (suffix)
		ml_buf_addf(&b, ": %s", suffix);
	ml_error_release(err);
	err->code = code;
	err->msg = ml_buf_detach(&b, NULL);
	err->path = path ? ml_strdup(path) : NULL;
	err->line = line;
	err->col = col;
	return code;
}

int ml_error_set(struct ml_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, NULL, 0, 0, fmt, ap, NULL);
	va_end(ap);
	return code;
}

int ml_error_setat(struct ml_error *err, int code, const char *path, int line, int col,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, path, line, col, fmt, ap, NULL);
	va_end(ap);
	return code;
}

int ml_error_errno(struct ml_error *err, int code, const char *fmt, ...)
{
	const char *reason = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, NULL, 0, 0, fmt, ap, reason);
	va_end(ap);
	return code;
}

void ml_error_about(struct ml_error *err, const char *package, const char *url)
{
	if (!err || !err->code)
		return;
	if (package) {
		char *p = ml_strdup(package); /* package may be err->package itself */

		free(err->package);
		err->package = p;
	}
	if (url) {
		char *u = ml_strdup(url);

		free(err->url);
		err->url = u;
	}
}

void ml_error_move(struct ml_error *dst, struct ml_error *src)
{
	ml_error_release(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

void ml_error_release(struct ml_error *err)
{
	if (!err)
		return;
	free(err->msg);
	free(err->path);
	free(err->package);
	free(err->url);
	memset(err, 0, sizeof(*err));
}

void ml_error_format(struct ml_buf *out, const struct ml_error *err)
{
	if (err->path) {
		ml_buf_adds(out, err->path);
		if (err->line > 0) {
			ml_buf_addf(out, ":%d", err->line);
			if (err->col > 0)
				ml_buf_addf(out, ":%d", err->col);
		}
		ml_buf_adds(out, ": ");
	}
	ml_buf_adds(out, err->msg ? err->msg : "unknown error");
}
