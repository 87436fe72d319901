/*
 * counters.h - performance counters by name, through libpfm4: what
 * `record --counters` counts per call and what `scprof list` shows.
 *
 * A name is what libpfm4 knows (page-faults, context-switches, cycles,
 * perf::PAGE-FAULTS, a PMU's own events), encoded into a perf_event_attr
 * that counts in user and kernel mode (a fault taken while the kernel
 * fills a buffer is a kernel-mode fault).  Whether this machine can count
 * it is asked of the kernel by opening it once.  Returns 0 or -errno;
 * never prints.  libpfm4 (libpfm.so.4) is loaded on first use, so that
 * recordings without counters do not map its 3 MB of event tables.
 */
#ifndef SCPROF_COUNTERS_H
#define SCPROF_COUNTERS_H

#include <linux/perf_event.h>
#include <stddef.h>

/* At most this many counters per recording (a group read per sample). */
#define COUNTERS_MAX 8

struct counter_spec {
	char name[64];                 /* as given */
	struct perf_event_attr attr;   /* type, config, config1, config2 */
};

/*
 * Encode name into c.  0; -ELIBACC: libpfm4 is not installed; -ENOSYS: it
 * does not start; -ENOENT: libpfm4 does not know the name;
 * -EINVAL: it knows it but not so (a bad modifier); -EOPNOTSUPP (or the
 * kernel's errno): this machine cannot count it (no such PMU, a hardware
 * event on a VM); -ENAMETOOLONG.  why: libpfm4's or the kernel's words.
 */
int counter_encode(const char *name, struct counter_spec *c, char *why, size_t whylen);

/* One countable event for counters_list: its PMU and event. */
struct counter_info {
	const char *pmu, *pmu_desc;    /* "perf", "perf_events generic PMU" */
	const char *name;              /* as --counters takes it */
	const char *desc;              /* one line */
};

/* Call fn on every event this machine can count (PMUs that are present,
 * events that open), PMU by PMU, whose name or PMU-qualified name
 * contains pattern (case-insensitive; NULL: all).  Stops at fn's first
 * non-zero return and returns it; else 0, -ENOENT (libpfm4 is not
 * installed) or -ENOSYS (it does not start). */
int counters_list(const char *pattern, int (*fn)(void *ctx, const struct counter_info *ci),
		  void *ctx);

#endif
