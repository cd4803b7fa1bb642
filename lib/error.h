#ifndef ML_ERROR_H
#define ML_ERROR_H

struct ml_buf;

/*
 * Return codes. Functions return 0 on success and one of these (negative) on failure.
 * Callers may test for the expected ones; anything else is ML_ERROR.
 */
enum ml_code {
	ML_OK = 0,
	ML_ERROR = -1,     /* anything not listed below */
	ML_ENOTFOUND = -2, /* a named thing does not exist */
	ML_EPARSE = -3,    /* malformed input; path/line/col say where */
	ML_EUNSAT = -4,    /* no solution */
	ML_ENET = -5,      /* download failed */
	ML_EIO = -6,       /* file system */
	ML_ECHECKSUM = -7, /* content does not match its checksum */
	ML_EMODIFIED = -8, /* the workspace has local edits */
	ML_EUNSAFE = -9,   /* hostile input refused (archive escaping, bad directory name) */
	ML_EUSAGE = -10,   /* invalid request from the user */
	ML_EOFFLINE = -11, /* needed the network while offline */
	ML_EINTR = -12,    /* interrupted (ml_interrupt): stopped at a safe point */
};

/*
 * The one error type: filled where a failure happens, printed only by cmd/.
 * `err` arguments may be NULL, in which case nothing is recorded.
 */
struct ml_error {
	int code;
	char *msg;  /* lowercase, no trailing newline */
	char *path; /* file the error is about, or NULL */
	int line;   /* 1-based, 0 when unknown */
	int col;    /* 1-based, 0 when unknown */
	/*
	 * What the error concerns, when one package or URL is at fault (ml_error_about), else
	 * NULL: for --json to carry; the message names them too.
	 */
	char *package;
	char *url;
};

#define ML_ERROR_INIT                           \
	{                                       \
		0, NULL, NULL, 0, 0, NULL, NULL \
	}

/* Records the error (replacing any previous one) and returns `code`. */
int ml_error_set(struct ml_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, with the file position the error is about (path may be NULL, line/col 0). */
int ml_error_setat(struct ml_error *err, int code, const char *path, int line, int col,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Same as ml_error_set with strerror(errno) appended as ": <reason>". */
int ml_error_errno(struct ml_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * Records the package and the URL the error concerns, each when not NULL (replacing what was
 * there; ml_error_set* clears both). Nothing when err is NULL or holds no error.
 */
void ml_error_about(struct ml_error *err, const char *package, const char *url);
/* Moves src's contents into dst (dst released first); src is left empty. */
void ml_error_move(struct ml_error *dst, struct ml_error *src);
/* Frees the contents; leaves ML_ERROR_INIT. Accepts NULL. */
void ml_error_release(struct ml_error *err);
/* Appends "path:line:col: msg" (parts present only when known). */
void ml_error_format(struct ml_buf *out, const struct ml_error *err);

#endif
