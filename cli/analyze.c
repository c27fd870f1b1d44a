// SPDX-License-Identifier: MIT
/*
 * cli: `bpfkasan analyze FILE...`.
 *
 * By default it lists, per program, the verdict of verifier-ext and each
 * memory-access instruction with its index, disassembly, source line and
 * smt's verdict (listing.c).  With -o table|csv|json it turns each program
 * into a struct prog_report instead and hands them to the writers
 * (report.h); with -C it compares two such reports (compare.c).  Many
 * objects are analysed in processes of their own (corpus.c).
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "cli.h"
#include "report.h"

#define MAX_FILTERS 64

struct analyze_args {
	char **files;
	int file_cnt;
	const char *btf;
	bool no_kernel_btf;
	bool verdicts;
	bool log;
	bool strict_alignment;
	const char *prog;
	const char *attach_prog;
	bool no_smt;
	unsigned z3_timeout_ms;
	/* -o, -e, -s, -f, -C */
	enum report_format format;
	bool format_set;
	enum col_id cols[COL_COUNT];
	unsigned col_cnt;
	bool cols_set;		/* by -e: else every column */
	struct sort_key sort[COL_COUNT];
	unsigned sort_cnt;
	struct filter filters[MAX_FILTERS];
	unsigned filter_cnt;
	bool compare;
	/* -v, --color, -j */
	struct listing_style style;
	unsigned jobs;
};

enum { OPT_BTF = 0x100, OPT_COLOR, OPT_VERDICTS, OPT_LOG, OPT_STRICT_ALIGN, OPT_PROG, OPT_ATTACH_PROG, OPT_NO_SMT, OPT_Z3_TIMEOUT };

static const struct argp_option analyze_options[] = {
	{ "btf", OPT_BTF, "FILE", 0,
	  "BTF to apply CO-RE relocations against (raw BTF or an ELF with .BTF); "
	  "'none' leaves them at their compiled values. Default: "
	  "/sys/kernel/btf/vmlinux when present", 0 },
	{ "verbose", 'v', NULL, 0,
	  "list every instruction, not only memory accesses, under its source line", 0 },
	{ "listing", 0, NULL, OPTION_ALIAS, NULL, 0 },
	{ "color", OPT_COLOR, "WHEN", 0,
	  "colour the listing: always, never, or auto (the default: when stdout is a "
	  "terminal and NO_COLOR is unset)", 0 },
	{ "jobs", 'j', "N", 0,
	  "analyse N objects at a time, each in a process of its own (default: the online CPUs)", 0 },
	{ "verdicts", OPT_VERDICTS, NULL, 0,
	  "print one tab-separated line per program: file, program, verdict "
	  "(accepted/rejected/unsupported), rejected insn, insns processed, states, message", 0 },
	{ "log", OPT_LOG, NULL, 0, "print the verifier log (kernel style, log_level 2) to stdout", 0 },
	{ "strict-alignment", OPT_STRICT_ALIGN, NULL, 0,
	  "check alignment as with BPF_F_STRICT_ALIGNMENT", 0 },
	{ "prog", OPT_PROG, "NAME", 0, "only the program NAME", 0 },
	{ "no-smt", OPT_NO_SMT, NULL, 0,
	  "do not run the Z3 proofs: every reached access keeps its check", 0 },
	{ "z3-timeout", OPT_Z3_TIMEOUT, "MS", 0,
	  "time limit of one Z3 query in milliseconds (default 1000); a timeout keeps the check", 0 },
	{ "attach-prog", OPT_ATTACH_PROG, "FILE:PROG", 0,
	  "attach target of fentry/fexit programs that trace a BPF program "
	  "(the kernel's attach_prog_fd): program PROG of object FILE", 0 },
	{ NULL, 0, NULL, 0, "Reports (see bpfkasan(1)):", 1 },
	{ "output", 'o', "FORMAT", 0,
	  "listing (the default), or one row per program: table (veristat's layout, with "
	  "a totals line), csv, json (every access, schema " REPORT_SCHEMA ")", 1 },
	{ "columns", 'e', "COL,...", 0,
	  "the table's or CSV's columns, in order: file, prog, type, verdict, insns, accesses, "
	  "elided, checked, stack_protected, probe, unreachable, rate, time_ms, z3_queries, z3_ms", 1 },
	{ "sort", 's', "COL[:asc|:desc],...", 0,
	  "sort the rows; numbers descending and text ascending unless told", 1 },
	{ "filter", 'f', "EXPR", 0,
	  "keep only the programs where EXPR holds (all of them when repeated): "
	  "prog=GLOB, file!=GLOB, checked>0, rate<50, ...", 1 },
	{ "compare", 'C', NULL, 0,
	  "compare two reports written by -o csv or -o json (FILE is A then B): "
	  "A, B and B - A per program and in total", 1 },
	{ 0 }
};

static void parse_format(struct argp_state *state, struct analyze_args *a, const char *arg)
{
	static const char *names[] = { [FMT_LISTING] = "listing", [FMT_TABLE] = "table",
				       [FMT_CSV] = "csv", [FMT_JSON] = "json" };

	for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (!strcmp(arg, names[k])) {
			a->format = k;
			a->format_set = true;
			return;
		}
	argp_error(state, "-o wants listing, table, csv or json, got '%s'", arg);
}

static void parse_report_opt(struct argp_state *state, struct analyze_args *a, int key, char *arg)
{
	char bad[256];

	if (key == 'e') {
		if (!a->cols_set)
			a->col_cnt = 0; /* the first -e replaces the defaults */
		a->cols_set = true;
		if (cols_parse(arg, a->cols, &a->col_cnt, bad, sizeof(bad)))
			argp_error(state, "-e: unknown column '%s' in '%s' (columns: %s)", bad, arg, col_names());
	} else if (key == 's') {
		if (sort_parse(arg, a->sort, &a->sort_cnt, bad, sizeof(bad)))
			argp_error(state, "-s: bad sort key '%s' in '%s': COL[:asc|:desc], COL one of %s",
				   bad, arg, col_names());
	} else if (a->filter_cnt == MAX_FILTERS) {
		argp_error(state, "-f: at most %d filters", MAX_FILTERS);
	} else if (filter_parse(arg, &a->filters[a->filter_cnt], bad, sizeof(bad))) {
		argp_error(state, "-f: %s", bad);
	} else {
		a->filter_cnt++;
	}
}

/* Options that make no sense together, once all are known. */
static void check_args(struct argp_state *state, const struct analyze_args *a)
{
	bool report = a->format != FMT_LISTING;

	if (a->compare && a->file_cnt != 2)
		argp_error(state, "-C wants two reports, A and B; got %d files", a->file_cnt);
	if (a->compare && a->format == FMT_JSON)
		argp_error(state, "-C writes a table or CSV, not json");
	if (a->compare && (a->sort_cnt || a->filter_cnt))
		argp_error(state, "-s and -f do not apply to -C");
	if (!report && !a->compare && (a->cols_set || a->sort_cnt || a->filter_cnt))
		argp_error(state, "-e, -s and -f go with -o table, csv or json");
	if ((report || a->compare) && (a->verdicts || a->log || a->style.every_insn))
		argp_error(state, "--verdicts, --log and -v (--listing) only go with the default listing, "
			   "not with -o or -C");
}

static error_t parse_analyze(int key, char *arg, struct argp_state *state)
{
	struct analyze_args *a = state->input;

	switch (key) {
	case OPT_BTF:
		if (!strcmp(arg, "none"))
			a->no_kernel_btf = true;
		else
			a->btf = arg;
		return 0;
	case 'v':
		a->style.every_insn = true;
		return 0;
	case OPT_COLOR:
		if (listing_color(arg, &a->style.color))
			argp_error(state, "--color wants always, never or auto, got '%s'", arg);
		return 0;
	case 'j':
		a->jobs = cli_parse_count(state, arg, 1024, "-j wants a number of processes");
		return 0;
	case OPT_VERDICTS:
		a->verdicts = true;
		return 0;
	case OPT_LOG:
		a->log = true;
		return 0;
	case OPT_STRICT_ALIGN:
		a->strict_alignment = true;
		return 0;
	case OPT_PROG:
		a->prog = arg;
		return 0;
	case OPT_NO_SMT:
		a->no_smt = true;
		return 0;
	case OPT_Z3_TIMEOUT:
		a->z3_timeout_ms = cli_parse_count(state, arg, 3600000, "--z3-timeout wants milliseconds");
		return 0;
	case OPT_ATTACH_PROG:
		if (!strchr(arg, ':'))
			argp_error(state, "--attach-prog wants FILE:PROG, got '%s'", arg);
		a->attach_prog = arg;
		return 0;
	case 'o':
		parse_format(state, a, arg);
		return 0;
	case 'e':
	case 's':
	case 'f':
		parse_report_opt(state, a, key, arg);
		return 0;
	case 'C':
		a->compare = true;
		return 0;
	case ARGP_KEY_ARGS:
		a->files = state->argv + state->next;
		a->file_cnt = state->argc - state->next;
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "no BPF object given");
		return 0;
	case ARGP_KEY_END:
		check_args(state, a);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/*
 * --attach-prog FILE:PROG: the BTF prototype of PROG in FILE, the target a
 * fentry/fexit program would get through attach_prog_fd.
 */
static int open_attach_target(const char *spec, struct obj **target, uint32_t *proto)
{
	char path[4096], err[512];
	const char *colon = strrchr(spec, ':');
	struct obj_opts opts = { .no_kernel_btf = true };
	int id;

	snprintf(path, sizeof(path), "%.*s", (int)(colon - spec), spec);
	if (obj_open(path, &opts, target, err, sizeof(err))) {
		fprintf(stderr, "bpfkasan: %s\n", err);
		return -1;
	}
	id = (*target)->btf ? btf__find_by_name_kind((*target)->btf, colon + 1, BTF_KIND_FUNC) : -1;
	if (id <= 0) {
		fprintf(stderr, "bpfkasan: %s: no function '%s' in its BTF\n", path, colon + 1);
		obj_free(*target);
		*target = NULL;
		return -1;
	}
	*proto = btf__type_by_id((*target)->btf, (uint32_t)id)->type;
	return 0;
}


/* What every program of a run shares. */
struct run {
	const struct analyze_args *a;
	const struct obj *target; /* --attach-prog */
	uint32_t target_proto;
	struct report_list reports;
	int status;
	char **files;		/* FILE arguments, @LIST expanded */
	size_t file_cnt;
	struct listing_totals *totals; /* the current file's */
};

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * smt's verdict for every access.  Without summaries (--no-smt) it makes
 * no query: it only sorts out what needs no proof (unreachable, probe,
 * stack), so that every format names the same verdicts.
 */
static int certify(const struct analyze_args *a, const struct obj *o, const struct obj_prog *p,
		   const struct vx_result *r, struct smt_cert *cert)
{
	int ret = smt_certify_program(o, p, r, a->z3_timeout_ms, cert);

	if (ret)
		fprintf(stderr, "bpfkasan: %s: program %s: the Z3 proofs failed to run\n", o->path, p->name);
	else if (a->no_smt && r->verdict == VX_ACCEPTED)
		for (unsigned k = 0; k < cert->cnt; k++)
			if (cert->acc[k].verdict == SMT_CHECKED || cert->acc[k].verdict == SMT_STACK_PROTECTED)
				snprintf(cert->acc[k].reason, sizeof(cert->acc[k].reason),
					 "not proved: --no-smt");
	return ret;
}

static int fill_seen(const struct obj *o, const struct access_seen *s, struct seen_report *out)
{
	snprintf(out->region, sizeof(out->region), "%s", vx_region_name(s->region));
	if (s->map_idx >= 0 && (size_t)s->map_idx < o->map_cnt &&
	    !(out->map = strdup(o->maps[s->map_idx].name)))
		return -ENOMEM;
	out->off = s->off;
	out->smin = s->smin;
	out->smax = s->smax;
	out->var_value = s->var_value;
	out->var_mask = s->var_mask;
	out->size = s->size;
	out->region_size = s->region_size;
	return 0;
}

static int fill_access(const struct obj *o, const struct obj_prog *p, const struct access_fact *f,
		       const struct smt_access *v, struct access_report *a)
{
	const struct obj_insn_origin *org = &p->origin[f->insn];

	a->insn = f->insn;
	a->elf_section = org->sec_idx;
	a->section_offset = (uint64_t)org->sec_insn * sizeof(struct bpf_insn);
	if (org->line) {
		a->src_line = org->line->line;
		if (!(a->src_file = strdup(org->line->file ? org->line->file : "?")))
			return -ENOMEM;
	}
	disasm_insn(o, p, (size_t)f->insn, a->disasm, sizeof(a->disasm));
	a->verdict = v->verdict;
	snprintf(a->reason, sizeof(a->reason), "%s", v->reason);
	a->has_cex = v->has_cex;
	a->cex_offset = v->cex_offset;
	a->cex_region_size = v->cex_region_size;
	if (!(a->seen = calloc(f->seen_cnt ? f->seen_cnt : 1, sizeof(*a->seen))))
		return -ENOMEM;
	for (; a->seen_cnt < f->seen_cnt; a->seen_cnt++)
		if (fill_seen(o, &f->seen[a->seen_cnt], &a->seen[a->seen_cnt]))
			return -ENOMEM;
	return 0;
}

static int fill_report(const struct analyze_args *a, const struct obj *o, const struct obj_prog *p,
		       const struct vx_result *r, const struct smt_cert *cert, struct prog_report *out)
{
	if (!(out->file = strdup(o->path)) || !(out->program = strdup(p->name)) ||
	    !(out->section = strdup(p->sec_name)) || !(out->type = strdup(cli_prog_type(p->type))) ||
	    (r->verdict != VX_ACCEPTED && !(out->reject_msg = strdup(r->msg))))
		return -ENOMEM;
	snprintf(out->verdict, sizeof(out->verdict), "%s", vx_verdict_name(r->verdict));
	out->reject_insn = r->verdict == VX_REJECTED ? r->err_insn : -1;
	out->insns = (unsigned)p->insn_cnt;
	out->insns_processed = r->insns_processed;
	out->states = r->states_total;
	out->z3_queries = cert->queries;
	out->z3_ms = cert->seconds * 1e3;
	out->z3_median_ms = cert->query_median_ms;
	out->z3_p95_ms = cert->query_p95_ms;
	out->z3_max_ms = cert->query_max_ms;
	if (a->no_smt)
		out->missing |= COL_BIT(COL_Z3_QUERIES) | COL_BIT(COL_Z3_TIME);
	out->accesses = r->fact_cnt;
	if (!(out->acc = calloc(r->fact_cnt ? r->fact_cnt : 1, sizeof(*out->acc))))
		return -ENOMEM;
	for (; out->acc_cnt < r->fact_cnt; out->acc_cnt++) {
		out->n[cert->acc[out->acc_cnt].verdict]++;
		if (fill_access(o, p, &r->facts[out->acc_cnt], &cert->acc[out->acc_cnt],
				&out->acc[out->acc_cnt]))
			return -ENOMEM;
	}
	report_set_rate(out);
	return 0;
}

/* The program's row, unless a -f filter drops it. */
static void add_report(struct run *run, const struct obj *o, const struct obj_prog *p,
		       const struct vx_result *r, const struct smt_cert *cert, double ms)
{
	struct prog_report *rep = report_add(&run->reports);

	if (rep && !fill_report(run->a, o, p, r, cert, rep)) {
		rep->analysis_ms = ms;
		if (filters_match(run->a->filters, run->a->filter_cnt, rep))
			return;
	} else {
		fprintf(stderr, "bpfkasan: %s: program %s: out of memory\n", o->path, p->name);
		run->status = CLI_INTERNAL;
	}
	if (rep) {
		report_free(rep);
		run->reports.cnt--;
	}
}

static void analyze_prog(struct run *run, const struct obj *o, const struct obj_prog *p,
			 const struct btf *kbtf)
{
	const struct analyze_args *a = run->a;
	bool report = a->format != FMT_LISTING;
	struct vx_options vo = {
		.strict_alignment = a->strict_alignment,
		.kernel_btf = kbtf,
		.attach_btf = run->target ? run->target->btf : NULL,
		.attach_proto_id = run->target_proto,
		.summaries = !a->no_smt && !a->verdicts,
	};
	struct smt_cert cert = { 0 };
	bool certified = false;
	struct vx_result r;
	struct timespec t0;
	double ms;

	if (a->log) {
		vo.log = stdout;
		vo.log_level = 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (vx_analyze(o, p, &vo, &r)) {
		fprintf(stderr, "bpfkasan: %s: program %s: %s\n", o->path, p->name, r.msg);
		run->status = CLI_INTERNAL;
		return;
	}
	ms = ms_since(&t0);
	if (a->verdicts)
		printf("%s\t%s\t%s\t%d\t%u\t%u\t%s\n", o->path, p->name, vx_verdict_name(r.verdict),
		       r.err_insn, r.insns_processed, r.states_total,
		       r.verdict == VX_ACCEPTED ? "-" : r.msg);
	else {
		/* without summaries (--no-smt) this only sorts out what needs no proof */
		certified = !certify(a, o, p, &r, &cert);
		if (!certified)
			run->status = CLI_INTERNAL;
	}
	if (report && certified)
		add_report(run, o, p, &r, &cert, ms);
	else if (!report && !a->verdicts)
		listing_prog(&a->style, o, p, &r, certified ? &cert : NULL);
	listing_totals_add(run->totals, p, &r, certified ? &cert : NULL);
	smt_cert_free(&cert);
	vx_result_free(&r);
}

/* --prog NAME that the object lacks: name the ones it has. */
static void no_such_prog(struct run *run, const struct obj *o)
{
	char names[512] = "";
	size_t len = 0;

	for (size_t i = 0; i < o->prog_cnt && len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "",
					o->progs[i].name);
	fprintf(stderr, "bpfkasan: %s: no program '%s' (%s%s)\n", o->path, run->a->prog,
		o->prog_cnt ? "it has " : "it has no programs", names);
	run->status = CLI_BAD_INPUT;
}

static void analyze_file(struct run *run, const char *path)
{
	const struct analyze_args *a = run->a;
	struct obj_opts opts = { .btf_path = a->btf, .no_kernel_btf = a->no_kernel_btf };
	char err[512];
	struct obj *o;
	int ret = obj_open(path, &opts, &o, err, sizeof(err));

	if (ret) {
		fprintf(stderr, "bpfkasan: %s\n", err);
		run->status = ret == -ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
		return;
	}
	run->totals->opened = true;
	if (o->prog_cnt == 0 && a->format == FMT_LISTING)
		printf("%s: no programs\n", o->path);
	/* the kernel's types, for BTF-typed pointers and tracing targets */
	struct btf *kbtf = o->core_btf_path ? btf__parse(o->core_btf_path, NULL) : NULL;
	bool found = false;
	for (size_t i = 0; i < o->prog_cnt; i++)
		if (!a->prog || !strcmp(a->prog, o->progs[i].name)) {
			analyze_prog(run, o, &o->progs[i], kbtf);
			found = true;
		}
	/* one object: its own error; a corpus: an error if none has it (cmd_analyze) */
	if (!found && a->prog && run->file_cnt == 1)
		no_such_prog(run, o);
	btf__free(kbtf);
	obj_free(o);
}

static int write_reports(struct run *run)
{
	const struct analyze_args *a = run->a;
	struct report_view v = { a->cols, a->col_cnt };
	struct report_meta m = { !a->no_smt, a->z3_timeout_ms ? a->z3_timeout_ms : SMT_DEFAULT_TIMEOUT_MS };
	int ret;

	report_sort(&run->reports, a->sort, a->sort_cnt);
	if (a->format == FMT_TABLE)
		ret = report_table(stdout, &run->reports, &v);
	else if (a->format == FMT_CSV)
		ret = report_csv(stdout, &run->reports, &v);
	else
		ret = report_json(stdout, &run->reports, &m);
	if (ret)
		fprintf(stderr, "bpfkasan: out of memory writing the report\n");
	return ret ? CLI_INTERNAL : run->status;
}

/* -C: the numeric columns of -e, or those that judge an analysis change. */
static int compare(const struct analyze_args *a)
{
	static const enum col_id defaults[] = { COL_ELIDED, COL_CHECKED, COL_STACK, COL_RATE, COL_Z3_TIME };
	enum col_id cols[COL_COUNT];
	unsigned cnt = 0;
	int ret;

	for (unsigned k = 0; a->cols_set && k < a->col_cnt; k++)
		if (report_columns[a->cols[k]].numeric)
			cols[cnt++] = a->cols[k];
	if (!a->cols_set) {
		memcpy(cols, defaults, sizeof(defaults));
		cnt = sizeof(defaults) / sizeof(defaults[0]);
	}
	ret = report_compare(stdout, a->files[0], a->files[1], a->format, cols, cnt);
	return !ret ? CLI_OK : ret == -ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
}

/*
 * corpus.c's work: one object.  A child starts from an empty report list
 * (the parent's holds earlier objects' rows) and hands its rows back as
 * JSON, the format that keeps every field.
 */
static int analyze_one(void *ctx, size_t k, void *slot, bool child)
{
	struct run *run = ctx;
	struct report_meta m = { !run->a->no_smt, 0 };

	if (child)
		memset(&run->reports, 0, sizeof(run->reports));
	run->status = CLI_OK;
	run->totals = slot;
	analyze_file(run, run->files[k]);
	if (child && run->a->format != FMT_LISTING && report_json(stdout, &run->reports, &m)) {
		fprintf(stderr, "bpfkasan: %s: out of memory writing its report\n", run->files[k]);
		run->status = CLI_INTERNAL;
	}
	return run->status;
}

/* corpus.c's collect: object k's rows, from its child's JSON. */
static int collect_one(void *ctx, size_t k, const char *out)
{
	struct run *run = ctx;
	char err[512];

	if (!report_json_read(run->files[k], out, &run->reports, err, sizeof(err)))
		return CLI_OK;
	fprintf(stderr, "bpfkasan: %s: the analysis's report cannot be read back: %s\n",
		run->files[k], err);
	return CLI_INTERNAL;
}

/* Every object, in processes of their own when there are several. */
static int analyze_files(struct run *run)
{
	const struct analyze_args *a = run->a;
	struct corpus c = {
		.files = (const char *const *)run->files, .cnt = run->file_cnt,
		.jobs = a->jobs ? a->jobs : corpus_default_jobs(),
		.slot_size = sizeof(struct listing_totals), .ctx = run, .work = analyze_one,
		.collect = a->format != FMT_LISTING ? collect_one : NULL,
	};
	struct listing_totals *slots = corpus_slots(run->file_cnt, sizeof(*slots)), sum = { 0 };
	size_t failed = 0;
	int status;

	if (!slots) {
		fprintf(stderr, "bpfkasan: out of memory\n");
		return CLI_INTERNAL;
	}
	status = corpus_run(&c, slots);
	for (size_t k = 0; k < run->file_cnt; k++) {
		const struct listing_totals *t = &slots[k];

		failed += !t->opened;
		sum.progs += t->progs;
		sum.insns += t->insns;
		sum.z3_queries += t->z3_queries;
		sum.z3_seconds += t->z3_seconds;
		for (int v = 0; v <= VX_UNSUPPORTED; v++)
			sum.verdicts[v] += t->verdicts[v];
		for (int v = 0; v <= SMT_UNREACHABLE; v++)
			sum.n[v] += t->n[v];
	}
	corpus_slots_free(slots, run->file_cnt, sizeof(*slots));
	if (a->prog && run->file_cnt > 1 && !sum.progs) {
		fprintf(stderr, "bpfkasan: no program '%s' in any of the %zu objects\n", a->prog,
			run->file_cnt);
		status = status > CLI_BAD_INPUT ? status : CLI_BAD_INPUT;
	}
	/* the listing's last line; the table has its own, CSV and JSON none */
	if (run->file_cnt > 1 && a->format == FMT_LISTING && !a->verdicts && !a->log)
		listing_totals_print(&a->style, &sum, run->file_cnt, failed);
	return status;
}

int cmd_analyze(int argc, char **argv)
{
	static const struct argp argp = { analyze_options, parse_analyze, "FILE...",
		"List the memory accesses (LDX, ST, STX, atomics, LD_ABS/IND) of each "
		"program in BPF ELF objects, as libbpf would load them, with their verdicts; "
		"or summarise them, one row per program (-o); or compare two summaries (-C). "
		"@LIST stands for the files LIST names, one per line.",
		NULL, NULL, NULL };
	struct analyze_args a = { .col_cnt = COL_COUNT };
	struct run run = { .a = &a, .status = CLI_OK };
	struct obj *target = NULL;
	char err[512];

	for (unsigned c = 0; c < COL_COUNT; c++)
		a.cols[c] = c;
	listing_color("auto", &a.style.color);
	if (argp_parse(&argp, argc, argv, 0, NULL, &a))
		return CLI_BAD_INPUT;
	if (a.compare) {
		run.status = compare(&a);
		goto out;
	}
	if (corpus_files(a.files, a.file_cnt, &run.files, &run.file_cnt, err, sizeof(err))) {
		fprintf(stderr, "bpfkasan: %s\n", err);
		run.status = CLI_BAD_INPUT;
		goto out;
	}
	if (a.attach_prog && open_attach_target(a.attach_prog, &target, &run.target_proto)) {
		run.status = CLI_BAD_INPUT;
		goto out;
	}
	run.target = target;
	run.status = analyze_files(&run);
	if (a.format != FMT_LISTING)
		run.status = write_reports(&run);
out:
	report_list_free(&run.reports);
	corpus_files_free(run.files, run.file_cnt);
	for (unsigned k = 0; k < a.filter_cnt; k++)
		filter_free(&a.filters[k]);
	if (target)
		obj_free(target);
	return run.status;
}
