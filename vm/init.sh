#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the guest that vm/run.sh boots.  The root file system is the
# host's / (read-only, virtio-9p); this script makes the writable places a
# test needs, runs the job that vm/run.sh left in the "afxdp-out" share,
# writes its exit status next to it and powers the guest off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp LANG=C.UTF-8

# -n: /etc/mtab and /proc of the read-only root are the host's.
mount() { command mount -n "$@"; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
# What udev would make: bash's <(...) needs /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mount -t devpts devpts /dev/pts
for d in /dev/shm /run /var/log; do
	mount -t tmpfs tmpfs "$d"
done
# /tmp and /var/tmp: the host's files show through, writes stay in memory.
for d in /tmp /var/tmp; do
	w=/run/overlay$d
	mkdir -p $w/upper $w/work
	mount -t overlay overlay -o lowerdir=$d,upperdir=$w/upper,workdir=$w/work $d ||
		mount -t tmpfs tmpfs $d
done
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null

out=/run/afxdp-out
mkdir -p "$out"
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none afxdp-out "$out"

ulimit -l unlimited
hostname afxdp-vm
ip link set lo up
sysctl -qw kernel.panic_on_warn=0 vm.nr_hugepages="${AFXDP_HUGEPAGES:-64}"

# Leaks from before the job are not the job's: what a scan finds now is
# boot's, and cleared.  A kernel built with kmemleak whose detector is off
# (it disables itself when it runs out of room) has checked nothing.
kmemleak=/sys/kernel/debug/kmemleak
if [ -e $kmemleak ]; then
	{ echo scan >$kmemleak && echo clear >$kmemleak; } 2>/dev/null ||
		echo "kmemleak: not available" >/dev/console
fi

cd "$(cat $out/cwd)"
bash $out/job </dev/null 2>&1 | tee $out/output >/dev/console
status=${PIPESTATUS[0]}

if [ -e $kmemleak ]; then
	# An object is reported once it has gone unreferenced through a scan
	# and is older than kmemleak's minimum age (5 s): scan twice.
	{ echo scan >$kmemleak && sleep 6 && echo scan >$kmemleak &&
	  cat $kmemleak >$out/kmemleak; } 2>/dev/null ||
		echo "kmemleak: not available" >$out/kmemleak
	[ -s $out/kmemleak ] && cat $out/kmemleak >/dev/console
fi
dmesg >$out/dmesg
echo "$status" >$out/status
sync
umount $out
echo o >/proc/sysrq-trigger
# Power-off takes the 9p root away, so no program can be run from here on,
# and init must not exit (the kernel would panic): wait in the shell.
while :; do :; done
