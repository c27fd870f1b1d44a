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

/*
 * Helpers that write no memory a program can see: their pointer arguments
 * are read only (kernel: no ARG_PTR_TO_UNINIT_MEM, MEM_UNINIT or
 * ARG_PTR_TO_LONG argument in their bpf_func_proto).  The stack and
 * everything else the program holds is the same after the call.
 * Conservative: a helper missing here is taken to write.
 */
bool isa_helper_writes_memory(int id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem: case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem: case BPF_FUNC_ktime_get_ns: case BPF_FUNC_trace_printk:
	case BPF_FUNC_get_prandom_u32: case BPF_FUNC_get_smp_processor_id:
	case BPF_FUNC_get_current_pid_tgid: case BPF_FUNC_get_current_uid_gid:
	case BPF_FUNC_redirect: case BPF_FUNC_redirect_map: case BPF_FUNC_csum_diff:
	case BPF_FUNC_perf_event_output: case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ktime_get_boot_ns:
		return false;
	}
	return true;
}
