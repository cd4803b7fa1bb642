#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"
#include "lib/toolchain.h"
#include "progress.h"

#include <limits.h>
#include <stddef.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PULL_MAX_MIRRORS 64

enum {
	OPT_LOCKFILE = 1,
	OPT_JOBS,
	OPT_OFFLINE,
	OPT_MIRROR,
	OPT_FORCE,
	OPT_KEEP_GIT,
	OPT_TIMEOUT,
	OPT_ROOT,
	OPT_TEST_CAPS,
	OPT_VERBOSE,
};

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH",
	  "the lock to pull; a name ending in .opam.locked is read in\n"
	  "opam-monorepo's format",
	  "monolock.lock", OPT_LOCKFILE, 0 },
	{ "jobs", 'j', "N", "parallel downloads (1 to 256)", "8", OPT_JOBS, 0 },
	{ "offline", 0, NULL, "use the cache only", NULL, OPT_OFFLINE, 0 },
	{ "mirror", 0, "URL", "an archive mirror in opam's cache layout, tried before upstream",
	  NULL, OPT_MIRROR, CMD_OPT_REPEAT },
	{ "force", 0, NULL,
	  "replace or remove directories even if they have local edits,\n"
	  "each saved first in duniverse/.monolock/discarded/ (last ten)",
	  NULL, OPT_FORCE, 0 },
	{ "keep-git-dir", 0, NULL, "keep .git in directories pulled from git", NULL, OPT_KEEP_GIT,
	  0 },
	{ "timeout", 0, "S",
	  "give up a download not complete after S seconds; one slower\n"
	  "than 1 KB/s for a minute is retried, then given up",
	  "1800", OPT_TIMEOUT, 0 },
	{ "root", 0, "DIR", "the project: duniverse/ and the lock's relative paths are\nthere",
	  "the lock file's directory", OPT_ROOT, 0 },
	{ "verbose", 'v', NULL,
	  "a line for each directory: downloaded (from which URL), from the\n"
	  "cache, exported from git, copied, unchanged or removed",
	  NULL, OPT_VERBOSE, CMD_OPT_SYN_SHORT },
	{ "test-caps", 0, "KEY=N,...", "lower the extraction caps (tests only)", NULL,
	  OPT_TEST_CAPS, CMD_OPT_HIDDEN },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_pull_spec = {
	.name = "pull",
	.summary = "fetch the lock's sources into duniverse/ and generate its dune file",
	.args = "[DIR...]",
	.description =
	    "Fetches the sources of the lock into duniverse/<dir>/ beside the lock file and\n"
	    "writes duniverse/dune so that `dune build` builds the project and every vendored\n"
	    "package. Unchanged directories are not touched; directories no longer in the lock\n"
	    "are removed, those monolock did not write (and links) left alone. With DIR...,\n"
	    "only those directories are pulled. Progress and the summary go to stderr.",
	.opts = opts,
	.exits = "3\tlocal modifications (nothing changed), or carried patches conflict\n",
	.examples = "monolock pull\tthe whole lock into duniverse/\n"
		    "monolock pull fmt\tduniverse/fmt/ only\n"
		    "monolock pull --offline --mirror file:///srv/mirror\twithout a network\n",
	.flags = CMD_SPEC_STOP,
	.complete = CMD_COMPLETE_DIRS,
};

struct pull_opts {
	const char *lockfile;
	const char *mirrors[PULL_MAX_MIRRORS];
	struct ml_strvec only;
	bool verbose;
	struct ml_pull_opts pull; /* what ml_pull is given */
};

static void print_edits(const struct ml_ws_plan *plan, const char *root)
{
	fprintf(stderr, "monolock: local modifications in directories pull would replace or "
			"remove:\n");
	for (size_t i = 0; i < plan->nedits; i++) {
		const struct ml_ws_edit *e = &plan->edits[i];

		if (e->path)
			fprintf(stderr, "  %-9s %s/%s/%s\n", ml_ws_edit_kind_name(e->kind), root,
				e->dir, e->path);
		else
			fprintf(stderr, "  %-9s %s/%s/ (not written by monolock)\n",
				ml_ws_edit_kind_name(e->kind), root, e->dir);
	}
}

/* One line naming the directories with unsaved edits (the first few). */
static void print_edited(const struct ml_strvec *dirs)
{
	size_t shown = dirs->n < 4 ? dirs->n : 3;

	if (!dirs->n || cmd_global.quiet)
		return;
	fprintf(stderr,
		"%zu director%s ha%s unsaved edits (`monolock status -v` lists them): ", dirs->n,
		dirs->n == 1 ? "y" : "ies", dirs->n == 1 ? "s" : "ve");
	for (size_t i = 0; i < shown; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", dirs->v[i]);
	if (shown < dirs->n)
		fprintf(stderr, " and %zu more", dirs->n - shown);
	fprintf(stderr, "\n");
}

/* Edits of a directory the lock still has can be kept as a patch, carried to the new version. */
static void print_keep_hint(const struct ml_ws_plan *plan, const struct ml_lock *lock)
{
	struct ml_strvec dirs = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT;

	for (size_t i = 0; i < plan->nedits; i++) {
		const struct ml_lock_source *src = ml_lock_find_source(lock, plan->edits[i].dir);

		if (plan->edits[i].kind != ML_WS_UNTRACKED && src && !ml_lock_source_is_local(src))
			ml_strvec_push(&dirs, plan->edits[i].dir);
	}
	ml_strvec_sort_uniq(&dirs);
	for (size_t i = 0; i < dirs.n; i++)
		ml_buf_addf(&b, " %s", dirs.v[i]);
	if (dirs.n)
		fprintf(stderr,
			"monolock: `monolock patch%s` keeps the edits as patches that pull carries "
			"to the new version\n",
			b.buf);
	ml_buf_release(&b);
	ml_strvec_release(&dirs);
}

static void print_conflicts(const struct ml_strvec *kept, const struct ml_strvec *conflicts)
{
	fprintf(stderr, "monolock: saved patches do not merge cleanly into the new versions; "
			"conflict markers left in:\n");
	for (size_t i = 0; i < conflicts->n; i++)
		fprintf(stderr, "  %s\n", conflicts->v[i]);
	for (size_t i = 0; i < kept->n; i++)
		fprintf(stderr, "the old patch is kept as %s\n", kept->v[i]);
}

static void print_summary(const struct ml_pull_result *r, const struct ml_lock *lock,
			  const struct pull_opts *o, double t0)
{
	char size[32];
	/* `pull DIR...` looked at those directories only */
	size_t considered = o->only.n ? o->only.n : lock->nsources;

	if (considered < r->pulled)
		considered = r->pulled;

	if (cmd_global.json) {
		json_t *carried = json_array(), *edited = json_array();

		for (size_t i = 0; i < r->carried.n; i++)
			json_array_append_new(carried, json_string(r->carried.v[i]));
		for (size_t i = 0; i < r->edited.n; i++)
			json_array_append_new(edited, json_string(r->edited.v[i]));
		cmd_json_print(json_pack("{sssIsIsIsIsIsIsoso}", "workspace", r->root, "sources",
					 (json_int_t)considered, "pulled", (json_int_t)r->pulled,
					 "unchanged", (json_int_t)(considered - r->pulled),
					 "from_cache", (json_int_t)r->from_cache, "removed",
					 (json_int_t)r->removed, "bytes", (json_int_t)r->bytes,
					 "carried", carried, "edited", edited));
		return;
	}
	if ((!lock->nsources && !r->removed) || cmd_global.quiet)
		return;
	cmd_human_size(size, sizeof(size), r->bytes);
	if (!r->pulled && !r->removed) {
		fprintf(stderr, "%s is up to date (%zu source%s)\n", cmd_user_path(r->root),
			considered, considered == 1 ? "" : "s");
		print_edited(&r->edited);
	} else if (!r->pulled)
		fprintf(stderr, "removed %zu source%s in %.1f s\n", r->removed,
			r->removed == 1 ? "" : "s", cmd_now() - t0);
	else if (r->removed)
		fprintf(stderr, "pulled %zu source%s (%s, %zu from cache), removed %zu in %.1f s\n",
			r->pulled, r->pulled == 1 ? "" : "s", size, r->from_cache, r->removed,
			cmd_now() - t0);
	else
		fprintf(stderr, "pulled %zu source%s (%s, %zu from cache) in %.1f s\n", r->pulled,
			r->pulled == 1 ? "" : "s", size, r->from_cache, cmd_now() - t0);
}

/*
 * A failed fetch: one line per failed source, those sharing a cause (an unreachable host)
 * grouped into one line naming a few (ml_pull_failure_report), then what to try next.
 */
static void print_failures(const struct ml_pull_result *r, const struct pull_opts *o)
{
	struct ml_failure_report rep;

	ml_pull_failure_report(&rep, r);
	if (r->failed.n == 1) {
		char *msg = ml_project_user_text(cmd_global.prefix ? cmd_global.prefix : "",
						 r->failed_msgs.v[0]);

		fprintf(stderr, "monolock: %s\n", msg);
		free(msg);
	} else {
		fprintf(stderr,
			"monolock: %zu of %zu sources could not be fetched (nothing changed):\n",
			r->failed.n, r->fetched);
	}
	for (size_t i = 0; r->failed.n > 1 && i < rep.ngroups; i++) {
		const struct ml_failure_group *g = &rep.groups[i];

		if (!g->cause) {
			fprintf(stderr, "  %s\n", g->msg);
			continue;
		}
		fprintf(stderr, "  %s: %zu sources (", g->cause, g->n);
		for (size_t k = 0; k < g->n && k < ML_FAILURE_NAMES; k++)
			fprintf(stderr, "%s%s", k ? ", " : "", g->names[k]);
		if (g->n > ML_FAILURE_NAMES)
			fprintf(stderr, " and %zu more", g->n - ML_FAILURE_NAMES);
		fprintf(stderr, ")\n");
	}
	/* what to try next, when it is the network's fault (not a checksum's) */
	if (rep.network && o->pull.offline)
		fprintf(stderr,
			"monolock: without --offline, pull downloads what the cache lacks\n");
	else if (rep.network)
		fprintf(stderr,
			"monolock: next: `monolock pull --offline` uses what the cache holds; "
			"`--mirror URL` tries a mirror first; %s\n",
			rep.timeout ? "`--timeout S` gives each download longer"
				    : "`--timeout S` bounds each download");
	ml_failure_report_release(&rep);
}

static int run_pull(struct pull_opts *o)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	char *found = NULL; /* the *.opam.locked pulled for want of monolock.lock */
	struct ml_pull_result res;
	struct cmd_progress prog = { 0 };
	double t0 = cmd_now();
	struct stat st;
	int ret;

	ml_pull_result_init(&res);
	prog.tty = cmd_term_cursor(STDERR_FILENO);
	prog.colour = cmd_term_colour(STDERR_FILENO);
	prog.quiet = cmd_global.quiet;
	prog.verbose = o->verbose;
	cmd_catch_interrupts();
	ret = ml_lockfile_locate(&found, o->lockfile, &err);
	o->lockfile = found ? found : o->lockfile;
	if (!ret && stat(o->lockfile, &st) == 0 && st.st_size > 0)
		/*
		 * In whole huge pages (lib/util.h): a pull allocates about six times its lock's
		 * size (a no-op pull of 100,000 sources: 35 MB of lock, 200 MiB), and its 4 KiB
		 * page faults were a fifth of that pull's CPU.
		 */
		ml_heap_prepare((size_t)(st.st_size < (64 << 20) ? st.st_size : (64 << 20)) * 8);
	if (!ret)
		ret = ml_lockfile_load(&lock, o->lockfile, &err);
	if (ret)
		goto out;
	for (size_t i = 0; i < lock->warnings.n; i++)
		cmd_warn("%s", lock->warnings.v[i]);
	{
		struct ml_buf tw = ML_BUF_INIT;

		/* a warning, not an error: the build may still work, and the lock is the truth */
		if (ml_toolchain_differs(&tw, &lock->toolchain))
			cmd_warn("%s: %s (`monolock lock` locks for them)", o->lockfile, tw.buf);
		ml_buf_release(&tw);
	}
	o->pull.lockfile = o->lockfile;
	o->pull.only = &o->only;
	o->pull.report = cmd_progress_pull_event;
	o->pull.report_ctx = &prog;
	ret = ml_pull(&res, lock, &o->pull, &err);
	if (ret == ML_EMODIFIED && res.plan.nedits) {
		print_edits(&res.plan, cmd_user_path(res.root));
		print_keep_hint(&res.plan, lock);
	}
	for (size_t i = 0; !ret && !cmd_global.json && !cmd_global.quiet && i < res.carried.n; i++)
		fprintf(stderr, "carried %s\n", res.carried.v[i]);
	/* carried patches: the lock records them (fetch/ does not write locks) */
	if (!ret && res.lock_changed)
		ret = ml_ends_with(o->lockfile, ML_LOCKFILE_OPAM_SUFFIX)
			  ? ml_lockfile_opam_write(NULL, o->lockfile, lock, &err)
			  : ml_lockfile_write(NULL, o->lockfile, lock, &err);
	/* with --json one document: the error's when carried patches conflict */
	if (!ret && res.root && !(cmd_global.json && res.conflicts.n))
		print_summary(&res, lock, o, t0);
	if (!ret && res.conflicts.n) {
		print_conflicts(&res.kept, &res.conflicts);
		ret = ml_error_set(&err, ML_EMODIFIED,
				   "resolve the conflicts, then save the result with `monolock "
				   "patch DIR`");
	}
out:
	cmd_progress_release(&prog);
	ml_lock_free(lock);
	if (ret && res.failed.n && !cmd_global.json) {
		print_failures(&res, o);
		ret = cmd_exit_code(ret);
	} else if (ret) {
		ret = cmd_error(&err);
	}
	ml_pull_result_release(&res);
	free(found);
	ml_error_release(&err);
	return ret;
}

/*
 * --test-caps KEY=N[,KEY=N...], hidden (tests only): lowers the extraction caps so that tests
 * can reach them with small archives. Keys: entries, bytes, names (per archive),
 * pull-entries, pull-bytes (per pull). A value can only lower a cap, never raise it.
 */
static int test_caps(struct pull_opts *o, const char *spec)
{
	static const struct {
		const char *key;
		size_t off;
		uint64_t real;
	} keys[] = {
		{ "entries", offsetof(struct pull_opts, pull.caps.max_entries),
		  ML_EXTRACT_MAX_ENTRIES },
		{ "bytes", offsetof(struct pull_opts, pull.caps.max_bytes), ML_EXTRACT_MAX_BYTES },
		{ "names", offsetof(struct pull_opts, pull.caps.max_name_bytes),
		  ML_EXTRACT_MAX_NAME_BYTES },
		{ "pull-entries", offsetof(struct pull_opts, pull.budget.max_entries),
		  ML_PULL_MAX_ENTRIES },
		{ "pull-bytes", offsetof(struct pull_opts, pull.budget.max_bytes),
		  ML_PULL_MAX_BYTES },
	};
	const char *p = spec;
	int ret = 0;

	while (!ret) {
		const char *end = strchrnul(p, ',');
		char *item = ml_strndup(p, (size_t)(end - p)), *eq = strchr(item, '=');
		size_t k = 0;
		long v;

		if (eq)
			*eq = '\0';
		while (k < sizeof(keys) / sizeof(keys[0]) && strcmp(keys[k].key, item))
			k++;
		if (!eq || k == sizeof(keys) / sizeof(keys[0]) ||
		    ml_parse_long(eq + 1, 1, LONG_MAX, &v))
			ret = -1;
		else
			*(uint64_t *)((char *)o + keys[k].off) =
			    (uint64_t)v < keys[k].real ? (uint64_t)v : keys[k].real;
		free(item);
		if (!*end)
			break;
		p = end + 1;
	}
	return ret;
}

int cmd_pull(int argc, char **argv)
{
	struct pull_opts o = { 0 };
	struct cmd_parser p;
	long jobs;
	int c, ret = -1;

	o.lockfile = ML_LOCKFILE_NAME;
	o.pull.jobs = 8;
	o.pull.mirrors = o.mirrors;
	cmd_parser_init(&p, &cmd_pull_spec, argc, argv);
	while (ret < 0 && (c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_LOCKFILE:
			o.lockfile = cmd_path(p.val);
			break;
		case OPT_JOBS:
			if (ml_parse_long(p.val, 1, 256, &jobs))
				ret = cmd_usage_error(&cmd_pull_spec,
						      "--jobs: expected a number from 1 to 256, "
						      "got '%s'",
						      p.val);
			o.pull.jobs = (int)jobs;
			break;
		case OPT_TIMEOUT:
			if (ml_parse_long(p.val, 1, 86400, &o.pull.timeout_s))
				ret =
				    cmd_usage_error(&cmd_pull_spec,
						    "--timeout: expected seconds from 1 to 86400, "
						    "got '%s'",
						    p.val);
			break;
		case OPT_TEST_CAPS:
			if (test_caps(&o, p.val))
				ret = cmd_usage_error(&cmd_pull_spec,
						      "--test-caps: bad cap in '%s'", p.val);
			break;
		case OPT_OFFLINE:
			o.pull.offline = true;
			break;
		case OPT_MIRROR:
			if (o.pull.nmirrors >= PULL_MAX_MIRRORS)
				ret = cmd_usage_error(&cmd_pull_spec, "too many --mirror options");
			else
				o.mirrors[o.pull.nmirrors++] = cmd_url(p.val);
			break;
		case OPT_FORCE:
			o.pull.force = true;
			break;
		case OPT_KEEP_GIT:
			o.pull.keep_git = true;
			break;
		case OPT_VERBOSE:
			o.verbose = true;
			break;
		case OPT_ROOT:
			o.pull.root = cmd_path(p.val);
			break;
		}
	}
	if (ret < 0 && c < 0)
		ret = p.exit;
	if (ret >= 0) {
		cmd_parser_release(&p);
		return ret;
	}
	cmd_dir_args(&o.only, (int)p.args.n, p.args.v);
	cmd_parser_release(&p);
	ret = run_pull(&o);
	ml_strvec_release(&o.only);
	return ret;
}
