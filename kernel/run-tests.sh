#!/bin/bash
# Build Linux 6.12 (Debian linux-source-6.12) with the patch series in
# kernel/patches, boot it under QEMU (software emulation) and run the guest
# tests of kernel/guest: KASAN must report each bad access of a JIT-compiled
# BPF program once, and nothing else.
#
# Usage: kernel/run-tests.sh [--baseline] [--no-build]
# (bpfkasan itself must be built: $BPFKASAN_BUILD, default build/ at the
# top of the tree, holds the cli/bpfkasan the guest runs and
# tests/progs/hints.bpf.o it loads)
#   --baseline  also build a kernel with the test helper only (patch 0001,
#               no JIT checks) and check that the same tests get no report
#   --no-build  reuse the kernels built last time
#
# The work dir ($BPFKASAN_KBUILD, default /var/tmp/bpfkasan-kernel) keeps the
# unpacked source (a git repo, so that a changed series touches only the
# files it changes), the build dirs and the logs between runs; ccache
# ($CCACHE_DIR, default ~/.cache/ccache) makes a rebuilt tree cheap.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
W=${BPFKASAN_KBUILD:-/var/tmp/bpfkasan-kernel}
TARBALL=/usr/src/linux-source-6.12.tar.xz
JOBS=$(($(nproc) + 1))
BOOT_TIMEOUT=${BPFKASAN_BOOT_TIMEOUT:-600}
B=${BPFKASAN_BUILD:-$here/../build}
baseline=0 build=1
for a in "$@"; do
	case $a in
	--baseline) baseline=1 ;;
	--no-build) build=0 ;;
	*) echo "usage: $0 [--baseline] [--no-build]" >&2; exit 2 ;;
	esac
done

die() { echo "run-tests: $*" >&2; exit 1; }
now() { date +%s; }

# --- packages -----------------------------------------------------------
PKGS=(linux-source-6.12 xz-utils qemu-system-x86 busybox-static cpio flex bison
	bc libssl-dev libelf-dev ccache gcc make libc6-dev)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	echo "run-tests: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$W CCACHE_NOHASHDIR=1
export KBUILD_BUILD_TIMESTAMP=2026-01-01 KBUILD_BUILD_USER=bpfkasan KBUILD_BUILD_HOST=bpfkasan
ccache -M 10G >/dev/null
mkdir -p "$W"
# One run at a time per work dir (CI and a developer share this machine)
exec 9>"$W/.lock"
if ! flock -n 9; then
	echo "run-tests: waiting for another run to release $W/.lock" >&2
	flock 9
fi

# --- source trees -------------------------------------------------------
# The pristine tarball as a git repo, tag "pristine".
unpack() {
	[ -d "$W/linux/.git" ] && git -C "$W/linux" rev-parse -q --verify pristine >/dev/null && return
	echo "run-tests: unpacking $TARBALL"
	rm -rf "$W/linux" "$W/unpack"
	mkdir -p "$W/unpack"
	tar -xf "$TARBALL" -C "$W/unpack"
	mv "$W/unpack"/linux-source-6.12 "$W/linux"
	rmdir "$W/unpack"
	git -C "$W/linux" init -q
	git -C "$W/linux" add -f -A .
	git -C "$W/linux" -c user.name=bpfkasan -c user.email=dev@bpfkasan.invalid \
		commit -q -m "linux-source-6.12 (Debian), pristine"
	git -C "$W/linux" tag pristine
}

# prepare TREE PATCH...: TREE = pristine + the patches, re-applied only when
# they changed (a stamp holds their hash).
prepare() {
	local tree=$1 p
	shift
	if [ ! -d "$tree" ]; then
		git -C "$W/linux" worktree add -q --detach "$tree" pristine
	fi
	local stamp="$tree/.bpfkasan-series" hash
	hash=$(cat "$@" </dev/null | sha256sum | cut -d' ' -f1)
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && return
	echo "run-tests: applying ${#} patches to $tree"
	git -C "$tree" reset -q --hard pristine
	git -C "$tree" clean -fdxq
	for p in "$@"; do
		git -C "$tree" apply --check "$p" 2>/dev/null ||
			{ git -C "$tree" apply --check "$p" || true; die "$(basename "$p") does not apply to linux-source-6.12"; }
		git -C "$tree" apply "$p"
	done
	echo "$hash" >"$stamp"
}

# Symbols the guest tests need, checked after olddefconfig.
NEED=(64BIT PRINTK SERIAL_8250_CONSOLE BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT
	PROC_FS DEVTMPFS BPF_SYSCALL BPF_JIT BPF_JIT_ALWAYS_ON NET KASAN KASAN_GENERIC
	KASAN_VMALLOC VMAP_STACK KALLSYMS BPF_KASAN_TEST CPU_MITIGATIONS)

# build TREE OUT NAME EXTRA_SYMBOLS...
build() {
	local tree=$1 out=$2 name=$3 s t0 t1
	shift 3
	mkdir -p "$out"
	t0=$(now)
	make -s -C "$tree" O="$out" tinyconfig >/dev/null
	"$tree"/scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "$here/config.frag" >/dev/null
	make -s -C "$tree" O="$out" olddefconfig >/dev/null
	local bad=()
	for s in "${NEED[@]}" "$@"; do
		grep -qx "CONFIG_$s=y" "$out/.config" || bad+=("CONFIG_$s")
	done
	[ ${#bad[@]} -eq 0 ] || die "$name: not set after olddefconfig: ${bad[*]}"
	local log="$W/build-$name.log"
	if ! make -s -C "$tree" O="$out" CC="ccache gcc" -j"$JOBS" bzImage >"$log" 2>&1; then
		grep -B2 -A8 -E 'error|Error' "$log" | head -60 >&2
		die "$name: kernel build failed (log: $log)"
	fi
	t1=$(now)
	echo "run-tests: build time ($name): $((t1 - t0)) s"
}

# --- initramfs ----------------------------------------------------------
# cpio list entries for the shared libraries ldd says FILE needs
# (ld-linux included), each at its own path, after its parent dirs.
with_libs() {
	local f=$1 lib dir
	for lib in $(ldd "$f" | grep -oE '/[^ ]+[.]so[^ ]*'); do
		dir=$(dirname "$lib")
		while [ "$dir" != / ]; do
			echo "dir $dir 0755 0 0"
			dir=$(dirname "$dir")
		done | tac
		echo "file $lib $(readlink -f "$lib") 0755 0 0"
	done | awk '!seen[$0]++'
}

initramfs() {
	local d="$W/initramfs" bk="$B/cli/bpfkasan" obj="$B/tests/progs/hints.bpf.o"
	[ -x "$bk" ] && [ -f "$obj" ] ||
		die "no $bk or $obj: build bpfkasan first (meson compile -C build) or set BPFKASAN_BUILD"
	mkdir -p "$d"
	strip -o "$d/bpfkasan" "$bk"
	cp "$obj" "$d/hints.bpf.o"
	cp "$here/guest/load-hints.sh" "$d/load-hints.sh"
	gcc -static -O2 -Wall -Wextra -Werror -Wno-missing-field-initializers \
		-o "$d/kasan_tests" "$here/guest/kasan_tests.c"
	gcc -O2 -o "$d/gen_init_cpio" "$W/linux/usr/gen_init_cpio.c"
	cat >"$d/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
echo "bpfkasan-guest: start"
/bin/busybox mount -t bpf bpf /sys/fs/bpf
/bin/kasan_tests
rc=$?
/bin/busybox sh /bin/load-hints.sh || rc=1
echo "bpfkasan-guest: done rc=$rc"
/bin/busybox reboot -f
EOF
	cat >"$d/list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /bin 0755 0 0
file /bin/busybox /bin/busybox 0755 0 0
file /bin/kasan_tests $d/kasan_tests 0755 0 0
file /init $d/init 0755 0 0
dir /tmp 1777 0 0
dir /progs 0755 0 0
file /progs/hints.bpf.o $d/hints.bpf.o 0644 0 0
file /bin/load-hints.sh $d/load-hints.sh 0755 0 0
file /bin/bpfkasan $d/bpfkasan 0755 0 0
EOF
	with_libs "$bk" >>"$d/list"
	"$d/gen_init_cpio" "$d/list" | gzip -1 >"$W/initrd.gz"
}

# --- boot and check -----------------------------------------------------
failed=0
# boot NAME BZIMAGE CMDLINE...: boot, then check the serial log
boot() {
	local name=$1 kernel=$2 t0 t1
	shift 2
	local log="$W/serial-$name.log"
	t0=$(now)
	timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 1024 -smp 1 -nographic -no-reboot \
		-kernel "$kernel" -initrd "$W/initrd.gz" \
		-append "console=ttyS0 panic=-1 quiet kasan_multi_shot $*" </dev/null >"$log" 2>&1 || true
	t1=$(now)
	tr -d '\r' <"$log" >"$log.txt"
	echo "run-tests: boot time ($name): $((t1 - t0)) s"
	local bad=0 t
	grep -q '^bpfkasan-guest: done' "$log.txt" || { echo "run-tests: $name: the guest did not finish"; bad=1; }
	for t in $({ grep -o '^	{ "[a-z0-9_]*",' "$here/guest/kasan_tests.c"
		grep -o '"hint_[a-z0-9_]*"' "$here/guest/kasan_tests.c"
		# load-hints.sh: "result NAME" and "for t in NAME..."
		grep -oE '(result|for t in) load_[a-z0-9_ ]+' "$here/guest/load-hints.sh" |
			grep -oE 'load_[a-z0-9_]+' | sed 's/.*/"&"/'; } | cut -d'"' -f2 | sort -u); do
		grep -q "^bpfkasan-kernel-test: $t " "$log.txt" ||
			{ echo "run-tests: $name: no result for $t"; bad=1; }
	done
	if grep -q '^bpfkasan-kernel-test: .* FAIL' "$log.txt"; then
		grep '^bpfkasan-kernel-test: .* FAIL' "$log.txt" | sed "s/^/run-tests: $name: /"
		bad=1
	fi
	# Anything the kernel complains about other than KASAN reports
	if grep -E 'Kernel panic|Oops|general protection fault|BUG: unable to handle|^\[ *[0-9.]*\] (WARNING|BUG):|^(WARNING|BUG):' "$log.txt" |
		grep -v 'BUG: KASAN: ' | grep -q .; then
		echo "run-tests: $name: kernel errors besides the expected KASAN reports:"
		grep -E 'Kernel panic|Oops|general protection fault|BUG: unable to handle|(WARNING|BUG):' "$log.txt" |
			grep -v 'BUG: KASAN: ' | head -5
		bad=1
	fi
	grep -E '^bpfkasan-kernel-(test|tests|bench|hint|load)' "$log.txt" | sed "s/^/[$name] /"
	# The JIT image the guest dumped, disassembled
	local jit
	jit=$(grep -m1 '^bpfkasan-kernel-jit: ' "$log.txt" || true)
	if [ -n "$jit" ] && command -v objdump >/dev/null; then
		echo "$jit" | cut -d' ' -f3 | perl -ne 'chomp; print pack("H*", $_)' >"$W/jit-$name.bin"
		objdump -D -b binary -m i386:x86-64 -M intel "$W/jit-$name.bin" >"$W/jit-$name.txt"
		echo "run-tests: $name: JIT image of $(echo "$jit" | cut -d' ' -f2):" \
			"$(stat -c %s "$W/jit-$name.bin") bytes," \
			"$(grep -c 'cmp    BYTE PTR \[r11+r12\*1\],0x0' "$W/jit-$name.txt") inline shadow checks," \
			"$(grep -c '	call ' "$W/jit-$name.txt") calls (disassembly: $W/jit-$name.txt)"
	fi
	echo "run-tests: $name: $(grep -c 'BUG: KASAN: ' "$log.txt" || true) KASAN reports in the serial log"
	if [ $bad -ne 0 ]; then
		echo "run-tests: $name: FAILED (serial log: $log.txt)"
		failed=1
	fi
}

unpack
series=("$here"/patches/*.patch)
[ -e "${series[0]}" ] || die "no patches in $here/patches"
prepare "$W/linux" "${series[@]}"
[ $baseline -eq 1 ] && prepare "$W/linux-base" "$here"/patches/0001-*.patch
if [ $build -eq 1 ]; then
	build "$W/linux" "$W/out" series BPF_JIT_KASAN
	[ $baseline -eq 1 ] && build "$W/linux-base" "$W/out-base" baseline
fi
initramfs

img=arch/x86/boot/bzImage
boot inline "$W/out/$img" bpf_jit_kasan=inline
boot call "$W/out/$img" bpf_jit_kasan=call
boot off "$W/out/$img" bpf_jit_kasan=off bpfkasan.expect=none
[ $baseline -eq 1 ] && boot baseline "$W/out-base/$img" bpfkasan.expect=none bpfkasan.baseline

if [ $failed -ne 0 ]; then
	echo "run-tests: FAILED"
	exit 1
fi
echo "run-tests: all boots passed"
