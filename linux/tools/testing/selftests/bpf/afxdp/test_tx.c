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

/* Completions done[] must be the addresses of d[], in that order. */
static void comp_expect(const __u64 *done, const struct xdp_desc *d,
			unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (done[i] != d[i].addr)
			XT_FAIL("completion %u: address %llu, expected %llu",
				i, (unsigned long long)done[i],
				(unsigned long long)d[i].addr);
}

/* After the test: nothing more on the TX, COMPLETION rings or the peer. */
static void tx_idle(struct xt_xsk *x, int pfd)
{
	char buf[64];

	XT_EQ(xt_ring_used(&x->tx), 0);
	XT_EQ(xt_ring_used(&x->comp), 0);
	XT_ERRNO(recv(pfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

XT_CASE(tx_basic, XT_BOTH)
{
	static const unsigned int sizes[] = { 60, 64, 128, 1000, 1514 };
	const unsigned int n = sizeof(sizes) / sizeof(sizes[0]);
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xdp_desc d[n];
	struct xt_prog prog;
	struct xt_xsk x;
	unsigned int i;
	__u64 done[n];
	int pfd;

	xt_prog_attach(env, &prog);
	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_xskmap_set(&prog, 0, x.fd);
	pfd = xt_peer_socket(env);

	for (i = 0; i < n; i++)
		tx_frame(env, &x, &d[i], (__u64)i * x.chunk_size + 64 * i,
			 sizes[i], i);
	xt_tx_complete(&x, &x.comp, d, n, done, n);
	comp_expect(done, d, n);
	xt_packet_expect(pfd, x.umem, d, n);
	tx_idle(&x, pfd);
	XT_STATS(x.fd, .tx_ring_empty_descs = 1);
	close(pfd);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
}

XT_CASE(tx_invalid, XT_BOTH)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xdp_desc d[9], good[5];
	struct xt_prog prog;
	struct xt_xsk x;
	unsigned int i;
	__u64 done[5];
	int pfd;

	xt_prog_attach(env, &prog);
	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_xskmap_set(&prog, 0, x.fd);
	pfd = xt_peer_socket(env);

	/* Even entries valid, in chunks 0, 2, 4, 6, 8; odd ones invalid. */
	for (i = 0; i < 5; i++) {
		tx_frame(env, &x, &good[i], (__u64)2 * i * x.chunk_size,
			 100 + i, i);
		d[2 * i] = good[i];
	}
	d[1] = (struct xdp_desc){ .addr = x.umem_len, .len = 64 };
	d[3] = (struct xdp_desc){
		.addr = 3 * x.chunk_size, .len = x.chunk_size + 1,
	};
	d[5] = (struct xdp_desc){ .addr = 6 * x.chunk_size - 32, .len = 64 };
	d[7] = (struct xdp_desc){
		.addr = 7 * x.chunk_size, .len = 64, .options = 1,
	};
	xt_frame_out(env, (char *)x.umem + 7 * x.chunk_size, 64, 7);

	xt_tx_complete(&x, &x.comp, d, 9, done, 5);
	comp_expect(done, good, 5);
	xt_packet_expect(pfd, x.umem, good, 5);
	tx_idle(&x, pfd);
	XT_STATS(x.fd, .tx_invalid_descs = 4, .tx_ring_empty_descs = 1);
	close(pfd);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
}
