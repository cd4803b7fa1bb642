/*
 * The opam 2.0 file format: a per-file arena, a hand-written lexer over the byte buffer and a
 * recursive-descent parser that follows opam-file-format's grammar and precedences.
 * Printing and comparison live in opam_print.c.
 */
#include "opam.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "util.h"

#include <assert.h>
#include <limits.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Arena: a list of chunks, each at least twice the previous one, freed at once. Parsing a
 * typical 1 KiB opam file fits in the first chunk, so a file costs a handful of mallocs.
 */
#define ARENA_ALIGN 8
#define ARENA_MIN_CHUNK 2048
/* a pool's blocks: from 256 KiB (mapped, so only the pages used are touched), doubling */
#define ARENA_POOL_CHUNK ((size_t)256 << 10)

struct arena_chunk {
	struct arena_chunk *next;
	size_t cap, used;
	unsigned char data[];
};

struct arena {
	struct arena_chunk *head;
	size_t next_cap;
	bool pooled; /* an ml_opam_pool's: freed by ml_opam_pool_free only */
};

static_assert(offsetof(struct arena_chunk, data) % ARENA_ALIGN == 0, "chunk data alignment");
static_assert(alignof(struct ml_opam_value) <= ARENA_ALIGN, "value alignment");
static_assert(alignof(struct ml_opam_item) <= ARENA_ALIGN, "item alignment");
/* views hold ~90,000 values on a cold lock of 33 roots: keep them at a cache line or less */
static_assert(sizeof(struct ml_opam_value) <= 64, "value size");
static_assert(alignof(struct ml_opam_file) <= ARENA_ALIGN, "file alignment");

static struct arena *arena_new(size_t first)
{
	struct arena *a = ml_malloc(sizeof(*a));

	a->head = NULL;
	a->next_cap = first < ARENA_MIN_CHUNK ? ARENA_MIN_CHUNK : first;
	a->pooled = false;
	return a;
}

static void arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (!a || a->pooled)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

static void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	void *p;

	if (size > SIZE_MAX / 2)
		abort();
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (!c || c->cap - c->used < size) {
		size_t cap = a->next_cap;

		if (cap < size)
			cap = size;
		c = ml_malloc(sizeof(*c) + cap);
		c->next = a->head;
		c->cap = cap;
		c->used = 0;
		a->head = c;
		if (a->next_cap < SIZE_MAX / 4)
			a->next_cap *= 2;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

static char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * Item arrays have a power-of-two capacity (0 for none), whether the parser or
 * ml_opam_append made them, so append knows when to grow without storing a capacity.
 */
static size_t items_cap(size_t n)
{
	size_t c = 1;

	if (n == 0)
		return 0;
	while (c < n)
		c <<= 1;
	return c;
}

static void **items_append(struct arena *a, void **items, size_t n, void *item)
{
	if (items_cap(n) == n) {
		void **grown = arena_alloc(a, items_cap(n + 1) * sizeof(*grown));

		if (n)
			memcpy(grown, items, n * sizeof(*grown));
		items = grown;
	}
	items[n] = item;
	return items;
}

/* Character classes for identifiers and integers. */
enum { CL_ALPHA = 1, CL_DIGIT = 2, CL_ICHAR = 4 };

static const unsigned char char_class[256] = {
	['a' ... 'z'] = CL_ALPHA | CL_ICHAR,
	['A' ... 'Z'] = CL_ALPHA | CL_ICHAR,
	['0' ... '9'] = CL_DIGIT | CL_ICHAR,
	['_'] = CL_ICHAR,
	['-'] = CL_ICHAR,
};

static int cls(char c)
{
	return char_class[(unsigned char)c];
}

/* id = ichar* alpha ichar*: the whole run of ichars if it holds a letter, else NULL. */
static const char *scan_id(const char *p, const char *end)
{
	int seen = 0;

	while (p < end && (cls(*p) & CL_ICHAR)) {
		seen |= cls(*p);
		p++;
	}
	return (seen & CL_ALPHA) ? p : NULL;
}

/* (id | '_') */
static const char *scan_segment(const char *p, const char *end)
{
	const char *q = scan_id(p, end);

	if (q)
		return q;
	if (p < end && *p == '_')
		return p + 1;
	return NULL;
}

/* ident = (id | '_') ('+' (id | '_'))* (':' id)?, longest match; returns p if none. */
static const char *scan_ident(const char *p, const char *end)
{
	const char *q = scan_segment(p, end), *r;

	if (!q)
		return p;
	while (q < end && *q == '+' && (r = scan_segment(q + 1, end)))
		q = r;
	if (q < end && *q == ':' && (r = scan_id(q + 1, end)))
		q = r;
	return q;
}

/* -?[0-9]+; returns p if none. */
static const char *scan_int(const char *p, const char *end)
{
	const char *q = p;

	if (q < end && *q == '-')
		q++;
	if (q == end || !(cls(*q) & CL_DIGIT))
		return p;
	while (q < end && (cls(*q) & CL_DIGIT))
		q++;
	return q;
}

bool ml_opam_is_ident(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || !strcmp(s, "true") || !strcmp(s, "false"))
		return false;
	return scan_ident(s, s + len) == s + len && scan_int(s, s + len) != s + len;
}

enum tok_type {
	T_EOF,
	T_IDENT,
	T_BOOL,
	T_INT,
	T_STRING,
	T_COLON,
	T_LBRACE,
	T_RBRACE,
	T_LBRACKET,
	T_RBRACKET,
	T_LPAR,
	T_RPAR,
	T_RELOP,
	T_ENVOP,
	T_AND,
	T_OR,
	T_PFXOP,
};

struct token {
	enum tok_type type;
	enum ml_opam_op op;
	int line, col;
	const char *start; /* first byte in the input */
	size_t rawlen;     /* bytes of input it spans */
	const char *s;     /* IDENT, STRING: the arena copy */
	size_t len;
	long long i;
	bool b;
};

struct parser {
	const char *base, *p, *end;
	const char *line_start;
	int line;
	const char *path;
	struct arena *arena;
	struct ml_error *err;
	struct token tok;
	/* Children of the lists, groups, options and sections being parsed. */
	void **stack;
	size_t nstack, stack_alloc;
};

/*
 * Errors compute their line and column from a pointer into the input: that costs a scan, but
 * only on the failure path, so the lexer tracks positions only where tokens start.
 */
static int error_at(struct parser *P, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int error_at(struct parser *P, const char *where, const char *fmt, ...)
{
	struct ml_buf msg = ML_BUF_INIT;
	const char *p = P->base, *bol = P->base, *nl;
	int line = 1;
	va_list ap;

	while ((nl = memchr(p, '\n', (size_t)(where - p)))) {
		line++;
		p = bol = nl + 1;
	}
	va_start(ap, fmt);
	ml_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	ml_error_setat(P->err, ML_EPARSE, P->path, line, (int)(where - bol) + 1, "%s", msg.buf);
	ml_buf_release(&msg);
	return ML_EPARSE;
}

static int error_unexpected(struct parser *P, const struct token *t)
{
	if (t->type == T_EOF)
		return error_at(P, t->start, "unexpected end of file");
	if (t->type == T_STRING)
		return error_at(P, t->start, "unexpected string");
	return error_at(P, t->start, "unexpected '%.*s'", (int)(t->rawlen > 40 ? 40 : t->rawlen),
			t->start);
}

static int skip_comment(struct parser *P, const char **pp)
{
	const char *open = *pp, *p = *pp + 2, *end = P->end;
	int depth = 1;

	while (p < end) {
		char c = *p;

		if (c == '*' && p + 1 < end && p[1] == ')') {
			p += 2;
			if (--depth == 0) {
				*pp = p;
				return 0;
			}
		} else if (c == '(' && p + 1 < end && p[1] == '*') {
			p += 2;
			depth++;
		} else {
			if (c == '\n') {
				P->line++;
				P->line_start = p + 1;
			}
			p++;
		}
	}
	return error_at(P, open, "unterminated comment");
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Unescapes [r, end) (which holds at least one backslash) into the arena. */
static int unescape(struct parser *P, const char *r, const char *end, const char **out,
		    size_t *outlen)
{
	char *buf = arena_alloc(P->arena, (size_t)(end - r) + 1), *w = buf;

	while (r < end) {
		const char *bs;
		char c = *r;

		if (c != '\\') {
			*w++ = c;
			r++;
			continue;
		}
		bs = r++;
		c = *r; /* the lexer never ends a string right after a backslash */
		switch (c) {
		case '\n':
			r++;
			while (r < end && (*r == ' ' || *r == '\t' || *r == '\r'))
				r++;
			break;
		case '\\':
		case '"':
		case '\'':
		case ' ':
			*w++ = c;
			r++;
			break;
		case 'n':
			*w++ = '\n';
			r++;
			break;
		case 'r':
			*w++ = '\r';
			r++;
			break;
		case 't':
			*w++ = '\t';
			r++;
			break;
		case 'b':
			*w++ = '\b';
			r++;
			break;
		case 'x':
			if (end - r < 3 || ml_hexval(r[1]) < 0 || ml_hexval(r[2]) < 0)
				return error_at(P, bs, "invalid escape sequence '\\x'");
			*w++ = (char)(ml_hexval(r[1]) * 16 + ml_hexval(r[2]));
			r += 3;
			break;
		default:
			if (is_digit(c)) {
				int v;

				if (end - r < 3 || !is_digit(r[1]) || !is_digit(r[2]))
					return error_at(P, bs, "invalid escape sequence '\\%c'", c);
				v = (c - '0') * 100 + (r[1] - '0') * 10 + (r[2] - '0');
				if (v > 255)
					return error_at(
					    P, bs, "escape sequence '\\%.3s' is out of range", r);
				*w++ = (char)v;
				r += 3;
				break;
			}
			if ((unsigned char)c > ' ' && (unsigned char)c < 127)
				return error_at(P, bs, "invalid escape sequence '\\%c'", c);
			return error_at(P, bs, "invalid escape sequence");
		}
	}
	*w = '\0';
	*out = buf;
	*outlen = (size_t)(w - buf);
	return 0;
}

/* p is at the opening quote(s); on success P->p is past the closing ones. */
static int lex_string(struct parser *P, const char *p, bool triple)
{
	const char *q = p + (triple ? 3 : 1), *content = q, *end = P->end;
	bool esc = false, high = false;
	size_t bad;
	int ret;

	for (;;) {
		char c;

		if (q >= end)
			return error_at(P, p, "unterminated string");
		c = *q;
		if (c == '"') {
			if (!triple || (end - q >= 3 && q[1] == '"' && q[2] == '"'))
				break;
		} else if (c == '\\') {
			esc = true;
			q++;
			if (q >= end)
				continue;
			if (*q == '\n') {
				P->line++;
				P->line_start = q + 1;
			}
		} else if (c == '\n') {
			P->line++;
			P->line_start = q + 1;
		} else if ((unsigned char)c >= 0x80) {
			high = true;
		}
		q++;
	}
	if (esc) {
		ret = unescape(P, content, q, &P->tok.s, &P->tok.len);
		if (ret)
			return ret;
	} else {
		P->tok.len = (size_t)(q - content);
		P->tok.s = arena_strndup(P->arena, content, P->tok.len);
	}
	/*
	 * Strings end up in locks, which are JSON: a string that is not UTF-8 is refused here,
	 * where its file and position are known, rather than lost or refused later. Escapes
	 * ("\xff", "\255") can make one too; the error then points at the string.
	 */
	if ((high || esc) && !ml_utf8_valid(P->tok.s, P->tok.len, &bad))
		return error_at(P, esc ? p : content + bad,
				"string is not valid UTF-8 (byte 0x%02x)",
				(unsigned char)P->tok.s[bad]);
	P->tok.type = T_STRING;
	P->p = q + (triple ? 3 : 1);
	return 0;
}

static int lex_word(struct parser *P, const char *p)
{
	const char *end = P->end, *idend = scan_ident(p, end), *intend = scan_int(p, end);
	struct token *t = &P->tok;

	if (intend > p && intend >= idend) {
		const char *q = p;
		bool neg = *q == '-';
		long long v = 0;

		if (neg)
			q++;
		for (; q < intend; q++) {
			int d = *q - '0';

			if (v > (LLONG_MAX - d) / 10)
				return error_at(P, p, "integer out of range");
			v = v * 10 + d;
		}
		t->type = T_INT;
		t->i = neg ? -v : v;
		P->p = intend;
		return 0;
	}
	if (idend == p) /* only a '-' followed by neither a digit nor a letter gets here */
		return error_at(P, p, "unexpected character '%c'", *p);
	P->p = idend;
	if (idend - p == 4 && !memcmp(p, "true", 4)) {
		t->type = T_BOOL;
		t->b = true;
	} else if (idend - p == 5 && !memcmp(p, "false", 5)) {
		t->type = T_BOOL;
		t->b = false;
	} else {
		t->type = T_IDENT;
		t->len = (size_t)(idend - p);
		t->s = arena_strndup(P->arena, p, t->len);
	}
	return 0;
}

/* Reads the next token into P->tok. */
static int lex(struct parser *P)
{
	const char *p = P->p, *end = P->end;
	struct token *t = &P->tok;
	int ret = 0;
	char c = 0;

	while (p < end) {
		c = *p;
		if (c == ' ' || c == '\t' || c == '\r') {
			p++;
		} else if (c == '\n') {
			p++;
			P->line++;
			P->line_start = p;
		} else if (c == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl : end;
		} else if (c == '(' && p + 1 < end && p[1] == '*') {
			ret = skip_comment(P, &p);
			if (ret)
				return ret;
		} else {
			break;
		}
	}
	t->start = p;
	t->line = P->line;
	t->col = (int)(p - P->line_start) + 1;
	t->op = ML_OPAM_OP_NONE;
	if (p == end) {
		t->type = T_EOF;
		t->rawlen = 0;
		P->p = p;
		return 0;
	}
	P->p = p + 1;
	switch (c) {
	case ':':
		if (p + 1 < end && p[1] == '=') {
			t->type = T_ENVOP;
			t->op = ML_OPAM_OP_COLON_PREPEND;
			P->p = p + 2;
		} else {
			t->type = T_COLON;
		}
		break;
	case '{':
		t->type = T_LBRACE;
		break;
	case '}':
		t->type = T_RBRACE;
		break;
	case '[':
		t->type = T_LBRACKET;
		break;
	case ']':
		t->type = T_RBRACKET;
		break;
	case '(':
		t->type = T_LPAR;
		break;
	case ')':
		t->type = T_RPAR;
		break;
	case '&':
		t->type = T_AND;
		t->op = ML_OPAM_OP_AND;
		break;
	case '|':
		t->type = T_OR;
		t->op = ML_OPAM_OP_OR;
		break;
	case '?':
		t->type = T_PFXOP;
		t->op = ML_OPAM_OP_DEFINED;
		break;
	case '!':
		if (p + 1 < end && p[1] == '=') {
			t->type = T_RELOP;
			t->op = ML_OPAM_OP_NEQ;
			P->p = p + 2;
		} else {
			t->type = T_PFXOP;
			t->op = ML_OPAM_OP_NOT;
		}
		break;
	case '<':
	case '>': {
		bool eq = p + 1 < end && p[1] == '=';

		t->type = T_RELOP;
		if (c == '<')
			t->op = eq ? ML_OPAM_OP_LE : ML_OPAM_OP_LT;
		else
			t->op = eq ? ML_OPAM_OP_GE : ML_OPAM_OP_GT;
		P->p = p + (eq ? 2 : 1);
		break;
	}
	case '~':
		/* opam's lexer still reads the legacy relational operator `~` as `>=` */
		t->type = T_RELOP;
		t->op = ML_OPAM_OP_GE;
		break;
	case '=':
		if (p + 1 < end && (p[1] == '+' || p[1] == ':')) {
			bool plus = p[1] == '+';

			if (p + 2 < end && p[2] == '=') {
				if (!plus)
					return error_at(P, p, "invalid operator '=:='");
				t->op = ML_OPAM_OP_ADD_REPLACE;
				P->p = p + 3;
			} else {
				t->op = plus ? ML_OPAM_OP_ADD_APPEND : ML_OPAM_OP_COLON_APPEND;
				P->p = p + 2;
			}
			t->type = T_ENVOP;
		} else {
			t->type = T_RELOP;
			t->op = ML_OPAM_OP_EQ;
		}
		break;
	case '+':
		if (p + 1 < end && p[1] == '=') {
			t->type = T_ENVOP;
			t->op = ML_OPAM_OP_ADD_PREPEND;
			P->p = p + 2;
			break;
		}
		return error_at(P, p, "unexpected character '+'");
	case '"':
		ret = lex_string(P, p, end - p >= 3 && p[1] == '"' && p[2] == '"');
		break;
	default:
		if (cls(c) & CL_ICHAR) {
			ret = lex_word(P, p);
		} else if ((unsigned char)c > ' ' && (unsigned char)c < 127) {
			return error_at(P, p, "unexpected character '%c'", c);
		} else {
			return error_at(P, p, "unexpected byte 0x%02x", (unsigned char)c);
		}
	}
	t->rawlen = (size_t)(P->p - p);
	return ret;
}

static void stack_push(struct parser *P, void *x)
{
	ML_ALLOC_GROW(P->stack, P->nstack + 1, P->stack_alloc);
	P->stack[P->nstack++] = x;
}

/* Moves the children pushed since `base` into an arena array. */
static void **stack_take(struct parser *P, size_t base, size_t *n)
{
	void **items = NULL;

	*n = P->nstack - base;
	if (*n) {
		items = arena_alloc(P->arena, items_cap(*n) * sizeof(*items));
		memcpy(items, P->stack + base, *n * sizeof(*items));
	}
	P->nstack = base;
	return items;
}

static struct ml_opam_value *new_value(struct arena *a, enum ml_opam_kind kind, int line, int col)
{
	struct ml_opam_value *v = arena_alloc(a, sizeof(*v));

	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->line = line;
	v->col = col;
	return v;
}

static bool tok_is_atom(enum tok_type t)
{
	return t == T_IDENT || t == T_BOOL || t == T_INT || t == T_STRING;
}

static bool tok_starts_value(enum tok_type t)
{
	return tok_is_atom(t) || t == T_LBRACKET || t == T_LPAR || t == T_RELOP || t == T_PFXOP;
}

/* Turns the current (atom) token into a value; does not advance. */
static struct ml_opam_value *atom_value(struct parser *P)
{
	const struct token *t = &P->tok;
	struct ml_opam_value *v;

	switch (t->type) {
	case T_IDENT:
		v = new_value(P->arena, ML_OPAM_IDENT, t->line, t->col);
		v->s = t->s;
		v->len = t->len;
		break;
	case T_STRING:
		v = new_value(P->arena, ML_OPAM_STRING, t->line, t->col);
		v->s = t->s;
		v->len = t->len;
		break;
	case T_INT:
		v = new_value(P->arena, ML_OPAM_INT, t->line, t->col);
		v->i = t->i;
		break;
	default:
		assert(t->type == T_BOOL);
		v = new_value(P->arena, ML_OPAM_BOOL, t->line, t->col);
		v->b = t->b;
		break;
	}
	return v;
}

/*
 * Nesting: `depth` counts the compound values enclosing the one being parsed; a compound of
 * height h (atoms 0) there reaches depth + h, which must stay within ML_OPAM_MAX_DEPTH.
 * Checking before recursing bounds the C stack; checking heights catches long operator chains.
 */
static int check_depth(struct parser *P, int depth, int h, const char *where)
{
	if (depth + h > ML_OPAM_MAX_DEPTH)
		return error_at(P, where, "nesting deeper than %d levels", ML_OPAM_MAX_DEPTH);
	return 0;
}

static int parse_expr(struct parser *P, int minprec, int depth, struct ml_opam_value **out,
		      int *hout);

static int close_error(struct parser *P, enum tok_type closer, const struct token *open)
{
	const struct token *t = &P->tok;
	char want = closer == T_RBRACKET ? ']' : closer == T_RPAR ? ')' : '}';

	if (t->type == T_EOF)
		return error_at(P, t->start, "unexpected end of file: '%c' at %d:%d is not closed",
				*open->start, open->line, open->col);
	if (t->type == T_RBRACKET || t->type == T_RPAR || t->type == T_RBRACE)
		return error_at(P, t->start,
				"mismatched '%c': expected '%c' to close '%c' at %d:%d", *t->start,
				want, *open->start, open->line, open->col);
	return error_unexpected(P, t);
}

/* values up to `closer` (consumed); the opening token has been consumed and is `open`. */
static int parse_seq(struct parser *P, enum tok_type closer, const struct token *open, int depth,
		     struct ml_opam_value ***items, uint32_t *n, int *hmax)
{
	size_t base = P->nstack, taken;
	int ret, h;

	*hmax = 0;
	while (tok_starts_value(P->tok.type)) {
		struct ml_opam_value *v;

		ret = parse_expr(P, 1, depth, &v, &h);
		if (ret)
			return ret;
		stack_push(P, v);
		if (h > *hmax)
			*hmax = h;
	}
	if (P->tok.type != closer)
		return close_error(P, closer, open);
	/* fewer than ML_OPAM_MAX_FILE_SIZE values fit in a file */
	*items = (struct ml_opam_value **)stack_take(P, base, &taken);
	*n = (uint32_t)taken;
	return lex(P);
}

static int parse_unary(struct parser *P, int depth, struct ml_opam_value **out, int *hout);

static int parse_primary(struct parser *P, int depth, struct ml_opam_value **out, int *hout)
{
	struct token open = P->tok;
	struct ml_opam_value *v, *a = NULL;
	int ret, h;

	if (tok_is_atom(open.type)) {
		a = atom_value(P);
		ret = lex(P);
		if (ret)
			return ret;
		if (P->tok.type != T_RELOP && P->tok.type != T_ENVOP) {
			*out = a;
			*hout = 0;
			return 0;
		}
		open = P->tok;
		ret = check_depth(P, depth, 1, open.start);
		if (!ret)
			ret = lex(P);
		if (ret)
			return ret;
		if (!tok_is_atom(P->tok.type))
			return error_at(
			    P, P->tok.start,
			    "expected a string, identifier, integer or boolean after '%.*s'",
			    (int)open.rawlen, open.start);
		v = new_value(P->arena, open.type == T_RELOP ? ML_OPAM_RELOP : ML_OPAM_ENVOP,
			      a->line, a->col);
		v->op = open.op;
		v->a = a;
		v->b2 = atom_value(P);
		*out = v;
		*hout = 1;
		return lex(P);
	}
	switch (open.type) {
	case T_RELOP:
		ret = check_depth(P, depth, 1, open.start);
		if (!ret)
			ret = lex(P);
		if (ret)
			return ret;
		if (!tok_is_atom(P->tok.type))
			return error_at(
			    P, P->tok.start,
			    "expected a string, identifier, integer or boolean after '%.*s'",
			    (int)open.rawlen, open.start);
		v = new_value(P->arena, ML_OPAM_PREFIX_RELOP, open.line, open.col);
		v->op = open.op;
		v->a = atom_value(P);
		*out = v;
		*hout = 1;
		return lex(P);
	case T_PFXOP:
		ret = check_depth(P, depth, 1, open.start);
		if (!ret)
			ret = lex(P);
		if (!ret)
			ret = parse_unary(P, depth + 1, &a, &h);
		if (ret)
			return ret;
		v = new_value(P->arena, ML_OPAM_PFXOP, open.line, open.col);
		v->op = open.op;
		v->a = a;
		*out = v;
		*hout = h + 1;
		return 0;
	case T_LBRACKET:
	case T_LPAR:
		ret = check_depth(P, depth, 1, open.start);
		if (!ret)
			ret = lex(P);
		if (ret)
			return ret;
		v = new_value(P->arena, open.type == T_LBRACKET ? ML_OPAM_LIST : ML_OPAM_GROUP,
			      open.line, open.col);
		ret = parse_seq(P, open.type == T_LBRACKET ? T_RBRACKET : T_RPAR, &open, depth + 1,
				&v->items, &v->nitems, &h);
		if (ret)
			return ret;
		*out = v;
		*hout = h + 1;
		return 0;
	default:
		return error_unexpected(P, &open);
	}
}

/* A primary followed by any number of `{ filters }`. */
static int parse_unary(struct parser *P, int depth, struct ml_opam_value **out, int *hout)
{
	struct ml_opam_value *v = NULL, *opt;
	int ret, h, hf;

	ret = parse_primary(P, depth, &v, &h);
	if (ret)
		return ret;
	while (P->tok.type == T_LBRACE) {
		struct token open = P->tok;

		ret = check_depth(P, depth, h + 1, open.start);
		if (!ret)
			ret = lex(P);
		if (ret)
			return ret;
		opt = new_value(P->arena, ML_OPAM_OPTION, v->line, v->col);
		opt->a = v;
		ret = parse_seq(P, T_RBRACE, &open, depth + 1, &opt->items, &opt->nitems, &hf);
		if (ret)
			return ret;
		if (hf > h)
			h = hf;
		h++;
		v = opt;
	}
	*out = v;
	*hout = h;
	return 0;
}

/* Precedence climbing over the two left-associative logical operators: `|` below `&`. */
static int parse_expr(struct parser *P, int minprec, int depth, struct ml_opam_value **out,
		      int *hout)
{
	struct ml_opam_value *left = NULL, *right = NULL, *v;
	int ret, h, hr;

	ret = parse_unary(P, depth, &left, &h);
	if (ret)
		return ret;
	for (;;) {
		struct token optok = P->tok;
		int prec;

		if (optok.type == T_AND)
			prec = 2;
		else if (optok.type == T_OR)
			prec = 1;
		else
			break;
		if (prec < minprec)
			break;
		ret = check_depth(P, depth, 1, optok.start);
		if (!ret)
			ret = lex(P);
		if (!ret)
			ret = parse_expr(P, prec + 1, depth + 1, &right, &hr);
		if (ret)
			return ret;
		if (hr > h)
			h = hr;
		h++;
		ret = check_depth(P, depth, h, optok.start);
		if (ret)
			return ret;
		v = new_value(P->arena, ML_OPAM_LOGOP, left->line, left->col);
		v->op = optok.op;
		v->a = left;
		v->b2 = right;
		left = v;
	}
	*out = left;
	*hout = h;
	return 0;
}

/*
 * items up to EOF (open == NULL) or up to the `}` closing `open` (consumed).
 * `depth` counts enclosing sections.
 */
static int parse_items(struct parser *P, const struct token *open, int depth,
		       struct ml_opam_item ***items, size_t *n)
{
	size_t base = P->nstack;
	int ret, h;

	for (;;) {
		struct token name = P->tok;
		struct ml_opam_item *it;

		if (name.type == T_EOF) {
			if (open)
				return close_error(P, T_RBRACE, open);
			break;
		}
		if (name.type == T_RBRACE && open)
			break;
		if (name.type != T_IDENT) {
			if (name.type == T_EOF || name.type == T_RBRACE || name.type == T_STRING)
				return error_unexpected(P, &name);
			return error_at(P, name.start,
					"expected a field or section name, found '%.*s'",
					(int)(name.rawlen > 40 ? 40 : name.rawlen), name.start);
		}
		it = arena_alloc(P->arena, sizeof(*it));
		memset(it, 0, sizeof(*it));
		it->line = name.line;
		it->col = name.col;
		it->name = name.s;
		ret = lex(P);
		if (ret)
			return ret;
		if (P->tok.type == T_COLON) {
			it->kind = ML_OPAM_FIELD;
			ret = lex(P);
			if (ret)
				return ret;
			if (P->tok.type == T_EOF || P->tok.type == T_RBRACE)
				return error_at(P, P->tok.start, "field '%s' has no value",
						it->name);
			ret = parse_expr(P, 1, 0, &it->value, &h);
			if (ret)
				return ret;
			/* `a = b = c`, `[x] = y`: an operator where the next item should start */
			if (P->tok.type != T_IDENT && P->tok.type != T_EOF &&
			    P->tok.type != T_RBRACE)
				return error_unexpected(P, &P->tok);
		} else if (P->tok.type == T_STRING || P->tok.type == T_LBRACE) {
			struct token brace;

			it->kind = ML_OPAM_SECTION;
			if (P->tok.type == T_STRING) {
				if (memchr(P->tok.s, '\0', P->tok.len))
					return error_at(P, P->tok.start,
							"section label contains a nul byte");
				it->label = P->tok.s;
				ret = lex(P);
				if (ret)
					return ret;
				if (P->tok.type != T_LBRACE) {
					if (P->tok.type == T_EOF)
						return error_unexpected(P, &P->tok);
					return error_at(
					    P, P->tok.start,
					    "expected '{' after the label of section '%s'",
					    it->name);
				}
			}
			brace = P->tok;
			if (depth + 1 > ML_OPAM_MAX_DEPTH)
				return error_at(P, brace.start, "nesting deeper than %d levels",
						ML_OPAM_MAX_DEPTH);
			ret = lex(P);
			if (!ret)
				ret = parse_items(P, &brace, depth + 1, &it->items, &it->nitems);
			if (ret)
				return ret;
		} else {
			if (P->tok.type == T_EOF)
				return error_unexpected(P, &P->tok);
			return error_at(P, P->tok.start, "expected ':' or '{' after '%s'",
					it->name);
		}
		stack_push(P, it);
	}
	*items = (struct ml_opam_item **)stack_take(P, base, n);
	if (open)
		return lex(P);
	return 0;
}

static struct ml_opam_file *file_in_arena(struct arena *a, const char *path)
{
	struct ml_opam_file *f = arena_alloc(a, sizeof(*f));

	memset(f, 0, sizeof(*f));
	f->path = arena_strndup(a, path ? path : "", path ? strlen(path) : 0);
	f->arena = a;
	return f;
}

int ml_opam_parse(struct ml_opam_file **out, const char *path, const char *data, size_t len,
		  struct ml_error *err)
{
	struct parser P;
	struct ml_opam_file *f;
	const char *nul;
	int ret;

	memset(&P, 0, sizeof(P));
	P.base = P.p = P.line_start = data;
	P.end = data + len;
	P.line = 1;
	P.path = path;
	P.err = err;
	if (len > ML_OPAM_MAX_FILE_SIZE)
		return ml_error_setat(err, ML_EPARSE, path, 0, 0, "file is larger than %u bytes",
				      ML_OPAM_MAX_FILE_SIZE);
	nul = len ? memchr(data, '\0', len) : NULL;
	if (nul)
		return error_at(&P, nul, "nul byte in input");
	/* Measured on the opam repository: the tree takes about 2.5x the input. */
	P.arena = arena_new(len < (1u << 18) ? len * 3 + 512 : (1u << 20));
	f = file_in_arena(P.arena, path);
	ret = lex(&P);
	if (!ret)
		ret = parse_items(&P, NULL, 0, &f->items, &f->nitems);
	free(P.stack);
	if (ret) {
		arena_free(P.arena);
		return ret;
	}
	*out = f;
	return 0;
}

int ml_opam_parse_file(struct ml_opam_file **out, const char *path, struct ml_error *err)
{
	struct ml_buf data = ML_BUF_INIT;
	int ret;

	/* One byte over the cap, so that an oversized file is the parser's error. */
	ret = ml_fs_read(&data, path, ML_OPAM_MAX_FILE_SIZE + 1, err);
	if (!ret)
		ret = ml_opam_parse(out, path, data.buf, data.len, err);
	ml_buf_release(&data);
	return ret;
}

void ml_opam_file_free(struct ml_opam_file *f)
{
	if (f)
		arena_free(f->arena);
}

const struct ml_opam_value *ml_opam_field(const struct ml_opam_file *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		if (f->items[i]->kind == ML_OPAM_FIELD && !strcmp(f->items[i]->name, name))
			return f->items[i]->value;
	return NULL;
}

const struct ml_opam_item *ml_opam_section(const struct ml_opam_file *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nitems; i++)
		if (f->items[i]->kind == ML_OPAM_SECTION && !strcmp(f->items[i]->name, name))
			return f->items[i];
	return NULL;
}

const struct ml_opam_value *ml_opam_section_field(const struct ml_opam_item *sec, const char *name)
{
	size_t i;

	if (!sec || sec->kind != ML_OPAM_SECTION)
		return NULL;
	for (i = 0; i < sec->nitems; i++)
		if (sec->items[i]->kind == ML_OPAM_FIELD && !strcmp(sec->items[i]->name, name))
			return sec->items[i]->value;
	return NULL;
}

struct ml_opam_file *ml_opam_file_new(const char *path)
{
	return file_in_arena(arena_new(0), path);
}

/* A pool is an arena that files borrow: arena_free of it as a file's does nothing. */
struct ml_opam_pool {
	struct arena a;
};

struct ml_opam_pool *ml_opam_pool_new(void)
{
	struct ml_opam_pool *pool = ml_calloc(1, sizeof(*pool));

	pool->a.next_cap = ARENA_POOL_CHUNK;
	pool->a.pooled = true;
	return pool;
}

void ml_opam_pool_free(struct ml_opam_pool *pool)
{
	struct arena_chunk *c, *next;

	if (!pool)
		return;
	for (c = pool->a.head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(pool);
}

struct ml_opam_file *ml_opam_file_new_pooled(struct ml_opam_pool *pool, const char *path)
{
	return file_in_arena(&pool->a, path);
}

void *ml_opam_alloc(struct ml_opam_file *f, size_t size)
{
	void *p = arena_alloc(f->arena, size);

	memset(p, 0, size);
	return p;
}

void ml_opam_reserve(struct ml_opam_file *f, struct ml_opam_value *list, size_t n)
{
	assert(list->kind == ML_OPAM_LIST || list->kind == ML_OPAM_GROUP ||
	       list->kind == ML_OPAM_OPTION);
	if (list->nitems == 0 && n > 0)
		list->items = arena_alloc(f->arena, items_cap(n) * sizeof(*list->items));
}

/* A STRING or IDENT of the len bytes at s, copied into f. */
static struct ml_opam_value *new_text(struct ml_opam_file *f, enum ml_opam_kind kind, const char *s,
				      size_t len)
{
	struct ml_opam_value *v = new_value(f->arena, kind, 0, 0);

	if (len > UINT32_MAX) /* more than any file holds: a value's len is 32 bits */
		abort();
	v->s = arena_strndup(f->arena, s, len);
	v->len = (uint32_t)len;
	return v;
}

struct ml_opam_value *ml_opam_new_stringn(struct ml_opam_file *f, const char *s, size_t len)
{
	return new_text(f, ML_OPAM_STRING, s, len);
}

struct ml_opam_value *ml_opam_new_string(struct ml_opam_file *f, const char *s)
{
	return ml_opam_new_stringn(f, s, strlen(s));
}

struct ml_opam_value *ml_opam_new_ident(struct ml_opam_file *f, const char *s)
{
	assert(ml_opam_is_ident(s));
	return new_text(f, ML_OPAM_IDENT, s, strlen(s));
}

struct ml_opam_value *ml_opam_new_bool(struct ml_opam_file *f, bool b)
{
	struct ml_opam_value *v = new_value(f->arena, ML_OPAM_BOOL, 0, 0);

	v->b = b;
	return v;
}

struct ml_opam_value *ml_opam_new_int(struct ml_opam_file *f, long long i)
{
	struct ml_opam_value *v = new_value(f->arena, ML_OPAM_INT, 0, 0);

	v->i = i;
	return v;
}

struct ml_opam_value *ml_opam_new_list(struct ml_opam_file *f, enum ml_opam_kind kind)
{
	assert(kind == ML_OPAM_LIST || kind == ML_OPAM_GROUP);
	return new_value(f->arena, kind, 0, 0);
}

void ml_opam_append(struct ml_opam_file *f, struct ml_opam_value *list, struct ml_opam_value *item)
{
	assert(list->kind == ML_OPAM_LIST || list->kind == ML_OPAM_GROUP ||
	       list->kind == ML_OPAM_OPTION);
	assert(item);
	list->items = (struct ml_opam_value **)items_append(f->arena, (void **)list->items,
							    list->nitems, item);
	list->nitems++;
}

static bool is_atom(const struct ml_opam_value *v)
{
	return v && (v->kind == ML_OPAM_BOOL || v->kind == ML_OPAM_INT ||
		     v->kind == ML_OPAM_STRING || v->kind == ML_OPAM_IDENT);
}

struct ml_opam_value *ml_opam_new_op(struct ml_opam_file *f, enum ml_opam_kind kind,
				     enum ml_opam_op op, struct ml_opam_value *a,
				     struct ml_opam_value *b)
{
	struct ml_opam_value *v;

	switch (kind) {
	case ML_OPAM_RELOP:
		assert(op >= ML_OPAM_OP_EQ && op <= ML_OPAM_OP_GE && is_atom(a) && is_atom(b));
		break;
	case ML_OPAM_PREFIX_RELOP:
		assert(op >= ML_OPAM_OP_EQ && op <= ML_OPAM_OP_GE && is_atom(a) && !b);
		break;
	case ML_OPAM_LOGOP:
		assert((op == ML_OPAM_OP_AND || op == ML_OPAM_OP_OR) && a && b);
		break;
	case ML_OPAM_PFXOP:
		assert((op == ML_OPAM_OP_NOT || op == ML_OPAM_OP_DEFINED) && a && !b);
		break;
	case ML_OPAM_ENVOP:
		assert(op >= ML_OPAM_OP_ADD_PREPEND && op <= ML_OPAM_OP_ADD_REPLACE && is_atom(a) &&
		       is_atom(b));
		break;
	default:
		assert(!"not an operator kind");
	}
	v = new_value(f->arena, kind, 0, 0);
	v->op = op;
	v->a = a;
	v->b2 = b;
	return v;
}

struct ml_opam_value *ml_opam_new_option(struct ml_opam_file *f, struct ml_opam_value *value)
{
	struct ml_opam_value *v = new_value(f->arena, ML_OPAM_OPTION, 0, 0);

	assert(value);
	v->a = value;
	return v;
}

struct ml_opam_value *ml_opam_value_copy(struct ml_opam_file *f, const struct ml_opam_value *v)
{
	struct ml_opam_value *c = new_value(f->arena, v->kind, v->line, v->col);

	c->op = v->op;
	if (v->kind == ML_OPAM_BOOL) /* b and i share a slot: copy the one in use */
		c->b = v->b;
	else
		c->i = v->i;
	if (v->s) {
		c->s = arena_strndup(f->arena, v->s, v->len);
		c->len = v->len;
	}
	if (v->a)
		c->a = ml_opam_value_copy(f, v->a);
	if (v->b2)
		c->b2 = ml_opam_value_copy(f, v->b2);
	if (v->nitems) {
		/* a power-of-two capacity, as every item array has (items_append relies on it) */
		c->items = arena_alloc(f->arena, items_cap(v->nitems) * sizeof(*c->items));
		for (size_t i = 0; i < v->nitems; i++)
			c->items[i] = ml_opam_value_copy(f, v->items[i]);
		c->nitems = v->nitems;
	}
	return c;
}

int ml_opam_parse_filter(struct ml_opam_file **out, const struct ml_opam_value **option,
			 const char *text, const char *what, struct ml_error *err)
{
	struct ml_opam_file *f = NULL;
	struct ml_error perr = ML_ERROR_INIT;
	const struct ml_opam_value *v;
	struct ml_buf b = ML_BUF_INIT;
	int ret;

	/*
	 * The text in the one place a filter list stands; the newline ends a `#` comment before
	 * the closing brace. What the text could add (closing the braces itself, more values) is
	 * seen in the tree's shape.
	 */
	ml_buf_adds(&b, "f: [\"\" {");
	ml_buf_adds(&b, text);
	ml_buf_adds(&b, "\n}]\n");
	ret = ml_opam_parse(&f, what, b.buf, b.len, &perr);
	if (ret < 0) {
		ret = ml_error_setat(err, ML_EPARSE, what, 0, 0, "filter '%.80s': %s", text,
				     perr.msg ? perr.msg : "does not parse");
		goto out;
	}
	v = f->nitems == 1 && f->items[0]->kind == ML_OPAM_FIELD ? f->items[0]->value : NULL;
	if (!v || v->kind != ML_OPAM_LIST || v->nitems != 1 ||
	    v->items[0]->kind != ML_OPAM_OPTION || v->items[0]->a->kind != ML_OPAM_STRING ||
	    v->items[0]->a->len != 0) {
		ret = ml_error_setat(err, ML_EPARSE, what, 0, 0,
				     "filter '%.80s' is not one filter list", text);
		goto out;
	}
	*option = v->items[0];
	*out = f;
	f = NULL;
out:
	ml_opam_file_free(f);
	ml_error_release(&perr);
	ml_buf_release(&b);
	return ret;
}

void ml_opam_add_field(struct ml_opam_file *f, const char *name, struct ml_opam_value *value)
{
	struct ml_opam_item *it = arena_alloc(f->arena, sizeof(*it));

	assert(ml_opam_is_ident(name) && value);
	memset(it, 0, sizeof(*it));
	it->kind = ML_OPAM_FIELD;
	it->name = arena_strndup(f->arena, name, strlen(name));
	it->value = value;
	f->items = (struct ml_opam_item **)items_append(f->arena, (void **)f->items, f->nitems, it);
	f->nitems++;
}

const char *ml_opam_op_str(enum ml_opam_op op)
{
	switch (op) {
	case ML_OPAM_OP_EQ:
		return "=";
	case ML_OPAM_OP_NEQ:
		return "!=";
	case ML_OPAM_OP_LT:
		return "<";
	case ML_OPAM_OP_LE:
		return "<=";
	case ML_OPAM_OP_GT:
		return ">";
	case ML_OPAM_OP_GE:
		return ">=";
	case ML_OPAM_OP_AND:
		return "&";
	case ML_OPAM_OP_OR:
		return "|";
	case ML_OPAM_OP_NOT:
		return "!";
	case ML_OPAM_OP_DEFINED:
		return "?";
	case ML_OPAM_OP_ADD_PREPEND:
		return "+=";
	case ML_OPAM_OP_ADD_APPEND:
		return "=+";
	case ML_OPAM_OP_COLON_PREPEND:
		return ":=";
	case ML_OPAM_OP_COLON_APPEND:
		return "=:";
	case ML_OPAM_OP_ADD_REPLACE:
		return "=+=";
	case ML_OPAM_OP_NONE:
		break;
	}
	return "";
}
