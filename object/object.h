/* SPDX-License-Identifier: MIT */
/*
 * object: a BPF ELF object as the kernel would receive it.
 *
 * obj_open() parses an object with libbpf and libelf and links each entry
 * program the way libbpf's bpf_object__relocate() does before
 * BPF_PROG_LOAD: CO-RE relocations applied (or reported as left), called
 * subprograms appended, ld_imm64 map and global-data references resolved.
 * libbpf 1.1 only links inside bpf_object__load(), which needs a kernel, so
 * the linking is done here and tested against what libbpf sends a kernel.
 *
 * Map references: where the kernel would receive a map fd in an ld_imm64
 * (src_reg BPF_PSEUDO_MAP_FD or BPF_PSEUDO_MAP_VALUE), insn.imm holds the
 * index of the map in obj->maps instead; -1 when the object itself holds a
 * raw fd there that no relocation resolves.
 */
#ifndef BPFKASAN_OBJECT_H
#define BPFKASAN_OBJECT_H

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa.h"

enum obj_map_kind {
	OBJ_MAP_USER,	 /* legacy "maps" section or BTF-defined ".maps" */
	OBJ_MAP_DATA,	 /* .data, .data.* */
	OBJ_MAP_RODATA,	 /* .rodata, .rodata.* */
	OBJ_MAP_BSS,	 /* .bss, .bss.* */
	OBJ_MAP_KCONFIG, /* .kconfig externs */
	OBJ_MAP_OTHER,	 /* struct_ops, arena, ... */
};

struct obj_map {
	char *name;		 /* as libbpf names it, e.g. "xdpfilt_.rodata" */
	enum obj_map_kind kind;
	uint32_t type;		 /* enum bpf_map_type */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t flags;
	uint32_t btf_key_type_id;
	uint32_t btf_value_type_id;
	const void *init;	 /* initial value (global data), else NULL */
	size_t init_size;
};

/* One source line, from .BTF.ext line info.  Strings belong to obj->btf. */
struct obj_line {
	const char *file;
	const char *text;	 /* the source line itself, NULL if absent */
	uint32_t line;
	uint32_t col;
};

/* Where an instruction of a linked program came from. */
struct obj_insn_origin {
	uint32_t sec_idx;	 /* ELF section index */
	uint32_t sec_insn;	 /* instruction index within that section */
	uint32_t subprog;	 /* index into obj_prog.subprogs */
	const struct obj_line *line; /* NULL where the object has no line info */
	const char *sym;	 /* called subprog or kfunc, referenced map or
				  * extern; NULL when none */
};

/* A function of a linked program: [start, start + len) in obj_prog.insns. */
struct obj_subprog {
	const char *name;
	uint32_t start;
	uint32_t len;
	bool btf_static; /* global but hidden: libbpf loads its BTF FUNC as static */
};

/* What happened to the CO-RE relocations of one program. */
struct obj_core_stats {
	uint32_t total;
	uint32_t applied;	 /* resolved against the target BTF */
	uint32_t poisoned;	 /* no match in the target BTF: insn poisoned as libbpf does */
	uint32_t left;		 /* no target BTF: compiled values kept */
};

struct obj_prog {
	char *name;
	char *sec_name;
	enum bpf_prog_type type;	 /* as libbpf infers it from sec_name */
	enum bpf_attach_type attach_type;
	struct bpf_insn *insns;		 /* linked, as BPF_PROG_LOAD receives them */
	size_t insn_cnt;
	struct obj_insn_origin *origin;	 /* insn_cnt entries */
	struct obj_subprog *subprogs;	 /* [0] is the entry program */
	size_t subprog_cnt;
	struct obj_core_stats core;
	uint32_t unresolved_externs;	 /* kfunc / ksym references left unresolved */
};

struct obj {
	char *path;
	struct obj_prog *progs;
	size_t prog_cnt;
	struct obj_map *maps;
	size_t map_cnt;
	const struct btf *btf;		 /* the object's BTF, NULL if none */
	const char *core_btf_path;	 /* CO-RE target used, NULL if none */
	struct obj_priv *priv;		 /* what the above point into */
};

struct obj_opts {
	/* CO-RE target BTF (raw BTF or an ELF with .BTF).  NULL: the running
	 * kernel's /sys/kernel/btf/vmlinux when present, unless no_kernel_btf. */
	const char *btf_path;
	bool no_kernel_btf;
};

/*
 * Open and link `path`.  On failure returns a negative errno and writes a
 * one-line message naming the file and the problem into err.
 */
int obj_open(const char *path, const struct obj_opts *opts, struct obj **out,
	     char *err, size_t errlen);
/* The same for an object already in memory; `name` is used in messages and
 * as libbpf's object name (which prefixes global data map names). */
int obj_open_mem(const void *buf, size_t size, const char *name,
		 const struct obj_opts *opts, struct obj **out, char *err, size_t errlen);
void obj_free(struct obj *o);

/* The map an ld_imm64 of a linked program refers to, or NULL. */
const struct obj_map *obj_insn_map(const struct obj *o, const struct bpf_insn *insn);

const char *obj_map_kind_name(enum obj_map_kind k);

#endif /* BPFKASAN_OBJECT_H */
