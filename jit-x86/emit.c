// SPDX-License-Identifier: MIT
/*
 * emit: x86-64 instruction encoding (Intel SDM vol. 2, chapter 2): legacy
 * prefixes, REX, opcode, ModRM, SIB, displacement, immediate.  Only the
 * forms the JIT uses.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

void x86_byte(struct jbuf *b, uint8_t v)
{
	if (b->len == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 4096;
		uint8_t *p = b->oom ? NULL : realloc(b->p, cap);

		if (!p) {
			b->oom = true;
			b->len = 0; /* keep writing somewhere harmless */
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	b->p[b->len++] = v;
}

void x86_u32(struct jbuf *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		x86_byte(b, (uint8_t)(v >> 8 * i));
}

void x86_u64(struct jbuf *b, uint64_t v)
{
	x86_u32(b, (uint32_t)v);
	x86_u32(b, (uint32_t)(v >> 32));
}

static void prefixes(struct jbuf *b, unsigned f)
{
	if (f & XF_LOCK)
		x86_byte(b, 0xf0);
	if (f & XF_66)
		x86_byte(b, 0x66);
}

static void rex(struct jbuf *b, unsigned f, int reg, int index, int base, bool byte_regs)
{
	uint8_t r = 0x40;

	if (f & XF_W)
		r |= 8;
	if (reg >= 8)
		r |= 4;
	if (index >= 8)
		r |= 2;
	if (base >= 8)
		r |= 1;
	if (r != 0x40 || (byte_regs && (f & XF_BYTE)))
		x86_byte(b, r);
}

static void opcode(struct jbuf *b, const char *op, int oplen)
{
	for (int i = 0; i < oplen; i++)
		x86_byte(b, (uint8_t)op[i]);
}

void x86_op_rr(struct jbuf *b, unsigned f, const char *op, int oplen, int reg, int rm)
{
	prefixes(b, f);
	rex(b, f, reg, 0, rm, (reg >= 4 && reg < 8) || (rm >= 4 && rm < 8));
	opcode(b, op, oplen);
	x86_byte(b, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

void x86_op_rm(struct jbuf *b, unsigned f, const char *op, int oplen, int reg, struct x86_mem m)
{
	int mod = m.disp == 0 && (m.base & 7) != 5 ? 0 : m.disp >= -128 && m.disp <= 127 ? 1 : 2;
	bool sib = m.index >= 0 || (m.base & 7) == 4;

	prefixes(b, f);
	rex(b, f, reg, m.index < 0 ? 0 : m.index, m.base, reg >= 4 && reg < 8);
	opcode(b, op, oplen);
	x86_byte(b, (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : (m.base & 7))));
	if (sib)
		x86_byte(b, (uint8_t)(m.scale << 6 | (m.index < 0 ? 4 : (m.index & 7)) << 3 | (m.base & 7)));
	if (mod == 1)
		x86_byte(b, (uint8_t)(int8_t)m.disp);
	else if (mod == 2)
		x86_u32(b, (uint32_t)m.disp);
}

void x86_mov_rr(struct jbuf *b, bool w, int dst, int src)
{
	x86_op_rr(b, w ? XF_W : 0, "\x89", 1, src, dst);
}

void x86_mov_ri(struct jbuf *b, bool w, int dst, int32_t imm)
{
	if (w) {
		x86_op_rr(b, XF_W, "\xc7", 1, 0, dst);
	} else {
		rex(b, 0, 0, 0, dst, false);
		x86_byte(b, (uint8_t)(0xb8 + (dst & 7)));
	}
	x86_u32(b, (uint32_t)imm);
}

void x86_mov_ri64(struct jbuf *b, int dst, uint64_t imm)
{
	if (imm <= 0xffffffffull) {
		x86_mov_ri(b, false, dst, (int32_t)(uint32_t)imm);
	} else if ((int64_t)imm == (int32_t)imm) {
		x86_mov_ri(b, true, dst, (int32_t)imm);
	} else {
		rex(b, XF_W, 0, 0, dst, false);
		x86_byte(b, (uint8_t)(0xb8 + (dst & 7)));
		x86_u64(b, imm);
	}
}

void x86_load(struct jbuf *b, int size, bool sx, int dst, struct x86_mem m)
{
	switch (size) {
	case 1: x86_op_rm(b, sx ? XF_W : 0, sx ? "\x0f\xbe" : "\x0f\xb6", 2, dst, m); break;
	case 2: x86_op_rm(b, sx ? XF_W : 0, sx ? "\x0f\xbf" : "\x0f\xb7", 2, dst, m); break;
	case 4: x86_op_rm(b, sx ? XF_W : 0, sx ? "\x63" : "\x8b", 1, dst, m); break;
	default: x86_op_rm(b, XF_W, "\x8b", 1, dst, m); break;
	}
}

void x86_store(struct jbuf *b, int size, struct x86_mem m, int src)
{
	switch (size) {
	case 1: x86_op_rm(b, XF_BYTE, "\x88", 1, src, m); break;
	case 2: x86_op_rm(b, XF_66, "\x89", 1, src, m); break;
	case 4: x86_op_rm(b, 0, "\x89", 1, src, m); break;
	default: x86_op_rm(b, XF_W, "\x89", 1, src, m); break;
	}
}

void x86_store_imm(struct jbuf *b, int size, struct x86_mem m, int32_t imm)
{
	switch (size) {
	case 1:
		x86_op_rm(b, 0, "\xc6", 1, 0, m);
		x86_byte(b, (uint8_t)imm);
		break;
	case 2:
		x86_op_rm(b, XF_66, "\xc7", 1, 0, m);
		x86_byte(b, (uint8_t)imm);
		x86_byte(b, (uint8_t)(imm >> 8));
		break;
	default:
		x86_op_rm(b, size == 8 ? XF_W : 0, "\xc7", 1, 0, m);
		x86_u32(b, (uint32_t)imm);
		break;
	}
}

void x86_lea(struct jbuf *b, int dst, struct x86_mem m)
{
	x86_op_rm(b, XF_W, "\x8d", 1, dst, m);
}

void x86_movsx_rr(struct jbuf *b, bool w, int from_size, int dst, int src)
{
	unsigned f = w ? XF_W : 0;

	switch (from_size) {
	case 1: x86_op_rr(b, f | XF_BYTE, "\x0f\xbe", 2, dst, src); break;
	case 2: x86_op_rr(b, f, "\x0f\xbf", 2, dst, src); break;
	default: x86_op_rr(b, XF_W, "\x63", 1, dst, src); break;
	}
}

void x86_movzx16_rr(struct jbuf *b, int dst, int src)
{
	x86_op_rr(b, 0, "\x0f\xb7", 2, dst, src);
}

void x86_alu_rr(struct jbuf *b, bool w, uint8_t op, int dst, int src)
{
	char o = (char)op;

	x86_op_rr(b, w ? XF_W : 0, &o, 1, src, dst);
}

void x86_alu_ri(struct jbuf *b, bool w, int ext, int dst, int32_t imm)
{
	if (imm >= -128 && imm <= 127) {
		x86_op_rr(b, w ? XF_W : 0, "\x83", 1, ext, dst);
		x86_byte(b, (uint8_t)imm);
	} else {
		x86_op_rr(b, w ? XF_W : 0, "\x81", 1, ext, dst);
		x86_u32(b, (uint32_t)imm);
	}
}

void x86_test_ri(struct jbuf *b, bool w, int dst, int32_t imm)
{
	x86_op_rr(b, w ? XF_W : 0, "\xf7", 1, 0, dst);
	x86_u32(b, (uint32_t)imm);
}

void x86_imul_rr(struct jbuf *b, bool w, int dst, int src)
{
	x86_op_rr(b, w ? XF_W : 0, "\x0f\xaf", 2, dst, src);
}

void x86_imul_ri(struct jbuf *b, bool w, int dst, int32_t imm)
{
	x86_op_rr(b, w ? XF_W : 0, "\x69", 1, dst, dst);
	x86_u32(b, (uint32_t)imm);
}

void x86_f7(struct jbuf *b, bool w, int ext, int rm)
{
	x86_op_rr(b, w ? XF_W : 0, "\xf7", 1, ext, rm);
}

void x86_shift(struct jbuf *b, unsigned f, int ext, int dst, int imm)
{
	if (imm < 0) {
		x86_op_rr(b, f, "\xd3", 1, ext, dst);
	} else {
		x86_op_rr(b, f, "\xc1", 1, ext, dst);
		x86_byte(b, (uint8_t)imm);
	}
}

void x86_bswap(struct jbuf *b, bool w, int r)
{
	rex(b, w ? XF_W : 0, 0, 0, r, false);
	x86_byte(b, 0x0f);
	x86_byte(b, (uint8_t)(0xc8 + (r & 7)));
}

void x86_push(struct jbuf *b, int r)
{
	if (r >= 8)
		x86_byte(b, 0x41);
	x86_byte(b, (uint8_t)(0x50 + (r & 7)));
}

void x86_pop(struct jbuf *b, int r)
{
	if (r >= 8)
		x86_byte(b, 0x41);
	x86_byte(b, (uint8_t)(0x58 + (r & 7)));
}

void x86_push_m(struct jbuf *b, struct x86_mem m)
{
	x86_op_rm(b, 0, "\xff", 1, 6, m);
}

void x86_pop_m(struct jbuf *b, struct x86_mem m)
{
	x86_op_rm(b, 0, "\x8f", 1, 0, m);
}

void x86_call_r(struct jbuf *b, int r)
{
	x86_op_rr(b, 0, "\xff", 1, 2, r);
}

void x86_ret(struct jbuf *b) { x86_byte(b, 0xc3); }

void x86_jmp32(struct jbuf *b, int32_t disp)
{
	x86_byte(b, 0xe9);
	x86_u32(b, (uint32_t)disp);
}

void x86_jcc32(struct jbuf *b, int cc, int32_t disp)
{
	x86_byte(b, 0x0f);
	x86_byte(b, (uint8_t)(0x80 | cc));
	x86_u32(b, (uint32_t)disp);
}

void x86_call32(struct jbuf *b, int32_t disp)
{
	x86_byte(b, 0xe8);
	x86_u32(b, (uint32_t)disp);
}

size_t x86_jmp8(struct jbuf *b, int8_t disp)
{
	x86_byte(b, 0xeb);
	x86_byte(b, (uint8_t)disp);
	return b->len - 1;
}

size_t x86_jcc8(struct jbuf *b, int cc, int8_t disp)
{
	x86_byte(b, (uint8_t)(0x70 | cc));
	x86_byte(b, (uint8_t)disp);
	return b->len - 1;
}

void x86_patch8(struct jbuf *b, size_t at)
{
	if (!b->oom && at < b->len)
		b->p[at] = (uint8_t)(int8_t)(b->len - at - 1);
}
