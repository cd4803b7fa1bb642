#include "depext.h"
#include "filter.h"
#include "lock.h"
#include "opam.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static bool word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	/* ID_LIKE is a space-separated list ("rhel centos fedora") */
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, word, n))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

enum ml_pkgmgr ml_pkgmgr_for(const struct ml_vars *vars)
{
	static const struct {
		const char *family;
		enum ml_pkgmgr m;
	} table[] = {
		{ "debian", ML_PKGMGR_APT },      { "ubuntu", ML_PKGMGR_APT },
		{ "fedora", ML_PKGMGR_DNF },      { "rhel", ML_PKGMGR_DNF },
		{ "centos", ML_PKGMGR_DNF },      { "alpine", ML_PKGMGR_APK },
		{ "arch", ML_PKGMGR_PACMAN },     { "suse", ML_PKGMGR_ZYPPER },
		{ "opensuse", ML_PKGMGR_ZYPPER }, { "macos", ML_PKGMGR_BREW },
		{ "homebrew", ML_PKGMGR_BREW },
	};
	const char *family = ml_vars_get(vars, "os-family");
	const char *distro = ml_vars_get(vars, "os-distribution");

	for (size_t i = 0; i < ML_ARRAY_SIZE(table); i++)
		if (word_in(distro, table[i].family))
			return table[i].m;
	for (size_t i = 0; i < ML_ARRAY_SIZE(table); i++)
		if (word_in(family, table[i].family))
			return table[i].m;
	return ML_PKGMGR_NONE;
}

const char *ml_pkgmgr_name(enum ml_pkgmgr m)
{
	static const char *const names[] = {
		"none", "apt", "dnf", "apk", "pacman", "zypper", "brew"
	};

	return names[m];
}

/* The query that exits 0 when name is installed. */
static void query_argv(const char **argv, enum ml_pkgmgr m, const char *name)
{
	size_t n = 0;

	switch (m) {
	case ML_PKGMGR_APT:
		argv[n++] = "dpkg-query";
		argv[n++] = "-W";
		argv[n++] = "-f=${Status}\\n";
		break;
	case ML_PKGMGR_DNF:
	case ML_PKGMGR_ZYPPER:
		argv[n++] = "rpm";
		argv[n++] = "-q";
		argv[n++] = "--whatprovides";
		break;
	case ML_PKGMGR_APK:
		argv[n++] = "apk";
		argv[n++] = "info";
		argv[n++] = "-e";
		break;
	case ML_PKGMGR_PACMAN:
		argv[n++] = "pacman";
		argv[n++] = "-Q";
		break;
	case ML_PKGMGR_BREW:
		argv[n++] = "brew";
		argv[n++] = "list";
		argv[n++] = "--versions";
		break;
	case ML_PKGMGR_NONE:
		break;
	}
	argv[n++] = name;
	argv[n] = NULL;
}

/* Runs argv quietly (stdio on /dev/null, or stdout to fd out when >= 0): exit status. */
static int run_quiet(const char *const *argv, int out, struct ml_error *err)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out >= 0)
		posix_spawn_file_actions_adddup2(&fa, out, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT)
		return ml_error_set(err, ML_ENOTFOUND, "%s: not found on PATH", argv[0]);
	if (rc)
		return ml_error_set(err, ML_ERROR, "cannot run %s: %s", argv[0], strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ml_error_errno(err, ML_ERROR, "waiting for %s", argv[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool ml_depext_name_valid(const char *name)
{
	size_t n = strlen(name);

	/* a leading '-' would be an option of the package manager (apt-get -o runs hooks) */
	if (!n || n > ML_DEPEXT_MAX_NAME || !isalnum((unsigned char)name[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr(".+_-:@/", name[i]))
			return false;
	return true;
}

int ml_depext_missing(struct ml_strvec *out, enum ml_pkgmgr m, const struct ml_strvec *names,
		      struct ml_error *err)
{
	for (size_t i = 0; i < names->n && i <= ML_DEPEXT_MAX; i++)
		if (!ml_depext_name_valid(names->v[i]))
			return ml_error_set(
			    err, ML_EUNSAFE,
			    "depexts: '%.*s' is not a system package name (letters, "
			    "digits and .+_-:@/, not starting with '-'): refused",
			    64, names->v[i]);
	if (names->n > ML_DEPEXT_MAX)
		return ml_error_set(err, ML_EUSAGE, "%zu system packages: at most %d at once",
				    names->n, ML_DEPEXT_MAX);
	if (m == ML_PKGMGR_NONE)
		return ml_error_set(err, ML_EUSAGE,
				    "no known package manager for this system (os-family and "
				    "os-distribution: --var sets them)");
	for (size_t i = 0; i < names->n; i++) {
		const char *argv[8];
		int rc;

		query_argv(argv, m, names->v[i]);
		if (m == ML_PKGMGR_APT) {
			/* dpkg-query exits 0 for a removed package too: read its status */
			struct ml_buf b = ML_BUF_INIT;
			char tmpl[] = "/tmp/monolock-depext-XXXXXX";
			int fd = mkstemp(tmpl);

			if (fd < 0)
				return ml_error_errno(err, ML_EIO, "cannot create %s", tmpl);
			unlink(tmpl);
			rc = run_quiet(argv, fd, err);
			if (rc >= 0 && lseek(fd, 0, SEEK_SET) == 0) {
				char buf[256];
				ssize_t k = read(fd, buf, sizeof(buf) - 1);

				ml_buf_add(&b, buf, k > 0 ? (size_t)k : 0);
				if (rc == 0 && !strstr(b.buf, "install ok installed"))
					rc = 1;
			}
			close(fd);
			ml_buf_release(&b);
		} else {
			rc = run_quiet(argv, -1, err);
		}
		if (rc < 0)
			return rc;
		if (rc != 0)
			ml_strvec_push(out, names->v[i]);
	}
	return 0;
}

int ml_depext_select(struct ml_strvec *out, const struct ml_lock *lock, const struct ml_vars *vars,
		     bool undef_holds, const char *path, struct ml_error *err)
{
	struct ml_filter_env env = { 0 };
	struct ml_strvec names = ML_STRVEC_INIT;
	int ret = 0;

	env.vars = vars;
	for (size_t i = 0; i < lock->ndepexts; i++) {
		const struct ml_lock_depext *d = &lock->depexts[i];
		struct ml_opam_file *f = NULL;
		const struct ml_opam_value *opt;
		bool holds = true;

		if (d->filter) {
			ret = ml_opam_parse_filter(&f, &opt, d->filter, path, err);
			if (ret < 0)
				goto out;
			/* the items of `{a b}` all hold, as opam reads a depexts filter */
			for (size_t k = 0; holds && k < opt->nitems; k++) {
				struct ml_fval v;

				ml_filter_eval(&v, opt->items[k], &env);
				if (v.kind == ML_FVAL_UNDEF)
					holds = undef_holds;
				else
					holds = v.kind == ML_FVAL_BOOL && v.b;
			}
			ml_opam_file_free(f);
		}
		if (holds)
			for (size_t k = 0; k < d->names.n; k++)
				ml_strvec_push(&names, d->names.v[k]);
	}
	ml_strvec_sort_uniq(&names);
	for (size_t i = 0; i < names.n; i++)
		ml_strvec_push(out, names.v[i]);
out:
	ml_strvec_release(&names);
	return ret;
}

void ml_depext_install_argv(struct ml_strvec *argv, enum ml_pkgmgr m, const struct ml_strvec *names)
{
	if (m != ML_PKGMGR_BREW && geteuid() != 0)
		ml_strvec_push(argv, "sudo");
	switch (m) {
	case ML_PKGMGR_APT:
		ml_strvec_push(argv, "apt-get");
		ml_strvec_push(argv, "install");
		ml_strvec_push(argv, "-y");
		break;
	case ML_PKGMGR_DNF:
		ml_strvec_push(argv, "dnf");
		ml_strvec_push(argv, "install");
		ml_strvec_push(argv, "-y");
		break;
	case ML_PKGMGR_APK:
		ml_strvec_push(argv, "apk");
		ml_strvec_push(argv, "add");
		break;
	case ML_PKGMGR_PACMAN:
		ml_strvec_push(argv, "pacman");
		ml_strvec_push(argv, "-S");
		ml_strvec_push(argv, "--noconfirm");
		break;
	case ML_PKGMGR_ZYPPER:
		ml_strvec_push(argv, "zypper");
		ml_strvec_push(argv, "--non-interactive");
		ml_strvec_push(argv, "install");
		break;
	case ML_PKGMGR_BREW:
		ml_strvec_push(argv, "brew");
		ml_strvec_push(argv, "install");
		break;
	case ML_PKGMGR_NONE:
		break;
	}
	for (size_t i = 0; i < names->n; i++)
		ml_strvec_push(argv, names->v[i]);
}

int ml_depext_run(const struct ml_strvec *argv, struct ml_error *err)
{
	char **v = ml_calloc(argv->n + 1, sizeof(*v));
	pid_t pid;
	int rc, status;

	for (size_t i = 0; i < argv->n; i++)
		v[i] = argv->v[i];
	rc = posix_spawnp(&pid, v[0], NULL, NULL, v, environ);
	free(v);
	if (rc == ENOENT)
		return ml_error_set(err, ML_ENOTFOUND, "%s: not found on PATH", argv->v[0]);
	if (rc)
		return ml_error_set(err, ML_ERROR, "cannot run %s: %s", argv->v[0], strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ml_error_errno(err, ML_ERROR, "waiting for %s", argv->v[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
