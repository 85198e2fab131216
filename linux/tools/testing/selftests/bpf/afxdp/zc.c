// SPDX-License-Identifier: GPL-2.0
/*
 * Zero-copy mode: the link of a case is two emulated XL710 ports on one
 * wire (the VM's, qemu/), named by their MAC addresses in XT_ZC_PORTS
 * ("MAC0 MAC1").  Between cases they live in the initial namespace; a case
 * gets them in a known state (no XDP program, every queue pair, MTU 1500,
 * promiscuity off), the first as xt0 in a namespace of its own, the second
 * as xt1 in the peer's.  When the runner deletes the two namespaces after
 * the case, the kernel hands the ports back to the initial namespace, and
 * the next case waits for them.
 *
 * IPv6 is off in both namespaces and neither port has an address, so the
 * test frames (and the probes below) are all that crosses the wire.  Test
 * frames are not IP: the XL710 hashes none of them, and they all reach
 * queue 0, but for those a case steers to a queue as UDP (net.c).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/if_xdp.h>
#include <linux/sockios.h>

#include "xt.h"

__u16 xt_copy_mode(const struct xt_env *env)
{
	return env->mode == XT_ZC ? XDP_ZEROCOPY : XDP_COPY;
}

/* The name of the interface with MAC mac in the runner's namespace. */
static bool port_name(const char *mac, char *name)
{
	char path[300], addr[32] = "";
	struct dirent *e;
	bool found = false;
	DIR *d;
	FILE *f;

	d = opendir("/sys/class/net");
	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= IFNAMSIZ)
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/address",
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%31s", addr) == 1 && !strcasecmp(addr, mac)) {
			strcpy(name, e->d_name);
			found = true;
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

struct ports {
	char mac[2][32];
	char name[2][IFNAMSIZ];
};

static bool ports_home(void *p)
{
	struct ports *ps = p;

	return port_name(ps->mac[0], ps->name[0]) &&
	       port_name(ps->mac[1], ps->name[1]);
}

/*
 * The port as a case finds it: no XDP program in either mode, no flow
 * director rule (xt_peer_steer() puts one at location q for each queue q),
 * all of its queue pairs, rings of i40e's default 512 descriptors, MTU
 * 1500, not promiscuous, interrupts not deferred.  Returns its queue pairs.
 */
static unsigned int port_reset(const char *name)
{
	struct ethtool_ringparam r = { .cmd = ETHTOOL_GRINGPARAM };
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	int ms;

	xt_sh("ip link set dev %s xdpgeneric off && "
	      "ip link set dev %s xdpdrv off && "
	      "ip link set dev %s mtu 1500 promisc off && "
	      "echo 0 >/sys/class/net/%s/napi_defer_hard_irqs && "
	      "echo 0 >/sys/class/net/%s/gro_flush_timeout",
	      name, name, name, name, name);
	XT_OK(xt_ethtool(name, &ch));
	xt_sh("for l in $(seq 0 %u); do "
	      "! ethtool -n %s rule $l >/dev/null 2>&1 || "
	      "ethtool -N %s delete $l || exit 1; done",
	      ch.max_combined - 1, name, name);
	if (ch.combined_count != ch.max_combined) {
		ch.cmd = ETHTOOL_SCHANNELS;
		ch.combined_count = ch.max_combined;
		XT_OK(xt_ethtool(name, &ch));
	}
	XT_OK(xt_ethtool(name, &r));
	r.cmd = ETHTOOL_SRINGPARAM;
	/* EBUSY until the pool of the case before has left its queue. */
	for (ms = 0; r.rx_pending != 512 || r.tx_pending != 512; ms += 10) {
		r.rx_pending = 512;
		r.tx_pending = 512;
		if (!xt_ethtool(name, &r))
			break;
		if (errno != EBUSY || ms >= XT_WAIT_MS)
			XT_FAIL("%s: ETHTOOL_SRINGPARAM: %s", name,
				strerror(errno));
		usleep(10 * 1000);
	}
	return ch.max_combined;
}

static bool running(void *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = XT_OK(socket(AF_INET, SOCK_DGRAM, 0));

	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	XT_OK(ioctl(fd, SIOCGIFFLAGS, &ifr));
	close(fd);
	return ifr.ifr_flags & IFF_RUNNING;
}

static void peer_up(struct xt_env *env __attribute__((unused)),
		    void *arg __attribute__((unused)))
{
	xt_sh("ip link set xt1 up");
	if (!xt_wait(running, "xt1", XT_WAIT_MS))
		XT_FAIL("xt1: no carrier");
}

/* A namespace of this name with IPv6 off. */
static void ns_add(const char *ns)
{
	xt_sh("ip netns add %s && ip netns exec %s sysctl -qw "
	      "net.ipv6.conf.all.disable_ipv6=1 "
	      "net.ipv6.conf.default.disable_ipv6=1", ns, ns);
}

/* The PCI function of a port that a case took i40e off. */
#define UNBOUND "/run/afxdp-zc-unbound"

void xt_zc_unbind(void)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	FILE *f;

	XT_OK(xt_ethtool("xt0", &info));
	XT_EQ(strcmp(info.driver, "i40e"), 0);
	f = fopen(UNBOUND, "w");
	if (!f || fprintf(f, "%s\n", info.bus_info) < 0 || fclose(f))
		XT_FAIL("writing %s: %s", UNBOUND, strerror(errno));
	xt_sh("echo %s > /sys/bus/pci/drivers/i40e/unbind", info.bus_info);
}

void xt_zc_rebind(void)
{
	char bus[ETHTOOL_BUSINFO_LEN] = "";
	FILE *f = fopen(UNBOUND, "r");

	if (!f)
		return;
	if (fscanf(f, "%31s", bus) != 1)
		XT_FAIL("reading %s", UNBOUND);
	fclose(f);
	xt_sh("d=/sys/bus/pci/drivers/i40e; [ -e $d/%s ] || echo %s > $d/bind",
	      bus, bus);
	XT_OK(unlink(UNBOUND));
}

void xt_zc_setup(struct xt_env *env)
{
	const char *macs = getenv("XT_ZC_PORTS");
	struct ports ps;
	char own[64], path[128];
	unsigned int q;
	int fd;

	if (!macs || sscanf(macs, "%31s %31s", ps.mac[0], ps.mac[1]) != 2)
		XT_FAIL("zc mode needs XT_ZC_PORTS=\"MAC0 MAC1\", two XL710 "
			"ports on one wire");
	/* Given back by the namespaces of the case before, in their time;
	 * and by i40e, if that case unbound it and ended before binding it.
	 */
	xt_zc_rebind();
	if (!xt_wait(ports_home, &ps, 3 * XT_WAIT_MS))
		XT_FAIL("the XL710 ports %s are not in the initial namespace",
			macs);
	q = port_reset(ps.name[0]);
	port_reset(ps.name[1]);
	if (env->queues > q)
		XT_FAIL("the case needs %u queues, the port has %u",
			env->queues, q);

	snprintf(own, sizeof(own), "xto%d", getpid());
	ns_add(own);
	ns_add(env->peer_ns);
	xt_sh("ip link set dev %s netns %s name xt0", ps.name[0], own);
	xt_sh("ip link set dev %s netns %s name xt1", ps.name[1],
	      env->peer_ns);

	snprintf(path, sizeof(path), "/run/netns/%s", own);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		XT_FAIL("entering %s: %s", path, strerror(errno));
	close(fd);
	xt_sh("ip link set lo up && ip link set xt0 up");
	if (!xt_wait(running, "xt0", XT_WAIT_MS))
		XT_FAIL("xt0: no carrier");
	if (xt_in_peer(env, peer_up, NULL))
		XT_FAIL("bringing xt1 up failed");
}

/*
 * Send probe frames on tx, one every 10 ms, until one comes to rx, then
 * wait for the last one sent.  i40e rebuilds the VSI when an XDP program
 * comes or goes or the queue count changes: it removes the port's MAC
 * filter and adds it again from its service task, up to a second later
 * (as the hardware does, the port drops every frame for it until then).
 * A probe still on its way would take a buffer meant for the case's own
 * frames; those sent before the first that arrived are gone, and the
 * sending port keeps the order of the rest.  Sequence numbers go on across
 * calls and start from the process id, so a late probe of an earlier call
 * or case is told apart.
 */
static void probe(int tx, int rx, const unsigned char *dst,
		  const unsigned char *src, const char *what)
{
	static uint32_t seq;
	struct pollfd pfd = { .fd = rx, .events = POLLIN };
	unsigned char f[60] = { 0 }, in[64];
	bool came = false;
	uint32_t first, n;
	int ms;

	/* Each case is a process of its own, and so are the cases before. */
	if (!seq)
		seq = (uint32_t)getpid() << 16;
	first = seq + 1;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = XT_ETH_P_PROBE >> 8;
	f[13] = XT_ETH_P_PROBE & 0xff;
	for (ms = 0; ms < XT_WAIT_MS; ms += 10) {
		if (!came) {
			n = htonl(++seq);
			memcpy(f + 14, &n, 4);
			XT_EQ(send(tx, f, sizeof(f), 0), sizeof(f));
		}
		if (!XT_OK(poll(&pfd, 1, 10)))
			continue;
		while (recv(rx, in, sizeof(in), MSG_DONTWAIT) >= 18) {
			memcpy(&n, in + 14, 4);
			n = ntohl(n);
			came |= n - first <= seq - first;
			if (n == seq)
				return;
		}
	}
	XT_FAIL("frames sent %s do not arrive", what);
}

void xt_zc_link_wait(struct xt_env *env)
{
	int own = xt_packet_socket_of(env->ifindex, XT_ETH_P_PROBE);
	int peer = xt_peer_socket_of(env, XT_ETH_P_PROBE);

	probe(peer, own, env->mac, env->peer_mac, "from xt1 to xt0");
	probe(own, peer, env->peer_mac, env->mac, "from xt0 to xt1");
	close(own);
	close(peer);
}
