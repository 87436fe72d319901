/*
 * argfmt.h - strace-like text for a syscall's arguments and return value.
 *
 * Decodes each argument by its type in the checked-in
 * syscalls/signatures.in (by syscall name): descriptors as numbers (with
 * what is behind them, for -y), open flags, mmap prot/flags, access
 * modes, clone flags, ioctl requests, mknod's file type and device,
 * common enums, errno names for failures; other arguments in hex.  Every
 * argument is first cut to the width the kernel reads it with (a mode is
 * 16 bits, a descriptor or a flag word 32), so bits the kernel ignores
 * never show.  Strings, socket addresses and data print as strace prints
 * them when the recording captured them (struct scf_capture), as
 * addresses when it did not.
 */
#ifndef SCPROF_ARGFMT_H
#define SCPROF_ARGFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/scf.h"

/* What a call touched, and what the printer may say about descriptors. */
struct argfmt_call {
	const struct scf_capture *captures; /* in any order, one per argument */
	uint32_t ncaptures;
	/* A buffer or address the call fills in (read's data, accept's
	 * peer) prints only if it returned ret without an error, and only
	 * the ret bytes read, as strace prints it. */
	bool returned;
	int64_t ret;
	/* -y: what descriptor fd names ("/etc/hosts", "socket:[...]"),
	 * NULL if unknown; NULL for plain numbers. */
	const char *(*fd_name)(void *ctx, int fd);
	void *fd_ctx;
};

/* "3, 0x7ffd..., 4096" for read: as many arguments as the call takes (6 in
 * hex if unknown).  Returns the length written (like snprintf). */
int argfmt_args(const char *name, const uint64_t args[6], char *buf, size_t len);
/* The same with what the call touched; call may be NULL. */
int argfmt_call_args(const char *name, const uint64_t args[6], const struct argfmt_call *call,
		     char *buf, size_t len);
/* "3", "-1 ENOENT (No such file or directory)", "0x7f12..." for mmap;
 * "? ERESTARTSYS (To be restarted if SA_RESTART is set)" for a call a
 * signal interrupted (strace's "?").  Values -4095..-1 are failures. */
int argfmt_ret(const char *name, int64_t ret, char *buf, size_t len);

/* Arguments of a known call (-1 if its signature is unknown). */
int argfmt_nargs(const char *name);
/* The width in bits the kernel reads argument i with: 16, 32 or 64; 0 if
 * the call has no argument i, -1 if its signature is unknown. */
int argfmt_arg_bits(const char *name, int i);

/* What an argument refers to, for following descriptors and files. */
enum argfmt_role {
	ARGFMT_VALUE,    /* anything else */
	ARGFMT_FD,       /* a descriptor */
	ARGFMT_DIRFD,    /* a descriptor or AT_FDCWD, for the path after it */
	ARGFMT_PATH,     /* a file name */
	ARGFMT_SOCKADDR, /* a struct sockaddr */
};
enum argfmt_role argfmt_arg_role(const char *name, int i);
/* "AF_INET" for 2; NULL if unknown. */
const char *argfmt_family_name(unsigned family);

#endif
