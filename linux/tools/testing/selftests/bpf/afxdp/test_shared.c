// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * Sockets sharing one UMEM (XDP_SHARED_UMEM).  Socket a registers the
 * UMEM; b binds with sxdp_shared_umem_fd = a.
 *
 * shared_same_queue: a and b bound to the same queue, b without FILL and
 *	COMPLETION rings of its own: with a in the XSKMAP slot the frame
 *	goes to a's RX ring, with b in it the next frame goes to b's, in
 *	the chunk after the first (both take a's FILL ring); a frame b
 *	transmits reaches the peer and its address comes back on a's
 *	COMPLETION ring; no statistic moves.
 * shared_two_queues: a on queue 0, b on queue 1 with its own FILL and
 *	COMPLETION rings; the peer's frames steered to each queue (XPS on
 *	the peer, or the XL710's flow director: see xt_peer_steer()) land
 *	in the chunks of that socket's own FILL ring, and each socket's
 *	transmitted frame completes on its own COMPLETION ring.
 * shared_flags: binding with XDP_SHARED_UMEM and XDP_COPY, or
 *	XDP_USE_NEED_WAKEUP, is EINVAL.
 * shared_other_queue_no_fq (also in zc, a zero-copy there): sharing a's
 *	UMEM on another queue without FILL and COMPLETION rings of one's own
 *	is EINVAL.
 * shared_other_dev: sharing a's UMEM (a bound to xt0) on a second veth
 *	pair, xs0: without FILL and COMPLETION rings of its own EINVAL, with
 *	them b binds, and a frame b transmits leaves xs0, reaches xs1
 *	byte-exact and completes on b's COMPLETION ring, not on a's.  In zc
 *	(a zero-copy on the XL710), b takes the UMEM's zero-copy mode with it
 *	and veth has none: EOPNOTSUPP.
 * shared_two_cpus (skb mode): a and b on queue 0, sharing a's FILL ring,
 *	in slots 0 and 1, the program sending every other frame to each;
 *	two peer processes on two CPUs send 2000 frames each, so that
 *	generic XDP runs for the queue on both CPUs at once and both take
 *	from one FILL ring (the race of CVE-2025-37920): every frame the
 *	program redirected arrives, on a's RX ring or b's, intact and once,
 *	no chunk is handed out twice, and no statistic moves.
 */
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <net/if.h>
#include <linux/bpf.h>

#include "rxtx.h"

/* One frame transmitted by x, completed on comp, checked at the peer. */
static void tx_one(struct xt_env *env, struct xt_xsk *x, void *umem,
		   struct xt_ring *comp, int pfd, __u64 addr, uint32_t seq)
{
	struct xdp_desc d = { .addr = addr, .len = 300 };
	__u64 done;

	xt_frame_out(env, (char *)umem + addr, d.len, seq);
	xt_tx_complete(x, comp, &d, 1, &done, 1);
	XT_EQ(done, addr);
	xt_packet_expect(pfd, umem, &d, 1);
}

/* The program, a peer socket, a copy-mode socket a on queue 0 with
 * chunks 0-3 on its FILL ring, and b sharing a's UMEM as cfg_b says.
 */
static int shared_open(struct xt_env *env, struct xt_prog *prog,
		       struct xt_xsk *a, struct xt_xsk *b,
		       struct xt_xsk_cfg cfg_b)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	int pfd;

	xt_prog_attach(env, prog);
	pfd = xt_peer_socket(env);
	XT_EQ(xt_xsk_open(a, env->ifindex, &cfg), 0);
	cfg_b.shared = a;
	XT_EQ(xt_xsk_open(b, env->ifindex, &cfg_b), 0);
	if (env->mode == XT_ZC) {
		xt_expect_zc(a);
		xt_expect_zc(b);
	}
	xt_fill_chunks(a, 0, 4);
	return pfd;
}

static void shared_close(struct xt_prog *prog, struct xt_xsk *a,
			 struct xt_xsk *b, int pfd)
{
	close(pfd);
	xt_xsk_close(b);
	xt_xsk_close(a);
	xt_prog_detach(prog);
}

XT_CASE(shared_same_queue, XT_ALL)
{
	static const unsigned int lens[] = { 64, 1000 };
	struct xt_prog prog;
	struct xt_xsk a, b;
	struct xdp_desc d;
	int pfd;

	pfd = shared_open(env, &prog, &a, &b, (struct xt_xsk_cfg){});

	xt_xskmap_set(&prog, 0, a.fd);
	xt_peer_send_frames(env, lens, 1, 0);
	xt_rx_expect(env, &a, a.umem, &d, lens, 1, 0);
	XT_EQ(d.addr, XDP_PACKET_HEADROOM);

	xt_xskmap_set(&prog, 0, b.fd);
	xt_peer_send_frames(env, lens + 1, 1, 1);
	xt_rx_expect(env, &b, a.umem, &d, lens + 1, 1, 1);
	XT_EQ(d.addr, a.chunk_size + XDP_PACKET_HEADROOM);
	XT_EQ(xt_ring_used(&a.rx), 0);

	tx_one(env, &b, a.umem, &a.comp, pfd, 8 * a.chunk_size, 2);
	XT_STATS(a.fd);
	XT_STATS(b.fd, .tx_ring_empty_descs = 1);
	shared_close(&prog, &a, &b, pfd);
}

XT_CASE_Q(shared_two_queues, XT_ALL, 2)
{
	static const unsigned int lens[] = { 128, 700 };
	struct xt_prog prog;
	struct xt_xsk a, b;
	struct xdp_desc d;
	int pfd;

	pfd = shared_open(env, &prog, &a, &b, (struct xt_xsk_cfg){
		.shared_fq = true, .queue = 1,
	});
	xt_fill_chunks(&b, 8, 4);
	xt_xskmap_set(&prog, 0, a.fd);
	xt_xskmap_set(&prog, 1, b.fd);
	xt_peer_steer(env);

	xt_peer_send_frames_q(env, 1, lens + 1, 1, 1);
	xt_rx_expect(env, &b, a.umem, &d, lens + 1, 1, 1);
	XT_EQ(d.addr, 8 * a.chunk_size + XDP_PACKET_HEADROOM);
	xt_peer_send_frames_q(env, 0, lens, 1, 0);
	xt_rx_expect(env, &a, a.umem, &d, lens, 1, 0);
	XT_EQ(d.addr, XDP_PACKET_HEADROOM);
	XT_EQ(xt_ring_used(&a.rx), 0);
	XT_EQ(xt_ring_used(&b.rx), 0);

	tx_one(env, &a, a.umem, &a.comp, pfd, 4 * a.chunk_size, 2);
	tx_one(env, &b, a.umem, &b.comp, pfd, 12 * a.chunk_size, 3);
	XT_EQ(xt_ring_used(&a.comp), 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 2);
	XT_STATS(a.fd, .tx_ring_empty_descs = 1);
	XT_STATS(b.fd, .tx_ring_empty_descs = 1);
	shared_close(&prog, &a, &b, pfd);
}

XT_CASE(shared_flags, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xt_xsk a, b;

	XT_EQ(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){ .shared = &a, .bind_flags = XDP_COPY };
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), -EINVAL);
	xt_xsk_close(&b);
	cfg.bind_flags = XDP_USE_NEED_WAKEUP;
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), -EINVAL);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
}

XT_CASE_Q(shared_other_queue_no_fq, XT_NONE | XT_ZC, 2)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a, b;

	XT_EQ(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){ .shared = &a, .queue = 1 };
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), -EINVAL);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
}

XT_CASE(shared_other_dev, XT_NONE | XT_ZC)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a, b;
	int xs0, pfd;

	xt_sh("ip link add xs0 type veth peer name xs1");
	xt_sh("ip link set xs0 up && ip link set xs1 up");
	xs0 = if_nametoindex("xs0");
	XT_TRUE(xs0);
	XT_EQ(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){ .shared = &a };
	XT_EQ(xt_xsk_open(&b, xs0, &cfg), -EINVAL);
	xt_xsk_close(&b);
	cfg.shared_fq = true;
	if (env->mode == XT_ZC) {
		XT_EQ(xt_xsk_open(&b, xs0, &cfg), -EOPNOTSUPP);
		xt_xsk_close(&b);
		xt_xsk_close(&a);
		return;
	}
	XT_EQ(xt_xsk_open(&b, xs0, &cfg), 0);

	pfd = xt_packet_socket(if_nametoindex("xs1"));
	tx_one(env, &b, a.umem, &b.comp, pfd, 5 * a.chunk_size, 0);
	XT_EQ(xt_ring_used(&a.comp), 0);
	XT_STATS(b.fd, .tx_ring_empty_descs = 1);
	close(pfd);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
}

struct burst {
	int cpu;
	uint32_t seq0;
	unsigned int n;
};

/* In the peer, on CPU b->cpu: b->n test frames from sequence b->seq0. */
static void send_burst(struct xt_env *env, void *arg)
{
	const struct burst *b = arg;
	unsigned char frame[64];
	unsigned int i;
	cpu_set_t set;
	int fd;

	CPU_ZERO(&set);
	CPU_SET(b->cpu, &set);
	XT_OK(sched_setaffinity(0, sizeof(set), &set));
	fd = xt_packet_socket(env->peer_ifindex);
	for (i = 0; i < b->n; i++) {
		xt_frame(env, frame, sizeof(frame), b->seq0 + i);
		if (send(fd, frame, sizeof(frame), 0) != sizeof(frame) &&
		    errno != ENOBUFS)
			XT_FAIL("send: %s", strerror(errno));
	}
	close(fd);
}

struct both_wait {
	struct xt_xsk *a, *b;
	__u64 n;
};

static bool both_have(void *p)
{
	struct both_wait *w = p;

	return xt_ring_used(&w->a->rx) + xt_ring_used(&w->b->rx) >= w->n;
}

/* Take every descriptor of x's RX ring: each frame intact, its sequence
 * number and its chunk not seen before.  Returns how many.
 */
static unsigned int take_unique(struct xt_env *env, struct xt_xsk *x,
				void *umem, unsigned char *seen,
				unsigned char *chunks, unsigned int n)
{
	unsigned int got = 0;
	struct xdp_desc d;
	uint32_t seq;
	__u64 c;

	while (xt_rx(&x->rx, &d, 1)) {
		c = d.addr / x->chunk_size;
		XT_TRUE(c < n && !chunks[c]);
		chunks[c] = 1;
		XT_TRUE(xt_frame_ok(env, xt_umem_frame(umem, d.addr), d.len,
				    &seq));
		XT_TRUE(seq < n && !seen[seq]);
		seen[seq] = 1;
		got++;
	}
	return got;
}

XT_CASE_NO_ZC(shared_two_cpus, XT_SKB,
	      "generic XDP's race: one NAPI poll runs a zero-copy queue")
{
	enum { N = 2000 };
	struct xt_xsk_cfg cfg = {
		.frames = 2 * N, .ring_size = 4096, .bind_flags = XDP_COPY,
	};
	struct burst burst[2] = { { 0, 0, N }, { 1, N, N } };
	unsigned char *seen = calloc(2 * N, 1), *chunks = calloc(2 * N, 1);
	struct both_wait w;
	struct xt_prog prog;
	struct xt_xsk a, b;
	unsigned int ga, gb;
	pid_t pid[2];
	int i, st;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		xt_skip("two CPUs at once need two CPUs");
	xt_prog_attach(env, &prog);
	XT_EQ(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){ .ring_size = 4096, .shared = &a };
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	xt_fill_only(&a, 0, 2 * N);
	xt_xskmap_set(&prog, 0, a.fd);
	xt_xskmap_set(&prog, 1, b.fd);
	xt_prog_set_action(&prog, 0, XT_ACT_SPLIT_SLOTS);
	for (i = 0; i < 2; i++) {
		fflush(NULL);
		pid[i] = XT_OK(fork());
		if (!pid[i])
			_exit(xt_in_peer(env, send_burst, &burst[i]));
	}
	for (i = 0; i < 2; i++) {
		XT_EQ(waitpid(pid[i], &st, 0), pid[i]);
		XT_EQ(st, 0);
	}
	w = (struct both_wait){ &a, &b,
				xt_prog_counter(&prog, XT_CNT_REDIRECT) };
	XT_TRUE(xt_wait(both_have, &w, XT_WAIT_MS));
	ga = take_unique(env, &a, a.umem, seen, chunks, 2 * N);
	gb = take_unique(env, &b, a.umem, seen, chunks, 2 * N);
	XT_EQ(ga + gb, w.n);
	XT_TRUE(ga > 0 && gb > 0);
	XT_STATS(a.fd);
	XT_STATS(b.fd);
	free(seen);
	free(chunks);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
	xt_prog_detach(&prog);
}
