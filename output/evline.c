/*
 * evline.c - events as strace-style lines (see evline.h).
 */
#include "output/evline.h"

#include <inttypes.h>
#include <stdio.h>

#include "analysis/humantime.h"
#include "output/textesc.h"
#include "syscalls/argfmt.h"
#include "syscalls/strfmt.h"

uint64_t evline_realtime(const struct scf_meta *m, uint64_t t)
{
	if (t >= m->start_time)
		return m->start_realtime + (t - m->start_time);
	uint64_t back = m->start_time - t;
	return back < m->start_realtime ? m->start_realtime - back : 0;
}

/* Append to buf, keeping pos the length the whole line would have. */
#define APPEND(...)                                                                                \
	(pos += snprintf((size_t)pos < len ? buf + pos : NULL,                                     \
			 (size_t)pos < len ? len - (size_t)pos : 0, __VA_ARGS__))

int evline_call(char *buf, size_t len, const struct scf_meta *m, const struct scf_call *c,
		const char *name, bool no_args, const struct evline_fds *fds)
{
	int pos = 0;
	char clock[32], args[8192], ret[128];
	bool no_enter = c->flags & SCF_CALL_NO_ENTER;
	struct argfmt_call call = {
		.captures = c->captures,
		.ncaptures = c->ncaptures,
		.returned = !(c->flags & (SCF_CALL_UNFINISHED | SCF_CALL_NO_RETURN)),
		.ret = c->ret,
		.fd_name = fds ? fds->name : NULL,
		.fd_ctx = fds ? fds->ctx : NULL,
	};
	humantime_clock(clock, sizeof(clock), evline_realtime(m, c->start));
	APPEND("%s [%" PRId32 " %" PRId32 "] ", clock, c->pid, c->tid);
	if (no_args)
		snprintf(args, sizeof(args), "...");
	else
		argfmt_call_args(name, c->args, &call, args, sizeof(args));
	if (no_enter)
		APPEND("<... %s resumed>)", name);
	else
		APPEND("%s(%s", name, args);
	if (c->flags & SCF_CALL_UNFINISHED) {
		APPEND(" <unfinished ...>");
		return pos;
	}
	if (!no_enter)
		APPEND(")");
	if (c->flags & SCF_CALL_NO_RETURN) {
		APPEND(" = ?");
		return pos;
	}
	argfmt_ret(name, c->ret, ret, sizeof(ret));
	APPEND(" = %s", ret);
	if (fds && fds->ret_name && c->ret >= 0) {
		/* escaped as the descriptors of the arguments (strace -y) */
		char esc[4 * 4096 + 1];
		struct strfmt_text t = { esc, sizeof(esc), 0 };
		strfmt_fdname(&t, fds->ret_name);
		strfmt_end(&t);
		APPEND("<%s>", esc);
	}
	/* entered before recording: the time is a lower bound */
	if (!no_enter)
		APPEND(" <%s%" PRIu64 ".%06" PRIu64 ">",
		       c->flags & SCF_CALL_ENTERED_BEFORE ? "partial, at least " : "",
		       c->duration / 1000000000u, c->duration % 1000000000u / 1000);
	/* record --counters: " {page-faults=1000 context-switches=0}", a
	 * scaled (multiplexed) value marked '*' */
	for (uint32_t i = 0; i < c->ncounters && i < m->ncounters; i++) {
		char cname[96];
		textesc_buf(cname, sizeof(cname), m->counters[i].name, 0);
		APPEND("%s%s=%" PRIu64 "%s%s", i ? " " : " {", cname, c->counters[i],
		       i < 32 && (c->counters_scaled >> i & 1) ? "*" : "",
		       i + 1 == c->ncounters ? "}" : "");
	}
	return pos;
}

int evline_task(char *buf, size_t len, const struct scf_meta *m, const struct scf_event *ev)
{
	char clock[32];
	humantime_clock(clock, sizeof(clock), evline_realtime(m, ev->time));
	switch (ev->type) {
	case SCF_EV_FORK:
		if (ev->task.pid == ev->task.tid)
			return snprintf(buf, len,
					"%s [%" PRId32 " %" PRId32 "] +++ forked process %" PRId32 " +++",
					clock, ev->task.ppid, ev->task.ptid, ev->task.pid);
		return snprintf(buf, len,
				"%s [%" PRId32 " %" PRId32 "] +++ created thread %" PRId32 " +++",
				clock, ev->task.ppid, ev->task.ptid, ev->task.tid);
	case SCF_EV_EXIT:
		return snprintf(buf, len, "%s [%" PRId32 " %" PRId32 "] +++ %s +++", clock,
				ev->task.pid, ev->task.tid,
				ev->task.pid == ev->task.tid ? "exited" : "thread exited");
	case SCF_EV_COMM: {
		char comm[SCF_COMM_LEN * 4 + 1]; /* each byte at most \ooo */
		textesc_buf(comm, sizeof(comm), ev->comm.comm, 0);
		return snprintf(buf, len, "%s [%" PRId32 " %" PRId32 "] +++ %s %s +++", clock,
				ev->comm.pid, ev->comm.tid, ev->comm.exec ? "exec" : "renamed",
				comm);
	}
	case SCF_EV_LOST:
		return snprintf(buf, len, "%s +++ lost %" PRIu64 " events on cpu %" PRIu32 " +++",
				clock, ev->lost.count, ev->lost.cpu);
	default:
		if (len)
			buf[0] = '\0';
		return 0;
	}
}
