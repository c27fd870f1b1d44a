// SPDX-License-Identifier: MIT
/*
 * verifier-ext: the verifier log, in the kernel's words and layout
 * (kernel/bpf/log.c: reg_type_str(), print_reg_state(),
 * print_verifier_state()).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "vx.h"

/* The first error wins: it is the kernel's rejection message. */
void vx_err(struct env *env, const char *fmt, ...)
{
	va_list ap;
	char buf[sizeof(env->errmsg)];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (env->log)
		fprintf(env->log, "%s\n", buf);
	if (env->errmsg[0])
		return;
	memcpy(env->errmsg, buf, sizeof(buf));
	env->err_insn = env->cur ? (int)env->cur->insn_idx : -1;
}

void vx_log(struct env *env, const char *fmt, ...)
{
	va_list ap;

	if (!env->log)
		return;
	va_start(ap, fmt);
	vfprintf(env->log, fmt, ap);
	va_end(ap);
}

const char *reg_type_str(u32 type, char *buf, size_t len)
{
	static const char *const str[__BPF_REG_TYPE_MAX] = {
		[NOT_INIT] = "?",
		[SCALAR_VALUE] = "scalar",
		[PTR_TO_CTX] = "ctx",
		[CONST_PTR_TO_MAP] = "map_ptr",
		[PTR_TO_MAP_VALUE] = "map_value",
		[PTR_TO_STACK] = "fp",
		[PTR_TO_PACKET] = "pkt",
		[PTR_TO_PACKET_META] = "pkt_meta",
		[PTR_TO_PACKET_END] = "pkt_end",
		[PTR_TO_FLOW_KEYS] = "flow_keys",
		[PTR_TO_SOCKET] = "sock",
		[PTR_TO_SOCK_COMMON] = "sock_common",
		[PTR_TO_TCP_SOCK] = "tcp_sock",
		[PTR_TO_TP_BUFFER] = "tp_buffer",
		[PTR_TO_XDP_SOCK] = "xdp_sock",
		[PTR_TO_BTF_ID] = "ptr_",
		[PTR_TO_MEM] = "mem",
		[PTR_TO_ARENA] = "arena",
		[PTR_TO_BUF] = "buf",
		[PTR_TO_FUNC] = "func",
		[PTR_TO_MAP_KEY] = "map_key",
		[CONST_PTR_TO_DYNPTR] = "dynptr_ptr",
	};
	u32 base = base_type(type);
	const char *postfix = "";

	if (type & PTR_MAYBE_NULL)
		postfix = base == PTR_TO_BTF_ID ? "or_null_" : "_or_null";
	snprintf(buf, len, "%s%s%s%s%s%s%s%s%s",
		 type & MEM_RDONLY ? "rdonly_" : "",
		 type & MEM_RINGBUF ? "ringbuf_" : "",
		 type & MEM_USER ? "user_" : "",
		 type & MEM_PERCPU ? "percpu_" : "",
		 type & MEM_RCU ? "rcu_" : "",
		 type & PTR_UNTRUSTED ? "untrusted_" : "",
		 type & PTR_TRUSTED ? "trusted_" : "",
		 base < __BPF_REG_TYPE_MAX && str[base] ? str[base] : "?", postfix);
	return buf;
}

/* kernel: is_snum_decimal(), verbose_snum(), verbose_unum() */
static bool is_snum_decimal(s64 num)
{
	return num >= -512 && num <= 512;
}

static void log_snum(struct env *env, s64 num)
{
	if (is_snum_decimal(num))
		vx_log(env, "%" PRId64, num);
	else
		vx_log(env, "%#" PRIx64, (u64)num);
}

static void log_unum(struct env *env, u64 num)
{
	if (num <= 512)
		vx_log(env, "%" PRIu64, num);
	else
		vx_log(env, "%#" PRIx64, num);
}

/* kernel: print_scalar_ranges(): equal bounds are printed once, joined */
static void print_scalar_ranges(struct env *env, const struct reg_state *reg,
				const char **sep)
{
	struct {
		const char *name;
		u64 val;
		bool omit;
	} m[] = {
		{ "smin", (u64)reg->smin_value, reg->smin_value == S64_MIN },
		{ "smax", (u64)reg->smax_value, reg->smax_value == S64_MAX },
		{ "umin", reg->umin_value, reg->umin_value == 0 },
		{ "umax", reg->umax_value, reg->umax_value == U64_MAX },
		{ "smin32", is_snum_decimal(reg->s32_min_value) ? (u64)(s64)reg->s32_min_value
								: (u32)reg->s32_min_value,
		  reg->s32_min_value == S32_MIN },
		{ "smax32", is_snum_decimal(reg->s32_max_value) ? (u64)(s64)reg->s32_max_value
								: (u32)reg->s32_max_value,
		  reg->s32_max_value == S32_MAX },
		{ "umin32", reg->u32_min_value, reg->u32_min_value == 0 },
		{ "umax32", reg->u32_max_value, reg->u32_max_value == U32_MAX },
	};
	int n = sizeof(m) / sizeof(m[0]);

	for (int i = 0; i < n; i++) {
		if (m[i].omit)
			continue;
		bool neg1 = m[i].name[0] == 's' && (s64)m[i].val < 0;

		vx_log(env, "%s%s=", *sep, m[i].name);
		*sep = ",";
		for (int j = i + 2; j < n; j += 2) {
			bool neg2 = m[j].name[0] == 's' && (s64)m[j].val < 0;

			if (m[j].omit || m[j].val != m[i].val || neg1 != neg2)
				continue;
			m[j].omit = true;
			vx_log(env, "%s=", m[j].name);
		}
		if (m[i].name[0] == 's')
			log_snum(env, (s64)m[i].val);
		else
			log_unum(env, m[i].val);
	}
}

static bool type_is_map_ptr(u32 t)
{
	t = base_type(t);
	return t == CONST_PTR_TO_MAP || t == PTR_TO_MAP_KEY || t == PTR_TO_MAP_VALUE;
}

static bool type_is_pkt(u32 t)
{
	t = base_type(t);
	return t == PTR_TO_PACKET || t == PTR_TO_PACKET_META;
}

#define LOG_ATTR(...) (vx_log(env, "%s", sep), vx_log(env, __VA_ARGS__), sep = ",")

/* kernel: print_reg_state() */
static void print_reg_state(struct env *env, const struct func_state *f,
			    const struct reg_state *reg)
{
	u32 t = reg->type;
	const char *sep = "";
	char buf[64];

	if (t == SCALAR_VALUE && reg->precise)
		vx_log(env, "P");
	if (t == SCALAR_VALUE && tnum_is_const(reg->var_off)) {
		log_snum(env, (s64)reg->var_off.value);
		return;
	}
	vx_log(env, "%s", reg_type_str(t, buf, sizeof(buf)));
	if (t == PTR_TO_ARENA)
		return;
	if (t == PTR_TO_STACK) {
		if (f->frameno != reg->frameno)
			vx_log(env, "[%u]", reg->frameno);
		if (tnum_is_const(reg->var_off)) {
			log_snum(env, (s64)(reg->var_off.value + reg->off));
			return;
		}
	}
	if (base_type(t) == PTR_TO_BTF_ID && reg->btf_id)
		vx_log(env, "%s", btf_struct_name(env->btf, reg->btf_id));
	vx_log(env, "(");
	if (reg->id)
		LOG_ATTR("id=%u", reg->id & ~BPF_ADD_CONST);
	if (reg->id & BPF_ADD_CONST)
		vx_log(env, "%+d", reg->off);
	if (reg->ref_obj_id)
		LOG_ATTR("ref_obj_id=%u", reg->ref_obj_id);
	if (type_is_map_ptr(t) && reg->map_idx >= 0 && env->obj &&
	    (size_t)reg->map_idx < env->obj->map_cnt) {
		const struct obj_map *m = &env->obj->maps[reg->map_idx];

		if (m->name && m->name[0])
			LOG_ATTR("map=%s", m->name);
		LOG_ATTR("ks=%u,vs=%u", m->key_size, m->value_size);
	}
	if (t != SCALAR_VALUE && reg->off) {
		LOG_ATTR("off=");
		log_snum(env, reg->off);
	}
	if (type_is_pkt(t)) {
		LOG_ATTR("r=");
		log_unum(env, (u64)(s64)reg->range);
	}
	if (base_type(t) == PTR_TO_MEM) {
		LOG_ATTR("sz=");
		log_unum(env, reg->mem_size);
	}
	if (tnum_is_const(reg->var_off)) {
		if (reg->var_off.value) {
			LOG_ATTR("imm=");
			log_snum(env, (s64)reg->var_off.value);
		}
	} else {
		print_scalar_ranges(env, reg, &sep);
		if (!tnum_is_unknown(reg->var_off)) {
			tnum_strn(buf, sizeof(buf), reg->var_off);
			LOG_ATTR("var_off=%s", buf);
		}
	}
	vx_log(env, ")");
}

static void print_liveness(struct env *env, u8 live)
{
	if (live & (REG_LIVE_READ | REG_LIVE_WRITTEN | REG_LIVE_DONE))
		vx_log(env, "_");
	if (live & REG_LIVE_READ)
		vx_log(env, "r");
	if (live & REG_LIVE_WRITTEN)
		vx_log(env, "w");
	if (live & REG_LIVE_DONE)
		vx_log(env, "D");
}

/* kernel: print_verifier_state(), with print_all */
void print_verifier_state(struct env *env, const struct func_state *f)
{
	static const char slot_char[] = { '?', 'r', 'm', '0', 'd', 'i', 'f' };

	if (!env->log)
		return;
	if (f->frameno)
		vx_log(env, " frame%u:", f->frameno);
	for (int i = 0; i < MAX_BPF_REG; i++) {
		const struct reg_state *reg = &f->regs[i];

		if (reg->type == NOT_INIT)
			continue;
		vx_log(env, " R%d", i);
		print_liveness(env, reg->live);
		vx_log(env, "=");
		print_reg_state(env, f, reg);
	}
	for (int i = 0; i < f->allocated_stack / BPF_REG_SIZE; i++) {
		const struct stack_slot *s = &f->stack[i];
		char types[BPF_REG_SIZE + 1];
		bool valid = false;

		for (int j = 0; j < BPF_REG_SIZE; j++) {
			if (s->slot_type[j] != STACK_INVALID)
				valid = true;
			types[j] = slot_char[s->slot_type[j] % sizeof(slot_char)];
		}
		types[BPF_REG_SIZE] = 0;
		if (!valid)
			continue;
		vx_log(env, " fp%d", (-i - 1) * BPF_REG_SIZE);
		print_liveness(env, s->spilled_ptr.live);
		if (s->slot_type[BPF_REG_SIZE - 1] == STACK_SPILL) {
			int j = 0;

			while (j < BPF_REG_SIZE && s->slot_type[j] != STACK_SPILL)
				j++;
			types[j] = 0;
			vx_log(env, "=%s", types);
			print_reg_state(env, f, &s->spilled_ptr);
		} else {
			vx_log(env, "=%s", types);
		}
	}
	if (f->frameno == env->cur->curframe && env->cur->ref_cnt) {
		vx_log(env, " refs=%u", env->cur->refs[0].id);
		for (u32 i = 1; i < env->cur->ref_cnt; i++)
			vx_log(env, ",%u", env->cur->refs[i].id);
	}
	if (f->in_callback_fn)
		vx_log(env, " cb");
	vx_log(env, "\n");
}
