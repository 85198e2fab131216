#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM for `make bench` (bench/run.sh): every workload once
# on the veth pair of harness/guest-lib.sh, a line each:
#
#   result WORKLOAD MODE SIZE PPS        (PPS "fail" when it failed)
#
#   guest-bench.sh XDPSOCK-DIR SECONDS
#
# WORKLOAD is rxdrop, txonly, l2fwd (xdpsock on xsk0, CPU 1) or xdpdrop
# (xdp-bench drop on xsk0: the XDP_DROP ceiling of the same path); MODE
# skb or driver; SIZE the frame length without FCS (pktgen's pkt_size,
# xdpsock's -s).  Each runs a second to warm up, then
# SECONDS measured.  Counted by what is not ours where it can be:
# xdp-bench's own figures for xdpdrop, the rx_packets of xsk0's peer rt1
# for what xsk0 sends (txonly, l2fwd); rxdrop by xdpsock's per-second
# samples.
set -uo pipefail
. "$(dirname "$0")/../harness/guest-lib.sh"
bin=$1
secs=$2

echo "# kernel $(uname -r)"
now() {
	date +%s.%N
}

# Packets/s that arrive from xsk0 at rt1, over the measured window.
sent_rate() {
	local c1 t1 c2 t2

	sleep 1
	c1=$(counter rt rt1 rx packets)
	t1=$(now)
	sleep "$secs"
	c2=$(counter rt rt1 rx packets)
	t2=$(now)
	awk -v c="$((c2 - c1))" -v t1="$t1" -v t2="$t2" \
		'BEGIN { printf "%.0f\n", c / (t2 - t1) }'
}

# Mean of xdpsock's per-second FIELD after the first second.
xdpsock_rate() {
	jq -r "select(.type == \"sample\") | .$1" "$2" | tail -n +2 |
		awk '{ s += $1; n++ } END { if (n) printf "%.0f\n", s / n }'
}

# Mean of xdp-bench's per-second "rx/s" after the first second.
xdpbench_rate() {
	grep -E '^(Summary|  *receive total)' "$1" | head -n -1 |
		grep -oE '[0-9][0-9,]* rx/s' | tr -d , | tail -n +2 |
		awk '{ s += $1; n++ } END { if (n) printf "%.0f\n", s / n }'
}

# run WORKLOAD MODE SIZE: one measurement, one result line.
run() {
	local workload=$1 mode=$2 size=$3 log=/tmp/bench.log pps= pid
	local flag=-S xmode=skb

	[ "$mode" = driver ] && flag=-N xmode=native
	case $workload in
	rxdrop|l2fwd|xdpdrop) pktgen_start "$size" ;;
	esac
	case $workload in
	xdpdrop)
		xdp-bench drop -m $xmode -i 1 xsk0 >$log 2>&1 &
		pid=$!
		sleep $((secs + 1))
		kill -INT $pid
		wait $pid
		pps=$(xdpbench_rate $log)
		;;
	rxdrop)
		taskset -c 1 "$bin/xdpsock" -i xsk0 $flag --json \
			-d $((secs + 1)) >$log
		pps=$(xdpsock_rate rx_pps $log)
		;;
	txonly|l2fwd)
		taskset -c 1 "$bin/xdpsock" -i xsk0 --$workload $flag \
			-s "$size" --json >$log &
		pid=$!
		pps=$(sent_rate)
		kill -INT $pid
		wait $pid || pps=
		;;
	esac
	case $workload in
	rxdrop|l2fwd|xdpdrop) pktgen_stop ;;
	esac
	if [ -z "$pps" ] || [ "$pps" = 0 ]; then
		echo "# $workload $mode $size failed:"
		sed 's/^/#   /' $log | tail -n 20
		pps=fail
	fi
	echo "result $workload $mode $size $pps"
}

veth_up
for size in ${BENCH_SIZES:-64 1500}; do
	for mode in skb driver; do
		for workload in ${BENCH_WORKLOADS:-xdpdrop rxdrop txonly l2fwd}; do
			run $workload $mode $size
		done
	done
done
veth_down
