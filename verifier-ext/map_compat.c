// SPDX-License-Identifier: MIT
/*
 * verifier-ext: which helpers may take which maps (kernel:
 * check_map_func_compatibility() and may_update_sockmap()).  Two tables,
 * as the kernel has two switches: what a map type allows, then what a
 * helper requires.
 */
#include "vx.h"

#define CGRP_STORAGE 32       /* BPF_MAP_TYPE_CGRP_STORAGE (6.2) */
#define FUNC_CGRP_STORAGE_GET 210
#define FUNC_CGRP_STORAGE_DELETE 211
#define MAX_LIST 8

struct compat_rule {
	int key;             /* a map type (first table) or a helper id (second) */
	int allowed[MAX_LIST]; /* helpers (first) or map types (second); 0 ends */
};

/* Map types that only some helpers may take. */
static const struct compat_rule by_map[] = {
	{ BPF_MAP_TYPE_PROG_ARRAY, { BPF_FUNC_tail_call } },
	{ BPF_MAP_TYPE_PERF_EVENT_ARRAY, { BPF_FUNC_perf_event_read, BPF_FUNC_perf_event_output,
					   BPF_FUNC_skb_output, BPF_FUNC_perf_event_read_value,
					   BPF_FUNC_xdp_output } },
	{ BPF_MAP_TYPE_RINGBUF, { BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve,
				  BPF_FUNC_ringbuf_query, BPF_FUNC_ringbuf_reserve_dynptr,
				  BPF_FUNC_ringbuf_submit_dynptr, BPF_FUNC_ringbuf_discard_dynptr } },
	{ BPF_MAP_TYPE_USER_RINGBUF, { BPF_FUNC_user_ringbuf_drain } },
	{ BPF_MAP_TYPE_STACK_TRACE, { BPF_FUNC_get_stackid } },
	{ BPF_MAP_TYPE_CGROUP_ARRAY, { BPF_FUNC_skb_under_cgroup,
				       BPF_FUNC_current_task_under_cgroup } },
	{ BPF_MAP_TYPE_CGROUP_STORAGE, { BPF_FUNC_get_local_storage } },
	{ BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, { BPF_FUNC_get_local_storage } },
	{ BPF_MAP_TYPE_DEVMAP, { BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem } },
	{ BPF_MAP_TYPE_DEVMAP_HASH, { BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem } },
	{ BPF_MAP_TYPE_CPUMAP, { BPF_FUNC_redirect_map } },
	{ BPF_MAP_TYPE_XSKMAP, { BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem } },
	{ BPF_MAP_TYPE_ARRAY_OF_MAPS, { BPF_FUNC_map_lookup_elem } },
	{ BPF_MAP_TYPE_HASH_OF_MAPS, { BPF_FUNC_map_lookup_elem } },
	/* sockmap/sockhash: update and delete only where may_update_sockmap() */
	{ BPF_MAP_TYPE_SOCKMAP, { BPF_FUNC_sk_redirect_map, BPF_FUNC_sock_map_update,
				  BPF_FUNC_msg_redirect_map, BPF_FUNC_sk_select_reuseport,
				  BPF_FUNC_map_lookup_elem } },
	{ BPF_MAP_TYPE_SOCKHASH, { BPF_FUNC_sk_redirect_hash, BPF_FUNC_sock_hash_update,
				   BPF_FUNC_msg_redirect_hash, BPF_FUNC_sk_select_reuseport,
				   BPF_FUNC_map_lookup_elem } },
	{ BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, { BPF_FUNC_sk_select_reuseport } },
	{ BPF_MAP_TYPE_QUEUE, { BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem,
				BPF_FUNC_map_push_elem } },
	{ BPF_MAP_TYPE_STACK, { BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem,
				BPF_FUNC_map_push_elem } },
	{ BPF_MAP_TYPE_SK_STORAGE, { BPF_FUNC_sk_storage_get, BPF_FUNC_sk_storage_delete,
				     BPF_FUNC_kptr_xchg } },
	{ BPF_MAP_TYPE_INODE_STORAGE, { BPF_FUNC_inode_storage_get,
					BPF_FUNC_inode_storage_delete, BPF_FUNC_kptr_xchg } },
	{ BPF_MAP_TYPE_TASK_STORAGE, { BPF_FUNC_task_storage_get, BPF_FUNC_task_storage_delete,
				       BPF_FUNC_kptr_xchg } },
	{ CGRP_STORAGE, { FUNC_CGRP_STORAGE_GET, FUNC_CGRP_STORAGE_DELETE, BPF_FUNC_kptr_xchg } },
	{ BPF_MAP_TYPE_BLOOM_FILTER, { BPF_FUNC_map_peek_elem, BPF_FUNC_map_push_elem } },
};

/* Helpers that only some map types may be passed to. */
static const struct compat_rule by_func[] = {
	{ BPF_FUNC_tail_call, { BPF_MAP_TYPE_PROG_ARRAY } },
	{ BPF_FUNC_perf_event_read, { BPF_MAP_TYPE_PERF_EVENT_ARRAY } },
	{ BPF_FUNC_perf_event_output, { BPF_MAP_TYPE_PERF_EVENT_ARRAY } },
	{ BPF_FUNC_perf_event_read_value, { BPF_MAP_TYPE_PERF_EVENT_ARRAY } },
	{ BPF_FUNC_skb_output, { BPF_MAP_TYPE_PERF_EVENT_ARRAY } },
	{ BPF_FUNC_xdp_output, { BPF_MAP_TYPE_PERF_EVENT_ARRAY } },
	{ BPF_FUNC_ringbuf_output, { BPF_MAP_TYPE_RINGBUF } },
	{ BPF_FUNC_ringbuf_reserve, { BPF_MAP_TYPE_RINGBUF } },
	{ BPF_FUNC_ringbuf_query, { BPF_MAP_TYPE_RINGBUF } },
	{ BPF_FUNC_ringbuf_reserve_dynptr, { BPF_MAP_TYPE_RINGBUF } },
	{ BPF_FUNC_ringbuf_submit_dynptr, { BPF_MAP_TYPE_RINGBUF } },
	{ BPF_FUNC_ringbuf_discard_dynptr, { BPF_MAP_TYPE_RINGBUF } },
	{ BPF_FUNC_user_ringbuf_drain, { BPF_MAP_TYPE_USER_RINGBUF } },
	{ BPF_FUNC_get_stackid, { BPF_MAP_TYPE_STACK_TRACE } },
	{ BPF_FUNC_current_task_under_cgroup, { BPF_MAP_TYPE_CGROUP_ARRAY } },
	{ BPF_FUNC_skb_under_cgroup, { BPF_MAP_TYPE_CGROUP_ARRAY } },
	{ BPF_FUNC_redirect_map, { BPF_MAP_TYPE_DEVMAP, BPF_MAP_TYPE_DEVMAP_HASH,
				   BPF_MAP_TYPE_CPUMAP, BPF_MAP_TYPE_XSKMAP } },
	{ BPF_FUNC_sk_redirect_map, { BPF_MAP_TYPE_SOCKMAP } },
	{ BPF_FUNC_msg_redirect_map, { BPF_MAP_TYPE_SOCKMAP } },
	{ BPF_FUNC_sock_map_update, { BPF_MAP_TYPE_SOCKMAP } },
	{ BPF_FUNC_sk_redirect_hash, { BPF_MAP_TYPE_SOCKHASH } },
	{ BPF_FUNC_msg_redirect_hash, { BPF_MAP_TYPE_SOCKHASH } },
	{ BPF_FUNC_sock_hash_update, { BPF_MAP_TYPE_SOCKHASH } },
	{ BPF_FUNC_get_local_storage, { BPF_MAP_TYPE_CGROUP_STORAGE,
					BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE } },
	{ BPF_FUNC_sk_select_reuseport, { BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, BPF_MAP_TYPE_SOCKMAP,
					  BPF_MAP_TYPE_SOCKHASH } },
	{ BPF_FUNC_map_pop_elem, { BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK } },
	{ BPF_FUNC_map_peek_elem, { BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK,
				    BPF_MAP_TYPE_BLOOM_FILTER } },
	{ BPF_FUNC_map_push_elem, { BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK,
				    BPF_MAP_TYPE_BLOOM_FILTER } },
	{ BPF_FUNC_map_lookup_percpu_elem, { BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_PERCPU_HASH,
					     BPF_MAP_TYPE_LRU_PERCPU_HASH } },
	{ BPF_FUNC_sk_storage_get, { BPF_MAP_TYPE_SK_STORAGE } },
	{ BPF_FUNC_sk_storage_delete, { BPF_MAP_TYPE_SK_STORAGE } },
	{ BPF_FUNC_inode_storage_get, { BPF_MAP_TYPE_INODE_STORAGE } },
	{ BPF_FUNC_inode_storage_delete, { BPF_MAP_TYPE_INODE_STORAGE } },
	{ BPF_FUNC_task_storage_get, { BPF_MAP_TYPE_TASK_STORAGE } },
	{ BPF_FUNC_task_storage_delete, { BPF_MAP_TYPE_TASK_STORAGE } },
	{ FUNC_CGRP_STORAGE_GET, { CGRP_STORAGE } },
	{ FUNC_CGRP_STORAGE_DELETE, { CGRP_STORAGE } },
};

/* 1: allowed, 0: not, -1: no rule for `key` */
static int rule_allows(const struct compat_rule *rules, size_t n, int key, int what)
{
	for (size_t i = 0; i < n; i++) {
		if (rules[i].key != key)
			continue;
		for (int k = 0; k < MAX_LIST && rules[i].allowed[k]; k++)
			if (rules[i].allowed[k] == what)
				return 1;
		return 0;
	}
	return -1;
}

/* kernel: may_update_sockmap() */
static bool may_update_sockmap(u32 prog_type, u32 attach, int func_id)
{
	if (func_id != BPF_FUNC_map_update_elem && func_id != BPF_FUNC_map_delete_elem)
		return false;
	switch (prog_type) {
	case BPF_PROG_TYPE_TRACING:
		return attach == BPF_TRACE_ITER;
	case BPF_PROG_TYPE_SOCK_OPS:
		return func_id == BPF_FUNC_map_delete_elem;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	}
	return false;
}

/*
 * kernel: check_map_func_compatibility().  Returns NULL when `func_id`
 * may take a map of `map_type`, else the kernel's message.
 */
const char *map_func_incompatible(u32 map_type, int func_id, u32 prog_type, u32 attach)
{
	int r = rule_allows(by_map, sizeof(by_map) / sizeof(by_map[0]), (int)map_type, func_id);

	if (r == 0 && (map_type == BPF_MAP_TYPE_SOCKMAP || map_type == BPF_MAP_TYPE_SOCKHASH)) {
		if (func_id == BPF_FUNC_map_update_elem || func_id == BPF_FUNC_map_delete_elem)
			return may_update_sockmap(prog_type, attach, func_id) ?
			       NULL : "cannot update sockmap in this context";
	}
	if (r == 0)
		return "cannot pass map_type";
	r = rule_allows(by_func, sizeof(by_func) / sizeof(by_func[0]), func_id, (int)map_type);
	return r == 0 ? "cannot pass map_type" : NULL;
}
