// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * The rings: their setsockopt()s, XDP_MMAP_OFFSETS and mmap().
 *
 * ring_size_bad: XDP_RX_RING, XDP_TX_RING, XDP_UMEM_FILL_RING and
 *	XDP_UMEM_COMPLETION_RING with 0, 3, 100 or 0x80000001 entries are
 *	EINVAL; then 64 entries are accepted.
 * ring_size_huge: 1 << 31 entries (a power of two, but no memory for it):
 *	ENOMEM, for each ring.
 * ring_size_large: 1 << 20 entries for each ring, which the machine has
 *	memory for (16 MiB for RX and TX, 8 MiB for FILL and COMPLETION):
 *	the series takes them (its rings are virtually contiguous), and
 *	each ring maps whole, its last entry written and read back through
 *	the mapping; 6.1 answers ENOMEM (its rings are physically contiguous
 *	pages, at most 4 MiB).
 * ring_memcg: rings are charged to the memory cgroup of the task that sets
 *	them up.  In a cgroup of its own, a 4 MiB TX ring (1 << 18 entries)
 *	raises memory.current by at least 3 MiB; with memory.max 2 MiB
 *	above the usage, a 4 MiB RX ring is ENOMEM, the cgroup counts the
 *	limit hit (memory.events max) and no task is OOM-killed, in the
 *	cgroup or anywhere (/proc/vmstat oom_kill); a 64-entry RX ring then
 *	fits.  6.1 charges nothing (its rings are __get_free_pages()
 *	without __GFP_ACCOUNT), so the case skips there.
 * ring_twice: a ring that is already set cannot be set again (EINVAL),
 *	with the same size or another.
 * ring_optlen: optlen 0 and 3 are EINVAL; optlen 8 is accepted (the
 *	first four bytes are read).
 * ring_fill_no_umem: FILL and COMPLETION rings can be set before the UMEM
 *	is registered.
 * mmap_offsets: XDP_MMAP_OFFSETS with the current struct (128 bytes)
 *	returns 128 bytes: in every ring the producer, consumer and flags
 *	words are 4-byte aligned, on cache lines of their own for producer and
 *	consumer, and before the 8-byte aligned descriptors, which start
 *	within the first page; RX and TX have one layout, FILL and
 *	COMPLETION one too.  Prints the offsets as a TAP comment.
 * mmap_offsets_v1: optlen 96 (the layout without flags) and 100 return 96
 *	bytes holding producer, consumer and desc of each ring, equal to those
 *	of the current layout; optlen 200 returns 128; 95 and 0 are EINVAL.
 * ring_mmap: each of the four rings (64 entries) maps at its XDP_PGOFF_*,
 *	with producer and consumer 0, and flags 0 but for TX, which starts
 *	with XDP_RING_NEED_WAKEUP (the first transmit needs a kick).
 * ring_mmap_missing: the offset of a ring that was not set up: EINVAL,
 *	for each ring, on a socket with a UMEM and no ring, then on one with
 *	only an RX ring (TX) and one with only a FILL ring (COMPLETION).
 * ring_mmap_too_large: a mapping of two pages of a ring that fits in one
 *	(64 entries): EINVAL, for each ring.
 * ring_mmap_bad_offset: offsets that name no ring (one page, 0x40000000,
 *	one page into TX, 0x200000000): EINVAL.
 * ring_map_outlives_close (skb mode): a bound socket in the XSKMAP whose
 *	fd is closed while its rings are mapped lives on (a mapping holds
 *	the file): it receives a frame, and its queue is EBUSY to another
 *	socket; once the rings are unmapped, the queue binds again.
 * ring_mremap: a ring's mapping cannot grow (EFAULT, in place and with
 *	MREMAP_MAYMOVE) but moves: through the TX ring at its new address a
 *	frame is queued, the kick takes it (consumer 1 there) and it
 *	completes.
 * ring_mmap_private (skb mode): before bind(), the RX ring is mapped again
 *	PROT_READ and MAP_SHARED, the TX ring again MAP_PRIVATE; both map.
 *	Through the read-only mapping a received frame's descriptor and the
 *	producer (1) read as through the socket's own; a write to it is
 *	SIGSEGV.  A frame queued through the private mapping is the
 *	process's own copy: a kick finds the TX ring empty
 *	(tx_ring_empty_descs 1), nothing completes (a copy-mode kick
 *	completes what it sends before it returns); the same
 *	descriptor through the shared mapping then goes out and completes.
 * ring_after_bind: on a bound socket, each of the four ring options is
 *	EBUSY, and so is mapping each ring (rings are mapped before bind()).
 */
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "rxtx.h"

#define PAGE		4096
#define NR		64	/* ring entries where the size does not matter */
#define MMAP_OFFSETS_V1	(4 * 3 * 8)	/* without the flags offsets */

static const int ring_opts[] = {
	XDP_RX_RING, XDP_TX_RING, XDP_UMEM_FILL_RING, XDP_UMEM_COMPLETION_RING,
};

static const __u64 ring_pgoffs[] = {
	XDP_PGOFF_RX_RING, XDP_PGOFF_TX_RING, XDP_UMEM_PGOFF_FILL_RING,
	XDP_UMEM_PGOFF_COMPLETION_RING,
};

#define NRINGS ARRAY_SIZE(ring_opts)

/* x's ring r, in the order of ring_opts[]. */
static struct xt_ring *ring_of(struct xt_xsk *x, unsigned int r)
{
	struct xt_ring *rings[] = { &x->rx, &x->tx, &x->fill, &x->comp };

	return rings[r];
}

/* A socket with a registered UMEM and no ring. */
static int umem_socket(void)
{
	struct xt_xsk x;
	struct xt_xsk_cfg cfg = {
		.no_rx = true, .no_tx = true, .no_fill = true, .no_comp = true,
		.no_bind = true,
	};

	XT_NEG_ERRNO(xt_xsk_open(&x, 0, &cfg), 0);
	return x.fd;	/* the UMEM area stays mapped until the case ends */
}

XT_CASE(ring_size_bad, XT_NONE)
{
	static const __u32 bad[] = { 0, 3, 100, 0x80000001 };
	int fd = umem_socket();
	unsigned int r, i;

	for (r = 0; r < NRINGS; r++) {
		for (i = 0; i < ARRAY_SIZE(bad); i++)
			XT_ERRNO(xt_ring_size(fd, ring_opts[r], bad[i]),
				 EINVAL);
		XT_OK(xt_ring_size(fd, ring_opts[r], NR));
	}
	close(fd);
}

XT_CASE(ring_size_huge, XT_NONE)
{
	int fd = umem_socket();
	unsigned int r;

	for (r = 0; r < NRINGS; r++)
		XT_ERRNO(xt_ring_size(fd, ring_opts[r], 1u << 31), ENOMEM);
	close(fd);
}

XT_CASE(ring_size_large, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .ring_size = 1u << 20, .no_bind = true };
	struct xt_ring *q;
	struct xt_xsk x;
	unsigned int r;
	__u64 *last;

	if (!xt_kernel_is_series()) {
		XT_NEG_ERRNO(xt_xsk_open(&x, 0, &cfg), ENOMEM);
		xt_xsk_close(&x);
		return;
	}
	XT_NEG_ERRNO(xt_xsk_open(&x, 0, &cfg), 0);
	for (r = 0; r < NRINGS; r++) {
		q = ring_of(&x, r);
		XT_EQ(q->size, 1u << 20);
		/* The first word of the last entry, an address either way. */
		last = (__u64 *)((char *)q->entries +
				 (r < 2 ? sizeof(struct xdp_desc) :
					  sizeof(__u64)) * ((1u << 20) - 1));
		*last = 0x1234500 + r;
		XT_EQ(__atomic_load_n(last, __ATOMIC_RELAXED), 0x1234500 + r);
	}
	xt_xsk_close(&x);
}

#define CG_ROOT		"/sys/fs/cgroup"
#define CG		CG_ROOT "/xt_ring_memcg"
#define MIB		(1L << 20)

static void cg_write(const char *path, long v)
{
	FILE *f = fopen(path, "w");

	if (!f || fprintf(f, "%ld\n", v) < 0 || fclose(f))
		xt_fail(__FILE__, __LINE__, "writing %ld to %s: %s", v, path,
			strerror(errno));
}

/* The value of key in a flat-keyed file ("key value" lines), or of the
 * file's one number if key is NULL.
 */
static long key_of(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char k[64];
	long v;

	if (!f)
		xt_fail(__FILE__, __LINE__, "%s: %s", path, strerror(errno));
	if (!key) {
		if (fscanf(f, "%ld", &v) != 1)
			xt_fail(__FILE__, __LINE__, "%s: no number", path);
		fclose(f);
		return v;
	}
	while (fscanf(f, "%63s %ld", k, &v) == 2) {
		if (!strcmp(k, key)) {
			fclose(f);
			return v;
		}
	}
	xt_fail(__FILE__, __LINE__, "%s: no %s", path, key);
}

XT_CASE(ring_memcg, XT_NONE)
{
	long cur, oom, hits;
	int fd;

	if (!xt_kernel_is_series())
		xt_skip("6.1 does not charge rings to the memory cgroup");
	xt_sh("echo +memory > " CG_ROOT "/cgroup.subtree_control");
	rmdir(CG);	/* a failed run's */
	XT_OK(mkdir(CG, 0755));
	oom = key_of("/proc/vmstat", "oom_kill");
	cg_write(CG "/cgroup.procs", 0);
	fd = XT_OK(socket(AF_XDP, SOCK_RAW, 0));

	cur = key_of(CG "/memory.current", NULL);
	XT_OK(xt_ring_size(fd, XDP_TX_RING, 1u << 18));
	XT_TRUE(key_of(CG "/memory.current", NULL) >= cur + 3 * MIB);

	cur = key_of(CG "/memory.current", NULL);
	cg_write(CG "/memory.max", cur + 2 * MIB);
	hits = key_of(CG "/memory.events", "max");
	XT_ERRNO(xt_ring_size(fd, XDP_RX_RING, 1u << 18), ENOMEM);
	XT_TRUE(key_of(CG "/memory.events", "max") > hits);
	XT_EQ(key_of(CG "/memory.events", "oom_kill"), 0);
	XT_EQ(key_of("/proc/vmstat", "oom_kill"), oom);
	XT_OK(xt_ring_size(fd, XDP_RX_RING, NR));

	close(fd);
	cg_write(CG_ROOT "/cgroup.procs", 0);
	XT_OK(rmdir(CG));
}

XT_CASE(ring_twice, XT_NONE)
{
	int fd = umem_socket();
	unsigned int r;

	for (r = 0; r < NRINGS; r++) {
		XT_OK(xt_ring_size(fd, ring_opts[r], NR));
		XT_ERRNO(xt_ring_size(fd, ring_opts[r], NR), EINVAL);
		XT_ERRNO(xt_ring_size(fd, ring_opts[r], 2 * NR), EINVAL);
	}
	close(fd);
}

XT_CASE(ring_optlen, XT_NONE)
{
	__u32 v[2] = { NR, 0 };
	int fd = umem_socket();
	unsigned int r;

	for (r = 0; r < NRINGS; r++) {
		XT_ERRNO(setsockopt(fd, SOL_XDP, ring_opts[r], v, 0), EINVAL);
		XT_ERRNO(setsockopt(fd, SOL_XDP, ring_opts[r], v, 3), EINVAL);
		XT_OK(setsockopt(fd, SOL_XDP, ring_opts[r], v, sizeof(v)));
	}
	close(fd);
}

XT_CASE(ring_fill_no_umem, XT_NONE)
{
	int fd = XT_OK(xt_xsk_socket());

	XT_OK(xt_ring_size(fd, XDP_UMEM_FILL_RING, NR));
	XT_OK(xt_ring_size(fd, XDP_UMEM_COMPLETION_RING, NR));
	close(fd);
}

static socklen_t get_offsets(int fd, void *off, socklen_t len)
{
	XT_OK(getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, off, &len));
	return len;
}

static void check_layout(const char *name, const struct xdp_ring_offset *o,
			 size_t entry)
{
	const __u64 word[] = { o->producer, o->consumer, o->flags };
	unsigned int i, j;

	printf("# %s: producer %llu consumer %llu flags %llu desc %llu\n",
	       name, (unsigned long long)o->producer,
	       (unsigned long long)o->consumer, (unsigned long long)o->flags,
	       (unsigned long long)o->desc);
	for (i = 0; i < 3; i++) {
		XT_EQ(word[i] % 4, 0);
		XT_TRUE(word[i] + 4 <= o->desc);
		for (j = 0; j < i; j++)
			XT_TRUE(word[i] != word[j]);
	}
	XT_TRUE(o->producer / 64 != o->consumer / 64);
	XT_EQ(o->desc % entry, 0);
	XT_TRUE(o->desc < PAGE);
}

XT_CASE(mmap_offsets, XT_NONE)
{
	int fd = XT_OK(xt_xsk_socket());
	struct xdp_mmap_offsets off;

	memset(&off, 0xff, sizeof(off));
	XT_EQ(sizeof(off), 128);
	XT_EQ(get_offsets(fd, &off, sizeof(off)), sizeof(off));
	check_layout("rx", &off.rx, sizeof(struct xdp_desc));
	check_layout("tx", &off.tx, sizeof(struct xdp_desc));
	check_layout("fill", &off.fr, sizeof(__u64));
	check_layout("completion", &off.cr, sizeof(__u64));
	XT_TRUE(!memcmp(&off.rx, &off.tx, sizeof(off.rx)));
	XT_TRUE(!memcmp(&off.fr, &off.cr, sizeof(off.fr)));
	close(fd);
}

XT_CASE(mmap_offsets_v1, XT_NONE)
{
	const struct xdp_ring_offset *cur[4];
	int fd = XT_OK(xt_xsk_socket());
	struct xdp_mmap_offsets off;
	__u64 v1[MMAP_OFFSETS_V1 / 8 + 1];
	char big[200];
	socklen_t len;
	unsigned int r;

	XT_EQ(get_offsets(fd, &off, sizeof(off)), sizeof(off));
	cur[0] = &off.rx;
	cur[1] = &off.tx;
	cur[2] = &off.fr;
	cur[3] = &off.cr;
	memset(v1, 0xff, sizeof(v1));
	XT_EQ(get_offsets(fd, v1, MMAP_OFFSETS_V1), MMAP_OFFSETS_V1);
	for (r = 0; r < NRINGS; r++) {
		XT_EQ(v1[3 * r], cur[r]->producer);
		XT_EQ(v1[3 * r + 1], cur[r]->consumer);
		XT_EQ(v1[3 * r + 2], cur[r]->desc);
	}
	XT_EQ(v1[MMAP_OFFSETS_V1 / 8], ~0ULL);
	XT_EQ(get_offsets(fd, v1, MMAP_OFFSETS_V1 + 4), MMAP_OFFSETS_V1);
	XT_EQ(get_offsets(fd, big, sizeof(big)), sizeof(off));
	XT_TRUE(!memcmp(big, &off, sizeof(off)));
	len = MMAP_OFFSETS_V1 - 1;
	XT_ERRNO(getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, v1, &len), EINVAL);
	len = 0;
	XT_ERRNO(getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, v1, &len), EINVAL);
	close(fd);
}

XT_CASE(ring_mmap, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR, .no_bind = true };
	struct xt_ring *q;
	struct xt_xsk x;
	unsigned int r;

	XT_NEG_ERRNO(xt_xsk_open(&x, 0, &cfg), 0);
	for (r = 0; r < NRINGS; r++) {
		q = ring_of(&x, r);
		XT_TRUE(q->map);
		XT_EQ(*q->producer, 0);
		XT_EQ(*q->consumer, 0);
		XT_EQ(*q->flags,
		      q == &x.tx ? XDP_RING_NEED_WAKEUP : 0);
	}
	xt_xsk_close(&x);
}

static void *map(int fd, __u64 pgoff, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, pgoff);

	return p == MAP_FAILED ? NULL : p;
}

/* mmap() that must fail with err. */
#define MAP_ERRNO(fd, pgoff, len, err) do {				\
	unsigned long long _o = (pgoff);				\
	int _w = (err);							\
	void *_p = map(fd, _o, len);					\
	int _e = errno;							\
	if (_p)								\
		XT_FAIL("mmap at %#llx: mapped, expected %s", _o,	\
			strerrorname_np(_w));				\
	if (_e != _w)							\
		XT_FAIL("mmap at %#llx: errno %s, expected %s", _o,	\
			strerrorname_np(_e), strerrorname_np(_w));	\
} while (0)

XT_CASE(ring_mmap_missing, XT_NONE)
{
	int fd = umem_socket();
	unsigned int r;

	for (r = 0; r < NRINGS; r++)
		MAP_ERRNO(fd, ring_pgoffs[r], PAGE, EINVAL);
	close(fd);

	fd = umem_socket();
	XT_OK(xt_ring_size(fd, XDP_RX_RING, NR));
	MAP_ERRNO(fd, XDP_PGOFF_TX_RING, PAGE, EINVAL);
	close(fd);

	fd = umem_socket();
	XT_OK(xt_ring_size(fd, XDP_UMEM_FILL_RING, NR));
	MAP_ERRNO(fd, XDP_UMEM_PGOFF_COMPLETION_RING, PAGE, EINVAL);
	close(fd);
}

XT_CASE(ring_mmap_too_large, XT_NONE)
{
	int fd = umem_socket();
	unsigned int r;
	void *p;

	for (r = 0; r < NRINGS; r++) {
		XT_OK(xt_ring_size(fd, ring_opts[r], NR));
		MAP_ERRNO(fd, ring_pgoffs[r], 2 * PAGE, EINVAL);
		p = map(fd, ring_pgoffs[r], PAGE);
		XT_TRUE(p);
		munmap(p, PAGE);
	}
	close(fd);
}

XT_CASE(ring_mmap_bad_offset, XT_NONE)
{
	static const __u64 bad[] = {
		PAGE, 0x40000000, XDP_PGOFF_TX_RING + PAGE, 0x200000000ULL,
	};
	int fd = umem_socket();
	unsigned int i;

	for (i = 0; i < NRINGS; i++)
		XT_OK(xt_ring_size(fd, ring_opts[i], NR));
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		MAP_ERRNO(fd, bad[i], PAGE, EINVAL);
	close(fd);
}

XT_CASE(ring_after_bind, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .ring_size = NR };
	struct xt_xsk x;
	unsigned int r;

	XT_NEG_ERRNO(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	for (r = 0; r < NRINGS; r++) {
		XT_ERRNO(xt_ring_size(x.fd, ring_opts[r], NR), EBUSY);
		MAP_ERRNO(x.fd, ring_pgoffs[r], PAGE, EBUSY);
	}
	xt_xsk_close(&x);
}

XT_CASE_NO_ZC(ring_map_outlives_close, XT_SKB,
	      "a mapping holds the socket in every mode alike")
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	static const unsigned int len[] = { 64 };
	struct xt_prog prog;
	struct xt_xsk x, y;
	struct xdp_desc d;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 4);
	XT_OK(close(x.fd));
	x.fd = -1;
	xt_peer_send_frames(env, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &d, len, 1, 0);
	XT_NEG_ERRNO(xt_xsk_open(&y, env->ifindex, &cfg), EBUSY);
	xt_xsk_close(&y);
	xt_xsk_close(&x);
	XT_NEG_ERRNO(xt_xsk_open_wait(&y, env->ifindex, &cfg, 0), 0);
	xt_xsk_close(&y);
	xt_prog_detach(&prog);
}

/* r's pointers, its mapping moved to 'to'. */
static void ring_moved(struct xt_ring *r, char *to)
{
	char *from = r->map;

	r->producer = (__u32 *)(to + ((char *)r->producer - from));
	r->consumer = (__u32 *)(to + ((char *)r->consumer - from));
	r->flags = (__u32 *)(to + ((char *)r->flags - from));
	r->entries = to + ((char *)r->entries - from);
	r->map = to;
}

/* A second mapping of x's ring r at pgoff, with prot and flags. */
static struct xt_ring ring_remap(struct xt_xsk *x, const struct xt_ring *r,
				 __u64 pgoff, int prot, int flags)
{
	struct xt_ring m = *r;
	void *to = mmap(NULL, r->map_len, prot, flags, x->fd, pgoff);

	XT_TRUE(to != MAP_FAILED);
	ring_moved(&m, to);
	return m;
}

XT_CASE_NO_ZC(ring_mmap_private, XT_SKB,
	      "a mapping is the same in every mode")
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY, .no_bind = true };
	static const unsigned int len[] = { 64 };
	struct xdp_desc d = { .len = 64 }, got;
	struct xt_ring ro, priv;
	struct xt_prog prog;
	struct xt_xsk x;
	int pfd, st;
	__u64 addr;
	pid_t pid;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	d.addr = 8 * x.chunk_size;
	ro = ring_remap(&x, &x.rx, XDP_PGOFF_RX_RING, PROT_READ, MAP_SHARED);
	priv = ring_remap(&x, &x.tx, XDP_PGOFF_TX_RING,
			  PROT_READ | PROT_WRITE, MAP_PRIVATE);
	XT_OK(xt_bind(x.fd, env->ifindex, 0, XDP_COPY, 0));
	xt_prog_attach(env, &prog);
	xt_xskmap_set(&prog, 0, x.fd);
	xt_fill_chunks(&x, 0, 4);

	xt_peer_send_frames(env, len, 1, 0);
	xt_rx_expect(env, &x, x.umem, &got, len, 1, 0);
	XT_EQ(__atomic_load_n(ro.producer, __ATOMIC_ACQUIRE), 1);
	XT_EQ(memcmp(ro.entries, &got, sizeof(got)), 0);
	fflush(NULL);
	pid = XT_OK(fork());
	if (!pid) {
		__atomic_store_n(ro.consumer, 1, __ATOMIC_RELEASE);
		_exit(0);
	}
	XT_EQ(waitpid(pid, &st, 0), pid);
	XT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

	pfd = xt_peer_socket(env);
	xt_frame_out(env, (char *)x.umem + d.addr, d.len, 1);
	XT_EQ(xt_tx(&priv, &d, 1), 1);
	XT_EQ(xt_kick(x.fd), 0);
	XT_STATS(x.fd, .tx_ring_empty_descs = 1);
	XT_EQ(xt_ring_used(&x.comp), 0);
	XT_EQ(__atomic_load_n(x.tx.producer, __ATOMIC_ACQUIRE), 0);
	XT_EQ(*priv.producer, 1);

	XT_EQ(xt_tx(&x.tx, &d, 1), 1);
	XT_EQ(xt_kick(x.fd), 0);
	if (!xt_ring_wait(&x.comp, 1))
		XT_FAIL("the frame did not complete");
	XT_EQ(xt_comp(&x.comp, &addr, 1), 1);
	XT_EQ(addr, d.addr);
	xt_packet_expect(pfd, x.umem, &d, 1);
	close(pfd);
	munmap(ro.map, ro.map_len);
	munmap(priv.map, priv.map_len);
	xt_xsk_close(&x);
	xt_prog_detach(&prog);
}

XT_CASE(ring_mremap, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xdp_desc d = { .addr = 0, .len = 64 };
	struct xt_xsk x;
	size_t len;
	void *to;
	__u64 addr;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	len = x.tx.map_len;
	XT_TRUE(mremap(x.tx.map, len, len + PAGE, 0) == MAP_FAILED);
	XT_EQ(errno, EFAULT);
	XT_TRUE(mremap(x.tx.map, len, len + PAGE, MREMAP_MAYMOVE) ==
		MAP_FAILED);
	XT_EQ(errno, EFAULT);

	to = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	XT_TRUE(to != MAP_FAILED);
	XT_TRUE(mremap(x.tx.map, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
		       to) == to);
	ring_moved(&x.tx, to);
	memset(x.umem, 0xff, d.len);
	XT_EQ(xt_tx(&x.tx, &d, 1), 1);
	XT_EQ(xt_kick(x.fd), 0);
	XT_EQ(__atomic_load_n(x.tx.consumer, __ATOMIC_ACQUIRE), 1);
	if (!xt_ring_wait(&x.comp, 1))
		XT_FAIL("the frame did not complete");
	XT_EQ(xt_comp(&x.comp, &addr, 1), 1);
	XT_EQ(addr, 0);
	xt_xsk_close(&x);
}
