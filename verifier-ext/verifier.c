// SPDX-License-Identifier: MIT
/*
 * verifier-ext: the entry point (kernel: bpf_check()): check the control
 * flow (check_subprogs(), check_cfg()), mark prune points, build the
 * initial state, explore (do_check()), and hand back the verdict and the
 * per-access facts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vx.h"
#include "internal.h"

const char *vx_verdict_name(enum vx_verdict v)
{
	switch (v) {
	case VX_ACCEPTED: return "accepted";
	case VX_REJECTED: return "rejected";
	case VX_UNSUPPORTED: return "unsupported";
	}
	return "?";
}

const char *vx_region_name(enum vx_region r)
{
	static const char *const names[VX_REGION_COUNT] = {
		[VX_REGION_STACK] = "stack", [VX_REGION_CTX] = "ctx",
		[VX_REGION_MAP_VALUE] = "map_value", [VX_REGION_MAP_KEY] = "map_key",
		[VX_REGION_PACKET] = "pkt", [VX_REGION_PACKET_META] = "pkt_meta",
		[VX_REGION_FLOW_KEYS] = "flow_keys", [VX_REGION_SOCKET] = "sock",
		[VX_REGION_MEM] = "mem", [VX_REGION_BUF] = "buf", [VX_REGION_BTF_ID] = "btf_id",
		[VX_REGION_ARENA] = "arena", [VX_REGION_PACKET_END] = "pkt_end",
		[VX_REGION_MAP_PTR] = "map_ptr", [VX_REGION_OTHER] = "other",
	};
	return r < VX_REGION_COUNT ? names[r] : "?";
}

const struct access_fact *vx_fact_at(const struct vx_result *res, int insn)
{
	unsigned lo = 0, hi = res->fact_cnt;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (res->facts[mid].insn == insn)
			return &res->facts[mid];
		if (res->facts[mid].insn < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int subprog_of(struct env *env, int insn)
{
	for (int i = env->subprog_cnt - 1; i >= 0; i--)
		if (insn >= env->subprogs[i].start)
			return i;
	return 0;
}

/*
 * kernel: mark_subprog_changes_pkt_data() and merge_callees_changes_pkt_data():
 * a subprogram changes packet data if it, or any subprogram it calls, calls
 * a helper that may move it (bpf_helper_changes_pkt_data()).
 */
static void mark_changes_pkt_data(struct env *env)
{
	bool changed = true;

	for (int i = 0; i < env->insn_cnt; i++) {
		const struct bpf_insn *insn = &env->insns[i];
		const struct helper_proto *fn;

		if (!isa_is_helper_call(insn))
			continue;
		fn = helper_proto(insn->imm, env->prog_type, env->expected_attach_type);
		if ((fn && fn->changes_pkt_data) || insn->imm == BPF_FUNC_tail_call)
			env->subprogs[subprog_of(env, i)].changes_pkt_data = true;
	}
	while (changed) {
		changed = false;
		for (int i = 0; i < env->insn_cnt; i++) {
			const struct bpf_insn *insn = &env->insns[i];
			int caller, callee;

			if (!isa_is_pseudo_call(insn))
				continue;
			caller = subprog_of(env, i);
			callee = subprog_of(env, i + insn->imm + 1);
			if (env->subprogs[callee].changes_pkt_data && !env->subprogs[caller].changes_pkt_data) {
				env->subprogs[caller].changes_pkt_data = true;
				changed = true;
			}
		}
	}
}

/*
 * kernel: check_subprogs() and check_cfg(): every jump stays inside its
 * subprogram, no jump lands in the middle of an ld_imm64, each
 * subprogram ends in exit or jump, and every instruction is reachable.
 * Back-edges are allowed: privileged programs may loop (bounded loops).
 */
static int check_cfg(struct env *env)
{
	int n = env->insn_cnt;
	int *stack = malloc(sizeof(int) * ((size_t)n + 1));
	bool *visited = calloc((size_t)n + 1, 1);
	int sp = 0, err = 0;

	if (!stack || !visited) {
		err = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		const struct bpf_insn *insn = &env->insns[i];
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		int sub = subprog_of(env, i), end = env->subprogs[sub].end;

		if (isa_is_ld_imm64(insn)) {
			if (i + 1 >= n || env->insns[i + 1].code || env->insns[i + 1].dst_reg ||
			    env->insns[i + 1].src_reg || env->insns[i + 1].off) {
				env->cur = NULL;
				vx_err(env, "invalid bpf_ld_imm64 insn");
				env->err_insn = i;
				err = -EINVAL;
				goto out;
			}
			i++;
			continue;
		}
		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT) {
			int t = i + (cls == BPF_JMP32 && op == BPF_JA ? insn->imm : insn->off) + 1;

			if (t < env->subprogs[sub].start || t >= end) {
				vx_err(env, "jump out of range from insn %d to %d", i, t);
				env->err_insn = i;
				err = -EINVAL;
				goto out;
			}
			if (t > 0 && isa_is_ld_imm64(&env->insns[t - 1])) {
				vx_err(env, "jump to the middle of ldimm64 insn %d", t);
				env->err_insn = i;
				err = -EINVAL;
				goto out;
			}
			env->aux[t].prune_point = true;
			if (op != BPF_JA) {
				env->aux[i].prune_point = true;
				if (op == BPF_JCOND)
					env->aux[i].force_checkpoint = true;
			}
		}
		if (cls == BPF_JMP && op == BPF_CALL) {
			if (i + 1 < n)
				env->aux[i + 1].prune_point = true;
			if (insn->src_reg == BPF_PSEUDO_CALL) {
				int t = i + insn->imm + 1;
				bool ok = false;

				for (int s = 0; s < env->subprog_cnt; s++)
					ok |= env->subprogs[s].start == t;
				if (!ok) {
					vx_err(env, "function calls to insn %d, not a subprogram", t);
					env->err_insn = i;
					err = -EINVAL;
					goto out;
				}
				env->aux[i].prune_point = true;
				env->aux[t].prune_point = true;
			} else if (insn->src_reg == 0 &&
				   (insn->imm == BPF_FUNC_loop || insn->imm == BPF_FUNC_for_each_map_elem ||
				    insn->imm == BPF_FUNC_find_vma ||
				    insn->imm == BPF_FUNC_user_ringbuf_drain)) {
				/* kernel: is_sync_callback_calling_insn() */
				env->aux[i].calls_callback = true;
				env->aux[i].force_checkpoint = true;
				env->aux[i].prune_point = true;
			} else if (insn->src_reg == 0 && insn->imm == BPF_FUNC_timer_set_callback) {
				env->aux[i].prune_point = true; /* asynchronous: no iteration */
			}
		}
	}
	mark_changes_pkt_data(env);
	/* kernel: check_btf_func(): a subprogram with LD_ABS returns an int */
	for (int s = 1; s < env->subprog_cnt; s++) {
		bool ld_abs = false;

		for (int i = env->subprogs[s].start; i < env->subprogs[s].end; i++)
			ld_abs |= BPF_CLASS(env->insns[i].code) == BPF_LD &&
				  (BPF_MODE(env->insns[i].code) == BPF_ABS ||
				   BPF_MODE(env->insns[i].code) == BPF_IND);
		if (ld_abs && !btf_func_returns_scalar(env->obj->btf, env->prog->subprogs[s].name)) {
			vx_err(env, "LD_ABS is only allowed in functions that return 'int'.");
			env->err_insn = env->subprogs[s].start;
			err = -EINVAL;
			goto out;
		}
	}
	for (int s = 0; s < env->subprog_cnt; s++) {
		int last = env->subprogs[s].end - 1;
		const struct bpf_insn *insn;

		if (last < env->subprogs[s].start)
			continue;
		insn = &env->insns[last];
		if (last > 0 && isa_is_ld_imm64(&env->insns[last - 1]))
			insn = &env->insns[last - 1];
		if (!((BPF_CLASS(insn->code) == BPF_JMP || BPF_CLASS(insn->code) == BPF_JMP32) &&
		      (BPF_OP(insn->code) == BPF_EXIT || BPF_OP(insn->code) == BPF_JA))) {
			vx_err(env, "last insn is not an exit or jmp");
			env->err_insn = last;
			err = -EINVAL;
			goto out;
		}
	}

	/* reachability: from the entry, through jumps, calls and callbacks */
	stack[sp++] = 0;
	visited[0] = true;
	while (sp) {
		int i = stack[--sp];
		const struct bpf_insn *insn = &env->insns[i];
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		int succ[3], ns = 0;

		if (isa_is_ld_imm64(insn)) {
			visited[i + 1] = true;
			succ[ns++] = i + 2;
			if (insn->src_reg == BPF_PSEUDO_FUNC)
				succ[ns++] = i + insn->imm + 1;
		} else if (cls == BPF_JMP || cls == BPF_JMP32) {
			if (op == BPF_EXIT) {
				ns = 0;
			} else if (op == BPF_CALL) {
				succ[ns++] = i + 1;
				if (insn->src_reg == BPF_PSEUDO_CALL)
					succ[ns++] = i + insn->imm + 1;
			} else if (op == BPF_JA) {
				succ[ns++] = i + (cls == BPF_JMP ? insn->off : insn->imm) + 1;
			} else {
				succ[ns++] = i + 1;
				succ[ns++] = i + insn->off + 1;
			}
		} else {
			succ[ns++] = i + 1;
		}
		for (int k = 0; k < ns; k++) {
			int t = succ[k];

			if (t < 0 || t >= n) {
				vx_err(env, "jump out of range from insn %d to %d", i, t);
				env->err_insn = i;
				err = -EINVAL;
				goto out;
			}
			if (!visited[t]) {
				visited[t] = true;
				stack[sp++] = t;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		if (!visited[i]) {
			vx_err(env, "unreachable insn %d", i);
			env->err_insn = i;
			err = -EINVAL;
			goto out;
		}
	}
out:
	free(stack);
	free(visited);
	return err;
}

/* kernel: bpf_lsm_disabled_hooks, the hooks BPF may not attach to */
static bool lsm_hook_disabled(const char *hook_fn)
{
	static const char *const disabled[] = {
		"bpf_lsm_vm_enough_memory", "bpf_lsm_inode_need_killpriv",
		"bpf_lsm_inode_getsecurity", "bpf_lsm_inode_listsecurity",
		"bpf_lsm_inode_copy_up_xattr", "bpf_lsm_getselfattr", "bpf_lsm_getprocattr",
		"bpf_lsm_setprocattr", "bpf_lsm_key_getsecurity", "bpf_lsm_audit_rule_match",
		"bpf_lsm_xfrm_decode_session", "bpf_lsm_ismaclabel",
	};

	for (size_t i = 0; i < sizeof(disabled) / sizeof(disabled[0]); i++)
		if (!strcmp(hook_fn, disabled[i]))
			return true;
	return false;
}

/*
 * kernel: bpf_lsm_get_retval_range(): 0 or 1 for the bool hooks, else 0
 * or a negative errno; void hooks have no range.
 */
static void lsm_retval_range(struct env *env, const char *hook_fn)
{
	static const char *const bool_hooks[] = {
		"bpf_lsm_xfrm_state_pol_flow_match", "bpf_lsm_audit_rule_known",
		"bpf_lsm_inode_xattr_skipcap",
	};

	if (!btf_proto_returns_value(env->attach_btf, env->attach_proto))
		return;
	env->has_retval_range = true;
	env->retval_min = -4095;
	env->retval_max = 0;
	for (size_t i = 0; i < sizeof(bool_hooks) / sizeof(bool_hooks[0]); i++) {
		if (!strcmp(hook_fn, bool_hooks[i])) {
			env->retval_min = 0;
			env->retval_max = 1;
		}
	}
}

/*
 * fentry/fexit/fmod_ret/tp_btf: the attach target's prototype types the
 * context (kernel: bpf_check_attach_target()).  Returns non-zero, with
 * res filled in, when the target cannot be found.
 */
static int tracing_target(struct env *env, const struct obj *obj, const struct obj_prog *prog,
			  const struct vx_options *opts, struct vx_result *res)
{
	const char *sec = prog->sec_name[0] == '?' ? prog->sec_name + 1 : prog->sec_name;
	const char *slash = strchr(sec, '/');
	const struct btf *kbtf = opts && opts->kernel_btf ? opts->kernel_btf : obj->btf;
	u32 at = prog->attach_type;

	char hook[160];
	bool lsm = prog->type == BPF_PROG_TYPE_LSM;

	env->btf = kbtf;
	if (lsm ? at != BPF_LSM_MAC :
		  at != BPF_TRACE_FENTRY && at != BPF_TRACE_FEXIT && at != BPF_MODIFY_RETURN &&
		  at != BPF_TRACE_RAW_TP) {
		res->verdict = VX_UNSUPPORTED;
		snprintf(res->msg, sizeof(res->msg), "unsupported program type %s (attach type %u)",
			 lsm ? "lsm" : "tracing", at);
		return 1;
	}
	/* fexit, fmod_ret and LSM programs may read the return value after the args */
	env->is_fexit = lsm || at == BPF_TRACE_FEXIT || at == BPF_MODIFY_RETURN;
	if (lsm && slash) {
		/* an LSM hook's BTF is that of its default, bpf_lsm_<hook>() */
		snprintf(hook, sizeof(hook), "bpf_lsm_%s", slash + 1);
		slash = hook - 1;
	}
	if (opts && opts->attach_btf && opts->attach_proto_id) {
		env->attach_btf = opts->attach_btf;
		env->attach_proto = opts->attach_proto_id;
		return 0;
	}
	if (opts && opts->kernel_btf && slash)
		env->attach_proto = btf_attach_proto(opts->kernel_btf, slash + 1,
						     at == BPF_TRACE_RAW_TP, &env->attach_skip);
	if (!env->attach_proto) {
		res->verdict = VX_UNSUPPORTED;
		/* %.100s: a section name is not a message */
		snprintf(res->msg, sizeof(res->msg),
			 "%s program: attach target '%.100s' not found in the kernel BTF%s",
			 lsm ? "lsm" : "tracing", slash ? slash + 1 : sec,
			 !(opts && opts->kernel_btf) ? " (none given)" :
			 lsm ? "" : " (a BPF program target needs --attach-prog)");
		return 1;
	}
	env->attach_btf = opts->kernel_btf;
	if (lsm && lsm_hook_disabled(slash + 1)) {
		/* kernel: bpf_lsm_verify_prog() */
		res->verdict = VX_REJECTED;
		snprintf(res->msg, sizeof(res->msg), "attach_btf_id %u points to disabled hook %.100s",
			 env->attach_proto, slash + 1);
		return 1;
	}
	if (lsm)
		lsm_retval_range(env, slash + 1);
	return 0;
}

/*
 * kernel: do_check_subprogs(): every global subprogram some path calls is
 * verified on its own, from the arguments its prototype describes, until
 * no newly called one is left.
 */
static int check_global_subprogs(struct env *env)
{
	bool again = true;

	while (again) {
		again = false;
		for (int i = 1; i < env->subprog_cnt; i++) {
			struct global_info *gi = &env->globals[i];
			int err;

			if (!gi->is_global || !gi->called || gi->verified)
				continue;
			gi->verified = true;
			again = true;
			vx_log(env, "Validating %s() func#%d...\n", env->prog->subprogs[i].name, i);
			err = explore_reset(env);
			if (err)
				return err;
			vstate_free(env->cur);
			env->cur = vstate_new();
			if (!env->cur || !(env->cur->frame[0] = calloc(1, sizeof(struct func_state))))
				return -ENOMEM;
			init_func_state(env->cur->frame[0], -1, 0, (u32)i);
			global_init_args(env, i, env->cur->frame[0]);
			env->cur->branches = 1;
			env->cur->insn_idx = (u32)env->subprogs[i].start;
			env->verifying_global = i;
			err = do_check(env);
			env->verifying_global = 0;
			if (err)
				return err;
		}
	}
	return 0;
}

/* Program types whose subprograms may get a private stack (6.12: bpf_enable_priv_stack()) */
static bool may_have_priv_stack(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_KPROBE: case BPF_PROG_TYPE_TRACEPOINT: case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT: case BPF_PROG_TYPE_TRACING:
		return true;
	}
	return false;
}

/*
 * kernel: check_max_stack_depth_subprog(), walked over the static call
 * graph (calls and callback references): at most MAX_CALL_FRAMES frames,
 * and stack frames (rounded up to 16 bytes, as for the JIT) adding up to
 * at most 512 bytes unless the program type may use a private stack.
 */
static int check_stack_depth_from(struct env *env, int idx, int frame, int depth)
{
	depth += (env->subprogs[idx].stack_depth + 15) / 16 * 16;
	if (!may_have_priv_stack(env->prog_type) && depth > MAX_BPF_STACK) {
		vx_err(env, "combined stack size of %d calls is %d. Too large", frame + 1, depth);
		return -EACCES;
	}
	for (int i = env->subprogs[idx].start; i < env->subprogs[idx].end; i++) {
		const struct bpf_insn *insn = &env->insns[i];
		int sidx, err;

		if (!isa_is_pseudo_call(insn) &&
		    !(isa_is_ld_imm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC))
			continue;
		sidx = subprog_of(env, i + insn->imm + 1);
		if (frame + 1 >= MAX_CALL_FRAMES) {
			if (env->cur)
				env->cur->insn_idx = (u32)i; /* vx_err() reports it */
			vx_err(env, "the call stack of %d frames is too deep !", frame + 1);
			return -E2BIG;
		}
		err = check_stack_depth_from(env, sidx, frame + 1, depth);
		if (err)
			return err;
	}
	return 0;
}

static int init_env(struct env *env, const struct obj *obj, const struct obj_prog *prog,
		    const struct vx_options *opts, struct vx_result *res)
{
	env->obj = obj;
	env->prog = prog;
	env->opts = opts;
	env->res = res;
	env->insns = prog->insns;
	env->insn_cnt = (int)prog->insn_cnt;
	env->prog_type = prog->type;
	if (!env->btf)
		env->btf = opts && opts->kernel_btf ? opts->kernel_btf : obj->btf;
	env->expected_attach_type = prog_fixup_attach_type(prog->type, prog->attach_type);
	env->allow_ptr_leaks = true;
	env->strict_alignment = opts && opts->strict_alignment;
	env->log = opts ? opts->log : NULL;
	env->unsound = opts ? opts->unsound : VX_SOUND;
	env->log_level = opts ? opts->log_level : 0;
	env->err_insn = -1;
	env->aux = calloc((size_t)env->insn_cnt + 1, sizeof(*env->aux));
	env->explored = calloc((size_t)env->insn_cnt + 1, sizeof(*env->explored));
	env->subprog_cnt = prog->subprog_cnt ? (int)prog->subprog_cnt : 1;
	if (opts && opts->summaries) {
		env->summaries = calloc((size_t)env->insn_cnt + 1, sizeof(*env->summaries));
		if (!env->summaries)
			return -ENOMEM;
	}
	env->subprogs = calloc((size_t)env->subprog_cnt, sizeof(*env->subprogs));
	env->globals = calloc((size_t)env->subprog_cnt, sizeof(*env->globals));
	if (!env->aux || !env->explored || !env->subprogs || !env->globals)
		return -ENOMEM;
	for (int i = 0; i < env->subprog_cnt; i++) {
		if (prog->subprog_cnt) {
			env->subprogs[i].start = (int)prog->subprogs[i].start;
			env->subprogs[i].end = (int)(prog->subprogs[i].start + prog->subprogs[i].len);
		} else {
			env->subprogs[i].end = env->insn_cnt;
		}
	}
	return 0;
}

static void free_env(struct env *env)
{
	explore_free(env);
	facts_free(env);
	vstate_free(env->cur);
	free(env->aux);
	free(env->subprogs);
	free(env->globals);
	free(env->live_regs);
	free(env->summaries);
}

int vx_analyze(const struct obj *obj, const struct obj_prog *prog, const struct vx_options *opts,
	       struct vx_result *res)
{
	struct env env;
	int err;

	memset(res, 0, sizeof(*res));
	memset(&env, 0, sizeof(env));
	res->err_insn = -1;
	if (prog->type == BPF_PROG_TYPE_TRACING || prog->type == BPF_PROG_TYPE_LSM) {
		if (tracing_target(&env, obj, prog, opts, res))
			return 0; /* res says why it is unsupported */
	} else if (!prog_type_supported(prog->type)) {
		res->verdict = VX_UNSUPPORTED;
		snprintf(res->msg, sizeof(res->msg), "unsupported program type %s",
			 prog_type_name(prog->type));
		return 0;
	}
	if (!prog->insn_cnt) {
		res->verdict = VX_REJECTED;
		snprintf(res->msg, sizeof(res->msg), "empty program");
		return 0;
	}
	err = init_env(&env, obj, prog, opts, res);
	if (err)
		goto oom;
	err = check_cfg(&env);
	if (err == -ENOMEM)
		goto oom;
	if (!err) {
		if (compute_live_regs(&env))
			goto oom;
		env.cur = vstate_new();
		if (!env.cur || !(env.cur->frame[0] = calloc(1, sizeof(struct func_state))))
			goto oom;
		init_func_state(env.cur->frame[0], -1, 0, 0);
		env.cur->branches = 1;
		struct reg_state *r1 = &env.cur->frame[0]->regs[BPF_REG_1];
		__mark_reg_known_zero(r1);
		r1->type = PTR_TO_CTX;
		r1->map_idx = -1;
		err = do_check(&env);
		if (!err)
			err = check_global_subprogs(&env);
		if (!err)
			err = check_stack_depth_from(&env, 0, 0, 0);
		/* -ENOMEM also reports "too complex": only a failed allocation has no verdict */
		if (err == -ENOMEM && (env.oom || !env.errmsg[0]))
			goto oom;
	}
	res->verdict = err ? VX_REJECTED : VX_ACCEPTED;
	if (err) {
		if (!env.errmsg[0])
			snprintf(env.errmsg, sizeof(env.errmsg), "verifier-ext error %d", err);
		memcpy(res->msg, env.errmsg, sizeof(res->msg));
		res->err_insn = env.err_insn;
	}
	res->insns_processed = env.insn_processed;
	res->states_total = env.total_states;
	res->peak_states = env.peak_states;
	if (facts_finish(&env))
		goto oom;
	res->summaries = env.summaries; /* the caller's now */
	env.summaries = NULL;
	free_env(&env);
	return 0;
oom:
	free_env(&env);
	vx_result_free(res);
	snprintf(res->msg, sizeof(res->msg), "out of memory");
	return -ENOMEM;
}

void vx_result_free(struct vx_result *res)
{
	for (unsigned i = 0; i < res->fact_cnt; i++)
		free(res->facts[i].seen);
	free(res->facts);
	free(res->reached);
	free(res->summaries);
	free(res->stack_args);
	res->stack_args = NULL;
	res->stack_arg_cnt = 0;
	res->summaries = NULL;
	res->facts = NULL;
	res->reached = NULL;
	res->fact_cnt = 0;
}
