/* Unit tests for lib/opam: lexer, parser, positions, errors, lookups, constructors, printer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/ml.h"

static struct ml_opam_file *parse_ok(const char *src)
{
	struct ml_opam_file *f = NULL;
	struct ml_error err = ML_ERROR_INIT;
	int ret = ml_opam_parse(&f, "t.opam", src, strlen(src), &err);

	if (ret)
		fail_msg("parse of '%s' failed: %d:%d: %s", src, err.line, err.col, err.msg);
	assert_non_null(f);
	ml_error_release(&err);
	return f;
}

static void check_error_len(const char *src, size_t len, int line, int col, const char *msg)
{
	struct ml_opam_file *sentinel = (struct ml_opam_file *)&sentinel;
	struct ml_opam_file *f = sentinel;
	struct ml_error err = ML_ERROR_INIT;

	assert_int_equal(ml_opam_parse(&f, "dir/t.opam", src, len, &err), ML_EPARSE);
	assert_ptr_equal(f, sentinel); /* never a partial result */
	assert_int_equal(err.code, ML_EPARSE);
	assert_string_equal(err.path, "dir/t.opam");
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	ml_error_release(&err);
}

static void check_error(const char *src, int line, int col, const char *msg)
{
	check_error_len(src, strlen(src), line, col, msg);
}

/* The value of field `x` of a one-field file; *fp receives the file to free. */
static const struct ml_opam_value *value_of(struct ml_opam_file **fp, const char *src)
{
	struct ml_buf b = ML_BUF_INIT;
	const struct ml_opam_value *v;

	ml_buf_addf(&b, "x: %s", src);
	*fp = parse_ok(b.buf);
	ml_buf_release(&b);
	assert_int_equal((*fp)->nitems, 1);
	v = ml_opam_field(*fp, "x");
	assert_non_null(v);
	return v;
}

static void assert_ident(const struct ml_opam_value *v, const char *s)
{
	assert_int_equal(v->kind, ML_OPAM_IDENT);
	assert_string_equal(v->s, s);
	assert_int_equal(v->len, strlen(s));
}

static void assert_str(const struct ml_opam_value *v, const char *s)
{
	assert_int_equal(v->kind, ML_OPAM_STRING);
	assert_string_equal(v->s, s);
	assert_int_equal(v->len, strlen(s));
}

static void assert_op(const struct ml_opam_value *v, enum ml_opam_kind kind, enum ml_opam_op op)
{
	assert_int_equal(v->kind, kind);
	assert_int_equal(v->op, op);
}

static void atoms_bool_int(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	v = value_of(&f, "true");
	assert_int_equal(v->kind, ML_OPAM_BOOL);
	assert_true(v->b);
	ml_opam_file_free(f);
	v = value_of(&f, "false");
	assert_int_equal(v->kind, ML_OPAM_BOOL);
	assert_false(v->b);
	ml_opam_file_free(f);
	v = value_of(&f, "42");
	assert_int_equal(v->kind, ML_OPAM_INT);
	assert_int_equal(v->i, 42);
	ml_opam_file_free(f);
	v = value_of(&f, "-17");
	assert_int_equal(v->kind, ML_OPAM_INT);
	assert_int_equal(v->i, -17);
	ml_opam_file_free(f);
	v = value_of(&f, "9223372036854775807");
	assert_int_equal(v->kind, ML_OPAM_INT);
	assert_true(v->i == LLONG_MAX);
	ml_opam_file_free(f);
}

static void atoms_idents(void **state)
{
	static const char *const idents[] = {
		"opam-version", "ocaml:version", "_:name", "foo+bar:installed",
		"a+_",          "trueish",       "falsey", "1a",
		"-a",           "x_1-y",         "_",      "A9",
	};
	struct ml_opam_file *f;
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(idents); i++) {
		assert_ident(value_of(&f, idents[i]), idents[i]);
		ml_opam_file_free(f);
	}
}

static void atoms_longest_match_splits(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	/* `a+` is not an ident, `a+b` is; `12z` is one ident, `12 z` an int and an ident */
	check_error("x: [a+]", 1, 6, "unexpected character '+'");
	check_error("x: [a:1]", 1, 6, "unexpected ':'");
	v = value_of(&f, "[a+b 12 z 12z]");
	assert_int_equal(v->nitems, 4);
	assert_ident(v->items[0], "a+b");
	assert_int_equal(v->items[1]->kind, ML_OPAM_INT);
	assert_ident(v->items[2], "z");
	assert_ident(v->items[3], "12z");
	ml_opam_file_free(f);
}

static void strings_plain_and_escapes(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	assert_str(value_of(&f, "\"hello world\""), "hello world");
	ml_opam_file_free(f);
	assert_str(value_of(&f, "\"\""), "");
	ml_opam_file_free(f);
	v = value_of(&f, "\"\\\\ \\\" \\' \\n \\r \\b \\t \\  \\065\\x41\\x6a\"");
	assert_str(v, "\\ \" ' \n \r \b \t   AAj");
	ml_opam_file_free(f);
	/* backslash-newline skips the newline and the blanks after it */
	v = value_of(&f, "\"ab\\\n   \t cd\"");
	assert_str(v, "abcd");
	ml_opam_file_free(f);
	/* a raw newline is kept */
	assert_str(value_of(&f, "\"a\nb\""), "a\nb");
	ml_opam_file_free(f);
	/* \000 makes a NUL byte inside the string; escapes may spell UTF-8 */
	v = value_of(&f, "\"a\\000b\\195\\xa9\"");
	assert_int_equal(v->kind, ML_OPAM_STRING);
	assert_int_equal(v->len, 5);
	assert_memory_equal(v->s, "a\0b\xc3\xa9", 5);
	ml_opam_file_free(f);
}

/* Strings end up in JSON locks: one that is not UTF-8 is refused where it is written. */
static void strings_must_be_utf8(void **state)
{
	struct ml_opam_file *f;

	(void)state;
	/* the column is the offending byte's */
	check_error("x: \"ab\xff\"", 1, 7, "string is not valid UTF-8 (byte 0xff)");
	check_error("x: [\"ok\"\n \"\xc3\xa9\xc3\"]", 2, 5,
		    "string is not valid UTF-8 (byte 0xc3)");
	/* overlong forms and surrogates are not UTF-8 either */
	check_error("x: \"\xc0\xaf\"", 1, 5, "string is not valid UTF-8 (byte 0xc0)");
	check_error("x: \"\xed\xa0\x80\"", 1, 5, "string is not valid UTF-8 (byte 0xed)");
	/* through an escape: the string's position */
	check_error("x: \"a\\255\"", 1, 4, "string is not valid UTF-8 (byte 0xff)");
	check_error("x: \"\"\"a\\xfe\"\"\"", 1, 4, "string is not valid UTF-8 (byte 0xfe)");
	/* valid multi-byte text and comments with any bytes are fine */
	assert_str(value_of(&f, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xab\""),
		   "\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xab");
	ml_opam_file_free(f);
	f = parse_ok("(* \xff *) x: \"a\" # \xfe\n");
	ml_opam_file_free(f);
}

static void strings_triple_quoted(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	f = parse_ok("d: \"\"\"two \"quoted\" words\nand \"\" a line\\t\"\"\"\nn: 1\n");
	v = ml_opam_field(f, "d");
	assert_str(v, "two \"quoted\" words\nand \"\" a line\t");
	v = ml_opam_field(f, "n");
	assert_int_equal(v->line, 3);
	assert_int_equal(v->col, 4);
	ml_opam_file_free(f);
	assert_str(value_of(&f, "\"\"\"\"\"\""), "");
	ml_opam_file_free(f);
}

static void lists_and_groups(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	v = value_of(&f, "[]");
	assert_int_equal(v->kind, ML_OPAM_LIST);
	assert_int_equal(v->nitems, 0);
	ml_opam_file_free(f);
	v = value_of(&f, "[\"a\" [b 1] (c d) ()]");
	assert_int_equal(v->kind, ML_OPAM_LIST);
	assert_int_equal(v->nitems, 4);
	assert_str(v->items[0], "a");
	assert_int_equal(v->items[1]->kind, ML_OPAM_LIST);
	assert_int_equal(v->items[1]->nitems, 2);
	assert_int_equal(v->items[2]->kind, ML_OPAM_GROUP);
	assert_ident(v->items[2]->items[1], "d");
	assert_int_equal(v->items[3]->kind, ML_OPAM_GROUP);
	assert_int_equal(v->items[3]->nitems, 0);
	ml_opam_file_free(f);
}

static void options_with_filters(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v, *flt;

	(void)state;
	v = value_of(&f, "\"ocaml\" {>= \"4.08\" & < \"5.0\"}");
	assert_int_equal(v->kind, ML_OPAM_OPTION);
	assert_str(v->a, "ocaml");
	assert_int_equal(v->nitems, 1);
	flt = v->items[0];
	assert_op(flt, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_op(flt->a, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_GE);
	assert_str(flt->a->a, "4.08");
	assert_op(flt->b2, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_LT);
	ml_opam_file_free(f);
	v = value_of(&f, "a {}");
	assert_int_equal(v->kind, ML_OPAM_OPTION);
	assert_int_equal(v->nitems, 0);
	ml_opam_file_free(f);
	/* options chain to the left */
	v = value_of(&f, "a {b} {c d}");
	assert_int_equal(v->kind, ML_OPAM_OPTION);
	assert_int_equal(v->nitems, 2);
	assert_int_equal(v->a->kind, ML_OPAM_OPTION);
	assert_ident(v->a->a, "a");
	ml_opam_file_free(f);
}

static void relops_each(void **state)
{
	static const struct {
		const char *text;
		enum ml_opam_op op;
	} ops[] = {
		{ "=", ML_OPAM_OP_EQ },  { "!=", ML_OPAM_OP_NEQ }, { "<", ML_OPAM_OP_LT },
		{ "<=", ML_OPAM_OP_LE }, { ">", ML_OPAM_OP_GT },   { ">=", ML_OPAM_OP_GE },
	};
	struct ml_opam_file *f;
	const struct ml_opam_value *v;
	char src[64];
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(ops); i++) {
		snprintf(src, sizeof(src), "os %s \"linux\"", ops[i].text);
		v = value_of(&f, src);
		assert_op(v, ML_OPAM_RELOP, ops[i].op);
		assert_ident(v->a, "os");
		assert_str(v->b2, "linux");
		assert_string_equal(ml_opam_op_str(ops[i].op), ops[i].text);
		ml_opam_file_free(f);
		snprintf(src, sizeof(src), "%s 3", ops[i].text);
		v = value_of(&f, src);
		assert_op(v, ML_OPAM_PREFIX_RELOP, ops[i].op);
		assert_int_equal(v->a->i, 3);
		ml_opam_file_free(f);
		/* no spaces needed */
		snprintf(src, sizeof(src), "a%sb", ops[i].text);
		v = value_of(&f, src);
		assert_op(v, ML_OPAM_RELOP, ops[i].op);
		ml_opam_file_free(f);
	}
}

static void envops_each(void **state)
{
	static const struct {
		const char *text;
		enum ml_opam_op op;
	} ops[] = {
		{ "+=", ML_OPAM_OP_ADD_PREPEND },   { "=+", ML_OPAM_OP_ADD_APPEND },
		{ ":=", ML_OPAM_OP_COLON_PREPEND }, { "=:", ML_OPAM_OP_COLON_APPEND },
		{ "=+=", ML_OPAM_OP_ADD_REPLACE },
	};
	struct ml_opam_file *f;
	const struct ml_opam_value *v;
	char src[64];
	size_t i;

	(void)state;
	for (i = 0; i < ML_ARRAY_SIZE(ops); i++) {
		snprintf(src, sizeof(src), "[PATH %s \"%%{bin}%%\"]", ops[i].text);
		v = value_of(&f, src);
		assert_int_equal(v->nitems, 1);
		assert_op(v->items[0], ML_OPAM_ENVOP, ops[i].op);
		assert_ident(v->items[0]->a, "PATH");
		assert_str(v->items[0]->b2, "%{bin}%");
		assert_string_equal(ml_opam_op_str(ops[i].op), ops[i].text);
		ml_opam_file_free(f);
	}
	check_error("x: [A =:= b]", 1, 7, "invalid operator '=:='");
}

static void logops_and_pfxops(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	v = value_of(&f, "a & b");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	ml_opam_file_free(f);
	v = value_of(&f, "a | b");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_OR);
	ml_opam_file_free(f);
	v = value_of(&f, "!a");
	assert_op(v, ML_OPAM_PFXOP, ML_OPAM_OP_NOT);
	assert_ident(v->a, "a");
	ml_opam_file_free(f);
	v = value_of(&f, "?a");
	assert_op(v, ML_OPAM_PFXOP, ML_OPAM_OP_DEFINED);
	ml_opam_file_free(f);
	v = value_of(&f, "!!a");
	assert_op(v->a, ML_OPAM_PFXOP, ML_OPAM_OP_NOT);
	ml_opam_file_free(f);
	assert_string_equal(ml_opam_op_str(ML_OPAM_OP_AND), "&");
	assert_string_equal(ml_opam_op_str(ML_OPAM_OP_OR), "|");
	assert_string_equal(ml_opam_op_str(ML_OPAM_OP_NOT), "!");
	assert_string_equal(ml_opam_op_str(ML_OPAM_OP_DEFINED), "?");
}

static void precedence_or_below_and(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	v = value_of(&f, "a | b & c");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_OR);
	assert_ident(v->a, "a");
	assert_op(v->b2, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	ml_opam_file_free(f);
	v = value_of(&f, "a & b | c");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_OR);
	assert_op(v->a, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_ident(v->b2, "c");
	ml_opam_file_free(f);
	/* left associative */
	v = value_of(&f, "a & b & c");
	assert_op(v->a, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_ident(v->b2, "c");
	ml_opam_file_free(f);
	v = value_of(&f, "(a | b) & c");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_int_equal(v->a->kind, ML_OPAM_GROUP);
	assert_op(v->a->items[0], ML_OPAM_LOGOP, ML_OPAM_OP_OR);
	ml_opam_file_free(f);
}

static void precedence_option_binds_tighter(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;

	(void)state;
	v = value_of(&f, "!a {f}");
	assert_op(v, ML_OPAM_PFXOP, ML_OPAM_OP_NOT);
	assert_int_equal(v->a->kind, ML_OPAM_OPTION);
	ml_opam_file_free(f);
	v = value_of(&f, "a & b {f}");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_ident(v->a, "a");
	assert_int_equal(v->b2->kind, ML_OPAM_OPTION);
	ml_opam_file_free(f);
	v = value_of(&f, "!a & b");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_op(v->a, ML_OPAM_PFXOP, ML_OPAM_OP_NOT);
	ml_opam_file_free(f);
	/* relops take atoms before anything else applies */
	v = value_of(&f, "!a = b");
	assert_op(v, ML_OPAM_PFXOP, ML_OPAM_OP_NOT);
	assert_op(v->a, ML_OPAM_RELOP, ML_OPAM_OP_EQ);
	ml_opam_file_free(f);
	v = value_of(&f, "a += b & c");
	assert_op(v, ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	assert_op(v->a, ML_OPAM_ENVOP, ML_OPAM_OP_ADD_PREPEND);
	ml_opam_file_free(f);
	v = value_of(&f, ">= \"1\" {f}");
	assert_int_equal(v->kind, ML_OPAM_OPTION);
	assert_op(v->a, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_GE);
	ml_opam_file_free(f);
	/* juxtaposed values in a list stay separate; operators join */
	v = value_of(&f, "[a b & c d]");
	assert_int_equal(v->nitems, 3);
	assert_op(v->items[1], ML_OPAM_LOGOP, ML_OPAM_OP_AND);
	ml_opam_file_free(f);
}

static void relops_between_atoms_only(void **state)
{
	(void)state;
	check_error("x: \"a\" = \"b\" = \"c\"", 1, 14, "unexpected '='");
	check_error("x: a = [b]", 1, 8,
		    "expected a string, identifier, integer or boolean after '='");
	check_error("x: >= (a)", 1, 7,
		    "expected a string, identifier, integer or boolean after '>='");
	check_error("x: [a] = b", 1, 8, "unexpected '='");
}

static void relop_after_relop_in_list_starts_a_value(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;
	struct ml_buf out = ML_BUF_INIT;

	(void)state;
	/* as in opam's grammar: `a = b` is complete, so `= c` is a new (prefix relop) item */
	v = value_of(&f, "[\"a\" = \"b\" = \"c\" >= d]");
	assert_int_equal(v->nitems, 3);
	assert_op(v->items[0], ML_OPAM_RELOP, ML_OPAM_OP_EQ);
	assert_op(v->items[1], ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_EQ);
	assert_op(v->items[2], ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_GE);
	ml_opam_print_value(&out, v);
	assert_string_equal(out.buf, "[\"a\" = \"b\" = \"c\" >= d]");
	ml_buf_release(&out);
	ml_opam_file_free(f);
}

static void comments_line_and_nested(void **state)
{
	struct ml_opam_file *f;

	(void)state;
	f = parse_ok("# a comment: with [ brackets\n"
		     "a: 1 # trailing\n"
		     "(* block (* nested *) still \"comment\n"
		     " *) b: [ 2 (* inline *) 3 ]\n"
		     "c: \"# not (* a comment\"");
	assert_int_equal(f->nitems, 3);
	assert_int_equal(ml_opam_field(f, "a")->i, 1);
	assert_int_equal(ml_opam_field(f, "b")->nitems, 2);
	assert_int_equal(f->items[1]->line, 4);
	assert_int_equal(f->items[1]->col, 5);
	assert_str(ml_opam_field(f, "c"), "# not (* a comment");
	ml_opam_file_free(f);
	f = parse_ok("");
	assert_int_equal(f->nitems, 0);
	ml_opam_file_free(f);
	f = parse_ok("# only\n(* comments *)");
	assert_int_equal(f->nitems, 0);
	ml_opam_file_free(f);
}

static void sections_with_and_without_label(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_item *sec;
	const struct ml_opam_value *v;

	(void)state;
	f = parse_ok("opam-version: \"2.0\"\n"
		     "url {\n  src: \"https://x/a.tgz\"\n  checksum: [\"sha256=ab\"]\n}\n"
		     "extra-source \"fix.patch\" {\n  src: \"https://x/fix.patch\"\n}\n"
		     "url { src: \"second\" }\n"
		     "empty {}\n");
	assert_int_equal(f->nitems, 5);
	sec = ml_opam_section(f, "url");
	assert_non_null(sec);
	assert_int_equal(sec->kind, ML_OPAM_SECTION);
	assert_null(sec->label);
	assert_int_equal(sec->nitems, 2);
	assert_int_equal(sec->line, 2);
	assert_int_equal(sec->col, 1);
	assert_str(ml_opam_section_field(sec, "src"), "https://x/a.tgz");
	assert_int_equal(ml_opam_section_field(sec, "checksum")->kind, ML_OPAM_LIST);
	assert_null(ml_opam_section_field(sec, "nope"));
	sec = ml_opam_section(f, "extra-source");
	assert_string_equal(sec->label, "fix.patch");
	v = ml_opam_section_field(sec, "src");
	assert_str(v, "https://x/fix.patch");
	assert_int_equal(v->line, 7);
	assert_int_equal(v->col, 8);
	assert_int_equal(ml_opam_section(f, "empty")->nitems, 0);
	/* fields and sections are looked up separately */
	assert_null(ml_opam_field(f, "url"));
	assert_null(ml_opam_section(f, "opam-version"));
	assert_null(ml_opam_section(f, "missing"));
	assert_null(ml_opam_section_field(NULL, "src"));
	ml_opam_file_free(f);
	/* sections nest */
	f = parse_ok("a { b \"l\" { c: 1 } }");
	sec = ml_opam_section(f, "a");
	assert_int_equal(sec->items[0]->kind, ML_OPAM_SECTION);
	assert_int_equal(ml_opam_section_field(sec->items[0], "c")->i, 1);
	ml_opam_file_free(f);
}

static void lookups_find_first_field(void **state)
{
	struct ml_opam_file *f;

	(void)state;
	f = parse_ok("name: \"first\"\nversion: \"1\"\nname: \"second\"\n");
	assert_str(ml_opam_field(f, "name"), "first");
	assert_str(ml_opam_field(f, "version"), "1");
	assert_null(ml_opam_field(f, "nam"));
	ml_opam_file_free(f);
}

static void positions_of_values_and_items(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v, *d;

	(void)state;
	f = parse_ok("opam-version: \"2.0\"\n"
		     "depends: [\n"
		     "  \"ocaml\" {>= \"4.08\"}\n"
		     "\t\"dune\" {build & !dev}\n"
		     "]\n"
		     "  available: os = \"linux\" | (os = \"macos\")\n");
	assert_int_equal(f->items[1]->line, 2);
	assert_int_equal(f->items[1]->col, 1);
	d = ml_opam_field(f, "depends");
	assert_int_equal(d->line, 2);
	assert_int_equal(d->col, 10);
	v = d->items[0];
	assert_int_equal(v->line, 3); /* an option starts where its value does */
	assert_int_equal(v->col, 3);
	assert_int_equal(v->items[0]->line, 3); /* prefix relop: at the operator */
	assert_int_equal(v->items[0]->col, 12);
	assert_int_equal(v->items[0]->a->col, 15);
	v = d->items[1];
	assert_int_equal(v->line, 4);
	assert_int_equal(v->col, 2);
	assert_int_equal(v->items[0]->col, 10); /* logop: at its left operand */
	assert_int_equal(v->items[0]->b2->col, 18);
	assert_int_equal(v->items[0]->b2->a->col, 19);
	assert_int_equal(f->items[2]->line, 6);
	assert_int_equal(f->items[2]->col, 3);
	v = ml_opam_field(f, "available");
	assert_int_equal(v->col, 14);
	assert_int_equal(v->a->b2->col, 19);
	assert_int_equal(v->b2->col, 29); /* group: at its parenthesis */
	ml_opam_file_free(f);
}

static void error_unterminated_string(void **state)
{
	(void)state;
	check_error("a: 1\nx: \"abc", 2, 4, "unterminated string");
	check_error("x: \"\"\"ab\"\"", 1, 4, "unterminated string");
	check_error("x: \"ab\\", 1, 4, "unterminated string");
}

static void error_unterminated_comment(void **state)
{
	(void)state;
	check_error("x: 1\n  (* (* *)\n", 2, 3, "unterminated comment");
}

static void error_bad_escapes(void **state)
{
	(void)state;
	check_error("x: \"a\\qb\"", 1, 6, "invalid escape sequence '\\q'");
	check_error("x: \"a\n\\400\"", 2, 1, "escape sequence '\\400' is out of range");
	check_error("x: \"\\x4g\"", 1, 5, "invalid escape sequence '\\x'");
	check_error("x: \"\\12\"", 1, 5, "invalid escape sequence '\\1'");
	check_error("x: \"\\\r\n\"", 1, 5, "invalid escape sequence");
	check_error("x: \"\"\"\\z\"\"\"", 1, 7, "invalid escape sequence '\\z'");
}

static void error_unbalanced_brackets(void **state)
{
	(void)state;
	check_error("x: [a b", 1, 8, "unexpected end of file: '[' at 1:4 is not closed");
	check_error("x: (a\n", 2, 1, "unexpected end of file: '(' at 1:4 is not closed");
	check_error("x: a {b", 1, 8, "unexpected end of file: '{' at 1:6 is not closed");
	check_error("url {\n  src: \"a\"\n", 3, 1,
		    "unexpected end of file: '{' at 1:5 is not closed");
	check_error("x: [a )", 1, 7, "mismatched ')': expected ']' to close '[' at 1:4");
	check_error("x: (a ]", 1, 7, "mismatched ']': expected ')' to close '(' at 1:4");
	check_error("x: a {b ]", 1, 9, "mismatched ']': expected '}' to close '{' at 1:6");
	check_error("x: [a] ]", 1, 8, "unexpected ']'");
	check_error("x: a\n}", 2, 1, "unexpected '}'");
	check_error("]", 1, 1, "expected a field or section name, found ']'");
}

static void error_unexpected_end_of_file(void **state)
{
	(void)state;
	check_error("x: !", 1, 5, "unexpected end of file");
	check_error("x: a &", 1, 7, "unexpected end of file");
	check_error("x: >=", 1, 6, "expected a string, identifier, integer or boolean after '>='");
	check_error("x", 1, 2, "unexpected end of file");
	check_error("x \"label\"", 1, 10, "unexpected end of file");
}

static void error_field_without_value(void **state)
{
	(void)state;
	check_error("name: \"a\"\ndepends:", 2, 9, "field 'depends' has no value");
	check_error("url {\n  src:\n}", 3, 1, "field 'src' has no value");
	check_error("x: ]", 1, 4, "unexpected ']'");
}

/* opam reads `~` as a legacy spelling of `>=`: `"c" {~ "1.0"}` means `"c" {>= "1.0"}`. */
static void relop_tilde_is_legacy_ge(void **state)
{
	struct ml_opam_file *f;
	const struct ml_opam_value *v;
	struct ml_buf out = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	v = value_of(&f, "[\"c\" {~ \"1.0\"}]");
	assert_int_equal(v->kind, ML_OPAM_LIST);
	assert_int_equal(v->nitems, 1);
	assert_int_equal(v->items[0]->kind, ML_OPAM_OPTION);
	assert_op(v->items[0]->items[0], ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_GE);
	ml_opam_file_free(f);
	v = value_of(&f, "os~\"linux\"");
	assert_op(v, ML_OPAM_RELOP, ML_OPAM_OP_GE);
	ml_opam_file_free(f);
	/* printed back in today's spelling */
	assert_int_equal(ml_opam_parse(&f, "t", "x: a ~ \"1\"\n", 11, &err), 0);
	ml_opam_print(&out, f);
	assert_string_equal(out.buf, "x: a >= \"1\"\n");
	ml_opam_file_free(f);
	ml_buf_release(&out);
}

static void error_unexpected_character(void **state)
{
	(void)state;
	check_error("x: 1.0", 1, 5, "unexpected character '.'");
	check_error("x: $a", 1, 4, "unexpected character '$'");
	check_error("x: \xff", 1, 4, "unexpected byte 0xff");
	check_error("x: -", 1, 4, "unexpected character '-'");
	check_error("x: a +b", 1, 6, "unexpected character '+'");
	check_error("x: 99999999999999999999", 1, 4, "integer out of range");
	check_error("x: a &&", 1, 7, "unexpected '&'");
	check_error("\"x\": 1", 1, 1, "unexpected string");
	check_error("true: 1", 1, 1, "expected a field or section name, found 'true'");
	check_error("x 1", 1, 3, "expected ':' or '{' after 'x'");
	check_error("x \"l\" 1", 1, 7, "expected '{' after the label of section 'x'");
	check_error("x \"l\\000\" {}", 1, 3, "section label contains a nul byte");
	check_error("x: a \"b\"", 1, 6, "unexpected string");
}

static void error_nul_byte(void **state)
{
	(void)state;
	check_error_len("x: \"a\0b\"", 8, 1, 6, "nul byte in input");
	check_error_len("# comment \0\nx: 1", 16, 1, 11, "nul byte in input");
}

static void error_nesting_too_deep(void **state)
{
	struct ml_buf b = ML_BUF_INIT;
	struct ml_opam_file *f;
	int i;

	(void)state;
	/* 64 nested lists are fine, 65 are not */
	ml_buf_adds(&b, "x: ");
	for (i = 0; i < ML_OPAM_MAX_DEPTH; i++)
		ml_buf_addc(&b, '[');
	ml_buf_addc(&b, 'a');
	for (i = 0; i < ML_OPAM_MAX_DEPTH; i++)
		ml_buf_addc(&b, ']');
	f = parse_ok(b.buf);
	ml_opam_file_free(f);
	ml_buf_reset(&b);
	ml_buf_adds(&b, "x: ");
	for (i = 0; i < 100000; i++)
		ml_buf_addc(&b, '(');
	check_error(b.buf, 1, 4 + ML_OPAM_MAX_DEPTH, "nesting deeper than 64 levels");
	/* operator chains count too: 64 `&` are fine, the 65th is not */
	ml_buf_reset(&b);
	ml_buf_adds(&b, "x: a");
	for (i = 0; i < ML_OPAM_MAX_DEPTH; i++)
		ml_buf_adds(&b, " & a");
	f = parse_ok(b.buf);
	ml_opam_file_free(f);
	ml_buf_adds(&b, " & a");
	check_error(b.buf, 1, 6 + 4 * ML_OPAM_MAX_DEPTH, "nesting deeper than 64 levels");
	/* prefix operators and options */
	ml_buf_reset(&b);
	ml_buf_adds(&b, "x: ");
	for (i = 0; i < ML_OPAM_MAX_DEPTH + 1; i++)
		ml_buf_addc(&b, '!');
	ml_buf_addc(&b, 'a');
	check_error(b.buf, 1, 4 + ML_OPAM_MAX_DEPTH, "nesting deeper than 64 levels");
	ml_buf_reset(&b);
	ml_buf_adds(&b, "x: a");
	for (i = 0; i < ML_OPAM_MAX_DEPTH + 1; i++)
		ml_buf_adds(&b, " {}");
	check_error(b.buf, 1, 6 + 3 * ML_OPAM_MAX_DEPTH, "nesting deeper than 64 levels");
	/* sections */
	ml_buf_reset(&b);
	for (i = 0; i < ML_OPAM_MAX_DEPTH + 1; i++)
		ml_buf_adds(&b, "s{");
	check_error(b.buf, 1, 2 + 2 * ML_OPAM_MAX_DEPTH, "nesting deeper than 64 levels");
	ml_buf_release(&b);
}

static void error_file_too_large(void **state)
{
	size_t len = ML_OPAM_MAX_FILE_SIZE + 1;
	char *big = ml_malloc(len);
	struct ml_opam_file *f = NULL;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	memset(big, ' ', len);
	assert_int_equal(ml_opam_parse(&f, "big.opam", big, len, &err), ML_EPARSE);
	assert_null(f);
	assert_string_equal(err.msg, "file is larger than 4194304 bytes");
	assert_string_equal(err.path, "big.opam");
	ml_error_release(&err);
	/* exactly at the cap is fine */
	assert_int_equal(ml_opam_parse(&f, "big.opam", big, len - 1, &err), 0);
	assert_int_equal(f->nitems, 0);
	ml_opam_file_free(f);
	free(big);
}

static void parse_file_reads_and_reports(void **state)
{
	char dir[] = "/tmp/test-opam.XXXXXX";
	struct ml_opam_file *f = NULL;
	struct ml_error err = ML_ERROR_INIT;
	char *path, *bad;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = ml_path_join(dir, "opam");
	bad = ml_path_join(dir, "bad.opam");
	assert_int_equal(ml_opam_parse_file(&f, path, &err), ML_ENOTFOUND);
	assert_null(f);
	ml_error_release(&err);
	assert_int_equal(ml_fs_write_atomic(path, "name: \"a\"\n", 10, 0644, &err), 0);
	assert_int_equal(ml_opam_parse_file(&f, path, &err), 0);
	assert_string_equal(f->path, path);
	assert_str(ml_opam_field(f, "name"), "a");
	ml_opam_file_free(f);
	assert_int_equal(ml_fs_write_atomic(bad, "a: 1\nb: [\n", 10, 0644, &err), 0);
	assert_int_equal(ml_opam_parse_file(&f, bad, &err), ML_EPARSE);
	assert_string_equal(err.path, bad);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, 1);
	ml_error_release(&err);
	assert_int_equal(ml_fs_remove_tree(dir, &err), 0);
	free(path);
	free(bad);
}

static void is_ident_rule(void **state)
{
	(void)state;
	assert_true(ml_opam_is_ident("foo"));
	assert_true(ml_opam_is_ident("foo-bar_2"));
	assert_true(ml_opam_is_ident("ocaml:version"));
	assert_true(ml_opam_is_ident("_:name"));
	assert_true(ml_opam_is_ident("a+b+_:x"));
	assert_true(ml_opam_is_ident("_"));
	assert_false(ml_opam_is_ident(""));
	assert_false(ml_opam_is_ident("123"));
	assert_false(ml_opam_is_ident("-1"));
	assert_false(ml_opam_is_ident("true"));
	assert_false(ml_opam_is_ident("a b"));
	assert_false(ml_opam_is_ident("a+"));
	assert_false(ml_opam_is_ident("a:"));
	assert_false(ml_opam_is_ident("a:1"));
	assert_false(ml_opam_is_ident("1.0"));
}

/* Prints f, checks the text, parses it back and checks the trees are equal. */
static void check_round_trip(const struct ml_opam_file *f, const char *expect)
{
	struct ml_buf out = ML_BUF_INIT;
	struct ml_opam_file *g = NULL;
	struct ml_error err = ML_ERROR_INIT;

	ml_opam_print(&out, f);
	if (expect)
		assert_string_equal(out.buf, expect);
	if (ml_opam_parse(&g, "printed", out.buf, out.len, &err))
		fail_msg("printed text does not parse: %d:%d: %s\n%s", err.line, err.col, err.msg,
			 out.buf);
	assert_true(ml_opam_file_equal(f, g));
	assert_true(ml_opam_file_equal(g, f));
	ml_opam_file_free(g);
	ml_buf_release(&out);
}

static void print_parsed_layout(void **state)
{
	struct ml_opam_file *f;

	(void)state;
	f = parse_ok("opam-version:\"2.0\" (* c *) name : \"a\"\n"
		     "depends: [ \"ocaml\" {>= \"4.08\" & (< \"5.0\" | dev)} \"dune\" ]\n"
		     "tags: [\"one\"] flags: [] build: [[\"dune\" \"build\" \"-p\" name] {!dev}]\n"
		     "url { src: \"u\" checksum: [\"a\" \"b\"] }\n"
		     "extra-source \"p\" { src: \"v\" }\n"
		     "available: !(os = \"win32\" | ?x) & arch != \"x86_32\"\n"
		     "setenv: [[PATH += \"%{lib}%\"]] n: -1 b: true\n");
	check_round_trip(f, "opam-version: \"2.0\"\n"
			    "name: \"a\"\n"
			    "depends: [\n"
			    "  \"ocaml\" {>= \"4.08\" & (< \"5.0\" | dev)}\n"
			    "  \"dune\"\n"
			    "]\n"
			    "tags: [\"one\"]\n"
			    "flags: []\n"
			    "build: [[\"dune\" \"build\" \"-p\" name] {!dev}]\n"
			    "url {\n"
			    "  src: \"u\"\n"
			    "  checksum: [\n"
			    "    \"a\"\n"
			    "    \"b\"\n"
			    "  ]\n"
			    "}\n"
			    "extra-source \"p\" {\n"
			    "  src: \"v\"\n"
			    "}\n"
			    "available: !(os = \"win32\" | ?x) & arch != \"x86_32\"\n"
			    "setenv: [[PATH += \"%{lib}%\"]]\n"
			    "n: -1\n"
			    "b: true\n");
	ml_opam_file_free(f);
}

static void print_strings_escaped(void **state)
{
	struct ml_opam_file *f = ml_opam_file_new("built");
	struct ml_buf out = ML_BUF_INIT;
	static const char raw[] = "q\"b\\n\nt\tr\rb\bz\0e\x01\x7f\xc3\xa9";

	(void)state;
	ml_opam_add_field(f, "s", ml_opam_new_stringn(f, raw, sizeof(raw) - 1));
	ml_opam_add_field(f, "empty", ml_opam_new_string(f, ""));
	ml_opam_add_field(f, "label", ml_opam_new_string(f, "x"));
	check_round_trip(f, "s: \"q\\\"b\\\\n\\nt\\tr\\rb\\bz\\x00e\\x01\\x7f\xc3\xa9\"\n"
			    "empty: \"\"\n"
			    "label: \"x\"\n");
	ml_opam_print_value(&out, ml_opam_field(f, "label"));
	assert_string_equal(out.buf, "\"x\"");
	ml_buf_release(&out);
	ml_opam_file_free(f);
}

/* A copy into another file's arena is equal, and outlives the file it was copied from. */
static void value_copy_is_deep(void **state)
{
	static const char text[] =
	    "depexts: [[\"libgmp-dev\" \"m\\000\"] {os-family = \"debian\" & !(arch < \"2\")}]\n"
	    "x: [ a += \"b\" (c) ?d >= \"1\" 12 true \"\"\"t\"\"\" ]\n";
	struct ml_opam_file *f = NULL, *g = ml_opam_file_new("copy");
	struct ml_buf a = ML_BUF_INIT, b = ML_BUF_INIT;
	struct ml_error err = ML_ERROR_INIT;

	(void)state;
	assert_int_equal(ml_opam_parse(&f, "t", text, strlen(text), &err), 0);
	for (size_t i = 0; i < f->nitems; i++)
		ml_opam_add_field(g, f->items[i]->name, ml_opam_value_copy(g, f->items[i]->value));
	ml_opam_print(&a, f);
	assert_true(ml_opam_file_equal(f, g));
	ml_opam_file_free(f);
	ml_opam_print(&b, g);
	assert_string_equal(a.buf, b.buf);
	ml_opam_file_free(g);
	ml_buf_release(&a);
	ml_buf_release(&b);
}

/* A filter list as text: parsed alone, printed back the same; anything more is refused. */
static void parse_filter_text(void **state)
{
	static const char *const bad[] = { "os} \"\" {os", "os}] y: [\"\" {os", "a (* b", "(",
					   "}" };
	const struct ml_opam_value *opt = NULL;
	struct ml_opam_file *f = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf b = ML_BUF_INIT;

	(void)state;
	assert_int_equal(ml_opam_parse_filter(
			     &f, &opt, "os-family=\"debian\" # why\n \"a\" >= \"1\"", "w", &err),
			 0);
	assert_int_equal(opt->nitems, 2);
	ml_opam_print_filter(&b, opt->items, opt->nitems);
	assert_string_equal(b.buf, "os-family = \"debian\" \"a\" >= \"1\"");
	ml_opam_file_free(f);
	assert_int_equal(ml_opam_parse_filter(&f, &opt, b.buf, "w", &err), 0);
	assert_int_equal(opt->nitems, 2);
	ml_opam_file_free(f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = NULL;
		assert_int_equal(ml_opam_parse_filter(&f, &opt, bad[i], "w", &err), ML_EPARSE);
		assert_null(f);
		assert_string_equal(err.path, "w");
		ml_error_release(&err);
	}
	ml_buf_release(&b);
}

static void print_built_trees_round_trip(void **state)
{
	struct ml_opam_file *f = ml_opam_file_new("built");
	struct ml_opam_value *dep, *opt, *l, *and_or, *nested;
	int i;

	(void)state;
	ml_opam_add_field(f, "opam-version", ml_opam_new_string(f, "2.0"));
	ml_opam_add_field(f, "n", ml_opam_new_int(f, -42));
	ml_opam_add_field(f, "b", ml_opam_new_bool(f, false));
	ml_opam_add_field(f, "v", ml_opam_new_ident(f, "ocaml:version"));
	l = ml_opam_new_list(f, ML_OPAM_LIST);
	for (i = 0; i < 3; i++) {
		char name[16];

		snprintf(name, sizeof(name), "pkg%d", i);
		dep = ml_opam_new_string(f, name);
		opt = ml_opam_new_option(f, dep);
		ml_opam_append(f, opt,
			       ml_opam_new_op(f, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_EQ,
					      ml_opam_new_string(f, "1.0"), NULL));
		ml_opam_append(f, opt, ml_opam_new_ident(f, "vendor"));
		ml_opam_append(f, l, opt);
	}
	ml_opam_add_field(f, "depends", l);
	/* an OR under an AND needs parentheses on either side */
	and_or =
	    ml_opam_new_op(f, ML_OPAM_LOGOP, ML_OPAM_OP_AND,
			   ml_opam_new_op(f, ML_OPAM_LOGOP, ML_OPAM_OP_OR,
					  ml_opam_new_ident(f, "a"), ml_opam_new_ident(f, "b")),
			   ml_opam_new_op(f, ML_OPAM_LOGOP, ML_OPAM_OP_OR,
					  ml_opam_new_ident(f, "c"), ml_opam_new_ident(f, "d")));
	ml_opam_add_field(f, "f1", and_or);
	/* a right operand of the same operator, a negated conjunction, filtered operators */
	nested =
	    ml_opam_new_op(f, ML_OPAM_LOGOP, ML_OPAM_OP_AND, ml_opam_new_ident(f, "a"),
			   ml_opam_new_op(f, ML_OPAM_LOGOP, ML_OPAM_OP_AND,
					  ml_opam_new_ident(f, "b"), ml_opam_new_ident(f, "c")));
	ml_opam_add_field(f, "f2", nested);
	ml_opam_add_field(f, "f3", ml_opam_new_op(f, ML_OPAM_PFXOP, ML_OPAM_OP_NOT, nested, NULL));
	opt = ml_opam_new_option(f, ml_opam_new_op(f, ML_OPAM_PFXOP, ML_OPAM_OP_DEFINED,
						   ml_opam_new_ident(f, "x"), NULL));
	ml_opam_append(f, opt, ml_opam_new_bool(f, true));
	ml_opam_add_field(f, "f4", opt);
	opt = ml_opam_new_option(f, and_or);
	ml_opam_add_field(f, "f5", opt);
	/* `! = "1"` must not print as `!= "1"` */
	ml_opam_add_field(f, "f6",
			  ml_opam_new_op(f, ML_OPAM_PFXOP, ML_OPAM_OP_NOT,
					 ml_opam_new_op(f, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_EQ,
							ml_opam_new_string(f, "1"), NULL),
					 NULL));
	/* a prefix relop right after an atom in a list would join it */
	l = ml_opam_new_list(f, ML_OPAM_GROUP);
	ml_opam_append(f, l, ml_opam_new_ident(f, "a"));
	ml_opam_append(f, l,
		       ml_opam_new_op(f, ML_OPAM_PREFIX_RELOP, ML_OPAM_OP_GE,
				      ml_opam_new_string(f, "1"), NULL));
	ml_opam_add_field(f, "f7", l);
	l = ml_opam_new_list(f, ML_OPAM_LIST);
	ml_opam_append(f, l,
		       ml_opam_new_op(f, ML_OPAM_ENVOP, ML_OPAM_OP_ADD_REPLACE,
				      ml_opam_new_ident(f, "PATH"), ml_opam_new_string(f, "p")));
	ml_opam_add_field(f, "f8", l);
	check_round_trip(f, "opam-version: \"2.0\"\n"
			    "n: -42\n"
			    "b: false\n"
			    "v: ocaml:version\n"
			    "depends: [\n"
			    "  \"pkg0\" {= \"1.0\" vendor}\n"
			    "  \"pkg1\" {= \"1.0\" vendor}\n"
			    "  \"pkg2\" {= \"1.0\" vendor}\n"
			    "]\n"
			    "f1: (a | b) & (c | d)\n"
			    "f2: a & (b & c)\n"
			    "f3: !(a & (b & c))\n"
			    "f4: (?x) {true}\n"
			    "f5: ((a | b) & (c | d)) {}\n"
			    "f6: ! = \"1\"\n"
			    "f7: (a (>= \"1\"))\n"
			    "f8: [PATH =+= \"p\"]\n");
	ml_opam_file_free(f);
}

static void append_grows_in_order(void **state)
{
	struct ml_opam_file *f = ml_opam_file_new(NULL), *g;
	struct ml_opam_value *l = ml_opam_new_list(f, ML_OPAM_LIST);
	struct ml_buf out = ML_BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		ml_opam_append(f, l, ml_opam_new_int(f, i));
	for (i = 0; i < 40; i++)
		ml_opam_add_field(f, "x", ml_opam_new_int(f, i));
	assert_int_equal(l->nitems, 1000);
	for (i = 0; i < 1000; i++)
		assert_int_equal(l->items[i]->i, i);
	assert_int_equal(f->nitems, 40);
	assert_int_equal(f->items[39]->value->i, 39);
	/* appending to a parsed list works too */
	g = parse_ok("x: [1 2 3]");
	l = (struct ml_opam_value *)ml_opam_field(g, "x");
	for (i = 4; i <= 9; i++)
		ml_opam_append(g, l, ml_opam_new_int(g, i));
	ml_opam_print_value(&out, l);
	assert_string_equal(out.buf, "[1 2 3 4 5 6 7 8 9]");
	ml_buf_release(&out);
	ml_opam_file_free(g);
	ml_opam_file_free(f);
	ml_opam_file_free(NULL);
}

static void equality_structural(void **state)
{
	struct ml_opam_file *a, *b;

	(void)state;
	a = parse_ok("x: a & (b)\ny: \"s\"");
	b = parse_ok("x:\n  a &\n b # same tree, other positions\ny: \"s\"");
	assert_true(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: a | b\ny: \"s\"");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: a & (b c)\ny: \"s\"");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: a & b\ny: s");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: a & b");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	ml_opam_file_free(a);
	a = parse_ok("x: \"a\\000b\" s \"l\" {}");
	b = parse_ok("x: \"a\\000c\" s \"l\" {}");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: \"a\\000b\" s \"m\" {}");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: \"a\\000b\" s {}");
	assert_false(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	b = parse_ok("x: \"a\\x00b\" s \"l\" {}");
	assert_true(ml_opam_file_equal(a, b));
	ml_opam_file_free(b);
	ml_opam_file_free(a);
	a = parse_ok("x: [a {b}] y: 1 z: >= 1 w: ?a");
	b = parse_ok("x: [a {c}] y: 2 z: > 1 w: !a");
	assert_false(ml_opam_value_equal(ml_opam_field(a, "x"), ml_opam_field(b, "x")));
	assert_false(ml_opam_value_equal(ml_opam_field(a, "y"), ml_opam_field(b, "y")));
	assert_false(ml_opam_value_equal(ml_opam_field(a, "z"), ml_opam_field(b, "z")));
	assert_false(ml_opam_value_equal(ml_opam_field(a, "w"), ml_opam_field(b, "w")));
	assert_true(ml_opam_value_equal(ml_opam_field(a, "w"), ml_opam_field(a, "w")));
	ml_opam_file_free(b);
	ml_opam_file_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(atoms_bool_int),
		cmocka_unit_test(value_copy_is_deep),
		cmocka_unit_test(parse_filter_text),
		cmocka_unit_test(atoms_idents),
		cmocka_unit_test(atoms_longest_match_splits),
		cmocka_unit_test(strings_plain_and_escapes),
		cmocka_unit_test(strings_must_be_utf8),
		cmocka_unit_test(strings_triple_quoted),
		cmocka_unit_test(lists_and_groups),
		cmocka_unit_test(options_with_filters),
		cmocka_unit_test(relops_each),
		cmocka_unit_test(relop_tilde_is_legacy_ge),
		cmocka_unit_test(envops_each),
		cmocka_unit_test(logops_and_pfxops),
		cmocka_unit_test(precedence_or_below_and),
		cmocka_unit_test(precedence_option_binds_tighter),
		cmocka_unit_test(relops_between_atoms_only),
		cmocka_unit_test(relop_after_relop_in_list_starts_a_value),
		cmocka_unit_test(comments_line_and_nested),
		cmocka_unit_test(sections_with_and_without_label),
		cmocka_unit_test(lookups_find_first_field),
		cmocka_unit_test(positions_of_values_and_items),
		cmocka_unit_test(error_unterminated_string),
		cmocka_unit_test(error_unterminated_comment),
		cmocka_unit_test(error_bad_escapes),
		cmocka_unit_test(error_unbalanced_brackets),
		cmocka_unit_test(error_unexpected_end_of_file),
		cmocka_unit_test(error_field_without_value),
		cmocka_unit_test(error_unexpected_character),
		cmocka_unit_test(error_nul_byte),
		cmocka_unit_test(error_nesting_too_deep),
		cmocka_unit_test(error_file_too_large),
		cmocka_unit_test(parse_file_reads_and_reports),
		cmocka_unit_test(is_ident_rule),
		cmocka_unit_test(print_parsed_layout),
		cmocka_unit_test(print_strings_escaped),
		cmocka_unit_test(print_built_trees_round_trip),
		cmocka_unit_test(append_grows_in_order),
		cmocka_unit_test(equality_structural),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
