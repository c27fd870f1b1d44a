/* SPDX-License-Identifier: MIT */
/* object (internal): the parsed ELF and the pieces linking works on. */
#ifndef BPFKASAN_OBJECT_INTERNAL_H
#define BPFKASAN_OBJECT_INTERNAL_H

#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>

#include "core.h"
#include "object.h"

/* ---- elf.c: a validated ELF64 BPF relocatable object ---- */

struct elf_sec {
	const char *name;
	GElf_Shdr sh;
	Elf_Data *data;		 /* NULL for SHT_NOBITS or empty */
};

struct elf_file {
	const char *path;	 /* for messages */
	Elf *elf;
	size_t shnum;
	struct elf_sec *secs;	 /* shnum entries */
	Elf_Data *symtab;
	size_t sym_cnt;
	size_t strtab_idx;	 /* string table of the symbols */
	int text_idx;		 /* .text, or -1 */
	int btf_idx;		 /* .BTF, or -1 */
	int btf_ext_idx;	 /* .BTF.ext, or -1 */
};

int elf_file_open(struct elf_file *ef, const char *path, const void *buf,
		  size_t size, char *err, size_t errlen);
void elf_file_close(struct elf_file *ef);
int elf_sym(const struct elf_file *ef, size_t idx, GElf_Sym *sym);
const char *elf_sym_name(const struct elf_file *ef, const GElf_Sym *sym);
bool elf_sec_is_prog(const struct elf_file *ef, size_t idx);

/* ---- btf_ext.c: line info and CO-RE records of .BTF.ext ---- */

struct sec_line {
	uint32_t sec_insn;	 /* first instruction the line applies to */
	struct obj_line line;
};

/* Per ELF section: its line records (sorted by sec_insn) and CO-RE records. */
struct sec_ext {
	struct sec_line *lines;
	size_t line_cnt;
	struct core_relo_rec *core;
	size_t core_cnt;
};

/* Fills exts[shnum]; the BTF gives the strings. */
int btf_ext_parse(const struct elf_file *ef, const struct btf *btf,
		  struct sec_ext *exts, char *err, size_t errlen);
void btf_ext_free(struct sec_ext *exts, size_t cnt);
const struct obj_line *sec_ext_line(const struct sec_ext *x, uint32_t sec_insn);

/* ---- relo.c: relocations recorded per program section ---- */

enum relo_type {
	RELO_LD64,	 /* map reference */
	RELO_DATA,	 /* global data reference */
	RELO_CALL,	 /* bpf-to-bpf call into .text */
	RELO_SUBPROG_ADDR, /* ld_imm64 of a subprogram's address */
	RELO_EXTERN_LD64, /* kconfig or ksym variable */
	RELO_EXTERN_CALL, /* kfunc */
};

struct relo {
	enum relo_type type;
	uint32_t insn;		 /* instruction index within the section */
	uint32_t sym_off;	 /* symbol value (bytes), for CALL/SUBPROG_ADDR/DATA */
	int map_idx;		 /* LD64 / DATA / kconfig EXTERN_LD64 */
	uint32_t ext_off;	 /* kconfig: offset in the .kconfig map */
	bool ext_weak;
	const char *sym;	 /* symbol name */
};

struct sec_relos {
	struct relo *v;
	size_t cnt;
};

/* What relocation needs to know of the maps libbpf found. */
struct map_index {
	struct obj_map *maps;
	size_t cnt;
	int *sec_map;		 /* ELF section index -> data map index, or -1 */
	int kconfig_map;	 /* or -1 */
};

int relo_collect(const struct elf_file *ef, const struct btf *btf,
		 const struct map_index *mi, struct sec_relos *out,
		 char *err, size_t errlen);
void relo_free(struct sec_relos *r, size_t cnt);
const struct relo *relo_find(const struct sec_relos *r, uint32_t insn);

/* ---- link.c: one entry program, linked ---- */

/* A function in a program section, from its STT_FUNC symbol. */
struct sec_func {
	const char *name;
	uint32_t start, len;	 /* instructions within the section */
	bool btf_static;	 /* global but hidden: libbpf loads its BTF as static */
};

struct sec_code {
	struct bpf_insn *insns;	 /* the section's instructions, CO-RE applied */
	size_t cnt;
	struct sec_func *funcs;	 /* sorted by start */
	size_t func_cnt;
};

struct link_input {
	const struct elf_file *ef;
	struct sec_code *code;	 /* per section index */
	const struct sec_relos *relos;
	const struct sec_ext *exts;
	const struct map_index *mi;
	const struct btf *target; /* for kfunc / ksym externs, may be NULL */
};

int link_prog(const struct link_input *in, int sec_idx, const struct sec_func *entry,
	      struct obj_prog *prog, char *err, size_t errlen);

/* ---- object.c ---- */
int obj_err(char *err, size_t errlen, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- btf_check.c ---- */
int btf_check(const struct elf_file *ef, struct btf **out, char *err, size_t errlen);

/* ---- maps.c ---- */
int maps_legacy_sec(const struct elf_file *ef);
int maps_load(struct obj *o, const struct bpf_object *lbo, const struct elf_file *ef,
	      int *sec_map, struct map_index *mi, char *err, size_t errlen);

#endif /* BPFKASAN_OBJECT_INTERNAL_H */
