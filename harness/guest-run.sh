#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh) for `make run`: AF_XDP receiving traffic.
#
#   guest-run.sh XDPSOCK-DIR [SECONDS]
#
# pktgen sends 64-byte UDP frames that arrive on queue 0 of the veth xsk0
# (harness/guest-lib.sh), where xdpsock (on CPU 1) receives and drops them
# (rxdrop): first with its XDP program in skb (generic) mode, then in
# driver (native) mode, each for SECONDS once the frames flow.  Each run
# prints a line of packets/s a second and a summary.  Fails if a run
# received nothing.
#
# veth in driver mode: the XDP program on xsk0 gives xsk0's receive queue
# a NAPI context, which its peer's transmissions then go through; the peer
# needs nothing.  (Frames that XDP redirects *into* a veth are another
# matter: those need an XDP program or GRO on the veth's peer.)
set -euo pipefail
. "$(dirname "$0")/guest-lib.sh"
bin=$1
secs=${2:-5}
rc=0

echo "# kernel $(uname -r)"
veth_up
pktgen_setup 64
for mode in skb driver; do
	echo "# xdpsock rxdrop, XDP in $mode mode, ${secs}s of traffic"
	flag=-S
	[ $mode = driver ] && flag=-N
	log=/tmp/xdpsock-$mode
	# Until stopped: a run of fixed length can be over before the first
	# frame, the attach and pktgen's start taking seconds under TCG (a
	# clean clone's make run on a busy machine received nothing in
	# either mode).
	taskset -c 1 "$bin/xdpsock" -i xsk0 -q 0 $flag -x >"$log" &
	xs=$!
	tail -n +1 -f "$log" --pid=$xs &
	# The generator runs only while the socket is in the XSKMAP (its
	# setup line, xsk_ready) and stops before xdpsock takes its program
	# off: no program goes on or off under the flood.
	if ! xsk_ready "$log"; then
		echo "# $mode mode: xdpsock did not set up"
	elif pktgen_start && ! flowing; then
		echo "# $mode mode: pktgen sent nothing to xsk0"
	else
		sleep "$secs"
	fi
	[ -n "${pktgen_pid:-}" ] && pktgen_stop
	pktgen_pid=
	xs_rc=0
	kill -TERM $xs 2>/dev/null || true
	wait $xs || xs_rc=$?
	wait
	if [ $xs_rc -ne 0 ]; then
		rc=1
	elif ! grep -Eq '^summary: .* rx [1-9][0-9]* packets' "$log"; then
		echo "# $mode mode: no packet received"
		rc=1
	fi
done
# Where the frames went, hop by hop.
echo "# pktgen sent $(counter gen gen0 tx packets) frames" \
	"($(counter gen gen0 tx bytes) bytes);" \
	"the router received $(counter rt rt0 rx packets)," \
	"dropped $(counter rt rt0 rx dropped)," \
	"forwarded $(counter rt rt1 tx packets) to xsk0"
veth_down
exit $rc
