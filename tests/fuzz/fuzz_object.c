// SPDX-License-Identifier: MIT
/* libFuzzer target: the object loader on arbitrary bytes must return an
 * error or a linked object, never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>

#include "object.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obj_opts opts = { .no_kernel_btf = true };
	char err[512];
	struct obj *o;

	libbpf_set_print(quiet);
	if (obj_open_mem(data, size, "fuzz.o", &opts, &o, err, sizeof(err)) == 0) {
		/* Touch what consumers read. */
		for (size_t i = 0; i < o->prog_cnt; i++)
			for (size_t j = 0; j < o->progs[i].insn_cnt; j++)
				(void)isa_access_size(&o->progs[i].insns[j]);
		obj_free(o);
	}
	return 0;
}
