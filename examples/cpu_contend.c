/*
 * cpu_contend - more threads making calls than there are CPUs: calls
 * that wait for a CPU (runnable) as well as run.
 *
 * Usage: cpu_contend [THREADS [READS]]
 *   (default: twice the online CPUs, at least 4; 2000 reads each)
 *
 * Each thread reads 256 KiB from /dev/zero READS times.  Clearing the
 * buffer takes the kernel tens of microseconds a read, and the kernel
 * offers to reschedule inside it (cond_resched) even without preemption:
 * with more threads than CPUs, some reads are switched out while still
 * runnable and wait for a CPU.
 *
 * Syscalls of its own: openat 1 (/dev/zero), read THREADS x READS
 * (262144 bytes each), close 1, write 1 (the summary on stdout), and
 * pthread_create's (mmap, mprotect, rt_sigprocmask, clone3).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BUF (256 * 1024)
#define MAX_THREADS 256

static int fd;
static long reads = 2000;

static void *reader_run(void *arg)
{
	char *buf = malloc(BUF);
	if (!buf)
		exit(1);
	for (long i = 0; i < reads; i++)
		if (read(fd, buf, BUF) != BUF)
			exit(1);
	free(buf);
	return arg;
}

int main(int argc, char **argv)
{
	long threads = 2 * sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 4)
		threads = 4;
	if (argc > 1)
		threads = atol(argv[1]);
	if (argc > 2)
		reads = atol(argv[2]);
	if (threads < 1 || threads > MAX_THREADS || reads < 0 || argc > 3) {
		fprintf(stderr, "usage: cpu_contend [THREADS [READS]]\n");
		return 2;
	}
	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0)
		return 1;
	pthread_t t[MAX_THREADS];
	for (long i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, reader_run, NULL))
			return 1;
	for (long i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	close(fd);
	printf("cpu_contend: %ld threads, %ld reads each\n", threads, reads);
	return 0;
}
