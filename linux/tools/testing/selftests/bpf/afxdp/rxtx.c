// SPDX-License-Identifier: GPL-2.0
/* The data path, checked; see rxtx.h. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/if_ether.h>

#include "rxtx.h"

int xt_xsk_open_wait(struct xt_xsk *x, int ifindex,
		     const struct xt_xsk_cfg *cfg, int also)
{
	int ms, r;

	for (ms = 0;; ms += 10) {
		r = xt_xsk_open(x, ifindex, cfg);
		if ((r != -EBUSY && (!also || r != -also)) || ms >= XT_WAIT_MS)
			return r;
		xt_xsk_close(x);
		usleep(10000);
	}
}

void xt_open_mapped(struct xt_env *env, struct xt_prog *prog,
		    struct xt_xsk *x, const struct xt_xsk_cfg *cfg)
{
	xt_prog_attach(env, prog);
	XT_EQ(xt_xsk_open(x, env->ifindex, cfg), 0);
	if (env->mode == XT_ZC)
		xt_expect_zc(x);
	xt_xskmap_set(prog, cfg->queue, x->fd);
}

void xt_expect_dev_gone(struct xt_xsk *x)
{
	socklen_t len = sizeof(int);
	int err;

	XT_OK(getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &len));
	XT_EQ(err, ENETDOWN);
	XT_OK(getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &len));
	XT_EQ(err, 0);
	XT_ERRNO(xt_kick(x->fd), ENXIO);
	XT_ERRNO(recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL), ENXIO);
	XT_ERRNO(xt_bind(x->fd, if_nametoindex("lo"), 0, XDP_COPY, 0), EBUSY);
}

void xt_expect_zc(struct xt_xsk *x)
{
	struct xdp_options opts;
	socklen_t len = sizeof(opts);

	XT_OK(getsockopt(x->fd, SOL_XDP, XDP_OPTIONS, &opts, &len));
	if (!(opts.flags & XDP_OPTIONS_ZEROCOPY))
		XT_FAIL("zc mode, but the socket is not zero-copy");
}

void xt_close_mapped(struct xt_prog *prog, struct xt_xsk *x)
{
	xt_xsk_close(x);
	xt_prog_detach(prog);
}

void xt_fill_only(struct xt_xsk *x, unsigned int first, unsigned int n)
{
	__u64 addr;
	unsigned int i;

	for (i = first; i < first + n; i++) {
		addr = (__u64)i * x->chunk_size;
		if (xt_fill(&x->fill, &addr, 1) != 1)
			XT_FAIL("FILL ring full at chunk %u", i);
	}
}

void xt_fill_chunks(struct xt_xsk *x, unsigned int first, unsigned int n)
{
	xt_fill_only(x, first, n);
	/* Unless the driver waits for a kick, which is the caller's. */
	if (xt_run_mode == XT_ZC && !*x->fill.flags)
		xt_fill_wait(x);
}

void xt_fill_posted(int fd, bool kick, const __u32 *producer,
		    const __u32 *consumer)
{
	struct xdp_statistics st;
	__u64 empty;
	int ms;

	XT_OK(xt_statistics(fd, &st));
	empty = st.rx_fill_ring_empty_descs;
	for (ms = 0; ms < XT_WAIT_MS; ms += 10) {
		if (__atomic_load_n(consumer, __ATOMIC_ACQUIRE) == *producer)
			return;
		/* Two looks that found the ring empty since the fill: the
		 * second began after it, and the entries were gone.
		 */
		XT_OK(xt_statistics(fd, &st));
		if (st.rx_fill_ring_empty_descs >= empty + 2)
			return;
		if (kick)
			XT_OK(xt_kick(fd));
		usleep(10000);
	}
	XT_FAIL("FILL ring: consumer %u, producer %u", *consumer, *producer);
}

void xt_fill_wait(struct xt_xsk *x)
{
	xt_fill_posted(x->fd, x->tx.size, x->fill.producer, x->fill.consumer);
}

struct ring_wait {
	const struct xt_ring *r;
	unsigned int n;
};

static bool ring_has(void *p)
{
	struct ring_wait *w = p;

	return xt_ring_used(w->r) >= w->n;
}

bool xt_ring_wait(const struct xt_ring *r, unsigned int n)
{
	struct ring_wait w = { r, n };

	return xt_wait(ring_has, &w, XT_WAIT_MS);
}

void xt_rx_wait(struct xt_xsk *x, unsigned int n)
{
	if (!xt_ring_wait(&x->rx, n))
		XT_FAIL("%u of %u frames arrived", xt_ring_used(&x->rx), n);
}

void xt_rx_expect(struct xt_env *env, struct xt_xsk *x, const void *umem,
		  struct xdp_desc *d, const unsigned int *lens,
		  unsigned int n, uint32_t seq0)
{
	unsigned int i;
	uint32_t seq;

	xt_rx_wait(x, n);
	XT_EQ(xt_rx(&x->rx, d, n), n);
	for (i = 0; i < n; i++) {
		XT_EQ(d[i].len, lens[i]);
		XT_EQ(d[i].options, 0);
		if (!xt_frame_ok(env, xt_umem_frame(umem, d[i].addr), d[i].len,
				 &seq))
			XT_FAIL("frame %u: bytes differ from what was sent", i);
		XT_EQ(seq, seq0 + i);
	}
}

struct counter_wait {
	struct xt_prog *p;
	__u32 which;
	__u64 v;
};

static bool counter_has(void *p)
{
	struct counter_wait *w = p;

	return xt_prog_counter(w->p, w->which) >= w->v;
}

void xt_prog_wait(struct xt_prog *p, __u32 which, __u64 v)
{
	struct counter_wait w = { p, which, v };

	xt_wait(counter_has, &w, XT_WAIT_MS);
	XT_EQ(xt_prog_counter(p, which), v);
}

void xt_tx_complete(struct xt_xsk *x, struct xt_ring *comp,
		    const struct xdp_desc *d, unsigned int n, __u64 *done,
		    unsigned int ncomp)
{
	unsigned int sent = 0, got = 0, idle = 0, more;

	/* The kicks' answer is 0 only where none can reach the budget. */
	XT_TRUE(n <= XT_TX_BUDGET || comp->size < XT_TX_BUDGET);
	while (got < ncomp) {
		sent += xt_tx(&x->tx, d + sent, n - sent);
		/* Kick only what waits on the TX ring. */
		if (xt_ring_used(&x->tx) && xt_kick(x->fd))
			XT_FAIL("sendto: %s, expected 0", strerror(errno));
		more = xt_comp(comp, done + got, ncomp - got);
		got += more;
		idle = more ? 0 : idle + 1;
		if (idle > XT_WAIT_MS)
			XT_FAIL("%u of %u descriptors sent, %u of %u completed",
				sent, n, got, ncomp);
		if (!more)
			usleep(1000);
	}
	XT_EQ(sent, n);
}

void xt_packet_expect(int fd, const void *umem, const struct xdp_desc *d,
		      unsigned int n)
{
	static const unsigned char zero[ETH_ZLEN];
	unsigned char buf[ETH_FRAME_LEN + 4096];
	unsigned int i, len;

	for (i = 0; i < n; i++) {
		/* Between XL710 ports a shorter frame arrives zero-padded
		 * to the Ethernet minimum: i40e pads what it receives.
		 */
		len = d[i].len;
		if (xt_run_mode == XT_ZC && len < ETH_ZLEN)
			len = ETH_ZLEN;
		XT_EQ(xt_packet_recv(fd, buf, sizeof(buf)), len);
		if (memcmp(buf, xt_umem_frame(umem, d[i].addr), d[i].len) ||
		    memcmp(buf + d[i].len, zero, len - d[i].len))
			XT_FAIL("frame %u: bytes differ from what was sent", i);
	}
}
