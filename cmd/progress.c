/* Progress of a pull on stderr (cmd/progress.h). */
#include "progress.h"
#include "cmd.h"
#include "fetch/fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PROGRESS_MAX_SHOWN 8 /* downloads drawn at once on a terminal */

double cmd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cmd_human_size(char *out, size_t n, uint64_t bytes)
{
	if (bytes < 1024)
		snprintf(out, n, "%llu B", (unsigned long long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, n, "%.1f KiB", (double)bytes / 1024);
	else
		snprintf(out, n, "%.1f MiB", (double)bytes / (1024 * 1024));
}

static bool showing(const struct cmd_progress *p)
{
	return !p->quiet && !cmd_global.quiet;
}

/* Terminal progress: a line per active download, then an overall bar; redrawn in place. */
static void draw(struct cmd_progress *p, bool force)
{
	char a[32], b[32];
	size_t shown = 0, width = 30, fill;
	uint64_t done = 0;
	double t = cmd_now();

	if (!p->tty || !showing(p) || !p->dl || (!force && t - p->last_draw < 0.1))
		return;
	p->last_draw = t;
	if (p->drawn)
		fprintf(stderr, "\033[%dA", p->drawn);
	p->drawn = 0;
	for (size_t i = 0; i < p->n && shown < PROGRESS_MAX_SHOWN; i++) {
		if (!p->dl[i].active)
			continue;
		cmd_human_size(a, sizeof(a), p->dl[i].done);
		if (p->dl[i].total)
			cmd_human_size(b, sizeof(b), p->dl[i].total);
		else
			snprintf(b, sizeof(b), "?");
		fprintf(stderr, "\033[K  %-24.24s %10s / %s\n", p->dirs[i], a, b);
		shown++;
		p->drawn++;
	}
	fill = p->n ? width * p->finished / p->n : width;
	for (size_t i = 0; i < p->n; i++)
		done += p->dl[i].done;
	cmd_human_size(a, sizeof(a), done);
	fprintf(stderr, "\033[K[");
	for (size_t i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu sources, %s\n", p->finished, p->n, a);
	p->drawn++;
	fflush(stderr);
}

static void clear_progress(struct cmd_progress *p)
{
	if (!p->drawn)
		return;
	fprintf(stderr, "\033[%dA\033[J", p->drawn);
	p->drawn = 0;
	fflush(stderr);
}

/* ml_pull's report callback: progress on a terminal, a line per directory otherwise. */
void cmd_progress_pull_event(void *ctx, const struct ml_pull_event *ev)
{
	struct cmd_progress *p = ctx;
	struct cmd_download *d;
	bool was_complete;

	switch (ev->kind) {
	case ML_PULL_FETCH_BEGIN:
		free(p->dl);
		p->dl = ml_calloc(ev->count ? ev->count : 1, sizeof(*p->dl));
		p->dirs = ev->dirs;
		p->n = ev->count;
		p->finished = 0;
		break;
	case ML_PULL_DOWNLOAD:
		if (!p->dl || ev->index >= p->n)
			break;
		d = &p->dl[ev->index];
		was_complete = d->total && d->done == d->total;
		d->done = ev->done;
		d->total = ev->total;
		d->active = !(ev->total && ev->done == ev->total);
		if (!d->active && !was_complete)
			p->finished++;
		draw(p, !d->active);
		break;
	case ML_PULL_FETCH_END:
		draw(p, true);
		clear_progress(p);
		free(p->dl);
		p->dl = NULL;
		p->dirs = NULL;
		break;
	case ML_PULL_PULLED:
		if (!p->tty && showing(p))
			fprintf(stderr, "pulled %s\n", ev->dir);
		break;
	case ML_PULL_NOTE:
		if (!cmd_global.quiet)
			fprintf(stderr, "monolock: %s\n", ev->msg);
		break;
	case ML_PULL_WARNING:
		cmd_warn("%s", ev->msg);
		break;
	case ML_PULL_WAITING:
		/* said once, before a wait that may be long */
		if (!showing(p))
			break;
		if (ev->pid)
			fprintf(stderr,
				"monolock: waiting for monolock (pid %ld) pulling into %s/\n",
				ev->pid, ev->dir);
		else
			fprintf(stderr, "monolock: waiting for another monolock pulling into %s/\n",
				ev->dir);
		break;
	case ML_PULL_SAVED:
		/* even when quiet: it says where the edits went */
		fprintf(stderr, "monolock: saved %s/ as %s before discarding it\n", ev->dir,
			ev->msg);
		break;
	}
}

void cmd_progress_release(struct cmd_progress *p)
{
	clear_progress(p);
	free(p->dl);
	p->dl = NULL;
}
