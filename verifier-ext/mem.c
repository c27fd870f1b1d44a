// SPDX-License-Identifier: MIT
/*
 * verifier-ext: loads, stores and atomics (kernel: check_mem_access() and
 * the per-region checks it dispatches to; stack spill/fill tracking in
 * check_stack_{read,write}_{fixed,var}_off()).
 *
 * Privileged mode: reading uninitialised stack is allowed
 * (allow_uninit_stack) and pointers may be stored anywhere
 * (allow_ptr_leaks).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

static int size_bytes(int bpf_size)
{
	switch (bpf_size) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	case BPF_DW: return 8;
	}
	return -EINVAL;
}

struct func_state *func_of(struct env *env, const struct reg_state *reg)
{
	return env->cur->frame[reg->frameno];
}

bool is_spilled_reg(const struct stack_slot *s)
{
	return s->slot_type[BPF_REG_SIZE - 1] == STACK_SPILL;
}

static bool is_spilled_scalar_reg(const struct stack_slot *s)
{
	return is_spilled_reg(s) && s->spilled_ptr.type == SCALAR_VALUE;
}

static bool register_is_null(const struct reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0);
}

/* kernel: is_spillable_regtype() */
static bool is_spillable_regtype(u32 type)
{
	switch (base_type(type)) {
	case PTR_TO_MAP_VALUE: case PTR_TO_STACK: case PTR_TO_CTX:
	case PTR_TO_PACKET: case PTR_TO_PACKET_META: case PTR_TO_PACKET_END:
	case PTR_TO_FLOW_KEYS: case CONST_PTR_TO_MAP: case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON: case PTR_TO_TCP_SOCK: case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID: case PTR_TO_BUF: case PTR_TO_MEM: case PTR_TO_FUNC:
	case PTR_TO_MAP_KEY: case PTR_TO_ARENA:
		return true;
	}
	return false;
}

/* kernel: grow_stack_state() and the subprog's stack_depth bookkeeping */
static void grow_stack_state(struct env *env, struct func_state *f, int size)
{
	int n = (size + BPF_REG_SIZE - 1) / BPF_REG_SIZE * BPF_REG_SIZE;

	if (f->allocated_stack < n) {
		/* vstate_copy() copies only the allocated slots: clear the new ones */
		memset(&f->stack[f->allocated_stack / BPF_REG_SIZE], 0,
		       sizeof(f->stack[0]) * (size_t)((n - f->allocated_stack) / BPF_REG_SIZE));
		f->allocated_stack = n;
	}
	struct subprog_info *sp = &env->subprogs[f->subprogno];
	if (sp->stack_depth < n)
		sp->stack_depth = n;
}

/* kernel: scrub_spilled_slot() / mark_stack_slot_misc() */
static void scrub_spilled_slot(u8 *stype)
{
	if (*stype != STACK_INVALID)
		*stype = STACK_MISC;
}

static void mark_stack_slot_misc(u8 *stype)
{
	if (*stype == STACK_ZERO)
		return;
	if (*stype == STACK_INVALID) /* allow_uninit_stack */
		return;
	*stype = STACK_MISC;
}

/* kernel: scrub_special_slot(): a plain write destroys a spilled register */
static void scrub_special_slot(struct stack_slot *s)
{
	bool special = is_spilled_reg(s) || s->slot_type[BPF_REG_SIZE - 1] == STACK_DYNPTR ||
		       s->slot_type[BPF_REG_SIZE - 1] == STACK_ITER;

	s->spilled_ptr.type = NOT_INIT;
	if (special)
		for (int i = 0; i < BPF_REG_SIZE; i++)
			scrub_spilled_slot(&s->slot_type[i]);
}

/* kernel: save_register_state() */
static void save_register_state(struct stack_slot *s, const struct reg_state *reg, int size)
{
	int i;

	copy_register_state(&s->spilled_ptr, reg);
	for (i = BPF_REG_SIZE; i > BPF_REG_SIZE - size; i--)
		s->slot_type[i - 1] = STACK_SPILL;
	for (; i; i--)
		mark_stack_slot_misc(&s->slot_type[i - 1]);
}

/* kernel: check_stack_write_fixed_off() */
static int check_stack_write_fixed_off(struct env *env, struct func_state *state, int off,
				       int size, int value_regno, const struct bpf_insn *insn)
{
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct func_state *cur = cur_func(env);
	struct reg_state *reg = value_regno >= 0 ? &cur->regs[value_regno] : NULL;
	struct stack_slot *s = &state->stack[spi];
	bool is_st = BPF_CLASS(insn->code) == BPF_ST && BPF_MODE(insn->code) == BPF_MEM;

	if (reg && !(off % BPF_REG_SIZE) && reg->type == SCALAR_VALUE) {
		bool fits = fls64(reg->umax_value) <= 8 * size;

		if (fits)
			assign_scalar_id_before_mov(env, reg);
		save_register_state(s, reg, size);
		if (!fits)
			s->spilled_ptr.id = 0;
	} else if (!reg && !(off % BPF_REG_SIZE) && is_st) {
		struct reg_state tmp;

		memset(&tmp, 0, sizeof(tmp));
		__mark_reg_known(&tmp, (u64)(s64)insn->imm);
		tmp.type = SCALAR_VALUE;
		tmp.map_idx = -1;
		save_register_state(s, &tmp, size);
	} else if (reg && is_spillable_regtype(reg->type)) {
		if (size != BPF_REG_SIZE) {
			vx_err(env, "invalid size of register spill");
			return -EACCES;
		}
		if (state != cur && reg->type == PTR_TO_STACK) {
			vx_err(env, "cannot spill pointers to stack into stack frame of the caller");
			return -EINVAL;
		}
		save_register_state(s, reg, size);
	} else {
		u8 type = STACK_MISC;

		scrub_special_slot(s);
		if ((reg && register_is_null(reg)) || (!reg && is_st && insn->imm == 0))
			type = STACK_ZERO;
		for (int i = 0; i < size; i++)
			s->slot_type[(slot - i) % BPF_REG_SIZE] = type;
	}
	return 0;
}

/* kernel: check_stack_write_var_off() */
static int check_stack_write_var_off(struct env *env, struct func_state *state, int ptr_regno,
				     int off, int size, int value_regno,
				     const struct bpf_insn *insn)
{
	struct reg_state *ptr = &cur_regs(env)[ptr_regno];
	struct reg_state *val = value_regno >= 0 ? &cur_regs(env)[value_regno] : NULL;
	int min_off = (int)ptr->smin_value + off, max_off = (int)ptr->smax_value + off + size;
	bool is_st = BPF_CLASS(insn->code) == BPF_ST;
	bool writing_zero = (val && register_is_null(val)) || (!val && is_st && insn->imm == 0);

	for (int i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		struct stack_slot *s = &state->stack[spi];
		u8 *stype = &s->slot_type[slot % BPF_REG_SIZE];
		u8 new_type = STACK_MISC;

		if (writing_zero && *stype == STACK_SPILL && is_spilled_scalar_reg(s) &&
		    tnum_equals_const(s->spilled_ptr.var_off, 0))
			continue;
		scrub_special_slot(s);
		if (writing_zero && *stype == STACK_ZERO)
			new_type = STACK_ZERO;
		*stype = new_type;
	}
	return 0;
}

/* kernel: mark_reg_stack_read() */
static void mark_reg_stack_read(struct env *env, struct func_state *ptr_state, int min_off,
				int max_off, int dst_regno)
{
	struct reg_state *dst = &cur_regs(env)[dst_regno];
	int zeros = 0;

	for (int i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;

		if (ptr_state->stack[spi].slot_type[slot % BPF_REG_SIZE] != STACK_ZERO)
			break;
		zeros++;
	}
	mark_reg_unknown(env, dst);
	if (zeros == max_off - min_off)
		__mark_reg_known_zero(dst);
}

/* kernel: bpf_stack_narrow_access_ok() (little endian) */
static bool stack_narrow_access_ok(int off, int fill_size, int spill_size)
{
	(void)fill_size;
	(void)spill_size;
	return !(off % BPF_REG_SIZE);
}

/* kernel: check_stack_read_fixed_off() */
static int check_stack_read_fixed_off(struct env *env, struct func_state *rs, int off, int size,
				      int dst_regno)
{
	int slot = -off - 1, spi = slot / BPF_REG_SIZE;
	struct stack_slot *s = &rs->stack[spi];
	u8 *stype = s->slot_type;
	struct reg_state *reg = &s->spilled_ptr;
	struct reg_state *regs = cur_regs(env);

	if (is_spilled_reg(s)) {
		int spill_size = 1;

		for (int i = BPF_REG_SIZE - 1; i > 0 && stype[i - 1] == STACK_SPILL; i--)
			spill_size++;
		if (size != BPF_REG_SIZE || spill_size != BPF_REG_SIZE) {
			if (reg->type != SCALAR_VALUE) {
				vx_err(env, "invalid size of register fill");
				return -EACCES;
			}
			if (dst_regno < 0)
				return 0;
			if (size <= spill_size && stack_narrow_access_ok(off, size, spill_size)) {
				copy_register_state(&regs[dst_regno], reg);
				if (fls64(reg->umax_value) > size * 8) {
					regs[dst_regno].id = 0;
					regs[dst_regno].off = 0;
				}
			} else {
				int spill_cnt = 0, zero_cnt = 0;

				for (int i = 0; i < size; i++) {
					u8 t = stype[(slot - i) % BPF_REG_SIZE];

					if (t == STACK_SPILL)
						spill_cnt++;
					else if (t == STACK_ZERO)
						zero_cnt++;
					else if (t != STACK_MISC && t != STACK_INVALID) {
						vx_err(env, "invalid read from stack off %d+%d size %d",
						       off, i, size);
						return -EACCES;
					}
				}
				mark_reg_unknown(env, &regs[dst_regno]);
				if ((spill_cnt == size && tnum_equals_const(reg->var_off, 0)) ||
				    zero_cnt == size)
					__mark_reg_known_zero(&regs[dst_regno]);
			}
		} else if (dst_regno >= 0) {
			copy_register_state(&regs[dst_regno], reg);
		}
		return 0;
	}
	for (int i = 0; i < size; i++) {
		u8 t = stype[(slot - i) % BPF_REG_SIZE];

		if (t != STACK_MISC && t != STACK_ZERO && t != STACK_INVALID) {
			vx_err(env, "invalid read from stack off %d+%d size %d", off, i, size);
			return -EACCES;
		}
	}
	if (dst_regno >= 0)
		mark_reg_stack_read(env, rs, off, off + size, dst_regno);
	return 0;
}

/* kernel: check_stack_access_within_bounds() */
static int check_stack_access_within_bounds(struct env *env, int regno, int off, int size,
					    bool helper, enum bpf_access_type t)
{
	struct reg_state *reg = &cur_regs(env)[regno];
	struct func_state *state = func_of(env, reg);
	const char *extra = helper ? " indirect access to" : t == BPF_READ ? " read from" : " write to";
	s64 min_off, max_off;
	char tn[48];

	if (tnum_is_const(reg->var_off)) {
		min_off = (s64)reg->var_off.value + off;
		max_off = min_off + size;
	} else {
		if (reg->smax_value >= BPF_MAX_VAR_OFF || reg->smin_value <= -BPF_MAX_VAR_OFF) {
			vx_err(env, "invalid unbounded variable-offset%s stack R%d", extra, regno);
			return -EACCES;
		}
		min_off = reg->smin_value + off;
		max_off = reg->smax_value + off + size;
	}
	/* allow_uninit_stack: the whole 512 bytes are addressable */
	if (min_off < -MAX_BPF_STACK || min_off > -1 || max_off > 0 || size < 0) {
		if (tnum_is_const(reg->var_off)) {
			vx_err(env, "invalid%s stack R%d off=%d size=%d", extra, regno, off, size);
		} else {
			tnum_strn(tn, sizeof(tn), reg->var_off);
			vx_err(env, "invalid variable-offset%s stack R%d var_off=%s off=%d size=%d",
			       extra, regno, tn, off, size);
		}
		return -EACCES;
	}
	grow_stack_state(env, state, (int)-min_off);
	return 0;
}

/* kernel: __check_mem_access() */
static int check_mem_bounds(struct env *env, int regno, int off, int size, u32 mem_size,
			    bool zero_size_allowed)
{
	struct reg_state *reg = &cur_regs(env)[regno];
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);

	if (off >= 0 && size_ok && (u64)off + size <= mem_size)
		return 0;
	switch (reg->type) {
	case PTR_TO_MAP_KEY:
		vx_err(env, "invalid access to map key, key_size=%u off=%d size=%d", mem_size, off, size);
		break;
	case PTR_TO_MAP_VALUE:
		vx_err(env, "invalid access to map value, value_size=%u off=%d size=%d", mem_size, off,
		       size);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
		vx_err(env, "invalid access to packet, off=%d size=%d, R%d(id=%u,off=%d,r=%u)", off,
		       size, regno, reg->id, off, mem_size);
		break;
	default:
		vx_err(env, "invalid access to memory, mem_size=%u off=%d size=%d", mem_size, off, size);
	}
	return -EACCES;
}

/* kernel: check_mem_region_access() */
static int check_mem_region_access(struct env *env, int regno, int off, int size, u32 mem_size,
				   bool zero_size_allowed)
{
	struct reg_state *reg = &cur_regs(env)[regno];

	if (reg->smin_value < 0 &&
	    (reg->smin_value == S64_MIN ||
	     (s64)off + reg->smin_value != (s64)(s32)(off + reg->smin_value) ||
	     reg->smin_value + off < 0)) {
		vx_err(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.",
		       regno);
		return -EACCES;
	}
	if (check_mem_bounds(env, regno, (int)(reg->smin_value + off), size, mem_size,
			     zero_size_allowed)) {
		vx_err(env, "R%d min value is outside of the allowed memory range", regno);
		return -EACCES;
	}
	if (reg->umax_value >= BPF_MAX_VAR_OFF) {
		vx_err(env, "R%d unbounded memory access, make sure to bounds check any such access",
		       regno);
		return -EACCES;
	}
	if (check_mem_bounds(env, regno, (int)(reg->umax_value + off), size, mem_size,
			     zero_size_allowed)) {
		vx_err(env, "R%d max value is outside of the allowed memory range", regno);
		return -EACCES;
	}
	return 0;
}

/*
 * kernel: the btf_record loop of check_map_access(): an access may not
 * overlap a special field of the value; a kptr only with a fixed,
 * exact, 8-byte direct load or store.
 */
static int check_map_special_fields(struct env *env, const struct reg_state *reg, int off,
				    int size, bool helper)
{
	const struct obj_map *m = reg->map_idx >= 0 && (size_t)reg->map_idx < env->obj->map_cnt ?
				  &env->obj->maps[reg->map_idx] : NULL;
	struct special_field f[VX_MAX_SPECIAL_FIELDS];
	int n = m ? btf_special_fields(env->obj->btf, m->btf_value_type_id, f,
				       VX_MAX_SPECIAL_FIELDS) : 0;

	for (int i = 0; i < n; i++) {
		s64 lo = reg->smin_value + off, hi = (s64)reg->umax_value + off + size;

		if (!(lo < (s64)(f[i].off + f[i].size) && (s64)f[i].off < hi))
			continue;
		if (!f[i].is_kptr) {
			vx_err(env, "%s cannot be accessed directly by load/store", f[i].name);
			return -EACCES;
		}
		if (helper) {
			vx_err(env, "kptr cannot be accessed indirectly by helper");
			return -EACCES;
		}
		if (!tnum_is_const(reg->var_off)) {
			vx_err(env, "kptr access cannot have variable offset");
			return -EACCES;
		}
		if ((u64)f[i].off != off + reg->var_off.value) {
			vx_err(env, "kptr access misaligned expected=%u off=%llu", f[i].off,
			       (unsigned long long)(off + reg->var_off.value));
			return -EACCES;
		}
		if (size != 8) {
			vx_err(env, "kptr access size must be BPF_DW");
			return -EACCES;
		}
	}
	return 0;
}

static const struct obj_map *map_of(struct env *env, const struct reg_state *reg)
{
	if (reg->map_idx < 0 || (size_t)reg->map_idx >= env->obj->map_cnt)
		return NULL;
	return &env->obj->maps[reg->map_idx];
}

static bool map_is_rdonly(const struct obj_map *m)
{
	return m->kind == OBJ_MAP_RODATA || m->kind == OBJ_MAP_KCONFIG;
}

/* kernel: check_packet_access() */
static int check_packet_access(struct env *env, int regno, int off, int size,
			       bool zero_size_allowed)
{
	struct reg_state *reg = &cur_regs(env)[regno];

	if (reg->smin_value < 0) {
		vx_err(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.",
		       regno);
		return -EACCES;
	}
	if (reg->range < 0 || check_mem_bounds(env, regno, off, size, (u32)reg->range,
					       zero_size_allowed)) {
		vx_err(env, "R%d offset is outside of the packet", regno);
		return -EACCES;
	}
	return 0;
}

/* kernel: check_ptr_off_reg() */
static int check_ptr_off_reg(struct env *env, const struct reg_state *reg, int regno,
			     bool fixed_off_ok)
{
	char buf[64], tn[48];

	if (reg->off < 0) {
		vx_err(env, "negative offset %s ptr R%d off=%d disallowed",
		       reg_type_str(reg->type, buf, sizeof(buf)), regno, reg->off);
		return -EACCES;
	}
	if (!fixed_off_ok && reg->off) {
		vx_err(env, "dereference of modified %s ptr R%d off=%d disallowed",
		       reg_type_str(reg->type, buf, sizeof(buf)), regno, reg->off);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		tnum_strn(tn, sizeof(tn), reg->var_off);
		vx_err(env, "variable %s access var_off=%s disallowed",
		       reg_type_str(reg->type, buf, sizeof(buf)), tn);
		return -EACCES;
	}
	return 0;
}

/* kernel: check_ptr_alignment() */
static int check_ptr_alignment(struct env *env, const struct reg_state *reg, int off, int size,
			       bool strict_once)
{
	bool strict = env->strict_alignment || strict_once;
	const char *desc = "";
	int ip_align = 0;
	char tn[48];

	switch (reg->type) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		ip_align = 2; /* the kernel assumes NET_IP_ALIGN 2 on every arch */
		if (!strict || size == 1)
			return 0;
		if (!tnum_is_aligned(tnum_add(reg->var_off, tnum_const(ip_align + reg->off + off)),
				     size)) {
			tnum_strn(tn, sizeof(tn), reg->var_off);
			vx_err(env, "misaligned packet access off %d+%s+%d+%d size %d", ip_align, tn,
			       reg->off, off, size);
			return -EACCES;
		}
		return 0;
	case PTR_TO_FLOW_KEYS: desc = "flow keys "; break;
	case PTR_TO_MAP_KEY: desc = "key "; break;
	case PTR_TO_MAP_VALUE: desc = "value "; break;
	case PTR_TO_CTX: desc = "context "; break;
	case PTR_TO_STACK: desc = "stack "; strict = true; break;
	case PTR_TO_SOCKET: desc = "sock "; break;
	case PTR_TO_SOCK_COMMON: desc = "sock_common "; break;
	case PTR_TO_TCP_SOCK: desc = "tcp_sock "; break;
	case PTR_TO_XDP_SOCK: desc = "xdp_sock "; break;
	case PTR_TO_ARENA: return 0;
	default: break;
	}
	if (!strict || size == 1)
		return 0;
	if (!tnum_is_aligned(tnum_add(reg->var_off, tnum_const((u64)(s64)(reg->off + off))), size)) {
		tnum_strn(tn, sizeof(tn), reg->var_off);
		vx_err(env, "misaligned %saccess off %s+%d+%d size %d", desc, tn, reg->off, off, size);
		return -EACCES;
	}
	return 0;
}

/* check_ptr_alignment() with strict alignment, for helper arguments (MEM_ALIGNED) */
int check_arg_alignment(struct env *env, const struct reg_state *reg, int size)
{
	return check_ptr_alignment(env, reg, 0, size, true);
}

/* Direct read of a frozen read-only map (kernel: bpf_map_direct_read()). */
static int map_direct_read(const struct obj_map *m, int off, int size, bool sx, u64 *val)
{
	if (!m->init || off < 0 || (u64)off + size > m->init_size)
		return -EINVAL;
	switch (size) {
	case 1: { u8 v; memcpy(&v, (const u8 *)m->init + off, 1); *val = sx ? (u64)(s64)(s8)v : v; break; }
	case 2: { u16 v; memcpy(&v, (const u8 *)m->init + off, 2); *val = sx ? (u64)(s64)(s16)v : v; break; }
	case 4: { u32 v; memcpy(&v, (const u8 *)m->init + off, 4); *val = sx ? (u64)(s64)(s32)v : v; break; }
	default: memcpy(val, (const u8 *)m->init + off, 8);
	}
	return 0;
}

#define OFFSETOFEND(t, f) (offsetof(t, f) + sizeof(((t *)0)->f))

/* kernel: bpf_ctx_narrow_access_ok() */
static bool narrow_access_ok(int size, int size_default)
{
	return size <= size_default && !(size & (size - 1));
}

/* kernel: bpf_sock_is_valid_access() (net/core/filter.c) */
static bool sock_is_valid_access(int off, int size)
{
	if (off < 0 || off >= (int)sizeof(struct bpf_sock) || off % size)
		return false;
	if (off == offsetof(struct bpf_sock, state) || off == offsetof(struct bpf_sock, family) ||
	    off == offsetof(struct bpf_sock, type) || off == offsetof(struct bpf_sock, protocol) ||
	    off == offsetof(struct bpf_sock, src_port) ||
	    off == offsetof(struct bpf_sock, rx_queue_mapping) ||
	    (off >= (int)offsetof(struct bpf_sock, src_ip4) &&
	     off < (int)OFFSETOFEND(struct bpf_sock, src_ip6)) ||
	    (off >= (int)offsetof(struct bpf_sock, dst_ip4) &&
	     off < (int)OFFSETOFEND(struct bpf_sock, dst_ip6)))
		return narrow_access_ok(size, 4);
	if (off >= (int)offsetof(struct bpf_sock, dst_port) &&
	    off < (int)OFFSETOFEND(struct bpf_sock, dst_port))
		return narrow_access_ok(size, size == 4 ? 4 : 2);
	if (off >= (int)OFFSETOFEND(struct bpf_sock, dst_port) &&
	    off < (int)offsetof(struct bpf_sock, dst_ip4))
		return false;
	return size == 4;
}

/* kernel: bpf_tcp_sock_is_valid_access() */
static bool tcp_sock_is_valid_access(int off, int size)
{
	if (off < 0 || off >= (int)OFFSETOFEND(struct bpf_tcp_sock, icsk_retransmits) || off % size)
		return false;
	if (off == offsetof(struct bpf_tcp_sock, bytes_received) ||
	    off == offsetof(struct bpf_tcp_sock, bytes_acked))
		return size == 8;
	return size == 4;
}

/* kernel: check_sock_access() with the *_is_valid_access() of each socket type */
static int check_sock_access(struct env *env, int regno, int off, int size)
{
	const struct reg_state *reg = &cur_regs(env)[regno];
	bool valid;
	char buf[64];

	if (reg->smin_value < 0) {
		vx_err(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.",
		       regno);
		return -EACCES;
	}
	switch (reg->type) {
	case PTR_TO_SOCK_COMMON:
		/* bpf_sock_common_is_valid_access(): type .. priority are not common */
		valid = !(off >= (int)offsetof(struct bpf_sock, type) &&
			  off < (int)OFFSETOFEND(struct bpf_sock, priority)) &&
			sock_is_valid_access(off, size);
		break;
	case PTR_TO_SOCKET:
		valid = sock_is_valid_access(off, size);
		break;
	case PTR_TO_TCP_SOCK:
		valid = tcp_sock_is_valid_access(off, size);
		break;
	case PTR_TO_XDP_SOCK: /* bpf_xdp_sock_is_valid_access(): queue_id only */
		valid = off == 0 && size == 4;
		break;
	default:
		valid = false;
	}
	if (valid)
		return 0;
	vx_err(env, "R%d invalid %s access off=%d size=%d", regno,
	       reg_type_str(reg->type, buf, sizeof(buf)), off, size);
	return -EACCES;
}

/*
 * kernel: check_ptr_to_btf_access(): a probe load (the JIT handles
 * faults) that must stay in one field; a pointer field gives an
 * untrusted PTR_TO_BTF_ID.  Without a type (btf_id 0) the value is an
 * unknown scalar.
 */
static int check_ptr_to_btf_access(struct env *env, int regno, int off, int size,
				   enum bpf_access_type t, struct reg_state *val)
{
	const struct reg_state *reg = &cur_regs(env)[regno];
	const char *tname = btf_struct_name(env->btf, reg->btf_id);
	char msg[200], tn[48];
	u32 ptr_id = 0;

	if (off < 0) {
		vx_err(env, "R%d is ptr_%s invalid negative access: off=%d", regno, tname, off);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		tnum_strn(tn, sizeof(tn), reg->var_off);
		vx_err(env, "R%d is ptr_%s invalid variable offset: off=%d, var_off=%s", regno, tname,
		       off, tn);
		return -EACCES;
	}
	if (t == BPF_WRITE) {
		vx_err(env, "only read is supported");
		return -EACCES;
	}
	if (reg->btf_id && env->btf &&
	    btf_struct_walk(env->btf, reg->btf_id, off, size, &ptr_id, msg, sizeof(msg))) {
		vx_err(env, "%s", msg);
		return -EACCES;
	}
	if (!val)
		return 0;
	mark_reg_unknown(env, val);
	if (ptr_id) {
		__mark_reg_known_zero(val);
		val->type = PTR_TO_BTF_ID | PTR_UNTRUSTED;
		val->btf_id = ptr_id;
		val->map_idx = -1;
	}
	return 0;
}

/* kernel: check_ctx_access() */
static int check_ctx_access(struct env *env, int off, int size, enum bpf_access_type t,
			    bool is_ldsx, struct ctx_access_info *info)
{
	memset(info, 0, sizeof(*info));
	info->reg_type = SCALAR_VALUE;
	if (env->prog_type == BPF_PROG_TYPE_TRACING) {
		char msg[160];

		/* kernel: tracing_prog_is_valid_access() + btf_ctx_access() */
		if (t == BPF_READ && !is_ldsx &&
		    btf_ctx_arg_access(env->attach_btf, env->attach_proto, env->attach_skip,
				       env->is_fexit, env->btf, off, size, info, msg, sizeof(msg)))
			return 0;
		vx_err(env, "invalid bpf_context access off=%d size=%d", off, size);
		return -EACCES;
	}
	if (env->prog_type == VX_PROG_TYPE_NETFILTER) {
		if (!is_ldsx && nf_ctx_access(env->btf, off, size, t == BPF_WRITE, info))
			return 0;
		vx_err(env, "invalid bpf_context access off=%d size=%d", off, size);
		return -EACCES;
	}
	if (ctx_is_valid_access_ldsx(env->prog_type, env->expected_attach_type, off, size, t,
				     is_ldsx, info))
		return 0;
	vx_err(env, "invalid bpf_context access off=%d size=%d", off, size);
	return -EACCES;
}

int check_mem_access(struct env *env, int insn_idx, u32 regno, int off, int bpf_size,
		     enum bpf_access_type t, int value_regno, bool strict_once, bool is_ldsx)
{
	struct reg_state *regs = cur_regs(env);
	struct reg_state *reg = &regs[regno];
	struct reg_state *val = value_regno >= 0 ? &regs[value_regno] : NULL;
	int size = size_bytes(bpf_size), err = 0;
	char buf[64];

	(void)insn_idx;
	if (size < 0)
		return size;
	err = check_ptr_alignment(env, reg, off, size, strict_once);
	if (err)
		return err;
	off += reg->off;

	switch (base_type(reg->type)) {
	case PTR_TO_MAP_KEY: {
		const struct obj_map *m = map_of(env, reg);

		if (reg->type & PTR_MAYBE_NULL)
			goto invalid;
		if (t == BPF_WRITE) {
			vx_err(env, "write to change key R%u not allowed", regno);
			return -EACCES;
		}
		err = check_mem_region_access(env, regno, off, size, m ? m->key_size : 0, false);
		if (!err && val)
			mark_reg_unknown(env, val);
		break;
	}
	case PTR_TO_MAP_VALUE: {
		const struct obj_map *m = map_of(env, reg);
		u32 vs = m ? m->value_size : 0;

		if (reg->type & PTR_MAYBE_NULL)
			goto invalid;
		if (m && t == BPF_WRITE && (m->flags & BPF_F_RDONLY_PROG || map_is_rdonly(m))) {
			vx_err(env, "write into map forbidden, value_size=%u off=%d size=%d", vs, off, size);
			return -EACCES;
		}
		if (m && t == BPF_READ && (m->flags & BPF_F_WRONLY_PROG)) {
			vx_err(env, "read from map forbidden, value_size=%u off=%d size=%d", vs, off, size);
			return -EACCES;
		}
		err = check_mem_region_access(env, regno, off, size, vs, false) ?:
		      check_map_special_fields(env, reg, off, size, false);
		if (err)
			return err;
		if (t == BPF_READ && val) {
			u64 v;

			if (m && tnum_is_const(reg->var_off) && map_is_rdonly(m) &&
			    !map_direct_read(m, off + (int)reg->var_off.value, size, is_ldsx, &v)) {
				mark_reg_unknown(env, val);
				__mark_reg_known(val, v);
			} else {
				mark_reg_unknown(env, val);
			}
		}
		break;
	}
	case PTR_TO_MEM: {
		bool rdonly = reg->type & MEM_RDONLY;

		if (reg->type & PTR_MAYBE_NULL)
			goto invalid;
		if (t == BPF_WRITE && rdonly) {
			vx_err(env, "R%u cannot write into %s", regno,
			       reg_type_str(reg->type, buf, sizeof(buf)));
			return -EACCES;
		}
		err = check_mem_region_access(env, regno, off, size, reg->mem_size, false);
		if (!err && val && (t == BPF_READ || rdonly))
			mark_reg_unknown(env, val);
		break;
	}
	case PTR_TO_CTX: {
		struct ctx_access_info info;

		if (reg->type != PTR_TO_CTX)
			goto invalid;
		err = check_ptr_off_reg(env, reg, regno, false) ?:
		      check_ctx_access(env, off, size, t, is_ldsx, &info);
		if (err)
			return err;
		if (t == BPF_READ && val) {
			mark_reg_unknown(env, val);
			if (info.reg_type != SCALAR_VALUE) {
				__mark_reg_known_zero(val);
				val->type = info.reg_type;
				val->map_idx = -1;
				val->btf_id = info.btf_id;
				if (type_may_be_null(info.reg_type))
					val->id = ++env->id_gen;
			}
		}
		break;
	}
	case PTR_TO_STACK: {
		struct func_state *state = func_of(env, reg);

		err = check_stack_access_within_bounds(env, regno, off, size, false, t);
		if (err)
			return err;
		if (t == BPF_READ) {
			if (tnum_is_const(reg->var_off))
				err = check_stack_read_fixed_off(env, state,
								 off + (int)reg->var_off.value,
								 size, value_regno);
			else if (val)
				mark_reg_stack_read(env, state, (int)reg->smin_value + off,
						    (int)reg->smax_value + off + size, value_regno);
		} else {
			const struct bpf_insn *insn = &env->insns[env->cur->insn_idx];

			if (tnum_is_const(reg->var_off))
				err = check_stack_write_fixed_off(env, state,
								  off + (int)reg->var_off.value,
								  size, value_regno, insn);
			else
				err = check_stack_write_var_off(env, state, regno, off, size,
								value_regno, insn);
		}
		break;
	}
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (t == BPF_WRITE && !may_access_direct_pkt_data(env->prog_type, t)) {
			vx_err(env, "cannot write into packet");
			return -EACCES;
		}
		err = check_packet_access(env, regno, off, size, false);
		if (!err && t == BPF_READ && val)
			mark_reg_unknown(env, val);
		break;
	case PTR_TO_FLOW_KEYS:
		if (off < 0 || size < 0 || (u64)off + size > 56 /* sizeof(struct bpf_flow_keys) */) {
			vx_err(env, "invalid access to flow keys off=%d size=%d", off, size);
			return -EACCES;
		}
		if (t == BPF_READ && val)
			mark_reg_unknown(env, val);
		break;
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
		if (reg->type & PTR_MAYBE_NULL)
			goto invalid;
		if (t == BPF_WRITE) {
			vx_err(env, "R%u cannot write into %s", regno,
			       reg_type_str(reg->type, buf, sizeof(buf)));
			return -EACCES;
		}
		err = check_sock_access(env, regno, off, size);
		if (!err && val)
			mark_reg_unknown(env, val);
		break;
	case PTR_TO_TP_BUFFER:
		err = check_ptr_off_reg(env, reg, regno, true);
		if (err)
			return err;
		if (off < 0) {
			vx_err(env, "R%u invalid tracepoint buffer access: off=%d, size=%d", regno, off,
			       size);
			return -EACCES;
		}
		if (t == BPF_READ && val)
			mark_reg_unknown(env, val);
		break;
	case PTR_TO_BTF_ID:
		if (reg->type & PTR_MAYBE_NULL)
			goto invalid;
		err = check_ptr_to_btf_access(env, regno, off, size, t, val);
		break;
	case CONST_PTR_TO_MAP:
		if (t == BPF_WRITE) {
			vx_err(env, "only read from bpf_map is supported");
			return -EACCES;
		}
		if (val)
			mark_reg_unknown(env, val);
		break;
	case PTR_TO_BUF:
		if (reg->type & PTR_MAYBE_NULL)
			goto invalid;
		if (t == BPF_WRITE && (reg->type & MEM_RDONLY)) {
			vx_err(env, "R%u cannot write into %s", regno,
			       reg_type_str(reg->type, buf, sizeof(buf)));
			return -EACCES;
		}
		if (off < 0 || reg->smin_value < 0) {
			vx_err(env, "R%u invalid buf access off=%d size=%d", regno, off, size);
			return -EACCES;
		}
		if (val && (t == BPF_READ || (reg->type & MEM_RDONLY)))
			mark_reg_unknown(env, val);
		break;
	case PTR_TO_ARENA:
		if (t == BPF_READ && val)
			mark_reg_unknown(env, val);
		break;
	default:
		goto invalid;
	}
	if (err)
		return err;
	if (size < BPF_REG_SIZE && val && t == BPF_READ && val->type == SCALAR_VALUE) {
		if (is_ldsx)
			coerce_reg_to_size_sx(val, size);
		else
			coerce_reg_to_size(val, size);
	}
	return 0;
invalid:
	vx_err(env, "R%u invalid mem access '%s'", regno, reg_type_str(reg->type, buf, sizeof(buf)));
	return -EACCES;
}

/* kernel: save_aux_ptr_type(): ctx and socket accesses are rewritten per type */
static bool reg_type_mismatch_ok(u32 type)
{
	switch (base_type(type)) {
	case PTR_TO_CTX: case PTR_TO_SOCKET: case PTR_TO_SOCK_COMMON: case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK: case PTR_TO_BTF_ID: case PTR_TO_ARENA:
		return false;
	}
	return true;
}

static int save_aux_ptr_type(struct env *env, u32 type)
{
	u32 *prev = &env->aux[env->cur->insn_idx].ptr_type_seen;

	if (*prev == NOT_INIT) {
		*prev = type;
	} else if (type != *prev && (!reg_type_mismatch_ok(type) || !reg_type_mismatch_ok(*prev))) {
		vx_err(env, "same insn cannot be used with different pointers");
		return -EINVAL;
	}
	return 0;
}

static int record(struct env *env, u32 regno, const struct bpf_insn *insn, bool is_write)
{
	return record_access(env, env->cur->insn_idx, &cur_regs(env)[regno], insn->off,
			     isa_access_size(insn), is_write);
}

/* kernel: check_load_mem() */
int check_load(struct env *env, const struct bpf_insn *insn)
{
	u8 mode = BPF_MODE(insn->code);
	int err;

	if (mode != BPF_MEM && mode != BPF_MEMSX) {
		vx_err(env, "unknown opcode %02x", insn->code);
		return -EINVAL;
	}
	if (mode == BPF_MEMSX && BPF_SIZE(insn->code) == BPF_DW) {
		vx_err(env, "unknown opcode %02x", insn->code);
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP) ?:
	      check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	u32 src_type = cur_regs(env)[insn->src_reg].type;

	err = record(env, insn->src_reg, insn, false);
	if (err)
		return err;
	err = check_mem_access(env, env->cur->insn_idx, insn->src_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, insn->dst_reg, false,
			       mode == BPF_MEMSX) ?:
	      save_aux_ptr_type(env, src_type);
	if (err)
		return err;
	struct reg_state *dst = &cur_regs(env)[insn->dst_reg];
	if (dst->type == SCALAR_VALUE && !reg_bounds_sane(dst))
		__mark_reg_unbounded(dst);
	return 0;
}

/* kernel: check_store_reg() and the BPF_ST arm of do_check_insn() */
int check_store(struct env *env, const struct bpf_insn *insn)
{
	bool is_st = BPF_CLASS(insn->code) == BPF_ST;
	int err;

	if (BPF_MODE(insn->code) != BPF_MEM || (is_st ? insn->src_reg != BPF_REG_0 : insn->imm != 0)) {
		vx_err(env, is_st ? "BPF_ST uses reserved fields" : "BPF_STX uses reserved fields");
		return -EINVAL;
	}
	if (!is_st) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	u32 dst_type = cur_regs(env)[insn->dst_reg].type;

	err = record(env, insn->dst_reg, insn, true);
	if (err)
		return err;
	return check_mem_access(env, env->cur->insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, is_st ? -1 : insn->src_reg,
				false, false) ?:
	       save_aux_ptr_type(env, dst_type);
}

/* kernel: atomic_ptr_type_ok() */
static bool atomic_ptr_type_ok(const struct reg_state *reg)
{
	switch (base_type(reg->type)) {
	case PTR_TO_CTX: case PTR_TO_PACKET: case PTR_TO_PACKET_META: case PTR_TO_FLOW_KEYS:
	case PTR_TO_SOCKET: case PTR_TO_SOCK_COMMON: case PTR_TO_TCP_SOCK: case PTR_TO_XDP_SOCK:
		return false;
	}
	return true;
}

/* kernel: check_atomic() and check_atomic_rmw() */
int check_atomic(struct env *env, const struct bpf_insn *insn)
{
	int load_reg = -1, err;
	char buf[64];

	switch (insn->imm) {
	case BPF_ADD: case BPF_ADD | BPF_FETCH: case BPF_AND: case BPF_AND | BPF_FETCH:
	case BPF_OR: case BPF_OR | BPF_FETCH: case BPF_XOR: case BPF_XOR | BPF_FETCH:
	case BPF_XCHG: case BPF_CMPXCHG:
		break;
	default:
		vx_err(env, "BPF_ATOMIC uses invalid atomic opcode %02x", insn->imm);
		return -EINVAL;
	}
	if (BPF_SIZE(insn->code) != BPF_W && BPF_SIZE(insn->code) != BPF_DW) {
		vx_err(env, "invalid atomic operand size");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP) ?: check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (!err && insn->imm == BPF_CMPXCHG)
		err = check_reg_arg(env, BPF_REG_0, SRC_OP);
	if (err)
		return err;
	struct reg_state *dst = &cur_regs(env)[insn->dst_reg];
	if (!atomic_ptr_type_ok(dst)) {
		vx_err(env, "BPF_ATOMIC stores into R%d %s is not allowed", insn->dst_reg,
		       reg_type_str(dst->type, buf, sizeof(buf)));
		return -EACCES;
	}
	err = record(env, insn->dst_reg, insn, true);
	if (err)
		return err;
	if (insn->imm & BPF_FETCH) {
		load_reg = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
		err = check_reg_arg(env, load_reg, DST_OP);
		if (err)
			return err;
	}
	err = check_mem_access(env, env->cur->insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, -1, true, false);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, env->cur->insn_idx, insn->dst_reg, insn->off,
				       BPF_SIZE(insn->code), BPF_READ, load_reg, true, false);
	if (err)
		return err;
	err = save_aux_ptr_type(env, cur_regs(env)[insn->dst_reg].type);
	if (err)
		return err;
	return check_mem_access(env, env->cur->insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, -1, true, false);
}

/*
 * kernel: check_helper_mem_access() with check_stack_range_initialized():
 * a helper reads or writes [reg, reg + access_size).  Writes clobber the
 * stack bytes they cover (they become STACK_MISC).
 */
int check_helper_mem_access(struct env *env, int regno, int access_size, bool zero_size_allowed,
			    bool is_write, u32 *out_size)
{
	struct reg_state *reg = &cur_regs(env)[regno];
	char buf[64], tn[48];
	(void)out_size;

	switch (base_type(reg->type)) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		return check_packet_access(env, regno, reg->off, access_size, zero_size_allowed);
	case PTR_TO_MAP_KEY: {
		const struct obj_map *m = map_of(env, reg);

		if (is_write) {
			vx_err(env, "R%d cannot write into %s", regno,
			       reg_type_str(reg->type, buf, sizeof(buf)));
			return -EACCES;
		}
		return check_mem_region_access(env, regno, reg->off, access_size,
					       m ? m->key_size : 0, false);
	}
	case PTR_TO_MAP_VALUE: {
		const struct obj_map *m = map_of(env, reg);
		u32 vs = m ? m->value_size : 0;

		if (m && is_write && (m->flags & BPF_F_RDONLY_PROG || map_is_rdonly(m))) {
			vx_err(env, "write into map forbidden, value_size=%u off=%d size=%d", vs,
			       reg->off, access_size);
			return -EACCES;
		}
		if (m && !is_write && (m->flags & BPF_F_WRONLY_PROG)) {
			vx_err(env, "read from map forbidden, value_size=%u off=%d size=%d", vs,
			       reg->off, access_size);
			return -EACCES;
		}
		return check_mem_region_access(env, regno, reg->off, access_size, vs,
					       zero_size_allowed) ?:
		       check_map_special_fields(env, reg, reg->off, access_size, true);
	}
	case PTR_TO_MEM:
		if (type_may_be_null(reg->type))
			break;
		if (is_write && (reg->type & MEM_RDONLY)) {
			vx_err(env, "R%d cannot write into %s", regno,
			       reg_type_str(reg->type, buf, sizeof(buf)));
			return -EACCES;
		}
		return check_mem_region_access(env, regno, reg->off, access_size, reg->mem_size,
					       zero_size_allowed);
	case PTR_TO_BUF:
		if (is_write && (reg->type & MEM_RDONLY)) {
			vx_err(env, "R%d cannot write into %s", regno,
			       reg_type_str(reg->type, buf, sizeof(buf)));
			return -EACCES;
		}
		return 0;
	case PTR_TO_CTX:
		/* only for helpers with ARG_PTR_TO_MEM that allow ctx (bpf_ctx_... none here) */
		if (access_size == 0 && zero_size_allowed)
			return 0;
		break;
	case PTR_TO_BTF_ID:
		return 0;
	case PTR_TO_STACK: {
		struct func_state *state = func_of(env, reg);
		int min_off, max_off;

		if (access_size == 0 && !zero_size_allowed) {
			vx_err(env, "invalid zero-sized read");
			return -EACCES;
		}
		int err = check_stack_access_within_bounds(env, regno, reg->off, access_size, true,
							   BPF_WRITE);
		if (err)
			return err;
		err = record_stack_arg(env, reg, access_size);
		if (err)
			return err;
		if (tnum_is_const(reg->var_off)) {
			min_off = max_off = (int)reg->var_off.value + reg->off;
		} else {
			min_off = (int)reg->smin_value + reg->off;
			max_off = (int)reg->smax_value + reg->off;
		}
		if (is_write && tnum_is_const(reg->var_off)) {
			/* kernel: meta->raw_mode, the helper initialises these bytes */
			return mark_stack_slots_written(env, reg, 0, access_size);
		}
		for (int i = min_off; i < max_off + access_size; i++) {
			int slot = -i - 1, spi = slot / BPF_REG_SIZE;
			struct stack_slot *s = &state->stack[spi];
			u8 *stype = &s->slot_type[slot % BPF_REG_SIZE];

			if (*stype == STACK_MISC)
				continue;
			if (*stype == STACK_ZERO || *stype == STACK_INVALID) {
				*stype = STACK_MISC; /* clobber: the helper may write */
				continue;
			}
			if (is_spilled_reg(s)) {
				mark_reg_unknown(env, &s->spilled_ptr);
				for (int j = 0; j < BPF_REG_SIZE; j++)
					scrub_spilled_slot(&s->slot_type[j]);
				continue;
			}
			if (tnum_is_const(reg->var_off)) {
				vx_err(env, "invalid indirect read from stack R%d off %d+%d size %d",
				       regno, min_off, i - min_off, access_size);
			} else {
				tnum_strn(tn, sizeof(tn), reg->var_off);
				vx_err(env, "invalid indirect read from stack R%d var_off %s+%d size %d",
				       regno, tn, i - min_off, access_size);
			}
			return -EACCES;
		}
		return 0;
	}
	default:
		break;
	}
	if (register_is_null(reg) && zero_size_allowed && access_size == 0)
		return 0;
	vx_err(env, "R%d type=%s expected=%s", regno, reg_type_str(reg->type, buf, sizeof(buf)),
	       "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_");
	return -EACCES;
}

/*
 * A helper wrote [ptr + off, ptr + off + size) on the stack
 * (kernel: the raw_mode path then mark_stack_slots_... in
 * check_helper_call(): each byte becomes STACK_MISC).
 */
int mark_stack_slots_written(struct env *env, const struct reg_state *ptr, int off, int size)
{
	struct func_state *state = func_of(env, ptr);
	int start = (int)ptr->var_off.value + ptr->off + off;

	for (int i = start; i < start + size; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		struct stack_slot *s = &state->stack[spi];

		if (spi < 0 || spi >= MAX_STACK_SLOTS)
			continue;
		scrub_special_slot(s);
		s->slot_type[slot % BPF_REG_SIZE] = STACK_MISC;
	}
	return 0;
}

/* kernel: check_ld_abs(): legacy skb loads through R6 */
int check_ld_abs(struct env *env, const struct bpf_insn *insn, int *insn_idx)
{
	struct reg_state *regs = cur_regs(env);
	u8 mode = BPF_MODE(insn->code);
	int err;

	for (u32 i = env->cur->curframe; i; i--) {
		if (env->cur->frame[i]->in_callback_fn) {
			vx_err(env, "cannot use BPF_LD_[ABS|IND] within callback");
			return -EINVAL;
		}
	}

	if (env->prog_type != BPF_PROG_TYPE_SOCKET_FILTER &&
	    env->prog_type != BPF_PROG_TYPE_SCHED_CLS &&
	    env->prog_type != BPF_PROG_TYPE_SCHED_ACT) {
		vx_err(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type");
		return -EINVAL;
	}
	if (insn->dst_reg != BPF_REG_0 || insn->off != 0 || BPF_SIZE(insn->code) == BPF_DW ||
	    (mode == BPF_ABS && insn->src_reg != BPF_REG_0)) {
		vx_err(env, "BPF_LD_[ABS|IND] uses reserved fields");
		return -EINVAL;
	}
	err = check_reg_arg(env, BPF_REG_6, SRC_OP);
	if (err)
		return err;
	if (env->cur->ref_cnt) {
		vx_err(env, "BPF_LD_[ABS|IND] cannot be mixed with socket references");
		return -EINVAL;
	}
	if (env->cur->active_lock_id) {
		vx_err(env, "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region");
		return -EINVAL;
	}
	if (regs[BPF_REG_6].type != PTR_TO_CTX) {
		vx_err(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
		return -EINVAL;
	}
	if (mode == BPF_IND) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}
	err = check_ptr_off_reg(env, &regs[BPF_REG_6], BPF_REG_6, false);
	if (err)
		return err;
	for (int i = BPF_REG_1; i <= BPF_REG_5; i++)
		mark_reg_not_init(&regs[i]);
	mark_reg_unknown(env, &regs[BPF_REG_0]);
	if (env->cur->curframe) {
		/*
		 * A failed load exits the whole program with 0: from a
		 * subprogram that is a return to the caller, whose callee-saved
		 * registers must hold what it expects.  The load that works goes
		 * on in a queued branch.
		 */
		if (!push_stack(env, *insn_idx + 1, *insn_idx))
			return -ENOMEM;
		regs = cur_regs(env);
		mark_reg_unknown(env, &regs[BPF_REG_0]);
		__mark_reg_known_zero(&regs[BPF_REG_0]);
		err = prepare_func_exit(env, insn_idx);
		if (err < 0)
			return err;
		(*insn_idx)--; /* do_check() steps past it */
	}
	return 0;
}
