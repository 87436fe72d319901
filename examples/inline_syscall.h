/*
 * inline_syscall.h - a system call made by the syscall instruction right
 * in the calling function, for the programs whose call stacks the tests
 * check (examples/stacks_calls.c, tests/e2e/diffstacks_target.c).
 *
 * No libc wrapper and no frame of its own: the innermost frame of the
 * call is the function that wrote SYS3, so frame pointers give the exact
 * path.  A macro, not an inline function, so that the debug line of the
 * call is the caller's line in its own file (report --lines), not a line
 * of this header.  x86_64 only.
 */
#ifndef SCPROF_EXAMPLES_INLINE_SYSCALL_H
#define SCPROF_EXAMPLES_INLINE_SYSCALL_H

/* syscall nr(a, b, c); its raw result (-errno on failure) */
#define SYS3(nr, a, b, c)                                                              \
	({                                                                             \
		long ret_;                                                             \
		register long r10_ __asm__("r10") = 0;                                 \
		__asm__ volatile("syscall"                                             \
				 : "=a"(ret_)                                          \
				 : "a"((long)(nr)), "D"((long)(a)), "S"((long)(b)),    \
				   "d"((long)(c)), "r"(r10_)                           \
				 : "rcx", "r11", "memory");                            \
		ret_;                                                                  \
	})

/* keeps the compiler from merging, inlining or tail-calling */
#define BARRIER() __asm__ volatile("" ::: "memory")

#endif
