/*
 * Version comparison and filters (lib/version.c, lib/filter.c). The input's first three
 * lines are versions: the order must be reflexive, antisymmetric (cmp(a,b) = -cmp(b,a) in
 * sign) and transitive over them. The rest is an opam file: each field's value is evaluated
 * as a filter and as a package formula (both list readings), printed and checked against a
 * choice of versions; nothing may crash, whatever the value.
 */
#include "fuzz.h"

#include <string.h>

#include "lib/ml.h"

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

static void check_order(const char *v[3])
{
	for (int i = 0; i < 3; i++) {
		FZ_CHECK(ml_version_cmp(v[i], v[i]) == 0, "not reflexive: '%s'", v[i]);
		for (int j = 0; j < 3; j++) {
			int ij = sign(ml_version_cmp(v[i], v[j]));

			FZ_CHECK(ij == -sign(ml_version_cmp(v[j], v[i])),
				 "not antisymmetric: '%s' '%s'", v[i], v[j]);
			for (int k = 0; k < 3; k++) {
				int jk = sign(ml_version_cmp(v[j], v[k]));
				int ik = sign(ml_version_cmp(v[i], v[k]));

				if (ij <= 0 && jk <= 0)
					FZ_CHECK(ik <= 0 && (ik < 0 || (ij == 0 && jk == 0)),
						 "not transitive: '%s' %d '%s' %d '%s' but %d",
						 v[i], ij, v[j], jk, v[k], ik);
			}
		}
	}
}

static const char *lookup(void *ctx, const char *name)
{
	const char *const *v = ctx;

	/* a choice that depends on the name, so that both outcomes are met */
	return name[0] ? v[(unsigned char)name[0] % 4] : NULL;
}

static void warn(void *ctx, const struct ml_opam_value *where, const char *msg)
{
	(void)where;
	(void)msg;
	(*(size_t *)ctx)++;
}

static void eval_value(const struct ml_opam_value *v, const char *versions[4])
{
	struct ml_vars *vars = ml_vars_new();
	size_t warnings = 0;
	struct ml_filter_env env = { vars, "self", versions[0], warn, &warnings };
	struct ml_fval fv;
	struct ml_buf b = ML_BUF_INIT;

	ml_vars_set(vars, "os", "linux");
	ml_vars_set(vars, "with-test", "false");
	ml_vars_set(vars, "build", "true");
	ml_vars_set(vars, "v", versions[1]);
	ml_filter_eval(&fv, v, &env);
	if (fv.kind == ML_FVAL_STRING)
		FZ_CHECK(fv.s != NULL, "a string value without a string");
	(void)ml_filter_eval_bool(v, &env, true);
	for (int list = ML_LIST_AND; list <= ML_LIST_OR; list++) {
		struct ml_formula *f = NULL;
		struct ml_error err = ML_ERROR_INIT;
		struct ml_strvec names = ML_STRVEC_INIT;

		if (ml_formula_eval(&f, v, (enum ml_formula_list)list, &env, "fuzz.opam", &err) ==
		    0) {
			ml_formula_print(&b, f);
			ml_formula_names(f, &names);
			(void)ml_formula_holds(f, lookup, versions);
			for (const struct ml_formula *a = f; a; a = a->a)
				if (a->kind == ML_FORMULA_ATOM) {
					ml_vformula_print(&b, a->vf);
					(void)ml_vformula_holds(a->vf, versions[2]);
				}
		} else {
			FZ_CHECK(err.code == ML_EPARSE && err.msg, "formula error %d", err.code);
		}
		ml_formula_free(f);
		ml_strvec_release(&names);
		ml_error_release(&err);
	}
	ml_buf_release(&b);
	ml_vars_free(vars);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *line[3] = { NULL, NULL, NULL };
	const char *versions[4];
	struct ml_opam_file *f = NULL;
	struct ml_error err = ML_ERROR_INIT;

	for (int i = 0; i < 3; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line[i] = ml_strndup(p, n);
		p += nl ? n + 1 : n;
	}
	for (int i = 0; i < 3; i++)
		versions[i] = line[i];
	check_order(versions);
	versions[3] = NULL;
	if (ml_opam_parse(&f, "fuzz.opam", p, (size_t)(end - p), &err) == 0) {
		for (size_t i = 0; i < f->nitems; i++) {
			const struct ml_opam_item *it = f->items[i];

			if (it->kind == ML_OPAM_FIELD)
				eval_value(it->value, versions);
			else
				for (size_t k = 0; k < it->nitems; k++)
					if (it->items[k]->kind == ML_OPAM_FIELD)
						eval_value(it->items[k]->value, versions);
		}
	}
	ml_opam_file_free(f);
	ml_error_release(&err);
	for (int i = 0; i < 3; i++)
		free(line[i]);
	return 0;
}
