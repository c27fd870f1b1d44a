// SPDX-License-Identifier: MIT
/*
 * rtmap: the runtime's maps, one per obj_map, with every value a separate
 * allocation with red zones so that an access one past a value is caught
 * (in the kernel an array's values are contiguous: KASAN there sees only
 * overflows past the last one).
 *
 * array, percpu array (one CPU: kernel/bpf/arraymap.c)  values allocated
 *	on first lookup, zeroed; global data maps at creation from the
 *	object's initial contents
 * hash, percpu hash, LRU hash, LRU percpu hash (kernel/bpf/hashtab.c)
 *	chained buckets; a deleted or evicted element's value is freed
 *	into the quarantine when the run ends (rt_free_after_run()), as the
 *	kernel frees it after an RCU grace period: a pointer kept across
 *	bpf_map_delete_elem() reads a stale value, not freed memory; a
 *	full LRU map evicts its least recently used element
 * ringbuf (kernel/bpf/ringbuf.c)  each reserved record is an object;
 *	submit/discard frees it (records are not kept)
 * anything else (prog array, devmap, xskmap, perf event array, ...) is
 *	empty: lookups find nothing
 *
 * ld_imm64 of a map gives the address of a small arena object standing
 * for the kernel's struct bpf_map, so a program that reads through it is
 * checked like any other access.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

struct hent {
	struct hent *next;
	uint64_t used;		/* LRU clock at the last lookup or update */
	void *value;
	uint8_t key[];
};

struct rtmap {
	const struct obj_map *def;
	void *handle;		/* what ld_imm64 of the map gives */
	char desc[64];		/* "value of map 'counters'" */
	void **elems;		/* array: max_entries values, NULL until used */
	struct hent **buckets;	/* hash */
	size_t nbuckets, count;
	uint64_t clock;
};

static bool is_array(uint32_t t)
{
	return t == BPF_MAP_TYPE_ARRAY || t == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static bool is_hash(uint32_t t)
{
	return t == BPF_MAP_TYPE_HASH || t == BPF_MAP_TYPE_PERCPU_HASH ||
	       t == BPF_MAP_TYPE_LRU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_lru(uint32_t t)
{
	return t == BPF_MAP_TYPE_LRU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

const struct obj_map *rtmap_def(const struct rtmap *m) { return m->def; }
uint32_t rtmap_type(const struct rtmap *m) { return m->def->type; }

static void *array_elem(struct rt *rt, struct rtmap *m, uint32_t i)
{
	if (i >= m->def->max_entries)
		return NULL;
	if (!m->elems[i])
		m->elems[i] = rtalloc_alloc(&rt->alloc, m->def->value_size, m->desc);
	return m->elems[i];
}

static int create_one(struct rt *rt, struct rtmap *m, const struct obj_map *def)
{
	char hdesc[80];

	m->def = def;
	snprintf(m->desc, sizeof(m->desc), "value of map '%s'", def->name);
	snprintf(hdesc, sizeof(hdesc), "struct bpf_map of map '%s'", def->name);
	m->handle = rtalloc_alloc(&rt->alloc, 64, hdesc);
	if (!m->handle)
		return -ENOMEM;
	if (is_array(def->type) || def->init || def->kind == OBJ_MAP_BSS) {
		size_t n = def->max_entries ? def->max_entries : 1;

		m->elems = calloc(n, sizeof(void *));
		if (!m->elems)
			return -ENOMEM;
	}
	if (def->init || def->kind == OBJ_MAP_BSS || def->kind == OBJ_MAP_DATA ||
	    def->kind == OBJ_MAP_RODATA || def->kind == OBJ_MAP_KCONFIG) {
		void *v = m->elems ? array_elem(rt, m, 0) : NULL;

		if (!v)
			return -ENOMEM;
		if (def->init)
			memcpy(v, def->init, def->init_size < def->value_size ? def->init_size
									      : def->value_size);
	}
	if (is_hash(def->type)) {
		m->nbuckets = 16;
		while (m->nbuckets < def->max_entries && m->nbuckets < 65536)
			m->nbuckets *= 2;
		m->buckets = calloc(m->nbuckets, sizeof(*m->buckets));
		if (!m->buckets)
			return -ENOMEM;
	}
	return 0;
}

int rtmap_create_all(struct rt *rt, char *err, size_t errlen)
{
	if (!rt->obj || !rt->obj->map_cnt)
		return 0;
	rt->maps = calloc(rt->obj->map_cnt, sizeof(*rt->maps));
	if (!rt->maps)
		return -ENOMEM;
	rt->map_cnt = rt->obj->map_cnt;
	for (size_t i = 0; i < rt->map_cnt; i++) {
		int e = create_one(rt, &rt->maps[i], &rt->obj->maps[i]);

		if (e) {
			snprintf(err, errlen, "map '%s': cannot create it: %s",
				 rt->obj->maps[i].name, strerror(-e));
			return e;
		}
	}
	return 0;
}

void rtmap_destroy_all(struct rt *rt)
{
	for (size_t i = 0; i < rt->map_cnt; i++) {
		struct rtmap *m = &rt->maps[i];

		for (size_t b = 0; b < m->nbuckets; b++)
			for (struct hent *e = m->buckets[b], *n; e; e = n) {
				n = e->next;
				free(e);
			}
		free(m->buckets);
		free(m->elems);
	}
	free(rt->maps);
	rt->maps = NULL;
	rt->map_cnt = 0;
}

uint64_t rtmap_ptr(struct rt *rt, size_t idx)
{
	return idx < rt->map_cnt ? (uintptr_t)rt->maps[idx].handle : 0;
}

uint64_t rtmap_value_ptr(struct rt *rt, size_t idx)
{
	if (idx >= rt->map_cnt || !rt->maps[idx].elems)
		return 0;
	return (uintptr_t)array_elem(rt, &rt->maps[idx], 0);
}

struct rtmap *rtmap_by_ptr(struct rt *rt, uint64_t ptr)
{
	for (size_t i = 0; i < rt->map_cnt; i++)
		if ((uintptr_t)rt->maps[i].handle == ptr && ptr)
			return &rt->maps[i];
	return NULL;
}

struct rtmap *rtmap_named(struct rt *rt, const char *name)
{
	for (size_t i = 0; i < rt->map_cnt; i++)
		if (!strcmp(rt->maps[i].def->name, name))
			return &rt->maps[i];
	return NULL;
}

/* FNV-1a: any hash will do, the kernel's jhash order is not observable. */
static size_t bucket_of(const struct rtmap *m, const void *key)
{
	const uint8_t *k = key;
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < m->def->key_size; i++)
		h = (h ^ k[i]) * 0x100000001b3ull;
	return h & (m->nbuckets - 1);
}

static struct hent **hash_find(struct rtmap *m, const void *key)
{
	struct hent **p = &m->buckets[bucket_of(m, key)];

	while (*p && memcmp((*p)->key, key, m->def->key_size))
		p = &(*p)->next;
	return p;
}

static void hash_unlink(struct rt *rt, struct rtmap *m, struct hent **p)
{
	struct hent *e = *p;

	*p = e->next;
	rt_free_after_run(rt, e->value);
	free(e);
	m->count--;
}

/* htab_lru_map_update_elem() takes a free node or evicts: here the least
 * recently used element goes. */
static void lru_evict(struct rt *rt, struct rtmap *m)
{
	struct hent **victim = NULL;

	for (size_t b = 0; b < m->nbuckets; b++)
		for (struct hent **p = &m->buckets[b]; *p; p = &(*p)->next)
			if (!victim || (*p)->used < (*victim)->used)
				victim = p;
	if (victim)
		hash_unlink(rt, m, victim);
}

void *rtmap_lookup(struct rt *rt, struct rtmap *m, const void *key)
{
	uint32_t t = m->def->type;
	struct hent *e;

	if (is_array(t) || (m->elems && !is_hash(t))) {
		uint32_t i;

		memcpy(&i, key, sizeof(i));
		return array_elem(rt, m, i);
	}
	if (!is_hash(t))
		return NULL;
	e = *hash_find(m, key);
	if (!e)
		return NULL;
	e->used = ++m->clock;
	return e->value;
}

static int hash_update(struct rt *rt, struct rtmap *m, const void *key, const void *value,
		       uint64_t flags)
{
	struct hent **p = hash_find(m, key), *e = *p;

	if (e && flags == BPF_NOEXIST)
		return -EEXIST;
	if (!e && flags == BPF_EXIST)
		return -ENOENT;
	if (!e) {
		if (m->count >= m->def->max_entries) {
			if (!is_lru(m->def->type))
				return -E2BIG;
			lru_evict(rt, m);
		}
		e = calloc(1, sizeof(*e) + m->def->key_size);
		if (!e)
			return -ENOMEM;
		e->value = rtalloc_alloc(&rt->alloc, m->def->value_size, m->desc);
		if (!e->value) {
			free(e);
			return -ENOMEM;
		}
		memcpy(e->key, key, m->def->key_size);
		p = &m->buckets[bucket_of(m, key)];
		e->next = *p;
		*p = e;
		m->count++;
	}
	e->used = ++m->clock;
	memcpy(e->value, value, m->def->value_size);
	return 0;
}

int rtmap_update(struct rt *rt, struct rtmap *m, const void *key, const void *value,
		 uint64_t flags)
{
	uint32_t t = m->def->type;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (is_hash(t))
		return hash_update(rt, m, key, value, flags);
	if (m->elems) {
		void *v;

		if (flags == BPF_NOEXIST)
			return -EEXIST; /* array elements always exist */
		v = rtmap_lookup(rt, m, key);
		if (!v)
			return -E2BIG;
		memcpy(v, value, m->def->value_size);
		return 0;
	}
	return -EOPNOTSUPP;
}

int rtmap_delete(struct rt *rt, struct rtmap *m, const void *key)
{
	struct hent **p;

	if (!is_hash(m->def->type))
		return -EINVAL; /* array_map_delete_elem() */
	p = hash_find(m, key);
	if (!*p)
		return -ENOENT;
	hash_unlink(rt, m, p);
	return 0;
}

void *rtmap_ringbuf_reserve(struct rt *rt, struct rtmap *m, uint64_t size)
{
	char desc[80];

	if (m->def->type != BPF_MAP_TYPE_RINGBUF || size > m->def->max_entries)
		return NULL;
	snprintf(desc, sizeof(desc), "ringbuf record of map '%s'", m->def->name);
	return rtalloc_alloc(&rt->alloc, size, desc);
}

/* Records are freed once submitted: a program that writes a record after
 * bpf_ringbuf_submit() writes to freed memory. */
void rtmap_ringbuf_commit(struct rt *rt, void *rec)
{
	struct chunk *c = rtalloc_find(&rt->alloc, (uintptr_t)rec);

	rtalloc_free(&rt->alloc, c ? (void *)c->user : NULL);
}

void *rt_map_lookup(struct rt *rt, const char *name, const void *key)
{
	struct rtmap *m = rtmap_named(rt, name);

	return m ? rtmap_lookup(rt, m, key) : NULL;
}

int rt_map_update(struct rt *rt, const char *name, const void *key, const void *value)
{
	struct rtmap *m = rtmap_named(rt, name);

	return m ? rtmap_update(rt, m, key, value, BPF_ANY) : -ENOENT;
}
