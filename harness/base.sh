#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make sure the pristine base tree exists and print its path.
#
# The version is pinned in base.pin.  The .deb is fetched once with
# apt-get download into $AFXDP_CACHE/dl, checked against the recorded
# sha256, and unpacked once into $AFXDP_CACHE/pristine/<version>, which
# is then made read-only.  If Debian no longer serves the pinned version,
# the newest 6.1.x it does serve is taken instead, with a loud warning.
. "$(dirname "$0")/lib.sh"
. "$TOP/base.pin"

dl=$CACHE/dl
mkdir -p "$dl" "$CACHE/pristine"

fetch() {
	(cd "$dl" && apt-get download -qq "$PACKAGE=$1" 2>/dev/null)
}

deb=$dl/${PACKAGE}_${VERSION}_all.deb
version=$VERSION
if [ ! -f "$deb" ] && ! fetch "$VERSION"; then
	apt-get update -qq || true
	if ! fetch "$VERSION"; then
		version=$(apt-cache madison "$PACKAGE" | awk '{print $3}' |
			  grep '^6\.1\.' | sort -V | tail -n 1)
		[ -n "$version" ] || die "no $PACKAGE 6.1.x available from apt"
		cat >&2 <<-MSG
		######################################################################
		# WARNING: $PACKAGE=$VERSION (base.pin) is no longer served.
		# Using the newest available instead: $PACKAGE=$version.
		# Results are NOT from the pinned base; update base.pin to make
		# this the pinned version.
		######################################################################
		MSG
		fetch "$version" || die "apt-get download $PACKAGE=$version failed"
		deb=$dl/${PACKAGE}_${version}_all.deb
	fi
fi

if [ "$version" = "$VERSION" ]; then
	sum=$(sha256sum "$deb" | cut -d' ' -f1)
	[ "$sum" = "$SHA256" ] ||
		die "$deb: sha256 $sum, base.pin records $SHA256"
fi

tree=$CACHE/pristine/$version
if [ ! -f "$tree/Makefile" ]; then
	say "unpacking $PACKAGE $version into $tree"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$PACKAGE.tar.xz" | xz -dc -T0 |
		tar -C "$tree.tmp" -x --strip-components=1
	chmod -R a-w "$tree.tmp"
	mv "$tree.tmp" "$tree"
fi
echo "$tree"
