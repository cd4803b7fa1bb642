#include "lock_pin.h"
#include "fetch/fetch.h"

#include <stdlib.h>
#include <string.h>

/* Caps: pins are a handful; an opam file is small. */
#define MAX_PINS 1000

/*
 * The absolute path of `path` with its directory resolved but not the last component: a
 * symbolic link to a repository is recorded where the user put it, not where it points.
 */
static char *real_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *rdir, *out;

	while (slash && slash > path && !slash[1]) /* trailing '/' */
		slash = memrchr(path, '/', (size_t)(slash - path));
	if (!slash)
		return realpath(path, NULL);
	if (!strcmp(slash + 1, "..") || !strcmp(slash + 1, ".") || !slash[1])
		return realpath(path, NULL);
	dir = slash == path ? ml_strdup("/") : ml_strndup(path, (size_t)(slash - path));
	rdir = realpath(dir, NULL);
	out = rdir ? ml_xasprintf("%s%s%s", rdir, strcmp(rdir, "/") ? "/" : "", slash + 1) : NULL;
	free(dir);
	free(rdir);
	if (out && !ml_fs_exists(out)) {
		free(out);
		out = NULL;
	}
	return out;
}

char *lock_record_url(const char *spec, const char *project_dir)
{
	char *abs = NULL, *proj = NULL, *out;
	const char *path = spec;
	struct ml_buf b = ML_BUF_INIT;
	size_t common = 0;

	if (ml_starts_with(spec, "git+file://")) {
		char *inner = lock_record_url(spec + strlen("git+"), project_dir);

		out = ml_xasprintf("git+%s", inner);
		free(inner);
		return out;
	}
	if (ml_starts_with(spec, "file://"))
		path = spec + strlen("file://");
	else if (strstr(spec, "://"))
		return ml_strdup(spec);
	abs = real_parent(path);
	proj = realpath(project_dir, NULL);
	if (!abs || !proj) {
		out = ml_xasprintf("file://%s", path);
		goto out;
	}
	/* the longest common leading run of whole path components */
	for (size_t i = 0;; i++) {
		if ((abs[i] == '/' || !abs[i]) && (proj[i] == '/' || !proj[i]))
			common = i;
		if (!abs[i] || !proj[i] || abs[i] != proj[i])
			break;
	}
	ml_buf_adds(&b, "file://");
	for (const char *q = proj + common; *q; q++)
		if (*q == '/')
			ml_buf_adds(&b, b.len > strlen("file://") ? "/.." : "..");
	if (b.len == strlen("file://"))
		ml_buf_addc(&b, '.');
	ml_buf_adds(&b, abs + common);
	out = ml_buf_detach(&b, NULL);
out:
	free(abs);
	free(proj);
	return out;
}

/* A pinned opam file lives in memory: the repository's one file is its ctx. */
static int pin_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	const struct ml_buf *b = ctx;

	(void)relpath;
	(void)err;
	ml_buf_add(out, b->buf, b->len);
	return 0;
}

static void pin_free(void *ctx)
{
	ml_buf_release(ctx);
	free(ctx);
}

static const struct ml_repo_ops pin_ops = { .read = pin_read, .free = pin_free };

/* Where opam looks for a package's file in a source tree, in its order. */
static void candidates(struct ml_strvec *out, const char *name)
{
	ml_strvec_push_owned(out, ml_xasprintf("%s.opam", name));
	ml_strvec_push(out, "opam");
	ml_strvec_push(out, "opam/opam");
	ml_strvec_push_owned(out, ml_xasprintf("opam/%s.opam", name));
}

static int read_local(struct ml_buf *out, char **file, const char *dir,
		      const struct ml_project_pin *pin, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	int ret = ML_ENOTFOUND;

	candidates(&names, pin->name);
	for (size_t i = 0; i < names.n && ret == ML_ENOTFOUND; i++) {
		char *path = ml_path_join(dir, names.v[i]);

		if (ml_fs_exists(path)) {
			ret = ml_fs_read(out, path, ML_OPAM_MAX_FILE_SIZE, err);
			if (!ret)
				*file = ml_strdup(names.v[i]);
		}
		free(path);
	}
	if (ret == ML_ENOTFOUND)
		ml_error_set(err, ML_ENOTFOUND,
			     "%s: pin-depends %s.%s: no %s.opam or opam file in %s", pin->file,
			     pin->name, pin->version, pin->name, dir);
	ml_strvec_release(&names);
	return ret;
}

static int read_git(struct ml_buf *out, char **file, char **commit, const char *url,
		    const char *ref, const struct ml_project_pin *pin, struct ml_error *err)
{
	struct ml_strvec names = ML_STRVEC_INIT;
	struct ml_git_tree *t = NULL;
	int ret;

	ret = ml_git_sync(commit, url, ref, err);
	if (ret)
		goto out;
	ret = ml_git_tree_open(&t, url, *commit, err);
	if (ret)
		goto out;
	candidates(&names, pin->name);
	ret = ML_ENOTFOUND;
	for (size_t i = 0; i < names.n && ret == ML_ENOTFOUND; i++) {
		ml_buf_reset(out);
		ml_error_release(err);
		ret = ml_git_tree_read(t, names.v[i], out, ML_OPAM_MAX_FILE_SIZE, err);
		if (!ret)
			*file = ml_strdup(names.v[i]);
	}
	if (ret == ML_ENOTFOUND) {
		ml_error_release(err);
		ml_error_set(err, ML_ENOTFOUND,
			     "%s: pin-depends %s.%s: no %s.opam or opam file in %s at %.12s",
			     pin->file, pin->name, pin->version, pin->name, url, *commit);
	}
out:
	if (ret) {
		free(*commit);
		*commit = NULL;
	}
	ml_git_tree_free(t);
	ml_strvec_release(&names);
	return ret;
}

/* The opam file with its url section replaced by `src` (no checksum: the pin is the source). */
static int rewrite_url(struct ml_buf *out, const char *display, const struct ml_buf *in,
		       const char *src, struct ml_error *err)
{
	struct ml_opam_file *f = NULL, *scratch = ml_opam_file_new(display);
	struct ml_opam_file view;
	int ret;

	ret = ml_opam_parse(&f, display, in->buf, in->len, err);
	if (ret)
		goto out;
	view = *f;
	view.items = ml_calloc(f->nitems + 1, sizeof(*view.items));
	view.nitems = 0;
	for (size_t i = 0; i < f->nitems; i++)
		if (f->items[i]->kind != ML_OPAM_SECTION || strcmp(f->items[i]->name, "url"))
			view.items[view.nitems++] = f->items[i];
	ml_opam_print(out, &view);
	free(view.items);
	ml_buf_adds(out, "url {\n  src: ");
	ml_opam_print_value(out, ml_opam_new_string(scratch, src));
	ml_buf_adds(out, "\n}\n");
out:
	ml_opam_file_free(scratch);
	ml_opam_file_free(f);
	return ret;
}

static bool is_git(const char *url)
{
	return ml_starts_with(url, "git+") || ml_starts_with(url, "git://");
}

static bool is_local(const char *url)
{
	return ml_starts_with(url, "file://") || !strstr(url, "://");
}

/* One pin: its repository, or an error naming the root file and the pin. */
static int pin_repo(struct ml_repo **out, const struct ml_project_pin *pin,
		    const struct ml_project *p, struct ml_error *err)
{
	char *url = ml_project_expand_cwd(pin->url, p->dir), *file = NULL, *commit = NULL,
	     *src = NULL;
	char *display = NULL, *relpath = NULL, *git_url = NULL;
	struct ml_buf raw = ML_BUF_INIT, *text = ml_calloc(1, sizeof(*text));
	struct ml_repo *r;
	int ret;

	ml_buf_init(text);
	if (is_git(url)) {
		char *hash = strchr(url, '#');
		const char *bare = ml_starts_with(url, "git+") ? url + strlen("git+") : url;

		git_url = hash ? ml_strndup(bare, (size_t)(hash - bare)) : ml_strdup(bare);
		ret = read_git(&raw, &file, &commit, git_url, hash && hash[1] ? hash + 1 : NULL,
			       pin, err);
		if (ret)
			goto out;
		{
			char *where = ml_xasprintf("git+%s", git_url), *rec;

			rec = lock_record_url(where, p->dir);
			src = ml_xasprintf("%s#%s", rec, commit);
			free(rec);
			free(where);
		}
		display = ml_xasprintf("%s#%.12s", url, commit);
	} else if (is_local(url)) {
		const char *path = ml_starts_with(url, "file://") ? url + strlen("file://") : url;
		char *dir = path[0] == '/' ? ml_strdup(path) : ml_path_join(p->dir, path);
		char *what = ml_xasprintf("%s: pin-depends %s.%s '%s'", pin->file, pin->name,
					  pin->version, pin->url);

		ret = ml_project_check_pin_dir(dir, p->dir, what, err);
		free(what);
		if (!ret)
			ret = read_local(&raw, &file, dir, pin, err);
		if (!ret) {
			src = lock_record_url(dir, p->dir);
			display = ml_strdup(dir);
		}
		free(dir);
		if (ret)
			goto out;
	} else {
		ret = ml_error_set(err, ML_EUSAGE,
				   "%s: pin-depends %s.%s: '%s': only local directories (file://) "
				   "and git (git+URL#ref) can be pinned",
				   pin->file, pin->name, pin->version, pin->url);
		goto out;
	}
	relpath = ml_strdup(file);
	{
		char *shown = ml_xasprintf("%s/%s", display, relpath);

		ret = rewrite_url(text, shown, &raw, src, err);
		free(shown);
	}
	if (ret)
		goto out;
	r = ml_repo_new(display, &pin_ops, text);
	text = NULL;
	free(r->url);
	r->url = ml_strdup(src);
	r->pin = true;
	ml_repo_add_package(r, pin->name, pin->version, relpath);
	*out = r;
out:
	if (text) {
		ml_buf_release(text);
		free(text);
	}
	ml_buf_release(&raw);
	free(url);
	free(file);
	free(commit);
	free(src);
	free(display);
	free(relpath);
	free(git_url);
	return ret;
}

int lock_pin_repos(struct ml_repo ***repos, size_t *nrepos, struct ml_strvec *names,
		   struct ml_strvec *versions, const struct ml_project *p, struct ml_error *err)
{
	if (p->npins > MAX_PINS)
		return ml_error_set(err, ML_EUSAGE, "more than %d pin-depends", MAX_PINS);
	for (size_t i = 0; i < p->npins; i++) {
		const struct ml_project_pin *pin = &p->pins[i];
		struct ml_repo *r = NULL;
		bool seen = false;
		int ret;

		/* several root files may pin the same package the same way */
		for (size_t j = 0; j < i; j++)
			seen = seen || !strcmp(p->pins[j].name, pin->name);
		if (seen)
			continue;
		ret = pin_repo(&r, pin, p, err);
		if (ret)
			return ret;
		*repos = ml_reallocarray(*repos, *nrepos + 1, sizeof(**repos));
		(*repos)[(*nrepos)++] = r;
		ml_strvec_push(names, pin->name);
		ml_strvec_push(versions, pin->version);
	}
	return 0;
}
