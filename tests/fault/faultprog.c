/*
 * faultprog - workloads with exactly known getppid counts for the fault
 * tests (tests/e2e/t_fault_*.sh, t_priv_*.sh).
 *
 * getppid is called through syscall(SYS_getppid), and nothing else in the
 * program or the C library calls it, so a recording must show exactly the
 * count a mode promises (fewer only where the test cuts the recording).
 * Every mode prints one line on stdout when it finishes normally.
 *
 *   faultprog getppid N [SECONDS [IGNORED...]]
 *       N getppid calls, spread evenly over SECONDS (default 0: as fast as
 *       possible; otherwise the calls come in 100 bursts with a sleep after
 *       each).  Prints "getppid N".  Further arguments are ignored: the
 *       --no-args test puts a secret there.
 *   faultprog forks N
 *       N child processes, one after another (fork, waitpid): each makes
 *       exactly 1 getppid and _exits 0.  Then the parent makes 7 getppid.
 *       Total N + 7.  Prints "forks N".
 *   faultprog threads N K
 *       N threads, at most 30 alive at once (created in waves of 30, each
 *       wave joined before the next): each makes exactly K getppid.  The
 *       main thread makes none.  Total N * K.  Prints "threads N K".
 *   faultprog signal SIG N
 *       N getppid, then kills itself with signal SIG (default action
 *       restored first, core dumps off): the exit status seen by a shell
 *       is 128 + SIG.  Prints "signal SIG N" before the kill.
 *   faultprog exec N PROG [ARGS...]
 *       N getppid, prints "exec N PROG", then execv(PROG, {PROG, ARGS}).
 *   faultprog ticker
 *       Forever: 1000 getppid, then one line "tick I" on stdout (flushed),
 *       then 10 ms of sleep.  For attach tests that watch progress.
 *   faultprog fds
 *       One line per open file descriptor: "fd N -> TARGET" (readlink of
 *       /proc/self/fd/N), the directory stream's own left out.  Run
 *       directly and under scprof record, the lists must match: the
 *       recorder leaks no descriptor (perf events, ring buffers, the
 *       output file) into the command.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void getppid_n(long n)
{
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static long number(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 0) {
		fprintf(stderr, "faultprog: invalid %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int mode_getppid(long n, double seconds)
{
	if (seconds <= 0) {
		getppid_n(n);
	} else {
		long long pause = (long long)(seconds * 1e9 / 100);
		for (int i = 0; i < 100; i++) {
			getppid_n(n / 100 + (i < n % 100));
			sleep_ns(pause);
		}
	}
	printf("getppid %ld\n", n);
	return 0;
}

static int mode_forks(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("faultprog: fork");
			return 1;
		}
		if (pid == 0) {
			syscall(SYS_getppid);
			_exit(0);
		}
		int status;
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "faultprog: child %ld failed\n", i);
			return 1;
		}
	}
	getppid_n(7);
	printf("forks %ld\n", n);
	return 0;
}

static void *thread_run(void *arg)
{
	getppid_n(*(long *)arg);
	return NULL;
}

static int mode_threads(long n, long k)
{
	enum { WAVE = 30 };
	pthread_t t[WAVE];
	for (long done = 0; done < n;) {
		int wave = n - done < WAVE ? (int)(n - done) : WAVE;
		for (int i = 0; i < wave; i++) {
			int e = pthread_create(&t[i], NULL, thread_run, &k);
			if (e) {
				fprintf(stderr, "faultprog: pthread_create: %s\n", strerror(e));
				return 1;
			}
		}
		for (int i = 0; i < wave; i++)
			pthread_join(t[i], NULL);
		done += wave;
	}
	printf("threads %ld %ld\n", n, k);
	return 0;
}

static int mode_signal(int sig, long n)
{
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	getppid_n(n);
	printf("signal %d %ld\n", sig, n);
	fflush(stdout);
	kill(getpid(), sig);
	fprintf(stderr, "faultprog: signal %d did not kill me\n", sig);
	return 1;
}

static int mode_exec(long n, char **argv)
{
	getppid_n(n);
	printf("exec %ld %s\n", n, argv[0]);
	fflush(stdout);
	execv(argv[0], argv);
	fprintf(stderr, "faultprog: cannot exec '%s': %s\n", argv[0], strerror(errno));
	return 127;
}

static _Noreturn void mode_ticker(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (unsigned long i = 1;; i++) {
		getppid_n(1000);
		printf("tick %lu\n", i);
		sleep_ns(10000000);
	}
}

static int mode_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d) {
		perror("faultprog: /proc/self/fd");
		return 1;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
			continue;
		char path[300], target[PATH_MAX];
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = 0;
		printf("fd %s -> %s\n", e->d_name, target);
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "getppid") && argc >= 3)
		return mode_getppid(number(argv[2], "count"), argc >= 4 ? atof(argv[3]) : 0);
	if (!strcmp(mode, "forks") && argc == 3)
		return mode_forks(number(argv[2], "count"));
	if (!strcmp(mode, "threads") && argc == 4)
		return mode_threads(number(argv[2], "thread count"), number(argv[3], "count"));
	if (!strcmp(mode, "signal") && argc == 4)
		return mode_signal((int)number(argv[2], "signal"), number(argv[3], "count"));
	if (!strcmp(mode, "exec") && argc >= 4)
		return mode_exec(number(argv[2], "count"), argv + 3);
	if (!strcmp(mode, "ticker") && argc == 2)
		mode_ticker();
	if (!strcmp(mode, "fds") && argc == 2)
		return mode_fds();
	fprintf(stderr, "usage: faultprog getppid N [SECONDS [IGNORED...]] | forks N | threads N K |\n"
			"       signal SIG N | exec N PROG [ARGS...] | ticker | fds\n");
	return 2;
}
