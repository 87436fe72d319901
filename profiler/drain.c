/*
 * drain.c - the recorder's drain loop: wait for the rings to fill (or a
 * tick, a target's end, a stop signal), read them into the per-CPU merge
 * queues, hand what is old enough on to pairing in time order, and cut a
 * chunk once a second.
 *
 * The data path: kernel -> one ring buffer per CPU (sys_enter and sys_exit
 * share it) -> ring_read_event() -> a raw_event in that CPU's merge queue
 * -> merge_flush() in time order -> pairing_feed() -> scf_writer_add(),
 * which only encodes; compression and write() run on the writer's thread.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "profiler/recorder_internal.h"
#include "profiler/ring.h"

/* A ring far behind (a burst bigger than a wake-up, DWARF stacks of 8 KiB
 * a call) is read a slice at a time, the space given back and the events
 * handed on after each slice: memory stays bounded by the slices, reused
 * while warm, rather than growing by the whole ring's worth of fresh
 * pages at once, which made a reader behind by 20 MiB of stacks read at
 * a quarter of its speed and fall further behind. */
#define RING_SLICE_BYTES (512u << 10)
/* How much earlier than bpf_recorder_last_time a call still unread may
 * have ended (its record written after the flush that time is of). */
#define RECORDER_BPF_SKEW_NS 1000000u

volatile sig_atomic_t recorder_stop_signal, recorder_stop_count;

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int recorder_feed_pairing(void *ctx, const struct raw_event *ev)
{
	struct recorder *r = ctx;
	return pairing_feed(r->pairing, ev);
}

/* The BPF recorder's calls, at most max bytes of them (*more: there are
 * more), and its lost records as LOST events; what its ring was asked to
 * hold (as recorder_count_demand for the perf rings).  Returns the bytes
 * read. */
static uint64_t drain_bpf(struct recorder *r, uint64_t now, uint64_t max, bool *more)
{
	uint64_t bytes = bpf_recorder_bytes(r->bpf);
	int n = bpf_recorder_drain(r->bpf, max, more);
	if (n > 0)
		r->dec.samples += (uint64_t)n;
	else if (n < 0 && !r->err)
		r->err = n;
	struct ring_demand *d = &r->bpf_demand;
	uint64_t avail = bpf_recorder_bytes(r->bpf) - bytes, lost_now = 0;
	d->bytes += avail;
	d->records += n > 0 ? (uint64_t)n : 0;
	uint64_t lost[r->ev.ncpus];
	int err = bpf_recorder_lost(r->bpf, lost, r->ev.ncpus);
	for (int c = 0; !err && c < r->ev.ncpus; c++)
		lost_now += lost[c];
	if (now - d->window_start >= RECORDER_ROUND_MAX_NS) {
		d->window_start = now;
		d->window_bytes = 0;
	}
	d->window_bytes += avail + (d->records ? (lost_now - d->lost_seen) * (d->bytes / d->records) : 0);
	d->lost_seen = lost_now;
	if (d->window_bytes > d->peak)
		d->peak = d->window_bytes;
	if (err)
		return avail;
	for (int c = 0; c < r->ev.ncpus; c++) {
		if (lost[c] <= r->bpf_lost[c])
			continue;
		struct raw_event *e = merge_record_slot(r->merge, (unsigned)r->ev.nbufs,
							now_ns(CLOCK_MONOTONIC), SCF_EV_LOST);
		if (!e)
			continue;
		e->rec->lost = (struct scf_lost){ (uint32_t)c, lost[c] - r->bpf_lost[c] };
		merge_push(r->merge, (unsigned)r->ev.nbufs);
		r->dec.lost[c] += lost[c] - r->bpf_lost[c];
		r->bpf_lost[c] = lost[c];
	}
	return avail;
}

void recorder_count_demand(struct recorder *r, int i, uint64_t avail, uint64_t now)
{
	struct ring_demand *d = &r->demand[i];
	int cpu = r->ev.bufs[i].cpu;
	uint64_t lost = r->dec.lost[cpu] - d->lost_seen;
	d->lost_seen = r->dec.lost[cpu];
	if (now - d->window_start >= RECORDER_ROUND_MAX_NS) {
		d->window_start = now;
		d->window_bytes = 0;
	}
	d->window_bytes += avail + (d->records ? lost * (d->bytes / d->records) : 0);
	if (d->window_bytes > d->peak)
		d->peak = d->window_bytes;
}

/* Time of record h: a sample's comes after {pid, tid}, every other
 * record's (sample_id_all) ends it. */
static uint64_t record_time(const struct perf_event_header *h)
{
	const unsigned char *p = (const unsigned char *)h;
	uint64_t t;
	if (h->type == PERF_RECORD_SAMPLE && h->size >= sizeof(*h) + 16)
		memcpy(&t, p + sizeof(*h) + 8, 8);
	else if (h->size >= sizeof(*h) + 8)
		memcpy(&t, p + h->size - 8, 8);
	else
		t = 0;
	return t;
}

/*
 * One pass: each ring read from its tail towards its head, but at most
 * RING_SLICE_BYTES (whole records) and never past goal[i], the head it
 * had when the round began; the space read given back at once.  Returns
 * the oldest time up to which every ring left with unread records was
 * read (those records are newer, each ring being in time order), or
 * UINT64_MAX when every ring was read to its head.  *more: some ring has
 * not reached its goal.
 */
static uint64_t drain_pass(struct recorder *r, const uint64_t *goal, uint64_t *bpf_goal,
			   uint64_t now, bool *more)
{
	uint64_t behind = UINT64_MAX;
	*more = false;
	if (r->bpf) {
		/* its one ring, the same way (after the CPUs' staged
		 * records are flushed into it); what was not read yet ended
		 * after bpf_recorder_last_time, but for the moment between
		 * a call's end and its record's write: leave
		 * RECORDER_BPF_SKEW_NS of slack */
		bool full;
		uint64_t read = drain_bpf(r, now, RING_SLICE_BYTES, &full);
		*bpf_goal -= read < *bpf_goal ? read : *bpf_goal;
		*more |= full && *bpf_goal;
		if (bpf_recorder_pending(r->bpf)) {
			uint64_t t = bpf_recorder_last_time(r->bpf);
			t = t > RECORDER_BPF_SKEW_NS ? t - RECORDER_BPF_SKEW_NS : 0;
			behind = t < behind ? t : behind;
		}
	}
	for (int i = 0; i < r->ev.nbufs; i++) {
		struct ring *ring = &r->ev.bufs[i].ring;
		if (!ring_read_begin(ring))
			continue;
		uint64_t from = ring->tail, end = ring->head < goal[i] ? ring->head : goal[i];
		const struct perf_event_header *h;
		while (ring->tail < end && ring->tail - from < RING_SLICE_BYTES &&
		       (h = ring_read_event(ring))) {
			r->demand[i].last_time = record_time(h);
			decode_record(&r->dec, (unsigned)i, r->ev.bufs[i].cpu, h);
			r->demand[i].records++;
		}
		ring_read_end(ring);
		r->demand[i].bytes += ring->tail - from;
		recorder_count_demand(r, i, ring->tail - from, now);
		if (ring->tail < ring->head && r->demand[i].last_time < behind)
			behind = r->demand[i].last_time;
		*more |= ring->tail < goal[i];
	}
	return behind;
}

int recorder_drain_round(struct recorder *r)
{
	uint64_t goal[r->ev.nbufs > 0 ? r->ev.nbufs : 1];
	for (int i = 0; i < r->ev.nbufs; i++) {
		ring_read_begin(&r->ev.bufs[i].ring);
		goal[i] = r->ev.bufs[i].ring.head;
	}
	uint64_t bpf_goal = r->bpf ? bpf_recorder_pending(r->bpf) : 0;
	bool more;
	do {
		uint64_t pass = now_ns(CLOCK_MONOTONIC);
		uint64_t behind = drain_pass(r, goal, &bpf_goal, pass, &more);
		/* Everything stamped before the previous pass began is in
		 * the queues now, but for the records still unread in a
		 * ring that could not be read to its head: hand it on in
		 * time order. */
		uint64_t horizon = r->prev_pass < behind ? r->prev_pass : behind;
		r->prev_pass = pass;
		int rc = merge_flush(r->merge, horizon, recorder_feed_pairing, r);
		if (rc)
			return rc;
		if (horizon > r->flushed)
			r->flushed = horizon;
	} while (more);
	return 0;
}

static bool target_gone(struct target *t, const struct pollfd *pfd)
{
	if (t->pidfd >= 0)
		return pfd->revents & (POLLIN | POLLHUP | POLLERR);
	if (t->child) {
		siginfo_t si = { 0 };
		return waitid(P_PID, (id_t)t->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
		       si.si_pid == t->pid;
	}
	return kill(t->pid, 0) < 0 && errno == ESRCH;
}

/* Whether any target still runs (true if there are none: -a). */
static bool targets_alive(struct recorder *r, const struct pollfd *pfd)
{
	size_t alive = 0;
	for (size_t i = 0; i < r->ntargets; i++) {
		struct target *t = &r->targets[i];
		if (!t->gone && target_gone(t, &pfd[i]))
			t->gone = true;
		alive += !t->gone;
	}
	return alive > 0 || !r->ntargets;
}

int recorder_loop(struct recorder *r)
{
	/* Every sys_enter event is polled, not only each ring's owner: the
	 * events of all the threads on a CPU share one ring, and the owner's
	 * thread may end (POLLHUP) while the others still write into it. */
	size_t nwake = 0;
	for (size_t i = 0; i < r->ev.nfds; i++)
		nwake += r->ev.fds[i].wakes;
	const struct record_hooks *hk = &r->o.hooks;
	size_t npfd = r->ntargets + nwake + (r->bpf != NULL) + hk->watch_input;
	bool input_open = hk->watch_input;
	/* A round at least every 100 ms, so that each chunk cut once a second
	 * holds everything up to 100 ms before it (events wait one round in
	 * the merge), and targets without a pidfd are looked at. */
	const uint64_t tick = RECORDER_ROUND_MAX_NS;
	struct pollfd *pfd = calloc(npfd, sizeof(*pfd));
	if (!pfd)
		return -ENOMEM;
	sigset_t unblocked;
	sigprocmask(SIG_SETMASK, NULL, &unblocked);
	sigdelset(&unblocked, SIGINT);
	sigdelset(&unblocked, SIGTERM);
	sigdelset(&unblocked, SIGHUP);

	uint64_t deadline = r->o.duration > 0 ? r->start + (uint64_t)(r->o.duration * 1e9) : 0;
	uint64_t next_cut = r->start + 1000000000u;
	/* the hooks' ticks: from the start, every tick_ns */
	uint64_t next_tick = hk->tick_ns ? r->start + hk->tick_ns : 0;
	for (;;) {
		for (size_t i = 0; i < r->ntargets; i++)
			pfd[i] = (struct pollfd){
				.fd = r->targets[i].gone ? -1 : r->targets[i].pidfd, .events = POLLIN };
		for (size_t i = 0, k = r->ntargets; i < r->ev.nfds; i++)
			if (r->ev.fds[i].wakes)
				pfd[k++] = (struct pollfd){ .fd = r->ev.fds[i].hup ? -1 : r->ev.fds[i].fd,
							    .events = POLLIN };
		if (r->bpf)
			pfd[npfd - 1 - hk->watch_input] = (struct pollfd){
				.fd = bpf_recorder_fd(r->bpf), .events = POLLIN };
		if (hk->watch_input)
			pfd[npfd - 1] = (struct pollfd){ .fd = input_open ? hk->input_fd : -1,
							 .events = POLLIN };
		uint64_t now = now_ns(CLOCK_MONOTONIC);
		uint64_t wake = next_cut < now + tick ? next_cut : now + tick;
		if (deadline && deadline < wake)
			wake = deadline;
		if (next_tick && next_tick < wake)
			wake = next_tick;
		struct timespec ts = { 0, 0 };
		if (wake > now)
			ts = (struct timespec){ (time_t)((wake - now) / 1000000000u),
						(long)((wake - now) % 1000000000u) };
		int n = recorder_stop_signal ? 0 : ppoll(pfd, npfd, &ts, &unblocked);
		if (n < 0 && errno != EINTR) {
			free(pfd);
			return -errno;
		}
		for (size_t i = 0, k = r->ntargets; i < r->ev.nfds; i++)
			if (r->ev.fds[i].wakes && (pfd[k++].revents & POLLHUP))
				r->ev.fds[i].hup = true;
		bool alive = targets_alive(r, pfd);

		uint64_t round = now_ns(CLOCK_MONOTONIC);
		int rc = recorder_drain_round(r);
		if (rc && !r->write_err) {
			free(pfd);
			return rc;
		}
		/* --switch-output: the window ends where the events handed on
		 * end */
		if (recorder_switch_due(r, r->flushed))
			recorder_switch(r, r->flushed);
		if (round >= next_cut) {
			/* the writer thread's first error, if any: recording stops */
			if (r->writer && (rc = scf_writer_cut(r->writer)) && !r->write_err)
				r->write_err = rc;
			next_cut = round + 1000000000u;
		}
		/* a terminal that hung up wakes no more */
		if (hk->watch_input && (pfd[npfd - 1].revents & (POLLHUP | POLLERR | POLLNVAL)))
			input_open = false;
		while (next_tick && next_tick <= round)
			next_tick += hk->tick_ns;
		bool hook_stop = hk->on_round && hk->on_round(hk->ctx, round, r->flushed);
		if (hook_stop)
			r->early = r->hook_stopped = true;
		if (r->write_err || recorder_stop_signal || !alive || (deadline && round >= deadline) ||
		    hook_stop)
			break;
	}
	free(pfd);
	return 0;
}
