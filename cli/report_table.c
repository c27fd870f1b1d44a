// SPDX-License-Identifier: MIT
/*
 * cli/report_table: `analyze -o table`, veristat's layout: a header, a rule
 * of dashes under each column, one row per program, then a totals line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void table_cell(FILE *out, const char *s, int width, bool right, bool last)
{
	if (last && !right)
		fputs(s, out); /* no trailing blanks */
	else
		fprintf(out, right ? "%*s" : "%-*s", width, s);
	fputs(last ? "\n" : "  ", out);
}

void table_rule(FILE *out, const int *width, unsigned cnt)
{
	for (unsigned k = 0; k < cnt; k++) {
		for (int i = 0; i < width[k]; i++)
			fputc('-', out);
		fputs(k + 1 == cnt ? "\n" : "  ", out);
	}
}

static void widths(const struct report_list *l, const struct report_view *v, int *width)
{
	char cell[4096];

	for (unsigned k = 0; k < v->col_cnt; k++) {
		width[k] = (int)strlen(report_columns[v->cols[k]].header);
		for (size_t i = 0; i < l->cnt; i++) {
			col_format(&l->v[i], v->cols[k], true, cell, sizeof(cell));
			if ((int)strlen(cell) > width[k])
				width[k] = (int)strlen(cell);
		}
	}
}

/* The totals line: every count, whatever columns were selected. */
static void totals(FILE *out, const struct report_list *l, const struct prog_report *t)
{
	unsigned acc = 0, rej = 0, uns = 0;
	char rate[32], z3[64];

	for (size_t i = 0; i < l->cnt; i++) {
		acc += !strcmp(l->v[i].verdict, "accepted");
		rej += !strcmp(l->v[i].verdict, "rejected");
		uns += !strcmp(l->v[i].verdict, "unsupported");
	}
	col_format(t, COL_RATE, true, rate, sizeof(rate));
	if (t->missing & COL_BIT(COL_Z3_TIME))
		snprintf(z3, sizeof(z3), "Z3 not run");
	else
		snprintf(z3, sizeof(z3), "%u Z3 queries in %.1f ms", t->z3_queries, t->z3_ms);
	fprintf(out, "Total: %zu programs (%u accepted, %u rejected, %u unsupported), %u insns, "
		"%u accesses: %u elided, %u checked, %u stack-protected, %u probe, %u unreachable; "
		"elision rate %s; analysis %.1f ms, %s\n",
		l->cnt, acc, rej, uns, t->insns, t->accesses, t->n[SMT_ELIDED], t->n[SMT_CHECKED],
		t->n[SMT_STACK_PROTECTED], t->n[SMT_PROBE], t->n[SMT_UNREACHABLE], rate,
		t->analysis_ms, z3);
}

int report_table(FILE *out, const struct report_list *l, const struct report_view *v)
{
	int *width = calloc(v->col_cnt, sizeof(*width));
	struct prog_report total = { 0 };
	char cell[4096];

	if (!width || report_sum(l->v, l->cnt, &total)) {
		free(width);
		report_free(&total);
		return -ENOMEM;
	}
	widths(l, v, width);
	for (unsigned k = 0; k < v->col_cnt; k++)
		table_cell(out, report_columns[v->cols[k]].header, width[k], false, k + 1 == v->col_cnt);
	table_rule(out, width, v->col_cnt);
	for (size_t i = 0; i < l->cnt; i++)
		for (unsigned k = 0; k < v->col_cnt; k++) {
			enum col_id c = v->cols[k];

			col_format(&l->v[i], c, true, cell, sizeof(cell));
			table_cell(out, cell, width[k], report_columns[c].numeric, k + 1 == v->col_cnt);
		}
	table_rule(out, width, v->col_cnt);
	totals(out, l, &total);
	report_free(&total);
	free(width);
	return 0;
}
