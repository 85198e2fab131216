// SPDX-License-Identifier: GPL-2.0
/* The buffer pool's fast path: FILL addresses, the buffers zero-copy
 * drivers allocate and free, and need_wakeup.
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
 * are allocated (pool.c) only when a driver takes the pool for zero-copy,
 * charged to the socket's memory cgroup.
 *
 * Addresses.  In aligned mode a FILL address names the chunk it falls in;
 * in unaligned mode it is taken as it is, upper-bit offset included, and
 * must leave a whole chunk before the end of the UMEM.
 */

#include <linux/if_ether.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

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
