/* Repositories of opam packages held in git: `git+URL[#ref]`, read from one commit. */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

/* An opam file is a few kilobytes; anything this large is not one. */
#define GIT_REPO_MAX_FILE (16u << 20)

static int git_repo_read(void *ctx, const char *relpath, struct ml_buf *out, struct ml_error *err)
{
	return ml_git_tree_read(ctx, relpath, out, GIT_REPO_MAX_FILE, err);
}

static void git_repo_free(void *ctx)
{
	ml_git_tree_free(ctx);
}

static const struct ml_repo_ops git_repo_ops = { git_repo_read, git_repo_free };

int ml_repo_open_git(struct ml_repo **out, const char *spec, struct ml_error *err)
{
	struct ml_strvec paths = ML_STRVEC_INIT;
	struct ml_git_tree *tree = NULL;
	struct ml_repo *r = NULL;
	const char *hash;
	char *url = NULL, *ref = NULL, *commit = NULL;
	int ret;

	if (!ml_starts_with(spec, "git+"))
		return ml_error_set(err, ML_EUSAGE, "repository '%s': not a git+URL", spec);
	hash = strchr(spec, '#');
	url = hash ? ml_strndup(spec + 4, (size_t)(hash - spec - 4)) : ml_strdup(spec + 4);
	if (hash && hash[1])
		ref = ml_strdup(hash + 1);
	if (!*url) {
		ret = ml_error_set(err, ML_EUSAGE, "repository '%s': missing URL", spec);
		goto out;
	}
	if ((ret = ml_git_sync(&commit, url, ref, err)) < 0)
		goto out;
	if ((ret = ml_git_tree_open(&tree, url, commit, err)) < 0)
		goto out;
	/* packages/NAME/NAME.VERSION/opam is 3 levels below packages/ */
	if ((ret = ml_git_tree_list(&paths, tree, "packages", 3, err)) < 0)
		goto out;
	r = ml_repo_new(spec, &git_repo_ops, tree);
	tree = NULL;
	for (size_t i = 0; i < paths.n; i++)
		ml_repo_add_path(r, paths.v[i]);
	free(r->url);
	r->url = ml_xasprintf("git+%s", url);
	r->commit = commit;
	commit = NULL;
	/* a commit names its tree: its parsed files keep under it */
	r->key = ml_xasprintf("git:%s", r->commit);
	{
		char *id = ml_xasprintf("git:%s", url);

		ml_repo_attach_cache(r, id, r->key);
		free(id);
	}
	*out = r;
out:
	ml_git_tree_free(tree);
	ml_strvec_release(&paths);
	free(commit);
	free(ref);
	free(url);
	return ret;
}
