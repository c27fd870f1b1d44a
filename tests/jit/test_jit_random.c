// SPDX-License-Identifier: MIT
/*
 * Differential testing of the JIT against the interpreter on random
 * programs: every register loaded with a random 64-bit value, then random
 * ALU and ALU64 instructions (every operation, register and immediate
 * sources, div/mod signed and unsigned with zero and -1 divisors likely,
 * shifts through rcx, movsx, bswap and byte swaps), forward conditional
 * jumps (JMP and JMP32, every condition), stack stores, loads (MEMSX too)
 * and atomics, helper calls, and half the time bpf-to-bpf calls to a
 * second random function; at the end every register and stack slot is
 * folded into r0.  The JIT's r0
 * must be the interpreter's, in each check mode.  Seeded: reproducible;
 * argv[1] = the number of programs (default 3000), argv[2] = the seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jit.h"

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
					       .off = (o), .imm = (i) })
#define MAX_INSNS 600

static uint64_t seed = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static int32_t rnd_imm(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return -1;
	case 2: return (int32_t)(rnd() % 70);
	case 3: return INT32_MIN;
	default: return (int32_t)rnd();
	}
}

static int reg(void) { return (int)(rnd() % 10); } /* r0-r9 */

static void alu(struct bpf_insn *p, size_t *n)
{
	static const uint8_t ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND,
				       BPF_LSH, BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV,
				       BPF_ARSH, BPF_END };
	uint8_t op = ops[rnd() % sizeof(ops)], cl = rnd() % 2 ? BPF_ALU64 : BPF_ALU;
	bool x = rnd() % 2;
	int16_t off = 0;
	int32_t imm = rnd_imm();

	if (op == BPF_END) {
		static const int w[3] = { 16, 32, 64 };

		p[(*n)++] = INSN(cl | BPF_END | (rnd() % 2 ? BPF_TO_BE : BPF_TO_LE), reg(), 0, 0,
				 w[rnd() % 3]);
		return;
	}
	if (op == BPF_DIV || op == BPF_MOD)
		off = rnd() % 2;
	if (op == BPF_MOV && x && rnd() % 3 == 0) {
		static const int16_t sx[3] = { 8, 16, 32 };

		off = sx[rnd() % (cl == BPF_ALU64 ? 3 : 2)];
	}
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && !x)
		imm = (int32_t)(rnd() % (cl == BPF_ALU64 ? 64 : 32));
	if (op == BPF_NEG)
		x = false, imm = 0;
	p[(*n)++] = INSN(cl | op | (x ? BPF_X : BPF_K), reg(), x ? reg() : 0, off, x ? 0 : imm);
}

static void mem(struct bpf_insn *p, size_t *n)
{
	static const uint8_t sizes[4] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	int sz = (int)(rnd() % 4), bytes = 1 << sz;
	int16_t off = (int16_t)(-8 * (int)(1 + rnd() % 8) + (int)(rnd() % (9 - bytes)));

	switch (rnd() % 5) {
	case 0:
		p[(*n)++] = INSN(BPF_STX | BPF_MEM | sizes[sz], BPF_REG_10, reg(), off, 0);
		break;
	case 1:
		p[(*n)++] = INSN(BPF_ST | BPF_MEM | sizes[sz], BPF_REG_10, 0, off, rnd_imm());
		break;
	case 2:
		p[(*n)++] = INSN(BPF_LDX | (sz < 3 && rnd() % 2 ? BPF_MEMSX : BPF_MEM) | sizes[sz],
				 reg(), BPF_REG_10, off, 0);
		break;
	default: {
		static const int32_t ops[] = { BPF_ADD, BPF_OR, BPF_AND, BPF_XOR,
					       BPF_ADD | BPF_FETCH, BPF_OR | BPF_FETCH,
					       BPF_AND | BPF_FETCH, BPF_XOR | BPF_FETCH, BPF_XCHG,
					       BPF_CMPXCHG };
		int w = rnd() % 2 ? 3 : 2;

		off = (int16_t)(-8 * (int)(1 + rnd() % 8));
		p[(*n)++] = INSN(BPF_STX | BPF_ATOMIC | sizes[w], BPF_REG_10, reg(), off,
				 ops[rnd() % (sizeof(ops) / sizeof(ops[0]))]);
		break;
	}
	}
}

/* r1-r5 after a helper are undefined in BPF (the JIT leaves what C left):
 * a random program sets them again. */
static void helper(struct bpf_insn *p, size_t *n)
{
	p[(*n)++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_smp_processor_id);
	for (int r = 1; r <= 5; r++)
		p[(*n)++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, rnd_imm());
}

/* `body` random instructions from n on; calls (to be patched) recorded. */
static void block(struct bpf_insn *p, size_t *n, size_t body, size_t *calls, size_t *ncalls)
{
	static const uint8_t conds[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
					 BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
	size_t start = *n;

	for (int k = 1; k <= 8; k++) /* the frame starts defined */
		p[(*n)++] = INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, k, -8 * k, 0);
	while (*n < start + body) {
		unsigned what = rnd() % 20;

		if (what < 12) {
			alu(p, n);
		} else if (what < 16) {
			mem(p, n);
		} else if (what == 16 && calls) {
			calls[(*ncalls)++] = *n;
			p[(*n)++] = INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
		} else if (what == 17) {
			helper(p, n);
		} else {
			size_t left = start + body > *n ? start + body - *n : 0;
			int16_t off = (int16_t)(left > 1 ? rnd() % (left > 20 ? 20 : left) : 0);
			uint8_t cl = rnd() % 2 ? BPF_JMP : BPF_JMP32;
			bool x = rnd() % 2;

			if (rnd() % 8 == 0)
				p[(*n)++] = INSN(BPF_JMP | BPF_JA, 0, 0, off, 0);
			else
				p[(*n)++] = INSN(cl | conds[rnd() % sizeof(conds)] | (x ? BPF_X : BPF_K),
						 reg(), x ? reg() : 0, off, x ? 0 : rnd_imm());
		}
	}
}

/* Every register and stack slot of the frame into r0, then exit. */
static void fold(struct bpf_insn *p, size_t *n)
{
	for (int r = 1; r < 10; r++) {
		p[(*n)++] = INSN(BPF_ALU64 | BPF_LSH | BPF_K, 0, 0, 0, 7);
		p[(*n)++] = INSN(BPF_ALU64 | BPF_XOR | BPF_X, 0, r, 0, 0);
	}
	for (int k = 1; k <= 8; k++) {
		p[(*n)++] = INSN(BPF_LDX | BPF_MEM | BPF_DW, 1, BPF_REG_10, -8 * k, 0);
		p[(*n)++] = INSN(BPF_ALU64 | BPF_MUL | BPF_K, 0, 0, 0, 31);
		p[(*n)++] = INSN(BPF_ALU64 | BPF_ADD | BPF_X, 0, 1, 0, 0);
	}
	p[(*n)++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* A main function and, half the time, a function it calls (bpf-to-bpf:
 * its own frame, r6-r9 kept, r0 back, r1-r5 what it left). */
static size_t gen(struct bpf_insn *p)
{
	size_t n = 0, calls[MAX_INSNS], ncalls = 0;
	bool sub = rnd() % 2;

	for (int r = 0; r < 10; r++) {
		uint64_t v = rnd();

		if (rnd() % 4 == 0)
			v = (uint64_t)(int64_t)rnd_imm();
		p[n++] = INSN(BPF_LD | BPF_DW | BPF_IMM, r, 0, 0, (int32_t)v);
		p[n++] = INSN(0, 0, 0, 0, (int32_t)(v >> 32));
	}
	block(p, &n, 20 + rnd() % 80, sub ? calls : NULL, &ncalls);
	fold(p, &n);
	if (sub) {
		size_t entry = n;

		block(p, &n, 10 + rnd() % 40, NULL, NULL);
		fold(p, &n);
		for (size_t k = 0; k < ncalls; k++)
			p[calls[k]].imm = (int32_t)(entry - calls[k] - 1);
	}
	return n;
}

int main(int argc, char **argv)
{
	unsigned count = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 3000;
	struct bpf_insn p[MAX_INSNS];
	uint8_t all[MAX_INSNS / 8 + 1];
	unsigned failed = 0;
	struct rt *rt;
	char err[256];

	if (argc > 2)
		seed = strtoull(argv[2], NULL, 0) ?: seed;
	memset(all, 0xff, sizeof(all));
	if (rt_open(NULL, &(struct rt_opts){ .arena_size = 16 << 20 }, &rt, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (unsigned t = 0; t < count; t++) {
		uint64_t s0 = seed;
		size_t n = gen(p);
		struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .conformance = true };
		struct rt_run_result ri, rj;

		if (rt_run_insns(rt, p, n, BPF_PROG_TYPE_UNSPEC, NULL, &ro, &ri)) {
			printf("program %u (seed %#llx): the interpreter failed: %s\n", t,
			       (unsigned long long)s0, ri.msg);
			failed++;
			continue;
		}
		for (int m = 0; m < 3; m++) {
			struct jit_opts jo = { .mode = m == 0 ? RT_CHECK_NONE : m == 1 ? RT_CHECK_FULL
									  : RT_CHECK_BITMAP,
					       .check_bitmap = all };
			struct jit_prog *jp;

			if (jit_compile(rt, p, n, BPF_PROG_TYPE_UNSPEC, NULL, &jo, &jp, err, sizeof(err))) {
				printf("program %u: compile: %s\n", t, err);
				failed++;
				break;
			}
			if (jit_run(jp, &ro, &rj) || rj.r0 != ri.r0 || rj.reports != ri.reports) {
				printf("program %u (seed %#llx), mode %d: r0 %#llx, the interpreter's "
				       "%#llx; %u reports, %u; '%s'\n", t, (unsigned long long)s0, m,
				       (unsigned long long)rj.r0, (unsigned long long)ri.r0, rj.reports,
				       ri.reports, rj.msg);
				if (!failed)
					for (size_t i = 0; i < n; i++) {
						char text[128];

						isa_disasm(&p[i], n - i, NULL, true, text, sizeof(text));
						printf("  %zu: %s\n", i, text);
					}
				failed++;
			}
			jit_free(jp);
		}
	}
	rt_close(rt);
	printf("random programs: %u, JIT (3 modes) vs interpreter: %u disagreements\n", count, failed);
	return failed != 0;
}
