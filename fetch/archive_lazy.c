/*
 * libarchive, loaded when an archive is first read or written. Linked, libarchive and the
 * thirteen libraries it brings (xml2, icu, libstdc++, lzma, zstd, ...) cost every run about
 * 8 ms of CPU at start on a 2-core VM (relocations, constructors, page faults), and most runs
 * (lock on directory repositories, status, a warm pull) never open an archive. This file
 * defines the libarchive functions monolock calls; each forwards to the real one, looked up
 * in libarchive.so.13 with dlopen on the first call. A libarchive that cannot be loaded
 * ends the run at that first call as a missing library ended the linked program at its
 * start (ml_lazy_missing: the loader's message, exit 127).
 * A function newly called elsewhere goes into ML_ARCHIVE_FNS (the link fails until it is).
 */
#include <archive.h>
#include <archive_entry.h>
#include "lib/lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define ML_LIBARCHIVE "libarchive.so.13"

/* X(return type, name, (parameters), (arguments)); V(...) for those returning nothing. */
#define ML_ARCHIVE_FNS(X, V)                                                                      \
	V(archive_entry_copy_pathname, (struct archive_entry * e, const char *p), (e, p))         \
	X(__LA_MODE_T, archive_entry_filetype, (struct archive_entry * e), (e))                   \
	V(archive_entry_free, (struct archive_entry * e), (e))                                    \
	X(const char *, archive_entry_hardlink, (struct archive_entry * e), (e))                  \
	X(struct archive_entry *, archive_entry_new, (void), ())                                  \
	X(const char *, archive_entry_pathname, (struct archive_entry * e), (e))                  \
	X(const char *, archive_entry_pathname_utf8, (struct archive_entry * e), (e))             \
	V(archive_entry_set_hardlink, (struct archive_entry * e, const char *p), (e, p))          \
	V(archive_entry_set_pathname, (struct archive_entry * e, const char *p), (e, p))          \
	X(la_int64_t, archive_entry_size, (struct archive_entry * e), (e))                        \
	X(int, archive_entry_size_is_set, (struct archive_entry * e), (e))                        \
	X(const char *, archive_entry_sourcepath, (struct archive_entry * e), (e))                \
	X(const char *, archive_entry_symlink, (struct archive_entry * e), (e))                   \
	X(const char *, archive_entry_symlink_utf8, (struct archive_entry * e), (e))              \
	X(int, archive_errno, (struct archive * a), (a))                                          \
	X(const char *, archive_error_string, (struct archive * a), (a))                          \
	X(la_ssize_t, archive_read_data, (struct archive * a, void *b, size_t n), (a, b, n))      \
	X(int, archive_read_data_block,                                                           \
	  (struct archive * a, const void **b, size_t *n, la_int64_t *o), (a, b, n, o))           \
	X(int, archive_read_disk_descend, (struct archive * a), (a))                              \
	X(struct archive *, archive_read_disk_new, (void), ())                                    \
	X(int, archive_read_disk_open, (struct archive * a, const char *p), (a, p))               \
	X(int, archive_read_disk_set_symlink_physical, (struct archive * a), (a))                 \
	X(int, archive_read_free, (struct archive * a), (a))                                      \
	X(struct archive *, archive_read_new, (void), ())                                         \
	X(int, archive_read_next_header, (struct archive * a, struct archive_entry * *e), (a, e)) \
	X(int, archive_read_next_header2, (struct archive * a, struct archive_entry * e), (a, e)) \
	X(int, archive_read_open,                                                                 \
	  (struct archive * a, void *d, archive_open_callback *o, archive_read_callback *r,       \
	   archive_close_callback *c),                                                            \
	  (a, d, o, r, c))                                                                        \
	X(int, archive_read_open_filename, (struct archive * a, const char *p, size_t n),         \
	  (a, p, n))                                                                              \
	X(int, archive_read_set_format_option,                                                    \
	  (struct archive * a, const char *m, const char *o, const char *v), (a, m, o, v))        \
	X(int, archive_read_support_filter_all, (struct archive * a), (a))                        \
	X(int, archive_read_support_filter_bzip2, (struct archive * a), (a))                      \
	X(int, archive_read_support_filter_compress, (struct archive * a), (a))                   \
	X(int, archive_read_support_filter_gzip, (struct archive * a), (a))                       \
	X(int, archive_read_support_filter_lzip, (struct archive * a), (a))                       \
	X(int, archive_read_support_filter_lzma, (struct archive * a), (a))                       \
	X(int, archive_read_support_filter_xz, (struct archive * a), (a))                         \
	X(int, archive_read_support_filter_zstd, (struct archive * a), (a))                       \
	X(int, archive_read_support_format_gnutar, (struct archive * a), (a))                     \
	X(int, archive_read_support_format_tar, (struct archive * a), (a))                        \
	X(int, archive_read_support_format_zip, (struct archive * a), (a))                        \
	X(int, archive_write_add_filter_gzip, (struct archive * a), (a))                          \
	X(int, archive_write_close, (struct archive * a), (a))                                    \
	X(la_ssize_t, archive_write_data, (struct archive * a, const void *b, size_t n),          \
	  (a, b, n))                                                                              \
	X(la_ssize_t, archive_write_data_block,                                                   \
	  (struct archive * a, const void *b, size_t n, la_int64_t o), (a, b, n, o))              \
	X(struct archive *, archive_write_disk_new, (void), ())                                   \
	X(int, archive_write_disk_set_options, (struct archive * a, int f), (a, f))               \
	X(int, archive_write_finish_entry, (struct archive * a), (a))                             \
	X(int, archive_write_free, (struct archive * a), (a))                                     \
	X(int, archive_write_header, (struct archive * a, struct archive_entry * e), (a, e))      \
	X(struct archive *, archive_write_new, (void), ())                                        \
	X(int, archive_write_open_fd, (struct archive * a, int fd), (a, fd))                      \
	X(int, archive_write_set_format_pax_restricted, (struct archive * a), (a))

#define ML_ARCHIVE_OTHERS(X, V) \
	V(archive_set_error, (struct archive * a, int err, const char *fmt, ...), ())

ML_LAZY_DEFINE(ML_ARCHIVE_FNS, ML_ARCHIVE_OTHERS, ML_LIBARCHIVE)
ML_LAZY_FORWARDERS(ML_ARCHIVE_FNS)

/* The message formatted here, passed on as it is (callers' messages are short). */
void archive_set_error(struct archive *a, int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	need();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fn.archive_set_error(a, err, "%s", msg);
}
