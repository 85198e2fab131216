// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP programs of xdpsock.  xdpsock_redirect: every frame goes to the
 * AF_XDP socket that xdpsock put in the XSKMAP slot of the queue it arrived
 * on; queues with no socket pass their frames on to the stack.
 * xdpsock_shared (-M): the two sockets of one queue, in XSKMAP slots 0 and
 * 1, take turns.
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

/* Whose turn it is; CPUs racing on it only skew the turns. */
__u32 turn;

SEC("xdp")
int xdpsock_shared(struct xdp_md *ctx)
{
	turn ^= 1;
	return bpf_redirect_map(&xsks, turn, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
