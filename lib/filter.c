/*
 * Variables, filters and filtered package formulas, following opam's OpamFilter and
 * OpamFormula (opam-format) rule by rule; the comments name the opam function each piece
 * mirrors where the behaviour is not obvious.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "buf.h"
#include "error.h"
#include "filter.h"
#include "util.h"
#include "version.h"

/* Caps: variables and strings come from opam files and the command line. */
#define MAX_VARS 4096
#define MAX_NAME 256
#define MAX_DEPTH 256
#define MAX_EXPANDED (64u << 10)
#define MAX_OS_RELEASE (64u << 10)

struct ml_vars {
	char **names, **values; /* sorted by name */
	size_t n, alloc;
	/*
	 * Strings made during evaluation (interpolations, ints, converters), kept sorted and
	 * unique so that ml_fval.s can stay borrowed; freed with the table.
	 */
	char **pool;
	size_t npool, apool;
};

/* ---- variables ---- */

struct ml_vars *ml_vars_new(void)
{
	return ml_calloc(1, sizeof(struct ml_vars));
}

void ml_vars_free(struct ml_vars *vars)
{
	size_t i;

	if (!vars)
		return;
	for (i = 0; i < vars->n; i++) {
		free(vars->names[i]);
		free(vars->values[i]);
	}
	for (i = 0; i < vars->npool; i++)
		free(vars->pool[i]);
	free(vars->names);
	free(vars->values);
	free(vars->pool);
	free(vars);
}

/* Index of name, or of where it would go (*found says which). */
static size_t vars_find(const struct ml_vars *vars, const char *name, bool *found)
{
	size_t lo = 0, hi = vars->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(vars->names[mid], name);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

void ml_vars_set(struct ml_vars *vars, const char *name, const char *value)
{
	bool found;
	size_t i = vars_find(vars, name, &found);

	if (found) {
		free(vars->values[i]);
		vars->values[i] = ml_strdup(value);
		return;
	}
	if (vars->n >= MAX_VARS)
		abort(); /* a programming error: nothing sets this many */
	ML_ALLOC_GROW(vars->names, vars->n + 1, vars->alloc);
	vars->values = ml_reallocarray(vars->values, vars->alloc, sizeof(*vars->values));
	memmove(vars->names + i + 1, vars->names + i, (vars->n - i) * sizeof(*vars->names));
	memmove(vars->values + i + 1, vars->values + i, (vars->n - i) * sizeof(*vars->values));
	vars->names[i] = ml_strdup(name);
	vars->values[i] = ml_strdup(value);
	vars->n++;
}

const char *ml_vars_get(const struct ml_vars *vars, const char *name)
{
	bool found;
	size_t i;

	if (!vars)
		return NULL;
	i = vars_find(vars, name, &found);
	return found ? vars->values[i] : NULL;
}

size_t ml_vars_names(const struct ml_vars *vars, const char *const **names)
{
	*names = (const char *const *)vars->names;
	return vars->n;
}

static void set_default(struct ml_vars *vars, const char *name, const char *value)
{
	if (value && *value && !ml_vars_get(vars, name))
		ml_vars_set(vars, name, value);
}

static void lowercase(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* OpamSysPoll.normalise_arch */
static const char *normalise_arch(const char *m)
{
	static const char *const x86_32[] = { "x86", "i386", "i586", "i686" };
	size_t i;

	for (i = 0; i < ML_ARRAY_SIZE(x86_32); i++) {
		if (strcmp(m, x86_32[i]) == 0)
			return "x86_32";
	}
	if (strcmp(m, "amd64") == 0)
		return "x86_64";
	if (strcmp(m, "powerpc") == 0 || strcmp(m, "ppc") == 0 || strcmp(m, "ppcle") == 0)
		return "ppc32";
	if (strcmp(m, "ppc64le") == 0)
		return "ppc64";
	if (strcmp(m, "aarch64") == 0 || strcmp(m, "aarch64_be") == 0)
		return "arm64";
	if (strcmp(m, "armv8b") == 0 || strcmp(m, "armv8l") == 0 || ml_starts_with(m, "armv5") ||
	    ml_starts_with(m, "armv6") || ml_starts_with(m, "earmv6") ||
	    ml_starts_with(m, "armv7") || ml_starts_with(m, "earmv7"))
		return "arm32";
	return m;
}

/*
 * One field of os-release as opam reads it: `KEY=value`, the value unquoted; for ID_LIKE
 * the first word. Returns a new string or NULL.
 */
static char *os_release_field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (*line) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);

		if (len > klen && strncmp(line, key, klen) == 0 && line[klen] == '=') {
			const char *v = line + klen + 1, *end = line + len;

			if (v < end && (*v == '"' || *v == '\'')) {
				char q = *v++;
				const char *close = memchr(v, q, (size_t)(end - v));

				if (close)
					end = close;
			}
			while (v < end && isspace((unsigned char)*v))
				v++;
			const char *w = v;

			while (w < end && !isspace((unsigned char)*w))
				w++;
			if (w == v)
				return NULL;
			char *r = ml_strndup(v, (size_t)(w - v));

			lowercase(r);
			return r;
		}
		line += len;
		if (*line == '\n')
			line++;
	}
	return NULL;
}

/*
 * The host's os-release (os-distribution, os-family, os-version). MONOLOCK_OS_RELEASE names
 * another file instead (tests describe a Debian or an Alpine host with it; the environment
 * is trusted): when set, it is the only one read.
 */
static char *read_os_release(void)
{
	static const char *const paths[] = { "/etc/os-release", "/usr/lib/os-release" };
	const char *forced = getenv("MONOLOCK_OS_RELEASE");
	size_t i;

	for (i = 0; i < ML_ARRAY_SIZE(paths); i++) {
		FILE *fp = fopen(forced && *forced ? forced : paths[i], "r");
		char *text;
		size_t n;

		if (!fp) {
			if (forced && *forced)
				break;
			continue;
		}
		text = ml_malloc(MAX_OS_RELEASE + 1);
		n = fread(text, 1, MAX_OS_RELEASE, fp);
		text[n] = '\0';
		fclose(fp);
		return text;
	}
	return NULL;
}

void ml_vars_set_defaults(struct ml_vars *vars)
{
	struct utsname u;
	char *os = NULL, *arch = NULL, *release = NULL, *osr = NULL;
	char *id = NULL, *id_like = NULL, *version_id = NULL;

	if (uname(&u) == 0) {
		os = ml_strdup(u.sysname);
		lowercase(os);
		if (strcmp(os, "darwin") == 0 || strcmp(os, "osx") == 0) {
			free(os);
			os = ml_strdup("macos");
		}
		arch = ml_strdup(u.machine);
		lowercase(arch);
		release = ml_strdup(u.release);
		lowercase(release);
	}
	set_default(vars, "os", os);
	set_default(vars, "arch", arch ? normalise_arch(arch) : NULL);
	if (os && strcmp(os, "linux") == 0) {
		osr = read_os_release();
		if (osr) {
			id = os_release_field(osr, "ID");
			id_like = os_release_field(osr, "ID_LIKE");
			version_id = os_release_field(osr, "VERSION_ID");
		}
		set_default(vars, "os-distribution", id ? id : "linux");
		set_default(vars, "os-family", id_like ? id_like : id ? id : "linux");
		set_default(vars, "os-version", version_id);
	} else if (os) {
		const char *family = os;

		if (strcmp(os, "freebsd") == 0 || strcmp(os, "openbsd") == 0 ||
		    strcmp(os, "netbsd") == 0 || strcmp(os, "dragonfly") == 0)
			family = "bsd";
		set_default(vars, "os-distribution", os);
		set_default(vars, "os-family", family);
		set_default(vars, "os-version", release);
	}
	set_default(vars, "with-test", "false");
	set_default(vars, "with-doc", "false");
	set_default(vars, "with-dev-setup", "false");
	set_default(vars, "dev", "false");
	set_default(vars, "build", "true");
	set_default(vars, "post", "true");
	set_default(vars, "opam-version", ML_OPAM_VERSION_DEFAULT);
	free(os);
	free(arch);
	free(release);
	free(osr);
	free(id);
	free(id_like);
	free(version_id);
}

/* Interns s[0..len) in the table's pool; NULL when there is no table to keep it. */
static const char *pool_intern(const struct ml_vars *cvars, const char *s, size_t len)
{
	struct ml_vars *vars = (struct ml_vars *)cvars; /* the pool is a cache, not content */
	size_t lo = 0, hi;
	char *copy;

	if (!vars)
		return NULL;
	copy = ml_strndup(s, len);
	hi = vars->npool;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(vars->pool[mid], copy);

		if (c == 0) {
			free(copy);
			return vars->pool[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	ML_ALLOC_GROW(vars->pool, vars->npool + 1, vars->apool);
	memmove(vars->pool + lo + 1, vars->pool + lo, (vars->npool - lo) * sizeof(*vars->pool));
	vars->pool[lo] = copy;
	vars->npool++;
	return copy;
}

/* ---- filters ---- */

struct eval_ctx {
	const struct ml_filter_env *env;
	bool quiet; /* inside ?x: undefined is the answer, not a problem */
};

static void set_undef(struct ml_fval *out)
{
	out->kind = ML_FVAL_UNDEF;
	out->b = false;
	out->s = NULL;
}

static void set_bool(struct ml_fval *out, bool b)
{
	out->kind = ML_FVAL_BOOL;
	out->b = b;
	out->s = NULL;
}

static void set_string(struct ml_fval *out, const char *s)
{
	out->kind = ML_FVAL_STRING;
	out->b = false;
	out->s = s;
}

static void warn(const struct eval_ctx *c, const struct ml_opam_value *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn(const struct eval_ctx *c, const struct ml_opam_value *where, const char *fmt, ...)
{
	struct ml_buf msg = ML_BUF_INIT;
	va_list ap;

	if (c->quiet || !c->env || !c->env->warn)
		return;
	va_start(ap, fmt);
	ml_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	c->env->warn(c->env->warn_ctx, where, msg.buf);
	ml_buf_release(&msg);
}

/* A variable's value: "true"/"false" are bools, as opam's environment gives them. */
static void set_value(struct ml_fval *out, const char *s)
{
	if (strcmp(s, "true") == 0)
		set_bool(out, true);
	else if (strcmp(s, "false") == 0)
		set_bool(out, false);
	else
		set_string(out, s);
}

static bool span_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

/* A package variable (`pkg` NULL or "_": the package itself); only name and version exist. */
static void resolve_pkg_var(struct ml_fval *out, const char *pkg, size_t plen, const char *var,
			    size_t vlen, const struct ml_filter_env *env)
{
	bool self = !pkg || span_eq(pkg, plen, "_") ||
		    (env->self_name && span_eq(pkg, plen, env->self_name));

	set_undef(out);
	if (!self)
		return;
	if (span_eq(var, vlen, "name") && env->self_name)
		set_string(out, env->self_name);
	else if (span_eq(var, vlen, "version") && env->self_version)
		set_value(out, env->self_version);
}

/* bool_of_value: 1 true, 0 false, -1 not a bool. */
static int fval_bool(const struct ml_fval *v)
{
	if (v->kind == ML_FVAL_BOOL)
		return v->b;
	if (v->kind == ML_FVAL_STRING && strcmp(v->s, "true") == 0)
		return 1;
	if (v->kind == ML_FVAL_STRING && strcmp(v->s, "false") == 0)
		return 0;
	return -1;
}

/*
 * OpamFilter.resolve_ident on `[pkg1+pkg2:]var[?iftrue:iffalse]`: several packages mean
 * the conjunction of their bool values; `pkg:enable` is `pkg:installed?enable:disable`;
 * a converter turns true/false/undefined into its two strings.
 */
static void resolve_ident(struct ml_fval *out, const char *id, size_t len, const struct eval_ctx *c,
			  const struct ml_opam_value *where)
{
	const struct ml_filter_env *env = c->env;
	const char *q = memchr(id, '?', len);
	size_t idlen = q ? (size_t)(q - id) : len;
	const char *colon = memchr(id, ':', idlen);
	const char *var = colon ? colon + 1 : id;
	size_t vlen = idlen - (size_t)(var - id);
	const char *iftrue = NULL, *iffalse = NULL;
	size_t tlen = 0, flen = 0;
	struct ml_fval val;

	if (q) {
		const char *conv = q + 1, *end = id + len;
		const char *sep = memchr(conv, ':', (size_t)(end - conv));

		if (!sep) {
			warn(c, where, "malformed variable '%.*s'", (int)len, id);
			set_undef(out);
			return;
		}
		iftrue = conv;
		tlen = (size_t)(sep - conv);
		iffalse = sep + 1;
		flen = (size_t)(end - iffalse);
	}
	if (colon && !q && span_eq(var, vlen, "enable")) {
		var = "installed";
		vlen = strlen(var);
		iftrue = "enable";
		tlen = 6;
		iffalse = "disable";
		flen = 7;
	}
	if (!colon) {
		char name[MAX_NAME];
		const char *s = NULL;

		if (vlen < sizeof(name)) {
			memcpy(name, var, vlen);
			name[vlen] = '\0';
			s = ml_vars_get(env->vars, name);
		}
		if (s)
			set_value(&val, s);
		else
			resolve_pkg_var(&val, NULL, 0, var, vlen, env);
	} else {
		const char *p = id, *pend = colon;
		const char *plus = memchr(p, '+', (size_t)(pend - p));

		if (!plus) {
			resolve_pkg_var(&val, p, (size_t)(pend - p), var, vlen, env);
		} else {
			/* Fold as opam does: Some true, then each package's bool. */
			int acc = 1; /* 1 true, 0 false, -1 undefined */

			while (p <= pend) {
				const char *e = memchr(p, '+', (size_t)(pend - p));
				struct ml_fval one;

				if (!e)
					e = pend;
				if (acc != 0) {
					resolve_pkg_var(&one, p, (size_t)(e - p), var, vlen, env);
					if (!(one.kind == ML_FVAL_BOOL && one.b))
						acc = one.kind == ML_FVAL_UNDEF ? -1
										: fval_bool(&one);
				}
				p = e + 1;
			}
			if (acc < 0)
				set_undef(&val);
			else
				set_bool(&val, acc == 1);
		}
	}
	if (iftrue) {
		int b = val.kind == ML_FVAL_UNDEF ? -1 : fval_bool(&val);
		const char *s = b == 1 ? pool_intern(env->vars, iftrue, tlen)
				       : pool_intern(env->vars, iffalse, flen);

		if (s)
			set_string(out, s);
		else
			set_undef(out);
		return;
	}
	if (val.kind == ML_FVAL_UNDEF)
		warn(c, where, "undefined variable '%.*s'", (int)len, id);
	*out = val;
}

static const char *fval_string(const struct ml_fval *v)
{
	if (v->kind == ML_FVAL_BOOL)
		return v->b ? "true" : "false";
	return v->s;
}

/*
 * Expands `%{var}%` and `%%` in s as OpamFilter.expand_string does when evaluating: an
 * undefined variable expands to the empty string (opam's default), an unclosed `%{` is
 * kept as written. Returns s itself when there is nothing to expand, NULL on overflow.
 */
static const char *expand(const char *s, size_t len, const struct eval_ctx *c,
			  const struct ml_opam_value *where)
{
	struct ml_buf b = ML_BUF_INIT;
	const char *r;
	size_t i = 0;

	if (!memchr(s, '%', len))
		return s;
	while (i < len) {
		if (s[i] != '%' || i + 1 >= len || (s[i + 1] != '%' && s[i + 1] != '{')) {
			ml_buf_addc(&b, s[i++]);
			continue;
		}
		if (s[i + 1] == '%') {
			ml_buf_addc(&b, '%');
			i += 2;
			continue;
		}
		/* The regex: `%{` then anything but a newline or `}%`, then `}%` if present. */
		size_t j = i + 2;
		bool closed = false;

		while (j < len && s[j] != '\n') {
			if (s[j] == '}') {
				if (j + 1 < len && s[j + 1] == '%') {
					closed = true;
					break;
				}
				if (j + 1 < len && s[j + 1] == '\n')
					break;
				j += j + 1 < len ? 2 : 1;
				continue;
			}
			j++;
		}
		if (!closed) {
			ml_buf_add(&b, s + i, j - i);
			i = j;
			continue;
		}
		struct ml_fval v;

		resolve_ident(&v, s + i + 2, j - i - 2, c, where);
		if (v.kind != ML_FVAL_UNDEF)
			ml_buf_adds(&b, fval_string(&v));
		i = j + 2;
		if (b.len > MAX_EXPANDED)
			break;
	}
	if (b.len > MAX_EXPANDED) {
		warn(c, where, "string too long after expansion");
		ml_buf_release(&b);
		return NULL;
	}
	r = pool_intern(c->env->vars, b.buf, b.len);
	if (!r)
		warn(c, where, "no variable table to expand '%.*s'", (int)len, s);
	ml_buf_release(&b);
	return r;
}

static bool check_relop(enum ml_opam_op op, int cmp)
{
	switch (op) {
	case ML_OPAM_OP_EQ:
		return cmp == 0;
	case ML_OPAM_OP_NEQ:
		return cmp != 0;
	case ML_OPAM_OP_LT:
		return cmp < 0;
	case ML_OPAM_OP_LE:
		return cmp <= 0;
	case ML_OPAM_OP_GT:
		return cmp > 0;
	case ML_OPAM_OP_GE:
		return cmp >= 0;
	default:
		return false;
	}
}

static bool is_relop(enum ml_opam_op op)
{
	return op >= ML_OPAM_OP_EQ && op <= ML_OPAM_OP_GE;
}

static void eval_node(struct ml_fval *out, const struct ml_opam_value *v, const struct eval_ctx *c,
		      int depth);

/* OpamFilter.reduce: strings are interpolated wherever they come from. */
static void eval_expand(struct ml_fval *out, const struct ml_opam_value *v,
			const struct eval_ctx *c, int depth)
{
	eval_node(out, v, c, depth);
	if (out->kind == ML_FVAL_STRING) {
		const char *s = expand(out->s, strlen(out->s), c, v);

		if (s)
			out->s = s;
		else
			set_undef(out);
	}
}

static void eval_node(struct ml_fval *out, const struct ml_opam_value *v, const struct eval_ctx *c,
		      int depth)
{
	struct ml_fval x, y;
	char num[32];
	int bx, by;

	if (depth > MAX_DEPTH) {
		warn(c, v, "filter nested too deeply");
		set_undef(out);
		return;
	}
	switch (v->kind) {
	case ML_OPAM_BOOL:
		set_bool(out, v->b);
		return;
	case ML_OPAM_INT:
		snprintf(num, sizeof(num), "%lld", v->i);
		set_string(out, pool_intern(c->env->vars, num, strlen(num)));
		if (!out->s)
			set_undef(out);
		return;
	case ML_OPAM_STRING:
		set_string(out, v->s);
		return;
	case ML_OPAM_IDENT:
		resolve_ident(out, v->s, strlen(v->s), c, v);
		return;
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		if (v->nitems == 0 && v->kind == ML_OPAM_LIST) {
			set_bool(out, true); /* an empty filter list is `true` */
			return;
		}
		if (v->nitems != 1)
			break;
		eval_expand(out, v->items[0], c, depth + 1);
		return;
	case ML_OPAM_RELOP:
		if (!is_relop(v->op) || !v->a || !v->b2)
			break;
		eval_expand(&x, v->a, c, depth + 1);
		eval_expand(&y, v->b2, c, depth + 1);
		if (x.kind == ML_FVAL_UNDEF || y.kind == ML_FVAL_UNDEF) {
			set_undef(out);
			return;
		}
		set_bool(out, check_relop(v->op, ml_version_cmp(fval_string(&x), fval_string(&y))));
		return;
	case ML_OPAM_LOGOP:
		if ((v->op != ML_OPAM_OP_AND && v->op != ML_OPAM_OP_OR) || !v->a || !v->b2)
			break;
		eval_expand(&x, v->a, c, depth + 1);
		eval_expand(&y, v->b2, c, depth + 1);
		/* logop2: the absorbing bool wins even over undefined; then undefined spreads. */
		bool absorb = v->op == ML_OPAM_OP_OR;

		if ((y.kind == ML_FVAL_BOOL && y.b == absorb) ||
		    (x.kind == ML_FVAL_BOOL && x.b == absorb)) {
			set_bool(out, absorb);
			return;
		}
		if (x.kind == ML_FVAL_UNDEF || y.kind == ML_FVAL_UNDEF) {
			set_undef(out);
			return;
		}
		bx = fval_bool(&x);
		by = fval_bool(&y);
		if (bx < 0 || by < 0) {
			warn(c, v, "'%s' is not a bool", fval_string(bx < 0 ? &x : &y));
			set_undef(out);
			return;
		}
		set_bool(out, v->op == ML_OPAM_OP_AND ? (bx && by) : (bx || by));
		return;
	case ML_OPAM_PFXOP:
		if (!v->a)
			break;
		if (v->op == ML_OPAM_OP_DEFINED) {
			struct eval_ctx q = *c;

			q.quiet = true;
			eval_expand(&x, v->a, &q, depth + 1);
			set_bool(out, x.kind != ML_FVAL_UNDEF);
			return;
		}
		if (v->op != ML_OPAM_OP_NOT)
			break;
		eval_expand(&x, v->a, c, depth + 1);
		if (x.kind == ML_FVAL_UNDEF) {
			set_undef(out);
			return;
		}
		bx = fval_bool(&x);
		if (bx < 0) {
			warn(c, v, "'%s' is not a bool", fval_string(&x));
			set_undef(out);
			return;
		}
		set_bool(out, !bx);
		return;
	default:
		break;
	}
	warn(c, v, "malformed filter");
	set_undef(out);
}

void ml_filter_eval(struct ml_fval *out, const struct ml_opam_value *filter,
		    const struct ml_filter_env *env)
{
	struct eval_ctx c = { env, false };

	eval_expand(out, filter, &c, 0);
}

/* OpamFilter.value_bool ~default */
static bool fval_to_bool(const struct ml_fval *v, bool dflt)
{
	int b = v->kind == ML_FVAL_UNDEF ? -1 : fval_bool(v);

	return b < 0 ? dflt : b == 1;
}

bool ml_filter_eval_bool(const struct ml_opam_value *filter, const struct ml_filter_env *env,
			 bool dflt)
{
	struct ml_fval v;

	ml_filter_eval(&v, filter, env);
	return fval_to_bool(&v, dflt);
}

/* ---- formulas ---- */

/*
 * A zeroed node of `size` bytes followed by a copy of `text` (*copy): one allocation, not
 * two, for each of the ~50,000 atoms and constraints a cold lock evaluates.
 */
static void *new_with_text(size_t size, const char *text, char **copy)
{
	size_t len = strlen(text);
	char *node = ml_calloc(1, size + len + 1);

	*copy = memcpy(node + size, text, len + 1);
	return node;
}

void ml_vformula_free(struct ml_vformula *vf)
{
	if (!vf)
		return;
	ml_vformula_free(vf->a);
	ml_vformula_free(vf->b);
	free(vf); /* and its version (new_with_text) */
}

void ml_formula_free(struct ml_formula *f)
{
	if (!f)
		return;
	ml_formula_free(f->a);
	ml_formula_free(f->b);
	ml_vformula_free(f->vf);
	free(f); /* and its name (new_with_text) */
}

struct feval {
	struct eval_ctx c;
	const char *path;
	struct ml_error *err;
};

static int bad(struct feval *fe, const struct ml_opam_value *v, const char *what)
{
	return ml_error_setat(fe->err, ML_EPARSE, fe->path, v->line, v->col, "%s", what);
}

/* OpamFormula.make_and / make_or: an empty side (NULL) disappears. */
static struct ml_vformula *vf_join(enum ml_vf_kind kind, struct ml_vformula *a,
				   struct ml_vformula *b)
{
	struct ml_vformula *r;

	if (!a)
		return b;
	if (!b)
		return a;
	r = ml_calloc(1, sizeof(*r));
	r->kind = kind;
	r->a = a;
	r->b = b;
	return r;
}

static struct ml_formula *f_join(enum ml_formula_kind kind, struct ml_formula *a,
				 struct ml_formula *b)
{
	struct ml_formula *r;

	if (!a)
		return b;
	if (!b)
		return a;
	r = ml_calloc(1, sizeof(*r));
	r->kind = kind;
	r->a = a;
	r->b = b;
	return r;
}

/* The result of a constraint under OpamFormula.partial_eval. */
enum cres_kind { CR_TRUE, CR_FALSE, CR_FORMULA };
struct cres {
	enum cres_kind kind;
	struct ml_vformula *vf; /* CR_FORMULA; NULL is opam's Empty */
};

static void cres_release(struct cres *r)
{
	ml_vformula_free(r->vf);
	r->vf = NULL;
}

/* partial_eval's And (and=true) / Or: the absorbing value wins, the neutral one vanishes. */
static void cres_combine(struct cres *out, struct cres *x, struct cres *y, bool and)
{
	enum cres_kind absorb = and? CR_FALSE : CR_TRUE;
	enum cres_kind neutral = and? CR_TRUE : CR_FALSE;

	if (x->kind == absorb || y->kind == absorb) {
		cres_release(x);
		cres_release(y);
		out->kind = absorb;
		out->vf = NULL;
	} else if (x->kind == neutral) {
		*out = *y;
	} else if (y->kind == neutral) {
		*out = *x;
	} else {
		out->kind = CR_FORMULA;
		out->vf = vf_join(and? ML_VF_AND : ML_VF_OR, x->vf, y->vf);
	}
}

/* OpamPackage.Name.of_string: [A-Za-z0-9_+-], at least one letter. */
static bool valid_name(const char *s)
{
	bool letter = false;

	for (; *s; s++) {
		if (isalpha((unsigned char)*s))
			letter = true;
		else if (!isdigit((unsigned char)*s) && *s != '-' && *s != '_' && *s != '+')
			return false;
	}
	return letter;
}

/* OpamPackage.Version.of_string: non-empty, [A-Za-z0-9_+.~-]. */
static bool valid_version(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (!isalnum((unsigned char)ch) && !strchr("-_+.~", ch))
			return false;
	}
	return true;
}

/* A version string as written: interpolations count as "-" (OpamFormat's ext_version). */
static bool valid_version_pattern(const char *s, size_t len)
{
	struct ml_buf b = ML_BUF_INIT;
	size_t i = 0;
	bool ok;

	while (i < len) {
		if (s[i] == '%' && i + 1 < len && s[i + 1] == '{') {
			const char *close = NULL;
			size_t j;

			for (j = i + 2; j + 1 < len; j++) {
				if (s[j] == '}' && s[j + 1] == '%') {
					close = s + j;
					break;
				}
			}
			if (close) {
				ml_buf_addc(&b, '-');
				i = (size_t)(close - s) + 2;
				continue;
			}
		}
		if (s[i] == '%' && i + 1 < len && s[i + 1] == '%') {
			ml_buf_addc(&b, '%');
			i += 2;
			continue;
		}
		ml_buf_addc(&b, s[i++]);
	}
	ok = valid_version(b.buf, b.len);
	ml_buf_release(&b);
	return ok;
}

/* OpamFormat's filter parser: what may appear in a filter expression. */
static int check_filter(struct feval *fe, const struct ml_opam_value *v, int depth)
{
	int ret;

	if (depth > MAX_DEPTH)
		return bad(fe, v, "filter nested too deeply");
	switch (v->kind) {
	case ML_OPAM_BOOL:
	case ML_OPAM_INT:
	case ML_OPAM_STRING:
	case ML_OPAM_IDENT:
		return 0;
	case ML_OPAM_GROUP:
		if (v->nitems != 1)
			return bad(fe, v, "expected a single filter expression");
		return check_filter(fe, v->items[0], depth + 1);
	case ML_OPAM_RELOP:
	case ML_OPAM_LOGOP:
		if (!v->a || !v->b2)
			break;
		if ((ret = check_filter(fe, v->a, depth + 1)) < 0)
			return ret;
		return check_filter(fe, v->b2, depth + 1);
	case ML_OPAM_PFXOP:
		if (!v->a || (v->op != ML_OPAM_OP_NOT && v->op != ML_OPAM_OP_DEFINED))
			break;
		return check_filter(fe, v->a, depth + 1);
	default:
		break;
	}
	return bad(fe, v, "expected a filter expression");
}

static int eval_constraints(struct cres *out, struct ml_opam_value *const *items, size_t n,
			    bool neg, struct feval *fe, int depth);

static enum ml_opam_op neg_relop(enum ml_opam_op op)
{
	switch (op) {
	case ML_OPAM_OP_EQ:
		return ML_OPAM_OP_NEQ;
	case ML_OPAM_OP_NEQ:
		return ML_OPAM_OP_EQ;
	case ML_OPAM_OP_LT:
		return ML_OPAM_OP_GE;
	case ML_OPAM_OP_LE:
		return ML_OPAM_OP_GT;
	case ML_OPAM_OP_GT:
		return ML_OPAM_OP_LE;
	case ML_OPAM_OP_GE:
		return ML_OPAM_OP_LT;
	default:
		return op;
	}
}

/* A version constraint `op v` (OpamFilter.filter_constraints' Constraint case). */
static int eval_version_atom(struct cres *out, const struct ml_opam_value *v, bool neg,
			     struct feval *fe)
{
	const struct ml_opam_value *arg = v->a;
	struct ml_fval val;
	const char *s;
	char *text;

	if (!is_relop(v->op) || !arg)
		return bad(fe, v, "expected a version constraint");
	if (arg->kind == ML_OPAM_STRING) {
		if (!valid_version_pattern(arg->s, arg->len))
			return ml_error_setat(fe->err, ML_EPARSE, fe->path, arg->line, arg->col,
					      "invalid version '%s'", arg->s);
	} else if (arg->kind != ML_OPAM_IDENT) {
		return bad(fe, arg, "expected a version string or a variable");
	}
	out->kind = CR_FORMULA;
	out->vf = NULL;
	eval_expand(&val, arg, &fe->c, 0);
	if (val.kind == ML_FVAL_UNDEF)
		return 0; /* opam: "ignoring version constraint", i.e. Empty */
	s = fval_string(&val);
	if (!valid_version(s, strlen(s))) {
		warn(&fe->c, arg, "ignoring version constraint: invalid version '%s'", s);
		return 0;
	}
	out->vf = new_with_text(sizeof(*out->vf), s, &text);
	out->vf->kind = ML_VF_CMP;
	out->vf->op = neg ? neg_relop(v->op) : v->op;
	out->vf->version = text;
	return 0;
}

/*
 * One item of `{...}` (OpamFormat.filtered_constraints' aux_parse), evaluated at once;
 * `neg` carries an enclosing `!` (OpamFormula.neg: & and | swap, relops flip, filters
 * become `!filter`).
 */
static int eval_constraint(struct cres *out, const struct ml_opam_value *v, bool neg,
			   struct feval *fe, int depth)
{
	struct cres x = { CR_TRUE, NULL }, y = { CR_TRUE, NULL };
	struct ml_fval val;
	int ret;

	if (depth > MAX_DEPTH)
		return bad(fe, v, "constraint nested too deeply");
	switch (v->kind) {
	case ML_OPAM_PREFIX_RELOP:
		return eval_version_atom(out, v, neg, fe);
	case ML_OPAM_LOGOP:
		if (!v->a || !v->b2)
			break;
		if ((ret = eval_constraint(&x, v->a, neg, fe, depth + 1)) < 0)
			return ret;
		if ((ret = eval_constraint(&y, v->b2, neg, fe, depth + 1)) < 0) {
			cres_release(&x);
			return ret;
		}
		cres_combine(out, &x, &y, (v->op == ML_OPAM_OP_AND) != neg);
		return 0;
	case ML_OPAM_GROUP:
		return eval_constraints(out, v->items, v->nitems, neg, fe, depth + 1);
	case ML_OPAM_PFXOP:
		if (v->op == ML_OPAM_OP_NOT && v->a)
			return eval_constraint(out, v->a, !neg, fe, depth + 1);
		break;
	default:
		break;
	}
	/* A filter: true or false, undefined counting as false (filter_deps ~default:false). */
	if ((ret = check_filter(fe, v, depth + 1)) < 0)
		return ret;
	eval_expand(&val, v, &fe->c, 0);
	if (neg && val.kind != ML_FVAL_UNDEF) {
		int b = fval_bool(&val);

		if (b < 0)
			set_undef(&val);
		else
			set_bool(&val, !b);
	}
	out->kind = fval_to_bool(&val, false) ? CR_TRUE : CR_FALSE;
	out->vf = NULL;
	return 0;
}

/* The items of `{...}` or of a group in it: a conjunction (a disjunction under `!`). */
static int eval_constraints(struct cres *out, struct ml_opam_value *const *items, size_t n,
			    bool neg, struct feval *fe, int depth)
{
	struct cres acc = { CR_FORMULA, NULL };
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		struct cres one = { CR_TRUE, NULL };

		if ((ret = eval_constraint(&one, items[i], neg, fe, depth)) < 0) {
			cres_release(&acc);
			return ret;
		}
		if (i == 0)
			acc = one;
		else
			cres_combine(&acc, &acc, &one, !neg);
	}
	*out = acc;
	return 0;
}

static int eval_pkg_items(struct ml_formula **out, struct ml_opam_value *const *items, size_t n,
			  enum ml_formula_list list, struct feval *fe, int depth);

/* One element of a package formula (OpamFormat.package_formula_items' aux). */
static int eval_pkg(struct ml_formula **out, const struct ml_opam_value *v,
		    enum ml_formula_list list, struct feval *fe, int depth)
{
	const struct ml_opam_value *name = v;
	struct ml_formula *a = NULL, *b = NULL;
	struct cres cr = { CR_TRUE, NULL };
	char *a_name;
	int ret;

	if (depth > MAX_DEPTH)
		return bad(fe, v, "formula nested too deeply");
	switch (v->kind) {
	case ML_OPAM_GROUP:
		return eval_pkg_items(out, v->items, v->nitems, list, fe, depth + 1);
	case ML_OPAM_LOGOP:
		if ((v->op != ML_OPAM_OP_AND && v->op != ML_OPAM_OP_OR) || !v->a || !v->b2)
			break;
		if ((ret = eval_pkg(&a, v->a, list, fe, depth + 1)) < 0)
			return ret;
		if ((ret = eval_pkg(&b, v->b2, list, fe, depth + 1)) < 0) {
			ml_formula_free(a);
			return ret;
		}
		*out = f_join(v->op == ML_OPAM_OP_AND ? ML_FORMULA_AND : ML_FORMULA_OR, a, b);
		return 0;
	case ML_OPAM_OPTION:
		name = v->a;
		if (!name || name->kind != ML_OPAM_STRING)
			return bad(fe, name ? name : v, "expected a package name");
		if ((ret = eval_constraints(&cr, v->items, v->nitems, false, fe, depth + 1)) < 0)
			return ret;
		break;
	case ML_OPAM_STRING:
		break;
	default:
		return bad(fe, v, "expected a package name, a group or a formula");
	}
	if (v->kind != ML_OPAM_STRING && v->kind != ML_OPAM_OPTION)
		return bad(fe, v, "expected a package name, a group or a formula");
	if (!valid_name(name->s) || strlen(name->s) != name->len) {
		cres_release(&cr);
		return ml_error_setat(fe->err, ML_EPARSE, fe->path, name->line, name->col,
				      "invalid package name '%s'", name->s);
	}
	/* gen_filter_formula: `True -> any version, `False -> the atom disappears. */
	if (cr.kind == CR_FALSE) {
		*out = NULL;
		return 0;
	}
	a = new_with_text(sizeof(*a), name->s, &a_name);
	a->kind = ML_FORMULA_ATOM;
	a->name = a_name;
	a->vf = cr.kind == CR_FORMULA ? cr.vf : NULL;
	a->src = v;
	*out = a;
	return 0;
}

static int eval_pkg_items(struct ml_formula **out, struct ml_opam_value *const *items, size_t n,
			  enum ml_formula_list list, struct feval *fe, int depth)
{
	struct ml_formula *acc = NULL;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		struct ml_formula *one = NULL;

		if ((ret = eval_pkg(&one, items[i], list, fe, depth)) < 0) {
			ml_formula_free(acc);
			return ret;
		}
		acc = f_join(list == ML_LIST_AND ? ML_FORMULA_AND : ML_FORMULA_OR, acc, one);
	}
	*out = acc;
	return 0;
}

int ml_formula_eval(struct ml_formula **out, const struct ml_opam_value *v,
		    enum ml_formula_list list, const struct ml_filter_env *env, const char *path,
		    struct ml_error *err)
{
	struct feval fe = { { env, false }, path, err };
	struct ml_formula *f = NULL;
	int ret;

	if (!v) {
		*out = NULL;
		return 0;
	}
	if (v->kind == ML_OPAM_LIST)
		ret = eval_pkg_items(&f, v->items, v->nitems, list, &fe, 0);
	else
		ret = eval_pkg(&f, v, list, &fe, 0);
	if (ret < 0)
		return ret;
	*out = f;
	return 0;
}

bool ml_vformula_holds(const struct ml_vformula *vf, const char *version)
{
	if (!vf)
		return true;
	switch (vf->kind) {
	case ML_VF_CMP:
		return check_relop(vf->op, ml_version_cmp(version, vf->version));
	case ML_VF_AND:
		return ml_vformula_holds(vf->a, version) && ml_vformula_holds(vf->b, version);
	case ML_VF_OR:
		return ml_vformula_holds(vf->a, version) || ml_vformula_holds(vf->b, version);
	case ML_VF_NOT:
		return !ml_vformula_holds(vf->a, version);
	}
	return false;
}

bool ml_formula_holds(const struct ml_formula *f,
		      const char *(*lookup)(void *ctx, const char *name), void *ctx)
{
	const char *v;

	if (!f)
		return true;
	switch (f->kind) {
	case ML_FORMULA_ATOM:
		v = lookup(ctx, f->name);
		return v && ml_vformula_holds(f->vf, v);
	case ML_FORMULA_AND:
		return ml_formula_holds(f->a, lookup, ctx) && ml_formula_holds(f->b, lookup, ctx);
	case ML_FORMULA_OR:
		return ml_formula_holds(f->a, lookup, ctx) || ml_formula_holds(f->b, lookup, ctx);
	}
	return false;
}

void ml_formula_names(const struct ml_formula *f, struct ml_strvec *names)
{
	if (!f)
		return;
	if (f->kind == ML_FORMULA_ATOM) {
		ml_strvec_push(names, f->name);
		return;
	}
	ml_formula_names(f->a, names);
	ml_formula_names(f->b, names);
}

/* Parenthesise an | inside an & (OpamFormula.string_of_formula's in_and). */
static void vf_print(struct ml_buf *out, const struct ml_vformula *vf, bool in_and)
{
	switch (vf->kind) {
	case ML_VF_CMP:
		ml_buf_addf(out, "%s %s", ml_opam_op_str(vf->op), vf->version);
		return;
	case ML_VF_AND:
		vf_print(out, vf->a, true);
		ml_buf_adds(out, " & ");
		vf_print(out, vf->b, true);
		return;
	case ML_VF_OR:
		if (in_and)
			ml_buf_addc(out, '(');
		vf_print(out, vf->a, false);
		ml_buf_adds(out, " | ");
		vf_print(out, vf->b, false);
		if (in_and)
			ml_buf_addc(out, ')');
		return;
	case ML_VF_NOT:
		ml_buf_adds(out, "!(");
		vf_print(out, vf->a, false);
		ml_buf_addc(out, ')');
		return;
	}
}

void ml_vformula_print(struct ml_buf *out, const struct ml_vformula *vf)
{
	if (vf)
		vf_print(out, vf, false);
}

static void f_print(struct ml_buf *out, const struct ml_formula *f, bool in_and)
{
	switch (f->kind) {
	case ML_FORMULA_ATOM:
		ml_buf_adds(out, f->name);
		if (!f->vf)
			return;
		/* OpamFormula.to_string: `a >= 1` for one constraint, `a (>= 1 & < 2)` else. */
		if (f->vf->kind == ML_VF_CMP) {
			ml_buf_addc(out, ' ');
			vf_print(out, f->vf, false);
		} else {
			ml_buf_adds(out, " (");
			vf_print(out, f->vf, false);
			ml_buf_addc(out, ')');
		}
		return;
	case ML_FORMULA_AND:
		f_print(out, f->a, true);
		ml_buf_adds(out, " & ");
		f_print(out, f->b, true);
		return;
	case ML_FORMULA_OR:
		if (in_and)
			ml_buf_addc(out, '(');
		f_print(out, f->a, false);
		ml_buf_adds(out, " | ");
		f_print(out, f->b, false);
		if (in_and)
			ml_buf_addc(out, ')');
		return;
	}
}

void ml_formula_print(struct ml_buf *out, const struct ml_formula *f)
{
	if (f)
		f_print(out, f, false);
}

bool ml_available_holds(const struct ml_opam_value *v, const struct ml_filter_env *env)
{
	if (!v)
		return true;
	if (v->kind == ML_OPAM_LIST) {
		for (size_t i = 0; i < v->nitems; i++)
			if (!ml_filter_eval_bool(v->items[i], env, false))
				return false;
		return true;
	}
	return ml_filter_eval_bool(v, env, false);
}
