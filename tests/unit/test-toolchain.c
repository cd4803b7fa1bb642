/* Unit tests for lib/toolchain: versions read from programs on PATH, strictly and bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/ml.h"
#include "lib/toolchain.h"

static void version_syntax(void **state)
{
	static const char *const good[] = {
		"4.13.1", "2.9.3", "5.2.0+dev3-2023", "3.17.0~alpha1", "3.17.0-12-gabcdef", "10.0"
	};
	static const char *const bad[] = {
		"",
		"4",
		".1",
		"v4.13.1",
		"4.13.1 ",
		"4.13.1\n",
		"4.13;rm",
		"4.x",
		"\x1b[31m4.14",
		"4.13.1/..",
		"1.000000000000000000000000000000000000000000000000000000000000000"
	};

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(good); i++)
		if (!ml_tool_version_valid(good[i]))
			fail_msg("'%s' refused", good[i]);
	for (size_t i = 0; i < ML_ARRAY_SIZE(bad); i++)
		if (ml_tool_version_valid(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
}

static void release_of_build(void **state)
{
	static const char *const cases[][2] = {
		{ "4.14.1+flambda", "4.14.1" },
		{ "3.17.0-12-gabc", "3.17.0" },
		{ "5.1.0~beta1", "5.1.0" },
		{ "2.9.3", "2.9.3" },
		{ "3.10.", "3.10" },
	};

	(void)state;
	for (size_t i = 0; i < ML_ARRAY_SIZE(cases); i++) {
		char *r = ml_tool_release(cases[i][0]);

		assert_string_equal(r, cases[i][1]);
		free(r);
	}
}

/* A program in a private directory, run through PATH. */
static char *fake(const char *dir, const char *script)
{
	char *path = ml_xasprintf("%s/faketool", dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", script);
	fclose(f);
	chmod(path, 0755);
	return path;
}

static void run_programs(void **state)
{
	static const char *const argv[] = { "faketool", "--version", NULL };
	char dir[] = "/tmp/ml-toolchain-XXXXXX", *old = ml_strdup(getenv("PATH")), *v = NULL;
	struct ml_error err = ML_ERROR_INIT;
	char *path, *newpath;

	(void)state;
	assert_non_null(mkdtemp(dir));
	newpath = ml_xasprintf("%s:%s", dir, old);
	setenv("PATH", newpath, 1);

	assert_int_equal(ml_tool_version(&v, argv, &err), ML_ENOTFOUND);
	assert_null(v);
	ml_error_release(&err);

	path = fake(dir, "echo 2.9.3");
	assert_int_equal(ml_tool_version(&v, argv, &err), 0);
	assert_string_equal(v, "2.9.3");
	free(v);
	free(path);

	path = fake(dir, "printf '2.9.3\\0evil\\n'");
	assert_int_equal(ml_tool_version(&v, argv, &err), ML_ERROR);
	assert_non_null(strstr(err.msg, "not a version"));
	ml_error_release(&err);
	free(path);

	path = fake(dir, "head -c 100000 /dev/zero");
	assert_int_equal(ml_tool_version(&v, argv, &err), ML_ERROR);
	assert_non_null(strstr(err.msg, "more than 4096 bytes"));
	ml_error_release(&err);
	free(path);

	path = fake(dir, "echo 1.0; kill -9 $$");
	assert_int_equal(ml_tool_version(&v, argv, &err), ML_ERROR);
	assert_non_null(strstr(err.msg, "failed (signal 9)"));
	ml_error_release(&err);
	unlink(path);
	free(path);

	rmdir(dir);
	setenv("PATH", old, 1);
	free(old);
	free(newpath);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_syntax),
		cmocka_unit_test(release_of_build),
		cmocka_unit_test(run_programs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
