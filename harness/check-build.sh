#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check-build`: every in-tree caller of the AF_XDP API compiles with
# the series and gains no warning.
#
# The callers (net/core, net/ethtool, the zero-copy drivers) and the
# series' own directory are compiled with W=1 in the stock and the patched
# tree, in the test kernel's objects (the drivers other than i40e are
# modules that only this compiles); a warning line the patched build prints
# that the stock one does not is new.  The stock side depends only on the
# base and the config, so it is kept in the cache once made.  The series'
# own files must also be clean under sparse (C=2) outright.  One TAP line
# per check; the exit status is non-zero if any fails.
. "$(dirname "$0")/lib.sh"

callers=(net/core/filter.o net/core/dev.o net/core/xdp.o net/ethtool/
	 drivers/net/ethernet/intel/i40e/ drivers/net/ethernet/intel/ice/
	 drivers/net/ethernet/intel/ixgbe/ drivers/net/ethernet/intel/igc/
	 drivers/net/ethernet/mellanox/mlx5/core/
	 drivers/net/ethernet/stmicro/stmmac/
	 drivers/net/ethernet/netronome/nfp/)
own=(net/xdp/)
out=$BUILD/check-build
mkdir -p "$out"

# warnings KERNEL LOG MAKE-ARGS...: build, keep the warning lines, sorted.
# The objects are removed first: one that is up to date prints nothing
# (ccache gives the warnings back with the object).
warnings() {
	local kernel=$1 log=$2 obj=$BUILD/$1/linux/o-test t
	shift 2
	for t in "$@"; do
		case $t in
		*/) [ ! -d "$obj/$t" ] || find "$obj/$t" -name '*.o' -delete ;;
		*.o) rm -f "$obj/$t" ;;
		esac
	done
	# The config's CONFIG_WERROR would stop W=1 at the base's own first
	# warning: count warnings, do not stop at them.
	"$TOP/harness/kernel.sh" "$kernel" test KCFLAGS=-Wno-error "$@" \
		>/dev/null 2>"$log.err" ||
		{ cat "$log.err" >&2; return 1; }
	grep -E '(warning|error):' "$BUILD/logs/kernel-$kernel-test.log" |
		sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u >"$log"
}

n=0 bad=0
result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n check-build/$2"
	else
		echo "not ok $n check-build/$2"
		bad=1
	fi
}

rc=0
key=$( (cat "$TOP/base.pin" "$TOP"/config/*.config; echo "${callers[@]}") |
	sha256sum | cut -c1-16)
stock=$CACHE/check-build/stock-$key
if [ ! -e "$stock" ]; then
	mkdir -p "$(dirname "$stock")"
	warnings stock "$stock.new" W=1 "${callers[@]}" && mv "$stock.new" "$stock" || rc=1
fi
cp "$stock" "$out/stock" 2>/dev/null || true
warnings patched "$out/patched" W=1 "${callers[@]}" "${own[@]}" || rc=1
if [ $rc -eq 0 ]; then
	comm -13 "$out/stock" "$out/patched" >"$out/new"
	sed 's/^/#   /' "$out/new"
	[ -s "$out/new" ] && rc=1
fi
result $rc "callers-w1"

rc=0
# C=2: sparse on every file of the directory, built or not.
warnings patched "$out/sparse" C=2 "${own[@]}" || rc=1
sed 's/^/#   /' "$out/sparse"
[ -s "$out/sparse" ] && rc=1
result $rc "own-sparse"
exit $bad
