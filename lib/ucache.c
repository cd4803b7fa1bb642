/*
 * The cache of parsed repositories. Reading and parsing the opam files a lock reaches costs
 * more than the solve: a cache hit rebuilds the tree from a compact byte form instead.
 *
 * File: "MLUCACHE4\n", u64 checksum of the index, u64 length of the index, the index, then
 * the serialised trees (a tree's top-level items carry the length of their bodies: a view
 * rebuilds the fields the solver reads and skips the rest, e.g. description and build). The index (varint-framed): the key, the number of files, and per file
 * (sorted by relpath) the relpath, the file's stamp, where its tree is (offset from the end
 * of the index, length) and a u64 checksum of the tree; the trees lie in the order they were
 * put (then those kept from the file before), so that a save writes them from the few
 * blocks they were encoded into. Opening reads the index only; a tree
 * is read (pread) and checked when it is asked for: a lock that reaches 169 of 1,900 cached
 * files reads those 169, and a damaged or missing tree is a miss for that file alone.
 */
#include "ucache.h"
#include "buf.h"
#include "error.h"
#include "fs.h"
#include "opam.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define UC_MAGIC "MLUCACHE4\n"
#define UC_MAGIC_LEN (sizeof(UC_MAGIC) - 1)
/* A cache file bigger than this is not ours (the whole opam-repository parses to ~30 MiB). */
#define UC_MAX_FILE ((size_t)512 << 20)
#define UC_MAX_FILES 4000000u
/* Nesting of values inside items: the parser's cap plus sections and options. */
#define UC_MAX_DEPTH (ML_OPAM_MAX_DEPTH + 8)

struct uc_entry {
	const char *relpath; /* into c->data (NUL-terminated there when loaded), or own_relpath */
	char *own_relpath;
	uint64_t stamp;
	/* put: into `own` or the cache's store; loaded: NULL until ml_ucache_save */
	const unsigned char *blob;
	size_t len;
	unsigned char *own;
	uint64_t off, sum; /* loaded: where the tree is in the file, and its checksum */
	size_t order;      /* ml_ucache_save's sort */
	bool put;          /* put in this run: its sum is computed when saved */
};

/*
 * Where the trees put in a run are kept until the save: blocks filled one after the other,
 * so that the trees put one after the other are contiguous and written as one run.
 */
struct uc_block {
	struct uc_block *next;
	size_t used, cap;
	unsigned char data[];
};

#define UC_BLOCK ((size_t)1 << 20)

/* Seeds of the index's and of each tree's checksums. */
#define UC_SEED_INDEX 0x5ca1ab1eULL
#define UC_SEED_TREE 0x7ee5ULL
/* The magic, the index's checksum and its length. */
#define UC_HEAD (UC_MAGIC_LEN + 16)

struct ml_ucache {
	char *root, *path, *key;
	unsigned char *data; /* the loaded index */
	int fd;              /* the loaded file, its trees read from blobs_at on */
	uint64_t blobs_at, blobs_len;
	struct uc_entry *loaded;
	size_t nloaded;
	struct uc_entry *added;
	size_t nadded, aadded;
	struct ml_buf *rbuf;     /* read_tree's */
	struct ml_buf *tbuf;     /* ml_ucache_put's, where one tree is encoded */
	struct uc_block *blocks; /* the put trees, the block being filled first */
};

/* ---- hashing ---- */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x7fb5d329728ea185ULL;
	x ^= x >> 27;
	x *= 0x81dadef4bc2dd44dULL;
	x ^= x >> 33;
	return x;
}

uint64_t ml_ucache_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = mix(seed ^ (len * 0x9e3779b97f4a7c15ULL));
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ mix(w + i)) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	if (i < len) {
		uint64_t w = 0;

		memcpy(&w, p + i, len - i);
		h = (h ^ mix(w + i + 0x1234567ULL)) * 0x9e3779b97f4a7c15ULL;
	}
	return mix(h);
}

void ml_ucache_key_add(struct ml_ucache_key *k, const void *data, size_t len)
{
	k->a += ml_ucache_hash(data, len, 0x243f6a8885a308d3ULL);
	k->b += ml_ucache_hash(data, len, 0x13198a2e03707344ULL);
	k->n++;
}

char *ml_ucache_key_str(const struct ml_ucache_key *k)
{
	return ml_xasprintf("stamps:%016llx%016llx:%llu", (unsigned long long)k->a,
			    (unsigned long long)k->b, (unsigned long long)k->n);
}

/* ---- encoding ---- */

/* The most bytes put_uv writes. */
#define UV_MAX 10

/* Writes v as a varint at p; returns how many bytes. */
static size_t enc_uv(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/*
 * Room for `n` more bytes at the end of b, where the caller writes them (then `done`).
 * Checked here, not in ml_buf_grow's call: a tree's ~150 values each ask once.
 */
static inline unsigned char *room(struct ml_buf *b, size_t n)
{
	if (b->alloc - b->len <= n)
		ml_buf_grow(b, n);
	return (unsigned char *)b->buf + b->len;
}

/* The caller wrote n bytes where room() said; the NUL goes after the whole tree. */
static inline void done(struct ml_buf *b, size_t n)
{
	b->len += n;
}

static void put_uv(struct ml_buf *b, uint64_t v)
{
	ml_buf_setlen(b, b->len + enc_uv(room(b, UV_MAX), v));
}

static void put_str(struct ml_buf *b, const char *s, size_t len)
{
	put_uv(b, len);
	ml_buf_add(b, s, len);
}

static void put_value(struct ml_buf *b, const struct ml_opam_value *v)
{
	/* kind, op, line, col and what fits beside them (a string's bytes): one room */
	size_t extra = v->kind == ML_OPAM_STRING || v->kind == ML_OPAM_IDENT ? v->len : 0;
	unsigned char *p = room(b, 2 + 3 * UV_MAX + extra);
	size_t n = 2;

	p[0] = (unsigned char)v->kind;
	p[1] = (unsigned char)v->op;
	n += enc_uv(p + n, (uint64_t)(unsigned)v->line);
	n += enc_uv(p + n, (uint64_t)(unsigned)v->col);
	switch (v->kind) {
	case ML_OPAM_BOOL:
		p[n++] = v->b ? 1 : 0;
		break;
	case ML_OPAM_INT:
		n += enc_uv(p + n, ((uint64_t)v->i << 1) ^ (uint64_t)(v->i >> 63));
		break;
	case ML_OPAM_STRING:
	case ML_OPAM_IDENT:
		n += enc_uv(p + n, v->len);
		memcpy(p + n, v->s, v->len);
		n += v->len;
		break;
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		n += enc_uv(p + n, v->nitems);
		done(b, n);
		for (size_t i = 0; i < v->nitems; i++)
			put_value(b, v->items[i]);
		return;
	case ML_OPAM_OPTION:
		done(b, n);
		put_value(b, v->a);
		done(b, enc_uv(room(b, UV_MAX), v->nitems));
		for (size_t i = 0; i < v->nitems; i++)
			put_value(b, v->items[i]);
		return;
	case ML_OPAM_RELOP:
	case ML_OPAM_LOGOP:
	case ML_OPAM_ENVOP:
		done(b, n);
		put_value(b, v->a);
		put_value(b, v->b2);
		return;
	case ML_OPAM_PREFIX_RELOP:
	case ML_OPAM_PFXOP:
		done(b, n);
		put_value(b, v->a);
		return;
	}
	done(b, n);
}

/*
 * Items; at the top level (`framed`) each item's body (its value, or its section's items)
 * is preceded by its length, so that a view can skip the fields it does not keep. The body
 * is written after one byte kept for its length (bodies under 128 bytes, most of them);
 * a longer one is moved up by the bytes its length needs beyond that.
 */
static void put_items(struct ml_buf *b, struct ml_opam_item *const *items, size_t n, bool framed)
{
	done(b, enc_uv(room(b, UV_MAX), n));
	for (size_t i = 0; i < n; i++) {
		const struct ml_opam_item *it = items[i];
		size_t at = 0, blen, nlen = strlen(it->name),
		       llen = it->label ? strlen(it->label) : 0;
		/* kind, line, col, the name, the label's flag and the label, the body's byte */
		unsigned char *p = room(b, 3 + 5 * UV_MAX + nlen + llen);
		size_t k = 1;

		p[0] = (unsigned char)it->kind;
		k += enc_uv(p + k, (uint64_t)(unsigned)it->line);
		k += enc_uv(p + k, (uint64_t)(unsigned)it->col);
		k += enc_uv(p + k, nlen);
		memcpy(p + k, it->name, nlen);
		k += nlen;
		p[k++] = it->label ? 1 : 0;
		if (it->label) {
			k += enc_uv(p + k, llen);
			memcpy(p + k, it->label, llen);
			k += llen;
		}
		if (framed) {
			at = b->len + k;
			p[k++] = 0;
		}
		done(b, k);
		if (it->kind == ML_OPAM_FIELD)
			put_value(b, it->value);
		else
			put_items(b, it->items, it->nitems, false);
		if (!framed)
			continue;
		blen = b->len - at - 1;
		if (blen < 0x80) {
			b->buf[at] = (char)blen;
		} else {
			unsigned char len[UV_MAX];
			size_t lk = enc_uv(len, blen);

			room(b, lk - 1);
			memmove(b->buf + at + lk, b->buf + at + 1, blen);
			memcpy(b->buf + at, len, lk);
			done(b, lk - 1);
		}
	}
}

/* A file's tree as the cache keeps it. */
static void put_tree(struct ml_buf *b, const struct ml_opam_file *f)
{
	put_items(b, f->items, f->nitems, true);
	ml_buf_setlen(b, b->len);
}

/* ---- decoding: every read is bounds-checked; any failure is a miss ---- */

struct rd {
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t get_uv(struct rd *r)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		v |= (uint64_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

static int get_byte(struct rd *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

/* A string of the stream (not NUL-terminated); NULL when it does not fit. */
static const char *get_str(struct rd *r, size_t *len)
{
	uint64_t n = get_uv(r);
	const char *s;

	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += n;
	*len = (size_t)n;
	return s;
}

/* Item counts can never exceed the bytes left: one byte per item at least. */
static size_t get_count(struct rd *r)
{
	uint64_t n = get_uv(r);

	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return 0;
	}
	return (size_t)n;
}

static int get_pos(struct rd *r)
{
	uint64_t v = get_uv(r);

	if (v > 0x7fffffff)
		r->bad = true;
	return (int)v;
}

static bool is_atom(const struct ml_opam_value *v)
{
	return v->kind == ML_OPAM_BOOL || v->kind == ML_OPAM_INT || v->kind == ML_OPAM_STRING ||
	       v->kind == ML_OPAM_IDENT;
}

/*
 * The operators a parse gives each kind (ml_opam_new_op asserts them): a file that fails its
 * checksum by chance or was forged must be a miss, never an abort.
 */
static bool op_fits(int kind, int op)
{
	switch (kind) {
	case ML_OPAM_RELOP:
	case ML_OPAM_PREFIX_RELOP:
		return op >= ML_OPAM_OP_EQ && op <= ML_OPAM_OP_GE;
	case ML_OPAM_LOGOP:
		return op == ML_OPAM_OP_AND || op == ML_OPAM_OP_OR;
	case ML_OPAM_PFXOP:
		return op == ML_OPAM_OP_NOT || op == ML_OPAM_OP_DEFINED;
	case ML_OPAM_ENVOP:
		return op >= ML_OPAM_OP_ADD_PREPEND && op <= ML_OPAM_OP_ADD_REPLACE;
	default:
		return op == ML_OPAM_OP_NONE;
	}
}

static struct ml_opam_value *get_value(struct rd *r, struct ml_opam_file *f, int depth);

/* A count then that many values, appended to v (a list, a group or an option's filters). */
static int get_values(struct rd *r, struct ml_opam_file *f, struct ml_opam_value *v, int depth)
{
	size_t n = get_count(r);

	if (!r->bad)
		ml_opam_reserve(f, v, n);
	for (size_t i = 0; i < n && !r->bad; i++) {
		struct ml_opam_value *a = get_value(r, f, depth);

		if (!a)
			return -1;
		ml_opam_append(f, v, a);
	}
	return 0;
}

static struct ml_opam_value *get_value(struct rd *r, struct ml_opam_file *f, int depth)
{
	struct ml_opam_value *v = NULL, *a, *b;
	int kind = get_byte(r), op = get_byte(r), line = get_pos(r), col = get_pos(r);
	size_t len;
	const char *s;

	if (r->bad || depth > UC_MAX_DEPTH || !op_fits(kind, op))
		goto bad;
	switch (kind) {
	case ML_OPAM_BOOL:
		v = ml_opam_new_bool(f, get_byte(r) != 0);
		break;
	case ML_OPAM_INT: {
		uint64_t z = get_uv(r);

		v = ml_opam_new_int(f, (long long)((z >> 1) ^ (~(z & 1) + 1)));
		break;
	}
	case ML_OPAM_STRING:
		s = get_str(r, &len);
		/* the parser takes only UTF-8 strings: a cached one is no different */
		if (!s || !ml_utf8_valid(s, len, NULL))
			goto bad;
		v = ml_opam_new_stringn(f, s, len);
		break;
	case ML_OPAM_IDENT:
		s = get_str(r, &len);
		if (!s)
			goto bad;
		/* copied into the file's arena as a string, checked, then made the ident it is */
		v = ml_opam_new_stringn(f, s, len);
		if (strlen(v->s) != len || !ml_opam_is_ident(v->s))
			goto bad;
		v->kind = ML_OPAM_IDENT;
		break;
	case ML_OPAM_LIST:
	case ML_OPAM_GROUP:
		v = ml_opam_new_list(f, (enum ml_opam_kind)kind);
		if (get_values(r, f, v, depth + 1) < 0)
			goto bad;
		break;
	case ML_OPAM_OPTION:
		a = get_value(r, f, depth + 1);
		if (!a)
			goto bad;
		v = ml_opam_new_option(f, a);
		if (get_values(r, f, v, depth + 1) < 0)
			goto bad;
		break;
	case ML_OPAM_RELOP:
	case ML_OPAM_LOGOP:
	case ML_OPAM_ENVOP:
		a = get_value(r, f, depth + 1);
		b = a ? get_value(r, f, depth + 1) : NULL;
		if (!a || !b)
			goto bad;
		/* the builder asserts what the grammar guarantees: check it, do not abort */
		if (kind != ML_OPAM_LOGOP && (!is_atom(a) || !is_atom(b)))
			goto bad;
		v = ml_opam_new_op(f, (enum ml_opam_kind)kind, (enum ml_opam_op)op, a, b);
		break;
	case ML_OPAM_PREFIX_RELOP:
	case ML_OPAM_PFXOP:
		a = get_value(r, f, depth + 1);
		if (!a || (kind == ML_OPAM_PREFIX_RELOP && !is_atom(a)))
			goto bad;
		v = ml_opam_new_op(f, (enum ml_opam_kind)kind, (enum ml_opam_op)op, a, NULL);
		break;
	default:
		goto bad;
	}
	if (r->bad)
		goto bad;
	v->op = (enum ml_opam_op)op;
	v->line = line;
	v->col = col;
	return v;
bad:
	r->bad = true;
	return NULL;
}

/*
 * Items used to live in blocks of their own (freed with ml_ucache_aux_free); they are now
 * in the file's arena with its values (ml_opam_alloc), and *aux is always NULL.
 */
struct aux_block {
	struct aux_block *next;
};

void ml_ucache_aux_free(void *aux)
{
	struct aux_block *b = aux, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
}

/* Whether the view keeps the top-level item named by the len bytes at s. */
static bool view_has(const char *const *names, size_t n, const char *s, size_t len)
{
	/* the first byte first: most fields a view skips share it with no kept name */
	for (size_t i = 0; i < n; i++)
		if (len && names[i][0] == s[0] && strlen(names[i]) == len &&
		    memcmp(names[i], s, len) == 0)
			return true;
	return false;
}

/*
 * A field the view only probes: whether its value (the body at r) is there and not an
 * empty list, read from the value's head without rebuilding it.
 */
static void view_probe(struct ml_ucache_view *view, const char *s, size_t len, struct rd r)
{
	for (size_t i = 0; i < view->nprobe && i < 32; i++) {
		int kind;

		if (strlen(view->probe[i]) != len || memcmp(view->probe[i], s, len) != 0 ||
		    (view->nonempty & (1u << i)))
			continue;
		kind = get_byte(&r);
		(void)get_byte(&r);
		(void)get_pos(&r);
		(void)get_pos(&r);
		if (r.bad || kind != ML_OPAM_LIST || get_uv(&r) > 0)
			view->nonempty |= 1u << i;
		return;
	}
}

/* view_probe's test on a parsed value. */
static void probe_value(struct ml_ucache_view *view, const char *s, size_t len,
			const struct ml_opam_value *v)
{
	for (size_t i = 0; i < view->nprobe && i < 32; i++) {
		if (strlen(view->probe[i]) != len || memcmp(view->probe[i], s, len) != 0 ||
		    (view->nonempty & (1u << i)))
			continue;
		if (v->kind != ML_OPAM_LIST || v->nitems > 0)
			view->nonempty |= 1u << i;
		return;
	}
}

static const char *copy_str(struct ml_opam_file *f, const char *s, size_t len)
{
	char *c = ml_opam_alloc(f, len + 1);

	memcpy(c, s, len);
	return c;
}

/*
 * The items of a section, or of the file at depth 0, where each item's body comes with its
 * length and `view` (NULL: every item) says which items are rebuilt.
 */
static struct ml_opam_item **get_items(struct rd *r, struct ml_opam_file *f, size_t *nout,
				       int depth, struct ml_ucache_view *view)
{
	size_t n = get_count(r), kept = 0;
	struct ml_opam_item **items;

	if (r->bad || depth > UC_MAX_DEPTH)
		goto bad;
	items = ml_opam_alloc(f, n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		struct ml_opam_item *it;
		int kind = get_byte(r), line = get_pos(r), col = get_pos(r);
		size_t len, llen = 0;
		const char *s, *label = NULL;
		char *str;
		struct rd body = *r;

		s = get_str(r, &len);
		if (!s || (kind != ML_OPAM_FIELD && kind != ML_OPAM_SECTION))
			goto bad;
		if (get_byte(r)) {
			label = get_str(r, &llen);
			if (!label || memchr(label, '\0', llen) ||
			    !ml_utf8_valid(label, llen, NULL))
				goto bad;
		}
		if (depth == 0) {
			size_t blen = get_count(r);

			if (r->bad)
				goto bad;
			body.p = r->p;
			body.end = r->p + blen;
			r->p = body.end;
			if (view && !view_has(view->keep, view->nkeep, s, len)) {
				if (kind == ML_OPAM_FIELD)
					view_probe(view, s, len, body);
				continue;
			}
		}
		it = ml_opam_alloc(f, sizeof(*it));
		it->kind = (enum ml_opam_item_kind)kind;
		it->line = line;
		it->col = col;
		str = ml_opam_alloc(f, len + 1);
		memcpy(str, s, len);
		it->name = str;
		/* what the parser accepts as a field or section name, and as a label */
		if (strlen(str) != len || !ml_opam_is_ident(str))
			goto bad;
		if (label) {
			str = ml_opam_alloc(f, llen + 1);
			memcpy(str, label, llen);
			it->label = str;
		}
		if (depth > 0)
			body = *r;
		if (kind == ML_OPAM_FIELD) {
			it->value = get_value(&body, f, depth + 1);
			if (!it->value)
				goto bad;
		} else {
			it->items = get_items(&body, f, &it->nitems, depth + 1, NULL);
			if (!it->items)
				goto bad;
		}
		if (body.bad)
			goto bad;
		if (depth > 0)
			r->p = body.p;
		else if (body.p != body.end)
			goto bad;
		items[kept++] = it;
	}
	if (r->bad)
		goto bad;
	*nout = kept;
	return items;
bad:
	r->bad = true;
	return NULL;
}

/* ---- the cache ---- */

static int entry_cmp(const void *a, const void *b)
{
	const struct uc_entry *x = a, *y = b;

	return strcmp(x->relpath, y->relpath);
}

/* By relpath, then by position in the list being sorted. */
static int entry_order_cmp(const void *a, const void *b)
{
	const struct uc_entry *x = a, *y = b;
	int c = strcmp(x->relpath, y->relpath);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void entries_free(struct uc_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].own_relpath);
		free(e[i].own);
	}
	free(e);
}

/* Reads len bytes at off of fd, all of them; false on a short read or an error. */
static bool pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

static uint64_t get_u64(struct rd *r)
{
	uint64_t v = 0;

	if ((size_t)(r->end - r->p) < 8) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, 8);
	r->p += 8;
	return v;
}

/*
 * Decodes the index (len bytes in data, which it keeps) into c->loaded; false (and nothing
 * kept) when it is not valid. The trees stay in the file: only where they are is checked.
 */
static bool load_index(struct ml_ucache *c, unsigned char *data, size_t len, uint64_t sum)
{
	struct rd r = { data, data + len, false };
	const char *key;
	size_t klen, n;
	struct uc_entry *e = NULL;

	if (sum != ml_ucache_hash(data, len, UC_SEED_INDEX))
		return false;
	key = get_str(&r, &klen);
	if (!key || klen != strlen(c->key) || memcmp(key, c->key, klen) != 0)
		return false;
	n = get_count(&r);
	if (r.bad || n > UC_MAX_FILES)
		return false;
	e = ml_reallocarray(NULL, n ? n : 1, sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		const char *s = get_str(&r, &klen);
		uint64_t stamp = s ? get_uv(&r) : 0, off = get_uv(&r), blen = get_uv(&r);
		uint64_t bsum = get_u64(&r);

		/* a tree past the end (a truncated file) is a miss when asked for, not here */
		if (!s || r.bad || blen > UC_MAX_FILE) {
			free(e);
			return false;
		}
		/*
		 * Borrowed from the index, NUL-terminated in place: the byte after the relpath
		 * starts its stamp, decoded above (one allocation less per cached file).
		 */
		((char *)s)[klen] = '\0';
		e[i] = (struct uc_entry){
			.relpath = s, .stamp = stamp, .len = (size_t)blen, .off = off, .sum = bsum
		};
		if (i > 0 && strcmp(e[i - 1].relpath, e[i].relpath) >= 0) {
			free(e);
			return false;
		}
	}
	if (r.p != r.end) {
		free(e);
		return false;
	}
	c->data = data;
	c->loaded = e;
	c->nloaded = n;
	return true;
}

/* Opens the cache file and loads its index; a file that is not a valid one loads nothing. */
static void load_file(struct ml_ucache *c)
{
	unsigned char head[UC_HEAD], *index = NULL;
	uint64_t sum, ilen;
	struct stat st;
	int fd = ml_fs_open_regular(c->path, NULL);

	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)UC_HEAD ||
	    (uint64_t)st.st_size > UC_MAX_FILE || !pread_all(fd, head, UC_HEAD, 0) ||
	    memcmp(head, UC_MAGIC, UC_MAGIC_LEN) != 0)
		goto bad;
	memcpy(&sum, head + UC_MAGIC_LEN, 8);
	memcpy(&ilen, head + UC_MAGIC_LEN + 8, 8);
	if (ilen > (uint64_t)st.st_size - UC_HEAD)
		goto bad;
	c->blobs_at = UC_HEAD + ilen;
	c->blobs_len = (uint64_t)st.st_size - c->blobs_at;
	index = ml_malloc(ilen ? (size_t)ilen : 1);
	if (!pread_all(fd, index, (size_t)ilen, UC_HEAD) ||
	    !load_index(c, index, (size_t)ilen, sum))
		goto bad;
	c->fd = fd;
	return;
bad:
	free(index);
	close(fd);
}

struct ml_ucache *ml_ucache_open(const char *dir, const char *id, const char *key)
{
	struct ml_ucache *c = ml_calloc(1, sizeof(*c));
	char *root = dir ? ml_strdup(dir) : ml_cache_dir();

	c->path = ml_xasprintf("%s/repos/%016llx.cache", root,
			       (unsigned long long)ml_ucache_hash(id, strlen(id), 0x1d1d1dULL));
	c->key = ml_strdup(key);
	c->root = root;
	c->rbuf = ml_malloc(sizeof(*c->rbuf));
	ml_buf_init(c->rbuf);
	c->tbuf = ml_malloc(sizeof(*c->tbuf));
	ml_buf_init(c->tbuf);
	c->fd = -1;
	/* only a regular file under a real repos/ directory: no link followed, no fifo read */
	if (ml_fs_is_dir_below(root, "repos"))
		load_file(c);
	return c;
}

void ml_ucache_free(struct ml_ucache *c)
{
	if (!c)
		return;
	entries_free(c->loaded, c->nloaded);
	entries_free(c->added, c->nadded);
	ml_buf_release(c->rbuf);
	free(c->rbuf);
	ml_buf_release(c->tbuf);
	free(c->tbuf);
	for (struct uc_block *b = c->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c->data);
	free(c->root);
	free(c->path);
	free(c->key);
	free(c);
}

bool ml_ucache_loaded(const struct ml_ucache *c, size_t i, const char **relpath, uint64_t *stamp)
{
	if (i >= c->nloaded)
		return false;
	*relpath = c->loaded[i].relpath;
	*stamp = c->loaded[i].stamp;
	return true;
}

void ml_ucache_frame(struct ml_buf *out, const char *key, const void *entries, size_t len,
		     const void *trees, size_t tlen)
{
	struct ml_buf index = ML_BUF_INIT;
	uint64_t sum, ilen;

	put_str(&index, key, strlen(key));
	ml_buf_add(&index, entries, len);
	sum = ml_ucache_hash(index.buf, index.len, UC_SEED_INDEX);
	ilen = index.len;
	ml_buf_add(out, UC_MAGIC, UC_MAGIC_LEN);
	ml_buf_add(out, &sum, sizeof(sum));
	ml_buf_add(out, &ilen, sizeof(ilen));
	ml_buf_add(out, index.buf, index.len);
	ml_buf_add(out, trees, tlen);
	ml_buf_release(&index);
}

uint64_t ml_ucache_tree_sum(const void *tree, size_t len)
{
	return ml_ucache_hash(tree, len, UC_SEED_TREE);
}

size_t ml_ucache_count(const struct ml_ucache *c)
{
	return c->nloaded + c->nadded;
}

bool ml_ucache_holds(const struct ml_ucache *c, const char *relpath)
{
	struct uc_entry key = { .relpath = relpath };

	return c && c->nloaded &&
	       bsearch(&key, c->loaded, c->nloaded, sizeof(key), entry_cmp) != NULL;
}

const char *ml_ucache_path(const struct ml_ucache *c)
{
	return c->path;
}

/*
 * The tree of a loaded entry, read from the file and checked; NULL when damaged. It is in
 * the cache's read buffer, valid until the next read: the ~1,900 trees a lock rebuilds are
 * read into the same warm pages (nothing keeps pointers into a tree: rebuilds copy).
 */
static const unsigned char *read_tree(const struct ml_ucache *c, const struct uc_entry *e)
{
	struct ml_buf *b = c->rbuf;

	if (e->off > c->blobs_len || e->len > c->blobs_len - e->off)
		return NULL;
	ml_buf_reset(b);
	ml_buf_grow(b, e->len + 1);
	if (!pread_all(c->fd, b->buf, e->len, c->blobs_at + e->off) ||
	    ml_ucache_tree_sum(b->buf, e->len) != e->sum)
		return NULL;
	return (const unsigned char *)b->buf;
}

/* Rebuilds a file named `path` from its tree (len bytes at blob), as `view` says. */
static int rebuild(struct ml_opam_file **out, void **aux, const unsigned char *blob, size_t len,
		   const char *path, struct ml_ucache_view *view)
{
	struct ml_opam_file *f =
	    view && view->pool ? ml_opam_file_new_pooled(view->pool, path) : ml_opam_file_new(path);
	struct rd r = { blob, blob + len, false };

	if (view)
		view->nonempty = 0;
	f->items = get_items(&r, f, &f->nitems, 0, view);
	if (!f->items || r.p != r.end) {
		ml_opam_file_free(f);
		return ML_ENOTFOUND;
	}
	*out = f;
	*aux = NULL;
	return 0;
}

int ml_ucache_get_view(struct ml_opam_file **out, void **aux, const struct ml_ucache *c,
		       const char *relpath, uint64_t stamp, const char *path,
		       struct ml_ucache_view *view)
{
	struct uc_entry key = { .relpath = relpath }, *e;
	const unsigned char *blob;

	if (!c || c->nloaded == 0)
		return ML_ENOTFOUND;
	if (stamp == ML_UCACHE_RACY)
		return ML_ENOTFOUND;
	e = bsearch(&key, c->loaded, c->nloaded, sizeof(*e), entry_cmp);
	if (!e || e->stamp != stamp || !(blob = read_tree(c, e)))
		return ML_ENOTFOUND;
	return rebuild(out, aux, blob, e->len, path, view);
}

int ml_ucache_get(struct ml_opam_file **out, void **aux, const struct ml_ucache *c,
		  const char *relpath, uint64_t stamp, const char *path)
{
	return ml_ucache_get_view(out, aux, c, relpath, stamp, path, NULL);
}

/* A copy of the len bytes at data in the cache's store, until the cache is freed. */
static const unsigned char *store(struct ml_ucache *c, const void *data, size_t len)
{
	struct uc_block *b = c->blocks;
	unsigned char *p;

	if (!b || b->cap - b->used < len) {
		size_t cap = len > UC_BLOCK ? len : UC_BLOCK;

		b = ml_malloc(sizeof(*b) + cap);
		b->cap = cap;
		b->used = 0;
		b->next = c->blocks;
		c->blocks = b;
	}
	p = b->data + b->used;
	memcpy(p, data, len);
	b->used += len;
	return p;
}

/* Records an encoded tree (ownership of own taken; blob points into it or the store). */
static void put_blob(struct ml_ucache *c, const char *relpath, uint64_t stamp,
		     const unsigned char *blob, unsigned char *own, size_t len)
{
	struct uc_entry *e;

	ML_ALLOC_GROW(c->added, c->nadded + 1, c->aadded);
	e = &c->added[c->nadded++];
	memset(e, 0, sizeof(*e));
	e->own_relpath = ml_strdup(relpath);
	e->relpath = e->own_relpath;
	e->stamp = stamp;
	e->own = own;
	e->len = len;
	e->blob = blob;
	e->put = true;
}

void ml_ucache_put(struct ml_ucache *c, const char *relpath, uint64_t stamp,
		   const struct ml_opam_file *f)
{
	if (!c || stamp == ML_UCACHE_RACY)
		return;
	ml_buf_reset(c->tbuf);
	put_tree(c->tbuf, f);
	put_blob(c, relpath, stamp, store(c, c->tbuf->buf, c->tbuf->len), NULL, c->tbuf->len);
}

/*
 * The items of `n` that `view` keeps, copied into f (what get_items makes of their
 * encoding: the same tree), and its probes.
 */
static struct ml_opam_item **copy_items(struct ml_opam_file *f, struct ml_opam_item *const *items,
					size_t n, size_t *nout, struct ml_ucache_view *view)
{
	struct ml_opam_item **out;
	size_t kept = 0;
	/* which of the first 64 items the view keeps, from the count for the next loop */
	uint64_t keep = 0;

	for (size_t i = 0; i < n; i++)
		if (!view ||
		    view_has(view->keep, view->nkeep, items[i]->name, strlen(items[i]->name))) {
			kept++;
			if (i < 64)
				keep |= (uint64_t)1 << i;
		}
	out = ml_opam_alloc(f, (kept ? kept : 1) * sizeof(*out));
	kept = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ml_opam_item *it = items[i];
		struct ml_opam_item *c;
		size_t len = strlen(it->name);

		if (i < 64 ? !(keep >> i & 1)
			   : view && !view_has(view->keep, view->nkeep, it->name, len)) {
			if (it->kind == ML_OPAM_FIELD)
				probe_value(view, it->name, len, it->value);
			continue;
		}
		c = ml_opam_alloc(f, sizeof(*c));
		c->kind = it->kind;
		c->line = it->line;
		c->col = it->col;
		c->name = copy_str(f, it->name, len);
		if (it->label)
			c->label = copy_str(f, it->label, strlen(it->label));
		if (it->kind == ML_OPAM_FIELD)
			c->value = ml_opam_value_copy(f, it->value);
		else
			c->items = copy_items(f, it->items, it->nitems, &c->nitems, NULL);
		out[kept++] = c;
	}
	*nout = kept;
	return out;
}

int ml_ucache_put_view(struct ml_opam_file **out, void **aux, struct ml_ucache *c,
		       const char *relpath, uint64_t stamp, const struct ml_opam_file *f,
		       const char *path, struct ml_ucache_view *view)
{
	struct ml_opam_file *v;

	ml_ucache_put(c, relpath, stamp, f);
	/* copied from the parse: the tree a rebuild from the encoding would give */
	v = view && view->pool ? ml_opam_file_new_pooled(view->pool, path) : ml_opam_file_new(path);
	if (view)
		view->nonempty = 0;
	v->items = copy_items(v, f->items, f->nitems, &v->nitems, view);
	*out = v;
	*aux = NULL;
	return 0;
}

int ml_ucache_get_raw(struct ml_buf *out, const struct ml_ucache *c, const char *name)
{
	struct uc_entry key = { .relpath = name }, *e;
	const unsigned char *blob;

	if (!c || c->nloaded == 0)
		return ML_ENOTFOUND;
	e = bsearch(&key, c->loaded, c->nloaded, sizeof(*e), entry_cmp);
	if (!e || e->stamp != 0 || !(blob = read_tree(c, e)))
		return ML_ENOTFOUND;
	ml_buf_add(out, blob, e->len);
	return 0;
}

void ml_ucache_put_raw(struct ml_ucache *c, const char *name, const void *data, size_t len)
{
	struct uc_entry *e;

	if (!c)
		return;
	ML_ALLOC_GROW(c->added, c->nadded + 1, c->aadded);
	e = &c->added[c->nadded++];
	memset(e, 0, sizeof(*e));
	e->own_relpath = ml_strdup(name);
	e->relpath = e->own_relpath;
	e->own = ml_malloc(len ? len : 1);
	memcpy(e->own, data, len);
	e->len = len;
	e->blob = e->own;
	e->put = true;
}

int ml_ucache_save(struct ml_ucache *c, struct ml_error *err)
{
	struct uc_entry *all = NULL;
	size_t n = 0, ntotal, niov = 0, *at = NULL;
	struct ml_buf head = ML_BUF_INIT, index = ML_BUF_INIT;
	struct iovec *iov = NULL;
	unsigned char *old = NULL;
	uint64_t tlen = 0;
	struct stat st;
	int ret = 0;

	if (!c || c->nadded == 0)
		return 0;
	/* the trees of the loaded file, read at once; a damaged one is left out */
	if (c->nloaded && c->blobs_len) {
		old = ml_malloc((size_t)c->blobs_len);
		if (!pread_all(c->fd, old, (size_t)c->blobs_len, c->blobs_at)) {
			free(old);
			old = NULL;
		}
	}
	/*
	 * The union, sorted, each relpath once. What was put wins over what was loaded: it is
	 * the parse of the file as it is now (a loaded entry with another stamp is stale).
	 */
	ntotal = c->nadded;
	all = ml_reallocarray(NULL, c->nloaded + c->nadded, sizeof(*all));
	memcpy(all, c->added, c->nadded * sizeof(*all));
	for (size_t i = 0; i < c->nloaded && old; i++) {
		const struct uc_entry *e = &c->loaded[i];

		if (e->off > c->blobs_len || e->len > c->blobs_len - e->off ||
		    ml_ucache_tree_sum(old + e->off, e->len) != e->sum)
			continue;
		all[ntotal] = *e;
		all[ntotal++].blob = old + e->off;
	}
	/* stable on equal relpaths: added entries come first */
	for (size_t i = 0; i < ntotal; i++)
		all[i].order = i;
	qsort(all, ntotal, sizeof(*all), entry_order_cmp);
	for (size_t i = 0; i < ntotal; i++)
		if (n == 0 || strcmp(all[n - 1].relpath, all[i].relpath) != 0)
			all[n++] = all[i];
	/*
	 * The trees in the order they were put, then the loaded ones in theirs (the index,
	 * sorted by relpath, says where each is): trees put one after the other are next to
	 * each other in the store, so the file is written from a few runs of memory, never
	 * copied into one buffer first.
	 */
	at = ml_reallocarray(NULL, ntotal ? ntotal : 1, sizeof(*at));
	for (size_t i = 0; i < ntotal; i++)
		at[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++)
		at[all[i].order] = i;
	iov = ml_reallocarray(NULL, n + 1, sizeof(*iov));
	niov = 1;
	for (size_t k = 0; k < ntotal; k++) {
		struct uc_entry *e;

		if (at[k] == SIZE_MAX)
			continue;
		e = &all[at[k]];
		e->off = tlen;
		tlen += e->len;
		if (!e->len)
			continue;
		if (niov > 1 &&
		    (const unsigned char *)iov[niov - 1].iov_base + iov[niov - 1].iov_len ==
			e->blob) {
			iov[niov - 1].iov_len += e->len;
		} else {
			iov[niov].iov_base = (void *)e->blob;
			iov[niov++].iov_len = e->len;
		}
	}
	put_uv(&index, n);
	for (size_t i = 0; i < n; i++) {
		uint64_t sum = all[i].sum;

		/* a loaded tree was checked against its sum above; a put one is summed now */
		if (all[i].put)
			sum = ml_ucache_tree_sum(all[i].blob, all[i].len);
		put_str(&index, all[i].relpath, strlen(all[i].relpath));
		put_uv(&index, all[i].stamp);
		put_uv(&index, all[i].off);
		put_uv(&index, all[i].len);
		ml_buf_add(&index, &sum, sizeof(sum));
	}
	ml_ucache_frame(&head, c->key, index.buf, index.len, NULL, 0);
	iov[0].iov_base = head.buf;
	iov[0].iov_len = head.len;
	ret = ml_fs_mkdirs_below(c->root, "repos", 0755, err);
	if (ret)
		goto out;
	/* a directory planted where the file goes would fail every save: it is not ours */
	if (lstat(c->path, &st) == 0 && S_ISDIR(st.st_mode))
		ml_fs_remove_tree(c->path, NULL);
	ret = ml_fs_write_atomic_iov(c->path, iov, niov, 0644, err);
out:
	free(all);
	free(at);
	free(iov);
	free(old);
	ml_buf_release(&head);
	ml_buf_release(&index);
	return ret;
}
