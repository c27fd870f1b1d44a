/* SPDX-License-Identifier: MIT */
/*
 * verifier-ext: the functions one checking stage calls in another
 * (alu.c, branch.c, mem.c, call.c, explore.c, prune.c, facts.c).
 */
#ifndef BPFKASAN_VX_INTERNAL_H
#define BPFKASAN_VX_INTERNAL_H

#include "vx.h"

enum reg_arg_type { SRC_OP, DST_OP, DST_OP_NO_MARK };

/* alu.c */
int check_reg_arg(struct env *env, u32 regno, enum reg_arg_type t);
void copy_register_state(struct reg_state *dst, const struct reg_state *src);
int check_alu_op(struct env *env, const struct bpf_insn *insn);
/* kernel: assign_scalar_id_before_mov(): link copies of a scalar by id */
void assign_scalar_id_before_mov(struct env *env, struct reg_state *src);

/* kernel: fls64(): bits needed to hold x */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* branch.c: returns the next insn index, or <0; may push the other edge */
int check_cond_jmp_op(struct env *env, const struct bpf_insn *insn, int *insn_idx);
void mark_ptr_or_null_regs(struct vstate *vst, u32 regno, bool is_null);

/* mem.c */
int check_mem_access(struct env *env, int insn_idx, u32 regno, int off, int bpf_size,
		     enum bpf_access_type t, int value_regno, bool strict_alignment_once,
		     bool is_ldsx);
int check_load(struct env *env, const struct bpf_insn *insn);
int check_store(struct env *env, const struct bpf_insn *insn);
int check_atomic(struct env *env, const struct bpf_insn *insn);
int check_ld_abs(struct env *env, const struct bpf_insn *insn, int *insn_idx);
int check_helper_mem_access(struct env *env, int regno, int access_size,
			    bool zero_size_allowed, bool is_write, u32 *out_size);
bool is_spilled_reg(const struct stack_slot *s);
int check_arg_alignment(struct env *env, const struct reg_state *reg, int size);
struct func_state *func_of(struct env *env, const struct reg_state *reg);
int mark_stack_slots_written(struct env *env, const struct reg_state *ptr, int off, int size);

/* call.c */
int check_helper_call(struct env *env, const struct bpf_insn *insn, int *insn_idx);
int check_func_call(struct env *env, const struct bpf_insn *insn, int *insn_idx);
int prepare_func_exit(struct env *env, int *insn_idx);
int check_return_code(struct env *env);
int acquire_reference(struct env *env, int insn_idx);
int release_reference(struct env *env, u32 ref_obj_id);
void clear_all_pkt_pointers(struct env *env);

/* global.c */
int global_prepare(struct env *env, int subprog, struct global_info *gi);
int global_check_call(struct env *env, int subprog);
void global_init_args(struct env *env, int subprog, struct func_state *f);
/* global_prepare() once per subprogram; the error, if any, is reported each time */
int global_info_of(struct env *env, int subprog, struct global_info **gi);

/* explore.c */
/* kernel: push_stack(): queue a copy of the current state at insn_idx; NULL on error */
struct vstate *push_stack(struct env *env, int insn_idx, int prev_insn_idx);
int do_check(struct env *env);
void explore_free(struct env *env);
int explore_reset(struct env *env);

/* prune.c */
bool states_equal(struct env *env, struct vstate *old, struct vstate *cur, bool exact);
int compute_live_regs(struct env *env);

/* facts.c */
int record_access(struct env *env, int insn_idx, const struct reg_state *reg, int off,
		  int size, bool is_write);
int record_stack_arg(struct env *env, const struct reg_state *reg, int size);
int facts_finish(struct env *env);
void facts_free(struct env *env);
int summary_add(struct env *env, int insn_idx);

#endif /* BPFKASAN_VX_INTERNAL_H */
