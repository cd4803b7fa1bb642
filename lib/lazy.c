#include "lib/lazy.h"

#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

void ml_lazy_load(struct ml_lazy *l)
{
	void *lib = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		const char *e = dlerror();

		snprintf(l->why, sizeof(l->why), "%s", e ? e : "");
		return;
	}
	l->handle = lib;
	l->loaded = l->bind(lib);
}

_Noreturn void ml_lazy_missing(const struct ml_lazy *l)
{
	fprintf(stderr, "monolock: error while loading shared libraries: %s: %s\n", l->soname,
		l->why[0] ? l->why : "a function it should have is missing");
	fflush(stderr);
	_exit(127);
}
