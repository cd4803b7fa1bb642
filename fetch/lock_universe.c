/* The repositories of a lock, opened again for sbom and outdated (see lock_universe.h). */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/lock_universe.h"

static void warn(struct ml_strvec *w, const char *what, struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_error_format(&b, err);
	ml_strvec_push_owned(w, ml_xasprintf("%s: %s", what, b.buf));
	ml_buf_release(&b);
	ml_error_release(err);
}

void ml_lock_universe_open(struct ml_universe **out, struct ml_strvec *warnings,
			   const struct ml_lock *lock, const char *lock_dir)
{
	struct ml_universe *u = ml_universe_new();
	struct ml_strvec specs = ML_STRVEC_INIT;
	struct ml_project *project = NULL;
	struct ml_error err = ML_ERROR_INIT;
	const struct ml_lock_request *req = lock->request;

	if (ml_project_load(&project, lock_dir, req && req->recurse, &err) == 0)
		ml_universe_add_repo(u, ml_project_repo(project));
	else
		ml_error_release(&err); /* roots then have no metadata: not worth a warning */
	if (req && req->nrepos) {
		for (size_t i = 0; i < req->nrepos; i++)
			ml_strvec_push_owned(
			    &specs, ml_lock_request_repo_spec(&req->repos[i], lock_dir, true));
	} else {
		for (size_t i = 0; i < lock->nrepos; i++) {
			const struct ml_lock_repo *r = &lock->repos[i];

			if (r->commit && ml_starts_with(r->url, "git+"))
				ml_strvec_push_owned(&specs,
						     ml_xasprintf("%s#%s", r->url, r->commit));
			else
				ml_strvec_push(&specs, r->url);
		}
	}
	if (!specs.n)
		ml_strvec_push(warnings, "the lock records no repository");
	for (size_t i = 0; i < specs.n; i++) {
		struct ml_repo *r = NULL;

		if (ml_repo_open(&r, specs.v[i], &err) == 0) {
			ml_universe_add_repo(u, r);
		} else {
			char *what = ml_xasprintf("repository '%s'", specs.v[i]);

			warn(warnings, what, &err);
			free(what);
		}
	}
	ml_strvec_release(&specs);
	ml_project_free(project);
	*out = u;
}

/* A string field, or the strings of a list field (license: "MIT" or ["MIT" "ISC"]). */
static void strings_of(struct ml_strvec *out, const struct ml_opam_value *v)
{
	if (!v)
		return;
	if (v->kind == ML_OPAM_STRING && v->s && ml_utf8_valid(v->s, v->len, NULL) &&
	    strlen(v->s) == v->len && v->len <= ML_LOCK_MAX_STRING) {
		ml_strvec_push(out, v->s);
		return;
	}
	if (v->kind == ML_OPAM_LIST)
		for (size_t i = 0; i < v->nitems && i < 64; i++)
			if (v->items[i]->kind == ML_OPAM_STRING)
				strings_of(out, v->items[i]);
}

static char *string_of(const struct ml_opam_value *v)
{
	struct ml_strvec sv = ML_STRVEC_INIT;
	char *s = NULL;

	if (v && v->kind == ML_OPAM_STRING)
		strings_of(&sv, v);
	if (sv.n)
		s = ml_strdup(sv.v[0]);
	ml_strvec_release(&sv);
	return s;
}

void ml_lock_meta_collect(struct ml_lock_meta *out, struct ml_universe *u,
			  const struct ml_lock *lock)
{
	out->n = lock->npackages;
	out->pkgs = ml_calloc(out->n + 1, sizeof(*out->pkgs));
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		struct ml_pkg_meta *m = &out->pkgs[i];
		const struct ml_package *p;
		struct ml_error err = ML_ERROR_INIT;

		if (ml_universe_get(u, lp->name, lp->version, &p, &err)) {
			ml_error_release(&err);
			continue;
		}
		m->found = true;
		strings_of(&m->licenses, ml_opam_field(p->file, "license"));
		m->dev_repo = string_of(ml_opam_field(p->file, "dev-repo"));
		m->homepage = string_of(ml_opam_field(p->file, "homepage"));
		m->synopsis = string_of(ml_opam_field(p->file, "synopsis"));
	}
}
