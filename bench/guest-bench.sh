#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM for `make bench` (bench/run.sh): every workload once
# on the veth pair of harness/guest-lib.sh, a line each:
#
#   result WORKLOAD MODE SIZE PPS        (PPS "fail" when it failed)
#
#   guest-bench.sh XDPSOCK-DIR SECONDS
#
# WORKLOAD is rxdrop, txonly, l2fwd (xdpsock on xsk0, on the last CPU) or
# xdpdrop (xdp-bench drop on xsk0: the XDP_DROP ceiling of the same path);
# MODE skb or driver; SIZE the frame length without FCS (pktgen's
# pkt_size, xdpsock's -s).  Each tool is started, the first figure it
# prints is awaited (loading a BPF program takes seconds under TCG), a
# second of warm-up follows, then SECONDS are measured.  Counted by what
# is not ours where it can be: xdp-bench's own figures for xdpdrop, the
# rx_packets of xsk0's peer rt1 for what xsk0 sends (txonly, l2fwd);
# rxdrop by xdpsock's per-second samples (what reaches an AF_XDP socket is
# seen only by the socket).
set -uo pipefail
. "$(dirname "$0")/../harness/guest-lib.sh"
bin=$1
secs=$2
# xdpsock away from pktgen's CPU 0 when there is another (not with icount).
cpu=$(( $(nproc) - 1 ))

echo "# kernel $(uname -r), $(nproc) CPUs, ${secs}s a workload"
now() {
	date +%s.%N
}

# await LOG PATTERN: wait (up to a minute) for a line matching PATTERN.
await() {
	local i

	for i in $(seq 600); do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# stop PID: SIGINT, then SIGKILL if it has not gone within 10 s.
stop() {
	local i

	kill -INT "$1" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
}

# Packets/s that arrive from xsk0 at rt1, over the measured window.
sent_rate() {
	local c1 t1 c2 t2

	c1=$(counter rt rt1 rx packets)
	t1=$(now)
	sleep "$secs"
	c2=$(counter rt rt1 rx packets)
	t2=$(now)
	awk -v c="$((c2 - c1))" -v t1="$t1" -v t2="$t2" \
		'BEGIN { printf "%.0f\n", c / (t2 - t1) }'
}

# BENCH_PROFILE: perf samples every CPU over the measured window
# (profile_start), and the functions that took 0.5% or more are printed as
# comment lines (profile_end).
profile_start() {
	[ -n "${BENCH_PROFILE:-}" ] || return 0
	perf record -a -e cpu-clock -o /tmp/perf.data -- sleep "$secs" \
		>/dev/null 2>&1 &
	perf_pid=$!
}

profile_end() {
	[ -n "${BENCH_PROFILE:-}" ] || return 0
	wait "$perf_pid"
	echo "# profile $*:"
	perf report -i /tmp/perf.data --stdio --sort sym --percent-limit 0.5 \
		2>/dev/null | grep -v '^#' | grep -v '^$' | sed 's/^/#   /'
}

# Mean of xdpsock's per-second FIELD after the first second.
xdpsock_rate() {
	grep '^{' "$2" | jq -r "select(.type == \"sample\") | .$1" |
		tail -n +2 |
		awk '{ s += $1; n++ } END { if (n) printf "%.0f\n", s / n }'
}

# Mean of xdp-bench's per-interval "N rx/s" after the first interval.
xdpbench_rate() {
	grep -oE '[0-9][0-9,]* rx/s' "$1" | tr -d , | tail -n +2 |
		awk '{ s += $1; n++ } END { if (n) printf "%.0f\n", s / n }'
}

# receives: the workload takes pktgen's frames (txonly does not).
receives() {
	case $workload in
	rxdrop|l2fwd|xdpdrop) return 0 ;;
	esac
	return 1
}

# feed: pktgen's frames for a workload that receives, once the tool's
# program is on xsk0 (xdp_on); $fed says they were started.
feed() {
	receives && xdp_on && pktgen_start && fed=1
}

# run WORKLOAD MODE SIZE: one measurement, one result line.
run() {
	local workload=$1 mode=$2 size=$3 log=/tmp/bench.log pps= pid
	local flag=-S xmode=skb fed=

	[ "$mode" = driver ] && flag=-N xmode=native
	: >$log
	if receives; then pktgen_setup "$size"; fi
	case $workload in
	xdpdrop)
		stdbuf -oL xdp-bench drop -m $xmode -i 1 xsk0 >$log 2>&1 &
		pid=$!
		feed
		if await $log ' rx/s'; then
			sleep 1
			profile_start
			sleep "$secs"
			stop $pid
			profile_end "$@"
			pps=$(xdpbench_rate $log)
		else
			stop $pid
		fi
		;;
	rxdrop)
		taskset -c $cpu "$bin/xdpsock" -i xsk0 $flag --json \
			-d $((secs + 1)) >$log 2>&1 &
		pid=$!
		feed
		if await $log '"type":"sample"'; then
			profile_start
			wait $pid && pps=$(xdpsock_rate rx_pps $log)
			profile_end "$@"
		else
			stop $pid
		fi
		;;
	txonly|l2fwd)
		taskset -c $cpu "$bin/xdpsock" -i xsk0 --$workload $flag \
			-s "$size" --json >$log 2>&1 &
		pid=$!
		feed
		if await $log '"type":"sample"'; then
			sleep 1
			profile_start
			pps=$(sent_rate)
			profile_end "$@"
		fi
		stop $pid || pps=
		;;
	esac
	[ -z "$fed" ] || pktgen_stop
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
