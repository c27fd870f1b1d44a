// SPDX-License-Identifier: MIT
/*
 * corpus all|valid OUT.o: write a BPF ELF object whose one code section,
 * "corpus", holds hand-built instructions.
 *
 *   all	every opcode byte 0x00..0xff with a spread of registers, offsets
 *		and immediates, every atomic imm, every call and ld_imm64 src_reg,
 *		every END width, an ld_imm64 cut short at the end: what clang
 *		never emits, invalid forms included.  Input for the
 *		kernel-printer oracle, which prints anything.
 *   valid	every ISA v4 instruction (Linux 6.12) in its valid encodings
 *		only, registers r0..r10: input for the llvm-objdump comparison,
 *		as LLVM refuses the rest.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

static struct bpf_insn insns[1 << 16];
static size_t ninsns;

static void emit(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (ninsns == sizeof(insns) / sizeof(insns[0])) {
		fprintf(stderr, "corpus: too many instructions\n");
		exit(1);
	}
	insns[ninsns++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
					     .off = off, .imm = imm };
}

static void emit_ld_imm64(uint8_t dst, uint8_t src, uint64_t imm)
{
	emit(BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, (int32_t)(uint32_t)imm);
	emit(0, 0, 0, 0, (int32_t)(uint32_t)(imm >> 32));
}

static const uint64_t imm64s[] = {
	0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0xdeadbeefcafebabeULL, 0x8000000000000000ULL, ~0ULL,
};

/* The fields every opcode byte is tried with in "all". */
static const struct { uint8_t dst, src; int16_t off; int32_t imm; } spread[] = {
	{ 0, 0, 0, 0 },	       { 1, 2, 0, 0 },	   { 10, 1, -8, -1 },
	{ 3, 4, 1, 1 },	       { 5, 6, 8, 16 },	   { 7, 8, 16, 32 },
	{ 9, 10, 32, 64 },     { 2, 3, -1, 0x10002 },
	{ 11, 15, 4, 0x7fffffff }, { 15, 11, 0x7fff, INT32_MIN },
	{ 4, 5, -32768, 0xe1 }, { 6, 7, 2, 0xf1 }, { 8, 9, 0, 0x51 },
};

static void all_opcodes(void)
{
	size_t v;
	int code;

	for (code = 0; code < 256; code++)
		for (v = 0; v < sizeof(spread) / sizeof(spread[0]); v++)
			if (code == (BPF_LD | BPF_IMM | BPF_DW))
				emit_ld_imm64(spread[v].dst, spread[v].src,
					      imm64s[v % (sizeof(imm64s) / sizeof(imm64s[0]))]);
			else
				emit((uint8_t)code, spread[v].dst, spread[v].src, spread[v].off,
				     spread[v].imm);
}

static void all_variants(void)
{
	static const int32_t call_imms[] = { -3, -1, 0, 1, 5, 211, 212, 213, 1000, INT32_MIN,
					     INT32_MAX };
	static const uint8_t sizes[] = { BPF_W, BPF_H, BPF_B, BPF_DW };
	size_t i, s;
	int src, imm;

	for (s = 0; s < 4; s++)
		for (imm = -1; imm < 0x200; imm++)
			emit(BPF_STX | BPF_ATOMIC | sizes[s], 1, 2, -16, imm);
	for (src = 0; src < 16; src++) {
		for (i = 0; i < sizeof(call_imms) / sizeof(call_imms[0]); i++) {
			emit(BPF_JMP | BPF_CALL, 0, (uint8_t)src, 0, call_imms[i]);
			emit(BPF_JMP32 | BPF_CALL, 0, (uint8_t)src, 0, call_imms[i]);
		}
		for (i = 0; i < sizeof(imm64s) / sizeof(imm64s[0]); i++)
			emit_ld_imm64((uint8_t)(i + 1), (uint8_t)src, imm64s[i]);
		emit(BPF_JMP | BPF_JCOND, 0, (uint8_t)src, 7, 0);
		emit(BPF_ALU64 | BPF_ADD | BPF_X, (uint8_t)src, (uint8_t)(15 - src), 0, 0);
	}
	for (imm = -1; imm <= 64; imm++) {
		emit(BPF_ALU | BPF_END | BPF_TO_LE, 3, 0, 0, imm);
		emit(BPF_ALU | BPF_END | BPF_TO_BE, 3, 0, 0, imm);
		emit(BPF_ALU64 | BPF_END | BPF_TO_LE, 3, 0, 0, imm);
		emit(BPF_ALU64 | BPF_END | BPF_TO_BE, 3, 0, 0, imm);
	}
	for (i = 0; i < sizeof(imm64s) / sizeof(imm64s[0]); i++)
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, BPF_ADDR_SPACE_CAST, (int32_t)imm64s[i]);
	/* last: an ld_imm64 cut short by the end of the section */
	emit(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 5);
}

/* ALU and ALU64: every valid op, K and X, sdiv/smod, movsx, end, neg. */
static void valid_alu(uint8_t class)
{
	static const uint8_t ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND,
				       BPF_LSH, BPF_RSH, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH };
	static const int32_t imms[] = { 0, 1, -1, 42, INT32_MAX, INT32_MIN };
	size_t o, i;

	for (o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
		emit(class | ops[o] | BPF_X, (uint8_t)(o % 11), (uint8_t)(10 - o % 11), 0, 0);
		for (i = 0; i < sizeof(imms) / sizeof(imms[0]); i++)
			emit(class | ops[o] | BPF_K, (uint8_t)(i + 1), 0, 0, imms[i]);
	}
	emit(class | BPF_DIV | BPF_X, 1, 2, 1, 0);
	emit(class | BPF_MOD | BPF_X, 3, 4, 1, 0);
	emit(class | BPF_DIV | BPF_K, 5, 0, 1, -7);
	emit(class | BPF_MOD | BPF_K, 6, 0, 1, 9);
	emit(class | BPF_MOV | BPF_X, 7, 8, 8, 0);
	emit(class | BPF_MOV | BPF_X, 8, 9, 16, 0);
	if (class == BPF_ALU64) {
		emit(class | BPF_MOV | BPF_X, 9, 1, 32, 0);
		emit(class | BPF_MOV | BPF_X, 1, 2, BPF_ADDR_SPACE_CAST, 1);
		emit(class | BPF_MOV | BPF_X, 3, 4, BPF_ADDR_SPACE_CAST, 1 << 16);
	}
	emit(class | BPF_NEG, 4, 0, 0, 0);
	emit(class | BPF_END | BPF_TO_LE, 2, 0, 0, 16);
	emit(class | BPF_END | BPF_TO_LE, 2, 0, 0, 32);
	emit(class | BPF_END | BPF_TO_LE, 2, 0, 0, 64);
	if (class == BPF_ALU) {
		emit(class | BPF_END | BPF_TO_BE, 3, 0, 0, 16);
		emit(class | BPF_END | BPF_TO_BE, 3, 0, 0, 32);
		emit(class | BPF_END | BPF_TO_BE, 3, 0, 0, 64);
	}
}

/* Loads, stores and atomics of every size they exist in. */
static void valid_mem(void)
{
	static const uint8_t sizes[] = { BPF_W, BPF_H, BPF_B, BPF_DW };
	static const int32_t atomics[] = { BPF_ADD, BPF_AND, BPF_OR, BPF_XOR,
					   BPF_ADD | BPF_FETCH, BPF_AND | BPF_FETCH,
					   BPF_OR | BPF_FETCH, BPF_XOR | BPF_FETCH,
					   BPF_XCHG, BPF_CMPXCHG };
	size_t s, a;

	for (s = 0; s < 4; s++) {
		emit(BPF_LDX | BPF_MEM | sizes[s], 1, 10, -8, 0);
		emit(BPF_LDX | BPF_MEM | sizes[s], 2, 3, 0x7fff, 0);
		emit(BPF_STX | BPF_MEM | sizes[s], 10, 4, -512, 0);
		emit(BPF_ST | BPF_MEM | sizes[s], 5, 0, 12, -42);
		emit(BPF_ST | BPF_MEM | sizes[s], 6, 0, -32768, 0x1234);
		if (sizes[s] != BPF_DW)
			emit(BPF_LDX | BPF_MEMSX | sizes[s], 7, 8, -4, 0);
		if (sizes[s] != BPF_DW) {
			emit(BPF_LD | BPF_ABS | sizes[s], 0, 0, 0, 14);
			emit(BPF_LD | BPF_IND | sizes[s], 0, 3, 0, 2);
		}
	}
	for (s = 0; s < 4; s += 3)
		for (a = 0; a < sizeof(atomics) / sizeof(atomics[0]); a++)
			emit(BPF_STX | BPF_ATOMIC | sizes[s], 1, (uint8_t)(a + 1), (int16_t)(-8 * a),
			     atomics[a]);
}

/* Jumps, calls, exit and ld_imm64 with every pseudo src_reg. */
static void valid_jmp(void)
{
	static const uint8_t ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				       BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
	size_t o, i;
	int src;

	for (o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
		emit(BPF_JMP | ops[o] | BPF_X, 1, 2, (int16_t)o, 0);
		emit(BPF_JMP | ops[o] | BPF_K, 3, 0, (int16_t)-o, (int32_t)o - 5);
		emit(BPF_JMP32 | ops[o] | BPF_X, 4, 5, 1, 0);
		emit(BPF_JMP32 | ops[o] | BPF_K, 6, 0, -1, 0x12345678);
	}
	emit(BPF_JMP | BPF_JA, 0, 0, 3, 0);
	emit(BPF_JMP | BPF_JA, 0, 0, -3, 0);
	emit(BPF_JMP32 | BPF_JA, 0, 0, 0, 100000);
	emit(BPF_JMP32 | BPF_JA, 0, 0, 0, -2);
	emit(BPF_JMP | BPF_JCOND, 0, BPF_MAY_GOTO, 5, 0);
	emit(BPF_JMP | BPF_CALL, 0, 0, 0, 1);
	emit(BPF_JMP | BPF_CALL, 0, 0, 0, 211);
	emit(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 4);
	emit(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -7);
	emit(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 0);
	emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (src = 0; src <= BPF_PSEUDO_MAP_IDX_VALUE; src++)
		for (i = 0; i < sizeof(imm64s) / sizeof(imm64s[0]); i++)
			emit_ld_imm64((uint8_t)(i % 11), (uint8_t)src, imm64s[i]);
}

/* A relocatable ELF64 BPF object: null, "corpus", ".shstrtab" sections. */
static int write_elf(const char *path)
{
	static const char shstrtab[] = "\0corpus\0.shstrtab";
	size_t code_size = ninsns * sizeof(struct bpf_insn);
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_REL, .e_machine = EM_BPF, .e_version = EV_CURRENT,
		.e_shoff = sizeof(Elf64_Ehdr) + code_size + sizeof(shstrtab),
		.e_ehsize = sizeof(Elf64_Ehdr), .e_shentsize = sizeof(Elf64_Shdr),
		.e_shnum = 3, .e_shstrndx = 2,
	};
	Elf64_Shdr sh[3] = {
		[1] = { .sh_name = 1, .sh_type = SHT_PROGBITS,
			.sh_flags = SHF_ALLOC | SHF_EXECINSTR, .sh_offset = sizeof(eh),
			.sh_size = code_size, .sh_addralign = 8 },
		[2] = { .sh_name = 8, .sh_type = SHT_STRTAB,
			.sh_offset = sizeof(eh) + code_size, .sh_size = sizeof(shstrtab),
			.sh_addralign = 1 },
	};
	static const char zeros[8];
	FILE *f = fopen(path, "wb");
	size_t pad;
	int ok;

	if (!f) {
		perror(path);
		return 1;
	}
	eh.e_shoff = (eh.e_shoff + 7) & ~7ULL;
	pad = eh.e_shoff - sh[2].sh_offset - sizeof(shstrtab);
	ok = fwrite(&eh, sizeof(eh), 1, f) == 1 &&
	     fwrite(insns, sizeof(insns[0]), ninsns, f) == ninsns &&
	     fwrite(shstrtab, sizeof(shstrtab), 1, f) == 1 &&
	     fwrite(zeros, 1, pad, f) == pad && fwrite(sh, sizeof(sh), 1, f) == 1;
	if (fclose(f) || !ok) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "all") && strcmp(argv[1], "valid"))) {
		fprintf(stderr, "usage: %s all|valid OUT.o\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "all")) {
		all_opcodes();
		all_variants();
	} else {
		valid_alu(BPF_ALU);
		valid_alu(BPF_ALU64);
		valid_mem();
		valid_jmp();
	}
	return write_elf(argv[2]);
}
