#ifndef ML_LIB_LAZY_H
#define ML_LIB_LAZY_H

/*
 * libcurl, libarchive, libgit2, libcrypto and libsolv are loaded on first use
 * (fetch/curl_lazy.c, archive_lazy.c, git_lazy.c, crypto_lazy.c, solver/solv_lazy.c): each
 * file defines the library's functions monolock calls and forwards them to the real ones,
 * found with dlopen/dlsym on the first call from any thread.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>

struct ml_lazy {
	const char *soname;
	bool (*bind)(void *lib); /* looks up every forwarded function; false if one is missing */
	pthread_once_t once;
	bool loaded;
	void *handle;  /* dlopen's, kept for the process (dlsym of a variable); NULL until loaded */
	char why[512]; /* dlerror() of a failed dlopen ("" when a function was missing) */
};
#define ML_LAZY_INIT(soname, bind)                                   \
	{                                                            \
		(soname), (bind), PTHREAD_ONCE_INIT, false, NULL, "" \
	}

/* dlopen and bind: the body of the library's pthread_once function (l->once). */
void ml_lazy_load(struct ml_lazy *l);

/*
 * When a library a run needs cannot be loaded, the run ends as it would have ended at its
 * start had the library been linked: the dynamic loader's message, naming the library and
 * why, and its exit status 127. Never a crash.
 */
_Noreturn void ml_lazy_missing(const struct ml_lazy *l);

/*
 * The scaffolding of one lazily loaded library, from lists of its functions written
 * LIST(X, V) with X(return type, name, (parameters), (arguments)) and V(name, (parameters),
 * (arguments)) for those returning nothing:
 *
 *   ML_LAZY_DEFINE(FORWARDED, OTHERS, "libfoo.so.1") defines, in the including file,
 *     fn           every function of both lists, looked up by its own name;
 *     lib          the struct ml_lazy (bound by the first call of load from any thread);
 *     load()       whether the library is loaded (loads it on the first call);
 *     need()       the same, ending the run without it (ml_lazy_missing);
 *   ML_LAZY_FORWARDERS(FORWARDED) then defines each function of FORWARDED as need() and a
 *     call of the real one. OTHERS (variadic functions, those that do without the library)
 *     are written by hand with fn; ML_LAZY_NONE is an empty list.
 */
#define ML_LAZY_NONE(X, V)
#define ML_LAZY_FIELD(ret, name, params, args) ret(*name) params;
#define ML_LAZY_VFIELD(name, params, args) void(*name) params;
#define ML_LAZY_BIND(ret, name, params, args)             \
	if (!(*(void **)&fn.name = dlsym(handle, #name))) \
		return false;
#define ML_LAZY_VBIND(name, params, args) ML_LAZY_BIND(void, name, params, args)
#define ML_LAZY_FORWARD(ret, name, params, args) \
	ret name params                          \
	{                                        \
		need();                          \
		return fn.name args;             \
	}
#define ML_LAZY_VFORWARD(name, params, args) \
	void name params                     \
	{                                    \
		need();                      \
		fn.name args;                \
	}

#define ML_LAZY_DEFINE(FORWARDED, OTHERS, soname)                   \
	static struct {                                             \
		FORWARDED(ML_LAZY_FIELD, ML_LAZY_VFIELD)            \
		OTHERS(ML_LAZY_FIELD, ML_LAZY_VFIELD)               \
	} fn;                                                       \
	/* Looks up every function of both lists (ml_lazy_load). */ \
	static bool bind_fns(void *handle)                          \
	{                                                           \
		FORWARDED(ML_LAZY_BIND, ML_LAZY_VBIND)              \
		OTHERS(ML_LAZY_BIND, ML_LAZY_VBIND)                 \
		return true;                                        \
	}                                                           \
	static struct ml_lazy lib = ML_LAZY_INIT(soname, bind_fns); \
	static void load_once(void)                                 \
	{                                                           \
		ml_lazy_load(&lib);                                 \
	}                                                           \
	static inline bool load(void)                               \
	{                                                           \
		pthread_once(&lib.once, load_once);                 \
		return lib.loaded;                                  \
	}                                                           \
	static inline void need(void)                               \
	{                                                           \
		if (!load())                                        \
			ml_lazy_missing(&lib);                      \
	}
#define ML_LAZY_FORWARDERS(FORWARDED) FORWARDED(ML_LAZY_FORWARD, ML_LAZY_VFORWARD)

#endif
