// SPDX-License-Identifier: MIT
/* LSM programs: their context and return range come from the hook's BTF
 * in the kernel (bpf_lsm_file_open), which bpfkasan takes from --btf. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct file;

SEC("lsm/file_open")
int BPF_PROG(allow_open, struct file *file)
{
	return 0;
}

/* LSM hooks return 0 or a negative errno: 1 is refused. */
SEC("lsm/file_open")
int BPF_PROG(bad_retval, struct file *file)
{
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
