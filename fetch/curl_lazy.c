/*
 * libcurl, loaded when a download first needs it. Linked, libcurl and the eighteen libraries
 * it brings (gnutls, nettle, gmp, krb5, ldap, ssh, ...) cost every run about a third of its
 * start (their relocations and constructors: ~13 ms of CPU on a 2-core VM), and most runs
 * (lock, status, a warm pull) never download. This file defines the few libcurl functions
 * fetch/download.c calls; each forwards to the real one, looked up in libcurl.so.4 with
 * dlopen on the first call. download.c calls curl_global_init before anything else: when
 * libcurl cannot be loaded it fails there (CURLE_FAILED_INIT, "cannot initialise libcurl").
 */
#define CURL_DISABLE_TYPECHECK 1 /* plain prototypes: these are the definitions */
#include <curl/curl.h>
#include "fetch/lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#define ML_LIBCURL "libcurl.so.4"

static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	void (*free)(void *);
} fn;

/* Looks up every function above (ml_lazy_load). */
static bool bind_fns(void *lib)
{
#define ML_SYM(field, name)                            \
	if (!(*(void **)&fn.field = dlsym(lib, name))) \
		return false;
	ML_SYM(global_init, "curl_global_init")
	ML_SYM(global_cleanup, "curl_global_cleanup")
	ML_SYM(easy_init, "curl_easy_init")
	ML_SYM(easy_cleanup, "curl_easy_cleanup")
	ML_SYM(easy_setopt, "curl_easy_setopt")
	ML_SYM(easy_getinfo, "curl_easy_getinfo")
	ML_SYM(easy_strerror, "curl_easy_strerror")
	ML_SYM(multi_init, "curl_multi_init")
	ML_SYM(multi_setopt, "curl_multi_setopt")
	ML_SYM(multi_add_handle, "curl_multi_add_handle")
	ML_SYM(multi_remove_handle, "curl_multi_remove_handle")
	ML_SYM(multi_perform, "curl_multi_perform")
	ML_SYM(multi_poll, "curl_multi_poll")
	ML_SYM(multi_info_read, "curl_multi_info_read")
	ML_SYM(multi_cleanup, "curl_multi_cleanup")
	ML_SYM(url, "curl_url")
	ML_SYM(url_cleanup, "curl_url_cleanup")
	ML_SYM(url_get, "curl_url_get")
	ML_SYM(url_set, "curl_url_set")
	ML_SYM(free, "curl_free")
#undef ML_SYM
	return true;
}

static struct ml_lazy lib = ML_LAZY_INIT(ML_LIBCURL, bind_fns);

static void load_once(void)
{
	ml_lazy_load(&lib);
}

/* Whether libcurl is loaded (by the first call from any thread). */
static bool load(void)
{
	pthread_once(&lib.once, load_once);
	return lib.loaded;
}

/* Every function but curl_global_init is called after it succeeded: libcurl is there. */
static void need(void)
{
	if (!load())
		ml_lazy_missing(&lib);
}

CURLcode curl_global_init(long flags)
{
	if (!load())
		return CURLE_FAILED_INIT;
	return fn.global_init(flags);
}

void curl_global_cleanup(void)
{
	if (lib.loaded)
		fn.global_cleanup();
}

CURL *curl_easy_init(void)
{
	return load() ? fn.easy_init() : NULL;
}

void curl_easy_cleanup(CURL *e)
{
	need();
	fn.easy_cleanup(e);
}

/*
 * The one argument after the option, passed on with its type: the option's number says
 * which (libcurl reads it the same way: long, object or function pointer, curl_off_t).
 */
CURLcode curl_easy_setopt(CURL *e, CURLoption option, ...)
{
	va_list ap;
	CURLcode ret;

	need();
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		ret = fn.easy_setopt(e, option, va_arg(ap, long));
	else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB)
		ret = fn.easy_setopt(e, option, va_arg(ap, curl_off_t));
	else
		ret = fn.easy_setopt(e, option, va_arg(ap, void *));
	va_end(ap);
	return ret;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *e, CURLINFO info, ...)
{
	va_list ap;
	CURLcode ret;

	need();
	va_start(ap, info);
	ret = fn.easy_getinfo(e, info, va_arg(ap, void *));
	va_end(ap);
	return ret;
}

const char *curl_easy_strerror(CURLcode code)
{
	return load() ? fn.easy_strerror(code) : "libcurl (" ML_LIBCURL ") cannot be loaded";
}

CURLM *curl_multi_init(void)
{
	return load() ? fn.multi_init() : NULL;
}

CURLMcode curl_multi_setopt(CURLM *m, CURLMoption option, ...)
{
	va_list ap;
	CURLMcode ret;

	need();
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		ret = fn.multi_setopt(m, option, va_arg(ap, long));
	else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB)
		ret = fn.multi_setopt(m, option, va_arg(ap, curl_off_t));
	else
		ret = fn.multi_setopt(m, option, va_arg(ap, void *));
	va_end(ap);
	return ret;
}

CURLMcode curl_multi_add_handle(CURLM *m, CURL *e)
{
	need();
	return fn.multi_add_handle(m, e);
}

CURLMcode curl_multi_remove_handle(CURLM *m, CURL *e)
{
	need();
	return fn.multi_remove_handle(m, e);
}

CURLMcode curl_multi_perform(CURLM *m, int *running)
{
	need();
	return fn.multi_perform(m, running);
}

CURLMcode curl_multi_poll(CURLM *m, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
			  int timeout_ms, int *ret)
{
	need();
	return fn.multi_poll(m, extra_fds, extra_nfds, timeout_ms, ret);
}

CURLMsg *curl_multi_info_read(CURLM *m, int *msgs_in_queue)
{
	need();
	return fn.multi_info_read(m, msgs_in_queue);
}

CURLMcode curl_multi_cleanup(CURLM *m)
{
	need();
	return fn.multi_cleanup(m);
}

/* A URL handle is asked for before any download (to name a host): NULL without libcurl. */
CURLU *curl_url(void)
{
	return load() ? fn.url() : NULL;
}

void curl_url_cleanup(CURLU *u)
{
	if (u) {
		need();
		fn.url_cleanup(u);
	}
}

CURLUcode curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
	need();
	return fn.url_get(u, what, part, flags);
}

CURLUcode curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
	need();
	return fn.url_set(u, what, part, flags);
}

void curl_free(void *p)
{
	if (p) {
		need();
		fn.free(p);
	}
}
