// SPDX-License-Identifier: MIT
/*
 * verifier-ext: kernel objects typed by BTF (kernel: btf_struct_walk(),
 * btf_struct_access(), btf_ctx_access() in kernel/bpf/btf.c).
 *
 * A load through a PTR_TO_BTF_ID pointer is a probe load: the JIT turns
 * faults into zeroes, so the verifier only checks that the access stays
 * inside one field of the struct and says what the loaded value is: a
 * scalar, or a pointer to another struct.
 */
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vx.h"

/* kernel: btf_type_skip_modifiers() (typedefs and qualifiers) */
static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

static const char *type_name(const struct btf *btf, const struct btf_type *t)
{
	const char *n = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return n && *n ? n : "(anon)";
}

/*
 * kernel: btf_struct_walk().  Descend into embedded structs and arrays
 * until the access [off, off + size) lands in one scalar or pointer
 * member.  Returns 0 with *ptr_id set (pointer to struct) or 0 for a
 * scalar; -EACCES with msg when no member holds the access.
 */
int btf_struct_walk(const struct btf *btf, u32 id, int off, int size, u32 *ptr_id, char *msg,
		    size_t msglen)
{
	const struct btf_type *t = skip_mods(btf, id, &id);

	*ptr_id = 0;
again:
	if (!t || !(btf_is_struct(t) || btf_is_union(t))) {
		snprintf(msg, msglen, "type id %u is not a struct", id);
		return -EACCES;
	}
	if (off < 0 || (u64)off + (u64)size > t->size) {
		snprintf(msg, msglen, "access beyond struct %s at off %d size %d", type_name(btf, t),
			 off, size);
		return -EACCES;
	}
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		u32 bit_off = btf_member_bit_offset(t, (u32)i);
		u32 moff = bit_off / 8, mid;
		const struct btf_type *mt;
		s64 msize;

		if ((u64)off + (u64)size <= moff)
			break;
		if (btf_member_bitfield_size(t, (u32)i)) {
			u32 end = (bit_off + btf_member_bitfield_size(t, (u32)i) + 7) / 8;

			if ((u32)off < end)
				return 0; /* a bitfield is read as a scalar */
			continue;
		}
		mt = skip_mods(btf, m->type, &mid);
		msize = btf__resolve_size(btf, mid);
		if (!mt || msize < 0 || (u64)off >= moff + (u64)msize)
			continue;
		/* arrays: pick the element (kernel: btf_resolve_size() + elem index) */
		while (btf_is_array(mt)) {
			const struct btf_array *a = btf_array(mt);
			u32 eid;
			const struct btf_type *et = skip_mods(btf, a->type, &eid);
			s64 esize = btf__resolve_size(btf, eid);

			if (!et || esize <= 0)
				return 0;
			moff += (u32)(((u64)off - moff) / (u64)esize * (u64)esize);
			mt = et;
			mid = eid;
			msize = esize;
		}
		if (btf_is_struct(mt) || btf_is_union(mt)) {
			if ((u64)off + (u64)size > moff + (u64)msize)
				break;
			off -= (int)moff;
			t = mt;
			id = mid;
			goto again;
		}
		if (btf_is_ptr(mt)) {
			u32 tid;
			const struct btf_type *target = skip_mods(btf, mt->type, &tid);

			if ((u32)off != moff || size != 8) {
				snprintf(msg, msglen,
					 "ptr %s.%s (off %u size 8) accessed with insn (off %d size %d)",
					 type_name(btf, t), btf__name_by_offset(btf, m->name_off), moff, off,
					 size);
				return -EACCES;
			}
			if (target && (btf_is_struct(target) || btf_is_union(target)))
				*ptr_id = tid;
			return 0;
		}
		if ((u64)off + (u64)size > moff + (u64)msize) {
			snprintf(msg, msglen,
				 "access beyond the end of member %s (mend:%llu) in struct %s with off %d size %d",
				 btf__name_by_offset(btf, m->name_off), (unsigned long long)(moff + msize),
				 type_name(btf, t), off, size);
			return -EACCES;
		}
		return 0;
	}
	snprintf(msg, msglen, "struct %s doesn't have field at offset %d", type_name(btf, t), off);
	return -EACCES;
}

/* The id of struct `name` in btf, 0 if absent. */
u32 btf_struct_id(const struct btf *btf, const char *name)
{
	if (!btf || !name)
		return 0;
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	return id > 0 ? (u32)id : 0;
}

const char *btf_struct_name(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf && id ? btf__type_by_id(btf, id) : NULL;

	return type_name(btf, t);
}

/*
 * The prototype of a tracing program's attach target (kernel:
 * bpf_check_attach_target()): FUNC `name` for fentry/fexit/fmod_ret,
 * typedef btf_trace_<name> for tp_btf (whose first argument, the
 * tracepoint's private data, the program does not see).  Returns the
 * FUNC_PROTO id and the number of leading arguments to skip, or 0.
 */
u32 btf_attach_proto(const struct btf *btf, const char *name, bool is_tp_btf, int *skip)
{
	char buf[256];
	int id;
	const struct btf_type *t;

	*skip = 0;
	if (!btf || !name)
		return 0;
	if (is_tp_btf) {
		snprintf(buf, sizeof(buf), "btf_trace_%s", name);
		id = btf__find_by_name_kind(btf, buf, BTF_KIND_TYPEDEF);
		if (id <= 0)
			return 0;
		t = skip_mods(btf, (u32)id, NULL);
		if (!t || !btf_is_ptr(t))
			return 0;
		u32 pid;
		t = skip_mods(btf, t->type, &pid);
		*skip = 1;
		return t && btf_is_func_proto(t) ? pid : 0;
	}
	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id <= 0)
		return 0;
	t = btf__type_by_id(btf, (u32)id);
	return t->type;
}

/*
 * kernel: btf_ctx_access() for tracing programs: ctx is an array of u64
 * arguments of `proto` (plus the return value for fexit).  A pointer to a
 * struct gives PTR_TO_BTF_ID (trusted), anything else a scalar.  Context
 * types of BPF program targets are mapped to the kernel's own structs as
 * the kernel does (bpf_ctx_convert: xdp_md -> xdp_buff, __sk_buff ->
 * sk_buff); `types` is the BTF those are looked up in.
 */
bool btf_ctx_arg_access(const struct btf *proto_btf, u32 proto_id, int skip, bool is_fexit,
			const struct btf *types, int off, int size, struct ctx_access_info *info,
			char *msg, size_t msglen)
{
	const struct btf_type *proto = btf__type_by_id(proto_btf, proto_id);
	int nargs, arg;
	u32 tid;
	const struct btf_type *t;

	info->reg_type = SCALAR_VALUE;
	info->btf_id = 0;
	if (!proto || !btf_is_func_proto(proto)) {
		snprintf(msg, msglen, "attach target has no function prototype");
		return false;
	}
	nargs = btf_vlen(proto) - skip;
	if (off < 0 || off % 8) {
		snprintf(msg, msglen, "func offset %d is not multiple of 8", off);
		return false;
	}
	arg = off / 8;
	if (arg > nargs || (arg == nargs && !is_fexit) || size > 8 || off % size) {
		snprintf(msg, msglen, "func has %d args, access at off %d size %d", nargs, off, size);
		return false;
	}
	if (arg == nargs) /* fexit: the return value */
		t = skip_mods(proto_btf, proto->type, &tid);
	else
		t = skip_mods(proto_btf, btf_params(proto)[arg + skip].type, &tid);
	if (!t || !btf_is_ptr(t))
		return true; /* int, enum: a scalar */
	const struct btf_type *target = skip_mods(proto_btf, t->type, &tid);
	if (!target || !(btf_is_struct(target) || btf_is_union(target)))
		return true; /* void *, char *: a scalar */
	if (size != 8) {
		snprintf(msg, msglen, "pointer argument %d read with size %d", arg, size);
		return false;
	}
	const char *name = btf__name_by_offset(proto_btf, target->name_off);
	if (name && !strcmp(name, "xdp_md"))
		name = "xdp_buff";
	else if (name && !strcmp(name, "__sk_buff"))
		name = "sk_buff";
	u32 id = types == proto_btf && name == btf__name_by_offset(proto_btf, target->name_off) ?
		 tid : btf_struct_id(types, name);
	if (!id) /* the struct is not described: a pointer the program cannot dereference */
		return true;
	info->reg_type = PTR_TO_BTF_ID | PTR_TRUSTED;
	info->btf_id = id;
	return true;
}

/*
 * kernel: btf_parse_fields(): the special fields of a map value, which
 * loads and stores may not touch (a lock, a timer...) or only touch in
 * one way (kptrs).  Members of nested structs count too.  Returns the
 * number found, at most max.
 */
static const char *const special_names[] = {
	"bpf_spin_lock", "bpf_timer", "bpf_wq", "bpf_list_head", "bpf_list_node",
	"bpf_rb_root", "bpf_rb_node", "bpf_refcount",
};

static bool is_kptr_tag(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && btf_is_mod(t)) {
		if (btf_kind(t) == BTF_KIND_TYPE_TAG) {
			const char *tag = btf__name_by_offset(btf, t->name_off);

			if (tag && (!strcmp(tag, "kptr") || !strcmp(tag, "kptr_untrusted") ||
				    !strcmp(tag, "percpu_kptr")))
				return true;
		}
		t = btf__type_by_id(btf, t->type);
	}
	return false;
}

static int collect_fields(const struct btf *btf, u32 id, u32 base, struct special_field *out,
			  int n, int max, int depth)
{
	const struct btf_type *t = skip_mods(btf, id, &id);

	if (!t || !btf_is_struct(t) || depth > 8)
		return n;
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t) && n < max; i++, m++) {
		u32 off = base + btf_member_bit_offset(t, (u32)i) / 8, mid;
		const struct btf_type *mt;

		if (btf_is_ptr(skip_mods(btf, m->type, NULL))) {
			/* a kptr: pointer whose pointee carries a kptr type tag */
			const struct btf_type *p = skip_mods(btf, m->type, NULL);

			if (is_kptr_tag(btf, p->type)) {
				out[n].off = off;
				out[n].size = 8;
				out[n].name = "kptr";
				out[n].is_kptr = true;
				n++;
			}
			continue;
		}
		mt = skip_mods(btf, m->type, &mid);
		if (!mt || !btf_is_struct(mt))
			continue;
		const char *name = btf__name_by_offset(btf, mt->name_off);
		bool special = false;

		for (size_t k = 0; name && k < sizeof(special_names) / sizeof(special_names[0]); k++) {
			if (!strcmp(name, special_names[k])) {
				out[n].off = off;
				out[n].size = mt->size;
				out[n].name = special_names[k];
				out[n].is_kptr = false;
				n++;
				special = true;
				break;
			}
		}
		if (!special)
			n = collect_fields(btf, mid, off, out, n, max, depth + 1);
	}
	return n;
}

int btf_special_fields(const struct btf *btf, u32 value_type_id, struct special_field *out,
		       int max)
{
	if (!btf || !value_type_id)
		return 0;
	return collect_fields(btf, value_type_id, 0, out, 0, max, 0);
}

/* Does FUNC_PROTO `proto` return a value (not void)? */
bool btf_proto_returns_value(const struct btf *btf, u32 proto)
{
	const struct btf_type *t = btf ? btf__type_by_id(btf, proto) : NULL;

	return t && btf_is_func_proto(t) && t->type != 0;
}

/*
 * kernel: the scalar_return test of check_btf_func(): does FUNC `name`
 * return an integer of at most 8 bytes or an enum?  true when unknown.
 */
bool btf_func_returns_scalar(const struct btf *btf, const char *name)
{
	int id = btf && name ? btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) : -1;

	if (id <= 0)
		return true;
	const struct btf_type *proto = btf__type_by_id(btf, btf__type_by_id(btf, (u32)id)->type);
	const struct btf_type *ret = proto ? skip_mods(btf, proto->type, NULL) : NULL;

	if (!ret)
		return false; /* void */
	return (btf_is_int(ret) && ret->size <= 8) || btf_is_any_enum(ret);
}

/*
 * kernel: nf_is_valid_access() (net/netfilter/nf_bpf_link.c): struct
 * bpf_nf_ctx is { struct nf_hook_state *state; struct sk_buff *skb; },
 * read-only, pointers typed by the kernel BTF.
 */
bool nf_ctx_access(const struct btf *btf, int off, int size, bool is_write,
		   struct ctx_access_info *info)
{
	const char *name = off == 0 ? "nf_hook_state" : off == 8 ? "sk_buff" : NULL;
	u32 id;

	if (off < 0 || off >= 16 || off % size || is_write || size != 8 || !name)
		return false;
	id = btf_struct_id(btf, name);
	if (!id)
		return false;
	info->reg_type = PTR_TO_BTF_ID | PTR_TRUSTED;
	info->btf_id = id;
	return true;
}
