#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh): every test suite, as TAP on stdout.
#
#   guest-check.sh TESTS-DIR
tests=$1
rc=0

echo "# kernel $(uname -r)"
"$tests/afxdp_test" || rc=1
exit $rc
