// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * How user space drives a copy-mode socket: the need_wakeup flags, poll()
 * and busy polling.  Every case has the program attached, in skb and in
 * driver mode, and a socket on xt0 queue 0 in its XSKMAP.
 *
 * wakeup_flags (two queues): bound with XDP_USE_NEED_WAKEUP, the TX
 *	ring's flags are XDP_RING_NEED_WAKEUP and the FILL ring's 0, and stay
 *	so after a frame has gone out and one has come in: in copy mode
 *	every transmit needs a kick, and receiving needs none.  Bound
 *	without the option (on queue 1) the flags read the same: the TX
 *	ring is created with the flag set.
 * poll_rx: a socket with only an RX ring: poll() for POLLIN|POLLOUT with
 *	timeout 0 returns 0, and with 200 ms times out returning 0; a
 *	poll() that is already waiting when the peer sends a frame wakes
 *	up with POLLIN alone; once the RX ring is read, poll() returns 0.
 * poll_tx: a socket with only a TX ring of 64 and a COMPLETION ring of 8,
 *	bound without and then with XDP_USE_NEED_WAKEUP (poll() transmits
 *	in copy mode either way): POLLOUT when the TX ring is empty; with 48
 *	frames queued, poll() sends the 8 the COMPLETION ring has room for
 *	and returns 0 (40 of 64 still queued: more than half); each poll()
 *	after the completions are taken sends the next 8; the last returns
 *	POLLOUT; every address completes once, in order, and every frame
 *	reaches the peer.
 * busy_poll: SO_PREFER_BUSY_POLL 1 and SO_BUSY_POLL 50 set on the socket
 *	read back, SO_BUSY_POLL_BUDGET 8 is accepted; frames still
 *	arrive with recvfrom(MSG_DONTWAIT) returning 0, and a frame on the
 *	TX ring goes out with a sendto() kick returning 0.  The socket
 *	learns the NAPI context of the queue from its first frame
 *	(SO_INCOMING_NAPI_ID non-zero) in driver mode, where veth has one,
 *	and not in skb mode, where the frame comes from the backlog.
 * busy_poll_deferred (driver and zero-copy mode): xt0 defers its interrupts
 *	(napi_defer_hard_irqs 1000, gro_flush_timeout 10 s), so that after
 *	a first frame, received from the interrupt, its NAPI context runs
 *	only when polled: 20 more frames from the peer stay out of the RX
 *	ring for 200 ms.  (The socket uses need_wakeup: in zero-copy
 *	without it, 6.1's i40e polls on and on while FILL cannot fill its
 *	RX ring, and then nothing waits for a poll.)  With
 *	SO_PREFER_BUSY_POLL 1, SO_BUSY_POLL 50 and
 *	SO_BUSY_POLL_BUDGET 8, one recvfrom(MSG_DONTWAIT) polls twice with
 *	a budget of 8 (napi_busy_loop(), then busy_poll_stop()): 16 frames
 *	in the ring when it returns; the next one brings the other 4.  A
 *	sendto() kick with an empty TX ring busy-polls the same context:
 *	3 more frames are in the ring when it returns.  xt1 sends no
 *	neighbour discovery meanwhile; the deferral ends with the case
 *	(and zc.c's port_reset() ends it on the XL710 ports).
 */
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "rxtx.h"

struct wk_env {
	struct xt_prog prog;
	struct xt_xsk x;
};

static void wk_open(struct xt_env *env, struct wk_env *w,
		    struct xt_xsk_cfg *cfg)
{
	cfg->bind_flags |= xt_copy_mode(env);
	xt_open_mapped(env, &w->prog, &w->x, cfg);
}

/* poll() x for POLLIN | POLLOUT: returns revents (0 on a time-out). */
static short wk_poll(struct xt_xsk *x, int ms)
{
	struct pollfd pfd = { .fd = x->fd, .events = POLLIN | POLLOUT };

	return XT_OK(poll(&pfd, 1, ms)) ? pfd.revents : 0;
}

/* Queue frames first..n-1, of 64 bytes, in chunks first..n-1 of x's TX
 * ring, described in d[first..n-1].
 */
static void wk_queue(struct xt_env *env, struct xt_xsk *x, struct xdp_desc *d,
		     unsigned int first, unsigned int n)
{
	unsigned int i;

	for (i = first; i < n; i++) {
		d[i] = (struct xdp_desc){
			.addr = (__u64)i * x->chunk_size, .len = 64,
		};
		xt_frame_out(env, (char *)x->umem + d[i].addr, 64, i);
	}
	XT_EQ(xt_tx(&x->tx, d + first, n - first), n - first);
}

/* The n frames of d[] complete in order and reach the peer socket pfd. */
static void wk_sent(struct xt_xsk *x, int pfd, const struct xdp_desc *d,
		    unsigned int n)
{
	unsigned int i;
	__u64 addr;

	if (!xt_ring_wait(&x->comp, n))
		XT_FAIL("%u of %u addresses completed",
			xt_ring_used(&x->comp), n);
	for (i = 0; i < n; i++) {
		XT_EQ(xt_comp(&x->comp, &addr, 1), 1);
		XT_EQ(addr, d[i].addr);
	}
	xt_packet_expect(pfd, x->umem, d, n);
}

XT_CASE_WHY(wakeup_flags, XT_BOTH, 2,
	    "copy mode's flags: TX always up, FILL never")
{
	static const unsigned int len[] = { 64 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_USE_NEED_WAKEUP };
	struct xt_xsk_cfg plain = { .no_bind = true };
	struct xt_xsk other;
	struct xdp_desc d;
	struct wk_env w;
	int pfd;

	wk_open(env, &w, &cfg);
	pfd = xt_peer_socket(env);
	XT_EQ(*w.x.tx.flags, XDP_RING_NEED_WAKEUP);
	XT_EQ(*w.x.fill.flags, 0);

	wk_queue(env, &w.x, &d, 0, 1);
	XT_OK(xt_kick(w.x.fd));
	wk_sent(&w.x, pfd, &d, 1);
	xt_fill_chunks(&w.x, 4, 1);
	xt_peer_steer(env);
	xt_peer_send_frames_q(env, 0, len, 1, 0);
	xt_rx_expect(env, &w.x, w.x.umem, &d, len, 1, 0);
	XT_EQ(*w.x.tx.flags, XDP_RING_NEED_WAKEUP);
	XT_EQ(*w.x.fill.flags, 0);
	close(pfd);
	xt_close_mapped(&w.prog, &w.x);

	/* Without the option, on a socket set up the same way (on queue 1:
	 * queue 0 may stay busy a while after close()).
	 */
	XT_EQ(xt_xsk_open(&other, env->ifindex, &plain), 0);
	XT_OK(xt_bind(other.fd, env->ifindex, 1, XDP_COPY, -1));
	XT_EQ(*other.tx.flags, XDP_RING_NEED_WAKEUP);
	XT_EQ(*other.fill.flags, 0);
	xt_xsk_close(&other);
}

/* In a child: wait a little, then send one 64-byte frame from the peer. */
static pid_t wk_send_later(struct xt_env *env)
{
	static const unsigned int len[] = { 64 };
	pid_t pid;

	fflush(NULL);
	pid = XT_OK(fork());
	if (!pid) {
		usleep(300 * 1000);
		xt_peer_send_frames(env, len, 1, 0);
		_exit(0);
	}
	return pid;
}

XT_CASE(poll_rx, XT_ALL)
{
	static const unsigned int len[] = { 64 };
	struct xt_xsk_cfg cfg = { .no_tx = true };
	struct xdp_desc d;
	struct wk_env w;
	pid_t pid;
	int st;

	wk_open(env, &w, &cfg);
	xt_fill_chunks(&w.x, 0, 4);
	XT_EQ(wk_poll(&w.x, 0), 0);
	XT_EQ(wk_poll(&w.x, 200), 0);

	pid = wk_send_later(env);
	XT_EQ(wk_poll(&w.x, XT_WAIT_MS), POLLIN);
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_EQ(st, 0);
	xt_rx_expect(env, &w.x, w.x.umem, &d, len, 1, 0);
	XT_EQ(wk_poll(&w.x, 0), 0);
	XT_STATS(w.x.fd);
	xt_close_mapped(&w.prog, &w.x);
}

XT_CASE_NO_ZC(poll_tx, XT_BOTH,
	      "copy mode's poll(), which transmits")
{
	static const __u16 flags[] = { 0, XDP_USE_NEED_WAKEUP };
	struct xt_xsk_cfg cfg = { .no_rx = true, .tx_size = 64, .comp_size = 8 };
	const unsigned int n = 48;
	unsigned int f, i, done, got;
	struct xdp_desc d[n];
	struct wk_env w;
	short revents;
	__u64 addr[8];
	int pfd;

	for (f = 0; f < ARRAY_SIZE(flags); f++) {
		cfg.bind_flags = flags[f];
		wk_open(env, &w, &cfg);
		pfd = xt_peer_socket(env);
		XT_EQ(wk_poll(&w.x, 0), POLLOUT);
		wk_queue(env, &w.x, d, 0, n);
		/* Sends 8 (the COMPLETION ring is full then): 40 still queued. */
		revents = wk_poll(&w.x, 0);
		XT_EQ(revents, 0);
		for (done = 0; done < n; done += got) {
			got = n - done < 8 ? n - done : 8;
			if (!xt_ring_wait(&w.x.comp, got))
				XT_FAIL("%u of %u sent", done, n);
			XT_EQ(xt_comp(&w.x.comp, addr, 8), got);
			for (i = 0; i < got; i++)
				XT_EQ(addr[i], d[done + i].addr);
			revents = wk_poll(&w.x, 0);
		}
		XT_EQ(revents, POLLOUT);
		xt_packet_expect(pfd, w.x.umem, d, n);
		close(pfd);
		xt_close_mapped(&w.prog, &w.x);
	}
}

static int wk_getint(int fd, int opt)
{
	socklen_t len = sizeof(int);
	int v;

	XT_OK(getsockopt(fd, SOL_SOCKET, opt, &v, &len));
	XT_EQ(len, sizeof(int));
	return v;
}

static void wk_setint(int fd, int opt, int v)
{
	XT_OK(setsockopt(fd, SOL_SOCKET, opt, &v, sizeof(v)));
	XT_EQ(wk_getint(fd, opt), v);
}

XT_CASE(busy_poll, XT_ALL)
{
	static const unsigned int lens[] = { 64, 64, 64 };
	int budget = 8;
	struct xt_xsk_cfg cfg = {};
	struct xdp_desc d[3];
	struct wk_env w;
	unsigned int i;
	int pfd;

	wk_open(env, &w, &cfg);
	pfd = xt_peer_socket(env);
	wk_setint(w.x.fd, SO_PREFER_BUSY_POLL, 1);
	wk_setint(w.x.fd, SO_BUSY_POLL, 50);
	/* 6.1 has no getsockopt() for the budget. */
	XT_OK(setsockopt(w.x.fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, &budget,
			 sizeof(budget)));
	XT_EQ(wk_getint(w.x.fd, SO_INCOMING_NAPI_ID), 0);
	xt_fill_chunks(&w.x, 4, 4);

	for (i = 0; i < 3; i++) {
		xt_peer_send_frames(env, lens, 1, i);
		XT_EQ(recvfrom(w.x.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
		xt_rx_expect(env, &w.x, w.x.umem, d, lens, 1, i);
	}
	if (env->mode != XT_SKB)
		XT_TRUE(wk_getint(w.x.fd, SO_INCOMING_NAPI_ID) != 0);
	else
		XT_EQ(wk_getint(w.x.fd, SO_INCOMING_NAPI_ID), 0);

	wk_queue(env, &w.x, d, 0, 1);
	XT_OK(xt_kick(w.x.fd));
	wk_sent(&w.x, pfd, d, 1);
	XT_STATS(w.x.fd, .tx_ring_empty_descs = 1);
	close(pfd);
	xt_close_mapped(&w.prog, &w.x);
}

/* xt0's interrupt deferral, in sysfs of the case's network namespace. */
static void wk_defer(unsigned int irqs, unsigned long long ns)
{
	xt_sh("unshare -m sh -c 'mount -t sysfs none /sys && "
	      "echo %u >/sys/class/net/xt0/napi_defer_hard_irqs && "
	      "echo %llu >/sys/class/net/xt0/gro_flush_timeout'", irqs, ns);
}

/* A non-blocking recvfrom() of x: 0, or the case fails. */
static void wk_recv(struct xt_xsk *x)
{
	XT_EQ(recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
}

XT_CASE(busy_poll_deferred, XT_DRV | XT_ZC)
{
	static const unsigned int lens[24] = {
		[0 ... 23] = 64,
	};
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_USE_NEED_WAKEUP };
	struct xdp_desc d[24];
	struct wk_env w;
	int budget = 8;

	wk_open(env, &w, &cfg);
	xt_fill_chunks(&w.x, 0, 32);
	/* With the kick the FILL ring's flag asks for. */
	if (env->mode == XT_ZC)
		xt_fill_wait(&w.x);
	/* Nothing but the case's frames on the wire (no neighbour
	 * discovery from xt1): each counts against the budget.
	 */
	xt_sh("ip netns exec %s sysctl -qw net.ipv6.conf.xt1.disable_ipv6=1",
	      env->peer_ns);
	wk_defer(1000, 10000000000ULL);
	xt_peer_send_frames(env, lens, 1, 0);
	xt_rx_expect(env, &w.x, w.x.umem, d, lens, 1, 0);
	XT_TRUE(wk_getint(w.x.fd, SO_INCOMING_NAPI_ID) != 0);

	xt_peer_send_frames(env, lens, 20, 1);
	usleep(200000);
	XT_EQ(xt_ring_used(&w.x.rx), 0);

	wk_setint(w.x.fd, SO_PREFER_BUSY_POLL, 1);
	wk_setint(w.x.fd, SO_BUSY_POLL, 50);
	XT_OK(setsockopt(w.x.fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, &budget,
			 sizeof(budget)));
	wk_recv(&w.x);
	XT_EQ(xt_ring_used(&w.x.rx), 2 * budget);
	wk_recv(&w.x);
	XT_EQ(xt_ring_used(&w.x.rx), 20);
	xt_rx_expect(env, &w.x, w.x.umem, d, lens, 20, 1);

	xt_peer_send_frames(env, lens, 3, 21);
	usleep(200000);
	XT_EQ(xt_ring_used(&w.x.rx), 0);
	XT_OK(xt_kick(w.x.fd));
	XT_EQ(xt_ring_used(&w.x.rx), 3);
	xt_rx_expect(env, &w.x, w.x.umem, d, lens, 3, 21);
	xt_close_mapped(&w.prog, &w.x);
	wk_defer(0, 0);
}
