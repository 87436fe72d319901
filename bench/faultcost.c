/*
 * faultcost - what one page fault taken inside the kernel costs here.
 *
 *   faultcost [N]
 *
 * Times N 1-byte reads of /dev/zero into a buffer, then N into address 8,
 * which the kernel's copy to user space faults on and fixes up (EFAULT):
 * the difference is the cost of that fault.  A frame-pointer stack walk
 * (perf_event_open's PERF_SAMPLE_CALLCHAIN, scprof record -g fp) ends with
 * such a fault when it reads past the outermost frame.  Prints the median
 * of 5 rounds of each, in ns per read.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	int fd = open("/dev/zero", O_RDONLY);
	if (fd < 0 || n <= 0) {
		fprintf(stderr, "usage: faultcost [N] (needs /dev/zero)\n");
		return 2;
	}
	/* Through a volatile pointer, so that the compiler does not see
	 * the bad address. */
	char buf, *volatile bad = (char *)8;
	double good[5], fault[5];
	for (int r = 0; r < 5; r++) {
		double t0 = now_ns();
		for (long i = 0; i < n; i++)
			if (read(fd, &buf, 1) != 1)
				return 1;
		double t1 = now_ns();
		for (long i = 0; i < n; i++)
			if (read(fd, bad, 1) != -1)
				return 1;
		double t2 = now_ns();
		good[r] = (t1 - t0) / n;
		fault[r] = (t2 - t1) / n;
	}
	qsort(good, 5, sizeof(double), cmp);
	qsort(fault, 5, sizeof(double), cmp);
	printf("read %.0f ns, faulting read %.0f ns: a fault in the kernel costs %.0f ns\n",
	       good[2], fault[2], fault[2] - good[2]);
	return 0;
}
