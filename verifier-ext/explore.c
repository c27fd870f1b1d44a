// SPDX-License-Identifier: MIT
/*
 * verifier-ext: depth-first exploration of every path (kernel: do_check(),
 * push_stack(), pop_stack(), is_state_visited(), update_branch_counts()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

struct pending {
	struct vstate *st;
	int insn_idx;
	int prev_insn_idx;
	struct pending *next;
};

/* kernel: push_stack() */
struct vstate *push_stack(struct env *env, int insn_idx, int prev_insn_idx)
{
	struct pending *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->st = vstate_new();
	if (!p->st || vstate_copy(p->st, env->cur)) {
		vstate_free(p->st);
		free(p);
		env->oom = true;
		vx_err(env, "out of memory");
		return NULL;
	}
	p->st->parent = env->cur->parent;
	p->st->branches = env->cur->branches;
	p->st->insn_idx = (u32)insn_idx;
	p->insn_idx = insn_idx;
	p->prev_insn_idx = prev_insn_idx;
	p->next = env->stack_head;
	env->stack_head = p;
	env->stack_size++;
	if (p->st->parent)
		p->st->parent->branches++;
	if (env->stack_size > 8192) {
		vx_err(env, "The sequence of %u jumps is too complex.", env->stack_size);
		return NULL;
	}
	return p->st;
}

/* kernel: pop_stack(): -ENOENT when every path is done */
static int pop_stack(struct env *env, int *prev_insn_idx, int *insn_idx)
{
	struct pending *p = env->stack_head;

	if (!p)
		return -ENOENT;
	vstate_free(env->cur);
	env->cur = p->st;
	*insn_idx = p->insn_idx;
	*prev_insn_idx = p->prev_insn_idx;
	env->stack_head = p->next;
	env->stack_size--;
	free(p);
	return 0;
}

static void free_pending(struct env *env)
{
	while (env->stack_head) {
		struct pending *p = env->stack_head;

		env->stack_head = p->next;
		vstate_free(p->st);
		free(p);
	}
}

/* kernel: update_branch_counts() */
static void update_branch_counts(struct vstate *st)
{
	while (st) {
		u32 br = --st->branches;

		if (br)
			break;
		st = st->parent;
	}
}

/* kernel: states_maybe_looping(): every register of the frame unchanged */
static bool states_maybe_looping(const struct vstate *old, const struct vstate *cur)
{
	u32 fr = cur->curframe;

	if (old->curframe != fr)
		return false;
	for (int i = 0; i < MAX_BPF_REG; i++) {
		const struct reg_state *a = &old->frame[fr]->regs[i], *b = &cur->frame[fr]->regs[i];

		if (a->type != b->type || a->off != b->off || memcmp(&a->var_off, &b->var_off, sizeof(a->var_off)) ||
		    a->smin_value != b->smin_value || a->smax_value != b->smax_value ||
		    a->umin_value != b->umin_value || a->umax_value != b->umax_value ||
		    a->id != b->id || a->range != b->range)
			return false;
	}
	return true;
}

/* kernel: is_state_visited(): 1 when cur is covered by an explored state */
static int is_state_visited(struct env *env, int insn_idx)
{
	struct state_list *sl = &env->explored[insn_idx];
	struct vstate *cur = env->cur;
	bool force_new = env->aux[insn_idx].force_checkpoint;
	bool add_new = force_new;

	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new = true;

	struct state_node **pprev = &sl->head, *n;

	while ((n = *pprev)) {
		struct vstate *old = n->state;

		if (old->branches) {
			/* old is on the current path: a loop */
			if (env->aux[insn_idx].calls_callback) {
				if (states_equal(env, old, cur, false))
					goto hit;
				goto skip_inf_loop_check;
			}
			if (env->insns[insn_idx].code == (BPF_JMP | BPF_JCOND) &&
			    old->may_goto_depth != cur->may_goto_depth && states_equal(env, old, cur, false))
				goto hit;
			if (states_maybe_looping(old, cur) && states_equal(env, old, cur, true) &&
			    old->may_goto_depth == cur->may_goto_depth &&
			    old->callback_unroll_depth == cur->callback_unroll_depth) {
				vx_err(env, "infinite loop detected at insn %d", insn_idx);
				return -EINVAL;
			}
skip_inf_loop_check:
			if (!force_new && env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add_new = false;
			goto miss;
		}
		if (states_equal(env, old, cur, false)) {
hit:
			n->hit_cnt++;
			return 1;
		}
miss:
		if (add_new)
			n->miss_cnt++;
		/* kernel: evict states that keep missing (they only cost time) */
		int lim = env->aux[insn_idx].force_checkpoint && old->branches ? 64 : 3;
		if (n->miss_cnt > n->hit_cnt * (u32)lim + (u32)lim) {
			*pprev = n->next;
			sl->cnt--;
			env->cur_states--;
			if (old->branches) {
				/* still an ancestor of a live path: free it at the end */
				n->next = env->evicted;
				env->evicted = n;
			} else {
				vstate_free(old);
				free(n);
			}
			continue;
		}
		pprev = &n->next;
	}
	if (!add_new)
		return 0;

	struct state_node *node = calloc(1, sizeof(*node));
	struct vstate *new = vstate_new();

	if (!node || !new || vstate_copy(new, cur)) {
		free(node);
		vstate_free(new);
		env->oom = true;
		vx_err(env, "out of memory");
		return -ENOMEM;
	}
	env->total_states++;
	env->cur_states++;
	if (env->peak_states < env->cur_states)
		env->peak_states = env->cur_states;
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;
	new->insn_idx = (u32)insn_idx;
	new->branches = 1;
	new->parent = cur->parent;
	cur->parent = new;
	cur->first_insn_idx = (u32)insn_idx;
	cur->dfs_depth = new->dfs_depth + 1;
	node->state = new;
	node->next = sl->head;
	sl->head = node;
	sl->cnt++;
	return 0;
}

static void log_insn(struct env *env, int idx)
{
	char buf[128];

	if (!env->log)
		return;
	isa_disasm(&env->insns[idx], (size_t)(env->insn_cnt - idx), NULL, true, buf, sizeof(buf));
	vx_log(env, "%d: %s\n", idx, buf);
}

static void log_state(struct env *env, int idx)
{
	if (!env->log || env->log_level < 2)
		return;
	vx_log(env, "%d:", idx);
	print_verifier_state(env, cur_func(env));
}

/* kernel: check_ld_imm() */
static int check_ld_imm(struct env *env, const struct bpf_insn *insn, int idx)
{
	struct reg_state *dst;
	int err;

	if (BPF_SIZE(insn->code) != BPF_DW) {
		vx_err(env, "invalid BPF_LD_IMM insn");
		return -EINVAL;
	}
	if (insn->off != 0) {
		vx_err(env, "BPF_LD_IMM64 uses reserved fields");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP);
	if (err)
		return err;
	dst = &cur_regs(env)[insn->dst_reg];
	if (insn->src_reg == 0) {
		__mark_reg_known(dst, ((u64)(u32)insn[1].imm << 32) | (u32)insn->imm);
		return 0;
	}
	__mark_reg_known_zero(dst);
	dst->map_idx = -1;
	switch (insn->src_reg) {
	case BPF_PSEUDO_FUNC: {
		int target = idx + insn->imm + 1, sub = -1;

		for (int i = 0; i < env->subprog_cnt; i++)
			if (env->subprogs[i].start == target)
				sub = i;
		if (sub <= 0) {
			vx_err(env, sub == 0 ? "callback function cannot be the main program"
					     : "verifier bug. No program starts at insn %d", target);
			return -EINVAL;
		}
		struct global_info *gi;
		int gerr = global_info_of(env, sub, &gi);

		if (gerr)
			return gerr;
		if (gi->is_global) {
			vx_err(env, "callback function not static");
			return -EINVAL;
		}
		dst->type = PTR_TO_FUNC;
		dst->subprogno = sub;
		return 0;
	}
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		if (insn->imm < 0 || (size_t)insn->imm >= env->obj->map_cnt) {
			vx_err(env, "fd %d is not pointing to valid bpf_map", insn->imm);
			return -EBADF;
		}
		dst->map_idx = insn->imm;
		if (insn->src_reg == BPF_PSEUDO_MAP_VALUE || insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
			const struct obj_map *m = &env->obj->maps[insn->imm];

			if (m->type == VX_MAP_TYPE_ARENA) {
				mark_reg_unknown(env, dst);
				return 0;
			}
			if ((u32)insn[1].imm >= m->value_size) {
				vx_err(env, "invalid access to map value pointer, value_size=%u off=%u",
				       m->value_size, (u32)insn[1].imm);
				return -EINVAL;
			}
			dst->type = PTR_TO_MAP_VALUE;
			dst->off = insn[1].imm;
		} else {
			dst->type = CONST_PTR_TO_MAP;
		}
		return 0;
	case BPF_PSEUDO_BTF_ID:
		/* a ksym: kernel memory of unknown layout, read through probe loads */
		dst->type = PTR_TO_BTF_ID | PTR_TRUSTED;
		return 0;
	}
	vx_err(env, "invalid bpf_ld_imm64 insn");
	return -EINVAL;
}

/* kernel: check_return_code() for a global subprogram: R0 is a scalar */
static int check_global_return(struct env *env)
{
	const struct reg_state *r0 = &cur_regs(env)[BPF_REG_0];
	char buf[64];

	if (r0->type == NOT_INIT) {
		vx_err(env, "R0 !read_ok");
		return -EACCES;
	}
	if (r0->type != SCALAR_VALUE) {
		vx_err(env, "At subprogram exit the register R0 is not a scalar value (%s)",
		       reg_type_str(r0->type, buf, sizeof(buf)));
		return -EINVAL;
	}
	return 0;
}

/* kernel: do_check() */
int do_check(struct env *env)
{
	int idx = (int)env->cur->insn_idx, prev_idx = -1, err;

	for (;;) {
		const struct bpf_insn *insn;
		u8 class;

		if (idx < 0 || idx >= env->insn_cnt) {
			vx_err(env, "invalid insn idx %d insn_cnt %d", idx, env->insn_cnt);
			return -EFAULT;
		}
		env->cur->insn_idx = (u32)idx;
		insn = &env->insns[idx];
		class = BPF_CLASS(insn->code);
		if (++env->insn_processed > BPF_COMPLEXITY_LIMIT_INSNS) {
			vx_err(env, "BPF program is too large. Processed %u insn", env->insn_processed);
			return -E2BIG;
		}
		env->cur->last_insn_idx = (u32)prev_idx;
		if (env->aux[idx].prune_point) {
			err = is_state_visited(env, idx);
			if (err < 0)
				return err;
			if (err == 1) {
				vx_log(env, "%d: safe\n", idx);
				goto process_exit;
			}
		}
		log_state(env, idx);
		log_insn(env, idx);
		env->aux[idx].seen = true;
		summary_add(env, idx);
		prev_idx = idx;

		switch (class) {
		case BPF_ALU:
		case BPF_ALU64:
			err = check_alu_op(env, insn);
			break;
		case BPF_LDX:
			err = check_load(env, insn);
			break;
		case BPF_STX:
			if (BPF_MODE(insn->code) == BPF_ATOMIC)
				err = check_atomic(env, insn);
			else
				err = check_store(env, insn);
			break;
		case BPF_ST:
			err = check_store(env, insn);
			break;
		case BPF_LD:
			if (BPF_MODE(insn->code) == BPF_ABS || BPF_MODE(insn->code) == BPF_IND) {
				err = check_ld_abs(env, insn, &idx);
			} else if (BPF_MODE(insn->code) == BPF_IMM) {
				err = check_ld_imm(env, insn, idx);
				if (!err) {
					env->aux[idx + 1].seen = true;
					idx++;
				}
			} else {
				vx_err(env, "invalid BPF_LD mode");
				err = -EINVAL;
			}
			break;
		case BPF_JMP:
		case BPF_JMP32: {
			u8 op = BPF_OP(insn->code);

			env->jmps_processed++;
			if (op == BPF_CALL) {
				if (BPF_SRC(insn->code) != BPF_K ||
				    (insn->src_reg != BPF_PSEUDO_KFUNC_CALL && insn->off != 0) ||
				    (insn->src_reg != BPF_REG_0 && insn->src_reg != BPF_PSEUDO_CALL &&
				     insn->src_reg != BPF_PSEUDO_KFUNC_CALL) ||
				    insn->dst_reg != BPF_REG_0 || class == BPF_JMP32) {
					vx_err(env, "BPF_CALL uses reserved fields");
					return -EINVAL;
				}
				if (insn->src_reg == BPF_PSEUDO_CALL) {
					err = check_func_call(env, insn, &idx);
				} else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL) {
					const char *name = env->prog->origin[idx].sym;

					vx_err(env, "kernel function %s is not supported by bpfkasan",
					       name ? name : "(unknown)");
					err = -EOPNOTSUPP;
				} else {
					err = check_helper_call(env, insn, &idx);
				}
				if (err)
					return err;
				continue;
			}
			if (op == BPF_JA) {
				if (BPF_SRC(insn->code) != BPF_K || insn->src_reg != BPF_REG_0 ||
				    insn->dst_reg != BPF_REG_0 || (class == BPF_JMP && insn->imm != 0) ||
				    (class == BPF_JMP32 && insn->off != 0)) {
					vx_err(env, "BPF_JA uses reserved fields");
					return -EINVAL;
				}
				idx += (class == BPF_JMP ? insn->off : insn->imm) + 1;
				continue;
			}
			if (op == BPF_EXIT) {
				if (BPF_SRC(insn->code) != BPF_K || insn->imm != 0 ||
				    insn->src_reg != BPF_REG_0 || insn->dst_reg != BPF_REG_0 ||
				    class == BPF_JMP32) {
					vx_err(env, "BPF_EXIT uses reserved fields");
					return -EINVAL;
				}
				if (env->cur->active_lock_id && !env->cur->curframe) {
					vx_err(env, "bpf_spin_unlock is missing");
					return -EINVAL;
				}
				if (env->cur->curframe) {
					if (cur_func(env)->in_callback_fn && env->cur->active_lock_id) {
						vx_err(env, "bpf_spin_unlock is missing");
						return -EINVAL;
					}
					err = prepare_func_exit(env, &idx);
					if (err < 0)
						return err;
					if (err == 1)
						goto process_exit;
					continue;
				}
				if (env->cur->ref_cnt) {
					vx_err(env, "Unreleased reference id=%u alloc_insn=%d",
					       env->cur->refs[0].id, env->cur->refs[0].insn_idx);
					return -EINVAL;
				}
				err = env->verifying_global ? check_global_return(env) : check_return_code(env);
				if (err)
					return err;
				goto process_exit;
			}
			err = check_cond_jmp_op(env, insn, &idx);
			break;
		}
		default:
			vx_err(env, "unknown insn class %d", class);
			return -EINVAL;
		}
		if (err)
			return err;
		idx++;
		continue;
process_exit:
		update_branch_counts(env->cur);
		err = pop_stack(env, &prev_idx, &idx);
		if (err == -ENOENT)
			break;
		vx_log(env, "from %d to %d:\n", prev_idx, idx);
	}
	return 0;
}

static void free_nodes(struct state_node *n)
{
	while (n) {
		struct state_node *next = n->next;

		vstate_free(n->state);
		free(n);
		n = next;
	}
}

/* Forget every explored state, to verify another unit (kernel: free_states()) */
int explore_reset(struct env *env)
{
	explore_free(env);
	env->explored = calloc((size_t)env->insn_cnt + 1, sizeof(*env->explored));
	env->cur_states = 0;
	return env->explored ? 0 : -ENOMEM;
}

void explore_free(struct env *env)
{
	free_pending(env);
	free_nodes(env->evicted);
	env->evicted = NULL;
	if (!env->explored)
		return;
	for (int i = 0; i < env->insn_cnt; i++)
		free_nodes(env->explored[i].head);
	free(env->explored);
	env->explored = NULL;
}
