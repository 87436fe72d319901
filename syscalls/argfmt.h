/*
 * argfmt.h - strace-like text for a syscall's arguments and return value.
 *
 * Only decodes what is cheap and certain from the raw values: descriptors
 * as numbers, open flags, mmap prot/flags, access modes, clone flags,
 * ioctl requests, mknod's file type and device, common enums, errno names
 * for failures; other arguments in hex.  Strings and structs
 * are pointers in a recording, so they print as addresses.  Decoding is by
 * name, from the checked-in syscalls/signatures.in.
 */
#ifndef SCPROF_ARGFMT_H
#define SCPROF_ARGFMT_H

#include <stddef.h>
#include <stdint.h>

/* "3, 0x7ffd..., 4096" for read: as many arguments as the call takes (6 in
 * hex if unknown).  Returns the length written (like snprintf). */
int argfmt_args(const char *name, const uint64_t args[6], char *buf, size_t len);
/* "3", "-1 ENOENT (No such file or directory)", "0x7f12..." for mmap;
 * "? ERESTARTSYS (To be restarted if SA_RESTART is set)" for a call a
 * signal interrupted (strace's "?").  Values -4095..-1 are failures. */
int argfmt_ret(const char *name, int64_t ret, char *buf, size_t len);

#endif
