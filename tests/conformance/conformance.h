/* SPDX-License-Identifier: MIT */
/*
 * conformance: loader for the bpf_conformance suite's .data files.
 *
 * A .data file is a list of sections, each opened by a "-- NAME" line; "#"
 * starts a comment anywhere, blank lines are ignored:
 *
 *	-- asm			the program, in isa_asm()'s syntax (isa/isa.h)
 *	-- raw			the program as 64-bit words ("0x0000000100000007",
 *				one instruction each, as a little-endian load of
 *				the 8 bytes) or as bytes ("07 00 00 00 ...")
 *	-- mem			the input memory, hex bytes ("aa bb 11")
 *	-- result		the expected r0, hex ("0x11") or decimal
 *	-- error		the runtime must reject the program; the line is
 *				the suite's expected message (may be empty)
 *	-- c			the C source the program came from (ignored)
 *	-- no register offset	a flag for the suite's runner (rest ignored)
 *
 * The suite runs a program with r1 = the start of mem (NULL if empty) and
 * r2 = its length.
 */
#ifndef BPFKASAN_CONFORMANCE_H
#define BPFKASAN_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa.h"

struct conf_test {
	char *name;		/* file name without directory and ".data" */
	struct bpf_insn *insns;	/* the program; ld_imm64 takes two slots */
	size_t insn_cnt;
	uint8_t *mem;		/* NULL when mem_len == 0 */
	size_t mem_len;
	bool has_result;
	uint64_t result;
	bool expect_error;
	char *error_text;	/* "" when the error section has no text */

	/* Beyond what a runner needs: */
	char *asm_text;		/* the asm section's lines as in the file, or NULL */
	unsigned int asm_line;	/* file line of asm_text's first line */
	bool has_raw;		/* a raw section gave insns (see conf_load()) */
	bool no_register_offset; /* the file has "-- no register offset" */
};

/*
 * Parse the .data file at `path` into *t.  The program is the raw section
 * if there is one (as the suite's runner does), else the assembled asm
 * section; when both are present they must encode the same instructions.
 * Returns 0, or a negative errno with "path:line: problem" in err (*t is
 * then empty; conf_free() on it is harmless).  A file needs a program and
 * a result or error section.
 */
int conf_load(const char *path, struct conf_test *t, char *err, size_t errlen);

/* Free what conf_load() allocated and zero *t. */
void conf_free(struct conf_test *t);

#endif /* BPFKASAN_CONFORMANCE_H */
