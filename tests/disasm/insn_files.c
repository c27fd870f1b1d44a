// SPDX-License-Identifier: MIT
/* Test support: the executable sections of BPF objects, or raw files. */
#include "insn_files.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

static int fail(const char *path, const char *what)
{
	fprintf(stderr, "%s: %s\n", path, what);
	return -1;
}

/* A BPF program section: code, with bytes in the file. */
static int is_code(const GElf_Shdr *sh)
{
	return sh->sh_type == SHT_PROGBITS && (sh->sh_flags & SHF_EXECINSTR) &&
	       sh->sh_size > 0;
}

static int walk_section(Elf *elf, Elf_Scn *scn, size_t shstrndx, const char *path,
			insn_section_fn fn, void *ctx)
{
	const char *name;
	Elf_Data *data;
	GElf_Shdr sh;

	if (!gelf_getshdr(scn, &sh))
		return fail(path, elf_errmsg(-1));
	if (!is_code(&sh))
		return 0;
	name = elf_strptr(elf, shstrndx, sh.sh_name);
	data = elf_getdata(scn, NULL);
	if (!name || !data)
		return fail(path, elf_errmsg(-1));
	if (data->d_size % 8)
		return fail(path, "code section size is not a multiple of 8");
	return fn(ctx, path, name, data->d_buf, data->d_size);
}

static int walk_elf(int fd, const char *path, insn_section_fn fn, void *ctx)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Ehdr eh;
	int err = 0;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || !gelf_getehdr(elf, &eh) || elf_getshdrstrndx(elf, &shstrndx))
		err = fail(path, elf_errmsg(-1));
	else if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
		 eh.e_machine != EM_BPF)
		err = fail(path, "not a 64-bit little-endian BPF object");
	while (!err && (scn = elf_nextscn(elf, scn)))
		err = walk_section(elf, scn, shstrndx, path, fn, ctx);
	elf_end(elf);
	return err;
}

static int walk_raw(int fd, const char *path, insn_section_fn fn, void *ctx)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t got = 0;
	int err;

	while (buf && (got = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap) {
			char *bigger = realloc(buf, cap *= 2);

			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	if (!buf)
		return fail(path, "out of memory");
	if (got < 0 || n % 8)
		err = fail(path, got < 0 ? strerror(errno) : "size is not a multiple of 8");
	else
		err = fn(ctx, path, "raw", buf, n);
	free(buf);
	return err;
}

int insn_files_walk(const char *path, insn_section_fn fn, void *ctx)
{
	unsigned char magic[4] = { 0 };
	int fd = open(path, O_RDONLY);
	int err;

	if (fd < 0)
		return fail(path, strerror(errno));
	if (pread(fd, magic, sizeof(magic), 0) == sizeof(magic) && !memcmp(magic, ELFMAG, SELFMAG))
		err = walk_elf(fd, path, fn, ctx);
	else
		err = walk_raw(fd, path, fn, ctx);
	close(fd);
	return err;
}
