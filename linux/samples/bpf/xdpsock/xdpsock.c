// SPDX-License-Identifier: GPL-2.0
/*
 * xdpsock: AF_XDP sockets at work, and how fast they go.
 *
 * One AF_XDP socket per queue (queues -q .. -q + -Q - 1 of one interface),
 * all sharing one UMEM, each in the XSKMAP slot of its queue of a small XDP
 * program (xdpsock.bpf.c), run one of three workloads:
 *
 *   rxdrop  receive and drop: every frame goes back to the FILL ring;
 *   txonly  send the same UDP frame over and over;
 *   l2fwd   receive, swap the MAC addresses, send the frame back out;
 *
 * and print, once a second, each socket's RX and TX rates and the kernel's
 * XDP_STATISTICS counters, and a summary at the end.
 *
 * The sockets are driven through raw system calls on <linux/if_xdp.h>;
 * libbpf only loads and attaches the XDP program and fills its XSKMAP.
 * One thread serves all sockets in turn.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include "xdpsock.h"

#ifndef AF_XDP
#define AF_XDP			44
#endif
#ifndef SOL_XDP
#define SOL_XDP			283
#endif
#ifndef SO_PREFER_BUSY_POLL
#define SO_PREFER_BUSY_POLL	69
#endif
#ifndef SO_BUSY_POLL_BUDGET
#define SO_BUSY_POLL_BUDGET	70
#endif

#define BUSY_POLL_USECS		20
#define HUGE_PAGE		(2UL << 20)

static const char usage[] =
"Usage: xdpsock -i IFNAME [options]\n"
"\n"
"Runs AF_XDP sockets on queues of IFNAME and prints, once a second, each\n"
"socket's receive and transmit rates and the kernel's XDP_STATISTICS\n"
"counters, then a summary.  Stops after -d seconds, or on SIGINT/SIGTERM.\n"
"\n"
"Workload, one of:\n"
"  -R, --rxdrop          receive and drop (the default)\n"
"  -t, --txonly          send one UDP/IPv4 frame over and over, from\n"
"                        02:00:00:00:00:01 10.0.0.1:9 to 02:00:00:00:00:02\n"
"                        10.0.0.2:9; the sockets have no RX ring, and what\n"
"                        their queues receive goes to the stack\n"
"  -l, --l2fwd           receive, swap source and destination MAC address,\n"
"                        send the frame back out of the same queue\n"
"\n"
"Where:\n"
"  -i, --interface=IF    the interface (required)\n"
"  -q, --queue=N         the (first) queue, default 0\n"
"  -Q, --queues=N        N sockets on queues -q .. -q + N - 1, sharing one\n"
"                        UMEM (XDP_SHARED_UMEM), default 1\n"
"\n"
"Modes:\n"
"  -S, --skb             attach the XDP program in skb (generic) mode\n"
"  -N, --native          attach it in driver (native) mode\n"
"                        (neither: the kernel's choice, driver if it can)\n"
"  -c, --copy            bind in copy mode (XDP_COPY)\n"
"  -z, --zero-copy       bind in zero-copy mode (XDP_ZEROCOPY), or fail\n"
"                        (neither: zero-copy where the driver offers it)\n"
"  -m, --no-need-wakeup  do not bind with XDP_USE_NEED_WAKEUP (on by\n"
"                        default: the kernel says when it needs a syscall)\n"
"  -B, --busy-poll       busy-poll: SO_PREFER_BUSY_POLL, SO_BUSY_POLL (20 us)\n"
"                        and SO_BUSY_POLL_BUDGET on every socket\n"
"  -a, --budget=N        the busy-poll budget, default the batch size\n"
"\n"
"Sizes:\n"
"  -r, --ring-size=N     entries of the RX and TX rings, a power of two,\n"
"                        default 2048; FILL and COMPLETION get twice as many,\n"
"                        and each socket 4 * N frames of the UMEM\n"
"  -b, --batch-size=N    descriptors taken from or given to a ring at a\n"
"                        time, default 64\n"
"  -f, --frame-size=N    UMEM chunk size, 2048 to the page size, a power of\n"
"                        two unless -u; default 4096\n"
"  -u, --unaligned       unaligned chunk mode (XDP_UMEM_UNALIGNED_CHUNK_FLAG),\n"
"                        the UMEM in 2 MiB huge pages if there are any\n"
"  -s, --packet-size=N   txonly: frame length without FCS, 42 to the frame\n"
"                        size, default 64\n"
"\n"
"Output:\n"
"  -d, --duration=SEC    stop after SEC seconds; 0 (default): when stopped\n"
"  -j, --json            JSON, an object a line: {\"type\":\"setup\",...}, a\n"
"                        {\"type\":\"sample\",...} a second, and a closing\n"
"                        {\"type\":\"summary\",...}\n"
"  -h, --help            this text\n"
"\n"
"Text output, a line a second per socket (and \"all\" with -Q): rx/s and\n"
"tx/s, packets received and sent (completed) per second; then the totals\n"
"so far of XDP_STATISTICS: dropped (rx_dropped), rx_inval\n"
"(rx_invalid_descs), tx_inval (tx_invalid_descs), rx_full (rx_ring_full),\n"
"fq_empty (rx_fill_ring_empty_descs), tx_empty (tx_ring_empty_descs).\n"
"\n"
"Exit status: 0; 1 on a failure at run time; 2 on bad options.\n";

enum workload { RXDROP, TXONLY, L2FWD };
static const char *const workload_name[] = { "rxdrop", "txonly", "l2fwd" };

static struct {
	enum workload workload;
	const char *ifname;
	unsigned int ifindex;
	__u32 queue;
	__u32 nqueues;
	__u32 xdp_flags;	/* XDP_FLAGS_SKB_MODE, _DRV_MODE or 0 */
	__u16 bind_flags;	/* XDP_COPY, XDP_ZEROCOPY, XDP_USE_NEED_WAKEUP */
	__u32 ring;
	__u32 batch;
	__u32 frame;
	bool unaligned;
	bool busy_poll;
	__u32 budget;
	__u32 duration;
	__u32 pkt_size;
	bool json;
} opt = {
	.workload = RXDROP,
	.nqueues = 1,
	.bind_flags = XDP_USE_NEED_WAKEUP,
	.ring = 2048,
	.batch = 64,
	.frame = 4096,
	.pkt_size = 64,
};

/*
 * The rings.  Each is one producer and one consumer, the kernel on one side
 * and us on the other, with free-running __u32 indexes (entry i lives at
 * i & (size - 1)).  Ordering, our side of the contract:
 *
 * - a producer (FILL, TX) loads the consumer index with acquire semantics
 *   before it overwrites the entries that index frees, and stores its
 *   producer index with release semantics after it has written the entries
 *   (prod_room(), prod_submit());
 * - a consumer (RX, COMPLETION) loads the producer index with acquire
 *   semantics before it reads the entries, and stores its consumer index
 *   with release semantics when it is done with them (cons_ready(),
 *   cons_release());
 * - the NEED_WAKEUP flag is read after a full fence (needs_wakeup()): the
 *   kernel sets the flag and then looks at our index once more, so our
 *   store of the index and our load of the flag must not pass each other.
 *
 * The kernel's side pairs each of these with a barrier of its own.  Our own
 * index is kept in 'head' too; only we write it.
 */
struct ring {
	__u32 *producer;
	__u32 *consumer;
	__u32 *flags;
	void *entries;		/* struct xdp_desc[] or __u64[] */
	__u32 size;
	__u32 head;		/* our index: producer or consumer */
	void *map;
	size_t map_len;
};

static __u32 prod_room(const struct ring *r, __u32 want)
{
	__u32 room = r->size -
		     (r->head - __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE));

	return room < want ? room : want;
}

static void prod_submit(struct ring *r, __u32 n)
{
	r->head += n;
	__atomic_store_n(r->producer, r->head, __ATOMIC_RELEASE);
}

static __u32 cons_ready(const struct ring *r, __u32 want)
{
	__u32 ready = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE) - r->head;

	return ready < want ? ready : want;
}

static void cons_release(struct ring *r, __u32 n)
{
	r->head += n;
	__atomic_store_n(r->consumer, r->head, __ATOMIC_RELEASE);
}

/* Entry i past our index, in a FILL or COMPLETION ring. */
static __u64 *addr_at(const struct ring *r, __u32 i)
{
	return (__u64 *)r->entries + ((r->head + i) & (r->size - 1));
}

/* Entry i past our index, in an RX or TX ring. */
static struct xdp_desc *desc_at(const struct ring *r, __u32 i)
{
	return (struct xdp_desc *)r->entries + ((r->head + i) & (r->size - 1));
}

static bool needs_wakeup(const struct ring *r)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(r->flags, __ATOMIC_RELAXED) &
	       XDP_RING_NEED_WAKEUP;
}

/* Entries of a producer ring the kernel has not taken yet. */
static bool prod_pending(const struct ring *r)
{
	return __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE) != r->head;
}

struct xsk {
	int fd;
	__u32 queue;
	struct ring rx, tx, fill, comp;
	__u64 *free;		/* UMEM addresses of chunks in no ring */
	__u32 nfree;
	__u64 rx_packets, tx_packets;
	__u64 rx_last, tx_last;	/* at the previous report */
	struct xdp_statistics stats;
};

static struct xsk *xsks;
static void *umem;
static size_t umem_len;
static __u32 frames_per_xsk;

static struct bpf_object *obj;
static bool attached;

static volatile sig_atomic_t stop, tick;
static struct timespec start;

static const struct {
	const char *name;
	const char *column;
	size_t offset;
} stat_fields[] = {
#define FIELD(name, column) { #name, column, \
			      offsetof(struct xdp_statistics, name) }
	FIELD(rx_dropped, "dropped"),
	FIELD(rx_invalid_descs, "rx_inval"),
	FIELD(tx_invalid_descs, "tx_inval"),
	FIELD(rx_ring_full, "rx_full"),
	FIELD(rx_fill_ring_empty_descs, "fq_empty"),
	FIELD(tx_ring_empty_descs, "tx_empty"),
#undef FIELD
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NSTATS		ARRAY_SIZE(stat_fields)

static __u64 stat(const struct xdp_statistics *st, unsigned int i)
{
	return *(const __u64 *)((const char *)st + stat_fields[i].offset);
}

static void detach(void)
{
	if (attached)
		bpf_xdp_detach(opt.ifindex, opt.xdp_flags, NULL);
	attached = false;
}

static void __attribute__((format(printf, 1, 2), noreturn))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("xdpsock: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	detach();
	exit(1);
}

static void __attribute__((format(printf, 1, 2), noreturn))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("xdpsock: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\nTry 'xdpsock -h'.\n", stderr);
	va_end(ap);
	exit(2);
}

static __u32 number(char opt_char, const char *s, __u32 min, __u32 max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		bad_usage("-%c: '%s' is not a number from %u to %u",
			  opt_char, s, min, max);
	return v;
}

static bool power_of_2(__u32 v)
{
	return v && !(v & (v - 1));
}

static void parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rxdrop", no_argument, NULL, 'R' },
		{ "txonly", no_argument, NULL, 't' },
		{ "l2fwd", no_argument, NULL, 'l' },
		{ "interface", required_argument, NULL, 'i' },
		{ "queue", required_argument, NULL, 'q' },
		{ "queues", required_argument, NULL, 'Q' },
		{ "skb", no_argument, NULL, 'S' },
		{ "native", no_argument, NULL, 'N' },
		{ "copy", no_argument, NULL, 'c' },
		{ "zero-copy", no_argument, NULL, 'z' },
		{ "no-need-wakeup", no_argument, NULL, 'm' },
		{ "busy-poll", no_argument, NULL, 'B' },
		{ "budget", required_argument, NULL, 'a' },
		{ "ring-size", required_argument, NULL, 'r' },
		{ "batch-size", required_argument, NULL, 'b' },
		{ "frame-size", required_argument, NULL, 'f' },
		{ "unaligned", no_argument, NULL, 'u' },
		{ "packet-size", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	__u32 page = sysconf(_SC_PAGESIZE);
	int c, workloads = 0;

	while ((c = getopt_long(argc, argv, "Rtli:q:Q:SNczmBa:r:b:f:us:d:jh",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
		case 't':
		case 'l':
			opt.workload = c == 'R' ? RXDROP :
				       c == 't' ? TXONLY : L2FWD;
			workloads++;
			break;
		case 'i':
			opt.ifname = optarg;
			break;
		case 'q':
			opt.queue = number(c, optarg, 0,
					   XDPSOCK_MAX_QUEUES - 1);
			break;
		case 'Q':
			opt.nqueues = number(c, optarg, 1, XDPSOCK_MAX_QUEUES);
			break;
		case 'S':
		case 'N':
			if (opt.xdp_flags)
				bad_usage("-S and -N exclude each other");
			opt.xdp_flags = c == 'S' ? XDP_FLAGS_SKB_MODE :
						   XDP_FLAGS_DRV_MODE;
			break;
		case 'c':
		case 'z':
			if (opt.bind_flags & (XDP_COPY | XDP_ZEROCOPY))
				bad_usage("-c and -z exclude each other");
			opt.bind_flags |= c == 'c' ? XDP_COPY : XDP_ZEROCOPY;
			break;
		case 'm':
			opt.bind_flags &= ~XDP_USE_NEED_WAKEUP;
			break;
		case 'B':
			opt.busy_poll = true;
			break;
		case 'a':
			opt.budget = number(c, optarg, 1, 65535);
			break;
		case 'r':
			opt.ring = number(c, optarg, 2, 16384);
			if (!power_of_2(opt.ring))
				bad_usage("-r: %u is not a power of two",
					  opt.ring);
			break;
		case 'b':
			opt.batch = number(c, optarg, 1, 16384);
			break;
		case 'f':
			opt.frame = number(c, optarg, 2048, page);
			break;
		case 'u':
			opt.unaligned = true;
			break;
		case 's':
			opt.pkt_size = number(c, optarg, 42, 65535);
			break;
		case 'd':
			opt.duration = number(c, optarg, 0, 1U << 31);
			break;
		case 'j':
			opt.json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:	/* getopt has said what is wrong */
			bad_usage("bad option");
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument '%s'", argv[optind]);
	if (!opt.ifname)
		bad_usage("no interface: -i IFNAME");
	if (workloads > 1)
		bad_usage("-R, -t and -l exclude each other");
	if (opt.queue + opt.nqueues > XDPSOCK_MAX_QUEUES)
		bad_usage("-q %u -Q %u: queues up to %u only", opt.queue,
			  opt.nqueues, XDPSOCK_MAX_QUEUES - 1);
	if (opt.budget && !opt.busy_poll)
		bad_usage("-a is the busy-poll budget: it needs -B");
	if (opt.batch > opt.ring)
		bad_usage("-b %u: more than the ring size (%u)", opt.batch,
			  opt.ring);
	if (!opt.unaligned && !power_of_2(opt.frame))
		bad_usage("-f %u: not a power of two (and no -u)", opt.frame);
	if (opt.pkt_size > opt.frame)
		bad_usage("-s %u: more than the frame size (%u)",
			  opt.pkt_size, opt.frame);
	opt.ifindex = if_nametoindex(opt.ifname);
	if (!opt.ifindex)
		bad_usage("-i %s: %s", opt.ifname, strerror(errno));
	if (!opt.budget)
		opt.budget = opt.batch;
}

/* The XDP program, next to our binary; attached, its XSKMAP's fd. */
static int attach_prog(void)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	struct bpf_program *prog;
	char path[PATH_MAX];
	int err, map_fd;
	ssize_t n;

	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n < 0)
		die("readlink /proc/self/exe: %s", strerror(errno));
	path[n] = 0;
	strcat(dirname(path), "/xdpsock.bpf.o");

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		die("%s: %s", path, strerror(errno));
	err = bpf_object__load(obj);
	if (err)
		die("loading %s: %s", path, strerror(-err));
	prog = bpf_object__find_program_by_name(obj, "xdpsock_redirect");
	map_fd = bpf_object__find_map_fd_by_name(obj, "xsks");
	if (!prog || map_fd < 0)
		die("%s: no program xdpsock_redirect or map xsks", path);

	err = bpf_xdp_attach(opt.ifindex, bpf_program__fd(prog),
			     opt.xdp_flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err)
		die("attaching XDP to %s: %s%s", opt.ifname, strerror(-err),
		    err == -EBUSY ? " (a program is attached already)" : "");
	attached = true;
	/* Where the kernel chose, detach() must name what it chose. */
	err = bpf_xdp_query(opt.ifindex, 0, &query);
	if (err)
		die("querying XDP of %s: %s", opt.ifname, strerror(-err));
	if (query.attach_mode == XDP_ATTACHED_SKB)
		opt.xdp_flags = XDP_FLAGS_SKB_MODE;
	else if (query.attach_mode == XDP_ATTACHED_DRV)
		opt.xdp_flags = XDP_FLAGS_DRV_MODE;
	return map_fd;
}

/* The UMEM: frames_per_xsk chunks for each socket, one after the other. */
static void map_umem(void)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;

	frames_per_xsk = 4 * opt.ring;
	umem_len = (size_t)frames_per_xsk * opt.nqueues * opt.frame;
	if (opt.unaligned) {
		/* Chunks may then cross pages: keep the pages contiguous. */
		size_t len = (umem_len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);

		umem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			    flags | MAP_HUGETLB, -1, 0);
		if (umem != MAP_FAILED) {
			umem_len = len;
			return;
		}
		fprintf(stderr, "xdpsock: no huge pages (%s), the UMEM is in "
			"normal pages\n", strerror(errno));
	}
	umem = mmap(NULL, umem_len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (umem == MAP_FAILED)
		die("mmap of a %zu byte UMEM: %s", umem_len, strerror(errno));
}

static void set_opt(int fd, int level, int name, const void *val,
		    socklen_t len, const char *what)
{
	if (setsockopt(fd, level, name, val, len))
		die("setsockopt %s: %s", what, strerror(errno));
}

#define SET_OPT(fd, level, name, val) \
	set_opt(fd, level, name, &(val), sizeof(val), #name)

static void map_ring(int fd, struct ring *r, const struct xdp_ring_offset *o,
		     __u64 pgoff, size_t entry, const char *what)
{
	if (!r->size)
		return;
	r->map_len = o->desc + (size_t)r->size * entry;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_POPULATE, fd, pgoff);
	if (r->map == MAP_FAILED)
		die("mmap of the %s ring: %s", what, strerror(errno));
	r->producer = (__u32 *)((char *)r->map + o->producer);
	r->consumer = (__u32 *)((char *)r->map + o->consumer);
	r->flags = (__u32 *)((char *)r->map + o->flags);
	r->entries = (char *)r->map + o->desc;
}

/* Socket i, on queue opt.queue + i; socket 0 owns the UMEM. */
static void open_xsk(struct xsk *x, unsigned int i)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_ifindex = opt.ifindex,
		.sxdp_queue_id = opt.queue + i,
		.sxdp_flags = opt.bind_flags,
	};
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);

	x->queue = opt.queue + i;
	x->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (x->fd < 0)
		die("socket(AF_XDP): %s", strerror(errno));
	if (i == 0) {
		struct xdp_umem_reg reg = {
			.addr = (__u64)(unsigned long)umem,
			.len = umem_len,
			.chunk_size = opt.frame,
			.flags = opt.unaligned ?
				 XDP_UMEM_UNALIGNED_CHUNK_FLAG : 0,
		};

		SET_OPT(x->fd, SOL_XDP, XDP_UMEM_REG, reg);
	} else {
		/* Sharers take their modes from the owner and may not say. */
		sxdp.sxdp_flags = XDP_SHARED_UMEM;
		sxdp.sxdp_shared_umem_fd = xsks[0].fd;
	}
	/* Only the rings the workload uses: the kernel has less to do. */
	if (opt.workload != TXONLY) {
		x->rx.size = opt.ring;
		SET_OPT(x->fd, SOL_XDP, XDP_RX_RING, x->rx.size);
	}
	if (opt.workload != RXDROP) {
		x->tx.size = opt.ring;
		SET_OPT(x->fd, SOL_XDP, XDP_TX_RING, x->tx.size);
	}
	x->fill.size = 2 * opt.ring;
	x->comp.size = 2 * opt.ring;
	SET_OPT(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, x->fill.size);
	SET_OPT(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, x->comp.size);
	if (opt.busy_poll) {
		int one = 1, usecs = BUSY_POLL_USECS, budget = opt.budget;

		SET_OPT(x->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, one);
		SET_OPT(x->fd, SOL_SOCKET, SO_BUSY_POLL, usecs);
		SET_OPT(x->fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, budget);
	}

	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len))
		die("getsockopt XDP_MMAP_OFFSETS: %s", strerror(errno));
	map_ring(x->fd, &x->rx, &off.rx, XDP_PGOFF_RX_RING,
		 sizeof(struct xdp_desc), "RX");
	map_ring(x->fd, &x->tx, &off.tx, XDP_PGOFF_TX_RING,
		 sizeof(struct xdp_desc), "TX");
	map_ring(x->fd, &x->fill, &off.fr, XDP_UMEM_PGOFF_FILL_RING,
		 sizeof(__u64), "FILL");
	map_ring(x->fd, &x->comp, &off.cr, XDP_UMEM_PGOFF_COMPLETION_RING,
		 sizeof(__u64), "COMPLETION");

	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		die("bind to %s queue %u: %s%s", opt.ifname, x->queue,
		    strerror(errno),
		    errno == EOPNOTSUPP && (opt.bind_flags & XDP_ZEROCOPY) ?
		    " (no zero-copy on this device)" : "");
}

static void close_xsk(struct xsk *x)
{
	struct ring *rings[] = { &x->rx, &x->tx, &x->fill, &x->comp };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (rings[i]->size)
			munmap(rings[i]->map, rings[i]->map_len);
	close(x->fd);
	free(x->free);
}

static __u16 ip_checksum(const void *hdr, size_t len)
{
	const __u16 *p = hdr;
	__u32 sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* The frame txonly sends: Ethernet, IPv4, UDP, and a counting payload. */
static void write_frame(unsigned char *p)
{
	struct ethhdr *eth = (struct ethhdr *)p;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	unsigned char *payload = (unsigned char *)(udp + 1);
	static const unsigned char src[ETH_ALEN] = { 2, 0, 0, 0, 0, 1 };
	static const unsigned char dst[ETH_ALEN] = { 2, 0, 0, 0, 0, 2 };
	unsigned int i;

	memcpy(eth->h_dest, dst, ETH_ALEN);
	memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = sizeof(*ip) / 4;
	ip->tot_len = htons(opt.pkt_size - sizeof(*eth));
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = htonl(0x0a000001);
	ip->daddr = htonl(0x0a000002);
	ip->check = ip_checksum(ip, sizeof(*ip));
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(opt.pkt_size - sizeof(*eth) - sizeof(*ip));
	udp->check = 0;		/* none, as IPv4 allows */
	for (i = 0; payload + i < p + opt.pkt_size; i++)
		payload[i] = i;
}

/* A descriptor's address, with an unaligned-mode offset folded in. */
static __u64 flat(__u64 addr)
{
	return (addr & XSK_UNALIGNED_BUF_ADDR_MASK) +
	       (addr >> XSK_UNALIGNED_BUF_OFFSET_SHIFT);
}

/* The chunk an address points into, as the address of its start. */
static __u64 chunk_of(__u64 addr)
{
	__u64 a = flat(addr);

	return opt.unaligned ? a - a % opt.frame :
			       a & ~(__u64)(opt.frame - 1);
}

/* Free chunks into the FILL ring, as many as it takes. */
static void refill(struct xsk *x)
{
	__u32 i, n = prod_room(&x->fill, x->nfree);

	for (i = 0; i < n; i++)
		*addr_at(&x->fill, i) = x->free[--x->nfree];
	if (n)
		prod_submit(&x->fill, n);
}

/* Sent frames back to the free chunks; how many. */
static __u32 complete(struct xsk *x)
{
	__u32 i, n = cons_ready(&x->comp, x->comp.size);

	for (i = 0; i < n; i++)
		x->free[x->nfree++] = chunk_of(*addr_at(&x->comp, i));
	if (n)
		cons_release(&x->comp, n);
	x->tx_packets += n;
	return n;
}

/* Nothing to receive: have the kernel look at the FILL ring, if it must. */
static void wake_rx(struct xsk *x)
{
	if (opt.busy_poll ||
	    ((opt.bind_flags & XDP_USE_NEED_WAKEUP) && needs_wakeup(&x->fill)))
		recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

/* Have the kernel send what the TX ring holds, if it must be asked. */
static void kick_tx(struct xsk *x)
{
	if (!prod_pending(&x->tx))
		return;
	if (!opt.busy_poll && (opt.bind_flags & XDP_USE_NEED_WAKEUP) &&
	    !needs_wakeup(&x->tx))
		return;
	if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0)
		return;
	/* The device is busy or out of room: the next round tries again. */
	if (errno != EAGAIN && errno != EBUSY && errno != ENOBUFS &&
	    errno != ENETDOWN)
		die("sendto (queue %u): %s", x->queue, strerror(errno));
}

/* One round of each workload on one socket: how much got done. */
static __u32 rxdrop(struct xsk *x)
{
	__u32 i, n = cons_ready(&x->rx, opt.batch);

	if (!n) {
		wake_rx(x);
		return 0;
	}
	for (i = 0; i < n; i++)
		x->free[x->nfree++] = chunk_of(desc_at(&x->rx, i)->addr);
	cons_release(&x->rx, n);
	x->rx_packets += n;
	refill(x);
	return n;
}

static __u32 txonly(struct xsk *x)
{
	__u32 i, done = complete(x);
	__u32 n = prod_room(&x->tx, opt.batch < x->nfree ? opt.batch :
							    x->nfree);

	for (i = 0; i < n; i++) {
		struct xdp_desc *d = desc_at(&x->tx, i);

		d->addr = x->free[--x->nfree];
		d->len = opt.pkt_size;
		d->options = 0;
	}
	if (n)
		prod_submit(&x->tx, n);
	kick_tx(x);
	return done + n;
}

static __u32 l2fwd(struct xsk *x)
{
	__u32 i, done = complete(x);
	__u32 n = cons_ready(&x->rx, prod_room(&x->tx, opt.batch));

	refill(x);
	if (!n)
		wake_rx(x);
	for (i = 0; i < n; i++) {
		const struct xdp_desc *in = desc_at(&x->rx, i);
		struct xdp_desc *out = desc_at(&x->tx, i);
		unsigned char *eth = (unsigned char *)umem + flat(in->addr);
		unsigned char mac[ETH_ALEN];

		memcpy(mac, eth, ETH_ALEN);
		memcpy(eth, eth + ETH_ALEN, ETH_ALEN);
		memcpy(eth + ETH_ALEN, mac, ETH_ALEN);
		out->addr = flat(in->addr);
		out->len = in->len;
		out->options = 0;
	}
	if (n) {
		cons_release(&x->rx, n);
		prod_submit(&x->tx, n);
		x->rx_packets += n;
	}
	kick_tx(x);
	/* Frames still on their way out are work to come back for. */
	return done + n + prod_pending(&x->tx);
}

static void setup_xsks(int map_fd)
{
	unsigned int i, k;

	xsks = calloc(opt.nqueues, sizeof(*xsks));
	if (!xsks)
		die("out of memory");
	for (i = 0; i < opt.nqueues; i++) {
		struct xsk *x = &xsks[i];
		__u64 base = (__u64)i * frames_per_xsk * opt.frame;

		open_xsk(x, i);
		x->free = calloc(frames_per_xsk, sizeof(*x->free));
		if (!x->free)
			die("out of memory");
		for (k = 0; k < frames_per_xsk; k++) {
			__u64 addr = base + (__u64)k * opt.frame;

			if (opt.workload == TXONLY)
				write_frame((unsigned char *)umem + addr);
			x->free[x->nfree++] = addr;
		}
		/* txonly has no RX ring: its queues' frames go to the stack. */
		if (opt.workload == TXONLY)
			continue;
		refill(x);
		if (bpf_map_update_elem(map_fd, &x->queue, &x->fd, BPF_ANY))
			die("XSKMAP slot %u: %s", x->queue, strerror(errno));
	}
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec - start.tv_sec + (t.tv_nsec - start.tv_nsec) / 1e9;
}

static const char *xdp_mode(void)
{
	return opt.xdp_flags == XDP_FLAGS_SKB_MODE ? "skb" :
	       opt.xdp_flags == XDP_FLAGS_DRV_MODE ? "driver" : "hw";
}

static const char *bind_mode(void)
{
	struct xdp_options o;
	socklen_t len = sizeof(o);

	if (getsockopt(xsks[0].fd, SOL_XDP, XDP_OPTIONS, &o, &len))
		die("getsockopt XDP_OPTIONS: %s", strerror(errno));
	return o.flags & XDP_OPTIONS_ZEROCOPY ? "zero-copy" : "copy";
}

static void print_setup(void)
{
	bool wakeup = opt.bind_flags & XDP_USE_NEED_WAKEUP;
	struct utsname u;
	unsigned int i;

	uname(&u);
	if (opt.json) {
		printf("{\"type\":\"setup\",\"kernel\":\"%s\","
		       "\"workload\":\"%s\",\"interface\":\"%s\","
		       "\"queue\":%u,\"queues\":%u,\"xdp_mode\":\"%s\","
		       "\"bind_mode\":\"%s\",\"need_wakeup\":%s,"
		       "\"busy_poll\":%s,\"busy_poll_budget\":%u,"
		       "\"ring_size\":%u,\"batch_size\":%u,"
		       "\"frame_size\":%u,\"unaligned\":%s,"
		       "\"packet_size\":%u}\n",
		       u.release, workload_name[opt.workload], opt.ifname,
		       opt.queue, opt.nqueues, xdp_mode(), bind_mode(),
		       wakeup ? "true" : "false",
		       opt.busy_poll ? "true" : "false", opt.budget, opt.ring,
		       opt.batch, opt.frame, opt.unaligned ? "true" : "false",
		       opt.pkt_size);
		return;
	}
	printf("xdpsock: %s on %s queue %u%s%u, kernel %s\n"
	       "  XDP in %s mode, %s, need_wakeup %s, busy poll %s; "
	       "rings %u, batch %u, frames %u%s",
	       workload_name[opt.workload], opt.ifname, opt.queue,
	       opt.nqueues > 1 ? " and on, sockets: " : ", sockets: ",
	       opt.nqueues, u.release, xdp_mode(), bind_mode(),
	       wakeup ? "on" : "off", opt.busy_poll ? "on" : "off",
	       opt.ring, opt.batch, opt.frame,
	       opt.unaligned ? " unaligned" : "");
	if (opt.workload == TXONLY)
		printf(", packets %u", opt.pkt_size);
	printf("\n%8s %5s %10s %10s", "time", "queue", "rx/s", "tx/s");
	for (i = 0; i < NSTATS; i++)
		printf(" %9s", stat_fields[i].column);
	putchar('\n');
}

static void print_row(double t, const char *queue, double rx, double tx,
		      const struct xdp_statistics *st)
{
	unsigned int i;

	printf("%8.2f %5s %10.0f %10.0f", t, queue, rx, tx);
	for (i = 0; i < NSTATS; i++)
		printf(" %9llu", stat(st, i));
	putchar('\n');
}

static void print_stats_json(const struct xdp_statistics *st)
{
	unsigned int i;

	for (i = 0; i < NSTATS; i++)
		printf(",\"%s\":%llu", stat_fields[i].name, stat(st, i));
}

static void add_stats(struct xdp_statistics *sum,
		      const struct xdp_statistics *st)
{
	unsigned int i;

	for (i = 0; i < NSTATS; i++)
		*(__u64 *)((char *)sum + stat_fields[i].offset) += stat(st, i);
}

static void read_stats(struct xsk *x)
{
	socklen_t len = sizeof(x->stats);

	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &x->stats, &len))
		die("getsockopt XDP_STATISTICS: %s", strerror(errno));
}

/* The line (or lines) of a second. */
static void report(double t, double dt)
{
	struct xdp_statistics all = {};
	double rx = 0, tx = 0;
	unsigned int i;
	char q[16];

	if (opt.json)
		printf("{\"type\":\"sample\",\"time\":%.3f,\"queues\":[", t);
	for (i = 0; i < opt.nqueues; i++) {
		struct xsk *x = &xsks[i];
		double xrx = (x->rx_packets - x->rx_last) / dt;
		double xtx = (x->tx_packets - x->tx_last) / dt;

		read_stats(x);
		add_stats(&all, &x->stats);
		x->rx_last = x->rx_packets;
		x->tx_last = x->tx_packets;
		rx += xrx;
		tx += xtx;
		if (opt.json) {
			printf("%s{\"queue\":%u,\"rx_pps\":%.0f,"
			       "\"tx_pps\":%.0f", i ? "," : "", x->queue,
			       xrx, xtx);
			print_stats_json(&x->stats);
			putchar('}');
		} else {
			snprintf(q, sizeof(q), "%u", x->queue);
			print_row(t, q, xrx, xtx, &x->stats);
		}
	}
	if (opt.json) {
		printf("],\"rx_pps\":%.0f,\"tx_pps\":%.0f", rx, tx);
		print_stats_json(&all);
		puts("}");
	} else if (opt.nqueues > 1) {
		print_row(t, "all", rx, tx, &all);
	}
	fflush(stdout);
}

static void summary(double t)
{
	struct xdp_statistics all = {};
	__u64 rx = 0, tx = 0;
	unsigned int i;

	for (i = 0; i < opt.nqueues; i++) {
		read_stats(&xsks[i]);
		add_stats(&all, &xsks[i].stats);
		rx += xsks[i].rx_packets;
		tx += xsks[i].tx_packets;
	}
	if (opt.json) {
		printf("{\"type\":\"summary\",\"seconds\":%.3f,"
		       "\"rx_packets\":%llu,\"tx_packets\":%llu,"
		       "\"rx_pps\":%.0f,\"tx_pps\":%.0f", t, rx, tx,
		       rx / t, tx / t);
		print_stats_json(&all);
		printf(",\"queues\":[");
		for (i = 0; i < opt.nqueues; i++) {
			printf("%s{\"queue\":%u,\"rx_packets\":%llu,"
			       "\"tx_packets\":%llu", i ? "," : "",
			       xsks[i].queue, xsks[i].rx_packets,
			       xsks[i].tx_packets);
			print_stats_json(&xsks[i].stats);
			putchar('}');
		}
		puts("]}");
		return;
	}
	printf("summary: %s on %s, %.2f s: rx %llu packets, %.0f pps; "
	       "tx %llu packets, %.0f pps\n", workload_name[opt.workload],
	       opt.ifname, t, rx, rx / t, tx, tx / t);
	printf("  XDP_STATISTICS:");
	for (i = 0; i < NSTATS; i++)
		printf(" %s %llu", stat_fields[i].name, stat(&all, i));
	putchar('\n');
}

static void on_signal(int sig)
{
	if (sig == SIGALRM)
		tick = 1;
	else
		stop = 1;
}

static void run(void)
{
	static __u32 (*const step[])(struct xsk *) = {
		[RXDROP] = rxdrop, [TXONLY] = txonly, [L2FWD] = l2fwd,
	};
	/* Only receivers wait: a sender always has something to do. */
	bool may_sleep = opt.workload != TXONLY && !opt.busy_poll;
	struct itimerval second = { { 1, 0 }, { 1, 0 } };
	struct pollfd pfd[XDPSOCK_MAX_QUEUES];
	double last = 0, t;
	unsigned int i;
	__u32 work;

	for (i = 0; i < opt.nqueues; i++)
		pfd[i] = (struct pollfd){ .fd = xsks[i].fd, .events = POLLIN };
	clock_gettime(CLOCK_MONOTONIC, &start);
	setitimer(ITIMER_REAL, &second, NULL);
	while (!stop) {
		work = 0;
		for (i = 0; i < opt.nqueues; i++)
			work += step[opt.workload](&xsks[i]);
		if (tick) {
			tick = 0;
			t = now();
			report(t, t - last);
			last = t;
			if (opt.duration && t + 0.5 >= opt.duration)
				break;
		}
		if (!work && may_sleep && poll(pfd, opt.nqueues, 1000) < 0 &&
		    errno != EINTR)
			die("poll: %s", strerror(errno));
	}
	second = (struct itimerval){};
	setitimer(ITIMER_REAL, &second, NULL);
	summary(now());
}

static int warnings_only(enum libbpf_print_level level, const char *fmt,
			 va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int i;
	int map_fd;

	parse(argc, argv);
	/* Only kernels that charge UMEM and BPF to RLIMIT_MEMLOCK care. */
	setrlimit(RLIMIT_MEMLOCK, &unlimited);
	libbpf_set_print(warnings_only);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	map_fd = attach_prog();
	map_umem();
	setup_xsks(map_fd);
	print_setup();
	run();

	detach();
	for (i = 0; i < opt.nqueues; i++)
		close_xsk(&xsks[i]);
	bpf_object__close(obj);
	munmap(umem, umem_len);
	return 0;
}
