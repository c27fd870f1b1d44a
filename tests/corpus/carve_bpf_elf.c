/*
 * carve_bpf_elf: find BPF ELF objects embedded in a file (for example the
 * skeletons that libbpf-tools binaries carry in .rodata) and write each one
 * to its own file.
 *
 * usage: carve_bpf_elf [-q] INPUT OUTPREFIX
 *
 * Every offset of INPUT holding an ELF64 header with e_machine EM_BPF (247)
 * is a candidate. A candidate is accepted only when its headers are
 * consistent: section header table and every section's contents inside the
 * input, e_shstrndx valid, sizes of the header structures as ELF64 says. Its
 * size is the end of whatever lies furthest in the file: the ELF header, the
 * section header table, a section's contents, the program header table.
 * The first object found is written to OUTPREFIX.bpf.o, the k-th (k >= 2) to
 * OUTPREFIX.k.bpf.o; one line per object goes to stdout:
 *     <file> offset=<hex> size=<bytes> sections=<n>
 * Scanning resumes after the end of an accepted object.
 *
 * Exit status: 0 if at least one object was written, 1 if none was found,
 * 2 on usage or I/O errors.
 *
 * Only libc; never reads outside the input buffer, whatever the input holds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EM_BPF_ 247u
#define EHDR64_SIZE 64u
#define SHDR64_SIZE 64u
#define PHDR64_SIZE 56u
#define SHT_NOBITS_ 8u
#define SHN_XINDEX_ 0xffffu
#define SHN_LORESERVE_ 0xff00u

struct buf {
	const unsigned char *p;
	size_t len;
};

/* Byte-order-aware readers; callers guarantee [off, off+n) is in bounds. */
static uint64_t rd(const unsigned char *p, unsigned n, int big_endian)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		unsigned idx = big_endian ? i : n - 1 - i;
		v = (v << 8) | p[idx];
	}
	return v;
}

/* Is [off, off+size) inside a region of length len? Overflow-safe. */
static int in_range(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

/*
 * Check the candidate at b->p[0..b->len) (b->len is what remains of the
 * input). On success store its size and section count and return 1.
 */
static int check_bpf_elf(const struct buf *b, uint64_t *size_out,
			 uint64_t *nsec_out)
{
	const unsigned char *h = b->p;
	uint64_t len = b->len;
	int be;
	uint64_t e_phoff, e_shoff, e_phnum, e_shnum, e_shstrndx;
	uint64_t e_ehsize, e_phentsize, e_shentsize, end, i;

	if (len < EHDR64_SIZE)
		return 0;
	if (memcmp(h, "\177ELF", 4) != 0)
		return 0;
	if (h[4] != 2)			/* ELFCLASS64 */
		return 0;
	if (h[5] != 1 && h[5] != 2)	/* ELFDATA2LSB / ELFDATA2MSB */
		return 0;
	if (h[6] != 1)			/* EV_CURRENT */
		return 0;
	be = h[5] == 2;
	if (rd(h + 18, 2, be) != EM_BPF_)
		return 0;
	if (rd(h + 20, 4, be) != 1)	/* e_version */
		return 0;

	e_phoff = rd(h + 32, 8, be);
	e_shoff = rd(h + 40, 8, be);
	e_ehsize = rd(h + 52, 2, be);
	e_phentsize = rd(h + 54, 2, be);
	e_phnum = rd(h + 56, 2, be);
	e_shentsize = rd(h + 58, 2, be);
	e_shnum = rd(h + 60, 2, be);
	e_shstrndx = rd(h + 62, 2, be);

	if (e_ehsize != EHDR64_SIZE)
		return 0;
	if (e_shoff == 0 || e_shentsize != SHDR64_SIZE)
		return 0;
	if (e_shoff < EHDR64_SIZE || !in_range(e_shoff, SHDR64_SIZE, len))
		return 0;
	/* Extended numbering: the real counts live in section header 0. */
	if (e_shnum == 0)
		e_shnum = rd(h + e_shoff + 32, 8, be);	/* sh_size */
	if (e_shstrndx == SHN_XINDEX_)
		e_shstrndx = rd(h + e_shoff + 40, 4, be);	/* sh_link */
	else if (e_shstrndx >= SHN_LORESERVE_)
		return 0;
	if (e_shnum == 0 || e_shnum > len / SHDR64_SIZE)
		return 0;
	if (!in_range(e_shoff, e_shnum * SHDR64_SIZE, len))
		return 0;
	if (e_shstrndx == 0 || e_shstrndx >= e_shnum)
		return 0;
	end = e_shoff + e_shnum * SHDR64_SIZE;

	if (e_phnum != 0) {
		if (e_phentsize != PHDR64_SIZE || e_phnum == 0xffff)
			return 0;
		if (!in_range(e_phoff, e_phnum * PHDR64_SIZE, len))
			return 0;
		if (e_phoff + e_phnum * PHDR64_SIZE > end)
			end = e_phoff + e_phnum * PHDR64_SIZE;
	}

	for (i = 0; i < e_shnum; i++) {
		const unsigned char *s = h + e_shoff + i * SHDR64_SIZE;
		uint64_t type = rd(s + 4, 4, be);
		uint64_t off = rd(s + 24, 8, be);
		uint64_t size = rd(s + 32, 8, be);
		uint64_t link = rd(s + 40, 4, be);

		if (i == 0)
			continue;	/* SHT_NULL (or extended counts) */
		if (link >= e_shnum)
			return 0;
		if (type == SHT_NOBITS_ || size == 0)
			continue;
		if (!in_range(off, size, len))
			return 0;
		if (off + size > end)
			end = off + size;
	}
	/* The section name table must be a real string table. */
	{
		const unsigned char *s = h + e_shoff + e_shstrndx * SHDR64_SIZE;

		if (rd(s + 4, 4, be) != 3)	/* SHT_STRTAB */
			return 0;
	}

	*size_out = end;
	*nsec_out = e_shnum;
	return 1;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t len = 0, cap = 0;

	if (!f) {
		fprintf(stderr, "carve_bpf_elf: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 1u << 20;
			unsigned char *np;

			if (ncap < cap) {
				fprintf(stderr, "carve_bpf_elf: %s: too large\n", path);
				goto fail;
			}
			np = realloc(p, ncap);
			if (!np) {
				fprintf(stderr, "carve_bpf_elf: %s: out of memory\n", path);
				goto fail;
			}
			p = np;
			cap = ncap;
		}
		n = fread(p + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f)) {
				fprintf(stderr, "carve_bpf_elf: %s: read error\n", path);
				goto fail;
			}
			break;
		}
	}
	fclose(f);
	out->p = p;
	out->len = len;
	return 0;
fail:
	free(p);
	fclose(f);
	return -1;
}

static int write_file(const char *path, const unsigned char *p, size_t len)
{
	size_t tlen = strlen(path) + 5;
	char *tmp = malloc(tlen);
	FILE *f;
	int ok;

	if (!tmp) {
		fprintf(stderr, "carve_bpf_elf: out of memory\n");
		return -1;
	}
	snprintf(tmp, tlen, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "carve_bpf_elf: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = fwrite(p, 1, len, f) == len;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "carve_bpf_elf: %s: %s\n", path, strerror(errno));
		remove(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int main(int argc, char **argv)
{
	struct buf in;
	const char *input, *prefix;
	char *name;
	size_t name_len, off = 0;
	unsigned count = 0;
	int quiet = 0, argi = 1, rc = 0;

	if (argc > 1 && strcmp(argv[1], "-q") == 0) {
		quiet = 1;
		argi++;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: %s [-q] INPUT OUTPREFIX\n", argv[0]);
		return 2;
	}
	input = argv[argi];
	prefix = argv[argi + 1];
	if (read_file(input, &in) != 0)
		return 2;

	name_len = strlen(prefix) + 32;
	name = malloc(name_len);
	if (!name) {
		fprintf(stderr, "carve_bpf_elf: out of memory\n");
		free((void *)in.p);
		return 2;
	}

	while (off + 4 <= in.len) {
		const unsigned char *hit;
		struct buf cand;
		uint64_t size, nsec;

		hit = memchr(in.p + off, 0x7f, in.len - off);
		if (!hit)
			break;
		off = (size_t)(hit - in.p);
		cand.p = hit;
		cand.len = in.len - off;
		if (!check_bpf_elf(&cand, &size, &nsec)) {
			off++;
			continue;
		}
		count++;
		if (count == 1)
			snprintf(name, name_len, "%s.bpf.o", prefix);
		else
			snprintf(name, name_len, "%s.%u.bpf.o", prefix, count);
		if (write_file(name, hit, (size_t)size) != 0) {
			rc = 2;
			break;
		}
		if (!quiet)
			printf("%s offset=0x%zx size=%llu sections=%llu\n", name,
			       off, (unsigned long long)size,
			       (unsigned long long)nsec);
		off += (size_t)size;
	}

	free(name);
	free((void *)in.p);
	if (rc)
		return rc;
	return count ? 0 : 1;
}
