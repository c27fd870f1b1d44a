// SPDX-License-Identifier: MIT
/*
 * object: link one entry program as libbpf's bpf_object__relocate() does.
 *
 * 1. Calls (bpf_object__reloc_code): walk the program; the first call into
 *    a subprogram appends that subprogram's code at the end and walks it in
 *    turn; every call's imm becomes the distance to the appended copy.
 * 2. Data (bpf_object__relocate_data): every relocation of every included
 *    function is applied to its copy: maps, global data, externs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* libbpf poisons an unresolved weak kfunc call with this helper id base. */
#define POISON_CALL_KFUNC_BASE 2002000000

/* A function placed in the program being linked. */
struct placed {
	int sec;
	const struct sec_func *fn;
	uint32_t off;		 /* its first instruction in the program */
};

struct linker {
	const struct link_input *in;
	struct obj_prog *prog;
	struct placed *placed;
	size_t placed_cnt;
	size_t cap;		 /* of prog->insns */
	char *err;
	size_t errlen;
};

static const struct sec_func *func_at(const struct sec_code *code, uint32_t insn)
{
	for (size_t i = 0; i < code->func_cnt; i++)
		if (insn >= code->funcs[i].start && insn - code->funcs[i].start < code->funcs[i].len)
			return &code->funcs[i];
	return NULL;
}

static const struct placed *find_placed(const struct linker *l, const struct sec_func *fn)
{
	for (size_t i = 0; i < l->placed_cnt; i++)
		if (l->placed[i].fn == fn)
			return &l->placed[i];
	return NULL;
}

/* bpf_object__append_subprog_code() */
static int append(struct linker *l, int sec, const struct sec_func *fn, uint32_t *off)
{
	struct obj_prog *p = l->prog;
	struct placed *pl;

	if (p->insn_cnt + fn->len > l->cap) {
		size_t cap = (p->insn_cnt + fn->len) * 2;
		struct bpf_insn *v = realloc(p->insns, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->insns = v;
		l->cap = cap;
	}
	pl = realloc(l->placed, (l->placed_cnt + 1) * sizeof(*pl));
	if (!pl)
		return -ENOMEM;
	l->placed = pl;
	*off = (uint32_t)p->insn_cnt;
	pl[l->placed_cnt++] = (struct placed){ sec, fn, *off };
	memcpy(p->insns + *off, l->in->code[sec].insns + fn->start, fn->len * sizeof(struct bpf_insn));
	p->insn_cnt += fn->len;
	return 0;
}

static int reloc_code(struct linker *l, size_t placed_idx);

/* Where call/ld_imm64 k of `pl` points, as a section instruction index. */
static int call_target(struct linker *l, const struct placed *pl, uint32_t k,
		       const struct bpf_insn *insn, int *sec, uint32_t *idx)
{
	const struct relo *r = relo_find(&l->in->relos[pl->sec], pl->fn->start + k);
	const struct elf_file *ef = l->in->ef;

	if (r && r->type != RELO_CALL && r->type != RELO_SUBPROG_ADDR)
		return obj_err(l->err, l->errlen, ef->path, "'%s': unexpected relocation for insn %u",
			       pl->fn->name, k);
	if (r) {
		*sec = ef->text_idx;
		if (r->type == RELO_CALL)
			*idx = r->sym_off / ISA_INSN_SZ + insn->imm + 1;
		else
			*idx = (r->sym_off + insn->imm) / ISA_INSN_SZ;
		return 0;
	}
	if (isa_is_ld_imm64(insn))
		return obj_err(l->err, l->errlen, ef->path,
			       "'%s': missing subprogram address relocation for insn %u",
			       pl->fn->name, k);
	/* A static call within the section needs no relocation. */
	*sec = pl->sec;
	*idx = pl->fn->start + k + insn->imm + 1;
	return 0;
}

/* Relocates the calls of one placed function, appending callees. */
static int reloc_call(struct linker *l, size_t placed_idx, uint32_t k)
{
	struct placed pl = l->placed[placed_idx];
	struct bpf_insn *insn = &l->prog->insns[pl.off + k];
	const struct relo *r = relo_find(&l->in->relos[pl.sec], pl.fn->start + k);
	const struct sec_func *callee;
	const struct placed *cp;
	uint32_t idx = 0, off;
	int sec = -1, ret;

	if (r && r->type == RELO_EXTERN_CALL)
		return 0; /* kfunc: relocated with the data */
	ret = call_target(l, &pl, k, insn, &sec, &idx);
	if (ret)
		return ret;
	callee = sec >= 0 ? func_at(&l->in->code[sec], idx) : NULL;
	if (!callee)
		return obj_err(l->err, l->errlen, l->in->ef->path,
			       "'%s': call at insn %u targets no function (section insn %u)",
			       pl.fn->name, k, idx);
	cp = find_placed(l, callee);
	if (cp) {
		off = cp->off;
	} else {
		ret = append(l, sec, callee, &off);
		if (!ret)
			ret = reloc_code(l, l->placed_cnt - 1);
		if (ret)
			return ret;
	}
	l->prog->insns[pl.off + k].imm = (int32_t)(off - (pl.off + k) - 1);
	return 0;
}

/* bpf_object__reloc_code() */
static int reloc_code(struct linker *l, size_t placed_idx)
{
	uint32_t len = l->placed[placed_idx].fn->len;

	for (uint32_t k = 0; k < len; k++) {
		uint32_t off = l->placed[placed_idx].off;
		const struct bpf_insn *insn = &l->prog->insns[off + k];
		int ret;

		if (!isa_is_pseudo_call(insn) &&
		    !(isa_is_ld_imm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC))
			continue;
		ret = reloc_call(l, placed_idx, k);
		if (ret)
			return ret;
	}
	return 0;
}

/* Kernel BTF id of a kfunc (FUNC) or typed ksym (VAR) named `name`, or 0. */
static int32_t target_btf_id(const struct btf *target, const char *name, bool func)
{
	int id;

	if (!target || !name)
		return 0;
	id = btf__find_by_name_kind(target, name, func ? BTF_KIND_FUNC : BTF_KIND_VAR);
	return id > 0 ? id : 0;
}

/* bpf_object__relocate_data(), for one relocation of a placed copy. */
static void reloc_data_one(struct linker *l, const struct relo *r, struct bpf_insn *insn,
			   uint32_t ext_ord)
{
	int32_t id;

	switch (r->type) {
	case RELO_LD64:
		insn[0].src_reg = BPF_PSEUDO_MAP_FD;
		insn[0].imm = r->map_idx;
		break;
	case RELO_DATA:
		insn[1].imm = insn[0].imm + (int32_t)r->sym_off;
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[0].imm = r->map_idx;
		break;
	case RELO_EXTERN_LD64:
		if (r->map_idx >= 0) { /* kconfig */
			insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
			insn[0].imm = r->map_idx;
			insn[1].imm = (int32_t)r->ext_off;
		} else if ((id = target_btf_id(l->in->target, r->sym, false))) {
			insn[0].src_reg = BPF_PSEUDO_BTF_ID;
			insn[0].imm = id;
			insn[1].imm = 0; /* vmlinux, not a module */
		} else {
			insn[0].imm = insn[1].imm = 0; /* address unknown here */
			l->prog->unresolved_externs++;
		}
		break;
	case RELO_EXTERN_CALL:
		id = target_btf_id(l->in->target, r->sym, true);
		if (id) {
			insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
			insn->imm = id;
			insn->off = 0;
		} else if (r->ext_weak) { /* poison_kfunc_call() */
			*insn = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
						   .imm = (int32_t)(POISON_CALL_KFUNC_BASE + ext_ord) };
		} else {
			insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
			insn->imm = 0;
			l->prog->unresolved_externs++;
		}
		break;
	case RELO_CALL:
	case RELO_SUBPROG_ADDR:
		break;
	}
}

/*
 * A map ld_imm64 no relocation resolves holds a raw fd the object cannot
 * know; libbpf passes it through.  Mark it -1 so that it never reads as
 * the index of a map.
 */
static void mark_raw_map_refs(struct linker *l, const struct placed *pl)
{
	for (uint32_t k = 0; k + 1 < pl->fn->len; k++) {
		struct bpf_insn *in = &l->prog->insns[pl->off + k];

		if (isa_is_ld_imm64(in) && (in->src_reg == BPF_PSEUDO_MAP_FD ||
					    in->src_reg == BPF_PSEUDO_MAP_VALUE) &&
		    !relo_find(&l->in->relos[pl->sec], pl->fn->start + k))
			in->imm = -1;
		k += isa_is_ld_imm64(in);
	}
}

static int reloc_data(struct linker *l)
{
	for (size_t i = 0; i < l->placed_cnt; i++) {
		const struct placed *pl = &l->placed[i];
		const struct sec_relos *rs = &l->in->relos[pl->sec];

		mark_raw_map_refs(l, pl);
		for (size_t j = 0; j < rs->cnt; j++) {
			const struct relo *r = &rs->v[j];

			if (r->insn < pl->fn->start || r->insn - pl->fn->start >= pl->fn->len)
				continue;
			if (isa_is_ld_imm64(&l->prog->insns[pl->off + r->insn - pl->fn->start]) &&
			    r->insn - pl->fn->start + 1 >= pl->fn->len)
				return obj_err(l->err, l->errlen, l->in->ef->path,
					       "'%s': ld_imm64 at the end of the function", pl->fn->name);
			reloc_data_one(l, r, &l->prog->insns[pl->off + r->insn - pl->fn->start],
				       (uint32_t)j);
		}
	}
	return 0;
}

/* Fills origin, subprogs and the symbol each instruction refers to. */
static int describe(struct linker *l)
{
	struct obj_prog *p = l->prog;

	p->origin = calloc(p->insn_cnt ? p->insn_cnt : 1, sizeof(*p->origin));
	p->subprogs = calloc(l->placed_cnt, sizeof(*p->subprogs));
	if (!p->origin || !p->subprogs)
		return -ENOMEM;
	p->subprog_cnt = l->placed_cnt;
	for (size_t i = 0; i < l->placed_cnt; i++) {
		const struct placed *pl = &l->placed[i];

		p->subprogs[i] = (struct obj_subprog){ pl->fn->name, pl->off, pl->fn->len,
						     pl->fn->btf_static };
		for (uint32_t k = 0; k < pl->fn->len; k++) {
			struct obj_insn_origin *o = &p->origin[pl->off + k];
			const struct relo *r = relo_find(&l->in->relos[pl->sec], pl->fn->start + k);

			o->sec_idx = (uint32_t)pl->sec;
			o->sec_insn = pl->fn->start + k;
			o->subprog = (uint32_t)i;
			o->line = sec_ext_line(&l->in->exts[pl->sec], o->sec_insn);
			o->sym = r ? r->sym : NULL;
		}
	}
	/* Name bpf-to-bpf call targets after the function they reach. */
	for (size_t i = 0; i < p->insn_cnt; i++) {
		int64_t t = (int64_t)i + p->insns[i].imm + 1;

		if (!isa_is_pseudo_call(&p->insns[i]) || t < 0 || t >= (int64_t)p->insn_cnt)
			continue;
		p->origin[i].sym = p->subprogs[p->origin[t].subprog].name;
	}
	return 0;
}

int link_prog(const struct link_input *in, int sec_idx, const struct sec_func *entry,
	      struct obj_prog *prog, char *err, size_t errlen)
{
	struct linker l = { .in = in, .prog = prog, .err = err, .errlen = errlen };
	uint32_t off;
	int ret;

	ret = append(&l, sec_idx, entry, &off);
	if (!ret)
		ret = reloc_code(&l, 0);
	if (!ret)
		ret = reloc_data(&l);
	if (!ret)
		ret = describe(&l);
	free(l.placed);
	return ret;
}
