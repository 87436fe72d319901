/*
 * storm.c - a syscall storm for the benchmarks: THREADS threads each make
 * ITERS iterations of cheap system calls, all threads started together.
 *
 *   storm THREADS ITERS [mixed|getppid [PAUSE_US]]
 *
 * mixed (default): each iteration is getppid() then a 1-byte read() from
 * /dev/zero (2 syscalls); getppid: one getppid() per iteration.  ITERS 0
 * runs until killed.  PAUSE_US > 0 sleeps that long (one nanosleep) after
 * every 1000 iterations, for a steady background load (bench/soak.sh).
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
		fprintf(stderr, "usage: storm THREADS ITERS [mixed|getppid [PAUSE_US]]\n");
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
	} else if (strcmp(argv[3], "getppid")) {
		fprintf(stderr, "storm: mode is mixed or getppid\n");
		return 2;
	}
	pthread_t *t = calloc((size_t)nthreads, sizeof(*t));
	pthread_barrier_init(&go, NULL, (unsigned)nthreads);
	for (int i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, storm, NULL)) {
			fprintf(stderr, "storm: cannot create thread\n");
			return 1;
		}
	for (int i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	return 0;
}
