// SPDX-License-Identifier: GPL-2.0
/* KUnit support for drivers' suites (<net/xsk_kunit.h>): a zero-copy
 * socket with a kernel UMEM on a queue of a stand-in net_device.
 */

#include <linux/etherdevice.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/netdevice.h>
#include <net/xdp.h>
#include <net/xsk_kunit.h>

#include "xsk.h"

static struct xsk_kunit_sock *xsk_kunit_of(struct net_device *dev)
{
	return *(struct xsk_kunit_sock **)netdev_priv(dev);
}

/* As a driver would: DMA-map the pool it is given, unmap it when not. */
static int xsk_kunit_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	struct xsk_kunit_sock *t = xsk_kunit_of(dev);

	if (bpf->command != XDP_SETUP_XSK_POOL)
		return -EOPNOTSUPP;
	if (!bpf->xsk.pool) {
		xsk_pool_dma_unmap(t->pool, 0);
		return 0;
	}
	t->pool = bpf->xsk.pool;
	return xsk_pool_dma_map(t->pool, t->dma_dev, 0);
}

static int xsk_kunit_wakeup(struct net_device *dev, u32 queue_id, u32 flags)
{
	struct xsk_kunit_sock *t = xsk_kunit_of(dev);

	if (flags & XDP_WAKEUP_RX)
		atomic_inc(&t->wakeups[0]);
	if (flags & XDP_WAKEUP_TX)
		atomic_inc(&t->wakeups[1]);
	return 0;
}

static netdev_tx_t xsk_kunit_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops xsk_kunit_netdev_ops = {
	.ndo_start_xmit	= xsk_kunit_xmit,
	.ndo_bpf	= xsk_kunit_bpf,
	.ndo_xsk_wakeup	= xsk_kunit_wakeup,
};

static void xsk_kunit_view(struct xsk_kunit_ring *v, struct xsk_ring *q)
{
	v->producer = &q->shared->producer;
	v->consumer = &q->shared->consumer;
	v->flags = &q->shared->flags;
	v->entries = q->entries;
	v->size = xsk_ring_entries(q);
}

static int xsk_kunit_setup_sock(struct xsk_kunit_sock *t, u16 queue_id,
				const struct xsk_kunit_cfg *cfg)
{
	static const int rings[] = { XDP_RX_RING, XDP_TX_RING,
				     XDP_UMEM_FILL_RING,
				     XDP_UMEM_COMPLETION_RING };
	struct xdp_umem_reg mr = {
		.len = (u64)cfg->chunks * cfg->chunk_size,
		.chunk_size = cfg->chunk_size,
		.headroom = cfg->headroom,
	};
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_flags = XDP_ZEROCOPY | cfg->bind_flags,
		.sxdp_ifindex = t->dev->ifindex,
		.sxdp_queue_id = queue_id,
	};
	u32 ring_size = cfg->ring_size;
	struct xdp_umem *umem;
	struct xdp_sock *xs;
	int err, i;

	err = sock_create_kern(dev_net(t->dev), PF_XDP, SOCK_RAW, 0, &t->sock);
	if (err)
		return err;
	xs = xdp_sk(t->sock->sk);
	umem = xsk_umem_create_kernel(&mr);
	if (IS_ERR(umem))
		return PTR_ERR(umem);
	WRITE_ONCE(xs->umem, umem);
	t->umem = umem->addrs;
	for (i = 0; i < ARRAY_SIZE(rings); i++) {
		err = t->sock->ops->setsockopt(t->sock, SOL_XDP, rings[i],
					       KERNEL_SOCKPTR(&ring_size),
					       sizeof(ring_size));
		if (err)
			return err;
	}
	err = kernel_bind(t->sock, (struct sockaddr *)&sxdp, sizeof(sxdp));
	if (err)
		return err;
	xsk_kunit_view(&t->rx, xs->rx);
	xsk_kunit_view(&t->tx, xs->tx);
	xsk_kunit_view(&t->fill, xs->pool->fq);
	xsk_kunit_view(&t->comp, xs->pool->cq);
	return 0;
}

/**
 * xsk_kunit_sock_create - a bound AF_XDP socket for a KUnit test
 * @t: filled in: the socket, its pool, a netdev of its own, the ring views
 * @queue_id: the queue of the netdev to bind to
 * @cfg: UMEM and ring sizes, bind flags
 *
 * Return: 0, or a negative errno of the step that failed.
 */
int xsk_kunit_sock_create(struct xsk_kunit_sock *t, u16 queue_id,
			  const struct xsk_kunit_cfg *cfg)
{
	struct file *file;
	int err;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->dma_dev = root_device_register("xsk_kunit");
	if (IS_ERR(t->dma_dev))
		return PTR_ERR(t->dma_dev);
	err = dma_coerce_mask_and_coherent(t->dma_dev, DMA_BIT_MASK(64));
	if (err)
		goto free_dma_dev;
	if (cfg->dma_ops)
		set_dma_ops(t->dma_dev, cfg->dma_ops);
	t->dev = alloc_etherdev_mqs(sizeof(t), queue_id + 1, queue_id + 1);
	if (!t->dev) {
		err = -ENOMEM;
		goto free_dma_dev;
	}
	*(struct xsk_kunit_sock **)netdev_priv(t->dev) = t;
	t->dev->netdev_ops = &xsk_kunit_netdev_ops;
	strscpy(t->dev->name, "xskkunit%d", IFNAMSIZ);
	err = register_netdev(t->dev);
	if (err)
		goto free_netdev;
	err = xsk_kunit_setup_sock(t, queue_id, cfg);
	if (err)
		goto release_sock;
	t->fd = get_unused_fd_flags(0);
	if (t->fd < 0) {
		err = t->fd;
		goto release_sock;
	}
	file = sock_alloc_file(t->sock, 0, NULL);	/* releases on error */
	if (IS_ERR(file)) {
		put_unused_fd(t->fd);
		err = PTR_ERR(file);
		goto unregister;
	}
	fd_install(t->fd, file);
	return 0;

release_sock:
	if (t->sock)
		sock_release(t->sock);
unregister:
	unregister_netdev(t->dev);
free_netdev:
	free_netdev(t->dev);
free_dma_dev:
	root_device_unregister(t->dma_dev);
	return err;
}
EXPORT_SYMBOL_GPL(xsk_kunit_sock_create);

/**
 * xsk_kunit_sock_destroy - undo xsk_kunit_sock_create()
 * @t: the socket to close, with its netdev
 */
void xsk_kunit_sock_destroy(struct xsk_kunit_sock *t)
{
	close_fd(t->fd);
	/* A kernel thread's last fput() is deferred: finish the close. */
	flush_delayed_fput();
	unregister_netdev(t->dev);
	free_netdev(t->dev);
	root_device_unregister(t->dma_dev);
}
EXPORT_SYMBOL_GPL(xsk_kunit_sock_destroy);
