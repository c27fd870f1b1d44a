/* SPDX-License-Identifier: MIT */
/*
 * Test support shared by the two disassembly drivers (ours and the
 * kernel's): finds the instructions of BPF ELF objects or raw files.
 * Deals in bytes only, so it builds against either <linux/bpf.h>.
 */
#ifndef BPFKASAN_TESTS_INSN_FILES_H
#define BPFKASAN_TESTS_INSN_FILES_H

#include <stddef.h>

/* What both drivers print for an ld_imm64 whose second half is missing. */
#define INSN_FILES_CUT_SHORT "<ld_imm64 cut short>"

/* Called once per executable section (once per raw file, named "raw"). */
typedef int (*insn_section_fn)(void *ctx, const char *file, const char *section,
			       const void *data, size_t size);

/*
 * Call fn for every SHF_EXECINSTR section of the ELF64 little-endian BPF
 * object at path, or for the whole file if it is not ELF (a raw array of
 * 8-byte instructions).  Returns 0, or -1 after a message on stderr.
 */
int insn_files_walk(const char *path, insn_section_fn fn, void *ctx);

#endif
