/* SPDX-License-Identifier: MIT */
/*
 * cli/kasan_uapi.h: BPF_PROG_LOAD's attributes as Linux 6.12 with
 * kernel/patches knows them (include/uapi/linux/bpf.h after patch 0004,
 * "bpf: accept KASAN elision hints at BPF_PROG_LOAD").
 *
 * Debian 12's UAPI headers (6.1) stop at core_relo_rec_size and libbpf
 * 1.1's bpf_prog_load() stops at fd_array, so the whole layout is spelt
 * out here; the assertions pin the offsets the patched kernel reads.
 *
 * The two fields sit where later upstream kernels put fd_array_cnt (6.14)
 * and signature (6.18): only a probe (load.c, hint_probe()) tells a kernel
 * that takes hints from one that reads these bytes as something else.
 */
#ifndef BPFKASAN_CLI_KASAN_UAPI_H
#define BPFKASAN_CLI_KASAN_UAPI_H

#include <linux/types.h>
#include <stddef.h>

struct bpfkasan_prog_load_attr {
	__u32 prog_type;
	__u32 insn_cnt;
	__aligned_u64 insns;
	__aligned_u64 license;
	__u32 log_level;
	__u32 log_size;
	__aligned_u64 log_buf;
	__u32 kern_version;
	__u32 prog_flags;
	char prog_name[16];
	__u32 prog_ifindex;
	__u32 expected_attach_type;
	__u32 prog_btf_fd;
	__u32 func_info_rec_size;
	__aligned_u64 func_info;
	__u32 func_info_cnt;
	__u32 line_info_rec_size;
	__aligned_u64 line_info;
	__u32 line_info_cnt;
	__u32 attach_btf_id;
	__u32 attach_prog_fd;
	__u32 core_relo_cnt;
	__aligned_u64 fd_array;
	__aligned_u64 core_relos;
	__u32 core_relo_rec_size;
	__u32 log_true_size;
	__s32 prog_token_fd;
	/* patch 0004: CAP_SYS_ADMIN, CONFIG_BPF_JIT_KASAN */
	__u32 kasan_elide_cnt;		/* entries of kasan_elide_insns */
	__aligned_u64 kasan_elide_insns; /* __u32 insn indices, as loaded */
};

_Static_assert(offsetof(struct bpfkasan_prog_load_attr, prog_token_fd) == 144,
	       "6.12's BPF_PROG_LOAD layout");
_Static_assert(offsetof(struct bpfkasan_prog_load_attr, kasan_elide_cnt) == 148,
	       "patch 0004's kasan_elide_cnt");
_Static_assert(offsetof(struct bpfkasan_prog_load_attr, kasan_elide_insns) == 152,
	       "patch 0004's kasan_elide_insns");
_Static_assert(sizeof(struct bpfkasan_prog_load_attr) == 160,
	       "the patched union bpf_attr's size");

#endif /* BPFKASAN_CLI_KASAN_UAPI_H */
