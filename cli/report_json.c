// SPDX-License-Identifier: MIT
/*
 * cli/report_json: `analyze -o json` and its reader for compare mode,
 * through json-c.  The schema (REPORT_SCHEMA) is cli/analyze-schema.json
 * and bpfkasan(1); a field that changes meaning bumps its version.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/*
 * json-c returns NULL when out of memory, and object_add() takes NULL as
 * JSON null: the writer notes every NULL it was not asked for.
 */
struct jw {
	bool oom;
};

static json_object *nn(struct jw *w, json_object *v)
{
	if (!v)
		w->oom = true;
	return v;
}

static void put(struct jw *w, json_object *o, const char *key, json_object *v)
{
	if (json_object_object_add(o, key, v))
		w->oom = true;
}

static void put_str(struct jw *w, json_object *o, const char *key, const char *s)
{
	put(w, o, key, s ? nn(w, json_object_new_string(s)) : NULL);
}

static void put_int(struct jw *w, json_object *o, const char *key, int64_t v)
{
	put(w, o, key, nn(w, json_object_new_int64(v)));
}

static void put_uint(struct jw *w, json_object *o, const char *key, uint64_t v)
{
	put(w, o, key, nn(w, json_object_new_uint64(v)));
}

/* Times to the microsecond: more digits would only be noise. */
static void put_num(struct jw *w, json_object *o, const char *key, double v, int decimals)
{
	char text[64];

	snprintf(text, sizeof(text), "%.*f", decimals, v);
	put(w, o, key, nn(w, json_object_new_double_s(v, text)));
}

static json_object *seen_json(struct jw *w, const struct seen_report *s)
{
	json_object *o = nn(w, json_object_new_object());

	put_str(w, o, "region", s->region);
	put_str(w, o, "map", s->map);
	put_int(w, o, "off", s->off);
	put_int(w, o, "smin", s->smin);
	put_int(w, o, "smax", s->smax);
	put_uint(w, o, "var_value", s->var_value);
	put_uint(w, o, "var_mask", s->var_mask);
	put_uint(w, o, "size", s->size);
	put_uint(w, o, "region_size", s->region_size);
	return o;
}

static json_object *access_json(struct jw *w, const struct access_report *a)
{
	json_object *o = nn(w, json_object_new_object()), *src = NULL, *cex = NULL;
	json_object *seen = nn(w, json_object_new_array());

	put_int(w, o, "insn", a->insn);
	put_uint(w, o, "elf_section", a->elf_section);
	put_uint(w, o, "section_offset", a->section_offset);
	if (a->src_file) {
		src = nn(w, json_object_new_object());
		put_str(w, src, "file", a->src_file);
		put_uint(w, src, "line", a->src_line);
	}
	put(w, o, "source", src);
	put_str(w, o, "disasm", a->disasm);
	put_str(w, o, "verdict", smt_verdict_name(a->verdict));
	put_str(w, o, "reason", a->reason);
	for (unsigned k = 0; k < a->seen_cnt; k++)
		if (json_object_array_add(seen, seen_json(w, &a->seen[k])))
			w->oom = true;
	put(w, o, "seen", seen);
	if (a->has_cex) {
		cex = nn(w, json_object_new_object());
		put_int(w, cex, "offset", a->cex_offset);
		put_uint(w, cex, "region_size", a->cex_region_size);
	}
	put(w, o, "counterexample", cex);
	return o;
}

static json_object *z3_json(struct jw *w, const struct prog_report *r)
{
	json_object *o;

	if (r->missing & COL_BIT(COL_Z3_TIME))
		return NULL; /* --no-smt */
	o = nn(w, json_object_new_object());
	put_uint(w, o, "queries", r->z3_queries);
	put_num(w, o, "seconds", r->z3_ms / 1000, 6);
	put_num(w, o, "median_ms", r->z3_median_ms, 3);
	put_num(w, o, "p95_ms", r->z3_p95_ms, 3);
	put_num(w, o, "max_ms", r->z3_max_ms, 3);
	return o;
}

static json_object *counts_json(struct jw *w, const struct prog_report *r)
{
	json_object *o = nn(w, json_object_new_object());

	put_uint(w, o, "accesses", r->accesses);
	put_uint(w, o, "elided", r->n[SMT_ELIDED]);
	put_uint(w, o, "checked", r->n[SMT_CHECKED]);
	put_uint(w, o, "stack_protected", r->n[SMT_STACK_PROTECTED]);
	put_uint(w, o, "probe", r->n[SMT_PROBE]);
	put_uint(w, o, "unreachable", r->n[SMT_UNREACHABLE]);
	if (r->rate_set)
		put_num(w, o, "rate", r->rate, 3);
	else
		put(w, o, "rate", NULL);
	return o;
}

static json_object *prog_json(struct jw *w, const struct prog_report *r)
{
	json_object *o = nn(w, json_object_new_object()), *acc = nn(w, json_object_new_array());

	put_str(w, o, "file", r->file);
	put_str(w, o, "program", r->program);
	put_str(w, o, "section", r->section);
	put_str(w, o, "type", r->type);
	put_str(w, o, "verdict", r->verdict);
	put(w, o, "reject_insn", r->reject_insn >= 0 ? nn(w, json_object_new_int(r->reject_insn)) : NULL);
	put_str(w, o, "reject_msg", r->reject_msg);
	put_uint(w, o, "insns", r->insns);
	put_uint(w, o, "insns_processed", r->insns_processed);
	put_uint(w, o, "states", r->states);
	put_num(w, o, "analysis_ms", r->analysis_ms, 3);
	put(w, o, "z3", z3_json(w, r));
	put(w, o, "counts", counts_json(w, r));
	for (unsigned k = 0; k < r->acc_cnt; k++)
		if (json_object_array_add(acc, access_json(w, &r->acc[k])))
			w->oom = true;
	put(w, o, "accesses", acc);
	return o;
}

int report_json(FILE *out, const struct report_list *l, const struct report_meta *m)
{
	struct jw w = { false };
	json_object *root = nn(&w, json_object_new_object()), *progs = nn(&w, json_object_new_array());
	json_object *opts = nn(&w, json_object_new_object());
	const char *text;

	put_str(&w, root, "schema", REPORT_SCHEMA);
	put_str(&w, root, "tool_version", BPFKASAN_VERSION);
	put(&w, opts, "smt", nn(&w, json_object_new_boolean(m->smt)));
	put_uint(&w, opts, "z3_timeout_ms", m->z3_timeout_ms);
	put(&w, root, "options", opts);
	for (size_t i = 0; i < l->cnt; i++)
		if (json_object_array_add(progs, prog_json(&w, &l->v[i])))
			w.oom = true;
	put(&w, root, "programs", progs);
	text = w.oom ? NULL : json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							       JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text) {
		fputs(text, out);
		fputc('\n', out);
	}
	json_object_put(root);
	return text ? 0 : -ENOMEM;
}

/*
 * The reader takes back everything the writer writes, and checks its
 * types: compare mode reads reports, and corpus mode (corpus.c) passes
 * each object's rows from its process to the parent in this format.
 */
static json_object *get(json_object *o, const char *key, enum json_type t)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

static int read_text(json_object *o, const char *key, char **dst)
{
	json_object *v = get(o, key, json_type_string);

	if (!v)
		return -EINVAL;
	*dst = strdup(json_object_get_string(v));
	return *dst ? 0 : -ENOMEM;
}

/* An integer or a double: json-c types them apart, the schema does not. */
static bool read_num(json_object *o, const char *key, double *dst)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return false;
	*dst = json_object_get_double(v);
	return true;
}

static int read_counts(json_object *c, struct prog_report *r)
{
	static const struct { const char *key; enum col_id col; } keys[] = {
		{ "accesses", COL_ACCESSES }, { "elided", COL_ELIDED }, { "checked", COL_CHECKED },
		{ "stack_protected", COL_STACK }, { "probe", COL_PROBE },
		{ "unreachable", COL_UNREACHABLE },
	};
	char text[64];
	double v;

	for (unsigned k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (!read_num(c, keys[k].key, &v))
			return -EINVAL;
		snprintf(text, sizeof(text), "%.0f", v);
		if (col_set(r, keys[k].col, text))
			return -EINVAL;
	}
	r->rate_set = read_num(c, "rate", &r->rate);
	return 0;
}

/* An optional field: absent or null leaves *dst alone. */
static int read_opt_text(json_object *o, const char *key, char **dst)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	return read_text(o, key, dst);
}

static int read_seen(json_object *o, struct seen_report *s)
{
	json_object *region = get(o, "region", json_type_string);
	double d[8];
	static const char *const keys[] = { "off", "smin", "smax", "var_value", "var_mask", "size",
					    "region_size" };
	int ret;

	if (!region)
		return -EINVAL;
	snprintf(s->region, sizeof(s->region), "%s", json_object_get_string(region));
	if ((ret = read_opt_text(o, "map", &s->map)))
		return ret;
	for (unsigned k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (!read_num(o, keys[k], &d[k]))
			return -EINVAL;
	s->off = (int32_t)d[0];
	/* 64-bit values: json-c keeps them exact, a double would not */
	s->smin = json_object_get_int64(json_object_object_get(o, "smin"));
	s->smax = json_object_get_int64(json_object_object_get(o, "smax"));
	s->var_value = json_object_get_uint64(json_object_object_get(o, "var_value"));
	s->var_mask = json_object_get_uint64(json_object_object_get(o, "var_mask"));
	s->size = (unsigned)d[5];
	s->region_size = json_object_get_uint64(json_object_object_get(o, "region_size"));
	return 0;
}

static int read_verdict(json_object *o, enum smt_verdict *v)
{
	json_object *t = get(o, "verdict", json_type_string);

	for (int k = SMT_ELIDED; t && k <= SMT_UNREACHABLE; k++)
		if (!strcmp(json_object_get_string(t), smt_verdict_name(k))) {
			*v = k;
			return 0;
		}
	return -EINVAL;
}

static int read_access(json_object *o, struct access_report *a)
{
	json_object *src = get(o, "source", json_type_object), *cex = get(o, "counterexample", json_type_object);
	json_object *dis = get(o, "disasm", json_type_string), *why = get(o, "reason", json_type_string);
	json_object *seen = get(o, "seen", json_type_array);
	double insn, sec, off, line;
	int ret;

	if (!read_num(o, "insn", &insn) || !read_num(o, "elf_section", &sec) ||
	    !read_num(o, "section_offset", &off) || !dis || !why || !seen || read_verdict(o, &a->verdict))
		return -EINVAL;
	a->insn = (int)insn;
	a->elf_section = (uint32_t)sec;
	a->section_offset = (uint64_t)off;
	snprintf(a->disasm, sizeof(a->disasm), "%s", json_object_get_string(dis));
	snprintf(a->reason, sizeof(a->reason), "%s", json_object_get_string(why));
	if (src) {
		if ((ret = read_text(src, "file", &a->src_file)) || !read_num(src, "line", &line))
			return ret ? ret : -EINVAL;
		a->src_line = (unsigned)line;
	}
	if (cex) {
		if (!read_num(cex, "offset", &off) || !read_num(cex, "region_size", &line))
			return -EINVAL;
		a->has_cex = true;
		a->cex_offset = json_object_get_int64(json_object_object_get(cex, "offset"));
		a->cex_region_size = json_object_get_uint64(json_object_object_get(cex, "region_size"));
	}
	if (!(a->seen = calloc(json_object_array_length(seen) + 1, sizeof(*a->seen))))
		return -ENOMEM;
	for (; a->seen_cnt < json_object_array_length(seen); a->seen_cnt++) {
		json_object *s = json_object_array_get_idx(seen, a->seen_cnt);

		if (!json_object_is_type(s, json_type_object) || (ret = read_seen(s, &a->seen[a->seen_cnt])))
			return json_object_is_type(s, json_type_object) ? ret : -EINVAL;
	}
	return 0;
}

/* Reports that carry them (-o json does; compare mode ignores them). */
static int read_accesses(json_object *p, struct prog_report *r)
{
	json_object *acc = get(p, "accesses", json_type_array);
	int ret;

	if (!acc)
		return 0;
	if (!(r->acc = calloc(json_object_array_length(acc) + 1, sizeof(*r->acc))))
		return -ENOMEM;
	for (; r->acc_cnt < json_object_array_length(acc); r->acc_cnt++) {
		json_object *a = json_object_array_get_idx(acc, r->acc_cnt);

		if (!json_object_is_type(a, json_type_object) || (ret = read_access(a, &r->acc[r->acc_cnt])))
			return json_object_is_type(a, json_type_object) ? ret : -EINVAL;
	}
	return 0;
}

static int read_prog(json_object *p, struct prog_report *r)
{
	json_object *z3 = get(p, "z3", json_type_object), *c = get(p, "counts", json_type_object);
	json_object *v = get(p, "verdict", json_type_string);
	double d = 0;
	int ret;

	if ((ret = read_text(p, "file", &r->file)) || (ret = read_text(p, "program", &r->program)) ||
	    (ret = read_text(p, "type", &r->type)) || (ret = read_text(p, "section", &r->section)))
		return ret;
	if (!v || !c || read_counts(c, r) || !read_num(p, "insns", &d))
		return -EINVAL;
	snprintf(r->verdict, sizeof(r->verdict), "%s", json_object_get_string(v));
	r->insns = (unsigned)d;
	if (!read_num(p, "analysis_ms", &r->analysis_ms))
		return -EINVAL;
	if (z3 && read_num(z3, "queries", &d) && read_num(z3, "seconds", &r->z3_ms)) {
		r->z3_queries = (unsigned)d;
		r->z3_ms *= 1000;
		read_num(z3, "median_ms", &r->z3_median_ms);
		read_num(z3, "p95_ms", &r->z3_p95_ms);
		read_num(z3, "max_ms", &r->z3_max_ms);
	} else {
		r->missing |= COL_BIT(COL_Z3_QUERIES) | COL_BIT(COL_Z3_TIME);
	}
	if (read_num(p, "reject_insn", &d))
		r->reject_insn = (int)d;
	if (read_num(p, "insns_processed", &d))
		r->insns_processed = (unsigned)d;
	if (read_num(p, "states", &d))
		r->states = (unsigned)d;
	if ((ret = read_opt_text(p, "reject_msg", &r->reject_msg)))
		return ret;
	return read_accesses(p, r);
}

int report_json_read(const char *path, const char *text, struct report_list *l, char *err, size_t errlen)
{
	enum json_tokener_error jerr;
	json_object *root = json_tokener_parse_verbose(text, &jerr), *s, *progs;
	int ret = -EINVAL;

	if (!root) {
		snprintf(err, errlen, "%s: not JSON: %s", path, json_tokener_error_desc(jerr));
		return -EINVAL;
	}
	s = get(root, "schema", json_type_string);
	progs = get(root, "programs", json_type_array);
	if (!s || strcmp(json_object_get_string(s), REPORT_SCHEMA) || !progs) {
		snprintf(err, errlen, "%s: not a %s report", path, REPORT_SCHEMA);
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(progs); i++) {
		json_object *p = json_object_array_get_idx(progs, i);
		struct prog_report *r = report_add(l);

		if (!r)
			ret = -ENOMEM;
		else
			ret = json_object_is_type(p, json_type_object) ? read_prog(p, r) : -EINVAL;
		if (ret) {
			snprintf(err, errlen, "%s: programs[%zu]: %s", path, i,
				 ret == -ENOMEM ? "out of memory" : "a field is missing or of the wrong type");
			goto out;
		}
	}
	ret = 0;
out:
	json_object_put(root);
	return ret;
}
