// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * The XSKMAP: what user space may put in it, and what redirecting through
 * it does.  The map cases use a map of 4 entries of their own; the
 * redirect cases the program's map, in skb and driver mode.
 *
 * xskmap_update_bound (also in zc, x and y zero-copy there): a bound
 *	socket x (queue 0) with an RX ring goes in (BPF_ANY, then
 *	BPF_EXIST, and BPF_NOEXIST in a free slot); socket y (queue 1) with
 *	BPF_NOEXIST on x's slot fails with EEXIST, x
 *	itself again succeeds; BPF_EXIST on a free slot fails with ENOENT,
 *	a key past max_entries with E2BIG, flags above BPF_EXIST with
 *	EINVAL; y replaces x with BPF_EXIST.
 * xskmap_update_unbound: a socket with a UMEM and rings but not bound is
 *	accepted (as the stock kernel does).
 * xskmap_update_no_rx: a bound socket without an RX ring is accepted
 *	(as the stock kernel does).
 * xskmap_redirect_no_rx: frames redirected to that socket are dropped and
 *	counted in its rx_dropped, 3 of 3, and nothing else happens: in
 *	copy mode no FILL entry is taken.  On the series' kernel only: 6.1
 *	dereferences the missing RX ring.
 * xskmap_from_cpumap (driver mode): of 32 frames, the program redirects
 *	every other one to the socket and the rest to a cpumap entry of the
 *	other CPU, whose program redirects them to the same slot from its
 *	kthread while the queue's NAPI poll goes on.  Only the queue's own
 *	16 reach the RX ring, in order; the kthread's are refused (on the
 *	series' kernel: 6.1 has two producers on the RX ring then).
 * xskmap_other_queue (two queues, see xt_peer_steer()): a socket bound
 *	to queue 1 sits in slots 0 and 1; 3 frames arriving on queue 0,
 *	which the program redirects to slot 0, are dropped (counted by the
 *	program, seen by no ring or statistic); the frame after them, on
 *	queue 1 through slot 1, is the only one it gets.
 * xskmap_sock_queue_id (two queues): the program looks up the socket in
 *	the slot of queue 1 (struct bpf_xdp_sock) and reads its queue_id:
 *	1, the queue it is bound to; the frame then arrives.
 * xskmap_update_not_xsk: a UDP socket is refused with EOPNOTSUPP, a pipe
 *	with ENOTSOCK, and a closed descriptor with EBADF.
 * xskmap_delete: deleting a taken slot works, and deleting it again
 *	still returns 0; a key past max_entries is EINVAL; the slot can be
 *	filled again with BPF_NOEXIST.
 * xskmap_lookup: looking a slot up from user space fails with
 *	EOPNOTSUPP, taken or not.
 * xskmap_closed: a socket that is closed leaves the map: a frame
 *	redirected to its slot is dropped (counted by the program, seen by
 *	no socket; in zero-copy sent once a new socket took the queue) and
 *	the slot takes the new socket with BPF_NOEXIST, which then gets the
 *	next frame and only it.
 * xskmap_empty_slot: frames redirected to an empty slot are dropped: the
 *	program counts 3 redirects, the socket bound to the queue but not in
 *	the map gets none and counts nothing; put in the map, it gets the
 *	fourth frame and only it, in the first chunk (zero-copy: the fourth).
 */
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "rxtx.h"

static int xskmap(void)
{
	return XT_OK(bpf_map_create(BPF_MAP_TYPE_XSKMAP, "xt_xskmap",
				    sizeof(__u32), sizeof(__u32), 4, NULL));
}

/* libbpf returns -errno: these return -1 and leave errno as it set it. */
static int set(int map, __u32 key, int fd, __u64 flags)
{
	return bpf_map_update_elem(map, &key, &fd, flags) ? -1 : 0;
}

static int del(int map, __u32 key)
{
	return bpf_map_delete_elem(map, &key) ? -1 : 0;
}

static int get(int map, __u32 key)
{
	__u32 val;

	return bpf_map_lookup_elem(map, &key, &val) ? -1 : 0;
}

XT_CASE_Q(xskmap_update_bound, XT_NONE | XT_ZC, 2)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	struct xt_xsk x, y;
	int map = xskmap();

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	cfg.queue = 1;
	XT_EQ(xt_xsk_open(&y, env->ifindex, &cfg), 0);
	XT_OK(set(map, 0, x.fd, BPF_ANY));
	XT_OK(set(map, 0, x.fd, BPF_EXIST));
	XT_OK(set(map, 3, x.fd, BPF_NOEXIST));
	XT_ERRNO(set(map, 0, y.fd, BPF_NOEXIST), EEXIST);
	XT_OK(set(map, 0, x.fd, BPF_NOEXIST));
	XT_ERRNO(set(map, 1, x.fd, BPF_EXIST), ENOENT);
	XT_ERRNO(set(map, 4, x.fd, BPF_ANY), E2BIG);
	XT_ERRNO(set(map, 1, x.fd, BPF_EXIST + 1), EINVAL);
	XT_OK(set(map, 0, y.fd, BPF_EXIST));
	close(map);
	xt_xsk_close(&y);
	xt_xsk_close(&x);
}

XT_CASE(xskmap_update_unbound, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xt_xsk x;
	int map = xskmap();

	/* An ifindex that does not exist: everything but bind() works. */
	XT_EQ(xt_xsk_open(&x, 1000, &cfg), -ENODEV);
	XT_OK(set(map, 0, x.fd, BPF_ANY));
	close(map);
	xt_xsk_close(&x);
}

XT_CASE(xskmap_update_no_rx, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY, .no_rx = true };
	struct xt_xsk x;
	int map = xskmap();

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_OK(set(map, 0, x.fd, BPF_ANY));
	close(map);
	xt_xsk_close(&x);
}

static bool dropped3(void *fd)
{
	struct xdp_statistics st;

	return !xt_statistics(*(int *)fd, &st) && st.rx_dropped >= 3;
}

XT_CASE(xskmap_redirect_no_rx, XT_ALL)
{
	struct xt_xsk_cfg cfg = {
		.bind_flags = xt_copy_mode(env), .no_rx = true,
	};
	static const unsigned int lens[] = { 64, 64, 64 };
	struct xt_prog prog;
	struct xt_xsk x;

	if (!xt_kernel_is_series())
		xt_skip("6.1 oopses on a frame for a socket without an RX ring");
	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 4);
	xt_peer_send_frames(env, lens, 3, 0);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 3);
	XT_TRUE(xt_wait(dropped3, &x.fd, XT_WAIT_MS));
	XT_STATS(x.fd, .rx_dropped = 3);
	/* Copy mode takes no FILL entry for them (a device took all four
	 * at the fill).
	 */
	if (env->mode != XT_ZC)
		XT_EQ(*x.fill.consumer, 0);
	xt_close_mapped(&prog, &x);
}

XT_CASE(xskmap_from_cpumap, XT_DRV | XT_ZC)
{
	struct xt_xsk_cfg cfg = {
		.bind_flags = xt_copy_mode(env), .ring_size = 64,
	};
	unsigned int lens[32], i;
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	if (!xt_kernel_is_series())
		xt_skip("6.1 lets a cpumap kthread produce into the RX ring");
	if (libbpf_num_possible_cpus() < 2)
		xt_skip("needs two CPUs");
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		lens[i] = 64;
	xt_open_mapped(env, &prog, &x, &cfg);
	xt_prog_cpumap(&prog);
	xt_prog_set_action(&prog, 0, XT_ACT_SPLIT_CPUMAP);
	xt_fill_chunks(&x, 0, 64);
	xt_peer_send_frames(env, lens, ARRAY_SIZE(lens), 0);
	xt_prog_wait(&prog, XT_CNT_CPUMAP, 16);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 16);
	for (i = 0; i < 16; i++)
		xt_rx_expect(env, &x, x.umem, &d, lens, 1, 2 * i);
	XT_EQ(xt_ring_used(&x.rx), 0);
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
}

XT_CASE_Q(xskmap_sock_queue_id, XT_ALL, 2)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env), .queue = 1 };
	static const unsigned int len[] = { 64 };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 4);
	xt_prog_set_action(&prog, 1, XT_ACT_REDIRECT_QID);
	xt_prog_sock_qid(&prog, ~0u);
	xt_peer_steer(env);
	xt_peer_send_frames_q(env, 1, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 0);
	XT_EQ(xt_prog_sock_qid(&prog, ~0u), 1);
	xt_close_mapped(&prog, &x);
}

XT_CASE_Q(xskmap_other_queue, XT_ALL, 2)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env), .queue = 1 };
	static const unsigned int lens[] = { 64, 64, 64, 300 };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_xskmap_set(&prog, 0, x.fd);
	xt_prog_set_action(&prog, 0, XT_ACT_REDIRECT_SLOT0);
	xt_fill_chunks(&x, 0, 8);
	xt_peer_steer(env);
	xt_peer_send_frames_q(env, 0, lens, 3, 0);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 3);
	xt_peer_send_frames_q(env, 1, lens + 3, 1, 3);
	xt_rx_expect(env, &x, x.umem, &d, lens + 3, 1, 3);
	XT_EQ(d.addr, XDP_PACKET_HEADROOM);
	XT_EQ(xt_ring_used(&x.rx), 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 4);
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
}

XT_CASE(xskmap_update_not_xsk, XT_NONE)
{
	int map = xskmap(), udp, p[2];

	udp = XT_OK(socket(AF_INET, SOCK_DGRAM, 0));
	XT_OK(pipe(p));
	XT_ERRNO(set(map, 0, udp, BPF_ANY), EOPNOTSUPP);
	XT_ERRNO(set(map, 0, p[0], BPF_ANY), ENOTSOCK);
	close(p[0]);
	XT_ERRNO(set(map, 0, p[0], BPF_ANY), EBADF);
	close(p[1]);
	close(udp);
	close(map);
}

XT_CASE(xskmap_delete, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xt_xsk x;
	int map = xskmap();

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_OK(set(map, 2, x.fd, BPF_ANY));
	XT_OK(del(map, 2));
	XT_OK(del(map, 2));
	XT_ERRNO(del(map, 4), EINVAL);
	XT_OK(set(map, 2, x.fd, BPF_NOEXIST));
	close(map);
	xt_xsk_close(&x);
}

XT_CASE(xskmap_lookup, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xt_xsk x;
	int map = xskmap();

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_ERRNO(get(map, 0), EOPNOTSUPP);
	XT_OK(set(map, 0, x.fd, BPF_ANY));
	XT_ERRNO(get(map, 0), EOPNOTSUPP);
	close(map);
	xt_xsk_close(&x);
}

/* Socket b on the queue a closed socket let go of: EBUSY until then. */
static void closed_rebind(struct xt_env *env, struct xt_xsk *b,
			  const struct xt_xsk_cfg *cfg)
{
	XT_NEG_ERRNO(xt_xsk_open_wait(b, env->ifindex, cfg, 0), 0);
	xt_fill_chunks(b, 0, 4);
}

XT_CASE(xskmap_closed, XT_ALL)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	static const unsigned int lens[] = { 64, 128 };
	struct xt_prog prog;
	struct xt_xsk a, b;
	struct xdp_desc d;

	xt_open_mapped(env, &prog, &a, &cfg);
	xt_fill_chunks(&a, 0, 4);
	xt_xsk_close(&a);

	/* A zero-copy queue restarts when the socket lets it go (6.1: from a
	 * work item, after the close): the frame waits for b there.
	 */
	if (env->mode == XT_ZC)
		closed_rebind(env, &b, &cfg);
	xt_peer_send_frames(env, lens, 1, 0);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 1);
	if (env->mode != XT_ZC)
		closed_rebind(env, &b, &cfg);
	XT_OK(set(prog.xsks_fd, 0, b.fd, BPF_NOEXIST));
	xt_peer_send_frames(env, lens + 1, 1, 1);
	xt_rx_expect(env, &b, b.umem, &d, lens + 1, 1, 1);
	XT_EQ(xt_ring_used(&b.rx), 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 2);
	XT_STATS(b.fd);
	xt_xsk_close(&b);
	xt_prog_detach(&prog);
}

XT_CASE(xskmap_empty_slot, XT_ALL)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	static const unsigned int lens[] = { 64, 64, 64, 200 };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_prog_attach(env, &prog);
	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_fill_chunks(&x, 0, 8);

	xt_peer_send_frames(env, lens, 3, 0);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 3);

	xt_xskmap_set(&prog, 0, x.fd);
	xt_peer_send_frames(env, lens + 3, 1, 3);
	xt_rx_expect(env, &x, x.umem, &d, lens + 3, 1, 3);
	/* A device took a chunk for each frame dropped (see rx_prog_actions). */
	XT_EQ(d.addr, (env->mode == XT_ZC ? 3 * x.chunk_size : 0) +
		      XDP_PACKET_HEADROOM);
	XT_EQ(xt_ring_used(&x.rx), 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 4);
	XT_STATS(x.fd);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
}
