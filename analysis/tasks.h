/*
 * tasks.h - names of the processes and threads in a recording.
 *
 * Fed with the recording's COMM, FORK, EXIT and CMDLINE events in stream
 * order, it answers "what was tid T called" both now (while streaming,
 * for filters and grouping by comm) and at the end (for naming groups).
 * Tasks are kept after they exit, so short-lived children keep their
 * names.  Memory grows with the number of tasks and renames, not calls.
 *
 * A thread's names form epochs: epoch 0 is the name it had when first
 * seen (inherited at fork, or unknown), and each COMM event starts the
 * next epoch.  An epoch whose name was unknown is named after the first
 * name the task got later.
 */
#ifndef SCPROF_TASKS_H
#define SCPROF_TASKS_H

#include <stdint.h>

#include "formats/scf.h"

struct tasks;

int tasks_new(struct tasks **out);
void tasks_free(struct tasks *t);

/* Take in a COMM, FORK, EXIT or CMDLINE event; others are ignored.
 * 0 or -ENOMEM. */
int tasks_event(struct tasks *t, const struct scf_event *ev);

/* The thread's current name (NULL if not known yet) and comm epoch.
 * Cheap when called again for the same tid. */
const char *tasks_comm_now(struct tasks *t, int32_t tid, uint32_t *epoch);
/* The name the thread had during an epoch, or NULL if never known. */
const char *tasks_comm_at(const struct tasks *t, int32_t tid, uint32_t epoch);
/* The thread's last name, or NULL. */
const char *tasks_comm(const struct tasks *t, int32_t tid);
/* A process's last name: its main thread's, else any of its threads'. */
const char *tasks_process_comm(const struct tasks *t, int32_t pid);
/* A process's last command line, arguments joined by spaces, or NULL.
 * Other bytes are as recorded, control bytes included: printers escape. */
const char *tasks_cmdline(const struct tasks *t, int32_t pid);
/* The process of a thread, or -1 if unknown. */
int32_t tasks_pid(const struct tasks *t, int32_t tid);
/* Interned copy of a comm (the same pointer for equal names), or NULL if
 * out of memory.  Names returned by this module are all interned. */
const char *tasks_intern(struct tasks *t, const char *name);

#endif
