# SPDX-License-Identifier: GPL-2.0
# Entry points of the AF_XDP series.  See README.md.
#
#   make run          build the patched kernel, boot it, show AF_XDP at work
#   make check        build the test kernel, boot it, run every test
#   make check-build  compile the in-tree callers of the series (W=1, sparse)
#   make bench        stock vs patched, xdpsock workloads, in the VM
#   make kernel       just build (KERNEL=, FLAVOUR=)
#   make tree         just assemble the source trees
#   make series       export the series as mailable patches
#
# KERNEL=patched (default) or stock, the pristine base.

KERNEL	?= patched
export KERNEL

.PHONY: run check check-build bench kernel tree series deps clean

deps:
	@harness/deps.sh

run: deps
	@harness/run.sh

check: deps
	@harness/check.sh

check-build: deps
	@harness/check-build.sh

bench: deps
	@bench/run.sh

kernel: deps
	@harness/kernel.sh $(KERNEL) $(or $(FLAVOUR),test)

tree: deps
	@harness/tree.sh $(KERNEL)

series: deps
	@harness/series.sh

clean:
	rm -rf build
