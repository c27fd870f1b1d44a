// SPDX-License-Identifier: MIT
/*
 * Guest side of the kernel benchmark (kernel/guest/bench.sh): run pinned
 * XDP programs with BPF_PROG_TEST_RUN on a 64-byte Ethernet/IPv4/UDP
 * packet, REPEAT runs per call, BATCHES calls per program, the programs interleaved batch by batch
 * so that a slow spell of the (emulated, shared) machine hits them all.
 *
 * The time is the TSC's, around each call, not the duration the kernel
 * returns: in the guest under TCG the clocksource is jiffies-grained (HZ
 * 100), so the kernel's mean of 20000 runs comes in steps of 500 ns. The
 * TSC (the host's, under TCG) is converted to ns by its rate over the
 * whole run against CLOCK_MONOTONIC (seconds long, so that grain is lost).
 * Prints, per program, "PATH NS RETVAL": the median of the batches' ns per
 * run and the program's return value; exit 1 if a run failed or a program
 * returned different values from one batch to the next.
 *
 * usage: bench_run REPEAT BATCHES PATH...
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROGS 32
#define MAX_BATCHES 64

/* The packet of tests/bench/jit-modes.sh: Ethernet, IPv4, UDP 12345 -> 53 */
static const unsigned char pkt[64] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x32, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x30, 0x39, 0x00, 0x35, 0x00, 0x1e, 0x00, 0x00,
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static double mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	static uint64_t ticks[MAX_PROGS][MAX_BATCHES];
	static uint32_t ret[MAX_PROGS];
	uint64_t tsc0, tsc1;
	double ns0, ns1, tsc_per_ns;
	int fd[MAX_PROGS], n = argc - 3, status = 0;
	long repeat, batches;

	if (argc < 4 || n > MAX_PROGS) {
		fprintf(stderr, "usage: %s REPEAT BATCHES PATH... (%d paths at most)\n", argv[0],
			MAX_PROGS);
		return 2;
	}
	repeat = strtol(argv[1], NULL, 10);
	batches = strtol(argv[2], NULL, 10);
	if (repeat < 1 || batches < 1 || batches > MAX_BATCHES) {
		fprintf(stderr, "bench_run: bad REPEAT or BATCHES (1..%d)\n", MAX_BATCHES);
		return 2;
	}
	for (int p = 0; p < n; p++) {
		union bpf_attr a;

		memset(&a, 0, sizeof(a));
		a.pathname = (uintptr_t)argv[3 + p];
		fd[p] = (int)sys_bpf(BPF_OBJ_GET, &a);
		if (fd[p] < 0) {
			fprintf(stderr, "bench_run: %s: %s\n", argv[3 + p], strerror(errno));
			return 1;
		}
	}
	ns0 = mono_ns();
	tsc0 = rdtsc();
	for (long b = 0; b < batches; b++) {
		for (int p = 0; p < n; p++) {
			union bpf_attr a;

			memset(&a, 0, sizeof(a));
			a.test.prog_fd = (uint32_t)fd[p];
			a.test.data_in = (uintptr_t)pkt;
			a.test.data_size_in = sizeof(pkt);
			a.test.repeat = (uint32_t)repeat;
			ticks[p][b] = rdtsc();
			if (sys_bpf(BPF_PROG_TEST_RUN, &a)) {
				fprintf(stderr, "bench_run: %s: BPF_PROG_TEST_RUN: %s\n", argv[3 + p],
					strerror(errno));
				return 1;
			}
			if (b && a.test.retval != ret[p]) {
				fprintf(stderr, "bench_run: %s: returned %u, then %u\n", argv[3 + p],
					ret[p], a.test.retval);
				status = 1;
			}
			ticks[p][b] = rdtsc() - ticks[p][b];
			ret[p] = a.test.retval;
		}
	}
	tsc1 = rdtsc();
	ns1 = mono_ns();
	if (ns1 <= ns0 || tsc1 <= tsc0) {
		fprintf(stderr, "bench_run: no time went by\n");
		return 1;
	}
	tsc_per_ns = (double)(tsc1 - tsc0) / (ns1 - ns0);
	for (int p = 0; p < n; p++) {
		qsort(ticks[p], (size_t)batches, sizeof(ticks[p][0]), cmp_u64);
		printf("%s %.0f %u\n", argv[3 + p],
		       (double)ticks[p][batches / 2] / tsc_per_ns / (double)repeat, ret[p]);
	}
	return status;
}
