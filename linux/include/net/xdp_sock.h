/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AF_XDP sockets: what the rest of the kernel sees of them.
 *
 * net/core calls in here from the XDP redirect paths (driver mode:
 * __xsk_map_redirect() then __xsk_map_flush() at the end of the NAPI poll;
 * generic mode: xsk_generic_rcv()), and BPF reads queue_id of the socket
 * an XSKMAP lookup returns.  Drivers use <net/xdp_sock_drv.h>.
 */
#ifndef _LINUX_XDP_SOCK_H
#define _LINUX_XDP_SOCK_H

#include <linux/if_xdp.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <net/sock.h>

struct net_device;
struct xdp_buff;
struct xdp_umem;
struct xsk_buff_pool;
struct xsk_ring;

/* A socket's life: rings and UMEM are set up only while XSK_READY. */
enum xsk_state {
	XSK_READY,	/* created, not bound yet */
	XSK_BOUND,	/* bound to a device queue: packets flow */
	XSK_UNBOUND,	/* the device went away: only close() is useful */
};

struct xdp_sock {
	/* struct sock must come first: xdp_sk() casts. */
	struct sock sk;

	/* Receive path, read on every packet. */
	struct xsk_ring *rx ____cacheline_aligned_in_smp;
	struct net_device *dev;
	struct xsk_buff_pool *pool;
	u32 queue_id;			/* BPF reads it (struct bpf_xdp_sock) */
	bool zc;			/* bound in zero-copy mode */
	enum xsk_state state;
	struct list_head flush_node;	/* on this CPU's list to flush */
	u64 rx_dropped;			/* too long, FILL empty, no RX ring */
	u64 rx_queue_full;		/* RX ring had no room */

	/* Transmit path. */
	struct xsk_ring *tx ____cacheline_aligned_in_smp;
	struct list_head tx_list;	/* on pool->tx_socks, under RCU */
	u32 tx_budget;			/* XDP_MAX_TX_SKB_BUDGET */

	/* Control path. */
	struct mutex mutex;		/* setup, bind, copy-mode transmit */
	struct xdp_umem *umem;
	/* FILL and COMPLETION rings before bind hands them to the pool. */
	struct xsk_ring *fq_tmp;
	struct xsk_ring *cq_tmp;
	spinlock_t map_lock;		/* protects map_list */
	struct list_head map_list;	/* XSKMAP slots that point here */
};

static inline struct xdp_sock *xdp_sk(struct sock *sk)
{
	return (struct xdp_sock *)sk;
}

#ifdef CONFIG_XDP_SOCKETS

int xsk_generic_rcv(struct xdp_sock *xs, struct xdp_buff *xdp);
int __xsk_map_redirect(struct xdp_sock *xs, struct xdp_buff *xdp);
void __xsk_map_flush(void);

#else

static inline int xsk_generic_rcv(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	return -ENOTSUPP;
}

static inline int __xsk_map_redirect(struct xdp_sock *xs,
				     struct xdp_buff *xdp)
{
	return -EOPNOTSUPP;
}

static inline void __xsk_map_flush(void)
{
}

#endif /* CONFIG_XDP_SOCKETS */

#endif /* _LINUX_XDP_SOCK_H */
