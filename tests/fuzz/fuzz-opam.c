/*
 * The opam parser and printer (lib/opam.c, lib/opam_print.c): whatever parses prints as
 * text that parses again to an equal tree, and printing that tree gives the same text.
 */
#include "fuzz.h"

#include <string.h>

#include "lib/ml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ml_opam_file *f = NULL, *g = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf p1 = ML_BUF_INIT, p2 = ML_BUF_INIT;
	int ret;

	if (ml_opam_parse(&f, "fuzz.opam", (const char *)data, size, &err) != 0)
		goto out;
	ml_opam_print(&p1, f);
	ret = ml_opam_parse(&g, "printed.opam", p1.buf, p1.len, &err);
	FZ_CHECK(ret == 0, "the printed form does not parse: %s:%d:%d: %s\n%s", err.path, err.line,
		 err.col, err.msg, p1.buf);
	FZ_CHECK(ml_opam_file_equal(f, g), "reparse differs from the parse:\n%s", p1.buf);
	ml_opam_print(&p2, g);
	FZ_CHECK(p1.len == p2.len && memcmp(p1.buf, p2.buf, p1.len) == 0,
		 "printing the reparse differs:\n--- first\n%s\n--- second\n%s", p1.buf, p2.buf);
	/* lookups walk what the parser built */
	(void)ml_opam_field(f, "depends");
	(void)ml_opam_section(f, "url");
out:
	ml_opam_file_free(f);
	ml_opam_file_free(g);
	ml_buf_release(&p1);
	ml_buf_release(&p2);
	ml_error_release(&err);
	return 0;
}
