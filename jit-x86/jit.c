// SPDX-License-Identifier: MIT
/*
 * jit: the x86-64 JIT, structured as Linux 6.12's do_jit()
 * (arch/x86/net/bpf_jit_comp.c): the program is emitted pass after pass,
 * each pass taking jump targets from the previous one's offsets, until
 * the image stops changing; a jump is short (rel8) when the previous
 * pass's distance fits.  The first pass assumes 256 bytes per instruction,
 * more than any takes, so offsets only shrink from pass to pass and the
 * process converges.  Jumps to the out-of-line parts (slow paths, the
 * depth check, aborts) are always rel32, so only BPF jumps change size.
 *
 * Image layout:
 *
 *   trampoline   C -> BPF: saves the C callee-saved registers, r12 = the
 *                shadow offset, r1-r5 from the C arguments, calls a BPF
 *                function; also the return point of aborts
 *   abort        rsp = the innermost trampoline's, return through it
 *   thunks       full mode's check routines (__asan_{load,store}N)
 *   body         each BPF function: prologue (push rbp, rbx, r13-r15;
 *                depth + 1; rbp = that depth's frame), instructions;
 *                BPF_EXIT pops and returns
 *   stubs        one slow path per inline check, then the depth failure
 *
 * Calls into C (helpers, LD_ABS, checks, failures) are made with rsp
 * 16-byte aligned; the BPF argument registers r1-r5 are the SysV ones, so
 * a helper call needs no moves, and the registers SysV lets C clobber
 * (rax, rcx, rdx, rsi, rdi, r8-r11) are r0-r5 (clobbered by a BPF call
 * anyway) and scratch.  A C routine that ends the run (halt on error,
 * unsupported helper, a fault) makes the code abort: rsp goes back to the
 * trampoline, which returns to C.
 *
 * Faults (jitrun.c): a check's shadow load of an address outside the runtime's arena
 * (whose shadow is not mapped), or an unchecked access there, raises
 * SIGSEGV; the handler finds the instruction from the faulting rip
 * (struct jit_site) and jumps back to jit_run(), which reports and fails
 * the run as the interpreter does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "emit.h"
#include "jitint.h"

/* BPF register -> x86 register, as the kernel maps them. */
static const int R[11] = { X_RAX, X_RDI, X_RSI, X_RDX, X_RCX, X_R8,
			   X_RBX, X_R13, X_R14, X_R15, X_RBP };
#define AX X_R10	/* scratch: a checked address */
#define AUX X_R11	/* scratch */
#define TMP X_R9	/* scratch */
#define SHADOW X_R12	/* the shadow offset, callee-saved in C */

#define EST_INSN 384	/* first pass: bytes assumed per instruction (a function's
			 * first carries the prologue, up to ~160 bytes with
			 * stack red zones) */
#define EST_STUB 128
#define MAX_PASSES 40

/* ---- the compiler ---- */

struct jctx {
	struct jit_prog *jp;
	struct jbuf b;
	uint32_t *off, *prev;		/* insn offsets: this pass, the previous one */
	uint32_t *entry, *prev_entry;
	uint32_t *stub_prev;		/* slow paths of the previous pass */
	uint32_t depth_fail_prev, limit_prev;
	unsigned nchk;
	struct jit_site *sites;
	size_t site_cnt, site_cap;
	bool *func;			/* [insn_cnt]: a BPF function starts here */
	uint16_t *may_ctx;		/* [insn_cnt]: registers that may hold the context */
	char *err;
	size_t errlen;
};

static void site(struct jctx *c, uint32_t from, int insn, enum jit_site_kind k, int size,
		 bool write, struct x86_mem m)
{
	if (c->b.len == from)
		return;
	if (c->site_cnt == c->site_cap) {
		size_t cap = c->site_cap ? 2 * c->site_cap : 64;
		struct jit_site *s = realloc(c->sites, cap * sizeof(*s));

		if (!s) {
			c->b.oom = true;
			return;
		}
		c->sites = s;
		c->site_cap = cap;
	}
	c->sites[c->site_cnt++] = (struct jit_site){ from, (uint32_t)c->b.len, insn, k,
						     (uint8_t)size, write, (int8_t)m.base, m.disp };
}

static int32_t rel(const struct jctx *c, uint32_t target, int len)
{
	return (int32_t)((int64_t)target - (int64_t)(c->b.len + len));
}

static void movabs(struct jctx *c, int r, uint64_t v)
{
	x86_mov_ri64(&c->b, r, v);
}

/* mov rax, fn; call rax */
static void call_c(struct jctx *c, const void *fn)
{
	movabs(c, X_RAX, (uintptr_t)fn);
	x86_call_r(&c->b, X_RAX);
}

static struct x86_mem st_field(size_t off)
{
	return xm(AUX, (int32_t)off);
}

static void load_state(struct jctx *c)
{
	movabs(c, AUX, (uintptr_t)c->jp->st);
}

static void jmp_abort(struct jctx *c, int cc)
{
	if (cc < 0)
		x86_jmp32(&c->b, rel(c, c->jp->abort, 5));
	else
		x86_jcc32(&c->b, cc, rel(c, c->jp->abort, 6));
}

/* A run failure at this point: jit_c_fail(insn, why, arg), then abort. */
static void emit_fail(struct jctx *c, int insn, int why, uint64_t arg)
{
	x86_mov_ri(&c->b, false, X_RDI, insn);
	x86_mov_ri(&c->b, false, X_RSI, why);
	movabs(c, X_RDX, arg);
	call_c(c, (const void *)jit_c_fail);
	jmp_abort(c, -1);
}

static const int saved_regs[] = { X_RAX, X_RCX, X_RDX, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11 };
#define NSAVED ((int)(sizeof(saved_regs) / sizeof(saved_regs[0])))

static void emit_front(struct jctx *c)
{
	struct jit_prog *jp = c->jp;
	struct jbuf *b = &c->b;
	static const int csaved[] = { X_RBP, X_RBX, X_R12, X_R13, X_R14, X_R15 };

	/* uint64_t tramp(void *fn, r1, r2, r3, r4, r5) */
	jp->tramp = (uint32_t)b->len;
	for (int i = 0; i < 6; i++)
		x86_push(b, csaved[i]);
	load_state(c);
	x86_push_m(b, st_field(offsetof(struct jit_state, entry_rsp)));
	x86_push_m(b, st_field(offsetof(struct jit_state, depth)));
	x86_alu_ri(b, true, 5, X_RSP, 8); /* rsp 16-byte aligned */
	x86_op_rm(b, XF_W, "\x89", 1, X_RSP, st_field(offsetof(struct jit_state, entry_rsp)));
	movabs(c, SHADOW, rt_shadow_offset(jp->rt));
	x86_mov_rr(b, true, X_RAX, X_RDI);
	x86_mov_rr(b, true, X_RDI, X_RSI);
	x86_mov_rr(b, true, X_RSI, X_RDX);
	x86_mov_rr(b, true, X_RDX, X_RCX);
	x86_mov_rr(b, true, X_RCX, X_R8);
	x86_mov_rr(b, true, X_R8, X_R9);
	x86_call_r(b, X_RAX);
	jp->tramp_exit = (uint32_t)b->len;
	load_state(c);
	x86_alu_ri(b, true, 0, X_RSP, 8);
	x86_pop_m(b, st_field(offsetof(struct jit_state, depth)));
	x86_pop_m(b, st_field(offsetof(struct jit_state, entry_rsp)));
	for (int i = 5; i >= 0; i--)
		x86_pop(b, csaved[i]);
	x86_ret(b);

	jp->abort = (uint32_t)b->len;
	load_state(c);
	x86_op_rm(b, XF_W, "\x8b", 1, X_RSP, st_field(offsetof(struct jit_state, entry_rsp)));
	x86_jmp32(b, rel(c, jp->tramp_exit, 5));

	/* full mode: r10 = address, r11 = insn; called with rsp = 8 mod 16 */
	for (int t = 0; t < JIT_THUNKS; t++) {
		jp->thunk[t] = (uint32_t)b->len;
		if (jp->mode != RT_CHECK_FULL)
			continue;
		for (int i = 0; i < NSAVED; i++)
			x86_push(b, saved_regs[i]);
		x86_mov_rr(b, false, X_RDI, AUX);
		x86_mov_rr(b, true, X_RSI, AX);
		x86_mov_ri(b, false, X_RDX, 1 << (t / 2));
		x86_mov_ri(b, false, X_RCX, t % 2);
		call_c(c, (const void *)jit_c_check);
		x86_op_rr(b, 0, "\x84", 1, X_RAX, X_RAX); /* test al, al */
		for (int i = NSAVED - 1; i >= 0; i--)
			x86_pop(b, saved_regs[i]);
		jmp_abort(c, CC_NE);
		x86_ret(b);
	}
}

static int thunk_index(int size, bool write)
{
	int l = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;

	return 2 * l + write;
}

static bool bit(const uint8_t *bm, size_t i)
{
	return bm && (bm[i / 8] >> (i % 8) & 1);
}

/* The KASAN check before an access of insn i at [base + off, +size). */
static void emit_check(struct jctx *c, int i, int base, int16_t off, int size, bool write)
{
	struct jit_prog *jp = c->jp;
	struct jbuf *b = &c->b;
	uint32_t from;

	jp->stats.accesses++;
	switch (jp->mode) {
	case RT_CHECK_NONE:
		return;
	case RT_CHECK_FULL:
		if (base == BPF_REG_10 && off >= -ISA_STACK_SIZE && off + size <= 0)
			return;
		x86_lea(b, AX, xm(R[base], off));
		x86_mov_ri(b, false, AUX, i);
		x86_call32(b, rel(c, jp->thunk[thunk_index(size, write)], 5));
		jp->stats.call_checks++;
		return;
	case RT_CHECK_BITMAP:
		if (!bit(jp->bitmap, i))
			return;
		break;
	}
	/* Without the reserved shadow of all user space (shadow.c), the
	 * address must lie in the arena before its shadow is read. */
	if (!jp->rt->alloc.sh.guarded) {
		const struct shadow *sh = &jp->rt->alloc.sh;

		x86_lea(b, AUX, xm(R[base], off));
		movabs(c, TMP, sh->lo);
		x86_alu_rr(b, true, 0x29, AUX, TMP);
		movabs(c, TMP, sh->hi - sh->lo - size);
		x86_alu_rr(b, true, 0x39, AUX, TMP);
		x86_jcc32(b, CC_A, rel(c, c->stub_prev[c->nchk], 6));
	}
	/* shadow(first byte) and shadow(last byte) must be 0; the slow path
	 * computes the address again (the base register is intact there) */
	for (int k = 0; k < (size > 1 ? 2 : 1); k++) {
		x86_lea(b, AUX, xm(R[base], off + (k ? size - 1 : 0)));
		x86_shift(b, XF_W, 5, AUX, 3);
		from = (uint32_t)b->len;
		x86_op_rm(b, 0, "\x80", 1, 7, (struct x86_mem){ AUX, SHADOW, 0, 0 });
		x86_byte(b, 0);
		site(c, from, i, SITE_SHADOW, size, write, xm(R[base], off));
		x86_jcc32(b, CC_NE, rel(c, c->stub_prev[c->nchk], 6));
	}
	jp->checks[c->nchk++] = (struct jit_check){ i, (uint8_t)size, write, 0, (uint32_t)b->len,
						    (int8_t)R[base], off };
	jp->stats.inline_checks++;
}

/* The final jump of insn i to insn t (a BPF jump: short when it fits). */
static int jump_len(const struct jctx *c, int i, int t, bool cond)
{
	int64_t d = (int64_t)c->prev[t] - c->prev[i + 1];

	return d >= -128 && d <= 127 ? 2 : cond ? 6 : 5;
}

static void emit_jump(struct jctx *c, int i, int t, int cc)
{
	int32_t d = (int32_t)((int64_t)c->prev[t] - c->prev[i + 1]);

	if (jump_len(c, i, t, cc >= 0) == 2) {
		if (cc < 0)
			x86_jmp8(&c->b, (int8_t)d);
		else
			x86_jcc8(&c->b, cc, (int8_t)d);
	} else if (cc < 0) {
		x86_jmp32(&c->b, d);
	} else {
		x86_jcc32(&c->b, cc, d);
	}
}

/* An all-addressable frame's shadow, for the functions without red zones. */
static const int8_t plain_frame[ISA_STACK_SIZE / 8];

/*
 * Stack red zones (stackrz.c): the function's frame gets its shadow, and
 * rt->frame_layout[depth] says whose it is, for reports.  Every function
 * does it once any has red zones, since a depth's frame may hold
 * another function's gaps from an earlier call.  AX holds the depth.
 */
static void emit_frame_shadow(struct jctx *c, int func)
{
	const struct rt_stack_layout *l = c->jp->layout;
	const struct rt_frame_layout *fr = rt_stack_layout_of(l, (size_t)func);
	struct jbuf *b = &c->b;

	if (!l || !l->frame_cnt)
		return;
	movabs(c, TMP, (uintptr_t)&c->jp->rt->frame_layout[0]);
	movabs(c, AUX, (uintptr_t)fr);
	x86_store(b, 8, (struct x86_mem){ TMP, AX, 0, 3 }, AUX);
	x86_lea(b, AX, xm(X_RBP, -ISA_STACK_SIZE)); /* AX = shadow(r10 - 512) */
	x86_shift(b, XF_W, 5, AX, 3);
	x86_alu_rr(b, true, 0x01, AX, SHADOW);
	movabs(c, AUX, (uintptr_t)(fr ? fr->shadow : plain_frame));
	for (int k = 0; k < ISA_STACK_SIZE / 64; k++) {
		x86_load(b, 8, false, TMP, xm(AUX, 8 * k));
		x86_store(b, 8, xm(AX, 8 * k), TMP);
	}
}

static void emit_prologue(struct jctx *c, int func)
{
	struct jbuf *b = &c->b;
	static const int saved[] = { X_RBP, X_RBX, X_R13, X_R14, X_R15 };

	for (int i = 0; i < 5; i++)
		x86_push(b, saved[i]);
	load_state(c);
	x86_op_rm(b, XF_W, "\x8b", 1, AX, st_field(offsetof(struct jit_state, depth)));
	x86_alu_ri(b, true, 0, AX, 1);
	x86_alu_ri(b, true, 7, AX, RT_MAX_FRAMES);
	x86_jcc32(b, CC_AE, rel(c, c->depth_fail_prev, 6));
	x86_op_rm(b, XF_W, "\x89", 1, AX, st_field(offsetof(struct jit_state, depth)));
	x86_op_rm(b, XF_W, "\x8b", 1, X_RBP,
		  (struct x86_mem){ AUX, AX, offsetof(struct jit_state, frame_top), 3 });
	emit_frame_shadow(c, func);
}

static void emit_epilogue(struct jctx *c)
{
	struct jbuf *b = &c->b;

	load_state(c);
	x86_op_rm(b, XF_W, "\x83", 1, 5, st_field(offsetof(struct jit_state, depth)));
	x86_byte(b, 1);
	x86_pop(b, X_R15);
	x86_pop(b, X_R14);
	x86_pop(b, X_R13);
	x86_pop(b, X_RBX);
	x86_pop(b, X_RBP);
	x86_ret(b);
}

/* dst op= src for div/mod, with do_misc_fixups()'s zero and -1 cases. */
static void emit_divmod(struct jctx *c, const struct bpf_insn *insn, bool w)
{
	struct jbuf *b = &c->b;
	int dst = R[insn->dst_reg];
	bool sign = insn->off == 1, div = BPF_OP(insn->code) == BPF_DIV;
	size_t jz, jneg = 0, j1, j2 = 0;

	if (BPF_SRC(insn->code) == BPF_X)
		x86_mov_rr(b, w, AUX, R[insn->src_reg]);
	else
		x86_mov_ri(b, w, AUX, insn->imm);
	x86_alu_rr(b, w, 0x85, AUX, AUX);
	jz = x86_jcc8(b, CC_E, 0);
	if (sign) {
		x86_alu_ri(b, w, 7, AUX, -1);
		jneg = x86_jcc8(b, CC_E, 0);
	}
	if (dst != X_RAX)
		x86_push(b, X_RAX);
	if (dst != X_RDX)
		x86_push(b, X_RDX);
	if (dst != X_RAX)
		x86_mov_rr(b, w, X_RAX, dst);
	if (sign) {
		if (w)
			x86_byte(b, 0x48);
		x86_byte(b, 0x99); /* cqo / cdq */
	} else {
		x86_alu_rr(b, false, 0x31, X_RDX, X_RDX);
	}
	x86_f7(b, w, sign ? 7 : 6, AUX);
	x86_mov_rr(b, w, AUX, div ? X_RAX : X_RDX);
	if (dst != X_RDX)
		x86_pop(b, X_RDX);
	if (dst != X_RAX)
		x86_pop(b, X_RAX);
	x86_mov_rr(b, w, dst, AUX);
	j1 = x86_jmp8(b, 0);
	x86_patch8(b, jz);
	if (div)
		x86_alu_rr(b, false, 0x31, dst, dst);
	else if (!w)
		x86_mov_rr(b, false, dst, dst);
	if (sign) {
		j2 = x86_jmp8(b, 0);
		x86_patch8(b, jneg);
		if (div)
			x86_f7(b, w, 3, dst);
		else
			x86_alu_rr(b, false, 0x31, dst, dst);
		x86_patch8(b, j2);
	}
	x86_patch8(b, j1);
}

static void emit_shift(struct jctx *c, const struct bpf_insn *insn, bool w, int ext)
{
	struct jbuf *b = &c->b;
	int dst = R[insn->dst_reg], src = R[insn->src_reg];
	unsigned f = w ? XF_W : 0;

	if (BPF_SRC(insn->code) == BPF_K) {
		int n = insn->imm & (w ? 63 : 31);

		if (n)
			x86_shift(b, f, ext, dst, n);
		else if (!w)
			x86_mov_rr(b, false, dst, dst);
		return;
	}
	if (src == X_RCX) {
		x86_shift(b, f, ext, dst, -1);
	} else if (dst == X_RCX) {
		x86_mov_rr(b, true, AUX, X_RCX);
		x86_mov_rr(b, true, X_RCX, src);
		x86_shift(b, f, ext, AUX, -1);
		x86_mov_rr(b, true, X_RCX, AUX);
	} else {
		x86_mov_rr(b, true, AUX, X_RCX);
		x86_mov_rr(b, true, X_RCX, src);
		x86_shift(b, f, ext, dst, -1);
		x86_mov_rr(b, true, X_RCX, AUX);
	}
}

static void emit_end(struct jctx *c, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	int dst = R[insn->dst_reg];
	bool swap = BPF_CLASS(insn->code) == BPF_ALU64 || BPF_SRC(insn->code) == BPF_TO_BE;

	switch (insn->imm) {
	case 16:
		if (swap)
			x86_shift(b, XF_66, 1, dst, 8); /* ror r16, 8 */
		x86_movzx16_rr(b, dst, dst);
		break;
	case 32:
		if (swap)
			x86_bswap(b, false, dst);
		else
			x86_mov_rr(b, false, dst, dst);
		break;
	default:
		if (swap)
			x86_bswap(b, true, dst);
		break;
	}
}

static void emit_alu(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	bool w = BPF_CLASS(insn->code) == BPF_ALU64, x = BPF_SRC(insn->code) == BPF_X;
	int dst = R[insn->dst_reg], src = R[insn->src_reg];
	static const uint8_t rr[16] = { [BPF_ADD >> 4] = 0x01, [BPF_SUB >> 4] = 0x29,
					[BPF_OR >> 4] = 0x09, [BPF_AND >> 4] = 0x21,
					[BPF_XOR >> 4] = 0x31 };
	static const int ri[16] = { [BPF_ADD >> 4] = 0, [BPF_SUB >> 4] = 5, [BPF_OR >> 4] = 1,
				    [BPF_AND >> 4] = 4, [BPF_XOR >> 4] = 6 };

	switch (BPF_OP(insn->code)) {
	case BPF_ADD: case BPF_SUB: case BPF_OR: case BPF_AND: case BPF_XOR:
		if (x)
			x86_alu_rr(b, w, rr[BPF_OP(insn->code) >> 4], dst, src);
		else
			x86_alu_ri(b, w, ri[BPF_OP(insn->code) >> 4], dst, insn->imm);
		break;
	case BPF_MUL:
		if (x)
			x86_imul_rr(b, w, dst, src);
		else
			x86_imul_ri(b, w, dst, insn->imm);
		break;
	case BPF_LSH: emit_shift(c, insn, w, 4); break;
	case BPF_RSH: emit_shift(c, insn, w, 5); break;
	case BPF_ARSH: emit_shift(c, insn, w, 7); break;
	case BPF_NEG: x86_f7(b, w, 3, dst); break;
	case BPF_DIV: case BPF_MOD: emit_divmod(c, insn, w); break;
	case BPF_END: emit_end(c, insn); break;
	case BPF_MOV:
		if (!x)
			x86_mov_ri(b, w, dst, insn->imm);
		else if (w && insn->off == BPF_ADDR_SPACE_CAST)
			emit_fail(c, i, FAIL_ASCAST, 0);
		else if (insn->off == 8 || insn->off == 16 || (w && insn->off == 32))
			x86_movsx_rr(b, w, insn->off / 8, dst, src);
		else
			x86_mov_rr(b, w, dst, src);
		break;
	default:
		emit_fail(c, i, FAIL_OPCODE, insn->code);
		break;
	}
}

/* Offsets of data, data_end, data_meta in the context of a packet program. */
static bool ctx_field(const struct jit_prog *jp, int16_t off, size_t *field)
{
	static const size_t xdp[3] = { offsetof(struct xdp_md, data),
				       offsetof(struct xdp_md, data_end),
				       offsetof(struct xdp_md, data_meta) };
	static const size_t skb[3] = { offsetof(struct __sk_buff, data),
				       offsetof(struct __sk_buff, data_end),
				       offsetof(struct __sk_buff, data_meta) };
	static const size_t xf[3] = { offsetof(struct rt_exec, data),
				      offsetof(struct rt_exec, data_end),
				      offsetof(struct rt_exec, data_meta) };
	const size_t *t = jp->type == BPF_PROG_TYPE_XDP ? xdp : skb;

	if (!rt_has_packet(jp->type))
		return false;
	for (int k = 0; k < 3; k++)
		if (off >= 0 && (size_t)off == t[k]) {
			*field = xf[k];
			return true;
		}
	return false;
}

/* A 4-byte load of the context's data/data_end/data_meta gives the
 * runtime's pointer (interp.c's ctx_pkt_load()): if src + off is that
 * field of x->ctx, dst = x->data...; else the ordinary load follows. */
static size_t emit_ctx_load(struct jctx *c, const struct bpf_insn *insn, size_t field)
{
	struct jbuf *b = &c->b;
	size_t jne;

	x86_lea(b, AX, xm(R[insn->src_reg], insn->off));
	load_state(c);
	x86_op_rm(b, XF_W, "\x8b", 1, AUX, st_field(offsetof(struct jit_state, x)));
	x86_op_rm(b, XF_W, "\x8b", 1, TMP, xm(AUX, offsetof(struct rt_exec, ctx)));
	x86_alu_ri(b, true, 0, TMP, insn->off);
	x86_alu_rr(b, true, 0x39, AX, TMP);
	jne = x86_jcc8(b, CC_NE, 0);
	x86_op_rm(b, XF_W, "\x8b", 1, R[insn->dst_reg], xm(AUX, (int32_t)field));
	return jne;
}

static void emit_ldx(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	int size = isa_access_size(insn);
	size_t field, jne = 0, jdone = 0;
	bool ctx = size == 4 && BPF_MODE(insn->code) == BPF_MEM &&
		   (c->may_ctx[i] >> insn->src_reg & 1) && ctx_field(c->jp, insn->off, &field);
	uint32_t from;

	if (ctx) {
		jne = emit_ctx_load(c, insn, field);
		jdone = x86_jmp8(b, 0);
		x86_patch8(b, jne);
	}
	emit_check(c, i, insn->src_reg, insn->off, size, false);
	from = (uint32_t)b->len;
	x86_load(b, size, BPF_MODE(insn->code) == BPF_MEMSX, R[insn->dst_reg],
		 xm(R[insn->src_reg], insn->off));
	site(c, from, i, SITE_MEM, size, false, xm(R[insn->src_reg], insn->off));
	if (ctx)
		x86_patch8(b, jdone);
}

static void emit_st(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	int size = isa_access_size(insn);
	struct x86_mem m = xm(R[insn->dst_reg], insn->off);
	uint32_t from;

	emit_check(c, i, insn->dst_reg, insn->off, size, true);
	from = (uint32_t)b->len;
	if (BPF_CLASS(insn->code) == BPF_ST)
		x86_store_imm(b, size, m, insn->imm);
	else
		x86_store(b, size, m, R[insn->src_reg]);
	site(c, from, i, SITE_MEM, size, true, m);
}

static void emit_atomic(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	int size = isa_access_size(insn), src = R[insn->src_reg];
	bool w = size == 8;
	unsigned fw = w ? XF_W : 0;
	struct x86_mem m = xm(R[insn->dst_reg], insn->off);
	uint32_t from;
	bool loop_base = false;
	char op;

	if (size != 4 && size != 8) {
		emit_fail(c, i, FAIL_ATOMIC_SIZE, size);
		return;
	}
	switch (insn->imm) {
	case BPF_ADD: case BPF_OR: case BPF_AND: case BPF_XOR:
	case BPF_ADD | BPF_FETCH: case BPF_OR | BPF_FETCH: case BPF_AND | BPF_FETCH:
	case BPF_XOR | BPF_FETCH: case BPF_XCHG: case BPF_CMPXCHG:
		break;
	default:
		emit_fail(c, i, FAIL_ATOMIC_OP, (uint32_t)insn->imm);
		return;
	}
	emit_check(c, i, insn->dst_reg, insn->off, size, true);
	from = (uint32_t)b->len;
	switch (insn->imm) {
	case BPF_ADD: op = 0x01; goto lock_op;
	case BPF_OR: op = 0x09; goto lock_op;
	case BPF_AND: op = 0x21; goto lock_op;
	case BPF_XOR: op = 0x31;
lock_op:
		x86_op_rm(b, XF_LOCK | fw, &op, 1, src, m);
		break;
	case BPF_ADD | BPF_FETCH:
		x86_op_rm(b, XF_LOCK | fw, "\x0f\xc1", 2, src, m); /* xadd */
		break;
	case BPF_XCHG:
		x86_op_rm(b, fw, "\x87", 1, src, m);
		break;
	case BPF_CMPXCHG:
		x86_op_rm(b, XF_LOCK | fw, "\x0f\xb1", 2, src, m);
		if (!w)
			x86_mov_rr(b, false, X_RAX, X_RAX);
		break;
	default: { /* and/or/xor with fetch: a cmpxchg loop, r0 kept in r10 */
		uint8_t o = BPF_OP(insn->imm) == BPF_AND ? 0x21 : BPF_OP(insn->imm) == BPF_OR ? 0x09
										: 0x31;
		int sv = src == X_RAX ? AX : src;
		size_t loop;

		x86_lea(b, TMP, m);
		loop_base = true;
		x86_mov_rr(b, true, AX, X_RAX);
		loop = b->len;
		x86_load(b, size, false, X_RAX, xm(TMP, 0));
		x86_mov_rr(b, true, AUX, X_RAX);
		x86_alu_rr(b, w, o, AUX, sv);
		x86_op_rm(b, XF_LOCK | fw, "\x0f\xb1", 2, AUX, xm(TMP, 0));
		x86_jcc8(b, CC_NE, (int8_t)((int64_t)loop - (int64_t)(b->len + 2)));
		x86_mov_rr(b, w, src, X_RAX);
		if (src != X_RAX)
			x86_mov_rr(b, true, X_RAX, AX);
		break;
	}
	}
	site(c, from, i, SITE_MEM, size, true, loop_base ? xm(TMP, 0) : m);
}

static void emit_ld_abs(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	bool ind = BPF_MODE(insn->code) == BPF_IND;
	size_t jok;

	if (ind)
		x86_mov_rr(b, true, X_RDI, R[insn->src_reg]);
	else
		x86_alu_rr(b, false, 0x31, X_RDI, X_RDI);
	movabs(c, X_RSI, (uint64_t)i << 32 | (uint32_t)insn->imm);
	x86_mov_ri(b, false, X_RDX, isa_access_size(insn) | (ind ? 0x100 : 0));
	call_c(c, (const void *)jit_c_ldabs);
	x86_alu_rr(b, false, 0x85, X_RDX, X_RDX);
	jok = x86_jcc8(b, CC_E, 0);
	x86_alu_ri(b, false, 7, X_RDX, 1);
	jmp_abort(c, CC_NE);
	emit_epilogue(c);
	x86_patch8(b, jok);
}

static void emit_ld_imm64(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jit_prog *jp = c->jp;
	uint64_t v = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;

	switch (insn->src_reg) {
	case 0:
		break;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
		v = rtmap_ptr(jp->rt, (uint32_t)insn->imm);
		break;
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		v = rtmap_value_ptr(jp->rt, (uint32_t)insn->imm);
		v = v ? v + (uint32_t)insn[1].imm : 0;
		break;
	case BPF_PSEUDO_FUNC:
		v = INTERP_FUNC_TOKEN | (uint32_t)(i + insn->imm + 1);
		break;
	default:
		emit_fail(c, i, FAIL_KSYM, 0);
		return;
	}
	if (!v && insn->src_reg) {
		emit_fail(c, i, FAIL_NOMAP, (uint32_t)insn->imm);
		return;
	}
	movabs(c, R[insn->dst_reg], v);
}

static void emit_call(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;

	if (BPF_SRC(insn->code) == BPF_X) { /* callx: the helper id in dst_reg */
		x86_mov_rr(b, false, TMP, R[insn->dst_reg]);
		movabs(c, AUX, (uint64_t)i << 32);
		x86_alu_rr(b, true, 0x09, TMP, AUX);
	} else if (insn->src_reg == BPF_PSEUDO_CALL) {
		x86_call32(b, rel(c, c->prev_entry[i + insn->imm + 1], 5));
		return;
	} else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		emit_fail(c, i, FAIL_KFUNC, 0);
		return;
	} else {
		movabs(c, TMP, (uint64_t)i << 32 | (uint32_t)insn->imm);
	}
	call_c(c, (const void *)jit_c_helper);
	x86_alu_rr(b, false, 0x85, X_RDX, X_RDX);
	jmp_abort(c, CC_NE);
}

static int jcc_of(uint8_t op)
{
	switch (op) {
	case BPF_JEQ: return CC_E;
	case BPF_JNE: case BPF_JSET: return CC_NE;
	case BPF_JGT: return CC_A;
	case BPF_JGE: return CC_AE;
	case BPF_JLT: return CC_B;
	case BPF_JLE: return CC_BE;
	case BPF_JSGT: return CC_G;
	case BPF_JSGE: return CC_GE;
	case BPF_JSLT: return CC_L;
	case BPF_JSLE: return CC_LE;
	}
	return -1;
}

/*
 * Before a backward jump: one of the run's budget of backward jumps
 * (opts->insn_limit, by default 100,000,000) gone, or the run fails, so
 * that a program that does not terminate (unverified) cannot hang.
 */
static void emit_budget(struct jctx *c, int i)
{
	struct jbuf *b = &c->b;

	load_state(c);
	x86_op_rm(b, XF_W, "\x83", 1, 5, st_field(offsetof(struct jit_state, back_edges)));
	x86_byte(b, 1);
	x86_mov_ri(b, false, AX, i); /* mov keeps the flags */
	x86_jcc32(b, CC_B, rel(c, c->limit_prev, 6));
}

static void emit_jmp(struct jctx *c, int i, const struct bpf_insn *insn)
{
	struct jbuf *b = &c->b;
	bool w = BPF_CLASS(insn->code) == BPF_JMP;
	uint8_t op = BPF_OP(insn->code);
	int dst = R[insn->dst_reg], t = i + insn->off + 1, cc;

	if (op != BPF_CALL && op != BPF_EXIT &&
	    (op == BPF_JA && !w ? i + insn->imm + 1 : t) <= i)
		emit_budget(c, i);

	switch (op) {
	case BPF_JA:
		emit_jump(c, i, w ? t : i + insn->imm + 1, -1);
		return;
	case BPF_CALL:
		emit_call(c, i, insn);
		return;
	case BPF_EXIT:
		emit_epilogue(c);
		return;
	case BPF_JCOND: { /* may_goto: taken once the budget is spent */
		size_t je, jover;

		load_state(c);
		x86_op_rm(b, XF_W, "\x83", 1, 7, st_field(offsetof(struct jit_state, may_goto)));
		x86_byte(b, 0);
		je = x86_jcc8(b, CC_E, 0);
		x86_op_rm(b, XF_W, "\x83", 1, 5, st_field(offsetof(struct jit_state, may_goto)));
		x86_byte(b, 1);
		jover = x86_jmp8(b, (int8_t)jump_len(c, i, t, false));
		(void)jover;
		x86_patch8(b, je);
		emit_jump(c, i, t, -1);
		return;
	}
	}
	cc = jcc_of(op);
	if (cc < 0) {
		emit_fail(c, i, FAIL_OPCODE, insn->code);
		return;
	}
	if (BPF_SRC(insn->code) == BPF_X)
		x86_alu_rr(b, w, op == BPF_JSET ? 0x85 : 0x39, dst, R[insn->src_reg]);
	else if (op == BPF_JSET)
		x86_test_ri(b, w, dst, insn->imm);
	else
		x86_alu_ri(b, w, 7, dst, insn->imm);
	emit_jump(c, i, t, cc);
}

static void emit_insn(struct jctx *c, int i, const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		emit_alu(c, i, insn);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		emit_jmp(c, i, insn);
		break;
	case BPF_LD:
		if (isa_is_ld_imm64(insn))
			emit_ld_imm64(c, i, insn);
		else if (BPF_MODE(insn->code) == BPF_ABS || BPF_MODE(insn->code) == BPF_IND)
			emit_ld_abs(c, i, insn);
		else
			emit_fail(c, i, FAIL_OPCODE, insn->code);
		break;
	case BPF_LDX:
		emit_ldx(c, i, insn);
		break;
	case BPF_ST:
		emit_st(c, i, insn);
		break;
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			emit_atomic(c, i, insn);
		else
			emit_st(c, i, insn);
		break;
	}
}

/*
 * A slow path's first part, still without a call: the exact test of
 * KASAN generic's memory_is_poisoned_{1,2,4,8}() for the granules the
 * fast path found nonzero.  The last byte is good if its granule's shadow
 * is 0, or positive and above (last & 7); an access straddling two
 * granules also needs the first granule whole (0).  Good: back to the
 * access; else on to the report.
 */
static void emit_partial(struct jctx *c, const struct jit_check *ck)
{
	struct jbuf *b = &c->b;
	struct x86_mem sh = { AUX, SHADOW, 0, 0 };
	size_t neg, past, last_ok, same = 0, whole = 0;

	x86_lea(b, AUX, xm(AX, ck->size - 1));
	x86_shift(b, XF_W, 5, AUX, 3);
	x86_op_rm(b, 0, "\x0f\xbe", 2, TMP, sh); /* movsx r9d, byte [shadow(last)] */
	x86_alu_rr(b, false, 0x85, TMP, TMP);
	last_ok = x86_jcc8(b, CC_E, 0);
	neg = x86_jcc8(b, CC_S, 0);
	x86_lea(b, AUX, xm(AX, ck->size - 1));
	x86_alu_ri(b, false, 4, AUX, 7);
	x86_alu_rr(b, false, 0x39, AUX, TMP);
	past = x86_jcc8(b, CC_GE, 0);
	x86_patch8(b, last_ok);
	if (ck->size > 1) {
		x86_mov_rr(b, true, AUX, AX);
		x86_shift(b, XF_W, 5, AUX, 3);
		x86_lea(b, TMP, xm(AX, ck->size - 1));
		x86_shift(b, XF_W, 5, TMP, 3);
		x86_alu_rr(b, true, 0x39, AUX, TMP);
		same = x86_jcc8(b, CC_E, 0);
		x86_op_rm(b, 0, "\x80", 1, 7, sh);
		x86_byte(b, 0);
		whole = x86_jcc8(b, CC_NE, 0);
		x86_patch8(b, same);
	}
	x86_jmp32(b, rel(c, ck->back, 5));
	x86_patch8(b, neg);
	x86_patch8(b, past);
	if (ck->size > 1)
		x86_patch8(b, whole);
}

static void emit_stubs(struct jctx *c)
{
	struct jit_prog *jp = c->jp;
	struct jbuf *b = &c->b;

	jp->stubs = (uint32_t)b->len;
	for (unsigned k = 0; k < c->nchk; k++) {
		struct jit_check *ck = &jp->checks[k];

		ck->stub = (uint32_t)b->len;
		x86_lea(b, AX, xm(ck->base, ck->off));
		if (jp->rt->alloc.sh.guarded) /* else the address may be outside */
			emit_partial(c, ck);
		for (int r = 0; r < NSAVED; r++)
			x86_push(b, saved_regs[r]);
		x86_alu_ri(b, true, 5, X_RSP, 8);
		x86_mov_ri(b, false, X_RDI, ck->insn);
		x86_mov_rr(b, true, X_RSI, AX);
		x86_mov_ri(b, false, X_RDX, ck->size);
		x86_mov_ri(b, false, X_RCX, ck->write);
		call_c(c, (const void *)jit_c_check);
		x86_alu_ri(b, true, 0, X_RSP, 8);
		x86_op_rr(b, 0, "\x84", 1, X_RAX, X_RAX);
		for (int r = NSAVED - 1; r >= 0; r--)
			x86_pop(b, saved_regs[r]);
		jmp_abort(c, CC_NE);
		x86_jmp32(b, rel(c, ck->back, 5));
	}
	jp->depth_fail = (uint32_t)b->len;
	call_c(c, (const void *)jit_c_depth_fail);
	jmp_abort(c, -1);
	jp->limit_fail = (uint32_t)b->len;
	x86_mov_rr(b, false, X_RDI, AX);
	call_c(c, (const void *)jit_c_limit);
	jmp_abort(c, -1);
}

static void emit_pass(struct jctx *c)
{
	struct jit_prog *jp = c->jp;

	c->b.len = 0;
	c->b.oom = false;
	c->nchk = 0;
	c->site_cnt = 0;
	memset(&jp->stats, 0, sizeof(jp->stats));
	emit_front(c);
	jp->body = (uint32_t)c->b.len;
	for (size_t i = 0; i < jp->insn_cnt; i++) {
		const struct bpf_insn *insn = &jp->insns[i];

		c->entry[i] = UINT32_MAX;
		if (c->func[i]) {
			c->entry[i] = (uint32_t)c->b.len;
			emit_prologue(c, (int)i);
		}
		c->off[i] = (uint32_t)c->b.len;
		emit_insn(c, (int)i, insn);
		if (isa_is_ld_imm64(insn) && i + 1 < jp->insn_cnt) {
			i++;
			c->entry[i] = UINT32_MAX;
			c->off[i] = (uint32_t)c->b.len;
		}
	}
	c->entry[jp->insn_cnt] = UINT32_MAX;
	c->off[jp->insn_cnt] = (uint32_t)c->b.len;
	emit_fail(c, (int)jp->insn_cnt, FAIL_PC_OUT, 0);
	emit_stubs(c);
}

/* Jump and call targets, BPF function starts; -EINVAL if one is outside. */
static int scan(struct jctx *c)
{
	struct jit_prog *jp = c->jp;
	int64_t n = (int64_t)jp->insn_cnt;

	c->func[0] = true;
	for (int64_t i = 0; i < n; i++) {
		const struct bpf_insn *in = &jp->insns[i];
		uint8_t cl = BPF_CLASS(in->code), op = BPF_OP(in->code);
		int64_t t = -1;

		if (isa_is_ld_imm64(in)) {
			if (i + 1 >= n) {
				snprintf(c->err, c->errlen, "insn %lld: ld_imm64 cut short", (long long)i);
				return -EINVAL;
			}
			if (in->src_reg == BPF_PSEUDO_FUNC) {
				t = i + in->imm + 1;
				if (t < 0 || t >= n)
					goto bad;
				c->func[t] = true;
			}
			i++;
			continue;
		}
		if (cl != BPF_JMP && cl != BPF_JMP32)
			continue;
		if (op == BPF_CALL) {
			if (BPF_SRC(in->code) == BPF_K && in->src_reg == BPF_PSEUDO_CALL) {
				t = i + in->imm + 1;
				if (t < 0 || t >= n)
					goto bad;
				c->func[t] = true;
			}
			continue;
		}
		if (op == BPF_EXIT)
			continue;
		t = i + 1 + (op == BPF_JA && cl == BPF_JMP32 ? in->imm : in->off);
		if (t < 0 || t > n)
			goto bad;
		continue;
bad:
		snprintf(c->err, c->errlen, "insn %lld: jump or call to %lld, outside the program",
			 (long long)i, (long long)t);
		return -EINVAL;
	}
	return 0;
}

/* What insn i does to "may hold the unmodified context" (bit r of m). */
static uint16_t ctx_transfer(const struct bpf_insn *in, uint16_t m, bool spilled)
{
	uint8_t cl = BPF_CLASS(in->code);
	uint16_t d = (uint16_t)(1u << in->dst_reg);

	switch (cl) {
	case BPF_ALU64:
		if (BPF_OP(in->code) == BPF_MOV && BPF_SRC(in->code) == BPF_X && !in->off)
			return (uint16_t)((m & ~d) | ((m >> in->src_reg & 1) << in->dst_reg));
		return m & ~d;
	case BPF_ALU:
		return m & ~d;
	case BPF_LDX:
		if (isa_access_size(in) == 8 && spilled)
			return m | d;
		return m & ~d;
	case BPF_LD:
		return isa_is_ld_imm64(in) ? m & ~d : m & ~0x3f; /* LD_ABS clobbers r0-r5 */
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC && (in->imm & BPF_FETCH))
			return m & ~(in->imm == BPF_CMPXCHG ? 1u : 1u << in->src_reg);
		return m;
	case BPF_JMP:
		if (BPF_OP(in->code) == BPF_CALL)
			return BPF_SRC(in->code) == BPF_K && in->src_reg == BPF_PSEUDO_CALL
				       ? (m & ~0x3e) | 1 : m & ~0x3f;
		return m;
	}
	return m;
}

/*
 * A forward data flow: which registers may hold the context itself at
 * each instruction, so that the data/data_end/data_meta special case of
 * ctx loads is emitted only where it can apply (the verifier allows a ctx
 * access only through the unmodified pointer).  r1 at the entry and
 * r1-r5 at every function start may; a context spilled anywhere makes
 * every 8-byte load a may.
 */
static int ctx_flow(struct jctx *c)
{
	const struct jit_prog *jp = c->jp;
	size_t n = jp->insn_cnt;
	size_t cap = 12 * n + 1, *work = malloc(cap * sizeof(*work));
	bool spilled = false, again = true;

	if (!work)
		return -ENOMEM;
	while (again) {
		size_t top = 0;

		again = false;
		memset(c->may_ctx, 0, n * sizeof(*c->may_ctx));
		for (size_t i = 0; i < n; i++)
			if (c->func[i]) {
				c->may_ctx[i] = i ? 0x3e : 0x2;
				work[top++] = i;
			}
		while (top) {
			size_t i = work[--top], succ[2];
			const struct bpf_insn *in = &jp->insns[i];
			uint16_t out = ctx_transfer(in, c->may_ctx[i], spilled);
			uint8_t cl = BPF_CLASS(in->code), op = BPF_OP(in->code);
			int ns = 0;

			if (cl == BPF_STX && isa_access_size(in) == 8 && (c->may_ctx[i] >> in->src_reg & 1))
				again = !spilled;
			if (isa_is_ld_imm64(in)) {
				succ[ns++] = i + 2;
			} else if ((cl == BPF_JMP || cl == BPF_JMP32) && op != BPF_CALL) {
				if (op == BPF_EXIT)
					continue;
				succ[ns++] = i + 1 + (op == BPF_JA && cl == BPF_JMP32 ? in->imm : in->off);
				if (op != BPF_JA)
					succ[ns++] = i + 1;
			} else {
				succ[ns++] = i + 1;
			}
			for (int k = 0; k < ns; k++) {
				size_t t = succ[k];

				if (t < n && (c->may_ctx[t] | out) != c->may_ctx[t]) {
					c->may_ctx[t] |= out;
					work[top++] = t; /* once per bit gained: fits */
					if (top == cap) {
						/* the stack is full: give up, everything may */
						memset(c->may_ctx, 0xff, n * sizeof(*c->may_ctx));
						free(work);
						return 0;
					}
				}
			}
		}
		if (again)
			spilled = true;
	}
	free(work);
	return 0;
}

static int compile(struct jctx *c)
{
	struct jit_prog *jp = c->jp;
	size_t n = jp->insn_cnt;
	uint32_t *swap;
	size_t last = 0;
	int e = scan(c);

	if (e)
		return e;
	if (rt_has_packet(jp->type) && (e = ctx_flow(c)))
		return e;
	/* pass 0's guesses: more than anything takes */
	emit_front(c);
	for (size_t i = 0; i <= n; i++) {
		c->prev[i] = (uint32_t)(c->b.len + EST_INSN * (i + 1));
		c->prev_entry[i] = c->prev[i] - EST_INSN / 2;
	}
	for (size_t k = 0; k < n; k++)
		c->stub_prev[k] = (uint32_t)(c->prev[n] + EST_INSN + EST_STUB * k);
	c->depth_fail_prev = (uint32_t)(c->prev[n] + EST_INSN + EST_STUB * n);
	c->limit_prev = c->depth_fail_prev + EST_STUB;
	for (unsigned pass = 0; pass < MAX_PASSES; pass++) {
		bool same;

		emit_pass(c);
		if (c->b.oom)
			return -ENOMEM;
		jp->stats.passes = pass + 1;
		same = pass > 0 && c->b.len == last &&
		       !memcmp(c->off, c->prev, (n + 1) * sizeof(*c->off)) &&
		       c->depth_fail_prev == jp->depth_fail && c->limit_prev == jp->limit_fail;
		for (unsigned k = 0; same && k < c->nchk; k++)
			same = c->stub_prev[k] == jp->checks[k].stub;
		if (same)
			return 0;
		last = c->b.len;
		swap = c->prev, c->prev = c->off, c->off = swap;
		swap = c->prev_entry, c->prev_entry = c->entry, c->entry = swap;
		for (unsigned k = 0; k < c->nchk; k++)
			c->stub_prev[k] = jp->checks[k].stub;
		c->depth_fail_prev = jp->depth_fail;
		c->limit_prev = jp->limit_fail;
	}
	snprintf(c->err, c->errlen, "the image did not converge in %d passes", MAX_PASSES);
	return -EINVAL;
}

void jit_free(struct jit_prog *jp)
{
	if (!jp)
		return;
	if (jp->image)
		munmap(jp->image, jp->map_len);
	free(jp->bitmap);
	free(jp->off);
	free(jp->entry);
	free(jp->checks);
	free(jp->sites);
	free(jp->st);
	free(jp);
}

int jit_compile(struct rt *rt, const struct bpf_insn *insns, size_t insn_cnt,
		enum bpf_prog_type type, const struct obj_prog *prog,
		const struct jit_opts *opts, struct jit_prog **out, char *err, size_t errlen)
{
	struct jit_prog *jp = calloc(1, sizeof(*jp));
	struct jctx c = { .jp = jp, .err = err, .errlen = errlen };
	size_t n = insn_cnt;
	int e = -ENOMEM;

	*out = NULL;
	if (!jp)
		goto oom;
	jp->rt = rt;
	jp->insns = insns;
	jp->insn_cnt = n;
	jp->type = type;
	jp->prog = prog;
	jp->mode = opts ? opts->mode : RT_CHECK_NONE;
	jp->layout = opts ? opts->stack_layout : NULL;
	if (!n) {
		snprintf(err, errlen, "empty program");
		jit_free(jp);
		return -EINVAL;
	}
	if (jp->mode == RT_CHECK_BITMAP) {
		if (!opts->check_bitmap) {
			snprintf(err, errlen, "check mode 'bitmap' without a bitmap");
			jit_free(jp);
			return -EINVAL;
		}
		jp->bitmap = malloc((n + 7) / 8);
		if (!jp->bitmap)
			goto oom;
		memcpy(jp->bitmap, opts->check_bitmap, (n + 7) / 8);
	}
	jp->st = calloc(1, sizeof(*jp->st));
	jp->checks = calloc(n, sizeof(*jp->checks));
	c.off = calloc(n + 1, sizeof(*c.off));
	c.prev = calloc(n + 1, sizeof(*c.prev));
	c.entry = calloc(n + 1, sizeof(*c.entry));
	c.prev_entry = calloc(n + 1, sizeof(*c.prev_entry));
	c.stub_prev = calloc(n, sizeof(*c.stub_prev));
	c.func = calloc(n, sizeof(*c.func));
	c.may_ctx = calloc(n, sizeof(*c.may_ctx));
	if (!c.may_ctx || !jp->st || !jp->checks || !c.off || !c.prev || !c.entry || !c.prev_entry ||
	    !c.stub_prev || !c.func)
		goto fail;
	e = compile(&c);
	if (e)
		goto fail;
	/* W^X: written while read-write, executable only once read-only */
	jp->image_len = c.b.len;
	jp->map_len = (c.b.len + 4095) & ~(size_t)4095;
	jp->image = mmap(NULL, jp->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	if (jp->image == MAP_FAILED) {
		jp->image = NULL;
		e = -ENOMEM;
		goto fail;
	}
	memcpy(jp->image, c.b.p, c.b.len);
	if (mprotect(jp->image, jp->map_len, PROT_READ | PROT_EXEC)) {
		e = -errno;
		snprintf(err, errlen, "mprotect(PROT_READ | PROT_EXEC): %s", strerror(-e));
		goto fail_msg;
	}
	jp->off = c.off;
	jp->entry = c.entry;
	c.off = c.entry = NULL;
	jp->check_cnt = c.nchk;
	jp->sites = c.sites;
	jp->site_cnt = c.site_cnt;
	c.sites = NULL;
	jp->stats.image_len = jp->image_len;
	jit_install_handlers();
	*out = jp;
	e = 0;
	goto done;
fail:
	if (e == -ENOMEM)
oom:
		snprintf(err, errlen, "jit: out of memory");
fail_msg:
	jit_free(jp);
done:
	free(c.b.p);
	free(c.off);
	free(c.prev);
	free(c.entry);
	free(c.prev_entry);
	free(c.stub_prev);
	free(c.func);
	free(c.may_ctx);
	free(c.sites);
	return e;
}

const struct jit_stats *jit_get_stats(const struct jit_prog *jp) { return &jp->stats; }
