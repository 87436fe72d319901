/*
 * ksyms.h - the kernel functions of a recording's wait stacks (record
 * --off-cpu): the addresses seen while recording, and a table of
 * /proc/kallsyms read once the BPF programs are loaded.  With it the
 * recorder drops the top frames of each wait stack that are its own BPF
 * program's and the scheduler's (every stack taken at sched_switch starts
 * with them), and at the end stores each address's entry (name, module,
 * size up to the next entry) in the recording's KSYMS chunk so that a
 * report on another machine names them.
 *
 * Functions return 0 or a negative errno and never print.
 */
#ifndef SCPROF_KSYMS_H
#define SCPROF_KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct scf_writer;
struct scf_ksym;

/* A set of kernel addresses (0 is never one). */
struct kaddrs {
	uint64_t *slots;   /* open addressing, 0: empty; cap a power of two */
	size_t n, cap;
};

int kaddrs_add(struct kaddrs *k, const uint64_t *ips, uint32_t n);
void kaddrs_release(struct kaddrs *k);

struct ksym_entry {
	uint64_t start;
	uint64_t size;       /* to the next higher start; 0 for the last */
	char *name;          /* "name\0module\0" ("" module: the kernel) */
	bool top;            /* a frame a wait stack starts with: BPF, scheduler */
};

/* kallsyms, sorted by start. */
struct ksym_table {
	struct ksym_entry *v;
	size_t n;
};

/* Read f (in /proc/kallsyms's format).  -ENODATA when every address
 * reads as 0 (kptr_restrict, no CAP_SYSLOG): nothing kept. */
int ksym_table_load(struct ksym_table *t, FILE *f);
void ksym_table_release(struct ksym_table *t);
/* The entry holding addr, or NULL. */
const struct ksym_entry *ksym_table_find(const struct ksym_table *t, uint64_t addr);
/* How many frames on top of ips[0..n) to drop: the BPF program's and the
 * scheduler's (bpf_prog_*, bpf_trace_run*, __bpf_trace_*, __traceiter_*,
 * __schedule, schedule), up to the function that blocked. */
uint32_t ksym_table_top_frames(const struct ksym_table *t, const uint64_t *ips, uint32_t n);
/* The entry named name, or NULL (a linear search: for a few frames). */
const struct ksym_entry *ksym_table_named(const struct ksym_table *t, const char *name);
/*
 * A blocked task's kernel stack as /proc/PID/task/TID/stack gives it
 * ("[<0>] futex_wait_queue+0x6c/0xa0" a line; the kernel hides the
 * addresses there, not the names), into addresses by t: each frame's
 * function start plus its offset, innermost first, at most max.  The
 * count; frames t does not name are left out.
 */
uint32_t ksym_table_proc_stack(const struct ksym_table *t, FILE *f, uint64_t *ips, uint32_t max);
/* The entries holding the addresses of k, into a new array *out (*n
 * entries; they point into t's names). */
int ksym_table_select(const struct ksym_table *t, const struct kaddrs *k, struct scf_ksym **out,
		      size_t *n);

#endif
