// SPDX-License-Identifier: MIT
/*
 * dump: the JIT's listing (`bpfkasan run --dump-jit`): each BPF
 * instruction, as the kernel's verifier log prints it (isa_disasm()),
 * above the x86 code emitted for it, disassembled with Capstone; the
 * trampoline, the full mode's check routines, the functions' prologues
 * and the slow paths at the end labelled.
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <inttypes.h>

#include "jitint.h"

static void code(csh h, FILE *f, const struct jit_prog *jp, uint32_t from, uint32_t to)
{
	cs_insn *in;
	uint64_t end = from;
	size_t n;

	if (to <= from)
		return;
	n = cs_disasm(h, jp->image + from, to - from, from, 0, &in);
	for (size_t k = 0; k < n; k++)
		fprintf(f, "    %5" PRIx64 ":  %-8s %s\n", in[k].address, in[k].mnemonic, in[k].op_str);
	if (n) {
		end = in[n - 1].address + in[n - 1].size;
		cs_free(in, n);
	}
	if (end < to)
		fprintf(f, "    (%u bytes Capstone cannot decode)\n", (unsigned)(to - end));
}

static const char *mode_name(enum rt_check_mode m)
{
	return m == RT_CHECK_NONE ? "none" : m == RT_CHECK_FULL ? "full" : "inline checks";
}

int jit_dump(const struct jit_prog *jp, FILE *f)
{
	const struct jit_stats *s = &jp->stats;
	csh h;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK)
		return -EINVAL;
	fprintf(f, "; %s: %zu BPF instructions, %zu bytes of x86-64 in %u passes, checks: %s\n",
		jp->prog ? jp->prog->name : "prog", jp->insn_cnt, jp->image_len, s->passes,
		mode_name(jp->mode));
	fprintf(f, "; %u memory accesses, %u inline checks (%u slow paths), %u check calls\n",
		s->accesses, s->inline_checks, jp->check_cnt, s->call_checks);
	fprintf(f, "; trampoline (C -> BPF: callee-saved registers, r12 = shadow offset)\n");
	code(h, f, jp, jp->tramp, jp->abort);
	fprintf(f, "; abort: back to the trampoline\n");
	code(h, f, jp, jp->abort, jp->thunk[0]);
	for (int t = 0; t < JIT_THUNKS && jp->mode == RT_CHECK_FULL; t++) {
		fprintf(f, "; check routine: %s of size %d (full mode's __asan_%sN)\n",
			t % 2 ? "write" : "read", 1 << (t / 2), t % 2 ? "store" : "load");
		code(h, f, jp, jp->thunk[t], t + 1 < JIT_THUNKS ? jp->thunk[t + 1] : jp->body);
	}
	for (size_t i = 0; i < jp->insn_cnt; i++) {
		char text[160];

		if (jp->entry[i] != UINT32_MAX) {
			fprintf(f, "; function at insn %zu: prologue (frame of its call depth)\n", i);
			code(h, f, jp, jp->entry[i], jp->off[i]);
		}
		isa_disasm(&jp->insns[i], jp->insn_cnt - i, NULL, true, text, sizeof(text));
		fprintf(f, "; %zu: %s\n", i, text);
		code(h, f, jp, jp->off[i], jp->entry[i + 1] != UINT32_MAX ? jp->entry[i + 1]
									 : jp->off[i + 1]);
		if (isa_insn_len(&jp->insns[i]) == 2)
			i++;
	}
	fprintf(f, "; past the last instruction: the run fails\n");
	code(h, f, jp, jp->off[jp->insn_cnt],
	     jp->check_cnt ? jp->checks[0].stub : jp->depth_fail);
	for (unsigned k = 0; k < jp->check_cnt; k++) {
		const struct jit_check *c = &jp->checks[k];

		fprintf(f, "; slow path of insn %d's check (%s of size %u)\n", c->insn,
			c->write ? "write" : "read", c->size);
		code(h, f, jp, c->stub, k + 1 < jp->check_cnt ? jp->checks[k + 1].stub : jp->depth_fail);
	}
	fprintf(f, "; call depth exceeded\n");
	code(h, f, jp, jp->depth_fail, jp->limit_fail);
	fprintf(f, "; backward-jump budget spent\n");
	code(h, f, jp, jp->limit_fail, (uint32_t)jp->image_len);
	cs_close(&h);
	return 0;
}
