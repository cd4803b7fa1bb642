#ifndef ML_OPAM_H
#define ML_OPAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ml_buf;
struct ml_error;

/*
 * The opam 2.0 file format: a value tree that keeps positions, a parser with
 * file:line:col errors, and a printer whose output parses back to the same tree.
 *
 * Every node and string of a file lives in the file's arena and is freed by
 * ml_opam_file_free; pointers into a file are borrowed and valid until then.
 */

/* Caps against hostile or broken input: over them is a parse error, never a truncation. */
#define ML_OPAM_MAX_FILE_SIZE (4u << 20) /* bytes */
#define ML_OPAM_MAX_DEPTH 64             /* nesting of lists, groups, options, operators */

enum ml_opam_kind {
	ML_OPAM_BOOL,
	ML_OPAM_INT,
	ML_OPAM_STRING,
	ML_OPAM_IDENT,        /* foo, foo-bar, pkg:var, _:var, a+b:var */
	ML_OPAM_LIST,         /* [ items ] */
	ML_OPAM_GROUP,        /* ( items ) */
	ML_OPAM_OPTION,       /* value { items }: `a` is the value, `items` the filter list */
	ML_OPAM_RELOP,        /* a op b (atoms only), op in ML_OPAM_OP_EQ..GE */
	ML_OPAM_PREFIX_RELOP, /* op a, e.g. >= "1.0" */
	ML_OPAM_LOGOP,        /* a & b, a | b */
	ML_OPAM_PFXOP,        /* !a, ?a */
	ML_OPAM_ENVOP,        /* a op b with op one of += =+ := =: =+= */
};

enum ml_opam_op {
	ML_OPAM_OP_NONE = 0,
	ML_OPAM_OP_EQ,            /* = */
	ML_OPAM_OP_NEQ,           /* != */
	ML_OPAM_OP_LT,            /* < */
	ML_OPAM_OP_LE,            /* <= */
	ML_OPAM_OP_GT,            /* > */
	ML_OPAM_OP_GE,            /* >= */
	ML_OPAM_OP_AND,           /* & */
	ML_OPAM_OP_OR,            /* | */
	ML_OPAM_OP_NOT,           /* ! */
	ML_OPAM_OP_DEFINED,       /* ? */
	ML_OPAM_OP_ADD_PREPEND,   /* += */
	ML_OPAM_OP_ADD_APPEND,    /* =+ */
	ML_OPAM_OP_COLON_PREPEND, /* := */
	ML_OPAM_OP_COLON_APPEND,  /* =: */
	ML_OPAM_OP_ADD_REPLACE,   /* =+= */
};

struct ml_opam_value {
	enum ml_opam_kind kind;
	enum ml_opam_op op; /* RELOP, PREFIX_RELOP, LOGOP, PFXOP, ENVOP */
	int line, col;      /* 1-based position of the value's first character (col counts bytes) */
	union {
		bool b;      /* BOOL */
		long long i; /* INT */
	};
	const char *s;                /* STRING (unescaped) and IDENT; NUL-terminated */
	struct ml_opam_value *a, *b2; /* operands: a = left/only/option value, b2 = right */
	struct ml_opam_value **items; /* LIST, GROUP, OPTION filters */
	/*
	 * 32 bits (a file is at most ML_OPAM_MAX_FILE_SIZE bytes): a value is 64 bytes, and a
	 * lock copies ~90,000 of them into its views
	 */
	uint32_t len; /* length of s (a STRING may contain NUL bytes via \000) */
	uint32_t nitems;
};

enum ml_opam_item_kind {
	ML_OPAM_FIELD,   /* name: value */
	ML_OPAM_SECTION, /* name "label"? { items } */
};

struct ml_opam_item {
	enum ml_opam_item_kind kind;
	int line, col;
	const char *name;            /* field name or section kind (e.g. "url") */
	const char *label;           /* section name, or NULL */
	struct ml_opam_value *value; /* FIELD */
	struct ml_opam_item **items; /* SECTION */
	size_t nitems;
};

struct ml_opam_file {
	char *path; /* as given to the parser; used in errors */
	struct ml_opam_item **items;
	size_t nitems;
	void *arena; /* private */
};

/*
 * Parses `len` bytes of `data` (need not be NUL-terminated). `path` names the source in
 * errors and is copied. On success *out owns a new file (free with ml_opam_file_free).
 * On failure returns ML_EPARSE with err->path/line/col set, and *out is untouched.
 * A NUL byte, or input over ML_OPAM_MAX_FILE_SIZE, or nesting over ML_OPAM_MAX_DEPTH
 * is an error.
 */
int ml_opam_parse(struct ml_opam_file **out, const char *path, const char *data, size_t len,
		  struct ml_error *err);
/* Reads and parses a file (ML_EIO / ML_ENOTFOUND when it cannot be read). */
int ml_opam_parse_file(struct ml_opam_file **out, const char *path, struct ml_error *err);
void ml_opam_file_free(struct ml_opam_file *f);

/* The value of the first top-level field `name`, or NULL. Borrowed. */
const struct ml_opam_value *ml_opam_field(const struct ml_opam_file *f, const char *name);
/* The first top-level section of kind `name` (e.g. "url"), or NULL. Borrowed. */
const struct ml_opam_item *ml_opam_section(const struct ml_opam_file *f, const char *name);
/* The value of field `name` inside a section, or NULL. */
const struct ml_opam_value *ml_opam_section_field(const struct ml_opam_item *sec, const char *name);

/*
 * Building trees (for the opam-monorepo lock format): nodes are allocated in f's arena.
 * ml_opam_file_new makes an empty file; add fields in order with ml_opam_add_field.
 */
struct ml_opam_file *ml_opam_file_new(const char *path);
/*
 * A pool of nodes shared by many files: a file made in it has no arena of its own, so
 * thousands of small files (the views of a universe) cost the memory they use and no more
 * (a file's own arena starts with a 2 KiB block). ml_opam_file_free does nothing to a pooled
 * file; ml_opam_pool_free frees every file made in the pool at once.
 */
struct ml_opam_pool;
struct ml_opam_pool *ml_opam_pool_new(void);
void ml_opam_pool_free(struct ml_opam_pool *pool);
struct ml_opam_file *ml_opam_file_new_pooled(struct ml_opam_pool *pool, const char *path);
/* `size` zeroed bytes in f's arena (8-byte aligned), e.g. a builder's items and sections. */
void *ml_opam_alloc(struct ml_opam_file *f, size_t size);
/* Room for n items in an empty LIST, GROUP or OPTION, so that n appends do not regrow. */
void ml_opam_reserve(struct ml_opam_file *f, struct ml_opam_value *list, size_t n);
struct ml_opam_value *ml_opam_new_string(struct ml_opam_file *f, const char *s);
/* A STRING of `len` bytes, which may include NUL bytes. */
struct ml_opam_value *ml_opam_new_stringn(struct ml_opam_file *f, const char *s, size_t len);
/* `s` must satisfy ml_opam_is_ident (asserted). */
struct ml_opam_value *ml_opam_new_ident(struct ml_opam_file *f, const char *s);
struct ml_opam_value *ml_opam_new_bool(struct ml_opam_file *f, bool b);
struct ml_opam_value *ml_opam_new_int(struct ml_opam_file *f, long long i);
/* LIST or GROUP with no items; append with ml_opam_append. */
struct ml_opam_value *ml_opam_new_list(struct ml_opam_file *f, enum ml_opam_kind kind);
void ml_opam_append(struct ml_opam_file *f, struct ml_opam_value *list, struct ml_opam_value *item);
/*
 * RELOP/LOGOP/ENVOP (a, b), PFXOP/PREFIX_RELOP (a only, b NULL). As in the grammar, the
 * operands of RELOP, ENVOP and PREFIX_RELOP must be atoms (bool, int, string, ident): asserted.
 */
struct ml_opam_value *ml_opam_new_op(struct ml_opam_file *f, enum ml_opam_kind kind,
				     enum ml_opam_op op, struct ml_opam_value *a,
				     struct ml_opam_value *b);
/* OPTION: value { } with no filters; append filters with ml_opam_append. */
struct ml_opam_value *ml_opam_new_option(struct ml_opam_file *f, struct ml_opam_value *value);
/*
 * A deep copy of v (a tree of any file, or built) in f's arena, positions kept. The copy
 * recurses as deep as v nests: trees from ml_opam_parse nest at most ML_OPAM_MAX_DEPTH.
 */
struct ml_opam_value *ml_opam_value_copy(struct ml_opam_file *f, const struct ml_opam_value *v);
/* `name` must satisfy ml_opam_is_ident (asserted). */
void ml_opam_add_field(struct ml_opam_file *f, const char *name, struct ml_opam_value *value);

/* Whether s lexes as one opam identifier (`foo-bar`, `pkg:var`, `_:var`, `a+b:var`). */
bool ml_opam_is_ident(const char *s);

/*
 * Printing: valid opam syntax that parses back to an equal tree (ml_opam_value_equal).
 * Strings are always printed in "..." with \\, \" and control characters escaped
 * (\n \t \r \b, else \xHH); other bytes as they are. Fields one per line as `name: value`;
 * a field whose value is a list of two or more items is printed one item per line, indented
 * by 2, as opam writes `depends`; sections as `name "label" {` with their items indented.
 * Built trees that no parse can produce (an OR operand of an AND, a right operand of the same
 * operator, a prefix relop right after an atom in a list) are printed with parentheses, which
 * read back as a one-item GROUP: equality treats such groups as transparent.
 */
void ml_opam_print(struct ml_buf *out, const struct ml_opam_file *f);
void ml_opam_print_value(struct ml_buf *out, const struct ml_opam_value *v);
/*
 * The filter list of an option (what stands between `{` and `}`), items separated by one
 * space, parenthesised where juxtaposition would re-associate: ml_opam_parse_filter reads it
 * back to equal items.
 */
void ml_opam_print_filter(struct ml_buf *out, struct ml_opam_value *const *items, size_t n);
/*
 * Parses `text` as the filter list of an option, e.g. `os-family = "debian"` (comments
 * allowed). *out owns a new file holding it (ml_opam_file_free); *option borrows from it: an
 * OPTION whose items are the filters (none for an empty text). Text that is not exactly one
 * filter list (one that closes the braces, or adds values after them) is ML_EPARSE, as is a
 * syntax error; err->path is `what`, with no line (the text is one value of something else).
 */
int ml_opam_parse_filter(struct ml_opam_file **out, const struct ml_opam_value **option,
			 const char *text, const char *what, struct ml_error *err);

/*
 * Structural equality, ignoring positions. Parentheses are transparent: a GROUP holding
 * exactly one value equals that value (`(a)` = `a`), as it means the same in every opam field.
 */
bool ml_opam_value_equal(const struct ml_opam_value *a, const struct ml_opam_value *b);
bool ml_opam_file_equal(const struct ml_opam_file *a, const struct ml_opam_file *b);

/* "=", "&", "+=", ... for an operator. */
const char *ml_opam_op_str(enum ml_opam_op op);

#endif
