// SPDX-License-Identifier: GPL-2.0
/* AF_XDP rings: allocation.  The protocol is in ring.h. */

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/shmparam.h>

#include "ring.h"

/* A ring of 'entries' u64 addresses (FILL, COMPLETION) or descriptors (RX,
 * TX).  The shared part is zeroed vmalloc memory that mmap() hands to user
 * space whole.  Its pages are charged to the caller's memory cgroup, as is
 * the small struct around it; __GFP_NORETRY makes pages over the cgroup's
 * limit ENOMEM for the setsockopt() rather than an OOM kill in the cgroup.
 */
struct xsk_ring *xsk_ring_create(u32 entries, bool addr_ring)
{
	size_t esize = addr_ring ? sizeof(u64) : sizeof(struct xdp_desc);
	struct xsk_ring *q;
	size_t size;

	/* The offsets user space has always been given (ring.h). */
	BUILD_BUG_ON(offsetof(struct xsk_ring_shared, consumer) !=
		     2 * SMP_CACHE_BYTES);
	BUILD_BUG_ON(offsetof(struct xsk_ring_shared, flags) !=
		     3 * SMP_CACHE_BYTES + sizeof(u32));
	BUILD_BUG_ON(offsetof(struct xsk_ring_shared, entries) !=
		     5 * SMP_CACHE_BYTES);

	size = size_add(sizeof(struct xsk_ring_shared),
			size_mul(entries, esize));
	if (size == SIZE_MAX)
		return NULL;
	size = PAGE_ALIGN(size);

	q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
	if (!q)
		return NULL;
	/* As vmalloc_user(), but charged; quiet: a huge size is user input,
	 * not a bug.
	 */
	q->shared = __vmalloc_node_range(size, SHMLBA, VMALLOC_START,
					 VMALLOC_END,
					 GFP_KERNEL_ACCOUNT | __GFP_ZERO |
					 __GFP_NOWARN | __GFP_NORETRY,
					 PAGE_KERNEL, VM_USERMAP, NUMA_NO_NODE,
					 __builtin_return_address(0));
	if (!q->shared) {
		kfree(q);
		return NULL;
	}
	q->entries = q->shared->entries;
	q->mask = entries - 1;
	q->map_size = size;
	return q;
}

void xsk_ring_destroy(struct xsk_ring *q)
{
	if (!q)
		return;
	vfree(q->shared);
	kfree(q);
}
