/*
 * syscall_set.h - a set of syscalls chosen by strace's -e trace= syntax.
 *
 * "trace=" is optional.  A comma-separated list of names, %classes,
 * /regex, all and none; a leading '!' negates the whole set (strace's
 * rule).  Membership is decided by name, so one set applies to recordings
 * from any machine; syscall_set_numbers() maps it onto this machine's
 * table for the recorder's kernel filter.
 */
#ifndef SCPROF_SYSCALL_SET_H
#define SCPROF_SYSCALL_SET_H

#include <stdbool.h>
#include <stddef.h>

struct syscall_set;

/* Parse spec.  On error return -EINVAL and write a one-line reason
 * (naming the bad item) into err. */
int syscall_set_parse(const char *spec, struct syscall_set **out, char *err, size_t errlen);
bool syscall_set_has(const struct syscall_set *s, const char *name);
/* Fill nrs (capacity max) with this machine's numbers in the set, in
 * increasing order; returns how many there are (may exceed max). */
size_t syscall_set_numbers(const struct syscall_set *s, int *nrs, size_t max);
void syscall_set_free(struct syscall_set *s);

#endif
