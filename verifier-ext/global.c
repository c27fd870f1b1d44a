// SPDX-License-Identifier: MIT
/*
 * verifier-ext: global (BTF_FUNC_GLOBAL) subprograms.  The kernel does not
 * follow a call into one: it checks the arguments against the function's
 * BTF prototype, assumes an unknown scalar comes back, and verifies the
 * function on its own afterwards, from arguments built from the prototype
 * alone (kernel: btf_prepare_func_args(), btf_check_subprog_call(),
 * do_check_subprogs()).
 */
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

/* kernel: the ctx type of each program type (include/linux/bpf_types.h) */
static const char *ctx_type_name(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER: case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT: case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN: case BPF_PROG_TYPE_LWT_OUT: case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL: case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "__sk_buff";
	case BPF_PROG_TYPE_XDP: return "xdp_md";
	case BPF_PROG_TYPE_KPROBE: return "pt_regs";
	case BPF_PROG_TYPE_PERF_EVENT: return "bpf_perf_event_data";
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: return "bpf_raw_tracepoint_args";
	case BPF_PROG_TYPE_CGROUP_SOCK: return "bpf_sock";
	case BPF_PROG_TYPE_SOCK_OPS: return "bpf_sock_ops";
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR: return "bpf_sock_addr";
	case BPF_PROG_TYPE_SK_MSG: return "sk_msg_md";
	case BPF_PROG_TYPE_CGROUP_DEVICE: return "bpf_cgroup_dev_ctx";
	case BPF_PROG_TYPE_CGROUP_SYSCTL: return "bpf_sysctl";
	case BPF_PROG_TYPE_CGROUP_SOCKOPT: return "bpf_sockopt";
	case BPF_PROG_TYPE_SK_REUSEPORT: return "sk_reuseport_md";
	case BPF_PROG_TYPE_SK_LOOKUP: return "bpf_sk_lookup";
	case VX_PROG_TYPE_NETFILTER: return "bpf_nf_ctx";
	}
	return NULL;
}

static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res)
		*res = id;
	return t;
}

/* kernel: btf_is_prog_ctx_type(): a pointer to the program type's ctx struct */
static bool is_prog_ctx_ptr(const struct btf *btf, const struct btf_type *ptr, u32 prog_type)
{
	const struct btf_type *t = btf__type_by_id(btf, ptr->type);
	const char *want = ctx_type_name(prog_type);

	/* kprobe: the bpf_user_pt_regs_t typedef counts too */
	for (const struct btf_type *m = t; m && (btf_is_mod(m) || btf_is_typedef(m));
	     m = btf__type_by_id(btf, m->type)) {
		if (btf_is_typedef(m) && prog_type == BPF_PROG_TYPE_KPROBE &&
		    !strcmp(btf__name_by_offset(btf, m->name_off), "bpf_user_pt_regs_t"))
			return true;
	}
	t = skip_mods(btf, ptr->type, NULL);
	return want && t && btf_is_struct(t) && !strcmp(btf__name_by_offset(btf, t->name_off), want);
}

/* The "arg:..." decl tags of parameter `arg` of FUNC `fn_id`. */
static u32 arg_tags(const struct btf *btf, u32 fn_id, int arg, bool *bad)
{
	u32 tags = 0, n = btf__type_cnt(btf);

	for (u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *s;

		if (!btf_is_decl_tag(t) || t->type != fn_id || btf_decl_tag(t)->component_idx != arg)
			continue;
		s = btf__name_by_offset(btf, t->name_off);
		if (strncmp(s, "arg:", 4))
			continue;
		if (!strcmp(s + 4, "ctx"))
			tags |= GARG_TAG_CTX;
		else if (!strcmp(s + 4, "nonnull"))
			tags |= GARG_TAG_NONNULL;
		else if (!strcmp(s + 4, "nullable"))
			tags |= GARG_TAG_NULLABLE;
		else if (!strcmp(s + 4, "trusted"))
			tags |= GARG_TAG_TRUSTED;
		else
			*bad = true; /* arena */
	}
	return tags;
}

/* kernel: btf_prepare_func_args() for a global function; -EINVAL with a message */
int global_prepare(struct env *env, int subprog, struct global_info *gi)
{
	const struct btf *btf = env->obj->btf;
	const char *name = env->prog->subprogs[subprog].name;
	int fn_id = btf && name ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;
	const struct btf_type *fn, *proto, *t;

	gi->is_global = false;
	gi->nargs = 0;
	if (fn_id <= 0)
		return 0;
	fn = btf__type_by_id(btf, (u32)fn_id);
	/* a FUNC keeps its linkage in vlen; libbpf makes hidden ones static */
	if (btf_vlen(fn) != BTF_FUNC_GLOBAL || env->prog->subprogs[subprog].btf_static)
		return 0;
	gi->is_global = true;
	proto = btf__type_by_id(btf, fn->type);
	if (!proto || !btf_is_func_proto(proto)) {
		vx_err(env, "Invalid type of function %s()", name);
		return -EINVAL;
	}
	gi->nargs = btf_vlen(proto);
	if (gi->nargs > 5) {
		vx_err(env, "Global function %s() with %d > 5 args. Buggy compiler.", name, gi->nargs);
		return -EINVAL;
	}
	t = skip_mods(btf, proto->type, NULL);
	if (!t || !(btf_is_int(t) || btf_is_any_enum(t))) {
		vx_err(env, "Global function %s() doesn't return scalar. Only those are supported.",
		       name);
		return -EINVAL;
	}
	for (int i = 0; i < gi->nargs; i++) {
		bool bad = false;
		u32 tags = arg_tags(btf, (u32)fn_id, i, &bad);
		const struct btf_type *at = skip_mods(btf, btf_params(proto)[i].type, NULL);
		struct global_arg *a = &gi->args[i];

		if (bad) {
			vx_err(env, "arg#%d of %s(): arena arguments are not modelled", i, name);
			return -EOPNOTSUPP;
		}
		if (at && btf_is_ptr(at)) {
			if ((tags & GARG_TAG_CTX) || is_prog_ctx_ptr(btf, at, env->prog_type)) {
				if (tags & ~GARG_TAG_CTX) {
					vx_err(env, "arg#%d has invalid combination of tags", i);
					return -EINVAL;
				}
				a->kind = GARG_CTX;
				continue;
			}
			if (tags & GARG_TAG_TRUSTED) {
				/* kernel: btf_get_ptr_to_btf_id(): a kernel struct, flavours stripped */
				const struct btf_type *pt = skip_mods(btf, at->type, NULL);
				char sname[128];

				if (tags & GARG_TAG_NONNULL) {
					vx_err(env, "arg#%d has invalid combination of tags", i);
					return -EINVAL;
				}
				snprintf(sname, sizeof(sname), "%s",
					 pt ? btf__name_by_offset(btf, pt->name_off) : "");
				char *flavour = strstr(sname, "___");
				if (flavour)
					*flavour = 0;
				a->kind = GARG_TRUSTED;
				a->nullable = tags & GARG_TAG_NULLABLE;
				a->btf_id = btf_struct_id(env->btf, sname);
				continue;
			}
			if (tags & GARG_TAG_NULLABLE) {
				vx_err(env, "arg#%d has invalid combination of tags", i);
				return -EINVAL;
			}
			u32 pid;
			const struct btf_type *pt = skip_mods(btf, at->type, &pid);
			s64 size = pt ? btf__resolve_size(btf, pid) : -1;

			if (size <= 0) {
				vx_err(env, "arg#%d reference type('%s') size cannot be determined", i,
				       pt ? btf__name_by_offset(btf, pt->name_off) : "void");
				return -EINVAL;
			}
			a->kind = GARG_MEM;
			a->nullable = !(tags & GARG_TAG_NONNULL);
			a->mem_size = (u32)size;
			continue;
		}
		if (tags) {
			vx_err(env, "arg#%d has pointer tag, but is not a pointer type", i);
			return -EINVAL;
		}
		if (at && (btf_is_int(at) || btf_is_any_enum(at))) {
			a->kind = GARG_SCALAR;
			continue;
		}
		vx_err(env, "Arg#%d type in %s() is not supported yet.", i, name);
		return -EINVAL;
	}
	return 0;
}

/* kernel: btf_check_func_arg_match(): the caller's registers fit the prototype */
int global_check_call(struct env *env, int subprog)
{
	const struct global_info *gi = &env->globals[subprog];
	struct reg_state *regs = cur_regs(env);

	for (int i = 0; i < gi->nargs; i++) {
		u32 regno = BPF_REG_1 + (u32)i;
		struct reg_state *reg = &regs[regno];
		const struct global_arg *a = &gi->args[i];
		int err = 0;

		if (reg->type == NOT_INIT) {
			vx_err(env, "R%u !read_ok", regno);
			return -EACCES;
		}
		switch (a->kind) {
		case GARG_SCALAR:
			if (reg->type != SCALAR_VALUE) {
				vx_err(env, "R%u is not a scalar", regno);
				return -EINVAL;
			}
			break;
		case GARG_CTX:
			if (reg->type != PTR_TO_CTX || reg->off || !tnum_equals_const(reg->var_off, 0)) {
				vx_err(env, "arg#%d expects pointer to ctx", i);
				return -EINVAL;
			}
			break;
		case GARG_TRUSTED:
			/* kernel: a trusted (non-null unless nullable) kernel object */
			if (a->nullable && reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0))
				break;
			if (base_type(reg->type) != PTR_TO_BTF_ID || (reg->type & PTR_UNTRUSTED) ||
			    (!a->nullable && type_may_be_null(reg->type))) {
				vx_err(env, "R%u must be referenced or trusted", regno);
				return -EINVAL;
			}
			break;
		case GARG_MEM:
			/* kernel: check_mem_reg(): NULL may pass; else readable and writable */
			if (a->nullable && reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0))
				break;
			if (reg->type == SCALAR_VALUE) {
				vx_err(env, "R%u is not a pointer to memory", regno);
				return -EINVAL;
			}
			{
				struct reg_state saved = *reg;

				if (a->nullable)
					reg->type &= ~PTR_MAYBE_NULL;
				err = check_helper_mem_access(env, (int)regno, (int)a->mem_size, true, false,
							      NULL) ?:
				      check_helper_mem_access(env, (int)regno, (int)a->mem_size, true, true,
							      NULL);
				reg->type = saved.type;
			}
			if (err)
				return err;
			break;
		}
	}
	return 0;
}

/* kernel: the argument setup of do_check_common() for a global subprogram */
void global_init_args(struct env *env, int subprog, struct func_state *f)
{
	const struct global_info *gi = &env->globals[subprog];

	for (int i = 0; i < gi->nargs; i++) {
		struct reg_state *reg = &f->regs[BPF_REG_1 + i];
		const struct global_arg *a = &gi->args[i];

		mark_reg_unknown(env, reg);
		reg->map_idx = -1;
		if (a->kind == GARG_CTX) {
			__mark_reg_known_zero(reg);
			reg->type = PTR_TO_CTX;
			reg->map_idx = -1;
		} else if (a->kind == GARG_TRUSTED) {
			__mark_reg_known_zero(reg);
			reg->type = PTR_TO_BTF_ID | PTR_TRUSTED | (a->nullable ? PTR_MAYBE_NULL : 0);
			reg->map_idx = -1;
			reg->btf_id = a->btf_id;
			if (a->nullable)
				reg->id = ++env->id_gen;
		} else if (a->kind == GARG_MEM) {
			__mark_reg_known_zero(reg);
			reg->type = PTR_TO_MEM | (a->nullable ? PTR_MAYBE_NULL : 0);
			reg->map_idx = -1;
			reg->mem_size = a->mem_size;
			if (a->nullable)
				reg->id = ++env->id_gen;
		}
	}
}

int global_info_of(struct env *env, int subprog, struct global_info **out)
{
	struct global_info *gi = &env->globals[subprog];

	if (!gi->prepared) {
		gi->prepare_err = global_prepare(env, subprog, gi);
		gi->prepared = true;
	} else if (gi->prepare_err) {
		vx_err(env, "func#%d ('%s') has a BTF prototype the kernel refuses", subprog,
		       env->prog->subprogs[subprog].name);
	}
	*out = gi;
	return gi->prepare_err;
}
