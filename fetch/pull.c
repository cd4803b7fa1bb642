/*
 * The pull pipeline (DESIGN section 6): plan, fetch, stage, apply, swap. Reports through
 * ml_pull_opts.report; prints nothing.
 */
#include "fetch.h"
#include "fetch/git_pack.h"
#include "fetch/patch.h"
#include "lib/opamctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One source to stage and swap in; `item` is the plan's. */
struct job {
	const struct ml_ws_item *item;
	const struct ml_lock_source *src;
	char *staging;                 /* once staged: its staging directory, owned */
	struct ml_patch_stage patched; /* its recorded patches, applied or carried */
};

struct pull {
	const struct ml_pull_opts *o;
	struct ml_workspace *ws;
	unsigned flags;
	struct job *jobs;
	struct ml_fetch_result *results;
	size_t njobs;
	struct ml_extract_budget budget; /* what every extraction of this pull wrote */
	const char *project; /* directory of the lock: relative file:// paths start there */
	struct ml_pull_result *res;
};

static void report(const struct pull *p, const struct ml_pull_event *ev)
{
	if (p->o->report)
		p->o->report(p->o->report_ctx, ev);
}

/* Reports the formatted message as an event of `kind` about `dir` (NULL: none). */
static void vreport(const struct pull *p, enum ml_pull_event_kind kind, const char *dir,
		    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void vreport(const struct pull *p, enum ml_pull_event_kind kind, const char *dir,
		    const char *fmt, va_list ap)
{
	struct ml_buf b = ML_BUF_INIT;

	if (!p->o->report)
		return;
	ml_buf_vaddf(&b, fmt, ap);
	report(p, &(struct ml_pull_event){ .kind = kind, .dir = dir, .msg = b.buf });
	ml_buf_release(&b);
}

static void report_msg(const struct pull *p, enum ml_pull_event_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report_msg(const struct pull *p, enum ml_pull_event_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(p, kind, NULL, fmt, ap);
	va_end(ap);
}

/* A warning whose message starts with `path` (ML_PULL_WARNING's dir: the caller shows it). */
static void warn_about(const struct pull *p, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn_about(const struct pull *p, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(p, ML_PULL_WARNING, path, fmt, ap);
	va_end(ap);
}

/* Called by the fetcher while downloads run: progress only. */
static void on_progress(void *data, size_t index, const char *url, uint64_t done, uint64_t total)
{
	struct pull *p = data;

	(void)url;
	report(p, &(struct ml_pull_event){ .kind = ML_PULL_DOWNLOAD,
					   .dir = p->jobs[index].item->dir,
					   .index = index,
					   .count = p->njobs,
					   .done = done,
					   .total = total });
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

int ml_pull_source_keys(struct ml_strvec *keys, const struct ml_lock *lock, const char *project,
			unsigned ws_flags, struct ml_error *err)
{
	for (size_t i = 0; i < lock->nsources; i++) {
		char *key = NULL;

		if (is_local(&lock->sources[i])) {
			int ret = local_key(&key, project, &lock->sources[i], ws_flags, err);

			if (ret)
				return ret;
		} else {
			key = ml_workspace_source_key(&lock->sources[i], ws_flags);
		}
		ml_strvec_push_owned(keys, key);
	}
	return 0;
}

/*
 * Fills the empty staging directory of one source with its content: the fetched archive
 * extracted, the local directory copied, or the git commit exported. This is the one step
 * that makes a directory's content, whatever path creates or replaces it: whatever else a
 * workspace directory is made of (e.g. the project's saved patches) is applied here.
 */
static int populate(struct pull *p, const struct job *j, const char *staging, const char *archive,
		    struct ml_error *err)
{
	char *from = NULL;
	int ret;

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
	free(from);
	return ret;
}

/* A failure of the job's source (ret): these name the cache, a directory or a URL: say which
 * source it is, and its package and URL for --json. */
static void name_source(const struct job *j, int ret, struct ml_error *err)
{
	char *msg, *url;

	if (!ret || !err || !err->msg)
		return;
	msg = ml_strdup(err->msg);
	url = err->url ? ml_strdup(err->url) : NULL;
	ml_error_set(err, ret, "%s: %s", j->item->dir, msg);
	ml_error_about(err, j->src->packages.n ? j->src->packages.v[0] : NULL,
		       url ? url : j->src->url);
	free(url);
	free(msg);
}

/*
 * A fresh staging directory populated with the job's source. On success the job holds the
 * path; the directory is swapped in later, once every source is staged.
 */
static int stage(struct pull *p, struct job *j, const char *archive, struct ml_error *err)
{
	char *staging = NULL;
	int ret;

	ret = ml_workspace_stage(&staging, p->ws, j->item->dir, err);
	if (ret)
		goto out;
	ret = populate(p, j, staging, archive, err);
	if (!ret) {
		/* the project's saved patches, applied (or carried to a new version) */
		char *old = NULL;

		if (j->item->action == ML_WS_REPLACE)
			ml_workspace_key(&old, p->ws, j->item->dir, NULL);
		ret = ml_patch_stage(&j->patched, staging, ml_workspace_root(p->ws), p->project,
				     j->src, old, p->flags, p->o->offline, err);
		free(old);
	}
	name_source(j, ret, err);
out:
	if (ret && staging)
		ml_fs_remove_tree(staging, NULL);
	if (ret)
		free(staging);
	else
		j->staging = staging;
	return ret;
}

/* One failed source, for the caller to report grouped by cause (ml_pull_failure_report). */
static void note_failure(struct ml_pull_result *res, const char *dir, const char *msg,
			 const char *cause, enum ml_net_cause why)
{
	ml_strvec_push(&res->failed, dir);
	ml_strvec_push(&res->failed_msgs, msg ? msg : "failed");
	ml_strvec_push(&res->failed_causes, cause ? cause : "");
	res->failed_why = ml_reallocarray(res->failed_why, res->failed.n, sizeof(*res->failed_why));
	res->failed_why[res->failed.n - 1] = cause ? why : ML_NET_NONE;
}

void ml_pull_failure_report(struct ml_failure_report *out, const struct ml_pull_result *r)
{
	const struct ml_strvec *causes = &r->failed_causes;
	bool *done = ml_calloc(r->failed.n ? r->failed.n : 1, sizeof(*done));

	memset(out, 0, sizeof(*out));
	out->groups = ml_calloc(r->failed.n ? r->failed.n : 1, sizeof(*out->groups));
	for (size_t i = 0; i < r->failed.n; i++) {
		enum ml_net_cause why = r->failed_why ? r->failed_why[i] : ML_NET_NONE;
		struct ml_failure_group *g;
		size_t same = 0;

		out->network |= why != ML_NET_NONE;
		out->timeout |= why == ML_NET_TIMEOUT || why == ML_NET_DEADLINE;
		out->offline |= why == ML_NET_OFFLINE;
		if (done[i])
			continue;
		g = &out->groups[out->ngroups++];
		g->msg = r->failed_msgs.v[i];
		for (size_t k = i; *causes->v[i] && k < r->failed.n; k++)
			same += !strcmp(causes->v[k], causes->v[i]);
		if (same < 2) {
			g->n = 1;
			g->names[0] = r->failed.v[i];
			continue;
		}
		g->cause = causes->v[i];
		for (size_t k = i; k < r->failed.n; k++) {
			if (strcmp(causes->v[k], causes->v[i]))
				continue;
			done[k] = true;
			if (g->n < ML_FAILURE_NAMES)
				g->names[g->n] = r->failed.v[k];
			g->n++;
		}
	}
	free(done);
}

void ml_failure_report_release(struct ml_failure_report *rep)
{
	if (!rep)
		return;
	free(rep->groups);
	memset(rep, 0, sizeof(*rep));
}

/* Fetches every archive of the plan in parallel into the cache. */
static int fetch_archives(struct pull *p, struct ml_error *err)
{
	struct ml_fetch_source *srcs = ml_calloc(p->njobs ? p->njobs : 1, sizeof(*srcs));
	const char **dirs = ml_calloc(p->njobs ? p->njobs : 1, sizeof(*dirs));
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
			s->packages.n ? s->packages.v[0] : NULL,
		};
		dirs[i] = p->jobs[i].item->dir;
	}
	fo.flags = p->o->offline ? ML_FETCH_OFFLINE : 0;
	fo.jobs = p->o->jobs;
	fo.timeout_s = p->o->timeout_s;
	fo.cache_mirrors = p->o->mirrors;
	fo.ncache_mirrors = p->o->nmirrors;
	fo.progress = on_progress;
	fo.progress_data = p;
	report(p, &(struct ml_pull_event){
		      .kind = ML_PULL_FETCH_BEGIN, .count = p->njobs, .dirs = dirs });
	ret = ml_fetch_sources(p->results, srcs, p->njobs, &fo, err);
	report(p, &(struct ml_pull_event){ .kind = ML_PULL_FETCH_END, .count = p->njobs });
	/* the failures, for the caller to report grouped by cause */
	p->res->fetched = p->njobs;
	for (size_t i = 0; ret != ML_EINTR && i < p->njobs; i++) {
		const struct ml_fetch_result *r = &p->results[i];

		p->res->mirror_missed += r->mirror_missed;
		if (!r->path)
			note_failure(p->res, p->jobs[i].item->dir, r->error.msg, r->cause, r->why);
	}
	if (p->res->mirror_missed && !ret)
		report_msg(p, ML_PULL_NOTE,
			   "%zu of %zu archives were not on the mirror%s and came from their "
			   "upstream URLs",
			   p->res->mirror_missed, p->njobs, p->o->nmirrors == 1 ? "" : "s");
	free(dirs);
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

int ml_pull_hash_file(void *ctx, const char *path, struct ml_buf *out, struct ml_error *err)
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
static int generate(struct pull *p, const char *root, const struct ml_lock *lock,
		    struct ml_error *perr)
{
	struct ml_error err = ML_ERROR_INIT;
	char *dp = ml_path_join(p->project, "dune-project"), *lang = NULL;
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
		report_msg(p, ML_PULL_NOTE, "the lock vendors no sources: nothing generated");
		goto out;
	}
	if (ml_gen_dune_project_lang(&lang, dp, &err)) {
		struct ml_buf b = ML_BUF_INIT;

		ml_error_format(&b, &err);
		warn_about(p, err.path, "%s", b.buf);
		ml_buf_release(&b);
	} else if (lang && ml_gen_dune_lang_too_old(lang)) {
		warn_about(p, dp,
			   "%s declares (lang dune %s): `dune build` needs %s or later to build "
			   "the vendored sources (%s/dune uses vendored_dirs)",
			   dp, lang, ML_GEN_DUNE_MIN_LANG, root);
	}
out:
	/* duniverse/README.md says the directory is generated, as opam-monorepo's pull does */
	if (ret == 0)
		ret = ml_duniverse_write_readme(root, perr);
	ml_error_release(&err);
	free(lang);
	free(dp);
	return ret;
}

/*
 * A git source whose commit the cache lacks may be in a local mirror as
 * MIRROR/git/<commit>.pack (monolock mirror): loaded into the cache, where git's indexer
 * checks every object, the export then finds the commit offline. A missing or bad pack is
 * not an error here: the export fetches or says what is missing.
 */
static void seed_from_mirrors(const struct pull *p, const struct ml_lock_source *src)
{
	for (size_t m = 0; m < p->o->nmirrors; m++) {
		const char *base = p->o->mirrors[m];
		struct ml_buf pack = ML_BUF_INIT;
		char *path, *url;

		if (!ml_starts_with(base, "file://"))
			continue;
		path = ml_xasprintf("%s/git/%s.pack", base + strlen("file://"), src->commit);
		url = git_url(p->project, src->url);
		if (ml_fs_read_regular(&pack, path, (size_t)1 << 31, NULL) == 0 &&
		    ml_git_seed_pack(url, src->commit, pack.buf, pack.len, NULL) == 0)
			m = p->o->nmirrors;
		ml_buf_release(&pack);
		free(path);
		free(url);
	}
}

/* A pull that changed nothing still tells of the unsaved edits it left alone. */
static int find_edits(struct ml_pull_result *out, struct ml_workspace *ws,
		      const struct ml_ws_want *wants, size_t n, const struct ml_strvec *only,
		      struct ml_error *err)
{
	struct ml_ws_status st;
	int ret;

	ml_ws_status_init(&st);
	ret = ml_workspace_status(&st, ws, wants, n, only, 0, err);
	for (size_t i = 0; !ret && i < st.ndirs; i++)
		if (st.dirs[i].state == ML_WS_EDITED || st.dirs[i].state == ML_WS_CONFLICTED)
			ml_strvec_push(&out->edited, st.dirs[i].dir);
	ml_ws_status_release(&st);
	return ret;
}

void ml_pull_result_init(struct ml_pull_result *r)
{
	memset(r, 0, sizeof(*r));
	ml_ws_plan_init(&r->plan);
}

void ml_pull_result_release(struct ml_pull_result *r)
{
	if (!r)
		return;
	free(r->root);
	ml_ws_plan_release(&r->plan);
	ml_strvec_release(&r->edited);
	ml_strvec_release(&r->carried);
	ml_strvec_release(&r->kept);
	ml_strvec_release(&r->conflicts);
	ml_strvec_release(&r->failed);
	ml_strvec_release(&r->failed_msgs);
	ml_strvec_release(&r->failed_causes);
	free(r->failed_why);
	ml_pull_result_init(r);
}

/*
 * Patches carried to new versions: lock records the outcome (a rewritten patch, or none
 * while a conflict waits for `monolock patch DIR`), res says what happened.
 */
static int settle(struct pull *p, struct ml_pull_result *res, struct ml_lock *lock,
		  struct job *others, size_t nothers, struct ml_error *err)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < p->njobs + nothers; i++) {
		struct job *j = i < p->njobs ? &p->jobs[i] : &others[i - p->njobs];
		struct ml_lock_source *src = &lock->sources[j->item->want];

		if (!j->patched.carried)
			continue;
		res->lock_changed = true;
		/* one line per patch: several stay separate files (ml_patch_stage) */
		for (size_t k = 0; j->patched.carry.clean && k < src->patch_files.n &&
				   (k == 0 || j->patched.neach);
		     k++)
			ml_strvec_push_owned(&res->carried,
					     ml_xasprintf("%s%s to the new version of %s/%s",
							  p->project, src->patch_files.v[k],
							  res->root, src->dir));
		ret = ml_patch_settle(&res->kept, src, &j->patched, res->root, p->project, err);
		for (size_t k = 0; k < j->patched.carry.conflicts.n; k++)
			ml_strvec_push_owned(&res->conflicts,
					     ml_xasprintf("%s/%s/%s", res->root, src->dir,
							  j->patched.carry.conflicts.v[k]));
	}
	return ret;
}

/* Where a directory swapped in came from (ML_PULL_DETAIL); r: its archive's fetch. */
static void detail(const struct pull *p, const struct job *j, const struct ml_fetch_result *r)
{
	struct ml_buf b = ML_BUF_INIT;

	if (!p->o->report)
		return;
	if (r && r->from_cache)
		ml_buf_adds(&b, "from the cache");
	else if (r)
		ml_buf_addf(&b, "downloaded from %s", r->url ? r->url : j->src->url);
	else if (j->src->commit)
		ml_buf_addf(&b, "exported from git %s at %.12s", j->src->url, j->src->commit);
	else
		ml_buf_addf(&b, "copied from %s", j->src->url);
	if (j->item->action == ML_WS_REPLACE)
		ml_buf_adds(&b, " (replaced)");
	report(p, &(struct ml_pull_event){
		      .kind = ML_PULL_DETAIL, .dir = j->item->dir, .msg = b.buf });
	ml_buf_release(&b);
}

/* The failures noted in res, in the order of their directories (the lock's). */
static void sort_failures(struct ml_pull_result *res)
{
	for (size_t i = 1; i < res->failed.n; i++)
		for (size_t k = i; k > 0 && strcmp(res->failed.v[k - 1], res->failed.v[k]) > 0;
		     k--) {
			struct ml_strvec *v[] = { &res->failed, &res->failed_msgs,
						  &res->failed_causes };
			enum ml_net_cause w = res->failed_why[k];

			for (size_t m = 0; m < ML_ARRAY_SIZE(v); m++) {
				char *t = v[m]->v[k];

				v[m]->v[k] = v[m]->v[k - 1];
				v[m]->v[k - 1] = t;
			}
			res->failed_why[k] = res->failed_why[k - 1];
			res->failed_why[k - 1] = w;
		}
}

/*
 * Once the pull is known to fail, a git source is only fetched into the cache (as its export
 * would be), so that its failure too is in the report; nothing is written beside the
 * workspace, since nothing will be swapped in.
 */
static int probe(const struct pull *p, const struct job *j, struct ml_error *err)
{
	char *url = git_url(p->project, j->src->url), *commit = NULL;
	int ret = ml_git_sync(&commit, url, j->src->commit, err);

	name_source(j, ret, err);
	free(commit);
	free(url);
	return ret;
}

/*
 * Stages the git and local sources. A failure does not stop the others: every source is
 * tried (once one has failed, a git source is only fetched: probe) and every failure noted
 * in res with its cause (ml_git_last_cause), as a failed download is, so that the report
 * groups them. `failed` is the archives' failure (its error in err), 0 if none. With
 * failures, the first one's code is returned and err says it: as it is when it is the only
 * one, else "N of M sources could not be fetched" followed by a line per source.
 */
static int stage_others(struct pull *p, struct ml_pull_result *res, struct job *others,
			size_t nothers, int failed, struct ml_error *err)
{
	struct ml_buf all = ML_BUF_INIT;
	struct ml_error one = ML_ERROR_INIT; /* the first failure */
	int ret = 0, first = failed;

	if (failed && err)
		ml_error_move(&one, err);
	for (size_t i = 0; i < nothers && ret != ML_EINTR; i++) {
		const struct job *j = &others[i];
		const char *cause = NULL;
		enum ml_net_cause why = ML_NET_NONE;

		if ((ret = ml_interrupted() ? ML_EINTR : 0))
			break;
		if (j->src->commit)
			seed_from_mirrors(p, j->src);
		if (!res->failed.n)
			ret = stage(p, &others[i], NULL, err);
		else if (j->src->commit)
			ret = probe(p, j, err);
		if (!ret || ret == ML_EINTR)
			continue;
		if (j->src->commit)
			why = ml_git_last_cause(&cause);
		note_failure(res, j->item->dir, err ? err->msg : NULL, cause, why);
		if (!first && err)
			ml_error_move(&one, err);
		first = first ? first : ret;
	}
	if (ret != ML_EINTR && res->failed.n) {
		ret = first;
		res->fetched = p->njobs + nothers;
		sort_failures(res);
		for (size_t i = 0; i < res->failed_msgs.n; i++)
			ml_buf_addf(&all, "\n%s", res->failed_msgs.v[i]);
		if (res->failed.n > 1)
			ml_error_set(err, ret,
				     "%zu of %zu sources could not be fetched (nothing "
				     "changed):%s",
				     res->failed.n, res->fetched, all.buf);
		else if (err)
			ml_error_move(err, &one);
	}
	ml_error_release(&one);
	ml_buf_release(&all);
	return ret;
}

/*
 * Stages every created or replaced directory, then removes and swaps (see ml_pull). `others`
 * are the git and local sources: staged without a download.
 */
static int run(struct pull *p, struct ml_pull_result *res, struct ml_lock *lock, struct job *others,
	       size_t nothers, struct ml_error *err)
{
	const struct ml_ws_plan *plan = &res->plan;
	size_t nwork = p->njobs + nothers;
	int ret = 0, failed = 0;

	if (p->njobs) {
		failed = fetch_archives(p, err);
		/* a source's own failure: the git sources are still tried (stage_others), so
		 * that one report names every source that failed */
		if (failed && (failed == ML_EINTR || !res->failed.n))
			return failed;
	}
	/* Ctrl-C: stop between sources, before anything in the workspace moved */
	for (size_t i = 0; !failed && !ret && i < p->njobs; i++)
		ret = ml_interrupted() ? ML_EINTR : stage(p, &p->jobs[i], p->results[i].path, err);
	if (!ret)
		ret = stage_others(p, res, others, nothers, failed, err);
	/* every manifest too is written before anything moves: a full disk changes nothing */
	for (size_t i = 0; !ret && i < nwork; i++) {
		const struct job *j = i < p->njobs ? &p->jobs[i] : &others[i - p->njobs];

		ret = ml_workspace_prepare(p->ws, j->item->dir,
					   j->patched.key ? j->patched.key : j->item->key, p->flags,
					   err);
	}
	if (!ret && ml_interrupted())
		ret = ML_EINTR;
	if (ret)
		goto unstage;
	/* --force: nothing is discarded without a copy (a refused pull never gets here) */
	for (size_t i = 0; i < plan->nedits; i++) {
		const char *dir = plan->edits[i].dir;
		char *saved = NULL;

		if (i && !strcmp(dir, plan->edits[i - 1].dir))
			continue;
		ret = ml_discard_save(&saved, res->root, dir, err);
		if (ret)
			goto unstage;
		report(p,
		       &(struct ml_pull_event){ .kind = ML_PULL_SAVED, .dir = dir, .msg = saved });
		free(saved);
	}
	for (size_t i = 0; i < plan->nitems; i++) {
		if (plan->items[i].action != ML_WS_REMOVE)
			continue;
		ret = ml_workspace_remove(p->ws, plan->items[i].dir, err);
		if (ret)
			goto unstage;
		res->removed++;
		report(p, &(struct ml_pull_event){ .kind = ML_PULL_DETAIL,
						   .dir = plan->items[i].dir,
						   .msg = "removed" });
	}
	{
		/* each swap is atomic; all of them together cost three syncs */
		const char **dirs = ml_calloc(nwork ? nwork : 1, sizeof(*dirs));
		size_t committed = 0;

		for (size_t i = 0; i < nwork; i++)
			dirs[i] = (i < p->njobs ? &p->jobs[i] : &others[i - p->njobs])->item->dir;
		ret = ml_workspace_commit_all(&committed, p->ws, dirs, nwork, err);
		free(dirs);
		for (size_t i = 0; i < committed; i++) {
			bool other = i >= p->njobs;
			const struct job *j = other ? &others[i - p->njobs] : &p->jobs[i];
			struct stat st;

			res->pulled++;
			detail(p, j, other ? NULL : &p->results[i]);
			if (!other) {
				if (p->results[i].path && stat(p->results[i].path, &st) == 0)
					res->bytes += (uint64_t)st.st_size;
				if (p->results[i].from_cache)
					res->from_cache++;
			}
			report(p, &(struct ml_pull_event){ .kind = ML_PULL_PULLED,
							   .dir = j->item->dir,
							   .index = i,
							   .count = nwork });
		}
		if (ret)
			return ret;
	}
	/* a conflicting carry is said after everything else is done (res->conflicts) */
	ret = settle(p, res, lock, others, nothers, err);
	if (ret)
		return ret;
	return generate(p, res->root, lock, err);
unstage:
	unstage(p->ws, p->jobs, p->njobs);
	unstage(p->ws, others, nothers);
	return ret;
}

/* The workspace lock is held by another pull: say so once (ml_workspace_open_wait). */
static void on_wait(void *ctx, long pid)
{
	struct pull *p = ctx;

	report(p,
	       &(struct ml_pull_event){ .kind = ML_PULL_WAITING, .dir = p->res->root, .pid = pid });
}

int ml_pull(struct ml_pull_result *out, struct ml_lock *lock, const struct ml_pull_opts *opts,
	    struct ml_error *err)
{
	struct ml_ws_want *wants = NULL;
	struct pull p = { 0 };
	struct ml_strvec keys = ML_STRVEC_INIT;
	char *project = NULL;
	const char *slash;
	struct job *others = NULL; /* git and local sources: staged without a download */
	size_t nwork, nothers = 0;
	int ret;

	/* git sources too: offline, only what the cache holds */
	ml_git_set_offline(opts->offline);

	p.o = opts;
	p.res = out;
	p.budget = opts->budget;
	p.flags = (opts->force ? ML_WS_FORCE : 0) | (opts->keep_git ? ML_WS_KEEP_GIT : 0);
	ml_git_set_timeout(opts->timeout_s);
	slash = strrchr(opts->lockfile, '/');
	if (opts->root)
		project = ml_xasprintf("%s/", opts->root);
	else
		project = slash ? ml_strndup(opts->lockfile, (size_t)(slash - opts->lockfile + 1))
				: ml_strdup("");
	free(out->root);
	out->root = ml_path_join(project, "duniverse");
	p.project = project;
	/* a local directory is copied only when the project's own opam files pin it */
	ret = ml_project_check_local_sources(lock, project, err);
	if (ret)
		goto out;
	if (!lock->nsources && !ml_fs_is_dir(out->root)) {
		ret = generate(&p, out->root, lock, err);
		goto out;
	}
	ret = ml_pull_source_keys(&keys, lock, project, p.flags, err);
	if (ret)
		goto out;
	wants = ml_calloc(lock->nsources ? lock->nsources : 1, sizeof(*wants));
	for (size_t i = 0; i < lock->nsources; i++)
		wants[i] = (struct ml_ws_want){ lock->sources[i].dir, keys.v[i] };
	/* a saved patch that is missing or differs from the lock stops the pull, whatever
	 * directories it would write */
	ret = ml_patch_check_recorded(lock, project, err);
	if (!ret)
		ret = ml_workspace_open_wait(&p.ws, out->root, ml_pull_hash_file, NULL, on_wait, &p,
					     err);
	if (!ret)
		ret = ml_workspace_plan(&out->plan, p.ws, wants, lock->nsources, opts->only, err);
	if (ret)
		goto out;
	if (out->plan.nedits && !opts->force) {
		ret = ml_error_set(err, ML_EMODIFIED,
				   "refusing to discard local modifications (use --force to "
				   "discard them); nothing was changed");
		goto out;
	}
	if (!opts->only || !opts->only->n) {
		struct ml_strvec fresh = ML_STRVEC_INIT;

		ret = ml_workspace_note_foreign(&fresh, p.ws, &out->plan.foreign, err);
		if (fresh.n == 1)
			warn_about(&p, out->root,
				   "%s/%s/ is not in the lock and was not written by monolock: "
				   "left as it is (`monolock status` shows it)",
				   out->root, fresh.v[0]);
		else if (fresh.n)
			warn_about(&p, out->root,
				   "%s: %zu directories not in the lock and not written by "
				   "monolock are left as they are (`monolock status` shows them)",
				   out->root, fresh.n);
		ml_strvec_release(&fresh);
		if (ret)
			goto out;
	}
	/*
	 * Three phases, so that a failure changes nothing: fetch every archive into the cache,
	 * stage every source (extract, or export from git) beside the workspace, and only then
	 * remove stale directories and swap each staged one in (each swap is atomic, and an
	 * interrupted run is completed by the next pull).
	 */
	for (size_t i = 0; i < out->plan.nitems; i++)
		if (out->plan.items[i].action == ML_WS_KEEP)
			report(&p, &(struct ml_pull_event){ .kind = ML_PULL_DETAIL,
							    .dir = out->plan.items[i].dir,
							    .msg = "unchanged" });
	nwork = ml_ws_plan_count(&out->plan, ML_WS_CREATE) +
		ml_ws_plan_count(&out->plan, ML_WS_REPLACE);
	p.jobs = ml_calloc(nwork ? nwork : 1, sizeof(*p.jobs));
	p.results = ml_calloc(nwork ? nwork : 1, sizeof(*p.results));
	others = ml_calloc(nwork ? nwork : 1, sizeof(*others));
	for (size_t i = 0; i < out->plan.nitems; i++) {
		const struct ml_ws_item *it = &out->plan.items[i];
		const struct ml_lock_source *src = &lock->sources[it->want];

		if (it->action != ML_WS_CREATE && it->action != ML_WS_REPLACE)
			continue;
		if (src->commit || is_local(src))
			others[nothers++] = (struct job){ .item = it, .src = src };
		else
			p.jobs[p.njobs++] = (struct job){ .item = it, .src = src };
	}
	ret = run(&p, out, lock, others, nothers, err);
	if (!ret && !nwork && !out->removed)
		ret = find_edits(out, p.ws, wants, lock->nsources, opts->only, err);
out:
	if (ret == ML_EINTR)
		/* run() stops before the swaps: every directory is as it was */
		ml_error_set(err, ML_EINTR,
			     "interrupted: %s/ is as it was, nothing changed (archives already "
			     "downloaded are kept in the cache); `monolock pull` completes the job",
			     out->root);
	for (size_t i = 0; i < p.njobs; i++)
		ml_fetch_result_release(&p.results[i]);
	free(p.results);
	jobs_free(p.jobs, p.njobs);
	jobs_free(others, nothers);
	ml_workspace_free(p.ws);
	ml_strvec_release(&keys);
	free(wants);
	free(project);
	return ret;
}
