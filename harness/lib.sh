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
