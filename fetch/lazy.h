#ifndef ML_FETCH_LAZY_H
#define ML_FETCH_LAZY_H

/*
 * libcurl, libarchive and libgit2 are loaded on first use (fetch/curl_lazy.c,
 * archive_lazy.c, git_lazy.c): each file defines the library's functions monolock calls and
 * forwards them to the real ones, found with dlopen/dlsym on the first call from any thread.
 */
#include <pthread.h>
#include <stdbool.h>

struct ml_lazy {
	const char *soname;
	bool (*bind)(void *lib); /* looks up every forwarded function; false if one is missing */
	pthread_once_t once;
	bool loaded;
	char why[512]; /* dlerror() of a failed dlopen ("" when a function was missing) */
};
#define ML_LAZY_INIT(soname, bind)                             \
	{                                                      \
		(soname), (bind), PTHREAD_ONCE_INIT, false, "" \
	}

/* dlopen and bind: the body of the library's pthread_once function (l->once). */
void ml_lazy_load(struct ml_lazy *l);

/*
 * When a library a run needs cannot be loaded, the run ends as it would have ended at its
 * start had the library been linked: the dynamic loader's message, naming the library and
 * why, and its exit status 127. Never a crash.
 */
_Noreturn void ml_lazy_missing(const struct ml_lazy *l);

#endif
