#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: build the test kernel (KERNEL=patched|stock, FLAVOUR test)
# and the selftests against its uapi headers, boot it, run every test in
# the VM, and close with "N passed, N failed, N skipped".
#
# Every test prints one TAP line ("ok N name", "not ok N name", "ok N name #
# SKIP why"); the closing line counts them all.  The VM run itself is a test
# too: it fails on any kernel splat, even where the tests passed.  A
# second VM, on the QEMU that harness/qemu.sh builds, has two emulated
# XL710 ports for the unmodified i40e driver (qemu/tests/guest.sh), beside
# the model's host-side test of bad guest input.  On the
# patched kernel the exported series is checked as well: a line per patch
# for checkpatch (harness/series.sh, harness/checkpatch.allow), and two for
# its documentation (harness/docs.sh).
. "$(dirname "$0")/lib.sh"

kernel=${KERNEL:-patched}
check_kernel "$kernel"
results=$BUILD/$kernel/check
rm -rf "$results"
mkdir -p "$results"

image=$("$TOP/harness/kernel.sh" "$kernel" test bzImage headers)
obj=$(dirname "$(dirname "$(dirname "$(dirname "$image")")")")
tests=$BUILD/$kernel/tests
say "building the selftests against $kernel's uapi headers"
make -s -C "$TOP/linux/tools/testing/selftests/bpf/afxdp" \
	OUTPUT="$tests" UAPI="$obj/usr/include"

vm=0
"$TOP/vm/run.sh" -t "${CHECK_TIMEOUT:-3600}" -o "$results/vm" "$image" \
	"$TOP/harness/guest-check.sh" "$tests" || vm=$?

# The emulated XL710 (qemu/): its host-side test of bad guest input, then
# a VM with two ports on one hub, the unmodified i40e driver on them
# (qemu/tests/guest.sh; xdpsock for the AF_XDP case).
tap=$results/tap
: >"$tap"
qemu=$("$TOP/harness/qemu.sh")
python3 "$TOP/qemu/tests/xl710-qtest.py" "$qemu" >"$results/xl710-qtest" 2>&1 ||
	echo "not ok - xl710-qtest: exit $? (see $results/xl710-qtest)" >>"$tap"
bin=$BUILD/$kernel/xdpsock
make -s -C "$TOP/linux/samples/bpf/xdpsock" OUTPUT="$bin" \
	UAPI="$obj/usr/include"
xl710=0
VM_QEMU=$qemu VM_XL710=2 "$TOP/vm/run.sh" -t "${XL710_TIMEOUT:-1200}" \
	-o "$results/xl710" "$image" "$TOP/qemu/tests/guest.sh" "$bin" || xl710=$?

# The tally: every TAP line of the guests' output, and each VM itself.
grep -h -E '^(not )?ok [0-9]+ ' "$results/xl710-qtest" "$results/vm/output" \
	"$results/xl710/output" >>"$tap" 2>/dev/null || true
# The plan: every case of the runner in each of its modes, and on the
# series' kernel every case of each KUnit suite in linux/, has a result; a
# case that never ran fails by name.
{ "$tests/afxdp_test" -l; "$TOP/qemu/tests/guest.sh" -l; } | while read -r name; do
	grep -q -E "^(not )?ok [0-9]+ $name( |\$)" "$tap" ||
		echo "not ok - $name: never ran"
done >"$results/unplanned"
if [ "$kernel" = patched ]; then
	grep -rl --include='*.c' '^kunit_test_suite' "$TOP/linux" |
	while read -r f; do
		suite=$(sed -n 's/^[[:space:]]*\.name = "\(.*\)",$/\1/p' "$f" | tail -n 1)
		want=$(grep -c 'KUNIT_CASE' "$f")
		got=$(grep -c -E "^(not )?ok [0-9]+ kunit/$suite/" "$tap" || true)
		[ "$got" -eq "$want" ] ||
			echo "not ok - kunit/$suite: $got of its $want cases reported"
	done >>"$results/unplanned"
fi
cat "$results/unplanned" >>"$tap"
# vm_result NAME STATUS DIR: the VM run itself as a test.
vm_result() {
	if [ "$2" -eq 0 ]; then
		echo "ok - $1: boot, run and power-off, kernel log clean"
	else
		echo "not ok - $1: failed (see $3)"
	fi
}
vm_result vm "$vm" "$results/vm" >>"$tap"
vm_result vm-xl710 "$xl710" "$results/xl710" >>"$tap"
# The series as it would be mailed: every checkpatch finding is fixed, or
# kept for a reason harness/checkpatch.allow gives.
if [ "$kernel" = patched ]; then
	if "$TOP/harness/series.sh" >"$results/series.log" 2>&1; then
		for todo in "$BUILD"/series/checkpatch/[0-9]*.todo; do
			name=checkpatch/$(basename "$todo" .todo)
			if [ -s "$todo" ]; then
				echo "not ok - $name"
				sed 's/^/# /' "$todo"
			else
				echo "ok - $name"
			fi
		done >>"$tap"
	else
		echo "not ok - checkpatch: make series failed, see $results/series.log" >>"$tap"
	fi
	"$TOP/harness/docs.sh" >>"$tap"
fi
skipped=$(grep -c '# SKIP' "$tap" || true)
failed=$(grep -c '^not ok' "$tap" || true)
passed=$(( $(grep -c '^ok' "$tap") - skipped ))
echo
grep '^not ok' "$tap" || true
echo "logs: $results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
