// SPDX-License-Identifier: GPL-2.0
/* AF_XDP sockets: the PF_XDP family and its control path: creation,
 * rings and UMEM through setsockopt(), mmap(), statistics and options,
 * poll(), sendmsg()/recvmsg() as wakeups, and close; bind() is bind.c's.
 * Locking as xsk.h orders it.
 */

#include <linux/init.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/vmalloc.h>
#include <net/busy_poll.h>
#include <net/net_namespace.h>
#include <net/netns/xdp.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

/* Sizes of structs older binaries pass: their last field came later. */
#define XSK_UMEM_REG_V1		offsetof(struct xdp_umem_reg, flags)
#define XSK_STATS_V1		offsetof(struct xdp_statistics, rx_ring_full)

/* struct xdp_ring_offset before the flags field */
struct xsk_ring_offset_v1 {
	u64 producer;
	u64 consumer;
	u64 desc;
};

static struct proto xsk_proto = {
	.name =		"XDP",
	.owner =	THIS_MODULE,
	.obj_size =	sizeof(struct xdp_sock),
};

static const struct proto_ops xsk_proto_ops;

/* --- setsockopt() --- */

static struct xsk_ring **xsk_ring_slot(struct xdp_sock *xs, int optname)
{
	switch (optname) {
	case XDP_RX_RING:
		return &xs->rx;
	case XDP_TX_RING:
		return &xs->tx;
	case XDP_UMEM_FILL_RING:
		return &xs->fq_tmp;
	default:
		return &xs->cq_tmp;
	}
}

static int xsk_set_ring(struct xdp_sock *xs, int optname, sockptr_t optval,
			unsigned int optlen)
{
	bool umem_ring = optname == XDP_UMEM_FILL_RING ||
			 optname == XDP_UMEM_COMPLETION_RING;
	struct xsk_ring **slot = xsk_ring_slot(xs, optname);
	struct xsk_ring *q;
	u32 entries;
	int err = 0;

	if (optlen < sizeof(entries))
		return -EINVAL;
	if (copy_from_sockptr(&entries, optval, sizeof(entries)))
		return -EFAULT;

	mutex_lock(&xs->mutex);
	if (xs->state != XSK_READY)
		err = -EBUSY;
	else if (*slot || !is_power_of_2(entries))
		err = -EINVAL;
	if (err)
		goto out;
	q = xsk_ring_create(entries, umem_ring);
	if (!q) {
		err = -ENOMEM;
		goto out;
	}
	/* The first transmit always needs a kick (sendto() or poll()). */
	if (optname == XDP_TX_RING)
		xsk_ring_set_flags(q, XDP_RING_NEED_WAKEUP);
	/* Pairs with smp_load_acquire() in xsk_mmap(), xsk_set_tx_budget(). */
	smp_store_release(slot, q);
out:
	mutex_unlock(&xs->mutex);
	return err;
}

static int xsk_set_umem(struct xdp_sock *xs, sockptr_t optval,
			unsigned int optlen)
{
	struct xdp_umem_reg mr = {};
	struct xdp_umem *umem;
	int err = 0;

	if (optlen < XSK_UMEM_REG_V1)
		return -EINVAL;
	if (copy_from_sockptr(&mr, optval, optlen < sizeof(mr) ?
			      XSK_UMEM_REG_V1 : sizeof(mr)))
		return -EFAULT;

	mutex_lock(&xs->mutex);
	if (xs->state != XSK_READY || xs->umem) {
		err = -EBUSY;
	} else {
		umem = xsk_umem_create(&mr);
		if (IS_ERR(umem))
			err = PTR_ERR(umem);
		else
			WRITE_ONCE(xs->umem, umem);
	}
	mutex_unlock(&xs->mutex);
	return err;
}

/* XDP_MAX_TX_SKB_BUDGET, as upstream defines it: an unsigned int from
 * XSK_TX_BUDGET_MIN to the TX ring's size, at any time once the socket has
 * a TX ring; EACCES otherwise, EINVAL for any other optlen.
 */
static int xsk_set_tx_budget(struct xdp_sock *xs, sockptr_t optval,
			     unsigned int optlen)
{
	/* Pairs with smp_store_release() in xsk_set_ring(). */
	struct xsk_ring *tx = smp_load_acquire(&xs->tx);
	u32 budget;

	if (optlen != sizeof(budget))
		return -EINVAL;
	if (copy_from_sockptr(&budget, optval, sizeof(budget)))
		return -EFAULT;
	if (!tx || budget < XSK_TX_BUDGET_MIN ||
	    budget > xsk_ring_entries(tx))
		return -EACCES;
	/* Read once per call by copy-mode transmit, under xs->mutex. */
	WRITE_ONCE(xs->tx_budget, budget);
	return 0;
}

static int xsk_setsockopt(struct socket *sock, int level, int optname,
			  sockptr_t optval, unsigned int optlen)
{
	struct xdp_sock *xs = xdp_sk(sock->sk);

	if (level != SOL_XDP)
		return -ENOPROTOOPT;
	switch (optname) {
	case XDP_RX_RING:
	case XDP_TX_RING:
	case XDP_UMEM_FILL_RING:
	case XDP_UMEM_COMPLETION_RING:
		return xsk_set_ring(xs, optname, optval, optlen);
	case XDP_UMEM_REG:
		return xsk_set_umem(xs, optval, optlen);
	case XDP_MAX_TX_SKB_BUDGET:
		return xsk_set_tx_budget(xs, optval, optlen);
	}
	return -ENOPROTOOPT;
}

/* --- getsockopt() --- */

/* What an option's value is built in before it is copied out. */
union xsk_opt_val {
	struct xdp_statistics st;
	struct xdp_mmap_offsets off;
	struct xsk_ring_offset_v1 off_v1[4];
	struct xdp_options opts;
};

/* Each getter fills *v and returns how many bytes of it to copy out, or
 * -EINVAL when user space has room for less than the oldest layout.
 */
static int xsk_get_statistics(struct xdp_sock *xs, union xsk_opt_val *v,
			      int len)
{
	if (len < XSK_STATS_V1)
		return -EINVAL;
	mutex_lock(&xs->mutex);
	xsk_get_stats(xs, &v->st);
	mutex_unlock(&xs->mutex);
	if (len >= sizeof(v->st))
		return sizeof(v->st);
	/* The older struct has no rx_ring_full: those drops count here. */
	v->st.rx_dropped += v->st.rx_ring_full;
	return XSK_STATS_V1;
}

static void xsk_ring_offsets(struct xdp_ring_offset *off)
{
	off->producer = offsetof(struct xsk_ring_shared, producer);
	off->consumer = offsetof(struct xsk_ring_shared, consumer);
	off->desc = offsetof(struct xsk_ring_shared, entries);
	off->flags = offsetof(struct xsk_ring_shared, flags);
}

static int xsk_get_mmap_offsets(union xsk_opt_val *v, int len)
{
	struct xdp_ring_offset ring;
	int i;

	if (len < sizeof(v->off_v1))
		return -EINVAL;
	/* All four rings share one layout. */
	xsk_ring_offsets(&ring);
	if (len >= sizeof(v->off)) {
		v->off.rx = ring;
		v->off.tx = ring;
		v->off.fr = ring;
		v->off.cr = ring;
		return sizeof(v->off);
	}
	for (i = 0; i < ARRAY_SIZE(v->off_v1); i++) {
		v->off_v1[i].producer = ring.producer;
		v->off_v1[i].consumer = ring.consumer;
		v->off_v1[i].desc = ring.desc;
	}
	return sizeof(v->off_v1);
}

static int xsk_get_options(struct xdp_sock *xs, union xsk_opt_val *v,
			   int len)
{
	if (len < sizeof(v->opts))
		return -EINVAL;
	mutex_lock(&xs->mutex);
	v->opts.flags = xs->zc ? XDP_OPTIONS_ZEROCOPY : 0;
	mutex_unlock(&xs->mutex);
	return sizeof(v->opts);
}

static int xsk_getsockopt(struct socket *sock, int level, int optname,
			  char __user *optval, int __user *optlen)
{
	struct xdp_sock *xs = xdp_sk(sock->sk);
	union xsk_opt_val v = {};
	int len, size;

	if (level != SOL_XDP)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		size = -EINVAL;
	else if (optname == XDP_STATISTICS)
		size = xsk_get_statistics(xs, &v, len);
	else if (optname == XDP_MMAP_OFFSETS)
		size = xsk_get_mmap_offsets(&v, len);
	else if (optname == XDP_OPTIONS)
		size = xsk_get_options(xs, &v, len);
	else
		size = -EOPNOTSUPP;
	if (size < 0)
		return size;
	if (copy_to_user(optval, &v, size) || put_user(size, optlen))
		return -EFAULT;
	return 0;
}

/* --- mmap() --- */

static int xsk_mmap(struct file *file, struct socket *sock,
		    struct vm_area_struct *vma)
{
	loff_t offset = (loff_t)vma->vm_pgoff << PAGE_SHIFT;
	unsigned long size = vma->vm_end - vma->vm_start;
	struct xdp_sock *xs = xdp_sk(sock->sk);
	struct xsk_ring **slot, *q;

	/* Rings are mapped before bind(), which hands FILL and COMPLETION
	 * over to the pool; xs->mutex cannot be taken under mmap_lock.
	 */
	if (READ_ONCE(xs->state) != XSK_READY)
		return -EBUSY;
	switch (offset) {
	case XDP_PGOFF_RX_RING:
		slot = &xs->rx;
		break;
	case XDP_PGOFF_TX_RING:
		slot = &xs->tx;
		break;
	case XDP_UMEM_PGOFF_FILL_RING:
		slot = &xs->fq_tmp;
		break;
	case XDP_UMEM_PGOFF_COMPLETION_RING:
		slot = &xs->cq_tmp;
		break;
	default:
		return -EINVAL;
	}
	/* Pairs with smp_store_release() in xsk_set_ring(). */
	q = smp_load_acquire(slot);
	if (!q || size > q->map_size)
		return -EINVAL;
	return remap_vmalloc_range(vma, q->shared, 0);
}

/* --- the data path seen from the socket --- */

/* A socket that prefers busy polling, and has a NAPI context to poll,
 * drives the queue itself: sendto() and recvmsg() wake nothing up.
 */
static bool xsk_no_wakeup(struct sock *sk)
{
	bool busy_polls = false;

#ifdef CONFIG_NET_RX_BUSY_POLL
	busy_polls = READ_ONCE(sk->sk_prefer_busy_poll) &&
		     READ_ONCE(sk->sk_ll_usec) &&
		     READ_ONCE(sk->sk_napi_id) >= MIN_NAPI_ID;
#endif
	return busy_polls;
}

static void xsk_busy_poll(struct xdp_sock *xs)
{
	struct sock *sk = &xs->sk;

	if (!sk_can_busy_loop(sk))
		return;
	if (xs->zc)
		__sk_mark_napi_id_once(sk, xs->pool->napi_id);
	sk_busy_loop(sk, 1);	/* non-blocking sockets only */
}

/* -ENXIO for an unbound socket, -ENETDOWN if its device is down. */
static int xsk_dev_check(struct xdp_sock *xs)
{
	bool up;

	rcu_read_lock();
	up = xsk_bound(xs) && (xs->dev->flags & IFF_UP);
	rcu_read_unlock();
	if (likely(up))
		return 0;
	return xsk_bound(xs) ? -ENETDOWN : -ENXIO;
}

/* The checks come in 6.1's order, which decides the errno when several
 * apply: an unbound socket, a device that is down, no MSG_DONTWAIT, no TX
 * ring; only then does a busy-polling socket skip the wakeup.
 */
static int xsk_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct xdp_sock *xs = xdp_sk(sock->sk);
	int err = xsk_dev_check(xs);

	if (unlikely(err))
		return err;
	if (unlikely(!(m->msg_flags & MSG_DONTWAIT)))
		return -EOPNOTSUPP;
	if (unlikely(!xs->tx))
		return -ENOBUFS;
	xsk_busy_poll(xs);
	if (xs->zc && xsk_no_wakeup(&xs->sk))
		return 0;
	return xsk_tx_kick(xs);
}

static int xsk_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
		       int flags)
{
	struct xdp_sock *xs = xdp_sk(sock->sk);
	int err = xsk_dev_check(xs);

	if (unlikely(err))
		return err;
	if (unlikely(!xs->rx))
		return -ENOBUFS;
	if (unlikely(!(flags & MSG_DONTWAIT)))
		return -EOPNOTSUPP;
	xsk_busy_poll(xs);
	if (xsk_no_wakeup(&xs->sk))
		return 0;
	if (xs->zc && (READ_ONCE(xs->pool->cached_need_wakeup) &
		       XDP_WAKEUP_RX))
		return xsk_wakeup(xs, XDP_WAKEUP_RX);
	return 0;
}

static __poll_t xsk_poll(struct file *file, struct socket *sock,
			 struct poll_table_struct *wait)
{
	struct xdp_sock *xs = xdp_sk(sock->sk);
	__poll_t mask = 0;
	u8 wake;

	sock_poll_wait(file, sock, wait);
	/* Unbound, or on a device that is down: no event, as in 6.1. */
	if (unlikely(xsk_dev_check(xs)))
		return 0;
	/* poll() drives the queue the way sendto() does. */
	if (xs->zc) {
		wake = READ_ONCE(xs->pool->cached_need_wakeup);
		if (wake)
			xsk_wakeup(xs, wake);
	} else if (xs->tx) {
		xsk_tx_kick(xs);
	}
	if (xs->rx && !xsk_prod_drained(xs->rx))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (xs->tx && xsk_tx_writeable(xs))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/* --- life and death --- */

static void xsk_destruct(struct sock *sk)
{
	struct xdp_sock *xs = xdp_sk(sk);

	if (sock_flag(sk, SOCK_DEAD) && xs->pool)
		xsk_pool_put(xs->pool);
}

static int __net_init xsk_net_init(struct net *net)
{
	INIT_HLIST_HEAD(&net->xdp.list);
	mutex_init(&net->xdp.lock);
	return 0;
}

static struct pernet_operations xsk_net_ops = {
	.init = xsk_net_init,
};

/* Every socket of a netns is on its list, for the notifier and sock_diag. */
static void xsk_net_link(struct sock *sk, bool add)
{
	struct net *net = sock_net(sk);

	mutex_lock(&net->xdp.lock);
	if (add)
		sk_add_node_rcu(sk, &net->xdp.list);
	else
		sk_del_node_init_rcu(sk);
	mutex_unlock(&net->xdp.lock);
	sock_prot_inuse_add(net, &xsk_proto, add ? 1 : -1);
}

/* socket(PF_XDP, SOCK_RAW, 0), for holders of CAP_NET_RAW only. */
static int xsk_create_check(struct net *net, int type, int protocol)
{
	if (!ns_capable(net->user_ns, CAP_NET_RAW))
		return -EPERM;
	if (type != SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	return protocol ? -EPROTONOSUPPORT : 0;
}

static int xsk_create(struct net *net, struct socket *sock, int protocol,
		      int kern)
{
	int err = xsk_create_check(net, sock->type, protocol);
	struct xdp_sock *xs;
	struct sock *sk;

	if (err)
		return err;
	sk = sk_alloc(net, PF_XDP, GFP_KERNEL, &xsk_proto, kern);
	if (!sk)
		return -ENOBUFS;
	sock_init_data(sock, sk);
	sock->ops = &xsk_proto_ops;
	sock->state = SS_UNCONNECTED;
	sk->sk_destruct = xsk_destruct;
	sock_set_flag(sk, SOCK_RCU_FREE);

	/* sk_alloc() zeroed the rest: state is XSK_READY, no rings. */
	xs = xdp_sk(sk);
	INIT_LIST_HEAD(&xs->tx_list);
	INIT_LIST_HEAD(&xs->flush_node);
	INIT_LIST_HEAD(&xs->map_list);
	spin_lock_init(&xs->map_lock);
	mutex_init(&xs->mutex);
	xs->tx_budget = XSK_TX_BUDGET_MIN;
	xsk_net_link(sk, true);
	return 0;
}

/* The rings a socket still owns: FILL and COMPLETION until bind() hands
 * them to the pool.
 */
static void xsk_free_rings(struct xdp_sock *xs)
{
	static const int opts[] = { XDP_RX_RING, XDP_TX_RING,
				    XDP_UMEM_FILL_RING,
				    XDP_UMEM_COMPLETION_RING };
	struct xsk_ring **slot;
	int i;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		slot = xsk_ring_slot(xs, opts[i]);
		xsk_ring_destroy(*slot);
		*slot = NULL;
	}
}

static int xsk_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct xdp_sock *xs;

	if (!sk)
		return 0;
	xs = xdp_sk(sk);
	xsk_map_remove_sock(xs);
	rtnl_lock();
	mutex_lock(&xs->mutex);
	xsk_unbind(xs);
	mutex_unlock(&xs->mutex);
	rtnl_unlock();
	/* Only now: until it is unbound, an unregistering device must find
	 * it on the list.
	 */
	xsk_net_link(sk, false);

	/* Nothing reaches the socket any more: its rings and UMEM can go. */
	xsk_free_rings(xs);
	if (xs->umem)
		xsk_umem_put(xs->umem);
	xs->umem = NULL;

	sock_orphan(sk);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

/* A socket bound to a device that goes away is unbound, with ENETDOWN in
 * sk_err (SO_ERROR) and an error report; it cannot be bound again.
 */
static void xsk_dev_gone(struct xdp_sock *xs, struct net_device *dev)
{
	bool was_on_dev;

	mutex_lock(&xs->mutex);
	was_on_dev = xs->dev == dev;
	if (was_on_dev)
		xsk_unbind(xs);
	mutex_unlock(&xs->mutex);
	if (!was_on_dev)
		return;
	xs->sk.sk_err = ENETDOWN;
	if (!sock_flag(&xs->sk, SOCK_DEAD))
		sk_error_report(&xs->sk);
}

static int xsk_notifier(struct notifier_block *nb, unsigned long msg,
			void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct net *net = dev_net(dev);
	struct sock *sk;

	if (msg == NETDEV_UNREGISTER) {
		mutex_lock(&net->xdp.lock);
		sk_for_each(sk, &net->xdp.list)
			xsk_dev_gone(xdp_sk(sk), dev);
		mutex_unlock(&net->xdp.lock);
	}
	return NOTIFY_DONE;
}

static struct notifier_block xsk_netdev_notifier = {
	.notifier_call	= xsk_notifier,
};

static const struct proto_ops xsk_proto_ops = {
	.family		= PF_XDP,
	.owner		= THIS_MODULE,
	/* What an AF_XDP socket does... */
	.bind		= xsk_bind,
	.setsockopt	= xsk_setsockopt,
	.getsockopt	= xsk_getsockopt,
	.mmap		= xsk_mmap,
	.poll		= xsk_poll,
	.sendmsg	= xsk_sendmsg,
	.recvmsg	= xsk_recvmsg,
	.release	= xsk_release,
	/* ...and what it does not. */
	.accept		= sock_no_accept,
	.connect	= sock_no_connect,
	.getname	= sock_no_getname,
	.ioctl		= sock_no_ioctl,
	.listen		= sock_no_listen,
	.sendpage	= sock_no_sendpage,
	.shutdown	= sock_no_shutdown,
	.socketpair	= sock_no_socketpair,
};

static const struct net_proto_family xsk_family_ops = {
	.owner	= THIS_MODULE,
	.family	= PF_XDP,
	.create	= xsk_create,
};

/* Sockets need their netns list and the notifier that walks it. */
static int __init xsk_net_register(void)
{
	int err = register_pernet_subsys(&xsk_net_ops);

	if (!err) {
		err = register_netdevice_notifier(&xsk_netdev_notifier);
		if (err)
			unregister_pernet_subsys(&xsk_net_ops);
	}
	return err;
}

static void __init xsk_net_unregister(void)
{
	unregister_netdevice_notifier(&xsk_netdev_notifier);
	unregister_pernet_subsys(&xsk_net_ops);
}

/* The family is registered last: from then on sockets can be made, and
 * everything they need is in place.
 */
static int __init xsk_init(void)
{
	int err = proto_register(&xsk_proto, 0);

	if (err)
		return err;
	err = xsk_net_register();
	if (!err) {
		xsk_rx_init();
		err = sock_register(&xsk_family_ops);
		if (!err)
			return 0;
		xsk_net_unregister();
	}
	proto_unregister(&xsk_proto);
	return err;
}

fs_initcall(xsk_init);
