/* SPDX-License-Identifier: MIT */
/*
 * object (internal): CO-RE relocation, mirroring libbpf's relo_core.c.
 *
 * A CO-RE record (from .BTF.ext) says: the instruction at insn_off encodes
 * a property (field offset, size, existence, type id, enum value, ...) of
 * local type type_id reached through the access string; rewrite it with
 * the same property of the matching type in the target (kernel) BTF.
 */
#ifndef BPFKASAN_OBJECT_CORE_H
#define BPFKASAN_OBJECT_CORE_H

#include <bpf/btf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa.h"

/* struct bpf_core_relo of the .BTF.ext format. */
struct core_relo_rec {
	uint32_t insn_off;	 /* byte offset within the section */
	uint32_t type_id;	 /* local BTF type id */
	uint32_t access_str_off; /* "0:1:2" in the local BTF strings */
	uint32_t kind;		 /* enum bpf_core_relo_kind */
};

enum core_outcome {
	CORE_APPLIED = 0,	 /* instruction rewritten with the target's value */
	CORE_POISONED = 1,	 /* no candidate: insn poisoned as libbpf does */
};

struct core_ctx;

/* Candidate lookups are cached in the context; free it with core_ctx_free. */
struct core_ctx *core_ctx_new(const struct btf *local, const struct btf *target);
void core_ctx_free(struct core_ctx *ctx);

/*
 * Apply `rec` to insns (the instructions of the record's section, cnt of
 * them).  Returns CORE_APPLIED or CORE_POISONED, or a negative errno for a
 * malformed record or instruction, with a message in msg.
 */
int core_relocate(struct core_ctx *ctx, const struct core_relo_rec *rec,
		  struct bpf_insn *insns, size_t cnt, char *msg, size_t msglen);

/* Name of a relocation kind ("byte_off", "field_exists", ...), as libbpf prints it. */
const char *core_relo_kind_str(uint32_t kind);

/*
 * What one relocation did, for --verbose output.  Specs are printed as
 * libbpf prints them: "[5] struct outer.in[2].x (0:2:2:0 @ offset 36)",
 * "[9] enum color::BLUE = 7", "[5] struct outer".
 */
struct core_report {
	uint32_t insn_idx;	 /* instruction index within the section */
	uint32_t kind;
	uint64_t orig_val;	 /* the value the compiler encoded, per local BTF */
	uint64_t new_val;	 /* the value written (meaningless when poisoned) */
	uint32_t orig_sz;	 /* load/store size: differs from new_sz when */
	uint32_t new_sz;	 /* the access was resized (0 when not a field) */
	uint32_t target_id;	 /* root type id of the chosen candidate, 0 if none */
	uint32_t matched;	 /* candidates that matched */
	char local_spec[192];
	char target_spec[192];	 /* "" when nothing matched */
};

/* core_relocate(), also describing the outcome in *rep when rep != NULL.
 * For CORE_POISONED, msg says why (no candidate, or a bad load size). */
int core_relocate_report(struct core_ctx *ctx, const struct core_relo_rec *rec,
			 struct bpf_insn *insns, size_t cnt,
			 struct core_report *rep, char *msg, size_t msglen);

/*
 * The CO-RE records of a raw .BTF.ext section (btf_ext__raw_data() or the
 * ELF section's bytes), in file order, section by section.  init validates
 * the header and the whole CO-RE subsection the way libbpf's
 * btf_ext__new() does; next never fails after a successful init.
 */
struct core_ext_iter {
	const uint8_t *pos;	 /* next section header or record */
	const uint8_t *end;
	uint32_t rec_size;
	uint32_t sec_left;	 /* records left in the current section */
	uint32_t sec_name_off;	 /* current section's name in the object's BTF */
	uint32_t rec_idx;	 /* index of the last record returned, within its section */
};

/* Returns the number of CO-RE records (0 when there is no CO-RE
 * subsection), or -EINVAL / -ENOTSUP with a message in msg. */
int core_ext_iter_init(struct core_ext_iter *it, const void *data, size_t size,
		       char *msg, size_t msglen);

/* Next record: true and *rec filled (it->sec_name_off and it->rec_idx tell
 * where it belongs), false at the end. */
bool core_ext_iter_next(struct core_ext_iter *it, struct core_relo_rec *rec);

#endif /* BPFKASAN_OBJECT_CORE_H */
