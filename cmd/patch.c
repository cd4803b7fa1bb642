#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/patch.h"
#include "lockfile/lockfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_patch[] = "usage: monolock patch [--lockfile PATH] [--offline] DIR...";

static void help_patch(void)
{
	printf("%s\n\n"
	       "Saves the local edits of duniverse/<dir>/ as patches/<dir>.patch beside the lock\n"
	       "(a plain unified diff against the pristine source, paths relative to it, as\n"
	       "`patch -p1` takes it upstream) and records it with its sha256 in the lock.\n"
	       "`monolock pull` then applies it whenever it writes the directory, and carries it\n"
	       "to a new version of the source. With no edits left, the patch is dropped.\n\n"
	       "options:\n"
	       "  --lockfile PATH  the lock [monolock.lock]; a *.opam.locked file is written in\n"
	       "                   opam-monorepo's format\n"
	       "  --offline        use the cache only for the pristine source\n"
	       "  --help           print this help\n\n"
	       "exit status: 0 ok, 1 failure, 64 usage\n",
	       usage_patch);
}

/* Counts the files a patch touches (its "diff --git" lines). */
static size_t files_of(const char *text)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, "diff --git ")); p++)
		if (p == text || p[-1] == '\n')
			n++;
	return n;
}

static int run_patch(const char *lockfile, const struct ml_strvec *dirs, bool offline)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_workspace *ws = NULL;
	struct ml_buf text = ML_BUF_INIT;
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
		struct ml_patch_diff_opts o = { 0 };
		struct ml_lock_source base = { 0 }, ks;
		char *key = NULL, *file = NULL, *sha = NULL, *orig;
		struct ml_strvec paths = ML_STRVEC_INIT;
		unsigned flags = 0;
		bool pulled_other = false;

		if (!src) {
			ret =
			    ml_error_set(&err, ML_EUSAGE, "%s: not a source of %s", dir, lockfile);
			break;
		}
		if (ml_lock_source_is_local(src)) {
			ret = ml_error_set(&err, ML_EUSAGE,
					   "%s: a local directory source (%s): edit it there, "
					   "monolock pull copies it",
					   dir, src->url);
			break;
		}
		ret = ml_workspace_key(&key, ws, dir, &err);
		if (ret == ML_ENOTFOUND)
			ret = ml_error_set(&err, ML_ENOTFOUND,
					   "%s/%s: not pulled (run `monolock pull`)", root, dir);
		else if (!ret && !ml_patch_key_matches(key, src, &flags)) {
			/* the lock moved on (an upgrade not pulled yet): the edits are against
			 * what was pulled, and pull carries the patch to the lock's version */
			ret = ml_patch_key_source(&base, key, &err);
			pulled_other = true;
			flags = strstr(key, " keep-git") ? ML_WS_KEEP_GIT : 0;
			base.dir = ml_strdup(dir);
		}
		free(key);
		if (ret) {
			ml_patch_key_source_release(&base);
			break;
		}
		ml_buf_reset(&text);
		o.binary = true;
		/*
		 * Only what differs from what pull wrote or what the saved patches touch; when
		 * the lock moved on, the patches pulled may not be the lock's: every file.
		 */
		o.paths = pulled_other ? NULL : &paths;
		if (!pulled_other)
			ret = ml_patch_changed_paths(&paths, ws, project, src, &err);
		if (!ret && (pulled_other || paths.n))
			ret = ml_patch_edits(&text, root, project, pulled_other ? &base : src,
					     false, &o, offline, &err);
		ml_strvec_release(&paths);
		if (!ret && text.len)
			ret = ml_patch_save_file(&file, &sha, project, dir, NULL, text.buf,
						 text.len, &err);
		if (ret) {
			ml_patch_key_source_release(&base);
			break;
		}
		if (file) {
			printf("saved %s/%s as %s%s (%zu file%s)\n", root, dir, project, file,
			       files_of(text.buf), files_of(text.buf) == 1 ? "" : "s");
		} else if (src->patch_files.n) {
			printf("%s/%s has no edits: its patches are dropped from the lock\n", root,
			       dir);
		} else {
			printf("%s/%s has no edits\n", root, dir);
		}
		for (size_t k = 0; k < src->patch_files.n; k++) {
			/* a patch file this replaces, if it is not the one just written */
			char *old = ml_xasprintf("%s%s", project, src->patch_files.v[k]);

			if (!file || strcmp(src->patch_files.v[k], file))
				unlink(old);
			free(old);
		}
		ml_strvec_release(&src->patch_files);
		ml_strvec_release(&src->patch_sha256);
		if (file) {
			ml_strvec_push_owned(&src->patch_files, file);
			ml_strvec_push_owned(&src->patch_sha256, sha);
		}
		ks = pulled_other ? base : *src;
		ks.patch_files = src->patch_files;
		ks.patch_sha256 = src->patch_sha256;
		ml_strvec_push_owned(&keys, ml_workspace_source_key(&ks, flags));
		ml_patch_key_source_release(&base);
		/* what a conflicting carry kept aside is resolved now */
		orig = ml_xasprintf("%spatches/%s.patch.orig", project, dir);
		if (unlink(orig) == 0 && !cmd_global.quiet)
			fprintf(stderr, "removed %s\n", orig);
		free(orig);
	}
	if (!ret)
		ret = ml_ends_with(lockfile, ML_LOCKFILE_OPAM_SUFFIX)
			  ? ml_lockfile_opam_write(NULL, lockfile, lock, &err)
			  : ml_lockfile_write(NULL, lockfile, lock, &err);
	for (size_t i = 0; !ret && i < dirs->n; i++)
		ret = ml_workspace_adopt(ws, dirs->v[i], keys.v[i], &err);
	ml_buf_release(&text);
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
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "lockfile", required_argument, NULL, 'l' },
		{ "offline", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *lockfile = ML_LOCKFILE_NAME;
	struct ml_strvec dirs = ML_STRVEC_INIT;
	bool offline = false;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help_patch();
			return EXIT_OK;
		case 'l':
			lockfile = cmd_path(optarg);
			break;
		case 'o':
			offline = true;
			break;
		default:
			return cmd_bad_option(usage_patch, argv, c);
		}
	}
	if (optind == argc)
		return cmd_usage_error(usage_patch, "which directories? (e.g. monolock patch fmt)");
	cmd_dir_args(&dirs, argc - optind, argv + optind);
	ml_strvec_sort_uniq(&dirs);
	ret = run_patch(lockfile, &dirs, offline);
	ml_strvec_release(&dirs);
	return ret;
}
