// SPDX-License-Identifier: MIT
/* Global data of every kind: .data, .rodata, .bss, a custom .data.* section,
 * string literals, a kconfig extern. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int LINUX_KERNEL_VERSION __kconfig;

__u64 data_var = 7;
const volatile __u32 ro_var = 3;
__u32 bss_arr[16];
__u32 custom_var SEC(".data.custom") = 11;

SEC("kprobe/do_nanosleep")
int kp(void *ctx)
{
	__u32 i = bss_arr[0] & 15;

	bss_arr[i] = ro_var + (__u32)data_var + custom_var;
	data_var = LINUX_KERNEL_VERSION;
	bpf_printk("seen %u", i);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
