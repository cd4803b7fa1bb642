/*
 * The solve of an unchanged request, kept between runs.
 *
 * A solve depends on the request (roots, variables, pins, options, the previous lock when
 * updating minimally, which repositories in which order, the build of monolock and of
 * libsolv) and on what the universe holds for
 * the names the solver loaded. A memo records a digest of the first and, per loaded name,
 * a digest of the second (ml_universe_name_digest: each opam file's stamp, or its bytes),
 * with the solution and the warnings the solve gave. It is used only when the request digest
 * is the same and every loaded name's digest still is: then the solver would load the very
 * same candidates and, being deterministic, choose the same packages.
 *
 * File (text, one record a line, fields separated by spaces and %-escaped):
 *   monolock-solve-memo 1
 *   key HEX32
 *   name NAME HEX32            every name the solver loaded, known or not
 *   warn TEXT                  in the order they were given
 *   pkg NAME VERSION FLAGS DEP...   FLAGS: '-', or 'r' (root) and/or 'p' (opam-provided)
 *   sum HEX16                  of everything before this line
 */
#include "solver/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MEMO_MAGIC "monolock-solve-memo 1\n"
/* A memo bigger than this is not ours: a solve of thousands of packages stays far below. */
#define MEMO_MAX_SIZE ((size_t)64 << 20)
#define MEMO_MAX_FIELDS 100000u
/* "sum " + 16 hex digits + "\n" */
#define MEMO_SUM_LEN 21

/* ---- the request ---- */

static void add_field(struct ml_buf *b, const char *s)
{
	ml_buf_adds(b, s ? s : "\x01");
	ml_buf_addc(b, '\0');
}

static void add_fields(struct ml_buf *b, const char *what, const char *const *v, size_t n)
{
	ml_buf_addf(b, "%s %zu", what, n);
	ml_buf_addc(b, '\0');
	for (size_t i = 0; i < n; i++)
		add_field(b, v[i]);
}

void sv_memo_request(struct sv_memo_key *key, struct ml_universe *u, const struct ml_solve_opts *o)
{
	struct ml_buf b = ML_BUF_INIT;
	size_t nrepos = ml_universe_nrepos(u);

	add_field(&b, MEMO_MAGIC);
	add_field(&b, ML_VERSION);
	add_field(&b, ml_self_stamp());
	add_field(&b, sv_solv_version());
	ml_buf_addf(&b, "repos %zu", nrepos);
	ml_buf_addc(&b, '\0');
	for (size_t i = 0; i < nrepos; i++) {
		const struct ml_repo *r = ml_universe_repo(u, i);

		add_field(&b, r->display);
		add_field(&b, r->url);
		add_field(&b, r->key);
	}
	if (o->vars) {
		const char *const *names;
		size_t n = ml_vars_names(o->vars, &names);

		ml_buf_addf(&b, "vars %zu", n);
		ml_buf_addc(&b, '\0');
		for (size_t i = 0; i < n; i++) {
			add_field(&b, names[i]);
			add_field(&b, ml_vars_get(o->vars, names[i]));
		}
	}
	add_fields(&b, "roots", o->roots, o->nroots);
	add_fields(&b, "provided", o->opam_provided, o->nopam_provided);
	ml_buf_addf(&b, "opts %d %d %d %zu %d", o->build_only, (int)o->generator, o->minimal_update,
		    o->npins, o->require_cross_compile);
	ml_buf_addc(&b, '\0');
	for (size_t i = 0; i < o->npins; i++) {
		add_field(&b, o->pins[i].name);
		add_field(&b, o->pins[i].version);
	}
	add_field(&b, o->ocaml_version);
	add_field(&b, o->toolchain_ocaml);
	add_field(&b, o->toolchain_ocaml_from);
	add_field(&b, o->toolchain_dune);
	add_field(&b, o->toolchain_dune_from);
	add_fields(&b, "update", o->update, o->nupdate);
	/* the previous lock steers only a minimal update */
	if (o->previous && (o->minimal_update || o->nupdate)) {
		ml_buf_addf(&b, "previous %zu", o->previous->npackages);
		ml_buf_addc(&b, '\0');
		for (size_t i = 0; i < o->previous->npackages; i++) {
			add_field(&b, o->previous->packages[i].name);
			add_field(&b, o->previous->packages[i].version);
		}
	}
	key->v[0] = ml_ucache_hash(b.buf, b.len, 0x6d656d6f31ULL);
	key->v[1] = ml_ucache_hash(b.buf, b.len, 0x72657175657374ULL);
	ml_buf_release(&b);
}

/* ---- encoding ---- */

static void put_enc(struct ml_buf *b, const char *s)
{
	ml_buf_addc(b, ' ');
	if (!*s) {
		ml_buf_adds(b, "%");
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '%' || c >= 0x7f)
			ml_buf_addf(b, "%%%02x", c);
		else
			ml_buf_addc(b, (char)c);
	}
}

/* Decodes a field in place; false when malformed. A lone "%" is the empty string. */
static bool dec(char *s)
{
	char *w = s;

	if (strcmp(s, "%") == 0) {
		*s = '\0';
		return true;
	}
	while (*s) {
		if (*s == '%') {
			int hi = ml_hexval(s[1]), lo = hi < 0 ? -1 : ml_hexval(s[2]);

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return false;
			*w++ = (char)(hi << 4 | lo);
			s += 3;
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
	return true;
}

static void put_hex(struct ml_buf *b, const uint64_t v[2])
{
	ml_buf_addf(b, " %016llx%016llx", (unsigned long long)v[0], (unsigned long long)v[1]);
}

static bool get_hex(const char *s, uint64_t v[2])
{
	char part[17];
	char *end;

	if (strlen(s) != 32 || strspn(s, "0123456789abcdef") != 32)
		return false;
	for (int i = 0; i < 2; i++) {
		memcpy(part, s + 16 * i, 16);
		part[16] = '\0';
		v[i] = strtoull(part, &end, 16);
	}
	return true;
}

/* ---- storing ---- */

void sv_memo_store(const char *path, const struct sv_memo_key *key, struct ml_universe *u,
		   const struct ml_strvec *names, const struct ml_strvec *warnings,
		   const struct ml_solution *sol)
{
	struct ml_buf b = ML_BUF_INIT;
	char *dir = ml_strdup(path), *slash = strrchr(dir, '/');
	uint64_t sum;

	ml_buf_adds(&b, MEMO_MAGIC);
	ml_buf_adds(&b, "key");
	put_hex(&b, key->v);
	ml_buf_addc(&b, '\n');
	for (size_t i = 0; i < names->n; i++) {
		uint64_t d[2];

		/* a name it cannot vouch for (a file changed just now): no memo at all */
		if (!ml_universe_name_digest(u, names->v[i], d))
			goto out;
		ml_buf_adds(&b, "name");
		put_enc(&b, names->v[i]);
		put_hex(&b, d);
		ml_buf_addc(&b, '\n');
	}
	for (size_t i = 0; i < warnings->n; i++) {
		ml_buf_adds(&b, "warn");
		put_enc(&b, warnings->v[i]);
		ml_buf_addc(&b, '\n');
	}
	for (size_t i = 0; i < sol->n; i++) {
		const struct ml_solved *s = &sol->pkgs[i];

		ml_buf_adds(&b, "pkg");
		put_enc(&b, s->pkg->name);
		put_enc(&b, s->pkg->version);
		ml_buf_addf(&b, " %s%s%s", s->root ? "r" : "", s->opam_provided ? "p" : "",
			    s->root || s->opam_provided ? "" : "-");
		for (size_t k = 0; k < s->depends.n; k++)
			put_enc(&b, s->depends.v[k]);
		ml_buf_addc(&b, '\n');
	}
	sum = ml_ucache_hash(b.buf, b.len, 0x73756dULL);
	ml_buf_addf(&b, "sum %016llx\n", (unsigned long long)sum);
	if (slash)
		*slash = '\0';
	/* best effort: without a memo the next run solves */
	if (ml_fs_mkdirs(dir, 0755, NULL) == 0) {
		struct stat st;

		/* a directory planted where the memo goes would fail every store: not ours */
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ml_fs_remove_tree(path, NULL);
		ml_fs_write_atomic(path, b.buf, b.len, 0644, NULL);
	}
out:
	free(dir);
	ml_buf_release(&b);
}

/* ---- loading ---- */

/* Splits a line into fields at spaces (in place). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *t = strtok_r(line, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	return n;
}

static const char *flags_ok(const char *s)
{
	if (strcmp(s, "-") == 0 || strcmp(s, "r") == 0 || strcmp(s, "p") == 0 ||
	    strcmp(s, "rp") == 0)
		return s;
	return NULL;
}

int sv_memo_load(struct ml_solution **out, struct ml_strvec *warnings, const char *path,
		 const struct sv_memo_key *key, struct ml_universe *u,
		 const struct ml_solve_opts *o)
{
	struct ml_buf data = ML_BUF_INIT;
	struct ml_solution *sol = NULL;
	char **f = NULL, *p, *end, *nl;
	size_t cap = 0;
	uint64_t sum, want[2];
	bool ok = false, have_key = false;

	/* a link or fifo planted in the cache is not followed nor read: no memo */
	if (ml_fs_read_regular(&data, path, MEMO_MAX_SIZE, NULL) != 0)
		goto out;
	if (data.len < strlen(MEMO_MAGIC) || memcmp(data.buf, MEMO_MAGIC, strlen(MEMO_MAGIC)))
		goto out;
	/* the last line is "sum HEX16\n" over everything before it */
	if (data.len < strlen(MEMO_MAGIC) + MEMO_SUM_LEN || data.buf[data.len - 1] != '\n')
		goto out;
	p = data.buf + data.len - MEMO_SUM_LEN;
	if (memcmp(p, "sum ", 4) != 0 || (p > data.buf && p[-1] != '\n'))
		goto out;
	sum = strtoull(p + 4, &end, 16);
	if (end != data.buf + data.len - 1 ||
	    sum != ml_ucache_hash(data.buf, (size_t)(p - data.buf), 0x73756dULL))
		goto out;
	*p = '\0';
	sol = ml_solution_new();
	for (char *line = data.buf + strlen(MEMO_MAGIC); *line; line = nl + 1) {
		size_t n, want_fields = 1;

		nl = strchr(line, '\n');
		if (!nl)
			goto out;
		*nl = '\0';
		/* room for this line's fields only: most lines have a few, none more than the cap */
		for (const char *c = line; *c && want_fields < MEMO_MAX_FIELDS; c++)
			want_fields += *c == ' ';
		if (want_fields > cap) {
			f = ml_reallocarray(f, want_fields, sizeof(*f));
			cap = want_fields;
		}
		n = split(line, f, cap);
		for (size_t i = 1; i < n; i++)
			if (!dec(f[i]))
				goto out;
		if (n == 2 && strcmp(f[0], "key") == 0) {
			if (!get_hex(f[1], want) || want[0] != key->v[0] || want[1] != key->v[1])
				goto out;
			have_key = true;
		} else if (n == 3 && strcmp(f[0], "name") == 0 && have_key) {
			uint64_t d[2];

			if (!get_hex(f[2], want) || !ml_universe_name_digest(u, f[1], d) ||
			    d[0] != want[0] || d[1] != want[1])
				goto out;
		} else if (n == 2 && strcmp(f[0], "warn") == 0 && have_key) {
			ml_strvec_push(warnings, f[1]);
		} else if (n >= 4 && strcmp(f[0], "pkg") == 0 && have_key && flags_ok(f[3])) {
			struct ml_solved *s = ml_solution_add(sol);

			if (ml_universe_get(u, f[1], f[2], &s->pkg, NULL) != 0)
				goto out;
			s->root = strchr(f[3], 'r') != NULL;
			s->opam_provided = strchr(f[3], 'p') != NULL;
			for (size_t i = 4; i < n; i++)
				ml_strvec_push(&s->depends, f[i]);
		} else {
			goto out;
		}
	}
	if (!have_key)
		goto out;
	for (size_t i = 0; i < o->nroots; i++)
		ml_strvec_push(&sol->roots, o->roots[i]);
	ml_solution_sort(sol);
	/*
	 * What a solve gives, or the memo is not ours (the sum is no signature): one version
	 * per name, depends among the solved names, the roots flagged as roots and no other.
	 */
	for (size_t i = 0; i < sol->n; i++) {
		const struct ml_solved *s = &sol->pkgs[i];
		bool is_root = false;

		if (i > 0 && strcmp(sol->pkgs[i - 1].pkg->name, s->pkg->name) == 0)
			goto out;
		for (size_t k = 0; k < s->depends.n; k++)
			if (!ml_solution_find(sol, s->depends.v[k]))
				goto out;
		for (size_t k = 0; k < o->nroots; k++)
			is_root |= strcmp(o->roots[k], s->pkg->name) == 0;
		if (is_root != s->root)
			goto out;
	}
	for (size_t k = 0; k < o->nroots; k++)
		if (!ml_solution_find(sol, o->roots[k]))
			goto out;
	*out = sol;
	sol = NULL;
	ok = true;
out:
	if (!ok)
		ml_strvec_release(warnings);
	ml_solution_free(sol);
	free(f);
	ml_buf_release(&data);
	return ok ? 0 : ML_ENOTFOUND;
}
