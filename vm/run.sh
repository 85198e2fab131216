#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel in QEMU with the host's / as its read-only root and run one
# command in it as the job of init (vm/init.sh).
#
#   vm/run.sh [options] BZIMAGE COMMAND [ARGS...]
#     -t SECONDS  hard time-out for the whole run (default 1800)
#     -m MEM      guest memory (default 2G)
#     -s CPUS     guest vCPUs (default 2)
#     -i          deterministic clock: -icount shift=0,sleep=off (forces -s 1)
#     -o DIR      where the run's files go (default build/vm/<time>)
#     -q          do not echo the console while it runs
#
# VM_APPEND adds to the kernel command line.
#
# VM_QEMU runs that QEMU binary instead of Debian's (harness/qemu.sh prints
# the one with the emulated XL710), with Debian's firmware.  VM_XL710=N
# adds N emulated XL710 ports (VM_QEMU needed), each behind its own PCIe
# root port, MAC 52:54:00:71:00:0<i>.  Port i's frames go to the backend
# VM_XL710_NETDEV<i> (a -netdev option without id=, e.g.
# dgram,local.type=inet,...); by default all ports share one hub, so two
# ports see each other's frames.  VM_XL710_OPTS is appended to each
# -device xl710 (e.g. ,aq-log=on).  VM_QEMU_ARGS adds options (split on
# blanks), e.g. a virtio-net NIC on that hub.
#
# The command runs as root in the guest, in the current directory (seen
# through the read-only 9p root), with its output on the console.  DIR gets
# console.log, output (the command's), dmesg, kmemleak and status.  The exit
# status is the command's, unless the console shows an oops, panic, BUG,
# WARN, KASAN/UBSAN report, lockdep splat, hung task, RCU stall or a leak
# (kmemleak): then the offending lines are printed and the run fails.
#
# Acceleration: VM_ACCEL=tcg (default), kvm, or auto.  Nested KVM on these
# machines hangs at "Decompressing Linux...", so KVM is used only when asked
# for, or with auto when a short probe boot of this kernel under KVM has
# come back (the answer is cached per host boot).
. "$(dirname "$0")/../harness/lib.sh"

timeout=1800 mem=2G cpus=2 icount= out= quiet=
while getopts t:m:s:io:q opt; do
	case $opt in
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	s) cpus=$OPTARG ;;
	i) icount=1 ;;
	o) out=$OPTARG ;;
	q) quiet=1 ;;
	*) sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || die "usage: vm/run.sh [options] BZIMAGE COMMAND [ARGS...]"
kernel=$1
shift
[ -f "$kernel" ] || die "no kernel image $kernel"
[ -n "$out" ] || out=$BUILD/vm/$(date +%Y%m%d-%H%M%S)-$$
rm -rf "$out"
mkdir -p "$out/share"
out=$(cd "$out" && pwd)
# The image is copied so that a build running beside us cannot change it.
cp "$kernel" "$out/bzImage"
printf '%q ' "$@" >"$out/share/job"
pwd >"$out/share/cwd"

# qemu ACCEL SECONDS DIR: boot with DIR/share as the job's share and
# DIR/console.log as the serial console.
qemu() {
	local accel=$1 t=$2 dir=$3 smp=$cpus extra=() i nd
	if [ -n "$icount" ]; then
		smp=1
		extra=(-icount shift=0,sleep=off)
	fi
	[ -z "${VM_QEMU:-}" ] ||
		extra+=(-L /usr/share/seabios -L /usr/share/qemu ${VM_QEMU_ARGS:-})
	for ((i = 0; i < ${VM_XL710:-0}; i++)); do
		nd=VM_XL710_NETDEV$i
		extra+=(-device pcie-root-port,id=xlrp$i,chassis=$((10 + i)),slot=0
			-netdev "${!nd:-hubport,hubid=0},id=xlnet$i"
			-device xl710,netdev=xlnet$i,bus=xlrp$i,mac=52:54:00:71:00:0$i${VM_XL710_OPTS:-})
	done
	# q35: i440fx's ACPI builds its PCI routing table in an AML loop that a
	# debug kernel under TCG does not finish within ACPI's 30 s loop limit.
	timeout -k 5 "$t" "${VM_QEMU:-qemu-system-x86_64}" -machine q35 -accel "$accel" \
		-cpu Nehalem \
		-m "$mem" -smp "$smp" "${extra[@]}" \
		-nodefaults -no-user-config -nographic -no-reboot \
		-chardev "file,id=con,path=$dir/console.log" -serial chardev:con \
		-kernel "$out/bzImage" \
		-append "console=ttyS0 loglevel=5 log_buf_len=16M panic=-1 \
root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,cache=loose \
ro init=$TOP/vm/init.sh ${VM_APPEND:-}" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
		-fsdev "local,id=out,path=$dir/share,security_model=none" \
		-device virtio-9p-pci,fsdev=out,mount_tag=afxdp-out \
		</dev/null >/dev/null 2>"$dir/qemu.err"
}

# KVM only where a short boot under it has been seen to come back.
accel=tcg
case ${VM_ACCEL:-tcg} in
tcg) ;;
kvm) accel=kvm ;;
auto)
	probe=$CACHE/kvm-probe-$(cat /proc/sys/kernel/random/boot_id)
	if [ ! -f "$probe" ]; then
		echo no >"$probe"
		if [ -w /dev/kvm ]; then
			say "probing KVM with a short boot (else TCG)..."
			mkdir -p "$out/probe/share"
			echo true >"$out/probe/share/job"
			echo / >"$out/probe/share/cwd"
			qemu kvm 30 "$out/probe" || true
			[ -f "$out/probe/share/status" ] && echo yes >"$probe"
		fi
	fi
	[ "$(cat "$probe")" = yes ] && accel=kvm
	;;
*) die "VM_ACCEL must be tcg, kvm or auto" ;;
esac

log=$out/console.log
: >"$log"
if [ -z "$quiet" ]; then
	tail -n +1 -f "$log" &
	tailer=$!
fi
start=$(date +%s)
rc=0
qemu "$accel" "$timeout" "$out" &
vm=$!
# A guest that has stopped making progress (a stall, a lockup, a panic)
# never finishes its job: end it once the console has shown why, rather
# than at the hard time-out.
stalled='(watchdog: BUG: soft lockup|rcu: INFO: rcu_.* detected stall|rcu_.*self-detected stall|INFO: task .* blocked for more than|Kernel panic|NMI watchdog: .*hard LOCKUP)'
while kill -0 "$vm" 2>/dev/null; do
	if grep -E -q "$stalled" "$log"; then
		sleep 15	# the rest of the report
		say "vm: FAILED: the guest stalled, stopped after $(( $(date +%s) - start ))s"
		# timeout(1) passes the signal on to QEMU.
		pkill -TERM -P "$vm" 2>/dev/null || true
		break
	fi
	sleep 2
done
wait "$vm" || rc=$?
[ -z "$quiet" ] && { sleep 0.5; kill "$tailer" 2>/dev/null; wait "$tailer" 2>/dev/null || true; }
for f in output dmesg kmemleak status; do
	[ -f "$out/share/$f" ] && mv "$out/share/$f" "$out/$f"
done
say "vm: $accel, $(( $(date +%s) - start ))s, files in $out"

status=1
if [ -f "$out/status" ]; then
	status=$(cat "$out/status")
elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	say "vm: FAILED: hard time-out after ${timeout}s"
else
	say "vm: FAILED: the guest died before the job finished (qemu: $rc)"
	cat "$out/qemu.err" >&2
fi

# Anything of these in the console or the kernel log fails the run.
splat='(^|[] ])(BUG:|WARNING:|Oops|Kernel panic|kernel BUG at|general protection fault|KASAN:|UBSAN:|INFO: task .* blocked for more than|rcu: INFO: |rcu_.*detected stall|self-detected stall|watchdog: BUG: soft lockup|unreferenced object 0x|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: trying to register non-static key|list_(add|del) corruption|Unable to handle kernel|unregister_netdevice: waiting for|Call Trace:|kmemleak: (Kernel memory leak detector disabled|Memory pool empty|not available))'
# A guest that died leaves no dmesg or kmemleak: grep then says 2, match
# or not, so what it found decides.
grep -E -h -n -A 12 "$splat" "$log" "$out/dmesg" "$out/kmemleak" \
	2>/dev/null >"$out/splat" || true
if [ -s "$out/splat" ]; then
	say "vm: FAILED: the kernel complained:"
	head -n 80 "$out/splat" >&2
	status=1
fi
exit "$status"
