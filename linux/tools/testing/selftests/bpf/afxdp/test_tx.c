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
 * tx_chunk_edges: frames of 60 and 1514 bytes that end at the last byte
 *	of their chunk, and one of 1000 bytes at offset 1 of its chunk,
 *	reach the peer byte-exact and complete once each, in order.
 * tx_invalid: among five valid descriptors, four invalid ones (address
 *	past the end of the UMEM, length above the chunk size, a frame
 *	crossing into the next chunk, options 1) are skipped and counted in
 *	tx_invalid_descs = 4; the valid ones reach the peer and complete,
 *	and no invalid one does.
 * tx_short: descriptors of 0, 1 and 13 bytes, shorter than an Ethernet
 *	header, among ones of 60, 14 (60 in zc) and 64: the three short ones
 *	are skipped and counted in tx_invalid_descs = 3, and never complete;
 *	the others reach the peer and complete, in order.  The series'
 *	answer: on 6.1 the case skips.
 * tx_comp_small: 128 frames through a TX ring of 64 with a COMPLETION
 *	ring of 8: kicking and draining until all are done, every address
 *	comes back exactly once (in order) and every frame reaches the peer.
 *	tx_ring_empty_descs is 2: copy mode hands TX entries back only when
 *	its cached view of the ring runs dry, so user space refills the ring
 *	in two rounds of 64 and each round ends with one kick finding it empty.
 *
 * What one sendto(MSG_DONTWAIT) kick answers in copy mode, as 6.1 does:
 *
 * tx_kick_budget: 64 frames queued: the first kick sends 32 of them and
 *	returns EAGAIN, the second sends the other 32 and returns 0; 32 more
 *	queued (exactly the budget): one kick sends them and returns 0.  Each
 *	time exactly those frames complete, in order, and reach the peer;
 *	tx_ring_empty_descs is 2 (the two kicks that ran the ring dry).
 * tx_kick_comp_full: a COMPLETION ring of 16, 40 frames queued: the kick
 *	sends 16 and returns 0; with the 16 completions not yet taken, a kick
 *	returns 0 and sends nothing; then each kick after the completions are
 *	taken sends the next 16 (then 8) and returns 0; tx_ring_empty_descs 1.
 * tx_kick_comp_budget: a COMPLETION ring of 32 and 64 frames queued: the
 *	budget is checked before the room, so the kick that fills COMPLETION
 *	with 32 frames returns EAGAIN; the next, COMPLETION still full, sends
 *	nothing and returns 0; once it is reaped, a kick sends the other 32.
 * tx_kick_wait: sendto() and recvfrom() without MSG_DONTWAIT on a bound
 *	copy-mode socket with both rings are EOPNOTSUPP, and the sendto()
 *	sends nothing: the frame it found queued goes out with the next
 *	MSG_DONTWAIT kick, which alone finds the ring empty afterwards.  The
 *	same answers in zero-copy, where they come before the driver.
 * tx_kick_no_ring (two queues): a bound socket without a TX ring (on
 *	queue 0): sendto() is ENOBUFS, without MSG_DONTWAIT EOPNOTSUPP; one
 *	without an RX ring (on queue 1): recvfrom() is ENOBUFS with or
 *	without it.  xt0 down: the first gets ENETDOWN from sendto() with or
 *	without MSG_DONTWAIT (the device is checked before the flag and the
 *	ring), the second from recvfrom().
 * tx_kick_no_txq: a veth with two receive queues and one transmit queue;
 *	a copy-mode socket bound to queue 1 with a frame queued: the kick is
 *	ENXIO and takes nothing (TX consumer 0, COMPLETION empty, no
 *	statistic moved).  The series' answer: on 6.1 the case skips.
 * tx_kick_carrier_off: three frames queued and the peer xt1 down (no
 *	carrier on xt0): each kick drops one frame, which completes, and
 *	returns EBUSY; xt1 up again (its packet socket reads SO_ERROR
 *	ENETDOWN once), the kick sends the third, which reaches the peer, and
 *	returns 0; tx_ring_empty_descs 1.
 * tx_kick_carrier_invalid: the same with an invalid descriptor third of
 *	four: the two kicks that drop a frame each read it, leave it on the
 *	ring with the frames behind the dropped one and return EBUSY; the
 *	kick after xt1 is up sends the fourth.  tx_invalid_descs is 1: it is
 *	counted once, however often it is read.
 * tx_kick_drop: frames of 64, 1000, 64 and 64 bytes queued, the peer xt1's
 *	MTU 500, so that veth drops the second (NET_XMIT_DROP): the kick sends
 *	the first, drops the second, stops there and returns EBUSY; both
 *	complete (in no set order: af_xdp.rst promises none, and the series
 *	completes the dropped one first), the peer gets the first only.  The
 *	next kick sends the last two and returns 0; tx_ring_empty_descs 1.
 * tx_lying_producer: a TX ring of 256 whose entries all point past the
 *	UMEM, its producer index written 4 rings ahead of the consumer: a
 *	kick returns 0 within 5 s having skipped and counted one ring's worth
 *	(tx_invalid_descs 256), and the next kick publishes the consumer at
 *	256 and skips one ring more; then with the producer at 2^31 the same,
 *	ring by ring.  Nothing is sent, nothing completes, no other statistic
 *	moves.  The series' answer: 6.1 walks all of them in one call (a
 *	soft lockup at 2^31), so the case skips there.
 *
 * XDP_MAX_TX_SKB_BUDGET (setsockopt, SOL_XDP, option 9, an unsigned int;
 * upstream since 6.17).  6.1 has no such option: there setsockopt() is
 * ENOPROTOOPT and these cases skip.
 *
 * tx_budget_bounds: on a socket with a TX ring of 64, unbound and then
 *	bound: 32 and 64 are accepted; 0, 31, 65 (or 128 on the bound one)
 *	and UINT_MAX are EACCES.
 * tx_budget_no_tx: a socket with no rings, and one bound with only an RX
 *	ring: 32 is EACCES.
 * tx_budget_optlen: optlen 0, 3, 5 and 8 are EINVAL, also on a socket
 *	without a TX ring (optlen is checked first); a NULL optval with
 *	optlen 4 is EFAULT.
 * tx_budget_kick: a TX ring of 128 with a budget of 48 and 128 frames
 *	queued: kicks send 48 (EAGAIN), 48 (EAGAIN) and 32 (0); with the
 *	budget at the ring's size, 128 frames go out in one kick that
 *	returns 0; tx_ring_empty_descs is 2.
 */
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <linux/if_ether.h>

#include "rxtx.h"

#ifndef XDP_MAX_TX_SKB_BUDGET
#define XDP_MAX_TX_SKB_BUDGET	9	/* upstream's number; not in 6.1 */
#endif

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
	cfg->bind_flags = xt_copy_mode(env);
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

XT_CASE(tx_basic, XT_ALL)
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

XT_CASE(tx_chunk_edges, XT_ALL)
{
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d[3];
	struct tx_env t;
	__u32 chunk;

	tx_open(env, &t, &cfg);
	chunk = t.x.chunk_size;
	tx_frame(env, &t.x, &d[0], chunk - 60, 60, 0);
	tx_frame(env, &t.x, &d[1], 2 * chunk - 1514, 1514, 1);
	tx_frame(env, &t.x, &d[2], 2 * chunk + 1, 1000, 2);
	tx_expect(&t, d, 3, d, 3);
	XT_STATS(t.x.fd, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE(tx_invalid, XT_ALL)
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

XT_CASE(tx_short, XT_ALL)
{
	/* In zc 60 for the 14: the XL710 stops a queue for a frame under
	 * 17 bytes (malicious driver detection), and pads one under 60,
	 * which the peer would see longer.
	 */
	unsigned int lens[] = { 60, 0, env->mode == XT_ZC ? 60 : 14, 1, 13,
				64 };
	const unsigned int n = ARRAY_SIZE(lens);
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d[n], good[3];
	unsigned int i, ngood = 0;
	struct tx_env t;

	if (!xt_kernel_is_series())
		xt_skip("series only: short frames are invalid (6.1 not checked)");
	tx_open(env, &t, &cfg);
	for (i = 0; i < n; i++) {
		tx_frame(env, &t.x, &d[i], (__u64)i * t.x.chunk_size,
			 lens[i], i);
		if (lens[i] >= ETH_HLEN)
			good[ngood++] = d[i];
	}
	tx_expect(&t, d, n, good, ngood);
	XT_STATS(t.x.fd, .tx_invalid_descs = 3, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE(tx_comp_small, XT_ALL)
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

/* Frames first..first + n - 1, of 64 bytes in chunks of the same numbers,
 * described in d[] and queued on the TX ring.
 */
static void tx_queue(struct xt_env *env, struct tx_env *t, struct xdp_desc *d,
		     unsigned int first, unsigned int n)
{
	unsigned int i;

	for (i = first; i < first + n; i++)
		tx_frame(env, &t->x, &d[i], (__u64)i * t->x.chunk_size, 64, i);
	XT_EQ(xt_tx(&t->x.tx, d + first, n), n);
}

/* Wait until COMPLETION holds n addresses, then check it holds no more:
 * copy mode sends only within a kick, so what completes later was sent.
 */
static void tx_comp_wait(struct xt_xsk *x, unsigned int n)
{
	if (!xt_ring_wait(&x->comp, n))
		XT_FAIL("%u of %u frames completed", xt_ring_used(&x->comp), n);
	XT_EQ(xt_ring_used(&x->comp), n);
}

/* The kicks so far sent exactly d[first..first + n): their addresses
 * complete in order, and the peer gets those frames and no other.
 */
static void tx_moved(struct tx_env *t, const struct xdp_desc *d,
		     unsigned int first, unsigned int n)
{
	char buf[64];
	unsigned int i;
	__u64 addr;

	tx_comp_wait(&t->x, n);
	for (i = first; i < first + n; i++) {
		XT_EQ(xt_comp(&t->x.comp, &addr, 1), 1);
		XT_EQ(addr, d[i].addr);
	}
	xt_packet_expect(t->pfd, t->x.umem, d + first, n);
	XT_ERRNO(recv(t->pfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

XT_CASE(tx_kick_no_txq, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY, .queue = 1 };
	struct xdp_desc d;
	struct xt_xsk x;
	int ifindex;

	if (!xt_kernel_is_series())
		xt_skip("series only: ENXIO without a TX queue (6.1 not checked)");
	xt_sh("ip link add xq0 numtxqueues 1 numrxqueues 2 type veth peer "
	      "name xq1 && ip link set xq0 up && ip link set xq1 up");
	ifindex = if_nametoindex("xq0");
	XT_TRUE(ifindex > 0);
	XT_EQ(xt_xsk_open(&x, ifindex, &cfg), 0);
	xt_frame_out(env, x.umem, 64, 0);
	d = (struct xdp_desc){ .addr = 0, .len = 64 };
	XT_EQ(xt_tx(&x.tx, &d, 1), 1);
	XT_ERRNO(xt_kick(x.fd), ENXIO);
	XT_EQ(*x.tx.consumer, 0);
	XT_EQ(xt_ring_used(&x.comp), 0);
	XT_STATS(x.fd);
	xt_xsk_close(&x);
}

XT_CASE_NO_ZC(tx_kick_carrier_off, XT_BOTH,
	      "copy mode's kick answers (budget, EAGAIN, EBUSY)")
{
	struct xt_xsk_cfg cfg = {};
	socklen_t len = sizeof(int);
	struct xdp_desc d[3];
	struct tx_env t;
	unsigned int i;
	__u64 addr;
	int err;

	tx_open(env, &t, &cfg);
	tx_queue(env, &t, d, 0, 3);
	xt_sh("ip -n %s link set xt1 down", env->peer_ns);
	for (i = 0; i < 2; i++) {
		XT_ERRNO(xt_kick(t.x.fd), EBUSY);
		tx_comp_wait(&t.x, 1);
		XT_EQ(xt_comp(&t.x.comp, &addr, 1), 1);
		XT_EQ(addr, d[i].addr);
	}
	xt_sh("ip -n %s link set xt1 up", env->peer_ns);
	/* The peer's packet socket has been told its device went down. */
	XT_OK(getsockopt(t.pfd, SOL_SOCKET, SO_ERROR, &err, &len));
	XT_EQ(err, ENETDOWN);
	XT_OK(xt_kick(t.x.fd));
	tx_moved(&t, d, 2, 1);
	XT_STATS(t.x.fd, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE_NO_ZC(tx_kick_carrier_invalid, XT_BOTH,
	      "copy mode's kick answers (budget, EAGAIN, EBUSY)")
{
	struct xt_xsk_cfg cfg = {};
	socklen_t len = sizeof(int);
	struct xdp_desc d[4];
	struct tx_env t;
	unsigned int i;
	__u64 addr;
	int err;

	tx_open(env, &t, &cfg);
	for (i = 0; i < 4; i++)
		tx_frame(env, &t.x, &d[i], (__u64)i * t.x.chunk_size, 64, i);
	d[2].addr = t.x.umem_len;
	XT_EQ(xt_tx(&t.x.tx, d, 4), 4);
	xt_sh("ip -n %s link set xt1 down", env->peer_ns);
	for (i = 0; i < 2; i++) {
		XT_ERRNO(xt_kick(t.x.fd), EBUSY);
		tx_comp_wait(&t.x, 1);
		XT_EQ(xt_comp(&t.x.comp, &addr, 1), 1);
		XT_EQ(addr, d[i].addr);
	}
	xt_sh("ip -n %s link set xt1 up", env->peer_ns);
	XT_OK(getsockopt(t.pfd, SOL_SOCKET, SO_ERROR, &err, &len));
	XT_EQ(err, ENETDOWN);
	XT_OK(xt_kick(t.x.fd));
	tx_moved(&t, d, 3, 1);
	XT_STATS(t.x.fd, .tx_invalid_descs = 1, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE_NO_ZC(tx_kick_drop, XT_BOTH,
	      "the drop is veth's (a frame over the peer's MTU)")
{
	static const unsigned int lens[] = { 64, 1000, 64, 64 };
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d[4];
	struct tx_env t;
	unsigned int i;
	__u64 done[2];

	tx_open(env, &t, &cfg);
	for (i = 0; i < 4; i++)
		tx_frame(env, &t.x, &d[i], (__u64)i * t.x.chunk_size,
			 lens[i], i);
	XT_EQ(xt_tx(&t.x.tx, d, 4), 4);
	/* Longer than that, a frame does not pass into xt1 (veth_xmit()). */
	xt_sh("ip -n %s link set xt1 mtu 500", env->peer_ns);
	XT_ERRNO(xt_kick(t.x.fd), EBUSY);
	tx_comp_wait(&t.x, 2);
	XT_EQ(xt_comp(&t.x.comp, done, 2), 2);
	XT_EQ(MIN(done[0], done[1]), d[0].addr);
	XT_EQ(MAX(done[0], done[1]), d[1].addr);
	xt_packet_expect(t.pfd, t.x.umem, d, 1);
	XT_OK(xt_kick(t.x.fd));
	tx_moved(&t, d, 2, 2);
	XT_STATS(t.x.fd, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

static double tx_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

XT_CASE_NO_ZC(tx_lying_producer, XT_BOTH,
	      "the copy path's bound; the zero-copy paths' are KUnit's")
{
	struct xt_xsk_cfg cfg = { .tx_size = 256 };
	struct xdp_statistics st;
	struct xdp_desc *e;
	struct tx_env t;
	unsigned int i;
	double t0;
	char buf[64];

	if (!xt_kernel_is_series())
		xt_skip("series only: 6.1 walks every entry (soft lockup)");
	tx_open(env, &t, &cfg);
	e = t.x.tx.entries;
	for (i = 0; i < 256; i++)
		e[i] = (struct xdp_desc){ .addr = t.x.umem_len, .len = 64 };
	/* Entries before the index (xsk.h), and the index a lie. */
	__atomic_store_n(t.x.tx.producer, 4 * 256, __ATOMIC_RELEASE);
	for (i = 1; i <= 4; i++) {
		if (i == 3)
			__atomic_store_n(t.x.tx.producer, 1U << 31,
					 __ATOMIC_RELEASE);
		t0 = tx_now();
		XT_OK(xt_kick(t.x.fd));
		if (tx_now() - t0 > 5)
			XT_FAIL("kick %u took %.1f s", i, tx_now() - t0);
		/* Copy mode publishes what it took at its next look. */
		XT_EQ(__atomic_load_n(t.x.tx.consumer, __ATOMIC_ACQUIRE),
		      256 * (i - 1));
		XT_OK(xt_statistics(t.x.fd, &st));
		XT_EQ(st.tx_invalid_descs, 256 * i);
	}
	XT_STATS(t.x.fd, .tx_invalid_descs = 4 * 256);
	XT_EQ(xt_ring_used(&t.x.comp), 0);
	XT_ERRNO(recv(t.pfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	tx_close(&t);
}

static int tx_budget(int fd, __u32 budget)
{
	return setsockopt(fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, &budget,
			  sizeof(budget));
}

/* The least budget on fd, which has a TX ring: accepted, or the kernel
 * has no such option (6.1) and the case skips.
 */
static void tx_budget_probe(int fd)
{
	int r = tx_budget(fd, 32);

	if (r && errno == ENOPROTOOPT)
		xt_skip("XDP_MAX_TX_SKB_BUDGET: ENOPROTOOPT (6.1 has none)");
	XT_OK(r);
}

/*
 * One step of a kick sequence: set the budget (if not 0), queue that many
 * more frames, kick, which must answer err (0 or an errno) and send
 * exactly sent frames; then take the completions so far (reap) or leave
 * them on the COMPLETION ring.
 */
struct kick_step {
	__u32 budget;
	unsigned int queue;
	int err;
	unsigned int sent;
	bool reap;
};

#define TX_FRAMES 256	/* the UMEM's chunks (xsk.c's default) */

/* A socket opened with cfg goes through steps[0..n); in the end
 * tx_ring_empty_descs is empty and no other statistic moved.
 */
static void tx_kicks(struct xt_env *env, struct xt_xsk_cfg cfg,
		     const struct kick_step *steps, unsigned int n,
		     __u64 empty)
{
	unsigned int i, queued = 0, taken = 0, waiting = 0;
	struct xdp_desc d[TX_FRAMES];
	struct tx_env t;

	tx_open(env, &t, &cfg);
	for (i = 0; i < n; i++) {
		const struct kick_step *s = &steps[i];

		if (s->budget) {
			tx_budget_probe(t.x.fd);
			XT_OK(tx_budget(t.x.fd, s->budget));
		}
		XT_TRUE(queued + s->queue <= TX_FRAMES);
		tx_queue(env, &t, d, queued, s->queue);
		queued += s->queue;
		if (s->err)
			XT_ERRNO(xt_kick(t.x.fd), s->err);
		else
			XT_OK(xt_kick(t.x.fd));
		waiting += s->sent;
		if (!s->reap) {
			tx_comp_wait(&t.x, waiting);
			continue;
		}
		tx_moved(&t, d, taken, waiting);
		taken += waiting;
		waiting = 0;
	}
	XT_STATS(t.x.fd, .tx_ring_empty_descs = empty);
	tx_close(&t);
}

XT_CASE_NO_ZC(tx_kick_budget, XT_BOTH,
	      "copy mode's kick answers (budget, EAGAIN, EBUSY)")
{
	static const struct kick_step steps[] = {
		{ .queue = 64, .err = EAGAIN, .sent = 32, .reap = true },
		{ .sent = 32, .reap = true },
		{ .queue = 32, .sent = 32, .reap = true },
	};

	tx_kicks(env, (struct xt_xsk_cfg){}, steps, ARRAY_SIZE(steps), 2);
}

/* Not in zc: there a TX interrupt of frames sent before may run the
 * driver's NAPI between two kicks (seen on stock: frames went out after
 * the completions were taken and before the next kick, need_wakeup or
 * not), so what a kick sends is not the kick's alone.
 */
XT_CASE_NO_ZC(tx_kick_comp_full, XT_BOTH,
	      "a TX interrupt may send between kicks in zero-copy")
{
	static const struct kick_step steps[] = {
		{ .queue = 40, .sent = 16 },
		{ .reap = true },
		{ .sent = 16, .reap = true },
		{ .sent = 8, .reap = true },
	};

	tx_kicks(env, (struct xt_xsk_cfg){ .tx_size = 64, .comp_size = 16 },
		 steps, ARRAY_SIZE(steps), 1);
}

XT_CASE_NO_ZC(tx_kick_comp_budget, XT_BOTH,
	      "copy mode's kick answers (budget, EAGAIN, EBUSY)")
{
	static const struct kick_step steps[] = {
		{ .queue = 64, .err = EAGAIN, .sent = 32 },
		{ .reap = true },
		{ .sent = 32, .reap = true },
	};

	tx_kicks(env, (struct xt_xsk_cfg){ .tx_size = 128, .comp_size = 32 },
		 steps, ARRAY_SIZE(steps), 1);
}

XT_CASE(tx_kick_wait, XT_ALL)
{
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d;
	struct tx_env t;

	tx_open(env, &t, &cfg);
	tx_queue(env, &t, &d, 0, 1);
	XT_ERRNO(sendto(t.x.fd, NULL, 0, 0, NULL, 0), EOPNOTSUPP);
	XT_ERRNO(recvfrom(t.x.fd, NULL, 0, 0, NULL, NULL), EOPNOTSUPP);
	XT_OK(xt_kick(t.x.fd));
	tx_moved(&t, &d, 0, 1);
	XT_STATS(t.x.fd, .tx_ring_empty_descs = 1);
	tx_close(&t);
}

XT_CASE_Q(tx_kick_no_ring, XT_NONE, 2)
{
	struct xt_xsk_cfg rx_only = { .bind_flags = XDP_COPY, .no_tx = true };
	struct xt_xsk_cfg tx_only = {
		.bind_flags = XDP_COPY, .no_rx = true, .queue = 1,
	};
	struct xt_xsk r, w;

	XT_EQ(xt_xsk_open(&r, env->ifindex, &rx_only), 0);
	XT_EQ(xt_xsk_open(&w, env->ifindex, &tx_only), 0);
	XT_ERRNO(xt_kick(r.fd), ENOBUFS);
	XT_ERRNO(sendto(r.fd, NULL, 0, 0, NULL, 0), EOPNOTSUPP);
	XT_ERRNO(recvfrom(w.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), ENOBUFS);
	XT_ERRNO(recvfrom(w.fd, NULL, 0, 0, NULL, NULL), ENOBUFS);
	xt_sh("ip link set xt0 down");
	XT_ERRNO(xt_kick(r.fd), ENETDOWN);
	XT_ERRNO(sendto(r.fd, NULL, 0, 0, NULL, 0), ENETDOWN);
	XT_ERRNO(recvfrom(w.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), ENETDOWN);
	xt_xsk_close(&w);
	xt_xsk_close(&r);
}

/* A socket with a TX ring of 64, bound or not, and its budget's bounds. */
static void budget_bounds(struct xt_env *env, bool bind, __u32 over)
{
	struct xt_xsk_cfg cfg = {
		.tx_size = 64, .bind_flags = XDP_COPY, .no_bind = !bind,
	};
	struct xt_xsk x;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	tx_budget_probe(x.fd);
	XT_OK(tx_budget(x.fd, 64));
	XT_ERRNO(tx_budget(x.fd, 0), EACCES);
	XT_ERRNO(tx_budget(x.fd, 31), EACCES);
	XT_ERRNO(tx_budget(x.fd, over), EACCES);
	XT_ERRNO(tx_budget(x.fd, UINT_MAX), EACCES);
	xt_xsk_close(&x);
}

XT_CASE(tx_budget_bounds, XT_NONE)
{
	budget_bounds(env, false, 65);
	budget_bounds(env, true, 128);
}

XT_CASE(tx_budget_no_tx, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY, .no_tx = true };
	struct xt_xsk_cfg with_tx = { .no_bind = true };
	int fd = XT_OK(xt_xsk_socket());
	struct xt_xsk x;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &with_tx), 0);
	tx_budget_probe(x.fd);
	xt_xsk_close(&x);
	XT_ERRNO(tx_budget(fd, 32), EACCES);
	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_ERRNO(tx_budget(x.fd, 32), EACCES);
	xt_xsk_close(&x);
	close(fd);
}

XT_CASE(tx_budget_optlen, XT_NONE)
{
	static const socklen_t bad[] = { 0, 3, 5, 8 };
	struct xt_xsk_cfg cfg = { .no_bind = true };
	int fd = XT_OK(xt_xsk_socket());
	__u32 v[2] = { 32, 0 };
	struct xt_xsk x;
	unsigned int i;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	tx_budget_probe(x.fd);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		XT_ERRNO(setsockopt(x.fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, v,
				    bad[i]), EINVAL);
		XT_ERRNO(setsockopt(fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, v,
				    bad[i]), EINVAL);
	}
	XT_ERRNO(setsockopt(x.fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, NULL, 4),
		 EFAULT);
	xt_xsk_close(&x);
	close(fd);
}

XT_CASE_NO_ZC(tx_budget_kick, XT_BOTH,
	      "XDP_MAX_TX_SKB_BUDGET is of copy mode")
{
	static const struct kick_step steps[] = {
		{ .budget = 48, .queue = 128, .err = EAGAIN, .sent = 48,
		  .reap = true },
		{ .err = EAGAIN, .sent = 48, .reap = true },
		{ .sent = 32, .reap = true },
		{ .budget = 128, .queue = 128, .sent = 128, .reap = true },
	};

	tx_kicks(env, (struct xt_xsk_cfg){ .tx_size = 128 }, steps,
		 ARRAY_SIZE(steps), 2);
}
