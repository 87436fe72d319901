/*
 * dump.c - `scprof dump`: print a recording as it is stored, one record a
 * line: the header, the metadata, each chunk's framing and every event,
 * the symbol tables, then the trailer (or that the file was cut short).
 * Times are raw, ns on the recording clock printed as seconds.  A call is
 * named from the recording's own syscall table, and its arguments and
 * return value are printed the strace way (syscalls/argfmt.h) by that
 * name; stacks print as addresses, unsymbolized.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "formats/scf.h"
#include "output/dump.h"
#include "syscalls/argfmt.h"

/* 'text' with C escapes for quotes, backslashes and unprintable bytes. */
static void print_quoted(FILE *f, const char *s, size_t n)
{
	fputc('\'', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\'' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (isprint(c))
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fputc('\'', f);
}

static void print_string(FILE *f, const char *s)
{
	if (s)
		print_quoted(f, s, strlen(s));
	else
		fputs("(none)", f);
}

/* NUL-ended arguments as 'a' 'b' 'c'. */
static void print_argv(FILE *f, const char *argv, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t n = strnlen(argv + i, len - i);
		if (i)
			fputc(' ', f);
		print_quoted(f, argv + i, n);
		i += n + 1;
	}
}

static void print_build_id(FILE *f, const uint8_t *id, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		fprintf(f, "%02x", id[i]);
	if (!size)
		fputs("(none)", f);
}

static void print_time(FILE *f, uint64_t ns)
{
	fprintf(f, "%" PRIu64 ".%09" PRIu64, ns / 1000000000, ns % 1000000000);
}

static void print_meta(FILE *f, const struct scf_meta *m)
{
	fprintf(f, "meta:\n  recorder       ");
	print_string(f, m->recorder);
	fprintf(f, "\n  hostname       ");
	print_string(f, m->hostname);
	fprintf(f, "\n  kernel_release ");
	print_string(f, m->kernel_release);
	fprintf(f, "\n  arch           ");
	print_string(f, m->arch);
	fprintf(f, "\n  ncpus          %" PRIu32 "\n", m->ncpus);
	fprintf(f, "  clockid        %" PRIu32 "%s\n", m->clockid,
	       m->clockid == 1 ? " (CLOCK_MONOTONIC)" : "");
	fprintf(f, "  start_time     ");
	print_time(f, m->start_time);
	fprintf(f, "\n  start_realtime ");
	print_time(f, m->start_realtime);
	const char *target = scf_target_name(m->target);
	fprintf(f, "\n  target         %d (%s)\n", (int)m->target, target ? target : "unknown");
	fprintf(f, "  argv          ");
	for (uint32_t i = 0; i < m->argc; i++) {
		fputc(' ', f);
		print_string(f, m->argv[i]);
	}
	if (!m->argc)
		fprintf(f, " (none)");
	fprintf(f, "\n  pids          ");
	for (uint32_t i = 0; i < m->npids; i++)
		fprintf(f, " %" PRId32, m->pids[i]);
	if (!m->npids)
		fprintf(f, " (none)");
	fprintf(f, "\n  options        ");
	print_string(f, m->options);
	fprintf(f, "\n  filter         ");
	if (m->filter)
		print_string(f, m->filter);
	else
		fputs("(all)", f);
	fprintf(f, "\n  features       0x%" PRIx64 "%s%s%s%s%s\n", m->features,
	       m->features & SCF_FEAT_CALLCHAIN ? " callchain" : "",
	       m->features & SCF_FEAT_NO_ARGS ? " no-args" : "",
	       m->features & SCF_FEAT_CAPTURES ? " captures" : "",
	       m->features & SCF_FEAT_COUNTERS ? " counters" : "",
	       m->features & SCF_FEAT_OFFCPU ? " off-cpu" : "");
	if (m->kallsyms)
		fprintf(f, "  kallsyms       %" PRIu32 " (%s)\n", m->kallsyms,
			m->kallsyms == SCF_KALLSYMS_READ ? "read"
			: m->kallsyms == SCF_KALLSYMS_HIDDEN ? "hidden" : "?");
	for (uint32_t i = 0; i < m->ncounters; i++) {
		const struct scf_counter *c = &m->counters[i];
		fprintf(f, "  counter %-6" PRIu32 " ", i);
		print_string(f, c->name);
		fprintf(f, " type %" PRIu32 " config 0x%" PRIx64 " config1 0x%" PRIx64
			   " config2 0x%" PRIx64 "\n",
			c->type, c->config, c->config1, c->config2);
	}
	const char *kind = scf_recorder_kind_name(m->recorder_kind);
	fprintf(f, "  recorder_kind  %" PRIu32 " (%s)\n", m->recorder_kind, kind ? kind : "unknown");
	if (m->stack_every > 1)
		fprintf(f, "  stack_every    %" PRIu32 "\n", m->stack_every);
	fprintf(f, "  syscalls       %" PRIu32 " names", m->nsyscalls);
	if (m->nsyscalls)
		fprintf(f, ", %" PRId32 " %s .. %" PRId32 " %s", m->syscalls[0].nr,
		       m->syscalls[0].name, m->syscalls[m->nsyscalls - 1].nr,
		       m->syscalls[m->nsyscalls - 1].name);
	fputc('\n', f);
}

static const char *chunk_type_name(uint8_t type)
{
	switch (type) {
	case SCF_CHUNK_META:
		return "META";
	case SCF_CHUNK_EVENTS:
		return "EVENTS";
	case SCF_CHUNK_TRAILER:
		return "TRAILER";
	case SCF_CHUNK_SYMBOLS:
		return "SYMBOLS";
	case SCF_CHUNK_KSYMS:
		return "KSYMS";
	case SCF_CHUNK_FDS:
		return "FDS";
	}
	return "UNKNOWN";
}

static void print_chunk(FILE *f, const struct scf_chunk_info *ci)
{
	fprintf(f, "chunk %" PRIu64 " %s at offset %" PRIu64 ": csize %" PRIu32 " rsize %" PRIu32
	       " %s %" PRIu32,
	       ci->index, chunk_type_name(ci->type), ci->offset, ci->csize, ci->rsize,
	       ci->type == SCF_CHUNK_EVENTS || ci->type == SCF_CHUNK_FDS ? "records" : "fields",
	       ci->count);
	if (ci->type == SCF_CHUNK_EVENTS || ci->type == SCF_CHUNK_FDS) {
		fprintf(f, " time ");
		print_time(f, ci->first_time);
		fprintf(f, " .. ");
		print_time(f, ci->last_time);
	}
	fputc('\n', f);
}

static void print_call_flags(FILE *f, uint32_t flags)
{
	static const char *const names[] = { "NO_ENTER", "NO_RETURN", "UNFINISHED",
					      "ENTERED_BEFORE" };
	if (!flags)
		return;
	fprintf(f, " flags ");
	const char *sep = "";
	for (unsigned i = 0; i < 4; i++) {
		if (flags & (1u << i)) {
			fprintf(f, "%s%s", sep, names[i]);
			sep = "|";
		}
	}
	if (flags >> 4)
		fprintf(f, "%s0x%" PRIx32, sep, flags & ~0xfu);
}

/* " capture 1 path 'x' at-exit", " capture 1 sockaddr 02000050...",
 * " capture 1 iov 0010...",
 * " capture 1 data 'hello\n' truncated", " capture 0 path fault" */
static void print_captures(FILE *f, const struct scf_call *c)
{
	static const char *const flag_names[] = { "truncated", "fault", "at-exit" };
	for (uint32_t i = 0; i < c->ncaptures; i++) {
		const struct scf_capture *cap = &c->captures[i];
		const char *kind = scf_capture_kind_name(cap->kind);
		fprintf(f, " capture %u %s", cap->arg, kind ? kind : "?");
		if (cap->kind == SCF_CAP_SOCKADDR || cap->kind == SCF_CAP_IOV ||
		    cap->kind == SCF_CAP_MSGHDR || cap->kind == SCF_CAP_MMSGHDR) {
			fputc(' ', f);
			for (uint32_t k = 0; k < cap->len; k++)
				fprintf(f, "%02x", cap->data[k]);
		} else if (!(cap->flags & SCF_CAP_FAULT)) {
			fputc(' ', f);
			print_quoted(f, (const char *)cap->data, cap->len);
		}
		for (unsigned b = 0; b < 3; b++)
			if (cap->flags & (1u << b))
				fprintf(f, " %s", flag_names[b]);
	}
}

/* " read(3, 0x7ffd..., 4096) = 4096 dur 1234 flags ... callchain ... ustack ..." */
static void print_call(FILE *f, const struct scf_meta *m, const struct scf_call *c)
{
	const char *name = scf_meta_syscall_name(m, c->nr);
	bool named = name && *name;
	char text[512];
	fprintf(f, " CALL pid %" PRId32 " tid %" PRId32 " cpu %" PRIu32 " nr %" PRId32 " %s(", c->pid,
	       c->tid, c->cpu, c->nr, named ? name : "?");
	if (m->features & SCF_FEAT_NO_ARGS) {
		fputs("...", f);
	} else {
		/* an unnamed number gets its six arguments in hex */
		argfmt_args(named ? name : "", c->args, text, sizeof(text));
		fputs(text, f);
	}
	if (c->flags & (SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED)) {
		fprintf(f, ") = ?");
	} else {
		argfmt_ret(named ? name : "", c->ret, text, sizeof(text));
		fprintf(f, ") = %s", text);
	}
	fprintf(f, " dur %" PRIu64, c->duration);
	print_call_flags(f, c->flags);
	if (c->nips) {
		fprintf(f, " callchain");
		for (uint32_t i = 0; i < c->nips; i++)
			fprintf(f, " 0x%" PRIx64, c->ips[i]);
	}
	if (c->nregs || c->stack_size)
		fprintf(f, " ustack regs %" PRIu32 " (mask 0x%" PRIx64 ") stack %" PRIu32 " bytes",
		       c->nregs, c->regs_mask, c->stack_size);
	print_captures(f, c);
	/* " counters 6400 5*": * marks a scaled (multiplexed) value */
	if (c->ncounters)
		fputs(" counters", f);
	for (uint32_t i = 0; i < c->ncounters; i++)
		fprintf(f, " %" PRIu64 "%s", c->counters[i],
			i < 32 && (c->counters_scaled >> i & 1) ? "*" : "");
	const struct scf_offcpu *o = c->offcpu;
	if (o) {
		fprintf(f, " offcpu switches %" PRIu32 " blocked %" PRIu64 " runnable %" PRIu64
			   " longest %" PRIu64 " flags 0x%" PRIx32,
			o->switches, o->blocked, o->runnable, o->longest, o->flags);
		if (o->flags & SCF_OFFCPU_WAKER) {
			fprintf(f, " waker %" PRId32 "/%" PRId32 " ", o->waker_pid, o->waker_tid);
			print_string(f, o->waker_comm);
		}
		if (o->nkips)
			fputs(" kstack", f);
		for (uint32_t i = 0; i < o->nkips; i++)
			fprintf(f, " 0x%" PRIx64, o->kips[i]);
	}
}

static void print_event(FILE *f, const struct scf_meta *m, const struct scf_event *ev)
{
	fprintf(f, "  ");
	print_time(f, ev->time);
	switch (ev->type) {
	case SCF_EV_CALL:
		print_call(f, m, &ev->call);
		break;
	case SCF_EV_COMM:
		fprintf(f, " COMM pid %" PRId32 " tid %" PRId32 " comm ", ev->comm.pid, ev->comm.tid);
		print_string(f, ev->comm.comm);
		if (ev->comm.exec)
			fprintf(f, " exec");
		break;
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
		fprintf(f, " %s pid %" PRId32 " ppid %" PRId32 " tid %" PRId32 " ptid %" PRId32,
		       ev->type == SCF_EV_FORK ? "FORK" : "EXIT", ev->task.pid, ev->task.ppid,
		       ev->task.tid, ev->task.ptid);
		break;
	case SCF_EV_MMAP: {
		const struct scf_mmap *mm = &ev->mmap;
		fprintf(f, " MMAP pid %" PRId32 " tid %" PRId32 " addr 0x%" PRIx64 " len 0x%" PRIx64
		       " pgoff 0x%" PRIx64 " prot 0x%" PRIx32 " flags 0x%" PRIx32,
		       mm->pid, mm->tid, mm->addr, mm->len, mm->pgoff, mm->prot, mm->flags);
		if (mm->build_id_size) {
			fprintf(f, " build_id ");
			print_build_id(f, mm->build_id, mm->build_id_size);
		}
		fprintf(f, " file ");
		print_string(f, mm->filename);
		break;
	}
	case SCF_EV_LOST:
		fprintf(f, " LOST cpu %" PRIu32 " count %" PRIu64, ev->lost.cpu, ev->lost.count);
		break;
	case SCF_EV_CMDLINE:
		fprintf(f, " CMDLINE pid %" PRId32 " argv ", ev->cmdline.pid);
		print_argv(f, ev->cmdline.argv, ev->cmdline.len);
		break;
	case SCF_EV_FD:
		/* " FD pid 42 fd 3 '/tmp/x' cloexec", the working directory as "fd cwd" */
		if (ev->fd.fd == SCF_FD_CWD)
			fprintf(f, " FD pid %" PRId32 " fd cwd ", ev->fd.pid);
		else
			fprintf(f, " FD pid %" PRId32 " fd %" PRId32 " ", ev->fd.pid, ev->fd.fd);
		print_string(f, ev->fd.name);
		if (ev->fd.flags & SCF_FD_CLOEXEC)
			fprintf(f, " cloexec");
		break;
	}
	fputc('\n', f);
}

static const char *e_type_name(uint16_t t)
{
	switch (t) {
	case 1:
		return "REL";
	case 2:
		return "EXEC";
	case 3:
		return "DYN";
	case 4:
		return "CORE";
	}
	return "?";
}

/* Symbol tables from..to-1 of the reader, each with its chunk. */
static void print_symtabs(FILE *f, const struct scf_reader *r, size_t from, size_t to, bool all)
{
	for (size_t i = from; i < to; i++) {
		const struct scf_symtab *t = scf_reader_symtab(r, i);
		struct scf_chunk_info ci;
		scf_reader_symtab_chunk(r, i, &ci);
		print_chunk(f, &ci);
		fprintf(f, "symbols: ");
		print_string(f, t->path);
		fprintf(f, " build_id ");
		print_build_id(f, t->build_id, t->build_id_size);
		fprintf(f, " e_type %u (%s) load_vaddr 0x%" PRIx64 " load_offset 0x%" PRIx64
		       " %" PRIu64 " symbols\n",
		       t->e_type, e_type_name(t->e_type), t->load_vaddr, t->load_offset, t->nsyms);
		for (uint64_t k = 0; all && k < t->nsyms; k++) {
			fprintf(f, "  0x%" PRIx64 " size 0x%" PRIx64 " ", t->syms[k].start,
			       t->syms[k].size);
			print_string(f, t->syms[k].name);
			fputc('\n', f);
		}
	}
}

static void print_trailer(FILE *f, const struct scf_trailer *t)
{
	fprintf(f, "trailer:\n  end_time       ");
	print_time(f, t->end_time);
	fprintf(f, "\n  samples        %" PRIu64 "\n", t->samples);
	fprintf(f, "  calls          %" PRIu64 "\n", t->calls);
	fprintf(f, "  lost           %" PRIu64 "\n", t->lost);
	fprintf(f, "  lost_per_cpu  ");
	for (uint32_t i = 0; i < t->ncpus; i++)
		fprintf(f, " %" PRIu64, t->lost_per_cpu[i]);
	if (!t->ncpus)
		fprintf(f, " (none)");
	fputc('\n', f);
}

int dump_print(FILE *f, struct scf_reader *r, const char *path, bool all_symbols)
{
	struct scf_header_info h;
	int err;
	scf_reader_header(r, &h);
	fprintf(f, "file: ");
	print_string(f, path);
	fprintf(f, "\nheader: version %u min_version %u header_size %" PRIu32 " incompat 0x%" PRIx64
	       "\n",
	       h.version, h.min_version, h.header_size, h.incompat);
	const struct scf_meta *m = scf_reader_meta(r);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	print_chunk(f, &ci);
	print_meta(f, m);

	uint64_t index = ci.index, events = 0;
	size_t nsymtabs = 0;
	struct scf_event ev;
	while ((err = scf_reader_next(r, &ev)) > 0) {
		/* symbol tables read on the way to this event's chunk */
		print_symtabs(f, r, nsymtabs, scf_reader_nsymtabs(r), all_symbols);
		nsymtabs = scf_reader_nsymtabs(r);
		scf_reader_chunk(r, &ci);
		if (ci.index != index) {
			index = ci.index;
			print_chunk(f, &ci);
		}
		print_event(f, m, &ev);
		events++;
	}
	print_symtabs(f, r, nsymtabs, scf_reader_nsymtabs(r), all_symbols);
	if (err < 0)
		return err;
	size_t nk = scf_reader_nksyms(r);
	if (nk) {
		fprintf(f, "kernel symbols: %zu\n", nk);
		const struct scf_ksym *k = scf_reader_ksyms(r);
		for (size_t i = 0; all_symbols && i < nk; i++) {
			fprintf(f, "  0x%" PRIx64 " size 0x%" PRIx64 " ", k[i].start, k[i].size);
			print_string(f, k[i].name);
			if (k[i].module[0]) {
				fputs(" [", f);
				print_string(f, k[i].module);
				fputc(']', f);
			}
			fputc('\n', f);
		}
	}
	const struct scf_trailer *t = scf_reader_trailer(r);
	if (t) {
		scf_reader_chunk(r, &ci);
		print_chunk(f, &ci);
		print_trailer(f, t);
		fprintf(f, "end: %" PRIu64 " events, complete\n", events);
	} else {
		fprintf(f, "end: %" PRIu64 " events, truncated at offset %" PRIu64
		       " (no trailer: the recorder was stopped before it finished)\n",
		       events, scf_reader_offset(r));
	}
	return 0;
}

