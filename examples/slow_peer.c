/*
 * slow_peer - a parent waits for a slow child on a pipe.
 *
 * The parent makes a pipe and forks.  The child sends 5 messages of 16
 * bytes, sleeping 10 ms before each, then exits.  The parent waits for each
 * message in poll() and reads it with one read() of exactly 16 bytes; after
 * the 5th it polls and reads once more to see end of file, then reaps the
 * child.  Messages never merge: each read takes exactly one message.
 *
 * Syscalls of its own (besides the C library's start-up and exit):
 *   parent: pipe2 1, clone 1 (fork), close 1 (write end),
 *           poll 6 (each returns 1; the first five wait about 10 ms for a
 *           message, the first a little more because the child starts
 *           then; the last one waits for the child's exit, well under 10 ms),
 *           read 6 (five of 16 bytes, then 0 at end of file),
 *           wait4 1, write 1 ("slow_peer: 5 messages\n" on stdout),
 *           exit_group 1
 *   child:  set_robust_list 1 (glibc's fork, in the child), close 1 (read
 *           end), then 5 times clock_nanosleep (10 ms) and write (16
 *           bytes), then exit_group 1
 * (glibc 2.36 on x86_64, as strace -f shows: pipe() is pipe2, fork() is
 * clone, waitpid() is wait4.)
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MESSAGES 5
#define MSG_SIZE 16
#define DELAY_NS 10000000L

static void child(int fd)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = DELAY_NS };
	char msg[MSG_SIZE];

	for (int i = 0; i < MESSAGES; i++) {
		memset(msg, 0, sizeof(msg));
		snprintf(msg, sizeof(msg), "message %d", i + 1);
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		if (write(fd, msg, sizeof(msg)) != sizeof(msg))
			_exit(1);
	}
	_exit(0);
}

int main(void)
{
	static const char done[] = "slow_peer: 5 messages\n";
	char buf[MSG_SIZE];
	int fds[2], status, got = 0;
	ssize_t n;

	if (pipe(fds) < 0) {
		perror("slow_peer: pipe");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("slow_peer: fork");
		return 1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1]);
	}
	close(fds[1]);
	do {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		if (poll(&p, 1, -1) < 0) {
			perror("slow_peer: poll");
			return 1;
		}
		n = read(fds[0], buf, sizeof(buf));
		if (n == MSG_SIZE)
			got++;
	} while (n > 0);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    n < 0 || got != MESSAGES) {
		fprintf(stderr, "slow_peer: got %d of %d messages\n", got, MESSAGES);
		return 1;
	}
	if (write(STDOUT_FILENO, done, strlen(done)) < 0)
		return 1;
	return 0;
}
