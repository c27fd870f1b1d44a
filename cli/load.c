// SPDX-License-Identifier: MIT
/*
 * cli: `bpfkasan load FILE`: analyse each program of a BPF object as
 * `bpfkasan analyze` does (verifier-ext, then smt/), load the object into
 * the running kernel with libbpf, and pass the instructions Z3 proved in
 * bounds as KASAN elision hints (kernel/patches 0004), so that the JIT of a
 * kernel with the series drops exactly their checks.
 *
 * The hints ride on libbpf's own BPF_PROG_LOAD (load_hook.c).  Before any
 * load, a probe asks the kernel whether it takes hints at all: an
 * unpatched 6.12 refuses the extra bytes with E2BIG, newer kernels read
 * them as fields of their own (fd_array_cnt, signature), so only the
 * patched kernel's own refusal of a bad hint is taken as a yes.
 *
 * With --hints-in, the hints come from a file --hints-out wrote (on another
 * machine, say: the analysis of a large program under emulation is slow)
 * and nothing is analysed; the kernel validates them all the same.
 *
 * Exit status: 0 every program loaded (and ran, with --test-run), 2 bad
 * usage, an unreadable object, a kernel that refused a program or its
 * hints or does not take hints, 3 internal error.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "cli.h"
#include "kasan_uapi.h"
#include "load.h"
#include "smt/smt.h"
#include "verifier-ext/verifier.h"

enum {
	OPT_PROG = 'p', OPT_VERBOSE = 'v', OPT_NO_HINTS = 0x100, OPT_PIN, OPT_HINTS_OUT,
	OPT_TEST_RUN, OPT_Z3_TIMEOUT, OPT_HINTS_IN, OPT_NO_LOAD,
};

static const struct argp_option load_options[] = {
	{ "prog", OPT_PROG, "NAME", 0, "load only this program (default: every program)", 0 },
	{ "no-hints", OPT_NO_HINTS, NULL, 0, "load without elision hints", 0 },
	{ "pin", OPT_PIN, "PATH", 0,
	  "pin the program at PATH in bpffs (several programs: PATH/NAME each)", 0 },
	{ "hints-out", OPT_HINTS_OUT, "FILE", 0,
	  "write each program's hints to FILE (\"NAME: INSN...\"), before loading", 0 },
	{ "hints-in", OPT_HINTS_IN, "FILE", 0,
	  "take the hints from FILE (as --hints-out writes it; a program it does not name gets "
	  "none) instead of analysing the programs", 0 },
	{ "no-load", OPT_NO_LOAD, NULL, 0,
	  "analyse and write --hints-out, but load nothing (no kernel needed)", 0 },
	{ "test-run", OPT_TEST_RUN, NULL, 0,
	  "run each program once with BPF_PROG_TEST_RUN (64 zero bytes of packet)", 0 },
	{ "z3-timeout", OPT_Z3_TIMEOUT, "MS", 0, "per Z3 query (default 1000)", 0 },
	{ "verbose", OPT_VERBOSE, NULL, 0, "print libbpf's warnings (the verifier log of a refused program)", 0 },
	{ 0 }
};

struct load_args {
	const char *file, *prog, *pin, *hints_out, *hints_in;
	bool no_hints, test_run, verbose, no_load;
	unsigned z3_timeout_ms;
};

static error_t parse_load(int key, char *arg, struct argp_state *state)
{
	struct load_args *a = state->input;

	switch (key) {
	case OPT_PROG: a->prog = arg; return 0;
	case OPT_NO_HINTS: a->no_hints = true; return 0;
	case OPT_PIN: a->pin = arg; return 0;
	case OPT_HINTS_OUT: a->hints_out = arg; return 0;
	case OPT_HINTS_IN: a->hints_in = arg; return 0;
	case OPT_NO_LOAD: a->no_load = true; return 0;
	case OPT_TEST_RUN: a->test_run = true; return 0;
	case OPT_VERBOSE: a->verbose = true; return 0;
	case OPT_Z3_TIMEOUT:
		a->z3_timeout_ms = cli_parse_count(state, arg, 3600000, "--z3-timeout wants milliseconds");
		return 0;
	case ARGP_KEY_ARG:
		if (a->file)
			argp_error(state, "one FILE only");
		a->file = arg;
		return 0;
	case ARGP_KEY_END:
		if (!a->file)
			argp_error(state, "no FILE given");
		if (a->no_hints && a->hints_out)
			argp_error(state, "--hints-out and --no-hints exclude each other");
		if (a->hints_in && (a->no_hints || a->hints_out))
			argp_error(state, "--hints-in excludes --no-hints and --hints-out");
		if (a->no_load && !a->hints_out)
			argp_error(state, "--no-load needs --hints-out");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* What the analysis says about one program. */
struct prog_plan {
	struct load_hook_prog hook;
	uint32_t *hints;
	unsigned n[SMT_UNREACHABLE + 1];	/* accesses per verdict */
	unsigned ctx_hints, stack_hints;	/* hints on ctx only / stack only */
	bool from_file;				/* --hints-in: not analysed */
	char why[320];				/* no hints: why not */
};

/* Patch 0004 takes plain loads and stores only: LDX (MEM, MEMSX), ST, STX (MEM) */
static bool hintable(const struct bpf_insn *i)
{
	unsigned cls = BPF_CLASS(i->code), mode = BPF_MODE(i->code);

	return (cls == BPF_LDX && (mode == BPF_MEM || mode == BPF_MEMSX)) ||
	       ((cls == BPF_ST || cls == BPF_STX) && mode == BPF_MEM);
}

/* Every pointer the access saw was of region r */
static bool only_region(const struct access_fact *f, enum vx_region r)
{
	for (unsigned s = 0; s < f->seen_cnt; s++)
		if (f->seen[s].region != r)
			return false;
	return f->seen_cnt > 0;
}

/* verifier-ext then smt/, as `bpfkasan analyze` runs them; the elided plain accesses */
static int plan_prog(const struct load_args *a, const struct obj *o, const struct obj_prog *p,
		     const struct btf *kbtf, struct prog_plan *pl)
{
	struct vx_options vo = { .kernel_btf = kbtf, .summaries = true };
	struct smt_cert cert = { 0 };
	struct vx_result r;
	int err = 0;

	pl->hook.p = p;
	pl->hook.mismatch = -1;
	if (vx_analyze(o, p, &vo, &r)) {
		fprintf(stderr, "bpfkasan: %s: program %s: %s\n", o->path, p->name, r.msg);
		return -ENOMEM;
	}
	if (r.verdict != VX_ACCEPTED) {
		snprintf(pl->why, sizeof(pl->why), "the analysis %s it: %s",
			 r.verdict == VX_REJECTED ? "rejects" : "does not support", r.msg);
		goto out;
	}
	if (smt_certify_program(o, p, &r, a->z3_timeout_ms, &cert)) {
		fprintf(stderr, "bpfkasan: %s: program %s: the Z3 proofs failed to run\n", o->path,
			p->name);
		err = -ENOMEM;
		goto out;
	}
	pl->hints = calloc(cert.cnt + 1, sizeof(*pl->hints));
	if (!pl->hints) {
		err = -ENOMEM;
		goto out;
	}
	for (unsigned k = 0; k < cert.cnt; k++) {
		const struct access_fact *f = &r.facts[k];
		int i = cert.acc[k].insn;

		pl->n[cert.acc[k].verdict]++;
		if (cert.acc[k].verdict != SMT_ELIDED || !hintable(&p->insns[i]))
			continue;
		pl->hints[pl->hook.hint_cnt++] = (uint32_t)i;
		pl->ctx_hints += only_region(f, VX_REGION_CTX);
		pl->stack_hints += only_region(f, VX_REGION_STACK);
	}
	pl->hook.hints = pl->hints;
	smt_cert_free(&cert);
out:
	vx_result_free(&r);
	return err;
}

static int write_hints(const char *path, const struct prog_plan *pl, unsigned cnt)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "bpfkasan: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	for (unsigned k = 0; k < cnt; k++) {
		fprintf(f, "%s:", pl[k].hook.p->name);
		for (uint32_t h = 0; h < pl[k].hook.hint_cnt; h++)
			fprintf(f, " %u", pl[k].hints[h]);
		fprintf(f, "\n");
	}
	if (fclose(f)) {
		fprintf(stderr, "bpfkasan: %s: %s\n", path, strerror(errno));
		return -EIO;
	}
	return 0;
}

/*
 * --hints-in: the hints of each plan's program from the file --hints-out
 * writes ("NAME: INSN..." a line). A name that is no program of the
 * object, or an index past the program's end, is an error: the file is
 * not this object's. 0, or -1 after a message.
 */
static int read_hints(const char *path, const struct obj *o, struct prog_plan *pl, unsigned cnt)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *colon, *tok, *end;
	size_t cap = 0;
	unsigned lineno = 0;
	int err = 0;

	if (!f) {
		fprintf(stderr, "bpfkasan: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (!err && getline(&line, &cap, f) > 0) {
		struct prog_plan *q = NULL;
		size_t k, n = 0;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		colon = strchr(line, ':');
		if (!colon) {
			fprintf(stderr, "bpfkasan: %s:%u: not \"NAME: INSN...\"\n", path, lineno);
			err = -1;
			break;
		}
		*colon = 0;
		for (k = 0; k < o->prog_cnt && strcmp(o->progs[k].name, line); k++)
			;
		if (k == o->prog_cnt) {
			fprintf(stderr, "bpfkasan: %s:%u: no program '%s' in %s\n", path, lineno, line,
				o->path);
			err = -1;
			break;
		}
		for (unsigned j = 0; j < cnt; j++)
			if (pl[j].hook.p == &o->progs[k])
				q = &pl[j];
		if (!q)		/* not loaded (--prog) */
			continue;
		free(q->hints);
		q->hints = calloc(o->progs[k].insn_cnt + 1, sizeof(*q->hints));
		if (!q->hints) {
			err = -1;
			break;
		}
		for (tok = strtok(colon + 1, " \t"); tok; tok = strtok(NULL, " \t")) {
			unsigned long i = strtoul(tok, &end, 10);

			if (*end || i >= o->progs[k].insn_cnt || n >= o->progs[k].insn_cnt) {
				fprintf(stderr, "bpfkasan: %s:%u: '%s' is no insn index of %s (%zu "
					"insns)\n", path, lineno, tok, line, o->progs[k].insn_cnt);
				err = -1;
				break;
			}
			q->hints[n++] = (uint32_t)i;
		}
		q->hook.hints = q->hints;
		q->hook.hint_cnt = (uint32_t)n;
	}
	free(line);
	fclose(f);
	return err;
}

/*
 * Does the running kernel take hints?  Load `r0 = 0; exit` with a hint on
 * insn 0, which is no load or store: the patched kernel refuses it with
 * EINVAL and "KASAN elision hint 0: insn 0 is not a plain load or store"
 * (apply_kasan_hints() of patch 0004), EPERM without CAP_SYS_ADMIN.
 * Anything else is a kernel that does not know the attribute.  0 when it
 * does, else a negative errno with the reason in why.
 */
static int hint_probe(char *why, size_t len)
{
	static const struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static const uint32_t hint = 0;
	struct bpfkasan_prog_load_attr a;
	char log[4096] = "";
	long fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)prog;
	a.insn_cnt = 2;
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	a.kasan_elide_cnt = 1;
	a.kasan_elide_insns = (uintptr_t)&hint;
	fd = load_sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	if (fd >= 0)
		close((int)fd);
	else if (errno == EINVAL && strstr(log, "KASAN elision hint 0: insn 0"))
		return 0;
	else if (errno == EPERM && strstr(log, "KASAN elision hints need CAP_SYS_ADMIN"))
		return snprintf(why, len, "hints need CAP_SYS_ADMIN"), -EPERM;
	else if (errno == EINVAL && strstr(log, "need CONFIG_BPF_JIT_KASAN"))
		return snprintf(why, len, "this kernel takes bpfkasan hints but has no "
				"CONFIG_BPF_JIT_KASAN"), -EOPNOTSUPP;
	snprintf(why, len, "this kernel does not take bpfkasan hints (needs kernel/patches): a "
		 "probe with a bad hint %s%s", fd >= 0 ? "loaded" : "got: ",
		 fd >= 0 ? "" : strerror(errno));
	return -EOPNOTSUPP;
}

/*
 * The KASAN checks in a JIT image of a kernel with the series: each checked
 * access saves the caller-saved registers in the same order before calling
 * __asan_*_noabort(), out of line (bpf_jit_kasan=inline) or in line (call):
 * emit_kasan_call() of patch 0003, push rax, rcx, rdx, rsi, rdi, r8-r11.
 */
static unsigned kasan_checks(const unsigned char *img, size_t len)
{
	static const unsigned char saves[] = { 0x50, 0x51, 0x52, 0x56, 0x57, 0x41, 0x50,
					       0x41, 0x51, 0x41, 0x52, 0x41, 0x53 };
	unsigned n = 0;

	for (size_t i = 0; i + sizeof(saves) <= len; i++)
		if (!memcmp(img + i, saves, sizeof(saves)))
			n++;
	return n;
}

/* "JIT image N bytes, K KASAN checks" of fd, into out */
static void jit_summary(int fd, char *out, size_t len)
{
	struct bpf_prog_info info = { 0 };
	__u32 info_len = sizeof(info);
	unsigned char *img;

	if (bpf_obj_get_info_by_fd(fd, &info, &info_len) || !info.jited_prog_len) {
		snprintf(out, len, "JIT image not readable");
		return;
	}
	img = malloc(info.jited_prog_len);
	__u32 jlen = info.jited_prog_len;

	memset(&info, 0, sizeof(info));
	info.jited_prog_len = jlen;
	info.jited_prog_insns = (uintptr_t)img;
	info_len = sizeof(info);
	if (!img || bpf_obj_get_info_by_fd(fd, &info, &info_len) || !info.jited_prog_insns)
		snprintf(out, len, "JIT image not readable");
	else
		snprintf(out, len, "JIT image %u bytes, %u KASAN checks", jlen,
			 kasan_checks(img, jlen));
	free(img);
}

static bool libbpf_verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!libbpf_verbose || level == LIBBPF_DEBUG)
		return 0;
	fprintf(stderr, "libbpf: ");
	return vfprintf(stderr, fmt, ap);
}

/* One BPF_PROG_TEST_RUN with 64 zero bytes of packet: 0, or -errno */
static int test_run(int fd, char *out, size_t len)
{
	unsigned char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);

	if (bpf_prog_test_run_opts(fd, &t))
		return -errno;
	snprintf(out, len, "; test run: retval %u", t.retval);
	return 0;
}

/* The line of a loaded program; its exit status contribution */
static int report_loaded(const struct load_args *a, struct bpf_program *bp, const struct prog_plan *pl,
			 unsigned loaded_cnt)
{
	int fd = bpf_program__fd(bp), status = CLI_OK;
	struct bpf_prog_info info = { 0 };
	__u32 info_len = sizeof(info);
	char jit[96], hints[192], run[64] = "", pin[512] = "";

	bpf_obj_get_info_by_fd(fd, &info, &info_len);
	jit_summary(fd, jit, sizeof(jit));
	if (a->no_hints)
		snprintf(hints, sizeof(hints), "no hints (--no-hints)");
	else if (pl->from_file)
		snprintf(hints, sizeof(hints), "%u hints passed, %u accepted (from --hints-in)",
			 pl->hook.hint_cnt, pl->hook.hint_cnt);
	else if (!pl->hook.hint_cnt)
		snprintf(hints, sizeof(hints), "0 hints%s%s%s", pl->why[0] ? " (" : "", pl->why,
			 pl->why[0] ? ")" : "");
	else
		snprintf(hints, sizeof(hints), "%u hints passed, %u accepted (%u on the context, "
			 "%u on the stack)", pl->hook.hint_cnt, pl->hook.hint_cnt, pl->ctx_hints,
			 pl->stack_hints);
	if (a->test_run) {
		int e = test_run(fd, run, sizeof(run));

		if (e) {
			fprintf(stderr, "bpfkasan: %s: program %s: BPF_PROG_TEST_RUN: %s\n", a->file,
				pl->hook.p->name, strerror(-e));
			status = CLI_BAD_INPUT;
		}
	}
	if (a->pin) {
		if (loaded_cnt == 1)
			snprintf(pin, sizeof(pin), "%s", a->pin);
		else
			snprintf(pin, sizeof(pin), "%s/%s", a->pin, pl->hook.p->name);
		if (bpf_program__pin(bp, pin)) {
			fprintf(stderr, "bpfkasan: %s: program %s: cannot pin at %s: %s\n", a->file,
				pl->hook.p->name, pin, strerror(errno));
			status = CLI_BAD_INPUT;
			pin[0] = 0;
		}
	}
	if (pl->from_file)
		printf("%s: prog id %u, fd %d: %s; %s; analysis: not run (--hints-in)%s%s%s\n",
		       pl->hook.p->name, info.id, fd, hints, jit, run, pin[0] ? "; pinned at " : "",
		       pin);
	else
		printf("%s: prog id %u, fd %d: %s; %s; analysis: %u elided, %u checked, %u "
		       "stack-protected, %u probe, %u unreachable%s%s%s\n", pl->hook.p->name, info.id,
		       fd, hints, jit, pl->n[SMT_ELIDED], pl->n[SMT_CHECKED],
		       pl->n[SMT_STACK_PROTECTED], pl->n[SMT_PROBE], pl->n[SMT_UNREACHABLE], run,
		       pin[0] ? "; pinned at " : "", pin);
	return status;
}

/* Why a program did not load, in one line */
static void report_refused(const struct load_args *a, const struct prog_plan *pl, int err)
{
	const struct load_hook_prog *h = &pl->hook;

	if (h->mismatch >= 0)
		fprintf(stderr, "bpfkasan: %s: program %s: libbpf loads other instructions than "
			"the analysed ones (first at insn %d), so the hints would name the wrong "
			"instructions: not passed\n", a->file, h->p->name, h->mismatch);
	else if (h->passed && h->err && h->log_line[0])
		fprintf(stderr, "bpfkasan: %s: program %s: the kernel refused its %u hints: %s "
			"(%s)\n", a->file, h->p->name, h->hint_cnt, strerror(h->err), h->log_line);
	else
		fprintf(stderr, "bpfkasan: %s: program %s: the kernel refused it: %s%s\n", a->file,
			h->p->name, strerror(err), a->verbose ? "" : " (-v prints the verifier log)");
}

static int load_object(const struct load_args *a, struct prog_plan *pl, unsigned cnt)
{
	struct bpf_object *bo;
	struct bpf_program *bp;
	struct load_hook_prog *hooks;
	unsigned loaded = 0;
	int err, status = CLI_OK;

	libbpf_verbose = a->verbose;
	libbpf_set_print(libbpf_print);
	bo = bpf_object__open_file(a->file, NULL);
	if (!bo) {
		fprintf(stderr, "bpfkasan: %s: libbpf cannot open it: %s\n", a->file, strerror(errno));
		return CLI_BAD_INPUT;
	}
	bpf_object__for_each_program(bp, bo)
		if (a->prog && strcmp(bpf_program__name(bp), a->prog))
			bpf_program__set_autoload(bp, false);
	/* the hook reads a contiguous array; the plans own the hints */
	hooks = calloc(cnt ? cnt : 1, sizeof(*hooks));
	if (!hooks) {
		bpf_object__close(bo);
		return CLI_INTERNAL;
	}
	for (unsigned k = 0; k < cnt; k++) {
		hooks[k] = pl[k].hook;
		if (a->no_hints)
			hooks[k].hint_cnt = 0;
	}
	load_hook_arm(hooks, cnt);
	err = bpf_object__load(bo);
	load_hook_disarm();
	for (unsigned k = 0; k < cnt; k++)
		pl[k].hook = hooks[k];
	free(hooks);
	bpf_object__for_each_program(bp, bo)
		loaded += bpf_program__autoload(bp) && bpf_program__fd(bp) >= 0;
	/* hints that could not be passed, or that the kernel refused */
	for (unsigned k = 0; k < cnt; k++)
		if (pl[k].hook.mismatch >= 0 || (pl[k].hook.passed && pl[k].hook.err)) {
			report_refused(a, &pl[k], pl[k].hook.err);
			status = CLI_BAD_INPUT;
		}
	if (err) {
		/* bpf_object__load() unloads everything after the first refusal */
		if (status == CLI_OK)
			fprintf(stderr, "bpfkasan: %s: libbpf could not load it: %s%s\n", a->file,
				strerror(-err), a->verbose ? "" : " (-v prints libbpf's warnings "
				"and the verifier log)");
		status = CLI_BAD_INPUT;
	}
	for (unsigned k = 0; k < cnt && !err; k++) {
		bp = bpf_object__find_program_by_name(bo, pl[k].hook.p->name);
		if (bp && bpf_program__fd(bp) >= 0 && report_loaded(a, bp, &pl[k], loaded))
			status = CLI_BAD_INPUT;
	}
	bpf_object__close(bo);
	return status;
}

int cmd_load(int argc, char **argv)
{
	static const struct argp argp = { load_options, parse_load, "FILE",
		"Analyse the programs of a BPF ELF object, load them into the running kernel with "
		"libbpf, and pass the accesses Z3 proved in bounds as KASAN elision hints (a kernel "
		"with bpfkasan's kernel/patches drops their checks); print one line per program.",
		NULL, NULL, NULL };
	struct load_args a = { 0 };
	struct obj_opts opts = { 0 };
	struct prog_plan *pl = NULL;
	struct btf *kbtf = NULL;
	unsigned cnt = 0, hints = 0;
	char err[512];
	struct obj *o;
	int status = CLI_OK;

	if (argp_parse(&argp, argc, argv, 0, NULL, &a))
		return CLI_BAD_INPUT;
	/* CO-RE against the running kernel's BTF, as libbpf will */
	if (obj_open(a.file, &opts, &o, err, sizeof(err))) {
		fprintf(stderr, "bpfkasan: %s\n", err);
		return CLI_BAD_INPUT;
	}
	pl = calloc(o->prog_cnt + 1, sizeof(*pl));
	if (!pl) {
		obj_free(o);
		return CLI_INTERNAL;
	}
	if (o->core_btf_path)
		kbtf = btf__parse(o->core_btf_path, NULL);
	for (size_t i = 0; i < o->prog_cnt; i++) {
		if (a.prog && strcmp(a.prog, o->progs[i].name))
			continue;
		pl[cnt].from_file = a.hints_in != NULL;
		if (!a.hints_in && plan_prog(&a, o, &o->progs[i], kbtf, &pl[cnt])) {
			status = CLI_INTERNAL;
			goto out;
		}
		pl[cnt].hook.p = &o->progs[i];
		pl[cnt].hook.mismatch = -1;
		hints += pl[cnt].hook.hint_cnt;
		cnt++;
	}
	if (a.hints_in) {
		if (read_hints(a.hints_in, o, pl, cnt)) {
			status = CLI_BAD_INPUT;
			goto out;
		}
		for (unsigned k = 0; k < cnt; k++)
			hints += pl[k].hook.hint_cnt;
	}
	if (!cnt) {
		fprintf(stderr, "bpfkasan: %s: %s%s%s\n", a.file, a.prog ? "no program '" : "no programs",
			a.prog ? a.prog : "", a.prog ? "'" : "");
		status = CLI_BAD_INPUT;
		goto out;
	}
	if (a.hints_out && write_hints(a.hints_out, pl, cnt)) {
		status = CLI_BAD_INPUT;
		goto out;
	}
	if (a.no_load)
		goto out;
	if (!a.no_hints && hints && hint_probe(err, sizeof(err))) {
		fprintf(stderr, "bpfkasan: %s: %s; --no-hints loads without them\n", a.file, err);
		status = CLI_BAD_INPUT;
		goto out;
	}
	status = load_object(&a, pl, cnt);
out:
	for (unsigned k = 0; k < cnt; k++)
		free(pl[k].hints);
	free(pl);
	btf__free(kbtf);
	obj_free(o);
	return status;
}
