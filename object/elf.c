// SPDX-License-Identifier: MIT
/*
 * object: open and validate a BPF ELF object with libelf.
 *
 * Everything a later stage indexes is checked here once (section extents,
 * symbol and relocation indices), so that malformed input becomes a
 * one-line error before libbpf or the linker ever sees it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

static int check_header(struct elf_file *ef, size_t size, char *err, size_t errlen)
{
	GElf_Ehdr eh;

	if (size == 0)
		return obj_err(err, errlen, ef->path, "empty file");
	if (elf_kind(ef->elf) != ELF_K_ELF)
		return obj_err(err, errlen, ef->path, "not an ELF file");
	if (gelf_getclass(ef->elf) != ELFCLASS64 || !gelf_getehdr(ef->elf, &eh))
		return obj_err(err, errlen, ef->path, "not a 64-bit ELF file (%s)",
			       elf_errmsg(-1));
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return obj_err(err, errlen, ef->path, "big-endian BPF objects are not supported");
	/* libbpf accepts EM_NONE too, from compilers older than clang 3.9. */
	if (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE)
		return obj_err(err, errlen, ef->path,
			       "ELF machine is %u, not BPF (%u): not a BPF object",
			       eh.e_machine, EM_BPF);
	if (eh.e_type != ET_REL)
		return obj_err(err, errlen, ef->path, "ELF type %u is not a relocatable object",
			       eh.e_type);
	if (eh.e_shoff == 0)
		return obj_err(err, errlen, ef->path, "ELF file has no section headers");
	if (eh.e_shoff > size || (uint64_t)eh.e_shnum * eh.e_shentsize > size - eh.e_shoff)
		return obj_err(err, errlen, ef->path,
			       "truncated ELF: section headers end past the file's %zu bytes", size);
	return 0;
}

/* Reads every section header and checks its data lies inside the file. */
static int load_sections(struct elf_file *ef, size_t size, char *err, size_t errlen)
{
	size_t shstrndx;

	if (elf_getshdrnum(ef->elf, &ef->shnum) || elf_getshdrstrndx(ef->elf, &shstrndx))
		return obj_err(err, errlen, ef->path, "truncated or corrupt ELF: %s",
			       elf_errmsg(-1));
	if (ef->shnum == 0 || shstrndx == 0 || shstrndx >= ef->shnum)
		return obj_err(err, errlen, ef->path, "ELF file has no section headers");
	/* The section name table starts with "", as ELF requires (libbpf_view relies on it). */
	if (!elf_strptr(ef->elf, shstrndx, 0) || *elf_strptr(ef->elf, shstrndx, 0))
		return obj_err(err, errlen, ef->path, "malformed section name table");
	ef->secs = calloc(ef->shnum, sizeof(*ef->secs));
	if (!ef->secs)
		return -ENOMEM;
	for (size_t i = 1; i < ef->shnum; i++) {
		struct elf_sec *s = &ef->secs[i];
		Elf_Scn *scn = elf_getscn(ef->elf, i);

		if (!scn || !gelf_getshdr(scn, &s->sh))
			return obj_err(err, errlen, ef->path, "corrupt section header %zu", i);
		if (s->sh.sh_type != SHT_NOBITS &&
		    (s->sh.sh_offset > size || s->sh.sh_size > size - s->sh.sh_offset))
			return obj_err(err, errlen, ef->path,
				       "section %zu extends past the end of the file (truncated ELF?)", i);
		s->name = elf_strptr(ef->elf, shstrndx, s->sh.sh_name);
		if (!s->name || !*s->name)
			return obj_err(err, errlen, ef->path, "section %zu has a bad or empty name", i);
		if (s->sh.sh_type != SHT_NOBITS && s->sh.sh_size) {
			s->data = elf_getdata(scn, NULL);
			if (!s->data || s->data->d_size != s->sh.sh_size)
				return obj_err(err, errlen, ef->path,
					       "cannot read section '%s': %s", s->name, elf_errmsg(-1));
		}
	}
	return 0;
}

/* Finds the symbol table and the sections linking cares about. */
static int index_sections(struct elf_file *ef, char *err, size_t errlen)
{
	ef->text_idx = ef->btf_idx = ef->btf_ext_idx = -1;
	for (size_t i = 1; i < ef->shnum; i++) {
		struct elf_sec *s = &ef->secs[i];

		if (s->sh.sh_type == SHT_SYMTAB) {
			if (ef->symtab)
				return obj_err(err, errlen, ef->path, "more than one symbol table");
			if (!s->data || s->sh.sh_entsize != sizeof(Elf64_Sym) ||
			    s->sh.sh_link == 0 || s->sh.sh_link >= ef->shnum ||
			    ef->secs[s->sh.sh_link].sh.sh_type != SHT_STRTAB)
				return obj_err(err, errlen, ef->path, "malformed symbol table");
			ef->symtab = s->data;
			ef->sym_cnt = s->sh.sh_size / sizeof(Elf64_Sym);
			ef->strtab_idx = s->sh.sh_link;
		} else if (!strcmp(s->name, ".text")) {
			ef->text_idx = (int)i;
		} else if (!strcmp(s->name, ".BTF")) {
			ef->btf_idx = (int)i;
		} else if (!strcmp(s->name, ".BTF.ext")) {
			ef->btf_ext_idx = (int)i;
		}
		if (elf_sec_is_prog(ef, i) && s->sh.sh_size % ISA_INSN_SZ)
			return obj_err(err, errlen, ef->path,
				       "program section '%s' size %lu is not a multiple of %d",
				       s->name, (unsigned long)s->sh.sh_size, ISA_INSN_SZ);
	}
	if (!ef->symtab)
		return obj_err(err, errlen, ef->path, "no symbol table (stripped object?)");
	return 0;
}

/*
 * A function in a program section lies inside it.  libbpf 1.1's
 * bpf_object__add_programs() tests st_value + st_size against the section
 * size, a sum that can wrap, and then copies from before the section
 * (tests/fuzz/regressions/libbpf-1.1-open-mem-overread.bin).
 */
static bool func_fits(const struct elf_file *ef, const GElf_Sym *sym)
{
	uint64_t sec_sz;

	if (GELF_ST_TYPE(sym->st_info) != STT_FUNC || sym->st_shndx >= ef->shnum ||
	    !elf_sec_is_prog(ef, sym->st_shndx))
		return true;
	sec_sz = ef->secs[sym->st_shndx].sh.sh_size;
	return sym->st_value <= sec_sz && sym->st_size <= sec_sz - sym->st_value;
}

/* Every symbol names a real section or a special index, with a valid name. */
static int check_symbols(struct elf_file *ef, char *err, size_t errlen)
{
	for (size_t i = 1; i < ef->sym_cnt; i++) {
		GElf_Sym sym;

		if (!gelf_getsym(ef->symtab, (int)i, &sym))
			return obj_err(err, errlen, ef->path, "corrupt symbol %zu", i);
		if (sym.st_shndx >= ef->shnum && sym.st_shndx < SHN_LORESERVE)
			return obj_err(err, errlen, ef->path,
				       "symbol %zu refers to section %u of %zu", i,
				       sym.st_shndx, ef->shnum);
		if (!elf_sym_name(ef, &sym))
			return obj_err(err, errlen, ef->path, "symbol %zu has a bad name offset", i);
		if (!func_fits(ef, &sym))
			return obj_err(err, errlen, ef->path,
				       "function '%s' does not fit in section '%s'",
				       elf_sym_name(ef, &sym), ef->secs[sym.st_shndx].name);
	}
	return 0;
}

/* Relocations must point at an instruction of their section and a real symbol. */
static int check_relocations(struct elf_file *ef, char *err, size_t errlen)
{
	for (size_t i = 1; i < ef->shnum; i++) {
		const struct elf_sec *s = &ef->secs[i];
		size_t n, target = s->sh.sh_info;

		if (s->sh.sh_type != SHT_REL)
			continue;
		if (target == 0 || target >= ef->shnum)
			return obj_err(err, errlen, ef->path,
				       "relocation section '%s' targets section %zu of %zu",
				       s->name, target, ef->shnum);
		if (!elf_sec_is_prog(ef, target))
			continue; /* .rel.BTF, .rel.maps, ...: not code */
		if (s->sh.sh_entsize != sizeof(Elf64_Rel) || !s->data)
			return obj_err(err, errlen, ef->path, "malformed relocation section '%s'",
				       s->name);
		n = s->sh.sh_size / sizeof(Elf64_Rel);
		for (size_t j = 0; j < n; j++) {
			GElf_Rel rel;
			size_t sym = 0;

			if (gelf_getrel(s->data, (int)j, &rel))
				sym = GELF_R_SYM(rel.r_info);
			else
				return obj_err(err, errlen, ef->path, "corrupt relocation %zu in '%s'",
					       j, s->name);
			if (sym == 0 || sym >= ef->sym_cnt)
				return obj_err(err, errlen, ef->path,
					       "relocation %zu in '%s' refers to missing symbol %zu",
					       j, s->name, sym);
			if (rel.r_offset % ISA_INSN_SZ ||
			    rel.r_offset >= ef->secs[target].sh.sh_size)
				return obj_err(err, errlen, ef->path,
					       "relocation %zu in '%s' at offset %lu is outside '%s'",
					       j, s->name, (unsigned long)rel.r_offset,
					       ef->secs[target].name);
		}
	}
	return 0;
}

int elf_file_open(struct elf_file *ef, const char *path, const void *buf,
		  size_t size, char *err, size_t errlen)
{
	int ret;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	if (size == 0)
		return obj_err(err, errlen, path, "empty file");
	elf_version(EV_CURRENT);
	ef->elf = elf_memory((char *)buf, size);
	if (!ef->elf)
		return obj_err(err, errlen, path, "cannot parse ELF: %s", elf_errmsg(-1));
	ret = check_header(ef, size, err, errlen);
	if (!ret)
		ret = load_sections(ef, size, err, errlen);
	if (!ret)
		ret = index_sections(ef, err, errlen);
	if (!ret)
		ret = check_symbols(ef, err, errlen);
	if (!ret)
		ret = check_relocations(ef, err, errlen);
	return ret;
}

void elf_file_close(struct elf_file *ef)
{
	free(ef->secs);
	if (ef->elf)
		elf_end(ef->elf);
	memset(ef, 0, sizeof(*ef));
}

int elf_sym(const struct elf_file *ef, size_t idx, GElf_Sym *sym)
{
	if (idx >= ef->sym_cnt || !gelf_getsym(ef->symtab, (int)idx, sym))
		return -EINVAL;
	return 0;
}

const char *elf_sym_name(const struct elf_file *ef, const GElf_Sym *sym)
{
	return elf_strptr(ef->elf, ef->strtab_idx, sym->st_name);
}

/* A section libbpf takes programs from: executable PROGBITS with code. */
bool elf_sec_is_prog(const struct elf_file *ef, size_t idx)
{
	const struct elf_sec *s = &ef->secs[idx];

	return s->sh.sh_type == SHT_PROGBITS && (s->sh.sh_flags & SHF_EXECINSTR) &&
	       s->sh.sh_size > 0;
}
