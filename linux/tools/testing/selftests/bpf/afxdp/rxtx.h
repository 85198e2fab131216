/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path, checked: filling, receiving, transmitting and counting
 * with an xt_xsk (xsk.h), ending the case on anything unexpected.
 */
#ifndef XT_RXTX_H
#define XT_RXTX_H

#include "xt.h"
#include "xsk.h"

/*
 * The frame a descriptor address names in umem: in unaligned mode the
 * upper bits carry an offset to add (in aligned mode they are zero).
 */
static inline const void *xt_umem_frame(const void *umem, __u64 addr)
{
	return (const char *)umem + (addr & XSK_UNALIGNED_BUF_ADDR_MASK) +
	       (addr >> XSK_UNALIGNED_BUF_OFFSET_SHIFT);
}

/*
 * xt_xsk_open(), tried again while it fails with EBUSY (bind(): the queue)
 * or with the errno "also" (0 for none), for up to XT_WAIT_MS: a closed
 * socket gives its queue back some time after close(), and under a tight
 * RLIMIT_MEMLOCK its UMEM's pages too (also = ENOBUFS, XDP_UMEM_REG).
 * Returns what the last try did.
 */
int xt_xsk_open_wait(struct xt_xsk *x, int ifindex,
		     const struct xt_xsk_cfg *cfg, int also);

/*
 * The set-up of most data-path cases: the program attached to xt0 and x,
 * a socket opened with cfg, in the program's XSKMAP slot of its queue; in
 * zc mode, zero-copy (xt_expect_zc()).  xt_close_mapped() undoes it.
 */
void xt_open_mapped(struct xt_env *env, struct xt_prog *prog,
		    struct xt_xsk *x, const struct xt_xsk_cfg *cfg);
void xt_close_mapped(struct xt_prog *prog, struct xt_xsk *x);
/*
 * x's device has gone: SO_ERROR reads ENETDOWN once (then 0), sendto()
 * and recvfrom() are ENXIO, bind() again (to lo) is EBUSY.
 */
void xt_expect_dev_gone(struct xt_xsk *x);
/* XDP_OPTIONS of x must say XDP_OPTIONS_ZEROCOPY. */
void xt_expect_zc(struct xt_xsk *x);

/*
 * Put the base addresses of chunks first..first + n - 1 on the FILL ring;
 * in zc mode, then xt_fill_wait() unless the FILL ring's flag asks for a
 * kick first.
 */
void xt_fill_chunks(struct xt_xsk *x, unsigned int first, unsigned int n);
/* The same without the wait: for a copy-mode socket in zc mode, or a
 * zero-copy one whose queue runs no XDP yet.
 */
void xt_fill_only(struct xt_xsk *x, unsigned int first, unsigned int n);
/*
 * Wait until the kernel has taken every FILL entry of x: a zero-copy
 * device drops a frame that comes before its driver has posted a buffer
 * for it, and the driver posts what it takes in the same NAPI poll.  The
 * series publishes its consumer index at once; 6.1 does not while its
 * cached view of the ring is empty, but it counts each look that finds
 * the ring empty in rx_fill_ring_empty_descs.  Until one or the other
 * shows, a socket with a TX ring kicks NAPI with sendto() (which wakes RX
 * and TX alike; recvfrom() wakes nothing without need_wakeup).  Zero-copy
 * only, and for a FILL ring that one queue's NAPI takes from: in copy
 * mode the ring is looked at for frames only, and a FILL ring shared by
 * two queues is looked at by two.
 */
void xt_fill_wait(struct xt_xsk *x);
/* The same, for the rings of a socket that libxdp maps. */
void xt_fill_posted(int fd, bool kick, const __u32 *producer,
		    const __u32 *consumer);

/* Wait (up to XT_WAIT_MS) until r holds at least n entries: true if it
 * does.
 */
bool xt_ring_wait(const struct xt_ring *r, unsigned int n);

/* Wait until the RX ring holds at least n descriptors. */
void xt_rx_wait(struct xt_xsk *x, unsigned int n);

/*
 * Wait for and take n descriptors from the RX ring into d[]: they must be
 * the xt_frame()s of lengths lens[] and sequence numbers seq0, seq0 + 1...
 * in that order, byte-exact in umem (the area of x's UMEM), options 0.
 */
void xt_rx_expect(struct xt_env *env, struct xt_xsk *x, const void *umem,
		  struct xdp_desc *d, const unsigned int *lens,
		  unsigned int n, uint32_t seq0);

/* Wait until the program's counter reaches v, and check it is exactly v. */
void xt_prog_wait(struct xt_prog *p, __u32 which, __u64 v);

/* Frames a copy-mode kick sends by default (6.1's, and upstream's). */
#define XT_TX_BUDGET 32

/*
 * Send d[0..n-1] through x's TX ring and take ncomp addresses, in the order
 * they come, from the COMPLETION ring comp (x's own, or that of the socket
 * whose UMEM x shares) into done[]: queue what the TX ring has room for,
 * kick, take completions, again, until all came back.  Every kick must
 * return 0, which is the answer while no kick can reach the budget: n is at
 * most XT_TX_BUDGET, or comp has room for fewer (a full COMPLETION ring is
 * 0 too).  The answers at the budget are test_tx.c's tx_kick_* cases.
 */
void xt_tx_complete(struct xt_xsk *x, struct xt_ring *comp,
		    const struct xdp_desc *d, unsigned int n, __u64 *done,
		    unsigned int ncomp);

/*
 * Receive n frames on the AF_PACKET socket fd: they must be those of d[]
 * in umem, in that order, byte-exact.
 */
void xt_packet_expect(int fd, const void *umem, const struct xdp_desc *d,
		      unsigned int n);

/*
 * The socket's XDP_STATISTICS must be exactly the designated initializers
 * given (the fields not named are zero): XT_STATS(fd, .rx_dropped = 1).
 * In zc mode the two "empty" counters count the driver's looks at an
 * empty FILL or TX ring, as many as its NAPI polls happen to make: there
 * they are not compared.
 */
#define XT_STATS(fd, ...) do {						\
	struct xdp_statistics _w = { __VA_ARGS__ }, _s;			\
	XT_OK(xt_statistics(fd, &_s));					\
	XT_EQ(_s.rx_dropped, _w.rx_dropped);				\
	XT_EQ(_s.rx_invalid_descs, _w.rx_invalid_descs);		\
	XT_EQ(_s.tx_invalid_descs, _w.tx_invalid_descs);		\
	XT_EQ(_s.rx_ring_full, _w.rx_ring_full);			\
	if (xt_run_mode != XT_ZC) {					\
		XT_EQ(_s.rx_fill_ring_empty_descs,			\
		      _w.rx_fill_ring_empty_descs);			\
		XT_EQ(_s.tx_ring_empty_descs, _w.tx_ring_empty_descs);	\
	}								\
} while (0)

#endif
