// SPDX-License-Identifier: MIT
/*
 * cli/report_csv: `analyze -o csv` and its reader for compare mode.
 *
 * RFC 4180: a header row of column names, then one record per program; a
 * field holding a comma, a quote or a line break is quoted, quotes inside
 * doubled.  Records end in "\n" (the RFC's CRLF is accepted when read).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void csv_field(FILE *out, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputc(last ? '\n' : ',', out);
}

int report_csv(FILE *out, const struct report_list *l, const struct report_view *v)
{
	char cell[4096];

	for (unsigned k = 0; k < v->col_cnt; k++)
		csv_field(out, report_columns[v->cols[k]].name, k + 1 == v->col_cnt);
	for (size_t i = 0; i < l->cnt; i++)
		for (unsigned k = 0; k < v->col_cnt; k++) {
			col_format(&l->v[i], v->cols[k], false, cell, sizeof(cell));
			csv_field(out, cell, k + 1 == v->col_cnt);
		}
	return 0;
}

/* A CSV record being read: its fields, each NUL-terminated. */
struct csv_record {
	char **field;
	unsigned cnt, cap;
};

static int record_push(struct csv_record *r, char *field)
{
	if (r->cnt == r->cap) {
		unsigned cap = r->cap ? r->cap * 2 : 16;
		char **f = realloc(r->field, cap * sizeof(*f));

		if (!f)
			return -ENOMEM;
		r->field = f;
		r->cap = cap;
	}
	r->field[r->cnt++] = field;
	return 0;
}

/*
 * Parses the record at *pos, unquoting in place (a field never grows),
 * and moves *pos past it.  Returns 0, -EINVAL on a stray quote.
 */
static int csv_next(char **pos, struct csv_record *r)
{
	char *in = *pos, *out = in;

	r->cnt = 0;
	for (;;) {
		char *start = out;
		int ret;

		if (*in == '"') {
			for (in++; *in && !(*in == '"' && in[1] != '"'); in++, out++) {
				if (*in == '"')
					in++; /* "" is one quote */
				*out = *in;
			}
			if (*in != '"')
				return -EINVAL; /* unterminated */
			in++;
		} else {
			while (*in && *in != ',' && *in != '\n' && *in != '\r' && *in != '"')
				*out++ = *in++;
		}
		if (*in != ',' && *in != '\n' && *in != '\r' && *in)
			return -EINVAL; /* a quote inside an unquoted field, or after one */
		char sep = *in;
		*out = '\0';
		if ((ret = record_push(r, start)))
			return ret;
		in += sep != '\0';
		out = in;
		if (sep != ',') {
			if (sep == '\r' && *in == '\n')
				in++;
			*pos = in;
			return 0;
		}
	}
}

/* The header: the column of each field, -1 for names this version lacks. */
static int map_header(const struct csv_record *h, int *col, uint32_t *present)
{
	*present = 0;
	for (unsigned k = 0; k < h->cnt; k++) {
		col[k] = col_lookup(h->field[k], strlen(h->field[k]));
		if (col[k] >= 0)
			*present |= COL_BIT(col[k]);
	}
	return (*present & COL_BIT(COL_FILE)) && (*present & COL_BIT(COL_PROG)) ? 0 : -EINVAL;
}

static int read_row(const struct csv_record *rec, const int *col, unsigned col_cnt,
		    uint32_t present, struct prog_report *r)
{
	r->missing = ~present & (COL_BIT(COL_COUNT) - 1);
	for (unsigned k = 0; k < rec->cnt && k < col_cnt; k++) {
		int ret = col[k] >= 0 ? col_set(r, col[k], rec->field[k]) : 0;

		if (ret)
			return ret;
	}
	if (!(present & COL_BIT(COL_RATE)))
		report_set_rate(r);
	return 0;
}

int report_csv_read(const char *path, const char *text, struct report_list *l, char *err, size_t errlen)
{
	struct csv_record rec = { 0 };
	char *buf = strdup(text), *pos = buf;
	int *col = NULL, ret = -ENOMEM;
	unsigned col_cnt, line = 1;
	uint32_t present;

	err[0] = '\0';
	if (!buf)
		goto out;
	if ((ret = csv_next(&pos, &rec)) || !(col = calloc(rec.cnt, sizeof(*col))) ||
	    (ret = map_header(&rec, col, &present))) {
		ret = ret ? ret : -ENOMEM;
		snprintf(err, errlen, "%s: not a bpfkasan CSV report (no file and prog columns)", path);
		goto out;
	}
	col_cnt = rec.cnt;
	while (*pos) {
		struct prog_report *r;

		line++;
		if ((ret = csv_next(&pos, &rec))) {
			snprintf(err, errlen, "%s: record %u: bad quoting", path, line);
			goto out;
		}
		if (rec.cnt == 1 && !rec.field[0][0])
			continue; /* a blank line */
		if (rec.cnt != col_cnt) {
			snprintf(err, errlen, "%s: record %u: %u fields, the header has %u", path, line,
				 rec.cnt, col_cnt);
			ret = -EINVAL;
			goto out;
		}
		if (!(r = report_add(l)) || (ret = read_row(&rec, col, col_cnt, present, r))) {
			ret = r ? ret : -ENOMEM;
			snprintf(err, errlen, "%s: record %u: %s", path, line,
				 ret == -ENOMEM ? "out of memory" : "a number is malformed");
			goto out;
		}
	}
	ret = 0;
out:
	if (ret == -ENOMEM && !*err)
		snprintf(err, errlen, "%s: out of memory", path);
	free(rec.field);
	free(col);
	free(buf);
	return ret;
}
