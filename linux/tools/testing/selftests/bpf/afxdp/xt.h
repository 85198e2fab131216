/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small harness for the AF_XDP selftests.
 *
 * A test case is a function registered with XT_CASE().  The runner
 * (runner.c) runs each case once per XDP mode it asks for, each run in a
 * child process with a network namespace of its own holding one end of a
 * link ("xt0"); the other end ("xt1") lives in a second namespace, the
 * peer, which the case reaches with xt_in_peer().  The link is a veth pair
 * in skb and driver mode; in zero-copy mode it is two emulated XL710 ports
 * on one wire, lent to the case and given back after it (zc.c).  A case reports through
 * the XT_* assertion macros, which print what was expected and what came,
 * and end the case on the first failure.  The runner prints one TAP line
 * per run and closes with "N passed, N failed, N skipped".
 */
#ifndef XT_H
#define XT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/types.h>

#include "xt_prog.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* XDP attach modes a case runs in. */
enum xt_mode {
	XT_SKB = 1 << 0,	/* generic XDP */
	XT_DRV = 1 << 1,	/* native XDP, copy mode */
	XT_NONE = 1 << 2,	/* needs no device mode */
	XT_ZC = 1 << 3,		/* native XDP, zero-copy, on an XL710 */
};

#define XT_BOTH (XT_SKB | XT_DRV)
#define XT_ALL (XT_SKB | XT_DRV | XT_ZC)

struct xt_env {
	enum xt_mode mode;	/* the mode of this run */
	int ifindex;		/* of xt0, in the case's own namespace */
	int peer_ifindex;	/* of xt1, in the peer namespace */
	unsigned int queues;	/* of the link */
	unsigned char mac[6], peer_mac[6];
	char peer_ns[64];	/* name of the peer namespace */
};

struct xt_case {
	const char *name;
	void (*fn)(struct xt_env *env);
	unsigned int modes;
	unsigned int queues;	/* of the link; 0 means 1 */
	const char *no_zc;	/* why a case of skb and drv mode is not zc */
	struct xt_case *next;
};

void xt_register(struct xt_case *c);

/*
 * A case in modes m on a link of q queues.  One that runs in skb or driver
 * mode but not in zero-copy mode says why in no_zc (XT_CASE_NO_ZC): the
 * runner refuses a case that does not.
 */
#define XT_CASE_WHY(id, m, q, why)					\
	static void xt_fn_##id(struct xt_env *env);			\
	static struct xt_case xt_case_##id = {				\
		.name = #id, .fn = xt_fn_##id, .modes = (m),		\
		.queues = (q), .no_zc = (why),				\
	};								\
	static void __attribute__((constructor)) xt_reg_##id(void)	\
	{								\
		xt_register(&xt_case_##id);				\
	}								\
	static void xt_fn_##id(struct xt_env *env __attribute__((unused)))
#define XT_CASE_Q(id, m, q) XT_CASE_WHY(id, m, q, NULL)
#define XT_CASE(id, m) XT_CASE_Q(id, m, 1)
#define XT_CASE_NO_ZC(id, m, why) XT_CASE_WHY(id, m, 1, why)

/* The mode of the case's run, as env->mode: set by the runner. */
extern enum xt_mode xt_run_mode;

/* The bind flag of the run's mode: XDP_ZEROCOPY in zc, else XDP_COPY. */
__u16 xt_copy_mode(const struct xt_env *env);

/* zc mode (zc.c): lend the XL710 ports to the case, as xt0 and xt1. */
void xt_zc_setup(struct xt_env *env);
/* zc mode: wait until each port receives what the other sends (zc.c). */
void xt_zc_link_wait(struct xt_env *env);
/*
 * zc mode: take i40e off xt0's PCI function through sysfs, and give it
 * back; the next case's set-up gives it back if the case ended first.
 */
void xt_zc_unbind(void);
void xt_zc_rebind(void);

/* Ending a case: xt_fail() and xt_skip() do not return. */
void __attribute__((noreturn, format(printf, 3, 4)))
xt_fail(const char *file, int line, const char *fmt, ...);
void __attribute__((noreturn, format(printf, 1, 2)))
xt_skip(const char *fmt, ...);

#define XT_FAIL(...) xt_fail(__FILE__, __LINE__, __VA_ARGS__)

/* a == b, as unsigned 64-bit numbers. */
#define XT_EQ(a, b) do {						\
	unsigned long long _a = (a), _b = (b);				\
	if (_a != _b)							\
		XT_FAIL("%s == %s: %llu != %llu", #a, #b, _a, _b);	\
} while (0)

/* A call that must succeed (return >= 0). */
#define XT_OK(call) ({							\
	long _r = (call);						\
	if (_r < 0)							\
		XT_FAIL("%s: %s", #call, strerror(errno));		\
	_r;								\
})

/* A call that must fail with -1 and errno == err. */
#define XT_ERRNO(call, err) do {					\
	long _r = (call);						\
	int _e = errno, _w = (err);					\
	if (_r != -1)							\
		XT_FAIL("%s returned %ld, expected -1/%s", #call, _r,	\
			strerrorname_np(_w));				\
	if (_e != _w)							\
		XT_FAIL("%s: errno %s, expected %s", #call,		\
			strerrorname_np(_e), strerrorname_np(_w));	\
} while (0)

/* A call that returns -errno, which must be -err (or 0 for err 0). */
#define XT_NEG_ERRNO(call, err) do {					\
	long _r = (call);						\
	int _w = (err);							\
	if (_r != -(long)_w)						\
		XT_FAIL("%s returned %ld (%s), expected %s", #call, _r,	\
			_r < 0 ? strerrorname_np(-_r) : "-",		\
			_w ? strerrorname_np(_w) : "0");		\
} while (0)

#define XT_TRUE(cond) do {						\
	if (!(cond))							\
		XT_FAIL("%s is false", #cond);				\
} while (0)

/* Network (net.c) */
void xt_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* SIOCETHTOOL on ifname with the command cmd: 0, or -1 with errno. */
int xt_ethtool(const char *ifname, void *cmd);
int xt_in_peer(struct xt_env *env, void (*fn)(struct xt_env *, void *),
	       void *arg);
void xt_set_mtu(struct xt_env *env, unsigned int mtu);
void xt_peer_send(struct xt_env *env, const void *frame, size_t len,
		  unsigned int count);
void xt_peer_send_frames(struct xt_env *env, const unsigned int *lens,
			 unsigned int n, uint32_t seq0);
void xt_peer_steer(struct xt_env *env);
void xt_peer_send_frames_q(struct xt_env *env, int queue,
			   const unsigned int *lens, unsigned int n,
			   uint32_t seq0);
/* A queue of the multi-queue tap device name (made if need be): its fd. */
int xt_tap_queue(const char *name);
int xt_packet_socket_of(int ifindex, __u16 proto);
int xt_packet_socket(int ifindex);
int xt_peer_socket_of(struct xt_env *env, __u16 proto);
int xt_peer_socket(struct xt_env *env);
size_t xt_packet_recv(int fd, void *buf, size_t len);
size_t xt_frame(struct xt_env *env, void *buf, size_t len, uint32_t seq);
size_t xt_frame_out(struct xt_env *env, void *buf, size_t len, uint32_t seq);
bool xt_frame_ok(struct xt_env *env, const void *buf, size_t len,
		 uint32_t *seq);

/* XDP program (prog.c) */
struct xt_prog {
	struct bpf_object *obj;
	int prog_fd, xsks_fd, action_fd, counters_fd;
	int ifindex;
	unsigned int xdp_flags;
};

void xt_prog_attach(struct xt_env *env, struct xt_prog *p);
void xt_prog_detach(struct xt_prog *p);
void xt_prog_set_action(struct xt_prog *p, unsigned int queue, __u32 act);
__u64 xt_prog_counter(struct xt_prog *p, __u32 which);
/* What XT_ACT_REDIRECT_QID saw last; set replaces it. */
__u32 xt_prog_sock_qid(struct xt_prog *p, __u32 set);
void xt_xskmap_set(struct xt_prog *p, unsigned int queue, int xsk_fd);
/* A cpumap entry for every CPU, running the program's xt_cpumap. */
void xt_prog_cpumap(struct xt_prog *p);

/* Waiting for a condition, with a deadline that a debug kernel under an
 * emulator still meets: nothing in these tests depends on speed.
 */
#define XT_WAIT_MS 20000
bool xt_wait(bool (*cond)(void *), void *arg, int ms);

/* Is this the series' kernel (uname -r ends in -afxdp), not the base's? */
bool xt_kernel_is_series(void);

/*
 * Give up capability cap (CAP_*) for good: effective, permitted and
 * inheritable.  A case runs in a process of its own, so this touches no
 * other case.
 */
void xt_drop_cap(int cap);

#endif
