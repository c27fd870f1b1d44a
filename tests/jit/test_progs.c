// SPDX-License-Identifier: MIT
/*
 * The interpreter on compiled programs: tests/progs/rt.bpf.c's in-bounds
 * program and planted bugs (each must give exactly the expected report in
 * RT_CHECK_FULL, and the in-bounds variants none), raw instruction streams
 * for what C cannot plant (variable-offset stack underflow, runaway loops,
 * a helper the runtime lacks), and the libxdp objects installed under
 * /usr/lib/x86_64-linux-gnu/bpf, which must run to completion on a small
 * UDP packet with no report.  PROGS_DIR holds the compiled tests/progs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jit.h"

static struct obj *o;
static struct rt *rt;
static FILE *devnull;

static int setup(void **state)
{
	char path[512], err[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/rt.bpf.o", PROGS_DIR);
	devnull = fopen("/dev/null", "w");
	if (obj_open(path, &(struct obj_opts){ .no_kernel_btf = true }, &o, err, sizeof(err)) ||
	    rt_open(o, &(struct rt_opts){ .arena_size = 64 << 20, .report_out = devnull },
		    &rt, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rt_close(rt);
	obj_free(o);
	fclose(devnull);
	return 0;
}

static const struct obj_prog *prog(const struct obj *obj, const char *name)
{
	for (size_t i = 0; i < obj->prog_cnt; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	fail_msg("no program %s", name);
	return NULL;
}

/* Run `name` on a 64-byte packet whose first byte is `b`. */
static struct rt_run_result run(const char *name, uint8_t b, enum rt_check_mode mode)
{
	uint8_t pkt[64] = { b };
	struct rt_run_opts ro = { .mode = mode, .data = pkt, .data_len = sizeof(pkt) };
	struct rt_run_result res;

	if (rt_run(rt, prog(o, name), &ro, &res))
		fail_msg("%s: %s", name, res.msg);
	return res;
}

static void assert_one_report(const struct rt_run_result *r, enum rt_bug bug, const char *where)
{
	assert_int_equal(r->reports, 1);
	assert_int_equal(r->kept[0].bug, bug);
	assert_false(r->kept[0].is_write);
	assert_string_equal(r->kept[0].where, where);
}

static void test_value_in_bounds(void **state)
{
	uint32_t key = 0, *v;
	struct rt_run_result r = run("value_in_bounds", 3, RT_CHECK_FULL);

	(void)state;
	assert_int_equal(r.reports, 0);
	assert_int_equal(r.r0, XDP_PASS);
	v = rt_map_lookup(rt, "counters", &key);
	assert_non_null(v);
	assert_int_equal(v[3], 1);
	for (size_t i = 0; i < o->map_cnt; i++) /* the .bss counter went up */
		if (o->maps[i].kind == OBJ_MAP_BSS)
			assert_int_equal(*(uint32_t *)rt_map_lookup(rt, o->maps[i].name, &key), 1);
}

static void test_value_off_by_one(void **state)
{
	struct rt_run_result r = run("value_off_by_one", 12, RT_CHECK_FULL);

	(void)state;
	assert_one_report(&r, RT_BUG_SLAB_OOB,
			  "0 bytes to the right of the 48-byte value of map 'counters'");
	assert_int_equal(r.kept[0].size, 4);
	r = run("value_off_by_one", 11, RT_CHECK_FULL);
	assert_int_equal(r.reports, 0);
	r = run("value_off_by_one", 12, RT_CHECK_NONE); /* reads the red zone, unreported */
	assert_int_equal(r.reports, 0);
}

static void test_packet_overread(void **state)
{
	struct rt_run_result r = run("packet_overread", 64, RT_CHECK_FULL);

	(void)state;
	assert_one_report(&r, RT_BUG_SLAB_OOB, "0 bytes to the right of the 64-byte packet");
	r = run("packet_overread", 63, RT_CHECK_FULL);
	assert_int_equal(r.reports, 0);
}

/* buf[63 - 16 * 33] is r10 - 529: 17 bytes below the frame. */
static void test_stack_underflow(void **state)
{
	struct rt_run_result r = run("stack_underflow", 33, RT_CHECK_FULL);

	(void)state;
	assert_one_report(&r, RT_BUG_STACK_OOB,
			  "17 bytes to the left of the 512-byte BPF stack of frame #0");
	r = run("stack_underflow", 28, RT_CHECK_FULL);
	assert_int_equal(r.reports, 0);
}

/*
 * A value read after bpf_map_delete_elem() is stale, not freed: the kernel
 * frees it after an RCU grace period, so no report; when the run ends the
 * value is freed (its shadow says so).
 */
static void test_read_after_delete(void **state)
{
	uint32_t key = 7;
	uint64_t one = 1;
	struct rt_run_result r;
	int8_t *shadow;
	void *v;

	(void)state;
	assert_int_equal(rt_map_update(rt, "flows", &key, &one), 0);
	v = rt_map_lookup(rt, "flows", &key);
	assert_non_null(v);
	shadow = (int8_t *)(((uintptr_t)v >> 3) + rt_shadow_offset(rt));
	assert_int_equal(*shadow, 0);
	r = run("flow_after_delete", 0, RT_CHECK_FULL);
	assert_int_equal(r.reports, 0);
	assert_int_equal(r.r0, 2 /* XDP_PASS: the stale value is 1 */);
	assert_null(rt_map_lookup(rt, "flows", &key));
	assert_int_equal(*shadow, RT_SHADOW_FREED);
}

static void test_ringbuf_after_submit(void **state)
{
	struct rt_run_result r = run("ringbuf_after_submit", 0, RT_CHECK_FULL);

	(void)state;
	assert_int_equal(r.reports, 1);
	assert_int_equal(r.kept[0].bug, RT_BUG_USE_AFTER_FREE);
	assert_true(r.kept[0].is_write);
	assert_string_equal(r.kept[0].where,
			    "0 bytes inside of the freed 8-byte ringbuf record of map 'events'");
}

/* After bpf_xdp_adjust_head(14) the packet is 50 bytes; trace_printk
 * prints what the program saw. */
static void test_adjust_head_and_printk(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *trace = open_memstream(&out, &len);
	struct rt *tr;
	char err[256];
	uint8_t pkt[64] = { [14] = 0xab };
	struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .data = pkt, .data_len = sizeof(pkt) };
	struct rt_run_result r;

	(void)state;
	assert_int_equal(rt_open(o, &(struct rt_opts){ .arena_size = 16 << 20, .trace_out = trace,
						       .report_out = devnull }, &tr, err, sizeof(err)), 0);
	assert_int_equal(rt_run(tr, prog(o, "pop_then_overread"), &ro, &r), 0);
	rt_close(tr);
	fclose(trace);
	assert_string_equal(out, "len 50 first ab");
	free(out);
	assert_int_equal(r.reports, 1);
	assert_int_equal(r.kept[0].bug, RT_BUG_SLAB_OOB);
	assert_string_equal(r.kept[0].where, "0 bytes to the right of the 50-byte packet");
}

static void test_loop_callback(void **state)
{
	struct rt_run_result r = run("loop_sum", 0, RT_CHECK_FULL);

	(void)state;
	assert_int_equal(r.reports, 0);
	assert_int_equal(r.r0, XDP_PASS);
}

/* RT_CHECK_BITMAP checks exactly the instructions whose bit is set. */
static void test_check_bitmap(void **state)
{
	const struct obj_prog *p = prog(o, "value_off_by_one");
	uint8_t pkt[64] = { 12 }, bits[64] = { 0 };
	struct rt_run_opts ro = { .mode = RT_CHECK_BITMAP, .check_bitmap = bits,
				  .data = pkt, .data_len = sizeof(pkt) };
	struct rt_run_result r;

	(void)state;
	assert_true(p->insn_cnt <= 8 * sizeof(bits));
	assert_int_equal(rt_run(rt, p, &ro, &r), 0);
	assert_int_equal(r.reports, 0);
	memset(bits, 0xff, sizeof(bits));
	assert_int_equal(rt_run(rt, p, &ro, &r), 0);
	assert_int_equal(r.reports, 1);
	bits[r.kept[0].insn / 8] &= ~(1u << (r.kept[0].insn % 8));
	assert_int_equal(rt_run(rt, p, &ro, &r), 0);
	assert_int_equal(r.reports, 0);
}

static void test_halt_on_error(void **state)
{
	uint8_t pkt[64] = { 12 };
	struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .halt_on_error = true,
				  .data = pkt, .data_len = sizeof(pkt) };
	struct rt_run_result r;

	(void)state;
	assert_int_equal(rt_run(rt, prog(o, "value_off_by_one"), &ro, &r), 0);
	assert_true(r.halted);
	assert_int_equal(r.reports, 1);
}

static struct rt_run_result run_raw(const struct bpf_insn *insns, size_t cnt, const void *mem,
				    size_t len, uint64_t limit)
{
	struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .conformance = true,
				  .data = mem, .data_len = len, .insn_limit = limit };
	struct rt_run_result r;

	rt_run_insns(rt, insns, cnt, BPF_PROG_TYPE_UNSPEC, NULL, &ro, &r);
	return r;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
					       .off = (o), .imm = (i) })

/* r4 = r10 - mem[0]; r0 = *(u8 *)r4: 8 bytes below the frame for 520. */
static void test_raw_stack_oob(void **state)
{
	const struct bpf_insn p[] = {
		INSN(BPF_LDX | BPF_MEM | BPF_H, 3, 1, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_SUB | BPF_X, 4, 3, 0, 0),
		INSN(BPF_STX | BPF_MEM | BPF_B, 4, 3, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	uint16_t off = 520;
	struct rt_run_result r = run_raw(p, 6, &off, sizeof(off), 0);

	(void)state;
	assert_int_equal(r.error, 0);
	assert_int_equal(r.reports, 1);
	assert_int_equal(r.kept[0].bug, RT_BUG_STACK_OOB);
	assert_true(r.kept[0].is_write);
	assert_string_equal(r.kept[0].where,
			    "8 bytes to the left of the 512-byte BPF stack of frame #0");
	off = 512;
	r = run_raw(p, 6, &off, sizeof(off), 0);
	assert_int_equal(r.reports, 0);
}

static void test_raw_limits(void **state)
{
	const struct bpf_insn spin[] = { INSN(BPF_JMP | BPF_JA, 0, 0, -1, 0) };
	const struct bpf_insn task[] = {
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_current_task),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	struct rt_run_result r = run_raw(spin, 1, NULL, 0, 1000);

	(void)state;
	assert_int_equal(r.error, -E2BIG);
	assert_non_null(strstr(r.msg, "instruction limit"));
	r = run_raw(task, 2, NULL, 0, 0);
	assert_int_equal(r.error, -EOPNOTSUPP);
	assert_non_null(strstr(r.msg, "bpf_get_current_task"));
}

/* probe_read_kernel(mem, 8, addr) copies from the caller's image, and
 * fails with -EFAULT and a zeroed destination one byte past it. */
static void test_raw_probe_read(void **state)
{
	const struct bpf_insn p[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 8),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, 3, 1, 8, 0),	/* r3 = mem[8..16): the address */
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_probe_read_kernel),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, 1, 6, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, 0, 1, 0, 0),	/* r0 = err + copied */
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	const uint64_t image[2] = { 0x1122334455667788ull, 0 };
	uint64_t mem[2] = { 0, 0xffff000000001000ull };
	struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .conformance = true, .data = mem,
				  .data_len = sizeof(mem), .image = image, .image_len = 8,
				  .image_addr = 0xffff000000001000ull };
	struct rt_run_result r;

	(void)state;
	assert_int_equal(rt_run_insns(rt, p, 7, BPF_PROG_TYPE_UNSPEC, NULL, &ro, &r), 0);
	assert_int_equal(r.r0, image[0]);
	mem[1] += 1;
	assert_int_equal(rt_run_insns(rt, p, 7, BPF_PROG_TYPE_UNSPEC, NULL, &ro, &r), 0);
	assert_int_equal(r.r0, (uint64_t)-EFAULT);
	assert_int_equal(r.reports, 0);
}

/* Without memory r1 is NULL: reported, then the run stops (the
 * interpreter never touches memory outside its arena). */
static void test_raw_null_deref(void **state)
{
	const struct bpf_insn p[] = {
		INSN(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, 8, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	struct rt_run_result r = run_raw(p, 2, NULL, 0, 0);

	(void)state;
	assert_int_equal(r.error, -EFAULT);
	assert_int_equal(r.reports, 1);
	assert_int_equal(r.kept[0].bug, RT_BUG_NULL_DEREF);
	assert_int_equal(r.kept[0].addr, 8);
}

/* tests/progs/accesses.bpf.c (-mcpu=v4): MEMSX, atomics on globals, and
 * LD_ABS as a socket filter (from the network header, after the 14-byte
 * Ethernet header); in bounds, then past the packet's end. */
static void test_accesses_ld_abs(void **state)
{
	char path[512], err[512];
	uint8_t pkt[64] = { [14 + 12] = 0x08 };
	struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .data = pkt, .data_len = sizeof(pkt) };
	struct rt_run_result r;
	struct obj *a;
	struct rt *ar;

	(void)state;
	snprintf(path, sizeof(path), "%s/accesses.bpf.o", PROGS_DIR);
	assert_int_equal(obj_open(path, &(struct obj_opts){ .no_kernel_btf = true }, &a, err,
				  sizeof(err)), 0);
	assert_int_equal(rt_open(a, &(struct rt_opts){ .arena_size = 16 << 20 }, &ar, err,
				 sizeof(err)), 0);
	assert_int_equal(rt_run(ar, prog(a, "all_accesses"), &ro, &r), 0);
	assert_int_equal(r.reports, 0);
	assert_int_equal(r.r0, 0x08);
	ro.data_len = 14 + 12; /* LD_ABS at 12 is out of bounds: r0 = 0, exit */
	assert_int_equal(rt_run(ar, prog(a, "all_accesses"), &ro, &r), 0);
	assert_int_equal(r.reports, 0);
	assert_int_equal(r.r0, 0);
	rt_close(ar);
	obj_free(a);
}

/* Ethernet + IPv4 + UDP, 64 bytes. */
static const uint8_t udp_packet[64] = {
	0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00,
	0x45, 0, 0, 50, 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0, 30, 0, 0,
};

/* One libxdp object: every XDP program runs clean.  Returns programs run. */
static int run_libxdp(const char *path)
{
	struct obj *x;
	struct rt *xr;
	char err[512];
	int ran = 0;

	if (obj_open(path, &(struct obj_opts){ .no_kernel_btf = true }, &x, err, sizeof(err)))
		fail_msg("%s", err);
	if (rt_open(x, &(struct rt_opts){ .arena_size = 256 << 20 }, &xr, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	for (size_t i = 0; i < x->prog_cnt; i++) {
		struct rt_run_opts ro = { .mode = RT_CHECK_FULL, .data = udp_packet,
					  .data_len = sizeof(udp_packet) };
		struct rt_run_result r;

		if (x->progs[i].type != BPF_PROG_TYPE_XDP) {
			printf("# %s %s: not XDP (%s), not run\n", path, x->progs[i].name,
			       x->progs[i].sec_name);
			continue;
		}
		if (rt_run(xr, &x->progs[i], &ro, &r))
			fail_msg("%s %s: %s", path, x->progs[i].name, r.msg);
		printf("# %s %s: r0 %llu, %llu insns, %u reports\n", path, x->progs[i].name,
		       (unsigned long long)r.r0, (unsigned long long)r.insns, r.reports);
		assert_int_equal(r.reports, 0);
		ran++;
	}
	rt_close(xr);
	obj_free(x);
	return ran;
}

static void test_libxdp(void **state)
{
	glob_t g;
	int ran = 0;

	(void)state;
	if (glob("/usr/lib/x86_64-linux-gnu/bpf/*.o", 0, NULL, &g)) {
		skip();
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++)
		ran += run_libxdp(g.gl_pathv[i]);
	printf("# libxdp: %zu objects, %d XDP programs run clean\n", g.gl_pathc, ran);
	globfree(&g);
	assert_true(ran > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_in_bounds),
		cmocka_unit_test(test_value_off_by_one),
		cmocka_unit_test(test_packet_overread),
		cmocka_unit_test(test_stack_underflow),
		cmocka_unit_test(test_read_after_delete),
		cmocka_unit_test(test_ringbuf_after_submit),
		cmocka_unit_test(test_adjust_head_and_printk),
		cmocka_unit_test(test_loop_callback),
		cmocka_unit_test(test_check_bitmap),
		cmocka_unit_test(test_halt_on_error),
		cmocka_unit_test(test_raw_stack_oob),
		cmocka_unit_test(test_raw_limits),
		cmocka_unit_test(test_raw_null_deref),
		cmocka_unit_test(test_raw_probe_read),
		cmocka_unit_test(test_accesses_ld_abs),
		cmocka_unit_test(test_libxdp),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
