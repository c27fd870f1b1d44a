// SPDX-License-Identifier: MIT
/*
 * ourdisasm_driver FILE...: print every instruction of BPF objects (or raw
 * instruction files) with isa_disasm(), one line per instruction:
 *	FILE:SECTION:INDEX <TAB> OPCODE <TAB> TEXT
 * kdisasm_driver prints the same with the kernel's printer; the oracle
 * test diffs the two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn_files.h"
#include "isa.h"

static int print_section(void *ctx, const char *file, const char *section,
			 const void *data, size_t size)
{
	size_t n = size / sizeof(struct bpf_insn), i = 0;
	struct bpf_insn *insns = malloc(size ? size : 1);
	char text[256];
	int used;

	(void)ctx;
	if (!insns)
		return -1;
	memcpy(insns, data, size);
	while (i < n) {
		used = isa_disasm(&insns[i], n - i, NULL, true, text, sizeof(text));
		printf("%s:%s:%zu\t%02x\t%s\n", file, section, i, insns[i].code,
		       used < 0 ? INSN_FILES_CUT_SHORT : text);
		i += used < 0 ? 1 : (size_t)used;
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
