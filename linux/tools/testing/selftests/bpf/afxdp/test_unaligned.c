// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * The data path of a UMEM in unaligned chunk mode: 32 chunks of 3000
 * bytes (96000 bytes: chunk and page boundaries fall anywhere in a
 * frame), headroom 64, a copy-mode socket on xt0 queue 0 in the program's
 * XSKMAP, in skb and in driver mode.
 *
 * unaligned_rx: FILL addresses are taken as they are: of 96000 - 2999
 *	(less than a chunk before the end of the UMEM), 100, 5000 (a buffer
 *	across a page boundary) and 9017, the first is skipped and the
 *	frames of 60, 1000 and 1500 bytes land in the other three, in that
 *	order, byte-exact, at the FILL address plus the headroom plus
 *	XDP_PACKET_HEADROOM; the RX descriptor gives that offset in the
 *	upper bits: FILL address | (64 + XDP_PACKET_HEADROOM) << 48.  No
 *	statistic counts the skipped entry.
 * unaligned_tx: TX descriptors name frames anywhere in the UMEM, with or
 *	without an offset in their upper bits: 100 (60 bytes), 4000 | 200 <<
 *	48 (1000 bytes at 4200, across a page boundary), 5990 (1514 bytes
 *	across two chunk boundaries) and 96000 - 64 (the last 64 bytes)
 *	reach the peer byte-exact and complete with their addresses as
 *	given; a length of 3001 (above the chunk size), 96000 - 100 with 200
 *	bytes and 96000 - 100 | 50 << 48 with 64 bytes (past the end) and
 *	96000 (the end itself) are skipped and counted: tx_invalid_descs 4.
 */
#include <unistd.h>
#include <sys/socket.h>
#include <linux/bpf.h>

#include "rxtx.h"

#define UA_CHUNK	3000
#define UA_LEN		(32 * UA_CHUNK)
#define UA_HEADROOM	64

/* addr with offset off in its upper bits. */
#define UA(addr, off)	((__u64)(addr) | (__u64)(off) << XSK_UNALIGNED_BUF_OFFSET_SHIFT)

struct ua_env {
	struct xt_prog prog;
	struct xt_xsk x;
};

static void ua_open(struct xt_env *env, struct ua_env *u)
{
	struct xt_xsk_cfg cfg = {
		.frames = UA_LEN / UA_CHUNK, .chunk_size = UA_CHUNK,
		.headroom = UA_HEADROOM,
		.umem_flags = XDP_UMEM_UNALIGNED_CHUNK_FLAG,
		.bind_flags = xt_copy_mode(env),
	};

	xt_open_mapped(env, &u->prog, &u->x, &cfg);
}

XT_CASE(unaligned_rx, XT_ALL)
{
	static const __u64 fill[] = { UA_LEN - 2999, 100, 5000, 9017 };
	static const unsigned int lens[] = { 60, 1000, 1500 };
	const __u64 off = UA_HEADROOM + XDP_PACKET_HEADROOM;
	struct xdp_desc d[3];
	struct ua_env u;
	unsigned int i;

	ua_open(env, &u);
	XT_EQ(xt_fill(&u.x.fill, fill, 4), 4);
	xt_peer_send_frames(env, lens, 3, 0);
	xt_rx_expect(env, &u.x, u.x.umem, d, lens, 3, 0);
	for (i = 0; i < 3; i++)
		XT_EQ(d[i].addr, UA(fill[i + 1], off));
	XT_EQ(xt_ring_used(&u.x.fill), 0);
	XT_STATS(u.x.fd);
	xt_close_mapped(&u.prog, &u.x);
}

XT_CASE(unaligned_tx, XT_ALL)
{
	const struct xdp_desc good[] = {
		{ .addr = 100, .len = 60 },
		{ .addr = UA(4000, 200), .len = 1000 },
		{ .addr = 5990, .len = 1514 },
		{ .addr = UA_LEN - 64, .len = 64 },
	};
	const struct xdp_desc bad[] = {
		{ .addr = 20000, .len = UA_CHUNK + 1 },
		{ .addr = UA_LEN - 100, .len = 200 },
		{ .addr = UA(UA_LEN - 100, 50), .len = 64 },
		{ .addr = UA_LEN, .len = 64 },
	};
	struct xdp_desc d[8];
	__u64 done[4];
	char buf[64];
	struct ua_env u;
	unsigned int i;
	int pfd;

	ua_open(env, &u);
	pfd = xt_peer_socket(env);
	/* Good and bad alternate; each good frame written where it says. */
	for (i = 0; i < 4; i++) {
		xt_frame_out(env, (void *)xt_umem_frame(u.x.umem, good[i].addr),
			     good[i].len, i);
		d[2 * i] = good[i];
		d[2 * i + 1] = bad[i];
	}
	xt_tx_complete(&u.x, &u.x.comp, d, 8, done, 4);
	for (i = 0; i < 4; i++)
		XT_EQ(done[i], good[i].addr);
	xt_packet_expect(pfd, u.x.umem, good, 4);
	XT_ERRNO(recv(pfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	XT_EQ(xt_ring_used(&u.x.comp), 0);
	XT_STATS(u.x.fd, .tx_invalid_descs = 4, .tx_ring_empty_descs = 1);
	close(pfd);
	xt_close_mapped(&u.prog, &u.x);
}
