// SPDX-License-Identifier: GPL-2.0
/* Loading and attaching the selftests' XDP program (xdp_prog.bpf.c). */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "xt.h"

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

/* Load the program and attach it to xt0 in the mode of this run. */
void xt_prog_attach(struct xt_env *env, struct xt_prog *p)
{
	struct bpf_program *prog;
	char path[PATH_MAX];
	ssize_t n;

	libbpf_set_print(silent);
	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n < 0)
		XT_FAIL("readlink: %s", strerror(errno));
	path[n] = 0;
	strcat(dirname(path), "/xdp_prog.bpf.o");

	memset(p, 0, sizeof(*p));
	p->obj = bpf_object__open_file(path, NULL);
	if (!p->obj)
		XT_FAIL("opening %s: %s", path, strerror(errno));
	if (bpf_object__load(p->obj))
		XT_FAIL("loading %s: %s", path, strerror(errno));
	prog = bpf_object__find_program_by_name(p->obj, "xt_xdp");
	p->prog_fd = bpf_program__fd(prog);
	p->xsks_fd = bpf_object__find_map_fd_by_name(p->obj, "xsks");
	p->action_fd = bpf_object__find_map_fd_by_name(p->obj, "action");
	p->counters_fd = bpf_object__find_map_fd_by_name(p->obj, "counters");
	p->ifindex = env->ifindex;
	p->xdp_flags = env->mode == XT_SKB ? XDP_FLAGS_SKB_MODE :
					     XDP_FLAGS_DRV_MODE;
	if (bpf_xdp_attach(p->ifindex, p->prog_fd, p->xdp_flags, NULL))
		XT_FAIL("attaching XDP (%s mode): %s",
			env->mode == XT_SKB ? "skb" : "driver",
			strerror(errno));
	if (env->mode == XT_ZC)
		xt_zc_link_wait(env);
}

__u32 xt_prog_sock_qid(struct xt_prog *p, __u32 set)
{
	int fd = bpf_object__find_map_fd_by_name(p->obj, "sock_qid");
	__u32 key = 0, v;

	XT_OK(bpf_map_lookup_elem(fd, &key, &v));
	XT_OK(bpf_map_update_elem(fd, &key, &set, BPF_ANY));
	return v;
}

void xt_prog_detach(struct xt_prog *p)
{
	bpf_xdp_detach(p->ifindex, p->xdp_flags, NULL);
	bpf_object__close(p->obj);
	p->obj = NULL;
}

void xt_prog_set_action(struct xt_prog *p, unsigned int queue, __u32 act)
{
	XT_OK(bpf_map_update_elem(p->action_fd, &queue, &act, BPF_ANY));
}

/* A counter of the program, summed over the CPUs. */
__u64 xt_prog_counter(struct xt_prog *p, __u32 which)
{
	int i, ncpu = libbpf_num_possible_cpus();
	__u64 v[ncpu], sum = 0;

	XT_OK(bpf_map_lookup_elem(p->counters_fd, &which, v));
	for (i = 0; i < ncpu; i++)
		sum += v[i];
	return sum;
}

void xt_prog_cpumap(struct xt_prog *p)
{
	struct bpf_program *prog;
	struct bpf_cpumap_val val = { .qsize = 256 };
	int fd = bpf_object__find_map_fd_by_name(p->obj, "cpus");
	__u32 cpu, ncpu = libbpf_num_possible_cpus();

	prog = bpf_object__find_program_by_name(p->obj, "xt_cpumap");
	val.bpf_prog.fd = bpf_program__fd(prog);
	for (cpu = 0; cpu < ncpu && cpu < XT_MAX_CPUS; cpu++)
		if (bpf_map_update_elem(fd, &cpu, &val, BPF_ANY))
			XT_FAIL("cpumap entry %u: %s", cpu, strerror(errno));
}

void xt_xskmap_set(struct xt_prog *p, unsigned int queue, int xsk_fd)
{
	XT_OK(bpf_map_update_elem(p->xsks_fd, &queue, &xsk_fd, BPF_ANY));
}
