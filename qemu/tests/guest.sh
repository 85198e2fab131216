#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh with VM_XL710=2, two emulated XL710 ports
# on one QEMU hub): the unmodified i40e driver against the model, as TAP.
#
#   guest.sh XDPSOCK-DIR [TEST...]   (all of them by default)
#   guest.sh -l              the names of the tests, one a line
#
#   port 0 (52:54:00:71:00:00) 10.0.71.1   the VM's own namespace ("A")
#   port 1 (52:54:00:71:00:01) 10.0.71.2   namespace "b"           ("B")
#
# Everything between A and B crosses the emulated wire.  IPv6 is off and
# the neighbours are static, so the frames a test sends are the only ones
# on the wire and per-queue counters can be compared exactly.
#
# Known 6.1 behaviour, not the model's: removing an XDP program logs "VSI
# seid N XDP Tx ring N disable timeout" (i40e_vsi_stop_rings() disables
# only the LAN queues, then waits for the XDP ones too; real XL710s log it
# as well).  xdp_* accept that one warning and no other.
set -uo pipefail
# The tests: every t_NAME function of this file, in the order written.
tests=$(sed -n 's/^t_\([A-Za-z0-9_]*\)[[:space:]]*().*/\1/p' "$0")
if [ "$1" = -l ]; then
	printf 'xl710/%s\n' $tests
	exit 0
fi
dir=$(cd "$(dirname "$0")" && pwd)
bin=$1
xdpsock=$bin/xdpsock
shift
[ $# -eq 0 ] || tests=$*
udp="/usr/bin/python3 $dir/udp.py"
fw="9.20 0x80001f70 1.2304.0"
n=0
rc=0

# tap NAME: runs t_NAME in a shell of its own, killed with whatever it
# started if it takes more than 240 s, and prints its TAP line.
tap() {
	local st=0

	n=$((n + 1))
	timeout 240 bash -c "t_$1" || st=$?
	if [ $st -eq 0 ]; then
		echo "ok $n xl710/$1"
	else
		[ $st -eq 124 ] && echo "# timed out"
		echo "not ok $n xl710/$1"
		rc=1
	fi
}

fail() {
	echo "# $*"
	return 1
}

# on NS COMMAND...: COMMAND in network namespace NS ("" for the VM's
# own).  nsenter, not ip netns exec: that one mounts a sysfs of its own
# over /sys, and the bpffs at /sys/fs/bpf that libxdp needs goes away.
on() {
	local ns=$1

	shift
	if [ -n "$ns" ]; then nsenter --net=/run/netns/"$ns" "$@"; else "$@"; fi
}
b() { on b "$@"; }

# spawn NS COMMAND...: COMMAND in the background, its PID in $spawned
# (not that of a subshell running on(): a kill must reach COMMAND).
spawn() {
	local ns=$1

	shift
	if [ -n "$ns" ]; then
		nsenter --net=/run/netns/"$ns" "$@" &
	else
		"$@" &
	fi
	spawned=$!
}

# dev_of MAC: the interface that has MAC, in the VM's namespace.
dev_of() {
	local d

	for d in /sys/class/net/*; do
		[ "$(cat "$d/address")" = "$1" ] && basename "$d" && return 0
	done
	return 1
}

# qstat NS DEV NAME: one counter of ethtool -S (rx-1.packets ...).
qstat() {
	on "$1" ethtool -S "$2" |
		awk -v k="$3:" '$1 == k { print $2; f = 1 } END { exit !f }'
}

rxq() { echo "$(qstat "$1" "$2" rx-0.packets) $(qstat "$1" "$2" rx-1.packets)"; }

rx_packets() {
	on "$1" ip -j -s link show "$2" | jq '.[0].stats64.rx.packets'
}

# carrier NS DEV: waits up to 20 s for DEV's link.
carrier() {
	local i

	for i in $(seq 200); do
		[ "$(on "$1" ip -j link show dev "$2" |
		     jq '.[0].flags | index("LOWER_UP") != null')" = true ] &&
			return 0
		sleep 0.1
	done
	fail "$2: no carrier"
}

# A's side of the wire; again after a re-probe.
setup_a() {
	A=$(dev_of 52:54:00:71:00:00) || return 1
	sysctl -qw net.ipv6.conf."$A".disable_ipv6=1
	ip addr add 10.0.71.1/24 dev "$A"
	ip neigh replace 10.0.71.2 lladdr 52:54:00:71:00:01 dev "$A" nud permanent
	ip link set "$A" up
}

setup() {
	B=$(dev_of 52:54:00:71:00:01) || return 1
	ip netns add b
	b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link set "$B" netns b
	b ip addr add 10.0.71.2/24 dev "$B"
	b ip neigh replace 10.0.71.1 lladdr 52:54:00:71:00:00 dev "$B" nud permanent
	b ip link set lo up
	b ip link set "$B" up
	setup_a
	carrier "" "$A" && carrier b "$B" || return 1
	spawn "" $udp echo 7000
	servers="$spawned"
	spawn b $udp echo 7000
	servers="$servers $spawned"
	sleep 1
}

# Both ways, every payload from 18 bytes (a 60-byte frame) to 1472 (1514).
sizes="18 19 60 61 100 127 128 255 256 511 512 1000 1023 1024 1400 1471 1472"
echo_both() {
	$udp check 10.0.71.2 7000 $sizes || fail "A -> B echo"
	b $udp check 10.0.71.1 7000 $sizes || fail "B -> A echo"
}

# Probe: both ports are i40e with the model's firmware, probed without a
# warning, and the link is 40 Gb/s.
t_probe() {
	local d ns info warn

	for d in A B; do
		ns=; [ $d = B ] && ns=b
		info=$(on "$ns" ethtool -i "${!d}") || return 1
		grep -qx "driver: i40e" <<<"$info" ||
			fail "$d: $(head -1 <<<"$info")" || return 1
		grep -qx "firmware-version: $fw" <<<"$info" ||
			fail "$d: $(grep firmware <<<"$info")" || return 1
		on "$ns" ethtool "${!d}" | grep -q 'Speed: 40000Mb/s' ||
			fail "$d: not 40000Mb/s" || return 1
	done
	warn=$(dmesg -l emerg,alert,crit,err,warn | grep i40e)
	[ -z "$warn" ] || fail "probe warned: $warn"
}

t_ping() {
	ping -q -c 3 -W 2 10.0.71.2 >/dev/null || fail "A -> B ping"
	b ping -q -c 3 -W 2 10.0.71.1 >/dev/null || fail "B -> A ping"
}

t_udp_sizes() { echo_both; }

# foreign N WHEN: A sends 20 frames to 10.0.71.9, whose MAC
# 52:54:00:71:00:99 is neither port's; B's driver must count N of them.
foreign() {
	local r0 r1

	r0=$(rx_packets b "$B")
	$udp send 10.0.71.9 7700 20 100
	sleep 0.5
	r1=$(rx_packets b "$B")
	[ $((r1 - r0)) -eq "$1" ] ||
		fail "$2: B received $((r1 - r0)) of 20 frames for another MAC, not $1"
}

# Promiscuous mode: frames for another MAC are dropped by B's port,
# received once B is promiscuous (6.1 makes its VSI the port's default
# VSI), dropped again after.  The driver applies the flag from its
# service task: a second to do so.
t_promisc() {
	local st=0

	ip neigh replace 10.0.71.9 lladdr 52:54:00:71:00:99 dev "$A" nud permanent
	foreign 0 "promisc off" &&
		b ip link set "$B" promisc on && sleep 1 &&
		foreign 20 "promisc on" || st=1
	b ip link set "$B" promisc off && sleep 1 || st=1
	[ $st -eq 0 ] && { foreign 0 "promisc off again" || st=1; }
	ip neigh del 10.0.71.9 dev "$A"
	return $st
}

# RSS: 64 flows (source ports), each on the queue that Toeplitz over the
# key and the indirection table `ethtool -x` shows puts it on (udp.py rss,
# its Toeplitz checked against Microsoft's verification vector first):
# the flows of each queue are sent on their own and counted there only.
# The key is set, Microsoft's (the driver's own is random, and with one
# of them in 64 every one of 64 consecutive ports is on one queue), and
# so is the table, 3:1 (with the driver's, 0 1 0 1 ..., this key puts the
# even ports on queue 0: a model that did so by the port would pass).
# The driver's table comes back after, or `ethtool -L` would refuse to go
# below a queue that a table set by hand uses.
ms_key=6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4
ms_key=$ms_key:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa
ms_key=$ms_key:00:00:00:00:00:00:00:00:00:00:00:00
t_rss() {
	b ethtool -X "$B" hkey "$ms_key" weight 3 1 || fail "ethtool -X" ||
		return 1
	rss_flows sdfn
	local st=$?

	b ethtool -X "$B" default || fail "ethtool -X default" || st=1
	return $st
}

# RSS input set (GLQF_HASH_INSET): with udp4 hashed on the addresses only
# (`ethtool -N rx-flow-hash udp4 sd`), the 64 flows, which differ only in
# their source ports, all land on the one queue Toeplitz over the
# addresses gives; back on the 4-tuple (sdfn), they spread again.
t_rss_fields() {
	local st=0

	b ethtool -X "$B" hkey "$ms_key" weight 3 1 || fail "ethtool -X" ||
		return 1
	{ b ethtool -N "$B" rx-flow-hash udp4 sd || fail "rx-flow-hash sd"; } &&
		rss_flows sd || st=1
	b ethtool -N "$B" rx-flow-hash udp4 sdfn || fail "rx-flow-hash sdfn" ||
		st=1
	[ $st -eq 0 ] && { rss_flows sdfn || st=1; }
	b ethtool -X "$B" default || fail "ethtool -X default" || st=1
	return $st
}

# count_sent PORT N SPORT: N datagrams to B's PORT from the N source ports
# of `udp.py send` (SPORT up, or the list P1,P2,..); prints how many each
# of B's queues 0 and 1 counted.
count_sent() {
	local q0 q1 p0 p1

	read -r q0 q1 < <(rxq b "$B")
	$udp send 10.0.71.2 "$1" "$2" 64 "$3"
	sleep 0.5
	read -r p0 p1 < <(rxq b "$B")
	echo "$((p0 - q0)) $((p1 - q1))"
}

# rss_flows FIELDS: the flows that udp.py rss FIELDS puts on each queue,
# sent queue by queue, are counted there only.  With sdfn (the 4-tuple)
# both queues must have flows; with sd (the addresses) all are on one.
rss_flows() {
	local fields=$1 flows q list n got want

	flows=$(b ethtool -x "$B" |
		$udp rss 10.0.71.1 10.0.71.2 7100 64 20000 "$fields") ||
		fail "$flows" || return 1
	for q in 0 1; do
		list=$(sed -n "$((q + 1))p" <<<"$flows")
		if [ "$list" = - ]; then
			[ "$fields" = sd ] && continue
			fail "no flow on queue $q"
			return 1
		fi
		n=$(tr , '\n' <<<"$list" | wc -l)
		want="$n 0"
		[ $q = 0 ] || want="0 $n"
		got=$(count_sent 7100 "$n" "$list")
		echo "# the $n flows for queue $q ($fields): counted $got"
		[ "$got" = "$want" ] || fail "not $want" || return 1
	done
}

# rss_want PORT N SPORT: how many of the flows of `count_sent PORT N
# SPORT` RSS puts on queues 0 and 1, after the key and table of ethtool -x.
rss_want() {
	b ethtool -x "$B" | $udp rss 10.0.71.1 10.0.71.2 "$1" "$2" "$3" |
		awk '{ print $0 == "-" ? 0 : split($0, p, ",") }' | paste -sd ' '
}

# steer Q: the udp4 flow to port 9000 (40 source ports) lands on queue Q
# and only there; once the rule is deleted, where RSS puts it.
steer() {
	local q=$1 got want

	b ethtool -N "$B" flow-type udp4 dst-port 9000 action "$q" loc 7 ||
		fail "ethtool -N ... action $q" || return 1
	b ethtool -n "$B" | grep -q '^Filter: 7$' || fail "ethtool -n: no filter 7" ||
		return 1
	got=$(count_sent 9000 40 21000)
	want="40 0"
	[ "$q" = 0 ] || want="0 40"
	[ "$got" = "$want" ] || fail "to queue $q: queues got $got" || return 1
	b ethtool -N "$B" delete 7 || fail "ethtool -N delete 7" || return 1
	! b ethtool -n "$B" | grep -q '^Filter: 7$' || fail "filter 7 still listed" ||
		return 1
	want=$(rss_want 9000 40 21000)
	got=$(count_sent 9000 40 21000)
	[ "$got" = "$want" ] ||
		fail "after delete 7: queues got $got, not RSS's $want"
}

# Microsoft's key, with which the flows of steer spread over both queues
# (the driver's own, random, puts them all on one in some boots: then a
# delete that did nothing would pass).
t_ntuple() {
	b ethtool -X "$B" hkey "$ms_key" || fail "ethtool -X hkey" || return 1
	steer 1 && steer 0
}

# bg_start NS HOST PORT: a background stream; bg_stop ends it.
bg_start() {
	spawn "$1" $udp stream "$2" "$3"
	bg=$spawned
}
bg_stop() { kill "$bg"; wait "$bg" 2>/dev/null; }

# ethtool -L and -G on B while A streams to it; traffic is exact after.
t_channels_rings() {
	local ok=0

	bg_start "" 10.0.71.2 7300
	{ b ethtool -L "$B" combined 1 &&
	  b ethtool -l "$B" | awk '/^Current/ { c = 1 } c && /^Combined/ { print $2 }' |
		grep -qx 1 &&
	  carrier b "$B" &&
	  b ethtool -G "$B" rx 256 tx 256 &&
	  b ethtool -g "$B" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2 }' |
		grep -qx 256 &&
	  carrier b "$B" &&
	  b ethtool -L "$B" combined 2 &&
	  b ethtool -G "$B" rx 512 tx 512 &&
	  carrier b "$B"; } || ok=1
	bg_stop
	[ $ok -eq 0 ] || fail "ethtool -L/-G failed" || return 1
	echo_both
}

# Warnings of the kernel since mark(), but the known one of 6.1 above and
# two that say only that the host stalled the TCG vCPU: "hrtimer:
# interrupt took N ns" (once a boot) and the clocksource watchdog's "Long
# readout interval" (each made xsk_zc fail in CI once).
mark() { seen=$(dmesg -l emerg,alert,crit,err,warn | wc -l); }
warned() {
	local w

	w=$(dmesg -l emerg,alert,crit,err,warn | tail -n +$((seen + 1)) |
		grep -v -e 'XDP Tx ring [0-9]* disable timeout' \
			-e '^\[[ 0-9.]*\] hrtimer: interrupt took [0-9]* ns$' \
			-e '^\[[ 0-9.]*\] clocksource: Long readout interval, skipping watchdog check: ')
	[ -z "$w" ] || fail "the kernel warned: $w"
}

# xdp_on MODE [OPTIONS]: xdp-bench MODE on B, in native mode; xdp_off.
xdp_on() {
	local i

	spawn b xdp-bench "$@" -m native -i 60 "$B" >/dev/null 2>&1
	xb=$spawned
	for i in $(seq 300); do
		[ "$(b ip -j link show "$B" | jq '.[0].xdp != null')" = true ] &&
			carrier b "$B" && return 0
		sleep 0.1
	done
	fail "xdp-bench $1: no program on $B"
}
# SIGTERM: a background job of a script ignores SIGINT.
xdp_off() {
	kill -TERM "$xb"
	wait "$xb" 2>/dev/null
	carrier b "$B"
}

# XDP_DROP: 50 frames counted by the driver and seen by no socket; the
# same flow reaches the socket once the program is gone.
t_xdp_drop() {
	local r0 r1 got

	mark
	spawn b $udp sink 7400 /tmp/sink >/dev/null
	sk=$spawned
	sleep 1
	xdp_on drop || return 1
	r0=$(rx_packets b "$B")
	$udp send 10.0.71.2 7400 50 100
	sleep 0.5
	r1=$(rx_packets b "$B")
	xdp_off || return 1
	$udp send 10.0.71.2 7400 10 100
	sleep 0.5
	kill "$sk"
	wait "$sk" 2>/dev/null
	got=$(cat /tmp/sink)
	[ $((r1 - r0)) -eq 50 ] || fail "driver counted $((r1 - r0)) of 50" ||
		return 1
	[ "$got" -eq 10 ] || fail "socket got $got, not the 10 sent after" ||
		return 1
	warned
}

# XDP_PASS: exact bytes both ways through the program.
t_xdp_pass() {
	mark
	xdp_on pass || return 1
	echo_both || { xdp_off; return 1; }
	xdp_off && warned
}

# XDP_TX: B sends each frame back out with the MACs swapped; A's driver
# receives exactly the 50 it sent.
t_xdp_tx() {
	local r0 r1

	mark
	xdp_on tx -p swap-macs || return 1
	r0=$(rx_packets "" "$A")
	$udp send 10.0.71.2 7500 50 100
	sleep 0.5
	r1=$(rx_packets "" "$A")
	xdp_off || return 1
	[ $((r1 - r0)) -eq 50 ] || fail "A received $((r1 - r0)) of 50 back" ||
		return 1
	warned
}

# XDP_TX of a frame cut to 16 bytes, under the 17 the hardware sends
# (the driver pads skbs to 17, XDP frames it sends as they are):
# malicious driver detection stops B's XDP TX queue, and i40e logs the
# event, after this case's start (with msglvl tx_err; dev_info, not a
# warning).  That the frame stays off the wire is the qtest's to show:
# cut to 16 bytes it is addressed to B, so A would not count it.  Taking
# the program off rebuilds the PF, and the echo goes both ways again.  The
# program takes only the test's 142-byte frames.
t_xdp_tx_short() {
	local o=$bin/xdp_short.o n0 end mdd='Malicious Driver Detection event'

	mark
	n0=$(dmesg | wc -l)
	b ethtool -s "$B" msglvl tx_err on || return 1
	b ip link set dev "$B" xdpdrv obj $o sec xdp &&
		carrier b "$B" || fail "no XDP program on $B" || return 1
	$udp send 10.0.71.2 7600 1 100
	end=$((SECONDS + 20))
	while ! dmesg | tail -n +$((n0 + 1)) | grep -q "$mdd" &&
		[ $SECONDS -lt $end ]; do
		sleep 1
	done
	b ip link set dev "$B" xdp off && carrier b "$B" || return 1
	b ethtool -s "$B" msglvl tx_err off
	dmesg | tail -n +$((n0 + 1)) |
		grep -q "$mdd 0x[0-9a-f]* on TX queue [0-9]* PF number 0x00" ||
		fail "no MDD event logged" || return 1
	echo_both || return 1
	warned
}

# xsk_start Q MODE: xdpsock rxdrop on B's queue Q (MODE -c copy or -z
# zero-copy) until stopped, its PID in $xs and its output in $log; returns
# once its socket is in the XSKMAP.  Until stopped: a run of fixed length
# could end before the frames come, its attach (a PF rebuild) being slow
# under TCG.
log=/tmp/xdpsock.log
xsk_start() {
	local i

	spawn b "$xdpsock" -i "$B" -q "$1" -r -N "$2" >$log 2>&1
	xs=$spawned
	# Its setup line comes once the socket is in the XSKMAP (frames sent
	# before that pass to the stack), flushed with its first
	# once-a-second line.
	for i in $(seq 600); do
		grep -q '^xdpsock: rxdrop on' $log && break
		sleep 0.1
	done
	grep -q '^xdpsock: rxdrop on' $log && carrier b "$B"
}

# xsk_rx Q MODE: the users' walk-through.  The udp4 flow to port 9300 is
# steered to queue Q and the one to port 9301 to the other queue; xdpsock
# (rxdrop, MODE -c copy or -z zero-copy) bound to queue Q gets exactly the
# 50 frames of the first, the stack exactly the 20 of the second (the
# program passes what has no socket in its queue's XSKMAP slot).
xsk_rx() {
	local q=$1 mode=copy st=0 got q0 q1 p0 p1 xs=
	local want="50 20"

	[ "$2" = -z ] && mode=zero-copy
	[ "$q" = 1 ] && want="20 50"
	mark
	spawn b $udp sink 9301 /tmp/sink >/dev/null
	sk=$spawned
	b ethtool -N "$B" flow-type udp4 dst-port 9300 action "$q" loc 8 &&
		b ethtool -N "$B" flow-type udp4 dst-port 9301 \
			action $((1 - q)) loc 9 || { fail "ethtool -N"; st=1; }
	[ $st -eq 0 ] && { xsk_start "$q" "$2" || st=2; }
	if [ $st -eq 0 ]; then
		read -r q0 q1 < <(rxq b "$B")
		$udp send 10.0.71.2 9300 50 100
		$udp send 10.0.71.2 9301 20 100
		sleep 1.5
		# before the program's detach at xdpsock's end rebuilds the
		# rings, and their counters with them
		read -r p0 p1 < <(rxq b "$B")
	fi
	if [ -n "$xs" ]; then
		kill -TERM "$xs"
		wait "$xs" || st=2
	fi
	kill "$sk"
	wait "$sk" 2>/dev/null
	b ethtool -N "$B" delete 8
	b ethtool -N "$B" delete 9
	carrier b "$B"
	[ $st -ne 2 ] || fail "xdpsock: $(tail -n 3 $log)" || return 1
	[ $st -eq 0 ] || return 1
	got="$((p0 - q0)) $((p1 - q1))"
	[ "$got" = "$want" ] || fail "queues counted $got, not $want" || return 1
	grep -q "^  XDP in driver mode, $mode," $log ||
		fail "xdpsock: $(grep 'XDP in' $log)" || return 1
	grep -q '^summary: .* rx 50 packets' $log ||
		fail "xdpsock: $(grep summary $log)" || return 1
	got=$(cat /tmp/sink)
	[ "$got" -eq 20 ] || fail "the stack got $got of the other 20" ||
		return 1
	warned
}

# XDP_REDIRECT into an XSKMAP in copy mode, on queue 1; zero-copy (the
# driver's i40e_xsk.c) on queue 0.
t_xdp_redirect() { xsk_rx 1 -c; }
t_xsk_zc() { xsk_rx 0 -z; }

# sink_steered N: sends N frames of the udp4 flow to B's port 9300, which
# sink_start steered to queue 0 and counts; sink_end checks the count.
sink_start() {
	spawn b $udp sink 9300 /tmp/sink >/dev/null
	sk=$spawned
	sleep 1
	b ethtool -N "$B" flow-type udp4 dst-port 9300 action 0 loc 8
}
sink_steered() {
	$udp send 10.0.71.2 9300 "$1" 100
	sleep 1
}
# sink_end ST N: stop the sink; the case passes if ST is 0 (2: xdpsock
# failed, 1: a step did), the stack got N frames and nothing warned.
sink_end() {
	local got

	kill "$sk"
	wait "$sk" 2>/dev/null
	b ethtool -N "$B" delete 8
	got=$(cat /tmp/sink)
	[ "$1" -ne 2 ] || fail "xdpsock: $(tail -n 3 $log)" || return 1
	[ "$1" -eq 0 ] || return 1
	[ "$got" -eq "$2" ] ||
		fail "the stack got $got of $2: $(rx_counters)" || return 1
	warned
}
# Where frames may have gone, for a failure's message.
rx_counters() {
	echo "$(b nstat -az IpInReceives UdpInDatagrams UdpNoPorts UdpInErrors |
		awk 'NR > 1 { printf "%s %s ", $1, $2 }')$(b ethtool -S "$B" |
		awk '/rx_(packets|dropped)|rx-[01].packets|rx_(discards|missed)/ {
			printf "%s %s ", $1, $2 }')"
}

# The XDP program removed under a zero-copy socket bound to queue 0: the PF
# rebuilds with the queue in page mode, and the 20 frames steered to it
# reach the stack; xdpsock, stopped after, exits cleanly.
t_xsk_zc_xdp_off() {
	local st=0 xs=

	mark
	sink_start || st=1
	[ $st -eq 0 ] && { xsk_start 0 -z || st=2; }
	if [ $st -eq 0 ]; then
		b ip link set dev "$B" xdp off && carrier b "$B" || st=1
		sink_steered 20
	fi
	if [ -n "$xs" ]; then
		kill -TERM "$xs"
		wait "$xs" || st=2
	fi
	sink_end $st 20
}

# Taking a queue out of zero-copy allocates nothing that can fail: the
# core lets go of the pool whatever the driver says.  xdpsock -z on queue
# 0 is killed while the next allocation of order 2 or more that its task
# makes fails (what 6.1 allocates there, a page-mode buffer-info array of
# 512 entries, is one), so that its pool is let go on its way out.  The
# queue is then in page mode under the program xdpsock left: 20 frames
# steered there reach the stack, and 20 more once the program is gone,
# with no warning.
t_xsk_zc_kill_nomem() {
	local fa=/sys/kernel/debug/fail_page_alloc st=0 xs=

	mark
	sink_start || st=1
	[ $st -eq 0 ] && { xsk_start 0 -z || st=2; }
	if [ $st -eq 0 ]; then
		echo 2 >$fa/min-order
		echo N >$fa/ignore-gfp-wait
		echo Y >$fa/task-filter
		echo 1 >$fa/times
		echo 1 >$fa/verbose
		echo 100 >$fa/probability
		echo 1 >/proc/"$xs"/make-it-fail
		kill -KILL "$xs"
		wait "$xs" 2>/dev/null
		echo 0 >$fa/probability
		echo "# allocations failed: $((1 - $(cat $fa/times)))"
		sink_steered 20
		echo "# after the kill: $(cat /tmp/sink)"
		b ip link set dev "$B" xdp off && carrier b "$B" || st=1
		sink_steered 20
	fi
	sink_end $st 40
}

# Link down and up under B's stream to A; exact traffic after.
t_updown() {
	local i

	mark
	bg_start b 10.0.71.1 7600
	for i in 1 2 3; do
		ip link set "$A" down && sleep 0.5 && ip link set "$A" up &&
			carrier "" "$A" || break
	done
	bg_stop
	carrier "" "$A" && echo_both && warned
}

# A's PCI function unbound from i40e and bound again under B's stream;
# the new netdev carries exact traffic.
t_rebind() {
	local pci

	mark
	pci=$(basename "$(readlink /sys/class/net/"$A"/device)")
	bg_start b 10.0.71.1 7600
	echo "$pci" >/sys/bus/pci/drivers/i40e/unbind &&
		sleep 1 &&
		echo "$pci" >/sys/bus/pci/drivers/i40e/bind ||
		{ bg_stop; fail "unbind/bind $pci"; return 1; }
	sleep 2
	setup_a && carrier "" "$A" || { bg_stop; return 1; }
	bg_stop
	echo_both && warned
}

echo "# kernel $(uname -r)"
# The guest's init waits for every writer of this script's output.
trap 'kill $servers 2>/dev/null' EXIT
servers=
if setup; then
	export A B udp fw sizes bin xdpsock ms_key log
	export -f $(declare -F | awk '{ print $3 }')
	for t in $tests; do
		tap "$t"
	done
else
	echo "# setup failed: $(ls /sys/class/net)"
	for t in $tests; do
		n=$((n + 1))
		echo "not ok $n xl710/$t"
	done
	rc=1
fi
exit $rc
