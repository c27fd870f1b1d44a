// SPDX-License-Identifier: MIT
/*
 * stackrz: red zones between the objects of a 512-byte BPF frame.
 *
 * A compiler that instruments stack accesses (KASAN's stack
 * instrumentation) moves the objects apart and poisons red zones between
 * them.  Here the layout is the program's: its fixed offsets are compiled
 * in, nothing can move.  What can be done is to poison the bytes of a
 * frame that no correct access touches (the "gaps": padding, and the part
 * of the 512 bytes the function does not use), so that a variable-offset
 * access straying from its object into a gap is reported.
 *
 * The objects come from verifier-ext's facts (every pointer that reached
 * each access, and every stack memory argument of a helper or global
 * function), per function, since a call depth holds different functions:
 *
 *  used      every byte a constant-offset access or a constant-offset
 *            helper argument touches (any register, any function: a
 *            callee writing through a pointer into its caller's frame
 *            counts for the caller's frame);
 *  objects   the maximal runs of used bytes;
 *  anchored  a variable-offset access whose pointer's constant part (the
 *            &array clang formed before adding the index) is a used byte:
 *            its object is the run holding that byte;
 *  kept      a variable-offset access (or helper argument) that is not
 *            anchored: no object is known for it, so every byte the
 *            verifier lets it reach counts as used (nothing in its range
 *            is poisoned).
 *
 * A function gets red zones only if some anchored access targets its
 * frame (only a variable offset can stray: the verifier checks constant
 * ones); its frame's shadow poisons every granule whose 8 bytes are all
 * unused (KASAN_STACK_MID); a partly used granule stays addressable
 * (granule() says why).  The anchored accesses whose
 * range covers a poisoned byte are the ones to check (`guard`): smt/ may
 * have elided them (they stay in the frame), but not proved them inside
 * their object.
 *
 * Facts the analysis cannot attribute to a frame (a pointer whose kind or
 * frame differs between paths and was merged, an access of more than
 * VX_MAX_SEEN pointers) make the whole program go without red zones: a
 * poisoned byte a correct program touches would be a false report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

#define FRAME ISA_STACK_SIZE
#define GRANULES (ISA_STACK_SIZE / 8)

/* A variable-offset use of a frame: [lo, hi) from r10, base = constant part. */
struct var_use {
	int func;
	int insn;		/* -1: a helper argument (the helper checks it) */
	int32_t base, lo, hi;
	bool anchored;
};

struct fn_acc {
	int func;
	uint8_t used[FRAME];	/* byte -FRAME + i of the frame */
	bool anchored;		/* some anchored access targets it */
};

struct build {
	struct fn_acc *fn;
	unsigned fn_cnt, fn_cap;
	struct var_use *var;
	unsigned var_cnt, var_cap;
	char *why;
	size_t whylen;
};

static struct fn_acc *fn_get(struct build *b, int func)
{
	for (unsigned i = 0; i < b->fn_cnt; i++)
		if (b->fn[i].func == func)
			return &b->fn[i];
	if (b->fn_cnt == b->fn_cap) {
		unsigned cap = b->fn_cap ? 2 * b->fn_cap : 8;
		struct fn_acc *n = realloc(b->fn, cap * sizeof(*n));

		if (!n)
			return NULL;
		b->fn = n;
		b->fn_cap = cap;
	}
	memset(&b->fn[b->fn_cnt], 0, sizeof(b->fn[0]));
	b->fn[b->fn_cnt].func = func;
	return &b->fn[b->fn_cnt++];
}

/* Mark [lo, hi) (offsets from r10) used, clamped to the frame. */
static void mark(struct fn_acc *f, int64_t lo, int64_t hi)
{
	if (lo < -FRAME)
		lo = -FRAME;
	if (hi > 0)
		hi = 0;
	for (int64_t o = lo; o < hi; o++)
		f->used[o + FRAME] = 1;
}

static int add_var(struct build *b, int func, int insn, int64_t base, int64_t lo, int64_t hi)
{
	if (b->var_cnt == b->var_cap) {
		unsigned cap = b->var_cap ? 2 * b->var_cap : 16;
		struct var_use *n = realloc(b->var, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		b->var = n;
		b->var_cap = cap;
	}
	/* the verifier bounded the access to the frame; clamp anyway */
	b->var[b->var_cnt++] = (struct var_use){
		func, insn, (int32_t)base, (int32_t)(lo < -FRAME ? -FRAME : lo),
		(int32_t)(hi > 0 ? 0 : hi), false,
	};
	return 0;
}

static int refuse(struct build *b, const char *fmt, int insn)
{
	snprintf(b->why, b->whylen, fmt, insn);
	return 1;
}

/* The accesses: constant offsets mark bytes, variable ones are queued. */
static int scan_facts(struct build *b, const struct vx_result *vx)
{
	for (unsigned k = 0; k < vx->fact_cnt; k++) {
		const struct access_fact *f = &vx->facts[k];

		if (!f->reached)
			continue;
		for (unsigned s = 0; s < f->seen_cnt; s++) {
			const struct access_seen *p = &f->seen[s];
			struct fn_acc *fn;

			if (p->region == VX_REGION_OTHER)
				return refuse(b, "insn %d: pointers of different kinds or frames merged", f->insn);
			if (p->region != VX_REGION_STACK)
				continue;
			if (p->func < 0)
				return refuse(b, "insn %d: a stack pointer of no known function", f->insn);
			if (!(fn = fn_get(b, p->func)))
				return -ENOMEM;
			if (!p->var_mask && !f->seen_overflow) {
				int64_t a = (int64_t)p->off + (int64_t)p->var_value;

				mark(fn, a, a + p->size);
			} else if (f->seen_overflow) {
				/* widened: several pointers merged, no single base */
				mark(fn, (int64_t)p->off + p->smin, (int64_t)p->off + p->smax + p->size);
			} else if (add_var(b, p->func, f->insn, p->off, (int64_t)p->off + p->smin,
					   (int64_t)p->off + p->smax + p->size)) {
				return -ENOMEM;
			}
		}
	}
	return 0;
}

/* Helper and global-function memory arguments on the stack. */
static int scan_args(struct build *b, const struct vx_result *vx)
{
	for (unsigned k = 0; k < vx->stack_arg_cnt; k++) {
		const struct vx_stack_arg *a = &vx->stack_args[k];
		struct fn_acc *fn;

		if (a->func < 0)
			return refuse(b, "insn %d: a stack argument of no known function", a->insn);
		if (!(fn = fn_get(b, a->func)))
			return -ENOMEM;
		if (!a->var)
			mark(fn, a->lo, a->hi);
		else if (add_var(b, a->func, -1, a->base, a->lo, a->hi))
			return -ENOMEM;
	}
	return 0;
}

/* Anchor variable uses on the objects the constant ones identify; the
 * others keep their whole range (decided before any range is marked, so
 * that the objects are the constant-offset ones). */
static void anchor(struct build *b)
{
	for (unsigned i = 0; i < b->var_cnt; i++) {
		struct var_use *v = &b->var[i];
		struct fn_acc *fn = fn_get(b, v->func); /* exists: scan made it */

		v->anchored = v->base >= -FRAME && v->base < 0 && fn->used[v->base + FRAME];
	}
	for (unsigned i = 0; i < b->var_cnt; i++) {
		struct var_use *v = &b->var[i];
		struct fn_acc *fn = fn_get(b, v->func);

		if (!v->anchored)
			mark(fn, v->lo, v->hi);
		else
			fn->anchored = true;
	}
}

/*
 * A granule is poisoned only when none of its bytes is used.  KASAN would
 * poison the unused tail of a partly used granule; here that tail is most
 * often the end of an object the facts see one or a few bytes short of
 * its size (a helper writing `len & 63` bytes of a 64-byte buffer, the
 * last byte written through the index), so it stays addressable.
 */
static int8_t granule(const uint8_t used[8])
{
	for (int j = 0; j < 8; j++)
		if (used[j])
			return 0;
	return RT_SHADOW_STACK_MID;
}

static int fill_frame(struct rt_frame_layout *fr, const struct fn_acc *fn, unsigned *gap_bytes)
{
	unsigned n = 0;

	fr->func = fn->func;
	for (int g = 0; g < GRANULES; g++) {
		int8_t v = granule(&fn->used[8 * g]);

		fr->shadow[g] = v;
		*gap_bytes += v < 0 ? 8 : 0;
	}
	for (int i = 0; i < FRAME; i++)
		n += fn->used[i] && (i == 0 || !fn->used[i - 1]);
	fr->objs = calloc(n ? n : 1, sizeof(*fr->objs));
	if (!fr->objs)
		return -ENOMEM;
	for (int i = 0; i < FRAME; i++) {
		if (!fn->used[i] || (i && fn->used[i - 1]))
			continue;
		int j = i;

		while (j < FRAME && fn->used[j])
			j++;
		fr->objs[fr->obj_cnt++] = (struct rt_stack_object){ (int16_t)(i - FRAME),
								    (int16_t)(j - FRAME) };
	}
	return 0;
}

/* Is any byte of [lo, hi) poisoned in fr's shadow? */
static bool reaches_poison(const struct rt_frame_layout *fr, int32_t lo, int32_t hi)
{
	for (int32_t o = lo; o < hi; o++)
		if (fr->shadow[(o + FRAME) / 8] < 0)
			return true;
	return false;
}

static int finish(struct build *b, struct rt_stack_layout *l)
{
	unsigned n = 0;

	for (unsigned i = 0; i < b->fn_cnt; i++)
		n += b->fn[i].anchored;
	if (!n)
		return 0;
	l->frames = calloc(n, sizeof(*l->frames));
	if (!l->frames)
		return -ENOMEM;
	for (unsigned i = 0; i < b->fn_cnt; i++) {
		const struct fn_acc *fn = &b->fn[i];

		if (!fn->anchored)
			continue;
		if (fn->func < 0 || (size_t)fn->func >= l->insn_cnt)
			continue;
		if (fill_frame(&l->frames[l->frame_cnt], fn, &l->gap_bytes))
			return -ENOMEM;
		l->by_func[fn->func] = (int)l->frame_cnt++;
	}
	for (unsigned i = 0; i < b->var_cnt; i++) {
		const struct var_use *v = &b->var[i];
		int fi = v->func >= 0 && (size_t)v->func < l->insn_cnt ? l->by_func[v->func] : -1;

		if (v->anchored && v->insn >= 0 && fi >= 0 &&
		    reaches_poison(&l->frames[fi], v->lo, v->hi))
			l->guard[v->insn / 8] |= (uint8_t)(1u << (v->insn % 8));
	}
	return 0;
}

int rt_stack_layout_build(const struct vx_result *vx, size_t insn_cnt,
			  struct rt_stack_layout **out)
{
	struct rt_stack_layout *l = calloc(1, sizeof(*l));
	struct build b = { 0 };
	int e;

	*out = NULL;
	if (!l)
		return -ENOMEM;
	l->insn_cnt = insn_cnt;
	l->by_func = malloc((insn_cnt + 1) * sizeof(*l->by_func));
	l->guard = calloc(insn_cnt / 8 + 1, 1);
	if (!l->by_func || !l->guard) {
		rt_stack_layout_free(l);
		return -ENOMEM;
	}
	for (size_t i = 0; i <= insn_cnt; i++)
		l->by_func[i] = -1;
	b.why = l->why;
	b.whylen = sizeof(l->why);
	if (vx->verdict != VX_ACCEPTED) {
		snprintf(l->why, sizeof(l->why), "the analysis did not accept the program");
		e = 0;
	} else {
		e = scan_facts(&b, vx);
		if (!e)
			e = scan_args(&b, vx);
		if (!e) {
			anchor(&b);
			e = finish(&b, l);
		} else if (e > 0) {
			e = 0; /* refused: l->why says why, no frame gets red zones */
		}
	}
	free(b.fn);
	free(b.var);
	if (e) {
		rt_stack_layout_free(l);
		return e;
	}
	*out = l;
	return 0;
}

void rt_stack_layout_free(struct rt_stack_layout *l)
{
	if (!l)
		return;
	for (unsigned i = 0; i < l->frame_cnt; i++)
		free(l->frames[i].objs);
	free(l->frames);
	free(l->by_func);
	free(l->guard);
	free(l);
}

const struct rt_frame_layout *rt_stack_layout_of(const struct rt_stack_layout *l, size_t func)
{
	if (!l || func >= l->insn_cnt || l->by_func[func] < 0)
		return NULL;
	return &l->frames[l->by_func[func]];
}

/* A function starts in frame `depth`: its red zones, or none. */
void rt_frame_enter(struct rt *rt, const struct rt_stack_layout *l, int depth, size_t func)
{
	const struct rt_frame_layout *fr = rt_stack_layout_of(l, func);

	if (!l || !l->frame_cnt)
		return;
	if (fr)
		memcpy(shadow_of(&rt->alloc.sh, rt->stacks[depth]), fr->shadow, GRANULES);
	else
		memset(shadow_of(&rt->alloc.sh, rt->stacks[depth]), 0, GRANULES);
	rt->frame_layout[depth] = fr;
}

/* Before and after a run: every frame plain 512 addressable bytes. */
void rt_frames_reset(struct rt *rt)
{
	for (int d = 0; d < RT_MAX_FRAMES; d++) {
		shadow_unpoison(&rt->alloc.sh, rt->stacks[d], FRAME);
		rt->frame_layout[d] = NULL;
	}
}
