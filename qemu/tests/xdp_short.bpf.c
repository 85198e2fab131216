// SPDX-License-Identifier: GPL-2.0
/* guest.sh's xdp_tx_short: the test's 142-byte frames cut to 16 bytes,
 * under the 17 the XL710 sends, and sent back out (XDP_TX).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int short_tx(struct xdp_md *ctx)
{
	int len = ctx->data_end - ctx->data;

	if (len != 142 || bpf_xdp_adjust_tail(ctx, 16 - len))
		return XDP_PASS;
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
