// SPDX-License-Identifier: GPL-2.0
/* i40e AF_XDP zero-copy.
 *
 * Receive.  The RX ring of a zero-copy queue is refilled from the pool at
 * the end of a NAPI poll once I40E_RX_BUFFER_WRITE slots are free, with one
 * tail write for what the pool gave.  A received frame runs the XDP
 * program where it lies: XDP_REDIRECT to the socket hands the buffer over
 * without a copy, XDP_TX sends it out of the queue's XDP TX ring as it is,
 * XDP_PASS copies it into an skb, and every other outcome gives the buffer
 * back to the pool.  With need_wakeup, the FILL ring's flag is up while
 * the ring could not be refilled or a frame waits for room in the socket's
 * full RX ring (it stays on the ring and runs again), so that user space
 * kicks the queue once it has added buffers or taken frames.
 *
 * Transmit.  The XDP TX ring of the queue is cleaned and fed in NAPI.
 * The head write-back says how far the hardware got; socket frames up to
 * there are reported to the pool in one xsk_tx_completed() call, XDP_TX
 * buffers go back to the pool and ndo_xdp_xmit() frames are freed.  Then a
 * batch of descriptors from the sockets' TX rings goes on the ring with
 * one tail bump, one report-status bit for the batch.  With need_wakeup,
 * the TX flag is up while the ring is idle: no completion interrupt will
 * bring NAPI back then, so user space has to.  ndo_xsk_wakeup() only gets
 * NAPI to run.
 */

#include <linux/bpf_trace.h>
#include <linux/etherdevice.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>
#include "i40e.h"
#include "i40e_txrx_common.h"
#include "i40e_xsk.h"

/**
 * i40e_realloc_rx_bi_zc - ready the zero-copy queues' buffer-info arrays
 * @vsi: the VSI whose af_xdp_zc_qps queues change mode
 * @zc: to zero-copy entries, or back to page mode ones
 *
 * Nothing to do: i40e_setup_rx_descriptors() sizes every array for page
 * mode, whose entries are the larger, so an array fits either mode and a
 * queue pair changes mode without allocating (and so without failing).
 *
 * Return: 0.
 **/
int i40e_realloc_rx_bi_zc(struct i40e_vsi *vsi, bool zc)
{
	BUILD_BUG_ON(sizeof(struct i40e_rx_buffer) < sizeof(struct xdp_buff *));
	return 0;
}

/**
 * i40e_clear_rx_bi_zc - forget the buffers of a zero-copy RX ring
 * @rx_ring: the ring, whose buffers have gone back to the pool
 **/
void i40e_clear_rx_bi_zc(struct i40e_ring *rx_ring)
{
	memset(rx_ring->rx_bi_zc, 0,
	       sizeof(*rx_ring->rx_bi_zc) * rx_ring->count);
}

/**
 * i40e_xsk_any_rx_ring_enabled - does any queue of the VSI run zero-copy
 * @vsi: the VSI
 *
 * Only zero-copy pools count: a copy-mode socket leaves the rings alone.
 *
 * Return: true if a queue pair of @vsi has a zero-copy pool.
 **/
bool i40e_xsk_any_rx_ring_enabled(struct i40e_vsi *vsi)
{
	return vsi->af_xdp_zc_qps &&
	       !bitmap_empty(vsi->af_xdp_zc_qps, vsi->back->num_lan_qps);
}

/**
 * i40e_xsk_restart_qp - restart a queue pair in the mode af_xdp_zc_qps says
 * @vsi: the VSI, its rings running with XDP
 * @qid: the queue pair
 *
 * The RX ring keeps its buffer-info array (see i40e_realloc_rx_bi_zc()).  On
 * failure the queue pair may be stopped, half started or still running in
 * its old mode, and the PF left busy: i40e_xsk_reset_pf() sorts that out.
 *
 * Return: 0, or the error of stopping or starting the queue pair.
 **/
static int i40e_xsk_restart_qp(struct i40e_vsi *vsi, u16 qid)
{
	int err = i40e_queue_pair_disable(vsi, qid);

	return err ?: i40e_queue_pair_enable(vsi, qid);
}

/**
 * i40e_xsk_reset_pf - recover from a queue pair that did not restart
 * @vsi: the VSI
 * @qid: the queue pair
 * @err: the error of i40e_xsk_restart_qp()
 *
 * A PF reset stops every ring, gives back their buffers and sets them up
 * again in the mode af_xdp_zc_qps says, so that no ring keeps a pool
 * af_xdp_zc_qps no longer names.  Called with rtnl held, which every
 * other setter of __I40E_CONFIG_BUSY holds too: if the bit is set, the
 * failed restart left it so.
 **/
static void i40e_xsk_reset_pf(struct i40e_vsi *vsi, u16 qid, int err)
{
	struct i40e_pf *pf = vsi->back;

	netdev_warn(vsi->netdev,
		    "AF_XDP: queue pair %u did not restart (%d), resetting the PF\n",
		    qid, err);
	clear_bit(__I40E_CONFIG_BUSY, pf->state);
	i40e_do_reset(pf, BIT(__I40E_PF_RESET_REQUESTED), true);
}

/**
 * i40e_xsk_qp_live - are the VSI's rings running with XDP
 * @vsi: the VSI
 *
 * Return: true if a queue pair changing mode must be restarted; false if
 * its rings will be set up in the new mode when they next come up.
 **/
static bool i40e_xsk_qp_live(struct i40e_vsi *vsi)
{
	return netif_running(vsi->netdev) && i40e_enabled_xdp_vsi(vsi);
}

/**
 * i40e_xsk_pool_enable - put a queue pair in zero-copy on a buffer pool
 * @vsi: the VSI; only the main VSI has zero-copy
 * @pool: the pool, DMA-mapped here for the PCI device
 * @qid: the queue pair, which must have both an RX and a TX queue
 *
 * On failure no ring holds the pool.
 *
 * Return: 0, -EINVAL for another VSI or a queue id the VSI or netdev does
 * not have, or the error of mapping the pool or restarting the queue pair.
 **/
static int i40e_xsk_pool_enable(struct i40e_vsi *vsi,
				struct xsk_buff_pool *pool, u16 qid)
{
	struct net_device *netdev = vsi->netdev;
	int err;

	if (vsi->type != I40E_VSI_MAIN || qid >= vsi->num_queue_pairs ||
	    qid >= netdev->real_num_rx_queues ||
	    qid >= netdev->real_num_tx_queues)
		return -EINVAL;

	err = xsk_pool_dma_map(pool, &vsi->back->pdev->dev, I40E_RX_DMA_ATTR);
	if (err)
		return err;
	set_bit(qid, vsi->af_xdp_zc_qps);
	if (!i40e_xsk_qp_live(vsi))
		return 0;

	err = i40e_xsk_restart_qp(vsi, qid);
	if (err) {
		clear_bit(qid, vsi->af_xdp_zc_qps);
		i40e_xsk_reset_pf(vsi, qid, err);
		xsk_pool_dma_unmap(pool, I40E_RX_DMA_ATTR);
		return err;
	}
	/* Without need_wakeup nobody else gets the RX ring filled. */
	i40e_xsk_wakeup(netdev, qid, XDP_WAKEUP_RX);
	return 0;
}

/**
 * i40e_xsk_pool_disable - take a queue pair out of zero-copy
 * @vsi: the VSI
 * @qid: the queue pair; its pool is unmapped here
 *
 * Allocates nothing and cannot fail once @qid is found zero-copy: the core
 * lets go of the pool whatever this returns.
 *
 * Return: 0, or -EINVAL if @qid has no zero-copy pool.
 **/
static int i40e_xsk_pool_disable(struct i40e_vsi *vsi, u16 qid)
{
	struct xsk_buff_pool *pool;
	int err;

	pool = xsk_get_pool_from_qid(vsi->netdev, qid);
	if (!pool || !test_bit(qid, vsi->af_xdp_zc_qps))
		return -EINVAL;

	clear_bit(qid, vsi->af_xdp_zc_qps);
	if (i40e_xsk_qp_live(vsi)) {
		err = i40e_xsk_restart_qp(vsi, qid);
		if (err)
			i40e_xsk_reset_pf(vsi, qid, err);
	}
	/* The rings gave every buffer back when they were cleaned. */
	xsk_pool_dma_unmap(pool, I40E_RX_DMA_ATTR);
	return 0;
}

/**
 * i40e_xsk_pool_setup - ndo_bpf(XDP_SETUP_XSK_POOL)
 * @vsi: the VSI
 * @pool: the pool to run @qid on in zero-copy, or NULL to stop
 * @qid: the queue pair
 *
 * Called with rtnl held.
 *
 * Return: 0 or a negative errno, as i40e_xsk_pool_enable() and
 * i40e_xsk_pool_disable() give.
 **/
int i40e_xsk_pool_setup(struct i40e_vsi *vsi, struct xsk_buff_pool *pool,
			u16 qid)
{
	return pool ? i40e_xsk_pool_enable(vsi, pool, qid) :
		      i40e_xsk_pool_disable(vsi, qid);
}

/**
 * i40e_alloc_rx_buffers_zc - post buffers from the pool to an RX ring
 * @rx_ring: the zero-copy RX ring
 * @count: how many, from next_to_use on
 *
 * One tail write covers all the buffers posted.
 *
 * Return: true if all @count were posted, false if the pool ran short.
 **/
bool i40e_alloc_rx_buffers_zc(struct i40e_ring *rx_ring, u16 count)
{
	u16 ntu = rx_ring->next_to_use;
	union i40e_rx_desc *rx_desc;
	u32 posted = 0, want, n, i;
	struct xdp_buff **bi;

	while (posted < count) {
		/* A batch fills a run of rx_bi_zc: up to the ring's end. */
		want = min_t(u32, count - posted, rx_ring->count - ntu);
		bi = &rx_ring->rx_bi_zc[ntu];
		n = xsk_buff_alloc_batch(rx_ring->xsk_pool, bi, want);
		rx_desc = I40E_RX_DESC(rx_ring, ntu);
		for (i = 0; i < n; i++, rx_desc++) {
			rx_desc->read.pkt_addr =
				cpu_to_le64(xsk_buff_xdp_get_dma(bi[i]));
			/* Overlays the status word: no stale DD bit. */
			rx_desc->read.hdr_addr = 0;
		}
		posted += n;
		ntu += n;
		if (ntu == rx_ring->count)
			ntu = 0;
		if (n < want)
			break;
	}
	if (posted)
		i40e_release_rx_desc(rx_ring, ntu);
	return posted == count;
}

/**
 * i40e_xmit_xdp_tx_zc - XDP_TX of a zero-copy buffer
 * @xdp_ring: the queue's XDP TX ring
 * @pool: the pool the buffer belongs to
 * @xdp: the buffer, sent as it is; it goes back to the pool on completion
 *
 * Return: true if the frame is on the ring, false if the ring is full.
 **/
static bool i40e_xmit_xdp_tx_zc(struct i40e_ring *xdp_ring,
				struct xsk_buff_pool *pool,
				struct xdp_buff *xdp)
{
	u16 ntu = xdp_ring->next_to_use;
	struct i40e_tx_buffer *bi = &xdp_ring->tx_bi[ntu];
	struct i40e_tx_desc *tx_desc = I40E_TX_DESC(xdp_ring, ntu);
	u32 len = xdp->data_end - xdp->data;
	dma_addr_t dma;

	if (unlikely(!I40E_DESC_UNUSED(xdp_ring))) {
		xdp_ring->tx_stats.tx_busy++;
		return false;
	}
	/* The program may have moved data from where it was lent. */
	dma = xsk_buff_xdp_get_dma(xdp) + (xdp->data - xdp->data_hard_start) -
	      XDP_PACKET_HEADROOM;
	xsk_buff_raw_dma_sync_for_device(pool, dma, len);

	bi->raw_buf = xdp;
	bi->tx_flags = I40E_TX_FLAGS_XSK_XDP_TX;
	bi->bytecount = len;
	bi->gso_segs = 1;
	tx_desc->buffer_addr = cpu_to_le64(dma);
	tx_desc->cmd_type_offset_bsz =
		build_ctob(I40E_TX_DESC_CMD_ICRC | I40E_TX_DESC_CMD_EOP |
			   I40E_TX_DESC_CMD_RS, 0, len, 0);
	xdp_ring->xdp_tx_active++;
	xdp_ring->next_to_use = ntu + 1 == xdp_ring->count ? 0 : ntu + 1;
	return true;
}

/**
 * i40e_run_xdp_zc - run the XDP program on a received zero-copy frame
 * @rx_ring: the RX ring it came in on
 * @xdp: the frame
 * @xdp_prog: the program, or NULL
 *
 * Return: I40E_XDP_PASS, I40E_XDP_REDIR, I40E_XDP_TX, I40E_XDP_CONSUMED, or
 * I40E_XDP_EXIT for a frame that is to stay on the ring and run again.
 * Unless it is I40E_XDP_PASS or I40E_XDP_EXIT, the buffer is no longer the
 * caller's.
 **/
static unsigned int i40e_run_xdp_zc(struct i40e_ring *rx_ring,
				    struct xdp_buff *xdp,
				    struct bpf_prog *xdp_prog)
{
	struct i40e_ring *xdp_ring;
	int err;
	u32 act;

	if (unlikely(!xdp_prog))
		return I40E_XDP_PASS;

	act = bpf_prog_run_xdp(xdp_prog, xdp);
	switch (act) {
	case XDP_REDIRECT:
		err = xdp_do_redirect(rx_ring->netdev, xdp, xdp_prog);
		if (likely(!err))
			return I40E_XDP_REDIR;
		/* The socket's RX ring is full.  With need_wakeup the frame
		 * waits on the ring for the kick that comes once user space
		 * has made room; without, nobody would kick: drop it.
		 */
		if (err == -ENOBUFS && xsk_uses_need_wakeup(rx_ring->xsk_pool))
			return I40E_XDP_EXIT;
		break;
	case XDP_PASS:
		return I40E_XDP_PASS;
	case XDP_TX:
		xdp_ring = rx_ring->vsi->xdp_rings[rx_ring->queue_index];
		if (i40e_xmit_xdp_tx_zc(xdp_ring, rx_ring->xsk_pool, xdp))
			return I40E_XDP_TX;
		break;
	case XDP_DROP:
		xsk_buff_free(xdp);
		return I40E_XDP_CONSUMED;
	default:
		bpf_warn_invalid_xdp_action(rx_ring->netdev, xdp_prog, act);
		fallthrough;
	case XDP_ABORTED:
		break;
	}
	trace_xdp_exception(rx_ring->netdev, xdp_prog, act);
	xsk_buff_free(xdp);
	return I40E_XDP_CONSUMED;
}

/**
 * i40e_pass_zc - hand an XDP_PASS frame to the stack
 * @rx_ring: the RX ring it came in on
 * @rx_desc: its descriptor, for i40e_process_skb_fields()
 * @xdp: the frame; copied with its metadata into an skb, then freed
 **/
static void i40e_pass_zc(struct i40e_ring *rx_ring,
			 union i40e_rx_desc *rx_desc, struct xdp_buff *xdp)
{
	unsigned int totalsize = xdp->data_end - xdp->data_meta;
	unsigned int metasize = xdp->data - xdp->data_meta;
	struct sk_buff *skb;

	net_prefetch(xdp->data_meta);
	skb = __napi_alloc_skb(&rx_ring->q_vector->napi, totalsize,
			       GFP_ATOMIC | __GFP_NOWARN);
	if (likely(skb)) {
		memcpy(__skb_put(skb, totalsize), xdp->data_meta, totalsize);
		if (metasize) {
			skb_metadata_set(skb, metasize);
			__skb_pull(skb, metasize);
		}
	}
	xsk_buff_free(xdp);
	if (unlikely(!skb)) {
		rx_ring->rx_stats.alloc_buff_failed++;
		return;
	}
	if (eth_skb_pad(skb))
		return;
	i40e_process_skb_fields(rx_ring, rx_desc, skb);
	napi_gro_receive(&rx_ring->q_vector->napi, skb);
}

/**
 * i40e_rx_frame_ok - is a written-back descriptor one whole, good frame
 * @rx_ring: the RX ring, whose non_eop_descs count a frame without EOP
 * @qword: the descriptor's status_error_len word
 *
 * rxmax keeps a frame to one buffer, so a descriptor without EOP is an
 * error here, not the start of a chain.
 *
 * Return: true for a frame with EOP, no receive error and a length.
 **/
static bool i40e_rx_frame_ok(struct i40e_ring *rx_ring, u64 qword)
{
	if (unlikely(!(qword & BIT(I40E_RX_DESC_STATUS_EOF_SHIFT)))) {
		rx_ring->rx_stats.non_eop_descs++;
		return false;
	}
	return !(qword & BIT(I40E_RXD_QW1_ERROR_SHIFT +
			     I40E_RX_DESC_ERROR_RXE_SHIFT)) &&
	       (qword & I40E_RXD_QW1_LENGTH_PBUF_MASK);
}

/**
 * i40e_clean_rx_irq_zc - NAPI receive on a zero-copy RX ring
 * @rx_ring: the ring
 * @budget: at most this many frames
 *
 * Receives, then refills the ring from the pool once I40E_RX_BUFFER_WRITE
 * descriptors are free, and sets or clears the FILL ring's need_wakeup
 * flag.  With need_wakeup, a frame the socket's full RX ring refuses stays
 * on the ring and receiving stops there, as in 6.1: the flag is up, and the
 * kick that comes once user space has made room runs it again.
 *
 * Return: the frames received, or @budget to be polled again when the ring
 * could not be refilled and nobody (without need_wakeup) would kick it.
 **/
int i40e_clean_rx_irq_zc(struct i40e_ring *rx_ring, int budget)
{
	unsigned int total_rx_bytes = 0, total_rx_packets = 0;
	struct xsk_buff_pool *pool = rx_ring->xsk_pool;
	struct bpf_prog *xdp_prog = READ_ONCE(rx_ring->xdp_prog);
	u16 ntc = rx_ring->next_to_clean;
	bool failure = false, stalled = false;
	unsigned int xdp_xmit = 0;
	u16 unused;

	while (likely(total_rx_packets < (unsigned int)budget) &&
	       ntc != rx_ring->next_to_use) {
		union i40e_rx_desc *rx_desc = I40E_RX_DESC(rx_ring, ntc);
		struct xdp_buff *xdp;
		unsigned int size, res;
		u64 qword;

		qword = le64_to_cpu(rx_desc->wb.qword1.status_error_len);
		if (!(qword & BIT(I40E_RX_DESC_STATUS_DD_SHIFT)))
			break;
		/* The rest of the descriptor only once DD says it is done. */
		dma_rmb();

		xdp = rx_ring->rx_bi_zc[ntc];
		if (unlikely(i40e_rx_is_programming_status(qword))) {
			i40e_clean_programming_status(rx_ring,
						      rx_desc->raw.qword[0],
						      qword);
			xsk_buff_free(xdp);
		} else if (unlikely(!i40e_rx_frame_ok(rx_ring, qword))) {
			xsk_buff_free(xdp);
		} else {
			size = (qword & I40E_RXD_QW1_LENGTH_PBUF_MASK) >>
			       I40E_RXD_QW1_LENGTH_PBUF_SHIFT;
			xsk_buff_set_size(xdp, size);
			xsk_buff_dma_sync_for_cpu(xdp, pool);

			res = i40e_run_xdp_zc(rx_ring, xdp, xdp_prog);
			/* The frame stays on the ring, to be run again. */
			if (res == I40E_XDP_EXIT) {
				stalled = true;
				break;
			}
			if (res == I40E_XDP_PASS)
				i40e_pass_zc(rx_ring, rx_desc, xdp);
			xdp_xmit |= res;
			total_rx_bytes += size;
			total_rx_packets++;
		}
		rx_ring->rx_bi_zc[ntc] = NULL;
		if (++ntc == rx_ring->count)
			ntc = 0;
	}
	rx_ring->next_to_clean = ntc;

	i40e_finalize_xdp_rx(rx_ring, xdp_xmit);
	i40e_update_rx_stats(rx_ring, total_rx_bytes, total_rx_packets);

	/* A tail write per batch of I40E_RX_BUFFER_WRITE; an empty ring
	 * (count - 1 free, at least 63) is always past it.
	 */
	unused = I40E_DESC_UNUSED(rx_ring);
	if (unused >= I40E_RX_BUFFER_WRITE)
		failure = !i40e_alloc_rx_buffers_zc(rx_ring, unused);
	/* W1 of the ring's need_wakeup contract: the flag goes up, then the
	 * FILL ring is looked at once more, so that buffers user space adds
	 * meanwhile are either taken here or find the flag up and kick.  The
	 * look is a peek: a FILL ring still empty is counted once.
	 */
	if (failure && xsk_uses_need_wakeup(pool)) {
		xsk_set_rx_need_wakeup(pool);
		unused = I40E_DESC_UNUSED(rx_ring);
		if (xsk_buff_can_alloc(pool, 1))
			failure = !i40e_alloc_rx_buffers_zc(rx_ring, unused);
	}
	if (failure)
		rx_ring->rx_stats.alloc_buff_failed++;

	if (xsk_uses_need_wakeup(pool)) {
		if (failure || stalled ||
		    rx_ring->next_to_clean == rx_ring->next_to_use)
			xsk_set_rx_need_wakeup(pool);
		else
			xsk_clear_rx_need_wakeup(pool);
		return (int)total_rx_packets;
	}
	/* Nobody will kick: keep polling until the FILL ring has buffers. */
	return failure ? budget : (int)total_rx_packets;
}

/**
 * i40e_xsk_clean_rx_ring - give the buffers of a stopped RX ring back
 * @rx_ring: the ring; its posted buffers go back to the pool
 **/
void i40e_xsk_clean_rx_ring(struct i40e_ring *rx_ring)
{
	u16 i = rx_ring->next_to_clean;

	while (i != rx_ring->next_to_use) {
		xsk_buff_free(rx_ring->rx_bi_zc[i]);
		rx_ring->rx_bi_zc[i] = NULL;
		if (++i == rx_ring->count)
			i = 0;
	}
}

/**
 * i40e_xsk_free_xdpf - free a sent ndo_xdp_xmit() frame
 * @tx_ring: the XDP TX ring
 * @i: the frame's first descriptor
 * @done: descriptors from @i on that the hardware is done with
 *
 * Return: the descriptors the frame used, or 0 if it does not fit in
 * @done and stays on the ring.
 **/
static u16 i40e_xsk_free_xdpf(struct i40e_ring *tx_ring, u16 i, u16 done)
{
	struct i40e_tx_buffer *head = &tx_ring->tx_bi[i];
	struct i40e_tx_buffer *bi;
	u16 last, n, j;

	last = head->next_to_watch ?
	       head->next_to_watch - I40E_TX_DESC(tx_ring, 0) : i;
	n = (last >= i ? last - i : last + tx_ring->count - i) + 1;
	if (n > done)
		return 0;

	xdp_return_frame(head->xdpf);
	for (j = 0; j < n; j++) {
		bi = &tx_ring->tx_bi[i];
		if (dma_unmap_len(bi, len))
			dma_unmap_single(tx_ring->dev, dma_unmap_addr(bi, dma),
					 dma_unmap_len(bi, len),
					 DMA_TO_DEVICE);
		dma_unmap_len_set(bi, len, 0);
		if (++i == tx_ring->count)
			i = 0;
	}
	head->xdpf = NULL;
	head->next_to_watch = NULL;
	return n;
}

/**
 * i40e_xsk_reclaim - reclaim the descriptors the hardware is done with
 * @tx_ring: the XDP TX ring
 * @head: reclaim from next_to_clean up to here
 * @bytes: set to the bytes of the XDP frames reclaimed
 *
 * XDP_TX buffers go back to the pool and ndo_xdp_xmit() frames are freed;
 * socket frames are completed to the pool, all in one call.
 *
 * Return: the XDP frames reclaimed; socket frames are not counted.
 **/
static u32 i40e_xsk_reclaim(struct i40e_ring *tx_ring, u16 head, u32 *bytes)
{
	u16 ntc = tx_ring->next_to_clean, count = tx_ring->count;
	u16 done = head >= ntc ? head - ntc : head + count - ntc;
	u32 xsk_frames = 0, xdp_frames = 0;
	struct i40e_tx_buffer *bi;
	u16 used;

	*bytes = 0;
	if (!done)
		return 0;
	if (likely(!tx_ring->xdp_tx_active)) {
		/* Only socket frames in flight. */
		xsk_frames = done;
		ntc += done;
		done = 0;
	}
	while (done) {
		bi = &tx_ring->tx_bi[ntc];
		used = 1;
		if (bi->tx_flags & I40E_TX_FLAGS_XSK_XDP_TX) {
			xsk_buff_free(bi->raw_buf);
			bi->raw_buf = NULL;
			bi->tx_flags = 0;
		} else if (bi->xdpf) {
			used = i40e_xsk_free_xdpf(tx_ring, ntc, done);
			if (!used)
				break;
		} else {
			xsk_frames++;
			goto next;
		}
		tx_ring->xdp_tx_active--;
		xdp_frames++;
		*bytes += bi->bytecount;
next:
		done -= used;
		ntc += used;
		if (ntc >= count)
			ntc -= count;
	}
	if (ntc >= count)
		ntc -= count;
	tx_ring->next_to_clean = ntc;
	if (xsk_frames)
		xsk_tx_completed(tx_ring->xsk_pool, xsk_frames);
	return xdp_frames;
}

/**
 * i40e_xmit_zc - put frames from the sockets' TX rings on the XDP TX ring
 * @xdp_ring: the XDP TX ring
 * @budget: at most this many, which the ring has room for
 *
 * One tail bump and one report-status bit cover the batch.  Its stats are
 * counted here: the ring keeps no per-descriptor record of a socket frame.
 *
 * Return: how many frames went on the ring.
 **/
static u32 i40e_xmit_zc(struct i40e_ring *xdp_ring, u32 budget)
{
	struct xsk_buff_pool *pool = xdp_ring->xsk_pool;
	struct xdp_desc *descs = pool->tx_descs;
	struct i40e_tx_desc *tx_desc = NULL;
	u16 ntu = xdp_ring->next_to_use;
	u32 n, i, bytes = 0;
	dma_addr_t dma;

	n = xsk_tx_peek_release_desc_batch(pool, budget);
	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		dma = xsk_buff_raw_get_dma(pool, descs[i].addr);
		xsk_buff_raw_dma_sync_for_device(pool, dma, descs[i].len);
		tx_desc = I40E_TX_DESC(xdp_ring, ntu);
		tx_desc->buffer_addr = cpu_to_le64(dma);
		tx_desc->cmd_type_offset_bsz =
			build_ctob(I40E_TX_DESC_CMD_ICRC | I40E_TX_DESC_CMD_EOP,
				   0, descs[i].len, 0);
		bytes += descs[i].len;
		if (++ntu == xdp_ring->count)
			ntu = 0;
	}
	/* The head write-back after the last one covers the whole batch. */
	tx_desc->cmd_type_offset_bsz |=
		cpu_to_le64((u64)I40E_TX_DESC_CMD_RS << I40E_TXD_QW1_CMD_SHIFT);
	xdp_ring->next_to_use = ntu;
	i40e_xdp_ring_update_tail(xdp_ring);
	i40e_update_tx_stats(xdp_ring, n, bytes);
	return n;
}

/**
 * i40e_clean_xdp_tx_irq - NAPI transmit on a zero-copy XDP TX ring
 * @vsi: the VSI, for work_limit
 * @tx_ring: the XDP TX ring
 *
 * Reclaims what the hardware sent, then sends at most work_limit more
 * frames from the sockets, and sets or clears the TX need_wakeup flag.
 *
 * Return: true when done, false to be polled again.
 **/
bool i40e_clean_xdp_tx_irq(struct i40e_vsi *vsi, struct i40e_ring *tx_ring)
{
	struct xsk_buff_pool *pool = tx_ring->xsk_pool;
	u32 frames, bytes, budget, sent;

	frames = i40e_xsk_reclaim(tx_ring, i40e_get_head(tx_ring), &bytes);
	if (frames)
		i40e_update_tx_stats(tx_ring, frames, bytes);

	/* Up before looking at the TX rings: a frame user space adds
	 * after our look finds it up and kicks.
	 */
	if (xsk_uses_need_wakeup(pool) &&
	    tx_ring->next_to_clean == tx_ring->next_to_use)
		xsk_set_tx_need_wakeup(pool);

	budget = min_t(u32, I40E_DESC_UNUSED(tx_ring), vsi->work_limit);
	sent = budget ? i40e_xmit_zc(tx_ring, budget) : 0;

	/* Frames in flight: their completion brings NAPI back. */
	if (xsk_uses_need_wakeup(pool) &&
	    tx_ring->next_to_clean != tx_ring->next_to_use)
		xsk_clear_tx_need_wakeup(pool);

	i40e_arm_wb(tx_ring, vsi, budget - sent);
	/* A full ring waits for completions, not for another poll. */
	return !budget || sent < budget;
}

/**
 * i40e_xsk_clean_tx_ring - give back everything on a stopped XDP TX ring
 * @tx_ring: the ring; its frames, sent or not, are completed or freed
 **/
void i40e_xsk_clean_tx_ring(struct i40e_ring *tx_ring)
{
	u32 bytes;

	if (!tx_ring->tx_bi)
		return;
	i40e_xsk_reclaim(tx_ring, tx_ring->next_to_use, &bytes);
	tx_ring->xdp_tx_active = 0;
}

/**
 * i40e_xsk_wakeup - ndo_xsk_wakeup(): get a queue's NAPI to run
 * @dev: the netdev
 * @queue_id: the queue pair
 * @flags: XDP_WAKEUP_RX and/or XDP_WAKEUP_TX; one NAPI poll does both
 *
 * Return: 0, -EAGAIN while the PF is being reconfigured, -ENETDOWN if the
 * VSI is down, -EINVAL if XDP is off or @queue_id has no zero-copy pool.
 **/
int i40e_xsk_wakeup(struct net_device *dev, u32 queue_id, u32 flags)
{
	struct i40e_netdev_priv *np = netdev_priv(dev);
	struct i40e_vsi *vsi = np->vsi;
	struct i40e_ring *ring;

	if (test_bit(__I40E_CONFIG_BUSY, vsi->back->state))
		return -EAGAIN;
	if (test_bit(__I40E_VSI_DOWN, vsi->state))
		return -ENETDOWN;
	if (!i40e_enabled_xdp_vsi(vsi) || queue_id >= vsi->num_queue_pairs)
		return -EINVAL;
	ring = vsi->xdp_rings[queue_id];
	if (!ring->xsk_pool)
		return -EINVAL;

	/* A poll under way looks again; otherwise raise the interrupt, so
	 * that NAPI runs on the CPU it belongs to.
	 */
	if (!napi_if_scheduled_mark_missed(&ring->q_vector->napi))
		i40e_force_wb(vsi, ring->q_vector);
	return 0;
}
