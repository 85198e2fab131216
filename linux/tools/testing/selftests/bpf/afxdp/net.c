// SPDX-License-Identifier: GPL-2.0
/* Namespaces, the veth pair, and test frames sent from the peer. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "xt.h"

void xt_sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc)
		XT_FAIL("'%s' exited with %d", cmd, rc);
}

/*
 * Run fn in a child that has entered the peer's namespace; returns the
 * child's exit status (0 when fn returned).
 */
int xt_in_peer(struct xt_env *env, void (*fn)(struct xt_env *, void *),
	       void *arg)
{
	char path[128];
	pid_t pid;
	int st, fd;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		XT_FAIL("fork: %s", strerror(errno));
	if (!pid) {
		snprintf(path, sizeof(path), "/run/netns/%s", env->peer_ns);
		fd = open(path, O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			XT_FAIL("entering %s: %s", path, strerror(errno));
		fn(env, arg);
		exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		XT_FAIL("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

struct send_arg {
	const void *frame;
	size_t len;
	unsigned int count;
};

static void peer_send(struct xt_env *env, void *p)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = env->peer_ifindex,
		.sll_protocol = htons(ETH_P_ALL),
	};
	struct send_arg *a = p;
	unsigned int i;
	int fd;

	fd = XT_OK(socket(AF_PACKET, SOCK_RAW, 0));
	XT_OK(bind(fd, (struct sockaddr *)&sll, sizeof(sll)));
	for (i = 0; i < a->count; i++)
		XT_EQ(send(fd, a->frame, a->len, 0), a->len);
	close(fd);
}

/* Send count copies of frame out of the peer's end of the veth pair. */
void xt_peer_send(struct xt_env *env, const void *frame, size_t len,
		  unsigned int count)
{
	struct send_arg a = { frame, len, count };

	if (xt_in_peer(env, peer_send, &a))
		XT_FAIL("sending from the peer failed");
}

/*
 * A test frame of len bytes from the peer to xt0: Ethernet header with
 * XT_ETH_P_TEST, then "XTST", the sequence number (big-endian) and a
 * pattern derived from both, so that any misplaced byte shows.
 */
size_t xt_frame(struct xt_env *env, void *buf, size_t len, uint32_t seq)
{
	unsigned char *b = buf;
	uint32_t nseq = htonl(seq);
	size_t i;

	memcpy(b, env->mac, 6);
	memcpy(b + 6, env->peer_mac, 6);
	b[12] = XT_ETH_P_TEST >> 8;
	b[13] = XT_ETH_P_TEST & 0xff;
	memcpy(b + 14, "XTST", 4);
	memcpy(b + 18, &nseq, 4);
	for (i = 22; i < len; i++)
		b[i] = (unsigned char)(i * 7 + seq);
	return len;
}

/* Is buf exactly what xt_frame() makes for its length and sequence? */
bool xt_frame_ok(struct xt_env *env, const void *buf, size_t len,
		 uint32_t *seq)
{
	unsigned char want[ETH_FRAME_LEN + 4096];
	uint32_t nseq;

	if (len < 22 || len > sizeof(want))
		return false;
	memcpy(&nseq, (const char *)buf + 18, 4);
	*seq = ntohl(nseq);
	xt_frame(env, want, len, *seq);
	return !memcmp(want, buf, len);
}
