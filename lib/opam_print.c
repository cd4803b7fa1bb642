/* The opam 2.0 file format: printer and structural comparison. */
#include "opam.h"
#include "buf.h"

#include <string.h>

/* Binding strength of what a value prints as; primaries never need parentheses. */
enum { PREC_OR = 1, PREC_AND = 2, PREC_PFX = 4, PREC_OPTION = 5, PREC_PRIMARY = 9 };

static int prec(const struct ml_opam_value *v)
{
	switch (v->kind) {
	case ML_OPAM_LOGOP:
		return v->op == ML_OPAM_OP_OR ? PREC_OR : PREC_AND;
	case ML_OPAM_PFXOP:
		return PREC_PFX;
	case ML_OPAM_OPTION:
		return PREC_OPTION;
	default:
		return PREC_PRIMARY;
	}
}

/* What the operands of v must bind at least as tightly as, to print without parentheses. */
static int left_min(const struct ml_opam_value *v)
{
	switch (v->kind) {
	case ML_OPAM_LOGOP:
		return prec(v); /* left-associative */
	case ML_OPAM_PFXOP:
		return PREC_PFX; /* `!a {f}` is `!(a {f})` */
	case ML_OPAM_OPTION:
		return PREC_OPTION;
	default:
		return 0;
	}
}

static int right_min(const struct ml_opam_value *v)
{
	return prec(v) + 1;
}

/* Whether v's text starts with a relational operator (a prefix relop not in parentheses). */
static bool starts_with_relop(const struct ml_opam_value *v)
{
	for (;;) {
		switch (v->kind) {
		case ML_OPAM_PREFIX_RELOP:
			return true;
		case ML_OPAM_LOGOP:
		case ML_OPAM_OPTION:
			if (prec(v->a) < left_min(v))
				return false;
			v = v->a;
			break;
		default:
			return false;
		}
	}
}

/*
 * Whether v's text ends with a bare atom that a following relational operator would capture.
 * A relop, envop or prefix relop is complete: the grammar never extends `a = b` to the right.
 */
static bool ends_with_atom(const struct ml_opam_value *v)
{
	for (;;) {
		switch (v->kind) {
		case ML_OPAM_BOOL:
		case ML_OPAM_INT:
		case ML_OPAM_STRING:
		case ML_OPAM_IDENT:
			return true;
		case ML_OPAM_LOGOP:
			if (prec(v->b2) < right_min(v))
				return false;
			v = v->b2;
			break;
		case ML_OPAM_PFXOP:
			if (prec(v->a) < left_min(v))
				return false;
			v = v->a;
			break;
		default:
			return false;
		}
	}
}

static void print_string(struct ml_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	ml_buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char x[5];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\t')
			esc = "\\t";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\b')
			esc = "\\b";
		else if (c < 0x20 || c == 0x7f) {
			x[0] = '\\';
			x[1] = 'x';
			x[2] = hex[c >> 4];
			x[3] = hex[c & 15];
			x[4] = '\0';
			esc = x;
		}
		if (!esc)
			continue;
		ml_buf_add(out, s + run, i - run);
		ml_buf_adds(out, esc);
		run = i + 1;
	}
	ml_buf_add(out, s + run, len - run);
	ml_buf_addc(out, '"');
}

static void print_inline(struct ml_buf *out, const struct ml_opam_value *v);

static void print_operand(struct ml_buf *out, const struct ml_opam_value *v, int minprec)
{
	if (prec(v) < minprec) {
		ml_buf_addc(out, '(');
		print_inline(out, v);
		ml_buf_addc(out, ')');
	} else {
		print_inline(out, v);
	}
}

/* An item of a list, group or filter: parenthesised where juxtaposition would re-associate. */
static void print_seq_item(struct ml_buf *out, const struct ml_opam_value *prev,
			   const struct ml_opam_value *v)
{
	print_operand(out, v,
		      prev && ends_with_atom(prev) && starts_with_relop(v) ? PREC_PRIMARY + 1 : 0);
}

static void print_seq(struct ml_buf *out, struct ml_opam_value *const *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			ml_buf_addc(out, ' ');
		print_seq_item(out, i ? items[i - 1] : NULL, items[i]);
	}
}

static void print_inline(struct ml_buf *out, const struct ml_opam_value *v)
{
	switch (v->kind) {
	case ML_OPAM_BOOL:
		ml_buf_adds(out, v->b ? "true" : "false");
		break;
	case ML_OPAM_INT:
		ml_buf_addf(out, "%lld", v->i);
		break;
	case ML_OPAM_STRING:
		print_string(out, v->s, v->len);
		break;
	case ML_OPAM_IDENT:
		ml_buf_add(out, v->s, v->len);
		break;
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		ml_buf_addc(out, v->kind == ML_OPAM_LIST ? '[' : '(');
		print_seq(out, v->items, v->nitems);
		ml_buf_addc(out, v->kind == ML_OPAM_LIST ? ']' : ')');
		break;
	case ML_OPAM_OPTION:
		print_operand(out, v->a, left_min(v));
		ml_buf_adds(out, " {");
		print_seq(out, v->items, v->nitems);
		ml_buf_addc(out, '}');
		break;
	case ML_OPAM_RELOP:
	case ML_OPAM_ENVOP:
	case ML_OPAM_LOGOP:
		print_operand(out, v->a, left_min(v));
		ml_buf_addc(out, ' ');
		ml_buf_adds(out, ml_opam_op_str(v->op));
		ml_buf_addc(out, ' ');
		print_operand(out, v->b2, v->kind == ML_OPAM_LOGOP ? right_min(v) : 0);
		break;
	case ML_OPAM_PREFIX_RELOP:
		ml_buf_adds(out, ml_opam_op_str(v->op));
		ml_buf_addc(out, ' ');
		print_inline(out, v->a);
		break;
	case ML_OPAM_PFXOP:
		ml_buf_adds(out, ml_opam_op_str(v->op));
		/* `! = "a"` must not lex as `!=` */
		if (prec(v->a) >= PREC_PFX && starts_with_relop(v->a))
			ml_buf_addc(out, ' ');
		print_operand(out, v->a, PREC_PFX);
		break;
	}
}

void ml_opam_print_value(struct ml_buf *out, const struct ml_opam_value *v)
{
	print_inline(out, v);
}

static void indent(struct ml_buf *out, int n)
{
	while (n-- > 0)
		ml_buf_addc(out, ' ');
}

static void print_items(struct ml_buf *out, struct ml_opam_item *const *items, size_t n, int ind)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct ml_opam_item *it = items[i];
		const struct ml_opam_value *v = it->value;

		indent(out, ind);
		ml_buf_adds(out, it->name);
		if (it->kind == ML_OPAM_SECTION) {
			if (it->label) {
				ml_buf_addc(out, ' ');
				print_string(out, it->label, strlen(it->label));
			}
			ml_buf_adds(out, " {\n");
			print_items(out, it->items, it->nitems, ind + 2);
			indent(out, ind);
			ml_buf_adds(out, "}\n");
			continue;
		}
		ml_buf_adds(out, ": ");
		if (v->kind != ML_OPAM_LIST || v->nitems < 2) {
			print_inline(out, v);
			ml_buf_addc(out, '\n');
			continue;
		}
		ml_buf_adds(out, "[\n");
		for (j = 0; j < v->nitems; j++) {
			indent(out, ind + 2);
			print_seq_item(out, j ? v->items[j - 1] : NULL, v->items[j]);
			ml_buf_addc(out, '\n');
		}
		indent(out, ind);
		ml_buf_adds(out, "]\n");
	}
}

void ml_opam_print(struct ml_buf *out, const struct ml_opam_file *f)
{
	print_items(out, f->items, f->nitems, 0);
}

static const struct ml_opam_value *unparen(const struct ml_opam_value *v)
{
	while (v && v->kind == ML_OPAM_GROUP && v->nitems == 1)
		v = v->items[0];
	return v;
}

static bool values_equal(struct ml_opam_value *const *a, struct ml_opam_value *const *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ml_opam_value_equal(a[i], b[i]))
			return false;
	return true;
}

bool ml_opam_value_equal(const struct ml_opam_value *a, const struct ml_opam_value *b)
{
	a = unparen(a);
	b = unparen(b);
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case ML_OPAM_BOOL:
		return a->b == b->b;
	case ML_OPAM_INT:
		return a->i == b->i;
	case ML_OPAM_STRING:
	case ML_OPAM_IDENT:
		return a->len == b->len && !memcmp(a->s, b->s, a->len);
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		return a->nitems == b->nitems && values_equal(a->items, b->items, a->nitems);
	case ML_OPAM_OPTION:
		return a->nitems == b->nitems && ml_opam_value_equal(a->a, b->a) &&
		       values_equal(a->items, b->items, a->nitems);
	case ML_OPAM_RELOP:
	case ML_OPAM_LOGOP:
	case ML_OPAM_ENVOP:
		return a->op == b->op && ml_opam_value_equal(a->a, b->a) &&
		       ml_opam_value_equal(a->b2, b->b2);
	case ML_OPAM_PFXOP:
	case ML_OPAM_PREFIX_RELOP:
		return a->op == b->op && ml_opam_value_equal(a->a, b->a);
	}
	return false;
}

static bool items_equal(struct ml_opam_item *const *a, struct ml_opam_item *const *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ml_opam_item *x = a[i], *y = b[i];

		if (x->kind != y->kind || strcmp(x->name, y->name))
			return false;
		if (x->kind == ML_OPAM_FIELD) {
			if (!ml_opam_value_equal(x->value, y->value))
				return false;
			continue;
		}
		if ((!x->label) != (!y->label) || (x->label && strcmp(x->label, y->label)))
			return false;
		if (x->nitems != y->nitems || !items_equal(x->items, y->items, x->nitems))
			return false;
	}
	return true;
}

bool ml_opam_file_equal(const struct ml_opam_file *a, const struct ml_opam_file *b)
{
	return a->nitems == b->nitems && items_equal(a->items, b->items, a->nitems);
}

void ml_opam_print_filter(struct ml_buf *out, struct ml_opam_value *const *items, size_t n)
{
	print_seq(out, items, n);
}
