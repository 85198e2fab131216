/* SPDX-License-Identifier: GPL-2.0 */
/* What xdpsock.c and its XDP program, xdpsock.bpf.c, agree on. */
#ifndef XDPSOCK_H
#define XDPSOCK_H

/* Slots in the XSKMAP: one per receive queue, indexed by queue number. */
#define XDPSOCK_MAX_QUEUES	64

#endif
