/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AF_XDP buffer pool: the UMEM of a socket as a driver sees it on the
 * device queue the socket is bound to.  Drivers use it through
 * <net/xdp_sock_drv.h>; the fields marked "drivers" are read directly by
 * drivers of the base tree and keep their names.
 */
#ifndef _LINUX_XSK_BUFF_POOL_H
#define _LINUX_XSK_BUFF_POOL_H

#include <linux/dma-mapping.h>
#include <linux/if_xdp.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/xdp.h>

struct net_device;
struct xdp_sock;
struct xdp_umem;
struct xsk_dma_map;
struct xsk_ring;

/*
 * A buffer lent to a driver: one UMEM chunk (or, unaligned, a chunk-sized
 * stretch at any address).  The driver sees the xdp_buff; the rest says
 * where the buffer lives.
 */
struct xdp_buff_xsk {
	struct xdp_buff xdp;
	dma_addr_t dma;			/* of xdp.data as allocated */
	dma_addr_t frame_dma;		/* of the buffer's first byte */
	struct xsk_buff_pool *pool;
	u64 addr;			/* UMEM address of its first byte */
	struct list_head reuse_node;	/* on pool->reuse while freed */
};

struct xsk_buff_pool {
	/* Read by drivers directly. */
	struct device *dev;		/* DMA device, from xsk_pool_dma_map() */
	struct xdp_desc *tx_descs;	/* xsk_tx_peek_release_desc_batch() */
	u32 tx_descs_cnt;
	u32 chunk_size;
	bool unaligned;
	bool dma_need_sync;

	/* Packet path. */
	struct xsk_ring *fq ____cacheline_aligned_in_smp;
	struct xsk_ring *cq;
	void *addrs;			/* the UMEM, mapped in the kernel */
	u64 size;			/* of the UMEM, in bytes */
	u64 chunk_mask;			/* aligned mode: ~(chunk_size - 1) */
	u32 headroom;			/* the UMEM's, before XDP_PACKET_HEADROOM */
	u32 frame_sz;			/* xdp.frame_sz: chunk_size - headroom */
	dma_addr_t *dma_pages;		/* per UMEM page; see pool.c */
	u32 dma_pages_cnt;
	u8 cached_need_wakeup;		/* XDP_WAKEUP_* now set in the rings */
	bool uses_need_wakeup;
	unsigned int napi_id;		/* of the queue, for busy polling */
	/* Handles not lending any buffer, and buffers freed by a driver,
	 * which still own their chunk and go out again before the FILL ring
	 * is asked for more.
	 */
	u32 spare_cnt;
	u32 reuse_cnt;
	struct list_head reuse;
	struct xdp_buff_xsk **spare;
	struct xdp_buff_xsk *bufs;	/* all handles, nbufs of them */
	u32 nbufs;
	spinlock_t cq_lock;		/* COMPLETION ring, copy mode */
	spinlock_t rx_lock;		/* FILL, RX: see net/xdp/rx.c */

	/* Control path. */
	struct xdp_umem *umem;
	struct net_device *netdev;	/* registered at queue_id, or NULL */
	u16 queue_id;
	bool zc;			/* the driver has it (XDP_SETUP_XSK_POOL) */
	unsigned int bound;		/* sockets bound through the pool */
	refcount_t users;
	struct list_head tx_socks;	/* sockets with a TX ring, RCU */
	spinlock_t tx_socks_lock;
	struct xsk_dma_map *dma_map;
	struct work_struct release_work;
};

#endif /* _LINUX_XSK_BUFF_POOL_H */
