#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (vm/run.sh with VM_XL710=2, two emulated XL710 ports
# on one QEMU hub): the selftests in zero-copy mode, on those ports, as TAP
# on stdout (see zc.c of the selftests).
#
#   guest-zc.sh TESTS-DIR [NAME-PART...]
#   guest-zc.sh -l TESTS-DIR [NAME-PART...]   the runs it makes, one a line
if [ "$1" = -l ]; then
	exec "$2/afxdp_test" -l -m zc "${@:3}"
fi
tests=$1
shift
echo "# kernel $(uname -r)"
XT_ZC_PORTS="52:54:00:71:00:00 52:54:00:71:00:01" \
	exec "$tests/afxdp_test" -m zc "$@"
