/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * AF_XDP: the user-space interface of XDP sockets.
 *
 * A socket registers a UMEM (a user memory area cut into chunks) and four
 * single-producer/single-consumer rings that it maps into its address
 * space: RX and TX carry struct xdp_desc, FILL and COMPLETION carry __u64
 * UMEM addresses.  See Documentation/networking/af_xdp.rst.
 *
 * Every definition here is part of the ABI: values, layouts and sizes are
 * those of Linux 6.1.
 */
#ifndef _LINUX_IF_XDP_H
#define _LINUX_IF_XDP_H

#include <linux/types.h>

/* sxdp_flags of bind() */
#define XDP_SHARED_UMEM	(1 << 0)	/* use sxdp_shared_umem_fd's UMEM */
#define XDP_COPY	(1 << 1)	/* force copy mode */
#define XDP_ZEROCOPY	(1 << 2)	/* force zero-copy mode, or fail */
/*
 * The kernel may stop polling the FILL and TX rings and say so with
 * XDP_RING_NEED_WAKEUP in their flags; user space then wakes it with
 * poll() (RX and TX) or sendto() (TX).
 */
#define XDP_USE_NEED_WAKEUP (1 << 3)

/* flags of struct xdp_umem_reg */
#define XDP_UMEM_UNALIGNED_CHUNK_FLAG (1 << 0)

struct sockaddr_xdp {
	__u16 sxdp_family;
	__u16 sxdp_flags;
	__u32 sxdp_ifindex;
	__u32 sxdp_queue_id;
	__u32 sxdp_shared_umem_fd;
};

/* flags word of a ring */
#define XDP_RING_NEED_WAKEUP (1 << 0)

/* Byte offsets of a ring's fields in its mapping. */
struct xdp_ring_offset {
	__u64 producer;
	__u64 consumer;
	__u64 desc;
	__u64 flags;
};

struct xdp_mmap_offsets {
	struct xdp_ring_offset rx;
	struct xdp_ring_offset tx;
	struct xdp_ring_offset fr;	/* FILL */
	struct xdp_ring_offset cr;	/* COMPLETION */
};

/* Socket options, level SOL_XDP */
#define XDP_MMAP_OFFSETS		1
#define XDP_RX_RING			2
#define XDP_TX_RING			3
#define XDP_UMEM_REG			4
#define XDP_UMEM_FILL_RING		5
#define XDP_UMEM_COMPLETION_RING	6
#define XDP_STATISTICS			7
#define XDP_OPTIONS			8
#define XDP_MAX_TX_SKB_BUDGET		9	/* copy-mode frames per sendto() */

struct xdp_umem_reg {
	__u64 addr;		/* start of the area, page aligned */
	__u64 len;		/* its length in bytes */
	__u32 chunk_size;
	__u32 headroom;		/* bytes left free at the start of a chunk */
	__u32 flags;		/* XDP_UMEM_* */
};

struct xdp_statistics {
	__u64 rx_dropped;		/* for other reasons than below */
	__u64 rx_invalid_descs;		/* invalid descriptors on RX */
	__u64 tx_invalid_descs;		/* invalid descriptors on TX */
	__u64 rx_ring_full;		/* RX ring had no room */
	__u64 rx_fill_ring_empty_descs;	/* FILL ring had no address */
	__u64 tx_ring_empty_descs;	/* TX ring had no descriptor */
};

struct xdp_options {
	__u32 flags;
};

/* flags of struct xdp_options */
#define XDP_OPTIONS_ZEROCOPY (1 << 0)

/* mmap() offsets of the rings */
#define XDP_PGOFF_RX_RING			  0
#define XDP_PGOFF_TX_RING		 0x80000000
#define XDP_UMEM_PGOFF_FILL_RING	0x100000000ULL
#define XDP_UMEM_PGOFF_COMPLETION_RING	0x180000000ULL

/*
 * In unaligned chunk mode an RX or TX address carries, above bit 48, an
 * offset to add to the address in the lower 48 bits.
 */
#define XSK_UNALIGNED_BUF_OFFSET_SHIFT 48
#define XSK_UNALIGNED_BUF_ADDR_MASK \
	((1ULL << XSK_UNALIGNED_BUF_OFFSET_SHIFT) - 1)

/* An RX or TX descriptor.  FILL and COMPLETION entries are bare __u64. */
struct xdp_desc {
	__u64 addr;
	__u32 len;
	__u32 options;
};

#endif /* _LINUX_IF_XDP_H */
