#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/patch.h"
#include "lockfile/lockfile.h"
#include "lib/toolchain.h"

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
    "                     [--force] [--keep-git-dir] [--timeout S] [-q] [DIR...]";

#define PULL_MAX_MIRRORS 64
#define PULL_MAX_SHOWN 8 /* downloads drawn at once on a terminal */

static void help_pull(void)
{
	printf(
	    "%s\n\n"
	    "Fetches the sources of the lock into duniverse/<dir>/ beside the lock file and\n"
	    "writes duniverse/dune so that `dune build` builds the project and every vendored\n"
	    "package. Unchanged directories are not touched; directories no longer in the lock\n"
	    "are removed. With DIR..., only those directories are pulled.\n\n"
	    "options:\n"
	    "  --lockfile PATH  the lock to pull [monolock.lock]; a *.opam.locked file is read\n"
	    "                   in opam-monorepo's format\n"
	    "  --jobs N         parallel downloads [8]\n"
	    "  --offline        use the cache only\n"
	    "  --mirror URL     an archive mirror in opam's cache layout, tried before upstream\n"
	    "  --force          replace or remove directories even if they have local edits\n"
	    "  --keep-git-dir   keep .git in directories pulled from git\n"
	    "  --timeout S      give up a download not complete after S seconds [1800];\n"
	    "                   one slower than 1 KB/s for a minute is retried, then given up\n"
	    "  -q, --quiet      no progress or warnings\n"
	    "  --help           print this help\n\n"
	    "exit status: 0 ok, 1 failure, 3 local modifications (nothing changed), 64 usage\n",
	    usage_pull);
}

struct pull_opts {
	const char *lockfile;
	int jobs;
	bool offline, force, keep_git, quiet;
	long timeout;
	const char *mirrors[PULL_MAX_MIRRORS];
	size_t nmirrors;
	struct ml_strvec only;
	struct ml_extract_limits caps; /* zeros (the real caps) unless --test-caps */
	struct ml_extract_budget budget_caps;
};

/* One source to stage and swap in; `item` is the plan's. */
struct job {
	const struct ml_ws_item *item;
	const struct ml_lock_source *src;
	char *staging; /* once staged: its staging directory, owned */
	uint64_t done, total;
	bool active;
	struct ml_patch_stage patched; /* its recorded patches, applied or carried */
};

struct pull {
	const struct pull_opts *o;
	struct ml_workspace *ws;
	unsigned flags;
	struct job *jobs;
	struct ml_fetch_result *results;
	size_t njobs, finished;
	size_t pulled, from_cache;
	uint64_t bytes;
	struct ml_extract_budget budget; /* what every extraction of this pull wrote */
	struct job *others;              /* git and local sources (run_pull's) */
	size_t nothers;
	bool tty;
	const char *project; /* directory of the lock: relative file:// paths start there */
	int drawn;           /* lines of the progress block on the terminal */
	double last_draw;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void human(char *out, size_t n, uint64_t bytes)
{
	if (bytes < 1024)
		snprintf(out, n, "%llu B", (unsigned long long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, n, "%.1f KiB", (double)bytes / 1024);
	else
		snprintf(out, n, "%.1f MiB", (double)bytes / (1024 * 1024));
}

static bool showing(const struct pull *p)
{
	return !p->o->quiet && !cmd_global.quiet;
}

/* Terminal progress: a line per active download, then an overall bar; redrawn in place. */
static void draw(struct pull *p, bool force)
{
	char a[32], b[32];
	size_t shown = 0, width = 30, fill;
	uint64_t done = 0;
	double t = now();

	if (!p->tty || !showing(p) || (!force && t - p->last_draw < 0.1))
		return;
	p->last_draw = t;
	if (p->drawn)
		fprintf(stderr, "\033[%dA", p->drawn);
	p->drawn = 0;
	for (size_t i = 0; i < p->njobs && shown < PULL_MAX_SHOWN; i++) {
		if (!p->jobs[i].active)
			continue;
		human(a, sizeof(a), p->jobs[i].done);
		if (p->jobs[i].total)
			human(b, sizeof(b), p->jobs[i].total);
		else
			snprintf(b, sizeof(b), "?");
		fprintf(stderr, "\033[K  %-24.24s %10s / %s\n", p->jobs[i].item->dir, a, b);
		shown++;
		p->drawn++;
	}
	fill = p->njobs ? width * p->finished / p->njobs : width;
	/* bytes transferred so far (sources are counted into p->bytes when swapped in) */
	for (size_t i = 0; i < p->njobs; i++)
		done += p->jobs[i].done;
	human(a, sizeof(a), done);
	fprintf(stderr, "\033[K[");
	for (size_t i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu sources, %s\n", p->finished, p->njobs, a);
	p->drawn++;
	fflush(stderr);
}

static void clear_progress(struct pull *p)
{
	if (!p->drawn)
		return;
	fprintf(stderr, "\033[%dA\033[J", p->drawn);
	p->drawn = 0;
	fflush(stderr);
}

static void archive_size(struct pull *p, const char *path)
{
	struct stat st;

	if (path && stat(path, &st) == 0)
		p->bytes += (uint64_t)st.st_size;
}

/* Called by the fetcher while downloads run: progress only. */
static void on_progress(void *data, size_t index, const char *url, uint64_t done, uint64_t total)
{
	struct pull *p = data;
	struct job *j = &p->jobs[index];

	bool was_complete = j->total && j->done == j->total;

	(void)url;
	j->done = done;
	j->total = total;
	j->active = !(total && done == total);
	if (!j->active && !was_complete)
		p->finished++;
	draw(p, !j->active);
}

/* A file:// URL relative to the project ("file://./vendor/a") made usable from here. */
static char *resolve_file_url(const char *project, const char *url)
{
	const char *path = url + strlen("file://");

	if (!ml_starts_with(url, "file://") || path[0] == '/')
		return ml_strdup(url);
	return ml_xasprintf("file://%s%s", project, path);
}

static char *git_url(const char *project, const char *url)
{
	const char *u = ml_starts_with(url, "git+") ? url + 4 : url;
	const char *hash = strchr(u, '#');
	char *bare = hash ? ml_strndup(u, (size_t)(hash - u)) : ml_strdup(u);
	char *out = resolve_file_url(project, bare);

	free(bare);
	return out;
}

/* A local directory source (a pin-depends to a path): copied, not downloaded. */
static bool is_local(const struct ml_lock_source *src)
{
	return !src->commit && ml_starts_with(src->url, "file://") && !src->checksums.n;
}

static char *local_path(const char *project, const struct ml_lock_source *src)
{
	char *url = resolve_file_url(project, src->url);
	char *path = ml_strdup(url + strlen("file://"));

	free(url);
	return path;
}

/*
 * sha256 over a local directory's entries (path, kind, mode, content or link target), sorted,
 * .git skipped: the workspace key of a local source, so an edited pin is pulled again.
 */
static int fingerprint(struct ml_hasher *h, const char *root, const char *rel, int depth,
		       struct ml_error *err)
{
	char *dir = *rel ? ml_path_join(root, rel) : ml_strdup(root);
	struct ml_strvec names = ML_STRVEC_INIT;
	struct ml_buf data = ML_BUF_INIT;
	int ret;

	ret = ml_fs_list_dir(&names, dir, err);
	for (size_t i = 0; !ret && i < names.n; i++) {
		char *crel, *path;
		char target[4096];
		struct stat st;
		ssize_t n;

		if (!strcmp(names.v[i], ".git"))
			continue;
		crel = *rel ? ml_path_join(rel, names.v[i]) : ml_strdup(names.v[i]);
		path = ml_path_join(root, crel);

		ml_buf_reset(&data);
		if (lstat(path, &st) < 0) {
			ret = ml_error_errno(err, ML_EIO, "cannot stat '%s'", path);
		} else if (S_ISDIR(st.st_mode) && depth < ML_FS_COPY_MAX_DEPTH) {
			ml_hasher_update(h, "d", 1);
			ml_hasher_update(h, crel, strlen(crel) + 1);
			ret = fingerprint(h, root, crel, depth + 1, err);
		} else if (S_ISLNK(st.st_mode) &&
			   (n = readlink(path, target, sizeof(target))) >= 0) {
			ml_hasher_update(h, "l", 1);
			ml_hasher_update(h, crel, strlen(crel) + 1);
			ml_hasher_update(h, target, (size_t)n);
		} else if (S_ISREG(st.st_mode) &&
			   !(ret = ml_fs_read(&data, path, (size_t)1 << 30, err))) {
			ml_hasher_update(h, (st.st_mode & 0111) ? "x" : "f", 1);
			ml_hasher_update(h, crel, strlen(crel) + 1);
			ml_hasher_update(h, data.buf, data.len);
		}
		free(path);
		free(crel);
	}
	ml_buf_release(&data);
	ml_strvec_release(&names);
	free(dir);
	return ret;
}

static int local_key(char **key, const char *project, const struct ml_lock_source *src,
		     unsigned flags, struct ml_error *err)
{
	char *path = local_path(project, src), *base;
	struct ml_hasher *h = ml_hasher_new();
	struct ml_digests d;
	int ret;

	if (!ml_fs_is_dir(path)) {
		ret = ml_error_set(err, ML_ENOTFOUND, "%s: local source '%s' is not a directory",
				   src->dir, path);
		goto out;
	}
	ret = fingerprint(h, path, "", 0, err);
	if (ret)
		goto out;
	ml_hasher_final(&d, h);
	base = ml_workspace_source_key(src, flags);
	*key = ml_xasprintf("%s tree=sha256:%s", base, d.hex[ML_HASH_SHA256]);
	free(base);
out:
	ml_hasher_free(h);
	free(path);
	return ret;
}

/*
 * Fills a fresh staging directory with the job's source: the fetched archive extracted, the
 * local directory copied, or the git commit exported. On success the job holds the path;
 * the directory is swapped in later, once every source is staged.
 */
static int stage(struct pull *p, struct job *j, const char *archive, struct ml_error *err)
{
	char *staging = NULL, *from = NULL;
	int ret;

	ret = ml_workspace_stage(&staging, p->ws, j->item->dir, err);
	if (ret)
		goto out;
	if (archive) {
		struct ml_extract_limits lim = p->o->caps;

		lim.total = &p->budget;
		ret = ml_extract_archive(archive, staging, &lim, err);
	} else {
		rmdir(staging); /* the copy and the export create it */
		if (is_local(j->src)) {
			from = local_path(p->project, j->src);
			ret = ml_fs_copy_tree(from, staging, err);
		} else {
			from = git_url(p->project, j->src->url);
			ret = ml_git_export(from, j->src->commit, staging, p->o->keep_git, err);
		}
	}
	if (!ret) {
		/* the project's saved patches, applied (or carried to a new version) */
		char *old = NULL;

		if (j->item->action == ML_WS_REPLACE)
			ml_workspace_key(&old, p->ws, j->item->dir, NULL);
		ret = ml_patch_stage(&j->patched, staging, ml_workspace_root(p->ws), p->project,
				     j->src, old, p->flags, p->o->offline, err);
		free(old);
	}
	if (ret && err && err->msg) {
		/* these name the cache, a directory or a URL: say which source it is */
		char *msg = ml_strdup(err->msg);

		ml_error_set(err, ret, "%s: %s", j->item->dir, msg);
		free(msg);
	}
out:
	if (ret && staging)
		ml_fs_remove_tree(staging, NULL);
	if (ret)
		free(staging);
	else
		j->staging = staging;
	free(from);
	return ret;
}

/* Fetches every archive of the plan in parallel into the cache. */
static int fetch_archives(struct pull *p, struct ml_error *err)
{
	struct ml_fetch_source *srcs = ml_calloc(p->njobs ? p->njobs : 1, sizeof(*srcs));
	struct ml_fetch_opts fo = { 0 };
	int ret;

	for (size_t i = 0; i < p->njobs; i++) {
		const struct ml_lock_source *s = p->jobs[i].src;

		srcs[i] = (struct ml_fetch_source){
			s->dir,
			s->url,
			(const char *const *)s->checksums.v,
			s->checksums.n,
			(const char *const *)s->mirrors.v,
			s->mirrors.n,
		};
	}
	fo.flags = p->o->offline ? ML_FETCH_OFFLINE : 0;
	fo.jobs = p->o->jobs;
	fo.timeout_s = p->o->timeout;
	fo.cache_mirrors = p->o->mirrors;
	fo.ncache_mirrors = p->o->nmirrors;
	fo.progress = on_progress;
	fo.progress_data = p;
	ret = ml_fetch_sources(p->results, srcs, p->njobs, &fo, err);
	draw(p, true);
	clear_progress(p);
	free(srcs);
	return ret;
}

/* Discards the staged directories (and prepared manifests) of the jobs staged (after a failure). */
static void unstage(struct ml_workspace *ws, const struct job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (jobs[i].staging)
			ml_workspace_unstage(ws, jobs[i].item->dir);
}

static void jobs_free(struct job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(jobs[i].staging);
		ml_patch_stage_release(&jobs[i].patched);
	}
	free(jobs);
}

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

/* Edits of a directory the lock still has can be kept as a patch, carried to the new version. */
static void print_keep_hint(const struct ml_ws_plan *plan, const struct ml_lock *lock)
{
	struct ml_strvec dirs = ML_STRVEC_INIT;
	struct ml_buf b = ML_BUF_INIT;

	for (size_t i = 0; i < plan->nedits; i++)
		if (plan->edits[i].kind != ML_WS_UNTRACKED &&
		    ml_lock_find_source(lock, plan->edits[i].dir) &&
		    !ml_lock_source_is_local(ml_lock_find_source(lock, plan->edits[i].dir)))
			ml_strvec_push(&dirs, plan->edits[i].dir);
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

/* sha256 of a file, for manifests. */
static int hash_file(void *ctx, const char *path, struct ml_buf *out, struct ml_error *err)
{
	struct ml_digests d;
	int ret;

	(void)ctx;
	ret = ml_digest_of_file(&d, ML_HASH_SHA256, path, 0, err);
	if (!ret)
		ml_buf_adds(out, d.hex[ML_HASH_SHA256]);
	return ret;
}

/* Writes the generated files; a failure to is the pull's failure (err). */
static int generate(const char *root, const char *project, const struct ml_lock *lock,
		    struct ml_error *perr)
{
	struct ml_error err = ML_ERROR_INIT;
	char *dp = ml_path_join(project, "dune-project"), *lang = NULL;
	bool gen = false;
	int ret = 0;

	if (lock->generator && strcmp(lock->generator, "dune"))
		goto out;
	ret = ml_gen_dune_write(&gen, root, lock, &err);
	if (ret) {
		ml_error_move(perr, &err);
		goto out;
	}
	if (!gen) {
		if (!cmd_global.quiet)
			fprintf(stderr,
				"monolock: the lock vendors no sources: nothing generated\n");
		goto out;
	}
	if (ml_gen_dune_project_lang(&lang, dp, &err))
		cmd_warn("%s", err.msg);
	else if (lang && ml_gen_dune_lang_too_old(lang))
		cmd_warn("%s declares (lang dune %s): `dune build` needs %s or later to build "
			 "the vendored sources (%s/dune uses vendored_dirs)",
			 dp, lang, ML_GEN_DUNE_MIN_LANG, root);
out:
	ml_error_release(&err);
	free(lang);
	free(dp);
	return ret;
}

/*
 * Patches carried to new versions: the lock records the outcome (a rewritten patch, or none
 * while a conflict waits for `monolock patch DIR`). ML_EMODIFIED when a carry conflicted.
 */
static int settle(struct pull *p, struct ml_lock *lock, struct ml_strvec *kept,
		  struct ml_strvec *conflicts, struct ml_error *err)
{
	const char *root = ml_workspace_root(p->ws);
	bool carried = false;
	int ret = 0;

	for (size_t i = 0; !ret && i < p->njobs + p->nothers; i++) {
		struct job *j = i < p->njobs ? &p->jobs[i] : &p->others[i - p->njobs];
		struct ml_lock_source *src = &lock->sources[j->item->want];

		if (!j->patched.carried)
			continue;
		carried = true;
		if (j->patched.carry.clean && src->patch_files.n)
			printf("carried %s%s to the new version of %s/%s\n", p->project,
			       src->patch_files.v[0], root, src->dir);
		ret = ml_patch_settle(kept, src, &j->patched, root, p->project, err);
		for (size_t k = 0; k < j->patched.carry.conflicts.n; k++)
			ml_strvec_push_owned(conflicts,
					     ml_xasprintf("%s/%s/%s", root, src->dir,
							  j->patched.carry.conflicts.v[k]));
	}
	if (!ret && carried)
		ret = ml_ends_with(p->o->lockfile, ML_LOCKFILE_OPAM_SUFFIX)
			  ? ml_lockfile_opam_write(NULL, p->o->lockfile, lock, err)
			  : ml_lockfile_write(NULL, p->o->lockfile, lock, err);
	if (!ret && conflicts->n)
		ret = ml_error_set(err, ML_EMODIFIED,
				   "resolve the conflicts, then save the result with `monolock "
				   "patch DIR`");
	return ret;
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

static int run_pull(const struct pull_opts *o)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_ws_want *wants = NULL;
	struct ml_ws_plan plan;
	struct pull p = { 0 };
	struct ml_strvec keys = ML_STRVEC_INIT;
	char *project = NULL, *root = NULL;
	const char *slash;
	double t0 = now();
	struct job *others = NULL; /* git and local sources: staged without a download */
	size_t removed = 0, nwork, nothers = 0;
	struct ml_strvec kept = ML_STRVEC_INIT, conflicts = ML_STRVEC_INIT;
	int ret, conflicted = 0;

	/* git sources too: offline, only what the cache holds */
	ml_git_set_offline(o->offline);

	ml_ws_plan_init(&plan);
	p.o = o;
	p.budget = o->budget_caps;
	p.flags = (o->force ? ML_WS_FORCE : 0) | (o->keep_git ? ML_WS_KEEP_GIT : 0);
	p.tty = isatty(STDERR_FILENO);
	ret = ml_lockfile_load(&lock, o->lockfile, &err);
	if (ret)
		goto out;
	{
		struct ml_buf tw = ML_BUF_INIT;

		/* a warning, not an error: the build may still work, and the lock is the truth */
		if (ml_toolchain_differs(&tw, &lock->toolchain))
			cmd_warn("%s: %s (`monolock lock` locks for them)", o->lockfile, tw.buf);
		ml_buf_release(&tw);
	}
	slash = strrchr(o->lockfile, '/');
	project =
	    slash ? ml_strndup(o->lockfile, (size_t)(slash - o->lockfile + 1)) : ml_strdup("");
	root = ml_path_join(project, "duniverse");
	p.project = project;
	/* a local directory is copied only when the project's own opam files pin it */
	ret = ml_project_check_local_sources(lock, project, &err);
	if (ret)
		goto out;
	if (!lock->nsources && !ml_fs_is_dir(root)) {
		ret = generate(root, project, lock, &err);
		goto out;
	}
	wants = ml_calloc(lock->nsources ? lock->nsources : 1, sizeof(*wants));
	for (size_t i = 0; i < lock->nsources; i++) {
		char *key = NULL;

		if (is_local(&lock->sources[i])) {
			ret = local_key(&key, project, &lock->sources[i], p.flags, &err);
			if (ret)
				goto out;
		} else {
			key = ml_workspace_source_key(&lock->sources[i], p.flags);
		}
		ml_strvec_push_owned(&keys, key);
		wants[i] = (struct ml_ws_want){ lock->sources[i].dir, keys.v[i] };
	}
	/* a saved patch that is missing or differs from the lock stops the pull, whatever
	 * directories it would write */
	ret = ml_patch_check_recorded(lock, project, &err);
	if (!ret)
		ret = ml_workspace_open(&p.ws, root, hash_file, NULL, &err);
	if (!ret)
		ret = ml_workspace_plan(&plan, p.ws, wants, lock->nsources, &o->only, &err);
	if (ret)
		goto out;
	if (plan.nedits && !o->force) {
		print_edits(&plan, root);
		print_keep_hint(&plan, lock);
		ret = ml_error_set(&err, ML_EMODIFIED,
				   "refusing to discard local modifications (use --force to "
				   "discard them); nothing was changed");
		goto out;
	}
	/*
	 * Three phases, so that a failure changes nothing: fetch every archive into the cache,
	 * stage every source (extract, or export from git) beside the workspace, and only then
	 * remove stale directories and swap each staged one in (each swap is atomic, and an
	 * interrupted run is completed by the next pull).
	 */
	nwork = ml_ws_plan_count(&plan, ML_WS_CREATE) + ml_ws_plan_count(&plan, ML_WS_REPLACE);
	p.jobs = ml_calloc(nwork ? nwork : 1, sizeof(*p.jobs));
	p.results = ml_calloc(nwork ? nwork : 1, sizeof(*p.results));
	others = ml_calloc(nwork ? nwork : 1, sizeof(*others));
	for (size_t i = 0; i < plan.nitems; i++) {
		const struct ml_ws_item *it = &plan.items[i];
		const struct ml_lock_source *src = &lock->sources[it->want];

		if (it->action != ML_WS_CREATE && it->action != ML_WS_REPLACE)
			continue;
		if (src->commit || is_local(src))
			others[nothers++] = (struct job){ it, src, NULL, 0, 0, false };
		else
			p.jobs[p.njobs++] = (struct job){ it, src, NULL, 0, 0, false };
	}
	if (p.njobs) {
		ret = fetch_archives(&p, &err);
		if (ret)
			goto out;
	}
	for (size_t i = 0; !ret && i < p.njobs; i++)
		ret = stage(&p, &p.jobs[i], p.results[i].path, &err);
	for (size_t i = 0; !ret && i < nothers; i++)
		ret = stage(&p, &others[i], NULL, &err);
	/* every manifest too is written before anything moves: a full disk changes nothing */
	for (size_t i = 0; !ret && i < p.njobs + nothers; i++) {
		const struct job *j = i < p.njobs ? &p.jobs[i] : &others[i - p.njobs];

		ret = ml_workspace_prepare(p.ws, j->item->dir,
					   j->patched.key ? j->patched.key : j->item->key, p.flags,
					   &err);
	}
	if (ret) {
		unstage(p.ws, p.jobs, p.njobs);
		unstage(p.ws, others, nothers);
		goto out;
	}
	for (size_t i = 0; i < plan.nitems; i++) {
		if (plan.items[i].action != ML_WS_REMOVE)
			continue;
		ret = ml_workspace_remove(p.ws, plan.items[i].dir, &err);
		if (ret) {
			unstage(p.ws, p.jobs, p.njobs);
			unstage(p.ws, others, nothers);
			goto out;
		}
		removed++;
	}
	{
		/* each swap is atomic; all of them together cost three syncs */
		const char **dirs = ml_calloc(nwork ? nwork : 1, sizeof(*dirs));
		size_t committed = 0;

		for (size_t i = 0; i < p.njobs + nothers; i++)
			dirs[i] = (i < p.njobs ? &p.jobs[i] : &others[i - p.njobs])->item->dir;
		ret = ml_workspace_commit_all(&committed, p.ws, dirs, p.njobs + nothers, &err);
		free(dirs);
		for (size_t i = 0; i < committed; i++) {
			bool other = i >= p.njobs;
			const struct job *j = other ? &others[i - p.njobs] : &p.jobs[i];

			p.pulled++;
			if (!other) {
				archive_size(&p, p.results[i].path);
				if (p.results[i].from_cache)
					p.from_cache++;
			}
			if (!p.tty && showing(&p))
				fprintf(stderr, "pulled %s\n", j->item->dir);
		}
		if (ret)
			goto out;
	}
	p.others = others;
	p.nothers = nothers;
	/* a conflicting carry is reported after the summary: everything else is done */
	conflicted = settle(&p, lock, &kept, &conflicts, &err);
	if (conflicted && conflicted != ML_EMODIFIED) {
		ret = conflicted;
		goto out;
	}
	ret = generate(root, project, lock, &err);
	if (ret)
		goto out;
	if (lock->nsources || removed) {
		char size[32];

		/* `pull DIR...` looked at those directories only */
		size_t considered = o->only.n ? o->only.n : lock->nsources;

		human(size, sizeof(size), p.bytes);
		if (!p.pulled && !removed)
			printf("%s is up to date (%zu source%s)\n", root, considered,
			       considered == 1 ? "" : "s");
		else if (!p.pulled)
			printf("removed %zu source%s in %.1f s\n", removed, removed == 1 ? "" : "s",
			       now() - t0);
		else if (removed)
			printf("pulled %zu source%s (%s, %zu from cache), removed %zu in %.1f s\n",
			       p.pulled, p.pulled == 1 ? "" : "s", size, p.from_cache, removed,
			       now() - t0);
		else
			printf("pulled %zu source%s (%s, %zu from cache) in %.1f s\n", p.pulled,
			       p.pulled == 1 ? "" : "s", size, p.from_cache, now() - t0);
	}
	if (conflicts.n)
		print_conflicts(&kept, &conflicts);
	ret = conflicted;
out:
	if (ret)
		clear_progress(&p);
	for (size_t i = 0; i < p.njobs; i++)
		ml_fetch_result_release(&p.results[i]);
	free(p.results);
	jobs_free(p.jobs, p.njobs);
	jobs_free(others, nothers);
	ml_workspace_free(p.ws);
	ml_ws_plan_release(&plan);
	ml_strvec_release(&keys);
	ml_strvec_release(&kept);
	ml_strvec_release(&conflicts);
	free(wants);
	free(project);
	free(root);
	ml_lock_free(lock);
	if (ret)
		ret = cmd_error(&err);
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
		{ "entries", offsetof(struct pull_opts, caps.max_entries), ML_EXTRACT_MAX_ENTRIES },
		{ "bytes", offsetof(struct pull_opts, caps.max_bytes), ML_EXTRACT_MAX_BYTES },
		{ "names", offsetof(struct pull_opts, caps.max_name_bytes),
		  ML_EXTRACT_MAX_NAME_BYTES },
		{ "pull-entries", offsetof(struct pull_opts, budget_caps.max_entries),
		  ML_PULL_MAX_ENTRIES },
		{ "pull-bytes", offsetof(struct pull_opts, budget_caps.max_bytes),
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
		{ "test-caps", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct pull_opts o = { 0 };
	long jobs;
	int c, ret;

	o.lockfile = ML_LOCKFILE_NAME;
	o.jobs = 8;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hqj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help_pull();
			return EXIT_OK;
		case 'l':
			o.lockfile = optarg;
			break;
		case 'j':
			if (ml_parse_long(optarg, 1, 256, &jobs))
				return cmd_usage_error(usage_pull,
						       "--jobs: expected a number from 1 to 256, "
						       "got '%s'",
						       optarg);
			o.jobs = (int)jobs;
			break;
		case 't':
			if (ml_parse_long(optarg, 1, 86400, &o.timeout))
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
			o.offline = true;
			break;
		case 'm':
			if (o.nmirrors >= PULL_MAX_MIRRORS)
				return cmd_usage_error(usage_pull, "too many --mirror options");
			o.mirrors[o.nmirrors++] = optarg;
			break;
		case 'f':
			o.force = true;
			break;
		case 'g':
			o.keep_git = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		default:
			return cmd_bad_option(usage_pull, argv, c);
		}
	}
	if (o.quiet)
		cmd_global.quiet = true;
	for (int i = optind; i < argc; i++) {
		/* accept "duniverse/foo/" for "foo" */
		const char *d = ml_starts_with(argv[i], "duniverse/") ? argv[i] + 10 : argv[i];
		size_t n = strlen(d);

		while (n > 1 && d[n - 1] == '/')
			n--;
		ml_strvec_push_owned(&o.only, ml_strndup(d, n));
	}
	ret = run_pull(&o);
	ml_strvec_release(&o.only);
	return ret;
}
