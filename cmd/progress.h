#ifndef ML_CMD_PROGRESS_H
#define ML_CMD_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ml_pull_event;

/*
 * What a command shows while ml_pull (fetch/fetch.h) runs: on a terminal, a line per active
 * download and an overall bar, redrawn in place at most ten times a second; otherwise a
 * "pulled DIR" line per directory swapped in. Notes and warnings in both cases, unless quiet.
 * Zero-initialise, set tty and quiet; release with cmd_progress_release (which also erases
 * what is still drawn, after a failure).
 */
struct cmd_download {
	uint64_t done, total;
	bool active;
};

struct cmd_progress {
	bool tty;                /* stderr is a terminal that moves its cursor (cmd_term_cursor) */
	bool colour;             /* and shows colours (cmd_term_colour) */
	bool quiet;              /* the command's -q (the global one is honoured too) */
	bool verbose;            /* -v: a line for each directory (ML_PULL_DETAIL) */
	const char *const *dirs; /* of the downloads, valid between FETCH_BEGIN and FETCH_END */
	struct cmd_download *dl;
	size_t n, finished;
	int drawn; /* lines of the progress block on the terminal */
	double last_draw;
};

/* ml_pull_opts.report, with a struct cmd_progress as ctx. */
void cmd_progress_pull_event(void *ctx, const struct ml_pull_event *ev);
void cmd_progress_release(struct cmd_progress *p);

/*
 * Whether fd is a terminal where cursor movement works (not TERM=dumb or unset), and one
 * where colours may be used too (and NO_COLOR is not set).
 */
bool cmd_term_cursor(int fd);
bool cmd_term_colour(int fd);
/* Monotonic seconds. */
double cmd_now(void);
/* "12 B", "1.5 KiB", "3.2 MiB" into out[0..n). */
void cmd_human_size(char *out, size_t n, uint64_t bytes);

#endif
