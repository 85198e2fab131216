// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * socket(AF_XDP, ...).
 *
 * socket_raw: SOCK_RAW with protocol 0 gives a socket, also with
 *	SOCK_NONBLOCK | SOCK_CLOEXEC; getsockopt(SO_DOMAIN) says AF_XDP and
 *	SO_TYPE says SOCK_RAW.
 * socket_type: SOCK_DGRAM, SOCK_STREAM and SOCK_SEQPACKET fail with
 *	ESOCKTNOSUPPORT.
 * socket_protocol: SOCK_RAW with protocol 1 or ETH_P_ALL fails with
 *	EPROTONOSUPPORT.
 * socket_no_cap_net_raw: without CAP_NET_RAW, socket() fails with EPERM
 *	(and the type is not looked at first: SOCK_DGRAM gives EPERM too).
 * socket_ops: connect(), getsockname(), getpeername(), listen(),
 *	accept(), shutdown() and socketpair() are EOPNOTSUPP.
 * socket_read_write: read() and write() are recvmsg() and sendmsg():
 *	ENXIO unbound; on a bound socket (copy mode, xt0) EOPNOTSUPP while
 *	the fd blocks (no MSG_DONTWAIT), 0 once it is O_NONBLOCK (a wakeup
 *	with nothing to do).
 * socket_userns (skips on a kernel without CONFIG_USER_NS; the test
 *	kernel has it): in a new user namespace, socket() is EPERM while the
 *	network namespace is the initial user namespace's (CAP_NET_RAW
 *	counts in the namespace that owns it); in a network namespace of
 *	its own a socket is created, registers a UMEM, binds to lo in copy
 *	mode and sends a frame, which completes.
 * socket_fd_shared: one socket behind several fds (skb mode, bound in
 *	copy mode, in the XSKMAP): its fd dup()ed and the original closed,
 *	passed through SCM_RIGHTS and the sender's copy closed while in
 *	flight, and inherited by a child: through each the socket receives,
 *	answers XDP_STATISTICS and takes a kick (a child's sendto() sends
 *	the frame on the TX ring, which completes); after the last close and
 *	unmap, the queue binds again.
 */
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/if_ether.h>

#include "rxtx.h"

static int sockopt_int(int fd, int opt)
{
	socklen_t len = sizeof(int);
	int v = -1;

	XT_OK(getsockopt(fd, SOL_SOCKET, opt, &v, &len));
	XT_EQ(len, sizeof(int));
	return v;
}

XT_CASE(socket_raw, XT_NONE)
{
	int fd;

	fd = XT_OK(socket(AF_XDP, SOCK_RAW, 0));
	XT_EQ(sockopt_int(fd, SO_DOMAIN), AF_XDP);
	XT_EQ(sockopt_int(fd, SO_TYPE), SOCK_RAW);
	close(fd);
	fd = XT_OK(socket(AF_XDP, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	close(fd);
}

XT_CASE(socket_type, XT_NONE)
{
	XT_ERRNO(socket(AF_XDP, SOCK_DGRAM, 0), ESOCKTNOSUPPORT);
	XT_ERRNO(socket(AF_XDP, SOCK_STREAM, 0), ESOCKTNOSUPPORT);
	XT_ERRNO(socket(AF_XDP, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
}

XT_CASE(socket_protocol, XT_NONE)
{
	XT_ERRNO(socket(AF_XDP, SOCK_RAW, 1), EPROTONOSUPPORT);
	XT_ERRNO(socket(AF_XDP, SOCK_RAW, htons(ETH_P_ALL)), EPROTONOSUPPORT);
}

XT_CASE(socket_no_cap_net_raw, XT_NONE)
{
	close(XT_OK(socket(AF_XDP, SOCK_RAW, 0)));
	xt_drop_cap(CAP_NET_RAW);
	XT_ERRNO(socket(AF_XDP, SOCK_RAW, 0), EPERM);
	XT_ERRNO(socket(AF_XDP, SOCK_DGRAM, 0), EPERM);
}

XT_CASE(socket_ops, XT_NONE)
{
	struct sockaddr_xdp sa = {
		.sxdp_family = AF_XDP, .sxdp_ifindex = env->ifindex,
	};
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd = XT_OK(socket(AF_XDP, SOCK_RAW, 0)), sv[2];

	XT_ERRNO(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), EOPNOTSUPP);
	XT_ERRNO(getsockname(fd, (struct sockaddr *)&ss, &len), EOPNOTSUPP);
	XT_ERRNO(getpeername(fd, (struct sockaddr *)&ss, &len), EOPNOTSUPP);
	XT_ERRNO(listen(fd, 1), EOPNOTSUPP);
	XT_ERRNO(accept(fd, NULL, NULL), EOPNOTSUPP);
	XT_ERRNO(shutdown(fd, SHUT_RDWR), EOPNOTSUPP);
	XT_ERRNO(socketpair(AF_XDP, SOCK_RAW, 0, sv), EOPNOTSUPP);
	close(fd);
}

XT_CASE(socket_read_write, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	int fd = XT_OK(socket(AF_XDP, SOCK_RAW, 0));
	struct xt_xsk x;
	char b = 0;

	XT_ERRNO(read(fd, &b, 1), ENXIO);
	XT_ERRNO(write(fd, &b, 1), ENXIO);
	close(fd);

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_ERRNO(read(x.fd, &b, 1), EOPNOTSUPP);
	XT_ERRNO(write(x.fd, &b, 1), EOPNOTSUPP);
	XT_OK(fcntl(x.fd, F_SETFL, O_NONBLOCK));
	XT_EQ(read(x.fd, &b, 1), 0);
	XT_EQ(write(x.fd, &b, 1), 0);
	xt_xsk_close(&x);
}

/* ip link set lo up, without exec(): a program run from a user namespace
 * in which root is not mapped has no capabilities.
 */
static void lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = XT_OK(socket(AF_INET, SOCK_DGRAM, 0));

	XT_OK(ioctl(fd, SIOCGIFFLAGS, &ifr));
	ifr.ifr_flags |= IFF_UP;
	XT_OK(ioctl(fd, SIOCSIFFLAGS, &ifr));
	close(fd);
}

XT_CASE(socket_userns, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xdp_desc d = { .addr = 0, .len = 64 };
	struct xt_xsk x;
	__u64 addr;

	if (unshare(CLONE_NEWUSER)) {
		if (errno == EINVAL)
			xt_skip("no user namespaces in this kernel (CONFIG_USER_NS)");
		XT_FAIL("unshare(CLONE_NEWUSER): %s", strerror(errno));
	}
	XT_ERRNO(socket(AF_XDP, SOCK_RAW, 0), EPERM);
	XT_OK(unshare(CLONE_NEWNET));
	lo_up();
	XT_EQ(xt_xsk_open(&x, 1, &cfg), 0);
	memset(x.umem, 0xff, 64);
	XT_EQ(xt_tx(&x.tx, &d, 1), 1);
	XT_EQ(xt_kick(x.fd), 0);
	if (!xt_ring_wait(&x.comp, 1))
		XT_FAIL("the frame did not complete");
	XT_EQ(xt_comp(&x.comp, &addr, 1), 1);
	XT_EQ(addr, 0);
	xt_xsk_close(&x);
}

/* fd over the AF_UNIX socket s, as SCM_RIGHTS. */
static void send_fd(int s, int fd)
{
	char c[CMSG_SPACE(sizeof(int))] = { 0 }, b = 0;
	struct iovec iov = { &b, 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = c, .msg_controllen = sizeof(c),
	};
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(int));
	XT_EQ(sendmsg(s, &m, 0), 1);
}

static int recv_fd(int s)
{
	char c[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { &b, 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = c, .msg_controllen = sizeof(c),
	};
	struct cmsghdr *h;
	int fd;

	XT_EQ(recvmsg(s, &m, 0), 1);
	h = CMSG_FIRSTHDR(&m);
	XT_TRUE(h && h->cmsg_type == SCM_RIGHTS);
	memcpy(&fd, CMSG_DATA(h), sizeof(int));
	return fd;
}

/* Frame seq arrives on x, whose socket fd (not x->fd) answers
 * XDP_STATISTICS and a recvfrom() wakeup.
 */
static void receives_via(struct xt_env *env, struct xt_xsk *x, int fd,
			 uint32_t seq)
{
	static const unsigned int len[] = { 64 };
	struct xdp_statistics st;
	struct xdp_desc d;

	xt_peer_send_frames(env, len, 1, seq);
	xt_rx_expect(env, x, x->umem, &d, len, 1, seq);
	XT_OK(xt_statistics(fd, &st));
	XT_EQ(recvfrom(fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), 0);
}

XT_CASE_NO_ZC(socket_fd_shared, XT_SKB,
	      "an fd is shared in every mode alike")
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xt_prog prog;
	struct xdp_desc d;
	struct xt_xsk x;
	int fd, sv[2], st;
	__u64 addr;
	pid_t pid;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 4);

	fd = XT_OK(dup(x.fd));
	XT_OK(close(x.fd));
	receives_via(env, &x, fd, 0);

	XT_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	send_fd(sv[0], fd);
	XT_OK(close(fd));
	fd = recv_fd(sv[1]);
	close(sv[0]);
	close(sv[1]);
	receives_via(env, &x, fd, 1);

	d = (struct xdp_desc){ .addr = 8 * x.chunk_size, .len = 64 };
	xt_frame_out(env, (char *)x.umem + d.addr, d.len, 0);
	XT_EQ(xt_tx(&x.tx, &d, 1), 1);
	fflush(NULL);
	pid = XT_OK(fork());
	if (!pid)
		_exit(xt_kick(fd) ? 1 : 0);
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_EQ(st, 0);
	if (!xt_ring_wait(&x.comp, 1))
		XT_FAIL("the child's kick sent nothing");
	XT_EQ(xt_comp(&x.comp, &addr, 1), 1);
	XT_EQ(addr, d.addr);
	receives_via(env, &x, fd, 2);

	x.fd = fd;
	xt_close_mapped(&prog, &x);
	XT_NEG_ERRNO(xt_xsk_open_wait(&x, env->ifindex, &cfg, 0), 0);
	xt_xsk_close(&x);
}
