#include "fetch/lazy.h"

#include <stdio.h>
#include <unistd.h>

_Noreturn void ml_lazy_missing(const char *soname, const char *why)
{
	fprintf(stderr, "monolock: error while loading shared libraries: %s: %s\n", soname,
		why ? why : "cannot be loaded");
	fflush(stderr);
	_exit(127);
}
