// SPDX-License-Identifier: MIT
/*
 * verifier-ext: calls and exits (kernel: check_helper_call(),
 * check_func_arg(), check_func_call(), prepare_func_exit(),
 * check_return_code(), and reference tracking).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

#define MAX_ERRNO 4095
#define NR_CPU_IDS 8192 /* CONFIG_NR_CPUS of Debian's x86-64 kernels: sound for any machine */

/* kernel: struct bpf_call_arg_meta, the parts used here */
struct call_meta {
	s32 map_idx;
	int mem_regno;       /* register of the last ARG_PTR_TO_MEM, for its size */
	u32 mem_arg_type;
	bool raw_mode;
	u32 msize_max_value;
	u64 mem_size;        /* ARG_CONST_ALLOC_SIZE_OR_ZERO value */
	u32 release_regno;
	u32 ref_obj_id;
	s32 subprogno;       /* ARG_PTR_TO_FUNC */
	bool have_func;
};

int acquire_reference(struct env *env, int insn_idx)
{
	struct vstate *st = env->cur;

	if (st->ref_cnt >= VX_MAX_REFS) {
		vx_err(env, "too many acquired references");
		return -ENOMEM;
	}
	u32 id = ++env->id_gen;
	st->refs[st->ref_cnt].id = id;
	st->refs[st->ref_cnt].insn_idx = insn_idx;
	st->refs[st->ref_cnt].type = REF_TYPE_PTR;
	st->ref_cnt++;
	return (int)id;
}

/* kernel: mark_reg_invalid(): with allow_ptr_leaks a released pointer becomes a scalar */
static void invalidate_ref(struct reg_state *reg, u32 ref_obj_id)
{
	if (reg->ref_obj_id == ref_obj_id)
		__mark_reg_unknown_imprecise(reg);
}

/* kernel: release_reference(): drop the reference and every copy of the pointer */
int release_reference(struct env *env, u32 ref_obj_id)
{
	struct vstate *st = env->cur;
	u32 i;

	for (i = 0; i < st->ref_cnt; i++)
		if (st->refs[i].id == ref_obj_id)
			break;
	if (i == st->ref_cnt) {
		vx_err(env, "verifier internal error: reference %u not found", ref_obj_id);
		return -EINVAL;
	}
	st->refs[i] = st->refs[--st->ref_cnt];
	for (u32 f = 0; f <= st->curframe; f++) {
		struct func_state *fs = st->frame[f];

		for (int r = 0; r < MAX_BPF_REG; r++)
			invalidate_ref(&fs->regs[r], ref_obj_id);
		for (int s = 0; s < fs->allocated_stack / BPF_REG_SIZE; s++)
			if (is_spilled_reg(&fs->stack[s]) &&
			    fs->stack[s].spilled_ptr.ref_obj_id == ref_obj_id) {
				mark_reg_unknown(env, &fs->stack[s].spilled_ptr);
				for (int b = 0; b < BPF_REG_SIZE; b++)
					fs->stack[s].slot_type[b] = STACK_MISC;
			}
	}
	return 0;
}

static void invalidate_pkt(struct env *env, struct reg_state *reg)
{
	u32 t = base_type(reg->type);

	if (t == PTR_TO_PACKET || t == PTR_TO_PACKET_META || t == PTR_TO_PACKET_END)
		mark_reg_unknown(env, reg);
}

/* kernel: clear_all_pkt_pointers() after a helper that may move packet data */
void clear_all_pkt_pointers(struct env *env)
{
	struct vstate *st = env->cur;

	for (u32 f = 0; f <= st->curframe; f++) {
		struct func_state *fs = st->frame[f];

		for (int r = 0; r < MAX_BPF_REG; r++)
			invalidate_pkt(env, &fs->regs[r]);
		for (int s = 0; s < fs->allocated_stack / BPF_REG_SIZE; s++)
			if (is_spilled_reg(&fs->stack[s]))
				invalidate_pkt(env, &fs->stack[s].spilled_ptr);
	}
}

static const char *arg_expect(u32 base)
{
	switch (base) {
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
		return "fp, pkt, pkt_meta, map_key, map_value";
	case ARG_PTR_TO_MEM:
		return "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_";
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		return "scalar";
	case ARG_CONST_MAP_PTR: return "map_ptr";
	case ARG_PTR_TO_CTX: return "ctx";
	case ARG_PTR_TO_STACK: return "fp";
	case ARG_PTR_TO_FUNC: return "func";
	case ARG_PTR_TO_SOCKET: return "sock";
	case ARG_PTR_TO_RINGBUF_MEM: return "ringbuf_mem";
	case ARG_PTR_TO_SPIN_LOCK: return "map_value";
	case ARG_PTR_TO_TIMER: return "map_value";
	case ARG_PTR_TO_CONST_STR: return "map_value";
	default: return "ptr_";
	}
}

/* kernel: compatible_reg_types[] through check_reg_type() */
static bool reg_type_ok(u32 arg, const struct reg_state *reg)
{
	u32 base = arg & BPF_BASE_TYPE_MASK, t = base_type(reg->type);
	u32 flags = type_flag(reg->type);

	if ((arg & PTR_MAYBE_NULL) && reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0))
		return true;
	switch (base) {
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
		return !flags && (t == PTR_TO_STACK || t == PTR_TO_PACKET || t == PTR_TO_PACKET_META ||
				  t == PTR_TO_MAP_KEY || t == PTR_TO_MAP_VALUE);
	case ARG_PTR_TO_MEM:
		if (flags & PTR_MAYBE_NULL)
			return false;
		if ((flags & MEM_RDONLY) && !(arg & MEM_RDONLY))
			return false;
		return t == PTR_TO_STACK || t == PTR_TO_PACKET || t == PTR_TO_PACKET_META ||
		       t == PTR_TO_MAP_KEY || t == PTR_TO_MAP_VALUE || t == PTR_TO_MEM ||
		       t == PTR_TO_BUF || (t == PTR_TO_BTF_ID && (flags & PTR_TRUSTED));
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
	case ARG_SCALAR:
		return reg->type == SCALAR_VALUE;
	case ARG_CONST_MAP_PTR:
		return reg->type == CONST_PTR_TO_MAP;
	case ARG_PTR_TO_CTX:
		return reg->type == PTR_TO_CTX;
	case ARG_PTR_TO_STACK:
		return reg->type == PTR_TO_STACK;
	case ARG_PTR_TO_FUNC:
		return reg->type == PTR_TO_FUNC;
	case ARG_PTR_TO_SOCKET:
		return reg->type == PTR_TO_SOCKET;
	case ARG_PTR_TO_SOCK_COMMON:
	case ARG_PTR_TO_BTF_ID_SOCK_COMMON:
		return reg->type == PTR_TO_SOCK_COMMON || reg->type == PTR_TO_SOCKET ||
		       reg->type == PTR_TO_TCP_SOCK || reg->type == PTR_TO_XDP_SOCK ||
		       (t == PTR_TO_BTF_ID && !(flags & PTR_MAYBE_NULL));
	case ARG_PTR_TO_RINGBUF_MEM:
		return reg->type == (PTR_TO_MEM | MEM_RINGBUF);
	case ARG_PTR_TO_SPIN_LOCK:
	case ARG_PTR_TO_TIMER:
	case ARG_KPTR_XCHG_DEST:
		return reg->type == PTR_TO_MAP_VALUE;
	case ARG_PTR_TO_CONST_STR:
		return reg->type == PTR_TO_MAP_VALUE || reg->type == (PTR_TO_MAP_VALUE | MEM_RDONLY);
	case ARG_PTR_TO_BTF_ID:
	case ARG_PTR_TO_PERCPU_BTF_ID:
		return t == PTR_TO_BTF_ID && !(flags & PTR_MAYBE_NULL);
	case ARG_PTR_TO_DYNPTR:
		return reg->type == PTR_TO_STACK || reg->type == CONST_PTR_TO_DYNPTR;
	case ARG_PTR_TO_ARENA:
		return t == PTR_TO_ARENA;
	}
	return false;
}

static const struct obj_map *meta_map(struct env *env, const struct call_meta *m)
{
	if (m->map_idx < 0 || (size_t)m->map_idx >= env->obj->map_cnt)
		return NULL;
	return &env->obj->maps[m->map_idx];
}

/* kernel: check_mem_size_reg() */
static int check_mem_size_reg(struct env *env, int size_regno, bool zero_size_allowed,
			      struct call_meta *meta)
{
	struct reg_state *reg = &cur_regs(env)[size_regno];
	int mem_regno = size_regno - 1;

	meta->msize_max_value = (u32)reg->umax_value;
	if (reg->smin_value < 0) {
		vx_err(env, "R%d min value is negative, either use unsigned or 'var &= const'",
		       size_regno);
		return -EACCES;
	}
	if (reg->umin_value == 0 && !zero_size_allowed) {
		vx_err(env, "R%d invalid zero-sized read: u64=[%llu,%llu]", size_regno,
		       (unsigned long long)reg->umin_value, (unsigned long long)reg->umax_value);
		return -EACCES;
	}
	if (reg->umax_value >= BPF_MAX_VAR_SIZ) {
		vx_err(env, "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'",
		       size_regno);
		return -EACCES;
	}
	return check_helper_mem_access(env, mem_regno, (int)reg->umax_value, zero_size_allowed,
				       meta->raw_mode, NULL);
}

/* kernel: process_spin_lock(), the checks on where the lock is */
static int check_spin_lock_arg(struct env *env, u32 regno, const struct reg_state *reg)
{
	const struct obj_map *m = reg->map_idx >= 0 && (size_t)reg->map_idx < env->obj->map_cnt ?
				  &env->obj->maps[reg->map_idx] : NULL;
	struct special_field f[VX_MAX_SPECIAL_FIELDS];
	int n = m ? btf_special_fields(env->obj->btf, m->btf_value_type_id, f,
				       VX_MAX_SPECIAL_FIELDS) : 0;

	if (!tnum_is_const(reg->var_off)) {
		vx_err(env, "R%u doesn't have constant offset. bpf_spin_lock has to be at the constant offset",
		       regno);
		return -EINVAL;
	}
	if (m && !m->btf_value_type_id) {
		vx_err(env, "map '%s' has to have BTF in order to use bpf_spin_lock", m->name);
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(f[i].name, "bpf_spin_lock"))
			continue;
		u64 off = reg->var_off.value + (u64)(s64)reg->off;
		if (off != f[i].off) {
			vx_err(env, "off %lld doesn't point to 'struct bpf_spin_lock' that is at %u",
			       (long long)off, f[i].off);
			return -EINVAL;
		}
		return 0;
	}
	vx_err(env, "map '%s' has no valid bpf_spin_lock", m ? m->name : "?");
	return -EINVAL;
}

/* kernel: check_func_arg() */
static int check_func_arg(struct env *env, int arg, u32 arg_type, u32 arg_size,
			  const struct helper_proto *fn, struct call_meta *meta)
{
	u32 regno = BPF_REG_1 + arg;
	struct reg_state *reg = &cur_regs(env)[regno];
	u32 base = arg_type & BPF_BASE_TYPE_MASK;
	char buf[64];
	int err;

	if (base == ARG_DONTCARE)
		return 0;
	err = check_reg_arg(env, regno, SRC_OP);
	if (err)
		return err;
	if (base == ARG_ANYTHING)
		return 0;
	if (base == ARG_PTR_TO_MAP_VALUE && meta_map(env, meta) &&
	    (meta_map(env, meta)->type == BPF_MAP_TYPE_SOCKMAP ||
	     meta_map(env, meta)->type == BPF_MAP_TYPE_SOCKHASH)) {
		/* kernel: resolve_map_arg_type(): a sockmap's value is a socket */
		arg_type = ARG_PTR_TO_BTF_ID_SOCK_COMMON | type_flag(arg_type);
		base = ARG_PTR_TO_BTF_ID_SOCK_COMMON;
	}
	if ((base == ARG_PTR_TO_MEM || base == ARG_PTR_TO_MAP_KEY || base == ARG_PTR_TO_MAP_VALUE) &&
	    (reg->type == PTR_TO_PACKET || reg->type == PTR_TO_PACKET_META) &&
	    !may_access_direct_pkt_data_meta(env->prog_type, fn->pkt_access, BPF_READ)) {
		vx_err(env, "helper access to the packet is not allowed");
		return -EACCES;
	}
	if (!reg_type_ok(arg_type, reg)) {
		vx_err(env, "R%u type=%s expected=%s", regno, reg_type_str(reg->type, buf, sizeof(buf)),
		       arg_expect(base));
		return -EACCES;
	}
	if (reg->ref_obj_id && !(arg_type & OBJ_RELEASE))
		meta->ref_obj_id = reg->ref_obj_id; /* for pointer casts, below */
	if (arg_type & OBJ_RELEASE) {
		if (!reg->ref_obj_id) {
			vx_err(env, "R%u must be referenced when passed to release function", regno);
			return -EINVAL;
		}
		if (reg->off || !tnum_equals_const(reg->var_off, 0)) {
			vx_err(env, "R%u must have zero offset when passed to release func", regno);
			return -EINVAL;
		}
		meta->release_regno = regno;
		meta->ref_obj_id = reg->ref_obj_id;
	}
	if ((arg_type & PTR_MAYBE_NULL) && reg->type == SCALAR_VALUE)
		return 0; /* a NULL argument */
	if (reg->type == PTR_TO_CTX) {
		/* kernel: check_func_arg_reg_off(): the ctx pointer itself, unmodified */
		char tn[48];

		if (reg->off < 0) {
			vx_err(env, "negative offset ctx ptr R%u off=%d disallowed", regno, reg->off);
			return -EACCES;
		}
		if (reg->off) {
			vx_err(env, "dereference of modified ctx ptr R%u off=%d disallowed", regno, reg->off);
			return -EACCES;
		}
		if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
			tnum_strn(tn, sizeof(tn), reg->var_off);
			vx_err(env, "variable ctx access var_off=%s disallowed", tn);
			return -EACCES;
		}
	}

	switch (base) {
	case ARG_CONST_MAP_PTR:
		meta->map_idx = reg->map_idx;
		return 0;
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE: {
		const struct obj_map *m = meta_map(env, meta);

		if (!m) {
			vx_err(env, "invalid map_ptr to access map->%s", base == ARG_PTR_TO_MAP_KEY ? "key" : "value");
			return -EACCES;
		}
		if (base == ARG_PTR_TO_MAP_KEY && m->key_size == 0)
			return 0; /* e.g. queue/stack maps take no key */
		return check_helper_mem_access(env, regno,
					       (int)(base == ARG_PTR_TO_MAP_KEY ? m->key_size : m->value_size),
					       false, (arg_type & MEM_UNINIT) != 0, NULL);
	}
	case ARG_PTR_TO_MEM:
		meta->raw_mode = (arg_type & MEM_UNINIT) != 0;
		if (arg_type & MEM_FIXED_SIZE) {
			int err2 = check_helper_mem_access(env, regno, (int)arg_size, false,
							   (arg_type & MEM_WRITE) != 0, NULL);

			if (!err2 && (arg_type & MEM_ALIGNED))
				err2 = check_arg_alignment(env, reg, (int)arg_size);
			return err2;
		}
		meta->mem_regno = (int)regno;
		meta->mem_arg_type = arg_type;
		return 0;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
		return check_mem_size_reg(env, (int)regno, base == ARG_CONST_SIZE_OR_ZERO, meta);
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!tnum_is_const(reg->var_off)) {
			vx_err(env, "R%u is not a known constant'", regno);
			return -EACCES;
		}
		meta->mem_size = reg->var_off.value;
		return 0;
	case ARG_PTR_TO_FUNC:
		meta->subprogno = reg->subprogno;
		meta->have_func = true;
		return 0;
	case ARG_PTR_TO_STACK:
		return 0;
	case ARG_PTR_TO_SPIN_LOCK:
		return check_spin_lock_arg(env, regno, reg);
	case ARG_PTR_TO_CONST_STR: {
		const struct obj_map *m = reg->map_idx >= 0 && (size_t)reg->map_idx < env->obj->map_cnt ?
					  &env->obj->maps[reg->map_idx] : NULL;

		if (!m || !(m->kind == OBJ_MAP_RODATA || (m->flags & BPF_F_RDONLY_PROG))) {
			vx_err(env, "R%u does not point to a readonly map'", regno);
			return -EACCES;
		}
		if (!tnum_is_const(reg->var_off)) {
			vx_err(env, "R%u is not a constant address'", regno);
			return -EACCES;
		}
		u64 off = reg->var_off.value + (u64)(s64)reg->off;
		if (!m->init || off >= m->init_size ||
		    !memchr((const char *)m->init + off, 0, m->init_size - off)) {
			vx_err(env, "string is not zero-terminated");
			return -EINVAL;
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* kernel: check_map_func_compatibility() (map_compat.c) */
static int check_map_func_compatibility(struct env *env, const struct obj_map *m, int func_id)
{
	const char *why = m ? map_func_incompatible(m->type, func_id, env->prog_type,
						    env->expected_attach_type) : NULL;

	if (!why)
		return 0;
	if (why[0] == 'c' && !strcmp(why, "cannot pass map_type"))
		vx_err(env, "cannot pass map_type %u into func %s#%d", m->type,
		       isa_helper_name(func_id) ? isa_helper_name(func_id) : "unknown", func_id);
	else
		vx_err(env, "%s", why);
	return -EINVAL;
}

/* Helpers allowed while a bpf_spin_lock is held (kernel: check_helper_call) */
static bool allowed_under_lock(int func_id)
{
	return func_id == BPF_FUNC_spin_unlock;
}

/* R2 = key, R3 = value of the map `map_idx` (for_each_map_elem, timers) */
static void set_map_elem_regs(struct reg_state *r, s32 map_idx)
{
	__mark_reg_known_zero(&r[BPF_REG_2]);
	r[BPF_REG_2].type = PTR_TO_MAP_KEY;
	r[BPF_REG_2].map_idx = map_idx;
	__mark_reg_known_zero(&r[BPF_REG_3]);
	r[BPF_REG_3].type = PTR_TO_MAP_VALUE;
	r[BPF_REG_3].map_idx = map_idx;
}

/*
 * kernel: push_callback_call().  The callback's entry is queued as a
 * separate path, in a new frame, and the caller goes on as if the helper
 * had returned.  When the callback exits, its caller resumes at the call
 * instruction again (prepare_func_exit()): one more iteration, until the
 * state at the call is one already seen (is_state_visited()).  Timer
 * callbacks are asynchronous: their exit ends the path.
 */
static int push_callback(struct env *env, int insn_idx, int func_id, struct call_meta *meta,
			 const struct reg_state *args)
{
	struct vstate *st;
	struct func_state *callee;
	int subprog = meta->subprogno;

	if (subprog < 0 || subprog >= env->subprog_cnt) {
		vx_err(env, "callback function not found");
		return -EINVAL;
	}
	if (env->cur->curframe + 1 >= MAX_CALL_FRAMES) {
		vx_err(env, "the call stack of %u frames is too deep !", env->cur->curframe + 2);
		return -E2BIG;
	}
	st = push_stack(env, env->subprogs[subprog].start, insn_idx);
	if (!st)
		return -ENOMEM;
	if (st->curframe + 1 >= MAX_CALL_FRAMES) {
		vx_err(env, "the call stack of %u frames is too deep !", st->curframe + 2);
		return -E2BIG;
	}
	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	init_func_state(callee, insn_idx, st->curframe + 1, (u32)subprog);
	callee->in_callback_fn = true;
	callee->callback_ret_min = 0;
	callee->callback_ret_max = 1;
	/* the callee's arguments (kernel: set_*_callback_state()); others stay NOT_INIT */
	struct reg_state *r = callee->regs;
	switch (func_id) {
	case BPF_FUNC_loop: /* set_loop_callback_state(): R1 = index, R2 = callback_ctx */
		mark_reg_unknown(env, &r[BPF_REG_1]);
		r[BPF_REG_2] = args[BPF_REG_3];
		break;
	case BPF_FUNC_for_each_map_elem: /* R1 = map, R2 = key, R3 = value, R4 = callback_ctx */
		r[BPF_REG_1] = args[BPF_REG_1];
		set_map_elem_regs(r, meta->map_idx);
		r[BPF_REG_4] = args[BPF_REG_3];
		break;
	case BPF_FUNC_timer_set_callback: /* the timer's map, key and value; asynchronous */
		__mark_reg_known_zero(&r[BPF_REG_1]);
		r[BPF_REG_1].type = CONST_PTR_TO_MAP;
		r[BPF_REG_1].map_idx = args[BPF_REG_1].map_idx;
		set_map_elem_regs(r, args[BPF_REG_1].map_idx);
		callee->callback_ret_max = 0;
		callee->in_async_callback_fn = true;
		break;
	case BPF_FUNC_find_vma: /* R1 = task, R2 = vma (trusted), R3 = callback_ctx */
		r[BPF_REG_1] = args[BPF_REG_1];
		__mark_reg_known_zero(&r[BPF_REG_2]);
		r[BPF_REG_2].type = PTR_TO_BTF_ID | PTR_TRUSTED;
		r[BPF_REG_2].map_idx = -1;
		r[BPF_REG_2].btf_id = btf_struct_id(env->btf, "vm_area_struct");
		r[BPF_REG_3] = args[BPF_REG_4];
		break;
	case BPF_FUNC_user_ringbuf_drain: /* R1 = dynptr, R2 = callback_ctx */
		__mark_reg_known_zero(&r[BPF_REG_1]);
		r[BPF_REG_1].type = CONST_PTR_TO_DYNPTR;
		r[BPF_REG_1].map_idx = -1;
		r[BPF_REG_2] = args[BPF_REG_3];
		break;
	}
	/* kernel: an unrolled iteration may revisit a state without looping forever */
	if (!callee->in_async_callback_fn)
		st->callback_unroll_depth++;
	st->frame[st->curframe]->callback_depth++; /* one more call of the callback */
	st->frame[st->curframe + 1] = callee;
	st->curframe++;
	st->insn_idx = (u32)env->subprogs[subprog].start;
	return 0;
}

static bool regs_before_call_flags_zero(struct env *env)
{
	const struct reg_state *r2 = &cur_regs(env)[BPF_REG_2];

	return r2->type == SCALAR_VALUE && tnum_equals_const(r2->var_off, 0);
}

int check_helper_call(struct env *env, const struct bpf_insn *insn, int *insn_idx)
{
	int func_id = insn->imm, err;
	const struct helper_proto *fn;
	struct call_meta meta = { .map_idx = -1, .mem_regno = -1, .subprogno = -1 };
	struct reg_state *regs;
	const char *name = isa_helper_name(func_id);

	if (func_id < 0 || func_id >= ISA_HELPER_MAX || !name) {
		vx_err(env, "invalid func unknown#%d", func_id);
		return -EINVAL;
	}
	fn = helper_proto(func_id, env->prog_type, env->expected_attach_type);
	if (!fn) {
		vx_err(env, "program of this type cannot use helper %s#%d", name, func_id);
		return -EINVAL;
	}
	if (env->cur->active_lock_id && !allowed_under_lock(func_id)) {
		vx_err(env, "function calls are not allowed while holding a lock");
		return -EINVAL;
	}
	for (int i = 0; i < 5; i++) {
		err = check_func_arg(env, i, fn->arg_type[i], fn->arg_size[i], fn, &meta);
		if (err)
			return err;
		/* a memory argument's size comes in the next one */
		u32 next = i < 4 ? fn->arg_type[i + 1] & BPF_BASE_TYPE_MASK : 0;
		if (meta.mem_regno >= 0 && next != ARG_CONST_SIZE && next != ARG_CONST_SIZE_OR_ZERO &&
		    (fn->arg_type[i] & BPF_BASE_TYPE_MASK) == ARG_PTR_TO_MEM &&
		    !(fn->arg_type[i] & MEM_FIXED_SIZE)) {
			vx_err(env, "verifier internal error: %s has a memory argument without size",
			       name);
			return -EFAULT;
		}
	}
	err = check_map_func_compatibility(env, meta_map(env, &meta), func_id);
	if (err)
		return err;

	regs = cur_regs(env);
	switch (func_id) {
	case BPF_FUNC_spin_lock: {
		struct reg_state *lock = &regs[BPF_REG_1];

		if (env->cur->active_lock_id) {
			vx_err(env, "Locking two bpf_spin_locks are not allowed");
			return -EINVAL;
		}
		env->cur->active_lock_id = lock->id ? lock->id : (u32)(lock->map_idx + 1) | 0x80000000u;
		env->cur->active_lock_map = lock->map_idx;
		break;
	}
	case BPF_FUNC_spin_unlock: {
		struct reg_state *lock = &regs[BPF_REG_1];
		u32 id = lock->id ? lock->id : (u32)(lock->map_idx + 1) | 0x80000000u;

		if (!env->cur->active_lock_id) {
			vx_err(env, "bpf_spin_unlock without taking a lock");
			return -EINVAL;
		}
		if (env->cur->active_lock_id != id) {
			vx_err(env, "bpf_spin_unlock of different lock");
			return -EINVAL;
		}
		env->cur->active_lock_id = 0;
		break;
	}
	case BPF_FUNC_get_local_storage:
		/* kernel: check_helper_call(): the flags must be a known zero */
		if (!(regs_before_call_flags_zero(env))) {
			vx_err(env, "get_local_storage() doesn't support non-zero flags");
			return -EINVAL;
		}
		break;
	case BPF_FUNC_tail_call:
		if (env->cur->ref_cnt) {
			vx_err(env, "tail_call would lead to reference leak");
			return -EINVAL;
		}
		break;
	}
	if (meta.release_regno) {
		err = release_reference(env, meta.ref_obj_id);
		if (err)
			return err;
	}
	/* a helper writing into the stack (raw mode) made those bytes initialised */
	regs = cur_regs(env);

	/* the callback's entry, queued before R1-R5 are clobbered below */
	struct reg_state args[BPF_REG_6];
	memcpy(args, regs, sizeof(args));
	if (meta.have_func && (func_id == BPF_FUNC_loop || func_id == BPF_FUNC_for_each_map_elem ||
			       func_id == BPF_FUNC_timer_set_callback || func_id == BPF_FUNC_find_vma ||
			       func_id == BPF_FUNC_user_ringbuf_drain)) {
		/* kernel: bpf_loop() runs its callback at most nr_loops (R1) times */
		if (func_id == BPF_FUNC_loop && cur_func(env)->callback_depth >= args[BPF_REG_1].umax_value) {
			cur_func(env)->callback_depth = 0;
		} else {
			err = push_callback(env, *insn_idx, func_id, &meta, args);
			if (err)
				return err;
			cur_func(env)->callback_depth = 0;
		}
		regs = cur_regs(env);
	}
	/* kernel: R1-R5 are clobbered by the call */
	for (int i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_reg_not_init(&regs[i]);

	u32 ret = fn->ret_type, rbase = ret & BPF_BASE_TYPE_MASK;
	struct reg_state *r0 = &regs[BPF_REG_0];

	mark_reg_unknown(env, r0);
	switch (rbase) {
	case RET_INTEGER:
		break;
	case RET_VOID:
		mark_reg_not_init(r0);
		break;
	case RET_PTR_TO_MAP_VALUE:
		if (meta.map_idx < 0) {
			vx_err(env, "kernel subsystem misconfigured verifier");
			return -EINVAL;
		}
		__mark_reg_known_zero(r0);
		r0->type = PTR_TO_MAP_VALUE | (ret & PTR_MAYBE_NULL);
		r0->map_idx = meta.map_idx;
		break;
	case RET_PTR_TO_SOCKET:
	case RET_PTR_TO_TCP_SOCK:
	case RET_PTR_TO_SOCK_COMMON:
		__mark_reg_known_zero(r0);
		r0->type = (rbase == RET_PTR_TO_SOCKET ? PTR_TO_SOCKET :
			    rbase == RET_PTR_TO_TCP_SOCK ? PTR_TO_TCP_SOCK : PTR_TO_SOCK_COMMON) |
			   (ret & PTR_MAYBE_NULL);
		break;
	case RET_PTR_TO_MEM:
		__mark_reg_known_zero(r0);
		r0->type = PTR_TO_MEM | (ret & (PTR_MAYBE_NULL | MEM_RINGBUF | MEM_RDONLY));
		r0->mem_size = (ret & MEM_RINGBUF) ? (u32)meta.mem_size : fn->ret_btf_size;
		break;
	case RET_PTR_TO_MEM_OR_BTF_ID:
	case RET_PTR_TO_BTF_ID:
		__mark_reg_known_zero(r0);
		r0->type = PTR_TO_BTF_ID | (ret & (PTR_MAYBE_NULL | PTR_TRUSTED | MEM_RCU | PTR_UNTRUSTED));
		r0->map_idx = -1;
		r0->btf_id = btf_struct_id(env->btf, helper_ret_btf_name(fn));
		break;
	default:
		vx_err(env, "unknown return type %u of func %s#%d", ret, name, func_id);
		return -EINVAL;
	}
	if (type_may_be_null(r0->type))
		r0->id = ++env->id_gen;
	/* kernel: is_ptr_cast_function(): the result carries the argument's reference */
	switch (func_id) {
	case BPF_FUNC_tcp_sock: case BPF_FUNC_sk_fullsock: case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp6_sock: case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_mptcp_sock: case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock: case BPF_FUNC_skc_to_unix_sock:
		if (!meta.release_regno)
			r0->ref_obj_id = meta.ref_obj_id;
		break;
	}
	/* kernel: is_acquire_function(): a sockmap lookup returns a referenced socket */
	bool acquires = fn->acquires ||
			(func_id == BPF_FUNC_map_lookup_elem && meta_map(env, &meta) &&
			 (meta_map(env, &meta)->type == BPF_MAP_TYPE_SOCKMAP ||
			  meta_map(env, &meta)->type == BPF_MAP_TYPE_SOCKHASH));
	if (acquires) {
		int id = acquire_reference(env, *insn_idx);

		if (id < 0)
			return id;
		r0->ref_obj_id = (u32)id;
		if (type_may_be_null(r0->type))
			r0->id = (u32)id;
	}
	/* kernel: do_refine_retval_range() */
	switch (func_id) {
	case BPF_FUNC_get_stack:
	case BPF_FUNC_get_task_stack:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		r0->smax_value = meta.msize_max_value;
		r0->s32_max_value = (s32)meta.msize_max_value;
		r0->smin_value = -MAX_ERRNO;
		r0->s32_min_value = -MAX_ERRNO;
		reg_bounds_sync(r0);
		break;
	case BPF_FUNC_get_smp_processor_id:
		r0->umin_value = 0;
		r0->u32_min_value = 0;
		r0->smin_value = 0;
		r0->s32_min_value = 0;
		r0->umax_value = NR_CPU_IDS - 1;
		r0->u32_max_value = NR_CPU_IDS - 1;
		r0->smax_value = NR_CPU_IDS - 1;
		r0->s32_max_value = NR_CPU_IDS - 1;
		reg_bounds_sync(r0);
		break;
	}
	if (fn->changes_pkt_data)
		clear_all_pkt_pointers(env);
	*insn_idx += 1;
	return 0;
}

/* kernel: check_func_call() for a static (bpf-to-bpf) callee */
int check_func_call(struct env *env, const struct bpf_insn *insn, int *insn_idx)
{
	struct vstate *st = env->cur;
	struct func_state *caller = st->frame[st->curframe], *callee;
	int target = *insn_idx + insn->imm + 1, subprog = -1;

	for (int i = 0; i < env->subprog_cnt; i++)
		if (env->subprogs[i].start == target)
			subprog = i;
	if (subprog < 0) {
		vx_err(env, "verifier bug. No program starts at insn %d", target);
		return -EFAULT;
	}
	struct global_info *gi;
	int err = global_info_of(env, subprog, &gi);

	if (err)
		return err;
	if (gi->is_global) {
		/* kernel: a global function is assumed valid here, verified on its own later */
		if (env->cur->active_lock_id) {
			vx_err(env, "global function calls are not allowed while holding a lock,\nuse static function instead");
			return -EINVAL;
		}
		vx_log(env, "Func#%d ('%s') is global and assumed valid.\n", subprog,
		       env->prog->subprogs[subprog].name);
		err = global_check_call(env, subprog);
		if (err)
			return err;
		gi->called = true;
		/* kernel: a global function that may move packet data invalidates pointers into it */
		if (env->subprogs[subprog].changes_pkt_data)
			clear_all_pkt_pointers(env);
		for (int i = BPF_REG_1; i <= BPF_REG_5; i++)
			mark_reg_not_init(&caller->regs[i]);
		mark_reg_unknown(env, &caller->regs[BPF_REG_0]);
		*insn_idx += 1;
		return 0;
	}
	if (st->curframe + 1 >= MAX_CALL_FRAMES) {
		vx_err(env, "the call stack of %u frames is too deep !", st->curframe + 2);
		return -E2BIG;
	}
	if (env->cur->active_lock_id) {
		vx_err(env, "function calls are not allowed while holding a lock");
		return -EINVAL;
	}
	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	init_func_state(callee, *insn_idx, st->curframe + 1, (u32)subprog);
	for (int i = BPF_REG_1; i <= BPF_REG_5; i++) {
		callee->regs[i] = caller->regs[i];
		mark_reg_not_init(&caller->regs[i]);
	}
	mark_reg_not_init(&caller->regs[BPF_REG_0]);
	st->frame[st->curframe + 1] = callee;
	st->curframe++;
	*insn_idx = target;
	return 0;
}

/* kernel: prepare_func_exit() */
int prepare_func_exit(struct env *env, int *insn_idx)
{
	struct vstate *st = env->cur;
	struct func_state *callee = st->frame[st->curframe];
	struct func_state *caller = st->frame[st->curframe - 1];
	struct reg_state *r0 = &callee->regs[BPF_REG_0];

	if (r0->type == PTR_TO_STACK) {
		/* the kernel refuses any stack pointer here, even a caller's */
		vx_err(env, "cannot return stack pointer to the caller frame");
		return -EINVAL;
	}
	if (callee->in_callback_fn) {
		if (r0->type != SCALAR_VALUE) {
			vx_err(env, "R0 not a scalar value");
			return -EACCES;
		}
		if (r0->smin_value < callee->callback_ret_min || r0->smax_value > callee->callback_ret_max) {
			vx_err(env, "At callback return the register R0 has smin=%lld smax=%lld should have been in [%lld, %lld]",
			       (long long)r0->smin_value, (long long)r0->smax_value,
			       (long long)callee->callback_ret_min, (long long)callee->callback_ret_max);
			return -EINVAL;
		}
		if (callee->in_async_callback_fn) {
			/* an asynchronous callback's exit ends its path */
			free(callee);
			st->frame[st->curframe] = NULL;
			st->curframe--;
			return 1;
		}
		/* back to the call: the helper may call the callback again */
		*insn_idx = callee->callsite;
		free(callee);
		st->frame[st->curframe] = NULL;
		st->curframe--;
		return 0;
	} else {
		caller->regs[BPF_REG_0] = *r0;
	}
	*insn_idx = callee->callsite + 1;
	free(callee);
	st->frame[st->curframe] = NULL;
	st->curframe--;
	return 0;
}

/* kernel: check_return_code() for the program types modelled */
int check_return_code(struct env *env)
{
	struct reg_state *r0 = &cur_regs(env)[BPF_REG_0];
	s64 lo = 0, hi;

	if (r0->type == NOT_INIT) {
		vx_err(env, "R0 !read_ok");
		return -EACCES;
	}
	if (env->has_retval_range) {
		/* LSM: the 32-bit return value (kernel: retval_range_within(), return_32bit) */
		if (r0->type != SCALAR_VALUE || r0->s32_min_value < env->retval_min ||
		    r0->s32_max_value > env->retval_max) {
			vx_err(env, "At program exit the register R0 has smin=%d smax=%d should have been in [%d, %d]",
			       r0->s32_min_value, r0->s32_max_value, env->retval_min, env->retval_max);
			return -EINVAL;
		}
		return 0;
	}
	switch (env->prog_type) {
	case BPF_PROG_TYPE_CGROUP_SKB:
		hi = env->expected_attach_type == BPF_CGROUP_INET_EGRESS ? 3 : 1;
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (env->expected_attach_type) {
		case BPF_CGROUP_UDP4_RECVMSG: case BPF_CGROUP_UDP6_RECVMSG:
		case 51 /* BPF_CGROUP_UNIX_RECVMSG */:
		case BPF_CGROUP_INET4_GETPEERNAME: case BPF_CGROUP_INET6_GETPEERNAME:
		case 52 /* BPF_CGROUP_UNIX_GETPEERNAME */:
		case BPF_CGROUP_INET4_GETSOCKNAME: case BPF_CGROUP_INET6_GETSOCKNAME:
		case 53 /* BPF_CGROUP_UNIX_GETSOCKNAME */:
			lo = 1;
			hi = 1;
			break;
		case BPF_CGROUP_INET4_BIND: case BPF_CGROUP_INET6_BIND:
			hi = 3;
			break;
		default:
			hi = 1;
		}
		break;
	case VX_PROG_TYPE_NETFILTER: /* NF_DROP or NF_ACCEPT */
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		hi = 1;
		break;
	default:
		return 0;
	}
	if (r0->type != SCALAR_VALUE) {
		char buf[64];

		vx_err(env, "At program exit the register R0 is not a known value (%s)",
		       reg_type_str(r0->type, buf, sizeof(buf)));
		return -EINVAL;
	}
	if (r0->smin_value < lo || r0->smax_value > hi) {
		vx_err(env, "At program exit the register R0 has smin=%lld smax=%lld should have been in [%lld, %lld]",
		       (long long)r0->smin_value, (long long)r0->smax_value, (long long)lo,
		       (long long)hi);
		return -EINVAL;
	}
	return 0;
}
