// SPDX-License-Identifier: GPL-2.0
/* Namespaces, the link, and test frames sent from the peer. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "xt.h"

/* Ethernet, IPv4 (no options) and UDP headers of frame_udp(). */
#define FRAME_UDP_HLEN	42

void xt_sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc)
		XT_FAIL("'%s' exited with %d", cmd, rc);
}

int xt_ethtool(const char *ifname, void *cmd)
{
	struct ifreq ifr = { .ifr_data = cmd };
	int fd = XT_OK(socket(AF_INET, SOCK_DGRAM, 0));
	int r, e;

	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	r = ioctl(fd, SIOCETHTOOL, &ifr);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

/*
 * Run fn in a child that has entered the peer's namespace; returns the
 * child's exit status (0 when fn returned).
 */
int xt_in_peer(struct xt_env *env, void (*fn)(struct xt_env *, void *),
	       void *arg)
{
	char path[128];
	pid_t pid;
	int st, fd;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		XT_FAIL("fork: %s", strerror(errno));
	if (!pid) {
		snprintf(path, sizeof(path), "/run/netns/%s", env->peer_ns);
		fd = open(path, O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			XT_FAIL("entering %s: %s", path, strerror(errno));
		fn(env, arg);
		exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		XT_FAIL("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Set the MTU of both ends of the veth pair. */
void xt_set_mtu(struct xt_env *env, unsigned int mtu)
{
	xt_sh("ip link set xt0 mtu %u && ip -n %s link set xt1 mtu %u",
	      mtu, env->peer_ns, mtu);
}

struct send_arg {
	const void *frame;	/* count copies of it, or... */
	size_t len;
	unsigned int count;
	const unsigned int *lens;	/* ...xt_frame()s of these lengths */
	uint32_t seq0;
	__u16 port;		/* of the xt_frame()s, see frame_udp() */
	int cpu;		/* to send from, or -1 */
};

static size_t frame_udp(struct xt_env *env, void *buf, size_t len,
			uint32_t seq, __u16 port);

static void peer_send(struct xt_env *env, void *p)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = env->peer_ifindex,
		.sll_protocol = htons(ETH_P_ALL),
	};
	unsigned char buf[ETH_FRAME_LEN + 4096];
	struct send_arg *a = p;
	const void *frame;
	unsigned int i;
	size_t len;
	int fd;

	if (a->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(a->cpu, &set);
		XT_OK(sched_setaffinity(0, sizeof(set), &set));
	}
	fd = XT_OK(socket(AF_PACKET, SOCK_RAW, 0));
	XT_OK(bind(fd, (struct sockaddr *)&sll, sizeof(sll)));
	for (i = 0; i < a->count; i++) {
		frame = a->frame;
		len = a->len;
		if (a->lens) {
			len = frame_udp(env, buf, a->lens[i], a->seq0 + i,
					a->port);
			frame = buf;
		}
		XT_EQ(send(fd, frame, len, 0), len);
	}
	close(fd);
}

/* Send count copies of frame out of the peer's end of the link. */
void xt_peer_send(struct xt_env *env, const void *frame, size_t len,
		  unsigned int count)
{
	struct send_arg a = {
		.frame = frame, .len = len, .count = count, .cpu = -1,
	};

	if (xt_in_peer(env, peer_send, &a))
		XT_FAIL("sending from the peer failed");
}

/*
 * Send n xt_frame()s from the peer, of lengths lens[] and sequence numbers
 * seq0, seq0 + 1..., in that order from one process.
 */
void xt_peer_send_frames(struct xt_env *env, const unsigned int *lens,
			 unsigned int n, uint32_t seq0)
{
	xt_peer_send_frames_q(env, -1, lens, n, seq0);
}

/*
 * Steering the peer's frames to a receive queue of xt0.  veth hands a frame
 * to the receive queue of the index of the transmit queue it was sent on,
 * which XPS chooses by the sending CPU.  In driver mode that index is the
 * XDP program's rx_queue_index; in skb mode generic XDP reads the frame's
 * queue_mapping, which veth leaves as the sender set it, as "recorded
 * receive queue + 1", so transmit queue q + 1 lands on receive queue q
 * (the runner gives xt1 the one more transmit queue this takes).  Map
 * CPU q to that transmit queue, for each queue that has a CPU.
 *
 * An XL710 (zc mode) hashes no test frame and puts them all on queue 0:
 * there the frames for queue q are UDP to port XT_UDP_PORT + q (see
 * frame_udp()), and a flow director rule at location q steers each.
 */
void xt_peer_steer(struct xt_env *env)
{
	unsigned int q, shift = env->mode == XT_SKB;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (env->mode == XT_ZC) {
		for (q = 0; q < env->queues; q++)
			xt_sh("ethtool -N xt0 flow-type udp4 dst-port %u "
			      "action %u loc %u", XT_UDP_PORT + q, q, q);
		return;
	}
	for (q = 0; q < env->queues && q < cpus; q++)
		xt_sh("ip netns exec %s sh -c 'echo %x > "
		      "/sys/class/net/xt1/queues/tx-%u/xps_cpus'",
		      env->peer_ns, 1u << q, q + shift);
}

/*
 * xt_peer_send_frames() to receive queue "queue" of xt0 (see above): in zc
 * mode as frames of the UDP flow xt_peer_steer() steered there.
 */
void xt_peer_send_frames_q(struct xt_env *env, int queue,
			   const unsigned int *lens, unsigned int n,
			   uint32_t seq0)
{
	struct send_arg a = {
		.lens = lens, .count = n, .seq0 = seq0, .cpu = queue,
	};

	if (env->mode == XT_ZC && queue >= 0) {
		/* Only xt_peer_steer()'s flows reach a known queue. */
		if ((unsigned int)queue >= env->queues)
			XT_FAIL("zc: no flow steered to queue %d", queue);
		a.port = XT_UDP_PORT + queue;
		a.cpu = -1;
	} else if (queue >= sysconf(_SC_NPROCESSORS_ONLN)) {
		xt_skip("steering to queue %d needs %d CPUs", queue, queue + 1);
	}
	if (xt_in_peer(env, peer_send, &a))
		XT_FAIL("sending from the peer failed");
}

/*
 * An AF_PACKET socket on ifindex for frames of EtherType proto: it receives
 * those that reach ifindex, and sends out of it.
 */
int xt_packet_socket_of(int ifindex, __u16 proto)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ifindex,
		.sll_protocol = htons(proto),
	};
	int fd, buf = 16 << 20;

	fd = XT_OK(socket(AF_PACKET, SOCK_RAW, htons(proto)));
	/* Room for every frame of a case: a driver's skb of a short frame
	 * can take a 2 KiB buffer, over the default limit after 100.
	 */
	XT_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)));
	XT_OK(bind(fd, (struct sockaddr *)&sll, sizeof(sll)));
	return fd;
}

/* The test frames that reach ifindex. */
int xt_packet_socket(int ifindex)
{
	return xt_packet_socket_of(ifindex, XT_ETH_P_TEST);
}

/* xt_packet_socket_of() on the peer's xt1, for the case's own process. */
int xt_peer_socket_of(struct xt_env *env, __u16 proto)
{
	char path[128];
	int own, peer, fd;

	snprintf(path, sizeof(path), "/run/netns/%s", env->peer_ns);
	own = XT_OK(open("/proc/self/ns/net", O_RDONLY));
	peer = open(path, O_RDONLY);
	if (peer < 0 || setns(peer, CLONE_NEWNET))
		XT_FAIL("entering %s: %s", path, strerror(errno));
	fd = xt_packet_socket_of(env->peer_ifindex, proto);
	XT_OK(setns(own, CLONE_NEWNET));
	close(own);
	close(peer);
	return fd;
}

/* The test frames that reach the peer's xt1. */
int xt_peer_socket(struct xt_env *env)
{
	return xt_peer_socket_of(env, XT_ETH_P_TEST);
}

/* The next frame on an AF_PACKET socket; fails the case after XT_WAIT_MS. */
size_t xt_packet_recv(int fd, void *buf, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (XT_OK(poll(&pfd, 1, XT_WAIT_MS)) == 0)
		XT_FAIL("no frame came to the packet socket");
	return XT_OK(recv(fd, buf, len, MSG_DONTWAIT));
}

/*
 * A test frame of len bytes from the peer to xt0: Ethernet header with
 * XT_ETH_P_TEST, then "XTST", the sequence number (big-endian) and a
 * pattern derived from both, so that any misplaced byte shows.
 */
size_t xt_frame(struct xt_env *env, void *buf, size_t len, uint32_t seq)
{
	return frame_udp(env, buf, len, seq, 0);
}

/*
 * The same, as IPv4 UDP to port (from 10.88.0.2 to 10.88.0.1, source port
 * XT_UDP_PORT) where port is not 0: "XTST" and what follows begin after
 * the UDP header.  Steering by ethtool -N needs a flow (xt_peer_steer()).
 */
static size_t frame_udp(struct xt_env *env, void *buf, size_t len,
			uint32_t seq, __u16 port)
{
	unsigned char *b = buf;
	uint32_t nseq = htonl(seq), sum = 0;
	size_t i, h = port ? FRAME_UDP_HLEN : ETH_HLEN;

	if (port && len < h + 8)
		XT_FAIL("a UDP test frame of %zu bytes has no room for its "
			"headers", len);
	memcpy(b, env->mac, 6);
	memcpy(b + 6, env->peer_mac, 6);
	b[12] = XT_ETH_P_TEST >> 8;
	b[13] = XT_ETH_P_TEST & 0xff;
	if (port) {
		static const unsigned char ip[20] = {
			0x45, 0, 0, 0, 0, 0, 0, 0, 64, IPPROTO_UDP, 0, 0,
			10, 88, 0, 2, 10, 88, 0, 1,
		};

		b[12] = ETH_P_IP >> 8;
		b[13] = ETH_P_IP & 0xff;
		memcpy(b + 14, ip, sizeof(ip));
		b[16] = (len - 14) >> 8;
		b[17] = (len - 14) & 0xff;
		for (i = 14; i < 34; i += 2)
			sum += b[i] << 8 | b[i + 1];
		sum = (sum & 0xffff) + (sum >> 16);
		sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
		b[24] = sum >> 8;
		b[25] = sum & 0xff;
		b[34] = XT_UDP_PORT >> 8;
		b[35] = XT_UDP_PORT & 0xff;
		b[36] = port >> 8;
		b[37] = port & 0xff;
		b[38] = (len - 34) >> 8;
		b[39] = (len - 34) & 0xff;
		b[40] = 0;	/* no UDP checksum */
		b[41] = 0;
	}
	memcpy(b + h, "XTST", 4);
	memcpy(b + h + 4, &nseq, 4);
	for (i = h + 8; i < len; i++)
		b[i] = (unsigned char)(i * 7 + seq);
	return len;
}

/* The same, with the addresses swapped: a frame from xt0 to the peer. */
size_t xt_frame_out(struct xt_env *env, void *buf, size_t len, uint32_t seq)
{
	unsigned char *b = buf;

	xt_frame(env, buf, len, seq);
	memcpy(b, env->peer_mac, 6);
	memcpy(b + 6, env->mac, 6);
	return len;
}

/*
 * Is buf exactly what xt_frame() makes for its length and sequence, or
 * frame_udp() for its port too?
 */
bool xt_frame_ok(struct xt_env *env, const void *buf, size_t len,
		 uint32_t *seq)
{
	unsigned char want[ETH_FRAME_LEN + 4096];
	const unsigned char *b = buf;
	size_t h = ETH_HLEN;
	__u16 port = 0;
	uint32_t nseq;

	if (len >= FRAME_UDP_HLEN + 8 && b[12] == ETH_P_IP >> 8 &&
	    b[13] == (ETH_P_IP & 0xff)) {
		h = FRAME_UDP_HLEN;
		port = b[36] << 8 | b[37];
	}
	if (len < h + 8 || len > sizeof(want))
		return false;
	memcpy(&nseq, b + h + 4, 4);
	*seq = ntohl(nseq);
	frame_udp(env, want, len, *seq, port);
	return !memcmp(want, buf, len);
}

/* A queue of the multi-queue tap device name: its tun fd. */
int xt_tap_queue(const char *name)
{
	struct ifreq ifr = {
		.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE,
	};
	int fd = XT_OK(open("/dev/net/tun", O_RDWR));

	strcpy(ifr.ifr_name, name);
	XT_OK(ioctl(fd, TUNSETIFF, &ifr));
	return fd;
}
