/*
 * pipe_waker - a pipe reader woken N times by a writer thread named
 * "writer", at a fixed interval: where a read waits and who wakes it.
 *
 * Usage: pipe_waker [N [INTERVAL_MS]]   (default 10 writes, 20 ms)
 *
 * Sequence, N times: the main thread (the reader) posts a semaphore, then
 * reads one byte from the pipe; the "writer" thread waits for the post,
 * sleeps INTERVAL_MS (clock_nanosleep, relative), then writes one byte.
 * The post comes before the read, so each read blocks for at least the
 * writer's sleep: N reads blocked N x INTERVAL_MS in all, or more.  Then
 * the writer closes its end and the reader's last read returns 0 (end of
 * file), at once or woken by the close.
 *
 * Syscalls of its own (glibc 2.36, x86_64), besides pthread_create's
 * (mmap, mprotect, rt_sigprocmask, clone3) and start-up:
 *   main ("pipe_waker"): pipe2 1, read N + 1 (N of 1 byte, then 0),
 *         futex (sem_post, when the writer waits), write 1 (the summary
 *         line on stdout)
 *   writer: prctl 1 (PR_SET_NAME "writer"), futex (sem_wait),
 *         clock_nanosleep N, write N (1 byte each), close 1
 * So a profiler with off-CPU times shows read: N + 1 calls, blocked at
 * least N x INTERVAL_MS, in pipe_read (anon_pipe_read on 6.x kernels),
 * woken by the thread "writer".
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static sem_t ready;
static long writes = 10, interval_ms = 20;

static void *writer_run(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "writer", 0, 0, 0);
	struct timespec ts = { interval_ms / 1000, (interval_ms % 1000) * 1000000L };
	for (long i = 0; i < writes; i++) {
		while (sem_wait(&ready))
			;
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		if (write(fds[1], "x", 1) != 1)
			exit(1);
	}
	close(fds[1]);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		writes = atol(argv[1]);
	if (argc > 2)
		interval_ms = atol(argv[2]);
	if (writes < 0 || interval_ms < 0 || argc > 3) {
		fprintf(stderr, "usage: pipe_waker [N [INTERVAL_MS]]\n");
		return 2;
	}
	if (pipe(fds) || sem_init(&ready, 0, 0))
		return 1;
	pthread_t t;
	if (pthread_create(&t, NULL, writer_run, NULL))
		return 1;
	char c;
	long got = 0;
	for (;;) {
		if (got < writes)
			sem_post(&ready);
		ssize_t n = read(fds[0], &c, 1);
		if (n <= 0)
			break;
		got++;
	}
	pthread_join(t, NULL);
	printf("pipe_waker: read %ld bytes, %ld ms apart\n", got, interval_ms);
	return got == writes ? 0 : 1;
}
