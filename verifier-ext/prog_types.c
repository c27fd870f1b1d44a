// SPDX-License-Identifier: MIT
/*
 * Context layouts per program type: the kernel's bpf_verifier_ops
 * .is_valid_access callbacks (net/core/filter.c, kernel/trace/bpf_trace.c,
 * kernel/bpf/cgroup.c) for Linux 6.12, plus may_access_direct_pkt_data()
 * from kernel/bpf/verifier.c.
 *
 * The program is always analysed as if loaded by root (CAP_SYS_ADMIN,
 * CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN), not offloaded to a device, and
 * with a 64-bit kernel (BITS_PER_LONG == 64, x86-64 struct pt_regs).
 *
 * The generic part of ctx access checking (fixed offset, no variable
 * offset, recording max_ctx_offset, ...) is check_ctx_access() in
 * verifier.c and lives with the rest of the verifier.
 */
#include <stddef.h>
#include <linux/bpf.h>

#include "vx.h"

/* ---- UAPI constants newer than the 6.1 header we build against -------- */

#ifndef BPF_PROG_TYPE_NETFILTER
#define BPF_PROG_TYPE_NETFILTER 32
#endif
/* enum bpf_attach_type additions after 6.1 (values from 6.12's UAPI) */
#define VX_BPF_CGROUP_UNIX_CONNECT 49
#define VX_BPF_CGROUP_UNIX_SENDMSG 50
#define VX_BPF_CGROUP_UNIX_RECVMSG 51
#define VX_BPF_CGROUP_UNIX_GETPEERNAME 52
#define VX_BPF_CGROUP_UNIX_GETSOCKNAME 53

/*
 * struct bpf_sock_ops gained `__u64 skb_hwtstamp` after skb_tcp_flags in
 * 6.2; the 6.1 header's struct ends before it.
 */
#define VX_SOCK_OPS_SKB_HWTSTAMP 216u
#define VX_SOCK_OPS_SIZE 224u

/* x86-64 struct pt_regs (kprobe ctx, bpf_perf_event_data.regs): 21 u64 */
#define VX_PT_REGS_SIZE 168u
/* struct bpf_perf_event_data { bpf_user_pt_regs_t regs; u64 sample_period; u64 addr; } */
#define VX_PE_SAMPLE_PERIOD (VX_PT_REGS_SIZE)
#define VX_PE_ADDR (VX_PT_REGS_SIZE + 8u)
#define VX_PE_SIZE (VX_PT_REGS_SIZE + 16u)
/* include/linux/trace_events.h */
#define PERF_MAX_TRACE_SIZE 8192
/* include/linux/bpf.h */
#define MAX_BPF_FUNC_ARGS 12

/* ---- the kernel's ctx helpers (include/linux/filter.h) ----------------- */

#define FSIZE(T, M) (sizeof(((T *)0)->M))
#define OFFEND(T, M) (offsetof(T, M) + FSIZE(T, M))
/* bpf_ctx_range(): off within [offsetof(M), offsetofend(M)) */
#define IN_FIELD(off, T, M) \
	((off) >= (int)offsetof(T, M) && (off) < (int)OFFEND(T, M))
/* bpf_ctx_range_till(): off within [offsetof(M1), offsetofend(M2)) */
#define IN_TILL(off, T, M1, M2) \
	((off) >= (int)offsetof(T, M1) && (off) < (int)OFFEND(T, M2))

/* kernel: bpf_ctx_narrow_access_ok() */
static bool narrow_ok(int size, int size_default)
{
	return size <= size_default && (size & (size - 1)) == 0;
}

/* kernel: bpf_ctx_wide_access_ok() */
#define WIDE_OK(off, size, T, M)                                     \
	((size) == 8 && (off) >= (int)offsetof(T, M) &&              \
	 (off) + 8 <= (int)OFFEND(T, M) && (off) % 8 == 0)

/* kernel: bpf_ctx_record_field_size() */
static void record_field_size(struct ctx_access_info *info, int size)
{
	info->ctx_field_size = size;
}

#define SKB struct __sk_buff

/* ---- __sk_buff: SOCKET_FILTER, SCHED_CLS/ACT, CGROUP_SKB, LWT_*, SK_SKB */

/* kernel: bpf_skb_is_valid_access() (net/core/filter.c) */
static bool bpf_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				    bool is_ldsx, struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(SKB))
		return false;
	if (off % size != 0)
		return false;

	if (IN_TILL(off, SKB, cb[0], cb[4])) {
		if (off + size > (int)OFFEND(SKB, cb[4]))
			return false;
	} else if (IN_FIELD(off, SKB, data) || IN_FIELD(off, SKB, data_meta) ||
		   IN_FIELD(off, SKB, data_end)) {
		if (is_ldsx || size != size_default)
			return false;
	} else if (IN_TILL(off, SKB, remote_ip6[0], remote_ip6[3]) ||
		   IN_TILL(off, SKB, local_ip6[0], local_ip6[3]) ||
		   IN_FIELD(off, SKB, remote_ip4) || IN_FIELD(off, SKB, local_ip4)) {
		if (size != size_default)
			return false;
	} else if (IN_FIELD(off, SKB, flow_keys)) {
		return false;
	} else if (IN_FIELD(off, SKB, hwtstamp)) {
		if (type == BPF_WRITE || size != sizeof(__u64))
			return false;
	} else if (IN_FIELD(off, SKB, tstamp)) {
		if (size != sizeof(__u64))
			return false;
	} else if (IN_FIELD(off, SKB, sk)) {
		if (type == BPF_WRITE || size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCK_COMMON | PTR_MAYBE_NULL;
	} else if (off == (int)offsetof(SKB, tstamp_type)) {
		return false;
	} else if (off >= (int)OFFEND(SKB, tstamp_type) &&
		   off < (int)offsetof(SKB, hwtstamp)) {
		/* padding */
		return false;
	} else {
		/* Only narrow read access allowed for now. */
		if (type == BPF_WRITE) {
			if (size != size_default)
				return false;
		} else {
			record_field_size(info, size_default);
			if (!narrow_ok(size, size_default))
				return false;
		}
	}
	return true;
}

/* kernel: sk_filter_is_valid_access() */
static bool sk_filter_is_valid_access(int off, int size, enum bpf_access_type type,
				      bool is_ldsx, struct ctx_access_info *info)
{
	if (IN_FIELD(off, SKB, tc_classid) || IN_FIELD(off, SKB, data) ||
	    IN_FIELD(off, SKB, data_meta) || IN_FIELD(off, SKB, data_end) ||
	    IN_TILL(off, SKB, family, local_port) || IN_FIELD(off, SKB, tstamp) ||
	    IN_FIELD(off, SKB, wire_len) || IN_FIELD(off, SKB, hwtstamp))
		return false;

	if (type == BPF_WRITE && !IN_TILL(off, SKB, cb[0], cb[4]))
		return false;

	return bpf_skb_is_valid_access(off, size, type, is_ldsx, info);
}

/* kernel: cg_skb_is_valid_access(); data/data_end and tstamp writes need CAP_BPF (we have it) */
static bool cg_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				   bool is_ldsx, struct ctx_access_info *info)
{
	if (IN_FIELD(off, SKB, tc_classid) || IN_FIELD(off, SKB, data_meta) ||
	    IN_FIELD(off, SKB, wire_len))
		return false;

	if (type == BPF_WRITE) {
		if (!(IN_FIELD(off, SKB, mark) || IN_FIELD(off, SKB, priority) ||
		      IN_TILL(off, SKB, cb[0], cb[4]) || IN_FIELD(off, SKB, tstamp)))
			return false;
	}

	if (IN_FIELD(off, SKB, data))
		info->reg_type = PTR_TO_PACKET;
	else if (IN_FIELD(off, SKB, data_end))
		info->reg_type = PTR_TO_PACKET_END;

	return bpf_skb_is_valid_access(off, size, type, is_ldsx, info);
}

/* kernel: lwt_is_valid_access() (LWT_IN, LWT_OUT, LWT_XMIT, LWT_SEG6LOCAL) */
static bool lwt_is_valid_access(int off, int size, enum bpf_access_type type,
				bool is_ldsx, struct ctx_access_info *info)
{
	if (IN_FIELD(off, SKB, tc_classid) || IN_TILL(off, SKB, family, local_port) ||
	    IN_FIELD(off, SKB, data_meta) || IN_FIELD(off, SKB, tstamp) ||
	    IN_FIELD(off, SKB, wire_len) || IN_FIELD(off, SKB, hwtstamp))
		return false;

	if (type == BPF_WRITE) {
		if (!(IN_FIELD(off, SKB, mark) || IN_FIELD(off, SKB, priority) ||
		      IN_TILL(off, SKB, cb[0], cb[4])))
			return false;
	}

	if (IN_FIELD(off, SKB, data))
		info->reg_type = PTR_TO_PACKET;
	else if (IN_FIELD(off, SKB, data_end))
		info->reg_type = PTR_TO_PACKET_END;

	return bpf_skb_is_valid_access(off, size, type, is_ldsx, info);
}

/* kernel: tc_cls_act_is_valid_access() (SCHED_CLS, SCHED_ACT) */
static bool tc_cls_act_is_valid_access(int off, int size, enum bpf_access_type type,
				       bool is_ldsx, struct ctx_access_info *info)
{
	if (type == BPF_WRITE) {
		if (!(IN_FIELD(off, SKB, mark) || IN_FIELD(off, SKB, tc_index) ||
		      IN_FIELD(off, SKB, priority) || IN_FIELD(off, SKB, tc_classid) ||
		      IN_TILL(off, SKB, cb[0], cb[4]) || IN_FIELD(off, SKB, tstamp) ||
		      IN_FIELD(off, SKB, queue_mapping)))
			return false;
	}

	if (IN_FIELD(off, SKB, data)) {
		info->reg_type = PTR_TO_PACKET;
	} else if (IN_FIELD(off, SKB, data_meta)) {
		info->reg_type = PTR_TO_PACKET_META;
	} else if (IN_FIELD(off, SKB, data_end)) {
		info->reg_type = PTR_TO_PACKET_END;
	} else if (IN_TILL(off, SKB, family, local_port)) {
		return false;
	} else if (off == (int)offsetof(SKB, tstamp_type)) {
		/* (the kernel also sets prog->tstamp_type_access here) */
		return size == sizeof(__u8);
	}

	return bpf_skb_is_valid_access(off, size, type, is_ldsx, info);
}

/* kernel: sk_skb_is_valid_access() */
static bool sk_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				   bool is_ldsx, struct ctx_access_info *info)
{
	if (IN_FIELD(off, SKB, tc_classid) || IN_FIELD(off, SKB, data_meta) ||
	    IN_FIELD(off, SKB, tstamp) || IN_FIELD(off, SKB, wire_len) ||
	    IN_FIELD(off, SKB, hwtstamp))
		return false;

	if (type == BPF_WRITE) {
		if (!(IN_FIELD(off, SKB, tc_index) || IN_FIELD(off, SKB, priority)))
			return false;
	}

	if (IN_FIELD(off, SKB, mark))
		return false;
	if (IN_FIELD(off, SKB, data))
		info->reg_type = PTR_TO_PACKET;
	else if (IN_FIELD(off, SKB, data_end))
		info->reg_type = PTR_TO_PACKET_END;

	return bpf_skb_is_valid_access(off, size, type, is_ldsx, info);
}

/* kernel: flow_dissector_is_valid_access() */
static bool flow_dissector_is_valid_access(int off, int size, enum bpf_access_type type,
					   bool is_ldsx, struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(SKB))
		return false;
	if (off % size != 0)
		return false;
	if (type == BPF_WRITE)
		return false;

	if (IN_FIELD(off, SKB, data)) {
		if (is_ldsx || size != size_default)
			return false;
		info->reg_type = PTR_TO_PACKET;
		return true;
	}
	if (IN_FIELD(off, SKB, data_end)) {
		if (is_ldsx || size != size_default)
			return false;
		info->reg_type = PTR_TO_PACKET_END;
		return true;
	}
	if (IN_FIELD(off, SKB, flow_keys)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_FLOW_KEYS;
		return true;
	}
	return false;
}

/* ---- xdp_md ------------------------------------------------------------ */

/* kernel: __is_valid_xdp_access() */
static bool is_valid_xdp_access(int off, int size)
{
	if (off < 0 || off >= (int)sizeof(struct xdp_md))
		return false;
	if (off % size != 0)
		return false;
	if (size != sizeof(__u32))
		return false;
	return true;
}

/* kernel: xdp_is_valid_access(); never offloaded, so no ctx writes */
static bool xdp_is_valid_access(int off, int size, enum bpf_access_type type,
				u32 attach, bool is_ldsx, struct ctx_access_info *info)
{
	if (attach != BPF_XDP_DEVMAP && off == (int)offsetof(struct xdp_md, egress_ifindex))
		return false;

	if (type == BPF_WRITE)
		return false; /* only offloaded programs may write rx_queue_index */

	if (off == (int)offsetof(struct xdp_md, data_meta) ||
	    off == (int)offsetof(struct xdp_md, data) ||
	    off == (int)offsetof(struct xdp_md, data_end)) {
		if (is_ldsx)
			return false;
	}

	if (off == (int)offsetof(struct xdp_md, data))
		info->reg_type = PTR_TO_PACKET;
	else if (off == (int)offsetof(struct xdp_md, data_meta))
		info->reg_type = PTR_TO_PACKET_META;
	else if (off == (int)offsetof(struct xdp_md, data_end))
		info->reg_type = PTR_TO_PACKET_END;

	return is_valid_xdp_access(off, size);
}

/* ---- tracing ----------------------------------------------------------- */

/* kernel: kprobe_prog_is_valid_access() (kernel/trace/bpf_trace.c) */
static bool kprobe_prog_is_valid_access(int off, int size, enum bpf_access_type type)
{
	if (off < 0 || off >= (int)VX_PT_REGS_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	if (off + size > (int)VX_PT_REGS_SIZE)
		return false;
	return true;
}

/* kernel: tp_prog_is_valid_access(); the first 8 bytes hide a pt_regs pointer */
static bool tp_prog_is_valid_access(int off, int size, enum bpf_access_type type)
{
	if (off < (int)sizeof(void *) || off >= PERF_MAX_TRACE_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	return true;
}

/* kernel: bpf_tracing_ctx_access() via raw_tp_prog_is_valid_access() */
static bool raw_tp_prog_is_valid_access(int off, int size, enum bpf_access_type type)
{
	if (off < 0 || off >= (int)(sizeof(__u64) * MAX_BPF_FUNC_ARGS))
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	return true;
}

/* kernel: raw_tp_writable_prog_is_valid_access() */
static bool raw_tp_writable_prog_is_valid_access(int off, int size, enum bpf_access_type type,
						 struct ctx_access_info *info)
{
	if (off == 0) {
		if (size != sizeof(u64) || type != BPF_READ)
			return false;
		info->reg_type = PTR_TO_TP_BUFFER;
	}
	return raw_tp_prog_is_valid_access(off, size, type);
}

/* kernel: pe_prog_is_valid_access() (64-bit) */
static bool pe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				    struct ctx_access_info *info)
{
	const int size_u64 = sizeof(u64);

	if (off < 0 || off >= (int)VX_PE_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;

	if ((off >= (int)VX_PE_SAMPLE_PERIOD && off < (int)VX_PE_SAMPLE_PERIOD + 8) ||
	    (off >= (int)VX_PE_ADDR && off < (int)VX_PE_ADDR + 8)) {
		record_field_size(info, size_u64);
		if (!narrow_ok(size, size_u64))
			return false;
	} else if (size != sizeof(long)) {
		return false;
	}
	return true;
}

/* ---- bpf_sock: CGROUP_SOCK --------------------------------------------- */

#define BSK struct bpf_sock

/* kernel: bpf_sock_is_valid_access() */
static bool bpf_sock_is_valid_access(int off, int size, struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);
	int field_size;

	if (off < 0 || off >= (int)sizeof(BSK))
		return false;
	if (off % size != 0)
		return false;

	if (off == (int)offsetof(BSK, state) || off == (int)offsetof(BSK, family) ||
	    off == (int)offsetof(BSK, type) || off == (int)offsetof(BSK, protocol) ||
	    off == (int)offsetof(BSK, src_port) ||
	    off == (int)offsetof(BSK, rx_queue_mapping) ||
	    IN_FIELD(off, BSK, src_ip4) || IN_TILL(off, BSK, src_ip6[0], src_ip6[3]) ||
	    IN_FIELD(off, BSK, dst_ip4) || IN_TILL(off, BSK, dst_ip6[0], dst_ip6[3])) {
		record_field_size(info, size_default);
		return narrow_ok(size, size_default);
	}
	if (IN_FIELD(off, BSK, dst_port)) {
		field_size = size == size_default ? size_default : (int)FSIZE(BSK, dst_port);
		record_field_size(info, field_size);
		return narrow_ok(size, field_size);
	}
	if (off >= (int)OFFEND(BSK, dst_port) && off < (int)offsetof(BSK, dst_ip4))
		return false;

	return size == size_default;
}

/* kernel: __sock_filter_check_attach_type() */
static bool sock_filter_check_attach_type(int off, enum bpf_access_type access_type,
					  u32 attach)
{
	if (off == (int)offsetof(BSK, bound_dev_if) || off == (int)offsetof(BSK, mark) ||
	    off == (int)offsetof(BSK, priority)) {
		if (attach == BPF_CGROUP_INET_SOCK_CREATE ||
		    attach == BPF_CGROUP_INET_SOCK_RELEASE)
			return true; /* full access */
		return false;
	}
	if (IN_FIELD(off, BSK, src_ip4)) {
		if (attach != BPF_CGROUP_INET4_POST_BIND)
			return false;
	} else if (IN_TILL(off, BSK, src_ip6[0], src_ip6[3])) {
		if (attach != BPF_CGROUP_INET6_POST_BIND)
			return false;
	} else if (IN_FIELD(off, BSK, src_port)) {
		if (attach != BPF_CGROUP_INET4_POST_BIND &&
		    attach != BPF_CGROUP_INET6_POST_BIND)
			return false;
	}
	return access_type == BPF_READ;
}

/* kernel: sock_filter_is_valid_access() */
static bool sock_filter_is_valid_access(int off, int size, enum bpf_access_type type,
					u32 attach, struct ctx_access_info *info)
{
	if (!bpf_sock_is_valid_access(off, size, info))
		return false;
	return sock_filter_check_attach_type(off, type, attach);
}

/* ---- bpf_sock_addr: CGROUP_SOCK_ADDR ----------------------------------- */

#define BSA struct bpf_sock_addr

/* kernel: sock_addr_is_valid_access() */
static bool sock_addr_is_valid_access(int off, int size, enum bpf_access_type type,
				      u32 attach, struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(BSA))
		return false;
	if (off % size != 0)
		return false;

	/* Fields not belonging to the attach type's address family. */
	if (IN_FIELD(off, BSA, user_ip4)) {
		switch (attach) {
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_UDP4_SENDMSG:
		case BPF_CGROUP_UDP4_RECVMSG:
			break;
		default:
			return false;
		}
	} else if (IN_TILL(off, BSA, user_ip6[0], user_ip6[3])) {
		switch (attach) {
		case BPF_CGROUP_INET6_BIND:
		case BPF_CGROUP_INET6_CONNECT:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UDP6_SENDMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
			break;
		default:
			return false;
		}
	} else if (IN_FIELD(off, BSA, msg_src_ip4)) {
		if (attach != BPF_CGROUP_UDP4_SENDMSG)
			return false;
	} else if (IN_TILL(off, BSA, msg_src_ip6[0], msg_src_ip6[3])) {
		if (attach != BPF_CGROUP_UDP6_SENDMSG)
			return false;
	}

	if (IN_FIELD(off, BSA, user_ip4) || IN_TILL(off, BSA, user_ip6[0], user_ip6[3]) ||
	    IN_FIELD(off, BSA, msg_src_ip4) ||
	    IN_TILL(off, BSA, msg_src_ip6[0], msg_src_ip6[3]) ||
	    IN_FIELD(off, BSA, user_port)) {
		if (WIDE_OK(off, size, BSA, user_ip6) || WIDE_OK(off, size, BSA, msg_src_ip6)) {
			if (type == BPF_READ)
				record_field_size(info, size_default);
			return true;
		}
		if (type == BPF_READ) {
			record_field_size(info, size_default);
			if (!narrow_ok(size, size_default))
				return false;
		} else if (size != size_default) {
			return false;
		}
		return true;
	}
	if (IN_FIELD(off, BSA, sk)) {
		if (type != BPF_READ || size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
		return true;
	}
	if (IN_FIELD(off, BSA, user_family) || IN_FIELD(off, BSA, family) ||
	    IN_FIELD(off, BSA, type) || IN_FIELD(off, BSA, protocol)) {
		if (type != BPF_READ || size != size_default)
			return false;
		return true;
	}
	return false;
}

/* ---- bpf_sock_ops: SOCK_OPS -------------------------------------------- */

#define BSO struct bpf_sock_ops

/* kernel: sock_ops_is_valid_access() */
static bool sock_ops_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)VX_SOCK_OPS_SIZE)
		return false;
	if (off % size != 0)
		return false;

	if (type == BPF_WRITE) {
		if (off == (int)offsetof(BSO, reply) || off == (int)offsetof(BSO, sk_txhash))
			return size == size_default;
		return false;
	}

	if (IN_TILL(off, BSO, bytes_received, bytes_acked)) {
		if (size != sizeof(__u64))
			return false;
	} else if (IN_FIELD(off, BSO, sk)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET | PTR_MAYBE_NULL;
	} else if (IN_FIELD(off, BSO, skb_data)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET;
	} else if (IN_FIELD(off, BSO, skb_data_end)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET_END;
	} else if (off == (int)offsetof(BSO, skb_tcp_flags)) {
		record_field_size(info, size_default);
		return narrow_ok(size, size_default);
	} else if (off >= (int)VX_SOCK_OPS_SKB_HWTSTAMP &&
		   off < (int)VX_SOCK_OPS_SKB_HWTSTAMP + 8) {
		if (size != sizeof(__u64))
			return false;
	} else if (size != size_default) {
		return false;
	}
	return true;
}

/* ---- sk_msg_md: SK_MSG ------------------------------------------------- */

#define SKM struct sk_msg_md

/* kernel: sk_msg_is_valid_access() */
static bool sk_msg_is_valid_access(int off, int size, enum bpf_access_type type,
				   struct ctx_access_info *info)
{
	if (type == BPF_WRITE)
		return false;
	if (off % size != 0)
		return false;

	if (IN_FIELD(off, SKM, data)) {
		info->reg_type = PTR_TO_PACKET;
		return size == sizeof(__u64);
	}
	if (IN_FIELD(off, SKM, data_end)) {
		info->reg_type = PTR_TO_PACKET_END;
		return size == sizeof(__u64);
	}
	if (IN_FIELD(off, SKM, sk)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
		return true;
	}
	if (IN_FIELD(off, SKM, family) || IN_FIELD(off, SKM, remote_ip4) ||
	    IN_FIELD(off, SKM, local_ip4) || IN_TILL(off, SKM, remote_ip6[0], remote_ip6[3]) ||
	    IN_TILL(off, SKM, local_ip6[0], local_ip6[3]) || IN_FIELD(off, SKM, remote_port) ||
	    IN_FIELD(off, SKM, local_port) || IN_FIELD(off, SKM, size))
		return size == sizeof(__u32);
	return false;
}

/* ---- sk_reuseport_md: SK_REUSEPORT ------------------------------------- */

#define SKR struct sk_reuseport_md

/* kernel: sk_reuseport_is_valid_access() */
static bool sk_reuseport_is_valid_access(int off, int size, enum bpf_access_type type,
					 struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(SKR) || off % size || type != BPF_READ)
		return false;

	if (off == (int)offsetof(SKR, data)) {
		info->reg_type = PTR_TO_PACKET;
		return size == sizeof(__u64);
	}
	if (off == (int)offsetof(SKR, data_end)) {
		info->reg_type = PTR_TO_PACKET_END;
		return size == sizeof(__u64);
	}
	if (off == (int)offsetof(SKR, hash))
		return size == size_default;
	if (off == (int)offsetof(SKR, sk)) {
		info->reg_type = PTR_TO_SOCKET;
		return size == sizeof(__u64);
	}
	if (off == (int)offsetof(SKR, migrating_sk)) {
		info->reg_type = PTR_TO_SOCK_COMMON | PTR_MAYBE_NULL;
		return size == sizeof(__u64);
	}
	if (IN_FIELD(off, SKR, eth_protocol)) {
		/* sizeof_field(struct sk_buff, protocol) == 2 */
		if (size < 2)
			return false;
		record_field_size(info, size_default);
		return narrow_ok(size, size_default);
	}
	if (IN_FIELD(off, SKR, ip_protocol) || IN_FIELD(off, SKR, bind_inany) ||
	    IN_FIELD(off, SKR, len)) {
		record_field_size(info, size_default);
		return narrow_ok(size, size_default);
	}
	return false;
}

/* ---- bpf_sk_lookup: SK_LOOKUP ------------------------------------------ */

#define SKL struct bpf_sk_lookup

/* kernel: sk_lookup_is_valid_access() */
static bool sk_lookup_is_valid_access(int off, int size, enum bpf_access_type type,
				      struct ctx_access_info *info)
{
	if (off < 0 || off >= (int)sizeof(SKL))
		return false;
	if (off % size != 0)
		return false;
	if (type != BPF_READ)
		return false;

	if (IN_FIELD(off, SKL, sk)) {
		info->reg_type = PTR_TO_SOCKET | PTR_MAYBE_NULL;
		return size == sizeof(__u64);
	}
	if (IN_FIELD(off, SKL, family) || IN_FIELD(off, SKL, protocol) ||
	    IN_FIELD(off, SKL, remote_ip4) || IN_FIELD(off, SKL, local_ip4) ||
	    IN_TILL(off, SKL, remote_ip6[0], remote_ip6[3]) ||
	    IN_TILL(off, SKL, local_ip6[0], local_ip6[3]) ||
	    IN_FIELD(off, SKL, local_port) || IN_FIELD(off, SKL, ingress_ifindex)) {
		record_field_size(info, sizeof(__u32));
		return narrow_ok(size, sizeof(__u32));
	}
	if (IN_FIELD(off, SKL, remote_port)) {
		/* 4-byte access to the 2-byte field, for backward compatibility */
		if (size == sizeof(__u32))
			return true;
		record_field_size(info, sizeof(__be16));
		return narrow_ok(size, sizeof(__be16));
	}
	if (off >= (int)OFFEND(SKL, remote_port) && off < (int)offsetof(SKL, local_ip4)) {
		/* zero padding, for backward compatibility */
		record_field_size(info, sizeof(__u16));
		return narrow_ok(size, sizeof(__u16));
	}
	return false;
}

/* ---- cgroup: CGROUP_DEVICE, CGROUP_SYSCTL, CGROUP_SOCKOPT (kernel/bpf/cgroup.c) */

/* kernel: cgroup_dev_is_valid_access() */
static bool cgroup_dev_is_valid_access(int off, int size, enum bpf_access_type type,
				       struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (type == BPF_WRITE)
		return false;
	if (off < 0 || off + size > (int)sizeof(struct bpf_cgroup_dev_ctx))
		return false;
	if (off % size != 0)
		return false;

	if (IN_FIELD(off, struct bpf_cgroup_dev_ctx, access_type)) {
		record_field_size(info, size_default);
		return narrow_ok(size, size_default);
	}
	return size == size_default;
}

/* kernel: sysctl_is_valid_access() */
static bool sysctl_is_valid_access(int off, int size, enum bpf_access_type type,
				   struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off + size > (int)sizeof(struct bpf_sysctl) || off % size)
		return false;

	if (IN_FIELD(off, struct bpf_sysctl, write)) {
		if (type != BPF_READ)
			return false;
		record_field_size(info, size_default);
		return narrow_ok(size, size_default);
	}
	if (IN_FIELD(off, struct bpf_sysctl, file_pos)) {
		if (type == BPF_READ) {
			record_field_size(info, size_default);
			return narrow_ok(size, size_default);
		}
		return size == size_default;
	}
	return false;
}

#define BSOPT struct bpf_sockopt

/* kernel: cg_sockopt_is_valid_access() */
static bool cg_sockopt_is_valid_access(int off, int size, enum bpf_access_type type,
				       u32 attach, struct ctx_access_info *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(BSOPT))
		return false;
	if (off % size != 0)
		return false;

	if (type == BPF_WRITE) {
		if (off == (int)offsetof(BSOPT, retval)) {
			if (size != size_default)
				return false;
			return attach == BPF_CGROUP_GETSOCKOPT;
		}
		if (off == (int)offsetof(BSOPT, optname) || off == (int)offsetof(BSOPT, level)) {
			if (size != size_default)
				return false;
			return attach == BPF_CGROUP_SETSOCKOPT;
		}
		if (off == (int)offsetof(BSOPT, optlen))
			return size == size_default;
		return false;
	}

	if (IN_FIELD(off, BSOPT, sk)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
	} else if (IN_FIELD(off, BSOPT, optval)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET;
	} else if (IN_FIELD(off, BSOPT, optval_end)) {
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET_END;
	} else if (IN_FIELD(off, BSOPT, retval)) {
		if (size != size_default)
			return false;
		return attach == BPF_CGROUP_GETSOCKOPT;
	} else if (size != size_default) {
		return false;
	}
	return true;
}

/* ---- dispatch ---------------------------------------------------------- */

/*
 * kernel: bpf_prog_load_fixup_attach_type() (kernel/bpf/syscall.c), done
 * at load time before verification: a zero expected_attach_type means
 * "the default" for these two types.
 */
u32 prog_fixup_attach_type(u32 prog_type, u32 attach)
{
	if (attach)
		return attach;
	if (prog_type == BPF_PROG_TYPE_CGROUP_SOCK)
		return BPF_CGROUP_INET_SOCK_CREATE;
	if (prog_type == BPF_PROG_TYPE_SK_REUSEPORT)
		return BPF_SK_REUSEPORT_SELECT;
	return attach;
}

bool prog_type_supported(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_SK_LOOKUP:
	case BPF_PROG_TYPE_NETFILTER: /* its context is typed by BTF: btf_access.c */
		return true;
	default:
		return false;
	}
}

const char *prog_type_name(u32 prog_type)
{
	/* kernel: the names of include/linux/bpf_types.h, as bpftool prints them */
	static const char *const names[] = {
		[BPF_PROG_TYPE_UNSPEC] = "unspec",
		[BPF_PROG_TYPE_SOCKET_FILTER] = "socket_filter",
		[BPF_PROG_TYPE_KPROBE] = "kprobe",
		[BPF_PROG_TYPE_SCHED_CLS] = "sched_cls",
		[BPF_PROG_TYPE_SCHED_ACT] = "sched_act",
		[BPF_PROG_TYPE_TRACEPOINT] = "tracepoint",
		[BPF_PROG_TYPE_XDP] = "xdp",
		[BPF_PROG_TYPE_PERF_EVENT] = "perf_event",
		[BPF_PROG_TYPE_CGROUP_SKB] = "cgroup_skb",
		[BPF_PROG_TYPE_CGROUP_SOCK] = "cgroup_sock",
		[BPF_PROG_TYPE_LWT_IN] = "lwt_in",
		[BPF_PROG_TYPE_LWT_OUT] = "lwt_out",
		[BPF_PROG_TYPE_LWT_XMIT] = "lwt_xmit",
		[BPF_PROG_TYPE_SOCK_OPS] = "sock_ops",
		[BPF_PROG_TYPE_SK_SKB] = "sk_skb",
		[BPF_PROG_TYPE_CGROUP_DEVICE] = "cgroup_device",
		[BPF_PROG_TYPE_SK_MSG] = "sk_msg",
		[BPF_PROG_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
		[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = "cgroup_sock_addr",
		[BPF_PROG_TYPE_LWT_SEG6LOCAL] = "lwt_seg6local",
		[BPF_PROG_TYPE_LIRC_MODE2] = "lirc_mode2",
		[BPF_PROG_TYPE_SK_REUSEPORT] = "sk_reuseport",
		[BPF_PROG_TYPE_FLOW_DISSECTOR] = "flow_dissector",
		[BPF_PROG_TYPE_CGROUP_SYSCTL] = "cgroup_sysctl",
		[BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = "raw_tracepoint_writable",
		[BPF_PROG_TYPE_CGROUP_SOCKOPT] = "cgroup_sockopt",
		[BPF_PROG_TYPE_TRACING] = "tracing",
		[BPF_PROG_TYPE_STRUCT_OPS] = "struct_ops",
		[BPF_PROG_TYPE_EXT] = "ext",
		[BPF_PROG_TYPE_LSM] = "lsm",
		[BPF_PROG_TYPE_SK_LOOKUP] = "sk_lookup",
		[BPF_PROG_TYPE_SYSCALL] = "syscall",
		[BPF_PROG_TYPE_NETFILTER] = "netfilter",
	};

	if (prog_type < sizeof(names) / sizeof(names[0]) && names[prog_type])
		return names[prog_type];
	return "unknown";
}

/*
 * kernel: env->ops->is_valid_access(), with info->is_ldsx (a BPF_MEMSX
 * load) given.  The kernel pre-sets info->reg_type = SCALAR_VALUE; so do we.
 */
bool ctx_is_valid_access_ldsx(u32 prog_type, u32 expected_attach_type, int off,
			      int size, enum bpf_access_type type, bool is_ldsx,
			      struct ctx_access_info *info)
{
	u32 attach = prog_fixup_attach_type(prog_type, expected_attach_type);

	info->reg_type = SCALAR_VALUE;
	info->btf_id = 0;
	info->ctx_field_size = 0;
	if (size <= 0)
		return false; /* the verifier guarantees size > 0 */

	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return sk_filter_is_valid_access(off, size, type, is_ldsx, info);
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return tc_cls_act_is_valid_access(off, size, type, is_ldsx, info);
	case BPF_PROG_TYPE_XDP:
		return xdp_is_valid_access(off, size, type, attach, is_ldsx, info);
	case BPF_PROG_TYPE_CGROUP_SKB:
		return cg_skb_is_valid_access(off, size, type, is_ldsx, info);
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
		return lwt_is_valid_access(off, size, type, is_ldsx, info);
	case BPF_PROG_TYPE_SK_SKB:
		return sk_skb_is_valid_access(off, size, type, is_ldsx, info);
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return flow_dissector_is_valid_access(off, size, type, is_ldsx, info);
	case BPF_PROG_TYPE_KPROBE:
		return kprobe_prog_is_valid_access(off, size, type);
	case BPF_PROG_TYPE_TRACEPOINT:
		return tp_prog_is_valid_access(off, size, type);
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return raw_tp_prog_is_valid_access(off, size, type);
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return raw_tp_writable_prog_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_PERF_EVENT:
		return pe_prog_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return sock_filter_is_valid_access(off, size, type, attach, info);
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return sock_addr_is_valid_access(off, size, type, attach, info);
	case BPF_PROG_TYPE_SOCK_OPS:
		return sock_ops_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_SK_MSG:
		return sk_msg_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return sk_reuseport_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_SK_LOOKUP:
		return sk_lookup_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return cgroup_dev_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return sysctl_is_valid_access(off, size, type, info);
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return cg_sockopt_is_valid_access(off, size, type, attach, info);
	default:
		return false;
	}
}

bool ctx_is_valid_access(u32 prog_type, u32 expected_attach_type, int off,
			 int size, enum bpf_access_type type,
			 struct ctx_access_info *info)
{
	return ctx_is_valid_access_ldsx(prog_type, expected_attach_type, off, size,
					type, false, info);
}

u32 ctx_size(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return sizeof(struct __sk_buff);
	case BPF_PROG_TYPE_XDP:
		return sizeof(struct xdp_md);
	case BPF_PROG_TYPE_NETFILTER:
		return 16; /* struct bpf_nf_ctx: state, skb */
	case BPF_PROG_TYPE_KPROBE:
		return VX_PT_REGS_SIZE;
	case BPF_PROG_TYPE_TRACEPOINT:
		return PERF_MAX_TRACE_SIZE;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return sizeof(__u64) * MAX_BPF_FUNC_ARGS;
	case BPF_PROG_TYPE_PERF_EVENT:
		return VX_PE_SIZE;
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return sizeof(struct bpf_sock);
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return sizeof(struct bpf_sock_addr);
	case BPF_PROG_TYPE_SOCK_OPS:
		return VX_SOCK_OPS_SIZE;
	case BPF_PROG_TYPE_SK_MSG:
		return sizeof(struct sk_msg_md);
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return sizeof(struct sk_reuseport_md);
	case BPF_PROG_TYPE_SK_LOOKUP:
		return sizeof(struct bpf_sk_lookup);
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return sizeof(struct bpf_cgroup_dev_ctx);
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return sizeof(struct bpf_sysctl);
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return sizeof(struct bpf_sockopt);
	default:
		return 0;
	}
}

/*
 * kernel: may_access_direct_pkt_data() (kernel/bpf/verifier.c), for a
 * direct access (meta == NULL).  For a helper's memory argument the
 * kernel instead answers fn->pkt_access for the read+write types; the
 * caller does that with helper_proto()->pkt_access.  (The kernel also sets
 * env->seen_direct_write here, which only drives the tc/sk_skb prologue.)
 * resolve_prog_type() only matters for BPF_PROG_TYPE_EXT, unsupported.
 */
bool may_access_direct_pkt_data(u32 prog_type, enum bpf_access_type t)
{
	switch (prog_type) {
	/* direct read only */
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (t == BPF_WRITE)
			return false;
		return true;
	/* direct read + write */
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return true;
	default:
		return false;
	}
}

/*
 * kernel: may_access_direct_pkt_data() with a bpf_call_arg_meta, i.e. for
 * a packet pointer passed as a helper's memory argument (check_func_arg()
 * calls it with BPF_READ): the direct-access types answer the helper's
 * pkt_access, CGROUP_SOCKOPT always allows it.
 */
bool may_access_direct_pkt_data_meta(u32 prog_type, bool helper_pkt_access,
				     enum bpf_access_type t)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (t == BPF_WRITE)
			return false;
		return helper_pkt_access;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		return helper_pkt_access;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return true;
	default:
		return false;
	}
}
