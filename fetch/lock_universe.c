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

static void fill(struct ml_pkg_meta *m, const struct ml_opam_file *f)
{
	m->found = true;
	strings_of(&m->licenses, ml_opam_field(f, "license"));
	m->dev_repo = string_of(ml_opam_field(f, "dev-repo"));
	m->homepage = string_of(ml_opam_field(f, "homepage"));
	m->synopsis = string_of(ml_opam_field(f, "synopsis"));
}

/* A file:// url relative to the lock's directory (as pull resolves it), made a path. */
static char *local_of(const char *url, const char *lock_dir)
{
	const char *p = url + strlen("file://");

	return p[0] == '/' ? ml_strdup(p) : ml_path_join(lock_dir, p);
}

/*
 * A package of one of the project's pins is in no repository: its opam file is read where
 * pull takes its source, NAME.opam or opam at the top of the pinned git commit (from the
 * cache) or local directory. Anything unreadable leaves the package without metadata.
 */
static void from_pin(struct ml_pkg_meta *m, const struct ml_lock_source *s, const char *name,
		     const char *lock_dir)
{
	char *names[2] = { ml_xasprintf("%s.opam", name), ml_strdup("opam") };
	struct ml_error err = ML_ERROR_INIT;
	struct ml_buf text = ML_BUF_INIT;
	struct ml_git_tree *t = NULL;
	char *url = NULL, *dir = NULL;
	bool read = false;

	if (s->commit) {
		const char *u = ml_starts_with(s->url, "git+") ? s->url + 4 : s->url;

		url = ml_starts_with(u, "file://")
			  ? ml_xasprintf("file://%s", dir = local_of(u, lock_dir))
			  : ml_strdup(u);
		if (ml_git_tree_open(&t, url, s->commit, &err) == 0)
			for (int i = 0; i < 2 && !read; i++) {
				ml_buf_reset(&text);
				read = ml_git_tree_read(t, names[i], &text, ML_OPAM_MAX_FILE_SIZE,
							&err) == 0;
				ml_error_release(&err);
			}
	} else if (s->pin && ml_starts_with(s->url, "file://")) {
		dir = local_of(s->url, lock_dir);
		for (int i = 0; i < 2 && !read; i++) {
			char *path = ml_path_join(dir, names[i]);

			ml_buf_reset(&text);
			read = ml_fs_read_regular(&text, path, ML_OPAM_MAX_FILE_SIZE, &err) == 0;
			ml_error_release(&err);
			free(path);
		}
	}
	if (read) {
		struct ml_opam_file *f = NULL;

		if (ml_opam_parse(&f, names[0], text.buf, text.len, &err) == 0)
			fill(m, f);
		ml_opam_file_free(f);
	}
	ml_error_release(&err);
	ml_git_tree_free(t);
	ml_buf_release(&text);
	free(names[0]);
	free(names[1]);
	free(url);
	free(dir);
}

void ml_lock_meta_collect(struct ml_lock_meta *out, struct ml_universe *u,
			  const struct ml_lock *lock, const char *lock_dir)
{
	out->n = lock->npackages;
	out->pkgs = ml_calloc(out->n + 1, sizeof(*out->pkgs));
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *lp = &lock->packages[i];
		struct ml_pkg_meta *m = &out->pkgs[i];
		const struct ml_package *p;
		struct ml_error err = ML_ERROR_INIT;

		if (ml_universe_get(u, lp->name, lp->version, &p, &err) == 0) {
			fill(m, p->file);
			continue;
		}
		ml_error_release(&err);
		for (size_t j = 0; j < lock->nsources; j++) {
			const struct ml_lock_source *s = &lock->sources[j];

			if ((s->pin || s->commit) && ml_strvec_contains(&s->packages, lp->name)) {
				from_pin(m, s, lp->name, lock_dir);
				break;
			}
		}
	}
}
