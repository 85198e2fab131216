// SPDX-License-Identifier: GPL-2.0
/* AF_XDP transmit.
 *
 * Zero-copy: the driver takes descriptors from the TX rings of the sockets
 * on its pool (xsk_tx_peek_desc(), or xsk_tx_peek_release_desc_batch() for
 * a pool with one transmitting socket), sends straight out of the UMEM and
 * reports finished frames with xsk_tx_completed().  The COMPLETION slot of
 * a descriptor is written when the descriptor is taken, and published on
 * completion; a descriptor is taken only while the COMPLETION ring has a
 * slot for it, which is how a full COMPLETION ring holds transmit back.
 *
 * Copy mode: sendto() or poll() copies frames into skbs and sends them on
 * the bound queue, a batch at a time under one transmit lock.  Each frame
 * has a COMPLETION slot reserved before its descriptor is taken, and the
 * skb's destructor fills the slot when the frame is gone.  A call answers
 * as 6.1's does, which applications loop on: it sends at most the socket's
 * budget of frames (XSK_TX_BUDGET_MIN unless XDP_MAX_TX_SKB_BUDGET says
 * more) and returns -EAGAIN if a valid descriptor is still waiting then;
 * it returns 0 when the TX ring runs dry, and also when the COMPLETION ring
 * is full, leaving the rest on the TX ring until user space reaps it.
 * Invalid descriptors are skipped and cost no budget, but no call takes or
 * skips more than a ring's worth of descriptors: one that reaches that
 * bound before the budget returns 0, as for a dry ring (6.1 has no bound:
 * a producer index written far ahead has its call walk up to 2^32
 * invalid descriptors).  A socket bound to a queue id the device
 * receives on but has no transmit queue for gets -ENXIO and sends nothing.
 */

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

/* Copy-mode frames built and sent under one transmit lock; how many one
 * call sends in all is the socket's budget.
 */
#define XSK_TX_BATCH	32

/* POLLOUT: at least half the TX ring is free. */
bool xsk_tx_writeable(struct xdp_sock *xs)
{
	return xsk_cons_pending(xs->tx) <= xsk_ring_entries(xs->tx) / 2;
}

/* The next valid descriptor of the TX ring, left on the ring; invalid ones
 * on the way are consumed and counted, and so is finding the ring empty.
 * At most skip invalid ones are consumed: the caller's bound (ring.h,
 * xsk_cons_left()).  Reaching it is not an empty ring: false, uncounted,
 * and the invalid entry there stays for the next call.
 */
static bool xsk_tx_next(struct xdp_sock *xs, struct xdp_desc *d, u32 skip)
{
	struct xsk_ring *tx = xs->tx;

	while (xsk_cons_peek(tx, 1)) {
		xsk_cons_read_desc(tx, tx->cached_cons, d);
		if (xsk_pool_desc_valid(xs->pool, d))
			return true;
		if (!skip--)
			return false;
		tx->invalid_descs++;
		tx->cached_cons++;
	}
	tx->empty_descs++;
	return false;
}

/* --- zero-copy --- */

/**
 * xsk_tx_completed - report transmitted frames
 * @pool: the pool
 * @nb_entries: how many descriptors, in the order they were peeked
 *
 * Their addresses go onto the COMPLETION ring, published in one go.
 */
void xsk_tx_completed(struct xsk_buff_pool *pool, u32 nb_entries)
{
	xsk_prod_submit_n(pool->cq, nb_entries);
}
EXPORT_SYMBOL(xsk_tx_completed);

/**
 * xsk_tx_peek_desc - take the next valid descriptor to transmit
 * @pool: the pool
 * @desc: where to copy it
 *
 * Invalid descriptors are skipped and counted in tx_invalid_descs, at most
 * a ring's worth of them per call and per socket: a call that skips that
 * many returns false, as on an empty ring.  The COMPLETION ring must have
 * room for the frame: the descriptor is only taken when it has.
 *
 * Return: true if @desc holds a descriptor.
 */
bool xsk_tx_peek_desc(struct xsk_buff_pool *pool, struct xdp_desc *desc)
{
	struct xdp_sock *xs;
	bool found = false;

	rcu_read_lock();
	list_for_each_entry_rcu(xs, &pool->tx_socks, tx_list) {
		if (!xsk_tx_next(xs, desc, xsk_ring_entries(xs->tx)))
			continue;
		if (xsk_prod_room(pool->cq)) {
			xsk_prod_write_addr(pool->cq, desc->addr);
			xs->tx->cached_cons++;
			found = true;
		}
		break;
	}
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL(xsk_tx_peek_desc);

/**
 * xsk_tx_release - publish what xsk_tx_peek_desc() consumed
 * @pool: the pool
 *
 * Releases the TX ring entries read so far, so user space can reuse them,
 * and wakes writers waiting for room.
 */
void xsk_tx_release(struct xsk_buff_pool *pool)
{
	struct xdp_sock *xs;

	rcu_read_lock();
	list_for_each_entry_rcu(xs, &pool->tx_socks, tx_list) {
		xsk_cons_release(xs->tx);
		xs->sk.sk_write_space(&xs->sk);
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL(xsk_tx_release);

/* Several transmitting sockets: one descriptor at a time, each from the
 * first socket on the list (the one bound last) that has one.  No round
 * robin: a socket sends only while those before it have nothing queued.
 */
static u32 xsk_tx_peek_each(struct xsk_buff_pool *pool, u32 max)
{
	u32 n = 0;

	while (n < max && xsk_tx_peek_desc(pool, &pool->tx_descs[n]))
		n++;
	xsk_tx_release(pool);
	return n;
}

/**
 * xsk_tx_peek_release_desc_batch - take up to @max descriptors at once
 * @pool: the pool
 * @max: room in the driver's ring
 *
 * Valid descriptors are copied to @pool->tx_descs, invalid ones skipped and
 * counted, and the TX ring entries released.  No more are taken than the
 * COMPLETION ring has room for, and no more than a ring's worth of entries
 * are taken or skipped in all: a TX ring of invalid descriptors costs a
 * call one ring, however far ahead user space wrote its producer index.
 *
 * Return: how many descriptors @pool->tx_descs holds.
 */
u32 xsk_tx_peek_release_desc_batch(struct xsk_buff_pool *pool, u32 max)
{
	struct xdp_desc *d = pool->tx_descs;
	u32 n = 0, ready, start, left;
	struct xsk_ring *tx;
	struct xdp_sock *xs;

	max = min(max, pool->tx_descs_cnt);
	rcu_read_lock();
	xs = list_first_or_null_rcu(&pool->tx_socks, struct xdp_sock, tx_list);
	if (!xs) {
		rcu_read_unlock();
		return 0;
	}
	if (!list_is_singular(&pool->tx_socks)) {
		rcu_read_unlock();
		return xsk_tx_peek_each(pool, max);
	}
	tx = xs->tx;
	start = tx->cached_cons;
	max = min(max, xsk_prod_room(pool->cq));
	while (n < max && (left = xsk_cons_left(tx, start))) {
		ready = xsk_cons_peek(tx, min(max - n, left));
		if (!ready)
			break;
		while (ready--) {
			xsk_cons_read_desc(tx, tx->cached_cons++, &d[n]);
			if (!xsk_pool_desc_valid(pool, &d[n])) {
				tx->invalid_descs++;
				continue;
			}
			xsk_prod_write_addr(pool->cq, d[n++].addr);
		}
	}
	/* The bound reached is not an empty ring. */
	if (!n && xsk_cons_left(tx, start))
		tx->empty_descs++;
	xsk_cons_release(tx);
	xs->sk.sk_write_space(&xs->sk);
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL(xsk_tx_peek_release_desc_batch);

/* --- copy mode --- */

static void xsk_skb_destructor(struct sk_buff *skb)
{
	u64 addr = (uintptr_t)skb_shinfo(skb)->destructor_arg;
	struct xsk_buff_pool *pool = xdp_sk(skb->sk)->pool;
	unsigned long flags;

	spin_lock_irqsave(&pool->cq_lock, flags);
	xsk_prod_submit_addr(pool->cq, addr);
	spin_unlock_irqrestore(&pool->cq_lock, flags);
	sock_wfree(skb);
}

/* On failure *err says why: -EAGAIN while the socket's send buffer is
 * full.  sock_alloc_send_skb() writes its error code even when it
 * succeeds, so it gets one of its own.
 */
static struct sk_buff *xsk_tx_skb(struct xdp_sock *xs,
				  const struct xdp_desc *d, int *err)
{
	struct net_device *dev = xs->dev;
	u32 hr = max(NET_SKB_PAD, L1_CACHE_ALIGN(dev->needed_headroom));
	struct sk_buff *skb;
	int alloc_err;

	skb = sock_alloc_send_skb(&xs->sk, hr + d->len + dev->needed_tailroom,
				  1, &alloc_err);
	if (unlikely(!skb)) {
		*err = alloc_err;
		return NULL;
	}
	skb_reserve(skb, hr);
	skb_put_data(skb, xsk_buff_raw_get_data(xs->pool, d->addr), d->len);
	skb->dev = dev;
	skb->priority = xs->sk.sk_priority;
	skb->mark = xs->sk.sk_mark;
	skb_set_queue_mapping(skb, xs->queue_id);
	skb_shinfo(skb)->destructor_arg = (void *)(uintptr_t)d->addr;
	skb->destructor = xsk_skb_destructor;
	return skb;
}

/* Reserve up to n COMPLETION slots; returns how many. */
static u32 xsk_cq_reserve(struct xsk_buff_pool *pool, u32 n)
{
	spin_lock_irq(&pool->cq_lock);
	n = min(n, xsk_prod_room(pool->cq));
	pool->cq->cached_prod += n;
	spin_unlock_irq(&pool->cq_lock);
	return n;
}

static void xsk_cq_cancel(struct xsk_buff_pool *pool, u32 n)
{
	spin_lock_irq(&pool->cq_lock);
	pool->cq->cached_prod -= n;
	spin_unlock_irq(&pool->cq_lock);
}

/* Send skbs[0..n) on the socket's queue; returns how many the driver took
 * (sent or dropped: either way their destructors complete them).  A busy
 * driver leaves the rest to the caller, and so does a dropped frame, with
 * -EBUSY, as 6.1 stops at the first drop; a device without carrier has the
 * first frame dropped and counted here.  The frames before a drop went to
 * the driver with xmit_more set: a driver that defers its doorbell for
 * them and then returns NET_XMIT_DROP leaves them for the next call; the
 * Ethernet drivers of 6.1 that return it (prestera, cxgb4, cpsw) do not
 * look at xmit_more.
 */
static u32 xsk_tx_xmit(struct xdp_sock *xs, struct sk_buff **skbs, u32 n,
		       int *err)
{
	struct net_device *dev = xs->dev;
	struct netdev_queue *txq = netdev_get_tx_queue(dev, xs->queue_id);
	netdev_tx_t rc;
	u32 i = 0;

	if (unlikely(!netif_running(dev) || !netif_carrier_ok(dev))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skbs[0]);
		*err = -EBUSY;
		return 1;
	}
	local_bh_disable();
	dev_xmit_recursion_inc();
	HARD_TX_LOCK(dev, txq, smp_processor_id());
	while (i < n && !netif_xmit_frozen_or_drv_stopped(txq)) {
		rc = netdev_start_xmit(skbs[i], dev, txq, i + 1 < n);
		if (!dev_xmit_complete(rc))
			break;
		i++;
		if (rc != NETDEV_TX_OK && rc != NET_XMIT_CN) {
			*err = -EBUSY;
			break;
		}
	}
	HARD_TX_UNLOCK(dev, txq);
	dev_xmit_recursion_dec();
	local_bh_enable();
	return i;
}

/* One batch of at most max frames out of at most left descriptors:
 * descriptors, COMPLETION slots, skbs, transmit.  Returns how many
 * descriptors it consumed, sent or skipped as invalid, with the frames
 * among them in *sent; *err says why it stopped short.  A full COMPLETION
 * ring stops it at the next valid descriptor with no error, as 6.1 stops
 * there.
 *
 * The ring is looked at once, before anything is taken from it: a refresh
 * publishes the consumer index (xsk_cons_peek()), which must not cover
 * descriptors that a busy driver makes this batch leave on the ring.  What
 * is consumed thus goes back to user space at the next refresh, as in 6.1,
 * not per batch; and an empty ring is counted whether or not COMPLETION
 * has room.  All the cached entries up to left are looked at, since
 * invalid ones do not count against max.
 */
static u32 xsk_tx_batch(struct xdp_sock *xs, u32 max, u32 left, u32 *sent,
			int *err)
{
	struct sk_buff *skbs[XSK_TX_BATCH];
	struct xsk_buff_pool *pool = xs->pool;
	struct xsk_ring *tx = xs->tx;
	u32 start = tx->cached_cons;
	u32 ready, slots, n = 0, i;
	u32 idx[XSK_TX_BATCH];
	struct xdp_desc d;

	*sent = 0;
	ready = xsk_cons_peek(tx, left);
	if (!ready) {
		tx->empty_descs++;
		return 0;
	}
	slots = xsk_cq_reserve(pool, min(ready, max));
	for (; ready; ready--) {
		xsk_cons_read_desc(tx, tx->cached_cons, &d);
		if (!xsk_pool_desc_valid(pool, &d)) {
			tx->invalid_descs++;
			tx->cached_cons++;
			continue;
		}
		if (n == slots)
			break;
		skbs[n] = xsk_tx_skb(xs, &d, err);
		if (!skbs[n])
			break;
		idx[n++] = tx->cached_cons++;
	}
	*sent = n ? xsk_tx_xmit(xs, skbs, n, err) : 0;
	if (*sent < n) {
		/* Those frames stay on the TX ring: -EAGAIN for a busy driver,
		 * -EBUSY after a drop.
		 */
		for (i = *sent; i < n; i++) {
			skbs[i]->destructor = sock_wfree;
			consume_skb(skbs[i]);
		}
		/* So do the invalid ones among them, uncounted again: the
		 * next batch skips and counts them.
		 */
		tx->invalid_descs -= tx->cached_cons - idx[*sent] - (n - *sent);
		tx->cached_cons = idx[*sent];
		if (!*err)
			*err = -EAGAIN;
	}
	xsk_cq_cancel(pool, slots - *sent);
	return tx->cached_cons - start;
}

/* One call takes or skips at most a ring's worth of descriptors (ring.h,
 * xsk_cons_left()); the look for one still waiting may skip no more.
 */
static int xsk_tx_copy(struct xdp_sock *xs)
{
	u32 budget = READ_ONCE(xs->tx_budget), done, sent, start;
	struct xsk_ring *tx = xs->tx;
	struct xdp_desc d;
	int err = 0;

	lockdep_assert_held(&xs->mutex);
	/* A device that is down leaves the frames where they are. */
	if (unlikely(!(READ_ONCE(xs->dev->flags) & IFF_UP)))
		return -ENETDOWN;
	/* A queue that receives but has no transmit queue of its number. */
	if (unlikely(xs->queue_id >= xs->dev->real_num_tx_queues))
		return -ENXIO;
	start = tx->cached_cons;
	do {
		done = xsk_tx_batch(xs, min_t(u32, budget, XSK_TX_BATCH),
				    xsk_cons_left(tx, start), &sent, &err);
		budget -= sent;
	} while (done && budget && !err && xsk_cons_left(tx, start));
	/* The budget is spent: "call again" only if a frame is waiting. */
	if (!budget && !err &&
	    xsk_tx_next(xs, &d, xsk_cons_left(tx, start)))
		err = -EAGAIN;
	xs->sk.sk_write_space(&xs->sk);
	return err;
}

/* sendto() and poll(): get transmit going. */
int xsk_tx_kick(struct xdp_sock *xs)
{
	int err = -ENXIO;

	if (xs->zc)
		return READ_ONCE(xs->pool->cached_need_wakeup) & XDP_WAKEUP_TX ?
		       xsk_wakeup(xs, XDP_WAKEUP_TX) : 0;
	mutex_lock(&xs->mutex);
	if (xsk_bound(xs))
		err = xsk_tx_copy(xs);
	mutex_unlock(&xs->mutex);
	return err;
}
