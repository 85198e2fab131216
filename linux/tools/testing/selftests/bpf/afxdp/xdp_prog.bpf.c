// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program of the AF_XDP selftests.
 *
 * Frames whose EtherType is XT_ETH_P_TEST (IEEE 802 local experimental
 * 1, 0x88b5) are the tests' own, and so are IPv4 UDP frames to ports
 * XT_UDP_PORT + q, which zero-copy mode steers to queue q with the XL710's
 * flow director (net.c); everything else the stack sends on its own
 * (IPv6 neighbour discovery and the like) is passed, so that no test
 * depends on what else happens to be on the wire.  A test frame is handled
 * as the "action" array says for the queue it arrived on: redirected to the
 * XSKMAP slot of that queue (the default), passed or dropped.  Counters per
 * action let tests see what the program did.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xt_prog.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XT_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XT_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} action SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, XT_MAX_CPUS);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} cpus SEC(".maps");

/* Frames of XT_ACT_SPLIT_CPUMAP so far, for taking every other one. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} splits SEC(".maps");

/* What XT_ACT_REDIRECT_QID saw last. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} sock_qid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XT_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static void count(__u32 what)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &what);

	if (c)
		(*c)++;
}

/* True for the second, fourth... frame that asks. */
static int split(void)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&splits, &key);

	return n && (__sync_fetch_and_add(n, 1) & 1);
}

/* The cpumap entry's program: on that CPU's kthread, into slot 0. */
SEC("xdp/cpumap")
int xt_cpumap(struct xdp_md *ctx)
{
	count(XT_CNT_CPUMAP);
	return bpf_redirect_map(&xsks, 0, XDP_DROP);
}

/* The queue the socket in slot q is bound to, into sock_qid. */
static void sock_queue_id(__u32 q)
{
	struct bpf_xdp_sock *xsk = bpf_map_lookup_elem(&xsks, &q);
	__u32 key = 0, *seen = bpf_map_lookup_elem(&sock_qid, &key);

	if (xsk && seen)
		*seen = xsk->queue_id;
}

static int is_test(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(eth + 1) > data_end)
		return 0;
	if (eth->h_proto == bpf_htons(XT_ETH_P_TEST))
		return 1;
	/* IPv4 without options or fragments, as net.c sends them. */
	return eth->h_proto == bpf_htons(ETH_P_IP) &&
	       (void *)(udp + 1) <= data_end && ip->version == 4 &&
	       ip->ihl == 5 && !(ip->frag_off & bpf_htons(0x3fff)) &&
	       ip->protocol == IPPROTO_UDP &&
	       (__u16)(bpf_ntohs(udp->dest) - XT_UDP_PORT) < XT_MAX_QUEUES;
}

SEC("xdp")
int xt_xdp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 q = ctx->rx_queue_index;
	__u32 *act;

	if (!is_test(data, data_end)) {
		count(XT_CNT_OTHER);
		return XDP_PASS;
	}
	act = bpf_map_lookup_elem(&action, &q);
	switch (act ? *act : XT_ACT_REDIRECT) {
	case XT_ACT_PASS:
		count(XT_CNT_PASS);
		return XDP_PASS;
	case XT_ACT_DROP:
		count(XT_CNT_DROP);
		return XDP_DROP;
	case XT_ACT_REDIRECT_SLOT0:
		q = 0;
		break;
	case XT_ACT_SPLIT_CPUMAP:
		/* To another CPU's kthread, beside this NAPI poll. */
		if (split())
			return bpf_redirect_map(&cpus,
						bpf_get_smp_processor_id() ^ 1,
						XDP_DROP);
		q = 0;
		break;
	case XT_ACT_REDIRECT_QID:
		sock_queue_id(q);
		break;
	case XT_ACT_SPLIT_SLOTS:
		q = split();
		break;
	}
	count(XT_CNT_REDIRECT);
	/* An empty slot must drop, not pass: the tests check that it does. */
	return bpf_redirect_map(&xsks, q, XDP_DROP);
}

char _license[] SEC("license") = "GPL";
