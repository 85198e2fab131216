#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: build the test kernel (KERNEL=patched|stock, FLAVOUR test)
# and the selftests against its uapi headers, boot it, run every test in
# the VM, and close with "N passed, N failed, N skipped".
#
# Every test prints one TAP line ("ok N name", "not ok N name", "ok N name #
# SKIP why"); the closing line counts them all.  Each suite runs in a VM
# boot of its own (run_suite), which is a test too: it fails on any kernel
# splat, even where the tests passed.  Three of them run on the QEMU that
# harness/qemu.sh builds, with two emulated XL710 ports for the unmodified
# i40e driver (qemu/tests/guest.sh, the selftests in zero-copy mode, and
# their data-path cases again under swiotlb=force), beside the model's
# host-side test of bad guest input.  On the
# patched kernel the exported series is checked as well: a line per patch
# for checkpatch (harness/series.sh, harness/checkpatch.allow), and two for
# its documentation (harness/docs.sh).
. "$(dirname "$0")/lib.sh"

kernel=${KERNEL:-patched}
check_kernel "$kernel"
results=$BUILD/$kernel/check

image=$("$TOP/harness/kernel.sh" "$kernel" test bzImage headers)
# After the build: assembling a fresh tree starts $BUILD/$kernel anew.
rm -rf "$results"
mkdir -p "$results"
obj=$(dirname "$(dirname "$(dirname "$(dirname "$image")")")")
tests=$BUILD/$kernel/tests
say "building the selftests against $kernel's uapi headers"
make -s -C "$TOP/linux/tools/testing/selftests/bpf/afxdp" \
	OUTPUT="$tests" UAPI="$obj/usr/include"

# run_suite NAME TIMEOUT PORTS SCRIPT ARGS...: one boot of the test kernel
# running SCRIPT ARGS (TAP on its output), on the QEMU with the emulated
# XL710 and PORTS ports of it where PORTS is not 0; its logs go to
# $results/NAME.  Every TAP line joins the tally, the boot itself is a
# test (clean kernel log, power-off), and so is every name that "SCRIPT -l
# ARGS" lists: one with no result line never ran.
tap=$results/tap
: >"$tap"
run_suite() {
	local name=$1 timeout=$2 ports=$3 st=0 t list
	local env=()

	shift 3
	[ "$ports" -eq 0 ] || env=(VM_QEMU="$qemu" VM_XL710="$ports")
	env "${env[@]}" "$TOP/vm/run.sh" -t "$timeout" -o "$results/$name" \
		"$image" "$@" || st=$?
	grep -h -E '^(not )?ok [0-9]+ ' "$results/$name/output" >>"$tap" \
		2>/dev/null || true
	if ! list=$("$1" -l "${@:2}") || [ -z "$list" ]; then
		echo "not ok - $name: lists no runs"
	fi >>"$tap"
	while read -r t; do
		[ -n "$t" ] || continue
		grep -q -E "^(not )?ok [0-9]+ $t( |\$)" "$results/$name/output" \
			2>/dev/null || echo "not ok - $t: never ran"
	done <<<"$list" >>"$tap"
	if [ "$st" -eq 0 ]; then
		echo "ok - $name: boot, run and power-off, kernel log clean"
	else
		echo "not ok - $name: failed (see $results/$name)"
	fi >>"$tap"
}

# The selftests in skb and driver mode on veth, and the KUnit suites.
run_suite vm "${CHECK_TIMEOUT:-3600}" 0 "$TOP/harness/guest-check.sh" "$tests"

# The emulated XL710 (qemu/): its host-side test of bad guest input, and
# two ports on one hub with the unmodified i40e driver on them
# (qemu/tests/guest.sh, xdpsock for its AF_XDP cases), and the selftests
# in zero-copy mode on them (harness/guest-zc.sh).
qemu=$("$TOP/harness/qemu.sh")
python3 "$TOP/qemu/tests/xl710-qtest.py" "$qemu" >"$results/xl710-qtest" 2>&1 ||
	echo "not ok - xl710-qtest: exit $? (see $results/xl710-qtest)" >>"$tap"
grep -h -E '^(not )?ok [0-9]+ ' "$results/xl710-qtest" >>"$tap" || true
bin=$BUILD/$kernel/xdpsock
make -s -C "$TOP/linux/samples/bpf/xdpsock" OUTPUT="$bin" \
	UAPI="$obj/usr/include"
clang -O2 -Wall -Werror -target bpf -isystem "$obj/usr/include" \
	-I/usr/include/"$(uname -m)"-linux-gnu \
	-c -o "$bin/xdp_short.o" "$TOP/qemu/tests/xdp_short.bpf.c"
run_suite vm-xl710 "${XL710_TIMEOUT:-1200}" 2 "$TOP/qemu/tests/guest.sh" "$bin"
run_suite vm-zc "${ZC_TIMEOUT:-2400}" 2 "$TOP/harness/guest-zc.sh" "$tests"
# The zero-copy cases that move frames through every DMA path (RX, TX,
# XDP_PASS and XDP_TX, unaligned chunks, one UMEM on two queues and two
# ports) once more, with every mapping bounced through swiotlb: a sync
# that the pool or the driver leaves out corrupts a frame, and the test
# kernel's CONFIG_DMA_API_DEBUG reports a sync outside a mapping.
VM_APPEND="${VM_APPEND:+$VM_APPEND }swiotlb=force" \
	run_suite vm-zc-swiotlb "${ZC_TIMEOUT:-1500}" 2 \
	"$TOP/harness/guest-zc.sh" "$tests" rx_basic rx_max_frame \
	rx_prog_actions rx_ring_full unaligned_ tx_basic tx_chunk_edges \
	shared_two libxdp teardown_close zc_tx_fill_empty zc_steer_sockets \
	zc_rx_backpressure zc_ring_empty

# On the series' kernel every case of each KUnit suite in linux/ has a
# result: a suite that reports fewer cases than its source has fails.
if [ "$kernel" = patched ]; then
	grep -rl --include='*.c' '^kunit_test_suite' "$TOP/linux" |
	while read -r f; do
		suite=$(sed -n 's/^[[:space:]]*\.name = "\(.*\)",$/\1/p' "$f" | tail -n 1)
		want=$(grep -c 'KUNIT_CASE' "$f")
		got=$(grep -c -E "^(not )?ok [0-9]+ kunit/$suite/" "$tap" || true)
		[ "$got" -eq "$want" ] ||
			echo "not ok - kunit/$suite: $got of its $want cases reported"
	done >>"$tap"
fi
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
