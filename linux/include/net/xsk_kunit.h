/* SPDX-License-Identifier: GPL-2.0 */
/* KUnit support for AF_XDP: a socket with a zero-copy buffer pool on a
 * queue of a net_device, without user space and without a driver.
 *
 * A driver's KUnit suite plays both ends around the driver code it tests:
 * user space, through the four rings as user space maps them (struct
 * xsk_kunit_ring), and the hardware, through whatever descriptor memory the
 * driver is given.  The UMEM is kernel memory (umem), DMA-mapped by the
 * test the way a driver does it in ndo_bpf(XDP_SETUP_XSK_POOL):
 * xsk_pool_dma_map(t->pool, dma_dev, 0).  The socket is a real PF_XDP
 * socket: t->fd can go into an XSKMAP (through kern_sys_bpf()), frames the
 * driver redirects land on its RX ring, and xsk_tx_peek_desc() and friends
 * read its TX ring.  The pool is registered at the queue (so
 * xsk_get_pool_from_qid() finds it) but the driver's ndo_bpf() is never
 * called.
 */
#ifndef _NET_XSK_KUNIT_H
#define _NET_XSK_KUNIT_H

#include <linux/net.h>
#include <linux/dma-map-ops.h>
#include <net/xdp_sock_drv.h>

/* A ring as user space sees it. */
struct xsk_kunit_ring {
	u32 *producer;
	u32 *consumer;
	u32 *flags;
	void *entries;		/* struct xdp_desc[] or u64[] */
	u32 size;
};

struct xsk_kunit_cfg {
	u32 chunk_size;		/* 2048 or 4096 */
	u32 chunks;		/* UMEM size in chunks */
	u32 headroom;		/* the UMEM's */
	u32 ring_size;		/* all four rings, a power of two */
	u16 bind_flags;		/* XDP_USE_NEED_WAKEUP or 0 */
	/* The DMA device's operations, or NULL for direct mapping. */
	const struct dma_map_ops *dma_ops;
};

struct xsk_kunit_sock {
	struct net_device *dev;		/* queues: queue_id + 1 */
	struct device *dma_dev;
	struct socket *sock;
	int fd;				/* for XSKMAP updates */
	struct xsk_buff_pool *pool;	/* in zero-copy mode */
	void *umem;			/* the UMEM's memory */
	struct xsk_kunit_ring rx, tx, fill, comp;
	atomic_t wakeups[2];		/* ndo_xsk_wakeup(): RX, TX */
};

#if IS_ENABLED(CONFIG_XDP_SOCKETS_KUNIT_TEST)
int xsk_kunit_sock_create(struct xsk_kunit_sock *t, u16 queue_id,
			  const struct xsk_kunit_cfg *cfg);
void xsk_kunit_sock_destroy(struct xsk_kunit_sock *t);
#endif

#endif /* _NET_XSK_KUNIT_H */
