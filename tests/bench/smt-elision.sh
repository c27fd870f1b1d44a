#!/bin/bash
# How many checks smt/ removes, and what Z3 costs: for each program of the
# given objects (default: the libxdp1 objects), the verdict of every memory
# access (bpfkasan analyze), the elision rate of the non-stack, non-probe
# accesses (elided / all of them), the rate per region (map value, packet,
# ctx), and Z3's time per program and per query (median, p95, max).
# usage: tests/bench/smt-elision.sh BUILDDIR [OBJ...]
set -uo pipefail
build=${1:?usage: $0 BUILDDIR [OBJ...]}
shift
objs=("$@")
[ ${#objs[@]} -gt 0 ] || objs=(/usr/lib/x86_64-linux-gnu/bpf/*.o)
bk=$build/cli/bpfkasan
attach=/usr/lib/x86_64-linux-gnu/bpf/xdpdump_xdp.o:xdpdump

for o in "${objs[@]}"; do
	"$bk" analyze --btf none --attach-prog "$attach" ${Z3_TIMEOUT:+--z3-timeout "$Z3_TIMEOUT"} "$o" 2>&1
done | awk -v OFS='\t' '
/: program / {
	prog = $0; sub(/^.*: program /, "", prog); sub(/,.*/, "", prog)
	file = $1; sub(/:$/, "", file); n = split(file, p, "/"); file = p[n]
	cur = file " " prog
}
/^  accesses: / {
	s = $0; sub(/.*Z3: /, "", s)
	split(s, w, /[ ;,]+/)       # queries, "queries", secs, "s", "query", "median", med, "ms", "p95", p95, "ms", "max", max
	z3s[cur] = w[3]; med[cur] = w[7]; p95[cur] = w[10]; mx[cur] = w[13]
	order[++np] = cur
}
/^          (elided|checked|stack-protected|probe|unreachable): / {
	v = $1; sub(/:$/, "", v); pending = v; next
}
pending != "" && /^          [a-z_]+/ {
	region = $1; sub(/\(.*/, "", region)
	if (v != "unreachable" && v != "probe" && region != "stack") {
		all[cur]++; tall++; rall[region]++
		if (v == "elided") { el[cur]++; tel++; rel[region]++ }
	}
	pending = ""
}
END {
	printf "%-28s %-22s %8s %8s %7s %9s %9s %9s %9s\n", "file", "program", "elided", "non-stack", "rate", "z3 s", "q med ms", "q p95 ms", "q max ms"
	for (i = 1; i <= np; i++) {
		k = order[i]; split(k, kp, " ")
		rate = all[k] ? sprintf("%.0f%%", 100 * el[k] / all[k]) : "-"
		printf "%-28s %-22s %8d %8d %7s %9s %9s %9s %9s\n", kp[1], kp[2], el[k], all[k], rate, z3s[k], med[k], p95[k], mx[k]
		tz += z3s[k]
		if (mx[k] + 0 > tmax) tmax = mx[k] + 0
		meds[i] = med[k] + 0
	}
	printf "total: %d of %d non-stack, non-probe accesses elided (%.1f%%)\n", tel, tall, tall ? 100 * tel / tall : 0
	for (r in rall)
		if (r == "map_value" || r == "pkt" || r == "ctx")
			printf "region %s: %d of %d elided (%.1f%%)\n", r, rel[r], rall[r], 100 * rel[r] / rall[r]
	printf "Z3: %.2f s in total over %d programs, slowest query %.1f ms\n", tz, np, tmax
}'
