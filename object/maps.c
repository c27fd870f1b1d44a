// SPDX-License-Identifier: MIT
/*
 * object: the maps of an object, in libbpf's order (bpf_object__init_maps):
 * legacy "maps" section, BTF-defined ".maps", global data sections in
 * section order, .kconfig.
 *
 * libbpf 1.x refuses legacy "maps" definitions, so those are read here
 * (struct bpf_map_def: type, key_size, value_size, max_entries, map_flags);
 * everything else comes from libbpf's parse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The legacy struct bpf_map_def, as libbpf 0.x read it. */
struct legacy_map_def {
	uint32_t type, key_size, value_size, max_entries, map_flags;
};

int maps_legacy_sec(const struct elf_file *ef)
{
	for (size_t i = 1; i < ef->shnum; i++)
		if (!strcmp(ef->secs[i].name, "maps") && ef->secs[i].sh.sh_type == SHT_PROGBITS)
			return (int)i;
	return -1;
}

static int add_map(struct obj *o, size_t *cap, struct obj_map **out)
{
	if (o->map_cnt == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		struct obj_map *v = realloc(o->maps, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		o->maps = v;
		*cap = n;
	}
	*out = memset(&o->maps[o->map_cnt++], 0, sizeof(**out));
	return 0;
}

/* bpf_object__init_user_maps() of libbpf 0.x: one symbol, one definition. */
static int load_legacy(struct obj *o, const struct elf_file *ef, size_t *cap,
		       char *err, size_t errlen)
{
	int sec = maps_legacy_sec(ef);
	const struct elf_sec *s;

	if (sec < 0)
		return 0;
	s = &ef->secs[sec];
	for (size_t i = 1; i < ef->sym_cnt; i++) {
		struct legacy_map_def def;
		struct obj_map *m;
		GElf_Sym sym;
		int ret;

		if (elf_sym(ef, i, &sym) || sym.st_shndx != sec ||
		    GELF_ST_TYPE(sym.st_info) == STT_SECTION)
			continue;
		if (!s->data || sym.st_value > s->sh.sh_size ||
		    s->sh.sh_size - sym.st_value < sizeof(def))
			return obj_err(err, errlen, ef->path,
				       "map '%s' at offset %lu is out of range of section 'maps' (%lu bytes)",
				       elf_sym_name(ef, &sym), (unsigned long)sym.st_value,
				       (unsigned long)s->sh.sh_size);
		memcpy(&def, (const char *)s->data->d_buf + sym.st_value, sizeof(def));
		ret = add_map(o, cap, &m);
		if (ret)
			return ret;
		m->name = strdup(elf_sym_name(ef, &sym));
		if (!m->name)
			return -ENOMEM;
		m->kind = OBJ_MAP_USER;
		m->type = def.type;
		m->key_size = def.key_size;
		m->value_size = def.value_size;
		m->max_entries = def.max_entries;
		m->flags = def.map_flags;
	}
	return 0;
}

/* libbpf's data sections: .data, .rodata, .bss and their ".name" variants. */
static enum obj_map_kind data_kind(const char *sec)
{
	static const struct { const char *pfx; enum obj_map_kind kind; } kinds[] = {
		{ ".data", OBJ_MAP_DATA }, { ".rodata", OBJ_MAP_RODATA }, { ".bss", OBJ_MAP_BSS },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i].pfx);

		if (!strncmp(sec, kinds[i].pfx, n) && (sec[n] == 0 || sec[n] == '.'))
			return kinds[i].kind;
	}
	return OBJ_MAP_OTHER;
}

static bool is_data_sec(const struct elf_sec *s)
{
	return (s->sh.sh_type == SHT_PROGBITS || s->sh.sh_type == SHT_NOBITS) &&
	       !(s->sh.sh_flags & SHF_EXECINSTR) && data_kind(s->name) != OBJ_MAP_OTHER;
}

/*
 * libbpf creates internal maps for data sections in section order
 * (bpf_object__init_global_data_maps), after the user maps and before
 * .kconfig: pair them up and check the sizes agree.
 */
static int pair_data_maps(struct obj *o, const struct elf_file *ef, struct map_index *mi,
			  char *err, size_t errlen)
{
	size_t sec = 1;

	for (size_t m = 0; m < o->map_cnt; m++) {
		struct obj_map *map = &o->maps[m];

		if (map->kind != OBJ_MAP_OTHER)
			continue;
		while (sec < ef->shnum && !is_data_sec(&ef->secs[sec]))
			sec++;
		if (sec >= ef->shnum)
			break;
		if (ef->secs[sec].sh.sh_size != map->value_size)
			return obj_err(err, errlen, o->path,
				       "internal error: map '%s' does not match section '%s'",
				       map->name, ef->secs[sec].name);
		map->kind = data_kind(ef->secs[sec].name);
		mi->sec_map[sec++] = (int)m;
	}
	return 0;
}

static int add_libbpf_map(struct obj *o, const struct bpf_map *lm, size_t *cap,
			  struct map_index *mi)
{
	const char *name = bpf_map__name(lm);
	size_t len = strlen(name);
	struct obj_map *m;
	int ret = add_map(o, cap, &m);

	if (ret)
		return ret;
	m->name = strdup(name);
	if (!m->name)
		return -ENOMEM;
	m->type = bpf_map__type(lm);
	m->key_size = bpf_map__key_size(lm);
	m->value_size = bpf_map__value_size(lm);
	m->max_entries = bpf_map__max_entries(lm);
	m->flags = bpf_map__map_flags(lm);
	m->btf_key_type_id = bpf_map__btf_key_type_id(lm);
	m->btf_value_type_id = bpf_map__btf_value_type_id(lm);
	m->kind = bpf_map__is_internal(lm) ? OBJ_MAP_OTHER : OBJ_MAP_USER;
	if (m->kind == OBJ_MAP_OTHER && len >= 8 && !strcmp(name + len - 8, ".kconfig")) {
		m->kind = OBJ_MAP_KCONFIG;
		mi->kconfig_map = (int)(o->map_cnt - 1);
	}
	if (m->kind != OBJ_MAP_USER)
		m->init = bpf_map__initial_value((struct bpf_map *)lm, &m->init_size);
	return 0;
}

int maps_load(struct obj *o, const struct bpf_object *lbo, const struct elf_file *ef,
	      int *sec_map, struct map_index *mi, char *err, size_t errlen)
{
	const struct bpf_map *lm;
	size_t cap = 0;
	int ret;

	memset(sec_map, 0xff, ef->shnum * sizeof(int));
	*mi = (struct map_index){ NULL, 0, sec_map, -1 };
	ret = load_legacy(o, ef, &cap, err, errlen);
	for (lm = bpf_object__next_map(lbo, NULL); !ret && lm; lm = bpf_object__next_map(lbo, lm))
		ret = add_libbpf_map(o, lm, &cap, mi);
	mi->maps = o->maps;
	mi->cnt = o->map_cnt;
	return ret ? ret : pair_data_maps(o, ef, mi, err, errlen);
}
