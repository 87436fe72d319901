/*
 * diffstacks_target.c - system calls along known call paths, their counts
 * from the command line, for `scprof diff --stacks` (t_diff_stacks.sh):
 *
 *   diffstacks_target CONFIG SPIN GONE
 *   main -> load_config -> openat   CONFIG calls, all failing (ENOENT)
 *   main -> spin        -> getppid  SPIN calls
 *   main -> gone        -> getpid   GONE calls (0: the stack is absent)
 *
 * Each uses the syscall instruction inline in the function named, so
 * frame pointers give the exact path (as in examples/stacks_calls.c).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "examples/inline_syscall.h"

__attribute__((noinline)) int load_config(int n)
{
	int failed = 0;
	for (int i = 0; i < n; i++)
		failed += SYS3(SYS_openat, AT_FDCWD, (long)"/nonexistent/scprof/config", O_RDONLY) < 0;
	BARRIER();
	return failed;
}

__attribute__((noinline)) long spin(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += SYS3(SYS_getppid, 0, 0, 0);
	BARRIER();
	return sum;
}

__attribute__((noinline)) long gone(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += SYS3(SYS_getpid, 0, 0, 0);
	BARRIER();
	return sum;
}

int main(int argc, char **argv)
{
	int config = argc > 1 ? atoi(argv[1]) : 1000;
	int nspin = argc > 2 ? atoi(argv[2]) : 3000;
	int ngone = argc > 3 ? atoi(argv[3]) : 100;
	long r = load_config(config);
	r += spin(nspin);
	r += gone(ngone);
	BARRIER();
	return r < 0;
}
