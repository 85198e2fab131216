// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * A seeded random-sequence tester of the AF_XDP system calls.
 *
 * fuzz: XT_FUZZ_ITERS calls (default 3000) drawn from a PRNG seeded with
 *	XT_FUZZ_SEED (default 1): socket(), setsockopt() and getsockopt() of
 *	every SOL_XDP option with random values and lengths, bind() with
 *	random flags, queues and shared-UMEM descriptors, mmap() of random
 *	offsets and lengths, sendto(), recvmsg() and poll() with random
 *	flags, close(), and XSKMAP updates and deletes, on up to NSOCK
 *	sockets, while the peer sends a stream of frames to xt0 and a second
 *	thread scribbles over the indices, descriptors and FILL addresses of
 *	every ring mapped so far.  Each call must return, and fail (if it
 *	does) with an errno the AF_XDP ABI has for it; the kernel must not
 *	complain (the harness's console scan).  A failure prints the seed and
 *	the calls that led to it.  By hand, for longer:
 *	XT_FUZZ_SEED=7 XT_FUZZ_ITERS=1000000 afxdp_test fuzz/drv
 *
 * The sequence of calls is the seed's; what they return also depends on
 * the scribbler and the traffic, which run beside it.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <bpf/bpf.h>

#include "rxtx.h"

#define NSOCK		4
#define NMAP		64	/* mappings kept for the scribbler */
#define UMEM_LEN	(64 * 4096)
#define LOG_LEN		32

static __u64 rng;

static __u64 next(void)
{
	/* xorshift64*: small, and the same sequence everywhere. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static __u32 pick(__u32 n)
{
	return next() % n;
}

/* A size a ring or a UMEM might be given: mostly sane, sometimes not. */
static __u32 some_u32(void)
{
	static const __u32 odd[] = { 0, 1, 3, 31, 2048, 4095, 4096, 65537,
				     1U << 31, ~0U };

	return pick(4) ? 1U << pick(16) : odd[pick(ARRAY_SIZE(odd))];
}

static struct {
	int fd[NSOCK];
	void *umem;
	struct { void *p; size_t len; } map[NMAP];
	unsigned int nmap;
	pthread_mutex_t lock;	/* map[], between the two threads */
	char log[LOG_LEN][96];
	unsigned int nlog;
	struct xt_prog prog;
	struct xt_env *env;
	__u64 seed;
} f = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Log a call; errno stays what the call left, for check(). */
static void note(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f.log[f.nlog++ % LOG_LEN], sizeof(f.log[0]), fmt, ap);
	va_end(ap);
	errno = e;
}

/* The errnos the ABI gives for a call that is refused. */
static bool known_errno(int e)
{
	static const int ok[] = {
		EINVAL, EBUSY, ENOMEM, ENOBUFS, EFAULT, EOPNOTSUPP,
		ENOPROTOOPT, ENOTSOCK, EBADF, ENXIO, ENETDOWN, EAGAIN, EEXIST,
		ENOENT, E2BIG, ENODEV, EPERM, ENOSPC, EMSGSIZE, ENOTCONN,
		EOVERFLOW, EACCES,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (e == ok[i])
			return true;
	return false;
}

static void __attribute__((noreturn)) fuzz_fail(const char *what, int e)
{
	unsigned int i, first = f.nlog > LOG_LEN ? f.nlog - LOG_LEN : 0;

	for (i = first; i < f.nlog; i++)
		fprintf(stderr, "# call %u: %s\n", i, f.log[i % LOG_LEN]);
	XT_FAIL("seed %llu, call %u: %s: unexpected errno %d (%s)", f.seed,
		f.nlog - 1, what, e, strerrorname_np(e) ?: "?");
}

static void check(long r, const char *what)
{
	if (r < 0 && !known_errno(errno))
		fuzz_fail(what, errno);
}

/* One of the sockets, or a descriptor that is not open: other files
 * (the BPF objects, say) answer with their own subsystems' errnos.
 */
static int any_fd(void)
{
	return pick(8) ? f.fd[pick(NSOCK)] : pick(2) ? -1 : 4000 + (int)pick(8);
}

static void op_socket(void)
{
	unsigned int i = pick(NSOCK);

	if (f.fd[i] >= 0)
		close(f.fd[i]);
	f.fd[i] = xt_xsk_socket();
	note("socket() = %d", f.fd[i]);
	check(f.fd[i], "socket");
}

static void op_setsockopt(void)
{
	static const int opts[] = { XDP_UMEM_REG, XDP_RX_RING, XDP_TX_RING,
				    XDP_UMEM_FILL_RING,
				    XDP_UMEM_COMPLETION_RING, 99 };
	struct xdp_umem_reg mr = {
		.addr = pick(8) ? (__u64)(unsigned long)f.umem : next(),
		.len = pick(4) ? UMEM_LEN : some_u32(),
		.chunk_size = pick(3) ? 2048U << pick(2) : some_u32(),
		.headroom = pick(3) ? 0 : some_u32(),
		.flags = pick(3) ? 0 : pick(8),
	};
	int opt = opts[pick(ARRAY_SIZE(opts))], fd = any_fd();
	__u32 v = some_u32();
	socklen_t len;
	long r;

	if (opt == XDP_UMEM_REG) {
		len = pick(4) ? sizeof(mr) : pick(sizeof(mr) + 8);
		r = setsockopt(fd, SOL_XDP, opt, &mr, len);
	} else {
		len = pick(8) ? sizeof(v) : pick(8);
		r = setsockopt(fd, SOL_XDP, opt, &v, len);
	}
	note("setsockopt(%d, %d, len %u, v %u) = %ld", fd, opt, len, v, r);
	check(r, "setsockopt");
}

static void op_getsockopt(void)
{
	char buf[256];
	int opt = 1 + pick(XDP_OPTIONS + 1), fd = any_fd();
	socklen_t len = pick(4) ? sizeof(buf) : pick(80);
	long r = getsockopt(fd, SOL_XDP, opt, buf, &len);

	note("getsockopt(%d, %d) = %ld", fd, opt, r);
	check(r, "getsockopt");
}

static void op_bind(void)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = pick(16) ? AF_XDP : pick(64),
		.sxdp_ifindex = pick(8) ? (__u32)f.env->ifindex : pick(1000),
		.sxdp_queue_id = pick(8) ? pick(2) : some_u32(),
		.sxdp_flags = pick(2) ? xt_copy_mode(f.env) : pick(32),
		.sxdp_shared_umem_fd = f.fd[pick(NSOCK)],
	};
	int fd = any_fd();
	long r;

	r = bind(fd, (struct sockaddr *)&sxdp,
		 pick(8) ? sizeof(sxdp) : pick(sizeof(sxdp)));
	note("bind(%d, if %u, q %u, flags %#x) = %ld", fd, sxdp.sxdp_ifindex,
	     sxdp.sxdp_queue_id, sxdp.sxdp_flags, r);
	check(r, "bind");
}

static void op_mmap(void)
{
	static const __u64 offs[] = { XDP_PGOFF_RX_RING, XDP_PGOFF_TX_RING,
				      XDP_UMEM_PGOFF_FILL_RING,
				      XDP_UMEM_PGOFF_COMPLETION_RING, 4096 };
	size_t len = pick(4) ? 4096U << pick(4) : some_u32();
	int prot = pick(4) ? PROT_READ | PROT_WRITE : PROT_READ;
	int flags = pick(8) ? MAP_SHARED : MAP_PRIVATE;
	__u64 off = offs[pick(ARRAY_SIZE(offs))];
	int fd = any_fd();
	void *p;

	p = mmap(NULL, len, prot, flags, fd, off);
	note("mmap(%d, len %zu, off %#llx) = %p", fd, len, off, p);
	if (p == MAP_FAILED) {
		check(-1, "mmap");
		return;
	}
	/* The scribbler writes; keep only what it can write, and keep it. */
	pthread_mutex_lock(&f.lock);
	if (prot & PROT_WRITE && flags == MAP_SHARED && f.nmap < NMAP &&
	    len >= 4096 && len <= 1 << 20) {
		f.map[f.nmap].p = p;
		f.map[f.nmap++].len = len;
	} else {
		munmap(p, len);
	}
	pthread_mutex_unlock(&f.lock);
}

static void op_io(void)
{
	char buf[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct pollfd pfd = { .fd = any_fd(), .events = POLLIN | POLLOUT };
	int flags = pick(4) ? MSG_DONTWAIT : pick(2) ? 0 : MSG_DONTWAIT | 1;
	long r;

	switch (pick(3)) {
	case 0:
		r = sendto(pfd.fd, NULL, 0, flags, NULL, 0);
		note("sendto(%d, %#x) = %ld", pfd.fd, flags, r);
		check(r, "sendto");
		break;
	case 1:
		r = recvmsg(pfd.fd, &msg, flags | MSG_DONTWAIT);
		note("recvmsg(%d, %#x) = %ld", pfd.fd, flags, r);
		check(r, "recvmsg");
		break;
	default:
		r = poll(&pfd, 1, 0);
		note("poll(%d) = %ld", pfd.fd, r);
		check(r, "poll");
	}
}

static void op_close(void)
{
	unsigned int i = pick(NSOCK);

	note("close(%d)", f.fd[i]);
	if (f.fd[i] >= 0)
		close(f.fd[i]);
	f.fd[i] = -1;
}

static void op_xskmap(void)
{
	__u32 key = pick(4);
	int fd = f.fd[pick(NSOCK)];
	long r;

	if (pick(3)) {
		r = bpf_map_update_elem(f.prog.xsks_fd, &key, &fd, pick(4));
		note("xskmap[%u] = %d: %ld", key, fd, r);
	} else {
		r = bpf_map_delete_elem(f.prog.xsks_fd, &key);
		note("xskmap delete %u: %ld", key, r);
	}
	/* libbpf returns -errno and sets errno. */
	check(r < 0 ? -1 : 0, "XSKMAP");
}

/* The second thread: random words into every mapping it has. */
static bool stop;

static void *scribble(void *arg)
{
	__u64 s = f.seed * 31 + 7;
	unsigned int i;
	__u32 *w;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		pthread_mutex_lock(&f.lock);
		for (i = 0; i < f.nmap; i++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			w = (__u32 *)f.map[i].p + (s >> 33) % (f.map[i].len / 4);
			*w = (s >> 7) & 1 ? (__u32)(s >> 20) : *w + (s >> 60);
		}
		pthread_mutex_unlock(&f.lock);
		usleep(100);
	}
	return arg;
}

static unsigned int env_u(const char *name, unsigned int def)
{
	const char *v = getenv(name);

	return v ? strtoul(v, NULL, 0) : def;
}

static void stream(struct xt_env *env, void *arg)
{
	unsigned char frame[128];
	unsigned int i;
	int fd;

	xt_frame(env, frame, sizeof(frame), 0);
	fd = xt_packet_socket(env->peer_ifindex);
	for (i = 0; i < *(unsigned int *)arg; i++) {
		(void)!send(fd, frame, sizeof(frame), 0);
		usleep(200);
	}
	close(fd);
}

XT_CASE(fuzz, XT_ALL)
{
	static void (*const ops[])(void) = {
		op_socket, op_setsockopt, op_setsockopt, op_setsockopt,
		op_getsockopt, op_bind, op_bind, op_mmap, op_mmap, op_io,
		op_io, op_io, op_close, op_xskmap,
	};
	unsigned int iters = env_u("XT_FUZZ_ITERS", 3000), i, frames = 20000;
	pthread_t t;
	pid_t pid;
	int st;

	f.seed = env_u("XT_FUZZ_SEED", 1) | 1ULL << 40;
	rng = f.seed;
	f.env = env;
	for (i = 0; i < NSOCK; i++)
		f.fd[i] = -1;
	f.umem = xt_umem_area(UMEM_LEN);
	XT_TRUE(f.umem);
	xt_prog_attach(env, &f.prog);
	fflush(NULL);
	pid = XT_OK(fork());
	if (!pid)
		_exit(xt_in_peer(env, stream, &frames));
	XT_EQ(pthread_create(&t, NULL, scribble, NULL), 0);
	for (i = 0; i < iters; i++)
		ops[pick(ARRAY_SIZE(ops))]();
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	for (i = 0; i < NSOCK; i++)
		if (f.fd[i] >= 0)
			close(f.fd[i]);
	xt_prog_detach(&f.prog);
	printf("# fuzz: seed %llu, %u calls\n", f.seed, iters);
}
