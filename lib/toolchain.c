/*
 * Versions of the programs on PATH. A program found on PATH is not trusted: it runs with
 * no input, its output is read up to a cap and within a time limit, and anything that is not
 * exactly one version is an error naming the command, never a crash or a guess.
 */
#include "toolchain.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "lock.h"
#include "util.h"

extern char **environ;

bool ml_toolchain_off(void)
{
	const char *off = getenv(ML_TOOLCHAIN_ENV_OFF);

	return off && *off;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool ml_tool_version_valid(const char *s)
{
	size_t n = strlen(s), i = 0;

	if (n == 0 || n > ML_TOOL_VERSION_MAX)
		return false;
	while (is_digit(s[i]))
		i++;
	if (i == 0 || s[i] != '.' || !is_digit(s[i + 1]))
		return false;
	for (; s[i]; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') && !strchr(".+~_-", s[i]))
			return false;
	return true;
}

char *ml_tool_release(const char *version)
{
	size_t n = 0;

	while (is_digit(version[n]) || (version[n] == '.' && is_digit(version[n + 1])))
		n++;
	return ml_strndup(version, n);
}

/* The command line as shown in messages: "dune --version". */
static char *command_text(const char *const *argv)
{
	struct ml_buf b = ML_BUF_INIT;

	for (size_t i = 0; argv[i]; i++)
		ml_buf_addf(&b, "%s%s", i ? " " : "", argv[i]);
	return ml_buf_detach(&b, NULL);
}

/* What a program printed, for a message: printable ASCII, others as \xNN, cut at 40. */
static void add_shown(struct ml_buf *b, const char *s, size_t len)
{
	size_t i;

	ml_buf_addc(b, '"');
	for (i = 0; i < len && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			ml_buf_addc(b, (char)c);
		else
			ml_buf_addf(b, "\\x%02x", c);
	}
	ml_buf_addc(b, '"');
	if (len > i)
		ml_buf_adds(b, "...");
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Reads the child's stdout into out (at most ML_TOOL_OUTPUT_MAX + 1 bytes: one more tells
 * "too much") until end of file or the deadline (now_ms()). Returns 0, 1 when timed out.
 */
static int read_bounded(int fd, struct ml_buf *out, long deadline)
{
	char chunk[512];

	while (out->len <= ML_TOOL_OUTPUT_MAX) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t n;
		size_t want = sizeof(chunk);
		int r;

		if (left <= 0)
			return 1;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? 1 : 0;
		if (want > ML_TOOL_OUTPUT_MAX + 1 - out->len)
			want = ML_TOOL_OUTPUT_MAX + 1 - out->len;
		n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		ml_buf_add(out, chunk, (size_t)n);
	}
	return 0;
}

/* A program started and not yet waited for. */
struct tool_run {
	char *cmd; /* "dune --version", for messages */
	pid_t pid; /* -1: not started */
	int fd;    /* its stdout, or -1 */
};

/*
 * Starts argv[0] (looked up in PATH) with stdin and stderr on /dev/null and stdout on a
 * pipe. ML_ENOTFOUND when it is not on PATH; run->pid is -1 on any failure.
 */
static int tool_start(struct tool_run *run, const char *const *argv, struct ml_error *err)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2], rc;

	run->cmd = command_text(argv);
	run->pid = -1;
	run->fd = -1;
	if (pipe2(pipefd, O_CLOEXEC))
		return ml_error_errno(err, ML_ERROR, "%s: cannot make a pipe", run->cmd);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&run->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc) {
		run->pid = -1;
		close(pipefd[0]);
		if (rc == ENOENT)
			return ml_error_set(err, ML_ENOTFOUND, "%s is not on PATH", argv[0]);
		errno = rc;
		return ml_error_errno(err, ML_ERROR, "%s: cannot run it", run->cmd);
	}
	run->fd = pipefd[0];
	return 0;
}

/*
 * Reads a started program's output as one version (see ml_tool_version) until the
 * deadline, waits for it (killed when late or too talkative) and releases run.
 */
static int tool_finish(char **out, struct tool_run *run, long deadline, struct ml_error *err)
{
	struct ml_buf b = ML_BUF_INIT;
	int status = 0, timed_out, ret;
	const char *cmd = run->cmd;
	size_t len;

	*out = NULL;
	timed_out = read_bounded(run->fd, &b, deadline);
	if (timed_out || b.len > ML_TOOL_OUTPUT_MAX)
		kill(run->pid, SIGKILL);
	while (waitpid(run->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		ret = ml_error_set(err, ML_ERROR, "%s: no answer within %d s (killed)", cmd,
				   ML_TOOL_TIMEOUT_MS / 1000);
		goto out;
	}
	if (b.len > ML_TOOL_OUTPUT_MAX) {
		ret = ml_error_set(err, ML_ERROR, "%s: printed more than %d bytes, not a version",
				   cmd, ML_TOOL_OUTPUT_MAX);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ret = ml_error_set(err, ML_ERROR, "%s: failed (%s %d)", cmd,
				   WIFEXITED(status) ? "exit status" : "signal",
				   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		goto out;
	}
	len = b.len;
	if (len && b.buf[len - 1] == '\n')
		len--;
	if (len && b.buf[len - 1] == '\r')
		len--;
	ml_buf_setlen(&b, len);
	if (memchr(b.buf, '\0', len) || !ml_tool_version_valid(b.buf)) {
		struct ml_buf m = ML_BUF_INIT;

		add_shown(&m, b.buf, len);
		ret = ml_error_set(err, ML_ERROR, "%s: printed %s, not a version", cmd, m.buf);
		ml_buf_release(&m);
		goto out;
	}
	*out = ml_strdup(b.buf);
	ret = 0;
out:
	close(run->fd);
	run->fd = -1;
	run->pid = -1;
	free(run->cmd);
	run->cmd = NULL;
	ml_buf_release(&b);
	return ret;
}

int ml_tool_version(char **out, const char *const *argv, struct ml_error *err)
{
	struct tool_run run;
	int ret;

	*out = NULL;
	ret = tool_start(&run, argv, err);
	if (ret) {
		free(run.cmd);
		return ret;
	}
	return tool_finish(out, &run, now_ms() + ML_TOOL_TIMEOUT_MS, err);
}

static const char *const *tool_argv(enum ml_tool tool, bool fallback)
{
	static const char *const ocamlc[] = { "ocamlc", "-version", NULL };
	static const char *const ocamlfind[] = { "ocamlfind", "ocamlopt", "-version", NULL };
	static const char *const dune[] = { "dune", "--version", NULL };
	static const char *const opam[] = { "opam", "--version", NULL };

	switch (tool) {
	case ML_TOOL_OCAML:
		return fallback ? ocamlfind : ocamlc;
	case ML_TOOL_DUNE:
		return dune;
	case ML_TOOL_OPAM:
	case ML_TOOL_COUNT:
		break;
	}
	return opam;
}

void ml_toolchain_find_all(char **out, int *rets, struct ml_error *errs, const bool *want)
{
	struct tool_run runs[ML_TOOL_COUNT];
	long deadline = now_ms() + ML_TOOL_TIMEOUT_MS;

	/* all started first: they run at the same time, a lock waits for the slowest only */
	for (int t = 0; t < ML_TOOL_COUNT; t++) {
		out[t] = NULL;
		runs[t].cmd = NULL;
		runs[t].pid = -1;
		if (!want[t]) {
			rets[t] = ML_ENOTFOUND;
			continue;
		}
		if (ml_toolchain_off()) {
			rets[t] = ml_error_set(&errs[t], ML_ENOTFOUND, "%s set: PATH not read",
					       ML_TOOLCHAIN_ENV_OFF);
			continue;
		}
		rets[t] = tool_start(&runs[t], tool_argv((enum ml_tool)t, false), &errs[t]);
		if (rets[t] == ML_ENOTFOUND && t == ML_TOOL_OCAML) {
			free(runs[t].cmd);
			rets[t] = tool_start(&runs[t], tool_argv((enum ml_tool)t, true), &errs[t]);
		}
	}
	for (int t = 0; t < ML_TOOL_COUNT; t++) {
		if (runs[t].pid >= 0)
			rets[t] = tool_finish(&out[t], &runs[t], deadline, &errs[t]);
		free(runs[t].cmd);
	}
}

int ml_toolchain_find(char **out, enum ml_tool tool, struct ml_error *err)
{
	bool want[ML_TOOL_COUNT] = { false };
	char *outs[ML_TOOL_COUNT];
	int rets[ML_TOOL_COUNT];
	struct ml_error errs[ML_TOOL_COUNT] = { ML_ERROR_INIT, ML_ERROR_INIT, ML_ERROR_INIT };

	want[tool] = true;
	ml_toolchain_find_all(outs, rets, errs, want);
	*out = outs[tool];
	if (rets[tool] && err)
		ml_error_move(err, &errs[tool]);
	for (int t = 0; t < ML_TOOL_COUNT; t++)
		ml_error_release(&errs[t]);
	return rets[tool];
}

/* Appends "ocaml 4.13.1" / "no ocaml" for one tool's answer; true when it differs. */
static bool compare_tool(struct ml_buf *locked, struct ml_buf *found, const char *v,
			 const char *name, const char *want, bool at_most)
{
	char *rel = v ? ml_tool_release(v) : NULL;
	bool differs = !rel || strcmp(rel, want) != 0;

	ml_buf_addf(locked, "%s%s %s%s", locked->len ? " and " : "", name, at_most ? "<= " : "",
		    want);
	if (rel)
		ml_buf_addf(found, "%s%s %s", found->len ? " and " : "", name, rel);
	else
		ml_buf_addf(found, "%sno %s", found->len ? " and " : "", name);
	free(rel);
	return differs;
}

bool ml_toolchain_differs(struct ml_buf *msg, const struct ml_lock_toolchain *t)
{
	struct ml_buf locked = ML_BUF_INIT, found = ML_BUF_INIT;
	bool want[ML_TOOL_COUNT] = { t->ocaml != NULL, t->dune_max != NULL, false };
	struct ml_error errs[ML_TOOL_COUNT] = { ML_ERROR_INIT, ML_ERROR_INIT, ML_ERROR_INIT };
	char *v[ML_TOOL_COUNT];
	int r[ML_TOOL_COUNT];
	bool differs = false;

	if (ml_toolchain_off() || (!t->ocaml && !t->dune_max))
		return false;
	/* a program that fails or prints garbage counts as none */
	ml_toolchain_find_all(v, r, errs, want);
	if (t->ocaml)
		differs |=
		    compare_tool(&locked, &found, v[ML_TOOL_OCAML], "ocaml", t->ocaml, false);
	if (t->dune_max)
		differs |=
		    compare_tool(&locked, &found, v[ML_TOOL_DUNE], "dune", t->dune_max, true);
	if (differs)
		ml_buf_addf(msg, "the lock is for %s but PATH has %s", locked.buf, found.buf);
	for (int i = 0; i < ML_TOOL_COUNT; i++) {
		free(v[i]);
		ml_error_release(&errs[i]);
	}
	ml_buf_release(&locked);
	ml_buf_release(&found);
	return differs;
}
