// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "i40e_xsk": the zero-copy routines of i40e_xsk.c against a
 * simulated queue pair.
 *
 * The test plays the hardware: descriptor rings are plain memory, the tail
 * registers plain words, a received frame is bytes written into the buffer
 * a descriptor points to plus a write-back (length, DD, EOP, errors), and a
 * transmit completion is the head write-back word after the TX ring.  It
 * plays NAPI too (bottom halves off, the NAPI context scheduled around each
 * poll, so that XDP_PASS frames reach the stack) and user space, through
 * the rings of a real AF_XDP socket from <net/xsk_kunit.h>.  The XDP
 * program is a C function in the bpf_func slot of a bpf_prog, returning
 * the actions a case lists and, for XDP_REDIRECT, doing what
 * bpf_redirect_map() on an XSKMAP does.
 *
 * Cases:
 *   rx_refill		buffers posted from FILL with their DMA addresses, one
 *			tail write per batch, none until 32 slots are free,
 *			never the last free slot, across the ring's end
 *   rx_redirect	frames reach the socket's RX ring, address and length
 *   rx_actions		PASS reaches the stack as a copy, DROP and ABORTED
 *			give the buffer back, TX sends it as it is
 *   rx_desc_error	descriptors with the error bit or without EOP are
 *			dropped, the buffers reused
 *   rx_fill_empty	an empty FILL ring: need_wakeup up until the ring is
 *			full again
 *   rx_fill_empty_poll	without need_wakeup: NAPI keeps polling
 *   rx_ring_full	with need_wakeup, a frame the socket's full RX ring
 *			refuses stays on the ring and receiving stops there,
 *			the FILL flag up; once user space makes room it
 *			arrives, in order, in its own buffer
 *   tx_zc		TX descriptors carry the socket's addresses and
 *			lengths, completions come back exactly once, the
 *			TX need_wakeup flag follows the ring
 *   tx_budget		work_limit per poll; a full ring waits for completions
 *   tx_mixed		XDP_TX buffers and socket frames on one ring: only the
 *			socket's are completed to it
 *   clean_rings	stopping the queue gives back posted and unsent buffers
 *   wakeup		ndo_xsk_wakeup() raises the queue's interrupt through
 *			its control register (memory here) unless NAPI runs;
 *			what it refuses
 */

#include <kunit/test.h>
#include <linux/dma-direct.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <net/xsk_kunit.h>
#include "i40e.h"
#include "i40e_txrx_common.h"
#include "i40e_xsk.h"

#define RING		64	/* descriptors per i40e ring */
#define CHUNK		2048
#define HEADROOM	64	/* the UMEM's */
#define ETH_P_TEST	0x88b5	/* IEEE local experimental */

static const struct xsk_kunit_cfg kunit_cfg = {
	.chunk_size = CHUNK, .chunks = 256, .headroom = HEADROOM,
	.ring_size = 256,
};

struct tctx {
	struct xsk_kunit_sock t;
	struct i40e_pf *pf;
	struct i40e_vsi *vsi;
	struct i40e_q_vector *qv;
	struct i40e_ring *rx, *xdp;
	struct i40e_ring *rx_rings[1], *xdp_rings[1];
	u32 rx_tail, tx_tail;		/* the tail registers */
	struct bpf_prog *prog;
	u32 acts[RING];			/* what the program returns, in turn */
	u32 nacts, runs;
	struct packet_type pt;		/* XDP_PASS frames end up here */
	u32 passed, passed_len, passed_tag;
	bool napi_on;
};

/* The XDP program finds its case here; cases run one at a time. */
static struct tctx *cur;

static unsigned int fake_xdp_prog(const void *ctx, const struct bpf_insn *insn)
{
	struct bpf_redirect_info *ri;
	u32 act = XDP_REDIRECT;

	if (cur->runs < cur->nacts)
		act = cur->acts[cur->runs];
	cur->runs++;
	if (act == XDP_REDIRECT) {
		ri = this_cpu_ptr(&bpf_redirect_info);
		ri->tgt_value = xdp_sk(cur->t.sock->sk);
		ri->map_type = BPF_MAP_TYPE_XSKMAP;
		ri->map_id = 1;
		ri->tgt_index = 0;
		ri->flags = 0;
	}
	return act;
}

static int pass_rcv(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig)
{
	struct tctx *c = container_of(pt, struct tctx, pt);

	c->passed++;
	c->passed_len = skb->len + ETH_HLEN;
	c->passed_tag = skb->data[0];
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int dummy_poll(struct napi_struct *napi, int budget)
{
	napi_complete_done(napi, 0);
	return 0;
}

static struct i40e_ring *ring_create(struct kunit *test, struct tctx *c,
				     u32 *tail)
{
	struct i40e_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->count = RING;
	r->netdev = c->t.dev;
	r->dev = c->t.dma_dev;
	r->vsi = c->vsi;
	r->q_vector = c->qv;
	r->xsk_pool = c->t.pool;
	r->tail = (u8 __force __iomem *)tail;
	u64_stats_init(&r->syncp);
	return r;
}

/* The socket's four rings have ring_size entries each. */
static struct tctx *ctx_create_sized(struct kunit *test, u16 bind_flags,
				     u32 ring_size)
{
	struct xsk_kunit_cfg cfg = kunit_cfg;
	struct xdp_rxq_info *rxq;
	struct tctx *c;
	int err;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	cfg.bind_flags = bind_flags;
	cfg.ring_size = ring_size;
	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&c->t, 0, &cfg), 0);
	test->priv = c;
	cur = c;

	c->pf = kunit_kzalloc(test, sizeof(*c->pf), GFP_KERNEL);
	c->vsi = kunit_kzalloc(test, sizeof(*c->vsi), GFP_KERNEL);
	c->qv = kunit_kzalloc(test, sizeof(*c->qv), GFP_KERNEL);
	c->prog = kunit_kzalloc(test, sizeof(*c->prog), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->pf);
	KUNIT_ASSERT_NOT_NULL(test, c->vsi);
	KUNIT_ASSERT_NOT_NULL(test, c->qv);
	KUNIT_ASSERT_NOT_NULL(test, c->prog);
	c->prog->aux = kunit_kzalloc(test, sizeof(*c->prog->aux), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->prog->aux);
	c->prog->type = BPF_PROG_TYPE_XDP;
	c->prog->bpf_func = fake_xdp_prog;

	c->vsi->type = I40E_VSI_MAIN;
	c->vsi->back = c->pf;
	c->vsi->netdev = c->t.dev;
	c->vsi->num_queue_pairs = 1;
	c->vsi->alloc_queue_pairs = 1;
	c->vsi->work_limit = I40E_DEFAULT_IRQ_WORK;
	c->vsi->xdp_prog = c->prog;
	c->vsi->rx_rings = c->rx_rings;
	c->vsi->xdp_rings = c->xdp_rings;
	c->qv->vsi = c->vsi;
	netif_napi_add(c->t.dev, &c->qv->napi, dummy_poll);
	napi_enable(&c->qv->napi);
	c->napi_on = true;

	/* What i40e_setup_rx_descriptors() and i40e_configure_rx_ring() do. */
	c->rx = ring_create(test, c, &c->rx_tail);
	c->rx->desc = kunit_kcalloc(test, RING, sizeof(union i40e_rx_desc),
				    GFP_KERNEL);
	c->rx->rx_bi_zc = kunit_kcalloc(test, RING, sizeof(*c->rx->rx_bi_zc),
					GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->rx->desc);
	KUNIT_ASSERT_NOT_NULL(test, c->rx->rx_bi_zc);
	c->rx->xdp_prog = c->prog;
	c->rx->rx_buf_len = xsk_pool_get_rx_frame_size(c->t.pool);
	rxq = &c->rx->xdp_rxq;
	KUNIT_ASSERT_EQ(test, xdp_rxq_info_reg(rxq, c->t.dev, 0, 0), 0);
	err = xdp_rxq_info_reg_mem_model(rxq, MEM_TYPE_XSK_BUFF_POOL, NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	xsk_pool_set_rxq_info(c->t.pool, &c->rx->xdp_rxq);
	c->rx_rings[0] = c->rx;

	/* The XDP TX ring, with the head write-back word after it. */
	c->xdp = ring_create(test, c, &c->tx_tail);
	c->xdp->desc = kunit_kzalloc(test, RING * sizeof(struct i40e_tx_desc) +
				     sizeof(u32), GFP_KERNEL);
	c->xdp->tx_bi = kunit_kcalloc(test, RING, sizeof(*c->xdp->tx_bi),
				      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->xdp->desc);
	KUNIT_ASSERT_NOT_NULL(test, c->xdp->tx_bi);
	c->xdp->queue_index = 1;
	set_ring_xdp(c->xdp);
	c->xdp_rings[0] = c->xdp;

	c->pt.type = htons(ETH_P_TEST);
	c->pt.dev = c->t.dev;
	c->pt.func = pass_rcv;
	dev_add_pack(&c->pt);
	return c;
}

static struct tctx *ctx_create(struct kunit *test, u16 bind_flags)
{
	return ctx_create_sized(test, bind_flags, kunit_cfg.ring_size);
}

static void i40e_xsk_test_exit(struct kunit *test)
{
	struct tctx *c = test->priv;

	if (!c)
		return;
	if (c->pt.func)
		dev_remove_pack(&c->pt);
	if (c->napi_on) {
		napi_disable(&c->qv->napi);
		netif_napi_del(&c->qv->napi);
	}
	if (c->rx && xdp_rxq_info_is_reg(&c->rx->xdp_rxq))
		xdp_rxq_info_unreg(&c->rx->xdp_rxq);
	xsk_kunit_sock_destroy(&c->t);
	cur = NULL;
}

/* --- user space --- */

static void fill(struct tctx *c, u32 first_chunk, u32 n)
{
	u64 *e = c->t.fill.entries;
	u32 prod = *c->t.fill.producer, i;

	for (i = 0; i < n; i++)
		e[(prod + i) & (c->t.fill.size - 1)] =
			(u64)(first_chunk + i) * CHUNK;
	/* P1 of user space (net/xdp/ring.h) */
	smp_store_release(c->t.fill.producer, prod + n);
}

static void tx_post(struct tctx *c, const struct xdp_desc *d, u32 n)
{
	struct xdp_desc *e = c->t.tx.entries;
	u32 prod = *c->t.tx.producer, i;

	for (i = 0; i < n; i++)
		e[(prod + i) & (c->t.tx.size - 1)] = d[i];
	/* P1 of user space (net/xdp/ring.h) */
	smp_store_release(c->t.tx.producer, prod + n);
}

/* A TX descriptor per chunk from first_chunk on, a length of its own. */
static struct xdp_desc tx_desc_of(u32 chunk)
{
	return (struct xdp_desc){ .addr = (u64)chunk * CHUNK + 16,
				  .len = 100 + chunk };
}

/* --- the hardware --- */

/* DMA address of a buffer's frame, where i40e points the hardware. */
static dma_addr_t frame_dma(struct tctx *c, u64 addr)
{
	return xsk_buff_raw_get_dma(c->t.pool, addr) + HEADROOM +
	       XDP_PACKET_HEADROOM;
}

/* Receive a frame of len bytes into descriptor i, tagged with tag: at the
 * DMA address of the buffer the driver posted there, as a device writes
 * it (under swiotlb=force a bounce buffer, which the driver's sync for
 * the CPU copies out).
 */
static void hw_rx(struct tctx *c, u16 i, u32 len, u8 tag, u64 bits)
{
	union i40e_rx_desc *d = I40E_RX_DESC(c->rx, i);
	dma_addr_t dma = xsk_buff_xdp_get_dma(c->rx->rx_bi_zc[i]);
	u8 *p = phys_to_virt(dma_to_phys(c->t.dma_dev, dma));

	eth_broadcast_addr(p);
	eth_random_addr(p + ETH_ALEN);
	*(__be16 *)(p + 2 * ETH_ALEN) = htons(ETH_P_TEST);
	memset(p + ETH_HLEN, tag, len - ETH_HLEN);
	d->wb.qword0.lo_dword.l2tag1 = 0;
	d->wb.qword0.hi_dword.rss = 0;
	d->wb.qword1.status_error_len =
		cpu_to_le64(BIT_ULL(I40E_RX_DESC_STATUS_DD_SHIFT) |
			    BIT_ULL(I40E_RX_DESC_STATUS_EOF_SHIFT) |
			    (u64)len << I40E_RXD_QW1_LENGTH_PBUF_SHIFT | bits);
}

static u64 rx_pkt_addr(struct tctx *c, u16 i)
{
	return le64_to_cpu(I40E_RX_DESC(c->rx, i)->read.pkt_addr);
}

static u64 rx_hdr_addr(struct tctx *c, u16 i)
{
	return le64_to_cpu(I40E_RX_DESC(c->rx, i)->read.hdr_addr);
}

static u64 tx_addr(struct tctx *c, u16 i)
{
	return le64_to_cpu(I40E_TX_DESC(c->xdp, i)->buffer_addr);
}

static void hw_tx_head(struct tctx *c, u32 head)
{
	*(__le32 *)I40E_TX_DESC(c->xdp, RING) = cpu_to_le32(head);
}

static u64 tx_qw1(struct tctx *c, u16 i)
{
	return le64_to_cpu(I40E_TX_DESC(c->xdp, i)->cmd_type_offset_bsz);
}

static u32 tx_len(struct tctx *c, u16 i)
{
	return (tx_qw1(c, i) >> I40E_TXD_QW1_TX_BUF_SZ_SHIFT) & 0x3fff;
}

/* The command field of a data descriptor (DTYPE 0), or ~0. */
static u32 tx_cmd(struct tctx *c, u16 i)
{
	if (tx_qw1(c, i) & 0xf)
		return ~0;
	return (tx_qw1(c, i) >> I40E_TXD_QW1_CMD_SHIFT) & 0xfff;
}

/* --- NAPI --- */

static int poll_rx(struct kunit *test, struct tctx *c, int budget)
{
	int done;

	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, napi_schedule_prep(&c->qv->napi));
	done = i40e_clean_rx_irq_zc(c->rx, budget);
	napi_complete_done(&c->qv->napi, done);
	local_bh_enable();
	return done;
}

static bool poll_tx(struct tctx *c)
{
	bool done;

	local_bh_disable();
	done = i40e_clean_xdp_tx_irq(c->vsi, c->xdp);
	local_bh_enable();
	return done;
}

/* What the driver does on configure and after each poll. */
static bool refill(struct tctx *c)
{
	return i40e_alloc_rx_buffers_zc(c->rx, I40E_DESC_UNUSED(c->rx));
}

/* Post the whole ring from FILL chunks 0.. and check it. */
static void post_all(struct kunit *test, struct tctx *c)
{
	fill(c, 0, 128);
	KUNIT_ASSERT_TRUE(test, refill(c));
	KUNIT_ASSERT_EQ(test, c->rx->next_to_use, RING - 1);
}

/* --- cases --- */

static void rx_refill(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	int i;

	post_all(test, c);
	/* Never the slot before next_to_clean: head would meet tail. */
	KUNIT_EXPECT_EQ(test, c->rx_tail, RING - 1);
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1);
	for (i = 0; i < RING - 1; i++) {
		KUNIT_EXPECT_EQ(test, rx_pkt_addr(c, i),
				frame_dma(c, (u64)i * CHUNK));
		KUNIT_EXPECT_EQ(test, rx_hdr_addr(c, i), 0);
	}
	KUNIT_EXPECT_EQ(test, rx_pkt_addr(c, RING - 1), 0);

	/* Nothing to post, no tail write. */
	c->rx_tail = 0xdead;
	KUNIT_EXPECT_TRUE(test, refill(c));
	KUNIT_EXPECT_EQ(test, c->rx_tail, 0xdead);

	/* 32 frames in, ten taken: fewer free than a batch, none posted. */
	for (i = 0; i < 32; i++)
		hw_rx(c, i, 60, i, 0);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 10), 10);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_clean, 10);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, RING - 1);
	KUNIT_EXPECT_EQ(test, c->rx_tail, 0xdead);
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1);

	/* 22 more, 32 free (I40E_RX_BUFFER_WRITE): all posted again in one
	 * batch, across the end.
	 */
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 22);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_clean, 32);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, 31);
	KUNIT_EXPECT_EQ(test, c->rx_tail, 31);
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1 + 32);
	KUNIT_EXPECT_EQ(test, rx_pkt_addr(c, RING - 1),
			frame_dma(c, (u64)(RING - 1) * CHUNK));
	KUNIT_EXPECT_EQ(test, rx_pkt_addr(c, 30),
			frame_dma(c, (u64)(RING + 30) * CHUNK));
	/* A refilled slot lost its write-back. */
	KUNIT_EXPECT_EQ(test, rx_hdr_addr(c, 30), 0);
}

static void rx_redirect(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	struct xdp_desc *rx = c->t.rx.entries;
	u32 bytes = 0;
	int i;

	post_all(test, c);
	for (i = 0; i < 8; i++) {
		hw_rx(c, i, 60 + 10 * i, i, 0);
		bytes += 60 + 10 * i;
	}
	/* A budget smaller than what is there. */
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 5), 5);
	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 5);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 3);
	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 8);
	for (i = 0; i < 8; i++) {
		KUNIT_EXPECT_EQ(test, rx[i].addr,
				(u64)i * CHUNK + HEADROOM + XDP_PACKET_HEADROOM);
		KUNIT_EXPECT_EQ(test, rx[i].len, 60 + 10 * i);
	}
	KUNIT_EXPECT_EQ(test, c->runs, 8);
	KUNIT_EXPECT_EQ(test, c->rx->stats.packets, 8);
	KUNIT_EXPECT_EQ(test, c->rx->stats.bytes, bytes);
	KUNIT_EXPECT_EQ(test, *c->t.fill.flags, 0);
	/* The frame is where the hardware put it. */
	KUNIT_EXPECT_EQ(test, *(u8 *)(c->t.umem + rx[7].addr + ETH_HLEN), 7);
}

static void rx_actions(struct kunit *test)
{
	static const u32 acts[] = { XDP_REDIRECT, XDP_DROP, XDP_PASS,
				    XDP_ABORTED, XDP_TX };
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	struct xsk_buff_pool *pool = c->t.pool;
	int i;

	memcpy(c->acts, acts, sizeof(acts));
	c->nacts = ARRAY_SIZE(acts);
	post_all(test, c);
	for (i = 0; i < ARRAY_SIZE(acts); i++)
		hw_rx(c, i, 100 + i, i, 0);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 5);

	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 1);
	/* XDP_PASS: a copy went up the stack. */
	KUNIT_EXPECT_EQ(test, c->passed, 1);
	KUNIT_EXPECT_EQ(test, c->passed_len, 102);
	KUNIT_EXPECT_EQ(test, c->passed_tag, 2);
	/* XDP_TX: the buffer itself, one descriptor, tail bumped. */
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 1);
	KUNIT_EXPECT_EQ(test, c->tx_tail, 1);
	KUNIT_EXPECT_EQ(test, tx_addr(c, 0), frame_dma(c, 4 * CHUNK));
	KUNIT_EXPECT_EQ(test, tx_len(c, 0), 104);
	KUNIT_EXPECT_EQ(test, tx_cmd(c, 0),
			I40E_TX_DESC_CMD_ICRC | I40E_TX_DESC_CMD_EOP |
			I40E_TX_DESC_CMD_RS);
	KUNIT_EXPECT_EQ(test, c->xdp->xdp_tx_active, 1);
	/* Five free, fewer than a batch: nothing posted.  Posted by hand,
	 * the PASS, DROP and ABORTED buffers go first: FILL gives two.
	 */
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1);
	KUNIT_EXPECT_TRUE(test, refill(c));
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1 + 2);
	KUNIT_EXPECT_EQ(test, pool->reuse_cnt, 0);
	KUNIT_EXPECT_EQ(test, c->rx->stats.packets, 5);

	/* The XDP_TX frame is sent: back to the pool, not to COMPLETION. */
	hw_tx_head(c, 1);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_clean, 1);
	KUNIT_EXPECT_EQ(test, c->xdp->xdp_tx_active, 0);
	KUNIT_EXPECT_EQ(test, pool->reuse_cnt, 1);
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 0);
	KUNIT_EXPECT_EQ(test, c->xdp->stats.packets, 1);
	KUNIT_EXPECT_EQ(test, c->xdp->stats.bytes, 104);
}

static void rx_desc_error(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	struct xdp_desc *rx = c->t.rx.entries;

	post_all(test, c);
	hw_rx(c, 0, 60, 0, 0);
	hw_rx(c, 1, 60, 1, BIT_ULL(I40E_RXD_QW1_ERROR_SHIFT +
				   I40E_RX_DESC_ERROR_RXE_SHIFT));
	hw_rx(c, 2, 60, 2, 0);
	I40E_RX_DESC(c->rx, 2)->wb.qword1.status_error_len &=
		~cpu_to_le64(BIT_ULL(I40E_RX_DESC_STATUS_EOF_SHIFT));
	hw_rx(c, 3, 60, 3, 0);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 2);

	KUNIT_EXPECT_EQ(test, c->runs, 2);
	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 2);
	KUNIT_EXPECT_EQ(test, rx[1].addr,
			3 * CHUNK + HEADROOM + XDP_PACKET_HEADROOM);
	KUNIT_EXPECT_EQ(test, c->rx->rx_stats.non_eop_descs, 1);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_clean, 4);
	/* Posted by hand (fewer free than a batch): four, two of them the
	 * dropped buffers.
	 */
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1);
	KUNIT_EXPECT_TRUE(test, refill(c));
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1 + 2);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, 3);
}

static void rx_fill_empty(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);

	KUNIT_EXPECT_FALSE(test, refill(c));
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, 0);
	KUNIT_EXPECT_EQ(test, c->rx_tail, 0);

	/* Nothing to receive into: tell user space to kick us. */
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 0);
	KUNIT_EXPECT_EQ(test, *c->t.fill.flags, XDP_RING_NEED_WAKEUP);
	KUNIT_EXPECT_EQ(test, c->rx->rx_stats.alloc_buff_failed, 1);

	/* Some buffers: not enough, the flag stays. */
	fill(c, 0, 10);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 0);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, 10);
	KUNIT_EXPECT_EQ(test, c->rx_tail, 10);
	KUNIT_EXPECT_EQ(test, *c->t.fill.flags, XDP_RING_NEED_WAKEUP);

	/* The ring full again: no more need. */
	fill(c, 10, 100);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 0);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, RING - 1);
	KUNIT_EXPECT_EQ(test, *c->t.fill.flags, 0);
	KUNIT_EXPECT_EQ(test, *c->t.fill.consumer, RING - 1);
}

static void rx_fill_empty_poll(struct kunit *test)
{
	struct tctx *c = ctx_create(test, 0);

	/* Nobody would kick: all the budget, so that NAPI goes on. */
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 64);
	KUNIT_EXPECT_EQ(test, *c->t.fill.flags, 0);
	fill(c, 0, 100);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 0);
	KUNIT_EXPECT_EQ(test, c->rx->next_to_use, RING - 1);
}

static void rx_ring_full(struct kunit *test)
{
	struct tctx *c = ctx_create_sized(test, XDP_USE_NEED_WAKEUP, 16);
	struct xdp_sock *xs = xdp_sk(c->t.sock->sk);
	struct xdp_desc *rx = c->t.rx.entries;
	int i;

	/* The socket's RX ring (16 entries) full, two frames more behind. */
	fill(c, 0, 16);
	KUNIT_EXPECT_FALSE(test, refill(c));
	for (i = 0; i < 16; i++)
		hw_rx(c, i, 60, i, 0);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 16);
	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 16);
	fill(c, 16, 2);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 0);
	KUNIT_ASSERT_EQ(test, c->rx->next_to_use, 18);
	hw_rx(c, 16, 70, 16, 0);
	hw_rx(c, 17, 80, 17, 0);

	/* Each poll runs the program on the first of them and stops. */
	for (i = 1; i <= 2; i++) {
		KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 0);
		KUNIT_EXPECT_EQ(test, c->rx->next_to_clean, 16);
		KUNIT_EXPECT_EQ(test, c->runs, 16 + i);
		KUNIT_EXPECT_EQ(test, xs->rx_queue_full, i);
		KUNIT_EXPECT_EQ(test, *c->t.fill.flags, XDP_RING_NEED_WAKEUP);
	}
	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 16);
	KUNIT_EXPECT_EQ(test, c->rx->stats.packets, 16);

	/* Room made (C of user space, net/xdp/ring.h): both arrive, in
	 * order, in the buffers they came in.
	 */
	smp_store_release(c->t.rx.consumer, 16);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 2);
	KUNIT_EXPECT_EQ(test, *c->t.rx.producer, 18);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, rx[i].addr, (u64)(16 + i) * CHUNK +
				HEADROOM + XDP_PACKET_HEADROOM);
		KUNIT_EXPECT_EQ(test, rx[i].len, 70 + 10 * i);
	}
	KUNIT_EXPECT_EQ(test, c->runs, 20);
	KUNIT_EXPECT_EQ(test, xs->rx_queue_full, 2);
	KUNIT_EXPECT_EQ(test, c->rx->stats.packets, 18);
}

static void tx_zc(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	u64 *comp = c->t.comp.entries;
	struct xdp_desc d[5];
	u32 bytes = 0;
	int i;

	for (i = 0; i < 5; i++) {
		d[i] = tx_desc_of(10 + i);
		bytes += d[i].len;
	}
	tx_post(c, d, 5);
	KUNIT_EXPECT_EQ(test, *c->t.tx.flags, XDP_RING_NEED_WAKEUP);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));

	KUNIT_EXPECT_EQ(test, *c->t.tx.consumer, 5);
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 5);
	KUNIT_EXPECT_EQ(test, c->tx_tail, 5);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_EQ(test, tx_addr(c, i),
				xsk_buff_raw_get_dma(c->t.pool, d[i].addr));
		KUNIT_EXPECT_EQ(test, tx_len(c, i), d[i].len);
		/* One report status, on the last of the batch. */
		KUNIT_EXPECT_EQ(test, tx_cmd(c, i),
				I40E_TX_DESC_CMD_ICRC | I40E_TX_DESC_CMD_EOP |
				(i == 4 ? I40E_TX_DESC_CMD_RS : 0));
	}
	KUNIT_EXPECT_EQ(test, c->xdp->stats.packets, 5);
	KUNIT_EXPECT_EQ(test, c->xdp->stats.bytes, bytes);
	/* Frames in flight: their completion brings NAPI back. */
	KUNIT_EXPECT_EQ(test, *c->t.tx.flags, 0);
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 0);

	hw_tx_head(c, 3);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, comp[i], d[i].addr);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 3);
	KUNIT_EXPECT_EQ(test, *c->t.tx.flags, 0);

	hw_tx_head(c, 5);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 5);
	KUNIT_EXPECT_EQ(test, comp[4], d[4].addr);
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_clean, 5);
	/* Idle: only user space can get transmit going again. */
	KUNIT_EXPECT_EQ(test, *c->t.tx.flags, XDP_RING_NEED_WAKEUP);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 5);
	KUNIT_EXPECT_EQ(test, c->tx_tail, 5);
}

static void tx_budget(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	struct xdp_desc d[100];
	int i;

	for (i = 0; i < 100; i++)
		d[i] = tx_desc_of(i);
	tx_post(c, d, 20);
	c->vsi->work_limit = 8;
	KUNIT_EXPECT_FALSE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 8);
	KUNIT_EXPECT_FALSE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 16);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 20);
	KUNIT_EXPECT_EQ(test, *c->t.tx.consumer, 20);

	/* More than the ring holds: up to the slot before next_to_clean. */
	c->vsi->work_limit = I40E_DEFAULT_IRQ_WORK;
	tx_post(c, d + 20, 80);
	KUNIT_EXPECT_FALSE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, RING - 1);
	KUNIT_EXPECT_EQ(test, c->tx_tail, RING - 1);
	/* Full: nothing to do until completions come. */
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, RING - 1);
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 0);

	hw_tx_head(c, RING - 1);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, RING - 1);
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 100 - RING);
	KUNIT_EXPECT_EQ(test, *c->t.tx.consumer, 100);
	KUNIT_EXPECT_EQ(test, tx_addr(c, RING - 1),
			xsk_buff_raw_get_dma(c->t.pool, d[RING - 1].addr));
}

static void tx_mixed(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	u64 *comp = c->t.comp.entries;
	struct xdp_desc d[2] = { tx_desc_of(200), tx_desc_of(201) };
	int i;

	c->acts[0] = XDP_TX;
	c->nacts = 1;
	post_all(test, c);
	hw_rx(c, 0, 80, 0, 0);
	tx_post(c, d, 2);
	KUNIT_EXPECT_EQ(test, poll_rx(test, c, 64), 1);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_use, 3);

	/* The hardware finishes the XDP_TX frame and the first socket frame,
	 * then the second: only socket frames reach the COMPLETION ring, and
	 * the XDP_TX buffer went back to the pool once.
	 */
	for (i = 0; i < 2; i++) {
		hw_tx_head(c, 2 + i);
		KUNIT_EXPECT_TRUE(test, poll_tx(c));
		KUNIT_EXPECT_EQ(test, *c->t.comp.producer, i + 1);
		KUNIT_EXPECT_EQ(test, comp[i], d[i].addr);
		KUNIT_EXPECT_EQ(test, c->t.pool->reuse_cnt, 1);
		KUNIT_EXPECT_EQ(test, c->xdp->xdp_tx_active, 0);
	}
}

static void clean_rings(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	struct xsk_buff_pool *pool = c->t.pool;
	struct xdp_desc d[4];
	int i;

	for (i = 0; i < 4; i++)
		d[i] = tx_desc_of(200 + i);
	post_all(test, c);
	tx_post(c, d, 4);
	KUNIT_EXPECT_TRUE(test, poll_tx(c));
	hw_tx_head(c, 1);

	/* The queue stops: i40e_clean_{rx,tx}_ring() call these. */
	i40e_xsk_clean_rx_ring(c->rx);
	KUNIT_EXPECT_EQ(test, pool->reuse_cnt, RING - 1);
	KUNIT_EXPECT_EQ(test, pool->spare_cnt + pool->reuse_cnt, pool->nbufs);
	i40e_xsk_clean_tx_ring(c->xdp);
	/* Sent or not, every frame is completed, once. */
	KUNIT_EXPECT_EQ(test, *c->t.comp.producer, 4);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, ((u64 *)c->t.comp.entries)[i], d[i].addr);
	KUNIT_EXPECT_EQ(test, c->xdp->next_to_clean, 4);
}

/* The PF's register space, as far as the interrupt control registers. */
#define BAR_SIZE	(I40E_PFINT_DYN_CTLN(511) + 4)

static void wakeup(struct kunit *test)
{
	struct tctx *c = ctx_create(test, XDP_USE_NEED_WAKEUP);
	struct napi_struct *napi = &c->qv->napi;
	struct net_device *ndev;
	u32 *bar, *ctl;

	bar = kunit_kzalloc(test, BAR_SIZE, GFP_KERNEL);
	ndev = alloc_etherdev(sizeof(struct i40e_netdev_priv));
	KUNIT_ASSERT_NOT_NULL(test, bar);
	KUNIT_ASSERT_NOT_NULL(test, ndev);
	((struct i40e_netdev_priv *)netdev_priv(ndev))->vsi = c->vsi;
	c->pf->hw.hw_addr = (u8 __force __iomem *)bar;
	c->pf->flags |= I40E_FLAG_MSIX_ENABLED;
	c->qv->reg_idx = 3;
	ctl = bar + I40E_PFINT_DYN_CTLN(3) / 4;

	/* NAPI idle: the queue's interrupt, raised by software. */
	KUNIT_EXPECT_EQ(test, i40e_xsk_wakeup(ndev, 0, XDP_WAKEUP_RX), 0);
	KUNIT_EXPECT_EQ(test, *ctl, I40E_PFINT_DYN_CTLN_INTENA_MASK |
			I40E_PFINT_DYN_CTLN_ITR_INDX_MASK |
			I40E_PFINT_DYN_CTLN_SWINT_TRIG_MASK |
			I40E_PFINT_DYN_CTLN_SW_ITR_INDX_ENA_MASK);

	/* NAPI running: it is told to look again, no interrupt. */
	*ctl = 0;
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, napi_schedule_prep(napi));
	KUNIT_EXPECT_EQ(test, i40e_xsk_wakeup(ndev, 0, XDP_WAKEUP_TX), 0);
	KUNIT_EXPECT_TRUE(test, test_bit(NAPI_STATE_MISSED, &napi->state));
	napi_complete_done(napi, 0);	/* polls again, in dummy_poll() */
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, *ctl, 0);

	KUNIT_EXPECT_EQ(test, i40e_xsk_wakeup(ndev, 1, XDP_WAKEUP_RX), -EINVAL);
	c->xdp->xsk_pool = NULL;
	KUNIT_EXPECT_EQ(test, i40e_xsk_wakeup(ndev, 0, XDP_WAKEUP_RX), -EINVAL);
	c->xdp->xsk_pool = c->t.pool;
	set_bit(__I40E_VSI_DOWN, c->vsi->state);
	KUNIT_EXPECT_EQ(test, i40e_xsk_wakeup(ndev, 0, XDP_WAKEUP_RX),
			-ENETDOWN);
	clear_bit(__I40E_VSI_DOWN, c->vsi->state);
	set_bit(__I40E_CONFIG_BUSY, c->pf->state);
	KUNIT_EXPECT_EQ(test, i40e_xsk_wakeup(ndev, 0, XDP_WAKEUP_RX), -EAGAIN);
	KUNIT_EXPECT_EQ(test, *ctl, 0);
	free_netdev(ndev);
}

static struct kunit_case i40e_xsk_cases[] = {
	KUNIT_CASE(rx_refill),
	KUNIT_CASE(rx_redirect),
	KUNIT_CASE(rx_actions),
	KUNIT_CASE(rx_desc_error),
	KUNIT_CASE(rx_fill_empty),
	KUNIT_CASE(rx_fill_empty_poll),
	KUNIT_CASE(rx_ring_full),
	KUNIT_CASE(tx_zc),
	KUNIT_CASE(tx_budget),
	KUNIT_CASE(tx_mixed),
	KUNIT_CASE(clean_rings),
	KUNIT_CASE(wakeup),
	{}
};

static struct kunit_suite i40e_xsk_suite = {
	.name = "i40e_xsk",
	.exit = i40e_xsk_test_exit,
	.test_cases = i40e_xsk_cases,
};

kunit_test_suite(i40e_xsk_suite);
