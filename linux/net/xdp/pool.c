// SPDX-License-Identifier: GPL-2.0
/* The AF_XDP buffer pool: a UMEM as one device queue sees it.  Its slow
 * path: creating a pool and its buffer handles, attaching it to a queue
 * and offering it to the driver for zero-copy, the sockets that use it,
 * and the DMA mappings of a UMEM, shared by the pools of one device.  The
 * fast path a queue runs on (addresses, buffers, need_wakeup) is buff.c.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

/* DMA mappings of a UMEM for one device, shared by its pools. */
struct xsk_dma_map {
	struct list_head node;		/* on umem->dma_maps */
	struct device *dev;
	struct net_device *netdev;
	dma_addr_t *pages;
	u32 npgs;
	refcount_t users;
	bool need_sync;
};

struct xsk_buff_pool *xsk_pool_create(struct xdp_umem *umem,
				      struct xsk_ring *fq,
				      struct xsk_ring *cq)
{
	struct xsk_buff_pool *pool;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL_ACCOUNT);
	if (!pool)
		return ERR_PTR(-ENOMEM);
	pool->chunk_size = umem->chunk_size;
	pool->unaligned = umem->flags & XDP_UMEM_UNALIGNED_CHUNK_FLAG;
	pool->chunk_mask = ~((u64)umem->chunk_size - 1);
	pool->headroom = umem->headroom;
	pool->frame_sz = umem->chunk_size - umem->headroom;
	pool->addrs = umem->addrs;
	pool->size = umem->size;
	pool->fq = fq;
	pool->cq = cq;
	pool->umem = umem;
	refcount_set(&pool->users, 1);
	INIT_LIST_HEAD(&pool->reuse);
	INIT_LIST_HEAD(&pool->tx_socks);
	spin_lock_init(&pool->tx_socks_lock);
	spin_lock_init(&pool->cq_lock);
	spin_lock_init(&pool->rx_lock);
	return pool;
}

static void xsk_pool_free_bufs(struct xsk_buff_pool *pool)
{
	kvfree(pool->tx_descs);
	kvfree(pool->spare);
	kvfree(pool->bufs);
	pool->tx_descs = NULL;
	pool->tx_descs_cnt = 0;
	pool->spare = NULL;
	pool->bufs = NULL;
	pool->nbufs = 0;
	pool->spare_cnt = 0;
}

/* What a zero-copy driver uses: a handle per chunk, and the array batched
 * transmit fills, sized by the TX ring and never replaced.  Sizes come
 * from user space, so an impossible one is -ENOMEM, not a warning.
 */
static int xsk_pool_alloc_bufs(struct xsk_buff_pool *pool, u32 tx_entries)
{
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_NOWARN;
	u32 n = pool->umem->chunks, i;

	pool->bufs = kvcalloc(n, sizeof(*pool->bufs), gfp);
	pool->spare = kvcalloc(n, sizeof(*pool->spare), gfp);
	pool->tx_descs = kvcalloc(tx_entries, sizeof(*pool->tx_descs), gfp);
	if (!pool->bufs || !pool->spare || (tx_entries && !pool->tx_descs)) {
		xsk_pool_free_bufs(pool);
		return -ENOMEM;
	}
	pool->tx_descs_cnt = tx_entries;
	for (i = 0; i < n; i++) {
		pool->bufs[i].pool = pool;
		pool->bufs[i].xdp.frame_sz = pool->frame_sz;
		pool->spare[i] = &pool->bufs[i];
	}
	pool->nbufs = n;
	pool->spare_cnt = n;
	return 0;
}

void xsk_pool_get(struct xsk_buff_pool *pool)
{
	refcount_inc(&pool->users);
}

/* Any context: the last reference frees memory only (the pool was detached
 * and let go of its UMEM when its last socket unbound).
 */
void xsk_pool_put(struct xsk_buff_pool *pool)
{
	if (!refcount_dec_and_test(&pool->users))
		return;
	xsk_pool_free_bufs(pool);
	xsk_ring_destroy(pool->cq);
	xsk_ring_destroy(pool->fq);
	kfree(pool);
}

/* --- the device queue --- */

/**
 * xsk_get_pool_from_qid - the buffer pool bound to a device queue
 * @dev: the device
 * @queue_id: the queue, counted in the device's RX and TX queues
 *
 * Drivers call this under RTNL (ndo_bpf, ring reconfiguration).
 *
 * Return: the pool of the AF_XDP socket bound to @queue_id of @dev, or NULL.
 */
struct xsk_buff_pool *xsk_get_pool_from_qid(struct net_device *dev,
					    u16 queue_id)
{
	/* Set on both where the device has both queues; see below. */
	struct xsk_buff_pool *pool = NULL;

	if (queue_id < dev->real_num_tx_queues)
		pool = dev->_tx[queue_id].pool;
	if (queue_id < dev->real_num_rx_queues)
		pool = dev->_rx[queue_id].pool;
	return pool;
}
EXPORT_SYMBOL(xsk_get_pool_from_qid);

static void xsk_set_pool_at_qid(struct net_device *dev, u16 queue_id,
				struct xsk_buff_pool *pool)
{
	if (queue_id < dev->real_num_rx_queues)
		dev->_rx[queue_id].pool = pool;
	if (queue_id < dev->real_num_tx_queues)
		dev->_tx[queue_id].pool = pool;
}

/* Every slot the pool may be in, not only those of the queues that run
 * now: a queue count that shrank under the socket (a tun queue detached)
 * and grows back must not find a pool that is gone.
 */
static void xsk_clear_pool_at_qid(struct net_device *dev, u16 queue_id)
{
	if (queue_id < dev->num_rx_queues)
		dev->_rx[queue_id].pool = NULL;
	if (queue_id < dev->num_tx_queues)
		dev->_tx[queue_id].pool = NULL;
}

static int xsk_setup_drv_pool(struct xsk_buff_pool *pool,
			      struct xsk_buff_pool *arg)
{
	struct netdev_bpf bpf = {
		.command = XDP_SETUP_XSK_POOL,
		.xsk.pool = arg,
		.xsk.queue_id = pool->queue_id,
	};

	return pool->netdev->netdev_ops->ndo_bpf(pool->netdev, &bpf);
}

/* Offer the pool to the driver of its queue for zero-copy, with what the
 * driver may use from inside ndo_bpf() already there.  Returns 0, or the
 * errno of the step that failed with the pool left in copy mode.
 */
static int xsk_pool_offer_zc(struct xsk_buff_pool *pool, u32 tx_entries)
{
	const struct net_device_ops *ops = pool->netdev->netdev_ops;
	int err;

	if (!ops->ndo_bpf || !ops->ndo_xsk_wakeup)
		return -EOPNOTSUPP;
	err = xsk_pool_alloc_bufs(pool, tx_entries);
	if (err)
		return err;
	err = xsk_setup_drv_pool(pool, pool);
	if (err)
		goto free_bufs;
	if (!pool->dma_pages) {
		/* A driver bug, not the user's: say so and stay in copy mode. */
		netdev_warn(pool->netdev,
			    "AF_XDP: driver took a pool without DMA-mapping it\n");
		err = -EINVAL;
		goto release_pool;
	}
	pool->zc = true;
	WRITE_ONCE(pool->umem->zc_pools, pool->umem->zc_pools + 1);
	return 0;

release_pool:
	xsk_setup_drv_pool(pool, NULL);
free_bufs:
	xsk_pool_free_bufs(pool);
	return err;
}

/* Register the pool at a queue of dev and, unless XDP_COPY, offer it to the
 * driver for zero-copy.  Without XDP_ZEROCOPY a driver that cannot take it
 * leaves the pool in copy mode.  On failure the pool is as it was.
 */
int xsk_pool_attach(struct xsk_buff_pool *pool, struct net_device *dev,
		    u16 queue_id, u16 flags, u32 tx_entries)
{
	int err;

	ASSERT_RTNL();
	if ((flags & XDP_COPY) && (flags & XDP_ZEROCOPY))
		return -EINVAL;
	if (xsk_get_pool_from_qid(dev, queue_id))
		return -EBUSY;
	if (!pool->fq || !pool->cq)
		return -EINVAL;
	if (queue_id >= max(dev->real_num_rx_queues, dev->real_num_tx_queues))
		return -EINVAL;

	xsk_set_pool_at_qid(dev, queue_id, pool);
	pool->netdev = dev;
	pool->queue_id = queue_id;
	dev_hold(dev);
	pool->uses_need_wakeup = flags & XDP_USE_NEED_WAKEUP;
	/* The first transmit always needs a kick: sendto() or poll(). */
	WRITE_ONCE(pool->cached_need_wakeup, XDP_WAKEUP_TX);
	if (flags & XDP_COPY)
		return 0;
	err = xsk_pool_offer_zc(pool, tx_entries);
	if (!err || !(flags & XDP_ZEROCOPY))
		return 0;
	xsk_pool_detach(pool);
	return err;
}

/* Undo xsk_pool_attach(): the driver gives up the pool; rtnl held. */
void xsk_pool_detach(struct xsk_buff_pool *pool)
{
	struct net_device *dev = pool->netdev;

	ASSERT_RTNL();
	if (!dev)
		return;
	if (pool->zc) {
		if (xsk_setup_drv_pool(pool, NULL))
			netdev_warn(dev, "AF_XDP: driver refused to release queue %u\n",
				    pool->queue_id);
		pool->zc = false;
		WRITE_ONCE(pool->umem->zc_pools, pool->umem->zc_pools - 1);
	}
	xsk_clear_pool_at_qid(dev, pool->queue_id);
	pool->netdev = NULL;
	dev_put(dev);
}

/* A socket starts using the pool (bind); rtnl held. */
void xsk_pool_add_sock(struct xsk_buff_pool *pool, struct xdp_sock *xs)
{
	pool->bound++;
	if (!xs->tx)
		return;
	spin_lock_bh(&pool->tx_socks_lock);
	list_add_rcu(&xs->tx_list, &pool->tx_socks);
	spin_unlock_bh(&pool->tx_socks_lock);
}

/* A socket stops transmitting through the pool; drivers may see it on the
 * transmit list until an RCU grace period has passed.
 */
void xsk_pool_unlist_sock(struct xsk_buff_pool *pool, struct xdp_sock *xs)
{
	if (!xs->tx)
		return;
	spin_lock_bh(&pool->tx_socks_lock);
	list_del_rcu(&xs->tx_list);
	spin_unlock_bh(&pool->tx_socks_lock);
}

/* A socket that no packet path can reach any more stops using the pool;
 * the last one detaches the pool from its queue and lets go of the UMEM.
 * rtnl held.
 */
void xsk_pool_del_sock(struct xsk_buff_pool *pool)
{
	if (--pool->bound)
		return;
	xsk_pool_detach(pool);
	xsk_pool_drop_umem(pool);
}

/* The pool no longer uses its UMEM: not attached, no socket bound, so
 * nothing keeps the UMEM for it any more.  The rings stay until the pool is
 * freed (frames in flight complete into the COMPLETION ring).
 */
void xsk_pool_drop_umem(struct xsk_buff_pool *pool)
{
	pool->umem = NULL;
	pool->addrs = NULL;
}

/* --- DMA --- */

/* umem->dma_maps changes and is walked under RTNL only: drivers map and
 * unmap pools in ndo_bpf(XDP_SETUP_XSK_POOL) and in their reconfiguration
 * paths, all under RTNL.
 */
static struct xsk_dma_map *xsk_dma_map_find(struct xdp_umem *umem,
					    struct device *dev,
					    struct net_device *netdev)
{
	struct xsk_dma_map *map;

	ASSERT_RTNL();
	list_for_each_entry(map, &umem->dma_maps, node)
		if (map->dev == dev && map->netdev == netdev)
			return map;
	return NULL;
}

static void xsk_dma_unmap_pages(struct xsk_dma_map *map, u32 n,
				unsigned long attrs)
{
	while (n--)
		dma_unmap_page_attrs(map->dev,
				     map->pages[n] & ~XSK_DMA_NEXT_CONTIG,
				     PAGE_SIZE, DMA_BIDIRECTIONAL, attrs);
}

static struct xsk_dma_map *xsk_dma_map_create(struct xsk_buff_pool *pool,
					      struct device *dev,
					      unsigned long attrs)
{
	struct xdp_umem *umem = pool->umem;
	struct xsk_dma_map *map;
	dma_addr_t dma;
	u32 i;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	map->pages = kvcalloc(umem->npgs, sizeof(*map->pages), GFP_KERNEL);
	if (!map->pages)
		goto free_map;
	map->dev = dev;
	map->netdev = pool->netdev;
	map->npgs = umem->npgs;
	for (i = 0; i < umem->npgs; i++) {
		dma = dma_map_page_attrs(dev, umem->pgs[i], 0, PAGE_SIZE,
					 DMA_BIDIRECTIONAL, attrs);
		if (dma_mapping_error(dev, dma)) {
			xsk_dma_unmap_pages(map, i, attrs);
			goto free_pages;
		}
		map->need_sync |= dma_need_sync(dev, dma);
		map->pages[i] = dma;
	}
	/* Unaligned buffers may cross a page only into a DMA-adjacent one. */
	for (i = 0; i + 1 < umem->npgs; i++)
		if (map->pages[i] + PAGE_SIZE == map->pages[i + 1])
			map->pages[i] |= XSK_DMA_NEXT_CONTIG;
	refcount_set(&map->users, 1);
	list_add(&map->node, &umem->dma_maps);
	return map;

free_pages:
	kvfree(map->pages);
free_map:
	kfree(map);
	return NULL;
}

/**
 * xsk_pool_dma_map - map a pool's UMEM for a device's DMA
 * @pool: the pool being set up on the device's queue
 * @dev: the DMA device
 * @attrs: DMA attributes, e.g. DMA_ATTR_SKIP_CPU_SYNC
 *
 * Pools on the same UMEM and device share one mapping.
 *
 * Return: 0, or -ENOMEM.
 */
int xsk_pool_dma_map(struct xsk_buff_pool *pool, struct device *dev,
		     unsigned long attrs)
{
	struct xsk_dma_map *map;

	map = xsk_dma_map_find(pool->umem, dev, pool->netdev);
	if (map)
		refcount_inc(&map->users);
	else
		map = xsk_dma_map_create(pool, dev, attrs);
	if (!map)
		return -ENOMEM;
	pool->dma_map = map;
	pool->dma_pages = map->pages;
	pool->dma_pages_cnt = map->npgs;
	pool->dma_need_sync = map->need_sync;
	pool->dev = dev;
	return 0;
}
EXPORT_SYMBOL(xsk_pool_dma_map);

/**
 * xsk_pool_dma_unmap - undo xsk_pool_dma_map()
 * @pool: the pool
 * @attrs: the DMA attributes it was mapped with
 */
void xsk_pool_dma_unmap(struct xsk_buff_pool *pool, unsigned long attrs)
{
	struct xsk_dma_map *map = pool->dma_map;

	if (!map)
		return;
	pool->dma_map = NULL;
	pool->dma_pages = NULL;
	pool->dma_pages_cnt = 0;
	pool->dev = NULL;
	if (!refcount_dec_and_test(&map->users))
		return;
	ASSERT_RTNL();
	list_del(&map->node);
	xsk_dma_unmap_pages(map, map->npgs, attrs);
	kvfree(map->pages);
	kfree(map);
}
EXPORT_SYMBOL(xsk_pool_dma_unmap);

/**
 * xsk_pool_set_rxq_info - tell the pool the driver's RX queue info
 * @pool: the pool
 * @rxq: the queue info its xdp_buffs are to carry
 */
void xsk_pool_set_rxq_info(struct xsk_buff_pool *pool,
			   struct xdp_rxq_info *rxq)
{
	u32 i;

	pool->napi_id = rxq->napi_id;
	for (i = 0; i < pool->nbufs; i++)
		pool->bufs[i].xdp.rxq = rxq;
}
EXPORT_SYMBOL(xsk_pool_set_rxq_info);
