// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * A seeded random-sequence tester of the AF_XDP system calls.
 *
 * fuzz: XT_FUZZ_ITERS steps (default 3000, 1000 in zc) in all, drawn by
 *	two calling threads from PRNGs of their own seeded from XT_FUZZ_SEED
 *	(default 1), on a table of NSOCK socket slots that both share: socket(),
 *	setsockopt() and getsockopt() of every SOL_XDP option with random
 *	values and lengths, bind() with random flags, queues and shared-UMEM
 *	descriptors, mmap() of random offsets and lengths, sendto(),
 *	recvmsg() and poll() with random flags, close(), XSKMAP updates,
 *	deletes and lookups, and now and then a socket set up whole (UMEM,
 *	rings mapped, bound, in the XSKMAP), so that the data path runs.
 *	Beside them the peer sends a stream of frames to xt0 and a third
 *	thread scribbles over the indices, descriptors and FILL addresses of
 *	every ring mapped.  Each call must return, and:
 *	- fail only with an errno that AF_XDP (6.1's or the series') has for
 *	  that call (allowed[] below), and with the one errno the ABI gives
 *	  where the test knows the socket's state: EBADF for a descriptor that
 *	  is not open, ENXIO for sendto()/recvmsg() on a socket that is not
 *	  bound, EOPNOTSUPP without MSG_DONTWAIT and ENOBUFS without the ring
 *	  on one that is, EINVAL/E2BIG for XSKMAP flags and keys out of range,
 *	  EOPNOTSUPP for every XSKMAP lookup;
 *	- succeed only where the ABI lets it: a ring made once and before
 *	  bind(), its size a power of two; a UMEM registered once, with a
 *	  chunk size, flags, address, length and headroom 6.1 accepts; bind()
 *	  once, with a valid family, length, flags and a queue of a device
 *	  of the namespace (xt0, lo or sit0), on a socket with a ring (its
 *	  own UMEM with FILL and COMPLETION), in zero-copy only in zc mode;
 *	  mmap() of one of the four rings that
 *	  exists, before bind(), no longer than the ring's memory, every byte
 *	  of it readable; sendto()/recvmsg() returning 0 on a bound socket
 *	  with that ring; poll() events only of rings the socket has;
 *	- getsockopt() answers with the length and values of the ABI:
 *	  XDP_MMAP_OFFSETS the 6.1 layout (v1 and v2), XDP_OPTIONS no flag but
 *	  XDP_OPTIONS_ZEROCOPY, set exactly as the socket was bound,
 *	  XDP_STATISTICS (v1 and v2) counters that never go back on one
 *	  socket (a new socket in the slot starts again);
 *	- close() and a socket set up whole by the book succeed (its bind()
 *	  may find the queue taken).
 *	The kernel must not complain (the harness's console scan).
 *
 * Two callers, one table.  A slot's descriptor changes only under the
 * slot's write lock (socket(), close(), a socket set up whole), and every
 * call on it holds the read lock, so no call ever lands on a recycled
 * descriptor number (another slot's socket, the log, a BPF object) and
 * each logged call acted on the socket it names.  Calls of both threads
 * on one socket overlap freely (bind() against setsockopt() against
 * mmap() against sendto()...); what the locking keeps apart is close()
 * and a call on the same descriptor, which the kernel serialises anyway (a
 * call holds a file reference: the socket is released after it returns).
 * What a thread knows of a socket it learns from successful calls of
 * either thread, so each slot counts the calls under way that may create
 * a ring, a UMEM or a binding (trying[]) and records those that did
 * (have): a check that needs "X exists" reads have|trying after its own
 * call, and one that needs "X existed before" reads have before it.
 *
 * The reproducer survives the guest.  Before each call its line (global
 * call number, thread, step, call and arguments, slot and descriptor) is
 * written with pwrite() to XT_FUZZ_LOG (default
 * /run/afxdp-out/fuzz-MODE-SEED.log, vm/run.sh's results share, which
 * the host finds as OUT/share/fuzz-MODE-SEED.log), and its result into
 * the same line after: the share is 9p with cache=none, so a line is on
 * the host when pwrite() returns, and a panic or a hang leaves the calls
 * made and the one that did not return ("= ?").  The file keeps the last
 * XT_FUZZ_LOG_LINES (65536) calls in place, each at its call number
 * modulo that; `sort -n FILE` puts them in order.  The console gets the
 * seed, the log's name and a progress line every XT_FUZZ_KMSG (1000)
 * steps through /dev/kmsg; a failure prints the last LOG_LEN calls.
 *
 * Replay: XT_FUZZ_SEED=S XT_FUZZ_ITERS=N afxdp_test fuzz/MODE draws the
 * same calls with the same arguments (slots, not descriptor numbers) on
 * each thread; what they return and how the two threads interleave follow
 * the run.  XT_FUZZ_THREADS=1 runs thread 0's sequence alone.  For
 * longer, XT_FUZZ_SECONDS=S stops after S seconds (if the steps have not
 * run out first) and gives the case S + 300 s instead of the runner's
 * 600: XT_FUZZ_SEED=7 XT_FUZZ_ITERS=100000000 XT_FUZZ_SECONDS=3600
 * afxdp_test fuzz/drv
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>

#include "rxtx.h"

#define NSOCK		4
#define NTHREAD		2
#define NMAP		64	/* mappings kept for the scribbler */
#define UMEM_LEN	(64 * 4096)
#define LOG_LEN		48	/* calls a failure prints */
#define LINE		128	/* a call's line in the log file */
#define RES_AT		100	/* where its result starts */
#define PAGE		4096UL

/* XDP_MAX_TX_SKB_BUDGET: the series' option; 6.1 does not know it. */
#define FZ_OPT_TX_BUDGET	9

/*
 * The ring layout of the 6.1 ABI on x86_64 (64-byte cache lines): the
 * producer, consumer and flags words each on a line of their own behind a
 * padding line, the entries after: what XDP_MMAP_OFFSETS gives for all
 * four rings.
 */
#define RING_PRODUCER	0
#define RING_CONSUMER	128
#define RING_FLAGS	196
#define RING_DESC	320

/* What a socket may have; the first four are the rings, as opts_ring[]. */
enum { H_RX, H_TX, H_FILL, H_COMP, H_UMEM, H_BOUND, H_NR };

static const int opts_ring[] = { XDP_RX_RING, XDP_TX_RING, XDP_UMEM_FILL_RING,
				 XDP_UMEM_COMPLETION_RING };
static const __u64 offs_ring[] = { XDP_PGOFF_RX_RING, XDP_PGOFF_TX_RING,
				   XDP_UMEM_PGOFF_FILL_RING,
				   XDP_UMEM_PGOFF_COMPLETION_RING };

struct slot {
	pthread_rwlock_t lock;	/* read: a call on fd; write: fd changes */
	int fd;			/* -1: closed */
	unsigned int gen;	/* a new socket (or none) in the slot */
	unsigned int have;	/* 1 << H_*: what succeeded on the socket */
	int trying[H_NR];	/* calls under way that may make H_* */
	__u32 entries[4];	/* of each ring, set before its have bit */
	int zc;			/* bound in zero-copy: 0, 1, -1 unknown */
	bool nonblock;		/* O_NONBLOCK: the socket layer adds
				 * MSG_DONTWAIT to every sendto()/recvmsg()
				 */
	int ifindex;		/* bound to, set before the have bit */
	__u32 queue;
};

/* An XDP_STATISTICS reading a thread has of one socket. */
struct seen {
	unsigned int gen;
	bool any;
	__u64 v[6];		/* struct xdp_statistics, in order */
	__u64 drops;		/* rx_dropped + rx_ring_full, as v1 counts */
};

struct thr {
	int id;
	__u64 rng;
	unsigned int step;
	unsigned long long call;	/* global number of the current call */
	char cur[LINE];
	struct seen st[NSOCK];
	unsigned int n_ok, n_calls;
};

static struct {
	struct slot s[NSOCK];
	struct thr t[NTHREAD];
	unsigned int nthreads, iters, kmsg_every, log_lines;
	time_t deadline;	/* XT_FUZZ_SECONDS: stop then, if not 0 */
	void *umem;
	struct { void *p; size_t len; int slot; } map[NMAP];
	unsigned int nmap;
	pthread_mutex_t lock;	/* map[] and hist[], between the threads */
	char hist[LOG_LEN][LINE];
	unsigned long long nhist, ncalls;
	int log_fd, kmsg_fd;
	char log_path[200];
	struct xt_prog prog;
	struct xt_env *env;
	__u64 seed;
	__u32 nq;		/* queues of xt0 */
	bool series, stop;
	const char *mode;
} f = { .lock = PTHREAD_MUTEX_INITIALIZER, .log_fd = -1, .kmsg_fd = -1 };

/* --- randomness: xorshift64*, one state per thread --- */

static __u64 next(struct thr *t)
{
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545F4914F6CDD1DULL;
}

static __u32 pick(struct thr *t, __u32 n)
{
	return next(t) % n;
}

/* A size a ring or a UMEM might be given: mostly sane, sometimes not. */
static __u32 some_u32(struct thr *t)
{
	static const __u32 odd[] = { 0, 1, 3, 31, 2048, 4095, 4096, 65537,
				     1U << 31, ~0U };

	return pick(t, 4) ? 1U << pick(t, 16) : odd[pick(t, ARRAY_SIZE(odd))];
}

/* --- the log: the file, the console, the last calls in memory --- */

static void kmsg(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	if (f.kmsg_fd < 0)
		return;
	/* Level 4: the harness's console (loglevel=5) shows it. */
	n = snprintf(buf, sizeof(buf), "<4>afxdp_test fuzz/%s: ", f.mode);
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	(void)!write(f.kmsg_fd, buf, strnlen(buf, sizeof(buf)));
}

static void log_open(void)
{
	const char *p = getenv("XT_FUZZ_LOG");
	struct stat sb;

	if (p)
		snprintf(f.log_path, sizeof(f.log_path), "%s", p);
	else if (!stat("/run/afxdp-out", &sb) && S_ISDIR(sb.st_mode))
		snprintf(f.log_path, sizeof(f.log_path),
			 "/run/afxdp-out/fuzz-%s-%llu.log", f.mode,
			 (unsigned long long)(f.seed & 0xffffffffff));
	if (f.log_path[0])
		f.log_fd = open(f.log_path, O_WRONLY | O_CREAT | O_TRUNC |
				O_CLOEXEC, 0644);
	f.kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

/* A call's line, before it is made: written where a dead guest leaves it. */
static void __attribute__((format(printf, 2, 3)))
call_begin(struct thr *t, const char *fmt, ...)
{
	char *l = t->cur;
	va_list ap;
	int n;

	t->call = __atomic_fetch_add(&f.ncalls, 1, __ATOMIC_SEQ_CST);
	t->n_calls++;
	memset(l, ' ', LINE);
	n = snprintf(l, RES_AT, "%010llu T%d %7u ", t->call, t->id, t->step);
	va_start(ap, fmt);
	n += vsnprintf(l + n, RES_AT - n, fmt, ap);
	va_end(ap);
	l[n < RES_AT ? n : RES_AT - 1] = ' ';
	memcpy(l + RES_AT, "= ?", 3);
	l[LINE - 1] = '\n';
	if (f.log_fd >= 0)
		(void)!pwrite(f.log_fd, l, LINE,
			      (off_t)(t->call % f.log_lines) * LINE);
}

/* Its result, into the same line; errno e where r < 0. */
static void call_end(struct thr *t, long r, int e)
{
	char *res = t->cur + RES_AT;

	memset(res, ' ', LINE - RES_AT);
	if (r < 0)
		snprintf(res, LINE - RES_AT, "= %ld %s", r,
			 strerrorname_np(e) ?: "?");
	else
		snprintf(res, LINE - RES_AT, "= %ld", r);
	res[strlen(res)] = ' ';
	t->cur[LINE - 1] = '\n';
	if (f.log_fd >= 0)
		(void)!pwrite(f.log_fd, res, LINE - RES_AT,
			      (off_t)(t->call % f.log_lines) * LINE + RES_AT);
	t->n_ok += r >= 0;
	pthread_mutex_lock(&f.lock);
	memcpy(f.hist[f.nhist++ % LOG_LEN], t->cur, LINE);
	pthread_mutex_unlock(&f.lock);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
fz_fail(struct thr *t, const char *fmt, ...)
{
	unsigned long long i, first;
	char why[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&f.lock);
	first = f.nhist > LOG_LEN ? f.nhist - LOG_LEN : 0;
	for (i = first; i < f.nhist; i++) {
		n = strcspn(f.hist[i % LOG_LEN], "\n");
		fprintf(stderr, "# %.*s\n", n, f.hist[i % LOG_LEN]);
	}
	kmsg("FAILED: seed %llu, thread %d step %u, call %llu: %s\n",
	     (unsigned long long)f.seed, t->id, t->step, t->call, why);
	XT_FAIL("seed %llu, T%d step %u, call %llu: %.*s: %s%s%s",
		(unsigned long long)f.seed, t->id, t->step, t->call,
		(int)strcspn(t->cur + 11, "="), t->cur + 11, why,
		f.log_path[0] ? "; log " : "", f.log_path);
}

/* --- what a thread knows of a socket --- */

/* The descriptor a call is made on, and the slot it came from. */
struct target {
	int slot;		/* -1: a descriptor that is not open */
	bool locked;		/* put() unlocks the slot */
	struct slot *s;
	int fd;
	unsigned int have;	/* the slot's, before the call */
};

static void target_lock(struct target *c, int slot)
{
	c->slot = slot;
	c->s = &f.s[slot];
	c->locked = true;
	pthread_rwlock_rdlock(&c->s->lock);
	c->fd = c->s->fd;
	c->have = __atomic_load_n(&c->s->have, __ATOMIC_SEQ_CST);
}

/* One of the sockets, or a descriptor that is not open: other files (the
 * BPF objects, the log) are not AF_XDP's to answer for.
 */
static void target_get(struct thr *t, struct target *c)
{
	if (pick(t, 8)) {
		target_lock(c, pick(t, NSOCK));
		return;
	}
	c->slot = -1;
	c->locked = false;
	c->s = NULL;
	c->fd = pick(t, 2) ? -1 : 4000 + (int)pick(t, 8);
	c->have = 0;
}

static void target_put(struct target *c)
{
	if (c->locked)
		pthread_rwlock_unlock(&c->s->lock);
	c->locked = false;
}

static bool is_xsk(const struct target *c)
{
	return c->s && c->fd >= 0;
}

static void try_begin(struct target *c, int h)
{
	if (is_xsk(c))
		__atomic_add_fetch(&c->s->trying[h], 1, __ATOMIC_SEQ_CST);
}

/* Returns whether the socket had h already (a second success). */
static bool try_end(struct target *c, int h, bool ok)
{
	unsigned int old = 0;

	if (!is_xsk(c))
		return false;
	if (ok)
		old = __atomic_fetch_or(&c->s->have, 1U << h,
					__ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&c->s->trying[h], 1, __ATOMIC_SEQ_CST);
	return old & 1U << h;
}

/* Does (or did) the socket have h, or is a call under way that may make
 * it?  Read after a call, true for everything made before it.
 */
static bool may_have(const struct slot *s, int h)
{
	return (__atomic_load_n(&s->have, __ATOMIC_SEQ_CST) & 1U << h) ||
	       __atomic_load_n(&s->trying[h], __ATOMIC_SEQ_CST);
}

static bool had(const struct target *c, int h)
{
	return c->have & 1U << h;
}

/* A new socket, or none, in a slot whose write lock is held. */
static void slot_reset(struct slot *s, int fd)
{
	s->fd = fd;
	s->gen++;
	s->have = 0;
	memset(s->trying, 0, sizeof(s->trying));
	memset(s->entries, 0, sizeof(s->entries));
	s->zc = -1;
	s->ifindex = 0;
	s->queue = 0;
	s->nonblock = false;
}

/* --- errnos --- */

/*
 * The errnos each call may fail with, from the series' net/xdp and 6.1's
 * answers (and, in zc mode, i40e's ndo_bpf and ndo_xsk_wakeup).  EBADF is
 * a descriptor that is not open.  None has ENOSPC, EMSGSIZE, ENOTCONN or
 * EOVERFLOW: AF_XDP returns none of them for these calls.
 */
enum {
	A_SOCKET, A_RING, A_UMEM, A_BUDGET, A_OPT_OTHER, A_GETSOCKOPT,
	A_BIND, A_MMAP, A_SENDTO, A_RECVMSG, A_POLL, A_CLOSE, A_MAP_UPDATE,
	A_MAP_DELETE, A_MAP_LOOKUP, A_NR
};

static const int allowed[A_NR][10] = {
	/* ESOCKTNOSUPPORT: not SOCK_RAW; EPROTONOSUPPORT: a protocol;
	 * EINVAL: no socket type at all (the socket layer's).
	 */
	[A_SOCKET] = { ENOMEM, ENOBUFS, ESOCKTNOSUPPORT, EPROTONOSUPPORT,
		       EINVAL },
	/* EINVAL: short, not a power of two, made already; EBUSY: bound */
	[A_RING] = { EBADF, EINVAL, EBUSY, ENOMEM },
	/* ENOBUFS: RLIMIT_MEMLOCK; EFAULT: pages that are not there */
	[A_UMEM] = { EBADF, EINVAL, EBUSY, ENOMEM, ENOBUFS, EFAULT },
	/* The series: EINVAL length, EACCES value; 6.1: ENOPROTOOPT */
	[A_BUDGET] = { EBADF, EINVAL, EACCES, ENOPROTOOPT },
	[A_OPT_OTHER] = { EBADF, ENOPROTOOPT },
	/* EINVAL: short; EOPNOTSUPP: an option that cannot be read */
	[A_GETSOCKOPT] = { EBADF, EINVAL, EOPNOTSUPP },
	/* ENOTSOCK: the shared-UMEM fd; EOPNOTSUPP: no zero-copy there;
	 * EAGAIN, ENETDOWN: i40e's zero-copy set-up, in zc mode only.
	 */
	[A_BIND] = { EBADF, EINVAL, EBUSY, ENODEV, ENOMEM, EOPNOTSUPP,
		     ENOTSOCK },
	[A_MMAP] = { EBADF, EINVAL, EBUSY, ENOMEM },
	/* ENXIO: not bound; EOPNOTSUPP: no MSG_DONTWAIT; ENOBUFS: no TX
	 * ring; EAGAIN: call again; EBUSY: a frame dropped; ENETDOWN; and
	 * in zc mode i40e's wakeup: EAGAIN, ENETDOWN, EINVAL.
	 */
	[A_SENDTO] = { EBADF, ENXIO, ENETDOWN, EOPNOTSUPP, ENOBUFS, EAGAIN,
		       EBUSY },
	[A_RECVMSG] = { EBADF, ENXIO, ENETDOWN, EOPNOTSUPP, ENOBUFS },
	[A_POLL] = { 0 },
	[A_CLOSE] = { 0 },
	/* EINVAL: flags; E2BIG: key; EBADF: fd; EOPNOTSUPP: not AF_XDP;
	 * EEXIST, ENOENT: BPF_NOEXIST, BPF_EXIST.
	 */
	[A_MAP_UPDATE] = { EINVAL, E2BIG, EBADF, EOPNOTSUPP, ENOMEM, EEXIST,
			   ENOENT },
	[A_MAP_DELETE] = { EINVAL },
	[A_MAP_LOOKUP] = { EOPNOTSUPP },
};

/* What i40e adds in zc mode: its zero-copy set-up and its wakeup. */
static const int allowed_zc[A_NR][4] = {
	[A_BIND] = { EAGAIN, ENETDOWN },
	[A_SENDTO] = { EINVAL },
	[A_RECVMSG] = { EINVAL, EAGAIN },
};

static bool in(const int *set, unsigned int n, int e)
{
	unsigned int i;

	for (i = 0; i < n && set[i]; i++)
		if (set[i] == e)
			return true;
	return false;
}

static const char *const call_names[A_NR] = {
	"socket", "ring setsockopt", "XDP_UMEM_REG", "XDP_MAX_TX_SKB_BUDGET",
	"setsockopt", "getsockopt", "bind", "mmap", "sendto", "recvmsg",
	"poll", "close", "XSKMAP update", "XSKMAP delete", "XSKMAP lookup",
};

/* r < 0 with errno e: one the call may fail with, and want if not 0. */
static void check_errno(struct thr *t, int call, long r, int e, int want)
{
	if (r >= 0)
		return;
	if (!in(allowed[call], ARRAY_SIZE(allowed[call]), e) &&
	    !(f.env->mode == XT_ZC &&
	      in(allowed_zc[call], ARRAY_SIZE(allowed_zc[call]), e)))
		fz_fail(t, "%s: errno %s is not AF_XDP's", call_names[call],
			strerrorname_np(e) ?: "?");
	if (want && e != want)
		fz_fail(t, "%s: errno %s, the ABI gives %s", call_names[call],
			strerrorname_np(e) ?: "?", strerrorname_np(want));
}

#define FZ_TRUE(t, cond) do {						\
	if (!(cond))							\
		fz_fail(t, "%s is false", #cond);			\
} while (0)

/* --- the calls --- */

static bool pow2(__u64 v)
{
	return v && !(v & (v - 1));
}

/*
 * Close the socket of a slot whose write lock is held.  A mapping of its
 * rings holds the socket (and its queue) past close(): mostly they go
 * first, so that it is released and its queue free for the next bind();
 * one time in eight they stay, and the scribbler with them.
 */
static void slot_close(struct thr *t, struct slot *s)
{
	int slot = s - f.s, r;
	unsigned int i;

	if (pick(t, 8)) {
		pthread_mutex_lock(&f.lock);
		for (i = 0; i < f.nmap; i++) {
			if (f.map[i].slot != slot)
				continue;
			munmap(f.map[i].p, f.map[i].len);
			f.map[i--] = f.map[--f.nmap];
		}
		pthread_mutex_unlock(&f.lock);
	}
	if (s->fd < 0)
		return;
	call_begin(t, "close(%d) [s%d]", s->fd, slot);
	r = close(s->fd);
	call_end(t, r, errno);
	FZ_TRUE(t, r == 0);
	slot_reset(s, -1);
}

static void op_socket(struct thr *t)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM, 99,
				     SOCK_RAW | SOCK_NONBLOCK,
				     SOCK_RAW | SOCK_CLOEXEC };
	struct slot *s = &f.s[pick(t, NSOCK)];
	int type = SOCK_RAW, proto = 0, fd, e;
	bool raw;

	if (!pick(t, 8)) {
		type = types[pick(t, ARRAY_SIZE(types))];
		proto = pick(t, 2) ? 0 : pick(t, 2) ? 1 : htons(ETH_P_ALL);
	}
	/* SOCK_RAW, with no flags but these two (99 has others) */
	raw = (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) == SOCK_RAW;
	pthread_rwlock_wrlock(&s->lock);
	slot_close(t, s);
	call_begin(t, "socket(AF_XDP, %#x, %#x) [s%d]", type, proto,
		   (int)(s - f.s));
	fd = socket(AF_XDP, type, proto);
	e = errno;
	call_end(t, fd, e);
	check_errno(t, A_SOCKET, fd, e, 0);
	if (fd >= 0)
		FZ_TRUE(t, raw && !proto);
	else if (raw && !proto && e != ENOMEM && e != ENOBUFS)
		fz_fail(t, "socket(AF_XDP, SOCK_RAW, 0) failed");
	slot_reset(s, fd);
	s->nonblock = type & SOCK_NONBLOCK;
	pthread_rwlock_unlock(&s->lock);
}

static void op_close(struct thr *t)
{
	struct slot *s = &f.s[pick(t, NSOCK)];

	pthread_rwlock_wrlock(&s->lock);
	slot_close(t, s);
	pthread_rwlock_unlock(&s->lock);
}

/* The bytes a ring of n entries maps at most: 6.1 allocates it in pages
 * of a power-of-two order, the series in whole pages.
 */
static size_t ring_bytes(int ring, __u32 n)
{
	size_t b = RING_DESC + (size_t)n * (ring < H_FILL ? 16 : 8);
	size_t pages = (b + PAGE - 1) / PAGE, p2 = 1;

	if (f.series)
		return pages * PAGE;
	while (p2 < pages)
		p2 <<= 1;
	return p2 * PAGE;
}

static void umem_reg_checks(struct thr *t, const struct xdp_umem_reg *mr,
			    socklen_t len)
{
	bool unaligned = len >= sizeof(*mr) &&
			 mr->flags & XDP_UMEM_UNALIGNED_CHUNK_FLAG;

	FZ_TRUE(t, len >= offsetof(struct xdp_umem_reg, flags));
	FZ_TRUE(t, mr->chunk_size >= 2048 && mr->chunk_size <= PAGE);
	FZ_TRUE(t, len < sizeof(*mr) ||
		!(mr->flags & ~XDP_UMEM_UNALIGNED_CHUNK_FLAG));
	FZ_TRUE(t, unaligned || pow2(mr->chunk_size));
	FZ_TRUE(t, !(mr->addr % PAGE));
	FZ_TRUE(t, mr->len >= mr->chunk_size);
	FZ_TRUE(t, unaligned || !(mr->len % mr->chunk_size));
	FZ_TRUE(t, mr->headroom < mr->chunk_size - 256);
}

static void op_setsockopt(struct thr *t)
{
	static const int opts[] = { XDP_UMEM_REG, XDP_RX_RING, XDP_TX_RING,
				    XDP_UMEM_FILL_RING,
				    XDP_UMEM_COMPLETION_RING,
				    FZ_OPT_TX_BUDGET, 99 };
	struct xdp_umem_reg mr = {
		.addr = pick(t, 8) ? (__u64)(unsigned long)f.umem : next(t),
		.len = pick(t, 4) ? UMEM_LEN : some_u32(t),
		.chunk_size = pick(t, 3) ? 2048U << pick(t, 2) : some_u32(t),
		.headroom = pick(t, 3) ? 0 : some_u32(t),
		.flags = pick(t, 3) ? 0 : pick(t, 8),
	};
	int opt = opts[pick(t, ARRAY_SIZE(opts))], ring = -1, h, call, e, i;
	__u32 v = some_u32(t);
	struct target c;
	socklen_t len;
	long r;

	if (opt == XDP_UMEM_REG)
		len = pick(t, 4) ? sizeof(mr) : pick(t, sizeof(mr) + 8);
	else
		len = pick(t, 8) ? sizeof(v) : pick(t, 8);
	target_get(t, &c);
	for (i = 0; i < 4; i++)
		if (opt == opts_ring[i])
			ring = i;
	h = ring >= 0 ? ring : H_UMEM;
	if (opt == XDP_UMEM_REG)
		call_begin(t, "setsockopt(%d [s%d], XDP_UMEM_REG, {%#llx, "
			   "%llu, %u, %u, %#x}, %u)", c.fd, c.slot,
			   (unsigned long long)mr.addr,
			   (unsigned long long)mr.len, mr.chunk_size,
			   mr.headroom, mr.flags, len);
	else
		call_begin(t, "setsockopt(%d [s%d], %d, %u, %u)", c.fd,
			   c.slot, opt, v, len);
	if (ring >= 0 || opt == XDP_UMEM_REG)
		try_begin(&c, h);
	r = setsockopt(c.fd, SOL_XDP, opt, opt == XDP_UMEM_REG ?
		       (void *)&mr : (void *)&v, len);
	e = errno;
	call_end(t, r, e);
	if (r >= 0 && ring >= 0 && is_xsk(&c))
		c.s->entries[ring] = v;		/* before the have bit */
	if ((ring >= 0 || opt == XDP_UMEM_REG) && try_end(&c, h, r >= 0))
		fz_fail(t, "made twice on one socket");
	call = ring >= 0 ? A_RING : opt == XDP_UMEM_REG ? A_UMEM :
	       opt == FZ_OPT_TX_BUDGET ? A_BUDGET : A_OPT_OTHER;
	check_errno(t, call, r, e, !c.s || c.fd < 0 ? EBADF :
		    call == A_OPT_OTHER ? ENOPROTOOPT : 0);
	if (r >= 0) {
		FZ_TRUE(t, r == 0 && is_xsk(&c));
		FZ_TRUE(t, call != A_OPT_OTHER);
		if (call == A_RING || call == A_UMEM)
			FZ_TRUE(t, !had(&c, H_BOUND) && !had(&c, h));
		if (call == A_RING)
			FZ_TRUE(t, len >= 4 && pow2(v));
		if (call == A_UMEM)
			umem_reg_checks(t, &mr, len);
		if (call == A_BUDGET) {
			FZ_TRUE(t, f.series && len == 4 && v >= 32);
			FZ_TRUE(t, !had(&c, H_TX) || v <= c.s->entries[H_TX]);
			FZ_TRUE(t, may_have(c.s, H_TX));
		}
	}
	target_put(&c);
}

static void stats_checks(struct thr *t, struct target *c,
			 const struct xdp_statistics *st, socklen_t got)
{
	struct seen *sn = &t->st[c->slot];
	__u64 v[6] = { st->rx_dropped, st->rx_invalid_descs,
		       st->tx_invalid_descs, st->rx_ring_full,
		       st->rx_fill_ring_empty_descs, st->tx_ring_empty_descs };
	bool v1 = got < sizeof(*st);
	__u64 drops = v1 ? v[0] : v[0] + v[3];
	int i;

	if (!sn->any || sn->gen != c->s->gen) {
		memset(sn, 0, sizeof(*sn));
		sn->any = true;
		sn->gen = c->s->gen;
	}
	/* This thread's readings of one socket follow each other in time. */
	if (drops < sn->drops)
		fz_fail(t, "XDP_STATISTICS: drops went from %llu to %llu",
			(unsigned long long)sn->drops,
			(unsigned long long)drops);
	sn->drops = drops;
	for (i = v1 ? 1 : 0; i < (v1 ? 3 : 6); i++) {
		if (v[i] < sn->v[i])
			fz_fail(t, "XDP_STATISTICS: counter %d went from %llu "
				"to %llu", i, (unsigned long long)sn->v[i],
				(unsigned long long)v[i]);
		sn->v[i] = v[i];
	}
}

static void offsets_checks(struct thr *t, const void *buf, socklen_t got)
{
	const struct xdp_mmap_offsets *o = buf;
	const __u64 *w = buf;
	const struct xdp_ring_offset *r[] = { &o->rx, &o->tx, &o->fr, &o->cr };
	unsigned int i;

	if (got == sizeof(*o)) {
		for (i = 0; i < 4; i++)
			if (r[i]->producer != RING_PRODUCER ||
			    r[i]->consumer != RING_CONSUMER ||
			    r[i]->desc != RING_DESC ||
			    r[i]->flags != RING_FLAGS)
				fz_fail(t, "XDP_MMAP_OFFSETS: ring %u at "
					"%llu/%llu/%llu/%llu", i,
					(unsigned long long)r[i]->producer,
					(unsigned long long)r[i]->consumer,
					(unsigned long long)r[i]->desc,
					(unsigned long long)r[i]->flags);
		return;
	}
	/* v1: producer, consumer, desc for each ring, no flags */
	for (i = 0; i < 12; i += 3)
		if (w[i] != RING_PRODUCER || w[i + 1] != RING_CONSUMER ||
		    w[i + 2] != RING_DESC)
			fz_fail(t, "XDP_MMAP_OFFSETS v1: ring %u at "
				"%llu/%llu/%llu", i / 3,
				(unsigned long long)w[i],
				(unsigned long long)w[i + 1],
				(unsigned long long)w[i + 2]);
}

static void op_getsockopt(struct thr *t)
{
	union {
		char b[256];
		struct xdp_statistics st;
		struct xdp_mmap_offsets off;
		struct xdp_options opts;
	} u;
	int opt = 1 + pick(t, FZ_OPT_TX_BUDGET + 1), e;
	socklen_t len = pick(t, 4) ? sizeof(u) : pick(t, 140), in_len = len;
	struct target c;
	long r;

	target_get(t, &c);
	memset(&u, 0xa5, sizeof(u));
	call_begin(t, "getsockopt(%d [s%d], %d, %u)", c.fd, c.slot, opt, len);
	r = getsockopt(c.fd, SOL_XDP, opt, &u, &len);
	e = errno;
	call_end(t, r, e);
	check_errno(t, A_GETSOCKOPT, r, e, !is_xsk(&c) ? EBADF :
		    opt != XDP_STATISTICS && opt != XDP_MMAP_OFFSETS &&
		    opt != XDP_OPTIONS ? EOPNOTSUPP : 0);
	if (r < 0)
		goto out;
	FZ_TRUE(t, r == 0 && is_xsk(&c));
	switch (opt) {
	case XDP_STATISTICS:
		FZ_TRUE(t, len == (in_len >= sizeof(u.st) ? sizeof(u.st) :
				   offsetof(struct xdp_statistics,
					    rx_ring_full)));
		stats_checks(t, &c, &u.st, len);
		break;
	case XDP_MMAP_OFFSETS:
		FZ_TRUE(t, len == (in_len >= sizeof(u.off) ? sizeof(u.off) :
				   12 * sizeof(__u64)));
		offsets_checks(t, &u, len);
		break;
	case XDP_OPTIONS:
		FZ_TRUE(t, len == sizeof(u.opts));
		FZ_TRUE(t, !(u.opts.flags & ~XDP_OPTIONS_ZEROCOPY));
		if (f.env->mode != XT_ZC || !may_have(c.s, H_BOUND))
			FZ_TRUE(t, !u.opts.flags);
		else if (had(&c, H_BOUND) && c.s->zc >= 0)
			FZ_TRUE(t, !!u.opts.flags == c.s->zc);
		break;
	default:
		fz_fail(t, "option %d is not one to read", opt);
	}
out:
	target_put(&c);
}

/* Queues of the device: xt0's (ETHTOOL_GCHANNELS), one of lo's or sit0's. */
static __u32 dev_queues(int ifindex)
{
	return ifindex == f.env->ifindex ? f.nq : 1;
}

static void bind_checks(struct thr *t, struct target *c, struct target *o,
			const struct sockaddr_xdp *sxdp, socklen_t len)
{
	__u16 fl = sxdp->sxdp_flags;
	bool shared = fl & XDP_SHARED_UMEM;
	char name[IF_NAMESIZE];

	FZ_TRUE(t, len >= sizeof(*sxdp) && sxdp->sxdp_family == AF_XDP);
	FZ_TRUE(t, !(fl & ~(XDP_SHARED_UMEM | XDP_COPY | XDP_ZEROCOPY |
			    XDP_USE_NEED_WAKEUP)));
	FZ_TRUE(t, (fl & (XDP_COPY | XDP_ZEROCOPY)) !=
		   (XDP_COPY | XDP_ZEROCOPY));
	/* A device of the namespace: xt0, lo, or sit0, which the kernel
	 * makes in every namespace.
	 */
	FZ_TRUE(t, if_indextoname(sxdp->sxdp_ifindex, name));
	FZ_TRUE(t, sxdp->sxdp_queue_id < dev_queues(sxdp->sxdp_ifindex));
	FZ_TRUE(t, !had(c, H_BOUND));
	FZ_TRUE(t, may_have(c->s, H_RX) || may_have(c->s, H_TX));
	if (fl & XDP_ZEROCOPY)
		FZ_TRUE(t, f.env->mode == XT_ZC &&
			sxdp->sxdp_ifindex == (__u32)f.env->ifindex);
	if (shared) {
		FZ_TRUE(t, !(fl & (XDP_COPY | XDP_ZEROCOPY |
				   XDP_USE_NEED_WAKEUP)));
		FZ_TRUE(t, is_xsk(o) && may_have(o->s, H_BOUND));
		FZ_TRUE(t, !had(c, H_UMEM));
	} else {
		FZ_TRUE(t, may_have(c->s, H_UMEM) && may_have(c->s, H_FILL) &&
			may_have(c->s, H_COMP));
	}
}

/* What a bound socket's XDP_OPTIONS must say: 1, 0, or -1 unknown. */
static int bound_zc(const struct sockaddr_xdp *sxdp, const struct target *o)
{
	if (f.env->mode != XT_ZC || sxdp->sxdp_ifindex != (__u32)f.env->ifindex)
		return 0;
	if (sxdp->sxdp_flags & XDP_SHARED_UMEM)
		return had(o, H_BOUND) ? o->s->zc : -1;
	if (sxdp->sxdp_flags & XDP_ZEROCOPY)
		return 1;
	return sxdp->sxdp_flags & XDP_COPY ? 0 : -1;
}

/* bind() of c's socket; o is the shared-UMEM socket's slot, if any. */
static long do_bind(struct thr *t, struct target *c, struct target *o,
		    const struct sockaddr_xdp *sxdp, socklen_t len)
{
	int e;
	long r;

	call_begin(t, "bind(%d [s%d], if %u, q %u, flags %#x, shared %d "
		   "[s%d], len %u)", c->fd, c->slot, sxdp->sxdp_ifindex,
		   sxdp->sxdp_queue_id, sxdp->sxdp_flags,
		   sxdp->sxdp_shared_umem_fd, o->slot, len);
	try_begin(c, H_BOUND);
	r = bind(c->fd, (const struct sockaddr *)sxdp, len);
	e = errno;
	call_end(t, r, e);
	if (r >= 0 && is_xsk(c)) {
		c->s->zc = bound_zc(sxdp, o);
		c->s->ifindex = sxdp->sxdp_ifindex;
		c->s->queue = sxdp->sxdp_queue_id;
	}
	if (try_end(c, H_BOUND, r >= 0))
		fz_fail(t, "bound twice");
	check_errno(t, A_BIND, r, e, !is_xsk(c) ? EBADF : 0);
	if (r >= 0) {
		FZ_TRUE(t, r == 0 && is_xsk(c));
		bind_checks(t, c, o, sxdp, len);
	}
	errno = e;
	return r;
}

/* The slot of a shared-UMEM socket, read-locked unless it is c's own. */
static void other_get(struct target *o, const struct target *c, int slot)
{
	if (c->s && slot == c->slot) {
		*o = *c;
		o->locked = false;
		return;
	}
	target_lock(o, slot);
}

static void op_bind(struct thr *t)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = pick(t, 16) ? AF_XDP : pick(t, 64),
		.sxdp_ifindex = pick(t, 8) ? (__u32)f.env->ifindex :
				pick(t, 1000),
		.sxdp_queue_id = pick(t, 8) ? pick(t, 2) : some_u32(t),
		.sxdp_flags = pick(t, 2) ? xt_copy_mode(f.env) : pick(t, 32),
	};
	int oslot = pick(t, NSOCK);
	socklen_t len = pick(t, 8) ? sizeof(sxdp) : pick(t, sizeof(sxdp));
	struct target c, o;

	target_get(t, &c);
	/* Slots are read-locked in order: a writer holds one lock only. */
	if (c.s && oslot < c.slot) {
		target_put(&c);
		target_lock(&o, oslot);
		target_lock(&c, c.slot);
	} else {
		other_get(&o, &c, oslot);
	}
	sxdp.sxdp_shared_umem_fd = o.fd;
	do_bind(t, &c, &o, &sxdp, len);
	target_put(&o);
	target_put(&c);
}

/* Read the first and last byte of a mapping: a ring mapped short faults. */
static void touch(const void *p, size_t len)
{
	__atomic_load_n((const char *)p, __ATOMIC_RELAXED);
	__atomic_load_n((const char *)p + len - 1, __ATOMIC_RELAXED);
}

static void scribble_keep(struct thr *t, void *p, size_t len, bool keep,
			  int slot)
{
	unsigned int i = pick(t, NMAP);

	len = (len + PAGE - 1) & ~(PAGE - 1);	/* what is mapped */
	pthread_mutex_lock(&f.lock);
	if (!keep) {
		munmap(p, len);
	} else {
		/* Full: a new ring for the scribbler in place of an old one. */
		if (f.nmap < NMAP)
			i = f.nmap++;
		else
			munmap(f.map[i].p, f.map[i].len);
		f.map[i].p = p;
		f.map[i].len = len;
		f.map[i].slot = slot;
	}
	pthread_mutex_unlock(&f.lock);
}

static void *do_mmap(struct thr *t, struct target *c, int ring, __u64 off,
		     size_t len, int prot, int flags)
{
	bool known = ring >= 0 && had(c, ring);
	size_t max = known ? ring_bytes(ring, c->s->entries[ring]) : 0;
	void *p;
	int e;

	call_begin(t, "mmap(%d [s%d], len %zu, off %#llx, prot %d, flags %#x)",
		   c->fd, c->slot, len, (unsigned long long)off, prot, flags);
	p = mmap(NULL, len, prot, flags, c->fd, off);
	e = errno;
	call_end(t, p == MAP_FAILED ? -1 : 0, e);
	if (p == MAP_FAILED) {
		check_errno(t, A_MMAP, -1, e, !is_xsk(c) ? EBADF : 0);
		/* A ring that is there, of a socket that is not bound. */
		if (known && len && len <= max && flags == MAP_SHARED &&
		    !may_have(c->s, H_BOUND) && e != ENOMEM)
			fz_fail(t, "mmap of a ring of %u entries, %zu bytes",
				c->s->entries[ring], max);
		return NULL;
	}
	FZ_TRUE(t, is_xsk(c) && ring >= 0);
	FZ_TRUE(t, !had(c, H_BOUND) && may_have(c->s, ring));
	if (known && len > max)
		fz_fail(t, "mapped %zu bytes of a ring of %u entries (%zu)",
			len, c->s->entries[ring], max);
	touch(p, len);
	return p;
}

static void op_mmap(struct thr *t)
{
	size_t len = pick(t, 4) ? 4096U << pick(t, 4) : some_u32(t);
	int prot = pick(t, 4) ? PROT_READ | PROT_WRITE : PROT_READ;
	int flags = pick(t, 8) ? MAP_SHARED : MAP_PRIVATE;
	int i = pick(t, 5), ring = i < 4 ? i : -1;
	__u64 off = i < 4 ? offs_ring[i] : 4096;
	struct target c;
	void *p;

	target_get(t, &c);
	p = do_mmap(t, &c, ring, off, len, prot, flags);
	/* The scribbler writes: keep what it can write. */
	if (p)
		scribble_keep(t, p, len, prot & PROT_WRITE &&
			      flags == MAP_SHARED && len <= 1 << 20, c.slot);
	else
		pick(t, NMAP);	/* the same draws either way */
	target_put(&c);
}

static void io_checks(struct thr *t, struct target *c, int call, long r,
		      int e, int flags)
{
	int ring = call == A_SENDTO ? H_TX : H_RX, want = 0;

	if (c->s && c->s->nonblock)
		flags |= MSG_DONTWAIT;
	if (!is_xsk(c))
		want = EBADF;
	else if (!may_have(c->s, H_BOUND))
		want = ENXIO;
	else if (had(c, H_BOUND) && call == A_SENDTO &&
		 !(flags & MSG_DONTWAIT))
		want = EOPNOTSUPP;
	else if (had(c, H_BOUND) && flags & MSG_DONTWAIT &&
		 !may_have(c->s, ring))
		want = ENOBUFS;
	check_errno(t, call, r, e, want);
	if (r >= 0) {
		FZ_TRUE(t, r == 0 && is_xsk(c) && flags & MSG_DONTWAIT);
		FZ_TRUE(t, may_have(c->s, H_BOUND) && may_have(c->s, ring));
	}
}

static void op_io(struct thr *t)
{
	char buf[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int flags = pick(t, 4) ? MSG_DONTWAIT : pick(t, 2) ? 0 :
		    MSG_DONTWAIT | MSG_OOB;
	int what = pick(t, 3), e;
	struct pollfd pfd;
	struct target c;
	long r;

	target_get(t, &c);
	switch (what) {
	case 0:
		call_begin(t, "sendto(%d [s%d], %#x)", c.fd, c.slot, flags);
		r = sendto(c.fd, NULL, 0, flags, NULL, 0);
		e = errno;
		call_end(t, r, e);
		io_checks(t, &c, A_SENDTO, r, e, flags);
		break;
	case 1:
		/* recvmsg() without MSG_DONTWAIT too: it must not block. */
		call_begin(t, "recvmsg(%d [s%d], %#x)", c.fd, c.slot, flags);
		r = recvmsg(c.fd, &msg, flags);
		e = errno;
		call_end(t, r, e);
		io_checks(t, &c, A_RECVMSG, r, e, flags);
		break;
	default:
		pfd = (struct pollfd){ c.fd, POLLIN | POLLOUT, 0 };
		call_begin(t, "poll(%d [s%d])", c.fd, c.slot);
		r = poll(&pfd, 1, 0);
		e = errno;
		call_end(t, r, e);
		check_errno(t, A_POLL, r, e, 0);
		FZ_TRUE(t, r == (pfd.revents != 0));
		if (c.fd < 0)
			FZ_TRUE(t, !pfd.revents);
		else if (!is_xsk(&c))
			FZ_TRUE(t, pfd.revents == POLLNVAL);
		else
			FZ_TRUE(t, !(pfd.revents & ~(POLLIN | POLLOUT)));
		if (pfd.revents & POLLIN)
			FZ_TRUE(t, may_have(c.s, H_BOUND) &&
				may_have(c.s, H_RX));
		if (pfd.revents & POLLOUT)
			FZ_TRUE(t, may_have(c.s, H_BOUND) &&
				may_have(c.s, H_TX));
	}
	target_put(&c);
}

/*
 * 6.1 dereferences a NULL RX ring when a frame is redirected to a bound
 * socket without one (xsk_generic_rcv(), xsk_rcv(): a panic in softirq,
 * found by this fuzzer on the stock kernel, seed 1, skb mode, its 15th
 * call); the series drops the frame.  On 6.1 only sockets that have an RX
 * ring go into the XSKMAP.
 */
static bool stock_crash(const struct target *c)
{
	return !f.series && is_xsk(c) && !had(c, H_RX);
}

static void op_xskmap(struct thr *t)
{
	__u32 key = pick(t, 8) ? pick(t, 4) : pick(t, 2) ? XT_MAX_QUEUES +
		    pick(t, 4) : ~0U;
	__u64 fl = pick(t, 8) ? pick(t, 3) : pick(t, 2) ? 3 : BPF_F_LOCK;
	int what = pick(t, 6), e, v;
	struct target c;
	long r;

	target_get(t, &c);
	if (what < 4 && stock_crash(&c)) {
		target_put(&c);
		return;
	}
	if (what < 4) {
		call_begin(t, "xskmap[%u] = %d [s%d], flags %#llx", key, c.fd,
			   c.slot, (unsigned long long)fl);
		r = bpf_map_update_elem(f.prog.xsks_fd, &key, &c.fd, fl);
		e = errno;
		r = r < 0 ? -1 : r;	/* libbpf: -errno, and errno */
		call_end(t, r, e);
		check_errno(t, A_MAP_UPDATE, r, e, fl > BPF_EXIST ? EINVAL :
			    key >= XT_MAX_QUEUES ? E2BIG :
			    !is_xsk(&c) ? EBADF : 0);
		if (r >= 0)
			FZ_TRUE(t, r == 0 && fl <= BPF_EXIST &&
				key < XT_MAX_QUEUES && is_xsk(&c));
	} else if (what < 5) {
		call_begin(t, "xskmap delete %u", key);
		r = bpf_map_delete_elem(f.prog.xsks_fd, &key);
		e = errno;
		r = r < 0 ? -1 : r;
		call_end(t, r, e);
		check_errno(t, A_MAP_DELETE, r, e,
			    key >= XT_MAX_QUEUES ? EINVAL : 0);
		if (r >= 0)
			FZ_TRUE(t, r == 0 && key < XT_MAX_QUEUES);
	} else {
		call_begin(t, "xskmap lookup %u", key);
		r = bpf_map_lookup_elem(f.prog.xsks_fd, &key, &v);
		e = errno;
		r = r < 0 ? -1 : r;
		call_end(t, r, e);
		/* Sockets are no values user space can read. */
		check_errno(t, A_MAP_LOOKUP, r, e, EOPNOTSUPP);
		FZ_TRUE(t, r < 0);
	}
	target_put(&c);
}

/* A step of several calls that must succeed: make c's socket set up whole. */
static void setup_step(struct thr *t, long r, int e, int call)
{
	check_errno(t, call, r, e, 0);
	if (r < 0)
		fz_fail(t, "a socket set up by the book: %s failed",
			call_names[call]);
}

/*
 * A socket set up whole, by the book, in a slot whose write lock is held:
 * its own UMEM (or, with another slot's bound socket, that one's), rings
 * of random sizes, all mapped for the scribbler, bound to a queue of xt0
 * and put in the XSKMAP at its queue.  The bind() may find the queue
 * taken (EBUSY) or, for a shared UMEM, the other socket gone; nothing
 * else fails.
 */
static void setup_socket(struct thr *t, struct target *c)
{
	struct xdp_umem_reg mr = {
		.addr = (__u64)(unsigned long)f.umem, .len = UMEM_LEN,
		.chunk_size = 2048U << pick(t, 2),
	};
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_ifindex = f.env->ifindex,
		.sxdp_queue_id = pick(t, f.nq),
		.sxdp_flags = (pick(t, 2) ? xt_copy_mode(f.env) : 0) |
			      (pick(t, 2) ? XDP_USE_NEED_WAKEUP : 0),
	};
	bool rx = pick(t, 4), tx = !rx || pick(t, 2), shared = pick(t, 2);
	/* Drawn whatever happens: the sequence stays the seed's. */
	bool same_q = pick(t, 4), in_map = pick(t, 2);
	int oslot = pick(t, NSOCK), i, e;
	__u32 n[4];
	struct target o = { .slot = -1, .fd = -1 };
	size_t len;
	void *p;
	long r;

	for (i = 0; i < 4; i++)
		n[i] = 8U << pick(t, 9);
	/* A shared UMEM only from a bound socket whose slot is free now. */
	if (shared && oslot != c->slot &&
	    !pthread_rwlock_tryrdlock(&f.s[oslot].lock)) {
		o.slot = oslot;
		o.s = &f.s[oslot];
		o.fd = o.s->fd;
		o.have = __atomic_load_n(&o.s->have, __ATOMIC_SEQ_CST);
		if (!had(&o, H_BOUND) || o.s->ifindex != f.env->ifindex) {
			pthread_rwlock_unlock(&o.s->lock);
			o = (struct target){ .slot = -1, .fd = -1 };
		}
	}
	shared = o.slot >= 0;
	if (shared) {
		sxdp.sxdp_flags = XDP_SHARED_UMEM;
		sxdp.sxdp_shared_umem_fd = o.fd;
		if (same_q)
			sxdp.sxdp_queue_id = o.s->queue;
	} else {
		call_begin(t, "setsockopt(%d [s%d], XDP_UMEM_REG, {umem, %u, "
			   "%u})", c->fd, c->slot, UMEM_LEN, mr.chunk_size);
		r = setsockopt(c->fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr));
		e = errno;
		call_end(t, r, e);
		setup_step(t, r, e, A_UMEM);
		c->s->have |= 1U << H_UMEM;
	}
	for (i = 0; i < 4; i++) {
		if ((i == H_RX && !rx) || (i == H_TX && !tx) ||
		    (i >= H_FILL && shared && sxdp.sxdp_queue_id ==
		     o.s->queue))
			continue;
		call_begin(t, "setsockopt(%d [s%d], %d, %u, 4)", c->fd,
			   c->slot, opts_ring[i], n[i]);
		r = setsockopt(c->fd, SOL_XDP, opts_ring[i], &n[i], 4);
		e = errno;
		call_end(t, r, e);
		setup_step(t, r, e, A_RING);
		c->s->entries[i] = n[i];
		c->s->have |= 1U << i;
		len = ring_bytes(i, n[i]);
		c->have = c->s->have;
		p = do_mmap(t, c, i, offs_ring[i], len,
			    PROT_READ | PROT_WRITE, MAP_SHARED);
		if (!p)
			fz_fail(t, "a socket set up by the book: mmap failed");
		scribble_keep(t, p, len, len <= 1 << 20, c->slot);
	}
	c->have = c->s->have;
	r = do_bind(t, c, &o, &sxdp, sizeof(sxdp));
	e = errno;
	if (shared)
		pthread_rwlock_unlock(&o.s->lock);
	if (r < 0 && e != EBUSY)
		fz_fail(t, "a socket set up by the book: bind failed");
	if (r < 0 || !in_map || stock_crash(c))
		return;
	call_begin(t, "xskmap[%u] = %d [s%d]", sxdp.sxdp_queue_id, c->fd,
		   c->slot);
	r = bpf_map_update_elem(f.prog.xsks_fd, &sxdp.sxdp_queue_id, &c->fd,
				BPF_ANY);
	e = errno;
	r = r < 0 ? -1 : r;
	call_end(t, r, e);
	setup_step(t, r, e, A_MAP_UPDATE);
}

static void op_setup(struct thr *t)
{
	int slot = pick(t, NSOCK), fd, e;
	struct slot *s = &f.s[slot];
	struct target c;

	pthread_rwlock_wrlock(&s->lock);
	slot_close(t, s);
	call_begin(t, "socket(AF_XDP, SOCK_RAW, 0) [s%d]", slot);
	fd = socket(AF_XDP, SOCK_RAW, 0);
	e = errno;
	call_end(t, fd, e);
	slot_reset(s, fd);
	setup_step(t, fd, e, A_SOCKET);
	/* The write lock is held: no call under way, no other thread's. */
	c = (struct target){ .slot = slot, .s = s, .fd = fd };
	setup_socket(t, &c);
	pthread_rwlock_unlock(&s->lock);
}

/*
 * A fault: a mapping shorter than mmap() said (touch()), or a bug of the
 * test.  What each thread was doing, then the signal's own death.
 */
static void on_fault(int sig)
{
	unsigned int i;

	for (i = 0; i < f.nthreads; i++) {
		(void)!write(2, "# at: ", 6);
		(void)!write(2, f.t[i].cur, LINE);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* --- the threads --- */

static void *scribble(void *arg)
{
	__u64 s = f.seed * 31 + 7;
	unsigned int i;
	__u32 *w;

	while (!__atomic_load_n(&f.stop, __ATOMIC_RELAXED)) {
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

static void *caller(void *arg)
{
	static void (*const ops[])(struct thr *) = {
		op_socket, op_setup, op_setsockopt, op_setsockopt,
		op_setsockopt, op_getsockopt, op_getsockopt, op_bind, op_bind,
		op_mmap, op_mmap, op_io, op_io, op_io, op_close, op_xskmap,
	};
	struct thr *t = arg;
	unsigned int n = (f.iters + f.nthreads - 1 - t->id) / f.nthreads;

	for (t->step = 0; t->step < n; t->step++) {
		if (f.deadline && time(NULL) >= f.deadline)
			break;
		if (t->id == 0 && f.kmsg_every && t->step &&
		    t->step % f.kmsg_every == 0)
			kmsg("seed %llu: step %u, %llu calls\n",
			     (unsigned long long)f.seed, t->step,
			     __atomic_load_n(&f.ncalls, __ATOMIC_RELAXED));
		ops[pick(t, ARRAY_SIZE(ops))](t);
	}
	return arg;
}

static unsigned int env_u(const char *name, unsigned int def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

/* The peer: test frames to xt0 until it is stopped. */
static void stream(struct xt_env *env, void *arg __attribute__((unused)))
{
	unsigned char frame[128];
	int fd;

	xt_frame(env, frame, sizeof(frame), 0);
	fd = xt_packet_socket(env->peer_ifindex);
	for (;;) {
		(void)!send(fd, frame, sizeof(frame), 0);
		usleep(200);
	}
}

static void xt0_queues(struct xt_env *env)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };

	f.nq = env->queues;
	if (!xt_ethtool("xt0", &ch))
		f.nq = (ch.rx_count > ch.tx_count ? ch.rx_count :
			ch.tx_count) + ch.combined_count;
	if (!f.nq)
		f.nq = 1;
}

XT_CASE(fuzz, XT_ALL)
{
	pthread_t tid[NTHREAD], sc;
	unsigned int i;
	pid_t pid;
	int st;

	f.seed = env_u("XT_FUZZ_SEED", 1) | 1ULL << 40;
	/* zc: every bind and close restarts an i40e queue pair (slow under
	 * TCG), and the zc suite runs in a boot of its own beside the others.
	 */
	f.iters = env_u("XT_FUZZ_ITERS", env->mode == XT_ZC ? 1000 : 3000);
	f.nthreads = env_u("XT_FUZZ_THREADS", NTHREAD);
	f.kmsg_every = env_u("XT_FUZZ_KMSG", 1000);
	f.log_lines = env_u("XT_FUZZ_LOG_LINES", 65536) ?: 1;
	if (f.nthreads < 1 || f.nthreads > NTHREAD)
		f.nthreads = NTHREAD;
	i = env_u("XT_FUZZ_SECONDS", 0);
	if (i) {
		/* A long run: the runner's alarm gives way to this one. */
		f.deadline = time(NULL) + i;
		alarm(i + 300);
	}
	f.env = env;
	f.mode = env->mode == XT_SKB ? "skb" : env->mode == XT_DRV ? "drv" :
		 "zc";
	f.series = xt_kernel_is_series();
	/* Seen 2026-12-05, seed 1: KASAN slab-out-of-bounds, a write past
	 * the pool's tx_descs (sized by the TX ring at bind()) from i40e's
	 * NAPI poll; the series bounds the batch by tx_descs' size.
	 */
	if (!f.series && env->mode == XT_ZC)
		xt_skip("6.1's xsk_tx_peek_release_desc_batch() writes past "
			"the pool's tx_descs under this fuzzer");
	xt0_queues(env);
	for (i = 0; i < NSOCK; i++) {
		pthread_rwlock_init(&f.s[i].lock, NULL);
		slot_reset(&f.s[i], -1);
	}
	f.umem = xt_umem_area(UMEM_LEN);
	XT_TRUE(f.umem);
	signal(SIGSEGV, on_fault);
	signal(SIGBUS, on_fault);
	signal(SIGFPE, on_fault);
	log_open();
	kmsg("seed %llu, %u steps on %u threads, %u queues; log %s; "
	     "replay: XT_FUZZ_SEED=%llu XT_FUZZ_ITERS=%u\n",
	     (unsigned long long)f.seed, f.iters, f.nthreads, f.nq,
	     f.log_fd >= 0 ? f.log_path : "none",
	     (unsigned long long)(f.seed & 0xffffffffff), f.iters);
	xt_prog_attach(env, &f.prog);
	fflush(NULL);
	pid = XT_OK(fork());
	if (!pid)
		_exit(xt_in_peer(env, stream, NULL));
	XT_EQ(pthread_create(&sc, NULL, scribble, NULL), 0);
	for (i = 0; i < f.nthreads; i++) {
		/* splitmix64 of the seed and the thread: never 0 */
		__u64 z = f.seed + (i + 1) * 0x9e3779b97f4a7c15ULL;

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		f.t[i].rng = (z ^ (z >> 31)) | 1;
		f.t[i].id = i;
		XT_EQ(pthread_create(&tid[i], NULL, caller, &f.t[i]), 0);
	}
	for (i = 0; i < f.nthreads; i++)
		pthread_join(tid[i], NULL);
	__atomic_store_n(&f.stop, true, __ATOMIC_RELAXED);
	pthread_join(sc, NULL);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	for (i = 0; i < NSOCK; i++)
		if (f.s[i].fd >= 0)
			XT_EQ(close(f.s[i].fd), 0);
	xt_prog_detach(&f.prog);
	kmsg("seed %llu: done, %llu calls\n", (unsigned long long)f.seed,
	     f.ncalls);
	printf("# fuzz: seed %llu, %u steps, %llu calls",
	       (unsigned long long)f.seed, f.iters, f.ncalls);
	for (i = 0; i < f.nthreads; i++)
		printf(", T%u %u of %u ok", i, f.t[i].n_ok, f.t[i].n_calls);
	printf("\n");
}
