/*
 * storm.c - a syscall storm for the benchmarks: THREADS threads each make
 * ITERS iterations of cheap system calls, all threads started together.
 *
 *   storm THREADS ITERS [mixed|getppid|pingpong [PAUSE_US]]
 *
 * mixed (default): each iteration is getppid() then a 1-byte read() from
 * /dev/zero (2 syscalls); getppid: one getppid() per iteration.  ITERS 0
 * runs until killed.  PAUSE_US > 0 sleeps that long (one nanosleep) after
 * every 1000 iterations, for a steady background load (bench/soak.sh).
 * pingpong: THREADS (even) threads in pairs pass one byte back and forth
 * through two pipes, ITERS times: each read blocks until the other thread
 * writes, so every read is a context switch (record --off-cpu's worst
 * case).
 * Prints nothing; exits 0.  Built by the bench/ scripts with cc.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long iters;
static long pause_us;
static int zero_fd = -1;
static pthread_barrier_t go;
static int pingpong;

/* pingpong: one thread of a pair; p[0..1] the pipe it reads, p[2..3] the
 * one it writes; the first of a pair serves first. */
struct pong {
	int in, out;
	int first;
};

static void *pong(void *arg)
{
	struct pong *p = arg;
	char c = 'x';
	pthread_barrier_wait(&go);
	for (long i = 0; i < iters; i++) {
		if (p->first && write(p->out, &c, 1) != 1)
			abort();
		if (read(p->in, &c, 1) != 1)
			abort();
		if (!p->first && write(p->out, &c, 1) != 1)
			abort();
	}
	return NULL;
}

static void *storm(void *arg)
{
	char c;
	(void)arg;
	pthread_barrier_wait(&go);
	for (long i = 0; !iters || i < iters; i++) {
		syscall(SYS_getppid);
		if (zero_fd >= 0 && read(zero_fd, &c, 1) != 1)
			abort();
		if (pause_us > 0 && i % 1000 == 999) {
			struct timespec ts = { pause_us / 1000000, pause_us % 1000000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: storm THREADS ITERS [mixed|getppid|pingpong [PAUSE_US]]\n");
		return 2;
	}
	int nthreads = atoi(argv[1]);
	iters = atol(argv[2]);
	if (argc > 4)
		pause_us = atol(argv[4]);
	if (nthreads < 1 || nthreads > 256 || iters < 0) {
		fprintf(stderr, "storm: bad THREADS or ITERS\n");
		return 2;
	}
	if (argc < 4 || !strcmp(argv[3], "mixed")) {
		zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
		if (zero_fd < 0) {
			perror("storm: /dev/zero");
			return 1;
		}
	} else if (!strcmp(argv[3], "pingpong")) {
		pingpong = 1;
		if (nthreads % 2 || !iters) {
			fprintf(stderr, "storm: pingpong wants an even THREADS and ITERS > 0\n");
			return 2;
		}
	} else if (strcmp(argv[3], "getppid")) {
		fprintf(stderr, "storm: mode is mixed, getppid or pingpong\n");
		return 2;
	}
	pthread_t *t = calloc((size_t)nthreads, sizeof(*t));
	pthread_barrier_init(&go, NULL, (unsigned)nthreads);
	struct pong *pongs = calloc((size_t)nthreads, sizeof(*pongs));
	for (int i = 0; pingpong && i < nthreads; i += 2) {
		int a[2], b[2];
		if (pipe(a) || pipe(b)) {
			perror("storm: pipe");
			return 1;
		}
		pongs[i] = (struct pong){ .in = b[0], .out = a[1], .first = 1 };
		pongs[i + 1] = (struct pong){ .in = a[0], .out = b[1], .first = 0 };
	}
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, pingpong ? pong : storm, pingpong ? &pongs[i] : NULL)) {
			fprintf(stderr, "storm: cannot create thread\n");
			return 1;
		}
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	return 0;
}
