// SPDX-License-Identifier: GPL-2.0
/*
 * The runner of the AF_XDP selftests: runs every registered case (or those
 * whose name contains one of the arguments) once per mode, each in a child
 * with its own network namespaces and veth pair, and prints TAP.
 *
 *   afxdp_test [-l] [NAME-PART...]
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

/* In the case's child: namespaces and a veth pair, both ends up. */
static void setup(struct xt_env *env, const struct xt_case *c)
{
	int p[2], saved = msg_fd;

	env->queues = c->queues ? c->queues : 1;
	snprintf(env->peer_ns, sizeof(env->peer_ns), "xtp%d", getpid());
	if (unshare(CLONE_NEWNET))
		XT_FAIL("unshare(CLONE_NEWNET): %s", strerror(errno));
	xt_sh("ip link set lo up && ip netns add %s", env->peer_ns);
	xt_sh("ip link add xt0 numtxqueues %u numrxqueues %u type veth "
	      "peer name xt1 numtxqueues %u numrxqueues %u netns %s",
	      env->queues, env->queues, env->queues, env->queues,
	      env->peer_ns);
	xt_sh("ip link set xt0 up && ip -n %s link set xt1 up",
	      env->peer_ns);
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
}

static const char *mode_name(enum xt_mode m)
{
	return m == XT_SKB ? "skb" : m == XT_DRV ? "drv" : NULL;
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
	snprintf(ns, sizeof(ns), "ip netns del xtp%d 2>/dev/null", pid);
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
	static const enum xt_mode modes[] = { XT_NONE, XT_SKB, XT_DRV };
	int n = 0, pass = 0, fail = 0, skip = 0, list = 0;
	const struct xt_case *c;
	char name[128], msg[512];
	unsigned int m;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		list = 1;
		argc--, argv++;
	}
	argc--, argv++;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!list)
		printf("TAP version 13\n");
	for (c = cases; c; c = c->next) {
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			if (!(c->modes & modes[m]))
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
