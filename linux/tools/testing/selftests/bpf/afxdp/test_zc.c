// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * What only zero-copy has: the driver transmits from the TX ring in its
 * NAPI poll, which only a kick (sendto(), poll()) or an interrupt of the
 * queue starts, and it may take buffers of one UMEM into two devices.
 * Every case runs on the emulated XL710 ports (zc.c), where the wire is
 * quiet between the test frames, so a queue's NAPI runs only when asked.
 *
 * zc_tx_kick: bound with XDP_USE_NEED_WAKEUP and an empty FILL ring, the
 *	TX ring's flag reads XDP_RING_NEED_WAKEUP (as the ring was made);
 *	once the NAPI poll that binding starts has run (zc_settled()), 8
 *	frames put on the TX ring stay there (TX consumer 0 300 ms later),
 *	also after a sendto() without MSG_DONTWAIT, which is EOPNOTSUPP
 *	(consumer 0 and COMPLETION empty 300 ms later); one
 *	sendto(MSG_DONTWAIT) returns 0 and all 8 complete, in order, and reach
 *	the peer byte-exact; the flag still reads XDP_RING_NEED_WAKEUP (i40e
 *	sets it after each TX clean, and never clears it).  Then the same
 *	without the option, but for the frames staying: there i40e's NAPI
 *	polls on while the FILL ring is empty (it reports its whole budget
 *	used) and takes the TX ring with it, kick or not.
 * zc_poll_tx: poll() as the kick, without and with XDP_USE_NEED_WAKEUP:
 *	POLLOUT on the empty TX ring of 64 (with need_wakeup, that poll()
 *	kicks the queue, as 6.1's does: the case waits for its NAPI poll);
 *	with 48 frames queued (more than half the ring; with need_wakeup,
 *	still all there 300 ms later), a poll() for POLLOUT with a 20 s
 *	timeout returns POLLOUT: the driver took the ring (with need_wakeup,
 *	because poll() kicked it), and the release woke the waiter.  All 48
 *	complete in order and reach the peer.
 * zc_tx_fill_empty: a socket whose FILL ring is empty at bind (as a
 *	TX-only user leaves it) sends 10,000 frames, 128 chunks in turn:
 *	every address comes back on COMPLETION once, in the order sent, and
 *	none more (100 ms after the last); no statistic moves; then 4
 *	chunks put on FILL take the next 4 frames from the peer,
 *	byte-exact, at those chunks plus XDP_PACKET_HEADROOM: the queue
 *	receives again.
 * zc_prog_replace: a zero-copy socket with 8 chunks on FILL receives a
 *	frame in chunk 0 through program A's XSKMAP; program B, with the
 *	socket in its own XSKMAP, replaces A on xt0 (no probes: i40e swaps
 *	the program without restarting a queue): the socket is still
 *	zero-copy and receives the next frame in chunk 1, the buffer the
 *	device had next; A counts one redirect, B one.
 * zc_steer_sockets: two zero-copy sockets with UMEMs of their own, on
 *	queues 0 and 1 of xt0, each in its queue's XSKMAP slot, and a flow
 *	steered to each queue by ethtool -N (xt_peer_steer()): of 6 frames
 *	sent to the two flows in turn, each socket receives exactly its
 *	flow's 3, in order, byte-exact, in its own FILL ring's chunks.
 * zc_shared_two_ports: one UMEM, two zero-copy sockets: one on xt0, one
 *	on xt1 (in the peer's namespace, with FILL and COMPLETION rings of
 *	its own) and the program on both ports.  A frame xt0 sends from chunk
 *	0 arrives on xt1's socket in chunk 8 (its own FILL ring's), byte-exact;
 *	that socket swaps its MAC addresses in place and sends the same buffer
 *	back, and xt0's socket receives it in chunk 16, byte-exact; each
 *	socket's COMPLETION ring returns the address it sent from.
 * zc_ring_resize: with a zero-copy socket bound to queue 0,
 *	ETHTOOL_SRINGPARAM (ethtool -G) is EBUSY, without the program and
 *	with it, and the rings keep their size (i40e refuses while any queue
 *	pair has a zero-copy pool); the socket receives.  Once it is closed
 *	and the program off, the resize to 128 descriptors goes through
 *	(after the pool has left the queue), and a copy-mode socket with the
 *	program on again receives.  With that socket bound (program off),
 *	the resize back is 0 on the series, whose check counts zero-copy
 *	queues only, as the rings hold no buffer of a copy-mode socket, and
 *	with the program on again the socket receives the next frame; 6.1
 *	refuses the resize with EBUSY as for zero-copy (a stock answer the
 *	series changes: the case expects each kernel's, and the port gets
 *	its size back once the socket is closed).  Not resized with XDP on:
 *	6.1's i40e_vsi_stop_rings() disables the LAN TX queues only, then
 *	waits for the XDP ones too ("XDP Tx ring disable timeout"), and the
 *	XDP TX queue, still enabled, is never given its new ring; dev_down
 *	is out of zc for the same reason.
 * zc_prog_remove: a zero-copy socket that received a frame; the program
 *	taken off xt0 (i40e restarts the port without XDP rings): the socket
 *	still says zero-copy, a sendto() kick is EINVAL (no XDP, no queue to
 *	wake) and leaves the frame on the TX ring, and a frame from the peer
 *	goes to the stack (an AF_PACKET socket on xt0 gets it), not to the
 *	RX ring (both still so 300 ms later).  A
 *	program attached again with the socket in its XSKMAP: the kick sends
 *	the frame (it completes and reaches the peer) and the socket
 *	receives the next frame, byte-exact, in a chunk of its FILL ring.
 * zc_rx_backpressure: the RX ring of 4 entries of a socket bound with
 *	XDP_USE_NEED_WAKEUP, 16 chunks on FILL, 10 frames from the peer:
 *	the ring takes 4; a frame the full ring refuses stays on the
 *	device's ring (6.1 stops the poll there), and each recvfrom() kick
 *	once the 4 are read brings the next ones: all 10 arrive in order,
 *	byte-exact, none dropped (rx_dropped 0).  Every refusal is counted in rx_ring_full (at least
 *	one; how many depends on how many NAPI polls met the full ring) and
 *	ran the program again: its redirect counter is 10 + rx_ring_full.
 *	(Without need_wakeup the refused frames are dropped: rx_ring_full.)
 * zc_ring_empty (two queues): a zero-copy socket on queue 0 with no
 *	buffer on its FILL ring (need_wakeup, so that NAPI rests) and one on
 *	queue 1 with 8: of 5 frames steered to each queue, queue 1's 5
 *	arrive byte-exact, while queue 0's find no descriptor and the
 *	device drops them, counted for the VSI (GLV_RDPC, which 6.1.192's
 *	i40e reports as rx_missed_errors, the counter for buffer
 *	exhaustion): it grows by exactly 5 (within XT_WAIT_MS: i40e reads
 *	it once a second), and rx_dropped (GL_RXERR1, other discards) not
 *	at all; one starved queue holds up no other, and neither socket
 *	counts a drop (the frames never reached XDP).
 * zc_wakeup_handshake: the FILL ring's need_wakeup handshake (ring.h's
 *	W1 and W2) where the device's RX ring runs dry again and again:
 *	rings of 64 descriptors, a UMEM of 64 chunks, 63 of them on FILL.
 *	pktgen on the peer sends 50 bursts of 64 frames, each with one tail
 *	write, 20 ms apart, then a probe every 100 ms.  A receiver pinned
 *	off the queue's interrupt CPU gives each chunk back to FILL as it
 *	takes the frame, then (full barrier) kicks only if the flag is up;
 *	every other batch it first waits 2 ms: a batch of all 63 buffers
 *	left the FILL ring empty at the last poll's look, and the flag must
 *	come up.  Frames the device has no buffer for are dropped; but some
 *	frame must come within XT_WAIT_MS of the last, and the probe must
 *	arrive, without any kick but the flag's.  Every frame redirected is
 *	received.  (The race W1 closes did not show here before it was
 *	closed: a burst's later frames raise the queue's interrupt again
 *	when NAPI ends, and that poll finds the buffers.)
 * zc_unbind: a zero-copy socket with 16 chunks on FILL, a frame received on
 *	its RX ring and 8 frames sent and completed; i40e unbound from xt0's
 *	PCI function through sysfs, the netdev and its queues gone: SO_ERROR
 *	reads ENETDOWN once (then 0), sendto() and recvfrom() are ENXIO, a
 *	bind() again (to lo) is EBUSY, XDP_STATISTICS answers (XT_STATS), the
 *	received frame is still intact in the UMEM, and close() succeeds.
 *	i40e bound again (xt_zc_rebind(); the next case's set-up does it if
 *	this one ends first), the port comes back in the initial namespace,
 *	where the next case's set-up waits for it.
 */
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/ethtool.h>

#include "rxtx.h"

/* Frames first..first + n - 1 of len bytes in chunks of the same numbers,
 * described in d[] and queued on x's TX ring.
 */
static void zc_queue(struct xt_env *env, struct xt_xsk *x, struct xdp_desc *d,
		     unsigned int first, unsigned int n)
{
	unsigned int i;

	for (i = first; i < first + n; i++) {
		d[i] = (struct xdp_desc){
			.addr = (__u64)i * x->chunk_size, .len = 64,
		};
		xt_frame_out(env, (char *)x->umem + d[i].addr, 64, i);
	}
	XT_EQ(xt_tx(&x->tx, d + first, n), n);
}

/* The n frames of d[] complete in order and reach the peer socket pfd. */
static void zc_sent(struct xt_xsk *x, int pfd, const struct xdp_desc *d,
		    unsigned int n)
{
	__u64 addr[n];
	unsigned int i;

	if (!xt_ring_wait(&x->comp, n))
		XT_FAIL("%u of %u addresses completed",
			xt_ring_used(&x->comp), n);
	XT_EQ(xt_comp(&x->comp, addr, n), n);
	for (i = 0; i < n; i++)
		XT_EQ(addr[i], d[i].addr);
	XT_EQ(xt_ring_used(&x->comp), 0);
	xt_packet_expect(pfd, x->umem, d, n);
}

static bool fill_flag_up(void *x)
{
	return __atomic_load_n(((struct xt_xsk *)x)->fill.flags,
			       __ATOMIC_ACQUIRE) & XDP_RING_NEED_WAKEUP;
}

/* xt0's queue 0 line of /proc/interrupts: "IRQ: a count per CPU ... name" */
static void zc_irq_line(char *line, int size)
{
	FILE *f;

	f = fopen("/proc/interrupts", "r");
	if (!f)
		XT_FAIL("/proc/interrupts: %s", strerror(errno));
	while (fgets(line, size, f)) {
		if (strstr(line, "i40e-xt0-TxRx-0")) {
			fclose(f);
			return;
		}
	}
	fclose(f);
	XT_FAIL("/proc/interrupts has no i40e-xt0-TxRx-0");
}

/* The interrupts of xt0's queue 0 so far, summed over the CPUs. */
static unsigned long long zc_irqs(void)
{
	unsigned long long v = 0, n;
	char line[1024], *p, *end;

	zc_irq_line(line, sizeof(line));
	p = strchr(line, ':') + 1;
	while ((n = strtoull(p, &end, 10)), end != p) {
		v += n;
		p = end;
	}
	return v;
}

/*
 * A socket bound with need_wakeup and an empty FILL ring: wait until the
 * NAPI poll that binding starts (i40e kicks the queue once) has run; it
 * found no buffer and raised the FILL ring's flag.  Then, as a kick
 * before the call (a poll()) raises the queue's interrupt before it
 * returns, until that interrupt count has stood still for 100 ms: the
 * NAPI poll of every kick so far has run.  From then on the queue's NAPI
 * runs only when asked.
 */
static void zc_settled(struct xt_xsk *x)
{
	unsigned long long irqs = zc_irqs(), last;
	int ms;

	if (!xt_wait(fill_flag_up, x, XT_WAIT_MS))
		XT_FAIL("the FILL ring's flag did not come up");
	for (ms = 0, last = ~0ULL; irqs != last; ms += 100) {
		if (ms >= XT_WAIT_MS)
			XT_FAIL("xt0's queue 0 interrupts for %d ms", ms);
		usleep(100 * 1000);
		last = irqs;
		irqs = zc_irqs();
	}
}

XT_CASE(zc_tx_kick, XT_ZC)
{
	static const __u16 flags[] = { XDP_USE_NEED_WAKEUP, 0 };
	struct xdp_desc d[8];
	struct xt_prog prog;
	struct xt_xsk x;
	unsigned int f;
	int pfd;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY | flags[f] };

		xt_open_mapped(env, &prog, &x, &cfg);
		pfd = xt_peer_socket(env);
		XT_EQ(*x.tx.flags, XDP_RING_NEED_WAKEUP);
		if (flags[f])
			zc_settled(&x);
		zc_queue(env, &x, d, 0, 8);
		usleep(300 * 1000);
		if (flags[f])
			XT_EQ(*x.tx.consumer, 0);
		XT_ERRNO(sendto(x.fd, NULL, 0, 0, NULL, 0), EOPNOTSUPP);
		usleep(300 * 1000);
		if (flags[f]) {
			XT_EQ(*x.tx.consumer, 0);
			XT_EQ(xt_ring_used(&x.comp), 0);
		}
		XT_OK(xt_kick(x.fd));
		zc_sent(&x, pfd, d, 8);
		XT_EQ(*x.tx.consumer, 8);
		XT_EQ(*x.tx.flags, XDP_RING_NEED_WAKEUP);
		XT_STATS(x.fd);
		close(pfd);
		xt_close_mapped(&prog, &x);
	}
}

XT_CASE(zc_poll_tx, XT_ZC)
{
	static const __u16 flags[] = { 0, XDP_USE_NEED_WAKEUP };
	const unsigned int n = 48;
	struct pollfd p = { .events = POLLOUT };
	struct xdp_desc d[n];
	struct xt_prog prog;
	struct xt_xsk x;
	unsigned int f;
	int pfd;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		struct xt_xsk_cfg cfg = {
			.bind_flags = XDP_ZEROCOPY | flags[f], .no_rx = true,
			.tx_size = 64,
		};

		xt_open_mapped(env, &prog, &x, &cfg);
		pfd = xt_peer_socket(env);
		p.fd = x.fd;
		XT_EQ(poll(&p, 1, 0), 1);
		XT_EQ(p.revents, POLLOUT);
		/* With need_wakeup that poll() kicked the queue. */
		if (flags[f])
			zc_settled(&x);
		zc_queue(env, &x, d, 0, n);
		if (flags[f]) {
			usleep(300 * 1000);
			XT_EQ(*x.tx.consumer, 0);
		}
		XT_EQ(poll(&p, 1, XT_WAIT_MS), 1);
		XT_EQ(p.revents, POLLOUT);
		zc_sent(&x, pfd, d, n);
		XT_STATS(x.fd);
		close(pfd);
		xt_close_mapped(&prog, &x);
	}
}

XT_CASE(zc_tx_fill_empty, XT_ZC)
{
	static const unsigned int lens[] = { 60, 200, 1000, 1514 };
	const unsigned int n = 10000, chunks = 128;
	unsigned int sent = 0, done = 0, got, i;
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct xdp_desc d[chunks], rx[4];
	struct xt_prog prog;
	struct xt_xsk x;
	__u64 addr[64];
	int ms = 0;

	xt_open_mapped(env, &prog, &x, &cfg);
	for (i = 0; i < chunks; i++) {
		d[i] = (struct xdp_desc){
			.addr = (__u64)i * x.chunk_size, .len = 64,
		};
		xt_frame_out(env, (char *)x.umem + d[i].addr, 64, i);
	}
	while (done < n) {
		while (sent < n && sent - done < chunks &&
		       xt_tx(&x.tx, &d[sent % chunks], 1))
			sent++;
		XT_OK(xt_kick(x.fd));
		got = xt_comp(&x.comp, addr, ARRAY_SIZE(addr));
		for (i = 0; i < got; i++, done++)
			if (addr[i] != d[done % chunks].addr)
				XT_FAIL("completion %u: address %llu, expected %llu",
					done, (unsigned long long)addr[i],
					(unsigned long long)d[done % chunks].addr);
		if (got)
			ms = 0;
		else if (++ms > XT_WAIT_MS)
			XT_FAIL("%u of %u frames completed", done, n);
		else
			usleep(1000);
	}
	XT_EQ(*x.tx.consumer, n);
	usleep(100 * 1000);
	XT_EQ(xt_ring_used(&x.comp), 0);
	XT_STATS(x.fd);

	xt_fill_chunks(&x, chunks, 4);
	xt_peer_send_frames(env, lens, 4, 0);
	xt_rx_expect(env, &x, x.umem, rx, lens, 4, 0);
	for (i = 0; i < 4; i++)
		XT_EQ(rx[i].addr, (__u64)(chunks + i) * x.chunk_size +
				  XDP_PACKET_HEADROOM);
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
}

XT_CASE_Q(zc_steer_sockets, XT_ZC, 2)
{
	static const unsigned int lens[] = { 100, 700, 1514 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct xt_xsk x[2];
	struct xdp_desc d;
	struct xt_prog prog;
	unsigned int i, q;

	xt_open_mapped(env, &prog, &x[0], &cfg);
	cfg.queue = 1;
	XT_EQ(xt_xsk_open(&x[1], env->ifindex, &cfg), 0);
	xt_expect_zc(&x[1]);
	xt_xskmap_set(&prog, 1, x[1].fd);
	for (q = 0; q < 2; q++)
		xt_fill_chunks(&x[q], 4 * q, 4);
	xt_peer_steer(env);

	for (i = 0; i < 6; i++)
		xt_peer_send_frames_q(env, i % 2, lens + i / 2, 1, i);
	for (i = 0; i < 6; i++) {
		q = i % 2;
		xt_rx_expect(env, &x[q], x[q].umem, &d, lens + i / 2, 1, i);
		XT_EQ(d.addr, (__u64)(4 * q + i / 2) * x[q].chunk_size +
			      XDP_PACKET_HEADROOM);
	}
	for (q = 0; q < 2; q++) {
		XT_EQ(xt_ring_used(&x[q].rx), 0);
		XT_STATS(x[q].fd);
	}
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 6);
	xt_xsk_close(&x[1]);
	xt_close_mapped(&prog, &x[0]);
}

XT_CASE(zc_prog_replace, XT_ZC)
{
	static const unsigned int len[] = { 200 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct xt_env quiet = *env;
	struct xt_prog a, b;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_open_mapped(env, &a, &x, &cfg);
	xt_fill_chunks(&x, 0, 8);
	xt_peer_send_frames(env, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 0);
	XT_EQ(d.addr, XDP_PACKET_HEADROOM);

	/* Driver mode as zc's, without the probes of a rebuild. */
	quiet.mode = XT_DRV;
	xt_prog_attach(&quiet, &b);
	xt_xskmap_set(&b, 0, x.fd);
	xt_expect_zc(&x);
	xt_peer_send_frames(env, len, 1, 1);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 1);
	XT_EQ(d.addr, x.chunk_size + XDP_PACKET_HEADROOM);
	XT_EQ(xt_prog_counter(&a, XT_CNT_REDIRECT), 1);
	XT_EQ(xt_prog_counter(&b, XT_CNT_REDIRECT), 1);
	XT_STATS(x.fd);
	xt_xsk_close(&x);
	xt_prog_detach(&b);
	xt_prog_detach(&a);
}

/* Enter the network namespace of fd (of /run/netns/ or /proc/self/ns). */
static void zc_setns(int fd)
{
	if (setns(fd, CLONE_NEWNET))
		XT_FAIL("setns: %s", strerror(errno));
}

static void zc_swap_macs(unsigned char *f)
{
	unsigned char t[6];

	memcpy(t, f, 6);
	memcpy(f, f + 6, 6);
	memcpy(f + 6, t, 6);
}

XT_CASE(zc_shared_two_ports, XT_ZC)
{
	static const unsigned int len[] = { 300 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct xt_env peer = *env;
	struct xt_prog pa, pb;
	struct xt_xsk a, b;
	struct xdp_desc d;
	char path[128];
	int own, other;
	__u64 addr;

	own = XT_OK(open("/proc/self/ns/net", O_RDONLY));
	snprintf(path, sizeof(path), "/run/netns/%s", env->peer_ns);
	other = XT_OK(open(path, O_RDONLY));

	/* The program on xt1 first, as seen from there (in driver mode, which
	 * sends no probes); then xt0's, whose probes wait for both ports.
	 */
	zc_setns(other);
	peer.ifindex = env->peer_ifindex;
	peer.mode = XT_DRV;
	memcpy(peer.mac, env->peer_mac, 6);
	memcpy(peer.peer_mac, env->mac, 6);
	xt_prog_attach(&peer, &pb);
	zc_setns(own);
	xt_open_mapped(env, &pa, &a, &cfg);
	/* No bind flags: a shared UMEM's socket takes its owner's mode. */
	cfg = (struct xt_xsk_cfg){ .shared = &a, .shared_fq = true };
	zc_setns(other);
	XT_EQ(xt_xsk_open(&b, env->peer_ifindex, &cfg), 0);
	xt_expect_zc(&b);
	xt_xskmap_set(&pb, 0, b.fd);
	zc_setns(own);

	xt_fill_chunks(&b, 8, 1);
	xt_fill_chunks(&a, 16, 1);
	xt_frame_out(env, a.umem, len[0], 7);
	d = (struct xdp_desc){ .addr = 0, .len = len[0] };
	XT_EQ(xt_tx(&a.tx, &d, 1), 1);
	XT_OK(xt_kick(a.fd));
	xt_rx_expect(&peer, &b, a.umem, &d, len, 1, 7);
	XT_EQ(d.addr, 8 * a.chunk_size + XDP_PACKET_HEADROOM);
	XT_TRUE(xt_ring_wait(&a.comp, 1));
	XT_EQ(xt_comp(&a.comp, &addr, 1), 1);
	XT_EQ(addr, 0);

	/* Back with the addresses swapped, in the same buffer. */
	zc_swap_macs((unsigned char *)a.umem + d.addr);
	XT_EQ(xt_tx(&b.tx, &d, 1), 1);
	XT_OK(xt_kick(b.fd));
	xt_rx_expect(env, &a, a.umem, &d, len, 1, 7);
	XT_EQ(d.addr, 16 * a.chunk_size + XDP_PACKET_HEADROOM);
	XT_TRUE(xt_ring_wait(&b.comp, 1));
	XT_EQ(xt_comp(&b.comp, &addr, 1), 1);
	XT_EQ(addr, 8 * a.chunk_size + XDP_PACKET_HEADROOM);
	XT_STATS(a.fd);
	XT_STATS(b.fd);

	zc_setns(other);
	xt_close_mapped(&pb, &b);
	zc_setns(own);
	xt_close_mapped(&pa, &a);
	close(own);
	close(other);
}

/*
 * ETHTOOL_SRINGPARAM on xt0: n descriptors on each RX and TX ring; 0, or
 * the errno.  A resize restarts the port: wait until it receives again.
 */
static int zc_rings(struct xt_env *env, __u32 n)
{
	struct ethtool_ringparam r = { .cmd = ETHTOOL_GRINGPARAM };

	XT_OK(xt_ethtool("xt0", &r));
	r.cmd = ETHTOOL_SRINGPARAM;
	r.rx_pending = n;
	r.tx_pending = n;
	if (xt_ethtool("xt0", &r))
		return errno;
	xt_zc_link_wait(env);
	return 0;
}

static __u32 zc_rx_pending(void)
{
	struct ethtool_ringparam r = { .cmd = ETHTOOL_GRINGPARAM };

	XT_OK(xt_ethtool("xt0", &r));
	return r.rx_pending;
}

/* zc_rings(), tried again while EBUSY: until a closed socket's pool has
 * left the queue.
 */
static void zc_rings_wait(struct xt_env *env, __u32 n)
{
	int ms, err;

	for (ms = 0; (err = zc_rings(env, n)) == EBUSY; ms += 10) {
		if (ms >= XT_WAIT_MS)
			XT_FAIL("ETHTOOL_SRINGPARAM EBUSY after %d ms", ms);
		usleep(10000);
	}
	XT_EQ(err, 0);
	XT_EQ(zc_rx_pending(), n);
}

XT_CASE(zc_ring_resize, XT_ZC)
{
	static const unsigned int len[] = { 200 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	__u32 n0 = zc_rx_pending();
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_expect_zc(&x);
	XT_EQ(zc_rings(env, 128), EBUSY);
	/* Buffers for the frames that tell the port is up again (which
	 * the program passes to the stack) and for the test's.
	 */
	xt_fill_only(&x, 0, 4);
	xt_prog_attach(env, &prog);
	xt_xskmap_set(&prog, 0, x.fd);
	XT_EQ(zc_rings(env, 128), EBUSY);
	XT_EQ(zc_rx_pending(), n0);
	xt_peer_send_frames(env, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 0);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
	xt_zc_link_wait(env);
	zc_rings_wait(env, 128);

	cfg.bind_flags = XDP_COPY;
	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_prog_attach(env, &prog);
	xt_xskmap_set(&prog, 0, x.fd);
	xt_fill_only(&x, 0, 4);
	xt_peer_send_frames(env, len, 1, 1);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 1);
	XT_STATS(x.fd);
	xt_prog_detach(&prog);
	xt_zc_link_wait(env);
	if (!xt_kernel_is_series()) {
		XT_EQ(zc_rings(env, n0), EBUSY);
		xt_xsk_close(&x);
		zc_rings_wait(env, n0);
		return;
	}
	/* The rings hold no buffer of a copy-mode socket's. */
	XT_EQ(zc_rings(env, n0), 0);
	XT_EQ(zc_rx_pending(), n0);
	xt_prog_attach(env, &prog);
	xt_xskmap_set(&prog, 0, x.fd);
	xt_peer_send_frames(env, len, 1, 2);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 2);
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
}

XT_CASE(zc_prog_remove, XT_ZC)
{
	static const unsigned int len[] = { 200 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct xdp_desc d[1], rd;
	unsigned char buf[2048];
	struct xt_prog prog;
	int pfd, stack;
	struct xt_xsk x;
	uint32_t seq;
	size_t n;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 8);
	xt_peer_send_frames(env, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &rd, len, 1, 0);

	xt_prog_detach(&prog);
	xt_zc_link_wait(env);
	xt_expect_zc(&x);
	pfd = xt_peer_socket(env);
	stack = xt_packet_socket(env->ifindex);
	zc_queue(env, &x, d, 0, 1);
	XT_ERRNO(xt_kick(x.fd), EINVAL);
	xt_peer_send_frames(env, len, 1, 1);
	n = xt_packet_recv(stack, buf, sizeof(buf));
	XT_EQ(n, len[0]);
	XT_TRUE(xt_frame_ok(env, buf, n, &seq));
	XT_EQ(seq, 1);
	close(stack);
	usleep(300 * 1000);
	XT_EQ(*x.tx.consumer, 0);
	XT_EQ(xt_ring_used(&x.rx), 0);

	xt_prog_attach(env, &prog);
	xt_xskmap_set(&prog, 0, x.fd);
	xt_expect_zc(&x);
	XT_OK(xt_kick(x.fd));
	zc_sent(&x, pfd, d, 1);
	xt_peer_send_frames(env, len, 1, 2);
	xt_rx_expect(env, &x, x.umem, &rd, len, 1, 2);
	XT_STATS(x.fd);
	close(pfd);
	xt_close_mapped(&prog, &x);
}

XT_CASE(zc_rx_backpressure, XT_ZC)
{
	static const unsigned int lens[10] = {
		64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
	};
	struct xt_xsk_cfg cfg = {
		.rx_size = 4, .bind_flags = XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP,
	};
	struct xdp_statistics st;
	struct xt_prog prog;
	struct xdp_desc d[4];
	unsigned int i, n;
	struct xt_xsk x;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 16);
	/* The FILL ring's flag is up since bind: kick, then wait. */
	XT_EQ(recvfrom(x.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
	xt_fill_wait(&x);
	xt_peer_send_frames(env, lens, 10, 0);
	for (i = 0; i < 10; i += n) {
		n = i + 4 <= 10 ? 4 : 10 - i;
		xt_rx_expect(env, &x, x.umem, d, lens, n, i);
		if (i + n == 10)
			break;
		XT_EQ(recvfrom(x.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
	}
	XT_OK(xt_statistics(x.fd, &st));
	XT_EQ(st.rx_dropped, 0);
	XT_EQ(st.rx_invalid_descs, 0);
	XT_TRUE(st.rx_ring_full >= 1);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 10 + st.rx_ring_full);
	xt_close_mapped(&prog, &x);
}

/* xt0's rx_dropped and rx_missed_errors (ip -s -s link), into v[0], v[1]. */
static void zc_rx_drops(unsigned long long v[2])
{
	static const char *const keys[] = {
		"\"dropped\":", "\"missed_errors\":",
	};
	char buf[8192], *rx, *p;
	size_t n;
	FILE *f;
	int i;

	f = popen("ip -s -s -j link show dev xt0", "r");
	if (!f)
		XT_FAIL("ip link: %s", strerror(errno));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	pclose(f);
	buf[n] = 0;
	rx = strstr(buf, "\"rx\":{");
	for (i = 0; i < 2; i++) {
		p = rx ? strstr(rx, keys[i]) : NULL;
		if (!p)
			XT_FAIL("ip -s -s -j link: no rx %s in %s", keys[i], buf);
		v[i] = strtoull(p + strlen(keys[i]), NULL, 10);
	}
}

/* The same once two reads 1.1 s apart agree: i40e reads the device's
 * counters from its service task, once a second.
 */
static void zc_rx_drops_settled(unsigned long long v[2])
{
	unsigned long long last[2];
	int i;

	zc_rx_drops(v);
	for (i = 0; i < 5; i++) {
		memcpy(last, v, sizeof(last));
		usleep(1100 * 1000);
		zc_rx_drops(v);
		if (!memcmp(last, v, sizeof(last)))
			return;
	}
	XT_FAIL("xt0's drop counters still moving");
}

struct drops_wait {
	unsigned long long want[2], got[2];
};

static bool drops_are(void *p)
{
	struct drops_wait *w = p;

	zc_rx_drops(w->got);
	return w->got[1] >= w->want[1];
}

XT_CASE_Q(zc_ring_empty, XT_ZC, 2)
{
	static const unsigned int lens[5] = { 100, 100, 100, 100, 100 };
	struct xt_xsk_cfg cfg = {
		.bind_flags = XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP,
	};
	struct drops_wait w;
	struct xdp_desc d[5];
	struct xt_prog prog;
	struct xt_xsk x[2];
	unsigned int q;

	xt_open_mapped(env, &prog, &x[0], &cfg);
	cfg.queue = 1;
	XT_EQ(xt_xsk_open(&x[1], env->ifindex, &cfg), 0);
	xt_expect_zc(&x[1]);
	xt_xskmap_set(&prog, 1, x[1].fd);
	xt_fill_chunks(&x[1], 0, 8);
	XT_EQ(recvfrom(x[1].fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
	xt_fill_wait(&x[1]);
	xt_peer_steer(env);

	zc_rx_drops_settled(w.want);
	w.want[1] += 5;
	xt_peer_send_frames_q(env, 0, lens, 5, 0);
	xt_peer_send_frames_q(env, 1, lens, 5, 5);
	xt_rx_expect(env, &x[1], x[1].umem, d, lens, 5, 5);
	/* i40e reads the counters from its service task, once a second. */
	xt_wait(drops_are, &w, XT_WAIT_MS);
	XT_EQ(w.got[0], w.want[0]);
	XT_EQ(w.got[1], w.want[1]);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 5);
	for (q = 0; q < 2; q++) {
		XT_EQ(xt_ring_used(&x[q].rx), 0);
		XT_STATS(x[q].fd);
	}
	xt_xsk_close(&x[1]);
	xt_close_mapped(&prog, &x[0]);
}

/*
 * Pin the caller to a CPU other than the one xt0's queue 0 interrupts,
 * and return that one.
 */
static int zc_pin_off_irq(void)
{
	char line[1024], path[64];
	int cpu = -1;
	cpu_set_t set;
	FILE *f;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		xt_skip("one CPU: the receiver and NAPI cannot race");
	zc_irq_line(line, sizeof(line));
	snprintf(path, sizeof(path), "/proc/irq/%d/effective_affinity_list",
		 atoi(line));
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &cpu) != 1)
		XT_FAIL("%s: %s", path, strerror(errno));
	fclose(f);
	CPU_ZERO(&set);
	CPU_SET(cpu ? 0 : 1, &set);
	XT_OK(sched_setaffinity(0, sizeof(set), &set));
	return cpu;
}

/* Write what to the peer namespace's /proc/net/pktgen/file. */
static void zc_pg(struct xt_env *env, const char *file, const char *what)
{
	xt_sh("ip netns exec %s sh -c 'echo \"%s\" >/proc/net/pktgen/%s'",
	      env->peer_ns, what, file);
}

/*
 * In a child: pktgen's thread of CPU cpu sends n bursts of 64 test frames
 * from the peer to xt0 queue 0's flow, 20 ms apart, each with one tail
 * write (xmit_more); then, until the child is killed, the xt_frame() of
 * sequence number probe every 100 ms.  A probe the device has no buffer
 * for is dropped: the next one comes.
 */
static pid_t zc_bursts(struct xt_env *env, int cpu, unsigned int n,
		       uint32_t probe)
{
	static const unsigned int len[] = { 100 };
	const unsigned char *m = env->mac;
	char thread[32], v[64];
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		XT_FAIL("fork: %s", strerror(errno));
	if (pid)
		return pid;
	snprintf(thread, sizeof(thread), "kpktgend_%d", cpu);
	zc_pg(env, thread, "rem_device_all");
	zc_pg(env, thread, "add_device xt1");
	snprintf(v, sizeof(v), "count %u", n * 64);
	zc_pg(env, "xt1", v);
	zc_pg(env, "xt1", "burst 64");
	zc_pg(env, "xt1", "pkt_size 64");
	zc_pg(env, "xt1", "delay 20000000");
	snprintf(v, sizeof(v), "udp_dst_min %u", XT_UDP_PORT);
	zc_pg(env, "xt1", v);
	snprintf(v, sizeof(v), "udp_dst_max %u", XT_UDP_PORT);
	zc_pg(env, "xt1", v);
	snprintf(v, sizeof(v), "dst_mac %02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	zc_pg(env, "xt1", v);
	/* Returns when the last burst has gone. */
	zc_pg(env, "pgctrl", "start");
	zc_pg(env, thread, "rem_device_all");
	for (;;) {
		usleep(100 * 1000);
		xt_peer_send_frames(env, len, 1, probe);
	}
}

static long long zc_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

XT_CASE(zc_wakeup_handshake, XT_ZC)
{
	enum { CHUNKS = 64, BUFS = CHUNKS - 1, BURSTS = 50, PROBE = 1 };
	struct xt_xsk_cfg cfg = {
		.frames = CHUNKS,
		.bind_flags = XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP,
	};
	unsigned int got = 0, kicks = 0, batches = 0, looked = 0, i, n;
	long long last;
	struct xdp_desc d[CHUNKS];
	bool probe = false;
	struct xt_prog prog;
	__u64 a[CHUNKS];
	struct xt_xsk x;
	uint32_t seq;
	cpu_set_t all;
	int ms, st;
	pid_t pid;

	XT_OK(sched_getaffinity(0, sizeof(all), &all));
	zc_rings_wait(env, CHUNKS);
	xt_open_mapped(env, &prog, &x, &cfg);
	/* The 63 buffers a ring of 64 holds; the flag is up since bind.
	 * (6.1 publishes its FILL consumer index only at its next look, so
	 * xt_fill_wait() cannot tell when it took them: a burst that comes
	 * first is dropped, which the case allows.)
	 */
	xt_fill_only(&x, 0, BUFS);
	XT_EQ(recvfrom(x.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
	/* pktgen's frames hash to any queue: steer them to queue 0. */
	xt_peer_steer(env);
	pid = zc_bursts(env, zc_pin_off_irq(), BURSTS, PROBE);
	/* pktgen's set-up is a dozen commands in the peer: grace for it. */
	last = zc_now_ms() + 2 * XT_WAIT_MS;
	while (!probe) {
		n = xt_rx(&x.rx, d, CHUNKS);
		if (!n) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				XT_FAIL("the sender ended, status %d", st);
			if (zc_now_ms() - last > XT_WAIT_MS)
				XT_FAIL("no frame for %d ms (%u frames, %u "
					"kicks): FILL holds %u, its flag %s",
					XT_WAIT_MS, got, kicks,
					xt_ring_used(&x.fill),
					fill_flag_up(&x) ? "up" : "down");
			continue;
		}
		last = zc_now_ms();
		/* Every other batch waits until NAPI has rested, and takes
		 * what the polls of the burst gave: a batch of every buffer
		 * left the FILL ring empty at the last poll's look, and only
		 * the flag (which must come up) brings NAPI back.
		 */
		if (++batches % 2 == 0) {
			usleep(2000);
			n += xt_rx(&x.rx, d + n, CHUNKS - n);
			if (n == BUFS) {
				if (!xt_wait(fill_flag_up, &x, XT_WAIT_MS))
					XT_FAIL("every buffer taken, and the "
						"FILL ring's flag stays down");
				looked++;
			}
		}
		/* Quick, as a receiver that races NAPI must be: pktgen's
		 * frames are 60 bytes, the probe 100.
		 */
		for (i = 0; i < n; i++) {
			probe |= d[i].len == 100 &&
				 xt_frame_ok(env, xt_umem_frame(x.umem,
								d[i].addr),
					     d[i].len, &seq) && seq == PROBE;
			a[i] = d[i].addr - d[i].addr % x.chunk_size;
		}
		got += n;
		/* W2: publish, full barrier, then read the flag. */
		XT_EQ(xt_fill(&x.fill, a, n), n);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (fill_flag_up(&x)) {
			XT_EQ(recvfrom(x.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL),
			      0);
			kicks++;
		}
	}
	XT_OK(kill(pid, SIGKILL));
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_OK(sched_setaffinity(0, sizeof(all), &all));
	printf("# %u frames of %u, %u kicks, the flag up %u times after a "
	       "burst took every buffer\n", got, BURSTS * 64, kicks, looked);
	/* Every frame redirected is received, once the last probe is in. */
	for (ms = 0; xt_prog_counter(&prog, XT_CNT_REDIRECT) !=
		     got + xt_ring_used(&x.rx); ms += 10) {
		if (ms >= XT_WAIT_MS)
			XT_FAIL("%llu redirected, %u received",
				xt_prog_counter(&prog, XT_CNT_REDIRECT),
				got + xt_ring_used(&x.rx));
		usleep(10 * 1000);
	}
	xt_close_mapped(&prog, &x);
}

/* Last of all: a case after it meets a port that i40e probed anew. */
XT_CASE(zc_unbind, XT_ZC)
{
	static const unsigned int len[] = { 300 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct xdp_desc d[8], rx;
	struct xt_prog prog;
	struct xt_xsk x;
	uint32_t seq;
	int pfd;

	xt_open_mapped(env, &prog, &x, &cfg);
	pfd = xt_peer_socket(env);
	xt_fill_chunks(&x, 16, 16);
	xt_peer_send_frames(env, len, 1, 9);
	xt_rx_wait(&x, 1);
	zc_queue(env, &x, d, 0, 8);
	XT_OK(xt_kick(x.fd));
	zc_sent(&x, pfd, d, 8);
	close(pfd);

	xt_zc_unbind();
	xt_expect_dev_gone(&x);
	XT_STATS(x.fd);
	XT_EQ(xt_rx(&x.rx, &rx, 1), 1);
	XT_EQ(rx.addr, 16 * x.chunk_size + XDP_PACKET_HEADROOM);
	XT_EQ(rx.len, len[0]);
	XT_TRUE(xt_frame_ok(env, xt_umem_frame(x.umem, rx.addr), rx.len,
			    &seq));
	XT_EQ(seq, 9);
	XT_OK(close(x.fd));
	x.fd = -1;
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
	xt_zc_rebind();
}
