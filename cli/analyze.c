// SPDX-License-Identifier: MIT
/*
 * cli: `bpfkasan analyze FILE...`.
 *
 * For now it lists, per program, each memory-access instruction with its
 * index, disassembly and source line; the verdicts come with verifier-ext
 * and smt.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "object.h"
#include "smt/smt.h"
#include "verifier-ext/verifier.h"

struct analyze_args {
	char **files;
	int file_cnt;
	const char *btf;
	bool no_kernel_btf;
	bool listing;
	bool verdicts;
	bool log;
	bool strict_alignment;
	const char *prog;
	const char *attach_prog;
	bool no_smt;
	unsigned z3_timeout_ms;
};

enum { OPT_BTF = 0x100, OPT_LISTING, OPT_VERDICTS, OPT_LOG, OPT_STRICT_ALIGN, OPT_PROG, OPT_ATTACH_PROG, OPT_NO_SMT, OPT_Z3_TIMEOUT };

static const struct argp_option analyze_options[] = {
	{ "btf", OPT_BTF, "FILE", 0,
	  "BTF to apply CO-RE relocations against (raw BTF or an ELF with .BTF); "
	  "'none' leaves them at their compiled values. Default: "
	  "/sys/kernel/btf/vmlinux when present", 0 },
	{ "listing", OPT_LISTING, NULL, 0, "print every instruction, not only memory accesses", 0 },
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
	{ 0 }
};

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
	case OPT_LISTING:
		a->listing = true;
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
	case OPT_Z3_TIMEOUT: {
		char *end;
		unsigned long v = strtoul(arg, &end, 10);

		if (!*arg || *end || v == 0 || v > 3600000)
			argp_error(state, "--z3-timeout wants milliseconds between 1 and 3600000, got '%s'", arg);
		a->z3_timeout_ms = (unsigned)v;
		return 0;
	}
	case OPT_ATTACH_PROG:
		if (!strchr(arg, ':'))
			argp_error(state, "--attach-prog wants FILE:PROG, got '%s'", arg);
		a->attach_prog = arg;
		return 0;
	case ARGP_KEY_ARGS:
		a->files = state->argv + state->next;
		a->file_cnt = state->argc - state->next;
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "no BPF object given");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
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

static const char *prog_type_name(enum bpf_prog_type t)
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
static void print_line(const struct obj_line *l)
{
	const char *text = l->text ? l->text : "";

	while (*text == ' ' || *text == '\t') /* the kernel's ltrim() */
		text++;
	printf("; %s @ %s:%u\n", text, basename_of(l->file ? l->file : "?"), l->line);
}

static void print_insn(const struct obj *o, const struct obj_prog *p, size_t i, bool access)
{
	struct name_ctx n = { o, p, i, { 0 } };
	struct isa_disasm_cbs cbs = { call_name, imm_name, &n };
	char text[160];

	isa_disasm(&p->insns[i], p->insn_cnt - i, &cbs, true, text, sizeof(text));
	printf("%c%5zu: %s\n", access ? '*' : ' ', i, text);
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

static void print_verdict(const struct vx_result *r)
{
	if (r->verdict == VX_ACCEPTED)
		printf("  verdict: accepted, %u insns processed, %u states (peak %u)\n",
		       r->insns_processed, r->states_total, r->peak_states);
	else if (r->verdict == VX_REJECTED)
		printf("  verdict: rejected at insn %d: %s (%u insns processed)\n", r->err_insn,
		       r->msg, r->insns_processed);
	else
		printf("  verdict: %s\n", r->msg);
}

static void print_cert(const struct smt_cert *c)
{
	unsigned n[SMT_UNREACHABLE + 1] = { 0 };

	for (unsigned k = 0; k < c->cnt; k++)
		n[c->acc[k].verdict]++;
	printf("  accesses: %u elided, %u checked, %u stack-protected, %u probe, %u unreachable"
	       " (Z3: %u queries, %.2f s, query median %.1f ms p95 %.1f ms max %.1f ms;"
	       " %u of %u candidate invariants held)\n",
	       n[SMT_ELIDED], n[SMT_CHECKED], n[SMT_STACK_PROTECTED], n[SMT_PROBE],
	       n[SMT_UNREACHABLE], c->queries, c->seconds, c->query_median_ms, c->query_p95_ms,
	       c->query_max_ms, c->survived, c->candidates);
}

static void print_prog(const struct obj *o, const struct obj_prog *p, bool listing,
		       const struct vx_result *r, const struct smt_cert *cert)
{
	const struct obj_line *shown = NULL;
	size_t accesses = 0;

	for (size_t i = 0; i < p->insn_cnt; i++)
		if (isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE)
			accesses++;
	printf("%s: program %s, section %s, type %s: %zu insns, %zu subprogs, %zu memory accesses\n",
	       o->path, p->name, p->sec_name, prog_type_name(p->type), p->insn_cnt,
	       p->subprog_cnt - 1, accesses);
	if (p->core.total) {
		printf("  CO-RE: %u relocations, %u applied, %u poisoned, %u left at compiled values",
		       p->core.total, p->core.applied, p->core.poisoned, p->core.left);
		if (o->core_btf_path)
			printf(" (target %s)", o->core_btf_path);
		putchar('\n');
	}
	if (p->unresolved_externs)
		printf("  %u kfunc/ksym references left unresolved\n", p->unresolved_externs);
	if (r)
		print_verdict(r);
	if (cert)
		print_cert(cert);
	for (size_t i = 0; i < p->insn_cnt; i += (size_t)isa_insn_len(&p->insns[i])) {
		bool access = isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE;
		const struct obj_line *l = p->origin[i].line;

		if (!listing && !access)
			continue;
		if (l && (!shown || shown->line != l->line || shown->file != l->file))
			print_line(l);
		if (l)
			shown = l;
		print_insn(o, p, i, access);
		const struct access_fact *f = r ? vx_fact_at(r, (int)i) : NULL;
		if (f && cert) {
			const struct smt_access *a = &cert->acc[f - r->facts];

			printf("          %s: %s\n", smt_verdict_name(a->verdict), a->reason);
		} else if (f && r->verdict == VX_ACCEPTED && !f->reached) {
			printf("          unreachable\n");
		}
		for (unsigned k = 0; f && k < f->seen_cnt; k++)
			print_seen(o, &f->seen[k]);
		if (isa_insn_len(&p->insns[i]) == 2 && i + 1 >= p->insn_cnt)
			break;
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

int cmd_analyze(int argc, char **argv)
{
	static const struct argp argp = { analyze_options, parse_analyze, "FILE...",
		"List the memory accesses (LDX, ST, STX, atomics, LD_ABS/IND) of each "
		"program in BPF ELF objects, as libbpf would load them.", NULL, NULL, NULL };
	struct analyze_args a = { 0 };
	int status = CLI_OK;

	struct obj *target = NULL;
	uint32_t target_proto = 0;

	if (argp_parse(&argp, argc, argv, 0, NULL, &a))
		return CLI_BAD_INPUT;
	if (a.attach_prog && open_attach_target(a.attach_prog, &target, &target_proto))
		return CLI_BAD_INPUT;
	for (int f = 0; f < a.file_cnt; f++) {
		struct obj_opts opts = { .btf_path = a.btf, .no_kernel_btf = a.no_kernel_btf };
		char err[512];
		struct obj *o;
		int ret = obj_open(a.files[f], &opts, &o, err, sizeof(err));

		if (ret) {
			fprintf(stderr, "bpfkasan: %s\n", err);
			status = ret == -ENOMEM ? CLI_INTERNAL : CLI_BAD_INPUT;
			continue;
		}
		if (o->prog_cnt == 0)
			printf("%s: no programs\n", o->path);
		/* the kernel's types, for BTF-typed pointers and tracing targets */
		struct btf *kbtf = o->core_btf_path ? btf__parse(o->core_btf_path, NULL) : NULL;
		for (size_t i = 0; i < o->prog_cnt; i++) {
			const struct obj_prog *p = &o->progs[i];
			struct vx_options vo = {
				.strict_alignment = a.strict_alignment,
				.kernel_btf = kbtf,
				.attach_btf = target ? target->btf : NULL,
				.attach_proto_id = target_proto,
				.summaries = !a.no_smt && !a.verdicts,
			};
			struct vx_result r;
			struct smt_cert cert = { 0 };
			bool certified = false;

			if (a.prog && strcmp(a.prog, p->name))
				continue;
			if (a.log) {
				vo.log = stdout;
				vo.log_level = 2;
			}
			if (vx_analyze(o, p, &vo, &r)) {
				fprintf(stderr, "bpfkasan: %s: program %s: %s\n", o->path, p->name, r.msg);
				status = CLI_INTERNAL;
				continue;
			}
			if (a.verdicts)
				printf("%s\t%s\t%s\t%d\t%u\t%u\t%s\n", o->path, p->name,
				       vx_verdict_name(r.verdict), r.err_insn, r.insns_processed,
				       r.states_total, r.verdict == VX_ACCEPTED ? "-" : r.msg);
			else {
				if (vo.summaries) {
					struct smt_opts so = { .timeout_ms = a.z3_timeout_ms ? a.z3_timeout_ms : 1000 };
					struct smt_ctx *sc = smt_open(&so);

					if (!sc || smt_certify(sc, o, p, &r, &cert)) {
						fprintf(stderr, "bpfkasan: %s: program %s: the Z3 proofs failed to run\n",
							o->path, p->name);
						status = CLI_INTERNAL;
					} else {
						certified = true;
					}
					smt_close(sc);
				}
				print_prog(o, p, a.listing, &r, certified ? &cert : NULL);
			}
			smt_cert_free(&cert);
			vx_result_free(&r);
		}
		btf__free(kbtf);
		obj_free(o);
	}
	if (target)
		obj_free(target);
	return status;
}
