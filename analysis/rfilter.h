/*
 * rfilter.h - which calls and task events a report looks at.
 *
 * The report's filters (-e trace=, --pid, --tid, --comm, --failed,
 * --successful, --min-duration, --time) and the parsing of their
 * arguments (the options themselves: cli/viewopts.h).  Every view applies
 * the same filter.  Pure: no I/O.
 *
 * A call passes when every given filter accepts it:
 * - trace=SET: its name (from the recording's table) is in the set;
 * - pid / tid: its pid / tid is one of those listed;
 * - comm: its thread's name when the call was made equals NAME;
 * - failed: it returned -4095..-1; successful: it returned anything else
 *   (calls without a return value, NO_RETURN or UNFINISHED, are neither);
 * - min-duration: its duration (time blocked so far, if unfinished) is at
 *   least that long;
 * - time START,END: it was entered in [START, END), seconds from the start
 *   of the recording.
 */
#ifndef SCPROF_RFILTER_H
#define SCPROF_RFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/scf.h"

struct syscall_set;
struct sysnames;

struct rfilter {
	struct syscall_set *set; /* owned; NULL: every syscall */
	int32_t *pids, *tids;    /* owned */
	size_t npids, ntids;
	const char *comm;        /* not owned; NULL: any */
	bool failed, successful;
	uint64_t min_duration;   /* ns; 0: none */
	bool has_start, has_end;
	uint64_t start, end;     /* ns from the recording's start */

	/* set by rfilter_bind */
	uint64_t origin;         /* recording clock at its start */
	struct sysnames *names;
	int8_t *nr_ok;           /* trace= verdict by nr: -1 unknown, 0, 1 */
};

void rfilter_init(struct rfilter *f);
void rfilter_release(struct rfilter *f);
/* Tie the filter to a recording before testing calls.  0 or -ENOMEM. */
int rfilter_bind(struct rfilter *f, uint64_t origin, struct sysnames *names);
/* Whether any filter is set (if not, every call passes). */
bool rfilter_active(const struct rfilter *f);
/* Whether comm matters (the caller must then pass the thread's name). */
static inline bool rfilter_needs_comm(const struct rfilter *f)
{
	return f->comm != NULL;
}

/* Whether a call passes; comm is its thread's current name (or NULL). */
bool rfilter_call(struct rfilter *f, const struct scf_call *c, const char *comm);
/* Whether a task event (fork, exec, exit) of tid at time passes the
 * pid, tid, comm and time filters. */
bool rfilter_task(const struct rfilter *f, int32_t pid, int32_t tid, uint64_t time,
		  const char *comm);

/*
 * "250us", "1.5ms", "2s", "100ns" -> ns.  A bare number takes default_unit
 * (ns per unit), or is refused if default_unit is 0 (except "0").
 * 0 or -EINVAL (negative, junk, no unit, too large).
 */
int rfilter_parse_duration(const char *s, uint64_t default_unit, uint64_t *ns);
/* "START,END", "START,", ",END" or "START", seconds (or with a unit) from
 * the recording's start, into f.  0 or -EINVAL (also if END < START). */
int rfilter_parse_time(const char *s, struct rfilter *f);
/* "123,456" appended to *ids (each ID above 0).  0, -EINVAL or -ENOMEM. */
int rfilter_parse_ids(const char *s, int32_t **ids, size_t *n);

#endif
