/* SPDX-License-Identifier: MIT */
/*
 * object: the CO-RE relocation engine.
 *
 * The semantics are those of libbpf 1.5 (relo_core.c, and the candidate
 * search of libbpf.c), which libbpf 1.1.2 shares; each function names the
 * libbpf function it mirrors.  Unlike libbpf, every BTF lookup is checked
 * and every walk is bounded, since objects may be malformed on purpose.
 *
 * A relocation is resolved in four steps:
 *  1. parse the access string against the local BTF into a "spec": the raw
 *     indices, the high-level accessors (named members and array indices,
 *     anonymous members skipped) and the bit offset they reach;
 *  2. find candidates: target types of a compatible kind whose name equals
 *     the local name once any "___flavour" suffix is dropped;
 *  3. match the spec against each candidate; every match must yield the
 *     same value, else the relocation is ambiguous;
 *  4. patch the instruction, after checking it holds the local value.
 */
#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEC_MAX	64	  /* BPF_CORE_SPEC_MAX_LEN */
#define TYPE_DEPTH	32	  /* libbpf's recursion and chain limit */
#define MATCH_BUDGET	(1L << 24) /* match steps per relocation; libbpf has no
				    * bound and goes exponential on crafted BTF */
#define POISON_HELPER	0xbad2310 /* "bad relo": call to helper #195896080 */

enum relo_class { CLASS_FIELD, CLASS_TYPE, CLASS_ENUMVAL, CLASS_BAD };

/* A high-level accessor: a named member (name set) or an array index. */
struct accessor {
	uint32_t type_id;	/* the struct/union, or the array element type */
	uint32_t idx;		/* member index or array index */
	const char *name;
};

/* struct bpf_core_spec. */
struct spec {
	const struct btf *btf;
	uint32_t root_id;
	uint32_t kind;
	struct accessor acc[SPEC_MAX];
	int len;
	uint32_t raw[SPEC_MAX];	/* the access string, or the target's path */
	int raw_len;
	uint32_t bit_off;
};

/* struct bpf_core_relo_res. */
struct relo_res {
	uint64_t orig_val, new_val;
	bool poison, validate, fail_memsz_adjust;
	uint32_t orig_sz, new_sz;
	uint32_t orig_type_id, new_type_id;
};

/* Candidate list of one local type: target type ids. */
struct cands {
	uint32_t *ids;
	uint32_t len;
	bool searched;
};

struct core_ctx {
	const struct btf *local, *target;
	struct cands *cache;	/* indexed by local type id */
	uint32_t local_cnt;
};

/* State of one core_relocate() call. */
struct relo {
	struct core_ctx *ctx;
	const struct core_relo_rec *rec;
	uint32_t insn_idx;
	long budget;
	char *msg;
	size_t msglen;
	struct spec local, cand, targ;	/* scratch, as libbpf's specs_scratch */
	uint32_t matched, target_id;
};

/* Write a one-line message and return err. */
static int __attribute__((format(printf, 3, 4)))
fail(struct relo *r, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!r->msg || !r->msglen)
		return err;
	n = snprintf(r->msg, r->msglen, "CO-RE relo at insn #%u (%s): ",
		     r->insn_idx, core_relo_kind_str(r->rec->kind));
	if (n < 0 || (size_t)n >= r->msglen)
		return err;
	va_start(ap, fmt);
	vsnprintf(r->msg + n, r->msglen - n, fmt, ap);
	va_end(ap);
	return err;
}

/* core_relo_kind_str */
const char *core_relo_kind_str(uint32_t kind)
{
	static const char *const names[] = {
		[BPF_CORE_FIELD_BYTE_OFFSET] = "byte_off",
		[BPF_CORE_FIELD_BYTE_SIZE] = "byte_sz",
		[BPF_CORE_FIELD_EXISTS] = "field_exists",
		[BPF_CORE_FIELD_SIGNED] = "signed",
		[BPF_CORE_FIELD_LSHIFT_U64] = "lshift_u64",
		[BPF_CORE_FIELD_RSHIFT_U64] = "rshift_u64",
		[BPF_CORE_TYPE_ID_LOCAL] = "local_type_id",
		[BPF_CORE_TYPE_ID_TARGET] = "target_type_id",
		[BPF_CORE_TYPE_EXISTS] = "type_exists",
		[BPF_CORE_TYPE_SIZE] = "type_size",
		[BPF_CORE_ENUMVAL_EXISTS] = "enumval_exists",
		[BPF_CORE_ENUMVAL_VALUE] = "enumval_value",
		[BPF_CORE_TYPE_MATCHES] = "type_matches",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

/* core_relo_is_field_based / _type_based / _enumval_based */
static enum relo_class relo_class(uint32_t kind)
{
	if (kind <= BPF_CORE_FIELD_RSHIFT_U64)
		return CLASS_FIELD;
	if (kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE)
		return CLASS_ENUMVAL;
	if (kind <= BPF_CORE_TYPE_MATCHES)
		return CLASS_TYPE;
	return CLASS_BAD;
}

/* str_is_empty(btf__name_by_offset()): a bad offset reads as "". */
static const char *name_at(const struct btf *btf, uint32_t off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s ? s : "";
}

/* btf_kind_str: for spec printing. */
static const char *kind_name(const struct btf_type *t)
{
	static const char *const names[] = {
		"void", "int", "ptr", "array", "struct", "union", "enum",
		"fwd", "typedef", "volatile", "const", "restrict", "func",
		"func_proto", "var", "datasec", "float", "decl_tag",
		"type_tag", "enum64",
	};
	unsigned int k = btf_kind(t);

	return k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown";
}

/* skip_mods_and_typedefs; NULL for a bad id or an over-long chain. */
static const struct btf_type *skip_mods(const struct btf *btf, uint32_t id,
					uint32_t *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n;

	for (n = 0; t && (btf_is_mod(t) || btf_is_typedef(t)); n++) {
		if (n == TYPE_DEPTH)
			return NULL;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

/* bpf_core_essential_name_len: "task_struct___v2" -> 11.  The flavour
 * separator is the last "___" with a non-'_' on each side. */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name), k;

	for (k = n; k >= 5; k--) {
		const char *s = name + k - 5;

		if (s[0] != '_' && !strncmp(s + 1, "___", 3) && s[4] != '_')
			return k - 4;
	}
	return n;
}

static bool essential_eq(const char *a, const char *b)
{
	size_t la = essential_len(a);

	return la == essential_len(b) && !strncmp(a, b, la);
}

/* Name offset of enumerator i of an ENUM or ENUM64. */
static uint32_t enumerator_name(const struct btf_type *t, int i)
{
	return btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
}

/* is_flex_arr: a zero-length array that is the last member of its struct. */
static bool is_flex_arr(const struct btf *btf, const struct accessor *acc,
			const struct btf_array *arr)
{
	const struct btf_type *t;

	if (!acc->name || arr->nelems > 0)
		return false;
	t = btf__type_by_id(btf, acc->type_id);
	return t && acc->idx + 1 == btf_vlen(t);
}

/* (u32)(idx * size * 8), the modular arithmetic libbpf does. */
static uint32_t bits_of(uint32_t idx, int64_t sz)
{
	return (uint32_t)((uint64_t)idx * (uint64_t)sz * 8);
}

/* __bpf_core_types_are_compat for FUNC_PROTO arguments. */
static int types_compat(struct relo *r, uint32_t lid, uint32_t tid, int level);

static int protos_compat(struct relo *r, const struct btf_type *lt,
			 const struct btf_type *tt, int level)
{
	const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);
	uint32_t lid, tid;
	int i, err;

	if (btf_vlen(lt) != btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++) {
		if (level <= 0)
			return -EINVAL;
		if (!skip_mods(r->ctx->local, lp[i].type, &lid) ||
		    !skip_mods(r->ctx->target, tp[i].type, &tid))
			return -EINVAL;
		err = types_compat(r, lid, tid, level - 1);
		if (err <= 0)
			return err;
	}
	return 1;
}

/* __bpf_core_types_are_compat: same kind (any two enums), names ignored
 * below the root; ints must not be old-style bitfields; pointers, arrays
 * and function prototypes compare what they refer to. */
static int types_compat(struct relo *r, uint32_t lid, uint32_t tid, int level)
{
	const struct btf *lb = r->ctx->local, *tb = r->ctx->target;
	const struct btf_type *lt = btf__type_by_id(lb, lid);
	const struct btf_type *tt = btf__type_by_id(tb, tid);
	int depth, err;

	if (!lt || !tt)
		return -EINVAL;
	if (!btf_kind_core_compat(lt, tt))
		return 0;
	for (depth = TYPE_DEPTH; depth >= 0; depth--) {
		if (--r->budget < 0)
			return -E2BIG;
		lt = skip_mods(lb, lid, &lid);
		tt = skip_mods(tb, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!btf_kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_FWD: case BTF_KIND_ENUM64:
			return 1;
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			break;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			break;
		case BTF_KIND_FUNC_PROTO:
			err = protos_compat(r, lt, tt, level);
			if (err <= 0)
				return err;
			if (!skip_mods(lb, lt->type, &lid) || !skip_mods(tb, tt->type, &tid))
				return -EINVAL;
			break;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* bpf_core_parse_spec, the access string: decimal indices joined by ':'. */
static int parse_indices(const char *s, struct spec *sp)
{
	while (*s) {
		unsigned long v = 0;

		if (*s == ':')
			s++;
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		for (; isdigit((unsigned char)*s); s++) {
			v = v * 10 + (unsigned long)(*s - '0');
			if (v > INT_MAX)
				return -EINVAL;
		}
		if (sp->raw_len == SPEC_MAX)
			return -E2BIG;
		sp->raw[sp->raw_len++] = (uint32_t)v;
	}
	return sp->raw_len ? 0 : -EINVAL;
}

/* bpf_core_parse_spec, enum value: one index, naming an enumerator. */
static int parse_enumval(struct spec *sp, const struct btf_type *t)
{
	uint32_t i = sp->raw[0];

	if (!btf_is_any_enum(t) || sp->raw_len > 1 || i >= btf_vlen(t))
		return -EINVAL;
	sp->acc[0].name = btf__name_by_offset(sp->btf, enumerator_name(t, (int)i));
	return sp->acc[0].name ? 0 : -EINVAL;
}

/* bpf_core_parse_spec, one step below the root: a member of a struct or
 * union (recorded as an accessor only when named), or an array index
 * (bounded by the array's length unless it is a flexible array). */
static int parse_step(struct spec *sp, uint32_t idx, uint32_t *id)
{
	const struct btf_type *t = skip_mods(sp->btf, *id, id);
	int64_t sz;

	if (!t)
		return -EINVAL;
	if (btf_is_composite(t)) {
		const struct btf_member *m;

		if (idx >= btf_vlen(t))
			return -EINVAL;
		m = btf_members(t) + idx;
		sp->bit_off += btf_member_bit_offset(t, idx);
		if (m->name_off) {
			const char *name = name_at(sp->btf, m->name_off);

			if (!*name)
				return -EINVAL;
			sp->acc[sp->len++] = (struct accessor){ *id, idx, name };
		}
		*id = m->type;
		return 0;
	}
	if (!btf_is_array(t))
		return -EINVAL;
	if (!skip_mods(sp->btf, btf_array(t)->type, id))
		return -EINVAL;
	if (!is_flex_arr(sp->btf, &sp->acc[sp->len - 1], btf_array(t)) &&
	    idx >= btf_array(t)->nelems)
		return -EINVAL;
	sp->acc[sp->len++] = (struct accessor){ *id, idx, NULL };
	sz = btf__resolve_size(sp->btf, *id);
	if (sz < 0)
		return (int)sz;
	sp->bit_off += bits_of(idx, sz);
	return 0;
}

/* bpf_core_parse_spec: type-based kinds take "0" only; the first index
 * of a field access is an index into an array of the root type. */
static int parse_spec(const struct btf *btf, const struct core_relo_rec *rec,
		      struct spec *sp)
{
	const char *s = btf__name_by_offset(btf, rec->access_str_off);
	const struct btf_type *t;
	uint32_t id;
	int64_t sz;
	int i, err;

	memset(sp, 0, sizeof(*sp));
	sp->btf = btf;
	sp->root_id = rec->type_id;
	sp->kind = rec->kind;
	if (!s || !*s || *s == ':')
		return -EINVAL;
	if (relo_class(rec->kind) == CLASS_TYPE)
		return strcmp(s, "0") ? -EINVAL : 0;
	err = parse_indices(s, sp);
	if (err)
		return err;
	t = skip_mods(btf, rec->type_id, &id);
	if (!t)
		return -EINVAL;
	sp->acc[0] = (struct accessor){ id, sp->raw[0], NULL };
	sp->len = 1;
	if (relo_class(rec->kind) == CLASS_ENUMVAL)
		return parse_enumval(sp, t);
	if (relo_class(rec->kind) != CLASS_FIELD)
		return -EINVAL;
	sz = btf__resolve_size(btf, id);
	if (sz < 0)
		return (int)sz;
	sp->bit_off = bits_of(sp->raw[0], sz);
	for (i = 1; i < sp->raw_len; i++) {
		err = parse_step(sp, sp->raw[i], &id);
		if (err)
			return err;
	}
	return 0;
}

/* bpf_core_fields_are_compat: any two structs/unions; pointers; floats;
 * enums and fwds of the same essential name or one anonymous; ints that
 * are not old-style bitfields; arrays of compatible elements. */
static int fields_compat(const struct btf *lb, uint32_t lid,
			 const struct btf *tb, uint32_t tid)
{
	const struct btf_type *lt, *tt;
	const char *ln, *tn;
	int depth;

	for (depth = TYPE_DEPTH; depth >= 0; depth--) {
		lt = skip_mods(lb, lid, &lid);
		tt = skip_mods(tb, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (btf_is_composite(lt) && btf_is_composite(tt))
			return 1;
		if (!btf_kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_PTR: case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
			ln = name_at(lb, lt->name_off);
			tn = name_at(tb, tt->name_off);
			return !essential_len(ln) || !essential_len(tn) || essential_eq(ln, tn);
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			break;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* bpf_core_match_member: find the local accessor's member by exact name
 * in target struct tid, descending into anonymous members; extends ts's
 * raw path and bit offset.  1 found and compatible, 0 not, <0 error. */
static int match_member(struct relo *r, const struct accessor *la,
			uint32_t tid, struct spec *ts, uint32_t *next_tid)
{
	const struct btf *lb = r->ctx->local, *tb = ts->btf;
	const struct btf_type *tt = skip_mods(tb, tid, &tid);
	const struct btf_member *lm, *m;
	int i, found;

	if (!tt)
		return -EINVAL;
	if (!btf_is_composite(tt))
		return 0;
	lm = btf_members(btf__type_by_id(lb, la->type_id)) + la->idx;
	for (i = 0, m = btf_members(tt); i < btf_vlen(tt); i++, m++) {
		uint32_t bit = btf_member_bit_offset(tt, i);
		const char *tn = name_at(tb, m->name_off);

		if (ts->raw_len == SPEC_MAX || --r->budget < 0)
			return -E2BIG;
		ts->bit_off += bit;	/* speculate on this member */
		ts->raw[ts->raw_len++] = i;
		if (!*tn) {
			found = match_member(r, la, m->type, ts, next_tid);
			if (found)
				return found;
		} else if (!strcmp(la->name, tn)) {
			ts->acc[ts->len++] = (struct accessor){ tid, i, tn };
			*next_tid = m->type;
			found = fields_compat(lb, lm->type, tb, m->type);
			if (!found)
				ts->len--;
			return found;
		}
		ts->bit_off -= bit;
		ts->raw_len--;
	}
	return 0;
}

/* bpf_core_spec_match, enum value: an enumerator of the same essential name. */
static int enumval_match(const struct spec *ls, uint32_t tid, struct spec *ts)
{
	const struct btf_type *t = skip_mods(ts->btf, tid, &tid);
	const char *ln = ls->acc[0].name, *tn;
	int i;

	if (!t)
		return -EINVAL;
	if (!btf_is_any_enum(t))
		return 0;
	for (i = 0; i < btf_vlen(t); i++) {
		tn = name_at(ts->btf, enumerator_name(t, i));
		if (essential_eq(ln, tn)) {
			ts->acc[0] = (struct accessor){ tid, (uint32_t)i, tn };
			ts->len = 1;
			ts->raw[0] = (uint32_t)i;
			ts->raw_len = 1;
			return 1;
		}
	}
	return 0;
}

/* bpf_core_spec_match, field: follow the local accessors in the target.
 * Named ones by name (match_member); indices must be within the target
 * array (or it is flexible); the first index scales by the root's size. */
static int field_match(struct relo *r, const struct spec *ls, uint32_t tid,
		       struct spec *ts)
{
	const struct btf *tb = ts->btf;
	const struct btf_type *tt;
	int64_t sz;
	int i, err;

	for (i = 0; i < ls->len; i++) {
		const struct accessor *la = &ls->acc[i];

		tt = skip_mods(tb, tid, &tid);
		if (!tt)
			return -EINVAL;
		if (la->name) {
			err = match_member(r, la, tid, ts, &tid);
			if (err <= 0)
				return err;
			continue;
		}
		if (i > 0) {
			if (!btf_is_array(tt))
				return 0;
			if (!is_flex_arr(tb, &ts->acc[ts->len - 1], btf_array(tt)) &&
			    la->idx >= btf_array(tt)->nelems)
				return 0;
			if (!skip_mods(tb, btf_array(tt)->type, &tid))
				return -EINVAL;
		}
		if (ts->raw_len == SPEC_MAX)
			return -E2BIG;
		ts->acc[ts->len++] = (struct accessor){ tid, la->idx, NULL };
		ts->raw[ts->raw_len++] = la->idx;
		sz = btf__resolve_size(tb, tid);
		if (sz < 0)
			return (int)sz;
		ts->bit_off += bits_of(la->idx, sz);
	}
	return 1;
}

static int types_match(struct relo *r, uint32_t lid, uint32_t tid,
		       bool behind_ptr, int level);

/* bpf_core_names_match: an anonymous target matches an anonymous local;
 * otherwise the essential names must be equal. */
static bool names_match(struct relo *r, uint32_t loff, uint32_t toff)
{
	const char *ln = name_at(r->ctx->local, loff);
	const char *tn = name_at(r->ctx->target, toff);

	return *tn ? essential_eq(ln, tn) : !*ln;
}

/* bpf_core_enums_match: same size; every local enumerator named in the target. */
static int enums_match(struct relo *r, const struct btf_type *lt,
		       const struct btf_type *tt)
{
	int i, j;

	if (lt->size != tt->size || btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++) {
		for (j = 0; j < btf_vlen(tt); j++) {
			if (--r->budget < 0)
				return -E2BIG;
			if (names_match(r, enumerator_name(lt, i), enumerator_name(tt, j)))
				break;
		}
		if (j == btf_vlen(tt))
			return 0;
	}
	return 1;
}

/* bpf_core_composites_match: every local member has a target member of
 * matching name whose type matches. */
static int composites_match(struct relo *r, const struct btf_type *lt,
			    const struct btf_type *tt, bool behind_ptr, int level)
{
	const struct btf_member *lm = btf_members(lt), *tm;
	int i, j, err;

	if (btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++, lm++) {
		for (j = 0, tm = btf_members(tt); j < btf_vlen(tt); j++, tm++) {
			if (--r->budget < 0)
				return -E2BIG;
			if (!names_match(r, lm->name_off, tm->name_off))
				continue;
			err = types_match(r, lm->type, tm->type, behind_ptr, level - 1);
			if (err < 0)
				return err;
			if (err > 0)
				break;
		}
		if (j == btf_vlen(tt))
			return 0;
	}
	return 1;
}

/* __bpf_core_types_match, forward declarations: kflag says union (1) or
 * struct (0); behind a pointer a fwd also matches the full type. */
static int fwd_match(const struct btf_type *lt, const struct btf_type *tt,
		     bool behind_ptr)
{
	bool lf = btf_kflag(lt);

	if (btf_is_fwd(tt))
		return lf == btf_kflag(tt);
	if (!behind_ptr)
		return 0;
	return (btf_is_struct(tt) && !lf) || (btf_is_union(tt) && lf);
}

/* __bpf_core_types_match, function prototypes: arguments pairwise. */
static int protos_match(struct relo *r, const struct btf_type *lt,
			const struct btf_type *tt, bool behind_ptr, int level)
{
	const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);
	int i, err;

	if (!btf_is_func_proto(tt) || btf_vlen(lt) != btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++) {
		err = types_match(r, lp[i].type, tp[i].type, behind_ptr, level - 1);
		if (err <= 0)
			return err;
	}
	return 1;
}

/* __bpf_core_types_match: names match at every level (modifiers and
 * typedefs stripped); same kinds, except that enum matches enum64 and,
 * behind a pointer, struct/union match a fwd of the same flavour; ints
 * by size and signedness; arrays by length and element; structs member
 * by member unless behind a pointer; enums by enumerator names. */
static int types_match(struct relo *r, uint32_t lid, uint32_t tid,
		       bool behind_ptr, int level)
{
	const struct btf *lb = r->ctx->local, *tb = r->ctx->target;
	const struct btf_type *lt, *tt;
	int depth, err;

	if (level <= 0)
		return -EINVAL;
	for (depth = TYPE_DEPTH; depth >= 0; depth--) {
		if (--r->budget < 0)
			return -E2BIG;
		lt = skip_mods(lb, lid, &lid);
		tt = skip_mods(tb, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!names_match(r, lt->name_off, tt->name_off))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN:
			return btf_kind(tt) == BTF_KIND_UNKN;
		case BTF_KIND_FWD:
			return fwd_match(lt, tt, behind_ptr);
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
			return btf_is_any_enum(tt) ? enums_match(r, lt, tt) : 0;
		case BTF_KIND_STRUCT: case BTF_KIND_UNION:
			if (behind_ptr)
				return btf_kind(lt) == btf_kind(tt) ||
				       (btf_is_fwd(tt) && btf_is_union(lt) == btf_kflag(tt));
			if (btf_kind(lt) != btf_kind(tt))
				return 0;
			return composites_match(r, lt, tt, behind_ptr, level);
		case BTF_KIND_INT:
			return btf_is_int(tt) && lt->size == tt->size &&
			       (btf_int_encoding(lt) & BTF_INT_SIGNED) ==
			       (btf_int_encoding(tt) & BTF_INT_SIGNED);
		case BTF_KIND_PTR:
			if (!btf_is_ptr(tt))
				return 0;
			behind_ptr = true;
			lid = lt->type;
			tid = tt->type;
			break;
		case BTF_KIND_ARRAY:
			if (!btf_is_array(tt) || btf_array(lt)->nelems != btf_array(tt)->nelems)
				return 0;
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			break;
		case BTF_KIND_FUNC_PROTO:
			err = protos_match(r, lt, tt, behind_ptr, level);
			if (err <= 0)
				return err;
			lid = lt->type;
			tid = tt->type;
			break;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* bpf_core_spec_match: 1 when the local spec resolves in target type
 * tid (filling ts), 0 when it does not, <0 on malformed BTF. */
static int spec_match(struct relo *r, const struct spec *ls, uint32_t tid,
		      struct spec *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->btf = r->ctx->target;
	ts->root_id = tid;
	ts->kind = ls->kind;
	switch (relo_class(ls->kind)) {
	case CLASS_TYPE:
		if (ls->kind == BPF_CORE_TYPE_MATCHES)
			return types_match(r, ls->root_id, tid, false, TYPE_DEPTH);
		return types_compat(r, ls->root_id, tid, TYPE_DEPTH);
	case CLASS_ENUMVAL:
		return enumval_match(ls, tid, ts);
	case CLASS_FIELD:
		return field_match(r, ls, tid, ts);
	default:
		return -EINVAL;
	}
}

/* bpf_core_calc_field_relo, bitfield: the smallest naturally aligned load
 * of at least the base type's size that covers the bits. */
static int bitfield_load(uint32_t base_sz, uint32_t bit_off, uint32_t bit_sz,
			 uint32_t *byte_off, uint32_t *byte_sz)
{
	uint32_t sz = base_sz;

	if (!sz)
		return -EINVAL;
	*byte_off = bit_off / 8 / sz * sz;
	while (bit_off + bit_sz - *byte_off * 8 > sz * 8) {
		if (sz >= 8)
			return -E2BIG;	/* not readable with one 64-bit load */
		sz *= 2;
		*byte_off = bit_off / 8 / sz * sz;
	}
	*byte_sz = sz;
	return 0;
}

/* bpf_core_calc_field_relo, an array element "a[n]": offset and size only. */
static int calc_elem(uint32_t kind, const struct spec *sp, uint64_t *val,
		     uint32_t *field_sz, uint32_t *type_id)
{
	const struct accessor *acc = &sp->acc[sp->len - 1];
	int64_t sz = btf__resolve_size(sp->btf, acc->type_id);

	if (sz < 0)
		return -EINVAL;
	if (kind == BPF_CORE_FIELD_BYTE_OFFSET) {
		*val = sp->bit_off / 8;
		*field_sz = (uint32_t)sz;
		*type_id = acc->type_id;
	} else if (kind == BPF_CORE_FIELD_BYTE_SIZE) {
		*val = (uint64_t)sz;
	} else {
		return -EINVAL;	/* a shift or signedness of an array element */
	}
	return 0;
}

/* bpf_core_calc_field_relo: the value of a field kind for spec sp (NULL:
 * nothing matched; poison unless FIELD_EXISTS).  All arithmetic in u32,
 * as libbpf.  Bitfield values are not validated against the instruction,
 * except signedness and right shift. */
static int calc_field(uint32_t kind, const struct spec *sp, uint64_t *val,
		      uint32_t *field_sz, uint32_t *type_id, bool *validate)
{
	const struct accessor *acc;
	const struct btf_type *t, *mt;
	uint32_t byte_off, byte_sz, bit_off, bit_sz, mid;
	bool bitfield;
	int64_t sz;

	*field_sz = 0;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		*val = sp != NULL;
		return 0;
	}
	if (!sp)
		return -EUCLEAN;
	if (validate)
		*validate = true;
	acc = &sp->acc[sp->len - 1];
	if (!acc->name)
		return calc_elem(kind, sp, val, field_sz, type_id);
	t = btf__type_by_id(sp->btf, acc->type_id);
	mt = skip_mods(sp->btf, btf_members(t)[acc->idx].type, &mid);
	if (!mt)
		return -EINVAL;
	bit_off = sp->bit_off;
	bit_sz = btf_member_bitfield_size(t, acc->idx);
	bitfield = bit_sz > 0;
	if (bitfield) {
		int err = bitfield_load(mt->size, bit_off, bit_sz, &byte_off, &byte_sz);

		if (err)
			return err;
	} else {
		sz = btf__resolve_size(sp->btf, mid);
		if (sz < 0)
			return -EINVAL;
		byte_sz = (uint32_t)sz;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	if (validate)
		*validate = !bitfield;
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		if (!bitfield) {
			*field_sz = byte_sz;
			*type_id = mid;
		}
		return 0;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		return 0;
	case BPF_CORE_FIELD_SIGNED:
		*val = (btf_is_any_enum(mt) && btf_kflag(mt)) ||
		       (btf_is_int(mt) && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		*val = (uint32_t)(64 - (bit_off + bit_sz - byte_off * 8));
#else
		*val = (uint32_t)((8 - byte_sz) * 8 + (bit_off - byte_off * 8));
#endif
		return 0;
	default: /* BPF_CORE_FIELD_RSHIFT_U64 */
		*val = (uint32_t)(64 - bit_sz);
		break;
	}
	if (validate)
		*validate = true;	/* never ambiguous */
	return 0;
}

/* bpf_core_calc_type_relo: 0 when nothing matched; a target type id is not
 * validated (linking may renumber the local one). */
static int calc_type(uint32_t kind, const struct spec *sp, uint64_t *val,
		     bool *validate)
{
	int64_t sz;

	if (validate)
		*validate = true;
	if (!sp) {
		*val = 0;
		return 0;
	}
	switch (kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = sp->root_id;
		if (validate)
			*validate = false;
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		*val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		sz = btf__resolve_size(sp->btf, sp->root_id);
		if (sz < 0)
			return -EINVAL;
		*val = (uint64_t)sz;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* bpf_core_calc_enumval_relo: a 32-bit value is sign-extended, as libbpf. */
static int calc_enumval(uint32_t kind, const struct spec *sp, uint64_t *val)
{
	const struct btf_type *t;
	uint32_t i;

	if (kind == BPF_CORE_ENUMVAL_EXISTS) {
		*val = sp != NULL;
		return 0;
	}
	if (!sp)
		return -EUCLEAN;
	t = btf__type_by_id(sp->btf, sp->acc[0].type_id);
	i = sp->acc[0].idx;
	if (btf_is_enum(t))
		*val = (uint64_t)(int64_t)btf_enum(t)[i].val;
	else
		*val = btf_enum64_value(btf_enum64(t) + i);
	return 0;
}

/* bpf_core_calc_relo, load size: resizing a load or store is safe for
 * pointers and for unsigned integers only. */
static bool memsz_adjust_ok(struct relo *r, const struct relo_res *res)
{
	const struct btf_type *o = btf__type_by_id(r->ctx->local, res->orig_type_id);
	const struct btf_type *n = btf__type_by_id(r->ctx->target, res->new_type_id);

	if (!o || !n)
		return false;
	if (btf_is_ptr(o) && btf_is_ptr(n))
		return true;
	return btf_is_int(o) && btf_is_int(n) &&
	       btf_int_encoding(o) != BTF_INT_SIGNED &&
	       btf_int_encoding(n) != BTF_INT_SIGNED;
}

/* bpf_core_calc_relo: original (local) and new (target, NULL: no match)
 * values.  -EUCLEAN from the calculators means "poison". */
static int calc_relo(struct relo *r, const struct spec *ls,
		     const struct spec *ts, struct relo_res *res)
{
	uint32_t kind = r->rec->kind;
	int err = -EOPNOTSUPP;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	switch (relo_class(kind)) {
	case CLASS_FIELD:
		err = calc_field(kind, ls, &res->orig_val, &res->orig_sz,
				 &res->orig_type_id, &res->validate);
		if (!err)
			err = calc_field(kind, ts, &res->new_val, &res->new_sz,
					 &res->new_type_id, NULL);
		if (!err && res->orig_sz != res->new_sz)
			res->fail_memsz_adjust = !memsz_adjust_ok(r, res);
		break;
	case CLASS_TYPE:
		err = calc_type(kind, ls, &res->orig_val, &res->validate);
		if (!err)
			err = calc_type(kind, ts, &res->new_val, NULL);
		break;
	case CLASS_ENUMVAL:
		err = calc_enumval(kind, ls, &res->orig_val);
		if (!err)
			err = calc_enumval(kind, ts, &res->new_val);
		break;
	default:
		break;
	}
	if (err == -EUCLEAN) {
		res->poison = true;
		return 0;
	}
	if (err)
		return fail(r, err == -EOPNOTSUPP ? -EINVAL : err,
			    "cannot compute the value (%d)", err);
	return 0;
}

/* bpf_core_find_cands / bpf_core_add_cands: target types of a compatible
 * kind (any enum for an enum) with the same essential name; cached. */
static int find_cands(struct relo *r, uint32_t local_id, struct cands **out)
{
	struct core_ctx *ctx = r->ctx;
	struct cands *c = &ctx->cache[local_id];
	const struct btf_type *lt = btf__type_by_id(ctx->local, local_id), *t;
	const char *ln = name_at(ctx->local, lt->name_off);
	uint32_t id, n = btf__type_cnt(ctx->target), cap = 0;

	*out = c;
	if (c->searched)
		return 0;
	for (id = 1; id < n; id++) {
		t = btf__type_by_id(ctx->target, id);
		if (!t || !btf_kind_core_compat(t, lt))
			continue;
		if (!*name_at(ctx->target, t->name_off) ||
		    !essential_eq(ln, name_at(ctx->target, t->name_off)))
			continue;
		if (c->len == cap) {
			uint32_t *ids = realloc(c->ids, (cap = cap ? 2 * cap : 4) * sizeof(*ids));

			if (!ids)
				return fail(r, -ENOMEM, "out of memory");
			c->ids = ids;
		}
		c->ids[c->len++] = id;
	}
	c->searched = true;
	return 0;
}

/* bpf_core_calc_relo_insn, candidate step: match one candidate and check
 * it agrees with those matched before. */
static int try_cand(struct relo *r, uint32_t id, struct relo_res *res)
{
	struct relo_res cres;
	int err = spec_match(r, &r->local, id, &r->cand);

	if (err < 0)
		return fail(r, err, "matching candidate [%u] failed (%d)", id, err);
	if (err == 0)
		return 0;
	err = calc_relo(r, &r->local, &r->cand, &cres);
	if (err)
		return err;
	if (r->matched == 0) {
		*res = cres;
		r->targ = r->cand;
		r->target_id = id;
	} else if (r->cand.bit_off != r->targ.bit_off) {
		return fail(r, -EINVAL, "field offset ambiguity: %u != %u bits",
			    r->cand.bit_off, r->targ.bit_off);
	} else if (cres.poison != res->poison || cres.new_val != res->new_val) {
		return fail(r, -EINVAL, "ambiguous candidates: [%u] gives %llu, [%u] gives %llu",
			    id, (unsigned long long)cres.new_val, r->target_id,
			    (unsigned long long)res->new_val);
	}
	return 1;
}

/* bpf_core_calc_relo_insn: resolve against every candidate, keep only
 * those that matched in the cache (unless none did). */
static int resolve(struct relo *r, struct relo_res *res)
{
	struct cands *c;
	uint32_t *kept, i;
	int err;

	if (r->rec->kind == BPF_CORE_TYPE_ID_LOCAL) {
		memset(res, 0, sizeof(*res));
		res->orig_val = res->new_val = r->local.root_id;
		return 0;
	}
	err = find_cands(r, r->rec->type_id, &c);
	if (err)
		return err;
	kept = malloc((c->len ? c->len : 1) * sizeof(*kept));
	if (!kept)
		return fail(r, -ENOMEM, "out of memory");
	for (i = 0; i < c->len; i++) {
		err = try_cand(r, c->ids[i], res);
		if (err < 0)
			break;
		if (err > 0)
			kept[r->matched++] = c->ids[i];
	}
	if (err >= 0 && r->matched) {
		memcpy(c->ids, kept, r->matched * sizeof(*kept));
		c->len = r->matched;
	}
	free(kept);
	if (err < 0)
		return err;
	return r->matched ? 0 : calc_relo(r, &r->local, NULL, res);
}

/* bpf_core_poison_insn: a call to helper 0xbad2310, in both halves of an
 * ld_imm64; the verifier rejects it only if it is reachable. */
static int poison_insn(struct relo *r, struct bpf_insn *insn, const char *why)
{
	int i, n = isa_is_ld_imm64(insn) ? 2 : 1;

	for (i = 0; i < n; i++)
		insn[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = POISON_HELPER };
	fail(r, 0, "%s: instruction poisoned", why);
	return CORE_POISONED;
}

static const char *poison_reason(const struct relo_res *res)
{
	return res->poison ? "no matching target" : "load/store of a resized non-pointer, signed field";
}

/* bpf_core_patch_insn, ALU/ALU64 with an immediate. */
static int patch_alu(struct relo *r, struct bpf_insn *insn, const struct relo_res *res)
{
	if (BPF_SRC(insn->code) != BPF_K)
		return fail(r, -EINVAL, "ALU instruction has a register source");
	if (res->poison)
		return poison_insn(r, insn, poison_reason(res));
	if (res->validate && (uint64_t)(int64_t)insn->imm != res->orig_val)
		return fail(r, -EINVAL, "ALU imm is %d, expected %llu", insn->imm,
			    (unsigned long long)res->orig_val);
	insn->imm = (int32_t)res->new_val;
	return CORE_APPLIED;
}

/* insn_bytes_to_bpf_size / insn_bpf_size_to_bytes */
static int bytes_to_size(uint32_t n)
{
	return n == 1 ? BPF_B : n == 2 ? BPF_H : n == 4 ? BPF_W : n == 8 ? BPF_DW : -1;
}

static uint32_t size_to_bytes(const struct bpf_insn *insn)
{
	static const uint32_t bytes[4] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2,
					   [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8 };

	return bytes[BPF_SIZE(insn->code) >> 3];
}

/* bpf_core_patch_insn, LDX/ST/STX: the offset, and the access size when
 * the field's size changed (only for pointers and unsigned integers). */
static int patch_mem(struct relo *r, struct bpf_insn *insn, const struct relo_res *res)
{
	int sz;

	if (res->poison)
		return poison_insn(r, insn, poison_reason(res));
	if (res->validate && (uint64_t)(int64_t)insn->off != res->orig_val)
		return fail(r, -EINVAL, "memory offset is %d, expected %llu", insn->off,
			    (unsigned long long)res->orig_val);
	if (res->new_val > SHRT_MAX)
		return fail(r, -ERANGE, "offset %llu does not fit in an instruction",
			    (unsigned long long)res->new_val);
	if (res->fail_memsz_adjust)
		return poison_insn(r, insn, poison_reason(res));
	insn->off = (int16_t)res->new_val;
	if (res->new_sz == res->orig_sz)
		return CORE_APPLIED;
	if (size_to_bytes(insn) != res->orig_sz)
		return fail(r, -EINVAL, "access size is %u bytes, expected %u",
			    size_to_bytes(insn), res->orig_sz);
	sz = bytes_to_size(res->new_sz);
	if (sz < 0)
		return fail(r, -EINVAL, "cannot access %u bytes at once", res->new_sz);
	insn->code = BPF_MODE(insn->code) | sz | BPF_CLASS(insn->code);
	return CORE_APPLIED;
}

/* bpf_core_patch_insn, ld_imm64 of a plain 64-bit constant. */
static int patch_ld_imm64(struct relo *r, struct bpf_insn *insn, const struct relo_res *res)
{
	uint64_t imm;

	if (!isa_is_ld_imm64(insn) || insn[0].src_reg || insn[0].off ||
	    insn[1].code || insn[1].dst_reg || insn[1].src_reg || insn[1].off)
		return fail(r, -EINVAL, "not a plain ld_imm64");
	if (res->poison)
		return poison_insn(r, insn, poison_reason(res));
	imm = (uint32_t)insn[0].imm | ((uint64_t)(uint32_t)insn[1].imm << 32);
	if (res->validate && imm != res->orig_val)
		return fail(r, -EINVAL, "ld_imm64 is %llu, expected %llu",
			    (unsigned long long)imm, (unsigned long long)res->orig_val);
	insn[0].imm = (int32_t)(uint32_t)res->new_val;
	insn[1].imm = (int32_t)(uint32_t)(res->new_val >> 32);
	return CORE_APPLIED;
}

/* bpf_core_patch_insn */
static int patch_insn(struct relo *r, struct bpf_insn *insn, const struct relo_res *res)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return patch_alu(r, insn, res);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return patch_mem(r, insn, res);
	case BPF_LD:
		return patch_ld_imm64(r, insn, res);
	default:
		return fail(r, -EINVAL, "cannot relocate instruction with code 0x%02x",
			    insn->code);
	}
}

/* bpf_core_format_spec: "[id] kind name" then ".field[idx] (raw @ offset)"
 * or "::enumerator = value". */
static void format_spec(char *buf, size_t len, const struct spec *sp)
{
	const struct btf_type *t = btf__type_by_id(sp->btf, sp->root_id);
	const char *n = name_at(sp->btf, t ? t->name_off : 0);
	size_t o;
	int i;

#define PUT(...) (o += (size_t)snprintf(buf + (o < len ? o : len - 1), \
				       o < len ? len - o : 1, __VA_ARGS__))
	o = 0;
	PUT("[%u] %s %s", sp->root_id, t ? kind_name(t) : "?", *n ? n : "<anon>");
	if (relo_class(sp->kind) == CLASS_ENUMVAL && sp->len) {
		t = btf__type_by_id(sp->btf, sp->acc[0].type_id);
		uint64_t v = btf_is_enum(t) ? (uint32_t)btf_enum(t)[sp->acc[0].idx].val
					    : btf_enum64_value(btf_enum64(t) + sp->acc[0].idx);

		if (btf_is_enum(t) && btf_kflag(t))
			v = (uint64_t)(int64_t)(int32_t)(uint32_t)v;
		if (btf_kflag(t))
			PUT("::%s = %lld", sp->acc[0].name, (long long)v);
		else
			PUT("::%s = %llu", sp->acc[0].name, (unsigned long long)v);
	}
	if (relo_class(sp->kind) != CLASS_FIELD || !sp->len)
		return;
	for (i = 0; i < sp->len; i++) {
		if (sp->acc[i].name)
			PUT(".%s", sp->acc[i].name);
		else if (i > 0 || sp->acc[i].idx > 0)
			PUT("[%u]", sp->acc[i].idx);
	}
	PUT(" (");
	for (i = 0; i < sp->raw_len; i++)
		PUT("%s%u", i ? ":" : "", sp->raw[i]);
	if (sp->bit_off % 8)
		PUT(" @ offset %u.%u)", sp->bit_off / 8, sp->bit_off % 8);
	else
		PUT(" @ offset %u)", sp->bit_off / 8);
#undef PUT
}

static void fill_report(struct relo *r, const struct relo_res *res,
			struct core_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->insn_idx = r->insn_idx;
	rep->kind = r->rec->kind;
	rep->orig_val = res->orig_val;
	rep->new_val = res->new_val;
	rep->orig_sz = res->orig_sz;
	rep->new_sz = res->new_sz;
	rep->target_id = r->target_id;
	rep->matched = r->matched;
	format_spec(rep->local_spec, sizeof(rep->local_spec), &r->local);
	if (r->matched)
		format_spec(rep->target_spec, sizeof(rep->target_spec), &r->targ);
}

/* bpf_object__relocate_core, per record: locate the instruction, parse
 * the local spec, resolve, patch. */
static int relocate(struct relo *r, struct bpf_insn *insns, size_t cnt,
		    struct core_report *rep)
{
	const struct core_relo_rec *rec = r->rec;
	const struct btf_type *lt;
	struct relo_res res;
	int err;

	if (rec->insn_off % ISA_INSN_SZ || r->insn_idx >= cnt)
		return fail(r, -EINVAL, "insn_off %u is not an instruction of the %zu",
			    rec->insn_off, cnt);
	if (isa_is_ld_imm64(&insns[r->insn_idx]) && r->insn_idx + 1 >= cnt)
		return fail(r, -EINVAL, "ld_imm64 is truncated");
	lt = btf__type_by_id(r->ctx->local, rec->type_id);
	if (!lt)
		return fail(r, -EINVAL, "type id %u out of range", rec->type_id);
	err = parse_spec(r->ctx->local, rec, &r->local);
	if (err)
		return fail(r, -EINVAL, "bad access string \"%s\" for type [%u] (%d)",
			    name_at(r->ctx->local, rec->access_str_off), rec->type_id, err);
	if (rec->kind != BPF_CORE_TYPE_ID_LOCAL && !*name_at(r->ctx->local, lt->name_off))
		return fail(r, -EINVAL, "anonymous type [%u] cannot be relocated",
			    rec->type_id);
	err = resolve(r, &res);
	if (err)
		return err;
	if (rep)
		fill_report(r, &res, rep);
	return patch_insn(r, &insns[r->insn_idx], &res);
}

int core_relocate_report(struct core_ctx *ctx, const struct core_relo_rec *rec,
			 struct bpf_insn *insns, size_t cnt,
			 struct core_report *rep, char *msg, size_t msglen)
{
	struct relo *r;
	int err;

	if (msg && msglen)
		msg[0] = '\0';
	if (!ctx || !rec || (!insns && cnt)) {
		if (msg && msglen)
			snprintf(msg, msglen, "CO-RE relo: missing argument");
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));	/* three specs: too big for the stack */
	if (!r)
		return -ENOMEM;
	*r = (struct relo){ .ctx = ctx, .rec = rec, .insn_idx = rec->insn_off / ISA_INSN_SZ,
			    .budget = MATCH_BUDGET, .msg = msg, .msglen = msglen };
	err = relocate(r, insns, cnt, rep);
	free(r);
	return err;
}

int core_relocate(struct core_ctx *ctx, const struct core_relo_rec *rec,
		  struct bpf_insn *insns, size_t cnt, char *msg, size_t msglen)
{
	return core_relocate_report(ctx, rec, insns, cnt, NULL, msg, msglen);
}

struct core_ctx *core_ctx_new(const struct btf *local, const struct btf *target)
{
	struct core_ctx *ctx;

	if (!local || !target)
		return NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ctx->local = local;
	ctx->target = target;
	ctx->local_cnt = btf__type_cnt(local);
	ctx->cache = calloc(ctx->local_cnt ? ctx->local_cnt : 1, sizeof(*ctx->cache));
	if (!ctx->cache) {
		free(ctx);
		return NULL;
	}
	return ctx;
}

void core_ctx_free(struct core_ctx *ctx)
{
	uint32_t i;

	if (!ctx)
		return;
	for (i = 0; i < ctx->local_cnt; i++)
		free(ctx->cache[i].ids);
	free(ctx->cache);
	free(ctx);
}
