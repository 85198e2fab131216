#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make run`: build the kernel (KERNEL=patched|stock, FLAVOUR test, as
# `make check` does) and xdpsock against its uapi headers, boot it, and
# show AF_XDP at work: pktgen sends into one end of a veth pair, xdpsock
# receives on the other, in skb mode then in driver mode, printing
# packets/s once a second (harness/guest-run.sh).  RUN_SECONDS sets how
# long each mode runs (default 5).
. "$(dirname "$0")/lib.sh"

kernel=${KERNEL:-patched}
check_kernel "$kernel"
results=$BUILD/$kernel/run

image=$("$TOP/harness/kernel.sh" "$kernel" test bzImage headers)
obj=$(dirname "$(dirname "$(dirname "$(dirname "$image")")")")
bin=$BUILD/$kernel/xdpsock
say "building xdpsock against $kernel's uapi headers"
make -s -C "$TOP/linux/samples/bpf/xdpsock" OUTPUT="$bin" \
	UAPI="$obj/usr/include"

vm=0
"$TOP/vm/run.sh" -t "${RUN_TIMEOUT:-1800}" -o "$results" "$image" \
	"$TOP/harness/guest-run.sh" "$bin" "${RUN_SECONDS:-5}" || vm=$?
echo
grep -E '^(# xdpsock|summary:)' "$results/output" 2>/dev/null || true
echo "logs: $results"
[ "$vm" -eq 0 ]
