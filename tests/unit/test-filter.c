/* Unit tests for lib/filter: variables, filters and filtered package formulas (opam semantics). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ml.h"

/* ---- fixtures ---- */

struct warnings {
	int n;
	struct ml_buf text; /* "line:col: msg\n" per warning */
};

static void record_warning(void *ctx, const struct ml_opam_value *where, const char *msg)
{
	struct warnings *w = ctx;

	w->n++;
	ml_buf_addf(&w->text, "%d:%d: %s\n", where ? where->line : 0, where ? where->col : 0, msg);
}

struct fx {
	struct ml_vars *vars;
	struct ml_filter_env env;
	struct warnings warns;
	struct ml_opam_file *file;
	struct ml_error err;
	struct ml_buf out;
};

static int fx_setup(void **state)
{
	struct fx *fx = ml_calloc(1, sizeof(*fx));

	fx->vars = ml_vars_new();
	ml_vars_set(fx->vars, "os", "linux");
	ml_vars_set(fx->vars, "arch", "x86_64");
	ml_vars_set(fx->vars, "os-family", "debian");
	ml_vars_set(fx->vars, "os-distribution", "debian");
	ml_vars_set(fx->vars, "os-version", "12");
	ml_vars_set(fx->vars, "with-test", "false");
	ml_vars_set(fx->vars, "with-doc", "false");
	ml_vars_set(fx->vars, "with-dev-setup", "false");
	ml_vars_set(fx->vars, "dev", "false");
	ml_vars_set(fx->vars, "build", "true");
	ml_vars_set(fx->vars, "post", "true");
	ml_vars_set(fx->vars, "opam-version", "2.1.0");
	fx->env.vars = fx->vars;
	fx->env.self_name = "self";
	fx->env.self_version = "1.2.3";
	fx->env.warn = record_warning;
	fx->env.warn_ctx = &fx->warns;
	ml_buf_init(&fx->warns.text);
	ml_buf_init(&fx->out);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;

	ml_vars_free(fx->vars);
	ml_opam_file_free(fx->file);
	ml_error_release(&fx->err);
	ml_buf_release(&fx->warns.text);
	ml_buf_release(&fx->out);
	free(fx);
	return 0;
}

/* Parses `text` (a whole opam file) and returns field `name`. */
static const struct ml_opam_value *parse_field(struct fx *fx, const char *text, const char *name)
{
	struct ml_error err = ML_ERROR_INIT;
	int ret;

	ml_opam_file_free(fx->file);
	fx->file = NULL;
	ret = ml_opam_parse(&fx->file, "t.opam", text, strlen(text), &err);
	if (ret != 0)
		fail_msg("parse failed: %d:%d: %s", err.line, err.col, err.msg ? err.msg : "?");
	ml_error_release(&err);
	return ml_opam_field(fx->file, name);
}

/* Parses `f: EXPR` and returns the expression. */
static const struct ml_opam_value *expr(struct fx *fx, const char *e)
{
	struct ml_buf b = ML_BUF_INIT;
	const struct ml_opam_value *v;

	ml_buf_addf(&b, "f: %s\n", e);
	v = parse_field(fx, b.buf, "f");
	ml_buf_release(&b);
	assert_non_null(v);
	return v;
}

static struct ml_fval eval(struct fx *fx, const char *e)
{
	struct ml_fval v;

	ml_filter_eval(&v, expr(fx, e), &fx->env);
	return v;
}

static void assert_bool(struct fx *fx, const char *e, bool want)
{
	struct ml_fval v = eval(fx, e);

	if (v.kind != ML_FVAL_BOOL || v.b != want)
		fail_msg("%s: got kind %d b %d, want bool %d", e, v.kind, v.b, want);
}

static void assert_undef(struct fx *fx, const char *e)
{
	struct ml_fval v = eval(fx, e);

	if (v.kind != ML_FVAL_UNDEF)
		fail_msg("%s: got kind %d, want undefined", e, v.kind);
}

static void assert_str(struct fx *fx, const char *e, const char *want)
{
	struct ml_fval v = eval(fx, e);

	if (v.kind != ML_FVAL_STRING || strcmp(v.s, want) != 0)
		fail_msg("%s: got kind %d '%s', want '%s'", e, v.kind, v.s ? v.s : "", want);
}

/* Evaluates field `name` of `text` as a formula and returns its printed form. */
static const char *formula(struct fx *fx, const char *text, const char *name,
			   enum ml_formula_list list)
{
	struct ml_formula *f = NULL;
	int ret;

	ret = ml_formula_eval(&f, parse_field(fx, text, name), list, &fx->env, "t.opam", &fx->err);
	if (ret != 0)
		fail_msg("formula failed: %d:%d: %s", fx->err.line, fx->err.col, fx->err.msg);
	ml_buf_reset(&fx->out);
	if (!f)
		ml_buf_adds(&fx->out, "<none>");
	ml_formula_print(&fx->out, f);
	ml_formula_free(f);
	return fx->out.buf;
}

static const char *depends(struct fx *fx, const char *items)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_buf_addf(&b, "depends: [ %s ]\n", items);
	formula(fx, b.buf, "depends", ML_LIST_AND);
	ml_buf_release(&b);
	return fx->out.buf;
}

static const char *depopts(struct fx *fx, const char *items)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_buf_addf(&b, "depopts: [ %s ]\n", items);
	formula(fx, b.buf, "depopts", ML_LIST_OR);
	ml_buf_release(&b);
	return fx->out.buf;
}

/* The formula must be rejected with ML_EPARSE at line:col. */
static void assert_bad_depends(struct fx *fx, const char *text, int line, int col)
{
	struct ml_formula *f = NULL;
	int ret;

	ret = ml_formula_eval(&f, parse_field(fx, text, "depends"), ML_LIST_AND, &fx->env,
			      "pkg/opam", &fx->err);
	if (ret != ML_EPARSE)
		fail_msg("%s: got %d, want ML_EPARSE", text, ret);
	assert_null(f);
	assert_string_equal(fx->err.path, "pkg/opam");
	if (fx->err.line != line || fx->err.col != col)
		fail_msg("%s: error at %d:%d (%s), want %d:%d", text, fx->err.line, fx->err.col,
			 fx->err.msg, line, col);
}

/* ---- variables ---- */

static void vars_set_get_replace(void **state)
{
	struct ml_vars *vars = ml_vars_new();
	const char *const *names;

	(void)state;
	ml_vars_set(vars, "os", "linux");
	ml_vars_set(vars, "arch", "x86_64");
	ml_vars_set(vars, "with-test", "false");
	ml_vars_set(vars, "os", "macos");
	assert_string_equal(ml_vars_get(vars, "os"), "macos");
	assert_null(ml_vars_get(vars, "nope"));
	assert_int_equal(ml_vars_names(vars, &names), 3);
	assert_string_equal(names[0], "arch");
	assert_string_equal(names[1], "os");
	assert_string_equal(names[2], "with-test");
	ml_vars_free(vars);
	ml_vars_free(NULL);
}

/* The first word of `KEY=` in /etc/os-release, unquoted, or NULL. */
static char *os_release(const char *key)
{
	FILE *fp = fopen("/etc/os-release", "r");
	char line[512];
	size_t klen = strlen(key);
	char *r = NULL;

	if (!fp)
		return NULL;
	while (!r && fgets(line, sizeof(line), fp)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
			char *v = line + klen + 1;

			v += strspn(v, "\"'");
			v[strcspn(v, "\"' \n")] = '\0';
			r = ml_strdup(v);
		}
	}
	fclose(fp);
	return r;
}

static void vars_defaults_from_host(void **state)
{
	struct ml_vars *vars = ml_vars_new();
	const char *arch;
	char *id, *like, *ver;

	(void)state;
	ml_vars_set(vars, "with-test", "true"); /* existing entries win */
	ml_vars_set_defaults(vars);
	assert_string_equal(ml_vars_get(vars, "with-test"), "true");
	assert_string_equal(ml_vars_get(vars, "with-doc"), "false");
	assert_string_equal(ml_vars_get(vars, "with-dev-setup"), "false");
	assert_string_equal(ml_vars_get(vars, "dev"), "false");
	assert_string_equal(ml_vars_get(vars, "build"), "true");
	assert_string_equal(ml_vars_get(vars, "post"), "true");
	assert_string_equal(ml_vars_get(vars, "opam-version"), "2.2.0");
#ifdef __linux__
	assert_string_equal(ml_vars_get(vars, "os"), "linux");
#endif
	arch = ml_vars_get(vars, "arch");
	assert_non_null(arch);
#if defined(__x86_64__)
	assert_string_equal(arch, "x86_64");
#elif defined(__aarch64__)
	assert_string_equal(arch, "arm64");
#endif
	id = os_release("ID");
	like = os_release("ID_LIKE");
	ver = os_release("VERSION_ID");
	if (id) {
		assert_string_equal(ml_vars_get(vars, "os-distribution"), id);
		assert_string_equal(ml_vars_get(vars, "os-family"), like ? like : id);
	}
	if (ver)
		assert_string_equal(ml_vars_get(vars, "os-version"), ver);
	free(id);
	free(like);
	free(ver);
	ml_vars_free(vars);
}

static void vars_defaults_keep_overrides(void **state)
{
	struct ml_vars *vars = ml_vars_new();

	(void)state;
	ml_vars_set(vars, "os", "win32");
	ml_vars_set(vars, "os-family", "windows");
	ml_vars_set_defaults(vars);
	assert_string_equal(ml_vars_get(vars, "os"), "win32");
	assert_string_equal(ml_vars_get(vars, "os-family"), "windows");
	ml_vars_free(vars);
}

/* ---- filters ---- */

static void filter_literals_and_variables(void **state)
{
	struct fx *fx = *state;

	assert_bool(fx, "true", true);
	assert_bool(fx, "false", false);
	assert_str(fx, "\"abc\"", "abc");
	assert_str(fx, "os", "linux");
	assert_bool(fx, "with-test", false); /* "true"/"false" values are bools */
	assert_bool(fx, "build", true);
	assert_str(fx, "42", "42");
	assert_int_equal(fx->warns.n, 0);
}

static void filter_and_or(void **state)
{
	struct fx *fx = *state;

	assert_bool(fx, "build & post", true);
	assert_bool(fx, "build & with-test", false);
	assert_bool(fx, "with-test | build", true);
	assert_bool(fx, "with-test | with-doc", false);
	/* & binds tighter than | */
	assert_bool(fx, "build | with-test & with-doc", true);
	assert_bool(fx, "(build | with-test) & with-doc", false);
}

static void filter_parentheses_and_not(void **state)
{
	struct fx *fx = *state;

	assert_bool(fx, "!with-test", true);
	assert_bool(fx, "!(build & post)", false);
	assert_bool(fx, "!(with-test | with-doc) & build", true);
	assert_bool(fx, "!!build", true);
	assert_undef(fx, "!os"); /* not a bool */
}

static void filter_defined(void **state)
{
	struct fx *fx = *state;

	assert_bool(fx, "?os", true);
	assert_bool(fx, "?nosuchvar", false);
	assert_bool(fx, "!?nosuchvar", true);
	assert_bool(fx, "?nosuchvar | build", true);
	assert_int_equal(fx->warns.n, 0); /* asking is not a problem */
}

static void filter_relops_use_version_order(void **state)
{
	struct fx *fx = *state;

	assert_bool(fx, "os = \"linux\"", true);
	assert_bool(fx, "os != \"win32\"", true);
	assert_bool(fx, "os = \"macos\"", false);
	assert_bool(fx, "\"1.10\" > \"1.9\"", true); /* strcmp would say < */
	assert_bool(fx, "opam-version >= \"2.0\"", true);
	assert_bool(fx, "opam-version < \"2.1.0~rc1\"", false);
	assert_bool(fx, "os-version >= \"9\"", true);
	assert_bool(fx, "\"1.\" = \"1.0\"", true);
	assert_bool(fx, "arch = \"x86_64\" & os-family = \"debian\"", true);
	assert_bool(fx, "os = \"linux\" | os = \"macos\"", true);
	assert_bool(fx, "os-distribution = \"cygwin\" | os-distribution = \"msys2\"", false);
	assert_bool(fx, "build = true", true); /* a bool compares as "true" */
}

static void filter_undefined_variables(void **state)
{
	struct fx *fx = *state;

	assert_undef(fx, "nosuchvar");
	assert_int_equal(fx->warns.n, 1);
	assert_string_equal(fx->warns.text.buf, "1:4: undefined variable 'nosuchvar'\n");
	/* opam's absorbing rules: undef & false = false, undef | true = true, else undef */
	assert_bool(fx, "nosuchvar & false", false);
	assert_bool(fx, "with-test & nosuchvar", false);
	assert_bool(fx, "nosuchvar | true", true);
	assert_bool(fx, "build | nosuchvar", true);
	assert_undef(fx, "nosuchvar & true");
	assert_undef(fx, "nosuchvar | false");
	assert_undef(fx, "!nosuchvar");
	assert_undef(fx, "nosuchvar = \"x\"");
	assert_undef(fx, "os = nosuchvar");
	/* a string "false" is not the bool false: no absorption (logop2) */
	assert_undef(fx, "\"false\" & nosuchvar");
	assert_int_equal(fx->warns.n, 11);
}

static void filter_eval_bool_defaults(void **state)
{
	struct fx *fx = *state;

	assert_true(ml_filter_eval_bool(expr(fx, "build"), &fx->env, false));
	assert_false(ml_filter_eval_bool(expr(fx, "nosuchvar"), &fx->env, false));
	assert_true(ml_filter_eval_bool(expr(fx, "nosuchvar"), &fx->env, true));
	assert_false(ml_filter_eval_bool(expr(fx, "os"), &fx->env, false)); /* not a bool */
	assert_true(ml_filter_eval_bool(expr(fx, "\"true\""), &fx->env, false));
}

static void filter_package_variables(void **state)
{
	struct fx *fx = *state;

	assert_str(fx, "name", "self");
	assert_str(fx, "version", "1.2.3");
	assert_str(fx, "_:name", "self");
	assert_str(fx, "_:version", "1.2.3");
	assert_str(fx, "self:version", "1.2.3");
	assert_bool(fx, "version >= \"1.2\"", true);
	assert_int_equal(fx->warns.n, 0);
	assert_undef(fx, "other:version");
	assert_undef(fx, "_:installed");
	assert_undef(fx, "a+b:installed");
	assert_int_equal(fx->warns.n, 3);
	/* pkg:enable is pkg:installed?enable:disable */
	assert_str(fx, "\"%{other:enable}%\"", "disable");
}

static void filter_string_interpolation(void **state)
{
	struct fx *fx = *state;

	assert_str(fx, "\"%{os}%-%{arch}%\"", "linux-x86_64");
	assert_str(fx, "\"v%{version}%\"", "v1.2.3");
	assert_str(fx, "\"100%%\"", "100%");
	assert_str(fx, "\"%{with-test?yes:no}%\"", "no");
	assert_str(fx, "\"%{build?yes:no}%\"", "yes");
	assert_str(fx, "\"%{os\"", "%{os"); /* unclosed: kept as written */
	assert_bool(fx, "\"%{os}%\" = \"linux\"", true);
	assert_bool(fx, "\"%{os-version}%.\" = \"12.0\"", true);
	assert_int_equal(fx->warns.n, 0);
	/* opam expands an undefined variable to "" (OpamFilter.reduce), with our warning */
	assert_str(fx, "\"a%{nosuchvar}%b\"", "ab");
	assert_int_equal(fx->warns.n, 1);
	assert_str(fx, "\"%{nosuchvar?y:n}%\"", "n");
	assert_int_equal(fx->warns.n, 1);
}

static void filter_interpolation_without_vars_is_undefined(void **state)
{
	struct ml_opam_file *f = NULL;
	struct ml_filter_env env = { 0 };
	struct ml_fval v;
	const char *text = "f: \"%{os}%\"\ng: \"plain\"\n";

	(void)state;
	assert_int_equal(ml_opam_parse(&f, "t", text, strlen(text), NULL), 0);
	ml_filter_eval(&v, ml_opam_field(f, "f"), &env);
	assert_int_equal(v.kind, ML_FVAL_UNDEF);
	ml_filter_eval(&v, ml_opam_field(f, "g"), &env);
	assert_int_equal(v.kind, ML_FVAL_STRING);
	assert_string_equal(v.s, "plain");
	ml_opam_file_free(f);
}

/* ---- formulas ---- */

static void formula_plain_lists(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(depends(fx, "\"a\" \"b\" \"c\""), "a & b & c");
	assert_string_equal(depopts(fx, "\"a\" \"b\" \"c\""), "a | b | c");
	assert_string_equal(depends(fx, ""), "<none>");
	assert_string_equal(depends(fx, "\"a\" {}"), "a");
	/* absent field */
	struct ml_formula *f = (struct ml_formula *)1;

	assert_int_equal(ml_formula_eval(&f, NULL, ML_LIST_AND, &fx->env, "t", &fx->err), 0);
	assert_null(f);
}

static void formula_and_or_groups(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(depends(fx, "\"a\" | \"b\" \"c\""), "(a | b) & c");
	assert_string_equal(depends(fx, "\"a\" & \"b\" | \"c\""), "a & b | c");
	assert_string_equal(depends(fx, "\"a\" & (\"b\" | \"c\")"), "a & (b | c)");
	/* a group's items join like the top level: & in depends, | in depopts */
	assert_string_equal(depends(fx, "(\"a\" \"b\") | \"c\""), "a & b | c");
	assert_string_equal(depopts(fx, "(\"a\" \"b\") \"c\""), "a | b | c");
	assert_string_equal(depopts(fx, "\"x\" & (\"a\" \"b\")"), "x & (a | b)");
}

static void formula_version_constraints(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(depends(fx, "\"a\" {>= \"1.0\"}"), "a >= 1.0");
	assert_string_equal(depends(fx, "\"a\" {>= \"1.0\" & < \"2.0\"}"), "a (>= 1.0 & < 2.0)");
	assert_string_equal(depends(fx, "\"a\" {< \"1.0\" | > \"2.0\"} \"b\" {!= \"2\"}"),
			    "a (< 1.0 | > 2.0) & b != 2");
	assert_string_equal(depends(fx, "\"a\" {(< \"1\" | > \"2\") & != \"5\"}"),
			    "a ((< 1 | > 2) & != 5)");
	/* several items in { } are a conjunction */
	assert_string_equal(depends(fx, "\"a\" {>= \"1\" < \"2\"}"), "a (>= 1 & < 2)");
	/* variables in versions are expanded */
	assert_string_equal(depends(fx, "\"a\" {= version}"), "a = 1.2.3");
	assert_string_equal(depends(fx, "\"a\" {= _:version}"), "a = 1.2.3");
	assert_string_equal(depends(fx, "\"a\" {>= \"%{version}%~\"}"), "a >= 1.2.3~");
	assert_int_equal(fx->warns.n, 0);
}

static void formula_constraints_with_variables(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(depends(fx, "\"a\" {>= \"1.0\" & with-test} \"b\""), "b");
	ml_vars_set(fx->vars, "with-test", "true");
	assert_string_equal(depends(fx, "\"a\" {>= \"1.0\" & with-test} \"b\""), "a >= 1.0 & b");
	assert_string_equal(depends(fx, "\"a\" {with-test & >= \"1.0\" & < \"2\"}"),
			    "a (>= 1.0 & < 2)");
	/* a filter that is true leaves the package with any version */
	assert_string_equal(depends(fx, "\"a\" {with-test}"), "a");
	/* `filter | constraint`: true absorbs the constraint */
	assert_string_equal(depends(fx, "\"a\" {with-test | >= \"1.0\"}"), "a");
	ml_vars_set(fx->vars, "with-test", "false");
	/* false is neutral in a disjunction */
	assert_string_equal(depends(fx, "\"a\" {with-test | >= \"1.0\"}"), "a >= 1.0");
	assert_string_equal(depends(fx, "\"a\" {build}"), "a");
	assert_string_equal(depends(fx, "\"a\" {post & build}"), "a");
}

static void formula_dropped_atoms_vanish(void **state)
{
	struct fx *fx = *state;

	/* An atom whose filter is false disappears from & and from | alike (make_and/make_or),
	 * it is neither true nor false. */
	assert_string_equal(depends(fx, "\"a\" {with-test} | \"b\""), "b");
	assert_string_equal(depends(fx, "\"a\" {with-test} & \"b\""), "b");
	assert_string_equal(depopts(fx, "\"a\" {with-test} \"b\""), "b");
	assert_string_equal(depends(fx, "(\"a\" {with-test} | \"b\" {with-doc}) \"c\""), "c");
	assert_string_equal(depends(fx, "\"a\" {with-test} | \"b\" {with-doc}"), "<none>");
	assert_string_equal(depends(fx, "\"x\" & (\"a\" {with-test} | \"b\") | \"c\""),
			    "x & b | c");
}

static void formula_os_filters(void **state)
{
	struct fx *fx = *state;
	const char *items = "\"a\" {os = \"linux\"} \"b\" {os != \"win32\"} "
			    "\"c\" {os = \"macos\" | os-family = \"debian\"}";

	assert_string_equal(depends(fx, items), "a & b & c");
	ml_vars_set(fx->vars, "os", "macos");
	ml_vars_set(fx->vars, "os-family", "homebrew");
	assert_string_equal(depends(fx, items), "b & c");
	ml_vars_set(fx->vars, "os", "win32");
	ml_vars_set(fx->vars, "os-family", "windows");
	assert_string_equal(depends(fx, items), "<none>");
}

static void formula_negation(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(depends(fx, "\"a\" {!with-test}"), "a");
	assert_string_equal(depends(fx, "\"a\" {!build}"), "<none>");
	/* ! flips relops and swaps & with | (OpamFormula.neg) */
	assert_string_equal(depends(fx, "\"a\" {!(>= \"1.0\" & < \"2.0\")}"), "a (< 1.0 | >= 2.0)");
	assert_string_equal(depends(fx, "\"a\" {!(= \"1\" | != \"2\")}"), "a (!= 1 & = 2)");
	assert_string_equal(depends(fx, "\"a\" {!(with-test & >= \"1\")}"), "a");
	assert_string_equal(depends(fx, "\"a\" {!(build & >= \"1\")}"), "a < 1");
	assert_string_equal(depends(fx, "\"a\" {!(os = \"win32\")}"), "a");
	/* !undefined stays undefined, which counts as false */
	assert_string_equal(depends(fx, "\"a\" {!nosuchvar}"), "<none>");
	assert_int_equal(fx->warns.n, 1);
}

static void formula_defined_and_undefined(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(depends(fx, "\"a\" {?nosuchvar} \"b\" {?os}"), "b");
	assert_int_equal(fx->warns.n, 0);
	/* an undefined filter variable counts as false, with a warning at the ident */
	assert_string_equal(depends(fx, "\"a\"\n  \"b\" {nosuchvar}"), "a");
	assert_int_equal(fx->warns.n, 1);
	assert_string_equal(fx->warns.text.buf, "2:8: undefined variable 'nosuchvar'\n");
	/* an undefined version is dropped (opam: "ignoring version constraint") */
	assert_string_equal(depends(fx, "\"a\" {>= nosuchvar}"), "a");
	assert_string_equal(depends(fx, "\"a\" {>= nosuchvar & < \"2\"}"), "a < 2");
	assert_int_equal(fx->warns.n, 3);
}

static void formula_malformed(void **state)
{
	struct fx *fx = *state;

	assert_bad_depends(fx, "depends: [ \"a\" 42 ]\n", 1, 16);
	assert_bad_depends(fx, "depends: [\n  \"a\"\n  [\"b\"]\n]\n", 3, 3);
	assert_bad_depends(fx, "depends: [ foo ]\n", 1, 12);
	assert_bad_depends(fx, "depends: [ \"a\" {>= 3} ]\n", 1, 20);
	assert_bad_depends(fx, "depends: [ \"a\" {>= \"1 0\"} ]\n", 1, 20);
	assert_bad_depends(fx, "depends: [ \"a b\" ]\n", 1, 12);
	assert_bad_depends(fx, "depends: [ \"123\" ]\n", 1, 12);
	assert_bad_depends(fx, "depends: [ \"a\" {[\"x\"]} ]\n", 1, 17);
	assert_bad_depends(fx, "depends: [ \"a\" {?(os arch)} ]\n", 1, 18);
	assert_bad_depends(fx, "depends: [ \"a\" {os += \"x\"} ]\n", 1, 17);
	assert_bad_depends(fx, "depends: [ (\"a\" 1) ]\n", 1, 17);
	assert_bad_depends(fx, "depends: [ \"a\" | 1 ]\n", 1, 18);
	assert_bad_depends(fx, "depends: [ !\"a\" ]\n", 1, 12);
}

static void formula_holds(void **state);

static const char *lookup_table(void *ctx, const char *name)
{
	const char *const *t = ctx;

	for (; *t; t += 2) {
		if (strcmp(t[0], name) == 0)
			return t[1];
	}
	return NULL;
}

static void formula_holds(void **state)
{
	struct fx *fx = *state;
	struct ml_formula *f = NULL;
	const char *chosen1[] = { "a", "1.5", "c", "3", NULL };
	const char *chosen2[] = { "a", "2.0", "c", "3", NULL };
	const char *chosen3[] = { "a", "1.0", "b", "0.1", NULL };
	const char *chosen4[] = { "c", "1", NULL };
	const char *text = "depends: [ \"a\" {>= \"1.0\" & < \"2.0\"} \"b\" | \"c\" ]\n";

	assert_int_equal(ml_formula_eval(&f, parse_field(fx, text, "depends"), ML_LIST_AND,
					 &fx->env, "t", &fx->err),
			 0);
	assert_true(ml_formula_holds(f, lookup_table, chosen1));
	assert_false(ml_formula_holds(f, lookup_table, chosen2));
	assert_true(ml_formula_holds(f, lookup_table, chosen3));
	assert_false(ml_formula_holds(f, lookup_table, chosen4));
	assert_true(ml_formula_holds(NULL, lookup_table, chosen4));
	ml_formula_free(f);
}

static void vformula_holds_and_prints(void **state)
{
	struct fx *fx = *state;
	struct ml_formula *f = NULL;
	const char *text = "depends: [ \"a\" {(>= \"1.0\" & < \"2.0\") | = \"3.0~rc1\"} ]\n";

	assert_int_equal(ml_formula_eval(&f, parse_field(fx, text, "depends"), ML_LIST_AND,
					 &fx->env, "t", &fx->err),
			 0);
	assert_int_equal(f->kind, ML_FORMULA_ATOM);
	assert_string_equal(f->name, "a");
	assert_non_null(f->src);
	assert_int_equal(f->src->line, 1);
	assert_true(ml_vformula_holds(f->vf, "1.0"));
	assert_true(ml_vformula_holds(f->vf, "1.10"));
	assert_true(ml_vformula_holds(f->vf, "2.0~beta")); /* ~ sorts before 2.0 */
	assert_false(ml_vformula_holds(f->vf, "2.0"));
	assert_false(ml_vformula_holds(f->vf, "0.9"));
	assert_true(ml_vformula_holds(f->vf, "3.0~rc1"));
	assert_false(ml_vformula_holds(f->vf, "3.0"));
	assert_true(ml_vformula_holds(NULL, "anything"));
	ml_buf_reset(&fx->out);
	ml_vformula_print(&fx->out, f->vf);
	assert_string_equal(fx->out.buf, ">= 1.0 & < 2.0 | = 3.0~rc1");
	ml_formula_free(f);
	ml_formula_free(NULL);
	ml_vformula_free(NULL);
}

static void formula_names(void **state)
{
	struct fx *fx = *state;
	struct ml_formula *f = NULL;
	struct ml_strvec names = ML_STRVEC_INIT;
	const char *text = "depends: [ \"a\" (\"b\" | \"c\" {with-test}) \"d\" | \"a\" ]\n";

	assert_int_equal(ml_formula_eval(&f, parse_field(fx, text, "depends"), ML_LIST_AND,
					 &fx->env, "t", &fx->err),
			 0);
	ml_formula_names(f, &names);
	ml_strvec_sort_uniq(&names);
	assert_int_equal(names.n, 3);
	assert_string_equal(names.v[0], "a");
	assert_string_equal(names.v[1], "b");
	assert_string_equal(names.v[2], "d");
	ml_strvec_release(&names);
	ml_formula_free(f);
}

/* ---- real formulas from the snapshot (opam-repository 97014be) ---- */

static const char ocaml_4_14_0[] =
    "depends: [\n"
    "  \"ocaml-config\" {>= \"2\"}\n"
    "  \"ocaml-base-compiler\" {>= \"4.14.0~\" & < \"4.14.1~\"} |\n"
    "  \"ocaml-variants\" {>= \"4.14.0~\" & < \"4.14.1~\"} |\n"
    "  \"ocaml-system\" {>= \"4.14.0\" & < \"4.14.1~\"} |\n"
    "  \"dkml-base-compiler\" {>= \"4.14.0~\" & < \"4.14.1~\"}\n"
    "  (\"ocaml-env-mingw64\" {os = \"win32\"} | \"ocaml-env-mingw32\" {os = \"win32\"} |\n"
    "   \"ocaml-env-msvc64\" {os = \"win32\"} | \"ocaml-env-msvc32\" {os = \"win32\"})\n"
    "]\n";

static const char dune_3_23_1[] =
    "conflicts: [\n"
    "  \"merlin\" {< \"3.4.0\"}\n"
    "  \"ocaml-lsp-server\" {< \"1.3.0\"}\n"
    "  \"dune-configurator\" {< \"2.3.0\"}\n"
    "  \"odoc\" {< \"2.0.1\"}\n"
    "  \"dune-release\" {< \"2.0.0\"}\n"
    "  \"js_of_ocaml-compiler\" {< \"3.6.0\"}\n"
    "  \"jbuilder\" {= \"transition\"}\n"
    "]\n"
    "depends: [\n"
    "  # Please keep the lower bound in sync with .github/workflows/workflow.yml,\n"
    "  # dune-project and min_ocaml_version in bootstrap.ml\n"
    "  (\"ocaml\" {>= \"4.14\"} | (\"ocaml\" {>= \"4.02\" & < \"4.14~~\"} & \"ocamlfind-secondary\" & \"ocaml-secondary-compiler\" {>= \"4.14\"}))\n"
    "  \"base-unix\"\n"
    "  \"base-threads\"\n"
    "  \"lwt\" { with-dev-setup & os != \"win32\" }\n"
    "  \"cinaps\" { with-dev-setup }\n"
    "  \"csexp\" { with-dev-setup & >= \"1.3.0\" }\n"
    "  \"js_of_ocaml\" { with-dev-setup & >= \"6.1.0\" & os != \"win32\" }\n"
    "  \"js_of_ocaml-compiler\" { with-dev-setup & >= \"6.1.0\" & os != \"win32\" }\n"
    "  \"mdx\" { with-dev-setup & >= \"2.3.0\" & os != \"win32\" }\n"
    "  \"menhir\" { with-dev-setup & os != \"win32\" }\n"
    "  \"ocamlfind\" { with-dev-setup & os != \"win32\" }\n"
    "  \"odoc\" { with-dev-setup & >= \"2.4.0\" & os != \"win32\" }\n"
    "  \"ppx_expect\" { with-dev-setup & >= \"v0.17\" & os != \"win32\" }\n"
    "  \"spawn\" { with-dev-setup }\n"
    "  \"ppx_inline_test\" { with-dev-setup & os != \"win32\" }\n"
    "  \"ppxlib\" { with-dev-setup & >= \"0.37.0\" & os != \"win32\" }\n"
    "  \"ctypes\" { with-dev-setup & os != \"win32\" }\n"
    "  \"utop\" { with-dev-setup & >= \"2.6.0\" & os != \"win32\" }\n"
    "  \"melange\" { with-dev-setup & >= \"5.1.0-51\" & os != \"win32\" }\n"
    "  \"uutf\" { with-dev-setup }\n"
    "  # the rev store negotiation test launches a git daemon, needs it to be\n"
    "  # installed on some distributions\n"
    "  \"conf-git-daemon\" { with-test }\n"
    "]\n";

static const char conf_cxx_1_0[] =
    "depends: [\n"
    "  ((\"host-arch-x86_64\" {os = \"win32\" & os-distribution != \"cygwinports\"} & (\"host-system-mingw\" {os = \"win32\" & (os-distribution = \"cygwin\" | os-distribution = \"msys2\")} & \"conf-mingw-w64-g++-x86_64\" {os = \"win32\" & os-distribution != \"cygwinports\"} | \"host-system-msvc\" {os = \"win32\" & (os-distribution = \"cygwin\" | os-distribution = \"msys2\")})) |\n"
    "   (\"host-arch-x86_32\" {os = \"win32\" & os-distribution != \"cygwinports\"} & (\"host-system-mingw\" {os = \"win32\" & (os-distribution = \"cygwin\" | os-distribution = \"msys2\")} & \"conf-mingw-w64-g++-i686\" {os = \"win32\" & os-distribution != \"cygwinports\"} | \"host-system-msvc\" {os = \"win32\" & (os-distribution = \"cygwin\" | os-distribution = \"msys2\")})))\n"
    "  (\"ocaml-env-mingw64\" {os = \"win32\"} | \"ocaml-env-mingw32\" {os = \"win32\"} |\n"
    "   \"ocaml-env-msvc64\" {os = \"win32\"} | \"ocaml-env-msvc32\" {os = \"win32\"})\n"
    "]\n";

static void real_ocaml_4_14_0(void **state)
{
	struct fx *fx = *state;
	const char *compilers =
	    "ocaml-config >= 2 & (ocaml-base-compiler (>= 4.14.0~ & < 4.14.1~) | "
	    "ocaml-variants (>= 4.14.0~ & < 4.14.1~) | ocaml-system (>= 4.14.0 & < 4.14.1~) | "
	    "dkml-base-compiler (>= 4.14.0~ & < 4.14.1~))";
	struct ml_buf want = ML_BUF_INIT;

	assert_string_equal(formula(fx, ocaml_4_14_0, "depends", ML_LIST_AND), compilers);
	ml_vars_set(fx->vars, "os", "macos");
	assert_string_equal(formula(fx, ocaml_4_14_0, "depends", ML_LIST_AND), compilers);
	ml_vars_set(fx->vars, "os", "win32");
	ml_buf_addf(&want,
		    "%s & (ocaml-env-mingw64 | ocaml-env-mingw32 | ocaml-env-msvc64 | "
		    "ocaml-env-msvc32)",
		    compilers);
	assert_string_equal(formula(fx, ocaml_4_14_0, "depends", ML_LIST_AND), want.buf);
	ml_buf_release(&want);
	assert_int_equal(fx->warns.n, 0);
}

static void real_dune_3_23_1(void **state)
{
	struct fx *fx = *state;
	const char *base = "(ocaml >= 4.14 | ocaml (>= 4.02 & < 4.14~~) & ocamlfind-secondary & "
			   "ocaml-secondary-compiler >= 4.14) & base-unix & base-threads";
	struct ml_buf want = ML_BUF_INIT;

	assert_string_equal(formula(fx, dune_3_23_1, "depends", ML_LIST_AND), base);
	ml_vars_set(fx->vars, "os", "macos");
	assert_string_equal(formula(fx, dune_3_23_1, "depends", ML_LIST_AND), base);
	ml_vars_set(fx->vars, "with-test", "true");
	ml_buf_addf(&want, "%s & conf-git-daemon", base);
	assert_string_equal(formula(fx, dune_3_23_1, "depends", ML_LIST_AND), want.buf);
	ml_vars_set(fx->vars, "with-test", "false");
	ml_vars_set(fx->vars, "with-dev-setup", "true");
	ml_buf_reset(&want);
	ml_buf_addf(&want,
		    "%s & lwt & cinaps & csexp >= 1.3.0 & js_of_ocaml >= 6.1.0 & "
		    "js_of_ocaml-compiler >= 6.1.0 & mdx >= 2.3.0 & menhir & ocamlfind & "
		    "odoc >= 2.4.0 & ppx_expect >= v0.17 & spawn & ppx_inline_test & "
		    "ppxlib >= 0.37.0 & ctypes & utop >= 2.6.0 & melange >= 5.1.0-51 & uutf",
		    base);
	assert_string_equal(formula(fx, dune_3_23_1, "depends", ML_LIST_AND), want.buf);
	ml_vars_set(fx->vars, "os", "win32");
	ml_buf_reset(&want);
	ml_buf_addf(&want, "%s & cinaps & csexp >= 1.3.0 & spawn & uutf", base);
	assert_string_equal(formula(fx, dune_3_23_1, "depends", ML_LIST_AND), want.buf);
	ml_buf_release(&want);
	assert_string_equal(
	    formula(fx, dune_3_23_1, "conflicts", ML_LIST_OR),
	    "merlin < 3.4.0 | ocaml-lsp-server < 1.3.0 | dune-configurator < 2.3.0 | "
	    "odoc < 2.0.1 | dune-release < 2.0.0 | js_of_ocaml-compiler < 3.6.0 | "
	    "jbuilder = transition");
	assert_int_equal(fx->warns.n, 0);
}

static void real_conf_cxx_1_0(void **state)
{
	struct fx *fx = *state;
	const char *envs = "(ocaml-env-mingw64 | ocaml-env-mingw32 | ocaml-env-msvc64 | "
			   "ocaml-env-msvc32)";
	struct ml_buf want = ML_BUF_INIT;

	assert_string_equal(formula(fx, conf_cxx_1_0, "depends", ML_LIST_AND), "<none>");
	ml_vars_set(fx->vars, "os", "macos");
	ml_vars_set(fx->vars, "os-distribution", "homebrew");
	assert_string_equal(formula(fx, conf_cxx_1_0, "depends", ML_LIST_AND), "<none>");
	ml_vars_set(fx->vars, "os", "win32");
	ml_vars_set(fx->vars, "os-distribution", "msys2");
	ml_buf_addf(&want,
		    "(host-arch-x86_64 & (host-system-mingw & conf-mingw-w64-g++-x86_64 | "
		    "host-system-msvc) | host-arch-x86_32 & (host-system-mingw & "
		    "conf-mingw-w64-g++-i686 | host-system-msvc)) & %s",
		    envs);
	assert_string_equal(formula(fx, conf_cxx_1_0, "depends", ML_LIST_AND), want.buf);
	ml_buf_release(&want);
	/* native Windows: the host-system-* atoms vanish, the mingw compilers stay */
	ml_vars_set(fx->vars, "os-distribution", "win32");
	assert_string_equal(formula(fx, conf_cxx_1_0, "depends", ML_LIST_AND),
			    "(host-arch-x86_64 & conf-mingw-w64-g++-x86_64 | host-arch-x86_32 & "
			    "conf-mingw-w64-g++-i686) & (ocaml-env-mingw64 | ocaml-env-mingw32 | "
			    "ocaml-env-msvc64 | ocaml-env-msvc32)");
	ml_vars_set(fx->vars, "os-distribution", "cygwinports");
	assert_string_equal(formula(fx, conf_cxx_1_0, "depends", ML_LIST_AND),
			    "ocaml-env-mingw64 | ocaml-env-mingw32 | ocaml-env-msvc64 | "
			    "ocaml-env-msvc32");
	assert_int_equal(fx->warns.n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vars_set_get_replace),
		cmocka_unit_test(vars_defaults_from_host),
		cmocka_unit_test(vars_defaults_keep_overrides),
		T(filter_literals_and_variables),
		T(filter_and_or),
		T(filter_parentheses_and_not),
		T(filter_defined),
		T(filter_relops_use_version_order),
		T(filter_undefined_variables),
		T(filter_eval_bool_defaults),
		T(filter_package_variables),
		T(filter_string_interpolation),
		cmocka_unit_test(filter_interpolation_without_vars_is_undefined),
		T(formula_plain_lists),
		T(formula_and_or_groups),
		T(formula_version_constraints),
		T(formula_constraints_with_variables),
		T(formula_dropped_atoms_vanish),
		T(formula_os_filters),
		T(formula_negation),
		T(formula_defined_and_undefined),
		T(formula_malformed),
		T(formula_holds),
		T(vformula_holds_and_prints),
		T(formula_names),
		T(real_ocaml_4_14_0),
		T(real_dune_3_23_1),
		T(real_conf_cxx_1_0),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
