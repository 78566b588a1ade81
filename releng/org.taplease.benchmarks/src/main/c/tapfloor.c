/*
 * The syscall floor for taplease's benchmarks, in C:
 *   tapfloor attach NAME ITER [SECONDS]  open("/dev/net/tun") + TUNSETIFF(NAME) + close, ITER times (or until
 *                                 SECONDS have passed): reusing a free tap
 *   tapfloor create PREFIX ITER   open + TUNSETIFF(new name) + close, ITER times: a transient tap created and destroyed
 *   tapfloor hold NAME...         attaches every NAME, prints "ready", holds them until stdin closes
 * attach/create print one JSON object: {"op":..., "n":..., "median_ns":..., "p10_ns":..., "p90_ns":..., "min_ns":...}.
 * Uses <linux/if_tun.h>'s TUNSETIFF, so the request number is the running architecture's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int attach(const char *name) {
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("open /dev/net/tun");
		exit(2);
	}
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "TUNSETIFF %s: %s\n", name, strerror(errno));
		exit(2);
	}
	return fd;
}

static int cmp(const void *a, const void *b) {
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *op, long long *t, int n) {
	qsort(t, n, sizeof *t, cmp);
	printf("{\"op\":\"%s\",\"n\":%d,\"median_ns\":%lld,\"p10_ns\":%lld,\"p90_ns\":%lld,\"min_ns\":%lld}\n", op, n,
	       t[n / 2], t[n / 10], t[n * 9 / 10], t[0]);
}

int main(int argc, char **argv) {
	if (argc >= 4 && strcmp(argv[1], "attach") == 0) {
		int n = atoi(argv[3]);
		long long budget = argc >= 5 ? atoll(argv[4]) * 1000000000LL : 0;
		long long *t = calloc(n, sizeof *t);
		for (int i = 0; i < 10; i++) /* warm-up */
			close(attach(argv[2]));
		long long start = now_ns();
		int done = 0;
		while (done < n && (budget == 0 || now_ns() - start < budget)) {
			long long t0 = now_ns();
			close(attach(argv[2]));
			t[done++] = now_ns() - t0;
		}
		report("attach", t, done);
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "create") == 0) {
		int n = atoi(argv[3]);
		long long *t = calloc(n, sizeof *t);
		char name[IFNAMSIZ];
		for (int i = 0; i < n; i++) {
			snprintf(name, sizeof name, "%s%d", argv[2], i);
			long long t0 = now_ns();
			close(attach(name)); /* not persistent: destroyed by the close */
			t[i] = now_ns() - t0;
		}
		report("create", t, n);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "hold") == 0) {
		for (int i = 2; i < argc; i++)
			attach(argv[i]);
		printf("ready %d\n", argc - 2);
		fflush(stdout);
		char buf[64];
		while (read(0, buf, sizeof buf) > 0)
			;
		return 0;
	}
	fprintf(stderr, "usage: tapfloor attach NAME ITER | create PREFIX ITER | hold NAME...\n");
	return 64;
}
