/*
 * tracefs.h - finding the kernel's tracing filesystem and tracepoint ids.
 *
 * Tracepoint events are named to perf_event_open by the numeric id in
 * tracefs (events/<system>/<name>/id), which differs per kernel build, so
 * it is read at run time.  tracefs may not be mounted: as root we mount it
 * ourselves, as perf does; otherwise the error says how.
 */
#ifndef SCPROF_TRACEFS_H
#define SCPROF_TRACEFS_H

#include <stddef.h>

/* Find (or, as root, mount) tracefs.  Returns its path, or NULL with a
 * one-line reason and fix in why. */
const char *tracefs_find(char *why, size_t whylen);
/* The id of tracepoint system:name, or a negative errno. */
int tracefs_event_id(const char *tracefs, const char *system, const char *name);

#endif
