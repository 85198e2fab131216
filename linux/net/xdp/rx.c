// SPDX-License-Identifier: GPL-2.0
/* AF_XDP receive: frames that an XDP program redirects into an XSKMAP slot
 * land on the RX ring of the socket there.
 *
 *  - zero-copy: the frame already sits in a UMEM buffer (the driver took
 *    it from the pool); its descriptor goes on the RX ring;
 *  - copy mode: the frame is copied into the next buffer of the FILL ring.
 *
 * Driver mode (XDP in the driver's NAPI poll, or where tun and
 * BPF_PROG_TEST_RUN run it) collects the sockets it touched on a per-CPU
 * list and publishes their rings once, when xdp_do_flush() is called at
 * the end of the batch; copy mode writes the rings under the pool's
 * rx_lock, zero copy in the NAPI poll, and the flush takes the lock for
 * either.  Generic mode (XDP on an skb, possibly on several CPUs at once
 * for one queue) serialises on the pool and publishes every frame.
 */

#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <net/busy_poll.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

static DEFINE_PER_CPU(struct list_head, xsk_flush_list);

void __init xsk_rx_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		INIT_LIST_HEAD(per_cpu_ptr(&xsk_flush_list, cpu));
}

/* A socket bound without an RX ring may sit in an XSKMAP (6.1 accepts it
 * there), so a frame redirected to it is dropped and counted, under the
 * serialisation of the path that writes the ring (the NAPI poll in zero
 * copy, else the pool's rx_lock).  The caller answers -EINVAL, not
 * -ENOBUFS: a zero-copy driver takes that as "the RX ring is full, wait
 * for user space", which would never come.
 */
static bool xsk_rx_none(struct xdp_sock *xs)
{
	if (likely(xs->rx))
		return false;
	xs->rx_dropped++;
	return true;
}

/* Room on the RX ring of a zero-copy socket.  With need_wakeup the driver
 * keeps a frame the full ring refuses and waits for a kick, so this is W1
 * of ring.h's contract: the FILL ring's flag goes up, then the consumer
 * index is looked at once more.  Room user space makes meanwhile is either
 * seen here or it finds the flag up and kicks.
 */
static bool xsk_rx_room_zc(struct xdp_sock *xs)
{
	if (likely(xsk_prod_room(xs->rx)))
		return true;
	if (!xsk_uses_need_wakeup(xs->pool))
		return false;
	xsk_set_rx_need_wakeup(xs->pool);
	return xsk_prod_room(xs->rx);
}

static int xsk_rcv_zc(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *b = xsk_buff_of(xdp);
	struct xsk_buff_pool *pool = xs->pool;
	u32 offset = xdp->data - xdp->data_hard_start + pool->headroom;

	if (xsk_rx_none(xs))
		return -EINVAL;
	if (unlikely(!xsk_rx_room_zc(xs))) {
		xs->rx_queue_full++;
		return -ENOBUFS;
	}
	xsk_prod_write_desc(xs->rx, xsk_pool_rx_addr(pool, b->addr, offset),
			    xdp->data_end - xdp->data);
	xsk_pool_put_spare(pool, b);
	return 0;
}

/* Metadata in front of the frame (bpf_xdp_adjust_meta()) travels with it. */
static int xsk_rcv_copy(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	struct xsk_buff_pool *pool = xs->pool;
	u32 offset = pool->headroom + XDP_PACKET_HEADROOM;
	u32 len = xdp->data_end - xdp->data;
	u32 meta = 0;
	u64 addr;

	if (xsk_rx_none(xs))
		return -EINVAL;
	if (!xdp_data_meta_unsupported(xdp))
		meta = xdp->data - xdp->data_meta;
	if (unlikely(len > xsk_pool_get_rx_frame_size(pool))) {
		xs->rx_dropped++;
		return -ENOSPC;
	}
	if (unlikely(!xsk_prod_room(xs->rx))) {
		xs->rx_queue_full++;
		return -ENOBUFS;
	}
	if (unlikely(!xsk_pool_fill_take(pool, &addr))) {
		xs->rx_dropped++;
		return -ENOMEM;
	}
	memcpy(pool->addrs + addr + offset - meta, xdp->data - meta,
	       len + meta);
	xsk_prod_write_desc(xs->rx, xsk_pool_rx_addr(pool, addr, offset), len);
	return 0;
}

/* The frame is for xs if xs is bound to the queue it came in on:
 * -ENXIO while it is not bound, -EINVAL for another queue.
 */
static int xsk_rcv_check(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	const struct xdp_rxq_info *rxq = xdp->rxq;

	if (!xsk_bound(xs))
		return -ENXIO;
	if (xs->queue_id != rxq->queue_index || xs->dev != rxq->dev)
		return -EINVAL;
	sk_mark_napi_id_once_xdp(&xs->sk, xdp);
	return 0;
}

/* Publish what was received: FILL entries taken, RX entries, wake up. */
static void xsk_flush(struct xdp_sock *xs)
{
	xsk_cons_release(xs->pool->fq);
	xsk_prod_submit(xs->rx);
	xs->sk.sk_data_ready(&xs->sk);
}

int xsk_generic_rcv(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	int err;

	err = xsk_rcv_check(xs, xdp);
	if (err)
		return err;
	spin_lock_bh(&xs->pool->rx_lock);
	err = xsk_rcv_copy(xs, xdp);
	if (!err)
		xsk_flush(xs);
	spin_unlock_bh(&xs->pool->rx_lock);
	return err;
}

/* A socket that took a frame in driver mode is published at the end of
 * the batch, by xdp_do_flush() on this CPU.
 */
static void xsk_flush_later(struct xdp_sock *xs)
{
	if (list_empty(&xs->flush_node))
		list_add(&xs->flush_node, this_cpu_ptr(&xsk_flush_list));
}

/* Not every driver-mode entrance is the NAPI poll of the queue: tun runs
 * the program in each writer's context (two threads writing one queue
 * redirect into one socket at once), and BPF_PROG_TEST_RUN with live
 * frames in each caller's.  A copy-mode socket's rings, and its place on
 * a CPU's flush list, are therefore written under the pool's rx_lock, as
 * in generic mode; every such path runs with bottom halves off.  A frame
 * taken here may wait for another CPU's flush of the socket.  Zero-copy
 * frames come from their driver's NAPI poll only.
 * A cpumap program runs on another CPU's kthread, with an rxq of its own
 * that no driver registered (queue 0 for any frame): its frames are not
 * the queue's.
 */
static int xsk_rcv_drv_copy(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	int err;

	if (unlikely(!xdp_rxq_info_is_reg(xdp->rxq)))
		return -EOPNOTSUPP;
	spin_lock(&xs->pool->rx_lock);
	err = xsk_rcv_copy(xs, xdp);
	if (!err)
		xsk_flush_later(xs);
	spin_unlock(&xs->pool->rx_lock);
	if (!err)
		xdp_return_buff(xdp);
	return err;
}

int __xsk_map_redirect(struct xdp_sock *xs, struct xdp_buff *xdp)
{
	int err;

	err = xsk_rcv_check(xs, xdp);
	if (err)
		return err;
	if (xdp->rxq->mem.type != MEM_TYPE_XSK_BUFF_POOL)
		return xsk_rcv_drv_copy(xs, xdp);
	err = xsk_rcv_zc(xs, xdp);
	if (!err)
		xsk_flush_later(xs);
	return err;
}

void __xsk_map_flush(void)
{
	struct list_head *list = this_cpu_ptr(&xsk_flush_list);
	struct xdp_sock *xs, *tmp;

	list_for_each_entry_safe(xs, tmp, list, flush_node) {
		spin_lock(&xs->pool->rx_lock);
		xsk_flush(xs);
		list_del_init(&xs->flush_node);
		spin_unlock(&xs->pool->rx_lock);
	}
}
