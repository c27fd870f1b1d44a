// SPDX-License-Identifier: MIT
/*
 * report: KASAN-shaped reports of bad accesses (mm/kasan/report.c's
 * print_report(): header, access, the object described, shadow dump).
 *
 * As in KASAN, the bug type comes from the shadow of the first bad byte,
 * and the object is described from the access address ("0 bytes to the
 * right of the 48-byte value of map 'counters'").  Reports are multi-shot
 * (kasan_multi_shot) unless the run asked to halt on the first one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt.h"

const char *rt_bug_name(enum rt_bug b)
{
	switch (b) {
	case RT_BUG_SLAB_OOB: return "slab-out-of-bounds";
	case RT_BUG_USE_AFTER_FREE: return "slab-use-after-free";
	case RT_BUG_STACK_OOB: return "stack-out-of-bounds";
	case RT_BUG_WILD: return "wild-memory-access";
	case RT_BUG_NULL_DEREF: return "null-ptr-deref";
	case RT_BUG_UNALLOCATED: return "out-of-bounds";
	}
	return "unknown-crash";
}

static enum rt_bug bug_of_shadow(int8_t v)
{
	switch (v) {
	case RT_SHADOW_FREED: return RT_BUG_USE_AFTER_FREE;
	case RT_SHADOW_STACK_LEFT:
	case RT_SHADOW_STACK_MID:
	case RT_SHADOW_STACK_RIGHT: return RT_BUG_STACK_OOB;
	case RT_SHADOW_UNALLOCATED: return RT_BUG_UNALLOCATED;
	default: return RT_BUG_SLAB_OOB;
	}
}

/* Where `addr` lies relative to chunk `c` (describe_object_addr()). */
static void where_in_chunk(const struct chunk *c, uintptr_t addr, char *buf, size_t len)
{
	const char *freed = c->state == CHUNK_LIVE ? "" : "freed ";

	if (addr < c->user)
		snprintf(buf, len, "%zu bytes to the left of the %s%zu-byte %s",
			 (size_t)(c->user - addr), freed, c->size, c->desc);
	else if (addr >= c->user + c->size)
		snprintf(buf, len, "%zu bytes to the right of the %s%zu-byte %s",
			 (size_t)(addr - c->user - c->size), freed, c->size, c->desc);
	else
		snprintf(buf, len, "%zu bytes inside of the %s%zu-byte %s",
			 (size_t)(addr - c->user), freed, c->size, c->desc);
}

/*
 * Where `addr` lies among the objects of frame `d` (stackrz.c): inside
 * one, or to the right of the nearest below it / to the left of the
 * nearest above it, whichever is closer (the one below on a tie: an
 * overflow runs upwards).  False when the frame has no objects.
 */
static bool where_in_frame(const struct rt *rt, int d, uintptr_t addr, char *buf, size_t len)
{
	const struct rt_frame_layout *fr = rt->frame_layout[d];
	const struct rt_stack_object *below = NULL, *above = NULL, *o = NULL;
	int64_t off = (int64_t)(addr - rt->stacks[d]) - ISA_STACK_SIZE;
	const char *side;
	int64_t n;

	if (!fr || !fr->obj_cnt)
		return false;
	for (unsigned i = 0; i < fr->obj_cnt; i++) {
		const struct rt_stack_object *b = &fr->objs[i];

		if (off >= b->lo && off < b->hi)
			o = b;
		else if (b->hi <= off)
			below = b;
		else if (!above)
			above = b;
	}
	if (o) {
		side = "inside of";
		n = off - o->lo;
	} else if (below && (!above || off - below->hi <= above->lo - off)) {
		o = below;
		side = "to the right of";
		n = off - below->hi;
	} else {
		o = above;
		side = "to the left of";
		n = above->lo - off;
	}
	char hi[16] = "";

	if (o->hi)
		snprintf(hi, sizeof(hi), "%d", o->hi); /* "[fp-16, fp)" at the top */
	snprintf(buf, len, "%lld bytes %s the %d-byte stack object at [fp%d, fp%s) of frame #%d",
		 (long long)n, side, o->hi - o->lo, o->lo, hi, d);
	return true;
}

static enum rt_bug describe(const struct rt *rt, uintptr_t addr, uintptr_t bad, char *buf,
			    size_t len)
{
	const struct rtalloc *a = &rt->alloc;
	const struct chunk *c;

	if (!shadow_covers(&a->sh, addr, 1)) {
		snprintf(buf, len, "outside the runtime's memory");
		return addr < 4096 ? RT_BUG_NULL_DEREF : RT_BUG_WILD; /* as KASAN's GPF hook */
	}
	c = rtalloc_find(a, addr);
	if (!c) {
		snprintf(buf, len, "in runtime memory no object owns");
		return RT_BUG_UNALLOCATED;
	}
	if (c->stack) {
		/* a frame's shadow is stack red zone and stack gaps only (a
		 * partial granule's kind may be read from a used neighbour) */
		for (int d = 0; d < RT_MAX_FRAMES; d++)
			if (rt->stacks[d] == c->user && addr >= c->user &&
			    addr < c->user + c->size && where_in_frame(rt, d, addr, buf, len))
				return RT_BUG_STACK_OOB;
		where_in_chunk(c, addr, buf, len);
		return RT_BUG_STACK_OOB;
	}
	where_in_chunk(c, addr, buf, len);
	return bug_of_shadow(shadow_kind(&a->sh, bad));
}

enum rt_bug rt_describe(const struct rt *rt, uintptr_t addr, char *buf, size_t len)
{
	uintptr_t bad = shadow_first_bad(&rt->alloc.sh, addr, 1);

	return describe(rt, addr, bad ? bad : addr, buf, len);
}

/* print_memory_metadata(): the shadow rows around the bad address. */
static void dump_shadow(FILE *f, const struct shadow *s, uintptr_t bad)
{
	uintptr_t row = (bad & ~(uintptr_t)127) - 2 * 128;

	fprintf(f, "Memory state around the buggy address:\n");
	for (int r = 0; r < 5; r++, row += 128) {
		if (!shadow_covers(s, row, 128))
			continue;
		fprintf(f, "%c%016" PRIxPTR ":", row == (bad & ~(uintptr_t)127) ? '>' : ' ', row);
		for (int g = 0; g < 16; g++)
			fprintf(f, " %02x", (uint8_t)*shadow_of(s, row + 8 * g));
		fprintf(f, "\n");
		if (row == (bad & ~(uintptr_t)127))
			fprintf(f, "%*c^\n", 19 + 3 * (int)((bad & 127) >> 3), ' ');
	}
}

static void print_insn(FILE *f, const struct rt_exec *x, int pc)
{
	const struct obj_line *l = x->prog && (size_t)pc < x->prog->insn_cnt
					   ? x->prog->origin[pc].line : NULL;
	char text[128];

	isa_disasm(&x->insns[pc], x->insn_cnt - pc, NULL, true, text, sizeof(text));
	fprintf(f, " %d: %s\n", pc, text);
	if (l) {
		const char *src = l->text ? l->text : "";

		src += strspn(src, " \t");
		fprintf(f, " ; %s (%s:%u)\n", src, l->file ? l->file : "?", l->line);
	}
}

static void print_report(FILE *f, const struct rt_exec *x, const struct rt_report *r,
			 uintptr_t bad)
{
	const char *name = x->prog ? x->prog->name : "prog";

	fprintf(f, "==================================================================\n");
	fprintf(f, "BUG: KASAN: %s in %s+0x%x/0x%zx\n", rt_bug_name(r->bug), name,
		r->insn * ISA_INSN_SZ, x->insn_cnt * ISA_INSN_SZ);
	fprintf(f, "%s of size %u at addr %016" PRIx64, r->is_write ? "Write" : "Read", r->size,
		r->addr);
	if (r->helper >= 0)
		fprintf(f, " by helper %s#%d called at BPF instruction #%d\n",
			isa_helper_name(r->helper) ?: "?", r->helper, r->insn);
	else
		fprintf(f, " by BPF instruction #%d\n", r->insn);
	print_insn(f, x, r->insn);
	fprintf(f, "\nThe buggy address is located %s\n\n", r->where);
	if (r->bug != RT_BUG_WILD && r->bug != RT_BUG_NULL_DEREF)
		dump_shadow(f, &x->rt->alloc.sh, bad);
	fprintf(f, "==================================================================\n");
}

void report_access(struct rt_exec *x, uintptr_t addr, size_t size, bool is_write, uintptr_t bad)
{
	struct rt_run_result *res = x->res;
	struct rt_report r = {
		.is_write = is_write, .size = (uint32_t)size, .addr = addr,
		.insn = (int)x->pc, .helper = x->cur_helper,
	};

	r.bug = describe(x->rt, addr, bad, r.where, sizeof(r.where));
	if (res->reports < RT_MAX_KEPT_REPORTS)
		res->kept[res->reports] = r;
	res->reports++;
	if (!x->rt->opts.quiet)
		print_report(x->rt->opts.report_out ?: stderr, x, &r, bad);
	if (x->opts->halt_on_error) {
		res->halted = true;
		x->stop = true;
	}
}

bool report_check_slow(struct rt_exec *x, uintptr_t addr, size_t size, bool is_write)
{
	uintptr_t bad = shadow_first_bad(&x->rt->alloc.sh, addr, size);

	if (!bad)
		return true;
	report_access(x, addr, size, is_write, bad);
	return false;
}
