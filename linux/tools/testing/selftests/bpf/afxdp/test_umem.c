// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/*
 * setsockopt(XDP_UMEM_REG).
 *
 * umem_chunk_ok: aligned chunks of 2048 and 4096 bytes, and unaligned
 *	(XDP_UMEM_UNALIGNED_CHUNK_FLAG) chunks of 3000 and 2048 bytes, register.
 * umem_chunk_bad: EINVAL for aligned chunks of 1024, 2047, 3072 (not a
 *	power of two) and 8192 (above PAGE_SIZE), and unaligned chunks of
 *	2047 and 8192; then the same socket registers a good UMEM, so the
 *	failures left nothing behind.
 * umem_addr_unaligned: an area that starts 64 bytes or 2048 bytes into a
 *	page: EINVAL.
 * umem_headroom: a chunk keeps 704 bytes after the headroom: with 2048-byte
 *	chunks headroom 1344 registers and 1345 is EINVAL, with 4096-byte
 *	ones 3392 and 3393, with unaligned 3000-byte ones 2296 and 2297;
 *	1792 (chunk size minus XDP_PACKET_HEADROOM), 4096 and ~0 (which
 *	overflows a 32-bit sum) are EINVAL.
 * umem_flags: flags other than XDP_UMEM_UNALIGNED_CHUNK_FLAG (1 << 1,
 *	1 << 31, ~0) are EINVAL.
 * umem_len: EINVAL for a length of 0, for one below the chunk size, for
 *	addr + len wrapping around, and, in aligned mode, for a length that
 *	is not a multiple of the chunk size (3.5 chunks); in unaligned mode
 *	3.5 chunks register.
 * umem_unmapped: an area that is not mapped: EFAULT.
 * umem_twice: registering a second UMEM on a socket: EBUSY, also with the
 *	same area.
 * umem_after_bind: XDP_UMEM_REG on a bound socket is EBUSY, on one with a
 *	UMEM of its own (copy mode on xt0) and on one that shares it.
 * umem_optlen: optlen 0, 16 and 23 are EINVAL; 24 (the first layout,
 *	without flags) registers; 32 (the current struct) registers.
 * umem_v1_ignores_flags: with optlen 24 the flags word is not read, so a
 *	bad flags value after it does not matter.
 * umem_memlock: without CAP_IPC_LOCK and with RLIMIT_MEMLOCK at 64 KiB,
 *	a 16 KiB UMEM registers and a 1 MiB one fails with ENOBUFS.
 */
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <linux/bpf.h>
#include <linux/capability.h>

#include "xt.h"
#include "xsk.h"

#define AREA		(1 << 20)	/* bytes mapped for each case */
#define UMEM_REG_V1	24		/* struct xdp_umem_reg without flags */

static int reg(int fd, void *area, __u64 len, __u32 chunk, __u32 headroom,
	       __u32 flags)
{
	return xt_umem_reg(fd, area, len, chunk, headroom, flags);
}

/* A fresh socket and reg() on it; the socket is closed. */
static int reg1(void *area, __u64 len, __u32 chunk, __u32 headroom,
		__u32 flags)
{
	int fd = XT_OK(xt_xsk_socket());
	int r = reg(fd, area, len, chunk, headroom, flags);
	int e = errno;

	close(fd);
	errno = e;
	return r;
}

static void *area(void)
{
	void *a = xt_umem_area(AREA);

	XT_TRUE(a);
	return a;
}

XT_CASE(umem_chunk_ok, XT_NONE)
{
	void *a = area();

	XT_OK(reg1(a, AREA, 2048, 0, 0));
	XT_OK(reg1(a, AREA, 4096, 0, 0));
	XT_OK(reg1(a, 30 * 3000, 3000, 0, XDP_UMEM_UNALIGNED_CHUNK_FLAG));
	XT_OK(reg1(a, AREA, 2048, 0, XDP_UMEM_UNALIGNED_CHUNK_FLAG));
}

XT_CASE(umem_chunk_bad, XT_NONE)
{
	const __u32 unaligned = XDP_UMEM_UNALIGNED_CHUNK_FLAG;
	int fd = XT_OK(xt_xsk_socket());
	void *a = area();

	XT_ERRNO(reg(fd, a, AREA, 1024, 0, 0), EINVAL);
	XT_ERRNO(reg(fd, a, AREA, 2047, 0, 0), EINVAL);
	XT_ERRNO(reg(fd, a, 3072 * 64, 3072, 0, 0), EINVAL);
	XT_ERRNO(reg(fd, a, AREA, 8192, 0, 0), EINVAL);
	XT_ERRNO(reg(fd, a, AREA, 2047, 0, unaligned), EINVAL);
	XT_ERRNO(reg(fd, a, AREA, 8192, 0, unaligned), EINVAL);
	XT_OK(reg(fd, a, AREA, 2048, 0, 0));
	close(fd);
}

XT_CASE(umem_addr_unaligned, XT_NONE)
{
	char *a = area();

	XT_ERRNO(reg1(a + 64, AREA / 2, 2048, 0, 0), EINVAL);
	XT_ERRNO(reg1(a + 2048, AREA / 2, 2048, 0, 0), EINVAL);
	XT_ERRNO(reg1(a + 64, AREA / 2, 2048, 0,
		      XDP_UMEM_UNALIGNED_CHUNK_FLAG), EINVAL);
}

XT_CASE(umem_headroom, XT_NONE)
{
	const __u32 unaligned = XDP_UMEM_UNALIGNED_CHUNK_FLAG;
	void *a = area();

	XT_OK(reg1(a, AREA, 2048, 1344, 0));
	XT_ERRNO(reg1(a, AREA, 2048, 1345, 0), EINVAL);
	XT_OK(reg1(a, AREA, 4096, 3392, 0));
	XT_ERRNO(reg1(a, AREA, 4096, 3393, 0), EINVAL);
	XT_OK(reg1(a, AREA / 2, 3000, 2296, unaligned));
	XT_ERRNO(reg1(a, AREA / 2, 3000, 2297, unaligned), EINVAL);
	XT_ERRNO(reg1(a, AREA, 2048, 2048 - XDP_PACKET_HEADROOM, 0), EINVAL);
	XT_ERRNO(reg1(a, AREA, 2048, 4096, 0), EINVAL);
	XT_ERRNO(reg1(a, AREA, 2048, ~0u, 0), EINVAL);
}

XT_CASE(umem_flags, XT_NONE)
{
	void *a = area();

	XT_ERRNO(reg1(a, AREA, 2048, 0, 1 << 1), EINVAL);
	XT_ERRNO(reg1(a, AREA, 2048, 0, 1u << 31), EINVAL);
	XT_ERRNO(reg1(a, AREA, 2048, 0, ~0u), EINVAL);
}

XT_CASE(umem_len, XT_NONE)
{
	const __u32 unaligned = XDP_UMEM_UNALIGNED_CHUNK_FLAG;
	void *a = area();

	XT_ERRNO(reg1(a, 0, 2048, 0, 0), EINVAL);
	XT_ERRNO(reg1(a, 1024, 2048, 0, 0), EINVAL);
	XT_ERRNO(reg1(a, -4096ULL, 2048, 0, 0), EINVAL);
	XT_ERRNO(reg1(a, 7 * 1024, 2048, 0, 0), EINVAL);
	XT_OK(reg1(a, 7 * 1024, 2048, 0, unaligned));
}

XT_CASE(umem_unmapped, XT_NONE)
{
	void *a = area();

	XT_OK(munmap(a, AREA));
	XT_ERRNO(reg1(a, AREA, 2048, 0, 0), EFAULT);
}

XT_CASE(umem_twice, XT_NONE)
{
	int fd = XT_OK(xt_xsk_socket());
	char *a = area();

	XT_OK(reg(fd, a, AREA / 2, 2048, 0, 0));
	XT_ERRNO(reg(fd, a + AREA / 2, AREA / 2, 2048, 0, 0), EBUSY);
	XT_ERRNO(reg(fd, a, AREA / 2, 2048, 0, 0), EBUSY);
	close(fd);
}

XT_CASE(umem_after_bind, XT_NONE)
{
	struct xt_xsk_cfg cfg = { .bind_flags = XDP_COPY };
	struct xt_xsk x, y;
	char *a = area();

	XT_EQ(xt_xsk_open(&x, env->ifindex, &cfg), 0);
	XT_ERRNO(reg(x.fd, a, AREA, 2048, 0, 0), EBUSY);
	cfg = (struct xt_xsk_cfg){ .shared = &x };
	XT_EQ(xt_xsk_open(&y, env->ifindex, &cfg), 0);
	XT_ERRNO(reg(y.fd, a, AREA, 2048, 0, 0), EBUSY);
	xt_xsk_close(&y);
	xt_xsk_close(&x);
}

static int reg_optlen(int fd, void *a, __u32 flags, socklen_t optlen)
{
	struct xdp_umem_reg mr = {
		.addr = (__u64)(unsigned long)a,
		.len = AREA,
		.chunk_size = 2048,
		.flags = flags,
	};

	return setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, optlen);
}

XT_CASE(umem_optlen, XT_NONE)
{
	int fd = XT_OK(xt_xsk_socket());
	void *a = area();

	XT_EQ(sizeof(struct xdp_umem_reg), 32);
	XT_ERRNO(reg_optlen(fd, a, 0, 0), EINVAL);
	XT_ERRNO(reg_optlen(fd, a, 0, 16), EINVAL);
	XT_ERRNO(reg_optlen(fd, a, 0, UMEM_REG_V1 - 1), EINVAL);
	XT_OK(reg_optlen(fd, a, 0, UMEM_REG_V1));
	close(fd);
	fd = XT_OK(xt_xsk_socket());
	XT_OK(reg_optlen(fd, a, 0, sizeof(struct xdp_umem_reg)));
	close(fd);
}

XT_CASE(umem_v1_ignores_flags, XT_NONE)
{
	int fd = XT_OK(xt_xsk_socket());
	void *a = area();

	XT_ERRNO(reg_optlen(fd, a, ~0u, sizeof(struct xdp_umem_reg)), EINVAL);
	XT_OK(reg_optlen(fd, a, ~0u, UMEM_REG_V1));
	close(fd);
}

XT_CASE(umem_memlock, XT_NONE)
{
	struct rlimit rl = { 64 << 10, 64 << 10 };
	void *a = area();

	xt_drop_cap(CAP_IPC_LOCK);
	XT_OK(setrlimit(RLIMIT_MEMLOCK, &rl));
	XT_OK(reg1(a, 16 << 10, 2048, 0, 0));
	XT_ERRNO(reg1(a, AREA, 2048, 0, 0), ENOBUFS);
}
