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

static int xsk_diag_put_info(struct sk_buff *skb, struct xdp_sock *xs)
{
	struct xdp_diag_info di = {
		.ifindex = xs->dev ? xs->dev->ifindex : 0,
		.queue_id = xs->queue_id,
	};

	return nla_put(skb, XDP_DIAG_INFO, sizeof(di), &di);
}

static int xsk_diag_put_umem(struct sk_buff *skb, struct xdp_sock *xs)
{
	struct xsk_buff_pool *pool = xs->pool;
	struct xdp_umem *umem = xs->umem;
	struct xdp_diag_umem du = {};
	int err;

	if (!umem)
		return 0;
	du.id = umem->id;
	du.size = umem->size;
	du.num_pages = umem->npgs;
	du.chunk_size = umem->chunk_size;
	du.headroom = umem->headroom;
	du.refs = refcount_read(&umem->users);
	if (umem->zc)
		du.flags |= XDP_DU_F_ZEROCOPY;
	if (pool && pool->netdev) {
		du.ifindex = pool->netdev->ifindex;
		du.queue_id = pool->queue_id;
	}
	err = nla_put(skb, XDP_DIAG_UMEM, sizeof(du), &du);
	if (!err)
		err = xsk_diag_put_ring(skb, XDP_DIAG_UMEM_FILL_RING,
					pool ? pool->fq : xs->fq_tmp);
	if (!err)
		err = xsk_diag_put_ring(skb, XDP_DIAG_UMEM_COMPLETION_RING,
					pool ? pool->cq : xs->cq_tmp);
	return err;
}

static int xsk_diag_put_stats(struct sk_buff *skb, struct xdp_sock *xs)
{
	struct xdp_statistics st;
	struct xdp_diag_stats ds;

	xsk_get_stats(xs, &st);
	ds.n_rx_dropped = st.rx_dropped;
	ds.n_rx_invalid = st.rx_invalid_descs;
	ds.n_rx_full = st.rx_ring_full;
	ds.n_fill_ring_empty = st.rx_fill_ring_empty_descs;
	ds.n_tx_invalid = st.tx_invalid_descs;
	ds.n_tx_ring_empty = st.tx_ring_empty_descs;
	return nla_put(skb, XDP_DIAG_STATS, sizeof(ds), &ds);
}

/* One socket's message; xs->mutex held. */
static int xsk_diag_fill(struct sock *sk, struct sk_buff *skb,
			 const struct xdp_diag_req *req,
			 struct user_namespace *user_ns, u32 portid, u32 seq,
			 u32 flags, int ino)
{
	struct xdp_sock *xs = xdp_sk(sk);
	struct xdp_diag_msg *msg;
	struct nlmsghdr *nlh;
	int err = 0;

	nlh = nlmsg_put(skb, portid, seq, SOCK_DIAG_BY_FAMILY, sizeof(*msg),
			flags);
	if (!nlh)
		return -EMSGSIZE;
	msg = nlmsg_data(nlh);
	memset(msg, 0, sizeof(*msg));
	msg->xdiag_family = AF_XDP;
	msg->xdiag_type = sk->sk_type;
	msg->xdiag_ino = ino;
	sock_diag_save_cookie(sk, msg->xdiag_cookie);

	if (req->xdiag_show & XDP_SHOW_INFO) {
		err = xsk_diag_put_info(skb, xs);
		if (!err)
			err = nla_put_u32(skb, XDP_DIAG_UID,
					  from_kuid_munged(user_ns,
							   sock_i_uid(sk)));
	}
	if (!err && (req->xdiag_show & XDP_SHOW_RING_CFG)) {
		err = xsk_diag_put_ring(skb, XDP_DIAG_RX_RING, xs->rx);
		if (!err)
			err = xsk_diag_put_ring(skb, XDP_DIAG_TX_RING, xs->tx);
	}
	if (!err && (req->xdiag_show & XDP_SHOW_UMEM))
		err = xsk_diag_put_umem(skb, xs);
	if (!err && (req->xdiag_show & XDP_SHOW_MEMINFO))
		err = sock_diag_put_meminfo(sk, skb, XDP_DIAG_MEMINFO);
	if (!err && (req->xdiag_show & XDP_SHOW_STATS))
		err = xsk_diag_put_stats(skb, xs);
	if (err) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int xsk_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xdp_diag_req *req = nlmsg_data(cb->nlh);
	struct net *net = sock_net(skb->sk);
	int num = 0, s_num = cb->args[0];
	struct sock *sk;

	mutex_lock(&net->xdp.lock);
	sk_for_each(sk, &net->xdp.list) {
		struct xdp_sock *xs = xdp_sk(sk);
		int err;

		if (!net_eq(sock_net(sk), net))
			continue;
		if (num++ < s_num)
			continue;
		mutex_lock(&xs->mutex);
		err = xsk_diag_fill(sk, skb, req,
				    sk_user_ns(NETLINK_CB(cb->skb).sk),
				    NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI,
				    sock_i_ino(sk));
		mutex_unlock(&xs->mutex);
		if (err < 0) {
			num--;
			break;
		}
	}
	mutex_unlock(&net->xdp.lock);
	cb->args[0] = num;
	return skb->len;
}

static int xsk_diag_handler_dump(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	struct netlink_dump_control c = { .dump = xsk_diag_dump };
	int hdrlen = sizeof(struct xdp_diag_req);
	struct net *net = sock_net(skb->sk);

	if (nlmsg_len(nlh) < hdrlen)
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return netlink_dump_start(net->diag_nlsk, skb, nlh, &c);
}

static const struct sock_diag_handler xsk_diag_handler = {
	.family = AF_XDP,
	.dump = xsk_diag_handler_dump,
};

static int __init xsk_diag_init(void)
{
	return sock_diag_register(&xsk_diag_handler);
}

static void __exit xsk_diag_exit(void)
{
	sock_diag_unregister(&xsk_diag_handler);
}

module_init(xsk_diag_init);
module_exit(xsk_diag_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AF_XDP socket monitoring through sock_diag");
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_NETLINK, NETLINK_SOCK_DIAG, AF_XDP);
