/* Progress of a pull on stderr (cmd/progress.h). */
#include "progress.h"
#include "cmd.h"
#include "fetch/fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

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

bool cmd_term_cursor(int fd)
{
	const char *term = getenv("TERM");

	/* a terminal that understands cursor movement: not a pipe, not TERM=dumb */
	return isatty(fd) && term && *term && strcmp(term, "dumb") != 0;
}

bool cmd_term_colour(int fd)
{
	const char *no = getenv("NO_COLOR");

	/* https://no-color.org: present and not empty disables colour */
	return cmd_term_cursor(fd) && !(no && *no);
}

/* Columns of the terminal on stderr (80 when unknown). */
static size_t term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10)
		return ws.ws_col;
	return 80;
}

/*
 * One line of the block, cut to fit the terminal: a line that wrapped would take two rows
 * and the block would no longer erase itself. With colour, text[from, from + n) is green.
 */
static void put_line(const struct cmd_progress *p, const char *text, size_t from, size_t n,
		     size_t width)
{
	size_t len = strlen(text), max = width - 1; /* the last column wraps on some terminals */

	if (len > max)
		len = max;
	if (from > len)
		from = len;
	if (from + n > len)
		n = len - from;
	fputs("\r\033[K", stderr);
	if (p->colour && n)
		fprintf(stderr, "%.*s\033[32m%.*s\033[0m%.*s\n", (int)from, text, (int)n,
			text + from, (int)(len - from - n), text + from + n);
	else
		fprintf(stderr, "%.*s\n", (int)len, text);
}

/* Terminal progress: a line per active download, then an overall bar; redrawn in place. */
static void draw(struct cmd_progress *p, bool force)
{
	char a[32], b[32], line[256], bar[64];
	size_t shown = 0, bar_width = 30, fill, width = term_width();
	uint64_t done = 0;
	double t = cmd_now();

	if (!p->tty || !showing(p) || !p->dl || (!force && t - p->last_draw < 0.1))
		return;
	p->last_draw = t;
	if (p->drawn)
		fprintf(stderr, "\r\033[%dA", p->drawn);
	p->drawn = 0;
	for (size_t i = 0; i < p->n && shown < PROGRESS_MAX_SHOWN; i++) {
		if (!p->dl[i].active)
			continue;
		cmd_human_size(a, sizeof(a), p->dl[i].done);
		if (p->dl[i].total)
			cmd_human_size(b, sizeof(b), p->dl[i].total);
		else
			snprintf(b, sizeof(b), "?");
		snprintf(line, sizeof(line), "  %-24.24s %10s / %s", p->dirs[i], a, b);
		put_line(p, line, 0, 0, width);
		shown++;
		p->drawn++;
	}
	fill = p->n ? bar_width * p->finished / p->n : bar_width;
	for (size_t i = 0; i < p->n; i++)
		done += p->dl[i].done;
	cmd_human_size(a, sizeof(a), done);
	for (size_t i = 0; i < bar_width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[bar_width] = '\0';
	snprintf(line, sizeof(line), "[%s] %zu/%zu sources, %s", bar, p->finished, p->n, a);
	put_line(p, line, 1, fill, width);
	p->drawn++;
	fflush(stderr);
}

static void clear_progress(struct cmd_progress *p)
{
	if (!p->drawn)
		return;
	/* back to the block's first row, and everything from there down erased */
	fprintf(stderr, "\r\033[%dA\033[J", p->drawn);
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
		cmd_warn_about(ev->dir, ev->msg);
		break;
	case ML_PULL_WAITING:
		/* said once, before a wait that may be long */
		if (!showing(p))
			break;
		if (ev->pid)
			fprintf(stderr,
				"monolock: waiting for monolock (pid %ld) pulling into %s/\n",
				ev->pid, cmd_user_path(ev->dir));
		else
			fprintf(stderr, "monolock: waiting for another monolock pulling into %s/\n",
				cmd_user_path(ev->dir));
		break;
	case ML_PULL_DETAIL:
		if (p->verbose && showing(p))
			fprintf(stderr, "%s: %s\n", ev->dir, ev->msg);
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
