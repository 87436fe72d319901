/*
 * procfs.h - what /proc says about running processes.
 *
 * When the recorder attaches to processes that already run, the kernel
 * will not tell it their names, threads or maps, nor which threads sit in
 * a syscall right now: those come from /proc, as perf's synthesized
 * events do.  Every function tolerates a process that exits meanwhile
 * (returning -ESRCH or -ENOENT).
 */
#ifndef SCPROF_PROCFS_H
#define SCPROF_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The thread ids of pid, into a malloc'ed array.  Returns the count or a
 * negative errno. */
int procfs_tids(pid_t pid, pid_t **tids);
/* Every process id on the system (for -a); count or negative errno. */
int procfs_pids(pid_t **pids);
/* /proc/pid/task/tid/comm without the newline. */
int procfs_comm(pid_t pid, pid_t tid, char *comm, size_t len);
/* /proc/pid/cmdline into a malloc'ed buffer; returns its length (0 for a
 * kernel thread) or a negative errno. */
int procfs_cmdline(pid_t pid, char **argv);
/* Parent pid from /proc/pid/status, or a negative errno. */
int procfs_ppid(pid_t pid);
/* The process (thread group) of thread pid, or a negative errno. */
int procfs_tgid(pid_t pid);
/* The syscall tid is blocked in: 1 with *nr and args filled, 0 if it is
 * running or not in a syscall, or a negative errno. */
int procfs_blocked_syscall(pid_t pid, pid_t tid, int *nr, uint64_t args[6]);

struct procfs_map {
	uint64_t start, end, pgoff;
	uint32_t prot, flags;      /* PROT_*, MAP_PRIVATE or MAP_SHARED */
	uint32_t maj, min;
	uint64_t ino;
	const char *path;
};
/* Call fn for each executable file mapping of pid (what perf calls the
 * MMAP2 events of a process).  Returns 0 or a negative errno. */
int procfs_exec_maps(pid_t pid, int (*fn)(void *ctx, const struct procfs_map *m), void *ctx);
/* The /proc/PID/map_files entry of pid's mapping [start, end) into buf
 * (len bytes, 64 are enough): a link to the mapped file itself, whatever
 * is at its path now (following it takes CAP_SYS_ADMIN). */
void procfs_map_file(char *buf, size_t len, pid_t pid, uint64_t start, uint64_t end);

/* A descriptor of a process, or its working directory (fd -100). */
struct procfs_fd {
	int fd;
	bool cloexec;              /* close-on-exec (from fdinfo, when asked) */
	const char *name;          /* what readlink says; len bytes, NUL-terminated */
	size_t len;
};
/*
 * Call fn for the working directory of pid (/proc/pid/cwd, as fd -100),
 * then for each of its descriptors (/proc/pid/fd), at most max of them,
 * in the order /proc lists them, until fn returns non-zero.  With
 * flags, each descriptor's close-on-exec bit is read from
 * /proc/pid/fdinfo (one more open and read a descriptor).  A link that
 * cannot be read (closed meanwhile, not ours to read) or that readlink
 * cut short is left out.  Returns fn's value, 0, or a negative errno
 * (-ESRCH: gone; -EACCES: not ours to look at).
 */
int procfs_fds(pid_t pid, bool flags, int max, int (*fn)(void *ctx, const struct procfs_fd *d),
	       void *ctx);

#endif
