// SPDX-License-Identifier: MIT
/*
 * isa: helper names, generated from the UAPI's own list (__BPF_FUNC_MAPPER)
 * (plus the two 6.1 lacks) so they are the names the kernel prints (func_id_str in kernel/bpf/disasm.c).
 */
#include "isa.h"

#define ISA_HELPER_STR(x) [BPF_FUNC_##x] = "bpf_" #x
static const char *const helper_names[ISA_HELPER_MAX] = {
	__BPF_FUNC_MAPPER(ISA_HELPER_STR) /* the UAPI list supplies the commas */
	/* Added after 6.1, whose UAPI header Debian 12 ships. */
	[210] = "bpf_cgrp_storage_get",
	[211] = "bpf_cgrp_storage_delete",
};
#undef ISA_HELPER_STR

const char *isa_helper_name(int id)
{
	if (id < 0 || (size_t)id >= sizeof(helper_names) / sizeof(helper_names[0]))
		return NULL;
	return helper_names[id];
}
