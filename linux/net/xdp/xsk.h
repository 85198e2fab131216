/* SPDX-License-Identifier: GPL-2.0 */
/* AF_XDP internals shared by the files of net/xdp/, grouped by the file
 * that defines them.
 *
 * Lifetimes.  A socket owns its rings until bind() hands FILL and
 * COMPLETION to a buffer pool, and holds one reference on its UMEM and,
 * once bound, one on its pool: a UMEM's references are the sockets that
 * use it, as sock_diag reports them.  A pool uses its UMEM while a socket
 * is bound to it, each such socket holding the UMEM for it.  The last
 * unbind of a pool (the socket's close, or the device going away) detaches
 * it from the queue, which the driver then gives up, and makes it forget
 * the UMEM; a UMEM is unpinned when its last socket is closed, always in
 * process context.  The pool's memory lasts until its last socket is
 * destroyed, since frames still in flight complete into its COMPLETION
 * ring.  Sockets are freed after an RCU grace period
 * (SOCK_RCU_FREE): the receive path finds them through XSKMAP under RCU.
 *
 * Locking, outermost first: rtnl, net->xdp.lock (the netns's socket list),
 * xs->mutex.  bind() and every unbind (close, device unregister) run
 * under rtnl, so a socket bound to a queue cannot change under another
 * socket's bind() that shares it.  mmap_lock nests inside xs->mutex
 * (XDP_UMEM_REG pins pages under it), so xsk_mmap() never takes the mutex.
 * None of AF_XDP's spinlocks is held while a mutex is taken, and only two
 * of them nest: an XSKMAP's lock, then xs->map_lock (the socket's list of
 * its map slots).  pool->rx_lock serialises copy-mode receive into the
 * pool's sockets, pool->cq_lock copy mode's writers of the COMPLETION ring
 * (zero copy writes it from NAPI), pool->tx_socks_lock the pool's list of
 * sockets that transmit.
 */
#ifndef _NET_XDP_XSK_H
#define _NET_XDP_XSK_H

#include <linux/if_xdp.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <net/xdp_sock.h>
#include <net/xsk_buff_pool.h>

#include "ring.h"

struct xdp_umem {
	void *addrs;			/* all of it, vmap()ed */
	struct page **pgs;
	u64 size;
	u32 npgs;
	u32 chunks;
	u32 chunk_size;
	u32 headroom;
	u32 flags;			/* XDP_UMEM_* */
	int id;				/* as sock_diag shows it */
	unsigned int zc_pools;		/* its zero-copy pools (rtnl) */
	bool kernel_pages;		/* KUnit: allocated, not pinned */
	refcount_t users;
	struct user_struct *user;	/* charged npgs of RLIMIT_MEMLOCK */
	struct list_head dma_maps;	/* struct xsk_dma_map, one per device */
};

/* Inline helpers */

static inline bool xsk_bound(const struct xdp_sock *xs)
{
	/* Pairs with smp_store_release() in xsk_bind(): dev, queue_id, pool
	 * and zc of a bound socket are set.
	 */
	return smp_load_acquire(&xs->state) == XSK_BOUND;
}

/* Ask the driver to run the bound queue's RX or TX (XDP_WAKEUP_*), as
 * poll(), recvmsg() and a zero-copy sendto() do; -ENXIO if unbound.
 */
static inline int xsk_wakeup(struct xdp_sock *xs, u8 flags)
{
	struct net_device *dev;
	int err = -ENXIO;

	rcu_read_lock();
	if (xsk_bound(xs)) {
		dev = xs->dev;
		err = dev->netdev_ops->ndo_xsk_wakeup(dev, xs->queue_id, flags);
	}
	rcu_read_unlock();
	return err;
}

/* bind.c */
int xsk_bind(struct socket *sock, struct sockaddr *addr, int addr_len);
void xsk_unbind(struct xdp_sock *xs);

/* umem.c */
struct xdp_umem *xsk_umem_create(const struct xdp_umem_reg *mr);
void xsk_umem_get(struct xdp_umem *umem);
void xsk_umem_put(struct xdp_umem *umem);
struct xdp_umem *xsk_umem_create_kernel(const struct xdp_umem_reg *mr);

/* pool.c */
struct xsk_buff_pool *xsk_pool_create(struct xdp_umem *umem,
				      struct xsk_ring *fq,
				      struct xsk_ring *cq);
int xsk_pool_attach(struct xsk_buff_pool *pool, struct net_device *dev,
		    u16 queue_id, u16 flags, u32 tx_entries);
void xsk_pool_detach(struct xsk_buff_pool *pool);
void xsk_pool_get(struct xsk_buff_pool *pool);
void xsk_pool_put(struct xsk_buff_pool *pool);
void xsk_pool_add_sock(struct xsk_buff_pool *pool, struct xdp_sock *xs);
void xsk_pool_unlist_sock(struct xsk_buff_pool *pool, struct xdp_sock *xs);
void xsk_pool_del_sock(struct xsk_buff_pool *pool);
void xsk_pool_drop_umem(struct xsk_buff_pool *pool);

/* buff.c */
bool xsk_pool_fill_take(struct xsk_buff_pool *pool, u64 *addr);
u64 xsk_pool_rx_addr(struct xsk_buff_pool *pool, u64 addr, u32 offset);
bool xsk_pool_desc_valid(struct xsk_buff_pool *pool,
			 const struct xdp_desc *d);
void xsk_pool_put_spare(struct xsk_buff_pool *pool, struct xdp_buff_xsk *b);

/* rx.c */
void xsk_rx_init(void);

/* tx.c */
/* Copy-mode frames a sendto() or poll() sends by default, as in 6.1, and
 * the least XDP_MAX_TX_SKB_BUDGET accepts.
 */
#define XSK_TX_BUDGET_MIN	32

int xsk_tx_kick(struct xdp_sock *xs);
bool xsk_tx_writeable(struct xdp_sock *xs);

/* xskmap.c */
void xsk_map_remove_sock(struct xdp_sock *xs);

/* The counters of XDP_STATISTICS, for getsockopt() and sock_diag. */
static inline void xsk_get_stats(struct xdp_sock *xs,
				 struct xdp_statistics *st)
{
	memset(st, 0, sizeof(*st));
	st->rx_dropped = xs->rx_dropped;
	st->rx_ring_full = xs->rx_queue_full;
	if (xs->rx)
		st->rx_invalid_descs = xs->rx->invalid_descs;
	if (xs->tx) {
		st->tx_invalid_descs = xs->tx->invalid_descs;
		st->tx_ring_empty_descs = xs->tx->empty_descs;
	}
	if (xs->pool)
		st->rx_fill_ring_empty_descs = xs->pool->fq->empty_descs;
}

#endif /* _NET_XDP_XSK_H */
