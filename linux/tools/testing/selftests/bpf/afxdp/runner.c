// SPDX-License-Identifier: GPL-2.0
/*
 * The runner of the AF_XDP selftests: runs every registered case (or those
 * whose name contains one of the arguments) once per mode, each in a child
 * with its own network namespaces and link, and prints TAP.
 *
 *   afxdp_test [-l] [-m MODE[,MODE...]] [NAME-PART...]
 *
 * -l lists the runs (NAME/MODE) instead; -m runs or lists only those of
 * the modes named (none, skb, drv, zc).  A zc run (zc.c) needs the XL710
 * ports that XT_ZC_PORTS names: without -m, zc is among the modes only
 * where it is set.  Where zc is among the modes, every case
 * of skb and driver mode that zc leaves out is listed as a comment with
 * its reason, and one that gives no reason fails as NAME/zc.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/if_arp.h>

#include "xt.h"

#define XT_EXIT_SKIP	4
#define XT_CASE_SECONDS	600

static struct xt_case *cases, **tail = &cases;
enum xt_mode xt_run_mode;
static int msg_fd = -1;	/* the case's reason goes to the runner here */

void xt_register(struct xt_case *c)
{
	*tail = c;
	tail = &c->next;
}

static void __attribute__((noreturn))
end_case(int code, const char *fmt, va_list ap)
{
	char msg[512];
	int n = vsnprintf(msg, sizeof(msg) - 1, fmt, ap);

	/* One line a message: a case's children may have failed before it. */
	if (msg_fd >= 0 && n > 0) {
		n = strlen(msg);
		msg[n++] = '\n';
		(void)!write(msg_fd, msg, n);
	}
	fflush(NULL);
	_exit(code);
}

void xt_fail(const char *file, int line, const char *fmt, ...)
{
	char where[600];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%d: %s", file, line, fmt);
	va_start(ap, fmt);
	end_case(1, where, ap);
}

void xt_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	end_case(XT_EXIT_SKIP, fmt, ap);
}

bool xt_wait(bool (*cond)(void *), void *arg, int ms)
{
	for (; ms > 0; ms -= 10) {
		if (cond(arg))
			return true;
		usleep(10000);
	}
	return cond(arg);
}

void xt_drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	__u32 bit = CAP_TO_MASK(cap);
	int i = CAP_TO_INDEX(cap);

	XT_OK(syscall(SYS_capget, &hdr, data));
	data[i].effective &= ~bit;
	data[i].permitted &= ~bit;
	data[i].inheritable &= ~bit;
	XT_OK(syscall(SYS_capset, &hdr, data));
}

bool xt_kernel_is_series(void)
{
	struct utsname u;

	return !uname(&u) && strstr(u.release, "-afxdp");
}

static void get_mac(const char *ifname, unsigned char *mac)
{
	struct ifreq ifr = { 0 };
	int fd = XT_OK(socket(AF_INET, SOCK_DGRAM, 0));

	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	XT_OK(ioctl(fd, SIOCGIFHWADDR, &ifr));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
}

static void peer_info(struct xt_env *env, void *arg __attribute__((unused)))
{
	get_mac("xt1", env->peer_mac);
	env->peer_ifindex = if_nametoindex("xt1");
	/* Send the parent what it cannot see from its own namespace. */
	(void)!write(msg_fd, env, sizeof(*env));
}

static void setup_veth(struct xt_env *env)
{
	/* In skb mode the peer reaches queue q from its transmit queue
	 * q + 1 (xt_peer_steer()).
	 */
	unsigned int ptx = env->queues + (env->mode == XT_SKB);

	if (unshare(CLONE_NEWNET))
		XT_FAIL("unshare(CLONE_NEWNET): %s", strerror(errno));
	xt_sh("ip link set lo up && ip netns add %s", env->peer_ns);
	xt_sh("ip link add xt0 numtxqueues %u numrxqueues %u type veth "
	      "peer name xt1 numtxqueues %u numrxqueues %u netns %s",
	      env->queues, env->queues, ptx, env->queues, env->peer_ns);
	xt_sh("ip link set xt0 up && ip -n %s link set xt1 up",
	      env->peer_ns);
}

/* In the case's child: namespaces and a link, both ends up. */
static void setup(struct xt_env *env, const struct xt_case *c)
{
	int p[2], saved = msg_fd;

	env->queues = c->queues ? c->queues : 1;
	snprintf(env->peer_ns, sizeof(env->peer_ns), "xtp%d", getpid());
	if (env->mode == XT_ZC)
		xt_zc_setup(env);
	else
		setup_veth(env);
	env->ifindex = if_nametoindex("xt0");
	get_mac("xt0", env->mac);

	XT_OK(pipe(p));
	msg_fd = p[1];
	if (xt_in_peer(env, peer_info, NULL) ||
	    read(p[0], env, sizeof(*env)) != sizeof(*env))
		XT_FAIL("reading the peer's interface");
	close(p[0]);
	close(p[1]);
	msg_fd = saved;
	if (env->mode == XT_ZC)
		xt_zc_link_wait(env);
}

static const char *const mode_names[] = {
	[XT_SKB] = "skb", [XT_DRV] = "drv", [XT_NONE] = "none", [XT_ZC] = "zc",
};

/* NULL for XT_NONE: its runs are named by the case alone. */
static const char *mode_name(enum xt_mode m)
{
	return m == XT_NONE ? NULL : mode_names[m];
}

/* The modes -m names, as a mask. */
static unsigned int parse_modes(char *list)
{
	unsigned int mask = 0, m;
	char *tok;

	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		for (m = 0; m < ARRAY_SIZE(mode_names); m++)
			if (mode_names[m] && !strcmp(tok, mode_names[m]))
				break;
		if (m == ARRAY_SIZE(mode_names)) {
			fprintf(stderr, "unknown mode %s\n", tok);
			exit(2);
		}
		mask |= m;
	}
	return mask;
}

/* Run one case in one mode; 0 passed, 1 failed, XT_EXIT_SKIP skipped. */
static int run(const struct xt_case *c, enum xt_mode mode, char *msg,
	       size_t len)
{
	char ns[80];
	int p[2], st, rc;
	size_t got;
	ssize_t n;
	pid_t pid;

	if (pipe(p))
		return snprintf(msg, len, "pipe: %s", strerror(errno)), 1;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		struct xt_env env = { .mode = mode };

		xt_run_mode = mode;
		/* Its own process group, so that what it leaves goes with it. */
		setpgid(0, 0);
		close(p[0]);
		msg_fd = p[1];
		alarm(XT_CASE_SECONDS);
		setup(&env, c);
		c->fn(&env);
		_exit(0);
	}
	/*
	 * Read the messages once the case has ended: the pipe holds them all
	 * (they are short), and a child of the case that wrote first neither
	 * cuts the case's own message off nor makes it die of SIGPIPE.  Its
	 * children may still hold the pipe open, so do not wait for EOF.
	 */
	close(p[1]);
	waitpid(pid, &st, 0);
	/* A case that timed out, or ended, leaves none of its children. */
	kill(-pid, SIGKILL);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	for (got = 0; got < len - 1; got += n) {
		n = read(p[0], msg + got, len - 1 - got);
		if (n <= 0)
			break;
	}
	while (got && msg[got - 1] == '\n')
		got--;
	msg[got] = 0;
	close(p[0]);
	/* xto: the case's own namespace, named in zc mode only. */
	snprintf(ns, sizeof(ns), "ip netns del xtp%d 2>/dev/null; "
		 "ip netns del xto%d 2>/dev/null", pid, pid);
	(void)!system(ns);

	if (WIFSIGNALED(st)) {
		snprintf(msg + got, len - got, "%s%s", got ? "\n" : "",
			 WTERMSIG(st) == SIGALRM ? "timed out" :
			 strsignal(WTERMSIG(st)));
		return 1;
	}
	rc = WEXITSTATUS(st);
	return rc == 0 || rc == XT_EXIT_SKIP ? rc : 1;
}

/* A case's messages as TAP comments, a line each. */
static void print_comment(char *msg)
{
	char *line;

	for (line = strtok(msg, "\n"); line; line = strtok(NULL, "\n"))
		printf("# %s\n", line);
}

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return argc == 0;
}

int main(int argc, char **argv)
{
	static const enum xt_mode modes[] = { XT_NONE, XT_SKB, XT_DRV, XT_ZC };
	int n = 0, pass = 0, fail = 0, skip = 0, list = 0, opt;
	unsigned int m, only = 0;
	const struct xt_case *c;
	char name[128], msg[512];

	while ((opt = getopt(argc, argv, "+lm:")) != -1) {
		if (opt == 'l')
			list = 1;
		else if (opt == 'm')
			only = parse_modes(optarg);
		else
			return 2;
	}
	if (!only)
		only = XT_NONE | XT_BOTH | (getenv("XT_ZC_PORTS") ? XT_ZC : 0);
	argc -= optind;
	argv += optind;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!list)
		printf("TAP version 13\n");
	for (c = cases; c; c = c->next) {
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			if (!(only & modes[m]))
				continue;
			if (modes[m] == XT_ZC && !(c->modes & XT_ZC) &&
			    (c->modes & XT_BOTH) && !list && c->no_zc &&
			    selected(c->name, argc, argv))
				printf("# %s: not in zc: %s\n", c->name,
				       c->no_zc);
			if (!(c->modes & modes[m]) &&
			    !(modes[m] == XT_ZC && (c->modes & XT_BOTH) &&
			      !c->no_zc))
				continue;
			snprintf(name, sizeof(name), "%s%s%s", c->name,
				 mode_name(modes[m]) ? "/" : "",
				 mode_name(modes[m]) ?: "");
			if (!selected(name, argc, argv))
				continue;
			if (list) {
				printf("%s\n", name);
				continue;
			}
			if (!(c->modes & modes[m])) {
				printf("not ok %d %s\n# not in zc, and says not "
				       "why (XT_CASE_NO_ZC)\n", ++n, name);
				fail++;
				continue;
			}
			switch (run(c, modes[m], msg, sizeof(msg))) {
			case 0:
				printf("ok %d %s\n", ++n, name);
				pass++;
				break;
			case XT_EXIT_SKIP:
				msg[strcspn(msg, "\n")] = 0;
				printf("ok %d %s # SKIP %s\n", ++n, name, msg);
				skip++;
				break;
			default:
				printf("not ok %d %s\n", ++n, name);
				print_comment(msg);
				fail++;
			}
		}
	}
	if (!list) {
		printf("1..%d\n", n);
		printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
	}
	return fail ? 1 : 0;
}
