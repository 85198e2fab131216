// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * Transmit path (copy mode), with the program attached in skb and in
 * driver mode.  Frames are read in the peer's namespace by an AF_PACKET
 * socket on xt1.
 *
 * tx_basic: frames of 60, 64, 128, 1000 and 1514 bytes, at chunk offsets
 *	0, 64, 128..., put on the TX ring and kicked with sendto(fd, NULL,
 *	0, MSG_DONTWAIT, NULL, 0) reach the peer in order, byte-exact; each
 *	descriptor's address comes back on the COMPLETION ring once, in
 *	order; the TX ring is consumed and every statistic stays zero.
 * tx_invalid: among five valid descriptors, four invalid ones (address
 *	past the end of the UMEM, length above the chunk size, a frame
 *	crossing into the next chunk, options 1) are skipped and counted in
 *	tx_invalid_descs = 4; the valid ones reach the peer and complete,
 *	and no invalid one does.
 * tx_comp_small: 128 frames through a TX ring of 64 with a COMPLETION
 *	ring of 8: kicking and draining until all are done, every address
 *	comes back exactly once (in order) and every frame reaches the peer.
 *	tx_ring_empty_descs is 2: copy mode hands TX entries back only when
 *	its cached view of the ring runs dry, so user space refills the ring
 *	in two rounds of 64 and each round ends with one kick finding it empty.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#include "rxtx.h"

/* Write frame seq of len bytes at addr and describe it in *d. */
static void tx_frame(struct xt_env *env, struct xt_xsk *x, struct xdp_desc *d,
		     __u64 addr, __u32 len, uint32_t seq)
{
	xt_frame_out(env, (char *)x->umem + addr, len, seq);
	*d = (struct xdp_desc){ .addr = addr, .len = len };
}

/* A copy-mode socket on xt0 queue 0 in the program's XSKMAP, and a
 * socket on the peer that sees what it sends.
 */
struct tx_env {
	struct xt_prog prog;
	struct xt_xsk x;
	int pfd;
};

static void tx_open(struct xt_env *env, struct tx_env *t,
		    struct xt_xsk_cfg *cfg)
{
	cfg->bind_flags = XDP_COPY;
	xt_open_mapped(env, &t->prog, &t->x, cfg);
	t->pfd = xt_peer_socket(env);
}

static void tx_close(struct tx_env *t)
{
	close(t->pfd);
	xt_close_mapped(&t->prog, &t->x);
}

/* Send d[0..n) until good[0..ngood) have completed: their addresses come
 * back in that order and they reach the peer; then nothing more is on the
 * TX or COMPLETION ring or at the peer.
 */
static void tx_expect(struct tx_env *t, const struct xdp_desc *d,
		      unsigned int n, const struct xdp_desc *good,
		      unsigned int ngood)
{
	struct xt_xsk *x = &t->x;
	char buf[64];
	__u64 done[ngood];
	unsigned int i;

	xt_tx_complete(x, &x->comp, d, n, done, ngood);
	for (i = 0; i < ngood; i++)
		if (done[i] != good[i].addr)
			XT_FAIL("completion %u: address %llu, expected %llu",
				i, (unsigned long long)done[i],
				(unsigned long long)good[i].addr);
	xt_packet_expect(t->pfd, x->umem, good, ngood);
	XT_EQ(xt_ring_used(&x->tx), 0);
	XT_EQ(xt_ring_used(&x->comp), 0);
	XT_ERRNO(recv(t->pfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

XT_CASE(tx_basic, XT_BOTH)
{
	static const unsigned int sizes[] = { 60, 64, 128, 1000, 1514 };
	const unsigned int n = ARRAY_SIZE(sizes);
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d[n];
	struct tx_env t;
	unsigned int i;

	tx_open(env, &t, &cfg);
	for (i = 0; i < n; i++)
		tx_frame(env, &t.x, &d[i], (__u64)i * t.x.chunk_size + 64 * i,
			 sizes[i], i);
	tx_expect(&t, d, n, d, n);
	XT_STATS(t.x.fd, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE(tx_invalid, XT_BOTH)
{
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d[9], good[5];
	struct tx_env t;
	__u32 chunk;
	unsigned int i;

	tx_open(env, &t, &cfg);
	chunk = t.x.chunk_size;
	/* Even entries valid, in chunks 0, 2, 4, 6, 8; odd ones invalid. */
	for (i = 0; i < 5; i++) {
		tx_frame(env, &t.x, &good[i], (__u64)2 * i * chunk, 100 + i, i);
		d[2 * i] = good[i];
	}
	d[1] = (struct xdp_desc){ .addr = t.x.umem_len, .len = 64 };
	d[3] = (struct xdp_desc){ .addr = 3 * chunk, .len = chunk + 1 };
	d[5] = (struct xdp_desc){ .addr = 6 * chunk - 32, .len = 64 };
	d[7] = (struct xdp_desc){ .addr = 7 * chunk, .len = 64, .options = 1 };
	xt_frame_out(env, (char *)t.x.umem + 7 * chunk, 64, 7);

	tx_expect(&t, d, 9, good, 5);
	XT_STATS(t.x.fd, .tx_invalid_descs = 4, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE(tx_comp_small, XT_BOTH)
{
	struct xt_xsk_cfg cfg = { .tx_size = 64, .comp_size = 8 };
	const unsigned int n = 128;
	struct xdp_desc d[n];
	struct tx_env t;
	unsigned int i;

	tx_open(env, &t, &cfg);
	for (i = 0; i < n; i++)
		tx_frame(env, &t.x, &d[i], (__u64)i * t.x.chunk_size,
			 60 + (i % 7) * 100, i);
	tx_expect(&t, d, n, d, n);
	XT_STATS(t.x.fd, .tx_ring_empty_descs = 2);
	tx_close(&t);
}
