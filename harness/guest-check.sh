#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh): the selftests in skb and driver mode on
# veth, and the KUnit suites, as TAP on stdout.
#
#   guest-check.sh TESTS-DIR
#   guest-check.sh -l TESTS-DIR   the selftest runs it makes, one a line
#
# The selftests print their own TAP.  KUnit suites built into the kernel
# ran at boot; their results (KTAP, in debugfs) become one line per case,
# named kunit/<suite>/<case>.
modes=none,skb,drv
if [ "$1" = -l ]; then
	exec "$2/afxdp_test" -l -m $modes
fi
tests=$1
rc=0

echo "# kernel $(uname -r)"
"$tests/afxdp_test" -m $modes || rc=1

n=0
for results in /sys/kernel/debug/kunit/*/results; do
	[ -e "$results" ] || continue
	suite=$(basename "$(dirname "$results")")
	# Cases are the indented result lines; the suite's own is not.
	while read -r line; do
		case "$line" in
		*"# SKIP"*) status="ok" ;;
		"not ok "*) status="not ok"; rc=1 ;;
		*) status="ok" ;;
		esac
		name=$(sed -E 's/^(not )?ok [0-9]+ (- )?([^ #]+).*/\3/' <<<"$line")
		skip=$(sed -n -E 's/.*(# SKIP.*)/ \1/p' <<<"$line")
		n=$((n + 1))
		echo "$status $n kunit/$suite/$name$skip"
	done < <(grep -E '^[[:space:]]+(not )?ok [0-9]+ ' "$results")
done
echo "# $n KUnit cases"
exit $rc
