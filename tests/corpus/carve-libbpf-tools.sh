#!/usr/bin/env bash
# Carve the BPF objects embedded (as libbpf skeletons) in the binaries of the
# Debian package libbpf-tools.
#
# usage: tests/corpus/carve-libbpf-tools.sh OUTDIR
#
# Writes OUTDIR/<tool>.bpf.o (a binary embedding k > 1 objects also gets
# OUTDIR/<tool>.2.bpf.o ... <tool>.k.bpf.o) and OUTDIR/manifest.txt with one
# line per binary of the package:
#     ok <tool>.bpf.o [<tool>.2.bpf.o ...]
#     none <binary>                  (no BPF object inside)
#     fail <binary> <reason>         (carved, but llvm-objdump-19 -h rejects it)
# Each carved object is checked by `llvm-objdump-19 -h` parsing it without
# a complaint.
#
# Environment:
#   CARVE_BPF_ELF  path of a built carve_bpf_elf (e.g. from the meson build
#                  dir: build/tests/corpus/carve_bpf_elf); default: compile
#                  tests/corpus/carve_bpf_elf.c with cc into OUTDIR.
#   LLVM_OBJDUMP   default llvm-objdump-19
#
# Installs libbpf-tools with apt-get when it is missing (needs root).
# Idempotent: a binary is carved again only when it, or the carver, is newer
# than its stamp.
set -euo pipefail
export LC_ALL=C

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
LLVM_OBJDUMP=${LLVM_OBJDUMP:-llvm-objdump-19}
STAMPS=$OUT/.stamps
mkdir -p "$STAMPS"

if ! command -v "$LLVM_OBJDUMP" >/dev/null 2>&1; then
    echo "carve-libbpf-tools: $LLVM_OBJDUMP not found (apt-get install llvm-19)" >&2
    exit 1
fi

# ------------------------------------------------------------- the package
if ! dpkg-query -W -f='${Status}' libbpf-tools 2>/dev/null | grep -q 'ok installed'; then
    echo "carve-libbpf-tools: installing libbpf-tools"
    if [ "$(id -u)" != 0 ]; then
        echo "carve-libbpf-tools: libbpf-tools is not installed and we are not root" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq libbpf-tools >/dev/null; then
        apt-get update -qq
        apt-get install -y -qq libbpf-tools >/dev/null
    fi
fi

# ------------------------------------------------------------- the carver
if [ -n "${CARVE_BPF_ELF:-}" ]; then
    CARVER=$CARVE_BPF_ELF
else
    CARVER=$OUT/.carve_bpf_elf
    if [ ! -x "$CARVER" ] || [ "$HERE/carve_bpf_elf.c" -nt "$CARVER" ]; then
        ${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -o "$CARVER.tmp" \
            "$HERE/carve_bpf_elf.c"
        mv "$CARVER.tmp" "$CARVER"
    fi
fi
if [ ! -x "$CARVER" ]; then
    echo "carve-libbpf-tools: carver $CARVER is not executable" >&2
    exit 1
fi

# ------------------------------------------------------------- carve
binaries=()
while read -r f; do
    # regular files (not symlinks) that start with the ELF magic
    if [ ! -f "$f" ] || [ -L "$f" ]; then continue; fi
    magic=
    LC_ALL=C read -r -n 4 magic <"$f" 2>/dev/null || true
    [ "$magic" = $'\x7fELF' ] || continue
    binaries+=("$f")
done < <(dpkg -L libbpf-tools | sort)

verify() { # obj -> prints nothing and returns 0 when llvm-objdump is happy
    local out err
    # (no pipe into grep -q here: with pipefail, SIGPIPE would fail it)
    if ! out=$("$LLVM_OBJDUMP" -h "$1" 2>"$OUT/.objdump.err"); then
        err=$(head -n1 "$OUT/.objdump.err")
        echo "${err:-llvm-objdump failed}"
        return 1
    fi
    if [ -s "$OUT/.objdump.err" ]; then
        head -n1 "$OUT/.objdump.err"
        return 1
    fi
    case $out in
    *"file format elf64-bpf"*) ;;
    *)
        echo "not recognised as elf64-bpf"
        return 1
        ;;
    esac
}

for bin in "${binaries[@]}"; do
    tool=$(basename "$bin")
    stamp=$STAMPS/$tool
    if [ -e "$stamp" ] && [ "$stamp" -nt "$bin" ] && [ "$stamp" -nt "$CARVER" ]; then
        continue
    fi
    rm -f "$OUT/$tool".bpf.o "$OUT/$tool".[0-9]*.bpf.o
    rc=0
    "$CARVER" -q "$bin" "$OUT/$tool" || rc=$?
    if [ "$rc" = 1 ]; then
        echo "none $bin" >"$stamp"
        continue
    elif [ "$rc" != 0 ]; then
        echo "fail $bin carve_bpf_elf exit $rc" >"$stamp"
        continue
    fi
    line="ok"
    for obj in "$OUT/$tool".bpf.o "$OUT/$tool".[0-9]*.bpf.o; do
        [ -e "$obj" ] || continue
        if ! why=$(verify "$obj"); then
            rm -f "$obj"
            line="fail $bin $(basename "$obj"): $why"
            break
        fi
        line="$line $(basename "$obj")"
    done
    echo "$line" >"$stamp"
done

# stamps of binaries no longer in the package
declare -A in_pkg=()
for bin in "${binaries[@]}"; do
    in_pkg[${bin##*/}]=1
done
for s in "$STAMPS"/*; do
    [ -e "$s" ] || continue
    t=${s##*/}
    if [ -z "${in_pkg[$t]:-}" ]; then
        rm -f "$s" "$OUT/$t".bpf.o "$OUT/$t".[0-9]*.bpf.o
    fi
done

MANIFEST=$OUT/manifest.txt
for bin in "${binaries[@]}"; do
    cat "$STAMPS/${bin##*/}"
done >"$MANIFEST.tmp"
mv "$MANIFEST.tmp" "$MANIFEST"

n_bins=${#binaries[@]}
n_ok_bins=$(grep -c '^ok ' "$MANIFEST" || true)
n_objs=$(grep '^ok ' "$MANIFEST" | awk '{ n += NF - 1 } END { print n + 0 }')
n_none=$(grep -c '^none ' "$MANIFEST" || true)
n_fail=$(grep -c '^fail ' "$MANIFEST" || true)
version=$(dpkg-query -W -f='${Version}' libbpf-tools)
echo "libbpf-tools corpus: $n_objs objects carved from $n_ok_bins of $n_bins binaries" \
     "(libbpf-tools $version; $n_none without BPF object, $n_fail failed" \
     "$LLVM_OBJDUMP -h; see $MANIFEST)"
