/*
 * counters_target - system calls with known counts, for record --counters.
 *
 *   counters_target faults N   one read(2) of N pages from /dev/zero into
 *                              freshly mapped, never touched anonymous
 *                              memory (huge pages off): the kernel takes
 *                              exactly one page fault per page inside read
 *   counters_target sleep N    N nanosleeps of 1 ms: each leaves the CPU
 *                              at least once
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long n = atol(argv[2]);
	if (!strcmp(argv[1], "faults")) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE), len = (size_t)n * page;
		char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (buf == MAP_FAILED || madvise(buf, len, MADV_NOHUGEPAGE))
			return 1;
		int fd = open("/dev/zero", O_RDONLY);
		if (fd < 0 || read(fd, buf, len) != (ssize_t)len)
			return 1;
		return 0;
	}
	if (!strcmp(argv[1], "sleep")) {
		struct timespec ts = { 0, 1000000 };
		for (long i = 0; i < n; i++)
			nanosleep(&ts, NULL);
		return 0;
	}
	return 2;
}
