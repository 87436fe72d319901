/*
 * captures.h - which arguments of a syscall point to something worth
 * reading while the call runs (a path, a socket address, a data buffer),
 * from the argument types of syscalls/signatures.in (gen.sh captures).
 * The BPF recorder reads them; nothing here reads memory.
 */
#ifndef SCPROF_CAPTURES_H
#define SCPROF_CAPTURES_H

#include <stdbool.h>
#include <stdint.h>

enum syscall_capture {
	SYSCALL_CAP_NONE = 0,
	SYSCALL_CAP_STR,           /* a NUL-terminated string (path, name), at entry */
	SYSCALL_CAP_SOCKADDR_IN,   /* a socket address at entry, its length the next argument */
	SYSCALL_CAP_SOCKADDR_OUT,  /* a socket address at exit, its length at the pointer
				    * in the next argument */
	SYSCALL_CAP_DATA_IN,       /* data at entry, its length the next argument */
	SYSCALL_CAP_DATA_OUT,      /* data at exit, its length the return value */
	SYSCALL_CAP_FDPAIR_OUT,    /* int[2] at exit: pipe's and socketpair's descriptors */
	SYSCALL_CAP_IOV_IN,        /* a struct iovec array and its data at entry (writev), its
				    * count the next argument */
	SYSCALL_CAP_IOV_OUT,       /* the same at exit (readv), data up to the return value */
	SYSCALL_CAP_MSG_IN,        /* a struct msghdr, its address and iovec array at entry */
	SYSCALL_CAP_MSG_OUT,       /* the same at exit (recvmsg), data up to the return value */
	SYSCALL_CAP_MMSG_IN,       /* the first struct mmsghdr of an array at entry (sendmmsg),
				    * its msg_len at exit */
	SYSCALL_CAP_MMSG_OUT,      /* the same at exit (recvmmsg), data up to its msg_len */
};

/* The capture of each of name's six arguments (SYSCALL_CAP_NONE for
 * those with nothing to read); false, all NONE, for a call that has
 * none or is not in the table. */
bool syscall_captures(const char *name, uint8_t kinds[6]);

#endif
