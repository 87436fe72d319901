/*
 * argwidth_target - system calls whose integer and flag arguments carry
 * garbage in the bits the kernel ignores, for tests/e2e/t_arg_widths.sh:
 * scprof's --events must print every such argument as strace does, at the
 * width and signedness the kernel declares for it.
 *
 * Each 32-bit argument is passed as FILL | value (FILL sets bits 32..63),
 * as strace's own tests do; every pointer is NULL, every descriptor -1 or
 * a descriptor the program just opened, every process id one that cannot
 * exist, so that every call fails or does nothing (umask is set back).
 * The calls sit between two markers, close(1000001) and close(1000002),
 * each failing with EBADF.  No argument is a string or a structure, so
 * strace and scprof print the same text with no paths captured.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILL 0xdefaced00000000UL
/* a 32-bit value with FILL above it */
#define F(v) (FILL | (uint32_t)(v))
/* a pid that cannot exist (pid_max is at most 2^22) */
#define NOPID 0x7ffffffe

int main(void)
{
	long fd;

	syscall(SYS_close, F(1000001));

	/* the three defects of issue 13 */
	syscall(SYS_umask, F(0));
	syscall(SYS_umask, F(022));
	syscall(SYS_close_range, F(-2), F(-1), F(1));
	syscall(SYS_close_range, F(-1), F(-2), F(2));
	syscall(SYS_close_range, F(7), F(7), F(8));
	syscall(SYS_unlinkat, F(-1), NULL, F(0x200));
	syscall(SYS_unlinkat, F(-1), NULL, F(0x2000));
	syscall(SYS_unlinkat, F(-100), NULL, F(0));

	/* descriptors */
	syscall(SYS_close, F(-1));
	syscall(SYS_dup, F(-1));
	syscall(SYS_dup2, F(-1), F(-1));
	syscall(SYS_dup3, F(-1), F(-1), F(O_CLOEXEC));
	syscall(SYS_fcntl, F(-1), F(F_GETFD));
	syscall(SYS_fcntl, F(-1), F(F_SETFD), F(FD_CLOEXEC));
	syscall(SYS_fcntl, F(-1), F(F_DUPFD_CLOEXEC), F(5));
	syscall(SYS_fcntl, F(-1), F(F_SETFL), F(O_NONBLOCK));
	syscall(SYS_lseek, F(-1), 5L, F(SEEK_END));
	syscall(SYS_read, F(-1), NULL, 7UL);
	syscall(SYS_write, F(-1), NULL, 7UL);
	syscall(SYS_pread64, F(-1), NULL, 7UL, 9L);
	syscall(SYS_flock, F(-1), F(LOCK_EX | LOCK_NB));
	syscall(SYS_fsync, F(-1));
	syscall(SYS_ftruncate, F(-1), 5L);
	syscall(SYS_fadvise64, F(-1), 0L, 0L, F(4));
	syscall(SYS_readahead, F(-1), 0L, 0UL);
	syscall(SYS_sendfile, F(-1), F(-1), NULL, 0UL);
	syscall(SYS_ioctl, F(-1), F(0x5401), NULL);
	syscall(SYS_pidfd_send_signal, F(-1), F(SIGTERM), NULL, F(0));
	syscall(SYS_pidfd_getfd, F(-1), F(-1), F(0));
	syscall(SYS_pidfd_open, F(NOPID), F(0));

	/* paths (NULL: each fails with EFAULT, or EBADF for the -1 dirfd) */
	syscall(SYS_open, NULL, F(O_WRONLY | O_CREAT), F(0600));
	syscall(SYS_openat, F(-100), NULL, F(O_RDONLY | O_CLOEXEC), F(0644));
	syscall(SYS_openat, F(-100), NULL, F(O_RDWR | O_CREAT | O_EXCL), F(0640));
	syscall(SYS_creat, NULL, F(0644));
	syscall(SYS_access, NULL, F(R_OK | W_OK));
	syscall(SYS_faccessat, F(-100), NULL, F(X_OK));
	syscall(SYS_faccessat2, F(-100), NULL, F(R_OK), F(0x200));
	syscall(SYS_mkdir, NULL, F(0755));
	syscall(SYS_mkdirat, F(-1), NULL, F(0700));
	syscall(SYS_chmod, NULL, F(04755));
	syscall(SYS_fchmod, F(-1), F(0644));
	syscall(SYS_fchmodat, F(-100), NULL, F(0600));
	syscall(SYS_chown, NULL, F(-1), F(1000));
	syscall(SYS_fchown, F(-1), F(1000), F(-1));
	syscall(SYS_lchown, NULL, F(0), F(0));
	syscall(SYS_fchownat, F(-100), NULL, F(1), F(2), F(0x100));
	syscall(SYS_newfstatat, F(-100), NULL, NULL, F(0x100));
	syscall(SYS_linkat, F(-100), NULL, F(-100), NULL, F(0x400));
	syscall(SYS_utimensat, F(-1), NULL, NULL, F(0x100));
	syscall(SYS_truncate, NULL, 5L);
	syscall(SYS_mknod, NULL, F(0020600), F(0x103));
	syscall(SYS_mknodat, F(-100), NULL, F(0100644), F(0));

	/* sockets */
	fd = syscall(SYS_socket, F(2), F(1 | 02000000), F(6));
	syscall(SYS_close, fd);
	fd = syscall(SYS_socket, F(10), F(2), F(17));
	syscall(SYS_close, fd);
	syscall(SYS_socketpair, F(1), F(1), F(0), NULL);
	syscall(SYS_connect, F(-1), NULL, F(16));
	syscall(SYS_bind, F(-1), NULL, F(16));
	syscall(SYS_listen, F(-1), F(5));
	syscall(SYS_accept4, F(-1), NULL, NULL, F(02000000));
	syscall(SYS_shutdown, F(-1), F(2));
	syscall(SYS_sendto, F(-1), NULL, 0UL, F(0x40), NULL, F(0));
	syscall(SYS_recvfrom, F(-1), NULL, 0UL, F(0x40), NULL, NULL);
	syscall(SYS_sendmsg, F(-1), NULL, F(0x4000));
	syscall(SYS_recvmsg, F(-1), NULL, F(0x40000000));

	/* memory */
	syscall(SYS_mprotect, NULL, 0UL, F(1));
	syscall(SYS_madvise, NULL, 0UL, F(4));
	syscall(SYS_msync, NULL, 0UL, F(4));
	syscall(SYS_mremap, NULL, 0UL, 0UL, F(1), NULL);
	syscall(SYS_mlockall, F(0));

	/* processes and signals */
	syscall(SYS_kill, F(NOPID), F(0));
	syscall(SYS_tkill, F(NOPID), F(SIGTERM));
	syscall(SYS_tgkill, F(NOPID), F(NOPID), F(SIGUSR1));
	syscall(SYS_wait4, F(NOPID), NULL, F(WNOHANG), NULL);
	syscall(SYS_rt_sigprocmask, F(SIG_BLOCK), NULL, NULL, 8UL);
	syscall(SYS_getpgid, F(NOPID));
	syscall(SYS_getsid, F(NOPID));
	syscall(SYS_getrlimit, F(7), NULL);
	syscall(SYS_prlimit64, F(NOPID), F(7), NULL, NULL);
	syscall(SYS_alarm, F(0));
	syscall(SYS_personality, F(0xffffffff));
	syscall(SYS_sched_getscheduler, F(NOPID));

	/* clocks, events, other descriptor makers */
	syscall(SYS_clock_gettime, F(1), NULL);
	syscall(SYS_clock_nanosleep, F(1), F(1), NULL, NULL);
	fd = syscall(SYS_eventfd2, F(3), F(02000000));
	syscall(SYS_close, fd);
	fd = syscall(SYS_epoll_create1, F(02000000));
	syscall(SYS_epoll_ctl, fd, F(1), F(-1), NULL);
	syscall(SYS_epoll_wait, fd, NULL, F(1), F(0));
	syscall(SYS_close, fd);
	fd = syscall(SYS_inotify_init1, F(04000));
	syscall(SYS_close, fd);
	fd = syscall(SYS_timerfd_create, F(1), F(02000000));
	syscall(SYS_close, fd);
	syscall(SYS_signalfd4, F(-1), NULL, 8UL, F(04000));
	syscall(SYS_pipe2, NULL, F(O_CLOEXEC));
	syscall(SYS_getrandom, NULL, 0UL, F(1));
	syscall(SYS_memfd_create, NULL, F(1));
	syscall(SYS_poll, NULL, F(0), F(0));

	/* calls whose flags have tables of their own */
	syscall(SYS_statx, F(-100), NULL, F(0x100 | 0x2000), F(0x7ff), NULL);
	syscall(SYS_statx, F(-1), NULL, F(0), F(0x1000 | 0x80000000), NULL);
	syscall(SYS_renameat2, F(-100), NULL, F(-100), NULL, F(1));
	syscall(SYS_execveat, F(-1), NULL, NULL, NULL, F(0x1000));
	syscall(SYS_splice, F(-1), NULL, F(-1), NULL, 0UL, F(1 | 4));
	syscall(SYS_tee, F(-1), F(-1), 0UL, F(2));
	syscall(SYS_sync_file_range, F(-1), 0L, 0L, F(2));
	syscall(SYS_preadv2, F(-1), NULL, 1UL, 0L, 0L, F(8));
	syscall(SYS_pwritev2, F(-1), NULL, 1UL, 0L, 0L, F(0x10));
	syscall(SYS_readv, F(-1), NULL, 1UL);
	syscall(SYS_writev, F(-1), NULL, 1UL);
	syscall(SYS_pidfd_open, F(NOPID), F(04000));
	syscall(SYS_inotify_add_watch, F(-1), NULL, F(2));
	syscall(SYS_setns, F(-1), F(0));
	syscall(SYS_shmget, F(0x5ca1ab1e), 0UL, F(0));
	syscall(SYS_semget, F(0x5ca1ab1e), F(1), F(0));
	syscall(SYS_sched_getaffinity, F(NOPID), F(8), NULL);
	syscall(SYS_close_range, F(-4), F(-4), F(4));

	syscall(SYS_close, F(1000002));
	return 0;
}
