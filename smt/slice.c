// SPDX-License-Identifier: MIT
/*
 * smt: which registers' invariants can matter to an access, per insn.
 *
 * Houdini's cost is one query per CFG edge per round, over every
 * candidate at the edge's target.  Most of those candidates speak of
 * registers no access ever depends on (a 40,000-insn program without a
 * single memory access used up its whole Z3 budget).  A backward slice
 * from the accesses to prove keeps only the candidates that can take part
 * in a proof.  Dropping a candidate only weakens the invariants, so the
 * slice decides speed and precision, never soundness.
 */
#include <stdlib.h>

#include "internal.h"

/* The registers insn reads: its semantics depend on their values. */
unsigned slice_regs_read(const struct bpf_insn *insn)
{
	unsigned m = 1u << BPF_REG_10;
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	switch (cls) {
	case BPF_ALU: case BPF_ALU64:
		m |= 1u << insn->dst_reg;
		if (BPF_SRC(insn->code) == BPF_X)
			m |= 1u << insn->src_reg;
		break;
	case BPF_LDX:
		m |= 1u << insn->src_reg;
		break;
	case BPF_ST: case BPF_STX:
		m |= 1u << insn->dst_reg | 1u << insn->src_reg | 1u;
		break;
	case BPF_LD:
		m |= 1u << BPF_REG_6 | 1u << insn->src_reg;
		break;
	case BPF_JMP: case BPF_JMP32:
		if (op == BPF_CALL)
			m |= 0x3e;
		else
			m |= 1u << insn->dst_reg | (BPF_SRC(insn->code) == BPF_X ? 1u << insn->src_reg : 0);
		break;
	}
	return m;
}

/* The registers insn may write (a superset is harmless). */
static unsigned regs_written(const struct bpf_insn *insn)
{
	uint8_t cls = BPF_CLASS(insn->code);

	switch (cls) {
	case BPF_ALU: case BPF_ALU64: case BPF_LDX:
		return 1u << insn->dst_reg;
	case BPF_LD: /* ld_imm64 writes dst; LD_ABS/IND r0 and clobber r1-r5 */
		return isa_is_ld_imm64(insn) ? 1u << insn->dst_reg : 0x3f;
	case BPF_STX: /* the fetching atomics write src, cmpxchg r0 */
		return BPF_MODE(insn->code) == BPF_ATOMIC ? 1u << insn->src_reg | 1u : 0;
	case BPF_JMP: case BPF_JMP32:
		return BPF_OP(insn->code) == BPF_CALL ? 0x3f : 0;
	}
	return 0;
}

/* An 8-byte plain load or store through r10 at an aligned constant offset: its offset, else 0. */
static int r10_dw_off(const struct bpf_insn *insn)
{
	uint8_t cls = BPF_CLASS(insn->code);
	bool fill = cls == BPF_LDX && insn->src_reg == BPF_REG_10;
	bool spill = cls == BPF_STX && insn->dst_reg == BPF_REG_10;

	if (!(fill || spill) || BPF_MODE(insn->code) != BPF_MEM || BPF_SIZE(insn->code) != BPF_DW)
		return 0;
	if (insn->off >= 0 || insn->off < -512 || insn->off % 8)
		return 0;
	return insn->off;
}

void slice_find_slots(const struct bpf_insn *insns, int n, struct slice_slots *out)
{
	bool spilled[64] = { false }, filled[64] = { false };

	out->n = 0;
	for (int i = 0; i < n; i++) {
		int off = r10_dw_off(&insns[i]);

		if (!off)
			continue;
		if (BPF_CLASS(insns[i].code) == BPF_STX)
			spilled[-off / 8 - 1] = true;
		else
			filled[-off / 8 - 1] = true;
	}
	for (int k = 0; k < 64 && out->n < SLICE_MAX_SLOTS; k++)
		if (spilled[k] && filled[k])
			out->off[out->n++] = (int16_t)(-8 * (k + 1));
}

int slice_slot_of(const struct slice_slots *slots, const struct bpf_insn *insn)
{
	int off = r10_dw_off(insn);

	for (int k = 0; off && k < slots->n; k++)
		if (slots->off[k] == off)
			return k;
	return -1;
}

static bool is_cond_jump(const struct bpf_insn *insn)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_JA && op != BPF_CALL &&
	       op != BPF_EXIT;
}

/* The successors of insn i (at most 2); targets outside the program are dropped. */
static int successors(const struct bpf_insn *insns, int n, int i, int succ[2])
{
	const struct bpf_insn *insn = &insns[i];
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	int k = 0, t[2], cnt = 0;

	if ((cls == BPF_JMP || cls == BPF_JMP32) && op == BPF_EXIT)
		return 0;
	if ((cls == BPF_JMP || cls == BPF_JMP32) && op == BPF_JA) {
		t[cnt++] = i + 1 + (cls == BPF_JMP32 ? insn->imm : insn->off);
	} else {
		t[cnt++] = i + isa_insn_len(insn);
		if (is_cond_jump(insn))
			t[cnt++] = i + 1 + insn->off;
	}
	for (int j = 0; j < cnt; j++)
		if (t[j] >= 0 && t[j] < n)
			succ[k++] = t[j];
	return k;
}

/*
 * regs plus their twins at this insn, both ways: a twin is recorded on the
 * higher register of the pair, and the candidate speaks of both.
 */
static unsigned with_twins(const struct vx_insn_summary *sum, unsigned regs)
{
	if (!sum->reached)
		return regs;
	for (unsigned before = 0; before != regs;) {
		before = regs;
		for (int r = 0; r < ISA_MAX_REG; r++) { /* slots have no twins */
			if (sum->regs[r].kind != VX_VAL_PTR || !sum->regs[r].twins)
				continue;
			if (regs >> r & 1)
				regs |= sum->regs[r].twins;
			else if (regs & sum->regs[r].twins)
				regs |= 1u << r;
		}
	}
	return regs;
}

/*
 * One backward step at insn i: the registers that matter before it.  A
 * register matters where an access to prove uses it as its base, where it
 * feeds a register that matters, and at a branch when either operand
 * matters (the edge refines it, e.g. against data_end) or when the branch
 * leads into code verifier-ext found dead (that "unreachable" is proved
 * from the condition).  A register that matters brings its twin: the
 * twin candidate speaks of both.
 */
static unsigned step(const struct bpf_insn *insns, int n, int i, const unsigned *live,
		     const bool *prove, const struct vx_insn_summary *sum,
		     const struct slice_slots *slots)
{
	const struct bpf_insn *insn = &insns[i];
	unsigned out = 0, uses = slice_regs_read(insn), defs = regs_written(insn), in;
	unsigned all_slots = ((1u << slots->n) - 1) << ISA_MAX_REG;
	int slot = slice_slot_of(slots, insn);
	uint8_t cls = BPF_CLASS(insn->code);
	int succ[2], ns = successors(insns, n, i, succ);
	bool into_dead = false;

	for (int k = 0; k < ns; k++) {
		out |= live[succ[k]];
		into_dead |= live[succ[k]] && !sum[succ[k]].reached;
	}
	if (slot >= 0 && cls == BPF_LDX) {
		uses |= 1u << (ISA_MAX_REG + slot); /* a fill reads its slot */
	} else if (slot >= 0) {
		defs = 1u << (ISA_MAX_REG + slot);  /* a spill writes it */
	} else if ((cls == BPF_ST || cls == BPF_STX) && (out & all_slots)) {
		/* another store keeps a slot only when its address is not the slot's */
		in = out | 1u << insn->dst_reg;
		goto twins;
	}
	in = out & ~defs;
	if (out & defs)
		in |= uses;
twins:
	if (prove[i] && isa_access_base_reg(insn) >= 0)
		in |= 1u << isa_access_base_reg(insn) | 1u << BPF_REG_10;
	in = with_twins(&sum[i], in);
	if (is_cond_jump(insn) && ((uses & in & ~(1u << BPF_REG_10)) || into_dead))
		in = with_twins(&sum[i], in | uses);
	return in;
}

unsigned *slice_live_regs(const struct bpf_insn *insns, int n, const bool *prove,
			  const struct vx_insn_summary *sum, const struct slice_slots *slots)
{
	unsigned *live = calloc((size_t)n + 1, sizeof(*live));

	if (!live)
		return NULL;
	/* a backward may-analysis: iterate to the fixpoint (masks only grow) */
	for (bool changed = true; changed;) {
		changed = false;
		for (int i = n - 1; i >= 0; i--) {
			if (i > 0 && isa_is_ld_imm64(&insns[i - 1]))
				continue; /* the second half of ld_imm64 */
			unsigned in = live[i] | step(insns, n, i, live, prove, sum, slots);

			if (in != live[i]) {
				live[i] = in;
				changed = true;
			}
		}
	}
	return live;
}
