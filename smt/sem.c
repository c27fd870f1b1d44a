// SPDX-License-Identifier: MIT
/*
 * smt: the bit-precise semantics of BPF instructions as Z3 terms
 * (RFC 9669; Linux 6.12's interpreter, kernel/bpf/core.c ___bpf_prog_run(),
 * for the corner cases: division by zero, shifts, sign extension).
 */
#include "internal.h"

Z3_ast sem_const(struct smt_ctx *s, uint64_t v)
{
	return Z3_mk_unsigned_int64(s->z, v, s->bv64);
}

static Z3_ast c32(struct smt_ctx *s, uint32_t v)
{
	return Z3_mk_unsigned_int64(s->z, v, s->bv32);
}

static Z3_ast lo32(struct smt_ctx *s, Z3_ast x)
{
	return Z3_mk_extract(s->z, 31, 0, x);
}

static Z3_ast zext32(struct smt_ctx *s, Z3_ast x)
{
	return Z3_mk_zero_ext(s->z, 32, x);
}

Z3_ast sem_imm(struct smt_ctx *s, const struct bpf_insn *insn)
{
	return sem_const(s, (uint64_t)(int64_t)insn->imm);
}

/* Swap the bytes of the low `bits` of x, zero-extending to 64 (BPF_END to BE, BSWAP). */
static Z3_ast bswap(struct smt_ctx *s, Z3_ast x, int bits)
{
	Z3_ast r = Z3_mk_extract(s->z, 7, 0, x);

	for (int b = 8; b < bits; b += 8)
		r = Z3_mk_concat(s->z, r, Z3_mk_extract(s->z, (unsigned)b + 7, (unsigned)b, x));
	return bits == 64 ? r : Z3_mk_zero_ext(s->z, (unsigned)(64 - bits), r);
}

/* Low `bits` of x, zero-extended (BPF_END to LE on a little-endian machine). */
static Z3_ast trunc_zext(struct smt_ctx *s, Z3_ast x, int bits)
{
	if (bits == 64)
		return x;
	return Z3_mk_zero_ext(s->z, (unsigned)(64 - bits), Z3_mk_extract(s->z, (unsigned)bits - 1, 0, x));
}

/* Sign-extend the low `bits` of x to `width` bits. */
static Z3_ast sext_low(struct smt_ctx *s, Z3_ast x, int bits, int width)
{
	return Z3_mk_sign_ext(s->z, (unsigned)(width - bits), Z3_mk_extract(s->z, (unsigned)bits - 1, 0, x));
}

/* One ALU operation on `w`-bit operands (w = 32 or 64); NULL if unknown. */
static Z3_ast alu_op(struct smt_ctx *s, uint8_t op, bool sign, Z3_ast a, Z3_ast b, unsigned w)
{
	Z3_context z = s->z;
	Z3_sort sort = w == 64 ? s->bv64 : s->bv32;
	Z3_ast zero = Z3_mk_unsigned_int64(z, 0, sort);
	Z3_ast mask = Z3_mk_unsigned_int64(z, w - 1, sort);
	Z3_ast b_is_0 = Z3_mk_eq(z, b, zero);

	switch (op) {
	case BPF_ADD: return Z3_mk_bvadd(z, a, b);
	case BPF_SUB: return Z3_mk_bvsub(z, a, b);
	case BPF_MUL: return Z3_mk_bvmul(z, a, b);
	case BPF_OR: return Z3_mk_bvor(z, a, b);
	case BPF_AND: return Z3_mk_bvand(z, a, b);
	case BPF_XOR: return Z3_mk_bvxor(z, a, b);
	/* the shift amount is masked to the operand width */
	case BPF_LSH: return Z3_mk_bvshl(z, a, Z3_mk_bvand(z, b, mask));
	case BPF_RSH: return Z3_mk_bvlshr(z, a, Z3_mk_bvand(z, b, mask));
	case BPF_ARSH: return Z3_mk_bvashr(z, a, Z3_mk_bvand(z, b, mask));
	/* x / 0 = 0; x % 0 = x (Z3 leaves both unspecified: state them) */
	case BPF_DIV:
		return Z3_mk_ite(z, b_is_0, zero, sign ? Z3_mk_bvsdiv(z, a, b) : Z3_mk_bvudiv(z, a, b));
	case BPF_MOD:
		return Z3_mk_ite(z, b_is_0, a, sign ? Z3_mk_bvsrem(z, a, b) : Z3_mk_bvurem(z, a, b));
	case BPF_MOV: return b;
	case BPF_NEG: return Z3_mk_bvneg(z, a);
	}
	return NULL;
}

Z3_ast sem_alu(struct smt_ctx *s, const struct bpf_insn *insn, Z3_ast dst, Z3_ast src)
{
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	uint8_t op = BPF_OP(insn->code);

	if (op == BPF_END) {
		int bits = insn->imm;

		if (bits != 16 && bits != 32 && bits != 64)
			return NULL;
		/* ALU64 END is an unconditional byte swap (bswap); ALU END to BE swaps */
		if (alu64 || BPF_SRC(insn->code) == BPF_TO_BE)
			return bswap(s, dst, bits);
		return trunc_zext(s, dst, bits);
	}
	if (op == BPF_MOV && BPF_SRC(insn->code) == BPF_X && insn->off) {
		/* MOVSX: sign-extend the low 8/16/32 bits of src */
		if (insn->off != 8 && insn->off != 16 && insn->off != 32)
			return NULL;
		if (alu64)
			return sext_low(s, src, insn->off, 64);
		if (insn->off == 32)
			return NULL;
		return zext32(s, sext_low(s, src, insn->off, 32));
	}
	bool sign = (op == BPF_DIV || op == BPF_MOD) && insn->off == 1;

	if (alu64)
		return alu_op(s, op, sign, dst, src, 64);
	Z3_ast r = alu_op(s, op, sign, lo32(s, dst), lo32(s, src), 32);
	return r ? zext32(s, r) : NULL;
}

Z3_ast sem_cond(struct smt_ctx *s, const struct bpf_insn *insn, Z3_ast dst, Z3_ast src)
{
	Z3_context z = s->z;
	Z3_ast a = dst, b = src;

	if (BPF_CLASS(insn->code) == BPF_JMP32) {
		a = lo32(s, dst);
		b = lo32(s, src);
	}
	switch (BPF_OP(insn->code)) {
	case BPF_JEQ: return Z3_mk_eq(z, a, b);
	case BPF_JNE: return Z3_mk_not(z, Z3_mk_eq(z, a, b));
	case BPF_JGT: return Z3_mk_bvugt(z, a, b);
	case BPF_JGE: return Z3_mk_bvuge(z, a, b);
	case BPF_JLT: return Z3_mk_bvult(z, a, b);
	case BPF_JLE: return Z3_mk_bvule(z, a, b);
	case BPF_JSGT: return Z3_mk_bvsgt(z, a, b);
	case BPF_JSGE: return Z3_mk_bvsge(z, a, b);
	case BPF_JSLT: return Z3_mk_bvslt(z, a, b);
	case BPF_JSLE: return Z3_mk_bvsle(z, a, b);
	case BPF_JSET: {
		Z3_ast and = Z3_mk_bvand(z, a, b);
		unsigned w = BPF_CLASS(insn->code) == BPF_JMP32 ? 32 : 64;

		return Z3_mk_not(z, Z3_mk_eq(z, and, w == 64 ? sem_const(s, 0) : c32(s, 0)));
	}
	}
	return NULL;
}

Z3_ast sem_load(struct smt_ctx *s, Z3_ast mem, Z3_ast addr, int size, bool sx)
{
	Z3_context z = s->z;
	Z3_ast v = NULL;

	for (int i = size - 1; i >= 0; i--) { /* little-endian: byte 0 is the lowest */
		Z3_ast byte = Z3_mk_select(z, mem, Z3_mk_bvadd(z, addr, sem_const(s, (uint64_t)i)));

		v = v ? Z3_mk_concat(z, v, byte) : byte;
	}
	if (size == 8)
		return v;
	return sx ? Z3_mk_sign_ext(z, (unsigned)(64 - 8 * size), v)
		  : Z3_mk_zero_ext(z, (unsigned)(64 - 8 * size), v);
}

Z3_ast sem_store(struct smt_ctx *s, Z3_ast mem, Z3_ast addr, Z3_ast val, int size)
{
	for (int i = 0; i < size; i++)
		mem = Z3_mk_store(s->z, mem, Z3_mk_bvadd(s->z, addr, sem_const(s, (uint64_t)i)),
				  Z3_mk_extract(s->z, (unsigned)(8 * i + 7), (unsigned)(8 * i), val));
	return mem;
}
