/*
 * lib/opam against real data: every `opam` file of the shared opam-repository snapshot and of
 * the dune overlays, read in place from their tarballs, must parse, and print -> parse must
 * give an equal tree. The data is required: without it the test fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ml.h"

/* Counted once from the tarballs; a change means the data or the reader changed. */
#define REPOSITORY_OPAM_FILES 18793
#define OVERLAYS_OPAM_FILES 160

struct corpus_stats {
	size_t files, bytes, items;
};

static char *data_path(const char *name)
{
	const char *dir = getenv("ML_DATA");
	char *root = NULL, *path;

	if (!dir || !*dir) {
		const char *src = getenv("SOURCE_ROOT");

		root = ml_path_join(src && *src ? src : ".", "../shared/data");
		dir = root;
	}
	path = ml_path_join(dir, name);
	free(root);
	return path;
}

static bool is_opam_file(const char *path)
{
	const char *slash = strrchr(path, '/');

	return !strcmp(slash ? slash + 1 : path, "opam");
}

static void check_one(const char *path, const char *data, size_t len, struct corpus_stats *st)
{
	struct ml_opam_file *f = NULL, *g = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf out = ML_BUF_INIT;

	if (ml_opam_parse(&f, path, data, len, &err))
		fail_msg("%s:%d:%d: %s", path, err.line, err.col, err.msg);
	ml_opam_print(&out, f);
	if (ml_opam_parse(&g, path, out.buf, out.len, &err))
		fail_msg("%s: printed text does not parse: %d:%d: %s\n%s", path, err.line, err.col,
			 err.msg, out.buf);
	if (!ml_opam_file_equal(f, g))
		fail_msg("%s: printed text parses to a different tree:\n%s", path, out.buf);
	st->files++;
	st->bytes += len;
	st->items += f->nitems;
	ml_opam_file_free(g);
	ml_opam_file_free(f);
	ml_buf_release(&out);
}

static void check_tarball(const char *name, size_t expect_files)
{
	char *path = data_path(name);
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct ml_buf data = ML_BUF_INIT;
	struct corpus_stats st = { 0, 0, 0 };
	int r;

	if (!ml_fs_exists(path)) {
		/* a user's clone has no reference data: skipped, never failed (tests/run) */
		print_message("%s is missing: skipped (set ML_DATA to the reference data)\n", path);
		archive_read_free(a);
		free(path);
		skip();
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK)
		fail_msg("cannot read the reference data '%s' (%s): set ML_DATA to the shared "
			 "data directory",
			 path, archive_error_string(a));
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *p = archive_entry_pathname(e);
		la_int64_t size = archive_entry_size(e);
		la_ssize_t n;

		if (archive_entry_filetype(e) != AE_IFREG || !p || !is_opam_file(p))
			continue;
		if (size < 0 || size > (la_int64_t)ML_OPAM_MAX_FILE_SIZE)
			fail_msg("%s: %s: unexpected size %lld", name, p, (long long)size);
		ml_buf_reset(&data);
		ml_buf_grow(&data, (size_t)size);
		n = archive_read_data(a, data.buf, (size_t)size);
		if (n != (la_ssize_t)size)
			fail_msg("%s: %s: short read (%s)", name, p, archive_error_string(a));
		ml_buf_setlen(&data, (size_t)n);
		check_one(p, data.buf, data.len, &st);
	}
	if (r != ARCHIVE_EOF)
		fail_msg("%s: %s", name, archive_error_string(a));
	print_message("%s: %zu opam files, %zu bytes, %zu top-level items\n", name, st.files,
		      st.bytes, st.items);
	assert_int_equal(st.files, expect_files);
	archive_read_free(a);
	ml_buf_release(&data);
	free(path);
}

static void repository_snapshot_parses_and_round_trips(void **state)
{
	(void)state;
	check_tarball("opam-repository-97014be.tar.gz", REPOSITORY_OPAM_FILES);
}

static void overlays_parse_and_round_trip(void **state)
{
	(void)state;
	check_tarball("opam-overlays-d3371ad.tar.gz", OVERLAYS_OPAM_FILES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repository_snapshot_parses_and_round_trips),
		cmocka_unit_test(overlays_parse_and_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
