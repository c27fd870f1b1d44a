/* SPDX-License-Identifier: MIT */
/*
 * verifier-ext: the Linux 6.12 verifier's type and bounds tracking, in
 * userspace.
 *
 * vx_analyze() explores one linked program (struct obj_prog) as the
 * kernel's do_check() would, in privileged mode, and returns
 *  - the verdict (accepted / rejected with the kernel's message / program
 *    type not supported), with the kernel's statistics;
 *  - for every memory-access instruction, the set of abstract pointers
 *    that reached it (struct access_fact): the input of smt/ and jit-x86/.
 *
 * Nothing here is trusted for elision: smt/ re-proves every fact.
 */
#ifndef BPFKASAN_VERIFIER_H
#define BPFKASAN_VERIFIER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "object/object.h"

struct btf;

enum vx_verdict {
	VX_ACCEPTED = 0,
	VX_REJECTED,    /* the kernel would refuse the program: see msg */
	VX_UNSUPPORTED, /* program type verifier-ext does not model */
};

/*
 * Deliberately unsound analyses, modelled on real past verifier bugs: a
 * debug option that shows smt/ does not trust verifier-ext (tests only).
 */
enum vx_unsound {
	VX_SOUND = 0,
	/* CVE-2020-8835 (5.5-5.6): after a JMP32, __reg_bound_offset32() took the
	 * low 32 bits of the 64-bit range as the 32-bit range */
	VX_UNSOUND_CVE_2020_8835,
	/* CVE-2021-3490 (5.7-5.12): AND/OR/XOR left the 32-bit bounds as they
	 * were when both low halves were known, and nothing reset the
	 * impossible bounds that followed (no reg_bounds_sanity_check()) */
	VX_UNSOUND_CVE_2021_3490,
};

struct vx_options {
	FILE *log;          /* verifier log in the kernel's style, or NULL */
	unsigned log_level; /* 1: kernel log_level 1; 2: state at every insn */
	bool strict_alignment; /* BPF_F_STRICT_ALIGNMENT */
	/* Kernel types (vmlinux BTF) for BTF-typed pointers and tracing
	 * targets; NULL: the object's own BTF. */
	const struct btf *kernel_btf;
	/* A tracing program's attach target when it is not a kernel
	 * function (fentry/fexit on a BPF program, attach_prog_fd): the BTF
	 * and FUNC_PROTO id of the target.  0: look the section's target up
	 * in kernel_btf. */
	const struct btf *attach_btf;
	uint32_t attach_proto_id;
	bool summaries; /* fill vx_result.summaries */
	enum vx_unsound unsound; /* VX_SOUND unless testing smt/'s safety net */
};

/* The pointer kinds a memory access can see (a subset of bpf_reg_type). */
enum vx_region {
	VX_REGION_STACK,
	VX_REGION_CTX,
	VX_REGION_MAP_VALUE,
	VX_REGION_MAP_KEY,
	VX_REGION_PACKET,      /* [data, data + range) */
	VX_REGION_PACKET_META, /* [data_meta, data_meta + range) */
	VX_REGION_FLOW_KEYS,
	VX_REGION_SOCKET,      /* bpf_sock, sock_common, tcp_sock, xdp_sock */
	VX_REGION_MEM,         /* PTR_TO_MEM: helper-returned memory (ringbuf...) */
	VX_REGION_BUF,         /* PTR_TO_BUF, PTR_TO_TP_BUFFER */
	VX_REGION_BTF_ID,      /* kernel object by BTF type: a probe (fault-handled) load */
	VX_REGION_ARENA,
	VX_REGION_PACKET_END,  /* not an object: data_end, for comparisons */
	VX_REGION_MAP_PTR,     /* not an object: the map itself (CONST_PTR_TO_MAP) */
	VX_REGION_OTHER,
	VX_REGION_COUNT,
};

const char *vx_region_name(enum vx_region r);

/*
 * One abstract pointer seen at an access: the address is
 *   base(region) + off + v,  v in var_off, smin <= (s64)v <= smax,
 *   umin <= v <= umax,
 * and the access touches [addr, addr + size).  region_size is the size
 * of the object the base points to (stack: the frame's 512 bytes with the
 * base at the top, i.e. valid offsets are [-512, 0); map: value or key
 * size; packet: `range`, the bytes proved readable past the base; ctx:
 * the context struct's size; mem: mem_size).
 */
struct access_seen {
	enum vx_region region;
	uint32_t reg_type;   /* the kernel's bpf_reg_type with flags */
	int32_t map_idx;     /* map regions: index in obj->maps, else -1 */
	uint32_t frameno;    /* stack: call frame depth */
	int32_t func;        /* stack: first insn of the function whose frame
			      * it is (frames are per function, not per depth,
			      * for jit-x86's stack red zones); else -1 */
	uint64_t region_size;
	int32_t off;
	uint64_t var_value, var_mask; /* tnum */
	int64_t smin, smax;
	uint64_t umin, umax;
	unsigned size;       /* bytes accessed */
};

struct access_fact {
	int insn;            /* index in obj_prog.insns */
	unsigned size;       /* bytes */
	bool is_write;       /* store or atomic */
	bool reached;        /* some explored path executed it */
	unsigned seen_cnt;   /* distinct pointers, at most VX_MAX_SEEN */
	bool seen_overflow;  /* more than VX_MAX_SEEN were merged into the last */
	struct access_seen *seen;
};

#define VX_MAX_SEEN 16

/*
 * A helper's memory argument on the stack, or a global function's (its
 * body sees PTR_TO_MEM, not the stack): at the call `insn`, the callee may
 * touch bytes [lo, hi) of the frame of the function starting at insn
 * `func`, offsets from that frame's r10.  `base` is the pointer's constant
 * part (reg->off); lo/hi span its variable part and the largest size the
 * verifier allowed.  jit-x86 never poisons these bytes.
 */
struct vx_stack_arg {
	int insn;
	int32_t func;
	int32_t base;
	int32_t lo, hi;
	bool var;            /* the pointer's offset is not a constant */
};

/*
 * The join of frame 0's registers over every state that reached an
 * instruction: smt/'s candidate invariants (it checks them, never trusts
 * them).  A pointer's numbers describe its offset from its region's base
 * (off + var); a scalar's its value.
 */
enum vx_value_kind {
	VX_VAL_NONE = 0, /* no state reached with it initialised */
	VX_VAL_SCALAR,
	VX_VAL_PTR,
	VX_VAL_ANY,      /* kinds or regions differ between states */
};

struct vx_value {
	enum vx_value_kind kind;
	enum vx_region region;   /* VX_VAL_PTR */
	int32_t map_idx;         /* map regions when the same map in every state, else -1 */
	uint64_t value_size;     /* map values: their size when the same in every state, else 0 */
	bool maybe_null;         /* a pointer, or NULL (before its null check) */
	int64_t smin, smax;
	uint64_t umin, umax;
	uint64_t var_value, var_mask; /* tnum */
	bool pkt_need_valid;     /* packet: data_end - ptr >= pkt_need in every state */
	int64_t pkt_need;
	/* twins: the lower registers pointing into the packet at a fixed
	 * distance from this one in every state (same id, or both offsets
	 * constant): bit t set when value - r<t>'s == twin_delta[t] */
	uint16_t twins;
	int32_t twin_delta[11];
};

struct vx_insn_summary {
	bool reached;
	bool other_frames;       /* also reached inside a call: frame 0 is not the whole state */
	struct vx_value regs[11];
};

struct vx_result {
	enum vx_verdict verdict;
	int err_insn;        /* rejection point, -1 if none */
	char msg[256];       /* kernel-style message for a rejection */
	unsigned insns_processed;
	unsigned states_total;   /* kernel: total_states */
	unsigned peak_states;
	bool *reached;           /* [insn_cnt] */
	int insn_cnt;
	struct access_fact *facts; /* one per memory-access insn, ascending */
	unsigned fact_cnt;
	struct vx_insn_summary *summaries; /* [insn_cnt] when vx_options.summaries */
	struct vx_stack_arg *stack_args;   /* deduplicated, in no particular order */
	unsigned stack_arg_cnt;
};

/*
 * Analyse `prog` of `obj`.  Returns 0 when a verdict was reached (even a
 * rejection), or a negative errno (-ENOMEM) with a message in res->msg.
 */
int vx_analyze(const struct obj *obj, const struct obj_prog *prog,
	       const struct vx_options *opts, struct vx_result *res);
void vx_result_free(struct vx_result *res);

/* The fact for instruction `insn`, or NULL if it is not a memory access. */
const struct access_fact *vx_fact_at(const struct vx_result *res, int insn);

const char *vx_verdict_name(enum vx_verdict v);

#endif /* BPFKASAN_VERIFIER_H */
