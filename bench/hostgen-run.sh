#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Frames from outside the guest: boots BZIMAGE with one emulated XL710
# port on a QEMU -netdev dgram backend on 127.0.0.1, runs
# bench/guest-hostgen.sh in it (xdpsock rxdrop on that port until COUNT
# frames), and feeds the port with hostgen send from the moment the
# socket is ready until xdpsock is done; hostgen recv counts what the
# guest sends back.
#
#   bench/hostgen-run.sh [-i] [-o DIR] BZIMAGE XDPSOCK-DIR COUNT [XDPSOCK-OPTIONS...]
#     -i      -icount shift=0,sleep=off (vm/run.sh -i)
#     -o DIR  the run's files (default build/hostgen/<time>)
#
# HG_SEND: options of hostgen send (default "-s 60 -b 64");
# HG_PORT: the UDP port QEMU receives on (default 47000 + PID % 1000), the
# one it sends to is the next.  XDPSOCK-DIR is copied, so that a build
# beside the run cannot change it.
. "$(dirname "$0")/../harness/lib.sh"

vmopts=(-q -t 1200)
out=
while getopts io: opt; do
	case $opt in
	i) vmopts+=(-i) ;;
	o) out=$OPTARG ;;
	*) sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 3 ] || die "usage: bench/hostgen-run.sh [-i] [-o DIR] BZIMAGE XDPSOCK-DIR COUNT [XDPSOCK-OPTIONS...]"
image=$1 xdpsock=$2 count=$3
shift 3
[ -n "$out" ] || out=$BUILD/hostgen/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
out=$(cd "$out" && pwd)

make -s -C "$TOP/bench" O="$BUILD/bench-host"
hg=$BUILD/bench-host/hostgen
rm -rf "$out/xdpsock"
cp -r "$xdpsock" "$out/xdpsock"
# VM_QEMU: that binary instead of harness/qemu.sh's (which builds).
qemu=${VM_QEMU:-$("$TOP/harness/qemu.sh")}

lport=${HG_PORT:-$((47000 + $$ % 1000))}
rport=$((lport + 1))
export VM_QEMU=$qemu VM_XL710=1
export VM_XL710_NETDEV0="dgram,local.type=inet,local.host=127.0.0.1,local.port=$lport,remote.type=inet,remote.host=127.0.0.1,remote.port=$rport"

"$hg" recv -t 3600 "$rport" >"$out/recv.log" &
recv=$!
"$TOP/vm/run.sh" "${vmopts[@]}" -o "$out/vm" "$image" \
	"$TOP/bench/guest-hostgen.sh" "$out/xdpsock" "$count" "$@" &
vm=$!
say "hostgen-run: VM $vm, QEMU on 127.0.0.1:$lport, sends to :$rport, files in $out"

# The sender runs from the guest's "ready" to its "done" (or the VM's end).
send=
sendopts=${HG_SEND:--s 60 -b 64}
con=$out/vm/console.log
while kill -0 $vm 2>/dev/null; do
	if [ -z "$send" ] && grep -q '^hostgen: ready' "$con" 2>/dev/null; then
		# shellcheck disable=SC2086
		"$hg" send $sendopts "$lport" >"$out/send.log" &
		send=$!
		say "hostgen-run: guest ready, hostgen send $sendopts $lport"
	fi
	if [ -n "$send" ] && grep -q '^hostgen: done' "$con" 2>/dev/null; then
		break
	fi
	sleep 0.2
done
[ -z "$send" ] || { kill -INT $send; wait $send; }
wait $vm
rc=$?
kill -INT $recv
wait $recv
{
	cat "$out/send.log" "$out/recv.log" 2>/dev/null
	sed -n 's/\r$//; /^guest: /p; /^summary: /,/system calls/p' "$con"
} | tee "$out/result"
exit $rc
