/*
 * counters.c - performance counters by name through libpfm4 (counters.h).
 */
#include "profiler/counters.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <perfmon/pfmlib_perf_event.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * libpfm4, loaded when a counter is first asked for: its event tables
 * take about 3 MB of address space, which a recording without counters
 * (and every report) should not carry.
 */
static struct {
	pfm_err_t (*initialize)(void);
	pfm_err_t (*get_os_event_encoding)(const char *str, int dfl_plm, pfm_os_t os, void *args);
	const char *(*strerror)(int code);
	pfm_err_t (*get_pmu_info)(pfm_pmu_t pmu, pfm_pmu_info_t *info);
	int (*get_event_next)(int idx);
	pfm_err_t (*get_event_info)(int idx, pfm_os_t os, pfm_event_info_t *info);
} pfm;

/* 0, -ENOENT (libpfm.so.4 is not installed) or -ENOSYS (it does not
 * start). */
static int pfm_ready(void)
{
	static int rc = 1;
	if (rc != 1)
		return rc;
	void *h = dlopen("libpfm.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return rc = -ENOENT;
	*(void **)&pfm.initialize = dlsym(h, "pfm_initialize");
	*(void **)&pfm.get_os_event_encoding = dlsym(h, "pfm_get_os_event_encoding");
	*(void **)&pfm.strerror = dlsym(h, "pfm_strerror");
	*(void **)&pfm.get_pmu_info = dlsym(h, "pfm_get_pmu_info");
	*(void **)&pfm.get_event_next = dlsym(h, "pfm_get_event_next");
	*(void **)&pfm.get_event_info = dlsym(h, "pfm_get_event_info");
	if (!pfm.initialize || !pfm.get_os_event_encoding || !pfm.strerror || !pfm.get_pmu_info ||
	    !pfm.get_event_next || !pfm.get_event_info)
		return rc = -ENOSYS;
	return rc = pfm.initialize() == PFM_SUCCESS ? 0 : -ENOSYS;
}

/* Open a on this thread, disabled, and close it: 0 or the kernel's -errno. */
static int counter_probe(const struct perf_event_attr *attr)
{
	struct perf_event_attr a = *attr;
	a.size = sizeof(a);
	a.disabled = 1;
	int fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* libpfm4's encoding of name, both privilege levels. */
static int encode(const char *name, struct perf_event_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	pfm_perf_encode_arg_t arg = { .attr = attr, .size = sizeof(arg) };
	return pfm.get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
}

int counter_encode(const char *name, struct counter_spec *c, char *why, size_t whylen)
{
	memset(c, 0, sizeof(*c));
	snprintf(why, whylen, "%s", "");
	if (strlen(name) >= sizeof(c->name)) {
		snprintf(why, whylen, "name too long");
		return -ENAMETOOLONG;
	}
	int rc = pfm_ready();
	if (rc) {
		snprintf(why, whylen, "%s", rc == -ENOENT ? "libpfm4 (libpfm.so.4) is not installed"
							  : "libpfm4 cannot start");
		return rc == -ENOENT ? -ELIBACC : rc;
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	struct perf_event_attr a;
	int pe = encode(name, &a);
	if (pe != PFM_SUCCESS) {
		snprintf(why, whylen, "%s", pfm.strerror(pe));
		return pe == PFM_ERR_NOTFOUND ? -ENOENT : -EINVAL;
	}
	/* Only what names the event: scprof sets sampling, grouping and the
	 * privilege bits itself (both modes). */
	c->attr.size = sizeof(c->attr);
	c->attr.type = a.type;
	c->attr.config = a.config;
	c->attr.config1 = a.config1;
	c->attr.config2 = a.config2;
	c->attr.exclude_user = a.exclude_user;
	c->attr.exclude_kernel = a.exclude_kernel;
	c->attr.exclude_hv = a.exclude_hv;
	rc = counter_probe(&c->attr);
	if (rc) {
		/* ENOENT and EOPNOTSUPP: no such PMU or event on this machine
		 * (a hardware counter on a VM); the others say themselves. */
		snprintf(why, whylen, "%s",
			 rc == -ENOENT || rc == -EOPNOTSUPP ? "this machine cannot count it"
							    : strerror(-rc));
		return rc == -ENOENT ? -EOPNOTSUPP : rc;
	}
	return 0;
}

/* One line for the perf PMU's generic events, whose libpfm4 description
 * is only their kernel name. */
static const struct {
	const char *kernel_name, *desc;
} generic_desc[] = {
	{ "PERF_COUNT_HW_CPU_CYCLES", "CPU cycles" },
	{ "PERF_COUNT_HW_INSTRUCTIONS", "instructions retired" },
	{ "PERF_COUNT_HW_CACHE_REFERENCES", "cache accesses (usually the last level)" },
	{ "PERF_COUNT_HW_CACHE_MISSES", "cache misses (usually the last level)" },
	{ "PERF_COUNT_HW_BRANCH_INSTRUCTIONS", "branch instructions retired" },
	{ "PERF_COUNT_HW_BRANCH_MISSES", "mispredicted branches" },
	{ "PERF_COUNT_HW_BUS_CYCLES", "bus cycles" },
	{ "PERF_COUNT_HW_STALLED_CYCLES_FRONTEND", "cycles stalled in the front end" },
	{ "PERF_COUNT_HW_STALLED_CYCLES_BACKEND", "cycles stalled in the back end" },
	{ "PERF_COUNT_HW_REF_CPU_CYCLES", "reference cycles (not scaled by frequency)" },
	{ "PERF_COUNT_SW_CPU_CLOCK", "CPU clock, ns (a timer)" },
	{ "PERF_COUNT_SW_TASK_CLOCK", "ns the task ran on a CPU" },
	{ "PERF_COUNT_SW_PAGE_FAULTS", "page faults, minor and major" },
	{ "PERF_COUNT_SW_CONTEXT_SWITCHES", "context switches: the task left the CPU" },
	{ "PERF_COUNT_SW_CPU_MIGRATIONS", "moves of the task to another CPU" },
	{ "PERF_COUNT_SW_PAGE_FAULTS_MIN", "minor page faults: no disk read" },
	{ "PERF_COUNT_SW_PAGE_FAULTS_MAJ", "major page faults: read from disk" },
	{ "PERF_COUNT_SW_CGROUP_SWITCHES", "context switches to a task in another cgroup" },
	{ "PERF_COUNT_SW_ALIGNMENT_FAULTS", "alignment faults" },
	{ "PERF_COUNT_SW_EMULATION_FAULTS", "instruction emulation faults" },
};

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return !n;
}

int counters_list(const char *pattern, int (*fn)(void *ctx, const struct counter_info *ci),
		  void *ctx)
{
	int rc = pfm_ready();
	if (rc)
		return rc;
	int pmu;
	pfm_for_all_pmus(pmu)
	{
		pfm_pmu_info_t pi = { .size = sizeof(pi) };
		if (pfm.get_pmu_info(pmu, &pi) != PFM_SUCCESS || !pi.is_present)
			continue;
		bool generic = !strcmp(pi.name, "perf");
		for (int i = pi.first_event; i != -1; i = pfm.get_event_next(i)) {
			pfm_event_info_t ei = { .size = sizeof(ei) };
			if (pfm.get_event_info(i, PFM_OS_PERF_EVENT_EXT, &ei) != PFM_SUCCESS)
				continue;
			/* The generic PMU lists each event under its kernel
			 * name and under perf's names (the equivalents): show
			 * perf's, in lower case, as perf list does. */
			if (generic && !ei.equiv)
				continue;
			char name[128], full[160];
			snprintf(name, sizeof(name), "%s", ei.name);
			if (generic)
				for (char *p = name; *p; p++)
					*p = (char)tolower((unsigned char)*p);
			snprintf(full, sizeof(full), "%s::%s", pi.name, name);
			if (pattern && !contains_nocase(full, pattern))
				continue;
			struct perf_event_attr a;
			if (encode(full, &a) != PFM_SUCCESS || counter_probe(&a))
				continue;
			const char *desc = ei.desc ? ei.desc : "";
			for (size_t k = 0; generic && k < sizeof(generic_desc) / sizeof(generic_desc[0]); k++)
				if (!strcmp(desc, generic_desc[k].kernel_name) ||
				    !strcmp(ei.equiv, generic_desc[k].kernel_name))
					desc = generic_desc[k].desc;
			struct counter_info ci = { pi.name, pi.desc, name, desc };
			if ((rc = fn(ctx, &ci)))
				return rc;
		}
	}
	return 0;
}
