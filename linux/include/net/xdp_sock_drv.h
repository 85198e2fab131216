/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AF_XDP for drivers: zero-copy receive and transmit through the buffer
 * pool of the socket bound to a queue.
 *
 * A driver is handed a pool for a queue with ndo_bpf(XDP_SETUP_XSK_POOL),
 * DMA-maps it (xsk_pool_dma_map()), fills its RX ring with buffers from
 * xsk_buff_alloc{,_batch}() and passes received frames to XDP; buffers it
 * does not hand on go back with xsk_buff_free().  On transmit it takes
 * descriptors with xsk_tx_peek_desc() or xsk_tx_peek_release_desc_batch(),
 * and reports finished ones with xsk_tx_completed().  ndo_xsk_wakeup() is
 * how user space gets the driver going again when the rings say
 * XDP_RING_NEED_WAKEUP.
 */
#ifndef _LINUX_XDP_SOCK_DRV_H
#define _LINUX_XDP_SOCK_DRV_H

#include <linux/bpf.h>
#include <linux/mm.h>
#include <net/xdp_sock.h>
#include <net/xsk_buff_pool.h>

#define XDP_UMEM_MIN_CHUNK_SHIFT 11
#define XDP_UMEM_MIN_CHUNK_SIZE (1 << XDP_UMEM_MIN_CHUNK_SHIFT)

/* dma_pages[] entries: the page's DMA address, and whether the next UMEM
 * page follows it in DMA space (only unaligned buffers may cross pages).
 */
#define XSK_DMA_NEXT_CONTIG 1UL

#ifdef CONFIG_XDP_SOCKETS

struct xsk_buff_pool *xsk_get_pool_from_qid(struct net_device *dev,
					    u16 queue_id);
void xsk_pool_set_rxq_info(struct xsk_buff_pool *pool,
			   struct xdp_rxq_info *rxq);
int xsk_pool_dma_map(struct xsk_buff_pool *pool, struct device *dev,
		     unsigned long attrs);
void xsk_pool_dma_unmap(struct xsk_buff_pool *pool, unsigned long attrs);

struct xdp_buff *xsk_buff_alloc(struct xsk_buff_pool *pool);
u32 xsk_buff_alloc_batch(struct xsk_buff_pool *pool, struct xdp_buff **xdp,
			 u32 max);
bool xsk_buff_can_alloc(struct xsk_buff_pool *pool, u32 count);
void xsk_buff_free(struct xdp_buff *xdp);

bool xsk_tx_peek_desc(struct xsk_buff_pool *pool, struct xdp_desc *desc);
u32 xsk_tx_peek_release_desc_batch(struct xsk_buff_pool *pool, u32 max);
void xsk_tx_release(struct xsk_buff_pool *pool);
void xsk_tx_completed(struct xsk_buff_pool *pool, u32 nb_entries);

void xsk_set_rx_need_wakeup(struct xsk_buff_pool *pool);
void xsk_clear_rx_need_wakeup(struct xsk_buff_pool *pool);
void xsk_set_tx_need_wakeup(struct xsk_buff_pool *pool);
void xsk_clear_tx_need_wakeup(struct xsk_buff_pool *pool);

#else /* CONFIG_XDP_SOCKETS */

/* Without AF_XDP no queue has a pool, so a driver never gets past
 * xsk_get_pool_from_qid(); the rest only has to compile.
 */
static inline struct xsk_buff_pool *
xsk_get_pool_from_qid(struct net_device *dev, u16 queue_id)
{
	return NULL;
}

static inline void xsk_pool_set_rxq_info(struct xsk_buff_pool *pool,
					 struct xdp_rxq_info *rxq) {}

static inline int xsk_pool_dma_map(struct xsk_buff_pool *pool,
				   struct device *dev, unsigned long attrs)
{
	return -EOPNOTSUPP;
}

static inline void xsk_pool_dma_unmap(struct xsk_buff_pool *pool,
				      unsigned long attrs) {}

static inline struct xdp_buff *xsk_buff_alloc(struct xsk_buff_pool *pool)
{
	return NULL;
}

static inline u32 xsk_buff_alloc_batch(struct xsk_buff_pool *pool,
				       struct xdp_buff **xdp, u32 max)
{
	return 0;
}

static inline bool xsk_buff_can_alloc(struct xsk_buff_pool *pool, u32 count)
{
	return false;
}

static inline void xsk_buff_free(struct xdp_buff *xdp) {}

static inline bool xsk_tx_peek_desc(struct xsk_buff_pool *pool,
				    struct xdp_desc *desc)
{
	return false;
}

static inline u32 xsk_tx_peek_release_desc_batch(struct xsk_buff_pool *pool,
						 u32 max)
{
	return 0;
}

static inline void xsk_tx_release(struct xsk_buff_pool *pool) {}
static inline void xsk_tx_completed(struct xsk_buff_pool *pool,
				    u32 nb_entries) {}

static inline void xsk_set_rx_need_wakeup(struct xsk_buff_pool *pool) {}
static inline void xsk_clear_rx_need_wakeup(struct xsk_buff_pool *pool) {}
static inline void xsk_set_tx_need_wakeup(struct xsk_buff_pool *pool) {}
static inline void xsk_clear_tx_need_wakeup(struct xsk_buff_pool *pool) {}

#endif /* CONFIG_XDP_SOCKETS */

/* The helpers below only read the pool, which every config defines. */
static inline bool xsk_uses_need_wakeup(struct xsk_buff_pool *pool)
{
	return pool->uses_need_wakeup;
}

/* Bytes before xdp->data in every buffer: the UMEM's and XDP's. */
static inline u32 xsk_pool_get_headroom(struct xsk_buff_pool *pool)
{
	return XDP_PACKET_HEADROOM + pool->headroom;
}

static inline u32 xsk_pool_get_chunk_size(struct xsk_buff_pool *pool)
{
	return pool->chunk_size;
}

/* The longest frame a buffer takes. */
static inline u32 xsk_pool_get_rx_frame_size(struct xsk_buff_pool *pool)
{
	return xsk_pool_get_chunk_size(pool) - xsk_pool_get_headroom(pool);
}

static inline struct xdp_buff_xsk *xsk_buff_of(struct xdp_buff *xdp)
{
	return container_of(xdp, struct xdp_buff_xsk, xdp);
}

static inline dma_addr_t xsk_buff_xdp_get_dma(struct xdp_buff *xdp)
{
	return xsk_buff_of(xdp)->dma;
}

static inline dma_addr_t xsk_buff_xdp_get_frame_dma(struct xdp_buff *xdp)
{
	return xsk_buff_of(xdp)->frame_dma;
}

/* The driver received size bytes into a freshly allocated buffer. */
static inline void xsk_buff_set_size(struct xdp_buff *xdp, u32 size)
{
	xdp->data = xdp->data_hard_start + XDP_PACKET_HEADROOM;
	xdp->data_meta = xdp->data;
	xdp->data_end = xdp->data + size;
}

/* A UMEM address from a ring as a plain offset into the UMEM. */
static inline u64 xsk_pool_addr(struct xsk_buff_pool *pool, u64 addr)
{
	if (!pool->unaligned)
		return addr;
	return (addr & XSK_UNALIGNED_BUF_ADDR_MASK) +
	       (addr >> XSK_UNALIGNED_BUF_OFFSET_SHIFT);
}

static inline dma_addr_t xsk_buff_raw_get_dma(struct xsk_buff_pool *pool,
					      u64 addr)
{
	addr = xsk_pool_addr(pool, addr);
	return (pool->dma_pages[addr >> PAGE_SHIFT] & ~XSK_DMA_NEXT_CONTIG) +
	       offset_in_page(addr);
}

static inline void *xsk_buff_raw_get_data(struct xsk_buff_pool *pool,
					  u64 addr)
{
	return pool->addrs + xsk_pool_addr(pool, addr);
}

/* What the device may have written: from xdp.data to the chunk's end. */
static inline void xsk_buff_dma_sync_for_cpu(struct xdp_buff *xdp,
					     struct xsk_buff_pool *pool)
{
	u32 len = xsk_pool_get_rx_frame_size(pool);

	if (pool->dma_need_sync)
		dma_sync_single_range_for_cpu(pool->dev, xsk_buff_of(xdp)->dma,
					      0, len, DMA_BIDIRECTIONAL);
}

static inline void xsk_buff_raw_dma_sync_for_device(struct xsk_buff_pool *pool,
						    dma_addr_t dma, size_t size)
{
	if (pool->dma_need_sync)
		dma_sync_single_range_for_device(pool->dev, dma, 0, size,
						 DMA_BIDIRECTIONAL);
}

#endif /* _LINUX_XDP_SOCK_DRV_H */
