// SPDX-License-Identifier: MIT
/*
 * Helper prototypes (struct bpf_func_proto) and the per-program-type
 * get_func_proto chains of Linux 6.12: kernel/bpf/helpers.c,
 * kernel/bpf/ringbuf.c, kernel/bpf/stackmap.c, kernel/bpf/cgroup.c,
 * kernel/bpf/bpf_{task,cgrp}_storage.c, kernel/trace/bpf_trace.c, net/core/filter.c,
 * net/core/sock_map.c, net/core/bpf_sk_storage.c.
 *
 * Each table entry below carries the name of the kernel's proto object it
 * mirrors (bpf_xxx_proto); several objects share a helper id (e.g. the
 * perf_event_output variants per program type).  The table was derived
 * from the 6.12.117 sources and checked against them by hand.
 */
#include <stddef.h>
#include <linux/bpf.h>

#include "vx.h"

/* ---- kernel type flags and composites vx.h does not (yet) name --------- */

/* include/linux/bpf.h: enum bpf_type_flag, values of 6.12 */
#define VX_DYNPTR_TYPE_LOCAL (1u << (8 + BPF_BASE_TYPE_BITS))
#define VX_DYNPTR_TYPE_RINGBUF (1u << (9 + BPF_BASE_TYPE_BITS))
#define VX_MEM_ALIGNED MEM_ALIGNED

/* include/linux/bpf.h: the "extended" arg and return types */
#ifndef ARG_PTR_TO_MAP_VALUE_OR_NULL
#define ARG_PTR_TO_MAP_VALUE_OR_NULL (PTR_MAYBE_NULL | ARG_PTR_TO_MAP_VALUE)
#endif
#ifndef ARG_PTR_TO_MEM_OR_NULL
#define ARG_PTR_TO_MEM_OR_NULL (PTR_MAYBE_NULL | ARG_PTR_TO_MEM)
#endif
#ifndef ARG_PTR_TO_CTX_OR_NULL
#define ARG_PTR_TO_CTX_OR_NULL (PTR_MAYBE_NULL | ARG_PTR_TO_CTX)
#endif
#ifndef ARG_PTR_TO_SOCKET_OR_NULL
#define ARG_PTR_TO_SOCKET_OR_NULL (PTR_MAYBE_NULL | ARG_PTR_TO_SOCKET)
#endif
#ifndef ARG_PTR_TO_STACK_OR_NULL
#define ARG_PTR_TO_STACK_OR_NULL (PTR_MAYBE_NULL | ARG_PTR_TO_STACK)
#endif
#ifndef ARG_PTR_TO_BTF_ID_OR_NULL
#define ARG_PTR_TO_BTF_ID_OR_NULL (PTR_MAYBE_NULL | ARG_PTR_TO_BTF_ID)
#endif
#ifndef ARG_PTR_TO_UNINIT_MEM
#define ARG_PTR_TO_UNINIT_MEM (MEM_UNINIT | MEM_WRITE | ARG_PTR_TO_MEM)
#endif
#ifndef ARG_PTR_TO_FIXED_SIZE_MEM
#define ARG_PTR_TO_FIXED_SIZE_MEM (MEM_FIXED_SIZE | ARG_PTR_TO_MEM)
#endif
#ifndef RET_PTR_TO_MAP_VALUE_OR_NULL
#define RET_PTR_TO_MAP_VALUE_OR_NULL (PTR_MAYBE_NULL | RET_PTR_TO_MAP_VALUE)
#endif
#ifndef RET_PTR_TO_SOCKET_OR_NULL
#define RET_PTR_TO_SOCKET_OR_NULL (PTR_MAYBE_NULL | RET_PTR_TO_SOCKET)
#endif
#ifndef RET_PTR_TO_TCP_SOCK_OR_NULL
#define RET_PTR_TO_TCP_SOCK_OR_NULL (PTR_MAYBE_NULL | RET_PTR_TO_TCP_SOCK)
#endif
#ifndef RET_PTR_TO_SOCK_COMMON_OR_NULL
#define RET_PTR_TO_SOCK_COMMON_OR_NULL (PTR_MAYBE_NULL | RET_PTR_TO_SOCK_COMMON)
#endif
#ifndef RET_PTR_TO_RINGBUF_MEM_OR_NULL
#define RET_PTR_TO_RINGBUF_MEM_OR_NULL (PTR_MAYBE_NULL | MEM_RINGBUF | RET_PTR_TO_MEM)
#endif
#ifndef RET_PTR_TO_DYNPTR_MEM_OR_NULL
#define RET_PTR_TO_DYNPTR_MEM_OR_NULL (PTR_MAYBE_NULL | RET_PTR_TO_MEM)
#endif
#ifndef RET_PTR_TO_BTF_ID_OR_NULL
#define RET_PTR_TO_BTF_ID_OR_NULL (PTR_MAYBE_NULL | RET_PTR_TO_BTF_ID)
#endif
#ifndef RET_PTR_TO_BTF_ID_TRUSTED
#define RET_PTR_TO_BTF_ID_TRUSTED (PTR_TRUSTED | RET_PTR_TO_BTF_ID)
#endif

/* enum bpf_attach_type values newer than the 6.1 header (6.12 UAPI) */
#define VX_BPF_TRACE_UPROBE_MULTI 48
#define VX_BPF_CGROUP_UNIX_CONNECT 49
#define VX_BPF_CGROUP_UNIX_SENDMSG 50
#define VX_BPF_CGROUP_UNIX_RECVMSG 51
#define VX_BPF_CGROUP_UNIX_GETPEERNAME 52
#define VX_BPF_CGROUP_UNIX_GETSOCKNAME 53
#define VX_BPF_TRACE_KPROBE_SESSION 56

/*
 * Helper ids: the 6.1 header stops at user_ringbuf_drain (209); 6.12 adds
 * cgrp_storage_get (210) and cgrp_storage_delete (211).
 */
#ifndef BPF_FUNC_cgrp_storage_get
#define BPF_FUNC_cgrp_storage_get 210
#define BPF_FUNC_cgrp_storage_delete 211
#endif
#define VX___BPF_FUNC_MAX_ID 212

/* prog_types.c */
u32 prog_fixup_attach_type(u32 prog_type, u32 attach);

/* kernel: bpf_helper_changes_pkt_data() (net/core/filter.c), by helper id */
#define CHANGES_PKT_DATA(id)                                                    \
	((id) == BPF_FUNC_clone_redirect || (id) == BPF_FUNC_l3_csum_replace ||  \
	 (id) == BPF_FUNC_l4_csum_replace || (id) == BPF_FUNC_lwt_push_encap ||  \
	 (id) == BPF_FUNC_lwt_seg6_action || (id) == BPF_FUNC_lwt_seg6_adjust_srh || \
	 (id) == BPF_FUNC_lwt_seg6_store_bytes || (id) == BPF_FUNC_msg_pop_data || \
	 (id) == BPF_FUNC_msg_pull_data || (id) == BPF_FUNC_msg_push_data ||     \
	 (id) == BPF_FUNC_skb_adjust_room || (id) == BPF_FUNC_skb_change_head || \
	 (id) == BPF_FUNC_skb_change_proto || (id) == BPF_FUNC_skb_change_tail || \
	 (id) == BPF_FUNC_skb_pull_data || (id) == BPF_FUNC_skb_store_bytes ||   \
	 (id) == BPF_FUNC_skb_vlan_pop || (id) == BPF_FUNC_skb_vlan_push ||      \
	 (id) == BPF_FUNC_store_hdr_opt || (id) == BPF_FUNC_xdp_adjust_head ||   \
	 (id) == BPF_FUNC_xdp_adjust_meta || (id) == BPF_FUNC_xdp_adjust_tail || \
	 (id) == BPF_FUNC_tail_call /* a tail-called program could */)

/*
 * kernel: is_acquire_function() (kernel/bpf/verifier.c), the map-independent
 * part; map_lookup_elem on a SOCKMAP/SOCKHASH also acquires (map dependent,
 * left to the caller).
 */
#define ACQUIRES(id)                                                       \
	((id) == BPF_FUNC_sk_lookup_tcp || (id) == BPF_FUNC_sk_lookup_udp || \
	 (id) == BPF_FUNC_skc_lookup_tcp || (id) == BPF_FUNC_ringbuf_reserve || \
	 (id) == BPF_FUNC_kptr_xchg)

#define GPL 1u   /* .gpl_only */
#define PKT 2u   /* .pkt_access */
#define SLEEP 4u /* .might_sleep */

/* One kernel proto object: HP(kernel name, helper, flags, ret_type, arg types...) */
#define HP_INIT(fn, fl, ret)                                                \
	.func_id = BPF_FUNC_##fn, .name = "bpf_" #fn, .ret_type = (ret),     \
	.gpl_only = ((fl) & GPL) != 0, .pkt_access = ((fl) & PKT) != 0,      \
	.might_sleep = ((fl) & SLEEP) != 0,                                  \
	.changes_pkt_data = CHANGES_PKT_DATA(BPF_FUNC_##fn),                 \
	.acquires = ACQUIRES(BPF_FUNC_##fn)
#define HP(var, fn, fl, ret, ...)                                           \
	static const struct helper_proto var = { HP_INIT(fn, fl, ret),       \
						 .arg_type = { __VA_ARGS__ } }
/* ... with fixed sizes for the MEM_FIXED_SIZE arguments */
#define SZ(...) { __VA_ARGS__ }
#define HPZ(var, fn, fl, sizes, ret, ...)                                   \
	static const struct helper_proto var = { HP_INIT(fn, fl, ret),       \
						 .arg_type = { __VA_ARGS__ }, \
						 .arg_size = sizes }

/* ---- the prototypes ---------------------------------------------------- */

HP(bpf_map_lookup_elem_proto, map_lookup_elem, PKT, RET_PTR_TO_MAP_VALUE_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY);
HP(bpf_map_update_elem_proto, map_update_elem, PKT, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING);
HP(bpf_map_delete_elem_proto, map_delete_elem, PKT, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY);
HP(bpf_map_push_elem_proto, map_push_elem, PKT, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING);
HP(bpf_map_pop_elem_proto, map_pop_elem, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE);
HP(bpf_map_peek_elem_proto, map_peek_elem, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE);
HP(bpf_map_lookup_percpu_elem_proto, map_lookup_percpu_elem, PKT, RET_PTR_TO_MAP_VALUE_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
HP(bpf_get_prandom_u32_proto, get_prandom_u32, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_raw_smp_processor_id_proto, get_smp_processor_id, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_numa_node_id_proto, get_numa_node_id, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_tail_call_proto, tail_call, 0, RET_VOID,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_ktime_get_ns_proto, ktime_get_ns, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_ktime_get_boot_ns_proto, ktime_get_boot_ns, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_ktime_get_tai_ns_proto, ktime_get_tai_ns, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_ringbuf_output_proto, ringbuf_output, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_ringbuf_reserve_proto, ringbuf_reserve, 0, RET_PTR_TO_RINGBUF_MEM_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_CONST_ALLOC_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_ringbuf_submit_proto, ringbuf_submit, 0, RET_VOID,
   ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING);
HP(bpf_ringbuf_discard_proto, ringbuf_discard, 0, RET_VOID,
   ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING);
HP(bpf_ringbuf_query_proto, ringbuf_query, 0, RET_INTEGER, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_strncmp_proto, strncmp, 0, RET_INTEGER,
   ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_PTR_TO_CONST_STR);
HPZ(bpf_strtol_proto, strtol, 0, SZ(0, 0, 0, 8),
    RET_INTEGER, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | VX_MEM_ALIGNED);
HPZ(bpf_strtoul_proto, strtoul, 0, SZ(0, 0, 0, 8),
    RET_INTEGER, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | VX_MEM_ALIGNED);
HP(bpf_get_current_pid_tgid_proto, get_current_pid_tgid, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_ns_current_pid_tgid_proto, get_ns_current_pid_tgid, 0, RET_INTEGER,
   ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_spin_lock_proto, spin_lock, 0, RET_VOID, ARG_PTR_TO_SPIN_LOCK);
HP(bpf_spin_unlock_proto, spin_unlock, 0, RET_VOID, ARG_PTR_TO_SPIN_LOCK);
HP(bpf_jiffies64_proto, jiffies64, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_per_cpu_ptr_proto, per_cpu_ptr, 0, RET_PTR_TO_MEM_OR_BTF_ID | PTR_MAYBE_NULL | MEM_RDONLY,
   ARG_PTR_TO_PERCPU_BTF_ID, ARG_ANYTHING);
HP(bpf_this_cpu_ptr_proto, this_cpu_ptr, 0, RET_PTR_TO_MEM_OR_BTF_ID | MEM_RDONLY,
   ARG_PTR_TO_PERCPU_BTF_ID);
HP(bpf_timer_init_proto, timer_init, GPL, RET_INTEGER,
   ARG_PTR_TO_TIMER, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_timer_set_callback_proto, timer_set_callback, GPL, RET_INTEGER,
   ARG_PTR_TO_TIMER, ARG_PTR_TO_FUNC);
HP(bpf_timer_start_proto, timer_start, GPL, RET_INTEGER,
   ARG_PTR_TO_TIMER, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_timer_cancel_proto, timer_cancel, GPL, RET_INTEGER, ARG_PTR_TO_TIMER);
HP(bpf_kptr_xchg_proto, kptr_xchg, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_KPTR_XCHG_DEST, ARG_PTR_TO_BTF_ID_OR_NULL | OBJ_RELEASE);
HP(bpf_for_each_map_elem_proto, for_each_map_elem, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
HP(bpf_loop_proto, loop, 0, RET_INTEGER,
   ARG_SCALAR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
HP(bpf_user_ringbuf_drain_proto, user_ringbuf_drain, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
HP(bpf_ringbuf_reserve_dynptr_proto, ringbuf_reserve_dynptr, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_DYNPTR | VX_DYNPTR_TYPE_RINGBUF | MEM_UNINIT | MEM_WRITE);
HP(bpf_ringbuf_submit_dynptr_proto, ringbuf_submit_dynptr, 0, RET_VOID,
   ARG_PTR_TO_DYNPTR | VX_DYNPTR_TYPE_RINGBUF | OBJ_RELEASE, ARG_ANYTHING);
HP(bpf_ringbuf_discard_dynptr_proto, ringbuf_discard_dynptr, 0, RET_VOID,
   ARG_PTR_TO_DYNPTR | VX_DYNPTR_TYPE_RINGBUF | OBJ_RELEASE, ARG_ANYTHING);
HP(bpf_dynptr_from_mem_proto, dynptr_from_mem, 0, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_PTR_TO_DYNPTR | VX_DYNPTR_TYPE_LOCAL | MEM_UNINIT | MEM_WRITE);
HP(bpf_dynptr_read_proto, dynptr_read, 0, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_DYNPTR | MEM_RDONLY, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_dynptr_write_proto, dynptr_write, 0, RET_INTEGER,
   ARG_PTR_TO_DYNPTR | MEM_RDONLY, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_dynptr_data_proto, dynptr_data, 0, RET_PTR_TO_DYNPTR_MEM_OR_NULL,
   ARG_PTR_TO_DYNPTR | MEM_RDONLY, ARG_ANYTHING, ARG_CONST_ALLOC_SIZE_OR_ZERO);
HP(bpf_cgrp_storage_get_proto, cgrp_storage_get, 0, RET_PTR_TO_MAP_VALUE_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL, ARG_PTR_TO_MAP_VALUE_OR_NULL, ARG_ANYTHING);
HP(bpf_cgrp_storage_delete_proto, cgrp_storage_delete, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL);
HP(bpf_get_current_cgroup_id_proto, get_current_cgroup_id, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_current_ancestor_cgroup_id_proto, get_current_ancestor_cgroup_id, 0, RET_INTEGER,
   ARG_ANYTHING);
HP(bpf_trace_printk_proto, trace_printk, GPL, RET_INTEGER,
   ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_get_current_task_proto, get_current_task, GPL, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_current_task_btf_proto, get_current_task_btf, GPL, RET_PTR_TO_BTF_ID_TRUSTED,
   ARG_DONTCARE);
HP(bpf_probe_read_user_proto, probe_read_user, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_probe_read_kernel_proto, probe_read_kernel, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_probe_read_user_str_proto, probe_read_user_str, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_probe_read_kernel_str_proto, probe_read_kernel_str, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_snprintf_btf_proto, snprintf_btf, 0, RET_INTEGER,
   ARG_PTR_TO_MEM, ARG_CONST_SIZE, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_snprintf_proto, snprintf, GPL, RET_INTEGER,
   ARG_PTR_TO_MEM_OR_NULL, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_CONST_STR, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_task_pt_regs_proto, task_pt_regs, GPL, RET_PTR_TO_BTF_ID, ARG_PTR_TO_BTF_ID);
HP(bpf_trace_vprintk_proto, trace_vprintk, GPL, RET_INTEGER,
   ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_skc_to_tcp6_sock_proto, skc_to_tcp6_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skc_to_tcp_sock_proto, skc_to_tcp_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skc_to_tcp_timewait_sock_proto, skc_to_tcp_timewait_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skc_to_tcp_request_sock_proto, skc_to_tcp_request_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skc_to_udp6_sock_proto, skc_to_udp6_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skc_to_unix_sock_proto, skc_to_unix_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skc_to_mptcp_sock_proto, skc_to_mptcp_sock, 0, RET_PTR_TO_BTF_ID_OR_NULL,
   ARG_PTR_TO_SOCK_COMMON);
HP(bpf_ktime_get_coarse_ns_proto, ktime_get_coarse_ns, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_current_uid_gid_proto, get_current_uid_gid, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_get_current_comm_proto, get_current_comm, 0, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_get_smp_processor_id_proto, get_smp_processor_id, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_perf_event_read_proto, perf_event_read, GPL, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_probe_write_user_proto, probe_write_user, GPL, RET_INTEGER,
   ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_probe_read_compat_proto, probe_read, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_probe_read_compat_str_proto, probe_read_str, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_current_task_under_cgroup_proto, current_task_under_cgroup, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_send_signal_proto, send_signal, 0, RET_INTEGER, ARG_ANYTHING);
HP(bpf_send_signal_thread_proto, send_signal_thread, 0, RET_INTEGER, ARG_ANYTHING);
HP(bpf_perf_event_read_value_proto, perf_event_read_value, GPL, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_get_task_stack_proto, get_task_stack, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_copy_from_user_proto, copy_from_user, SLEEP, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_copy_from_user_task_proto, copy_from_user_task, GPL|SLEEP, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_PTR_TO_BTF_ID, ARG_ANYTHING);
HP(bpf_task_storage_get_recur_proto, task_storage_get, 0, RET_PTR_TO_MAP_VALUE_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL, ARG_PTR_TO_MAP_VALUE_OR_NULL, ARG_ANYTHING);
HP(bpf_task_storage_delete_recur_proto, task_storage_delete, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL);
HP(bpf_get_func_ip_proto_tracing, get_func_ip, GPL, RET_INTEGER, ARG_PTR_TO_CTX);
/* tracing_prog_func_proto()'s own (kernel/trace/bpf_trace.c, net/core/filter.c) */
HP(bpf_xdp_output_proto, xdp_output, GPL, RET_INTEGER, ARG_PTR_TO_BTF_ID, ARG_CONST_MAP_PTR,
   ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_skb_output_proto, skb_output, GPL, RET_INTEGER, ARG_PTR_TO_BTF_ID, ARG_CONST_MAP_PTR,
   ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HPZ(bpf_get_func_arg_proto, get_func_arg, 0, SZ(0, 0, 8), RET_INTEGER, ARG_PTR_TO_CTX,
    ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_FIXED_SIZE | MEM_UNINIT | MEM_WRITE);
HPZ(bpf_get_func_ret_proto, get_func_ret, 0, SZ(0, 8), RET_INTEGER, ARG_PTR_TO_CTX,
    ARG_PTR_TO_MEM | MEM_FIXED_SIZE | MEM_UNINIT | MEM_WRITE);
HP(bpf_get_func_arg_cnt_proto, get_func_arg_cnt, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_branch_snapshot_proto, get_branch_snapshot, GPL, RET_INTEGER,
   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_find_vma_proto, find_vma, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID, ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
HP(bpf_perf_event_output_proto, perf_event_output, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_get_stackid_proto, get_stackid, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_get_stack_proto, get_stack, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_override_return_proto, override_return, GPL, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_get_func_ip_proto_kprobe_multi, get_func_ip, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_func_ip_proto_uprobe_multi, get_func_ip, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_func_ip_proto_kprobe, get_func_ip, GPL, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_attach_cookie_proto_kmulti, get_attach_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_attach_cookie_proto_umulti, get_attach_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_attach_cookie_proto_trace, get_attach_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_perf_event_output_proto_tp, perf_event_output, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_get_stackid_proto_tp, get_stackid, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_get_stack_proto_tp, get_stack, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_get_stackid_proto_pe, get_stackid, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_get_stack_proto_pe, get_stack, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_perf_prog_read_value_proto, perf_prog_read_value, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_read_branch_records_proto, read_branch_records, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM_OR_NULL, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_get_attach_cookie_proto_pe, get_attach_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_perf_event_output_proto_raw_tp, perf_event_output, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_get_stackid_proto_raw_tp, get_stackid, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_get_stack_proto_raw_tp, get_stack, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_get_attach_cookie_proto_tracing, get_attach_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_local_storage_proto, get_local_storage, 0, RET_PTR_TO_MAP_VALUE,
   ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_get_retval_proto, get_retval, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_set_retval_proto, set_retval, 0, RET_INTEGER, ARG_ANYTHING);
HP(bpf_get_cgroup_classid_curr_proto, get_cgroup_classid, 0, RET_INTEGER, ARG_DONTCARE);
HP(bpf_skb_load_bytes_proto, skb_load_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_skb_load_bytes_relative_proto, skb_load_bytes_relative, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_get_socket_cookie_proto, get_socket_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_socket_uid_proto, get_socket_uid, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_skb_event_output_proto, perf_event_output, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_sk_fullsock_proto, sk_fullsock, 0, RET_PTR_TO_SOCKET_OR_NULL, ARG_PTR_TO_SOCK_COMMON);
HP(bpf_sk_storage_get_proto, sk_storage_get, 0, RET_PTR_TO_MAP_VALUE_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_PTR_TO_MAP_VALUE_OR_NULL, ARG_ANYTHING);
HP(bpf_sk_storage_delete_proto, sk_storage_delete, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_skb_cgroup_id_proto, skb_cgroup_id, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_skb_ancestor_cgroup_id_proto, skb_ancestor_cgroup_id, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_sk_cgroup_id_proto, sk_cgroup_id, 0, RET_INTEGER, ARG_PTR_TO_BTF_ID_SOCK_COMMON);
HP(bpf_sk_ancestor_cgroup_id_proto, sk_ancestor_cgroup_id, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING);
HP(bpf_sk_lookup_tcp_proto, sk_lookup_tcp, PKT, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sk_lookup_udp_proto, sk_lookup_udp, PKT, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sk_release_proto, sk_release, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE);
HP(bpf_skc_lookup_tcp_proto, skc_lookup_tcp, PKT, RET_PTR_TO_SOCK_COMMON_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_tcp_sock_proto, tcp_sock, 0, RET_PTR_TO_TCP_SOCK_OR_NULL, ARG_PTR_TO_SOCK_COMMON);
HP(bpf_get_listener_sock_proto, get_listener_sock, 0, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_SOCK_COMMON);
HP(bpf_skb_ecn_set_ce_proto, skb_ecn_set_ce, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_skb_store_bytes_proto, skb_store_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_skb_pull_data_proto, skb_pull_data, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_csum_diff_proto, csum_diff, PKT, RET_INTEGER,
   ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_csum_update_proto, csum_update, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_csum_level_proto, csum_level, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_l3_csum_replace_proto, l3_csum_replace, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_l4_csum_replace_proto, l4_csum_replace, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_clone_redirect_proto, clone_redirect, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_get_cgroup_classid_proto, get_cgroup_classid, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_skb_vlan_push_proto, skb_vlan_push, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_skb_vlan_pop_proto, skb_vlan_pop, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_skb_change_proto_proto, skb_change_proto, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_skb_change_type_proto, skb_change_type, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_skb_adjust_room_proto, skb_adjust_room, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_skb_change_tail_proto, skb_change_tail, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_skb_change_head_proto, skb_change_head, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_skb_get_tunnel_key_proto, skb_get_tunnel_key, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_skb_set_tunnel_key_proto, skb_set_tunnel_key, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_skb_get_tunnel_opt_proto, skb_get_tunnel_opt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_skb_set_tunnel_opt_proto, skb_set_tunnel_opt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_redirect_proto, redirect, 0, RET_INTEGER, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_redirect_neigh_proto, redirect_neigh, 0, RET_INTEGER,
   ARG_ANYTHING, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
HP(bpf_redirect_peer_proto, redirect_peer, 0, RET_INTEGER, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_get_route_realm_proto, get_route_realm, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_hash_recalc_proto, get_hash_recalc, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_set_hash_invalid_proto, set_hash_invalid, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_set_hash_proto, set_hash, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_skb_under_cgroup_proto, skb_under_cgroup, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
HP(bpf_skb_fib_lookup_proto, fib_lookup, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HPZ(bpf_skb_check_mtu_proto, check_mtu, GPL, SZ(0, 0, 4),
    RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_WRITE | VX_MEM_ALIGNED, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_skb_get_xfrm_state_proto, skb_get_xfrm_state, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_skb_cgroup_classid_proto, skb_cgroup_classid, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_tc_sk_lookup_tcp_proto, sk_lookup_tcp, PKT, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_tc_sk_lookup_udp_proto, sk_lookup_udp, PKT, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_tc_skc_lookup_tcp_proto, skc_lookup_tcp, PKT, RET_PTR_TO_SOCK_COMMON_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_tcp_check_syncookie_proto, tcp_check_syncookie, GPL|PKT, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_tcp_gen_syncookie_proto, tcp_gen_syncookie, GPL|PKT, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_sk_assign_proto, sk_assign, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING);
HP(bpf_skb_set_tstamp_proto, skb_set_tstamp, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HPZ(bpf_tcp_raw_gen_syncookie_ipv4_proto, tcp_raw_gen_syncookie_ipv4, GPL|PKT, SZ(20),
    RET_INTEGER, ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_MEM, ARG_CONST_SIZE_OR_ZERO);
HPZ(bpf_tcp_raw_gen_syncookie_ipv6_proto, tcp_raw_gen_syncookie_ipv6, GPL|PKT, SZ(40),
    RET_INTEGER, ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_MEM, ARG_CONST_SIZE_OR_ZERO);
HPZ(bpf_tcp_raw_check_syncookie_ipv4_proto, tcp_raw_check_syncookie_ipv4, GPL|PKT, SZ(20, 20),
    RET_INTEGER, ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_FIXED_SIZE_MEM);
HPZ(bpf_tcp_raw_check_syncookie_ipv6_proto, tcp_raw_check_syncookie_ipv6, GPL|PKT, SZ(40, 20),
    RET_INTEGER, ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_FIXED_SIZE_MEM);
HP(bpf_xdp_event_output_proto, perf_event_output, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_xdp_adjust_head_proto, xdp_adjust_head, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_xdp_adjust_meta_proto, xdp_adjust_meta, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_xdp_redirect_proto, redirect, 0, RET_INTEGER, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_xdp_redirect_map_proto, redirect_map, 0, RET_INTEGER,
   ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_xdp_adjust_tail_proto, xdp_adjust_tail, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_xdp_get_buff_len_proto, xdp_get_buff_len, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_xdp_load_bytes_proto, xdp_load_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_xdp_store_bytes_proto, xdp_store_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_xdp_fib_lookup_proto, fib_lookup, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HPZ(bpf_xdp_check_mtu_proto, check_mtu, GPL, SZ(0, 0, 4),
    RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_WRITE | VX_MEM_ALIGNED, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_xdp_sk_lookup_udp_proto, sk_lookup_udp, PKT, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_xdp_sk_lookup_tcp_proto, sk_lookup_tcp, PKT, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_xdp_skc_lookup_tcp_proto, skc_lookup_tcp, PKT, RET_PTR_TO_SOCK_COMMON_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_get_socket_cookie_sock_proto, get_socket_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_netns_cookie_sock_proto, get_netns_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX_OR_NULL);
HP(bpf_event_output_data_proto, perf_event_output, GPL, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
HP(bpf_sk_storage_get_cg_sock_proto, sk_storage_get, 0, RET_PTR_TO_MAP_VALUE_OR_NULL,
   ARG_CONST_MAP_PTR, ARG_PTR_TO_CTX, ARG_PTR_TO_MAP_VALUE_OR_NULL, ARG_ANYTHING);
HP(bpf_bind_proto, bind, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_get_socket_cookie_sock_addr_proto, get_socket_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_netns_cookie_sock_addr_proto, get_netns_cookie, 0, RET_INTEGER,
   ARG_PTR_TO_CTX_OR_NULL);
HP(bpf_sock_addr_sk_lookup_tcp_proto, sk_lookup_tcp, 0, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sock_addr_sk_lookup_udp_proto, sk_lookup_udp, 0, RET_PTR_TO_SOCKET_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sock_addr_skc_lookup_tcp_proto, skc_lookup_tcp, 0, RET_PTR_TO_SOCK_COMMON_OR_NULL,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sock_addr_setsockopt_proto, setsockopt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_sock_addr_getsockopt_proto, getsockopt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_sock_ops_setsockopt_proto, setsockopt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_sock_ops_getsockopt_proto, getsockopt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_sock_ops_cb_flags_set_proto, sock_ops_cb_flags_set, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_sock_map_update_proto, sock_map_update, PKT, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
HP(bpf_sock_hash_update_proto, sock_hash_update, PKT, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
HP(bpf_get_socket_cookie_sock_ops_proto, get_socket_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX);
HP(bpf_get_netns_cookie_sock_ops_proto, get_netns_cookie, 0, RET_INTEGER,
   ARG_PTR_TO_CTX_OR_NULL);
HP(bpf_sock_ops_load_hdr_opt_proto, load_hdr_opt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_WRITE, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_sock_ops_store_hdr_opt_proto, store_hdr_opt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_sock_ops_reserve_hdr_opt_proto, reserve_hdr_opt, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_msg_redirect_map_proto, msg_redirect_map, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_msg_redirect_hash_proto, msg_redirect_hash, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
HP(bpf_msg_apply_bytes_proto, msg_apply_bytes, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_msg_cork_bytes_proto, msg_cork_bytes, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(bpf_msg_pull_data_proto, msg_pull_data, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_msg_push_data_proto, msg_push_data, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_msg_pop_data_proto, msg_pop_data, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_get_netns_cookie_sk_msg_proto, get_netns_cookie, 0, RET_INTEGER, ARG_PTR_TO_CTX_OR_NULL);
HP(sk_skb_pull_data_proto, skb_pull_data, 0, RET_INTEGER, ARG_PTR_TO_CTX, ARG_ANYTHING);
HP(sk_skb_change_tail_proto, skb_change_tail, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(sk_skb_change_head_proto, skb_change_head, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(sk_skb_adjust_room_proto, skb_adjust_room, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sk_redirect_map_proto, sk_redirect_map, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING);
HP(bpf_sk_redirect_hash_proto, sk_redirect_hash, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
HP(bpf_flow_dissector_load_bytes_proto, skb_load_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_lwt_in_push_encap_proto, lwt_push_encap, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_lwt_xmit_push_encap_proto, lwt_push_encap, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_lwt_seg6_store_bytes_proto, lwt_seg6_store_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_lwt_seg6_action_proto, lwt_seg6_action, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_lwt_seg6_adjust_srh_proto, lwt_seg6_adjust_srh, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING);
HP(sk_select_reuseport_proto, sk_select_reuseport, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
HP(sk_reuseport_load_bytes_proto, skb_load_bytes, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(sk_reuseport_load_bytes_relative_proto, skb_load_bytes_relative, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_get_socket_ptr_cookie_proto, get_socket_cookie, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON | PTR_MAYBE_NULL);
HP(bpf_sk_lookup_assign_proto, sk_assign, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_SOCKET_OR_NULL, ARG_ANYTHING);
HP(bpf_sysctl_get_name_proto, sysctl_get_name, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM, ARG_CONST_SIZE, ARG_ANYTHING);
HP(bpf_sysctl_get_current_value_proto, sysctl_get_current_value, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_sysctl_get_new_value_proto, sysctl_get_new_value, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
HP(bpf_sysctl_set_new_value_proto, sysctl_set_new_value, 0, RET_INTEGER,
   ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_get_netns_cookie_sockopt_proto, get_netns_cookie, 0, RET_INTEGER,
   ARG_PTR_TO_CTX_OR_NULL);
HP(bpf_sk_setsockopt_proto, setsockopt, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE);
HP(bpf_sk_getsockopt_proto, getsockopt, 0, RET_INTEGER,
   ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);

/* ---- BTF types of ARG_PTR_TO_BTF_ID arguments and RET_PTR_TO_BTF_ID results */

/*
 * kernel: bpf_func_proto.arg_btf_id[] / .ret_btf_id, by struct name (the
 * kernel points into vmlinux BTF).  VX_BTF_POISON stands for the kernel's
 * BPF_PTR_POISON: the type is taken from the argument at verification time
 * (kptr_xchg's kptr field, spin_lock's map value).
 * ARG_PTR_TO_BTF_ID_SOCK_COMMON has no entry: the verifier's
 * compatible_reg_types table gives sock_common.
 */
#define VX_BTF_POISON "<poison>"

static const struct {
	const struct helper_proto *fn;
	const char *arg[5];
	const char *ret;
} btf_names[] = {
	{ &bpf_spin_lock_proto, { VX_BTF_POISON, NULL, NULL, NULL, NULL }, NULL },
	{ &bpf_spin_unlock_proto, { VX_BTF_POISON, NULL, NULL, NULL, NULL }, NULL },
	{ &bpf_kptr_xchg_proto, { NULL, VX_BTF_POISON, NULL, NULL, NULL }, VX_BTF_POISON },
	{ &bpf_cgrp_storage_get_proto, { NULL, "cgroup", NULL, NULL, NULL }, NULL },
	{ &bpf_cgrp_storage_delete_proto, { NULL, "cgroup", NULL, NULL, NULL }, NULL },
	{ &bpf_get_current_task_btf_proto, { NULL, NULL, NULL, NULL, NULL }, "task_struct" },
	{ &bpf_task_pt_regs_proto, { "task_struct", NULL, NULL, NULL, NULL }, "pt_regs" },
	{ &bpf_skc_to_tcp6_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "tcp6_sock" },
	{ &bpf_skc_to_tcp_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "tcp_sock" },
	{ &bpf_skc_to_tcp_timewait_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "tcp_timewait_sock" },
	{ &bpf_skc_to_tcp_request_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "tcp_request_sock" },
	{ &bpf_skc_to_udp6_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "udp6_sock" },
	{ &bpf_skc_to_unix_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "unix_sock" },
	{ &bpf_skc_to_mptcp_sock_proto, { NULL, NULL, NULL, NULL, NULL }, "mptcp_sock" },
	{ &bpf_get_task_stack_proto, { "task_struct", NULL, NULL, NULL, NULL }, NULL },
	{ &bpf_copy_from_user_task_proto, { NULL, NULL, NULL, "task_struct", NULL }, NULL },
	{ &bpf_task_storage_get_recur_proto, { NULL, "task_struct", NULL, NULL, NULL }, NULL },
	{ &bpf_task_storage_delete_recur_proto, { NULL, "task_struct", NULL, NULL, NULL }, NULL },
	{ &bpf_find_vma_proto, { "task_struct", NULL, NULL, NULL, NULL }, NULL },
};

/* Name of the struct arg `arg` (0-based) must point to, or NULL. */
const char *helper_arg_btf_name(const struct helper_proto *fn, int arg)
{
	size_t i;

	if (!fn || arg < 0 || arg >= 5)
		return NULL;
	for (i = 0; i < sizeof(btf_names) / sizeof(btf_names[0]); i++)
		if (btf_names[i].fn == fn)
			return btf_names[i].arg[arg];
	return NULL;
}

/* Name of the struct a RET_PTR_TO_BTF_ID result points to, or NULL. */
const char *helper_ret_btf_name(const struct helper_proto *fn)
{
	size_t i;

	if (!fn)
		return NULL;
	for (i = 0; i < sizeof(btf_names) / sizeof(btf_names[0]); i++)
		if (btf_names[i].fn == fn)
			return btf_names[i].ret;
	return NULL;
}

/*
 * kernel: bpf_func_proto.allow_fastcall.  In 6.12 only
 * bpf_get_smp_processor_id_proto has it (the variant tc, xdp, lwt and the
 * tracing types get; bpf_base_func_proto's raw variant does not).  Used by
 * mark_fastcall_pattern_for_call() together with the inlining rules.
 */
bool helper_allow_fastcall(const struct helper_proto *fn)
{
	return fn == &bpf_get_smp_processor_id_proto;
}

/* ---- get_func_proto chains -------------------------------------------- */

/*
 * Each function below mirrors one kernel get_func_proto callback, case for
 * case, with the privilege checks resolved for root (bpf_token_capable()
 * true for CAP_BPF and CAP_PERFMON), no lockdown, a non-sleepable program
 * and a distribution x86-64 config (CONFIG_INET, CONFIG_CGROUPS,
 * CONFIG_XFRM, CONFIG_SOCK_CGROUP_DATA, CONFIG_CGROUP_NET_CLASSID,
 * CONFIG_SYN_COOKIES, CONFIG_IPV6_SEG6_BPF, CONFIG_BPF_KPROBE_OVERRIDE,
 * CONFIG_ARCH_HAS_NON_OVERLAPPING_ADDRESS_SPACE all enabled).
 */
#define P(x) (&(x))

/* kernel: bpf_base_func_proto() (kernel/bpf/helpers.c) */
static const struct helper_proto *bpf_base_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem: return P(bpf_map_lookup_elem_proto);
	case BPF_FUNC_map_update_elem: return P(bpf_map_update_elem_proto);
	case BPF_FUNC_map_delete_elem: return P(bpf_map_delete_elem_proto);
	case BPF_FUNC_map_push_elem: return P(bpf_map_push_elem_proto);
	case BPF_FUNC_map_pop_elem: return P(bpf_map_pop_elem_proto);
	case BPF_FUNC_map_peek_elem: return P(bpf_map_peek_elem_proto);
	case BPF_FUNC_map_lookup_percpu_elem: return P(bpf_map_lookup_percpu_elem_proto);
	case BPF_FUNC_get_prandom_u32: return P(bpf_get_prandom_u32_proto);
	case BPF_FUNC_get_smp_processor_id: return P(bpf_get_raw_smp_processor_id_proto);
	case BPF_FUNC_get_numa_node_id: return P(bpf_get_numa_node_id_proto);
	case BPF_FUNC_tail_call: return P(bpf_tail_call_proto);
	case BPF_FUNC_ktime_get_ns: return P(bpf_ktime_get_ns_proto);
	case BPF_FUNC_ktime_get_boot_ns: return P(bpf_ktime_get_boot_ns_proto);
	case BPF_FUNC_ktime_get_tai_ns: return P(bpf_ktime_get_tai_ns_proto);
	case BPF_FUNC_ringbuf_output: return P(bpf_ringbuf_output_proto);
	case BPF_FUNC_ringbuf_reserve: return P(bpf_ringbuf_reserve_proto);
	case BPF_FUNC_ringbuf_submit: return P(bpf_ringbuf_submit_proto);
	case BPF_FUNC_ringbuf_discard: return P(bpf_ringbuf_discard_proto);
	case BPF_FUNC_ringbuf_query: return P(bpf_ringbuf_query_proto);
	case BPF_FUNC_strncmp: return P(bpf_strncmp_proto);
	case BPF_FUNC_strtol: return P(bpf_strtol_proto);
	case BPF_FUNC_strtoul: return P(bpf_strtoul_proto);
	case BPF_FUNC_get_current_pid_tgid: return P(bpf_get_current_pid_tgid_proto);
	case BPF_FUNC_get_ns_current_pid_tgid: return P(bpf_get_ns_current_pid_tgid_proto);
	default: break;
	}

	/* bpf_token_capable(CAP_BPF): true */
	switch (func_id) {
	case BPF_FUNC_spin_lock: return P(bpf_spin_lock_proto);
	case BPF_FUNC_spin_unlock: return P(bpf_spin_unlock_proto);
	case BPF_FUNC_jiffies64: return P(bpf_jiffies64_proto);
	case BPF_FUNC_per_cpu_ptr: return P(bpf_per_cpu_ptr_proto);
	case BPF_FUNC_this_cpu_ptr: return P(bpf_this_cpu_ptr_proto);
	case BPF_FUNC_timer_init: return P(bpf_timer_init_proto);
	case BPF_FUNC_timer_set_callback: return P(bpf_timer_set_callback_proto);
	case BPF_FUNC_timer_start: return P(bpf_timer_start_proto);
	case BPF_FUNC_timer_cancel: return P(bpf_timer_cancel_proto);
	case BPF_FUNC_kptr_xchg: return P(bpf_kptr_xchg_proto);
	case BPF_FUNC_for_each_map_elem: return P(bpf_for_each_map_elem_proto);
	case BPF_FUNC_loop: return P(bpf_loop_proto);
	case BPF_FUNC_user_ringbuf_drain: return P(bpf_user_ringbuf_drain_proto);
	case BPF_FUNC_ringbuf_reserve_dynptr: return P(bpf_ringbuf_reserve_dynptr_proto);
	case BPF_FUNC_ringbuf_submit_dynptr: return P(bpf_ringbuf_submit_dynptr_proto);
	case BPF_FUNC_ringbuf_discard_dynptr: return P(bpf_ringbuf_discard_dynptr_proto);
	case BPF_FUNC_dynptr_from_mem: return P(bpf_dynptr_from_mem_proto);
	case BPF_FUNC_dynptr_read: return P(bpf_dynptr_read_proto);
	case BPF_FUNC_dynptr_write: return P(bpf_dynptr_write_proto);
	case BPF_FUNC_dynptr_data: return P(bpf_dynptr_data_proto);
	case BPF_FUNC_cgrp_storage_get: return P(bpf_cgrp_storage_get_proto);
	case BPF_FUNC_cgrp_storage_delete: return P(bpf_cgrp_storage_delete_proto);
	case BPF_FUNC_get_current_cgroup_id: return P(bpf_get_current_cgroup_id_proto);
	case BPF_FUNC_get_current_ancestor_cgroup_id:
		return P(bpf_get_current_ancestor_cgroup_id_proto);
	default: break;
	}

	/* bpf_token_capable(CAP_PERFMON): true */
	switch (func_id) {
	case BPF_FUNC_trace_printk: return P(bpf_trace_printk_proto);
	case BPF_FUNC_get_current_task: return P(bpf_get_current_task_proto);
	case BPF_FUNC_get_current_task_btf: return P(bpf_get_current_task_btf_proto);
	case BPF_FUNC_probe_read_user: return P(bpf_probe_read_user_proto);
	case BPF_FUNC_probe_read_kernel: return P(bpf_probe_read_kernel_proto);
	case BPF_FUNC_probe_read_user_str: return P(bpf_probe_read_user_str_proto);
	case BPF_FUNC_probe_read_kernel_str: return P(bpf_probe_read_kernel_str_proto);
	case BPF_FUNC_snprintf_btf: return P(bpf_snprintf_btf_proto);
	case BPF_FUNC_snprintf: return P(bpf_snprintf_proto);
	case BPF_FUNC_task_pt_regs: return P(bpf_task_pt_regs_proto);
	case BPF_FUNC_trace_vprintk: return P(bpf_trace_vprintk_proto);
	default: return NULL;
	}
}

/* The bpf_skc_to_*() socket casts, shared by the two chains below. */
static const struct helper_proto *skc_cast_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skc_to_tcp6_sock: return P(bpf_skc_to_tcp6_sock_proto);
	case BPF_FUNC_skc_to_tcp_sock: return P(bpf_skc_to_tcp_sock_proto);
	case BPF_FUNC_skc_to_tcp_timewait_sock: return P(bpf_skc_to_tcp_timewait_sock_proto);
	case BPF_FUNC_skc_to_tcp_request_sock: return P(bpf_skc_to_tcp_request_sock_proto);
	case BPF_FUNC_skc_to_udp6_sock: return P(bpf_skc_to_udp6_sock_proto);
	case BPF_FUNC_skc_to_unix_sock: return P(bpf_skc_to_unix_sock_proto);
	case BPF_FUNC_skc_to_mptcp_sock: return P(bpf_skc_to_mptcp_sock_proto);
	default: return NULL;
	}
}

/* kernel: bpf_sk_base_func_proto() (net/core/filter.c); CAP_PERFMON granted */
static const struct helper_proto *bpf_sk_base_func_proto(int func_id)
{
	if (skc_cast_proto(func_id))
		return skc_cast_proto(func_id);
	switch (func_id) {
	case BPF_FUNC_ktime_get_coarse_ns: return P(bpf_ktime_get_coarse_ns_proto);
	default: return bpf_base_func_proto(func_id);
	}
}

/* kernel: bpf_tracing_func_proto() (kernel/trace/bpf_trace.c) */
static const struct helper_proto *bpf_tracing_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem: return P(bpf_map_lookup_elem_proto);
	case BPF_FUNC_map_update_elem: return P(bpf_map_update_elem_proto);
	case BPF_FUNC_map_delete_elem: return P(bpf_map_delete_elem_proto);
	case BPF_FUNC_map_push_elem: return P(bpf_map_push_elem_proto);
	case BPF_FUNC_map_pop_elem: return P(bpf_map_pop_elem_proto);
	case BPF_FUNC_map_peek_elem: return P(bpf_map_peek_elem_proto);
	case BPF_FUNC_map_lookup_percpu_elem: return P(bpf_map_lookup_percpu_elem_proto);
	case BPF_FUNC_ktime_get_ns: return P(bpf_ktime_get_ns_proto);
	case BPF_FUNC_ktime_get_boot_ns: return P(bpf_ktime_get_boot_ns_proto);
	case BPF_FUNC_tail_call: return P(bpf_tail_call_proto);
	case BPF_FUNC_get_current_task: return P(bpf_get_current_task_proto);
	case BPF_FUNC_get_current_task_btf: return P(bpf_get_current_task_btf_proto);
	case BPF_FUNC_task_pt_regs: return P(bpf_task_pt_regs_proto);
	case BPF_FUNC_get_current_uid_gid: return P(bpf_get_current_uid_gid_proto);
	case BPF_FUNC_get_current_comm: return P(bpf_get_current_comm_proto);
	case BPF_FUNC_trace_printk: return P(bpf_trace_printk_proto);
	case BPF_FUNC_get_smp_processor_id: return P(bpf_get_smp_processor_id_proto);
	case BPF_FUNC_get_numa_node_id: return P(bpf_get_numa_node_id_proto);
	case BPF_FUNC_perf_event_read: return P(bpf_perf_event_read_proto);
	case BPF_FUNC_get_prandom_u32: return P(bpf_get_prandom_u32_proto);
	case BPF_FUNC_probe_write_user: return P(bpf_probe_write_user_proto);
	case BPF_FUNC_probe_read_user: return P(bpf_probe_read_user_proto);
	case BPF_FUNC_probe_read_kernel: return P(bpf_probe_read_kernel_proto);
	case BPF_FUNC_probe_read_user_str: return P(bpf_probe_read_user_str_proto);
	case BPF_FUNC_probe_read_kernel_str: return P(bpf_probe_read_kernel_str_proto);
	case BPF_FUNC_probe_read: return P(bpf_probe_read_compat_proto);
	case BPF_FUNC_probe_read_str: return P(bpf_probe_read_compat_str_proto);
	case BPF_FUNC_cgrp_storage_get: return P(bpf_cgrp_storage_get_proto);
	case BPF_FUNC_cgrp_storage_delete: return P(bpf_cgrp_storage_delete_proto);
	case BPF_FUNC_current_task_under_cgroup: return P(bpf_current_task_under_cgroup_proto);
	case BPF_FUNC_send_signal: return P(bpf_send_signal_proto);
	case BPF_FUNC_send_signal_thread: return P(bpf_send_signal_thread_proto);
	case BPF_FUNC_perf_event_read_value: return P(bpf_perf_event_read_value_proto);
	case BPF_FUNC_ringbuf_output: return P(bpf_ringbuf_output_proto);
	case BPF_FUNC_ringbuf_reserve: return P(bpf_ringbuf_reserve_proto);
	case BPF_FUNC_ringbuf_submit: return P(bpf_ringbuf_submit_proto);
	case BPF_FUNC_ringbuf_discard: return P(bpf_ringbuf_discard_proto);
	case BPF_FUNC_ringbuf_query: return P(bpf_ringbuf_query_proto);
	case BPF_FUNC_jiffies64: return P(bpf_jiffies64_proto);
	/* prog->sleepable: bpf_get_task_stack_sleepable_proto */
	case BPF_FUNC_get_task_stack: return P(bpf_get_task_stack_proto);
	case BPF_FUNC_copy_from_user: return P(bpf_copy_from_user_proto);
	case BPF_FUNC_copy_from_user_task: return P(bpf_copy_from_user_task_proto);
	case BPF_FUNC_snprintf_btf: return P(bpf_snprintf_btf_proto);
	case BPF_FUNC_per_cpu_ptr: return P(bpf_per_cpu_ptr_proto);
	case BPF_FUNC_this_cpu_ptr: return P(bpf_this_cpu_ptr_proto);
	/* bpf_prog_check_recur() is true for every type handled here */
	case BPF_FUNC_task_storage_get: return P(bpf_task_storage_get_recur_proto);
	case BPF_FUNC_task_storage_delete: return P(bpf_task_storage_delete_recur_proto);
	case BPF_FUNC_for_each_map_elem: return P(bpf_for_each_map_elem_proto);
	case BPF_FUNC_snprintf: return P(bpf_snprintf_proto);
	case BPF_FUNC_get_func_ip: return P(bpf_get_func_ip_proto_tracing);
	case BPF_FUNC_get_branch_snapshot: return P(bpf_get_branch_snapshot_proto);
	case BPF_FUNC_find_vma: return P(bpf_find_vma_proto);
	case BPF_FUNC_trace_vprintk: return P(bpf_trace_vprintk_proto);
	default: return bpf_base_func_proto(func_id);
	}
}

/* kernel: kprobe_prog_func_proto() */
static const struct helper_proto *kprobe_prog_func_proto(int func_id, u32 attach)
{
	bool multi = attach == BPF_TRACE_KPROBE_MULTI || attach == VX_BPF_TRACE_KPROBE_SESSION;

	switch (func_id) {
	case BPF_FUNC_perf_event_output: return P(bpf_perf_event_output_proto);
	case BPF_FUNC_get_stackid: return P(bpf_get_stackid_proto);
	/* prog->sleepable: bpf_get_stack_sleepable_proto */
	case BPF_FUNC_get_stack: return P(bpf_get_stack_proto);
	case BPF_FUNC_override_return: return P(bpf_override_return_proto);
	case BPF_FUNC_get_func_ip:
		if (multi)
			return P(bpf_get_func_ip_proto_kprobe_multi);
		if (attach == VX_BPF_TRACE_UPROBE_MULTI)
			return P(bpf_get_func_ip_proto_uprobe_multi);
		return P(bpf_get_func_ip_proto_kprobe);
	case BPF_FUNC_get_attach_cookie:
		if (multi)
			return P(bpf_get_attach_cookie_proto_kmulti);
		if (attach == VX_BPF_TRACE_UPROBE_MULTI)
			return P(bpf_get_attach_cookie_proto_umulti);
		return P(bpf_get_attach_cookie_proto_trace);
	default: return bpf_tracing_func_proto(func_id);
	}
}

/* kernel: tp_prog_func_proto() */
static const struct helper_proto *tp_prog_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output: return P(bpf_perf_event_output_proto_tp);
	case BPF_FUNC_get_stackid: return P(bpf_get_stackid_proto_tp);
	case BPF_FUNC_get_stack: return P(bpf_get_stack_proto_tp);
	case BPF_FUNC_get_attach_cookie: return P(bpf_get_attach_cookie_proto_trace);
	default: return bpf_tracing_func_proto(func_id);
	}
}

/* kernel: pe_prog_func_proto() */
static const struct helper_proto *pe_prog_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output: return P(bpf_perf_event_output_proto_tp);
	case BPF_FUNC_get_stackid: return P(bpf_get_stackid_proto_pe);
	case BPF_FUNC_get_stack: return P(bpf_get_stack_proto_pe);
	case BPF_FUNC_perf_prog_read_value: return P(bpf_perf_prog_read_value_proto);
	case BPF_FUNC_read_branch_records: return P(bpf_read_branch_records_proto);
	case BPF_FUNC_get_attach_cookie: return P(bpf_get_attach_cookie_proto_pe);
	default: return bpf_tracing_func_proto(func_id);
	}
}

/* kernel: raw_tp_prog_func_proto() (RAW_TRACEPOINT and RAW_TRACEPOINT_WRITABLE) */
static const struct helper_proto *raw_tp_prog_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output: return P(bpf_perf_event_output_proto_raw_tp);
	case BPF_FUNC_get_stackid: return P(bpf_get_stackid_proto_raw_tp);
	case BPF_FUNC_get_stack: return P(bpf_get_stack_proto_raw_tp);
	case BPF_FUNC_get_attach_cookie: return P(bpf_get_attach_cookie_proto_tracing);
	default: return bpf_tracing_func_proto(func_id);
	}
}

/*
 * kernel: tracing_prog_func_proto() for fentry/fexit/fmod_ret/tp_btf (a
 * trampoline; not an iterator, not sleepable).  sock_from_file, d_path,
 * xdp_get_buff_len and the tracing sk_storage variants are not in the
 * table: those programs are rejected naming the helper.
 */
static const struct helper_proto *tracing_prog_func_proto(int func_id, u32 attach)
{
	bool trampoline = attach != BPF_TRACE_RAW_TP;

	if (skc_cast_proto(func_id))
		return skc_cast_proto(func_id);
	switch (func_id) {
	case BPF_FUNC_skb_output: return P(bpf_skb_output_proto);
	case BPF_FUNC_xdp_output: return P(bpf_xdp_output_proto);
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_ptr_cookie_proto);
	case BPF_FUNC_sock_from_file:
	case BPF_FUNC_d_path:
	case BPF_FUNC_xdp_get_buff_len:
	case BPF_FUNC_sk_storage_get:
	case BPF_FUNC_sk_storage_delete:
		return NULL;
	case BPF_FUNC_get_func_arg: return trampoline ? P(bpf_get_func_arg_proto) : NULL;
	case BPF_FUNC_get_func_ret: return trampoline ? P(bpf_get_func_ret_proto) : NULL;
	case BPF_FUNC_get_func_arg_cnt: return trampoline ? P(bpf_get_func_arg_cnt_proto) : NULL;
	case BPF_FUNC_get_attach_cookie:
		return trampoline ? P(bpf_get_attach_cookie_proto_tracing) : NULL;
	default: return raw_tp_prog_func_proto(func_id);
	}
}

/*
 * kernel: bpf_lsm_func_proto() for BPF_LSM_MAC.  inode_storage, bprm_opts_set
 * and the IMA hashes are not in the table: those programs are rejected
 * naming the helper.
 */
static const struct helper_proto *lsm_func_proto(int func_id, u32 attach)
{
	switch (func_id) {
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_spin_lock: return P(bpf_spin_lock_proto);
	case BPF_FUNC_spin_unlock: return P(bpf_spin_unlock_proto);
	case BPF_FUNC_inode_storage_get:
	case BPF_FUNC_inode_storage_delete:
	case BPF_FUNC_bprm_opts_set:
	case BPF_FUNC_ima_inode_hash:
	case BPF_FUNC_ima_file_hash:
	case BPF_FUNC_setsockopt:
	case BPF_FUNC_getsockopt:
		return NULL;
	default: return tracing_prog_func_proto(func_id, attach);
	}
}

/* kernel: cgroup_common_func_proto() (kernel/bpf/cgroup.c) */
static const struct helper_proto *cgroup_common_func_proto(int func_id, u32 attach)
{
	bool no_retval;

	switch (attach) {
	case BPF_CGROUP_INET_INGRESS:
	case BPF_CGROUP_INET_EGRESS:
	case BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case VX_BPF_CGROUP_UNIX_RECVMSG:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case VX_BPF_CGROUP_UNIX_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case VX_BPF_CGROUP_UNIX_GETSOCKNAME:
		no_retval = true;
		break;
	default:
		no_retval = false;
		break;
	}

	switch (func_id) {
	case BPF_FUNC_get_local_storage: return P(bpf_get_local_storage_proto);
	case BPF_FUNC_get_retval: return no_retval ? NULL : P(bpf_get_retval_proto);
	case BPF_FUNC_set_retval: return no_retval ? NULL : P(bpf_set_retval_proto);
	default: return NULL;
	}
}

/* kernel: cgroup_current_func_proto() */
static const struct helper_proto *cgroup_current_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_get_current_uid_gid: return P(bpf_get_current_uid_gid_proto);
	case BPF_FUNC_get_current_comm: return P(bpf_get_current_comm_proto);
	case BPF_FUNC_get_cgroup_classid: return P(bpf_get_cgroup_classid_curr_proto);
	case BPF_FUNC_current_task_under_cgroup: return P(bpf_current_task_under_cgroup_proto);
	default: return NULL;
	}
}

/* kernel: sk_filter_func_proto() (net/core/filter.c) */
static const struct helper_proto *sk_filter_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes: return P(bpf_skb_load_bytes_proto);
	case BPF_FUNC_skb_load_bytes_relative: return P(bpf_skb_load_bytes_relative_proto);
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_cookie_proto);
	case BPF_FUNC_get_socket_uid: return P(bpf_get_socket_uid_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_skb_event_output_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: cg_skb_func_proto() */
static const struct helper_proto *cg_skb_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_sk_fullsock: return P(bpf_sk_fullsock_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_skb_event_output_proto);
	case BPF_FUNC_skb_cgroup_id: return P(bpf_skb_cgroup_id_proto);
	case BPF_FUNC_skb_ancestor_cgroup_id: return P(bpf_skb_ancestor_cgroup_id_proto);
	case BPF_FUNC_sk_cgroup_id: return P(bpf_sk_cgroup_id_proto);
	case BPF_FUNC_sk_ancestor_cgroup_id: return P(bpf_sk_ancestor_cgroup_id_proto);
	case BPF_FUNC_sk_lookup_tcp: return P(bpf_sk_lookup_tcp_proto);
	case BPF_FUNC_sk_lookup_udp: return P(bpf_sk_lookup_udp_proto);
	case BPF_FUNC_sk_release: return P(bpf_sk_release_proto);
	case BPF_FUNC_skc_lookup_tcp: return P(bpf_skc_lookup_tcp_proto);
	case BPF_FUNC_tcp_sock: return P(bpf_tcp_sock_proto);
	case BPF_FUNC_get_listener_sock: return P(bpf_get_listener_sock_proto);
	case BPF_FUNC_skb_ecn_set_ce: return P(bpf_skb_ecn_set_ce_proto);
	default: return sk_filter_func_proto(func_id);
	}
}

/* kernel: tc_cls_act_func_proto() */
static const struct helper_proto *tc_cls_act_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_store_bytes: return P(bpf_skb_store_bytes_proto);
	case BPF_FUNC_skb_load_bytes: return P(bpf_skb_load_bytes_proto);
	case BPF_FUNC_skb_load_bytes_relative: return P(bpf_skb_load_bytes_relative_proto);
	case BPF_FUNC_skb_pull_data: return P(bpf_skb_pull_data_proto);
	case BPF_FUNC_csum_diff: return P(bpf_csum_diff_proto);
	case BPF_FUNC_csum_update: return P(bpf_csum_update_proto);
	case BPF_FUNC_csum_level: return P(bpf_csum_level_proto);
	case BPF_FUNC_l3_csum_replace: return P(bpf_l3_csum_replace_proto);
	case BPF_FUNC_l4_csum_replace: return P(bpf_l4_csum_replace_proto);
	case BPF_FUNC_clone_redirect: return P(bpf_clone_redirect_proto);
	case BPF_FUNC_get_cgroup_classid: return P(bpf_get_cgroup_classid_proto);
	case BPF_FUNC_skb_vlan_push: return P(bpf_skb_vlan_push_proto);
	case BPF_FUNC_skb_vlan_pop: return P(bpf_skb_vlan_pop_proto);
	case BPF_FUNC_skb_change_proto: return P(bpf_skb_change_proto_proto);
	case BPF_FUNC_skb_change_type: return P(bpf_skb_change_type_proto);
	case BPF_FUNC_skb_adjust_room: return P(bpf_skb_adjust_room_proto);
	case BPF_FUNC_skb_change_tail: return P(bpf_skb_change_tail_proto);
	case BPF_FUNC_skb_change_head: return P(bpf_skb_change_head_proto);
	case BPF_FUNC_skb_get_tunnel_key: return P(bpf_skb_get_tunnel_key_proto);
	case BPF_FUNC_skb_set_tunnel_key: return P(bpf_skb_set_tunnel_key_proto);
	case BPF_FUNC_skb_get_tunnel_opt: return P(bpf_skb_get_tunnel_opt_proto);
	case BPF_FUNC_skb_set_tunnel_opt: return P(bpf_skb_set_tunnel_opt_proto);
	case BPF_FUNC_redirect: return P(bpf_redirect_proto);
	case BPF_FUNC_redirect_neigh: return P(bpf_redirect_neigh_proto);
	case BPF_FUNC_redirect_peer: return P(bpf_redirect_peer_proto);
	case BPF_FUNC_get_route_realm: return P(bpf_get_route_realm_proto);
	case BPF_FUNC_get_hash_recalc: return P(bpf_get_hash_recalc_proto);
	case BPF_FUNC_set_hash_invalid: return P(bpf_set_hash_invalid_proto);
	case BPF_FUNC_set_hash: return P(bpf_set_hash_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_skb_event_output_proto);
	case BPF_FUNC_get_smp_processor_id: return P(bpf_get_smp_processor_id_proto);
	case BPF_FUNC_skb_under_cgroup: return P(bpf_skb_under_cgroup_proto);
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_cookie_proto);
	case BPF_FUNC_get_socket_uid: return P(bpf_get_socket_uid_proto);
	case BPF_FUNC_fib_lookup: return P(bpf_skb_fib_lookup_proto);
	case BPF_FUNC_check_mtu: return P(bpf_skb_check_mtu_proto);
	case BPF_FUNC_sk_fullsock: return P(bpf_sk_fullsock_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_skb_get_xfrm_state: return P(bpf_skb_get_xfrm_state_proto);
	case BPF_FUNC_skb_cgroup_classid: return P(bpf_skb_cgroup_classid_proto);
	case BPF_FUNC_skb_cgroup_id: return P(bpf_skb_cgroup_id_proto);
	case BPF_FUNC_skb_ancestor_cgroup_id: return P(bpf_skb_ancestor_cgroup_id_proto);
	case BPF_FUNC_sk_lookup_tcp: return P(bpf_tc_sk_lookup_tcp_proto);
	case BPF_FUNC_sk_lookup_udp: return P(bpf_tc_sk_lookup_udp_proto);
	case BPF_FUNC_sk_release: return P(bpf_sk_release_proto);
	case BPF_FUNC_tcp_sock: return P(bpf_tcp_sock_proto);
	case BPF_FUNC_get_listener_sock: return P(bpf_get_listener_sock_proto);
	case BPF_FUNC_skc_lookup_tcp: return P(bpf_tc_skc_lookup_tcp_proto);
	case BPF_FUNC_tcp_check_syncookie: return P(bpf_tcp_check_syncookie_proto);
	case BPF_FUNC_skb_ecn_set_ce: return P(bpf_skb_ecn_set_ce_proto);
	case BPF_FUNC_tcp_gen_syncookie: return P(bpf_tcp_gen_syncookie_proto);
	case BPF_FUNC_sk_assign: return P(bpf_sk_assign_proto);
	case BPF_FUNC_skb_set_tstamp: return P(bpf_skb_set_tstamp_proto);
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv4: return P(bpf_tcp_raw_gen_syncookie_ipv4_proto);
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv6: return P(bpf_tcp_raw_gen_syncookie_ipv6_proto);
	case BPF_FUNC_tcp_raw_check_syncookie_ipv4:
		return P(bpf_tcp_raw_check_syncookie_ipv4_proto);
	case BPF_FUNC_tcp_raw_check_syncookie_ipv6:
		return P(bpf_tcp_raw_check_syncookie_ipv6_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: xdp_func_proto() */
static const struct helper_proto *xdp_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output: return P(bpf_xdp_event_output_proto);
	case BPF_FUNC_get_smp_processor_id: return P(bpf_get_smp_processor_id_proto);
	case BPF_FUNC_csum_diff: return P(bpf_csum_diff_proto);
	case BPF_FUNC_xdp_adjust_head: return P(bpf_xdp_adjust_head_proto);
	case BPF_FUNC_xdp_adjust_meta: return P(bpf_xdp_adjust_meta_proto);
	case BPF_FUNC_redirect: return P(bpf_xdp_redirect_proto);
	case BPF_FUNC_redirect_map: return P(bpf_xdp_redirect_map_proto);
	case BPF_FUNC_xdp_adjust_tail: return P(bpf_xdp_adjust_tail_proto);
	case BPF_FUNC_xdp_get_buff_len: return P(bpf_xdp_get_buff_len_proto);
	case BPF_FUNC_xdp_load_bytes: return P(bpf_xdp_load_bytes_proto);
	case BPF_FUNC_xdp_store_bytes: return P(bpf_xdp_store_bytes_proto);
	case BPF_FUNC_fib_lookup: return P(bpf_xdp_fib_lookup_proto);
	case BPF_FUNC_check_mtu: return P(bpf_xdp_check_mtu_proto);
	case BPF_FUNC_sk_lookup_udp: return P(bpf_xdp_sk_lookup_udp_proto);
	case BPF_FUNC_sk_lookup_tcp: return P(bpf_xdp_sk_lookup_tcp_proto);
	case BPF_FUNC_sk_release: return P(bpf_sk_release_proto);
	case BPF_FUNC_skc_lookup_tcp: return P(bpf_xdp_skc_lookup_tcp_proto);
	case BPF_FUNC_tcp_check_syncookie: return P(bpf_tcp_check_syncookie_proto);
	case BPF_FUNC_tcp_gen_syncookie: return P(bpf_tcp_gen_syncookie_proto);
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv4: return P(bpf_tcp_raw_gen_syncookie_ipv4_proto);
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv6: return P(bpf_tcp_raw_gen_syncookie_ipv6_proto);
	case BPF_FUNC_tcp_raw_check_syncookie_ipv4:
		return P(bpf_tcp_raw_check_syncookie_ipv4_proto);
	case BPF_FUNC_tcp_raw_check_syncookie_ipv6:
		return P(bpf_tcp_raw_check_syncookie_ipv6_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: sock_filter_func_proto() (CGROUP_SOCK) */
static const struct helper_proto *sock_filter_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	fn = cgroup_current_func_proto(func_id);
	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_cookie_sock_proto);
	case BPF_FUNC_get_netns_cookie: return P(bpf_get_netns_cookie_sock_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_cg_sock_proto);
	case BPF_FUNC_ktime_get_coarse_ns: return P(bpf_ktime_get_coarse_ns_proto);
	default: return bpf_base_func_proto(func_id);
	}
}

/* kernel: sock_addr_func_proto() (CGROUP_SOCK_ADDR) */
static const struct helper_proto *sock_addr_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	fn = cgroup_current_func_proto(func_id);
	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_bind:
		if (attach == BPF_CGROUP_INET4_CONNECT || attach == BPF_CGROUP_INET6_CONNECT)
			return P(bpf_bind_proto);
		return NULL;
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_cookie_sock_addr_proto);
	case BPF_FUNC_get_netns_cookie: return P(bpf_get_netns_cookie_sock_addr_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	case BPF_FUNC_sk_lookup_tcp: return P(bpf_sock_addr_sk_lookup_tcp_proto);
	case BPF_FUNC_sk_lookup_udp: return P(bpf_sock_addr_sk_lookup_udp_proto);
	case BPF_FUNC_sk_release: return P(bpf_sk_release_proto);
	case BPF_FUNC_skc_lookup_tcp: return P(bpf_sock_addr_skc_lookup_tcp_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_setsockopt:
	case BPF_FUNC_getsockopt:
		switch (attach) {
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET6_CONNECT:
		case VX_BPF_CGROUP_UNIX_CONNECT:
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
		case VX_BPF_CGROUP_UNIX_RECVMSG:
		case BPF_CGROUP_UDP4_SENDMSG:
		case BPF_CGROUP_UDP6_SENDMSG:
		case VX_BPF_CGROUP_UNIX_SENDMSG:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
			return func_id == BPF_FUNC_setsockopt ? P(bpf_sock_addr_setsockopt_proto)
							      : P(bpf_sock_addr_getsockopt_proto);
		default:
			return NULL;
		}
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: sock_ops_func_proto() */
static const struct helper_proto *sock_ops_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_setsockopt: return P(bpf_sock_ops_setsockopt_proto);
	case BPF_FUNC_getsockopt: return P(bpf_sock_ops_getsockopt_proto);
	case BPF_FUNC_sock_ops_cb_flags_set: return P(bpf_sock_ops_cb_flags_set_proto);
	case BPF_FUNC_sock_map_update: return P(bpf_sock_map_update_proto);
	case BPF_FUNC_sock_hash_update: return P(bpf_sock_hash_update_proto);
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_cookie_sock_ops_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_get_netns_cookie: return P(bpf_get_netns_cookie_sock_ops_proto);
	case BPF_FUNC_load_hdr_opt: return P(bpf_sock_ops_load_hdr_opt_proto);
	case BPF_FUNC_store_hdr_opt: return P(bpf_sock_ops_store_hdr_opt_proto);
	case BPF_FUNC_reserve_hdr_opt: return P(bpf_sock_ops_reserve_hdr_opt_proto);
	case BPF_FUNC_tcp_sock: return P(bpf_tcp_sock_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: sk_msg_func_proto() */
static const struct helper_proto *sk_msg_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_msg_redirect_map: return P(bpf_msg_redirect_map_proto);
	case BPF_FUNC_msg_redirect_hash: return P(bpf_msg_redirect_hash_proto);
	case BPF_FUNC_msg_apply_bytes: return P(bpf_msg_apply_bytes_proto);
	case BPF_FUNC_msg_cork_bytes: return P(bpf_msg_cork_bytes_proto);
	case BPF_FUNC_msg_pull_data: return P(bpf_msg_pull_data_proto);
	case BPF_FUNC_msg_push_data: return P(bpf_msg_push_data_proto);
	case BPF_FUNC_msg_pop_data: return P(bpf_msg_pop_data_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	case BPF_FUNC_get_current_uid_gid: return P(bpf_get_current_uid_gid_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_get_netns_cookie: return P(bpf_get_netns_cookie_sk_msg_proto);
	case BPF_FUNC_get_cgroup_classid: return P(bpf_get_cgroup_classid_curr_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: sk_skb_func_proto() */
static const struct helper_proto *sk_skb_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_store_bytes: return P(bpf_skb_store_bytes_proto);
	case BPF_FUNC_skb_load_bytes: return P(bpf_skb_load_bytes_proto);
	case BPF_FUNC_skb_pull_data: return P(sk_skb_pull_data_proto);
	case BPF_FUNC_skb_change_tail: return P(sk_skb_change_tail_proto);
	case BPF_FUNC_skb_change_head: return P(sk_skb_change_head_proto);
	case BPF_FUNC_skb_adjust_room: return P(sk_skb_adjust_room_proto);
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_cookie_proto);
	case BPF_FUNC_get_socket_uid: return P(bpf_get_socket_uid_proto);
	case BPF_FUNC_sk_redirect_map: return P(bpf_sk_redirect_map_proto);
	case BPF_FUNC_sk_redirect_hash: return P(bpf_sk_redirect_hash_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_skb_event_output_proto);
	case BPF_FUNC_sk_lookup_tcp: return P(bpf_sk_lookup_tcp_proto);
	case BPF_FUNC_sk_lookup_udp: return P(bpf_sk_lookup_udp_proto);
	case BPF_FUNC_sk_release: return P(bpf_sk_release_proto);
	case BPF_FUNC_skc_lookup_tcp: return P(bpf_skc_lookup_tcp_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: flow_dissector_func_proto() */
static const struct helper_proto *flow_dissector_func_proto(int func_id)
{
	if (func_id == BPF_FUNC_skb_load_bytes)
		return P(bpf_flow_dissector_load_bytes_proto);
	return bpf_sk_base_func_proto(func_id);
}

/* kernel: lwt_out_func_proto() */
static const struct helper_proto *lwt_out_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes: return P(bpf_skb_load_bytes_proto);
	case BPF_FUNC_skb_pull_data: return P(bpf_skb_pull_data_proto);
	case BPF_FUNC_csum_diff: return P(bpf_csum_diff_proto);
	case BPF_FUNC_get_cgroup_classid: return P(bpf_get_cgroup_classid_proto);
	case BPF_FUNC_get_route_realm: return P(bpf_get_route_realm_proto);
	case BPF_FUNC_get_hash_recalc: return P(bpf_get_hash_recalc_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_skb_event_output_proto);
	case BPF_FUNC_get_smp_processor_id: return P(bpf_get_smp_processor_id_proto);
	case BPF_FUNC_skb_under_cgroup: return P(bpf_skb_under_cgroup_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: lwt_in_func_proto() */
static const struct helper_proto *lwt_in_func_proto(int func_id)
{
	if (func_id == BPF_FUNC_lwt_push_encap)
		return P(bpf_lwt_in_push_encap_proto);
	return lwt_out_func_proto(func_id);
}

/* kernel: lwt_xmit_func_proto() */
static const struct helper_proto *lwt_xmit_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_get_tunnel_key: return P(bpf_skb_get_tunnel_key_proto);
	case BPF_FUNC_skb_set_tunnel_key: return P(bpf_skb_set_tunnel_key_proto);
	case BPF_FUNC_skb_get_tunnel_opt: return P(bpf_skb_get_tunnel_opt_proto);
	case BPF_FUNC_skb_set_tunnel_opt: return P(bpf_skb_set_tunnel_opt_proto);
	case BPF_FUNC_redirect: return P(bpf_redirect_proto);
	case BPF_FUNC_clone_redirect: return P(bpf_clone_redirect_proto);
	case BPF_FUNC_skb_change_tail: return P(bpf_skb_change_tail_proto);
	case BPF_FUNC_skb_change_head: return P(bpf_skb_change_head_proto);
	case BPF_FUNC_skb_store_bytes: return P(bpf_skb_store_bytes_proto);
	case BPF_FUNC_csum_update: return P(bpf_csum_update_proto);
	case BPF_FUNC_csum_level: return P(bpf_csum_level_proto);
	case BPF_FUNC_l3_csum_replace: return P(bpf_l3_csum_replace_proto);
	case BPF_FUNC_l4_csum_replace: return P(bpf_l4_csum_replace_proto);
	case BPF_FUNC_set_hash_invalid: return P(bpf_set_hash_invalid_proto);
	case BPF_FUNC_lwt_push_encap: return P(bpf_lwt_xmit_push_encap_proto);
	default: return lwt_out_func_proto(func_id);
	}
}

/* kernel: lwt_seg6local_func_proto() */
static const struct helper_proto *lwt_seg6local_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_pull_data: return NULL;
	case BPF_FUNC_lwt_seg6_store_bytes: return P(bpf_lwt_seg6_store_bytes_proto);
	case BPF_FUNC_lwt_seg6_action: return P(bpf_lwt_seg6_action_proto);
	case BPF_FUNC_lwt_seg6_adjust_srh: return P(bpf_lwt_seg6_adjust_srh_proto);
	default: return lwt_out_func_proto(func_id);
	}
}

/* kernel: sk_reuseport_func_proto() */
static const struct helper_proto *sk_reuseport_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_sk_select_reuseport: return P(sk_select_reuseport_proto);
	case BPF_FUNC_skb_load_bytes: return P(sk_reuseport_load_bytes_proto);
	case BPF_FUNC_skb_load_bytes_relative: return P(sk_reuseport_load_bytes_relative_proto);
	case BPF_FUNC_get_socket_cookie: return P(bpf_get_socket_ptr_cookie_proto);
	case BPF_FUNC_ktime_get_coarse_ns: return P(bpf_ktime_get_coarse_ns_proto);
	default: return bpf_base_func_proto(func_id);
	}
}

/* kernel: sk_lookup_func_proto() */
static const struct helper_proto *sk_lookup_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	case BPF_FUNC_sk_assign: return P(bpf_sk_lookup_assign_proto);
	case BPF_FUNC_sk_release: return P(bpf_sk_release_proto);
	default: return bpf_sk_base_func_proto(func_id);
	}
}

/* kernel: cgroup_dev_func_proto() (kernel/bpf/cgroup.c) */
static const struct helper_proto *cgroup_dev_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	fn = cgroup_current_func_proto(func_id);
	if (fn)
		return fn;
	if (func_id == BPF_FUNC_perf_event_output)
		return P(bpf_event_output_data_proto);
	return bpf_base_func_proto(func_id);
}

/* kernel: sysctl_func_proto() */
static const struct helper_proto *sysctl_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	fn = cgroup_current_func_proto(func_id);
	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_sysctl_get_name: return P(bpf_sysctl_get_name_proto);
	case BPF_FUNC_sysctl_get_current_value: return P(bpf_sysctl_get_current_value_proto);
	case BPF_FUNC_sysctl_get_new_value: return P(bpf_sysctl_get_new_value_proto);
	case BPF_FUNC_sysctl_set_new_value: return P(bpf_sysctl_set_new_value_proto);
	case BPF_FUNC_ktime_get_coarse_ns: return P(bpf_ktime_get_coarse_ns_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	default: return bpf_base_func_proto(func_id);
	}
}

/* kernel: cg_sockopt_func_proto() */
static const struct helper_proto *cg_sockopt_func_proto(int func_id, u32 attach)
{
	const struct helper_proto *fn = cgroup_common_func_proto(func_id, attach);

	if (fn)
		return fn;
	fn = cgroup_current_func_proto(func_id);
	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_get_netns_cookie: return P(bpf_get_netns_cookie_sockopt_proto);
	case BPF_FUNC_sk_storage_get: return P(bpf_sk_storage_get_proto);
	case BPF_FUNC_sk_storage_delete: return P(bpf_sk_storage_delete_proto);
	case BPF_FUNC_setsockopt:
		return attach == BPF_CGROUP_SETSOCKOPT ? P(bpf_sk_setsockopt_proto) : NULL;
	case BPF_FUNC_getsockopt:
		return attach == BPF_CGROUP_SETSOCKOPT ? P(bpf_sk_getsockopt_proto) : NULL;
	case BPF_FUNC_tcp_sock: return P(bpf_tcp_sock_proto);
	case BPF_FUNC_perf_event_output: return P(bpf_event_output_data_proto);
	default: return bpf_base_func_proto(func_id);
	}
}

/*
 * kernel: get_helper_proto() + env->ops->get_func_proto, dispatched on
 * the program type as include/linux/bpf_types.h does.
 */
const struct helper_proto *helper_proto(int func_id, u32 prog_type,
					u32 expected_attach_type)
{
	u32 attach = prog_fixup_attach_type(prog_type, expected_attach_type);

	if (func_id < 0 || func_id >= VX___BPF_FUNC_MAX_ID)
		return NULL;

	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER: return sk_filter_func_proto(func_id);
	case BPF_PROG_TYPE_KPROBE: return kprobe_prog_func_proto(func_id, attach);
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT: return tc_cls_act_func_proto(func_id);
	case BPF_PROG_TYPE_TRACEPOINT: return tp_prog_func_proto(func_id);
	case BPF_PROG_TYPE_XDP: return xdp_func_proto(func_id);
	case BPF_PROG_TYPE_PERF_EVENT: return pe_prog_func_proto(func_id);
	case BPF_PROG_TYPE_CGROUP_SKB: return cg_skb_func_proto(func_id, attach);
	case BPF_PROG_TYPE_CGROUP_SOCK: return sock_filter_func_proto(func_id, attach);
	case BPF_PROG_TYPE_LWT_IN: return lwt_in_func_proto(func_id);
	case BPF_PROG_TYPE_LWT_OUT: return lwt_out_func_proto(func_id);
	case BPF_PROG_TYPE_LWT_XMIT: return lwt_xmit_func_proto(func_id);
	case BPF_PROG_TYPE_SOCK_OPS: return sock_ops_func_proto(func_id, attach);
	case BPF_PROG_TYPE_SK_SKB: return sk_skb_func_proto(func_id);
	case BPF_PROG_TYPE_CGROUP_DEVICE: return cgroup_dev_func_proto(func_id, attach);
	case BPF_PROG_TYPE_SK_MSG: return sk_msg_func_proto(func_id);
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: return raw_tp_prog_func_proto(func_id);
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR: return sock_addr_func_proto(func_id, attach);
	case BPF_PROG_TYPE_LWT_SEG6LOCAL: return lwt_seg6local_func_proto(func_id);
	case BPF_PROG_TYPE_SK_REUSEPORT: return sk_reuseport_func_proto(func_id);
	case BPF_PROG_TYPE_FLOW_DISSECTOR: return flow_dissector_func_proto(func_id);
	case BPF_PROG_TYPE_CGROUP_SYSCTL: return sysctl_func_proto(func_id, attach);
	case BPF_PROG_TYPE_CGROUP_SOCKOPT: return cg_sockopt_func_proto(func_id, attach);
	case BPF_PROG_TYPE_SK_LOOKUP: return sk_lookup_func_proto(func_id);
	case BPF_PROG_TYPE_TRACING: return tracing_prog_func_proto(func_id, attach);
	case BPF_PROG_TYPE_LSM: return lsm_func_proto(func_id, attach);
	case 32 /* BPF_PROG_TYPE_NETFILTER: bpf_nf_func_proto() */: return bpf_base_func_proto(func_id);
	default: return NULL;
	}
}
