/*
 * deadlock - two threads take two mutexes in opposite order and block
 * forever; the main thread waits for them in pthread_join.
 *
 * Usage: deadlock [SECONDS]
 * With SECONDS, alarm(SECONDS) ends the process (killed by SIGALRM, exit
 * status 142 from a shell) while all three threads are still blocked; without
 * it the process hangs until killed.
 *
 * Sequence: thread "lock-ab" takes mutex A, thread "lock-ba" takes mutex B;
 * both meet at a barrier (a pipe each way, so no futex is involved), then
 * "lock-ab" asks for B and "lock-ba" asks for A.  The main thread writes
 * "deadlock: locked\n" on stdout once both threads hold their first mutex,
 * then joins "lock-ab".
 *
 * Blocked (the syscalls a stuck-call report must show), 3 threads, each
 * in one futex call entered exactly once:
 *   lock-ab: futex(&B, FUTEX_WAIT_PRIVATE, 2)  - pthread_mutex_lock(B)
 *   lock-ba: futex(&A, FUTEX_WAIT_PRIVATE, 2)  - pthread_mutex_lock(A)
 *   main ("deadlock"): futex(&tid, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME,
 *            tid) - pthread_join (glibc 2.36 waits on the thread's tid word)
 * They never return while the process lives.  When SIGALRM (or any fatal
 * signal) ends the process, the kernel wakes all three and each futex call
 * ends with -ERESTARTSYS (-512) as its thread dies: the kernel's sys_exit
 * tracepoint sees three futex calls ending with error 512 (strace, whose
 * ptrace changes how the signal is delivered, shows only main's).  So a
 * recording shows three unfinished calls only if it stops while the
 * process is still blocked.
 *
 * Other syscalls of its own (glibc 2.36, x86_64, as strace -f shows):
 *   main: alarm 1 (with SECONDS only), pipe2 2, pthread_create twice
 *         (together mmap 2, mprotect 2, rt_sigprocmask 5, rt_sigaction 1,
 *         getrandom 1, brk 2, clone3 2), read 2 (one byte each), write 3
 *         ("deadlock: locked\n" on stdout, one byte per thread to "go")
 *   each thread: rseq 1, set_robust_list 1, rt_sigprocmask 1, prctl 1
 *         (PR_SET_NAME), write 1 and read 1 (the barrier)
  */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static pthread_mutex_t mutex_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mutex_b = PTHREAD_MUTEX_INITIALIZER;

struct locker {
	const char *name;
	pthread_mutex_t *first, *second;
	int ready[2]; /* the thread writes 1 byte once it holds first */
	int go[2];    /* main writes 1 byte once both hold their first */
};

static void *locker_run(void *arg)
{
	struct locker *l = arg;
	char c = 'x';

	prctl(PR_SET_NAME, l->name, 0, 0, 0);
	pthread_mutex_lock(l->first);
	if (write(l->ready[1], &c, 1) != 1 || read(l->go[0], &c, 1) != 1)
		abort();
	pthread_mutex_lock(l->second); /* never returns */
	return NULL;
}

int main(int argc, char **argv)
{
	static const char msg[] = "deadlock: locked\n";
	struct locker ab = { "lock-ab", &mutex_a, &mutex_b, { -1, -1 }, { -1, -1 } };
	struct locker ba = { "lock-ba", &mutex_b, &mutex_a, { -1, -1 }, { -1, -1 } };
	pthread_t t_ab, t_ba;
	char c = 'x';

	if (argc > 2 || (argc == 2 && atoi(argv[1]) <= 0)) {
		fprintf(stderr, "usage: deadlock [SECONDS]\n");
		return 2;
	}
	if (argc == 2)
		alarm(atoi(argv[1]));
	/* One pipe for "ready" and one for "go", shared by both threads. */
	if (pipe(ab.ready) < 0 || pipe(ab.go) < 0) {
		perror("deadlock: pipe");
		return 1;
	}
	memcpy(ba.ready, ab.ready, sizeof(ba.ready));
	memcpy(ba.go, ab.go, sizeof(ba.go));
	if (pthread_create(&t_ab, NULL, locker_run, &ab) ||
	    pthread_create(&t_ba, NULL, locker_run, &ba)) {
		fprintf(stderr, "deadlock: cannot create threads\n");
		return 1;
	}
	/* One byte a read, so main reads exactly twice whatever the timing. */
	if (read(ab.ready[0], &c, 1) != 1 || read(ab.ready[0], &c, 1) != 1)
		return 1;
	if (write(STDOUT_FILENO, msg, strlen(msg)) < 0 || write(ab.go[1], &c, 1) != 1 ||
	    write(ab.go[1], &c, 1) != 1)
		return 1;
	pthread_join(t_ab, NULL); /* never returns */
	return 0;
}
