#include "cmd.h"
#include "fetch/fetch.h"
#include "fetch/lock_universe.h"
#include "lockfile/lockfile.h"
#include "lockfile/repro.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OPT_LOCKFILE = 1, OPT_FORMAT, OPT_OFFLINE, OPT_TIMESTAMP, OPT_OUTPUT };

static const struct cmd_opt opts[] = {
	{ "lockfile", 'l', "PATH", "the lock to read", "monolock.lock", OPT_LOCKFILE, 0 },
	{ "format", 0, "F", "cyclonedx (CycloneDX 1.5 JSON) or spdx (SPDX 2.3 JSON)", "cyclonedx",
	  OPT_FORMAT, 0 },
	{ "offline", 0, NULL, "do not fetch recorded git repositories missing from the cache", NULL,
	  OPT_OFFLINE, 0 },
	{ "timestamp", 0, NULL,
	  "record the current time (otherwise none; SPDX's required\n"
	  "creation time is then 1970-01-01T00:00:00Z)",
	  NULL, OPT_TIMESTAMP, 0 },
	{ "output", 'o', "FILE", "write to FILE (atomically) instead of stdout", NULL, OPT_OUTPUT,
	  CMD_OPT_SYN_SHORT },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_sbom_spec = {
	.name = "sbom",
	.summary = "write a CycloneDX or SPDX bill of materials of the locked tree",
	.description =
	    "Writes a software bill of materials of the vendored tree on stdout: one\n"
	    "component per locked package (purl pkg:opam/NAME@VERSION, checksums, download\n"
	    "location, licence, dev-repo), the roots, what is not vendored (compiler,\n"
	    "tools, opam-provided), depexts, and the dependency graph. Licences and\n"
	    "dev-repos come from the repositories the lock records, opened again (git ones\n"
	    "at their recorded commit); when they cannot be read, a warning says so and\n"
	    "licences are NOASSERTION. The same lock gives the same bytes. With --json the\n"
	    "document is the member \"sbom\" of monolock's (or, with -o, its file is named).",
	.opts = opts,
	.examples = "monolock sbom -o bom.json\ta CycloneDX document in bom.json\n"
		    "monolock sbom --format spdx --offline\tSPDX on stdout, without a network\n",
};

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ml_strdup(".");
	return slash == path ? ml_strdup("/") : ml_strndup(path, (size_t)(slash - path));
}

int cmd_sbom(int argc, char **argv)
{
	const char *path = ML_LOCKFILE_NAME, *output = NULL;
	struct ml_error err = ML_ERROR_INIT;
	struct ml_lock *lock = NULL;
	struct ml_universe *u = NULL;
	struct ml_strvec warnings = ML_STRVEC_INIT;
	struct ml_lock_meta meta = { 0 };
	struct ml_buf out = ML_BUF_INIT;
	char stamp[32], *lock_dir = NULL;
	bool spdx = false, timestamp = false;
	struct cmd_parser p;
	size_t missing = 0;
	int c, ret;

	cmd_parser_init(&p, &cmd_sbom_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_LOCKFILE:
			path = cmd_path(p.val);
			break;
		case OPT_FORMAT:
			if (!strcmp(p.val, "spdx")) {
				spdx = true;
			} else if (!strcmp(p.val, "cyclonedx")) {
				spdx = false;
			} else {
				ret = cmd_usage_error(&cmd_sbom_spec,
						      "--format '%s': expected cyclonedx or spdx",
						      p.val);
				goto out;
			}
			break;
		case OPT_OFFLINE:
			ml_git_set_offline(true);
			break;
		case OPT_TIMESTAMP:
			timestamp = true;
			break;
		case OPT_OUTPUT:
			output = cmd_path(p.val);
			break;
		}
	}
	ret = cmd_parse_end(&p, c, 0, 0, NULL);
	if (ret >= 0)
		goto out;
	ret = ml_lockfile_load(&lock, path, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	lock_dir = dir_of(path);
	ml_lock_universe_open(&u, &warnings, lock, lock_dir);
	ml_lock_meta_collect(&meta, u, lock, lock_dir);
	for (size_t i = 0; i < warnings.n; i++)
		cmd_warn("sbom: %s", warnings.v[i]);
	for (size_t i = 0; i < lock->npackages; i++)
		if (!meta.pkgs[i].found)
			missing++;
	if (missing)
		cmd_warn("sbom: %zu of %zu packages not found in the recorded repositories: their "
			 "licence is NOASSERTION (left out in CycloneDX)",
			 missing, lock->npackages);
	if (timestamp) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	ml_sbom_render(&out, lock, &meta, spdx, timestamp ? stamp : NULL);
	if (output) {
		ret = ml_fs_write_atomic(output, out.buf, out.len, 0644, &err);
		if (ret) {
			ret = cmd_error(&err);
			goto out;
		}
	} else if (!cmd_global.json) {
		fwrite(out.buf, 1, out.len, stdout);
	}
	if (cmd_global.json) {
		json_error_t jerr;
		json_t *doc = output ? json_string(output) : json_loads(out.buf, 0, &jerr);

		cmd_json_print(json_pack("{ssso}", "format", spdx ? "spdx" : "cyclonedx",
					 output ? "output" : "sbom", doc));
	}
	ret = EXIT_OK;
out:
	cmd_parser_release(&p);
	ml_buf_release(&out);
	ml_lock_meta_release(&meta);
	ml_universe_free(u);
	ml_strvec_release(&warnings);
	ml_lock_free(lock);
	free(lock_dir);
	ml_error_release(&err);
	return ret;
}
