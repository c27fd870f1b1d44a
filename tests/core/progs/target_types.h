/* SPDX-License-Identifier: MIT */
/*
 * The "target kernel" layout of the types that core_progs.bpf.c uses with
 * CO-RE.  Compiled twice: into target_btf.bpf.o, whose .BTF is the target
 * BTF, and into the test binary, which computes the expected relocated
 * values from it with offsetof/sizeof.  Comments give the local layout.
 */
#ifndef CORE_TARGET_TYPES_H
#define CORE_TARGET_TYPES_H

/* local: { int x; int y; } */
struct inner {
	long pad;
	int y;
	int x;
};

typedef struct inner inner_t;

/* local: { int a; struct inner in[3]; unsigned short flags;
 *          struct { int anon_a; int anon_b; }; int grid[2][3];
 *          unsigned int cnt; int sval; struct inner *ptr; int len;
 *          int flex[]; } */
struct outer {
	char tag[5];
	unsigned long long cnt;		/* wider, unsigned: access resized */
	union {				/* the local anonymous struct moved */
		struct {
			int anon_b;
			int anon_a;
		};
		long anon_raw;
	};
	unsigned short flags;
	struct inner in[4];
	int grid[3][4];
	long sval;			/* wider, signed: access poisoned */
	int a;
	struct inner *ptr;
	int len;
	int flex[];
};

/* local: { unsigned int pad:3; int sb:5; unsigned long long wide:40;
 *          unsigned char ub:2; unsigned short u9:9; } */
struct bits {
	unsigned char x0;
	int sb:7;
	unsigned int ub:2;
	unsigned int pad:30;
	unsigned long long wide:44;
	unsigned short u9:9;
};

/* local: { unsigned char straddle:4; } packed (clang rejects CO-RE on
 * packed bitfields wider than a byte) */
struct __attribute__((packed)) pbits {
	unsigned char a:6;
	unsigned char straddle:4;	/* crosses a byte: needs a 2-byte load */
	unsigned int wide:30;
};

/* local: { int kept; int old_name; } */
struct renamed {
	int kept;
	int new_name;
};

/* local: struct flav___v2 { int b; int c; } and flav___old { int legacy; } */
struct flav {
	long a;
	int b;
	int c;
};

/* local: { int x; int y; }: two candidates, agreeing on x */
struct dup {
	long pad;
	int x;
	int y;
};

struct dup___2 {
	long pad;
	int x;
	char z;
};

/* local: { int a; unsigned short b; struct inner *p; } */
struct match_ok {
	struct inner *p;
	int a;
	unsigned short b;
	long extra;
};

/* local: { int a; } */
struct match_bad {
	long a;
};

/* local: { int i; long l; } */
union un {
	long l;
	int i;
	char c[16];
};

/* local: { RED, GREEN, BLUE, PURPLE } */
enum color { BLUE = 7, RED = 3, GREEN = 100 };

/* local: { B64_HI = 0x1122334455667788, B64_LO = 2 } */
enum big64 { B64_LO = 1, B64_HI = 0xfedcba9876543210ULL };

/* local: { NEG = -1, POS = 1 } */
enum sgn { POS = 9, NEG = -5 };

#endif /* CORE_TARGET_TYPES_H */
