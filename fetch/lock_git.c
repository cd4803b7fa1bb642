/* Git sources of a lock pinned to the commit their ref names now (see fetch.h). */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

static bool is_git_url(const char *url)
{
	return ml_starts_with(url, "git+") || ml_starts_with(url, "git://");
}

/* "name.version" of a source's first package, for messages (a new string). */
static char *source_owner(const struct ml_lock *lock, const struct ml_lock_source *s)
{
	const struct ml_lock_package *p =
	    s->packages.n ? ml_lock_find_package(lock, s->packages.v[0]) : NULL;

	if (!p)
		return ml_xasprintf("source '%s'", s->dir ? s->dir : "");
	return ml_xasprintf("%s.%s", p->name, p->version);
}

static int pin_source(struct ml_lock *lock, struct ml_lock_source *s, struct ml_error *err)
{
	const char *hash = strchr(s->url, '#');
	const char *bare = ml_starts_with(s->url, "git+") ? s->url + strlen("git+") : s->url;
	char *remote, *ref = NULL, *commit = NULL, *owner;
	struct ml_error sub = ML_ERROR_INIT;
	int ret;

	remote = hash ? ml_strndup(bare, (size_t)(hash - bare)) : ml_strdup(bare);
	if (hash && hash[1])
		ref = ml_strdup(hash + 1);
	ret = ml_git_sync(&commit, remote, ref, &sub);
	if (ret < 0) {
		owner = source_owner(lock, s);
		ret = ml_error_set(err, ret, "%s: cannot lock its git url %s: %s", owner, s->url,
				   sub.msg ? sub.msg : "git failed");
		ml_error_about(err, s->packages.n ? s->packages.v[0] : NULL, s->url);
		free(owner);
		goto out;
	}
	if (hash) {
		char *url = ml_strndup(s->url, (size_t)(hash - s->url));

		free(s->url);
		s->url = url;
	}
	s->commit = commit;
	commit = NULL;
	/* A commit names its content: the lock keeps no checksum beside it. */
	ml_strvec_release(&s->checksums);
out:
	ml_error_release(&sub);
	free(commit);
	free(ref);
	free(remote);
	return ret;
}

int ml_git_lock_sources(struct ml_lock *lock, struct ml_error *err)
{
	for (size_t i = 0; i < lock->nsources; i++) {
		struct ml_lock_source *s = &lock->sources[i];
		int ret;

		if (s->commit || !s->url || !is_git_url(s->url))
			continue;
		ret = pin_source(lock, s, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}
