/*
 * stacks_inline.c - system calls made through libc's syscall() wrapper,
 * from a plain function and from an inlined one, for the call stack tests
 * (tests/e2e/t_stacks_inline.sh).  Built with frame pointers and debug
 * info (examples/module.mk).  Every run makes, besides the startup and
 * exit calls of any program:
 *
 *   main -> load -> syscall()                           getpid   400 calls
 *   main -> refresh -> fetch (inlined) -> syscall()     getppid  700 calls
 *   main -> refresh -> syscall()                        gettid   300 calls
 *
 * libc's syscall() sets up no frame, so the kernel's frame-pointer walk
 * skips its caller (load, refresh): `record -g fp` puts it back from the
 * top of the stack.  fetch is always_inline: it has no frame and no
 * symbol of its own, only the DWARF's inline scopes name it, between
 * refresh and syscall.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>

#include "examples/inline_syscall.h"

__attribute__((noinline)) long load(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += syscall(SYS_getpid);
	BARRIER();
	return sum;
}

static inline __attribute__((always_inline)) long fetch(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += syscall(SYS_getppid);
	return sum;
}

__attribute__((noinline)) long refresh(int n, int m)
{
	long sum = fetch(n);
	BARRIER();
	for (int i = 0; i < m; i++)
		sum += syscall(SYS_gettid);
	BARRIER();
	return sum;
}

int main(void)
{
	long r = load(400);
	r += refresh(700, 300);
	BARRIER();
	return r == 0; /* never: the pids are not 0 */
}
