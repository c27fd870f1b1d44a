#!/bin/bash
# Compare bpfkasan's linking with libbpf's on every libxdp1 object.
set -euo pipefail
dir=/usr/lib/x86_64-linux-gnu/bpf
objs=("$dir"/*.o)
[ -e "${objs[0]}" ] || { echo "no objects in $dir: is libxdp1 installed?"; exit 1; }
exec "$1" "${objs[@]}"
