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

void trace_free(struct trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nopen; i++) {
		free(t->open[i].name);
		free(t->open[i].args);
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
	fputs("}}", f);
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
		if (!o->name || !o->args) {
			free(o->name);
			free(o->args);
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
		const struct scf_call *c = &t->open[i].call;
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
