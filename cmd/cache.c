#include "cmd.h"
#include "fetch/cache_admin.h"
#include "lockfile/repro.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: monolock cache ls [--json] | verify | gc [--max-size SIZE] [--older-than DAYS] | dir";

/* gc never removes what was used this recently: a pull may be extracting it right now. */
#define GC_GRACE_SECONDS 3600

static void print_help(void)
{
	printf("%s\n\n"
	       "Looks after the cache shared by every project ($XDG_CACHE_HOME/monolock, else\n"
	       "~/.cache/monolock): archives by checksum, git repositories, parsed repositories\n"
	       "and solves.\n\n"
	       "  ls               entries, size and oldest use of each kind\n"
	       "  verify           re-hash every archive; remove the bad ones (exit 1 if any)\n"
	       "  gc               remove the least recently used entries until the cache holds\n"
	       "                   at most SIZE bytes (--max-size, K, M, G or T suffix) and/or\n"
	       "                   nothing unused for DAYS days (--older-than); never an entry\n"
	       "                   used in the last hour, nor while a pull is downloading\n"
	       "  dir              print the cache's path\n",
	       usage);
}

static void human(char *out, size_t n, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	size_t u = 0;

	while (v >= 1024 && u + 1 < ML_ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, n, "%" PRIu64 " B", bytes);
	else
		snprintf(out, n, "%.1f %s", v, units[u]);
}

/* "10", "512K", "1.5"? no: integers with an optional K/M/G/T (1024-based) and B/iB. */
static int parse_size(uint64_t *out, const char *s)
{
	const char *p = s;
	uint64_t v = 0, mul = 1;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'k':
	case 'K':
		mul = (uint64_t)1 << 10;
		p++;
		break;
	case 'm':
	case 'M':
		mul = (uint64_t)1 << 20;
		p++;
		break;
	case 'g':
	case 'G':
		mul = (uint64_t)1 << 30;
		p++;
		break;
	case 't':
	case 'T':
		mul = (uint64_t)1 << 40;
		p++;
		break;
	default:
		break;
	}
	if (mul > 1 && (*p == 'i' || *p == 'I'))
		p++;
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p || (v && mul > UINT64_MAX / v) || v * mul > ((uint64_t)1 << 62))
		return -1;
	*out = v * mul;
	return 0;
}

static void date(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == INT64_MAX || !gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d", &tm))
		snprintf(out, n, "-");
}

static int cache_ls(bool json)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_cache_listing l;
	size_t count = 0;
	uint64_t size = 0;
	int64_t oldest = INT64_MAX;
	char *dir = ml_cache_dir();
	int ret;

	ret = ml_cache_list(&l, dir, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (json) {
		struct ml_buf b = ML_BUF_INIT;

		ml_report_cache_ls(&b, dir, &l);
		fputs(b.buf, stdout);
		ml_buf_release(&b);
		goto out;
	}
	printf("%-9s %8s %11s  %s\n", "kind", "entries", "size", "oldest use");
	for (int k = 0; k < ML_CACHE_NKINDS; k++) {
		char h[32], d[32];

		human(h, sizeof(h), l.size[k]);
		date(d, sizeof(d), l.oldest[k]);
		printf("%-9s %8zu %11s  %s\n", ml_cache_kind_name(k), l.count[k], h, d);
		count += l.count[k];
		size += l.size[k];
		if (l.oldest[k] < oldest)
			oldest = l.oldest[k];
	}
	{
		char h[32], d[32];

		human(h, sizeof(h), size);
		date(d, sizeof(d), oldest);
		printf("%-9s %8zu %11s  %s\n", "total", count, h, d);
	}
out:
	ml_cache_listing_release(&l);
	ml_error_release(&err);
	free(dir);
	return ret;
}

static int cache_verify(void)
{
	struct ml_error err = ML_ERROR_INIT;
	struct ml_cache_verify_result r;
	char h[32];
	int ret;

	ret = ml_cache_verify(&r, NULL, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	human(h, sizeof(h), r.bytes);
	printf("verified %zu archive%s (%s)\n", r.checked, r.checked == 1 ? "" : "s", h);
	for (size_t i = 0; i < r.bad.n; i++)
		printf("removed bad entry %s\n", r.bad.v[i]);
	if (r.bad.n) {
		fflush(stdout);
		ml_error_set(&err, ML_ERROR,
			     "cache verify: %zu bad entr%s removed (a pull downloads them again)",
			     r.bad.n, r.bad.n == 1 ? "y" : "ies");
		ret = cmd_error(&err);
	}
out:
	ml_cache_verify_result_release(&r);
	ml_error_release(&err);
	return ret;
}

static int cache_gc(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-size", required_argument, NULL, 's' },
		{ "older-than", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct ml_cache_gc_opts o = { 0 };
	struct ml_cache_gc_result r;
	struct ml_error err = ML_ERROR_INIT;
	char h1[32], h2[32];
	long days;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_size(&o.max_size, optarg) < 0)
				return cmd_usage_error(
				    usage,
				    "--max-size '%s': expected bytes, optionally "
				    "with K, M, G or T (e.g. 500M)",
				    optarg);
			o.has_max_size = true;
			break;
		case 'o':
			if (ml_parse_long(optarg, 0, 36500, &days) < 0)
				return cmd_usage_error(usage,
						       "--older-than '%s': expected days from 0 to "
						       "36500",
						       optarg);
			o.has_older_than = true;
			o.older_than = (int64_t)days * 86400;
			break;
		default:
			return cmd_bad_option(usage, argv, c);
		}
	}
	if (optind < argc)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[optind]);
	if (!o.has_max_size && !o.has_older_than)
		return cmd_usage_error(usage, "cache gc: say what to keep (--max-size SIZE, "
					      "--older-than DAYS or both)");
	o.now = (int64_t)time(NULL);
	o.grace = GC_GRACE_SECONDS;
	ret = ml_cache_gc(&r, NULL, &o, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	human(h1, sizeof(h1), r.removed_bytes);
	human(h2, sizeof(h2), r.kept_bytes);
	printf("removed %zu entr%s (%s), kept %zu (%s)\n", r.removed, r.removed == 1 ? "y" : "ies",
	       h1, r.kept, h2);
	fflush(stdout);
	if (r.recent)
		cmd_warn("kept %zu entr%s used in the last hour (a pull may be using %s)", r.recent,
			 r.recent == 1 ? "y" : "ies", r.recent == 1 ? "it" : "them");
out:
	ml_error_release(&err);
	return ret;
}

int cmd_cache(int argc, char **argv)
{
	const char *sub;

	if (argc < 2)
		return cmd_usage_error(usage, "which cache command? (ls, verify, gc, dir)");
	sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		print_help();
		return EXIT_OK;
	}
	if (!strcmp(sub, "gc"))
		return cache_gc(argc - 1, argv + 1);
	if (!strcmp(sub, "ls") && argc == 3 && !strcmp(argv[2], "--json"))
		return cache_ls(true);
	if (argc > 2)
		return cmd_usage_error(usage, "unexpected argument '%s'", argv[2]);
	if (!strcmp(sub, "ls"))
		return cache_ls(false);
	if (!strcmp(sub, "verify"))
		return cache_verify();
	if (!strcmp(sub, "dir")) {
		char *dir = ml_cache_dir();

		printf("%s\n", dir);
		free(dir);
		return EXIT_OK;
	}
	return cmd_usage_error(usage, "unknown cache command '%s' (ls, verify, gc, dir)", sub);
}
