// SPDX-License-Identifier: GPL-2.0
/*
 * hostgen: frames from outside the guest, through a QEMU -netdev dgram
 * backend on the loopback address (each UDP datagram one Ethernet frame).
 *
 *   hostgen send [-n COUNT] [-r PPS] [-b BATCH] [-s SIZE] [-f FLOWS]
 *                [-N FRAMES] [-m DSTMAC] PORT
 *	pre-builds FRAMES distinct UDP/IPv4 frames of SIZE bytes (without
 *	FCS) to DSTMAC, FLOWS flows by UDP source port, and sends them with
 *	sendmmsg() to 127.0.0.1:PORT (QEMU's local.port), COUNT of them
 *	(0: until SIGINT or SIGTERM), at most PPS a second if given.
 *
 *   hostgen recv [-n COUNT] [-t SECONDS] [-P] [-c WORD] PORT
 *	binds 127.0.0.1:PORT (QEMU's remote.port) and counts the frames the
 *	guest sends, until COUNT of them, SECONDS (default 5) without a
 *	frame once the first came, or SIGINT/SIGTERM.  -P checks hostgen's
 *	own payload (l2fwd sends it back), -c that the UDP payload is WORD
 *	repeated big-endian (xdpsock's txonly: 0x12345678).
 *
 * Each prints one summary line of key=value pairs on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HG_MAGIC	0x68676e31	/* "hgn1" */
#define HDR_LEN		42		/* Ethernet, IPv4, UDP */
#define MAX_FRAME	9018
#define MAX_BATCH	1024

static int stop;		/* set by the signal handler */

static void on_signal(int sig)
{
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static int stopped(void)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED);
}

static void help(void)
{
	fprintf(stderr,
		"usage: hostgen send [-n COUNT] [-r PPS] [-b BATCH] [-s SIZE] [-f FLOWS]\n"
		"                    [-N FRAMES] [-m DSTMAC] PORT\n"
		"       hostgen recv [-n COUNT] [-t SECONDS] [-P] [-c WORD] PORT\n");
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end)
		help();
	return v;
}

static int udp_socket(int port, int do_bind)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd, sz = 4 << 20;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		exit(1);
	}
	setsockopt(fd, SOL_SOCKET, do_bind ? SO_RCVBUF : SO_SNDBUF,
		   &sz, sizeof(sz));
	if ((do_bind ? bind(fd, (void *)&a, sizeof(a)) :
		       connect(fd, (void *)&a, sizeof(a))) < 0) {
		perror(do_bind ? "bind" : "connect");
		exit(1);
	}
	return fd;
}

/* Drops at UDP sockets whose receive buffer was full, all of the host. */
static long long udp_rcvbuf_errors(void)
{
	char head[512], vals[512], *h, *v, *hs, *vs;
	long long n = -1;
	FILE *f = fopen("/proc/net/snmp", "r");

	if (!f)
		return -1;
	while (fgets(head, sizeof(head), f) && fgets(vals, sizeof(vals), f)) {
		if (strncmp(head, "Udp:", 4))
			continue;
		h = strtok_r(head, "\n ", &hs);
		v = strtok_r(vals, "\n ", &vs);
		while (h && v) {
			if (!strcmp(h, "RcvbufErrors"))
				n = atoll(v);
			h = strtok_r(NULL, "\n ", &hs);
			v = strtok_r(NULL, "\n ", &vs);
		}
		break;
	}
	fclose(f);
	return n;
}

static uint16_t ip_csum(const uint8_t *p, int len)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < len; i += 2)
		s += p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/*
 * Frame @idx of @size bytes, flow @flow: 02:00:00:00:00:01 10.0.71.254
 * port 1024 + flow to @dst 10.0.71.1 port 9; payload HG_MAGIC, @idx, then
 * bytes equal to their offset in the frame (mod 256).
 */
static void build(uint8_t *f, int size, const uint8_t *dst, int flow,
		  uint32_t idx)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t *ip = f + 14, *udp = f + 34;
	int i;

	memset(f, 0, size);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, size - 14);
	put16(ip + 4, idx);
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, 0x0a0047fe);
	put32(ip + 16, 0x0a004701);
	put16(ip + 10, ip_csum(ip, 20));
	put16(udp, 1024 + flow);
	put16(udp + 2, 9);
	put16(udp + 4, size - 34);
	for (i = HDR_LEN; i < size; i++)
		f[i] = i;
	if (size >= HDR_LEN + 8) {
		put32(f + HDR_LEN, HG_MAGIC);
		put32(f + HDR_LEN + 4, idx);
	}
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int m[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
		   &m[4], &m[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = m[i];
	return 0;
}

static int do_send(int argc, char **argv)
{
	unsigned long count = 0, rate = 0, batch = 64, size = 60, flows = 1;
	unsigned long nframes = 256, sent = 0, calls = 0, errs = 0, i, n;
	uint8_t dst[6] = { 0x52, 0x54, 0x00, 0x71, 0x00, 0x00 };
	struct mmsghdr *msg;
	struct iovec *iov;
	long long drops0;
	double t0, t;
	uint8_t *frames;
	int opt, fd, r;

	while ((opt = getopt(argc, argv, "n:r:b:s:f:N:m:")) != -1) {
		switch (opt) {
		case 'n':
			count = num(optarg);
			break;
		case 'r':
			rate = num(optarg);
			break;
		case 'b':
			batch = num(optarg);
			break;
		case 's':
			size = num(optarg);
			break;
		case 'f':
			flows = num(optarg);
			break;
		case 'N':
			nframes = num(optarg);
			break;
		case 'm':
			if (parse_mac(optarg, dst))
				help();
			break;
		default:
			help();
		}
	}
	if (optind != argc - 1 || size < HDR_LEN || size > MAX_FRAME ||
	    !batch || batch > MAX_BATCH || !flows || flows > 64511 ||
	    nframes < batch)
		help();
	fd = udp_socket(num(argv[optind]), 0);

	frames = malloc(nframes * size);
	msg = calloc(nframes, sizeof(*msg));
	iov = calloc(nframes, sizeof(*iov));
	if (!frames || !msg || !iov) {
		perror("malloc");
		return 1;
	}
	for (i = 0; i < nframes; i++) {
		build(frames + i * size, size, dst, i % flows, i);
		iov[i].iov_base = frames + i * size;
		iov[i].iov_len = size;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}

	drops0 = udp_rcvbuf_errors();
	t0 = now();
	while (!stopped() && (!count || sent < count)) {
		n = batch;
		if (count && count - sent < n)
			n = count - sent;
		/* A batch, then wait until the rate allows the next one. */
		if (rate) {
			t = t0 + (double)sent / rate - now();
			if (t > 0) {
				struct timespec ts = {
					.tv_sec = t,
					.tv_nsec = (t - (long)t) * 1e9,
				};

				nanosleep(&ts, NULL);
				continue;
			}
		}
		i = sent % nframes;
		if (n > nframes - i)
			n = nframes - i;
		r = sendmmsg(fd, msg + i, n, 0);
		calls++;
		if (r < 0) {
			if (errno != EINTR && errno != ENOBUFS &&
			    errno != EAGAIN && errno != ECONNREFUSED) {
				perror("sendmmsg");
				return 1;
			}
			/* Full, or QEMU not reading yet: leave the CPU to
			 * the guest a while rather than spin on it.
			 */
			errs++;
			if (errno != EINTR)
				usleep(100);
			continue;
		}
		sent += r;
	}
	t = now() - t0;
	printf("hostgen: sent frames=%lu bytes=%lu secs=%.3f pps=%.0f",
	       sent, sent * size, t, t > 0 ? sent / t : 0);
	printf(" calls=%lu errors=%lu size=%lu flows=%lu host_udp_rcvbuf_drops=%lld\n",
	       calls, errs, size, flows, udp_rcvbuf_errors() - drops0);
	return 0;
}

/* 0 if @f is hostgen's own frame (or, with @word, carries it repeated). */
static int check(const uint8_t *f, int len, int own, uint32_t word)
{
	int i;

	if (len < HDR_LEN || f[12] != 0x08 || f[13] != 0x00 || f[23] != 17)
		return -1;
	if (own) {
		if (len < HDR_LEN + 8 || get32(f + HDR_LEN) != HG_MAGIC)
			return -1;
		for (i = HDR_LEN + 8; i < len; i++)
			if (f[i] != (uint8_t)i)
				return -1;
		return 0;
	}
	for (i = HDR_LEN; i < len; i++)
		if (f[i] != (uint8_t)(word >> (24 - 8 * ((i - HDR_LEN) & 3))))
			return -1;
	return 0;
}

static int do_recv(int argc, char **argv)
{
	unsigned long count = 0, idle = 5, frames = 0, bytes = 0, bad = 0;
	struct timeval tv = { .tv_usec = 100000 };
	static uint8_t buf[64][MAX_FRAME + 1];
	struct mmsghdr msg[64];
	struct iovec iov[64];
	int opt, fd, r, i, own = 0, chk = 0;
	double first = 0, last = 0;
	uint32_t word = 0;

	while ((opt = getopt(argc, argv, "n:t:Pc:")) != -1) {
		switch (opt) {
		case 'n':
			count = num(optarg);
			break;
		case 't':
			idle = num(optarg);
			break;
		case 'P':
			own = chk = 1;
			break;
		case 'c':
			word = num(optarg);
			chk = 1;
			break;
		default:
			help();
		}
	}
	if (optind != argc - 1)
		help();
	fd = udp_socket(num(argv[optind]), 1);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (i = 0; i < 64; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		memset(&msg[i], 0, sizeof(msg[i]));
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	printf("hostgen: listening on 127.0.0.1:%s\n", argv[optind]);
	fflush(stdout);

	while (!stopped() && (!count || frames < count)) {
		r = recvmmsg(fd, msg, 64, MSG_WAITFORONE, NULL);
		if (r <= 0) {
			if (r < 0 && errno != EAGAIN && errno != EINTR) {
				perror("recvmmsg");
				return 1;
			}
			if (frames && now() - last >= idle)
				break;
			continue;
		}
		last = now();
		if (!frames)
			first = last;
		for (i = 0; i < r; i++) {
			frames++;
			bytes += msg[i].msg_len;
			if (chk && check(buf[i], msg[i].msg_len, own, word))
				bad++;
		}
	}
	printf("hostgen: received frames=%lu bytes=%lu secs=%.3f pps=%.0f",
	       frames, bytes, last - first,
	       last > first ? (frames - 1) / (last - first) : 0);
	if (chk)
		printf(" bad=%lu\n", bad);
	else
		printf(" bad=-\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	if (argc < 2)
		help();
	/* No SA_RESTART: a signal ends a blocking sendmmsg() or recvmmsg(). */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "send"))
		return do_send(argc - 1, argv + 1);
	if (!strcmp(argv[1], "recv"))
		return do_recv(argc - 1, argv + 1);
	help();
	return 2;
}
