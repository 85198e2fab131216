// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * bind() of an AF_XDP socket to a queue of xt0.  No XDP program is needed
 * to bind, so every case runs once, without one; the cases that also run
 * in zc bind their first socket with XDP_ZEROCOPY there (xt_copy_mode()),
 * on an XL710 port, and get the same answers.
 *
 * bind_ok (five queues): a socket with a UMEM, FILL, COMPLETION, RX and TX
 *	rings binds with XDP_COPY, with no flags (copy mode, as veth has no
 *	zero-copy) and with XDP_COPY | XDP_USE_NEED_WAKEUP; so does one with
 *	only RX and one with only TX; each on a queue of its own, as a
 *	closed socket may free its queue some time after close().
 * bind_no_rx_tx: neither RX nor TX ring: EINVAL.
 * bind_no_umem: RX (and FILL and COMPLETION) rings but no UMEM: EINVAL.
 * bind_no_fill_comp: a UMEM without its FILL or without its COMPLETION
 *	ring: EINVAL.
 * bind_addr_bad: sxdp_family AF_INET or 0, addrlen 0 or one byte short:
 *	EINVAL; then the socket binds, so the failures left nothing behind.
 * bind_flags_bad: sxdp_flags 1 << 4 or 1 << 15, and XDP_COPY |
 *	XDP_ZEROCOPY: EINVAL; then the socket binds.
 * bind_ifindex_bad: ifindex 0 or one that does not exist: ENODEV.
 * bind_queue_bad: the first queue past the device's (1 on xt0's veth,
 *	the XL710's combined channel count in zc), or 0xffffffff: EINVAL.
 * bind_queue_wide: queue 0x10000, which no device has: EINVAL, and the
 *	socket then binds queue 0 (on the series' kernel: 6.1 keeps the low
 *	16 bits and binds queue 0, while the socket says 0x10000).
 * bind_twice: a bound socket binding again, to the same queue or another:
 *	EBUSY.
 * bind_queue_busy (two queues): a second socket with a UMEM of its own on
 *	the queue of a bound socket: EBUSY; on the other queue it binds;
 *	once the first socket is closed, its queue becomes free (within
 *	XT_WAIT_MS) and a third socket binds it.
 * bind_zerocopy_veth: XDP_ZEROCOPY on veth: EOPNOTSUPP; the socket then
 *	binds with XDP_COPY.
 * bind_shared_same_queue: XDP_SHARED_UMEM with a socket bound to the same
 *	queue binds with only an RX ring, and with only a TX ring; with FILL
 *	and COMPLETION rings of its own, or only one of them: EINVAL.
 * bind_shared_other_queue (two queues): XDP_SHARED_UMEM on the other
 *	queue without FILL and COMPLETION rings of its own: EINVAL; with
 *	them it binds; a third socket shares with that one on its queue
 *	without rings of its own.
 * bind_shared_fd_bad: sxdp_shared_umem_fd -1, one that is not open, or a
 *	file that is no socket: ENOTSOCK; a UDP socket: ENOPROTOOPT; an
 *	AF_XDP socket that is not bound (with a UMEM, or the socket itself):
 *	EBADF.
 * bind_shared_flags: XDP_SHARED_UMEM with XDP_COPY, XDP_ZEROCOPY or
 *	XDP_USE_NEED_WAKEUP: EINVAL.
 * bind_shared_own_umem: XDP_SHARED_UMEM on a socket that has a UMEM of
 *	its own: EINVAL.
 * bind_zc_options (zc, two queues): on the XL710, XDP_OPTIONS reads
 *	XDP_OPTIONS_ZEROCOPY after a bind with XDP_ZEROCOPY and after one with
 *	no mode flag (6.1 tries zero-copy first), and 0 after XDP_COPY.
 * bind_other_netns: the ifindex names a device of the socket's network
 *	namespace, not the caller's: after unshare(CLONE_NEWNET) a socket
 *	made before binds to xt0 by its ifindex, and one made after is
 *	ENODEV for it.
 */
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/ethtool.h>

#include "rxtx.h"

#define NR	64

/* A socket with a UMEM and all four rings, unbound. */
static void ready(struct xt_xsk *x)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .no_bind = true };

	XT_NEG_ERRNO(xt_xsk_open(x, 0, &cfg), 0);
}

static int bind_addr(int fd, __u16 family, __u32 ifindex, socklen_t len)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = family,
		.sxdp_ifindex = ifindex,
	};

	return bind(fd, (struct sockaddr *)&sxdp, len);
}

/* Open with cfg, closed again; returns what xt_xsk_open() did. */
static int open1(struct xt_env *env, struct xt_xsk_cfg cfg)
{
	struct xt_xsk x;
	int r;

	cfg.ring_size = NR;
	r = xt_xsk_open(&x, env->ifindex, &cfg);
	xt_xsk_close(&x);
	return r;
}

XT_CASE_Q(bind_ok, XT_NONE, 5)
{
	static const struct xt_xsk_cfg cfgs[] = {
		{ .bind_flags = XDP_COPY },
		{ 0 },
		{ .bind_flags = XDP_COPY | XDP_USE_NEED_WAKEUP },
		{ .no_tx = true },
		{ .no_rx = true },
	};
	struct xt_xsk_cfg cfg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cfgs); i++) {
		cfg = cfgs[i];
		cfg.queue = i;
		XT_NEG_ERRNO(open1(env, cfg), 0);
	}
}

XT_CASE(bind_no_rx_tx, XT_NONE)
{
	XT_NEG_ERRNO(open1(env, (struct xt_xsk_cfg){
		.no_rx = true, .no_tx = true }), EINVAL);
}

XT_CASE(bind_no_umem, XT_NONE)
{
	int fd = XT_OK(xt_xsk_socket());

	XT_OK(xt_ring_size(fd, XDP_RX_RING, NR));
	XT_ERRNO(xt_bind(fd, env->ifindex, 0, XDP_COPY, 0), EINVAL);
	XT_OK(xt_ring_size(fd, XDP_UMEM_FILL_RING, NR));
	XT_OK(xt_ring_size(fd, XDP_UMEM_COMPLETION_RING, NR));
	XT_ERRNO(xt_bind(fd, env->ifindex, 0, XDP_COPY, 0), EINVAL);
	close(fd);
}

XT_CASE(bind_no_fill_comp, XT_NONE)
{
	XT_NEG_ERRNO(open1(env, (struct xt_xsk_cfg){ .no_fill = true }),
		     EINVAL);
	XT_NEG_ERRNO(open1(env, (struct xt_xsk_cfg){ .no_comp = true }),
		     EINVAL);
	XT_NEG_ERRNO(open1(env, (struct xt_xsk_cfg){
		.no_fill = true, .no_comp = true }), EINVAL);
}

XT_CASE(bind_addr_bad, XT_NONE)
{
	const socklen_t len = sizeof(struct sockaddr_xdp);
	struct xt_xsk x;

	ready(&x);
	XT_ERRNO(bind_addr(x.fd, AF_INET, env->ifindex, len), EINVAL);
	XT_ERRNO(bind_addr(x.fd, 0, env->ifindex, len), EINVAL);
	XT_ERRNO(bind_addr(x.fd, AF_XDP, env->ifindex, 0), EINVAL);
	XT_ERRNO(bind_addr(x.fd, AF_XDP, env->ifindex, len - 1), EINVAL);
	XT_OK(bind_addr(x.fd, AF_XDP, env->ifindex, len));
	xt_xsk_close(&x);
}

XT_CASE(bind_flags_bad, XT_NONE | XT_ZC)
{
	struct xt_xsk x;

	ready(&x);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0, 1 << 4, 0), EINVAL);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0, 1 << 15, 0), EINVAL);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0, XDP_COPY | XDP_ZEROCOPY, 0),
		 EINVAL);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, xt_copy_mode(env), 0));
	xt_xsk_close(&x);
}

XT_CASE(bind_ifindex_bad, XT_NONE)
{
	struct xt_xsk x;

	ready(&x);
	XT_ERRNO(xt_bind(x.fd, 0, 0, XDP_COPY, 0), ENODEV);
	XT_ERRNO(xt_bind(x.fd, 99999, 0, XDP_COPY, 0), ENODEV);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, XDP_COPY, 0));
	xt_xsk_close(&x);
}

XT_CASE(bind_queue_bad, XT_NONE | XT_ZC)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	__u16 mode = xt_copy_mode(env);
	struct xt_xsk x;

	XT_OK(xt_ethtool("xt0", &ch));
	XT_EQ(env->mode == XT_ZC ? ch.combined_count : ch.rx_count,
	      env->mode == XT_ZC ? ch.max_combined : 1);
	ready(&x);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, ch.rx_count + ch.combined_count,
			 mode, 0), EINVAL);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0xffffffff, mode, 0), EINVAL);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, mode, 0));
	xt_xsk_close(&x);
}

XT_CASE(bind_queue_wide, XT_NONE)
{
	struct xt_xsk x;

	if (!xt_kernel_is_series())
		xt_skip("6.1 binds queue 0x10000 as queue 0");
	ready(&x);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0x10000, XDP_COPY, 0), EINVAL);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, XDP_COPY, 0));
	xt_xsk_close(&x);
}

XT_CASE_Q(bind_twice, XT_NONE | XT_ZC, 2)
{
	struct xt_xsk x;

	ready(&x);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, xt_copy_mode(env), 0));
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0, xt_copy_mode(env), 0), EBUSY);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 1, xt_copy_mode(env), 0), EBUSY);
	xt_xsk_close(&x);
}

XT_CASE_Q(bind_queue_busy, XT_NONE | XT_ZC, 2)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a, b, c;

	XT_NEG_ERRNO(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	XT_NEG_ERRNO(open1(env, cfg), EBUSY);
	cfg.queue = 1;
	XT_NEG_ERRNO(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	xt_xsk_close(&a);
	cfg.queue = 0;
	XT_NEG_ERRNO(xt_xsk_open_wait(&c, env->ifindex, &cfg, 0), 0);
	xt_xsk_close(&c);
	xt_xsk_close(&b);
}

XT_CASE(bind_zerocopy_veth, XT_NONE)
{
	struct xt_xsk x;

	ready(&x);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0, XDP_ZEROCOPY, 0), EOPNOTSUPP);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, XDP_COPY, 0));
	xt_xsk_close(&x);
}

XT_CASE(bind_shared_same_queue, XT_NONE | XT_ZC)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a;

	XT_NEG_ERRNO(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg.bind_flags = 0;
	cfg.shared = &a;
	cfg.no_tx = true;
	XT_NEG_ERRNO(open1(env, cfg), 0);
	cfg.no_tx = false;
	cfg.no_rx = true;
	XT_NEG_ERRNO(open1(env, cfg), 0);
	cfg.no_rx = false;
	cfg.shared_fq = true;
	XT_NEG_ERRNO(open1(env, cfg), EINVAL);
	cfg.no_fill = true;
	XT_NEG_ERRNO(open1(env, cfg), EINVAL);
	cfg.no_fill = false;
	cfg.no_comp = true;
	XT_NEG_ERRNO(open1(env, cfg), EINVAL);
	xt_xsk_close(&a);
}

XT_CASE_Q(bind_shared_other_queue, XT_NONE | XT_ZC, 2)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a, b;

	XT_NEG_ERRNO(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg.bind_flags = 0;
	cfg.queue = 1;
	cfg.shared = &a;
	XT_NEG_ERRNO(open1(env, cfg), EINVAL);
	cfg.shared_fq = true;
	XT_NEG_ERRNO(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	cfg.shared = &b;
	cfg.shared_fq = false;
	XT_NEG_ERRNO(open1(env, cfg), 0);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
}

/*
 * A socket with only an RX ring, bound with XDP_SHARED_UMEM | flags to
 * shared_fd, and closed; returns what bind() did.
 */
static int bind_shared(struct xt_env *env, int shared_fd, __u16 flags)
{
	int fd = XT_OK(xt_xsk_socket());
	int r, e;

	XT_OK(xt_ring_size(fd, XDP_RX_RING, NR));
	r = xt_bind(fd, env->ifindex, 0, XDP_SHARED_UMEM | flags, shared_fd);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

XT_CASE(bind_shared_fd_bad, XT_NONE)
{
	int null = XT_OK(open("/dev/null", O_RDONLY));
	int udp = XT_OK(socket(AF_INET, SOCK_DGRAM, 0));
	int fd = XT_OK(xt_xsk_socket());
	struct xt_xsk x;

	ready(&x);
	XT_ERRNO(bind_shared(env, -1, 0), ENOTSOCK);
	XT_ERRNO(bind_shared(env, 1000, 0), ENOTSOCK);
	XT_ERRNO(bind_shared(env, null, 0), ENOTSOCK);
	XT_ERRNO(bind_shared(env, udp, 0), ENOPROTOOPT);
	XT_ERRNO(bind_shared(env, x.fd, 0), EBADF);
	XT_OK(xt_ring_size(fd, XDP_RX_RING, NR));
	XT_ERRNO(xt_bind(fd, env->ifindex, 0, XDP_SHARED_UMEM, fd), EBADF);
	close(fd);
	xt_xsk_close(&x);
	close(udp);
	close(null);
}

XT_CASE(bind_shared_flags, XT_NONE | XT_ZC)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a;

	XT_NEG_ERRNO(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	XT_ERRNO(bind_shared(env, a.fd, XDP_COPY), EINVAL);
	XT_ERRNO(bind_shared(env, a.fd, XDP_ZEROCOPY), EINVAL);
	XT_ERRNO(bind_shared(env, a.fd, XDP_USE_NEED_WAKEUP), EINVAL);
	XT_OK(bind_shared(env, a.fd, 0));
	xt_xsk_close(&a);
}

XT_CASE(bind_shared_own_umem, XT_NONE | XT_ZC)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = xt_copy_mode(env) };
	struct xt_xsk a, x;

	XT_NEG_ERRNO(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	ready(&x);
	XT_ERRNO(xt_bind(x.fd, env->ifindex, 0, XDP_SHARED_UMEM, a.fd),
		 EINVAL);
	xt_xsk_close(&x);
	xt_xsk_close(&a);
}

XT_CASE_Q(bind_zc_options, XT_ZC, 2)
{
	static const struct {
		__u16 bind_flags;
		__u32 options;
	} want[] = {
		{ XDP_ZEROCOPY, XDP_OPTIONS_ZEROCOPY },
		{ 0, XDP_OPTIONS_ZEROCOPY },
		{ XDP_COPY, 0 },
	};
	struct xdp_options opts;
	struct xt_xsk_cfg cfg;
	socklen_t len;
	struct xt_xsk x;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		cfg = (struct xt_xsk_cfg){
			.ring_size = NR, .bind_flags = want[i].bind_flags,
			.queue = i % 2,
		};
		XT_NEG_ERRNO(xt_xsk_open_wait(&x, env->ifindex, &cfg, 0), 0);
		len = sizeof(opts);
		XT_OK(getsockopt(x.fd, SOL_XDP, XDP_OPTIONS, &opts, &len));
		XT_EQ(len, sizeof(opts));
		XT_EQ(opts.flags, want[i].options);
		xt_xsk_close(&x);
	}
}

XT_CASE(bind_other_netns, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY, .no_bind = true };
	struct xt_xsk x, y;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_OK(unshare(CLONE_NEWNET));
	XT_EQ(xt_xsk_open(&y, env->ifindex, &cfg), 0);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, XDP_COPY, 0));
	XT_ERRNO(xt_bind(y.fd, env->ifindex, 0, XDP_COPY, 0), ENODEV);
	xt_xsk_close(&y);
	xt_xsk_close(&x);
}
