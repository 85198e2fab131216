/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AF_XDP through raw system calls: socket(), setsockopt(), getsockopt(),
 * mmap() and bind() on the uapi header of the kernel under test, and the
 * user-space half of the ring protocol.
 *
 * Ring ordering, the user-space side of the contract: a consumer reads the
 * producer index with acquire semantics before it reads the entries, and
 * publishes its consumer index with release semantics after it has read
 * them; a producer writes entries, then publishes the producer index with
 * release semantics, and reads the consumer index with acquire semantics
 * before it reuses an entry.
 */
#ifndef XT_XSK_H
#define XT_XSK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <linux/if_xdp.h>

struct xt_ring {
	__u32 *producer;
	__u32 *consumer;
	__u32 *flags;
	void *entries;		/* struct xdp_desc[] or __u64[] */
	__u32 size;
	void *map;
	size_t map_len;
};

struct xt_xsk {
	int fd;
	void *umem;		/* the UMEM area, or NULL if shared */
	size_t umem_len;
	__u32 chunk_size;
	__u32 headroom;
	struct xt_ring rx, tx, fill, comp;
};

/* What xt_xsk_open() sets up; zeroes mean the defaults in xsk.c. */
struct xt_xsk_cfg {
	__u32 frames;		/* number of chunks in the UMEM */
	__u32 chunk_size;
	__u32 headroom;
	__u32 umem_flags;	/* XDP_UMEM_* */
	__u32 ring_size;	/* for all four rings */
	__u32 rx_size, tx_size;	/* for one ring, instead of ring_size */
	__u32 fill_size, comp_size;
	__u16 bind_flags;	/* XDP_COPY, XDP_USE_NEED_WAKEUP, ... */
	__u32 queue;
	bool no_rx, no_tx;	/* leave that ring out */
	bool no_fill, no_comp;	/* leave that ring out of a UMEM's own */
	struct xt_xsk *shared;	/* XDP_SHARED_UMEM with this socket */
	bool shared_fq;		/* ...with FILL/COMPLETION rings of its own */
	bool no_bind;		/* stop short of bind() */
};

int xt_xsk_socket(void);
void *xt_umem_area(size_t len);
int xt_umem_reg(int fd, void *area, __u64 len, __u32 chunk_size,
		__u32 headroom, __u32 flags);
int xt_ring_size(int fd, int opt, __u32 size);
int xt_xsk_mmap(struct xt_xsk *x);
int xt_bind(int fd, int ifindex, __u32 queue, __u16 flags, int shared_fd);

/*
 * A socket with a UMEM (its own, or cfg->shared's), its rings mapped and
 * bound to ifindex (unless cfg->no_bind).  Returns 0, or -errno of the step
 * that failed, leaving x->fd open for the caller to inspect; xt_xsk_close()
 * cleans up either way.
 */
int xt_xsk_open(struct xt_xsk *x, int ifindex, const struct xt_xsk_cfg *cfg);
void xt_xsk_close(struct xt_xsk *x);

/* Producer side (FILL, TX).  Returns how many entries were queued. */
unsigned int xt_fill(struct xt_ring *r, const __u64 *addrs, unsigned int n);
unsigned int xt_tx(struct xt_ring *r, const struct xdp_desc *d,
		   unsigned int n);
/* Consumer side (RX, COMPLETION).  Returns how many entries were taken. */
unsigned int xt_rx(struct xt_ring *r, struct xdp_desc *d, unsigned int max);
unsigned int xt_comp(struct xt_ring *r, __u64 *addrs, unsigned int max);
/* Entries ready for the consumer: producer - consumer. */
__u32 xt_ring_used(const struct xt_ring *r);

int xt_statistics(int fd, struct xdp_statistics *st);
/* Have the kernel process the TX ring: sendto(fd, NULL, 0, MSG_DONTWAIT). */
int xt_kick(int fd);

#endif
