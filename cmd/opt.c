#include "cmd.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The options every command has, after its own (not for CMD_SPEC_NO_COMMON). */
static const struct cmd_opt common_opts[] = {
	{ "quiet", 'q', NULL, "no progress, summaries or warnings; errors, results stay", NULL,
	  CMD_OPT_ID_QUIET, CMD_OPT_SYN_SHORT },
	{ "json", 0, NULL, "the result or the error as one JSON document on stdout", NULL,
	  CMD_OPT_ID_JSON, 0 },
	{ "help", 'h', NULL, "print this help", NULL, CMD_OPT_ID_HELP, 0 },
	{ NULL, 0, NULL, NULL, NULL, 0, 0 },
};

/* A command's options: its own (set 0), then the common ones (set 1). */
static const struct cmd_opt *opt_set(const struct cmd_spec *spec, int set)
{
	if (set == 0)
		return spec->opts;
	return set == 1 && !(spec->flags & CMD_SPEC_NO_COMMON) ? common_opts : NULL;
}

#define FOR_EACH_OPT(o, spec)                \
	for (int set_ = 0; set_ < 2; set_++) \
		for (const struct cmd_opt *o = opt_set(spec, set_); o && o->id; o++)

static const char *prog_of(const struct cmd_spec *spec)
{
	return spec && spec->prog ? spec->prog : "monolock";
}

/* Whether spec is the global one: its usage errors point at `monolock --help`. */
static bool is_main(const struct cmd_spec *spec)
{
	return !spec || spec == &cmd_main_spec;
}

static int usage_msg(const struct cmd_spec *spec, const char *msg)
{
	if (spec && spec->usage_error)
		return spec->usage_error(spec, msg);
	if (cmd_global.json) {
		struct ml_error err = ML_ERROR_INIT;

		ml_error_set(&err, ML_EUSAGE, "%s", msg);
		cmd_error(&err);
		ml_error_release(&err);
		return EXIT_USAGE;
	}
	fprintf(stderr, "%s: %s\n", prog_of(spec), msg);
	if (is_main(spec))
		fprintf(stderr, "see '%s --help'\n", prog_of(spec));
	else
		fprintf(stderr, "see '%s %s --help'\n", prog_of(spec), spec->name);
	return EXIT_USAGE;
}

int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...)
{
	struct ml_buf b = ML_BUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ml_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ret = usage_msg(spec, b.buf);
	ml_buf_release(&b);
	return ret;
}

void cmd_parser_init(struct cmd_parser *p, const struct cmd_spec *spec, int argc, char **argv)
{
	memset(p, 0, sizeof(*p));
	p->spec = spec;
	p->argc = argc;
	p->argv = argv;
	p->i = 1;
	ml_strvec_init(&p->args);
	/* a usage error is JSON too when --json is anywhere among the options */
	if (!(spec->flags & CMD_SPEC_NO_COMMON))
		for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
			if (!strcmp(argv[i], "--json"))
				cmd_global.json = true;
}

void cmd_parser_release(struct cmd_parser *p)
{
	ml_strvec_release(&p->args);
	free(p->name);
	p->name = NULL;
}

int cmd_parse_end(struct cmd_parser *p, int c, size_t min, size_t max, const char *missing)
{
	if (c < 0)
		return p->exit;
	if (p->args.n < min)
		return cmd_usage_error(p->spec, "%s", missing);
	if (p->args.n > max)
		return cmd_usage_error(p->spec, "unexpected argument '%s'", p->args.v[max]);
	return -1;
}

static int stop(struct cmd_parser *p, int code)
{
	p->exit = code;
	return -1;
}

/* -q and --json are global; --help prints; others go to the command. */
static int found(struct cmd_parser *p, const struct cmd_opt *o)
{
	switch (o->id) {
	case CMD_OPT_ID_HELP:
		if (p->spec->help)
			p->spec->help();
		else
			cmd_spec_help(stdout, p->spec);
		return stop(p, EXIT_OK);
	case CMD_OPT_ID_QUIET:
		cmd_global.quiet = true;
		return cmd_parse_next(p);
	case CMD_OPT_ID_JSON:
		cmd_global.json = true;
		return cmd_parse_next(p);
	default:
		return o->id;
	}
}

/* The option of spec named exactly name (n bytes), or NULL. */
static const struct cmd_opt *find_long(const struct cmd_spec *spec, const char *name, size_t n)
{
	FOR_EACH_OPT(o, spec)
	if (o->lng && strlen(o->lng) == n && !strncmp(o->lng, name, n))
		return o;
	return NULL;
}

static const struct cmd_opt *find_short(const struct cmd_spec *spec, char c)
{
	FOR_EACH_OPT(o, spec)
	if (o->shrt == c)
		return o;
	return NULL;
}

static int long_option(struct cmd_parser *p, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct cmd_opt *match = find_long(p->spec, arg, n);
	struct ml_strvec names = ML_STRVEC_INIT;
	int nprefix = match ? 1 : 0, ret;

	free(p->name);
	p->name = ml_xasprintf("--%.*s", (int)n, arg);
	if (!match && n)
		FOR_EACH_OPT(o, p->spec)
	/* as getopt_long: an unambiguous prefix is the option */
	if (o->lng && !(o->flags & CMD_OPT_HIDDEN) && !strncmp(o->lng, arg, n)) {
		if (!match || match->id != o->id)
			nprefix++;
		match = o;
	}
	if (nprefix > 1) {
		struct ml_buf b = ML_BUF_INIT;

		FOR_EACH_OPT(o, p->spec)
		if (o->lng && !(o->flags & CMD_OPT_HIDDEN) && !strncmp(o->lng, arg, n))
			ml_buf_addf(&b, "%s--%s", b.len ? ", " : "", o->lng);
		ret = cmd_usage_error(p->spec, "option '%s' is ambiguous: %s", p->name, b.buf);
		ml_buf_release(&b);
		return stop(p, ret);
	}
	if (!match) {
		const char *near;

		FOR_EACH_OPT(o, p->spec)
		if (o->lng && !(o->flags & CMD_OPT_HIDDEN))
			ml_strvec_push_owned(&names, ml_xasprintf("--%s", o->lng));
		near = ml_suggest(p->name, (const char *const *)names.v, names.n);
		ret = near ? cmd_usage_error(p->spec, "unknown option '%s'; did you mean '%s'?",
					     p->name, near)
			   : cmd_usage_error(p->spec, "unknown option '%s'", p->name);
		ml_strvec_release(&names);
		return stop(p, ret);
	}
	free(p->name);
	p->name = ml_xasprintf("--%s", match->lng);
	if (!match->arg) {
		if (eq)
			return stop(
			    p, cmd_usage_error(p->spec, "option '%s' takes no value", p->name));
		return found(p, match);
	}
	if (eq)
		p->val = eq + 1;
	else if (match->flags & CMD_OPT_OPTIONAL)
		p->val = NULL;
	else if (p->i < p->argc)
		p->val = p->argv[p->i++];
	else
		return stop(p, cmd_usage_error(p->spec, "option '%s' needs a value", p->name));
	return found(p, match);
}

static int short_option(struct cmd_parser *p)
{
	char c = *p->cluster++;
	const struct cmd_opt *match = find_short(p->spec, c);

	free(p->name);
	p->name = ml_xasprintf("-%c", c);
	if (!match)
		return stop(p, cmd_usage_error(p->spec, "unknown option '-%c'", c));
	if (!match->arg) {
		if (!*p->cluster)
			p->cluster = NULL;
		return found(p, match);
	}
	/* -j4 or -j 4 */
	if (*p->cluster)
		p->val = p->cluster;
	else if (p->i < p->argc)
		p->val = p->argv[p->i++];
	else
		return stop(p, cmd_usage_error(p->spec, "option '-%c' needs a value", c));
	p->cluster = NULL;
	return found(p, match);
}

int cmd_parse_next(struct cmd_parser *p)
{
	p->val = NULL;
	if (p->cluster)
		return short_option(p);
	while (p->i < p->argc) {
		const char *a = p->argv[p->i++];

		if (p->done || a[0] != '-' || !a[1]) {
			ml_strvec_push(&p->args, a);
			if (p->spec->flags & CMD_SPEC_STOP)
				p->done = true;
			continue;
		}
		if (!strcmp(a, "--")) {
			p->done = true;
			continue;
		}
		if (a[1] == '-')
			return long_option(p, a + 2);
		p->cluster = a + 1;
		return short_option(p);
	}
	return 0;
}

/* ---- help, man page and completion: one writer, two formats ---- */

struct doc {
	FILE *f;
	bool roff;
};

#define WIDTH 80 /* of the help's lines */

/*
 * Text filled into lines of at most WIDTH columns, every line indented by `indent` (the
 * first one is already `col` columns in). '\n' is a space, except before a line that
 * starts with a space: such lines (tables) are printed as written.
 */
static void fill(FILE *f, const char *text, size_t col, size_t indent)
{
	const char *p = text;
	bool fresh = true;  /* nothing on this line yet */
	bool table = false; /* the line is a table's: the text after it starts a new one */

	while (*p) {
		size_t n;

		if (*p == '\n') {
			p++;
			if (*p == ' ' || *p == '\n') {
				/* a table line, or a paragraph break kept */
				size_t k = strcspn(p, "\n");

				if (*p == '\n') {
					fputc('\n', f);
					col = 0, fresh = true;
					continue;
				}
				fprintf(f, "\n%*s%.*s", (int)indent, "", (int)k, p);
				col = indent + k;
				p += k;
				fresh = false;
				table = true;
			} else if (table) {
				fprintf(f, "\n%*s", (int)indent, "");
				col = indent, fresh = true, table = false;
			}
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		n = strcspn(p, " \n");
		if (!fresh && col + 1 + n > WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent, fresh = true;
		} else if (!fresh) {
			fputc(' ', f);
			col++;
		} else if (col < indent) {
			fprintf(f, "%*s", (int)(indent - col), "");
			col = indent;
		}
		fprintf(f, "%.*s", (int)n, p);
		col += n;
		fresh = false;
		p += n;
	}
	fputc('\n', f);
}

/* Text for roff: '-' and '\' escaped, a line never starts with '.' or '\''. */
static void roff_text(FILE *f, const char *s, size_t n)
{
	bool bol = true;

	for (size_t i = 0; i < n; i++) {
		if (bol && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", f);
		bol = s[i] == '\n';
		if (s[i] == '-')
			fputs("\\-", f);
		else if (s[i] == '\\')
			fputs("\\e", f);
		else
			fputc(s[i], f);
	}
}

static void put(const struct doc *d, const char *s)
{
	if (d->roff)
		roff_text(d->f, s, strlen(s));
	else
		fputs(s, d->f);
}

/* "options:" */
static void heading(const struct doc *d, const char *title)
{
	if (d->roff)
		fprintf(d->f, ".PP\n\\fB%s\\fR\n", title);
	else
		fprintf(d->f, "\n%s\n", title);
}

/* Paragraphs separated by blank lines; lines kept as written. */
static void paragraphs(const struct doc *d, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n && p[n - 1] == '\n')
			n--;
		if (d->roff) {
			fputs(".PP\n", d->f);
			roff_text(d->f, p, n);
			fputc('\n', d->f);
		} else {
			char *para = ml_strndup(p, n);

			fputc('\n', d->f);
			if (*para == ' ') {
				fprintf(d->f, "%s\n", para);
			} else {
				/* a table's lines keep their place: fill() keeps indented lines */
				fill(d->f, para, 0, 0);
			}
			free(para);
		}
		if (!end)
			break;
		p = end + 2;
	}
}

/* "-q, --quiet" or "--repo SPEC" */
static void opt_tag(struct ml_buf *b, const struct cmd_opt *o)
{
	if (o->shrt && o->lng)
		ml_buf_addf(b, "-%c, --%s", o->shrt, o->lng);
	else if (o->shrt)
		ml_buf_addf(b, "-%c", o->shrt);
	else
		ml_buf_addf(b, "--%s", o->lng);
	if (o->arg && (o->flags & CMD_OPT_OPTIONAL))
		ml_buf_addf(b, "[=%s]", o->arg);
	else if (o->arg)
		ml_buf_addf(b, " %s", o->arg);
}

#define HELP_COL 24 /* where an option's help starts */

static void option(const struct doc *d, const struct cmd_opt *o)
{
	struct ml_buf tag = ML_BUF_INIT, body = ML_BUF_INIT;

	opt_tag(&tag, o);
	ml_buf_adds(&body, o->help);
	if (o->flags & CMD_OPT_REPEAT)
		ml_buf_adds(&body, " (repeatable)");
	if (o->dflt)
		ml_buf_addf(&body, " [default: %s]", o->dflt);
	if (d->roff) {
		fputs(".TP\n\\fB", d->f);
		roff_text(d->f, tag.buf, tag.len);
		fputs("\\fR\n", d->f);
		roff_text(d->f, body.buf, body.len);
		fputc('\n', d->f);
	} else if (tag.len + 3 > HELP_COL) {
		fprintf(d->f, "  %s\n", tag.buf);
		fill(d->f, body.buf, 0, HELP_COL);
	} else {
		fprintf(d->f, "  %-*s", HELP_COL - 2, tag.buf);
		fill(d->f, body.buf, HELP_COL, HELP_COL);
	}
	ml_buf_release(&tag);
	ml_buf_release(&body);
}

/* "CODE\ttext\n" lines as a two-column list. */
static void table(const struct doc *d, const char *lines, const char *indent)
{
	for (const char *p = lines; *p;) {
		size_t n = strcspn(p, "\n"), k = strcspn(p, "\t");

		if (k > n)
			k = n;
		if (d->roff) {
			fputs(".TP\n", d->f);
			roff_text(d->f, p, k);
			fputc('\n', d->f);
			if (k < n)
				roff_text(d->f, p + k + 1, n - k - 1);
			fputc('\n', d->f);
		} else if (indent) {
			char *t = ml_strndup(p + k + (k < n), n - k - (k < n));

			fprintf(d->f, "  %.*s\n%s", (int)k, p, indent);
			fill(d->f, t, strlen(indent), strlen(indent));
			free(t);
		} else {
			fprintf(d->f, "  %-4.*s%.*s\n", (int)k, p, (int)(k < n ? n - k - 1 : 0),
				p + k + 1);
		}
		p += n + (p[n] == '\n');
	}
}

/* The synopsis, wrapped under the command's name. */
static void synopsis(struct ml_buf *b, const struct cmd_spec *spec)
{
	size_t indent, col;

	if (spec->usage) {
		ml_buf_adds(b, spec->usage);
		return;
	}
	ml_buf_addf(b, "usage: %s%s%s", prog_of(spec), is_main(spec) ? "" : " ",
		    is_main(spec) ? "" : spec->name);
	indent = col = b->len;
	FOR_EACH_OPT(o, spec)
	{
		struct ml_buf w = ML_BUF_INIT;

		if (o->flags & (CMD_OPT_HIDDEN | CMD_OPT_NO_SYN) || o->id == CMD_OPT_ID_HELP)
			continue;
		if ((o->flags & CMD_OPT_SYN_SHORT) || !o->lng)
			ml_buf_addf(&w, "[-%c%s%s]", o->shrt, o->arg ? " " : "",
				    o->arg ? o->arg : "");
		else if (o->arg && (o->flags & CMD_OPT_OPTIONAL))
			ml_buf_addf(&w, "[--%s[=%s]]", o->lng, o->arg);
		else
			ml_buf_addf(&w, "[--%s%s%s]", o->lng, o->arg ? " " : "",
				    o->arg ? o->arg : "");
		if (o->flags & CMD_OPT_REPEAT)
			ml_buf_adds(&w, "...");
		if (col + 1 + w.len > WIDTH && col > indent) {
			ml_buf_addf(b, "\n%*s", (int)indent, "");
			col = indent;
		}
		ml_buf_addf(b, " %s", w.buf);
		col += 1 + w.len;
		ml_buf_release(&w);
	}
	if (spec->args && *spec->args) {
		if (col + 1 + strlen(spec->args) > WIDTH) {
			ml_buf_addf(b, "\n%*s", (int)indent, "");
		}
		ml_buf_addf(b, " %s", spec->args);
	}
}

static const char base_exits[] = "0\tsuccess\n1\tfailure\n";
static const char usage_exit[] = "64\tusage error (unknown option, missing value, ...)\n";

static void spec_doc(const struct doc *d, const struct cmd_spec *spec)
{
	struct ml_buf b = ML_BUF_INIT;
	bool any = false;

	synopsis(&b, spec);
	if (d->roff) {
		fputs(".nf\n", d->f);
		roff_text(d->f, b.buf, b.len);
		fputs("\n.fi\n", d->f);
	} else {
		fprintf(d->f, "%s\n", b.buf);
	}
	ml_buf_release(&b);
	if (spec->description)
		paragraphs(d, spec->description);
	FOR_EACH_OPT(o, spec)
	if (!(o->flags & CMD_OPT_HIDDEN)) {
		if (!any)
			heading(d, "options:");
		any = true;
		option(d, o);
	}
	if (spec->flags & CMD_SPEC_NO_COMMON)
		return;
	heading(d, "exit status:");
	b = (struct ml_buf)ML_BUF_INIT;
	ml_buf_adds(&b, base_exits);
	if (spec->exits)
		ml_buf_adds(&b, spec->exits);
	ml_buf_adds(&b, usage_exit);
	table(d, b.buf, NULL);
	ml_buf_release(&b);
	if (spec->examples) {
		heading(d, "examples:");
		table(d, spec->examples, "      ");
	}
}

void cmd_spec_help(FILE *f, const struct cmd_spec *spec)
{
	struct doc d = { f, false };

	spec_doc(&d, spec);
}

/* Whether o's id is among the options of table t (ended by id 0). */
static bool table_has(const struct cmd_opt *t, int id)
{
	for (; t && t->id; t++)
		if (t->id == id)
			return true;
	return false;
}

void cmd_program_help(FILE *f, const struct cmd_spec *prog, const struct cmd_spec *cmds, size_t n)
{
	struct doc d = { f, false };
	struct ml_buf b = ML_BUF_INIT;

	synopsis(&b, prog);
	fprintf(f, "%s\n", b.buf);
	if (prog->description)
		paragraphs(&d, prog->description);
	heading(&d, "commands:");
	for (size_t i = 0; i < n; i++) {
		ml_buf_reset(&b);
		ml_buf_addf(&b, "%s%s%s", cmds[i].name, cmds[i].args ? " " : "",
			    cmds[i].args ? cmds[i].args : "");
		fprintf(f, "  %-*s", HELP_COL - 2, b.buf);
		if (b.len + 3 > HELP_COL)
			fprintf(f, "\n%*s", HELP_COL, "");
		fill(f, cmds[i].summary ? cmds[i].summary : "", HELP_COL, HELP_COL);
	}
	for (size_t i = 0; i < n; i++) {
		bool any = false;

		for (const struct cmd_opt *o = cmds[i].opts; o && o->id; o++) {
			if ((o->flags & CMD_OPT_HIDDEN) || table_has(prog->opts, o->id))
				continue;
			if (!any) {
				ml_buf_reset(&b);
				ml_buf_addf(&b, "%s options:", cmds[i].name);
				heading(&d, b.buf);
			}
			any = true;
			option(&d, o);
		}
	}
	heading(&d, "options of every command:");
	for (const struct cmd_opt *o = prog->opts; o && o->id; o++)
		if (!(o->flags & CMD_OPT_HIDDEN))
			option(&d, o);
	if (prog->examples) {
		heading(&d, "examples:");
		table(&d, prog->examples, "      ");
	}
	ml_buf_release(&b);
}

static json_t *json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *cmd_spec_json(const struct cmd_spec *spec)
{
	json_t *opts = json_array();

	FOR_EACH_OPT(o, spec)
	if (!(o->flags & CMD_OPT_HIDDEN)) {
		char s[2] = { o->shrt, '\0' };

		json_array_append_new(
		    opts, json_pack("{s:o, s:o, s:o, s:s, s:o, s:b}", "long", json_str(o->lng),
				    "short", o->shrt ? json_string(s) : json_null(), "value",
				    json_str(o->arg), "help", o->help, "default", json_str(o->dflt),
				    "repeatable", (o->flags & CMD_OPT_REPEAT) != 0));
	}
	return json_pack("{s:s, s:o, s:o}", "name", spec->name, "summary", json_str(spec->summary),
			 "options", opts);
}

void cmd_print_man(FILE *f)
{
	struct doc d = { f, true };

	fprintf(f,
		".\\\" generated by `monolock --generate-man`: edit cmd/*.c instead\n"
		".TH MONOLOCK 1 \"\" \"monolock %s\" \"User Commands\"\n"
		".SH NAME\n"
		"monolock \\- lock, pull and build the opam dependencies of an OCaml project\n"
		".SH SYNOPSIS\n",
		ML_VERSION);
	spec_doc(&d, &cmd_main_spec);
	fputs(".SH COMMANDS\n", f);
	for (size_t i = 0; i < cmd_nentries; i++) {
		const struct cmd_spec *s = cmd_entries[i].spec;

		fputs(".SS \"", f);
		put(&d, prog_of(s));
		fputs(" ", f);
		put(&d, s->name);
		fputs("\"\n", f);
		spec_doc(&d, s);
	}
	fputs(".SH ENVIRONMENT\n"
	      ".TP\nXDG_CACHE_HOME\nthe download cache is in $XDG_CACHE_HOME/monolock "
	      "(default ~/.cache/monolock)\n"
	      ".TP\nOPAMROOT\nopam's root, read for its repositories and variables\n"
	      ".TP\nNO_COLOR\nno colour in any output\n"
	      ".SH SEE ALSO\n.BR opam (1),\n.BR dune (1)\n",
	      f);
}

/* The options of spec as a space-separated word list; with values only when `valued`. */
static void opt_words(struct ml_buf *b, const struct cmd_spec *spec, bool valued)
{
	FOR_EACH_OPT(o, spec)
	{
		if (o->flags & CMD_OPT_HIDDEN ||
		    (valued && (!o->arg || o->flags & CMD_OPT_OPTIONAL)))
			continue;
		if (o->lng)
			ml_buf_addf(b, "%s--%s", b->len ? " " : "", o->lng);
		if (o->shrt)
			ml_buf_addf(b, "%s-%c", b->len ? " " : "", o->shrt);
	}
}

void cmd_print_bash_completion(FILE *f)
{
	struct ml_buf b = ML_BUF_INIT;

	fputs("# bash completion for monolock, generated by `monolock --generate-completion "
	      "bash`\n"
	      "_monolock() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal cmd='' i dir=() opts='' valued='' args=none words=''\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n"
	      "\t\t-C) dir=(-C \"${COMP_WORDS[i+1]}\"); i=$((i + 1)) ;;\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tcase $cmd in\n",
	      f);
	opt_words(&b, &cmd_main_spec, false);
	fprintf(f,
		"\t'' | help)\n\t\tif [[ $prev == -C ]]; then\n"
		"\t\t\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n\t\t\treturn\n\t\tfi\n"
		"\t\topts='%s'\n\t\targs=words\n\t\twords='",
		b.buf);
	for (size_t i = 0; i < cmd_nentries; i++)
		fprintf(f, "%s%s", i ? " " : "", cmd_entries[i].spec->name);
	fputs("' ;;\n", f);
	for (size_t i = 0; i < cmd_nentries; i++) {
		const struct cmd_spec *s = cmd_entries[i].spec;
		static const char *const kinds[] = { "none", "files", "dirs", "words" };

		if (!cmd_entries[i].fn)
			continue; /* help: above */
		ml_buf_reset(&b);
		opt_words(&b, s, false);
		fprintf(f, "\t%s)\n\t\topts='%s'\n", s->name, b.buf);
		ml_buf_reset(&b);
		opt_words(&b, s, true);
		fprintf(f, "\t\tvalued='%s'\n\t\targs=%s\n", b.buf, kinds[s->complete]);
		if (s->words)
			fprintf(f, "\t\twords='%s'\n", s->words);
		fputs("\t\t;;\n", f);
	}
	fputs("\tesac\n"
	      "\tif [[ -n $cmd && $cmd != help && \" $valued \" == *\" $prev \"* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "\telif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "\telse\n"
	      "\t\tcase $args in\n"
	      "\t\twords) COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")) ;;\n"
	      "\t\tfiles) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
	      /* not compgen -W: it would expand $(...) in a directory name of the lock */
	      "\t\tdirs)\n"
	      "\t\t\tCOMPREPLY=()\n"
	      "\t\t\twhile IFS= read -r i; do\n"
	      "\t\t\t\t[[ $i == \"$cur\"* ]] && COMPREPLY+=(\"$i\")\n"
	      "\t\t\tdone < <(monolock \"${dir[@]}\" list --dirs 2>/dev/null) ;;\n"
	      "\t\t*) COMPREPLY=() ;;\n"
	      "\t\tesac\n"
	      "\tfi\n"
	      "}\n"
	      "complete -F _monolock monolock\n",
	      f);
	ml_buf_release(&b);
}
