/*
 * getppid_loop - a known number of getppid calls spread over time: the
 * program the live and rotating recordings are checked with (scprof top,
 * record --switch-output).
 *
 * Usage: getppid_loop ROUNDS CALLS MS
 * Each of ROUNDS rounds makes CALLS getppid calls, then sleeps MS ms in
 * one clock_nanosleep (CLOCK_MONOTONIC, relative; not restarted if a
 * signal interrupts it).  ROUNDS 0: rounds until killed.
 *
 * Syscalls of its own (besides the C library's start-up and exit):
 *   getppid           exactly ROUNDS x CALLS, through syscall(SYS_getppid)
 *                     so that no library caching changes the count;
 *                     nothing else in the program calls it
 *   clock_nanosleep   exactly ROUNDS calls
 *   write             1 call: "getppid_loop: N getppid calls\n" on stdout
 *   exit_group        1 call
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: getppid_loop ROUNDS CALLS MS\n");
		return 2;
	}
	unsigned long rounds = strtoul(argv[1], NULL, 10);
	unsigned long calls = strtoul(argv[2], NULL, 10);
	long ms = strtol(argv[3], NULL, 10);
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	unsigned long done = 0;
	for (unsigned long r = 0; !rounds || r < rounds; r++) {
		for (unsigned long i = 0; i < calls; i++)
			syscall(SYS_getppid);
		done += calls;
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	}
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "getppid_loop: %lu getppid calls\n", done);
	if (write(STDOUT_FILENO, msg, (size_t)n) < 0)
		return 1;
	return 0;
}
