// SPDX-License-Identifier: MIT
/*
 * Unit tests of the object model on BPF programs compiled at build time
 * (tests/progs), and of its errors on malformed objects made from them.
 * PROGS_DIR is the build directory holding the compiled programs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object.h"

static struct obj *open_prog(const char *name)
{
	struct obj_opts opts = { .no_kernel_btf = true };
	char path[512], err[512];
	struct obj *o;

	snprintf(path, sizeof(path), "%s/%s", PROGS_DIR, name);
	if (obj_open(path, &opts, &o, err, sizeof(err)))
		fail_msg("%s", err);
	return o;
}

static const struct obj_prog *prog_named(const struct obj *o, const char *name)
{
	for (size_t i = 0; i < o->prog_cnt; i++)
		if (!strcmp(o->progs[i].name, name))
			return &o->progs[i];
	fail_msg("no program %s", name);
	return NULL;
}

static const struct obj_map *map_named(const struct obj *o, const char *name)
{
	for (size_t i = 0; i < o->map_cnt; i++)
		if (!strcmp(o->maps[i].name, name))
			return &o->maps[i];
	fail_msg("no map %s", name);
	return NULL;
}

/* Index of the first ld_imm64 whose map is `m`, or -1. */
static int find_map_ref(const struct obj *o, const struct obj_prog *p, const struct obj_map *m)
{
	for (size_t i = 0; i < p->insn_cnt; i++)
		if (obj_insn_map(o, &p->insns[i]) == m)
			return (int)i;
	return -1;
}

static void test_btf_maps_and_globals(void **state)
{
	struct obj *o = open_prog("example.bpf.o");
	const struct obj_prog *p = prog_named(o, "xdp_count");
	const struct obj_map *m = map_named(o, "proto_count");
	const struct obj_map *ro = map_named(o, "example.rodata");
	int ref;

	(void)state;
	assert_string_equal(p->sec_name, "xdp");
	assert_int_equal(p->type, BPF_PROG_TYPE_XDP);
	assert_int_equal(m->kind, OBJ_MAP_USER);
	assert_int_equal(m->type, BPF_MAP_TYPE_ARRAY);
	assert_int_equal(m->key_size, 4);
	assert_int_equal(m->value_size, 8);
	assert_int_equal(m->max_entries, 256);
	assert_int_equal(ro->kind, OBJ_MAP_RODATA);
	assert_int_equal(ro->value_size, 4);
	assert_non_null(ro->init);
	assert_int_equal(((const uint8_t *)ro->init)[0], 47 /* IPPROTO_GRE */);
	assert_int_equal(map_named(o, "example.bss")->kind, OBJ_MAP_BSS);
	ref = find_map_ref(o, p, m);
	assert_true(ref >= 0);
	assert_int_equal(p->insns[ref].src_reg, BPF_PSEUDO_MAP_FD);
	ref = find_map_ref(o, p, ro);
	assert_true(ref >= 0);
	assert_int_equal(p->insns[ref].src_reg, BPF_PSEUDO_MAP_VALUE);
	obj_free(o);
}

/* Each entry program gets its own copy of exactly the subprograms it calls. */
static void test_subprograms(void **state)
{
	struct obj *o = open_prog("subprogs.bpf.o");
	const struct obj_prog *tc = prog_named(o, "tc_main");
	const struct obj_prog *sk = prog_named(o, "sock_main");
	size_t calls = 0, funcs = 0;

	(void)state;
	assert_int_equal(tc->type, BPF_PROG_TYPE_SCHED_CLS);
	assert_int_equal(sk->type, BPF_PROG_TYPE_SOCKET_FILTER);
	assert_int_equal(tc->subprog_cnt, 5); /* tc_main, loop_cb, global_helper, middle, leaf */
	assert_int_equal(sk->subprog_cnt, 3); /* sock_main, leaf, middle */
	assert_string_equal(sk->subprogs[1].name, "leaf");
	for (size_t i = 0; i < tc->insn_cnt; i++) {
		const struct bpf_insn *in = &tc->insns[i];
		int64_t t = (int64_t)i + in->imm + 1;
		bool hit = false;

		if (!isa_is_pseudo_call(in) && !(isa_is_ld_imm64(in) && in->src_reg == BPF_PSEUDO_FUNC))
			continue;
		/* Every call lands on the first instruction of a subprogram. */
		for (size_t s = 1; s < tc->subprog_cnt; s++)
			hit |= tc->subprogs[s].start == t;
		assert_true(hit);
		calls += isa_is_pseudo_call(in);
		funcs += isa_is_ld_imm64(in);
	}
	assert_int_equal(funcs, 1); /* the bpf_loop callback */
	assert_true(calls >= 4);
	assert_int_equal(tc->origin[tc->subprogs[4].start].subprog, 4);
	obj_free(o);
}

static void test_data_sections_and_kconfig(void **state)
{
	struct obj *o = open_prog("globals.bpf.o");
	const struct obj_prog *p = prog_named(o, "kp");
	const struct obj_map *custom = map_named(o, ".data.custom");
	const struct obj_map *kc = map_named(o, "globals.kconfig");

	(void)state;
	assert_int_equal(p->type, BPF_PROG_TYPE_KPROBE);
	assert_int_equal(custom->kind, OBJ_MAP_DATA);
	assert_int_equal(*(const uint32_t *)custom->init, 11);
	assert_int_equal(kc->kind, OBJ_MAP_KCONFIG);
	assert_true(find_map_ref(o, p, custom) >= 0);
	assert_true(find_map_ref(o, p, kc) >= 0);
	assert_true(find_map_ref(o, p, map_named(o, "globals.data")) >= 0);
	assert_true(find_map_ref(o, p, map_named(o, "globals.bss")) >= 0);
	obj_free(o);
}

static void test_legacy_maps(void **state)
{
	struct obj *o = open_prog("legacy_maps.bpf.o");
	const struct obj_prog *p = prog_named(o, "legacy_prog");
	const struct obj_map *c = map_named(o, "counters"), *f = map_named(o, "flows");

	(void)state;
	assert_int_equal(c->type, BPF_MAP_TYPE_ARRAY);
	assert_int_equal(c->max_entries, 16);
	assert_int_equal(f->type, BPF_MAP_TYPE_HASH);
	assert_int_equal(f->key_size, 8);
	assert_int_equal(f->value_size, 16);
	assert_int_equal(f->flags, BPF_F_NO_PREALLOC);
	assert_true(find_map_ref(o, p, c) >= 0);
	assert_true(find_map_ref(o, p, f) >= 0);
	obj_free(o);
}

static void test_line_info(void **state)
{
	struct obj *o = open_prog("example.bpf.o");
	const struct obj_prog *p = prog_named(o, "xdp_count");
	bool found = false;

	(void)state;
	for (size_t i = 0; i < p->insn_cnt; i++) {
		const struct obj_line *l = p->origin[i].line;

		assert_non_null(l);
		assert_non_null(strstr(l->file, "example.bpf.c"));
		if (l->text && strstr(l->text, "key = ip->protocol;")) {
			found = true;
			assert_int_equal(isa_access_kind(&p->insns[i]) != ISA_ACCESS_NONE ||
					 p->insns[i].code != 0, 1);
		}
	}
	assert_true(found);
	obj_free(o);
}

static void test_access_kinds(void **state)
{
	struct obj *o = open_prog("accesses.bpf.o");
	const struct obj_prog *p = prog_named(o, "all_accesses");
	int seen[5] = { 0 };
	bool memsx = false;

	(void)state;
	for (size_t i = 0; i < p->insn_cnt; i++) {
		seen[isa_access_kind(&p->insns[i])]++;
		memsx |= isa_access_kind(&p->insns[i]) == ISA_ACCESS_LOAD &&
			 BPF_MODE(p->insns[i].code) == BPF_MEMSX;
	}
	assert_true(seen[ISA_ACCESS_LOAD] > 0);
	assert_true(seen[ISA_ACCESS_STORE] > 0);
	assert_int_equal(seen[ISA_ACCESS_ATOMIC], 4);
	assert_int_equal(seen[ISA_ACCESS_LEGACY], 1);
	assert_true(memsx);
	obj_free(o);
}

/* ---- malformed objects, made by patching a good one in memory ---- */

static uint8_t *good_bytes(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	uint8_t *buf;

	snprintf(path, sizeof(path), "%s/%s", PROGS_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	buf = malloc(*size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *size, f), *size);
	fclose(f);
	return buf;
}

static Elf64_Shdr *shdr(uint8_t *buf, size_t i)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	return (Elf64_Shdr *)(buf + eh->e_shoff + i * eh->e_shentsize);
}

static Elf64_Shdr *sec_named(uint8_t *buf, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	const char *strs = (const char *)buf + shdr(buf, eh->e_shstrndx)->sh_offset;

	for (size_t i = 1; i < eh->e_shnum; i++)
		if (!strcmp(strs + shdr(buf, i)->sh_name, name))
			return shdr(buf, i);
	fail_msg("no section %s", name);
	return NULL;
}

/* Opens the patched bytes and checks the one-line error names the problem. */
static void expect_error(const uint8_t *buf, size_t size, const char *want)
{
	struct obj_opts opts = { .no_kernel_btf = true };
	char err[512];
	struct obj *o;

	assert_int_equal(obj_open_mem(buf, size, "bad.o", &opts, &o, err, sizeof(err)), -EINVAL);
	assert_null(o);
	assert_null(strchr(err, '\n'));
	if (strncmp(err, "bad.o: ", 7) || !strstr(err, want))
		fail_msg("error '%s' does not say '%s'", err, want);
}

static void test_bad_inputs(void **state)
{
	size_t size;
	uint8_t *buf = good_bytes("example.bpf.o", &size), *copy = malloc(size);
	Elf64_Rel *rel;

	(void)state;
	assert_non_null(copy);
	expect_error(buf, 0, "empty file");
	expect_error(buf, 64, "truncated");			/* header only */
	expect_error(buf, size / 2, "truncated");
	memcpy(copy, "\x7f" "ELF", 4);
	expect_error((const uint8_t *)"not an ELF file at all", 22, "not an ELF");

	memcpy(copy, buf, size);
	((Elf64_Ehdr *)copy)->e_machine = EM_X86_64;
	expect_error(copy, size, "not BPF");

	memcpy(copy, buf, size);
	sec_named(copy, "xdp")->sh_size -= 4;
	expect_error(copy, size, "not a multiple of 8");

	memcpy(copy, buf, size);
	rel = (Elf64_Rel *)(copy + sec_named(copy, ".relxdp")->sh_offset);
	rel->r_info = ELF64_R_INFO(0xfff, ELF64_R_TYPE(rel->r_info));
	expect_error(copy, size, "missing symbol");

	free(copy);
	free(buf);

	/* Move a legacy map's symbol past the end of its section. */
	buf = good_bytes("legacy_maps.bpf.o", &size);
	copy = malloc(size);
	memcpy(copy, buf, size);
	{
		Elf64_Shdr *st = sec_named(copy, ".symtab");
		Elf64_Sym *sym = (Elf64_Sym *)(copy + st->sh_offset);
		const char *names = (const char *)copy + shdr(copy, st->sh_link)->sh_offset;

		for (size_t i = 0; i < st->sh_size / sizeof(*sym); i++)
			if (!strcmp(names + sym[i].st_name, "counters"))
				sym[i].st_value = sec_named(copy, "maps")->sh_size;
	}
	expect_error(copy, size, "out of range");
	free(copy);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_btf_maps_and_globals),
		cmocka_unit_test(test_subprograms),
		cmocka_unit_test(test_data_sections_and_kconfig),
		cmocka_unit_test(test_legacy_maps),
		cmocka_unit_test(test_line_info),
		cmocka_unit_test(test_access_kinds),
		cmocka_unit_test(test_bad_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
