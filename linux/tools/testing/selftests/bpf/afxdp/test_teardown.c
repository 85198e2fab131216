// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * Sockets going away under traffic, over and over, and the device's queues
 * changing under them.  What these leave behind (leaked objects, splats)
 * the harness's kmemleak scan and console check find; the cases check what
 * user space sees.
 *
 * teardown_cycles: without CAP_IPC_LOCK and with RLIMIT_MEMLOCK at 288
 *	KiB, 1000 times: a socket with a 64 KiB UMEM and all four rings binds
 *	to xt0 queue 0 and is closed (each try again while the last one's
 *	queue or pages are still held, see xt_xsk_open_wait()).  Afterwards
 *	four such UMEMs register at once and a fifth fails with ENOBUFS: every
 *	page the cycles charged was given back.  In zero-copy the same, 100
 *	times, with the program on xt0, so that each bind and close starts
 *	and stops zero-copy on the queue in i40e (kmemleak sees what the
 *	driver's half leaks).
 * teardown_close: a socket receiving a stream of frames from the peer
 *	(some of which a full queue may drop), with 32 frames just kicked out
 *	of its TX ring (one sendto() returning 0), is closed in the middle
 *	of the stream; the peer gets the 32, byte-exact and in order; the
 *	program keeps redirecting to its now empty XSKMAP slot.  A new
 *	socket then binds to the same queue and receives.
 * teardown_dev_gone (skb and driver mode): the same socket, receiving the
 *	peer's stream, with 32 frames just kicked out of its TX ring, when
 *	the veth pair is deleted: the stream ends, the socket answers as
 *	one whose device has gone (xt_expect_dev_gone()), and each of the
 *	32 addresses completes once (most leave in the kick's own softirq;
 *	one still queued would be purged with the device).
 * teardown_netns (skb and driver mode): the same, with xt0 moved into the
 *	peer's namespace instead of deleted: to the socket, a device that
 *	leaves its namespace has gone (6.1 unbinds it on NETDEV_UNREGISTER,
 *	which the move sends).
 * teardown_channels (two queues; the XL710's queue pairs are "combined"
 *	channels, veth's one RX and one TX): with a socket bound to queue 1,
 *	ETHTOOL_SCHANNELS down to one queue is EINVAL; with one bound to
 *	queue 0 it succeeds while the peer streams frames at xt0 and 32
 *	frames have just been kicked out of the TX ring: each of the 32
 *	completes once, queue 1 is then EINVAL to bind, and the socket on
 *	queue 0, its received chunks back on FILL, still receives; back to
 *	two queues, a socket binds to queue 1 again.
 * teardown_queue_shrink: a two-queue tap device (two tun fds, one a
 *	queue) with a copy-mode socket bound to queue 1; the second queue
 *	detached (TUNSETQUEUE: one real queue left), the socket closed, the
 *	queue attached again: a new socket binds queue 1 (within XT_WAIT_MS):
 *	the closed socket's pool left the queue although the queue was not
 *	running then.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>

#include "rxtx.h"

XT_CASE(teardown_cycles, XT_NONE | XT_ZC)
{
	struct rlimit rl = { 288 << 10, 288 << 10 };
	struct xt_xsk_cfg cfg = {
		.frames = 32, .chunk_size = 2048, .ring_size = 64,
		.bind_flags = xt_copy_mode(env),
	};
	/* In zero-copy each cycle stops and starts an i40e queue pair: 1000
	 * of them took 9 minutes under TCG (with another VM running).
	 */
	unsigned int i, cycles = env->mode == XT_ZC ? 100 : 1000;
	struct xt_xsk x, four[4];
	struct xt_prog prog;

	if (env->mode == XT_ZC)
		xt_prog_attach(env, &prog);
	xt_drop_cap(CAP_IPC_LOCK);
	XT_OK(setrlimit(RLIMIT_MEMLOCK, &rl));
	for (i = 0; i < cycles; i++) {
		XT_NEG_ERRNO(xt_xsk_open_wait(&x, env->ifindex, &cfg,
					      ENOBUFS), 0);
		xt_xsk_close(&x);
	}
	cfg.no_bind = true;
	for (i = 0; i < 4; i++)
		XT_NEG_ERRNO(xt_xsk_open_wait(&four[i], env->ifindex, &cfg,
					      ENOBUFS), 0);
	XT_NEG_ERRNO(xt_xsk_open(&x, env->ifindex, &cfg), ENOBUFS);
	xt_xsk_close(&x);
	for (i = 0; i < 4; i++)
		xt_xsk_close(&four[i]);
	if (env->mode == XT_ZC)
		xt_prog_detach(&prog);
}

/* In the peer: *arg copies of one 64-byte frame out of xt1.  A send that
 * finds xt0's queue full (ENOBUFS, driver mode's NAPI ring) is a drop under
 * load, not a failure; one that finds the pair gone (ENXIO, ENETDOWN) ends
 * the stream.
 */
static void send_stream(struct xt_env *env, void *arg)
{
	const unsigned int *n = arg;
	unsigned char frame[64];
	unsigned int i;
	int fd;

	xt_frame(env, frame, sizeof(frame), 0);
	fd = xt_packet_socket(env->peer_ifindex);
	for (i = 0; i < *n; i++) {
		if (send(fd, frame, sizeof(frame), 0) == sizeof(frame) ||
		    errno == ENOBUFS)
			continue;
		if (errno == ENXIO || errno == ENETDOWN)
			break;
		XT_FAIL("send: %s", strerror(errno));
	}
	close(fd);
}

/* In a child: the stream of send_stream(), n frames. */
static pid_t stream(struct xt_env *env, unsigned int n)
{
	pid_t pid;

	fflush(NULL);
	pid = XT_OK(fork());
	if (!pid)
		_exit(xt_in_peer(env, send_stream, &n));
	return pid;
}

/* A socket of the run's mode on queue q of xt0 with 32 chunks on its FILL
 * ring.
 */
static void open_filled(struct xt_env *env, struct xt_xsk *x, __u32 q)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env), .queue = q };

	XT_NEG_ERRNO(xt_xsk_open_wait(x, env->ifindex, &cfg, 0), 0);
	xt_fill_chunks(x, 0, 32);
}

/* One frame from the peer (on queue q) arrives on x. */
static void receives(struct xt_env *env, struct xt_xsk *x, int q)
{
	static const unsigned int len[] = { 60 };
	struct xdp_desc d;

	xt_peer_send_frames_q(env, q, len, 1, 7);
	xt_rx_expect(env, x, x->umem, &d, len, 1, 7);
}

/* Frames 0..31 of 64 bytes in chunks 32..63 of x, as out[] and (in out[]
 * as one area) sent[] describe them, on the TX ring and kicked: one kick
 * sends 32 frames in copy mode, all of them.
 */
static void kick_32(struct xt_env *env, struct xt_xsk *x,
		    unsigned char out[32][64], struct xdp_desc sent[32])
{
	struct xdp_desc d[32];
	unsigned int i;

	for (i = 0; i < 32; i++) {
		d[i] = (struct xdp_desc){
			.addr = (__u64)(32 + i) * x->chunk_size, .len = 64,
		};
		sent[i] = (struct xdp_desc){ .addr = i * 64, .len = 64 };
		xt_frame_out(env, out[i], 64, i);
		memcpy((char *)x->umem + d[i].addr, out[i], 64);
	}
	XT_EQ(xt_tx(&x->tx, d, 32), 32);
	XT_EQ(xt_kick(x->fd), 0);
}

XT_CASE(teardown_close, XT_ALL)
{
	struct xdp_desc sent[32];
	unsigned char out[32][64];
	struct xt_prog prog;
	struct xt_xsk x;
	int st, pfd;
	pid_t pid;

	xt_prog_attach(env, &prog);
	open_filled(env, &x, 0);
	xt_xskmap_set(&prog, 0, x.fd);
	pfd = xt_peer_socket(env);
	pid = stream(env, 20000);
	xt_rx_wait(&x, 1);
	kick_32(env, &x, out, sent);
	xt_xsk_close(&x);
	/* They left before the close, whatever the close did to the skbs. */
	xt_packet_expect(pfd, out, sent, 32);
	close(pfd);
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_EQ(st, 0);
	XT_TRUE(xt_prog_counter(&prog, XT_CNT_REDIRECT) > 0);

	open_filled(env, &x, 0);
	xt_xskmap_set(&prog, 0, x.fd);
	receives(env, &x, -1);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
}

/* Each of kick_32()'s frames completes on x once, and nothing else. */
static void completed_32(struct xt_xsk *x)
{
	bool done[32] = { false };
	__u64 addr;
	int i;

	if (!xt_ring_wait(&x->comp, 32))
		XT_FAIL("%u of 32 frames completed", xt_ring_used(&x->comp));
	for (i = 0; i < 32; i++) {
		XT_EQ(xt_comp(&x->comp, &addr, 1), 1);
		addr = addr / x->chunk_size - 32;
		XT_TRUE(addr < 32 && !done[addr]);
		done[addr] = true;
	}
	XT_EQ(xt_ring_used(&x->comp), 0);
}

/* The socket of teardown_dev_gone while cmd takes xt0 away. */
static void gone_under_traffic(struct xt_env *env, const char *cmd)
{
	struct xdp_desc sent[32];
	unsigned char out[32][64];
	struct xt_prog prog;
	struct xt_xsk x;
	pid_t pid;
	int st;

	xt_prog_attach(env, &prog);
	open_filled(env, &x, 0);
	xt_xskmap_set(&prog, 0, x.fd);
	pid = stream(env, 20000);
	xt_rx_wait(&x, 1);
	kick_32(env, &x, out, sent);
	xt_sh("%s", cmd);
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_EQ(st, 0);

	xt_expect_dev_gone(&x);
	/* Sent or purged with the device, every frame completes once. */
	completed_32(&x);
	XT_TRUE(xt_prog_counter(&prog, XT_CNT_REDIRECT) > 0);
	xt_xsk_close(&x);
	/* xt0 took the program along: only the object is freed here. */
	xt_prog_detach(&prog);
}

XT_CASE_NO_ZC(teardown_dev_gone, XT_BOTH,
	      "an XL710 port cannot be deleted: zc_unbind")
{
	gone_under_traffic(env, "ip link del xt0");
}

XT_CASE_NO_ZC(teardown_netns, XT_BOTH,
	      "xt_zc_setup() owns the XL710 ports' namespaces: zc_unbind")
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "ip link set xt0 netns %s", env->peer_ns);
	gone_under_traffic(env, cmd);
}

/* ETHTOOL_SCHANNELS on dev: n rx and tx queues, or n combined ones. */
static int set_channels(const char *dev, bool combined, __u32 n)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };

	XT_OK(xt_ethtool(dev, &ch));
	ch.cmd = ETHTOOL_SCHANNELS;
	if (combined) {
		ch.combined_count = n;
	} else {
		ch.rx_count = n;
		ch.tx_count = n;
	}
	return xt_ethtool(dev, &ch);
}

static void peer_channels(struct xt_env *env __attribute__((unused)),
			  void *n)
{
	XT_OK(set_channels("xt1", false, *(__u32 *)n));
}

/*
 * n queues on xt0, after which the ports receive again (xt_zc_link_wait())
 * in zc mode; 0 or -1 with errno.  In driver mode veth wants no fewer RX
 * queues under XDP than its peer has TX queues: xt1 shrinks first and
 * grows last.
 */
static int set_queues(struct xt_env *env, __u32 n)
{
	bool drv = env->mode == XT_DRV;
	__u32 peer = n;
	int r, e;

	if (drv && n < env->queues)
		XT_EQ(xt_in_peer(env, peer_channels, &peer), 0);
	r = set_channels("xt0", env->mode == XT_ZC, n);
	e = errno;
	if (!r && env->mode == XT_ZC)
		xt_zc_link_wait(env);
	/* Grown with xt0, or back as it was if xt0 did not shrink. */
	if (drv && (r ? n < env->queues : n == env->queues)) {
		peer = env->queues;
		XT_EQ(xt_in_peer(env, peer_channels, &peer), 0);
	}
	errno = e;
	return r;
}

/* Give the chunks of x's received frames back to its FILL ring. */
static void refill(struct xt_env *env, struct xt_xsk *x)
{
	struct xdp_desc d[64];
	__u64 a[64];
	unsigned int i, n;

	while ((n = xt_rx(&x->rx, d, 64))) {
		for (i = 0; i < n; i++)
			a[i] = d[i].addr - d[i].addr % x->chunk_size;
		XT_EQ(xt_fill(&x->fill, a, n), n);
	}
	if (env->mode == XT_ZC)
		xt_fill_wait(x);
}

XT_CASE_Q(teardown_channels, XT_ALL, 2)
{
	struct xt_xsk_cfg cfg = {
		.bind_flags = xt_copy_mode(env), .no_bind = true,
	};
	struct xdp_desc sent[32];
	unsigned char out[32][64];
	struct xt_prog prog;
	struct xt_xsk a, b;
	int ms, st;
	pid_t pid;

	xt_prog_attach(env, &prog);
	open_filled(env, &a, 1);
	XT_ERRNO(set_queues(env, 1), EINVAL);
	xt_xsk_close(&a);

	open_filled(env, &a, 0);
	xt_xskmap_set(&prog, 0, a.fd);
	pid = stream(env, 20000);
	kick_32(env, &a, out, sent);
	/* Until the closed socket's pool has left queue 1 (6.1 lets it go
	 * from a work item, in every mode).
	 */
	for (ms = 0; set_queues(env, 1); ms += 10) {
		if (errno != EINVAL || ms >= XT_WAIT_MS)
			XT_FAIL("ETHTOOL_SCHANNELS 1: %s", strerror(errno));
		usleep(10000);
	}
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_EQ(st, 0);
	completed_32(&a);
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	XT_ERRNO(xt_bind(b.fd, env->ifindex, 1, cfg.bind_flags, 0), EINVAL);
	xt_xsk_close(&b);
	refill(env, &a);
	receives(env, &a, -1);

	XT_OK(set_queues(env, 2));
	cfg.no_bind = false;
	cfg.queue = 1;
	XT_NEG_ERRNO(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
	xt_prog_detach(&prog);
}

static void tap_attach(int fd, bool attach)
{
	struct ifreq ifr = {
		.ifr_flags = attach ? IFF_ATTACH_QUEUE : IFF_DETACH_QUEUE,
	};

	XT_OK(ioctl(fd, TUNSETQUEUE, &ifr));
}

XT_CASE(teardown_queue_shrink, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY, .queue = 1 };
	int q0 = xt_tap_queue("xtq0"), q1 = xt_tap_queue("xtq0");
	int ifindex = if_nametoindex("xtq0");
	struct xt_xsk x;

	xt_sh("ip link set xtq0 up");
	XT_EQ(xt_xsk_open(&x, ifindex, &cfg), 0);
	tap_attach(q1, false);
	xt_xsk_close(&x);
	tap_attach(q1, true);
	XT_NEG_ERRNO(xt_xsk_open_wait(&x, ifindex, &cfg, 0), 0);
	xt_xsk_close(&x);
	close(q1);
	close(q0);
}
