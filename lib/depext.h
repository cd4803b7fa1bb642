#ifndef ML_DEPEXT_H
#define ML_DEPEXT_H

#include "lib/ml.h"

/*
 * System packages (depexts) on this host, as opam 2.1 handles them: the host's package
 * manager is chosen from os-family / os-distribution (vars, defaulted from the system by
 * ml_vars_set_defaults and overridable with --var), asked which of a list are installed, and
 * run to install the others. Programs are looked up on PATH.
 */

#define ML_DEPEXT_MAX 512      /* system packages considered at once */
#define ML_DEPEXT_MAX_NAME 128 /* bytes in one system package's name */

/*
 * Whether name may be given to a package manager: letters, digits and .+_-:@/, starting with
 * a letter or digit, at most ML_DEPEXT_MAX_NAME bytes. A lock from elsewhere names them, and
 * they end up on a root command line.
 */
bool ml_depext_name_valid(const char *name);

enum ml_pkgmgr {
	ML_PKGMGR_NONE = 0,
	ML_PKGMGR_APT,
	ML_PKGMGR_DNF,
	ML_PKGMGR_APK,
	ML_PKGMGR_PACMAN,
	ML_PKGMGR_ZYPPER,
	ML_PKGMGR_BREW,
};

/* The package manager of the host vars describe; ML_PKGMGR_NONE when unknown. */
enum ml_pkgmgr ml_pkgmgr_for(const struct ml_vars *vars);
/* Its name ("apt", ...), for messages. */
const char *ml_pkgmgr_name(enum ml_pkgmgr m);

/*
 * Appends to out the names among `names` that the package manager says are not installed
 * (one query per name: dpkg-query, rpm, apk info, pacman -Q, brew list). A name that is
 * not ml_depext_name_valid is ML_EUNSAFE naming it (nothing is run); more than
 * ML_DEPEXT_MAX names is ML_EUSAGE; a query program missing from PATH is ML_ENOTFOUND
 * naming it.
 */
int ml_depext_missing(struct ml_strvec *out, enum ml_pkgmgr m, const struct ml_strvec *names,
		      struct ml_error *err);

/*
 * The command that installs names without asking (apt-get install -y ..., dnf install -y,
 * apk add, pacman -S --noconfirm, zypper --non-interactive install, brew install), with sudo
 * first when not run as root (but brew). Appended to argv.
 */
void ml_depext_install_argv(struct ml_strvec *argv, enum ml_pkgmgr m,
			    const struct ml_strvec *names);

/*
 * The names of lock's depexts whose filter holds (opam's global variables from vars, e.g.
 * os-family) appended to out, sorted, each once. A filter that is undefined in vars holds
 * when undef_holds: `depext` answers for this host as opam does (false), an SBOM lists
 * what the lock's own variables do not rule out (true). A filter that does not parse is
 * ML_EPARSE naming `path` (ml_lock_validate refuses such a lock).
 */
int ml_depext_select(struct ml_strvec *out, const struct ml_lock *lock, const struct ml_vars *vars,
		     bool undef_holds, const char *path, struct ml_error *err);

/* Runs argv (PATH lookup) with this process's stdio and waits: its exit status, or -1. */
int ml_depext_run(const struct ml_strvec *argv, struct ml_error *err);

#endif
