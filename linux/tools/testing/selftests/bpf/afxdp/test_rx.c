// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * Receive path, in skb and driver (copy) mode.
 *
 * rx_basic: frames of 60, 64, 128, 1000 and 1514 bytes sent from the peer
 *	arrive in order on the RX ring, byte-exact, each at its FILL-ring
 *	address plus the UMEM headroom (256 here) and the kernel's XDP
 *	headroom (XDP_PACKET_HEADROOM), with rx_dropped and
 *	rx_invalid_descs zero and every redirect counted by the program.
 * rx_max_frame: with 2048-byte chunks and a headroom of 64 (MTU 2048 on
 *	both veth ends), a frame of 2048 - 64 - XDP_PACKET_HEADROOM bytes,
 *	the largest that fits, arrives byte-exact; one byte more is dropped,
 *	counted in rx_dropped, and takes no FILL-ring entry: the next frame
 *	lands in the chunk after the first.  In zero-copy the first half
 *	only: i40e lets the XL710 take a frame the MTU allows into several
 *	buffers (the queue's maximum frame is the MTU's, not one buffer), and
 *	6.1 has no multi-buffer zero-copy to say what a socket gets then.
 * rx_fill_empty: a frame that finds the FILL ring empty is dropped and
 *	counted in rx_dropped and rx_fill_ring_empty_descs; once a chunk is
 *	filled the next frame arrives.
 * rx_fill_wakeup (zero-copy only): a socket with need_wakeup bound with
 *	an empty FILL ring: the driver, which has no buffer for the device,
 *	raises the FILL ring's flag; one chunk filled and a recvfrom() kick,
 *	a frame sent then arrives in it; the flag is still up (the driver
 *	could post one buffer, not a ring's worth); no statistic moved.
 * rx_ring_full: with an RX ring of 4 entries and 16 filled chunks, of 10
 *	frames the first 4 arrive and 6 are counted in rx_ring_full; after
 *	the ring is read, the next frame arrives.
 * rx_prog_actions: beside a bound socket in the XSKMAP, the program's
 *	XDP_DROP drops (3 frames, no copy anywhere), its XDP_PASS hands the
 *	frame to the stack (an AF_PACKET socket on xt0 gets it byte-exact,
 *	and not on the RX ring), and its redirect still reaches the socket,
 *	in the first chunk (zero-copy: the fifth, as the device took one
 *	for each frame and the four not redirected went back to the pool);
 *	each action counted exactly by the program.
 * rx_fill_lying_producer: a FILL ring of 256 whose entries all lie
 *	outside the UMEM, its producer index written 4 rings ahead of the
 *	consumer, then at 2^31: each of 4 frames is dropped within
 *	XT_WAIT_MS (rx_dropped counts it) having skipped one ring's worth:
 *	the FILL consumer, published at the next frame's look, moves by
 *	256 a frame; rx_fill_ring_empty_descs stays 0 (the ring is not
 *	empty) and nothing lands on RX.  The series' answer: 6.1 walks all
 *	of them for one frame (a soft lockup at 2^31), so the case skips
 *	there.
 * rx_tap_writers: driver mode where no NAPI poll serialises it: a tap
 *	device runs its XDP program in each writer's context.  A copy-mode
 *	socket on the tap's queue 0, in the program's XSKMAP, 8000 chunks
 *	on FILL; two processes pinned to two CPUs write 4000 test frames
 *	each into the one (non-blocking) tun fd at once: all 8000 arrive on
 *	the RX ring,
 *	each intact and once, every redirect counted, no statistic moved.
 *	(The series writes a copy-mode socket's rings under the pool's lock;
 *	6.1 writes them from both CPUs at once.)
 * rx_macvlan (skb mode): a macvlan over xt0 (bridge mode, its own MAC)
 *	with the program in skb mode and a copy-mode socket on its queue 0:
 *	frames from the peer to the macvlan's MAC arrive on the RX ring,
 *	intact; a frame the socket sends leaves through xt0, reaches the
 *	peer byte-exact and completes.
 * rx_test_run_writers: the same through BPF_PROG_TEST_RUN with live
 *	frames, which runs the program and redirects in the caller's
 *	context on a queue of its own: a copy-mode socket on xt0's queue
 *	0 (native XDP attached), two processes on two CPUs each run 4000
 *	live copies of one test frame (sequence 0 and 1) as received on
 *	it: 4000 of each arrive on the RX ring, intact, each in a chunk of
 *	its own, every redirect counted, no statistic moved.  Both writer
 *	cases skip on 6.1, which has the race.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#include "rxtx.h"

XT_CASE(rx_basic, XT_ALL)
{
	static const unsigned int sizes[] = { 60, 64, 128, 1000, 1514 };
	const unsigned int n = ARRAY_SIZE(sizes);
	struct xt_xsk_cfg cfg = { .headroom = 256, .bind_flags = xt_copy_mode(env) };
	struct xdp_desc d[n];
	struct xt_prog prog;
	struct xt_xsk x;
	unsigned int i;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, n);

	xt_peer_send_frames(env, sizes, n, 0);
	xt_rx_expect(env, &x, x.umem, d, sizes, n, 0);
	for (i = 0; i < n; i++)
		XT_EQ(d[i].addr, (__u64)i * x.chunk_size + 256 +
				 XDP_PACKET_HEADROOM);
	XT_STATS(x.fd);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), n);
	xt_close_mapped(&prog, &x);
}

XT_CASE(rx_max_frame, XT_ALL)
{
	struct xt_xsk_cfg cfg = {
		.chunk_size = 2048, .headroom = 64,
		.bind_flags = xt_copy_mode(env),
	};
	const unsigned int max = 2048 - 64 - XDP_PACKET_HEADROOM;
	const unsigned int big[] = { max }, over[] = { max + 1, 60 };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_set_mtu(env, 2048);
	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 4);

	xt_peer_send_frames(env, big, 1, 0);
	xt_rx_expect(env, &x, x.umem, &d, big, 1, 0);
	XT_EQ(d.addr, 64 + XDP_PACKET_HEADROOM);
	XT_STATS(x.fd);
	if (env->mode == XT_ZC) {
		xt_close_mapped(&prog, &x);
		return;
	}

	/* max + 1 is dropped; the 60-byte frame behind it tells when. */
	xt_peer_send_frames(env, over, 2, 1);
	xt_rx_expect(env, &x, x.umem, &d, over + 1, 1, 2);
	XT_EQ(d.addr, 2048 + 64 + XDP_PACKET_HEADROOM);
	XT_STATS(x.fd, .rx_dropped = 1);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 3);
	xt_close_mapped(&prog, &x);
}

XT_CASE_NO_ZC(rx_fill_empty, XT_BOTH,
	      "a zero-copy device cannot take a frame without a buffer: "
	      "rx_fill_wakeup")
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	static const unsigned int len[] = { 64 };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_open_mapped(env, &prog, &x, &cfg);

	xt_peer_send_frames(env, len, 1, 0);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 1);
	XT_EQ(xt_ring_used(&x.rx), 0);

	xt_fill_chunks(&x, 0, 1);
	xt_peer_send_frames(env, len, 1, 1);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 1);
	XT_EQ(d.addr, XDP_PACKET_HEADROOM);
	XT_STATS(x.fd, .rx_dropped = 1, .rx_fill_ring_empty_descs = 1);
	xt_close_mapped(&prog, &x);
}

static bool fill_flag_up(void *x)
{
	return __atomic_load_n(((struct xt_xsk *)x)->fill.flags,
			       __ATOMIC_ACQUIRE) == XDP_RING_NEED_WAKEUP;
}

XT_CASE(rx_fill_wakeup, XT_ZC)
{
	struct xt_xsk_cfg cfg = {
		.bind_flags = XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP,
	};
	static const unsigned int len[] = { 64 };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;

	xt_open_mapped(env, &prog, &x, &cfg);
	if (!xt_wait(fill_flag_up, &x, XT_WAIT_MS))
		XT_FAIL("FILL flag %#x with the FILL ring empty", *x.fill.flags);

	xt_fill_chunks(&x, 0, 1);
	XT_OK(recvfrom(x.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL));
	xt_fill_wait(&x);
	xt_peer_send_frames(env, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 0);
	XT_EQ(d.addr, XDP_PACKET_HEADROOM);
	XT_TRUE(fill_flag_up(&x));
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
}

XT_CASE(rx_ring_full, XT_ALL)
{
	struct xt_xsk_cfg cfg = { .rx_size = 4, .bind_flags = xt_copy_mode(env) };
	static const unsigned int lens[] = {
		64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
	};
	struct xt_prog prog;
	struct xdp_desc d[4];
	struct xt_xsk x;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 16);

	xt_peer_send_frames(env, lens, 10, 0);
	xt_prog_wait(&prog, XT_CNT_REDIRECT, 10);
	xt_rx_expect(env, &x, x.umem, d, lens, 4, 0);

	/* The ring has room again: frame 10 arrives, and settles the count. */
	xt_peer_send_frames(env, lens, 1, 10);
	xt_rx_expect(env, &x, x.umem, d, lens, 1, 10);
	XT_EQ(xt_ring_used(&x.rx), 0);
	XT_STATS(x.fd, .rx_ring_full = 6);
	xt_close_mapped(&prog, &x);
}

XT_CASE(rx_prog_actions, XT_ALL)
{
	struct xt_xsk_cfg cfg = { .bind_flags = xt_copy_mode(env) };
	static const unsigned int lens[] = { 60, 200, 1000, 128, 64 };
	unsigned char buf[2048];
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;
	uint32_t seq;
	size_t len;
	int pfd;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 8);
	pfd = xt_packet_socket(env->ifindex);

	xt_prog_set_action(&prog, 0, XT_ACT_DROP);
	xt_peer_send_frames(env, lens, 3, 0);
	xt_prog_wait(&prog, XT_CNT_DROP, 3);

	xt_prog_set_action(&prog, 0, XT_ACT_PASS);
	xt_peer_send_frames(env, lens + 3, 1, 3);
	len = xt_packet_recv(pfd, buf, sizeof(buf));
	XT_EQ(len, lens[3]);
	XT_TRUE(xt_frame_ok(env, buf, len, &seq));
	XT_EQ(seq, 3);

	xt_prog_set_action(&prog, 0, XT_ACT_REDIRECT);
	xt_peer_send_frames(env, lens + 4, 1, 4);
	xt_rx_expect(env, &x, x.umem, &d, lens + 4, 1, 4);
	/* Copy mode takes a chunk from FILL for a redirect only; a device
	 * has all eight, in order, and takes one for every frame.
	 */
	XT_EQ(d.addr, (env->mode == XT_ZC ? 4 * x.chunk_size : 0) +
		      XDP_PACKET_HEADROOM);

	XT_EQ(xt_ring_used(&x.rx), 0);
	XT_ERRNO(recv(pfd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_DROP), 3);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_PASS), 1);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 1);
	XT_STATS(x.fd);
	close(pfd);
	xt_close_mapped(&prog, &x);
}

struct dropped_wait {
	int fd;
	__u64 n;
};

static bool dropped_has(void *p)
{
	struct dropped_wait *w = p;
	struct xdp_statistics st;

	return !xt_statistics(w->fd, &st) && st.rx_dropped >= w->n;
}

XT_CASE_NO_ZC(rx_fill_lying_producer, XT_BOTH,
	      "the copy path's bound; the zero-copy paths' are KUnit's")
{
	struct xt_xsk_cfg cfg = { .fill_size = 256, .bind_flags = XDP_COPY };
	static const unsigned int len[] = { 64 };
	struct dropped_wait w;
	struct xt_prog prog;
	struct xt_xsk x;
	unsigned int i;
	__u64 *e;

	if (!xt_kernel_is_series())
		xt_skip("series only: 6.1 walks every entry (soft lockup)");
	xt_open_mapped(env, &prog, &x, &cfg);
	e = x.fill.entries;
	for (i = 0; i < 256; i++)
		e[i] = x.umem_len;
	/* Entries before the index (xsk.h), and the index a lie. */
	__atomic_store_n(x.fill.producer, 4 * 256, __ATOMIC_RELEASE);
	w.fd = x.fd;
	for (i = 1; i <= 4; i++) {
		if (i == 3)
			__atomic_store_n(x.fill.producer, 1U << 31,
					 __ATOMIC_RELEASE);
		xt_peer_send_frames(env, len, 1, i);
		w.n = i;
		if (!xt_wait(dropped_has, &w, XT_WAIT_MS))
			XT_FAIL("frame %u not dropped", i);
		/* A dropped frame publishes nothing: the next look does. */
		XT_EQ(__atomic_load_n(x.fill.consumer, __ATOMIC_ACQUIRE),
		      256 * (i - 1));
	}
	XT_STATS(x.fd, .rx_dropped = 4);
	XT_EQ(xt_ring_used(&x.rx), 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 4);
	xt_close_mapped(&prog, &x);
}

/* Why the two-writer cases skip on 6.1: a list corruption there would end
 * the boot, and with it the cases after.
 */
#define RACE_61 "6.1 writes a copy-mode socket's rings and flush list " \
		"from both writers at once"

/* Frames each writer of the two-writer cases sends. */
#define WRITER_N 4000

/* writer(env, arg, w) in a child pinned to CPU w, for w 0 and 1 at once;
 * both must succeed.
 */
static void on_two_cpus(struct xt_env *env,
			void (*writer)(struct xt_env *, void *, int),
			void *arg)
{
	cpu_set_t set;
	pid_t pid[2];
	int w, st;

	for (w = 0; w < 2; w++) {
		fflush(NULL);
		pid[w] = XT_OK(fork());
		if (pid[w])
			continue;
		CPU_ZERO(&set);
		CPU_SET(w, &set);
		XT_OK(sched_setaffinity(0, sizeof(set), &set));
		writer(env, arg, w);
		exit(0);
	}
	for (w = 0; w < 2; w++) {
		XT_EQ(waitpid(pid[w], &st, 0), pid[w]);
		XT_EQ(st, 0);
	}
}

/* Writer w: test frames w * WRITER_N... written into the tun fd *arg. */
static void tap_write(struct xt_env *env, void *arg, int w)
{
	unsigned char buf[64];
	unsigned int i;
	size_t len;

	for (i = 0; i < WRITER_N; i++) {
		len = xt_frame(env, buf, sizeof(buf), w * WRITER_N + i);
		XT_EQ(write(*(int *)arg, buf, len), len);
	}
}

/* Writer w: WRITER_N live copies of test frame w, run through the program
 * *arg as if received on queue 0 of env's device.
 */
static void test_run_live(struct xt_env *env, void *arg, int w)
{
	struct xt_prog *prog = arg;
	unsigned char buf[64];
	size_t len = xt_frame(env, buf, sizeof(buf), w);
	struct xdp_md ctx = {
		.data_end = len, .ingress_ifindex = env->ifindex,
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = buf,
		    .data_size_in = len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = WRITER_N,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	XT_OK(bpf_prog_test_run_opts(prog->prog_fd, &opts));
}

XT_CASE(rx_tap_writers, XT_NONE)
{
	enum { N = WRITER_N };
	struct xt_xsk_cfg cfg = {
		.frames = 2 * N, .ring_size = 8192, .bind_flags = XDP_COPY,
	};
	unsigned char seen[2 * N] = { 0 };
	struct xt_env e = *env;
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;
	uint32_t seq;
	int fd, w;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		xt_skip("two writers at once need two CPUs");
	if (!xt_kernel_is_series())
		xt_skip(RACE_61);
	/* tun runs the program on the frame as written (tun_build_skb())
	 * only for a non-blocking writer; else generic XDP, on an skb.
	 */
	fd = xt_tap_queue("xtt0");
	XT_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
	xt_sh("ip link set xtt0 up");
	e.ifindex = if_nametoindex("xtt0");
	e.mode = XT_DRV;
	xt_open_mapped(&e, &prog, &x, &cfg);
	xt_fill_only(&x, 0, 2 * N);
	on_two_cpus(&e, tap_write, &fd);
	XT_EQ(xt_ring_used(&x.rx), 2 * N);
	for (w = 0; w < 2 * N; w++) {
		XT_EQ(xt_rx(&x.rx, &d, 1), 1);
		XT_TRUE(xt_frame_ok(&e, xt_umem_frame(x.umem, d.addr), d.len,
				    &seq));
		XT_TRUE(seq < 2 * N && !seen[seq]);
		seen[seq] = 1;
	}
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 2 * N);
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
	close(fd);
}

XT_CASE(rx_test_run_writers, XT_NONE)
{
	enum { N = WRITER_N };
	struct xt_xsk_cfg cfg = {
		.frames = 2 * N, .ring_size = 8192, .bind_flags = XDP_COPY,
	};
	unsigned char chunk[2 * N] = { 0 };
	unsigned int got[2] = { 0 };
	struct xt_env e = *env;
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;
	uint32_t seq;
	int w;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		xt_skip("two writers at once need two CPUs");
	if (!xt_kernel_is_series())
		xt_skip(RACE_61);
	/* The live frames run on test_run's own rxq, as queue 0 of xt0. */
	e.mode = XT_DRV;
	xt_open_mapped(&e, &prog, &x, &cfg);
	xt_fill_only(&x, 0, 2 * N);
	on_two_cpus(&e, test_run_live, &prog);
	XT_EQ(xt_ring_used(&x.rx), 2 * N);
	for (w = 0; w < 2 * N; w++) {
		XT_EQ(xt_rx(&x.rx, &d, 1), 1);
		XT_TRUE(xt_frame_ok(&e, xt_umem_frame(x.umem, d.addr), d.len,
				    &seq));
		XT_TRUE(seq < 2);
		got[seq]++;
		XT_TRUE(d.addr / x.chunk_size < 2 * N &&
			!chunk[d.addr / x.chunk_size]);
		chunk[d.addr / x.chunk_size] = 1;
	}
	XT_EQ(got[0], N);
	XT_EQ(got[1], N);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 2 * N);
	XT_STATS(x.fd);
	xt_close_mapped(&prog, &x);
}

XT_CASE_NO_ZC(rx_macvlan, XT_SKB, "a macvlan has no zero-copy")
{
	static const unsigned int lens[] = { 64, 1000 };
	static const unsigned char mac[6] = { 2, 0, 0, 0x88, 0xb5, 1 };
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xdp_desc d[2], t = { .len = 64 };
	unsigned char out[64], in[64];
	struct xt_env e = *env;
	struct xt_prog prog;
	struct xt_xsk x;
	int pfd;

	xt_sh("ip link add xtm0 link xt0 address 02:00:00:88:b5:01 "
	      "type macvlan mode bridge && ip link set xtm0 up");
	e.ifindex = if_nametoindex("xtm0");
	memcpy(e.mac, mac, 6);
	xt_open_mapped(&e, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 2);
	xt_peer_send_frames(&e, lens, 2, 0);
	xt_rx_expect(&e, &x, x.umem, d, lens, 2, 0);
	XT_EQ(xt_prog_counter(&prog, XT_CNT_REDIRECT), 2);

	pfd = xt_peer_socket(&e);
	t.addr = 4 * x.chunk_size;
	xt_frame_out(&e, out, sizeof(out), 9);
	memcpy((char *)x.umem + t.addr, out, sizeof(out));
	XT_EQ(xt_tx(&x.tx, &t, 1), 1);
	XT_EQ(xt_kick(x.fd), 0);
	XT_EQ(xt_packet_recv(pfd, in, sizeof(in)), sizeof(out));
	XT_TRUE(!memcmp(in, out, sizeof(out)));
	if (!xt_ring_wait(&x.comp, 1))
		XT_FAIL("the frame did not complete");
	/* The kick looked once more, at an empty ring. */
	XT_STATS(x.fd, .tx_ring_empty_descs = 1);
	close(pfd);
	xt_close_mapped(&prog, &x);
	xt_sh("ip link del xtm0");
}
