#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (bench/hostgen-run.sh: one emulated XL710 port on a
# QEMU dgram backend, hostgen on the host feeding it): xdpsock rxdrop on
# queue 0 of that port until it has received COUNT frames.
#
#   guest-hostgen.sh XDPSOCK-DIR COUNT [XDPSOCK-OPTIONS...]
#
# XDPSOCK-OPTIONS default to "-N -z" (driver mode, zero-copy).  The port
# gets one queue pair (ethtool -L combined 1), so every flow lands on the
# socket's queue.  Prints "hostgen: ready" once the socket is in the
# XSKMAP (the host starts sending then) and "hostgen: done" when xdpsock
# has finished, then lines the host script reads:
#
#   guest: rx=N guest_ns=T idle_ns=I ns_per_rx=X (xdpsock's own run)
#   guest: port rx_packets=... rx_missed=... (the device's counters)
set -uo pipefail
bin=$1
count=$2
shift 2
[ $# -gt 0 ] || set -- -N -z
mac=52:54:00:71:00:00

echo "# kernel $(uname -r)"
dev=
for d in /sys/class/net/*; do
	[ "$(cat "$d/address")" = $mac ] && dev=$(basename "$d")
done
[ -n "$dev" ] || { echo "# no port with MAC $mac"; exit 1; }
sysctl -qw net.ipv6.conf."$dev".disable_ipv6=1
ethtool -L "$dev" combined 1 || echo "# ethtool -L failed"
ip link set "$dev" up
for _ in $(seq 200); do
	grep -q 1 "/sys/class/net/$dev/carrier" 2>/dev/null && break
	sleep 0.1
done

# stat: the port's counters that say where frames went (port.rx_unicast:
# frames the model put in a ring, rx_missed_errors: frames it dropped for
# want of a descriptor).
stat() {
	ethtool -S "$dev" | awk '
		$1 ~ /^(rx_packets|rx_unicast|rx_missed_errors|rx_dropped|rx-0.packets|port.rx_unicast|port.rx_discards|port.rx_dropped):$/ {
			sub(":", "", $1); printf " %s=%s", $1, $2 }'
	echo
}

# Idle time of the (one) CPU in ns, from /proc/stat's jiffies (USER_HZ).
idle_ns() {
	awk '$1 == "cpu" { printf "%.0f\n", ($5 + $6) * 1e9 / 100 }' /proc/stat
}

log=/tmp/xdpsock.log
echo "# port $dev before:$(stat)"
"$bin/xdpsock" -i "$dev" -q 0 -r "$@" -x -a -C "$count" >$log 2>&1 &
xs=$!
tail -n +1 -f $log --pid=$xs &
for _ in $(seq 600); do
	grep -q "^xdpsock: .* on $dev" $log && break
	kill -0 $xs 2>/dev/null || break
	sleep 0.1
done
t0=$(date +%s%N)
i0=$(idle_ns)
echo "hostgen: ready"
wait $xs
rc=$?
t1=$(date +%s%N)
i1=$(idle_ns)
echo "hostgen: done"
wait
rx=$(sed -n 's/^summary: .* rx \([0-9]*\) packets.*/\1/p' $log)
# i40e reads the device's counters once a second (its service task).
sleep 2
echo "guest: rx=${rx:-0} guest_ns=$((t1 - t0)) idle_ns=$((i1 - i0))" \
	"ns_per_rx=$(awk -v t=$((t1 - t0)) -v n="${rx:-0}" \
		'BEGIN { if (n) printf "%.0f", t / n; else print "-" }')"
echo "guest: port$(stat)"
exit $rc
