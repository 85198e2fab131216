# SPDX-License-Identifier: GPL-2.0
# Sourced by the harness scripts: where things live, and a few helpers.
#
# The repository holds sources only.  Downloads, the pristine base and the
# compiler cache live outside it ($AFXDP_CACHE), so a fresh clone of the
# repository on the same machine starts warm; assembled trees, objects and
# logs live in build/ inside it.

set -euo pipefail
export LC_ALL=C

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${AFXDP_CACHE:-$HOME/.cache/afxdp}
BUILD=${AFXDP_BUILD:-$TOP/build}
JOBS=${JOBS:-$(( $(nproc) + 1 ))}

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# KERNEL is "patched" (the series, the default) or "stock" (the base).
check_kernel() {
	case "$1" in
	patched|stock) ;;
	*) die "KERNEL must be 'patched' or 'stock', not '$1'" ;;
	esac
}

# FLAVOUR is "test" (KASAN, lockdep, kmemleak, KUnit) or "bench" (no
# debugging: what the benchmarks run).
check_flavour() {
	case "$1" in
	test|bench) ;;
	*) die "FLAVOUR must be 'test' or 'bench', not '$1'" ;;
	esac
}

# Serialise everything that writes a tree or its objects: two builds of
# the same tree at once corrupt it, and on two cores they gain nothing.
build_lock() {
	mkdir -p "$BUILD"
	exec 9>"$BUILD/.lock"
	if ! flock -n 9; then
		say "waiting for another build in $BUILD to finish..."
		flock 9
	fi
}

# make in the kernel tree $1 with objects in $1/$2 (a relative O=, so that
# ccache shares objects between trees and between clones), through the
# harness's compiler cache, with build stamps that do not depend on who
# builds or when.
kbuild() {
	local src=$1 obj=$2
	shift 2
	(
		export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
		export CCACHE_BASEDIR=$BUILD
		export CCACHE_NOHASHDIR=1
		export CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
		export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-25G}
		export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
		export KBUILD_BUILD_USER=afxdp KBUILD_BUILD_HOST=afxdp
		make -C "$src" O="$obj" -j"$JOBS" CC="ccache gcc" \
		     HOSTCC="ccache gcc" "$@"
	)
}
