/*
 * diff_target - the program the `scprof diff` end-to-end tests record at
 * different scales: known numbers of calls, failures and sleeps.
 *
 * Usage: diff_target GETPPID [ENOENT [SLEEPS [SLEEP_US]]]
 * Defaults: ENOENT 0, SLEEPS 0, SLEEP_US 100.  One thread, no children;
 * the steps run in this order:
 *  1. ENOENT times openat(AT_FDCWD, "/nonexistent/scprof-diff_target",
 *     O_RDONLY) = -1 ENOENT;
 *  2. SLEEPS times clock_nanosleep(CLOCK_MONOTONIC, 0, SLEEP_US us);
 *  3. GETPPID times getppid;
 *  4. write 1: "diff_target: getppid=G enoent=E sleeps=S sleep_us=U\n".
 * getppid and openat go through syscall() so no library caching or path
 * rewriting changes the counts; apart from the dynamic loader's own
 * (successful) openat calls, nothing else makes these syscalls.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long arg(int argc, char **argv, int i, long def)
{
	if (i >= argc)
		return def;
	char *end;
	long v = strtol(argv[i], &end, 10);
	if (*end || v < 0) {
		fprintf(stderr, "diff_target: bad number '%s'\n", argv[i]);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: diff_target GETPPID [ENOENT [SLEEPS [SLEEP_US]]]\n");
		return 2;
	}
	long getppids = arg(argc, argv, 1, 0);
	long enoents = arg(argc, argv, 2, 0);
	long sleeps = arg(argc, argv, 3, 0);
	long sleep_us = arg(argc, argv, 4, 100);

	for (long i = 0; i < enoents; i++)
		syscall(SYS_openat, AT_FDCWD, "/nonexistent/scprof-diff_target", O_RDONLY);
	struct timespec ts = {.tv_sec = sleep_us / 1000000, .tv_nsec = sleep_us % 1000000 * 1000};
	for (long i = 0; i < sleeps; i++)
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	for (long i = 0; i < getppids; i++)
		syscall(SYS_getppid);

	char line[160];
	int n = snprintf(line, sizeof(line), "diff_target: getppid=%ld enoent=%ld sleeps=%ld sleep_us=%ld\n",
			 getppids, enoents, sleeps, sleep_us);
	return write(1, line, (size_t)n) == n ? 0 : 1;
}
