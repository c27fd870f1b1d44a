// SPDX-License-Identifier: MIT
/*
 * kdisasm_driver FILE...: like ourdisasm_driver, but printing with the
 * kernel's own print_bpf_insn() (kernel/bpf/disasm.c, built in userspace
 * by kernel-disasm-oracle.sh against the 6.12 UAPI header), with no
 * callbacks and allow_ptr_leaks = true.  Never built by meson.
 *
 * Where the kernel printer passes a NULL table entry to "%s", glibc prints
 * "(null)", as the kernel's own vsnprintf does: the output is the kernel's.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include "disasm.h"
#include "insn_files.h"

static char line[256];

static void print_to_line(void *private_data, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	(void)private_data;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	len = strlen(line);
	if (len && line[len - 1] == '\n')
		line[len - 1] = '\0';
}

/*
 * LDX | MEMSX | DW makes print_bpf_insn() index bpf_ldsx_string[] past its
 * end (undefined behaviour): say so instead of calling it.  Listed in
 * known-differences.txt.
 */
static bool kernel_printer_is_undefined(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LDX | BPF_MEMSX | BPF_DW);
}

static int print_section(void *ctx, const char *file, const char *section,
			 const void *data, size_t size)
{
	const struct bpf_insn_cbs cbs = { .cb_print = print_to_line };
	size_t n = size / sizeof(struct bpf_insn), i;
	struct bpf_insn *insns = malloc(size ? size : 1);

	(void)ctx;
	if (!insns)
		return -1;
	memcpy(insns, data, size);
	for (i = 0; i < n; i++) {
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 == n)
			snprintf(line, sizeof(line), "%s", INSN_FILES_CUT_SHORT);
		else if (kernel_printer_is_undefined(&insns[i]))
			snprintf(line, sizeof(line), "<not printed: undefined in the kernel>");
		else
			print_bpf_insn(&cbs, &insns[i], true);
		printf("%s:%s:%zu\t%02x\t%s\n", file, section, i, insns[i].code, line);
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
	free(insns);
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (insn_files_walk(argv[i], print_section, NULL))
			return 1;
	return fflush(stdout) ? 1 : 0;
}
