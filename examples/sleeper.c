/*
 * sleeper - sleeps 20 ms five times.
 *
 * Syscalls of its own (besides the C library's start-up and exit):
 *   clock_nanosleep   exactly 5 calls, CLOCK_MONOTONIC, relative 20 ms each
 *                     (a call interrupted by a signal is not restarted, so
 *                     the count stays 5; none is sent in normal use)
 *   write             1 call: "sleeper: slept 5 x 20 ms\n" on stdout
 *   exit_group        1 call
 * So a profiler should show clock_nanosleep: 5 calls, each about 20 ms
 * (p50 between 20 and 25 ms on an idle machine).
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLEEPS 5
#define SLEEP_NS 20000000L

int main(void)
{
	static const char msg[] = "sleeper: slept 5 x 20 ms\n";
	struct timespec ts = { .tv_sec = 0, .tv_nsec = SLEEP_NS };

	for (int i = 0; i < SLEEPS; i++)
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	if (write(STDOUT_FILENO, msg, strlen(msg)) < 0)
		return 1;
	return 0;
}
