/* SPDX-License-Identifier: MIT */
/*
 * isa: the BPF instruction set as Linux 6.12 defines it (ISA v4).
 *
 * Every other component decodes instructions through this header only.
 * It takes struct bpf_insn and the base opcodes from the system's
 * <linux/bpf.h> (Debian 12 ships the 6.1 UAPI) and adds what 6.1 lacks.
 */
#ifndef BPFKASAN_ISA_H
#define BPFKASAN_ISA_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opcodes and pseudo values newer than the 6.1 UAPI header. */
#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80 /* LDX with sign extension (6.6) */
#endif
#ifndef BPF_JCOND
#define BPF_JCOND 0xe0 /* may_goto (6.9) */
#endif
#ifndef BPF_MAY_GOTO
#define BPF_MAY_GOTO 0
#endif
#ifndef BPF_ADDR_SPACE_CAST
#define BPF_ADDR_SPACE_CAST 1 /* off of ALU64 MOV X (6.9) */
#endif
#ifndef BPF_PROBE_MEM
#define BPF_PROBE_MEM 0x20   /* kernel-internal mode, never in an ELF */
#endif

#define ISA_INSN_SZ	 8
#define ISA_MAX_REG	 11 /* r0..r10 */
#define ISA_STACK_SIZE	 512
#define ISA_HELPER_MAX	 212 /* __BPF_FUNC_MAX_ID in 6.12 */

static inline uint8_t isa_class(const struct bpf_insn *i) { return BPF_CLASS(i->code); }
static inline uint8_t isa_mode(const struct bpf_insn *i) { return BPF_MODE(i->code); }
static inline uint8_t isa_op(const struct bpf_insn *i) { return BPF_OP(i->code); }

/* The first half of a 16-byte ld_imm64 (BPF_LD | BPF_IMM | BPF_DW). */
static inline bool isa_is_ld_imm64(const struct bpf_insn *i)
{
	return i->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* A helper, bpf-to-bpf or kfunc call (not exit, not a jump). */
static inline bool isa_is_call(const struct bpf_insn *i)
{
	return i->code == (BPF_JMP | BPF_CALL);
}

static inline bool isa_is_pseudo_call(const struct bpf_insn *i)
{
	return isa_is_call(i) && i->src_reg == BPF_PSEUDO_CALL;
}

static inline bool isa_is_kfunc_call(const struct bpf_insn *i)
{
	return isa_is_call(i) && i->src_reg == BPF_PSEUDO_KFUNC_CALL;
}

static inline bool isa_is_helper_call(const struct bpf_insn *i)
{
	return isa_is_call(i) && i->src_reg == 0;
}

/* Kinds of memory access, the unit bpfkasan reasons about. */
enum isa_access_kind {
	ISA_ACCESS_NONE = 0,
	ISA_ACCESS_LOAD,   /* LDX MEM / MEMSX */
	ISA_ACCESS_STORE,  /* ST MEM (imm) or STX MEM (reg) */
	ISA_ACCESS_ATOMIC, /* STX ATOMIC: read-modify-write */
	ISA_ACCESS_LEGACY, /* LD ABS / IND: packet load through a helper-like path */
};

/* The memory access this instruction makes, or ISA_ACCESS_NONE. */
enum isa_access_kind isa_access_kind(const struct bpf_insn *i);

/* Bytes touched by a memory access (1, 2, 4 or 8), 0 if not an access. */
int isa_access_size(const struct bpf_insn *i);

/* The register holding the base address of an access (-1 for LD ABS/IND). */
int isa_access_base_reg(const struct bpf_insn *i);

const char *isa_access_kind_name(enum isa_access_kind k);

/* Instructions a BPF insn occupies: 2 for ld_imm64, 1 otherwise. */
static inline int isa_insn_len(const struct bpf_insn *i)
{
	return isa_is_ld_imm64(i) ? 2 : 1;
}

/* Kernel name of helper `id` ("bpf_map_lookup_elem"), NULL if unknown. */
const char *isa_helper_name(int id);

/* May helper `id` write memory the program can see (its stack included)? */
bool isa_helper_writes_memory(int id);

/*
 * Disassembler, in the kernel verifier log's syntax (kernel/bpf/disasm.c):
 * "r1 = *(u32 *)(r2 +4)", "if w1 > 0x10 goto pc+3", "call bpf_map_lookup_elem#1".
 *
 * The callbacks let a caller name what the instruction alone cannot:
 * bpf-to-bpf call targets, kfuncs, ld_imm64 map references.  Without them
 * the output is what the kernel prints with no callbacks.
 */
struct isa_disasm_cbs {
	/* Name for a call insn's target; NULL falls back to the default. */
	const char *(*call_name)(void *ctx, const struct bpf_insn *insn);
	/* Text for an ld_imm64 value; NULL falls back to the default. */
	const char *(*imm_name)(void *ctx, const struct bpf_insn *insn,
				uint64_t full_imm);
	void *ctx;
};

/*
 * Print `insn` into buf (always NUL-terminated), without the kernel's
 * "(%02x) " opcode prefix when `with_opcode` is false.  `avail` is the
 * number of instructions readable from `insn` on (an ld_imm64 needs 2).
 * Returns the number of instructions consumed (1 or 2), or -EINVAL for an
 * ld_imm64 cut short, in which case buf says so.
 */
int isa_disasm(const struct bpf_insn *insn, size_t avail,
	       const struct isa_disasm_cbs *cbs, bool with_opcode,
	       char *buf, size_t len);

/*
 * Assembler for the bpf_conformance text syntax ("mov32 %r0, 1", ...).
 * Parses `text` (the lines of an "-- asm" section) into *insns (malloc'd,
 * ld_imm64 takes two slots).  Returns 0, or -EINVAL with "line N: problem"
 * in err.
 *
 * Line N counts from 1 at the start of `text`.  "#" starts a comment;
 * labels ("name:") and jump targets are resolved within `text`, and "exit"
 * names the first exit instruction unless a label of that name exists.
 * An empty program is an error.  -ENOMEM if memory runs out.  On error
 * *insns is NULL and *cnt 0; the caller frees *insns on success.
 * See isa/asm.c for the syntax.
 */
int isa_asm(const char *text, struct bpf_insn **insns, size_t *cnt, char *err, size_t errlen);

#endif /* BPFKASAN_ISA_H */
