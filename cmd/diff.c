#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/patch.h"
#include "lockfile/lockfile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_LOCKFILE = 1, OPT_STAT, OPT_COLOR, OPT_COLOUR, OPT_OFFLINE };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock", "monolock.lock", OPT_LOCKFILE, 0 },
	{ "stat", 0, NULL, "a summary of the changed files instead of the diff", NULL, OPT_STAT,
	  0 },
	{ "color", 0, "WHEN", "always, never or auto (on a terminal, without NO_COLOR)", "auto",
	  OPT_COLOR, 0 },
	{ "colour", 0, "WHEN", "as --color", NULL, OPT_COLOUR, CMD_OPT_HIDDEN },
	{ "offline", 0, NULL, "use the cache only", NULL, OPT_OFFLINE, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_diff_spec = {
	.name = "diff",
	.summary = "show the local edits of duniverse/ as a unified diff",
	.args = "[DIR...]",
	.description =
	    "Shows the local edits of duniverse/<dir>/ as a unified diff against the pristine\n"
	    "source of the lock plus its saved patches (patches/<dir>.patch), with paths\n"
	    "a/duniverse/<dir>/... and b/duniverse/<dir>/... that `git apply` and `patch -p1`\n"
	    "take at the project root. The pristine source comes from monolock's cache\n"
	    "(downloaded again when missing); nothing is written in the workspace.\n"
	    "`monolock patch DIR` saves the edits. Exit 0 with or without edits.",
	.opts = opts,
	.examples = "monolock diff\tevery edit of the workspace\n"
		    "monolock diff --stat fmt\tthe files changed in duniverse/fmt/\n"
		    "monolock diff fmt | git apply -R\tundo the edits of duniverse/fmt/\n",
	.flags = CMD_SPEC_STOP,
	.complete = CMD_COMPLETE_DIRS,
};

/* Colours by line kind: headers bold, hunk headers cyan, removals red, additions green. */
static void print_colored(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	bool header = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *color = NULL;

		if (n >= 10 && !strncmp(p, "diff --git", 10))
			header = true;
		else if (n >= 2 && !strncmp(p, "@@", 2))
			header = false;
		if (header)
			color = "\033[1m";
		else if (n >= 2 && !strncmp(p, "@@", 2))
			color = "\033[36m";
		else if (n && *p == '-')
			color = "\033[31m";
		else if (n && *p == '+')
			color = "\033[32m";
		if (color)
			printf("%s%.*s\033[m\n", color, (int)n, p);
		else
			printf("%.*s\n", (int)n, p);
		p += n + 1;
	}
}

/* The directories to show: those named, else every source of the lock, in lock order. */
static int run_diff(const char *lockfile, const struct ml_strvec *only, bool stat, bool color,
		    bool offline)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_workspace *ws = NULL;
	struct ml_buf out = ML_BUF_INIT;
	char *project = NULL, *root = NULL;
	const char *slash = strrchr(lockfile, '/');
	int ret;

	project = slash ? ml_strndup(lockfile, (size_t)(slash - lockfile + 1)) : ml_strdup("");
	root = ml_path_join(project, "duniverse");
	ret = ml_lockfile_load(&lock, lockfile, &err);
	if (!ret && !ml_fs_is_dir(root))
		ret = ml_error_set(&err, ML_ENOTFOUND, "%s: no workspace (run `monolock pull`)",
				   root);
	if (!ret)
		ret = ml_workspace_open(&ws, root, ml_pull_hash_file, NULL, &err);
	for (size_t i = 0; !ret && i < (only->n ? only->n : lock->nsources); i++) {
		const char *dir = only->n ? only->v[i] : lock->sources[i].dir;
		const struct ml_lock_source *src = ml_lock_find_source(lock, dir);
		struct ml_patch_diff_opts o = { 0 };
		struct ml_ws_plan plan;
		struct ml_strvec paths = ML_STRVEC_INIT;
		char *key = NULL;
		unsigned flags;

		if (!src) {
			ret =
			    ml_error_set(&err, ML_EUSAGE, "%s: not a source of %s", dir, lockfile);
			break;
		}
		ml_ws_plan_init(&plan);
		ret = ml_workspace_key(&key, ws, dir, &err);
		if (ret == ML_ENOTFOUND) {
			ret = 0;
			if (only->n)
				ret = ml_error_set(&err, ML_ENOTFOUND,
						   "%s/%s: not pulled (run `monolock pull`)", root,
						   dir);
		} else if (!ret && !ml_patch_key_matches(key, src, &flags)) {
			if (only->n)
				ret = ml_error_set(&err, ML_EUSAGE,
						   "%s/%s: the lock names another source than the "
						   "one pulled (run `monolock pull`)",
						   root, dir);
			else
				cmd_warn("%s/%s: out of date with the lock (run `monolock pull`)",
					 root, dir);
		} else if (!ret) {
			/* only the files that differ from what pull wrote */
			ret = ml_workspace_diff(&plan, ws, dir, &err);
			for (size_t k = 0; !ret && k < plan.nedits; k++)
				if (plan.edits[k].path)
					ml_strvec_push(&paths, plan.edits[k].path);
			if (!ret && paths.n) {
				char *prefix = ml_xasprintf("duniverse/%s/", dir);

				o.tree_prefix = prefix;
				o.stat = stat;
				o.paths = &paths;
				ret = ml_patch_edits(&out, root, project, src, true, &o, offline,
						     &err);
				free(prefix);
			}
		}
		ml_strvec_release(&paths);
		ml_ws_plan_release(&plan);
		free(key);
	}
	if (!ret && cmd_global.json) {
		json_t *j = json_object();

		json_object_set_new(j, "workspace", json_string(root));
		json_object_set_new(j, stat ? "stat" : "diff", json_stringn(out.buf, out.len));
		cmd_json_print(j);
	} else if (!ret) {
		if (color)
			print_colored(out.buf, out.len);
		else
			fwrite(out.buf, 1, out.len, stdout);
	}
	ml_buf_release(&out);
	ml_workspace_free(ws);
	ml_lock_free(lock);
	free(project);
	free(root);
	if (ret)
		ret = cmd_error(&err);
	ml_error_release(&err);
	return ret;
}

int cmd_diff(int argc, char **argv)
{
	const char *lockfile = ML_LOCKFILE_NAME, *when = "auto";
	struct ml_strvec only = ML_STRVEC_INIT;
	bool stat = false, offline = false, color;
	struct cmd_parser p;
	int c, ret;

	cmd_parser_init(&p, &cmd_diff_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_LOCKFILE:
			lockfile = cmd_path(p.val);
			break;
		case OPT_STAT:
			stat = true;
			break;
		case OPT_COLOR:
		case OPT_COLOUR:
			if (strcmp(p.val, "always") && strcmp(p.val, "never") &&
			    strcmp(p.val, "auto")) {
				cmd_parser_release(&p);
				return cmd_usage_error(&cmd_diff_spec,
						       "--color: expected always, never or auto, "
						       "got '%s'",
						       p.val);
			}
			when = p.val;
			break;
		case OPT_OFFLINE:
			offline = true;
			break;
		}
	}
	if (c < 0) {
		cmd_parser_release(&p);
		return p.exit;
	}
	if (!strcmp(when, "auto")) {
		const char *term = getenv("TERM");

		color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") &&
			!(term && !strcmp(term, "dumb"));
	} else {
		color = !strcmp(when, "always");
	}
	cmd_dir_args(&only, (int)p.args.n, p.args.v);
	cmd_parser_release(&p);
	ret = run_diff(lockfile, &only, stat, color, offline);
	ml_strvec_release(&only);
	return ret;
}
