// SPDX-License-Identifier: MIT
/*
 * cli/report: the columns of `analyze -o table|csv`, and the -e, -s and
 * -f options that select, order and filter the rows (see report.h).
 */
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

const struct column report_columns[COL_COUNT] = {
	[COL_FILE] = { "file", "file_name", "File", false },
	[COL_PROG] = { "prog", "program", "Program", false },
	[COL_TYPE] = { "type", NULL, "Type", false },
	[COL_VERDICT] = { "verdict", NULL, "Verdict", false },
	[COL_INSNS] = { "insns", NULL, "Insns", true },
	[COL_ACCESSES] = { "accesses", NULL, "Accesses", true },
	[COL_ELIDED] = { "elided", NULL, "Elided", true },
	[COL_CHECKED] = { "checked", NULL, "Checked", true },
	[COL_STACK] = { "stack_protected", "stack", "Stack-protected", true },
	[COL_PROBE] = { "probe", NULL, "Probe", true },
	[COL_UNREACHABLE] = { "unreachable", NULL, "Unreachable", true },
	[COL_RATE] = { "rate", "elision_rate", "Elision rate", true },
	[COL_TIME] = { "time_ms", "time", "Time (ms)", true },
	[COL_Z3_QUERIES] = { "z3_queries", NULL, "Z3 queries", true },
	[COL_Z3_TIME] = { "z3_ms", "z3_time", "Z3 time (ms)", true },
};

struct prog_report *report_add(struct report_list *l)
{
	if (l->cnt == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct prog_report *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->cnt], 0, sizeof(l->v[0]));
	l->v[l->cnt].reject_insn = -1;
	l->v[l->cnt].order = l->cnt;
	return &l->v[l->cnt++];
}

void report_free(struct prog_report *r)
{
	for (unsigned k = 0; k < r->acc_cnt; k++) {
		for (unsigned s = 0; s < r->acc[k].seen_cnt; s++)
			free(r->acc[k].seen[s].map);
		free(r->acc[k].seen);
		free(r->acc[k].src_file);
	}
	free(r->acc);
	free(r->file);
	free(r->program);
	free(r->section);
	free(r->type);
	free(r->reject_msg);
}

void report_list_free(struct report_list *l)
{
	for (size_t i = 0; i < l->cnt; i++)
		report_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The accesses a check could cover: stack and probe accesses have their
 * own protection, unreachable ones need none. */
static bool rate_denominator(const struct prog_report *r, double *d)
{
	const uint32_t need = COL_BIT(COL_ACCESSES) | COL_BIT(COL_STACK) | COL_BIT(COL_PROBE) |
			      COL_BIT(COL_UNREACHABLE) | COL_BIT(COL_ELIDED);

	if (r->missing & need)
		return false;
	*d = (double)r->accesses - r->n[SMT_STACK_PROTECTED] - r->n[SMT_PROBE] -
	     r->n[SMT_UNREACHABLE];
	return *d > 0;
}

void report_set_rate(struct prog_report *r)
{
	double d;

	r->rate_set = rate_denominator(r, &d);
	r->rate = r->rate_set ? 100.0 * r->n[SMT_ELIDED] / d : 0;
}

/* The numeric fields a total adds up, by column. */
static double *num_field(struct prog_report *r, enum col_id c, unsigned **u)
{
	*u = NULL;
	switch (c) {
	case COL_INSNS: *u = &r->insns; break;
	case COL_ACCESSES: *u = &r->accesses; break;
	case COL_ELIDED: *u = &r->n[SMT_ELIDED]; break;
	case COL_CHECKED: *u = &r->n[SMT_CHECKED]; break;
	case COL_STACK: *u = &r->n[SMT_STACK_PROTECTED]; break;
	case COL_PROBE: *u = &r->n[SMT_PROBE]; break;
	case COL_UNREACHABLE: *u = &r->n[SMT_UNREACHABLE]; break;
	case COL_Z3_QUERIES: *u = &r->z3_queries; break;
	case COL_TIME: return &r->analysis_ms;
	case COL_Z3_TIME: return &r->z3_ms;
	default: break;
	}
	return NULL;
}

int report_sum(const struct prog_report *rows, size_t cnt, struct prog_report *t)
{
	char progs[48];

	memset(t, 0, sizeof(*t));
	t->reject_insn = -1;
	snprintf(progs, sizeof(progs), "%zu programs", cnt);
	t->file = strdup("total");
	t->program = strdup(progs);
	if (!t->file || !t->program)
		return -ENOMEM;
	for (int c = COL_INSNS; c < COL_COUNT; c++) {
		unsigned *u, *ru;
		double *d = num_field(t, c, &u);
		bool any = false;

		if (!d && !u)
			continue; /* the rate: derived below */
		for (size_t i = 0; i < cnt; i++) {
			double *rd = num_field((struct prog_report *)&rows[i], c, &ru);

			if (rows[i].missing & COL_BIT(c))
				continue;
			any = true;
			if (u)
				*u += *ru;
			else
				*d += *rd;
		}
		if (!any)
			t->missing |= COL_BIT(c);
	}
	report_set_rate(t);
	return 0;
}

bool col_value(const struct prog_report *r, enum col_id c, double *v)
{
	unsigned *u;
	double *d;

	if (r->missing & COL_BIT(c))
		return false;
	if (c == COL_RATE) {
		*v = r->rate;
		return r->rate_set;
	}
	d = num_field((struct prog_report *)r, c, &u);
	if (!d && !u)
		return false;
	*v = u ? *u : *d;
	return true;
}

int col_set(struct prog_report *r, enum col_id c, const char *text)
{
	char **s = c == COL_FILE ? &r->file : c == COL_PROG ? &r->program : c == COL_TYPE ? &r->type : NULL;
	double v = 0, *d;
	unsigned *u;
	char *end;

	if (c == COL_VERDICT) {
		snprintf(r->verdict, sizeof(r->verdict), "%s", text);
		return 0;
	}
	if (s) {
		free(*s);
		*s = strdup(text);
		return *s ? 0 : -ENOMEM;
	}
	if (!strcmp(text, "-")) {
		r->missing |= COL_BIT(c);
		return 0;
	}
	v = strtod(text, &end);
	if (end == text || *end || !isfinite(v) || v < 0)
		return -EINVAL;
	r->missing &= ~COL_BIT(c);
	if (c == COL_RATE) {
		r->rate = v;
		r->rate_set = true;
	} else if ((d = num_field(r, c, &u))) {
		*d = v;
	} else {
		*u = (unsigned)v;
	}
	return 0;
}

static const char *col_text(const struct prog_report *r, enum col_id c)
{
	const char *s = NULL;

	switch (c) {
	case COL_FILE: s = r->file; break;
	case COL_PROG: s = r->program; break;
	case COL_TYPE: s = r->type; break;
	case COL_VERDICT: s = r->verdict; break;
	default: break;
	}
	return s && *s && !(r->missing & COL_BIT(c)) ? s : "-";
}

void col_format(const struct prog_report *r, enum col_id c, bool table, char *buf, size_t len)
{
	double v;

	if (!report_columns[c].numeric)
		snprintf(buf, len, "%s", col_text(r, c));
	else if (!col_value(r, c, &v))
		snprintf(buf, len, "-");
	else if (c == COL_RATE)
		snprintf(buf, len, table ? "%.1f%%" : "%.1f", v);
	else if (c == COL_TIME || c == COL_Z3_TIME)
		snprintf(buf, len, "%.2f", v);
	else
		snprintf(buf, len, "%.0f", v);
}

int col_lookup(const char *name, size_t len)
{
	for (int c = 0; c < COL_COUNT; c++) {
		const struct column *k = &report_columns[c];

		if ((strlen(k->name) == len && !strncmp(k->name, name, len)) ||
		    (k->alias && strlen(k->alias) == len && !strncmp(k->alias, name, len)))
			return c;
	}
	return -1;
}

const char *col_names(void)
{
	static char buf[256];

	if (!buf[0])
		for (int c = 0; c < COL_COUNT; c++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
				 c ? ", " : "", report_columns[c].name);
	return buf;
}

/* Calls fn on each comma-separated item of spec; stops at the first error. */
static int each_item(const char *spec, int (*fn)(const char *item, size_t len, void *ctx), void *ctx)
{
	while (*spec) {
		size_t len = strcspn(spec, ",");
		int ret = fn(spec, len, ctx);

		if (ret)
			return ret;
		spec += len;
		if (*spec == ',')
			spec++;
	}
	return 0;
}

struct parse_ctx {
	void *out;
	unsigned *cnt;
	char *bad;
	size_t badlen;
};

static int bad_item(struct parse_ctx *p, const char *item, size_t len)
{
	snprintf(p->bad, p->badlen, "%.*s", (int)len, item);
	return -1;
}

static int add_col(const char *item, size_t len, void *ctx)
{
	struct parse_ctx *p = ctx;
	enum col_id *cols = p->out;
	int c = col_lookup(item, len);

	if (c < 0 || *p->cnt >= COL_COUNT)
		return bad_item(p, item, len);
	cols[(*p->cnt)++] = c;
	return 0;
}

/* A non-empty comma-separated list, each item given to fn. */
static int parse_list(const char *spec, int (*fn)(const char *item, size_t len, void *ctx),
		      struct parse_ctx *p)
{
	if (!*spec)
		return bad_item(p, "", 0);
	return each_item(spec, fn, p);
}

int cols_parse(const char *spec, enum col_id *cols, unsigned *cnt, char *bad, size_t badlen)
{
	return parse_list(spec, add_col, &(struct parse_ctx){ cols, cnt, bad, badlen });
}

static int add_key(const char *item, size_t len, void *ctx)
{
	struct parse_ctx *p = ctx;
	struct sort_key *keys = p->out;
	const char *colon = memchr(item, ':', len);
	size_t name_len = colon ? (size_t)(colon - item) : len;
	int c = col_lookup(item, name_len);
	bool desc;

	if (c < 0 || *p->cnt >= COL_COUNT)
		return bad_item(p, item, len);
	/* numbers biggest first, as veristat; names in alphabetical order */
	desc = report_columns[c].numeric;
	if (colon) {
		size_t dir_len = len - name_len - 1;

		if (dir_len == 3 && !strncmp(colon + 1, "asc", 3))
			desc = false;
		else if (dir_len == 4 && !strncmp(colon + 1, "desc", 4))
			desc = true;
		else
			return bad_item(p, item, len);
	}
	keys[(*p->cnt)++] = (struct sort_key){ c, desc };
	return 0;
}

int sort_parse(const char *spec, struct sort_key *keys, unsigned *cnt, char *bad, size_t badlen)
{
	return parse_list(spec, add_key, &(struct parse_ctx){ keys, cnt, bad, badlen });
}

/* qsort() has no context argument: the keys of the sort in progress. */
static const struct sort_key *sort_keys;
static unsigned sort_key_cnt;

static int cmp_col(const struct prog_report *a, const struct prog_report *b, enum col_id c)
{
	double x, y;
	bool hx, hy;
	char sa[256], sb[256];

	if (!report_columns[c].numeric) {
		col_format(a, c, false, sa, sizeof(sa));
		col_format(b, c, false, sb, sizeof(sb));
		return strcmp(sa, sb);
	}
	hx = col_value(a, c, &x);
	hy = col_value(b, c, &y);
	if (hx != hy)
		return hx ? 1 : -1; /* no value sorts below every value */
	if (!hx || x == y)
		return 0;
	return x < y ? -1 : 1;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct prog_report *a = pa, *b = pb;

	for (unsigned k = 0; k < sort_key_cnt; k++) {
		int d = cmp_col(a, b, sort_keys[k].col);

		if (d)
			return sort_keys[k].desc ? -d : d;
	}
	/* stable: rows that tie keep the order they were analysed in */
	return a->order < b->order ? -1 : a->order > b->order;
}

void report_sort(struct report_list *l, const struct sort_key *keys, unsigned cnt)
{
	if (!cnt)
		return;
	sort_keys = keys;
	sort_key_cnt = cnt;
	qsort(l->v, l->cnt, sizeof(l->v[0]), cmp_rows);
}

/* The operators of -f, longest first so that "<=" is not read as "<". */
static const struct {
	const char *text;
	enum filter_op op;
} filter_ops[] = {
	{ "<=", F_LE }, { ">=", F_GE }, { "!=", F_NE }, { "==", F_EQ },
	{ "<", F_LT }, { ">", F_GT }, { "=", F_EQ },
};

int filter_parse(const char *expr, struct filter *f, char *err, size_t errlen)
{
	size_t name_len = strcspn(expr, "<>=!");
	const char *rest = expr + name_len;
	int c = col_lookup(expr, name_len);
	unsigned k;

	memset(f, 0, sizeof(*f));
	for (k = 0; k < sizeof(filter_ops) / sizeof(filter_ops[0]); k++)
		if (!strncmp(rest, filter_ops[k].text, strlen(filter_ops[k].text)))
			break;
	if (k == sizeof(filter_ops) / sizeof(filter_ops[0])) {
		snprintf(err, errlen, "no operator (=, !=, <, <=, >, >=) in '%s'", expr);
		return -1;
	}
	if (c < 0) {
		snprintf(err, errlen, "unknown column '%.*s' in '%s' (columns: %s)", (int)name_len, expr,
			 expr, col_names());
		return -1;
	}
	f->col = c;
	f->op = filter_ops[k].op;
	rest += strlen(filter_ops[k].text);
	if (!report_columns[c].numeric) {
		if (f->op != F_EQ && f->op != F_NE) {
			snprintf(err, errlen, "'%s' is text: it takes = or != and a glob, in '%s'",
				 report_columns[c].name, expr);
			return -1;
		}
		f->glob = strdup(rest);
		return f->glob ? 0 : -1;
	}
	char *end;
	f->num = strtod(rest, &end);
	if (end == rest || (*end && strcmp(end, "%")) || !isfinite(f->num)) {
		snprintf(err, errlen, "'%s' wants a number, got '%s'", report_columns[c].name, rest);
		return -1;
	}
	return 0;
}

static bool filter_match(const struct filter *f, const struct prog_report *r)
{
	char text[4096];
	double v;

	if (f->glob) {
		col_format(r, f->col, false, text, sizeof(text));
		return (fnmatch(f->glob, text, 0) == 0) == (f->op == F_EQ);
	}
	if (!col_value(r, f->col, &v))
		return false; /* "-" satisfies no comparison */
	switch (f->op) {
	case F_EQ: return v == f->num;
	case F_NE: return v != f->num;
	case F_LT: return v < f->num;
	case F_LE: return v <= f->num;
	case F_GT: return v > f->num;
	case F_GE: return v >= f->num;
	}
	return false;
}

bool filters_match(const struct filter *f, unsigned cnt, const struct prog_report *r)
{
	for (unsigned k = 0; k < cnt; k++)
		if (!filter_match(&f[k], r))
			return false;
	return true;
}

void filter_free(struct filter *f)
{
	free(f->glob);
	f->glob = NULL;
}
