/*
 * waits.h - where the calls of one syscall waited (record --off-cpu): the
 * kernel wait sites (the stack of each call's longest block) with their
 * blocked time, calls and a histogram of the calls' blocked time, and the
 * wakers (the task that ended the longest block, or an interrupt).
 *
 * A call that blocked more than once counts all its blocked time at the
 * site, and with the waker, of its longest block: the recording keeps
 * only that block's stack.
 *
 * Pure: no I/O.  Memory grows with distinct stacks and wakers, not calls.
 */
#ifndef SCPROF_WAITS_H
#define SCPROF_WAITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/hist.h"
#include "formats/scf.h"

struct wait_site {
	uint64_t hash;
	uint32_t nkips;
	uint64_t *kips;        /* innermost first; owned */
	uint64_t calls;
	uint64_t blocked_ns;
	struct hist blocked;   /* each call's blocked time */
};

struct waker {
	bool irq;              /* an interrupt (timer, softirq): no task */
	int32_t pid, tid;
	char comm[SCF_COMM_LEN];
	uint64_t calls;
	uint64_t blocked_ns;
};

struct waits {
	struct wait_site *sites;  /* by decreasing blocked_ns after waits_finish */
	size_t nsites, sites_cap;
	struct waker *wakers;     /* the same */
	size_t nwakers, wakers_cap;
};

/* Count a call's off-CPU part (nothing if it never blocked).  0 or
 * -ENOMEM. */
int waits_add(struct waits *w, const struct scf_offcpu *o);
/* dst += src.  0 or -ENOMEM. */
int waits_merge(struct waits *dst, const struct waits *src);
/* Sort sites and wakers by decreasing blocked time (then calls). */
void waits_finish(struct waits *w);
void waits_free(struct waits *w);

/* The name of kernel frame ip by the recording's KSYMS (r read to its
 * end): "pipe_read", "nvme_poll [nvme]", or "0xffffffff81234567" when
 * the recording does not name it (kallsyms hidden when it was made).
 * Returns buf. */
const char *waits_frame_name(const struct scf_reader *r, uint64_t ip, char *buf, size_t len);

#endif
