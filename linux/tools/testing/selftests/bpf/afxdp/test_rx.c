// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * Receive path.
 *
 * rx_basic: frames of 60, 64, 128, 1000 and 1500 bytes sent from the peer
 *	arrive in order on the RX ring, byte-exact, each at its FILL-ring
 *	address plus the UMEM headroom (256 here) and the kernel's XDP
 *	headroom (XDP_PACKET_HEADROOM), with rx_dropped and
 *	rx_invalid_descs zero and every redirect counted by the program.
 */
#include <linux/bpf.h>

#include "xt.h"
#include "xsk.h"

struct rx_wait {
	struct xt_xsk *x;
	unsigned int n;
};

static bool rx_has(void *p)
{
	struct rx_wait *w = p;

	return xt_ring_used(&w->x->rx) >= w->n;
}

XT_CASE(rx_basic, XT_BOTH)
{
	static const unsigned int sizes[] = { 60, 64, 128, 1000, 1500 };
	const unsigned int n = sizeof(sizes) / sizeof(sizes[0]);
	struct xt_xsk_cfg cfg = { .headroom = 256, .bind_flags = XDP_COPY };
	unsigned char frame[2048];
	struct xdp_statistics st;
	struct xdp_desc d[8];
	struct xt_prog prog;
	struct rx_wait w;
	__u64 addrs[8];
	struct xt_xsk x;
	unsigned int i;
	uint32_t seq;

	xt_prog_attach(env, &prog);
	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_xskmap_set(&prog, 0, x.fd);
	for (i = 0; i < n; i++)
		addrs[i] = (__u64)i * x.chunk_size;
	XT_EQ(xt_fill(&x.fill, addrs, n), n);

	for (i = 0; i < n; i++) {
		xt_frame(env, frame, sizes[i], i);
		xt_peer_send(env, frame, sizes[i], 1);
	}
	w = (struct rx_wait){ &x, n };
	if (!xt_wait(rx_has, &w, XT_WAIT_MS))
		XT_FAIL("%u of %u frames arrived", xt_ring_used(&x.rx), n);

	XT_EQ(xt_rx(&x.rx, d, 8), n);
	for (i = 0; i < n; i++) {
		XT_EQ(d[i].addr, addrs[i] + 256 + XDP_PACKET_HEADROOM);
		XT_EQ(d[i].len, sizes[i]);
		XT_EQ(d[i].options, 0);
		if (!xt_frame_ok(env, (char *)x.umem + d[i].addr, d[i].len,
				 &seq))
			XT_FAIL("frame %u: bytes differ from what was sent", i);
		XT_EQ(seq, i);
	}
	XT_OK(xt_statistics(x.fd, &st));
	XT_EQ(st.rx_dropped, 0);
	XT_EQ(st.rx_invalid_descs, 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), n);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
}
