/*
 * syscall_set.h - a set of syscalls chosen by strace's -e trace= syntax.
 *
 * "trace=" is optional.  A comma-separated list of names, %classes,
 * /regex, all and none; a leading '!' negates the whole set (strace's
 * rule).  Membership is decided by name, so one set applies to recordings
 * from any machine; syscall_set_numbers() maps it onto this machine's
 * table for the recorder's kernel filter.
 *
 * Items, as strace takes them: a name of this machine's table (or its
 * number); %file %desc %network %net %process %memory %signal %ipc %creds
 * %clock %stat %lstat %fstat %%stat %statfs %fstatfs %%statfs (the first
 * seven also without '%'); /ERE matched against names; all; none.  A
 * leading '?' on an item means "no error if unknown": an unknown ?name
 * still matches that name in a recording from another machine.  Empty
 * items are skipped.  %stat here means every stat-like call (see
 * syscalls.h).
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
/* Whether calls this machine has no name for (numbers past its table, or
 * unnamed ones) belong to the set: true for "all" and for a negated set
 * without "all", so "!read" keeps recording calls newer than the headers. */
bool syscall_set_has_unnamed(const struct syscall_set *s);
void syscall_set_free(struct syscall_set *s);

#endif
