#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The series' documentation builds clean: two TAP lines for `make check`.
#
#   docs/af_xdp.rst   sphinx-build -W (a warning is an error) on the file
#                     alone, as HTML
#   docs/kernel-doc   scripts/kernel-doc finds no malformed comment in the
#                     series' C files and headers, and every symbol they
#                     EXPORT_SYMBOL has a kernel-doc comment
#
# Runs on the assembled patched tree (harness/tree.sh).
. "$(dirname "$0")/lib.sh"

src=$BUILD/patched/linux
out=$BUILD/docs
rm -rf "$out"
mkdir -p "$out/rst"
cp "$src/Documentation/networking/af_xdp.rst" "$out/rst/index.rst"
: >"$out/rst/conf.py"
if sphinx-build -q -W -b html "$out/rst" "$out/html" >"$out/sphinx.log" 2>&1
then
	echo "ok - docs/af_xdp.rst"
else
	echo "not ok - docs/af_xdp.rst"
	sed 's/^/# /' "$out/sphinx.log"
fi

cd "$src"
files=(net/xdp/*.c net/xdp/*.h include/net/xdp_sock.h
       include/net/xdp_sock_drv.h include/net/xsk_buff_pool.h)
perl scripts/kernel-doc -none "${files[@]}" >"$out/kernel-doc.log" 2>&1
exported=$(cat net/xdp/*.c | grep -cE '^EXPORT_SYMBOL(_GPL)?\(' || true)
documented=$(perl scripts/kernel-doc -rst -export net/xdp/*.c 2>/dev/null |
	grep -c '^\.\. c:function::' || true)
if ! grep -q 'warning:' "$out/kernel-doc.log" &&
   [ "$documented" -eq "$exported" ]; then
	echo "ok - docs/kernel-doc"
else
	echo "not ok - docs/kernel-doc"
	echo "# $documented of $exported exported symbols documented"
	grep 'warning:' "$out/kernel-doc.log" | sed 's/^/# /'
fi
