// SPDX-License-Identifier: MIT
/*
 * selftest_expect: what the kernel's BPF selftest loader (test_loader.c of
 * Linux 6.12, tools/testing/selftests/bpf) expects of each program of a
 * compiled selftest object when it is loaded in privileged mode.
 *
 * usage: selftest_expect [-v] [-r] OBJ...
 *
 * For every program test_loader runs in privileged mode, prints
 *   OBJ_BASENAME <TAB> PROG <TAB> success|failure <TAB> FLAGS <TAB> FIRST_MSG
 * FLAGS is a comma list of the program flags the __flag() tags leave set
 * (or "-"), FIRST_MSG the first __msg() pattern in BTF order (or "-"); tabs,
 * newlines and backslashes in it are escaped as \t, \n and \\.
 *
 * With -r, prints instead, for every privileged test test_loader also
 * executes with BPF_PROG_TEST_RUN (a __retval and no __failure:
 * should_do_test_run()),
 *   OBJ_BASENAME <TAB> PROG <TAB> SECTION <TAB> RETVAL
 * SECTION is the program's ELF section (its type, as libbpf reads it),
 * RETVAL the expected return value as test_loader's parse_retval() reads
 * it (a signed 32-bit decimal; INT_MIN, TEST_DATA_LEN named), or "any" for
 * POINTER_VALUE, which run_subtest() does not compare.
 * With -v, programs that are not privileged tests go to stderr with the
 * reason (auxiliary, unprivileged only, other architecture, bad spec).
 *
 * The expectations live in .BTF as DECL_TAG types on the program's FUNC
 * (bpf_misc.h: __success is btf_decl_tag("comment:test_expect_success"),
 * ...). parse_test_spec() of test_loader.c is mirrored rule by rule:
 *  - the tags considered are the DECL_TAGs with component_idx -1 that point
 *    at the FUNC named like the program, in BTF id order;
 *  - __success, __failure, __msg, __xlated, __retval, __auxiliary (and
 *    __jited after a matching __arch) put the program in privileged mode,
 *    their *_unpriv twins in unprivileged mode; no such tag at all means
 *    privileged mode; __failure / __success set the privileged expectation,
 *    which is success when neither is given (the last one wins);
 *  - __auxiliary and __auxiliary_unpriv programs are never tests;
 *  - __arch(X) restricts the test to the listed architectures (x86_64 here);
 *  - a spec test_loader cannot parse (a bad number, a bad __arch, __jited
 *    before __arch, a bad {{regex}}) is not run.
 *
 * Programs are found the way libbpf finds them (every STT_FUNC symbol of an
 * executable section other than .text), from the ELF itself, so objects that
 * the local libbpf cannot open (arena maps, ...) still work.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <gelf.h>
#include <libelf.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define TAG_EXPECT_FAILURE "comment:test_expect_failure"
#define TAG_EXPECT_SUCCESS "comment:test_expect_success"
#define TAG_EXPECT_MSG_PFX "comment:test_expect_msg="
#define TAG_EXPECT_XLATED_PFX "comment:test_expect_xlated="
#define TAG_EXPECT_FAILURE_UNPRIV "comment:test_expect_failure_unpriv"
#define TAG_EXPECT_SUCCESS_UNPRIV "comment:test_expect_success_unpriv"
#define TAG_EXPECT_MSG_PFX_UNPRIV "comment:test_expect_msg_unpriv="
#define TAG_EXPECT_XLATED_PFX_UNPRIV "comment:test_expect_xlated_unpriv="
#define TAG_LOG_LEVEL_PFX "comment:test_log_level="
#define TAG_PROG_FLAGS_PFX "comment:test_prog_flags="
#define TAG_DESCRIPTION_PFX "comment:test_description="
#define TAG_RETVAL_PFX "comment:test_retval="
#define TAG_RETVAL_PFX_UNPRIV "comment:test_retval_unpriv="
#define TAG_AUXILIARY "comment:test_auxiliary"
#define TAG_AUXILIARY_UNPRIV "comment:test_auxiliary_unpriv"
#define TAG_BTF_PATH "comment:test_btf_path="
#define TAG_ARCH "comment:test_arch="
#define TAG_JITED_PFX "comment:test_jited="
#define TAG_JITED_PFX_UNPRIV "comment:test_jited_unpriv="

enum { PRIV = 1, UNPRIV = 2 };
enum { ARCH_X86_64 = 0x2, ARCH_ARM64 = 0x4, ARCH_RISCV64 = 0x8 };
#define CURRENT_ARCH ARCH_X86_64

/* Program flags by name, as test_loader knows them (uapi values of 6.12;
 * the installed linux/bpf.h may be older). */
static const struct {
	const char *name;
	unsigned int bit;
} flag_names[] = {
	{ "BPF_F_STRICT_ALIGNMENT", 1U << 0 },
	{ "BPF_F_ANY_ALIGNMENT", 1U << 1 },
	{ "BPF_F_TEST_RND_HI32", 1U << 2 },
	{ "BPF_F_TEST_STATE_FREQ", 1U << 3 },
	{ "BPF_F_SLEEPABLE", 1U << 4 },
	{ "BPF_F_XDP_HAS_FRAGS", 1U << 5 },
	{ "BPF_F_TEST_REG_INVARIANTS", 1U << 7 },
};

static bool verbose;
static bool retval_mode;

struct spec {
	int mode_mask;
	unsigned int arch_mask;
	bool priv_failure;
	bool auxiliary;
	bool valid;
	bool execute;	/* a privileged __retval: test_loader runs it */
	int retval;
	unsigned int flags;
	const char *first_msg;
	const char *invalid; /* why the spec does not parse */
};

static bool has_pfx(const char *s, const char *pfx)
{
	return strncmp(s, pfx, strlen(pfx)) == 0;
}

/* '<pfx><counter>=<msg>' -> '<msg>', as skip_dynamic_pfx() */
static const char *skip_dynamic_pfx(const char *s, const char *pfx)
{
	const char *msg;

	if (!has_pfx(s, pfx))
		return NULL;
	msg = strchr(s + strlen(pfx), '=');
	return msg ? msg + 1 : NULL;
}

/* parse_int(): decimal, or hex after 0x */
static bool parse_int(const char *str, int *val)
{
	char *end;
	long v;

	errno = 0;
	if (has_pfx(str, "0x"))
		v = strtol(str + 2, &end, 16);
	else
		v = strtol(str, &end, 10);
	if (errno || *end)
		return false;
	*val = (int)v;
	return true;
}

/* test_loader.c's magic __retval values (progs/bpf_misc.h defines them too) */
#define POINTER_VALUE 0xcafe4a
#define TEST_DATA_LEN 64

/* parse_retval(): a named value, or parse_int() */
static bool parse_retval(const char *str, int *val)
{
	static const struct {
		const char *name;
		int val;
	} named[] = {
		{ "INT_MIN", INT_MIN },
		{ "POINTER_VALUE", POINTER_VALUE },
		{ "TEST_DATA_LEN", TEST_DATA_LEN },
	};
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (!strcmp(str, named[i].name)) {
			*val = named[i].val;
			return true;
		}
	}
	return parse_int(str, val);
}

/* compile_regex(): verbatim text with {{extended regex}} parts; returns
 * whether test_loader would accept the pattern. */
static bool pattern_ok(const char *pattern)
{
	char buf[256] = { 0 }, *p = buf, *end = buf + sizeof(buf);
	bool in_regex = false;
	regex_t re;

	if (!strstr(pattern, "{{"))
		return true;
	while (*pattern && p < end - 2) {
		if (!in_regex && has_pfx(pattern, "{{")) {
			in_regex = true;
			pattern += 2;
		} else if (in_regex && has_pfx(pattern, "}}")) {
			in_regex = false;
			pattern += 2;
		} else if (!in_regex && strchr(".[]\\()*+?{}|^$", *pattern)) {
			*p++ = '\\';
			*p++ = *pattern++;
		} else {
			*p++ = *pattern++;
		}
	}
	if (*pattern || in_regex)
		return false;
	if (regcomp(&re, buf, REG_EXTENDED | REG_NEWLINE))
		return false;
	regfree(&re);
	return true;
}

static void parse_spec(const struct btf *btf, const char *prog, struct spec *sp)
{
	bool collect_jit = false;
	int func_id, i, n;

	memset(sp, 0, sizeof(*sp));
	func_id = btf__find_by_name_kind(btf, prog, BTF_KIND_FUNC);
	if (func_id < 0) {
		sp->invalid = "no BTF FUNC of that name";
		return;
	}
	n = (int)btf__type_cnt(btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *s, *val, *msg;
		bool clear;
		int flags;
		size_t k;

		if (!btf_is_decl_tag(t) || t->type != (unsigned int)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		s = btf__name_by_offset(btf, t->name_off);
		if (!s)
			continue;
		if (has_pfx(s, TAG_DESCRIPTION_PFX)) {
			/* only names the subtest */
		} else if (!strcmp(s, TAG_EXPECT_FAILURE)) {
			sp->priv_failure = true;
			sp->mode_mask |= PRIV;
		} else if (!strcmp(s, TAG_EXPECT_SUCCESS)) {
			sp->priv_failure = false;
			sp->mode_mask |= PRIV;
		} else if (!strcmp(s, TAG_EXPECT_FAILURE_UNPRIV) ||
			   !strcmp(s, TAG_EXPECT_SUCCESS_UNPRIV)) {
			sp->mode_mask |= UNPRIV;
		} else if (!strcmp(s, TAG_AUXILIARY)) {
			sp->auxiliary = true;
			sp->mode_mask |= PRIV;
		} else if (!strcmp(s, TAG_AUXILIARY_UNPRIV)) {
			sp->auxiliary = true;
			sp->mode_mask |= UNPRIV;
		} else if ((msg = skip_dynamic_pfx(s, TAG_EXPECT_MSG_PFX))) {
			if (!pattern_ok(msg)) {
				sp->invalid = "bad __msg pattern";
				return;
			}
			if (!sp->first_msg)
				sp->first_msg = msg;
			sp->mode_mask |= PRIV;
		} else if ((msg = skip_dynamic_pfx(s, TAG_EXPECT_MSG_PFX_UNPRIV))) {
			if (!pattern_ok(msg)) {
				sp->invalid = "bad __msg_unpriv pattern";
				return;
			}
			sp->mode_mask |= UNPRIV;
		} else if ((msg = skip_dynamic_pfx(s, TAG_JITED_PFX)) ||
			   (msg = skip_dynamic_pfx(s, TAG_JITED_PFX_UNPRIV))) {
			bool unpriv = has_pfx(s, TAG_JITED_PFX_UNPRIV);

			if (!sp->arch_mask) {
				sp->invalid = "__jited before __arch";
				return;
			}
			if (collect_jit) {
				if (strcmp(msg, "...") && !pattern_ok(msg)) {
					sp->invalid = "bad __jited pattern";
					return;
				}
				sp->mode_mask |= unpriv ? UNPRIV : PRIV;
			}
		} else if ((msg = skip_dynamic_pfx(s, TAG_EXPECT_XLATED_PFX)) ||
			   (msg = skip_dynamic_pfx(s, TAG_EXPECT_XLATED_PFX_UNPRIV))) {
			if (strcmp(msg, "...") && !pattern_ok(msg)) {
				sp->invalid = "bad __xlated pattern";
				return;
			}
			sp->mode_mask |= has_pfx(s, TAG_EXPECT_XLATED_PFX_UNPRIV) ? UNPRIV : PRIV;
		} else if (has_pfx(s, TAG_RETVAL_PFX)) {
			if (!parse_retval(s + strlen(TAG_RETVAL_PFX), &sp->retval)) {
				sp->invalid = "bad __retval";
				return;
			}
			sp->execute = true;
			sp->mode_mask |= PRIV;
		} else if (has_pfx(s, TAG_RETVAL_PFX_UNPRIV)) {
			int unpriv_retval;

			if (!parse_retval(s + strlen(TAG_RETVAL_PFX_UNPRIV), &unpriv_retval)) {
				sp->invalid = "bad __retval_unpriv";
				return;
			}
			sp->mode_mask |= UNPRIV;
		} else if (has_pfx(s, TAG_LOG_LEVEL_PFX)) {
			int lvl;

			if (!parse_int(s + strlen(TAG_LOG_LEVEL_PFX), &lvl)) {
				sp->invalid = "bad __log_level";
				return;
			}
		} else if (has_pfx(s, TAG_PROG_FLAGS_PFX)) {
			val = s + strlen(TAG_PROG_FLAGS_PFX);
			clear = val[0] == '!';
			if (clear)
				val++;
			flags = -1;
			for (k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
				if (!strcmp(val, flag_names[k].name))
					flags = (int)flag_names[k].bit;
			if (flags == -1 && !parse_int(val, &flags)) {
				sp->invalid = "bad __flag";
				return;
			}
			if (clear)
				sp->flags &= ~(unsigned int)flags;
			else
				sp->flags |= (unsigned int)flags;
		} else if (has_pfx(s, TAG_ARCH)) {
			unsigned int arch;

			val = s + strlen(TAG_ARCH);
			if (!strcmp(val, "X86_64"))
				arch = ARCH_X86_64;
			else if (!strcmp(val, "ARM64"))
				arch = ARCH_ARM64;
			else if (!strcmp(val, "RISCV64"))
				arch = ARCH_RISCV64;
			else {
				sp->invalid = "bad __arch";
				return;
			}
			sp->arch_mask |= arch;
			collect_jit = arch == CURRENT_ARCH;
		}
		/* TAG_BTF_PATH and unknown tags: no effect on the verdict */
	}
	if (!sp->arch_mask)
		sp->arch_mask = ~0U;
	if (!sp->mode_mask)
		sp->mode_mask = PRIV;
	sp->valid = true;
}

static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

static void print_flags(unsigned int flags)
{
	bool first = true;
	size_t k;

	if (!flags) {
		putchar('-');
		return;
	}
	for (k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++) {
		if (!(flags & flag_names[k].bit))
			continue;
		printf("%s%s", first ? "" : ",", flag_names[k].name);
		flags &= ~flag_names[k].bit;
		first = false;
	}
	if (flags)
		printf("%s0x%x", first ? "" : ",", flags);
}

static void skip(const char *base, const char *prog, const char *why)
{
	if (verbose)
		fprintf(stderr, "%s\t%s\tskipped: %s\n", base, prog, why);
}

static void report(const char *base, const char *prog, const char *sec,
		   const struct spec *sp)
{
	if (!sp->valid)
		return skip(base, prog, sp->invalid);
	if (sp->auxiliary)
		return skip(base, prog, "auxiliary");
	if (!(sp->mode_mask & PRIV))
		return skip(base, prog, "unprivileged only");
	if (!(sp->arch_mask & CURRENT_ARCH))
		return skip(base, prog, "other architecture");
	if (retval_mode) {
		/* should_do_test_run(); BPF_F_ANY_ALIGNMENT does not stop it on
		 * x86_64 (EFFICIENT_UNALIGNED_ACCESS) */
		if (!sp->execute)
			return skip(base, prog, "no __retval");
		if (sp->priv_failure)
			return skip(base, prog, "__retval on a program expected to fail to load");
		/* run_subtest(): retval != expected && expected != POINTER_VALUE */
		if (sp->retval == POINTER_VALUE)
			printf("%s\t%s\t%s\tany\n", base, prog, sec);
		else
			printf("%s\t%s\t%s\t%d\n", base, prog, sec, sp->retval);
		return;
	}
	printf("%s\t%s\t%s\t", base, prog, sp->priv_failure ? "failure" : "success");
	print_flags(sp->flags);
	putchar('\t');
	if (sp->first_msg)
		print_escaped(sp->first_msg);
	else
		putchar('-');
	putchar('\n');
}

struct prog_sym {
	size_t shndx;
	unsigned long long value;
	const char *name;
	const char *sec;
};

static int cmp_prog_sym(const void *a, const void *b)
{
	const struct prog_sym *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int do_object(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct prog_sym *progs = NULL;
	size_t nprogs = 0, shstrndx, i;
	Elf_Scn *scn = NULL, *symscn = NULL;
	struct btf *btf;
	int fd, ret = 1;
	Elf *elf;

	btf = btf__parse_elf(path, NULL);
	if (!btf) {
		fprintf(stderr, "selftest_expect: %s: no usable .BTF: %s\n", path,
			strerror(errno));
		return 1;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "selftest_expect: %s: %s\n", path, strerror(errno));
		btf__free(btf);
		return 1;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		fprintf(stderr, "selftest_expect: %s: not an ELF object\n", path);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
			symscn = scn;
	}
	if (symscn) {
		GElf_Shdr symsh;
		Elf_Data *data;
		size_t n;

		gelf_getshdr(symscn, &symsh);
		data = elf_getdata(symscn, NULL);
		n = symsh.sh_entsize ? symsh.sh_size / symsh.sh_entsize : 0;
		progs = calloc(n ? n : 1, sizeof(*progs));
		if (!progs)
			goto out;
		for (i = 0; data && i < n; i++) {
			GElf_Sym sym;
			GElf_Shdr sh;
			const char *secname, *name;
			Elf_Scn *sec;

			if (!gelf_getsym(data, (int)i, &sym) ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
				continue;
			sec = elf_getscn(elf, sym.st_shndx);
			if (!sec || !gelf_getshdr(sec, &sh) || sh.sh_type != SHT_PROGBITS ||
			    !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
				continue;
			secname = elf_strptr(elf, shstrndx, sh.sh_name);
			name = elf_strptr(elf, symsh.sh_link, sym.st_name);
			if (!secname || !name || !strcmp(secname, ".text"))
				continue;
			progs[nprogs++] = (struct prog_sym){ sym.st_shndx, sym.st_value, name,
							     secname };
		}
	}
	qsort(progs, nprogs, sizeof(*progs), cmp_prog_sym);
	for (i = 0; i < nprogs; i++) {
		struct spec sp;

		parse_spec(btf, progs[i].name, &sp);
		report(base, progs[i].name, progs[i].sec, &sp);
	}
	ret = 0;
out:
	free(progs);
	if (elf)
		elf_end(elf);
	close(fd);
	btf__free(btf);
	return ret;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	int i, rc = 0, first = 1;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[first], "-r")) {
			retval_mode = true;
		} else {
			fprintf(stderr, "selftest_expect: unknown option %s\n", argv[first]);
			return 2;
		}
	}
	if (first >= argc) {
		fprintf(stderr, "usage: selftest_expect [-v] [-r] OBJ...\n");
		return 2;
	}
	libbpf_set_print(quiet);
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "selftest_expect: libelf too old\n");
		return 1;
	}
	for (i = first; i < argc; i++)
		rc |= do_object(argv[i]);
	fflush(stdout);
	return rc;
}
