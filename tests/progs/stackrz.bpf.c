// SPDX-License-Identifier: MIT
/*
 * Stack red zones between objects (jit-x86/stackrz.c), for
 * tests/jit/test_stackrz.c: two stack arrays with 16 bytes between them
 * that the program never touches, and an access of 1, 2, 4 or 8 bytes at
 * a variable index into the first.  The index is the packet's first byte
 * masked to 0..32 - size, in steps of size (the verifier wants stack
 * accesses aligned), so the verifier accepts every index (they all stay
 * in the frame) while indices past 16 - size overflow `a` into the gap.
 * The gap is spelt as a struct member so that clang cannot close it; the
 * program touches `a` and `b` only.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct two_arrays {
	__u8 a[16];
	__u8 gap[16];	/* never touched: the red zone */
	__u8 b[16];
};

static __always_inline int index_of(struct xdp_md *ctx, int size)
{
	__u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return -1;
	return data[0] & (32 - size);
}

/* Both arrays set through constant offsets: they are the frame's objects. */
#define INIT(s)                                                              \
	do {                                                                 \
		for (int k = 0; k < 16; k++) {                               \
			((volatile __u8 *)(s).a)[k] = (__u8)k;               \
			((volatile __u8 *)(s).b)[k] = (__u8)(k + 16);        \
		}                                                            \
	} while (0)

/* A program indexing `a` with an access of type T: `body` uses s and i. */
#define PROG(T, name, body)                                                  \
	SEC("xdp")                                                           \
	int name(struct xdp_md *ctx)                                         \
	{                                                                    \
		struct two_arrays s;                                         \
		int i = index_of(ctx, sizeof(T));                            \
                                                                             \
		INIT(s);                                                     \
		if (i < 0)                                                   \
			return XDP_ABORTED;                                  \
		body                                                         \
	}

#define READ(T, name) \
	PROG(T, name, return *(volatile T *)(s.a + i) ? XDP_PASS : XDP_DROP;)
#define WRITE(T, name)                                                       \
	PROG(T, name, *(volatile T *)(s.a + i) = 1;                          \
	     return ((volatile __u8 *)s.b)[15] + ((volatile __u8 *)s.a)[0];)

READ(__u8, read1)
READ(__u16, read2)
READ(__u32, read4)
READ(__u64, read8)
WRITE(__u8, write1)
WRITE(__u16, write2)
WRITE(__u32, write4)
WRITE(__u64, write8)

char _license[] SEC("license") = "GPL";

/*
 * Frames across calls and helpers, none of it out of bounds for an index
 * below 16 (the packet's first byte): main's array is indexed by a callee
 * through a pointer; `lower` (own red zones: an indexed array) and then
 * `upper` (none: every byte it uses is at a constant offset, some of them
 * `lower`'s gaps) run at depth 1 in turn; a map key and value on the stack
 * are touched only by the helper.  An index of 16 and up overflows main's
 * array from inside `poke`.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} vals SEC(".maps");

static __noinline int poke(__u8 *arr, int i)
{
	if (i < 0)
		return 0;
	((volatile __u8 *)arr)[i & 31] = 7;
	return 1;
}

static __noinline int lower(int i)
{
	__u8 t[8];

	for (int k = 0; k < 8; k++)
		((volatile __u8 *)t)[k] = (__u8)k;
	if (i < 0)
		return 0;
	return ((volatile __u8 *)t)[i & 7];
}

static __noinline int upper(int i)
{
	volatile __u64 w[32];

	for (int k = 0; k < 32; k++)
		w[k] = (__u64)(k + i);
	return (int)(w[3] + w[31]);
}

SEC("xdp")
int calls(struct xdp_md *ctx)
{
	struct two_arrays s;
	__u32 key = 0;
	__u64 v[4];
	int i = index_of(ctx, 1), r;

	INIT(s);
	r = poke(s.a, i);
	r += lower(i);
	r += upper(i);
	for (int k = 0; k < 4; k++)
		((volatile __u64 *)v)[k] = (__u64)k;
	bpf_map_update_elem(&vals, &key, v, 0);
	return r + ((volatile __u8 *)s.b)[0];
}

/*
 * A 64-byte buffer the helper reads 60 bytes of, then written at any of
 * its 64 indices: bytes 60..63 are used by no constant access nor helper,
 * yet in bounds.  They share a granule with used bytes, so they stay
 * addressable: no index may be reported.
 */
SEC("xdp")
int short_helper(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 buf[64];
	__s64 sum;

	if (data + 1 > end)
		return XDP_ABORTED;
	sum = bpf_csum_diff((void *)buf, 60, 0, 0, 0);
	((volatile __u8 *)buf)[data[0] & 63] = 1;
	return (int)(sum & 1);
}
