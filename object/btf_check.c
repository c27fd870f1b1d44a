// SPDX-License-Identifier: MIT
/*
 * object: validate the object's BTF before libbpf 1.1 walks it.
 *
 * libbpf 1.1's btf__new() checks the layout but not that names and type
 * references are in range (libbpf 1.2 added btf_validate_type()), and its
 * object parser then dereferences them: malformed BTF crashes it.  This
 * checks what libbpf's later btf_validate_type() checks.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static bool name_ok(const struct btf *btf, uint32_t off)
{
	return btf__str_by_offset(btf, off) != NULL;
}

static bool id_ok(uint32_t id, uint32_t cnt)
{
	return id < cnt;
}

/* btf_validate_type(): names and referenced ids of one type. */
static bool type_ok(const struct btf *btf, const struct btf_type *t, uint32_t cnt)
{
	uint16_t vlen = btf_vlen(t);

	if (!name_ok(btf, t->name_off))
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC:
	case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: case BTF_KIND_TYPE_TAG:
		return id_ok(t->type, cnt);
	case BTF_KIND_ARRAY:
		return id_ok(btf_array(t)->type, cnt) && id_ok(btf_array(t)->index_type, cnt);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		for (uint16_t i = 0; i < vlen; i++)
			if (!name_ok(btf, btf_members(t)[i].name_off) ||
			    !id_ok(btf_members(t)[i].type, cnt))
				return false;
		return true;
	case BTF_KIND_ENUM:
		for (uint16_t i = 0; i < vlen; i++)
			if (!name_ok(btf, btf_enum(t)[i].name_off))
				return false;
		return true;
	case BTF_KIND_ENUM64:
		for (uint16_t i = 0; i < vlen; i++)
			if (!name_ok(btf, btf_enum64(t)[i].name_off))
				return false;
		return true;
	case BTF_KIND_FUNC_PROTO:
		if (!id_ok(t->type, cnt))
			return false;
		for (uint16_t i = 0; i < vlen; i++)
			if (!name_ok(btf, btf_params(t)[i].name_off) ||
			    !id_ok(btf_params(t)[i].type, cnt))
				return false;
		return true;
	case BTF_KIND_DATASEC:
		for (uint16_t i = 0; i < vlen; i++)
			if (!id_ok(btf_var_secinfos(t)[i].type, cnt))
				return false;
		return true;
	default:
		return true;
	}
}

/* A DATASEC's variables lie inside the ELF section it names (libbpf 1.1 memcpy()s them). */
static bool datasec_ok(const struct elf_file *ef, const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__str_by_offset(btf, t->name_off);
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);
	uint64_t size = 0;
	bool found = false;

	for (size_t i = 1; name && i < ef->shnum; i++)
		if (!strcmp(ef->secs[i].name, name)) {
			size = ef->secs[i].sh.sh_size;
			found = true;
		}
	if (!found)
		return true; /* .kconfig, .ksyms: laid out by libbpf itself */
	for (uint16_t i = 0; i < btf_vlen(t); i++)
		if ((uint64_t)vs[i].offset + vs[i].size > size)
			return false;
	return t->size <= size;
}

int btf_check(const struct elf_file *ef, struct btf **out, char *err, size_t errlen)
{
	const struct elf_sec *s;
	struct btf *btf;
	uint32_t cnt;

	*out = NULL;
	if (ef->btf_idx < 0)
		return 0;
	s = &ef->secs[ef->btf_idx];
	if (!s->data)
		return obj_err(err, errlen, ef->path, "empty .BTF section");
	btf = btf__new(s->data->d_buf, (uint32_t)s->data->d_size);
	if (!btf)
		return obj_err(err, errlen, ef->path, "malformed .BTF section");
	cnt = btf__type_cnt(btf);
	for (uint32_t id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!type_ok(btf, t, cnt) || (btf_is_datasec(t) && !datasec_ok(ef, btf, t))) {
			btf__free(btf);
			return obj_err(err, errlen, ef->path,
				       "malformed .BTF section: type %u has a bad name or type reference", id);
		}
	}
	*out = btf;
	return 0;
}
