// SPDX-License-Identifier: MIT
/* isa: classification of memory-access instructions. */
#include "isa.h"

enum isa_access_kind isa_access_kind(const struct bpf_insn *i)
{
	switch (isa_class(i)) {
	case BPF_LDX:
		if (isa_mode(i) == BPF_MEM || isa_mode(i) == BPF_MEMSX)
			return ISA_ACCESS_LOAD;
		return ISA_ACCESS_NONE;
	case BPF_ST:
		return isa_mode(i) == BPF_MEM ? ISA_ACCESS_STORE : ISA_ACCESS_NONE;
	case BPF_STX:
		if (isa_mode(i) == BPF_MEM)
			return ISA_ACCESS_STORE;
		if (isa_mode(i) == BPF_ATOMIC)
			return ISA_ACCESS_ATOMIC;
		return ISA_ACCESS_NONE;
	case BPF_LD:
		if (isa_mode(i) == BPF_ABS || isa_mode(i) == BPF_IND)
			return ISA_ACCESS_LEGACY;
		return ISA_ACCESS_NONE;
	default:
		return ISA_ACCESS_NONE;
	}
}

int isa_access_size(const struct bpf_insn *i)
{
	static const int bytes[4] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2,
				      [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8 };

	if (isa_access_kind(i) == ISA_ACCESS_NONE)
		return 0;
	return bytes[BPF_SIZE(i->code) >> 3];
}

int isa_access_base_reg(const struct bpf_insn *i)
{
	switch (isa_access_kind(i)) {
	case ISA_ACCESS_LOAD:
		return i->src_reg;
	case ISA_ACCESS_STORE:
	case ISA_ACCESS_ATOMIC:
		return i->dst_reg;
	default:
		return -1;
	}
}

const char *isa_access_kind_name(enum isa_access_kind k)
{
	switch (k) {
	case ISA_ACCESS_LOAD:
		return "load";
	case ISA_ACCESS_STORE:
		return "store";
	case ISA_ACCESS_ATOMIC:
		return "atomic";
	case ISA_ACCESS_LEGACY:
		return "ld_abs";
	default:
		return "none";
	}
}
