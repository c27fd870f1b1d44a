// SPDX-License-Identifier: MIT
/*
 * Unit tests of isa_disasm(): every instruction form of ISA v4 (Linux 6.12)
 * built by hand, against the text the kernel's print_bpf_insn() prints.
 *
 * The expected texts were derived by reading kernel/bpf/disasm.c; they are
 * re-confirmed against the kernel printer itself on every run of the oracle
 * test, which calls "test_disasm --dump-cases PREFIX" to get the table as
 * PREFIX.bin (raw instructions) and PREFIX.txt (one expected line each).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "isa.h"

#define INSN(c, d, s, o, i) \
	{ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

/* One instruction and the kernel's line for it, opcode prefix included. */
struct disasm_case {
	struct bpf_insn insn[2];
	const char *text;
};

#define ONE(c, d, s, o, i, txt) { { INSN(c, d, s, o, i) }, txt }
#define LD64(d, s, v, txt)                                                   \
	{ { INSN(BPF_LD | BPF_IMM | BPF_DW, d, s, 0, (int32_t)(uint32_t)(v)), \
	    INSN(0, 0, 0, 0, (int32_t)(uint32_t)((uint64_t)(v) >> 32)) },     \
	  txt }

static const struct disasm_case alu_cases[] = {
	ONE(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0, 0, "(0f) r1 += r2"),
	ONE(BPF_ALU64 | BPF_SUB | BPF_X, 3, 4, 0, 0, "(1f) r3 -= r4"),
	ONE(BPF_ALU64 | BPF_MUL | BPF_X, 5, 6, 0, 0, "(2f) r5 *= r6"),
	ONE(BPF_ALU64 | BPF_DIV | BPF_X, 7, 8, 0, 0, "(3f) r7 /= r8"),
	ONE(BPF_ALU64 | BPF_OR | BPF_X, 9, 10, 0, 0, "(4f) r9 |= r10"),
	ONE(BPF_ALU64 | BPF_AND | BPF_X, 0, 1, 0, 0, "(5f) r0 &= r1"),
	ONE(BPF_ALU64 | BPF_LSH | BPF_X, 2, 3, 0, 0, "(6f) r2 <<= r3"),
	ONE(BPF_ALU64 | BPF_RSH | BPF_X, 4, 5, 0, 0, "(7f) r4 >>= r5"),
	ONE(BPF_ALU64 | BPF_MOD | BPF_X, 6, 7, 0, 0, "(9f) r6 %= r7"),
	ONE(BPF_ALU64 | BPF_XOR | BPF_X, 8, 9, 0, 0, "(af) r8 ^= r9"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 10, 0, 0, 0, "(bf) r10 = r0"),
	ONE(BPF_ALU64 | BPF_ARSH | BPF_X, 1, 1, 0, 0, "(cf) r1 s>>= r1"),
	ONE(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, -1, "(07) r1 += -1"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 42, "(b7) r0 = 42"),
	ONE(BPF_ALU64 | BPF_LSH | BPF_K, 3, 0, 0, 63, "(67) r3 <<= 63"),
	ONE(BPF_ALU64 | BPF_ARSH | BPF_K, 3, 0, 0, 1, "(c7) r3 s>>= 1"),
	ONE(BPF_ALU | BPF_ADD | BPF_X, 1, 2, 0, 0, "(0c) w1 += w2"),
	ONE(BPF_ALU | BPF_MOV | BPF_X, 3, 4, 0, 0, "(bc) w3 = w4"),
	ONE(BPF_ALU | BPF_AND | BPF_K, 5, 0, 0, 0xff, "(54) w5 &= 255"),
	ONE(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, INT32_MIN, "(b4) w0 = -2147483648"),
	ONE(BPF_ALU | BPF_RSH | BPF_K, 2, 0, 0, 16, "(74) w2 >>= 16"),
	/* neg, whatever the source bit and the fields it ignores */
	ONE(BPF_ALU64 | BPF_NEG, 4, 0, 0, 0, "(87) r4 = -r4"),
	ONE(BPF_ALU | BPF_NEG, 5, 0, 0, 0, "(84) w5 = -w5"),
	ONE(BPF_ALU64 | BPF_NEG | BPF_X, 6, 7, 0, 9, "(8f) r6 = -r6"),
	/* byte swaps: ALU to_le/to_be, ALU64 bswap (no "w" in either) */
	ONE(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 16, "(d4) r1 = le16 r1"),
	ONE(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 64, "(d4) r1 = le64 r1"),
	ONE(BPF_ALU | BPF_END | BPF_TO_BE, 2, 0, 0, 32, "(dc) r2 = be32 r2"),
	ONE(BPF_ALU64 | BPF_END | BPF_TO_LE, 3, 0, 0, 16, "(d7) r3 = bswap16 r3"),
	ONE(BPF_ALU64 | BPF_END | BPF_TO_LE, 3, 0, 0, 64, "(d7) r3 = bswap64 r3"),
	ONE(BPF_ALU64 | BPF_END | BPF_TO_BE, 4, 0, 0, 32, "(df) r4 = bswap32 r4"),
	/* ops 0xe0 and 0xf0 have no name: the kernel prints NULL as "(null)" */
	ONE(BPF_ALU64 | 0xe0 | BPF_X, 1, 2, 0, 0, "(ef) r1 (null) r2"),
	ONE(BPF_ALU | 0xf0 | BPF_K, 1, 0, 0, 3, "(f4) w1 (null) 3"),
};

static const struct disasm_case alu_v4_cases[] = {
	/* sdiv and smod: off == 1 */
	ONE(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0, "(3f) r1 s/= r2"),
	ONE(BPF_ALU64 | BPF_MOD | BPF_X, 1, 2, 1, 0, "(9f) r1 s%= r2"),
	ONE(BPF_ALU64 | BPF_DIV | BPF_K, 1, 0, 1, -3, "(37) r1 s/= -3"),
	ONE(BPF_ALU | BPF_MOD | BPF_K, 1, 0, 1, 7, "(94) w1 s%= 7"),
	ONE(BPF_ALU | BPF_DIV | BPF_X, 3, 4, 1, 0, "(3c) w3 s/= w4"),
	ONE(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 2, 0, "(3f) r1 /= r2"),
	/* movsx: off == 8, 16, 32, register source only */
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0, "(bf) r1 = (s8)r2"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 16, 0, "(bf) r1 = (s16)r2"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 32, 0, "(bf) r1 = (s32)r2"),
	ONE(BPF_ALU | BPF_MOV | BPF_X, 3, 4, 8, 0, "(bc) w3 = (s8)w4"),
	ONE(BPF_ALU | BPF_MOV | BPF_X, 3, 4, 16, 0, "(bc) w3 = (s16)w4"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 8, 5, "(b7) r1 = 5"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 24, 0, "(bf) r1 = r2"),
	/* addr_space_cast: ALU64 MOV X, off == 1, imm = dst_as << 16 | src_as */
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 1, 1, "(bf) r1 = addr_space_cast(r2, 0, 1)"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 3, 4, 1, 1 << 16,
	    "(bf) r3 = addr_space_cast(r4, 1, 0)"),
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 3, 4, 1, -1,
	    "(bf) r3 = addr_space_cast(r4, 65535, 65535)"),
	ONE(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 1, 1, "(bc) w1 = w2"),
	/* the kernel-internal per-CPU address mov: off == -1 */
	ONE(BPF_ALU64 | BPF_MOV | BPF_X, 5, 6, -1, 0, "(bf) r5 = &(void __percpu *)(r6)"),
};

static const struct disasm_case jmp_cases[] = {
	ONE(BPF_JMP | BPF_JEQ | BPF_X, 1, 2, 3, 0, "(1d) if r1 == r2 goto pc+3"),
	ONE(BPF_JMP | BPF_JGT | BPF_X, 1, 2, -3, 0, "(2d) if r1 > r2 goto pc-3"),
	ONE(BPF_JMP | BPF_JGE | BPF_X, 1, 2, 0, 0, "(3d) if r1 >= r2 goto pc+0"),
	ONE(BPF_JMP | BPF_JSET | BPF_X, 1, 2, 1, 0, "(4d) if r1 & r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JNE | BPF_X, 1, 2, 1, 0, "(5d) if r1 != r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JSGT | BPF_X, 1, 2, 1, 0, "(6d) if r1 s> r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JSGE | BPF_X, 1, 2, 1, 0, "(7d) if r1 s>= r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JLT | BPF_X, 1, 2, 1, 0, "(ad) if r1 < r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JLE | BPF_X, 1, 2, 1, 0, "(bd) if r1 <= r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JSLT | BPF_X, 1, 2, 1, 0, "(cd) if r1 s< r2 goto pc+1"),
	ONE(BPF_JMP | BPF_JSLE | BPF_X, 1, 2, 1, 0, "(dd) if r1 s<= r2 goto pc+1"),
	/* immediates print in hex, as unsigned 32-bit */
	ONE(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2, 16, "(15) if r1 == 0x10 goto pc+2"),
	ONE(BPF_JMP | BPF_JSGT | BPF_K, 1, 0, 2, -1, "(65) if r1 s> 0xffffffff goto pc+2"),
	ONE(BPF_JMP | BPF_JNE | BPF_K, 9, 0, 32767, 0, "(55) if r9 != 0x0 goto pc+32767"),
	ONE(BPF_JMP | BPF_JLE | BPF_K, 9, 0, -32768, 1, "(b5) if r9 <= 0x1 goto pc-32768"),
	ONE(BPF_JMP32 | BPF_JEQ | BPF_X, 1, 2, 3, 0, "(1e) if w1 == w2 goto pc+3"),
	ONE(BPF_JMP32 | BPF_JSLT | BPF_X, 3, 4, -1, 0, "(ce) if w3 s< w4 goto pc-1"),
	ONE(BPF_JMP32 | BPF_JGT | BPF_K, 5, 0, 4, 0x7f, "(26) if w5 > 0x7f goto pc+4"),
	ONE(BPF_JMP32 | BPF_JSET | BPF_K, 5, 0, 4, 8, "(46) if w5 & 0x8 goto pc+4"),
	/* ja, gotol (JMP32 ja, target in imm), may_goto, exit */
	ONE(BPF_JMP | BPF_JA, 0, 0, 5, 0, "(05) goto pc+5"),
	ONE(BPF_JMP | BPF_JA, 0, 0, -1, 0, "(05) goto pc-1"),
	ONE(BPF_JMP32 | BPF_JA, 0, 0, 0, 70000, "(06) gotol pc+70000"),
	ONE(BPF_JMP32 | BPF_JA, 0, 0, 7, -2, "(06) gotol pc-2"),
	ONE(BPF_JMP | BPF_JCOND, 0, BPF_MAY_GOTO, 9, 0, "(e5) may_goto pc+9"),
	ONE(BPF_JMP | BPF_EXIT, 0, 0, 0, 0, "(95) exit"),
	/* forms the kernel does not special-case fall through to "if" */
	ONE(BPF_JMP | BPF_JCOND, 0, 1, 9, 0, "(e5) if r0 (null) 0x0 goto pc+9"),
	ONE(BPF_JMP | BPF_JA | BPF_X, 1, 2, 3, 0, "(0d) if r1 jmp r2 goto pc+3"),
	ONE(BPF_JMP32 | BPF_EXIT, 1, 0, 3, 4, "(96) if w1 exit 0x4 goto pc+3"),
	ONE(BPF_JMP | 0xf0 | BPF_X, 1, 2, 3, 0, "(fd) if r1 (null) r2 goto pc+3"),
};

static const struct disasm_case call_cases[] = {
	ONE(BPF_JMP | BPF_CALL, 0, 0, 0, 1, "(85) call bpf_map_lookup_elem#1"),
	ONE(BPF_JMP | BPF_CALL, 0, 0, 0, 0, "(85) call bpf_unspec#0"),
	ONE(BPF_JMP | BPF_CALL, 0, 0, 0, 6, "(85) call bpf_trace_printk#6"),
	ONE(BPF_JMP | BPF_CALL, 0, 0, 0, 211, "(85) call bpf_cgrp_storage_delete#211"),
	ONE(BPF_JMP | BPF_CALL, 0, 0, 0, 212, "(85) call unknown#212"),
	ONE(BPF_JMP | BPF_CALL, 0, 0, 0, -1, "(85) call unknown#-1"),
	ONE(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5, "(85) call pc+5"),
	ONE(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -9, "(85) call pc-9"),
	ONE(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1234,
	    "(85) call kernel-function#1234"),
	ONE(BPF_JMP | BPF_CALL, 0, 3, 0, 1, "(85) call unknown#1"),
	ONE(BPF_JMP32 | BPF_CALL, 0, 0, 0, 2, "(86) call bpf_map_update_elem#2"),
	ONE(BPF_JMP | BPF_CALL | BPF_X, 1, 0, 0, 3, "(8d) call bpf_map_delete_elem#3"),
};

static const struct disasm_case ld_imm64_cases[] = {
	LD64(1, 0, 0, "(18) r1 = 0x0"),
	LD64(1, 0, 0xdeadbeefcafebabeULL, "(18) r1 = 0xdeadbeefcafebabe"),
	LD64(2, 0, 0xffffffffULL, "(18) r2 = 0xffffffff"),
	LD64(3, 0, 0x100000000ULL, "(18) r3 = 0x100000000"),
	LD64(4, 0, ~0ULL, "(18) r4 = 0xffffffffffffffff"),
	LD64(1, BPF_PSEUDO_MAP_FD, 7, "(18) r1 = 0x7"),
	LD64(1, BPF_PSEUDO_MAP_VALUE, 0x1000000007ULL, "(18) r1 = 0x1000000007"),
	LD64(1, BPF_PSEUDO_BTF_ID, 42, "(18) r1 = 0x2a"),
	LD64(1, BPF_PSEUDO_FUNC, 3, "(18) r1 = 0x3"),
	LD64(1, BPF_PSEUDO_MAP_IDX, 2, "(18) r1 = 0x2"),
	LD64(1, BPF_PSEUDO_MAP_IDX_VALUE, 0x800000002ULL, "(18) r1 = 0x800000002"),
	LD64(10, 9, 1, "(18) r10 = 0x1"),
};

static const struct disasm_case mem_cases[] = {
	ONE(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 4, 0, "(61) r1 = *(u32 *)(r2 +4)"),
	ONE(BPF_LDX | BPF_MEM | BPF_H, 1, 2, -2, 0, "(69) r1 = *(u16 *)(r2 -2)"),
	ONE(BPF_LDX | BPF_MEM | BPF_B, 1, 2, 0, 0, "(71) r1 = *(u8 *)(r2 +0)"),
	ONE(BPF_LDX | BPF_MEM | BPF_DW, 0, 10, -8, 0, "(79) r0 = *(u64 *)(r10 -8)"),
	ONE(BPF_LDX | BPF_MEMSX | BPF_W, 1, 2, 4, 0, "(81) r1 = *(s32 *)(r2 +4)"),
	ONE(BPF_LDX | BPF_MEMSX | BPF_H, 1, 2, 4, 0, "(89) r1 = *(s16 *)(r2 +4)"),
	ONE(BPF_LDX | BPF_MEMSX | BPF_B, 1, 2, 4, 0, "(91) r1 = *(s8 *)(r2 +4)"),
	/* no such instruction: the kernel reads past its table (see
	 * known-differences.txt), we print the missing name as "(null)" */
	ONE(BPF_LDX | BPF_MEMSX | BPF_DW, 1, 2, 4, 0, "(99) r1 = *((null) *)(r2 +4)"),
	ONE(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 7, "(62) *(u32 *)(r10 -4) = 7"),
	ONE(BPF_ST | BPF_MEM | BPF_H, 1, 0, 2, -1, "(6a) *(u16 *)(r1 +2) = -1"),
	ONE(BPF_ST | BPF_MEM | BPF_B, 1, 0, 0, 255, "(72) *(u8 *)(r1 +0) = 255"),
	ONE(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 0, "(7a) *(u64 *)(r10 -16) = 0"),
	ONE(BPF_ST | 0xc0, 0, 0, 0, 0, "(c2) nospec"),
	ONE(BPF_STX | BPF_MEM | BPF_W, 10, 1, -4, 0, "(63) *(u32 *)(r10 -4) = r1"),
	ONE(BPF_STX | BPF_MEM | BPF_H, 2, 3, 6, 0, "(6b) *(u16 *)(r2 +6) = r3"),
	ONE(BPF_STX | BPF_MEM | BPF_B, 2, 3, 32767, 0, "(73) *(u8 *)(r2 +32767) = r3"),
	ONE(BPF_STX | BPF_MEM | BPF_DW, 10, 9, -32768, 0, "(7b) *(u64 *)(r10 -32768) = r9"),
	/* legacy packet loads */
	ONE(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 12, "(20) r0 = *(u32 *)skb[12]"),
	ONE(BPF_LD | BPF_ABS | BPF_H, 0, 0, 0, 14, "(28) r0 = *(u16 *)skb[14]"),
	ONE(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, -1, "(30) r0 = *(u8 *)skb[-1]"),
	ONE(BPF_LD | BPF_IND | BPF_W, 0, 6, 0, 2, "(40) r0 = *(u32 *)skb[r6 + 2]"),
	ONE(BPF_LD | BPF_IND | BPF_B, 0, 7, 0, -3, "(50) r0 = *(u8 *)skb[r7 + -3]"),
};

static const struct disasm_case atomic_cases[] = {
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 8, BPF_ADD, "(c3) lock *(u32 *)(r1 +8) += r2"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 8, BPF_AND, "(c3) lock *(u32 *)(r1 +8) &= r2"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 8, BPF_OR, "(c3) lock *(u32 *)(r1 +8) |= r2"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 8, BPF_XOR, "(c3) lock *(u32 *)(r1 +8) ^= r2"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 0, -8, BPF_ADD,
	    "(db) lock *(u64 *)(r10 -8) += r0"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 0, -8, BPF_XOR,
	    "(db) lock *(u64 *)(r10 -8) ^= r0"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 0, BPF_ADD | BPF_FETCH,
	    "(c3) r2 = atomic_fetch_add((u32 *)(r1 +0), r2)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 0, BPF_AND | BPF_FETCH,
	    "(c3) r2 = atomic_fetch_and((u32 *)(r1 +0), r2)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 0, BPF_OR | BPF_FETCH,
	    "(c3) r2 = atomic_fetch_or((u32 *)(r1 +0), r2)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 0, BPF_XOR | BPF_FETCH,
	    "(c3) r2 = atomic_fetch_xor((u32 *)(r1 +0), r2)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 3, 4, -16, BPF_ADD | BPF_FETCH,
	    "(db) r4 = atomic64_fetch_add((u64 *)(r3 -16), r4)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 3, 4, -16, BPF_AND | BPF_FETCH,
	    "(db) r4 = atomic64_fetch_and((u64 *)(r3 -16), r4)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 3, 4, -16, BPF_OR | BPF_FETCH,
	    "(db) r4 = atomic64_fetch_or((u64 *)(r3 -16), r4)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 3, 4, -16, BPF_XOR | BPF_FETCH,
	    "(db) r4 = atomic64_fetch_xor((u64 *)(r3 -16), r4)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 5, 6, 4, BPF_XCHG,
	    "(c3) r6 = atomic_xchg((u32 *)(r5 +4), r6)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 5, 6, 4, BPF_XCHG,
	    "(db) r6 = atomic64_xchg((u64 *)(r5 +4), r6)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 7, 8, 0, BPF_CMPXCHG,
	    "(c3) r0 = atomic_cmpxchg((u32 *)(r7 +0), r0, r8)"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 7, 8, 0, BPF_CMPXCHG,
	    "(db) r0 = atomic64_cmpxchg((u64 *)(r7 +0), r0, r8)"),
	/* sizes the ISA lacks print like the others; unknown ops are BUGs */
	ONE(BPF_STX | BPF_ATOMIC | BPF_B, 1, 2, 0, BPF_ADD, "(d3) lock *(u8 *)(r1 +0) += r2"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 0, BPF_SUB, "BUG_c3"),
	ONE(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 0, BPF_XCHG & ~BPF_FETCH, "BUG_db"),
};

/* Every "BUG_" line: printed without the opcode prefix. */
static const struct disasm_case bug_cases[] = {
	ONE(BPF_LDX | BPF_IMM | BPF_W, 1, 2, 0, 0, "BUG_ldx_01"),
	ONE(BPF_LDX | BPF_ATOMIC | BPF_DW, 1, 2, 0, 0, "BUG_ldx_d9"),
	ONE(BPF_ST | BPF_MEMSX | BPF_W, 1, 2, 0, 0, "BUG_st_82"),
	ONE(BPF_ST | BPF_IMM | BPF_W, 1, 2, 0, 0, "BUG_st_02"),
	ONE(BPF_STX | BPF_MEMSX | BPF_W, 1, 2, 0, 0, "BUG_83"),
	ONE(BPF_STX | BPF_IND | BPF_B, 1, 2, 0, 0, "BUG_53"),
	ONE(BPF_LD | BPF_MEM | BPF_W, 1, 2, 0, 0, "BUG_ld_60"),
	ONE(BPF_LD | BPF_IMM | BPF_W, 1, 2, 0, 0, "BUG_ld_00"),
	ONE(BPF_LD | BPF_MEMSX | BPF_DW, 1, 2, 0, 0, "BUG_ld_98"),
};

static void check_case(const struct disasm_case *c)
{
	int len = isa_insn_len(&c->insn[0]);
	const char *bare = c->text;
	char buf[128];

	if (bare[0] == '(')
		bare += strlen("(00) ");
	assert_int_equal(isa_disasm(c->insn, 2, NULL, true, buf, sizeof(buf)), len);
	assert_string_equal(buf, c->text);
	assert_int_equal(isa_disasm(c->insn, 2, NULL, false, buf, sizeof(buf)), len);
	assert_string_equal(buf, bare);
}

#define CHECK_ALL(cases)                                              \
	do {                                                          \
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) \
			check_case(&cases[i]);                        \
	} while (0)

static void test_alu(void **state)
{
	(void)state;
	CHECK_ALL(alu_cases);
}

static void test_alu_v4(void **state)
{
	(void)state;
	CHECK_ALL(alu_v4_cases);
}

static void test_jmp(void **state)
{
	(void)state;
	CHECK_ALL(jmp_cases);
}

static void test_call(void **state)
{
	(void)state;
	CHECK_ALL(call_cases);
}

static void test_ld_imm64(void **state)
{
	(void)state;
	CHECK_ALL(ld_imm64_cases);
}

static void test_mem(void **state)
{
	(void)state;
	CHECK_ALL(mem_cases);
}

static void test_atomic(void **state)
{
	(void)state;
	CHECK_ALL(atomic_cases);
}

static void test_bug(void **state)
{
	(void)state;
	CHECK_ALL(bug_cases);
}

/* Every opcode byte prints something, NUL-terminated, and never overflows. */
static void test_every_opcode_fits(void **state)
{
	struct bpf_insn insn[2] = { INSN(0, 15, 15, INT16_MIN, INT32_MIN), INSN(0, 0, 0, 0, -1) };
	char buf[128];
	int code;

	(void)state;
	for (code = 0; code < 256; code++) {
		insn[0].code = (uint8_t)code;
		assert_int_equal(isa_disasm(insn, 2, NULL, true, buf, sizeof(buf)),
				 isa_insn_len(insn));
		assert_true(strlen(buf) > 0 && strlen(buf) < 80);
	}
}

static void test_ld_imm64_cut_short(void **state)
{
	const struct bpf_insn insn = INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 5);
	char buf[128];

	(void)state;
	assert_int_equal(isa_disasm(&insn, 1, NULL, true, buf, sizeof(buf)), -EINVAL);
	assert_string_equal(buf, "ld_imm64 cut short: second half missing");
	assert_int_equal(isa_disasm(&insn, 0, NULL, true, buf, sizeof(buf)), -EINVAL);
	assert_string_equal(buf, "no instruction");
}

static void test_truncated_buffer(void **state)
{
	const struct bpf_insn insn = INSN(BPF_LDX | BPF_MEM | BPF_DW, 0, 10, -8, 0);
	char buf[12];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(isa_disasm(&insn, 1, NULL, true, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "(79) r0 = *");
	assert_int_equal(isa_disasm(&insn, 1, NULL, true, buf, 4), 1);
	assert_string_equal(buf, "(79");
	assert_int_equal(isa_disasm(&insn, 1, NULL, false, buf, 1), 1);
	assert_string_equal(buf, "");
	assert_int_equal(isa_disasm(&insn, 1, NULL, false, NULL, 0), 1);
}

/* Callbacks: names a test callback gives, NULL where it declines. */
struct cb_log {
	int calls, imms;
	uint64_t last_imm;
};

static const char *name_call(void *ctx, const struct bpf_insn *insn)
{
	struct cb_log *log = ctx;

	log->calls++;
	if (insn->src_reg == BPF_PSEUDO_CALL)
		return "<subprog>";
	if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		return "bpf_obj_new_impl";
	return insn->imm == 999 ? "bpf_future_helper" : NULL;
}

static const char *name_imm(void *ctx, const struct bpf_insn *insn, uint64_t full_imm)
{
	struct cb_log *log = ctx;

	log->imms++;
	log->last_imm = full_imm;
	return insn->src_reg == BPF_PSEUDO_MAP_FD ? "map[id:5]" : NULL;
}

static void test_callbacks(void **state)
{
	struct cb_log log = { 0 };
	const struct isa_disasm_cbs cbs = { name_call, name_imm, &log };
	const struct isa_disasm_cbs no_cbs = { NULL, NULL, &log };
	const struct bpf_insn helper = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 1);
	const struct bpf_insn pseudo = INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 5);
	const struct bpf_insn kfunc = INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 77);
	const struct bpf_insn future = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 999);
	const struct bpf_insn unknown = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 998);
	const struct bpf_insn map[2] = { INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 3),
					 INSN(0, 0, 0, 0, 1) };
	const struct bpf_insn value[2] = { INSN(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 3),
					   INSN(0, 0, 0, 0, 1) };
	char buf[128];

	(void)state;
	/* a known helper never asks the callback, as in __func_get_name() */
	isa_disasm(&helper, 1, &cbs, true, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call bpf_map_lookup_elem#1");
	assert_int_equal(log.calls, 0);
	isa_disasm(&pseudo, 1, &cbs, true, buf, sizeof(buf));
	assert_string_equal(buf, "(85) call pc<subprog>");
	isa_disasm(&kfunc, 1, &cbs, false, buf, sizeof(buf));
	assert_string_equal(buf, "call bpf_obj_new_impl#77");
	isa_disasm(&future, 1, &cbs, false, buf, sizeof(buf));
	assert_string_equal(buf, "call bpf_future_helper#999");
	isa_disasm(&unknown, 1, &cbs, false, buf, sizeof(buf));
	assert_string_equal(buf, "call unknown#998");
	assert_int_equal(log.calls, 4);

	assert_int_equal(isa_disasm(map, 2, &cbs, true, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "(18) r1 = map[id:5]");
	assert_int_equal(log.imms, 1);
	assert_true(log.last_imm == 0x100000003ULL);
	assert_int_equal(isa_disasm(value, 2, &cbs, false, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r2 = 0x100000003");
	assert_int_equal(log.imms, 2);

	/* a cbs with no callbacks behaves like none */
	isa_disasm(&pseudo, 1, &no_cbs, false, buf, sizeof(buf));
	assert_string_equal(buf, "call pc+5");
	isa_disasm(&kfunc, 1, &no_cbs, false, buf, sizeof(buf));
	assert_string_equal(buf, "call kernel-function#77");
	isa_disasm(map, 2, &no_cbs, false, buf, sizeof(buf));
	assert_string_equal(buf, "r1 = 0x100000003");
	assert_int_equal(log.calls + log.imms, 6);
}

/* --dump-cases PREFIX: the tables as PREFIX.bin and PREFIX.txt. */
static int dump_cases(const char *prefix)
{
	static const struct { const struct disasm_case *c; size_t n; } tables[] = {
#define TABLE(t) { t, sizeof(t) / sizeof(t[0]) }
		TABLE(alu_cases), TABLE(alu_v4_cases), TABLE(jmp_cases), TABLE(call_cases),
		TABLE(ld_imm64_cases), TABLE(mem_cases), TABLE(atomic_cases), TABLE(bug_cases),
#undef TABLE
	};
	char path[4096];
	FILE *bin, *txt;
	size_t t, i;
	int err;

	snprintf(path, sizeof(path), "%s.bin", prefix);
	bin = fopen(path, "wb");
	snprintf(path, sizeof(path), "%s.txt", prefix);
	txt = fopen(path, "w");
	if (!bin || !txt) {
		perror(path);
		return 1;
	}
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (i = 0; i < tables[t].n; i++) {
			const struct disasm_case *c = &tables[t].c[i];

			fwrite(c->insn, sizeof(c->insn[0]), (size_t)isa_insn_len(c->insn), bin);
			fprintf(txt, "%s\n", c->text);
		}
	err = ferror(bin) | ferror(txt);
	err |= fclose(bin) | fclose(txt);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu),
		cmocka_unit_test(test_alu_v4),
		cmocka_unit_test(test_jmp),
		cmocka_unit_test(test_call),
		cmocka_unit_test(test_ld_imm64),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_bug),
		cmocka_unit_test(test_every_opcode_fits),
		cmocka_unit_test(test_ld_imm64_cut_short),
		cmocka_unit_test(test_truncated_buffer),
		cmocka_unit_test(test_callbacks),
	};

	if (argc == 3 && !strcmp(argv[1], "--dump-cases"))
		return dump_cases(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
