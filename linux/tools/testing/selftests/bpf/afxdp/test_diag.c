// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * sock_diag for AF_XDP (what `ss --xdp` reads): SOCK_DIAG_BY_FAMILY dumps
 * over NETLINK_SOCK_DIAG, in the case's own network namespace.
 *
 * diag_bound: a copy-mode socket bound to xt0 queue 0 (UMEM of 64 chunks
 *	of 2048, headroom 128; rings RX 32, TX 64, FILL 128, COMPLETION 256)
 *	and an unbound one with a UMEM and a FILL ring only are both listed,
 *	once each, as AF_XDP/SOCK_RAW with their inode numbers.  The bound
 *	one: INFO (xt0, queue 0), UID (ours), RX 32, TX 64, UMEM (size
 *	131072, 32 pages, chunk 2048, headroom 128, xt0, queue 0, flags 0,
 *	refs 1), FILL 128, COMPLETION 256, MEMINFO of SK_MEMINFO_VARS words,
 *	STATS all zero; after one invalid TX descriptor and a kick, STATS has
 *	n_tx_invalid 1 and n_tx_ring_empty 1.  The unbound one: INFO (0, 0),
 *	RX 32, no TX, UMEM with ifindex and queue 0, and no FILL (its FILL
 *	ring is listed once bind() has given it to a pool) or COMPLETION.
 *	Every attribute has its struct's exact size.
 * diag_shared (two queues; also in zc, a zero-copy there): a bound to
 *	queue 0 with a UMEM of its own, b sharing it on queue 0 (RX ring
 *	only) and c on queue 1 (with FILL 64 and COMPLETION 32 of its own):
 *	the three list the same UMEM with refs 3 (one per socket), each
 *	with the queue of its own pool; a and b list a's FILL and
 *	COMPLETION rings, c its own.  Once b and c are closed, a lists
 *	refs 1 again.
 * diag_zerocopy (zc, two queues): a zero-copy socket a on the XL710's
 *	queue 0 and b sharing its UMEM on queue 1 (FILL and COMPLETION of its
 *	own, zero-copy too) both list UMEM flags XDP_DU_F_ZEROCOPY; b closed
 *	(refs back to 1), a still lists XDP_DU_F_ZEROCOPY, as its pool still
 *	is; a copy-mode socket with a UMEM of its own on queue 1 lists 0.
 * diag_ss: iproute2's `ss -a -e -m --xdp`, run in the case's namespace,
 *	shows diag_bound's socket (after its invalid descriptor and kick):
 *	"xt0:q0", its inode, rx(entries:32), tx(entries:64), the UMEM's
 *	size, pages, chunk size, headroom, ifindex, queue, zc:0 and refs:1,
 *	fr(entries:128), cr(entries:256), the six statistics (tx invalid:1,
 *	tx ring empty:1, the rest 0) and skmem.
 * diag_show: xdiag_show 0 gives the bare message with no attribute;
 *	XDP_SHOW_STATS alone gives STATS and nothing else.
 * diag_request: a request 4 bytes shorter than struct xdp_diag_req is
 *	EINVAL; one without NLM_F_DUMP is EOPNOTSUPP.
 */
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/xdp_diag.h>

#include "rxtx.h"

#define SHOW_ALL	(XDP_SHOW_INFO | XDP_SHOW_RING_CFG | XDP_SHOW_UMEM | \
			 XDP_SHOW_MEMINFO | XDP_SHOW_STATS)
#define MAX_SOCKS	4

/* One socket of a dump: the message and a copy of each attribute. */
struct diag_sock {
	struct xdp_diag_msg msg;
	unsigned int present;		/* 1 << XDP_DIAG_* */
	struct xdp_diag_info info;
	__u32 uid;
	struct xdp_diag_ring rx, tx, fill, comp;
	struct xdp_diag_umem umem;
	__u32 meminfo[SK_MEMINFO_VARS];
	struct xdp_diag_stats stats;
};

static void diag_attr(struct diag_sock *s, const struct rtattr *a)
{
	struct {
		void *dst;
		size_t len;
	} at[] = {
		[XDP_DIAG_INFO] = { &s->info, sizeof(s->info) },
		[XDP_DIAG_UID] = { &s->uid, sizeof(s->uid) },
		[XDP_DIAG_RX_RING] = { &s->rx, sizeof(s->rx) },
		[XDP_DIAG_TX_RING] = { &s->tx, sizeof(s->tx) },
		[XDP_DIAG_UMEM] = { &s->umem, sizeof(s->umem) },
		[XDP_DIAG_UMEM_FILL_RING] = { &s->fill, sizeof(s->fill) },
		[XDP_DIAG_UMEM_COMPLETION_RING] = { &s->comp, sizeof(s->comp) },
		[XDP_DIAG_MEMINFO] = { s->meminfo, sizeof(s->meminfo) },
		[XDP_DIAG_STATS] = { &s->stats, sizeof(s->stats) },
	};
	unsigned int t = a->rta_type;

	if (t >= ARRAY_SIZE(at) || !at[t].dst)
		XT_FAIL("unknown attribute %u", t);
	if (s->present & (1u << t))
		XT_FAIL("attribute %u twice", t);
	XT_EQ(RTA_PAYLOAD(a), at[t].len);
	memcpy(at[t].dst, RTA_DATA(a), at[t].len);
	s->present |= 1u << t;
}

/* Send one request: show, flags, and the request's length minus shrink. */
static int diag_request(__u32 show, __u16 flags, unsigned int shrink)
{
	struct {
		struct nlmsghdr nlh;
		struct xdp_diag_req req;
	} r = {
		.nlh = {
			.nlmsg_len = sizeof(r) - shrink,
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | flags,
			.nlmsg_seq = 1,
		},
		.req = { .sdiag_family = AF_XDP, .xdiag_show = show },
	};
	int fd = XT_OK(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			      NETLINK_SOCK_DIAG));

	XT_EQ(XT_OK(send(fd, &r, r.nlh.nlmsg_len, 0)), r.nlh.nlmsg_len);
	return fd;
}

/*
 * Read replies until NLMSG_DONE or NLMSG_ERROR: the sockets into s[] (at
 * most MAX_SOCKS), their number into *n.  Returns 0, or the error.
 */
static int diag_read(int fd, struct diag_sock *s, unsigned int *n)
{
	static char buf[32768];
	struct nlmsghdr *h;
	struct rtattr *a;
	ssize_t len;
	int alen;

	*n = 0;
	for (;;) {
		len = XT_OK(recv(fd, buf, sizeof(buf), 0));
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			XT_EQ(h->nlmsg_type, SOCK_DIAG_BY_FAMILY);
			if (*n == MAX_SOCKS)
				XT_FAIL("more than %d sockets", MAX_SOCKS);
			memset(&s[*n], 0, sizeof(s[*n]));
			memcpy(&s[*n].msg, NLMSG_DATA(h), sizeof(s->msg));
			a = (struct rtattr *)((char *)NLMSG_DATA(h) +
					      NLMSG_ALIGN(sizeof(s->msg)));
			alen = h->nlmsg_len -
			       NLMSG_LENGTH(NLMSG_ALIGN(sizeof(s->msg)));
			for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				diag_attr(&s[*n], a);
			++*n;
		}
	}
}

/* A full dump with show; the sockets listed are in s[], *n of them. */
static void diag_dump(__u32 show, struct diag_sock *s, unsigned int *n)
{
	int fd = diag_request(show, NLM_F_DUMP, 0);

	XT_EQ(diag_read(fd, s, n), 0);
	close(fd);
}

/* The entry of s[0..n) for socket fd: its inode number must be there once. */
static struct diag_sock *diag_find(struct diag_sock *s, unsigned int n, int fd)
{
	struct diag_sock *found = NULL;
	struct stat st;
	unsigned int i;

	XT_OK(fstat(fd, &st));
	for (i = 0; i < n; i++) {
		if (s[i].msg.xdiag_ino != st.st_ino)
			continue;
		XT_TRUE(!found);
		found = &s[i];
	}
	if (!found)
		XT_FAIL("socket inode %ld not in the dump", (long)st.st_ino);
	XT_EQ(found->msg.xdiag_family, AF_XDP);
	XT_EQ(found->msg.xdiag_type, SOCK_RAW);
	return found;
}

#define HAS(s, t)	(!!((s)->present & (1u << (t))))

/* diag_bound's socket a: every ring a size of its own, bound to xt0. */
static const struct xt_xsk_cfg bound_cfg = {
	.frames = 64, .chunk_size = 2048, .headroom = 128,
	.rx_size = 32, .tx_size = 64, .fill_size = 128,
	.comp_size = 256, .bind_flags = XDP_COPY,
};

/* One invalid TX descriptor and a kick: tx_invalid 1, tx_ring_empty 1. */
static void bad_tx(struct xt_xsk *x)
{
	struct xdp_desc bad = { .addr = ~0ULL, .len = 64 };

	XT_EQ(xt_tx(&x->tx, &bad, 1), 1);
	XT_EQ(xt_kick(x->fd), 0);
}

XT_CASE(diag_bound, XT_NONE)
{
	struct xt_xsk_cfg cfg;
	struct diag_sock s[MAX_SOCKS], *d;
	struct xt_xsk a, b;
	unsigned int n;

	XT_EQ(xt_xsk_open(&a, env->ifindex, &bound_cfg), 0);
	cfg = (struct xt_xsk_cfg){
		.frames = 64, .chunk_size = 2048, .rx_size = 32,
		.fill_size = 128, .no_tx = true, .no_comp = true,
		.no_bind = true,
	};
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	diag_dump(SHOW_ALL, s, &n);
	XT_EQ(n, 2);

	d = diag_find(s, n, a.fd);
	XT_EQ(d->present, (1u << (XDP_DIAG_STATS + 1)) - 2);
	XT_EQ(d->info.ifindex, env->ifindex);
	XT_EQ(d->info.queue_id, 0);
	XT_EQ(d->uid, getuid());
	XT_EQ(d->rx.entries, 32);
	XT_EQ(d->tx.entries, 64);
	XT_EQ(d->umem.size, 64 * 2048);
	XT_EQ(d->umem.num_pages, 64 * 2048 / 4096);
	XT_EQ(d->umem.chunk_size, 2048);
	XT_EQ(d->umem.headroom, 128);
	XT_EQ(d->umem.ifindex, env->ifindex);
	XT_EQ(d->umem.queue_id, 0);
	XT_EQ(d->umem.flags, 0);
	XT_EQ(d->umem.refs, 1);
	XT_EQ(d->fill.entries, 128);
	XT_EQ(d->comp.entries, 256);
	XT_EQ(d->stats.n_rx_dropped | d->stats.n_rx_invalid |
	      d->stats.n_rx_full | d->stats.n_fill_ring_empty |
	      d->stats.n_tx_invalid | d->stats.n_tx_ring_empty, 0);

	d = diag_find(s, n, b.fd);
	XT_EQ(d->present, (1u << XDP_DIAG_INFO) | (1u << XDP_DIAG_UID) |
			  (1u << XDP_DIAG_RX_RING) | (1u << XDP_DIAG_UMEM) |
			  (1u << XDP_DIAG_MEMINFO) | (1u << XDP_DIAG_STATS));
	XT_EQ(d->info.ifindex, 0);
	XT_EQ(d->info.queue_id, 0);
	XT_EQ(d->rx.entries, 32);
	XT_EQ(d->umem.size, 64 * 2048);
	XT_EQ(d->umem.ifindex, 0);
	XT_EQ(d->umem.queue_id, 0);
	XT_EQ(d->umem.refs, 1);

	bad_tx(&a);
	diag_dump(XDP_SHOW_STATS, s, &n);
	d = diag_find(s, n, a.fd);
	XT_EQ(d->stats.n_tx_invalid, 1);
	XT_EQ(d->stats.n_tx_ring_empty, 1);
	XT_EQ(d->stats.n_rx_dropped | d->stats.n_rx_invalid |
	      d->stats.n_rx_full | d->stats.n_fill_ring_empty, 0);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
}

/* The UMEM refs that socket fd lists, in a fresh dump. */
static __u32 diag_refs(int fd)
{
	struct diag_sock s[MAX_SOCKS];
	unsigned int n;

	diag_dump(XDP_SHOW_UMEM, s, &n);
	return diag_find(s, n, fd)->umem.refs;
}

struct refs_wait {
	int fd;
	__u32 refs;
};

static bool refs_are(void *p)
{
	struct refs_wait *w = p;

	return diag_refs(w->fd) == w->refs;
}

XT_CASE_Q(diag_zerocopy, XT_ZC, 2)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_ZEROCOPY };
	struct diag_sock s[MAX_SOCKS], *d;
	struct refs_wait w;
	struct xt_xsk a, b;
	unsigned int n;

	XT_EQ(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){
		.shared = &a, .shared_fq = true, .queue = 1,
	};
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	xt_expect_zc(&b);
	diag_dump(SHOW_ALL, s, &n);
	XT_EQ(n, 2);
	XT_EQ(diag_find(s, n, a.fd)->umem.flags, XDP_DU_F_ZEROCOPY);
	d = diag_find(s, n, b.fd);
	XT_EQ(d->umem.flags, XDP_DU_F_ZEROCOPY);
	XT_EQ(d->umem.queue_id, 1);
	xt_xsk_close(&b);
	w = (struct refs_wait){ a.fd, 1 };
	if (!xt_wait(refs_are, &w, XT_WAIT_MS))
		XT_FAIL("UMEM refs %u after closing the sharer, expected 1",
			diag_refs(a.fd));
	diag_dump(SHOW_ALL, s, &n);
	XT_EQ(n, 1);
	d = diag_find(s, n, a.fd);
	XT_EQ(d->umem.flags, XDP_DU_F_ZEROCOPY);
	XT_EQ(d->umem.queue_id, 0);

	cfg = (struct xt_xsk_cfg){ .bind_flags = XDP_COPY, .queue = 1 };
	XT_NEG_ERRNO(xt_xsk_open_wait(&b, env->ifindex, &cfg, 0), 0);
	diag_dump(SHOW_ALL, s, &n);
	XT_EQ(n, 2);
	XT_EQ(diag_find(s, n, a.fd)->umem.flags, XDP_DU_F_ZEROCOPY);
	d = diag_find(s, n, b.fd);
	XT_EQ(d->umem.flags, 0);
	XT_EQ(d->umem.queue_id, 1);
	xt_xsk_close(&b);
	xt_xsk_close(&a);
}

XT_CASE_Q(diag_shared, XT_NONE | XT_ZC, 2)
{
	struct xt_xsk_cfg cfg = {
		.fill_size = 128, .comp_size = 256, .bind_flags = xt_copy_mode(env),
	};
	struct diag_sock s[MAX_SOCKS], *d;
	struct xt_xsk a, b, c;
	struct refs_wait w;
	unsigned int n, i;
	struct {
		struct xt_xsk *x;
		__u32 queue, fill, comp;
	} want[] = {
		{ &a, 0, 128, 256 }, { &b, 0, 128, 256 }, { &c, 1, 64, 32 },
	};

	XT_EQ(xt_xsk_open(&a, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){ .shared = &a, .no_tx = true };
	XT_EQ(xt_xsk_open(&b, env->ifindex, &cfg), 0);
	cfg = (struct xt_xsk_cfg){
		.shared = &a, .shared_fq = true, .queue = 1,
		.fill_size = 64, .comp_size = 32,
	};
	XT_EQ(xt_xsk_open(&c, env->ifindex, &cfg), 0);

	diag_dump(SHOW_ALL, s, &n);
	XT_EQ(n, 3);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		d = diag_find(s, n, want[i].x->fd);
		XT_EQ(d->info.queue_id, want[i].queue);
		XT_EQ(d->umem.size, a.umem_len);
		XT_EQ(d->umem.refs, 3);
		XT_EQ(d->umem.ifindex, env->ifindex);
		XT_EQ(d->umem.queue_id, want[i].queue);
		XT_EQ(d->fill.entries, want[i].fill);
		XT_EQ(d->comp.entries, want[i].comp);
	}

	xt_xsk_close(&c);
	xt_xsk_close(&b);
	w = (struct refs_wait){ a.fd, 1 };
	if (!xt_wait(refs_are, &w, XT_WAIT_MS))
		XT_FAIL("UMEM refs %u after closing the sharers, expected 1",
			diag_refs(a.fd));
	xt_xsk_close(&a);
}

XT_CASE(diag_ss, XT_NONE)
{
	static const char *const parts[] = {
		"xt0:q0", "rx(entries:32)", "tx(entries:64)", "umem(id:",
		",size:131072,num_pages:32,chunk_size:2048,headroom:128,",
		"fr(entries:128)", "cr(entries:256)",
		"stats(rx dropped:0,rx invalid:0,rx queue full:0,",
		"rx fill ring empty:0,tx invalid:1,tx ring empty:1)",
		"skmem:(",
	};
	char out[4096], ino[64], dev[64];
	struct xt_xsk a;
	struct stat st;
	unsigned int i;
	size_t len;
	FILE *ss;

	XT_EQ(xt_xsk_open(&a, env->ifindex, &bound_cfg), 0);
	bad_tx(&a);
	ss = popen("ss -a -e -m --xdp 2>&1", "r");
	XT_TRUE(ss);
	len = fread(out, 1, sizeof(out) - 1, ss);
	out[len] = 0;
	XT_EQ(pclose(ss), 0);

	XT_OK(fstat(a.fd, &st));
	snprintf(ino, sizeof(ino), "ino:%lu ", (unsigned long)st.st_ino);
	snprintf(dev, sizeof(dev), ",ifindex:%d,qid:0,zc:0,refs:1)",
		 env->ifindex);
	XT_TRUE(strstr(out, ino));
	XT_TRUE(strstr(out, dev));
	for (i = 0; i < ARRAY_SIZE(parts); i++)
		if (!strstr(out, parts[i]))
			XT_FAIL("'%s' not in ss's output: %.300s", parts[i],
				out);
	xt_xsk_close(&a);
}

XT_CASE(diag_show, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct diag_sock s[MAX_SOCKS], *d;
	struct xt_xsk x;
	unsigned int n;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	diag_dump(0, s, &n);
	XT_EQ(n, 1);
	d = diag_find(s, n, x.fd);
	XT_EQ(d->present, 0);
	diag_dump(XDP_SHOW_STATS, s, &n);
	d = diag_find(s, n, x.fd);
	XT_EQ(d->present, 1u << XDP_DIAG_STATS);
	xt_xsk_close(&x);
}

XT_CASE(diag_request, XT_NONE)
{
	struct diag_sock s[MAX_SOCKS];
	unsigned int n;
	int fd;

	fd = diag_request(SHOW_ALL, NLM_F_DUMP, 4);
	XT_EQ(diag_read(fd, s, &n), -EINVAL);
	close(fd);
	fd = diag_request(SHOW_ALL, 0, 0);
	XT_EQ(diag_read(fd, s, &n), -EOPNOTSUPP);
	close(fd);
}
