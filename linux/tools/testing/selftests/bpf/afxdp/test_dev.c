// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * The device under a bound socket goes down, or away.
 *
 * dev_down: a copy-mode socket bound to xt0 with one frame received on
 *	its RX ring and one frame on its TX ring; xt0 set down: recvmsg() is
 *	ENETDOWN, a sendto() kick is ENETDOWN and leaves the frame on the TX
 *	ring, uncompleted, and poll() for POLLIN | POLLOUT reports neither, as
 *	6.1 reports no event on a down device.  xt0 up again: the kick sends
 *	the frame, its address completes, the peer receives it; poll() then
 *	reports POLLIN | POLLOUT, the received frame is intact and recvmsg()
 *	returns 0.
 * dev_gone: a bound socket whose veth pair is deleted: SO_ERROR reads
 *	ENETDOWN once (then 0); sendto() and recvmsg() are ENXIO; bind() again
 *	(to lo) is EBUSY; XDP_STATISTICS still answers, all zero; close()
 *	succeeds (the harness's kmemleak scan and splat check cover the rest).
 */
#include <poll.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>

#include "rxtx.h"

/* recvmsg() as an application wakes the kernel up on the RX path. */
static ssize_t xsk_recv(int fd)
{
	return recvfrom(fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

/* poll() for POLLIN | POLLOUT, without waiting: returns revents. */
static short xsk_poll(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };

	XT_OK(poll(&pfd, 1, 0));
	return pfd.revents;
}

/*
 * Not in zc: 6.1's i40e_vsi_stop_rings() clears QTX_ENA of the LAN TX
 * queues only, then waits for the XDP TX queues to stop as well ("XDP Tx
 * ring disable timeout"), and an XDP TX queue left enabled keeps the ring
 * it was given before: after down and up nothing it is given is sent
 * (seen on both kernels, on the model, which reads a queue's context when
 * the queue is enabled, as the datasheet says).  i40e_main.c is not the
 * series'.
 */
XT_CASE_NO_ZC(dev_down, XT_BOTH,
	      "i40e leaves XDP TX queues enabled across down/up")
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	static const unsigned int rx_len = 100;
	struct xdp_desc d = { .len = 200 }, rd;
	struct xt_prog prog;
	struct xt_xsk x;
	__u64 done;
	int pfd;

	xt_open_mapped(env, &prog, &x, &cfg);
	xt_fill_chunks(&x, 0, 1);
	xt_peer_send_frames(env, &rx_len, 1, 0);
	xt_rx_wait(&x, 1);
	/* Only now: it would see the peer's frame go out. */
	pfd = xt_peer_socket(env);
	d.addr = 3 * x.chunk_size;
	xt_frame_out(env, (char *)x.umem + d.addr, d.len, 7);
	XT_EQ(xt_tx(&x.tx, &d, 1), 1);

	xt_sh("ip link set xt0 down");
	XT_ERRNO(xsk_recv(x.fd), ENETDOWN);
	XT_ERRNO(xt_kick(x.fd), ENETDOWN);
	XT_EQ(xsk_poll(x.fd), 0);
	XT_EQ(xt_ring_used(&x.tx), 1);
	XT_EQ(xt_ring_used(&x.comp), 0);

	xt_sh("ip link set xt0 up && ip -n %s link set xt1 up", env->peer_ns);
	xt_tx_complete(&x, &x.comp, &d, 0, &done, 1);
	XT_EQ(done, d.addr);
	xt_packet_expect(pfd, x.umem, &d, 1);
	XT_EQ(xsk_poll(x.fd), POLLIN | POLLOUT);
	xt_rx_expect(env, &x, x.umem, &rd, &rx_len, 1, 0);
	XT_OK(xsk_recv(x.fd));
	close(pfd);
	xt_close_mapped(&prog, &x);
}

XT_CASE(dev_gone, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xdp_statistics st;
	struct xt_xsk x;

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	xt_sh("ip link del xt0");
	xt_expect_dev_gone(&x);
	XT_OK(xt_statistics(x.fd, &st));
	XT_EQ(st.rx_dropped | st.rx_invalid_descs | st.tx_invalid_descs |
	      st.rx_ring_full | st.rx_fill_ring_empty_descs |
	      st.tx_ring_empty_descs, 0);
	XT_OK(close(x.fd));
	x.fd = -1;
	xt_xsk_close(&x);
}
