#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh) for `make run`: AF_XDP receiving traffic.
#
#   guest-run.sh XDPSOCK-DIR [SECONDS]
#
# pktgen sends 64-byte UDP frames that arrive on queue 0 of the veth xsk0
# (harness/guest-lib.sh), where xdpsock (on CPU 1) receives and drops them
# (rxdrop): first with its XDP program in skb (generic) mode, then in
# driver (native) mode.  Each run prints a line of packets/s a second and
# a summary.  Fails if a run received nothing.
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
	echo "# xdpsock rxdrop, XDP in $mode mode, ${secs}s"
	flag=-S
	[ $mode = driver ] && flag=-N
	log=/tmp/xdpsock-$mode
	taskset -c 1 "$bin/xdpsock" -i xsk0 -q 0 $flag -x -d "$secs" >"$log" &
	xs=$!
	tail -n +1 -f "$log" --pid=$xs &
	# The generator only runs while a program is on xsk0 (xdp_on).
	if xdp_on; then
		pktgen_start
	else
		echo "# $mode mode: no XDP program on xsk0"
	fi
	xs_rc=0
	wait $xs || xs_rc=$?
	[ -n "${pktgen_pid:-}" ] && pktgen_stop
	pktgen_pid=
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
