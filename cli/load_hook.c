// SPDX-License-Identifier: MIT
/*
 * cli/load_hook: attach KASAN elision hints to the BPF_PROG_LOAD calls
 * libbpf makes.
 *
 * bpfkasan load lets libbpf 1.1 load the object (bpf_object__load(): maps
 * created and filled, global data frozen, BTF, func and line info, map
 * fds in the ld_imm64s), which is what a user's loader does.  libbpf 1.1
 * builds its union bpf_attr itself and has no field for the hints, so this
 * executable defines syscall(): libbpf calls it through the PLT, and the
 * executable's definition wins over libc's.  Everything but the matching
 * BPF_PROG_LOAD is passed on unchanged.
 *
 * The hints are indices into the analysed instructions (struct obj_prog,
 * which object/ links as libbpf's bpf_object__relocate() does: subprograms
 * appended after the entry program).  The kernel reads them as indices
 * into the array BPF_PROG_LOAD receives, before any rewrite of its own
 * (patch 0004: apply_kasan_hints() runs right after do_check()).  So the
 * two arrays must be the same: the hook compares them instruction by
 * instruction (map fds aside) and attaches nothing when they differ.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kasan_uapi.h"
#include "load.h"

static struct load_hook_prog *hook_progs;
static unsigned hook_cnt;

void load_hook_arm(struct load_hook_prog *progs, unsigned cnt)
{
	hook_progs = progs;
	hook_cnt = cnt;
}

void load_hook_disarm(void)
{
	hook_progs = NULL;
	hook_cnt = 0;
}

typedef long (*syscall_fn)(long, ...);

static long real_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	static syscall_fn real;

	if (!real)
		real = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(nr, a, b, c, d, e, f);
}

long load_sys_bpf(int cmd, void *attr, unsigned size)
{
	return real_syscall6(__NR_bpf, cmd, (long)attr, size, 0, 0, 0);
}

/* An ld_imm64's first half whose imm the loader fills (a map fd, a BTF id) */
static bool loader_imm(const struct bpf_insn *i)
{
	return i->code == (BPF_LD | BPF_IMM | BPF_DW) && i->src_reg != 0;
}

/*
 * The first insn where the loaded array differs from the analysed one, or
 * -1.  Map references differ by design (object/ keeps the map's index
 * where libbpf puts its fd: object.h), and so do kfunc BTF ids.
 */
static int first_mismatch(const struct obj_prog *p, const struct bpf_insn *insns, __u32 cnt)
{
	for (__u32 i = 0; i < cnt && i < p->insn_cnt; i++) {
		const struct bpf_insn *a = &p->insns[i], *b = &insns[i];

		if (a->code != b->code || a->dst_reg != b->dst_reg || a->src_reg != b->src_reg)
			return (int)i;
		if (loader_imm(a) || (a->code == (BPF_JMP | BPF_CALL) &&
				      a->src_reg == BPF_PSEUDO_KFUNC_CALL))
			continue;
		if (a->off != b->off || a->imm != b->imm)
			return (int)i;
	}
	return cnt == p->insn_cnt ? -1 : (int)(cnt < p->insn_cnt ? cnt : p->insn_cnt);
}

/* The program attr loads: by name (the kernel keeps 15 bytes), else by content */
static struct load_hook_prog *find_prog(const struct bpfkasan_prog_load_attr *attr)
{
	const struct bpf_insn *insns = (const struct bpf_insn *)(uintptr_t)attr->insns;
	struct load_hook_prog *by_content = NULL;

	for (unsigned k = 0; k < hook_cnt; k++) {
		struct load_hook_prog *h = &hook_progs[k];

		if (h->p->type != attr->prog_type)
			continue;
		if (attr->prog_name[0]) {
			if (!strncmp(h->p->name, attr->prog_name, sizeof(attr->prog_name) - 1))
				return h;
		} else if (!by_content && first_mismatch(h->p, insns, attr->insn_cnt) < 0) {
			by_content = h;
		}
	}
	return by_content;
}

/* Keep the verifier's line about the hints, if the load wrote a log */
static void keep_log_line(struct load_hook_prog *h, const struct bpfkasan_prog_load_attr *a)
{
	const char *log = (const char *)(uintptr_t)a->log_buf, *line;

	if (!log || !a->log_size)
		return;
	line = memmem(log, strnlen(log, a->log_size), "KASAN elision hint", 18);
	if (line)
		snprintf(h->log_line, sizeof(h->log_line), "%.*s", (int)strcspn(line, "\n"), line);
}

static long hinted_prog_load(union bpf_attr *uattr, unsigned size)
{
	struct bpfkasan_prog_load_attr a;
	struct load_hook_prog *h;
	long ret;

	memset(&a, 0, sizeof(a));
	memcpy(&a, uattr, size < sizeof(a) ? size : sizeof(a));
	h = find_prog(&a);
	if (!h || !h->hint_cnt || size > offsetof(struct bpfkasan_prog_load_attr, kasan_elide_cnt))
		return load_sys_bpf(BPF_PROG_LOAD, uattr, size);
	h->seen = true;
	h->mismatch = first_mismatch(h->p, (const struct bpf_insn *)(uintptr_t)a.insns,
				     a.insn_cnt);
	if (h->mismatch >= 0)
		return load_sys_bpf(BPF_PROG_LOAD, uattr, size);
	a.kasan_elide_cnt = h->hint_cnt;
	a.kasan_elide_insns = (uintptr_t)h->hints;
	ret = load_sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	h->passed = true;
	h->err = ret < 0 ? errno : 0;
	if (ret < 0)
		keep_log_line(h, &a);
	/* what the kernel wrote back (log_true_size), within the caller's size */
	memcpy(uattr, &a, size);
	return ret;
}

long syscall(long nr, ...)
{
	long arg[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		arg[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && hook_cnt && arg[0] == BPF_PROG_LOAD && arg[1])
		return hinted_prog_load((union bpf_attr *)arg[1], (unsigned)arg[2]);
	return real_syscall6(nr, arg[0], arg[1], arg[2], arg[3], arg[4], arg[5]);
}
