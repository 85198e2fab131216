// SPDX-License-Identifier: GPL-2.0
/* sock_diag for AF_XDP: lists the XDP sockets of a network namespace with
 * what they are bound to, their rings, UMEM, memory and statistics, for
 * tools such as `ss --xdp`.
 */

#include <linux/module.h>
#include <linux/sock_diag.h>
#include <linux/xdp_diag.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/xdp_sock.h>

#include "xsk.h"

static int xsk_diag_put_ring(struct sk_buff *skb, int type,
			     const struct xsk_ring *q)
{
	struct xdp_diag_ring dr = {};

	if (!q)
		return 0;
	dr.entries = xsk_ring_entries(q);
	return nla_put(skb, type, sizeof(dr), &dr);
}

/* The parts of a socket's message, one per XDP_SHOW_* bit; xs->mutex held. */

static int xsk_diag_put_info(struct sk_buff *skb, struct sock *sk,
			     struct user_namespace *user_ns)
{
	struct xdp_sock *xs = xdp_sk(sk);
	struct xdp_diag_info di = {
		.ifindex = xs->dev ? xs->dev->ifindex : 0,
		.queue_id = xs->queue_id,
	};

	return nla_put(skb, XDP_DIAG_INFO, sizeof(di), &di) ?:
	       nla_put_u32(skb, XDP_DIAG_UID,
			   from_kuid_munged(user_ns, sock_i_uid(sk)));
}

static int xsk_diag_put_rings(struct sk_buff *skb, struct sock *sk,
			      struct user_namespace *user_ns)
{
	struct xdp_sock *xs = xdp_sk(sk);

	return xsk_diag_put_ring(skb, XDP_DIAG_RX_RING, xs->rx) ?:
	       xsk_diag_put_ring(skb, XDP_DIAG_TX_RING, xs->tx);
}

static int xsk_diag_put_umem(struct sk_buff *skb, struct sock *sk,
			     struct user_namespace *user_ns)
{
	struct xdp_sock *xs = xdp_sk(sk);
	const struct xsk_buff_pool *pool = xs->pool;
	const struct net_device *dev = pool ? pool->netdev : NULL;
	const struct xdp_umem *umem = xs->umem;
	struct xdp_diag_umem du;

	if (!umem)
		return 0;
	du = (struct xdp_diag_umem) {
		.size		= umem->size,
		.id		= umem->id,
		.num_pages	= umem->npgs,
		.chunk_size	= umem->chunk_size,
		.headroom	= umem->headroom,
		.ifindex	= dev ? dev->ifindex : 0,
		.queue_id	= dev ? pool->queue_id : 0,
		.flags		= READ_ONCE(umem->zc_pools) ?
				  XDP_DU_F_ZEROCOPY : 0,
		.refs		= refcount_read(&umem->users),
	};
	/* FILL and COMPLETION, as 6.1 shows them: a bound socket's pool's. */
	return nla_put(skb, XDP_DIAG_UMEM, sizeof(du), &du) ?:
	       xsk_diag_put_ring(skb, XDP_DIAG_UMEM_FILL_RING,
				 pool ? pool->fq : NULL) ?:
	       xsk_diag_put_ring(skb, XDP_DIAG_UMEM_COMPLETION_RING,
				 pool ? pool->cq : NULL);
}

static int xsk_diag_put_meminfo(struct sk_buff *skb, struct sock *sk,
				struct user_namespace *user_ns)
{
	return sock_diag_put_meminfo(sk, skb, XDP_DIAG_MEMINFO);
}

static int xsk_diag_put_stats(struct sk_buff *skb, struct sock *sk,
			      struct user_namespace *user_ns)
{
	struct xdp_statistics st;
	struct xdp_diag_stats ds;

	xsk_get_stats(xdp_sk(sk), &st);
	ds = (struct xdp_diag_stats) {
		.n_rx_dropped		= st.rx_dropped,
		.n_rx_invalid		= st.rx_invalid_descs,
		.n_rx_full		= st.rx_ring_full,
		.n_fill_ring_empty	= st.rx_fill_ring_empty_descs,
		.n_tx_invalid		= st.tx_invalid_descs,
		.n_tx_ring_empty	= st.tx_ring_empty_descs,
	};
	return nla_put(skb, XDP_DIAG_STATS, sizeof(ds), &ds);
}

static const struct {
	u32 show;
	int (*put)(struct sk_buff *skb, struct sock *sk,
		   struct user_namespace *user_ns);
} xsk_diag_parts[] = {
	{ XDP_SHOW_INFO,	xsk_diag_put_info },
	{ XDP_SHOW_RING_CFG,	xsk_diag_put_rings },
	{ XDP_SHOW_UMEM,	xsk_diag_put_umem },
	{ XDP_SHOW_MEMINFO,	xsk_diag_put_meminfo },
	{ XDP_SHOW_STATS,	xsk_diag_put_stats },
};

/* One socket's message, with the parts the request asks for. */
static int xsk_diag_put_sock(struct sk_buff *skb, struct sock *sk,
			     struct netlink_callback *cb)
{
	const struct xdp_diag_req *req = nlmsg_data(cb->nlh);
	struct user_namespace *user_ns = sk_user_ns(NETLINK_CB(cb->skb).sk);
	struct xdp_sock *xs = xdp_sk(sk);
	struct xdp_diag_msg *msg;
	struct nlmsghdr *nlh;
	int i, err = 0;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			SOCK_DIAG_BY_FAMILY, sizeof(*msg), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	msg = nlmsg_data(nlh);
	*msg = (struct xdp_diag_msg) {
		.xdiag_family	= AF_XDP,
		.xdiag_type	= sk->sk_type,
		.xdiag_ino	= sock_i_ino(sk),
	};
	sock_diag_save_cookie(sk, msg->xdiag_cookie);

	mutex_lock(&xs->mutex);
	for (i = 0; i < ARRAY_SIZE(xsk_diag_parts) && !err; i++)
		if (req->xdiag_show & xsk_diag_parts[i].show)
			err = xsk_diag_parts[i].put(skb, sk, user_ns);
	mutex_unlock(&xs->mutex);
	if (err) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* cb->args[0] counts the sockets sent by the calls before this one. */
static int xsk_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0];
	struct sock *sk;

	mutex_lock(&net->xdp.lock);
	sk_for_each(sk, &net->xdp.list) {
		if (skip) {
			skip--;
			continue;
		}
		if (xsk_diag_put_sock(skb, sk, cb))
			break;
		cb->args[0]++;
	}
	mutex_unlock(&net->xdp.lock);
	return skb->len;
}

/* Dumps only, of a whole request. */
static int xsk_diag_handler_dump(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	struct netlink_dump_control c = { .dump = xsk_diag_dump };

	if (nlmsg_len(nlh) < (int)sizeof(struct xdp_diag_req))
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return netlink_dump_start(sock_net(skb->sk)->diag_nlsk, skb, nlh, &c);
}

static const struct sock_diag_handler xsk_diag_handler = {
	.dump = xsk_diag_handler_dump,
	.family = AF_XDP,
};

static int __init xsk_diag_init(void)
{
	return sock_diag_register(&xsk_diag_handler);
}
module_init(xsk_diag_init);

static void __exit xsk_diag_exit(void)
{
	sock_diag_unregister(&xsk_diag_handler);
}
module_exit(xsk_diag_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AF_XDP socket monitoring through sock_diag");
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_NETLINK, NETLINK_SOCK_DIAG, AF_XDP);
