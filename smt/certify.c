// SPDX-License-Identifier: MIT
/*
 * smt: certify memory accesses in bounds, independently of verifier-ext.
 *
 * verifier-ext's per-instruction summaries are only *candidate*
 * invariants.  Z3 checks each one inductively along every CFG edge, with
 * the instruction semantics of sem.c, and drops those that fail until the
 * rest hold (Houdini).  An access is proved from the survivors at its
 * instruction.  Registers are "fat values": the 64-bit value plus its
 * provenance, the base and size of the object it was derived from (0 when
 * it points nowhere), propagated by the semantics here, not by the
 * verifier.  An access is elided only if, for every value the surviving
 * invariants allow, [addr, addr + size) lies in [base, base + size) of a
 * live object: the context, the stack frame, the packet, a map value.
 * Anything not modelled havocs (fresh values, no provenance); a solver
 * timeout or "unknown" counts as a failed proof.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define NREG ISA_MAX_REG
#define NV (NREG + SLICE_MAX_SLOTS) /* registers, then the tracked stack slots */

/*
 * The companions of a register: value, base, size, and m: OBJ when the
 * value was derived from an object (then [b, b + z) is it; z may be 0,
 * an empty packet), a map's index for a map pointer, NONE otherwise.
 */
struct fat {
	Z3_ast v, b, z, m;
};

#define M_NONE UINT64_MAX
#define M_OBJ (UINT64_MAX - 1)

enum cand_kind {
	C_UMIN, C_UMAX, C_SMIN, C_SMAX, C_TNUM, /* on the value (scalar) or offset v - b (pointer) */
	C_BASE,   /* b == a global base (ctx, stack, packet data) */
	C_SIZE,   /* z == val, or z == L for the packet */
	C_PKT,    /* L - (v - D) >= val (signed) */
	C_FALSE,  /* the instruction is unreachable */
	C_PKTEND, /* v == D + L: data_end */
	C_MAPID,  /* m == val: a pointer to map number val */
	C_WF,     /* not an object, or b is a sane object base (no wrap below 2^64) */
	C_OBJ,    /* m == OBJ: derived from an object */
	C_TWIN,   /* v - v[twin] == sval: two pointers with the same variable part */
};

struct cand {
	enum cand_kind kind;
	int reg;
	bool ptr;        /* bounds apply to the offset v - b - bias */
	uint64_t bias;   /* the stack's offsets count from its top (r10) */
	bool nullable;   /* or the value is 0 (a pointer before its null check) */
	int twin;        /* C_TWIN: the other register */
	int64_t sval;
	uint64_t uval, mask;
	int base;        /* C_BASE / C_SIZE: which global (BASE_*) */
	bool alive;
};

enum { BASE_CTX, BASE_STACK, BASE_PKT, BASE_NONE };

struct insn_cands {
	struct cand *c;
	unsigned n;
	struct fat pre[NV]; /* the state variables at this insn */
};

struct cert {
	struct smt_ctx *s;
	struct timespec start;
	double budget_s;                   /* seconds for the whole program */
	const struct obj *o;
	const struct obj_prog *p;
	const struct vx_result *vr;
	struct insn_cands *ic;
	int n;
	Z3_ast B_ctx, B_stack, D, L, glob; /* globals and their constraints */
	Z3_ast *map_base;                  /* per map: base of its one value (global data) */
	unsigned fresh;
	unsigned queries;
	Z3_solver sv;
	double *qtimes;                    /* each query's seconds, for the report */
	unsigned qcap;
	struct slice_slots slots;          /* stack slots tracked as NREG + k */
	int nv;                            /* NREG + slots.n */
	int *spills;                       /* the insns that spill into a tracked slot */
	int spill_cnt;
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Z3_solver_check(), timed */
static Z3_lbool timed_check(struct cert *c)
{
	double t = now_s();
	Z3_lbool r = Z3_solver_check(c->s->z, c->sv);

	t = now_s() - t;
	if (c->queries >= c->qcap) {
		unsigned cap = c->qcap ? 2 * c->qcap : 256;
		double *n = realloc(c->qtimes, cap * sizeof(*n));

		if (n) {
			c->qtimes = n;
			c->qcap = cap;
		}
	}
	if (c->queries < c->qcap)
		c->qtimes[c->queries] = t;
	c->queries++;
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static Z3_ast bv(struct cert *c, uint64_t v)
{
	return sem_const(c->s, v);
}

static Z3_ast fresh_bv(struct cert *c, const char *what)
{
	char name[48];

	snprintf(name, sizeof(name), "%s!%u", what, c->fresh++);
	return Z3_mk_const(c->s->z, Z3_mk_string_symbol(c->s->z, name), c->s->bv64);
}

static Z3_ast and2(struct cert *c, Z3_ast a, Z3_ast b)
{
	Z3_ast x[2] = { a, b };

	return Z3_mk_and(c->s->z, 2, x);
}

/* An object's base: page-aligned-ish kernel address, far from wrapping. */
static Z3_ast base_ok(struct cert *c, Z3_ast b)
{
	return and2(c, Z3_mk_bvuge(c->s->z, b, bv(c, 1ull << 40)),
		    Z3_mk_bvule(c->s->z, b, bv(c, 1ull << 62)));
}

static uint32_t ctx_size_of(uint32_t prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_XDP: return sizeof(struct xdp_md);
	case BPF_PROG_TYPE_SOCKET_FILTER: case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT: case BPF_PROG_TYPE_CGROUP_SKB:
		return sizeof(struct __sk_buff);
	}
	return 0; /* not modelled: ctx accesses stay checked */
}

/* Offsets of data, data_end, data_meta in the ctx (-1: none) */
static void pkt_fields(uint32_t prog_type, int *data, int *end)
{
	*data = *end = -1;
	switch (prog_type) {
	case BPF_PROG_TYPE_XDP:
		*data = offsetof(struct xdp_md, data);
		*end = offsetof(struct xdp_md, data_end);
		break;
	case BPF_PROG_TYPE_SCHED_CLS: case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
		*data = offsetof(struct __sk_buff, data);
		*end = offsetof(struct __sk_buff, data_end);
		break;
	}
}

/* Helpers after which the packet may have moved: not certified (yet). */
static bool moves_packet(int id)
{
	switch (id) {
	case BPF_FUNC_clone_redirect: case BPF_FUNC_l3_csum_replace: case BPF_FUNC_l4_csum_replace:
	case BPF_FUNC_lwt_push_encap: case BPF_FUNC_lwt_seg6_action: case BPF_FUNC_lwt_seg6_adjust_srh:
	case BPF_FUNC_lwt_seg6_store_bytes: case BPF_FUNC_msg_pop_data: case BPF_FUNC_msg_pull_data:
	case BPF_FUNC_msg_push_data: case BPF_FUNC_skb_adjust_room: case BPF_FUNC_skb_change_head:
	case BPF_FUNC_skb_change_proto: case BPF_FUNC_skb_change_tail: case BPF_FUNC_skb_pull_data:
	case BPF_FUNC_skb_store_bytes: case BPF_FUNC_skb_vlan_pop: case BPF_FUNC_skb_vlan_push:
	case BPF_FUNC_store_hdr_opt: case BPF_FUNC_xdp_adjust_head: case BPF_FUNC_xdp_adjust_meta:
	case BPF_FUNC_xdp_adjust_tail: case BPF_FUNC_tail_call:
		return true;
	}
	return false;
}

/* [base, base + size) lies outside the program's stack frame (objects never overlap it) */
static Z3_ast outside_stack(struct cert *c, Z3_ast base, Z3_ast size)
{
	Z3_context z = c->s->z;
	Z3_ast alt[2] = { Z3_mk_bvule(z, Z3_mk_bvadd(z, base, size), c->B_stack),
			  Z3_mk_bvuge(z, base, Z3_mk_bvadd(z, c->B_stack, bv(c, 512))) };

	return Z3_mk_or(z, 2, alt);
}

static Z3_ast global_base(struct cert *c, int which)
{
	return which == BASE_CTX ? c->B_ctx : which == BASE_STACK ? c->B_stack : c->D;
}

static bool over_budget(struct cert *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - c->start.tv_sec) +
	       (double)(now.tv_nsec - c->start.tv_nsec) / 1e9 > c->budget_s;
}

/* ---- candidates from verifier-ext's summaries ---- */

static bool cand_same(const struct cand *a, const struct cand *b)
{
	return a->kind == b->kind && a->reg == b->reg && a->ptr == b->ptr && a->bias == b->bias &&
	       a->nullable == b->nullable && a->twin == b->twin && a->sval == b->sval &&
	       a->uval == b->uval && a->mask == b->mask && a->base == b->base;
}

static void add_cand(struct insn_cands *ic, struct cand k)
{
	for (unsigned x = 0; x < ic->n; x++)
		if (cand_same(&ic->c[x], &k))
			return; /* slots get the same template from several spills */
	struct cand *n = realloc(ic->c, (ic->n + 1) * sizeof(*n));

	if (!n)
		return; /* fewer candidates: weaker, still sound */
	ic->c = n;
	k.alive = true;
	ic->c[ic->n++] = k;
}

static void cands_for_reg(struct cert *c, struct insn_cands *ic, int r, const struct vx_value *v)
{
	bool ptr = v->kind == VX_VAL_PTR;

	add_cand(ic, (struct cand){ .kind = C_WF, .reg = r });

	if (v->kind != VX_VAL_SCALAR && v->kind != VX_VAL_PTR)
		return;
	if (ptr && v->region == VX_REGION_PACKET_END) {
		add_cand(ic, (struct cand){ .kind = C_PKTEND, .reg = r });
		return;
	}
	if (ptr && v->region == VX_REGION_MAP_PTR) {
		if (v->map_idx >= 0)
			add_cand(ic, (struct cand){ .kind = C_MAPID, .reg = r, .uval = (uint64_t)v->map_idx });
		return;
	}
	uint64_t bias = ptr && v->region == VX_REGION_STACK ? 512 : 0;

	if (ptr) {
		int which = v->region == VX_REGION_CTX ? BASE_CTX :
			    v->region == VX_REGION_STACK ? BASE_STACK :
			    v->region == VX_REGION_PACKET ? BASE_PKT : BASE_NONE;

		if (which != BASE_NONE)
			add_cand(ic, (struct cand){ .kind = C_BASE, .reg = r, .base = which });
		if (which != BASE_NONE || v->region == VX_REGION_MAP_VALUE)
			add_cand(ic, (struct cand){ .kind = C_OBJ, .reg = r });
		if (which == BASE_CTX)
			add_cand(ic, (struct cand){ .kind = C_SIZE, .reg = r, .uval = ctx_size_of(c->p->type) });
		if (which == BASE_STACK)
			add_cand(ic, (struct cand){ .kind = C_SIZE, .reg = r, .uval = 512 });
		if (which == BASE_PKT)
			add_cand(ic, (struct cand){ .kind = C_SIZE, .reg = r, .base = BASE_PKT });
		if (v->region == VX_REGION_MAP_VALUE && v->value_size)
			add_cand(ic, (struct cand){ .kind = C_SIZE, .reg = r, .uval = v->value_size });
		if (which == BASE_PKT && v->pkt_need_valid)
			add_cand(ic, (struct cand){ .kind = C_PKT, .reg = r, .sval = v->pkt_need });
		for (int t = 0; t < r; t++)
			if (v->twins >> t & 1)
				add_cand(ic, (struct cand){ .kind = C_TWIN, .reg = r, .twin = t,
							    .sval = v->twin_delta[t] });
	}
	if (v->smin != INT64_MIN)
		add_cand(ic, (struct cand){ .kind = C_SMIN, .reg = r, .ptr = ptr, .bias = bias,
					    .nullable = v->maybe_null, .sval = v->smin });
	if (v->smax != INT64_MAX)
		add_cand(ic, (struct cand){ .kind = C_SMAX, .reg = r, .ptr = ptr, .bias = bias,
					    .nullable = v->maybe_null, .sval = v->smax });
	if (!ptr && v->umin)
		add_cand(ic, (struct cand){ .kind = C_UMIN, .reg = r, .uval = v->umin });
	if (!ptr && v->umax != UINT64_MAX)
		add_cand(ic, (struct cand){ .kind = C_UMAX, .reg = r, .uval = v->umax });
	if (~v->var_mask)
		add_cand(ic, (struct cand){ .kind = C_TNUM, .reg = r, .ptr = ptr, .bias = bias,
					    .nullable = v->maybe_null, .uval = v->var_value,
					    .mask = v->var_mask });
}

/* The candidate as a formula over the fat values `st`. */
static Z3_ast cand_formula(struct cert *c, const struct cand *k, const struct fat *st)
{
	Z3_context z = c->s->z;
	const struct fat *f = &st[k->reg];
	Z3_ast x = k->ptr ? Z3_mk_bvsub(z, Z3_mk_bvsub(z, f->v, f->b), bv(c, k->bias)) : f->v;

	if (k->nullable) {
		struct cand nn = *k;

		nn.nullable = false;
		Z3_ast alt[2] = { Z3_mk_eq(z, f->v, bv(c, 0)), cand_formula(c, &nn, st) };
		return Z3_mk_or(z, 2, alt);
	}
	switch (k->kind) {
	case C_UMIN: return Z3_mk_bvuge(z, x, bv(c, k->uval));
	case C_UMAX: return Z3_mk_bvule(z, x, bv(c, k->uval));
	case C_SMIN: return Z3_mk_bvsge(z, x, bv(c, (uint64_t)k->sval));
	case C_SMAX: return Z3_mk_bvsle(z, x, bv(c, (uint64_t)k->sval));
	case C_TNUM: return Z3_mk_eq(z, Z3_mk_bvand(z, x, bv(c, ~k->mask)), bv(c, k->uval));
	case C_BASE: return Z3_mk_eq(z, f->b, global_base(c, k->base));
	case C_SIZE: return Z3_mk_eq(z, f->z, k->base == BASE_PKT ? c->L : bv(c, k->uval));
	case C_PKT:
		return Z3_mk_bvsge(z, Z3_mk_bvsub(z, c->L, Z3_mk_bvsub(z, f->v, c->D)),
				   bv(c, (uint64_t)k->sval));
	case C_FALSE:
		return Z3_mk_false(z);
	case C_PKTEND:
		return Z3_mk_eq(z, f->v, Z3_mk_bvadd(z, c->D, c->L));
	case C_MAPID:
		return Z3_mk_eq(z, f->m, bv(c, k->uval));
	case C_OBJ:
		return Z3_mk_eq(z, f->m, bv(c, M_OBJ));
	case C_TWIN:
		return Z3_mk_eq(z, Z3_mk_bvsub(z, f->v, st[k->twin].v), bv(c, (uint64_t)k->sval));
	case C_WF: {
		Z3_ast alt[2] = { Z3_mk_not(z, Z3_mk_eq(z, f->m, bv(c, M_OBJ))),
				  and2(c, base_ok(c, f->b), Z3_mk_bvule(z, f->z, bv(c, 1ull << 32))) };
		return Z3_mk_or(z, 2, alt);
	}
	}
	return Z3_mk_true(z);
}

/* The live candidates at insn i about the registers in `regs` (a bit mask). */
static Z3_ast cands_at_regs(struct cert *c, int i, unsigned regs)
{
	struct insn_cands *ic = &c->ic[i];
	Z3_ast *v = malloc((ic->n + 1) * sizeof(*v));
	unsigned n = 0;
	Z3_ast r;

	if (!v)
		return Z3_mk_false(c->s->z); /* no state: nothing is provable */
	v[n++] = c->glob;
	for (unsigned k = 0; k < ic->n; k++)
		if (ic->c[k].alive && (ic->c[k].kind == C_FALSE || (regs >> ic->c[k].reg) & 1))
			v[n++] = cand_formula(c, &ic->c[k], ic->pre);
	r = Z3_mk_and(c->s->z, n, v);
	free(v);
	return r;
}

/* ---- the transition relation ---- */

struct edge {
	int to;
	Z3_ast cond;           /* path condition of the edge (over pre) */
	Z3_ast side;           /* constraints on fresh values */
	struct fat post[NV];
};

static struct fat no_obj(struct cert *c, Z3_ast v)
{
	return (struct fat){ v, bv(c, 0), bv(c, 0), bv(c, M_NONE) };
}

/* A fresh scalar of `size` bytes (sign-extended when sx), no provenance. */
static struct fat fresh_scalar(struct cert *c, int size, bool sx, Z3_ast *side)
{
	Z3_ast v = fresh_bv(c, "ld");

	if (size < 8) {
		Z3_ast lim = sx ? Z3_mk_eq(c->s->z, v, Z3_mk_sign_ext(c->s->z, (unsigned)(64 - 8 * size),
							       Z3_mk_extract(c->s->z, (unsigned)(8 * size - 1), 0, v)))
				: Z3_mk_bvule(c->s->z, v, bv(c, (1ull << (8 * size)) - 1));

		*side = and2(c, *side, lim);
	}
	return no_obj(c, v);
}

/* The value a ctx load at `addr` gives: the packet pointers, or fresh. */
static struct fat ctx_load(struct cert *c, Z3_ast addr, int size, bool sx, Z3_ast *side)
{
	Z3_context z = c->s->z;
	int data, end;
	struct fat f = fresh_scalar(c, size, sx, side);

	pkt_fields(c->p->type, &data, &end);
	if (data < 0 || size != 4 || sx)
		return f;
	Z3_ast is_data = Z3_mk_eq(z, addr, Z3_mk_bvadd(z, c->B_ctx, bv(c, (uint64_t)data)));
	Z3_ast is_end = Z3_mk_eq(z, addr, Z3_mk_bvadd(z, c->B_ctx, bv(c, (uint64_t)end)));
	Z3_ast d_end = Z3_mk_bvadd(z, c->D, c->L);

	/* the kernel rewrites these 4-byte loads into 8-byte pointer loads */
	f.v = Z3_mk_ite(z, is_data, c->D, Z3_mk_ite(z, is_end, d_end, f.v));
	f.b = Z3_mk_ite(z, is_data, c->D, f.b);
	f.z = Z3_mk_ite(z, is_data, c->L, f.z);
	f.m = Z3_mk_ite(z, is_data, bv(c, M_OBJ), f.m);
	/* a fresh value's size limit must not apply to the pointers */
	return f;
}

/* Every tracked slot forgotten (a helper that may write through a pointer). */
static void forget_slots(struct cert *c, struct fat *post)
{
	for (int k = 0; k < c->slots.n; k++)
		post[NREG + k] = no_obj(c, fresh_bv(c, "slot"));
}

/*
 * A store of `size` bytes at addr other than a spill: a tracked slot it
 * may overlap holds an unknown value after it (65-bit bounds: no wrap).
 */
static void store_clobbers(struct cert *c, const struct fat *pre, struct fat *post, Z3_ast addr,
			   int size)
{
	Z3_context z = c->s->z;
	Z3_sort s65 = Z3_mk_bv_sort(z, 65);
	Z3_ast A = Z3_mk_zero_ext(z, 1, addr);
	Z3_ast A_end = Z3_mk_bvadd(z, A, Z3_mk_unsigned_int64(z, (uint64_t)size, s65));

	for (int k = 0; k < c->slots.n; k++) {
		Z3_ast slot = Z3_mk_bvadd(z, c->B_stack, bv(c, (uint64_t)(512 + c->slots.off[k])));
		Z3_ast S = Z3_mk_zero_ext(z, 1, slot);
		Z3_ast S_end = Z3_mk_bvadd(z, S, Z3_mk_unsigned_int64(z, 8, s65));
		Z3_ast overlap = and2(c, Z3_mk_bvult(z, A, S_end), Z3_mk_bvugt(z, A_end, S));
		const struct fat *o = &pre[NREG + k];
		struct fat f = no_obj(c, fresh_bv(c, "clob"));

		post[NREG + k] = (struct fat){ Z3_mk_ite(z, overlap, f.v, o->v), Z3_mk_ite(z, overlap, f.b, o->b),
					       Z3_mk_ite(z, overlap, f.z, o->z), Z3_mk_ite(z, overlap, f.m, o->m) };
	}
}

static int build_edges(struct cert *c, int i, struct edge *e, int *ne, char *why, size_t len)
{
	Z3_context z = c->s->z;
	const struct bpf_insn *insn = &c->p->insns[i];
	const struct fat *pre = c->ic[i].pre;
	struct fat post[NV];
	Z3_ast side = Z3_mk_true(z);
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	int next = i + 1;

	memcpy(post, pre, sizeof(post));
	*ne = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64: {
		const struct fat *d = &pre[insn->dst_reg];
		const struct fat *sr = BPF_SRC(insn->code) == BPF_X ? &pre[insn->src_reg] : NULL;
		Z3_ast src = sr ? sr->v : sem_imm(c->s, insn);
		Z3_ast v = sem_alu(c->s, insn, d->v, src);

		if (!v) {
			snprintf(why, len, "insn %d: ALU op not modelled", i);
			return -EOPNOTSUPP;
		}
		post[insn->dst_reg] = no_obj(c, v);
		if (cls == BPF_ALU64 && op == BPF_MOV && !insn->off && sr) {
			post[insn->dst_reg] = *sr;
		} else if (cls == BPF_ALU64 && (op == BPF_ADD || op == BPF_SUB)) {
			/* pointer arithmetic keeps the pointer operand's object */
			Z3_ast dst_obj = Z3_mk_eq(z, d->m, bv(c, M_OBJ));
			Z3_ast none = bv(c, M_NONE);

			if (op == BPF_ADD && sr) {
				Z3_ast src_obj = Z3_mk_eq(z, sr->m, bv(c, M_OBJ));
				Z3_ast either[2] = { dst_obj, src_obj };

				post[insn->dst_reg].b = Z3_mk_ite(z, dst_obj, d->b, sr->b);
				post[insn->dst_reg].z = Z3_mk_ite(z, dst_obj, d->z, sr->z);
				post[insn->dst_reg].m = Z3_mk_ite(z, Z3_mk_or(z, 2, either), bv(c, M_OBJ), none);
			} else if (op == BPF_SUB && sr) {
				/* ptr - scalar keeps it; ptr - ptr is a number */
				Z3_ast src_obj = Z3_mk_eq(z, sr->m, bv(c, M_OBJ));

				post[insn->dst_reg].b = d->b;
				post[insn->dst_reg].z = d->z;
				post[insn->dst_reg].m = Z3_mk_ite(z, src_obj, none,
								  Z3_mk_ite(z, dst_obj, bv(c, M_OBJ), none));
			} else {
				post[insn->dst_reg].b = d->b;
				post[insn->dst_reg].z = d->z;
				post[insn->dst_reg].m = Z3_mk_ite(z, dst_obj, bv(c, M_OBJ), none);
			}
		}
		break;
	}
	case BPF_LDX: {
		Z3_ast addr = Z3_mk_bvadd(z, pre[insn->src_reg].v, bv(c, (uint64_t)(int64_t)insn->off));
		int size = isa_access_size(insn);
		bool sx = BPF_MODE(insn->code) == BPF_MEMSX;
		int slot = slice_slot_of(&c->slots, insn);

		post[insn->dst_reg] = slot >= 0 ? pre[NREG + slot] : ctx_load(c, addr, size, sx, &side);
		break;
	}
	case BPF_ST:
	case BPF_STX: {
		int slot = slice_slot_of(&c->slots, insn);

		if (slot >= 0 && cls == BPF_STX) /* a spill: the slot holds the register */
			post[NREG + slot] = pre[insn->src_reg];
		else
			store_clobbers(c, pre, post, Z3_mk_bvadd(z, pre[insn->dst_reg].v,
								 bv(c, (uint64_t)(int64_t)insn->off)),
				       isa_access_size(insn));
		if (cls == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC && (insn->imm & BPF_FETCH)) {
			int r = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;

			post[r] = fresh_scalar(c, isa_access_size(insn), false, &side);
		}
		break;
	}
	case BPF_LD:
		if (isa_is_ld_imm64(insn)) {
			uint64_t imm = ((uint64_t)(uint32_t)insn[1].imm << 32) | (uint32_t)insn->imm;

			next = i + 2;
			if (insn->src_reg == 0) {
				post[insn->dst_reg] = no_obj(c, bv(c, imm));
			} else if ((insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
				    insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) &&
				   insn->imm >= 0 && (size_t)insn->imm < c->o->map_cnt) {
				const struct obj_map *m = &c->o->maps[insn->imm];

				post[insn->dst_reg] = (struct fat){
					Z3_mk_bvadd(z, c->map_base[insn->imm], bv(c, (uint32_t)insn[1].imm)),
					c->map_base[insn->imm], bv(c, m->value_size), bv(c, M_OBJ) };
			} else if ((insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX) &&
				   insn->imm >= 0) {
				post[insn->dst_reg] = no_obj(c, fresh_bv(c, "mapptr"));
				post[insn->dst_reg].m = bv(c, (uint64_t)insn->imm);
			} else {
				post[insn->dst_reg] = no_obj(c, fresh_bv(c, "ldimm"));
			}
		} else { /* LD_ABS / LD_IND: r0 the loaded bytes, r1-r5 clobbered */
			for (int r = 1; r <= 5; r++)
				post[r] = no_obj(c, fresh_bv(c, "clob"));
			post[0] = fresh_scalar(c, isa_access_size(insn) ?: 4, false, &side);
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT)
			return 0;
		if (op == BPF_JA) {
			next = i + (cls == BPF_JMP ? insn->off : insn->imm) + 1;
			break;
		}
		if (op == BPF_CALL) {
			if (insn->src_reg != 0) {
				snprintf(why, len, "insn %d: calls a function (not certified yet)", i);
				return -EOPNOTSUPP;
			}
			if (moves_packet(insn->imm)) {
				snprintf(why, len, "insn %d: a helper that moves packet data (not certified yet)", i);
				return -EOPNOTSUPP;
			}
			for (int r = 1; r <= 5; r++)
				post[r] = no_obj(c, fresh_bv(c, "clob"));
			post[0] = no_obj(c, fresh_bv(c, "ret"));
			if (isa_helper_writes_memory(insn->imm)) /* through a pointer to the stack, say */
				forget_slots(c, post);
			if (insn->imm == BPF_FUNC_map_lookup_elem) {
				/* NULL or a value of the map in R1 */
				Z3_ast nb = fresh_bv(c, "elem"), null = fresh_bv(c, "isnull");
				Z3_ast size = bv(c, 0);

				for (size_t m = 0; m < c->o->map_cnt; m++)
					size = Z3_mk_ite(z, Z3_mk_eq(z, pre[1].m, bv(c, m)),
							 bv(c, c->o->maps[m].value_size), size);
				side = and2(c, side, and2(c, base_ok(c, nb), outside_stack(c, nb, size)));
				post[0].v = Z3_mk_ite(z, Z3_mk_eq(z, null, bv(c, 0)), bv(c, 0), nb);
				post[0].b = nb;
				post[0].z = size;
				post[0].m = bv(c, M_OBJ);
			}
			break;
		}
		if (op == BPF_JCOND) {
			snprintf(why, len, "insn %d: may_goto not modelled", i);
			return -EOPNOTSUPP;
		}
		{
			Z3_ast src = BPF_SRC(insn->code) == BPF_X ? pre[insn->src_reg].v : sem_imm(c->s, insn);
			Z3_ast cond = sem_cond(c->s, insn, pre[insn->dst_reg].v, src);

			if (!cond) {
				snprintf(why, len, "insn %d: jump not modelled", i);
				return -EOPNOTSUPP;
			}
			e[*ne].to = i + insn->off + 1;
			e[*ne].cond = cond;
			e[*ne].side = side;
			memcpy(e[*ne].post, post, sizeof(post));
			(*ne)++;
			e[*ne].to = i + 1;
			e[*ne].cond = Z3_mk_not(z, cond);
			e[*ne].side = side;
			memcpy(e[*ne].post, post, sizeof(post));
			(*ne)++;
			return 0;
		}
	default:
		snprintf(why, len, "insn %d: class not modelled", i);
		return -EOPNOTSUPP;
	}
	e[0].to = next;
	e[0].cond = Z3_mk_true(z);
	e[0].side = side;
	memcpy(e[0].post, post, sizeof(post));
	*ne = 1;
	return 0;
}

/* 1 sat, 0 unsat, -1 unknown */
static int check(struct cert *c, Z3_ast f)
{
	Z3_lbool r;

	Z3_solver_push(c->s->z, c->sv);
	Z3_solver_assert(c->s->z, c->sv, f);
	r = timed_check(c);
	Z3_solver_pop(c->s->z, c->sv, 1);
	return r == Z3_L_TRUE ? 1 : r == Z3_L_FALSE ? 0 : -1;
}

/* Is candidate k at j implied syntactically by one at i with the register unchanged? */
static bool implied(const struct insn_cands *from, const struct cand *k)
{
	for (unsigned x = 0; x < from->n; x++) {
		const struct cand *a = &from->c[x];

		if (!a->alive || a->reg != k->reg || a->kind != k->kind || a->ptr != k->ptr ||
		    a->bias != k->bias || (a->nullable && !k->nullable))
			continue;
		switch (k->kind) {
		case C_UMIN: if (a->uval >= k->uval) return true; break;
		case C_UMAX: if (a->uval <= k->uval) return true; break;
		case C_SMIN: if (a->sval >= k->sval) return true; break;
		case C_SMAX: if (a->sval <= k->sval) return true; break;
		case C_PKT: if (a->sval >= k->sval) return true; break;
		case C_TNUM:
			if ((a->mask & ~k->mask) == 0 && ((a->uval ^ k->uval) & ~k->mask) == 0)
				return true;
			break;
		case C_BASE: if (a->base == k->base) return true; break;
		case C_SIZE: if (a->base == k->base && a->uval == k->uval) return true; break;
		case C_FALSE: break;
		case C_PKTEND: return true;
		case C_MAPID: if (a->uval == k->uval) return true; break;
		case C_WF: return true;
		case C_OBJ: return true;
		case C_TWIN: if (a->twin == k->twin && a->sval == k->sval) return true; break;
		}
	}
	return false;
}

static void kill(struct cand *cd, int i, int to)
{
	cd->alive = false;
	if (getenv("BPFKASAN_SMT_DEBUG"))
		fprintf(stderr, "smt: edge %d->%d kills R%d kind %d (%lld %llu)\n", i, to, cd->reg,
			cd->kind, (long long)cd->sval, (unsigned long long)cd->uval);
}

/*
 * Check the candidates at e->to against one edge out of insn i; 1 if some
 * died.  One query for all of them: if their conjunction can fail, the
 * model shows which do (Houdini's usual batching), and those die.
 */
static Z3_ast cands_at_regs(struct cert *c, int i, unsigned regs);

static int houdini_edge(struct cert *c, int i, const struct edge *e, Z3_ast pre_inv)
{
	Z3_context z = c->s->z;
	struct insn_cands *to = &c->ic[e->to];
	Z3_ast *f = malloc((to->n + 1) * sizeof(*f));
	unsigned *idx = malloc((to->n + 1) * sizeof(*idx));
	int died = 0;

	if (!f || !idx) {
		for (unsigned k = 0; k < to->n; k++)
			to->c[k].alive = false; /* no memory: prove nothing here */
		free(f);
		free(idx);
		return 1;
	}
	/* only the candidates about what the insn reads or what is checked */
	if (!pre_inv) {
		unsigned cone = slice_regs_read(&c->p->insns[i]);
		int slot = slice_slot_of(&c->slots, &c->p->insns[i]);

		if (slot >= 0 && BPF_CLASS(c->p->insns[i].code) == BPF_LDX)
			cone |= 1u << (NREG + slot); /* a fill reads its slot */

		for (unsigned k = 0; k < to->n; k++) {
			const struct cand *cd = &to->c[k];

			if (!cd->alive)
				continue;
			if (cd->kind == C_TWIN)
				cone |= 1u << cd->reg | 1u << cd->twin; /* it speaks of both */
			else if (!(e->post[cd->reg].v == c->ic[i].pre[cd->reg].v &&
				   e->post[cd->reg].b == c->ic[i].pre[cd->reg].b &&
				   e->post[cd->reg].z == c->ic[i].pre[cd->reg].z &&
				   e->post[cd->reg].m == c->ic[i].pre[cd->reg].m &&
				   implied(&c->ic[i], cd)))
				cone |= 1u << cd->reg;
		}
		pre_inv = cands_at_regs(c, i, cone);
	}
	Z3_solver_push(z, c->sv);
	Z3_solver_assert(z, c->sv, pre_inv);
	Z3_solver_assert(z, c->sv, e->cond);
	Z3_solver_assert(z, c->sv, e->side);
	for (;;) {
		unsigned n = 0;

		for (unsigned k = 0; k < to->n; k++) {
			struct cand *cd = &to->c[k];

			if (!cd->alive)
				continue;
			if (cd->kind == C_TWIN && i >= 0 &&
			    e->post[cd->twin].v != c->ic[i].pre[cd->twin].v) {
				f[n] = cand_formula(c, cd, e->post);
				idx[n++] = k;
				continue;
			}
			if (i >= 0 && e->post[cd->reg].v == c->ic[i].pre[cd->reg].v &&
			    e->post[cd->reg].b == c->ic[i].pre[cd->reg].b &&
			    e->post[cd->reg].z == c->ic[i].pre[cd->reg].z &&
			    e->post[cd->reg].m == c->ic[i].pre[cd->reg].m && implied(&c->ic[i], cd))
				continue;
			f[n] = cand_formula(c, cd, e->post);
			idx[n++] = k;
		}
		if (!n)
			break;
		Z3_solver_push(z, c->sv);
		Z3_solver_assert(z, c->sv, Z3_mk_not(z, Z3_mk_and(z, n, f)));
		Z3_lbool r = timed_check(c);
		if (r == Z3_L_FALSE) {
			Z3_solver_pop(z, c->sv, 1);
			break;
		}
		unsigned killed = 0;
		if (r == Z3_L_TRUE) {
			Z3_model m = Z3_solver_get_model(z, c->sv);

			Z3_model_inc_ref(z, m);
			for (unsigned k = 0; k < n; k++) {
				Z3_ast val;

				if (Z3_model_eval(z, m, f[k], true, &val) &&
				    Z3_get_bool_value(z, val) == Z3_L_TRUE)
					continue;
				kill(&to->c[idx[k]], i, e->to);
				killed++;
			}
			Z3_model_dec_ref(z, m);
		}
		if (!killed) /* unknown (a timeout), or a model we cannot read: none proved */
			for (unsigned k = 0; k < n; k++)
				kill(&to->c[idx[k]], i, e->to);
		Z3_solver_pop(z, c->sv, 1);
		died = 1;
	}
	Z3_solver_pop(z, c->sv, 1);
	free(f);
	free(idx);
	return died;
}

static void set_reason(struct smt_access *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_reason(struct smt_access *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->reason, sizeof(a->reason), fmt, ap);
	va_end(ap);
}

/* Prove the access of insn i in bounds from the invariants at i. */
/* Does a surviving candidate at insn i give the size of R<reg>'s object? */
static bool object_pinned(const struct cert *c, int i, int reg)
{
	for (unsigned k = 0; k < c->ic[i].n; k++)
		if (c->ic[i].c[k].alive && c->ic[i].c[k].reg == reg && c->ic[i].c[k].kind == C_SIZE)
			return true;
	return false;
}

static void prove_access(struct cert *c, int i, struct smt_access *a)
{
	Z3_context z = c->s->z;
	const struct bpf_insn *insn = &c->p->insns[i];
	int breg = isa_access_base_reg(insn), size = isa_access_size(insn);
	const struct fat *f = &c->ic[i].pre[breg];
	Z3_ast addr = Z3_mk_bvadd(z, f->v, bv(c, (uint64_t)(int64_t)insn->off));
	/* 65 bits: no wrap in addr + size or base + region size */
	Z3_ast A = Z3_mk_zero_ext(z, 1, addr), B = Z3_mk_zero_ext(z, 1, f->b);
	Z3_ast S = Z3_mk_zero_ext(z, 1, f->z);
	Z3_sort s65 = Z3_mk_bv_sort(z, 65);
	Z3_ast lo = Z3_mk_bvuge(z, A, B);
	Z3_ast hi = Z3_mk_bvule(z, Z3_mk_bvadd(z, A, Z3_mk_unsigned_int64(z, (uint64_t)size, s65)),
				Z3_mk_bvadd(z, B, S));
	Z3_ast is_obj = Z3_mk_eq(z, f->m, bv(c, M_OBJ));

	lo = and2(c, is_obj, lo);
	Z3_ast inv = cands_at_regs(c, i, 1u << breg);
	int r;

	Z3_solver_push(z, c->sv);
	Z3_solver_assert(z, c->sv, inv);
	r = check(c, Z3_mk_not(z, and2(c, lo, hi)));
	if (r == 0) {
		a->verdict = SMT_ELIDED;
		set_reason(a, "proved in bounds by Z3");
	} else if (r < 0) {
		set_reason(a, "Z3 gave no answer (timeout): kept checked");
	} else if (!object_pinned(c, i, breg)) {
		/* a model would invent an object: say what is missing instead */
		set_reason(a, "not proved: no surviving invariant says which object R%d points to", breg);
	} else {
		/* a counterexample: the address and the object the model gives */
		Z3_solver_push(z, c->sv);
		Z3_solver_assert(z, c->sv, Z3_mk_not(z, and2(c, lo, hi)));
		if (Z3_solver_check(z, c->sv) == Z3_L_TRUE) {
			Z3_model m = Z3_solver_get_model(z, c->sv);
			Z3_ast va, vb, vz;
			uint64_t ua = 0, ub = 0, uz = 0;

			Z3_model_inc_ref(z, m);
			if (Z3_model_eval(z, m, addr, true, &va) && Z3_model_eval(z, m, f->b, true, &vb) &&
			    Z3_model_eval(z, m, f->z, true, &vz)) {
				Z3_get_numeral_uint64(z, va, &ua);
				Z3_get_numeral_uint64(z, vb, &ub);
				Z3_get_numeral_uint64(z, vz, &uz);
				a->has_cex = true;
				a->cex_offset = (int64_t)(ua - ub);
				a->cex_region_size = uz;
			}
			Z3_model_dec_ref(z, m);
		}
		Z3_solver_pop(z, c->sv, 1);
		if (a->has_cex)
			set_reason(a, "not proved: R%d%+d can be offset %lld of a %llu-byte object (size %d)",
				   breg, insn->off, (long long)a->cex_offset,
				   (unsigned long long)a->cex_region_size, size);
		else
			set_reason(a, "not proved");
	}
	Z3_solver_pop(z, c->sv, 1);
}

const char *smt_verdict_name(enum smt_verdict v)
{
	switch (v) {
	case SMT_ELIDED: return "elided";
	case SMT_CHECKED: return "checked";
	case SMT_STACK_PROTECTED: return "stack-protected";
	case SMT_PROBE: return "probe";
	case SMT_UNREACHABLE: return "unreachable";
	}
	return "?";
}

/* Every access kept checked (or stack-protected) for `why`. */
static void all_unproved(const struct vx_result *vr, struct smt_cert *out, const char *why)
{
	for (unsigned k = 0; k < out->cnt; k++)
		if (out->acc[k].verdict == SMT_CHECKED || out->acc[k].verdict == SMT_STACK_PROTECTED)
			set_reason(&out->acc[k], "%s", why);
	(void)vr;
}

static void classify_base(const struct vx_result *vr, struct smt_cert *out)
{
	for (unsigned k = 0; k < vr->fact_cnt; k++) {
		const struct access_fact *f = &vr->facts[k];
		struct smt_access *a = &out->acc[k];
		bool stack_only = f->seen_cnt > 0, probe = false;

		a->insn = f->insn;
		for (unsigned s = 0; s < f->seen_cnt; s++) {
			stack_only &= f->seen[s].region == VX_REGION_STACK;
			probe |= f->seen[s].region == VX_REGION_BTF_ID || f->seen[s].region == VX_REGION_ARENA;
		}
		if (!f->reached) {
			a->verdict = SMT_UNREACHABLE;
			set_reason(a, "no path reaches it");
		} else if (probe) {
			a->verdict = SMT_PROBE;
			set_reason(a, "a BTF or arena object: a fault-handled probe access");
		} else {
			a->verdict = stack_only ? SMT_STACK_PROTECTED : SMT_CHECKED;
			set_reason(a, "not proved");
		}
	}
}

/*
 * Candidates for the tracked slots live at insn i: what verifier-ext knew
 * of every register spilled into the slot, at its spill (twins left out:
 * they name registers of the spill's insn).  Houdini keeps what holds.
 */
static void slot_cands(struct cert *c, int i, unsigned live)
{
	for (int k = 0; k < c->slots.n; k++) {
		if (!(live >> (NREG + k) & 1))
			continue;
		for (int x = 0; x < c->spill_cnt; x++) {
			int j = c->spills[x];
			const struct bpf_insn *insn = &c->p->insns[j];

			if (slice_slot_of(&c->slots, insn) != k || !c->vr->summaries[j].reached)
				continue;
			struct vx_value v = c->vr->summaries[j].regs[insn->src_reg];

			v.twins = 0;
			cands_for_reg(c, &c->ic[i], NREG + k, &v);
		}
	}
}

int smt_certify(struct smt_ctx *s, const struct obj *o, const struct obj_prog *p,
		const struct vx_result *vr, struct smt_cert *out)
{
	struct cert c = { .s = s, .o = o, .p = p, .vr = vr, .n = (int)p->insn_cnt };
	Z3_context z = s->z;
	struct timespec t0, t1;
	struct edge *edges = NULL;
	int *edge_cnt = NULL, err = 0;
	char why[160] = "";
	bool *prove = NULL;
	unsigned *live = NULL;

	memset(out, 0, sizeof(*out));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c.start = t0;
	c.budget_s = s->budget_s ? s->budget_s : 60;
	out->acc = calloc(vr->fact_cnt ? vr->fact_cnt : 1, sizeof(*out->acc));
	if (!out->acc)
		return -ENOMEM;
	out->cnt = vr->fact_cnt;
	classify_base(vr, out);
	if (vr->verdict != VX_ACCEPTED) {
		all_unproved(vr, out, "the program is not accepted: nothing is proved");
		return 0;
	}
	if (!vr->summaries || p->subprog_cnt > 1) {
		all_unproved(vr, out, p->subprog_cnt > 1 ? "programs with calls are not certified yet" :
							    "no summaries");
		return 0;
	}
	for (int i = 0; i < c.n; i++)
		if (vr->summaries[i].other_frames) {
			all_unproved(vr, out, "programs with callbacks are not certified yet");
			return 0;
		}

	c.sv = smt_solver_tactic(s, SMT_FAST);
	if (!c.sv) {
		all_unproved(vr, out, "Z3 could not make a solver");
		return 0;
	}
	c.B_ctx = fresh_bv(&c, "ctx");
	c.B_stack = fresh_bv(&c, "stack");
	c.D = fresh_bv(&c, "data");
	c.L = fresh_bv(&c, "len");
	c.glob = and2(&c, and2(&c, base_ok(&c, c.B_ctx), base_ok(&c, c.B_stack)),
		      and2(&c, base_ok(&c, c.D), Z3_mk_bvule(z, c.L, bv(&c, 1ull << 32))));
	c.map_base = calloc(o->map_cnt + 1, sizeof(*c.map_base));
	c.ic = calloc((size_t)c.n + 1, sizeof(*c.ic));
	edges = calloc((size_t)c.n * 2 + 2, sizeof(*edges));
	edge_cnt = calloc((size_t)c.n + 1, sizeof(*edge_cnt));
	if (!c.map_base || !c.ic || !edges || !edge_cnt) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t m = 0; m < o->map_cnt; m++) {
		c.map_base[m] = fresh_bv(&c, "mapval");
		c.glob = and2(&c, c.glob, and2(&c, base_ok(&c, c.map_base[m]),
					       outside_stack(&c, c.map_base[m], bv(&c, o->maps[m].value_size))));
	}
	/* the context and the packet are not in the program's stack frame */
	c.glob = and2(&c, c.glob, and2(&c, outside_stack(&c, c.B_ctx, bv(&c, ctx_size_of(p->type))),
				       outside_stack(&c, c.D, c.L)));
	/* candidates only about what the accesses to prove can depend on */
	prove = calloc((size_t)c.n + 1, sizeof(*prove));
	if (!prove) {
		err = -ENOMEM;
		goto out;
	}
	unsigned to_prove = 0;
	for (unsigned k = 0; k < out->cnt; k++) {
		prove[out->acc[k].insn] = out->acc[k].verdict != SMT_PROBE;
		to_prove += prove[out->acc[k].insn];
	}
	if (!to_prove)
		goto out; /* no access, or only probes: nothing to prove */
	slice_find_slots(p->insns, c.n, &c.slots);
	c.nv = NREG + c.slots.n;
	c.spills = calloc((size_t)c.n + 1, sizeof(*c.spills));
	if (!c.spills) {
		err = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < c.n; i++)
		if (BPF_CLASS(p->insns[i].code) == BPF_STX && slice_slot_of(&c.slots, &p->insns[i]) >= 0)
			c.spills[c.spill_cnt++] = i;
	live = slice_live_regs(p->insns, c.n, prove, vr->summaries, &c.slots);
	if (!live) {
		err = -ENOMEM;
		goto out;
	}
	/* state variables and candidates per instruction */
	for (int i = 0; i < c.n; i++) {
		char name[32];

		for (int r = 0; r < c.nv; r++) {
			snprintf(name, sizeof(name), "v%d_%d", i, r);
			c.ic[i].pre[r].v = Z3_mk_const(z, Z3_mk_string_symbol(z, name), s->bv64);
			snprintf(name, sizeof(name), "b%d_%d", i, r);
			c.ic[i].pre[r].b = Z3_mk_const(z, Z3_mk_string_symbol(z, name), s->bv64);
			snprintf(name, sizeof(name), "z%d_%d", i, r);
			c.ic[i].pre[r].z = Z3_mk_const(z, Z3_mk_string_symbol(z, name), s->bv64);
			snprintf(name, sizeof(name), "m%d_%d", i, r);
			c.ic[i].pre[r].m = Z3_mk_const(z, Z3_mk_string_symbol(z, name), s->bv64);
			if (r < NREG && vr->summaries[i].reached && (live[i] >> r & 1))
				cands_for_reg(&c, &c.ic[i], r, &vr->summaries[i].regs[r]);
		}
		if (vr->summaries[i].reached)
			slot_cands(&c, i, live[i]);
		/* verifier-ext found no path here: a candidate like the others */
		if (!vr->summaries[i].reached && live[i])
			add_cand(&c.ic[i], (struct cand){ .kind = C_FALSE });
		out->candidates += c.ic[i].n;
	}
	for (int i = 0; i < c.n; i++) {
		if (i > 0 && isa_is_ld_imm64(&p->insns[i - 1]))
			continue;
		err = build_edges(&c, i, &edges[2 * i], &edge_cnt[i], why, sizeof(why));
		if (err)
			break;
	}
	if (err == -EOPNOTSUPP) {
		all_unproved(vr, out, why);
		err = 0;
		goto out;
	}
	/* the entry edge: r1 = ctx, r10 = stack top, the rest anything, no objects */
	struct edge entry = { .to = 0, .cond = Z3_mk_true(z), .side = Z3_mk_true(z) };
	for (int r = 0; r < c.nv; r++) /* slots too: the stack starts unknown */
		entry.post[r] = no_obj(&c, fresh_bv(&c, "init"));
	entry.post[1] = (struct fat){ c.B_ctx, c.B_ctx, bv(&c, ctx_size_of(p->type)), bv(&c, M_OBJ) };
	entry.post[10] = (struct fat){ Z3_mk_bvadd(z, c.B_stack, bv(&c, 512)), c.B_stack, bv(&c, 512),
				       bv(&c, M_OBJ) };

	/*
	 * Houdini: drop what fails until every edge keeps the rest.  A
	 * worklist of instructions whose outgoing edges need checking: all
	 * at first, then those whose own candidates just lost one.
	 */
	bool *dirty = calloc((size_t)c.n + 1, sizeof(bool));
	if (!dirty) {
		err = -ENOMEM;
		goto out;
	}
	houdini_edge(&c, -1, &entry, c.glob);
	for (int i = 0; i < c.n; i++)
		dirty[i] = edge_cnt[i] > 0;
	for (bool any = true; any;) {
		any = false;
		for (int i = 0; i < c.n; i++) {
			if (!dirty[i])
				continue;
			if (over_budget(&c)) {
				free(dirty);
				all_unproved(vr, out, "the Z3 time budget of the program ran out: kept checked");
				goto out;
			}
			dirty[i] = false;
			for (int k = 0; k < edge_cnt[i]; k++) {
				int to = edges[2 * i + k].to;

				if (to < 0 || to >= c.n)
					continue;
				if (houdini_edge(&c, i, &edges[2 * i + k], NULL) && edge_cnt[to]) {
					dirty[to] = true;
					any = true;
				}
			}
		}
		out->rounds++;
	}
	free(dirty);
	for (int i = 0; i < c.n; i++)
		for (unsigned k = 0; k < c.ic[i].n; k++)
			out->survived += c.ic[i].c[k].alive;
	for (unsigned k = 0; k < out->cnt; k++) {
		struct smt_access *a = &out->acc[k];
		bool dead = false;

		for (unsigned x = 0; x < c.ic[a->insn].n; x++)
			dead |= c.ic[a->insn].c[x].kind == C_FALSE && c.ic[a->insn].c[x].alive;
		if (dead) {
			a->verdict = SMT_UNREACHABLE;
			set_reason(a, "Z3 confirmed no path reaches it");
			continue;
		}
		if (a->verdict == SMT_UNREACHABLE) {
			/* verifier-ext said dead, Z3 could not confirm: check it */
			a->verdict = SMT_CHECKED;
		}
		if (a->verdict == SMT_CHECKED || a->verdict == SMT_STACK_PROTECTED)
			prove_access(&c, a->insn, a);
	}
out:
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->queries = c.queries;
	out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (c.queries && c.qtimes && c.queries <= c.qcap) {
		qsort(c.qtimes, c.queries, sizeof(double), cmp_double);
		out->query_median_ms = 1000 * c.qtimes[c.queries / 2];
		out->query_p95_ms = 1000 * c.qtimes[(c.queries * 95) / 100 < c.queries ? (c.queries * 95) / 100 : c.queries - 1];
		out->query_max_ms = 1000 * c.qtimes[c.queries - 1];
	}
	free(c.qtimes);
	if (c.sv)
		Z3_solver_dec_ref(z, c.sv);
	if (c.ic)
		for (int i = 0; i < c.n; i++)
			free(c.ic[i].c);
	free(c.ic);
	free(c.map_base);
	free(edges);
	free(edge_cnt);
	free(prove);
	free(live);
	free(c.spills);
	return err;
}

void smt_cert_free(struct smt_cert *out)
{
	free(out->acc);
	out->acc = NULL;
	out->cnt = 0;
}

int smt_certify_program(const struct obj *o, const struct obj_prog *p, const struct vx_result *r,
			unsigned timeout_ms, struct smt_cert *cert)
{
	struct smt_opts so = { .timeout_ms = timeout_ms ? timeout_ms : SMT_DEFAULT_TIMEOUT_MS };
	struct smt_ctx *sc = smt_open(&so);
	int err;

	memset(cert, 0, sizeof(*cert)); /* smt_cert_free() is safe whatever happens */
	err = sc ? smt_certify(sc, o, p, r, cert) : -ENOMEM;
	smt_close(sc);
	return err;
}
