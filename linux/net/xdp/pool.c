// SPDX-License-Identifier: GPL-2.0
/* The AF_XDP buffer pool: a UMEM as one device queue sees it.
 *
 * Buffers.  A pool has one handle (struct xdp_buff_xsk) per UMEM chunk.
 * Handles not lending out a buffer wait on the spare stack; a handle is
 * bound to a UMEM address when a driver allocates a buffer, from the FILL
 * ring, and goes back to the stack when the frame reaches an RX ring.  A
 * buffer a driver frees instead still owns its chunk: it waits on the
 * reuse list and is the next one allocated.  All of this happens in the
 * NAPI context of the queue the pool is attached to, which is why none of
 * it takes a lock.  Copy mode uses no handles: the frame is copied straight
 * into the chunk the FILL ring names (xsk_pool_fill_take()), so handles
 * are allocated only when a driver takes the pool for zero-copy, charged
 * to the socket's memory cgroup.
 *
 * Addresses.  In aligned mode a FILL address names the chunk it falls in;
 * in unaligned mode it is taken as it is, upper-bit offset included, and
 * must leave a whole chunk before the end of the UMEM.
 */

#include <linux/if_ether.h>
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

/* --- addresses --- */

/* Does [addr, addr + len) cross into a page that is not DMA-adjacent? */
static bool xsk_pool_crosses_dma_gap(struct xsk_buff_pool *pool, u64 addr,
				     u32 len)
{
	if (!pool->dma_pages || offset_in_page(addr) + len <= PAGE_SIZE)
		return false;
	return !(pool->dma_pages[addr >> PAGE_SHIFT] & XSK_DMA_NEXT_CONTIG);
}

/* A FILL address as the start of a buffer, or false if it names none. */
static bool xsk_pool_fill_addr(struct xsk_buff_pool *pool, u64 *addr)
{
	u64 a;

	if (!pool->unaligned) {
		*addr &= pool->chunk_mask;
		return *addr < pool->size;
	}
	a = xsk_pool_addr(pool, *addr);
	if (a >= pool->size || pool->size - a < pool->chunk_size ||
	    xsk_pool_crosses_dma_gap(pool, a, pool->chunk_size))
		return false;
	*addr = a;
	return true;
}

/* The address of a frame at 'offset' bytes into the buffer at 'addr', as the
 * RX ring gives it to user space: unaligned mode carries the offset in the
 * upper bits.
 */
u64 xsk_pool_rx_addr(struct xsk_buff_pool *pool, u64 addr, u32 offset)
{
	if (pool->unaligned)
		return addr + ((u64)offset << XSK_UNALIGNED_BUF_OFFSET_SHIFT);
	return addr + offset;
}

/* Can a TX descriptor go out?  Its frame must lie inside one buffer and be
 * at least an Ethernet header long: drivers take a frame's header as
 * there (veth's eth_type_trans() reads 14 bytes whatever the length).
 */
bool xsk_pool_desc_valid(struct xsk_buff_pool *pool, const struct xdp_desc *d)
{
	u64 addr;

	if (d->options || d->len < ETH_HLEN)
		return false;
	if (!pool->unaligned) {
		if ((d->addr ^ (d->addr + d->len - 1)) & pool->chunk_mask)
			return false;
		return (d->addr & pool->chunk_mask) < pool->size;
	}
	addr = xsk_pool_addr(pool, d->addr);
	return d->len <= pool->chunk_size &&
	       (d->addr & XSK_UNALIGNED_BUF_ADDR_MASK) < pool->size &&
	       addr < pool->size && pool->size - addr >= d->len &&
	       !xsk_pool_crosses_dma_gap(pool, addr, d->len);
}

/* Take the next valid address off the FILL ring (skipping and counting
 * invalid ones).  The consumer index is published by the caller's flush,
 * or when the ring next looks empty.  A ring's worth of invalid entries
 * ends the call as an empty ring would, uncounted (ring.h,
 * xsk_cons_left()).
 */
bool xsk_pool_fill_take(struct xsk_buff_pool *pool, u64 *addr)
{
	struct xsk_ring *fq = pool->fq;
	u32 start = fq->cached_cons;

	while (xsk_cons_left(fq, start) && xsk_cons_peek(fq, 1)) {
		*addr = xsk_cons_read_addr(fq, fq->cached_cons++);
		if (xsk_pool_fill_addr(pool, addr))
			return true;
		fq->invalid_descs++;
	}
	if (xsk_cons_left(fq, start))
		fq->empty_descs++;
	return false;
}

/* --- buffers for zero-copy drivers --- */

static void xsk_buf_init(struct xsk_buff_pool *pool, struct xdp_buff_xsk *b,
			 u64 addr)
{
	b->addr = addr;
	b->xdp.data_hard_start = pool->addrs + addr + pool->headroom;
	if (pool->dma_pages) {
		b->frame_dma = xsk_buff_raw_get_dma(pool, addr);
		b->dma = b->frame_dma + pool->headroom + XDP_PACKET_HEADROOM;
	}
}

/* Ready a buffer for a driver to receive into: the device owns it from
 * b->dma, where xdp.data starts, to the end of the chunk.
 */
static struct xdp_buff *xsk_buf_lend(struct xsk_buff_pool *pool,
				     struct xdp_buff_xsk *b)
{
	u32 len = xsk_pool_get_rx_frame_size(pool);

	b->xdp.data = b->xdp.data_hard_start + XDP_PACKET_HEADROOM;
	b->xdp.data_meta = b->xdp.data;
	if (pool->dma_need_sync)
		dma_sync_single_range_for_device(pool->dev, b->dma, 0, len,
						 DMA_BIDIRECTIONAL);
	return &b->xdp;
}

static struct xdp_buff_xsk *xsk_buf_from_fill(struct xsk_buff_pool *pool)
{
	struct xdp_buff_xsk *b;
	u64 addr;

	if (!pool->spare_cnt || !xsk_pool_fill_take(pool, &addr))
		return NULL;
	b = pool->spare[--pool->spare_cnt];
	xsk_buf_init(pool, b, addr);
	return b;
}

static struct xdp_buff_xsk *xsk_buf_from_reuse(struct xsk_buff_pool *pool)
{
	struct xdp_buff_xsk *b;

	b = list_first_entry(&pool->reuse, struct xdp_buff_xsk, reuse_node);
	list_del(&b->reuse_node);
	pool->reuse_cnt--;
	return b;
}

/**
 * xsk_buff_alloc - take one buffer for receive
 * @pool: the pool
 *
 * Return: a buffer (a previously freed one, or a chunk from the FILL ring),
 * or NULL when there is none; the socket's rx_fill_ring_empty_descs counts
 * the latter.
 */
struct xdp_buff *xsk_buff_alloc(struct xsk_buff_pool *pool)
{
	struct xdp_buff_xsk *b;

	b = pool->reuse_cnt ? xsk_buf_from_reuse(pool) :
			      xsk_buf_from_fill(pool);
	return b ? xsk_buf_lend(pool, b) : NULL;
}
EXPORT_SYMBOL(xsk_buff_alloc);

/**
 * xsk_buff_alloc_batch - take up to @max buffers for receive
 * @pool: the pool
 * @xdp: where to put them
 * @max: how many the driver has room for
 *
 * Freed buffers first, then chunks from the FILL ring, as many as the
 * cached view of the ring allows; at most a ring's worth of FILL entries
 * are taken or skipped as invalid.
 *
 * Return: how many buffers @xdp holds.
 */
u32 xsk_buff_alloc_batch(struct xsk_buff_pool *pool, struct xdp_buff **xdp,
			 u32 max)
{
	struct xsk_ring *fq = pool->fq;
	u32 n = 0, ready, start, left;
	struct xdp_buff_xsk *b;
	u64 addr;

	while (n < max && pool->reuse_cnt)
		xdp[n++] = xsk_buf_lend(pool, xsk_buf_from_reuse(pool));

	start = fq->cached_cons;
	while (n < max && pool->spare_cnt &&
	       (left = xsk_cons_left(fq, start))) {
		ready = xsk_cons_peek(fq, min3(max - n, pool->spare_cnt, left));
		if (!ready) {
			fq->empty_descs++;
			break;
		}
		while (ready--) {
			addr = xsk_cons_read_addr(fq, fq->cached_cons++);
			if (!xsk_pool_fill_addr(pool, &addr)) {
				fq->invalid_descs++;
				continue;
			}
			b = pool->spare[--pool->spare_cnt];
			xsk_buf_init(pool, b, addr);
			xdp[n++] = xsk_buf_lend(pool, b);
		}
	}
	xsk_cons_release(fq);
	return n;
}
EXPORT_SYMBOL(xsk_buff_alloc_batch);

/**
 * xsk_buff_can_alloc - whether @count buffers are available
 * @pool: the pool
 * @count: how many the driver wants
 *
 * Return: true if freed buffers and FILL ring entries together hold @count.
 */
bool xsk_buff_can_alloc(struct xsk_buff_pool *pool, u32 count)
{
	if (pool->reuse_cnt >= count)
		return true;
	return xsk_cons_peek(pool->fq, count - pool->reuse_cnt) >=
	       count - pool->reuse_cnt;
}
EXPORT_SYMBOL(xsk_buff_can_alloc);

/**
 * xsk_buff_free - give a receive buffer back to its pool
 * @xdp: a buffer from xsk_buff_alloc() or xsk_buff_alloc_batch()
 */
void xsk_buff_free(struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *b = xsk_buff_of(xdp);

	list_add(&b->reuse_node, &b->pool->reuse);
	b->pool->reuse_cnt++;
}
EXPORT_SYMBOL(xsk_buff_free);

/* The frame in b went to an RX ring: its handle is free again. */
void xsk_pool_put_spare(struct xsk_buff_pool *pool, struct xdp_buff_xsk *b)
{
	pool->spare[pool->spare_cnt++] = b;
}

/* --- need_wakeup --- */

/**
 * xsk_set_rx_need_wakeup - ask user space to kick receive
 * @pool: the pool
 *
 * Sets XDP_RING_NEED_WAKEUP on the FILL ring, for sockets bound with
 * XDP_USE_NEED_WAKEUP; drivers call it when the FILL ring ran dry, and
 * then take from it once more (W1 in ring.h).
 */
void xsk_set_rx_need_wakeup(struct xsk_buff_pool *pool)
{
	if (pool->cached_need_wakeup & XDP_WAKEUP_RX)
		return;
	xsk_ring_set_flags(pool->fq, XDP_RING_NEED_WAKEUP);
	WRITE_ONCE(pool->cached_need_wakeup,
		   pool->cached_need_wakeup | XDP_WAKEUP_RX);
}
EXPORT_SYMBOL(xsk_set_rx_need_wakeup);

/**
 * xsk_clear_rx_need_wakeup - undo xsk_set_rx_need_wakeup()
 * @pool: the pool
 */
void xsk_clear_rx_need_wakeup(struct xsk_buff_pool *pool)
{
	if (!(pool->cached_need_wakeup & XDP_WAKEUP_RX))
		return;
	xsk_ring_clear_flags(pool->fq, XDP_RING_NEED_WAKEUP);
	WRITE_ONCE(pool->cached_need_wakeup,
		   pool->cached_need_wakeup & ~XDP_WAKEUP_RX);
}
EXPORT_SYMBOL(xsk_clear_rx_need_wakeup);

static void xsk_pool_tx_flags(struct xsk_buff_pool *pool, bool set)
{
	struct xdp_sock *xs;

	rcu_read_lock();
	list_for_each_entry_rcu(xs, &pool->tx_socks, tx_list) {
		if (set)
			xsk_ring_set_flags(xs->tx, XDP_RING_NEED_WAKEUP);
		else
			xsk_ring_clear_flags(xs->tx, XDP_RING_NEED_WAKEUP);
	}
	rcu_read_unlock();
}

/**
 * xsk_set_tx_need_wakeup - ask user space to kick transmit
 * @pool: the pool
 *
 * Sets XDP_RING_NEED_WAKEUP on the TX ring of every socket on the pool.
 */
void xsk_set_tx_need_wakeup(struct xsk_buff_pool *pool)
{
	if (pool->cached_need_wakeup & XDP_WAKEUP_TX)
		return;
	xsk_pool_tx_flags(pool, true);
	WRITE_ONCE(pool->cached_need_wakeup,
		   pool->cached_need_wakeup | XDP_WAKEUP_TX);
}
EXPORT_SYMBOL(xsk_set_tx_need_wakeup);

/**
 * xsk_clear_tx_need_wakeup - undo xsk_set_tx_need_wakeup()
 * @pool: the pool
 */
void xsk_clear_tx_need_wakeup(struct xsk_buff_pool *pool)
{
	if (!(pool->cached_need_wakeup & XDP_WAKEUP_TX))
		return;
	xsk_pool_tx_flags(pool, false);
	WRITE_ONCE(pool->cached_need_wakeup,
		   pool->cached_need_wakeup & ~XDP_WAKEUP_TX);
}
EXPORT_SYMBOL(xsk_clear_tx_need_wakeup);
