// SPDX-License-Identifier: MIT
/*
 * isa_asm() and conf_load(): encodings against hand-derived instructions,
 * errors with their line numbers, and every program of the bpf_conformance
 * suite (CONFORMANCE_DIR, or $BPFKASAN_CONFORMANCE_DIR) assembled, checked
 * against its raw section where it has one, and disassembled by isa_disasm()
 * without a "BUG"/"(null)" line.  Files that may fail are listed in
 * KNOWN_FAILURES ("name.data: reason"); a listed file that loads is an error
 * too, so the list cannot go stale.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conformance.h"
#include "isa.h"

#ifndef CONFORMANCE_DIR
#error "CONFORMANCE_DIR must be defined"
#endif
#ifndef KNOWN_FAILURES
#error "KNOWN_FAILURES must be defined"
#endif

#define I(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

struct encoding {
	const char *text;
	size_t cnt;
	struct bpf_insn insns[4];
};

static const struct encoding encodings[] = {
	{ "mov32 %r0, 1", 1, { I(0xb4, 0, 0, 0, 1) } },
	{ "mov %r1, %r2", 1, { I(0xbf, 1, 2, 0, 0) } },
	{ "add %r0, -1", 1, { I(0x07, 0, 0, 0, -1) } },
	{ "add64 %r0,%r9", 1, { I(0x0f, 0, 9, 0, 0) } },
	{ "mov32 %r0, 0xffffffff", 1, { I(0xb4, 0, 0, 0, -1) } },
	{ "mov32 %r0, -2147483648", 1, { I(0xb4, 0, 0, 0, INT32_MIN) } },
	{ "arsh32 %r0, 1", 1, { I(0xc4, 0, 0, 0, 1) } },
	{ "xor %r10, %r3", 1, { I(0xaf, 10, 3, 0, 0) } },
	{ "neg %r0", 1, { I(0x87, 0, 0, 0, 0) } },
	{ "neg32 %r1", 1, { I(0x84, 1, 0, 0, 0) } },
	{ "lddw %r0, 0x1122334455667788", 2,
	  { I(0x18, 0, 0, 0, 0x55667788), I(0, 0, 0, 0, 0x11223344) } },
	{ "lddw %r1, -2", 2, { I(0x18, 1, 0, 0, -2), I(0, 0, 0, 0, -1) } },
	{ "lddw %r2, 0x80000000", 2, { I(0x18, 2, 0, 0, INT32_MIN), I(0, 0, 0, 0, 0) } },
	{ "sdiv %r0, 3", 1, { I(0x37, 0, 0, 1, 3) } },
	{ "sdiv32 %r0, %r1", 1, { I(0x3c, 0, 1, 1, 0) } },
	{ "smod32 %r1, %r2", 1, { I(0x9c, 1, 2, 1, 0) } },
	{ "smod %r1, -7", 1, { I(0x97, 1, 0, 1, -7) } },
	{ "div %r1, 7", 1, { I(0x37, 1, 0, 0, 7) } },
	{ "movsx832 %r0, %r1", 1, { I(0xbc, 0, 1, 8, 0) } },
	{ "movsx1632 %r0, %r1", 1, { I(0xbc, 0, 1, 16, 0) } },
	{ "movsx864 %r0, %r1", 1, { I(0xbf, 0, 1, 8, 0) } },
	{ "movsx1664 %r4, %r5", 1, { I(0xbf, 4, 5, 16, 0) } },
	{ "movsx3264 %r2, %r3", 1, { I(0xbf, 2, 3, 32, 0) } },
	{ "be16 %r0", 1, { I(0xdc, 0, 0, 0, 16) } },
	{ "be64 %r1", 1, { I(0xdc, 1, 0, 0, 64) } },
	{ "le32 %r2", 1, { I(0xd4, 2, 0, 0, 32) } },
	{ "bswap16 %r0", 1, { I(0xd7, 0, 0, 0, 16) } },
	{ "bswap32 %r0", 1, { I(0xd7, 0, 0, 0, 32) } },
	{ "swap64 %r3", 1, { I(0xd7, 3, 0, 0, 64) } },
	{ "ldxb %r0, [%r1+0x2]", 1, { I(0x71, 0, 1, 2, 0) } },
	{ "ldxh %r0, [%r1 + 4]", 1, { I(0x69, 0, 1, 4, 0) } },
	{ "ldxw %r0, [%r1-4]", 1, { I(0x61, 0, 1, -4, 0) } },
	{ "ldxdw %r3, [%r10]", 1, { I(0x79, 3, 10, 0, 0) } },
	{ "ldxsb %r0, [%r1]", 1, { I(0x91, 0, 1, 0, 0) } },
	{ "ldxsh %r0, [%r1-2]", 1, { I(0x89, 0, 1, -2, 0) } },
	{ "ldxsw %r0, [%r1+0xffff]", 1, { I(0x81, 0, 1, -1, 0) } },
	{ "stb [%r10-1], 0xff", 1, { I(0x72, 10, 0, -1, 255) } },
	{ "sth [%r0], 0x1234", 1, { I(0x6a, 0, 0, 0, 0x1234) } },
	{ "stw [%r10-4], 0x80000001", 1, { I(0x62, 10, 0, -4, (int32_t)0x80000001) } },
	{ "stdw [%r1+2], 0x44332211", 1, { I(0x7a, 1, 0, 2, 0x44332211) } },
	{ "stxb [%r1+2], %r0", 1, { I(0x73, 1, 0, 2, 0) } },
	{ "stxdw [%r10-8], %r1", 1, { I(0x7b, 10, 1, -8, 0) } },
	{ "lock add [%r1+0x10], %r2", 1, { I(0xdb, 1, 2, 16, BPF_ADD) } },
	{ "lock and32 [%r10-4], %r1", 1, { I(0xc3, 10, 1, -4, BPF_AND) } },
	{ "lock fetch add32 [%r10-4], %r3", 1, { I(0xc3, 10, 3, -4, BPF_ADD | BPF_FETCH) } },
	{ "lock fetch xor [%r10-8], %r1", 1, { I(0xdb, 10, 1, -8, BPF_XOR | BPF_FETCH) } },
	{ "lock xchg [%r10-8], %r1", 1, { I(0xdb, 10, 1, -8, BPF_XCHG) } },
	{ "lock xchg32 [%r10-8], %r1", 1, { I(0xc3, 10, 1, -8, BPF_XCHG) } },
	{ "lock cmpxchg [%r10-8], %r1 # comment", 1, { I(0xdb, 10, 1, -8, BPF_CMPXCHG) } },
	{ "lock cmpxchg32 [%r10-8], %r1", 1, { I(0xc3, 10, 1, -8, BPF_CMPXCHG) } },
	{ "jeq %r1, 0x11, +2", 1, { I(0x15, 1, 0, 2, 0x11) } },
	{ "jne %r1, 0x11, -3", 1, { I(0x55, 1, 0, -3, 0x11) } },
	{ "jsgt32 %r1, %r2, +1", 1, { I(0x6e, 1, 2, 1, 0) } },
	{ "jset %r1, 1, +0", 1, { I(0x45, 1, 0, 0, 1) } },
	{ "jsle32 %r9, -1, +0x7fff", 1, { I(0xd6, 9, 0, 0x7fff, -1) } },
	{ "jlt %r1, %r2, -32768", 1, { I(0xad, 1, 2, INT16_MIN, 0) } },
	{ "ja +5", 1, { I(0x05, 0, 0, 5, 0) } },
	{ "ja32 +5", 1, { I(0x06, 0, 0, 0, 5) } },
	{ "gotol -70000", 1, { I(0x06, 0, 0, 0, -70000) } },
	{ "call 5", 1, { I(0x85, 0, 0, 0, 5) } },
	{ "call helper 1", 1, { I(0x85, 0, 0, 0, 1) } },
	{ "call runtime 7", 1, { I(0x85, 0, BPF_PSEUDO_KFUNC_CALL, 0, 7) } },
	{ "call %r2", 1, { I(0x8d, 2, 0, 0, 0) } },
	{ "call local +3", 1, { I(0x85, 0, BPF_PSEUDO_CALL, 0, 3) } },
	{ "exit", 1, { I(0x95, 0, 0, 0, 0) } },
	/* Labels: backward jumps are negative; lddw is two slots. */
	{ "L: mov %r0, 0\nlddw %r1, 1\njne %r0, %r1, L", 4,
	  { I(0xb7, 0, 0, 0, 0), I(0x18, 1, 0, 0, 1), I(0, 0, 0, 0, 0), I(0x5d, 0, 1, -4, 0) } },
	{ "top:\nja32 top\nexit", 2, { I(0x06, 0, 0, 0, -1), I(0x95, 0, 0, 0, 0) } },
	{ "call local f\nexit\nf:\nexit", 3,
	  { I(0x85, 0, BPF_PSEUDO_CALL, 0, 1), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) } },
	/* "exit" names the first exit unless a label says otherwise. */
	{ "ja exit\nexit\nexit", 3,
	  { I(0x05, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) } },
	{ "jeq %r0, 0, exit\nexit\nexit:\nexit", 3,
	  { I(0x15, 0, 0, 1, 0), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) } },
	{ "# comment only\n\n  mov %r0, 1  \t# trailing\r\n exit", 2,
	  { I(0xb7, 0, 0, 0, 1), I(0x95, 0, 0, 0, 0) } },
};

static void test_encodings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++) {
		const struct encoding *e = &encodings[i];
		struct bpf_insn *insns;
		char err[256];
		size_t cnt;

		if (isa_asm(e->text, &insns, &cnt, err, sizeof(err)))
			fail_msg("'%s': %s", e->text, err);
		if (cnt != e->cnt)
			fail_msg("'%s': %zu instructions, want %zu", e->text, cnt, e->cnt);
		for (size_t j = 0; j < cnt; j++) {
			const struct bpf_insn *g = &insns[j], *w = &e->insns[j];

			if (memcmp(g, w, sizeof(*g)))
				fail_msg("'%s' [%zu]: got %02x %x %x %d %d, want %02x %x %x %d %d",
					 e->text, j, g->code, g->dst_reg, g->src_reg, g->off, g->imm,
					 w->code, w->dst_reg, w->src_reg, w->off, w->imm);
		}
		free(insns);
	}
}

struct bad {
	const char *text;
	const char *err; /* a prefix of the message */
};

static const struct bad bads[] = {
	{ "mov32 %r0, 2147483648", "line 1: immediate '2147483648' out of 32-bit range" },
	{ "mov32 %r0, 0x100000000", "line 1: immediate '0x100000000' out of 32-bit range" },
	{ "mov32 %r0, 12z", "line 1: invalid immediate" },
	{ "ja NOT_A_LABEL\nexit", "line 1: undefined label 'NOT_A_LABEL'" },
	{ "exit\nlock or [%r10-8]", "line 2: 'lock' takes" },
	{ "lock", "line 1: 'lock' takes" },
	{ "lock nand [%r10-8], %r1", "line 1: invalid atomic operation 'nand'" },
	{ "ldxq %r0, %r1", "line 1: unknown mnemonic 'ldxq'" },
	{ "ldxsdw %r0, [%r1]", "line 1: unknown mnemonic 'ldxsdw'" },
	{ "movsx3232 %r0, %r1", "line 1: unknown mnemonic 'movsx3232'" },
	{ "ldxb %r0, %r1", "line 1: invalid memory operand '%r1'" },
	{ "ldxb %r0, [%r1+0x10000]", "line 1: offset '+0x10000' out of 16-bit range" },
	{ "ldxb %r0, [%r1+-1]", "line 1: invalid memory operand" },
	{ "ldxb %r0, [%r1", "line 1: missing ']'" },
	{ "lddw %r0", "line 1: 'lddw' takes 2 operands, got 1" },
	{ "exit 1", "line 1: 'exit' takes 0 operands, got 1" },
	{ "or %r0, %r50", "line 1: invalid register '%r50'" },
	{ "or %r0, %r11", "line 1: invalid register '%r11'" },
	{ "jeq %r0, 0, 3", "line 1: invalid jump target '3'" },
	{ "jeq %r0, 0, +32768", "line 1: offset '+32768' out of 16-bit range" },
	{ "call nowhere 1", "line 1: invalid call mode 'nowhere'" },
	{ "exit\nL:\nL:\nexit", "line 3: duplicate label 'L'" },
	{ "", "line 1: no instructions" },
	{ "# nothing\n\n", "line 2: no instructions" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct bpf_insn *insns = (struct bpf_insn *)1;
		size_t cnt = 1;
		char err[256];
		int ret = isa_asm(bads[i].text, &insns, &cnt, err, sizeof(err));

		if (ret != -EINVAL)
			fail_msg("'%s': returned %d, want -EINVAL", bads[i].text, ret);
		assert_null(insns);
		assert_int_equal(cnt, 0);
		if (strncmp(err, bads[i].err, strlen(bads[i].err)))
			fail_msg("'%s': error '%s', want '%s...'", bads[i].text, err, bads[i].err);
	}
}

/* A label 32768 slots ahead is out of a jump's reach, not of ja32's. */
static void test_jump_range(void **state)
{
	const size_t n = 32768;
	char *text = malloc(n * 12 + 64), *p = text;
	struct bpf_insn *insns;
	char err[256];
	size_t cnt;

	(void)state;
	assert_non_null(text);
	p += sprintf(p, "ja32 far\njeq %%r0, 0, far\n");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "mov %%r0, 0\n");
	sprintf(p, "far:\nexit\n");
	assert_int_equal(isa_asm(text, &insns, &cnt, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "line 2: label 'far' out of jump range");

	/* Without the jeq, ja32 reaches it. */
	memcpy(text, "ja32 far\n#eq %r0, 0, far\n", 25);
	assert_int_equal(isa_asm(text, &insns, &cnt, err, sizeof(err)), 0);
	assert_int_equal(cnt, n + 2);
	assert_int_equal(insns[0].imm, (int32_t)n);
	free(insns);
	free(text);
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/test_asm_XXXXXX.data");
	int fd;

	assert_non_null(path);
	fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_conf_load(void **state)
{
	struct conf_test t;
	char err[512], want[512];
	char *path;

	(void)state;
	path = write_temp("# header -- asm\n"
			  "-- asm\n"
			  "# a comment\n"
			  "ldxb %r0, [%r1+1] # trailing\n"
			  "\n"
			  "exit\n"
			  "-- mem\n"
			  "aa bb\n"
			  "0xcc # comment\n"
			  "-- result\n"
			  "187\n");
	assert_int_equal(conf_load(path, &t, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%.*s", (int)strlen(strrchr(path, '/') + 1) - 5,
		 strrchr(path, '/') + 1);
	assert_string_equal(t.name, want);
	assert_int_equal(t.insn_cnt, 2);
	assert_int_equal(t.insns[0].code, 0x71);
	assert_int_equal(t.insns[0].off, 1);
	assert_int_equal(t.mem_len, 3);
	assert_memory_equal(t.mem, "\xaa\xbb\xcc", 3);
	assert_true(t.has_result);
	assert_int_equal(t.result, 187);
	assert_false(t.expect_error);
	assert_null(t.error_text);
	assert_int_equal(t.asm_line, 3);
	assert_non_null(strstr(t.asm_text, "# trailing"));
	assert_false(t.has_raw);
	conf_free(&t);
	unlink(path);
	free(path);

	/* Raw bytes, an error section, no mem. */
	path = write_temp("-- raw\n"
			  "b7 00 00 00 ff ff ff ff\n"
			  "95 00 00 00 00 00 00 00\n"
			  "-- no register offset\n"
			  "-- error\n"
			  "Invalid\n");
	assert_int_equal(conf_load(path, &t, err, sizeof(err)), 0);
	assert_int_equal(t.insn_cnt, 2);
	assert_int_equal(t.insns[0].code, 0xb7);
	assert_int_equal(t.insns[0].imm, -1);
	assert_true(t.has_raw);
	assert_true(t.no_register_offset);
	assert_true(t.expect_error);
	assert_string_equal(t.error_text, "Invalid");
	assert_false(t.has_result);
	assert_null(t.mem);
	assert_null(t.asm_text);
	conf_free(&t);
	unlink(path);
	free(path);

	/* Asm errors name the file's line. */
	path = write_temp("# c\n-- asm\nmov %r0, 1\n\nmov %r0, %r77\nexit\n-- result\n0x1\n");
	assert_int_equal(conf_load(path, &t, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:5: invalid register '%%r77' (want %%r0..%%r10)", path);
	assert_string_equal(err, want);
	assert_null(t.insns);
	assert_null(t.name);
	unlink(path);
	free(path);

	/* asm and raw must agree. */
	path = write_temp("-- asm\nmov %r0, 1\nexit\n-- raw\n0x00000002000000b7\n0x95\n"
			  "-- result\n0x1\n");
	assert_int_equal(conf_load(path, &t, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: asm and raw sections differ at instruction 0", path);
	assert_string_equal(err, want);
	unlink(path);
	free(path);

	path = write_temp("-- asm\nexit\n-- frob\n-- result\n0x1\n");
	assert_int_equal(conf_load(path, &t, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: unknown section '-- frob'", path);
	assert_string_equal(err, want);
	unlink(path);
	free(path);

	path = write_temp("-- asm\nexit\n");
	assert_int_equal(conf_load(path, &t, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: no result or error section", path);
	assert_string_equal(err, want);
	unlink(path);
	free(path);

	assert_int_equal(conf_load("/nonexistent/x.data", &t, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "/nonexistent/x.data: No such file or directory");
}

/* Entries of the known-failures list: "name.data: reason". */
struct known {
	char name[1024];
	bool seen;
};

static size_t load_known(struct known *known, size_t max)
{
	FILE *f = fopen(KNOWN_FAILURES, "r");
	char line[1024];
	size_t n = 0;

	if (!f)
		fail_msg("%s: %s", KNOWN_FAILURES, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!colon || colon == line || !colon[1] || colon[1] == '\n')
			fail_msg("%s: want 'name.data: reason', got '%s'", KNOWN_FAILURES, line);
		assert_true(n < max);
		*colon = '\0';
		snprintf(known[n].name, sizeof(known[n].name), "%s", line);
		known[n++].seen = false;
	}
	fclose(f);
	return n;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every instruction disassembles to a kernel-style line, not a BUG one. */
static bool disasm_ok(const struct conf_test *t, char *why, size_t len)
{
	char buf[256];

	for (size_t i = 0; i < t->insn_cnt;) {
		int n = isa_disasm(&t->insns[i], t->insn_cnt - i, NULL, false, buf, sizeof(buf));

		if (n <= 0 || strstr(buf, "BUG") || strstr(buf, "(null)")) {
			snprintf(why, len, "instruction %zu disassembles as '%s'", i, buf);
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

static void test_suite(void **state)
{
	const char *dir = getenv("BPFKASAN_CONFORMANCE_DIR");
	struct known known[64];
	size_t nknown, nfiles = 0, cap = 512, passed = 0, failed = 0;
	char **files = malloc(cap * sizeof(*files));
	struct dirent *de;
	DIR *d;

	(void)state;
	if (!dir || !*dir)
		dir = CONFORMANCE_DIR;
	nknown = load_known(known, sizeof(known) / sizeof(known[0]));
	d = opendir(dir);
	if (!d)
		fail_msg("%s: %s", dir, strerror(errno));
	assert_non_null(files);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= 5 || strcmp(de->d_name + len - 5, ".data"))
			continue;
		if (nfiles == cap) {
			cap *= 2;
			files = realloc(files, cap * sizeof(*files));
			assert_non_null(files);
		}
		files[nfiles] = strdup(de->d_name);
		assert_non_null(files[nfiles++]);
	}
	closedir(d);
	qsort(files, nfiles, sizeof(*files), cmp_names);
	if (nfiles == 0)
		fail_msg("%s: no .data files", dir);

	for (size_t i = 0; i < nfiles; i++) {
		char path[4096], err[512];
		struct known *k = NULL;
		struct conf_test t;
		bool ok;

		for (size_t j = 0; j < nknown; j++)
			if (!strcmp(known[j].name, files[i]))
				k = &known[j];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		ok = conf_load(path, &t, err, sizeof(err)) == 0;
		if (ok) {
			ok = disasm_ok(&t, err, sizeof(err));
			conf_free(&t);
		}
		if (k)
			k->seen = true;
		if (ok && k) {
			print_error("%s: listed in %s but assembles\n", files[i], KNOWN_FAILURES);
			failed++;
		} else if (!ok && !k) {
			print_error("%s\n", err);
			failed++;
		}
		passed += ok;
		free(files[i]);
	}
	free(files);
	for (size_t j = 0; j < nknown; j++) {
		if (!known[j].seen) {
			print_error("%s: listed in %s but not in %s\n", known[j].name,
				    KNOWN_FAILURES, dir);
			failed++;
		}
	}
	print_message("%zu of %zu conformance files assemble\n", passed, nfiles);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_jump_range),
		cmocka_unit_test(test_conf_load),
		cmocka_unit_test(test_suite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
