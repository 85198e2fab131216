# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest scripts of `make run` and `make bench`: a veth pair
# across network namespaces, and the kernel's packet generator sending
# into it.
#
# xsk0, in the VM's namespace, is where AF_XDP (or xdp-bench) receives and
# sends; gen0, its peer in the namespace "gen", is where pktgen sends from
# and where what xsk0 sends is counted.

veth_up() {
	ip netns add gen
	ip link add xsk0 type veth peer name gen0 netns gen
	ip link set xsk0 up
	ip -n gen link set gen0 up
}

veth_down() {
	ip link del xsk0
	ip netns del gen
}

in_gen() {
	nsenter --net=/run/netns/gen "$@"
}

# pktgen's control files are per network namespace: these are gen's.
pg() {
	in_gen sh -c "echo '$2' >/proc/net/pktgen/$1"
}

# pktgen_start SIZE: pktgen's thread of CPU 0 sends UDP frames of SIZE
# (pktgen's pkt_size) out of gen0 to xsk0, until pktgen_stop.
pktgen_start() {
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device gen0"
	pg gen0 "count 0"
	pg gen0 "clone_skb 0"
	pg gen0 "pkt_size $1"
	pg gen0 "delay 0"
	pg gen0 "dst 10.0.0.2"
	pg gen0 "dst_mac $(cat /sys/class/net/xsk0/address)"
	# "start" returns when pktgen stops.
	pg pgctrl start &
	pktgen_pid=$!
}

pktgen_stop() {
	pg pgctrl stop
	wait "$pktgen_pid" || true
}

# gen0's counter NAME (tx_packets, rx_packets, tx_bytes...).
gen_counter() {
	in_gen cat "/sys/class/net/gen0/statistics/$1"
}
