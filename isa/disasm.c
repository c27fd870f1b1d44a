// SPDX-License-Identifier: MIT
/*
 * isa: disassembler in the verifier log's syntax.
 *
 * Prints what print_bpf_insn() in Linux 6.12 kernel/bpf/disasm.c prints
 * with allow_ptr_leaks = true, minus the trailing newline and, unless asked
 * for, minus the "(%02x) " opcode prefix.  Each function below names the
 * part of the kernel printer it mirrors; the text, not the code, is shared.
 *
 * Where the kernel passes a missing table entry to "%s" (an ALU op 0xe0 or
 * 0xf0, a jump op 0xe0 other than may_goto, or 0xf0), its vsnprintf prints
 * "(null)": so does this file, without ever handing NULL to printf.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "isa.h"

/* Where the text goes, and how. */
struct printer {
	char *buf;
	size_t len;
	bool with_opcode;
	const struct isa_disasm_cbs *cbs;
};

static const char *const alu_op_str[16] = {
	[BPF_ADD >> 4] = "+=",	 [BPF_SUB >> 4] = "-=",	 [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",	 [BPF_OR >> 4] = "|=",	 [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",	 [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=",	 [BPF_XOR >> 4] = "^=",	 [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const atomic_op_str[16] = {
	[BPF_ADD >> 4] = "add", [BPF_AND >> 4] = "and",
	[BPF_OR >> 4] = "or",	[BPF_XOR >> 4] = "xor",
};

static const char *const jmp_op_str[16] = {
	[BPF_JA >> 4] = "jmp",	  [BPF_JEQ >> 4] = "==",   [BPF_JGT >> 4] = ">",
	[BPF_JGE >> 4] = ">=",	  [BPF_JSET >> 4] = "&",   [BPF_JNE >> 4] = "!=",
	[BPF_JSGT >> 4] = "s>",	  [BPF_JSGE >> 4] = "s>=", [BPF_CALL >> 4] = "call",
	[BPF_EXIT >> 4] = "exit", [BPF_JLT >> 4] = "<",	   [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<",	  [BPF_JSLE >> 4] = "s<=",
};

/* Indexed by BPF_SIZE >> 3; the kernel has no signed 64-bit name. */
static const char *const size_str[4] = { "u32", "u16", "u8", "u64" };
static const char *const signed_size_str[4] = { "s32", "s16", "s8", NULL };

/* What the kernel's vsnprintf prints for a NULL "%s" argument. */
static const char *or_null(const char *s)
{
	return s ? s : "(null)";
}

/* A line the kernel prints as "(%02x) ..."; the prefix is optional here. */
__attribute__((format(printf, 3, 4)))
static void put(struct printer *p, const struct bpf_insn *insn, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (p->len == 0)
		return;
	if (p->with_opcode) {
		n = (size_t)snprintf(p->buf, p->len, "(%02x) ", insn->code);
		if (n >= p->len)
			return;
	}
	va_start(ap, fmt);
	vsnprintf(p->buf + n, p->len - n, fmt, ap);
	va_end(ap);
}

/* A "BUG_..." line: the kernel prints these without the opcode. */
__attribute__((format(printf, 2, 3)))
static void put_bug(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->buf, p->len, fmt, ap);
	va_end(ap);
}

/* 'w' for the 32-bit classes, 'r' for the 64-bit ones. */
static char reg_letter(const struct bpf_insn *insn)
{
	uint8_t class = isa_class(insn);

	return class == BPF_ALU || class == BPF_JMP32 ? 'w' : 'r';
}

static const char *ldst_size(const struct bpf_insn *insn)
{
	return size_str[BPF_SIZE(insn->code) >> 3];
}

/* is_sdiv_smod() */
static bool is_sdiv_smod(const struct bpf_insn *insn)
{
	return (isa_op(insn) == BPF_DIV || isa_op(insn) == BPF_MOD) && insn->off == 1;
}

/* is_movsx() */
static bool is_movsx(const struct bpf_insn *insn)
{
	return isa_op(insn) == BPF_MOV &&
	       (insn->off == 8 || insn->off == 16 || insn->off == 32);
}

/* is_addr_space_cast() */
static bool is_addr_space_cast(const struct bpf_insn *insn)
{
	return insn->code == (BPF_ALU64 | BPF_MOV | BPF_X) && insn->off == BPF_ADDR_SPACE_CAST;
}

/* is_mov_percpu_addr(): kernel-internal, off == BPF_ADDR_PERCPU (-1). */
static bool is_mov_percpu_addr(const struct bpf_insn *insn)
{
	return insn->code == (BPF_ALU64 | BPF_MOV | BPF_X) && insn->off == -1;
}

/* The operator of an ALU insn: bpf_alu_sign_string or bpf_alu_string. */
static const char *alu_op_name(const struct bpf_insn *insn)
{
	if (is_sdiv_smod(insn))
		return isa_op(insn) == BPF_DIV ? "s/=" : "s%=";
	return or_null(alu_op_str[isa_op(insn) >> 4]);
}

/* The sign-extending cast of a movsx: bpf_movsx_string. */
static const char *movsx_cast(const struct bpf_insn *insn)
{
	if (!is_movsx(insn))
		return "";
	return insn->off == 8 ? "(s8)" : insn->off == 16 ? "(s16)" : "(s32)";
}

/* print_bpf_end_insn(): BPF_ALU | BPF_END, to_le or to_be. */
static void print_end(struct printer *p, const struct bpf_insn *insn)
{
	put(p, insn, "r%d = %s%d r%d", insn->dst_reg,
	    BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le", insn->imm, insn->dst_reg);
}

/* print_bpf_bswap_insn(): BPF_ALU64 | BPF_END, unconditional bswap. */
static void print_bswap(struct printer *p, const struct bpf_insn *insn)
{
	put(p, insn, "r%d = bswap%d r%d", insn->dst_reg, insn->imm, insn->dst_reg);
}

/* print_bpf_insn(), BPF_ALU and BPF_ALU64. */
static void print_alu(struct printer *p, const struct bpf_insn *insn)
{
	char w = reg_letter(insn);

	if (isa_op(insn) == BPF_END && isa_class(insn) == BPF_ALU64)
		print_bswap(p, insn);
	else if (isa_op(insn) == BPF_END)
		print_end(p, insn);
	else if (isa_op(insn) == BPF_NEG)
		put(p, insn, "%c%d = -%c%d", w, insn->dst_reg, w, insn->dst_reg);
	else if (is_addr_space_cast(insn))
		put(p, insn, "r%d = addr_space_cast(r%d, %d, %d)", insn->dst_reg,
		    insn->src_reg, (int)((uint32_t)insn->imm >> 16), (int)(uint16_t)insn->imm);
	else if (is_mov_percpu_addr(insn))
		put(p, insn, "r%d = &(void __percpu *)(r%d)", insn->dst_reg, insn->src_reg);
	else if (BPF_SRC(insn->code) == BPF_X)
		put(p, insn, "%c%d %s %s%c%d", w, insn->dst_reg, alu_op_name(insn),
		    movsx_cast(insn), w, insn->src_reg);
	else
		put(p, insn, "%c%d %s %d", w, insn->dst_reg, alu_op_name(insn), insn->imm);
}

/* print_bpf_insn(), BPF_STX | BPF_ATOMIC. */
static void print_atomic(struct printer *p, const struct bpf_insn *insn)
{
	const char *bits = BPF_SIZE(insn->code) == BPF_DW ? "64" : "";
	int32_t op = insn->imm & ~BPF_FETCH;
	bool alu = op == BPF_ADD || op == BPF_AND || op == BPF_OR || op == BPF_XOR;

	if (alu && !(insn->imm & BPF_FETCH))
		put(p, insn, "lock *(%s *)(r%d %+d) %s r%d", ldst_size(insn), insn->dst_reg,
		    insn->off, alu_op_str[op >> 4], insn->src_reg);
	else if (alu)
		put(p, insn, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", insn->src_reg,
		    bits, atomic_op_str[op >> 4], ldst_size(insn), insn->dst_reg, insn->off,
		    insn->src_reg);
	else if (insn->imm == BPF_CMPXCHG)
		put(p, insn, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", bits,
		    ldst_size(insn), insn->dst_reg, insn->off, insn->src_reg);
	else if (insn->imm == BPF_XCHG)
		put(p, insn, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", insn->src_reg, bits,
		    ldst_size(insn), insn->dst_reg, insn->off, insn->src_reg);
	else
		put_bug(p, "BUG_%02x", insn->code);
}

/* print_bpf_insn(), BPF_STX. */
static void print_stx(struct printer *p, const struct bpf_insn *insn)
{
	if (isa_mode(insn) == BPF_MEM)
		put(p, insn, "*(%s *)(r%d %+d) = r%d", ldst_size(insn), insn->dst_reg,
		    insn->off, insn->src_reg);
	else if (isa_mode(insn) == BPF_ATOMIC)
		print_atomic(p, insn);
	else
		put_bug(p, "BUG_%02x", insn->code);
}

/* print_bpf_insn(), BPF_ST; mode 0xc0 is the kernel-internal BPF_NOSPEC. */
static void print_st(struct printer *p, const struct bpf_insn *insn)
{
	if (isa_mode(insn) == BPF_MEM)
		put(p, insn, "*(%s *)(r%d %+d) = %d", ldst_size(insn), insn->dst_reg,
		    insn->off, insn->imm);
	else if (isa_mode(insn) == 0xc0)
		put(p, insn, "nospec");
	else
		put_bug(p, "BUG_st_%02x", insn->code);
}

/*
 * print_bpf_insn(), BPF_LDX.  MEMSX with BPF_DW has no name in the kernel's
 * bpf_ldsx_string (it reads past the array): printed as "(null)" here.
 */
static void print_ldx(struct printer *p, const struct bpf_insn *insn)
{
	const char *size;

	if (isa_mode(insn) != BPF_MEM && isa_mode(insn) != BPF_MEMSX) {
		put_bug(p, "BUG_ldx_%02x", insn->code);
		return;
	}
	size = isa_mode(insn) == BPF_MEM ? ldst_size(insn)
					 : or_null(signed_size_str[BPF_SIZE(insn->code) >> 3]);
	put(p, insn, "r%d = *(%s *)(r%d %+d)", insn->dst_reg, size, insn->src_reg, insn->off);
}

/* __func_imm_name(): the caller's name for an ld_imm64 value, or hex. */
static const char *imm_name(const struct printer *p, const struct bpf_insn *insn,
			    uint64_t imm, char *tmp, size_t len)
{
	const char *name = NULL;

	if (p->cbs && p->cbs->imm_name)
		name = p->cbs->imm_name(p->cbs->ctx, insn, imm);
	if (name)
		return name;
	snprintf(tmp, len, "0x%llx", (unsigned long long)imm);
	return tmp;
}

/* print_bpf_insn(), ld_imm64: every src_reg prints its value alike. */
static void print_ld_imm64(struct printer *p, const struct bpf_insn *insn)
{
	uint64_t imm = (uint64_t)(uint32_t)insn[1].imm << 32 | (uint32_t)insn[0].imm;
	char tmp[64];

	put(p, insn, "r%d = %s", insn->dst_reg, imm_name(p, insn, imm, tmp, sizeof(tmp)));
}

/* print_bpf_insn(), BPF_LD: the legacy packet loads and ld_imm64. */
static void print_ld(struct printer *p, const struct bpf_insn *insn)
{
	if (isa_mode(insn) == BPF_ABS)
		put(p, insn, "r0 = *(%s *)skb[%d]", ldst_size(insn), insn->imm);
	else if (isa_mode(insn) == BPF_IND)
		put(p, insn, "r0 = *(%s *)skb[r%d + %d]", ldst_size(insn), insn->src_reg,
		    insn->imm);
	else if (isa_is_ld_imm64(insn))
		print_ld_imm64(p, insn);
	else
		put_bug(p, "BUG_ld_%02x", insn->code);
}

/* __func_get_name(): helper name, the caller's name, or a fallback. */
static const char *call_name(const struct printer *p, const struct bpf_insn *insn,
			     char *tmp, size_t len)
{
	const char *name = insn->src_reg ? NULL : isa_helper_name(insn->imm);

	if (!name && p->cbs && p->cbs->call_name)
		name = p->cbs->call_name(p->cbs->ctx, insn);
	if (name)
		return name;
	if (insn->src_reg == BPF_PSEUDO_CALL)
		snprintf(tmp, len, "%+d", insn->imm);
	else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		snprintf(tmp, len, "kernel-function");
	else
		snprintf(tmp, len, "unknown");
	return tmp;
}

/* print_bpf_insn(), BPF_CALL in either jump class. */
static void print_call(struct printer *p, const struct bpf_insn *insn)
{
	char tmp[64];

	if (insn->src_reg == BPF_PSEUDO_CALL)
		put(p, insn, "call pc%s", call_name(p, insn, tmp, sizeof(tmp)));
	else
		put(p, insn, "call %s#%d", call_name(p, insn, tmp, sizeof(tmp)), insn->imm);
}

/* print_bpf_insn(), BPF_JMP and BPF_JMP32. */
static void print_jmp(struct printer *p, const struct bpf_insn *insn)
{
	const char *op = or_null(jmp_op_str[isa_op(insn) >> 4]);
	char w = reg_letter(insn);

	if (isa_op(insn) == BPF_CALL)
		print_call(p, insn);
	else if (insn->code == (BPF_JMP | BPF_JA))
		put(p, insn, "goto pc%+d", insn->off);
	else if (insn->code == (BPF_JMP | BPF_JCOND) && insn->src_reg == BPF_MAY_GOTO)
		put(p, insn, "may_goto pc%+d", insn->off);
	else if (insn->code == (BPF_JMP32 | BPF_JA))
		put(p, insn, "gotol pc%+d", insn->imm);
	else if (insn->code == (BPF_JMP | BPF_EXIT))
		put(p, insn, "exit");
	else if (BPF_SRC(insn->code) == BPF_X)
		put(p, insn, "if %c%d %s %c%d goto pc%+d", w, insn->dst_reg, op, w,
		    insn->src_reg, insn->off);
	else
		put(p, insn, "if %c%d %s 0x%x goto pc%+d", w, insn->dst_reg, op,
		    (unsigned int)insn->imm, insn->off);
}

int isa_disasm(const struct bpf_insn *insn, size_t avail,
	       const struct isa_disasm_cbs *cbs, bool with_opcode,
	       char *buf, size_t len)
{
	struct printer p = { .buf = buf, .len = len, .with_opcode = with_opcode, .cbs = cbs };

	if (len > 0)
		buf[0] = '\0';
	if (avail == 0) {
		put_bug(&p, "no instruction");
		return -EINVAL;
	}
	if (isa_is_ld_imm64(insn) && avail < 2) {
		put_bug(&p, "ld_imm64 cut short: second half missing");
		return -EINVAL;
	}
	switch (isa_class(insn)) {
	case BPF_ALU:
	case BPF_ALU64:
		print_alu(&p, insn);
		break;
	case BPF_STX:
		print_stx(&p, insn);
		break;
	case BPF_ST:
		print_st(&p, insn);
		break;
	case BPF_LDX:
		print_ldx(&p, insn);
		break;
	case BPF_LD:
		print_ld(&p, insn);
		break;
	default: /* BPF_JMP, BPF_JMP32 */
		print_jmp(&p, insn);
		break;
	}
	return isa_insn_len(insn);
}
