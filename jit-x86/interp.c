// SPDX-License-Identifier: MIT
/*
 * interp: the reference interpreter for BPF ISA v4, as Linux 6.12's
 * ___bpf_prog_run() (kernel/bpf/core.c) runs a program after the verifier
 * has patched it: division by zero and INT_MIN / -1 give what
 * do_misc_fixups() makes them give (x / 0 = 0, x % 0 = x with a 32-bit x
 * zero-extended, INT_MIN s/ -1 = INT_MIN, x s% -1 = 0), shifts mask their
 * amount, 32-bit ALU results are zero-extended.
 *
 * Every load, store and atomic goes through access(): checked against the
 * shadow when the run's mode says so (report, then carry on as KASAN's
 * multi-shot mode does), and refused outside the runtime's arena whatever
 * the mode, since the interpreter must not touch memory it does not own.
 *
 * Context loads of the packet pointers are the one departure: the kernel
 * rewrites them (convert_ctx_accesses()) into loads from struct xdp_buff
 * or sk_buff; here a 4-byte load of xdp_md.data / data_end / data_meta
 * (or __sk_buff's) gives the runtime's 64-bit packet pointer directly.
 *
 * Also beyond the kernel: "callx" (BPF_CALL | BPF_X) calls the helper
 * whose id is in dst_reg, as the bpf_conformance suite defines it.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "rt.h"

static uint64_t load(uintptr_t a, int size)
{
	uint8_t b;
	uint16_t h;
	uint32_t w;
	uint64_t d;

	switch (size) {
	case 1: memcpy(&b, (void *)a, 1); return b;
	case 2: memcpy(&h, (void *)a, 2); return h;
	case 4: memcpy(&w, (void *)a, 4); return w;
	default: memcpy(&d, (void *)a, 8); return d;
	}
}

static void store(uintptr_t a, int size, uint64_t v)
{
	uint8_t b = (uint8_t)v;
	uint16_t h = (uint16_t)v;
	uint32_t w = (uint32_t)v;

	switch (size) {
	case 1: memcpy((void *)a, &b, 1); break;
	case 2: memcpy((void *)a, &h, 2); break;
	case 4: memcpy((void *)a, &w, 4); break;
	default: memcpy((void *)a, &v, 8); break;
	}
}

static uint64_t sext(uint64_t v, int bytes)
{
	switch (bytes) {
	case 1: return (uint64_t)(int64_t)(int8_t)v;
	case 2: return (uint64_t)(int64_t)(int16_t)v;
	case 4: return (uint64_t)(int64_t)(int32_t)v;
	default: return v;
	}
}

/* Does this run check instruction pc's access?  FULL skips what the
 * verifier guarantees statically: r10 plus a fixed offset inside the
 * frame (the kernel's JIT KASAN series skips every stack access). */
static bool want_check(const struct rt_exec *x, const struct bpf_insn *insn, int base, int size)
{
	switch (x->opts->mode) {
	case RT_CHECK_NONE:
		return false;
	case RT_CHECK_BITMAP:
		return x->opts->check_bitmap[x->pc / 8] >> (x->pc % 8) & 1;
	case RT_CHECK_FULL:
		return !(base == BPF_REG_10 && insn->off >= -ISA_STACK_SIZE && insn->off + size <= 0);
	}
	return true;
}

/* May the access at addr go ahead?  Checks it first if the mode says so. */
static bool access(struct rt_exec *x, const struct bpf_insn *insn, int base, uintptr_t addr,
		   int size, bool write)
{
	if (want_check(x, insn, base, size))
		report_check(x, addr, size, write);
	if (x->stop)
		return false;
	if (shadow_covers(&x->rt->alloc.sh, addr, size))
		return true;
	rt_fail(x, -EFAULT, "insn %zu: %s of size %d at %#lx, outside the runtime's memory",
		x->pc, write ? "write" : "read", size, (unsigned long)addr);
	return false;
}

/* A 4-byte ctx load of a packet pointer field: the runtime's pointer. */
static bool ctx_pkt_load(const struct rt_exec *x, uintptr_t a, int size, uint64_t *v)
{
	uintptr_t c = (uintptr_t)x->ctx;
	size_t off = a - c;

	if (!x->ctx_pkt_fields || a < c || off >= x->ctx_len || size != 4)
		return false;
	if (x->type == BPF_PROG_TYPE_XDP) {
		switch (off) {
		case offsetof(struct xdp_md, data): *v = x->data; return true;
		case offsetof(struct xdp_md, data_end): *v = x->data_end; return true;
		case offsetof(struct xdp_md, data_meta): *v = x->data_meta; return true;
		}
		return false;
	}
	switch (off) {
	case offsetof(struct __sk_buff, data): *v = x->data; return true;
	case offsetof(struct __sk_buff, data_end): *v = x->data_end; return true;
	case offsetof(struct __sk_buff, data_meta): *v = x->data_meta; return true;
	}
	return false;
}

/* BPF_END: to_le is a truncation on little-endian x86, to_be and the
 * ALU64 bswap swap then truncate. */
static uint64_t endian(const struct bpf_insn *insn, uint64_t v)
{
	bool swap = BPF_CLASS(insn->code) == BPF_ALU64 || BPF_SRC(insn->code) == BPF_TO_BE;

	switch (insn->imm) {
	case 16: return swap ? __builtin_bswap16((uint16_t)v) : (uint16_t)v;
	case 32: return swap ? __builtin_bswap32((uint32_t)v) : (uint32_t)v;
	default: return swap ? __builtin_bswap64(v) : v;
	}
}

static uint64_t divide(bool is64, bool sign, uint64_t d, uint64_t s)
{
	if (!s)
		return 0;
	if (!sign)
		return d / s;
	if (is64)
		return (int64_t)s == -1 ? -d : (uint64_t)((int64_t)d / (int64_t)s);
	return (int32_t)s == -1 ? (uint32_t)-d : (uint32_t)((int32_t)d / (int32_t)s);
}

static uint64_t modulo(bool is64, bool sign, uint64_t d, uint64_t s)
{
	if (!s)
		return d; /* d is already truncated for 32-bit: zero-extended */
	if (!sign)
		return d % s;
	if (is64)
		return (int64_t)s == -1 ? 0 : (uint64_t)((int64_t)d % (int64_t)s);
	return (int32_t)s == -1 ? 0 : (uint32_t)((int32_t)d % (int32_t)s);
}

/* MOV, MOVSX (off 8/16/32), and ALU64 MOV's address space cast (refused). */
static bool mov(struct rt_exec *x, const struct bpf_insn *insn, bool is64, uint64_t s,
		uint64_t *r)
{
	if (is64 && insn->off == BPF_ADDR_SPACE_CAST && BPF_SRC(insn->code) == BPF_X) {
		rt_fail(x, -EOPNOTSUPP, "insn %zu: addr_space_cast (arenas) is not supported", x->pc);
		return false;
	}
	*r = insn->off ? sext(s, insn->off / 8) : s;
	return true;
}

/* ALU and ALU64 (the ALU/ALU64 cases of ___bpf_prog_run()). */
static void alu(struct rt_exec *x, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64, sign = insn->off == 1;
	uint64_t s = BPF_SRC(insn->code) == BPF_X ? x->regs[insn->src_reg]
						  : (uint64_t)(int64_t)insn->imm;
	uint64_t d = x->regs[insn->dst_reg], r;
	unsigned int mask = is64 ? 63 : 31;

	if (BPF_OP(insn->code) == BPF_END) {
		x->regs[insn->dst_reg] = endian(insn, d);
		x->pc++;
		return;
	}
	if (!is64) {
		s = (uint32_t)s;
		d = (uint32_t)d;
	}
	switch (BPF_OP(insn->code)) {
	case BPF_ADD: r = d + s; break;
	case BPF_SUB: r = d - s; break;
	case BPF_MUL: r = d * s; break;
	case BPF_OR: r = d | s; break;
	case BPF_AND: r = d & s; break;
	case BPF_XOR: r = d ^ s; break;
	case BPF_LSH: r = d << (s & mask); break;
	case BPF_RSH: r = d >> (s & mask); break;
	case BPF_ARSH:
		r = is64 ? (uint64_t)((int64_t)d >> (s & mask))
			 : (uint32_t)((int32_t)d >> (s & mask));
		break;
	case BPF_NEG: r = -d; break;
	case BPF_DIV: r = divide(is64, sign, d, s); break;
	case BPF_MOD: r = modulo(is64, sign, d, s); break;
	case BPF_MOV:
		if (!mov(x, insn, is64, s, &r))
			return;
		break;
	default:
		rt_fail(x, -EINVAL, "insn %zu: unknown ALU opcode %#x", x->pc, insn->code);
		return;
	}
	x->regs[insn->dst_reg] = is64 ? r : (uint32_t)r;
	x->pc++;
}

static bool cond(uint8_t op, bool is32, uint64_t a, uint64_t b, bool *ok)
{
	int64_t sa = is32 ? (int32_t)a : (int64_t)a, sb = is32 ? (int32_t)b : (int64_t)b;

	if (is32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	*ok = true;
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSGT: return sa > sb;
	case BPF_JSGE: return sa >= sb;
	case BPF_JSLT: return sa < sb;
	case BPF_JSLE: return sa <= sb;
	case BPF_JSET: return a & b;
	}
	*ok = false;
	return false;
}

/* A bpf-to-bpf call: the callee gets a fresh 512-byte frame. */
static void call_bpf(struct rt_exec *x, size_t target, size_t ret_pc)
{
	struct interp_frame *f;

	if (x->depth + 1 >= RT_MAX_FRAMES) {
		rt_fail(x, -E2BIG, "insn %zu: more than %d nested calls", x->pc, RT_MAX_FRAMES);
		return;
	}
	f = &x->frames[++x->depth];
	memcpy(f->saved, &x->regs[BPF_REG_6], sizeof(f->saved));
	f->ret_pc = ret_pc;
	x->regs[BPF_REG_10] = x->rt->stacks[x->depth] + ISA_STACK_SIZE;
	rt_frame_enter(x->rt, x->opts->stack_layout, x->depth, target);
	x->pc = target;
}

/* BPF_EXIT: back to the caller, or out of interp_exec() at its base. */
static bool do_exit(struct rt_exec *x, int base)
{
	struct interp_frame *f = &x->frames[x->depth];

	if (x->depth == base)
		return true;
	memcpy(&x->regs[BPF_REG_6], f->saved, sizeof(f->saved));
	x->pc = f->ret_pc;
	x->depth--;
	return false;
}

static void call(struct rt_exec *x, const struct bpf_insn *insn)
{
	if (BPF_SRC(insn->code) == BPF_X) { /* callx: the suite's helper-by-register */
		helper_call(x, (int)x->regs[insn->dst_reg]);
	} else if (insn->src_reg == BPF_PSEUDO_CALL) {
		call_bpf(x, x->pc + insn->imm + 1, x->pc + 1);
		return;
	} else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		rt_fail(x, -EOPNOTSUPP, "insn %zu: kfunc calls are not supported", x->pc);
	} else {
		helper_call(x, insn->imm);
	}
	x->pc++;
}

/* JMP and JMP32; returns true when the frame at `base` exits. */
static bool jmp(struct rt_exec *x, const struct bpf_insn *insn, int base)
{
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32, ok;
	uint8_t op = BPF_OP(insn->code);
	uint64_t b = BPF_SRC(insn->code) == BPF_X ? x->regs[insn->src_reg]
						  : (uint64_t)(int64_t)insn->imm;

	switch (op) {
	case BPF_JA: /* gotol in JMP32 takes its offset from imm */
		x->pc += (is32 ? insn->imm : insn->off) + 1;
		return false;
	case BPF_CALL:
		call(x, insn);
		return false;
	case BPF_EXIT:
		return do_exit(x, base);
	case BPF_JCOND: /* may_goto: taken once the loop budget is spent */
		x->pc += (x->may_goto ? (x->may_goto--, 0) : insn->off) + 1;
		return false;
	}
	if (cond(op, is32, x->regs[insn->dst_reg], b, &ok))
		x->pc += insn->off;
	if (!ok)
		rt_fail(x, -EINVAL, "insn %zu: unknown jump opcode %#x", x->pc, insn->code);
	x->pc++;
	return false;
}

/* ld_imm64, with the object model's map references (object.h). */
static void ld_imm64(struct rt_exec *x, const struct bpf_insn *insn)
{
	uint64_t v = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;

	if (x->pc + 1 >= x->insn_cnt) {
		rt_fail(x, -EINVAL, "insn %zu: ld_imm64 cut short", x->pc);
		return;
	}
	switch (insn->src_reg) {
	case 0:
		break;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
		v = rtmap_ptr(x->rt, (uint32_t)insn->imm);
		break;
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		v = rtmap_value_ptr(x->rt, (uint32_t)insn->imm);
		v = v ? v + (uint32_t)insn[1].imm : 0;
		break;
	case BPF_PSEUDO_FUNC:
		v = INTERP_FUNC_TOKEN | (uint32_t)(x->pc + insn->imm + 1);
		break;
	default:
		rt_fail(x, -EOPNOTSUPP, "insn %zu: ld_imm64 of a kernel symbol is not supported",
			x->pc);
		return;
	}
	if (!v && insn->src_reg) {
		rt_fail(x, -ENOENT, "insn %zu: map #%d is not in the runtime", x->pc, insn->imm);
		return;
	}
	x->regs[insn->dst_reg] = v;
	x->pc += 2;
}

/* LD_ABS / LD_IND as the kernel converts them (bpf_skb_load_helper_*()):
 * a big-endian packet load; out of bounds, r0 = 0 and the frame exits. */
static bool ld_abs(struct rt_exec *x, const struct bpf_insn *insn, int base)
{
	int size = isa_access_size(insn);
	int32_t off = insn->imm;
	uintptr_t p;
	uint64_t v;

	if (BPF_MODE(insn->code) == BPF_IND)
		off = (int32_t)((uint32_t)insn->imm + (uint32_t)x->regs[insn->src_reg]);
	if (!x->pkt || x->type == BPF_PROG_TYPE_XDP) {
		rt_fail(x, -EINVAL, "insn %zu: LD_ABS/LD_IND need an skb program", x->pc);
		return false;
	}
	p = rt_ld_abs_ptr(x, off, size);
	if (!p) {
		x->regs[0] = 0;
		return do_exit(x, base);
	}
	v = load(p, size);
	x->regs[0] = size == 1 ? v : size == 2 ? __builtin_bswap16(v) : __builtin_bswap32(v);
	x->pc++;
	return false;
}

static void ldx(struct rt_exec *x, const struct bpf_insn *insn)
{
	int size = isa_access_size(insn);
	uintptr_t a = x->regs[insn->src_reg] + insn->off;
	uint64_t v;

	if (!ctx_pkt_load(x, a, size, &v)) {
		if (!access(x, insn, insn->src_reg, a, size, false))
			return;
		v = load(a, size);
		if (BPF_MODE(insn->code) == BPF_MEMSX)
			v = sext(v, size);
	}
	x->regs[insn->dst_reg] = v;
	x->pc++;
}

static void st(struct rt_exec *x, const struct bpf_insn *insn)
{
	int size = isa_access_size(insn);
	uintptr_t a = x->regs[insn->dst_reg] + insn->off;
	uint64_t v = BPF_CLASS(insn->code) == BPF_ST ? (uint64_t)(int64_t)insn->imm
						     : x->regs[insn->src_reg];

	if (!access(x, insn, insn->dst_reg, a, size, true))
		return;
	store(a, size, v);
	x->pc++;
}

/* BPF_ATOMIC: checked once, as a write (the kernel's atomics are
 * instrumented with kasan_check_write()). */
static void atomic(struct rt_exec *x, const struct bpf_insn *insn)
{
	int size = isa_access_size(insn);
	uintptr_t a = x->regs[insn->dst_reg] + insn->off;
	uint64_t s = x->regs[insn->src_reg], old, n;

	if (size != 4 && size != 8) {
		rt_fail(x, -EINVAL, "insn %zu: atomic of size %d", x->pc, size);
		return;
	}
	if (!access(x, insn, insn->dst_reg, a, size, true))
		return;
	old = load(a, size);
	switch (insn->imm & ~BPF_FETCH) {
	case BPF_ADD: n = old + s; break;
	case BPF_OR: n = old | s; break;
	case BPF_AND: n = old & s; break;
	case BPF_XOR: n = old ^ s; break;
	case BPF_XCHG & ~BPF_FETCH: n = s; break;
	case BPF_CMPXCHG & ~BPF_FETCH:
		n = old == (size == 4 ? (uint32_t)x->regs[0] : x->regs[0]) ? s : old;
		break;
	default:
		rt_fail(x, -EINVAL, "insn %zu: unknown atomic operation %#x", x->pc, insn->imm);
		return;
	}
	store(a, size, n);
	if (insn->imm == BPF_CMPXCHG)
		x->regs[0] = old;
	else if (insn->imm & BPF_FETCH)
		x->regs[insn->src_reg] = old;
	x->pc++;
}

/* One instruction; true when the frame at `base` exits. */
static bool step(struct rt_exec *x, const struct bpf_insn *insn, int base)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		alu(x, insn);
		return false;
	case BPF_JMP:
	case BPF_JMP32:
		return jmp(x, insn, base);
	case BPF_LD:
		if (isa_is_ld_imm64(insn)) {
			ld_imm64(x, insn);
			return false;
		}
		return ld_abs(x, insn, base);
	case BPF_LDX:
		ldx(x, insn);
		return false;
	case BPF_ST:
		st(x, insn);
		return false;
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			atomic(x, insn);
		else
			st(x, insn);
		return false;
	}
	return false;
}

void interp_exec(struct rt_exec *x, int base)
{
	while (!x->stop) {
		if (x->pc >= x->insn_cnt) {
			rt_fail(x, -EINVAL, "pc %zu is outside the program (%zu insns)", x->pc,
				x->insn_cnt);
			return;
		}
		if (++x->res->insns > x->limit) {
			rt_fail(x, -E2BIG, "insn %zu: instruction limit (%llu) reached", x->pc,
				(unsigned long long)x->limit);
			return;
		}
		if (step(x, &x->insns[x->pc], base))
			return;
	}
}

/* bpf_loop()'s callback: r1-r5 = args in a new frame, the caller's
 * registers and pc restored after. */
uint64_t interp_callback(struct rt_exec *x, size_t target, const uint64_t args[5])
{
	uint64_t regs[ISA_MAX_REG], r0;
	size_t pc = x->pc;

	if (x->depth + 1 >= RT_MAX_FRAMES) {
		rt_fail(x, -E2BIG, "insn %zu: more than %d nested calls", x->pc, RT_MAX_FRAMES);
		return 0;
	}
	memcpy(regs, x->regs, sizeof(regs));
	x->depth++;
	memcpy(&x->regs[1], args, 5 * sizeof(*args));
	x->regs[BPF_REG_10] = x->rt->stacks[x->depth] + ISA_STACK_SIZE;
	rt_frame_enter(x->rt, x->opts->stack_layout, x->depth, target);
	x->pc = target;
	interp_exec(x, x->depth);
	r0 = x->regs[0];
	x->depth--;
	memcpy(x->regs, regs, sizeof(regs));
	x->pc = pc;
	return r0;
}
