// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * An existing application's view: the socket made and driven by libxdp's
 * xsk API (Debian's libxdp), beside the selftests' own XDP program.
 *
 * libxdp_rx_tx: xsk_umem__create() (headroom 128) and xsk_socket__create()
 *	with XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD and XDP_COPY on xt0 queue
 *	0 (no xdp_flags: libxdp attaches nothing), put in our XSKMAP; a
 *	frame from the peer arrives through libxdp's rings at the filled
 *	chunk + 128 + XDP_PACKET_HEADROOM, byte-exact; a frame put on
 *	libxdp's TX ring is sent by a sendto() kick that returns 0, reaches
 *	the peer byte-exact and its address comes back on the COMPLETION
 *	ring; statistics count the one kick that found the TX ring empty
 *	after it, and xsk_umem__delete() succeeds after xsk_socket__delete().
 */
#include <unistd.h>
#include <sys/mman.h>
#include <linux/bpf.h>
#include <xdp/xsk.h>

#include "rxtx.h"

#define FRAMES	64
#define CHUNK	4096

static bool ready(void *p)
{
	const struct xsk_ring_cons *r = p;

	return __atomic_load_n(r->producer, __ATOMIC_ACQUIRE) !=
	       *r->consumer;
}

/* Wait for, and peek at, the one entry that must come on r. */
static __u32 peek_one(struct xsk_ring_cons *r)
{
	__u32 idx = 0;

	if (!xt_wait(ready, r, XT_WAIT_MS))
		XT_FAIL("nothing came on the ring");
	XT_EQ(xsk_ring_cons__peek(r, FRAMES, &idx), 1);
	return idx;
}

XT_CASE(libxdp_rx_tx, XT_ALL)
{
	struct xsk_umem_config ucfg = {
		.fill_size = FRAMES, .comp_size = FRAMES,
		.frame_size = CHUNK, .frame_headroom = 128,
	};
	struct xsk_socket_config scfg = {
		.rx_size = FRAMES, .tx_size = FRAMES,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = xt_copy_mode(env),
	};
	static const unsigned int lens[] = { 333 };
	struct xdp_desc out = { .addr = 5 * CHUNK, .len = 400 };
	/* libxdp leaves cached_prod as it finds it: start from zeroes. */
	struct xsk_ring_cons rx = {}, comp = {};
	struct xsk_ring_prod fill = {}, tx = {};
	const struct xdp_desc *d;
	struct xsk_socket *xsk;
	struct xsk_umem *umem;
	struct xt_prog prog;
	__u32 idx, seq;
	void *area;
	int fd, pfd;

	xt_prog_attach(env, &prog);
	pfd = xt_peer_socket(env);
	area = xt_umem_area(FRAMES * CHUNK);
	XT_TRUE(area);
	XT_EQ(-xsk_umem__create(&umem, area, FRAMES * CHUNK, &fill, &comp,
				&ucfg), 0);
	XT_EQ(-xsk_socket__create(&xsk, "xt0", 0, umem, &rx, &tx, &scfg), 0);
	fd = xsk_socket__fd(xsk);
	xt_xskmap_set(&prog, 0, fd);

	XT_EQ(xsk_ring_prod__reserve(&fill, 1, &idx), 1);
	*xsk_ring_prod__fill_addr(&fill, idx) = 2 * CHUNK;
	xsk_ring_prod__submit(&fill, 1);
	if (env->mode == XT_ZC)
		xt_fill_posted(fd, true, fill.producer, fill.consumer);
	xt_peer_send_frames(env, lens, 1, 0);
	d = xsk_ring_cons__rx_desc(&rx, peek_one(&rx));
	XT_EQ(d->addr, 2 * CHUNK + 128 + XDP_PACKET_HEADROOM);
	XT_EQ(d->len, lens[0]);
	XT_EQ(d->options, 0);
	XT_TRUE(xt_frame_ok(env, xsk_umem__get_data(area, d->addr), d->len,
			    &seq));
	XT_EQ(seq, 0);
	xsk_ring_cons__release(&rx, 1);

	xt_frame_out(env, xsk_umem__get_data(area, out.addr), out.len, 1);
	XT_EQ(xsk_ring_prod__reserve(&tx, 1, &idx), 1);
	*xsk_ring_prod__tx_desc(&tx, idx) = out;
	xsk_ring_prod__submit(&tx, 1);
	XT_OK(xt_kick(fd));
	XT_EQ(*xsk_ring_cons__comp_addr(&comp, peek_one(&comp)), out.addr);
	xsk_ring_cons__release(&comp, 1);
	xt_packet_expect(pfd, area, &out, 1);

	XT_STATS(fd, .tx_ring_empty_descs = 1);
	close(pfd);
	xsk_socket__delete(xsk);
	XT_EQ(-xsk_umem__delete(umem), 0);
	munmap(area, FRAMES * CHUNK);
	xt_prog_detach(&prog);
}
