/*
 * scprof.bpf.c - the BPF recorder's kernel side: pairs each system call
 * of the traced tasks in the kernel and writes one record per call
 * (profiler/bpf/scprof_bpf.h) into a ring buffer, with what its path,
 * socket address and buffer arguments pointed to.
 *
 * Programs: tp_btf on raw_syscalls sys_enter and sys_exit (tp_btf and
 * not tracepoints through perf: a perf-attached program that returns 0
 * would hide the samples from every other perf user), on
 * sched_process_fork/exec/exit to follow the launched command's tree,
 * and a task iterator that writes the calls still in progress when
 * recording stops.
 *
 * Which tasks: every task but scprof's own (trace_all, for -a), or those
 * whose process is in the targets map: the -p PIDs, and the launched
 * command from its exec on (it is put there as PENDING before it execs,
 * as perf's enable_on_exec does), with every process they fork.  The -e
 * set is a bitmap of syscall numbers.
 *
 * Pairing: the call in progress is kept in task storage, with its
 * captured bytes, and written at its exit into the CPU's staging buffer
 * (stages), which goes into the ring buffer whole when full or when user
 * space flushes it: each bpf_ringbuf_output touches the ring's lock, its
 * positions and header on pages of their own, and on this kind of guest
 * (no PCID, page-table isolation: the TLB is empty after every syscall
 * entry) each page costs; batching shares that over a buffer's records.
 * Wake-ups are batched too: records go in without a wake-up until a CPU
 * wrote wake_bytes since its last one (user space also drains on a
 * timer).  A record that does not fit is counted per CPU (cpu_states).
 */
#include "vmlinux.h"

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "profiler/bpf/scprof_bpf.h"

/* The helpers that read user memory and task storage need a
 * GPL-compatible program license. */
char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Set by user space before loading. */
const volatile __u32 self_tgid;
const volatile __u8 trace_all;      /* -a: every task but ours */
const volatile __u8 filter_nrs;     /* -e: only the numbers in nr_bits */
const volatile __u64 nr_bits[SCPROF_BPF_NRS / 64];
const volatile __u32 snaplen;       /* -s: data bytes to capture, <= CAP_ONE */
const volatile __u64 wake_bytes;    /* wake the reader past this much pending */
const volatile __u32 stack_frames;  /* -g fp: user stack frames to take; 0: none */
const volatile __u32 stack_every;   /* --stack-every: of one call in N per thread */
const volatile __u32 ustack_bytes;  /* -g fp: stack top copied with a stack; 0: none */
const volatile __u8 offcpu;         /* --off-cpu: the sched programs are loaded */

/* A task's kernel stack (x86-64 THREAD_SIZE without KASAN): a program
 * whose own stack is outside current's runs on an interrupt stack. */
#define TASK_STACK_SIZE 16384

/* Set by user space when recording stops: the programs then do nothing. */
__u32 stopped;

enum target_state {
	TARGET_TRACED = 1,
	TARGET_PENDING_EXEC,         /* the launched command, before its exec */
};

enum call_state {
	CALL_IDLE = 0,
	CALL_IN,                     /* between entry and exit */
	CALL_IN_CAPTURE_EXIT,        /* the same, with arguments to read at exit */
};

/*
 * --off-cpu state of the call in progress.  The switch-out stamps
 * out_time and, for a block, takes the kernel stack into the slot that
 * does not hold the longest block's; the switch-in adds the interval to
 * the call (blocked up to the wake-up, runnable after it).  sched_waking
 * writes wake_time and the waker from another CPU, without a lock: the
 * waker's fields can tear, the times cannot.
 */
struct offcpu_state {
	/* the entry time of the call this state is of: a call that never
	 * leaves the CPU costs nothing here, the first switch-out of a
	 * call resets the state */
	__u64 epoch;
	__u64 out_time;              /* switch-out of the interval, 0: on a CPU */
	struct scprof_bpf_offcpu rec;   /* what the record carries */
	__u64 last_in;               /* the call's entry or last switch-in */
	__u64 wake_time;             /* the last sched_waking for the task */
	__s32 wpid, wtid;            /* ... its waker */
	char wcomm[16];
	__u8 wirq;                   /* ... from interrupt context */
	__u64 sp_probe;              /* scratch of sched_waking */
	__u8 out_blocked;            /* the interval is a block, not a preemption */
	__u8 slot;                   /* stacks[slot] is the longest block's */
	__u8 has_longest;
	__u16 pending_n;             /* frames in stacks[slot ^ 1] */
	__u64 stacks[2][SCPROF_BPF_KFRAMES];
};

struct task_call {
	struct scprof_bpf_call c;
	/* data (the record goes out from c through its data), then room
	 * for the off-CPU part and its frames */
	__u8 data[SCPROF_BPF_DATA + sizeof(struct scprof_bpf_offcpu) + 8 * SCPROF_BPF_KFRAMES];
	struct offcpu_state o;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);          /* tgid */
	__type(value, __u8);         /* enum target_state */
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_call);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCPROF_BPF_NRS);
	__type(key, __u32);
	__type(value, struct scprof_bpf_spec);
} specs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 24); /* user space sets the size */
} records SEC(".maps");

/* Per CPU: the staging buffer (SCPROF_BPF_STAGE bytes in use at most;
 * twice that for the verifier, which cannot tell that a copy that starts
 * below STAGE is no longer than what is left).  busy: a record is being
 * added; the flush program, run from an interrupt, then leaves it. */
struct stage {
	__u32 busy;
	__u32 len;                   /* bytes staged */
	__u32 nrec;                  /* records staged */
	__u32 pad;
	__u8 buf[2 * SCPROF_BPF_STAGE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stage);
} stages SEC(".maps");

/* Per CPU: records lost (user space reads it), and bytes written since
 * the last wake-up this CPU forced; touched once per staging buffer. */
struct cpu_state {
	__u64 lost;
	__u64 unwoken;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_state);
} cpu_states SEC(".maps");

/* --off-cpu: per CPU, how deep in interrupt handlers (hrtimer callbacks,
 * softirqs, device interrupts) it runs: an interrupt that hit user mode
 * runs on the task's own stack, so the stack test alone misses it.  A
 * program is skipped when it would nest in itself on a CPU (an exit in
 * a hardirq inside the same exit in a softirq), which can leave the
 * count too high: sched_switch, which never runs inside a handler,
 * puts it back to 0. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} irq_depth SEC(".maps");

static __always_inline int irq_enter(int delta)
{
	__u32 zero = 0;
	__u32 *d = bpf_map_lookup_elem(&irq_depth, &zero);
	if (d && (delta > 0 || *d))
		*d += delta;
	return 0;
}

SEC("tp_btf/hrtimer_expire_entry")
int BPF_PROG(hrtimer_entry) { return irq_enter(1); }
SEC("tp_btf/hrtimer_expire_exit")
int BPF_PROG(hrtimer_exit) { return irq_enter(-1); }
SEC("tp_btf/softirq_entry")
int BPF_PROG(softirq_entry) { return irq_enter(1); }
SEC("tp_btf/softirq_exit")
int BPF_PROG(softirq_exit) { return irq_enter(-1); }
SEC("tp_btf/irq_handler_entry")
int BPF_PROG(irq_entry) { return irq_enter(1); }
SEC("tp_btf/irq_handler_exit")
int BPF_PROG(irq_exit) { return irq_enter(-1); }

static __always_inline bool traced_tgid(__u32 tgid)
{
	if (trace_all)
		return tgid != self_tgid;
	__u8 *state = bpf_map_lookup_elem(&targets, &tgid);
	return state && *state == TARGET_TRACED;
}

static __always_inline bool wanted_nr(long nr)
{
	if (!filter_nrs)
		return true;
	if (nr < 0 || nr >= SCPROF_BPF_NRS)
		return false;
	__u64 u = nr; /* clang 14 cannot divide signed numbers for BPF */
	return nr_bits[u / 64] & (1ull << (u % 64));
}

/* --off-cpu: the off-CPU part and its stack after the data, for a call
 * that left the CPU.  Returns the bytes added. */
static __always_inline __u32 add_offcpu(struct task_call *v, __u32 len)
{
	struct offcpu_state *o = &v->o;
	if (!offcpu || o->epoch != v->c.start || !o->rec.switches)
		return 0;
	__u32 n = o->rec.nkips;
	if (n > SCPROF_BPF_KFRAMES)
		n = SCPROF_BPF_KFRAMES;
	__u32 off = len & (SCPROF_BPF_DATA - 1);
	bpf_probe_read_kernel(&v->data[off], sizeof(o->rec), &o->rec);
	off += sizeof(o->rec);
	if (o->slot & 1)
		bpf_probe_read_kernel(&v->data[off], sizeof(o->stacks[1]), o->stacks[1]);
	else
		bpf_probe_read_kernel(&v->data[off], sizeof(o->stacks[0]), o->stacks[0]);
	v->c.flags |= SCPROF_CALL_HAS_OFFCPU;
	return sizeof(o->rec) + n * 8;
}

/* Bytes into the ring on this CPU, n records: waking the reader once
 * this CPU wrote wake_bytes since it last did (counting here is cheaper
 * than asking the ring how much is pending: bpf_ringbuf_query reads the
 * reader's position, a cache line the reader keeps writing), so at most
 * wake_bytes per CPU wait for the reader's timer. */
static __always_inline void ring_out(void *data, __u64 size, __u32 n, bool may_wake)
{
	__u32 zero = 0;
	struct cpu_state *cs = bpf_map_lookup_elem(&cpu_states, &zero);
	if (!cs)
		return;
	__u64 flags = BPF_RB_NO_WAKEUP;
	cs->unwoken += size;
	if (may_wake && cs->unwoken >= wake_bytes) {
		cs->unwoken = 0;
		flags = BPF_RB_FORCE_WAKEUP;
	}
	if (bpf_ringbuf_output(&records, data, size, flags))
		__sync_fetch_and_add(&cs->lost, n);
}

/* The staged records into the ring, as one ring record. */
static __always_inline void stage_flush(struct stage *st, bool may_wake)
{
	__u32 len = st->len;
	/* the mask for the verifier: len is at most STAGE */
	if (len)
		ring_out(st->buf, len & (2 * SCPROF_BPF_STAGE - 1), st->nrec, may_wake);
	st->len = 0;
	st->nrec = 0;
}

static __always_inline void emit(struct task_call *v)
{
	__u32 len = v->c.data_len;
	if (len > SCPROF_BPF_DATA - 1)
		len = SCPROF_BPF_DATA - 1;
	__u32 extra = add_offcpu(v, len);
	__u64 size = len || v->c.ncaps || extra ? sizeof(v->c) + len + extra
						 : SCPROF_BPF_CALL_SHORT;
	v->c.size = size;
	__u32 zero = 0;
	struct stage *st = bpf_map_lookup_elem(&stages, &zero);
	if (!st)
		return;
	if (st->busy) {
		/* nested in another record's staging on this CPU (the
		 * kernel preempted it): straight into the ring */
		ring_out(v, size, 1, true);
		return;
	}
	st->busy = 1;
	asm volatile("" ::: "memory"); /* busy before the length is read */
	__u32 aligned = (size + 7) & ~7u;
	__u32 off = st->len;
	if (off + aligned > SCPROF_BPF_STAGE) {
		stage_flush(st, true);
		off = 0;
	}
	if (size > SCPROF_BPF_STAGE) {
		ring_out(v, size, 1, true); /* after the staged ones */
	} else {
		off &= SCPROF_BPF_STAGE - 1;
		bpf_probe_read_kernel(&st->buf[off], size & (2 * SCPROF_BPF_STAGE - 1), v);
		st->len = off + aligned;
		st->nrec++;
	}
	asm volatile("" ::: "memory");
	st->busy = 0;
}

/* Run by user space on each CPU (BPF_PROG_TEST_RUN on that CPU, from an
 * interrupt) before it reads the ring: the CPU's staged records into the
 * ring.  Returns 0 if the CPU was adding a record (try again), 1 when
 * done. */
SEC("raw_tp")
int flush(void *ctx)
{
	__u32 zero = 0;
	struct stage *st = bpf_map_lookup_elem(&stages, &zero);
	if (!st)
		return 1;
	if (st->busy)
		return 0;
	/* no wake-up: the reader is awake, and a wake-up from here could
	 * come after it looked for one, and leave it asleep later */
	stage_flush(st, false);
	return 1;
}

/* A new capture slot for argument arg, or NULL when the call has all it
 * can hold. */
static __always_inline struct scprof_bpf_cap *new_cap(struct task_call *v, int arg, __u8 kind,
						       __u8 spec)
{
	__u32 n = v->c.ncaps;
	if (n >= SCPROF_BPF_MAX_CAPS)
		return NULL;
	struct scprof_bpf_cap *cap = &v->c.caps[n];
	cap->arg = arg;
	cap->kind = kind;
	cap->spec = spec;
	cap->flags = 0;
	cap->off = 0;
	cap->len = 0;
	v->c.ncaps = n + 1;
	return cap;
}

/* Read a string at ptr into the call's data area. */
static __always_inline void read_str(struct task_call *v, struct scprof_bpf_cap *cap,
				     const void *ptr)
{
	__u32 off = v->c.data_len;
	if (off >= SCPROF_BPF_CAP_AREA) {
		cap->flags |= SCPROF_CAP_TRUNCATED; /* no room left */
		return;
	}
	long n = bpf_probe_read_user_str(&v->data[off & (SCPROF_BPF_CAP_AREA - 1)],
					 SCPROF_BPF_CAP_ONE, ptr);
	if (n <= 0) {
		cap->flags |= SCPROF_CAP_FAULT;
		return;
	}
	/* n counts the NUL; a string cut at the buffer's size ends in
	 * the NUL the helper put there */
	if (n >= SCPROF_BPF_CAP_ONE)
		cap->flags |= SCPROF_CAP_TRUNCATED;
	cap->flags &= ~SCPROF_CAP_FAULT;
	cap->off = off;
	cap->len = n - 1;
	v->c.data_len = off + n - 1;
}

/* Read size bytes (at most want of them) at ptr into the data area. */
static __always_inline void read_bytes(struct task_call *v, struct scprof_bpf_cap *cap,
				       const void *ptr, __u64 size, __u64 want)
{
	__u32 off = v->c.data_len;
	if (off >= SCPROF_BPF_CAP_AREA) {
		cap->flags |= SCPROF_CAP_TRUNCATED;
		return;
	}
	if (size > want) {
		cap->flags |= SCPROF_CAP_TRUNCATED;
		size = want;
	}
	if (size > SCPROF_BPF_CAP_ONE)
		size = SCPROF_BPF_CAP_ONE;
	if (!size)
		return;
	if (bpf_probe_read_user(&v->data[off & (SCPROF_BPF_CAP_AREA - 1)],
				size & (2 * SCPROF_BPF_CAP_ONE - 1), ptr)) {
		cap->flags = SCPROF_CAP_FAULT | (cap->flags & SCPROF_CAP_AT_EXIT);
		return;
	}
	cap->off = off;
	cap->len = size;
	v->c.data_len = off + size;
}

/* Kernel side only, in scprof_bpf_cap.flags (user space keeps the
 * SCF_CAP_* bits): data a write gave could not be read at entry (its page
 * not faulted in yet), read it again at exit. */
#define CAP_RETRY_AT_EXIT 0x80u

/*
 * -s: the first elements of the struct iovec array at uiov (cnt of them,
 * at most SCPROF_BPF_IOV_MAX, and at most snaplen as strace -s prints) with
 * the first snaplen bytes of each element's data, appended to the data
 * area as struct scprof_bpf_iov then the data, element after element.
 * moved: the bytes the call transferred (a read's return value; ~0 for a
 * write), shared out over the elements in order as the kernel fills
 * them.  cap is TRUNCATED when the array has more elements than it
 * holds.  False if the array could not be read at all.
 */
static __always_inline bool add_iov_elems(struct task_call *v, struct scprof_bpf_cap *cap,
					  const struct iovec *uiov, __u64 cnt, __u64 moved)
{
	/* strace -s SIZE prints at most SIZE elements too */
	__u64 most = snaplen < SCPROF_BPF_IOV_MAX ? snaplen : SCPROF_BPF_IOV_MAX;
	if (cnt > most) {
		cap->flags |= SCPROF_CAP_TRUNCATED;
		cnt = most;
	}
	for (int j = 0; j < SCPROF_BPF_IOV_MAX; j++) {
		if (j >= cnt)
			break;
		__u32 off = v->c.data_len;
		if (off >= SCPROF_BPF_CAP_AREA) {
			cap->flags |= SCPROF_CAP_TRUNCATED; /* no room left */
			break;
		}
		/* hide the test above from the compiler, which would drop
		 * the mask the verifier needs */
		asm volatile("" : "+r"(off));
		off &= SCPROF_BPF_CAP_AREA - 1;
		struct scprof_bpf_iov e = { 0 };
		if (bpf_probe_read_user(&e, 16, &uiov[j])) {
			if (j == 0)
				return false;
			cap->flags |= SCPROF_CAP_TRUNCATED;
			break;
		}
		__u64 size = e.len < moved ? e.len : moved;
		moved -= size;
		if (size > snaplen)
			size = snaplen;
		if (size > SCPROF_BPF_CAP_ONE)
			size = SCPROF_BPF_CAP_ONE;
		if (size && bpf_probe_read_user(&v->data[off + sizeof(e)],
						size & (2 * SCPROF_BPF_CAP_ONE - 1), (const void *)e.base)) {
			e.flags = SCPROF_IOV_FAULT;
			size = 0;
			cap->flags |= CAP_RETRY_AT_EXIT;
		}
		e.data_len = size;
		bpf_probe_read_kernel(&v->data[off], sizeof(e), &e);
		v->c.data_len = off + sizeof(e) + size;
	}
	return true;
}

/* -s: an iovec array (readv, writev) as an SCPROF_CAP_IOV capture. */
static __always_inline void read_iov(struct task_call *v, struct scprof_bpf_cap *cap,
				     const struct iovec *uiov, __u64 cnt, __u64 moved)
{
	__u32 start = v->c.data_len;
	if (!add_iov_elems(v, cap, uiov, cnt, moved)) {
		cap->flags |= SCPROF_CAP_FAULT;
		v->c.data_len = start;
		return;
	}
	cap->off = start;
	cap->len = v->c.data_len - start;
}

/* -s: a struct msghdr (sendmsg, recvmsg) as an SCPROF_CAP_MSGHDR
 * capture: the struct, the socket address msg_name points to, then its
 * iovec array's elements. */
static __always_inline void read_msghdr(struct task_call *v, struct scprof_bpf_cap *cap,
					const void *umsg, __u64 moved)
{
	__u32 start = v->c.data_len;
	if (start >= SCPROF_BPF_CAP_AREA) {
		cap->flags |= SCPROF_CAP_FAULT | SCPROF_CAP_TRUNCATED; /* no room left */
		return;
	}
	asm volatile("" : "+r"(start));
	start &= SCPROF_BPF_CAP_AREA - 1;
	struct scprof_bpf_msghdr h = { 0 };
	if (bpf_probe_read_user(&h, sizeof(struct user_msghdr), umsg)) {
		cap->flags |= SCPROF_CAP_FAULT;
		return;
	}
	__u32 n = h.namelen;
	if (!h.name || (int)n <= 0) {
		n = 0;
	} else {
		if (n > SCPROF_BPF_SOCKADDR_MAX)
			n = SCPROF_BPF_SOCKADDR_MAX;
		asm volatile("" : "+r"(n)); /* keep the mask below */
		if (bpf_probe_read_user(&v->data[start + sizeof(h)], n & (2 * SCPROF_BPF_SOCKADDR_MAX - 1),
					(const void *)h.name)) {
			h.cap_flags |= SCPROF_MSG_NAME_FAULT;
			n = 0;
		}
	}
	h.name_len = n;
	v->c.data_len = start + sizeof(h) + n;
	if (!add_iov_elems(v, cap, (const struct iovec *)h.iov, h.iovlen, moved))
		h.cap_flags |= SCPROF_MSG_IOV_FAULT;
	bpf_probe_read_kernel(&v->data[start], sizeof(h), &h);
	cap->off = start;
	cap->len = v->c.data_len - start;
}

/* The offset of msg_len in a struct mmsghdr (after its struct msghdr). */
#define MMSG_LEN_OFF 56

/* -s: the first struct mmsghdr of the array at umm (sendmmsg, recvmmsg)
 * as an SCPROF_CAP_MMSGHDR capture: 8 bytes, its msg_len (0 at entry:
 * the kernel sets it) and 0, then the message as read_msghdr reads it.
 * At exit the message's data is what msg_len says it moved. */
static __always_inline void read_mmsghdr(struct task_call *v, struct scprof_bpf_cap *cap,
					 const void *umm, bool at_exit)
{
	__u32 start = v->c.data_len;
	if (start >= SCPROF_BPF_CAP_AREA) {
		cap->flags |= SCPROF_CAP_FAULT | SCPROF_CAP_TRUNCATED; /* no room left */
		return;
	}
	__u32 head[2] = { 0, 0 };
	__u64 moved = ~0ull;
	if (at_exit) {
		if (bpf_probe_read_user(&head[0], 4, (const __u8 *)umm + MMSG_LEN_OFF)) {
			cap->flags |= SCPROF_CAP_FAULT;
			return;
		}
		moved = head[0];
	}
	v->c.data_len = start + sizeof(head);
	read_msghdr(v, cap, umm, moved);
	if (cap->flags & SCPROF_CAP_FAULT) {
		v->c.data_len = start;
		return;
	}
	asm volatile("" : "+r"(start));
	start &= SCPROF_BPF_CAP_AREA - 1;
	bpf_probe_read_kernel(&v->data[start], sizeof(head), head);
	cap->off = start;
	cap->len += sizeof(head);
}

static __always_inline void capture_entry(struct task_call *v, const struct scprof_bpf_spec *s)
{
#pragma unroll
	for (int i = 0; i < 6; i++) {
		__u8 k = s->kind[i];
		if (k == SCPROF_ARG_NONE)
			continue;
		if (k == SCPROF_ARG_STR) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_PATH, k);
			if (cap)
				read_str(v, cap, (const void *)v->c.args[i]);
		} else if (k == SCPROF_ARG_SOCKADDR_IN && i < 5) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_SOCKADDR, k);
			if (cap && v->c.args[i])
				read_bytes(v, cap, (const void *)v->c.args[i],
					   (__u32)v->c.args[i + 1], SCPROF_BPF_SOCKADDR_MAX);
			else if (cap)
				cap->flags |= SCPROF_CAP_FAULT;
		} else if (k == SCPROF_ARG_DATA_IN && i < 5 && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_DATA, k);
			if (cap)
				read_bytes(v, cap, (const void *)v->c.args[i], v->c.args[i + 1],
					   snaplen);
		} else if (k == SCPROF_ARG_IOV_IN && i == 1 && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_IOV, k);
			if (cap)
				read_iov(v, cap, (const struct iovec *)v->c.args[1], v->c.args[2], ~0ull);
		} else if (k == SCPROF_ARG_MSG_IN && i == 1 && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_MSGHDR, k);
			if (cap)
				read_msghdr(v, cap, (const void *)v->c.args[1], ~0ull);
		} else if (k == SCPROF_ARG_MMSG_IN && i == 1 && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_MMSGHDR, k);
			if (cap)
				read_mmsghdr(v, cap, (const void *)v->c.args[1], false);
		}
	}
}

static __always_inline void capture_exit(struct task_call *v, const struct scprof_bpf_spec *s,
					 long ret)
{
	/* a path unreadable at entry (its page not yet faulted in) is read
	 * again now; not for execve, whose old image is gone */
	if (v->c.nr != 59 && v->c.nr != 322) {
#pragma unroll
		for (int i = 0; i < SCPROF_BPF_MAX_CAPS; i++) {
			if (i >= v->c.ncaps)
				break;
			struct scprof_bpf_cap *cap = &v->c.caps[i];
			if (cap->spec == SCPROF_ARG_STR && (cap->flags & SCPROF_CAP_FAULT)) {
				__u32 a = cap->arg;
				if (a >= 6)
					continue;
				cap->flags = SCPROF_CAP_AT_EXIT | SCPROF_CAP_FAULT;
				read_str(v, cap, (const void *)v->c.args[a & 7]);
			}
		}
	}
	/* the same for an iovec array or message whose data could not be
	 * read at entry: the whole capture again, after the rest (the call
	 * made the pages present); it is its call's only capture */
	if (v->c.ncaps == 1 && (v->c.caps[0].flags & CAP_RETRY_AT_EXIT)) {
		struct scprof_bpf_cap *cap = &v->c.caps[0];
		cap->flags = SCPROF_CAP_AT_EXIT;
		if (cap->spec == SCPROF_ARG_IOV_IN)
			read_iov(v, cap, (const struct iovec *)v->c.args[1], v->c.args[2], ~0ull);
		else if (cap->spec == SCPROF_ARG_MSG_IN)
			read_msghdr(v, cap, (const void *)v->c.args[1], ~0ull);
		else if (cap->spec == SCPROF_ARG_MMSG_IN)
			read_mmsghdr(v, cap, (const void *)v->c.args[1], false);
	}
	/* sendmmsg: the first message's msg_len, which the kernel set */
	if (v->c.ncaps == 1 && v->c.caps[0].spec == SCPROF_ARG_MMSG_IN && ret > 0 &&
	    !(v->c.caps[0].flags & SCPROF_CAP_FAULT)) {
		__u32 off = v->c.caps[0].off;
		asm volatile("" : "+r"(off));
		off &= SCPROF_BPF_CAP_AREA - 1;
		bpf_probe_read_user(&v->data[off], 4, (const __u8 *)v->c.args[1] + MMSG_LEN_OFF);
	}
	if (!s->at_exit || ret < 0)
		return;
#pragma unroll
	for (int i = 0; i < 6; i++) {
		__u8 k = s->kind[i];
		if (k == SCPROF_ARG_SOCKADDR_OUT && i < 5) {
			if (!v->c.args[i] || !v->c.args[i + 1])
				continue;
			int len = 0;
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_SOCKADDR, k);
			if (!cap)
				continue;
			cap->flags = SCPROF_CAP_AT_EXIT;
			if (bpf_probe_read_user(&len, sizeof(len), (const void *)v->c.args[i + 1]) ||
			    len < 0)
				cap->flags |= SCPROF_CAP_FAULT;
			else
				read_bytes(v, cap, (const void *)v->c.args[i], len,
					   SCPROF_BPF_SOCKADDR_MAX);
		} else if (k == SCPROF_ARG_FDPAIR_OUT && ret == 0) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_DATA, k);
			if (!cap)
				continue;
			cap->flags = SCPROF_CAP_AT_EXIT;
			read_bytes(v, cap, (const void *)v->c.args[i], 8, 8);
		} else if (k == SCPROF_ARG_DATA_OUT && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_DATA, k);
			if (!cap)
				continue;
			cap->flags = SCPROF_CAP_AT_EXIT;
			read_bytes(v, cap, (const void *)v->c.args[i], ret, snaplen);
		} else if (k == SCPROF_ARG_IOV_OUT && i == 1 && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_IOV, k);
			if (!cap)
				continue;
			cap->flags = SCPROF_CAP_AT_EXIT;
			read_iov(v, cap, (const struct iovec *)v->c.args[1], v->c.args[2], ret);
		} else if (k == SCPROF_ARG_MSG_OUT && i == 1 && snaplen) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_MSGHDR, k);
			if (!cap)
				continue;
			cap->flags = SCPROF_CAP_AT_EXIT;
			read_msghdr(v, cap, (const void *)v->c.args[1], ret);
		} else if (k == SCPROF_ARG_MMSG_OUT && i == 1 && snaplen && ret > 0) {
			struct scprof_bpf_cap *cap = new_cap(v, i, SCPROF_CAP_MMSGHDR, k);
			if (!cap)
				continue;
			cap->flags = SCPROF_CAP_AT_EXIT;
			read_mmsghdr(v, cap, (const void *)v->c.args[1], true);
		}
	}
}

/* After the stack's return addresses: the user registers bp, sp and ip
 * and the top ustack_bytes of the user stack, from which the report puts
 * back the callers the frame-pointer walk skipped (libc's frameless
 * wrappers).  Left out if the stack cannot be read. */
static __always_inline void copy_stack_top(struct task_call *v, struct pt_regs *regs)
{
	__u32 off = v->c.data_len & 2047; /* <= 127 frames: 1016 */
	__u32 size = ustack_bytes;
	if (size > SCPROF_BPF_MAX_USTACK)
		size = SCPROF_BPF_MAX_USTACK;
	__u64 *r = (__u64 *)&v->data[off];
	r[0] = regs->bp;
	r[1] = regs->sp;
	r[2] = regs->ip;
	if (!size || bpf_probe_read_user(&v->data[off + 24], size, (const void *)regs->sp))
		return;
	v->c.ustack = size;
	v->c.data_len = off + 24 + size;
}

/* The call storage of the current task if it is traced, made on its
 * first call: only traced tasks have one, so a traced task's calls cost
 * one storage lookup and no lookup of its process. */
static __always_inline struct task_call *traced_task(struct task_struct *task, __u64 pid_tgid)
{
	struct task_call *v = bpf_task_storage_get(&calls, task, NULL, 0);
	if (v || !traced_tgid(pid_tgid >> 32))
		return v;
	return bpf_task_storage_get(&calls, task, NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
}

static __always_inline void reset_offcpu(struct offcpu_state *o, __u64 now)
{
	o->epoch = now;
	__builtin_memset(&o->rec, 0, sizeof(o->rec));
	o->out_time = 0;
	o->last_in = now;
	o->has_longest = 0;
	o->pending_n = 0;
}

/* Task back on a CPU at now after the interval from o->out_time: the
 * interval into the call's times.  True when it was the call's longest
 * block so far (its stack is then stacks[slot]). */
static __always_inline bool switch_in(struct offcpu_state *o, __u64 now)
{
	__u64 out = o->out_time, wake = o->wake_time, prev_in = o->last_in;
	o->out_time = 0;
	if (now < out)
		now = out;
	o->last_in = now;
	o->rec.switches++;
	if (!o->out_blocked) {
		o->rec.runnable += now - out;
		return false;
	}
	__u64 blocked, runnable;
	bool woken = wake >= prev_in && wake <= now;
	if (woken && wake >= out) {
		blocked = wake - out;
		runnable = now - wake;
	} else if (woken) {
		/* woken (from another CPU) before it had switched out */
		blocked = 0;
		runnable = now - out;
	} else {
		blocked = now - out;
		runnable = 0;
	}
	o->rec.blocked += blocked;
	o->rec.runnable += runnable;
	if (o->has_longest && blocked <= o->rec.longest)
		return false;
	o->has_longest = 1;
	o->rec.longest = blocked;
	o->slot ^= 1; /* the pending stack is the longest block's now */
	o->rec.nkips = o->pending_n;
	o->rec.flags &= ~(SCPROF_OFFCPU_WAKER | SCPROF_OFFCPU_WAKER_IRQ);
	if (woken && o->wirq) {
		o->rec.flags |= SCPROF_OFFCPU_WAKER_IRQ;
	} else if (woken) {
		o->rec.flags |= SCPROF_OFFCPU_WAKER;
		o->rec.waker_pid = o->wpid;
		o->rec.waker_tid = o->wtid;
		__builtin_memcpy(o->rec.waker_comm, o->wcomm, sizeof(o->wcomm));
	}
	return true;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	if (stopped || !wanted_nr(id))
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct task_call *v = traced_task(bpf_get_current_task_btf(), pid_tgid);
	if (!v)
		return 0;
	__u8 state = CALL_IN;
	v->c.pid = pid_tgid >> 32;
	v->c.tid = (__u32)pid_tgid;
	v->c.nr = id;
	v->c.cpu = bpf_get_smp_processor_id();
	v->c.flags = 0;
	v->c.ncaps = 0;
	v->c.data_len = 0;
	v->c.nips = 0;
	v->c.ustack = 0;
	/* the user stack first, at the start of the data area */
	if (stack_frames && (stack_every <= 1 || ++v->c.calls_seen % stack_every == 0)) {
		__u32 size = stack_frames * 8;
		if (size > SCPROF_BPF_MAX_FRAMES * 8)
			size = SCPROF_BPF_MAX_FRAMES * 8;
		long n = bpf_get_stack(ctx, v->data, size, BPF_F_USER_STACK);
		if (n > 0) {
			v->c.nips = (__u64)n / 8;
			v->c.data_len = v->c.nips * 8;
			if (ustack_bytes)
				copy_stack_top(v, regs);
		}
	}
	v->c.args[0] = regs->di;
	v->c.args[1] = regs->si;
	v->c.args[2] = regs->dx;
	v->c.args[3] = regs->r10;
	v->c.args[4] = regs->r8;
	v->c.args[5] = regs->r9;
	if (id >= 0 && id < SCPROF_BPF_NRS) {
		__u32 key = id;
		const struct scprof_bpf_spec *s = bpf_map_lookup_elem(&specs, &key);
		if (s && s->at_entry)
			capture_entry(v, s);
		/* a path unreadable now is read again at exit */
		if (s && (s->at_exit || v->c.ncaps))
			state = CALL_IN_CAPTURE_EXIT;
	}
	v->c.state = state;
	/* last, so that reading the arguments is not counted */
	v->c.start = bpf_ktime_get_ns();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	if (stopped)
		return 0;
	__u64 now = bpf_ktime_get_ns();
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_call *v = bpf_task_storage_get(&calls, task, NULL, 0);
	if (v && v->c.state != CALL_IDLE) {
		__u8 state = v->c.state;
		if (offcpu && v->o.epoch == v->c.start && v->o.out_time) {
			/* the switch back in was never seen */
			switch_in(&v->o, now);
			v->o.rec.flags |= SCPROF_OFFCPU_SWITCH_LOST;
		}
		v->c.state = CALL_IDLE;
		v->c.end = now;
		v->c.ret = ret;
		v->c.exit_cpu = bpf_get_smp_processor_id();
		long nr = v->c.nr;
		if (state == CALL_IN_CAPTURE_EXIT && nr >= 0 && nr < SCPROF_BPF_NRS) {
			__u32 key = nr;
			const struct scprof_bpf_spec *s = bpf_map_lookup_elem(&specs, &key);
			if (s && (s->at_exit || v->c.ncaps))
				capture_exit(v, s, ret);
		}
		emit(v);
		return 0;
	}
	/* An exit without its entry: the command's execve, a new task's
	 * return from clone, a call that began before attaching.  Only the
	 * syscall number of the exit (regs->orig_ax) is known: user space
	 * pairs it as the tracepoint recorder pairs exits. */
	long nr = regs->orig_ax;
	if (!wanted_nr(nr) || !(v = traced_task(task, pid_tgid)))
		return 0;
	v->c.state = CALL_IDLE;
	v->c.pid = pid_tgid >> 32;
	v->c.tid = (__u32)pid_tgid;
	v->c.nr = nr;
	v->c.cpu = v->c.exit_cpu = bpf_get_smp_processor_id();
	v->c.flags = SCPROF_CALL_NO_ENTER;
	v->c.ncaps = 0;
	v->c.data_len = 0;
	v->c.nips = 0;
	v->c.ustack = 0;
	v->c.start = v->c.end = now;
	v->c.ret = ret;
	__builtin_memset(v->c.args, 0, sizeof(v->c.args));
	emit(v);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(process_fork, struct task_struct *parent, struct task_struct *child)
{
	if (trace_all || stopped)
		return 0;
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	if (ptgid == ctgid)
		return 0; /* a thread: its process is traced already, or not */
	__u8 *state = bpf_map_lookup_elem(&targets, &ptgid);
	if (state && *state == TARGET_TRACED) {
		__u8 traced = TARGET_TRACED;
		bpf_map_update_elem(&targets, &ctgid, &traced, BPF_ANY);
	}
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(process_exec, struct task_struct *p)
{
	__u32 tgid = p->tgid;
	__u8 *state = bpf_map_lookup_elem(&targets, &tgid);
	if (state && *state == TARGET_PENDING_EXEC)
		*state = TARGET_TRACED;
	return 0;
}

/* Write task's call in progress, if any, as ended now with flag. */
static __always_inline void end_call(struct task_struct *task, __u16 flag)
{
	struct task_call *v = bpf_task_storage_get(&calls, task, NULL, 0);
	if (!v || v->c.state == CALL_IDLE)
		return;
	v->c.state = CALL_IDLE;
	v->c.end = bpf_ktime_get_ns();
	v->c.ret = 0;
	v->c.flags |= flag;
	if (offcpu && v->o.epoch == v->c.start && v->o.out_time) {
		struct offcpu_state *o = &v->o;
		bool asleep = o->out_blocked && !(o->wake_time >= o->last_in);
		bool longest = switch_in(o, v->c.end);
		if (asleep && flag == SCPROF_CALL_UNFINISHED) {
			/* still blocked: its stack is where, whatever the
			 * longest block was */
			if (!longest) {
				o->slot ^= 1;
				o->rec.nkips = o->pending_n;
			}
			o->rec.flags &= ~(SCPROF_OFFCPU_WAKER | SCPROF_OFFCPU_WAKER_IRQ);
			o->rec.flags |= SCPROF_OFFCPU_BLOCKED_AT_END;
		}
	}
	v->c.exit_cpu = bpf_get_smp_processor_id();
	emit(v);
}

/* A task ending inside a call (exit, exit_group, killed): the call ends
 * here, without a return. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(process_exit, struct task_struct *p)
{
	if (!stopped)
		end_call(p, SCPROF_CALL_NO_RETURN);
	return 0;
}

/* --off-cpu: a traced task in a call leaving the CPU stamps the time, the
 * state and (asleep) its kernel stack; one coming back adds the interval.
 * Runs for every switch on the machine: two storage lookups when neither
 * task is traced. */
SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	if (stopped)
		return 0;
	__u32 zero = 0;
	__u32 *depth = bpf_map_lookup_elem(&irq_depth, &zero);
	if (depth)
		*depth = 0;
	__u64 now = 0;
	struct task_call *v = bpf_task_storage_get(&calls, prev, NULL, 0);
	if (v && v->c.state != CALL_IDLE) {
		struct offcpu_state *o = &v->o;
		now = bpf_ktime_get_ns();
		if (o->epoch != v->c.start)
			reset_offcpu(o, v->c.start); /* the call's first switch-out */
		o->out_time = now;
		/* preempt is set for forced preemption only; a sleep cut
		 * short (a pending signal) or a yield leaves TASK_RUNNING */
		o->out_blocked = !preempt && prev_state != 0;
		if (o->out_blocked) {
			long n;
			if (o->slot & 1)
				n = bpf_get_stack(ctx, o->stacks[0], sizeof(o->stacks[0]), 0);
			else
				n = bpf_get_stack(ctx, o->stacks[1], sizeof(o->stacks[1]), 0);
			o->pending_n = n > 0 ? (__u64)n / 8 : 0;
		}
	}
	v = bpf_task_storage_get(&calls, next, NULL, 0);
	if (v && v->c.state != CALL_IDLE && v->o.epoch == v->c.start && v->o.out_time)
		switch_in(&v->o, now ? now : bpf_ktime_get_ns());
	return 0;
}

/* --off-cpu: who wakes a traced task in a call, and when. */
SEC("tp_btf/sched_waking")
int BPF_PROG(sched_waking, struct task_struct *p)
{
	if (stopped)
		return 0;
	struct task_call *v = bpf_task_storage_get(&calls, p, NULL, 0);
	if (!v || v->c.state == CALL_IDLE)
		return 0;
	struct offcpu_state *o = &v->o;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	/* Interrupt context (a timer, a softirq at irq exit) runs on the
	 * CPU's interrupt stack, and current is only the task it
	 * interrupted: this program's stack address tells.  (The kernel's
	 * preempt_count is a per-CPU variable kallsyms does not list here.)
	 * The address goes through the map to become a number. */
	__u64 marker = 0;
	*(__u64 *volatile)&o->sp_probe = (__u64)&marker;
	__u64 sp = *(volatile __u64 *)&o->sp_probe;
	__u64 base = (__u64)bpf_get_current_task_btf()->stack;
	__u32 zero = 0;
	__u32 *depth = bpf_map_lookup_elem(&irq_depth, &zero);
	o->wirq = sp - base >= TASK_STACK_SIZE || (depth && *depth);
	o->wpid = pid_tgid >> 32;
	o->wtid = (__u32)pid_tgid;
	bpf_get_current_comm(o->wcomm, sizeof(o->wcomm));
	o->wake_time = bpf_ktime_get_ns();
	return 0;
}

/* Run once when recording stops (after `stopped` is set): every call
 * still in progress, as unfinished. */
SEC("iter/task")
int unfinished(struct bpf_iter__task *ctx)
{
	if (ctx->task)
		end_call(ctx->task, SCPROF_CALL_UNFINISHED);
	return 0;
}
