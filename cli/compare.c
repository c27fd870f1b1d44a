// SPDX-License-Identifier: MIT
/*
 * cli/compare: `bpfkasan analyze -C A B`, two earlier reports (CSV or JSON)
 * side by side in veristat's A / B / DIFF layout.  Programs are matched on
 * file and program name; DIFF is B - A.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_CELL 4096 /* a cell being formatted: a path at most */

int report_read(const char *path, struct report_list *l, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	int ret;

	err[0] = '\0';
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	/* a memory stream holds the file whatever its size */
	FILE *m = open_memstream(&text, &len);
	char buf[65536];
	size_t n;

	while (m && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	ret = m && !ferror(f) && !fclose(m) ? 0 : -EIO;
	fclose(f);
	if (ret) {
		snprintf(err, errlen, "%s: cannot read it", path);
		free(text);
		return ret;
	}
	/* JSON reports are objects; a CSV report starts with its header */
	const char *p = text + strspn(text, " \t\r\n");
	ret = *p == '{' ? report_json_read(path, text, l, err, errlen)
			: report_csv_read(path, text, l, err, errlen);
	free(text);
	return ret;
}

/* A grid of cells, laid out as a table or written as CSV at the end;
 * a NULL cell is one strdup() could not make. */
struct grid {
	char **cell;
	unsigned cols;
	size_t rows, cap;
	bool *right;		/* per column: numbers align right */
};

static char **grid_row(struct grid *g)
{
	if (g->rows == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		char **c = realloc(g->cell, cap * g->cols * sizeof(*c));

		if (!c)
			return NULL;
		g->cell = c;
		g->cap = cap;
	}
	memset(&g->cell[g->rows * g->cols], 0, g->cols * sizeof(*g->cell));
	return &g->cell[g->rows++ * g->cols];
}

static bool grid_complete(const struct grid *g)
{
	for (size_t k = 0; k < g->rows * g->cols; k++)
		if (!g->cell[k])
			return false;
	return true;
}

static void grid_free(struct grid *g)
{
	for (size_t k = 0; k < g->rows * g->cols; k++)
		free(g->cell[k]);
	free(g->cell);
	free(g->right);
}

static void grid_print(FILE *out, const struct grid *g, bool csv)
{
	int *width = calloc(g->cols, sizeof(*width));

	for (size_t r = 0; width && r < g->rows; r++)
		for (unsigned c = 0; c < g->cols; c++)
			if ((int)strlen(g->cell[r * g->cols + c]) > width[c])
				width[c] = (int)strlen(g->cell[r * g->cols + c]);
	for (size_t r = 0; r < g->rows; r++) {
		for (unsigned c = 0; c < g->cols; c++) {
			const char *s = g->cell[r * g->cols + c];
			bool last = c + 1 == g->cols;

			if (csv)
				csv_field(out, s, last);
			else
				table_cell(out, s, width ? width[c] : 0, g->right[c] && r, last);
		}
		if (!csv && width && (r == 0 || r + 2 == g->rows)) /* under the header, above the total */
			table_rule(out, width, g->cols);
	}
	free(width);
}

static void put(char **row, unsigned col, const char *s)
{
	free(row[col]);
	row[col] = strdup(s);
}

static void header(char **row, const enum col_id *cols, unsigned cnt, bool csv)
{
	static const char *side[] = { "A", "B", "DIFF" }, *csv_side[] = { "a", "b", "diff" };
	char text[MAX_CELL];

	put(row, 0, csv ? "file" : "File");
	put(row, 1, csv ? "prog" : "Program");
	for (unsigned k = 0; k <= cnt; k++)
		for (unsigned s = 0; s < 3; s++) {
			enum col_id c = k ? cols[k - 1] : COL_VERDICT;

			if (csv)
				snprintf(text, sizeof(text), "%s_%s", report_columns[c].name, csv_side[s]);
			else
				snprintf(text, sizeof(text), "%s (%s)", report_columns[c].header, side[s]);
			put(row, 2 + k * 3 + s, text);
		}
}

/* B - A; the table adds the relative change, as veristat does. */
static void diff_cell(const struct prog_report *a, const struct prog_report *b, enum col_id c,
		      bool csv, char *out)
{
	double x, y, d;
	int prec = c == COL_RATE || c == COL_TIME || c == COL_Z3_TIME ? 1 : 0;

	if (!a || !b || !col_value(a, c, &x) || !col_value(b, c, &y)) {
		snprintf(out, MAX_CELL, "-");
		return;
	}
	d = y - x;
	if (d == 0)
		d = 0; /* no "-0" */
	if (csv)
		snprintf(out, MAX_CELL, "%.*f", prec, d);
	else if (c == COL_RATE || x == 0)
		snprintf(out, MAX_CELL, "%+.*f%s", prec, d, c == COL_RATE ? " pts" : "");
	else
		snprintf(out, MAX_CELL, "%+.*f (%+.1f%%)", prec, d, 100.0 * d / x);
}

static void verdict_diff(const struct prog_report *a, const struct prog_report *b, char *out)
{
	if (!a || !b)
		snprintf(out, MAX_CELL, "only in %s", a ? "A" : "B");
	else if (!strcmp(a->file, "total"))
		snprintf(out, MAX_CELL, "-");
	else
		snprintf(out, MAX_CELL, "%s", strcmp(a->verdict, b->verdict) ? "MISMATCH" : "MATCH");
}

static void row_cells(char **row, const struct prog_report *a, const struct prog_report *b,
		      const enum col_id *cols, unsigned cnt, bool csv)
{
	const struct prog_report *any = a ? a : b;
	char text[MAX_CELL];

	put(row, 0, any->file);
	put(row, 1, any->program);
	for (unsigned k = 0; k <= cnt; k++) {
		enum col_id c = k ? cols[k - 1] : COL_VERDICT;
		const struct prog_report *side[] = { a, b };

		for (unsigned s = 0; s < 2; s++) {
			if (side[s])
				col_format(side[s], c, !csv, text, sizeof(text));
			put(row, 2 + k * 3 + s, side[s] ? text : "-");
		}
		if (k)
			diff_cell(a, b, c, csv, text);
		else
			verdict_diff(a, b, text);
		put(row, 2 + k * 3 + 2, text);
	}
}

static const struct prog_report *find(const struct report_list *l, const struct prog_report *r)
{
	for (size_t i = 0; i < l->cnt; i++)
		if (!strcmp(l->v[i].file, r->file) && !strcmp(l->v[i].program, r->program))
			return &l->v[i];
	return NULL;
}

/* One row per program of A (matched in B or not), then B's own, then the totals. */
static int fill(struct grid *g, const struct report_list *a, const struct report_list *b,
		const enum col_id *cols, unsigned cnt, bool csv)
{
	struct prog_report ta = { 0 }, tb = { 0 };
	char **row = grid_row(g);
	int ret = -ENOMEM;

	if (!row)
		return ret;
	header(row, cols, cnt, csv);
	for (size_t i = 0; i < a->cnt + b->cnt; i++) {
		const struct prog_report *ra = i < a->cnt ? &a->v[i] : NULL;
		const struct prog_report *rb = ra ? find(b, ra) : &b->v[i - a->cnt];

		if (!ra && find(a, rb))
			continue; /* shown with its A row */
		if (!(row = grid_row(g)))
			return ret;
		row_cells(row, ra, rb, cols, cnt, csv);
	}
	if (!report_sum(a->v, a->cnt, &ta) && !report_sum(b->v, b->cnt, &tb) && (row = grid_row(g))) {
		row_cells(row, &ta, &tb, cols, cnt, csv);
		put(row, 1, "-");
		ret = 0;
	}
	report_free(&ta);
	report_free(&tb);
	return ret || !grid_complete(g) ? -ENOMEM : 0;
}

int report_compare(FILE *out, const char *pa, const char *pb, enum report_format fmt,
		   const enum col_id *cols, unsigned col_cnt)
{
	struct report_list a = { 0 }, b = { 0 };
	struct grid g = { .cols = 2 + 3 * (col_cnt + 1) };
	char err[512];
	int ret;

	if ((ret = report_read(pa, &a, err, sizeof(err))) || (ret = report_read(pb, &b, err, sizeof(err)))) {
		fprintf(stderr, "bpfkasan: %s\n", err);
		goto out;
	}
	g.right = calloc(g.cols, sizeof(*g.right));
	if (!g.right || (ret = fill(&g, &a, &b, cols, col_cnt, fmt == FMT_CSV))) {
		ret = -ENOMEM;
		fprintf(stderr, "bpfkasan: out of memory\n");
		goto out;
	}
	for (unsigned c = 5; c < g.cols; c++)
		g.right[c] = true;
	grid_print(out, &g, fmt == FMT_CSV);
out:
	grid_free(&g);
	report_list_free(&a);
	report_list_free(&b);
	return ret;
}
