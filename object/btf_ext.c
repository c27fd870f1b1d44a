// SPDX-License-Identifier: MIT
/*
 * object: line info and CO-RE records from .BTF.ext.
 *
 * Layout (include/uapi/linux/btf.h, libbpf's btf_ext_setup_info()): a header,
 * then per kind of info a u32 record size followed by, for each section,
 * {u32 sec_name_off; u32 num_info; num_info records}.  Offsets in the
 * header are relative to its end.  Instruction offsets are in bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BTF_EXT_MAGIC 0xeB9F

struct ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len; /* only when hdr_len >= 32 */
};

struct line_rec {
	uint32_t insn_off, file_name_off, line_off, line_col;
};

/* One kind of info: a blob of sections, each {name, count, records}. */
struct info_part {
	const uint8_t *p, *end;
	uint32_t rec_size;
};

typedef int (*rec_fn)(struct sec_ext *x, const void *rec, const struct btf *btf);

static int find_sec(const struct elf_file *ef, const char *name)
{
	for (size_t i = 1; i < ef->shnum; i++)
		if (ef->secs[i].name && !strcmp(ef->secs[i].name, name))
			return (int)i;
	return -1;
}

static int add_line(struct sec_ext *x, const void *rec, const struct btf *btf)
{
	struct line_rec rr, *r = &rr;
	struct sec_line *l;

	memcpy(&rr, rec, sizeof(rr)); /* records need not be aligned */
	if (r->insn_off % ISA_INSN_SZ)
		return -EINVAL;
	l = realloc(x->lines, (x->line_cnt + 1) * sizeof(*l));
	if (!l)
		return -ENOMEM;
	x->lines = l;
	l = &l[x->line_cnt++];
	l->sec_insn = r->insn_off / ISA_INSN_SZ;
	l->line.file = btf__str_by_offset(btf, r->file_name_off);
	l->line.text = btf__str_by_offset(btf, r->line_off);
	l->line.line = r->line_col >> 10;	/* BPF_LINE_INFO_LINE_NUM */
	l->line.col = r->line_col & 0x3ff;	/* BPF_LINE_INFO_LINE_COL */
	if (l->line.text && !*l->line.text)
		l->line.text = NULL;
	return 0;
}

/* func info is libbpf's business, but libbpf 1.1 trusts it: check it first. */
static int check_func(struct sec_ext *x, const void *rec, const struct btf *btf)
{
	uint32_t r[2];

	(void)x;
	memcpy(r, rec, sizeof(r));
	return r[0] % ISA_INSN_SZ || !btf__type_by_id(btf, r[1]) ? -EINVAL : 0;
}

static int add_core(struct sec_ext *x, const void *rec, const struct btf *btf)
{
	struct core_relo_rec *c;

	(void)btf;
	c = realloc(x->core, (x->core_cnt + 1) * sizeof(*c));
	if (!c)
		return -ENOMEM;
	x->core = c;
	memcpy(&c[x->core_cnt++], rec, sizeof(*c));
	return 0;
}

/* Walks the sections of one info part, calling fn on every record. */
static int walk_part(const struct elf_file *ef, const struct btf *btf, struct info_part *part,
		     const char *what, size_t min_rec, rec_fn fn, struct sec_ext *exts,
		     char *err, size_t errlen)
{
	if (part->p == part->end)
		return 0;
	if (part->end - part->p < 4)
		return obj_err(err, errlen, ef->path, ".BTF.ext %s is truncated", what);
	memcpy(&part->rec_size, part->p, 4);
	part->p += 4;
	if (part->rec_size < min_rec || part->rec_size % 4)
		return obj_err(err, errlen, ef->path, ".BTF.ext %s record size %u is invalid",
			       what, part->rec_size);
	while (part->p < part->end) {
		uint32_t hdr[2];
		const char *name;
		int sec;

		if (part->end - part->p < 8)
			return obj_err(err, errlen, ef->path, ".BTF.ext %s is truncated", what);
		memcpy(hdr, part->p, 8);
		part->p += 8;
		if ((uint64_t)hdr[1] * part->rec_size > (uint64_t)(part->end - part->p))
			return obj_err(err, errlen, ef->path, ".BTF.ext %s is truncated", what);
		name = btf__str_by_offset(btf, hdr[0]);
		sec = name ? find_sec(ef, name) : -1;
		if (sec < 0)
			return obj_err(err, errlen, ef->path,
				       ".BTF.ext %s refers to unknown section '%s'", what,
				       name ? name : "?");
		for (uint32_t i = 0; i < hdr[1]; i++, part->p += part->rec_size) {
			int ret = fn(&exts[sec], part->p, btf);

			if (ret == -ENOMEM)
				return ret;
			if (ret)
				return obj_err(err, errlen, ef->path, ".BTF.ext %s record %u of '%s' is invalid",
					       what, i, name);
		}
	}
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	const struct sec_line *x = a, *y = b;

	return x->sec_insn < y->sec_insn ? -1 : x->sec_insn > y->sec_insn;
}

static int part_at(const uint8_t *base, size_t size, uint32_t off, uint32_t len,
		   struct info_part *part)
{
	if (off > size || len > size - off)
		return -EINVAL;
	part->p = base + off;
	part->end = part->p + len;
	return 0;
}

int btf_ext_parse(const struct elf_file *ef, const struct btf *btf,
		  struct sec_ext *exts, char *err, size_t errlen)
{
	struct ext_header h = { 0 };
	struct info_part funcs, lines, core = { 0 };
	const uint8_t *data;
	size_t size;
	int ret;

	if (ef->btf_ext_idx < 0 || !btf || !ef->secs[ef->btf_ext_idx].data)
		return 0;
	data = ef->secs[ef->btf_ext_idx].data->d_buf;
	size = ef->secs[ef->btf_ext_idx].data->d_size;
	if (size < 24)
		return obj_err(err, errlen, ef->path, ".BTF.ext header is truncated");
	memcpy(&h, data, size < sizeof(h) ? size : sizeof(h));
	if (h.magic != BTF_EXT_MAGIC || h.version != 1 || h.hdr_len < 24 || h.hdr_len > size)
		return obj_err(err, errlen, ef->path, ".BTF.ext header is invalid");
	if (h.hdr_len < 32)
		h.core_relo_off = h.core_relo_len = 0;
	data += h.hdr_len;
	size -= h.hdr_len;
	if (part_at(data, size, h.func_info_off, h.func_info_len, &funcs) ||
	    part_at(data, size, h.line_info_off, h.line_info_len, &lines) ||
	    part_at(data, size, h.core_relo_off, h.core_relo_len, &core))
		return obj_err(err, errlen, ef->path, ".BTF.ext section offsets are out of range");
	ret = walk_part(ef, btf, &funcs, "func info", 8, check_func, exts, err, errlen);
	if (!ret)
		ret = walk_part(ef, btf, &lines, "line info", sizeof(struct line_rec), add_line,
				exts, err, errlen);
	if (!ret)
		ret = walk_part(ef, btf, &core, "CO-RE relocation", sizeof(struct core_relo_rec),
				add_core, exts, err, errlen);
	for (size_t i = 0; !ret && i < ef->shnum; i++)
		if (exts[i].line_cnt)
			qsort(exts[i].lines, exts[i].line_cnt, sizeof(struct sec_line), cmp_line);
	return ret;
}

void btf_ext_free(struct sec_ext *exts, size_t cnt)
{
	for (size_t i = 0; exts && i < cnt; i++) {
		free(exts[i].lines);
		free(exts[i].core);
	}
	free(exts);
}

/* The line in force at sec_insn: the last record at or before it. */
const struct obj_line *sec_ext_line(const struct sec_ext *x, uint32_t sec_insn)
{
	size_t lo = 0, hi = x->line_cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->lines[mid].sec_insn <= sec_insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &x->lines[lo - 1].line : NULL;
}
