// SPDX-License-Identifier: MIT
/* A legacy "maps" section, as objects built before BTF-defined maps have:
 * libbpf 1.x refuses it, bpfkasan reads it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct legacy_map_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};

struct legacy_map_def SEC("maps") counters = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 16,
};
struct legacy_map_def SEC("maps") flows = {
	.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 16, .max_entries = 1024,
	.map_flags = BPF_F_NO_PREALLOC,
};

SEC("socket")
int legacy_prog(struct __sk_buff *skb)
{
	__u32 k = skb->len & 15;
	__u64 fk = skb->hash;
	__u64 *v = bpf_map_lookup_elem(&counters, &k);
	__u64 *f = bpf_map_lookup_elem(&flows, &fk);

	if (v)
		*v += 1;
	if (f)
		f[1] = 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
