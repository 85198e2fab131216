// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program of xdpsock: every frame goes to the AF_XDP socket that
 * xdpsock put in the XSKMAP slot of the queue it arrived on.  Queues with
 * no socket pass their frames on to the stack.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdpsock.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XDPSOCK_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

SEC("xdp")
int xdpsock_redirect(struct xdp_md *ctx)
{
	return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
