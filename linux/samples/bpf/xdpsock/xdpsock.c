// SPDX-License-Identifier: GPL-2.0
/*
 * xdpsock: AF_XDP sockets at work, and how fast they go.
 *
 * One AF_XDP socket per queue (queues -q .. -q + --queues - 1 of one
 * interface), all sharing one UMEM, each in the XSKMAP slot of its queue of
 * a small XDP program (xdpsock.bpf.c), or with -M two sockets on one queue
 * sharing the UMEM and its FILL and COMPLETION rings, which the program
 * feeds in turn, run one of three workloads:
 *
 *   rxdrop  receive and drop: every frame goes back to the FILL ring;
 *   txonly  send the same UDP frame over and over;
 *   l2fwd   receive, swap the MAC addresses, send the frame back out;
 *
 * and print, once a second (-n), each socket's RX and TX rates, with the
 * kernel's XDP_STATISTICS counters (-x) and our system calls (-a), and a
 * summary at the end.  The options are those of the upstream sample.
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
#ifndef XDP_MAX_TX_SKB_BUDGET
#define XDP_MAX_TX_SKB_BUDGET	9	/* upstream's; 6.1 has no such option */
#endif

#define BUSY_POLL_USECS		20
#define HUGE_PAGE		(2UL << 20)

static const char usage[] =
"Usage: xdpsock -i IFNAME [options]\n"
"\n"
"Runs AF_XDP sockets on queues of IFNAME and prints, once a second, each\n"
"socket's receive and transmit rates, then a summary.  Stops after -d\n"
"seconds, after -C packets, or on SIGINT/SIGTERM.  The one-letter options\n"
"are those of the upstream sample (samples/bpf/xdpsock_user.c) and mean\n"
"the same; this one's own additions have long names only, and -j.\n"
"\n"
"Workload, one of:\n"
"  -r, --rxdrop          receive and drop (the default)\n"
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
"  -M, --shared-umem     two sockets on queue -q sharing one UMEM, its FILL\n"
"                        and COMPLETION rings (XDP_SHARED_UMEM); the XDP\n"
"                        program hands them frames in turn\n"
"      --queues=N        N sockets on queues -q .. -q + N - 1, sharing one\n"
"                        UMEM, each with FILL and COMPLETION rings of its\n"
"                        own; default 1\n"
"\n"
"Modes:\n"
"  -S, --xdp-skb         attach the XDP program in skb (generic) mode\n"
"  -N, --xdp-native      attach it in driver (native) mode\n"
"                        (neither: the kernel's choice, driver if it can)\n"
"  -F, --force           replace an XDP program already attached\n"
"  -c, --copy            bind in copy mode (XDP_COPY)\n"
"  -z, --zero-copy       bind in zero-copy mode (XDP_ZEROCOPY), or fail\n"
"                        (neither: zero-copy where the driver offers it)\n"
"  -m, --no-need-wakeup  do not bind with XDP_USE_NEED_WAKEUP (on by\n"
"                        default: the kernel says when it needs a syscall)\n"
"  -p, --poll            wait in poll() before every round and let it do\n"
"                        the kernel's part, instead of sendto() and\n"
"                        recvfrom() kicks (receivers poll() when idle\n"
"                        either way)\n"
"  -B, --busy-poll       busy-poll: SO_PREFER_BUSY_POLL, SO_BUSY_POLL (20 us)\n"
"                        and SO_BUSY_POLL_BUDGET (-b) on every socket\n"
"      --busy-poll-budget=N  SO_BUSY_POLL_BUDGET instead of -b (needs -B)\n"
"      --tx-budget=N     frames one copy-mode sendto() sends at most\n"
"                        (XDP_MAX_TX_SKB_BUDGET), 32 to --ring-size;\n"
"                        default: the kernel's, 32; txonly and l2fwd only\n"
"\n"
"Sizes and counts:\n"
"      --ring-size=N     entries of the RX and TX rings, a power of two,\n"
"                        default 2048; FILL and COMPLETION get twice as many,\n"
"                        and each socket 4 * N frames of the UMEM\n"
"  -b, --batch-size=N    descriptors taken from or given to a ring at a\n"
"                        time, default 64\n"
"  -f, --frame-size=N    UMEM chunk size, 2048 to the page size, a power of\n"
"                        two unless -u; default 4096\n"
"  -u, --unaligned       unaligned chunk mode (XDP_UMEM_UNALIGNED_CHUNK_FLAG),\n"
"                        the UMEM in 2 MiB huge pages if there are any\n"
"  -s, --tx-pkt-size=N   txonly: frame length without FCS, 42 to the frame\n"
"                        size, default 64\n"
"  -C, --tx-pkt-count=N  stop after N packets: sent and completed (txonly:\n"
"                        exactly N; l2fwd), received (rxdrop)\n"
"  -d, --duration=SEC    stop after SEC seconds; 0 (default): when stopped\n"
"\n"
"Output:\n"
"  -n, --interval=SEC    a line every SEC seconds, default 1\n"
"  -x, --extra-stats     add the sockets' XDP_STATISTICS counters\n"
"  -a, --app-stats       add the application's system calls per second:\n"
"                        sendto (TX kicks), recvfrom (RX wakeups), poll, and\n"
"                        rounds that found the RX ring empty\n"
"  -Q, --quiet           no periodic lines: the setup and the summary only\n"
"  -j, --json            JSON, an object a line: {\"type\":\"setup\",...}, a\n"
"                        {\"type\":\"sample\",...} an interval, and a closing\n"
"                        {\"type\":\"summary\",...}, all counters in each\n"
"  -h, --help            this text\n"
"\n"
"Text output, a line an interval per socket (and \"all\" with several): rx/s\n"
"and tx/s, packets received and sent (completed) per second; with -x the\n"
"totals so far of XDP_STATISTICS: dropped (rx_dropped), rx_inval\n"
"(rx_invalid_descs), tx_inval (tx_invalid_descs), rx_full (rx_ring_full),\n"
"fq_empty (rx_fill_ring_empty_descs), tx_empty (tx_ring_empty_descs); with\n"
"-a sendto/s, recvfr/s, poll/s and rx_empty/s.\n"
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
	bool shared;		/* -M: two sockets on one queue */
	__u32 xdp_flags;	/* XDP_FLAGS_SKB_MODE, _DRV_MODE or 0 */
	bool force;
	__u16 bind_flags;	/* XDP_COPY, XDP_ZEROCOPY, XDP_USE_NEED_WAKEUP */
	bool poll;
	bool busy_poll;
	__u32 busy_budget;
	__u32 tx_budget;	/* 0: the kernel's default */
	__u32 ring;
	__u32 batch;
	__u32 frame;
	bool unaligned;
	__u32 pkt_size;
	__u64 count;		/* 0: no limit */
	__u32 duration;
	__u32 interval;
	bool extra_stats;
	bool app_stats;
	bool quiet;
	bool json;
} opt = {
	.workload = RXDROP,
	.nqueues = 1,
	.bind_flags = XDP_USE_NEED_WAKEUP,
	.ring = 2048,
	.batch = 64,
	.frame = 4096,
	.pkt_size = 64,
	.interval = 1,
};

/* Sockets: one per queue, or two on one queue with -M. */
static unsigned int nsocks;

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

/* Chunks and the FILL and COMPLETION rings they go round through: a
 * socket's own, or with -M the first socket's, which the second shares.
 */
struct pool {
	struct ring fill, comp;
	__u64 *free;		/* UMEM addresses of chunks in no ring */
	__u32 nfree;
};

/* What -a counts: system calls, and rounds with nothing received. */
struct app_stats {
	__u64 sendto;		/* TX kicks */
	__u64 recvfrom;		/* RX wakeups */
	__u64 poll;		/* poll() calls that covered the socket */
	__u64 rx_empty;		/* rounds that found the RX ring empty */
};

struct xsk {
	int fd;
	__u32 queue;
	struct ring rx, tx;
	struct pool own;
	struct pool *pool;	/* &own, or the first socket's */
	__u64 rx_packets, tx_packets;
	__u64 rx_last, tx_last;	/* at the previous report */
	struct app_stats app, app_last;
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

/* The __u64 counters of a struct, named for JSON and for text columns. */
struct field {
	const char *name;
	const char *column;
	size_t offset;
};

static const struct field stat_fields[] = {
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

static const struct field app_fields[] = {
#define FIELD(name, column) { #name, column, \
			      offsetof(struct app_stats, name) }
	FIELD(sendto, "sendto/s"),
	FIELD(recvfrom, "recvfr/s"),
	FIELD(poll, "poll/s"),
	FIELD(rx_empty, "rx_empty/s"),
#undef FIELD
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NSTATS		ARRAY_SIZE(stat_fields)
#define NAPP		ARRAY_SIZE(app_fields)

static __u64 *counter(const void *v, const struct field *f)
{
	return (__u64 *)((char *)v + f->offset);
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

/* The value of option name (as the user wrote it: "-q", "--queues"). */
static __u64 number(const char *name, const char *s, __u64 min, __u64 max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		bad_usage("%s: '%s' is not a number from %llu to %llu",
			  name, s, (unsigned long long)min,
			  (unsigned long long)max);
	return v;
}

static bool power_of_2(__u32 v)
{
	return v && !(v & (v - 1));
}

/* The options upstream's sample never had: long names only. */
enum { OPT_QUEUES = 256, OPT_RING, OPT_BUSY_BUDGET, OPT_TX_BUDGET };

/* Every option's value on its own; parse() checks how they go together. */
static void parse_one(int c, const char *name, __u32 page, int *workloads)
{
	switch (c) {
	case 'r':
	case 't':
	case 'l':
		opt.workload = c == 'r' ? RXDROP : c == 't' ? TXONLY : L2FWD;
		(*workloads)++;
		break;
	case 'i':
		opt.ifname = optarg;
		break;
	case 'q':
		opt.queue = number(name, optarg, 0, XDPSOCK_MAX_QUEUES - 1);
		break;
	case 'M':
		opt.shared = true;
		break;
	case OPT_QUEUES:
		opt.nqueues = number(name, optarg, 1, XDPSOCK_MAX_QUEUES);
		break;
	case 'S':
	case 'N':
		if (opt.xdp_flags)
			bad_usage("-S and -N exclude each other");
		opt.xdp_flags = c == 'S' ? XDP_FLAGS_SKB_MODE :
					   XDP_FLAGS_DRV_MODE;
		break;
	case 'F':
		opt.force = true;
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
	case 'p':
		opt.poll = true;
		break;
	case 'B':
		opt.busy_poll = true;
		break;
	case OPT_BUSY_BUDGET:
		opt.busy_budget = number(name, optarg, 1, 65535);
		break;
	case OPT_TX_BUDGET:
		opt.tx_budget = number(name, optarg, 32, 16384);
		break;
	case OPT_RING:
		opt.ring = number(name, optarg, 2, 16384);
		if (!power_of_2(opt.ring))
			bad_usage("%s: %u is not a power of two", name,
				  opt.ring);
		break;
	case 'b':
		opt.batch = number(name, optarg, 1, 16384);
		break;
	case 'f':
		opt.frame = number(name, optarg, 2048, page);
		break;
	case 'u':
		opt.unaligned = true;
		break;
	case 's':
		opt.pkt_size = number(name, optarg, 42, 65535);
		break;
	case 'C':
		opt.count = number(name, optarg, 1, ~0ULL);
		break;
	case 'd':
		opt.duration = number(name, optarg, 0, 1U << 31);
		break;
	case 'n':
		opt.interval = number(name, optarg, 1, 3600);
		break;
	case 'x':
		opt.extra_stats = true;
		break;
	case 'a':
		opt.app_stats = true;
		break;
	case 'Q':
		opt.quiet = true;
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

static void parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rxdrop", no_argument, NULL, 'r' },
		{ "txonly", no_argument, NULL, 't' },
		{ "l2fwd", no_argument, NULL, 'l' },
		{ "interface", required_argument, NULL, 'i' },
		{ "queue", required_argument, NULL, 'q' },
		{ "shared-umem", no_argument, NULL, 'M' },
		{ "queues", required_argument, NULL, OPT_QUEUES },
		{ "xdp-skb", no_argument, NULL, 'S' },
		{ "xdp-native", no_argument, NULL, 'N' },
		{ "force", no_argument, NULL, 'F' },
		{ "copy", no_argument, NULL, 'c' },
		{ "zero-copy", no_argument, NULL, 'z' },
		{ "no-need-wakeup", no_argument, NULL, 'm' },
		{ "poll", no_argument, NULL, 'p' },
		{ "busy-poll", no_argument, NULL, 'B' },
		{ "busy-poll-budget", required_argument, NULL,
		  OPT_BUSY_BUDGET },
		{ "tx-budget", required_argument, NULL, OPT_TX_BUDGET },
		{ "ring-size", required_argument, NULL, OPT_RING },
		{ "batch-size", required_argument, NULL, 'b' },
		{ "frame-size", required_argument, NULL, 'f' },
		{ "unaligned", no_argument, NULL, 'u' },
		{ "tx-pkt-size", required_argument, NULL, 's' },
		{ "tx-pkt-count", required_argument, NULL, 'C' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'n' },
		{ "extra-stats", no_argument, NULL, 'x' },
		{ "app-stats", no_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'Q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	__u32 page = sysconf(_SC_PAGESIZE);
	int c, i, workloads = 0;
	char name[32];

	while ((c = getopt_long(argc, argv, "rtli:q:MSNFczmpBb:f:us:C:d:n:xaQjh",
				longopts, &i)) != -1) {
		if (c < 256)
			snprintf(name, sizeof(name), "-%c", c);
		else
			snprintf(name, sizeof(name), "--%s", longopts[i].name);
		parse_one(c, name, page, &workloads);
	}
	if (optind < argc)
		bad_usage("unexpected argument '%s'", argv[optind]);
	if (!opt.ifname)
		bad_usage("no interface: -i IFNAME");
	if (workloads > 1)
		bad_usage("-r, -t and -l exclude each other");
	if (opt.shared && opt.nqueues > 1)
		bad_usage("-M is two sockets on one queue: no --queues");
	if (opt.queue + opt.nqueues > XDPSOCK_MAX_QUEUES)
		bad_usage("-q %u --queues %u: queues up to %u only", opt.queue,
			  opt.nqueues, XDPSOCK_MAX_QUEUES - 1);
	if (opt.busy_budget && !opt.busy_poll)
		bad_usage("--busy-poll-budget needs -B");
	if (opt.tx_budget && opt.workload == RXDROP)
		bad_usage("--tx-budget: rxdrop sends nothing");
	if (opt.tx_budget > opt.ring)
		bad_usage("--tx-budget %u: more than the ring size (%u)",
			  opt.tx_budget, opt.ring);
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
	if (!opt.busy_budget)
		opt.busy_budget = opt.batch;
	nsocks = opt.shared ? 2 : opt.nqueues;
}

/* The XDP program, next to our binary; attached, its XSKMAP's fd.  With
 * -M it is the one that takes turns between XSKMAP slots 0 and 1.
 */
static int attach_prog(void)
{
	const char *prog_name = opt.shared ? "xdpsock_shared" :
					     "xdpsock_redirect";
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
	prog = bpf_object__find_program_by_name(obj, prog_name);
	map_fd = bpf_object__find_map_fd_by_name(obj, "xsks");
	if (!prog || map_fd < 0)
		die("%s: no program %s or map xsks", path, prog_name);

	err = bpf_xdp_attach(opt.ifindex, bpf_program__fd(prog),
			     opt.xdp_flags |
			     (opt.force ? 0 : XDP_FLAGS_UPDATE_IF_NOEXIST),
			     NULL);
	if (err)
		die("attaching XDP to %s: %s%s", opt.ifname, strerror(-err),
		    err == -EBUSY ? " (a program is attached already: -F)" :
		    "");
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
	umem_len = (size_t)frames_per_xsk * nsocks * opt.frame;
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

/* Socket i, on queue opt.queue + i (with -M both on opt.queue); socket 0
 * owns the UMEM, and with -M its FILL and COMPLETION rings serve both.
 */
static void open_xsk(struct xsk *x, unsigned int i)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_ifindex = opt.ifindex,
		.sxdp_flags = opt.bind_flags,
	};
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);

	x->queue = opt.queue + (opt.shared ? 0 : i);
	sxdp.sxdp_queue_id = x->queue;
	x->pool = opt.shared && i ? &xsks[0].own : &x->own;
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
	if (opt.tx_budget &&
	    setsockopt(x->fd, SOL_XDP, XDP_MAX_TX_SKB_BUDGET, &opt.tx_budget,
		       sizeof(opt.tx_budget)))
		die("setsockopt XDP_MAX_TX_SKB_BUDGET: %s%s", strerror(errno),
		    errno == ENOPROTOOPT ?
		    " (not in this kernel: it sends 32 frames a call)" : "");
	if (x->pool == &x->own) {
		x->own.fill.size = 2 * opt.ring;
		x->own.comp.size = 2 * opt.ring;
		SET_OPT(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, x->own.fill.size);
		SET_OPT(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING,
			x->own.comp.size);
	}
	if (opt.busy_poll) {
		int one = 1, usecs = BUSY_POLL_USECS;
		int budget = opt.busy_budget;

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
	map_ring(x->fd, &x->own.fill, &off.fr, XDP_UMEM_PGOFF_FILL_RING,
		 sizeof(__u64), "FILL");
	map_ring(x->fd, &x->own.comp, &off.cr, XDP_UMEM_PGOFF_COMPLETION_RING,
		 sizeof(__u64), "COMPLETION");

	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		die("bind to %s queue %u: %s%s", opt.ifname, x->queue,
		    strerror(errno),
		    errno == EOPNOTSUPP && (opt.bind_flags & XDP_ZEROCOPY) ?
		    " (no zero-copy on this device)" : "");
}

static void close_xsk(struct xsk *x)
{
	struct ring *rings[] = { &x->rx, &x->tx, &x->own.fill, &x->own.comp };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (rings[i]->size)
			munmap(rings[i]->map, rings[i]->map_len);
	close(x->fd);
	free(x->own.free);
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
static void refill(struct pool *p)
{
	__u32 i, n = prod_room(&p->fill, p->nfree);

	for (i = 0; i < n; i++)
		*addr_at(&p->fill, i) = p->free[--p->nfree];
	if (n)
		prod_submit(&p->fill, n);
}

/* Sent frames back to the free chunks; how many. */
static __u32 complete(struct xsk *x)
{
	struct pool *p = x->pool;
	__u32 i, n = cons_ready(&p->comp, p->comp.size);

	for (i = 0; i < n; i++)
		p->free[p->nfree++] = chunk_of(*addr_at(&p->comp, i));
	if (n)
		cons_release(&p->comp, n);
	x->tx_packets += n;
	return n;
}

/* Nothing to receive: have the kernel look at the FILL ring, if it must
 * (with -p, poll() does).
 */
static void wake_rx(struct xsk *x)
{
	x->app.rx_empty++;
	if (opt.poll)
		return;
	if (opt.busy_poll || ((opt.bind_flags & XDP_USE_NEED_WAKEUP) &&
			      needs_wakeup(&x->pool->fill))) {
		x->app.recvfrom++;
		recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	}
}

/* Have the kernel send what the TX ring holds, if it must be asked (with
 * -p, poll() does).
 */
static void kick_tx(struct xsk *x)
{
	if (opt.poll || !prod_pending(&x->tx))
		return;
	if (!opt.busy_poll && (opt.bind_flags & XDP_USE_NEED_WAKEUP) &&
	    !needs_wakeup(&x->tx))
		return;
	x->app.sendto++;
	if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0)
		return;
	/* More to send, or the device is busy or out of room: the next
	 * round kicks again.
	 */
	if (errno != EAGAIN && errno != EBUSY && errno != ENOBUFS &&
	    errno != ENETDOWN)
		die("sendto (queue %u): %s", x->queue, strerror(errno));
}

/* Frames txonly has put on TX rings, for -C. */
static __u64 queued;

/* One round of each workload on one socket: how much got done. */
static __u32 rxdrop(struct xsk *x)
{
	__u32 i, n = cons_ready(&x->rx, opt.batch);
	struct pool *p = x->pool;

	if (!n) {
		wake_rx(x);
		return 0;
	}
	for (i = 0; i < n; i++)
		p->free[p->nfree++] = chunk_of(desc_at(&x->rx, i)->addr);
	cons_release(&x->rx, n);
	x->rx_packets += n;
	refill(p);
	return n;
}

static __u32 txonly(struct xsk *x)
{
	__u32 i, n, done = complete(x);
	struct pool *p = x->pool;

	n = prod_room(&x->tx, opt.batch < p->nfree ? opt.batch : p->nfree);
	if (opt.count && n > opt.count - queued)
		n = opt.count - queued;
	for (i = 0; i < n; i++) {
		struct xdp_desc *d = desc_at(&x->tx, i);

		d->addr = p->free[--p->nfree];
		d->len = opt.pkt_size;
		d->options = 0;
	}
	if (n)
		prod_submit(&x->tx, n);
	queued += n;
	kick_tx(x);
	return done + n;
}

static __u32 l2fwd(struct xsk *x)
{
	__u32 i, done = complete(x);
	__u32 n = cons_ready(&x->rx, prod_room(&x->tx, opt.batch));

	refill(x->pool);
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

/* The sockets, their chunks on the free lists of their pools, the FILL
 * rings filled, and each socket in the XSKMAP: in the slot of its queue,
 * or with -M in slot 0 or 1, the program's turns.
 */
static void setup_xsks(int map_fd)
{
	unsigned int i, k;

	xsks = calloc(nsocks, sizeof(*xsks));
	if (!xsks)
		die("out of memory");
	for (i = 0; i < nsocks; i++) {
		struct xsk *x = &xsks[i];
		__u64 base = (__u64)i * frames_per_xsk * opt.frame;
		__u32 slot;

		open_xsk(x, i);
		slot = opt.shared ? i : x->queue;
		/* A shared pool's free list holds both sockets' chunks. */
		if (x->pool == &x->own) {
			x->own.free = calloc((size_t)frames_per_xsk *
					     (opt.shared ? nsocks : 1),
					     sizeof(*x->own.free));
			if (!x->own.free)
				die("out of memory");
		}
		for (k = 0; k < frames_per_xsk; k++) {
			__u64 addr = base + (__u64)k * opt.frame;

			if (opt.workload == TXONLY)
				write_frame((unsigned char *)umem + addr);
			x->pool->free[x->pool->nfree++] = addr;
		}
		/* txonly has no RX ring: its queues' frames go to the stack. */
		if (opt.workload == TXONLY)
			continue;
		refill(x->pool);
		if (bpf_map_update_elem(map_fd, &slot, &x->fd, BPF_ANY))
			die("XSKMAP slot %u: %s", slot, strerror(errno));
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

static const char *yes(bool b)
{
	return b ? "true" : "false";
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
		       "\"queue\":%u,\"queues\":%u,\"sockets\":%u,"
		       "\"shared_umem\":%s,\"xdp_mode\":\"%s\","
		       "\"bind_mode\":\"%s\",\"need_wakeup\":%s,"
		       "\"poll\":%s,\"busy_poll\":%s,\"busy_poll_budget\":%u,"
		       "\"tx_budget\":%u,\"ring_size\":%u,\"batch_size\":%u,"
		       "\"frame_size\":%u,\"unaligned\":%s,"
		       "\"packet_size\":%u,\"count\":%llu}\n",
		       u.release, workload_name[opt.workload], opt.ifname,
		       opt.queue, opt.nqueues, nsocks, yes(opt.shared),
		       xdp_mode(), bind_mode(), yes(wakeup), yes(opt.poll),
		       yes(opt.busy_poll), opt.busy_budget, opt.tx_budget,
		       opt.ring, opt.batch, opt.frame, yes(opt.unaligned),
		       opt.pkt_size, (unsigned long long)opt.count);
		return;
	}
	printf("xdpsock: %s on %s queue %u%s, %u socket%s, kernel %s\n"
	       "  XDP in %s mode, %s, need_wakeup %s, %s, busy poll %s; "
	       "rings %u, batch %u, frames %u%s",
	       workload_name[opt.workload], opt.ifname, opt.queue,
	       opt.nqueues > 1 ? " and on" : "", nsocks,
	       nsocks > 1 ? "s" : "", u.release, xdp_mode(), bind_mode(),
	       wakeup ? "on" : "off", opt.poll ? "poll()" : "kicks",
	       opt.busy_poll ? "on" : "off", opt.ring, opt.batch, opt.frame,
	       opt.unaligned ? " unaligned" : "");
	if (opt.workload == TXONLY)
		printf(", packets %u", opt.pkt_size);
	if (opt.tx_budget)
		printf(", tx budget %u", opt.tx_budget);
	if (opt.shared)
		printf(", one UMEM shared on the queue");
	printf("\n%8s %5s %10s %10s", "time", "queue", "rx/s", "tx/s");
	for (i = 0; opt.extra_stats && i < NSTATS; i++)
		printf(" %9s", stat_fields[i].column);
	for (i = 0; opt.app_stats && i < NAPP; i++)
		printf(" %10s", app_fields[i].column);
	putchar('\n');
}

/* A text line: rates, XDP_STATISTICS (-x), system calls per second (-a). */
static void print_row(double t, const char *queue, double rx, double tx,
		      const struct xdp_statistics *st,
		      const struct app_stats *app, double dt)
{
	unsigned int i;

	printf("%8.2f %5s %10.0f %10.0f", t, queue, rx, tx);
	for (i = 0; opt.extra_stats && i < NSTATS; i++)
		printf(" %9llu", *counter(st, &stat_fields[i]));
	for (i = 0; opt.app_stats && i < NAPP; i++)
		printf(" %10.0f", *counter(app, &app_fields[i]) / dt);
	putchar('\n');
}

static void print_json(const void *v, const struct field *f, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		printf(",\"%s\":%llu", f[i].name, *counter(v, &f[i]));
}

/* The counters of a socket's JSON object, or of a whole line. */
static void print_counters_json(const struct xdp_statistics *st,
				const struct app_stats *app)
{
	print_json(st, stat_fields, NSTATS);
	print_json(app, app_fields, NAPP);
}

static void add(void *sum, const void *v, const struct field *f,
		unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		*counter(sum, &f[i]) += *counter(v, &f[i]);
}

static void read_stats(struct xsk *x)
{
	socklen_t len = sizeof(x->stats);

	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &x->stats, &len))
		die("getsockopt XDP_STATISTICS: %s", strerror(errno));
}

/* The line (or lines) of an interval: rates over dt, counters so far
 * (in text, system calls per second over dt).
 */
static void report(double t, double dt)
{
	struct app_stats app_all = {}, app_dt;
	struct xdp_statistics all = {};
	double rx = 0, tx = 0;
	unsigned int i, k;
	char q[16];

	if (opt.json)
		printf("{\"type\":\"sample\",\"time\":%.3f,\"queues\":[", t);
	for (i = 0; i < nsocks; i++) {
		struct xsk *x = &xsks[i];
		double xrx = (x->rx_packets - x->rx_last) / dt;
		double xtx = (x->tx_packets - x->tx_last) / dt;

		read_stats(x);
		add(&all, &x->stats, stat_fields, NSTATS);
		for (k = 0; k < NAPP; k++)
			*counter(&app_dt, &app_fields[k]) =
				*counter(&x->app, &app_fields[k]) -
				*counter(&x->app_last, &app_fields[k]);
		x->rx_last = x->rx_packets;
		x->tx_last = x->tx_packets;
		x->app_last = x->app;
		rx += xrx;
		tx += xtx;
		if (opt.json) {
			printf("%s{\"socket\":%u,\"queue\":%u,\"rx_pps\":%.0f,"
			       "\"tx_pps\":%.0f", i ? "," : "", i, x->queue,
			       xrx, xtx);
			print_counters_json(&x->stats, &x->app);
			putchar('}');
			add(&app_all, &x->app, app_fields, NAPP);
		} else {
			snprintf(q, sizeof(q), "%u", x->queue);
			print_row(t, q, xrx, xtx, &x->stats, &app_dt, dt);
			add(&app_all, &app_dt, app_fields, NAPP);
		}
	}
	if (opt.json) {
		printf("],\"rx_pps\":%.0f,\"tx_pps\":%.0f", rx, tx);
		print_counters_json(&all, &app_all);
		puts("}");
	} else if (nsocks > 1) {
		print_row(t, "all", rx, tx, &all, &app_all, dt);
	}
	fflush(stdout);
}

static void summary(double t)
{
	struct xdp_statistics all = {};
	struct app_stats app = {};
	__u64 rx = 0, tx = 0;
	unsigned int i;

	for (i = 0; i < nsocks; i++) {
		read_stats(&xsks[i]);
		add(&all, &xsks[i].stats, stat_fields, NSTATS);
		add(&app, &xsks[i].app, app_fields, NAPP);
		rx += xsks[i].rx_packets;
		tx += xsks[i].tx_packets;
	}
	if (opt.json) {
		printf("{\"type\":\"summary\",\"seconds\":%.3f,"
		       "\"rx_packets\":%llu,\"tx_packets\":%llu,"
		       "\"rx_pps\":%.0f,\"tx_pps\":%.0f", t, rx, tx,
		       rx / t, tx / t);
		print_counters_json(&all, &app);
		printf(",\"queues\":[");
		for (i = 0; i < nsocks; i++) {
			printf("%s{\"socket\":%u,\"queue\":%u,"
			       "\"rx_packets\":%llu,\"tx_packets\":%llu",
			       i ? "," : "", i, xsks[i].queue,
			       xsks[i].rx_packets, xsks[i].tx_packets);
			print_counters_json(&xsks[i].stats, &xsks[i].app);
			putchar('}');
		}
		puts("]}");
		return;
	}
	printf("summary: %s on %s, %.2f s: rx %llu packets, %.0f pps; "
	       "tx %llu packets, %.0f pps\n", workload_name[opt.workload],
	       opt.ifname, t, rx, rx / t, tx, tx / t);
	if (opt.extra_stats) {
		printf("  XDP_STATISTICS:");
		for (i = 0; i < NSTATS; i++)
			printf(" %s %llu", stat_fields[i].name,
			       *counter(&all, &stat_fields[i]));
		putchar('\n');
	}
	if (opt.app_stats) {
		printf("  system calls:");
		for (i = 0; i < NAPP; i++)
			printf(" %s %llu", app_fields[i].name,
			       *counter(&app, &app_fields[i]));
		putchar('\n');
	}
}

static void on_signal(int sig)
{
	if (sig == SIGALRM)
		tick = 1;
	else
		stop = 1;
}

/* -C: received (rxdrop), or sent and completed (txonly, l2fwd). */
static bool count_reached(void)
{
	__u64 n = 0;
	unsigned int i;

	for (i = 0; i < nsocks; i++)
		n += opt.workload == RXDROP ? xsks[i].rx_packets :
					      xsks[i].tx_packets;
	return n >= opt.count;
}

/* poll() on every socket, each counted for -a; true on a time-out. */
static bool poll_all(struct pollfd *pfd)
{
	unsigned int i;
	int n;

	for (i = 0; i < nsocks; i++)
		xsks[i].app.poll++;
	n = poll(pfd, nsocks, 1000);
	if (n < 0 && errno != EINTR)
		die("poll: %s", strerror(errno));
	return n == 0;
}

static void run(void)
{
	static __u32 (*const step[])(struct xsk *) = {
		[RXDROP] = rxdrop, [TXONLY] = txonly, [L2FWD] = l2fwd,
	};
	static const short events[] = {
		[RXDROP] = POLLIN, [TXONLY] = POLLOUT,
		[L2FWD] = POLLIN | POLLOUT,
	};
	/* Only receivers wait: a sender always has something to do. */
	bool may_sleep = opt.workload != TXONLY && !opt.busy_poll;
	struct itimerval second = { { 1, 0 }, { 1, 0 } };
	struct pollfd pfd[XDPSOCK_MAX_QUEUES];
	unsigned int i, ticks = 0;
	double last = 0, t;
	__u32 work;

	for (i = 0; i < nsocks; i++)
		pfd[i] = (struct pollfd){
			.fd = xsks[i].fd,
			.events = opt.poll ? events[opt.workload] : POLLIN,
		};
	clock_gettime(CLOCK_MONOTONIC, &start);
	setitimer(ITIMER_REAL, &second, NULL);
	while (!stop) {
		work = 0;
		/* -p: poll() is where the kernel gets its kick. */
		if (!opt.poll || !poll_all(pfd))
			for (i = 0; i < nsocks; i++)
				work += step[opt.workload](&xsks[i]);
		if (opt.count && count_reached())
			break;
		if (tick) {
			tick = 0;
			t = now();
			if (!opt.quiet && ++ticks % opt.interval == 0) {
				report(t, t - last);
				last = t;
			}
			if (opt.duration && t + 0.5 >= opt.duration)
				break;
		}
		if (!work && may_sleep && !opt.poll)
			poll_all(pfd);
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
	for (i = 0; i < nsocks; i++)
		close_xsk(&xsks[i]);
	bpf_object__close(obj);
	munmap(umem, umem_len);
	return 0;
}
