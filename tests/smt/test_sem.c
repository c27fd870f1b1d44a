// SPDX-License-Identifier: MIT
/*
 * The Z3 semantics of smt/ (sem.c) against an independent C reference of
 * the BPF rules (RFC 9669), on edge and random operands: every ALU and
 * ALU64 operation with both operand forms, sdiv/smod, movsx, byte swaps,
 * every jump condition, and little-endian loads and stores.  A test runs
 * the Z3 term on constants (Z3_simplify) and compares.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "smt/internal.h"

static struct smt_ctx *s;

static uint64_t eval(Z3_ast t)
{
	uint64_t v = 0;
	Z3_ast r = Z3_simplify(s->z, t);

	if (!Z3_get_numeral_uint64(s->z, r, &v))
		fail_msg("not a numeral: %s", Z3_ast_to_string(s->z, r));
	return v;
}

static int eval_bool(Z3_ast t)
{
	Z3_ast r = Z3_simplify(s->z, t);

	if (Z3_is_eq_ast(s->z, r, Z3_mk_true(s->z)))
		return 1;
	if (Z3_is_eq_ast(s->z, r, Z3_mk_false(s->z)))
		return 0;
	fail_msg("not a boolean constant: %s", Z3_ast_to_string(s->z, r));
	return -1;
}

/* ---- the C reference ---- */

static uint64_t ref_op64(uint8_t op, bool sign, uint64_t a, uint64_t b)
{
	switch (op) {
	case BPF_ADD: return a + b;
	case BPF_SUB: return a - b;
	case BPF_MUL: return a * b;
	case BPF_OR: return a | b;
	case BPF_AND: return a & b;
	case BPF_XOR: return a ^ b;
	case BPF_LSH: return a << (b & 63);
	case BPF_RSH: return a >> (b & 63);
	case BPF_ARSH: return (uint64_t)((int64_t)a >> (b & 63));
	case BPF_NEG: return -a;
	case BPF_MOV: return b;
	case BPF_DIV:
		if (!b)
			return 0;
		if (!sign)
			return a / b;
		if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
			return a; /* the two's complement wrap */
		return (uint64_t)((int64_t)a / (int64_t)b);
	case BPF_MOD:
		if (!b)
			return a;
		if (!sign)
			return a % b;
		if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
			return 0;
		return (uint64_t)((int64_t)a % (int64_t)b);
	}
	return 0;
}

static uint64_t ref_op32(uint8_t op, bool sign, uint32_t a, uint32_t b)
{
	switch (op) {
	case BPF_ADD: return (uint32_t)(a + b);
	case BPF_SUB: return (uint32_t)(a - b);
	case BPF_MUL: return (uint32_t)(a * b);
	case BPF_OR: return a | b;
	case BPF_AND: return a & b;
	case BPF_XOR: return a ^ b;
	case BPF_LSH: return (uint32_t)(a << (b & 31));
	case BPF_RSH: return a >> (b & 31);
	case BPF_ARSH: return (uint32_t)((int32_t)a >> (b & 31));
	case BPF_NEG: return (uint32_t)-a;
	case BPF_MOV: return b;
	case BPF_DIV:
		if (!b)
			return 0;
		if (!sign)
			return a / b;
		if ((int32_t)a == INT32_MIN && (int32_t)b == -1)
			return a;
		return (uint32_t)((int32_t)a / (int32_t)b);
	case BPF_MOD:
		if (!b)
			return a; /* the dividend's low 32 bits, zero-extended */
		if (!sign)
			return a % b;
		if ((int32_t)a == INT32_MIN && (int32_t)b == -1)
			return 0;
		return (uint32_t)((int32_t)a % (int32_t)b);
	}
	return 0;
}

static const uint64_t edge[] = {
	0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
	0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 0x123456789abcdef0ull,
	0xffffffff80000000ull,
};
#define N_EDGE (sizeof(edge) / sizeof(edge[0]))

static uint64_t rnd64(void)
{
	return ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^ (uint64_t)rand();
}

static void check_alu(uint8_t op, bool sign, uint64_t a, uint64_t b)
{
	for (int w = 0; w < 2; w++) {
		struct bpf_insn insn = {
			.code = (uint8_t)((w ? BPF_ALU64 : BPF_ALU) | op | BPF_X),
			.off = sign ? 1 : 0,
		};
		uint64_t want = w ? ref_op64(op, sign, a, b) : ref_op32(op, sign, (uint32_t)a, (uint32_t)b);
		uint64_t got = eval(sem_alu(s, &insn, sem_const(s, a), sem_const(s, b)));

		if (got != want)
			fail_msg("%s op %#x%s a=%#llx b=%#llx: z3 %#llx, reference %#llx",
				 w ? "alu64" : "alu32", op, sign ? " (signed)" : "",
				 (unsigned long long)a, (unsigned long long)b,
				 (unsigned long long)got, (unsigned long long)want);
	}
}

static void test_alu(void **state)
{
	static const uint8_t ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND,
				       BPF_LSH, BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH };

	(void)state;
	for (size_t o = 0; o < sizeof(ops); o++) {
		for (size_t i = 0; i < N_EDGE; i++)
			for (size_t j = 0; j < N_EDGE; j++)
				check_alu(ops[o], false, edge[i], edge[j]);
		for (int k = 0; k < 200; k++)
			check_alu(ops[o], false, rnd64(), k & 1 ? rnd64() & 0x7f : rnd64());
	}
	/* sdiv and smod: off = 1 */
	for (size_t i = 0; i < N_EDGE; i++)
		for (size_t j = 0; j < N_EDGE; j++) {
			check_alu(BPF_DIV, true, edge[i], edge[j]);
			check_alu(BPF_MOD, true, edge[i], edge[j]);
		}
}

static uint64_t ref_bswap(uint64_t x, int bits)
{
	uint64_t r = 0;

	for (int i = 0; i < bits / 8; i++)
		r |= ((x >> (8 * i)) & 0xff) << (bits - 8 - 8 * i);
	return r;
}

static void test_movsx_and_end(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_EDGE; i++) {
		uint64_t x = edge[i] ^ 0x0123456789abcd00ull * (i & 1);

		for (int bits = 8; bits <= 32; bits *= 2) {
			struct bpf_insn m64 = { .code = BPF_ALU64 | BPF_MOV | BPF_X, .off = (short)bits };
			struct bpf_insn m32 = { .code = BPF_ALU | BPF_MOV | BPF_X, .off = (short)bits };
			uint64_t w64 = bits == 8 ? (uint64_t)(int64_t)(int8_t)x :
				       bits == 16 ? (uint64_t)(int64_t)(int16_t)x :
						    (uint64_t)(int64_t)(int32_t)x;

			assert_int_equal(eval(sem_alu(s, &m64, sem_const(s, 0), sem_const(s, x))), w64);
			if (bits < 32) {
				uint64_t w32 = (uint32_t)(bits == 8 ? (int32_t)(int8_t)x : (int32_t)(int16_t)x);

				assert_int_equal(eval(sem_alu(s, &m32, sem_const(s, 0), sem_const(s, x))), w32);
			}
		}
		for (int bits = 16; bits <= 64; bits *= 2) {
			struct bpf_insn be = { .code = BPF_ALU | BPF_END | BPF_TO_BE, .imm = bits };
			struct bpf_insn le = { .code = BPF_ALU | BPF_END | BPF_TO_LE, .imm = bits };
			struct bpf_insn sw = { .code = BPF_ALU64 | BPF_END | BPF_TO_LE, .imm = bits };
			uint64_t low = bits == 64 ? x : x & ((1ull << bits) - 1);

			assert_int_equal(eval(sem_alu(s, &be, sem_const(s, x), sem_const(s, 0))),
					 ref_bswap(x, bits));
			assert_int_equal(eval(sem_alu(s, &le, sem_const(s, x), sem_const(s, 0))), low);
			assert_int_equal(eval(sem_alu(s, &sw, sem_const(s, x), sem_const(s, 0))),
					 ref_bswap(x, bits));
		}
	}
}

static int ref_cond(uint8_t op, bool jmp32, uint64_t a, uint64_t b)
{
	if (jmp32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	int64_t sa = jmp32 ? (int32_t)a : (int64_t)a, sb = jmp32 ? (int32_t)b : (int64_t)b;

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
	case BPF_JSET: return (a & b) != 0;
	}
	return -1;
}

static void test_conditions(void **state)
{
	static const uint8_t ops[] = { BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
				       BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET };

	(void)state;
	for (size_t o = 0; o < sizeof(ops); o++)
		for (int j32 = 0; j32 < 2; j32++)
			for (size_t i = 0; i < N_EDGE; i++)
				for (size_t k = 0; k < N_EDGE; k++) {
					struct bpf_insn insn = {
						.code = (uint8_t)((j32 ? BPF_JMP32 : BPF_JMP) | ops[o] | BPF_X),
					};
					int got = eval_bool(sem_cond(s, &insn, sem_const(s, edge[i]),
								     sem_const(s, edge[k])));

					assert_int_equal(got, ref_cond(ops[o], j32, edge[i], edge[k]));
				}
}

static void test_memory(void **state)
{
	Z3_ast mem = Z3_mk_const_array(s->z, s->bv64, Z3_mk_unsigned_int64(s->z, 0, s->bv8));
	uint64_t v = 0x8899aabbccddeef0ull, base = 0x1000;

	(void)state;
	mem = sem_store(s, mem, sem_const(s, base), sem_const(s, v), 8);
	/* little-endian: the lowest byte first */
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base), 1, false)), 0xf0);
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base + 1), 2, false)), 0xddee);
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base + 4), 4, false)), 0x8899aabb);
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base), 8, false)), v);
	/* MEMSX */
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base + 7), 1, true)),
			 0xffffffffffffff88ull);
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base + 4), 4, true)),
			 0xffffffff8899aabbull);
	/* a 2-byte store touches 2 bytes */
	mem = sem_store(s, mem, sem_const(s, base + 2), sem_const(s, 0x1234), 2);
	assert_int_equal(eval(sem_load(s, mem, sem_const(s, base), 8, false)), 0x8899aabb1234eef0ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu),
		cmocka_unit_test(test_movsx_and_end),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_memory),
	};
	int ret;

	srand(1);
	s = smt_open(NULL);
	if (!s)
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	smt_close(s);
	return ret;
}
