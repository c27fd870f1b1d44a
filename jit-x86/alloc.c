// SPDX-License-Identifier: MIT
/*
 * rtalloc: the runtime's allocator, KASAN generic's object layout in
 * miniature (mm/kasan/generic.c, mm/kasan/quarantine.c).
 *
 * Every object is a chunk of the arena: [left red zone][object][right red
 * zone], the red zones poisoned, the object unpoisoned to its exact size
 * (a 13-byte object leaves its second granule at 5).  Chunks are carved by
 * a bump pointer, so the chunk table stays sorted by address and a report
 * finds the object near a bad address by binary search.  A freed object is
 * poisoned as freed and kept in a FIFO quarantine until quarantine_max
 * bytes are held; only then can its chunk be reused (by an allocation of
 * the same total size), so a use after free is reported as such.
 *
 * The arena beyond the bump pointer is poisoned as unallocated in 64 KiB
 * steps as the bump advances, so the shadow is only written where the
 * arena is used (MAP_NORESERVE keeps the rest uncommitted).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rt.h"

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)
#define POISON_STEP (64 * 1024)

int rtalloc_init(struct rtalloc *a, size_t arena_len, size_t quarantine_max)
{
	void *m;
	int err;

	memset(a, 0, sizeof(*a));
	arena_len = (arena_len + POISON_STEP - 1) & ~(size_t)(POISON_STEP - 1);
	m = mmap(NULL, arena_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	a->arena = m;
	a->arena_len = arena_len;
	a->bump = a->poisoned_to = (uintptr_t)m;
	a->quarantine_max = quarantine_max;
	err = shadow_init(&a->sh, (uintptr_t)m, arena_len);
	if (err) {
		munmap(m, arena_len);
		a->arena = NULL;
	}
	return err;
}

void rtalloc_fini(struct rtalloc *a)
{
	shadow_fini(&a->sh);
	if (a->arena)
		munmap(a->arena, a->arena_len);
	free(a->chunks);
	free(a->fifo);
	free(a->avail);
	memset(a, 0, sizeof(*a));
}

static int grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*v, n * elem);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = n;
	return 0;
}

/* A chunk out of quarantine of exactly `total` bytes, or NULL.  Only the
 * most recent candidates are scanned: reuse is an optimisation. */
static struct chunk *reuse(struct rtalloc *a, size_t total)
{
	size_t stop = a->avail_cnt > 64 ? a->avail_cnt - 64 : 0;

	for (size_t i = a->avail_cnt; i-- > stop;) {
		struct chunk *c = &a->chunks[a->avail[i]];

		if (c->total == total) {
			a->avail[i] = a->avail[--a->avail_cnt];
			return c;
		}
	}
	return NULL;
}

/* A new chunk of `total` bytes from the bump pointer, or NULL. */
static struct chunk *carve(struct rtalloc *a, size_t total)
{
	uintptr_t end = (uintptr_t)a->arena + a->arena_len;
	struct chunk *c;

	if (total > end - a->bump || grow((void **)&a->chunks, &a->chunk_cap,
					  a->chunk_cnt + 1, sizeof(*c)))
		return NULL;
	while (a->poisoned_to < a->bump + total) {
		shadow_poison(&a->sh, a->poisoned_to, POISON_STEP, RT_SHADOW_UNALLOCATED);
		a->poisoned_to += POISON_STEP;
	}
	c = &a->chunks[a->chunk_cnt++];
	memset(c, 0, sizeof(*c));
	c->base = a->bump;
	c->total = total;
	a->bump += total;
	return c;
}

/* Lay out [left][object][right] in `c` and write its shadow. */
static void lay_out(struct rtalloc *a, struct chunk *c, size_t size, size_t left, bool stack)
{
	c->user = c->base + left;
	c->size = size;
	c->stack = stack;
	c->state = CHUNK_LIVE;
	shadow_poison(&a->sh, c->base, left, stack ? RT_SHADOW_STACK_LEFT : RT_SHADOW_REDZONE);
	shadow_poison(&a->sh, c->user, c->total - left,
		      stack ? RT_SHADOW_STACK_RIGHT : RT_SHADOW_REDZONE);
	shadow_unpoison(&a->sh, c->user, size);
	memset((void *)c->user, 0, size);
}

void *rtalloc_alloc_rz(struct rtalloc *a, size_t size, size_t left, size_t right, bool stack,
		       const char *desc)
{
	size_t total;
	struct chunk *c;

	left = ALIGN8(left ? left : 8);
	right = ALIGN8(right ? right : 8);
	if (size > a->arena_len)
		return NULL;
	total = left + ALIGN8(size) + right;
	c = reuse(a, total);
	if (!c)
		c = carve(a, total);
	if (!c)
		return NULL;
	lay_out(a, c, size, left, stack);
	snprintf(c->desc, sizeof(c->desc), "%s", desc);
	return (void *)c->user;
}

/* Oldest quarantined chunks become reusable until the budget holds. */
static void drain(struct rtalloc *a)
{
	while (a->quarantined > a->quarantine_max && a->fifo_cnt) {
		size_t idx = a->fifo[a->fifo_head];
		struct chunk *c = &a->chunks[idx];

		a->fifo_head = (a->fifo_head + 1) % a->fifo_cap;
		a->fifo_cnt--;
		a->quarantined -= c->total;
		if (grow((void **)&a->avail, &a->avail_cap, a->avail_cnt + 1, sizeof(size_t)))
			continue; /* cannot track it: it just stays poisoned */
		c->state = CHUNK_AVAILABLE;
		a->avail[a->avail_cnt++] = idx;
	}
}

/* The FIFO is a ring; growing it unrolls the ring into the new array. */
static int fifo_push(struct rtalloc *a, size_t idx)
{
	if (a->fifo_cnt == a->fifo_cap) {
		size_t ncap = a->fifo_cap ? 2 * a->fifo_cap : 64;
		size_t *n = malloc(ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		for (size_t i = 0; i < a->fifo_cnt; i++)
			n[i] = a->fifo[(a->fifo_head + i) % a->fifo_cap];
		free(a->fifo);
		a->fifo = n;
		a->fifo_cap = ncap;
		a->fifo_head = 0;
	}
	a->fifo[(a->fifo_head + a->fifo_cnt++) % a->fifo_cap] = idx;
	return 0;
}

/* kasan_slab_free() then quarantine_put(): poison as freed, keep it. */
void rtalloc_free(struct rtalloc *a, void *p)
{
	struct chunk *c = p ? rtalloc_find(a, (uintptr_t)p) : NULL;

	if (!c || c->state != CHUNK_LIVE || c->user != (uintptr_t)p)
		return;
	shadow_poison(&a->sh, c->user, c->size ? c->size : 1, RT_SHADOW_FREED);
	c->state = CHUNK_QUARANTINED;
	if (fifo_push(a, (size_t)(c - a->chunks)))
		return; /* stays quarantined forever: still safe */
	a->quarantined += c->total;
	drain(a);
}

/* The chunk whose [base, base + total) holds addr, or NULL. */
struct chunk *rtalloc_find(const struct rtalloc *a, uintptr_t addr)
{
	size_t lo = 0, hi = a->chunk_cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->chunks[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	struct chunk *c = &a->chunks[lo - 1];
	return addr - c->base < c->total ? c : NULL;
}

/*
 * Move the object's window inside its chunk (the packet after
 * bpf_xdp_adjust_head/tail): everything else in the chunk becomes red
 * zone.  The shadow cannot poison the start of a granule, so up to 7 bytes
 * before an unaligned `user` stay addressable.
 */
void rtalloc_set_window(struct rtalloc *a, struct chunk *c, uintptr_t user, size_t size)
{
	uintptr_t g = user & ~(uintptr_t)7;

	shadow_poison(&a->sh, c->base, c->total, RT_SHADOW_REDZONE);
	shadow_unpoison(&a->sh, g, size + (user - g));
	c->user = user;
	c->size = size;
}
