/* SPDX-License-Identifier: MIT */
/*
 * emit.h: x86-64 instruction encoding for the JIT (jit.c).  Internal.
 *
 * Registers are numbered as the hardware encodes them (rax 0 ... r15 15).
 * Every function appends to a growable buffer; running out of memory sets
 * `oom` and the buffer stops growing (jit.c checks once per pass).
 */
#ifndef BPFKASAN_JIT_EMIT_H
#define BPFKASAN_JIT_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum x86_reg {
	X_RAX, X_RCX, X_RDX, X_RBX, X_RSP, X_RBP, X_RSI, X_RDI,
	X_R8, X_R9, X_R10, X_R11, X_R12, X_R13, X_R14, X_R15,
};

/* Condition codes (the low nibble of Jcc). */
enum x86_cc {
	CC_B = 0x2, CC_S = 0x8, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6, CC_A = 0x7,
	CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
};

/* Encoding flags. */
#define XF_W	1u	/* REX.W: 64-bit operand */
#define XF_66	2u	/* operand-size prefix: 16-bit operand */
#define XF_BYTE	4u	/* byte registers: a REX makes 4-7 sil/dil/spl/bpl */
#define XF_LOCK	8u	/* lock prefix */

struct jbuf {
	uint8_t *p;
	size_t len, cap;
	bool oom;
};

/* A memory operand [base + (index << scale) + disp]; index -1 for none. */
struct x86_mem {
	int base, index;
	int32_t disp;
	int scale;		/* log2 of the index's scale */
};

static inline struct x86_mem xm(int base, int32_t disp)
{
	return (struct x86_mem){ base, -1, disp, 0 };
}

void x86_byte(struct jbuf *b, uint8_t v);
void x86_u32(struct jbuf *b, uint32_t v);
void x86_u64(struct jbuf *b, uint64_t v);

/* opcode bytes with a ModRM: register `reg` (or /ext) and operand rm */
void x86_op_rr(struct jbuf *b, unsigned f, const char *op, int oplen, int reg, int rm);
void x86_op_rm(struct jbuf *b, unsigned f, const char *op, int oplen, int reg, struct x86_mem m);

/* Moves */
void x86_mov_rr(struct jbuf *b, bool w, int dst, int src);
void x86_mov_ri(struct jbuf *b, bool w, int dst, int32_t imm);	/* w: sign-extended */
void x86_mov_ri64(struct jbuf *b, int dst, uint64_t imm);	/* shortest form */
void x86_load(struct jbuf *b, int size, bool sx, int dst, struct x86_mem m);
void x86_store(struct jbuf *b, int size, struct x86_mem m, int src);
void x86_store_imm(struct jbuf *b, int size, struct x86_mem m, int32_t imm);
void x86_lea(struct jbuf *b, int dst, struct x86_mem m);
void x86_movsx_rr(struct jbuf *b, bool w, int from_size, int dst, int src);
void x86_movzx16_rr(struct jbuf *b, int dst, int src);

/* ALU: op is the /r opcode (01 add, 09 or, 21 and, 29 sub, 31 xor, 39 cmp,
 * 85 test); ext the /digit of 81/83 (0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp). */
void x86_alu_rr(struct jbuf *b, bool w, uint8_t op, int dst, int src);
void x86_alu_ri(struct jbuf *b, bool w, int ext, int dst, int32_t imm);
void x86_test_ri(struct jbuf *b, bool w, int dst, int32_t imm);
void x86_imul_rr(struct jbuf *b, bool w, int dst, int src);
void x86_imul_ri(struct jbuf *b, bool w, int dst, int32_t imm);
/* F7 /ext: 3 neg, 6 div, 7 idiv */
void x86_f7(struct jbuf *b, bool w, int ext, int rm);
/* shifts: ext 1 ror, 4 shl, 5 shr, 7 sar; imm < 0 means by cl */
void x86_shift(struct jbuf *b, unsigned f, int ext, int dst, int imm);
void x86_bswap(struct jbuf *b, bool w, int r);

void x86_push(struct jbuf *b, int r);
void x86_pop(struct jbuf *b, int r);
void x86_push_m(struct jbuf *b, struct x86_mem m);
void x86_pop_m(struct jbuf *b, struct x86_mem m);
void x86_call_r(struct jbuf *b, int r);
void x86_ret(struct jbuf *b);

/* Jumps with 32-bit displacements relative to the end of the jump. */
void x86_jmp32(struct jbuf *b, int32_t disp);
void x86_jcc32(struct jbuf *b, int cc, int32_t disp);
void x86_call32(struct jbuf *b, int32_t disp);
/* Short forms; return the offset of the rel8 byte to patch later. */
size_t x86_jmp8(struct jbuf *b, int8_t disp);
size_t x86_jcc8(struct jbuf *b, int cc, int8_t disp);
/* Point a short jump whose rel8 is at `at` to the current end. */
void x86_patch8(struct jbuf *b, size_t at);

#endif /* BPFKASAN_JIT_EMIT_H */
