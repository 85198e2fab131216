#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build QEMU with the emulated XL710 and print the path of the binary.
#
# The QEMU is Debian's own source package of the QEMU it ships, pinned in
# qemu/qemu.pin.  It is fetched once with apt-get source --download-only
# through a private apt configuration under $AFXDP_CACHE/apt (a deb-src
# entry for the machine's own mirror; the machine's apt sources are never
# touched), checked against the pinned sha256 of the .dsc, unpacked once
# with dpkg-source -x (which applies Debian's patches) into
# $AFXDP_CACHE/qemu-src-<version>, and left pristine.  The build tree is a
# copy of it, $AFXDP_CACHE/qemu-build-<version>/src, with qemu/patches
# applied and the model's files (qemu/hw/...) copied in whenever their
# content changed (so a one-file edit rebuilds in seconds), configured
# lean for x86_64-softmmu and built through ccache at nice 19.
. "$(dirname "$0")/lib.sh"
. "$TOP/qemu/qemu.pin"

apt=$CACHE/apt
dl=$CACHE/dl/qemu
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$dl"

# deb-src entries for the mirrors and suites the machine's deb entries use.
srclist=$apt/sources.list
if [ ! -s "$srclist" ]; then
	{
		echo "deb-src http://deb.debian.org/debian bookworm main"
		echo "deb-src http://deb.debian.org/debian bookworm-updates main"
		echo "deb-src http://deb.debian.org/debian-security bookworm-security main"
	} >"$srclist"
fi
aptopts=(
	-o Dir::Etc::SourceList="$srclist"
	-o Dir::Etc::SourceParts="$apt/parts"
	-o Dir::State::Lists="$apt/lists"
	-o Dir::Cache="$apt/cache"
	-o Debug::NoLocking=1
)

fetch() {
	(cd "$dl" && apt-get "${aptopts[@]}" source -qq --download-only \
		"$PACKAGE=$1" >/dev/null 2>&1)
}
# The .dsc's file name: the version without its epoch.
dsc_of() { echo "$dl/${PACKAGE}_${1#*:}.dsc"; }

version=$VERSION
dsc=$(dsc_of "$version")
if [ ! -f "$dsc" ]; then
	apt-get "${aptopts[@]}" update -qq || true
	if ! fetch "$version"; then
		version=$(apt-cache "${aptopts[@]}" showsrc "$PACKAGE" |
			  awk '/^Version:/ {print $2}' | grep '^1:7\.2+' |
			  sort -V | tail -n 1)
		[ -n "$version" ] || die "no $PACKAGE 7.2 source available"
		cat >&2 <<-MSG
		######################################################################
		# WARNING: $PACKAGE=$VERSION (qemu/qemu.pin) is no longer served.
		# Using the newest available instead: $PACKAGE=$version.
		# The QEMU is NOT the pinned one; update qemu/qemu.pin to make
		# this the pinned version.
		######################################################################
		MSG
		fetch "$version" || die "apt-get source $PACKAGE=$version failed"
		dsc=$(dsc_of "$version")
	fi
fi
if [ "$version" = "$VERSION" ]; then
	sum=$(sha256sum "$dsc" | cut -d' ' -f1)
	[ "$sum" = "$SHA256" ] ||
		die "$dsc: sha256 $sum, qemu/qemu.pin records $SHA256"
fi

v=${version#*:}
src=$CACHE/qemu-src-$v
if [ ! -f "$src/configure" ]; then
	say "unpacking $PACKAGE $version into $src"
	rm -rf "$src" "$src.tmp"
	# dpkg-source checks the .dsc's checksums of the tarballs it unpacks.
	dpkg-source -x "$dsc" "$src.tmp" >/dev/null
	chmod -R a-w "$src.tmp"
	mv "$src.tmp" "$src"
fi

bld=$CACHE/qemu-build-$v
tree=$bld/src
stamp=$bld/patches.applied
want=$(cat "$TOP/qemu/patches/series" \
	$(sed 's|^|'"$TOP"'/qemu/patches/|' "$TOP/qemu/patches/series") |
	sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	say "preparing the QEMU tree in $tree"
	rm -rf "$bld"
	mkdir -p "$bld"
	cp -a "$src" "$tree.tmp"
	chmod -R u+w "$tree.tmp"
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		patch -d "$tree.tmp" -p1 -s --no-backup-if-mismatch \
			<"$TOP/qemu/patches/$p" || die "qemu/patches/$p does not apply"
	done <"$TOP/qemu/patches/series"
	mv "$tree.tmp" "$tree"
	echo "$want" >"$stamp"
fi

# The model's own files and the device list: copied only when their
# content changed, so that ninja rebuilds exactly what was edited.
(cd "$TOP/qemu" && find hw configs -type f) | while read -r f; do
	cmp -s "$TOP/qemu/$f" "$tree/$f" || cp "$TOP/qemu/$f" "$tree/$f"
done

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$bld
export CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-25G}
obj=$tree/build
# Only x86_64-softmmu, only the devices of qemu/configs (the q35 board,
# PCIe root ports, virtio-9p, virtio-net, the XL710), no optional
# features but 9p's, no tools and no docs.
conf=(--target-list=x86_64-softmmu --without-default-features
	--without-default-devices --with-devices-x86_64=afxdp
	--enable-virtfs --enable-attr --enable-cap-ng --enable-tcg
	--disable-docs --disable-werror --cc="ccache gcc")
if [ ! -f "$obj/build.ninja" ] ||
   [ "$(cat "$bld/configure.args" 2>/dev/null)" != "${conf[*]}" ]; then
	say "configuring QEMU in $obj"
	rm -rf "$obj" "$bld/configure.args"
	mkdir -p "$obj"
	(cd "$obj" && nice -n 19 ../configure "${conf[@]}" \
		>"$bld/configure.log" 2>&1) ||
		die "configure failed: see $bld/configure.log"
	echo "${conf[*]}" >"$bld/configure.args"
fi
say "building QEMU (log: $bld/build.log)"
nice -n 19 ninja -C "$obj" -j"${QEMU_JOBS:-2}" qemu-system-x86_64 \
	>"$bld/build.log" 2>&1 || {
	tail -n 30 "$bld/build.log" >&2
	die "QEMU build failed: see $bld/build.log"
}
echo "$obj/qemu-system-x86_64"
