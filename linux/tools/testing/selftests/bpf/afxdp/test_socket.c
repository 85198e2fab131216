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
 */
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/capability.h>
#include <linux/if_ether.h>

#include "xt.h"
#include "xsk.h"

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
