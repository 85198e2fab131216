// SPDX-License-Identifier: GPL-2.0
/* The AF_XDP core's KUnit suite, "xsk"; kunit_sock.c is the support
 * drivers' suites use, and this suite too.
 *
 * Cases:
 *   ring_producer	room, writes and publishing; a consumer index that
 *			makes no sense is ignored
 *   ring_unpublished	a consumer index past the published producer index
 *			(into reserved, unwritten slots) makes no room
 *   ring_consumer	peeking, releasing; a producer index more than a ring
 *			ahead yields one ring
 *   desc_aligned	TX descriptor validation, aligned chunks; shorter
 *			than an Ethernet header is invalid
 *   desc_unaligned	TX descriptor validation, unaligned chunks; the same
 *   umem_invalid	XDP_UMEM_REG parameters refused with -EINVAL
 *   alloc_from_fill	zero-copy buffers come from FILL with the right data
 *			and DMA addresses; invalid FILL entries are skipped
 *			and counted; an empty FILL ring is counted
 *   free_and_reuse	freed buffers go out again before FILL is read
 *   dma_sync_bounds	on a device that needs syncs, lending a buffer and
 *			xsk_buff_dma_sync_for_cpu() sync from xdp.data to
 *			the end of its chunk and not a byte further;
 *			xdp.frame_sz runs from data_hard_start to that end
 *   rx_zc		a received buffer lands on RX at its address plus
 *			both headrooms, published at flush; a full RX ring
 *			counts rx_ring_full
 *   tx_zc		batched transmit skips invalid descriptors, reserves
 *			COMPLETION slots, publishes them on completion
 *   tx_lying_producer	a TX ring of invalid descriptors with its producer
 *			index 8 rings ahead, then 2^31: each call of
 *			xsk_tx_peek_release_desc_batch() and
 *			xsk_tx_peek_desc() skips and counts one ring's worth,
 *			returns nothing and counts no empty ring
 *   fill_lying_producer
 *			the same on FILL for xsk_buff_alloc_batch() (asked
 *			for more than a ring) and xsk_buff_alloc()
 *   need_wakeup	FILL and TX flags follow the driver's set/clear
 */

#include <kunit/test.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <net/xdp.h>
#include <net/xsk_kunit.h>

#include "xsk.h"

/* User space's side of a ring, for the tests. */
static void user_publish(u32 *index, u32 value)
{
	/* As user space must: entries before the index (ring.h, P1/C1). */
	smp_store_release(index, value);
}

static void ring_producer(struct kunit *test)
{
	struct xsk_ring *q = xsk_ring_create(8, true);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 8);
	for (i = 0; i < 8; i++)
		xsk_prod_write_addr(q, i * 4096);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 0);
	KUNIT_EXPECT_EQ(test, q->shared->producer, 0);
	xsk_prod_submit(q);
	KUNIT_EXPECT_EQ(test, q->shared->producer, 8);
	KUNIT_EXPECT_EQ(test, ((u64 *)q->entries)[7], 7 * 4096);

	/* A consumer index beyond the producer is nonsense: still full. */
	user_publish(&q->shared->consumer, 100);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 0);
	user_publish(&q->shared->consumer, 3);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 3);
	/* ...and so is one going back. */
	user_publish(&q->shared->consumer, 1);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 3);
	xsk_ring_destroy(q);
}

/* Copy-mode COMPLETION: slots reserved at send, published one by one. */
static void ring_unpublished(struct kunit *test)
{
	struct xsk_ring *q = xsk_ring_create(8, true);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	q->cached_prod += 8;
	for (i = 0; i < 3; i++)
		xsk_prod_submit_addr(q, i * 4096);
	KUNIT_EXPECT_EQ(test, q->shared->producer, 3);
	/* Reserved slots user space has never seen: still full. */
	user_publish(&q->shared->consumer, 8);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 0);
	user_publish(&q->shared->consumer, 4);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 0);
	user_publish(&q->shared->consumer, 3);
	KUNIT_EXPECT_EQ(test, xsk_prod_room(q), 3);
	xsk_ring_destroy(q);
}

static void ring_consumer(struct kunit *test)
{
	struct xsk_ring *q = xsk_ring_create(8, false);

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, xsk_cons_peek(q, 4), 0);
	KUNIT_EXPECT_EQ(test, q->empty_descs, 0);
	user_publish(&q->shared->producer, 5);
	KUNIT_EXPECT_EQ(test, xsk_cons_peek(q, 4), 4);
	q->cached_cons += 4;
	KUNIT_EXPECT_EQ(test, q->shared->consumer, 0);
	xsk_cons_release(q);
	KUNIT_EXPECT_EQ(test, q->shared->consumer, 4);
	KUNIT_EXPECT_EQ(test, xsk_cons_peek(q, 4), 1);
	q->cached_cons++;
	/* A producer far ahead: never more than a ring at a time. */
	user_publish(&q->shared->producer, 5 + 1000);
	KUNIT_EXPECT_EQ(test, xsk_cons_peek(q, 64), 8);
	/* Peeking an empty cached view published the consumer index. */
	KUNIT_EXPECT_EQ(test, q->shared->consumer, 5);
	xsk_ring_destroy(q);
}

struct desc_case {
	u64 addr;
	u32 len;
	u32 options;
	bool valid;
};

static void check_descs(struct kunit *test, struct xsk_buff_pool *pool,
			const struct desc_case *c, int n)
{
	struct xdp_desc d;
	int i;

	for (i = 0; i < n; i++) {
		d = (struct xdp_desc){ c[i].addr, c[i].len, c[i].options };
		KUNIT_EXPECT_EQ_MSG(test, xsk_pool_desc_valid(pool, &d),
				    c[i].valid, "case %d: addr %llx len %u",
				    i, c[i].addr, c[i].len);
	}
}

static void desc_aligned(struct kunit *test)
{
	struct xsk_buff_pool pool = {
		.chunk_size = 2048, .chunk_mask = ~2047ULL, .size = 16 * 2048,
	};
	static const struct desc_case c[] = {
		{ 0, 60, 0, true },
		{ 2048 + 100, 1948, 0, true },		/* ends at the chunk end */
		{ 2048 + 100, 1949, 0, false },		/* crosses it */
		{ 15 * 2048, 2048, 0, true },
		{ 16 * 2048, 60, 0, false },		/* outside the UMEM */
		{ 0, 60, 1, false },			/* options */
		{ 4096, 0, 0, false },			/* no Ethernet header */
		{ 4096, ETH_HLEN - 1, 0, false },
		{ 4096, ETH_HLEN, 0, true },
		{ ~0ULL, 20, 0, false },		/* wraps */
	};

	check_descs(test, &pool, c, ARRAY_SIZE(c));
}

static void desc_unaligned(struct kunit *test)
{
	struct xsk_buff_pool pool = {
		.chunk_size = 3000, .unaligned = true, .size = 8 * 4096,
	};
	static const struct desc_case c[] = {
		{ 100, 3000, 0, true },			/* across a page: fine */
		{ 100, 3001, 0, false },		/* longer than a chunk */
		{ (64ULL << 48) | 100, 1500, 0, true },	/* offset in bits 48+ */
		{ 8 * 4096 - 60, 60, 0, true },
		{ 8 * 4096 - 60, 61, 0, false },	/* past the end */
		{ (60ULL << 48) | (8 * 4096 - 60), ETH_HLEN, 0, false },
		{ 8 * 4096, 60, 0, false },		/* outside the UMEM */
		{ 100, 60, 2, false },
		{ 100, 0, 0, false },			/* no Ethernet header */
		{ 100, ETH_HLEN - 1, 0, false },
		{ 8 * 4096 - ETH_HLEN, ETH_HLEN, 0, true },
	};

	check_descs(test, &pool, c, ARRAY_SIZE(c));
}

static void umem_invalid(struct kunit *test)
{
	static const struct xdp_umem_reg bad[] = {
		{ 0, 1 << 20, 1024, 0, 0 },		/* chunk too small */
		{ 0, 1 << 20, 8192, 0, 0 },		/* larger than a page */
		{ 0, 1 << 20, 3000, 0, 0 },		/* not a power of two */
		{ 100, 1 << 20, 2048, 0, 0 },		/* address not aligned */
		{ 0, 3000, 2048, 0, 0 },		/* not whole chunks */
		{ 0, 1 << 20, 2048, 2048 - 703, 0 },	/* headroom */
		{ 0, 1 << 20, 2048, ~0U, 0 },		/* headroom wraps */
		{ 0, 1 << 20, 2048, 0, 2 },		/* unknown flag */
		{ ~0ULL & PAGE_MASK, 1 << 20, 2048, 0, 0 }, /* wraps */
		{ 0, 0, 2048, 0, 0 },			/* empty */
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(xsk_umem_create(&bad[i])),
				    -EINVAL, "case %d", i);
}

/* The kunit socket's UMEM: 16 chunks of 2048, headroom 64, rings of 8. */
static const struct xsk_kunit_cfg zc_cfg = {
	.chunk_size = 2048, .chunks = 16, .headroom = 64, .ring_size = 8,
	.bind_flags = XDP_USE_NEED_WAKEUP,
};

static void fill(struct xsk_kunit_ring *r, const u64 *addrs, u32 n)
{
	u64 *e = r->entries;
	u32 prod = *r->producer, i;

	for (i = 0; i < n; i++)
		e[(prod + i) & (r->size - 1)] = addrs[i];
	user_publish(r->producer, prod + n);
}

static void alloc_from_fill(struct kunit *test)
{
	static const u64 addrs[] = { 0, 2048 + 17, 1 << 20, 4 * 2048 };
	struct xdp_buff *bufs[8];
	struct xsk_kunit_sock t;
	struct xdp_buff_xsk *b;
	u32 n;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	KUNIT_EXPECT_TRUE(test, t.pool->zc);
	KUNIT_EXPECT_PTR_EQ(test, xsk_get_pool_from_qid(t.dev, 0), t.pool);
	fill(&t.fill, addrs, ARRAY_SIZE(addrs));

	n = xsk_buff_alloc_batch(t.pool, bufs, 8);
	/* 1 MiB is outside the UMEM: skipped and counted. */
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, t.pool->fq->invalid_descs, 1);
	KUNIT_EXPECT_EQ(test, *t.fill.consumer, 4);
	b = xsk_buff_of(bufs[1]);
	KUNIT_EXPECT_EQ(test, b->addr, 2048);	/* the chunk it falls in */
	KUNIT_EXPECT_PTR_EQ(test, bufs[1]->data,
			    t.umem + 2048 + 64 + XDP_PACKET_HEADROOM);
	KUNIT_EXPECT_EQ(test, xsk_buff_xdp_get_dma(bufs[1]),
			xsk_buff_raw_get_dma(t.pool, 2048) + 64 +
			XDP_PACKET_HEADROOM);
	KUNIT_EXPECT_EQ(test, xsk_buff_xdp_get_frame_dma(bufs[2]),
			xsk_buff_raw_get_dma(t.pool, 4 * 2048));

	/* The batch ran the ring dry (counted), and so does this. */
	KUNIT_EXPECT_EQ(test, t.pool->fq->empty_descs, 1);
	KUNIT_EXPECT_NULL(test, xsk_buff_alloc(t.pool));
	KUNIT_EXPECT_EQ(test, t.pool->fq->empty_descs, 2);
	KUNIT_EXPECT_FALSE(test, xsk_buff_can_alloc(t.pool, 1));
	for (n = 0; n < 3; n++)
		xsk_buff_free(bufs[n]);
	xsk_kunit_sock_destroy(&t);
}

static void free_and_reuse(struct kunit *test)
{
	static const u64 addrs[] = { 0, 2048, 4096 };
	struct xsk_kunit_sock t;
	struct xdp_buff *a, *b;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	fill(&t.fill, addrs, ARRAY_SIZE(addrs));
	a = xsk_buff_alloc(t.pool);
	KUNIT_ASSERT_NOT_NULL(test, a);
	xsk_buff_free(a);
	KUNIT_EXPECT_TRUE(test, xsk_buff_can_alloc(t.pool, 3));
	b = xsk_buff_alloc(t.pool);
	KUNIT_EXPECT_PTR_EQ(test, a, b);
	KUNIT_EXPECT_EQ(test, xsk_buff_of(b)->addr, 0);
	xsk_buff_free(b);
	xsk_kunit_sock_destroy(&t);
}

/* A DMA device that needs syncs, and remembers the last one. */
static struct {
	dma_addr_t addr;
	size_t size;
	u32 syncs;
} last_sync;

static dma_addr_t sync_map_page(struct device *dev, struct page *page,
				unsigned long offset, size_t size,
				enum dma_data_direction dir,
				unsigned long attrs)
{
	return page_to_phys(page) + offset;
}

static void sync_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
			    enum dma_data_direction dir, unsigned long attrs)
{
}

static void sync_record(struct device *dev, dma_addr_t addr, size_t size,
			enum dma_data_direction dir)
{
	last_sync.addr = addr;
	last_sync.size = size;
	last_sync.syncs++;
}

static const struct dma_map_ops sync_dma_ops = {
	.map_page		= sync_map_page,
	.unmap_page		= sync_unmap_page,
	.sync_single_for_cpu	= sync_record,
	.sync_single_for_device	= sync_record,
};

static void expect_synced(struct kunit *test, struct xdp_buff *xdp,
			  dma_addr_t chunk_end, u32 syncs)
{
	KUNIT_EXPECT_EQ(test, last_sync.syncs, syncs);
	KUNIT_EXPECT_EQ(test, last_sync.addr, xsk_buff_xdp_get_dma(xdp));
	KUNIT_EXPECT_EQ(test, last_sync.addr + last_sync.size, chunk_end);
}

static void dma_sync_bounds(struct kunit *test)
{
	static const u64 addrs[] = { 2048 };
	struct xsk_kunit_cfg cfg = zc_cfg;
	struct xsk_kunit_sock t;
	struct xdp_buff *xdp;
	dma_addr_t end;

	cfg.dma_ops = &sync_dma_ops;
	memset(&last_sync, 0, sizeof(last_sync));
	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &cfg), 0);
	KUNIT_ASSERT_TRUE(test, t.pool->dma_need_sync);
	fill(&t.fill, addrs, ARRAY_SIZE(addrs));
	xdp = xsk_buff_alloc(t.pool);
	KUNIT_ASSERT_NOT_NULL(test, xdp);
	/* The second chunk of a page: past its end is the next page. */
	end = xsk_buff_xdp_get_frame_dma(xdp) + 2048;
	expect_synced(test, xdp, end, 1);
	xsk_buff_dma_sync_for_cpu(xdp, t.pool);
	expect_synced(test, xdp, end, 2);
	KUNIT_EXPECT_EQ(test, xdp->frame_sz, 2048 - 64);
	KUNIT_EXPECT_PTR_EQ(test, xdp->data_hard_start + xdp->frame_sz,
			    t.umem + 2 * 2048);
	xsk_buff_free(xdp);
	xsk_kunit_sock_destroy(&t);
}

/* Allocate, size and redirect one buffer; bottom halves are off. */
static int rx_one(struct kunit *test, struct xsk_kunit_sock *t, u32 len)
{
	struct xdp_buff *b = xsk_buff_alloc(t->pool);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, b);
	xsk_buff_set_size(b, len);
	err = __xsk_map_redirect(xdp_sk(t->sock->sk), b);
	if (err)
		xsk_buff_free(b);
	return err;
}

static void rx_zc(struct kunit *test)
{
	static const u64 addrs[] = { 0, 2048, 2 * 2048, 3 * 2048, 4 * 2048,
				     5 * 2048, 6 * 2048, 7 * 2048 };
	struct xdp_rxq_info rxq = {};
	struct xsk_kunit_sock t;
	struct xdp_desc *d;
	int i;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	KUNIT_ASSERT_EQ(test, xdp_rxq_info_reg(&rxq, t.dev, 0, 0), 0);
	KUNIT_ASSERT_EQ(test,
			xdp_rxq_info_reg_mem_model(&rxq, MEM_TYPE_XSK_BUFF_POOL,
						   NULL), 0);
	xsk_pool_set_rxq_info(t.pool, &rxq);
	fill(&t.fill, addrs, 8);

	local_bh_disable();
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, rx_one(test, &t, 60 + i), 0);
	KUNIT_EXPECT_EQ(test, *t.rx.producer, 0);	/* not before the flush */
	__xsk_map_flush();
	local_bh_enable();

	KUNIT_EXPECT_EQ(test, *t.rx.producer, 8);
	KUNIT_EXPECT_EQ(test, *t.fill.consumer, 8);
	d = t.rx.entries;
	for (i = 0; i < 8; i++) {
		KUNIT_EXPECT_EQ(test, d[i].addr,
				addrs[i] + 64 + XDP_PACKET_HEADROOM);
		KUNIT_EXPECT_EQ(test, d[i].len, 60 + i);
	}

	/* User space has taken nothing: the RX ring is full. */
	fill(&t.fill, addrs, 1);
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, rx_one(test, &t, 60), -ENOBUFS);
	__xsk_map_flush();
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, xdp_sk(t.sock->sk)->rx_queue_full, 1);
	KUNIT_EXPECT_EQ(test, *t.rx.producer, 8);

	xdp_rxq_info_unreg(&rxq);
	xsk_kunit_sock_destroy(&t);
}

static void tx_zc(struct kunit *test)
{
	static const struct xdp_desc descs[] = {
		{ 0, 60, 0 }, { 2048, 9999, 0 }, { 4096, 1500, 0 },
		{ 6144, 64, 1 }, { 8192, 128, 0 },
	};
	struct xsk_kunit_sock t;
	struct xdp_desc *e;
	u64 *comp;
	u32 n, i;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	e = t.tx.entries;
	for (i = 0; i < ARRAY_SIZE(descs); i++)
		e[i] = descs[i];
	user_publish(t.tx.producer, ARRAY_SIZE(descs));

	n = xsk_tx_peek_release_desc_batch(t.pool, 8);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, t.pool->tx_descs[0].addr, 0);
	KUNIT_EXPECT_EQ(test, t.pool->tx_descs[1].addr, 4096);
	KUNIT_EXPECT_EQ(test, t.pool->tx_descs[2].len, 128);
	KUNIT_EXPECT_EQ(test, xdp_sk(t.sock->sk)->tx->invalid_descs, 2);
	KUNIT_EXPECT_EQ(test, *t.tx.consumer, 5);
	KUNIT_EXPECT_EQ(test, *t.comp.producer, 0);
	xsk_tx_completed(t.pool, n);
	KUNIT_EXPECT_EQ(test, *t.comp.producer, 3);
	comp = t.comp.entries;
	KUNIT_EXPECT_EQ(test, comp[0], 0);
	KUNIT_EXPECT_EQ(test, comp[1], 4096);
	KUNIT_EXPECT_EQ(test, comp[2], 8192);
	KUNIT_EXPECT_EQ(test, xsk_tx_peek_release_desc_batch(t.pool, 8), 0);
	xsk_kunit_sock_destroy(&t);
}

/* The producer index of r written 'ahead' entries past its consumer: a
 * lie when that is more than a ring.
 */
static void user_lie(struct xsk_kunit_ring *r, u32 ahead)
{
	user_publish(r->producer, *r->consumer + ahead);
}

/* zc_cfg's rings have 8 entries: a driver's call takes or skips at most 8.
 * The first lie is small enough that a kernel without the bound comes
 * back, with a count that shows it, and the case stops there; the second
 * is the attack.  No assertion ends a case before the socket is destroyed:
 * a leaked one would fail every case after it.
 */
static void tx_lying_producer(struct kunit *test)
{
	static const u32 lies[] = { 8 * 8, 1U << 31 };
	struct xsk_kunit_sock t;
	struct xsk_ring *tx;
	struct xdp_desc *e, d;
	u32 i, done = 0;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	tx = xdp_sk(t.sock->sk)->tx;
	e = t.tx.entries;
	for (i = 0; i < 8; i++)
		e[i] = (struct xdp_desc){ 1 << 20, 60, 0 };	/* past UMEM */
	for (i = 0; i < ARRAY_SIZE(lies); i++) {
		user_lie(&t.tx, lies[i]);
		KUNIT_EXPECT_EQ(test, xsk_tx_peek_release_desc_batch(t.pool, 8),
				0);
		done += 8;
		KUNIT_EXPECT_EQ(test, tx->invalid_descs, done);
		KUNIT_EXPECT_EQ(test, *t.tx.consumer, done);
		KUNIT_EXPECT_FALSE(test, xsk_tx_peek_desc(t.pool, &d));
		xsk_tx_release(t.pool);
		done += 8;
		KUNIT_EXPECT_EQ(test, tx->invalid_descs, done);
		KUNIT_EXPECT_EQ(test, *t.tx.consumer, done);
		if (tx->invalid_descs != done)
			break;
	}
	KUNIT_EXPECT_EQ(test, tx->empty_descs, 0);
	KUNIT_EXPECT_EQ(test, *t.comp.producer, 0);
	xsk_kunit_sock_destroy(&t);
}

static void fill_lying_producer(struct kunit *test)
{
	static const u32 lies[] = { 8 * 8, 1U << 31 };
	struct xdp_buff *bufs[16];
	struct xsk_kunit_sock t;
	struct xsk_ring *fq;
	u32 i, done = 0;
	u64 *e;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	fq = t.pool->fq;
	e = t.fill.entries;
	for (i = 0; i < 8; i++)
		e[i] = 1 << 20;		/* outside the UMEM */
	for (i = 0; i < ARRAY_SIZE(lies); i++) {
		user_lie(&t.fill, lies[i]);
		KUNIT_EXPECT_EQ(test, xsk_buff_alloc_batch(t.pool, bufs, 16), 0);
		done += 8;
		KUNIT_EXPECT_EQ(test, fq->invalid_descs, done);
		KUNIT_EXPECT_EQ(test, *t.fill.consumer, done);
		KUNIT_EXPECT_NULL(test, xsk_buff_alloc(t.pool));
		done += 8;
		KUNIT_EXPECT_EQ(test, fq->invalid_descs, done);
		if (fq->invalid_descs != done)
			break;
	}
	KUNIT_EXPECT_EQ(test, fq->empty_descs, 0);
	xsk_kunit_sock_destroy(&t);
}

static void need_wakeup(struct kunit *test)
{
	struct xsk_kunit_sock t;

	KUNIT_ASSERT_EQ(test, xsk_kunit_sock_create(&t, 0, &zc_cfg), 0);
	KUNIT_EXPECT_TRUE(test, xsk_uses_need_wakeup(t.pool));
	KUNIT_EXPECT_EQ(test, *t.fill.flags, 0);
	xsk_set_rx_need_wakeup(t.pool);
	KUNIT_EXPECT_EQ(test, *t.fill.flags, XDP_RING_NEED_WAKEUP);
	xsk_clear_rx_need_wakeup(t.pool);
	KUNIT_EXPECT_EQ(test, *t.fill.flags, 0);
	/* A TX ring starts out asking for a wakeup. */
	KUNIT_EXPECT_EQ(test, *t.tx.flags, XDP_RING_NEED_WAKEUP);
	xsk_clear_tx_need_wakeup(t.pool);
	KUNIT_EXPECT_EQ(test, *t.tx.flags, 0);
	xsk_set_tx_need_wakeup(t.pool);
	KUNIT_EXPECT_EQ(test, *t.tx.flags, XDP_RING_NEED_WAKEUP);
	xsk_kunit_sock_destroy(&t);
}

static struct kunit_case xsk_cases[] = {
	KUNIT_CASE(ring_producer),
	KUNIT_CASE(ring_unpublished),
	KUNIT_CASE(ring_consumer),
	KUNIT_CASE(desc_aligned),
	KUNIT_CASE(desc_unaligned),
	KUNIT_CASE(umem_invalid),
	KUNIT_CASE(alloc_from_fill),
	KUNIT_CASE(free_and_reuse),
	KUNIT_CASE(dma_sync_bounds),
	KUNIT_CASE(rx_zc),
	KUNIT_CASE(tx_zc),
	KUNIT_CASE(tx_lying_producer),
	KUNIT_CASE(fill_lying_producer),
	KUNIT_CASE(need_wakeup),
	{}
};

static struct kunit_suite xsk_suite = {
	.name = "xsk",
	.test_cases = xsk_cases,
};

kunit_test_suite(xsk_suite);
