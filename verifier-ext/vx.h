/* SPDX-License-Identifier: MIT */
/*
 * verifier-ext internals: the Linux 6.12 verifier's abstract state.
 *
 * Names follow kernel/bpf/verifier.c and include/linux/bpf_verifier.h so
 * that a reader can hold the two side by side; every function that mirrors
 * a kernel one says which in a comment.  Nothing outside verifier-ext/
 * includes this file: other components use verifier.h.
 */
#ifndef BPFKASAN_VX_H
#define BPFKASAN_VX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "isa/isa.h"
#include "object/object.h"
#include "verifier.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define S64_MIN INT64_MIN
#define S64_MAX INT64_MAX
#define U64_MAX UINT64_MAX
#define S32_MIN INT32_MIN
#define S32_MAX INT32_MAX
#define U32_MAX UINT32_MAX

/* ---- tnum.c: tristate numbers (kernel/bpf/tnum.c) ---------------------- */

/* A bit is known when its mask bit is 0; then it equals the value bit. */
struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(v, m) ((struct tnum){ .value = (v), .mask = (m) })
extern const struct tnum tnum_unknown;

struct tnum tnum_const(u64 value);
struct tnum tnum_range(u64 min, u64 max);
struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness);
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
struct tnum tnum_intersect(struct tnum a, struct tnum b);
struct tnum tnum_cast(struct tnum a, u8 size);
bool tnum_is_aligned(struct tnum a, u64 size);
bool tnum_in(struct tnum a, struct tnum b);
struct tnum tnum_subreg(struct tnum a);
struct tnum tnum_clear_subreg(struct tnum a);
struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg);
struct tnum tnum_const_subreg(struct tnum a, u32 value);
int tnum_sbin(char *str, size_t size, struct tnum a);
int tnum_strn(char *str, size_t size, struct tnum a);

static inline bool tnum_is_const(struct tnum a) { return !a.mask; }
static inline bool tnum_equals_const(struct tnum a, u64 b)
{
	return tnum_is_const(a) && a.value == b;
}
static inline bool tnum_is_unknown(struct tnum a) { return !~a.mask; }
static inline bool tnum_subreg_is_const(struct tnum a)
{
	return !(tnum_subreg(a)).mask;
}

/* ---- register and stack state (include/linux/bpf_verifier.h) ---------- */

#define BPF_BASE_TYPE_BITS 8
#define BPF_BASE_TYPE_MASK 0xffu
#define VX_BIT(n) (1u << (n))

enum bpf_type_flag {
	PTR_MAYBE_NULL = VX_BIT(0 + BPF_BASE_TYPE_BITS),
	MEM_RDONLY = VX_BIT(1 + BPF_BASE_TYPE_BITS),
	MEM_RINGBUF = VX_BIT(2 + BPF_BASE_TYPE_BITS),
	MEM_USER = VX_BIT(3 + BPF_BASE_TYPE_BITS),
	MEM_PERCPU = VX_BIT(4 + BPF_BASE_TYPE_BITS),
	OBJ_RELEASE = VX_BIT(5 + BPF_BASE_TYPE_BITS),
	PTR_UNTRUSTED = VX_BIT(6 + BPF_BASE_TYPE_BITS),
	MEM_UNINIT = VX_BIT(7 + BPF_BASE_TYPE_BITS),
	MEM_FIXED_SIZE = VX_BIT(10 + BPF_BASE_TYPE_BITS),
	MEM_ALLOC = VX_BIT(11 + BPF_BASE_TYPE_BITS),
	PTR_TRUSTED = VX_BIT(12 + BPF_BASE_TYPE_BITS),
	MEM_RCU = VX_BIT(13 + BPF_BASE_TYPE_BITS),
	MEM_ALIGNED = VX_BIT(17 + BPF_BASE_TYPE_BITS),
	MEM_WRITE = VX_BIT(18 + BPF_BASE_TYPE_BITS),
};

enum bpf_reg_type {
	NOT_INIT = 0,
	SCALAR_VALUE,
	PTR_TO_CTX,
	CONST_PTR_TO_MAP,
	PTR_TO_MAP_VALUE,
	PTR_TO_MAP_KEY,
	PTR_TO_STACK,
	PTR_TO_PACKET_META,
	PTR_TO_PACKET,
	PTR_TO_PACKET_END,
	PTR_TO_FLOW_KEYS,
	PTR_TO_SOCKET,
	PTR_TO_SOCK_COMMON,
	PTR_TO_TCP_SOCK,
	PTR_TO_TP_BUFFER,
	PTR_TO_XDP_SOCK,
	PTR_TO_BTF_ID,
	PTR_TO_MEM,
	PTR_TO_ARENA,
	PTR_TO_BUF,
	PTR_TO_FUNC,
	CONST_PTR_TO_DYNPTR,
	__BPF_REG_TYPE_MAX,
};

static inline u32 base_type(u32 type) { return type & BPF_BASE_TYPE_MASK; }
static inline u32 type_flag(u32 type) { return type & ~BPF_BASE_TYPE_MASK; }
static inline bool type_may_be_null(u32 type) { return type & PTR_MAYBE_NULL; }

/* kernel: BPF_MAX_VAR_OFF, BPF_MAX_VAR_SIZ, MAX_PACKET_OFF */
#define BPF_MAX_VAR_OFF (1 << 29)
#define BPF_MAX_VAR_SIZ (1 << 29)
#define MAX_PACKET_OFF 0xffff
#define MAX_BPF_STACK 512
#define BPF_REG_SIZE 8
#define MAX_CALL_FRAMES 8
#ifndef MAX_BPF_REG
#define MAX_BPF_REG 11
#endif
#define BPF_COMPLEXITY_LIMIT_INSNS 1000000
#define VX_MAP_TYPE_ARENA 33
#define VX_PROG_TYPE_NETFILTER 32 /* BPF_PROG_TYPE_NETFILTER (6.4) */ /* BPF_MAP_TYPE_ARENA (6.9), newer than the 6.1 UAPI */

/*
 * One register (struct bpf_reg_state).  For a pointer, the address is
 * base + off + var_off, where var_off and the min/max bounds describe the
 * variable part; for a scalar they describe the value itself.
 */
struct reg_state {
	u32 type;      /* enum bpf_reg_type | enum bpf_type_flag */
	s32 off;       /* fixed offset (pointers only) */
	/* pointer kind specific (kernel's union) */
	s32 map_idx;   /* CONST_PTR_TO_MAP, PTR_TO_MAP_{VALUE,KEY}: index in obj->maps */
	u32 mem_size;  /* PTR_TO_MEM, PTR_TO_BUF, PTR_TO_TP_BUFFER, ctx size */
	s32 range;     /* PTR_TO_PACKET*: bytes proved readable past off */
	u32 btf_id;    /* PTR_TO_BTF_ID: type id in the object's BTF, or 0 */
	s32 subprogno; /* PTR_TO_FUNC */
	struct tnum var_off;
	s64 smin_value, smax_value;
	u64 umin_value, umax_value;
	s32 s32_min_value, s32_max_value;
	u32 u32_min_value, u32_max_value;
	/* Same id: copies of one value (scalars, packet pointers, or_null). */
	u32 id;
	u32 ref_obj_id; /* reference this pointer carries, 0 if none */
	u32 frameno;    /* PTR_TO_STACK: frame whose stack it points into */
	bool precise;
	u8 live;        /* REG_LIVE_* */
};

/* kernel: BPF_ADD_CONST, folded into id for "r1 = r2 + const" links */
#define BPF_ADD_CONST (1u << 31)

enum {
	REG_LIVE_NONE = 0,
	REG_LIVE_READ32 = 1,
	REG_LIVE_READ64 = 2,
	REG_LIVE_READ = REG_LIVE_READ32 | REG_LIVE_READ64,
	REG_LIVE_WRITTEN = 4,
	REG_LIVE_DONE = 8,
};

/* enum bpf_stack_slot_type */
enum {
	STACK_INVALID = 0,
	STACK_SPILL,
	STACK_MISC,
	STACK_ZERO,
	STACK_DYNPTR,
	STACK_ITER,
	STACK_IRQ_FLAG,
};

struct stack_slot {
	struct reg_state spilled_ptr; /* valid when slot_type[7] == STACK_SPILL */
	u8 slot_type[BPF_REG_SIZE];   /* byte i of the slot, from the top */
};

#define MAX_STACK_SLOTS (MAX_BPF_STACK / BPF_REG_SIZE)

/* struct bpf_func_state: one call frame */
struct func_state {
	struct reg_state regs[MAX_BPF_REG];
	struct stack_slot stack[MAX_STACK_SLOTS]; /* stack[i]: bytes -8(i+1) .. -8i-1 */
	int allocated_stack; /* bytes, multiple of 8 */
	int callsite;        /* insn index of the call, -1 for the main frame */
	u32 frameno;
	u32 subprogno;
	/* callbacks (bpf_loop, for_each_map_elem) */
	bool in_callback_fn;
	bool in_async_callback_fn; /* timer callbacks: their exit ends the path */
	struct tnum callback_ret_range_unused;
	s64 callback_ret_min, callback_ret_max;
	u32 callback_depth;
};

/* struct bpf_reference_state */
struct ref_state {
	u32 id;
	int insn_idx; /* where it was acquired */
	enum { REF_TYPE_PTR, REF_TYPE_LOCK } type;
};

#define VX_MAX_REFS 64

/* struct bpf_verifier_state */
struct vstate {
	struct func_state *frame[MAX_CALL_FRAMES];
	u32 curframe;
	struct ref_state refs[VX_MAX_REFS];
	u32 ref_cnt;
	u32 active_lock_id;   /* id of the held bpf_spin_lock's map value, 0 if none */
	s32 active_lock_map;  /* its map */
	u32 active_rcu_lock;
	bool speculative;
	u32 insn_idx;
	u32 first_insn_idx, last_insn_idx;
	u32 dfs_depth;
	u32 callback_unroll_depth;
	u32 may_goto_depth;
	/* loop detection: the checkpoint this state descends from (kernel: parent) */
	struct vstate *parent;
	u32 branches;
};

/* ---- the environment (struct bpf_verifier_env) ------------------------- */

struct subprog_info {
	int start;         /* first insn */
	int end;           /* one past the last */
	int stack_depth;
	bool has_tail_call;
	bool is_cb;        /* used as a callback */
	bool is_global;    /* BTF linkage global: verified on its own */
	bool has_ld_abs;
	bool changes_pkt_data; /* it or a callee calls a helper that moves packet data */
};

struct insn_aux {
	bool seen;          /* reached by some path */
	bool prune_point;   /* a place to checkpoint states (kernel: prune_point) */
	bool jmp_point;
	bool force_checkpoint;
	bool calls_callback;
	u32 ptr_type_seen;  /* for the "same insn, different pointer types" rule */
	struct vx_seen_set *facts; /* per-access record for verifier.h */
};

/* A global function's argument, from its BTF prototype (kernel: bpf_subprog_arg_info) */
struct global_arg {
	enum { GARG_SCALAR, GARG_CTX, GARG_MEM, GARG_TRUSTED } kind;
	bool nullable;
	u32 mem_size;
	u32 btf_id;      /* GARG_TRUSTED: the kernel struct, 0 if not in the BTF */
};

enum { GARG_TAG_CTX = 1, GARG_TAG_NONNULL = 2, GARG_TAG_NULLABLE = 4, GARG_TAG_TRUSTED = 8 };

struct global_info {
	bool prepared;     /* global_prepare() ran */
	int prepare_err;
	bool is_global;    /* BTF_FUNC_GLOBAL: verified on its own */
	bool called;       /* some path calls it: verify it after the main program */
	bool verified;
	int nargs;
	struct global_arg args[5];
};

struct env; /* below */

/* A list of explored states that reached one prune point. */
struct state_list {
	struct state_node *head;
	u32 cnt;
	u32 miss_cnt;
};

struct state_node {
	struct vstate *state;
	struct state_node *next;
	u32 miss_cnt, hit_cnt;
};

struct env {
	const struct obj *obj;
	const struct obj_prog *prog;
	const struct vx_options *opts;
	enum vx_unsound unsound;
	const struct bpf_insn *insns;
	int insn_cnt;
	u32 prog_type;          /* enum bpf_prog_type */
	const struct btf *btf;  /* kernel types for PTR_TO_BTF_ID (vmlinux, or the object's) */
	/* tracing programs: the attach target's prototype */
	const struct btf *attach_btf;
	u32 attach_proto;
	int attach_skip;
	bool is_fexit;
	bool has_retval_range; /* LSM: kernel bpf_lsm_get_retval_range() */
	s32 retval_min, retval_max;
	u32 expected_attach_type;
	bool allow_ptr_leaks;   /* privileged: always true for bpfkasan */
	bool strict_alignment;
	struct subprog_info *subprogs;
	int subprog_cnt;
	struct global_info *globals; /* per subprogram */
	int verifying_global;        /* the global subprogram being verified, 0: main */
	struct insn_aux *aux;
	struct vx_stack_arg *stack_args; /* facts.c: record_stack_arg() */
	unsigned stack_arg_cnt, stack_arg_cap;
	struct state_list *explored; /* per insn */
	struct state_node *evicted;  /* evicted while still an ancestor */
	struct vstate *cur;
	/* DFS stack of pending branches (kernel: push_stack/pop_stack) */
	struct pending *stack_head;
	u32 stack_size;
	u32 insn_processed;
	bool oom;               /* an allocation failed: no verdict */
	u32 jmps_processed, prev_jmps_processed, prev_insn_processed;
	u16 *live_regs;         /* per insn: bit r set when Rr may be read later (prune.c) */
	u32 total_states, peak_states, cur_states;
	u32 id_gen;
	u32 prev_insn_idx;
	int err_insn;
	char errmsg[256];
	FILE *log;
	unsigned log_level;
	struct vx_result *res;
	struct vx_insn_summary *summaries; /* when opts->summaries; handed to res */
};

/* ---- bounds.c: scalar bounds (verifier.c) ------------------------------ */

void __mark_reg_known(struct reg_state *reg, u64 imm);
void __mark_reg_known_zero(struct reg_state *reg);
void __mark_reg32_known(struct reg_state *reg, u64 imm);
void __mark_reg_unbounded(struct reg_state *reg);
void __mark_reg64_unbounded(struct reg_state *reg);
void __mark_reg32_unbounded(struct reg_state *reg);
void __mark_reg_unknown_imprecise(struct reg_state *reg); /* scalar, all unknown */
void __update_reg_bounds(struct reg_state *reg);
void reg_bounds_sync(struct reg_state *reg);
bool reg_bounds_sane(const struct reg_state *reg); /* kernel: reg_bounds_sanity_check minus logging */
void __reg_combine_64_into_32(struct reg_state *reg);
void __reg_combine_32_into_64(struct reg_state *reg);
void coerce_reg_to_size(struct reg_state *reg, int size);
void coerce_reg_to_size_sx(struct reg_state *reg, int size);
void coerce_subreg_to_size_sx(struct reg_state *reg, int size);
void zext_32_to_64(struct reg_state *reg);
bool register_is_const(const struct reg_state *reg);
bool range_within(const struct reg_state *old, const struct reg_state *cur);

/*
 * scalar_alu.c: adjust_scalar_min_max_vals() for every ALU/ALU64 opcode
 * with a scalar destination and a scalar source.  `alu32` selects the
 * 32-bit form (result zero-extended).  Returns 0, or -EACCES with a
 * kernel-style message in msg for the cases the kernel rejects (none for
 * scalars, in practice; kept for symmetry).  Division and modulo follow
 * the kernel (6.12: unknown result unless both are constants).
 */
int adjust_scalar_min_max_vals(struct reg_state *dst, struct reg_state src,
			       u8 opcode, bool alu32);
/* the 5.10 bug behind VX_UNSOUND_CVE_2021_3490; false: not applicable */
bool scalar_bitwise_cve_2021_3490(struct reg_state *dst, const struct reg_state *src,
				  u8 opcode, bool alu32);
/* kernel: maybe_fork_scalars(), the decision: 64 or 32 to split dst, 0 not */
int maybe_fork_scalars_width(const struct reg_state *dst, const struct reg_state *src, u8 opcode);

/*
 * scalar_branch.c:
 * is_scalar_branch_taken(): 1 if the condition always holds, 0 if it never
 * holds, -1 if unknown (kernel is_scalar_branch_taken()).
 * regs_refine_cond_op(): refine both operands assuming `opcode` holds
 * (kernel regs_refine_cond_op(), for scalars; callers pass
 * rev_opcode(opcode) for the false edge, as 6.12's reg_set_min_max() does,
 * then call reg_bounds_sync() on both).
 */
int is_scalar_branch_taken(struct reg_state *r1, struct reg_state *r2,
			   u8 opcode, bool is_jmp32);
void regs_refine_cond_op(struct reg_state *r1, struct reg_state *r2,
			 u8 opcode, bool is_jmp32);
/* As in 6.12 (names are the kernel's): */
u8 rev_opcode(u8 opcode);   /* the false edge's condition: JGT -> JLE, JEQ -> JNE */
u8 flip_opcode(u8 opcode);  /* same condition with operands swapped: JGT -> JLT */

/* ---- prog_types.c: context layouts per program type -------------------- */

enum bpf_access_type { BPF_READ = 1, BPF_WRITE = 2 };

/* struct bpf_insn_access_aux: what a ctx load produces */
struct ctx_access_info {
	u32 reg_type;   /* SCALAR_VALUE or a pointer type (packet, sk, ...) */
	u32 btf_id;     /* for PTR_TO_BTF_ID results */
	int ctx_field_size; /* for narrow loads; 0 if not a narrow-load field */
};

/* Is `type` one of the program types verifier-ext knows? */
bool prog_type_supported(u32 prog_type);
const char *prog_type_name(u32 prog_type);
/*
 * kernel: env->ops->is_valid_access().  Returns true when a `size`-byte
 * access of `type` at ctx offset `off` is allowed for prog_type (and
 * attach type); info receives the loaded register's type.
 */
bool ctx_is_valid_access(u32 prog_type, u32 expected_attach_type, int off,
			 int size, enum bpf_access_type type,
			 struct ctx_access_info *info);
/* Size in bytes of the program type's context (for facts). */
u32 ctx_size(u32 prog_type);
/* kernel: may_access_direct_pkt_data() */
bool may_access_direct_pkt_data(u32 prog_type, enum bpf_access_type t);
/* ctx_is_valid_access() for a sign-extending (BPF_MEMSX) load or not */
bool ctx_is_valid_access_ldsx(u32 prog_type, u32 expected_attach_type, int off, int size,
			      enum bpf_access_type type, bool is_ldsx, struct ctx_access_info *info);
/* may_access_direct_pkt_data() with a helper's meta: may it take packet memory? */
bool may_access_direct_pkt_data_meta(u32 prog_type, bool helper_pkt_access,
				     enum bpf_access_type t);
/* kernel: bpf_prog_load_fixup_attach_type() */
u32 prog_fixup_attach_type(u32 prog_type, u32 attach);

/* ---- map_compat.c: kernel check_map_func_compatibility() -------------- */

/* NULL if helper func_id may take a map of map_type, else why not */
const char *map_func_incompatible(u32 map_type, int func_id, u32 prog_type, u32 attach);

/* ---- btf_access.c: kernel objects typed by BTF -------------------------- */

struct btf;
int btf_struct_walk(const struct btf *btf, u32 id, int off, int size, u32 *ptr_id, char *msg,
		    size_t msglen);
u32 btf_struct_id(const struct btf *btf, const char *name);
const char *btf_struct_name(const struct btf *btf, u32 id);
u32 btf_attach_proto(const struct btf *btf, const char *name, bool is_tp_btf, int *skip);
bool btf_proto_returns_value(const struct btf *btf, u32 proto);
bool btf_func_returns_scalar(const struct btf *btf, const char *name);
bool nf_ctx_access(const struct btf *btf, int off, int size, bool is_write,
		   struct ctx_access_info *info);
/* A field of a map value the program may not load or store freely. */
struct special_field {
	u32 off, size;
	const char *name;  /* "bpf_spin_lock", "bpf_timer", ..., "kptr" */
	bool is_kptr;
};
#define VX_MAX_SPECIAL_FIELDS 16
int btf_special_fields(const struct btf *btf, u32 value_type_id, struct special_field *out,
		       int max);
bool btf_ctx_arg_access(const struct btf *proto_btf, u32 proto_id, int skip, bool is_fexit,
			const struct btf *types, int off, int size, struct ctx_access_info *info,
			char *msg, size_t msglen);

/* ---- helper_protos.c: helper prototypes (struct bpf_func_proto) -------- */

enum bpf_arg_type {
	ARG_DONTCARE = 0,
	ARG_CONST_MAP_PTR,
	ARG_PTR_TO_MAP_KEY,
	ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM,
	ARG_PTR_TO_ARENA,
	ARG_CONST_SIZE,
	ARG_CONST_SIZE_OR_ZERO,
	ARG_PTR_TO_CTX,
	ARG_ANYTHING,
	ARG_SCALAR,
	ARG_PTR_TO_SPIN_LOCK,
	ARG_PTR_TO_SOCK_COMMON,
	ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_BTF_ID,
	ARG_PTR_TO_RINGBUF_MEM,
	ARG_CONST_ALLOC_SIZE_OR_ZERO,
	ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	ARG_PTR_TO_PERCPU_BTF_ID,
	ARG_PTR_TO_FUNC,
	ARG_PTR_TO_STACK,
	ARG_PTR_TO_CONST_STR,
	ARG_PTR_TO_TIMER,
	ARG_KPTR_XCHG_DEST,
	ARG_PTR_TO_DYNPTR,
	__BPF_ARG_TYPE_MAX,
};

enum bpf_return_type {
	RET_INTEGER,
	RET_VOID,
	RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_MEM,
	RET_PTR_TO_MEM_OR_BTF_ID,
	RET_PTR_TO_BTF_ID,
	__BPF_RET_TYPE_MAX,
};

/* struct bpf_func_proto, the parts the verifier reads */
struct helper_proto {
	int func_id;
	const char *name;
	u32 ret_type;      /* enum bpf_return_type | flags (PTR_MAYBE_NULL, MEM_RINGBUF...) */
	u32 arg_type[5];   /* enum bpf_arg_type | flags (PTR_MAYBE_NULL, MEM_RDONLY, MEM_UNINIT, MEM_WRITE, OBJ_RELEASE, MEM_FIXED_SIZE) */
	u32 arg_size[5];   /* for MEM_FIXED_SIZE arguments */
	u32 ret_btf_size;  /* RET_PTR_TO_MEM with fixed size (e.g. per-cpu ptr) */
	bool gpl_only;
	bool pkt_access;   /* may take packet pointers as memory arguments */
	bool might_sleep;
	bool changes_pkt_data; /* kernel: bpf_helper_changes_pkt_data() */
	bool acquires;     /* returns a reference (ringbuf reserve, sk lookup) */
};

/*
 * kernel: env->ops->get_func_proto(): the prototype of helper `func_id`
 * for `prog_type`, or NULL when the program type may not call it (the
 * caller reports "unknown func bpf_xxx#N" or "program of this type cannot
 * use helper").
 */
const struct helper_proto *helper_proto(int func_id, u32 prog_type,
					u32 expected_attach_type);
/* BTF struct names of ARG_PTR_TO_BTF_ID arguments / RET_PTR_TO_BTF_ID results */
const char *helper_arg_btf_name(const struct helper_proto *fn, int arg);
const char *helper_ret_btf_name(const struct helper_proto *fn);
bool helper_allow_fastcall(const struct helper_proto *fn);

/* ---- state.c ----------------------------------------------------------- */

struct vstate *vstate_new(void);
void vstate_free(struct vstate *st);
int vstate_copy(struct vstate *dst, const struct vstate *src);
struct func_state *cur_func(struct env *env);
struct reg_state *cur_regs(struct env *env);
void mark_reg_not_init(struct reg_state *reg);
void mark_reg_unknown(struct env *env, struct reg_state *reg);
void mark_reg_known_zero(struct reg_state *reg);
void init_func_state(struct func_state *f, int callsite, u32 frameno, u32 subprogno);

/* ---- log.c ------------------------------------------------------------- */

void vx_err(struct env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vx_log(struct env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *reg_type_str(u32 type, char *buf, size_t len);
void print_verifier_state(struct env *env, const struct func_state *f);

#endif /* BPFKASAN_VX_H */
