// SPDX-License-Identifier: MIT
/*
 * shadow: the ASan-layout shadow of the runtime's arena.
 *
 * shadow(a) = (a >> 3) + offset, one byte per 8-byte granule, with KASAN
 * generic's encoding (mm/kasan/generic.c): 0 = all 8 bytes addressable,
 * 1..7 = only the first k, negative = none, the value saying why.
 *
 * ASan's fixed offset (0x7fff8000) is ASan's own in the project's
 * sanitizer builds, so the shadow here covers only the runtime's arena:
 * shadow_init() reserves arena_len / 8 bytes wherever mmap() puts them
 * (MAP_NORESERVE: pages are committed when first written) and derives the
 * offset from that address.  An address outside [lo, hi) has no shadow.
 *
 * For the JIT, whose inline checks load shadow(addr) without testing that
 * addr lies in the arena, shadow_init() first tries to reserve, with no
 * access, the shadow of the whole user address space (2^47 / 8 = 16 TiB,
 * PROT_NONE and MAP_NORESERVE: address space only), and maps the arena's
 * part of it read-write: the shadow of any other user address then
 * faults (and a kernel address's is not canonical), which the JIT turns
 * into a wild-memory-access report.  If the reservation fails, only the
 * arena's shadow is mapped (s->guarded is false).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "rt.h"

#define USER_SHADOW (1ull << 44)	/* shadow of [0, 2^47) */

int shadow_init(struct shadow *s, uintptr_t lo, size_t len)
{
	size_t map_len = (len + 7) >> 3;
	void *m = MAP_FAILED, *g;

	memset(s, 0, sizeof(*s));
	g = mmap(NULL, USER_SHADOW, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (g != MAP_FAILED) {
		uintptr_t from = ((uintptr_t)g + (lo >> 3)) & ~(uintptr_t)4095;
		uintptr_t to = ((uintptr_t)g + ((lo + len + 7) >> 3) + 4095) & ~(uintptr_t)4095;

		m = mmap((void *)from, to - from, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
		if (m == MAP_FAILED) {
			munmap(g, USER_SHADOW);
		} else {
			s->guard = g;
			s->guarded = true;
			s->lo = lo;
			s->hi = lo + len;
			s->map = NULL;
			s->offset = (uintptr_t)g;
			return 0;
		}
	}
	m = mmap(NULL, map_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	s->lo = lo;
	s->hi = lo + len;
	s->map = m;
	s->map_len = map_len;
	s->offset = (uintptr_t)m - (lo >> 3);
	return 0;
}

void shadow_fini(struct shadow *s)
{
	if (s->map)
		munmap(s->map, s->map_len);
	if (s->guard)
		munmap(s->guard, USER_SHADOW);
	memset(s, 0, sizeof(*s));
}

/* Mark the granules of [a, a + size) poisoned; `a` is granule-aligned.
 * As kasan_poison(): a partial last granule is poisoned whole. */
void shadow_poison(const struct shadow *s, uintptr_t a, size_t size, int8_t code)
{
	memset(shadow_of(s, a), code, (size + 7) >> 3);
}

/* Mark [a, a + size) addressable; `a` is granule-aligned.  As
 * kasan_unpoison(): a partial last granule records how many bytes it has. */
void shadow_unpoison(const struct shadow *s, uintptr_t a, size_t size)
{
	memset(shadow_of(s, a), 0, size >> 3);
	if (size & 7)
		*shadow_of(s, a + (size & ~(size_t)7)) = (int8_t)(size & 7);
}

/* The first byte of [a, a + size) the shadow calls bad, 0 if none.  Each
 * granule the range touches is checked, so an access straddling two
 * granules is seen in both (memory_is_poisoned_n() in mm/kasan/generic.c).
 * Outside the arena everything is bad: `a` itself is returned. */
uintptr_t shadow_first_bad(const struct shadow *s, uintptr_t a, size_t size)
{
	uintptr_t end = a + size;

	if (!size)
		return 0;
	if (!shadow_covers(s, a, size))
		return a ? a : 1;
	for (uintptr_t g = a & ~(uintptr_t)7; g < end; g += 8) {
		int8_t v = *shadow_of(s, g);
		uintptr_t from = g > a ? g : a;

		if (v == 0)
			continue;
		if (v < 0)
			return from;
		if (end > g + (uintptr_t)v) /* past the granule's k good bytes */
			return from > g + (uintptr_t)v ? from : g + (uintptr_t)v;
	}
	return 0;
}

/* Why `bad` is bad: its shadow value, or for a byte past a partial
 * granule's good bytes the next granule's (as kasan's
 * get_shadow_bug_type() does). */
int8_t shadow_kind(const struct shadow *s, uintptr_t bad)
{
	int8_t v;

	if (!shadow_covers(s, bad, 1))
		return 0;
	v = *shadow_of(s, bad);
	if (v > 0 && v <= 7 && shadow_covers(s, (bad | 7) + 1, 1))
		v = *shadow_of(s, (bad | 7) + 1);
	return v < 0 ? v : RT_SHADOW_REDZONE;
}
