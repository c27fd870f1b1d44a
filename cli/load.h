/* SPDX-License-Identifier: MIT */
/*
 * cli/load: what `bpfkasan load` shares between load.c (options, analysis,
 * output) and load_hook.c (the hint attribute added to libbpf's loads).
 */
#ifndef BPFKASAN_CLI_LOAD_H
#define BPFKASAN_CLI_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "object.h"

/* One program bpf_object__load() will load, and what became of its hints. */
struct load_hook_prog {
	const struct obj_prog *p;	/* as analysed: the hints index p->insns */
	const uint32_t *hints;
	uint32_t hint_cnt;
	/* filled by the hook */
	bool seen;			/* libbpf's BPF_PROG_LOAD of p went by */
	bool passed;			/* with the hints attached */
	int mismatch;			/* first insn where libbpf's differ, or -1 */
	int err;			/* errno of the last hinted load, 0 when it loaded */
	char log_line[256];		/* the verifier's "KASAN elision hint ..." line */
};

/*
 * While armed, every BPF_PROG_LOAD that goes through syscall() (libbpf's
 * way) and carries the instructions of one of progs (same type, same
 * name as far as the kernel keeps it, same insns but for map fds) gets that
 * program's hints attached.
 */
void load_hook_arm(struct load_hook_prog *progs, unsigned cnt);
void load_hook_disarm(void);

/* The raw bpf() syscall, past the hook. */
long load_sys_bpf(int cmd, void *attr, unsigned size);

#endif /* BPFKASAN_CLI_LOAD_H */
