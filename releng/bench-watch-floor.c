/*
 * The C floor of the watch's latency (releng/bench-watch.sh): N times, attach tap NAME (TUNSETIFF on a new
 * /dev/net/tun descriptor) and wait on a route-netlink socket bound to RTMGRP_LINK for the RTM_NEWLINK of that tap
 * with carrier on; then detach (close) and wait for carrier off; then pause GAP_MS. Prints the attach -> message
 * times: median, p90, p99, max (ms). What the kernel delivers, with nothing of taplease's in between.
 *
 *   bench-watch-floor NAME N GAP_MS
 */
#include <fcntl.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Reads messages until one for ifindex with IFLA_CARRIER == want. */
static void await_carrier(int nl, int ifindex, int want) {
	static char buf[65536];
	for (;;) {
		ssize_t n = recv(nl, buf, sizeof buf, 0);
		if (n < 0) { perror("recv"); exit(1); }
		for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != RTM_NEWLINK) continue;
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			if (ifi->ifi_index != ifindex) continue;
			int len = IFLA_PAYLOAD(h);
			for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
				if (a->rta_type == IFLA_CARRIER && *(unsigned char *) RTA_DATA(a) == want) return;
		}
	}
}

static int cmp(const void *a, const void *b) {
	double x = *(const double *) a, y = *(const double *) b;
	return x < y ? -1 : x > y;
}

static double pct(double *s, int n, double p) {
	double r = p / 100 * (n - 1);
	int lo = (int) r, hi = lo + (lo + 1 < n);
	return s[lo] + (s[hi] - s[lo]) * (r - lo);
}

int main(int argc, char **argv) {
	if (argc != 4) { fprintf(stderr, "usage: %s NAME N GAP_MS\n", argv[0]); return 64; }
	const char *name = argv[1];
	int n = atoi(argv[2]), gap = atoi(argv[3]);
	int ifindex = if_nametoindex(name);
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	if (ifindex == 0 || nl < 0 || bind(nl, (struct sockaddr *) &sa, sizeof sa) < 0) { perror(name); return 1; }
	double *t = calloc(n, sizeof *t);
	for (int i = 0; i < n; i++) {
		struct ifreq r;
		memset(&r, 0, sizeof r);
		strncpy(r.ifr_name, name, IFNAMSIZ - 1);
		r.ifr_flags = IFF_TAP | IFF_NO_PI;
		double t0 = now_ms();
		int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		if (fd < 0 || ioctl(fd, TUNSETIFF, &r) < 0) { perror("TUNSETIFF"); return 1; }
		await_carrier(nl, ifindex, 1);
		t[i] = now_ms() - t0;
		close(fd);
		await_carrier(nl, ifindex, 0);
		if (gap > 0) usleep(gap * 1000);
	}
	qsort(t, n, sizeof *t, cmp);
	printf("attach -> kernel message (C): n %d, median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", n,
	       pct(t, n, 50), pct(t, n, 90), pct(t, n, 99), t[n - 1]);
	return 0;
}
