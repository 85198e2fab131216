/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sock_diag for AF_XDP sockets: the netlink messages with which tools such
 * as `ss --xdp` list XDP sockets.  Part of the ABI, as in Linux 6.1.
 */
#ifndef _LINUX_XDP_DIAG_H
#define _LINUX_XDP_DIAG_H

#include <linux/types.h>

struct xdp_diag_req {
	__u8	sdiag_family;		/* AF_XDP */
	__u8	sdiag_protocol;
	__u16	pad;
	__u32	xdiag_ino;
	__u32	xdiag_show;		/* XDP_SHOW_* */
	__u32	xdiag_cookie[2];
};

struct xdp_diag_msg {
	__u8	xdiag_family;
	__u8	xdiag_type;
	__u16	pad;
	__u32	xdiag_ino;
	__u32	xdiag_cookie[2];
};

/* What to report, in xdiag_show */
#define XDP_SHOW_INFO		(1 << 0)	/* XDP_DIAG_INFO, XDP_DIAG_UID */
#define XDP_SHOW_RING_CFG	(1 << 1)	/* XDP_DIAG_*_RING */
#define XDP_SHOW_UMEM		(1 << 2)	/* XDP_DIAG_UMEM + its rings */
#define XDP_SHOW_MEMINFO	(1 << 3)	/* XDP_DIAG_MEMINFO */
#define XDP_SHOW_STATS		(1 << 4)	/* XDP_DIAG_STATS */

/* Attributes of a reply */
enum {
	XDP_DIAG_NONE,
	XDP_DIAG_INFO,			/* struct xdp_diag_info */
	XDP_DIAG_UID,			/* __u32 */
	XDP_DIAG_RX_RING,		/* struct xdp_diag_ring */
	XDP_DIAG_TX_RING,		/* struct xdp_diag_ring */
	XDP_DIAG_UMEM,			/* struct xdp_diag_umem */
	XDP_DIAG_UMEM_FILL_RING,	/* struct xdp_diag_ring */
	XDP_DIAG_UMEM_COMPLETION_RING,	/* struct xdp_diag_ring */
	XDP_DIAG_MEMINFO,		/* __u32[SK_MEMINFO_VARS] */
	XDP_DIAG_STATS,			/* struct xdp_diag_stats */
	__XDP_DIAG_MAX,
};

#define XDP_DIAG_MAX (__XDP_DIAG_MAX - 1)

struct xdp_diag_info {
	__u32	ifindex;
	__u32	queue_id;
};

struct xdp_diag_ring {
	__u32	entries;
};

/* flags of struct xdp_diag_umem */
#define XDP_DU_F_ZEROCOPY (1 << 0)

struct xdp_diag_umem {
	__u64	size;
	__u32	id;
	__u32	num_pages;
	__u32	chunk_size;
	__u32	headroom;
	__u32	ifindex;
	__u32	queue_id;
	__u32	flags;
	__u32	refs;
};

struct xdp_diag_stats {
	__u64	n_rx_dropped;
	__u64	n_rx_invalid;
	__u64	n_rx_full;
	__u64	n_fill_ring_empty;
	__u64	n_tx_invalid;
	__u64	n_tx_ring_empty;
};

#endif /* _LINUX_XDP_DIAG_H */
