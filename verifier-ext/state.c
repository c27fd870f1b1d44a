// SPDX-License-Identifier: MIT
/*
 * verifier-ext: allocation, copying and initialisation of abstract states
 * (kernel: copy_verifier_state(), init_func_state(), mark_reg_*()).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vx.h"

struct vstate *vstate_new(void)
{
	return calloc(1, sizeof(struct vstate));
}

void vstate_free(struct vstate *st)
{
	if (!st)
		return;
	for (int i = 0; i < MAX_CALL_FRAMES; i++)
		free(st->frame[i]);
	free(st);
}

/*
 * kernel: copy_verifier_state().  Frames above src->curframe are freed in
 * dst; the parent link and branch count are the caller's business.
 */
int vstate_copy(struct vstate *dst, const struct vstate *src)
{
	for (u32 i = src->curframe + 1; i < MAX_CALL_FRAMES; i++) {
		free(dst->frame[i]);
		dst->frame[i] = NULL;
	}
	for (u32 i = 0; i <= src->curframe; i++) {
		const struct func_state *sf = src->frame[i];

		if (!dst->frame[i]) {
			dst->frame[i] = malloc(sizeof(struct func_state));
			if (!dst->frame[i])
				return -ENOMEM;
		}
		/* slots past allocated_stack are never read: copy the live part only */
		memcpy(dst->frame[i], sf, offsetof(struct func_state, stack));
		memcpy(dst->frame[i]->stack, sf->stack,
		       sizeof(sf->stack[0]) * (size_t)(sf->allocated_stack / BPF_REG_SIZE));
		memcpy(&dst->frame[i]->allocated_stack, &sf->allocated_stack,
		       sizeof(*sf) - offsetof(struct func_state, allocated_stack));
	}
	dst->curframe = src->curframe;
	memcpy(dst->refs, src->refs, sizeof(src->refs[0]) * src->ref_cnt);
	dst->ref_cnt = src->ref_cnt;
	dst->active_lock_id = src->active_lock_id;
	dst->active_lock_map = src->active_lock_map;
	dst->active_rcu_lock = src->active_rcu_lock;
	dst->speculative = src->speculative;
	dst->insn_idx = src->insn_idx;
	dst->first_insn_idx = src->first_insn_idx;
	dst->last_insn_idx = src->last_insn_idx;
	dst->dfs_depth = src->dfs_depth;
	dst->callback_unroll_depth = src->callback_unroll_depth;
	dst->may_goto_depth = src->may_goto_depth;
	return 0;
}

struct func_state *cur_func(struct env *env)
{
	return env->cur->frame[env->cur->curframe];
}

struct reg_state *cur_regs(struct env *env)
{
	return cur_func(env)->regs;
}

/* kernel: __mark_reg_not_init() */
void mark_reg_not_init(struct reg_state *reg)
{
	__mark_reg_unknown_imprecise(reg);
	reg->type = NOT_INIT;
}

/* kernel: __mark_reg_unknown() in privileged mode: every scalar precise */
void mark_reg_unknown(struct env *env, struct reg_state *reg)
{
	(void)env;
	__mark_reg_unknown_imprecise(reg);
}

/* kernel: mark_reg_known_zero() */
void mark_reg_known_zero(struct reg_state *reg)
{
	__mark_reg_known_zero(reg);
}

/* kernel: init_func_state() and init_reg_state() */
void init_func_state(struct func_state *f, int callsite, u32 frameno, u32 subprogno)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < MAX_BPF_REG; i++) {
		mark_reg_not_init(&f->regs[i]);
		f->regs[i].map_idx = -1;
	}
	/* r10: read-only frame pointer */
	struct reg_state *fp = &f->regs[BPF_REG_10];
	__mark_reg_known_zero(fp);
	fp->type = PTR_TO_STACK;
	fp->frameno = frameno;
	f->callsite = callsite;
	f->frameno = frameno;
	f->subprogno = subprogno;
}
