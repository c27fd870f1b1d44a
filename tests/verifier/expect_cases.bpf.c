// SPDX-License-Identifier: MIT
/*
 * Test input for selftest_expect: programs carrying the annotations of the
 * kernel's selftests (tools/testing/selftests/bpf/progs/bpf_misc.h, Linux
 * 6.12), one case per rule of test_loader.c's parse_test_spec().
 * expect_cases.expected is what selftest_expect must print for it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XSTR(s) STR(s)
#define STR(s) #s
#define __msg(msg) __attribute__((btf_decl_tag("comment:test_expect_msg=" XSTR(__COUNTER__) "=" msg)))
#define __xlated(msg) __attribute__((btf_decl_tag("comment:test_expect_xlated=" XSTR(__COUNTER__) "=" msg)))
#define __jited(msg) __attribute__((btf_decl_tag("comment:test_jited=" XSTR(__COUNTER__) "=" msg)))
#define __failure __attribute__((btf_decl_tag("comment:test_expect_failure")))
#define __success __attribute__((btf_decl_tag("comment:test_expect_success")))
#define __description(desc) __attribute__((btf_decl_tag("comment:test_description=" desc)))
#define __msg_unpriv(msg) __attribute__((btf_decl_tag("comment:test_expect_msg_unpriv=" XSTR(__COUNTER__) "=" msg)))
#define __failure_unpriv __attribute__((btf_decl_tag("comment:test_expect_failure_unpriv")))
#define __success_unpriv __attribute__((btf_decl_tag("comment:test_expect_success_unpriv")))
#define __log_level(lvl) __attribute__((btf_decl_tag("comment:test_log_level="#lvl)))
#define __flag(flag) __attribute__((btf_decl_tag("comment:test_prog_flags="#flag)))
#define __retval(val) __attribute__((btf_decl_tag("comment:test_retval="#val)))
#define __retval_unpriv(val) __attribute__((btf_decl_tag("comment:test_retval_unpriv="#val)))
#define __auxiliary __attribute__((btf_decl_tag("comment:test_auxiliary")))
#define __auxiliary_unpriv __attribute__((btf_decl_tag("comment:test_auxiliary_unpriv")))
#define __arch(arch) __attribute__((btf_decl_tag("comment:test_arch=" arch)))
#define __arch_x86_64 __arch("X86_64")
#define __arch_arm64 __arch("ARM64")

#define BODY(n) { return n; }

/* plain expectations */
SEC("socket") __success int ok_plain(void *ctx) BODY(0)
SEC("socket") __failure __msg("R1 invalid mem access") __msg("second") int fail_msgs(void *ctx) BODY(1)
SEC("socket") __description("a description") __failure __msg("only") __log_level(2)
int fail_described(void *ctx) BODY(2)

/* no tag at all: a privileged test that must load */
SEC("socket") int untagged(void *ctx) BODY(3)
/* __msg alone: privileged, expected to load, with that message */
SEC("socket") __msg("processed 2 insns") int msg_only(void *ctx) BODY(4)
/* __retval alone: privileged, expected to load */
SEC("socket") __retval(0) int retval_only(void *ctx) BODY(5)

/* unprivileged tags alone: not a privileged test */
SEC("socket") __failure_unpriv __msg_unpriv("unpriv msg") int unpriv_only(void *ctx) BODY(6)
SEC("socket") __success_unpriv __retval_unpriv(1) int unpriv_only_ok(void *ctx) BODY(7)
/* ... but with a privileged tag too the privileged run expects success */
SEC("socket") __failure_unpriv __msg_unpriv("unpriv") __msg("priv") int unpriv_fail_priv_ok(void *ctx) BODY(8)
SEC("socket") __success __failure_unpriv int priv_ok_unpriv_fail(void *ctx) BODY(9)
SEC("socket") __failure __success_unpriv int priv_fail_unpriv_ok(void *ctx) BODY(10)

/* auxiliary programs are never tests */
SEC("socket") __auxiliary int aux(void *ctx) BODY(11)
SEC("socket") __auxiliary_unpriv int aux_unpriv(void *ctx) BODY(12)
SEC("socket") __auxiliary __success int aux_success(void *ctx) BODY(13)

/* flags */
SEC("socket") __success __flag(BPF_F_STRICT_ALIGNMENT) int flag_strict(void *ctx) BODY(14)
SEC("socket") __failure __flag(BPF_F_ANY_ALIGNMENT) __flag(BPF_F_TEST_STATE_FREQ) __msg("m")
int flag_two(void *ctx) BODY(15)
SEC("socket") __success __flag(0x40) int flag_numeric(void *ctx) BODY(16)
SEC("socket") __success __flag(BPF_F_TEST_REG_INVARIANTS) __flag(!BPF_F_TEST_REG_INVARIANTS)
int flag_cleared(void *ctx) BODY(17)

/* architectures: we are x86_64 */
SEC("socket") __success __arch_arm64 __jited("mov x0, #0") int arm64_only(void *ctx) BODY(18)
SEC("socket") __failure __arch_x86_64 __jited("xor eax, eax") int x86_only(void *ctx) BODY(19)
/* __jited for the other arch alone does not make a privileged test, but a
 * spec without any mode tag is privileged anyway */
SEC("socket") __arch_arm64 __jited("ret") int arm64_jited_only(void *ctx) BODY(20)
/* __jited before __arch: test_loader cannot parse the spec */
SEC("socket") __jited("nop") __success int jited_no_arch(void *ctx) BODY(21)
/* a broken {{regex}}: not parsed either */
SEC("socket") __failure __msg("open {{[0-9") int bad_regex(void *ctx) BODY(22)
SEC("socket") __failure __msg("r{{[0-9]+}} = {{.*}}") int good_regex(void *ctx) BODY(23)
/* a message with a tab and a backslash is escaped */
SEC("socket") __failure __msg("a\tb\\c") int escaped_msg(void *ctx) BODY(24)
SEC("socket") __success __xlated("r0 = 0") int xlated_only(void *ctx) BODY(25)

/* __retval (selftest_expect -r): the value test_loader's parse_retval()
 * reads, for the programs it executes */
#define INT_MIN (-2147483647 - 1)
#define POINTER_VALUE 0xcafe4all
#define TEST_DATA_LEN 64
SEC("xdp") __success __retval(-21) int retval_negative(struct xdp_md *ctx) BODY(-21)
SEC("tc") __retval(0xfffffffe) int retval_hex_wraps(struct __sk_buff *ctx) BODY(-2)
SEC("socket") __success __retval(INT_MIN) int retval_int_min(void *ctx) BODY(INT_MIN)
SEC("socket") __success __retval(TEST_DATA_LEN) int retval_data_len(void *ctx) BODY(TEST_DATA_LEN)
/* POINTER_VALUE: not compared */
SEC("socket") __success __retval(POINTER_VALUE) int retval_any(void *ctx) BODY(27)
/* the last __retval wins */
SEC("socket") __success __retval(1) __retval(2) int retval_last(void *ctx) BODY(2)
/* a load expected to fail is never run */
SEC("socket") __failure __msg("x") __retval(1) int retval_failure(void *ctx) BODY(28)
/* __retval_unpriv alone: the privileged run loads without executing */
SEC("socket") __success __retval_unpriv(3) int retval_unpriv_only(void *ctx) BODY(3)
/* "0x": strtol() of "" ends at once, at the string's end: 0, accepted */
SEC("socket") __success __retval(0x) int retval_empty_hex(void *ctx) BODY(0)
/* a retval test_loader cannot parse: not a test at all */
SEC("socket") __success __retval(1 + 1) int retval_expr(void *ctx) BODY(2)

/* a subprogram in .text with tags is not a program */
__attribute__((noinline)) __success int subprog_tagged(int x)
{
	return x + 1;
}

SEC("tc") __failure __msg("calls") int calls_subprog(struct __sk_buff *skb)
{
	return subprog_tagged(skb->len);
}

/* a static program is still a program */
SEC("socket") __failure __msg("static") static int static_prog(void *ctx) BODY(26)

char _license[] SEC("license") = "GPL";
