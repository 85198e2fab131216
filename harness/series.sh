#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make series`: export the series as a mailable, numbered patch set.
#
#   harness/series.sh [--check]
#
# The assembled tree (harness/tree.sh: tag "base", branch "series") is cut
# into patches by path as harness/series.split says, committed in order on
# the temporary branch "series-export" (with git plumbing and an index of
# its own: the work tree, and so the lead's build, is not touched), and
# exported with git format-patch into build/series/patches, with a cover
# letter made from harness/cover.txt (its first line is the subject;
# @CHECK@, @BENCH@, @CHECKPATCH@ and @BASE@ are filled in from the last
# `make check`, the README's summary of `make bench`, checkpatch and
# base.pin).  Every patch is run through scripts/checkpatch.pl --strict;
# the reports are in build/series/checkpatch, with NNNN.todo listing the
# findings
# harness/checkpatch.allow does not keep (make check fails on those).
#
# --check then applies the patches one by one to the pristine base, in a
# git worktree of its own (build/series/linux), and after each builds the
# objects it touches, with the test kernel's configuration: the .o of each
# kernel .c file it changes, the directory of each header or Kbuild file
# it changes, and for a change under include/ net/xdp/ (or what
# SERIES_CHECK_INCLUDE says, e.g. "net/xdp/ drivers/net/ethernet/intel/"
# to build the zero-copy drivers too).  User-space parts
# (tools/, samples/) and documentation are not built.  At the end the
# worktree must equal the series.  Build logs: build/series/logs.
. "$(dirname "$0")/lib.sh"
. "$TOP/base.pin"

check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) die "usage: harness/series.sh [--check]" ;;
esac

# --check builds with the test kernel's configuration, as harness/kernel.sh
# makes it (that assembles the tree too, so do it before the export).
[ "$check" -eq 0 ] || "$TOP/harness/kernel.sh" patched test olddefconfig >/dev/null
src=$("$TOP/harness/tree.sh" patched)
out=$BUILD/series
split=$TOP/harness/series.split
author=${SERIES_AUTHOR:-AF_XDP series team <afxdp@example.org>}
author_name=${author% <*}
author_email=${author##*<}
author_email=${author_email%>}
base_desc="Debian $PACKAGE $VERSION (Linux $(sed -n \
	-e 's/^VERSION = //p' -e 's/^PATCHLEVEL = //p' \
	-e 's/^SUBLEVEL = //p' "$src/Makefile" | paste -sd.))"

g() { git -C "$src" "$@"; }

# --- the split: subjects[i], bodies[i], fpats[i] and vlines[i] ---

subjects=() bodies=() fpats=() vlines=()
n=-1
inbody=0
while IFS= read -r line || [ -n "$line" ]; do
	case "$line" in
	'#'*) ;;
	'Subject: '*)
		n=$((n + 1))
		subjects[n]=${line#Subject: }
		bodies[n]= fpats[n]= vlines[n]=
		inbody=1
		;;
	'F: '*)
		[ "$n" -ge 0 ] || die "series.split: F: before any Subject:"
		fpats[n]+="${line#F: }"$'\n'
		inbody=0
		;;
	'V: '*)
		[ "$n" -ge 0 ] || die "series.split: V: before any Subject:"
		vlines[n]+="${line#V: }"$'\n'
		inbody=0
		;;
	*)
		[ "$inbody" -eq 0 ] || bodies[n]+="$line"$'\n'
		;;
	esac
done <"$split"
npatches=$((n + 1))
[ "$npatches" -gt 0 ] || die "series.split: no patches"

# Does path $1 match split pattern $2?  (dir/ = everything under dir)
matches() {
	case "$2" in
	*/) [[ $1 == $2* ]] ;;
	*) [[ $1 == $2 ]] ;;
	esac
}

# --- who gets which file ---

declare -A owner
unmatched=()
while IFS= read -r f; do
	best=-1 bestlen=-1
	for ((i = 0; i < npatches; i++)); do
		while IFS= read -r pat; do
			[ -n "$pat" ] || continue
			if matches "$f" "$pat" && [ ${#pat} -gt "$bestlen" ]; then
				best=$i bestlen=${#pat}
			fi
		done <<<"${fpats[i]}"
	done
	if [ "$best" -lt 0 ]; then
		unmatched+=("$f")
	else
		owner[$f]=$best
	fi
done < <(g diff --name-only --no-renames base series)
[ ${#unmatched[@]} -eq 0 ] ||
	die "no patch of harness/series.split takes: ${unmatched[*]}"

# --- the commits, on an index of our own ---

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export GIT_INDEX_FILE=$scratch/index
g read-tree base

# Reproducible: the same series gives the same patches.
date=$(g log -1 --format=%cd --date=raw series)
export GIT_AUTHOR_NAME=$author_name GIT_AUTHOR_EMAIL=$author_email
export GIT_COMMITTER_NAME=$author_name GIT_COMMITTER_EMAIL=$author_email
export GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date

# Put path $1 into the index as blob $2, with the series' mode.
stage() {
	local mode
	mode=$(g ls-tree series -- "$1" | cut -d' ' -f1)
	g update-index --add --cacheinfo "${mode:-100644},$2,$1"
}

parent=$(g rev-parse base)
for ((i = 0; i < npatches; i++)); do
	for f in "${!owner[@]}"; do
		[ "${owner[$f]}" -eq "$i" ] || continue
		if g cat-file -e "series:$f" 2>/dev/null; then
			stage "$f" "$(g rev-parse "series:$f")"
		else
			g update-index --force-remove -- "$f"
		fi
	done
	while read -r path script; do
		[ -n "$path" ] || continue
		[ "${owner[$path]:--1}" -gt "$i" ] ||
			die "series.split: V: $path in patch $((i + 1)), which is not before the patch that takes it"
		# sed, then drop the blank lines a deleted last block leaves.
		blob=$(g cat-file blob "series:$path" | sed -e "$script" |
		       sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' |
		       g hash-object -w --stdin)
		stage "$path" "$blob"
	done <<<"${vlines[i]}"
	tree=$(g write-tree)
	if [ "$tree" = "$(g rev-parse "$parent^{tree}")" ]; then
		say "series: nothing for \"${subjects[i]}\" yet, skipped"
		continue
	fi
	parent=$(printf '%s\n\n%s\nSigned-off-by: %s\n' "${subjects[i]}" \
			"${bodies[i]}" "$author" |
		 g commit-tree "$tree" -p "$parent")
done
[ "$(g rev-parse "$parent^{tree}")" = "$(g rev-parse 'series^{tree}')" ] ||
	die "the patches do not add up to the series"
g update-ref refs/heads/series-export "$parent"

# --- export, checkpatch, cover letter ---

rm -rf "$out/patches" "$out/checkpatch"
mkdir -p "$out/patches" "$out/checkpatch"
g -c diff.noprefix=false format-patch -q --no-renames --cover-letter \
	--subject-prefix="${SUBJECT_PREFIX:-PATCH}" -o "$out/patches" \
	base..series-export
g branch -q -D series-export
cover=$(ls "$out"/patches/0000-*.patch)

cpsum=$out/checkpatch/summary
: >"$cpsum"
for p in "$out"/patches/*.patch; do
	[ "$p" != "$cover" ] || continue
	name=$(basename "$p" .patch)
	(cd "$src" && perl scripts/checkpatch.pl --strict --no-color \
		--show-types "$p") >"$out/checkpatch/$name.txt" 2>&1 || true
done

# Each finding is either kept for a reason harness/checkpatch.allow gives
# (those reasons go into the cover letter) or one to fix: NNNN.todo lists
# those, and the summary counts them.
python3 - "$TOP/harness/checkpatch.allow" "$out/checkpatch" <<'EOF'
import fnmatch, glob, re, sys

allow = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])
         if l.strip() and not l.startswith('#')]
kept = {}
with open(f'{sys.argv[2]}/summary', 'w') as summary:
    for rep in sorted(glob.glob(f'{sys.argv[2]}/[0-9]*.txt')):
        lines = open(rep).read().split('\n') + ['']
        total = next((l for l in lines if l.startswith('total:')), '?')
        # A checkpatch that died said nothing about the patch.
        todo = [] if total != '?' else ['checkpatch.pl did not finish']
        for i, line in enumerate(lines[:-1]):
            m = re.match(r'(ERROR|WARNING|CHECK):(\w+):', line)
            if not m:
                continue
            f = re.search(r'FILE: ([^:]+):', lines[i + 1])
            path = f.group(1) if f else '*'
            why = next((a for a in allow if m.group(1) != 'ERROR' and
                        a[0] == m.group(2) and fnmatch.fnmatch(path, a[1])),
                       None)
            if why:
                kept[(why[0], why[1])] = why[2]
            else:
                todo.append(f'{line} ({path})')
        open(rep[:-4] + '.todo', 'w').write(''.join(t + '\n' for t in todo))
        summary.write(f'{rep.split("/")[-1][:4]}: {total}; '
                      f'{len(todo)} to fix\n')
with open(f'{sys.argv[2]}/kept', 'w') as out:
    for (t, g), why in sorted(kept.items()):
        out.write(f'{t} ({g}): {why}\n')
EOF

# "N passed, N failed, N skipped" of the last `make check` of a kernel.
check_summary() {
	local tap=$BUILD/$1/check/tap skipped failed passed
	[ -f "$tap" ] || { echo "not run"; return; }
	skipped=$(grep -c '# SKIP' "$tap" || true)
	failed=$(grep -c '^not ok' "$tap" || true)
	passed=$(( $(grep -c '^ok' "$tap" || true) - skipped ))
	echo "$passed passed, $failed failed, $skipped skipped"
}

{
	echo "make check (the patched test kernel: KASAN, lockdep, kmemleak):"
	echo "  $(check_summary patched)"
	echo "make KERNEL=stock check (the same tests on the unpatched base):"
	echo "  $(check_summary stock)"
} >"$scratch/check"
# The README's summary of the latest `make bench` runs (bench/results/
# has each run's full tables).
sed -n '/^<!-- bench-results -->$/,/^<!-- \/bench-results -->$/p' \
	"$TOP/README.md" | sed '1d;$d' >"$scratch/bench"
[ -s "$scratch/bench" ] ||
	echo "make bench has not been run." >"$scratch/bench"
{
	echo "scripts/checkpatch.pl --strict, per patch:"
	sed 's/^/  /' "$cpsum"
	echo
	echo "The findings kept, and why:"
	fold -s -w 72 "$out/checkpatch/kept" | sed 's/^/  /'
} >"$scratch/checkpatch"
echo "$base_desc" >"$scratch/base"

python3 - "$cover" "$TOP/harness/cover.txt" "$scratch" <<'EOF'
import sys

cover, text, scratch = sys.argv[1:]
lines = open(text).read().split('\n')
subject, blurb = lines[0], '\n'.join(lines[1:]).strip('\n')
for key in ('check', 'bench', 'checkpatch', 'base'):
    fill = open(f'{scratch}/{key}').read().rstrip('\n')
    blurb = blurb.replace(f'@{key.upper()}@', fill)
s = open(cover).read()
s = s.replace('*** SUBJECT HERE ***', subject, 1)
s = s.replace('*** BLURB HERE ***', blurb, 1)
open(cover, 'w').write(s)
EOF

say "series: $(ls "$out"/patches/*.patch | wc -l) files in $out/patches"
sed 's/^/checkpatch /' "$cpsum" >&2
[ "$check" -eq 1 ] || exit 0

# --- --check: each patch applies to the base and builds ---

config=$src/o-test/.config
unset GIT_INDEX_FILE

wt=$out/linux
build_lock
if [ ! -d "$wt" ]; then
	g worktree prune
	say "series: checking out the base in $wt"
	g worktree add -q --detach "$wt" base
else
	git -C "$wt" checkout -q -f --detach base
	git -C "$wt" clean -q -fdx -e '/o-*'
fi
mkdir -p "$wt/o-check" "$out/logs"
result=$out/check
: >"$result"
failed=0
for p in "$out"/patches/*.patch; do
	[ "$p" != "$cover" ] || continue
	name=$(basename "$p" .patch)
	if ! git -C "$wt" apply "$p"; then
		echo "$name: does not apply" | tee -a "$result" >&2
		failed=1
		break
	fi
	targets=()
	while read -r f; do
		case "$f" in
		tools/* | samples/* | Documentation/* | scripts/* | usr/*) ;;
		include/*) targets+=(${SERIES_CHECK_INCLUDE:-net/xdp/}) ;;
		*.c) [ ! -f "$wt/$f" ] || targets+=("${f%.c}.o") ;;
		*.h | */Kconfig* | */Makefile | */Kbuild)
			targets+=("$(dirname "$f")/") ;;
		esac
	done < <(sed -n -e 's|^+++ b/||p' -e 's|^--- a/||p' "$p" | sort -u)
	if [ ${#targets[@]} -eq 0 ]; then
		echo "$name: nothing to build" | tee -a "$result" >&2
		continue
	fi
	mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u)
	log=$out/logs/$name.log
	cp "$config" "$wt/o-check/.config"
	if kbuild "$wt" o-check -s olddefconfig >"$log" 2>&1 &&
	   kbuild "$wt" o-check -s "${targets[@]}" >>"$log" 2>&1; then
		echo "$name: builds ${targets[*]}" \
		     "($(grep -c 'warning:' "$log" || true) warnings)" |
			tee -a "$result" >&2
	else
		echo "$name: BUILD FAILED: ${targets[*]} (see $log)" |
			tee -a "$result" >&2
		grep -E 'error' "$log" | head -n 20 >&2 || true
		failed=1
	fi
done
# Debian's top-level .gitignore ignores everything: force.
git -C "$wt" add -A -f -- . ':(exclude)o-*'
if [ "$failed" -eq 0 ] && ! git -C "$wt" diff --cached --quiet series; then
	echo "the patches applied in turn are not the series" |
		tee -a "$result" >&2
	failed=1
fi
[ "$failed" -eq 0 ] && say "series: every patch applies and builds"
exit "$failed"
