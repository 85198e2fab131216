#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs.  Quiet and quick when
# nothing is missing; otherwise apt-get update and install what is.
. "$(dirname "$0")/lib.sh"

pkgs=(
	# kernel build
	build-essential flex bison bc libelf-dev libssl-dev dwarves ccache
	cpio kmod rsync xz-utils git sparse
	# the VM
	qemu-system-x86
	# building QEMU with the emulated XL710 (harness/qemu.sh); the
	# firmware comes from Debian's seabios and qemu-system-data
	dpkg-dev meson ninja-build libglib2.0-dev libpixman-1-dev libfdt-dev
	libcap-ng-dev libattr1-dev seabios qemu-system-data
	# tests, samples and tools used inside the VM (the guest's root is
	# the host's, so these are the guest's tools too)
	clang llvm lld libbpf-dev libxdp-dev xdp-tools bpftool iproute2
	ethtool procps util-linux python3 iputils-ping jq
	# reports and documentation
	gnuplot-nox python3-sphinx python3-sphinx-rtd-theme
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
say "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	--no-install-recommends "${missing[@]}" >/dev/null
