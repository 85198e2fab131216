#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: the series against the kernel it replaces.
#
# Builds the bench flavour (no debugging) of the stock and the patched
# kernel and xdpsock against each one's uapi headers, then boots them in
# turn, stock then patched, BENCH_ROUNDS times (default 3) in the same VM
# configuration, running every workload of bench/guest-bench.sh in each
# boot: xdpsock rxdrop, txonly and l2fwd and the XDP_DROP ceiling
# (xdp-bench drop), in skb and driver mode, with 64 and 1500 byte frames.
# bench/report.py turns the results into bench/results/<date>.md (medians,
# paired patched/stock ratios, spread, fraction of the ceiling) and a bar
# chart <date>.png.
#
# BENCH_SECONDS: measured seconds per workload (default 4).
# BENCH_ICOUNT=1: QEMU's instruction clock (-icount, one vCPU): packets per
#   guest second become a deterministic cost per packet.
# BENCH_SIZES, BENCH_WORKLOADS: subsets (see bench/guest-bench.sh).
# BENCH_PROFILE=1: perf record over every measured window, its report in
#   the boot's output (the figures are then perf's, not the kernels').
. "$(dirname "$0")/../harness/lib.sh"

rounds=${BENCH_ROUNDS:-3}
secs=${BENCH_SECONDS:-4}
sizes=${BENCH_SIZES:-64 1500}
workloads=${BENCH_WORKLOADS:-xdpdrop rxdrop txonly l2fwd}
# A boot that hangs costs a few minutes, not the whole run: half a minute
# a workload beyond its measured seconds, and five for boot and set-up.
n=$(( $(wc -w <<<"$sizes") * $(wc -w <<<"$workloads") * 2 ))
vmopts=(-q -t $(( 300 + n * (secs + 30) )))
clock=wall
vm="2 vCPUs"
if [ -n "${BENCH_ICOUNT:-}" ]; then
	vmopts+=(-i)
	clock=icount
	vm="1 vCPU, -icount shift=0,sleep=off"
fi
# The guest sees no environment of ours: what it needs goes on its
# command line.
genv=(env BENCH_SIZES="$sizes" BENCH_WORKLOADS="$workloads"
      BENCH_PROFILE="${BENCH_PROFILE:-}")
stamp=$(date -u +%Y%m%d-%H%M%S)
logs=$BUILD/bench/$stamp
mkdir -p "$logs" "$TOP/bench/results"
raw=$logs/raw.tsv
: >"$raw"

declare -A image bin release
for kernel in stock patched; do
	image[$kernel]=$("$TOP/harness/kernel.sh" "$kernel" bench bzImage headers)
	obj=$(dirname "$(dirname "$(dirname "$(dirname "${image[$kernel]}")")")")
	bin[$kernel]=$BUILD/$kernel/xdpsock-bench
	make -s -C "$TOP/linux/samples/bpf/xdpsock" OUTPUT="${bin[$kernel]}" \
		UAPI="$obj/usr/include"
	release[$kernel]=$(cat "$obj/include/config/kernel.release")
done

failed=0
for round in $(seq "$rounds"); do
	for kernel in stock patched; do
		say "bench: round $round/$rounds, $kernel (${release[$kernel]})"
		out=$logs/$kernel-$round
		"$TOP/vm/run.sh" "${vmopts[@]}" -o "$out" "${image[$kernel]}" \
			"${genv[@]}" "$TOP/bench/guest-bench.sh" \
			"${bin[$kernel]}" "$secs" &
		pid=$!
		# Progress: each result as the guest prints it.
		tail -F -n +1 --pid=$pid "$out/console.log" 2>/dev/null |
			sed -un 's/\r$//; s/^result /  /p' >&2 || true
		wait $pid || { say "bench: the VM failed, see $out"; failed=1; }
		# From the console, which has what a boot printed before it
		# hung (report.py names the workloads it never reached).
		{ sed -n 's/\r$//; /^result /p' "$out/console.log" \
			2>/dev/null | grep . || echo "result boot - - fail"; } |
			while read -r _ workload mode size pps; do
				printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" \
					"$kernel" "$workload" "$mode" "$size" "$pps"
			done >>"$raw"
	done
done

report=$TOP/bench/results/$stamp
python3 "$TOP/bench/report.py" "$raw" "$report" "$clock" \
	"${release[stock]}" "${release[patched]}" "$stamp" \
	"$rounds rounds (stock, patched), ${secs} s a workload, QEMU TCG, $vm"
gnuplot -e "data='$report.dat'; out='$report.png'" "$TOP/bench/chart.gp"
cat "$report.md"
say "bench: $report.md, $report.png (logs: $logs)"
grep -q fail "$raw" && failed=1
exit $failed
