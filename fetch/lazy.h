#ifndef ML_FETCH_LAZY_H
#define ML_FETCH_LAZY_H

/*
 * libcurl, libarchive and libgit2 are loaded on first use (fetch/curl_lazy.c,
 * archive_lazy.c, git_lazy.c). When one that a run needs cannot be loaded, the run ends as
 * it would have ended at its start had the library been linked: the dynamic loader's
 * message, naming the library and why (dlerror), and its exit status 127. Never a crash.
 */
_Noreturn void ml_lazy_missing(const char *soname, const char *why);

#endif
