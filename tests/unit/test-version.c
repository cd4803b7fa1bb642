/* Unit tests for lib/version: opam's version order (OpamVersionCompare). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/ml.h"

static int sign(int c)
{
	return c < 0 ? -1 : c > 0;
}

/* Checks cmp(a, b) == want and the mirrored pair. */
static void expect_cmp(const char *a, const char *b, int want)
{
	int got = ml_version_cmp(a, b), back = ml_version_cmp(b, a);

	if (sign(got) != want || sign(back) != -want)
		fail_msg("'%s' vs '%s': got %d / %d, want %d", a, b, got, back, want);
}

static void equal_versions(void **state)
{
	(void)state;
	expect_cmp("1.0", "1.0", 0);
	expect_cmp("1.", "1.0", 0);
	expect_cmp("1.0", "1.0-0", 0);
	expect_cmp("1.0", "1.00", 0);
	expect_cmp("01", "1", 0);
	expect_cmp("", "0", 0);
	expect_cmp("1.0-", "1.0", 0);
}

static void the_issue_pairs(void **state)
{
	(void)state;
	expect_cmp("v0.2", "0.3", 1);
	expect_cmp("dev", "1.0", 1);
	expect_cmp("5.1.0~alpha1", "5.1.0~~", 1);
	expect_cmp("1.0a", "1.0.1", -1);
}

static void tilde_sorts_before_everything(void **state)
{
	(void)state;
	expect_cmp("1.0~rc1", "1.0", -1); /* before the end */
	expect_cmp("1.0~", "1.0", -1);
	expect_cmp("1.0~~", "1.0~", -1);
	expect_cmp("1.0~", "1.0~a", -1);
	expect_cmp("~", "", -1);
	expect_cmp("1~", "10", -1);
	expect_cmp("4.14.0~", "4.14.0", -1);
	expect_cmp("4.14.0~", "4.14.0~alpha1", -1);
	expect_cmp("4.14.1~", "4.14.0+options", 1);
}

static void letters_before_other_characters(void **state)
{
	(void)state;
	expect_cmp("1.0a", "1.0+", -1);
	expect_cmp("1.0a", "1.0.", -1);
	expect_cmp("1.0+dune", "1.0", 1);
	expect_cmp("1.0+a", "1.0+b", -1);
	expect_cmp("1.0A", "1.0a", -1);  /* ASCII among letters */
	expect_cmp("1.0_1", "1.0.1", 1); /* '_' > '.' in ASCII */
	expect_cmp("a", "b", -1);
	expect_cmp("v1", "1", 1);
}

static void digit_runs_are_numbers(void **state)
{
	(void)state;
	expect_cmp("1.9", "1.10", -1);
	expect_cmp("3.5.0", "3.10.0", -1);
	expect_cmp("1.6.3", "1.11.4", -1);
	expect_cmp("0010", "9", 1);
	/* Far beyond 64 bits: compared by length, then digit by digit. */
	expect_cmp("123456789012345678901234567890", "123456789012345678901234567891", -1);
	expect_cmp("99999999999999999999999999", "100000000000000000000000000", -1);
	expect_cmp("1.000000000000000000000000000000000001", "1.1", 0);
}

static void exhausted_side_reads_as_zero(void **state)
{
	(void)state;
	/* opam's quirks when one side ends: only zeros after it compare equal. */
	expect_cmp("1", "1.0", -1);
	expect_cmp("1", "1a", -1);
	expect_cmp("1", "1~", 1);
	expect_cmp("1", "100", -1);
	expect_cmp("1.", "1.00", 0);
	expect_cmp("1.0", "1.0.0", -1);
}

static void revision_after_last_dash(void **state)
{
	(void)state;
	expect_cmp("4.2.1", "4.2.1-1", -1);
	expect_cmp("1.0-2", "1.0-10", -1);
	expect_cmp("1.0-1-2", "1.0-1-10", -1); /* split at the LAST dash */
	expect_cmp("1.0-9", "1.0.1-1", -1);    /* upstream decides first */
	expect_cmp("5.1.0-51", "5.1.0-414", -1);
	expect_cmp("1-a", "1-b", -1);
}

/* Shuffled real version lists of the snapshot (opam-repository 97014be). */
static void sort_and_check(const char **shuffled, const char **want, size_t n)
{
	size_t i;

	qsort(shuffled, n, sizeof(*shuffled), ml_version_ptrcmp);
	for (i = 0; i < n; i++)
		assert_string_equal(shuffled[i], want[i]);
	for (i = 0; i + 1 < n; i++)
		assert_true(ml_version_cmp(want[i], want[i + 1]) < 0);
}

static void real_ocaml_base_compiler(void **state)
{
	const char *v[] = { "5.5.0~beta1",  "4.14.2", "5.2.0",        "4.11.2",
			    "5.4.0~rc1",    "4.12.0", "5.4.0",        "4.14.0",
			    "5.5.0",        "5.0.0",  "4.14.4",       "5.4.0~beta2",
			    "4.13.1",       "5.1.1",  "5.5.0~alpha1", "4.11.0",
			    "4.14.2~rc1",   "5.3.0",  "4.12.1",       "5.4.0~alpha1",
			    "5.5.0~rc1",    "4.14.1", "5.2.1",        "4.13.0",
			    "5.4.1",        "5.1.0",  "4.11.1",       "5.4.0~beta1",
			    "5.5.0~alpha3", "4.14.3" };
	const char *want[] = {
		"4.11.0", "4.11.1",       "4.11.2",       "4.12.0",      "4.12.1",    "4.13.0",
		"4.13.1", "4.14.0",       "4.14.1",       "4.14.2~rc1",  "4.14.2",    "4.14.3",
		"4.14.4", "5.0.0",        "5.1.0",        "5.1.1",       "5.2.0",     "5.2.1",
		"5.3.0",  "5.4.0~alpha1", "5.4.0~beta1",  "5.4.0~beta2", "5.4.0~rc1", "5.4.0",
		"5.4.1",  "5.5.0~alpha1", "5.5.0~alpha3", "5.5.0~beta1", "5.5.0~rc1", "5.5.0"
	};

	(void)state;
	assert_int_equal(ML_ARRAY_SIZE(v), ML_ARRAY_SIZE(want));
	sort_and_check(v, want, ML_ARRAY_SIZE(v));
}

static void real_dune(void **state)
{
	const char *v[] = { "3.20.2", "2.9.3",  "3.24.1", "1.11.4", "3.12.2", "3.5.0",  "3.22.1",
			    "2.4.0",  "3.19.0", "3.23.1", "3.10.0", "1.6.3",  "3.21.0", "2.7.1",
			    "3.24.2", "3.17.2", "3.20.0", "2.3.0",  "3.22.2", "3.12.1", "3.6.2",
			    "3.19.1", "2.6.1",  "3.23.0", "3.15.3", "3.21.1", "2.5.1",  "3.24.0",
			    "3.18.2", "3.20.1", "3.22.0" };
	const char *want[] = { "1.6.3",  "1.11.4", "2.3.0",  "2.4.0",  "2.5.1",  "2.6.1",  "2.7.1",
			       "2.9.3",  "3.5.0",  "3.6.2",  "3.10.0", "3.12.1", "3.12.2", "3.15.3",
			       "3.17.2", "3.18.2", "3.19.0", "3.19.1", "3.20.0", "3.20.1", "3.20.2",
			       "3.21.0", "3.21.1", "3.22.0", "3.22.1", "3.22.2", "3.23.0", "3.23.1",
			       "3.24.0", "3.24.1", "3.24.2" };

	(void)state;
	assert_int_equal(ML_ARRAY_SIZE(v), ML_ARRAY_SIZE(want));
	sort_and_check(v, want, ML_ARRAY_SIZE(v));
}

static void real_ocamlfind_and_cmdliner(void **state)
{
	const char *f[] = { "1.9.9~preview", "1.9.3", "1.8.1", "1.9.8",
			    "1.9.1",         "1.9.6", "1.9.2", "1.9.5" };
	const char *fwant[] = { "1.8.1", "1.9.1", "1.9.2", "1.9.3",
				"1.9.5", "1.9.6", "1.9.8", "1.9.9~preview" };
	const char *c[] = { "2.1.0", "0.9.4", "2.1.1", "1.3.0", "2.0.0", "1.0.4" };
	const char *cwant[] = { "0.9.4", "1.0.4", "1.3.0", "2.0.0", "2.1.0", "2.1.1" };

	(void)state;
	sort_and_check(f, fwant, ML_ARRAY_SIZE(f));
	sort_and_check(c, cwant, ML_ARRAY_SIZE(c));
}

static void real_lwt(void **state)
{
	const char *v[] = { "5.9.1", "4.2.1-1", "6.0.0~alpha00", "5.1.2",        "5.10.0", "4.3.0",
			    "6.1.1", "5.4.2",   "5.0.0",         "6.0.0~beta01", "4.2.0",  "5.6.1",
			    "5.8.0", "5.3.0",   "6.0.0",         "5.1.0",        "4.5.0",  "5.9.2",
			    "5.4.0", "5.10.1",  "4.2.1",         "5.7.0",        "6.1.2",  "5.2.0",
			    "5.0.1", "4.4.0",   "5.8.1",         "5.5.0",        "5.1.1",  "4.3.1",
			    "5.6.0", "6.1.0",   "5.4.1",         "5.9.0" };
	const char *want[] = { "4.2.0", "4.2.1",  "4.2.1-1", "4.3.0",         "4.3.1",
			       "4.4.0", "4.5.0",  "5.0.0",   "5.0.1",         "5.1.0",
			       "5.1.1", "5.1.2",  "5.2.0",   "5.3.0",         "5.4.0",
			       "5.4.1", "5.4.2",  "5.5.0",   "5.6.0",         "5.6.1",
			       "5.7.0", "5.8.0",  "5.8.1",   "5.9.0",         "5.9.1",
			       "5.9.2", "5.10.0", "5.10.1",  "6.0.0~alpha00", "6.0.0~beta01",
			       "6.0.0", "6.1.0",  "6.1.1",   "6.1.2" };

	(void)state;
	assert_int_equal(ML_ARRAY_SIZE(v), ML_ARRAY_SIZE(want));
	sort_and_check(v, want, ML_ARRAY_SIZE(v));
}

static void ptrcmp_matches_cmp(void **state)
{
	const char *a = "1.10", *b = "1.9";

	(void)state;
	assert_true(ml_version_ptrcmp(&a, &b) > 0);
	assert_true(ml_version_ptrcmp(&b, &a) < 0);
	assert_int_equal(ml_version_ptrcmp(&a, &a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_versions),
		cmocka_unit_test(the_issue_pairs),
		cmocka_unit_test(tilde_sorts_before_everything),
		cmocka_unit_test(letters_before_other_characters),
		cmocka_unit_test(digit_runs_are_numbers),
		cmocka_unit_test(exhausted_side_reads_as_zero),
		cmocka_unit_test(revision_after_last_dash),
		cmocka_unit_test(real_ocaml_base_compiler),
		cmocka_unit_test(real_dune),
		cmocka_unit_test(real_ocamlfind_and_cmdliner),
		cmocka_unit_test(real_lwt),
		cmocka_unit_test(ptrcmp_matches_cmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
