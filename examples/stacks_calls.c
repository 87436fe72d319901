/*
 * stacks_calls.c - system calls made along known call paths, for the call
 * stack tests (scprof record --call-graph fp|dwarf; report --stacks).
 *
 * Built four ways (examples/module.mk): stacks_calls (frame pointers, PIE),
 * stacks_nofp (-fomit-frame-pointer), stacks_nopie (-no-pie) and
 * stacks_strip (stripped, symbols in stacks_strip.debug found through
 * .gnu_debuglink).  Every run makes, besides the startup and exit calls of
 * any program:
 *
 *   main -> load_config -> openat      1000 calls, all failing (ENOENT)
 *   main -> load_cache  -> openat       200 calls, all succeeding
 *   main -> load_cache  -> close        200 calls
 *   main -> spin        -> getppid     3000 calls
 *   main -> work_a -> work -> getpid    300 calls
 *   main -> work_b -> work -> getpid    200 calls
 *   main -> via_libc -> getppid()       100 calls through libc's wrapper
 *   main -> cpu_time -> clock_gettime()  50 clock_gettime calls, made by
 *                                         the vdso (a CPU-time clock has
 *                                         no vdso fast path)
 *
 * All but the last two use the syscall instruction inline in the function
 * named, so the innermost frame is that function and frame pointers give
 * the exact path.  libc's wrappers keep no frame, so with frame pointers
 * via_libc and cpu_time are hidden (main -> getppid); DWARF unwinding sees
 * them.  Functions are noinline and do work after their
 * calls, so no call becomes a tail jump.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "examples/inline_syscall.h"

__attribute__((noinline)) int load_config(int n)
{
	int failed = 0;
	for (int i = 0; i < n; i++)
		failed +=
		    SYS3(SYS_openat, AT_FDCWD, (long)"/nonexistent/scprof/config", O_RDONLY) < 0;
	BARRIER();
	return failed;
}

__attribute__((noinline)) int load_cache(int n)
{
	int opened = 0;
	for (int i = 0; i < n; i++) {
		long fd = SYS3(SYS_openat, AT_FDCWD, (long)"/dev/null", O_RDONLY);
		if (fd >= 0) {
			opened++;
			SYS3(SYS_close, fd, 0, 0);
		}
	}
	BARRIER();
	return opened;
}

__attribute__((noinline)) long spin(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += SYS3(SYS_getppid, 0, 0, 0);
	BARRIER();
	return sum;
}

__attribute__((noinline)) long work(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += SYS3(SYS_getpid, 0, 0, 0);
	BARRIER();
	return sum;
}

__attribute__((noinline)) long work_a(int n)
{
	long r = work(n);
	BARRIER();
	return r + 1;
}

__attribute__((noinline)) long work_b(int n)
{
	long r = work(n);
	BARRIER();
	return r + 2;
}

__attribute__((noinline)) long via_libc(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += getppid();
	BARRIER();
	return sum;
}

__attribute__((noinline)) long cpu_time(int n)
{
	long sum = 0;
	struct timespec ts;
	for (int i = 0; i < n; i++) {
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
		sum += ts.tv_nsec;
	}
	BARRIER();
	return sum;
}

int main(void)
{
	long r = load_config(1000);
	r += load_cache(200);
	r += spin(3000);
	r += work_a(300);
	r += work_b(200);
	r += via_libc(100);
	r += cpu_time(50);
	BARRIER();
	return r == 0; /* never: getppid is not 0 here */
}
