/* SPDX-License-Identifier: GPL-2.0 */
/* AF_XDP rings.
 *
 * A ring is an array of 2^n entries with a producer and a consumer index,
 * shared with user space through mmap().  The indices are free-running u32
 * counters; an index's slot is index & mask.  Every ring has exactly one
 * producer and one consumer:
 *
 *	ring		producer		consumer
 *	FILL		user space		kernel (buffer allocation)
 *	RX		kernel			user space
 *	TX		user space		kernel (transmit)
 *	COMPLETION	kernel			user space
 *
 * Memory ordering, one contract for both sides of every ring:
 *
 *  (P1) producer: writes entries, then smp_store_release(producer index)
 *  (C1) consumer: smp_load_acquire(producer index), then reads entries
 *  (C2) consumer: reads entries, then smp_store_release(consumer index)
 *  (P2) producer: smp_load_acquire(consumer index), then reuses entries
 *
 * P1 pairs with C1: a consumer that sees a producer index sees the entries
 * written before it.  C2 pairs with P2: a producer that sees a consumer
 * index knows the consumer has finished reading the entries before it.
 * User space follows the same contract (Documentation/networking/af_xdp.rst
 * spells it out for applications); the barriers below name these labels.
 *
 * Batching.  Each side works on private cursors, cached_prod and
 * cached_cons, and touches the shared indices only at batch boundaries:
 * a producer fills entries at cached_prod and publishes (P1) at the end of
 * a batch; it reads the consumer index (P2) only when its cached view says
 * the ring is full.  A consumer takes entries at cached_cons and reads the
 * producer index (C1) only when its cached view says the ring is empty; it
 * publishes its own index (C2) right before that, so that no entry it has
 * taken stays unreleased while it finds nothing more to take (a store
 * before a load: C2 may become visible after C1 has read, which costs user
 * space nothing but a later look), and also at the end of a batch where
 * the ring's user waits for it (FILL at flush, zero-copy TX in
 * xsk_tx_release()).  Copy-mode TX publishes only on the refresh, as 6.1
 * does.
 *
 * need_wakeup.  The flags word has one writer, the kernel: at ring
 * creation, then only the context that consumes the ring (the queue's NAPI
 * poll for FILL and zero-copy TX), so a read-modify-write of it needs no
 * atomic.  XDP_RING_NEED_WAKEUP on FILL or TX says the kernel has stopped
 * taking from that ring until user space kicks it (recvfrom(), sendto(),
 * poll()).  It is a wait/wake handshake on two words, and each side
 * needs a full barrier between its store and its load:
 *
 *  (W1) kernel: sets the flag, smp_mb(), then looks at the ring again:
 *       the FILL or TX producer index, or the consumer index of an RX
 *       ring that was full
 *  (W2) user space: publishes its index (FILL or TX producer, RX
 *       consumer), full barrier, then reads the flag
 *
 * W1 pairs with W2: either the kernel sees what user space published or
 * user space sees the flag.  xsk_set_{rx,tx}_need_wakeup() give W1's
 * barrier; the look that follows is the caller's: a driver raises the
 * FILL flag when it could not refill and then takes from FILL once more
 * (i40e), it raises the TX flag before it takes from TX, and a frame that
 * a zero-copy socket's full RX ring refuses raises the FILL flag before
 * the RX consumer index is read again (xsk_rcv_zc()); for a full RX ring,
 * W2 is releasing RX entries and then reading the FILL ring's flag.  A
 * driver that does not look again can lose the wakeup: with its ring
 * empty no interrupt comes, and what user space added in between waits
 * for user space's next kick.  A producer without W2's barrier (libxdp's
 * xsk_ring_prod__needs_wakeup() has none) may likewise miss a flag set at
 * that moment: the entries then wait for the next kick, which an
 * application that checks the flag on every batch gives.
 * pool->cached_need_wakeup mirrors the flags for the kernel's own kick
 * paths; it is written by the same single writer with WRITE_ONCE() and
 * read locklessly with READ_ONCE(): a stale value costs one kick too many
 * or one left to the next call.
 *
 * A kernel-produced ring may publish fewer entries than it has written:
 * the COMPLETION ring of a copy-mode socket reserves a slot per frame when
 * it is sent and fills it when the frame is freed; prod_pub is how far the
 * kernel has published.  The kernel's own position on a ring it produces is
 * cached_prod and prod_pub, never what the shared producer index says;
 * only poll()'s hints read it back.
 *
 * User space is not trusted: each shared index is read once, a count
 * derived from it is bounded (a producer index by the ring size; a
 * consumer index that is behind the kernel's view or past prod_pub leaves
 * that view as it was), and an entry is copied out of the ring before it
 * is looked at, so that validation and use see the same value.  Masking
 * keeps every access inside the ring whatever the indices.  A consumer
 * call takes or skips at most a ring's worth of entries (xsk_cons_left()):
 * the bound on one look does not bound a loop that looks again each time
 * its cached view empties, and invalid entries cost no budget.
 */
#ifndef _NET_XDP_RING_H
#define _NET_XDP_RING_H

#include <linux/if_xdp.h>
#include <linux/types.h>
#include <asm/barrier.h>

/* The shared part, as mapped by user space.  Producer and consumer index
 * each get two cache lines, so that the adjacent-line prefetcher does not
 * pull one side's line into the other side's cache; the flags word shares
 * the consumer's second line.  The offsets this yields (0, 128, 196 and 320
 * with 64-byte lines) are those of Linux 6.1.
 */
#define XSK_RING_LINE	(SMP_CACHE_BYTES / sizeof(u32))

struct xsk_ring_shared {
	u32 producer;
	u32 pad0[2 * XSK_RING_LINE - 1];
	u32 consumer;
	u32 pad1[XSK_RING_LINE];
	u32 flags;
	u32 pad2[2 * XSK_RING_LINE - 2];
	u8 entries[];	/* struct xdp_desc or u64 */
};

struct xsk_ring {
	struct xsk_ring_shared *shared;
	void *entries;		/* shared->entries */
	u32 mask;		/* number of entries - 1 */
	u32 cached_prod;
	u32 cached_cons;
	u32 prod_pub;		/* kernel producer: published up to here */
	u64 invalid_descs;	/* consumer: entries skipped as invalid */
	u64 empty_descs;	/* consumer: wanted an entry, found none */
	size_t map_size;	/* bytes user space may map */
};

static inline u32 xsk_ring_entries(const struct xsk_ring *q)
{
	return q->mask + 1;
}

/* --- producer side (RX, COMPLETION) --- */

/* Free slots; looks at the consumer index only if the cache says none. */
static inline u32 xsk_prod_room(struct xsk_ring *q)
{
	u32 used = q->cached_prod - q->cached_cons;
	u32 cons;

	if (used < xsk_ring_entries(q))
		return xsk_ring_entries(q) - used;
	/* P2: pairs with C2 of user space */
	cons = smp_load_acquire(&q->shared->consumer);
	/* User space can only have taken what was published: slots written
	 * or reserved past prod_pub are not its to give back.
	 */
	if (cons - q->cached_cons <= q->prod_pub - q->cached_cons)
		q->cached_cons = cons;
	return xsk_ring_entries(q) - (q->cached_prod - q->cached_cons);
}

static inline void xsk_prod_write_addr(struct xsk_ring *q, u64 addr)
{
	u64 *addrs = q->entries;

	addrs[q->cached_prod++ & q->mask] = addr;
}

static inline void xsk_prod_write_desc(struct xsk_ring *q, u64 addr, u32 len)
{
	struct xdp_desc *d = (struct xdp_desc *)q->entries +
			     (q->cached_prod++ & q->mask);

	d->addr = addr;
	d->len = len;
	d->options = 0;
}

/* Publish everything written so far. */
static inline void xsk_prod_submit(struct xsk_ring *q)
{
	q->prod_pub = q->cached_prod;
	/* P1: pairs with C1 of user space */
	smp_store_release(&q->shared->producer, q->prod_pub);
}

/* Publish the next n entries written (COMPLETION ring, zero-copy). */
static inline void xsk_prod_submit_n(struct xsk_ring *q, u32 n)
{
	q->prod_pub += n;
	/* P1: pairs with C1 of user space */
	smp_store_release(&q->shared->producer, q->prod_pub);
}

/* Fill the oldest reserved slot and publish it (COMPLETION, copy mode). */
static inline void xsk_prod_submit_addr(struct xsk_ring *q, u64 addr)
{
	u64 *addrs = q->entries;

	addrs[q->prod_pub & q->mask] = addr;
	xsk_prod_submit_n(q, 1);
}

/* Has user space taken everything published?  (poll(); a hint only) */
static inline bool xsk_prod_drained(struct xsk_ring *q)
{
	return READ_ONCE(q->shared->consumer) ==
	       READ_ONCE(q->shared->producer);
}

/* --- consumer side (FILL, TX) --- */

/* Hand the entries taken so far back to user space. */
static inline void xsk_cons_release(struct xsk_ring *q)
{
	/* C2: pairs with P2 of user space */
	smp_store_release(&q->shared->consumer, q->cached_cons);
}

/* Entries ready to take, at most max; looks at the producer index only
 * when the cached view is empty.  Takes are q->cached_cons++.
 */
static inline u32 xsk_cons_peek(struct xsk_ring *q, u32 max)
{
	u32 ready = q->cached_prod - q->cached_cons;
	u32 prod;

	if (!ready) {
		xsk_cons_release(q);
		/* C1: pairs with P1 of user space */
		prod = smp_load_acquire(&q->shared->producer);
		ready = prod - q->cached_cons;
		/* More than a ring's worth is a lie: take one ring. */
		if (ready > xsk_ring_entries(q))
			ready = xsk_ring_entries(q);
		q->cached_prod = q->cached_cons + ready;
	}
	return min(ready, max);
}

/* Entries a consumer call that started at cached_cons == start may still
 * take or skip: a ring's worth in all.  A producer index written far ahead
 * (a lie: up to 2^32 - 1 entries) has each look at the ring see a ring's
 * worth, so a loop that skips invalid entries until it finds a valid one
 * or the ring empty would otherwise walk all of them in one call.
 */
static inline u32 xsk_cons_left(const struct xsk_ring *q, u32 start)
{
	u32 done = q->cached_cons - start;

	return done < xsk_ring_entries(q) ? xsk_ring_entries(q) - done : 0;
}

static inline u64 xsk_cons_read_addr(struct xsk_ring *q, u32 idx)
{
	u64 *addrs = q->entries;

	return READ_ONCE(addrs[idx & q->mask]);
}

static inline void xsk_cons_read_desc(struct xsk_ring *q, u32 idx,
				      struct xdp_desc *d)
{
	struct xdp_desc *e = (struct xdp_desc *)q->entries + (idx & q->mask);

	d->addr = READ_ONCE(e->addr);
	d->len = READ_ONCE(e->len);
	d->options = READ_ONCE(e->options);
}

/* Entries user space has produced and the kernel not taken (poll()). */
static inline u32 xsk_cons_pending(struct xsk_ring *q)
{
	return READ_ONCE(q->shared->producer) - READ_ONCE(q->shared->consumer);
}

/* --- flags (one writer; see need_wakeup above) --- */

/* W1's store; the barrier orders it before the writer's next look at the
 * producer index.
 */
static inline void xsk_ring_set_flags(struct xsk_ring *q, u32 flags)
{
	WRITE_ONCE(q->shared->flags, READ_ONCE(q->shared->flags) | flags);
	/* W1: pairs with W2 of user space */
	smp_mb();
}

static inline void xsk_ring_clear_flags(struct xsk_ring *q, u32 flags)
{
	WRITE_ONCE(q->shared->flags, READ_ONCE(q->shared->flags) & ~flags);
}

struct xsk_ring *xsk_ring_create(u32 entries, bool addr_ring);
void xsk_ring_destroy(struct xsk_ring *q);

#endif /* _NET_XDP_RING_H */
