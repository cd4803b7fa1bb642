#ifndef ML_CMD_LOCK_PIN_H
#define ML_CMD_LOCK_PIN_H

/* cmd/lock_pin.c: the roots' pin-depends, for `monolock lock`. */

#include "lib/ml.h"

/*
 * How a local path or URL is recorded in a lock: a URL as given; a local path (plain, or
 * file://PATH, or git+file://PATH) as file://RELATIVE to the project directory (git+ kept),
 * so that the lock holds no absolute path of the machine. A new string (free()).
 */
char *lock_record_url(const char *spec, const char *project_dir);

/*
 * One repository per pin-depends entry of the project, holding that package's opam file as
 * read from the pinned source (a local directory: NAME.opam, opam or opam/opam in it; a git
 * URL git+URL[#ref]: the same files at the resolved commit), with its url section replaced
 * by the pin's source as the lock records it (a local directory: file://RELATIVE, no
 * checksum; git: git+URL#<commit>). Each is appended to *repos (ownership passes to the
 * caller, who adds them to the universe with precedence over every other repository), and
 * the pinned name and version to names/versions. Archive URLs are ML_EUSAGE.
 */
int lock_pin_repos(struct ml_repo ***repos, size_t *nrepos, struct ml_strvec *names,
		   struct ml_strvec *versions, const struct ml_project *p, struct ml_error *err);

#endif
