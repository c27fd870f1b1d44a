// SPDX-License-Identifier: MIT
/*
 * Regression cases from the review of verifier-ext against Linux 6.12
 * (one per finding), annotated as the kernel's selftests are: the
 * expected verdict is the 6.12 kernel's, by reading its source.  Checked
 * by tests/verifier/selftests.sh in the meson test 'verifier-review-cases'.
 * PAD makes enough jumps and instructions for a checkpoint to be taken.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XSTR(s) STR(s)
#define STR(s) #s
#define __msg(msg) __attribute__((btf_decl_tag("comment:test_expect_msg=" XSTR(__COUNTER__) "=" msg)))
#define __failure __attribute__((btf_decl_tag("comment:test_expect_failure")))
#define __success __attribute__((btf_decl_tag("comment:test_expect_success")))
#define PAD "r5 = 0;" "if r5 > 1 goto +0;" "r5 += 1;" "if r5 > 7 goto +0;" "r5 += 1;" "r5 += 1;" \
	"r5 += 1;" "r5 += 1;" "r5 += 1;" "r5 += 1;" "if r5 > 100 goto +0;"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[4]);
} vals SEC(".maps");

/* U1: a 4-byte spill is not an 8-byte scalar spill when pruning */
SEC("socket")
__failure __msg("math between map_value pointer and register with unbounded min value")
__attribute__((naked)) int partial_spill(void)
{
	asm volatile (
		"r1 = 0;"
		"*(u32 *)(r10 - 16) = r1;"
		"r2 = r10;"
		"r2 += -16;"
		"r1 = %[vals] ll;"
		"call %[lookup];"
		"if r0 == 0 goto l_out_%=;"
		"r6 = r0;"
		"call %[rnd];"
		"r1 = r0;"
		"r1 &= 3;"
		"if r0 > 100 goto l_a_%=;"
		"*(u64 *)(r10 - 8) = r1;""r3 = 0;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;""if r3 > 100 goto l_b_%=;""r3 = 0;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;" "r3 += 1;"
		"goto l_b_%=;"
		"l_a_%=: *(u32 *)(r10 - 8) = r1;"
		"l_b_%=: r2 = *(u64 *)(r10 - 8);"
		"r6 += r2;"
		"r0 = *(u8 *)(r6 + 0);"
		"l_out_%=: r0 = 0;"
		"exit;"
		:
		: [vals] "i"(&vals), [lookup] "i"(BPF_FUNC_map_lookup_elem), [rnd] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}

__attribute__((naked, noinline, used)) static int cbliv_cb(void)
{
	asm volatile (
		PAD
		"r3 = *(u64 *)(r2 + 0);"
		"if r3 != 0 goto l_bad_%=;"
		"r3 = 1;"
		"*(u64 *)(r2 + 0) = r3;"
		"r0 = 0;"
		"exit;"
		"l_bad_%=: r0 = *(u64 *)(r2 + 64);"
		"r0 = 0;"
		"exit;" ::: "memory");
}

/* U2: a callback's caller re-reads R1-R5 at the call */
SEC("socket")
__failure __msg("invalid read from stack")
__attribute__((naked)) int loop_r1(void)
{
	asm volatile (
		"r6 = 0;"
		"*(u64 *)(r10 - 8) = r6;"
		"call %[rnd];"
		"r1 = 1;"
		"if r0 > 5 goto l_l_%=;"
		"goto l_m_%=;"
		"l_l_%=: r1 = 100;"
		"l_m_%=: r2 = %[cb] ll;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 0;"
		"exit;"
		:
		: [rnd] "i"(BPF_FUNC_get_prandom_u32), [loop] "i"(BPF_FUNC_loop), [cb] "i"(cbliv_cb)
		: "memory");
}

/* U3: AT_PKT_END ranges only cover themselves */
SEC("xdp")
__failure __msg("invalid access to packet")
__attribute__((naked)) int at_pkt_end(void)
{
	asm volatile (
		"r6 = *(u32 *)(r1 + 0);"
		"r7 = *(u32 *)(r1 + 4);"
		"call %[rnd];"
		"if r0 > 5 goto l_p2_%=;"
		PAD
		"if r6 >= r7 goto l_x_%=;"
		"r0 = 0;"
		"exit;"
		"l_x_%=: r5 = 0;" "r5 += 1;" "r5 += 1;" "r5 += 1;" "r5 += 1;" "r5 += 1;" "r5 += 1;" "r5 += 1;" "r5 += 1;"
		"goto l_j_%=;"
		"l_p2_%=: goto l_j_%=;"
		"l_j_%=: if r6 < r7 goto l_bad_%=;"
		"r0 = 0;"
		"exit;"
		"l_bad_%=: r0 = *(u8 *)(r6 + 0);"
		"exit;"
		:
		: [rnd] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}

__attribute__((naked, noinline, used)) static int loopidx_cb(void)
{
	asm volatile (
		"r3 = r1;"
		"r3 >>= 32;"
		"if r3 != 0 goto l_bad_%=;"
		"r0 = 0;"
		"exit;"
		"l_bad_%=: r0 = *(u64 *)(r10 + 8);"
		"r0 = 0;"
		"exit;" ::: "memory");
}

/* U4: bpf_loop's index is an unbounded scalar */
SEC("socket")
__failure __msg("invalid read from stack")
__attribute__((naked)) int loopidx(void)
{
	asm volatile (
		"r1 = 4;"
		"r2 = %[cb] ll;"
		"r3 = 0;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 0;"
		"exit;"
		:
		: [loop] "i"(BPF_FUNC_loop), [cb] "i"(loopidx_cb)
		: "memory");
}

__attribute__((naked, noinline, used)) static int retstk_sub(void)
{
	asm volatile ("r0 = r1;" "exit;" ::: "memory");
}

/* U5: no stack pointer may be returned, not even a caller's */
SEC("socket")
__failure __msg("cannot return stack pointer to the caller frame")
__attribute__((naked)) int retstk(void)
{
	asm volatile (
		"r1 = r10;"
		"r1 += -8;"
		"call retstk_sub;"
		"r1 = 0;"
		"*(u64 *)(r0 + 0) = r1;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}

struct val { struct bpf_timer t; __u64 cnt; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} tmap SEC(".maps");

static int timer_cb(void *map, __u32 *key, struct val *v)
{
	v->cnt++;
	return 0;
}

/* O1: a timer callback gets the timer's map, key and value */
SEC("tc")
__success
int timer_prog(struct __sk_buff *skb)
{
	__u32 k = 0;
	struct val *v = bpf_map_lookup_elem(&tmap, &k);
	if (!v)
		return 0;
	bpf_timer_init(&v->t, &tmap, 1);
	bpf_timer_set_callback(&v->t, timer_cb);
	return 0;
}

__attribute__((naked, noinline, used)) static int unroll_cb(void)
{
	asm volatile (
		"r3 = 1;"
		"*(u64 *)(r2 + 0) = r3;"
		PAD
		"r0 = 0;"
		"exit;" ::: "memory");
}

/* O2: unrolled callback iterations are not infinite loops */
SEC("socket")
__success
__attribute__((naked)) int unroll(void)
{
	asm volatile (
		"r6 = 0;"
		"*(u64 *)(r10 - 8) = r6;"
		"r1 = 100;"
		"r2 = %[cb] ll;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 0;"
		"exit;"
		:
		: [loop] "i"(BPF_FUNC_loop), [cb] "i"(unroll_cb)
		: "memory");
}

__attribute__((naked, noinline, used)) static int widen_cb(void)
{
	asm volatile (
		"r3 = *(u64 *)(r2 + 0);"
		"r3 += 1;"
		"*(u64 *)(r2 + 0) = r3;"
		"r0 = 0;"
		"exit;" ::: "memory");
}

/* O3: imprecise scalars are widened (listed: not modelled) */
SEC("socket")
__success
__attribute__((naked)) int widen(void)
{
	asm volatile (
		"r6 = 0;"
		"*(u64 *)(r10 - 8) = r6;"
		"call %[rnd];"
		"r1 = r0;"
		"r2 = %[cb] ll;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 0;"
		"exit;"
		:
		: [loop] "i"(BPF_FUNC_loop), [cb] "i"(widen_cb), [rnd] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}

char LICENSE[] SEC("license") = "GPL";
