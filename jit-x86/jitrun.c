// SPDX-License-Identifier: MIT
/*
 * jitrun: running the JIT's code (jit.c compiles it).  The C routines the
 * code calls (checks' slow paths, helpers, LD_ABS/IND, failures), the
 * entry through the trampoline, bpf_loop callbacks, and the SIGSEGV
 * handler that turns a fault of the code into the end of the run: the
 * faulting rip gives the instruction (struct jit_site), its registers the
 * address, and jit_engine() reports and fails the run as the interpreter
 * does.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "jitint.h"

static __thread struct jit_prog *jit_cur; /* the program running on this thread */

/* ---- C routines the code calls ---- */

static bool outside(struct rt_exec *x, uint64_t addr, uint32_t size, bool write)
{
	if (x->stop || shadow_covers(&x->rt->alloc.sh, addr, size))
		return x->stop;
	rt_fail(x, -EFAULT, "insn %zu: %s of size %u at %#lx, outside the runtime's memory",
		x->pc, write ? "write" : "read", size, (unsigned long)addr);
	return true;
}

/* A check's slow path and full mode's routine: report if bad; true ends the run. */
bool jit_c_check(uint32_t insn, uint64_t addr, uint32_t size, uint32_t write)
{
	struct rt_exec *x = jit_cur->st->x;

	x->pc = insn;
	report_check(x, addr, size, write);
	return outside(x, addr, size, write);
}

/* A helper: r1-r5 as the SysV arguments, `packed` = insn << 32 | id. */
struct jit_pair jit_c_helper(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			     uint64_t packed)
{
	struct rt_exec *x = jit_cur->st->x;

	x->pc = packed >> 32;
	x->regs[1] = r1;
	x->regs[2] = r2;
	x->regs[3] = r3;
	x->regs[4] = r4;
	x->regs[5] = r5;
	helper_call(x, (int)(uint32_t)packed);
	return (struct jit_pair){ x->regs[0], x->stop };
}

/* LD_ABS / LD_IND (interp.c's ld_abs()): b = 0 ok, 1 out of bounds (r0 = 0,
 * the function returns), 2 the run ends. */
struct jit_pair jit_c_ldabs(uint64_t src, uint64_t packed, uint32_t mode)
{
	struct rt_exec *x = jit_cur->st->x;
	int size = mode & 0xff;
	int32_t off = (int32_t)(uint32_t)packed;
	uint64_t v = 0;
	uintptr_t p;

	x->pc = packed >> 32;
	if (mode & 0x100)
		off = (int32_t)((uint32_t)packed + (uint32_t)src);
	if (!x->pkt || x->type == BPF_PROG_TYPE_XDP) {
		rt_fail(x, -EINVAL, "insn %zu: LD_ABS/LD_IND need an skb program", x->pc);
		return (struct jit_pair){ 0, 2 };
	}
	p = rt_ld_abs_ptr(x, off, size);
	if (!p)
		return (struct jit_pair){ 0, 1 };
	memcpy(&v, (void *)p, size);
	v = size == 1 ? v : size == 2 ? __builtin_bswap16(v) : __builtin_bswap32(v);
	return (struct jit_pair){ v, 0 };
}

/* An instruction the runtime cannot run, reached: the interpreter's message. */
void jit_c_fail(uint32_t insn, uint32_t why, uint64_t arg)
{
	struct rt_exec *x = jit_cur->st->x;

	x->pc = insn;
	switch (why) {
	case FAIL_KFUNC:
		rt_fail(x, -EOPNOTSUPP, "insn %zu: kfunc calls are not supported", x->pc);
		break;
	case FAIL_ASCAST:
		rt_fail(x, -EOPNOTSUPP, "insn %zu: addr_space_cast (arenas) is not supported", x->pc);
		break;
	case FAIL_KSYM:
		rt_fail(x, -EOPNOTSUPP, "insn %zu: ld_imm64 of a kernel symbol is not supported", x->pc);
		break;
	case FAIL_NOMAP:
		rt_fail(x, -ENOENT, "insn %zu: map #%d is not in the runtime", x->pc, (int)arg);
		break;
	case FAIL_ATOMIC_SIZE:
		rt_fail(x, -EINVAL, "insn %zu: atomic of size %d", x->pc, (int)arg);
		break;
	case FAIL_ATOMIC_OP:
		rt_fail(x, -EINVAL, "insn %zu: unknown atomic operation %#x", x->pc, (int)arg);
		break;
	case FAIL_PC_OUT:
		rt_fail(x, -EINVAL, "pc %zu is outside the program (%zu insns)", x->pc, x->insn_cnt);
		break;
	default:
		rt_fail(x, -EINVAL, "insn %zu: unknown opcode %#x", x->pc, (unsigned)arg);
		break;
	}
}

/* A backward jump past the run's budget (r10d = its insn). */
void jit_c_limit(uint32_t insn)
{
	struct rt_exec *x = jit_cur->st->x;

	x->pc = insn;
	rt_fail(x, -E2BIG, "insn %zu: backward-jump limit (%llu) reached", x->pc,
		(unsigned long long)x->limit);
}

void jit_c_depth_fail(void)
{
	struct rt_exec *x = jit_cur->st->x;

	rt_fail(x, -E2BIG, "insn %zu: more than %d nested calls", x->pc, RT_MAX_FRAMES);
}

/* ---- running ---- */

typedef uint64_t (*tramp_fn)(void *fn, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
			     uint64_t r5);

static uint64_t enter(struct jit_prog *jp, uint32_t entry, const uint64_t args[5])
{
	tramp_fn t = (tramp_fn)(void *)(jp->image + jp->tramp);

	return t(jp->image + entry, args[0], args[1], args[2], args[3], args[4]);
}

/* bpf_loop()'s callback in the JIT (interp_callback()'s twin). */
static uint64_t jit_callback(struct rt_exec *x, size_t target, const uint64_t args[5])
{
	struct jit_prog *jp = jit_cur;
	uint64_t regs[ISA_MAX_REG], r0;
	size_t pc = x->pc;

	if (target >= jp->insn_cnt || jp->entry[target] == UINT32_MAX) {
		rt_fail(x, -EINVAL, "insn %zu: callback %zu is not a function", x->pc, target);
		return 0;
	}
	memcpy(regs, x->regs, sizeof(regs));
	r0 = enter(jp, jp->entry[target], args);
	memcpy(x->regs, regs, sizeof(regs));
	x->pc = pc;
	return x->stop ? 0 : r0;
}

static struct sigaction old_segv, old_bus;

static const struct jit_site *find_site(const struct jit_prog *jp, uint32_t o)
{
	size_t lo = 0, hi = jp->site_cnt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (jp->sites[mid].to <= o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < jp->site_cnt && jp->sites[lo].from <= o ? &jp->sites[lo] : NULL;
}

/*
 * SIGSEGV/SIGBUS: a fault at a known site of the running program's code
 * goes back to jit_engine(); any other is the previous handler's (ASan's
 * in sanitizer builds), or the default action's.
 */
/* x86 register number -> its slot in mcontext_t.gregs */
static const int greg[16] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI,
			      REG_RDI, REG_R8,	REG_R9,	 REG_R10, REG_R11, REG_R12, REG_R13,
			      REG_R14, REG_R15 };

static void on_fault(int sig, siginfo_t *si, void *uc_)
{
	struct jit_prog *jp = jit_cur;
	struct sigaction *old = sig == SIGSEGV ? &old_segv : &old_bus;
	ucontext_t *uc = uc_;
	uintptr_t rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];

	if (jp && jp->image && rip >= (uintptr_t)jp->image && rip < (uintptr_t)jp->image + jp->image_len) {
		const struct jit_site *s = find_site(jp, (uint32_t)(rip - (uintptr_t)jp->image));

		if (s) {
			jp->fault = *s;
			jp->fault_addr = (uintptr_t)uc->uc_mcontext.gregs[greg[s->base]] + s->disp;
			/* SA_NODEFER: nothing to unblock, so no mask was saved */
			siglongjmp(jp->jb, 1);
		}
	}
	if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
		old->sa_sigaction(sig, si, uc_);
	} else if (old->sa_handler != SIG_IGN && old->sa_handler != SIG_DFL && old->sa_handler) {
		old->sa_handler(sig);
	} else {
		signal(sig, SIG_DFL); /* the fault again, fatal */
	}
}

/*
 * Installed by jit_compile() (sigaction() per run would cost more than
 * most programs take), unless already there; whatever handler it replaces
 * gets the faults that are not the JIT's.
 */
void jit_install_handlers(void)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_NODEFER };
	static const int sigs[2] = { SIGSEGV, SIGBUS };

	sigemptyset(&sa.sa_mask);
	for (int k = 0; k < 2; k++) {
		struct sigaction cur;

		if (sigaction(sigs[k], NULL, &cur) || ((cur.sa_flags & SA_SIGINFO) &&
						      cur.sa_sigaction == on_fault))
			continue;
		sigaction(sigs[k], &sa, k ? &old_bus : &old_segv);
	}
}

static void jit_engine(struct rt_exec *x, void *arg)
{
	struct jit_prog *jp = arg;
	struct jit_prog *volatile saved = jit_cur;
	struct jit_state *st = jp->st;

	st->x = x;
	st->depth = -1;
	st->may_goto = x->may_goto;
	st->back_edges = x->limit;
	for (int d = 0; d < RT_MAX_FRAMES; d++)
		st->frame_top[d] = x->rt->stacks[d] + ISA_STACK_SIZE;
	x->callback = jit_callback;
	jit_cur = jp;
	if (!sigsetjmp(jp->jb, 0)) {
		x->regs[0] = enter(jp, jp->entry[0], &x->regs[1]);
	} else {
		const struct jit_site *s = &jp->fault;

		x->pc = (size_t)s->insn;
		if (s->kind == SITE_SHADOW)
			report_check(x, jp->fault_addr, s->size, s->write);
		if (!x->stop)
			rt_fail(x, -EFAULT, "insn %zu: %s of size %d at %#lx, outside the runtime's memory",
				x->pc, s->write ? "write" : "read", s->size,
				(unsigned long)jp->fault_addr);
	}
	jit_cur = saved;
}

int jit_run(struct jit_prog *jp, const struct rt_run_opts *opts, struct rt_run_result *res)
{
	struct rt_run_opts o = *opts;

	o.mode = jp->mode;
	o.check_bitmap = jp->bitmap;
	o.stack_layout = jp->layout;
	return rt_run_engine(jp->rt, jp->insns, jp->insn_cnt, jp->type, jp->prog, &o, res,
			     jit_engine, jp);
}
