/*
 * trace.c - calls as Chrome trace-event JSON (see trace.h).
 */
#include "output/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/tasks.h"
#include "base/grow.h"
#include "output/jsonprint.h"
#include "output/textesc.h"
#include "syscalls/argfmt.h"

/* A call still in progress at the end, kept until trace_finish. */
struct open_call {
	struct scf_call call; /* no stack, no captures: its text is in args */
	char *name, *args;
	bool has_off;          /* call.offcpu is off (set again at the end: the
				  array moves), its kips in kips */
	struct scf_offcpu off;
	uint64_t *kips;
};

struct thread_slot {
	int32_t tid, pid;
	bool used;
};

struct trace {
	FILE *f;
	const struct scf_meta *meta;
	bool no_args;
	const char *sep; /* before the next event */
	/* names kernel frames (record --off-cpu); NULL: addresses */
	const char *(*kname)(void *ctx, uint64_t ip, char *buf, size_t len);
	void *kctx;
	struct open_call *open;
	size_t nopen, open_cap;
	struct thread_slot *threads; /* open addressing by tid */
	size_t nthreads, thread_slots;
	char args[16384];
};

int trace_new(FILE *f, const struct scf_meta *meta, bool no_args, struct trace **out)
{
	struct trace *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->f = f;
	t->meta = meta;
	t->no_args = no_args;
	t->sep = "\n";
	fputs("{\"traceEvents\": [", f);
	*out = t;
	return 0;
}

void trace_set_kname(struct trace *t,
		     const char *(*kname)(void *ctx, uint64_t ip, char *buf, size_t len), void *ctx)
{
	t->kname = kname;
	t->kctx = ctx;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nopen; i++) {
		free(t->open[i].name);
		free(t->open[i].args);
		free(t->open[i].kips);
	}
	free(t->open);
	free(t->threads);
	free(t);
}

static size_t slot_of(const struct trace *t, int32_t tid)
{
	size_t j = ((uint32_t)tid * 0x9e3779b1u) & (t->thread_slots - 1);
	while (t->threads[j].used && t->threads[j].tid != tid)
		j = (j + 1) & (t->thread_slots - 1);
	return j;
}

/* Remember the thread tid of process pid, for its name at the end. */
static int see_thread(struct trace *t, int32_t pid, int32_t tid)
{
	if ((t->nthreads + 1) * 2 > t->thread_slots) {
		struct thread_slot *old = t->threads;
		size_t nold = t->thread_slots, n = nold ? nold * 2 : 64;
		struct thread_slot *v = calloc(n, sizeof(*v));
		if (!v)
			return -ENOMEM;
		t->threads = v;
		t->thread_slots = n;
		for (size_t i = 0; i < nold; i++)
			if (old[i].used)
				t->threads[slot_of(t, old[i].tid)] = old[i];
		free(old);
	}
	struct thread_slot *s = &t->threads[slot_of(t, tid)];
	if (!s->used) {
		*s = (struct thread_slot){ tid, pid, true };
		t->nthreads++;
	}
	s->pid = pid; /* the latest (a tid reused by another process) */
	return 0;
}

/* Microseconds with three decimals: ns precision. */
static void print_us(FILE *f, const char *key, int64_t ns)
{
	uint64_t a = ns < 0 ? (uint64_t)-ns : (uint64_t)ns;
	fprintf(f, ", \"%s\": %s%" PRIu64 ".%03u", key, ns < 0 ? "-" : "", a / 1000,
		(unsigned)(a % 1000));
}

/* Whether call c's duration is its time (as the views count time: it was
 * seen entering and returning). */
static bool timed(const struct scf_call *c)
{
	return !(c->flags & (SCF_CALL_NO_ENTER | SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED |
			     SCF_CALL_ENTERED_BEFORE));
}

/* ', "kernel_stack": [...]': o's, innermost first, named. */
static void print_kstack(struct trace *t, const struct scf_offcpu *o)
{
	FILE *f = t->f;
	fputs(", \"kernel_stack\": [", f);
	const char *sep = "";
	for (uint32_t i = 0; i < o->nkips; i++) {
		char buf[256];
		if (!o->kips[i])
			continue; /* never a frame: an address that read as 0 */
		if (t->kname)
			t->kname(t->kctx, o->kips[i], buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "0x%" PRIx64, o->kips[i]);
		fputs(sep, f);
		json_print_string(f, buf);
		sep = ", ";
	}
	fputc(']', f);
}

/* A slice of thread c's time off the CPU inside its call: name
 * ("blocked" or "runnable") from at for dur ns; exact: its place in the
 * call is known (else only its length: see trace.h); block: the call's
 * wait site and waker go with it. */
static void print_offcpu(struct trace *t, const struct scf_call *c, const char *name,
			 uint64_t at, uint64_t dur, bool exact, bool block)
{
	FILE *f = t->f;
	const struct scf_offcpu *o = c->offcpu;
	fprintf(f, ",\n{\"name\": \"%s\", \"cat\": \"offcpu\", \"ph\": \"X\"", name);
	print_us(f, "ts", (int64_t)(at - t->meta->start_time));
	print_us(f, "dur", (int64_t)dur);
	fprintf(f, ", \"pid\": %" PRId32 ", \"tid\": %" PRId32 ", \"args\": {\"position\": \"%s\"",
		c->pid, c->tid, exact ? "exact" : "estimated");
	if (block && o->switches > 1 && !(o->flags & SCF_OFFCPU_BLOCKED_AT_END))
		fprintf(f, ", \"longest_of\": %" PRIu32, o->switches);
	if (block && o->nkips)
		print_kstack(t, o);
	if (block && (o->flags & SCF_OFFCPU_WAKER)) {
		fprintf(f, ", \"waker\": {\"pid\": %" PRId32 ", \"tid\": %" PRId32 ", \"comm\": ",
			o->waker_pid, o->waker_tid);
		char comm[SCF_COMM_LEN * 4 + 1];
		textesc_buf(comm, sizeof(comm), o->waker_comm, 0);
		json_print_string(f, comm);
		fputc('}', f);
	} else if (block && (o->flags & SCF_OFFCPU_WAKER_IRQ)) {
		fputs(", \"waker\": \"interrupt\"", f);
	}
	fputs("}}", f);
}

/*
 * The slices of call c's time off the CPU, inside its event (from
 * c->start for dur ns), as far as the recording places them (trace.h).
 */
static void print_offcpu_slices(struct trace *t, const struct scf_call *c, uint64_t dur)
{
	const struct scf_offcpu *o = c->offcpu;
	if (!o || !o->switches || (!o->blocked && !o->runnable))
		return;
	uint64_t end = c->start + dur;
	if (o->flags & SCF_OFFCPU_BLOCKED_AT_END) {
		/* asleep at the end: only one sleep, the call's whole blocked
		 * time, runs from where it began to the end */
		if (o->switches == 1 && o->blocked && c->duration >= o->blocked &&
		    c->start + c->duration - o->blocked < end)
			print_offcpu(t, c, "blocked", c->start + c->duration - o->blocked,
				     end - (c->start + c->duration - o->blocked), true, true);
		return;
	}
	if (!timed(c) || o->blocked + o->runnable > dur)
		return;
	if (o->switches == 1) {
		/* one stretch off the CPU: asleep, then runnable (or only
		 * runnable: preempted).  A lost switch back ran to the exit;
		 * else its place is not recorded: the on-CPU time split
		 * evenly before and after it */
		bool lost = o->flags & SCF_OFFCPU_SWITCH_LOST;
		uint64_t off = o->blocked + o->runnable;
		uint64_t at = lost ? end - off : c->start + (dur - off) / 2;
		if (o->blocked)
			print_offcpu(t, c, "blocked", at, o->blocked, lost, true);
		if (o->runnable)
			print_offcpu(t, c, "runnable", at + o->blocked, o->runnable, lost, false);
		return;
	}
	/* several stretches: only the longest sleep is one, of known length
	 * and unknown place, drawn centred */
	if (o->longest && o->longest <= dur)
		print_offcpu(t, c, "blocked", c->start + (dur - o->longest) / 2, o->longest, false,
			     true);
}

/* The event of call c, which lasts dur ns; args its arguments' text. */
static void print_call(struct trace *t, const struct scf_call *c, const char *name,
		       const char *args, uint64_t dur)
{
	FILE *f = t->f;
	fputs(t->sep, f);
	t->sep = ",\n";
	fputs("{\"name\": ", f);
	json_print_string(f, name);
	fputs(", \"cat\": \"syscall\", \"ph\": \"X\"", f);
	print_us(f, "ts", (int64_t)(c->start - t->meta->start_time));
	print_us(f, "dur", (int64_t)dur);
	fprintf(f, ", \"pid\": %" PRId32 ", \"tid\": %" PRId32 ", \"args\": {", c->pid, c->tid);
	/* a call whose entry was not seen has no arguments */
	if (c->flags & SCF_CALL_NO_ENTER) {
		fputs("\"no_entry\": true", f);
	} else {
		fputs("\"args\": ", f);
		json_print_string(f, args);
	}
	if (c->flags & SCF_CALL_UNFINISHED) {
		fputs(", \"unfinished\": true", f);
	} else if (c->flags & SCF_CALL_NO_RETURN) {
		fputs(", \"ret\": \"?\", \"no_return\": true", f);
	} else {
		/* "3", "-1 ENOENT (No such file or directory)", "? ERESTARTSYS (...)" */
		char ret[128];
		argfmt_ret(name, c->ret, ret, sizeof(ret));
		char *sp = strchr(ret, ' ');
		if (sp)
			*sp++ = 0;
		json_print_member(f, "ret", ret);
		if (sp && sp[0] == 'E') {
			sp[strcspn(sp, " ")] = 0;
			json_print_member(f, "errno", sp);
		}
	}
	if (c->flags & SCF_CALL_ENTERED_BEFORE)
		fputs(", \"partial\": true", f);
	/* record --off-cpu: where the time of a timed call went */
	const struct scf_offcpu *o = c->offcpu;
	if ((t->meta->features & SCF_FEAT_OFFCPU) && timed(c)) {
		uint64_t b = o ? o->blocked : 0, r = o ? o->runnable : 0;
		fprintf(f,
			", \"oncpu_ns\": %" PRIu64 ", \"blocked_ns\": %" PRIu64
			", \"runnable_ns\": %" PRIu64 ", \"switches\": %" PRIu32,
			b + r <= c->duration ? c->duration - b - r : 0, b, r, o ? o->switches : 0);
	}
	if (o && (o->flags & SCF_OFFCPU_BLOCKED_AT_END) && o->nkips)
		print_kstack(t, o); /* where it sleeps at the end */
	fputs("}}", f);
	if (t->meta->features & SCF_FEAT_OFFCPU)
		print_offcpu_slices(t, c, dur);
}

int trace_call(struct trace *t, const struct scf_call *c, const char *name)
{
	if (see_thread(t, c->pid, c->tid))
		return -ENOMEM;
	if (t->no_args) {
		strcpy(t->args, "...");
	} else {
		struct argfmt_call call = {
			.captures = c->captures,
			.ncaptures = c->ncaptures,
			.returned = !(c->flags & (SCF_CALL_UNFINISHED | SCF_CALL_NO_RETURN)),
			.ret = c->ret,
		};
		argfmt_call_args(name, c->args, &call, t->args, sizeof(t->args));
	}
	if (c->flags & SCF_CALL_UNFINISHED) {
		/* its end is the recording's, known at the end */
		if (GROW(t->open, t->nopen + 1, t->open_cap))
			return -ENOMEM;
		struct open_call *o = &t->open[t->nopen];
		o->call = *c;
		o->call.ips = NULL, o->call.nips = 0;
		o->call.regs = NULL, o->call.nregs = 0;
		o->call.stack = NULL, o->call.stack_size = 0;
		o->call.captures = NULL, o->call.ncaptures = 0;
		o->call.ncounters = 0;
		o->name = strdup(name);
		o->args = strdup(t->args);
		o->kips = NULL;
		o->has_off = c->offcpu != NULL;
		bool nomem = false;
		if (c->offcpu) {
			/* the reader's buffer moves on: keep a copy */
			o->off = *c->offcpu;
			o->call.offcpu = &o->off;
			if (o->off.nkips && (o->kips = malloc(o->off.nkips * sizeof(*o->kips))))
				memcpy(o->kips, o->off.kips, o->off.nkips * sizeof(*o->kips));
			nomem = o->off.nkips && !o->kips;
			o->off.kips = o->kips;
		}
		if (!o->name || !o->args || nomem) {
			free(o->name);
			free(o->args);
			free(o->kips);
			return -ENOMEM;
		}
		t->nopen++;
		return 0;
	}
	uint64_t dur = c->flags & (SCF_CALL_NO_ENTER | SCF_CALL_NO_RETURN) ? 0 : c->duration;
	print_call(t, c, name, t->args, dur);
	return 0;
}

/* A metadata event naming process pid or its thread tid. */
static void print_name(struct trace *t, const char *what, int32_t pid, int32_t tid,
		       const char *comm)
{
	char name[SCF_COMM_LEN * 4 + 1];
	textesc_buf(name, sizeof(name), comm ? comm : "?", 0);
	fprintf(t->f, "%s{\"name\": \"%s\", \"ph\": \"M\", \"pid\": %" PRId32 ", \"tid\": %" PRId32
		      ", \"args\": {\"name\": ",
		t->sep, what, pid, tid);
	json_print_string(t->f, name);
	fputs("}}", t->f);
	t->sep = ",\n";
}

static int cmp_thread(const void *a, const void *b)
{
	const struct thread_slot *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

int trace_finish(struct trace *t, uint64_t end_time, const struct tasks *tasks)
{
	for (size_t i = 0; i < t->nopen; i++) {
		struct scf_call *c = &t->open[i].call;
		c->offcpu = t->open[i].has_off ? &t->open[i].off : NULL;
		print_call(t, c, t->open[i].name, t->open[i].args,
			   end_time > c->start ? end_time - c->start : 0);
	}
	/* the threads seen, by process: the process's name, then each thread's */
	size_t n = 0;
	struct thread_slot *v = malloc((t->nthreads ? t->nthreads : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < t->thread_slots; i++)
		if (t->threads[i].used)
			v[n++] = t->threads[i];
	qsort(v, n, sizeof(*v), cmp_thread);
	for (size_t i = 0; i < n; i++) {
		if (!i || v[i].pid != v[i - 1].pid)
			print_name(t, "process_name", v[i].pid, v[i].pid,
				   tasks_process_comm(tasks, v[i].pid));
		print_name(t, "thread_name", v[i].pid, v[i].tid, tasks_comm(tasks, v[i].tid));
	}
	free(v);
	fputs("\n],\n\"displayTimeUnit\": \"ns\"}\n", t->f);
	return 0;
}
