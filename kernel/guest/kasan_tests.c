// SPDX-License-Identifier: GPL-2.0
/*
 * Guest side of kernel/run-tests.sh: load small BPF programs through the raw
 * bpf() syscall, run them with BPF_PROG_TEST_RUN, and match the KASAN reports
 * they cause in /dev/kmsg against what each test expects.
 *
 * The programs get memory KASAN must complain about from the test helper of
 * patch 0001 (bpf_kasan_test_poison): it marks 16 bytes of a map value (or of
 * the program's stack) as a slab red zone or as freed memory, the program
 * accesses it, then makes it accessible again.
 *
 * Each test prints one line "bpfkasan-kernel-test: NAME ok" or
 * "bpfkasan-kernel-test: NAME FAIL why". With "bpfkasan.expect=none" on the
 * kernel command line (a kernel without the JIT patches, or booted with
 * bpf_jit_kasan=off) no test may cause a report.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80
#endif
#define BPF_FUNC_KASAN_TEST_POISON 212
enum { UNPOISON = 0, REDZONE = 1, FREED = 2 };

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)	INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define LDSX(sz, d, s, o)	INSN(BPF_LDX | BPF_MEMSX | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i)		INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define ATOMIC(sz, op, d, s, o)	INSN(BPF_STX | BPF_ATOMIC | (sz), d, s, o, op)
#define JEQ_IMM(d, i, o)	INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JGT_IMM(d, i, o)	INSN(BPF_JMP | BPF_JGT | BPF_K, d, 0, o, i)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define CALL_SUB(o)		INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP_FD(d, fd)	INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd), INSN(0, 0, 0, 0, 0)

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int map_fd, ringbuf_fd, kmsg_fd, expect_none, baseline, failures, access_idx;
static char log_buf[65536];

static void result(const char *name, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (why[0])
		failures++;
	printf("bpfkasan-kernel-test: %s %s%s\n", name, why[0] ? "FAIL " : "ok", why);
	fflush(stdout);
}

static int load(const char *name, const struct bpf_insn *insns, int cnt)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = cnt;
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)log_buf;
	a.log_size = sizeof(log_buf);
	a.log_level = 1;
	snprintf(a.prog_name, sizeof(a.prog_name), "%s", name);
	log_buf[0] = 0;
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		fprintf(stderr, "%s: load: %s\n%s\n", name, strerror(errno), log_buf);
	return fd;
}

static int run(int fd, unsigned int repeat, unsigned int *duration)
{
	unsigned char pkt[64] = { 0 };
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (uintptr_t)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.repeat = repeat;
	if (sys_bpf(BPF_PROG_TEST_RUN, &a))
		return -errno;
	if (duration)
		*duration = a.test.duration;
	return 0;
}

struct reports {
	int n;
	char bug[128], access[64], where[128];
};

/* The KASAN reports printed since the last call */
static void drain(struct reports *r)
{
	char rec[2048];
	ssize_t n;

	memset(r, 0, sizeof(*r));
	while ((n = read(kmsg_fd, rec, sizeof(rec) - 1)) != 0) {
		char *msg, *p;

		if (n < 0) {
			if (errno == EPIPE)	/* overwritten records */
				continue;
			break;			/* EAGAIN: no more */
		}
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		p = strchr(msg, '\n');
		if (p)
			*p = 0;
		if (!strncmp(msg, "BUG: KASAN: ", 12)) {
			if (!r->n++) {
				/* "slab-out-of-bounds in bpf_prog_TAG_NAME+0x..." */
				sscanf(msg + 12, "%127s in %127s", r->bug, r->where);
			}
		} else if (r->n == 1 && !r->access[0] &&
			   (!strncmp(msg, "Read of size", 12) ||
			    !strncmp(msg, "Write of size", 13))) {
			p = strstr(msg, " at addr");
			snprintf(r->access, sizeof(r->access), "%.*s",
				 p ? (int)(p - msg) : 20, msg);
		}
	}
}

enum kind { MAP, STACK, MIXED };

struct test {
	const char *name;
	enum kind kind;
	int how;		/* REDZONE or FREED: poison; UNPOISON: none */
	struct bpf_insn access;	/* based on r7 */
	int size;		/* bytes accessed */
	int off;		/* r7's offset in the poisoned region */
	int unpriv;		/* loaded with CAP_BPF only: Spectre rewrites */
	int sub;		/* the access, based on r1, is in a subprog */
};

#define B BPF_B
#define H BPF_H
#define W BPF_W
#define DW BPF_DW

static const struct test tests[] = {
	/* out of bounds, map value */
	{ "oob_ldx1", MAP, REDZONE, LDX(B, 0, 7, 0), 1 },
	{ "oob_ldx2", MAP, REDZONE, LDX(H, 0, 7, 0), 2 },
	{ "oob_ldx4", MAP, REDZONE, LDX(W, 0, 7, 0), 4 },
	{ "oob_ldx8", MAP, REDZONE, LDX(DW, 0, 7, 0), 8 },
	{ "oob_ldsx1", MAP, REDZONE, LDSX(B, 0, 7, 0), 1 },
	{ "oob_ldsx2", MAP, REDZONE, LDSX(H, 0, 7, 0), 2 },
	{ "oob_ldsx4", MAP, REDZONE, LDSX(W, 0, 7, 0), 4 },
	{ "oob_st1", MAP, REDZONE, ST(B, 7, 0, 1), 1 },
	{ "oob_st2", MAP, REDZONE, ST(H, 7, 0, 1), 2 },
	{ "oob_st4", MAP, REDZONE, ST(W, 7, 0, 1), 4 },
	{ "oob_st8", MAP, REDZONE, ST(DW, 7, 0, 1), 8 },
	{ "oob_stx1", MAP, REDZONE, STX(B, 7, 1, 0), 1 },
	{ "oob_stx2", MAP, REDZONE, STX(H, 7, 1, 0), 2 },
	{ "oob_stx4", MAP, REDZONE, STX(W, 7, 1, 0), 4 },
	{ "oob_stx8", MAP, REDZONE, STX(DW, 7, 1, 0), 8 },
	{ "oob_add4", MAP, REDZONE, ATOMIC(W, BPF_ADD, 7, 1, 0), 4 },
	{ "oob_add8", MAP, REDZONE, ATOMIC(DW, BPF_ADD, 7, 1, 0), 8 },
	{ "oob_fetch_or8", MAP, REDZONE, ATOMIC(DW, BPF_OR | BPF_FETCH, 7, 1, 0), 8 },
	{ "oob_xchg4", MAP, REDZONE, ATOMIC(W, BPF_XCHG, 7, 1, 0), 4 },
	{ "oob_cmpxchg8", MAP, REDZONE, ATOMIC(DW, BPF_CMPXCHG, 7, 1, 0), 8 },
	/* straddling into the poisoned granule: only its last bytes are bad */
	{ "oob_strad_ldx8", MAP, REDZONE, LDX(DW, 0, 7, 0), 8, -4 },
	{ "oob_strad_stx4", MAP, REDZONE, STX(W, 7, 1, 0), 4, -2 },
	/* use after free, map value */
	{ "uaf_ldx1", MAP, FREED, LDX(B, 0, 7, 0), 1 },
	{ "uaf_ldx2", MAP, FREED, LDX(H, 0, 7, 0), 2 },
	{ "uaf_ldx4", MAP, FREED, LDX(W, 0, 7, 0), 4 },
	{ "uaf_ldx8", MAP, FREED, LDX(DW, 0, 7, 0), 8 },
	{ "uaf_st1", MAP, FREED, ST(B, 7, 0, 1), 1 },
	{ "uaf_st2", MAP, FREED, ST(H, 7, 0, 1), 2 },
	{ "uaf_st4", MAP, FREED, ST(W, 7, 0, 1), 4 },
	{ "uaf_st8", MAP, FREED, ST(DW, 7, 0, 1), 8 },
	{ "uaf_stx1", MAP, FREED, STX(B, 7, 1, 0), 1 },
	{ "uaf_stx2", MAP, FREED, STX(H, 7, 1, 0), 2 },
	{ "uaf_stx4", MAP, FREED, STX(W, 7, 1, 0), 4 },
	{ "uaf_stx8", MAP, FREED, STX(DW, 7, 1, 0), 8 },
	{ "uaf_add4", MAP, FREED, ATOMIC(W, BPF_ADD, 7, 1, 0), 4 },
	{ "uaf_fetch_add8", MAP, FREED, ATOMIC(DW, BPF_ADD | BPF_FETCH, 7, 1, 0), 8 },
	{ "uaf_xchg8", MAP, FREED, ATOMIC(DW, BPF_XCHG, 7, 1, 0), 8 },
	{ "uaf_cmpxchg4", MAP, FREED, ATOMIC(W, BPF_CMPXCHG, 7, 1, 0), 4 },
	/* no report: the granules just before the poisoned ones */
	{ "clean_ldx8", MAP, REDZONE, LDX(DW, 0, 7, 0), 8, -8 },
	{ "clean_stx4", MAP, REDZONE, STX(W, 7, 1, 0), 4, -4 },
	{ "clean_ldx1", MAP, UNPOISON, LDX(B, 0, 7, 0), 1 },
	/* one insn, a stack pointer on one path and a map value on another */
	{ "mixed_ldx8", MIXED, REDZONE, LDX(DW, 0, 7, 0), 8 },
	{ "mixed_stx4", MIXED, FREED, STX(W, 7, 1, 0), 4 },
	/* poisoned stack: stack accesses are not checked, no report */
	{ "stack_ldx1", STACK, REDZONE, LDX(B, 0, 7, 0), 1 },
	{ "stack_ldx8", STACK, REDZONE, LDX(DW, 0, 7, 0), 8 },
	{ "stack_st4", STACK, REDZONE, ST(W, 7, 0, 1), 4 },
	{ "stack_stx2", STACK, FREED, STX(H, 7, 1, 0), 2 },
	{ "stack_stx8", STACK, FREED, STX(DW, 7, 1, 0), 8 },
	{ "stack_add4", STACK, REDZONE, ATOMIC(W, BPF_ADD, 7, 1, 0), 4 },
	{ "stack_xchg8", STACK, FREED, ATOMIC(DW, BPF_XCHG, 7, 1, 0), 8 },
	{ "stack_fp_ldx8", STACK, REDZONE, LDX(DW, 0, 10, -16), 8 },
	{ "stack_fp_st4", STACK, REDZONE, ST(W, 10, -16, 1), 4 },
	/*
	 * Loaded with CAP_BPF but without CAP_PERFMON (and with
	 * CONFIG_CPU_MITIGATIONS), the verifier rewrites the program against
	 * Spectre: a barrier patched in after a pointer spilled to the stack
	 * (v4), register-based pointer arithmetic masked (v1). The stack store
	 * must keep its stack-only mark through the patch (a lost mark means a
	 * check and a report of the poisoned stack); the map accesses, moved
	 * by the masking patched in before them, must stay checked.
	 */
	{ "unpriv_spill8", STACK, REDZONE, STX(DW, 7, 6, 0), 8, .unpriv = 1 },
	{ "unpriv_oob_ldx8", MAP, REDZONE, LDX(DW, 0, 7, 0), 8, .unpriv = 1 },
	{ "unpriv_uaf_stx4", MAP, FREED, STX(W, 7, 1, 0), 4, .unpriv = 1 },
	/*
	 * The access is the first insn of a bpf-to-bpf callee, which the JIT
	 * compiles as a prog of its own with its slice of the marks: the
	 * caller's insn 0 is a mov (no mark, checked), so a slice that did not
	 * start at the callee would check the stack store and report it.
	 */
	{ "sub_oob_ldx8", MAP, REDZONE, LDX(DW, 0, 1, 0), 8, .sub = 1 },
	{ "sub_uaf_st4", MAP, FREED, ST(W, 1, 0, 1), 4, .sub = 1 },
	{ "sub_stack_st8", STACK, REDZONE, ST(DW, 1, 0, 1), 8, .sub = 1 },
};

/* r0 = map value or exit */
static int emit_lookup(struct bpf_insn *p)
{
	struct bpf_insn code[] = {
		ST(W, 10, -4, 0),
		MOV64_REG(2, 10),
		ADD64_IMM(2, -4),
		LD_MAP_FD(1, map_fd),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(0, 0, 1),
		JA(1),
		EXIT(),			/* r0 == 0 */
	};

	memcpy(p, code, sizeof(code));
	return sizeof(code) / sizeof(code[0]);
}

/* bpf_kasan_test_poison(r6, 16, how) */
static int emit_poison(struct bpf_insn *p, int how)
{
	p[0] = MOV64_REG(1, 6);
	p[1] = MOV64_IMM(2, 16);
	p[2] = MOV64_IMM(3, how);
	p[3] = CALL(BPF_FUNC_KASAN_TEST_POISON);
	return 4;
}

static int build(const struct test *t, struct bpf_insn *p)
{
	int n = 0, call = 0;

	p[n++] = MOV64_REG(9, 1);		/* r9 = ctx */
	p[n++] = ST(DW, 10, -16, 0);
	p[n++] = ST(DW, 10, -8, 0);
	if (t->kind == STACK) {
		p[n++] = MOV64_REG(6, 10);	/* r6 = fp - 16 */
		p[n++] = ADD64_IMM(6, -16);
	} else {
		n += emit_lookup(p + n);
		p[n++] = MOV64_REG(6, 0);
		p[n++] = ADD64_IMM(6, 32);	/* r6 = value + 32 */
	}
	p[n++] = MOV64_REG(7, 6);
	if (t->kind == MIXED) {
		/* skb->len is 64: at run time r7 stays the map value */
		p[n++] = LDX(W, 2, 9, 0);
		p[n++] = JGT_IMM(2, 1000, 1);
		p[n++] = JA(2);
		p[n++] = MOV64_REG(7, 10);
		p[n++] = ADD64_IMM(7, -16);
	}
	if (t->how != UNPOISON)
		n += emit_poison(p + n, t->how);
	if (t->off)
		p[n++] = ADD64_IMM(7, t->off);
	if (t->unpriv && t->kind == MAP) {
		/* r7 += r8 (0): masked without CAP_PERFMON */
		p[n++] = MOV64_IMM(8, 0);
		p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_X, 7, 8, 0, 0);
	}
	p[n++] = MOV64_IMM(0, 0);
	p[n++] = MOV64_IMM(1, 0x5a);
	if (t->sub) {
		p[n++] = MOV64_REG(1, 7);
		call = n;
		p[n++] = CALL_SUB(0);	/* to the callee, below */
	} else {
		access_idx = n;
		p[n++] = t->access;
	}
	/* without CAP_PERFMON a helper may not read a spilled pointer */
	if (t->unpriv && t->kind == STACK)
		p[n++] = ST(DW, 10, -16, 0);
	if (t->how != UNPOISON)
		n += emit_poison(p + n, UNPOISON);
	p[n++] = MOV64_IMM(0, 0);
	p[n++] = EXIT();
	if (t->sub) {
		p[call].imm = n - call - 1;
		p[n++] = t->access;
		p[n++] = MOV64_IMM(0, 0);
		p[n++] = EXIT();
	}
	return n;
}

/* Keep CAP_BPF, drop CAP_SYS_ADMIN and CAP_PERFMON from the effective set */
static int drop_to_cap_bpf(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(__NR_capget, &h, d))
		return -1;
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	d[38 / 32].effective &= ~(1u << (38 % 32));	/* CAP_PERFMON */
	return syscall(__NR_capset, &h, d);
}

/* The lengths of the verifier's output and of the JIT image of fd */
static int prog_lens(int fd, unsigned int *xlated, unsigned int *jited)
{
	struct bpf_prog_info info;
	union bpf_attr a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a))
		return -1;
	if (xlated)
		*xlated = info.xlated_prog_len;
	if (jited)
		*jited = info.jited_prog_len;
	return 0;
}

/* Does the JIT image of fd contain an lfence (a BPF_ST | BPF_NOSPEC)? */
static int jit_has_lfence(int fd)
{
	static unsigned char image[8192];
	struct bpf_prog_info info;
	union bpf_attr a;
	__u32 i;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	info.jited_prog_len = sizeof(image);
	info.jited_prog_insns = (uintptr_t)image;
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) || !info.jited_prog_len ||
	    info.jited_prog_len > sizeof(image))
		return -1;
	for (i = 0; i + 2 < info.jited_prog_len; i++)
		if (image[i] == 0x0f && image[i + 1] == 0xae && image[i + 2] == 0xe8)
			return 1;
	return 0;
}

/* Print the JIT image of a program in hex, for the host to disassemble */
static void dump_jit(const char *name, int fd)
{
	static unsigned char image[4096];
	struct bpf_prog_info info;
	union bpf_attr a;
	__u32 i;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	info.jited_prog_len = sizeof(image);
	info.jited_prog_insns = (uintptr_t)image;
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) || info.jited_prog_len > sizeof(image))
		return;
	printf("bpfkasan-kernel-jit: %s ", name);
	for (i = 0; i < info.jited_prog_len; i++)
		printf("%02x", image[i]);
	printf("\n");
}

static void run_test_priv(const struct test *t, unsigned int priv_xlated);

/*
 * The program of t loaded with every capability: the length of the
 * verifier's output, which the unprivileged load must exceed (else no
 * Spectre rewrite happened and the test proves nothing).
 */
static unsigned int priv_xlated_len(const struct test *t)
{
	struct bpf_insn insns[64];
	unsigned int len = 0;
	int fd;

	fd = load(t->name, insns, build(t, insns));
	if (fd >= 0) {
		prog_lens(fd, &len, NULL);
		close(fd);
	}
	return len;
}

static void run_test(const struct test *t)
{
	pid_t pid;
	int status;

	if (!t->unpriv) {
		run_test_priv(t, 0);
		return;
	}
	/* The child drops its capabilities; the parent keeps them */
	fflush(stdout);
	status = failures;
	pid = fork();
	if (pid == 0) {
		unsigned int priv = priv_xlated_len(t);

		if (!priv)
			result(t->name, "privileged load failed");
		else if (drop_to_cap_bpf())
			result(t->name, "capset: %s", strerror(errno));
		else
			run_test_priv(t, priv);
		fflush(stdout);
		_exit(failures != status);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		result(t->name, "child failed");
	else if (WEXITSTATUS(status))
		failures++;
}

static void run_test_priv(const struct test *t, unsigned int priv_xlated)
{
	struct bpf_insn insns[64];
	int expect = !expect_none && t->kind != STACK && t->how != UNPOISON &&
		     !(t->off && t->off <= -t->size);
	const char *bug = t->how == FREED ? "slab-use-after-free" : "slab-out-of-bounds";
	int is_write = BPF_CLASS(t->access.code) != BPF_LDX;
	char want[64], where[64];
	struct reports r;
	int fd, err, n;

	n = build(t, insns);
	fd = load(t->name, insns, n);
	if (fd < 0) {
		result(t->name, "load: %s", strerror(errno));
		return;
	}
	if (!strcmp(t->name, "oob_ldx4"))
		dump_jit(t->name, fd);
	if (t->unpriv) {
		unsigned int xlated = 0;

		prog_lens(fd, &xlated, NULL);
		if (xlated <= priv_xlated) {
			close(fd);
			result(t->name, "%u insn bytes unprivileged, %u privileged: no Spectre "
			       "rewrite, the test proves nothing", xlated, priv_xlated);
			return;
		}
		if (t->kind == STACK && jit_has_lfence(fd) != 1) {
			close(fd);
			result(t->name, "no Spectre v4 barrier in the image: the test proves nothing");
			return;
		}
		printf("bpfkasan-kernel-unpriv: %s xlated %u bytes, %u privileged\n",
		       t->name, xlated, priv_xlated);
	}
	drain(&r);
	err = run(fd, 1, NULL);
	close(fd);
	if (err) {
		result(t->name, "test run: %s", strerror(-err));
		return;
	}
	drain(&r);
	snprintf(want, sizeof(want), "%s of size %d", is_write ? "Write" : "Read", t->size);
	/* kallsyms names a callee without BTF bpf_prog_TAG_F */
	snprintf(where, sizeof(where), "_%s+", t->sub ? "F" : t->name);
	if (r.n != expect)
		result(t->name, "%d KASAN reports, expected %d (first: %s %s; %s)",
		       r.n, expect, r.bug, r.where, r.access);
	else if (expect && strcmp(r.bug, bug))
		result(t->name, "report is \"%s\", expected \"%s\"", r.bug, bug);
	else if (expect && strcmp(r.access, want))
		result(t->name, "report says \"%s\", expected \"%s\"", r.access, want);
	else if (expect && (strncmp(r.where, "bpf_prog_", 9) || !strstr(r.where, where)))
		result(t->name, "report is in \"%s\", not in the program", r.where);
	else
		result(t->name, "");
}

/* BPF_PROG_LOAD as Linux 6.12 with the series knows it */
struct prog_load_attr {
	__u32 prog_type, insn_cnt;
	__u64 insns, license;
	__u32 log_level, log_size;
	__u64 log_buf;
	__u32 kern_version, prog_flags;
	char prog_name[16];
	__u32 prog_ifindex, expected_attach_type, prog_btf_fd, func_info_rec_size;
	__u64 func_info;
	__u32 func_info_cnt, line_info_rec_size;
	__u64 line_info;
	__u32 line_info_cnt, attach_btf_id, attach_prog_fd, core_relo_cnt;
	__u64 fd_array, core_relos;
	__u32 core_relo_rec_size, log_true_size;
	__s32 prog_token_fd;
	__u32 kasan_elide_cnt;
	__u64 kasan_elide_insns;
};

static int load_hinted(const char *name, const struct bpf_insn *insns, int cnt,
		       const __u32 *hints, __u32 nhints)
{
	struct prog_load_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = cnt;
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)log_buf;
	a.log_size = sizeof(log_buf);
	a.log_level = 1;
	snprintf(a.prog_name, sizeof(a.prog_name), "%s", name);
	a.kasan_elide_cnt = nhints;
	a.kasan_elide_insns = (uintptr_t)hints;
	log_buf[0] = 0;
	return syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
}

static unsigned int jited_len(int fd)
{
	unsigned int len = 0;

	prog_lens(fd, NULL, &len);
	return len;
}

/*
 * Elision hints: the out-of-bounds load of oob_ldx8, hinted as proven, gets
 * no check (a shorter image) and no report; bad hints are refused.
 */
#define NHINT_TESTS 6

/* A hint that BPF_PROG_LOAD must refuse with errno want and a log line */
static void hint_refused(const char *name, const struct bpf_insn *insns, int n,
			 __u32 hint, int want)
{
	int fd = load_hinted(name, insns, n, &hint, 1);

	if (fd >= 0) {
		close(fd);
		result(name, "bad hint %u accepted", hint);
	} else if (errno != want) {
		result(name, "refused with %s, not %s", strerror(errno), strerror(want));
	} else if (!strstr(log_buf, "KASAN elision hint")) {
		result(name, "no message in the verifier log");
	} else {
		char *nl = strstr(log_buf, "KASAN elision hint");

		result(name, "");
		printf("bpfkasan-kernel-hint: %s: %.*s\n", name, (int)strcspn(nl, "\n"), nl);
	}
}

static void hint_tests(void)
{
	static const struct test t = { "hint_ldx8", MAP, REDZONE, LDX(DW, 0, 7, 0), 8 };
	static const struct test at = { "hint_atomic", MAP, REDZONE,
					ATOMIC(DW, BPF_ADD, 7, 1, 0), 8 };
	static const char *const names[] = {
		"hint_ldx8", "hint_range", "hint_not_mem", "hint_atomic",
		"hint_ringbuf", "hint_unpriv",
	};
	struct bpf_insn insns[64];
	unsigned int plain, hinted;
	struct reports r;
	__u32 hint;
	int n, fd, fd2, i, err;

	if (baseline) {
		for (i = 0; i < NHINT_TESTS; i++)
			printf("bpfkasan-kernel-test: %s ok (skipped: no hints without the series)\n",
			       names[i]);
		return;
	}

	n = build(&t, insns);
	hint = access_idx;
	fd = load("plain_ldx8", insns, n);
	fd2 = load_hinted(t.name, insns, n, &hint, 1);
	if (fd < 0 || fd2 < 0) {
		result(t.name, "load: %s: %s", strerror(errno), log_buf);
	} else {
		plain = jited_len(fd);
		hinted = jited_len(fd2);
		drain(&r);
		err = run(fd2, 1, NULL);
		drain(&r);
		if (err)
			result(t.name, "test run: %s", strerror(-err));
		else if (r.n)
			result(t.name, "%d KASAN reports for an elided access", r.n);
		else if (!expect_none && hinted >= plain)
			result(t.name, "JIT image %u bytes with the hint, %u without", hinted, plain);
		else
			result(t.name, "");
		printf("bpfkasan-kernel-hint: jited_len plain=%u hinted=%u\n", plain, hinted);
	}
	if (fd >= 0)
		close(fd);
	if (fd2 >= 0)
		close(fd2);

	for (i = 1; i < 4; i++) {
		const struct test *tt = i == 3 ? &at : &t;

		n = build(tt, insns);
		hint = i == 1 ? (__u32)n + 5 : i == 2 ? 0 : (__u32)access_idx;
		hint_refused(names[i], insns, n, hint, EINVAL);
	}

	/*
	 * A store to ring buffer memory (PTR_TO_MEM from a helper, which the
	 * program does not own): the program loads, the hint on it does not.
	 */
	{
		struct bpf_insn rb[] = {
			LD_MAP_FD(1, ringbuf_fd),
			MOV64_IMM(2, 8),
			MOV64_IMM(3, 0),
			CALL(BPF_FUNC_ringbuf_reserve),
			JEQ_IMM(0, 0, 4),
			ST(DW, 0, 0, 1),	/* insn 6: the hint */
			MOV64_REG(1, 0),
			MOV64_IMM(2, 0),
			CALL(BPF_FUNC_ringbuf_submit),
			MOV64_IMM(0, 0),
			EXIT(),
		};
		int cnt = sizeof(rb) / sizeof(rb[0]);

		fd = load(names[4], rb, cnt);
		if (fd < 0) {
			result(names[4], "the program without hints does not load: %s",
			       strerror(errno));
		} else {
			close(fd);
			hint_refused(names[4], rb, cnt, 6, EINVAL);
		}
	}

	/* A valid hint from a task without CAP_SYS_ADMIN: EPERM */
	{
		pid_t pid;
		int status, before = failures;

		n = build(&t, insns);
		hint = access_idx;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			if (drop_to_cap_bpf())
				result(names[5], "capset: %s", strerror(errno));
			else
				hint_refused(names[5], insns, n, hint, EPERM);
			fflush(stdout);
			_exit(failures != before);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			result(names[5], "child failed");
		else if (WEXITSTATUS(status))
			failures++;
	}
}

/*
 * A synthetic benchmark: 32 loads and 16 stores to a map value per run, the
 * shape of a parser filling a struct, run many times by BPF_PROG_TEST_RUN.
 */
static void bench(void)
{
	struct bpf_insn p[256];
	unsigned int duration;
	int n = 0, i, fd;

	n += emit_lookup(p);
	for (i = 0; i < 16; i++) {
		p[n++] = LDX(DW, 1, 0, (i % 8) * 8);
		p[n++] = LDX(W, 2, 0, (i % 8) * 8 + 4);
		p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0, 0);
		p[n++] = STX(DW, 0, 1, ((i + 1) % 8) * 8);
	}
	p[n++] = MOV64_IMM(0, 0);
	p[n++] = EXIT();
	fd = load("bench_map48", p, n);
	if (fd < 0 || run(fd, 200000, &duration)) {
		result("bench_map48", "could not run");
		return;
	}
	printf("bpfkasan-kernel-bench: bench_map48 ns_per_run=%u\n", duration);
	close(fd);
}

int main(void)
{
	union bpf_attr a;
	char cmdline[1024] = "";
	size_t i;
	int fd;

	fd = open("/proc/cmdline", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, cmdline, sizeof(cmdline) - 1);

		cmdline[n > 0 ? n : 0] = 0;
		close(fd);
	}
	expect_none = strstr(cmdline, "bpfkasan.expect=none") != NULL;
	baseline = strstr(cmdline, "bpfkasan.baseline") != NULL;
	printf("bpfkasan-kernel-tests: expecting %s\n", expect_none ? "no reports" : "reports");

	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg_fd < 0) {
		perror("/dev/kmsg");
		return 1;
	}
	lseek(kmsg_fd, 0, SEEK_END);

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 64;
	a.max_entries = 1;
	map_fd = sys_bpf(BPF_MAP_CREATE, &a);
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_RINGBUF;
	a.max_entries = 4096;
	ringbuf_fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (map_fd < 0 || ringbuf_fd < 0) {
		perror("BPF_MAP_CREATE");
		return 1;
	}

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		run_test(&tests[i]);
	hint_tests();
	bench();
	printf("bpfkasan-kernel-tests: %zu tests, %d failed\n",
	       sizeof(tests) / sizeof(tests[0]) + NHINT_TESTS, failures);
	return failures != 0;
}
