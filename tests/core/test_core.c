/* SPDX-License-Identifier: MIT */
/*
 * Tests of the CO-RE relocation engine (object/core.c) and the .BTF.ext
 * record iterator (object/btf_ext_core.c).
 *
 * usage: test_core CORE_PROGS.bpf.o TARGET_BTF.o
 *
 * 1. Every CO-RE record of core_progs.bpf.o is applied against the target
 *    BTF and the instruction checked against the target layout, computed
 *    here independently: offsetof/sizeof over target_types.h, bitfield
 *    positions measured by setting the field in memory.
 * 2. libbpf 1.1 relocates the same object inside bpf_object__load(); with
 *    its bpf() syscall faked (syscall() below interposes on libc's), the
 *    programs it would send to the kernel are captured and compared with
 *    ours, instruction for instruction.
 * 3. Malformed records, instructions and BTF give -EINVAL, never a crash.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "core.h"
#include "target_types.h"

#define POISON_IMM 0xbad2310

static const char *progs_path, *target_path;

/* ---- the object, read with libelf ---------------------------------- */

struct elf_sec {
	char name[64];
	struct bpf_insn *insns;	/* as compiled */
	struct bpf_insn *work;	/* relocated by relocate_all() */
	size_t cnt;
};

struct elf_func {
	char name[64];
	char sec[64];
	size_t off, cnt;	/* in instructions */
};

struct object {
	struct btf *btf;	/* local */
	uint8_t *ext;		/* the .BTF.ext section */
	uint32_t ext_sz;
	struct btf *target;
	struct elf_sec secs[8];
	size_t nsecs;
	struct elf_func funcs[16];
	size_t nfuncs;
};

static struct object obj;

static void read_elf(const char *path)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	Elf *elf;
	int fd;

	assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(elf);
	assert_int_equal(elf_getshdrstrndx(elf, &shstrndx), 0);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		assert_non_null(gelf_getshdr(scn, &sh));
		d = elf_getdata(scn, NULL);
		if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR) && d && d->d_size) {
			struct elf_sec *s = &obj.secs[obj.nsecs++];

			snprintf(s->name, sizeof(s->name), "%s",
				 elf_strptr(elf, shstrndx, sh.sh_name));
			s->cnt = d->d_size / sizeof(struct bpf_insn);
			s->insns = malloc(d->d_size);
			s->work = malloc(d->d_size);
			memcpy(s->insns, d->d_buf, d->d_size);
			memcpy(s->work, d->d_buf, d->d_size);
		}
		if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), ".BTF.ext") && d) {
			obj.ext = malloc(d->d_size);
			memcpy(obj.ext, d->d_buf, d->d_size);
			obj.ext_sz = (uint32_t)d->d_size;
		}
		if (sh.sh_type == SHT_SYMTAB && d) {
			size_t i, n = sh.sh_size / sh.sh_entsize;

			for (i = 0; i < n; i++) {
				GElf_Sym sym;
				GElf_Shdr fsh;
				struct elf_func *f;

				gelf_getsym(d, (int)i, &sym);
				if (GELF_ST_TYPE(sym.st_info) != STT_FUNC)
					continue;
				gelf_getshdr(elf_getscn(elf, sym.st_shndx), &fsh);
				f = &obj.funcs[obj.nfuncs++];
				snprintf(f->name, sizeof(f->name), "%s",
					 elf_strptr(elf, sh.sh_link, sym.st_name));
				snprintf(f->sec, sizeof(f->sec), "%s",
					 elf_strptr(elf, shstrndx, fsh.sh_name));
				f->off = sym.st_value / 8;
				f->cnt = sym.st_size / 8;
			}
		}
	}
	elf_end(elf);
	close(fd);
}

static struct elf_sec *find_sec(const char *name)
{
	size_t i;

	for (i = 0; i < obj.nsecs; i++)
		if (!strcmp(obj.secs[i].name, name))
			return &obj.secs[i];
	return NULL;
}

static int setup_object(void **state)
{
	(void)state;
	read_elf(progs_path);
	obj.btf = btf__parse_elf(progs_path, NULL);
	assert_non_null(obj.btf);
	assert_non_null(obj.ext);
	obj.target = btf__parse(target_path, NULL);
	assert_non_null(obj.target);
	return 0;
}

static int teardown_object(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < obj.nsecs; i++) {
		free(obj.secs[i].insns);
		free(obj.secs[i].work);
	}
	btf__free(obj.btf);
	free(obj.ext);
	btf__free(obj.target);
	return 0;
}

/* ---- expected values, from target_types.h -------------------------- */

enum { EXP_VALUE, EXP_POISON };

struct expect {
	const char *kind;	/* core_relo_kind_str() */
	const char *spec;	/* the local spec, as core_report prints it */
	uint64_t value;
	int how;
	int mem_size;		/* for loads/stores: bytes after relocation, 0: as is */
	int hits;
	bool ambiguous;		/* the compiler's own value may differ (bitfields) */
};

/* Where a bitfield lies, measured by setting it in memory. */
struct bitpos {
	unsigned int off, sz;
	bool is_signed;
};

static struct bitpos measure(const unsigned char *mem, size_t size, bool is_signed)
{
	struct bitpos b = { 0, 0, is_signed };
	unsigned int i, first = ~0u, last = 0;

	for (i = 0; i < size * 8; i++) {
		if (mem[i / 8] & (1u << (i % 8))) {
			if (first == ~0u)
				first = i;
			last = i;
		}
	}
	b.off = first;
	b.sz = last - first + 1;
	return b;
}

#define MEASURE(type, field) ({					\
	type v_;						\
	memset(&v_, 0, sizeof(v_));				\
	v_.field = ~v_.field;					\
	measure((const unsigned char *)&v_, sizeof(v_), (long long)v_.field < 0); \
})

/* The load libbpf chooses for a bitfield: naturally aligned, at least
 * the declared type's size, doubled until it covers the bits. */
static void bitfield_expect(struct expect *e, size_t *n, const char *spec,
			    struct bitpos b, unsigned int base_sz)
{
	unsigned int sz = base_sz, off = b.off / 8 / sz * sz;

	while (b.off + b.sz - off * 8 > sz * 8) {
		sz *= 2;
		off = b.off / 8 / sz * sz;
	}
	e[(*n)++] = (struct expect){ .kind = "byte_off", .spec = spec, .value = off,
				     .ambiguous = true };
	e[(*n)++] = (struct expect){ .kind = "byte_sz", .spec = spec, .value = sz,
				     .ambiguous = true };
	e[(*n)++] = (struct expect){ .kind = "lshift_u64", .spec = spec,
				     .value = 64 - (b.off + b.sz - off * 8), .ambiguous = true };
	e[(*n)++] = (struct expect){ .kind = "rshift_u64", .spec = spec, .value = 64 - b.sz };
	e[(*n)++] = (struct expect){ .kind = "signed", .spec = spec, .value = b.is_signed };
}

#define VAL(k, s, v) \
	e[n++] = (struct expect){ .kind = k, .spec = s, .value = (uint64_t)(v) }
#define MEM(s, v, size) \
	e[n++] = (struct expect){ .kind = "byte_off", .spec = s, .value = (uint64_t)(v), \
				  .mem_size = size }
#define POISON(k, s) \
	e[n++] = (struct expect){ .kind = k, .spec = s, .how = EXP_POISON }

static size_t build_expectations(struct expect *e)
{
	const struct outer *o = NULL;
	size_t n = 0;

	/* fields */
	VAL("byte_off", "struct outer.a", offsetof(struct outer, a));
	VAL("byte_off", "struct outer.ptr", offsetof(struct outer, ptr));
	VAL("byte_off", "struct outer.in[2].x", offsetof(struct outer, in[2].x));
	VAL("byte_off", "struct outer.in[1].y", offsetof(struct outer, in[1].y));
	VAL("byte_off", "struct outer.anon_a", offsetof(struct outer, anon_a));
	VAL("byte_off", "struct outer.anon_b", offsetof(struct outer, anon_b));
	VAL("byte_off", "struct outer.grid[1]", offsetof(struct outer, grid[1]));
	VAL("byte_off", "struct outer.flex[3]", offsetof(struct outer, flex) + 3 * sizeof(int));
	VAL("byte_off", "struct outer.flags", offsetof(struct outer, flags));
	VAL("byte_off", "struct outer.len", offsetof(struct outer, len));
	VAL("byte_off", "struct outer.in[1]", offsetof(struct outer, in[1]));
	VAL("byte_off", "struct outer.flex", offsetof(struct outer, flex));
	VAL("byte_off", "struct inner.x", offsetof(struct inner, x));
	VAL("byte_off", "struct inner[2].y", 2 * sizeof(struct inner) + offsetof(struct inner, y));
	MEM("struct outer.cnt", offsetof(struct outer, cnt), sizeof(o->cnt));
	POISON("byte_off", "struct outer.sval");
	VAL("byte_sz", "struct outer.in", sizeof(o->in));
	VAL("byte_sz", "struct outer.in[1]", sizeof(o->in[1]));
	VAL("byte_sz", "struct outer.grid[1]", sizeof(o->grid[1]));
	VAL("byte_sz", "struct outer.ptr", sizeof(o->ptr));
	VAL("signed", "struct outer.cnt", 0);
	VAL("signed", "struct outer.sval", 1);

	/* bitfields */
	bitfield_expect(e, &n, "struct bits.pad", MEASURE(struct bits, pad), sizeof(unsigned int));
	bitfield_expect(e, &n, "struct bits.sb", MEASURE(struct bits, sb), sizeof(int));
	bitfield_expect(e, &n, "struct bits.wide", MEASURE(struct bits, wide),
			sizeof(unsigned long long));
	bitfield_expect(e, &n, "struct bits.ub", MEASURE(struct bits, ub), sizeof(unsigned int));
	bitfield_expect(e, &n, "struct bits.u9", MEASURE(struct bits, u9), sizeof(unsigned short));
	bitfield_expect(e, &n, "struct pbits.straddle", MEASURE(struct pbits, straddle),
			sizeof(unsigned char));

	/* existence, flavours, candidates */
	VAL("field_exists", "struct renamed.kept", 1);
	VAL("field_exists", "struct renamed.old_name", 0);
	VAL("byte_off", "struct renamed.kept", offsetof(struct renamed, kept));
	POISON("byte_off", "struct renamed.old_name");
	VAL("byte_off", "struct flav___v2.b", offsetof(struct flav, b));
	VAL("byte_off", "struct flav___v2.c", offsetof(struct flav, c));
	VAL("field_exists", "struct flav___v2.c", 1);
	VAL("field_exists", "struct flav___old.legacy", 0);
	VAL("byte_off", "struct dup.x", offsetof(struct dup, x));
	VAL("byte_off", "struct dup.y", offsetof(struct dup, y));

	/* types; ids are filled in by the caller */
	VAL("type_exists", "struct outer", 1);
	VAL("type_exists", "struct only_local", 0);
	VAL("type_exists", "typedef inner_t", 1);
	VAL("type_exists", "union un", 1);
	VAL("type_size", "struct outer", sizeof(struct outer));
	VAL("type_size", "struct only_local", 0);
	VAL("type_size", "typedef inner_t", sizeof(inner_t));
	VAL("type_size", "union un", sizeof(union un));
	VAL("type_size", "enum64 big64", sizeof(enum big64));
	VAL("target_type_id", "struct outer", btf__find_by_name_kind(obj.target, "outer", BTF_KIND_STRUCT));
	VAL("target_type_id", "struct only_local", 0);
	VAL("target_type_id", "union un", btf__find_by_name_kind(obj.target, "un", BTF_KIND_UNION));
	VAL("local_type_id", "struct outer", btf__find_by_name_kind(obj.btf, "outer", BTF_KIND_STRUCT));
	VAL("local_type_id", "struct only_local",
	    btf__find_by_name_kind(obj.btf, "only_local", BTF_KIND_STRUCT));
	VAL("type_matches", "struct match_ok", 1);
	VAL("type_matches", "struct match_bad", 0);	/* int a vs long a */
	VAL("type_matches", "typedef inner_t", 1);
	VAL("type_matches", "enum color", 0);		/* PURPLE is missing */
	VAL("type_matches", "enum sgn", 1);

	/* enum values */
	VAL("enumval_exists", "enum color::RED", 1);
	VAL("enumval_exists", "enum color::PURPLE", 0);
	VAL("enumval_exists", "enum64 big64::B64_LO", 1);
	VAL("enumval_value", "enum color::RED", RED);
	VAL("enumval_value", "enum color::BLUE", BLUE);
	POISON("enumval_value", "enum color::PURPLE");
	VAL("enumval_value", "enum64 big64::B64_HI", B64_HI);
	VAL("enumval_value", "enum64 big64::B64_LO", B64_LO);
	VAL("enumval_value", "enum sgn::NEG", (int64_t)NEG);
	return n;
}

/* "[5] struct outer.in[2].x (0:1:2:0 @ offset 20)" -> "struct outer.in[2].x" */
static void spec_key(const char *spec, char *key, size_t len)
{
	const char *s = strchr(spec, ']');
	char *cut;

	snprintf(key, len, "%s", s ? s + 2 : spec);
	if ((cut = strstr(key, " (")) || (cut = strstr(key, " = ")))
		*cut = '\0';
}

static struct expect *find_expect(struct expect *e, size_t n, uint32_t kind,
				  const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].kind, core_relo_kind_str(kind)) && !strcmp(e[i].spec, key))
			return &e[i];
	return NULL;
}

/* The value an instruction carries, as bpf_core_patch_insn writes it. */
static uint64_t insn_value(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU: case BPF_ALU64:
		return (uint32_t)insn->imm;
	case BPF_LDX: case BPF_ST: case BPF_STX:
		return (uint16_t)insn->off;
	default:
		return (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
	}
}

static uint64_t value_as_encoded(const struct bpf_insn *insn, uint64_t v)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU: case BPF_ALU64:
		return (uint32_t)v;
	case BPF_LDX: case BPF_ST: case BPF_STX:
		return (uint16_t)v;
	default:
		return v;
	}
}

static bool is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->imm == POISON_IMM &&
	       !insn->src_reg && !insn->dst_reg && !insn->off;
}

/* Apply every record of the object; returns the number applied. */
static size_t relocate_all(struct core_ctx *ctx, struct expect *e, size_t ne,
			   bool verbose)
{
	struct core_ext_iter it;
	struct core_relo_rec rec;
	const void *raw;
	uint32_t raw_sz;
	char msg[256];
	size_t done = 0, i;
	int n;

	for (i = 0; i < obj.nsecs; i++)
		memcpy(obj.secs[i].work, obj.secs[i].insns, obj.secs[i].cnt * sizeof(struct bpf_insn));
	raw = obj.ext;
	raw_sz = obj.ext_sz;
	n = core_ext_iter_init(&it, raw, raw_sz, msg, sizeof(msg));
	assert_true(n > 0);
	while (core_ext_iter_next(&it, &rec)) {
		struct elf_sec *sec = find_sec(btf__name_by_offset(obj.btf, it.sec_name_off));
		struct core_report rep;
		struct bpf_insn before[2], *insn;
		struct expect *x;
		char key[192];
		int err;

		assert_non_null(sec);
		insn = &sec->work[rec.insn_off / 8];
		memcpy(before, insn, sizeof(before[0]) * (rec.insn_off / 8 + 1 < sec->cnt ? 2 : 1));
		err = core_relocate_report(ctx, &rec, sec->work, sec->cnt, &rep, msg, sizeof(msg));
		if (verbose)
			printf("#%-3u %-14s %-44s -> %s%s%s\n", rep.insn_idx,
			       core_relo_kind_str(rec.kind), rep.local_spec,
			       err == CORE_POISONED ? "poisoned: " : "",
			       err == CORE_POISONED ? msg : rep.target_spec,
			       err < 0 ? msg : "");
		if (err < 0)
			fail_msg("%s", msg);
		done++;
		if (!e)
			continue;
		spec_key(rep.local_spec, key, sizeof(key));
		x = find_expect(e, ne, rec.kind, key);
		if (!x)
			fail_msg("no expectation for <%s> %s", core_relo_kind_str(rec.kind), key);
		x->hits++;
		/* the compiler encoded what the local BTF says (libbpf does not
		 * check bitfield offsets and sizes: clang may load more) */
		if (!x->ambiguous)
			assert_int_equal(insn_value(before), value_as_encoded(before, rep.orig_val));
		if (x->how == EXP_POISON) {
			assert_int_equal(err, CORE_POISONED);
			assert_true(is_poison(insn));
			if (before[0].code == (BPF_LD | BPF_IMM | BPF_DW))
				assert_true(is_poison(insn + 1));
			continue;
		}
		assert_int_equal(err, CORE_APPLIED);
		if (insn_value(insn) != value_as_encoded(insn, x->value))
			fail_msg("<%s> %s: got %llu, want %llu", x->kind, key,
				 (unsigned long long)insn_value(insn),
				 (unsigned long long)x->value);
		if (x->mem_size) {
			static const int sizes[] = { BPF_B, BPF_H, 0, BPF_W, 0, 0, 0, BPF_DW };

			assert_int_equal(BPF_SIZE(insn->code), sizes[x->mem_size - 1]);
			assert_int_equal(BPF_CLASS(insn->code), BPF_CLASS(before[0].code));
		}
	}
	return done;
}

static size_t relocated_records;

static void test_relocate_progs(void **state)
{
	struct expect e[128];
	size_t n, i, done;
	struct core_ctx *ctx;

	(void)state;
	n = build_expectations(e);
	assert_true(n <= sizeof(e) / sizeof(e[0]));
	ctx = core_ctx_new(obj.btf, obj.target);
	assert_non_null(ctx);
	done = relocate_all(ctx, e, n, getenv("CORE_VERBOSE") != NULL);
	core_ctx_free(ctx);
	for (i = 0; i < n; i++)
		if (!e[i].hits)
			fail_msg("expectation <%s> %s never met", e[i].kind, e[i].spec);
	relocated_records = done;
	printf("checked %zu CO-RE relocations against %zu expectations\n", done, n);
	assert_true(done >= 90);
}

/* ---- libbpf as the oracle: bpf() faked ------------------------------ */

struct capture {
	char name[BPF_OBJ_NAME_LEN];
	struct bpf_insn *insns;
	size_t cnt;
};

static bool fake_bpf;
static struct capture caps[16];
static size_t ncaps;

static long fake_sys_bpf(int cmd, union bpf_attr *attr)
{
	switch (cmd) {
	case BPF_PROG_LOAD:
		if (attr->prog_name[0] && ncaps < 16 && attr->insn_cnt < 100000) {
			struct capture *c = &caps[ncaps++];
			size_t sz = attr->insn_cnt * sizeof(struct bpf_insn);

			memcpy(c->name, attr->prog_name, sizeof(c->name));
			c->insns = malloc(sz);
			memcpy(c->insns, (const void *)(uintptr_t)attr->insns, sz);
			c->cnt = attr->insn_cnt;
		}
		return memfd_create("fake-bpf-prog", MFD_CLOEXEC);
	case BPF_MAP_CREATE:
	case BPF_BTF_LOAD:
		return memfd_create("fake-bpf-obj", MFD_CLOEXEC);
	default:
		errno = EINVAL;
		return -1;
	}
}

/* Interposes on libc's syscall() for libbpf.so; forwards all but bpf(). */
long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	va_list ap;
	long a[6];
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && fake_bpf)
		return fake_sys_bpf((int)a[0], (union bpf_attr *)a[1]);
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static char libbpf_log[1 << 16];
static size_t libbpf_log_len;

static int libbpf_print_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level == LIBBPF_DEBUG && !getenv("CORE_VERBOSE"))
		return 0;
	n = vsnprintf(libbpf_log + libbpf_log_len, sizeof(libbpf_log) - libbpf_log_len, fmt, ap);
	if (n > 0)
		libbpf_log_len += (size_t)n;
	if (libbpf_log_len >= sizeof(libbpf_log))
		libbpf_log_len = sizeof(libbpf_log) - 1;
	return 0;
}

static void test_libbpf_agrees(void **state)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = target_path);
	struct core_ctx *ctx;
	struct bpf_object *lbo;
	size_t i, j, compared = 0, changed = 0;
	int err;

	(void)state;
	/* ours */
	ctx = core_ctx_new(obj.btf, obj.target);
	relocate_all(ctx, NULL, 0, false);
	core_ctx_free(ctx);

	/* libbpf's */
	libbpf_set_print(libbpf_print_cb);
	lbo = bpf_object__open_file(progs_path, &opts);
	assert_non_null(lbo);
	fake_bpf = true;
	err = bpf_object__load(lbo);
	fake_bpf = false;
	if (err)
		fail_msg("libbpf load failed (%d): %s", err, libbpf_log);
	bpf_object__close(lbo);

	for (i = 0; i < obj.nfuncs; i++) {
		struct elf_func *f = &obj.funcs[i];
		struct elf_sec *sec = find_sec(f->sec);
		struct capture *c = NULL;

		for (j = 0; j < ncaps; j++)
			if (!strncmp(caps[j].name, f->name, BPF_OBJ_NAME_LEN - 1))
				c = &caps[j];
		if (!c)
			fail_msg("libbpf loaded no program '%s'", f->name);
		assert_non_null(sec);
		assert_int_equal(c->cnt, f->cnt);
		for (j = 0; j < f->cnt; j++) {
			const struct bpf_insn *a = &sec->work[f->off + j], *b = &c->insns[j];

			if (memcmp(a, b, sizeof(*a)))
				fail_msg("%s insn #%zu: ours code=%02x off=%d imm=%d, "
					 "libbpf code=%02x off=%d imm=%d", f->name, j,
					 a->code, a->off, a->imm, b->code, b->off, b->imm);
		}
		for (j = 0; j < f->cnt; j++)
			changed += !!memcmp(&sec->work[f->off + j], &sec->insns[f->off + j],
					    sizeof(struct bpf_insn));
		compared += f->cnt;
	}
	if (getenv("CORE_VERBOSE"))
		fputs(libbpf_log, stdout);
	printf("libbpf agrees on %zu instructions of %zu programs, %zu of them relocated\n",
	       compared, obj.nfuncs, changed);
	assert_true(changed >= 50);	/* the agreement is not vacuous */
	assert_true(obj.nfuncs >= 5);
	for (i = 0; i < ncaps; i++)
		free(caps[i].insns);
	ncaps = 0;
}

/* ---- malformed input ------------------------------------------------ */

static struct bpf_insn *sec_copy(const char *name, size_t *cnt)
{
	struct elf_sec *s = find_sec(name);
	struct bpf_insn *c;

	assert_non_null(s);
	c = malloc(s->cnt * sizeof(*c));
	memcpy(c, s->insns, s->cnt * sizeof(*c));
	*cnt = s->cnt;
	return c;
}

/* First CO-RE record of the object, and its instruction. */
static struct core_relo_rec first_record(void)
{
	struct core_ext_iter it;
	struct core_relo_rec rec;
	const void *raw;
	uint32_t sz;

	raw = obj.ext;
	sz = obj.ext_sz;
	assert_true(core_ext_iter_init(&it, raw, sz, NULL, 0) > 0);
	assert_true(core_ext_iter_next(&it, &rec));
	return rec;
}

static void expect_einval(struct core_ctx *ctx, struct core_relo_rec rec,
			  struct bpf_insn *insns, size_t cnt, const char *what)
{
	char msg[256] = "";
	int err = core_relocate(ctx, &rec, insns, cnt, msg, sizeof(msg));

	if (err != -EINVAL)
		fail_msg("%s: got %d, want -EINVAL", what, err);
	assert_true(msg[0] != '\0');
	assert_null(strchr(msg, '\n'));
}

static void test_malformed_records(void **state)
{
	struct core_relo_rec good = first_record(), r;
	struct core_ctx *ctx = core_ctx_new(obj.btf, obj.target);
	struct bpf_insn *insns;
	size_t cnt;
	int32_t name_off;

	(void)state;
	insns = sec_copy("socket", &cnt);
	assert_int_equal(good.kind, BPF_CORE_FIELD_BYTE_OFFSET);

	r = good, r.type_id = btf__type_cnt(obj.btf) + 7;
	expect_einval(ctx, r, insns, cnt, "type id out of range");
	r = good, r.type_id = 0x7fffffff;
	expect_einval(ctx, r, insns, cnt, "huge type id");
	r = good, r.access_str_off = 0x7ffffff0;
	expect_einval(ctx, r, insns, cnt, "access string offset out of range");
	r = good, r.access_str_off = 0;
	expect_einval(ctx, r, insns, cnt, "empty access string");
	name_off = btf__type_by_id(obj.btf, good.type_id)->name_off;
	r = good, r.access_str_off = (uint32_t)name_off;
	expect_einval(ctx, r, insns, cnt, "access string not numeric");
	r = good, r.insn_off = good.insn_off + 3;
	expect_einval(ctx, r, insns, cnt, "insn_off not on an instruction");
	r = good, r.insn_off = (uint32_t)(cnt * 8);
	expect_einval(ctx, r, insns, cnt, "insn_off past the end");
	r = good, r.insn_off = 0xfffffff8;
	expect_einval(ctx, r, insns, cnt, "insn_off far past the end");
	r = good, r.kind = 13;
	expect_einval(ctx, r, insns, cnt, "unknown kind");
	r = good, r.kind = 0xffffffff;
	expect_einval(ctx, r, insns, cnt, "huge kind");
	r = good, r.kind = BPF_CORE_ENUMVAL_VALUE;
	expect_einval(ctx, r, insns, cnt, "enum kind on a struct");
	r = good, r.kind = BPF_CORE_TYPE_SIZE;
	expect_einval(ctx, r, insns, cnt, "type kind with a field access string");
	expect_einval(ctx, good, insns, 0, "no instructions");

	/* the instruction does not hold what the local BTF says */
	r = good;
	insns[r.insn_off / 8].off += 4;
	expect_einval(ctx, r, insns, cnt, "unexpected original offset");
	insns[r.insn_off / 8].off -= 4;
	/* wrong instruction classes */
	insns[r.insn_off / 8] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA };
	expect_einval(ctx, r, insns, cnt, "jump");
	insns[r.insn_off / 8] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_X };
	expect_einval(ctx, r, insns, cnt, "ALU with a register source");
	insns[r.insn_off / 8] = (struct bpf_insn){ .code = BPF_LD | BPF_ABS | BPF_W };
	expect_einval(ctx, r, insns, cnt, "legacy packet load");
	/* a truncated ld_imm64 */
	insns[cnt - 1] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW };
	r.insn_off = (uint32_t)(cnt - 1) * 8;
	expect_einval(ctx, r, insns, cnt, "truncated ld_imm64");
	/* an ld_imm64 that is not a plain constant */
	insns[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .src_reg = 1 };
	insns[1] = (struct bpf_insn){ 0 };
	r.insn_off = 0;
	expect_einval(ctx, r, insns, cnt, "ld_imm64 of a map");

	free(insns);
	core_ctx_free(ctx);
	assert_null(core_ctx_new(NULL, obj.target));
	assert_int_equal(core_relocate(NULL, &good, NULL, 0, NULL, 0), -EINVAL);
}

/* Random records over the real BTF: any result but a crash. */
static void test_random_records(void **state)
{
	struct core_ctx *ctx = core_ctx_new(obj.btf, obj.target);
	uint32_t strs[4096], nstrs = 0, id, ntypes = btf__type_cnt(obj.btf);
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	struct bpf_insn *insns;
	size_t cnt;
	int i, outcomes[3] = { 0, 0, 0 };

	(void)state;
	insns = sec_copy("socket", &cnt);
	/* every name and access string in the local BTF */
	for (id = 1; id < ntypes && nstrs < 4000; id++) {
		const struct btf_type *t = btf__type_by_id(obj.btf, id);

		strs[nstrs++] = t->name_off;
		if (btf_is_composite(t)) {
			int k;

			for (k = 0; k < btf_vlen(t) && nstrs < 4000; k++)
				strs[nstrs++] = btf_members(t)[k].name_off;
		}
	}
	{
		struct core_ext_iter it;
		struct core_relo_rec rec;
		const void *raw;
		uint32_t sz;

		raw = obj.ext;
		sz = obj.ext_sz;
		core_ext_iter_init(&it, raw, sz, NULL, 0);
		while (core_ext_iter_next(&it, &rec) && nstrs < 4096)
			strs[nstrs++] = rec.access_str_off;
	}
	for (i = 0; i < 20000; i++) {
		struct core_relo_rec r;
		char msg[256];
		int err;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		r.type_id = (uint32_t)(seed >> 33) % (ntypes + 2);
		r.access_str_off = strs[(seed >> 20) % nstrs];
		r.kind = (uint32_t)(seed >> 8) % 14;
		r.insn_off = (uint32_t)((seed >> 40) % (cnt + 1)) * 8;
		if (i % 2) {	/* an instruction the record may fit */
			memcpy(insns, find_sec("socket")->insns, cnt * sizeof(*insns));
		} else {	/* garbage instructions */
			size_t k;

			for (k = 0; k < cnt; k++) {
				seed = seed * 6364136223846793005ull + 1;
				memcpy(&insns[k], &seed, sizeof(insns[k]));
			}
		}
		err = core_relocate(ctx, &r, insns, cnt, msg, sizeof(msg));
		assert_true(err == CORE_APPLIED || err == CORE_POISONED || err < 0);
		outcomes[err < 0 ? 2 : err]++;
	}
	free(insns);
	core_ctx_free(ctx);
	printf("random records: %d applied, %d poisoned, %d rejected\n",
	       outcomes[0], outcomes[1], outcomes[2]);
	assert_true(outcomes[2] > 0);
}

/* Relocate every record of the object with `local` and `target` BTF;
 * counts outcomes, any of which is fine but a crash. */
static void relocate_records_with(const struct btf *local, const struct btf *target,
				  int outcomes[3])
{
	struct core_ctx *ctx = core_ctx_new(local, target);
	struct core_ext_iter it;
	struct core_relo_rec rec;
	size_t i;

	assert_non_null(ctx);
	for (i = 0; i < obj.nsecs; i++)
		memcpy(obj.secs[i].work, obj.secs[i].insns, obj.secs[i].cnt * sizeof(struct bpf_insn));
	assert_true(core_ext_iter_init(&it, obj.ext, obj.ext_sz, NULL, 0) > 0);
	while (core_ext_iter_next(&it, &rec)) {
		struct elf_sec *sec = find_sec(btf__name_by_offset(obj.btf, it.sec_name_off));
		char msg[256];
		int err = core_relocate(ctx, &rec, sec->work, sec->cnt, msg, sizeof(msg));

		assert_true(err == CORE_APPLIED || err == CORE_POISONED || err < 0);
		outcomes[err < 0 ? 2 : err]++;
	}
	core_ctx_free(ctx);
}

/* BTF with random bytes of its type section changed, local or target. */
static void test_mutated_btf(void **state)
{
	uint64_t seed = 0x2545f4914f6cdd1dull;
	int round, outcomes[3] = { 0, 0, 0 }, parsed = 0;

	(void)state;
	for (round = 0; round < 4000; round++) {
		bool mutate_local = round % 2;
		const struct btf *orig = mutate_local ? obj.btf : obj.target;
		const struct btf_header *h;
		uint32_t sz, k;
		const uint8_t *raw = btf__raw_data(orig, &sz);
		uint8_t *buf = malloc(sz);
		struct btf *m;

		memcpy(buf, raw, sz);
		h = (const struct btf_header *)buf;
		for (k = 0; k < 1 + (uint32_t)round % 4; k++) {
			uint32_t at;

			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			at = h->hdr_len + h->type_off + (uint32_t)(seed % h->type_len);
			buf[at] = (uint8_t)(seed >> 32);
		}
		m = btf__new(buf, sz);
		free(buf);
		if (!m)
			continue;
		parsed++;
		relocate_records_with(mutate_local ? m : obj.btf, mutate_local ? obj.target : m,
				      outcomes);
		btf__free(m);
	}
	printf("mutated BTF: %d of 4000 parsed; %d applied, %d poisoned, %d rejected\n",
	       parsed, outcomes[0], outcomes[1], outcomes[2]);
	assert_true(parsed > 100);
}

/* ---- synthetic BTF -------------------------------------------------- */

/* A field load of `name`.field (access "0:idx") patched against target. */
static int relocate_one(struct btf *local, struct btf *target, uint32_t type_id,
			const char *access, uint32_t kind, struct bpf_insn *insns,
			size_t cnt, char *msg)
{
	struct core_relo_rec r = { 0, type_id, 0, kind };
	struct core_ctx *ctx;
	int err, off = btf__add_str(local, access);

	assert_true(off > 0);
	r.access_str_off = (uint32_t)off;
	ctx = core_ctx_new(local, target);
	assert_non_null(ctx);
	err = core_relocate(ctx, &r, insns, cnt, msg, 256);
	core_ctx_free(ctx);
	return err;
}

static void test_ambiguous_candidates(void **state)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct bpf_insn insn = { .code = BPF_LDX | BPF_MEM | BPF_W, .off = 0 };
	char msg[256];
	int li, ti, s;

	(void)state;
	li = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(l, "amb", 4);
	btf__add_field(l, "x", li, 0, 0);
	ti = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	btf__add_struct(t, "amb", 8);
	btf__add_field(t, "pad", ti, 0, 0);
	btf__add_field(t, "x", ti, 32, 0);
	btf__add_struct(t, "amb___2", 4);
	btf__add_field(t, "x", ti, 0, 0);
	assert_int_equal(relocate_one(l, t, (uint32_t)s, "0:0", BPF_CORE_FIELD_BYTE_OFFSET,
				      &insn, 1, msg), -EINVAL);
	assert_non_null(strstr(msg, "ambiguity"));
	/* libbpf compares the bit offsets even when only existence is asked */
	insn = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 1 };
	assert_int_equal(relocate_one(l, t, (uint32_t)s, "0:0", BPF_CORE_FIELD_EXISTS,
				      &insn, 1, msg), -EINVAL);
	/* existence of the type: both candidates agree */
	insn = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 1 };
	assert_int_equal(relocate_one(l, t, (uint32_t)s, "0", BPF_CORE_TYPE_EXISTS,
				      &insn, 1, msg), CORE_APPLIED);
	assert_int_equal(insn.imm, 1);
	/* its size: they do not (8 vs 4) */
	insn = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 4 };
	assert_int_equal(relocate_one(l, t, (uint32_t)s, "0", BPF_CORE_TYPE_SIZE,
				      &insn, 1, msg), -EINVAL);
	assert_non_null(strstr(msg, "ambiguous"));
	btf__free(l);
	btf__free(t);
}

static void test_typedef_cycle(void **state)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct bpf_insn insn = { .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 0 };
	char msg[256];
	int li;

	(void)state;
	/* [1] typedef loop -> [1]; [2] struct s { loop m; } */
	li = btf__add_typedef(l, "loop", 1);
	assert_int_equal(li, 1);
	btf__add_struct(l, "s", 4);
	btf__add_field(l, "m", 1, 0, 0);
	btf__add_typedef(t, "loop", 1);
	btf__add_struct(t, "s", 4);
	btf__add_field(t, "m", 1, 0, 0);
	assert_int_equal(relocate_one(l, t, 2, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &insn, 1, msg),
			 -EINVAL);
	assert_int_equal(relocate_one(l, t, 1, "0", BPF_CORE_TYPE_SIZE, &insn, 1, msg), -EINVAL);
	assert_true(relocate_one(l, t, 1, "0", BPF_CORE_TYPE_MATCHES, &insn, 1, msg) < 0);
	btf__free(l);
	btf__free(t);
}

/* Anonymous members nested 50 deep, two at each level: libbpf would walk
 * 2^50 paths looking for a missing field; the engine gives up. */
static void test_exponential_search(void **state)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct bpf_insn insn = { .code = BPF_LDX | BPF_MEM | BPF_W };
	char msg[256];
	int li, s, next, i, err;

	(void)state;
	li = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(l, "s", 4);
	btf__add_field(l, "x", li, 0, 0);
	next = btf__add_int(t, "int", 4, BTF_INT_SIGNED);
	for (i = 0; i < 50; i++) {
		int id = btf__add_struct(t, i == 49 ? "s" : NULL, 8);

		btf__add_field(t, NULL, next, 0, 0);
		btf__add_field(t, NULL, next, 0, 0);
		next = id;
	}
	err = relocate_one(l, t, (uint32_t)s, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &insn, 1, msg);
	assert_true(err < 0);
	assert_non_null(strstr(msg, "candidate"));
	btf__free(l);
	btf__free(t);
}

static void test_ld_imm64_poison_layout(void **state)
{
	struct btf *l = btf__new_empty(), *t = btf__new_empty();
	struct bpf_insn insns[3] = {
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1, .imm = 5 },
		{ 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char msg[256];
	int e;

	(void)state;
	e = btf__add_enum64(l, "e", 8, false);
	btf__add_enum64_value(l, "A", 0);
	btf__add_enum64_value(l, "GONE", 5);
	btf__add_enum64(t, "e", 8, false);
	btf__add_enum64_value(t, "A", 0xffffffff00000001ull);
	assert_int_equal(relocate_one(l, t, (uint32_t)e, "1", BPF_CORE_ENUMVAL_VALUE, insns, 3, msg),
			 CORE_POISONED);
	assert_true(is_poison(&insns[0]) && is_poison(&insns[1]));
	assert_int_equal(insns[2].code, BPF_JMP | BPF_EXIT);
	/* and a 64-bit value patched into both halves */
	insns[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1 };
	insns[1] = (struct bpf_insn){ 0 };
	assert_int_equal(relocate_one(l, t, (uint32_t)e, "0", BPF_CORE_ENUMVAL_VALUE, insns, 3, msg),
			 CORE_APPLIED);
	assert_int_equal((uint32_t)insns[0].imm, 1);
	assert_int_equal((uint32_t)insns[1].imm, 0xffffffff);
	btf__free(l);
	btf__free(t);
}

static void test_btf_ext_iter_malformed(void **state)
{
	const uint8_t *raw;
	uint32_t sz;
	uint8_t *buf;
	struct core_ext_iter it;
	struct core_relo_rec rec;
	char msg[128];
	uint32_t hdr_len, core_off, core_len, v;
	int n, count = 0;

	(void)state;
	raw = obj.ext;
	sz = obj.ext_sz;
	n = core_ext_iter_init(&it, raw, sz, msg, sizeof(msg));
	while (core_ext_iter_next(&it, &rec))
		count++;
	assert_int_equal(count, n);
	assert_int_equal(count, (int)relocated_records);

	buf = malloc(sz);
	memcpy(&hdr_len, raw + 4, 4);
	memcpy(&core_off, raw + 24, 4);
	memcpy(&core_len, raw + 28, 4);
	/* truncations at every length: never read past the end */
	for (v = 0; v < sz; v++) {
		uint8_t *cut = malloc(v ? v : 1);

		memcpy(cut, raw, v);
		n = core_ext_iter_init(&it, cut, v, msg, sizeof(msg));
		if (n >= 0)
			while (core_ext_iter_next(&it, &rec))
				;
		free(cut);
	}
	/* bad magic, record size, record count */
	memcpy(buf, raw, sz);
	buf[0] ^= 0xff;
	assert_true(core_ext_iter_init(&it, buf, sz, msg, sizeof(msg)) < 0);
	memcpy(buf, raw, sz);
	v = 3;
	memcpy(buf + hdr_len + core_off, &v, 4);
	assert_int_equal(core_ext_iter_init(&it, buf, sz, msg, sizeof(msg)), -EINVAL);
	memcpy(buf, raw, sz);
	v = 0x40000000;
	memcpy(buf + hdr_len + core_off + 8, &v, 4);
	assert_int_equal(core_ext_iter_init(&it, buf, sz, msg, sizeof(msg)), -EINVAL);
	memcpy(buf, raw, sz);
	v = 0xfffffff0;
	memcpy(buf + 28, &v, 4);
	assert_int_equal(core_ext_iter_init(&it, buf, sz, msg, sizeof(msg)), -EINVAL);
	assert_int_equal(core_ext_iter_init(&it, NULL, 0, msg, sizeof(msg)), -EINVAL);
	free(buf);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relocate_progs),
		cmocka_unit_test(test_libbpf_agrees),
		cmocka_unit_test(test_malformed_records),
		cmocka_unit_test(test_random_records),
		cmocka_unit_test(test_mutated_btf),
		cmocka_unit_test(test_ambiguous_candidates),
		cmocka_unit_test(test_typedef_cycle),
		cmocka_unit_test(test_exponential_search),
		cmocka_unit_test(test_ld_imm64_poison_layout),
		cmocka_unit_test(test_btf_ext_iter_malformed),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s CORE_PROGS.bpf.o TARGET_BTF.o\n", argv[0]);
		return 2;
	}
	progs_path = argv[1];
	target_path = argv[2];
	return cmocka_run_group_tests_name("core", tests, setup_object, teardown_object);
}
