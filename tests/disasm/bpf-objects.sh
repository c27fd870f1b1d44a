# Sourced by kernel-disasm-oracle.sh and llvm-objdump-compare.sh: the BPF
# objects both comparisons read, one path per line on stdout.
#   libxdp_objects	/usr/lib/<multiarch>/bpf/*.o from the libxdp1 package (a
#			declared dependency: its absence is an error), or
#			$LIBXDP_BPF_DIR/*.o
#   extra_objects VAR	the files and directories (searched for *.o) listed in
#			the environment variable VAR (whitespace-separated,
#			globs expanded); from directories only little-endian
#			64-bit BPF ELF objects are taken (kernel selftests
#			trees hold host objects too)

# 64-bit little-endian ELF with e_machine EM_BPF (247).
is_bpf_object() {
	local h
	h=$(od -An -tx1 -N20 "$1" 2>/dev/null | tr -d ' \n')
	[ "${h:0:12}" = 7f454c460201 ] && [ "${h:36:4}" = f700 ]
}

libxdp_objects() {
	local dir=${LIBXDP_BPF_DIR:-} arch
	if [ -z "$dir" ]; then
		arch=$(${CC:-cc} -print-multiarch 2>/dev/null || true)
		dir=/usr/lib/${arch:-x86_64-linux-gnu}/bpf
	fi
	if ! compgen -G "$dir/*.o" >/dev/null; then
		if dpkg-query -W -f='${Status}' libxdp1 2>/dev/null | grep -q 'ok installed'; then
			echo "error: libxdp1 is installed but $dir holds no BPF objects" >&2
		else
			echo "error: no BPF objects in $dir: the libxdp1 package, a declared" \
				"dependency (scripts/install-deps.sh), is not installed" >&2
		fi
		return 1
	fi
	printf '%s\n' "$dir"/*.o
}

extra_objects() {
	local p
	for p in ${!1:-}; do
		if [ -d "$p" ]; then
			find "$p" -name '*.o' -type f | LC_ALL=C sort |
				while IFS= read -r f; do
					if is_bpf_object "$f"; then printf '%s\n' "$f"; fi
				done
		elif [ -f "$p" ]; then
			printf '%s\n' "$p"
		else
			echo "error: $1 names $p, which does not exist" >&2
			return 1
		fi
	done
}
