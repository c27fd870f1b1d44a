// SPDX-License-Identifier: MIT
/*
 * The linking oracle: what libbpf 1.1 itself sends to a kernel.
 *
 * libbpf links programs only inside bpf_object__load(), which talks to the
 * kernel through syscall(__NR_bpf, ...).  This program defines syscall(),
 * which the dynamic linker binds libbpf.so's calls to, and plays a kernel
 * that accepts everything: maps and BTF get memfd descriptors, every
 * BPF_PROG_LOAD is recorded.  Then each recorded program is compared,
 * instruction by instruction, with what obj_open() produced, map fds
 * translated back to map indices.
 *
 * usage: libbpf_oracle [--btf FILE] OBJ...
 * Prints one line per program and "N passed, M failed".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "object.h"

#define MAX_FDS 4096
#define MAX_LOADS 256

struct loaded {
	char name[BPF_OBJ_NAME_LEN];
	struct bpf_insn *insns;
	uint32_t cnt;
	bool used;
};

static char fd_map_name[MAX_FDS][BPF_OBJ_NAME_LEN]; /* fake fd -> map name */
static struct loaded loads[MAX_LOADS];
static int load_cnt;

static long real_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/* A descriptor libbpf can close and mmap: a memfd big enough for any map. */
static int fake_fd(void)
{
	int fd = (int)real_syscall(SYS_memfd_create, (long)"bpf-oracle", 0, 0, 0, 0, 0);

	if (fd >= 0 && ftruncate(fd, 1 << 20)) {
		close(fd);
		return -1;
	}
	return fd;
}

static long fake_bpf(int cmd, union bpf_attr *attr)
{
	int fd;

	switch (cmd) {
	case BPF_MAP_CREATE:
		fd = fake_fd();
		if (fd >= 0 && fd < MAX_FDS)
			memcpy(fd_map_name[fd], attr->map_name, BPF_OBJ_NAME_LEN);
		return fd;
	case BPF_PROG_LOAD:
		if (load_cnt < MAX_LOADS && attr->insn_cnt) {
			struct loaded *l = &loads[load_cnt++];

			memcpy(l->name, attr->prog_name, BPF_OBJ_NAME_LEN);
			l->used = false;
			l->cnt = attr->insn_cnt;
			l->insns = malloc(l->cnt * sizeof(struct bpf_insn));
			if (l->insns)
				memcpy(l->insns, (void *)(unsigned long)attr->insns,
				       l->cnt * sizeof(struct bpf_insn));
		}
		return fake_fd();
	case BPF_BTF_LOAD:
	case BPF_LINK_CREATE:
	case BPF_RAW_TRACEPOINT_OPEN:
		return fake_fd();
	case BPF_OBJ_GET: /* nothing is pinned in this kernel */
	case BPF_BTF_GET_NEXT_ID:
	case BPF_MAP_GET_NEXT_ID:
	case BPF_PROG_GET_NEXT_ID:
	case BPF_BTF_GET_FD_BY_ID:
		errno = ENOENT;
		return -1;
	default: /* map updates, freeze, info queries: accept */
		return 0;
	}
}

long syscall(long nr, ...)
{
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_bpf)
		return fake_bpf((int)a[0], (union bpf_attr *)a[1]);
	return real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && getenv("ORACLE_VERBOSE"))
		vfprintf(stderr, fmt, ap);
	return 0;
}

/*
 * Programs libbpf 1.1 cannot load without a real kernel: those it resolves an
 * attach target for in the running kernel's BTF, and those whose section
 * name it does not know (newer than 1.1: tcx/, netfilter, ...).
 */
static bool loadable_type(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_UNSPEC:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return false;
	default:
		return true;
	}
}

static bool compared(const struct obj_prog *p)
{
	return loadable_type(p->type);
}

/* Map fds back to our map indices, by the name libbpf gave the kernel. */
static int map_index_of(const struct obj *o, int fd)
{
	if (fd < 0 || fd >= MAX_FDS)
		return -1;
	for (size_t i = 0; i < o->map_cnt; i++)
		if (!strncmp(o->maps[i].name, fd_map_name[fd], BPF_OBJ_NAME_LEN - 1))
			return (int)i;
	return -1;
}

static int compare(const struct obj *o, const struct obj_prog *p, const struct loaded *l)
{
	if (l->cnt != p->insn_cnt) {
		printf("FAIL %s %s: libbpf loads %u insns, bpfkasan has %zu\n", o->path, p->name,
		       l->cnt, p->insn_cnt);
		return 1;
	}
	for (uint32_t i = 0; i < l->cnt; i++) {
		struct bpf_insn want = l->insns[i];
		const struct bpf_insn *got = &p->insns[i];

		if (isa_is_ld_imm64(&want) && (want.src_reg == BPF_PSEUDO_MAP_FD ||
					       want.src_reg == BPF_PSEUDO_MAP_VALUE))
			want.imm = map_index_of(o, want.imm);
		if (getenv("ORACLE_VERBOSE") && isa_is_ld_imm64(&l->insns[i]) && l->insns[i].src_reg)
			fprintf(stderr, "insn %u: fd %d map '%s'\n", i, l->insns[i].imm,
				l->insns[i].imm >= 0 && l->insns[i].imm < MAX_FDS ? fd_map_name[l->insns[i].imm] : "?");
		if (memcmp(&want, got, sizeof(want))) {
			printf("FAIL %s %s: insn %u: libbpf %02x %x %x %d %d, bpfkasan %02x %x %x %d %d\n",
			       o->path, p->name, i, want.code, want.dst_reg, want.src_reg, want.off,
			       want.imm, got->code, got->dst_reg, got->src_reg, got->off, got->imm);
			return 1;
		}
	}
	printf("ok   %s %s: %u insns identical\n", o->path, p->name, l->cnt);
	return 0;
}

/* This kernel has no BPF FS and no functions to attach to; load everything else. */
static void prepare(struct bpf_object *lbo)
{
	struct bpf_program *p;
	struct bpf_map *m;

	bpf_object__for_each_map(m, lbo)
		bpf_map__set_pin_path(m, NULL);
	/* SEC("?...") programs too: bpfkasan links every program. */
	bpf_object__for_each_program(p, lbo)
		bpf_program__set_autoload(p, loadable_type(bpf_program__type(p)));
}

static int check_object(const char *path, const char *btf, int *passed, int *failed)
{
	LIBBPF_OPTS(bpf_object_open_opts, lopts, .btf_custom_path = btf);
	/* Without --btf both sides use the running kernel's BTF, if any. */
	struct obj_opts opts = { .btf_path = btf };
	struct bpf_object *lbo;
	struct obj *o;
	char err[512];
	int ret;

	load_cnt = 0;
	if (obj_open(path, &opts, &o, err, sizeof(err))) {
		printf("FAIL %s: bpfkasan: %s\n", path, err);
		(*failed)++;
		return 0;
	}
	lbo = bpf_object__open_file(path, &lopts);
	if (lbo)
		prepare(lbo);
	ret = lbo ? bpf_object__load(lbo) : -errno;
	if (ret) {
		printf("FAIL %s: libbpf cannot load it here (%d)\n", path, ret);
		(*failed)++;
	}
	for (size_t i = 0; !ret && i < o->prog_cnt; i++) {
		const struct obj_prog *p = &o->progs[i];
		const struct loaded *l = NULL;

		/* bpfkasan knows some sections libbpf 1.1 does not (tcx/, netfilter) */
		struct bpf_program *lp = bpf_object__find_program_by_name(lbo, p->name);
		bool unknown_sec = !lp || bpf_program__type(lp) == BPF_PROG_TYPE_UNSPEC;

		if (!compared(p) || unknown_sec) {
			printf("gap  %s %s: not compared, libbpf 1.1 %s\n", path, p->name,
			       unknown_sec ? "does not know its section" : "needs a live kernel's attach target");
			continue;
		}
		/* libbpf loads in program order; names are cut to 15 characters. */
		for (int k = 0; k < load_cnt && !l; k++)
			if (!loads[k].used && !strncmp(loads[k].name, p->name, BPF_OBJ_NAME_LEN - 1))
				l = &loads[k];
		if (l)
			((struct loaded *)l)->used = true;
		if (!l) {
			printf("FAIL %s %s: libbpf loaded no such program\n", path, p->name);
			(*failed)++;
			continue;
		}
		if (compare(o, p, l))
			(*failed)++;
		else
			(*passed)++;
	}
	for (int k = 0; k < load_cnt; k++)
		free(loads[k].insns);
	bpf_object__close(lbo);
	obj_free(o);
	return 0;
}

int main(int argc, char **argv)
{
	const char *btf = NULL;
	int passed = 0, failed = 0, i = 1;

	libbpf_set_print(silent);
	if (argc > 2 && !strcmp(argv[1], "--btf")) {
		btf = argv[2];
		i = 3;
	}
	for (; i < argc; i++)
		check_object(argv[i], btf, &passed, &failed);
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
