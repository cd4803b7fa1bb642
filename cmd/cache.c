#include "cmd.h"
#include "fetch/cache_admin.h"
#include "lockfile/repro.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* gc never removes what was used this recently: a pull may be extracting it right now. */
#define GC_GRACE_SECONDS 3600

enum { OPT_MAX_SIZE = 1, OPT_OLDER_THAN };

static const struct cmd_opt opts[] = {
	{ "max-size", 0, "SIZE", "gc: keep at most SIZE bytes (K, M, G or T suffix)", NULL,
	  OPT_MAX_SIZE, 0 },
	{ "older-than", 0, "DAYS", "gc: remove what was not used for DAYS days", NULL,
	  OPT_OLDER_THAN, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

const struct cmd_spec cmd_cache_spec = {
	.name = "cache",
	.summary = "list, verify or trim the download cache (cache ls|verify|gc|dir)",
	.usage = "usage: monolock cache ls | verify | dir | gc [--max-size SIZE]\n"
		 "                      [--older-than DAYS]   (each with [-q] [--json])",
	.description =
	    "Looks after the cache shared by every project ($XDG_CACHE_HOME/monolock, else\n"
	    "~/.cache/monolock): archives by checksum, git repositories, parsed repositories\n"
	    "and solves.\n"
	    "  ls               entries, size and oldest use of each kind\n"
	    "  verify           re-hash every archive; remove the bad ones (exit 1 if any)\n"
	    "  gc               remove the least recently used entries until the cache holds\n"
	    "                   at most SIZE bytes (--max-size) and/or nothing unused for\n"
	    "                   DAYS days (--older-than); never an entry used in the last\n"
	    "                   hour, nor while a pull is downloading\n"
	    "  dir              print the cache's path",
	.opts = opts,
	.examples = "monolock cache ls\twhat the cache holds\n"
		    "monolock cache gc --max-size 2G\ttrim it to 2 GiB\n"
		    "monolock cache gc --older-than 30\tremove what was not used for a month\n",
	.complete = CMD_COMPLETE_WORDS,
	.words = "ls verify gc dir",
};

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
		cmd_json_print_text(b.buf);
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
	if (cmd_global.json) {
		json_t *bad = json_array();

		for (size_t i = 0; i < r.bad.n; i++)
			json_array_append_new(bad, json_string(r.bad.v[i]));
		cmd_json_print(json_pack("{sIsIso}", "checked", (json_int_t)r.checked, "bytes",
					 (json_int_t)r.bytes, "removed", bad));
		ret = r.bad.n ? EXIT_FAIL : EXIT_OK;
		goto out;
	}
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

static int cache_gc(const struct cmd_parser *p, struct ml_cache_gc_opts o)
{
	struct ml_cache_gc_result r;
	struct ml_error err = ML_ERROR_INIT;
	char h1[32], h2[32];
	int ret;

	if (p->args.n > 1)
		return cmd_usage_error(&cmd_cache_spec, "unexpected argument '%s'", p->args.v[1]);
	if (!o.has_max_size && !o.has_older_than)
		return cmd_usage_error(&cmd_cache_spec,
				       "cache gc: say what to keep (--max-size SIZE, "
				       "--older-than DAYS or both)");
	o.now = (int64_t)time(NULL);
	o.grace = GC_GRACE_SECONDS;
	ret = ml_cache_gc(&r, NULL, &o, &err);
	if (ret) {
		ret = cmd_error(&err);
		goto out;
	}
	if (cmd_global.json) {
		cmd_json_print(json_pack("{sIsIsIsIsI}", "removed", (json_int_t)r.removed,
					 "removed_bytes", (json_int_t)r.removed_bytes, "kept",
					 (json_int_t)r.kept, "kept_bytes", (json_int_t)r.kept_bytes,
					 "recent", (json_int_t)r.recent));
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
	struct ml_cache_gc_opts o = { 0 };
	struct cmd_parser p;
	const char *sub;
	long days;
	int c, ret;

	cmd_parser_init(&p, &cmd_cache_spec, argc, argv);
	while ((c = cmd_parse_next(&p)) > 0) {
		switch (c) {
		case OPT_MAX_SIZE:
			if (parse_size(&o.max_size, p.val) < 0) {
				ret = cmd_usage_error(&cmd_cache_spec,
						      "--max-size '%s': expected bytes, optionally "
						      "with K, M, G or T (e.g. 500M)",
						      p.val);
				goto out;
			}
			o.has_max_size = true;
			break;
		case OPT_OLDER_THAN:
			if (ml_parse_long(p.val, 0, 36500, &days) < 0) {
				ret = cmd_usage_error(&cmd_cache_spec,
						      "--older-than '%s': expected days from 0 to "
						      "36500",
						      p.val);
				goto out;
			}
			o.has_older_than = true;
			o.older_than = (int64_t)days * 86400;
			break;
		}
	}
	if (c < 0) {
		ret = p.exit;
		goto out;
	}
	if (!p.args.n) {
		ret =
		    cmd_usage_error(&cmd_cache_spec, "which cache command? (ls, verify, gc, dir)");
		goto out;
	}
	sub = p.args.v[0];
	if (!strcmp(sub, "gc")) {
		ret = cache_gc(&p, o);
		goto out;
	}
	if (o.has_max_size || o.has_older_than) {
		ret = cmd_usage_error(&cmd_cache_spec, "--%s is an option of cache gc",
				      o.has_max_size ? "max-size" : "older-than");
		goto out;
	}
	if (p.args.n > 1)
		ret = cmd_usage_error(&cmd_cache_spec, "unexpected argument '%s'", p.args.v[1]);
	else if (!strcmp(sub, "ls"))
		ret = cache_ls(cmd_global.json);
	else if (!strcmp(sub, "verify"))
		ret = cache_verify();
	else if (!strcmp(sub, "dir")) {
		char *dir = ml_cache_dir();

		if (cmd_global.json)
			cmd_json_print(json_pack("{ss}", "dir", dir));
		else
			printf("%s\n", dir);
		free(dir);
		ret = EXIT_OK;
	} else
		ret = cmd_usage_error(&cmd_cache_spec,
				      "unknown cache command '%s' (ls, verify, gc, dir)", sub);
out:
	cmd_parser_release(&p);
	return ret;
}
