/*
 * pprof.h - the call stacks of a recording as a pprof profile: the
 * profile.proto message of google/pprof (output/profile.proto), gzipped,
 * as `go tool pprof`, Grafana Pyroscope and Parca read it
 * (`scprof report --format pprof`).
 *
 * One sample per (stack, syscall, process, comm, errno): its locations
 * are the syscall (a frame of its own, the leaf) and then the stack,
 * innermost first (none recorded: the syscall alone).  Values, one per
 * sample type:
 *   calls/count        calls made (as the views count them: completed,
 *                      and those whose entry was not seen)
 *   wall/nanoseconds   time in completed calls (the default type)
 *   errors/count       of the calls, those that failed
 * and, when the recording has off-CPU times (record --off-cpu):
 *   blocked/nanoseconds  of the wall time, asleep
 *   oncpu/nanoseconds    of the wall time, on a CPU (the rest of it was
 *                        runnable: wall = oncpu + blocked + runnable)
 * Labels: syscall and comm (strings), pid (a number), errno (the name,
 * for failed calls: a failing errno makes a sample of its own).
 *
 * Mappings are the modules of the stacks (maps.h), each with its path
 * and build-id, over a range of addresses of its own, (id + 1) << 40 up,
 * where a location's address is that base plus the code's file offset;
 * has_functions etc. tell whether every location of it was named.
 * Functions are named as demangled (system_name as in the binary), with
 * their source file and line where the binary's DWARF says; an inlined
 * function is a line of its own in its location, innermost first, as
 * pprof wants.  A location the recording could not name has no line, so
 * that pprof shows its address (and can name it from the binary).
 *
 * With off-CPU times (and info->kname), a sample's stack goes on above
 * the syscall into the kernel stack its calls waited in (the longest
 * block's, as callstacks_raw_kips gives it), as the folded and SVG flame
 * graphs do: the kernel frames innermost first (the leaf), each a
 * function named by kname ("pipe_read", "nvme_poll [nvme]"; an address
 * the recording does not name has no line) in one mapping
 * "[kernel.kallsyms]" over the frames' addresses.  Every sample type,
 * oncpu too, weighs that whole path, as the flame graphs' --weight does.
 *
 * Calls are grouped for it by pprof_group_key (scan.h's stack_group).
 * Memory: the message is built whole, its size that of the distinct
 * stacks, not of the calls.
 */
#ifndef SCPROF_PPROF_H
#define SCPROF_PPROF_H

#include <stdint.h>
#include <stdio.h>

#include "analysis/agg.h"
#include "analysis/callstacks.h"
#include "formats/scf.h"

/* The stacks' group of call c: its process, and its errno if it failed. */
static inline uint64_t pprof_group_key(const struct scf_call *c)
{
	bool failed = !(c->flags & (SCF_CALL_UNFINISHED | SCF_CALL_NO_RETURN)) &&
		      agg_is_error(c->ret);
	return (uint64_t)(uint32_t)c->pid << 32 | (failed ? (uint32_t)-c->ret : 0);
}

struct pprof_info {
	const struct scf_meta *meta;
	uint64_t duration_ns;                           /* of the recording */
	const char *(*sys_name)(void *ctx, int32_t nr); /* never NULL */
	void *ctx;
	/* names kernel frame ip into buf (callstacks_opts.kname, which the
	 * stacks were made with: both set or both NULL) */
	const char *(*kname)(void *kctx, uint64_t ip, char *buf, size_t len);
	void *kctx;
};

/* Write the profile of cs (finished, grouped by pprof_group_key) to f.
 * 0, -ENOMEM, or -EIO if f could not be written. */
int pprof_write(FILE *f, struct callstacks *cs, const struct pprof_info *info);

#endif
