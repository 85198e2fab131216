// SPDX-License-Identifier: GPL-2.0
/* AF_XDP through raw system calls; see xsk.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "xsk.h"

#define DEF_FRAMES	256
#define DEF_CHUNK	4096
#define DEF_RING	256

int xt_xsk_socket(void)
{
	return socket(AF_XDP, SOCK_RAW, 0);
}

void *xt_umem_area(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

int xt_umem_reg(int fd, void *area, __u64 len, __u32 chunk_size,
		__u32 headroom, __u32 flags)
{
	struct xdp_umem_reg mr = {
		.addr = (__u64)(unsigned long)area,
		.len = len,
		.chunk_size = chunk_size,
		.headroom = headroom,
		.flags = flags,
	};

	return setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr));
}

int xt_ring_size(int fd, int opt, __u32 size)
{
	return setsockopt(fd, SOL_XDP, opt, &size, sizeof(size));
}

static int map_ring(int fd, struct xt_ring *r, const struct xdp_ring_offset *o,
		    __u64 pgoff, size_t entry)
{
	r->map_len = o->desc + (size_t)r->size * entry;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_POPULATE, fd, pgoff);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		return -1;
	}
	r->producer = (__u32 *)((char *)r->map + o->producer);
	r->consumer = (__u32 *)((char *)r->map + o->consumer);
	r->flags = (__u32 *)((char *)r->map + o->flags);
	r->entries = (char *)r->map + o->desc;
	return 0;
}

int xt_xsk_mmap(struct xt_xsk *x)
{
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);

	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len))
		return -1;
	if ((x->rx.size && map_ring(x->fd, &x->rx, &off.rx, XDP_PGOFF_RX_RING,
				    sizeof(struct xdp_desc))) ||
	    (x->tx.size && map_ring(x->fd, &x->tx, &off.tx, XDP_PGOFF_TX_RING,
				    sizeof(struct xdp_desc))) ||
	    (x->fill.size && map_ring(x->fd, &x->fill, &off.fr,
				      XDP_UMEM_PGOFF_FILL_RING, sizeof(__u64))) ||
	    (x->comp.size && map_ring(x->fd, &x->comp, &off.cr,
				      XDP_UMEM_PGOFF_COMPLETION_RING,
				      sizeof(__u64))))
		return -1;
	return 0;
}

int xt_bind(int fd, int ifindex, __u32 queue, __u16 flags, int shared_fd)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_flags = flags,
		.sxdp_ifindex = ifindex,
		.sxdp_queue_id = queue,
		.sxdp_shared_umem_fd = shared_fd,
	};

	return bind(fd, (struct sockaddr *)&sxdp, sizeof(sxdp));
}

#define STEP(call) do { if ((call) < 0) return -errno; } while (0)

int xt_xsk_open(struct xt_xsk *x, int ifindex, const struct xt_xsk_cfg *cfg)
{
	__u32 ring = cfg->ring_size ? cfg->ring_size : DEF_RING;
	__u32 frames = cfg->frames ? cfg->frames : DEF_FRAMES;
	bool own_fq = !cfg->shared || cfg->shared_fq;
	int shared_fd = 0;

	memset(x, 0, sizeof(*x));
	x->chunk_size = cfg->chunk_size ? cfg->chunk_size : DEF_CHUNK;
	x->headroom = cfg->headroom;
	STEP(x->fd = xt_xsk_socket());
	if (!cfg->shared) {
		x->umem_len = (size_t)frames * x->chunk_size;
		x->umem = xt_umem_area(x->umem_len);
		if (!x->umem)
			return -ENOMEM;
		STEP(xt_umem_reg(x->fd, x->umem, x->umem_len, x->chunk_size,
				 x->headroom, cfg->umem_flags));
	} else {
		shared_fd = cfg->shared->fd;
	}
	if (own_fq && !cfg->no_fill) {
		x->fill.size = cfg->fill_size ? cfg->fill_size : ring;
		STEP(xt_ring_size(x->fd, XDP_UMEM_FILL_RING, x->fill.size));
	}
	if (own_fq && !cfg->no_comp) {
		x->comp.size = cfg->comp_size ? cfg->comp_size : ring;
		STEP(xt_ring_size(x->fd, XDP_UMEM_COMPLETION_RING,
				  x->comp.size));
	}
	if (!cfg->no_rx) {
		x->rx.size = cfg->rx_size ? cfg->rx_size : ring;
		STEP(xt_ring_size(x->fd, XDP_RX_RING, x->rx.size));
	}
	if (!cfg->no_tx) {
		x->tx.size = cfg->tx_size ? cfg->tx_size : ring;
		STEP(xt_ring_size(x->fd, XDP_TX_RING, x->tx.size));
	}
	STEP(xt_xsk_mmap(x));
	if (cfg->no_bind)
		return 0;
	STEP(xt_bind(x->fd, ifindex, cfg->queue,
		     cfg->bind_flags | (cfg->shared ? XDP_SHARED_UMEM : 0),
		     shared_fd));
	return 0;
}

static void unmap_ring(struct xt_ring *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	r->map = NULL;
}

void xt_xsk_close(struct xt_xsk *x)
{
	unmap_ring(&x->rx);
	unmap_ring(&x->tx);
	unmap_ring(&x->fill);
	unmap_ring(&x->comp);
	if (x->fd >= 0)
		close(x->fd);
	if (x->umem)
		munmap(x->umem, x->umem_len);
	x->fd = -1;
	x->umem = NULL;
}

__u32 xt_ring_used(const struct xt_ring *r)
{
	return __atomic_load_n(r->producer, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
}

/* Room for up to n entries: their first index, and how many fit. */
static unsigned int reserve(struct xt_ring *r, unsigned int n, __u32 *idx)
{
	__u32 prod = *r->producer;
	__u32 free = r->size -
		     (prod - __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE));

	*idx = prod;
	return n < free ? n : free;
}

static void submit(struct xt_ring *r, __u32 prod)
{
	__atomic_store_n(r->producer, prod, __ATOMIC_RELEASE);
}

/* Entries ready: their first index, and how many (at most max). */
static unsigned int peek(struct xt_ring *r, unsigned int max, __u32 *idx)
{
	__u32 cons = *r->consumer;
	__u32 ready = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE) - cons;

	*idx = cons;
	return max < ready ? max : ready;
}

static void release(struct xt_ring *r, __u32 cons)
{
	__atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
}

unsigned int xt_fill(struct xt_ring *r, const __u64 *addrs, unsigned int n)
{
	__u64 *e = r->entries;
	__u32 idx, i;

	n = reserve(r, n, &idx);
	for (i = 0; i < n; i++)
		e[(idx + i) & (r->size - 1)] = addrs[i];
	submit(r, idx + n);
	return n;
}

unsigned int xt_tx(struct xt_ring *r, const struct xdp_desc *d,
		   unsigned int n)
{
	struct xdp_desc *e = r->entries;
	__u32 idx, i;

	n = reserve(r, n, &idx);
	for (i = 0; i < n; i++)
		e[(idx + i) & (r->size - 1)] = d[i];
	submit(r, idx + n);
	return n;
}

unsigned int xt_rx(struct xt_ring *r, struct xdp_desc *d, unsigned int max)
{
	struct xdp_desc *e = r->entries;
	__u32 idx, i;

	max = peek(r, max, &idx);
	for (i = 0; i < max; i++)
		d[i] = e[(idx + i) & (r->size - 1)];
	release(r, idx + max);
	return max;
}

unsigned int xt_comp(struct xt_ring *r, __u64 *addrs, unsigned int max)
{
	__u64 *e = r->entries;
	__u32 idx, i;

	max = peek(r, max, &idx);
	for (i = 0; i < max; i++)
		addrs[i] = e[(idx + i) & (r->size - 1)];
	release(r, idx + max);
	return max;
}

int xt_statistics(int fd, struct xdp_statistics *st)
{
	socklen_t len = sizeof(*st);

	memset(st, 0, sizeof(*st));
	return getsockopt(fd, SOL_XDP, XDP_STATISTICS, st, &len);
}

int xt_kick(int fd)
{
	return sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
}
