/*
 * walk.c - every reader call on one recording, every byte touched; see
 * walk.h.
 */
#include <string.h>

#include "formats/scf.h"
#include "tests/unit/walk.h"

static uint64_t touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = s * 31 + b[i];
	return s;
}

static uint64_t touch_string(const char *s)
{
	return s ? touch(s, strlen(s) + 1) : 0;
}

static uint64_t walk_meta(const struct scf_meta *m)
{
	uint64_t s = touch_string(m->recorder) + touch_string(m->hostname) +
		     touch_string(m->kernel_release) + touch_string(m->arch) +
		     touch_string(m->options) + touch_string(m->filter);
	s += m->ncpus + m->clockid + m->start_time + m->start_realtime + m->target + m->features;
	for (uint32_t i = 0; i < m->argc; i++)
		s += touch_string(m->argv[i]);
	if (m->argv && m->argv[m->argc])
		s += 1; /* must be NULL: reading it is the test */
	s += touch(m->pids, m->npids * sizeof(*m->pids));
	for (uint32_t i = 0; i < m->nsyscalls; i++) {
		s += (uint64_t)m->syscalls[i].nr + touch_string(m->syscalls[i].name);
		s += touch_string(scf_meta_syscall_name(m, m->syscalls[i].nr));
	}
	s += touch_string(scf_meta_syscall_name(m, 0)) + touch_string(scf_meta_syscall_name(m, -1));
	return s;
}

static uint64_t walk_event(const struct scf_meta *m, const struct scf_event *ev)
{
	uint64_t s = ev->time + ev->type;
	switch (ev->type) {
	case SCF_EV_CALL: {
		const struct scf_call *c = &ev->call;
		s += c->start + c->duration + (uint64_t)c->pid + (uint64_t)c->tid + c->cpu +
		     c->flags + (uint64_t)c->ret + touch(c->args, sizeof(c->args));
		s += touch_string(scf_meta_syscall_name(m, c->nr));
		s += touch(c->ips, c->nips * sizeof(*c->ips));
		s += c->regs_mask + touch(c->regs, c->nregs * sizeof(*c->regs));
		s += touch(c->stack, c->stack_size);
		for (uint32_t i = 0; i < c->ncaptures; i++) {
			const struct scf_capture *cap = &c->captures[i];
			s += cap->arg + cap->kind + cap->flags + touch(cap->data, cap->len);
			s += touch_string(scf_capture_kind_name(cap->kind));
		}
		break;
	}
	case SCF_EV_COMM:
		s += touch_string(ev->comm.comm) + ev->comm.exec;
		break;
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
		s += touch(&ev->task, sizeof(ev->task));
		break;
	case SCF_EV_MMAP:
		s += ev->mmap.addr + ev->mmap.len + ev->mmap.pgoff + ev->mmap.prot + ev->mmap.flags;
		s += touch(ev->mmap.build_id, ev->mmap.build_id_size);
		s += touch_string(ev->mmap.filename);
		break;
	case SCF_EV_LOST:
		s += ev->lost.cpu + ev->lost.count;
		break;
	case SCF_EV_CMDLINE:
		/* len bytes and the NUL the reader adds */
		s += touch(ev->cmdline.argv, ev->cmdline.len + 1);
		break;
	case SCF_EV_FD:
		/* len bytes and the NUL the reader adds */
		s += (uint64_t)ev->fd.pid + (uint64_t)ev->fd.fd + ev->fd.flags;
		s += touch(ev->fd.name, ev->fd.len + 1);
		break;
	}
	return s;
}

static uint64_t walk_symtab(const struct scf_symtab *t)
{
	uint64_t s = touch(t->build_id, t->build_id_size) + touch_string(t->path);
	s += t->e_type + t->load_vaddr + t->load_offset;
	for (uint64_t i = 0; i < t->nsyms; i++)
		s += t->syms[i].start + t->syms[i].size + touch_string(t->syms[i].name);
	struct scf_mmap mm = { .addr = 0x400000, .pgoff = 0x1000 };
	s += scf_symtab_addr(t, &mm, 0x401234);
	return s;
}

int walk_recording(const char *path, struct walk_result *res)
{
	struct walk_result w = { 0 };
	struct scf_reader *r;
	w.open_rc = scf_reader_open(path, &r);
	if (w.open_rc) {
		if (res)
			*res = w;
		return w.open_rc;
	}
	struct scf_header_info h;
	scf_reader_header(r, &h);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	const struct scf_meta *m = scf_reader_meta(r);
	w.sum = h.version + h.min_version + h.header_size + h.incompat + ci.offset + walk_meta(m);
	struct scf_event ev;
	while ((w.rc = scf_reader_next(r, &ev)) > 0) {
		scf_reader_chunk(r, &ci);
		w.sum += ci.index + walk_event(m, &ev);
		w.events++;
	}
	/* the end is sticky */
	if (scf_reader_next(r, &ev) != w.rc)
		__builtin_trap();
	w.offset = scf_reader_offset(r);
	w.truncated = scf_reader_truncated(r);
	const struct scf_trailer *t = scf_reader_trailer(r);
	if (t) {
		if (w.truncated)
			__builtin_trap();
		w.sum += t->end_time + t->samples + t->calls + t->lost;
		w.sum += touch(t->lost_per_cpu, t->ncpus * sizeof(*t->lost_per_cpu));
	}
	w.nsymtabs = scf_reader_nsymtabs(r);
	for (size_t i = 0; i < w.nsymtabs; i++) {
		w.sum += walk_symtab(scf_reader_symtab(r, i));
		scf_reader_symtab_chunk(r, i, &ci);
		w.sum += ci.offset;
	}
	if (scf_reader_symtab(r, w.nsymtabs))
		__builtin_trap();
	scf_reader_close(r);

	/* skipping the events agrees with reading them, where both work */
	if (scf_reader_open(path, &r))
		__builtin_trap();
	int rc = scf_reader_skip_events(r);
	if (w.rc == 0 && rc != 0)
		__builtin_trap();
	if (rc == 0 && w.rc == 0 &&
	    (scf_reader_nsymtabs(r) != w.nsymtabs || scf_reader_truncated(r) != w.truncated))
		__builtin_trap();
	scf_reader_close(r);
	if (res)
		*res = w;
	return 0;
}
