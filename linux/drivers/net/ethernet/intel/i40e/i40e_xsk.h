/* SPDX-License-Identifier: GPL-2.0 */
/* i40e AF_XDP zero-copy: a queue pair whose id has a buffer pool bound
 * receives straight into the UMEM and transmits out of it.
 *
 * The queue's RX ring then holds struct xdp_buff pointers (rx_bi_zc) to
 * buffers lent by the pool, and its XDP TX ring carries three kinds of
 * frames: descriptors taken from the sockets' TX rings, UMEM buffers sent
 * back by XDP_TX, and xdp_frames from ndo_xdp_xmit().  Everything but
 * ndo_xsk_wakeup() and pool setup runs in the queue's NAPI poll.
 */
#ifndef _I40E_XSK_H_
#define _I40E_XSK_H_

#include <linux/bits.h>
#include <linux/types.h>

struct i40e_ring;
struct i40e_vsi;
struct net_device;
struct xsk_buff_pool;

/* tx_flags of an XDP TX ring entry that holds a UMEM buffer sent by
 * XDP_TX (tx_bi->raw_buf is its struct xdp_buff); it goes back to the
 * pool when the hardware is done with it.
 */
#define I40E_TX_FLAGS_XSK_XDP_TX	BIT(11)

int i40e_queue_pair_disable(struct i40e_vsi *vsi, int queue_pair);
int i40e_queue_pair_enable(struct i40e_vsi *vsi, int queue_pair);
int i40e_xsk_pool_setup(struct i40e_vsi *vsi, struct xsk_buff_pool *pool,
			u16 qid);
bool i40e_alloc_rx_buffers_zc(struct i40e_ring *rx_ring, u16 count);
int i40e_clean_rx_irq_zc(struct i40e_ring *rx_ring, int budget);
bool i40e_clean_xdp_tx_irq(struct i40e_vsi *vsi, struct i40e_ring *tx_ring);
int i40e_xsk_wakeup(struct net_device *dev, u32 queue_id, u32 flags);
int i40e_realloc_rx_bi_zc(struct i40e_vsi *vsi, bool zc);
void i40e_clear_rx_bi_zc(struct i40e_ring *rx_ring);

#endif /* _I40E_XSK_H_ */
