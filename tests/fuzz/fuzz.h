#ifndef ML_FUZZ_H
#define ML_FUZZ_H

/*
 * Shared by the libFuzzer harnesses of tests/fuzz/. A harness checks a property on every
 * input; a property that does not hold aborts, which libFuzzer records as a finding (the
 * input is saved as crash-<sha1>), like a sanitizer report.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FZ_CHECK(cond, ...)                                                                    \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "fuzz: %s:%d: check failed: %s: ", __FILE__, __LINE__, \
				#cond);                                                        \
			fprintf(stderr, __VA_ARGS__);                                          \
			fputc('\n', stderr);                                                   \
			abort();                                                               \
		}                                                                              \
	} while (0)

#endif
