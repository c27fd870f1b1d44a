// SPDX-License-Identifier: MIT
/*
 * isa: assembler for the text syntax of the bpf_conformance test suite.
 *
 *	mov32 %r0, 1		add %r0, %r1		neg32 %r2
 *	ldxw %r0, [%r1+4]	ldxsb %r0, [%r1-0x2]	lddw %r0, 0x123456789
 *	stw [%r10-4], 7		stxdw [%r10-8], %r1
 *	lock add32 [%r10-4], %r1	lock fetch or [%r10-8], %r2
 *	lock xchg [%r10-8], %r1	lock cmpxchg32 [%r10-8], %r1
 *	be16 %r0  le64 %r0  bswap32 %r0 (= swap32)
 *	sdiv %r0, 3  smod32 %r0, %r1  movsx832 %r0, %r1 (movsx{8,16,32}{32,64})
 *	jeq %r1, 0x11, +2	jsgt32 %r1, %r2, label	ja -3	ja32 label
 *	call 5	call helper 5	call local label	call runtime 3	call %r2
 *	exit
 *	label:
 *
 * Encodings are the kernel's (include/uapi/linux/bpf.h).  What the suite's
 * own assembler accepts, this one accepts too, with the same numeric ranges:
 * a 32-bit immediate is a decimal in int32 range or a hex number up to
 * 0xffffffff; a 16-bit offset a decimal in int16 range or hex up to 0xffff;
 * lddw takes any 64-bit value.  Besides, this assembler takes a label and an
 * instruction on the same line, commas without spaces, spaces inside [...],
 * "#" comments, an explicit 64 suffix on ALU ops (add64) and "gotol" for
 * ja32.  As in the suite, "exit" is an implicit label for the first exit
 * instruction unless the program defines one.  Jump targets are "+N"/"-N"
 * (relative to the next instruction, in 8-byte slots) or labels.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"

#define MAX_TOKENS 8
#define MAX_LINE   1024

struct label {
	char *name;
	size_t pc;
};

/* A jump, ja32 or local call waiting for its label's address. */
struct fixup {
	size_t pc;
	unsigned int line;
	char *label;
};

struct assembler {
	struct bpf_insn *insns;
	size_t cnt, cap;
	struct label *labels;
	size_t nlabels, labels_cap;
	struct fixup *fixups;
	size_t nfixups, fixups_cap;
	bool have_exit;
	size_t first_exit;
	unsigned int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct assembler *a, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!a->err || a->errlen == 0)
		return -EINVAL;
	n = snprintf(a->err, a->errlen, "line %u: ", a->line);
	if (n >= 0 && (size_t)n < a->errlen) {
		va_start(ap, fmt);
		vsnprintf(a->err + n, a->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int out_of_memory(struct assembler *a)
{
	fail(a, "out of memory");
	return -ENOMEM;
}

/* Grow *arr (elements of `size` bytes) to hold at least `need`. */
static int grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*arr, ncap * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int emit(struct assembler *a, const struct bpf_insn *insn, size_t n)
{
	if (grow((void **)&a->insns, &a->cap, a->cnt + n, sizeof(*insn)))
		return out_of_memory(a);
	memcpy(a->insns + a->cnt, insn, n * sizeof(*insn));
	a->cnt += n;
	return 0;
}

static struct label *find_label(struct assembler *a, const char *name)
{
	for (size_t i = 0; i < a->nlabels; i++)
		if (!strcmp(a->labels[i].name, name))
			return &a->labels[i];
	return NULL;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
}

static bool is_label_name(const char *s)
{
	if (!is_ident_start(*s))
		return false;
	for (s++; *s; s++)
		if (!is_ident_start(*s) && !(*s >= '0' && *s <= '9'))
			return false;
	return true;
}

static int define_label(struct assembler *a, const char *name)
{
	char *copy;

	if (!is_label_name(name))
		return fail(a, "invalid label name '%s'", name);
	if (find_label(a, name))
		return fail(a, "duplicate label '%s'", name);
	if (grow((void **)&a->labels, &a->labels_cap, a->nlabels + 1, sizeof(*a->labels)))
		return out_of_memory(a);
	copy = strdup(name);
	if (!copy)
		return out_of_memory(a);
	a->labels[a->nlabels].name = copy;
	a->labels[a->nlabels].pc = a->cnt;
	a->nlabels++;
	return 0;
}

/* Remember that the instruction about to be emitted targets `name`. */
static int add_fixup(struct assembler *a, const char *name)
{
	char *copy;

	if (!is_label_name(name))
		return fail(a, "invalid jump target '%s' (want +N, -N or a label)", name);
	if (grow((void **)&a->fixups, &a->fixups_cap, a->nfixups + 1, sizeof(*a->fixups)))
		return out_of_memory(a);
	copy = strdup(name);
	if (!copy)
		return out_of_memory(a);
	a->fixups[a->nfixups].pc = a->cnt;
	a->fixups[a->nfixups].line = a->line;
	a->fixups[a->nfixups].label = copy;
	a->nfixups++;
	return 0;
}

/*
 * An integer: optional sign, then "0x" and hex digits or decimal digits,
 * nothing after.  *mag is the magnitude; false on syntax error or a
 * magnitude beyond 64 bits.
 */
static bool parse_number(const char *s, bool *neg, bool *hex, uint64_t *mag)
{
	unsigned int base = 10;
	uint64_t v = 0;

	*neg = false;
	if (*s == '+' || *s == '-')
		*neg = *s++ == '-';
	*hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (*hex) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*mag = v;
	return true;
}

/*
 * A number that fits `bits` (16 or 32) bits: hex up to 2^bits - 1 (taken as
 * the bit pattern), -hex and decimal within the signed range.
 */
static int parse_sized(struct assembler *a, const char *s, unsigned int bits,
		       const char *what, int64_t *out)
{
	uint64_t mag, smax = (UINT64_C(1) << (bits - 1)) - 1;
	bool neg, hex;

	if (!parse_number(s, &neg, &hex, &mag))
		return fail(a, "invalid %s '%s'", what, s);
	if (hex && !neg && mag <= (UINT64_C(1) << bits) - 1) {
		/* The bit pattern, as a signed value of that width. */
		*out = mag > smax ? (int64_t)mag - (int64_t)(UINT64_C(1) << bits) : (int64_t)mag;
		return 0;
	}
	if (!neg && mag <= smax) {
		*out = (int64_t)mag;
		return 0;
	}
	if (neg && mag <= smax + 1) {
		*out = -(int64_t)mag;
		return 0;
	}
	return fail(a, "%s '%s' out of %u-bit range", what, s, bits);
}

static int parse_imm32(struct assembler *a, const char *s, int32_t *imm)
{
	int64_t v;
	int err = parse_sized(a, s, 32, "immediate", &v);

	if (!err)
		*imm = (int32_t)v;
	return err;
}

static int parse_off16(struct assembler *a, const char *s, int16_t *off)
{
	int64_t v;
	int err = parse_sized(a, s, 16, "offset", &v);

	if (!err)
		*off = (int16_t)v;
	return err;
}

/* lddw: hex as an unsigned 64-bit pattern, decimal signed or unsigned. */
static int parse_imm64(struct assembler *a, const char *s, uint64_t *imm)
{
	uint64_t mag;
	bool neg, hex;

	if (!parse_number(s, &neg, &hex, &mag))
		return fail(a, "invalid immediate '%s'", s);
	if (neg && mag > (UINT64_C(1) << 63))
		return fail(a, "immediate '%s' out of 64-bit range", s);
	*imm = neg ? (uint64_t)0 - mag : mag;
	return 0;
}

static bool is_reg_syntax(const char *s)
{
	return s[0] == '%';
}

static int parse_reg(struct assembler *a, const char *s, uint8_t *reg)
{
	if (s[0] == '%' && s[1] == 'r') {
		if (s[2] >= '0' && s[2] <= '9' && !s[3]) {
			*reg = (uint8_t)(s[2] - '0');
			return 0;
		}
		if (s[2] == '1' && s[3] == '0' && !s[4]) {
			*reg = 10;
			return 0;
		}
	}
	return fail(a, "invalid register '%s' (want %%r0..%%r10)", s);
}

/* "[%rN]", "[%rN+off]" or "[%rN-off]"; spaces were removed by the tokenizer. */
static int parse_mem(struct assembler *a, const char *s, uint8_t *reg, int16_t *off)
{
	char buf[64];
	size_t len = strlen(s);
	char *sign;
	int err;

	if (len < 3 || s[0] != '[' || s[len - 1] != ']' || len - 2 >= sizeof(buf))
		return fail(a, "invalid memory operand '%s' (want [%%rN+off])", s);
	memcpy(buf, s + 1, len - 2);
	buf[len - 2] = '\0';
	sign = strpbrk(buf, "+-");
	*off = 0;
	if (sign) {
		char num[64];

		/* The sign belongs to the number; one sign only. */
		if (strpbrk(sign + 1, "+-"))
			return fail(a, "invalid memory operand '%s'", s);
		snprintf(num, sizeof(num), "%s", sign);
		*sign = '\0';
		err = parse_off16(a, num, off);
		if (err)
			return err;
	}
	return parse_reg(a, buf, reg);
}

/* The register fields are bit-fields: these fill them through a temporary. */
static int set_dst(struct assembler *a, const char *s, struct bpf_insn *insn)
{
	uint8_t reg = 0;
	int err = parse_reg(a, s, &reg);

	if (!err)
		insn->dst_reg = reg & 0xf;
	return err;
}

static int set_src(struct assembler *a, const char *s, struct bpf_insn *insn)
{
	uint8_t reg = 0;
	int err = parse_reg(a, s, &reg);

	if (!err)
		insn->src_reg = reg & 0xf;
	return err;
}

/* A memory operand whose base goes to src (loads) or dst (stores). */
static int set_mem(struct assembler *a, const char *s, bool base_in_src, struct bpf_insn *insn)
{
	uint8_t reg = 0;
	int err = parse_mem(a, s, &reg, &insn->off);

	if (err)
		return err;
	if (base_in_src)
		insn->src_reg = reg & 0xf;
	else
		insn->dst_reg = reg & 0xf;
	return 0;
}

/* A jump target: "+N"/"-N" into *off, or a label fixed up later. */
static int parse_target(struct assembler *a, const char *s, bool imm32, struct bpf_insn *insn)
{
	if (s[0] == '+' || s[0] == '-')
		return imm32 ? parse_imm32(a, s, &insn->imm) : parse_off16(a, s, &insn->off);
	return add_fixup(a, s);
}

static int want_operands(struct assembler *a, const char *mnem, int ntok, int want)
{
	if (ntok != want)
		return fail(a, "'%s' takes %d operand%s, got %d", mnem, want,
			    want == 1 ? "" : "s", ntok);
	return 0;
}

/* The operand size of an ldx/st/stx mnemonic's suffix. */
static bool parse_size(const char *s, uint8_t *size)
{
	if (!strcmp(s, "b"))
		*size = BPF_B;
	else if (!strcmp(s, "h"))
		*size = BPF_H;
	else if (!strcmp(s, "w"))
		*size = BPF_W;
	else if (!strcmp(s, "dw"))
		*size = BPF_DW;
	else
		return false;
	return true;
}

struct alu_name {
	const char *name;
	uint8_t op;
	int16_t off;	/* sdiv/smod: 1; movsx: 8, 16, 32 */
	int nops;	/* operands: 1 (neg) or 2 */
};

static const struct alu_name alu_names[] = {
	{ "add", BPF_ADD, 0, 2 },   { "sub", BPF_SUB, 0, 2 },	 { "mul", BPF_MUL, 0, 2 },
	{ "div", BPF_DIV, 0, 2 },   { "sdiv", BPF_DIV, 1, 2 },	 { "or", BPF_OR, 0, 2 },
	{ "and", BPF_AND, 0, 2 },   { "lsh", BPF_LSH, 0, 2 },	 { "rsh", BPF_RSH, 0, 2 },
	{ "neg", BPF_NEG, 0, 1 },   { "mod", BPF_MOD, 0, 2 },	 { "smod", BPF_MOD, 1, 2 },
	{ "xor", BPF_XOR, 0, 2 },   { "mov", BPF_MOV, 0, 2 },	 { "arsh", BPF_ARSH, 0, 2 },
	{ "movsx8", BPF_MOV, 8, 2 }, { "movsx16", BPF_MOV, 16, 2 }, { "movsx32", BPF_MOV, 32, 2 },
};

struct jmp_name {
	const char *name;
	uint8_t op;
};

static const struct jmp_name jmp_names[] = {
	{ "jeq", BPF_JEQ },   { "jgt", BPF_JGT },   { "jge", BPF_JGE },	  { "jset", BPF_JSET },
	{ "jne", BPF_JNE },   { "jsgt", BPF_JSGT }, { "jsge", BPF_JSGE }, { "jlt", BPF_JLT },
	{ "jle", BPF_JLE },   { "jslt", BPF_JSLT }, { "jsle", BPF_JSLE },
};

/* `base` followed by nothing, "32" or "64"; *is32 says which. */
static bool match_suffixed(const char *mnem, const char *base, bool allow64, bool *is32)
{
	size_t n = strlen(base);

	if (strncmp(mnem, base, n))
		return false;
	*is32 = !strcmp(mnem + n, "32");
	return !mnem[n] || *is32 || (allow64 && !strcmp(mnem + n, "64"));
}

static int asm_alu(struct assembler *a, const char *mnem, char **tok, int ntok, bool *done)
{
	struct bpf_insn insn = { 0 };
	bool is32;
	int err;

	for (size_t i = 0; i < sizeof(alu_names) / sizeof(alu_names[0]); i++) {
		const struct alu_name *n = &alu_names[i];

		if (!match_suffixed(mnem, n->name, true, &is32))
			continue;
		if (n->off == 32 && is32)
			continue; /* movsx3232 */
		*done = true;
		err = want_operands(a, mnem, ntok, n->nops);
		if (err)
			return err;
		insn.code = (uint8_t)((is32 ? BPF_ALU : BPF_ALU64) | n->op);
		insn.off = n->off;
		err = set_dst(a, tok[0], &insn);
		if (err)
			return err;
		if (n->nops == 1) {
			insn.code |= BPF_K;
		} else if (is_reg_syntax(tok[1])) {
			insn.code |= BPF_X;
			err = set_src(a, tok[1], &insn);
		} else {
			insn.code |= BPF_K;
			err = parse_imm32(a, tok[1], &insn.imm);
		}
		return err ? err : emit(a, &insn, 1);
	}
	return 0;
}

/* be16..64, le16..64, bswap16..64 / swap16..64. */
static int asm_end(struct assembler *a, const char *mnem, char **tok, int ntok, bool *done)
{
	static const struct {
		const char *prefix;
		uint8_t code;
	} kinds[] = {
		{ "be", BPF_ALU | BPF_END | BPF_TO_BE },
		{ "le", BPF_ALU | BPF_END | BPF_TO_LE },
		{ "bswap", BPF_ALU64 | BPF_END | BPF_TO_LE },
		{ "swap", BPF_ALU64 | BPF_END | BPF_TO_LE },
	};
	struct bpf_insn insn = { 0 };
	int err;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i].prefix);
		const char *w = mnem + n;

		if (strncmp(mnem, kinds[i].prefix, n) ||
		    (strcmp(w, "16") && strcmp(w, "32") && strcmp(w, "64")))
			continue;
		*done = true;
		err = want_operands(a, mnem, ntok, 1);
		if (err)
			return err;
		insn.code = kinds[i].code;
		insn.imm = atoi(w);
		err = set_dst(a, tok[0], &insn);
		return err ? err : emit(a, &insn, 1);
	}
	return 0;
}

static int asm_cond_jmp(struct assembler *a, const char *mnem, char **tok, int ntok, bool *done)
{
	struct bpf_insn insn = { 0 };
	bool is32;
	int err;

	for (size_t i = 0; i < sizeof(jmp_names) / sizeof(jmp_names[0]); i++) {
		if (!match_suffixed(mnem, jmp_names[i].name, false, &is32))
			continue;
		*done = true;
		err = want_operands(a, mnem, ntok, 3);
		if (err)
			return err;
		insn.code = (uint8_t)((is32 ? BPF_JMP32 : BPF_JMP) | jmp_names[i].op);
		err = set_dst(a, tok[0], &insn);
		if (err)
			return err;
		if (is_reg_syntax(tok[1])) {
			insn.code |= BPF_X;
			err = set_src(a, tok[1], &insn);
		} else {
			insn.code |= BPF_K;
			err = parse_imm32(a, tok[1], &insn.imm);
		}
		if (!err)
			err = parse_target(a, tok[2], false, &insn);
		return err ? err : emit(a, &insn, 1);
	}
	return 0;
}

/* ldx{b,h,w,dw}, ldxs{b,h,w}, st{b,h,w,dw}, stx{b,h,w,dw}. */
static int asm_mem(struct assembler *a, const char *mnem, char **tok, int ntok, bool *done)
{
	struct bpf_insn insn = { 0 };
	uint8_t size;
	int err;

	if (!strncmp(mnem, "ldxs", 4) && parse_size(mnem + 4, &size) && size != BPF_DW) {
		insn.code = BPF_LDX | BPF_MEMSX | size;
	} else if (!strncmp(mnem, "ldx", 3) && parse_size(mnem + 3, &size)) {
		insn.code = BPF_LDX | BPF_MEM | size;
	} else if (!strncmp(mnem, "stx", 3) && parse_size(mnem + 3, &size)) {
		insn.code = BPF_STX | BPF_MEM | size;
	} else if (!strncmp(mnem, "st", 2) && parse_size(mnem + 2, &size)) {
		insn.code = BPF_ST | BPF_MEM | size;
	} else {
		return 0;
	}
	*done = true;
	err = want_operands(a, mnem, ntok, 2);
	if (err)
		return err;
	switch (BPF_CLASS(insn.code)) {
	case BPF_LDX:
		err = set_dst(a, tok[0], &insn);
		if (!err)
			err = set_mem(a, tok[1], true, &insn);
		break;
	case BPF_STX:
		err = set_mem(a, tok[0], false, &insn);
		if (!err)
			err = set_src(a, tok[1], &insn);
		break;
	default: /* BPF_ST */
		err = set_mem(a, tok[0], false, &insn);
		if (!err)
			err = parse_imm32(a, tok[1], &insn.imm);
		break;
	}
	return err ? err : emit(a, &insn, 1);
}

/* lock [fetch] {add,and,or,xor,xchg,cmpxchg}[32] [%rD+off], %rS */
static int asm_lock(struct assembler *a, char **tok, int ntok)
{
	static const struct {
		const char *name;
		int32_t imm;
	} ops[] = {
		{ "add", BPF_ADD },	  { "and", BPF_AND },	{ "or", BPF_OR },
		{ "xor", BPF_XOR },	  { "xchg", BPF_XCHG }, { "cmpxchg", BPF_CMPXCHG },
	};
	struct bpf_insn insn = { 0 };
	bool fetch = false, is32;
	int err;

	if (ntok > 0 && !strcmp(tok[0], "fetch")) {
		fetch = true;
		tok++;
		ntok--;
	}
	if (ntok != 3)
		return fail(a, "'lock' takes [fetch] op [%%rD+off], %%rS");
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (!match_suffixed(tok[0], ops[i].name, false, &is32))
			continue;
		/* xchg and cmpxchg always fetch. */
		insn.code = BPF_STX | BPF_ATOMIC | (is32 ? BPF_W : BPF_DW);
		insn.imm = ops[i].imm | (fetch ? BPF_FETCH : 0);
		err = set_mem(a, tok[1], false, &insn);
		if (!err)
			err = set_src(a, tok[2], &insn);
		return err ? err : emit(a, &insn, 1);
	}
	return fail(a, "invalid atomic operation '%s'", tok[0]);
}

/* call N | call %rN | call helper N|%rN | call local target | call runtime N */
static int asm_call(struct assembler *a, char **tok, int ntok)
{
	struct bpf_insn insn = { .code = BPF_JMP | BPF_CALL };
	const char *mode = "helper";
	int err;

	if (ntok == 2) {
		mode = tok[0];
		tok++;
		ntok--;
	}
	if (ntok != 1)
		return fail(a, "'call' takes [helper|local|runtime] target");
	if (!strcmp(mode, "helper")) {
		if (is_reg_syntax(tok[0])) {
			/* callx: the suite puts the register in dst. */
			insn.code |= BPF_X;
			err = set_dst(a, tok[0], &insn);
		} else {
			err = parse_imm32(a, tok[0], &insn.imm);
		}
	} else if (!strcmp(mode, "local")) {
		insn.src_reg = BPF_PSEUDO_CALL;
		err = parse_target(a, tok[0], true, &insn);
	} else if (!strcmp(mode, "runtime")) {
		insn.src_reg = BPF_PSEUDO_KFUNC_CALL;
		err = parse_imm32(a, tok[0], &insn.imm);
	} else {
		return fail(a, "invalid call mode '%s' (want helper, local or runtime)", mode);
	}
	return err ? err : emit(a, &insn, 1);
}

static int asm_insn(struct assembler *a, const char *mnem, char **tok, int ntok)
{
	struct bpf_insn insn[2] = { { 0 } };
	bool done = false;
	int err;

	if (!strcmp(mnem, "exit")) {
		err = want_operands(a, mnem, ntok, 0);
		if (err)
			return err;
		if (!a->have_exit) {
			a->have_exit = true;
			a->first_exit = a->cnt;
		}
		insn[0].code = BPF_JMP | BPF_EXIT;
		return emit(a, insn, 1);
	}
	if (!strcmp(mnem, "ja") || !strcmp(mnem, "ja32") || !strcmp(mnem, "gotol")) {
		bool is32 = strcmp(mnem, "ja") != 0;

		err = want_operands(a, mnem, ntok, 1);
		if (err)
			return err;
		insn[0].code = (is32 ? BPF_JMP32 : BPF_JMP) | BPF_JA;
		err = parse_target(a, tok[0], is32, insn);
		return err ? err : emit(a, insn, 1);
	}
	if (!strcmp(mnem, "call"))
		return asm_call(a, tok, ntok);
	if (!strcmp(mnem, "lock"))
		return asm_lock(a, tok, ntok);
	if (!strcmp(mnem, "lddw")) {
		uint64_t imm = 0;

		err = want_operands(a, mnem, ntok, 2);
		if (!err)
			err = set_dst(a, tok[0], insn);
		if (!err)
			err = parse_imm64(a, tok[1], &imm);
		if (err)
			return err;
		insn[0].code = BPF_LD | BPF_IMM | BPF_DW;
		insn[0].imm = (int32_t)(uint32_t)imm;
		insn[1].imm = (int32_t)(uint32_t)(imm >> 32);
		return emit(a, insn, 2);
	}
	err = asm_alu(a, mnem, tok, ntok, &done);
	if (!err && !done)
		err = asm_end(a, mnem, tok, ntok, &done);
	if (!err && !done)
		err = asm_cond_jmp(a, mnem, tok, ntok, &done);
	if (!err && !done)
		err = asm_mem(a, mnem, tok, ntok, &done);
	if (!err && !done)
		err = fail(a, "unknown mnemonic '%s'", mnem);
	return err;
}

/*
 * Split `line` in place into tokens separated by blanks and commas; a
 * bracketed memory operand is one token with its blanks removed.
 */
static int tokenize(struct assembler *a, char *line, char **tok, int *ntok)
{
	char *p = line;

	*ntok = 0;
	for (;;) {
		char *start, *w;

		while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r')
			p++;
		if (!*p)
			return 0;
		if (*ntok == MAX_TOKENS)
			return fail(a, "too many operands");
		start = w = p;
		if (*p == '[') {
			while (*p && *p != ']') {
				if (*p != ' ' && *p != '\t')
					*w++ = *p;
				p++;
			}
			if (*p != ']')
				return fail(a, "missing ']'");
			*w++ = *p++;
			if (*p && *p != ' ' && *p != '\t' && *p != ',' && *p != '\r')
				return fail(a, "junk after ']'");
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != ',' && *p != '\r')
				*w++ = *p++;
		}
		if (*p)
			p++;
		*w = '\0';
		tok[(*ntok)++] = start;
	}
}

static int asm_line(struct assembler *a, char *line)
{
	char *tok[MAX_TOKENS];
	char *hash = strchr(line, '#');
	int ntok, err, t = 0;

	if (hash)
		*hash = '\0';
	err = tokenize(a, line, tok, &ntok);
	if (err)
		return err;
	/* Labels, possibly followed by an instruction. */
	while (t < ntok) {
		size_t len = strlen(tok[t]);

		if (len < 2 || tok[t][len - 1] != ':')
			break;
		tok[t][len - 1] = '\0';
		err = define_label(a, tok[t]);
		if (err)
			return err;
		t++;
	}
	if (t == ntok)
		return 0;
	return asm_insn(a, tok[t], tok + t + 1, ntok - t - 1);
}

static int resolve(struct assembler *a)
{
	for (size_t i = 0; i < a->nfixups; i++) {
		const struct fixup *f = &a->fixups[i];
		struct bpf_insn *insn = &a->insns[f->pc];
		struct label *l = find_label(a, f->label);
		int64_t rel;

		a->line = f->line;
		if (!l && !strcmp(f->label, "exit") && a->have_exit)
			rel = (int64_t)a->first_exit - (int64_t)f->pc - 1;
		else if (!l)
			return fail(a, "undefined label '%s'", f->label);
		else
			rel = (int64_t)l->pc - (int64_t)f->pc - 1;
		if (insn->code == (BPF_JMP | BPF_CALL) || insn->code == (BPF_JMP32 | BPF_JA)) {
			if (rel < INT32_MIN || rel > INT32_MAX)
				return fail(a, "label '%s' out of range", f->label);
			insn->imm = (int32_t)rel;
		} else {
			if (rel < INT16_MIN || rel > INT16_MAX)
				return fail(a, "label '%s' out of jump range", f->label);
			insn->off = (int16_t)rel;
		}
	}
	return 0;
}

int isa_asm(const char *text, struct bpf_insn **insns, size_t *cnt, char *err, size_t errlen)
{
	struct assembler a = { .err = err, .errlen = errlen };
	const char *p = text;
	int ret = 0;

	*insns = NULL;
	*cnt = 0;
	if (err && errlen)
		err[0] = '\0';
	while (p && *p && !ret) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[MAX_LINE];

		a.line++;
		if (len >= sizeof(line))
			ret = fail(&a, "line too long");
		else {
			memcpy(line, p, len);
			line[len] = '\0';
			ret = asm_line(&a, line);
		}
		p = nl ? nl + 1 : NULL;
	}
	if (!ret && a.cnt == 0) {
		a.line = a.line ? a.line : 1;
		ret = fail(&a, "no instructions");
	}
	if (!ret)
		ret = resolve(&a);
	for (size_t i = 0; i < a.nlabels; i++)
		free(a.labels[i].name);
	for (size_t i = 0; i < a.nfixups; i++)
		free(a.fixups[i].label);
	free(a.labels);
	free(a.fixups);
	if (ret) {
		free(a.insns);
		return ret;
	}
	*insns = a.insns;
	*cnt = a.cnt;
	return 0;
}
