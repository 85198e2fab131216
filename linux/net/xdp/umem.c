// SPDX-License-Identifier: GPL-2.0
/* AF_XDP UMEM registration: validate what user space asks for, charge it
 * to RLIMIT_MEMLOCK, pin its pages and map them in one piece.
 */

#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/xdp_sock_drv.h>

#include "xsk.h"

static DEFINE_IDA(xsk_umem_ids);

/* The smallest frame a chunk must have room for after its headrooms. */
#define XSK_MIN_FRAME	128

/* Is mr a UMEM 6.1 would register?  All the answers are -EINVAL. */
static bool xsk_umem_reg_valid(const struct xdp_umem_reg *mr)
{
	bool unaligned = mr->flags & XDP_UMEM_UNALIGNED_CHUNK_FLAG;
	u64 chunks, rem;

	if (mr->chunk_size < XDP_UMEM_MIN_CHUNK_SIZE ||
	    mr->chunk_size > PAGE_SIZE)
		return false;
	if (mr->flags & ~XDP_UMEM_UNALIGNED_CHUNK_FLAG)
		return false;
	if (!unaligned && !is_power_of_2(mr->chunk_size))
		return false;
	if (!PAGE_ALIGNED(mr->addr) || mr->addr + mr->len < mr->addr)
		return false;
	if (DIV_ROUND_UP_ULL(mr->len, PAGE_SIZE) > U32_MAX)
		return false;
	chunks = div64_u64_rem(mr->len, mr->chunk_size, &rem);
	if (!chunks || chunks > U32_MAX || (!unaligned && rem))
		return false;
	/* After both headrooms a chunk still holds a frame of at least
	 * XSK_MIN_FRAME bytes and the skb_shared_info a copy-mode skb built
	 * around it needs, as 6.1 asks.
	 */
	return (u64)mr->headroom + XDP_PACKET_HEADROOM + XSK_MIN_FRAME +
	       SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) <=
	       mr->chunk_size;
}

/* Charge the pages to the user's RLIMIT_MEMLOCK, unless CAP_IPC_LOCK. */
static int xsk_umem_charge(struct xdp_umem *umem)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	struct user_struct *user;
	long old;

	if (capable(CAP_IPC_LOCK))
		return 0;
	user = get_uid(current_user());
	old = atomic_long_read(&user->locked_vm);
	do {
		if (old + umem->npgs > limit) {
			free_uid(user);
			return -ENOBUFS;
		}
	} while (!atomic_long_try_cmpxchg(&user->locked_vm, &old,
					  old + umem->npgs));
	umem->user = user;
	return 0;
}

static void xsk_umem_uncharge(struct xdp_umem *umem)
{
	if (!umem->user)
		return;
	atomic_long_sub(umem->npgs, &umem->user->locked_vm);
	free_uid(umem->user);
}

static int xsk_umem_pin(struct xdp_umem *umem, unsigned long addr)
{
	long pinned;

	umem->pgs = kvcalloc(umem->npgs, sizeof(*umem->pgs),
			     GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!umem->pgs)
		return -ENOMEM;

	mmap_read_lock(current->mm);
	pinned = pin_user_pages(addr, umem->npgs, FOLL_WRITE | FOLL_LONGTERM,
				umem->pgs, NULL);
	mmap_read_unlock(current->mm);

	if (pinned == umem->npgs)
		return 0;
	if (pinned > 0)
		unpin_user_pages(umem->pgs, pinned);
	kvfree(umem->pgs);
	return pinned < 0 ? pinned : -ENOMEM;
}

static void xsk_umem_unpin(struct xdp_umem *umem)
{
	unpin_user_pages_dirty_lock(umem->pgs, umem->npgs, true);
	kvfree(umem->pgs);
}

/* A UMEM with its id, before its pages are found. */
static struct xdp_umem *xsk_umem_new(const struct xdp_umem_reg *mr)
{
	struct xdp_umem *umem;

	if (!xsk_umem_reg_valid(mr))
		return ERR_PTR(-EINVAL);
	umem = kzalloc(sizeof(*umem), GFP_KERNEL);
	if (!umem)
		return ERR_PTR(-ENOMEM);
	umem->id = ida_alloc(&xsk_umem_ids, GFP_KERNEL);
	if (umem->id < 0) {
		kfree(umem);
		return ERR_PTR(-ENOMEM);
	}
	umem->size = mr->len;
	umem->npgs = DIV_ROUND_UP_ULL(mr->len, PAGE_SIZE);
	umem->chunks = div_u64(mr->len, mr->chunk_size);
	umem->chunk_size = mr->chunk_size;
	umem->headroom = mr->headroom;
	umem->flags = mr->flags;
	refcount_set(&umem->users, 1);
	INIT_LIST_HEAD(&umem->dma_maps);
	return umem;
}

static void xsk_umem_free(struct xdp_umem *umem)
{
	ida_free(&xsk_umem_ids, umem->id);
	kfree(umem);
}

/* A UMEM for XDP_UMEM_REG, or an ERR_PTR() with the errno for user space. */
struct xdp_umem *xsk_umem_create(const struct xdp_umem_reg *mr)
{
	struct xdp_umem *umem;
	int err;

	umem = xsk_umem_new(mr);
	if (IS_ERR(umem))
		return umem;
	err = xsk_umem_charge(umem);
	if (err)
		goto free_umem;
	err = xsk_umem_pin(umem, mr->addr);
	if (err)
		goto uncharge;
	umem->addrs = vmap(umem->pgs, umem->npgs, VM_MAP, PAGE_KERNEL);
	if (!umem->addrs) {
		err = -ENOMEM;
		goto unpin;
	}
	return umem;

unpin:
	xsk_umem_unpin(umem);
uncharge:
	xsk_umem_uncharge(umem);
free_umem:
	xsk_umem_free(umem);
	return ERR_PTR(err);
}

void xsk_umem_get(struct xdp_umem *umem)
{
	refcount_inc(&umem->users);
}

static void xsk_umem_free_kernel_pages(struct xdp_umem *umem, u32 n)
{
	while (n--)
		__free_page(umem->pgs[n]);
	kvfree(umem->pgs);
}

/* Process context only: the last put unpins. */
void xsk_umem_put(struct xdp_umem *umem)
{
	might_sleep();
	if (!refcount_dec_and_test(&umem->users))
		return;
	vunmap(umem->addrs);
	if (umem->kernel_pages) {
		xsk_umem_free_kernel_pages(umem, umem->npgs);
	} else {
		xsk_umem_unpin(umem);
		xsk_umem_uncharge(umem);
	}
	xsk_umem_free(umem);
}

#if IS_ENABLED(CONFIG_XDP_SOCKETS_KUNIT_TEST)
/* KUnit: a UMEM of kernel pages (mr->addr unused), there being no user. */
struct xdp_umem *xsk_umem_create_kernel(const struct xdp_umem_reg *mr)
{
	struct xdp_umem *umem;
	u32 i;

	umem = xsk_umem_new(mr);
	if (IS_ERR(umem))
		return umem;
	umem->kernel_pages = true;
	umem->pgs = kvcalloc(umem->npgs, sizeof(*umem->pgs), GFP_KERNEL);
	if (!umem->pgs)
		goto free_umem;
	for (i = 0; i < umem->npgs; i++) {
		umem->pgs[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!umem->pgs[i])
			goto free_pages;
	}
	umem->addrs = vmap(umem->pgs, umem->npgs, VM_MAP, PAGE_KERNEL);
	if (umem->addrs)
		return umem;
free_pages:
	xsk_umem_free_kernel_pages(umem, i);
free_umem:
	xsk_umem_free(umem);
	return ERR_PTR(-ENOMEM);
}
#endif
