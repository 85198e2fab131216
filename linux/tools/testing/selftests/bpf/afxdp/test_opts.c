// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * getsockopt(XDP_OPTIONS, XDP_STATISTICS) and options that do not exist.
 *
 * opt_options (two queues): XDP_OPTIONS gives flags 0 (no
 *	XDP_OPTIONS_ZEROCOPY) and optlen 4, on a socket bound in copy mode, on
 *	one bound with no flags (veth falls back to copy mode) and on an
 *	unbound one; optlen 8 returns 4; optlen 3 and 0 are EINVAL.
 * opt_statistics: on a fresh bound socket XDP_STATISTICS gives all six
 *	counters 0 and optlen 48; so it does on an unbound socket; optlen 64
 *	returns 48.
 * opt_statistics_v1: optlen 24 (the first layout: rx_dropped,
 *	rx_invalid_descs, tx_invalid_descs) and 40 return 24 bytes, zeroes,
 *	leaving what follows untouched; optlen 23 and 0 are EINVAL.
 * opt_unknown: getsockopt() of option 0, 10 or 1000, or of a
 *	setsockopt()-only option (XDP_RX_RING, XDP_UMEM_REG, option 9, which
 *	is XDP_MAX_TX_SKB_BUDGET upstream and unknown to 6.1): EOPNOTSUPP;
 *	setsockopt() of option 0, 10 or 1000, or of a getsockopt()-only option
 *	(XDP_STATISTICS, XDP_MMAP_OFFSETS, XDP_OPTIONS): ENOPROTOOPT.
 * opt_level: getsockopt() and setsockopt() of XDP_RX_RING's number at a
 *	level other than SOL_XDP (SOL_IP, SOL_XDP + 1): ENOPROTOOPT.
 */
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "xt.h"
#include "xsk.h"

#define NR		64
#define STATS_V1	(3 * 8)

/* XDP_OPTIONS of fd, with optlen len in, which must come back as 4. */
static __u32 options(int fd, socklen_t len)
{
	__u32 v[2] = { ~0u, ~0u };

	XT_OK(getsockopt(fd, SOL_XDP, XDP_OPTIONS, v, &len));
	XT_EQ(len, sizeof(struct xdp_options));
	XT_EQ(v[1], ~0u);
	return v[0];
}

static void options_bound(struct xt_env *env, __u32 queue, __u16 flags)
{
	struct xt_xsk_cfg cfg = {
		.ring_size = NR, .bind_flags = flags, .queue = queue,
	};
	struct xt_xsk x;

	XT_NEG_ERRNO(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_EQ(options(x.fd, sizeof(struct xdp_options)), 0);
	XT_EQ(options(x.fd, 8), 0);
	xt_xsk_close(&x);
}

XT_CASE_Q(opt_options, XT_NONE, 2)
{
	int fd = XT_OK(xt_xsk_socket());
	socklen_t len;
	__u32 v;

	options_bound(env, 0, XDP_COPY);
	options_bound(env, 1, 0);
	XT_EQ(options(fd, sizeof(struct xdp_options)), 0);
	len = 3;
	XT_ERRNO(getsockopt(fd, SOL_XDP, XDP_OPTIONS, &v, &len), EINVAL);
	len = 0;
	XT_ERRNO(getsockopt(fd, SOL_XDP, XDP_OPTIONS, &v, &len), EINVAL);
	close(fd);
}

/* XDP_STATISTICS with optlen len; the returned optlen must be want. */
static void stats_zero(int fd, socklen_t len, socklen_t want)
{
	__u64 st[8];
	unsigned int i;

	memset(st, 0xff, sizeof(st));
	XT_OK(getsockopt(fd, SOL_XDP, XDP_STATISTICS, st, &len));
	XT_EQ(len, want);
	for (i = 0; i < 8; i++)
		XT_EQ(st[i], i < want / 8 ? 0 : ~0ULL);
}

XT_CASE(opt_statistics, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = XDP_COPY };
	int fd = XT_OK(xt_xsk_socket());
	struct xt_xsk x;

	XT_EQ(sizeof(struct xdp_statistics), 48);
	XT_NEG_ERRNO(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	stats_zero(x.fd, 48, 48);
	stats_zero(x.fd, 64, 48);
	stats_zero(fd, 48, 48);
	xt_xsk_close(&x);
	close(fd);
}

XT_CASE(opt_statistics_v1, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .bind_flags = XDP_COPY };
	struct xt_xsk x;
	socklen_t len;
	__u64 st[6];

	XT_NEG_ERRNO(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	stats_zero(x.fd, STATS_V1, STATS_V1);
	stats_zero(x.fd, 40, STATS_V1);
	len = STATS_V1 - 1;
	XT_ERRNO(getsockopt(x.fd, SOL_XDP, XDP_STATISTICS, st, &len), EINVAL);
	len = 0;
	XT_ERRNO(getsockopt(x.fd, SOL_XDP, XDP_STATISTICS, st, &len), EINVAL);
	xt_xsk_close(&x);
}

XT_CASE(opt_unknown, XT_NONE)
{
	static const int unknown[] = { 0, 10, 1000 };
	static const int get_only[] = {
		XDP_STATISTICS, XDP_MMAP_OFFSETS, XDP_OPTIONS,
	};
	static const int set_only[] = { XDP_RX_RING, XDP_UMEM_REG, 9 };
	int fd = XT_OK(xt_xsk_socket());
	char buf[256] = { 0 };
	socklen_t len;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		len = sizeof(buf);
		XT_ERRNO(getsockopt(fd, SOL_XDP, unknown[i], buf, &len),
			 EOPNOTSUPP);
		XT_ERRNO(setsockopt(fd, SOL_XDP, unknown[i], buf, sizeof(buf)),
			 ENOPROTOOPT);
	}
	for (i = 0; i < ARRAY_SIZE(set_only); i++) {
		len = sizeof(buf);
		XT_ERRNO(getsockopt(fd, SOL_XDP, set_only[i], buf, &len),
			 EOPNOTSUPP);
	}
	for (i = 0; i < ARRAY_SIZE(get_only); i++)
		XT_ERRNO(setsockopt(fd, SOL_XDP, get_only[i], buf, sizeof(buf)),
			 ENOPROTOOPT);
	close(fd);
}

XT_CASE(opt_level, XT_NONE)
{
	static const int levels[] = { SOL_IP, SOL_XDP + 1 };
	int fd = XT_OK(xt_xsk_socket());
	__u32 v = NR;
	socklen_t len;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		len = sizeof(v);
		XT_ERRNO(getsockopt(fd, levels[i], XDP_RX_RING, &v, &len),
			 ENOPROTOOPT);
		XT_ERRNO(setsockopt(fd, levels[i], XDP_RX_RING, &v, sizeof(v)),
			 ENOPROTOOPT);
	}
	close(fd);
}
