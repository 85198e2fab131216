# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest scripts of `make run` and `make bench`: a veth pair
# whose one end, xsk0, AF_XDP (or xdp-bench) works on, and the kernel's
# packet generator sending into its other end.
#
#   gen0 ==veth== rt0  [router]  rt1 ==veth== xsk0
#   netns "gen"        netns "rt"              the VM's own
#
# pktgen (its thread of CPU 0) sends UDP frames from gen0 to 10.0.2.2;
# the router forwards them out of rt1, so they arrive on xsk0's queue 0.
#
# Why the router: pktgen keeps a reference to every skb it sends (to
# reuse it), and the receive softirq runs before pktgen lets go, so a
# pktgen skb that crosses a veth is still shared when it arrives.  skb
# mode XDP has to make room in front of the frame (pskb_expand_head()),
# which must not be done to a shared skb: pktgen straight into a veth
# with an skb-mode program on its peer is a kernel BUG at
# net/core/skbuff.c (pskb_expand_head: BUG_ON(skb_shared(skb))), the
# stock 6.1 kernel's as much as the series'.  The router's IPv4 input
# unshares the skb (skb_share_check()) before it forwards it.  Driver
# mode on a veth copies shared skbs itself; it gets the same path so
# that the two modes are measured alike.
#
# What xsk0 sends goes to rt1, which counts it (rx_packets) and, since
# forwarding is off on rt1, sends nothing back.

veth_up() {
	ip netns add gen
	ip netns add rt
	ip -n gen link add gen0 type veth peer name rt0 netns rt
	ip link add xsk0 type veth peer name rt1 netns rt
	ip -n rt addr add 10.0.1.1/24 dev rt0
	ip -n rt addr add 10.0.2.1/24 dev rt1
	ip -n rt link set rt0 up
	ip -n rt link set rt1 up
	ip -n gen link set gen0 up
	ip link set xsk0 up
	# Nothing answers ARP on xsk0: its frames all go to AF_XDP.
	ip -n rt neigh add 10.0.2.2 lladdr "$(mac "" xsk0)" dev rt1 \
		nud permanent
	in_ns rt sysctl -qw net.ipv4.conf.all.forwarding=1 \
		net.ipv4.conf.rt1.forwarding=0
}

veth_down() {
	ip netns del gen
	ip netns del rt
}

# in_ns NS COMMAND...: run COMMAND in network namespace NS.
in_ns() {
	local ns=$1

	shift
	nsenter --net=/run/netns/"$ns" "$@"
}

# mac NS DEV: DEV's MAC address (NS "": the VM's own namespace).
mac() {
	ip ${1:+-n "$1"} -j link show "$2" | jq -r '.[0].address'
}

# xdp_on: waits up to 20 s for an XDP program on xsk0.  pktgen starts
# only once the program is on, and stops before the next one goes on:
# attaching a program patches kernel text (the generic-XDP static key,
# the BPF dispatcher), and patching code that another vCPU runs flat out
# is what stalled a TCG guest for minutes (an RCU stall with the CPU at
# bpf_dispatcher_xdp_func+0x0).
xdp_on() {
	local i

	for i in $(seq 200); do
		[ "$(ip -j link show dev xsk0 | jq '.[0].xdp != null')" = true ] &&
			return 0
		sleep 0.1
	done
	return 1
}

# xsk_ready LOG: waits up to 60 s for xdpsock's setup line in LOG, which
# it prints once its socket is in the XSKMAP (frames before that pass to
# the stack), flushed with its first once-a-second line.
xsk_ready() {
	local i

	for i in $(seq 600); do
		grep -q '^xdpsock: .* on xsk0' "$1" && return 0
		sleep 0.1
	done
	return 1
}

# flowing: waits up to 30 s for the router to forward a frame to xsk0.
flowing() {
	local i n

	n=$(counter rt rt1 tx packets)
	for i in $(seq 300); do
		[ "$(counter rt rt1 tx packets)" -gt "$n" ] && return 0
		sleep 0.1
	done
	return 1
}

# pktgen's control files are per network namespace: these are gen's.
pg() {
	in_ns gen sh -c "echo '$2' >/proc/net/pktgen/$1"
}

# pktgen_setup SIZE: gen0 gets frames of SIZE bytes, sent from
# pktgen_start until pktgen_stop (and again from the next pktgen_start).
# The set-up is a dozen commands, seconds under TCG: it is done before
# the program goes on so that the frames flow as soon as it is on.
# (pktgen's pkt_size is the frame without its FCS: 64 gives skbs of 64.)
pktgen_setup() {
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device gen0"
	pg gen0 "count 0"
	pg gen0 "clone_skb 0"
	pg gen0 "pkt_size $1"
	pg gen0 "delay 0"
	pg gen0 "src_min 10.0.1.2"
	pg gen0 "src_max 10.0.1.2"
	pg gen0 "dst 10.0.2.2"
	pg gen0 "dst_mac $(mac rt rt0)"
}

pktgen_start() {
	# "start" returns when pktgen stops.
	pg pgctrl start &
	pktgen_pid=$!
}

pktgen_stop() {
	pg pgctrl stop
	wait "$pktgen_pid" || true
}

# counter NS DEV DIR NAME: a statistics counter of DEV, DIR rx or tx, NAME
# packets, bytes, dropped...  (/sys/class/net shows the VM's namespace.)
counter() {
	ip -n "$1" -j -s link show "$2" | jq ".[0].stats64.$3.$4"
}
