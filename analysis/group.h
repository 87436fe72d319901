/*
 * group.h - what calls are grouped by (report --by, diff --by), and the
 * one place a call's group key is computed.
 *
 * Keys: by process the pid, by thread the tid, by comm the thread's comm
 * epoch (group_comm_key: tid << 32 | epoch, see tasks.h), so that a
 * thread renamed midway counts under each of its names; by syscall every
 * call is in group 0.  Call stacks group a comm by its name instead
 * (group_stack_key), so that a comm's threads share their stacks.  By
 * file the key is the interned name of the file a call touched, which
 * only the scan knows (it follows the descriptor tables: fdtable.h), so
 * group_key has none for it.
 */
#ifndef SCPROF_GROUP_H
#define SCPROF_GROUP_H

#include <stdint.h>

#include "formats/scf.h"

enum group_by {
	GROUP_BY_SYSCALL = 0, /* one group: a table of syscalls */
	GROUP_BY_PROCESS,
	GROUP_BY_THREAD,
	GROUP_BY_COMM,
	GROUP_BY_CMDLINE,     /* processes matched by command line (diff) */
	GROUP_BY_FILE,        /* the file, socket or pipe a call touched */
};

/* "syscall", "process", "thread", "comm", "cmdline", "file". */
static inline const char *group_by_name(enum group_by by)
{
	static const char *const names[] = {
		[GROUP_BY_SYSCALL] = "syscall", [GROUP_BY_PROCESS] = "process",
		[GROUP_BY_THREAD] = "thread",   [GROUP_BY_COMM] = "comm",
		[GROUP_BY_CMDLINE] = "cmdline", [GROUP_BY_FILE] = "file",
	};
	return names[by];
}

/* Key of a thread's comm epoch. */
static inline uint64_t group_comm_key(int32_t tid, uint32_t epoch)
{
	return (uint64_t)(uint32_t)tid << 32 | epoch;
}

/* The group of call c, made by a thread in comm epoch epoch. */
static inline uint64_t group_key(enum group_by by, const struct scf_call *c, uint32_t epoch)
{
	switch (by) {
	case GROUP_BY_PROCESS:
	case GROUP_BY_CMDLINE:
		return (uint64_t)(uint32_t)c->pid;
	case GROUP_BY_THREAD:
		return (uint64_t)(uint32_t)c->tid;
	case GROUP_BY_COMM:
		return group_comm_key(c->tid, epoch);
	case GROUP_BY_SYSCALL:
	case GROUP_BY_FILE: /* the scan's */
		break;
	}
	return 0;
}

/* The group of call c among call stacks: as group_key, but by comm the
 * thread's current name comm (an interned string, tasks.h) itself. */
static inline uint64_t group_stack_key(enum group_by by, const struct scf_call *c,
				       const char *comm)
{
	if (by == GROUP_BY_COMM)
		return (uint64_t)(uintptr_t)comm;
	return group_key(by, c, 0);
}

#endif
