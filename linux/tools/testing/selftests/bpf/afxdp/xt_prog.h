/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the selftests' XDP program and the tests that drive it. */
#ifndef XT_PROG_H
#define XT_PROG_H

#define XT_ETH_P_TEST	0x88b5
/* zc mode: test frames steered to queue q are IPv4 UDP to this + q. */
#define XT_UDP_PORT	0x88b5
/* Probe frames of zc mode (zc.c): the program passes them as any other. */
#define XT_ETH_P_PROBE	0x88b6
#define XT_MAX_QUEUES	64
#define XT_MAX_CPUS	64

/* Values of the "action" map, per receive queue. */
enum {
	XT_ACT_REDIRECT,	/* to the XSKMAP slot of the receive queue */
	XT_ACT_PASS,
	XT_ACT_DROP,
	XT_ACT_REDIRECT_SLOT0,	/* to slot 0, whatever the queue */
	/* Every other frame to slot 0, the others through the cpumap entry
	 * of another CPU (xt_prog_cpumap()), whose program redirects them to
	 * slot 0 from that CPU's kthread.
	 */
	XT_ACT_SPLIT_CPUMAP,
	/* As XT_ACT_REDIRECT, and the queue_id of the socket in the slot
	 * (struct bpf_xdp_sock, from an XSKMAP lookup) goes into "sock_qid".
	 */
	XT_ACT_REDIRECT_QID,
	/* Every other frame to slot 1, the others to slot 0. */
	XT_ACT_SPLIT_SLOTS,
};

/* Indices of the "counters" map. */
enum {
	XT_CNT_REDIRECT,
	XT_CNT_PASS,
	XT_CNT_DROP,
	XT_CNT_OTHER,
	XT_CNT_CPUMAP,		/* frames the cpumap program redirected */
	XT_CNT_MAX,
};

#endif
