/*
 * syscall_mix - a known number of getppid calls from three places, and a
 * known number of failing calls; the reference program of the e2e tests.
 *
 * Usage: syscall_mix [MAIN [THREAD [CHILD [ENOENT [EBADF]]]]]
 * Defaults: 12345 2345 345 77 23.  All steps run one after another, so the
 * counts and the order do not depend on scheduling.
 *
 *  1. main thread:  ENOENT times openat("/nonexistent/scprof-syscall_mix",
 *                   O_RDONLY) = -1 ENOENT, then EBADF times close(-1) = -1
 *                   EBADF, then MAIN times getppid.
 *  2. thread "mix-thread" (pthread_create, then pthread_join): prctl 1
 *                   (PR_SET_NAME), THREAD times getppid, then
 *                   clock_nanosleep 1 (5 ms, so that the main thread is
 *                   already waiting in pthread_join: that join makes
 *                   exactly one futex call).
 *  3. child process (fork, then waitpid): set_robust_list 1 (glibc's
 *                   fork), prctl 1 (PR_SET_NAME "mix-child"), CHILD times
 *                   getppid, exit_group 1.
 *  4. main thread:  write 1: "syscall_mix: getppid main=12345
 *                   thread=2345 child=345, ENOENT 77, EBADF 23\n" on stdout.
 *
 * getppid is called through syscall(SYS_getppid) so no library caching can
 * change the count, and nothing else in the program (or in the C library)
 * calls it: a recording of this program must show exactly
 * MAIN + THREAD + CHILD getppid calls, MAIN from the main thread, THREAD
 * from mix-thread, CHILD from the child process; openat with exactly ENOENT
 * failures (errno ENOENT; the dynamic loader's own openat calls succeed)
 * and close with exactly EBADF failures (errno EBADF).
 * Other syscalls (glibc 2.36, x86_64, as strace -f shows): pthread_create
 * (rt_sigaction 1, rt_sigprocmask 3, mmap 1, mprotect 1, getrandom 1,
 * brk 2, clone3 1; in the thread rseq 1, set_robust_list 1,
 * rt_sigprocmask 2, madvise 1 and exit 1), pthread_join (futex 1), fork
 * (clone 1), waitpid (wait4 1).  strace -c leaves out exit and exit_group,
 * which never return.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void getppid_n(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static void *thread_run(void *arg)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 5000000L };

	prctl(PR_SET_NAME, "mix-thread", 0, 0, 0);
	getppid_n(*(long *)arg);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	return NULL;
}

static int parse_count(const char *s, long *out)
{
	char *end;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	long counts[5] = { 12345, 2345, 345, 77, 23 };
	long n_main, n_thread, n_child, n_enoent, n_ebadf;
	char line[160];
	pthread_t t;
	int status;

	if (argc > 6) {
		fprintf(stderr, "usage: syscall_mix [MAIN [THREAD [CHILD [ENOENT [EBADF]]]]]\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (parse_count(argv[i], &counts[i - 1])) {
			fprintf(stderr, "syscall_mix: bad count '%s'\n", argv[i]);
			return 2;
		}
	}
	n_main = counts[0];
	n_thread = counts[1];
	n_child = counts[2];
	n_enoent = counts[3];
	n_ebadf = counts[4];

	for (long i = 0; i < n_enoent; i++) {
		int fd = open("/nonexistent/scprof-syscall_mix", O_RDONLY);
		if (fd >= 0 || errno != ENOENT) {
			fprintf(stderr, "syscall_mix: open of a missing file did not fail with ENOENT\n");
			return 1;
		}
	}
	for (long i = 0; i < n_ebadf; i++)
		close(-1);
	getppid_n(n_main);

	if (pthread_create(&t, NULL, thread_run, &n_thread)) {
		fprintf(stderr, "syscall_mix: cannot create a thread\n");
		return 1;
	}
	pthread_join(t, NULL);

	pid_t pid = fork();
	if (pid < 0) {
		perror("syscall_mix: fork");
		return 1;
	}
	if (pid == 0) {
		prctl(PR_SET_NAME, "mix-child", 0, 0, 0);
		getppid_n(n_child);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "syscall_mix: child failed\n");
		return 1;
	}

	int len = snprintf(line, sizeof(line),
			   "syscall_mix: getppid main=%ld thread=%ld child=%ld, ENOENT %ld, EBADF %ld\n",
			   n_main, n_thread, n_child, n_enoent, n_ebadf);
	if (write(STDOUT_FILENO, line, len) != len)
		return 1;
	return 0;
}
