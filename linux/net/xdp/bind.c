// SPDX-License-Identifier: GPL-2.0
/* AF_XDP bind(): a socket to a queue of a device, with a buffer pool of
 * its own or, with XDP_SHARED_UMEM, the UMEM of a bound socket: the same
 * pool on the same queue, a pool of its own on another one.  And unbind,
 * on close or when the device goes away.
 *
 * Locking as xsk.h orders it.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

/* The AF_XDP socket behind fd, referenced: sockfd_put() it when done. */
static struct socket *xsk_sock_from_fd(u32 fd)
{
	int unused;
	struct socket *sock = sockfd_lookup(fd, &unused);

	if (sock && sock->sk->sk_family == PF_XDP)
		return sock;
	if (sock)
		sockfd_put(sock);
	return ERR_PTR(sock ? -ENOPROTOOPT : -ENOTSOCK);
}

/* A pool of its own for xs on dev/queue_id, on the UMEM given. */
static int xsk_bind_pool(struct xdp_sock *xs, struct xdp_umem *umem,
			 struct net_device *dev, u32 queue_id, u16 flags)
{
	struct xsk_ring *sizer = xs->tx ? xs->tx : xs->fq_tmp;
	struct xsk_buff_pool *pool;
	int err;

	pool = xsk_pool_create(umem, xs->fq_tmp, xs->cq_tmp);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	err = xsk_pool_attach(pool, dev, queue_id, flags,
			      sizer ? xsk_ring_entries(sizer) : 0);
	if (err) {
		/* The rings stay with the socket, which may bind again. */
		xsk_pool_drop_umem(pool);
		pool->fq = NULL;
		pool->cq = NULL;
		xsk_pool_put(pool);
		return err;
	}
	xsk_pool_add_sock(pool, xs);
	xs->pool = pool;
	xs->fq_tmp = NULL;
	xs->cq_tmp = NULL;
	return 0;
}

/* XDP_SHARED_UMEM: the UMEM of the bound socket 'owner'. */
static int xsk_bind_shared(struct xdp_sock *xs, struct xdp_sock *owner,
			   struct net_device *dev, u32 queue_id)
{
	struct xsk_buff_pool *pool = owner->pool;
	u16 flags;

	if (owner->dev != dev || owner->queue_id != queue_id) {
		/* Another queue: a pool of its own, in the owner's mode, fed
		 * by FILL and COMPLETION rings of its own.
		 */
		if (!xs->fq_tmp || !xs->cq_tmp)
			return -EINVAL;
		flags = pool->zc ? XDP_ZEROCOPY : XDP_COPY;
		if (pool->uses_need_wakeup)
			flags |= XDP_USE_NEED_WAKEUP;
		return xsk_bind_pool(xs, owner->umem, dev, queue_id, flags);
	}
	/* The same queue: the same pool, FILL and COMPLETION included. */
	if (xs->fq_tmp || xs->cq_tmp)
		return -EINVAL;
	xsk_pool_add_sock(pool, xs);
	xsk_pool_get(pool);
	xs->pool = pool;
	return 0;
}

static int xsk_bind_to_fd(struct xdp_sock *xs,
			  const struct sockaddr_xdp *sxdp,
			  struct net_device *dev)
{
	struct xdp_sock *owner;
	struct socket *sock;
	int err;

	/* The mode and flags are the owner's; a UMEM of its own is wrong. */
	if (sxdp->sxdp_flags & (XDP_COPY | XDP_ZEROCOPY | XDP_USE_NEED_WAKEUP) ||
	    xs->umem)
		return -EINVAL;
	sock = xsk_sock_from_fd(sxdp->sxdp_shared_umem_fd);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	owner = xdp_sk(sock->sk);
	if (!xsk_bound(owner)) {
		err = -EBADF;
	} else {
		err = xsk_bind_shared(xs, owner, dev, sxdp->sxdp_queue_id);
		if (!err) {
			xsk_umem_get(owner->umem);
			WRITE_ONCE(xs->umem, owner->umem);
		}
	}
	sockfd_put(sock);
	return err;
}

/* What bind() refuses before it takes a lock.  A queue id is 32 bits in
 * sockaddr_xdp but 16 in the stack (6.1 drops the upper half and binds
 * another queue than the socket then reports): one past U16_MAX names no
 * queue of any device.
 */
static int xsk_bind_addr_check(const struct sock *sk,
			       const struct sockaddr_xdp *sxdp, int addr_len)
{
	const u16 known = XDP_SHARED_UMEM | XDP_COPY | XDP_ZEROCOPY |
			  XDP_USE_NEED_WAKEUP;
	int only_dev = READ_ONCE(sk->sk_bound_dev_if);

	if (addr_len < (int)sizeof(*sxdp) || sxdp->sxdp_family != AF_XDP ||
	    (sxdp->sxdp_flags & ~known) || sxdp->sxdp_queue_id > U16_MAX)
		return -EINVAL;
	/* After SO_BINDTODEVICE, that device only. */
	return only_dev && only_dev != sxdp->sxdp_ifindex ? -EINVAL : 0;
}

/* Bind xs to a queue of dev, which it keeps a reference to on success.
 * rtnl and xs->mutex held.
 */
static int xsk_bind_dev(struct xdp_sock *xs, const struct sockaddr_xdp *sxdp,
			struct net_device *dev)
{
	bool own_umem = !(sxdp->sxdp_flags & XDP_SHARED_UMEM);
	int err;

	/* Something to receive or send with; a UMEM of its own comes with
	 * both of its rings.
	 */
	if (!xs->rx && !xs->tx)
		return -EINVAL;
	if (own_umem && !(xs->umem && xs->fq_tmp && xs->cq_tmp))
		return -EINVAL;
	err = own_umem ? xsk_bind_pool(xs, xs->umem, dev, sxdp->sxdp_queue_id,
				       sxdp->sxdp_flags) :
			 xsk_bind_to_fd(xs, sxdp, dev);
	if (err)
		return err;
	xs->dev = dev;
	xs->queue_id = sxdp->sxdp_queue_id;
	xs->zc = xs->pool->zc;
	/* Pairs with smp_load_acquire() in xsk_bound(). */
	smp_store_release(&xs->state, XSK_BOUND);
	return 0;
}

int xsk_bind(struct socket *sock, struct sockaddr *addr, int addr_len)
{
	struct sockaddr_xdp *sxdp = (struct sockaddr_xdp *)addr;
	struct xdp_sock *xs = xdp_sk(sock->sk);
	struct net_device *dev;
	int err;

	err = xsk_bind_addr_check(sock->sk, sxdp, addr_len);
	if (err)
		return err;
	rtnl_lock();
	mutex_lock(&xs->mutex);
	err = -EBUSY;		/* bound already, or unbound for good */
	if (xs->state == XSK_READY) {
		dev = dev_get_by_index(sock_net(sock->sk), sxdp->sxdp_ifindex);
		err = dev ? xsk_bind_dev(xs, sxdp, dev) : -ENODEV;
		if (err && dev)
			dev_put(dev);
	}
	mutex_unlock(&xs->mutex);
	rtnl_unlock();
	return err;
}

/* Stop receiving and transmitting: on close, or when the device goes
 * away.  rtnl and xs->mutex held.  Readers that saw the socket bound (the
 * receive path, wakeups, drivers walking the transmit list) run under RCU
 * and are gone after synchronize_net(); the device reference goes last.
 */
void xsk_unbind(struct xdp_sock *xs)
{
	struct net_device *dev = xs->dev;

	if (xs->state != XSK_BOUND)
		return;
	WRITE_ONCE(xs->state, XSK_UNBOUND);
	xsk_pool_unlist_sock(xs->pool, xs);
	synchronize_net();
	xsk_pool_del_sock(xs->pool);
	xs->dev = NULL;
	dev_put(dev);
}
