/*
 * syscalls.h - names of the build machine's system calls and errnos, and
 * strace's syscall classes.
 *
 * The number/name table is generated at build time from <asm/unistd_64.h>
 * plus syscalls/x86_64-extra.in (calls newer than the installed headers);
 * errno names from <errno.h>; classes from the checked-in
 * syscalls/classes.in.  Nothing here is hand-edited C.
 *
 * syscalls/ holds the syscall tables, -e trace= sets and the decoding
 * of arguments; it uses nothing else of scprof, and everything may use it.
 *
 * The recorder uses the number table (it writes it into the recording);
 * the report names calls from the recording's own table and uses this
 * module only for classes and errno names, which it looks up by name so
 * that a recording from another machine is read right.
 */
#ifndef SCPROF_SYSCALLS_H
#define SCPROF_SYSCALLS_H

#include <stdbool.h>

/* Name of syscall nr on this machine's table, or NULL if it has none. */
const char *syscall_name(int nr);
/* Number of a syscall name on this machine, or -1. */
int syscall_number(const char *name);
/* One past the highest number syscall_name() knows. */
int syscall_count(void);

/* strace's classes (-e trace=%file and so on) */
enum syscall_class {
	SYSCALL_CLASS_FILE = 1u << 0,     /* %file: takes a file name */
	SYSCALL_CLASS_DESC = 1u << 1,     /* %desc: takes or returns a descriptor */
	SYSCALL_CLASS_NETWORK = 1u << 2,  /* %network, %net */
	SYSCALL_CLASS_PROCESS = 1u << 3,  /* %process */
	SYSCALL_CLASS_MEMORY = 1u << 4,   /* %memory */
	SYSCALL_CLASS_SIGNAL = 1u << 5,   /* %signal */
	SYSCALL_CLASS_IPC = 1u << 6,      /* %ipc */
	SYSCALL_CLASS_CREDS = 1u << 7,    /* %creds */
	SYSCALL_CLASS_CLOCK = 1u << 8,    /* %clock */
	SYSCALL_CLASS_STAT = 1u << 9,     /* %stat (and %lstat, %fstat, %%stat) */
	/* Narrower classes inside the ones above. */
	SYSCALL_CLASS_LSTAT = 1u << 10,   /* %lstat: lstat */
	SYSCALL_CLASS_FSTAT = 1u << 11,   /* %fstat: fstat, newfstatat, statx */
	SYSCALL_CLASS_STATFS = 1u << 12,  /* %statfs, %%statfs: statfs, fstatfs, ustat */
	SYSCALL_CLASS_FSTATFS = 1u << 13, /* %fstatfs: fstatfs */
};
/* Classes of a syscall by name (0 if none).  SYSCALL_CLASS_STAT is set on
 * every stat-like call (strace's %%stat: stat, lstat, fstat, newfstatat,
 * statx), and syscall_class_parse() gives it for "%stat" too: strace's own
 * %stat is only the stat call, which glibc no longer makes. */
unsigned syscall_classes(const char *name);
/* Whether syscalls/classes.in lists the name (so 0 classes is an answer). */
bool syscall_classified(const char *name);
/* The class bit named by "%file", "file", "%net", "%%stat"...; 0 if unknown. */
unsigned syscall_class_parse(const char *name);
/* A short name of the "main" class, for colouring ("file", "net", ...,
 * "other"). */
const char *syscall_class_name(unsigned classes);

/* "ENOENT" for 2; NULL if unknown. */
const char *errno_name(int err);
/* 2 for "ENOENT" (aliases too: "EWOULDBLOCK" is 11); -1 if unknown. */
int errno_number(const char *name);
/* "No such file or directory" for 2 (libc's strerror text, "Unknown error
 * N" for a number libc does not know) and strace's words for the
 * kernel-internal ERESTART* values.  Use the text before the next call. */
const char *errno_text(int err);

#endif
