// SPDX-License-Identifier: MIT
/*
 * cli/listing: `bpfkasan analyze`'s default output and -v.
 *
 * Per program: a header, verifier-ext's verdict, the count of each smt/
 * verdict, then the memory accesses (with -v every instruction) in the
 * kernel verifier log's syntax, under the C source line they came from
 * (BTF line info, printed as the log prints it: "; text @ file:line"
 * whenever the line changes).  Under each access: its verdict and reason,
 * the counterexample Z3 found if any, and every abstract pointer
 * verifier-ext saw there.  Colours only mark what the text already says,
 * so a piped listing loses nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"

/* SGR codes; the verdicts take traffic-light colours. */
#define C_OFF "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_MAGENTA "\033[35m"
#define C_CYAN "\033[36m"

static const char *paint(const struct listing_style *s, const char *code)
{
	return s->color ? code : "";
}

static const char *verdict_color(enum smt_verdict v)
{
	switch (v) {
	case SMT_ELIDED: return C_GREEN;
	case SMT_CHECKED: return C_RED;
	case SMT_STACK_PROTECTED: return C_YELLOW;
	case SMT_PROBE: return C_MAGENTA;
	case SMT_UNREACHABLE: return C_DIM;
	}
	return "";
}

int listing_color(const char *when, bool *on)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (!strcmp(when, "always"))
		*on = true;
	else if (!strcmp(when, "never"))
		*on = false;
	else if (!strcmp(when, "auto"))
		/* https://no-color.org: a non-empty NO_COLOR turns off the default */
		*on = isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
		      !(term && !strcmp(term, "dumb"));
	else
		return -EINVAL;
	return 0;
}

/* Names what the instruction alone cannot: kfuncs, maps. */
struct name_ctx {
	const struct obj *o;
	const struct obj_prog *p;
	size_t idx;
	char buf[96];
};

static const char *call_name(void *ctx, const struct bpf_insn *insn)
{
	struct name_ctx *n = ctx;

	if (isa_is_kfunc_call(insn))
		return n->p->origin[n->idx].sym;
	return NULL;
}

static const char *imm_name(void *ctx, const struct bpf_insn *insn, uint64_t full_imm)
{
	struct name_ctx *n = ctx;
	const struct obj_map *m = obj_insn_map(n->o, insn);

	if (!m)
		return NULL;
	if (insn->src_reg == BPF_PSEUDO_MAP_FD)
		snprintf(n->buf, sizeof(n->buf), "map[%s]", m->name);
	else
		snprintf(n->buf, sizeof(n->buf), "map[%s][0]+%u", m->name, (uint32_t)(full_imm >> 32));
	return n->buf;
}

void disasm_insn(const struct obj *o, const struct obj_prog *p, size_t i, char *text, size_t len)
{
	struct name_ctx n = { o, p, i, { 0 } };
	struct isa_disasm_cbs cbs = { call_name, imm_name, &n };

	isa_disasm(&p->insns[i], p->insn_cnt - i, &cbs, true, text, len);
}

const char *cli_prog_type(enum bpf_prog_type t)
{
	const char *s = libbpf_bpf_prog_type_str(t);

	return s ? s : "unknown";
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The source line above the instructions it produced, as the verifier log prints it. */
static void print_line(const struct listing_style *s, const struct obj_line *l)
{
	const char *text = l->text ? l->text : "";

	while (*text == ' ' || *text == '\t') /* the kernel's ltrim() */
		text++;
	printf("%s; %s @ %s:%u%s\n", paint(s, C_CYAN), text, basename_of(l->file ? l->file : "?"),
	       l->line, paint(s, C_OFF));
}

/* One abstract pointer seen at an access, in the verifier log's words. */
static void print_seen(const struct obj *o, const struct access_seen *s)
{
	printf("          %s", vx_region_name(s->region));
	if (s->map_idx >= 0 && (size_t)s->map_idx < o->map_cnt)
		printf("(map=%s)", o->maps[s->map_idx].name);
	if (s->region == VX_REGION_STACK && s->frameno)
		printf("[frame %u]", s->frameno);
	printf(" off=%d", s->off);
	if (s->var_mask)
		printf(" var=[%lld,%lld] var_off=(%#llx; %#llx)", (long long)s->smin,
		       (long long)s->smax, (unsigned long long)s->var_value,
		       (unsigned long long)s->var_mask);
	else if (s->var_value)
		printf(" var=%lld", (long long)s->var_value);
	printf(" size=%u region_size=%llu\n", s->size, (unsigned long long)s->region_size);
}

/*
 * Where Z3's counterexample puts the access, in KASAN's words, so that it
 * reads like the report `bpfkasan run` would make if it happened.
 */
static void print_cex(const struct listing_style *s, const struct smt_access *a, int size)
{
	long long off = a->cex_offset, end = off + size, obj = (long long)a->cex_region_size;

	printf("          %scounterexample:%s bytes [%lld, %lld) of a %lld-byte object: ",
	       paint(s, C_RED), paint(s, C_OFF), off, end, obj);
	if (off >= obj)
		printf("%lld bytes to the right of it\n", off - obj);
	else if (off < 0)
		printf("%lld bytes to the left of it\n", -off);
	else
		printf("its last %lld bytes past the end\n", end - obj);
}

static void print_verdict(const struct listing_style *s, const struct vx_result *r)
{
	if (r->verdict == VX_ACCEPTED)
		printf("  verdict: %saccepted%s, %u insns processed, %u states (peak %u)\n",
		       paint(s, C_GREEN), paint(s, C_OFF), r->insns_processed, r->states_total,
		       r->peak_states);
	else if (r->verdict == VX_REJECTED)
		printf("  verdict: %srejected%s at insn %d: %s (%u insns processed)\n", paint(s, C_RED),
		       paint(s, C_OFF), r->err_insn, r->msg, r->insns_processed);
	else
		printf("  verdict: %s\n", r->msg);
}

static void print_cert(const struct listing_style *s, const struct smt_cert *c)
{
	unsigned n[SMT_UNREACHABLE + 1] = { 0 };

	for (unsigned k = 0; k < c->cnt; k++)
		n[c->acc[k].verdict]++;
	printf("  accesses:");
	for (int v = SMT_ELIDED; v <= SMT_UNREACHABLE; v++)
		printf("%s %s%u %s%s", v ? "," : "", paint(s, n[v] ? verdict_color(v) : ""), n[v],
		       smt_verdict_name(v), paint(s, n[v] ? C_OFF : ""));
	printf(" (Z3: %u queries, %.2f s, query median %.1f ms p95 %.1f ms max %.1f ms;"
	       " %u of %u candidate invariants held)\n",
	       c->queries, c->seconds, c->query_median_ms, c->query_p95_ms, c->query_max_ms,
	       c->survived, c->candidates);
}

static void print_header(const struct obj *o, const struct obj_prog *p, const struct listing_style *s)
{
	size_t accesses = 0;

	for (size_t i = 0; i < p->insn_cnt; i++)
		if (isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE)
			accesses++;
	printf("%s%s: program %s, section %s, type %s: %zu insns, %zu subprogs, %zu memory accesses%s\n",
	       paint(s, C_BOLD), o->path, p->name, p->sec_name, cli_prog_type(p->type), p->insn_cnt,
	       p->subprog_cnt - 1, accesses, paint(s, C_OFF));
	if (p->core.total) {
		printf("  CO-RE: %u relocations, %u applied, %u poisoned, %u left at compiled values",
		       p->core.total, p->core.applied, p->core.poisoned, p->core.left);
		if (o->core_btf_path)
			printf(" (target %s)", o->core_btf_path);
		putchar('\n');
	}
	if (p->unresolved_externs)
		printf("  %u kfunc/ksym references left unresolved\n", p->unresolved_externs);
}

/* Instruction i; an access is marked '*' in its verdict's colour. */
static void print_insn(const struct listing_style *s, const struct obj *o, const struct obj_prog *p,
		       size_t i, bool access, const struct smt_access *v)
{
	char text[160];

	disasm_insn(o, p, i, text, sizeof(text));
	printf("%s%c%s%5zu: %s\n", paint(s, v ? verdict_color(v->verdict) : ""), access ? '*' : ' ',
	       paint(s, v ? C_OFF : ""), i, text);
	if (v) {
		printf("          %s%s%s: %s\n", paint(s, verdict_color(v->verdict)),
		       smt_verdict_name(v->verdict), paint(s, C_OFF), v->reason);
		if (v->has_cex)
			print_cex(s, v, isa_access_size(&p->insns[i]));
	}
}

void listing_prog(const struct listing_style *s, const struct obj *o, const struct obj_prog *p,
		  const struct vx_result *r, const struct smt_cert *cert)
{
	const struct obj_line *shown = NULL;

	print_header(o, p, s);
	if (r)
		print_verdict(s, r);
	if (cert)
		print_cert(s, cert);
	for (size_t i = 0; i < p->insn_cnt; i += (size_t)isa_insn_len(&p->insns[i])) {
		bool access = isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE;
		const struct obj_line *l = p->origin[i].line;
		const struct access_fact *f = r ? vx_fact_at(r, (int)i) : NULL;

		if (!s->every_insn && !access)
			continue;
		if (l && (!shown || shown->line != l->line || shown->file != l->file))
			print_line(s, l);
		if (l)
			shown = l;
		print_insn(s, o, p, i, access, f && cert ? &cert->acc[f - r->facts] : NULL);
		if (f && !cert && r->verdict == VX_ACCEPTED && !f->reached)
			printf("          unreachable\n");
		for (unsigned k = 0; f && k < f->seen_cnt; k++)
			print_seen(o, &f->seen[k]);
		if (isa_insn_len(&p->insns[i]) == 2 && i + 1 >= p->insn_cnt)
			break;
	}
}

void listing_totals_add(struct listing_totals *t, const struct obj_prog *p,
			const struct vx_result *r, const struct smt_cert *cert)
{
	t->progs++;
	t->insns += p->insn_cnt;
	if (r)
		t->verdicts[r->verdict]++;
	for (unsigned k = 0; cert && k < cert->cnt; k++)
		t->n[cert->acc[k].verdict]++;
	if (cert) {
		t->z3_queries += cert->queries;
		t->z3_seconds += cert->seconds;
	}
}

void listing_totals_print(const struct listing_style *s, const struct listing_totals *t,
			  size_t files, size_t failed)
{
	unsigned long acc = 0, den;

	for (int v = SMT_ELIDED; v <= SMT_UNREACHABLE; v++)
		acc += t->n[v];
	/* the rate's denominator, as in the table: what a check could guard */
	den = acc - t->n[SMT_STACK_PROTECTED] - t->n[SMT_PROBE] - t->n[SMT_UNREACHABLE];
	printf("%sTotal:%s %zu files", paint(s, C_BOLD), paint(s, C_OFF), files);
	if (failed)
		printf(" (%s%zu not analysed%s)", paint(s, C_RED), failed, paint(s, C_OFF));
	printf(", %u programs (%u accepted, %u rejected, %u unsupported), %lu insns, %lu accesses:",
	       t->progs, t->verdicts[VX_ACCEPTED], t->verdicts[VX_REJECTED],
	       t->verdicts[VX_UNSUPPORTED], t->insns, acc);
	for (int v = SMT_ELIDED; v <= SMT_UNREACHABLE; v++)
		printf("%s %lu %s", v ? "," : "", t->n[v], smt_verdict_name(v));
	if (den)
		printf("; elision rate %.1f%%", 100.0 * (double)t->n[SMT_ELIDED] / (double)den);
	else
		printf("; elision rate -");
	printf("; %lu Z3 queries in %.2f s\n", t->z3_queries, t->z3_seconds);
}
