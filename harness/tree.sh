#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the source tree of a kernel and print its path.
#
#   stock:   build/stock/linux, the pristine base (hard links to it).
#   patched: build/patched/linux, a git work tree: tag "base" is the
#            pristine base, branch "series" is base + the series, i.e.
#            the files in `removed` deleted, linux/ copied over, and
#            patches/series applied in order.
#
# Only files whose content changes are written, so everything else keeps
# its mtime and an edit to one file in linux/ rebuilds only what depends
# on it.  Files the series touched before and no longer touches are put
# back to their base content.  Object directories live inside each tree
# (o-<flavour>) so that kbuild uses the relative srctree "..", which lets
# ccache share objects between the two trees and between clones.
. "$(dirname "$0")/lib.sh"

kernel=${1:-patched}
check_kernel "$kernel"
pristine=$("$TOP/harness/base.sh")
version=$(basename "$pristine")
dir=$BUILD/$kernel
src=$dir/linux

build_lock

# A tree from another base version is thrown away whole.
if [ "$(cat "$dir/base-version" 2>/dev/null)" != "$version" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	say "assembling $src from $version"
	if [ "$kernel" = stock ]; then
		cp -al "$pristine" "$src"
		chmod u+w "$src"
	else
		cp -a "$pristine" "$src"
		chmod -R u+w "$src"
		git -C "$src" init -q
		# A kernel tree of loose objects would start an automatic gc in
		# the background, holding the build lock: the tree is scratch.
		git -C "$src" config gc.auto 0
		echo '/o-*' >>"$src/.git/info/exclude"
		# Debian's top-level .gitignore ignores everything: force.
		git -C "$src" add -A -f
		git -C "$src" -c user.name=afxdp -c user.email=afxdp@localhost \
			commit -q -m "Linux base: Debian linux-source-6.1 $version"
		git -C "$src" tag base
		git -C "$src" checkout -q -b series
	fi
	echo "$version" >"$dir/base-version"
fi

if [ "$kernel" = stock ]; then
	echo "$src"
	exit 0
fi

# The lines of a list file, without comments and blank lines.
entries() {
	[ ! -f "$1" ] || sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

# Paths named by a patch, from its "+++ b/<path>" lines.
patch_paths() {
	sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' "$1"
}

series=()
while read -r p; do
	[ -f "$TOP/patches/$p" ] || die "patches/series: no patches/$p"
	series+=("$TOP/patches/$p")
done < <(entries "$TOP/patches/series")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
want=$scratch/want
{
	entries "$TOP/removed"
	(cd "$TOP/linux" && find . -type f ! -name '.*.swp' | sed 's|^\./||')
	for p in "${series[@]}"; do patch_paths "$p"; done
} | sort -u >"$want"
# The desired content of every path the series touches now or touched the
# previous time: base content, minus removed, plus linux/, plus patches.
touch "$dir/series-paths"
sort -u "$want" "$dir/series-paths" >"$scratch/all"
mkdir "$scratch/t"
(cd "$pristine" && while read -r f; do
	if [ -e "$f" ]; then cp --parents -p "$f" "$scratch/t/"; fi
done) <"$scratch/all"
chmod -R u+w "$scratch/t"
while read -r f; do
	[ -e "$pristine/$f" ] || die "removed: $f is not in the base"
	rm -f "$scratch/t/$f"
done < <(entries "$TOP/removed")
cp -a "$TOP/linux/." "$scratch/t/"
for p in "${series[@]}"; do
	patch -d "$scratch/t" -p1 -F0 -s --no-backup-if-mismatch <"$p" ||
		die "$(basename "$p") does not apply"
done

changed=0
while read -r f; do
	if [ -e "$scratch/t/$f" ]; then
		if ! cmp -s "$scratch/t/$f" "$src/$f"; then
			mkdir -p "$(dirname "$src/$f")"
			cp "$scratch/t/$f" "$src/$f"
			chmod u+w "$src/$f"
			changed=$((changed + 1))
		fi
	elif [ -e "$src/$f" ]; then
		rm -f "$src/$f"
		changed=$((changed + 1))
	fi
done <"$scratch/all"
mv "$want" "$dir/series-paths"

git -C "$src" add -A -f -- . ':(exclude)o-*'
tree=$(git -C "$src" write-tree)
if [ "$tree" != "$(git -C "$src" rev-parse 'series^{tree}')" ]; then
	commit=$(git -C "$src" -c user.name=afxdp -c user.email=afxdp@localhost \
		 commit-tree "$tree" -p base -m "AF_XDP series (assembled)")
	git -C "$src" update-ref refs/heads/series "$commit"
fi
[ "$changed" -eq 0 ] || say "series: $changed file(s) updated in $src"
echo "$src"
