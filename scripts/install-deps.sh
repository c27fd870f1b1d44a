#!/bin/bash
# Install everything bpfkasan needs to build and test, from Debian 12 packages.
# Idempotent: quiet and fast when every package is already present.
set -euo pipefail

PKGS=(
	build-essential meson ninja-build pkg-config
	libbpf-dev libelf-dev zlib1g-dev libz3-dev libcmocka-dev
	libcapstone-dev libjson-c-dev
	clang-19 llvm-19 libclang-rt-19-dev
	libxdp1 libbpf-tools bpftool linux-source-6.12 xz-utils make python3
	python3-jsonschema mandoc
	qemu-system-x86 busybox-static cpio flex bison bc libssl-dev ccache
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
