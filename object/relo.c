// SPDX-License-Identifier: MIT
/*
 * object: record the relocations of each program section, as libbpf's
 * bpf_program__record_reloc() classifies them: map references, global
 * data, bpf-to-bpf calls, subprogram addresses, kconfig/ksym externs, kfuncs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct relo_ctx {
	const struct elf_file *ef;
	const struct btf *btf;
	const struct map_index *mi;
	char *err;
	size_t errlen;
};

static bool sym_is_extern(const GElf_Sym *s)
{
	int bind = GELF_ST_BIND(s->st_info);

	return s->st_shndx == SHN_UNDEF && (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       GELF_ST_TYPE(s->st_info) == STT_NOTYPE;
}

/* libbpf's sym_is_subprog(): a static function's section or a global function. */
static bool sym_is_subprog(const GElf_Sym *s, int text_idx)
{
	int bind = GELF_ST_BIND(s->st_info), type = GELF_ST_TYPE(s->st_info);

	if ((int)s->st_shndx != text_idx)
		return false;
	return (bind == STB_LOCAL && type == STT_SECTION) ||
	       (bind == STB_GLOBAL && type == STT_FUNC);
}

static bool sec_is_maps(const struct elf_sec *s)
{
	return !strcmp(s->name, "maps") || !strcmp(s->name, ".maps");
}

/* Offset of extern `name` in the .kconfig map, from libbpf's fixed-up DATASEC. */
static int kconfig_offset(const struct btf *btf, const char *name, uint32_t *off)
{
	int n = btf ? (int)btf__type_cnt(btf) : 0;

	for (int id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t) || strcmp(btf__name_by_offset(btf, t->name_off), ".kconfig"))
			continue;
		vs = btf_var_secinfos(t);
		for (int i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);

			if (v && !strcmp(btf__name_by_offset(btf, v->name_off), name)) {
				*off = vs->offset;
				return 0;
			}
		}
	}
	return -ENOENT;
}

static int record_extern(struct relo_ctx *c, const struct bpf_insn *insn,
			 const GElf_Sym *sym, struct relo *r)
{
	r->ext_weak = GELF_ST_BIND(sym->st_info) == STB_WEAK;
	if (isa_is_call(insn)) {
		r->type = RELO_EXTERN_CALL;
		return 0;
	}
	r->type = RELO_EXTERN_LD64;
	r->map_idx = -1;
	if (c->mi->kconfig_map >= 0 && !kconfig_offset(c->btf, r->sym, &r->ext_off))
		r->map_idx = c->mi->kconfig_map;
	return 0;
}

/* The user map declared at (sec, off): the symbol there names it. */
static int user_map_at(struct relo_ctx *c, size_t sec, uint64_t off)
{
	for (size_t i = 1; i < c->ef->sym_cnt; i++) {
		GElf_Sym s;
		const char *name;

		if (elf_sym(c->ef, i, &s) || s.st_shndx != sec || s.st_value != off ||
		    GELF_ST_TYPE(s.st_info) == STT_SECTION)
			continue;
		name = elf_sym_name(c->ef, &s);
		for (size_t m = 0; name && m < c->mi->cnt; m++)
			if (c->mi->maps[m].kind == OBJ_MAP_USER && !strcmp(c->mi->maps[m].name, name))
				return (int)m;
	}
	return -1;
}

static int record_data(struct relo_ctx *c, const char *prog_sec, const GElf_Sym *sym,
		       struct relo *r)
{
	const struct elf_sec *s = &c->ef->secs[sym->st_shndx];

	if (sec_is_maps(s)) {
		r->type = RELO_LD64;
		r->map_idx = user_map_at(c, sym->st_shndx, sym->st_value);
		if (r->map_idx < 0)
			return obj_err(c->err, c->errlen, c->ef->path,
				       "'%s': map reference to '%s' at offset %lu of '%s' is out of range",
				       prog_sec, r->sym, (unsigned long)sym->st_value, s->name);
		return 0;
	}
	r->type = RELO_DATA;
	r->map_idx = c->mi->sec_map[sym->st_shndx];
	r->sym_off = (uint32_t)sym->st_value;
	if (r->map_idx < 0)
		return obj_err(c->err, c->errlen, c->ef->path,
			       "'%s': bad data relocation against '%s' in section '%s'",
			       prog_sec, r->sym, s->name);
	if (sym->st_value > c->mi->maps[r->map_idx].value_size)
		return obj_err(c->err, c->errlen, c->ef->path,
			       "'%s': data reference to '%s' at offset %lu is out of range of '%s'",
			       prog_sec, r->sym, (unsigned long)sym->st_value, s->name);
	return 0;
}

/* bpf_program__record_reloc() */
static int record_one(struct relo_ctx *c, size_t sec, const GElf_Rel *rel, struct relo *r)
{
	const struct elf_sec *ps = &c->ef->secs[sec];
	struct bpf_insn copy, *insn = &copy;
	GElf_Sym sym;

	r->insn = (uint32_t)(rel->r_offset / ISA_INSN_SZ);
	/* Section data need not be aligned in the file: copy the insn out. */
	memcpy(&copy, (const uint8_t *)ps->data->d_buf + rel->r_offset, sizeof(copy));
	if (elf_sym(c->ef, GELF_R_SYM(rel->r_info), &sym))
		return obj_err(c->err, c->errlen, c->ef->path, "relocation against a missing symbol");
	r->sym = elf_sym_name(c->ef, &sym);
	if (!isa_is_call(insn) && !isa_is_ld_imm64(insn))
		return obj_err(c->err, c->errlen, c->ef->path,
			       "'%s': relocation against '%s' at insn %u (code 0x%x) is not on a call or ld_imm64",
			       ps->name, r->sym, r->insn, insn->code);
	if (isa_is_ld_imm64(insn) && (r->insn + 1) * ISA_INSN_SZ >= ps->sh.sh_size)
		return obj_err(c->err, c->errlen, c->ef->path, "'%s': ld_imm64 at insn %u is cut short",
			       ps->name, r->insn);
	if (sym_is_extern(&sym))
		return record_extern(c, insn, &sym, r);
	if (isa_is_call(insn)) {
		if (insn->src_reg != BPF_PSEUDO_CALL || (int)sym.st_shndx != c->ef->text_idx ||
		    sym.st_value % ISA_INSN_SZ)
			return obj_err(c->err, c->errlen, c->ef->path,
				       "'%s': bad call relocation against '%s' at insn %u",
				       ps->name, r->sym, r->insn);
		r->type = RELO_CALL;
		r->sym_off = (uint32_t)sym.st_value;
		return 0;
	}
	if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
		return obj_err(c->err, c->errlen, c->ef->path,
			       "'%s': relocation against undefined symbol '%s' at insn %u",
			       ps->name, r->sym, r->insn);
	if (sym_is_subprog(&sym, c->ef->text_idx)) {
		if (sym.st_value % ISA_INSN_SZ || insn->imm % ISA_INSN_SZ)
			return obj_err(c->err, c->errlen, c->ef->path,
				       "'%s': bad subprogram address relocation at insn %u",
				       ps->name, r->insn);
		r->type = RELO_SUBPROG_ADDR;
		r->sym_off = (uint32_t)sym.st_value;
		return 0;
	}
	return record_data(c, ps->name, &sym, r);
}

static int cmp_relo(const void *a, const void *b)
{
	const struct relo *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static int collect_sec(struct relo_ctx *c, const struct elf_sec *rs, struct sec_relos *out)
{
	size_t n = rs->sh.sh_size / sizeof(Elf64_Rel);
	size_t sec = rs->sh.sh_info;
	struct relo *v;

	v = realloc(out[sec].v, (out[sec].cnt + n) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	out[sec].v = v;
	for (size_t j = 0; j < n; j++) {
		GElf_Rel rel;
		struct relo *r = &v[out[sec].cnt];
		int ret;

		memset(r, 0, sizeof(*r));
		gelf_getrel(rs->data, (int)j, &rel);
		ret = record_one(c, sec, &rel, r);
		if (ret)
			return ret;
		out[sec].cnt++;
	}
	qsort(out[sec].v, out[sec].cnt, sizeof(*v), cmp_relo);
	return 0;
}

int relo_collect(const struct elf_file *ef, const struct btf *btf,
		 const struct map_index *mi, struct sec_relos *out,
		 char *err, size_t errlen)
{
	struct relo_ctx c = { ef, btf, mi, err, errlen };

	for (size_t i = 1; i < ef->shnum; i++) {
		const struct elf_sec *rs = &ef->secs[i];
		int ret;

		if (rs->sh.sh_type != SHT_REL || !elf_sec_is_prog(ef, rs->sh.sh_info))
			continue;
		ret = collect_sec(&c, rs, out);
		if (ret)
			return ret;
	}
	return 0;
}

void relo_free(struct sec_relos *r, size_t cnt)
{
	for (size_t i = 0; r && i < cnt; i++)
		free(r[i].v);
	free(r);
}

const struct relo *relo_find(const struct sec_relos *r, uint32_t insn)
{
	size_t lo = 0, hi = r->cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].insn == insn)
			return &r->v[mid];
		if (r->v[mid].insn < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
