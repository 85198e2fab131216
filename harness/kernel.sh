#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build a kernel; print the path of its bzImage.
#
#   harness/kernel.sh KERNEL FLAVOUR [make targets...]
#
# Objects go to build/KERNEL/linux/o-FLAVOUR.  The configuration is
# x86_64 defconfig + kvm_guest.config + config/base.config +
# config/FLAVOUR.config; it is redone only when one of those changes, and
# every setting the fragments ask for is checked in the result.  Extra
# arguments are passed to make instead of the default target, bzImage.
. "$(dirname "$0")/lib.sh"

kernel=${1:-patched}
flavour=${2:-test}
shift 2 || true
check_kernel "$kernel"
check_flavour "$flavour"
src=$("$TOP/harness/tree.sh" "$kernel")
obj=$src/o-$flavour
frags=("$src/kernel/configs/kvm_guest.config" "$TOP/config/base.config"
       "$TOP/config/$flavour.config")

build_lock
mkdir -p "$obj" "$BUILD/logs"

# uname -r: 6.1.x for the base, 6.1.x-afxdp for the series.
localversion=
[ "$kernel" = stock ] || localversion=-afxdp
kmake() {
	kbuild "$src" "o-$flavour" LOCALVERSION="$localversion" "$@"
}

# Every CONFIG_ line of our fragments, last one winning, must be in .config
# (kvm_guest.config is generic and asks for other architectures' options).
# Symbols the tree does not define (the series' own, in the stock tree) are
# skipped.
check_config() {
	local want known bad=0
	known=$(find "$src" -name 'Kconfig*' -not -path "$obj/*" -print0 |
		xargs -0 sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/CONFIG_\2/p' |
		sort -u)
	want=$(cat "${frags[@]:1}" |
	       sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)/\1 \2/p' \
		      -e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set/\1 n/p' |
	       awk '{v[$1] = $2} END {for (k in v) print k, v[k]}' | sort |
	       join - <(echo "$known"))
	while read -r sym val; do
		have=$(sed -n "s/^$sym=//p" "$obj/.config")
		[ -n "$have" ] || have=n
		if [ "$have" != "$val" ]; then
			say "config: $sym=$val asked for, got $have"
			bad=1
		fi
	done <<<"$want"
	return $bad
}

stamp=$(cat "${frags[@]}" "$src/Makefile" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$obj/.afxdp-config" 2>/dev/null)" != "$stamp" ]; then
	say "configuring $kernel/$flavour"
	kmake -s defconfig >/dev/null
	(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m -O . \
		.config "${frags[@]}" >/dev/null)
	kmake -s olddefconfig >/dev/null
	check_config || die "the config fragments are not satisfiable"
	echo "$stamp" >"$obj/.afxdp-config"
fi

log=$BUILD/logs/kernel-$kernel-$flavour.log
[ $# -gt 0 ] || set -- bzImage
say "building $kernel/$flavour: make $* (log: $log)"
start=$(date +%s)
if ! kmake -s "$@" >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -n 40 >&2
	die "kernel build failed, see $log"
fi
grep -E 'warning:' "$log" | head -n 20 >&2 || true
say "built $kernel/$flavour in $(( $(date +%s) - start ))s"
echo "$obj/arch/x86/boot/bzImage"
