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
#include "lib/lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#define ML_LIBCURL "libcurl.so.4"

/* X(return type, name, (parameters), (arguments)); V(...) for those returning nothing. */
#define ML_CURL_FNS(X, V)                                                                        \
	V(curl_easy_cleanup, (CURL * e), (e))                                                    \
	X(CURLMcode, curl_multi_add_handle, (CURLM * m, CURL * e), (m, e))                       \
	X(CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL * e), (m, e))                    \
	X(CURLMcode, curl_multi_perform, (CURLM * m, int *running), (m, running))                \
	X(CURLMcode, curl_multi_poll,                                                            \
	  (CURLM * m, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms,   \
	   int *ret),                                                                            \
	  (m, extra_fds, extra_nfds, timeout_ms, ret))                                           \
	X(CURLMsg *, curl_multi_info_read, (CURLM * m, int *msgs_in_queue), (m, msgs_in_queue))  \
	X(CURLMcode, curl_multi_cleanup, (CURLM * m), (m))                                       \
	X(CURLUcode, curl_url_get, (CURLU * u, CURLUPart what, char **part, unsigned int flags), \
	  (u, what, part, flags))                                                                \
	X(CURLUcode, curl_url_set,                                                               \
	  (CURLU * u, CURLUPart what, const char *part, unsigned int flags),                     \
	  (u, what, part, flags))

/* Those that do without libcurl or pass on variadic arguments: written below. */
#define ML_CURL_OTHERS(X, V)                                                      \
	X(CURLcode, curl_global_init, (long flags), ())                           \
	V(curl_global_cleanup, (void), ())                                        \
	X(CURL *, curl_easy_init, (void), ())                                     \
	X(CURLcode, curl_easy_setopt, (CURL * e, CURLoption option, ...), ())     \
	X(CURLcode, curl_easy_getinfo, (CURL * e, CURLINFO info, ...), ())        \
	X(const char *, curl_easy_strerror, (CURLcode code), ())                  \
	X(CURLM *, curl_multi_init, (void), ())                                   \
	X(CURLMcode, curl_multi_setopt, (CURLM * m, CURLMoption option, ...), ()) \
	X(CURLU *, curl_url, (void), ())                                          \
	V(curl_url_cleanup, (CURLU * u), ())                                      \
	V(curl_free, (void *p), ())

/*
 * load() is whether libcurl is loaded; need() ends the run without it: every function but
 * curl_global_init (and those that do without) is called after it succeeded.
 */
ML_LAZY_DEFINE(ML_CURL_FNS, ML_CURL_OTHERS, ML_LIBCURL)
ML_LAZY_FORWARDERS(ML_CURL_FNS)

CURLcode curl_global_init(long flags)
{
	if (!load())
		return CURLE_FAILED_INIT;
	return fn.curl_global_init(flags);
}

void curl_global_cleanup(void)
{
	if (lib.loaded)
		fn.curl_global_cleanup();
}

CURL *curl_easy_init(void)
{
	return load() ? fn.curl_easy_init() : NULL;
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
		ret = fn.curl_easy_setopt(e, option, va_arg(ap, long));
	else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB)
		ret = fn.curl_easy_setopt(e, option, va_arg(ap, curl_off_t));
	else
		ret = fn.curl_easy_setopt(e, option, va_arg(ap, void *));
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
	ret = fn.curl_easy_getinfo(e, info, va_arg(ap, void *));
	va_end(ap);
	return ret;
}

const char *curl_easy_strerror(CURLcode code)
{
	return load() ? fn.curl_easy_strerror(code) : "libcurl (" ML_LIBCURL ") cannot be loaded";
}

CURLM *curl_multi_init(void)
{
	return load() ? fn.curl_multi_init() : NULL;
}

CURLMcode curl_multi_setopt(CURLM *m, CURLMoption option, ...)
{
	va_list ap;
	CURLMcode ret;

	need();
	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		ret = fn.curl_multi_setopt(m, option, va_arg(ap, long));
	else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB)
		ret = fn.curl_multi_setopt(m, option, va_arg(ap, curl_off_t));
	else
		ret = fn.curl_multi_setopt(m, option, va_arg(ap, void *));
	va_end(ap);
	return ret;
}

/* A URL handle is asked for before any download (to name a host): NULL without libcurl. */
CURLU *curl_url(void)
{
	return load() ? fn.curl_url() : NULL;
}

void curl_url_cleanup(CURLU *u)
{
	if (u) {
		need();
		fn.curl_url_cleanup(u);
	}
}

void curl_free(void *p)
{
	if (p) {
		need();
		fn.curl_free(p);
	}
}
