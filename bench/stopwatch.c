/*
 * stopwatch.c - time one command from inside a tracer:
 *
 *   stopwatch OUTFILE COMMAND [ARGS...]
 *
 * Runs COMMAND (PATH search), waits for it and writes its wall time in
 * nanoseconds (CLOCK_MONOTONIC, fork to reap) to OUTFILE, and the CPU
 * time (user + sys) of the command and the descendants it waited for to
 * OUTFILE.cpu: on a machine where other work runs, the CPU time moves
 * less than the wall time.  Exits with the command's status.  Run under a tracer, it measures the slowdown the
 * traced program sees, without the tracer's start-up and tear-down.  It
 * makes only a handful of syscalls of its own (built static when possible).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Write ns to the file named path and suffix. */
static void write_ns(const char *path, const char *suffix, long long ns)
{
	char name[4096];
	snprintf(name, sizeof(name), "%s%s", path, suffix);
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%lld\n", ns);
	if (write(fd, buf, (size_t)n) != n)
		perror("stopwatch: write");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: stopwatch OUTFILE COMMAND [ARGS...]\n");
		return 2;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid_t pid = fork();
	if (pid < 0) {
		perror("stopwatch: fork");
		return 126;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "stopwatch: cannot run '%s'\n", argv[2]);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		;
	clock_gettime(CLOCK_MONOTONIC, &b);
	long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	long long cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	write_ns(argv[1], "", ns);
	write_ns(argv[1], ".cpu", cpu);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
