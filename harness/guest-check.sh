#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh): every test suite, as TAP on stdout.
#
#   guest-check.sh TESTS-DIR
#
# The selftests print their own TAP.  KUnit suites built into the kernel
# ran at boot; their results (KTAP, in debugfs) become one line per case,
# named kunit/<suite>/<case>.
tests=$1
rc=0

echo "# kernel $(uname -r)"
"$tests/afxdp_test" || rc=1

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
