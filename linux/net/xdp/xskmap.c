// SPDX-License-Identifier: GPL-2.0
/* XSKMAP: the BPF map an XDP program redirects into (bpf_redirect_map())
 * to hand a frame to an AF_XDP socket.
 *
 * Slots hold socket pointers, read under RCU on the receive path and by
 * BPF lookups; updates and deletes serialise on the map's lock.  The map
 * holds no reference on a socket: instead every socket keeps a list of the
 * slots that point at it, and close() empties them (xsk_map_remove_sock())
 * before the socket is unbound and, an RCU grace period later, freed.
 */

#include <linux/bpf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/xdp_sock.h>

#include "xsk.h"

struct xsk_map {
	struct bpf_map map;
	spinlock_t lock;		/* slot writers */
	struct xdp_sock __rcu *slot[];
};

/* A slot pointing at a socket, on the socket's map_list. */
struct xsk_map_ref {
	struct list_head node;
	struct xsk_map *m;
	struct xdp_sock __rcu **slot;
};

static struct xsk_map *xsk_map(struct bpf_map *map)
{
	return container_of(map, struct xsk_map, map);
}

static struct bpf_map *xsk_map_alloc(union bpf_attr *attr)
{
	struct xsk_map *m;

	if (!capable(CAP_NET_ADMIN))
		return ERR_PTR(-EPERM);
	if (attr->max_entries == 0 || attr->key_size != 4 ||
	    attr->value_size != 4 ||
	    attr->map_flags & ~(BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY))
		return ERR_PTR(-EINVAL);

	m = bpf_map_area_alloc(struct_size(m, slot, attr->max_entries),
			       bpf_map_attr_numa_node(attr));
	if (!m)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&m->map, attr);
	spin_lock_init(&m->lock);
	return &m->map;
}

/* The map goes when no program and no file refers to it any more; a
 * socket still in a slot keeps a reference on it (xsk_map_ref), so every
 * slot is empty by now.  Wait for redirects that may still hold the map.
 */
static void xsk_map_free(struct bpf_map *map)
{
	bpf_clear_redirect_map(map);
	synchronize_net();
	bpf_map_area_free(xsk_map(map));
}

static int xsk_map_get_next_key(struct bpf_map *map, void *key, void *next)
{
	u32 index = key ? *(u32 *)key : U32_MAX;
	u32 *next_index = next;

	if (index >= map->max_entries) {
		*next_index = 0;
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	*next_index = index + 1;
	return 0;
}

static void *__xsk_map_lookup_elem(struct bpf_map *map, u32 key)
{
	if (key >= map->max_entries)
		return NULL;
	return rcu_dereference_check(xsk_map(map)->slot[key],
				     rcu_read_lock_bh_held());
}

static void *xsk_map_lookup_elem(struct bpf_map *map, void *key)
{
	return __xsk_map_lookup_elem(map, *(u32 *)key);
}

/* Sockets are not values user space can read back. */
static void *xsk_map_lookup_elem_sys_only(struct bpf_map *map, void *key)
{
	return ERR_PTR(-EOPNOTSUPP);
}

/* Inline lookup for BPF programs: r0 = key < max_entries ? slot[key] : 0 */
static int xsk_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf)
{
	const int ret = BPF_REG_0, mp = BPF_REG_1, index = BPF_REG_2;
	struct bpf_insn *insn = insn_buf;

	*insn++ = BPF_LDX_MEM(BPF_W, ret, index, 0);
	*insn++ = BPF_JMP_IMM(BPF_JGE, ret, map->max_entries, 5);
	*insn++ = BPF_ALU64_IMM(BPF_LSH, ret, ilog2(sizeof(struct xdp_sock *)));
	*insn++ = BPF_ALU64_IMM(BPF_ADD, mp, offsetof(struct xsk_map, slot));
	*insn++ = BPF_ALU64_REG(BPF_ADD, ret, mp);
	*insn++ = BPF_LDX_MEM(BPF_SIZEOF(struct xdp_sock *), ret, ret, 0);
	*insn++ = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
	*insn++ = BPF_MOV64_IMM(ret, 0);
	return insn - insn_buf;
}

/* Empty a slot if it still points at xs; m->lock held. */
static void xsk_map_clear_slot(struct xsk_map *m, struct xdp_sock __rcu **slot,
			       struct xdp_sock *xs)
{
	struct xsk_map_ref *ref, *tmp;

	if (rcu_access_pointer(*slot) == xs)
		RCU_INIT_POINTER(*slot, NULL);
	spin_lock_bh(&xs->map_lock);
	list_for_each_entry_safe(ref, tmp, &xs->map_list, node) {
		if (ref->slot == slot) {
			list_del(&ref->node);
			bpf_map_put(&ref->m->map);
			kfree(ref);
			break;
		}
	}
	spin_unlock_bh(&xs->map_lock);
}

static int xsk_map_update_elem(struct bpf_map *map, void *key, void *value,
			       u64 map_flags)
{
	struct xsk_map *m = xsk_map(map);
	struct xdp_sock __rcu **slot;
	struct xdp_sock *xs, *old;
	struct xsk_map_ref *ref;
	u32 i = *(u32 *)key;
	struct socket *sock;
	int err;

	if (unlikely(map_flags > BPF_EXIST))
		return -EINVAL;
	if (unlikely(i >= map->max_entries))
		return -E2BIG;

	sock = sockfd_lookup(*(u32 *)value, &err);
	if (!sock)
		return err;
	if (sock->sk->sk_family != PF_XDP) {
		sockfd_put(sock);
		return -EOPNOTSUPP;
	}
	xs = xdp_sk(sock->sk);

	/* Charged to the map's memory cgroup, as the map itself. */
	ref = bpf_map_kzalloc(&m->map, sizeof(*ref), GFP_ATOMIC | __GFP_NOWARN);
	if (!ref) {
		sockfd_put(sock);
		return -ENOMEM;
	}
	slot = &m->slot[i];
	ref->m = m;
	ref->slot = slot;

	spin_lock_bh(&m->lock);
	old = rcu_dereference_protected(*slot, lockdep_is_held(&m->lock));
	if (old == xs) {
		err = 0;
	} else if (old && map_flags == BPF_NOEXIST) {
		err = -EEXIST;
	} else if (!old && map_flags == BPF_EXIST) {
		err = -ENOENT;
	} else {
		bpf_map_inc(map);
		spin_lock_bh(&xs->map_lock);
		list_add_tail(&ref->node, &xs->map_list);
		spin_unlock_bh(&xs->map_lock);
		ref = NULL;
		rcu_assign_pointer(*slot, xs);
		if (old)
			xsk_map_clear_slot(m, slot, old);
		err = 0;
	}
	spin_unlock_bh(&m->lock);
	kfree(ref);
	sockfd_put(sock);
	return err;
}

static int xsk_map_delete_elem(struct bpf_map *map, void *key)
{
	struct xsk_map *m = xsk_map(map);
	struct xdp_sock *old;
	u32 k = *(u32 *)key;

	if (k >= map->max_entries)
		return -EINVAL;
	spin_lock_bh(&m->lock);
	old = rcu_dereference_protected(m->slot[k], lockdep_is_held(&m->lock));
	if (old)
		xsk_map_clear_slot(m, &m->slot[k], old);
	spin_unlock_bh(&m->lock);
	return 0;
}

/* close(): empty every slot that points at xs. */
void xsk_map_remove_sock(struct xdp_sock *xs)
{
	struct xdp_sock __rcu **slot;
	struct xsk_map_ref *ref;
	struct xsk_map *m;

	for (;;) {
		spin_lock_bh(&xs->map_lock);
		ref = list_first_entry_or_null(&xs->map_list,
					       struct xsk_map_ref, node);
		if (!ref) {
			spin_unlock_bh(&xs->map_lock);
			return;
		}
		/* A delete may free ref once the lock is dropped; the map
		 * may go once its slot is cleared: keep both at hand.
		 */
		m = ref->m;
		slot = ref->slot;
		bpf_map_inc(&m->map);
		spin_unlock_bh(&xs->map_lock);

		spin_lock_bh(&m->lock);
		xsk_map_clear_slot(m, slot, xs);
		spin_unlock_bh(&m->lock);
		bpf_map_put(&m->map);
	}
}

static int xsk_map_redirect(struct bpf_map *map, u32 ifindex, u64 flags)
{
	return __bpf_xdp_redirect_map(map, ifindex, flags, 0,
				      __xsk_map_lookup_elem);
}

/* An XSKMAP may stand in for another in a map-in-map only at its size. */
static bool xsk_map_meta_equal(const struct bpf_map *meta0,
			       const struct bpf_map *meta1)
{
	if (meta0->max_entries != meta1->max_entries)
		return false;
	return bpf_map_meta_equal(meta0, meta1);
}

BTF_ID_LIST_SINGLE(xsk_map_btf_ids, struct, xsk_map)
const struct bpf_map_ops xsk_map_ops = {
	/* life */
	.map_alloc = xsk_map_alloc,
	.map_free = xsk_map_free,
	.map_meta_equal = xsk_map_meta_equal,
	.map_check_btf = map_check_no_btf,
	.map_btf_id = &xsk_map_btf_ids[0],
	/* from user space */
	.map_update_elem = xsk_map_update_elem,
	.map_delete_elem = xsk_map_delete_elem,
	.map_get_next_key = xsk_map_get_next_key,
	.map_lookup_elem_sys_only = xsk_map_lookup_elem_sys_only,
	/* from XDP programs */
	.map_lookup_elem = xsk_map_lookup_elem,
	.map_gen_lookup = xsk_map_gen_lookup,
	.map_redirect = xsk_map_redirect,
};
