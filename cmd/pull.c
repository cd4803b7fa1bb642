#include "cmd.h"
#include "fetch/fetch.h"
#include "lockfile/lockfile.h"
#include "lib/toolchain.h"
#include "progress.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_pull[] =
    "usage: monolock pull [--lockfile PATH] [--jobs N] [--offline] [--mirror URL]...\n"
    "                     [--force] [--keep-git-dir] [--timeout S] [--root DIR] [-q] [DIR...]";

#define PULL_MAX_MIRRORS 64

static void help_pull(void)
{
	printf(
	    "%s\n\n"
	    "Fetches the sources of the lock into duniverse/<dir>/ beside the lock file and\n"
	    "writes duniverse/dune so that `dune build` builds the project and every vendored\n"
	    "package. Unchanged directories are not touched; directories no longer in the lock\n"
	    "are removed, those monolock did not write (and links) left alone. With DIR...,\n"
	    "only those directories are pulled.\n\n"
	    "options:\n"
	    "  --lockfile PATH  the lock to pull [monolock.lock]; a *.opam.locked file is read\n"
	    "                   in opam-monorepo's format\n"
	    "  --jobs N         parallel downloads [8]\n"
	    "  --offline        use the cache only\n"
	    "  --mirror URL     an archive mirror in opam's cache layout, tried before upstream\n"
	    "  --force          replace or remove directories even if they have local edits,\n"
	    "                   each saved first in duniverse/.monolock/discarded/ (last ten)\n"
	    "  --keep-git-dir   keep .git in directories pulled from git\n"
	    "  --root DIR       the project: duniverse/ and the lock's relative paths are\n"
	    "                   there [the lock file's directory]\n"
	    "  --timeout S      give up a download not complete after S seconds [1800];\n"
	    "                   one slower than 1 KB/s for a minute is retried, then given up\n"
	    "  -q, --quiet      no progress or warnings\n"
	    "  --help           print this help\n\n"
	    "exit status: 0 ok, 1 failure, 3 local modifications (nothing changed), 64 usage\n",
	    usage_pull);
}

struct pull_opts {
	const char *lockfile;
	bool quiet;
	const char *mirrors[PULL_MAX_MIRRORS];
	struct ml_strvec only;
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

	if (!dirs->n)
		return;
	printf("%zu director%s ha%s unsaved edits (`monolock status -v` lists them): ", dirs->n,
	       dirs->n == 1 ? "y" : "ies", dirs->n == 1 ? "s" : "ve");
	for (size_t i = 0; i < shown; i++)
		printf("%s%s", i ? ", " : "", dirs->v[i]);
	if (shown < dirs->n)
		printf(" and %zu more", dirs->n - shown);
	printf("\n");
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

	if (!lock->nsources && !r->removed)
		return;
	cmd_human_size(size, sizeof(size), r->bytes);
	if (!r->pulled && !r->removed) {
		printf("%s is up to date (%zu source%s)\n", r->root, considered,
		       considered == 1 ? "" : "s");
		print_edited(&r->edited);
	} else if (!r->pulled)
		printf("removed %zu source%s in %.1f s\n", r->removed, r->removed == 1 ? "" : "s",
		       cmd_now() - t0);
	else if (r->removed)
		printf("pulled %zu source%s (%s, %zu from cache), removed %zu in %.1f s\n",
		       r->pulled, r->pulled == 1 ? "" : "s", size, r->from_cache, r->removed,
		       cmd_now() - t0);
	else
		printf("pulled %zu source%s (%s, %zu from cache) in %.1f s\n", r->pulled,
		       r->pulled == 1 ? "" : "s", size, r->from_cache, cmd_now() - t0);
}

#define PULL_NAMES_SHOWN 3 /* sources named in a line of the failure report */

/*
 * A failed fetch: one line per failed source, those sharing a cause (an unreachable host)
 * grouped into one line naming a few, then what to try next.
 */
static void print_failures(const struct ml_pull_result *r, const struct pull_opts *o)
{
	const struct ml_strvec *causes = &r->failed_causes;
	bool *done = ml_calloc(r->failed.n ? r->failed.n : 1, sizeof(*done));
	bool timeouts = false, network = false;

	if (r->failed.n == 1)
		fprintf(stderr, "monolock: %s\n", r->failed_msgs.v[0]);
	else
		fprintf(stderr,
			"monolock: %zu of %zu sources could not be fetched (nothing changed):\n",
			r->failed.n, r->fetched);
	for (size_t i = 0; i < r->failed.n; i++) {
		size_t same = 0, shown = 0;

		timeouts |=
		    strstr(r->failed_msgs.v[i], "timed out") || strstr(causes->v[i], "within");
		network |= *causes->v[i] != '\0';
		if (done[i] || r->failed.n == 1)
			continue;
		for (size_t k = i; *causes->v[i] && k < r->failed.n; k++)
			same += !strcmp(causes->v[k], causes->v[i]);
		if (same < 2) {
			fprintf(stderr, "  %s\n", r->failed_msgs.v[i]);
			continue;
		}
		fprintf(stderr, "  %s: %zu sources (", causes->v[i], same);
		for (size_t k = i; k < r->failed.n; k++) {
			if (strcmp(causes->v[k], causes->v[i]))
				continue;
			done[k] = true;
			if (shown < PULL_NAMES_SHOWN)
				fprintf(stderr, "%s%s", shown ? ", " : "", r->failed.v[k]);
			shown++;
		}
		if (same > PULL_NAMES_SHOWN)
			fprintf(stderr, " and %zu more", same - PULL_NAMES_SHOWN);
		fprintf(stderr, ")\n");
	}
	/* what to try next, when it is the network's fault (not a checksum's) */
	if (network && o->pull.offline)
		fprintf(stderr,
			"monolock: without --offline, pull downloads what the cache lacks\n");
	else if (network || timeouts)
		fprintf(stderr,
			"monolock: next: `monolock pull --offline` uses what the cache holds; "
			"`--mirror URL` tries a mirror first; %s\n",
			timeouts ? "`--timeout S` gives each download longer"
				 : "`--timeout S` bounds each download");
	free(done);
}

static int run_pull(struct pull_opts *o)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	char *found = NULL; /* the *.opam.locked pulled for want of monolock.lock */
	struct ml_pull_result res;
	struct cmd_progress prog = { 0 };
	double t0 = cmd_now();
	int ret;

	ml_pull_result_init(&res);
	prog.tty = cmd_term_cursor(STDERR_FILENO);
	prog.colour = cmd_term_colour(STDERR_FILENO);
	prog.quiet = o->quiet;
	cmd_catch_interrupts();
	ret = ml_lockfile_locate(&found, o->lockfile, &err);
	o->lockfile = found ? found : o->lockfile;
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
		print_edits(&res.plan, res.root);
		print_keep_hint(&res.plan, lock);
	}
	for (size_t i = 0; !ret && i < res.carried.n; i++)
		printf("carried %s\n", res.carried.v[i]);
	/* carried patches: the lock records them (fetch/ does not write locks) */
	if (!ret && res.lock_changed)
		ret = ml_ends_with(o->lockfile, ML_LOCKFILE_OPAM_SUFFIX)
			  ? ml_lockfile_opam_write(NULL, o->lockfile, lock, &err)
			  : ml_lockfile_write(NULL, o->lockfile, lock, &err);
	if (!ret && res.root)
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
	if (ret && res.failed.n) {
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
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "lockfile", required_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "offline", no_argument, NULL, 'o' },
		{ "mirror", required_argument, NULL, 'm' },
		{ "force", no_argument, NULL, 'f' },
		{ "keep-git-dir", no_argument, NULL, 'g' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "timeout", required_argument, NULL, 't' },
		{ "root", required_argument, NULL, 'r' },
		{ "test-caps", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct pull_opts o = { 0 };
	long jobs;
	int c, ret;

	o.lockfile = ML_LOCKFILE_NAME;
	o.pull.jobs = 8;
	o.pull.mirrors = o.mirrors;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hqj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help_pull();
			return EXIT_OK;
		case 'l':
			o.lockfile = cmd_path(optarg);
			break;
		case 'j':
			if (ml_parse_long(optarg, 1, 256, &jobs))
				return cmd_usage_error(usage_pull,
						       "--jobs: expected a number from 1 to 256, "
						       "got '%s'",
						       optarg);
			o.pull.jobs = (int)jobs;
			break;
		case 't':
			if (ml_parse_long(optarg, 1, 86400, &o.pull.timeout_s))
				return cmd_usage_error(
				    usage_pull,
				    "--timeout: expected seconds from 1 to 86400, "
				    "got '%s'",
				    optarg);
			break;
		case 'T':
			if (test_caps(&o, optarg))
				return cmd_usage_error(usage_pull, "--test-caps: bad cap in '%s'",
						       optarg);
			break;
		case 'o':
			o.pull.offline = true;
			break;
		case 'm':
			if (o.pull.nmirrors >= PULL_MAX_MIRRORS)
				return cmd_usage_error(usage_pull, "too many --mirror options");
			o.mirrors[o.pull.nmirrors++] = cmd_url(optarg);
			break;
		case 'f':
			o.pull.force = true;
			break;
		case 'g':
			o.pull.keep_git = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'r':
			o.pull.root = cmd_path(optarg);
			break;
		default:
			return cmd_bad_option(usage_pull, argv, c);
		}
	}
	if (o.quiet)
		cmd_global.quiet = true;
	cmd_dir_args(&o.only, argc - optind, argv + optind);
	ret = run_pull(&o);
	ml_strvec_release(&o.only);
	return ret;
}
