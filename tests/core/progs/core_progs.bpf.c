/* SPDX-License-Identifier: MIT */
/*
 * CO-RE relocations of every kind against locally defined types; the
 * target layout is in target_types.h.  The programs are never run: the
 * test relocates them and compares the instructions with the target's
 * offsets, sizes and values (and with what libbpf itself produces).
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define __pai __attribute__((preserve_access_index))

struct inner {
	int x;
	int y;
} __pai;

typedef struct inner inner_t;

struct outer {
	int a;
	struct inner in[3];
	unsigned short flags;
	struct __pai {
		int anon_a;
		int anon_b;
	};
	int grid[2][3];
	unsigned int cnt;
	int sval;
	struct inner *ptr;
	int len;
	int flex[];
} __pai;

struct bits {
	unsigned int pad:3;
	int sb:5;
	unsigned long long wide:40;
	unsigned char ub:2;
	unsigned short u9:9;
} __pai;

struct __attribute__((packed)) pbits {
	unsigned char straddle:4;
} __pai;

struct renamed {
	int kept;
	int old_name;
} __pai;

struct flav___v2 {
	int b;
	int c;
} __pai;

struct flav___old {
	int legacy;
} __pai;

struct dup {
	int x;
	int y;
} __pai;

struct only_local {
	int z;
} __pai;

struct match_ok {
	int a;
	unsigned short b;
	struct inner *p;
} __pai;

struct match_bad {
	int a;
} __pai;

union un {
	int i;
	long l;
} __pai;

enum color { RED, GREEN, BLUE, PURPLE };
enum big64 { B64_HI = 0x1122334455667788ULL, B64_LO = 2 };
enum sgn { NEG = -1, POS = 1 };

char LICENSE[] SEC("license") = "GPL";

/* Loads and stores whose offsets (and sizes) are relocated. */
SEC("socket")
int fields(void *ctx)
{
	struct outer *o = ctx;
	struct inner *p = ctx;
	long s = 0;

	s += o->a;
	s += o->in[2].x;
	s += o->in[1].y;
	s += o->anon_a;
	s += o->anon_b;
	s += o->grid[1][2];
	s += o->cnt;			/* u32 -> u64: load resized */
	s += o->sval;			/* int -> long: poisoned */
	s += o->ptr->x;
	s += o->flex[3];
	s += p[2].y;			/* first index non-zero */
	o->flags = 3;			/* ST */
	o->len = (int)s;		/* STX */
	o->cnt = (unsigned int)s;	/* STX, resized */
	s += bpf_core_field_offset(o->in[1]);
	s += bpf_core_field_size(o->in);
	s += bpf_core_field_size(o->in[1]);
	s += bpf_core_field_offset(o->grid[1]);
	s += bpf_core_field_size(o->grid[1]);
	s += bpf_core_field_offset(struct outer, flex);
	s += bpf_core_field_size(o->ptr);
	s += __builtin_preserve_field_info(o->cnt, BPF_FIELD_SIGNED);
	s += __builtin_preserve_field_info(o->sval, BPF_FIELD_SIGNED);
	return (int)s;
}

/* Bitfields: byte offset, byte size, signedness and shifts. */
SEC("socket")
int bitfields(void *ctx)
{
	struct bits *b = ctx;
	struct pbits *pb = ctx;
	long s = 0;

	s += BPF_CORE_READ_BITFIELD(b, pad);
	s += BPF_CORE_READ_BITFIELD(b, sb);
	s += BPF_CORE_READ_BITFIELD(b, wide);
	s += BPF_CORE_READ_BITFIELD(b, ub);
	s += BPF_CORE_READ_BITFIELD(b, u9);
	s += BPF_CORE_READ_BITFIELD(pb, straddle);
	return (int)s;
}

/* Existence, flavours, several candidates, fields gone in the target. */
SEC("socket")
int exist(void *ctx)
{
	struct renamed *r = ctx;
	struct flav___v2 *f = ctx;
	struct flav___old *fo = ctx;
	struct dup *d = ctx;
	long s = 0;

	s += bpf_core_field_exists(r->kept);
	s += bpf_core_field_exists(r->old_name);
	s += r->kept;
	s += r->old_name;		/* poisoned */
	s += bpf_core_field_offset(r->old_name);	/* poisoned */
	s += f->b;
	s += f->c;
	s += bpf_core_field_exists(f->c);
	s += bpf_core_field_exists(fo->legacy);
	s += d->x;
	s += d->y;
	return (int)s;
}

/* Type-based relocations. */
SEC("socket")
int types(void *ctx)
{
	long s = 0;

	s += bpf_core_type_exists(struct outer);
	s += bpf_core_type_exists(struct only_local);
	s += bpf_core_type_exists(inner_t);
	s += bpf_core_type_exists(union un);
	s += bpf_core_type_size(struct outer);
	s += bpf_core_type_size(struct only_local);
	s += bpf_core_type_size(inner_t);
	s += bpf_core_type_size(union un);
	s += bpf_core_type_size(enum big64);
	s += bpf_core_type_id_kernel(struct outer);
	s += bpf_core_type_id_kernel(struct only_local);
	s += bpf_core_type_id_kernel(union un);
	s += bpf_core_type_id_local(struct outer);
	s += bpf_core_type_id_local(struct only_local);
	s += bpf_core_type_matches(struct match_ok);
	s += bpf_core_type_matches(struct match_bad);
	s += bpf_core_type_matches(inner_t);
	s += bpf_core_type_matches(enum color);
	s += bpf_core_type_matches(enum sgn);
	return (int)s + (ctx != 0);
}

/* Enumerator values, 32- and 64-bit. */
SEC("socket")
int enums(void *ctx)
{
	long s = 0;

	s += bpf_core_enum_value_exists(enum color, RED);
	s += bpf_core_enum_value_exists(enum color, PURPLE);
	s += bpf_core_enum_value(enum color, RED);
	s += bpf_core_enum_value(enum color, BLUE);
	s += bpf_core_enum_value(enum color, PURPLE);	/* poisoned */
	s += bpf_core_enum_value(enum big64, B64_HI);
	s += bpf_core_enum_value(enum big64, B64_LO);
	s += bpf_core_enum_value(enum sgn, NEG);
	s += bpf_core_enum_value_exists(enum big64, B64_LO);
	return (int)s + (ctx != 0);
}
