#!/usr/bin/env bash
# Build a corpus of real BPF objects from the Linux 6.12 BPF selftests.
#
# usage: tests/corpus/build-selftests.sh OUTDIR
#
# Inputs : /usr/src/linux-source-6.12.tar.xz (Debian package linux-source-6.12)
#          clang-19, python3 (stdlib only), make;
#          optionally bpftool (Debian package bpftool) + /sys/kernel/btf/vmlinux
# Outputs: OUTDIR/src/linux-source-6.12/...   the parts of the tree we need
#          OUTDIR/include/bpf/*.h             libbpf 6.12 headers + bpf_helper_defs.h
#          OUTDIR/include/vmlinux.h           (only when it can be generated)
#          OUTDIR/obj/<name>.bpf.o            one object per compiled source
#          OUTDIR/obj/<name>.log              compiler output for each source
#          OUTDIR/manifest.txt                one line per source, paths relative
#                                             to OUTDIR: "ok obj/<name>.bpf.o" or
#                                             "fail src/.../progs/<name>.c <first error>"
#
# Flags follow tools/testing/selftests/bpf/Makefile (see step 4). A source
# that fails only because of -Werror (warnings caused by a vmlinux.h from a
# newer kernel) is recompiled with -Wno-error, which does not change the code
# generated; its log says so.
#
# Environment:
#   LINUX_TARBALL  tarball to use (default /usr/src/linux-source-6.12.tar.xz)
#   CLANG          compiler (default clang-19)
#   VMLINUX_H      "auto" (default): dump /sys/kernel/btf/vmlinux with bpftool
#                  when both exist; "none": build without a vmlinux.h;
#                  any other value: path of a vmlinux.h to copy.
#   JOBS           parallel compile jobs (default 2)
#
# Idempotent: a re-run only redoes the steps whose inputs changed (tarball,
# headers, sources, compiler flags).
set -euo pipefail
export LC_ALL=C

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi

LINUX_TARBALL=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
CLANG=${CLANG:-clang-19}
VMLINUX_H=${VMLINUX_H:-auto}
JOBS=${JOBS:-2}

mkdir -p "$1"
OUT=$(cd "$1" && pwd)
SRC=$OUT/src
INC=$OUT/include
OBJ=$OUT/obj

for tool in "$CLANG" python3 make tar xz; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build-selftests: '$tool' not found" >&2
        exit 1
    fi
done
if [ ! -r "$LINUX_TARBALL" ]; then
    echo "build-selftests: $LINUX_TARBALL missing (apt-get install linux-source-6.12)" >&2
    exit 1
fi

# ---------------------------------------------------------------- 1. extract
# The top directory inside the tarball (linux-source-6.12).
TOP=$(basename "$LINUX_TARBALL" .tar.xz)
TREE=$SRC/$TOP
# Only the parts the BPF programs need: the selftests themselves, the tools
# copies of the kernel headers (tools/include: uapi/linux/bpf.h, linux/filter.h
# used by the verifier_*.c tests), libbpf's BPF-side headers, the kernel uapi
# headers and the helper-definition generator.
PARTS=(
    tools/testing/selftests/bpf
    tools/include
    tools/lib/bpf
    include/uapi
    scripts/bpf_doc.py
)
EXTRACT_STAMP=$SRC/.extracted
want_parts=$(printf '%s\n' "${PARTS[@]}")
if [ ! -e "$EXTRACT_STAMP" ] || [ "$LINUX_TARBALL" -nt "$EXTRACT_STAMP" ] ||
   [ "$(cat "$EXTRACT_STAMP")" != "$want_parts" ]; then
    echo "build-selftests: extracting ${#PARTS[@]} parts of $LINUX_TARBALL into $SRC"
    rm -rf "$TREE" "$EXTRACT_STAMP"
    mkdir -p "$SRC"
    tar --touch -xJf "$LINUX_TARBALL" -C "$SRC" "${PARTS[@]/#/$TOP/}"
    printf '%s\n' "$want_parts" >"$EXTRACT_STAMP"
fi
BPFDIR=$TREE/tools/testing/selftests/bpf
PROGS=$BPFDIR/progs
APIDIR=$TREE/tools/include/uapi

# ------------------------------------------------------- 2. generated headers
mkdir -p "$INC/bpf" "$OBJ"

# libbpf's BPF-side headers, as `make -C tools/lib/bpf install_headers` lays
# them out in the selftests' INCLUDE_DIR (the 6.12 copies, not the system's
# libbpf 1.1 ones).
for h in "$TREE"/tools/lib/bpf/*.h; do
    dst=$INC/bpf/$(basename "$h")
    if [ ! -e "$dst" ] || [ "$h" -nt "$dst" ]; then
        cp "$h" "$dst"
    fi
done

# bpf_helper_defs.h, exactly as tools/lib/bpf/Makefile generates it.
HELPER_DEFS=$INC/bpf/bpf_helper_defs.h
if [ ! -e "$HELPER_DEFS" ] || [ "$APIDIR/linux/bpf.h" -nt "$HELPER_DEFS" ] ||
   [ "$TREE/scripts/bpf_doc.py" -nt "$HELPER_DEFS" ]; then
    echo "build-selftests: generating bpf_helper_defs.h"
    python3 "$TREE/scripts/bpf_doc.py" --header \
        --file "$APIDIR/linux/bpf.h" >"$HELPER_DEFS.tmp"
    mv "$HELPER_DEFS.tmp" "$HELPER_DEFS"
fi

# vmlinux.h: written only when its content changes, so that objects that
# depend on it are not rebuilt needlessly (as the selftests Makefile does).
VMLINUX_OUT=$INC/vmlinux.h
vmlinux_src=
case $VMLINUX_H in
none) ;;
auto)
    if [ -r /sys/kernel/btf/vmlinux ] && command -v bpftool >/dev/null 2>&1; then
        vmlinux_src=/sys/kernel/btf/vmlinux
    elif [ -r /sys/kernel/btf/vmlinux ]; then
        echo "build-selftests: bpftool not found (apt-get install bpftool);" \
             "building without vmlinux.h" >&2
    fi
    ;;
*)
    vmlinux_src=$VMLINUX_H
    ;;
esac
if [ -z "$vmlinux_src" ]; then
    rm -f "$VMLINUX_OUT"
elif [ "$vmlinux_src" = /sys/kernel/btf/vmlinux ]; then
    # sysfs files carry no useful mtime: regenerate and compare (~1 s).
    bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$VMLINUX_OUT.tmp"
    if cmp -s "$VMLINUX_OUT.tmp" "$VMLINUX_OUT"; then
        rm -f "$VMLINUX_OUT.tmp"
    else
        echo "build-selftests: generated vmlinux.h from /sys/kernel/btf/vmlinux"
        mv "$VMLINUX_OUT.tmp" "$VMLINUX_OUT"
    fi
else
    if ! cmp -s "$vmlinux_src" "$VMLINUX_OUT"; then
        cp "$vmlinux_src" "$VMLINUX_OUT"
    fi
fi

# ------------------------------------------------------------ 3. the sources
# All verifier_*.c, plus the programs veristat.cfg names (globs on the object
# name; we match them against progs/<name>.c).
mapfile -t VERIFIER_SRCS < <(find "$PROGS" -maxdepth 1 -name 'verifier_*.c' -printf '%f\n' | sort)
VERISTAT_SRCS=()
while read -r pat; do
    pat=${pat%%#*}
    pat=${pat//[[:space:]]/}
    [ -n "$pat" ] || continue
    for f in "$PROGS"/$pat.c; do
        [ -e "$f" ] && VERISTAT_SRCS+=("$(basename "$f")")
    done
done <"$BPFDIR/veristat.cfg"
mapfile -t VERISTAT_SRCS < <(printf '%s\n' "${VERISTAT_SRCS[@]}" | sort -u)
mapfile -t ALL_SRCS < <(printf '%s\n' "${VERIFIER_SRCS[@]}" "${VERISTAT_SRCS[@]}" | sort -u)

# ------------------------------------------------------- 4. compiler flags
# From tools/testing/selftests/bpf/Makefile (test_progs flavour):
#   BPF_CFLAGS   = -g -Wall -Werror -D__TARGET_ARCH_$(SRCARCH) $(MENDIAN)
#                  -I$(INCLUDE_DIR) -I$(CURDIR) -I$(APIDIR)
#                  -I$(OUTPUT)/../usr/include -Wno-compare-distinct-pointer-types
#   CLANG_CFLAGS = $(CLANG_SYS_INCLUDES)    (-idirafter <host include dirs>)
#   TRUNNER_BPF_CFLAGS := $(BPF_CFLAGS) $(CLANG_CFLAGS) -DENABLE_ATOMICS_TESTS
#   CLANG_BPF_BUILD_RULE: $(CLANG) $3 -O2 --target=bpf -c $1 -mcpu=v3 -o $2
# plus the per-file "progs/X.c-CFLAGS := ..." settings.
# $(OUTPUT)/../usr/include holds `make headers_install` output, which the
# tarball does not have; the host's /usr/include (linux-libc-dev) stands in
# for it through the -idirafter system directories.
sys_includes=$("$CLANG" -v -E - </dev/null 2>&1 |
    sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }' |
    tr '\n' ' ')
BPF_CFLAGS="-g -Wall -Werror -D__TARGET_ARCH_x86 -mlittle-endian -I$INC -I$BPFDIR -I$APIDIR -Wno-compare-distinct-pointer-types"
CFLAGS="$BPF_CFLAGS $sys_includes -DENABLE_ATOMICS_TESTS -O2 --target=bpf -mcpu=v3"

# ---------------------------------------------------------- 5. compile (make)
# A generated makefile: one .result file per source, always written (so a
# failing source is not retried until one of its inputs changes), holding the
# manifest line. Header dependencies come from clang's -MD files.
MK=$OBJ/build.mk
{
    echo "# generated by build-selftests.sh; do not edit"
    echo "CLANG := $CLANG"
    echo "CFLAGS := $CFLAGS"
    echo "PROGS := $PROGS"
    echo "TREE := $TREE"
    # clang writes no dependency file for a source it fails on: such a
    # source depends on every selftests header instead (as upstream's rule
    # depends on progs/*.h), so fixing a header retries it.
    # (Some of bpf/*.h are symlinks into parts of the tree not extracted.)
    printf 'FAIL_DEPS :='
    for h in "$PROGS"/*.h "$BPFDIR"/*.h; do
        if [ -e "$h" ]; then printf ' %s' "$h"; fi
    done
    printf '\n'
    echo "SRCREL := ${PROGS#"$OUT"/}"
    echo "OBJ := $OBJ"
    # per-file flags from the selftests Makefile
    sed -n 's|^progs/\([A-Za-z0-9_]*\.c\)-CFLAGS[[:space:]]*:*=[[:space:]]*\(.*\)$|\1-CFLAGS := \2|p' \
        "$BPFDIR/Makefile"
    echo "FLAGS_STAMP := $OBJ/.flags"
    echo "HDR_STAMP := $OBJ/.headers"
    echo "all:"
    for s in "${ALL_SRCS[@]}"; do
        echo "all: \$(OBJ)/${s%.c}.result"
    done
    cat <<'EOF'
$(OBJ)/%.result: $(PROGS)/%.c $(FLAGS_STAMP) $(HDR_STAMP)
	@rm -f $(OBJ)/$*.bpf.o $(OBJ)/$*.d
	@if $(CLANG) $(CFLAGS) $($*.c-CFLAGS) -MD -MP -MF $(OBJ)/$*.d -MT $@ \
	       -c $< -o $(OBJ)/$*.bpf.o.tmp >$(OBJ)/$*.log 2>&1; then \
	    mv $(OBJ)/$*.bpf.o.tmp $(OBJ)/$*.bpf.o; \
	    echo "ok obj/$*.bpf.o" >$@; \
	elif grep -q -- '-Werror,' $(OBJ)/$*.log && \
	     { echo "--- retrying with -Wno-error"; \
	       $(CLANG) $(CFLAGS) $($*.c-CFLAGS) -Wno-error -MD -MP -MF $(OBJ)/$*.d -MT $@ \
	           -c $< -o $(OBJ)/$*.bpf.o.tmp 2>&1; } >>$(OBJ)/$*.log; then \
	    mv $(OBJ)/$*.bpf.o.tmp $(OBJ)/$*.bpf.o; \
	    echo "ok obj/$*.bpf.o" >$@; \
	    echo "  WARN $*.c: compiled only with -Wno-error (see obj/$*.log)"; \
	else \
	    rm -f $(OBJ)/$*.bpf.o.tmp; \
	    { echo "$@: $(FAIL_DEPS)"; printf '%s:\n' $(FAIL_DEPS); } >$(OBJ)/$*.d; \
	    err=$$(awk '/^--- retrying/ { e = ""; next } e == "" && /error:/ { e = $$0 } \
	                END { print e }' $(OBJ)/$*.log); \
	    [ -n "$$err" ] || err=$$(head -n1 $(OBJ)/$*.log); \
	    echo "fail $(SRCREL)/$*.c $${err#$(TREE)/}" >$@; \
	    echo "  FAIL $*.c"; \
	fi
-include $(wildcard $(OBJ)/*.d)
EOF
} >"$MK.tmp"
# The flags stamp changes (and everything rebuilds) only when the generated
# makefile (flags, recipe, source list) or the compiler do; the headers stamp
# only when generated headers (OUTDIR/include) appear, vanish or change.
# (no "| head" under pipefail: an early exit would SIGPIPE the writer)
flags_now=$({ "$CLANG" --version; cat "$MK.tmp"; } | md5sum)
if [ ! -e "$OBJ/.flags" ] || [ "$(cat "$OBJ/.flags")" != "$flags_now" ]; then
    printf '%s\n' "$flags_now" >"$OBJ/.flags"
fi
hdrs_list=$(cd "$INC" && find . -name '*.h' | sort)
if [ ! -e "$OBJ/.headers" ] ||
   [ -n "$(find "$INC" -name '*.h' -newer "$OBJ/.headers")" ] ||
   [ "$(cat "$OBJ/.headers")" != "$hdrs_list" ]; then
    printf '%s\n' "$hdrs_list" >"$OBJ/.headers"
fi
mv "$MK.tmp" "$MK"

start=$(date +%s)
make --no-print-directory -s -f "$MK" -j"$JOBS" all
end=$(date +%s)

# ------------------------------------------------------------ 6. manifest
MANIFEST=$OUT/manifest.txt
declare -A status=() wanted=()
for s in "${ALL_SRCS[@]}"; do
    read -r line <"$OBJ/${s%.c}.result"
    status[$s]=${line%% *}
    wanted[${s%.c}]=1
    printf '%s\n' "$line"
done >"$MANIFEST.tmp"
mv "$MANIFEST.tmp" "$MANIFEST"
# forget the objects of sources no longer in the list
for r in "$OBJ"/*.result; do
    n=${r##*/}
    n=${n%.result}
    if [ -z "${wanted[$n]:-}" ]; then
        rm -f "$OBJ/$n".*
    fi
done

count_ok() {
    local n=0 s
    for s in "$@"; do
        if [ "${status[$s]:-}" = ok ]; then n=$((n + 1)); fi
    done
    echo "$n"
}
v_ok=$(count_ok "${VERIFIER_SRCS[@]}")
s_ok=$(count_ok "${VERISTAT_SRCS[@]}")
vm=without
[ -e "$VMLINUX_OUT" ] && vm=with
echo "selftests corpus: $v_ok of ${#VERIFIER_SRCS[@]} verifier_*.c compiled," \
     "$s_ok of ${#VERISTAT_SRCS[@]} veristat.cfg programs compiled" \
     "($vm vmlinux.h, compile step $((end - start)) s; see $MANIFEST)"
