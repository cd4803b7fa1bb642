#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/patch.h"
#include "lockfile/lockfile.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_LOCKFILE = 1, OPT_OFFLINE };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH",
	  "the lock; a name ending in .opam.locked is written in opam-monorepo's\nformat",
	  "monolock.lock", OPT_LOCKFILE, 0 },
	{ "offline", 0, NULL, "use the cache only for the pristine source", NULL, OPT_OFFLINE, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_patch_spec = {
	.name = "patch",
	.summary = "save the local edits of duniverse/DIR as patches/DIR.patch",
	.args = "DIR...",
	.description =
	    "Saves the local edits of duniverse/<dir>/ as patches/<dir>.patch beside the lock\n"
	    "(a plain unified diff against the pristine source, paths relative to it, as\n"
	    "`patch -p1` takes it upstream) and records it with its sha256 in the lock.\n"
	    "`monolock pull` then applies it whenever it writes the directory, and carries it\n"
	    "to a new version of the source. With no edits left, the patch is dropped.\n"
	    "A source's other patches (files added to the lock by hand) apply first, in\n"
	    "the lock's order, and are kept as they are: the saved patch is the edits on\n"
	    "top of them. When the lock names another version than the one pulled, the\n"
	    "patch is made against the version pulled, which pull carries it from.",
	.opts = opts,
	.examples = "monolock patch fmt\tkeep the edits of duniverse/fmt/ as patches/fmt.patch\n"
		    "monolock patch --json fmt cmdliner\twhat was saved, as JSON\n",
	.flags = CMD_SPEC_STOP,
	.complete = CMD_COMPLETE_DIRS,
};

/* --json: one entry per directory ({"dir", "patch" (or null), "files", "dropped"}) */
static json_t *json_dirs;

static void json_dir(const char *dir, const char *file, size_t files, bool dropped)
{
	if (!json_dirs)
		return;
	json_array_append_new(json_dirs, json_pack("{sssosIsb}", "dir", dir, "patch",
						   file ? json_string(file) : json_null(), "files",
						   (json_int_t)files, "dropped", dropped));
}

static int run_patch(const char *lockfile, const struct ml_strvec *dirs, bool offline)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_workspace *ws = NULL;
	char *project = NULL, *root = NULL;
	const char *slash = strrchr(lockfile, '/');
	struct ml_strvec keys = ML_STRVEC_INIT; /* each directory's key once adopted */
	int ret;

	project = slash ? ml_strndup(lockfile, (size_t)(slash - lockfile + 1)) : ml_strdup("");
	root = ml_path_join(project, "duniverse");
	ret = ml_lockfile_load(&lock, lockfile, &err);
	if (!ret && !ml_fs_is_dir(root))
		ret = ml_error_set(&err, ML_ENOTFOUND, "%s: no workspace (run `monolock pull`)",
				   root);
	if (!ret)
		ret = ml_workspace_open(&ws, root, ml_pull_hash_file, NULL, &err);
	/* every patch file first, then the lock once, then the manifests */
	for (size_t i = 0; !ret && i < dirs->n; i++) {
		const char *dir = dirs->v[i];
		struct ml_lock_source *src =
		    (struct ml_lock_source *)ml_lock_find_source(lock, dir);
		struct ml_patch_saved saved;
		struct ml_strvec removed = ML_STRVEC_INIT;
		char *orig;

		if (!src) {
			ret =
			    ml_error_set(&err, ML_EUSAGE, "%s: not a source of %s", dir, lockfile);
			break;
		}
		ret = ml_patch_save_dir(&saved, ws, project, src, offline, &err);
		if (ret)
			break;
		if (json_dirs)
			json_dir(dir, saved.file, saved.file ? saved.nfiles : 0, saved.dropped);
		else if (saved.file)
			printf("saved %s/%s as %s%s (%zu file%s)%s%s\n", root, dir, project,
			       saved.file, saved.nfiles, saved.nfiles == 1 ? "" : "s",
			       saved.others.n ? ", on top of " : "",
			       saved.others.n ? saved.others.v[saved.others.n - 1] : "");
		else if (saved.dropped)
			printf("%s/%s has no edits: its patch is dropped from the lock\n", root,
			       dir);
		else
			printf("%s/%s has no edits\n", root, dir);
		if (!json_dirs && saved.pulled && (saved.file || saved.dropped))
			printf("  against the version pulled (%s), not the lock's: `monolock pull` "
			       "carries it to %s\n",
			       saved.pulled, src->url);
		ml_strvec_push(&keys, saved.key);
		ml_patch_saved_release(&saved);
		/* what a conflicting carry kept aside is resolved now: every patch it kept */
		orig = ml_xasprintf("%spatches/%s.patch.orig", project, dir);
		if (unlink(orig) == 0 && !cmd_global.quiet)
			fprintf(stderr, "removed %s\n", orig);
		free(orig);
		ret = ml_patch_drop_kept(&removed, root, project, dir, &err);
		for (size_t k = 0; k < removed.n && !cmd_global.quiet; k++)
			fprintf(stderr, "removed %s\n", removed.v[k]);
		ml_strvec_release(&removed);
		if (ret)
			break;
	}
	if (!ret)
		ret = ml_ends_with(lockfile, ML_LOCKFILE_OPAM_SUFFIX)
			  ? ml_lockfile_opam_write(NULL, lockfile, lock, &err)
			  : ml_lockfile_write(NULL, lockfile, lock, &err);
	for (size_t i = 0; !ret && i < dirs->n; i++)
		ret = ml_workspace_adopt(ws, dirs->v[i], keys.v[i], &err);
	ml_workspace_free(ws);
	ml_lock_free(lock);
	ml_strvec_release(&keys);
	free(project);
	free(root);
	if (ret)
		ret = cmd_error(&err);
	ml_error_release(&err);
	return ret;
}

int cmd_patch(int argc, char **argv)
{
	const char *lockfile = ML_LOCKFILE_NAME;
	struct ml_strvec dirs = ML_STRVEC_INIT;
	bool offline = false;
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_patch_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		if (c == OPT_LOCKFILE)
			lockfile = cmd_path(p.val);
		else if (c == OPT_OFFLINE)
			offline = true;
	}
	if (c < 0 || !p.args.n) {
		ret = c < 0 ? p.exit
			    : cmd_usage_error(&cmd_patch_spec,
					      "which directories? (e.g. monolock patch fmt)");
		cmd_parser_release(&p);
		return ret;
	}
	cmd_dir_args(&dirs, (int)p.args.n, p.args.v);
	cmd_parser_release(&p);
	ml_strvec_sort_uniq(&dirs);
	if (cmd_global.json)
		json_dirs = json_array();
	ret = run_patch(lockfile, &dirs, offline);
	if (json_dirs && !ret)
		cmd_json_print(json_pack("{so}", "directories", json_dirs));
	else if (json_dirs)
		json_decref(json_dirs);
	json_dirs = NULL;
	ml_strvec_release(&dirs);
	return ret;
}
